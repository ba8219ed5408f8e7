/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The display-filter parser: a recursive-descent reading of Wireshark 4.0's grammar
 * (grammar.lemon), one token of lookahead, building the syntax tree. It stops at the first
 * token that cannot continue a valid filter, as the LALR parser does, so syntax errors name
 * the same token tshark names ("\"443\" was unexpected in this context.").
 *
 *   expr       := expr (and|or) expr | not expr | ( expr ) | relation | arith
 *   relation   := [any|all] ( arith cmp arith [cmp arith]...
 *                           | entity (contains|matches) entity
 *                           | entity [not] in { item, ... } )
 *   arith      := arith (&|+|-|*|/|%) arith | -entity | +entity | { arith } | entity
 *   entity     := "string" | 'c' | literal | name | .name | name#layer | name(arith, ...)
 *                 | ${name} | entity[range, ...]
 *
 * Precedence, lowest first: or, and, not, comparisons, &, + -, * / %, unary minus. */
#include <string.h>
#include "dfilter-int.h"

typedef struct {
  DfCompiler *c;
  DfLexer lx;
  DfToken cur;
  gboolean ok;             /* FALSE once an error has been recorded */
} Parser;

static void
advance (Parser *ps)
{
  if (!ps->ok)
    return;
  if (!df_lex_next (&ps->lx, &ps->cur))
    ps->ok = FALSE;
}

/* The parser's error: the token that cannot continue the filter. */
static void
unexpected (Parser *ps)
{
  if (!ps->ok)
    return;
  if (ps->cur.type == DF_TOK_EOF)
    df_fail (ps->c, -1, 0, "Unexpected end of filter expression.");
  else
    df_fail (ps->c, ps->cur.start, ps->cur.len, "\"%s\" was unexpected in this context.",
             ps->cur.text);
  ps->ok = FALSE;
}

static gboolean
expect (Parser *ps, DfTokType type)
{
  if (!ps->ok)
    return FALSE;
  if (ps->cur.type != type)
    {
      unexpected (ps);
      return FALSE;
    }
  advance (ps);
  return ps->ok;
}

static DfNode *
node_from_token (Parser *ps, DfNodeKind kind, const DfToken *t)
{
  return df_node_new (ps->c, kind, t->start, t->len, t->text);
}

static DfNode *parse_or (Parser *ps);
static DfNode *parse_arith (Parser *ps, gboolean *is_entity);
static DfNode *parse_entity (Parser *ps);

static gboolean
is_cmp (DfTokType t)
{
  return t == DF_TOK_ANY_EQ || t == DF_TOK_ALL_NE || t == DF_TOK_ALL_EQ || t == DF_TOK_ANY_NE ||
         t == DF_TOK_GT || t == DF_TOK_GE || t == DF_TOK_LT || t == DF_TOK_LE;
}

static DfOp
cmp_op (DfTokType t)
{
  switch (t)
    {
    case DF_TOK_ANY_EQ: return DF_OP_ANY_EQ;
    case DF_TOK_ALL_NE: return DF_OP_ALL_NE;
    case DF_TOK_ALL_EQ: return DF_OP_ALL_EQ;
    case DF_TOK_ANY_NE: return DF_OP_ANY_NE;
    case DF_TOK_GT: return DF_OP_GT;
    case DF_TOK_GE: return DF_OP_GE;
    case DF_TOK_LT: return DF_OP_LT;
    default: return DF_OP_LE;
    }
}

static DfNode *
test_new (Parser *ps, const DfToken *t, DfOp op, DfNode *a, DfNode *b)
{
  DfNode *n = node_from_token (ps, DF_NODE_TEST, t);
  n->u.test.op = op;
  n->u.test.a = a;
  n->u.test.b = b;
  return n;
}

/* A copy of a subtree that is not checked yet: the middle operand of "a < b < c" is tested
 * twice, and each test converts its literals for itself. */
static DfNode *
node_dup (DfCompiler *c, const DfNode *n)
{
  if (!n)
    return NULL;
  DfNode *d = df_node_new (c, n->kind, n->start, n->len, n->token);
  d->u = n->u;
  switch (n->kind)
    {
    case DF_NODE_TEST:
      d->u.test.a = node_dup (c, n->u.test.a);
      d->u.test.b = node_dup (c, n->u.test.b);
      break;
    case DF_NODE_ARITH:
      d->u.arith.a = node_dup (c, n->u.arith.a);
      d->u.arith.b = node_dup (c, n->u.arith.b);
      break;
    case DF_NODE_SLICE:
      d->u.slice.entity = node_dup (c, n->u.slice.entity);
      break;
    case DF_NODE_FUNCTION:
      d->u.func.params = wl_arena_alloc (c->arena, sizeof (DfNode *) * MAX (n->u.func.n_params, 1));
      for (guint i = 0; i < n->u.func.n_params; i++)
        d->u.func.params[i] = node_dup (c, n->u.func.params[i]);
      break;
    default:
      break;
    }
  return d;
}

/* Parses the ranges of a slice or a layer after "[", up to and including "]". */
static DfDrange *
parse_ranges (Parser *ps)
{
  GArray *nodes = g_array_new (FALSE, FALSE, sizeof (DfRangeNode));
  GString *text = g_string_new (NULL);
  DfDrange *dr = NULL;
  for (;;)
    {
      if (ps->cur.type != DF_TOK_RANGE_NODE)
        {
          unexpected (ps);
          goto out;
        }
      DfToken node_tok = ps->cur;
      advance (ps);
      if (!ps->ok)
        goto out;
      /* Checked when the next token is seen, as the grammar's action runs on reduction. */
      DfRangeNode rn;
      char *err = NULL;
      if (!df_range_node_parse (node_tok.text, &rn, &err))
        {
          df_fail (ps->c, node_tok.start, node_tok.len, "%s", err);
          g_free (err);
          ps->ok = FALSE;
          goto out;
        }
      g_array_append_val (nodes, rn);
      if (text->len)
        g_string_append_c (text, ',');
      if (rn.ending == DF_RANGE_LENGTH)
        g_string_append_printf (text, "%d:%d", rn.start, rn.end);
      else if (rn.ending == DF_RANGE_OFFSET)
        g_string_append_printf (text, "%d-%d", rn.start, rn.end);
      else
        g_string_append_printf (text, "%d:", rn.start);
      if (ps->cur.type == DF_TOK_COMMA)
        {
          advance (ps);
          if (!ps->ok)
            goto out;
          continue;
        }
      if (!expect (ps, DF_TOK_RBRACKET))
        goto out;
      break;
    }
  dr = wl_arena_alloc (ps->c->arena, sizeof *dr);
  dr->n = nodes->len;
  dr->nodes = wl_arena_memdup (ps->c->arena, nodes->data, sizeof (DfRangeNode) * nodes->len);
  dr->text = df_strdup (ps->c, text->str);
out:
  g_array_free (nodes, TRUE);
  g_string_free (text, TRUE);
  return dr;
}

/* "#2" or "#[1-2,4]" after a field name. */
static DfDrange *
parse_layer (Parser *ps)
{
  advance (ps); /* # */
  if (!ps->ok)
    return NULL;
  if (ps->cur.type == DF_TOK_INTEGER)
    {
      DfToken t = ps->cur;
      advance (ps);
      if (!ps->ok)
        return NULL;
      DfRangeNode rn;
      char *err = NULL;
      if (!df_range_node_parse (t.text, &rn, &err))
        {
          df_fail (ps->c, t.start, t.len, "%s", err);
          g_free (err);
          ps->ok = FALSE;
          return NULL;
        }
      DfDrange *dr = wl_arena_alloc (ps->c->arena, sizeof *dr);
      dr->n = 1;
      dr->nodes = wl_arena_memdup (ps->c->arena, &rn, sizeof rn);
      dr->text = wl_arena_printf (ps->c->arena, "%d:%d", rn.start, rn.end);
      return dr;
    }
  if (ps->cur.type == DF_TOK_LBRACKET)
    {
      advance (ps);
      if (!ps->ok)
        return NULL;
      return parse_ranges (ps);
    }
  unexpected (ps);
  return NULL;
}

/* A field name (UNPARSED or .FIELD token, already consumed) and its optional layer. */
static DfNode *
field_node (Parser *ps, const DfToken *name, DfNodeKind kind)
{
  DfDrange *layer = NULL;
  if (ps->cur.type == DF_TOK_HASH)
    {
      layer = parse_layer (ps);
      if (!layer)
        return NULL;
    }
  if (name->type == DF_TOK_FIELD || layer || kind == DF_NODE_REFERENCE)
    {
      DfNode *n = node_from_token (ps, kind, name);
      gboolean found = name->type == DF_TOK_FIELD
                         ? df_field_ref_for (ps->c, name->field, &n->u.field.ref)
                         : df_field_ref (ps->c, name->text, &n->u.field.ref);
      if (!found)
        {
          df_fail (ps->c, name->start, name->len, "%s is not a valid field", name->text);
          ps->ok = FALSE;
          return NULL;
        }
      n->u.field.layer = layer;
      if (name->type == DF_TOK_FIELD)
        n->token = n->u.field.ref.field->abbrev;
      return n;
    }
  /* A name alone: a field when the registry knows it (tshark 4.0 prefers the field even where
   * the name is also a value: "ip.proto == tcp" compares two fields), otherwise a value. */
  DfNode *n = node_from_token (ps, DF_NODE_FIELD, name);
  if (df_field_ref (ps->c, name->text, &n->u.field.ref))
    return n;
  n->kind = DF_NODE_LITERAL;
  n->u.literal = name->text;
  return n;
}

static DfNode *
parse_function (Parser *ps, const DfToken *name)
{
  advance (ps); /* ( */
  if (!ps->ok)
    return NULL;
  GPtrArray *params = g_ptr_array_new ();
  DfNode *fn = NULL;
  if (ps->cur.type != DF_TOK_RPAREN)
    {
      for (;;)
        {
          gboolean is_entity;
          DfNode *a = parse_arith (ps, &is_entity);
          if (!a)
            goto out;
          g_ptr_array_add (params, a);
          if (ps->cur.type != DF_TOK_COMMA)
            break;
          advance (ps);
          if (!ps->ok)
            goto out;
        }
    }
  if (!expect (ps, DF_TOK_RPAREN))
    goto out;
  const DfFunc *def = df_func_lookup (name->text);
  if (!def)
    {
      df_fail (ps->c, name->start, name->len, "Function '%s' does not exist", name->text);
      ps->ok = FALSE;
      goto out;
    }
  fn = node_from_token (ps, DF_NODE_FUNCTION, name);
  fn->u.func.def = def;
  fn->u.func.n_params = params->len;
  fn->u.func.params = wl_arena_alloc (ps->c->arena, sizeof (DfNode *) * MAX (params->len, 1));
  for (guint i = 0; i < params->len; i++)
    fn->u.func.params[i] = params->pdata[i];
out:
  g_ptr_array_free (params, TRUE);
  return fn;
}

static DfNode *
parse_entity (Parser *ps)
{
  if (!ps->ok)
    return NULL;
  DfToken t = ps->cur;
  DfNode *n = NULL;
  switch (t.type)
    {
    case DF_TOK_STRING:
      advance (ps);
      n = node_from_token (ps, DF_NODE_STRING, &t);
      n->u.string.p = t.str;
      n->u.string.len = t.str_len;
      break;
    case DF_TOK_CHARCONST:
      advance (ps);
      n = node_from_token (ps, DF_NODE_CHARCONST, &t);
      n->u.charval = t.charval;
      break;
    case DF_TOK_LITERAL:
      advance (ps);
      n = node_from_token (ps, DF_NODE_LITERAL, &t);
      n->u.literal = t.text;
      break;
    case DF_TOK_FIELD:
      advance (ps);
      if (!ps->ok)
        return NULL;
      n = field_node (ps, &t, DF_NODE_FIELD);
      break;
    case DF_TOK_UNPARSED:
      advance (ps);
      if (!ps->ok)
        return NULL;
      if (ps->cur.type == DF_TOK_LPAREN)
        n = parse_function (ps, &t);
      else
        n = field_node (ps, &t, DF_NODE_FIELD);
      break;
    case DF_TOK_DOLLAR:
      {
        advance (ps);
        if (!expect (ps, DF_TOK_LBRACE))
          return NULL;
        DfToken name = ps->cur;
        if (name.type != DF_TOK_UNPARSED && name.type != DF_TOK_FIELD)
          {
            unexpected (ps);
            return NULL;
          }
        advance (ps);
        if (!ps->ok)
          return NULL;
        DfDrange *layer = NULL;
        if (ps->cur.type == DF_TOK_HASH && !(layer = parse_layer (ps)))
          return NULL;
        if (!expect (ps, DF_TOK_RBRACE))
          return NULL;
        n = df_node_new (ps->c, DF_NODE_REFERENCE, name.start, name.len, name.text);
        gboolean found = name.type == DF_TOK_FIELD
                           ? df_field_ref_for (ps->c, name.field, &n->u.field.ref)
                           : df_field_ref (ps->c, name.text, &n->u.field.ref);
        if (!found)
          {
            df_fail (ps->c, name.start, name.len, "%s is not a valid field", name.text);
            ps->ok = FALSE;
            return NULL;
          }
        n->u.field.layer = layer;
        const WlField *f = n->u.field.ref.field;
        n->token = wl_arena_printf (ps->c->arena, "%s <%s>", f->abbrev, df_type_name (f->type));
      }
      break;
    default:
      unexpected (ps);
      return NULL;
    }
  if (!n || !ps->ok)
    return NULL;
  /* slices: entity[...][...] */
  while (ps->cur.type == DF_TOK_LBRACKET)
    {
      advance (ps);
      if (!ps->ok)
        return NULL;
      DfDrange *dr = parse_ranges (ps);
      if (!dr)
        return NULL;
      /* like tshark's, a slice node has no position of its own */
      DfNode *s = df_node_new (ps->c, DF_NODE_SLICE, -1, 0, n->token);
      s->u.slice.entity = n;
      s->u.slice.range = dr;
      n = s;
    }
  return n;
}

static DfNode *
arith_new (Parser *ps, const DfToken *t, DfArith op, DfNode *a, DfNode *b)
{
  DfNode *n = node_from_token (ps, DF_NODE_ARITH, t);
  n->u.arith.op = op;
  n->u.arith.a = a;
  n->u.arith.b = b;
  return n;
}

/* unary: -entity, +entity, { arith }, entity */
static DfNode *
parse_unary (Parser *ps, gboolean *is_entity)
{
  *is_entity = FALSE;
  DfToken t = ps->cur;
  if (t.type == DF_TOK_MINUS)
    {
      advance (ps);
      DfNode *e = parse_entity (ps);
      return e ? arith_new (ps, &t, DF_ARITH_UNARY_MINUS, e, NULL) : NULL;
    }
  if (t.type == DF_TOK_PLUS)
    {
      advance (ps);
      return parse_entity (ps);
    }
  if (t.type == DF_TOK_LBRACE)
    {
      advance (ps);
      gboolean inner;
      DfNode *e = parse_arith (ps, &inner);
      if (!e || !expect (ps, DF_TOK_RBRACE))
        return NULL;
      return e;
    }
  *is_entity = TRUE;
  return parse_entity (ps);
}

static DfNode *
parse_arith_level (Parser *ps, int level, gboolean *is_entity)
{
  DfNode *l = level == 2 ? parse_unary (ps, is_entity) : parse_arith_level (ps, level + 1, is_entity);
  while (l && ps->ok)
    {
      DfTokType tt = ps->cur.type;
      DfArith op;
      if (level == 0 && tt == DF_TOK_BITWISE_AND)
        op = DF_ARITH_BITWISE_AND;
      else if (level == 1 && tt == DF_TOK_PLUS)
        op = DF_ARITH_ADD;
      else if (level == 1 && tt == DF_TOK_MINUS)
        op = DF_ARITH_SUBTRACT;
      else if (level == 2 && tt == DF_TOK_STAR)
        op = DF_ARITH_MULTIPLY;
      else if (level == 2 && tt == DF_TOK_RSLASH)
        op = DF_ARITH_DIVIDE;
      else if (level == 2 && tt == DF_TOK_PERCENT)
        op = DF_ARITH_MODULO;
      else
        break;
      DfToken t = ps->cur;
      advance (ps);
      gboolean dummy;
      DfNode *r = level == 2 ? parse_unary (ps, &dummy) : parse_arith_level (ps, level + 1, &dummy);
      if (!r)
        return NULL;
      l = arith_new (ps, &t, op, l, r);
      *is_entity = FALSE;
    }
  return ps->ok ? l : NULL;
}

static DfNode *
parse_arith (Parser *ps, gboolean *is_entity)
{
  return parse_arith_level (ps, 0, is_entity);
}

/* The elements of a set after "{", up to and including "}". */
static DfNode *
parse_set (Parser *ps, const DfToken *brace)
{
  GPtrArray *lo = g_ptr_array_new (), *hi = g_ptr_array_new ();
  DfNode *set = NULL;
  for (;;)
    {
      DfNode *bounds[2] = { NULL, NULL };
      for (int k = 0; k < 2; k++)
        {
          DfToken t = ps->cur;
          if (t.type == DF_TOK_MINUS || t.type == DF_TOK_PLUS)
            {
              advance (ps);
              DfNode *e = parse_entity (ps);
              if (!e)
                goto out;
              bounds[k] = t.type == DF_TOK_MINUS ? arith_new (ps, &t, DF_ARITH_UNARY_MINUS, e, NULL) : e;
            }
          else if (!(bounds[k] = parse_entity (ps)))
            goto out;
          if (k == 1 || ps->cur.type != DF_TOK_DOTDOT)
            break;
          advance (ps);
          if (!ps->ok)
            goto out;
        }
      g_ptr_array_add (lo, bounds[0]);
      g_ptr_array_add (hi, bounds[1]);
      if (ps->cur.type == DF_TOK_COMMA)
        {
          advance (ps);
          if (!ps->ok)
            goto out;
          continue;
        }
      if (!expect (ps, DF_TOK_RBRACE))
        goto out;
      break;
    }
  set = df_node_new (ps->c, DF_NODE_SET, brace->start, brace->len, brace->text);
  set->u.set.n = lo->len;
  set->u.set.lo = wl_arena_memdup (ps->c->arena, lo->pdata, sizeof (DfNode *) * lo->len);
  set->u.set.hi = wl_arena_memdup (ps->c->arena, hi->pdata, sizeof (DfNode *) * hi->len);
out:
  g_ptr_array_free (lo, TRUE);
  g_ptr_array_free (hi, TRUE);
  return set;
}

/* A relation, or an arithmetic expression alone; required: a relation must follow ("any"). */
static DfNode *
parse_relation (Parser *ps, gboolean required)
{
  gboolean is_entity;
  DfNode *a = parse_arith (ps, &is_entity);
  if (!a)
    return NULL;
  DfToken t = ps->cur;
  if (is_cmp (t.type))
    {
      /* a op1 b op2 c ... is (a op1 b) and (b op2 c) and ... */
      GPtrArray *operands = g_ptr_array_new ();
      GArray *ops = g_array_new (FALSE, FALSE, sizeof (DfToken));
      DfNode *res = NULL;
      g_ptr_array_add (operands, a);
      while (is_cmp (ps->cur.type))
        {
          DfToken op = ps->cur;
          g_array_append_val (ops, op);
          advance (ps);
          DfNode *b = parse_arith (ps, &is_entity);
          if (!b)
            goto chain_out;
          g_ptr_array_add (operands, b);
        }
      guint n = ops->len;
      DfToken *opt = &g_array_index (ops, DfToken, n - 1);
      res = test_new (ps, opt, cmp_op (opt->type), operands->pdata[n - 1], operands->pdata[n]);
      for (guint i = n - 1; i-- > 0;)
        {
          opt = &g_array_index (ops, DfToken, i);
          DfNode *right = operands->pdata[i + 1];
          DfNode *l = test_new (ps, opt, cmp_op (opt->type), operands->pdata[i], node_dup (ps->c, right));
          DfNode *and = df_node_new (ps->c, DF_NODE_TEST, -1, 0, "");
          and->u.test.op = DF_OP_AND;
          and->u.test.a = l;
          and->u.test.b = res;
          res = and;
        }
    chain_out:
      g_ptr_array_free (operands, TRUE);
      g_array_free (ops, TRUE);
      return res;
    }
  if (is_entity && (t.type == DF_TOK_CONTAINS || t.type == DF_TOK_MATCHES))
    {
      advance (ps);
      DfNode *b = parse_entity (ps);
      if (!b)
        return NULL;
      return test_new (ps, &t, t.type == DF_TOK_CONTAINS ? DF_OP_CONTAINS : DF_OP_MATCHES, a, b);
    }
  if (is_entity && (t.type == DF_TOK_IN || t.type == DF_TOK_NOT))
    {
      DfToken not_tok = t;
      if (t.type == DF_TOK_NOT)
        {
          advance (ps);
          if (!ps->ok)
            return NULL;
          if (ps->cur.type != DF_TOK_IN)
            {
              unexpected (ps);
              return NULL;
            }
        }
      DfToken in_tok = ps->cur;
      advance (ps);
      DfToken brace = ps->cur;
      if (!expect (ps, DF_TOK_LBRACE))
        return NULL;
      DfNode *set = parse_set (ps, &brace);
      if (!set)
        return NULL;
      DfNode *in = test_new (ps, &in_tok, DF_OP_IN, a, set);
      if (not_tok.type == DF_TOK_NOT)
        return test_new (ps, &not_tok, DF_OP_NOT, in, NULL);
      return in;
    }
  if (required)
    {
      unexpected (ps);
      return NULL;
    }
  return a;
}

static DfNode *
parse_primary (Parser *ps)
{
  DfToken t = ps->cur;
  switch (t.type)
    {
    case DF_TOK_NOT:
      {
        advance (ps);
        DfNode *e = parse_primary (ps);
        return e ? test_new (ps, &t, DF_OP_NOT, e, NULL) : NULL;
      }
    case DF_TOK_LPAREN:
      {
        advance (ps);
        DfNode *e = parse_or (ps);
        if (!e || !expect (ps, DF_TOK_RPAREN))
          return NULL;
        return e;
      }
    case DF_TOK_ANY:
    case DF_TOK_ALL:
      {
        advance (ps);
        DfNode *r = parse_relation (ps, TRUE);
        if (r)
          r->u.test.how = t.type == DF_TOK_ANY ? DF_MATCH_ANY : DF_MATCH_ALL;
        return r;
      }
    default:
      return parse_relation (ps, FALSE);
    }
}

static DfNode *
parse_binary (Parser *ps, DfTokType tok, DfOp op, DfNode *(*next) (Parser *))
{
  DfNode *l = next (ps);
  while (l && ps->ok && ps->cur.type == tok)
    {
      DfToken t = ps->cur;
      advance (ps);
      DfNode *r = next (ps);
      if (!r)
        return NULL;
      l = test_new (ps, &t, op, l, r);
    }
  return ps->ok ? l : NULL;
}

static DfNode *
parse_and (Parser *ps)
{
  return parse_binary (ps, DF_TOK_AND, DF_OP_AND, parse_primary);
}

static DfNode *
parse_or (Parser *ps)
{
  return parse_binary (ps, DF_TOK_OR, DF_OP_OR, parse_and);
}

DfNode *
df_parse (DfCompiler *c)
{
  Parser ps = { .c = c, .ok = TRUE };
  ps.lx.c = c;
  ps.lx.text = c->text;
  ps.lx.len = (int) strlen (c->text);
  advance (&ps);
  if (!ps.ok || ps.cur.type == DF_TOK_EOF)
    return NULL;
  DfNode *root = parse_or (&ps);
  if (root && ps.ok && ps.cur.type != DF_TOK_EOF)
    unexpected (&ps);
  return ps.ok ? root : NULL;
}
