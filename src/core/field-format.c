/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Value and label formatting (see field-format.h). */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "ether-names.h"
#include "field-format.h"

/* g_string_append_printf allocates on every call; labels are short, so format on the stack. */
static void G_GNUC_PRINTF (2, 3)
appendf (GString *out, const char *fmt, ...)
{
  char buf[128];
  va_list ap;
  va_start (ap, fmt);
  int n = vsnprintf (buf, sizeof buf, fmt, ap);
  va_end (ap);
  if (n < 0)
    return;
  if ((gsize) n < sizeof buf)
    {
      g_string_append_len (out, buf, n);
      return;
    }
  va_start (ap, fmt);
  g_string_append_vprintf (out, fmt, ap);
  va_end (ap);
}

static inline void
puts_ (GString *out, const char *s)
{
  wl_string_put (out, s, strlen (s));
}

static const char hex_digits[] = "0123456789abcdef";

/* The decimal digits of v, ending at end; returns where they start ("%" G_GUINT64_FORMAT). */
static char *
dec_digits (char *end, guint64 v)
{
  do
    {
      *--end = (char) ('0' + v % 10);
      v /= 10;
    }
  while (v);
  return end;
}

void
wl_append_uint (GString *out, guint64 v, int width)
{
  char buf[24];
  char *p = dec_digits (buf + sizeof buf, v);
  for (int pad = width - (int) (buf + sizeof buf - p); pad > 0; pad--)
    g_string_append_c (out, ' ');
  wl_string_put (out, p, (gsize) (buf + sizeof buf - p));
}

static void
put_u64 (GString *out, guint64 v)
{
  wl_append_uint (out, v, 0);
}

static void
put_i64 (GString *out, gint64 v)
{
  char buf[24];
  char *p = dec_digits (buf + sizeof buf, v < 0 ? (guint64) 0 - (guint64) v : (guint64) v);
  if (v < 0)
    *--p = '-';
  wl_string_put (out, p, (gsize) (buf + sizeof buf - p));
}

/* "0x%0*" G_GINT64_MODIFIER "x": at least width digits */
static void
put_hex (GString *out, guint64 v, int width)
{
  char buf[24];
  char *end = buf + sizeof buf, *p = end;
  do
    {
      *--p = hex_digits[v & 15];
      v >>= 4;
    }
  while (v);
  while (end - p < width && p > buf + 2)
    *--p = '0';
  *--p = 'x';
  *--p = '0';
  wl_string_put (out, p, (gsize) (end - p));
}

void
wl_format_ether (const guint8 *a, GString *out)
{
  char buf[18], *d = buf;
  for (gsize i = 0; i < 6; i++)
    {
      *d++ = hex_digits[a[i] >> 4];
      *d++ = hex_digits[a[i] & 15];
      *d++ = ':';
    }
  wl_string_put (out, buf, sizeof buf - 1);
}

void
wl_format_ipv4 (guint32 addr, GString *out)
{
  char buf[16], *p = buf + sizeof buf;
  for (int i = 0; i < 4; i++)
    {
      if (i)
        *--p = '.';
      p = dec_digits (p, (addr >> (8 * i)) & 0xff);
    }
  wl_string_put (out, p, (gsize) (buf + sizeof buf - p));
}

/* RFC 5952: lowercase, the longest run (first on ties) of two or more zero groups as "::",
 * IPv4-mapped and -compatible forms with a dotted tail, as inet_ntop prints them. */
void
wl_format_ipv6 (const guint8 *a, GString *out)
{
  guint16 g[8];
  for (gsize i = 0; i < 8; i++)
    g[i] = (guint16) ((a[2 * i] << 8) | a[2 * i + 1]);
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;)
    {
      if (g[i] != 0)
        {
          i++;
          continue;
        }
      int j = i;
      while (j < 8 && g[j] == 0)
        j++;
      if (j - i > best_len)
        {
          best = i;
          best_len = j - i;
        }
      i = j;
    }
  if (best_len < 2)
    best = -1;
  gboolean v4_tail = best == 0 && (best_len == 6 || (best_len == 5 && g[5] == 0xffff));
  for (int i = 0; i < 8; i++)
    {
      if (i == best)
        {
          g_string_append (out, "::");
          i += best_len - 1;
          if (v4_tail)
            {
              appendf (out, "%s%u.%u.%u.%u", best_len == 5 ? "ffff:" : "", a[12], a[13], a[14], a[15]);
              return;
            }
          continue;
        }
      if (i > 0 && out->str[out->len - 1] != ':')
        g_string_append_c (out, ':');
      appendf (out, "%x", g[i]);
    }
}

static const char *const months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* Nine digits of nanoseconds, after a dot ".%09" */
static void
put_frac9 (GString *out, guint64 frac)
{
  char buf[10];
  buf[0] = '.';
  for (int i = 9; i >= 1; i--)
    {
      buf[i] = (char) ('0' + frac % 10);
      frac /= 10;
    }
  wl_string_put (out, buf, sizeof buf);
}

/* The date and time of one second and its zone, "Nov 24, 2026 21:23:15" and " UTC": the
 * packets of a capture mostly share seconds, so each thread keeps the last one it made. */
typedef struct {
  gint64 secs;
  gboolean utc, valid;
  char date[64];
  char zone[72];
} TimeCache;

static gboolean
format_second (TimeCache *c, gint64 secs, gboolean utc)
{
  time_t t = (time_t) secs;
  struct tm tm;
  c->secs = secs;
  c->utc = utc;
  c->valid = FALSE;
  if (utc ? !gmtime_r (&t, &tm) : !localtime_r (&t, &tm))
    return FALSE;
  char zone[64] = "UTC";
  if (!utc)
    strftime (zone, sizeof zone, "%Z", &tm);
  g_snprintf (c->date, sizeof c->date, "%s %2d, %d %02d:%02d:%02d", months[tm.tm_mon], tm.tm_mday,
              tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
  g_snprintf (c->zone, sizeof c->zone, " %s", zone);
  c->valid = TRUE;
  return TRUE;
}

void
wl_format_abs_time (gint64 ns, gboolean utc, GString *out)
{
  static __thread TimeCache cache = { G_MININT64, FALSE, FALSE, "", "" };
  gint64 secs = ns / 1000000000;
  gint64 frac = ns % 1000000000;
  if (frac < 0)
    {
      frac += 1000000000;
      secs--;
    }
  if (!(cache.secs == secs && cache.utc == utc && cache.valid) && !format_second (&cache, secs, utc))
    {
      g_string_append (out, "Not representable");
      return;
    }
  puts_ (out, cache.date);
  put_frac9 (out, (guint64) frac);
  puts_ (out, cache.zone);
}

void
wl_format_rel_time (gint64 ns, GString *out)
{
  guint64 mag = ns < 0 ? (guint64) 0 - (guint64) ns : (guint64) ns;
  if (ns < 0)
    g_string_append_c (out, '-');
  put_u64 (out, mag / 1000000000);
  put_frac9 (out, mag % 1000000000);
}

void
wl_format_escaped (const guint8 *s, gsize n, GString *out)
{
  for (gsize i = 0; i < n;)
    {
      guint8 c = s[i];
      if (c >= 0x80)
        {
          /* Valid UTF-8 is kept; anything else becomes U+FFFD, as Wireshark's strings do. */
          const gchar *end = NULL;
          gsize len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
          if (i + len <= n && g_utf8_validate ((const char *) s + i, (gssize) len, &end))
            {
              g_string_append_len (out, (const char *) s + i, (gssize) len);
              i += len;
            }
          else
            {
              g_string_append (out, "\xef\xbf\xbd");
              i++;
            }
          continue;
        }
      switch (c)
        {
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20 || c == 0x7f)
            appendf (out, "\\x%02x", c);
          else
            g_string_append_c (out, (char) c);
        }
      i++;
    }
}

static int
type_bytes (WlFieldType t)
{
  switch (t)
    {
    case WL_FT_UINT8: case WL_FT_INT8: case WL_FT_CHAR: return 1;
    case WL_FT_UINT16: case WL_FT_INT16: return 2;
    case WL_FT_UINT24: case WL_FT_INT24: return 3;
    case WL_FT_UINT32: case WL_FT_INT32: case WL_FT_FRAMENUM: return 4;
    default: return 8;
    }
}

/* Hex with the digits of the field's type (-T fields), or of its mask (tree labels), as
 * Wireshark prints them. */
static void
format_hex_width (const WlField *f, guint64 v, gboolean by_mask, GString *out)
{
  int digits = type_bytes (f->type) * 2;
  if (f->bitmask && by_mask)
    {
      /* A masked field prints with as many digits as its mask needs. */
      int bits = 64 - __builtin_clzll (f->bitmask) - f->shift;
      digits = (bits + 3) / 4;
    }
  put_hex (out, v, digits);
}

static void
format_hex (const WlField *f, guint64 v, GString *out)
{
  format_hex_width (f, v, TRUE, out);
}

static void
format_bytes_hex (const guint8 *p, guint32 n, GString *out)
{
  wl_append_hex (out, p, n, '\0');
}

void
wl_append_hex (GString *out, const guint8 *p, guint32 n, char sep)
{
  /* Payloads are most of a JSON or ek document: one pass, no printf per byte. */
  static const char digits[] = "0123456789abcdef";
  if (n == 0)
    return;
  gsize at = out->len;
  g_string_set_size (out, at + (gsize) n * 2 + (sep ? (gsize) n - 1 : 0));
  char *d = out->str + at;
  for (guint32 i = 0; i < n; i++)
    {
      if (i && sep)
        *d++ = sep;
      *d++ = digits[p[i] >> 4];
      *d++ = digits[p[i] & 15];
    }
}

void
wl_node_format_value (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  if (!f)
    return;
  switch (f->type)
    {
    case WL_FT_NONE:
      g_string_append_c (out, '1');
      break;
    case WL_FT_PROTOCOL:
      if (f->abbrev && g_str_has_prefix (f->abbrev, "_ws.col"))
        wl_format_escaped (n->v.b.p, n->v.b.len, out);
      else
        g_string_append (out, f->abbrev);
      break;
    case WL_FT_BOOLEAN:
      g_string_append_c (out, n->v.u ? '1' : '0');
      break;
    case WL_FT_UINT8: case WL_FT_UINT16: case WL_FT_UINT24: case WL_FT_UINT32: case WL_FT_UINT64:
    case WL_FT_FRAMENUM: case WL_FT_CHAR:
      if (f->display == WL_BASE_HEX || f->display == WL_BASE_HEX_DEC)
        format_hex_width (f, n->v.u, FALSE, out);
      else if (f->display == WL_BASE_OCT)
        appendf (out, "0%" G_GINT64_MODIFIER "o", n->v.u);
      else
        put_u64 (out, n->v.u);
      break;
    case WL_FT_INT8: case WL_FT_INT16: case WL_FT_INT24: case WL_FT_INT32: case WL_FT_INT64:
      put_i64 (out, n->v.i);
      break;
    case WL_FT_DOUBLE:
      appendf (out, "%.*g", 15, n->v.d);
      break;
    case WL_FT_ABSOLUTE_TIME:
      wl_format_abs_time (n->v.i, f->display != WL_BASE_ABS_LOCAL, out);
      break;
    case WL_FT_RELATIVE_TIME:
      wl_format_rel_time (n->v.i, out);
      break;
    case WL_FT_ETHER:
      if (n->v.b.len >= 6)
        wl_format_ether (n->v.b.p, out);
      break;
    case WL_FT_IPv4:
      wl_format_ipv4 ((guint32) n->v.u, out);
      break;
    case WL_FT_IPv6:
      if (n->v.b.len >= 16)
        wl_format_ipv6 (n->v.b.p, out);
      break;
    case WL_FT_BYTES:
      format_bytes_hex (n->v.b.p, n->v.b.len, out);
      break;
    case WL_FT_STRING:
      wl_format_escaped (n->v.b.p, n->v.b.len, out);
      break;
    default:
      break;
    }
}

void
wl_node_format_display (const WlNode *n, GString *out)
{
  const WlField *f = n->field;
  if (!f)
    return;
  switch (f->type)
    {
    case WL_FT_BOOLEAN:
      {
        const WlTrueFalse *tfs = f->strings ? f->strings : &wl_tfs_true_false;
        puts_ (out, n->v.u ? tfs->true_string : tfs->false_string);
        break;
      }
    case WL_FT_UINT8: case WL_FT_UINT16: case WL_FT_UINT24: case WL_FT_UINT32: case WL_FT_UINT64:
    case WL_FT_FRAMENUM: case WL_FT_CHAR:
      {
        const char *name = f->strings ? wl_value_string (f->strings, (guint32) n->v.u) : NULL;
        if (f->strings && f->display == WL_BASE_NONE && name)
          {
            puts_ (out, name); /* BASE_NONE: the name alone */
            break;
          }
        if (f->strings && f->display != WL_BASE_NONE)
          {
            puts_ (out, name ? name : "Unknown");
            wl_string_put (out, " (", 2);
          }
        switch (f->display)
          {
          case WL_BASE_HEX: format_hex (f, n->v.u, out); break;
          case WL_BASE_DEC_HEX:
            put_u64 (out, n->v.u);
            wl_string_put (out, " (", 2);
            format_hex (f, n->v.u, out);
            g_string_append_c (out, ')');
            break;
          case WL_BASE_HEX_DEC:
            format_hex (f, n->v.u, out);
            wl_string_put (out, " (", 2);
            put_u64 (out, n->v.u);
            g_string_append_c (out, ')');
            break;
          case WL_BASE_OCT: appendf (out, "0%" G_GINT64_MODIFIER "o", n->v.u); break;
          default: put_u64 (out, n->v.u); break;
          }
        if (f->strings && f->display != WL_BASE_NONE)
          g_string_append_c (out, ')');
        break;
      }
    case WL_FT_INT8: case WL_FT_INT16: case WL_FT_INT24: case WL_FT_INT32: case WL_FT_INT64:
      {
        const char *name = f->strings ? wl_value_string (f->strings, (guint32) n->v.i) : NULL;
        if (f->strings)
          {
            puts_ (out, name ? name : "Unknown");
            wl_string_put (out, " (", 2);
          }
        put_i64 (out, n->v.i);
        if (f->strings)
          g_string_append_c (out, ')');
        break;
      }
    case WL_FT_RELATIVE_TIME:
      wl_format_rel_time (n->v.i, out);
      g_string_append (out, " seconds");
      break;
    case WL_FT_ETHER: /* "RealtekU_3a:10:01 (52:54:00:3a:10:01)", as tshark's tree */
      if (n->v.b.len >= 6)
        wl_ether_format_resolved (n->v.b.p, TRUE, out);
      break;
    case WL_FT_STRING:
      wl_format_escaped (n->v.b.p, n->v.b.len, out);
      break;
    case WL_FT_BYTES:
      if (n->v.b.len == 0)
        g_string_append (out, "<MISSING>");
      else
        format_bytes_hex (n->v.b.p, n->v.b.len, out);
      break;
    default:
      wl_node_format_value (n, out);
      break;
    }
}

/* "0100 .... " for a masked field: the bits of the word, '.' where the mask is clear. */
static void
format_bitfield (const WlField *f, guint64 value, GString *out)
{
  int bits = f->type == WL_FT_BOOLEAN ? f->display : type_bytes (f->type) * 8;
  if (bits <= 0 || bits > 64)
    bits = type_bytes (f->type) * 8;
  guint64 raw = value << f->shift;
  char buf[64 + 15 + 3]; /* the bits, a space between nibbles, " = " */
  gsize len = 0;
  for (int i = bits - 1; i >= 0; i--)
    {
      guint64 bit = G_GUINT64_CONSTANT (1) << i;
      buf[len++] = (f->bitmask & bit) ? ((raw & bit) ? '1' : '0') : '.';
      if (i % 4 == 0 && i)
        buf[len++] = ' ';
    }
  buf[len++] = ' ';
  buf[len++] = '=';
  buf[len++] = ' ';
  wl_string_put (out, buf, len);
}

void
wl_node_format_label (const WlNode *n, GString *out)
{
  gboolean generated = (n->flags & WL_NODE_GENERATED) != 0;
  if (generated)
    g_string_append_c (out, '[');
  if (n->label)
    puts_ (out, n->label);
  else if (n->field)
    {
      const WlField *f = n->field;
      if (f->bitmask && (wl_field_type_is_integer (f->type)))
        format_bitfield (f, f->type == WL_FT_BOOLEAN ? (n->v.u != 0) : n->v.u, out);
      puts_ (out, f->name);
      if (f->type == WL_FT_BYTES && n->v.b.len > 36)
        {
          /* a tree line shows 36 bytes and an ellipsis, as Wireshark's does */
          wl_string_put (out, ": ", 2);
          format_bytes_hex (n->v.b.p, 36, out);
          puts_ (out, "\xe2\x80\xa6");
        }
      else if (f->type != WL_FT_NONE && f->type != WL_FT_PROTOCOL)
        {
          wl_string_put (out, ": ", 2);
          wl_node_format_display (n, out);
        }
    }
  if (generated)
    g_string_append_c (out, ']');
}

char *
wl_node_label_dup (WlArena *a, const WlNode *n)
{
  GString *s = g_string_new (NULL);
  gboolean gen = (n->flags & WL_NODE_GENERATED) != 0;
  ((WlNode *) n)->flags &= (guint8) ~WL_NODE_GENERATED;
  wl_node_format_label (n, s);
  if (gen)
    ((WlNode *) n)->flags |= WL_NODE_GENERATED;
  char *r = wl_arena_strndup (a, s->str, s->len);
  g_string_free (s, TRUE);
  return r;
}
