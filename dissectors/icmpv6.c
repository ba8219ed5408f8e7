/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ICMPv6 (ip.proto 58): errors with their quoted datagram as a nested ipv6 layer, echo with
 * request/reply matching, neighbour discovery (RS, RA, NS, NA, redirect) with its options, and
 * multicast listener discovery (MLDv1, MLDv2 queries and reports). */
#include <string.h>
#include "field-format.h"
#include "session.h"
#include "l23.h"

static int proto_icmpv6 = -1;
static int hf_icmpv6_type = -1, hf_icmpv6_code = -1, hf_icmpv6_checksum = -1, hf_icmpv6_checksum_status = -1;
static int hf_icmpv6_reserved = -1, hf_icmpv6_mtu = -1, hf_icmpv6_pointer = -1;
static int hf_icmpv6_echo_identifier = -1, hf_icmpv6_echo_sequence_number = -1;
static int hf_icmpv6_nd_ra_cur_hop_limit = -1, hf_icmpv6_nd_ra_flag = -1, hf_icmpv6_nd_ra_flag_m = -1;
static int hf_icmpv6_nd_ra_flag_o = -1, hf_icmpv6_nd_ra_flag_h = -1, hf_icmpv6_nd_ra_flag_prf = -1;
static int hf_icmpv6_nd_ra_flag_p = -1, hf_icmpv6_nd_ra_flag_rsv = -1, hf_icmpv6_nd_ra_router_lifetime = -1;
static int hf_icmpv6_nd_ra_reachable_time = -1, hf_icmpv6_nd_ra_retrans_timer = -1;
static int hf_icmpv6_nd_ns_target_address = -1, hf_icmpv6_nd_na_flag = -1, hf_icmpv6_nd_na_flag_r = -1;
static int hf_icmpv6_nd_na_flag_s = -1, hf_icmpv6_nd_na_flag_o = -1, hf_icmpv6_nd_na_flag_rsv = -1;
static int hf_icmpv6_nd_na_target_address = -1, hf_icmpv6_nd_rd_target_address = -1;
static int hf_icmpv6_nd_rd_destination_address = -1;
static int hf_icmpv6_opt = -1, hf_icmpv6_opt_type = -1, hf_icmpv6_opt_length = -1, hf_icmpv6_opt_reserved = -1;
static int hf_icmpv6_opt_linkaddr = -1, hf_icmpv6_opt_src_linkaddr = -1, hf_icmpv6_opt_target_linkaddr = -1;
static int hf_icmpv6_opt_prefix_length = -1, hf_icmpv6_opt_prefix_flag = -1, hf_icmpv6_opt_prefix_flag_l = -1;
static int hf_icmpv6_opt_prefix_flag_a = -1, hf_icmpv6_opt_prefix_flag_r = -1;
static int hf_icmpv6_opt_prefix_flag_reserved = -1, hf_icmpv6_opt_prefix_valid_lifetime = -1;
static int hf_icmpv6_opt_prefix_preferred_lifetime = -1, hf_icmpv6_opt_prefix = -1, hf_icmpv6_opt_nonce = -1;
static int hf_icmpv6_opt_mtu = -1, hf_icmpv6_opt_rdnss_lifetime = -1, hf_icmpv6_opt_rdnss = -1;
static int hf_icmpv6_opt_data = -1;
static int hf_icmpv6_mld_maximum_response_delay = -1, hf_icmpv6_mld_multicast_address = -1;
static int hf_icmpv6_mld_maximum_response_code = -1, hf_icmpv6_mld_flag = -1, hf_icmpv6_mld_flag_s = -1;
static int hf_icmpv6_mld_flag_qrv = -1, hf_icmpv6_mld_flag_reserved = -1, hf_icmpv6_mld_qqi = -1;
static int hf_icmpv6_mld_nb_sources = -1, hf_icmpv6_mld_source_address = -1;
static int hf_icmpv6_mldr_nb_mcast_records = -1, hf_icmpv6_mldr_mar = -1, hf_icmpv6_mldr_mar_record_type = -1;
static int hf_icmpv6_mldr_mar_aux_data_len = -1, hf_icmpv6_mldr_mar_nb_sources = -1;
static int hf_icmpv6_mldr_mar_multicast_address = -1, hf_icmpv6_mldr_mar_source_address = -1;
static int hf_icmpv6_mldr_mar_auxiliary_data = -1, hf_icmpv6_resp_to = -1, hf_icmpv6_resptime = -1;

static const WlValueString icmpv6_type_vals[] = {
  { 1, "Destination Unreachable" },
  { 2, "Packet Too Big" },
  { 3, "Time Exceeded" },
  { 4, "Parameter Problem" },
  { 100, "Private experimentation" },
  { 101, "Private experimentation" },
  { 127, "Reserved for expansion of ICMPv6 error messages" },
  { 128, "Echo (ping) request" },
  { 129, "Echo (ping) reply" },
  { 130, "Multicast Listener Query" },
  { 131, "Multicast Listener Report" },
  { 132, "Multicast Listener Done" },
  { 133, "Router Solicitation" },
  { 134, "Router Advertisement" },
  { 135, "Neighbor Solicitation" },
  { 136, "Neighbor Advertisement" },
  { 137, "Redirect" },
  { 138, "Router Renumbering" },
  { 139, "Node Information Query" },
  { 140, "Node Information Reply" },
  { 141, "Inverse Neighbor Discovery Solicitation" },
  { 142, "Inverse Neighbor Discovery Advertisement" },
  { 143, "Multicast Listener Report Message v2" },
  { 144, "Home Agent Address Discovery Request" },
  { 145, "Home Agent Address Discovery Reply" },
  { 146, "Mobile Prefix Solicitation" },
  { 147, "Mobile Prefix Advertisement" },
  { 148, "Certification Path Solicitation" },
  { 149, "Certification Path Advertisement" },
  { 150, "Experimental Mobility" },
  { 151, "Multicast Router Advertisement" },
  { 152, "Multicast Router Solicitation" },
  { 153, "Multicast Router Termination" },
  { 154, "FMIPv6" },
  { 155, "RPL Control" },
  { 156, "Locator Update" },
  { 157, "Duplicate Address Request" },
  { 158, "Duplicate Address Confirmation" },
  { 159, "MPL Control Message" },
  { 160, "Extended Echo request" },
  { 161, "Extended Echo reply" },
  { 200, "Private experimentation" },
  { 201, "Private experimentation" },
  { 255, "Reserved for expansion of ICMPv6 informational messages" },
  { 0, NULL }
};
static const WlValueString icmpv6_nd_ra_flag_prf_vals[] = {
  { 0, "Medium" },
  { 1, "High" },
  { 2, "Reserved" },
  { 3, "Low" },
  { 0, NULL }
};
static const WlValueString icmpv6_opt_type_vals[] = {
  { 1, "Source link-layer address" },
  { 2, "Target link-layer address" },
  { 3, "Prefix information" },
  { 4, "Redirected header" },
  { 5, "MTU" },
  { 6, "NBMA Shortcut Limit Option" },
  { 7, "Advertisement Interval" },
  { 8, "Home Agent Information" },
  { 9, "Source Address List" },
  { 10, "Target Address List" },
  { 11, "CGA" },
  { 12, "RSA Signature" },
  { 13, "Timestamp" },
  { 14, "Nonce" },
  { 15, "Trust Anchor" },
  { 16, "Certificate" },
  { 17, "IP Address/Prefix Option" },
  { 18, "New Router Prefix Information" },
  { 19, "Link-layer Address" },
  { 20, "Neighbor Advertisement Acknowledgment" },
  { 23, "MAP" },
  { 24, "Route Information" },
  { 25, "Recursive DNS Server" },
  { 26, "RA Flags Extension" },
  { 27, "Handover Key Request" },
  { 28, "Handover Key Reply" },
  { 29, "Handover Assist Information" },
  { 30, "Mobile Node Identifier Option" },
  { 31, "DNS Search List Option" },
  { 32, "Proxy Signature (PS)" },
  { 33, "Address Registration Option" },
  { 34, "6LoWPAN Context Option" },
  { 35, "Authoritative Border Router" },
  { 36, "6LoWPAN Capability Indication Option" },
  { 37, "DHCP Captive-Portal" },
  { 38, "PREF64 Option" },
  { 138, "CARD Request" },
  { 139, "CARD Reply" },
  { 253, "RFC3692-style Experiment 1" },
  { 254, "RFC3692-style Experiment 2" },
  { 0, NULL }
};
static const WlValueString icmpv6_opt_prefix_valid_lifetime_vals[] = {
  { 4294967295, "Infinity" },
  { 0, NULL }
};
static const WlValueString icmpv6_mldr_mar_record_type_vals[] = {
  { 1, "Include" },
  { 2, "Exclude" },
  { 3, "Changed to include" },
  { 4, "Changed to exclude" },
  { 5, "Allow new sources" },
  { 6, "Block old sources" },
  { 0, NULL }
};

static const WlValueString unreach_codes[] = {
  { 0, "no route to destination" },
  { 1, "Administratively prohibited" },
  { 2, "Beyond scope of source address" },
  { 3, "Address unreachable" },
  { 4, "Port unreachable" },
  { 5, "Source address failed ingress/egress policy" },
  { 6, "Reject route to destination" },
  { 7, "Error in Source Routing Header" },
  { 8, "Headers too long" },
  { 0, NULL }
};

static const WlValueString timeex_codes[] = {
  { 0, "hop limit exceeded in transit" },
  { 1, "fragment reassembly time exceeded" },
  { 0, NULL }
};

static const WlValueString paramprob_codes[] = {
  { 0, "erroneous header field encountered" },
  { 1, "unrecognized Next Header type encountered" },
  { 2, "unrecognized IPv6 option encountered" },
  { 3, "IPv6 First Fragment has incomplete IPv6 Header Chain" },
  { 0, NULL }
};

static const WlValueString checksum_status_vals[] = {
  { 0, "Bad" },
  { 1, "Good" },
  { 2, "Unverified" },
  { 3, "Not present" },
  { 4, "Illegal" },
  { 0, NULL }
};

enum {
  DST_UNREACH = 1, PACKET_TOO_BIG = 2, TIME_EXCEEDED = 3, PARAM_PROB = 4, ECHO_REQUEST = 128,
  ECHO_REPLY = 129, MLD_QUERY = 130, MLD_REPORT = 131, MLD_DONE = 132, ND_RS = 133, ND_RA = 134,
  ND_NS = 135, ND_NA = 136, ND_REDIRECT = 137, MLDV2_REPORT = 143,
};

enum { OPT_SLLA = 1, OPT_TLLA = 2, OPT_PREFIX = 3, OPT_REDIRECTED = 4, OPT_MTU = 5, OPT_NONCE = 14, OPT_RDNSS = 25 };

/* ---- Echo matching (first pass), as for ICMP ---- */

static void
echo_state_free (gpointer data)
{
  g_hash_table_destroy (data);
}

static guint32
echo_match (WlPacket *p, const WlIpInfo *ip, gboolean reply, guint16 id, guint16 seq)
{
  if (p->visited)
    return reply ? GPOINTER_TO_UINT (wl_frame_data_get (p, proto_icmpv6, 0)) : 0;
  GHashTable *reqs = wl_session_get_state (p->session, proto_icmpv6);
  if (!reqs)
    {
      reqs = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
      wl_session_set_state (p->session, proto_icmpv6, reqs, echo_state_free);
    }
  guint8 k[36];
  const WlAddress *a = reply ? &ip->dst : &ip->src, *b = reply ? &ip->src : &ip->dst;
  k[0] = (guint8) (id >> 8);
  k[1] = (guint8) id;
  k[2] = (guint8) (seq >> 8);
  k[3] = (guint8) seq;
  memcpy (k + 4, a->data, 16);
  memcpy (k + 20, b->data, 16);
  GBytes *key = g_bytes_new (k, sizeof k);
  guint32 req = 0;
  if (reply)
    {
      req = GPOINTER_TO_UINT (g_hash_table_lookup (reqs, key));
      if (req)
        wl_frame_data_set (p, proto_icmpv6, 0, GUINT_TO_POINTER (req));
      g_bytes_unref (key);
    }
  else
    g_hash_table_replace (reqs, key, GUINT_TO_POINTER (p->number));
  return req;
}

/* ---- Helpers ---- */

static char *
ipv6_str (WlPacket *p, const WlView *v, guint32 off)
{
  GString *s = g_string_new (NULL);
  if (wl_view_has (v, off, 16))
    wl_format_ipv6 (v->data + off, s);
  char *r = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}

static char *
mac_str (WlPacket *p, const WlView *v, guint32 off, guint32 len)
{
  GString *s = g_string_new (NULL);
  for (guint32 i = 0; i < len && wl_view_has (v, off + i, 1); i++)
    g_string_append_printf (s, "%s%02x", i ? ":" : "", v->data[off + i]);
  char *r = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}

/* Neighbour discovery options from off to the end of v. */
static void
dissect_nd_options (WlPacket *p, WlNode *top, const WlView *v, guint32 off)
{
  while (off < v->reported)
    {
      if (!wl_view_has (v, off, 2))
        {
          p->is_truncated = TRUE;
          break;
        }
      guint8 type = wl_view_u8 (v, off), olen = wl_view_u8 (v, off + 1);
      guint32 len = olen * 8u;
      const char *name = wl_value_string (icmpv6_opt_type_vals, type);
      if (!name)
        name = "Unknown";
      guint32 shown = len ? MIN (len, wl_view_remaining (v, off)) : wl_view_remaining (v, off);
      WlNode *on = wl_add_none (p, top, hf_icmpv6_opt, v, off, shown);
      WlNode *sub = on ? on : top;
      wl_add_item (p, sub, hf_icmpv6_opt_type, v, off, 1, WL_ENC_BIG);
      WlNode *ln = wl_add_item (p, sub, hf_icmpv6_opt_length, v, off + 1, 1, WL_ENC_BIG);
      wl_node_set_label (p, ln, "Length: %u (%u bytes)", olen, len);
      if (len == 0)
        {
          wl_node_set_label (p, on, "ICMPv6 Option (%s)", name);
          break; /* a zero length would loop forever: tshark flags it and stops */
        }
      const char *summary = NULL;
      switch (type)
        {
        case OPT_SLLA:
        case OPT_TLLA:
          {
            guint32 alen = len - 2;
            if (alen == 6 || (alen == 14 && wl_view_u8 (v, off + 8) == 0))
              alen = 6;
            wl_add_item (p, sub, alen == 6 ? hf_icmpv6_opt_linkaddr : hf_icmpv6_opt_data, v, off + 2, alen == 6 ? 6 : len - 2, WL_ENC_BIG);
            WlNode *h = wl_add_item (p, sub, type == OPT_SLLA ? hf_icmpv6_opt_src_linkaddr : hf_icmpv6_opt_target_linkaddr,
                                     v, off + 2, alen == 6 ? 6 : len - 2, WL_ENC_BIG);
            wl_node_set_hidden (h);
            summary = mac_str (p, v, off + 2, alen == 6 ? 6 : len - 2);
            if (wl_cols (p))
              wl_col_append_info (p, type == OPT_SLLA ? " from %s" : " is at %s", summary);
            break;
          }
        case OPT_PREFIX:
          {
            guint8 plen = wl_view_u8 (v, off + 2), fl = wl_view_u8 (v, off + 3);
            wl_add_item (p, sub, hf_icmpv6_opt_prefix_length, v, off + 2, 1, WL_ENC_BIG);
            WlNode *fn = wl_add_item (p, sub, hf_icmpv6_opt_prefix_flag, v, off + 3, 1, WL_ENC_BIG);
            if (fn && p->full)
              {
                if (fl & 0x80)
                  wl_node_append_label (p, fn, ", On-link flag(L)");
                if (fl & 0x40)
                  wl_node_append_label (p, fn, ", Autonomous address-configuration flag(A)");
                if (fl & 0x20)
                  wl_node_append_label (p, fn, ", Router address flag(R)");
              }
            WlNode *fs = fn ? fn : sub;
            wl_add_item (p, fs, hf_icmpv6_opt_prefix_flag_l, v, off + 3, 1, WL_ENC_BIG);
            wl_add_item (p, fs, hf_icmpv6_opt_prefix_flag_a, v, off + 3, 1, WL_ENC_BIG);
            wl_add_item (p, fs, hf_icmpv6_opt_prefix_flag_r, v, off + 3, 1, WL_ENC_BIG);
            wl_add_item (p, fs, hf_icmpv6_opt_prefix_flag_reserved, v, off + 3, 1, WL_ENC_BIG);
            wl_add_item (p, sub, hf_icmpv6_opt_prefix_valid_lifetime, v, off + 4, 4, WL_ENC_BIG);
            wl_add_item (p, sub, hf_icmpv6_opt_prefix_preferred_lifetime, v, off + 8, 4, WL_ENC_BIG);
            wl_add_none (p, sub, hf_icmpv6_opt_reserved, v, off + 12, 4);
            wl_add_item (p, sub, hf_icmpv6_opt_prefix, v, off + 16, 16, WL_ENC_BIG);
            if (p->full)
              summary = wl_arena_printf (p->arena, "%s/%u", ipv6_str (p, v, off + 16), plen);
            break;
          }
        case OPT_MTU:
          wl_add_none (p, sub, hf_icmpv6_opt_reserved, v, off + 2, 2);
          wl_add_item (p, sub, hf_icmpv6_opt_mtu, v, off + 4, 4, WL_ENC_BIG);
          if (p->full)
            summary = wl_arena_printf (p->arena, "%u", wl_view_ntohl (v, off + 4));
          break;
        case OPT_NONCE:
          wl_add_item (p, sub, hf_icmpv6_opt_nonce, v, off + 2, len - 2, WL_ENC_BIG);
          break;
        case OPT_RDNSS:
          wl_add_none (p, sub, hf_icmpv6_opt_reserved, v, off + 2, 2);
          wl_add_item (p, sub, hf_icmpv6_opt_rdnss_lifetime, v, off + 4, 4, WL_ENC_BIG);
          for (guint32 a = off + 8; a + 16 <= off + len; a += 16)
            wl_add_item (p, sub, hf_icmpv6_opt_rdnss, v, a, 16, WL_ENC_BIG);
          break;
        default:
          if (len > 2)
            wl_add_item (p, sub, hf_icmpv6_opt_data, v, off + 2, len - 2, WL_ENC_BIG);
          break;
        }
      if (summary)
        wl_node_set_label (p, on, "ICMPv6 Option (%s : %s)", name, summary);
      else
        wl_node_set_label (p, on, "ICMPv6 Option (%s)", name);
      if (!wl_view_has (v, off, len))
        {
          p->is_truncated = TRUE;
          break;
        }
      off += len;
    }
}

/* The quoted datagram of an error, as a nested ipv6 layer that leaves the columns alone. */
static void
dissect_quoted (WlPacket *p, const WlView *v, guint32 off, WlNode *top)
{
  WlView inner = wl_view_sub (v, off, G_MAXUINT32);
  if (inner.len == 0)
    return;
  gboolean cols = p->cols_wanted;
  WlAddress ns = p->net_src, nd = p->net_dst;
  guint32 sp = p->src_port, dp = p->dst_port;
  int pt = p->port_type;
  p->cols_wanted = FALSE;
  gboolean in_error = p->in_error_pkt;
  p->in_error_pkt = TRUE;
  wl_dissector_call (wl_dissector_find ("ipv6"), p, &inner, top, (gpointer) &wl_ip_in_error_packet);
  p->in_error_pkt = in_error;
  p->cols_wanted = cols;
  p->net_src = ns;
  p->net_dst = nd;
  p->src_port = sp;
  p->dst_port = dp;
  p->port_type = pt;
}

static void
dissect_mldv2_report (WlPacket *p, WlNode *top, const WlView *v)
{
  wl_add_item (p, top, hf_icmpv6_reserved, v, 4, 2, WL_ENC_BIG);
  guint16 n = wl_view_ntohs (v, 6);
  wl_add_item (p, top, hf_icmpv6_mldr_nb_mcast_records, v, 6, 2, WL_ENC_BIG);
  guint32 off = 8;
  for (guint16 i = 0; i < n && off < v->reported; i++)
    {
      guint8 rtype = wl_view_u8 (v, off), aux = wl_view_u8 (v, off + 1);
      guint16 ns = wl_view_ntohs (v, off + 2);
      guint32 rlen = 20 + 16u * ns + 4u * aux;
      WlNode *rn = wl_add_none (p, top, hf_icmpv6_mldr_mar, v, off, MIN (rlen, wl_view_remaining (v, off)));
      if (rn && p->full && wl_view_has (v, off, 20))
        {
          const char *tn = wl_value_string (icmpv6_mldr_mar_record_type_vals, rtype);
          wl_node_set_label (p, rn, "Multicast Address Record %s: %s", tn ? tn : "Unknown", ipv6_str (p, v, off + 4));
        }
      WlNode *sub = rn ? rn : top;
      wl_add_item (p, sub, hf_icmpv6_mldr_mar_record_type, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, sub, hf_icmpv6_mldr_mar_aux_data_len, v, off + 1, 1, WL_ENC_BIG);
      wl_add_item (p, sub, hf_icmpv6_mldr_mar_nb_sources, v, off + 2, 2, WL_ENC_BIG);
      wl_add_item (p, sub, hf_icmpv6_mldr_mar_multicast_address, v, off + 4, 16, WL_ENC_BIG);
      for (guint16 s = 0; s < ns && wl_view_has (v, off, 20 + 16u * s); s++)
        wl_add_item (p, sub, hf_icmpv6_mldr_mar_source_address, v, off + 20 + 16u * s, 16, WL_ENC_BIG);
      if (aux)
        wl_add_item (p, sub, hf_icmpv6_mldr_mar_auxiliary_data, v, off + 20 + 16u * ns, 4u * aux, WL_ENC_BIG);
      if (!wl_view_has (v, off, rlen))
        {
          /* cut by the snapshot length: tshark stops here */
          p->is_truncated = TRUE;
          break;
        }
      off += rlen;
    }
}

static void
dissect_mld_query (WlPacket *p, WlNode *top, const WlView *v)
{
  if (wl_view_reported_remaining (v, 0) < 28)
    {
      /* MLDv1 */
      wl_add_item (p, top, hf_icmpv6_mld_maximum_response_delay, v, 4, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_reserved, v, 6, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_mld_multicast_address, v, 8, 16, WL_ENC_BIG);
      return;
    }
  wl_add_item (p, top, hf_icmpv6_mld_maximum_response_code, v, 4, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_icmpv6_reserved, v, 6, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_icmpv6_mld_multicast_address, v, 8, 16, WL_ENC_BIG);
  WlNode *fl = wl_add_item (p, top, hf_icmpv6_mld_flag, v, 24, 1, WL_ENC_BIG);
  WlNode *fs = fl ? fl : top;
  wl_add_item (p, fs, hf_icmpv6_mld_flag_reserved, v, 24, 1, WL_ENC_BIG);
  wl_add_item (p, fs, hf_icmpv6_mld_flag_s, v, 24, 1, WL_ENC_BIG);
  wl_add_item (p, fs, hf_icmpv6_mld_flag_qrv, v, 24, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_icmpv6_mld_qqi, v, 25, 1, WL_ENC_BIG);
  guint16 ns = wl_view_ntohs (v, 26);
  wl_add_item (p, top, hf_icmpv6_mld_nb_sources, v, 26, 2, WL_ENC_BIG);
  for (guint16 s = 0; s < ns; s++)
    wl_add_item (p, top, hf_icmpv6_mld_source_address, v, 28 + 16u * s, 16, WL_ENC_BIG);
}

static guint32
dissect_icmpv6 (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  const WlIpInfo *ip = data;
  gboolean in_error = ip && ip->in_error;
  wl_col_set_protocol (p, "ICMPv6");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_icmpv6, v, 0, G_MAXUINT32);
  guint8 type = wl_view_u8 (v, 0), code = wl_view_u8 (v, 1);
  const char *type_str = wl_value_string (icmpv6_type_vals, type);
  const WlValueString *cv = type == DST_UNREACH ? unreach_codes : type == TIME_EXCEEDED ? timeex_codes :
                            type == PARAM_PROB ? paramprob_codes : NULL;
  const char *code_str = cv ? wl_value_string (cv, code) : NULL;
  wl_add_item (p, top, hf_icmpv6_type, v, 0, 1, WL_ENC_BIG);
  WlNode *cn = wl_add_item (p, top, hf_icmpv6_code, v, 1, 1, WL_ENC_BIG);
  if (code_str)
    wl_node_set_label (p, cn, "Code: %u (%s)", code, code_str);
  if (wl_cols (p))
    {
      if (type_str)
        wl_col_set_info (p, "%s", type_str);
      else
        wl_col_set_info (p, "Unknown (%u)", type);
      if (code_str)
        wl_col_append_info (p, " (%s)", code_str);
    }
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_icmpv6_checksum, v, 2, 2, WL_ENC_BIG);
      return v->len;
    }

  /* The checksum covers a pseudo-header of the addresses, the length and next header 58. */
  WlNode *ck = wl_add_item (p, top, hf_icmpv6_checksum, v, 2, 2, WL_ENC_BIG);
  guint status = 2;
  if (in_error)
    wl_node_append_label (p, ck, " [unverified] [in ICMP error packet]");
  else if (ip && ip->version == 6 && v->len == v->reported)
    {
      guint32 sum = wl_l23_sum (ip->src.data, 16, 0);
      sum = wl_l23_sum (ip->final_dst.data, 16, sum);
      sum += (v->len >> 16) + (v->len & 0xffff) + 58;
      guint32 full = wl_l23_sum (v->data, v->len, sum);
      if (wl_l23_fold (full) == 0)
        {
          status = 1;
          wl_node_append_label (p, ck, " [correct]");
        }
      else
        {
          status = 0;
          guint32 without = wl_l23_sum (v->data, 2, sum);
          without = wl_l23_sum (v->data + 4, v->len - 4, without);
          wl_node_append_label (p, ck, " incorrect, should be 0x%04x", wl_l23_fold (without));
        }
    }
  else
    wl_node_append_label (p, ck, v->len < v->reported ? " [unverified] [fragmented datagram]" : " [unverified]");
  WlNode *st = wl_add_uint (p, top, hf_icmpv6_checksum_status, v, 2, 2, status);
  wl_node_set_generated (st);
  wl_node_set_label (p, st, "Checksum Status: %s", wl_value_string (checksum_status_vals, status));

  switch (type)
    {
    case DST_UNREACH:
    case TIME_EXCEEDED:
    case PACKET_TOO_BIG:
    case PARAM_PROB:
      if (type == PACKET_TOO_BIG)
        wl_add_item (p, top, hf_icmpv6_mtu, v, 4, 4, WL_ENC_BIG);
      else if (type == PARAM_PROB)
        wl_add_item (p, top, hf_icmpv6_pointer, v, 4, 4, WL_ENC_BIG);
      else
        wl_add_item (p, top, hf_icmpv6_reserved, v, 4, 4, WL_ENC_BIG);
      if (!in_error)
        dissect_quoted (p, v, 8, top);
      else
        {
          WlView rest = wl_view_sub (v, 8, G_MAXUINT32);
          wl_call_data (p, &rest, top);
        }
      break;
    case ECHO_REQUEST:
    case ECHO_REPLY:
      {
        guint16 id = wl_view_ntohs (v, 4), seq = wl_view_ntohs (v, 6);
        wl_add_item (p, top, hf_icmpv6_echo_identifier, v, 4, 2, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmpv6_echo_sequence_number, v, 6, 2, WL_ENC_BIG);
        if (!wl_view_has (v, 4, 4))
          break;
        if (wl_cols (p))
          {
            wl_col_append_info (p, " id=0x%04x, seq=%u", id, seq);
            if (ip)
              wl_col_append_info (p, ", hop limit=%u", ip->ttl);
          }
        guint32 req = (ip && !in_error) ? echo_match (p, ip, type == ECHO_REPLY, id, seq) : 0;
        if (req)
          {
            wl_col_append_info (p, " (request in %u)", req);
            wl_node_set_generated (wl_add_uint (p, top, hf_icmpv6_resp_to, v, 0, 0, req));
            double ms = (double) (p->ts_ns - wl_frame_store_ts_ns (p->session->store, req)) / 1e6;
            WlNode *rt = wl_add_double (p, top, hf_icmpv6_resptime, v, 0, 0, ms);
            wl_node_set_generated (rt);
            wl_node_set_label (p, rt, "Response Time: %.3f ms", ms);
          }
        WlView rest = wl_view_sub (v, 8, G_MAXUINT32);
        wl_call_data (p, &rest, top);
        break;
      }
    case MLD_QUERY:
      dissect_mld_query (p, top, v);
      break;
    case MLD_REPORT:
    case MLD_DONE:
      wl_add_item (p, top, hf_icmpv6_mld_maximum_response_delay, v, 4, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_reserved, v, 6, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_mld_multicast_address, v, 8, 16, WL_ENC_BIG);
      if (wl_cols (p) && wl_view_has (v, 8, 16))
        wl_col_append_info (p, " %s", ipv6_str (p, v, 8));
      break;
    case MLDV2_REPORT:
      dissect_mldv2_report (p, top, v);
      break;
    case ND_RS:
      wl_add_item (p, top, hf_icmpv6_reserved, v, 4, 4, WL_ENC_BIG);
      dissect_nd_options (p, top, v, 8);
      break;
    case ND_RA:
      {
        guint8 fl = wl_view_u8 (v, 5);
        wl_add_item (p, top, hf_icmpv6_nd_ra_cur_hop_limit, v, 4, 1, WL_ENC_BIG);
        WlNode *fn = wl_add_item (p, top, hf_icmpv6_nd_ra_flag, v, 5, 1, WL_ENC_BIG);
        if (fn && p->full)
          {
            if (fl & 0x80)
              wl_node_append_label (p, fn, ", Managed address configuration");
            if (fl & 0x40)
              wl_node_append_label (p, fn, ", Other configuration");
            if (fl & 0x20)
              wl_node_append_label (p, fn, ", Home Agent");
            wl_node_append_label (p, fn, ", Prf (Default Router Preference): %s",
                                  wl_value_string (icmpv6_nd_ra_flag_prf_vals, (fl >> 3) & 3));
            if (fl & 0x04)
              wl_node_append_label (p, fn, ", Proxy");
          }
        WlNode *fs = fn ? fn : top;
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_m, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_o, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_h, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_prf, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_p, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_ra_flag_rsv, v, 5, 1, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmpv6_nd_ra_router_lifetime, v, 6, 2, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmpv6_nd_ra_reachable_time, v, 8, 4, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmpv6_nd_ra_retrans_timer, v, 12, 4, WL_ENC_BIG);
        dissect_nd_options (p, top, v, 16);
        break;
      }
    case ND_NS:
      wl_add_item (p, top, hf_icmpv6_reserved, v, 4, 4, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_nd_ns_target_address, v, 8, 16, WL_ENC_BIG);
      if (wl_cols (p) && wl_view_has (v, 8, 16))
        wl_col_append_info (p, " for %s", ipv6_str (p, v, 8));
      dissect_nd_options (p, top, v, 24);
      break;
    case ND_NA:
      {
        guint32 fl = wl_view_ntohl (v, 4);
        WlNode *fn = wl_add_item (p, top, hf_icmpv6_nd_na_flag, v, 4, 4, WL_ENC_BIG);
        if (fn && p->full)
          {
            if (fl & 0x80000000u)
              wl_node_append_label (p, fn, ", Router");
            if (fl & 0x40000000u)
              wl_node_append_label (p, fn, ", Solicited");
            if (fl & 0x20000000u)
              wl_node_append_label (p, fn, ", Override");
          }
        WlNode *fs = fn ? fn : top;
        wl_add_item (p, fs, hf_icmpv6_nd_na_flag_r, v, 4, 4, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_na_flag_s, v, 4, 4, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_na_flag_o, v, 4, 4, WL_ENC_BIG);
        wl_add_item (p, fs, hf_icmpv6_nd_na_flag_rsv, v, 4, 4, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmpv6_nd_na_target_address, v, 8, 16, WL_ENC_BIG);
        if (wl_cols (p) && wl_view_has (v, 8, 16))
          {
            wl_col_append_info (p, " %s", ipv6_str (p, v, 8));
            if (fl & 0xe0000000u)
              {
                GString *f = g_string_new (NULL);
                if (fl & 0x80000000u)
                  g_string_append (f, "rtr");
                if (fl & 0x40000000u)
                  g_string_append_printf (f, "%ssol", f->len ? ", " : "");
                if (fl & 0x20000000u)
                  g_string_append_printf (f, "%sovr", f->len ? ", " : "");
                wl_col_append_info (p, " (%s)", f->str);
                g_string_free (f, TRUE);
              }
          }
        dissect_nd_options (p, top, v, 24);
        break;
      }
    case ND_REDIRECT:
      wl_add_item (p, top, hf_icmpv6_reserved, v, 4, 4, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_nd_rd_target_address, v, 8, 16, WL_ENC_BIG);
      wl_add_item (p, top, hf_icmpv6_nd_rd_destination_address, v, 24, 16, WL_ENC_BIG);
      dissect_nd_options (p, top, v, 40);
      break;
    default:
      {
        WlView rest = wl_view_sub (v, 4, G_MAXUINT32);
        wl_call_data (p, &rest, top);
        break;
      }
    }
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_icmpv6_type, { "Type", "icmpv6.type", WL_FT_UINT8, WL_BASE_DEC, icmpv6_type_vals, 0x0, "Indicates the type of the message" } },
  { &hf_icmpv6_code, { "Code", "icmpv6.code", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Depends on the message type.  It is used to create an additional level of message granularity" } },
  { &hf_icmpv6_checksum, { "Checksum", "icmpv6.checksum", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0, "Used to detect data corruption in the ICMPv6 message and parts of the IPv6 header" } },
  { &hf_icmpv6_checksum_status, { "Checksum Status", "icmpv6.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals, 0x0 } },
  { &hf_icmpv6_reserved, { "Reserved", "icmpv6.reserved", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Must be Zero" } },
  { &hf_icmpv6_mtu, { "MTU", "icmpv6.mtu", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The Maximum Transmission Unit of the next-hop link" } },
  { &hf_icmpv6_pointer, { "Pointer", "icmpv6.pointer", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "Identifies the octet offset within the invoking packet where the error was detected" } },
  { &hf_icmpv6_echo_identifier, { "Identifier", "icmpv6.echo.identifier", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0, "An identifier to aid in matching with Request and Reply" } },
  { &hf_icmpv6_echo_sequence_number, { "Sequence", "icmpv6.echo.sequence_number", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "A sequence number to aid in matching Echo Replies to this Echo Request" } },
  { &hf_icmpv6_nd_ra_cur_hop_limit, { "Cur hop limit", "icmpv6.nd.ra.cur_hop_limit", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "The default value that should be placed in the Hop Count field of the IP header for outgoing IP packets" } },
  { &hf_icmpv6_nd_ra_flag, { "Flags", "icmpv6.nd.ra.flag", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_icmpv6_nd_ra_flag_m, { "Managed address configuration", "icmpv6.nd.ra.flag.m", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x80, "When set, it indicates that addresses are available via DHCPv6" } },
  { &hf_icmpv6_nd_ra_flag_o, { "Other configuration", "icmpv6.nd.ra.flag.o", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x40, "When set, it indicates that other configuration information is available via DHCPv6" } },
  { &hf_icmpv6_nd_ra_flag_h, { "Home Agent", "icmpv6.nd.ra.flag.h", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x20, "When set, it indicate that the router sending this Router Advertisement is also functioning as a Mobile IPv6 home agent on this link" } },
  { &hf_icmpv6_nd_ra_flag_prf, { "Prf (Default Router Preference)", "icmpv6.nd.ra.flag.prf", WL_FT_UINT8, WL_BASE_DEC, icmpv6_nd_ra_flag_prf_vals, 0x18, "Indicates whether to prefer this router over other default routers" } },
  { &hf_icmpv6_nd_ra_flag_p, { "Proxy", "icmpv6.nd.ra.flag.p", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x4 } },
  { &hf_icmpv6_nd_ra_flag_rsv, { "Reserved", "icmpv6.nd.ra.flag.rsv", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x3, "Must be Zero" } },
  { &hf_icmpv6_nd_ra_router_lifetime, { "Router lifetime (s)", "icmpv6.nd.ra.router_lifetime", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "The lifetime associated with the default router" } },
  { &hf_icmpv6_nd_ra_reachable_time, { "Reachable time (ms)", "icmpv6.nd.ra.reachable_time", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The time that a node assumes a neighbor is reachable after having received a reachability confirmation" } },
  { &hf_icmpv6_nd_ra_retrans_timer, { "Retrans timer (ms)", "icmpv6.nd.ra.retrans_timer", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The time between retransmitted Neighbor Solicitation messages" } },
  { &hf_icmpv6_nd_ns_target_address, { "Target Address", "icmpv6.nd.ns.target_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "The IP address of the target of the solicitation" } },
  { &hf_icmpv6_nd_na_flag, { "Flags", "icmpv6.nd.na.flag", WL_FT_UINT32, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_icmpv6_nd_na_flag_r, { "Router", "icmpv6.nd.na.flag.r", WL_FT_BOOLEAN, 32, &wl_tfs_set_notset, 0x80000000, "When set, it indicates that the sender is a router" } },
  { &hf_icmpv6_nd_na_flag_s, { "Solicited", "icmpv6.nd.na.flag.s", WL_FT_BOOLEAN, 32, &wl_tfs_set_notset, 0x40000000, "When set, it indicates that the advertisement was sent in response to a Neighbor Solicitation from the Destination address" } },
  { &hf_icmpv6_nd_na_flag_o, { "Override", "icmpv6.nd.na.flag.o", WL_FT_BOOLEAN, 32, &wl_tfs_set_notset, 0x20000000, "When set, it indicates that the advertisement should override an existing cache entry and update the cached link-layer address" } },
  { &hf_icmpv6_nd_na_flag_rsv, { "Reserved", "icmpv6.nd.na.flag.rsv", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x1fffffff, "Must be Zero" } },
  { &hf_icmpv6_nd_na_target_address, { "Target Address", "icmpv6.nd.na.target_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "the Target Address field in the Neighbor Solicitation message that prompted this advertisement" } },
  { &hf_icmpv6_nd_rd_target_address, { "Target Address", "icmpv6.nd.rd.target_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "An IP address that is a better first hop to use for the ICMP Destination Address" } },
  { &hf_icmpv6_nd_rd_destination_address, { "Destination Address", "icmpv6.rd.na.destination_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "The IP address of the destination that is redirected to the target" } },
  { &hf_icmpv6_opt, { "ICMPv6 Option", "icmpv6.opt", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0, "Option" } },
  { &hf_icmpv6_opt_type, { "Type", "icmpv6.opt.type", WL_FT_UINT8, WL_BASE_DEC, icmpv6_opt_type_vals, 0x0, "Options type" } },
  { &hf_icmpv6_opt_length, { "Length", "icmpv6.opt.length", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "The length (in units of 8 bytes) of the option (including the Type and Length fields)" } },
  { &hf_icmpv6_opt_reserved, { "Reserved", "icmpv6.opt.reserved", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0, "Reserved (Must be 0)" } },
  { &hf_icmpv6_opt_linkaddr, { "Link-layer address", "icmpv6.opt.linkaddr", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_opt_src_linkaddr, { "Source Link-layer address", "icmpv6.opt.src_linkaddr", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_opt_target_linkaddr, { "Target Link-layer address", "icmpv6.opt.target_linkaddr", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_opt_data, { "Unknown Data", "icmpv6.unknown_data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_opt_prefix_length, { "Prefix Length", "icmpv6.opt.prefix.length", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "The number of leading bits in the Prefix that are valid" } },
  { &hf_icmpv6_opt_prefix_flag, { "Flag", "icmpv6.opt.prefix.flag", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_icmpv6_opt_prefix_flag_l, { "On-link flag(L)", "icmpv6.opt.prefix.flag.l", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x80, "When set, indicates that this prefix can be used for on-link determination" } },
  { &hf_icmpv6_opt_prefix_flag_a, { "Autonomous address-configuration flag(A)", "icmpv6.opt.prefix.flag.a", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x40, "When set indicates that this prefix can be used for stateless address configuration" } },
  { &hf_icmpv6_opt_prefix_flag_r, { "Router address flag(R)", "icmpv6.opt.prefix.flag.r", WL_FT_BOOLEAN, 8, &wl_tfs_set_notset, 0x20, "When set indicates that the Prefix field contains a complete IP address assigned to the sending router" } },
  { &hf_icmpv6_opt_prefix_flag_reserved, { "Reserved", "icmpv6.opt.prefix.flag.reserved", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x1f } },
  { &hf_icmpv6_opt_prefix_valid_lifetime, { "Valid Lifetime", "icmpv6.opt.prefix.valid_lifetime", WL_FT_UINT32, WL_BASE_DEC, icmpv6_opt_prefix_valid_lifetime_vals, 0x0, "The length of time in seconds that the prefix is valid for the purpose of on-link determination" } },
  { &hf_icmpv6_opt_prefix_preferred_lifetime, { "Preferred Lifetime", "icmpv6.opt.prefix.preferred_lifetime", WL_FT_UINT32, WL_BASE_DEC, icmpv6_opt_prefix_valid_lifetime_vals, 0x0, "The length of time in seconds that addresses generated from the prefix via stateless address autoconfiguration remain preferred" } },
  { &hf_icmpv6_opt_prefix, { "Prefix", "icmpv6.opt.prefix", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "An IP address or a prefix of an IP address" } },
  { &hf_icmpv6_opt_nonce, { "Nonce", "icmpv6.opt.nonce", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "A field containing a random number selected by the sender of the solicitation message" } },
  { &hf_icmpv6_opt_mtu, { "MTU", "icmpv6.opt.mtu", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The recommended MTU for the link" } },
  { &hf_icmpv6_opt_rdnss_lifetime, { "Lifetime", "icmpv6.opt.rdnss.lifetime", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmpv6_opt_rdnss, { "Recursive DNS Servers", "icmpv6.opt.rdnss", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_mld_maximum_response_delay, { "Maximum Response Delay [ms]", "icmpv6.mld.maximum_response_delay", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Specifies the maximum allowed delay before sending a responding Report, in units of milliseconds" } },
  { &hf_icmpv6_mld_multicast_address, { "Multicast Address", "icmpv6.mld.multicast_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "Specific IPv6 multicast address" } },
  { &hf_icmpv6_mld_maximum_response_code, { "Maximum Response Code", "icmpv6.mld.maximum_response_code", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Specifies the maximum allowed delay before sending a responding Report" } },
  { &hf_icmpv6_mld_flag, { "Flags", "icmpv6.mld.flag", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_icmpv6_mld_flag_s, { "Suppress Router-Side Processing", "icmpv6.mld.flag.s", WL_FT_BOOLEAN, 8, NULL, 0x8, "Indicates to any receiving multicast routers that they have to suppress the normal timer updates they perform upon hearing a Query" } },
  { &hf_icmpv6_mld_flag_qrv, { "QRV (Querier's Robustness Variable)", "icmpv6.mld.flag.qrv", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x7, "Contains the RV (Robustness Variable) value used by the Querier" } },
  { &hf_icmpv6_mld_flag_reserved, { "Reserved", "icmpv6.mld.flag.reserved", WL_FT_UINT8, WL_BASE_DEC, NULL, 0xf0, "Must Be Zero" } },
  { &hf_icmpv6_mld_qqi, { "QQIC (Querier's Query Interval Code)", "icmpv6.mld.qqi", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Specifies the QI (Query Interval) used by the Querier" } },
  { &hf_icmpv6_mld_nb_sources, { "Number of Sources", "icmpv6.mld.nb_sources", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Specifies how many source addresses are present in the Query" } },
  { &hf_icmpv6_mld_source_address, { "Source Address", "icmpv6.mld.source_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "The Source Address fields are a vector of unicast addresses" } },
  { &hf_icmpv6_mldr_nb_mcast_records, { "Number of Multicast Address Records", "icmpv6.mldr.nb_mcast_records", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Specifies how many Multicast Address Records are present in this Report" } },
  { &hf_icmpv6_mldr_mar, { "Multicast Address Record", "icmpv6.mldr.mar", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_mldr_mar_record_type, { "Record Type", "icmpv6.mldr.mar.record_type", WL_FT_UINT8, WL_BASE_DEC, icmpv6_mldr_mar_record_type_vals, 0x0, "It specifies the type of the Multicast Address Record" } },
  { &hf_icmpv6_mldr_mar_aux_data_len, { "Aux Data Len", "icmpv6.mldr.mar.aux_data_len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmpv6_mldr_mar_nb_sources, { "Number of Sources", "icmpv6.mldr.mar.nb_sources", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmpv6_mldr_mar_multicast_address, { "Multicast Address", "icmpv6.mldr.mar.multicast_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_mldr_mar_source_address, { "Source Address", "icmpv6.mldr.mar.source_address", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_mldr_mar_auxiliary_data, { "Auxiliary Data", "icmpv6.mldr.mar.auxiliary_data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmpv6_resp_to, { "Response To", "icmpv6.resp_to", WL_FT_FRAMENUM, WL_BASE_NONE, NULL, 0x0, "This is the response to the request in this frame" } },
  { &hf_icmpv6_resptime, { "Response Time", "icmpv6.resptime", WL_FT_DOUBLE, WL_BASE_NONE, NULL, 0x0, "The time between the request and the response, in ms." } },
};

void
wl_register_icmpv6 (void)
{
  proto_icmpv6 = wl_proto_register ("Internet Control Message Protocol v6", "ICMPv6", "icmpv6");
  wl_fields_register (proto_icmpv6, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_icmpv6 (void)
{
  wl_table_add (wl_table_find ("ip.proto"), 58, wl_dissector_register ("icmpv6", dissect_icmpv6, proto_icmpv6));
}
