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
 * revisit replays exactly what the first pass did. */
#include <string.h>
#include "dissect.h"
#include "l23.h"
#include "tcp.h"

/* ---- Protocol and field ids ---- */

static int proto_tcp = -1, proto_mptcp = -1;
static int proto_opt_nop = -1, proto_opt_eol = -1, proto_opt_mss = -1, proto_opt_wscale = -1;
static int proto_opt_sack_perm = -1, proto_opt_sack = -1, proto_opt_ts = -1, proto_opt_echo = -1;
static int proto_opt_echoreply = -1, proto_opt_md5 = -1, proto_opt_user_to = -1, proto_opt_tfo = -1;
static int proto_opt_exp = -1, proto_opt_unknown = -1;

static int hf_srcport = -1, hf_dstport = -1, hf_port = -1, hf_stream = -1, hf_completeness = -1;
static int hf_len = -1, hf_seq = -1, hf_seq_raw = -1, hf_nxtseq = -1, hf_ack = -1, hf_ack_raw = -1;
static int hf_hdr_len = -1, hf_flags = -1, hf_flags_res = -1, hf_flags_ae = -1, hf_flags_cwr = -1;
static int hf_flags_ece = -1, hf_flags_urg = -1, hf_flags_ack = -1, hf_flags_push = -1;
static int hf_flags_reset = -1, hf_flags_syn = -1, hf_flags_fin = -1, hf_flags_str = -1;
static int hf_win_value = -1, hf_win_size = -1, hf_win_scalefactor = -1, hf_checksum = -1;
static int hf_checksum_status = -1, hf_urgent_pointer = -1, hf_options = -1, hf_option_kind = -1;
static int hf_option_len = -1, hf_mss_val = -1, hf_wscale_shift = -1, hf_wscale_mult = -1;
static int hf_sack_le = -1, hf_sack_re = -1, hf_sack_count = -1, hf_dsack_le = -1, hf_dsack_re = -1;
static int hf_echo = -1, hf_tsval = -1, hf_tsecr = -1, hf_tfo_request = -1, hf_tfo_cookie = -1;
static int hf_md5_digest = -1, hf_user_to_gran = -1, hf_user_to_val = -1, hf_exp_data = -1;
static int hf_exp_exid = -1, hf_unknown_payload = -1;
static int hf_ts_relative = -1, hf_ts_delta = -1;
static int hf_analysis = -1, hf_analysis_flags = -1, hf_acks_frame = -1, hf_ack_rtt = -1;
static int hf_initial_rtt = -1, hf_bytes_in_flight = -1, hf_push_bytes_sent = -1, hf_rto = -1;
static int hf_rto_frame = -1, hf_dup_ack = -1, hf_dup_ack_num = -1, hf_dup_ack_frame = -1;
static int hf_payload = -1, hf_segment_data = -1, hf_reset_cause = -1, hf_fin_retransmission = -1;
static int hf_reassembled_in = -1, hf_segments = -1, hf_segment = -1, hf_segment_count = -1;
static int hf_reassembled_length = -1, hf_reassembled_data = -1, hf_pdu_size = -1;
/* Expert items (tshark's ei_*), filterable under these names. */
static int ei_retransmission = -1, ei_fast_retransmission = -1, ei_spurious_retransmission = -1;
static int ei_out_of_order = -1, ei_reused_ports = -1, ei_lost_segment = -1, ei_ack_lost_segment = -1;
static int ei_window_update = -1, ei_window_full = -1, ei_keep_alive = -1, ei_keep_alive_ack = -1;
static int ei_zero_window_probe = -1, ei_zero_window = -1, ei_zero_window_probe_ack = -1;
static int ei_conn_syn = -1, ei_conn_synack = -1, ei_conn_fin = -1;
static int ei_conn_rst = -1, ei_fin_active = -1, ei_fin_passive = -1, ei_tfo_syn = -1;
static int ei_mss_present = -1, ei_mss_absent = -1, ei_ack_nonzero = -1, ei_short_segment = -1;
static int ei_bogus_hlen = -1, ei_urgent_nonzero = -1, ei_dsack = -1, ei_reassembly_error = -1;
static int ei_nop = -1, ei_nonzero_pad = -1;
extern int wl_hf_malformed; /* frame.c */
/* MPTCP, the part tshark shows for its options */
static int hf_mp_subtype = -1, hf_mp_version = -1, hf_mp_flags = -1, hf_mp_sendkey = -1;
static int hf_mp_recvkey = -1, hf_mp_datalvllen = -1, hf_mp_rst_reason = -1, hf_mp_flag_u = -1;
static int hf_mp_flag_v = -1, hf_mp_flag_w = -1, hf_mp_flag_t = -1, hf_mp_addrid = -1;
static int hf_mp_stream = -1, hf_mp_analysis = -1, hf_mp_master = -1, hf_mp_subflows = -1;
static int hf_mp_expected_token = -1, hf_mp_expected_idsn = -1, hf_mp_checksum_flag = -1;
static int hf_mp_ext_flag = -1, hf_mp_nomore_flag = -1, hf_mp_sha1_flag = -1, hf_mp_sha256_flag = -1;
static int hf_mp_reserved_flag = -1;

/* The engine's expert pseudo-protocol (frame.c), looked up at hand-off. */
static int proto_ws_expert = -1, hf_ws_expert_message = -1, hf_ws_expert_severity = -1;
static int hf_ws_expert_group = -1;

static WlTable *port_table;

/* ---- Constants ---- */

#define TH_FIN 0x001
#define TH_SYN 0x002
#define TH_RST 0x004
#define TH_PUSH 0x008
#define TH_ACK 0x010
#define TH_URG 0x020
#define TH_ECE 0x040
#define TH_CWR 0x080
#define TH_AE 0x100
#define TH_RES 0xe00
#define TH_MASK 0xfff

/* Analysis flags, one bit each, as the per-frame record keeps them. */
enum {
  A_RETRANSMISSION = 1 << 0,
  A_LOST_PACKET = 1 << 1,
  A_ACK_LOST_PACKET = 1 << 2,
  A_KEEP_ALIVE = 1 << 3,
  A_DUPLICATE_ACK = 1 << 4,
  A_ZERO_WINDOW = 1 << 5,
  A_ZERO_WINDOW_PROBE = 1 << 6,
  A_ZERO_WINDOW_PROBE_ACK = 1 << 7,
  A_KEEP_ALIVE_ACK = 1 << 8,
  A_OUT_OF_ORDER = 1 << 9,
  A_FAST_RETRANSMISSION = 1 << 10,
  A_WINDOW_UPDATE = 1 << 11,
  A_WINDOW_FULL = 1 << 12,
  A_REUSED_PORTS = 1 << 13,
  A_SPURIOUS_RETRANSMISSION = 1 << 14,
};

/* Conversation completeness bits (tcp.completeness) */
enum { C_SYNSENT = 1, C_SYNACK = 2, C_ACK = 4, C_DATA = 8, C_FIN = 16, C_RST = 32 };

#define S_BASE_SEQ_SET 0x01
#define MAX_UNACKED_SEGMENTS 10000
#define MAX_SACK_RANGES 4
#define MSP_ENTIRE_SEGMENT 0x1

#define LT_SEQ(x, y) ((gint32) ((x) - (y)) < 0)
#define GT_SEQ(x, y) ((gint32) ((y) - (x)) < 0)
#define LE_SEQ(x, y) ((gint32) ((x) - (y)) <= 0)
#define GE_SEQ(x, y) ((gint32) ((y) - (x)) <= 0)

/* ---- First-pass state ---- */

/* Where reassembled bytes come from: a range of a frame's captured bytes, or (when the TCP
 * segment itself was reassembled below TCP) a copy owned by the session state. */
typedef struct {
  guint32 frame;
  guint32 frame_off;   /* offset in the frame's captured bytes (copy == NULL) */
  guint32 len;
  guint32 pdu_off;     /* offset in the reassembled PDU */
  const guint8 *copy;  /* in TcpState's blocks, or NULL */
} Piece;

/* A reassembled buffer as one frame dissected it: immutable once made. */
typedef struct {
  guint32 len;
  guint n_pieces;
  Piece pieces[];
} Reasm;

/* A PDU spanning segments (Wireshark's multisegment PDU with its fragment list). */
typedef struct {
  guint32 seq, nxtpdu;
  guint32 first_frame, last_frame;
  guint flags;
  GArray *frags;        /* Piece, sorted by pdu_off */
  guint32 datalen;
  guint32 reassembled_in;
  guint32 max_frame;
  gboolean datalen_set, defragmented, partial;
} Msp;

typedef struct {
  guint32 frame, seq, nextseq;
  gint64 ts;
} Unacked;

typedef struct {
  guint32 base_seq;
  guint8 static_flags;
  int win_scale;        /* -1 unknown, -2 no scaling, else the shift */
  guint32 window;
  guint16 lastsegmentflags;
  gboolean is_first_ack, valid_bif, push_set_last, closing_initiator;
  guint32 push_bytes_sent;
  /* sequence analysis */
  GArray *segments;     /* Unacked, oldest first (Wireshark walks them newest first) */
  guint32 nextseq, nextseqframe;
  gint64 nextseqtime;
  guint32 maxseqtobeacked;
  guint32 lastack;
  gint64 lastacktime;
  guint32 lastnondupack;
  int dupacknum;
  int num_sack_ranges;
  guint32 sack_le[MAX_SACK_RANGES], sack_re[MAX_SACK_RANGES];
  /* reassembly */
  GTree *msps;          /* seq -> Msp* */
  gboolean until_fin;
  guint32 fin;
} TcpFlow;

typedef struct {
  guint32 stream;
  gint64 ts_first, ts_prev, ts_mru_syn, ts_first_rtt;
  guint8 completeness;
  guint16 server_port;
  gboolean has_mptcp, mptcp_master;
  guint32 mptcp_stream;
  TcpFlow flow[2];
} TcpConv;

typedef struct {
  WlAddressType type;
  guint8 a1[16], a2[16];
  guint16 p1, p2;
} ConvKey;

typedef struct {
  GHashTable *convs;   /* ConvKey* -> TcpConv* (the latest conversation of the 4-tuple) */
  GPtrArray *all;      /* every TcpConv, for freeing */
  GPtrArray *blocks;   /* frame records, reassembly plans and copied bytes (state_alloc) */
  guint8 *block;       /* the block being filled */
  gsize block_used, block_size;
  GArray *ops;         /* scratch: the plan of the frame being visited first */
  gboolean ops_busy;
  guint32 n_streams;
  guint32 n_mptcp;
} TcpState;

/* ---- Per-frame record ---- */

typedef enum {
  OP_CALL,          /* hand payload bytes from offset on to the subdissector */
  OP_CALL_REASM,    /* hand a reassembled buffer to the subdissector */
  OP_SEGMENT,       /* "TCP segment data" (flag 1: "Retransmitted ") */
  OP_SEGMENT_INFO,  /* Protocol TCP (flag 1) and "[TCP segment of a reassembled PDU]" (flag 2) */
  OP_FENCE,         /* another PDU follows: fence the Info column, keep the Protocol column */
  OP_FRAGTREE,      /* the "[N Reassembled TCP Segments]" tree of a reassembled buffer */
  OP_REASM_ERROR,   /* a segment that overlaps a finished reassembly */
} OpKind;

typedef struct {
  guint8 kind;
  guint8 flags;        /* OP_CALL*: can_desegment (bit 0), drop the source after (bit 1) */
  guint32 offset, len;
  const Reasm *reasm;
} Op;

/* What few frames have: kept apart so that the common record stays small. */
typedef struct {
  guint32 rto_frame, dupack_num, dupack_frame, fin_retransmission;
  gint64 rto;
} TcpFrameExtra;

/* One TCP layer of one frame as its first visit saw it (72 bytes). */
typedef struct {
  const TcpConv *conv;          /* stream index, first time, iRTT and MPTCP stream (immutable) */
  guint32 seq_base, ack_base;   /* subtracted for relative numbers */
  guint32 frame_acked, bytes_in_flight, push_bytes_sent;
  guint16 ta_flags;
  guint16 server_port;
  gint8 win_scale;              /* the sender's window scale when this frame was seen */
  guint8 completeness;
  guint8 has_seglen : 1, has_ta : 1, bogus_hlen : 1, mptcp : 1, mptcp_master : 1;
  guint8 fin_reassembled : 1, fin_active : 1, irtt_known : 1;
  guint16 n_ops;
  gint64 ack_rtt, time_delta;
  const TcpFrameExtra *x;       /* never NULL once the first visit is over */
  const Op *ops;
} TcpFrame;

static const TcpFrameExtra no_extra;

/* ---- Helpers: expert items and pseudo-protocol nodes ---- */

/* Adds a protocol-typed node that is not a layer of frame.protocols (Wireshark's "protocols in
 * name only", like the TCP options). */
static WlNode *
add_pino (WlPacket *p, WlNode *parent, int proto, const WlView *v, guint32 off, guint32 len)
{
  guint n = p->n_layers;
  WlNode *node = wl_add_proto (p, parent, proto, v, off, len);
  p->n_layers = n;
  return node;
}

/* An expert item: tshark's "[Expert Info (Sev/Group): msg]" subtree whose first child is the
 * item's own field (so that a filter on its name matches). */
static void
add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
            const char *severity, const char *group, const char *fmt, ...) G_GNUC_PRINTF (9, 10);

static void
add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
            const char *severity, const char *group, const char *fmt, ...)
{
  if (!p->full)
    {
      WlNode *n = wl_add_none (p, parent, hf, v, off, len);
      if (n)
        n->flags |= WL_NODE_EXPERT | WL_NODE_GENERATED;
      return;
    }
  va_list ap;
  va_start (ap, fmt);
  char *msg = wl_arena_vprintf (p->arena, fmt, ap);
  va_end (ap);
  WlNode *e = proto_ws_expert >= 0 ? wl_add_none (p, parent, proto_ws_expert, v, off, 0) : NULL;
  if (!e)
    e = wl_add_text (p, parent, v, off, 0, "%s", "");
  if (!e)
    return;
  e->flags |= WL_NODE_EXPERT | WL_NODE_GENERATED;
  wl_node_set_label (p, e, "Expert Info (%s/%s): %s", severity, group, msg);
  WlNode *n = wl_add_none (p, e, hf, v, off, len);
  if (n)
    {
      n->flags |= WL_NODE_EXPERT | WL_NODE_GENERATED;
      wl_node_set_label (p, n, "%s", msg);
    }
  if (hf_ws_expert_message >= 0)
    wl_node_set_hidden (wl_add_string_value (p, e, hf_ws_expert_message, v, off, 0, msg, -1));
  WlNode *s = hf_ws_expert_severity >= 0 ? wl_add_none (p, e, hf_ws_expert_severity, v, off, 0)
                                         : wl_add_text (p, e, v, off, 0, "%s", "");
  if (s)
    {
      s->flags |= WL_NODE_GENERATED;
      wl_node_set_label (p, s, "Severity level: %s", severity);
    }
  WlNode *g = hf_ws_expert_group >= 0 ? wl_add_none (p, e, hf_ws_expert_group, v, off, 0)
                                      : wl_add_text (p, e, v, off, 0, "%s", "");
  if (g)
    {
      g->flags |= WL_NODE_GENERATED;
      wl_node_set_label (p, g, "Group: %s", group);
    }
}

static WlNode *
add_generated_uint (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint64 value)
{
  WlNode *n = wl_add_uint (p, parent, hf, v, 0, 0, value);
  wl_node_set_generated (n);
  return n;
}

static WlNode *
add_generated_time (WlPacket *p, WlNode *parent, int hf, const WlView *v, gint64 ns)
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

/* ---- Session state ---- */

static guint
conv_key_hash (gconstpointer k)
{
  const ConvKey *c = k;
  guint h = (guint) c->type * 31u + c->p1 * 65599u + c->p2;
  for (int i = 0; i < 16; i++)
    h = h * 33u + c->a1[i] + c->a2[i] * 7u;
  return h;
}

static gboolean
conv_key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (ConvKey)) == 0;
}

static gint
seq_cmp (gconstpointer a, gconstpointer b, gpointer user_data)
{
  guint32 x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);
  return x < y ? -1 : x > y;
}

static void
msp_free (gpointer data)
{
  Msp *m = data;
  if (m->frags)
    g_array_free (m->frags, TRUE);
  g_free (m);
}

static void
conv_free (gpointer data)
{
  TcpConv *c = data;
  for (int i = 0; i < 2; i++)
    {
      if (c->flow[i].segments)
        g_array_free (c->flow[i].segments, TRUE);
      if (c->flow[i].msps)
        g_tree_destroy (c->flow[i].msps);
    }
  g_free (c);
}

static void
state_free (gpointer data)
{
  TcpState *s = data;
  g_hash_table_destroy (s->convs);
  g_ptr_array_free (s->all, TRUE);
  g_ptr_array_free (s->blocks, TRUE);
  if (s->ops)
    g_array_free (s->ops, TRUE);
  g_free (s);
}

static TcpState *
state_get (WlPacket *p)
{
  TcpState *s = wl_session_get_state (p->session, proto_tcp);
  if (!s)
    {
      s = g_new0 (TcpState, 1);
      s->convs = g_hash_table_new_full (conv_key_hash, conv_key_equal, g_free, NULL);
      s->all = g_ptr_array_new_with_free_func (conv_free);
      s->blocks = g_ptr_array_new_with_free_func (g_free);
      wl_session_set_state (p->session, proto_tcp, s, state_free);
    }
  return s;
}

/* Zeroed memory that lives as long as the session: the per-frame records are many and small,
 * so they are carved out of large blocks and freed all at once. */
static gpointer
state_alloc (TcpState *s, gsize size)
{
  size = (size + 7) & ~(gsize) 7;
  if (!s->block || s->block_used + size > s->block_size)
    {
      gsize bs = MAX (size, (gsize) 64 * 1024);
      s->block = g_malloc0 (bs);
      s->block_size = bs;
      s->block_used = 0;
      g_ptr_array_add (s->blocks, s->block);
    }
  gpointer r = s->block + s->block_used;
  s->block_used += size;
  return r;
}

static int
addr_len (WlAddressType t)
{
  return t == WL_ADDR_IPv4 ? 4 : t == WL_ADDR_IPv6 ? 16 : t == WL_ADDR_ETHER ? 6 : 0;
}

/* Wireshark's cmp_address, then the ports when the addresses are equal: which of the two flows
 * of a conversation this segment belongs to. */
static int
direction_of (const WlAddress *src, const WlAddress *dst, guint16 sport, guint16 dport)
{
  int c = memcmp (src->data, dst->data, (gsize) addr_len (src->type));
  if (c == 0)
    return sport > dport ? 1 : -1;
  return c;
}

static void
conv_key_make (ConvKey *k, const WlAddress *src, const WlAddress *dst, guint16 sport, guint16 dport)
{
  memset (k, 0, sizeof *k);
  k->type = src->type;
  gsize n = (gsize) addr_len (src->type);
  int c = memcmp (src->data, dst->data, n);
  if (c < 0 || (c == 0 && sport <= dport))
    {
      memcpy (k->a1, src->data, n);
      memcpy (k->a2, dst->data, n);
      k->p1 = sport;
      k->p2 = dport;
    }
  else
    {
      memcpy (k->a1, dst->data, n);
      memcpy (k->a2, src->data, n);
      k->p1 = dport;
      k->p2 = sport;
    }
}

static TcpConv *
conv_new (TcpState *s, const ConvKey *key, gint64 ts)
{
  TcpConv *c = g_new0 (TcpConv, 1);
  c->stream = s->n_streams++;
  c->ts_first = c->ts_prev = ts;
  for (int i = 0; i < 2; i++)
    {
      TcpFlow *f = &c->flow[i];
      f->win_scale = -1;
      f->window = G_MAXUINT32;
      f->valid_bif = TRUE;
      f->segments = g_array_new (FALSE, FALSE, sizeof (Unacked));
      f->msps = g_tree_new_full (seq_cmp, NULL, NULL, msp_free);
    }
  g_ptr_array_add (s->all, c);
  g_hash_table_replace (s->convs, g_memdup2 (key, sizeof *key), c);
  return c;
}

/* ---- Sequence analysis (first pass only) ---- */

typedef struct {
  TcpConv *conv;
  TcpFlow *fwd, *rev;
  TcpFrame *fr;
  TcpFrameExtra *x;
} Ana;

static void
ta_set (Ana *a, guint16 flag)
{
  a->fr->has_ta = TRUE;
  a->fr->ta_flags |= flag;
}

/* Wireshark's tcp_analyze_sequence_number: classifies the segment from the state of both flows
 * and updates that state. seq and ack are absolute. */
static void
analyze_sequence (Ana *a, guint32 number, gint64 ts, guint32 seq, guint32 ack, guint32 seglen,
                  guint16 flags, guint32 window)
{
  TcpFlow *fwd = a->fwd, *rev = a->rev;
  TcpFrame *fr = a->fr;
  TcpFrameExtra *x = a->x;

  if (flags & TH_ACK)
    rev->valid_bif = TRUE;

  /* Zero window probe: one byte at the next expected sequence number into a closed window */
  if (seglen == 1 && seq == fwd->nextseq && rev->window == 0)
    {
      ta_set (a, A_ZERO_WINDOW_PROBE);
      goto finished_fwd;
    }
  if (window == 0 && (flags & (TH_RST | TH_FIN | TH_SYN)) == 0)
    ta_set (a, A_ZERO_WINDOW);

  /* Lost segment: this one starts beyond what we expected next */
  if (fwd->nextseq && GT_SEQ (seq, fwd->nextseq) && (flags & TH_RST) == 0)
    {
      ta_set (a, A_LOST_PACKET);
      fwd->valid_bif = FALSE;
    }

  /* Keep-alive: 0 or 1 byte starting one byte before the next expected sequence number */
  if ((seglen == 0 || seglen == 1) && seq == fwd->nextseq - 1 && (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    ta_set (a, A_KEEP_ALIVE);

  /* Window update: an empty segment with the same seq/ack and a new window */
  if (seglen == 0 && window && window != fwd->window && seq == fwd->nextseq && ack == fwd->lastack &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    ta_set (a, A_WINDOW_UPDATE);

  /* Window full: the data reaches the edge of the window the receiver advertised */
  if (seglen > 0 && rev->win_scale != -1 &&
      seq + seglen == rev->lastack + (rev->window << (rev->is_first_ack ? 0 : (rev->win_scale == -2 ? 0 : rev->win_scale))) &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    ta_set (a, A_WINDOW_FULL);

  /* Keep-alive ACK: repeats the last ACK after a keep-alive from the other side */
  if (seglen == 0 && window && window == fwd->window && seq == fwd->nextseq && ack == fwd->lastack &&
      (rev->lastsegmentflags & A_KEEP_ALIVE) && (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    {
      ta_set (a, A_KEEP_ALIVE_ACK);
      goto finished_fwd;
    }

  /* Zero window probe ACK */
  if (seglen == 0 && window == 0 && window == fwd->window && seq == fwd->nextseq && ack == fwd->lastack &&
      (rev->lastsegmentflags & A_ZERO_WINDOW_PROBE) && (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    {
      ta_set (a, A_ZERO_WINDOW_PROBE_ACK);
      goto finished_fwd;
    }

  /* Duplicate ACK: same window, seq and ack as the previous segment, and no data */
  if (seglen == 0 && window && window == fwd->window && seq == fwd->nextseq && ack == fwd->lastack &&
      (flags & (TH_SYN | TH_FIN | TH_RST)) == 0)
    {
      if (fwd->dupacknum == -1)
        fwd->dupacknum = 1; /* after an "ACKed unseen segment" */
      else
        fwd->dupacknum++;
      ta_set (a, A_DUPLICATE_ACK);
      x->dupack_num = (guint32) fwd->dupacknum;
      x->dupack_frame = fwd->lastnondupack;
    }

finished_fwd:
  if (ack != fwd->lastack)
    {
      fwd->lastnondupack = number;
      fwd->dupacknum = 0;
    }

  /* ACKed unseen segment: this acknowledges more than the other side was seen sending */
  if (rev->maxseqtobeacked && GT_SEQ (ack, rev->maxseqtobeacked) && (flags & TH_ACK))
    {
      fr->has_ta = TRUE;
      if (LT_SEQ (rev->maxseqtobeacked, rev->nextseq))
        {
          rev->maxseqtobeacked = rev->nextseq;
          ta_set (a, A_ACK_LOST_PACKET);
        }
      else
        {
          if (rev->dupacknum == 0)
            ta_set (a, A_ACK_LOST_PACKET);
          rev->dupacknum = -1;
        }
    }

  /* Retransmission, fast retransmission, spurious retransmission, out of order */
  if (seglen > 0 || (flags & (TH_SYN | TH_FIN)))
    {
      gboolean seq_not_advanced = fwd->nextseq && LT_SEQ (seq, fwd->nextseq);
      if (fr->ta_flags & A_KEEP_ALIVE)
        goto finished_retrans;
      /* one byte less than expected with more than one byte: after a zero window probe */
      if (seglen > 1 && fwd->nextseq - 1 == seq)
        seq_not_advanced = FALSE;
      if (seglen > 0 && rev->lastack && LE_SEQ (seq + seglen, rev->lastack))
        {
          ta_set (a, A_SPURIOUS_RETRANSMISSION);
          goto finished_retrans;
        }
      gint64 t = ts - rev->lastacktime;
      if (seq_not_advanced && rev->dupacknum >= 2 && rev->lastack == seq && t < 20000000)
        {
          ta_set (a, A_FAST_RETRANSMISSION);
          goto finished_retrans;
        }
      t = ts - fwd->nextseqtime;
      gint64 ooo_thres = a->conv->ts_first_rtt ? a->conv->ts_first_rtt : 3000000;
      if (seq_not_advanced && t < ooo_thres &&
          fwd->nextseq != seq + seglen + ((flags & (TH_SYN | TH_FIN)) ? 1 : 0))
        {
          ta_set (a, A_OUT_OF_ORDER);
          goto finished_retrans;
        }
      if (seq_not_advanced)
        {
          ta_set (a, A_RETRANSMISSION);
          x->rto = ts - fwd->nextseqtime;
          x->rto_frame = fwd->nextseqframe;
          /* the eldest unacknowledged segment is the likely original */
          if (fwd->segments->len)
            {
              Unacked *u = &g_array_index (fwd->segments, Unacked, 0);
              x->rto = ts - u->ts;
              x->rto_frame = u->frame;
            }
        }
    }
finished_retrans:;

  guint32 nextseq = seq + seglen;
  if ((seglen || (flags & (TH_SYN | TH_FIN))) && fwd->segments->len < MAX_UNACKED_SEGMENTS)
    {
      if (flags & (TH_SYN | TH_FIN))
        nextseq += 1;
      Unacked u = { number, seq, nextseq, ts };
      g_array_append_val (fwd->segments, u);
    }

  /* The highest sequence number seen so far (zero window probes don't advance it) */
  if (GT_SEQ (nextseq, fwd->nextseq) || !fwd->nextseq)
    {
      if (!(fr->ta_flags & A_ZERO_WINDOW_PROBE))
        {
          fwd->nextseq = nextseq;
          fwd->nextseqframe = number;
          fwd->nextseqtime = ts;
        }
    }
  /* The highest contiguous sequence number, for "ACKed unseen segment" */
  if (seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked)
    {
      if (!(fr->ta_flags & A_ZERO_WINDOW_PROBE))
        fwd->maxseqtobeacked = fwd->nextseq;
    }

  fwd->window = window;
  fwd->lastack = ack;
  fwd->lastacktime = ts;
  fwd->lastsegmentflags = fr->has_ta ? fr->ta_flags : 0;

  /* Forget what this acknowledges in the other direction (newest first, as Wireshark does) */
  for (guint i = rev->segments->len; i-- > 0;)
    {
      Unacked *u = &g_array_index (rev->segments, Unacked, i);
      if (ack == u->nextseq)
        {
          fr->has_ta = TRUE;
          fr->frame_acked = u->frame;
          fr->ack_rtt = ts - u->ts;
        }
      else if (GT_SEQ (ack, u->seq) && LE_SEQ (ack, u->nextseq))
        {
          u->seq = ack;
          continue;
        }
      else if (GT_SEQ (u->nextseq, ack))
        continue;
      g_array_remove_index (rev->segments, i);
    }

  /* Bytes in flight, from the unacknowledged segments of this direction */
  if (seglen != 0 && fwd->segments->len && fwd->valid_bif)
    {
      Unacked *u0 = &g_array_index (fwd->segments, Unacked, fwd->segments->len - 1);
      guint32 first_seq = u0->seq - fwd->base_seq, last_seq = u0->nextseq - fwd->base_seq;
      for (guint i = 0; i < fwd->segments->len; i++)
        {
          Unacked *u = &g_array_index (fwd->segments, Unacked, i);
          if (u->nextseq - fwd->base_seq > last_seq)
            last_seq = u->nextseq - fwd->base_seq;
          if (u->seq - fwd->base_seq < first_seq)
            first_seq = u->seq - fwd->base_seq;
        }
      guint32 in_flight = last_seq - first_seq;
      guint32 delivered = 0;
      for (int i = 0; i < rev->num_sack_ranges; i++)
        delivered += rev->sack_re[i + 1] - rev->sack_le[i + 1];
      in_flight -= delivered;
      if (in_flight > 0 && in_flight < 2000000000)
        {
          fr->has_ta = TRUE;
          fr->bytes_in_flight = in_flight - ((flags & (TH_SYN | TH_FIN)) ? 1 : 0);
        }
      if ((flags & TH_PUSH) && !fwd->push_set_last)
        {
          fwd->push_bytes_sent += seglen;
          fwd->push_set_last = TRUE;
        }
      else if (flags & TH_PUSH)
        fwd->push_bytes_sent = seglen;
      else if (fwd->push_set_last)
        {
          fwd->push_bytes_sent = seglen;
          fwd->push_set_last = FALSE;
        }
      else
        fwd->push_bytes_sent += seglen;
      fr->has_ta = TRUE;
      fr->push_bytes_sent = fwd->push_bytes_sent;
    }
}

/* Wireshark's verify_tcp_window_scaling, for SYN and SYN/ACK segments. */
static void
verify_window_scaling (gboolean is_synack, TcpFlow *fwd, TcpFlow *rev)
{
  if (fwd->win_scale == -1)
    {
      fwd->win_scale = -2;
      rev->win_scale = -2;
    }
  else if (is_synack && rev->win_scale == -2)
    fwd->win_scale = -2;
}

/* ---- Reassembly (first pass) ---- */

static Msp *
msp_lookup (TcpFlow *f, guint32 seq)
{
  return g_tree_lookup (f->msps, GUINT_TO_POINTER (seq));
}

/* The PDU starting at the highest sequence number <= seq (unsigned, as Wireshark's tree). */
static Msp *
msp_lookup_le (TcpFlow *f, guint32 seq)
{
  GTreeNode *n = g_tree_upper_bound (f->msps, GUINT_TO_POINTER (seq));
  n = n ? g_tree_node_previous (n) : g_tree_node_last (f->msps);
  return n ? g_tree_node_value (n) : NULL;
}

static Msp *
msp_new (TcpFlow *f, guint32 number, guint32 seq, guint32 nxtpdu)
{
  Msp *m = g_new0 (Msp, 1);
  m->seq = seq;
  m->nxtpdu = nxtpdu;
  m->first_frame = m->last_frame = number;
  m->frags = g_array_new (FALSE, FALSE, sizeof (Piece));
  g_tree_replace (f->msps, GUINT_TO_POINTER (seq), m);
  return m;
}

typedef enum { FRAG_INCOMPLETE, FRAG_COMPLETE, FRAG_ERROR } FragResult;

/* Wireshark's fragment_add for one PDU: adds len bytes at pdu_off; the PDU is complete when all
 * of [0, datalen) is there, datalen being known from the fragment without more_frags. */
static FragResult
msp_add (Msp *m, guint32 number, const Piece *piece, gboolean more_frags)
{
  if (m->frags->len && number <= m->max_frame)
    for (guint i = 0; i < m->frags->len; i++)
      {
        Piece *q = &g_array_index (m->frags, Piece, i);
        if (q->frame == number && q->pdu_off == piece->pdu_off)
          return m->defragmented ? FRAG_ERROR : FRAG_INCOMPLETE;
      }
  if (m->defragmented)
    {
      if (piece->pdu_off + piece->len > m->datalen && m->partial)
        {
          m->defragmented = m->partial = m->datalen_set = FALSE;
          m->datalen = 0;
          m->reassembled_in = 0;
        }
      else
        return FRAG_ERROR;
    }
  if (number > m->max_frame)
    m->max_frame = number;
  if (!more_frags && !m->datalen_set)
    {
      m->datalen = piece->pdu_off + piece->len;
      m->datalen_set = TRUE;
    }
  guint at = m->frags->len;
  for (guint i = 0; i < m->frags->len; i++)
    if (piece->pdu_off < g_array_index (m->frags, Piece, i).pdu_off)
      {
        at = i;
        break;
      }
  g_array_insert_val (m->frags, at, *piece);
  if (!m->datalen_set)
    return FRAG_INCOMPLETE;
  guint32 max = 0;
  for (guint i = 0; i < m->frags->len; i++)
    {
      Piece *q = &g_array_index (m->frags, Piece, i);
      if (q->pdu_off <= max && q->pdu_off + q->len > max)
        max = q->pdu_off + q->len;
    }
  if (max < m->datalen)
    return FRAG_INCOMPLETE;
  m->defragmented = TRUE;
  m->reassembled_in = number;
  return FRAG_COMPLETE;
}

/* An immutable snapshot of a finished PDU's pieces, for this frame's plan. */
static const Reasm *
msp_snapshot (TcpState *s, const Msp *m)
{
  Reasm *r = state_alloc (s, sizeof (Reasm) + sizeof (Piece) * m->frags->len);
  r->len = m->datalen;
  r->n_pieces = m->frags->len;
  memcpy (r->pieces, m->frags->data, sizeof (Piece) * m->frags->len);
  return r;
}

/* Rebuilds a reassembled buffer into the packet's arena. */
static guint8 *
reasm_build (WlPacket *p, const Reasm *r)
{
  guint8 *buf = wl_arena_alloc (p->arena, r->len ? r->len : 1);
  guint32 dfpos = 0;
  for (guint i = 0; i < r->n_pieces; i++)
    {
      const Piece *q = &r->pieces[i];
      const guint8 *src = q->copy;
      if (!src)
        {
          guint32 caplen = 0;
          const guint8 *fd = wl_session_frame_data (p->session, q->frame, &caplen);
          if (!fd || q->frame_off > caplen || q->len > caplen - q->frame_off)
            continue;
          src = fd + q->frame_off;
        }
      guint32 end = MIN (q->pdu_off + q->len, r->len);
      guint32 from = MAX (q->pdu_off, dfpos);
      if (end > from)
        {
          memcpy (buf + from, src + (from - q->pdu_off), end - from);
          dfpos = end;
        }
    }
  return buf;
}

/* ---- The dissection context of one segment ---- */

typedef struct {
  WlPacket *p;
  WlNode *parent, *top;
  const WlView *v;       /* the TCP header and payload */
  guint32 hlen;
  TcpState *state;       /* first pass only */
  TcpConv *conv;         /* first pass only */
  TcpFlow *fwd;          /* first pass only */
  TcpFrame *fr;
  GArray *ops;           /* first pass: the plan being made */
  guint16 sport, dport;
  gboolean proto_locked;
  const char *locked_proto;
} Ctx;

/* The source a reassembled piece points to: the frame's own bytes when possible. */
static Piece
piece_make (Ctx *c, const WlView *v, guint32 off, guint32 len, guint32 pdu_off)
{
  Piece q = { c->p->number, 0, len, pdu_off, NULL };
  if (v->source == 0)
    q.frame_off = v->base + off;
  else
    {
      guint8 *copy = state_alloc (c->state, len);
      memcpy (copy, v->data + off, len);
      q.copy = copy;
    }
  return q;
}

/* Tries the port table (server port, low port, high port), the "tcp" heuristics, then data:
 * Wireshark's decode_tcp_ports. Returns whether a dissector took the bytes. */
static gboolean
decode_ports (Ctx *c, const WlView *v)
{
  WlPacket *p = c->p;
  const TcpFrame *fr = c->fr;
  if (fr->ta_flags & A_KEEP_ALIVE)
    {
      wl_call_data (p, v, c->parent);
      return TRUE;
    }
  if (fr->ta_flags & (A_RETRANSMISSION | A_OUT_OF_ORDER))
    return FALSE;

  guint16 low = MIN (c->sport, c->dport), high = MAX (c->sport, c->dport);
  guint32 tries[3] = { fr->server_port, low, high };
  for (int i = 0; i < 3; i++)
    {
      if (tries[i] == 0)
        continue;
      WlDissector *d = wl_table_lookup (port_table, tries[i]);
      if (!d)
        continue;
      /* a dissector that declines leaves no trace, as with heuristics */
      guint n_layers = p->n_layers;
      WlNode *root_last = p->root_last, *all_last = p->all_last;
      WlNode *parent_last = c->parent ? c->parent->last_child : NULL;
      guint32 r = wl_dissector_call (d, p, v, c->parent, NULL);
      if (r > 0 || p->desegment_len)
        return TRUE;
      p->n_layers = n_layers;
      p->root_last = root_last;
      if (!root_last)
        p->root_first = NULL;
      else
        root_last->next = NULL;
      p->all_last = all_last;
      if (!all_last)
        p->all_first = NULL;
      else
        all_last->next_in_frame = NULL;
      if (c->parent)
        {
          c->parent->last_child = parent_last;
          if (parent_last)
            parent_last->next = NULL;
          else
            c->parent->first_child = NULL;
        }
    }
  gboolean found = FALSE;
  wl_heur_try ("tcp", p, v, c->parent, NULL, &found);
  if (found)
    return TRUE;
  wl_call_data (p, v, c->parent);
  return FALSE;
}

/* Moves node (the last child of parent, or the last root node) right after after. */
static void
move_after (WlPacket *p, WlNode *parent, WlNode *node, WlNode *after)
{
  if (!node || !after || node == after || !p->full)
    return;
  WlNode *first = parent ? parent->first_child : p->root_first;
  WlNode *prev = NULL;
  for (WlNode *n = first; n && n != node; n = n->next)
    prev = n;
  if (!prev || node->next)
    return; /* only the last node is moved */
  prev->next = NULL;
  if (parent)
    parent->last_child = prev;
  else
    p->root_last = prev;
  node->next = after->next;
  after->next = node;
  if (!node->next)
    {
      if (parent)
        parent->last_child = node;
      else
        p->root_last = node;
    }
}

/* Wireshark's show_fragment_tree for a reassembled TCP PDU. */
static void
add_fragment_tree (Ctx *c, const Reasm *r, const WlView *rv)
{
  WlPacket *p = c->p;
  if (!wl_wants (p, hf_segments) && !wl_wants (p, hf_segment) && !wl_wants (p, hf_segment_count) &&
      !wl_wants (p, hf_reassembled_length) && !wl_wants (p, hf_reassembled_data))
    return;
  WlNode *st = wl_add_none (p, c->parent, hf_segments, rv, 0, 0);
  wl_node_set_generated (st);
  if (st && p->full)
    {
      GString *s = g_string_new (NULL);
      g_string_append_printf (s, "%u Reassembled TCP Segments (%u bytes): ", r->n_pieces, r->len);
      for (guint i = 0; i < r->n_pieces; i++)
        g_string_append_printf (s, "%s#%u(%u)", i ? ", " : "", r->pieces[i].frame, r->pieces[i].len);
      wl_node_set_label (p, st, "%s", s->str);
      g_string_free (s, TRUE);
    }
  for (guint i = 0; i < r->n_pieces; i++)
    {
      const Piece *q = &r->pieces[i];
      WlNode *n = wl_add_uint (p, st, hf_segment, rv, q->pdu_off, q->len, q->frame);
      wl_node_set_generated (n);
      wl_node_set_label (p, n, "Frame: %u, payload: %u-%u (%u byte%s)", q->frame, q->pdu_off,
                         q->pdu_off + q->len - 1, q->len, q->len == 1 ? "" : "s");
    }
  add_generated_uint (p, st, hf_segment_count, rv, r->n_pieces);
  add_generated_uint (p, st, hf_reassembled_length, rv, r->len);
  WlNode *d = wl_add_bytes_value (p, st, hf_reassembled_data, rv, 0, rv->len, rv->data, rv->len);
  wl_node_set_generated (d);
  if (!c->parent)
    move_after (p, NULL, st, c->top);
}

typedef struct {
  guint32 desegment_offset, desegment_len;
  gboolean called;
} CallResult;

/* Carries out one step of the plan, on the first pass as it is made and on revisits. */
static CallResult
op_exec (Ctx *c, const Op *op)
{
  WlPacket *p = c->p;
  CallResult res = { 0, 0, FALSE };
  WlView payload = wl_view_sub (c->v, c->hlen, G_MAXUINT32);
  switch ((OpKind) op->kind)
    {
    case OP_CALL:
    case OP_CALL_REASM:
      {
        WlView v;
        guint n_sources = p->n_sources;
        if (op->kind == OP_CALL_REASM)
          {
            guint8 *buf = reasm_build (p, op->reasm);
            v = wl_packet_add_source (p, buf, op->reasm->len, "Reassembled TCP");
          }
        else
          v = wl_view_sub (&payload, op->offset, G_MAXUINT32);
        const char *saved_proto = p->col_protocol;
        gboolean saved_payload = p->is_tcp_payload;
        p->desegment_offset = 0;
        p->desegment_len = 0;
        p->can_desegment = (op->flags & 1) != 0;
        p->stream = c->fr->conv->stream;
        p->is_tcp_payload = TRUE;
        decode_ports (c, &v);
        p->is_tcp_payload = saved_payload;
        p->can_desegment = FALSE;
        if (c->proto_locked)
          p->col_protocol = saved_proto;
        res.desegment_offset = p->desegment_offset;
        res.desegment_len = p->desegment_len;
        res.called = TRUE;
        p->desegment_offset = 0;
        p->desegment_len = 0;
        if (op->flags & 2)
          p->n_sources = n_sources;
        break;
      }
    case OP_SEGMENT:
      {
        guint32 avail = MIN (op->len, wl_view_remaining (&payload, op->offset));
        WlNode *n = wl_add_bytes_value (p, c->top, hf_segment_data, &payload, op->offset, avail,
                                        avail ? payload.data + op->offset : NULL, avail);
        wl_node_set_label (p, n, "%sTCP segment data (%u byte%s)", (op->flags & 1) ? "Retransmitted " : "",
                           op->len, op->len == 1 ? "" : "s");
        break;
      }
    case OP_SEGMENT_INFO:
      if (!wl_cols (p))
        break;
      if ((op->flags & 1) && !c->proto_locked)
        wl_col_set_protocol (p, "TCP");
      if (op->flags & 2)
        wl_col_append_sep_info (p, " ", "%s", "[TCP segment of a reassembled PDU]");
      break;
    case OP_FENCE:
      wl_col_set_fence (p);
      if (!c->proto_locked)
        {
          c->proto_locked = TRUE;
          c->locked_proto = p->col_protocol;
        }
      break;
    case OP_FRAGTREE:
      {
        guint8 *buf = reasm_build (p, op->reasm);
        WlView rv = { buf, op->reasm->len, op->reasm->len, 0, 0 };
        for (guint i = 0; i < p->n_sources; i++)
          if (p->sources[i].len == op->reasm->len &&
              memcmp (p->sources[i].data, buf, op->reasm->len) == 0)
            {
              rv.data = p->sources[i].data;
              rv.source = (guint8) (i + 1);
            }
        add_fragment_tree (c, op->reasm, &rv);
        break;
      }
    case OP_REASM_ERROR:
      {
        /* Wireshark throws here: the rest of the segment is not dissected */
        const char *msg = op->flags ? "New fragment overlaps old data (retransmission?)"
                                    : "Frame already added in first pass";
        if (wl_cols (p))
          wl_col_append_info (p, "[Reassembly error, protocol TCP: %s]", msg);
        WlNode *m = wl_hf_malformed >= 0 ? add_pino (p, NULL, wl_hf_malformed, &payload, 0, 0) : NULL;
        wl_node_set_generated (m);
        wl_node_set_label (p, m, "Reassembly error, protocol TCP: %s", msg);
        add_expert (p, m, ei_reassembly_error, &payload, 0, 0, "Error", "Malformed", "%s", msg);
        break;
      }
    }
  return res;
}

/* First pass: records a step of the plan and carries it out. */
static CallResult
emit (Ctx *c, OpKind kind, guint8 flags, guint32 offset, guint32 len, const Reasm *reasm)
{
  Op op = { (guint8) kind, flags, offset, len, reasm };
  g_array_append_val (c->ops, op);
  return op_exec (c, &op);
}

/* Wireshark's desegment_tcp (in-order reassembly, as tshark 4.0 does by default), first pass.
 * offset is into the payload; seq/nxtseq are relative. */
static void
desegment (Ctx *c, guint32 offset, guint32 seq, guint32 nxtseq)
{
  WlPacket *p = c->p;
  TcpFlow *fwd = c->fwd;
  const TcpFrame *fr = c->fr;
  WlView payload = wl_view_sub (c->v, c->hlen, G_MAXUINT32);
  gboolean first_pdu = TRUE;

again:;
  Msp *msp = NULL;
  gboolean complete = FALSE, called = FALSE, must_desegment = FALSE;
  guint32 last_fragment_len = 0, another_pdu_follows = 0;
  guint32 deseg_offset = offset;
  CallResult res = { 0, 0, FALSE };

  /* The start of a PDU seen before: this frame's own (already handled) or a retransmission */
  msp = msp_lookup (fwd, seq);
  if (msp && nxtseq <= msp->nxtpdu && msp->last_frame != p->number)
    {
      gboolean retrans = msp->first_frame != p->number;
      if (!retrans && first_pdu)
        emit (c, OP_SEGMENT_INFO, 2, 0, 0, NULL);
      emit (c, OP_SEGMENT, retrans ? 1 : 0, offset, wl_view_reported_remaining (&payload, offset), NULL);
      return;
    }
  if (fr->has_ta)
    {
      if (fr->ta_flags & A_SPURIOUS_RETRANSMISSION)
        return;
      if (fr->ta_flags & A_RETRANSMISSION)
        {
          emit (c, OP_SEGMENT, 1, offset, wl_view_reported_remaining (&payload, offset), NULL);
          return;
        }
    }
  if (!msp)
    msp = msp_lookup_le (fwd, seq - 1);

  if (msp && LE_SEQ (msp->seq, seq) && GT_SEQ (msp->nxtpdu, seq))
    {
      msp->last_frame = p->number;
      guint32 len;
      if (msp->flags & MSP_ENTIRE_SEGMENT)
        len = wl_view_remaining (&payload, offset);
      else
        len = MIN (nxtseq - seq, msp->nxtpdu - seq);
      last_fragment_len = len;
      Piece q = piece_make (c, &payload, offset, len, seq - msp->seq);
      FragResult fres = msp_add (msp, p->number, &q, LT_SEQ (nxtseq, msp->nxtpdu));
      if (fres == FRAG_ERROR)
        {
          emit (c, OP_REASM_ERROR, 1, 0, 0, NULL);
          return;
        }
      complete = fres == FRAG_COMPLETE;
      if (msp->flags & MSP_ENTIRE_SEGMENT)
        {
          msp->flags &= ~MSP_ENTIRE_SEGMENT;
          if (LT_SEQ (msp->nxtpdu, nxtseq))
            msp->nxtpdu = nxtseq;
        }
      if (msp->nxtpdu < nxtseq && msp->nxtpdu >= seq && len > 0)
        another_pdu_follows = msp->nxtpdu - seq;
    }
  else
    {
      res = emit (c, OP_CALL, 1, offset, 0, NULL);
      called = TRUE;
      if (res.desegment_len)
        {
          must_desegment = TRUE;
          deseg_offset = offset + res.desegment_offset;
        }
    }

  if (complete && msp->reassembled_in == p->number)
    {
      const Reasm *r = msp_snapshot (c->state, msp);
      Op *call;
      res = emit (c, OP_CALL_REASM, 1, 0, 0, r);
      call = &g_array_index (c->ops, Op, c->ops->len - 1);
      called = TRUE;
      if (res.desegment_len)
        {
          if (res.desegment_offset == 0)
            {
              call->flags |= 2; /* the reassembled buffer is not shown */
              p->n_sources--;
              msp->partial = TRUE;
            }
          else if (LE_SEQ (msp->seq + res.desegment_offset, seq))
            msp->partial = TRUE;
          else
            {
              /* The subdissector used part of this segment: the rest starts a new PDU. */
              guint32 split = res.desegment_offset;
              Msp *nm = msp_new (fwd, p->number, msp->seq + split, msp->nxtpdu);
              guint32 first_frame = 0;
              for (guint i = 0; i < msp->frags->len; i++)
                {
                  Piece *q = &g_array_index (msp->frags, Piece, i);
                  if (q->pdu_off + q->len > split)
                    {
                      Piece nq = *q;
                      guint32 cut = q->pdu_off < split ? split - q->pdu_off : 0;
                      nq.frame_off += cut;
                      if (nq.copy)
                        nq.copy += cut;
                      nq.len -= cut;
                      nq.pdu_off = q->pdu_off + cut - split;
                      if (!first_frame || q->frame < first_frame)
                        first_frame = q->frame;
                      g_array_append_val (nm->frags, nq);
                      if (nq.frame > nm->max_frame)
                        nm->max_frame = nq.frame;
                    }
                }
              if (first_frame)
                nm->first_frame = first_frame;
              /* the first PDU ends at the split */
              guint32 keep = 0;
              for (guint i = 0; i < msp->frags->len; i++)
                {
                  Piece *q = &g_array_index (msp->frags, Piece, i);
                  if (q->pdu_off < split)
                    {
                      if (q->pdu_off + q->len > split)
                        q->len = split - q->pdu_off;
                      g_array_index (msp->frags, Piece, keep++) = *q;
                    }
                }
              g_array_set_size (msp->frags, keep);
              msp->datalen = split;
              msp->nxtpdu = msp->seq + split;
              emit (c, OP_FRAGTREE, 0, 0, 0, msp_snapshot (c->state, msp));
              msp = nm;
            }
          if (res.desegment_len == WL_DESEGMENT_ONE_MORE_SEGMENT)
            {
              msp->nxtpdu = MAX (seq + wl_view_reported_remaining (&payload, offset), msp->nxtpdu) + 1;
              msp->flags |= MSP_ENTIRE_SEGMENT;
            }
          else if (res.desegment_len == WL_DESEGMENT_UNTIL_FIN)
            {
              fwd->until_fin = TRUE;
              msp->nxtpdu = msp->seq + 0x40000000;
            }
          else if (seq + last_fragment_len >= msp->nxtpdu)
            msp->nxtpdu = seq + last_fragment_len + res.desegment_len;
          else
            msp->nxtpdu += res.desegment_len;
          another_pdu_follows = 0;
          offset += last_fragment_len;
          seq += last_fragment_len;
          if (wl_view_remaining (&payload, offset) > 0)
            goto again;
        }
      else
        {
          guint32 nbytes = another_pdu_follows ? another_pdu_follows : wl_view_reported_remaining (&payload, offset);
          emit (c, OP_SEGMENT, 0, offset, nbytes, NULL);
          emit (c, OP_FRAGTREE, 0, 0, 0, r);
        }
    }

  if (must_desegment)
    {
      guint32 deseg_seq = seq + (deseg_offset - offset);
      if (res.desegment_len == WL_DESEGMENT_UNTIL_FIN)
        fwd->until_fin = TRUE;
      if (nxtseq - deseg_seq <= 1024 * 1024)
        {
          Msp *m;
          if (res.desegment_len == WL_DESEGMENT_ONE_MORE_SEGMENT)
            {
              m = msp_new (fwd, p->number, deseg_seq, nxtseq + 1);
              m->flags |= MSP_ENTIRE_SEGMENT;
            }
          else if (res.desegment_len == WL_DESEGMENT_UNTIL_FIN)
            m = msp_new (fwd, p->number, deseg_seq, nxtseq + 0x40000000);
          else
            m = msp_new (fwd, p->number, deseg_seq, nxtseq + res.desegment_len);
          Piece q = piece_make (c, &payload, deseg_offset, nxtseq - deseg_seq, 0);
          msp_add (m, p->number, &q, LT_SEQ (nxtseq, m->nxtpdu));
        }
    }

  if (!called || res.desegment_len != 0)
    {
      guint8 f = 0;
      if (res.desegment_offset == 0)
        f = 1 | (first_pdu ? 2 : 0);
      if (f)
        emit (c, OP_SEGMENT_INFO, f, 0, 0, NULL);
      guint32 nbytes = another_pdu_follows ? another_pdu_follows : wl_view_reported_remaining (&payload, deseg_offset);
      emit (c, OP_SEGMENT, 0, deseg_offset, nbytes, NULL);
    }

  if (another_pdu_follows)
    {
      emit (c, OP_FENCE, 0, 0, 0, NULL);
      first_pdu = FALSE;
      offset += another_pdu_follows;
      seq += another_pdu_follows;
      goto again;
    }
}

/* ---- Options ---- */

static const WlValueString option_kind_vals[] = {
  { 0, "End of Option List" }, { 1, "No-Operation" }, { 2, "Maximum Segment Size" },
  { 3, "Window Scale" }, { 4, "SACK Permitted" }, { 5, "SACK" }, { 6, "Echo" },
  { 7, "Echo Reply" }, { 8, "Time Stamp Option" }, { 9, "Partial Order Connection Permitted" },
  { 10, "Partial Order Service Profile" }, { 11, "CC" }, { 12, "CC.NEW" }, { 13, "CC.ECHO" },
  { 14, "TCP Alternate Checksum Request" }, { 15, "TCP Alternate Checksum Data" },
  { 16, "Skeeter" }, { 17, "Bubba" }, { 18, "Trailer Checksum Option" },
  { 19, "MD5 Signature Option" }, { 20, "SCPS Capabilities" },
  { 21, "Selective Negative Acknowledgements" }, { 22, "Record Boundaries" },
  { 23, "Corruption experienced" }, { 24, "SNAP" }, { 25, "Unassigned" },
  { 26, "TCP Compression Filter" }, { 27, "Quick-Start Response" }, { 28, "User Timeout Option" },
  { 29, "The TCP Authentication Option" }, { 30, "Multipath TCP" },
  { 34, "TCP Fast Open Cookie" }, { 76, "Riverbed Probe" }, { 78, "Riverbed Transparency" },
  { 172, "Accurate ECN Order 0" }, { 174, "Accurate ECN Order 1" },
  { 253, "RFC3692-style Experiment 1" }, { 254, "RFC3692-style Experiment 2" },
  { 0, NULL }
};

static const WlValueString mptcp_subtype_vals[] = {
  { 0, "Multipath Capable" }, { 1, "Join Connection" }, { 2, "Data Sequence Signal" },
  { 3, "Add Address" }, { 4, "Remove Address" }, { 5, "Change Subflow Priority" },
  { 6, "TCP Fallback" }, { 7, "Fast Close" }, { 8, "TCP Reset" }, { 0, NULL }
};

static const WlValueString mptcp_rst_reason_vals[] = {
  { 0, "Unspecified error" }, { 1, "MPTCP-specific error" }, { 2, "Lack of resources" },
  { 3, "Administratively prohibited" }, { 4, "Too much outstanding data" },
  { 5, "Unacceptable performance" }, { 6, "Middlebox interference" }, { 0, NULL }
};

/* The Info text TCP builds for a segment, gathered here and appended to the column at once
 * (printf per item costs more than the rest of the dissection). */
typedef struct {
  gboolean on;
  guint n;
  char s[480];
} InfoBuf;

static void
ib_flush (WlPacket *p, InfoBuf *b)
{
  if (b->on && b->n)
    g_string_append_len (p->col_info, b->s, b->n);
  b->n = 0;
}

static void
ib_str (WlPacket *p, InfoBuf *b, const char *str)
{
  if (!b->on)
    return;
  gsize l = strlen (str);
  if (b->n + l >= sizeof b->s)
    {
      ib_flush (p, b);
      if (l >= sizeof b->s)
        {
          g_string_append (p->col_info, str);
          return;
        }
    }
  memcpy (b->s + b->n, str, l);
  b->n += (guint) l;
}

static void
ib_num (WlPacket *p, InfoBuf *b, guint32 v)
{
  char d[12];
  int i = sizeof d - 1;
  d[i] = 0;
  do
    d[--i] = (char) ('0' + v % 10);
  while ((v /= 10) && i > 0);
  ib_str (p, b, d + i);
}

/* " name=value", Wireshark's tcp_info_append_uint */
static void
ib_uint (WlPacket *p, InfoBuf *b, const char *name, guint32 v)
{
  if (!b->on)
    return;
  ib_str (p, b, " ");
  ib_str (p, b, name);
  ib_str (p, b, "=");
  ib_num (p, b, v);
}

/* What the options of one segment tell the first pass. */
typedef struct {
  gboolean first_pass;
  TcpFlow *fwd, *rev;
  TcpConv *conv;
  TcpState *state;
  guint16 flags;
  guint32 seglen;
  gboolean has_seglen;
  guint32 ack_base;        /* relative SACK edges */
  guint32 th_ack;          /* relative ack, for D-SACK */
  GString *summary;        /* ", Maximum segment size, ..." for the Options label */
  InfoBuf *ib;
  gboolean mptcp, mptcp_capable, mptcp_other;
} OptCtx;

static void
opt_kind_len (WlPacket *p, WlNode *n, const WlView *ov, gboolean has_len)
{
  wl_add_item (p, n, hf_option_kind, ov, 0, 1, WL_ENC_BIG);
  if (has_len)
    wl_add_item (p, n, hf_option_len, ov, 1, 1, WL_ENC_BIG);
}

/* The token and initial data sequence number an MPTCP key stands for (RFC 8684 3.1): the
 * first 32 and the last 64 bits of its SHA-256 (version 1) or SHA-1 (version 0) hash. */
static void
mptcp_key_hash (guint64 key, gboolean sha256, guint32 *token, guint64 *idsn)
{
  guint8 be[8], digest[32];
  gsize dlen = sizeof digest;
  for (int i = 0; i < 8; i++)
    be[i] = (guint8) (key >> (56 - 8 * i));
  GChecksum *ck = g_checksum_new (sha256 ? G_CHECKSUM_SHA256 : G_CHECKSUM_SHA1);
  g_checksum_update (ck, be, 8);
  g_checksum_get_digest (ck, digest, &dlen);
  g_checksum_free (ck);
  *token = ((guint32) digest[0] << 24) | ((guint32) digest[1] << 16) | ((guint32) digest[2] << 8) | digest[3];
  *idsn = 0;
  for (gsize i = dlen - 8; i < dlen; i++)
    *idsn = (*idsn << 8) | digest[i];
}

static void
add_mptcp_key (WlPacket *p, WlNode *n, const WlView *ov, guint32 off, int hf, gboolean sha256, gboolean derived)
{
  wl_add_item (p, n, hf, ov, off, 8, WL_ENC_BIG);
  if (!derived || !(wl_wants (p, hf_mp_expected_token) || wl_wants (p, hf_mp_expected_idsn)))
    return;
  guint32 token;
  guint64 idsn;
  mptcp_key_hash (wl_view_ntoh64 (ov, off), sha256, &token, &idsn);
  add_generated_uint (p, n, hf_mp_expected_token, ov, token);
  WlNode *e = add_generated_uint (p, n, hf_mp_expected_idsn, ov, idsn);
  wl_node_set_label (p, e, "Subflow expected IDSN: %" G_GUINT64_FORMAT " (64bits version)", idsn);
}

static void
dissect_mptcp_option (WlPacket *p, WlNode *opts, const WlView *ov, guint32 optlen, OptCtx *oc)
{
  guint8 subtype = wl_view_u8 (ov, 2) >> 4;
  WlNode *n = wl_add_proto (p, opts, proto_mptcp, ov, 0, optlen);
  const char *sname = wl_value_string (mptcp_subtype_vals, subtype);
  wl_node_set_label (p, n, "Multipath Transmission Control Protocol: %s", sname ? sname : "Unknown");
  opt_kind_len (p, n, ov, TRUE);
  wl_col_set_protocol (p, "MPTCP");
  oc->mptcp = TRUE;
  wl_add_item (p, n, hf_mp_subtype, ov, 2, 1, WL_ENC_BIG);
  switch (subtype)
    {
    case 0: /* MP_CAPABLE */
      {
        guint8 version = wl_view_u8 (ov, 2) & 0x0f;
        wl_add_item (p, n, hf_mp_version, ov, 2, 1, WL_ENC_BIG);
        WlNode *fl = wl_add_item (p, n, hf_mp_flags, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_checksum_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_ext_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_nomore_flag, ov, 3, 1, WL_ENC_BIG);
        wl_add_item (p, fl, version ? hf_mp_sha256_flag : hf_mp_sha1_flag, ov, 3, 1, WL_ENC_BIG);
        WlNode *r = wl_add_item (p, fl, hf_mp_reserved_flag, ov, 3, 1, WL_ENC_BIG);
        wl_node_set_label (p, r, "...%u %u%u%u. = Reserved: 0x%x", (wl_view_u8 (ov, 3) >> 4) & 1,
                           (wl_view_u8 (ov, 3) >> 3) & 1, (wl_view_u8 (ov, 3) >> 2) & 1,
                           (wl_view_u8 (ov, 3) >> 1) & 1, (wl_view_u8 (ov, 3) & 0x1e) >> 1);
        if (optlen >= 12)
          {
            add_mptcp_key (p, n, ov, 4, hf_mp_sendkey, version != 0, (oc->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) || optlen >= 20);
            oc->mptcp_capable = TRUE;
          }
        if (optlen >= 20)
          add_mptcp_key (p, n, ov, 12, hf_mp_recvkey, version != 0, FALSE);
        if (optlen >= 22)
          wl_add_item (p, n, hf_mp_datalvllen, ov, 20, 2, WL_ENC_BIG);
        break;
      }
    case 8: /* MP_TCPRST */
      {
        guint8 fb = wl_view_u8 (ov, 2);
        WlNode *fl = wl_add_item (p, n, hf_mp_flags, ov, 2, 1, WL_ENC_BIG);
        if (fb & 0x8)
          wl_node_append_label (p, fl, ", Flag U");
        if (fb & 0x4)
          wl_node_append_label (p, fl, ", Flag V");
        if (fb & 0x2)
          wl_node_append_label (p, fl, ", Flag W");
        if (fb & 0x1)
          wl_node_append_label (p, fl, ", Transient");
        wl_add_item (p, fl, hf_mp_flag_u, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_v, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_w, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, fl, hf_mp_flag_t, ov, 2, 1, WL_ENC_BIG);
        wl_add_item (p, n, hf_mp_rst_reason, ov, 3, 1, WL_ENC_BIG);
        oc->mptcp_other = TRUE;
        break;
      }
    case 3: /* ADD_ADDR */
    case 4: /* REMOVE_ADDR */
      wl_add_item (p, n, hf_mp_addrid, ov, 3, 1, WL_ENC_BIG);
      oc->mptcp_other = TRUE;
      break;
    default:
      oc->mptcp_other = TRUE;
      break;
    }
}

/* Wireshark's tcp_dissect_options: the option nodes, their Info texts, and (first pass) the
 * window scale and SACK blocks the analysis keeps. Returns FALSE when an option was cut by the
 * capture: tshark's dissection of the segment stops there (its exception). */
static gboolean
dissect_options (WlPacket *p, WlNode *opts, const WlView *v, guint32 off, guint32 length, OptCtx *oc)
{
  gboolean eol_seen = FALSE, mss_seen = FALSE;
  guint nop_count = 0;
  while (length > 0)
    {
      if (!wl_view_has (v, off, 1))
        {
          p->is_truncated = TRUE;
          return FALSE;
        }
      guint8 kind = wl_view_u8 (v, off);
      if (eol_seen && kind != 0)
        {
          WlNode *pad = wl_add_text (p, opts, v, off, length, "Non-zero header padding");
          add_expert (p, pad, ei_nonzero_pad, v, off, length, "Error", "Protocol", "Non-zero header padding");
          if (!wl_view_has (v, off, length))
            {
              p->is_truncated = TRUE;
              return FALSE;
            }
          return TRUE;
        }
      length--;
      if (kind == 1)
        {
          /* four NOPs in a row, counted as Wireshark does (alignment-aware) */
          if (nop_count == 0 || off % 4)
            {
              if (++nop_count == 4)
                add_expert (p, opts, ei_nop, v, off, 1, "Warning", "Protocol",
                            "4 NOP in a row - a router may have removed some options");
            }
          else
            nop_count = 0;
        }
      if (kind == 0 || kind == 1)
        {
          WlView ov = wl_view_sub (v, off, 1);
          WlNode *n = add_pino (p, opts, kind == 0 ? proto_opt_eol : proto_opt_nop, &ov, 0, 1);
          opt_kind_len (p, n, &ov, FALSE);
          g_string_append (oc->summary, kind == 0 ? ", End of Option List (EOL)" : ", No-Operation (NOP)");
          off++;
          if (kind == 0)
            eol_seen = TRUE;
          continue;
        }
      if (length == 0)
        return TRUE; /* length byte past end of options */
      if (!wl_view_has (v, off + 1, 1))
        {
          p->is_truncated = TRUE;
          return FALSE;
        }
      guint8 optlen = wl_view_u8 (v, off + 1);
      length--;
      if (optlen < 2 || (guint32) (optlen - 2) > length)
        return TRUE;
      WlView ov = wl_view_sub (v, off, optlen);
      if (!wl_view_has (v, off, optlen))
        {
          /* the option's node, kind and length, then the read past the capture */
          int proto = kind == 2 ? proto_opt_mss : kind == 3 ? proto_opt_wscale : kind == 4 ? proto_opt_sack_perm
                    : kind == 5 ? proto_opt_sack : kind == 8 ? proto_opt_ts : kind == 30 ? proto_mptcp
                    : kind == 34 ? proto_opt_tfo : proto_opt_unknown;
          WlNode *n = kind == 30 ? wl_add_proto (p, opts, proto, &ov, 0, G_MAXUINT32)
                                 : add_pino (p, opts, proto, &ov, 0, G_MAXUINT32);
          opt_kind_len (p, n, &ov, TRUE);
          p->is_truncated = TRUE;
          return FALSE;
        }
      const char *name = NULL;
      WlNode *n = NULL;
      switch (kind)
        {
        case 2: /* MSS */
          {
            mss_seen = TRUE;
            name = "Maximum segment size";
            n = add_pino (p, opts, proto_opt_mss, &ov, 0, optlen);
            if (!(oc->flags & TH_SYN))
              add_expert (p, n, ei_mss_present, &ov, 0, optlen, "Warning", "Protocol",
                          "The non-SYN packet does contain a MSS option");
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 4)
              break;
            guint16 mss = wl_view_ntohs (&ov, 2);
            wl_add_item (p, n, hf_mss_val, &ov, 2, 2, WL_ENC_BIG);
            wl_node_set_label (p, n, "TCP Option - Maximum segment size: %u bytes", mss);
            ib_uint (p, oc->ib, "MSS", mss);
            break;
          }
        case 3: /* window scale */
          {
            name = "Window scale";
            n = add_pino (p, opts, proto_opt_wscale, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 3)
              break;
            guint8 val = wl_view_u8 (&ov, 2);
            guint shift = MIN (val, 14);
            wl_add_item (p, n, hf_wscale_shift, &ov, 2, 1, WL_ENC_BIG);
            add_generated_uint (p, n, hf_wscale_mult, &ov, 1u << shift);
            wl_node_set_label (p, n, "TCP Option - Window scale: %u (multiply by %u)", val, 1u << shift);
            ib_uint (p, oc->ib, "WS", 1u << shift);
            if (oc->first_pass && oc->fwd)
              oc->fwd->win_scale = (int) shift;
            break;
          }
        case 4: /* SACK permitted */
          name = "SACK permitted";
          n = add_pino (p, opts, proto_opt_sack_perm, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          ib_str (p, oc->ib, " SACK_PERM");
          break;
        case 5: /* SACK */
          {
            name = "SACK";
            n = add_pino (p, opts, proto_opt_sack, &ov, 0, optlen);
            if (oc->first_pass && oc->fwd)
              oc->fwd->num_sack_ranges = 0;
            opt_kind_len (p, n, &ov, TRUE);
            GString *lab = p->full ? g_string_new ("TCP Option - SACK") : NULL;
            guint32 o = 2, rem = optlen - 2, count = 0;
            guint32 le0 = 0, re0 = 0, le1 = 0, re1 = 0;
            while (rem >= 8)
              {
                guint32 le = wl_view_ntohl (&ov, o) - oc->ack_base;
                guint32 re = wl_view_ntohl (&ov, o + 4) - oc->ack_base;
                WlNode *e = wl_add_uint (p, n, hf_sack_le, &ov, o, 4, le);
                wl_node_set_label (p, e, "left edge = %u (relative)", le);
                e = wl_add_uint (p, n, hf_sack_re, &ov, o + 4, 4, re);
                wl_node_set_label (p, e, "right edge = %u (relative)", re);
                ib_uint (p, oc->ib, "SLE", le);
                ib_uint (p, oc->ib, "SRE", re);
                count++;
                if (count == 1)
                  le0 = le, re0 = re;
                else if (count == 2)
                  le1 = le, re1 = re;
                if (oc->first_pass && oc->fwd && count < MAX_SACK_RANGES)
                  {
                    oc->fwd->num_sack_ranges = (int) count;
                    oc->fwd->sack_le[count] = le;
                    oc->fwd->sack_re[count] = re;
                  }
                if (lab)
                  g_string_append_printf (lab, " %u-%u", le, re);
                o += 8;
                rem -= 8;
              }
            add_generated_uint (p, n, hf_sack_count, &ov, count);
            if (lab)
              {
                wl_node_set_label (p, n, "%s", lab->str);
                g_string_free (lab, TRUE);
              }
            /* D-SACK (RFC 2883): the first block is already acknowledged or inside the second */
            if (count > 0 && (LE_SEQ (re0, oc->th_ack) || (count > 1 && LT_SEQ (le1, re0) && GE_SEQ (re1, re0))))
              {
                WlNode *e = wl_add_uint (p, n, hf_dsack_le, &ov, 2, 4, le0);
                wl_node_set_generated (e);
                wl_node_set_label (p, e, "D-SACK Left Edge = %u (relative)", le0);
                e = wl_add_uint (p, n, hf_dsack_re, &ov, 6, 4, re0);
                wl_node_set_generated (e);
                wl_node_set_label (p, e, "D-SACK Right Edge = %u (relative)", re0);
                WlNode *ds = wl_add_text (p, n, &ov, 2, 8, "D-SACK Sequence");
                add_expert (p, ds, ei_dsack, &ov, 2, 8, "Warning", "Sequence", "D-SACK Sequence");
              }
            break;
          }
        case 6: /* echo */
        case 7:
          name = kind == 6 ? "Echo" : "Echo reply";
          n = add_pino (p, opts, kind == 6 ? proto_opt_echo : proto_opt_echoreply, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 6)
            {
              wl_add_item (p, n, hf_echo, &ov, 2, 4, WL_ENC_BIG);
              wl_node_append_label (p, n, ": %u", wl_view_ntohl (&ov, 2));
              ib_uint (p, oc->ib, kind == 6 ? "ECHO" : "ECHOREPLY", wl_view_ntohl (&ov, 2));
            }
          break;
        case 8: /* timestamps */
          {
            name = "Timestamps";
            n = add_pino (p, opts, proto_opt_ts, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen != 10)
              break;
            guint32 tsval = wl_view_ntohl (&ov, 2), tsecr = wl_view_ntohl (&ov, 6);
            wl_add_item (p, n, hf_tsval, &ov, 2, 4, WL_ENC_BIG);
            wl_add_item (p, n, hf_tsecr, &ov, 6, 4, WL_ENC_BIG);
            wl_node_set_label (p, n, "TCP Option - Timestamps: TSval %u, TSecr %u", tsval, tsecr);
            ib_uint (p, oc->ib, "TSval", tsval);
            ib_uint (p, oc->ib, "TSecr", tsecr);
            break;
          }
        case 19: /* MD5 */
          name = "TCP MD5 signature";
          n = add_pino (p, opts, proto_opt_md5, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 18)
            wl_add_item (p, n, hf_md5_digest, &ov, 2, 16, WL_ENC_BIG);
          break;
        case 28: /* user timeout */
          name = "User Timeout";
          n = add_pino (p, opts, proto_opt_user_to, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 4)
            {
              wl_add_item (p, n, hf_user_to_gran, &ov, 2, 2, WL_ENC_BIG);
              wl_add_item (p, n, hf_user_to_val, &ov, 2, 2, WL_ENC_BIG);
            }
          break;
        case 30: /* MPTCP */
          name = "MPTCP";
          dissect_mptcp_option (p, opts, &ov, optlen, oc);
          break;
        case 34: /* TCP Fast Open */
          name = "TCP Fast Open";
          n = add_pino (p, opts, proto_opt_tfo, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen == 2)
            {
              wl_add_none (p, n, hf_tfo_request, &ov, 0, 2);
              ib_str (p, oc->ib, " TFO=R");
            }
          else if (optlen > 2)
            {
              WlNode *ck = wl_add_item (p, n, hf_tfo_cookie, &ov, 2, optlen - 2u, WL_ENC_BIG);
              ib_str (p, oc->ib, " TFO=C");
              if ((oc->flags & (TH_SYN | TH_ACK)) == TH_SYN)
                add_expert (p, ck, ei_tfo_syn, &ov, 2, optlen - 2u, "Note", "Sequence",
                            "TCP SYN with TFO Cookie");
            }
          break;
        case 253: /* experimental */
        case 254:
          {
            name = "RFC3692-style Experiment";
            n = add_pino (p, opts, proto_opt_exp, &ov, 0, optlen);
            opt_kind_len (p, n, &ov, TRUE);
            if (optlen >= 4)
              {
                guint16 exid = wl_view_ntohs (&ov, 2);
                wl_add_item (p, n, hf_exp_exid, &ov, 2, 2, WL_ENC_BIG);
                if (exid == 0xf989)
                  {
                    name = "TCP Fast Open";
                    if (optlen == 4)
                      ib_str (p, oc->ib, " TFO=R");
                    else if (optlen > 4)
                      {
                        wl_add_item (p, n, hf_tfo_cookie, &ov, 4, optlen - 4u, WL_ENC_BIG);
                        ib_str (p, oc->ib, " TFO=C");
                      }
                  }
                else
                  {
                    if (optlen > 4)
                      wl_add_item (p, n, hf_exp_data, &ov, 4, optlen - 4u, WL_ENC_BIG);
                    if (oc->ib->on)
                      {
                        char x[16];
                        g_snprintf (x, sizeof x, " ExID=%X", exid);
                        ib_str (p, oc->ib, x);
                      }
                  }
              }
            break;
          }
        default:
          name = wl_arena_printf (p->arena, "Unknown (0x%02x)", kind);
          n = add_pino (p, opts, proto_opt_unknown, &ov, 0, optlen);
          opt_kind_len (p, n, &ov, TRUE);
          if (optlen > 2)
            wl_add_item (p, n, hf_unknown_payload, &ov, 2, optlen - 2u, WL_ENC_BIG);
          break;
        }
      if (p->full)
        g_string_append_printf (oc->summary, ", %s", name);
      off += optlen;
      length -= optlen - 2u;
    }
  if ((oc->flags & TH_SYN) && !mss_seen)
    add_expert (p, opts, ei_mss_absent, v, off, 0, "Warning", "Protocol",
                "The SYN packet does not contain a MSS option");
  return TRUE;
}

/* ---- The analysis subtree ---- */

static void
print_analysis (WlPacket *p, WlNode *tcp_tree, const WlView *v, const TcpFrame *fr)
{
  if (!fr->has_ta)
    return;
  WlNode *tree = wl_add_none (p, tcp_tree, hf_analysis, v, 0, 0);
  wl_node_set_generated (tree);
  wl_node_set_label (p, tree, "SEQ/ACK analysis");
  if (fr->frame_acked)
    {
      add_generated_uint (p, tree, hf_acks_frame, v, fr->frame_acked);
      if (fr->ack_rtt)
        add_generated_time (p, tree, hf_ack_rtt, v, fr->ack_rtt);
    }
  if (fr->irtt_known)
    add_generated_time (p, tree, hf_initial_rtt, v, fr->conv->ts_first_rtt);
  if (fr->bytes_in_flight)
    {
      add_generated_uint (p, tree, hf_bytes_in_flight, v, fr->bytes_in_flight);
      add_generated_uint (p, tree, hf_push_bytes_sent, v, fr->push_bytes_sent);
    }
  guint16 f = fr->ta_flags;
  if (!f)
    return;
  WlNode *flags_item = wl_add_none (p, tree, hf_analysis_flags, v, 0, 0);
  wl_node_set_generated (flags_item);
  wl_node_set_label (p, flags_item, "TCP Analysis Flags");
  if (f & A_REUSED_PORTS)
    {
      add_expert (p, flags_item, ei_reused_ports, v, 0, 0, "Note", "Sequence",
                  "A new tcp session is started with the same ports as an earlier session in this trace");
      info_prepend_fenced (p, "[TCP Port numbers reused] ");
    }
  if (f & A_RETRANSMISSION)
    {
      add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Retransmission] ");
      if (fr->x->rto)
        {
          add_generated_time (p, flags_item, hf_rto, v, fr->x->rto);
          add_generated_uint (p, flags_item, hf_rto_frame, v, fr->x->rto_frame);
        }
    }
  if (f & A_FAST_RETRANSMISSION)
    {
      add_expert (p, flags_item, ei_fast_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) fast retransmission");
      add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Fast Retransmission] ");
    }
  if (f & A_SPURIOUS_RETRANSMISSION)
    {
      add_expert (p, flags_item, ei_spurious_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) spurious retransmission");
      add_expert (p, flags_item, ei_retransmission, v, 0, 0, "Note", "Sequence",
                  "This frame is a (suspected) retransmission");
      info_prepend_fenced (p, "[TCP Spurious Retransmission] ");
    }
  if (f & A_OUT_OF_ORDER)
    {
      add_expert (p, flags_item, ei_out_of_order, v, 0, 0, "Warning", "Sequence",
                  "This frame is a (suspected) out-of-order segment");
      info_prepend_fenced (p, "[TCP Out-Of-Order] ");
    }
  if (f & A_LOST_PACKET)
    {
      add_expert (p, flags_item, ei_lost_segment, v, 0, 0, "Warning", "Sequence",
                  "Previous segment(s) not captured (common at capture start)");
      info_prepend_fenced (p, "[TCP Previous segment not captured] ");
    }
  if (f & A_ACK_LOST_PACKET)
    {
      add_expert (p, flags_item, ei_ack_lost_segment, v, 0, 0, "Warning", "Sequence",
                  "ACKed segment that wasn't captured (common at capture start)");
      info_prepend_fenced (p, "[TCP ACKed unseen segment] ");
    }
  if (f & A_WINDOW_UPDATE)
    {
      add_expert (p, flags_item, ei_window_update, v, 0, 0, "Chat", "Sequence", "TCP window update");
      info_prepend_fenced (p, "[TCP Window Update] ");
    }
  if (f & A_WINDOW_FULL)
    {
      add_expert (p, flags_item, ei_window_full, v, 0, 0, "Warning", "Sequence",
                  "TCP window specified by the receiver is now completely full");
      info_prepend_fenced (p, "[TCP Window Full] ");
    }
  if (f & A_KEEP_ALIVE)
    {
      add_expert (p, flags_item, ei_keep_alive, v, 0, 0, "Note", "Sequence", "TCP keep-alive segment");
      info_prepend_fenced (p, "[TCP Keep-Alive] ");
    }
  if (f & A_KEEP_ALIVE_ACK)
    {
      add_expert (p, flags_item, ei_keep_alive_ack, v, 0, 0, "Note", "Sequence", "ACK to a TCP keep-alive segment");
      info_prepend_fenced (p, "[TCP Keep-Alive ACK] ");
    }
  guint32 dupack_num = fr->x->dupack_num, dupack_frame = fr->x->dupack_frame;
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
      add_generated_uint (p, tree, hf_dup_ack_num, v, dupack_num);
      WlNode *df = add_generated_uint (p, tree, hf_dup_ack_frame, v, dupack_frame);
      add_expert (p, df ? df : tree, hf_dup_ack, v, 0, 0, "Note", "Sequence", "Duplicate ACK (#%u)",
                  dupack_num);
    }
  if (f & A_ZERO_WINDOW_PROBE)
    {
      add_expert (p, flags_item, ei_zero_window_probe, v, 0, 0, "Note", "Sequence", "TCP Zero Window Probe");
      info_prepend_fenced (p, "[TCP ZeroWindowProbe] ");
    }
  if (f & A_ZERO_WINDOW)
    {
      add_expert (p, flags_item, ei_zero_window, v, 0, 0, "Warning", "Sequence", "TCP Zero Window segment");
      info_prepend_fenced (p, "[TCP ZeroWindow] ");
    }
  if (f & A_ZERO_WINDOW_PROBE_ACK)
    {
      add_expert (p, flags_item, ei_zero_window_probe_ack, v, 0, 0, "Note", "Sequence",
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

/* ---- First pass: the conversation and the analysis of one segment ---- */

typedef struct {
  guint16 sport, dport, flags, win;
  guint32 seq, ack, hlen;
  guint32 reported_len;
  gboolean in_error;
} Hdr;

/* Finds or makes the conversation, runs the analysis and fills the frame record. Returns the
 * conversation (for the option pass). */
static TcpConv *
first_pass (WlPacket *p, TcpState *s, const Hdr *h, const WlAddress *src, const WlAddress *dst,
            TcpFrame *fr, TcpFrameExtra *x, TcpFlow **out_fwd, TcpFlow **out_rev)
{
  ConvKey key;
  conv_key_make (&key, src, dst, h->sport, h->dport);
  TcpConv *conv = g_hash_table_lookup (s->convs, &key);
  gboolean is_new = FALSE;
  if (!conv)
    {
      conv = conv_new (s, &key, p->ts_ns);
      is_new = TRUE;
    }
  int dir = direction_of (src, dst, h->sport, h->dport) >= 0 ? 0 : 1;
  TcpFlow *fwd = &conv->flow[dir], *rev = &conv->flow[1 - dir];

  /* A SYN with another initial sequence number starts a new conversation on the same ports. */
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_SYN && (fwd->static_flags & S_BASE_SEQ_SET))
    {
      if (h->seq != fwd->base_seq)
        {
          conv = conv_new (s, &key, p->ts_ns);
          fwd = &conv->flow[dir];
          rev = &conv->flow[1 - dir];
          fr->has_ta = TRUE;
          fr->ta_flags |= A_REUSED_PORTS;
          conv->completeness = C_SYNSENT;
        }
      else
        fwd->nextseq = fwd->maxseqtobeacked; /* a RST may have moved it (RFC 793 3.4) */
    }
  /* A SYN/ACK with another initial sequence number: the same, seen from the server */
  if ((h->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK) && (fwd->static_flags & S_BASE_SEQ_SET) &&
      h->seq != fwd->base_seq)
    {
      fwd->base_seq = h->seq;
      fr->has_ta = TRUE;
      fr->ta_flags |= A_REUSED_PORTS;
    }

  fr->conv = conv;
  fr->completeness = conv->completeness;
  fwd->num_sack_ranges = 0;

  fr->time_delta = p->ts_ns - conv->ts_prev;
  conv->ts_prev = p->ts_ns;

  guint32 seglen = 0;
  if (!h->in_error && h->reported_len >= h->hlen)
    {
      seglen = h->reported_len - h->hlen;
      fr->has_seglen = TRUE;
      if (!(fwd->static_flags & S_BASE_SEQ_SET))
        {
          fwd->base_seq = (h->flags & TH_SYN) ? h->seq : h->seq - 1;
          fwd->static_flags |= S_BASE_SEQ_SET;
        }
      if (!(rev->static_flags & S_BASE_SEQ_SET) && (h->flags & TH_ACK))
        {
          rev->base_seq = h->ack - 1;
          rev->static_flags |= S_BASE_SEQ_SET;
        }
      Ana a = { conv, fwd, rev, fr, x };
      analyze_sequence (&a, p->number, p->ts_ns, h->seq, h->ack, seglen, h->flags, h->win);
    }
  fr->seq_base = fwd->base_seq;
  fr->ack_base = rev->base_seq;
  fr->win_scale = (gint8) fwd->win_scale;

  if (h->hlen < 20)
    {
      fr->bogus_hlen = TRUE;
      *out_fwd = fwd;
      *out_rev = rev;
      return conv;
    }

  /* Conversation completeness (the frame shows the value from before it) */
  guint8 comp = 0;
  if (is_new)
    {
      if ((h->flags & (TH_SYN | TH_ACK)) == TH_SYN)
        comp = C_SYNSENT | (seglen > 0 ? C_DATA : 0);
    }
  else
    {
      comp = conv->completeness;
      if ((h->flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK))
        comp |= C_SYNACK;
      if ((h->flags & (TH_SYN | TH_ACK)) == TH_ACK)
        comp |= seglen > 0 ? C_DATA : C_ACK;
      if ((h->flags & (TH_FIN | TH_ACK)) == (TH_FIN | TH_ACK))
        comp |= C_FIN;
      if (h->flags & TH_RST)
        comp |= C_RST;
    }
  conv->completeness = comp;

  if (h->flags & TH_SYN)
    {
      if (h->flags & TH_ACK)
        conv->server_port = h->sport;
      else
        {
          conv->server_port = h->dport;
          conv->ts_mru_syn = p->ts_ns;
        }
      fwd->is_first_ack = TRUE;
    }
  if ((h->flags & TH_FIN) && !rev->closing_initiator)
    {
      fwd->closing_initiator = TRUE;
      fr->fin_active = TRUE;
    }
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_ACK && conv->ts_mru_syn && !conv->ts_first_rtt)
    conv->ts_first_rtt = p->ts_ns - conv->ts_mru_syn;
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_ACK)
    fwd->is_first_ack = FALSE;
  fr->irtt_known = conv->ts_first_rtt != 0;
  fr->server_port = conv->server_port;
  *out_fwd = fwd;
  *out_rev = rev;
  return conv;
}

/* The rare values of a frame's record, copied out of the first visit's stack. */
static void
keep_extra (TcpState *s, TcpFrame *fr, const TcpFrameExtra *extra)
{
  if (memcmp (extra, &no_extra, sizeof no_extra) == 0)
    fr->x = &no_extra;
  else
    {
      TcpFrameExtra *x = state_alloc (s, sizeof *x);
      *x = *extra;
      fr->x = x;
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
  wl_add_item (p, top, hf_srcport, v, 0, 2, WL_ENC_BIG);
  wl_add_item (p, top, hf_dstport, v, 2, 2, WL_ENC_BIG);
  wl_node_set_hidden (wl_add_item (p, top, hf_port, v, 0, 2, WL_ENC_BIG));
  wl_node_set_hidden (wl_add_item (p, top, hf_port, v, 2, 2, WL_ENC_BIG));
  if (!h.in_error)
    {
      p->src_port = h.sport;
      p->dst_port = h.dport;
      p->port_type = 6;
    }
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
  static const TcpConv no_conv;
  if (!p->visited)
    {
      state = state_get (p);
      fr = state_alloc (state, sizeof (TcpFrame));
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
      conv = first_pass (p, state, &h, &src, &dst, fr, &extra, &fwd, &rev);
      fr->x = &extra; /* until the end of this visit, see keep_extra () */
      wl_frame_data_set (p, proto_tcp, layer_key, fr);
    }
  else
    {
      fr = wl_frame_data_get (p, proto_tcp, layer_key);
      if (!fr)
        {
          /* not seen on the first pass (should not happen): show the header only */
          memset (&scratch, 0, sizeof scratch);
          scratch.win_scale = -1;
          scratch.conv = &no_conv;
          scratch.x = &no_extra;
          fr = &scratch;
        }
    }

  guint32 seglen = fr->has_seglen ? h.reported_len - h.hlen : 0;
  guint32 rel_seq = h.seq - fr->seq_base;
  guint32 rel_ack = (h.flags & TH_ACK) ? h.ack - fr->ack_base : h.ack;
  guint32 win = h.win;
  if (fr->has_seglen && !(h.flags & TH_SYN) && fr->win_scale >= 0)
    win <<= fr->win_scale;
  if (!fr->has_seglen)
    rel_seq = h.seq, rel_ack = h.ack;
  guint32 nxtseq = rel_seq + seglen;

  WlNode *n = wl_add_uint (p, top, hf_stream, v, 0, 0, fr->conv->stream);
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
    add_expert (p, top, ei_short_segment, v, 0, 0, "Warning", "Malformed",
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
      add_expert (p, n, ei_bogus_hlen, v, 12, 1, "Error", "Malformed",
                  "Bogus TCP header length (%u, must be at least 20)", h.hlen);
      if (!p->visited)
        keep_extra (state, fr, &extra);
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
    add_expert (p, n, ei_ack_nonzero, v, 8, 4, "Note", "Protocol",
                "The acknowledgment number field is nonzero while the ACK flag is not set");

  n = wl_add_uint (p, top, hf_hdr_len, v, 12, 1, h.hlen);
  wl_node_set_label (p, n, "%u%u%u%u .... = Header Length: %u bytes (%u)", (h.hlen >> 5) & 1, (h.hlen >> 4) & 1,
                     (h.hlen >> 3) & 1, (h.hlen >> 2) & 1, h.hlen, h.hlen >> 2);
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
      int ws = fr->win_scale;
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
        add_expert (p, f_syn, ei_conn_synack, v, 13, 1, "Chat", "Sequence",
                    "Connection establish acknowledge (SYN+ACK): server port %u", h.sport);
      else
        add_expert (p, f_syn, ei_conn_syn, v, 13, 1, "Chat", "Sequence",
                    "Connection establish request (SYN): server port %u", h.dport);
    }
  if (h.flags & TH_FIN)
    {
      add_expert (p, f_fin, ei_conn_fin, v, 13, 1, "Chat", "Sequence", "Connection finish (FIN)");
      if (fr->fin_active)
        add_expert (p, fstr_node ? fstr_node : ft, ei_fin_active, v, 12, 2, "Note", "Sequence",
                    "This frame initiates the connection closing");
      else
        add_expert (p, fstr_node ? fstr_node : ft, ei_fin_passive, v, 12, 2, "Note", "Sequence",
                    "This frame undergoes the connection closing");
    }
  if (h.flags & TH_RST)
    add_expert (p, f_rst, ei_conn_rst, v, 13, 1, "Warning", "Sequence", "Connection reset (RST)");

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
    add_expert (p, n, ei_urgent_nonzero, v, 18, 2, "Note", "Protocol",
                "The urgent pointer field is nonzero while the URG flag is not set");
  if (fr->has_seglen)
    ib_uint (p, &ib, "Len", seglen);

  /* Options */
  guint32 optlen = h.hlen - 20;
  OptCtx oc = { !p->visited, fwd, rev, conv, state, h.flags, seglen, fr->has_seglen, fr->ack_base, rel_ack,
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
  add_generated_time (p, tst, hf_ts_relative, v, p->ts_ns - fr->conv->ts_first);
  add_generated_time (p, tst, hf_ts_delta, v, fr->time_delta);

  if (optlen)
    {
      oc.summary = g_string_new (NULL);
      gboolean saved_cols = p->cols_wanted;
      if (h.in_error)
        p->cols_wanted = FALSE;
      options_complete = dissect_options (p, opts, v, 20, optlen, &oc);
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
      if (!p->visited)
        keep_extra (state, fr, &extra);
      return v->len;
    }

  print_analysis (p, top, v, fr);

  if (!p->visited && fwd)
    {
      if (h.flags & TH_SYN)
        verify_window_scaling ((h.flags & TH_ACK) != 0, fwd, rev);
      if ((oc.mptcp_capable || oc.mptcp_other) && !conv->has_mptcp)
        {
          conv->has_mptcp = TRUE;
          conv->mptcp_stream = state->n_mptcp++;
        }
      if (oc.mptcp_capable)
        conv->mptcp_master = TRUE;
      if (conv->has_mptcp)
        {
          fr->mptcp = TRUE;
          fr->mptcp_master = conv->mptcp_master;
        }
    }
  if (fr->mptcp && wl_wants (p, hf_mp_analysis))
    {
      WlNode *ma = wl_add_none (p, top, hf_mp_analysis, v, 0, 0);
      wl_node_set_generated (ma);
      WlNode *m = wl_add_uint (p, ma, hf_mp_master, v, 0, 0, fr->mptcp_master);
      wl_node_set_generated (m);
      if (fr->mptcp_master)
        wl_node_set_label (p, m, "Master flow: Master is tcp stream %u", fr->conv->stream);
      add_generated_uint (p, ma, hf_mp_stream, v, fr->conv->mptcp_stream);
      char *sf = fr->mptcp_master ? wl_arena_printf (p->arena, "%u ", fr->conv->stream) : "";
      wl_node_set_generated (wl_add_string_value (p, ma, hf_mp_subflows, v, 0, 0, sf, -1));
    }

  /* The payload: a FIN may end a PDU reassembled until the end of the stream; else the
   * segment's bytes go to reassembly or straight to the subdissector. */
  WlView payload = wl_view_sub (v, h.hlen, G_MAXUINT32);
  Ctx c = { p, parent, top, v, h.hlen, state, conv, fwd, fr, NULL, h.sport, h.dport, FALSE, NULL };
  gboolean nested = FALSE;
  if (!p->visited)
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
              Msp *msp = msp_lookup_le (fwd, rel_seq);
              if (msp)
                {
                  Piece q = piece_make (&c, &payload, 0, MIN (seglen, payload.len), rel_seq - msp->seq);
                  if (msp_add (msp, p->number, &q, FALSE) == FRAG_COMPLETE && msp->reassembled_in == p->number)
                    {
                      const Reasm *r = msp_snapshot (state, msp);
                      fr->fin_reassembled = TRUE;
                      emit (&c, OP_FRAGTREE, 0, 0, 0, r);
                      emit (&c, OP_CALL_REASM, 0, 0, 0, r);
                    }
                }
            }
          else
            extra.fin_retransmission = fwd->fin;
        }
    }
  else if (fr->fin_reassembled)
    for (guint i = 0; i < fr->n_ops; i++)
      op_exec (&c, &fr->ops[i]);

  if (!fr->fin_reassembled)
    {
      if (fr->x->fin_retransmission)
        add_generated_uint (p, top, hf_fin_retransmission, v, fr->x->fin_retransmission);
      if (payload.len != 0 && (h.flags & TH_RST))
        wl_add_string_value (p, top, hf_reset_cause, v, h.hlen, payload.len, (const char *) payload.data,
                             payload.len);
      else if (payload.len != 0)
        {
          guint32 rep = payload.reported;
          WlNode *pl = wl_add_bytes_value (p, top, hf_payload, v, h.hlen, payload.len, payload.data, payload.len);
          wl_node_set_label (p, pl, "TCP payload (%u byte%s)", rep, rep == 1 ? "" : "s");
          if (!p->visited)
            {
              guint32 s = rel_seq, nx = nxtseq;
              if (h.flags & TH_SYN)
                s++, nx++;
              if (can_desegment)
                desegment (&c, 0, s, nx);
              else
                emit (&c, OP_CALL, 0, 0, 0, NULL);
            }
          else
            for (guint i = 0; i < fr->n_ops; i++)
              op_exec (&c, &fr->ops[i]);
        }
    }
  if (!p->visited)
    {
      keep_extra (state, fr, &extra);
      fr->n_ops = (guint16) MIN (c.ops->len, G_MAXUINT16);
      /* most plans are one hand-off of the whole payload: shared, not stored */
      static const Op whole_payload[2] = { { OP_CALL, 0, 0, 0, NULL }, { OP_CALL, 1, 0, 0, NULL } };
      const Op *o = fr->n_ops == 1 ? &g_array_index (c.ops, Op, 0) : NULL;
      if (o && o->kind == OP_CALL && o->offset == 0 && o->len == 0 && o->flags <= 1)
        fr->ops = &whole_payload[o->flags];
      else if (fr->n_ops)
        {
          Op *ops = state_alloc (state, sizeof (Op) * fr->n_ops);
          memcpy (ops, c.ops->data, sizeof (Op) * fr->n_ops);
          fr->ops = ops;
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

void
wl_tcp_add_pdu_size (WlPacket *p, const WlView *v, guint32 off, guint32 plen)
{
  if (!wl_wants (p, hf_pdu_size))
    return;
  WlNode *tcp = NULL;
  for (WlNode *n = wl_packet_first (p, proto_tcp); n; n = wl_packet_next (n, proto_tcp))
    tcp = n;
  WlNode *n = wl_add_uint (p, tcp, hf_pdu_size, v, off, MIN (plen, wl_view_remaining (v, off)), plen);
  wl_node_set_generated (n);
}

/* ---- Registration ---- */

static const WlValueString checksum_status_vals[] = {
  { 0, "Bad" }, { 1, "Good" }, { 2, "Unverified" }, { 3, "Not present" }, { 4, "Illegal" }, { 0, NULL }
};

static const WlTrueFalse tfs_user_to_gran = { "Minutes", "Seconds" };

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
  /* Wireshark's mask is 0xfff; without it here the value prints with the type's four digits
   * (0x0018) as tshark's -T fields does, and the label is set by hand. */
  { &hf_flags, { "Flags", "tcp.flags", WL_FT_UINT16, WL_BASE_HEX } },
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
  { &hf_segment, { "TCP Segment", "tcp.segment", WL_FT_FRAMENUM } },
  { &hf_segments, { "Reassembled TCP Segments", "tcp.segments", WL_FT_NONE } },
  { &hf_segment_count, { "Segment count", "tcp.segment.count", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_reassembled_in, { "Reassembled PDU in frame", "tcp.reassembled_in", WL_FT_FRAMENUM } },
  { &hf_reassembled_length, { "Reassembled TCP length", "tcp.reassembled.length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_reassembled_data, { "Reassembled TCP Data", "tcp.reassembled.data", WL_FT_BYTES } },
  { &hf_option_kind, { "Kind", "tcp.option_kind", WL_FT_UINT8, WL_BASE_DEC, option_kind_vals } },
  { &hf_option_len, { "Length", "tcp.option_len", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_options, { "TCP Options", "tcp.options", WL_FT_BYTES } },
  { &hf_mss_val, { "MSS Value", "tcp.options.mss_val", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_wscale_shift, { "Shift count", "tcp.options.wscale.shift", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_wscale_mult, { "Multiplier", "tcp.options.wscale.multiplier", WL_FT_UINT16, WL_BASE_DEC } },
  { &hf_exp_data, { "Data", "tcp.options.experimental.data", WL_FT_BYTES } },
  { &hf_exp_exid, { "Experiment Identifier", "tcp.options.experimental.exid", WL_FT_UINT16, WL_BASE_HEX } },
  { &hf_unknown_payload, { "Payload", "tcp.options.unknown.payload", WL_FT_BYTES } },
  { &hf_sack_le, { "TCP SACK Left Edge", "tcp.options.sack_le", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_sack_re, { "TCP SACK Right Edge", "tcp.options.sack_re", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_sack_count, { "TCP SACK Count", "tcp.options.sack.count", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_dsack_le, { "TCP D-SACK Left Edge", "tcp.options.sack.dsack_le", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_dsack_re, { "TCP D-SACK Right Edge", "tcp.options.sack.dsack_re", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_echo, { "TCP Echo Option", "tcp.options.echo_value", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_tsval, { "Timestamp value", "tcp.options.timestamp.tsval", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_tsecr, { "Timestamp echo reply", "tcp.options.timestamp.tsecr", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_md5_digest, { "MD5 digest", "tcp.options.md5.digest", WL_FT_BYTES } },
  { &hf_user_to_gran, { "Granularity", "tcp.options.user_to_granularity", WL_FT_BOOLEAN, 16, &tfs_user_to_gran, 0x8000 } },
  { &hf_user_to_val, { "User Timeout", "tcp.options.user_to_val", WL_FT_UINT16, WL_BASE_DEC, NULL, 0x7fff } },
  { &hf_tfo_request, { "Fast Open Cookie Request", "tcp.options.tfo.request", WL_FT_NONE } },
  { &hf_tfo_cookie, { "Fast Open Cookie", "tcp.options.tfo.cookie", WL_FT_BYTES } },
  { &hf_ts_relative, { "Time since first frame in this TCP stream", "tcp.time_relative", WL_FT_RELATIVE_TIME } },
  { &hf_ts_delta, { "Time since previous frame in this TCP stream", "tcp.time_delta", WL_FT_RELATIVE_TIME } },
  { &hf_segment_data, { "TCP segment data", "tcp.segment_data", WL_FT_BYTES } },
  { &hf_payload, { "TCP payload", "tcp.payload", WL_FT_BYTES } },
  { &hf_pdu_size, { "PDU Size", "tcp.pdu.size", WL_FT_UINT32, WL_BASE_DEC } },
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
  { &ei_tfo_syn, { "TCP SYN with TFO Cookie", "tcp.analysis.tfo_syn", WL_FT_NONE } },
  { &ei_conn_synack, { "Connection establish acknowledge (SYN+ACK)", "tcp.connection.synack", WL_FT_NONE } },
  { &ei_conn_syn, { "Connection establish request (SYN)", "tcp.connection.syn", WL_FT_NONE } },
  { &ei_conn_fin, { "Connection finish (FIN)", "tcp.connection.fin", WL_FT_NONE } },
  { &ei_conn_rst, { "Connection reset (RST)", "tcp.connection.rst", WL_FT_NONE } },
  { &ei_fin_active, { "This frame initiates the connection closing", "tcp.connection.fin_active", WL_FT_NONE } },
  { &ei_fin_passive, { "This frame undergoes the connection closing", "tcp.connection.fin_passive", WL_FT_NONE } },
  { &ei_mss_absent, { "The SYN packet does not contain a MSS option", "tcp.options.mss.absent", WL_FT_NONE } },
  { &ei_mss_present, { "The non-SYN packet does contain a MSS option", "tcp.options.mss.present", WL_FT_NONE } },
  { &ei_short_segment, { "Short segment", "tcp.short_segment", WL_FT_NONE } },
  { &ei_ack_nonzero, { "The acknowledgment number field is nonzero while the ACK flag is not set", "tcp.ack.nonzero", WL_FT_NONE } },
  { &ei_urgent_nonzero, { "The urgent pointer field is nonzero while the URG flag is not set", "tcp.urgent_pointer.non_zero", WL_FT_NONE } },
  { &ei_bogus_hlen, { "Bogus TCP header length", "tcp.bogus_header_length", WL_FT_NONE } },
  { &ei_dsack, { "D-SACK Sequence", "tcp.options.sack.dsack", WL_FT_NONE } },
  { &ei_nonzero_pad, { "Non zero bytes in option space after EOL option", "tcp.non_zero_bytes_after_eol", WL_FT_NONE } },
  { &ei_nop, { "4 NOP in a row - a router may have removed some options", "tcp.nop", WL_FT_NONE } },
  { &ei_reassembly_error, { "Reassembly error", "_ws.malformed.reassembly", WL_FT_NONE } },
  /* MPTCP option fields (tshark registers them under tcp) */
  { &hf_mp_subtype, { "Multipath TCP subtype", "tcp.options.mptcp.subtype", WL_FT_UINT8, WL_BASE_DEC, mptcp_subtype_vals, 0xf0 } },
  { &hf_mp_version, { "Multipath TCP version", "tcp.options.mptcp.version", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x0f } },
  { &hf_mp_flags, { "Multipath TCP flags", "tcp.options.mptcp.flags", WL_FT_UINT8, WL_BASE_HEX } },
  { &hf_mp_checksum_flag, { "Checksum required", "tcp.options.mptcp.checksumreq.flags", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x80 } },
  { &hf_mp_ext_flag, { "Extensibility", "tcp.options.mptcp.extensibility.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x40 } },
  { &hf_mp_nomore_flag, { "Do not attempt to establish new subflows to this address and port", "tcp.options.mptcp.nomoresubflows.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x20 } },
  { &hf_mp_sha1_flag, { "Use HMAC-SHA1", "tcp.options.mptcp.sha1.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x01 } },
  { &hf_mp_sha256_flag, { "Use HMAC-SHA256", "tcp.options.mptcp.sha256.flag", WL_FT_UINT8, WL_BASE_DEC, NULL, 0x01 } },
  { &hf_mp_reserved_flag, { "Reserved", "tcp.options.mptcp.reserved.flag", WL_FT_UINT8, WL_BASE_HEX, NULL, 0x1e } },
  { &hf_mp_flag_u, { "Flag U", "tcp.options.mptcp.flag_U.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x8 } },
  { &hf_mp_flag_v, { "Flag V", "tcp.options.mptcp.flag_V.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x4 } },
  { &hf_mp_flag_w, { "Flag W", "tcp.options.mptcp.flag_W.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x2 } },
  { &hf_mp_flag_t, { "Transient", "tcp.options.mptcp.flag_T.flag", WL_FT_BOOLEAN, 4, &wl_tfs_set_notset, 0x1 } },
  { &hf_mp_rst_reason, { "TCPRST Reason", "tcp.options.mptcp.rst_reason", WL_FT_UINT8, WL_BASE_HEX, mptcp_rst_reason_vals } },
  { &hf_mp_addrid, { "Address ID", "tcp.options.mptcp.addrid", WL_FT_UINT8, WL_BASE_DEC } },
  { &hf_mp_sendkey, { "Sender's Key", "tcp.options.mptcp.sendkey", WL_FT_UINT64, WL_BASE_DEC } },
  { &hf_mp_recvkey, { "Receiver's Key", "tcp.options.mptcp.recvkey", WL_FT_UINT64, WL_BASE_DEC } },
  { &hf_mp_datalvllen, { "Data-level Length", "tcp.options.mptcp.datalvllen", WL_FT_UINT16, WL_BASE_DEC } },
};

static WlFieldReg mptcp_fields[] = {
  { &hf_mp_analysis, { "MPTCP analysis", "mptcp.analysis", WL_FT_NONE } },
  { &hf_mp_master, { "Master flow", "mptcp.master", WL_FT_BOOLEAN, 0 } },
  { &hf_mp_stream, { "Stream index", "mptcp.stream", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mp_subflows, { "TCP subflow stream id(s)", "mptcp.analysis.subflows", WL_FT_STRING } },
  { &hf_mp_expected_token, { "Subflow token generated from key", "mptcp.expected_token", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_mp_expected_idsn, { "Subflow expected IDSN", "mptcp.expected_idsn", WL_FT_UINT64, WL_BASE_DEC } },
};

void wl_register_tcp (void);
void wl_handoff_tcp (void);

void
wl_register_tcp (void)
{
  proto_tcp = wl_proto_register ("Transmission Control Protocol", "TCP", "tcp");
  wl_fields_register (proto_tcp, fields, G_N_ELEMENTS (fields));
  proto_mptcp = wl_proto_register ("Multipath Transmission Control Protocol", "MPTCP", "mptcp");
  wl_fields_register (proto_mptcp, mptcp_fields, G_N_ELEMENTS (mptcp_fields));
  proto_opt_nop = wl_proto_register ("TCP Option - No-Operation (NOP)", "No-Operation (NOP)", "tcp.options.nop");
  proto_opt_eol = wl_proto_register ("TCP Option - End of Option List (EOL)", "End of Option List (EOL)", "tcp.options.eol");
  proto_opt_ts = wl_proto_register ("TCP Option - Timestamps", "Timestamps", "tcp.options.timestamp");
  proto_opt_mss = wl_proto_register ("TCP Option - Maximum segment size", "Maximum segment size", "tcp.options.mss");
  proto_opt_wscale = wl_proto_register ("TCP Option - Window scale", "Window scale", "tcp.options.wscale");
  proto_opt_sack_perm = wl_proto_register ("TCP Option - SACK permitted", "SACK permitted", "tcp.options.sack_perm");
  proto_opt_sack = wl_proto_register ("TCP Option - SACK", "SACK", "tcp.options.sack");
  proto_opt_echo = wl_proto_register ("TCP Option - Echo", "Echo", "tcp.options.echo");
  proto_opt_echoreply = wl_proto_register ("TCP Option - Echo reply", "Echo reply", "tcp.options.echoreply");
  proto_opt_md5 = wl_proto_register ("TCP Option - TCP MD5 signature", "TCP MD5 signature", "tcp.options.md5");
  proto_opt_user_to = wl_proto_register ("TCP Option - User Timeout", "User Timeout", "tcp.options.user_to");
  proto_opt_tfo = wl_proto_register ("TCP Option - TCP Fast Open", "TCP Fast Open", "tcp.options.tfo");
  proto_opt_exp = wl_proto_register ("TCP Option - Experimental", "Experimental", "tcp.options.experimental");
  proto_opt_unknown = wl_proto_register ("TCP Option - Unknown", "Unknown", "tcp.options.unknown");
}

static guint32
dissect_tcp_entry (WlPacket *p, const WlView *v, WlNode *parent, gpointer data)
{
  return dissect_tcp (p, v, parent, data);
}

void
wl_handoff_tcp (void)
{
  port_table = wl_table_new ("tcp.port");
  WlDissector *d = wl_dissector_register ("tcp", dissect_tcp_entry, proto_tcp);
  wl_table_add (wl_table_find ("ip.proto"), 6, d);
  const WlField *f;
  if ((f = wl_field_lookup ("_ws.expert")))
    proto_ws_expert = f->id;
  if ((f = wl_field_lookup ("_ws.expert.message")))
    hf_ws_expert_message = f->id;
  if ((f = wl_field_lookup ("_ws.expert.severity")))
    hf_ws_expert_severity = f->id;
  if ((f = wl_field_lookup ("_ws.expert.group")))
    hf_ws_expert_group = f->id;
}
