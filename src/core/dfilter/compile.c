/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The semantic check and the public compile API. After parsing, the tree is checked the way
 * tshark 4.0's semcheck.c checks it: names resolved to fields, literals converted to values
 * of the type the other side of each comparison wants (so "80" is a 16-bit port, "TCP" a
 * value name of ip.proto), types checked for each operator, regexes compiled. The checked
 * tree is the program eval.c runs; the messages are tshark's, word for word. */
#include <stdarg.h>
#include <string.h>
#include "dfilter-int.h"
#include "session.h"

/* ---- Compiler helpers ---- */

void
df_fail (DfCompiler *c, int start, int len, const char *fmt, ...)
{
  if (c->error)
    return;
  va_list ap;
  va_start (ap, fmt);
  c->error = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  c->err_start = start;
  c->err_len = start < 0 ? 0 : len;
}

void
df_fail_node (DfCompiler *c, const DfNode *n, const char *fmt, ...)
{
  if (c->error)
    return;
  va_list ap;
  va_start (ap, fmt);
  c->error = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  c->err_start = n->start;
  c->err_len = n->start < 0 ? 0 : n->len;
}

char *
df_strdup (DfCompiler *c, const char *s)
{
  return wl_arena_strndup (c->arena, s, strlen (s));
}

DfNode *
df_node_new (DfCompiler *c, DfNodeKind kind, int start, int len, const char *token)
{
  DfNode *n = wl_arena_alloc (c->arena, sizeof *n);
  n->kind = kind;
  n->start = start;
  n->len = len;
  n->token = token ? token : "";
  return n;
}

/* Every registered field id of each filter name, built once from the registry (and again if
 * fields were registered since). */
static GMutex names_lock;
static GHashTable *names;     /* abbrev -> GArray of int */
static int names_n_fields = -1;

static void
add_name (const WlField *f, gpointer user_data)
{
  GArray *ids = g_hash_table_lookup (names, f->abbrev);
  if (!ids)
    {
      ids = g_array_new (FALSE, FALSE, sizeof (int));
      g_hash_table_insert (names, (gpointer) f->abbrev, ids);
    }
  g_array_append_val (ids, f->id);
}

static GArray *
field_ids (const char *abbrev)
{
  g_mutex_lock (&names_lock);
  if (!names || names_n_fields != wl_field_count ())
    {
      if (names)
        g_hash_table_destroy (names);
      names = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) g_array_unref);
      wl_fields_foreach (add_name, NULL);
      names_n_fields = wl_field_count ();
    }
  GArray *ids = g_hash_table_lookup (names, abbrev);
  g_mutex_unlock (&names_lock);
  return ids;
}

gboolean
df_field_ref_for (DfCompiler *c, const WlField *f, DfFieldRef *out)
{
  if (!f)
    return FALSE;
  GArray *ids = field_ids (f->abbrev);
  out->field = f;
  out->slot = -1;
  if (ids)
    {
      out->n_ids = ids->len;
      out->ids = wl_arena_memdup (c->arena, ids->data, sizeof (int) * ids->len);
    }
  else
    {
      out->n_ids = 1;
      out->ids = wl_arena_memdup (c->arena, &f->id, sizeof (int));
    }
  return TRUE;
}

gboolean
df_field_ref (DfCompiler *c, const char *name, DfFieldRef *out)
{
  return df_field_ref_for (c, wl_field_lookup (name), out);
}

WlFieldType
df_node_field_type (const DfNode *n)
{
  return n->u.field.ref.field->type;
}

/* ---- Literal conversion ---- */

static gboolean
value_from_names (DfCompiler *c, const WlField *f, const char *s, DfValue *out)
{
  /* tshark 4.0: only integer fields take value names */
  if (!wl_field_type_is_integer (f->type) && f->type != WL_FT_CHAR)
    return FALSE;
  if (!f->strings)
    return FALSE; /* "cannot accept strings as values", but the first message stays */
  g_clear_pointer (&c->error, g_free);
  memset (out, 0, sizeof *out);
  if (f->type == WL_FT_BOOLEAN)
    {
      const WlTrueFalse *tf = f->strings;
      if (g_ascii_strcasecmp (s, tf->true_string) == 0 || g_ascii_strcasecmp (s, tf->false_string) == 0)
        {
          out->type = WL_FT_UINT64;
          out->v.u = g_ascii_strcasecmp (s, tf->true_string) == 0;
          return TRUE;
        }
    }
  else
    {
      guint32 v;
      if (wl_value_string_lookup (f->strings, s, &v))
        {
          out->type = WL_FT_UINT32;
          out->v.u = v;
          return TRUE;
        }
    }
  df_fail (c, -1, 0, "\"%s\" cannot be found among the possible values for %s.", s, f->abbrev);
  return FALSE;
}

/* Converts a LITERAL, STRING or CHARCONST node in place to a value of type t; field (may be
 * NULL) supplies value names. */
static gboolean
convert_node (DfCompiler *c, DfNode *n, WlFieldType t, gboolean allow_partial, const WlField *field)
{
  DfValue v;
  char *err = NULL;
  gboolean ok;
  if (n->kind == DF_NODE_CHARCONST)
    ok = df_value_from_charconst (&c->store, t, n->u.charval, &v, &err);
  else if (n->kind == DF_NODE_STRING)
    ok = df_value_from_string (&c->store, t, n->u.string.p, n->u.string.len, &v, &err);
  else
    ok = df_value_from_literal (&c->store, t, n->u.literal, allow_partial, &v, &err);
  if (!ok)
    {
      df_fail (c, -1, 0, "%s", err);
      g_free (err);
      const char *s = n->kind == DF_NODE_STRING ? (const char *) n->u.string.p : n->u.literal;
      if (field && n->kind != DF_NODE_CHARCONST)
        ok = value_from_names (c, field, s, &v);
      if (!ok)
        {
          c->err_start = n->start;
          c->err_len = n->len;
          return FALSE;
        }
    }
  n->kind = DF_NODE_VALUE;
  n->u.value = v;
  return TRUE;
}

gboolean
df_literal_to_value (DfCompiler *c, DfNode *n, WlFieldType t)
{
  return convert_node (c, n, t, FALSE, NULL);
}

static gboolean
is_constant (const DfNode *n)
{
  return n->kind == DF_NODE_LITERAL || n->kind == DF_NODE_STRING || n->kind == DF_NODE_CHARCONST;
}

/* Makes n the slice n[0:], turning a field into its bytes. */
static void
convert_to_bytes (DfCompiler *c, DfNode *n)
{
  DfNode *inner = df_node_new (c, n->kind, n->start, n->len, n->token);
  inner->u = n->u;
  DfDrange *dr = wl_arena_alloc (c->arena, sizeof *dr);
  dr->n = 1;
  dr->nodes = wl_arena_alloc (c->arena, sizeof (DfRangeNode));
  dr->nodes[0].start = 0;
  dr->nodes[0].ending = DF_RANGE_TO_END;
  dr->text = df_strdup (c, "0:");
  n->kind = DF_NODE_SLICE;
  n->start = -1;
  n->len = 0;
  n->u.slice.entity = inner;
  n->u.slice.range = dr;
}

/* ---- Checks ---- */

typedef gboolean (*CanFunc) (WlFieldType);

static WlFieldType check_slice (DfCompiler *c, DfNode *n, WlFieldType lhs);

WlFieldType
df_check_function (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  const DfFunc *def = fn->u.func.def;
  guint n = fn->u.func.n_params;
  if (n < def->min_args)
    {
      df_fail_node (c, fn, "Function %s needs at least %u arguments.", def->name, def->min_args);
      return WL_FT_N_TYPES;
    }
  if (def->max_args > 0 && n > def->max_args)
    {
      df_fail_node (c, fn, "Function %s can only accept %u arguments.", def->name, def->max_args);
      return WL_FT_N_TYPES;
    }
  return def->check (c, fn, lhs);
}

static WlFieldType
check_slice (DfCompiler *c, DfNode *n, WlFieldType lhs)
{
  DfNode *e = n->u.slice.entity;
  if (e->kind == DF_NODE_FIELD)
    {
      WlFieldType t = df_node_field_type (e);
      if (!df_type_can_slice (t))
        {
          df_fail_node (c, e, "\"%s\" is a %s and cannot be sliced into a sequence of bytes.",
                        e->u.field.ref.field->abbrev, wl_field_type_describe (t));
          return WL_FT_N_TYPES;
        }
    }
  else if (e->kind == DF_NODE_FUNCTION)
    {
      WlFieldType t = df_check_function (c, e, lhs);
      if (df_failed (c))
        return WL_FT_N_TYPES;
      if (!df_type_can_slice (t))
        {
          df_fail_node (c, e, "Return value of function \"%s\" is a %s and cannot be converted into a sequence of bytes.",
                        e->u.func.def->name, wl_field_type_describe (t));
          return WL_FT_N_TYPES;
        }
    }
  else if (e->kind == DF_NODE_SLICE)
    {
      if (check_slice (c, e, lhs) == WL_FT_N_TYPES)
        return WL_FT_N_TYPES;
    }
  else
    {
      df_fail_node (c, e, "Range is not supported for entity %s", e->token);
      return WL_FT_N_TYPES;
    }
  return WL_FT_BYTES;
}

static WlFieldType
check_arith_entity (DfCompiler *c, DfNode *n, WlFieldType lhs)
{
  switch (n->kind)
    {
    case DF_NODE_LITERAL:
      if (!convert_node (c, n, lhs, FALSE, NULL))
        return WL_FT_N_TYPES;
      return n->u.value.type;
    case DF_NODE_FIELD:
    case DF_NODE_REFERENCE:
      return df_node_field_type (n);
    case DF_NODE_FUNCTION:
      return df_check_function (c, n, lhs);
    case DF_NODE_SLICE:
      if (check_slice (c, n, lhs) == WL_FT_N_TYPES)
        return WL_FT_N_TYPES;
      return WL_FT_BYTES;
    case DF_NODE_VALUE:
      return n->u.value.type;
    default:
      df_fail_node (c, n, "%s is not a valid arithmetic operand.", n->token);
      return WL_FT_N_TYPES;
    }
}

WlFieldType
df_check_arith (DfCompiler *c, DfNode *n, WlFieldType lhs)
{
  if (n->kind != DF_NODE_ARITH)
    return check_arith_entity (c, n, lhs);
  DfNode *a = n->u.arith.a, *b = n->u.arith.b;
  DfArith op = n->u.arith.op;
  if (lhs == WL_FT_NONE && is_constant (a))
    {
      df_fail_node (c, a, "Constant arithmetic expression on the LHS is invalid.");
      return WL_FT_N_TYPES;
    }
  if (op == DF_ARITH_UNARY_MINUS)
    {
      WlFieldType t = check_arith_entity (c, a, lhs);
      if (df_failed (c))
        return WL_FT_N_TYPES;
      if (!df_type_can_arith (t, op))
        {
          df_fail_node (c, a, "%s cannot %s.", df_type_name (t), n->token);
          return WL_FT_N_TYPES;
        }
      if (a->kind == DF_NODE_VALUE)
        {
          /* a negative constant is computed once */
          DfValue r;
          if (!df_value_arith (op, &a->u.value, NULL, &r, NULL, NULL))
            {
              char buf[64];
              df_value_to_string (&a->u.value, buf, sizeof buf);
              df_fail_node (c, a, "%s: %s overflows %s", a->token, buf,
                            a->u.value.type == WL_FT_UINT64 ? "gint64" : "gint32");
              return WL_FT_N_TYPES;
            }
          n->kind = DF_NODE_VALUE;
          n->u.value = r;
        }
      return t;
    }
  WlFieldType t1 = df_check_arith (c, a, lhs);
  if (df_failed (c))
    return WL_FT_N_TYPES;
  if (!df_type_can_arith (t1, op))
    {
      df_fail_node (c, a, "%s cannot %s.", df_type_name (t1), n->token);
      return WL_FT_N_TYPES;
    }
  WlFieldType t2 = df_check_arith (c, b, t1);
  if (df_failed (c))
    return WL_FT_N_TYPES;
  if (!df_type_can_arith (t2, op))
    {
      df_fail_node (c, b, "%s cannot %s.", df_type_name (t2), n->token);
      return WL_FT_N_TYPES;
    }
  if (!df_type_compatible (t1, t2))
    {
      df_fail_node (c, b, "%s and %s are not type compatible.", a->token, b->token);
      return WL_FT_N_TYPES;
    }
  return t1;
}

static gboolean check_relation_field (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node,
                                      DfNode *a, DfNode *b);
static gboolean check_relation_slice (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node,
                                      DfNode *a, DfNode *b);
static gboolean check_relation_function (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node,
                                         DfNode *a, DfNode *b);

/* The right side of a comparison whose left side has type t1 (field or function result). */
static gboolean
check_rhs (DfCompiler *c, CanFunc can, gboolean partial, DfNode *a, WlFieldType t1,
           const char *lhs_name, const WlField *names, DfNode *b, gboolean lhs_is_function)
{
  switch (b->kind)
    {
    case DF_NODE_FIELD:
    case DF_NODE_REFERENCE:
      {
        WlFieldType t2 = df_node_field_type (b);
        if (!df_type_compatible (t1, t2))
          {
            if (lhs_is_function)
              df_fail_node (c, b, "Function %s and %s are not of compatible types.", lhs_name, b->token);
            else
              df_fail_node (c, b, "%s and %s are not of compatible types.", lhs_name, b->token);
            return FALSE;
          }
        if (!can (t2))
          {
            df_fail_node (c, b, "%s (type=%s) cannot participate in specified comparison.", b->token,
                          wl_field_type_describe (t2));
            return FALSE;
          }
        return TRUE;
      }
    case DF_NODE_STRING:
    case DF_NODE_LITERAL:
    case DF_NODE_CHARCONST:
      return convert_node (c, b, t1, partial, names);
    case DF_NODE_SLICE:
      if (check_slice (c, b, t1) == WL_FT_N_TYPES)
        return FALSE;
      if (!df_type_is_bytes_like (t1))
        {
          if (!df_type_can_slice (t1))
            {
              if (lhs_is_function)
                df_fail_node (c, a, "Function \"%s\" is a %s and cannot be converted into a sequence of bytes.",
                              lhs_name, wl_field_type_describe (t1));
              else
                df_fail_node (c, a, "\"%s\" is a %s and cannot be converted into a sequence of bytes.",
                              lhs_name, wl_field_type_describe (t1));
              return FALSE;
            }
          convert_to_bytes (c, a);
        }
      return TRUE;
    case DF_NODE_FUNCTION:
      {
        WlFieldType t2 = df_check_function (c, b, t1);
        if (df_failed (c))
          return FALSE;
        const char *fname = b->u.func.def->name;
        if (!df_type_compatible (t1, t2))
          {
            if (lhs_is_function)
              df_fail_node (c, b, "Return values of function %s (type=%s) and function %s (type=%s) are not of compatible types.",
                            lhs_name, wl_field_type_describe (t1), lhs_name, wl_field_type_describe (t2));
            else
              df_fail_node (c, b, "%s (type=%s) and return value of %s() (type=%s) are not of compatible types.",
                            lhs_name, wl_field_type_describe (t1), fname, wl_field_type_describe (t2));
            return FALSE;
          }
        if (!can (t2))
          {
            if (lhs_is_function)
              df_fail_node (c, b, "Return value of %s (type=%s) cannot participate in specified comparison.",
                            fname, wl_field_type_describe (t2));
            else
              df_fail_node (c, b, "return value of %s() (type=%s) cannot participate in specified comparison.",
                            fname, wl_field_type_describe (t2));
            return FALSE;
          }
        return TRUE;
      }
    case DF_NODE_PCRE:
      return TRUE;
    case DF_NODE_ARITH:
      {
        WlFieldType t2 = df_check_arith (c, b, t1);
        if (df_failed (c))
          return FALSE;
        if (!df_type_compatible (t1, t2))
          {
            df_fail_node (c, b, "%s and %s are not of compatible types.", a->token, b->token);
            return FALSE;
          }
        if (!can (t2))
          {
            df_fail_node (c, b, "%s (type=%s) cannot participate in specified comparison.", b->token,
                          wl_field_type_describe (t2));
            return FALSE;
          }
        return TRUE;
      }
    case DF_NODE_VALUE:
      return TRUE;
    default:
      df_fail_node (c, b, "\"%s\" was unexpected in this context.", b->token);
      return FALSE;
    }
}

static gboolean
check_relation_field (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node, DfNode *a, DfNode *b)
{
  const WlField *f = a->u.field.ref.field;
  WlFieldType t1 = f->type;
  if (!can (t1))
    {
      df_fail_node (c, a, "%s (type=%s) cannot participate in %s comparison.", f->abbrev,
                    wl_field_type_describe (t1), node->token);
      return FALSE;
    }
  return check_rhs (c, can, partial, a, t1, f->abbrev, f, b, FALSE);
}

static gboolean
check_relation_function (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node, DfNode *a, DfNode *b)
{
  WlFieldType t1 = df_check_function (c, a, WL_FT_NONE);
  if (df_failed (c))
    return FALSE;
  const char *name = a->u.func.def->name;
  if (!can (t1))
    {
      df_fail_node (c, a, "Function %s (type=%s) cannot participate in %s comparison.", name,
                    wl_field_type_describe (t1), node->token);
      return FALSE;
    }
  return check_rhs (c, can, partial, a, t1, name, NULL, b, TRUE);
}

static gboolean
check_relation_slice (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node, DfNode *a, DfNode *b)
{
  if (check_slice (c, a, WL_FT_NONE) == WL_FT_N_TYPES)
    return FALSE;
  switch (b->kind)
    {
    case DF_NODE_FIELD:
    case DF_NODE_REFERENCE:
      {
        WlFieldType t2 = df_node_field_type (b);
        if (!df_type_is_bytes_like (t2))
          {
            if (!df_type_can_slice (t2))
              {
                df_fail_node (c, b, "\"%s\" is a %s and cannot be converted into a sequence of bytes.",
                              b->token, wl_field_type_describe (t2));
                return FALSE;
              }
            convert_to_bytes (c, b);
          }
        return TRUE;
      }
    case DF_NODE_FUNCTION:
      {
        WlFieldType t2 = df_check_function (c, b, WL_FT_BYTES);
        if (df_failed (c))
          return FALSE;
        if (!df_type_is_bytes_like (t2))
          {
            if (!df_type_can_slice (t2))
              {
                df_fail_node (c, b, "Return value of function \"%s\" is a %s and cannot be converted into a sequence of bytes.",
                              b->u.func.def->name, wl_field_type_describe (t2));
                return FALSE;
              }
            convert_to_bytes (c, b);
          }
        return TRUE;
      }
    case DF_NODE_SLICE:
      return check_slice (c, b, WL_FT_BYTES) != WL_FT_N_TYPES;
    default:
      return check_rhs (c, can, partial, a, WL_FT_BYTES, a->token, NULL, b, FALSE);
    }
}

static gboolean
check_relation_lhs (DfCompiler *c, CanFunc can, gboolean partial, DfNode *node, DfNode *a, DfNode *b,
                    gboolean quoted)
{
  switch (a->kind)
    {
    case DF_NODE_FIELD:
    case DF_NODE_REFERENCE:
      return check_relation_field (c, can, partial, node, a, b);
    case DF_NODE_SLICE:
      return check_relation_slice (c, can, partial, node, a, b);
    case DF_NODE_FUNCTION:
      return check_relation_function (c, can, partial, node, a, b);
    case DF_NODE_ARITH:
      {
        if (df_check_arith (c, a, WL_FT_NONE) == WL_FT_N_TYPES || df_failed (c))
          return FALSE;
        /* the first operand decides how the right side is read */
        DfNode *e = a;
        while (e->kind == DF_NODE_ARITH)
          e = e->u.arith.a;
        if (e->kind == DF_NODE_VALUE)
          return check_rhs (c, can, partial, a, e->u.value.type, a->token, NULL, b, FALSE);
        return check_relation_lhs (c, can, partial, node, e, b, quoted);
      }
    default:
      if (quoted)
        df_fail_node (c, a, "Left side of \"%s\" expression must be a field or function, not %s.",
                      node->token, a->token);
      else
        df_fail_node (c, a, "Left side of %s expression must be a field or function, not %s.",
                      node->token, a->token);
      return FALSE;
    }
}

static gboolean
check_matches (DfCompiler *c, DfNode *node)
{
  DfNode *a = node->u.test.a, *b = node->u.test.b;
  if (b->kind != DF_NODE_STRING)
    {
      df_fail_node (c, b, "Matches requires a double quoted string on the right side.");
      return FALSE;
    }
  int errcode;
  PCRE2_SIZE erroff;
  pcre2_code *re = pcre2_compile ((PCRE2_SPTR) b->u.string.p, b->u.string.len,
                                  PCRE2_CASELESS | PCRE2_NEVER_UTF, &errcode, &erroff, NULL);
  if (!re)
    {
      PCRE2_UCHAR msg[256];
      pcre2_get_error_message (errcode, msg, sizeof msg);
      df_fail (c, -1, 0, "Regex compilation error: %s.", (const char *) msg);
      return FALSE;
    }
  pcre2_jit_compile (re, PCRE2_JIT_COMPLETE);
  g_ptr_array_add (c->regexes, re);
  b->kind = DF_NODE_PCRE;
  b->u.re = re;
  if (a->kind == DF_NODE_ARITH)
    {
      df_fail_node (c, a, "Left side of %s expression must be a field or function, not %s.",
                    node->token, a->token);
      return FALSE;
    }
  return check_relation_lhs (c, df_type_can_matches, TRUE, node, a, b, FALSE);
}

static gboolean
check_in (DfCompiler *c, DfNode *node)
{
  DfNode *a = node->u.test.a, *set = node->u.test.b;
  if (a->kind != DF_NODE_FIELD)
    {
      df_fail_node (c, a, "Only a field may be tested for membership in a set.");
      return FALSE;
    }
  for (guint i = 0; i < set->u.set.n; i++)
    {
      DfNode *lo = set->u.set.lo[i], *hi = set->u.set.hi[i];
      if (lo->kind == DF_NODE_SLICE)
        {
          df_fail_node (c, lo, "A slice may not appear inside a set.");
          return FALSE;
        }
      if (hi)
        {
          if (!check_relation_field (c, df_type_can_cmp, FALSE, node, a, lo) ||
              !check_relation_field (c, df_type_can_cmp, FALSE, node, a, hi))
            return FALSE;
        }
      else if (!check_relation_field (c, df_type_can_eq, FALSE, node, a, lo))
        return FALSE;
    }
  return TRUE;
}

static DfNode *check_expr (DfCompiler *c, DfNode *n);

/* Wraps an entity tested alone ("tcp", "tcp.flags & 2", "frame[3]") in a test node. */
static DfNode *
wrap_test (DfCompiler *c, DfNode *n, DfOp op)
{
  DfNode *t = df_node_new (c, DF_NODE_TEST, n->start, n->len, n->token);
  t->u.test.op = op;
  t->u.test.a = n;
  return t;
}

static DfNode *
check_test (DfCompiler *c, DfNode *n)
{
  DfNode *a = n->u.test.a, *b = n->u.test.b;
  gboolean ok = TRUE;
  switch (n->u.test.op)
    {
    case DF_OP_NOT:
      ok = (n->u.test.a = check_expr (c, a)) != NULL;
      break;
    case DF_OP_AND:
    case DF_OP_OR:
      ok = (n->u.test.a = check_expr (c, a)) != NULL && (n->u.test.b = check_expr (c, b)) != NULL;
      break;
    case DF_OP_ANY_EQ:
    case DF_OP_ALL_NE:
    case DF_OP_ALL_EQ:
    case DF_OP_ANY_NE:
      ok = check_relation_lhs (c, df_type_can_eq, FALSE, n, a, b, TRUE);
      break;
    case DF_OP_GT:
    case DF_OP_GE:
    case DF_OP_LT:
    case DF_OP_LE:
      ok = check_relation_lhs (c, df_type_can_cmp, FALSE, n, a, b, TRUE);
      break;
    case DF_OP_CONTAINS:
      if (a->kind == DF_NODE_ARITH)
        {
          df_fail_node (c, a, "Left side of %s expression must be a field or function, not %s.",
                        n->token, a->token);
          ok = FALSE;
        }
      else
        ok = check_relation_lhs (c, df_type_can_contains, TRUE, n, a, b, FALSE);
      break;
    case DF_OP_MATCHES:
      ok = check_matches (c, n);
      break;
    case DF_OP_IN:
      ok = check_in (c, n);
      break;
    default:
      break;
    }
  return ok && !df_failed (c) ? n : NULL;
}

static DfNode *
check_expr (DfCompiler *c, DfNode *n)
{
  switch (n->kind)
    {
    case DF_NODE_TEST:
      return check_test (c, n);
    case DF_NODE_ARITH:
      if (df_check_arith (c, n, WL_FT_NONE) == WL_FT_N_TYPES || df_failed (c))
        return NULL;
      return wrap_test (c, n, DF_OP_NOT_ZERO);
    case DF_NODE_FIELD:
      return wrap_test (c, n, DF_OP_EXISTS);
    case DF_NODE_SLICE:
      if (check_slice (c, n, WL_FT_NONE) == WL_FT_N_TYPES)
        return NULL;
      return wrap_test (c, n, DF_OP_NOT_ZERO);
    case DF_NODE_FUNCTION:
      df_fail_node (c, n, "You cannot test whether a function is present.");
      return NULL;
    default:
      df_fail_node (c, n, "%s is neither a field nor a protocol name.", n->token);
      return NULL;
    }
}

/* ---- Fields the program reads ---- */

static void
want (DfCompiler *c, int id)
{
  g_array_append_val (c->wanted, id);
}

/* Whether a test compares an unsigned integer field, read whole, with an unsigned constant
 * (tcp.port == 22): the commonest test, which eval.c decides without gathering values. */
static gboolean
is_uint_test (const DfNode *n)
{
  switch (n->u.test.op)
    {
    case DF_OP_ANY_EQ: case DF_OP_ALL_NE: case DF_OP_ALL_EQ: case DF_OP_ANY_NE:
    case DF_OP_GT: case DF_OP_GE: case DF_OP_LT: case DF_OP_LE:
      break;
    default:
      return FALSE;
    }
  const DfNode *fa = n->u.test.a, *vb = n->u.test.b;
  if (!fa || !vb || fa->kind != DF_NODE_FIELD || fa->u.field.layer || vb->kind != DF_NODE_VALUE
      || !df_type_is_unsigned (vb->u.value.type))
    return FALSE;
  const DfFieldRef *ref = &fa->u.field.ref;
  for (guint i = 0; i < ref->n_ids; i++)
    {
      const WlField *f = wl_field_get (ref->ids[i]);
      if (!f || !df_type_is_unsigned (f->type))
        return FALSE;
    }
  return TRUE;
}

static void
assign_slots (DfCompiler *c, DfNode *n)
{
  if (!n)
    return;
  switch (n->kind)
    {
    case DF_NODE_TEST:
      assign_slots (c, n->u.test.a);
      assign_slots (c, n->u.test.b);
      n->u.test.uint_test = is_uint_test (n);
      break;
    case DF_NODE_ARITH:
      assign_slots (c, n->u.arith.a);
      assign_slots (c, n->u.arith.b);
      break;
    case DF_NODE_SLICE:
      assign_slots (c, n->u.slice.entity);
      break;
    case DF_NODE_FUNCTION:
      for (guint i = 0; i < n->u.func.n_params; i++)
        assign_slots (c, n->u.func.params[i]);
      break;
    case DF_NODE_SET:
      for (guint i = 0; i < n->u.set.n; i++)
        {
          assign_slots (c, n->u.set.lo[i]);
          assign_slots (c, n->u.set.hi[i]);
        }
      break;
    case DF_NODE_FIELD:
      {
        DfFieldRef *ref = &n->u.field.ref;
        for (guint i = 0; i < ref->n_ids; i++)
          want (c, ref->ids[i]);
        /* One slot (tshark's register) per field, filled by whichever read of it runs first.
         * As in tshark, a read with a layer takes the field's slot when it is the field's
         * first read, so that a later plain read sees only that layer's values ("tcp.port#2
         * == 1 || tcp.port == 80" matches nothing); any other layered read has its own. */
        gpointer key = GINT_TO_POINTER (ref->field->id);
        gpointer slot = g_hash_table_lookup (c->slots, key);
        if (!slot)
          {
            slot = GINT_TO_POINTER (++c->n_slots);
            g_hash_table_insert (c->slots, key, slot);
            ref->slot = GPOINTER_TO_INT (slot) - 1;
          }
        else if (n->u.field.layer)
          ref->slot = c->n_slots++;
        else
          ref->slot = GPOINTER_TO_INT (slot) - 1;
        if (n->u.field.layer)
          {
            /* the layer of a value is counted from the protocol nodes before it */
            for (guint i = 0; i < ref->n_ids; i++)
              {
                const WlField *f = wl_field_get (ref->ids[i]);
                if (f)
                  want (c, f->proto_id);
              }
          }
      }
      break;
    default:
      break;
    }
}

/* ---- Macros ---- */

/* Whether "${" is followed by a field reference: the text up to the first '#' (or else '}')
 * names a field that is not a protocol or a label (tshark 4.0's test). */
static gboolean
starts_field_reference (const char *start)
{
  const char *end = strchr (start, '#');
  if (!end)
    end = strchr (start, '}');
  if (!end)
    return FALSE;
  char *name = g_strndup (start, end - start);
  const WlField *f = wl_field_lookup (name);
  g_free (name);
  return f && f->type != WL_FT_PROTOCOL && f->type != WL_FT_NONE;
}

/* tshark expands display-filter macros ("${name}" or "${name:arg;arg}") in the text before
 * scanning it. Wirelens has no macros: a ${...} that is not a field reference gets tshark's
 * message (with no position). Returns the text to scan, or NULL with *err. */
static char *
expand_macros (const char *text, char **err)
{
  GString *out = g_string_new (NULL);
  const char *p = text;
  while (*p)
    {
      if (p[0] != '$')
        {
          g_string_append_c (out, *p++);
          continue;
        }
      /* as tshark's macro scanner: '$' and the character after it go together */
      if (p[1] != '{' || starts_field_reference (p + 2))
        {
          g_string_append_len (out, p, p[1] ? 2 : 1);
          p += p[1] ? 2 : 1;
          continue;
        }
      const char *name = p + 2, *q = name;
      while (g_ascii_isalnum (*q) || *q == '_' || *q == '-' || *q == '.')
        q++;
      gsize name_len = (gsize) (q - name);
      if (*q == ':')
        {
          /* arguments: up to '}', with a backslash escaping one character */
          for (q++; *q && *q != '}'; q++)
            if (*q == '\\' && !*++q)
              break;
        }
      if (*q == '\0')
        {
          *err = g_strdup ("end of filter in the middle of a macro expression");
          g_string_free (out, TRUE);
          return NULL;
        }
      if (*q != '}')
        {
          *err = g_strdup ("invalid character in macro name");
          g_string_free (out, TRUE);
          return NULL;
        }
      *err = g_strdup_printf ("macro '%.*s' does not exist", (int) name_len, name);
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

/* ---- Public API ---- */

static int
cmp_int (gconstpointer a, gconstpointer b)
{
  int x = *(const int *) a, y = *(const int *) b;
  return x < y ? -1 : x > y;
}

WlDfilter *
wl_dfilter_compile (const char *text, WlDfilterError **error)
{
  DfCompiler c = { 0 };
  char *macro_err = NULL;
  char *expanded = expand_macros (text ? text : "", &macro_err);
  if (!expanded)
    {
      if (error)
        {
          WlDfilterError *e = g_new0 (WlDfilterError, 1);
          e->message = macro_err;
          e->start = -1;
          *error = e;
        }
      else
        g_free (macro_err);
      return NULL;
    }
  c.text = expanded;
  c.arena = wl_arena_new ();
  c.store.arena = c.arena;
  c.regexes = g_ptr_array_new ();
  c.wanted = g_array_new (FALSE, FALSE, sizeof (int));
  c.slots = g_hash_table_new (NULL, NULL);

  DfNode *root = df_parse (&c);
  if (root && !df_failed (&c))
    root = check_expr (&c, root);
  if (!df_failed (&c))
    assign_slots (&c, root);
  g_hash_table_destroy (c.slots);

  if (df_failed (&c))
    {
      if (error)
        {
          WlDfilterError *e = g_new0 (WlDfilterError, 1);
          e->message = c.error;
          e->start = c.err_start;
          e->length = c.err_len;
          c.error = NULL;
          *error = e;
        }
      g_free (c.error);
      for (guint i = 0; i < c.regexes->len; i++)
        pcre2_code_free (c.regexes->pdata[i]);
      g_ptr_array_free (c.regexes, TRUE);
      g_array_free (c.wanted, TRUE);
      wl_arena_free (c.arena);
      g_free (expanded);
      return NULL;
    }

  WlDfilter *df = g_new0 (WlDfilter, 1);
  df->text = expanded;
  df->arena = c.arena;
  df->root = root;
  df->regexes = c.regexes;
  df->n_slots = c.n_slots;
  /* sorted, without duplicates */
  g_array_sort (c.wanted, cmp_int);
  guint n = 0;
  for (guint i = 0; i < c.wanted->len; i++)
    if (n == 0 || g_array_index (c.wanted, int, i) != g_array_index (c.wanted, int, n - 1))
      g_array_index (c.wanted, int, n++) = g_array_index (c.wanted, int, i);
  df->n_wanted = n;
  df->wanted = (int *) g_array_free (c.wanted, FALSE);
  return df;
}

void
wl_dfilter_free (WlDfilter *df)
{
  if (!df)
    return;
  for (guint i = 0; i < df->regexes->len; i++)
    pcre2_code_free (df->regexes->pdata[i]);
  g_ptr_array_free (df->regexes, TRUE);
  g_free (df->wanted);
  wl_arena_free (df->arena);
  g_free (df->text);
  g_free (df);
}

const char *
wl_dfilter_text (const WlDfilter *df)
{
  return df->text;
}

void
wl_dfilter_error_free (WlDfilterError *e)
{
  if (!e)
    return;
  g_free (e->message);
  g_free (e);
}

char *
wl_dfilter_error_format (const char *text, const WlDfilterError *e)
{
  GString *s = g_string_new (e->message);
  if (e->start >= 0)
    {
      g_string_append_printf (s, "\n    %s\n    %*s^", text, e->start, "");
      for (int i = 1; i < e->length; i++)
        g_string_append_c (s, '~');
    }
  return g_string_free (s, FALSE);
}

void
wl_dfilter_add_wanted (const WlDfilter *df, guint8 *field_set)
{
  for (guint i = 0; i < df->n_wanted; i++)
    wl_field_set_add (field_set, df->wanted[i]);
}
