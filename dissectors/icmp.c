/* SPDX-License-Identifier: GPL-2.0-or-later */
/* ICMP (ip.proto 1): echo with request/reply matching from the first pass, the timestamp ping
 * puts in its data, and errors, whose quoted datagram is dissected as a nested ip layer. */
#include <string.h>
#include "field-format.h"
#include "session.h"
#include "l23.h"

static int proto_icmp = -1;
static int hf_icmp_type = -1, hf_icmp_code = -1, hf_icmp_checksum = -1, hf_icmp_checksum_status = -1;
static int hf_icmp_ident = -1, hf_icmp_ident_le = -1, hf_icmp_seq = -1, hf_icmp_seq_le = -1;
static int hf_icmp_resp_to = -1, hf_icmp_resptime = -1, hf_icmp_data_time = -1;
static int hf_icmp_data_time_relative = -1, hf_icmp_unused = -1, hf_icmp_mtu = -1;
static int hf_icmp_redir_gw = -1, hf_icmp_pointer = -1, hf_icmp_length = -1;
static int hf_icmp_originate_timestamp = -1, hf_icmp_receive_timestamp = -1;
static int hf_icmp_transmit_timestamp = -1, hf_icmp_address_mask = -1;

enum {
  ECHO_REPLY = 0, UNREACH = 3, SOURCE_QUENCH = 4, REDIRECT = 5, ALT_HOST = 6, ECHO = 8,
  RTR_ADVERT = 9, RTR_SOLICIT = 10, TIME_EXCEEDED = 11, PARAM_PROBLEM = 12, TSTAMP = 13,
  TSTAMP_REPLY = 14, IREQ = 15, IREQ_REPLY = 16, MASK_REQ = 17, MASK_REPLY = 18,
};

static const WlValueString type_vals[] = {
  { 0, "Echo (ping) reply" },
  { 1, "Reserved" },
  { 2, "Reserved" },
  { 3, "Destination unreachable" },
  { 4, "Source quench (flow control)" },
  { 5, "Redirect" },
  { 6, "Alternate host address" },
  { 8, "Echo (ping) request" },
  { 9, "Router advertisement" },
  { 10, "Router solicitation" },
  { 11, "Time-to-live exceeded" },
  { 12, "Parameter problem" },
  { 13, "Timestamp request" },
  { 14, "Timestamp reply" },
  { 15, "Information request" },
  { 16, "Information reply" },
  { 17, "Address mask request" },
  { 18, "Address mask reply" },
  { 19, "Reserved (for security)" },
  { 30, "Traceroute" },
  { 31, "Datagram Conversion Error" },
  { 32, "Mobile Host Redirect" },
  { 33, "IPv6 Where-Are-You" },
  { 34, "IPv6 I-Am-Here" },
  { 35, "Mobile Registration Request" },
  { 36, "Mobile Registration Reply" },
  { 37, "Domain Name Request" },
  { 38, "Domain Name Reply" },
  { 39, "SKIP" },
  { 40, "Photuris" },
  { 41, "Experimental mobility protocols" },
  { 42, "Extended Echo request" },
  { 43, "Extended Echo reply" },
  { 0, NULL }
};

static const WlValueString unreach_codes[] = {
  { 0, "Network unreachable" },
  { 1, "Host unreachable" },
  { 2, "Protocol unreachable" },
  { 3, "Port unreachable" },
  { 4, "Fragmentation needed" },
  { 5, "Source route failed" },
  { 6, "Destination network unknown" },
  { 7, "Destination host unknown" },
  { 8, "Source host isolated" },
  { 9, "Network administratively prohibited" },
  { 10, "Host administratively prohibited" },
  { 11, "Network unreachable for TOS" },
  { 12, "Host unreachable for TOS" },
  { 13, "Communication administratively filtered" },
  { 14, "Host precedence violation" },
  { 15, "Precedence cutoff in effect" },
  { 0, NULL }
};

static const WlValueString redirect_codes[] = {
  { 0, "Redirect for network" },
  { 1, "Redirect for host" },
  { 2, "Redirect for TOS and network" },
  { 3, "Redirect for TOS and host" },
  { 0, NULL }
};

static const WlValueString ttl_codes[] = {
  { 0, "Time to live exceeded in transit" },
  { 1, "Fragment reassembly time exceeded" },
  { 0, NULL }
};

static const WlValueString par_codes[] = {
  { 0, "IP header bad" },
  { 1, "Required option missing" },
  { 0, NULL }
};

static const WlValueString rtradv_codes[] = {
  { 0, "Normal router advertisement" },
  { 16, "Does not route common traffic" },
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

static const WlValueString *
code_vals (guint8 type)
{
  switch (type)
    {
    case UNREACH: return unreach_codes;
    case REDIRECT: return redirect_codes;
    case TIME_EXCEEDED: return ttl_codes;
    case PARAM_PROBLEM: return par_codes;
    case RTR_ADVERT: return rtradv_codes;
    default: return NULL;
    }
}

/* ---- Echo request/reply matching (first pass) ---- */

typedef struct {
  GHashTable *requests; /* key (addresses, id, seq) -> frame number of the latest request */
} EchoState;

static void
echo_state_free (gpointer data)
{
  EchoState *st = data;
  g_hash_table_destroy (st->requests);
  g_free (st);
}

/* The key of an echo exchange: both addresses (in request direction), identifier, sequence. */
static GBytes *
echo_key (const WlIpInfo *ip, gboolean reply, guint16 id, guint16 seq)
{
  guint8 k[4 + 16 + 16];
  const WlAddress *a = reply ? &ip->dst : &ip->src, *b = reply ? &ip->src : &ip->dst;
  k[0] = (guint8) (id >> 8);
  k[1] = (guint8) id;
  k[2] = (guint8) (seq >> 8);
  k[3] = (guint8) seq;
  memcpy (k + 4, a->data, 16);
  memcpy (k + 20, b->data, 16);
  return g_bytes_new (k, sizeof k);
}

/* Returns the request frame a reply answers (0: none), recording requests on the first pass. */
static guint32
echo_match (WlPacket *p, const WlIpInfo *ip, gboolean reply, guint16 id, guint16 seq)
{
  if (p->visited)
    return reply ? GPOINTER_TO_UINT (wl_frame_data_get (p, proto_icmp, 0)) : 0;
  EchoState *st = wl_session_get_state (p->session, proto_icmp);
  if (!st)
    {
      st = g_new0 (EchoState, 1);
      st->requests = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
      wl_session_set_state (p->session, proto_icmp, st, echo_state_free);
    }
  GBytes *k = echo_key (ip, reply, id, seq);
  guint32 req = 0;
  if (reply)
    {
      req = GPOINTER_TO_UINT (g_hash_table_lookup (st->requests, k));
      if (req)
        wl_frame_data_set (p, proto_icmp, 0, GUINT_TO_POINTER (req));
      g_bytes_unref (k);
    }
  else
    g_hash_table_replace (st->requests, k, GUINT_TO_POINTER (p->number));
  return req;
}

/* ---- Dissection ---- */

/* The quoted datagram of an error, as a nested ip layer that leaves the columns alone. */
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
  wl_dissector_call (wl_dissector_find ("ip"), p, &inner, top, (gpointer) &wl_ip_in_error_packet);
  p->in_error_pkt = in_error;
  p->cols_wanted = cols;
  p->net_src = ns;
  p->net_dst = nd;
  p->src_port = sp;
  p->dst_port = dp;
  p->port_type = pt;
}

/* Whether a timestamp of secs seconds is within a day of the frame's, either way, the seconds
 * compared modulo 2^32 as tshark 4.0 does. */
static gboolean
echo_secs_near (guint32 secs, gint64 frame_secs)
{
  gint32 d = (gint32) (secs - (guint32) frame_secs);
  return (d < 0 ? -(gint64) d : (gint64) d) < (gint64) 3600 * 24;
}

/* Echo data: ping's timestamp when the first 8 bytes look like one (seconds and microseconds,
 * big-endian or else little-endian, within a day of the frame's time), then the rest as data. */
static void
dissect_echo_data (WlPacket *p, const WlView *v, WlNode *top)
{
  WlView rest = wl_view_sub (v, 8, G_MAXUINT32);
  if (!wl_view_has (v, 8, 8))
    {
      /* fewer than 8 bytes captured: no timestamp, and no data item when none was */
      if (rest.len > 0)
        wl_call_data (p, &rest, top);
      return;
    }

  gint64 frame_secs = p->ts_ns >= 0 ? p->ts_ns / 1000000000 : (p->ts_ns - 999999999) / 1000000000;
  guint32 secs = wl_view_ntohl (v, 8), usecs = wl_view_ntohl (v, 12);
  if (!echo_secs_near (secs, frame_secs) || usecs >= 1000000)
    {
      secs = wl_view_letohl (v, 8);
      usecs = wl_view_letohl (v, 12);
    }
  if (echo_secs_near (secs, frame_secs) && usecs < 1000000)
    {
      gint64 ts = (gint64) secs * 1000000000 + (gint64) usecs * 1000;
      wl_add_time (p, top, hf_icmp_data_time, v, 8, 8, ts);
      wl_node_set_generated (wl_add_time (p, top, hf_icmp_data_time_relative, v, 8, 8, p->ts_ns - ts));
      rest = wl_view_sub (v, 16, G_MAXUINT32);
    }
  wl_call_data (p, &rest, top);
}

static guint32
dissect_icmp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  const WlIpInfo *ip = data;
  gboolean in_error = ip && ip->in_error;
  wl_col_set_protocol (p, "ICMP");
  wl_col_clear_info (p);
  WlNode *top = wl_add_proto (p, parent, proto_icmp, v, 0, G_MAXUINT32);
  guint8 type = wl_view_u8 (v, 0), code = wl_view_u8 (v, 1);
  const char *type_str = wl_value_string (type_vals, type);
  const WlValueString *cv = code_vals (type);
  const char *code_str = cv ? wl_value_string (cv, code) : NULL;
  if (!type_str)
    type_str = "Unknown ICMP (obsolete or malformed?)";

  WlNode *tn = wl_add_item (p, top, hf_icmp_type, v, 0, 1, WL_ENC_BIG);
  wl_node_set_label (p, tn, "Type: %u (%s)", type, type_str);
  WlNode *cn = wl_add_item (p, top, hf_icmp_code, v, 1, 1, WL_ENC_BIG);
  if (code_str)
    wl_node_set_label (p, cn, "Code: %u (%s)", code, code_str);
  if (wl_cols (p))
    {
      wl_col_set_info (p, "%-20s", type_str);
      if (code_str)
        wl_col_append_info (p, " (%s)", code_str);
    }
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_icmp_checksum, v, 2, 2, WL_ENC_BIG);
      return v->len;
    }

  /* The checksum covers the whole message; only a message captured whole can be checked. */
  WlNode *ck = wl_add_item (p, top, hf_icmp_checksum, v, 2, 2, WL_ENC_BIG);
  guint status = 2;
  if (in_error)
    wl_node_append_label (p, ck, " [unverified] [in ICMP error packet]");
  else if (v->len == v->reported)
    {
      guint16 computed = wl_l23_fold (wl_l23_sum (v->data, v->len, 0));
      if (computed == 0)
        {
          status = 1;
          wl_node_append_label (p, ck, " [correct]");
        }
      else
        {
          status = 0;
          guint32 s = wl_l23_sum (v->data, 2, 0) + wl_l23_sum (v->data + 4, v->len - 4, 0);
          wl_node_append_label (p, ck, " incorrect, should be 0x%04x", wl_l23_fold (s));
        }
    }
  else
    wl_node_append_label (p, ck, " [unverified]");
  WlNode *st = wl_add_uint (p, top, hf_icmp_checksum_status, v, 2, 2, status);
  wl_node_set_generated (st);
  wl_node_set_label (p, st, "Checksum Status: %s", wl_value_string (checksum_status_vals, status));

  switch (type)
    {
    case ECHO_REPLY:
    case ECHO:
    case TSTAMP:
    case TSTAMP_REPLY:
    case IREQ:
    case IREQ_REPLY:
    case MASK_REQ:
    case MASK_REPLY:
      {
        guint16 id = wl_view_ntohs (v, 4), seq = wl_view_ntohs (v, 6);
        wl_add_item (p, top, hf_icmp_ident, v, 4, 2, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmp_ident_le, v, 4, 2, WL_ENC_LITTLE);
        wl_add_item (p, top, hf_icmp_seq, v, 6, 2, WL_ENC_BIG);
        wl_add_item (p, top, hf_icmp_seq_le, v, 6, 2, WL_ENC_LITTLE);
        if (!wl_view_has (v, 4, 4))
          return v->len;
        if (wl_cols (p))
          wl_col_append_info (p, " id=0x%04x, seq=%u/%u", id, seq, GUINT16_SWAP_LE_BE (seq));
        if (type == ECHO || type == ECHO_REPLY)
          {
            if (wl_cols (p) && ip)
              wl_col_append_info (p, ", ttl=%u", ip->ttl);
            guint32 req = 0;
            if (ip && !in_error)
              req = echo_match (p, ip, type == ECHO_REPLY, id, seq);
            if (req)
              {
                wl_col_append_info (p, " (request in %u)", req);
                wl_node_set_generated (wl_add_uint (p, top, hf_icmp_resp_to, v, 0, 0, req));
                double ms = (double) (p->ts_ns - wl_frame_store_ts_ns (p->session->store, req)) / 1e6;
                WlNode *rt = wl_add_double (p, top, hf_icmp_resptime, v, 0, 0, ms);
                wl_node_set_generated (rt);
                wl_node_set_label (p, rt, "Response time: %.3f ms", ms);
              }
            dissect_echo_data (p, v, top);
          }
        else if (type == TSTAMP || type == TSTAMP_REPLY)
          {
            wl_add_item (p, top, hf_icmp_originate_timestamp, v, 8, 4, WL_ENC_BIG);
            wl_add_item (p, top, hf_icmp_receive_timestamp, v, 12, 4, WL_ENC_BIG);
            wl_add_item (p, top, hf_icmp_transmit_timestamp, v, 16, 4, WL_ENC_BIG);
          }
        else if (type == MASK_REQ || type == MASK_REPLY)
          wl_add_item (p, top, hf_icmp_address_mask, v, 8, 4, WL_ENC_BIG);
        break;
      }
    case UNREACH:
    case SOURCE_QUENCH:
    case TIME_EXCEEDED:
    case PARAM_PROBLEM:
    case REDIRECT:
      if (type == REDIRECT)
        wl_add_item (p, top, hf_icmp_redir_gw, v, 4, 4, WL_ENC_BIG);
      else if (type == PARAM_PROBLEM)
        {
          wl_add_item (p, top, hf_icmp_pointer, v, 4, 1, WL_ENC_BIG);
          wl_add_item (p, top, hf_icmp_unused, v, 5, 3, WL_ENC_BIG);
        }
      else if (type == UNREACH && code == 4)
        {
          wl_add_item (p, top, hf_icmp_unused, v, 4, 2, WL_ENC_BIG);
          wl_add_item (p, top, hf_icmp_mtu, v, 6, 2, WL_ENC_BIG);
        }
      else if (wl_view_u8 (v, 5) != 0 && type != SOURCE_QUENCH)
        {
          /* RFC 4884: the length of the quoted datagram, in 32-bit words */
          wl_add_item (p, top, hf_icmp_unused, v, 4, 1, WL_ENC_BIG);
          wl_add_item (p, top, hf_icmp_length, v, 5, 1, WL_ENC_BIG);
          wl_add_item (p, top, hf_icmp_unused, v, 6, 2, WL_ENC_BIG);
        }
      else
        wl_add_item (p, top, hf_icmp_unused, v, 4, 4, WL_ENC_BIG);
      if (!in_error)
        dissect_quoted (p, v, 8, top);
      else
        {
          WlView rest = wl_view_sub (v, 8, G_MAXUINT32);
          wl_call_data (p, &rest, top);
        }
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
  { &hf_icmp_type, { "Type", "icmp.type", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_code, { "Code", "icmp.code", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_checksum, { "Checksum", "icmp.checksum", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0 } },
  { &hf_icmp_checksum_status, { "Checksum Status", "icmp.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals, 0x0 } },
  { &hf_icmp_ident, { "Identifier (BE)", "icmp.ident", WL_FT_UINT16, WL_BASE_DEC_HEX, NULL, 0x0, "Identifier (big endian representation)" } },
  { &hf_icmp_ident_le, { "Identifier (LE)", "icmp.ident_le", WL_FT_UINT16, WL_BASE_DEC_HEX, NULL, 0x0, "Identifier (little endian representation)" } },
  { &hf_icmp_seq, { "Sequence Number (BE)", "icmp.seq", WL_FT_UINT16, WL_BASE_DEC_HEX, NULL, 0x0, "Sequence Number (big endian representation)" } },
  { &hf_icmp_seq_le, { "Sequence Number (LE)", "icmp.seq_le", WL_FT_UINT16, WL_BASE_DEC_HEX, NULL, 0x0, "Sequence Number (little endian representation)" } },
  { &hf_icmp_resp_to, { "Request frame", "icmp.resp_to", WL_FT_FRAMENUM, WL_BASE_NONE, NULL, 0x0, "The frame number of the corresponding request" } },
  { &hf_icmp_resptime, { "Response time", "icmp.resptime", WL_FT_DOUBLE, WL_BASE_NONE, NULL, 0x0, "The time between the request and the response, in ms." } },
  { &hf_icmp_data_time, { "Timestamp from icmp data", "icmp.data_time", WL_FT_ABSOLUTE_TIME, WL_BASE_ABS_LOCAL, NULL, 0x0, "The timestamp in the first 8 bytes of the icmp data" } },
  { &hf_icmp_data_time_relative, { "Timestamp from icmp data (relative)", "icmp.data_time_relative", WL_FT_RELATIVE_TIME, WL_BASE_NONE, NULL, 0x0, "The timestamp of the packet, relative to the timestamp in the first 8 bytes of the icmp data" } },
  { &hf_icmp_unused, { "Unused", "icmp.unused", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmp_mtu, { "MTU of next hop", "icmp.mtu", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_redir_gw, { "Gateway Address", "icmp.redir_gw", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_icmp_pointer, { "Pointer", "icmp.pointer", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_length, { "Length", "icmp.length", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0, "The length of the original datagram" } },
  { &hf_icmp_originate_timestamp, { "Originate Timestamp", "icmp.originate_timestamp", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_receive_timestamp, { "Receive Timestamp", "icmp.receive_timestamp", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_transmit_timestamp, { "Transmit Timestamp", "icmp.transmit_timestamp", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_icmp_address_mask, { "Address Mask", "icmp.address_mask", WL_FT_IPv4, WL_BASE_NONE, NULL, 0x0 } },
};

void
wl_register_icmp (void)
{
  proto_icmp = wl_proto_register ("Internet Control Message Protocol", "ICMP", "icmp");
  wl_fields_register (proto_icmp, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_icmp (void)
{
  wl_table_add (wl_table_find ("ip.proto"), 1, wl_dissector_register ("icmp", dissect_icmp, proto_icmp));
}
