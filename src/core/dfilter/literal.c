/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Filter text to typed values: what "80", "10.0.0.0/8", "aa-bb-cc-dd-ee-ff", "01:02",
 * "1.5" or "\"Nov 24, 2026 21:23:15\"" mean for a field of a given type, with tshark 4.0's
 * rules and messages ("\"65536\" too big for this field, maximum 65535."). Three kinds of
 * source: an unquoted literal, a quoted string and a character constant. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "dfilter-int.h"

static gpointer
store_dup (DfStore *st, gconstpointer p, gsize n)
{
  return wl_arena_memdup (st->arena, p, n ? n : 1);
}

/* ---- Integers ---- */

/* strtoul with a 0b prefix for binary, as tshark's binary_strtoul. */
static guint64
parse_unsigned (const char *s, char **end)
{
  if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
    return g_ascii_strtoull (s + 2, end, 2);
  return g_ascii_strtoull (s, end, 0);
}

static gint64
parse_signed (const char *s, char **end)
{
  if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
    return g_ascii_strtoll (s + 2, end, 2);
  return g_ascii_strtoll (s, end, 0);
}

static gboolean
uint_from_literal (const char *s, guint64 max, guint64 *out, char **err)
{
  char *end;
  errno = 0;
  guint64 v = parse_unsigned (s, &end);
  if (errno == EINVAL || end == s || *end != '\0')
    {
      *err = g_strdup_printf ("\"%s\" is not a valid number.", s);
      return FALSE;
    }
  if (errno == ERANGE)
    {
      *err = v == G_MAXUINT64 ? g_strdup_printf ("\"%s\" causes an integer overflow.", s)
                              : g_strdup_printf ("\"%s\" is not an integer.", s);
      return FALSE;
    }
  if (v > max)
    {
      *err = g_strdup_printf ("\"%s\" too big for this field, maximum %" G_GUINT64_FORMAT ".", s, max);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static gboolean
sint_from_literal (const char *s, gint64 max, gint64 min, gboolean is64, gint64 *out, char **err)
{
  char *end;
  errno = 0;
  gint64 v = parse_signed (s, &end);
  if (errno == EINVAL || end == s || *end != '\0')
    {
      *err = g_strdup_printf ("\"%s\" is not a valid number.", s);
      return FALSE;
    }
  if (errno == ERANGE)
    {
      if (v == G_MAXINT64)
        *err = g_strdup_printf ("\"%s\" causes an integer overflow.", s);
      else if (v == G_MININT64)
        *err = g_strdup_printf ("\"%s\" causes an integer underflow.", s);
      else
        *err = g_strdup_printf ("\"%s\" is not an integer.", s);
      return FALSE;
    }
  if (v > max)
    {
      *err = g_strdup_printf ("\"%s\" too big for this field, maximum %" G_GINT64_FORMAT ".", s, max);
      return FALSE;
    }
  if (v < min)
    {
      /* tshark 4.0 words the 64-bit case with "maximum" and the maximum */
      *err = is64 ? g_strdup_printf ("\"%s\" too small for this field, maximum %" G_GINT64_FORMAT ".", s, max)
                  : g_strdup_printf ("\"%s\" too small for this field, minimum %" G_GINT64_FORMAT ".", s, min);
      return FALSE;
    }
  *out = v;
  return TRUE;
}

static void
signed_limits (WlFieldType t, gint64 *max, gint64 *min)
{
  switch (t)
    {
    case WL_FT_INT8: *max = 0x7f; *min = -0x80; break;
    case WL_FT_INT16: *max = G_MAXINT16; *min = G_MININT16; break;
    case WL_FT_INT24: *max = 0x7fffff; *min = -0x800000; break;
    case WL_FT_INT32: *max = G_MAXINT32; *min = G_MININT32; break;
    default: *max = G_MAXINT64; *min = G_MININT64; break;
    }
}

/* ---- Byte strings ---- */

static gboolean
is_byte_sep (char c)
{
  return c == ':' || c == '.' || c == '-';
}

/* tshark's hex_str_to_bytes without forced separators: pairs or runs of hex digits, ':' '.'
 * or '-' between bytes, a lone digit before a separator or at the end is a byte. */
static gboolean
hex_str_to_bytes (const char *p, GByteArray *out)
{
  while (*p)
    {
      const char *q = p + 1;
      if (*q && q[1] && g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]) &&
          g_ascii_isxdigit (p[2]) && g_ascii_isxdigit (p[3]))
        {
          guint8 b[2] = { (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1])),
                          (guint8) (g_ascii_xdigit_value (p[2]) * 16 + g_ascii_xdigit_value (p[3])) };
          g_byte_array_append (out, b, 2);
          p += 4;
          if (*p && is_byte_sep (*p))
            p++;
          continue;
        }
      if (*q && g_ascii_isxdigit (p[0]) && g_ascii_isxdigit (p[1]))
        {
          guint8 b = (guint8) (g_ascii_xdigit_value (p[0]) * 16 + g_ascii_xdigit_value (p[1]));
          g_byte_array_append (out, &b, 1);
          p += 2;
          if (*p && is_byte_sep (*p))
            p++;
          continue;
        }
      if (*q && g_ascii_isxdigit (p[0]) && is_byte_sep (*q))
        {
          guint8 b = (guint8) g_ascii_xdigit_value (p[0]);
          g_byte_array_append (out, &b, 1);
          p = q + 1;
          continue;
        }
      if (!*q && g_ascii_isxdigit (p[0]))
        {
          guint8 b = (guint8) g_ascii_xdigit_value (p[0]);
          g_byte_array_append (out, &b, 1);
          p = q;
          continue;
        }
      return FALSE;
    }
  return TRUE;
}

/* A byte string literal: "01:02", "0102", ":01.02", "0x1f" (one byte), "0b00000101". */
static GByteArray *
bytes_from_literal (const char *s, char **err)
{
  if (*s == ':')
    s++;
  if (strlen (s) == 4 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
    s += 2;
  GByteArray *b = g_byte_array_new ();
  if (strlen (s) == 10 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B') && (s[2] == '0' || s[2] == '1'))
    {
      char *end;
      errno = 0;
      long v = strtol (s + 2, &end, 2);
      if (errno == 0 && *end == '\0' && v >= 0 && v <= 0xff)
        {
          guint8 byte = (guint8) v;
          g_byte_array_append (b, &byte, 1);
          return b;
        }
    }
  if (!hex_str_to_bytes (s, b))
    {
      if (err)
        *err = g_strdup_printf ("\"%s\" is not a valid byte string.", s);
      g_byte_array_free (b, TRUE);
      return NULL;
    }
  return b;
}

/* ---- Addresses ---- */

static gboolean
ipv4_parse (const char *s, guint32 *addr)
{
  guint32 a = 0;
  int parts = 0;
  const char *p = s;
  while (parts < 4)
    {
      if (!g_ascii_isdigit (*p))
        return FALSE;
      guint v = 0;
      int digits = 0;
      while (g_ascii_isdigit (*p))
        {
          if (digits && v == 0)
            return FALSE; /* leading zero */
          v = v * 10 + (guint) (*p++ - '0');
          if (++digits > 3 || v > 255)
            return FALSE;
        }
      a = (a << 8) | v;
      parts++;
      if (parts < 4)
        {
          if (*p != '.')
            return FALSE;
          p++;
        }
    }
  if (*p)
    return FALSE;
  *addr = a;
  return TRUE;
}

static gboolean
ipv6_parse (const char *s, guint8 out[16])
{
  guint16 words[8] = { 0 };
  int n_before = 0, n_after = 0;
  guint16 after[8];
  gboolean seen_dc = FALSE;
  const char *p = s;
  if (p[0] == ':' && p[1] == ':')
    {
      seen_dc = TRUE;
      p += 2;
    }
  else if (p[0] == ':')
    return FALSE;
  while (*p)
    {
      /* an embedded IPv4 address at the end */
      const char *q = p;
      while (*q && *q != ':')
        q++;
      if (!*q && strchr (p, '.'))
        {
          guint32 v4;
          if (!ipv4_parse (p, &v4))
            return FALSE;
          guint16 hi = (guint16) (v4 >> 16), lo = (guint16) (v4 & 0xffff);
          if (seen_dc)
            {
              if (n_after + 2 > 8)
                return FALSE;
              after[n_after++] = hi;
              after[n_after++] = lo;
            }
          else
            {
              if (n_before + 2 > 8)
                return FALSE;
              words[n_before++] = hi;
              words[n_before++] = lo;
            }
          p = q;
          break;
        }
      int len = (int) (q - p);
      if (len < 1 || len > 4)
        return FALSE;
      guint v = 0;
      for (int i = 0; i < len; i++)
        {
          if (!g_ascii_isxdigit (p[i]))
            return FALSE;
          v = v * 16 + (guint) g_ascii_xdigit_value (p[i]);
        }
      if (seen_dc)
        {
          if (n_after >= 8)
            return FALSE;
          after[n_after++] = (guint16) v;
        }
      else
        {
          if (n_before >= 8)
            return FALSE;
          words[n_before++] = (guint16) v;
        }
      p = q;
      if (*p == ':')
        {
          if (p[1] == ':')
            {
              if (seen_dc)
                return FALSE;
              seen_dc = TRUE;
              p += 2;
            }
          else
            {
              p++;
              if (!*p)
                return FALSE;
            }
        }
    }
  if (seen_dc)
    {
      if (n_before + n_after > 7)
        return FALSE;
      for (int i = n_before; i < 8 - n_after; i++)
        words[i] = 0;
      for (int i = 0; i < n_after; i++)
        words[8 - n_after + i] = after[i];
    }
  else if (n_before != 8)
    return FALSE;
  for (gsize i = 0; i < 8; i++)
    {
      out[2 * i] = (guint8) (words[i] >> 8);
      out[2 * i + 1] = (guint8) words[i];
    }
  return TRUE;
}

/* ---- Times ---- */

/* Nanoseconds from the digits at p (tshark's get_nsecs): digits beyond the ninth must be
 * zeros. end, when not NULL, receives the first character after the digits. */
static gboolean
get_nsecs (const char *p, gint64 *ns, const char **end)
{
  int n = 0;
  while (g_ascii_isdigit (p[n]))
    n++;
  gint64 v = 0;
  for (int i = 0; i < n; i++)
    {
      int digit = p[i] - '0';
      int scale = 8 - i;
      if (scale < 0)
        {
          if (digit)
            return FALSE;
          continue;
        }
      gint64 d = digit;
      for (int k = 0; k < scale; k++)
        d *= 10;
      v += d;
    }
  *ns = v;
  if (end)
    *end = p + n;
  return TRUE;
}

static gint64
secs_to_ns (gint64 secs, gint64 ns)
{
  /* saturate: times beyond the nanosecond range still order correctly */
  if (secs > G_MAXINT64 / 1000000000 - 1)
    return G_MAXINT64;
  if (secs < G_MININT64 / 1000000000 + 1)
    return G_MININT64;
  return secs * 1000000000 + ns;
}

static gboolean
reltime_from_literal (const char *s, gint64 *out, char **err)
{
  const char *p = s;
  gboolean neg = FALSE;
  gint64 secs = 0, ns = 0;
  if (*p == '-')
    {
      neg = TRUE;
      p++;
    }
  if (*p != '.')
    {
      char *end;
      guint64 v = g_ascii_strtoull (p, &end, 10);
      if (end == p || (*end != '\0' && *end != '.'))
        goto fail;
      secs = (gint64) v;
      p = end;
      if (*p == '.')
        p++;
    }
  else
    p++;
  if (*p && !get_nsecs (p, &ns, NULL))
    goto fail;
  if (neg)
    {
      secs = -secs;
      ns = -ns;
    }
  *out = secs_to_ns (secs, ns);
  return TRUE;
fail:
  *err = g_strdup_printf ("\"%s\" is not a valid time.", s);
  return FALSE;
}

/* Reads up to max digits (at least one) as a number in [lo, hi]. */
static const char *
tm_num (const char *p, int max, int lo, int hi, int *out)
{
  int n = 0, v = 0;
  while (n < max && g_ascii_isdigit (p[n]))
    v = v * 10 + (p[n++] - '0');
  if (n == 0 || v < lo || v > hi)
    return NULL;
  *out = v;
  return p + n;
}

/* A small strptime for the formats tshark 4.0 reads: %Y %m %d %H %M %S, blanks matching any
 * run of blanks, other characters themselves. */
static const char *
tm_parse (const char *p, const char *fmt, struct tm *tm)
{
  for (; *fmt; fmt++)
    {
      if (*fmt == ' ')
        {
          while (g_ascii_isspace (*p))
            p++;
          continue;
        }
      if (*fmt != '%')
        {
          if (*p++ != *fmt)
            return NULL;
          continue;
        }
      int v;
      switch (*++fmt)
        {
        case 'Y':
          if (!(p = tm_num (p, 4, 0, 9999, &v)))
            return NULL;
          tm->tm_year = v - 1900;
          break;
        case 'm':
          if (!(p = tm_num (p, 2, 1, 12, &v)))
            return NULL;
          tm->tm_mon = v - 1;
          break;
        case 'd':
          if (!(p = tm_num (p, 2, 1, 31, &v)))
            return NULL;
          tm->tm_mday = v;
          break;
        case 'H':
          if (!(p = tm_num (p, 2, 0, 23, &v)))
            return NULL;
          tm->tm_hour = v;
          break;
        case 'M':
          if (!(p = tm_num (p, 2, 0, 59, &v)))
            return NULL;
          tm->tm_min = v;
          break;
        case 'S':
          if (!(p = tm_num (p, 2, 0, 61, &v)))
            return NULL;
          tm->tm_sec = v;
          break;
        default:
          return NULL;
        }
    }
  return p;
}

/* ISO 8601: YYYY-MM-DD[T ]hh:mm[:ss[.frac]][Z|+hh[:mm]] */
static gboolean
iso8601_parse (const char *s, gint64 *out)
{
  struct tm tm = { 0 };
  int v;
  const char *p = s;
  if (!(p = tm_num (p, 4, 0, 9999, &v)) || *p++ != '-')
    return FALSE;
  tm.tm_year = v - 1900;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 1, 12, &v)) || *p++ != '-')
    return FALSE;
  tm.tm_mon = v - 1;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 1, 31, &v)))
    return FALSE;
  tm.tm_mday = v;
  if (*p != 'T' && *p != ' ')
    return FALSE;
  p++;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 0, 24, &v)) || *p++ != ':')
    return FALSE;
  tm.tm_hour = v;
  if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 0, 59, &v)))
    return FALSE;
  tm.tm_min = v;
  gint64 ns = 0;
  if (*p == ':')
    {
      p++;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 0, 60, &v)))
        return FALSE;
      tm.tm_sec = v;
      if (*p == '.' || *p == ',')
        {
          p++;
          if (!g_ascii_isdigit (*p) || !get_nsecs (p, &ns, &p))
            return FALSE;
        }
    }
  gboolean utc = FALSE;
  long offset = 0;
  if (*p == 'Z')
    {
      utc = TRUE;
      p++;
    }
  else if (*p == '+' || *p == '-')
    {
      int sign = *p++ == '-' ? -1 : 1, hh, mm = 0;
      if (!g_ascii_isdigit (p[0]) || !g_ascii_isdigit (p[1]) || !(p = tm_num (p, 2, 0, 23, &hh)))
        return FALSE;
      if (*p == ':')
        p++;
      if (g_ascii_isdigit (*p) && !(p = tm_num (p, 2, 0, 59, &mm)))
        return FALSE;
      utc = TRUE;
      offset = (long) sign * (hh * 3600 + mm * 60);
    }
  if (*p)
    return FALSE;
  gint64 secs;
  if (utc)
    secs = (gint64) timegm (&tm) - offset;
  else
    {
      tm.tm_isdst = -1;
      secs = (gint64) mktime (&tm);
    }
  *out = secs_to_ns (secs, ns);
  return TRUE;
}

static gboolean
abstime_from_string (const char *s, gint64 *out, char **err)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                  "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  if (iso8601_parse (s, out))
    return TRUE;
  struct tm tm = { 0 };
  const char *p = NULL;
  gboolean has_seconds = TRUE;
  gint64 ns = 0;
  char *msg = NULL;
  if (strlen (s) < 8)
    goto fail;
  if (s[3] == ' ')
    for (int i = 0; i < 12; i++)
      if (g_ascii_strncasecmp (s, months[i], 3) == 0)
        {
          tm.tm_mon = i;
          p = tm_parse (s + 4, "%d, %Y %H:%M:%S", &tm);
          break;
        }
  if (!p)
    p = tm_parse (s, "%Y-%m-%d %H:%M:%S", &tm);
  if (!p)
    {
      has_seconds = FALSE;
      p = tm_parse (s, "%Y-%m-%d %H:%M", &tm);
    }
  if (!p)
    p = tm_parse (s, "%Y-%m-%d %H", &tm);
  if (!p)
    p = tm_parse (s, "%Y-%m-%d", &tm);
  if (!p)
    goto fail;
  if (*p == '.')
    {
      if (!has_seconds)
        {
          msg = g_strdup ("Subsecond precision requires a seconds field.");
          goto fail;
        }
      p++;
      if (!g_ascii_isdigit (*p))
        {
          msg = g_strdup ("Subseconds value is not a number.");
          goto fail;
        }
      if (!get_nsecs (p, &ns, &p))
        {
          msg = g_strdup ("Subseconds value is invalid.");
          goto fail;
        }
    }
  while (g_ascii_isspace (*p))
    p++;
  gint64 secs;
  if (strcmp (p, "UTC") == 0)
    secs = (gint64) timegm (&tm);
  else if (*p == '\0')
    {
      tm.tm_isdst = -1;
      secs = (gint64) mktime (&tm);
    }
  else
    {
      msg = g_strdup ("Unexpected data after time value.");
      goto fail;
    }
  if (secs == -1)
    {
      msg = g_strdup_printf ("\"%s\" cannot be converted to a valid calendar time.", s);
      goto fail;
    }
  *out = secs_to_ns (secs, ns);
  return TRUE;
fail:
  *err = msg ? msg
             : g_strdup_printf ("\"%s\" is not a valid absolute time. Example: \"Nov 12, 1999 "
                                "08:55:44.123\" or \"2011-07-04 12:34:56\"", s);
  return FALSE;
}

/* ---- Entry points ---- */

gboolean
df_value_from_literal (DfStore *st, WlFieldType t, const char *s, gboolean allow_partial,
                       DfValue *out, char **err)
{
  memset (out, 0, sizeof *out);
  out->type = t;
  switch (t)
    {
    case WL_FT_UINT8:
    case WL_FT_CHAR:
      return uint_from_literal (s, G_MAXUINT8, &out->v.u, err);
    case WL_FT_UINT16:
      return uint_from_literal (s, G_MAXUINT16, &out->v.u, err);
    case WL_FT_UINT24:
      return uint_from_literal (s, 0xffffff, &out->v.u, err);
    case WL_FT_UINT32:
    case WL_FT_FRAMENUM:
      return uint_from_literal (s, G_MAXUINT32, &out->v.u, err);
    case WL_FT_UINT64:
      return uint_from_literal (s, G_MAXUINT64, &out->v.u, err);
    case WL_FT_BOOLEAN:
      if (strcmp (s, "True") == 0 || strcmp (s, "TRUE") == 0)
        {
          out->v.u = 1;
          return TRUE;
        }
      if (strcmp (s, "False") == 0 || strcmp (s, "FALSE") == 0)
        {
          out->v.u = 0;
          return TRUE;
        }
      return uint_from_literal (s, G_MAXUINT64, &out->v.u, err);
    case WL_FT_INT8:
    case WL_FT_INT16:
    case WL_FT_INT24:
    case WL_FT_INT32:
    case WL_FT_INT64:
      {
        gint64 max, min;
        signed_limits (t, &max, &min);
        return sint_from_literal (s, max, min, t == WL_FT_INT64, &out->v.i, err);
      }
    case WL_FT_DOUBLE:
      {
        char *end;
        errno = 0;
        double d = g_ascii_strtod (s, &end);
        if (end == s || *end != '\0')
          {
            *err = g_strdup_printf ("\"%s\" is not a valid floating-point number.", s);
            return FALSE;
          }
        if (errno == ERANGE)
          {
            *err = d == 0 ? g_strdup_printf ("\"%s\" causes floating-point underflow.", s)
                          : g_strdup_printf ("\"%s\" causes floating-point overflow.", s);
            return FALSE;
          }
        out->v.d = d;
        return TRUE;
      }
    case WL_FT_RELATIVE_TIME:
      return reltime_from_literal (s, &out->v.i, err);
    case WL_FT_ABSOLUTE_TIME:
      return abstime_from_string (s, &out->v.i, err);
    case WL_FT_IPv4:
      {
        const char *slash = strchr (s, '/');
        char *addr_str = slash ? g_strndup (s, slash - s) : g_strdup (s);
        guint32 a;
        if (!ipv4_parse (addr_str, &a))
          {
            *err = g_strdup_printf ("\"%s\" is not a valid hostname or IPv4 address.", addr_str);
            g_free (addr_str);
            return FALSE;
          }
        g_free (addr_str);
        out->v.u = a;
        out->prefix = 32;
        if (slash)
          {
            guint64 bits;
            if (!uint_from_literal (slash + 1, G_MAXUINT32, &bits, err))
              return FALSE;
            if (bits > 32)
              {
                *err = g_strdup_printf ("Netmask bits in a CIDR IPv4 address should be <= 32, not %u",
                                        (guint) bits);
                return FALSE;
              }
            out->prefix = (guint8) bits;
          }
        return TRUE;
      }
    case WL_FT_IPv6:
      {
        const char *slash = strchr (s, '/');
        char *addr_str = slash ? g_strndup (s, slash - s) : g_strdup (s);
        guint8 a[16];
        if (!ipv6_parse (addr_str, a))
          {
            *err = g_strdup_printf ("\"%s\" is not a valid hostname or IPv6 address.", addr_str);
            g_free (addr_str);
            return FALSE;
          }
        g_free (addr_str);
        out->v.p = store_dup (st, a, 16);
        out->len = 16;
        out->prefix = 128;
        if (slash)
          {
            guint64 bits;
            if (!uint_from_literal (slash + 1, G_MAXUINT32, &bits, err))
              return FALSE;
            if (bits > 128)
              {
                *err = g_strdup_printf ("Prefix in a IPv6 address should be <= 128, not %u", (guint) bits);
                return FALSE;
              }
            out->prefix = (guint8) bits;
          }
        return TRUE;
      }
    case WL_FT_ETHER:
      {
        GByteArray *b = bytes_from_literal (s, NULL);
        if (!b)
          {
            *err = g_strdup_printf ("\"%s\" is not a valid Ethernet address.", s);
            return FALSE;
          }
        gboolean ok = TRUE;
        if (b->len > 6)
          {
            *err = g_strdup_printf ("\"%s\" contains too many bytes to be a valid Ethernet address.", s);
            ok = FALSE;
          }
        else if (b->len < 6 && !allow_partial)
          {
            *err = g_strdup_printf ("\"%s\" contains too few bytes to be a valid Ethernet address.", s);
            ok = FALSE;
          }
        if (ok)
          {
            out->v.p = store_dup (st, b->data, b->len);
            out->len = b->len;
          }
        g_byte_array_free (b, TRUE);
        return ok;
      }
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
      {
        GByteArray *b = bytes_from_literal (s, err);
        if (!b)
          return FALSE;
        out->v.p = store_dup (st, b->data, b->len);
        out->len = b->len;
        g_byte_array_free (b, TRUE);
        return TRUE;
      }
    case WL_FT_STRING:
      out->len = (guint32) strlen (s);
      out->v.p = store_dup (st, s, out->len + 1);
      return TRUE;
    default:
      *err = g_strdup_printf ("\"%s\" cannot be converted to %s.", s, wl_field_type_describe (t));
      return FALSE;
    }
}

gboolean
df_value_from_string (DfStore *st, WlFieldType t, const guint8 *s, gsize len, DfValue *out, char **err)
{
  memset (out, 0, sizeof *out);
  out->type = t;
  switch (t)
    {
    case WL_FT_STRING:
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
      out->v.p = store_dup (st, s, len + 1);
      out->len = (guint32) len;
      return TRUE;
    case WL_FT_ABSOLUTE_TIME:
      return abstime_from_string ((const char *) s, &out->v.i, err);
    default:
      *err = g_strdup_printf ("%s cannot be converted from a string (\"%s\").",
                              wl_field_type_describe (t), (const char *) s);
      return FALSE;
    }
}

gboolean
df_value_from_charconst (DfStore *st, WlFieldType t, gulong c, DfValue *out, char **err)
{
  memset (out, 0, sizeof *out);
  out->type = t;
  switch (t)
    {
    case WL_FT_UINT8:
    case WL_FT_UINT16:
    case WL_FT_UINT24:
    case WL_FT_UINT32:
    case WL_FT_CHAR:
    case WL_FT_FRAMENUM:
      out->v.u = (guint32) c;
      return TRUE;
    case WL_FT_UINT64:
    case WL_FT_BOOLEAN:
      out->v.u = c;
      return TRUE;
    case WL_FT_INT8:
    case WL_FT_INT16:
    case WL_FT_INT24:
    case WL_FT_INT32:
      out->v.i = (gint32) c;
      return TRUE;
    case WL_FT_INT64:
      out->v.i = (gint64) c;
      return TRUE;
    case WL_FT_BYTES:
    case WL_FT_PROTOCOL:
      {
        if (c > 0xff)
          {
            *err = g_strdup_printf ("%lu is too large for a byte value", c);
            return FALSE;
          }
        guint8 b = (guint8) c;
        out->v.p = store_dup (st, &b, 1);
        out->len = 1;
        return TRUE;
      }
    case WL_FT_STRING:
      {
        char buf[8];
        int n = g_unichar_to_utf8 ((gunichar) c, buf);
        if (c < 0x80)
          {
            buf[0] = (char) c;
            n = 1;
          }
        buf[n] = '\0';
        out->v.p = store_dup (st, buf, n + 1);
        out->len = (guint32) n;
        return TRUE;
      }
    default:
      {
        char shown[16];
        if (g_ascii_isprint ((int) c))
          g_snprintf (shown, sizeof shown, "'%c'", (int) c);
        else
          g_snprintf (shown, sizeof shown, "'\\x%02lx'", c);
        *err = g_strdup_printf ("Character constant %s (0x%lx) cannot be converted to %s.",
                                shown, c, wl_field_type_describe (t));
        return FALSE;
      }
    }
}

gboolean
df_range_node_parse (const char *s, DfRangeNode *out, char **err)
{
  const char *p = s;
  char *end;
  gint64 lower = 0, upper = 0;
  if (*p != ':')
    {
      errno = 0;
      lower = g_ascii_strtoll (p, &end, 0);
      if (end == p)
        {
          *err = g_strdup_printf ("\"%s\" is not a valid number.", s);
          return FALSE;
        }
      if (errno == ERANGE || lower > G_MAXINT32 || lower < G_MININT32)
        {
          *err = g_strdup_printf ("\"%s\" causes an integer overflow.", s);
          return FALSE;
        }
      p = end;
    }
  while (g_ascii_isspace (*p))
    p++;
  if (*p == '-')
    {
      p++;
      errno = 0;
      upper = g_ascii_strtoll (p, &end, 0);
      if (end == p || errno == ERANGE || upper > G_MAXINT32 || upper < G_MININT32)
        goto bad_range;
      p = end;
      out->ending = DF_RANGE_OFFSET;
    }
  else if (*p == ':')
    {
      p++;
      if (*p == '\0')
        out->ending = DF_RANGE_TO_END;
      else
        {
          errno = 0;
          upper = g_ascii_strtoll (p, &end, 0);
          if (end == p || errno == ERANGE || upper > G_MAXINT32 || upper < G_MININT32)
            goto bad_range;
          p = end;
          out->ending = DF_RANGE_LENGTH;
        }
    }
  else if (*p == '\0')
    {
      out->ending = DF_RANGE_LENGTH;
      upper = 1;
    }
  else
    goto bad_range;
  while (g_ascii_isspace (*p))
    p++;
  if (*p != '\0')
    goto bad_range;

  out->start = (gint32) lower;
  out->end = (gint32) upper;
  if (out->ending == DF_RANGE_LENGTH && upper <= 0)
    {
      *err = g_strdup_printf ("Range %s isn't valid because length %d isn't positive", s, (int) upper);
      return FALSE;
    }
  if (out->ending == DF_RANGE_OFFSET)
    {
      if ((lower < 0 && upper > 0) || (lower > 0 && upper < 0))
        {
          *err = g_strdup_printf ("Range %s isn't valid because %d and %d have different signs",
                                  s, (int) lower, (int) upper);
          return FALSE;
        }
      if (upper <= lower)
        {
          *err = g_strdup_printf ("Range %s isn't valid because %d is greater or equal than %d",
                                  s, (int) lower, (int) upper);
          return FALSE;
        }
    }
  return TRUE;
bad_range:
  *err = g_strdup_printf ("\"%s\" is not a valid range.", s);
  return FALSE;
}
