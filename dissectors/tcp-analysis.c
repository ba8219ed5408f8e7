/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP's first pass: conversations keyed by the 4-tuple (the stream index), relative sequence
 * numbers, window scaling, and Wireshark's sequence analysis (retransmissions, duplicate ACKs,
 * lost and ACKed-unseen segments, window and keep-alive conditions, bytes in flight), as
 * tshark 4.0 computes them in its single pass. Runs only on a frame's first visit. */
#include "tcp-private.h"

const TcpFrameExtra wl_tcp_no_extra;

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

static void
conv_free (gpointer data)
{
  TcpConv *c = data;
  for (int i = 0; i < 2; i++)
    {
      if (c->flow[i].msps)
        g_tree_destroy (c->flow[i].msps);
    }
}

static void
state_free (gpointer data)
{
  TcpState *s = data;
  if (s->convs)
    g_hash_table_destroy (s->convs);
  g_ptr_array_free (s->all, TRUE);
  g_ptr_array_free (s->conv_mem.blocks, TRUE);
  g_ptr_array_free (s->mem.blocks, TRUE);
  g_free (s->infos);
  if (s->extras)
    g_hash_table_destroy (s->extras);
  if (s->ops)
    g_array_free (s->ops, TRUE);
  g_array_free (s->op_pool, TRUE);
  g_array_free (s->wide_ops, TRUE);
  g_ptr_array_free (s->reasms, TRUE);
  g_ptr_array_free (s->rec_chunks, TRUE);
  g_array_free (s->rec_offs, TRUE);
  g_array_free (s->rec_blocks, TRUE);
  g_array_free (s->rec_wide, TRUE);
  g_free (s);
}

void
wl_tcp_finish (gpointer state)
{
  TcpState *s = state;
  if (s->infos)
    return;
  /* the flows' state (unacked segments, PDUs being reassembled) and the 4-tuple index serve
   * first visits only: revisits read the per-frame records and the conversations' info */
  s->infos = g_new (TcpConvInfo, MAX (s->all->len, 1));
  for (guint i = 0; i < s->all->len; i++)
    {
      TcpConv *c = g_ptr_array_index (s->all, i);
      s->infos[i] = c->info;
      conv_free (c);
    }
  g_ptr_array_set_free_func (s->all, NULL);
  for (guint i = 0; i < s->all->len; i++)
    g_ptr_array_index (s->all, i) = &s->infos[i];
  g_clear_pointer (&s->convs, g_hash_table_destroy);
  g_ptr_array_set_size (s->conv_mem.blocks, 0);
  s->conv_mem.block = NULL;
  s->conv_mem.used = s->conv_mem.size = 0;
  if (s->ops)
    g_array_set_size (s->ops, 0);
}

TcpState *
wl_tcp_state_get (WlPacket *p, int proto_tcp)
{
  TcpState *s = wl_session_get_state (p->session, proto_tcp);
  if (!s)
    {
      s = g_new0 (TcpState, 1);
      s->convs = g_hash_table_new (conv_key_hash, conv_key_equal);
      s->all = g_ptr_array_new_with_free_func (conv_free);
      /* the conversations' blocks are big enough for malloc to map them apart: freed at the
       * end of the first pass, their pages go back to the system */
      s->conv_mem = (TcpMem) { g_ptr_array_new_with_free_func (g_free), NULL, 0, 0, (gsize) 1024 * 1024 };
      s->mem = (TcpMem) { g_ptr_array_new_with_free_func (g_free), NULL, 0, 0, (gsize) 64 * 1024 };
      s->op_pool = g_array_new (FALSE, FALSE, sizeof (OpPacked));
      s->wide_ops = g_array_new (FALSE, FALSE, sizeof (Op));
      s->reasms = g_ptr_array_new ();
      s->rec_chunks = g_ptr_array_new_with_free_func (g_free);
      s->rec_offs = g_array_new (FALSE, TRUE, sizeof (guint8));
      s->rec_blocks = g_array_new (FALSE, TRUE, sizeof (TcpRecBlock));
      s->rec_wide = g_array_new (FALSE, TRUE, sizeof (guint32));
      const Op whole_payload[2] = { { OP_CALL, 0, 0, 0, 0 }, { OP_CALL, 1, 0, 0, 0 } };
      wl_tcp_ops_append (s, whole_payload, 2);
      wl_session_set_state (p->session, proto_tcp, s, state_free);
      wl_session_set_state_finish (p->session, proto_tcp, wl_tcp_finish);
    }
  return s;
}

static gpointer
mem_alloc (TcpMem *m, gsize size)
{
  size = (size + 7) & ~(gsize) 7;
  if (!m->block || m->used + size > m->size)
    {
      gsize bs = MAX (size, m->block_size);
      m->block = g_malloc0 (bs);
      m->size = bs;
      m->used = 0;
      g_ptr_array_add (m->blocks, m->block);
    }
  gpointer r = m->block + m->used;
  m->used += size;
  return r;
}

/* Zeroed memory that lives as long as the session: the per-frame records are many and small,
 * so they are carved out of large blocks and freed all at once. */
static inline TcpFrame *
record_at (const TcpState *s, guint32 i)
{
  return &((TcpFrame *) g_ptr_array_index (s->rec_chunks, i / TCP_REC_CHUNK))[i % TCP_REC_CHUNK];
}

/* 1 + the place of frame number's first record, 0 for none. */
static guint32
first_record (const TcpState *s, guint32 number)
{
  guint32 f = number - 1, b = f / TCP_REC_BLOCK;
  if (number == 0 || number > s->rec_offs->len || b >= s->rec_blocks->len)
    return 0;
  const TcpRecBlock *blk = &g_array_index (s->rec_blocks, TcpRecBlock, b);
  if (blk->wide)
    return g_array_index (s->rec_wide, guint32, (blk->wide - 1) * TCP_REC_BLOCK + f % TCP_REC_BLOCK);
  guint8 off = g_array_index (s->rec_offs, guint8, f);
  return off ? blk->base + off - 1 : 0;
}

/* Notes record i (a place) as frame number's first. */
static void
set_first_record (TcpState *s, guint32 number, guint32 i)
{
  guint32 f = number - 1, b = f / TCP_REC_BLOCK;
  if (s->rec_offs->len < number)
    g_array_set_size (s->rec_offs, number);
  if (s->rec_blocks->len <= b)
    g_array_set_size (s->rec_blocks, b + 1);
  TcpRecBlock *blk = &g_array_index (s->rec_blocks, TcpRecBlock, b);
  if (!blk->base)
    blk->base = i + 1;
  if (!blk->wide && i + 1 - blk->base >= G_MAXUINT8)
    {
      /* this block's records are too many for a byte each: its places kept whole */
      guint32 start = s->rec_wide->len;
      g_array_set_size (s->rec_wide, start + TCP_REC_BLOCK);
      for (guint32 k = 0; k < TCP_REC_BLOCK && b * TCP_REC_BLOCK + k < s->rec_offs->len; k++)
        {
          guint8 off = g_array_index (s->rec_offs, guint8, b * TCP_REC_BLOCK + k);
          g_array_index (s->rec_wide, guint32, start + k) = off ? blk->base + off - 1 : 0;
        }
      blk->wide = start / TCP_REC_BLOCK + 1;
    }
  if (blk->wide)
    g_array_index (s->rec_wide, guint32, (blk->wide - 1) * TCP_REC_BLOCK + f % TCP_REC_BLOCK) = i + 1;
  else
    g_array_index (s->rec_offs, guint8, f) = (guint8) (i + 2 - blk->base);
}

TcpFrame *
wl_tcp_record_new (TcpState *s, guint32 number, guint layer_key)
{
  if (s->n_recs % TCP_REC_CHUNK == 0)
    g_ptr_array_add (s->rec_chunks, g_new0 (TcpFrame, TCP_REC_CHUNK));
  guint32 i = s->n_recs++;
  TcpFrame *fr = record_at (s, i);
  fr->layer_key = MIN (layer_key, 127u);
  if (!first_record (s, number))
    {
      set_first_record (s, number, i);
      fr->frame_start = TRUE;
    }
  return fr;
}

TcpFrame *
wl_tcp_record_get (const TcpState *s, guint32 number, guint layer_key)
{
  if (!s)
    return NULL;
  guint32 first = first_record (s, number);
  TcpFrame *found = NULL;
  /* the last of the layer's: a layer a heuristic dissector took back is made again */
  for (guint32 i = first; first && i <= s->n_recs; i++)
    {
      TcpFrame *fr = record_at (s, i - 1);
      if (i != first && fr->frame_start)
        break;
      if (fr->layer_key == MIN (layer_key, 127u))
        found = fr;
    }
  return found;
}

gpointer
wl_tcp_conv_alloc (TcpState *s, gsize size)
{
  return mem_alloc (&s->conv_mem, size);
}

gpointer
wl_tcp_state_alloc (TcpState *s, gsize size)
{
  return mem_alloc (&s->mem, size);
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
conv_new (TcpState *s, const ConvKey *key, gint64 ts, guint32 number)
{
  /* Many short conversations: carved out of the state's blocks, their arrays made on first
   * use, so that making and freeing one costs little. */
  TcpConv *c = mem_alloc (&s->conv_mem, sizeof *c);
  c->info.key = *key;
  c->info.stream = s->n_streams++;
  c->info.ts_first = ts;
  c->info.last_frame = number;
  c->info.first_frame = number;
  for (int i = 0; i < 2; i++)
    {
      TcpFlow *f = &c->flow[i];
      f->win_scale = -1;
      f->window = G_MAXUINT32;
      f->valid_bif = TRUE;
    }
  g_ptr_array_add (s->all, c);
  g_hash_table_replace (s->convs, &c->info.key, c);
  return c;
}

/* ---- Sequence analysis (first pass only) ---- */

typedef struct {
  TcpState *s;
  TcpConv *conv;
  TcpFlow *fwd, *rev;
  TcpFrame *fr;
  TcpFrameExtra *x;
} Ana;

/* Appends u to the flow's unacknowledged segments; a full array moves to one twice its size
 * in conv_mem (the old one stays there until the first pass ends). */
static void
segs_append (TcpState *s, TcpFlow *f, const Unacked *u)
{
  if (f->n_segs == f->cap_segs)
    {
      guint32 cap = f->cap_segs ? f->cap_segs * 2 : 4;
      Unacked *n = mem_alloc (&s->conv_mem, cap * sizeof (Unacked));
      if (f->n_segs)
        memcpy (n, f->segs, f->n_segs * sizeof (Unacked));
      f->segs = n;
      f->cap_segs = cap;
    }
  f->segs[f->n_segs++] = *u;
}

static void
segs_remove (TcpFlow *f, guint32 i)
{
  memmove (&f->segs[i], &f->segs[i + 1], (f->n_segs - i - 1) * sizeof (Unacked));
  f->n_segs--;
}

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
      gint64 ooo_thres = a->conv->info.ts_first_rtt ? a->conv->info.ts_first_rtt : 3000000;
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
          if (fwd->n_segs)
            {
              Unacked *u = &fwd->segs[0];
              x->rto = ts - u->ts;
              x->rto_frame = u->frame;
            }
        }
    }
finished_retrans:;

  guint32 nextseq = seq + seglen;
  if ((seglen || (flags & (TH_SYN | TH_FIN))) && fwd->n_segs < MAX_UNACKED_SEGMENTS)
    {
      if (flags & (TH_SYN | TH_FIN))
        nextseq += 1;
      Unacked u = { number, seq, nextseq, ts };
      segs_append (a->s, fwd, &u);
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
  for (guint32 i = rev->n_segs; i-- > 0;)
    {
      Unacked *u = &rev->segs[i];
      if (ack == u->nextseq)
        {
          fr->has_ta = TRUE;
          /* the RTT: ts - u->ts, the two frames' times */
          if (number - u->frame < G_MAXUINT16)
            fr->acked_back = (guint16) (number - u->frame + 1), fr->acked_apart = FALSE;
          else
            x->frame_acked = u->frame, fr->acked_apart = TRUE;
        }
      else if (GT_SEQ (ack, u->seq) && LE_SEQ (ack, u->nextseq))
        {
          u->seq = ack;
          continue;
        }
      else if (GT_SEQ (u->nextseq, ack))
        continue;
      segs_remove (rev, i);
    }

  /* Bytes in flight, from the unacknowledged segments of this direction */
  if (seglen != 0 && fwd->n_segs && fwd->valid_bif)
    {
      Unacked *u0 = &fwd->segs[fwd->n_segs - 1];
      guint32 first_seq = u0->seq - fwd->base_seq, last_seq = u0->nextseq - fwd->base_seq;
      for (guint32 i = 0; i < fwd->n_segs; i++)
        {
          Unacked *u = &fwd->segs[i];
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
void
wl_tcp_verify_window_scaling (gboolean is_synack, TcpFlow *fwd, TcpFlow *rev)
{
  if (fwd->win_scale == -1)
    {
      fwd->win_scale = -2;
      rev->win_scale = -2;
    }
  else if (is_synack && rev->win_scale == -2)
    fwd->win_scale = -2;
}

/* ---- First pass: the conversation and the analysis of one segment ---- */

/* The entry of vals (n used, TCP_SHARED_MAX at most) that holds v, added when missing;
 * TCP_SHARED_MAX when there is no room for it. */
static guint
shared_index (guint32 *vals, guint8 *n, guint32 v)
{
  for (guint i = 0; i < *n; i++)
    if (vals[i] == v)
      return i;
  if (*n == TCP_SHARED_MAX)
    return TCP_SHARED_MAX;
  vals[*n] = v;
  return (*n)++;
}

/* The record's relative-number bases and window scale, as its conversation's entries or, when
 * one does not fit, all three in its rare values. fr->flow is set. */
static void
note_bases (TcpShared *sh, TcpFrame *fr, TcpFrameExtra *x, guint32 seq_base, guint32 ack_base, gint16 win_scale)
{
  guint f = fr->flow;
  guint seq_at = shared_index (sh->base_seq[f], &sh->n_base_seq[f], seq_base);
  guint ack_at = shared_index (sh->base_seq[1 - f], &sh->n_base_seq[1 - f], ack_base);
  guint ws_at = shared_index (sh->win_scale[f], &sh->n_win_scale[f], (guint32) (gint32) win_scale);
  if (seq_at == TCP_SHARED_MAX || ack_at == TCP_SHARED_MAX || ws_at == TCP_SHARED_MAX)
    {
      fr->bases_apart = TRUE;
      x->seq_base = seq_base;
      x->ack_base = ack_base;
      x->win_scale = win_scale;
      return;
    }
  fr->seq_at = seq_at & 1;
  fr->ack_at = ack_at & 1;
  fr->win_scale_at = ws_at & 1;
}

static void
note_server_port (TcpShared *sh, TcpFrame *fr, TcpFrameExtra *x, guint16 port)
{
  guint at = shared_index (sh->server_port, &sh->n_server_port, port);
  if (at == TCP_SHARED_MAX)
    {
      fr->server_port_apart = TRUE;
      x->server_port = port;
      return;
    }
  fr->server_port_at = at & 1;
}

TcpFrameShared
wl_tcp_frame_shared (const TcpConvInfo *ci, const TcpFrame *fr, const TcpFrameExtra *x)
{
  /* a record without a conversation (not seen on the first pass): no bases, scale unknown */
  if (fr->stream == G_MAXUINT32)
    return (TcpFrameShared) { 0, 0, -1, 0 };
  const TcpShared *sh = &ci->shared;
  TcpFrameShared r;
  if (fr->bases_apart)
    {
      r.seq_base = x->seq_base;
      r.ack_base = x->ack_base;
      r.win_scale = x->win_scale;
    }
  else
    {
      r.seq_base = sh->base_seq[fr->flow][fr->seq_at];
      r.ack_base = sh->base_seq[1 - fr->flow][fr->ack_at];
      r.win_scale = (gint16) (gint32) sh->win_scale[fr->flow][fr->win_scale_at];
    }
  r.server_port = fr->server_port_apart ? x->server_port : (guint16) sh->server_port[fr->server_port_at];
  return r;
}

/* Finds or makes the conversation, runs the analysis and fills the frame record. Returns the
 * conversation (for the option pass). */
TcpConv *
wl_tcp_first_pass (WlPacket *p, TcpState *s, const Hdr *h, const WlAddress *src, const WlAddress *dst,
            TcpFrame *fr, TcpFrameExtra *x, TcpFlow **out_fwd, TcpFlow **out_rev)
{
  ConvKey key;
  conv_key_make (&key, src, dst, h->sport, h->dport);
  TcpConv *conv = g_hash_table_lookup (s->convs, &key);
  gboolean is_new = FALSE;
  if (!conv)
    {
      conv = conv_new (s, &key, p->ts_ns, p->number);
      is_new = TRUE;
    }
  int dir = direction_of (src, dst, h->sport, h->dport) >= 0 ? 0 : 1;
  TcpFlow *fwd = &conv->flow[dir], *rev = &conv->flow[1 - dir];

  /* A SYN with another initial sequence number starts a new conversation on the same ports. */
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_SYN && (fwd->static_flags & S_BASE_SEQ_SET))
    {
      if (h->seq != fwd->base_seq)
        {
          conv = conv_new (s, &key, p->ts_ns, p->number);
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

  fr->stream = conv->info.stream; /* s->all[stream] == &conv->info */
  fr->completeness = conv->completeness;
  fwd->num_sack_ranges = 0;

  if (p->number - conv->info.last_frame <= G_MAXUINT16)
    fr->prev_back = (guint16) (p->number - conv->info.last_frame);
  else
    {
      fr->prev_apart = TRUE;
      x->prev_frame = conv->info.last_frame;
    }
  conv->info.last_frame = p->number;

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
      Ana a = { s, conv, fwd, rev, fr, x };
      analyze_sequence (&a, p->number, p->ts_ns, h->seq, h->ack, seglen, h->flags, h->win);
    }
  fr->flow = (guint8) dir;
  note_bases (&conv->info.shared, fr, x, fwd->base_seq, rev->base_seq, (gint16) fwd->win_scale);

  if (h->hlen < 20)
    {
      fr->bogus_hlen = TRUE;
      note_server_port (&conv->info.shared, fr, x, 0); /* none known to this record */
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
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_ACK && conv->ts_mru_syn && !conv->info.ts_first_rtt)
    conv->info.ts_first_rtt = p->ts_ns - conv->ts_mru_syn;
  if ((h->flags & (TH_SYN | TH_ACK)) == TH_ACK)
    fwd->is_first_ack = FALSE;
  fr->irtt_known = conv->info.ts_first_rtt != 0;
  note_server_port (&conv->info.shared, fr, x, conv->server_port);
  *out_fwd = fwd;
  *out_rev = rev;
  return conv;
}

/* The rare values of a frame's record, copied out of the first visit's stack into a table of
 * their own: most frames have none, and their records no pointer to them. */
void
wl_tcp_keep_extra (TcpState *s, TcpFrame *fr, const TcpFrameExtra *extra)
{
  /* member by member: the struct has padding */
  if (!extra->rto_frame && !extra->dupack_num && !extra->dupack_frame && !extra->fin_retransmission
      && !extra->rto && !extra->seq_base && !extra->ack_base && !extra->win_scale && !extra->server_port
      && !extra->prev_frame && !extra->frame_acked)
    return;
  TcpFrameExtra *x = wl_tcp_state_alloc (s, sizeof *x);
  *x = *extra;
  if (!s->extras)
    s->extras = g_hash_table_new (NULL, NULL);
  g_hash_table_insert (s->extras, fr, x);
  fr->has_extra = 1;
}

const TcpFrameExtra *
wl_tcp_frame_extra (WlPacket *p, int proto_tcp, const TcpFrame *fr)
{
  if (!fr->has_extra)
    return &wl_tcp_no_extra;
  TcpState *s = wl_tcp_state_get (p, proto_tcp);
  const TcpFrameExtra *x = s->extras ? g_hash_table_lookup (s->extras, fr) : NULL;
  return x ? x : &wl_tcp_no_extra;
}
