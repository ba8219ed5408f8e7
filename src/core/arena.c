/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-packet bump allocator (see arena.h). */
#include <stdio.h>
#include <string.h>
#include "arena.h"

#define WL_ARENA_BLOCK ((gsize) 64 * 1024)

typedef struct WlArenaBlock Block;
struct WlArenaBlock {
  Block *next;
  gsize size;
  guint8 data[];
};

static Block *
block_new (gsize size)
{
  Block *b = g_malloc (sizeof (Block) + size);
  b->next = NULL;
  b->size = size;
  return b;
}

WlArena *
wl_arena_new (void)
{
  WlArena *a = g_new0 (WlArena, 1);
  a->first = a->current = block_new (WL_ARENA_BLOCK);
  a->pos = a->first_start = a->first->data;
  a->end = a->first_end = a->pos + a->first->size;
  return a;
}

void
wl_arena_free (WlArena *a)
{
  if (!a)
    return;
  Block *b = a->first;
  while (b)
    {
      Block *n = b->next;
      g_free (b);
      b = n;
    }
  g_free (a);
}

void
wl_arena_trim (WlArena *a)
{
  gsize kept = 0;
  Block *prev = NULL;
  for (Block *b = a->first; b;)
    {
      Block *n = b->next;
      kept += b->size;
      if (kept > (gsize) 4 * 1024 * 1024 && prev)
        {
          prev->next = NULL;
          while (b)
            {
              n = b->next;
              g_free (b);
              b = n;
            }
          break;
        }
      prev = b;
      b = n;
    }
  a->current = a->first;
}

gpointer
wl_arena_alloc_slow (WlArena *a, gsize size)
{
  Block *b = a->current;
  while ((gsize) (a->end - a->pos) < size)
    {
      if (!b->next)
        b->next = block_new (MAX (size, (gsize) WL_ARENA_BLOCK));
      else if (b->next->size < size)
        {
          /* A kept block too small for this request: put a big enough one before it. */
          Block *nb = block_new (size);
          nb->next = b->next;
          b->next = nb;
        }
      a->current = b = b->next;
      a->pos = b->data;
      a->end = b->data + b->size;
    }
  gpointer p = a->pos;
  a->pos += size;
  return p;
}

gpointer
wl_arena_alloc (WlArena *a, gsize size)
{
  gpointer p = wl_arena_alloc_uninit (a, size);
  memset (p, 0, size);
  return p;
}

gpointer
wl_arena_memdup (WlArena *a, gconstpointer mem, gsize size)
{
  if (!size)
    return wl_arena_alloc (a, 1);
  gpointer p = wl_arena_alloc_uninit (a, size);
  memcpy (p, mem, size);
  return p;
}

char *
wl_arena_strndup (WlArena *a, const char *s, gsize n)
{
  char *p = wl_arena_alloc_uninit (a, n + 1);
  memcpy (p, s, n);
  p[n] = 0;
  return p;
}

/* Where quick_format writes: the first size bytes land in buf, the length counts them all. */
typedef struct {
  char *buf;
  gsize size, n;
} Sink;

static inline void
sink_put (Sink *k, const char *p, gsize len)
{
  if (k->n < k->size)
    memcpy (k->buf + k->n, p, MIN (len, k->size - k->n));
  k->n += len;
}

static inline void
sink_fill (Sink *k, char c, gsize len)
{
  if (k->n < k->size)
    memset (k->buf + k->n, c, MIN (len, k->size - k->n));
  k->n += len;
}

/* A printf for the formats labels use (%s, %u, %d, %x, %c with '-', '0', widths, a string's
 * precision, and the hh, h, l, ll and z sizes): the length of the text, of which the first
 * k->size bytes are written (no terminating NUL); -1 for any other format, for vsnprintf.
 * vsnprintf parses the format anew for every label: it took a quarter of the -V tree's time. */
static gssize
quick_format (Sink *k, const char *fmt, va_list ap)
{
  for (const char *f = fmt; *f; f++)
    {
      if (*f != '%')
        {
          /* (strchr: strcspn sets up a table of its set on every call) */
          const char *e = strchr (f, '%');
          if (!e)
            e = f + strlen (f);
          sink_put (k, f, (gsize) (e - f));
          f = e - 1;
          continue;
        }
      f++;
      if (*f == '%')
        {
          sink_put (k, "%", 1);
          continue;
        }
      gboolean left = FALSE, zero = FALSE;
      for (;; f++)
        if (*f == '-')
          left = TRUE;
        else if (*f == '0')
          zero = TRUE;
        else
          break;
      int width = 0, prec = -1;
      if (*f == '*')
        {
          width = va_arg (ap, int);
          if (width < 0)
            {
              left = TRUE;
              width = width == G_MININT ? G_MAXINT : -width;
            }
          f++;
        }
      else
        while (*f >= '0' && *f <= '9')
          {
            if (width > 4096)
              return -1;
            width = width * 10 + (*f++ - '0');
          }
      if (*f == '.')
        {
          f++;
          if (*f == '*')
            {
              prec = va_arg (ap, int);
              f++;
            }
          else
            {
              prec = 0;
              while (*f >= '0' && *f <= '9')
                {
                  if (prec > 4096)
                    return -1;
                  prec = prec * 10 + (*f++ - '0');
                }
            }
        }
      int size_mod = 0; /* -2 hh, -1 h, 0 int, 1 long, 2 long long, 3 size_t */
      if (*f == 'h' || *f == 'l')
        {
          gboolean twice = f[1] == f[0];
          size_mod = (*f == 'h' ? -1 : 1) * (twice ? 2 : 1);
          f += twice ? 2 : 1;
        }
      else if (*f == 'z')
        {
          size_mod = 3;
          f++;
        }
      char digits[24];
      const char *text;
      gsize len;
      gboolean negative = FALSE, numeric = TRUE;
      switch (*f)
        {
        case 'd': case 'i':
          {
            gint64 v;
            switch (size_mod)
              {
              case -2: return -1; /* %hhd: no label has it */
              case -1: v = (short) va_arg (ap, int); break;
              case 0: v = va_arg (ap, int); break;
              case 1: v = va_arg (ap, long); break;
              case 2: v = va_arg (ap, long long); break;
              default: v = va_arg (ap, gssize); break;
              }
            guint64 u = v < 0 ? (guint64) 0 - (guint64) v : (guint64) v;
            negative = v < 0;
            char *e = digits + sizeof digits, *d = e;
            do
              *--d = (char) ('0' + u % 10);
            while (u /= 10);
            text = d;
            len = (gsize) (e - d);
            break;
          }
        case 'u': case 'x': case 'X':
          {
            guint64 u;
            switch (size_mod)
              {
              case -2: u = (unsigned char) va_arg (ap, unsigned int); break;
              case -1: u = (unsigned short) va_arg (ap, unsigned int); break;
              case 0: u = va_arg (ap, unsigned int); break;
              case 1: u = va_arg (ap, unsigned long); break;
              case 2: u = va_arg (ap, unsigned long long); break;
              default: u = va_arg (ap, gsize); break;
              }
            const char *set = *f == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
            guint base = *f == 'u' ? 10 : 16;
            char *e = digits + sizeof digits, *d = e;
            do
              *--d = set[u % base];
            while (u /= base);
            text = d;
            len = (gsize) (e - d);
            break;
          }
        case 's':
          if (size_mod || zero)
            return -1;
          text = va_arg (ap, const char *);
          if (!text)
            return -1;
          len = prec >= 0 ? strnlen (text, (gsize) prec) : strlen (text);
          numeric = FALSE;
          break;
        case 'c':
          if (size_mod || zero)
            return -1;
          digits[0] = (char) (unsigned char) va_arg (ap, int);
          text = digits;
          len = 1;
          numeric = FALSE;
          break;
        default:
          return -1;
        }
      /* C leaves these undefined or makes the precision mean digits: not needed by labels */
      if (numeric && prec >= 0)
        return -1;
      gsize body = len + (negative ? 1 : 0);
      gsize pad = (gsize) width > body ? (gsize) width - body : 0;
      if (!left && !(zero && numeric))
        sink_fill (k, ' ', pad);
      if (negative)
        sink_put (k, "-", 1);
      if (!left && zero && numeric)
        sink_fill (k, '0', pad);
      sink_put (k, text, len);
      if (left)
        sink_fill (k, ' ', pad);
    }
  return k->n > G_MAXINT ? -1 : (gssize) k->n;
}

char *
wl_arena_vprintf (WlArena *a, const char *fmt, va_list ap)
{
  g_return_val_if_fail (fmt != NULL, NULL);
  va_list ap2;
  /* Most labels are short: format in place at the end of the current block, and keep what
   * was written when it fits (with its NUL). */
  gsize room = (gsize) (a->end - a->pos);
  if (room >= 128)
    {
      char *at = (char *) a->pos;
      Sink in_place = { at, room - 1, 0 };
      va_copy (ap2, ap);
      gssize n = quick_format (&in_place, fmt, ap2);
      va_end (ap2);
      if (n >= 0 && (gsize) n < room)
        {
          at[n] = '\0';
          a->pos += ((gsize) n + 1 + 7) & ~(gsize) 7;
          return at;
        }
    }
  char small[256];
  Sink k = { small, sizeof small, 0 };
  va_copy (ap2, ap);
  gssize n = quick_format (&k, fmt, ap2);
  va_end (ap2);
  if (n >= 0 && (gsize) n <= sizeof small)
    return wl_arena_strndup (a, small, (gsize) n);
  if (n >= 0)
    {
      char *p = wl_arena_alloc (a, (gsize) n + 1); /* zeroed: terminated */
      Sink big = { p, (gsize) n, 0 };
      quick_format (&big, fmt, ap);
      return p;
    }
  va_copy (ap2, ap);
  int m = vsnprintf (small, sizeof small, fmt, ap2);
  va_end (ap2);
  if (m < 0)
    m = 0;
  if ((gsize) m < sizeof small)
    return wl_arena_memdup (a, small, (gsize) m + 1);
  char *p = wl_arena_alloc (a, (gsize) m + 1);
  vsnprintf (p, (gsize) m + 1, fmt, ap);
  return p;
}

char *
wl_arena_printf (WlArena *a, const char *fmt, ...)
{
  va_list ap;
  va_start (ap, fmt);
  char *p = wl_arena_vprintf (a, fmt, ap);
  va_end (ap);
  return p;
}
