/* SPDX-License-Identifier: GPL-2.0-or-later */
/* TCP's hand-off of payload: Wireshark's in-order desegmentation (a subdissector that needs more
 * bytes sets desegment_offset/len; the bytes wait in a multisegment PDU until a later segment
 * completes it), recorded per frame as a plan so that a revisit replays exactly what the first
 * pass did, rebuilding reassembled bytes from the frames they came from. */
#include "tcp-private.h"
#include "tcp.h"

static int proto_tcp = -1;
static int hf_segment_data = -1, hf_segments = -1, hf_segment = -1, hf_segment_count = -1;
static int hf_reassembled_length = -1, hf_reassembled_data = -1, hf_pdu_size = -1;
static int hf_reassembled_in = -1;
extern int wl_hf_malformed, wl_hf_malformed_reassembly; /* frame.c */
static WlTable *port_table;

/* ---- Reassembly (first pass) ---- */

static gint
seq_cmp (gconstpointer a, gconstpointer b, gpointer user_data)
{
  guint32 x = GPOINTER_TO_UINT (a), y = GPOINTER_TO_UINT (b);
  return x < y ? -1 : x > y;
}


static Msp *
msp_lookup (TcpFlow *f, guint32 seq)
{
  return f->msps ? g_tree_lookup (f->msps, GUINT_TO_POINTER (seq)) : NULL;
}

/* The PDU starting at the highest sequence number <= seq (unsigned, as Wireshark's tree). */
static Msp *
msp_lookup_le (TcpFlow *f, guint32 seq)
{
  if (!f->msps)
    return NULL;
  GTreeNode *n = g_tree_upper_bound (f->msps, GUINT_TO_POINTER (seq));
  n = n ? g_tree_node_previous (n) : g_tree_node_last (f->msps);
  return n ? g_tree_node_value (n) : NULL;
}

/* A PDU and its pieces live in the conversations' blocks (wl_tcp_conv_alloc ()), freed whole
 * when the first pass ends: thousands of small mallocs would leave holes in the heap. */
static Msp *
msp_new (TcpState *s, TcpFlow *f, guint32 number, guint32 seq, guint32 nxtpdu)
{
  Msp *m = wl_tcp_conv_alloc (s, sizeof (Msp));
  m->seq = seq;
  m->nxtpdu = nxtpdu;
  m->first_frame = m->last_frame = number;
  if (!f->msps)
    f->msps = g_tree_new_full (seq_cmp, NULL, NULL, NULL);
  g_tree_replace (f->msps, GUINT_TO_POINTER (seq), m);
  return m;
}

/* Inserts q as piece at of m's; a full list moves to one twice its size. */
static void
frags_insert (TcpState *s, Msp *m, guint32 at, const Piece *q)
{
  if (m->n_frags == m->cap_frags)
    {
      guint32 cap = m->cap_frags ? m->cap_frags * 2 : 4;
      Piece *n = wl_tcp_conv_alloc (s, cap * sizeof (Piece));
      if (m->n_frags)
        memcpy (n, m->frags, m->n_frags * sizeof (Piece));
      m->frags = n;
      m->cap_frags = cap;
    }
  memmove (&m->frags[at + 1], &m->frags[at], (m->n_frags - at) * sizeof (Piece));
  m->frags[at] = *q;
  m->n_frags++;
}

gboolean
wl_tcp_ports_pruned (const WlPacket *p, guint16 sport, guint16 dport)
{
  WlDissector *a = sport ? wl_table_lookup (port_table, sport) : NULL;
  WlDissector *b = dport ? wl_table_lookup (port_table, dport) : NULL;
  return (a || b) && (!a || wl_dissector_pruned (p, a)) && (!b || wl_dissector_pruned (p, b));
}

typedef enum { FRAG_INCOMPLETE, FRAG_COMPLETE, FRAG_ERROR } FragResult;

/* Wireshark's fragment_add for one PDU: adds len bytes at pdu_off; the PDU is complete when all
 * of [0, datalen) is there, datalen being known from the fragment without more_frags. */
static FragResult
msp_add (TcpState *s, Msp *m, guint32 number, const Piece *piece, gboolean more_frags)
{
  if (m->n_frags && number <= m->max_frame)
    for (guint i = 0; i < m->n_frags; i++)
      {
        Piece *q = &m->frags[i];
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
  guint32 at = m->n_frags;
  for (guint32 i = 0; i < m->n_frags; i++)
    if (piece->pdu_off < m->frags[i].pdu_off)
      {
        at = i;
        break;
      }
  frags_insert (s, m, at, piece);
  if (!m->datalen_set)
    return FRAG_INCOMPLETE;
  guint32 max = 0;
  for (guint i = 0; i < m->n_frags; i++)
    {
      Piece *q = &m->frags[i];
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
  Reasm *r = wl_tcp_state_alloc (s, sizeof (Reasm) + sizeof (Piece) * m->n_frags);
  r->len = m->datalen;
  r->n_pieces = m->n_frags;
  r->at = s->reasms->len;
  g_ptr_array_add (s->reasms, r);
  if (m->n_frags)
    memcpy (r->pieces, m->frags, sizeof (Piece) * m->n_frags);
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



/* The source a reassembled piece points to: the frame's own bytes when possible. */
static Piece
piece_make (Ctx *c, const WlView *v, guint32 off, guint32 len, guint32 pdu_off)
{
  Piece q = { c->p->number, 0, len, pdu_off, NULL };
  if (v->source == 0)
    q.frame_off = v->base + off;
  else
    {
      guint8 *copy = wl_tcp_state_alloc (c->state, len);
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
  guint32 tries[3] = { c->server_port, low, high };
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
  wl_tcp_add_generated_uint (p, st, hf_segment_count, rv, r->n_pieces);
  wl_tcp_add_generated_uint (p, st, hf_reassembled_length, rv, r->len);
  WlNode *d = wl_add_bytes_value (p, st, hf_reassembled_data, rv, 0, rv->len, rv->data, rv->len);
  wl_node_set_generated (d);
  if (!c->parent)
    move_after (p, NULL, st, c->top);
}



/* Carries out one step of the plan, on the first pass as it is made and on revisits. */
/* The reassembled buffer a step of a plan hands on or shows */
static const Reasm *
op_reasm (const Ctx *c, const Op *op)
{
  const TcpState *s = c->state ? c->state : wl_session_get_state (c->p->session, proto_tcp);
  return g_ptr_array_index (s->reasms, op->reasm_at - 1);
}

CallResult
wl_tcp_op_exec (Ctx *c, const Op *op)
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
            const Reasm *r = op_reasm (c, op);
            guint8 *buf = reasm_build (p, r);
            v = wl_packet_add_source (p, buf, r->len, "Reassembled TCP");
          }
        else
          v = wl_view_sub (&payload, op->offset, G_MAXUINT32);
        const char *saved_proto = p->col_protocol;
        gboolean saved_payload = p->is_tcp_payload;
        p->desegment_offset = 0;
        p->desegment_len = 0;
        p->can_desegment = (op->flags & 1) != 0;
        p->stream = wl_tcp_frame_stream (c->fr);
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
        const Reasm *r = op_reasm (c, op);
        guint8 *buf = reasm_build (p, r);
        WlView rv = { buf, r->len, r->len, 0, 0 };
        for (guint i = 0; i < p->n_sources; i++)
          if (p->sources[i].len == r->len && memcmp (p->sources[i].data, buf, r->len) == 0)
            {
              rv.data = p->sources[i].data;
              rv.source = (guint8) (i + 1);
            }
        add_fragment_tree (c, r, &rv);
        break;
      }
    case OP_REASM_ERROR:
      {
        /* Wireshark throws here: the rest of the segment is not dissected */
        const char *msg = op->flags ? "New fragment overlaps old data (retransmission?)"
                                    : "Frame already added in first pass";
        if (wl_cols (p))
          wl_col_append_info (p, "[Reassembly error, protocol TCP: %s]", msg);
        WlNode *m = wl_hf_malformed >= 0 ? wl_tcp_add_pino (p, NULL, wl_hf_malformed, &payload, 0, 0) : NULL;
        wl_node_set_generated (m);
        wl_node_set_label (p, m, "Reassembly error, protocol TCP: %s", msg);
        wl_tcp_add_expert (p, m, wl_hf_malformed_reassembly, &payload, 0, 0, "Error", "Malformed", "%s", msg);
        break;
      }
    }
  return res;
}

/* First pass: records a step of the plan and carries it out. */
CallResult
wl_tcp_emit (Ctx *c, OpKind kind, guint8 flags, guint32 offset, guint32 len, const Reasm *reasm)
{
  Op op = { (guint8) kind, flags, offset, len, reasm ? reasm->at + 1 : 0 };
  g_array_append_val (c->ops, op);
  return wl_tcp_op_exec (c, &op);
}

/* Wireshark's desegment_tcp (in-order reassembly, as tshark 4.0 does by default), first pass.
 * offset is into the payload; seq/nxtseq are relative. */
void
wl_tcp_desegment (Ctx *c, guint32 offset, guint32 seq, guint32 nxtseq)
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
        wl_tcp_emit (c, OP_SEGMENT_INFO, 2, 0, 0, NULL);
      wl_tcp_emit (c, OP_SEGMENT, retrans ? 1 : 0, offset, wl_view_reported_remaining (&payload, offset), NULL);
      return;
    }
  if (fr->has_ta)
    {
      if (fr->ta_flags & A_SPURIOUS_RETRANSMISSION)
        return;
      if (fr->ta_flags & A_RETRANSMISSION)
        {
          wl_tcp_emit (c, OP_SEGMENT, 1, offset, wl_view_reported_remaining (&payload, offset), NULL);
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
      FragResult fres = msp_add (c->state, msp, p->number, &q, LT_SEQ (nxtseq, msp->nxtpdu));
      if (fres == FRAG_ERROR)
        {
          wl_tcp_emit (c, OP_REASM_ERROR, 1, 0, 0, NULL);
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
      res = wl_tcp_emit (c, OP_CALL, 1, offset, 0, NULL);
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
      res = wl_tcp_emit (c, OP_CALL_REASM, 1, 0, 0, r);
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
              Msp *nm = msp_new (c->state, fwd, p->number, msp->seq + split, msp->nxtpdu);
              guint32 first_frame = 0;
              for (guint i = 0; i < msp->n_frags; i++)
                {
                  Piece *q = &msp->frags[i];
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
                      frags_insert (c->state, nm, nm->n_frags, &nq);
                      if (nq.frame > nm->max_frame)
                        nm->max_frame = nq.frame;
                    }
                }
              if (first_frame)
                nm->first_frame = first_frame;
              /* the first PDU ends at the split */
              guint32 keep = 0;
              for (guint i = 0; i < msp->n_frags; i++)
                {
                  Piece *q = &msp->frags[i];
                  if (q->pdu_off < split)
                    {
                      if (q->pdu_off + q->len > split)
                        q->len = split - q->pdu_off;
                      msp->frags[keep++] = *q;
                    }
                }
              msp->n_frags = keep;
              msp->datalen = split;
              msp->nxtpdu = msp->seq + split;
              wl_tcp_emit (c, OP_FRAGTREE, 0, 0, 0, msp_snapshot (c->state, msp));
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
          wl_tcp_emit (c, OP_SEGMENT, 0, offset, nbytes, NULL);
          wl_tcp_emit (c, OP_FRAGTREE, 0, 0, 0, r);
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
              m = msp_new (c->state, fwd, p->number, deseg_seq, nxtseq + 1);
              m->flags |= MSP_ENTIRE_SEGMENT;
            }
          else if (res.desegment_len == WL_DESEGMENT_UNTIL_FIN)
            m = msp_new (c->state, fwd, p->number, deseg_seq, nxtseq + 0x40000000);
          else
            m = msp_new (c->state, fwd, p->number, deseg_seq, nxtseq + res.desegment_len);
          Piece q = piece_make (c, &payload, deseg_offset, nxtseq - deseg_seq, 0);
          msp_add (c->state, m, p->number, &q, LT_SEQ (nxtseq, m->nxtpdu));
        }
    }

  if (!called || res.desegment_len != 0)
    {
      guint8 f = 0;
      if (res.desegment_offset == 0)
        f = 1 | (first_pdu ? 2 : 0);
      if (f)
        wl_tcp_emit (c, OP_SEGMENT_INFO, f, 0, 0, NULL);
      guint32 nbytes = another_pdu_follows ? another_pdu_follows : wl_view_reported_remaining (&payload, deseg_offset);
      wl_tcp_emit (c, OP_SEGMENT, 0, deseg_offset, nbytes, NULL);
    }

  if (another_pdu_follows)
    {
      wl_tcp_emit (c, OP_FENCE, 0, 0, 0, NULL);
      first_pdu = FALSE;
      offset += another_pdu_follows;
      seq += another_pdu_follows;
      goto again;
    }
}

/* Reassembly until the end of the stream (WL_DESEGMENT_UNTIL_FIN): the FIN of the flow completes
 * the PDU, which is then handed on whole. Returns whether it was (first pass). */
gboolean
wl_tcp_reassemble_at_fin (Ctx *c, guint32 rel_seq, guint32 seglen)
{
  WlPacket *p = c->p;
  WlView payload = wl_view_sub (c->v, c->hlen, G_MAXUINT32);
  Msp *msp = msp_lookup_le (c->fwd, rel_seq);
  if (!msp)
    return FALSE;
  Piece q = piece_make (c, &payload, 0, MIN (seglen, payload.len), rel_seq - msp->seq);
  if (msp_add (c->state, msp, p->number, &q, FALSE) != FRAG_COMPLETE || msp->reassembled_in != p->number)
    return FALSE;
  const Reasm *r = msp_snapshot (c->state, msp);
  wl_tcp_emit (c, OP_FRAGTREE, 0, 0, 0, r);
  wl_tcp_emit (c, OP_CALL_REASM, 0, 0, 0, r);
  return TRUE;
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


static WlFieldReg fields[] = {
  { &hf_segment, { "TCP Segment", "tcp.segment", WL_FT_FRAMENUM } },
  { &hf_segments, { "Reassembled TCP Segments", "tcp.segments", WL_FT_NONE } },
  { &hf_segment_count, { "Segment count", "tcp.segment.count", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_reassembled_in, { "Reassembled PDU in frame", "tcp.reassembled_in", WL_FT_FRAMENUM } },
  { &hf_reassembled_length, { "Reassembled TCP length", "tcp.reassembled.length", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_reassembled_data, { "Reassembled TCP Data", "tcp.reassembled.data", WL_FT_BYTES } },
  { &hf_segment_data, { "TCP segment data", "tcp.segment_data", WL_FT_BYTES } },
  { &hf_pdu_size, { "PDU Size", "tcp.pdu.size", WL_FT_UINT32, WL_BASE_DEC } },
};

void
wl_tcp_reassembly_register (int proto)
{
  proto_tcp = proto;
  wl_fields_register (proto, fields, G_N_ELEMENTS (fields));
}

void
wl_tcp_reassembly_handoff (void)
{
  port_table = wl_table_new ("tcp.port");
}
