/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Why a packet matched: each test of a compiled filter evaluated on its own, with the fields
 * it read and their values in the packet. For the CLI's --explain and the GUI's tree. */
#include <string.h>
#include "dfilter-int.h"
#include "field-format.h"

/* The span of filter text a subtree came from. */
static void
span (const DfNode *n, int *lo, int *hi)
{
  if (!n)
    return;
  if (n->start >= 0)
    {
      *lo = MIN (*lo, n->start);
      *hi = MAX (*hi, n->start + n->len);
    }
  switch (n->kind)
    {
    case DF_NODE_TEST:
      span (n->u.test.a, lo, hi);
      span (n->u.test.b, lo, hi);
      break;
    case DF_NODE_ARITH:
      span (n->u.arith.a, lo, hi);
      span (n->u.arith.b, lo, hi);
      break;
    case DF_NODE_SLICE:
      span (n->u.slice.entity, lo, hi);
      break;
    case DF_NODE_FUNCTION:
      for (guint i = 0; i < n->u.func.n_params; i++)
        span (n->u.func.params[i], lo, hi);
      break;
    case DF_NODE_SET:
      for (guint i = 0; i < n->u.set.n; i++)
        {
          span (n->u.set.lo[i], lo, hi);
          span (n->u.set.hi[i], lo, hi);
        }
      break;
    default:
      break;
    }
}

/* Widens [*lo, *hi) of text until open and close balance in it. */
static void
balance (const char *text, int tlen, int *lo, int *hi, char open, char close)
{
  int depth = 0;
  for (int i = *lo; i < *hi; i++)
    depth += text[i] == open ? 1 : text[i] == close ? -1 : 0;
  while (depth < 0 && *lo > 0)
    if (text[--*lo] == open)
      depth++;
  while (depth > 0 && *hi < tlen)
    if (text[(*hi)++] == close)
      depth--;
}

static void
collect_fields (const DfNode *n, GPtrArray *out)
{
  if (!n)
    return;
  switch (n->kind)
    {
    case DF_NODE_FIELD:
    case DF_NODE_REFERENCE:
      if (!g_ptr_array_find (out, n, NULL))
        g_ptr_array_add (out, (gpointer) n);
      break;
    case DF_NODE_TEST:
      collect_fields (n->u.test.a, out);
      collect_fields (n->u.test.b, out);
      break;
    case DF_NODE_ARITH:
      collect_fields (n->u.arith.a, out);
      collect_fields (n->u.arith.b, out);
      break;
    case DF_NODE_SLICE:
      collect_fields (n->u.slice.entity, out);
      break;
    case DF_NODE_FUNCTION:
      for (guint i = 0; i < n->u.func.n_params; i++)
        collect_fields (n->u.func.params[i], out);
      break;
    default:
      break;
    }
}

static gboolean
eval_subtree (const WlDfilter *df, const DfNode *n, const WlPacket *p)
{
  WlDfilter sub = *df;
  sub.root = (DfNode *) n;
  return wl_dfilter_apply (&sub, p);
}

static gboolean
is_logical (const DfNode *n)
{
  return n->kind == DF_NODE_TEST &&
         (n->u.test.op == DF_OP_AND || n->u.test.op == DF_OP_OR || n->u.test.op == DF_OP_NOT);
}

/* The field a test compares with constants (tcp.port in tcp.port == 80, in {80 443}, matches
 * "x"), or NULL when it reads more than that one field, or reads it through a slice, a
 * function, arithmetic or a layer. */
static const DfNode *
sole_compared_field (const DfNode *n, GPtrArray *refs)
{
  if (n->kind != DF_NODE_TEST || refs->len != 1)
    return NULL;
  const DfNode *f = g_ptr_array_index (refs, 0);
  if (f->kind != DF_NODE_FIELD || f->u.field.layer)
    return NULL;
  if (n->u.test.a != f && n->u.test.b != f)
    return NULL;
  return f;
}

/* Whether the occurrence v alone makes test n true: n evaluated with v's value in place of
 * the field f, on a copy of the test (the filter is never written). */
static gboolean
occurrence_decides (const WlDfilter *df, const DfNode *n, const DfNode *f, const WlPacket *p, const WlNode *v)
{
  if (n->u.test.op == DF_OP_EXISTS)
    return TRUE;
  DfNode value = { .kind = DF_NODE_VALUE, .start = -1 };
  df_value_from_node (p, v, &value.u.value);
  DfNode test = *n;
  test.u.test.uint_test = FALSE; /* it compares a value now, not the field */
  if (test.u.test.a == f)
    test.u.test.a = &value;
  else
    test.u.test.b = &value;
  return eval_subtree (df, &test, p);
}

typedef struct {
  const WlDfilter *df;
  const WlPacket *p;
  GString *out;
  GArray *uses;
  GArray *tests;
} Explain;

static void
explain_node (Explain *x, const DfNode *n, int depth, int parent, gboolean parent_true)
{
  const WlDfilter *df = x->df;
  const WlPacket *p = x->p;
  GString *out = x->out;
  gboolean r = eval_subtree (df, n, p);
  int lo = G_MAXINT, hi = -1;
  span (n, &lo, &hi);
  const char *text = df->text;
  int tlen = (int) strlen (text);
  if (lo == G_MAXINT || hi > tlen)
    {
      lo = 0;
      hi = tlen;
    }
  /* Take in the parentheses, braces (a set's closing one) and brackets the span leaves
   * unbalanced. */
  balance (text, tlen, &lo, &hi, '(', ')');
  balance (text, tlen, &lo, &hi, '{', '}');
  balance (text, tlen, &lo, &hi, '[', ']');
  /* A test "made it match" when it is true and every test above it is true. */
  gboolean made_match = r && parent_true;
  WlDfilterTest t = { lo, hi - lo, parent, r, made_match,
                      is_logical (n) && n->u.test.op != DF_OP_NOT };
  guint index = x->tests->len;
  g_array_append_val (x->tests, t);
  if (out)
    g_string_append_printf (out, "%*s%s %.*s  [%s]\n", 2 + depth * 2, "", made_match ? "\xe2\x9c\x94" : (r ? "\xc2\xb7" : "\xe2\x9c\x98"),
                            hi - lo, text + lo, r ? "true" : "false");
  if (is_logical (n))
    {
      gboolean child_parent = parent_true && (n->u.test.op == DF_OP_NOT ? FALSE : r);
      explain_node (x, n->u.test.a, depth + 1, (int) index, child_parent);
      if (n->u.test.b)
        explain_node (x, n->u.test.b, depth + 1, (int) index, child_parent);
      return;
    }
  g_autoptr (GPtrArray) refs = g_ptr_array_new ();
  collect_fields (n, refs);
  const DfNode *compared = made_match ? sole_compared_field (n, refs) : NULL;
  GString *val = g_string_new (NULL);
  for (guint i = 0; i < refs->len; i++)
    {
      const DfNode *f = g_ptr_array_index (refs, i);
      const DfFieldRef *ref = &f->u.field.ref;
      if (out)
        g_string_append_printf (out, "%*s%s:", 4 + depth * 2, "", ref->field->abbrev);
      gboolean any = FALSE;
      for (guint k = 0; k < ref->n_ids; k++)
        for (WlNode *v = wl_packet_first (p, ref->ids[k]); v; v = wl_packet_next (v, ref->ids[k]))
          {
            any = TRUE;
            gboolean decided = made_match && (!compared || occurrence_decides (df, n, compared, p, v));
            WlDfilterFieldUse u = { ref->ids[k], v, index, made_match, decided };
            g_array_append_val (x->uses, u);
            if (out)
              {
                g_string_truncate (val, 0);
                if (v->field->type == WL_FT_PROTOCOL || v->field->type == WL_FT_NONE)
                  g_string_append (val, "present");
                else
                  wl_node_format_value (v, val);
                g_string_append_printf (out, " %s", val->str);
              }
          }
      if (out)
        g_string_append (out, any ? "\n" : " (absent)\n");
    }
  g_string_free (val, TRUE);
}

GArray *
wl_dfilter_explain_full (const WlDfilter *df, const WlPacket *p, GString *out, GArray **tests)
{
  Explain x = { df, p, out, g_array_new (FALSE, FALSE, sizeof (WlDfilterFieldUse)),
                g_array_new (FALSE, FALSE, sizeof (WlDfilterTest)) };
  if (df->root)
    explain_node (&x, df->root, 0, -1, TRUE);
  if (tests)
    *tests = x.tests;
  else
    g_array_unref (x.tests);
  return x.uses;
}

GArray *
wl_dfilter_explain (const WlDfilter *df, const WlPacket *p, GString *out)
{
  return wl_dfilter_explain_full (df, p, out, NULL);
}
