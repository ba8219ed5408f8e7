/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP options as tshark 4.0 shows them (each a "protocol in name only" node, its Info text, the
 * label limit of the Options line) and the MPTCP option with its analysis subtree. On the first
 * pass the window scale and SACK blocks are kept for the sequence analysis. */
#include "tcp-private.h"

static int proto_mptcp = -1;
static int proto_opt_nop = -1, proto_opt_eol = -1, proto_opt_mss = -1, proto_opt_wscale = -1;
static int proto_opt_sack_perm = -1, proto_opt_sack = -1, proto_opt_ts = -1, proto_opt_echo = -1;
static int proto_opt_echoreply = -1, proto_opt_md5 = -1, proto_opt_user_to = -1, proto_opt_tfo = -1;
static int proto_opt_exp = -1, proto_opt_unknown = -1;
static int hf_option_kind = -1, hf_option_len = -1, hf_mss_val = -1, hf_wscale_shift = -1, hf_wscale_mult = -1;
static int hf_sack_le = -1, hf_sack_re = -1, hf_sack_count = -1, hf_dsack_le = -1, hf_dsack_re = -1;
static int hf_echo = -1, hf_tsval = -1, hf_tsecr = -1, hf_tfo_request = -1, hf_tfo_cookie = -1;
static int hf_md5_digest = -1, hf_user_to_gran = -1, hf_user_to_val = -1, hf_exp_data = -1;
static int hf_exp_exid = -1, hf_unknown_payload = -1;
static int ei_tfo_syn = -1, ei_mss_present = -1, ei_mss_absent = -1, ei_dsack = -1, ei_nop = -1;
static int ei_nonzero_pad = -1;
static int hf_mp_subtype = -1, hf_mp_version = -1, hf_mp_flags = -1, hf_mp_sendkey = -1;
static int hf_mp_recvkey = -1, hf_mp_datalvllen = -1, hf_mp_rst_reason = -1, hf_mp_flag_u = -1;
static int hf_mp_flag_v = -1, hf_mp_flag_w = -1, hf_mp_flag_t = -1, hf_mp_addrid = -1;
static int hf_mp_stream = -1, hf_mp_analysis = -1, hf_mp_master = -1, hf_mp_subflows = -1;
static int hf_mp_expected_token = -1, hf_mp_expected_idsn = -1, hf_mp_checksum_flag = -1;
static int hf_mp_ext_flag = -1, hf_mp_nomore_flag = -1, hf_mp_sha1_flag = -1, hf_mp_sha256_flag = -1;
static int hf_mp_reserved_flag = -1;

/* ---- Options ---- */

static const WlValueString option_kind_vals[] = {
  { 0, "End of Option List" }, { 1, "No-Operation" }, { 2, "Maximum Segment Size" },
  { 3, "Window Scale" }, { 4, "SACK Permitted" }, { 5, "SACK" }, { 6, "Echo" },
  { 7, "Echo Reply" }, { 8, "Time Stamp Option" }, { 9, "Partial Order Connection Permitted" },
  { 10, "Partial Order Service Profile" }, { 11, "CC" }, { 12, "CC.NEW" }, { 13, "CC.ECHO" },
  { 14, "TCP Alternate Checksum Request" }, { 15, "TCP Alternate Checksum Data" },
  { 16, "Skeeter" }, { 17, "Bubba" }, { 18, "Trailer Checksum Option" },
  { 19, "MD5 Signature Option" }, { 20, "SCPS Capabilities" },
  { 21, "Selective Negative Acknowledgements" }, { 22, "Record Boundaries" },
  { 23, "Corruption experienced" }, { 24, "SNAP" }, { 25, "Unassigned" },
  { 26, "TCP Compression Filter" }, { 27, "Quick-Start Response" }, { 28, "User Timeout Option" },
  { 29, "The TCP Authentication Option" }, { 30, "Multipath TCP" },
  { 34, "TCP Fast Open Cookie" }, { 76, "Riverbed Probe" }, { 78, "Riverbed Transparency" },
  { 172, "Accurate ECN Order 0" }, { 174, "Accurate ECN Order 1" },
  { 253, "RFC3692-style Experiment 1" }, { 254, "RFC3692-style Experiment 2" },
  { 0, NULL }
};

static const WlValueString mptcp_subtype_vals[] = {
  { 0, "Multipath Capable" }, { 1, "Join Connection" }, { 2, "Data Sequence Signal" },
  { 3, "Add Address" }, { 4, "Remove Address" }, { 5, "Change Subflow Priority" },
  { 6, "TCP Fallback" }, { 7, "Fast Close" }, { 8, "TCP Reset" }, { 0, NULL }
};

static const WlValueString mptcp_rst_reason_vals[] = {
  { 0, "Unspecified error" }, { 1, "MPTCP-specific error" }, { 2, "Lack of resources" },
  { 3, "Administratively prohibited" }, { 4, "Too much outstanding data" },
  { 5, "Unacceptable performance" }, { 6, "Middlebox interference" }, { 0, NULL }
};




static void
opt_kind_len (WlPacket *p, WlNode *n, const WlView *ov, gboolean has_len)
{
  wl_add_item (p, n, hf_option_kind, ov, 0, 1, WL_ENC_BIG);
  if (has_len)
    wl_add_item (p, n, hf_option_len, ov, 1, 1, WL_ENC_BIG);
}

/* The token and initial data sequence number an MPTCP key stands for (RFC 8684 3.1): the
 * first 32 and the last 64 bits of its SHA-256 (version 1) or SHA-1 (version 0) hash. */
static void
mptcp_key_hash (guint64 key, gboolean sha256, guint32 *token, guint64 *idsn)
{
  guint8 be[8], digest[32];
  gsize dlen = sizeof digest;
  for (int i = 0; i < 8; i++)
    be[i] = (guint8) (key >> (56 - 8 * i));
  GChecksum *ck = g_checksum_new (sha256 ? G_CHECKSUM_SHA256 : G_CHECKSUM_SHA1);
  g_checksum_update (ck, be, 8);
  g_checksum_get_digest (ck, digest, &dlen);
  g_checksum_free (ck);
  *token = ((guint32) digest[0] << 24) | ((guint32) digest[1] << 16) | ((guint32) digest[2] << 8) | digest[3];
  *idsn = 0;
  for (gsize i = dlen - 8; i < dlen; i++)
    *idsn = (*idsn << 8) | digest[i];
}

static void
add_mptcp_key (WlPacket *p, WlNode *n, const WlView *ov, guint32 off, int hf, gboolean sha256, gboolean derived)
{
  wl_add_item (p, n, hf, ov, off, 8, WL_ENC_BIG);
  if (!derived || !(wl_wants (p, hf_mp_expected_token) || wl_wants (p, hf_mp_expected_idsn)))
    return;
  guint32 token;
  guint64 idsn;
  mptcp_key_hash (wl_view_ntoh64 (ov, off), sha256, &token, &idsn);
  wl_tcp_add_generated_uint (p, n, hf_mp_expected_token, ov, token);
  WlNode *e = wl_tcp_add_generated_uint (p, n, hf_mp_expected_idsn, ov, idsn);
  wl_node_set_label (p, e, "Subflow expected IDSN: %" G_GUINT64_FORMAT " (64bits version)", idsn);
}

static void
dissect_mptcp_option (WlPacket *p, WlNode *opts, const WlView *ov, guint32 optlen, OptCtx *oc)
{
  guint8 subtype = wl_view_u8 (ov, 2) >> 4;
  WlNode *n = wl_add_proto (p, opts, proto_mptcp, ov, 0, optlen);
  const char *sname = wl_value_string (mptcp_subtype_vals, subtype);
  wl_node_set_label (p, n, "Multipath Transmission Control Protocol: %s", sname ? sname : "Unknown");
  opt_kind_len (p, n, ov, TRUE);
  wl_col_set_protocol (p, "MPTCP");
  oc->mptcp = TRUE;
  wl_add_item (p, n, hf_mp_subtype, ov, 2, 1, WL_ENC_BIG);
  switch (subtype)
    {
    case 0: /* MP_CAPABLE */
      {
        guint8 version = wl_view_u8 (ov, 2) & 0x0f;
        wl_add_item (p, n, hf_mp_version, ov, 2, 1, WL_ENC_BIG);
        WlNode *fl = wl_add_item (p, n, hf_mp_flags, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_checksum_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_ext_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_nomore_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, version ? hf_mp_sha256_flag : hf_mp_sha1_flag, ov, 3, 1, WL_ENC_BIG);
        WlNode *r = wl_add_item (p, fl, hf_mp_reserved_flag, ov, 3, 1, WL_ENC_BIG);
        wl_node_set_label (p, r, "...%u %u%u%u. = Reserved: 0x%x", (wl_view_u8 (ov, 3) >> 4) & 1,
                           (wl_view_u8 (ov, 3) >> 3) & 1, (wl_view_u8 (ov, 3) >> 2) & 1,
                           (wl_view_u8 (ov, 3) >> 1) & 1, (wl_view_u8 (ov, 3) & 0x1e) >> 1);
        if (optlen >= 12)
          {
            add_mptcp_key (p, n, ov, 4, hf_mp_sendkey, version != 0, (oc->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) || optlen >= 20);
            oc->mptcp_capable = TRUE;
          }
        if (optlen >= 20)
          add_mptcp_key (p, n, ov, 12, hf_mp_recvkey, version != 0, FALSE);
        if (optlen >= 22)
          wl_add_item (p, n, hf_mp_datalvllen, ov, 20, 2, WL_ENC_BIG);
        break;
      }
    case 8: /* MP_TCPRST */
      {
        guint8 fb = wl_view_u8 (ov, 2);
        WlNode *fl = wl_add_item (p, n, hf_mp_flags, ov, 2, 1, WL_ENC_BIG);
        if (fb & 0x8)
          wl_node_append_label (p, fl, ", Flag U");
        if (fb & 0x4)
          wl_node_append_label (p, fl, ", Flag V");
        if (fb & 0x2)
          wl_node_append_label (p, fl, ", Flag W");
        if (fb & 0x1)
          wl_node_append_label (p, fl, ", Transient");
        wl_add_item (p, fl, hf_mp_flag_u, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_v, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_w, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_t, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, n, hf_mp_rst_reason, ov, 3, 1, WL_ENC_BIG);
        oc->mptcp_other = TRUE;
        break;
      }
    case 3: /* ADD_ADDR */
    case 4: /* REMOVE_ADDR */
      wl_add_item (p, n, hf_mp_addrid, ov, 3, 1, WL_ENC_BIG);
      oc->mptcp_other = TRUE;
      break;
    default:
      oc->mptcp_other = TRUE;
      break;
    }
}

/* Wireshark's tcp_dissect_options: the option nodes, their Info texts, and (first pass) the
 * window scale and SACK blocks the analysis keeps. Returns FALSE when an option was cut by the
 * capture: tshark's dissection of the segment stops there (its exception). */
gboolean
wl_tcp_dissect_options (WlPacket *p, WlNode *opts, const WlView *v, guint32 off, guint32 length, OptCtx *oc)
{
  gboolean eol_seen = FALSE, mss_seen = FALSE;
  guint nop_count = 0;
  while (length > 0)
    {
      if (!wl_view_has (v, off, 1))
        {
          p->is_truncated = TRUE;
          return FALSE;
        }
      guint8 kind = wl_view_u8 (v, off);
      if (eol_seen && kind != 0)
        {
          WlNode *pad = wl_add_text (p, opts, v, off, length, "Non-zero header padding");
          wl_tcp_add_expert (p, pad, ei_nonzero_pad, v, off, length, "Error", "Protocol", "Non-zero header padding");
          if (!wl_view_has (v, off, length))
            {
              p->is_truncated = TRUE;
              return FALSE;
            }
          return TRUE;
        }
      length--;
      if (kind == 1)
        {
          /* four NOPs in a row, counted as Wireshark does (alignment-aware) */
          if (nop_count == 0 || off % 4)
            {
              if (++nop_count == 4)
                wl_tcp_add_expert (p, opts, ei_nop, v, off, 1, "Warning", "Protocol",
                            "4 NOP in a row - a router may have removed some options");
            }
          else
            nop_count = 0;
        }
      if (kind == 0 || kind == 1)
        {
          WlView ov = wl_view_sub (v, off, 1);
          WlNode *n = wl_tcp_add_pino (p, opts, kind == 0 ? proto_opt_eol : proto_opt_nop, &ov, 0, 1);
          opt_kind_len (p, n, &ov, FALSE);
          g_string_append (oc->summary, kind == 0 ? ", End of Option List (EOL)" : ", No-Operation (NOP)");
          off++;
          if (kind == 0)
            eol_seen = TRUE;
          continue;
        }
      if (length == 0)
        return TRUE; /* length byte past end of options */
      if (!wl_view_has (v, off + 1, 1))
        {
          p->is_truncated = TRUE;
          return FALSE;
        }
      guint8 optlen = wl_view_u8 (v, off + 1);
      length--;
      if (optlen < 2 || (guint32) (optlen - 2) > length)
        return TRUE;
      WlView ov = wl_view_sub (v, off, optlen);
      if (!wl_view_has (v, off, optlen))
        {
          /* the option's node, kind and length, then the read past the capture */
          int proto = kind == 2 ? proto_opt_mss : kind == 3 ? proto_opt_wscale : kind == 4 ? proto_opt_sack_perm
                    : kind == 5 ? proto_opt_sack : kind == 8 ? proto_opt_ts : kind == 30 ? proto_mptcp
                    : kind == 34 ? proto_opt_tfo : proto_opt_unknown;
          WlNode *n = kind == 30 ? wl_add_proto (p, opts, proto, &ov, 0, G_MAXUINT32)
                                 : wl_tcp_add_pino (p, opts, proto, &ov, 0, G_MAXUINT32);
          opt_kind_len (p, n, &ov, TRUE);
          p->is_truncated = TRUE;
          return FALSE;
        }
      const char *name = NULL;
      WlNode *n = NULL;
      switch (kind)
        {
        case 2: /* MSS */
          {
            mss_seen = TRUE;
            name = "Maximum segment size";
            n = wl_tcp_add_pino (p, opts, proto_opt_mss, &ov, 0, optlen);
            if (!(oc->flags & TH_SYN))
              wl_tcp_add_expert (p, n, ei_mss_present, &ov, 0, optlen, "Warning", "Protocol",
                          "The non-SYN packet does contain a MSS option");
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 4)
              break;
            guint16 mss = wl_view_ntohs (&ov, 2);
            wl_add_item (p, n, hf_mss_val, &ov, 2, 2, WL_ENC_BIG);
            wl_node_set_label (p, n, "TCP Option - Maximum segment size: %u bytes", mss);
            ib_uint (p, oc->ib, "MSS", mss);
            break;
          }
        case 3: /* window scale */
          {
            name = "Window scale";
            n = wl_tcp_add_pino (p, opts, proto_opt_wscale, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 3)
              break;
            guint8 val = wl_view_u8 (&ov, 2);
            guint shift = MIN (val, 14);
            wl_add_item (p, n, hf_wscale_shift, &ov, 2, 1, WL_ENC_BIG);
            wl_tcp_add_generated_uint (p, n, hf_wscale_mult, &ov, 1u << shift);
            wl_node_set_label (p, n, "TCP Option - Window scale: %u (multiply by %u)", val, 1u << shift);
            ib_uint (p, oc->ib, "WS", 1u << shift);
            if (oc->first_pass && oc->fwd)
              oc->fwd->win_scale = (int) shift;
            break;
          }
        case 4: /* SACK permitted */
          name = "SACK permitted";
          n = wl_tcp_add_pino (p, opts, proto_opt_sack_perm, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          ib_str (p, oc->ib, " SACK_PERM");
          break;
        case 5: /* SACK */
          {
            name = "SACK";
            n = wl_tcp_add_pino (p, opts, proto_opt_sack, &ov, 0, optlen);
            if (oc->first_pass && oc->fwd)
              oc->fwd->num_sack_ranges = 0;
            opt_kind_len (p, n, &ov, TRUE);
            GString *lab = p->full ? g_string_new ("TCP Option - SACK") : NULL;
            guint32 o = 2, rem = optlen - 2, count = 0;
            guint32 le0 = 0, re0 = 0, le1 = 0, re1 = 0;
            while (rem >= 8)
              {
                guint32 le = wl_view_ntohl (&ov, o) - oc->ack_base;
                guint32 re = wl_view_ntohl (&ov, o + 4) - oc->ack_base;
                WlNode *e = wl_add_uint (p, n, hf_sack_le, &ov, o, 4, le);
                wl_node_set_label (p, e, "left edge = %u (relative)", le);
                e = wl_add_uint (p, n, hf_sack_re, &ov, o + 4, 4, re);
                wl_node_set_label (p, e, "right edge = %u (relative)", re);
                ib_uint (p, oc->ib, "SLE", le);
                ib_uint (p, oc->ib, "SRE", re);
                count++;
                if (count == 1)
                  le0 = le, re0 = re;
                else if (count == 2)
                  le1 = le, re1 = re;
                if (oc->first_pass && oc->fwd && count < MAX_SACK_RANGES)
                  {
                    oc->fwd->num_sack_ranges = (int) count;
                    oc->fwd->sack_le[count] = le;
                    oc->fwd->sack_re[count] = re;
                  }
                if (lab)
                  g_string_append_printf (lab, " %u-%u", le, re);
                o += 8;
                rem -= 8;
              }
            wl_tcp_add_generated_uint (p, n, hf_sack_count, &ov, count);
            if (lab)
              {
                wl_node_set_label (p, n, "%s", lab->str);
                g_string_free (lab, TRUE);
              }
            /* D-SACK (RFC 2883): the first block is already acknowledged or inside the second */
            if (count > 0 && (LE_SEQ (re0, oc->th_ack) || (count > 1 && LT_SEQ (le1, re0) && GE_SEQ (re1, re0))))
              {
                WlNode *e = wl_add_uint (p, n, hf_dsack_le, &ov, 2, 4, le0);
                wl_node_set_generated (e);
                wl_node_set_label (p, e, "D-SACK Left Edge = %u (relative)", le0);
                e = wl_add_uint (p, n, hf_dsack_re, &ov, 6, 4, re0);
                wl_node_set_generated (e);
                wl_node_set_label (p, e, "D-SACK Right Edge = %u (relative)", re0);
                WlNode *ds = wl_add_text (p, n, &ov, 2, 8, "D-SACK Sequence");
                wl_tcp_add_expert (p, ds, ei_dsack, &ov, 2, 8, "Warning", "Sequence", "D-SACK Sequence");
              }
            break;
          }
        case 6: /* echo */
        case 7:
          name = kind == 6 ? "Echo" : "Echo reply";
          n = wl_tcp_add_pino (p, opts, kind == 6 ? proto_opt_echo : proto_opt_echoreply, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 6)
            {
              wl_add_item (p, n, hf_echo, &ov, 2, 4, WL_ENC_BIG);
              wl_node_append_label (p, n, ": %u", wl_view_ntohl (&ov, 2));
              ib_uint (p, oc->ib, kind == 6 ? "ECHO" : "ECHOREPLY", wl_view_ntohl (&ov, 2));
            }
          break;
        case 8: /* timestamps */
          {
            name = "Timestamps";
            n = wl_tcp_add_pino (p, opts, proto_opt_ts, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 10)
              break;
            guint32 tsval = wl_view_ntohl (&ov, 2), tsecr = wl_view_ntohl (&ov, 6);
            wl_add_item (p, n, hf_tsval, &ov, 2, 4, WL_ENC_BIG);
            wl_add_item (p, n, hf_tsecr, &ov, 6, 4, WL_ENC_BIG);
            wl_node_set_label (p, n, "TCP Option - Timestamps: TSval %u, TSecr %u", tsval, tsecr);
            ib_uint (p, oc->ib, "TSval", tsval);
            ib_uint (p, oc->ib, "TSecr", tsecr);
            break;
          }
        case 19: /* MD5 */
          name = "TCP MD5 signature";
          n = wl_tcp_add_pino (p, opts, proto_opt_md5, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 18)
            wl_add_item (p, n, hf_md5_digest, &ov, 2, 16, WL_ENC_BIG);
          break;
        case 28: /* user timeout */
          name = "User Timeout";
          n = wl_tcp_add_pino (p, opts, proto_opt_user_to, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 4)
            {
              wl_add_item (p, n, hf_user_to_gran, &ov, 2, 2, WL_ENC_BIG);
              wl_add_item (p, n, hf_user_to_val, &ov, 2, 2, WL_ENC_BIG);
            }
          break;
        case 30: /* MPTCP */
          name = "MPTCP";
          dissect_mptcp_option (p, opts, &ov, optlen, oc);
          break;
        case 34: /* TCP Fast Open */
          name = "TCP Fast Open";
          n = wl_tcp_add_pino (p, opts, proto_opt_tfo, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 2)
            {
              wl_add_none (p, n, hf_tfo_request, &ov, 0, 2);
              ib_str (p, oc->ib, " TFO=R");
            }
          else if (optlen > 2)
            {
              WlNode *ck = wl_add_item (p, n, hf_tfo_cookie, &ov, 2, optlen - 2u, WL_ENC_BIG);
              ib_str (p, oc->ib, " TFO=C");
              if ((oc->flags & (TH_SYN | TH_ACK)) == TH_SYN)
                wl_tcp_add_expert (p, ck, ei_tfo_syn, &ov, 2, optlen - 2u, "Note", "Sequence",
                            "TCP SYN with TFO Cookie");
            }
          break;
        case 253: /* experimental */
        case 254:
          {
            name = "RFC3692-style Experiment";
            n = wl_tcp_add_pino (p, opts, proto_opt_exp, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen >= 4)
              {
                guint16 exid = wl_view_ntohs (&ov, 2);
                wl_add_item (p, n, hf_exp_exid, &ov, 2, 2, WL_ENC_BIG);
                if (exid == 0xf989)
                  {
                    name = "TCP Fast Open";
                    if (optlen == 4)
                      ib_str (p, oc->ib, " TFO=R");
                    else if (optlen > 4)
                      {
                        wl_add_item (p, n, hf_tfo_cookie, &ov, 4, optlen - 4u, WL_ENC_BIG);
                        ib_str (p, oc->ib, " TFO=C");
                      }
                  }
                else
                  {
                    if (optlen > 4)
                      wl_add_item (p, n, hf_exp_data, &ov, 4, optlen - 4u, WL_ENC_BIG);
                    if (oc->ib->on)
                      {
                        char x[16];
                        g_snprintf (x, sizeof x, " ExID=%X", exid);
                        ib_str (p, oc->ib, x);
                      }
                  }
              }
            break;
          }
        default:
          name = wl_arena_printf (p->arena, "Unknown (0x%02x)", kind);
          n = wl_tcp_add_pino (p, opts, proto_opt_unknown, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen > 2)
            wl_add_item (p, n, hf_unknown_payload, &ov, 2, optlen - 2u, WL_ENC_BIG);
          break;
        }
      if (p->full)
        g_string_append_printf (oc->summary, ", %s", name);
      off += optlen;
      length -= optlen - 2u;
    }
  if ((oc->flags & TH_SYN) && !mss_seen)
    wl_tcp_add_expert (p, opts, ei_mss_absent, v, off, 0, "Warning", "Protocol",
                "The SYN packet does not contain a MSS option");
  return TRUE;
}

/* The "[MPTCP analysis]" subtree of a segment of an MPTCP connection. */
void
wl_tcp_mptcp_analysis (WlPacket *p, WlNode *top, const WlView *v, const TcpFrame *fr)
{
  if (!wl_wants (p, hf_mp_analysis) && !wl_wants (p, hf_mp_master) && !wl_wants (p, hf_mp_stream) &&
      !wl_wants (p, hf_mp_subflows))
    return;
  WlNode *ma = wl_add_none (p, top, hf_mp_analysis, v, 0, 0);
  wl_node_set_generated (ma);
  WlNode *m = wl_add_uint (p, ma, hf_mp_master, v, 0, 0, fr->mptcp_master);
  wl_node_set_generated (m);
  if (fr->mptcp_master)
    wl_node_set_label (p, m, "Master flow: Master is tcp stream %u", wl_tcp_frame_stream (fr));
  wl_tcp_add_generated_uint (p, ma, hf_mp_stream, v, wl_tcp_frame_conv (p, fr)->mptcp_stream);
  const char *sf = fr->mptcp_master ? wl_arena_printf (p->arena, "%u ", wl_tcp_frame_stream (fr)) : "";
  wl_node_set_generated (wl_add_string_value (p, ma, hf_mp_subflows, v, 0, 0, sf, -1));
}

static const WlTrueFalse tfs_user_to_gran = { "Minutes", "Seconds" };

static WlFieldReg fields[] = {
  { &hf_option_kind, { "Kind", "tcp.option_kind", WL_FT_UINT8, WL_BASE_DEC, option_kind_vals } },
  { &hf_option_len, { "Length", "tcp.option_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_mss_val, { "MSS Value", "tcp.options.mss_val", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_wscale_shift, { "Shift count", "tcp.options.wscale.shift", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_wscale_mult, { "Multiplier", "tcp.options.wscale.multiplier", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_exp_data, { "Data", "tcp.options.experimental.data", WL_FT_BYTES } },
  { &hf_exp_exid, { "Experiment Identifier", "tcp.options.experimental.exid", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_unknown_payload, { "Payload", "tcp.options.unknown.payload", WL_FT_BYTES } },
  { &hf_sack_le, { "TCP SACK Left Edge", "tcp.options.sack_le", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_sack_re, { "TCP SACK Right Edge", "tcp.options.sack_re", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_sack_count, { "TCP SACK Count", "tcp.options.sack.count", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_dsack_le, { "TCP D-SACK Left Edge", "tcp.options.sack.dsack_le", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_dsack_re, { "TCP D-SACK Right Edge", "tcp.options.sack.dsack_re", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_echo, { "TCP Echo Option", "tcp.options.echo_value", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_tsval, { "Timestamp value", "tcp.options.timestamp.tsval", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_tsecr, { "Timestamp echo reply", "tcp.options.timestamp.tsecr", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_md5_digest, { "MD5 digest", "tcp.options.md5.digest", WL_FT_BYTES } },
  { &hf_user_to_gran, { "Granularity", "tcp.options.user_to_granularity", WL_FT_BOOLEAN, 16, &tfs_user_to_gran, 0x8000 } },
  { &hf_user_to_val, { "User Timeout", "tcp.options.user_to_val", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x7fff } },
  { &hf_tfo_request, { "Fast Open Cookie Request", "tcp.options.tfo.request", WL_FT_NONE } },
  { &hf_tfo_cookie, { "Fast Open Cookie", "tcp.options.tfo.cookie", WL_FT_BYTES } },
  { &ei_tfo_syn, { "TCP SYN with TFO Cookie", "tcp.analysis.tfo_syn", WL_FT_NONE } },
  { &ei_mss_absent, { "The SYN packet does not contain a MSS option", "tcp.options.mss.absent", WL_FT_NONE } },
  { &ei_mss_present, { "The non-SYN packet does contain a MSS option", "tcp.options.mss.present", WL_FT_NONE } },
  { &ei_dsack, { "D-SACK Sequence", "tcp.options.sack.dsack", WL_FT_NONE } },
  { &ei_nonzero_pad, { "Non zero bytes in option space after EOL option", "tcp.non_zero_bytes_after_eol", WL_FT_NONE } },
  { &ei_nop, { "4 NOP in a row - a router may have removed some options", "tcp.nop", WL_FT_NONE } },
  /* MPTCP option fields (tshark registers them under tcp) */
  { &hf_mp_subtype, { "Multipath TCP subtype", "tcp.options.mptcp.subtype", WL_FT_UINT8, WL_BASE_DEC, mptcp_subtype_vals, 0xf0 } },
  { &hf_mp_version, { "Multipath TCP version", "tcp.options.mptcp.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0f } },
  { &hf_mp_flags, { "Multipath TCP flags", "tcp.options.mptcp.flags", WL_FT_UINT8, WL_BASE_HEX } },
  { &hf_mp_checksum_flag, { "Checksum required", "tcp.options.mptcp.checksumreq.flags", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x80 } },
  { &hf_mp_ext_flag, { "Extensibility", "tcp.options.mptcp.extensibility.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x40 } },
  { &hf_mp_nomore_flag, { "Do not attempt to establish new subflows to this address and port", "tcp.options.mptcp.nomoresubflows.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x20 } },
  { &hf_mp_sha1_flag, { "Use HMAC-SHA1", "tcp.options.mptcp.sha1.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x01 } },
  { &hf_mp_sha256_flag, { "Use HMAC-SHA256", "tcp.options.mptcp.sha256.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x01 } },
  { &hf_mp_reserved_flag, { "Reserved", "tcp.options.mptcp.reserved.flag", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x1e } },
  { &hf_mp_flag_u, { "Flag U", "tcp.options.mptcp.flag_U.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x8 } },
  { &hf_mp_flag_v, { "Flag V", "tcp.options.mptcp.flag_V.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x4 } },
  { &hf_mp_flag_w, { "Flag W", "tcp.options.mptcp.flag_W.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x2 } },
  { &hf_mp_flag_t, { "Transient", "tcp.options.mptcp.flag_T.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x1 } },
  { &hf_mp_rst_reason, { "TCPRST Reason", "tcp.options.mptcp.rst_reason", WL_FT_UINT8, WL_BASE_HEX, mptcp_rst_reason_vals } },
  { &hf_mp_addrid, { "Address ID", "tcp.options.mptcp.addrid", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_mp_sendkey, { "Sender's Key", "tcp.options.mptcp.sendkey", WL_FT_UINT64, WL_BASE_DEC } },
  { &hf_mp_recvkey, { "Receiver's Key", "tcp.options.mptcp.recvkey", WL_FT_UINT64, WL_BASE_DEC } },
  { &hf_mp_datalvllen, { "Data-level Length", "tcp.options.mptcp.datalvllen", WL_FT_UINT16, WL_BASE_DEC } },
};

static WlFieldReg mptcp_fields[] = {
  { &hf_mp_analysis, { "MPTCP analysis", "mptcp.analysis", WL_FT_NONE } },
  { &hf_mp_master, { "Master flow", "mptcp.master", WL_FT_BOOLEAN, 0 } },
  { &hf_mp_stream, { "Stream index", "mptcp.stream", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mp_subflows, { "TCP subflow stream id(s)", "mptcp.analysis.subflows", WL_FT_STRING } },
  { &hf_mp_expected_token, { "Subflow token generated from key", "mptcp.expected_token", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mp_expected_idsn, { "Subflow expected IDSN", "mptcp.expected_idsn", WL_FT_UINT64, WL_BASE_DEC } },
};

void
wl_tcp_options_register (int proto_tcp)
{
  wl_fields_register (proto_tcp, fields, G_N_ELEMENTS (fields));
  proto_mptcp = wl_proto_register ("Multipath Transmission Control Protocol", "MPTCP", "mptcp");
  wl_fields_register (proto_mptcp, mptcp_fields, G_N_ELEMENTS (mptcp_fields));
  proto_opt_nop = wl_proto_register_in_name_only ("TCP Option - No-Operation (NOP)", "No-Operation (NOP)", "tcp.options.nop");
  proto_opt_eol = wl_proto_register_in_name_only ("TCP Option - End of Option List (EOL)", "End of Option List (EOL)", "tcp.options.eol");
  proto_opt_ts = wl_proto_register_in_name_only ("TCP Option - Timestamps", "Timestamps", "tcp.options.timestamp");
  proto_opt_mss = wl_proto_register_in_name_only ("TCP Option - Maximum segment size", "Maximum segment size", "tcp.options.mss");
  proto_opt_wscale = wl_proto_register_in_name_only ("TCP Option - Window scale", "Window scale", "tcp.options.wscale");
  proto_opt_sack_perm = wl_proto_register_in_name_only ("TCP Option - SACK permitted", "SACK permitted", "tcp.options.sack_perm");
  proto_opt_sack = wl_proto_register_in_name_only ("TCP Option - SACK", "SACK", "tcp.options.sack");
  proto_opt_echo = wl_proto_register_in_name_only ("TCP Option - Echo", "Echo", "tcp.options.echo");
  proto_opt_echoreply = wl_proto_register_in_name_only ("TCP Option - Echo reply", "Echo reply", "tcp.options.echoreply");
  proto_opt_md5 = wl_proto_register_in_name_only ("TCP Option - TCP MD5 signature", "TCP MD5 signature", "tcp.options.md5");
  proto_opt_user_to = wl_proto_register_in_name_only ("TCP Option - User Timeout", "User Timeout", "tcp.options.user_to");
  proto_opt_tfo = wl_proto_register_in_name_only ("TCP Option - TCP Fast Open", "TCP Fast Open", "tcp.options.tfo");
  proto_opt_exp = wl_proto_register_in_name_only ("TCP Option - Experimental", "Experimental", "tcp.options.experimental");
  proto_opt_unknown = wl_proto_register_in_name_only ("TCP Option - Unknown", "Unknown", "tcp.options.unknown");
}
