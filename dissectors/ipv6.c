/* SPDX-License-Identifier: GPL-2.0-or-later */
/* IPv6 (protocol "ipv6", ethertype 0x86dd): the fixed header, the extension headers tshark
 * shows as layers of their own (ipv6.hopopts, ipv6.routing, ipv6.fraghdr, ipv6.dstopts),
 * fragment reassembly in the first pass, and the hand-off through "ip.proto". */
#include <string.h>
#include "field-format.h"
#include "l23.h"

static int proto_ipv6 = -1, proto_hopopts = -1, proto_routing = -1, proto_fraghdr = -1, proto_dstopts = -1;
static int hf_ip_version = -1;
static int hf_ipv6_version = -1, hf_ipv6_tclass = -1, hf_ipv6_tclass_dscp = -1, hf_ipv6_tclass_ecn = -1;
static int hf_ipv6_flow = -1, hf_ipv6_plen = -1, hf_ipv6_nxt = -1, hf_ipv6_hlim = -1, hf_ipv6_src = -1;
static int hf_ipv6_addr = -1, hf_ipv6_src_host = -1, hf_ipv6_host = -1, hf_ipv6_dst = -1, hf_ipv6_dst_host = -1;
static int hf_ipv6_src_slaac_mac = -1, hf_ipv6_slaac_mac = -1, hf_ipv6_dst_slaac_mac = -1;
static int hf_ipv6_src_6to4_gw_ipv4 = -1, hf_ipv6_6to4_gw_ipv4 = -1, hf_ipv6_dst_6to4_gw_ipv4 = -1;
static int hf_ipv6_hopopts_nxt = -1, hf_ipv6_hopopts_len = -1, hf_ipv6_hopopts_len_oct = -1;
static int hf_ipv6_dstopts_nxt = -1, hf_ipv6_dstopts_len = -1, hf_ipv6_dstopts_len_oct = -1;
static int hf_ipv6_opt = -1, hf_ipv6_opt_type = -1, hf_ipv6_opt_type_action = -1;
static int hf_ipv6_opt_type_change = -1, hf_ipv6_opt_type_rest = -1, hf_ipv6_opt_length = -1;
static int hf_ipv6_opt_pad1 = -1, hf_ipv6_opt_padn = -1, hf_ipv6_opt_router_alert = -1;
static int hf_ipv6_opt_jumbo = -1, hf_ipv6_opt_unknown = -1;
static int hf_ipv6_routing_nxt = -1, hf_ipv6_routing_len = -1, hf_ipv6_routing_len_oct = -1;
static int hf_ipv6_routing_type = -1, hf_ipv6_routing_segleft = -1, hf_ipv6_routing_src_reserved = -1;
static int hf_ipv6_routing_src_addr = -1, hf_ipv6_routing_unknown_data = -1, hf_ipv6_routing_deprecated = -1;
static int hf_ipv6_fraghdr_nxt = -1, hf_ipv6_fraghdr_reserved_octet = -1, hf_ipv6_fraghdr_offset = -1;
static int hf_ipv6_fraghdr_reserved_bits = -1, hf_ipv6_fraghdr_more = -1, hf_ipv6_fraghdr_ident = -1;
static int hf_ipv6_fragment = -1, hf_ipv6_fragments = -1, hf_ipv6_fragment_count = -1;
static int hf_ipv6_reassembled_length = -1, hf_ipv6_reassembled_data = -1;

static WlTable *ipproto_table;

static const WlValueString ipv6_opt_type_vals[] = {
  { 0, "Pad1" },
  { 1, "PadN" },
  { 4, "Tunnel Encapsulation Limit" },
  { 5, "Router Alert" },
  { 7, "CALIPSO" },
  { 8, "SMF_DPD" },
  { 15, "Performance and Diagnostic Metrics" },
  { 30, "Experimental (0x1E)" },
  { 38, "Quick-Start" },
  { 48, "Path MTU Option" },
  { 49, "IOAM Option" },
  { 62, "Experimental (0x3E)" },
  { 65, "Tunnel Payload Forwarding (TPF) Information" },
  { 94, "Experimental (0x5E)" },
  { 99, "RPL Option" },
  { 109, "MPL Option" },
  { 126, "Experimental (0x7E)" },
  { 138, "Endpoint Identification" },
  { 139, "ILNP Nonce" },
  { 140, "Line-Identification Option" },
  { 158, "Experimental (0x9E)" },
  { 190, "Experimental (0xBE)" },
  { 194, "Jumbo Payload" },
  { 201, "Home Address" },
  { 222, "Experimental (0xDE)" },
  { 238, "IP_DFF" },
  { 254, "Experimental (0xFE)" },
  { 0, NULL }
};
static const WlValueString ipv6_opt_type_action_vals[] = {
  { 0, "Skip and continue" },
  { 1, "Discard" },
  { 2, "Discard and send ICMP Parameter Problem" },
  { 3, "Discard and send ICMP if not multicast" },
  { 0, NULL }
};
static const WlValueString ipv6_opt_router_alert_vals[] = {
  { 0, "MLD" },
  { 1, "RSVP" },
  { 2, "Active Network" },
  { 0, NULL }
};
static const WlValueString ipv6_routing_type_vals[] = {
  { 0, "Source Route" },
  { 1, "Nimrod" },
  { 2, "Type 2 Routing" },
  { 3, "RPL Source Route" },
  { 4, "Segment Routing" },
  { 5, "Compact Routing Header 16" },
  { 6, "Compact Routing Header 32" },
  { 253, "Experiment 1" },
  { 254, "Experiment 2" },
  { 0, NULL }
};

enum { NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_DSTOPTS = 60 };

static void
format_ipv6 (WlPacket *p, const guint8 *a, char **out)
{
  GString *s = g_string_new (NULL);
  wl_format_ipv6 (a, s);
  *out = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
}

/* The address, its hidden twins, and the MAC or IPv4 address it embeds (SLAAC, 6to4). */
static void
add_address (WlPacket *p, WlNode *top, const WlView *v, guint32 off, gboolean is_src)
{
  wl_add_item (p, top, is_src ? hf_ipv6_src : hf_ipv6_dst, v, off, 16, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_ipv6_addr, v, off, 16, WL_ENC_BIG));
  int hf_host = is_src ? hf_ipv6_src_host : hf_ipv6_dst_host;
  if (wl_wants (p, hf_host) || wl_wants (p, hf_ipv6_host))
    {
      char *s;
      format_ipv6 (p, v->data + off, &s);
      wl_node_set_hidden (wl_add_string_value (p, top, hf_host, v, off, 16, s, -1));
      wl_node_set_hidden (wl_add_string_value (p, top, hf_ipv6_host, v, off, 16, s, -1));
    }
}

static void
add_embedded (WlPacket *p, WlNode *top, const WlView *v, guint32 off, gboolean is_src)
{
  const guint8 *a = v->data + off;
  if (a[0] == 0x20 && a[1] == 0x02)
    {
      /* 6to4: 2002:AABB:CCDD::/48 carries the gateway's IPv4 address */
      guint32 gw = ((guint32) a[2] << 24) | ((guint32) a[3] << 16) | ((guint32) a[4] << 8) | a[5];
      wl_node_set_generated (wl_add_ipv4 (p, top, is_src ? hf_ipv6_src_6to4_gw_ipv4 : hf_ipv6_dst_6to4_gw_ipv4, v, off + 2, 4, gw));
      wl_node_set_hidden (wl_add_ipv4 (p, top, hf_ipv6_6to4_gw_ipv4, v, off + 2, 4, gw));
    }
  else if (a[11] == 0xff && a[12] == 0xfe && (a[8] & 0x02))
    {
      /* Modified EUI-64 interface identifier from a universal MAC (tshark shows no other):
       * the MAC with the universal/local bit flipped back */
      guint8 *mac = wl_arena_alloc (p->arena, 6);
      mac[0] = a[8] ^ 0x02;
      mac[1] = a[9];
      mac[2] = a[10];
      mac[3] = a[13];
      mac[4] = a[14];
      mac[5] = a[15];
      wl_node_set_generated (wl_add_bytes_value (p, top, is_src ? hf_ipv6_src_slaac_mac : hf_ipv6_dst_slaac_mac, v, off + 8, 8, mac, 6));
      wl_node_set_hidden (wl_add_bytes_value (p, top, hf_ipv6_slaac_mac, v, off + 8, 8, mac, 6));
    }
}

/* Hop-by-hop and destination options: TLVs after the 2-byte header. */
static void
dissect_options (WlPacket *p, WlNode *eh, const WlView *v, guint32 off, guint32 end)
{
  while (off < end)
    {
      guint8 type = wl_view_u8 (v, off);
      guint32 len = type == 0 ? 1 : 2u + wl_view_u8 (v, off + 1);
      if (off + len > end)
        len = end - off;
      const char *name = wl_value_string (ipv6_opt_type_vals, type);
      WlNode *on = wl_add_none (p, eh, hf_ipv6_opt, v, off, len);
      if (on)
        {
          if (name)
            wl_node_set_label (p, on, "%s", name);
          else
            wl_node_set_label (p, on, "Unknown IPv6 Option (0x%02x)", type);
        }
      WlNode *sub = on ? on : eh;
      WlNode *tn = wl_add_item (p, sub, hf_ipv6_opt_type, v, off, 1, WL_ENC_BIG);
      WlNode *tsub = tn ? tn : sub;
      wl_add_item (p, tsub, hf_ipv6_opt_type_action, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, tsub, hf_ipv6_opt_type_change, v, off, 1, WL_ENC_BIG);
      wl_add_item (p, tsub, hf_ipv6_opt_type_rest, v, off, 1, WL_ENC_BIG);
      if (type == 0)
        {
          wl_add_none (p, sub, hf_ipv6_opt_pad1, v, off, 1);
          off += 1;
          continue;
        }
      wl_add_item (p, sub, hf_ipv6_opt_length, v, off + 1, 1, WL_ENC_BIG);
      guint32 dlen = len >= 2 ? len - 2 : 0;
      switch (type)
        {
        case 1:
          {
            WlNode *n = wl_add_item (p, sub, hf_ipv6_opt_padn, v, off + 2, dlen, WL_ENC_BIG);
            if (dlen == 0)
              wl_node_set_label (p, n, "PadN: <none>");
            break;
          }
        case 5:
          wl_add_item (p, sub, hf_ipv6_opt_router_alert, v, off + 2, 2, WL_ENC_BIG);
          break;
        case 194:
          wl_add_item (p, sub, hf_ipv6_opt_jumbo, v, off + 2, 4, WL_ENC_BIG);
          break;
        default:
          if (dlen)
            wl_add_item (p, sub, hf_ipv6_opt_unknown, v, off + 2, dlen, WL_ENC_BIG);
          break;
        }
      off += len;
    }
}

/* ---- Reassembly ---- */

static WlReasm *
ipv6_reasm (WlPacket *p)
{
  WlReasm *r = wl_session_get_state (p->session, proto_ipv6);
  if (!r)
    {
      r = wl_reasm_new ();
      wl_session_set_state (p->session, proto_ipv6, r, wl_reasm_free);
    }
  return r;
}

/* ---- The header chain ---- */

static guint32
dissect_ipv6 (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  gboolean in_error = data == &wl_ip_in_error_packet;
  wl_col_set_protocol (p, "IPv6");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_ipv6, v, 0, MIN (40, v->len));
  wl_add_item (p, top, hf_ipv6_version, v, 0, 1, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_ip_version, v, 0, 1, WL_ENC_BIG));
  if (!wl_view_has (v, 0, 40))
    {
      wl_add_item (p, top, hf_ipv6_tclass, v, 0, 4, WL_ENC_BIG);
      wl_add_item (p, top, hf_ipv6_plen, v, 4, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  guint32 tc = (wl_view_ntohl (v, 0) >> 20) & 0xff;
  WlNode *tcn = wl_add_item (p, top, hf_ipv6_tclass, v, 0, 4, WL_ENC_BIG);
  if (tcn && p->full)
    {
      const char *dscp = wl_value_string (wl_dscp_short_vals, tc >> 2);
      wl_node_append_label (p, tcn, " (DSCP: %s, ECN: %s)", dscp ? dscp : "Unknown", wl_value_string (wl_ecn_short_vals, tc & 3));
    }
  wl_add_item (p, tcn ? tcn : top, hf_ipv6_tclass_dscp, v, 0, 4, WL_ENC_BIG);
  wl_add_item (p, tcn ? tcn : top, hf_ipv6_tclass_ecn, v, 0, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_ipv6_flow, v, 1, 3, WL_ENC_BIG);
  guint32 plen = wl_view_ntohs (v, 4);
  wl_add_item (p, top, hf_ipv6_plen, v, 4, 2, WL_ENC_BIG);
  guint8 nxt = wl_view_u8 (v, 6);
  wl_add_item (p, top, hf_ipv6_nxt, v, 6, 1, WL_ENC_BIG);
  guint8 hlim = wl_view_u8 (v, 7);
  wl_add_item (p, top, hf_ipv6_hlim, v, 7, 1, WL_ENC_BIG);
  add_address (p, top, v, 8, TRUE);
  add_address (p, top, v, 24, FALSE);
  add_embedded (p, top, v, 8, TRUE);
  add_embedded (p, top, v, 24, FALSE);
  if (top && p->full)
    {
      GString *s = g_string_new ("Internet Protocol Version 6, Src: ");
      wl_format_ipv6 (v->data + 8, s);
      g_string_append (s, ", Dst: ");
      wl_format_ipv6 (v->data + 24, s);
      wl_node_set_label (p, top, "%s", s->str);
      g_string_free (s, TRUE);
    }

  WlIpInfo info = { 0 };
  info.version = 6;
  info.ttl = hlim;
  info.in_error = in_error;
  wl_address_set (&info.src, WL_ADDR_IPv6, v->data + 8);
  wl_address_set (&info.dst, WL_ADDR_IPv6, v->data + 24);
  info.final_dst = info.dst;
  p->net_src = info.src;
  p->net_dst = info.dst;

  /* The packet as the header announces it; a zero length (jumbogram) runs to the end. */
  guint32 total = plen ? 40 + plen : wl_view_reported_remaining (v, 0);
  WlView pkt = wl_view_sub (v, 0, total);
  guint32 off = 40;
  WlView payload = wl_view_sub (&pkt, off, G_MAXUINT32);
  gboolean done = FALSE;
  while (!done)
    {
      switch (nxt)
        {
        case NH_HOPOPTS:
        case NH_DSTOPTS:
        case NH_ROUTING:
          {
            if (!wl_view_has (&pkt, off, 2))
              {
                p->is_truncated = TRUE;
                return MIN (total, v->len);
              }
            guint32 len = (wl_view_u8 (&pkt, off + 1) + 1u) * 8;
            guint8 next = wl_view_u8 (&pkt, off);
            int proto = nxt == NH_HOPOPTS ? proto_hopopts : nxt == NH_DSTOPTS ? proto_dstopts : proto_routing;
            WlNode *eh = wl_add_proto (p, top, proto, &pkt, off, MIN (len, wl_view_remaining (&pkt, off)));
            /* each extension header is a dissector of its own in tshark (expert items' protocol) */
            int outer = p->cur_proto;
            p->cur_proto = proto;
            if (nxt == NH_ROUTING)
              {
                guint8 rtype = wl_view_u8 (&pkt, off + 2);
                const char *rname = wl_value_string (ipv6_routing_type_vals, rtype);
                wl_node_set_label (p, eh, "Routing Header for IPv6 (%s)", rname ? rname : "Unknown");
                wl_add_item (p, eh, hf_ipv6_routing_nxt, &pkt, off, 1, WL_ENC_BIG);
                wl_add_item (p, eh, hf_ipv6_routing_len, &pkt, off + 1, 1, WL_ENC_BIG);
                WlNode *lo = wl_add_uint (p, eh, hf_ipv6_routing_len_oct, &pkt, off + 1, 1, len);
                wl_node_set_generated (lo);
                wl_node_set_label (p, lo, "Length: %u bytes", len);
                WlNode *rtn = wl_add_item (p, eh, hf_ipv6_routing_type, &pkt, off + 2, 1, WL_ENC_BIG);
                if (rtype == 0 || rtype == 1)
                  wl_l23_expert (p, rtn ? rtn : eh, hf_ipv6_routing_deprecated, &pkt, off + 2, 1, "Note", "Deprecated",
                                 "Routing header type is deprecated");
                wl_add_item (p, eh, hf_ipv6_routing_segleft, &pkt, off + 3, 1, WL_ENC_BIG);
                guint8 segleft = wl_view_u8 (&pkt, off + 3);
                if ((rtype == 0 || rtype == 2) && segleft > 0 && len >= 24 && wl_view_has (&pkt, off, len))
                  {
                    /* the upper layer's checksum covers the final destination */
                    guint32 last = off + 8 + ((len - 8) / 16 - 1) * 16;
                    wl_address_set (&info.final_dst, WL_ADDR_IPv6, pkt.data + last);
                  }
                if (rtype == 0)
                  {
                    wl_add_item (p, eh, hf_ipv6_routing_src_reserved, &pkt, off + 4, 4, WL_ENC_BIG);
                    guint n = 1;
                    for (guint32 a = off + 8; a + 16 <= off + len; a += 16, n++)
                      {
                        WlNode *an = wl_add_item (p, eh, hf_ipv6_routing_src_addr, &pkt, a, 16, WL_ENC_BIG);
                        if (an && p->full)
                          {
                            GString *s = g_string_new (NULL);
                            g_string_append_printf (s, "Address[%u]: ", n);
                            wl_format_ipv6 (pkt.data + a, s);
                            wl_node_set_label (p, an, "%s", s->str);
                            g_string_free (s, TRUE);
                          }
                      }
                  }
                else if (len > 4)
                  wl_add_item (p, eh, hf_ipv6_routing_unknown_data, &pkt, off + 4, len - 4, WL_ENC_BIG);
              }
            else
              {
                gboolean hop = nxt == NH_HOPOPTS;
                wl_add_item (p, eh, hop ? hf_ipv6_hopopts_nxt : hf_ipv6_dstopts_nxt, &pkt, off, 1, WL_ENC_BIG);
                wl_add_item (p, eh, hop ? hf_ipv6_hopopts_len : hf_ipv6_dstopts_len, &pkt, off + 1, 1, WL_ENC_BIG);
                WlNode *lo = wl_add_uint (p, eh, hop ? hf_ipv6_hopopts_len_oct : hf_ipv6_dstopts_len_oct, &pkt, off + 1, 1, len);
                wl_node_set_generated (lo);
                wl_node_set_label (p, lo, "Length: %u bytes", len);
                if (wl_view_has (&pkt, off, len))
                  dissect_options (p, eh, &pkt, off + 2, off + len);
              }
            p->cur_proto = outer;
            if (!wl_view_has (&pkt, off, len))
              {
                p->is_truncated = TRUE;
                return MIN (total, v->len);
              }
            nxt = next;
            off += len;
            payload = wl_view_sub (&pkt, off, G_MAXUINT32);
            break;
          }
        case NH_FRAGMENT:
          {
            WlNode *eh = wl_add_proto (p, top, proto_fraghdr, &pkt, off, MIN (8, wl_view_remaining (&pkt, off)));
            wl_add_item (p, eh, hf_ipv6_fraghdr_nxt, &pkt, off, 1, WL_ENC_BIG);
            wl_add_item (p, eh, hf_ipv6_fraghdr_reserved_octet, &pkt, off + 1, 1, WL_ENC_BIG);
            WlNode *on = wl_add_item (p, eh, hf_ipv6_fraghdr_offset, &pkt, off + 2, 2, WL_ENC_BIG);
            wl_add_item (p, eh, hf_ipv6_fraghdr_reserved_bits, &pkt, off + 2, 2, WL_ENC_BIG);
            wl_add_item (p, eh, hf_ipv6_fraghdr_more, &pkt, off + 2, 2, WL_ENC_BIG);
            wl_add_item (p, eh, hf_ipv6_fraghdr_ident, &pkt, off + 4, 4, WL_ENC_BIG);
            if (!wl_view_has (&pkt, off, 8))
              {
                p->is_truncated = TRUE;
                return MIN (total, v->len);
              }
            guint8 next = wl_view_u8 (&pkt, off);
            guint16 fo = wl_view_ntohs (&pkt, off + 2);
            guint32 frag_off = (guint32) (fo >> 3) * 8;
            gboolean more = fo & 1;
            guint32 ident = wl_view_ntohl (&pkt, off + 4);
            wl_node_append_label (p, on, " (%u bytes)", frag_off);
            off += 8;
            payload = wl_view_sub (&pkt, off, G_MAXUINT32);
            nxt = next;
            if (frag_off == 0 && !more)
              break; /* an atomic fragment: the payload is whole */
            const WlReasmDone *rd = NULL;
            if (!in_error && payload.len == payload.reported && payload.len > 0)
              {
                if (!p->visited)
                  {
                    guint8 key[36];
                    memcpy (key, v->data + 8, 32);
                    memcpy (key + 32, pkt.data + off - 4, 4);
                    rd = wl_reasm_add (ipv6_reasm (p), key, sizeof key, p->number, frag_off, payload.data, payload.len, more);
                    if (rd)
                      wl_frame_data_set (p, proto_ipv6, 0, (gpointer) rd);
                  }
                else
                  rd = wl_frame_data_get (p, proto_ipv6, 0);
              }
            if (!rd)
              {
                if (wl_cols (p))
                  wl_col_set_info (p, "IPv6 fragment (off=%u more=%c ident=0x%08x nxt=%u)", frag_off, more ? 'y' : 'n', ident, next);
                wl_call_data (p, &payload, parent);
                return MIN (total, v->len);
              }
            payload = wl_packet_add_source (p, rd->data, rd->len, "Reassembled IPv6");
            wl_reasm_add_tree (p, top, &payload, rd, hf_ipv6_fragments, hf_ipv6_fragment, hf_ipv6_fragment_count,
                               hf_ipv6_reassembled_length, "IPv6");
            if (p->full)
              {
                WlNode *dn = wl_add_bytes_value (p, top, hf_ipv6_reassembled_data, &payload, 0, payload.len, rd->data, rd->len);
                wl_node_set_generated (dn);
                if (dn && rd->len > 36)
                  {
                    GString *s = g_string_new ("Reassembled IPv6 data: ");
                    for (guint i = 0; i < 36; i++)
                      g_string_append_printf (s, "%02x", rd->data[i]);
                    g_string_append (s, "\xe2\x80\xa6");
                    wl_node_set_label (p, dn, "%s", s->str);
                    g_string_free (s, TRUE);
                  }
              }
            info.reassembled = TRUE;
            done = TRUE;
            break;
          }
        default:
          done = TRUE;
          break;
        }
    }
  wl_node_set_len (top, MIN (off, v->len));
  info.proto = nxt;
  info.payload_len = payload.reported;

  gboolean found = FALSE;
  if (nxt != 59)
    wl_table_try (ipproto_table, nxt, p, &payload, parent, &info, &found);
  if (!found && nxt != 59)
    {
      const char *s = wl_value_string (wl_ipproto_vals, nxt);
      if (wl_cols (p))
        wl_col_set_info (p, "%s (%u)", s ? s : "Unknown", nxt);
      wl_call_data (p, &payload, parent);
    }
  return MIN (total, v->len);
}

static WlFieldReg fields[] = {
  { &hf_ipv6_version, { "Version", "ipv6.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0xf0 } },
  /* IPv6's own field named ip.version, as Wireshark registers it (ek: ipv6_ip_version) */
  { &hf_ip_version, { "Version", "ip.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0xf0 } },
  { &hf_ipv6_tclass, { "Traffic Class", "ipv6.tclass", WL_FT_UINT32, WL_BASE_HEX, NULL, 0xff00000 } },
  { &hf_ipv6_tclass_dscp, { "Differentiated Services Codepoint", "ipv6.tclass.dscp", WL_FT_UINT32, WL_BASE_DEC, wl_dscp_vals, 0xfc00000 } },
  { &hf_ipv6_tclass_ecn, { "Explicit Congestion Notification", "ipv6.tclass.ecn", WL_FT_UINT32, WL_BASE_DEC, wl_ecn_vals, 0x300000 } },
  { &hf_ipv6_flow, { "Flow Label", "ipv6.flow", WL_FT_UINT24, WL_BASE_HEX, NULL, 0xfffff } },
  { &hf_ipv6_plen, { "Payload Length", "ipv6.plen", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ipv6_nxt, { "Next Header", "ipv6.nxt", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ipv6_hlim, { "Hop Limit", "ipv6.hlim", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ipv6_src, { "Source Address", "ipv6.src", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "Source IPv6 Address" } },
  { &hf_ipv6_addr, { "Source or Destination Address", "ipv6.addr", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_src_host, { "Source Host", "ipv6.src_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Source IPv6 Host" } },
  { &hf_ipv6_host, { "Source or Destination Host", "ipv6.host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_dst, { "Destination Address", "ipv6.dst", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "Destination IPv6 Address" } },
  { &hf_ipv6_dst_host, { "Destination Host", "ipv6.dst_host", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Destination IPv6 Host" } },
  { &hf_ipv6_src_slaac_mac, { "Source SLAAC MAC", "ipv6.src_slaac_mac", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Source IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier" } },
  { &hf_ipv6_slaac_mac, { "SLAAC MAC", "ipv6.slaac_mac", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier" } },
  { &hf_ipv6_dst_slaac_mac, { "Destination SLAAC MAC", "ipv6.dst_slaac_mac", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Destination IPv6 Stateless Address Autoconfiguration (SLAAC) 48-bit MAC Identifier" } },
  { &hf_ipv6_src_6to4_gw_ipv4, { "Source 6to4 Gateway IPv4", "ipv6.src_6to4_gw_ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Source IPv6 6to4 Gateway IPv4 Address" } },
  { &hf_ipv6_6to4_gw_ipv4, { "6to4 Gateway IPv4", "ipv6.6to4_gw_ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "IPv6 6to4 Gateway IPv4 Address" } },
  { &hf_ipv6_dst_6to4_gw_ipv4, { "Destination 6to4 Gateway IPv4", "ipv6.dst_6to4_gw_ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Destination IPv6 6to4 Gateway IPv4 Address" } },
  { &hf_ipv6_opt, { "IPv6 Option", "ipv6.opt", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0, "Option" } },
  { &hf_ipv6_opt_type, { "Type", "ipv6.opt.type", WL_FT_UINT8, WL_BASE_HEX, ipv6_opt_type_vals, 0x0, "Option type" } },
  { &hf_ipv6_opt_type_action, { "Action", "ipv6.opt.type.action", WL_FT_UINT8, WL_BASE_DEC, ipv6_opt_type_action_vals, 0xc0, "Action for unrecognized option type" } },
  { &hf_ipv6_opt_type_change, { "May Change", "ipv6.opt.type.change", WL_FT_BOOLEAN, 8, &wl_tfs_yes_no, 0x20, "Whether the option data may change en-route" } },
  { &hf_ipv6_opt_type_rest, { "Low-Order Bits", "ipv6.opt.type.rest", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x1f, "Remaining low-order bits" } },
  { &hf_ipv6_opt_length, { "Length", "ipv6.opt.length", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Option length in octets" } },
  { &hf_ipv6_opt_pad1, { "Pad1", "ipv6.opt.pad1", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0, "Pad1 Option" } },
  { &hf_ipv6_opt_padn, { "PadN", "ipv6.opt.padn", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "PadN Option" } },
  { &hf_ipv6_opt_router_alert, { "Router Alert", "ipv6.opt.router_alert", WL_FT_UINT16, WL_BASE_DEC, ipv6_opt_router_alert_vals, 0x0, "Router Alert Option" } },
  { &hf_ipv6_opt_jumbo, { "Payload Length", "ipv6.opt.jumbo", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "IPv6 (Jumbo) Payload Length" } },
  { &hf_ipv6_opt_unknown, { "Unknown Option Payload", "ipv6.opt.unknown", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_fragment, { "IPv6 Fragment", "ipv6.fragment", WL_FT_FRAMENUM, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_fragments, { "IPv6 Fragments", "ipv6.fragments", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_fragment_count, { "Fragment count", "ipv6.fragment.count", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_ipv6_reassembled_length, { "Reassembled IPv6 length", "ipv6.reassembled.length", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "The total length of the reassembled payload" } },
  { &hf_ipv6_reassembled_data, { "Reassembled IPv6 data", "ipv6.reassembled.data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "The reassembled payload" } },
};

static WlFieldReg hopopts_fields[] = {
  { &hf_ipv6_hopopts_nxt, { "Next Header", "ipv6.hopopts.nxt", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ipv6_hopopts_len, { "Length", "ipv6.hopopts.len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Extension header length in 8-octet words (minus 1)" } },
  { &hf_ipv6_hopopts_len_oct, { "Length", "ipv6.hopopts.len_oct", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Extension header length in octets" } },
};

static WlFieldReg dstopts_fields[] = {
  { &hf_ipv6_dstopts_nxt, { "Next Header", "ipv6.dstopts.nxt", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ipv6_dstopts_len, { "Length", "ipv6.dstopts.len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Extension header length in 8-octet words (minus 1)" } },
  { &hf_ipv6_dstopts_len_oct, { "Length", "ipv6.dstopts.len_oct", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Extension header length in octets" } },
};

static WlFieldReg routing_fields[] = {
  { &hf_ipv6_routing_nxt, { "Next Header", "ipv6.routing.nxt", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ipv6_routing_len, { "Length", "ipv6.routing.len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Extension header length in 8-octet words (minus 1)" } },
  { &hf_ipv6_routing_len_oct, { "Length", "ipv6.routing.len_oct", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Extension header length in octets" } },
  { &hf_ipv6_routing_type, { "Type", "ipv6.routing.type", WL_FT_UINT8, WL_BASE_DEC, ipv6_routing_type_vals, 0x0, "Routing Header Type" } },
  { &hf_ipv6_routing_segleft, { "Segments Left", "ipv6.routing.segleft", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Routing Header Segments Left" } },
  { &hf_ipv6_routing_src_reserved, { "Reserved", "ipv6.routing.src.reserved", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Must be zero" } },
  { &hf_ipv6_routing_src_addr, { "Address", "ipv6.routing.src.addr", WL_FT_IPv6, WL_BASE_NONE, NULL, 0x0, "Source Routing Header Address" } },
  { &hf_ipv6_routing_deprecated, { "Routing header type is deprecated", "ipv6.routing.deprecated", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_ipv6_routing_unknown_data, { "Type-Specific Data", "ipv6.routing.unknown_data", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Unknown routing header type-specific data" } },
};

static WlFieldReg fraghdr_fields[] = {
  { &hf_ipv6_fraghdr_nxt, { "Next header", "ipv6.fraghdr.nxt", WL_FT_UINT8, WL_BASE_DEC, wl_ipproto_vals, 0x0 } },
  { &hf_ipv6_fraghdr_reserved_octet, { "Reserved octet", "ipv6.fraghdr.reserved_octet", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x0, "Should always be 0" } },
  { &hf_ipv6_fraghdr_offset, { "Offset", "ipv6.fraghdr.offset", WL_FT_UINT16, WL_BASE_DEC, NULL, 0xfff8, "Fragment Offset" } },
  { &hf_ipv6_fraghdr_reserved_bits, { "Reserved bits", "ipv6.fraghdr.reserved_bits", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x6 } },
  { &hf_ipv6_fraghdr_more, { "More Fragments", "ipv6.fraghdr.more", WL_FT_BOOLEAN, 16, &wl_tfs_yes_no, 0x1 } },
  { &hf_ipv6_fraghdr_ident, { "Identification", "ipv6.fraghdr.ident", WL_FT_UINT32, WL_BASE_HEX, NULL, 0x0, "Fragment Identification" } },
};

void
wl_register_ipv6 (void)
{
  proto_ipv6 = wl_proto_register ("Internet Protocol Version 6", "IPv6", "ipv6");
  wl_fields_register (proto_ipv6, fields, G_N_ELEMENTS (fields));
  proto_hopopts = wl_proto_register ("IPv6 Hop-by-Hop Option", "IPv6 Hop-by-Hop", "ipv6.hopopts");
  wl_fields_register (proto_hopopts, hopopts_fields, G_N_ELEMENTS (hopopts_fields));
  proto_routing = wl_proto_register ("Routing Header for IPv6", "IPv6 Routing", "ipv6.routing");
  wl_fields_register (proto_routing, routing_fields, G_N_ELEMENTS (routing_fields));
  proto_fraghdr = wl_proto_register ("Fragment Header for IPv6", "IPv6 Fragment", "ipv6.fraghdr");
  wl_fields_register (proto_fraghdr, fraghdr_fields, G_N_ELEMENTS (fraghdr_fields));
  proto_dstopts = wl_proto_register ("Destination Options for IPv6", "IPv6 Destination", "ipv6.dstopts");
  wl_fields_register (proto_dstopts, dstopts_fields, G_N_ELEMENTS (dstopts_fields));
}

void
wl_handoff_ipv6 (void)
{
  WlDissector *d = wl_dissector_register ("ipv6", dissect_ipv6, proto_ipv6);
  ipproto_table = wl_table_new ("ip.proto");
  wl_table_add (wl_table_find ("ethertype"), 0x86dd, d);
  wl_table_add (ipproto_table, 41, d);
}
