/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the parts of the TCP dissector share: tcp.c (header, columns, tree, registration),
 * tcp-analysis.c (conversations and the sequence analysis), tcp-reassembly.c (PDUs spanning
 * segments and the hand-off to the protocols above) and tcp-options.c (options and MPTCP). */
#pragma once

#include <string.h>
#include "dissect.h"
#include "l23.h"

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
  guint32 at;          /* its place in TcpState.reasms */
  Piece pieces[];
} Reasm;

/* A PDU spanning segments (Wireshark's multisegment PDU with its fragment list). */
typedef struct {
  guint32 seq, nxtpdu;
  guint32 first_frame, last_frame;
  guint flags;
  Piece *frags;         /* n_frags pieces sorted by pdu_off, in TcpState.conv_mem (as the Msp) */
  guint32 n_frags, cap_frags;
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
  Unacked *segs;        /* n_segs unacknowledged segments, oldest first (Wireshark walks them
                         * newest first), in TcpState.conv_mem: no small mallocs, whose holes
                         * would stay in the heap once the first pass frees them */
  guint32 n_segs, cap_segs;
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
  GTree *msps;          /* seq -> Msp*; NULL: none yet */
  gboolean until_fin;
  guint32 fin;
} TcpFlow;

typedef struct {
  WlAddressType type;
  guint8 a1[16], a2[16];
  guint16 p1, p2;
} ConvKey;

/* The values a conversation's frame records share, each kept once (a record names its
 * entries: TcpFrame.seq_at...): by flow (the record's TcpFrame.flow), the base sequence
 * numbers and window scales its frames were seen with, in order of first use; the server
 * ports. Most flows use one or two of each; a record whose value does not fit keeps it in its
 * TcpFrameExtra (TcpFrame.bases_apart, server_port_apart). */
#define TCP_SHARED_MAX 2
typedef struct {
  guint32 base_seq[2][TCP_SHARED_MAX];
  guint32 win_scale[2][TCP_SHARED_MAX];   /* gint16 values */
  guint32 server_port[TCP_SHARED_MAX];
  guint8 n_base_seq[2], n_win_scale[2], n_server_port;
} TcpShared;

/* What revisits read of a conversation (wl_tcp_frame_conv (), wl_tcp_stream_span ()): all
 * that is kept of it once the first pass is over (wl_tcp_finish ()). */
typedef struct {
  ConvKey key;          /* the 4-tuple (the hash table's key) */
  guint32 stream;
  guint32 first_frame;
  guint32 last_frame;   /* the last frame seen so far (tcp.time_delta) */
  guint32 mptcp_stream;
  gint64 ts_first, ts_first_rtt;
  TcpShared shared;
} TcpConvInfo;

/* A conversation during the first pass: its info and the analysis state of both flows. */
typedef struct {
  TcpConvInfo info;     /* first: TcpState.all points at it */
  gint64 ts_mru_syn;
  guint8 completeness;
  guint16 server_port;
  gboolean has_mptcp, mptcp_master;
  TcpFlow flow[2];
} TcpConv;

/* Zeroed memory carved out of large blocks, freed all at once. */
typedef struct {
  GPtrArray *blocks;
  guint8 *block;       /* the block being filled */
  gsize used, size;
  gsize block_size;    /* of each new block (at least) */
} TcpMem;

#define TCP_REC_BLOCK 64
typedef struct {
  guint32 base;        /* 1 + the place of the block's first record, 0: none yet */
  guint32 wide;        /* 0, or 1 + which TCP_REC_BLOCK entries of TcpState.rec_wide are its */
} TcpRecBlock;

typedef struct {
  GHashTable *convs;   /* ConvKey* -> TcpConv* (the latest conversation of the 4-tuple);
                        * NULL once the first pass is over */
  GPtrArray *all;      /* every conversation's TcpConvInfo, by stream: in its TcpConv during
                        * the first pass, in infos after */
  TcpConvInfo *infos;  /* wl_tcp_finish (): the infos alone, the TcpConvs freed */
  TcpMem conv_mem;     /* the TcpConvs */
  TcpMem mem;          /* frame records, reassembly plans and copied bytes (state_alloc) */
  GHashTable *extras;  /* TcpFrame* -> its TcpFrameExtra, for the few that have one */
  GArray *ops;         /* scratch: the plan of the frame being visited first */
  GArray *op_pool;     /* OpPacked: every frame's plan (TcpFrame.ops_at), the shared one-step
                        * plans first (TCP_OPS_WHOLE_PAYLOAD) */
  GArray *wide_ops;    /* Op: the steps op_pool had no room for (OP_PACKED_WIDE) */
  GPtrArray *reasms;   /* every reassembled buffer's Reasm (in mem), by Reasm.at */
  /* The frame records, in the order first visits made them (a frame's one after another, the
   * frames in increasing order), in chunks of TCP_REC_CHUNK that never move, found by frame:
   * rec_offs holds a byte by frame number - 1, 0 for none, else 1 + the place of the frame's
   * first record counted from its block's first (TcpRecBlock, one per TCP_REC_BLOCK frames);
   * a block whose records are too many for a byte keeps 1 + each place whole in rec_wide.
   * 1.1 bytes a frame; per-frame data would take 12 a record. */
  GPtrArray *rec_chunks;
  guint32 n_recs;
  GArray *rec_offs;    /* guint8 */
  GArray *rec_blocks;  /* TcpRecBlock */
  GArray *rec_wide;    /* guint32, TCP_REC_BLOCK for each wide block */
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
  guint32 reasm_at;    /* OP_CALL_REASM, OP_FRAGTREE: 1 + the buffer's place in TcpState.reasms */
} Op;

/* A step as TcpState.op_pool keeps it, 8 bytes: in word its kind (3 bits), flags (2 bits),
 * which of offset and reasm_at a holds (1 bit: the other is 0) and a (26 bits); its len whole.
 * A step whose values do not fit is OP_PACKED_WIDE, len its place in TcpState.wide_ops. */
typedef struct {
  guint32 word;
  guint32 len;
} OpPacked;
G_STATIC_ASSERT (sizeof (OpPacked) == 8);
#define OP_PACKED_WIDE 7
#define OP_PACKED_A_MAX ((1u << 26) - 1)

static inline OpPacked
wl_tcp_op_pack (TcpState *s, const Op *op)
{
  gboolean reasm = op->reasm_at != 0;
  guint32 a = reasm ? op->reasm_at : op->offset;
  if (op->kind < OP_PACKED_WIDE && op->flags <= 3 && a <= OP_PACKED_A_MAX && (!reasm || op->offset == 0))
    return (OpPacked) { (guint32) op->kind | (guint32) op->flags << 3 | (guint32) reasm << 5 | a << 6, op->len };
  g_array_append_val (s->wide_ops, *op);
  return (OpPacked) { OP_PACKED_WIDE, s->wide_ops->len - 1 };
}

/* Appends n steps to TcpState.op_pool, packed. */
static inline void
wl_tcp_ops_append (TcpState *s, const Op *ops, guint n)
{
  for (guint i = 0; i < n; i++)
    {
      OpPacked po = wl_tcp_op_pack (s, &ops[i]);
      g_array_append_val (s->op_pool, po);
    }
}

static inline Op
wl_tcp_op_unpack (const TcpState *s, OpPacked po)
{
  if ((po.word & 7) == OP_PACKED_WIDE)
    return g_array_index (s->wide_ops, Op, po.len);
  guint32 a = po.word >> 6;
  gboolean reasm = (po.word >> 5) & 1;
  return (Op) { (guint8) (po.word & 7), (guint8) ((po.word >> 3) & 3), reasm ? 0 : a, po.len, reasm ? a : 0 };
}

/* What few frames have: kept apart so that the common record stays small. */
typedef struct {
  guint32 rto_frame, dupack_num, dupack_frame, fin_retransmission;
  gint64 rto;
  /* a record's shared values that its conversation's TcpShared had no room for */
  guint32 seq_base, ack_base;
  gint16 win_scale;
  guint16 server_port;
  /* the frames a record refers to that are too far back to be counted in 16 bits */
  guint32 prev_frame, frame_acked;
} TcpFrameExtra;

/* The first entries of TcpState.op_pool: the plan of most frames, one hand-off of the whole
 * payload (without, then with can_desegment), shared */
enum { TCP_OPS_WHOLE_PAYLOAD = 0 };

/* One TCP layer of one frame as its first visit saw it (28 bytes): what the frame store's
 * timestamps give (the ACK's RTT, the time since the stream's previous frame) is not kept, the
 * conversation is its stream index (wl_tcp_frame_conv ()), the values its frames share are
 * its conversation's (TcpShared: wl_tcp_frame_shared ()), the frames it refers to are
 * counted back from its own (wl_tcp_frame_prev (), wl_tcp_frame_acked ()) and the rare values
 * are kept apart (has_extra: wl_tcp_frame_extra ()). */
typedef struct {
  guint32 stream;               /* tcp.stream: the conversation's place in TcpState.all
                                 * (first time, iRTT, MPTCP stream), G_MAXUINT32 for none */
  guint32 bytes_in_flight, push_bytes_sent;
  guint32 ops_at;               /* its plan: n_ops steps of TcpState.op_pool from there */
  guint16 prev_back;            /* its frame - the stream's frame before (0: its first) */
  guint16 acked_back;           /* 1 + its frame - the frame it acknowledges, 0: none */
  guint16 ta_flags;
  guint16 n_ops;
  guint8 completeness : 6;      /* C_* flags */
  guint8 prev_apart : 1;        /* the frame before, too far back, in its TcpFrameExtra */
  guint8 acked_apart : 1;       /* the frame acknowledged, too far back, in its TcpFrameExtra */
  guint8 has_seglen : 1, has_ta : 1, bogus_hlen : 1, mptcp : 1, mptcp_master : 1;
  guint8 fin_reassembled : 1, fin_active : 1, irtt_known : 1;
  guint8 has_extra : 1;
  guint8 flow : 1;              /* which of its conversation's flows sent it (TcpShared) */
  guint8 bases_apart : 1;       /* seq_base, ack_base and win_scale in its TcpFrameExtra */
  guint8 server_port_apart : 1; /* server_port in its TcpFrameExtra */
  guint8 seq_at : 1, ack_at : 1, win_scale_at : 1, server_port_at : 1; /* TcpShared entries */
  guint8 layer_key : 7;         /* which TCP layer of its frame (count_layers ()) */
  guint8 frame_start : 1;       /* the first record of its frame */
} TcpFrame;

/* The stream's frame before the record's (its own for a stream's first, 0 without one) */
static inline guint32
wl_tcp_frame_prev (const TcpFrame *fr, const TcpFrameExtra *x, guint32 number)
{
  if (fr->stream == G_MAXUINT32)
    return 0;
  return fr->prev_apart ? x->prev_frame : number - fr->prev_back;
}

/* The frame whose segment the record's acknowledges, 0: none */
static inline guint32
wl_tcp_frame_acked (const TcpFrame *fr, const TcpFrameExtra *x, guint32 number)
{
  if (fr->acked_apart)
    return x->frame_acked;
  return fr->acked_back ? number + 1 - fr->acked_back : 0;
}

/* Records per chunk of TcpState.rec_chunks */
#define TCP_REC_CHUNK 4096

/* A record's shared values (relative numbers, window scale, server port): from its
 * conversation, or its TcpFrameExtra when they did not fit there. */
typedef struct {
  guint32 seq_base, ack_base;   /* subtracted for relative numbers */
  gint16 win_scale;             /* the sender's window scale when this frame was seen */
  guint16 server_port;
} TcpFrameShared;

extern const TcpFrameExtra wl_tcp_no_extra;

/* The Info text TCP builds for a segment, gathered here and appended to the column at once
 * (printf per item costs more than the rest of the dissection). */
typedef struct {
  gboolean on;
  guint n;
  char s[480];
} InfoBuf;

static inline void
ib_flush (WlPacket *p, InfoBuf *b)
{
  if (b->on && b->n)
    g_string_append_len (p->col_info, b->s, b->n);
  b->n = 0;
}

static inline void
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

static inline void
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
static inline void
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

/* The TCP header fields the first pass needs. */
typedef struct {
  guint16 sport, dport, flags, win;
  guint32 seq, ack, hlen;
  guint32 reported_len;
  gboolean in_error;
} Hdr;

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
  guint16 server_port;   /* the record's (wl_tcp_frame_shared ()) */
  gboolean proto_locked;
  const char *locked_proto;
} Ctx;

typedef struct {
  guint32 desegment_offset, desegment_len;
  gboolean called;
} CallResult;

/* ---- tcp.c ---- */
/* The frame's conversation (an empty one when it has none), read-only. */
const TcpConvInfo *wl_tcp_frame_conv (const WlPacket *p, const TcpFrame *fr);
static inline guint32
wl_tcp_frame_stream (const TcpFrame *fr)
{
  return fr->stream == G_MAXUINT32 ? 0 : fr->stream;
}
WlNode *wl_tcp_add_pino (WlPacket *p, WlNode *parent, int proto, const WlView *v, guint32 off, guint32 len);
void wl_tcp_add_expert (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint32 off, guint32 len,
                        const char *severity, const char *group, const char *fmt, ...) G_GNUC_PRINTF (9, 10);
WlNode *wl_tcp_add_generated_uint (WlPacket *p, WlNode *parent, int hf, const WlView *v, guint64 value);
WlNode *wl_tcp_add_generated_time (WlPacket *p, WlNode *parent, int hf, const WlView *v, gint64 ns);

/* ---- tcp-analysis.c ---- */
TcpState *wl_tcp_state_get (WlPacket *p, int proto_tcp);
gpointer wl_tcp_state_alloc (TcpState *s, gsize size);
/* Zeroed memory for first-pass state only: freed whole when the first pass ends. */
gpointer wl_tcp_conv_alloc (TcpState *s, gsize size);
/* The end of the first pass (wl_session_first_pass_done ()): the conversations' info moved
 * to TcpState.infos, the analysis and reassembly state of their flows freed. */
void wl_tcp_finish (gpointer state);
TcpConv *wl_tcp_first_pass (WlPacket *p, TcpState *s, const Hdr *h, const WlAddress *src, const WlAddress *dst,
                            TcpFrame *fr, TcpFrameExtra *x, TcpFlow **out_fwd, TcpFlow **out_rev);
void wl_tcp_verify_window_scaling (gboolean is_synack, TcpFlow *fwd, TcpFlow *rev);
/* Keeps the rare values of the frame being visited first, when it has any. */
void wl_tcp_keep_extra (TcpState *s, TcpFrame *fr, const TcpFrameExtra *extra);
/* A new record (zeroed) for TCP layer layer_key of frame number, on its first visit. */
TcpFrame *wl_tcp_record_new (TcpState *s, guint32 number, guint layer_key);
/* The record of TCP layer layer_key of frame number, or NULL. */
TcpFrame *wl_tcp_record_get (const TcpState *s, guint32 number, guint layer_key);
/* The record's shared values (ci: its conversation, x: its rare values). */
TcpFrameShared wl_tcp_frame_shared (const TcpConvInfo *ci, const TcpFrame *fr, const TcpFrameExtra *x);
/* The record's plan: its n_ops steps, packed (wl_tcp_op_unpack ()). */
static inline const OpPacked *
wl_tcp_frame_ops (const TcpState *s, const TcpFrame *fr)
{
  return fr->n_ops ? &g_array_index (s->op_pool, OpPacked, fr->ops_at) : NULL;
}
/* The rare values of a frame visited before (all zero for most). */
const TcpFrameExtra *wl_tcp_frame_extra (WlPacket *p, int proto_tcp, const TcpFrame *fr);

/* ---- tcp-reassembly.c ---- */
void wl_tcp_reassembly_register (int proto_tcp);
void wl_tcp_reassembly_handoff (void);
/* Whether the port table hands a segment between these ports only to protocols p does not run
 * (WlPacket.pruned_protos): at least one port has a dissector, and every one that does is
 * pruned, so no heuristic or data dissector is tried either. */
gboolean wl_tcp_ports_pruned (const WlPacket *p, guint16 sport, guint16 dport);
CallResult wl_tcp_op_exec (Ctx *c, const Op *op);
CallResult wl_tcp_emit (Ctx *c, OpKind kind, guint8 flags, guint32 offset, guint32 len, const Reasm *reasm);
void wl_tcp_desegment (Ctx *c, guint32 offset, guint32 seq, guint32 nxtseq);
gboolean wl_tcp_reassemble_at_fin (Ctx *c, guint32 rel_seq, guint32 seglen);

/* ---- tcp-options.c ---- */
void wl_tcp_options_register (int proto_tcp);
gboolean wl_tcp_dissect_options (WlPacket *p, WlNode *opts, const WlView *v, guint32 off, guint32 length, OptCtx *oc);
void wl_tcp_mptcp_analysis (WlPacket *p, WlNode *top, const WlView *v, const TcpFrame *fr);
