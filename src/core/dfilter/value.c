/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Typed values: what each field type can do in a filter (compare, contain, match, slice,
 * arithmetic) and how, as tshark 4.0's ftypes do it. Integers below 64 bits keep tshark's
 * 32-bit arithmetic and overflow checks; a comparison between values that cannot be
 * converted to one another (an unsigned field and -1) is neither true nor false. */
#define _GNU_SOURCE /* memmem */
#include <stdio.h>
#include <string.h>
#include "dfilter-int.h"

static gboolean
df_type_is_uint32ish (WlFieldType t)
{
  return t == WL_FT_UINT8 || t == WL_FT_UINT16 || t == WL_FT_UINT24 || t == WL_FT_UINT32 ||
         t == WL_FT_CHAR || t == WL_FT_FRAMENUM;
}

static gboolean
df_type_is_sint32ish (WlFieldType t)
{
  return t == WL_FT_INT8 || t == WL_FT_INT16 || t == WL_FT_INT24 || t == WL_FT_INT32;
}

static gboolean
is_int (WlFieldType t)
{
  return df_type_is_uint32ish (t) || df_type_is_sint32ish (t) || t == WL_FT_UINT64 ||
         t == WL_FT_INT64;
}

gboolean
df_type_is_unsigned (WlFieldType t)
{
  return df_type_is_uint32ish (t) || t == WL_FT_UINT64;
}

gboolean
df_type_is_bytes_like (WlFieldType t)
{
  return t == WL_FT_ETHER || t == WL_FT_BYTES || t == WL_FT_IPv6;
}

gboolean
df_type_can_eq (WlFieldType t)
{
  return t != WL_FT_NONE && t < WL_FT_N_TYPES;
}

gboolean
df_type_can_cmp (WlFieldType t)
{
  return df_type_can_eq (t);
}

gboolean
df_type_can_contains (WlFieldType t)
{
  return t == WL_FT_PROTOCOL || t == WL_FT_ETHER || t == WL_FT_BYTES || t == WL_FT_STRING;
}

gboolean
df_type_can_matches (WlFieldType t)
{
  return df_type_can_contains (t);
}

gboolean
df_type_can_slice (WlFieldType t)
{
  return t == WL_FT_PROTOCOL || t == WL_FT_ETHER || t == WL_FT_BYTES || t == WL_FT_STRING ||
         t == WL_FT_IPv4 || t == WL_FT_IPv6;
}

gboolean
df_type_can_arith (WlFieldType t, DfArith op)
{
  switch (op)
    {
    case DF_ARITH_BITWISE_AND:
      return is_int (t) || t == WL_FT_IPv4 || t == WL_FT_IPv6 || t == WL_FT_ETHER || t == WL_FT_BYTES;
    case DF_ARITH_UNARY_MINUS:
    case DF_ARITH_ADD:
    case DF_ARITH_SUBTRACT:
      return is_int (t) || t == WL_FT_DOUBLE || t == WL_FT_RELATIVE_TIME;
    case DF_ARITH_MULTIPLY:
    case DF_ARITH_DIVIDE:
      return is_int (t) || t == WL_FT_DOUBLE;
    case DF_ARITH_MODULO:
      return is_int (t);
    }
  return FALSE;
}

/* tshark 4.0's compatible_ftypes: which types may meet in a comparison or an operation. */
gboolean
df_type_compatible (WlFieldType a, WlFieldType b)
{
  switch (a)
    {
    case WL_FT_ETHER:
    case WL_FT_BYTES:
      return b == WL_FT_ETHER || b == WL_FT_BYTES;
    case WL_FT_BOOLEAN:
    case WL_FT_FRAMENUM:
    case WL_FT_CHAR:
    case WL_FT_UINT8:
    case WL_FT_UINT16:
    case WL_FT_UINT24:
    case WL_FT_UINT32:
    case WL_FT_INT8:
    case WL_FT_INT16:
    case WL_FT_INT24:
    case WL_FT_INT32:
      return b == WL_FT_BOOLEAN || b == WL_FT_FRAMENUM || b == WL_FT_CHAR || df_type_is_uint32ish (b) ||
             df_type_is_sint32ish (b);
    default:
      return a == b;
    }
}

const char *
df_type_name (WlFieldType t)
{
  static const char *names[] = {
    [WL_FT_NONE] = "FT_NONE", [WL_FT_PROTOCOL] = "FT_PROTOCOL", [WL_FT_BOOLEAN] = "FT_BOOLEAN",
    [WL_FT_UINT8] = "FT_UINT8", [WL_FT_UINT16] = "FT_UINT16", [WL_FT_UINT24] = "FT_UINT24",
    [WL_FT_UINT32] = "FT_UINT32", [WL_FT_UINT64] = "FT_UINT64", [WL_FT_INT8] = "FT_INT8",
    [WL_FT_INT16] = "FT_INT16", [WL_FT_INT24] = "FT_INT24", [WL_FT_INT32] = "FT_INT32",
    [WL_FT_INT64] = "FT_INT64", [WL_FT_CHAR] = "FT_CHAR", [WL_FT_FRAMENUM] = "FT_FRAMENUM",
    [WL_FT_DOUBLE] = "FT_DOUBLE", [WL_FT_ABSOLUTE_TIME] = "FT_ABSOLUTE_TIME",
    [WL_FT_RELATIVE_TIME] = "FT_RELATIVE_TIME", [WL_FT_ETHER] = "FT_ETHER", [WL_FT_IPv4] = "FT_IPv4",
    [WL_FT_IPv6] = "FT_IPv6", [WL_FT_BYTES] = "FT_BYTES", [WL_FT_STRING] = "FT_STRING",
  };
  return t < WL_FT_N_TYPES ? names[t] : "FT_NONE";
}

/* ---- Conversions between integer types (tshark's val_to_uinteger64 and friends) ---- */

static gboolean
to_u64 (const DfValue *v, guint64 *out)
{
  if (df_type_is_uint32ish (v->type) || v->type == WL_FT_UINT64 || v->type == WL_FT_BOOLEAN)
    {
      *out = v->v.u;
      return TRUE;
    }
  if (df_type_is_sint32ish (v->type) || v->type == WL_FT_INT64)
    {
      if (v->v.i < 0)
        return FALSE;
      *out = (guint64) v->v.i;
      return TRUE;
    }
  return FALSE;
}

static gboolean
to_s64 (const DfValue *v, gint64 *out)
{
  if (df_type_is_uint32ish (v->type))
    {
      *out = (gint64) v->v.u;
      return TRUE;
    }
  if (v->type == WL_FT_UINT64 || v->type == WL_FT_BOOLEAN)
    {
      if (v->v.u > G_MAXINT64)
        return FALSE;
      *out = (gint64) v->v.u;
      return TRUE;
    }
  if (df_type_is_sint32ish (v->type) || v->type == WL_FT_INT64)
    {
      *out = v->v.i;
      return TRUE;
    }
  return FALSE;
}

/* A byte-like view of a value (IPv4 in network order in scratch). */
const guint8 *
df_value_bytes (const DfValue *v, guint8 *scratch, guint32 *len)
{
  switch (v->type)
    {
    case WL_FT_IPv4:
      scratch[0] = (guint8) (v->v.u >> 24);
      scratch[1] = (guint8) (v->v.u >> 16);
      scratch[2] = (guint8) (v->v.u >> 8);
      scratch[3] = (guint8) v->v.u;
      *len = 4;
      return scratch;
    case WL_FT_IPv6:
      *len = 16;
      return v->v.p;
    case WL_FT_ETHER:
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
    case WL_FT_STRING:
      *len = v->len;
      return v->v.p;
    default:
      *len = 0;
      return NULL;
    }
}

static int
bytes_cmp (const guint8 *a, guint32 alen, const guint8 *b, guint32 blen)
{
  if (alen != blen)
    return alen < blen ? -1 : 1;
  return alen ? memcmp (a, b, alen) : 0;
}

gboolean
df_value_cmp (const DfValue *a, const DfValue *b, int *cmp)
{
  WlFieldType t = a->type;
  if (df_type_is_uint32ish (t) || t == WL_FT_UINT64)
    {
      guint64 x, y;
      if (!to_u64 (a, &x) || !to_u64 (b, &y))
        return FALSE;
      *cmp = x == y ? 0 : x < y ? -1 : 1;
      return TRUE;
    }
  if (df_type_is_sint32ish (t) || t == WL_FT_INT64)
    {
      gint64 x, y;
      if (!to_s64 (a, &x) || !to_s64 (b, &y))
        return FALSE;
      *cmp = x == y ? 0 : x < y ? -1 : 1;
      return TRUE;
    }
  switch (t)
    {
    case WL_FT_BOOLEAN:
      {
        guint64 y;
        if (!to_u64 (b, &y))
          return FALSE;
        gboolean x1 = a->v.u != 0, y1 = y != 0;
        *cmp = x1 == y1 ? 0 : x1 ? 1 : -1;
        return TRUE;
      }
    case WL_FT_DOUBLE:
      if (b->type != WL_FT_DOUBLE)
        return FALSE;
      *cmp = a->v.d < b->v.d ? -1 : a->v.d > b->v.d ? 1 : 0;
      return TRUE;
    case WL_FT_ABSOLUTE_TIME:
    case WL_FT_RELATIVE_TIME:
      if (b->type != WL_FT_ABSOLUTE_TIME && b->type != WL_FT_RELATIVE_TIME)
        return FALSE;
      *cmp = a->v.i == b->v.i ? 0 : a->v.i < b->v.i ? -1 : 1;
      return TRUE;
    case WL_FT_IPv4:
      {
        if (b->type != WL_FT_IPv4)
          return FALSE;
        guint bits = MIN (a->prefix, b->prefix);
        guint32 mask = bits == 0 ? 0 : 0xffffffffu << (32 - bits);
        guint32 x = (guint32) a->v.u & mask, y = (guint32) b->v.u & mask;
        *cmp = x == y ? 0 : x < y ? -1 : 1;
        return TRUE;
      }
    case WL_FT_IPv6:
      {
        if (b->type != WL_FT_IPv6)
          return FALSE;
        guint bits = MIN (MIN (a->prefix, b->prefix), 128);
        int pos = 0;
        *cmp = 0;
        for (; bits >= 8; bits -= 8, pos++)
          if (a->v.p[pos] != b->v.p[pos])
            {
              *cmp = a->v.p[pos] < b->v.p[pos] ? -1 : 1;
              return TRUE;
            }
        if (bits)
          {
            guint8 m = (guint8) (0xff << (8 - bits));
            int x = a->v.p[pos] & m, y = b->v.p[pos] & m;
            *cmp = x == y ? 0 : x < y ? -1 : 1;
          }
        return TRUE;
      }
    case WL_FT_ETHER:
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
      if (b->type != WL_FT_ETHER && b->type != WL_FT_BYTES && b->type != WL_FT_PROTOCOL)
        return FALSE;
      *cmp = bytes_cmp (a->v.p, a->len, b->v.p, b->len);
      return TRUE;
    case WL_FT_STRING:
      {
        if (b->type != WL_FT_STRING)
          return FALSE;
        guint32 n = MIN (a->len, b->len);
        int r = n ? memcmp (a->v.p, b->v.p, n) : 0;
        if (r == 0 && a->len != b->len)
          r = a->len < b->len ? -1 : 1;
        *cmp = r < 0 ? -1 : r > 0 ? 1 : 0;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

int
df_value_contains (const DfValue *a, const DfValue *b)
{
  guint8 sa[4], sb[4];
  guint32 alen, blen;
  const guint8 *pa = df_value_bytes (a, sa, &alen), *pb = df_value_bytes (b, sb, &blen);
  if (!pa || !pb)
    return DF_BADARG;
  if (a->type == WL_FT_PROTOCOL)
    alen = MAX (alen, a->ext_len);
  if (blen == 0)
    return DF_TRUE;
  if (blen > alen)
    return DF_FALSE;
  return memmem (pa, alen, pb, blen) ? DF_TRUE : DF_FALSE;
}

guint32
df_value_length (const DfValue *v)
{
  switch (v->type)
    {
    case WL_FT_UINT8: case WL_FT_INT8: case WL_FT_CHAR: return 1;
    case WL_FT_UINT16: case WL_FT_INT16: return 2;
    case WL_FT_UINT24: case WL_FT_INT24: return 3;
    case WL_FT_UINT32: case WL_FT_INT32: case WL_FT_FRAMENUM: case WL_FT_IPv4: return 4;
    case WL_FT_UINT64: case WL_FT_INT64: case WL_FT_DOUBLE: return 8;
    case WL_FT_IPv6: return 16;
    case WL_FT_ETHER: case WL_FT_BYTES: case WL_FT_PROTOCOL: case WL_FT_STRING: return v->len;
    default: return 0;
    }
}

gboolean
df_value_is_zero (const DfValue *v)
{
  if (df_type_is_uint32ish (v->type) || v->type == WL_FT_UINT64 || v->type == WL_FT_BOOLEAN)
    return v->v.u == 0;
  if (df_type_is_sint32ish (v->type) || v->type == WL_FT_INT64 ||
      v->type == WL_FT_ABSOLUTE_TIME || v->type == WL_FT_RELATIVE_TIME)
    return v->v.i == 0;
  switch (v->type)
    {
    case WL_FT_DOUBLE:
      return v->v.d == 0;
    case WL_FT_IPv4:
      return v->v.u == 0;
    case WL_FT_IPv6:
    case WL_FT_ETHER:
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
      {
        guint32 n = v->type == WL_FT_IPv6 ? 16 : v->len;
        for (guint32 i = 0; i < n; i++)
          if (v->v.p[i])
            return FALSE;
        return TRUE;
      }
    case WL_FT_STRING:
      return v->len == 0;
    default:
      return TRUE;
    }
}

gboolean
df_value_is_negative (const DfValue *v)
{
  if (df_type_is_sint32ish (v->type) || v->type == WL_FT_INT64 || v->type == WL_FT_RELATIVE_TIME)
    return v->v.i < 0;
  if (v->type == WL_FT_DOUBLE)
    return v->v.d < 0;
  return FALSE;
}

/* ---- Arithmetic ---- */

static gboolean
uint32_op (DfArith op, guint32 x, guint32 y, DfValue *out, WlFieldType t)
{
  guint64 r;
  out->type = t;
  switch (op)
    {
    case DF_ARITH_UNARY_MINUS:
      if (x > G_MAXINT32)
        return FALSE;
      out->type = WL_FT_INT32;
      out->v.i = -(gint64) x;
      return TRUE;
    case DF_ARITH_ADD:
      r = (guint64) x + y;
      break;
    case DF_ARITH_SUBTRACT:
      if (y > x)
        {
          /* tshark switches to signed arithmetic */
          if (x > G_MAXINT32 || y > G_MAXINT32)
            return FALSE;
          out->type = WL_FT_INT32;
          out->v.i = (gint64) (gint32) x - (gint32) y;
          return TRUE;
        }
      r = x - y;
      break;
    case DF_ARITH_MULTIPLY:
      r = (guint64) x * y;
      break;
    case DF_ARITH_DIVIDE:
      if (y == 0)
        return FALSE;
      r = x / y;
      break;
    case DF_ARITH_MODULO:
      if (y == 0)
        return FALSE;
      r = x % y;
      break;
    case DF_ARITH_BITWISE_AND:
    default:
      r = x & y;
      break;
    }
  if (r > G_MAXUINT32)
    return FALSE;
  out->v.u = r;
  return TRUE;
}

static gboolean
sint32_op (DfArith op, gint32 x, gint32 y, DfValue *out, WlFieldType t)
{
  gint64 r;
  out->type = t;
  switch (op)
    {
    case DF_ARITH_UNARY_MINUS:
      r = -(gint64) x;
      break;
    case DF_ARITH_ADD:
      r = (gint64) x + y;
      break;
    case DF_ARITH_SUBTRACT:
      r = (gint64) x - y;
      break;
    case DF_ARITH_MULTIPLY:
      r = (gint64) x * y;
      break;
    case DF_ARITH_DIVIDE:
      if (y == 0)
        return FALSE;
      r = (gint64) x / y;
      break;
    case DF_ARITH_MODULO:
      if (y == 0)
        return FALSE;
      r = (gint64) x % y;
      break;
    case DF_ARITH_BITWISE_AND:
    default:
      r = x & y;
      break;
    }
  if (op == DF_ARITH_UNARY_MINUS)
    {
      /* tshark negates without checks: -INT32_MIN wraps */
      out->v.i = (gint32) (guint32) r;
      return TRUE;
    }
  if (r > G_MAXINT32 || r < G_MININT32)
    return FALSE;
  out->v.i = r;
  return TRUE;
}

static gboolean
uint64_op (DfArith op, guint64 x, guint64 y, DfValue *out)
{
  out->type = WL_FT_UINT64;
  switch (op)
    {
    case DF_ARITH_UNARY_MINUS:
      if (x > G_MAXINT64)
        return FALSE;
      out->type = WL_FT_INT64;
      out->v.i = -(gint64) x;
      return TRUE;
    case DF_ARITH_ADD:
      return !__builtin_add_overflow (x, y, &out->v.u);
    case DF_ARITH_SUBTRACT:
      if (y > x)
        {
          if (x > G_MAXINT64 || y > G_MAXINT64)
            return FALSE;
          out->type = WL_FT_INT64;
          out->v.i = (gint64) x - (gint64) y;
          return TRUE;
        }
      out->v.u = x - y;
      return TRUE;
    case DF_ARITH_MULTIPLY:
      return !__builtin_mul_overflow (x, y, &out->v.u);
    case DF_ARITH_DIVIDE:
      if (y == 0)
        return FALSE;
      out->v.u = x / y;
      return TRUE;
    case DF_ARITH_MODULO:
      if (y == 0)
        return FALSE;
      out->v.u = x % y;
      return TRUE;
    case DF_ARITH_BITWISE_AND:
    default:
      out->v.u = x & y;
      return TRUE;
    }
}

static gboolean
sint64_op (DfArith op, gint64 x, gint64 y, DfValue *out)
{
  out->type = WL_FT_INT64;
  switch (op)
    {
    case DF_ARITH_UNARY_MINUS:
      out->v.i = (gint64) (0 - (guint64) x);
      return TRUE;
    case DF_ARITH_ADD:
      return !__builtin_add_overflow (x, y, &out->v.i);
    case DF_ARITH_SUBTRACT:
      return !__builtin_sub_overflow (x, y, &out->v.i);
    case DF_ARITH_MULTIPLY:
      return !__builtin_mul_overflow (x, y, &out->v.i);
    case DF_ARITH_DIVIDE:
      if (y == 0 || (x == G_MININT64 && y == -1))
        return FALSE;
      out->v.i = x / y;
      return TRUE;
    case DF_ARITH_MODULO:
      if (y == 0 || (x == G_MININT64 && y == -1))
        return FALSE;
      out->v.i = x % y;
      return TRUE;
    case DF_ARITH_BITWISE_AND:
    default:
      out->v.i = x & y;
      return TRUE;
    }
}

gboolean
df_value_arith (DfArith op, const DfValue *a, const DfValue *b, DfValue *out,
                gpointer (*alloc) (gpointer, gsize), gpointer alloc_data)
{
  memset (out, 0, sizeof *out);
  /* Only unary minus goes without a second operand. */
  if (!b && op != DF_ARITH_UNARY_MINUS)
    return FALSE;
  WlFieldType t = a->type;
  /* tshark reads the second operand from the same union member as the first */
  guint64 braw = b ? b->v.u : 0;
  if (df_type_is_uint32ish (t))
    return uint32_op (op, (guint32) a->v.u, (guint32) braw, out, t);
  if (df_type_is_sint32ish (t))
    return sint32_op (op, (gint32) a->v.i, (gint32) (guint32) braw, out, t);
  if (t == WL_FT_UINT64)
    return uint64_op (op, a->v.u, braw, out);
  if (t == WL_FT_INT64)
    return sint64_op (op, a->v.i, (gint64) braw, out);
  switch (t)
    {
    case WL_FT_DOUBLE:
      {
        double y = b ? b->v.d : 0;
        out->type = WL_FT_DOUBLE;
        switch (op)
          {
          case DF_ARITH_UNARY_MINUS: out->v.d = -a->v.d; return TRUE;
          case DF_ARITH_ADD: out->v.d = a->v.d + y; return TRUE;
          case DF_ARITH_SUBTRACT: out->v.d = a->v.d - y; return TRUE;
          case DF_ARITH_MULTIPLY: out->v.d = a->v.d * y; return TRUE;
          case DF_ARITH_DIVIDE:
            if (y == 0)
              return FALSE;
            out->v.d = a->v.d / y;
            return TRUE;
          default: return FALSE;
          }
      }
    case WL_FT_RELATIVE_TIME:
      out->type = t;
      switch (op)
        {
        case DF_ARITH_UNARY_MINUS: out->v.i = -a->v.i; return TRUE;
        case DF_ARITH_ADD: out->v.i = a->v.i + b->v.i; return TRUE;
        case DF_ARITH_SUBTRACT: out->v.i = a->v.i - b->v.i; return TRUE;
        default: return FALSE;
        }
    case WL_FT_IPv4:
      if (op != DF_ARITH_BITWISE_AND || b->type != WL_FT_IPv4)
        return FALSE;
      *out = *a;
      out->v.u = a->v.u & b->v.u;
      return TRUE;
    case WL_FT_IPv6:
    case WL_FT_ETHER:
    case WL_FT_BYTES:
      {
        if (op != DF_ARITH_BITWISE_AND)
          return FALSE;
        guint8 s[4];
        guint32 alen, blen;
        const guint8 *pa = df_value_bytes (a, s, &alen);
        const guint8 *pb = df_value_bytes (b, s, &blen);
        if (!pa || !pb)
          return FALSE;
        guint32 n = MIN (alen, blen);
        guint8 *r = alloc (alloc_data, MAX (n, 16));
        for (guint32 i = 0; i < n; i++)
          r[i] = pa[i] & pb[i];
        *out = *a;
        out->v.p = r;
        out->len = n;
        return TRUE;
      }
    default:
      return FALSE;
    }
}

/* RFC 5952 text of an IPv6 address, as tshark prints them. */
static void
ipv6_to_string (const guint8 *a, char *buf, gsize size)
{
  guint16 w[8];
  for (gsize i = 0; i < 8; i++)
    w[i] = (guint16) (a[2 * i] << 8 | a[2 * i + 1]);
  if (w[0] == 0 && w[1] == 0 && w[2] == 0 && w[3] == 0 && w[4] == 0 && w[5] == 0xffff)
    {
      g_snprintf (buf, size, "::ffff:%u.%u.%u.%u", a[12], a[13], a[14], a[15]);
      return;
    }
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;)
    {
      if (w[i] != 0)
        {
          i++;
          continue;
        }
      int j = i;
      while (j < 8 && w[j] == 0)
        j++;
      if (j - i > best_len && j - i >= 2)
        {
          best = i;
          best_len = j - i;
        }
      i = j;
    }
  GString *s = g_string_new (NULL);
  for (int i = 0; i < 8; i++)
    {
      if (i == best)
        {
          g_string_append (s, "::");
          i += best_len - 1;
          continue;
        }
      if (s->len && s->str[s->len - 1] != ':')
        g_string_append_c (s, ':');
      g_string_append_printf (s, "%x", w[i]);
    }
  g_strlcpy (buf, s->str, size);
  g_string_free (s, TRUE);
}

char *
df_value_to_string (const DfValue *v, char *buf, gsize size)
{
  if ((df_type_is_uint32ish (v->type) && v->type != WL_FT_CHAR) || v->type == WL_FT_UINT64)
    g_snprintf (buf, size, "%" G_GUINT64_FORMAT, v->v.u);
  else if (df_type_is_sint32ish (v->type) || v->type == WL_FT_INT64)
    g_snprintf (buf, size, "%" G_GINT64_FORMAT, v->v.i);
  else if (v->type == WL_FT_DOUBLE)
    g_ascii_formatd (buf, (int) size, "%.15g", v->v.d);
  else if (v->type == WL_FT_IPv4)
    g_snprintf (buf, size, "%u.%u.%u.%u", (guint) (v->v.u >> 24) & 0xff, (guint) (v->v.u >> 16) & 0xff,
                (guint) (v->v.u >> 8) & 0xff, (guint) v->v.u & 0xff);
  else if (v->type == WL_FT_IPv6)
    ipv6_to_string (v->v.p, buf, size);
  else if (v->type == WL_FT_ETHER && v->len == 6)
    g_snprintf (buf, size, "%02x:%02x:%02x:%02x:%02x:%02x", v->v.p[0], v->v.p[1], v->v.p[2],
                v->v.p[3], v->v.p[4], v->v.p[5]);
  else
    return NULL;
  return buf;
}
