/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Running a compiled filter on one dissected packet. A field's values are all its
 * occurrences in the packet (every node of every field of that name); a comparison tests
 * pairs of values, "any" pair for ==, > ... and "every" pair for != and ===, as tshark 4.0's
 * DFVM does. A field that is absent makes its comparison false (so "tcp.port != 22" is false
 * for UDP packets, and "!tcp.port == 22" true). Values computed here (slices, arithmetic,
 * function results) live in the packet's arena: the filter itself is never written. */
#include <string.h>
#include "dfilter-int.h"

gpointer
df_eval_alloc (gpointer eval, gsize size)
{
  return wl_arena_alloc (((DfEval *) eval)->arena, size);
}

static void
values_add (DfEval *e, DfValues *vals, guint *cap, const DfValue *v)
{
  if (vals->n == *cap)
    {
      guint ncap = *cap ? *cap * 2 : 4;
      DfValue *nv = wl_arena_alloc (e->arena, sizeof (DfValue) * ncap);
      if (vals->n)
        memcpy (nv, vals->v, sizeof (DfValue) * vals->n);
      vals->v = nv;
      *cap = ncap;
    }
  vals->v[vals->n++] = *v;
}

void
df_value_from_node (const WlPacket *p, const WlNode *n, DfValue *v)
{
  memset (v, 0, sizeof *v);
  WlFieldType t = n->field->type;
  v->type = t;
  switch (t)
    {
    case WL_FT_INT8:
    case WL_FT_INT16:
    case WL_FT_INT24:
    case WL_FT_INT32:
    case WL_FT_INT64:
    case WL_FT_ABSOLUTE_TIME:
    case WL_FT_RELATIVE_TIME:
      v->v.i = n->v.i;
      break;
    case WL_FT_DOUBLE:
      v->v.d = n->v.d;
      break;
    case WL_FT_IPv4:
      v->v.u = n->v.u;
      v->prefix = 32;
      break;
    case WL_FT_IPv6:
      v->v.p = n->v.b.p;
      v->len = 16;
      v->prefix = 128;
      break;
    case WL_FT_ETHER:
    case WL_FT_BYTES:
    case WL_FT_STRING:
      v->v.p = n->v.b.p;
      v->len = v->v.p ? n->v.b.len : 0;
      break;
    case WL_FT_PROTOCOL:
      {
        v->v.p = n->v.b.p;
        v->len = v->v.p ? n->v.b.len : 0;
        /* the data the protocol's dissector was given runs to the end of its source */
        const guint8 *base = p->data;
        guint32 blen = p->caplen;
        if (n->source > 0 && n->source <= p->n_sources)
          {
            base = p->sources[n->source - 1].data;
            blen = p->sources[n->source - 1].len;
          }
        if (v->v.p && base && v->v.p >= base && v->v.p <= base + blen)
          v->ext_len = (guint32) (base + blen - v->v.p);
        v->ext_len = MAX (v->ext_len, v->len);
      }
      break;
    case WL_FT_NONE:
      break;
    default:
      v->v.u = n->v.u;
      break;
    }
}

static gboolean
ref_has_id (const DfFieldRef *ref, int id)
{
  for (guint i = 0; i < ref->n_ids; i++)
    if (ref->ids[i] == id)
      return TRUE;
  return FALSE;
}

/* Whether a layer number (1-based) is in the range, as tshark's drange_contains_layer;
 * max is the highest layer any value of the field is in. */
static gboolean
layer_in_range (const DfDrange *dr, int layer, int max)
{
  for (guint i = 0; i < dr->n; i++)
    {
      const DfRangeNode *rn = &dr->nodes[i];
      gint64 lower = rn->start, upper;
      if (lower < 0)
        lower += max + 1;
      if (rn->ending == DF_RANGE_LENGTH)
        upper = lower + rn->end - 1;
      else if (rn->ending == DF_RANGE_OFFSET)
        upper = rn->end;
      else
        upper = G_MAXINT;
      if (layer >= lower && layer <= upper)
        return TRUE;
    }
  return FALSE;
}

/* The values of field#layer: each value's layer is the count of its protocol's nodes before
 * it in the packet. */
static void
load_layered (DfEval *e, const DfNode *n, DfValues *out)
{
  const DfFieldRef *ref = &n->u.field.ref;
  GArray *layers = g_array_new (FALSE, FALSE, sizeof (int));
  GPtrArray *nodes = g_ptr_array_new ();
  GHashTable *counts = g_hash_table_new (NULL, NULL);
  int max = 0;
  for (const WlNode *nd = e->p->all_first; nd; nd = nd->next_in_frame)
    {
      if (!nd->field)
        continue;
      if (nd->field->type == WL_FT_PROTOCOL && nd->field->id == nd->field->proto_id)
        {
          gpointer k = GINT_TO_POINTER (nd->field->id);
          g_hash_table_insert (counts, k, GINT_TO_POINTER (GPOINTER_TO_INT (g_hash_table_lookup (counts, k)) + 1));
        }
      if (ref_has_id (ref, nd->field->id))
        {
          int layer = GPOINTER_TO_INT (g_hash_table_lookup (counts, GINT_TO_POINTER (nd->field->proto_id)));
          g_array_append_val (layers, layer);
          g_ptr_array_add (nodes, (gpointer) nd);
          max = MAX (max, layer);
        }
    }
  guint cap = 0;
  for (guint i = 0; i < nodes->len; i++)
    if (layer_in_range (n->u.field.layer, g_array_index (layers, int, i), max))
      {
        DfValue v;
        df_value_from_node (e->p, nodes->pdata[i], &v);
        values_add (e, out, &cap, &v);
      }
  g_hash_table_destroy (counts);
  g_ptr_array_free (nodes, TRUE);
  g_array_free (layers, TRUE);
}

/* FALSE when the field is absent (no value). Values are read once per packet into the
 * field's slot, which a later read of the same slot gets whatever its layer (compile.c). */
static gboolean
load_field (DfEval *e, const DfNode *n, DfValues *out, gboolean use_slot)
{
  const DfFieldRef *ref = &n->u.field.ref;
  int slot = use_slot ? ref->slot : -1;
  if (slot >= 0 && e->loaded[slot])
    {
      *out = e->slots[slot];
      return out->n > 0;
    }
  DfValues vals = { NULL, 0 };
  if (n->u.field.layer)
    load_layered (e, n, &vals);
  else
    {
      guint cap = 0;
      for (guint i = 0; i < ref->n_ids; i++)
        for (const WlNode *nd = wl_packet_first (e->p, ref->ids[i]); nd; nd = wl_packet_next (nd, ref->ids[i]))
          {
            DfValue v;
            df_value_from_node (e->p, nd, &v);
            values_add (e, &vals, &cap, &v);
          }
    }
  if (slot >= 0)
    {
      e->slots[slot] = vals;
      e->loaded[slot] = 1;
    }
  *out = vals;
  return vals.n > 0;
}

static gboolean eval_values (DfEval *e, const DfNode *n, DfValues *out);

/* One slice of one value (tshark's fvalue_slice: a range that does not fit ends the slice
 * there, keeping what came before). */
static void
slice_value (DfEval *e, const DfValue *v, const DfDrange *dr, DfValue *out)
{
  guint8 scratch[4];
  guint32 len;
  const guint8 *p = df_value_bytes (v, scratch, &len);
  len = MIN (len, df_value_length (v));
  memset (out, 0, sizeof *out);
  out->type = WL_FT_BYTES;
  guint8 *buf = NULL;
  guint32 used = 0;
  for (guint i = 0; i < dr->n; i++)
    {
      const DfRangeNode *rn = &dr->nodes[i];
      gint64 start = rn->start, length;
      if (start < 0)
        {
          start += len;
          if (start < 0)
            break;
        }
      if (rn->ending == DF_RANGE_TO_END)
        length = (gint64) len - start;
      else if (rn->ending == DF_RANGE_LENGTH)
        {
          length = rn->end;
          if (start + length > (gint64) len)
            break;
        }
      else
        {
          gint64 end = rn->end;
          if (end < 0)
            {
              end += len;
              if (end < start)
                break;
            }
          else if (end >= (gint64) len)
            break;
          length = end - start + 1;
        }
      if (length <= 0)
        break;
      if (dr->n == 1 && p != scratch)
        {
          out->v.p = p + start;
          out->len = (guint32) length;
          return;
        }
      if (!buf)
        buf = wl_arena_alloc (e->arena, (gsize) MAX (len, 1) * dr->n);
      memcpy (buf + used, p + start, (gsize) length);
      used += (guint32) length;
    }
  out->v.p = buf ? buf : (const guint8 *) "";
  out->len = used;
}

static gboolean
call_function (DfEval *e, const DfNode *n, DfValues *out)
{
  guint np = n->u.func.n_params;
  DfValues *args = wl_arena_alloc (e->arena, sizeof (DfValues) * MAX (np, 1));
  for (guint i = 0; i < np; i++)
    if (!eval_values (e, n->u.func.params[i], &args[i]))
      args[i].n = 0;
  out->n = 0;
  out->v = NULL;
  if (!n->u.func.def->eval (e, args, np, out))
    return FALSE;
  return TRUE;
}

static gboolean
eval_values (DfEval *e, const DfNode *n, DfValues *out)
{
  switch (n->kind)
    {
    case DF_NODE_FIELD:
      return load_field (e, n, out, TRUE);
    case DF_NODE_VALUE:
      out->v = (DfValue *) &n->u.value;
      out->n = 1;
      return TRUE;
    case DF_NODE_SLICE:
      {
        DfValues in;
        if (!eval_values (e, n->u.slice.entity, &in))
          return FALSE;
        out->v = wl_arena_alloc (e->arena, sizeof (DfValue) * MAX (in.n, 1));
        out->n = in.n;
        for (guint i = 0; i < in.n; i++)
          slice_value (e, &in.v[i], n->u.slice.range, &out->v[i]);
        return TRUE;
      }
    case DF_NODE_FUNCTION:
      return call_function (e, n, out);
    case DF_NODE_ARITH:
      {
        DfValues a, b = { NULL, 0 };
        gboolean unary = n->u.arith.op == DF_ARITH_UNARY_MINUS;
        if (!eval_values (e, n->u.arith.a, &a))
          return FALSE;
        if (!unary && !eval_values (e, n->u.arith.b, &b))
          return FALSE;
        guint cap = 0;
        out->v = NULL;
        out->n = 0;
        for (guint i = 0; i < a.n; i++)
          for (guint j = 0; j < (unary ? 1 : b.n); j++)
            {
              DfValue r;
              if (df_value_arith (n->u.arith.op, &a.v[i], unary ? NULL : &b.v[j], &r, df_eval_alloc, e))
                values_add (e, out, &cap, &r);
            }
        return TRUE;
      }
    default:
      /* references: no frame is selected, so they have no value */
      return FALSE;
    }
}

/* ---- Relations ---- */

typedef enum { CMP_EQ, CMP_NE, CMP_GT, CMP_GE, CMP_LT, CMP_LE, CMP_CONTAINS } CmpKind;

/* Whether the order relation k holds for a three-way comparison c (<0, 0, >0). */
static inline gboolean
cmp_holds (CmpKind k, int c)
{
  switch (k)
    {
    case CMP_EQ: return c == 0;
    case CMP_NE: return c != 0;
    case CMP_GT: return c > 0;
    case CMP_GE: return c >= 0;
    case CMP_LT: return c < 0;
    default: return c <= 0;
    }
}

static int
compare (CmpKind k, const DfValue *x, const DfValue *y)
{
  if (k == CMP_CONTAINS)
    return df_value_contains (x, y);
  int c;
  if (!df_value_cmp (x, y, &c))
    return DF_BADARG;
  return cmp_holds (k, c);
}

/* any: some pair is TRUE; all: no pair is FALSE (pairs that cannot be compared are skipped). */
static gboolean
quantified (gboolean all, CmpKind k, const DfValues *a, const DfValues *b)
{
  for (guint i = 0; i < a->n; i++)
    for (guint j = 0; j < b->n; j++)
      {
        int r = compare (k, &a->v[i], &b->v[j]);
        if (all && r == DF_FALSE)
          return FALSE;
        if (!all && r == DF_TRUE)
          return TRUE;
      }
  return all;
}

/* A test of an unsigned integer field against an unsigned constant (tcp.port == 22; the
 * compiler marks them, DfNode.u.test.uint_test), the commonest kind: the nodes' values
 * compared where they are, without gathering them as DfValues first (that took a quarter of a
 * port filter's time). FALSE in *done when the field's slot already holds values; otherwise
 * the result, as quantified () would give it. */
static gboolean
quantified_uint (const DfEval *e, const DfNode *fa, const DfNode *vb, gboolean all, CmpKind k, gboolean *done)
{
  const DfFieldRef *ref = &fa->u.field.ref;
  /* a slot filled by an earlier read holds what this read must see (a layered first read
   * keeps the field's slot to its layer, as tshark's register); an empty one would get every
   * value, as read here (a later plain read fills it the same way) */
  *done = !(ref->slot >= 0 && e->loaded[ref->slot]);
  if (!*done)
    return FALSE;
  guint64 c = vb->u.value.v.u;
  gboolean any_value = FALSE;
  for (guint i = 0; i < ref->n_ids; i++)
    for (const WlNode *nd = wl_packet_first (e->p, ref->ids[i]); nd; nd = wl_packet_next (nd, ref->ids[i]))
      {
        guint64 x = nd->v.u;
        gboolean r = cmp_holds (k, x == c ? 0 : x < c ? -1 : 1);
        if (all && !r)
          return FALSE;
        if (!all && r)
          return TRUE;
        any_value = TRUE;
      }
  /* no value: the test fails, as when eval_values finds none */
  return all && any_value;
}

static gboolean
in_range (gboolean all, const DfValues *a, const DfValue *lo, const DfValue *hi)
{
  for (guint i = 0; i < a->n; i++)
    {
      int ge = compare (CMP_GE, &a->v[i], lo), le = compare (CMP_LE, &a->v[i], hi);
      if (all && (ge == DF_FALSE || le == DF_FALSE))
        return FALSE;
      if (!all && ge == DF_TRUE && le == DF_TRUE)
        return TRUE;
    }
  return all;
}

static gboolean
value_matches (DfEval *e, const DfValue *v, const pcre2_code *re)
{
  guint8 scratch[4];
  guint32 len;
  const guint8 *p = df_value_bytes (v, scratch, &len);
  if (!p)
    return FALSE;
  if (v->type == WL_FT_PROTOCOL)
    len = MAX (len, v->ext_len);
  if (!e->md)
    e->md = pcre2_match_data_create (1, NULL);
  return pcre2_match (re, (PCRE2_SPTR) p, len, 0, 0, e->md, NULL) >= 0;
}

static gboolean eval_test (DfEval *e, const DfNode *n);

static gboolean
eval_in (DfEval *e, const DfNode *n, gboolean all)
{
  DfValues a;
  if (!eval_values (e, n->u.test.a, &a))
    return FALSE;
  const DfNode *set = n->u.test.b;
  for (guint i = 0; i < set->u.set.n; i++)
    {
      DfValues lo, hi;
      if (!eval_values (e, set->u.set.lo[i], &lo))
        continue;
      if (set->u.set.hi[i])
        {
          if (!eval_values (e, set->u.set.hi[i], &hi) || lo.n == 0 || hi.n == 0)
            continue;
          if (in_range (all, &a, &lo.v[0], &hi.v[0]))
            return TRUE;
        }
      else if (quantified (all, CMP_EQ, &a, &lo))
        return TRUE;
    }
  return FALSE;
}

static gboolean
exists (DfEval *e, const DfNode *f)
{
  if (f->kind != DF_NODE_FIELD)
    return FALSE;
  if (f->u.field.layer)
    {
      /* tshark's CHECK_EXISTS_R: no register involved */
      DfValues v;
      return load_field (e, f, &v, FALSE);
    }
  const DfFieldRef *ref = &f->u.field.ref;
  for (guint i = 0; i < ref->n_ids; i++)
    if (wl_packet_first (e->p, ref->ids[i]))
      return TRUE;
  return FALSE;
}

static gboolean
eval_test (DfEval *e, const DfNode *n)
{
  DfOp op = n->u.test.op;
  DfMatch how = n->u.test.how;
  switch (op)
    {
    case DF_OP_NOT:
      return !eval_test (e, n->u.test.a);
    case DF_OP_AND:
      return eval_test (e, n->u.test.a) && eval_test (e, n->u.test.b);
    case DF_OP_OR:
      return eval_test (e, n->u.test.a) || eval_test (e, n->u.test.b);
    case DF_OP_EXISTS:
      return exists (e, n->u.test.a);
    case DF_OP_NOT_ZERO:
      {
        DfValues v;
        if (!eval_values (e, n->u.test.a, &v))
          return FALSE;
        gboolean slice = n->u.test.a->kind == DF_NODE_SLICE;
        for (guint i = 0; i < v.n; i++)
          if (slice ? v.v[i].len != 0 : !df_value_is_zero (&v.v[i]))
            return TRUE;
        return FALSE;
      }
    case DF_OP_IN:
      return eval_in (e, n, how == DF_MATCH_ALL);
    case DF_OP_MATCHES:
      {
        DfValues a;
        if (!eval_values (e, n->u.test.a, &a))
          return FALSE;
        const pcre2_code *re = n->u.test.b->u.re;
        gboolean all = how == DF_MATCH_ALL;
        for (guint i = 0; i < a.n; i++)
          {
            gboolean m = value_matches (e, &a.v[i], re);
            if (all && !m)
              return FALSE;
            if (!all && m)
              return TRUE;
          }
        return all;
      }
    default:
      break;
    }

  CmpKind k;
  gboolean all;
  switch (op)
    {
    case DF_OP_ANY_EQ: k = CMP_EQ; all = FALSE; break;
    case DF_OP_ALL_NE: k = CMP_NE; all = TRUE; break;
    case DF_OP_ALL_EQ: k = CMP_EQ; all = TRUE; break;
    case DF_OP_ANY_NE: k = CMP_NE; all = FALSE; break;
    case DF_OP_GT: k = CMP_GT; all = FALSE; break;
    case DF_OP_GE: k = CMP_GE; all = FALSE; break;
    case DF_OP_LT: k = CMP_LT; all = FALSE; break;
    case DF_OP_LE: k = CMP_LE; all = FALSE; break;
    default: k = CMP_CONTAINS; all = FALSE; break;
    }
  if (how == DF_MATCH_ANY)
    all = FALSE;
  else if (how == DF_MATCH_ALL)
    all = TRUE;
  if (n->u.test.uint_test)
    {
      gboolean done;
      gboolean r = quantified_uint (e, n->u.test.a, n->u.test.b, all, k, &done);
      if (done)
        return r;
    }
  DfValues a, b;
  if (!eval_values (e, n->u.test.a, &a) || !eval_values (e, n->u.test.b, &b))
    return FALSE;
  return quantified (all, k, &a, &b);
}

gboolean
wl_dfilter_apply (const WlDfilter *df, const WlPacket *p)
{
  if (!df->root)
    return TRUE;
  DfEval e = { .df = df, .p = p, .arena = p->arena };
  DfValues slot_buf[16];
  guint8 loaded_buf[16] = { 0 }; /* two stores, where a memset call cost 20 instructions */
  if (df->n_slots <= 16)
    {
      e.slots = slot_buf;
      e.loaded = loaded_buf;
    }
  else
    {
      e.slots = wl_arena_alloc (p->arena, sizeof (DfValues) * df->n_slots);
      e.loaded = wl_arena_alloc (p->arena, df->n_slots); /* zeroed */
    }
  gboolean r = eval_test (&e, df->root);
  if (e.md)
    pcre2_match_data_free (e.md);
  return r;
}
