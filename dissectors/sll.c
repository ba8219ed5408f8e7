/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Linux "cooked" captures (tcpdump -i any): LINKTYPE_LINUX_SLL (v1, 16-byte header) and
 * LINKTYPE_LINUX_SLL2 (v2, 20 bytes, with the interface index). tshark calls both "sll". */
#include "frame-store.h"
#include "l23.h"

static int proto_sll = -1;
static int hf_sll_pkttype = -1, hf_sll_hatype = -1, hf_sll_halen = -1, hf_sll_src_eth = -1;
static int hf_sll_src_ipv4 = -1, hf_sll_src_other = -1, hf_sll_unused = -1, hf_sll_ltype = -1;
static int hf_sll_gretype = -1, hf_sll_etype = -1, hf_sll_trailer = -1, hf_sll_ifindex = -1;

static const WlValueString sll_pkttype_vals[] = {
  { 0, "Unicast to us" },
  { 1, "Broadcast" },
  { 2, "Multicast" },
  { 3, "Unicast to another host" },
  { 4, "Sent by us" },
  { 0, NULL }
};
static const WlValueString sll_ltype_vals[] = {
  { 0x1, "Raw 802.3" },
  { 0x3, "Ethernet" },
  { 0x4, "802.2 LLC" },
  { 0x7, "PPP (HDLC)" },
  { 0xc, "CAN" },
  { 0xd, "CAN FD" },
  { 0x17, "IrDA LAP" },
  { 0xf5, "ISI" },
  { 0xf6, "IEEE 802.15.4" },
  { 0, NULL }
};
static const WlValueString sll_gretype_vals[] = {
  { 0x0, "Possible GRE keepalive packet" },
  { 0x880b, "PPP" },
  { 0x800, "IP" },
  { 0x806, "ARP" },
  { 0xfe, "OSI" },
  { 0x883e, "WCCP" },
  { 0x2000, "CDP (Cisco)" },
  { 0x2001, "NHRP" },
  { 0x88be, "ERSPAN" },
  { 0x22eb, "ERSPAN III" },
  { 0x6400, "MIKROTIK EoIP" },
  { 0xfeae, "AIROHIVE AP AP" },
  { 0x8137, "IPX" },
  { 0x6558, "Transparent Ethernet bridging" },
  { 0x6559, "Frame Relay" },
  { 0x86dd, "IPv6" },
  { 0x8847, "MPLS label switched packet" },
  { 0x894f, "Network Service Header" },
  { 0x8881, "CDMA2000 A10 Unstructured byte stream" },
  { 0x88d2, "CDMA2000 A10 3GPP2 Packet" },
  { 0x8909, "CiscoMetaData" },
  { 0xb7ea, "Huawei GRE bonding" },
  { 0x8200, "ARUBA WLAN" },
  { 0x8210, "ARUBA WLAN" },
  { 0x8220, "ARUBA WLAN" },
  { 0x8230, "ARUBA WLAN" },
  { 0x8240, "ARUBA WLAN" },
  { 0x8250, "ARUBA WLAN" },
  { 0x8260, "ARUBA WLAN" },
  { 0x8270, "ARUBA WLAN" },
  { 0x8280, "ARUBA WLAN" },
  { 0x8290, "ARUBA WLAN" },
  { 0x82a0, "ARUBA WLAN" },
  { 0x82b0, "ARUBA WLAN" },
  { 0x82c0, "ARUBA WLAN" },
  { 0x82d0, "ARUBA WLAN" },
  { 0x82e0, "ARUBA WLAN" },
  { 0x82f0, "ARUBA WLAN" },
  { 0x8300, "ARUBA WLAN" },
  { 0x8310, "ARUBA WLAN" },
  { 0x8320, "ARUBA WLAN" },
  { 0x8330, "ARUBA WLAN" },
  { 0x8340, "ARUBA WLAN" },
  { 0x8350, "ARUBA WLAN" },
  { 0x8360, "ARUBA WLAN" },
  { 0x8370, "ARUBA WLAN" },
  { 0x9000, "ARUBA WLAN" },
  { 0, NULL }
};

enum { ARPHRD_IPGRE = 778 };

/* The source link-layer address: up to 8 bytes, the rest of the 8 unused. */
static void
add_source (WlPacket *p, WlNode *top, const WlView *v, guint32 off, guint16 halen)
{
  if (halen == 6)
    wl_add_item (p, top, hf_sll_src_eth, v, off, 6, WL_ENC_BIG);
  else if (halen == 4)
    wl_add_item (p, top, hf_sll_src_ipv4, v, off, 4, WL_ENC_BIG);
  else if (halen > 0)
    wl_add_item (p, top, hf_sll_src_other, v, off, MIN (halen, 8), WL_ENC_BIG);
  if (halen < 8)
    wl_add_item (p, top, hf_sll_unused, v, off + halen, 8 - halen, WL_ENC_BIG);
  if (halen == 6 && wl_view_has (v, off, 6))
    wl_address_set (&p->dl_src, WL_ADDR_ETHER, v->data + off);
}

/* The payload by protocol: GRE types straight to their dissector, Linux pseudo types (below
 * 1536) to data, ethertypes through the ethertype table. */
static void
dissect_payload (WlPacket *p, const WlView *v, WlNode *top, guint32 proto_off, guint32 hdr_len, guint16 hatype)
{
  guint16 proto = wl_view_ntohs (v, proto_off);
  WlView payload = wl_view_sub (v, hdr_len, G_MAXUINT32);
  if (hatype == ARPHRD_IPGRE)
    {
      wl_add_item (p, top, hf_sll_gretype, v, proto_off, 2, WL_ENC_BIG);
      gboolean found = FALSE;
      wl_table_try (wl_table_find ("ethertype"), proto, p, &payload, NULL, NULL, &found);
      if (!found)
        wl_call_data (p, &payload, NULL);
      return;
    }
  if (proto < 1536)
    {
      wl_add_item (p, top, hf_sll_ltype, v, proto_off, 2, WL_ENC_BIG);
      wl_call_data (p, &payload, NULL);
      return;
    }
  wl_add_item (p, top, hf_sll_etype, v, proto_off, 2, WL_ENC_BIG);
  WlTrailerInfo ti = { top, hf_sll_trailer, FALSE };
  wl_ethertype_dispatch (p, proto, &payload, &ti);
}

static void
set_columns (WlPacket *p, guint16 pkttype)
{
  wl_col_set_protocol (p, "SLL");
  if (wl_cols (p))
    {
      const char *s = wl_value_string (sll_pkttype_vals, pkttype);
      if (s)
        wl_col_set_info (p, "%s", s);
      else
        wl_col_set_info (p, "Unknown (%u)", pkttype);
    }
}

static guint32
dissect_sll (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  set_columns (p, wl_view_ntohs (v, 0));
  WlNode *top = wl_add_proto (p, parent, proto_sll, v, 0, MIN (16, v->len));
  wl_node_set_label (p, top, "Linux cooked capture v1");
  wl_add_item (p, top, hf_sll_pkttype, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_hatype, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_halen, v, 4, 2, WL_ENC_BIG);
  if (!wl_view_has (v, 0, 16))
    {
      p->is_truncated = TRUE;
      return v->len;
    }
  guint16 hatype = wl_view_ntohs (v, 2);
  add_source (p, top, v, 6, wl_view_ntohs (v, 4));
  dissect_payload (p, v, top, 14, 16, hatype);
  return v->len;
}

static guint32
dissect_sll2 (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  set_columns (p, wl_view_u8 (v, 10));
  WlNode *top = wl_add_proto (p, parent, proto_sll, v, 0, MIN (20, v->len));
  wl_node_set_label (p, top, "Linux cooked capture v2");
  if (!wl_view_has (v, 0, 20))
    {
      wl_add_item (p, top, hf_sll_etype, v, 0, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  guint16 hatype = wl_view_ntohs (v, 8);
  guint16 proto = wl_view_ntohs (v, 0);
  /* v2 puts the protocol first; its field depends on the address type read further on */
  int hf_proto = hatype == ARPHRD_IPGRE ? hf_sll_gretype : proto < 1536 ? hf_sll_ltype : hf_sll_etype;
  wl_add_item (p, top, hf_proto, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_ifindex, v, 4, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_hatype, v, 8, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_pkttype, v, 10, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_sll_halen, v, 11, 1, WL_ENC_BIG);
  add_source (p, top, v, 12, wl_view_u8 (v, 11));

  WlView payload = wl_view_sub (v, 20, G_MAXUINT32);
  if (hatype == ARPHRD_IPGRE || proto < 1536)
    {
      gboolean found = FALSE;
      if (hatype == ARPHRD_IPGRE)
        wl_table_try (wl_table_find ("ethertype"), proto, p, &payload, NULL, NULL, &found);
      if (!found)
        wl_call_data (p, &payload, NULL);
      return v->len;
    }
  WlTrailerInfo ti = { top, hf_sll_trailer, FALSE };
  wl_ethertype_dispatch (p, proto, &payload, &ti);
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_sll_pkttype, { "Packet type", "sll.pkttype", WL_FT_UINT16, WL_BASE_DEC, sll_pkttype_vals, 0x0 } },
  { &hf_sll_hatype, { "Link-layer address type", "sll.hatype", WL_FT_UINT16, WL_BASE_DEC, wl_arp_hw_type_vals, 0x0 } },
  { &hf_sll_halen, { "Link-layer address length", "sll.halen", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_sll_src_eth, { "Source", "sll.src.eth", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0, "Source link-layer address" } },
  { &hf_sll_src_ipv4, { "Source", "sll.src.ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Source link-layer address" } },
  { &hf_sll_src_other, { "Source", "sll.src.other", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Source link-layer address" } },
  { &hf_sll_unused, { "Unused", "sll.unused", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Unused bytes" } },
  { &hf_sll_ltype, { "Protocol", "sll.ltype", WL_FT_UINT16, WL_BASE_HEX, sll_ltype_vals, 0x0, "Linux protocol type" } },
  { &hf_sll_gretype, { "Protocol", "sll.gretype", WL_FT_UINT16, WL_BASE_HEX, sll_gretype_vals, 0x0, "GRE protocol type" } },
  { &hf_sll_etype, { "Protocol", "sll.etype", WL_FT_UINT16, WL_BASE_HEX, wl_etype_vals, 0x0, "Ethernet protocol type" } },
  { &hf_sll_trailer, { "Trailer", "sll.trailer", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_sll_ifindex, { "Interface index", "sll.ifindex", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
};

void
wl_register_sll (void)
{
  proto_sll = wl_proto_register ("Linux cooked-mode capture", "SLL", "sll");
  wl_fields_register (proto_sll, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_sll (void)
{
  WlTable *encap = wl_table_find ("wtap_encap");
  wl_table_add (encap, WL_LINKTYPE_LINUX_SLL, wl_dissector_register ("sll", dissect_sll, proto_sll));
  wl_table_add (encap, WL_LINKTYPE_LINUX_SLL2, wl_dissector_register ("sll2", dissect_sll2, proto_sll));
}
