/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP as tshark 4.0 shows it in its single pass: the header and its options, the stream index,
 * relative sequence numbers, window scaling, the sequence analysis (retransmissions, duplicate
 * ACKs, lost segments, window and keep-alive conditions) and the reassembly of PDUs that span
 * segments, handed to the protocol found by port or by heuristic.
 *
 * Everything that depends on earlier frames is computed on a frame's first, sequential visit
 * (p->visited FALSE) from the per-session state (TcpState) and kept in a per-frame record
 * (TcpFrame); later visits only read that record, so they may run in any order and on any
 * thread. The record also keeps the hand-off plan of the payload (which bytes went to the
 * subdissector, which were held for reassembly, which reassembled buffer was dissected), so a
 * revisit replays exactly what the first pass did.
 *
 * This file: the header, the columns and the tree, and registration. The first pass lives in
 * tcp-analysis.c, reassembly and the hand-off in tcp-reassembly.c, the options in tcp-options.c. */
#include "tcp-private.h"
#include "tcp.h"
#include "session.h"

/* ---- Protocol and field ids ---- */

static int proto_tcp = -1;
static int hf_srcport = -1, hf_dstport = -1, hf_port = -1, hf_stream = -1, hf_completeness = -1;
static int hf_len = -1, hf_seq = -1, hf_seq_raw = -1, hf_nxtseq = -1, hf_ack = -1, hf_ack_raw = -1;
static int hf_hdr_len = -1, hf_flags = -1, hf_flags_res = -1, hf_flags_ae = -1, hf_flags_cwr = -1;
static int hf_flags_ece = -1, hf_flags_urg = -1, hf_flags_ack = -1, hf_flags_push = -1;
static int hf_flags_reset = -1, hf_flags_syn = -1, hf_flags_fin = -1, hf_flags_str = -1;
static int hf_win_value = -1, hf_win_size = -1, hf_win_scalefactor = -1, hf_checksum = -1;
static int hf_checksum_status = -1, hf_urgent_pointer = -1, hf_options = -1;
static int hf_ts_relative = -1, hf_ts_delta = -1;
static int hf_analysis = -1, hf_analysis_flags = -1, hf_acks_frame = -1, hf_ack_rtt = -1;
static int hf_initial_rtt = -1, hf_bytes_in_flight = -1, hf_push_bytes_sent = -1, hf_rto = -1;
static int hf_rto_frame = -1, hf_dup_ack = -1, hf_dup_ack_num = -1, hf_dup_ack_frame = -1;
static int hf_payload = -1, hf_reset_cause = -1, hf_fin_retransmission = -1;
/* Expert items (tshark's ei_*), filterable under these names. */
static int ei_retransmission = -1, ei_fast_retransmission = -1, ei_spurious_retransmission = -1;
static int ei_out_of_order = -1, ei_reused_ports = -1, ei_lost_segment = -1, ei_ack_lost_segment = -1;
static int ei_window_update = -1, ei_window_full = -1, ei_keep_alive = -1, ei_keep_alive_ack = -1;
static int ei_zero_window_probe = -1, ei_zero_window = -1, ei_zero_window_probe_ack = -1;
static int ei_conn_syn = -1, ei_conn_synack = -1, ei_conn_fin = -1;
static int ei_conn_rst = -1, ei_fin_active = -1, ei_fin_passive = -1;
static int ei_ack_nonzero = -1, ei_short_segment = -1, ei_bogus_hlen = -1, ei_urgent_nonzero = -1;

/* ---- Helpers: expert items and pseudo-protocol nodes ---- */

/* Adds a protocol-typed node that is not a layer of frame.protocols (Wireshark's "protocols in
 * name only", like the TCP options). */
WlNode *
wl_tcp_add_pino (WlPacket *p, WlNode *parent, int proto, const WlView *v, guint32 off, guint32 len)
{
  guint n = p->n_layers;
  WlNode *node = wl_add_proto (p, parent, proto, v, off, len);
  p->n_layers = n;
  return node;
}

/* An expert item: tshark's "[Expert Info (Sev/Group): msg]" subtree whose first child is the
 * item's own field (so that a filter on its name matches). */
void
wl_tcp_add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
            const char *severity, const char *group, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  wl_add_expertv (p, parent, hf, v, off, len, severity, group, fmt, ap);
  va_end (ap);
}

WlNode *
wl_tcp_add_generated_uint (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint64 value)
{
  WlNode *n = wl_add_uint (p, parent, hf, v, 0, 0, value);
  wl_node_set_generated (n);
  return n;
}

WlNode *
wl_tcp_add_generated_time (WlPacket *p, WlNode *parent, int hf, const WlView *v, gint64 ns)
{
  WlNode *n = wl_add_time (p, parent, hf, v, 0, 0, ns);
  wl_node_set_generated (n);
  return n;
}

/* Wireshark's col_prepend_fence_fstr: the text stays when a higher layer sets the Info. */
static void
info_prepend_fenced (WlPacket *p, const char *text)
{
  if (!wl_cols (p))
    return;
  wl_col_prepend_info (p, "%s", text);
  if (!p->col_info_fenced)
    {
      p->col_info_fenced = TRUE;
      p->col_info_fence = (guint) strlen (text);
    }
}

/* ---- The analysis subtree ---- */

const TcpConvInfo *
wl_tcp_frame_conv (const WlPacket *p, const TcpFrame *fr)
{
  static const TcpConvInfo no_conv;
  /* read-only on revisits: the state exists once a frame has a stream */
  const TcpState *s = fr->stream == G_MAXUINT32 ? NULL : wl_session_get_state (p->session, proto_tcp);
  return s && fr->stream < s->all->len ? g_ptr_array_index (s->all, fr->stream) : &no_conv;
}

guint32
wl_tcp_n_streams (WlSession *s)
{
  const TcpState *st = s ? wl_session_get_state (s, proto_tcp) : NULL;
  return st ? st->n_streams : 0;
}

gboolean
wl_tcp_stream_span (WlSession *s, guint32 stream, WlStreamSpan *span)
{
  const TcpState *st = s ? wl_session_get_state (s, proto_tcp) : NULL;
  if (!st || stream >= st->all->len)
    return FALSE;
  const TcpConvInfo *c = g_ptr_array_index (st->all, stream);
  span->first_frame = c->first_frame;
  span->last_frame = c->last_frame;
  wl_address_set (&span->a, c->key.type, c->key.a1);
  wl_address_set (&span->b, c->key.type, c->key.a2);
  return TRUE;
}

/* The capture time of another frame of the session. */
static gint64
frame_ts (const WlPacket *p, guint32 number)
{
  const WlFrameStore *store = p->session->store;
  return number >= 1 && number <= wl_frame_store_count (store) ? wl_frame_store_ts_ns (store, number) : p->ts_ns;
}

static void
print_analysis (WlPacket *p, WlNode *tcp_tree, const WlView *v, const TcpFrame *fr, const TcpFrameExtra *x)
{
  if (!fr->has_ta)
    return;
  WlNode *tree = wl_add_none (p, tcp_tree, hf_analysis, v, 0, 0);
  wl_node_set_generated (tree);
  wl_node_set_label (p, tree, "SEQ/ACK analysis");
  guint32 acked = wl_tcp_frame_acked (fr, x, p->number);
  if (acked)
    {
      wl_tcp_add_generated_uint (p, tree, hf_acks_frame, v, acked);
      gint64 ack_rtt = p->ts_ns - frame_ts (p, acked);
      if (ack_rtt)
        wl_tcp_add_generated_time (p, tree, hf_ack_rtt, v, ack_rtt);
    }
  if (fr->irtt_known)
    wl_tcp_add_generated_time (p, tree, hf_initial_rtt, v, wl_tcp_frame_conv (p, fr)->ts_first_rtt);
  if (fr->bytes_in_flight)
    {
      wl_tcp_add_generated_uint (p, tree, hf_bytes_in_flight, v, fr->bytes_in_flight);
      wl_tcp_add_generated_uint (p, tree, hf_push_bytes_sent, v, fr->push_bytes_sent);
    }
  guint16 f = fr->ta_flags;
  if (!f)
    return;
  WlNode *flags_item = wl_add_none (p, tree, hf_analysis_flags, v, 0, 0);
  wl_node_set_generated (flags_item);
  wl_node_set_label (p, flags_item, "TCP Analysis Flags");
  if (f & A_REUSED_PORTS)
    {
      wl_tcp_add_expert (p, flags_item, ei_reused_ports, v, 0, 0, "Note", "Sequence",
                  "A new tcp session is started with the same ports as an earlier session in this trace");
      info_prepend_fenced (p, "[TCP Port numbers reused] ");
    }
  if (f & A_RETRANSMISSION)
    {
      wl_tcp_add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Retransmission] ");
      if (x->rto)
        {
          wl_tcp_add_generated_time (p, flags_item, hf_rto, v, x->rto);
          wl_tcp_add_generated_uint (p, flags_item, hf_rto_frame, v, x->rto_frame);
        }
    }
  if (f & A_FAST_RETRANSMISSION)
    {
      wl_tcp_add_expert (p, flags_item, ei_fast_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) fast retransmission");
      wl_tcp_add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Fast Retransmission] ");
    }
  if (f & A_SPURIOUS_RETRANSMISSION)
    {
      wl_tcp_add_expert (p, flags_item, ei_spurious_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) spurious retransmission");
      wl_tcp_add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Spurious Retransmission] ");
    }
  if (f & A_OUT_OF_ORDER)
    {
      wl_tcp_add_expert (p, flags_item, ei_out_of_order, v, 0, 0, "Warning", "Sequence",
                  "This frame is a (suspected) out-of-order segment");
      info_prepend_fenced (p, "[TCP Out-Of-Order] ");
    }
  if (f & A_LOST_PACKET)
    {
      wl_tcp_add_expert (p, flags_item, ei_lost_segment, v, 0, 0, "Warning", "Sequence",
                  "Previous segment(s) not captured (common at capture start)");
      info_prepend_fenced (p, "[TCP Previous segment not captured] ");
    }
  if (f & A_ACK_LOST_PACKET)
    {
      wl_tcp_add_expert (p, flags_item, ei_ack_lost_segment, v, 0, 0, "Warning", "Sequence",
                  "ACKed segment that wasn't captured (common at capture start)");
      info_prepend_fenced (p, "[TCP ACKed unseen segment] ");
    }
  if (f & A_WINDOW_UPDATE)
    {
      wl_tcp_add_expert (p, flags_item, ei_window_update, v, 0, 0, "Chat", "Sequence", "TCP window update");
      info_prepend_fenced (p, "[TCP Window Update] ");
    }
  if (f & A_WINDOW_FULL)
    {
      wl_tcp_add_expert (p, flags_item, ei_window_full, v, 0, 0, "Warning", "Sequence",
                  "TCP window specified by the receiver is now completely full");
      info_prepend_fenced (p, "[TCP Window Full] ");
    }
  if (f & A_KEEP_ALIVE)
    {
      wl_tcp_add_expert (p, flags_item, ei_keep_alive, v, 0, 0, "Note", "Sequence", "TCP keep-alive segment");
      info_prepend_fenced (p, "[TCP Keep-Alive] ");
    }
  if (f & A_KEEP_ALIVE_ACK)
    {
      wl_tcp_add_expert (p, flags_item, ei_keep_alive_ack, v, 0, 0, "Note", "Sequence", "ACK to a TCP keep-alive segment");
      info_prepend_fenced (p, "[TCP Keep-Alive ACK] ");
    }
  guint32 dupack_num = x->dupack_num, dupack_frame = x->dupack_frame;
  if (dupack_num)
    {
      if (f & A_DUPLICATE_ACK)
        {
          WlNode *d = wl_add_none (p, flags_item, hf_dup_ack, v, 0, 0);
          wl_node_set_generated (d);
          wl_node_set_label (p, d, "This is a TCP duplicate ack");
          if (wl_cols (p))
            {
              char *s = wl_arena_printf (p->arena, "[TCP Dup ACK %u#%u] ", dupack_frame, dupack_num);
              info_prepend_fenced (p, s);
            }
        }
      wl_tcp_add_generated_uint (p, tree, hf_dup_ack_num, v, dupack_num);
      WlNode *df = wl_tcp_add_generated_uint (p, tree, hf_dup_ack_frame, v, dupack_frame);
      wl_tcp_add_expert (p, df ? df : tree, hf_dup_ack, v, 0, 0, "Note", "Sequence", "Duplicate ACK (#%u)",
                  dupack_num);
    }
  if (f & A_ZERO_WINDOW_PROBE)
    {
      wl_tcp_add_expert (p, flags_item, ei_zero_window_probe, v, 0, 0, "Note", "Sequence", "TCP Zero Window Probe");
      info_prepend_fenced (p, "[TCP ZeroWindowProbe] ");
    }
  if (f & A_ZERO_WINDOW)
    {
      wl_tcp_add_expert (p, flags_item, ei_zero_window, v, 0, 0, "Warning", "Sequence", "TCP Zero Window segment");
      info_prepend_fenced (p, "[TCP ZeroWindow] ");
    }
  if (f & A_ZERO_WINDOW_PROBE_ACK)
    {
      wl_tcp_add_expert (p, flags_item, ei_zero_window_probe_ack, v, 0, 0, "Note", "Sequence",
                  "ACK to a TCP Zero Window Probe");
      info_prepend_fenced (p, "[TCP ZeroWindowProbeAck] ");
    }
}

/* ---- Flags text ---- */

/* "SYN, ACK" (Wireshark's tcp_flags_to_str) into buf, which holds 64 bytes. */
static const char *
flags_to_str (char *buf, guint16 flags)
{
  static const char *const names[] = { "FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "AE" };
  gsize n = 0;
  buf[0] = 0;
  for (int i = 0; i < 10; i++)
    {
      const char *name = i < 9 ? ((flags & (1 << i)) ? names[i] : NULL) : ((flags & TH_RES) ? "Reserved" : NULL);
      if (!name)
        continue;
      if (n)
        {
          memcpy (buf + n, ", ", 2);
          n += 2;
        }
      gsize l = strlen (name);
      memcpy (buf + n, name, l);
      n += l;
    }
  if (!n)
    {
      memcpy (buf, "<None>", 6);
      n = 6;
    }
  buf[n] = 0;
  return buf;
}

static const char *
flags_first_letters (WlPacket *p, guint16 flags)
{
  static const char letters[] = "RRRACEUAPRSF"; /* bit 11 down to bit 0 */
  GString *s = g_string_new (NULL);
  for (int i = 0; i < 12; i++)
    {
      if (flags & (1 << (11 - i)))
        g_string_append_c (s, letters[i]);
      else
        g_string_append (s, "\xc2\xb7");
    }
  char *r = wl_arena_strndup (p->arena, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}

static const char *
completeness_str (guint8 v)
{
  switch (v)
    {
    case C_SYNSENT: return "Incomplete, SYN_SENT";
    case C_SYNSENT | C_SYNACK: return "Incomplete, CLIENT_ESTABLISHED";
    case C_SYNSENT | C_SYNACK | C_ACK: return "Incomplete, ESTABLISHED";
    case C_SYNSENT | C_SYNACK | C_ACK | C_DATA: return "Incomplete, DATA";
    case C_SYNSENT | C_SYNACK | C_ACK | C_DATA | C_FIN:
    case C_SYNSENT | C_SYNACK | C_ACK | C_DATA | C_RST:
    case C_SYNSENT | C_SYNACK | C_ACK | C_DATA | C_FIN | C_RST:
      return "Complete, WITH_DATA";
    case C_SYNSENT | C_SYNACK | C_ACK | C_FIN:
    case C_SYNSENT | C_SYNACK | C_ACK | C_RST:
    case C_SYNSENT | C_SYNACK | C_ACK | C_FIN | C_RST:
      return "Complete, NO_DATA";
    default: return "Incomplete";
    }
}

/* ---- The dissector ---- */

static guint
count_layers (const WlPacket *p, int proto)
{
  guint n = 0;
  for (guint i = 0; i < p->n_layers; i++)
    if (p->layers[i] == proto)
      n++;
  return n;
}

static gboolean
in_error_packet (const WlPacket *p, const WlIpInfo *ip)
{
  if (ip)
    return ip->in_error;
  for (guint i = 0; i < p->n_layers; i++)
    if (p->layer_names[i] && (strcmp (p->layer_names[i], "icmp") == 0 || strcmp (p->layer_names[i], "icmpv6") == 0))
      return TRUE;
  return FALSE;
}

/* A frame visited before: its first visit's plan again */
static void
exec_plan (Ctx *c)
{
  const TcpState *s = wl_session_get_state (c->p->session, proto_tcp);
  const OpPacked *ops = s ? wl_tcp_frame_ops (s, c->fr) : NULL;
  for (guint i = 0; ops && i < c->fr->n_ops; i++)
    {
      Op op = wl_tcp_op_unpack (s, ops[i]);
      wl_tcp_op_exec (c, &op);
    }
}

/* The port fields (v holds them) and the packet's ports */
static void
add_ports (WlPacket *p, const WlView *v, WlNode *top, gboolean in_error)
{
  wl_add_item (p, top, hf_srcport, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_dstport, v, 2, 2, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_port, v, 0, 2, WL_ENC_BIG));
  wl_node_set_hidden (wl_add_item (p, top, hf_port, v, 2, 2, WL_ENC_BIG));
  if (!in_error)
    {
      p->src_port = wl_view_ntohs (v, 0);
      p->dst_port = wl_view_ntohs (v, 2);
      p->port_type = 6;
    }
}

/* Nothing else of TCP, and nothing above it, is wanted (a port filter, lean and without
 * columns: WlPacket.prune_tcp_to_ports): the protocol item and the ports, what
 * dissect_tcp () adds first, without its stream work (nor its stack frame). */
static guint32
dissect_tcp_ports (WlPacket *p, const WlView *v, WlNode *parent, const WlIpInfo *ip)
{
  gboolean in_error = in_error_packet (p, ip);
  WlNode *top = wl_add_proto (p, parent, proto_tcp, v, 0, G_MAXUINT32);
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_srcport, v, 0, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  add_ports (p, v, top, in_error);
  return v->len;
}

static guint32
dissect_tcp (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  const WlIpInfo *ip = data;
  guint layer_key = count_layers (p, proto_tcp);
  Hdr h = { 0 };
  h.in_error = in_error_packet (p, ip);
  gboolean cols = wl_cols (p) && !h.in_error;

  WlNode *top = wl_add_proto (p, parent, proto_tcp, v, 0, G_MAXUINT32);
  if (!wl_view_has (v, 0, 4))
    {
      wl_add_item (p, top, hf_srcport, v, 0, 2, WL_ENC_BIG);
      p->is_truncated = TRUE;
      return v->len;
    }
  h.sport = wl_view_ntohs (v, 0);
  h.dport = wl_view_ntohs (v, 2);
  /* No stream state when no wanted field needs it (WlDissectOptions.prune): for no stream, or
   * for the streams whose payload only protocols nobody runs would get. */
  const gboolean stateless = p->prune_tcp_state
                             || (p->prune_tcp_state_by_port && wl_tcp_ports_pruned (p, h.sport, h.dport));
  /* The first, sequential visit: the only one that builds state (fixed now, whatever the
   * layers above do with p). */
  const gboolean first = !p->visited && !stateless;
  InfoBuf ib;
  ib.on = cols;
  ib.n = 0;
  if (cols)
    {
      wl_col_set_protocol (p, "TCP");
      wl_col_clear_info (p);
      ib_num (p, &ib, h.sport);
      ib_str (p, &ib, " \xe2\x86\x92 ");
      ib_num (p, &ib, h.dport);
    }
  wl_node_set_label (p, top, "Transmission Control Protocol, Src Port: %u, Dst Port: %u", h.sport, h.dport);
  add_ports (p, v, top, h.in_error);
  if (h.in_error)
    wl_add_item (p, top, hf_seq, v, 4, 4, WL_ENC_BIG);
  if (!wl_view_has (v, 0, 16))
    {
      p->is_truncated = TRUE;
      return v->len;
    }
  h.seq = wl_view_ntohl (v, 4);
  h.ack = wl_view_ntohl (v, 8);
  h.flags = wl_view_ntohs (v, 12) & TH_MASK;
  h.win = wl_view_ntohs (v, 14);
  h.hlen = (guint32) (wl_view_u8 (v, 12) >> 4) * 4;
  h.reported_len = v->reported;

  /* The state of the stream: made on the first visit, read afterwards */
  TcpFrame *fr;
  TcpState *state = NULL;
  TcpConv *conv = NULL;
  TcpFlow *fwd = NULL, *rev = NULL;
  TcpFrame scratch;
  TcpFrameExtra extra = { 0 };
  if (first)
    {
      state = wl_tcp_state_get (p, proto_tcp);
      fr = wl_tcp_record_new (state, p->number, layer_key);
      WlAddress src = { 0 }, dst = { 0 };
      if (ip)
        {
          src = ip->src;
          dst = ip->dst;
        }
      else
        {
          src = p->net_src;
          dst = p->net_dst;
        }
      conv = wl_tcp_first_pass (p, state, &h, &src, &dst, fr, &extra, &fwd, &rev);
    }
  else
    {
      fr = stateless ? NULL : wl_tcp_record_get (wl_session_get_state (p->session, proto_tcp), p->number, layer_key);
      if (!fr)
        {
          /* not seen on the first pass (should not happen): show the header only */
          memset (&scratch, 0, sizeof scratch);
          scratch.stream = G_MAXUINT32; /* no conversation: no bases, scale unknown */
          /* pruned (WlDissectOptions.prune): the segment's own length still holds */
          scratch.has_seglen = stateless && !h.in_error && h.reported_len >= h.hlen;
          fr = &scratch;
        }
    }
  /* the rare values: being made on the first visit (until wl_tcp_keep_extra ()), kept after */
  const TcpFrameExtra *x = first ? &extra : wl_tcp_frame_extra (p, proto_tcp, fr);
  const TcpFrameShared sh = wl_tcp_frame_shared (wl_tcp_frame_conv (p, fr), fr, x);

  guint32 seglen = fr->has_seglen ? h.reported_len - h.hlen : 0;
  guint32 rel_seq = h.seq - sh.seq_base;
  guint32 rel_ack = (h.flags & TH_ACK) ? h.ack - sh.ack_base : h.ack;
  guint32 win = h.win;
  if (fr->has_seglen && !(h.flags & TH_SYN) && sh.win_scale >= 0)
    win <<= sh.win_scale;
  if (!fr->has_seglen)
    rel_seq = h.seq, rel_ack = h.ack;
  guint32 nxtseq = rel_seq + seglen;

  WlNode *n = wl_add_uint (p, top, hf_stream, v, 0, 0, wl_tcp_frame_stream (fr));
  wl_node_set_generated (n);
  n = wl_add_uint (p, top, hf_completeness, v, 0, 0, fr->completeness);
  wl_node_set_generated (n);
  wl_node_set_label (p, n, "Conversation completeness: %s (%u)", completeness_str (fr->completeness), fr->completeness);
  if (fr->has_seglen)
    {
      n = wl_add_uint (p, top, hf_len, v, 12, 1, seglen);
      wl_node_set_generated (n);
    }
  else if (!h.in_error && h.reported_len < h.hlen)
    wl_tcp_add_expert (p, top, ei_short_segment, v, 0, 0, "Warning", "Malformed",
                "Short segment. Segment/fragment does not contain a full TCP header (might be NMAP or someone else deliberately sending unusual packets)");

  char fbuf[64];
  const char *fstr = cols || p->full ? flags_to_str (fbuf, h.flags) : "";
  if (cols)
    {
      ib_str (p, &ib, " [");
      ib_str (p, &ib, fstr);
      ib_str (p, &ib, "]");
      ib_uint (p, &ib, "Seq", rel_seq);
      if (h.flags & TH_ACK)
        ib_uint (p, &ib, "Ack", rel_ack);
      ib_uint (p, &ib, "Win", win);
    }
  wl_node_append_label (p, top, ", Seq: %u", rel_seq);
  if (!h.in_error)
    {
      n = wl_add_uint (p, top, hf_seq, v, 4, 4, rel_seq);
      if (fr->has_seglen)
        wl_node_set_label (p, n, "Sequence Number: %u    (relative sequence number)", rel_seq);
      n = wl_add_uint (p, top, hf_seq_raw, v, 4, 4, h.seq);
      if (!fr->has_seglen)
        wl_node_set_hidden (n);
    }

  if (h.hlen < 20)
    {
      ib_flush (p, &ib);
      if (cols)
        wl_col_append_info (p, ", bogus TCP header length (%u, must be at least 20)", h.hlen);
      n = wl_add_uint (p, top, hf_hdr_len, v, 12, 1, h.hlen);
      wl_node_set_label (p, n, "%u%u%u%u .... = Header Length: %u bytes (%u)", (h.hlen >> 5) & 1,
                         (h.hlen >> 4) & 1, (h.hlen >> 3) & 1, (h.hlen >> 2) & 1, h.hlen, h.hlen >> 2);
      wl_tcp_add_expert (p, n, ei_bogus_hlen, v, 12, 1, "Error", "Malformed",
                  "Bogus TCP header length (%u, must be at least 20)", h.hlen);
      if (first)
        wl_tcp_keep_extra (state, fr, &extra);
      return v->len;
    }

  if (h.flags & TH_ACK)
    wl_node_append_label (p, top, ", Ack: %u", rel_ack);
  if (fr->has_seglen)
    wl_node_append_label (p, top, ", Len: %u", seglen);
  wl_node_set_len (top, MIN (h.hlen, v->len));
  if (fr->has_seglen)
    {
      guint32 nx = nxtseq + ((h.flags & (TH_SYN | TH_FIN)) ? 1 : 0);
      n = wl_add_uint (p, top, hf_nxtseq, v, 0, 0, nx);
      wl_node_set_generated (n);
      wl_node_set_label (p, n, "Next Sequence Number: %u    (relative sequence number)", nx);
    }
  n = wl_add_uint (p, top, hf_ack, v, 8, 4, rel_ack);
  if ((h.flags & TH_ACK) && fr->has_seglen)
    wl_node_set_label (p, n, "Acknowledgment Number: %u    (relative ack number)", rel_ack);
  WlNode *ack_raw = wl_add_uint (p, top, hf_ack_raw, v, 8, 4, h.ack);
  if ((h.flags & TH_ACK) && !fr->has_seglen)
    wl_node_set_hidden (ack_raw);
  if (!(h.flags & TH_ACK) && h.ack != 0)
    wl_tcp_add_expert (p, n, ei_ack_nonzero, v, 8, 4, "Note", "Protocol",
                "The acknowledgment number field is nonzero while the ACK flag is not set");

  n = wl_add_uint (p, top, hf_hdr_len, v, 12, 1, h.hlen);
  wl_node_set_label (p, n, "%u%u%u%u .... = Header Length: %u bytes (%u)", (h.hlen >> 5) & 1, (h.hlen >> 4) & 1,
                     (h.hlen >> 3) & 1, (h.hlen >> 2) & 1, h.hlen, h.hlen >> 2);
  /* nothing wanted of TCP after this, nor above it (the conversation tables' fields) */
  if (p->prune_tcp_to_header)
    return v->len;
  WlNode *ft = wl_add_uint (p, top, hf_flags, v, 12, 2, h.flags);
  wl_node_set_label (p, ft, "Flags: 0x%03x (%s)", h.flags, fstr);
  WlNode *res = wl_add_item (p, ft, hf_flags_res, v, 12, 2, WL_ENC_BIG);
  /* the generic label shows one bit of a multi-bit boolean */
  wl_node_set_label (p, res, "%c%c%c. .... .... = Reserved: %s", (h.flags & 0x800) ? '1' : '0',
                     (h.flags & 0x400) ? '1' : '0', (h.flags & 0x200) ? '1' : '0',
                     (h.flags & TH_RES) ? "Set" : "Not set");
  wl_add_item (p, ft, hf_flags_ae, v, 12, 2, WL_ENC_BIG);
  wl_add_item (p, ft, hf_flags_cwr, v, 12, 2, WL_ENC_BIG);
  wl_add_item (p, ft, hf_flags_ece, v, 12, 2, WL_ENC_BIG);
  wl_add_item (p, ft, hf_flags_urg, v, 12, 2, WL_ENC_BIG);
  wl_add_item (p, ft, hf_flags_ack, v, 12, 2, WL_ENC_BIG);
  wl_add_item (p, ft, hf_flags_push, v, 12, 2, WL_ENC_BIG);
  WlNode *f_rst = wl_add_item (p, ft, hf_flags_reset, v, 12, 2, WL_ENC_BIG);
  WlNode *f_syn = wl_add_item (p, ft, hf_flags_syn, v, 12, 2, WL_ENC_BIG);
  WlNode *f_fin = wl_add_item (p, ft, hf_flags_fin, v, 12, 2, WL_ENC_BIG);
  WlNode *fstr_node = NULL;
  if (wl_wants (p, hf_flags_str))
    {
      fstr_node = wl_add_string_value (p, ft, hf_flags_str, v, 12, 2, flags_first_letters (p, h.flags), -1);
      wl_node_set_generated (fstr_node);
    }
  wl_add_item (p, top, hf_win_value, v, 14, 2, WL_ENC_BIG);
  wl_node_set_generated (wl_add_uint (p, top, hf_win_size, v, 14, 2, win));
  if (!(h.flags & TH_SYN) && fr->has_seglen)
    {
      int ws = sh.win_scale;
      n = wl_add_int (p, top, hf_win_scalefactor, v, 14, 2, ws >= 0 ? (1 << ws) : ws);
      wl_node_set_generated (n);
      if (ws == -1)
        wl_node_set_label (p, n, "Window size scaling factor: -1 (unknown)");
      else if (ws == -2)
        wl_node_set_label (p, n, "Window size scaling factor: -2 (no window scaling used)");
    }

  if (h.flags & TH_SYN)
    {
      if (h.flags & TH_ACK)
        wl_tcp_add_expert (p, f_syn, ei_conn_synack, v, 13, 1, "Chat", "Sequence",
                    "Connection establish acknowledge (SYN+ACK): server port %u", h.sport);
      else
        wl_tcp_add_expert (p, f_syn, ei_conn_syn, v, 13, 1, "Chat", "Sequence",
                    "Connection establish request (SYN): server port %u", h.dport);
    }
  if (h.flags & TH_FIN)
    {
      wl_tcp_add_expert (p, f_fin, ei_conn_fin, v, 13, 1, "Chat", "Sequence", "Connection finish (FIN)");
      if (fr->fin_active)
        wl_tcp_add_expert (p, fstr_node ? fstr_node : ft, ei_fin_active, v, 12, 2, "Note", "Sequence",
                    "This frame initiates the connection closing");
      else
        wl_tcp_add_expert (p, fstr_node ? fstr_node : ft, ei_fin_passive, v, 12, 2, "Note", "Sequence",
                    "This frame undergoes the connection closing");
    }
  if (h.flags & TH_RST)
    wl_tcp_add_expert (p, f_rst, ei_conn_rst, v, 13, 1, "Warning", "Sequence", "Connection reset (RST)");

  /* Checksum: not verified, as tshark by default */
  n = wl_add_item (p, top, hf_checksum, v, 16, 2, WL_ENC_BIG);
  wl_node_set_label (p, n, "Checksum: 0x%04x [unverified]", wl_view_ntohs (v, 16));
  n = wl_add_uint (p, top, hf_checksum_status, v, 16, 0, 2);
  wl_node_set_generated (n);
  wl_node_set_label (p, n, "Checksum Status: Unverified");

  gboolean can_desegment = !h.in_error && v->reported <= v->len;
  guint16 urp = wl_view_ntohs (v, 18);
  n = wl_add_item (p, top, hf_urgent_pointer, v, 18, 2, WL_ENC_BIG);
  if (h.flags & TH_URG)
    {
      ib_uint (p, &ib, "Urg", urp);
    }
  else if (urp)
    wl_tcp_add_expert (p, n, ei_urgent_nonzero, v, 18, 2, "Note", "Protocol",
                "The urgent pointer field is nonzero while the URG flag is not set");
  if (fr->has_seglen)
    ib_uint (p, &ib, "Len", seglen);

  /* Options */
  guint32 optlen = h.hlen - 20;
  OptCtx oc = { first, fwd, rev, conv, state, h.flags, seglen, fr->has_seglen, sh.ack_base, rel_ack,
                NULL, &ib, FALSE, FALSE, FALSE };
  gboolean options_complete = TRUE;
  WlNode *opts = NULL;
  if (optlen)
    {
      guint32 bc = wl_view_remaining (v, 20);
      opts = wl_add_bytes_value (p, top, hf_options, v, 20, MIN (bc, optlen),
                                 wl_view_ptr (v, 20, 0) ? v->data + 20 : NULL, MIN (bc, optlen));
    }

  /* Timestamps relative to the stream (before the options are taken apart, as tshark does) */
  WlNode *tst = wl_add_text (p, top, v, 0, 0, "Timestamps");
  if (tst)
    tst->flags |= WL_NODE_GENERATED;
  wl_tcp_add_generated_time (p, tst, hf_ts_relative, v, p->ts_ns - wl_tcp_frame_conv (p, fr)->ts_first);
  guint32 prev = wl_tcp_frame_prev (fr, x, p->number);
  wl_tcp_add_generated_time (p, tst, hf_ts_delta, v, prev ? p->ts_ns - frame_ts (p, prev) : 0);

  if (optlen)
    {
      oc.summary = g_string_new (NULL);
      gboolean saved_cols = p->cols_wanted;
      if (h.in_error)
        p->cols_wanted = FALSE;
      options_complete = wl_tcp_dissect_options (p, opts, v, 20, optlen, &oc);
      p->cols_wanted = saved_cols;
      if (opts && p->full)
        {
          /* tshark's labels stop at 239 bytes (ITEM_LABEL_LENGTH) */
          char *lab = wl_arena_printf (p->arena, "Options: (%u bytes)%s", optlen, oc.summary->str);
          if (strlen (lab) > 239)
            lab[239] = 0;
          wl_node_set_label (p, opts, "%s", lab);
        }
      g_string_free (oc.summary, TRUE);
    }

  ib_flush (p, &ib);
  if (!options_complete)
    {
      /* tshark stops at the cut option: no timestamps, analysis or payload */
      if (first)
        wl_tcp_keep_extra (state, fr, &extra);
      return v->len;
    }

  print_analysis (p, top, v, fr, x);

  if (first && fwd)
    {
      if (h.flags & TH_SYN)
        wl_tcp_verify_window_scaling ((h.flags & TH_ACK) != 0, fwd, rev);
      if ((oc.mptcp_capable || oc.mptcp_other) && !conv->has_mptcp)
        {
          conv->has_mptcp = TRUE;
          conv->info.mptcp_stream = state->n_mptcp++;
        }
      if (oc.mptcp_capable)
        conv->mptcp_master = TRUE;
      if (conv->has_mptcp)
        {
          fr->mptcp = TRUE;
          fr->mptcp_master = conv->mptcp_master;
        }
    }
  if (fr->mptcp)
    wl_tcp_mptcp_analysis (p, top, v, fr);

  /* The payload: a FIN may end a PDU reassembled until the end of the stream; else the
   * segment's bytes go to reassembly or straight to the subdissector. */
  WlView payload = wl_view_sub (v, h.hlen, G_MAXUINT32);
  Ctx c = { p, parent, top, v, h.hlen, state, conv, fwd, fr, NULL, h.sport, h.dport, sh.server_port, FALSE, NULL };
  gboolean nested = FALSE;
  if (first && state)
    {
      /* TCP inside a payload TCP is handing on (tunnels) gets its own scratch plan */
      nested = state->ops_busy;
      if (!state->ops)
        state->ops = g_array_new (FALSE, FALSE, sizeof (Op));
      c.ops = nested ? g_array_new (FALSE, FALSE, sizeof (Op)) : state->ops;
      state->ops_busy = TRUE;
      g_array_set_size (c.ops, 0);
      if (fr->has_seglen && (h.flags & TH_FIN) && can_desegment && fwd->until_fin)
        {
          if (fwd->fin == 0 || fwd->fin == p->number)
            {
              fwd->fin = p->number;
              fr->fin_reassembled = wl_tcp_reassemble_at_fin (&c, rel_seq, seglen);
            }
          else
            extra.fin_retransmission = fwd->fin;
        }
    }
  else if (fr->fin_reassembled && !p->prune_payload)
    exec_plan (&c);

  if (!fr->fin_reassembled)
    {
      if (x->fin_retransmission)
        wl_tcp_add_generated_uint (p, top, hf_fin_retransmission, v, x->fin_retransmission);
      if (payload.len != 0 && (h.flags & TH_RST))
        wl_add_string_value (p, top, hf_reset_cause, v, h.hlen, payload.len, (const char *) payload.data,
                             payload.len);
      else if (payload.len != 0)
        {
          guint32 rep = payload.reported;
          WlNode *pl = wl_add_bytes_value (p, top, hf_payload, v, h.hlen, payload.len, payload.data, payload.len);
          wl_node_set_label (p, pl, "TCP payload (%u byte%s)", rep, rep == 1 ? "" : "s");
          if (first && !p->prune_payload)
            {
              guint32 s = rel_seq, nx = nxtseq;
              if (h.flags & TH_SYN)
                s++, nx++;
              if (can_desegment)
                wl_tcp_desegment (&c, 0, s, nx);
              else
                wl_tcp_emit (&c, OP_CALL, 0, 0, 0, NULL);
            }
          else if (!p->prune_payload)
            exec_plan (&c);
        }
    }
  if (first && state && c.ops)
    {
      wl_tcp_keep_extra (state, fr, &extra);
      fr->n_ops = (guint16) MIN (c.ops->len, G_MAXUINT16);
      /* most plans are one hand-off of the whole payload: shared, not stored */
      const Op *o = fr->n_ops == 1 ? &g_array_index (c.ops, Op, 0) : NULL;
      if (o && o->kind == OP_CALL && o->offset == 0 && o->len == 0 && o->flags <= 1)
        fr->ops_at = TCP_OPS_WHOLE_PAYLOAD + o->flags;
      else if (fr->n_ops)
        {
          fr->ops_at = state->op_pool->len;
          wl_tcp_ops_append (state, &g_array_index (c.ops, Op, 0), fr->n_ops);
        }
      if (nested)
        g_array_free (c.ops, TRUE);
      else
        {
          g_array_set_size (c.ops, 0);
          state->ops_busy = FALSE;
        }
    }
  return v->len;
}

/* ---- Registration ---- */

static const WlValueString checksum_status_vals[] = {
  { 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 3, "Not present" }, { 4, "Illegal" }, { 0, NULL }
};

static WlFieldReg fields[] = {
  { &hf_srcport, { "Source Port", "tcp.srcport", WL_FT_UINT16, WL_BASE_PT_TCP } },
  { &hf_dstport, { "Destination Port", "tcp.dstport", WL_FT_UINT16, WL_BASE_PT_TCP } },
  { &hf_port, { "Source or Destination Port", "tcp.port", WL_FT_UINT16, WL_BASE_PT_TCP } },
  { &hf_stream, { "Stream index", "tcp.stream", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_completeness, { "Conversation completeness", "tcp.completeness", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_seq, { "Sequence Number", "tcp.seq", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_seq_raw, { "Sequence Number (raw)", "tcp.seq_raw", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_nxtseq, { "Next Sequence Number", "tcp.nxtseq", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_ack, { "Acknowledgment Number", "tcp.ack", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_ack_raw, { "Acknowledgment number (raw)", "tcp.ack_raw", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_hdr_len, { "Header Length", "tcp.hdr_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_flags, { "Flags", "tcp.flags", WL_FT_UINT16, WL_BASE_HEX, NULL, TH_MASK, "Flags (12 bits)" } },
  { &hf_flags_res, { "Reserved", "tcp.flags.res", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_RES } },
  { &hf_flags_ae, { "Accurate ECN", "tcp.flags.ae", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_AE } },
  { &hf_flags_cwr, { "Congestion Window Reduced", "tcp.flags.cwr", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_CWR } },
  { &hf_flags_ece, { "ECN-Echo", "tcp.flags.ece", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_ECE } },
  { &hf_flags_urg, { "Urgent", "tcp.flags.urg", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_URG } },
  { &hf_flags_ack, { "Acknowledgment", "tcp.flags.ack", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_ACK } },
  { &hf_flags_push, { "Push", "tcp.flags.push", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_PUSH } },
  { &hf_flags_reset, { "Reset", "tcp.flags.reset", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_RST } },
  { &hf_flags_syn, { "Syn", "tcp.flags.syn", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_SYN } },
  { &hf_flags_fin, { "Fin", "tcp.flags.fin", WL_FT_BOOLEAN, 12, &wl_tfs_set_notset, TH_FIN } },
  { &hf_flags_str, { "TCP Flags", "tcp.flags.str", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_win_value, { "Window", "tcp.window_size_value", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_win_size, { "Calculated window size", "tcp.window_size", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_win_scalefactor, { "Window size scaling factor", "tcp.window_size_scalefactor", WL_FT_INT32, WL_BASE_DEC } },
  { &hf_checksum, { "Checksum", "tcp.checksum", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_checksum_status, { "Checksum Status", "tcp.checksum.status", WL_FT_UINT8, WL_BASE_NONE, checksum_status_vals } },
  { &hf_len, { "TCP Segment Len", "tcp.len", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_urgent_pointer, { "Urgent Pointer", "tcp.urgent_pointer", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_analysis, { "SEQ/ACK analysis", "tcp.analysis", WL_FT_NONE } },
  { &hf_analysis_flags, { "TCP Analysis Flags", "tcp.analysis.flags", WL_FT_NONE } },
  { &hf_dup_ack, { "Duplicate ACK", "tcp.analysis.duplicate_ack", WL_FT_NONE } },
  { &hf_dup_ack_num, { "Duplicate ACK #", "tcp.analysis.duplicate_ack_num", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_dup_ack_frame, { "Duplicate to the ACK in frame", "tcp.analysis.duplicate_ack_frame", WL_FT_FRAMENUM } },
  { &hf_acks_frame, { "This is an ACK to the segment in frame", "tcp.analysis.acks_frame", WL_FT_FRAMENUM } },
  { &hf_bytes_in_flight, { "Bytes in flight", "tcp.analysis.bytes_in_flight", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_push_bytes_sent, { "Bytes sent since last PSH flag", "tcp.analysis.push_bytes_sent", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_ack_rtt, { "The RTT to ACK the segment was", "tcp.analysis.ack_rtt", WL_FT_RELATIVE_TIME } },
  { &hf_initial_rtt, { "iRTT", "tcp.analysis.initial_rtt", WL_FT_RELATIVE_TIME } },
  { &hf_rto, { "The RTO for this segment was", "tcp.analysis.rto", WL_FT_RELATIVE_TIME } },
  { &hf_rto_frame, { "RTO based on delta from frame", "tcp.analysis.rto_frame", WL_FT_FRAMENUM } },
  { &hf_options, { "TCP Options", "tcp.options", WL_FT_BYTES } },
  { &hf_ts_relative, { "Time since first frame in this TCP stream", "tcp.time_relative", WL_FT_RELATIVE_TIME } },
  { &hf_ts_delta, { "Time since previous frame in this TCP stream", "tcp.time_delta", WL_FT_RELATIVE_TIME } },
  { &hf_payload, { "TCP payload", "tcp.payload", WL_FT_BYTES } },
  { &hf_fin_retransmission, { "Retransmission of FIN from frame", "tcp.fin_retransmission", WL_FT_FRAMENUM } },
  { &hf_reset_cause, { "Reset cause", "tcp.reset_cause", WL_FT_STRING } },
  { &ei_retransmission, { "This frame is a (suspected) retransmission", "tcp.analysis.retransmission", WL_FT_NONE } },
  { &ei_fast_retransmission, { "This frame is a (suspected) fast retransmission", "tcp.analysis.fast_retransmission", WL_FT_NONE } },
  { &ei_spurious_retransmission, { "This frame is a (suspected) spurious retransmission", "tcp.analysis.spurious_retransmission", WL_FT_NONE } },
  { &ei_out_of_order, { "This frame is a (suspected) out-of-order segment", "tcp.analysis.out_of_order", WL_FT_NONE } },
  { &ei_reused_ports, { "A new tcp session is started with the same ports as an earlier session in this trace", "tcp.analysis.reused_ports", WL_FT_NONE } },
  { &ei_lost_segment, { "Previous segment(s) not captured (common at capture start)", "tcp.analysis.lost_segment", WL_FT_NONE } },
  { &ei_ack_lost_segment, { "ACKed segment that wasn't captured (common at capture start)", "tcp.analysis.ack_lost_segment", WL_FT_NONE } },
  { &ei_window_update, { "TCP window update", "tcp.analysis.window_update", WL_FT_NONE } },
  { &ei_window_full, { "TCP window specified by the receiver is now completely full", "tcp.analysis.window_full", WL_FT_NONE } },
  { &ei_keep_alive, { "TCP keep-alive segment", "tcp.analysis.keep_alive", WL_FT_NONE } },
  { &ei_keep_alive_ack, { "ACK to a TCP keep-alive segment", "tcp.analysis.keep_alive_ack", WL_FT_NONE } },
  { &ei_zero_window_probe, { "TCP Zero Window Probe", "tcp.analysis.zero_window_probe", WL_FT_NONE } },
  { &ei_zero_window, { "TCP Zero Window segment", "tcp.analysis.zero_window", WL_FT_NONE } },
  { &ei_zero_window_probe_ack, { "ACK to a TCP Zero Window Probe", "tcp.analysis.zero_window_probe_ack", WL_FT_NONE } },
  { &ei_conn_synack, { "Connection establish acknowledge (SYN+ACK)", "tcp.connection.synack", WL_FT_NONE } },
  { &ei_conn_syn, { "Connection establish request (SYN)", "tcp.connection.syn", WL_FT_NONE } },
  { &ei_conn_fin, { "Connection finish (FIN)", "tcp.connection.fin", WL_FT_NONE } },
  { &ei_conn_rst, { "Connection reset (RST)", "tcp.connection.rst", WL_FT_NONE } },
  { &ei_fin_active, { "This frame initiates the connection closing", "tcp.connection.fin_active", WL_FT_NONE } },
  { &ei_fin_passive, { "This frame undergoes the connection closing", "tcp.connection.fin_passive", WL_FT_NONE } },
  { &ei_short_segment, { "Short segment", "tcp.short_segment", WL_FT_NONE } },
  { &ei_ack_nonzero, { "The acknowledgment number field is nonzero while the ACK flag is not set", "tcp.ack.nonzero", WL_FT_NONE } },
  { &ei_urgent_nonzero, { "The urgent pointer field is nonzero while the URG flag is not set", "tcp.urgent_pointer.non_zero", WL_FT_NONE } },
  { &ei_bogus_hlen, { "Bogus TCP header length", "tcp.bogus_header_length", WL_FT_NONE } },
};

void wl_register_tcp (void);
void wl_handoff_tcp (void);

void
wl_register_tcp (void)
{
  proto_tcp = wl_proto_register ("Transmission Control Protocol", "TCP", "tcp");
  wl_fields_register (proto_tcp, fields, G_N_ELEMENTS (fields));
  wl_tcp_options_register (proto_tcp);
  wl_tcp_reassembly_register (proto_tcp);
}

static guint32
dissect_tcp_entry (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  if (p->prune_tcp_to_ports)
    return dissect_tcp_ports (p, v, parent, data);
  return dissect_tcp (p, v, parent, data);
}

void
wl_handoff_tcp (void)
{
  wl_tcp_reassembly_handoff ();
  WlDissector *d = wl_dissector_register ("tcp", dissect_tcp_entry, proto_tcp);
  wl_table_add (wl_table_find ("ip.proto"), 6, d);
}
