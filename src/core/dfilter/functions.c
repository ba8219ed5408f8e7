/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The filter functions of Wireshark 4.0: len, count, upper, lower, string, max, min, abs.
 * Each has a check (which parameters it takes and the type it returns, with tshark's
 * messages) and an evaluation over the values of its parameters. A function whose first
 * field is absent gives no value, which makes its comparison false. */
#include <string.h>
#include "dfilter-int.h"

static DfValue *
new_values (DfEval *e, DfValues *out, guint n)
{
  out->v = wl_arena_alloc (e->arena, sizeof (DfValue) * MAX (n, 1));
  out->n = 0;
  return out->v;
}

/* ---- lower, upper ---- */

static WlFieldType
check_string_field (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  DfNode *p = fn->u.func.params[0];
  if (p->kind == DF_NODE_FIELD && df_node_field_type (p) == WL_FT_STRING)
    return WL_FT_STRING;
  df_fail_node (c, p, "Only string type fields can be used as parameter for %s()", fn->u.func.def->name);
  return WL_FT_N_TYPES;
}

static gboolean
change_case (DfEval *e, DfValues *args, DfValues *out, gboolean upper)
{
  if (args[0].n == 0)
    return FALSE;
  DfValue *v = new_values (e, out, args[0].n);
  for (guint i = 0; i < args[0].n; i++)
    {
      const DfValue *in = &args[0].v[i];
      if (in->type != WL_FT_STRING)
        continue;
      guint8 *s = wl_arena_alloc (e->arena, in->len + 1);
      for (guint32 k = 0; k < in->len; k++)
        s[k] = (guint8) (upper ? g_ascii_toupper (in->v.p[k]) : g_ascii_tolower (in->v.p[k]));
      v[out->n] = *in;
      v[out->n].v.p = s;
      out->n++;
    }
  return TRUE;
}

static gboolean
eval_lower (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  return change_case (e, args, out, FALSE);
}

static gboolean
eval_upper (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  return change_case (e, args, out, TRUE);
}

/* ---- len, count ---- */

static WlFieldType
check_field (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  DfNode *p = fn->u.func.params[0];
  if (p->kind == DF_NODE_FIELD)
    return WL_FT_UINT32;
  df_fail_node (c, p, "Only fields can be used as parameter for %s()", fn->u.func.def->name);
  return WL_FT_N_TYPES;
}

static gboolean
eval_len (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  if (args[0].n == 0)
    return FALSE;
  DfValue *v = new_values (e, out, args[0].n);
  for (guint i = 0; i < args[0].n; i++)
    {
      memset (&v[i], 0, sizeof v[i]);
      v[i].type = WL_FT_UINT32;
      v[i].v.u = df_value_length (&args[0].v[i]);
    }
  out->n = args[0].n;
  return TRUE;
}

static gboolean
eval_count (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  if (args[0].n == 0)
    return FALSE;
  DfValue *v = new_values (e, out, 1);
  memset (v, 0, sizeof *v);
  v->type = WL_FT_UINT32;
  v->v.u = args[0].n;
  out->n = 1;
  return TRUE;
}

/* ---- string ---- */

static gboolean
string_type_ok (WlFieldType t)
{
  switch (t)
    {
    case WL_FT_UINT8: case WL_FT_UINT16: case WL_FT_UINT24: case WL_FT_UINT32: case WL_FT_UINT64:
    case WL_FT_INT8: case WL_FT_INT16: case WL_FT_INT32: case WL_FT_INT64:
    case WL_FT_IPv4: case WL_FT_IPv6: case WL_FT_DOUBLE: case WL_FT_ETHER: case WL_FT_FRAMENUM:
      return TRUE;
    default:
      return FALSE;
    }
}

static WlFieldType
check_string (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  DfNode *p = fn->u.func.params[0];
  if (p->kind == DF_NODE_FIELD)
    {
      if (string_type_ok (df_node_field_type (p)))
        return WL_FT_STRING;
      df_fail_node (c, p, "String conversion for field \"%s\" is not supported",
                    p->u.field.ref.field->abbrev);
      return WL_FT_N_TYPES;
    }
  df_fail_node (c, p, "Only fields can be used as parameter for %s()", fn->u.func.def->name);
  return WL_FT_N_TYPES;
}

static gboolean
eval_string (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  if (args[0].n == 0)
    return FALSE;
  DfValue *v = new_values (e, out, args[0].n);
  for (guint i = 0; i < args[0].n; i++)
    {
      char buf[64];
      if (!string_type_ok (args[0].v[i].type) || !df_value_to_string (&args[0].v[i], buf, sizeof buf))
        break;
      memset (&v[out->n], 0, sizeof v[0]);
      v[out->n].type = WL_FT_STRING;
      v[out->n].len = (guint32) strlen (buf);
      v[out->n].v.p = wl_arena_memdup (e->arena, buf, v[out->n].len + 1);
      out->n++;
    }
  return TRUE;
}

/* ---- max, min ---- */

/* tshark 4.0: every argument must have exactly the same type; a literal takes the type found
 * so far (the other side's, or an earlier argument's) and is refused when there is none. */
static WlFieldType
check_compare (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  const char *name = fn->u.func.def->name;
  WlFieldType t = lhs;
  for (guint i = 0; i < fn->u.func.n_params; i++)
    {
      DfNode *arg = fn->u.func.params[i];
      WlFieldType at;
      if (arg->kind == DF_NODE_ARITH)
        at = df_check_arith (c, arg, lhs);
      else if (arg->kind == DF_NODE_LITERAL && t != WL_FT_NONE)
        {
          if (!df_literal_to_value (c, arg, t))
            return WL_FT_N_TYPES;
          at = arg->u.value.type;
        }
      else if (arg->kind == DF_NODE_VALUE)
        at = arg->u.value.type;
      else if (arg->kind == DF_NODE_FUNCTION)
        at = df_check_function (c, arg, lhs);
      else if (arg->kind == DF_NODE_FIELD || arg->kind == DF_NODE_REFERENCE)
        at = df_node_field_type (arg);
      else
        {
          df_fail_node (c, arg, "Argument '%s' is not valid for %s()", arg->token, name);
          return WL_FT_N_TYPES;
        }
      if (df_failed (c))
        return WL_FT_N_TYPES;
      if (t == WL_FT_NONE)
        t = at;
      if (at != t)
        {
          df_fail_node (c, arg, "Arguments to '%s' must have the same type (expected %s, got %s)",
                        name, df_type_name (t), df_type_name (at));
          return WL_FT_N_TYPES;
        }
      if (!df_type_can_cmp (at))
        {
          df_fail_node (c, arg, "Argument '%s' to '%s' cannot be ordered", arg->token, name);
          return WL_FT_N_TYPES;
        }
    }
  return t;
}

static gboolean
eval_extreme (DfEval *e, DfValues *args, guint n_args, DfValues *out, gboolean want_max)
{
  const DfValue *best = NULL;
  for (guint i = 0; i < n_args; i++)
    for (guint j = 0; j < args[i].n; j++)
      {
        const DfValue *v = &args[i].v[j];
        int c;
        if (!best || (df_value_cmp (v, best, &c) && (want_max ? c > 0 : c < 0)))
          best = v;
      }
  if (!best)
    return FALSE;
  DfValue *r = new_values (e, out, 1);
  *r = *best;
  out->n = 1;
  return TRUE;
}

static gboolean
eval_max (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  return eval_extreme (e, args, n_args, out, TRUE);
}

static gboolean
eval_min (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  return eval_extreme (e, args, n_args, out, FALSE);
}

/* ---- abs ---- */

static gboolean
type_can_be_negative (WlFieldType t)
{
  return wl_field_type_is_integer (t) || t == WL_FT_DOUBLE || t == WL_FT_RELATIVE_TIME;
}

static WlFieldType
check_abs (DfCompiler *c, DfNode *fn, WlFieldType lhs)
{
  DfNode *p = fn->u.func.params[0];
  WlFieldType t;
  switch (p->kind)
    {
    case DF_NODE_ARITH:
      t = df_check_arith (c, p, lhs);
      break;
    case DF_NODE_LITERAL:
      if (lhs == WL_FT_NONE)
        {
          df_fail_node (c, p, "Need a field or field-like value on the LHS.");
          return WL_FT_N_TYPES;
        }
      if (!df_literal_to_value (c, p, lhs))
        return WL_FT_N_TYPES;
      t = p->u.value.type;
      break;
    case DF_NODE_FUNCTION:
      t = df_check_function (c, p, lhs);
      break;
    case DF_NODE_FIELD:
      t = df_node_field_type (p);
      break;
    default:
      t = WL_FT_NONE;
      break;
    }
  if (df_failed (c))
    return WL_FT_N_TYPES;
  if (t == WL_FT_NONE)
    {
      static const char *kinds[] = {
        [DF_NODE_TEST] = "TEST", [DF_NODE_ARITH] = "ARITHMETIC", [DF_NODE_FIELD] = "FIELD",
        [DF_NODE_REFERENCE] = "REFERENCE", [DF_NODE_LITERAL] = "LITERAL", [DF_NODE_STRING] = "STRING",
        [DF_NODE_CHARCONST] = "CHARCONST", [DF_NODE_SLICE] = "SLICE", [DF_NODE_FUNCTION] = "FUNCTION",
        [DF_NODE_SET] = "SET", [DF_NODE_VALUE] = "FVALUE", [DF_NODE_PCRE] = "PCRE",
      };
      df_fail_node (c, p, "Type %s is not valid for %s", kinds[p->kind], fn->u.func.def->name);
      return WL_FT_N_TYPES;
    }
  if (!type_can_be_negative (t))
    {
      df_fail_node (c, p, "'%s' is not a valid argument to '%s'()", p->token, fn->u.func.def->name);
      return WL_FT_N_TYPES;
    }
  return t;
}

static gboolean
eval_abs (DfEval *e, DfValues *args, guint n_args, DfValues *out)
{
  if (args[0].n == 0)
    return FALSE;
  DfValue *v = new_values (e, out, args[0].n);
  for (guint i = 0; i < args[0].n; i++)
    {
      const DfValue *in = &args[0].v[i];
      if (df_value_is_negative (in))
        {
          if (!df_value_arith (DF_ARITH_UNARY_MINUS, in, NULL, &v[out->n], df_eval_alloc, e))
            continue;
        }
      else
        v[out->n] = *in;
      out->n++;
    }
  return out->n > 0;
}

static const DfFunc functions[] = {
  { "lower", 1, 1, check_string_field, eval_lower },
  { "upper", 1, 1, check_string_field, eval_upper },
  { "len", 1, 1, check_field, eval_len },
  { "count", 1, 1, check_field, eval_count },
  { "string", 1, 1, check_string, eval_string },
  { "max", 1, 0, check_compare, eval_max },
  { "min", 1, 0, check_compare, eval_min },
  { "abs", 1, 1, check_abs, eval_abs },
};

const DfFunc *
df_func_lookup (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (functions); i++)
    if (strcmp (functions[i].name, name) == 0)
      return &functions[i];
  return NULL;
}
