/* SPDX-License-Identifier: GPL-2.0-or-later */
/* FiveCo's Legacy Register Access Protocol (5co-legacy) on TCP ports 8010 and 8004 and UDP port
 * 7010, as tshark 4.0 has it: messages of a 16-bit function, a frame ID, a parameter length, the
 * parameters and an IP-like checksum, several to a payload. Like tshark, the dissector names
 * itself in the Protocol column and clears Info before it checks the first function code, so a
 * payload it then refuses (shown as data) keeps "5co-legacy" and an empty Info. Parameters are
 * decoded for register reads, Easy IP, I2C scans and flash messages; register writes, I2C
 * transfers and answers (which tshark matches with their requests) show only the Data item. */
#include "dissect.h"

static int proto_fiveco = -1, hf_header = -1, hf_fct = -1, hf_id = -1, hf_length = -1,
  hf_data = -1, hf_cks = -1, hf_i2c2scan = -1, hf_i2cscanned = -1, hf_i2cerror = -1, hf_regread = -1,
  hf_regreadunknown = -1, hf_easy_mac = -1, hf_easy_ip = -1, hf_easy_mask = -1;

/* The registers every product has, by address (tshark's aRegisters) */
static const char *const register_names[] = {
  "Register Type/Model", "Register Version", "Function Reset device", "Function Save user parameters",
  "Function Restore user parameters", "Function Restore factory parameters",
  "Function Save factory parameters", "Register unknown", "Register unknown", "Register unknown",
  "Register unknown", "Register unknown", "Register unknown", "Register unknown", "Register unknown",
  "Register unknown", "Register Communication options", "Register Ethernet MAC Address",
  "Register IP Address", "Register IP Mask", "Register TCP Timeout", "Register Module name",
};

#define HEADER_LEN 6
#define MIN_LEN (HEADER_LEN + 2)

static const WlValueString function_names[] = {
  { 0x0001, "I2C Read (deprecated)" }, { 0x0003, "I2C Read Answer (deprecated)" },
  { 0x0002, "I2C Write (deprecated)" }, { 0x0004, "I2C Write Answer (deprecated)" },
  { 0x0005, "I2C Scan" }, { 0x0006, "I2C Scan Answer" }, { 0x0007, "I2C Read and write with ack" },
  { 0x0008, "I2C Read and write with ack Answer" }, { 0x0009, "I2C Read and write error" },
  { 0x0021, "Read register" }, { 0x0023, "Read register Answer" }, { 0x0022, "Write register" },
  { 0x0024, "Write register Answer" }, { 0x0025, "Write register (no answer wanted)" },
  { 0x002A, "Easy IP address config" }, { 0x002B, "Easy IP address config Acknowledge" },
  { 0x0031, "Flash area Erase" }, { 0x0032, "Flash area Upload" }, { 0x0033, "Flash area Answer" },
  { 0, NULL }
};

/* The checksum of size bytes from off: bytes complemented, summed as big-endian 16-bit words
 * (an odd last byte padded with 0xff), the carries folded twice. */
static guint16
checksum (const WlView *v, guint32 off, guint32 size)
{
  guint32 sum = 0;
  gboolean high = TRUE;
  for (guint32 i = 0; i < size; i++)
    {
      guint8 b = wl_view_u8 (v, off + i);
      sum += high ? (((guint32) b << 8) ^ 0xff00) : (guint32) (b ^ 0xff);
      high = !high;
    }
  if (!high)
    sum += 0xff;
  guint32 c = ((sum >> 16) & 0xffff) + (sum & 0xffff);
  c = ((c >> 16) & 0xffff) + (c & 0xffff);
  return (guint16) c;
}

/* Appends the bytes [off, off + n) to node's label as "0xNN " each. */
static void
append_hex (WlPacket *p, WlNode *node, const WlView *v, guint32 off, guint32 n)
{
  wl_node_append_label (p, node, ": ");
  for (guint32 i = 0; i < n && wl_view_has (v, off + i, 1); i++)
    wl_node_append_label (p, node, "0x%.2X ", wl_view_u8 (v, off + i));
}

/* The parameters of one message, at off, plen bytes. */
static void
dissect_params (WlPacket *p, const WlView *v, WlNode *tree, WlNode *item, guint16 fct, guint32 off, guint16 plen)
{
  WlNode *n;
  switch (fct)
    {
    case 0x0005: /* I2C scan */
      append_hex (p, wl_add_none (p, tree, hf_i2c2scan, v, off, plen), v, off, plen);
      break;
    case 0x0006: /* I2C scan answer */
      append_hex (p, wl_add_none (p, tree, hf_i2cscanned, v, off, plen), v, off, plen);
      break;
    case 0x0009: /* I2C read and write error */
      append_hex (p, wl_add_none (p, tree, hf_i2cerror, v, off, plen), v, off, 1);
      break;
    case 0x0021: /* read register: the addresses asked for */
      for (guint32 i = 0; i < plen; i++)
        {
          guint8 reg = wl_view_u8 (v, off + i);
          if (reg < G_N_ELEMENTS (register_names))
            {
              n = wl_add_none (p, tree, hf_regread, v, off + i, 0);
              wl_node_append_label (p, n, " %s", register_names[reg]);
            }
          else
            n = wl_add_none (p, tree, hf_regreadunknown, v, off + i, 0);
          wl_node_append_label (p, n, " (0x%.2X)", reg);
        }
      break;
    case 0x002A: /* Easy IP address config */
      wl_add_item (p, tree, hf_easy_mac, v, off, 6, WL_ENC_BIG);
      wl_add_item (p, tree, hf_easy_ip, v, off + 6, 4, WL_ENC_BIG);
      wl_add_item (p, tree, hf_easy_mask, v, off + 10, 4, WL_ENC_BIG);
      break;
    case 0x0032: /* flash area upload */
      wl_node_append_label (p, item, " (%u bytes to load into flash at offset %u)", wl_view_ntoh24 (v, off + 3),
                            wl_view_ntoh24 (v, off));
      break;
    case 0x0033: /* flash area answer */
      if (plen > 1 && wl_view_has (v, off, plen - 1u))
        {
          /* the text, its unprintable bytes escaped */
          GString *t = g_string_new (NULL);
          for (guint32 i = 0; i + 1u < plen; i++)
            {
              guint8 c = v->data[off + i];
              if (g_ascii_isprint (c))
                g_string_append_c (t, (char) c);
              else
                g_string_append_printf (t, "\\x%02x", c);
            }
          wl_node_append_label (p, item, " (%s)", t->str);
          g_string_free (t, TRUE);
        }
      break;
    case 0x0024: /* write register answer */
    case 0x0031: /* flash area erase */
    case 0x002B: /* Easy IP address config acknowledge */
      wl_node_append_label (p, item, " (ERROR: No data should be present with that packet type !!)");
      break;
    case 0x0001: case 0x0002: case 0x0003: case 0x0004: case 0x0007: case 0x0008:
    case 0x0022: case 0x0023: case 0x0025:
      break; /* decoded by tshark from their requests: not done here */
    default:
      wl_node_append_label (p, item, " (Interpretation depends on product type)");
      break;
    }
}

/* A read past the bytes: tshark's exception, after the dissector's layer was recorded. */
static guint32
fail (WlPacket *p, const WlView *v)
{
  wl_packet_add_layer (p, "5co_legacy");
  if (v->reported > v->len)
    p->is_truncated = TRUE;
  else
    wl_packet_set_malformed (p, proto_fiveco, v, v->len);
  return v->len;
}

static guint32
dissect_fiveco (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  (void) data;
  guint32 len = v->len;
  if (len < MIN_LEN)
    return 0;
  wl_col_set_protocol (p, "5co-legacy");
  wl_col_clear_info (p);
  for (guint32 off = 0; off < len;)
    {
      /* tshark reads the header without checking that it is there: a message cut short is an
       * exception, which ends the packet as malformed */
      if (!wl_view_has (v, off, HEADER_LEN))
        return fail (p, v);
      guint16 fct = wl_view_ntohs (v, off);
      const char *name = wl_value_string (function_names, fct);
      if (!name)
        return 0;
      guint16 id = wl_view_ntohs (v, off + 2), plen = wl_view_ntohs (v, off + 4);
      if (len - off >= 8 && plen > len - off - 8)
        return 0;
      if (len - off < 8)
        return fail (p, v); /* tshark's unsigned remainder wraps: the checksum read fails */
      guint16 computed = checksum (v, off, HEADER_LEN + plen);
      guint16 received = wl_view_ntohs (v, off + HEADER_LEN + plen);
      if (off)
        wl_col_append_info (p, ", %s ID=%u Len=%u", name, id, plen);
      else
        wl_col_append_info (p, "%s ID=%u Len=%u", name, id, plen);
      if (received != computed)
        wl_col_append_info (p, " [BAD CHECKSUM !!]");

      /* one layer for the dissector's call, however many messages it shows */
      guint n_layers = p->n_layers;
      WlNode *top = wl_add_proto (p, parent, proto_fiveco, v, off, (guint32) plen + 8);
      if (off)
        p->n_layers = n_layers;
      wl_node_append_label (p, top, " (%s)", name);
      WlNode *hdr = wl_add_none (p, top, hf_header, v, off, HEADER_LEN);
      wl_add_item (p, hdr, hf_fct, v, off, 2, WL_ENC_BIG);
      wl_add_item (p, hdr, hf_id, v, off + 2, 2, WL_ENC_BIG);
      wl_add_item (p, hdr, hf_length, v, off + 4, 2, WL_ENC_BIG);
      off += HEADER_LEN;
      if (plen > 0)
        {
          WlNode *d = wl_add_none (p, top, hf_data, v, off, plen);
          dissect_params (p, v, d, d, fct, off, plen);
        }
      WlNode *ck = wl_add_item (p, top, hf_cks, v, off + plen, 2, WL_ENC_BIG);
      if (received == computed)
        wl_node_append_label (p, ck, " [correct]");
      else
        wl_node_append_label (p, ck, " incorrect, should be 0x%04x", computed);
      off += (guint32) plen + 2;
    }
  return len;
}

static WlFieldReg fields[] = {
  { &hf_header, { "Header", "5co_legacy.header", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_fct, { "Function", "5co_legacy.fct", WL_FT_UINT16, WL_BASE_HEX, function_names } },
  { &hf_id, { "Frame ID", "5co_legacy.id", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_length, { "Data length", "5co_legacy.length", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_data, { "Data", "5co_legacy.data", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_cks, { "Checksum", "5co_legacy.checksum", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_i2c2scan, { "I2C addresses to scan", "5co_legacy.i2c2scan", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_i2cscanned, { "I2C addresses present", "5co_legacy.i2cscaned", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_i2cerror, { "I2C error", "5co_legacy.i2cerror", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_regread, { "Read", "5co_legacy.regread", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_regreadunknown, { "Read Register unknown", "5co_legacy.hf_fiveco_regreadunknown", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_easy_mac, { "MAC address", "5co_legacy.EasyIPMAC", WL_FT_ETHER, WL_BASE_NONE } },
  { &hf_easy_ip, { "New IP address", "5co_legacy.EasyIPIP", WL_FT_IPv4, WL_BASE_NONE } },
  { &hf_easy_mask, { "New subnet mask", "5co_legacy.EasyIPSM", WL_FT_IPv4, WL_BASE_NONE } },
};

void
wl_register_fiveco (void)
{
  proto_fiveco = wl_proto_register ("FiveCo's Legacy Register Access Protocol", "5co-legacy", "5co_legacy");
  wl_fields_register (proto_fiveco, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_fiveco (void)
{
  WlDissector *d = wl_dissector_register ("5co_legacy", dissect_fiveco, proto_fiveco);
  wl_table_add (wl_table_find ("tcp.port"), 8010, d);
  wl_table_add (wl_table_find ("tcp.port"), 8004, d);
  wl_table_add (wl_table_find ("udp.port"), 7010, d);
}
