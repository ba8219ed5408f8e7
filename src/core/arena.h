/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A bump allocator for per-packet work: nodes, labels, reassembled bytes. Reset between
 * packets, so nothing per field goes through malloc. */
#pragma once

#include <glib.h>

typedef struct WlArena WlArena;

/* Public for the inline allocation below; its members are the arena's own. */
struct WlArena {
  guint8 *pos, *end;              /* the current block's free bytes */
  guint8 *first_start, *first_end; /* the first block's bytes */
  struct WlArenaBlock *first;     /* kept across resets */
  struct WlArenaBlock *current;
};

WlArena *wl_arena_new (void);
void wl_arena_free (WlArena *a);
void wl_arena_trim (WlArena *a);
/* Forgets every allocation; keeps the blocks for the next packet (up to a few MiB), so
 * steady work never mallocs. */
static inline void
wl_arena_reset (WlArena *a)
{
  if (G_UNLIKELY (a->current != a->first))
    wl_arena_trim (a); /* frees the blocks beyond the few MiB kept */
  a->pos = a->first_start;
  a->end = a->first_end;
}
/* Zeroed, 8-byte aligned memory that lives until the next reset. */
gpointer wl_arena_alloc (WlArena *a, gsize size);
gpointer wl_arena_alloc_slow (WlArena *a, gsize size);
/* The same, not cleared: for a caller that writes every byte (a struct assigned whole). */
static inline gpointer
wl_arena_alloc_uninit (WlArena *a, gsize size)
{
  size = (size + 7) & ~(gsize) 7;
  if (G_UNLIKELY ((gsize) (a->end - a->pos) < size))
    return wl_arena_alloc_slow (a, size);
  gpointer p = a->pos;
  a->pos += size;
  return p;
}
gpointer wl_arena_memdup (WlArena *a, gconstpointer mem, gsize size);
char *wl_arena_strndup (WlArena *a, const char *s, gsize n);
char *wl_arena_printf (WlArena *a, const char *fmt, ...) G_GNUC_PRINTF (2, 3);
char *wl_arena_vprintf (WlArena *a, const char *fmt, va_list ap);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlArena, wl_arena_free)
