/* SPDX-License-Identifier: GPL-2.0-or-later */
/* DNS on udp and tcp port 53 (with the two-byte length prefix of DNS over TCP) and mDNS on
 * udp port 5353: the header, questions and resource records with compressed names, and the
 * Info column as tshark 4.0 writes it ("Standard query response 0x1234 A www.example.test
 * A 192.0.2.1 OPT"). */
#include <string.h>
#include "dissect.h"
#include "session.h"
#include "dns-names.h"
#include "tcp.h"

static int proto_dns = -1, proto_mdns = -1;

static int hf_length = -1, hf_id = -1, hf_flags = -1, hf_flags_response = -1,
  hf_flags_opcode = -1, hf_flags_authoritative = -1, hf_flags_truncated = -1,
  hf_flags_recdesired = -1, hf_flags_recavail = -1, hf_flags_z = -1,
  hf_flags_authenticated = -1, hf_flags_checkdisable = -1, hf_flags_rcode = -1,
  hf_count_queries = -1, hf_count_zones = -1, hf_count_answers = -1,
  hf_count_prerequisites = -1, hf_count_auth_rr = -1, hf_count_updates = -1,
  hf_count_add_rr = -1, hf_qry_name = -1, hf_qry_name_len = -1, hf_count_labels = -1,
  hf_qry_type = -1, hf_qry_class = -1, hf_qry_qu = -1,
  hf_resp_name = -1, hf_resp_type = -1, hf_resp_class = -1, 
  hf_resp_cache_flush = -1, hf_resp_ttl = -1, hf_resp_len = -1, hf_a = -1, hf_aaaa = -1,
  hf_cname = -1, hf_ns = -1, hf_ptr = -1, hf_md = -1, hf_mf = -1, hf_mb = -1, hf_mg = -1,
  hf_mr = -1, hf_null = -1, hf_soa_mname = -1,
  hf_soa_rname = -1, hf_soa_serial = -1, hf_soa_refresh = -1, hf_soa_retry = -1,
  hf_soa_expire = -1, hf_soa_minimum = -1, hf_hinfo_cpu_len = -1, hf_hinfo_cpu = -1,
  hf_hinfo_os_len = -1, hf_hinfo_os = -1, hf_mx_pref = -1, hf_mx_exchange = -1,
  hf_txt_len = -1, hf_txt = -1, hf_spf_len = -1, hf_spf = -1, hf_srv_service = -1,
  hf_srv_proto = -1, hf_srv_name = -1, hf_srv_priority = -1, hf_srv_weight = -1,
  hf_srv_port = -1, hf_srv_target = -1, hf_naptr_order = -1, hf_naptr_pref = -1,
  hf_naptr_flags_len = -1, hf_naptr_flags = -1, hf_naptr_service_len = -1,
  hf_naptr_service = -1, hf_naptr_regex_len = -1, hf_naptr_regex = -1,
  hf_naptr_repl_len = -1, hf_naptr_repl = -1, hf_dname = -1,
  hf_rr_udp_payload_size = -1, hf_ext_rcode = -1, hf_edns0_version = -1, hf_z = -1,
  hf_z_do = -1, hf_z_reserved = -1, hf_opt = -1, hf_opt_code = -1, hf_opt_len = -1,
  hf_opt_data = -1, hf_opt_cookie_client = -1, hf_opt_cookie_server = -1,
  hf_opt_padding = -1, hf_rr_data = -1, hf_response_to = -1, hf_time = -1,
  hf_unsolicited = -1, hf_retransmission = -1, hf_retransmit_request_in = -1,
  hf_retransmit_response_in = -1, hf_wks_address = -1, hf_nsec_next = -1;
static int ei_retransmit_request = -1, ei_retransmit_response = -1;



static const WlValueString class_names[] = {
  { 0x0001, "IN" }, { 0x0002, "CS" }, { 0x0003, "CH" }, { 0x0004, "HS" },
  { 0x00fe, "NONE" }, { 0x00ff, "ANY" }, { 0, NULL }
};

static const WlValueString opcode_names[] = {
  { 0, "Standard query" }, { 1, "Inverse query" }, { 2, "Server status request" },
  { 4, "Zone change notification" }, { 5, "Dynamic update" },
  { 6, "DNS Stateful operations (DSO)" }, { 0, NULL }
};

static const WlValueString rcode_names[] = {
  { 0, "No error" }, { 1, "Format error" }, { 2, "Server failure" }, { 3, "No such name" },
  { 4, "Not implemented" }, { 5, "Refused" }, { 6, "Name exists" }, { 7, "RRset exists" },
  { 8, "RRset does not exist" }, { 9, "Not authoritative" }, { 10, "Name out of zone" },
  { 11, "DSO-Type not implemented" }, { 16, "Bad OPT Version or TSIG Signature Failure" },
  { 17, "Key not recognized" }, { 18, "Signature out of time window" },
  { 19, "Bad TKEY Mode" }, { 20, "Duplicate key name" }, { 21, "Algorithm not supported" },
  { 22, "Bad Truncation" }, { 23, "Bad/missing Server Cookie" }, { 0, NULL }
};

static const WlValueString opt_code_names[] = {
  { 0, "Reserved" }, { 1, "LLQ - Long-lived query" }, { 2, "UL - Update lease" },
  { 3, "NSID - Name Server Identifier" }, { 4, "Owner (reserved)" },
  { 5, "DAU - DNSSEC Algorithm Understood (RFC6975)" },
  { 6, "DHU - DS Hash Understood (RFC6975)" }, { 7, "N3U - NSEC3 Hash Understood (RFC6975)" },
  { 8, "CSUBNET - Client subnet" }, { 9, "EDNS EXPIRE (RFC7314)" }, { 10, "COOKIE" },
  { 11, "EDNS TCP Keepalive" }, { 12, "PADDING" }, { 13, "CHAIN" },
  { 15, "Extended DNS Error" }, { 20730, "Experimental - CSUBNET - Client subnet" },
  { 0, NULL }
};

static const WlTrueFalse tfs_response = { "Message is a response", "Message is a query" };
static const WlTrueFalse tfs_authoritative = { "Server is an authority for domain",
                                               "Server is not an authority for domain" };
static const WlTrueFalse tfs_truncated = { "Message is truncated", "Message is not truncated" };
static const WlTrueFalse tfs_recdesired = { "Do query recursively", "Don't do query recursively" };
static const WlTrueFalse tfs_recavail = { "Server can do recursive queries",
                                          "Server can't do recursive queries" };
static const WlTrueFalse tfs_z = { "reserved (1)", "reserved (0)" };
static const WlTrueFalse tfs_authenticated = {
  "Answer/authority portion was authenticated by the server",
  "Answer/authority portion was not authenticated by the server" };
static const WlTrueFalse tfs_checkdisable = { "Acceptable", "Unacceptable" };
static const WlTrueFalse tfs_do = { "Accepts DNSSEC security RRs",
                                    "Cannot handle DNSSEC security RRs" };

enum { T_A = 1, T_NS = 2, T_MD = 3, T_MF = 4, T_CNAME = 5, T_SOA = 6, T_MB = 7, T_MG = 8,
       T_MR = 9, T_NULL = 10, T_WKS = 11, T_PTR = 12, T_HINFO = 13, T_MINFO = 14, T_MX = 15,
       T_TXT = 16, T_RP = 17, T_AFSDB = 18, T_RT = 21, T_PX = 26, T_AAAA = 28, T_SRV = 33,
       T_NAPTR = 35, T_KX = 36, T_DNAME = 39, T_OPT = 41, T_NSEC = 47, T_TLSA = 52, T_SPF = 99 };

#define MAX_NAME_TEXT 1024

/* One DNS message being dissected. */
typedef struct {
  WlPacket *p;
  WlView v;          /* the message, from its Transaction ID on */
  int proto;         /* proto_dns or proto_mdns */
  gboolean is_mdns;
  gboolean failed;   /* ran out of bytes: stop, the packet is marked */
} Msg;

/* Marks the packet for a read of n bytes at off that the message does not hold. */
static gboolean
msg_need (Msg *m, guint32 off, guint32 n)
{
  if (wl_view_has (&m->v, off, n))
    return TRUE;
  if (!m->failed)
    {
      m->failed = TRUE;
      if ((guint64) off + n > m->v.reported)
        wl_packet_set_malformed (m->p, m->proto, &m->v, MIN (off, m->v.len));
      else
        m->p->is_truncated = TRUE;
    }
  return FALSE;
}

static void
name_append_label (char *buf, guint *len, const guint8 *s, guint n)
{
  for (guint i = 0; i < n && *len + 5 < MAX_NAME_TEXT; i++)
    {
      guint8 c = s[i];
      if (g_ascii_isprint (c))
        buf[(*len)++] = (char) c;
      else
        *len += (guint) g_snprintf (buf + *len, MAX_NAME_TEXT - *len, "\\%03o", c);
    }
}

/* Expands the (possibly compressed) name at off into *out (arena memory). Returns the bytes
 * the name takes at off, or 0 when the message ends inside it (the packet is then marked). */
static guint32
read_name (Msg *m, guint32 off, const char **out, guint *n_labels)
{
  char buf[MAX_NAME_TEXT];
  guint len = 0, labels = 0;
  guint32 pos = off, used = 0, processed = 0;
  gboolean jumped = FALSE;
  const char *special = NULL;

  *out = "";
  for (;;)
    {
      if (!msg_need (m, pos, 1))
        return 0;
      guint8 c = wl_view_u8 (&m->v, pos);
      processed++;
      if (c == 0)
        {
          pos++;
          break;
        }
      if ((c & 0xc0) == 0xc0)
        {
          if (!msg_need (m, pos, 2))
            return 0;
          guint32 target = ((guint32) (c & 0x3f) << 8) | wl_view_u8 (&m->v, pos + 1);
          processed++;
          if (!jumped)
            used = pos + 2 - off;
          jumped = TRUE;
          if (target == pos || processed >= m->v.reported)
            {
              special = "<Name contains a pointer that loops>";
              break;
            }
          pos = target;
          continue;
        }
      if (c & 0xc0)
        {
          /* Extended (0x40) and reserved (0x80) label types: the name stops before it, and
           * like tshark an empty one is an error. */
          if (!jumped && pos == off)
            {
              msg_need (m, m->v.reported, 1);
              return 0;
            }
          special = "<Unknown extended label>";
          break;
        }
      if (!msg_need (m, pos + 1, c))
        return 0;
      if (labels > 0 && len + 1 < MAX_NAME_TEXT)
        buf[len++] = '.';
      name_append_label (buf, &len, m->v.data + pos + 1, c);
      labels++;
      processed += c;
      pos += 1 + c;
    }
  if (!jumped)
    used = pos - off;
  if (special)
    *out = special;
  else if (labels == 0)
    *out = "<Root>";
  else
    *out = wl_arena_strndup (m->p->arena, buf, len);
  if (n_labels)
    *n_labels = labels;
  return used;
}

static const char *
type_short (guint16 type)
{
  const char *s = wl_value_string (type_short_names, type);
  return s ? s : NULL;
}

/* The type as the Info column and the tree summaries name it. */
static void
append_type (WlPacket *p, guint16 type)
{
  const char *s = type_short (type);
  if (s)
    wl_col_append_info (p, " %s", s);
  else
    wl_col_append_info (p, " Unknown (%u)", type);
}

static const char *
type_label (WlPacket *p, guint16 type)
{
  const char *s = type_short (type);
  return s ? s : wl_arena_printf (p->arena, "Unknown (%u)", type);
}

static const char *
class_label (WlPacket *p, guint16 cls)
{
  const char *s = wl_value_string (class_names, cls);
  return s ? s : wl_arena_printf (p->arena, "Unknown (0x%04x)", cls);
}

/* The low 15 bits of x as tshark draws a masked 16-bit field: "000 0000 0000 0001". */
static const char *
mask15_bits (WlPacket *p, guint16 x)
{
  if (!p->full)
    return "";
  char buf[24];
  guint n = 0;
  for (int bit = 14; bit >= 0; bit--)
    {
      buf[n++] = (x >> bit) & 1 ? '1' : '0';
      if (bit % 4 == 0 && bit > 0)
        buf[n++] = ' ';
    }
  return wl_arena_strndup (p->arena, buf, n);
}

/* Adds the name at off as field hf; returns the bytes it takes (0 on failure). */
static guint32
add_name (Msg *m, WlNode *parent, int hf, guint32 off, const char **name)
{
  const char *s;
  guint32 n = read_name (m, off, &s, NULL);
  if (n == 0)
    return 0;
  wl_add_string_value (m->p, parent, hf, &m->v, off, n, s, -1);
  if (name)
    *name = s;
  return n;
}

static void
ttl_label (WlPacket *p, WlNode *n, guint32 ttl)
{
  if (!n || !p->full)
    return;
  GString *s = g_string_new (NULL);
  static const struct { guint32 secs; const char *unit; } units[] = {
    { 86400 * 365, "year" }, { 7 * 86400, "week" }, { 86400, "day" }, { 3600, "hour" },
    { 60, "minute" }, { 1, "second" },
  };
  guint32 rest = ttl;
  for (guint i = 0; i < G_N_ELEMENTS (units); i++)
    {
      guint32 k = rest / units[i].secs;
      if (k == 0)
        continue;
      rest -= k * units[i].secs;
      g_string_append_printf (s, "%s%u %s%s", s->len ? ", " : "", k, units[i].unit, k == 1 ? "" : "s");
    }
  if (s->len == 0)
    g_string_append (s, "0 seconds");
  wl_node_set_label (p, n, "Time to live: %u (%s)", ttl, s->str);
  g_string_free (s, TRUE);
}

/* A length-prefixed character string (TXT, HINFO...): adds length and text; returns the bytes
 * used or 0 when they are missing. */
static guint32
add_char_string (Msg *m, WlNode *parent, int hf_len, int hf_str, guint32 off, const char **text)
{
  if (!msg_need (m, off, 1))
    return 0;
  guint8 n = wl_view_u8 (&m->v, off);
  wl_add_item (m->p, parent, hf_len, &m->v, off, 1, WL_ENC_BIG);
  if (!msg_need (m, off + 1, n))
    return 0;
  wl_add_item (m->p, parent, hf_str, &m->v, off + 1, n, WL_ENC_BIG);
  if (text)
    *text = wl_arena_strndup (m->p->arena, (const char *) m->v.data + off + 1, n);
  return 1u + n;
}

static void
dissect_opt_options (Msg *m, WlNode *rr, guint32 off, guint32 end)
{
  WlPacket *p = m->p;
  while (off + 4 <= end && wl_view_has (&m->v, off, 4))
    {
      guint16 code = wl_view_ntohs (&m->v, off);
      guint16 len = wl_view_ntohs (&m->v, off + 2);
      const char *cname = wl_value_string (opt_code_names, code);
      WlNode *opt = wl_add_none (p, rr, hf_opt, &m->v, off, 4u + len);
      wl_node_set_label (p, opt, "Option: %s", cname ? cname : "Unknown");
      wl_add_item (p, opt, hf_opt_code, &m->v, off, 2, WL_ENC_BIG);
      wl_add_item (p, opt, hf_opt_len, &m->v, off + 2, 2, WL_ENC_BIG);
      off += 4;
      if (len == 0)
        continue;
      if (!msg_need (m, off, len))
        return;
      wl_add_item (p, opt, hf_opt_data, &m->v, off, len, WL_ENC_BIG);
      if (code == 10)
        {
          wl_add_item (p, opt, hf_opt_cookie_client, &m->v, off, MIN (len, 8), WL_ENC_BIG);
          /* without a server part, an empty field: "Server Cookie: <MISSING>" */
          wl_add_item (p, opt, hf_opt_cookie_server, &m->v, MIN (off + 8, off + len), len > 8 ? len - 8u : 0, WL_ENC_BIG);
        }
      else if (code == 12)
        wl_add_item (p, opt, hf_opt_padding, &m->v, off, len, WL_ENC_BIG);
      off += len;
    }
}

/* One resource record at off; returns the bytes it takes, 0 when the message ends inside. */
static guint32
dissect_rr (Msg *m, WlNode *section, guint32 off)
{
  WlPacket *p = m->p;
  const WlView *v = &m->v;
  const char *name;
  guint32 nlen = read_name (m, off, &name, NULL);
  if (nlen == 0 || !msg_need (m, off + nlen, 10))
    return 0;
  guint32 at = off + nlen;
  guint16 type = wl_view_ntohs (v, at);
  guint16 cls_raw = wl_view_ntohs (v, at + 2);
  guint32 ttl = wl_view_ntohl (v, at + 4);
  guint16 rdlen = wl_view_ntohs (v, at + 8);
  gboolean flush = m->is_mdns && type != T_OPT && (cls_raw & 0x8000);
  guint16 cls = m->is_mdns && type != T_OPT ? (cls_raw & 0x7fff) : cls_raw;
  guint32 rd = at + 10;

  append_type (p, type);
  if (flush)
    wl_col_append_info (p, ", cache flush");

  WlNode *rr = NULL;
  if (p->full)
    {
      if (type == T_OPT)
        rr = wl_add_text (p, section, v, off, nlen + 10u + rdlen, "%s: type %s", name, type_label (p, type));
      else
        rr = wl_add_text (p, section, v, off, nlen + 10u + rdlen, "%s: type %s, class %s%s", name,
                          type_label (p, type), class_label (p, cls), flush ? ", cache flush" : "");
    }
  if (type == T_SRV && name[0])
    {
      /* An SRV owner "_service._proto.name" gets three fields instead of dns.resp.name. */
      gchar **parts = g_strsplit (name, ".", 3);
      wl_add_string_value (p, rr, hf_srv_service, v, off, nlen, wl_arena_strndup (p->arena, parts[0], strlen (parts[0])), -1);
      if (parts[1])
        {
          wl_add_string_value (p, rr, hf_srv_proto, v, off, nlen, wl_arena_strndup (p->arena, parts[1], strlen (parts[1])), -1);
          if (parts[2])
            wl_add_string_value (p, rr, hf_srv_name, v, off, nlen, wl_arena_strndup (p->arena, parts[2], strlen (parts[2])), -1);
        }
      g_strfreev (parts);
    }
  else
    wl_add_string_value (p, rr, hf_resp_name, v, off, nlen, name, -1);
  wl_add_item (p, rr, hf_resp_type, v, at, 2, WL_ENC_BIG);
  if (type == T_OPT)
    {
      wl_add_item (p, rr, hf_rr_udp_payload_size, v, at + 2, 2, WL_ENC_BIG);
      wl_add_item (p, rr, hf_ext_rcode, v, at + 4, 1, WL_ENC_BIG);
      wl_add_item (p, rr, hf_edns0_version, v, at + 5, 1, WL_ENC_BIG);
      WlNode *z = wl_add_item (p, rr, hf_z, v, at + 6, 2, WL_ENC_BIG);
      wl_add_item (p, z, hf_z_do, v, at + 6, 2, WL_ENC_BIG);
      wl_add_item (p, z, hf_z_reserved, v, at + 6, 2, WL_ENC_BIG);
    }
  else
    {
      if (m->is_mdns)
        {
          WlNode *c = wl_add_uint (p, rr, hf_resp_class, v, at + 2, 2, cls);
          wl_node_set_label (p, c, ".%s = Class: %s (0x%04x)", mask15_bits (p, cls), class_label (p, cls), cls);
          wl_add_item (p, rr, hf_resp_cache_flush, v, at + 2, 2, WL_ENC_BIG);
        }
      else
        wl_add_item (p, rr, hf_resp_class, v, at + 2, 2, WL_ENC_BIG);
      ttl_label (p, wl_add_item (p, rr, hf_resp_ttl, v, at + 4, 4, WL_ENC_BIG), ttl);
    }
  wl_add_item (p, rr, hf_resp_len, v, at + 8, 2, WL_ENC_BIG);
  if (rdlen == 0 && type != T_NULL && type != T_TLSA)
    return rd - off;
  if (!msg_need (m, rd, rdlen) && type != T_OPT)
    return 0;

  const char *s = NULL;
  switch (type)
    {
    case T_A:
      if (rdlen >= 4)
        {
          wl_add_item (p, rr, hf_a, v, rd, 4, WL_ENC_BIG);
          const guint8 *a = v->data + rd;
          wl_col_append_info (p, " %u.%u.%u.%u", a[0], a[1], a[2], a[3]);
          wl_node_append_label (p, rr, ", addr %u.%u.%u.%u", a[0], a[1], a[2], a[3]);
        }
      break;
    case T_AAAA:
      if (rdlen >= 16)
        {
          wl_add_item (p, rr, hf_aaaa, v, rd, 16, WL_ENC_BIG);
          if (wl_cols (p) || p->full)
            {
              extern void wl_format_ipv6 (const guint8 *a, GString *out);
              GString *g = g_string_new (NULL);
              wl_format_ipv6 (v->data + rd, g);
              wl_col_append_info (p, " %s", g->str);
              wl_node_append_label (p, rr, ", addr %s", g->str);
              g_string_free (g, TRUE);
            }
        }
      break;
    case T_MD: case T_MF: case T_MB: case T_MG: case T_MR:
      {
        int hf = type == T_MD ? hf_md : type == T_MF ? hf_mf : type == T_MB ? hf_mb : type == T_MG ? hf_mg : hf_mr;
        if (add_name (m, rr, hf, rd, &s) == 0)
          return 0;
        /* tshark names the owner of these records in the Info column, not their data */
        wl_col_append_info (p, " %s", name);
        wl_node_append_label (p, rr, ", %s", s);
        break;
      }
    case T_AFSDB: case T_RP: case T_MINFO: case T_RT: case T_PX:
      wl_col_append_info (p, " %s", name);
      wl_add_item (p, rr, hf_rr_data, v, rd, rdlen, WL_ENC_BIG);
      break;
    case T_KX:
      {
        guint16 pref = wl_view_ntohs (v, rd);
        const char *kx;
        if (rdlen < 2 || read_name (m, rd + 2, &kx, NULL) == 0)
          return 0;
        wl_col_append_info (p, " %u %s", pref, kx);
        wl_add_item (p, rr, hf_rr_data, v, rd, rdlen, WL_ENC_BIG);
        break;
      }
    case T_WKS:
      if (rdlen >= 4)
        {
          const guint8 *a = v->data + rd;
          wl_col_append_info (p, " %u.%u.%u.%u", a[0], a[1], a[2], a[3]);
          wl_add_item (p, rr, hf_wks_address, v, rd, 4, WL_ENC_BIG);
        }
      break;
    case T_NSEC:
      {
        if (add_name (m, rr, hf_nsec_next, rd, &s) == 0)
          return 0;
        wl_col_append_info (p, " %s", s);
        break;
      }
    case T_NS: case T_CNAME: case T_PTR: case T_DNAME:
      {
        int hf = type == T_NS ? hf_ns : type == T_CNAME ? hf_cname : type == T_PTR ? hf_ptr : hf_dname;
        if (add_name (m, rr, hf, rd, &s) == 0)
          return 0;
        wl_col_append_info (p, " %s", s);
        static const char *const what[] = { [T_NS] = "ns", [T_CNAME] = "cname", [T_DNAME] = "dname" };
        if (type == T_PTR || !what[type])
          wl_node_append_label (p, rr, ", %s", s);
        else
          wl_node_append_label (p, rr, ", %s %s", what[type], s);
        break;
      }
    case T_SOA:
      {
        guint32 n1 = add_name (m, rr, hf_soa_mname, rd, &s);
        if (n1 == 0)
          return 0;
        wl_col_append_info (p, " %s", s);
        wl_node_append_label (p, rr, ", mname %s", s);
        guint32 n2 = add_name (m, rr, hf_soa_rname, rd + n1, NULL);
        if (n2 == 0 || !msg_need (m, rd + n1 + n2, 20))
          return 0;
        guint32 q = rd + n1 + n2;
        wl_add_item (p, rr, hf_soa_serial, v, q, 4, WL_ENC_BIG);
        wl_add_item (p, rr, hf_soa_refresh, v, q + 4, 4, WL_ENC_BIG);
        wl_add_item (p, rr, hf_soa_retry, v, q + 8, 4, WL_ENC_BIG);
        wl_add_item (p, rr, hf_soa_expire, v, q + 12, 4, WL_ENC_BIG);
        wl_add_item (p, rr, hf_soa_minimum, v, q + 16, 4, WL_ENC_BIG);
        break;
      }
    case T_HINFO:
      {
        const char *cpu = "", *os = "";
        guint32 n1 = add_char_string (m, rr, hf_hinfo_cpu_len, hf_hinfo_cpu, rd, &cpu);
        if (n1 == 0)
          return 0;
        if (add_char_string (m, rr, hf_hinfo_os_len, hf_hinfo_os, rd + n1, &os) == 0)
          return 0;
        wl_col_append_info (p, " %s %s", cpu, os);
        wl_node_append_label (p, rr, ", CPU %s, OS %s", cpu, os);
        break;
      }
    case T_MX:
      {
        guint16 pref = wl_view_ntohs (v, rd);
        wl_add_item (p, rr, hf_mx_pref, v, rd, 2, WL_ENC_BIG);
        if (add_name (m, rr, hf_mx_exchange, rd + 2, &s) == 0)
          return 0;
        wl_col_append_info (p, " %u %s", pref, s);
        wl_node_append_label (p, rr, ", preference %u, mx %s", pref, s);
        break;
      }
    case T_TXT: case T_SPF:
      for (guint32 q = rd; q < rd + rdlen;)
        {
          guint32 n = add_char_string (m, rr, type == T_TXT ? hf_txt_len : hf_spf_len,
                                       type == T_TXT ? hf_txt : hf_spf, q, NULL);
          if (n == 0)
            return 0;
          q += n;
        }
      break;
    case T_SRV:
      {
        if (rdlen < 6)
          break;
        guint16 pri = wl_view_ntohs (v, rd), wei = wl_view_ntohs (v, rd + 2), port = wl_view_ntohs (v, rd + 4);
        wl_add_item (p, rr, hf_srv_priority, v, rd, 2, WL_ENC_BIG);
        wl_add_item (p, rr, hf_srv_weight, v, rd + 2, 2, WL_ENC_BIG);
        wl_add_item (p, rr, hf_srv_port, v, rd + 4, 2, WL_ENC_BIG);
        if (add_name (m, rr, hf_srv_target, rd + 6, &s) == 0)
          return 0;
        wl_col_append_info (p, " %u %u %u %s", pri, wei, port, s);
        wl_node_append_label (p, rr, ", priority %u, weight %u, port %u, target %s", pri, wei, port, s);
        break;
      }
    case T_NAPTR:
      {
        if (rdlen < 5)
          break;
        guint16 order = wl_view_ntohs (v, rd), pref = wl_view_ntohs (v, rd + 2);
        const char *flags = "";
        wl_add_item (p, rr, hf_naptr_order, v, rd, 2, WL_ENC_BIG);
        wl_add_item (p, rr, hf_naptr_pref, v, rd + 2, 2, WL_ENC_BIG);
        guint32 q = rd + 4, n;
        if ((n = add_char_string (m, rr, hf_naptr_flags_len, hf_naptr_flags, q, &flags)) == 0)
          return 0;
        q += n;
        if ((n = add_char_string (m, rr, hf_naptr_service_len, hf_naptr_service, q, NULL)) == 0)
          return 0;
        q += n;
        if ((n = add_char_string (m, rr, hf_naptr_regex_len, hf_naptr_regex, q, NULL)) == 0)
          return 0;
        q += n;
        const char *repl;
        guint32 rl = read_name (m, q, &repl, NULL);
        if (rl == 0)
          return 0;
        wl_add_uint (p, rr, hf_naptr_repl_len, v, q, 0, strlen (repl));
        wl_add_string_value (p, rr, hf_naptr_repl, v, q, rl, repl, -1);
        wl_col_append_info (p, " %u %u %s", order, pref, flags);
        break;
      }
    case T_NULL: case T_TLSA:
      /* tshark names the owner of these records in the Info column. */
      wl_col_append_info (p, " %s", name);
      if (rdlen)
        wl_add_item (p, rr, type == T_NULL ? hf_null : hf_rr_data, v, rd, rdlen, WL_ENC_BIG);
      break;
    case T_OPT:
      if (!msg_need (m, rd, rdlen))
        {
          dissect_opt_options (m, rr, rd, rd + wl_view_remaining (v, rd));
          return 0;
        }
      dissect_opt_options (m, rr, rd, rd + rdlen);
      break;
    default:
      wl_add_item (p, rr, hf_rr_data, v, rd, rdlen, WL_ENC_BIG);
      break;
    }
  return rd + rdlen - off;
}

/* One question at off; returns its length, 0 when the message ends inside. */
static guint32
dissect_query (Msg *m, WlNode *section, guint32 off)
{
  WlPacket *p = m->p;
  const WlView *v = &m->v;
  const char *name;
  guint labels = 0;
  guint32 nlen = read_name (m, off, &name, &labels);
  if (nlen == 0)
    return 0;
  gboolean have_tc = wl_view_has (v, off + nlen, 4);
  guint16 type = wl_view_ntohs (v, off + nlen);
  guint16 cls_raw = wl_view_ntohs (v, off + nlen + 2);
  gboolean qu = m->is_mdns && (cls_raw & 0x8000);
  guint16 cls = m->is_mdns ? (cls_raw & 0x7fff) : cls_raw;

  WlNode *q = NULL;
  if (p->full && have_tc)
    q = wl_add_text (p, section, v, off, nlen + 4, "%s: type %s, class %s%s", name, type_label (p, type),
                     class_label (p, cls), m->is_mdns ? (qu ? ", \"QU\" question" : ", \"QM\" question") : "");
  wl_add_string_value (p, q, hf_qry_name, v, off, nlen, name, -1);
  wl_node_set_generated (wl_add_uint (p, q, hf_qry_name_len, v, off, nlen, strcmp (name, "<Root>") ? strlen (name) : 6));
  wl_node_set_generated (wl_add_uint (p, q, hf_count_labels, v, off, nlen, labels));
  if (!msg_need (m, off + nlen, 4))
    return 0;
  wl_add_item (p, q, hf_qry_type, v, off + nlen, 2, WL_ENC_BIG);
  if (m->is_mdns)
    {
      WlNode *c = wl_add_uint (p, q, hf_qry_class, v, off + nlen + 2, 2, cls);
      wl_node_set_label (p, c, ".%s = Class: %s (0x%04x)", mask15_bits (p, cls), class_label (p, cls), cls);
      wl_add_item (p, q, hf_qry_qu, v, off + nlen + 2, 2, WL_ENC_BIG);
    }
  else
    wl_add_item (p, q, hf_qry_class, v, off + nlen + 2, 2, WL_ENC_BIG);
  append_type (p, type);
  wl_col_append_info (p, " %s", name);
  if (m->is_mdns)
    wl_col_append_info (p, ", \"%s\" question", qu ? "QU" : "QM");
  return nlen + 4;
}

/* A first-pass key for request/response matching: both endpoints, ports and the id. */
static guint64
match_key (const WlPacket *p, guint16 id)
{
  guint64 a = 1469598103934665603ull, b = a;
  const WlAddress *x = &p->net_src, *y = &p->net_dst;
  for (guint i = 0; i < 16; i++)
    {
      a = (a ^ x->data[i]) * 1099511628211ull;
      b = (b ^ y->data[i]) * 1099511628211ull;
    }
  a = (a ^ p->src_port) * 1099511628211ull;
  b = (b ^ p->dst_port) * 1099511628211ull;
  return (a ^ b) + ((guint64) id << 1) + (guint64) p->port_type;
}

/* A query and its answer, as tshark pairs them: the latest query with the same id in the
 * same conversation; a repeat within five seconds is a retransmission. */
typedef struct {
  guint32 req_frame, rep_frame;
  gint64 req_ts;
} DnsTransaction;

/* What a frame's message learned on the first pass (read back on later visits). */
typedef struct {
  guint32 request_in;        /* responses: the query answered */
  guint32 retransmit_of;     /* repeats: the original query or response */
  gint64 delta_ns;
  gboolean unsolicited;
} DnsMatch;

typedef struct {
  GHashTable *transactions;  /* match key -> DnsTransaction* */
  GPtrArray *owned;          /* DnsMatch records */
} DnsState;

static void
dns_state_free (gpointer data)
{
  DnsState *st = data;
  g_hash_table_destroy (st->transactions);
  g_ptr_array_free (st->owned, TRUE);
  g_free (st);
}

#define DNS_RETRANSMISSION_NS (G_GINT64_CONSTANT (5) * 1000000000)

static DnsMatch *
match_first_pass (Msg *m, guint16 id, gboolean is_response)
{
  WlPacket *p = m->p;
  DnsState *st = wl_session_get_state (p->session, m->proto);
  if (!st)
    {
      st = g_new0 (DnsState, 1);
      st->transactions = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
      st->owned = g_ptr_array_new_with_free_func (g_free);
      wl_session_set_state (p->session, m->proto, st, dns_state_free);
    }
  gint64 k = (gint64) match_key (p, id);
  DnsTransaction *t = g_hash_table_lookup (st->transactions, &k);
  DnsMatch *r = g_new0 (DnsMatch, 1);
  g_ptr_array_add (st->owned, r);
  if (!is_response)
    {
      if (t && t->rep_frame == 0 && p->ts_ns - t->req_ts < DNS_RETRANSMISSION_NS)
        r->retransmit_of = t->req_frame;
      else
        {
          t = g_new0 (DnsTransaction, 1);
          t->req_frame = p->number;
          t->req_ts = p->ts_ns;
          gint64 *kk = g_new (gint64, 1);
          *kk = k;
          g_hash_table_replace (st->transactions, kk, t);
        }
    }
  else if (!t)
    r->unsolicited = TRUE;
  else if (t->rep_frame == 0)
    {
      t->rep_frame = p->number;
      r->request_in = t->req_frame;
      r->delta_ns = p->ts_ns - t->req_ts;
    }
  else
    r->retransmit_of = t->rep_frame;
  return r;
}

static void
track_request (Msg *m, guint16 id, gboolean is_response, WlNode *top, WlNode *id_node, guint32 key)
{
  WlPacket *p = m->p;
  DnsMatch *r;
  if (!p->visited)
    {
      r = match_first_pass (m, id, is_response);
      wl_frame_data_set (p, m->proto, key, r);
    }
  else
    r = wl_frame_data_get (p, m->proto, key);
  if (!r)
    return;
  if (r->retransmit_of)
    {
      /* tshark's warning hangs under the transaction ID */
      if (is_response)
        wl_add_expert (p, id_node ? id_node : top, ei_retransmit_response, &m->v, 0, 2, "Warning", "Protocol",
                       "DNS response retransmission. Original response in frame %u", r->retransmit_of);
      else
        wl_add_expert (p, id_node ? id_node : top, ei_retransmit_request, &m->v, 0, 2, "Warning", "Protocol",
                       "DNS query retransmission. Original request in frame %u", r->retransmit_of);
      wl_node_set_generated (wl_add_uint (p, top, is_response ? hf_retransmit_response_in : hf_retransmit_request_in,
                                          &m->v, 0, 0, r->retransmit_of));
      wl_node_set_generated (wl_add_uint (p, top, hf_retransmission, &m->v, 0, 0, 1));
    }
  if (r->request_in)
    {
      wl_node_set_generated (wl_add_uint (p, top, hf_response_to, &m->v, 0, 0, r->request_in));
      wl_node_set_generated (wl_add_time (p, top, hf_time, &m->v, 0, 0, r->delta_ns));
    }
  if (r->unsolicited)
    wl_node_set_generated (wl_add_uint (p, top, hf_unsolicited, &m->v, 0, 0, 1));
}

static const char *const section_names[] = { "Queries", "Answers", "Authoritative nameservers", "Additional records" };
static const char *const update_section_names[] = { "Zone", "Prerequisites", "Updates", "Additional records" };

/* Dissects one DNS message (v starts at its Transaction ID). length_prefix: the TCP length
 * field just before it, or NULL. */
static void
dissect_message (WlPacket *p, const WlView *v, WlNode *parent, gboolean is_mdns,
                 const WlView *tcp_view, guint32 tcp_off, guint32 key)
{
  Msg m = { p, *v, is_mdns ? proto_mdns : proto_dns, is_mdns, FALSE };
  const WlView *outer = tcp_view ? tcp_view : v;
  guint32 outer_off = tcp_view ? tcp_off : 0;
  guint32 outer_len = tcp_view ? v->reported + 2 : v->reported;

  wl_col_set_protocol (p, is_mdns ? "MDNS" : "DNS");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, m.proto, outer, outer_off, MIN (outer_len, wl_view_remaining (outer, outer_off)));
  if (tcp_view)
    wl_add_item (p, top, hf_length, tcp_view, tcp_off, 2, WL_ENC_BIG);

  guint16 flags = wl_view_ntohs (v, 2);
  gboolean is_response = (flags & 0x8000) != 0;
  guint opcode = (flags >> 11) & 0xf;
  guint rcode = flags & 0xf;
  if (p->full && top)
    wl_node_set_label (p, top, "%s (%s)", is_mdns ? "Multicast Domain Name System" : "Domain Name System",
                       is_response ? "response" : "query");
  if (!msg_need (&m, 0, 12))
    {
      wl_add_item (p, top, hf_id, v, 0, 2, WL_ENC_BIG);
      return;
    }
  guint16 id = wl_view_ntohs (v, 0);
  const char *opname = wl_value_string (opcode_names, opcode);
  if (wl_cols (p))
    {
      if (opname)
        wl_col_append_info (p, "%s%s 0x%04x", opname, is_response ? " response" : "", id);
      else
        wl_col_append_info (p, "Unknown operation (%u)%s 0x%04x", opcode, is_response ? " response" : "", id);
      if (is_response && rcode != 0)
        {
          const char *rn = wl_value_string (rcode_names, rcode);
          if (rn)
            wl_col_append_info (p, " %s", rn);
          else
            wl_col_append_info (p, " Unknown error (%u)", rcode);
        }
    }

  WlNode *id_node = wl_add_item (p, top, hf_id, v, 0, 2, WL_ENC_BIG);
  WlNode *fl = wl_add_item (p, top, hf_flags, v, 2, 2, WL_ENC_BIG);
  if (fl && p->full)
    {
      const char *rn = wl_value_string (rcode_names, rcode);
      if (is_response)
        wl_node_set_label (p, fl, "Flags: 0x%04x %s response, %s", flags, opname ? opname : "Unknown operation",
                           rn ? rn : "Unknown error");
      else
        wl_node_set_label (p, fl, "Flags: 0x%04x %s", flags, opname ? opname : "Unknown operation");
    }
  wl_add_item (p, fl, hf_flags_response, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, fl, hf_flags_opcode, v, 2, 2, WL_ENC_BIG);
  if (is_response)
    wl_add_item (p, fl, hf_flags_authoritative, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, fl, hf_flags_truncated, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, fl, hf_flags_recdesired, v, 2, 2, WL_ENC_BIG);
  if (is_response)
    wl_add_item (p, fl, hf_flags_recavail, v, 2, 2, WL_ENC_BIG);
  wl_add_item (p, fl, hf_flags_z, v, 2, 2, WL_ENC_BIG);
  /* A query shows the AD bit only when it is set (Wireshark's F_AUTHENTIC test) */
  if (is_response || (flags & 0x20))
    {
      WlNode *ad = wl_add_item (p, fl, hf_flags_authenticated, v, 2, 2, WL_ENC_BIG);
      if (!is_response && ad)
        wl_node_set_label (p, ad, ".... .... ..%c. .... = AD bit: %s", (flags & 0x20) ? '1' : '0',
                           (flags & 0x20) ? "Set" : "Not set");
    }
  wl_add_item (p, fl, hf_flags_checkdisable, v, 2, 2, WL_ENC_BIG);
  if (is_response)
    wl_add_item (p, fl, hf_flags_rcode, v, 2, 2, WL_ENC_BIG);

  gboolean update = opcode == 5;
  guint16 counts[4];
  static int *const count_hf[2][4] = {
    { &hf_count_queries, &hf_count_answers, &hf_count_auth_rr, &hf_count_add_rr },
    { &hf_count_zones, &hf_count_prerequisites, &hf_count_updates, &hf_count_add_rr },
  };
  for (guint i = 0; i < 4; i++)
    {
      counts[i] = wl_view_ntohs (v, 4 + 2 * i);
      wl_add_item (p, top, *count_hf[update][i], v, 4 + 2 * i, 2, WL_ENC_BIG);
    }

  guint32 off = 12;
  for (guint sec = 0; sec < 4 && !m.failed; sec++)
    {
      if (counts[sec] == 0)
        continue;
      WlNode *sn = wl_add_text (p, top, v, off, 0, "%s", update ? update_section_names[sec] : section_names[sec]);
      guint32 start = off;
      for (guint i = 0; i < counts[sec]; i++)
        {
          guint32 n = sec == 0 ? dissect_query (&m, sn, off) : dissect_rr (&m, sn, off);
          if (n == 0)
            break;
          off += n;
        }
      wl_node_set_len (sn, off - start);
    }
  if (!m.failed)
    track_request (&m, id, is_response, top, id_node, key);
}

static guint32
dissect_dns_udp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  dissect_message (p, v, parent, FALSE, NULL, 0, 0);
  return v->len;
}

static guint32
dissect_mdns (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  dissect_message (p, v, parent, TRUE, NULL, 0, 0);
  return v->len;
}

/* DNS over TCP: messages each preceded by a two-byte length, possibly spread over segments. */
static guint32
dissect_dns_tcp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  guint32 off = 0;
  guint n_msgs = 0;
  while (off < v->reported)
    {
      guint32 rem = wl_view_reported_remaining (v, off);
      if (rem < 2 || rem < 2u + wl_view_ntohs (v, off))
        {
          if (p->can_desegment)
            {
              p->desegment_offset = off;
              p->desegment_len = rem < 2 ? WL_DESEGMENT_ONE_MORE_SEGMENT : 2u + wl_view_ntohs (v, off) - rem;
              return v->len;
            }
          if (rem < 2)
            break;
        }
      guint16 plen = wl_view_ntohs (v, off);
      WlView msg = wl_view_sub (v, off + 2, plen);
      /* Like tshark: each message replaces the Info of the one before, and "dns" is one layer
       * of frame.protocols however many messages the segment holds. */
      guint n_layers = p->n_layers;
      /* tshark hands each message on through tcp_dissect_pdus, which notes its size in TCP */
      wl_tcp_add_pdu_size (p, v, off, 2u + plen);
      dissect_message (p, &msg, parent, FALSE, v, off, (v->base + off) & 0xffff);
      if (n_msgs > 0)
        p->n_layers = n_layers;
      n_msgs++;
      off += 2u + plen;
      if (!wl_view_has (v, off, 0))
        break;
    }
  return v->len;
}

static WlFieldReg fields[] = {
  { &hf_length, { "Length", "dns.length", WL_FT_UINT16, WL_BASE_DEC, NULL, 0, "Length of DNS-over-TCP request or response" } },
  { &hf_flags, { "Flags", "dns.flags", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_flags_response, { "Response", "dns.flags.response", WL_FT_BOOLEAN, 16, &tfs_response, 0x8000, "Is the message a response?" } },
  { &hf_flags_opcode, { "Opcode", "dns.flags.opcode", WL_FT_UINT16, WL_BASE_DEC, opcode_names, 0x7800, "Operation code" } },
  { &hf_flags_authoritative, { "Authoritative", "dns.flags.authoritative", WL_FT_BOOLEAN, 16, &tfs_authoritative, 0x0400 } },
  { &hf_flags_truncated, { "Truncated", "dns.flags.truncated", WL_FT_BOOLEAN, 16, &tfs_truncated, 0x0200 } },
  { &hf_flags_recdesired, { "Recursion desired", "dns.flags.recdesired", WL_FT_BOOLEAN, 16, &tfs_recdesired, 0x0100 } },
  { &hf_flags_recavail, { "Recursion available", "dns.flags.recavail", WL_FT_BOOLEAN, 16, &tfs_recavail, 0x0080 } },
  { &hf_flags_z, { "Z", "dns.flags.z", WL_FT_BOOLEAN, 16, &tfs_z, 0x0040 } },
  { &hf_flags_authenticated, { "Answer authenticated", "dns.flags.authenticated", WL_FT_BOOLEAN, 16, &tfs_authenticated, 0x0020 } },
  { &hf_flags_checkdisable, { "Non-authenticated data", "dns.flags.checkdisable", WL_FT_BOOLEAN, 16, &tfs_checkdisable, 0x0010 } },
  { &hf_flags_rcode, { "Reply code", "dns.flags.rcode", WL_FT_UINT16, WL_BASE_DEC, rcode_names, 0x000f } },
  { &ei_retransmit_request, { "DNS query retransmission", "dns.retransmit_request", WL_FT_NONE } },
  { &ei_retransmit_response, { "DNS response retransmission", "dns.retransmit_response", WL_FT_NONE } },
  { &hf_id, { "Transaction ID", "dns.id", WL_FT_UINT16, WL_BASE_HEX, NULL, 0, "Identification of transaction" } },
  { &hf_qry_type, { "Type", "dns.qry.type", WL_FT_UINT16, WL_BASE_DEC, type_names } },
  { &hf_qry_class, { "Class", "dns.qry.class", WL_FT_UINT16, WL_BASE_HEX, class_names } },
  { &hf_qry_qu, { "\"QU\" question", "dns.qry.qu", WL_FT_BOOLEAN, 16, NULL, 0x8000 } },
  { &hf_qry_name, { "Name", "dns.qry.name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_qry_name_len, { "Name Length", "dns.qry.name.len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_labels, { "Label Count", "dns.count.labels", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_resp_type, { "Type", "dns.resp.type", WL_FT_UINT16, WL_BASE_DEC, type_names } },
  { &hf_resp_class, { "Class", "dns.resp.class", WL_FT_UINT16, WL_BASE_HEX, class_names } },
  { &hf_resp_cache_flush, { "Cache flush", "dns.resp.cache_flush", WL_FT_BOOLEAN, 16, NULL, 0x8000 } },
  { &hf_ext_rcode, { "Higher bits in extended RCODE", "dns.resp.ext_rcode", WL_FT_UINT8, WL_BASE_HEX } },
  { &hf_edns0_version, { "EDNS0 version", "dns.resp.edns0_version", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_z, { "Z", "dns.resp.z", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_z_do, { "DO bit", "dns.resp.z.do", WL_FT_BOOLEAN, 16, &tfs_do, 0x8000 } },
  { &hf_z_reserved, { "Reserved", "dns.resp.z.reserved", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x7fff } },
  { &hf_srv_service, { "Service", "dns.srv.service", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_srv_proto, { "Protocol", "dns.srv.proto", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_srv_name, { "Name", "dns.srv.name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_srv_priority, { "Priority", "dns.srv.priority", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_srv_weight, { "Weight", "dns.srv.weight", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_srv_port, { "Port", "dns.srv.port", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_srv_target, { "Target", "dns.srv.target", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_naptr_order, { "Order", "dns.naptr.order", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_naptr_pref, { "Preference", "dns.naptr.preference", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_naptr_flags_len, { "Flags Length", "dns.naptr.flags_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_naptr_flags, { "Flags", "dns.naptr.flags", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_naptr_service_len, { "Service Length", "dns.naptr.service_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_naptr_service, { "Service", "dns.naptr.service", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_naptr_regex_len, { "Regex Length", "dns.naptr.regex_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_naptr_regex, { "Regex", "dns.naptr.regex", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_naptr_repl_len, { "Replacement Length", "dns.naptr.replacement_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_naptr_repl, { "Replacement", "dns.naptr.replacement", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_resp_name, { "Name", "dns.resp.name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_resp_ttl, { "Time to live", "dns.resp.ttl", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_resp_len, { "Data length", "dns.resp.len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_a, { "Address", "dns.a", WL_FT_IPv4, WL_BASE_NONE } },
  { &hf_md, { "Mail Destination", "dns.md", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_mf, { "Mail Forwarder", "dns.mf", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_mb, { "MailBox Domaine", "dns.mb", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_mg, { "Mail Group member", "dns.mg", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_mr, { "Mail Rename domaine", "dns.mr", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_null, { "Null (data)", "dns.null", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_aaaa, { "AAAA Address", "dns.aaaa", WL_FT_IPv6, WL_BASE_NONE } },
  { &hf_cname, { "CNAME", "dns.cname", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_rr_udp_payload_size, { "UDP payload size", "dns.rr.udp_payload_size", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_soa_mname, { "Primary name server", "dns.soa.mname", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_soa_rname, { "Responsible authority's mailbox", "dns.soa.rname", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_soa_serial, { "Serial Number", "dns.soa.serial_number", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_soa_refresh, { "Refresh Interval", "dns.soa.refresh_interval", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_soa_retry, { "Retry Interval", "dns.soa.retry_interval", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_soa_expire, { "Expire limit", "dns.soa.expire_limit", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_soa_minimum, { "Minimum TTL", "dns.soa.minimum_ttl", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_ptr, { "Domain Name", "dns.ptr.domain_name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_hinfo_cpu_len, { "CPU Length", "dns.hinfo.cpu_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_hinfo_cpu, { "CPU", "dns.hinfo.cpu", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_hinfo_os_len, { "OS Length", "dns.hinfo.os_length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_hinfo_os, { "OS", "dns.hinfo.os", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_mx_pref, { "Preference", "dns.mx.preference", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_mx_exchange, { "Mail Exchange", "dns.mx.mail_exchange", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_txt_len, { "TXT Length", "dns.txt.length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_txt, { "TXT", "dns.txt", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_spf_len, { "SPF Length", "dns.spf.length", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_spf, { "SPF", "dns.spf", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_dname, { "Dname", "dns.dname", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_ns, { "Name Server", "dns.ns", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_opt, { "Option", "dns.opt", WL_FT_NONE, WL_BASE_NONE } },
  { &hf_opt_code, { "Option Code", "dns.opt.code", WL_FT_UINT16, WL_BASE_DEC, opt_code_names } },
  { &hf_opt_len, { "Option Length", "dns.opt.len", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_opt_data, { "Option Data", "dns.opt.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_opt_cookie_client, { "Client Cookie", "dns.opt.cookie.client", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_opt_cookie_server, { "Server Cookie", "dns.opt.cookie.server", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_opt_padding, { "Padding", "dns.opt.padding", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_count_queries, { "Questions", "dns.count.queries", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_zones, { "Zones", "dns.count.zones", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_answers, { "Answer RRs", "dns.count.answers", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_prerequisites, { "Prerequisites", "dns.count.prerequisites", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_auth_rr, { "Authority RRs", "dns.count.auth_rr", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_updates, { "Updates", "dns.count.updates", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_count_add_rr, { "Additional RRs", "dns.count.add_rr", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_rr_data, { "Data", "dns.data", WL_FT_BYTES, WL_BASE_NONE } },
  { &hf_response_to, { "Request In", "dns.response_to", WL_FT_FRAMENUM, WL_BASE_NONE } },
  { &hf_time, { "Time", "dns.time", WL_FT_RELATIVE_TIME, WL_BASE_NONE } },
  { &hf_unsolicited, { "Unsolicited", "dns.unsolicited", WL_FT_BOOLEAN, 0 } },
  { &hf_retransmission, { "Retransmission", "dns.retransmission", WL_FT_BOOLEAN, 0 } },
  { &hf_wks_address, { "Address", "dns.wks.address", WL_FT_IPv4, WL_BASE_NONE } },
  { &hf_nsec_next, { "Next Domain Name", "dns.nsec.next_domain_name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_retransmit_request_in, { "Retransmitted request. Original request in", "dns.retransmit_request_in", WL_FT_FRAMENUM, WL_BASE_NONE } },
  { &hf_retransmit_response_in, { "Retransmitted response. Original response in", "dns.retransmit_response_in", WL_FT_FRAMENUM, WL_BASE_NONE } },
};

void
wl_register_dns (void)
{
  proto_dns = wl_proto_register ("Domain Name System", "DNS", "dns");
  proto_mdns = wl_proto_register ("Multicast Domain Name System", "mDNS", "mdns");
  wl_fields_register (proto_dns, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_dns (void)
{
  WlDissector *udp = wl_dissector_register ("dns", dissect_dns_udp, proto_dns);
  WlDissector *tcp = wl_dissector_register ("dns.tcp", dissect_dns_tcp, proto_dns);
  WlDissector *mdns = wl_dissector_register ("mdns", dissect_mdns, proto_mdns);
  wl_table_add (wl_table_find ("udp.port"), 53, udp);
  wl_table_add (wl_table_find ("tcp.port"), 53, tcp);
  wl_table_add (wl_table_find ("udp.port"), 5353, mdns);
}
