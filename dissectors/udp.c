/* SPDX-License-Identifier: GPL-2.0-or-later */
/* UDP (ip.proto 17): ports, length and checksum, stream indexes and per-stream times from the
 * first pass, and the hand-off: "udp.port" on the lower port, then the higher, then the "udp"
 * heuristics, then data (as tshark with "try heuristic first" off). Port dissectors receive the
 * datagram's WlIpInfo as their data, and find the ports in p->src_port / p->dst_port. */
#include <string.h>
#include "session.h"
#include "l23.h"
#include "udp.h"

static int proto_udp = -1;
static int hf_udp_srcport = -1, hf_udp_dstport = -1, hf_udp_port = -1, hf_udp_length = -1;
static int hf_udp_length_bad = -1, hf_udp_checksum = -1, hf_udp_checksum_calculated = -1;
static int hf_udp_checksum_status = -1, hf_udp_stream = -1, hf_udp_time_relative = -1;
static int hf_udp_time_delta = -1, hf_udp_payload = -1;

static WlTable *udp_port_table;

static const WlValueString checksum_status_vals[] = {
  { 0, "Bad" },
  { 1, "Good" },
  { 2, "Unverified" },
  { 3, "Not present" },
  { 4, "Illegal" },
  { 0, NULL }
};

/* ---- Streams (first pass) ---- */

typedef struct {
  guint32 index;
  guint32 last_frame;  /* the latest frame of the stream seen so far */
  guint32 first_frame;
} Stream;

/* What a frame remembers of its stream. */
typedef struct {
  guint32 index, first_frame, prev_frame;
} FrameStream;

typedef struct {
  GHashTable *streams;  /* endpoint pair (GBytes) -> Stream */
  GPtrArray *records;   /* FrameStream, owned */
  guint32 n_streams;
} UdpState;

static void
udp_state_free (gpointer data)
{
  UdpState *st = data;
  g_hash_table_destroy (st->streams);
  g_ptr_array_free (st->records, TRUE);
  g_free (st);
}

/* Both endpoints in a fixed order, so that the two directions share a stream. */
static GBytes *
stream_key (const WlAddress *src, const WlAddress *dst, guint16 sport, guint16 dport)
{
  guint8 a[19], b[19];
  a[0] = (guint8) src->type;
  memcpy (a + 1, src->data, 16);
  a[17] = (guint8) (sport >> 8);
  a[18] = (guint8) sport;
  b[0] = (guint8) dst->type;
  memcpy (b + 1, dst->data, 16);
  b[17] = (guint8) (dport >> 8);
  b[18] = (guint8) dport;
  guint8 k[38];
  gboolean swap = memcmp (a, b, sizeof a) > 0;
  memcpy (k, swap ? b : a, 19);
  memcpy (k + 19, swap ? a : b, 19);
  return g_bytes_new (k, sizeof k);
}

static const FrameStream *
frame_stream (WlPacket *p, const WlAddress *src, const WlAddress *dst, guint16 sport, guint16 dport, guint key)
{
  if (p->visited)
    return wl_frame_data_get (p, proto_udp, key);
  UdpState *st = wl_session_get_state (p->session, proto_udp);
  if (!st)
    {
      st = g_new0 (UdpState, 1);
      st->streams = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, g_free);
      st->records = g_ptr_array_new_with_free_func (g_free);
      wl_session_set_state (p->session, proto_udp, st, udp_state_free);
    }
  GBytes *k = stream_key (src, dst, sport, dport);
  Stream *s = g_hash_table_lookup (st->streams, k);
  if (!s)
    {
      s = g_new0 (Stream, 1);
      s->index = st->n_streams++;
      s->first_frame = p->number;
      s->last_frame = p->number;
      g_hash_table_insert (st->streams, k, s);
    }
  else
    g_bytes_unref (k);
  FrameStream *fs = g_new (FrameStream, 1);
  fs->index = s->index;
  fs->first_frame = s->first_frame;
  fs->prev_frame = s->last_frame;
  s->last_frame = p->number;
  g_ptr_array_add (st->records, fs);
  wl_frame_data_set (p, proto_udp, key, fs);
  return fs;
}

guint32
wl_udp_n_streams (WlSession *s)
{
  const UdpState *st = s ? wl_session_get_state (s, proto_udp) : NULL;
  return st ? st->n_streams : 0;
}

gboolean
wl_udp_stream_span (WlSession *s, guint32 stream, WlStreamSpan *span)
{
  const UdpState *st = s ? wl_session_get_state (s, proto_udp) : NULL;
  if (!st)
    return FALSE;
  /* a window's request: a walk of the streams is cheap enough */
  GHashTableIter it;
  gpointer key, value;
  g_hash_table_iter_init (&it, st->streams);
  while (g_hash_table_iter_next (&it, &key, &value))
    {
      const Stream *str = value;
      if (str->index != stream)
        continue;
      gsize len;
      const guint8 *k = g_bytes_get_data (key, &len); /* stream_key (): two (type, 16 bytes, port) */
      if (len != 38)
        return FALSE;
      span->first_frame = str->first_frame;
      span->last_frame = str->last_frame;
      wl_address_set (&span->a, (WlAddressType) k[0], k + 1);
      wl_address_set (&span->b, (WlAddressType) k[19], k + 20);
      return TRUE;
    }
  return FALSE;
}

/* ---- Dissection ---- */

static gboolean
try_port (WlPacket *p, guint16 port, const WlView *v, WlNode *parent, gpointer data)
{
  if (port == 0)
    return FALSE;
  gboolean found = FALSE;
  guint32 r = wl_table_try (udp_port_table, port, p, v, parent, data, &found);
  return found && r > 0;
}

static guint32
dissect_udp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  const WlIpInfo *ip = data;
  gboolean in_error = ip && ip->in_error;
  wl_col_set_protocol (p, "UDP");
  wl_col_clear_info (p);
  guint16 sport = wl_view_ntohs (v, 0), dport = wl_view_ntohs (v, 2);
  guint32 ulen = wl_view_ntohs (v, 4);
  guint32 ip_payload = wl_view_reported_remaining (v, 0);

  WlNode *top = wl_add_proto (p, parent, proto_udp, v, 0, MIN (8, v->len));
  wl_node_set_label (p, top, "User Datagram Protocol, Src Port: %u, Dst Port: %u", sport, dport);
  if (wl_view_has (v, 0, 4) && wl_cols (p))
    wl_col_set_info (p, "%u \xe2\x86\x92 %u", sport, dport);
  wl_add_item (p, top, hf_udp_srcport, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_udp_dstport, v, 2, 2, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_udp_port, v, 0, 2, WL_ENC_BIG));
  wl_node_set_hidden (wl_add_item (p, top, hf_udp_port, v, 2, 2, WL_ENC_BIG));
  if (!wl_view_has (v, 0, 8))
    {
      wl_add_item (p, top, hf_udp_length, v, 4, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }

  WlNode *ln = wl_add_item (p, top, hf_udp_length, v, 4, 2, WL_ENC_BIG);
  if (ulen < 8)
    {
      wl_node_append_label (p, ln, " (bogus, must be at least 8)");
      wl_add_expert (p, ln ? ln : top, hf_udp_length_bad, v, 4, 2, "Error", "Malformed", "Bad length value %u < 8", ulen);
      if (wl_cols (p))
        wl_col_append_info (p, " [BAD UDP LENGTH %u < 8]", ulen);
      return v->len;
    }
  guint32 payload_len = ulen;
  if (ulen > ip_payload && !in_error && !(ip && ip->version == 6 && ulen == 0))
    {
      wl_node_set_label (p, ln, "Length: %u (bogus, payload length %u)", ulen, ip_payload);
      wl_add_expert (p, ln ? ln : top, hf_udp_length_bad, v, 4, 2, "Error", "Malformed",
                     "Bad length value %u > IP payload length", ulen);
      if (wl_cols (p))
        wl_col_append_info (p, " [BAD UDP LENGTH %u > IP PAYLOAD LENGTH]", ulen);
      payload_len = ip_payload;
    }
  if (wl_cols (p))
    wl_col_append_info (p, " Len=%u", ulen - 8);

  guint16 cksum = wl_view_ntohs (v, 6);
  WlNode *ck = wl_add_item (p, top, hf_udp_checksum, v, 6, 2, WL_ENC_BIG);
  guint status = 2;
  if (cksum == 0 && (!ip || ip->version == 4))
    {
      status = 3;
      wl_node_append_label (p, ck, " [zero-value ignored]");
    }
  else if (cksum == 0)
    {
      status = 4;
      wl_node_append_label (p, ck, " [illegal]");
    }
  else
    wl_node_append_label (p, ck, " [unverified]");
  WlNode *cs = wl_add_uint (p, top, hf_udp_checksum_status, v, 6, 2, status);
  wl_node_set_generated (cs);
  wl_node_set_label (p, cs, "Checksum Status: %s", wl_value_string (checksum_status_vals, status));

  WlAddress src = ip ? ip->src : p->net_src, dst = ip ? ip->dst : p->net_dst;
  const FrameStream *fs = frame_stream (p, &src, &dst, sport, dport, in_error ? 1 : 0);
  if (fs)
    {
      wl_node_set_generated (wl_add_uint (p, top, hf_udp_stream, v, 0, 0, fs->index));
      if (!in_error && payload_len > 8)
        {
          WlNode *tt = wl_add_text (p, top, v, 0, 0, "Timestamps");
          wl_node_set_generated (tt);
          WlNode *tp = tt ? tt : top;
          WlFrameStore *store = p->session->store;
          gint64 first = wl_frame_store_ts_ns (store, fs->first_frame);
          gint64 prev = wl_frame_store_ts_ns (store, fs->prev_frame);
          wl_node_set_generated (wl_add_time (p, tp, hf_udp_time_relative, v, 0, 0, p->ts_ns - first));
          wl_node_set_generated (wl_add_time (p, tp, hf_udp_time_delta, v, 0, 0, p->ts_ns - prev));
        }
    }

  WlView payload = wl_view_sub (v, 8, payload_len - 8);
  if (payload.len > 0)
    {
      WlNode *pl = wl_add_item (p, top, hf_udp_payload, &payload, 0, payload.len, WL_ENC_BIG);
      wl_node_set_label (p, pl, "UDP payload (%u byte%s)", payload.len, payload.len == 1 ? "" : "s");
    }
  p->src_port = sport;
  p->dst_port = dport;
  p->port_type = 17;
  if ((!in_error || payload.len > 0) && !p->prune_payload)
    {
      guint16 low = MIN (sport, dport), high = MAX (sport, dport);
      gpointer sub_data = (gpointer) ip;
      /* tshark hands the payload to the root of the tree (decode_udp_ports), so inside an ICMP
       * error the quoted datagram's payload is a top-level item, not one under ICMP. */
      WlNode *root = NULL;
      if (!try_port (p, low, &payload, root, sub_data) && !try_port (p, high, &payload, root, sub_data))
        {
          gboolean found = FALSE;
          if (payload.len > 0)
            wl_heur_try ("udp", p, &payload, root, sub_data, &found);
          if (!found)
            wl_call_data (p, &payload, root);
        }
    }
  return MIN (payload_len, v->len);
}

static WlFieldReg fields[] = {
  { &hf_udp_srcport, { "Source Port", "udp.srcport", WL_FT_UINT16, WL_BASE_PT_UDP, NULL, 0x0 } },
  { &hf_udp_dstport, { "Destination Port", "udp.dstport", WL_FT_UINT16, WL_BASE_PT_UDP, NULL, 0x0 } },
  { &hf_udp_port, { "Source or Destination Port", "udp.port", WL_FT_UINT16, WL_BASE_PT_UDP, NULL, 0x0 } },
  { &hf_udp_length, { "Length", "udp.length", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x0, "Length in octets including this header and the data" } },
  { &hf_udp_length_bad, { "Bad length value", "udp.length.bad", WL_FT_NONE, WL_BASE_NONE, NULL, 0x0 } },
  { &hf_udp_checksum, { "Checksum", "udp.checksum", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0, "Details at: https://www.wireshark.org/docs/wsug_html_chunked/ChAdvChecksums.html" } },
  { &hf_udp_checksum_calculated, { "Calculated Checksum", "udp.checksum_calculated", WL_FT_UINT16, WL_BASE_HEX, NULL, 0x0, "The expected UDP checksum field as calculated from the UDP packet" } },
  { &hf_udp_checksum_status, { "Checksum Status", "udp.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals, 0x0 } },
  { &hf_udp_stream, { "Stream index", "udp.stream", WL_FT_UINT32, WL_BASE_DEC, NULL, 0x0 } },
  { &hf_udp_time_relative, { "Time since first frame", "udp.time_relative", WL_FT_RELATIVE_TIME, WL_BASE_NONE, NULL, 0x0, "Time relative to first frame in this UDP stream" } },
  { &hf_udp_time_delta, { "Time since previous frame", "udp.time_delta", WL_FT_RELATIVE_TIME, WL_BASE_NONE, NULL, 0x0, "Time delta from previous frame in this UDP stream" } },
  { &hf_udp_payload, { "Payload", "udp.payload", WL_FT_BYTES, WL_BASE_NONE, NULL, 0x0 } },
};

void
wl_register_udp (void)
{
  proto_udp = wl_proto_register ("User Datagram Protocol", "UDP", "udp");
  wl_fields_register (proto_udp, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_udp (void)
{
  udp_port_table = wl_table_new ("udp.port");
  wl_table_add (wl_table_find ("ip.proto"), 17, wl_dissector_register ("udp", dissect_udp, proto_udp));
}
