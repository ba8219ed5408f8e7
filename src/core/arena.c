/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The per-packet bump allocator (see arena.h). */
#include <stdio.h>
#include <string.h>
#include "arena.h"

#define WL_ARENA_BLOCK ((gsize) 64 * 1024)

typedef struct Block Block;
struct Block {
  Block *next;
  gsize size, used;
  guint8 data[];
};

struct WlArena {
  Block *first;   /* kept across resets */
  Block *current;
};

static Block *
block_new (gsize size)
{
  Block *b = g_malloc (sizeof (Block) + size);
  b->next = NULL;
  b->size = size;
  b->used = 0;
  return b;
}

WlArena *
wl_arena_new (void)
{
  WlArena *a = g_new0 (WlArena, 1);
  a->first = a->current = block_new (WL_ARENA_BLOCK);
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

/* Keeps the blocks for the next packet (up to a few MiB), so steady work never mallocs. */
void
wl_arena_reset (WlArena *a)
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
      b->used = 0;
      prev = b;
      b = n;
    }
  a->current = a->first;
}

gpointer
wl_arena_alloc (WlArena *a, gsize size)
{
  size = (size + 7) & ~(gsize) 7;
  Block *b = a->current;
  while (b->size - b->used < size)
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
    }
  gpointer p = b->data + b->used;
  b->used += size;
  memset (p, 0, size);
  return p;
}

gpointer
wl_arena_memdup (WlArena *a, gconstpointer mem, gsize size)
{
  gpointer p = wl_arena_alloc (a, size ? size : 1);
  if (size)
    memcpy (p, mem, size);
  return p;
}

char *
wl_arena_strndup (WlArena *a, const char *s, gsize n)
{
  char *p = wl_arena_alloc (a, n + 1);
  memcpy (p, s, n);
  p[n] = 0;
  return p;
}

char *
wl_arena_vprintf (WlArena *a, const char *fmt, va_list ap)
{
  g_return_val_if_fail (fmt != NULL, NULL);
  /* Most labels are short: format once on the stack, then copy. */
  char small[256];
  va_list ap2;
  va_copy (ap2, ap);
  int n = vsnprintf (small, sizeof small, fmt, ap2);
  va_end (ap2);
  if (n < 0)
    n = 0;
  if ((gsize) n < sizeof small)
    return wl_arena_memdup (a, small, (gsize) n + 1);
  char *p = wl_arena_alloc (a, (gsize) n + 1);
  vsnprintf (p, (gsize) n + 1, fmt, ap);
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
