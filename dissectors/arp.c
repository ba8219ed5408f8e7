/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ARP and RARP (ethertypes 0x0806, 0x8035): the addresses, and tshark's Info text ("Who has
 * 192.0.2.1? Tell 192.0.2.2", "192.0.2.1 is at 00:16:3e:5c:22:02"). */
#include <string.h>
#include "field-format.h"
#include "l23.h"

static int proto_arp = -1;
static int hf_arp_hw_type = -1, hf_arp_proto_type = -1, hf_arp_hw_size = -1, hf_arp_proto_size = -1;
static int hf_arp_opcode = -1, hf_arp_isgratuitous = -1, hf_arp_isprobe = -1, hf_arp_isannouncement = -1;
static int hf_arp_src_hw = -1, hf_arp_src_hw_mac = -1, hf_arp_src_proto = -1, hf_arp_src_proto_ipv4 = -1;
static int hf_arp_dst_hw = -1, hf_arp_dst_hw_mac = -1, hf_arp_dst_proto = -1, hf_arp_dst_proto_ipv4 = -1;

/* ARP hardware types, also Linux cooked capture's address types (sll.c) */
const WlValueString wl_arp_hw_type_vals[] = {
  { 0, "NET/ROM pseudo" },
  { 1, "Ethernet" },
  { 2, "Experimental Ethernet" },
  { 3, "AX.25" },
  { 4, "ProNET" },
  { 5, "Chaos" },
  { 6, "IEEE 802" },
  { 7, "ARCNET" },
  { 8, "Hyperchannel" },
  { 9, "Lanstar" },
  { 10, "Autonet Short Address" },
  { 11, "Localtalk" },
  { 12, "LocalNet" },
  { 13, "Ultra link" },
  { 14, "SMDS" },
  { 15, "Frame Relay DLCI" },
  { 16, "ATM" },
  { 17, "HDLC" },
  { 18, "Fibre Channel" },
  { 19, "ATM (RFC 2225)" },
  { 20, "Serial Line" },
  { 21, "ATM" },
  { 22, "MIL-STD-188-220" },
  { 23, "Metricom STRIP" },
  { 24, "IEEE 1394.1995" },
  { 25, "MAPOS" },
  { 26, "Twinaxial" },
  { 27, "EUI-64" },
  { 28, "HIPARP" },
  { 29, "IP and ARP over ISO 7816-3" },
  { 30, "ARPSec" },
  { 31, "IPsec tunnel" },
  { 32, "InfiniBand" },
  { 33, "TIA-102 Project 25 CAI" },
  { 34, "Wiegand Interface" },
  { 35, "Pure IP" },
  { 36, "Experimental 1" },
  { 37, "HFI" },
  { 256, "Experimental 2" },
  { 257, "AEthernet" },
  { 260, "Notional KISS type" },
  { 264, "ADAPT" },
  { 270, "ROSE" },
  { 271, "CCITT X.25" },
  { 272, "Boards with X.25 in firmware" },
  { 280, "Controller Area Network" },
  { 512, "PPP" },
  { 513, "Cisco HDLC" },
  { 516, "LAPB" },
  { 517, "Digital's DDCMP protocol" },
  { 518, "Raw HDLC" },
  { 519, "Raw IP" },
  { 768, "IPIP tunnel" },
  { 769, "IP6IP6 tunnel" },
  { 770, "Frame Relay Access Device" },
  { 771, "SKIP vif" },
  { 772, "Loopback" },
  { 774, "Fiber Distributed Data Interface" },
  { 775, "AP1000 BIF" },
  { 776, "sit0 device - IPv6-in-IPv4" },
  { 777, "IP over DDP tunneller" },
  { 778, "GRE over IP" },
  { 779, "PIMSM register interface" },
  { 780, "High Performance Parallel Interface" },
  { 781, "Nexus 64Mbps Ash" },
  { 782, "Acorn Econet" },
  { 783, "Linux-IrDA" },
  { 784, "Point to point fibrechannel" },
  { 785, "Fibrechannel arbitrated loop" },
  { 786, "Fibrechannel public loop" },
  { 787, "Fibrechannel fabric" },
  { 800, "Magic type ident for TR" },
  { 801, "IEEE 802.11" },
  { 802, "IEEE 802.11 + Prism2 header" },
  { 803, "IEEE 802.11 + radiotap header" },
  { 804, "IEEE 802.15.4" },
  { 805, "IEEE 802.15.4 network monitor" },
  { 820, "PhoNet media type" },
  { 821, "PhoNet pipe header" },
  { 822, "CAIF media type" },
  { 823, "GRE over IPv6" },
  { 824, "Netlink" },
  { 825, "IPv6 over LoWPAN" },
  { 826, "Vsock monitor header" },
  { 65535, "Void type, nothing is known" },
  { 65534, "zero header length" },
  { 0, NULL }
};
static const WlValueString arp_opcode_vals[] = {
  { 1, "request" },
  { 2, "reply" },
  { 3, "reverse request" },
  { 4, "reverse reply" },
  { 5, "drarp request" },
  { 6, "drarp reply" },
  { 7, "drarp error" },
  { 8, "inverse request" },
  { 9, "inverse reply" },
  { 10, "arp nak" },
  { 11, "mars request" },
  { 12, "mars multi" },
  { 13, "mars mserv" },
  { 14, "mars join" },
  { 15, "mars leave" },
  { 16, "mars nak" },
  { 17, "mars unserv" },
  { 18, "mars sjoin" },
  { 19, "mars sleave" },
  { 20, "mars grouplist request" },
  { 21, "mars grouplist reply" },
  { 22, "mars redirect map" },
  { 23, "mapos unarp" },
  { 24, "experimental 1" },
  { 25, "experimental 2" },
  { 0, "reserved" },
  { 65535, "reserved" },
  { 0, NULL }
};

enum { OP_REQUEST = 1, OP_REPLY = 2, OP_RREQUEST = 3, OP_RREPLY = 4 };

static gboolean
is_ether_hw (guint16 hw, guint8 hlen)
{
  /* Ethernet, IEEE 802 and a few others carry 6-byte MAC addresses */
  return hlen == 6 && (hw == 1 || hw == 6 || hw == 15 || hw == 32);
}

static gboolean
all_zero (const guint8 *b, guint n)
{
  for (guint i = 0; i < n; i++)
    if (b[i])
      return FALSE;
  return TRUE;
}

/* Text of a protocol address for the Info column. */
static char *
proto_addr_str (WlPacket *p, const guint8 *a, guint8 plen, gboolean ipv4)
{
  if (ipv4)
    return wl_arena_printf (p->arena, "%u.%u.%u.%u", a[0], a[1], a[2], a[3]);
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < plen; i++)
    g_string_append_printf (s, "%s%02x", i ? ":" : "", a[i]);
  char *r = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}

static char *
hw_addr_str (WlPacket *p, const guint8 *a, guint8 hlen)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < hlen; i++)
    g_string_append_printf (s, "%s%02x", i ? ":" : "", a[i]);
  char *r = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}

static guint32
dissect_arp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  guint16 hw = wl_view_ntohs (v, 0), pro = wl_view_ntohs (v, 2);
  guint8 hlen = wl_view_u8 (v, 4), plen = wl_view_u8 (v, 5);
  guint16 op = wl_view_ntohs (v, 6);
  guint32 total = 8 + 2u * hlen + 2u * plen;
  gboolean rarp = op == OP_RREQUEST || op == OP_RREPLY;

  wl_col_set_protocol (p, rarp ? "RARP" : "ARP");
  WlNode *top = wl_add_proto (p, parent, proto_arp, v, 0, MIN (total, v->len));
  if (!wl_view_has (v, 0, 8))
    {
      wl_add_item (p, top, hf_arp_hw_type, v, 0, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_arp_proto_type, v, 2, 2, WL_ENC_BIG);
      wl_add_item (p, top, hf_arp_hw_size, v, 4, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_arp_proto_size, v, 5, 1, WL_ENC_BIG);
      wl_add_item (p, top, hf_arp_opcode, v, 6, 2, WL_ENC_BIG);
      return v->len;
    }
  guint32 sha = 8, spa = sha + hlen, tha = spa + plen, tpa = tha + hlen;
  gboolean ether = is_ether_hw (hw, hlen);
  gboolean ipv4 = pro == 0x0800 && plen == 4;
  gboolean whole = wl_view_has (v, 0, total);

  /* Gratuitous, probe and announcement as RFC 5227 describes them */
  gboolean gratuitous = FALSE, probe = FALSE, announcement = FALSE;
  if (whole && ipv4 && (op == OP_REQUEST || op == OP_REPLY))
    {
      gboolean same = memcmp (v->data + spa, v->data + tpa, 4) == 0;
      gboolean tha_zero = all_zero (v->data + tha, hlen);
      gratuitous = same;
      probe = op == OP_REQUEST && all_zero (v->data + spa, 4) && tha_zero;
      announcement = op == OP_REQUEST && same && tha_zero;
    }

  const char *opname = wl_value_string (arp_opcode_vals, op);
  if (top)
    {
      if (gratuitous && !announcement)
        wl_node_set_label (p, top, "Address Resolution Protocol (%s/gratuitous ARP)", opname ? opname : "opcode");
      else if (probe)
        wl_node_set_label (p, top, "Address Resolution Protocol (ARP Probe)");
      else if (announcement)
        wl_node_set_label (p, top, "Address Resolution Protocol (ARP Announcement)");
      else if (rarp)
        wl_node_set_label (p, top, "Reverse Address Resolution Protocol (%s)", opname ? opname : "opcode");
      else
        wl_node_set_label (p, top, "Address Resolution Protocol (%s)", opname ? opname : "opcode");
    }
  wl_add_item (p, top, hf_arp_hw_type, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_arp_proto_type, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_arp_hw_size, v, 4, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_arp_proto_size, v, 5, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_arp_opcode, v, 6, 2, WL_ENC_BIG);
  if (probe)
    wl_node_set_generated (wl_add_uint (p, top, hf_arp_isprobe, v, 0, 0, 1));
  if (announcement)
    wl_node_set_generated (wl_add_uint (p, top, hf_arp_isannouncement, v, 0, 0, 1));
  if (gratuitous && !announcement)
    wl_node_set_generated (wl_add_uint (p, top, hf_arp_isgratuitous, v, 0, 0, 1));

  if (hlen)
    wl_add_item (p, top, ether ? hf_arp_src_hw_mac : hf_arp_src_hw, v, sha, hlen, WL_ENC_BIG);
  if (plen)
    wl_add_item (p, top, ipv4 ? hf_arp_src_proto_ipv4 : hf_arp_src_proto, v, spa, plen, WL_ENC_BIG);
  if (hlen)
    wl_add_item (p, top, ether ? hf_arp_dst_hw_mac : hf_arp_dst_hw, v, tha, hlen, WL_ENC_BIG);
  if (plen)
    wl_add_item (p, top, ipv4 ? hf_arp_dst_proto_ipv4 : hf_arp_dst_proto, v, tpa, plen, WL_ENC_BIG);

  if (!whole)
    return v->len;
  if (wl_cols (p))
    {
      const char *s_pa = proto_addr_str (p, v->data + spa, plen, ipv4);
      const char *t_pa = proto_addr_str (p, v->data + tpa, plen, ipv4);
      const char *s_ha = hw_addr_str (p, v->data + sha, hlen);
      const char *t_ha = hw_addr_str (p, v->data + tha, hlen);
      switch (op)
        {
        case OP_REQUEST:
          if (probe)
            wl_col_set_info (p, "Who has %s? (ARP Probe)", t_pa);
          else if (announcement)
            wl_col_set_info (p, "ARP Announcement for %s", t_pa);
          else if (gratuitous)
            wl_col_set_info (p, "Gratuitous ARP for %s (Request)", t_pa);
          else
            wl_col_set_info (p, "Who has %s? Tell %s", t_pa, s_pa);
          break;
        case OP_REPLY:
          if (gratuitous)
            wl_col_set_info (p, "Gratuitous ARP for %s (Reply)", s_pa);
          else
            wl_col_set_info (p, "%s is at %s", s_pa, s_ha);
          break;
        case OP_RREQUEST:
          wl_col_set_info (p, "Who is %s? Tell %s", t_ha, s_ha);
          break;
        case OP_RREPLY:
          wl_col_set_info (p, "%s is at %s", t_ha, t_pa);
          break;
        default:
          wl_col_set_info (p, "Unknown ARP opcode 0x%04x", op);
          break;
        }
    }
  return total;
}

static WlFieldReg fields[] = {
  { &hf_arp_hw_type, { "Hardware type", "arp.hw.type", WL_FT_UINT16, WL_BASE_DEC, wl_arp_hw_type_vals, 0x0 } },
  { &hf_arp_proto_type, { "Protocol type", "arp.proto.type", WL_FT_UINT16, WL_BASE_HEX, wl_etype_vals, 0x0 } },
  { &hf_arp_hw_size, { "Hardware size", "arp.hw.size", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_arp_proto_size, { "Protocol size", "arp.proto.size", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_arp_opcode, { "Opcode", "arp.opcode", WL_FT_UINT16, WL_BASE_DEC, arp_opcode_vals, 0x0 } },
  { &hf_arp_isgratuitous, { "Is gratuitous", "arp.isgratuitous", WL_FT_BOOLEAN, 0, NULL, 0x0 } },
  { &hf_arp_isprobe, { "Is probe", "arp.isprobe", WL_FT_BOOLEAN, 0, NULL, 0x0 } },
  { &hf_arp_isannouncement, { "Is announcement", "arp.isannouncement", WL_FT_BOOLEAN, 0, NULL, 0x0 } },
  { &hf_arp_src_hw, { "Sender hardware address", "arp.src.hw", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_src_hw_mac, { "Sender MAC address", "arp.src.hw_mac", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_src_proto, { "Sender protocol address", "arp.src.proto", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_src_proto_ipv4, { "Sender IP address", "arp.src.proto_ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_dst_hw, { "Target hardware address", "arp.dst.hw", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_dst_hw_mac, { "Target MAC address", "arp.dst.hw_mac", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_dst_proto, { "Target protocol address", "arp.dst.proto", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_arp_dst_proto_ipv4, { "Target IP address", "arp.dst.proto_ipv4", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
};

void
wl_register_arp (void)
{
  proto_arp = wl_proto_register ("Address Resolution Protocol", "ARP/RARP", "arp");
  wl_fields_register (proto_arp, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_arp (void)
{
  WlDissector *d = wl_dissector_register ("arp", dissect_arp, proto_arp);
  WlTable *t = wl_table_find ("ethertype");
  wl_table_add (t, 0x0806, d);
  wl_table_add (t, 0x8035, d);
}
