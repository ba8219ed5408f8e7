/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -V, -T json and -T ek of a whole file on every core.
 *
 * Two phases, as the GUI loads a file: first the sequential first visit of every frame, lean
 * (no tree, no labels, nothing pruned: see wl_dissect_options_prune ()), which builds the
 * session's state; then full revisits, which only read that state (session.h), so they run on
 * several threads at once. Workers take chunks of consecutive frames in order and print each
 * chunk into a slot of a ring; the calling thread writes the slots in frame order, so the output
 * is the one a single pass prints. A worker waits while its chunk is a ring's length ahead of
 * the last one written, which bounds the memory to the ring's slots. */
#include <stdlib.h>
#include "cli.h"

#define CHUNK 64 /* frames */
#define RING 32  /* chunks printed ahead of the writer at most */

typedef struct {
  GString *text;
  gsize ends[CHUNK]; /* where each frame's text ends */
  gboolean done;
} Slot;

typedef struct {
  const CliOptions *o;
  WlSession *session;
  WlDissectOptions opts;
  guint32 n, n_chunks;
  GMutex lock;
  GCond cond;        /* a slot was filled or freed, or stop was set */
  guint32 next;      /* the next chunk to take */
  guint32 written;   /* chunks written */
  gboolean stop;
  Slot slots[RING];
} Par;

static void
print_chunk (Par *par, guint32 c, Slot *slot, WlPacket *p, WlArena *arena)
{
  guint32 first = c * CHUNK + 1, last = MIN (par->n, first + CHUNK - 1);
  g_string_truncate (slot->text, 0);
  for (guint32 f = first; f <= last; f++)
    {
      wl_dissect_frame (par->session, f, &par->opts, p, arena);
      cli_append_packet (slot->text, par->o, p, f - 1);
      slot->ends[f - first] = slot->text->len;
    }
}

static gpointer
worker (gpointer data)
{
  Par *par = data;
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  g_mutex_lock (&par->lock);
  while (!par->stop && par->next < par->n_chunks)
    {
      guint32 c = par->next++;
      while (!par->stop && c >= par->written + RING)
        g_cond_wait (&par->cond, &par->lock);
      if (par->stop)
        break;
      Slot *slot = &par->slots[c % RING];
      g_mutex_unlock (&par->lock);
      print_chunk (par, c, slot, &p, arena);
      g_mutex_lock (&par->lock);
      slot->done = TRUE;
      g_cond_broadcast (&par->cond);
    }
  g_mutex_unlock (&par->lock);
  wl_packet_clear (&p);
  wl_arena_free (arena);
  return NULL;
}

static guint
n_threads (void)
{
  const char *env = g_getenv ("WIRELENS_CLI_THREADS");
  if (env && *env)
    return (guint) MIN (g_ascii_strtoull (env, NULL, 10), 64);
  guint n = g_get_num_processors ();
  return n > 1 ? n : 0;
}

gboolean
cli_print_parallel (const CliOptions *o, WlSession *session, guint32 n, FILE *out, guint64 *shown,
                    GError **error)
{
  guint n_workers = n_threads ();
  if (n_workers == 0 || !cli_format_appends (o))
    return FALSE;
  WlFrameStore *store = session->store;

  /* Phase 1: every frame's first visit, in order. */
  {
    WlArena *arena = wl_arena_new ();
    WlPacket p = { 0 };
    WlDissectOptions lean = { 0 };
    for (guint32 i = 1; i <= n; i++)
      {
        wl_dissect_frame (session, i, &lean, &p, arena);
        /* Another program cut the file short under us: print the frames before. */
        if (!wl_frame_store_check (store, i, error))
          {
            n = i - 1;
            break;
          }
      }
    wl_packet_clear (&p);
    wl_arena_free (arena);
  }

  /* Phase 2: the trees, on n_workers threads; this one writes. */
  Par *par = g_new0 (Par, 1);
  par->o = o;
  par->session = session;
  par->opts.full = TRUE;
  par->n = n;
  par->n_chunks = (guint32) (((guint64) n + CHUNK - 1) / CHUNK);
  g_mutex_init (&par->lock);
  g_cond_init (&par->cond);
  for (guint i = 0; i < RING; i++)
    par->slots[i].text = g_string_sized_new ((gsize) CHUNK * 1024);
  GThread **threads = g_new0 (GThread *, n_workers);
  for (guint i = 0; i < n_workers; i++)
    threads[i] = g_thread_new ("wl-print", worker, par);

  *shown = 0;
  for (guint32 c = 0; c < par->n_chunks; c++)
    {
      Slot *slot = &par->slots[c % RING];
      g_mutex_lock (&par->lock);
      while (!slot->done)
        g_cond_wait (&par->cond, &par->lock);
      g_mutex_unlock (&par->lock);
      guint32 first = c * CHUNK + 1, last = MIN (n, first + CHUNK - 1);
      gsize end = slot->text->len;
      gboolean lost = FALSE;
      for (guint32 f = first; f <= last; f++)
        if (!wl_frame_store_check (store, f, error && !*error ? error : NULL))
          {
            end = f == first ? 0 : slot->ends[f - 1 - first];
            lost = TRUE;
            break;
          }
        else
          (*shown)++;
      fwrite (slot->text->str, 1, end, out);
      g_mutex_lock (&par->lock);
      slot->done = FALSE;
      par->written = c + 1;
      par->stop = lost;
      g_cond_broadcast (&par->cond);
      g_mutex_unlock (&par->lock);
      if (lost)
        break;
    }

  for (guint i = 0; i < n_workers; i++)
    g_thread_join (threads[i]);
  g_free (threads);
  for (guint i = 0; i < RING; i++)
    g_string_free (par->slots[i].text, TRUE);
  g_mutex_clear (&par->lock);
  g_cond_clear (&par->cond);
  g_free (par);
  return TRUE;
}
