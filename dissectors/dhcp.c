/* SPDX-License-Identifier: GPL-2.0-or-later */
/* BOOTP/DHCP (udp ports 67 and 68): the fixed header, the common options, and tshark's
 * Protocol ("DHCP") and Info ("DHCP Discover - Transaction ID 0x3d1d") columns. */
#include "l23.h"

static int proto_dhcp = -1;
static int hf_dhcp_type = -1, hf_dhcp_hw_type = -1, hf_dhcp_hw_len = -1, hf_dhcp_hops = -1, hf_dhcp_id = -1;
static int hf_dhcp_secs = -1, hf_dhcp_flags = -1, hf_dhcp_flags_bc = -1, hf_dhcp_flags_reserved = -1;
static int hf_dhcp_ip_client = -1, hf_dhcp_ip_your = -1, hf_dhcp_ip_server = -1, hf_dhcp_ip_relay = -1;
static int hf_dhcp_hw_addr = -1, hf_dhcp_hw_addr_padding = -1, hf_dhcp_hw_mac_addr = -1, hf_dhcp_server = -1;
static int hf_dhcp_file = -1, hf_dhcp_cookie = -1, hf_dhcp_option_type = -1, hf_dhcp_option_length = -1;
static int hf_dhcp_option_value = -1, hf_dhcp_option_padding = -1, hf_dhcp_option_subnet_mask = -1;
static int hf_dhcp_option_time_offset = -1, hf_dhcp_option_router = -1, hf_dhcp_option_domain_name_server = -1;
static int hf_dhcp_option_hostname = -1, hf_dhcp_option_domain_name = -1, hf_dhcp_option_broadcast_address = -1;
static int hf_dhcp_option_ntp_server = -1, hf_dhcp_option_requested_ip_address = -1;
static int hf_dhcp_option_ip_address_lease_time = -1, hf_dhcp_option_dhcp = -1;
static int hf_dhcp_option_dhcp_server_id = -1, hf_dhcp_option_request_list_item = -1;
static int hf_dhcp_option_message = -1, hf_dhcp_option_renewal_time_value = -1;
static int hf_dhcp_option_rebinding_time_value = -1, hf_dhcp_option_vendor_class_id = -1;
static int hf_dhcp_option_end = -1, hf_dhcp_option_dhcp_max_message_size = -1, hf_dhcp_client_id = -1;

static const WlValueString type_vals[] = {
  { 1, "Boot Request" },
  { 2, "Boot Reply" },
  { 0, NULL }
};

static const WlTrueFalse tfs_bc = { "Broadcast", "Unicast" };

static const WlValueString dhcp_hw_type_vals[] = {
  { 0x0, "NET/ROM pseudo" },
  { 0x1, "Ethernet" },
  { 0x2, "Experimental Ethernet" },
  { 0x3, "AX.25" },
  { 0x4, "ProNET" },
  { 0x5, "Chaos" },
  { 0x6, "IEEE 802" },
  { 0x7, "ARCNET" },
  { 0x8, "Hyperchannel" },
  { 0x9, "Lanstar" },
  { 0xa, "Autonet Short Address" },
  { 0xb, "Localtalk" },
  { 0xc, "LocalNet" },
  { 0xd, "Ultra link" },
  { 0xe, "SMDS" },
  { 0xf, "Frame Relay DLCI" },
  { 0x10, "ATM" },
  { 0x11, "HDLC" },
  { 0x12, "Fibre Channel" },
  { 0x13, "ATM (RFC 2225)" },
  { 0x14, "Serial Line" },
  { 0x15, "ATM" },
  { 0x16, "MIL-STD-188-220" },
  { 0x17, "Metricom STRIP" },
  { 0x18, "IEEE 1394.1995" },
  { 0x19, "MAPOS" },
  { 0x1a, "Twinaxial" },
  { 0x1b, "EUI-64" },
  { 0x1c, "HIPARP" },
  { 0x1d, "IP and ARP over ISO 7816-3" },
  { 0x1e, "ARPSec" },
  { 0x1f, "IPsec tunnel" },
  { 0x20, "InfiniBand" },
  { 0x21, "TIA-102 Project 25 CAI" },
  { 0x22, "Wiegand Interface" },
  { 0x23, "Pure IP" },
  { 0x24, "Experimental 1" },
  { 0x25, "HFI" },
  { 0x100, "Experimental 2" },
  { 0x101, "AEthernet" },
  { 0x104, "Notional KISS type" },
  { 0x108, "ADAPT" },
  { 0x10e, "ROSE" },
  { 0x10f, "CCITT X.25" },
  { 0x110, "Boards with X.25 in firmware" },
  { 0x118, "Controller Area Network" },
  { 0x200, "PPP" },
  { 0x201, "Cisco HDLC" },
  { 0x204, "LAPB" },
  { 0x205, "Digital's DDCMP protocol" },
  { 0x206, "Raw HDLC" },
  { 0x207, "Raw IP" },
  { 0x300, "IPIP tunnel" },
  { 0x301, "IP6IP6 tunnel" },
  { 0x302, "Frame Relay Access Device" },
  { 0x303, "SKIP vif" },
  { 0x304, "Loopback" },
  { 0x306, "Fiber Distributed Data Interface" },
  { 0x307, "AP1000 BIF" },
  { 0x308, "sit0 device - IPv6-in-IPv4" },
  { 0x309, "IP over DDP tunneller" },
  { 0x30a, "GRE over IP" },
  { 0x30b, "PIMSM register interface" },
  { 0x30c, "High Performance Parallel Interface" },
  { 0x30d, "Nexus 64Mbps Ash" },
  { 0x30e, "Acorn Econet" },
  { 0x30f, "Linux-IrDA" },
  { 0x310, "Point to point fibrechannel" },
  { 0x311, "Fibrechannel arbitrated loop" },
  { 0x312, "Fibrechannel public loop" },
  { 0x313, "Fibrechannel fabric" },
  { 0x320, "Magic type ident for TR" },
  { 0x321, "IEEE 802.11" },
  { 0x322, "IEEE 802.11 + Prism2 header" },
  { 0x323, "IEEE 802.11 + radiotap header" },
  { 0x324, "IEEE 802.15.4" },
  { 0x325, "IEEE 802.15.4 network monitor" },
  { 0x334, "PhoNet media type" },
  { 0x335, "PhoNet pipe header" },
  { 0x336, "CAIF media type" },
  { 0x337, "GRE over IPv6" },
  { 0x338, "Netlink" },
  { 0x339, "IPv6 over LoWPAN" },
  { 0x33a, "Vsock monitor header" },
  { 0xffff, "Void type, nothing is known" },
  { 0xfffe, "zero header length" },
  { 0, NULL }
};
static const WlValueString dhcp_option_dhcp_vals[] = {
  { 1, "Discover" },
  { 2, "Offer" },
  { 3, "Request" },
  { 4, "Decline" },
  { 5, "ACK" },
  { 6, "NAK" },
  { 7, "Release" },
  { 8, "Inform" },
  { 9, "Force Renew" },
  { 10, "Lease query" },
  { 11, "Lease Unassigned" },
  { 12, "Lease Unknown" },
  { 13, "Lease Active" },
  { 14, "Bulk Lease Query" },
  { 15, "Lease Query Done" },
  { 16, "Active LeaseQuery" },
  { 17, "Lease Query Status" },
  { 18, "TLS" },
  { 0, NULL }
};

/* Option names as tshark shows them in "Option: (53) DHCP Message Type". */
static const WlValueString option_names[] = {
  { 0, "Padding" },
  { 1, "Subnet Mask" },
  { 2, "Time Offset" },
  { 3, "Router" },
  { 4, "Time Server" },
  { 5, "Name Server" },
  { 6, "Domain Name Server" },
  { 7, "Log Server" },
  { 12, "Host Name" },
  { 13, "Boot File Size" },
  { 15, "Domain Name" },
  { 17, "Root Path" },
  { 26, "Interface MTU" },
  { 28, "Broadcast Address" },
  { 31, "Perform Router Discover" },
  { 33, "Static Route" },
  { 42, "Network Time Protocol Servers" },
  { 43, "Vendor-Specific Information" },
  { 44, "NetBIOS over TCP/IP Name Server" },
  { 46, "NetBIOS over TCP/IP Node Type" },
  { 47, "NetBIOS over TCP/IP Scope" },
  { 50, "Requested IP Address" },
  { 51, "IP Address Lease Time" },
  { 52, "Option Overload" },
  { 53, "DHCP Message Type" },
  { 54, "DHCP Server Identifier" },
  { 55, "Parameter Request List" },
  { 56, "Message" },
  { 57, "Maximum DHCP Message Size" },
  { 58, "Renewal Time Value" },
  { 59, "Rebinding Time Value" },
  { 60, "Vendor class identifier" },
  { 61, "Client identifier" },
  { 66, "TFTP Server Name" },
  { 67, "Bootfile name" },
  { 81, "Client Fully Qualified Domain Name" },
  { 82, "Agent Information Option" },
  { 119, "Domain Search" },
  { 121, "Classless Static Route" },
  { 249, "Private/Classless Static Route (Microsoft)" },
  { 252, "Private/Proxy autodiscovery" },
  { 255, "End" },
  { 0, NULL }
};

/* "1 hour", "52 minutes, 30 seconds": a duration as tshark words it. */
static void
append_duration (GString *s, guint32 secs)
{
  static const struct { guint32 n; const char *unit; } units[] = {
    { 86400, "day" }, { 3600, "hour" }, { 60, "minute" }, { 1, "second" },
  };
  gboolean any = FALSE;
  for (gsize i = 0; i < G_N_ELEMENTS (units); i++)
    {
      guint32 q = secs / units[i].n;
      secs %= units[i].n;
      if (q)
        {
          g_string_append_printf (s, "%s%u %s%s", any ? ", " : "", q, units[i].unit, q == 1 ? "" : "s");
          any = TRUE;
        }
    }
  if (!any)
    g_string_append (s, "0 seconds");
}

static void
add_time_option (WlPacket *p, WlNode *on, int hf, const WlView *v, guint32 off, const char *name)
{
  WlNode *n = wl_add_item (p, on, hf, v, off, 4, WL_ENC_BIG);
  if (n && p->full)
    {
      guint32 t = wl_view_ntohl (v, off);
      GString *s = g_string_new (NULL);
      if (t == 0xffffffffu)
        g_string_append (s, "infinity");
      else
        {
          g_string_append_printf (s, "(%us) ", t);
          append_duration (s, t);
        }
      wl_node_set_label (p, n, "%s: %s", name, s->str);
      g_string_free (s, TRUE);
    }
}

static char *
ipv4_str (WlPacket *p, const WlView *v, guint32 off)
{
  guint32 a = wl_view_ntohl (v, off);
  return wl_arena_printf (p->arena, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff);
}

/* Adds one option; returns its DHCP message type when it is option 53, else 0. */
static guint8
dissect_option (WlPacket *p, WlNode *top, const WlView *v, guint32 off, guint8 code, guint32 len)
{
  const char *name = wl_value_string (option_names, code);
  if (!name)
    name = "Unknown";
  WlNode *on = wl_add_item (p, top, hf_dhcp_option_type, v, off, 1, WL_ENC_BIG);
  if (on)
    {
      wl_node_set_len (on, MIN (len + 2, wl_view_remaining (v, off)));
      wl_node_set_label (p, on, "Option: (%u) %s", code, name);
    }
  WlNode *sub = on ? on : top;
  wl_add_item (p, sub, hf_dhcp_option_length, v, off + 1, 1, WL_ENC_BIG);
  guint32 d = off + 2;
  guint8 msg_type = 0;
  /* tshark adds every option's value; it stays hidden when fields of the option follow */
  WlNode *val = len && wl_view_has (v, d, len) ? wl_add_item (p, sub, hf_dhcp_option_value, v, d, len, WL_ENC_BIG) : NULL;
  gboolean value_shown = FALSE;
  switch (code)
    {
    case 1: case 3: case 4: case 5: case 6: case 7: case 28: case 42: case 44: case 50: case 54:
      {
        int hf = code == 1 ? hf_dhcp_option_subnet_mask : code == 3 ? hf_dhcp_option_router :
                 code == 6 ? hf_dhcp_option_domain_name_server : code == 28 ? hf_dhcp_option_broadcast_address :
                 code == 42 ? hf_dhcp_option_ntp_server : code == 50 ? hf_dhcp_option_requested_ip_address :
                 code == 54 ? hf_dhcp_option_dhcp_server_id : -1;
        if (hf < 0)
          {
            value_shown = TRUE;
            break;
          }
        for (guint32 a = 0; a + 4 <= len; a += 4)
          {
            wl_add_item (p, sub, hf, v, d + a, 4, WL_ENC_BIG);
          }
        /* single-address options show the address in the option's line */
        if (len == 4 && (code == 1 || code == 28 || code == 50 || code == 54))
          wl_node_append_label (p, on, " (%s)", ipv4_str (p, v, d));
        break;
      }
    case 2:
      wl_add_item (p, sub, hf_dhcp_option_time_offset, v, d, 4, WL_ENC_BIG);
      break;
    case 12: case 15: case 56: case 60:
      {
        int hf = code == 12 ? hf_dhcp_option_hostname : code == 15 ? hf_dhcp_option_domain_name :
                 code == 56 ? hf_dhcp_option_message : hf_dhcp_option_vendor_class_id;
        wl_add_item (p, sub, hf, v, d, len, WL_ENC_BIG);
        break;
      }
    case 51:
      add_time_option (p, sub, hf_dhcp_option_ip_address_lease_time, v, d, "IP Address Lease Time");
      break;
    case 58:
      add_time_option (p, sub, hf_dhcp_option_renewal_time_value, v, d, "Renewal Time Value");
      break;
    case 59:
      add_time_option (p, sub, hf_dhcp_option_rebinding_time_value, v, d, "Rebinding Time Value");
      break;
    case 53:
      {
        msg_type = wl_view_u8 (v, d);
        wl_add_item (p, sub, hf_dhcp_option_dhcp, v, d, 1, WL_ENC_BIG);
        const char *mt = wl_value_string (dhcp_option_dhcp_vals, msg_type);
        wl_node_append_label (p, on, " (%s)", mt ? mt : "Unknown");
        break;
      }
    case 55:
      for (guint32 i = 0; i < len; i++)
        {
          WlNode *n = wl_add_item (p, sub, hf_dhcp_option_request_list_item, v, d + i, 1, WL_ENC_BIG);
          if (n && p->full)
            {
              guint8 item = wl_view_u8 (v, d + i);
              const char *in = wl_value_string (option_names, item);
              wl_node_set_label (p, n, "Parameter Request List Item: (%u) %s", item, in ? in : "Unknown");
            }
        }
      break;
    case 57:
      wl_add_item (p, sub, hf_dhcp_option_dhcp_max_message_size, v, d, 2, WL_ENC_BIG);
      break;
    case 61:
      if (len == 7 && wl_view_u8 (v, d) == 1)
        {
          wl_add_item (p, sub, hf_dhcp_hw_type, v, d, 1, WL_ENC_BIG);
          wl_add_item (p, sub, hf_dhcp_hw_mac_addr, v, d + 1, 6, WL_ENC_BIG);
        }
      else
        wl_add_item (p, sub, hf_dhcp_client_id, v, d, len, WL_ENC_BIG);
      break;
    default:
      value_shown = TRUE;
      break;
    }
  if (!value_shown)
    wl_node_set_hidden (val);
  return msg_type;
}

static guint32
dissect_dhcp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  if (!wl_view_has (v, 0, 1))
    return 0;
  wl_col_set_protocol (p, "BOOTP");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_dhcp, v, 0, G_MAXUINT32);
  guint8 op = wl_view_u8 (v, 0), hlen = wl_view_u8 (v, 2);
  guint16 htype = wl_view_u8 (v, 1);
  guint32 xid = wl_view_ntohl (v, 4);
  wl_add_item (p, top, hf_dhcp_type, v, 0, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_hw_type, v, 1, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_hw_len, v, 2, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_hops, v, 3, 1, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_id, v, 4, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_secs, v, 8, 2, WL_ENC_BIG);
  WlNode *fl = wl_add_item (p, top, hf_dhcp_flags, v, 10, 2, WL_ENC_BIG);
  wl_node_append_label (p, fl, " (%s)", (wl_view_u8 (v, 10) & 0x80) ? "Broadcast" : "Unicast");
  wl_add_item (p, fl ? fl : top, hf_dhcp_flags_bc, v, 10, 2, WL_ENC_BIG);
  wl_add_item (p, fl ? fl : top, hf_dhcp_flags_reserved, v, 10, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_ip_client, v, 12, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_ip_your, v, 16, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_ip_server, v, 20, 4, WL_ENC_BIG);
  wl_add_item (p, top, hf_dhcp_ip_relay, v, 24, 4, WL_ENC_BIG);
  if (htype == 1 && hlen == 6)
    {
      wl_add_item (p, top, hf_dhcp_hw_mac_addr, v, 28, 6, WL_ENC_BIG);
      wl_add_item (p, top, hf_dhcp_hw_addr_padding, v, 34, 10, WL_ENC_BIG);
    }
  else
    wl_add_item (p, top, hf_dhcp_hw_addr, v, 28, 16, WL_ENC_BIG);
  WlNode *sn = wl_add_item (p, top, hf_dhcp_server, v, 44, 64, WL_ENC_BIG);
  if (sn && sn->v.b.len == 0)
    wl_node_set_label (p, sn, "Server host name not given");
  WlNode *fn = wl_add_item (p, top, hf_dhcp_file, v, 108, 128, WL_ENC_BIG);
  if (fn && fn->v.b.len == 0)
    wl_node_set_label (p, fn, "Boot file name not given");

  guint8 msg_type = 0;
  if (wl_view_ntohl (v, 236) == 0x63825363)
    {
      WlNode *ck = wl_add_item (p, top, hf_dhcp_cookie, v, 236, 4, WL_ENC_BIG);
      wl_node_set_label (p, ck, "Magic cookie: DHCP");
      guint32 off = 240;
      while (off < v->reported)
        {
          if (!wl_view_has (v, off, 1))
            {
              p->is_truncated = TRUE;
              break;
            }
          guint8 code = wl_view_u8 (v, off);
          if (code == 255)
            {
              /* tshark gives the End option's type item the value 0 */
              WlNode *on = wl_add_uint (p, top, hf_dhcp_option_type, v, off, 1, 0);
              wl_node_set_label (p, on, "Option: (255) End");
              wl_add_item (p, on ? on : top, hf_dhcp_option_end, v, off, 1, WL_ENC_BIG);
              off++;
              if (off < v->len)
                wl_add_item (p, top, hf_dhcp_option_padding, v, off, v->len - off, WL_ENC_BIG);
              break;
            }
          if (code == 0)
            {
              /* a run of pad options is shown as one padding field */
              guint32 end = off;
              while (end < v->len && wl_view_u8 (v, end) == 0)
                end++;
              wl_add_item (p, top, hf_dhcp_option_padding, v, off, end - off, WL_ENC_BIG);
              off = end;
              continue;
            }
          if (!wl_view_has (v, off, 2))
            {
              wl_add_item (p, top, hf_dhcp_option_length, v, off + 1, 1, WL_ENC_BIG);
              break;
            }
          guint32 len = wl_view_u8 (v, off + 1);
          guint8 mt = dissect_option (p, top, v, off, code, len);
          if (mt)
            msg_type = mt;
          if (!wl_view_has (v, off, 2 + len))
            {
              p->is_truncated = TRUE;
              break;
            }
          off += 2 + len;
        }
    }

  const char *mt = msg_type ? wl_value_string (dhcp_option_dhcp_vals, msg_type) : NULL;
  if (msg_type)
    {
      wl_col_set_protocol (p, "DHCP");
      if (wl_cols (p))
        wl_col_set_info (p, "DHCP %-8s - Transaction ID 0x%04x", mt ? mt : "Unknown", xid);
      wl_node_set_label (p, top, "Dynamic Host Configuration Protocol (%s)", mt ? mt : "Unknown");
    }
  else
    {
      if (wl_cols (p))
        {
          if (op == 1 && htype == 1 && hlen == 6 && wl_view_has (v, 28, 6))
            {
              const guint8 *m = v->data + 28;
              wl_col_set_info (p, "Boot Request from %02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
            }
          else
            wl_col_set_info (p, op == 1 ? "Boot Request" : "Boot Reply");
        }
      wl_node_set_label (p, top, "Bootstrap Protocol (%s)", op == 1 ? "Request" : op == 2 ? "Reply" : "Unknown");
    }
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_dhcp_type, { "Message type", "dhcp.type", WL_FT_UINT8, WL_BASE_DEC, type_vals, 0x0 } },
  { &hf_dhcp_hw_type, { "Hardware type", "dhcp.hw.type", WL_FT_UINT8, WL_BASE_HEX, dhcp_hw_type_vals, 0x0 } },
  { &hf_dhcp_hw_len, { "Hardware address length", "dhcp.hw.len", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_dhcp_hops, { "Hops", "dhcp.hops", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_dhcp_id, { "Transaction ID", "dhcp.id", WL_FT_UINT32, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_dhcp_secs, { "Seconds elapsed", "dhcp.secs", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_dhcp_flags, { "Bootp flags", "dhcp.flags", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_dhcp_flags_bc, { "Broadcast flag", "dhcp.flags.bc", WL_FT_BOOLEAN, 16, &tfs_bc, 0x8000 } },
  { &hf_dhcp_flags_reserved, { "Reserved flags", "dhcp.flags.reserved", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x7fff } },
  { &hf_dhcp_ip_client, { "Client IP address", "dhcp.ip.client", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_ip_your, { "Your (client) IP address", "dhcp.ip.your", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_ip_server, { "Next server IP address", "dhcp.ip.server", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_ip_relay, { "Relay agent IP address", "dhcp.ip.relay", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_hw_addr, { "Client hardware address", "dhcp.hw.addr", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_hw_addr_padding, { "Client hardware address padding", "dhcp.hw.addr_padding", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_hw_mac_addr, { "Client MAC address", "dhcp.hw.mac_addr", WL_FT_ETHER, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_server, { "Server host name", "dhcp.server", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_file, { "Boot file name", "dhcp.file", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_cookie, { "Magic cookie", "dhcp.cookie", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_option_type, { "Option", "dhcp.option.type", WL_FT_UINT8, WL_BASE_DEC, option_names, 0x0, "DHCP/BOOTP option type" } },
  { &hf_dhcp_option_length, { "Length", "dhcp.option.length", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "DHCP/BOOTP option length" } },
  { &hf_dhcp_option_value, { "Value", "dhcp.option.value", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "DHCP/BOOTP option value" } },
  { &hf_dhcp_option_padding, { "Padding", "dhcp.option.padding", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0, "Option 0: Padding" } },
  { &hf_dhcp_option_subnet_mask, { "Subnet Mask", "dhcp.option.subnet_mask", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 1: Subnet Mask" } },
  { &hf_dhcp_option_time_offset, { "Time Offset", "dhcp.option.time_offset", WL_FT_INT32, WL_BASE_DEC, NULL, 0x0, "Option 2: Time Offset" } },
  { &hf_dhcp_option_router, { "Router", "dhcp.option.router", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 3: Router" } },
  { &hf_dhcp_option_domain_name_server, { "Domain Name Server", "dhcp.option.domain_name_server", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 6: Domain Name Server" } },
  { &hf_dhcp_option_hostname, { "Host Name", "dhcp.option.hostname", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Option 12: Host Name" } },
  { &hf_dhcp_option_domain_name, { "Domain Name", "dhcp.option.domain_name", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Option 15: Domain Name" } },
  { &hf_dhcp_option_broadcast_address, { "Broadcast Address", "dhcp.option.broadcast_address", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 28: Broadcast Address" } },
  { &hf_dhcp_option_ntp_server, { "Network Time Protocol Server", "dhcp.option.ntp_server", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 42: Network Time Protocol Server" } },
  { &hf_dhcp_option_requested_ip_address, { "Requested IP Address", "dhcp.option.requested_ip_address", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 50: Requested IP Address" } },
  { &hf_dhcp_option_ip_address_lease_time, { "IP Address Lease Time", "dhcp.option.ip_address_lease_time", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "Option 51: IP Address Lease Time" } },
  { &hf_dhcp_option_dhcp, { "DHCP", "dhcp.option.dhcp", WL_FT_UINT8, WL_BASE_DEC, dhcp_option_dhcp_vals, 0x0, "Option 53: DHCP option" } },
  { &hf_dhcp_option_dhcp_server_id, { "DHCP Server Identifier", "dhcp.option.dhcp_server_id", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0, "Option 54: DHCP Server Identifier" } },
  { &hf_dhcp_option_request_list_item, { "Parameter Request List Item", "dhcp.option.request_list_item", WL_FT_UINT8, WL_BASE_DEC, option_names, 0x0, "Option 55: Parameter Request List Item" } },
  { &hf_dhcp_option_message, { "Message", "dhcp.option.message", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Option 56: Option message" } },
  { &hf_dhcp_option_dhcp_max_message_size, { "Maximum DHCP Message Size", "dhcp.option.dhcp_max_message_size", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Option 57: Maximum DHCP Message Size" } },
  { &hf_dhcp_option_renewal_time_value, { "Renewal Time Value", "dhcp.option.renewal_time_value", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "Option 58: Renewal Time Value" } },
  { &hf_dhcp_option_rebinding_time_value, { "Rebinding Time Value", "dhcp.option.rebinding_time_value", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0, "Option 59: Rebinding Time Value" } },
  { &hf_dhcp_option_vendor_class_id, { "Vendor class identifier", "dhcp.option.vendor_class_id", WL_FT_STRING, WL_BASE_NONE, NULL, 0x0, "Option 60: Vendor class identifier" } },
  { &hf_dhcp_client_id, { "Identifier", "dhcp.client_id", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_dhcp_option_end, { "Option End", "dhcp.option.end", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "Option 255: End" } },
};

void
wl_register_dhcp (void)
{
  proto_dhcp = wl_proto_register ("Dynamic Host Configuration Protocol", "DHCP/BOOTP", "dhcp");
  wl_fields_register (proto_dhcp, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_dhcp (void)
{
  WlDissector *d = wl_dissector_register ("dhcp", dissect_dhcp, proto_dhcp);
  WlTable *t = wl_table_find ("udp.port");
  wl_table_add (t, 67, d);
  wl_table_add (t, 68, d);
}
