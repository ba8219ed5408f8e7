/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ethernet II and IEEE 802.3 frames (LINKTYPE_ETHERNET), and the "ethertype" hand-off that every
 * link layer carrying an ethertype shares, with Ethernet's padding and trailer after the payload. */
#include <string.h>
#include "ether-names.h"
#include "field-format.h"
#include "frame-store.h"
#include "l23.h"

static int proto_eth = -1, proto_ethertype = -1;
static int hf_eth_dst = -1, hf_eth_dst_oui = -1, hf_eth_addr = -1, hf_eth_addr_oui = -1;
static int hf_eth_dst_lg = -1, hf_eth_lg = -1, hf_eth_dst_ig = -1, hf_eth_ig = -1;
static int hf_eth_src = -1, hf_eth_src_oui = -1, hf_eth_src_lg = -1, hf_eth_src_ig = -1;
static int hf_eth_type = -1, hf_eth_len = -1, hf_eth_padding = -1, hf_eth_trailer = -1;
static int hf_eth_src_not_group = -1, hf_eth_invalid_lentype = -1, hf_eth_padding_bad = -1;
static int hf_eth_dst_resolved = -1, hf_eth_dst_oui_resolved = -1, hf_eth_src_resolved = -1;
static int hf_eth_src_oui_resolved = -1, hf_eth_addr_resolved = -1, hf_eth_addr_oui_resolved = -1;

static WlTable *etype_table;

const WlValueString wl_etype_vals[] = {
  { 0x800, "IPv4" },
  { 0x86dd, "IPv6" },
  { 0x8100, "802.1Q Virtual LAN" },
  { 0x8102, "Simple Loop Protection Protocol" },
  { 0x8103, "Virtual LACP" },
  { 0x8104, "Simple Loop Protection Protocol (old)" },
  { 0x806, "ARP" },
  { 0x872d, "Cisco Wireless Lan Context Control Protocol" },
  { 0x8783, "Motorola Media Independent Network Transport" },
  { 0x2452, "IEEE 802.11 (Centrino promiscuous)" },
  { 0x600, "XNS Internet Datagram Protocol" },
  { 0x805, "X.25 Layer 3" },
  { 0x842, "Wake on LAN" },
  { 0x8f0, "WiMax Mac-to-Mac" },
  { 0x3e3f, "EPL_V1" },
  { 0x8035, "RARP" },
  { 0x8038, "DEC LanBridge" },
  { 0x809b, "AppleTalk LLAP bridging" },
  { 0x80d5, "SNA-over-Ethernet" },
  { 0x80e1, "EtherNet/IP Device Level Ring" },
  { 0x80f3, "AARP" },
  { 0x8137, "Netware IPX/SPX" },
  { 0xbad, "Vines IP" },
  { 0xbaf, "Vines Echo" },
  { 0x1984, "Netmon Train" },
  { 0x9000, "Loopback" },
  { 0x885a, "Foundry proprietary" },
  { 0x80ff, "Wellfleet Compression Protocol" },
  { 0x8181, "Spanning Tree Protocol" },
  { 0x81fd, "Cabletron Interswitch Message Protocol" },
  { 0x81ff, "Cabletron SFVLAN 1.8 Tag-Based Flood" },
  { 0x8204, "QNX 6 QNET protocol" },
  { 0x8863, "PPPoE Discovery" },
  { 0x8864, "PPPoE Session" },
  { 0x886c, "HomePNA, wlan link local tunnel" },
  { 0x886d, "Intel ANS probe" },
  { 0x886f, "MS NLB heartbeat" },
  { 0x8870, "Jumbo LLC" },
  { 0x8874, "Broadcom tag" },
  { 0x887b, "Homeplug" },
  { 0x88e1, "Homeplug AV" },
  { 0x88e3, "MRP" },
  { 0x88a8, "802.1ad Provider Bridge (Q-in-Q)" },
  { 0x88e5, "802.1AE (MACsec)" },
  { 0x893a, "1905.1a Convergent Digital Home Network for Heterogenous Technologies" },
  { 0x88e7, "802.1ah Provider Backbone Bridge (mac-in-mac)" },
  { 0x893f, "802.1br Bridge Port Extension E-Tag" },
  { 0x888e, "802.1X Authentication" },
  { 0x88c7, "802.11i Pre-Authentication" },
  { 0x8847, "MPLS label switched packet" },
  { 0x8848, "MPLS multicast label switched packet" },
  { 0x3c07, "3Com NBP Datagram" },
  { 0x6000, "DEC proto" },
  { 0x6001, "DEC DNA Dump/Load" },
  { 0x6002, "DEC DNA Remote Console" },
  { 0x6003, "DEC DNA Routing" },
  { 0x6004, "DEC LAT" },
  { 0x6005, "DEC Diagnostics" },
  { 0x6006, "DEC Customer use" },
  { 0x6007, "DEC LAVC/SCA" },
  { 0x8041, "DEC LAST" },
  { 0x6558, "Transparent Ethernet bridging" },
  { 0x2001, "Cisco Group Management Protocol" },
  { 0x22e5, "Gigamon Header" },
  { 0x22ea, "802.1Qat Multiple Stream Reservation Protocol" },
  { 0x88f6, "802.1ak Multiple Mac Registration Protocol" },
  { 0x894f, "Network Service Header" },
  { 0x8988, "PA HB Backup" },
  { 0x22f0, "IEEE 1722 Audio Video Transport Protocol" },
  { 0x22f1, "Robust Header Compression(RoHC)" },
  { 0x22f3, "Transparent Interconnection of Lots of Links" },
  { 0x22f4, "Intermediate System to Intermediate System" },
  { 0x8808, "MAC Control" },
  { 0x8809, "Slow Protocols" },
  { 0x9021, "Real-Time Media Access Control" },
  { 0x9022, "Real-Time Configuration Protocol" },
  { 0x8881, "CDMA2000 A10 Unstructured byte stream" },
  { 0x8884, "ATM over Ethernet" },
  { 0x8892, "PROFINET" },
  { 0x8899, "Realtek Layer 2 Protocols" },
  { 0x88a2, "ATA over Ethernet" },
  { 0x88a4, "EtherCAT frame" },
  { 0x88a1, "Telkonet powerline" },
  { 0x88ab, "ETHERNET Powerlink v2" },
  { 0x88ad, "XiMeta Technology" },
  { 0x889b, "CSM_ENCAPS Protocol" },
  { 0x88b5, "Local Experimental Ethertype 1" },
  { 0x88b6, "Local Experimental Ethertype 2" },
  { 0x88b7, "IEEE 802a OUI Extended Ethertype" },
  { 0x88b8, "IEC 61850/GOOSE" },
  { 0x88b9, "IEC 61850/GSE management services" },
  { 0x88ba, "IEC 61850/SV (Sampled Value Transmission" },
  { 0x88ca, "Transparent Inter Process Communication" },
  { 0x88cc, "802.1 Link Layer Discovery Protocol (LLDP)" },
  { 0x88d2, "CDMA2000 A10 3GPP2 Packet" },
  { 0x891d, "TTEthernet Protocol Control Frame" },
  { 0x88d8, "Circuit Emulation Services over Ethernet (MEF8)" },
  { 0x88d9, "Link Layer Topology Discovery (LLTD)" },
  { 0x88dc, "(WAVE) Short Message Protocol (WSM)" },
  { 0x88de, "VMware Lab Manager" },
  { 0x8819, "Cirrus Cobranet Packet" },
  { 0x8133, "Juniper Netscreen Redundant Protocol" },
  { 0x9104, "EERO Broadcast Packet" },
  { 0x8021, "PPP IP Control Protocol" },
  { 0xc021, "PPP Link Control Protocol" },
  { 0xc023, "PPP Password Authentication Protocol" },
  { 0x80fd, "PPP Compression Control Protocol" },
  { 0xcafe, "Veritas Low Latency Transport (not officially registered)" },
  { 0x8902, "IEEE 802.1ag Connectivity Fault Management (CFM) protocol" },
  { 0x8903, "Data Center Ethernet (DCE) protocol(Cisco)" },
  { 0x8906, "Fibre Channel over Ethernet" },
  { 0x890d, "IEEE 802.11 data encapsulation" },
  { 0x8911, "LINX IPC Protocol" },
  { 0x8914, "FCoE Initialization Protocol" },
  { 0x8917, "Media Independent Handover Protocol" },
  { 0x88ee, "Ethernet Local Management Interface (MEF16)" },
  { 0x88f7, "PTPv2 over Ethernet (IEEE1588)" },
  { 0x88f8, "Network Controller Sideband Interface" },
  { 0x88fb, "Parallel Redundancy Protocol (PRP) and HSR Supervision (IEC62439 Part 3)" },
  { 0x8901, "Flow Layer Internal Protocol" },
  { 0x8915, "RDMA over Converged Ethernet" },
  { 0xd00d, "Digium TDM over Ethernet Protocol" },
  { 0x88b4, "WAI Authentication Protocol" },
  { 0x8926, "VN-Tag" },
  { 0x892b, "Schweitzer Engineering Labs Layer 2 Protocol" },
  { 0x892f, "High-availability Seamless Redundancy (IEC62439 Part 3)" },
  { 0x8ff, "AX.25" },
  { 0x8909, "CiscoMetaData" },
  { 0x8947, "GeoNetworking" },
  { 0xc0de, "eXpressive Internet Protocol" },
  { 0xc0df, "Neighborhood Watch Protocol" },
  { 0x892d, "bluecom Protocol" },
  { 0x9100, "QinQ: old non-standard 802.1ad" },
  { 0x99fe, "Technically Enhanced Capture Module Protocol (TECMP)" },
  { 0xa0ed, "6LoWPAN" },
  { 0xd28b, "Arista Timestamp" },
  { 0xaefe, "eCPRI" },
  { 0xb4e3, "CableLabs Layer-3 Protocol" },
  { 0xe555, "EXos internal Extra Header" },
  { 0xfff2, "Cisco ACI ARP gleaning" },
  { 0xf1c1, "802.1CB Frame Replication and Elimination for Reliability" },
  { 0, NULL }
};

static const WlTrueFalse tfs_lg = { "Locally administered address (this is NOT the factory default)",
                                    "Globally unique address (factory default)" };
static const WlTrueFalse tfs_ig = { "Group address (multicast/broadcast)", "Individual address (unicast)" };

/* The bytes after the payload: zeros that fill the frame up to Ethernet's 60-byte minimum are
 * padding; anything else, or padding that is not all zeros, is the trailer. */
void
wl_eth_add_trailer (WlPacket *p, const WlView *v, guint32 consumed, const WlTrailerInfo *trailer)
{
  if (!trailer || consumed >= v->len)
    return;
  guint32 tlen = v->len - consumed;
  guint32 frame_off = v->base + consumed;
  guint32 pad = 0;
  gboolean short_frame = trailer->padding && v->source == 0 && frame_off < 60;
  if (short_frame)
    {
      pad = MIN (tlen, 60 - frame_off);
      for (guint32 i = 0; i < pad; i++)
        if (wl_view_u8 (v, consumed + i) != 0)
          {
            pad = 0;
            break;
          }
    }
  if (pad > 0)
    wl_add_item (p, trailer->tree, hf_eth_padding, v, consumed, pad, WL_ENC_BIG);
  if (tlen > pad && trailer->hf_trailer >= 0)
    {
      WlNode *t = wl_add_item (p, trailer->tree, trailer->hf_trailer, v, consumed + pad, tlen - pad, WL_ENC_BIG);
      if (short_frame && pad == 0)
        wl_l23_expert (p, t ? t : trailer->tree, hf_eth_padding_bad, v, consumed, tlen, "Note", "Protocol",
                       "Didn't find padding of zeros, and an undecoded trailer exists. There may be padding of non-zeros.");
    }
}

guint32
wl_ethertype_dispatch (WlPacket *p, guint16 etype, const WlView *v, const WlTrailerInfo *trailer)
{
  if (!etype_table)
    etype_table = wl_table_find ("ethertype");
  wl_packet_add_layer (p, "ethertype");
  /* tshark's "Ethertype" dissector: the trailer's expert item is its own */
  int outer = p->cur_proto;
  p->cur_proto = proto_ethertype;
  gboolean found = FALSE;
  guint32 consumed = wl_table_try (etype_table, etype, p, v, NULL, NULL, &found);
  if (!found)
    {
      if (wl_cols (p))
        wl_col_set_protocol (p, wl_arena_printf (p->arena, "0x%04x", etype));
      consumed = wl_call_data (p, v, NULL);
    }
  if (consumed < v->len)
    wl_eth_add_trailer (p, v, consumed, trailer);
  p->cur_proto = outer;
  return v->len;
}

void
wl_l23_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
               const char *severity, const char *group, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  wl_add_expertv (p, parent, hf, v, off, len, severity, group, fmt, ap);
  va_end (ap);
}

/* tshark's hidden "_resolved" strings: the address's name (the bare address when it has none),
 * and the manufacturer's long name when its OUI has one. */
static const char *
resolved_name (WlPacket *p, const WlView *v, guint32 off)
{
  char *s = wl_ether_resolved_dup (v->data + off);
  const char *copy = wl_arena_memdup (p->arena, s, strlen (s) + 1);
  g_free (s);
  return copy;
}

/* The warning on a source address with the group bit set (at off of v), under parent. */
static void
check_source (WlPacket *p, WlNode *parent, const WlView *v, guint32 off)
{
  if (wl_view_u8 (v, off) & 1)
    wl_l23_expert (p, parent, hf_eth_src_not_group, v, off, 6, "Warning", "Protocol",
                   "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)");
}

/* One address (Destination or Source) with the fields tshark hangs under it. */
static void
add_address (WlPacket *p, WlNode *top, const WlView *v, guint32 off, int hf, int hf_oui, int hf_lg, int hf_ig)
{
  WlNode *an = wl_add_item (p, top, hf, v, off, 6, WL_ENC_BIG);
  WlNode *parent = an ? an : top;
  if (hf == hf_eth_src)
    check_source (p, parent, v, off);
  /* The name and the OUI's long name, each looked up once for the two fields that show it,
   * and only when one of them is wanted. */
  gboolean src = hf == hf_eth_src;
  int hf_res = src ? hf_eth_src_resolved : hf_eth_dst_resolved;
  int hf_oui_res = src ? hf_eth_src_oui_resolved : hf_eth_dst_oui_resolved;
  const char *res = NULL, *oui = NULL;
  gsize oui_len = 0;
  if (wl_view_has (v, off, 6) && (wl_wants (p, hf_res) || wl_wants (p, hf_eth_addr_resolved)))
    res = resolved_name (p, v, off);
  if (wl_view_has (v, off, 3) && (wl_wants (p, hf_oui_res) || wl_wants (p, hf_eth_addr_oui_resolved)))
    oui = wl_ether_oui_long_name (v->data + off, &oui_len);
  if (res)
    wl_node_set_hidden (wl_add_string_value (p, parent, hf_res, v, off, 6, res, -1));
  wl_node_set_hidden (wl_add_item (p, parent, hf_oui, v, off, 3, WL_ENC_BIG));
  if (oui)
    wl_node_set_hidden (wl_add_string_value (p, parent, hf_oui_res, v, off, 3, oui, (gssize) oui_len));
  wl_add_item (p, parent, hf_eth_addr, v, off, 6, WL_ENC_BIG);
  if (res)
    wl_node_set_hidden (wl_add_string_value (p, parent, hf_eth_addr_resolved, v, off, 6, res, -1));
  wl_node_set_hidden (wl_add_item (p, parent, hf_eth_addr_oui, v, off, 3, WL_ENC_BIG));
  if (oui)
    wl_node_set_hidden (wl_add_string_value (p, parent, hf_eth_addr_oui_resolved, v, off, 3, oui, (gssize) oui_len));
  wl_add_item (p, parent, hf_lg, v, off, 3, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, parent, hf_eth_lg, v, off, 3, WL_ENC_BIG));
  wl_add_item (p, parent, hf_ig, v, off, 3, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, parent, hf_eth_ig, v, off, 3, WL_ENC_BIG));
}

static guint32
dissect_eth (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  wl_col_set_protocol (p, "ETHER");
  guint16 lentype = wl_view_ntohs (v, 12);
  gboolean is_8023 = wl_view_has (v, 12, 2) && lentype <= 1500;
  if (wl_cols (p))
    wl_col_set_info (p, is_8023 ? "IEEE 802.3 Ethernet" : "Ethernet II");

  WlNode *top = wl_add_proto (p, parent, proto_eth, v, 0, MIN (14, v->len));
  if (top && p->labels && wl_view_has (v, 0, 12))
    {
      GString *s = g_string_new (NULL);
      g_string_append (s, is_8023 ? "IEEE 802.3 Ethernet, Src: " : "Ethernet II, Src: ");
      wl_ether_format_resolved (v->data + 6, TRUE, s);
      g_string_append (s, ", Dst: ");
      wl_ether_format_resolved (v->data, TRUE, s);
      wl_node_set_label (p, top, "%s", s->str);
      g_string_free (s, TRUE);
    }
  /* (a header cut short is marked below whether or not its fields are added, and the expert
   * item raised) */
  if (wl_wants_fields_of (p, proto_eth))
    {
      add_address (p, top, v, 0, hf_eth_dst, hf_eth_dst_oui, hf_eth_dst_lg, hf_eth_dst_ig);
      add_address (p, top, v, 6, hf_eth_src, hf_eth_src_oui, hf_eth_src_lg, hf_eth_src_ig);
    }
  else
    check_source (p, top, v, 6);
  if (!wl_view_has (v, 0, 14))
    {
      p->is_truncated = TRUE;
      return v->len;
    }
  wl_address_set (&p->dl_dst, WL_ADDR_ETHER, v->data);
  wl_address_set (&p->dl_src, WL_ADDR_ETHER, v->data + 6);
  p->net_dst = p->dl_dst;
  p->net_src = p->dl_src;

  WlView payload = wl_view_sub (v, 14, G_MAXUINT32);
  if (is_8023)
    {
      /* IEEE 802.3: a length; the payload (LLC) ends there and the rest is padding/trailer. */
      wl_add_item (p, top, hf_eth_len, v, 12, 2, WL_ENC_BIG);
      WlView llc = wl_view_sub (v, 14, lentype);
      wl_call_data (p, &llc, NULL);
      WlTrailerInfo ti = { top, hf_eth_trailer, TRUE };
      wl_eth_add_trailer (p, &payload, llc.len, &ti);
      return v->len;
    }
  if (lentype < 1536)
    {
      wl_add_item (p, top, hf_eth_invalid_lentype, v, 12, 2, WL_ENC_BIG);
      wl_call_data (p, &payload, NULL);
      return v->len;
    }
  wl_add_item (p, top, hf_eth_type, v, 12, 2, WL_ENC_BIG);
  WlTrailerInfo ti = { top, hf_eth_trailer, TRUE };
  wl_ethertype_dispatch (p, lentype, &payload, &ti);
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_eth_dst, { "Destination", "eth.dst", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Destination Hardware Address" } },
  { &hf_eth_dst_oui, { "Destination OUI", "eth.dst.oui", WL_FT_UINT24, WL_BASE_DEC, NULL, 0x0, "Destination Organizationally Unique Identifier" } },
  { &hf_eth_addr, { "Address", "eth.addr", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Source or Destination Hardware Address" } },
  { &hf_eth_addr_oui, { "Address OUI", "eth.addr.oui", WL_FT_UINT24, WL_BASE_DEC, NULL, 0x0, "Address Organizationally Unique Identifier" } },
  { &hf_eth_dst_lg, { "LG bit", "eth.dst.lg", WL_FT_BOOLEAN, 24, &tfs_lg, 0x20000, "Specifies if this is a locally administered or globally unique (IEEE assigned) address" } },
  { &hf_eth_lg, { "LG bit", "eth.lg", WL_FT_BOOLEAN, 24, &tfs_lg, 0x20000, "Specifies if this is a locally administered or globally unique (IEEE assigned) address" } },
  { &hf_eth_dst_ig, { "IG bit", "eth.dst.ig", WL_FT_BOOLEAN, 24, &tfs_ig, 0x10000, "Specifies if this is an individual (unicast) or group (broadcast/multicast) address" } },
  { &hf_eth_ig, { "IG bit", "eth.ig", WL_FT_BOOLEAN, 24, &tfs_ig, 0x10000, "Specifies if this is an individual (unicast) or group (broadcast/multicast) address" } },
  { &hf_eth_src, { "Source", "eth.src", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Source Hardware Address" } },
  { &hf_eth_src_oui, { "Source OUI", "eth.src.oui", WL_FT_UINT24, WL_BASE_DEC, NULL, 0x0, "Source Organizationally Unique Identifier" } },
  { &hf_eth_src_lg, { "LG bit", "eth.src.lg", WL_FT_BOOLEAN, 24, &tfs_lg, 0x20000, "Specifies if this is a locally administered or globally unique (IEEE assigned) address" } },
  { &hf_eth_src_ig, { "IG bit", "eth.src.ig", WL_FT_BOOLEAN, 24, &tfs_ig, 0x10000, "Specifies if this is an individual (unicast) or group (broadcast/multicast) address" } },
  { &hf_eth_type, { "Type", "eth.type", WL_FT_UINT16, WL_BASE_HEX, wl_etype_vals, 0x0 } },
  { &hf_eth_len, { "Length", "eth.len", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_eth_padding, { "Padding", "eth.padding", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Ethernet Padding" } },
  { &hf_eth_trailer, { "Trailer", "eth.trailer", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Ethernet Trailer or Checksum" } },
  { &hf_eth_padding_bad, { "Padding identification may be inaccurate and impact trailer dissector", "eth.padding_bad", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_eth_dst_resolved, { "Destination (resolved)", "eth.dst_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Destination Hardware Address (resolved)" } },
  { &hf_eth_dst_oui_resolved, { "Destination OUI (resolved)", "eth.dst.oui_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Destination Organizationally Unique Identifier (resolved)" } },
  { &hf_eth_src_resolved, { "Source (resolved)", "eth.src_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Source Hardware Address (resolved)" } },
  { &hf_eth_src_oui_resolved, { "Source OUI (resolved)", "eth.src.oui_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Source Organizationally Unique Identifier (resolved)" } },
  { &hf_eth_addr_resolved, { "Address (resolved)", "eth.addr_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Source or Destination Hardware Address (resolved)" } },
  { &hf_eth_addr_oui_resolved, { "Address OUI (resolved)", "eth.addr.oui_resolved", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Address Organizationally Unique Identifier (resolved)" } },
  { &hf_eth_src_not_group, { "Source MAC must not be a group address: IEEE 802.3-2002, Section 3.2.3(b)", "eth.src_not_group", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_eth_invalid_lentype, { "Invalid length/type", "eth.invalid_lentype", WL_FT_UINT16, WL_BASE_HEX_DEC, NULL, 0x0 } },
};

void
wl_register_eth (void)
{
  proto_eth = wl_proto_register ("Ethernet", "Ethernet", "eth");
  /* a protocol with no tree item of its own, as in tshark */
  proto_ethertype = wl_proto_register ("Ethertype", "Ethertype", "ethertype");
  wl_fields_register (proto_eth, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_eth (void)
{
  WlDissector *d = wl_dissector_register ("eth", dissect_eth, proto_eth);
  etype_table = wl_table_new ("ethertype");
  wl_table_add (wl_table_find ("wtap_encap"), WL_LINKTYPE_ETHERNET, d);
}
