/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Filtering a whole capture on every core. Frames are handed out in chunks (a multiple of 8
 * frames, so that each byte of the result bitmap belongs to one chunk and no two workers
 * write the same byte); each worker has its own arena and packet and dissects in lean mode,
 * recording only the fields the filter reads. The first pass has built every per-frame state
 * before, so dissecting a frame here only reads the session. */
#include <string.h>
#include "dfilter-int.h"
#include "session.h"

#define CHUNK 1024 /* frames per chunk: a multiple of 8 */

typedef struct {
  const WlDfilter *df;
  WlSession *s;
  guint32 n;
  guint8 *bitmap;
  const guint8 *wanted;
  const WlDissectOptions *opts;
  GCancellable *cancellable;
  gint next_chunk;          /* atomic */
  gint done;                /* frames evaluated, atomic */
  gint stop;                /* atomic: cancelled */
  GMutex lock;
  GCond cond;
  guint running;
} Run;

static void
run_chunks (Run *r)
{
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  guint32 n_chunks = (r->n + CHUNK - 1) / CHUNK;
  for (;;)
    {
      if (g_atomic_int_get (&r->stop))
        break;
      if (r->cancellable && g_cancellable_is_cancelled (r->cancellable))
        {
          g_atomic_int_set (&r->stop, 1);
          break;
        }
      guint32 chunk = (guint32) g_atomic_int_add (&r->next_chunk, 1);
      if (chunk >= n_chunks)
        break;
      guint32 first = chunk * CHUNK + 1, last = MIN (first + CHUNK - 1, r->n);
      memset (r->bitmap + (first - 1) / 8, 0, (last - first) / 8 + 1);
      for (guint32 f = first; f <= last; f++)
        {
          wl_dissect_frame (r->s, f, r->opts, &p, arena);
          if (wl_dfilter_apply (r->df, &p))
            r->bitmap[(f - 1) >> 3] |= (guint8) (1u << ((f - 1) & 7));
        }
      g_atomic_int_add (&r->done, (gint) (last - first + 1));
      g_mutex_lock (&r->lock);
      g_cond_signal (&r->cond);
      g_mutex_unlock (&r->lock);
    }
  wl_packet_clear (&p);
  wl_arena_free (arena);
}

static gpointer
worker (gpointer data)
{
  Run *r = data;
  run_chunks (r);
  g_mutex_lock (&r->lock);
  r->running--;
  g_cond_signal (&r->cond);
  g_mutex_unlock (&r->lock);
  return NULL;
}

gboolean
wl_dfilter_run (const WlDfilter *df, WlSession *s, guint32 n, guint8 *bitmap, guint n_threads,
                GCancellable *cancellable, WlProgressFunc progress, gpointer user_data)
{
  g_return_val_if_fail (n <= wl_frame_store_count (s->store), FALSE);
  if (n == 0)
    return TRUE;
  if (s->n_visited < n)
    {
      /* the first pass must be sequential: finish it here */
      WlArena *arena = wl_arena_new ();
      WlPacket p = { 0 };
      wl_dissect_frame (s, n, NULL, &p, arena);
      wl_packet_clear (&p);
      wl_arena_free (arena);
    }

  guint8 *wanted = wl_field_set_new ();
  wl_dfilter_add_wanted (df, wanted);
  /* every frame has had its first visit: revisits write no state, so pruning is safe */
  WlDissectOptions opts = { .full = FALSE, .wanted = wanted, .columns = FALSE };
  wl_dissect_options_prune (&opts);
  Run r = { .df = df, .s = s, .n = n, .bitmap = bitmap, .wanted = wanted, .opts = &opts,
            .cancellable = cancellable };
  g_mutex_init (&r.lock);
  g_cond_init (&r.cond);

  guint32 n_chunks = (n + CHUNK - 1) / CHUNK;
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = MAX (1, MIN (n_threads, n_chunks));

  if (n_threads == 1 && !progress)
    run_chunks (&r);
  else
    {
      GThread **threads = g_new0 (GThread *, n_threads);
      r.running = n_threads;
      for (guint i = 0; i < n_threads; i++)
        threads[i] = g_thread_new ("wl-dfilter", worker, &r);
      g_mutex_lock (&r.lock);
      while (r.running > 0)
        {
          gint64 deadline = g_get_monotonic_time () + 50 * G_TIME_SPAN_MILLISECOND;
          g_cond_wait_until (&r.cond, &r.lock, deadline);
          if (progress)
            {
              guint32 done = (guint32) g_atomic_int_get (&r.done);
              g_mutex_unlock (&r.lock);
              progress (done, n, user_data);
              g_mutex_lock (&r.lock);
            }
        }
      g_mutex_unlock (&r.lock);
      for (guint i = 0; i < n_threads; i++)
        g_thread_join (threads[i]);
      g_free (threads);
    }

  gboolean cancelled = g_atomic_int_get (&r.stop) ||
                       (cancellable && g_cancellable_is_cancelled (cancellable));
  if (progress && !cancelled)
    progress (n, n, user_data);
  g_mutex_clear (&r.lock);
  g_cond_clear (&r.cond);
  wl_dissect_options_clear (&opts);
  g_free (wanted);
  return !cancelled;
}

/* ---- The CLI's first pass split by flow (see wl_dfilter_run_split ()) ---- */

typedef struct {
  const WlDfilter *df;
  guint8 *bitmap;           /* this worker's: bits of its own frames only, read by the follower */
} SplitFilter;

static void
split_filter_frame (const WlPacket *p, gpointer user_data)
{
  SplitFilter *sf = user_data;
  if (wl_dfilter_apply (sf->df, p))
    {
      /* atomic (plain moves here): the follower reads the byte while later bits are set */
      guint8 *b = &sf->bitmap[(p->number - 1) >> 3];
      __atomic_store_n (b, __atomic_load_n (b, __ATOMIC_RELAXED) | (guint8) (1u << ((p->number - 1) & 7)),
                        __ATOMIC_RELAXED);
    }
}

typedef struct {
  SplitFilter *workers;
  guint n_workers;
  WlFrameStore *store;
  WlKeptFunc kept;
  gpointer user_data;
} SplitFollower;

/* The kept bits, all workers', of the 8 * n_bytes frames from first on (first - 1 a multiple
 * of 8) */
static guint64
kept_word (const SplitFollower *sf, guint32 first, guint32 n_bytes)
{
  guint64 word = 0;
  gsize at = (first - 1) >> 3;
  for (guint i = 0; i < sf->n_workers; i++)
    for (guint32 b = 0; b < n_bytes; b++)
      word |= (guint64) __atomic_load_n (&sf->workers[i].bitmap[at + b], __ATOMIC_RELAXED) << (8 * b);
  return word;
}

static gboolean
follow_split_filter (guint32 from, guint32 to, gpointer user_data)
{
  SplitFollower *sf = user_data;
  guint32 first = from;
  for (; first <= to && (first - 1) % 8 != 0; first++)
    if ((kept_word (sf, ((first - 1) & ~7u) + 1, 1) >> ((first - 1) % 8) & 1) && !sf->kept (first, sf->user_data))
      return FALSE;
  /* then 64 frames at a time: the kept frames of a word are found, their lengths then their last bytes asked for
   * (the caller's check, wl_frame_store_check (), reads them), then they are handed over */
  for (; first <= to; first += 64)
    {
      guint32 n = MIN (64, to - first + 1);
      guint64 word = kept_word (sf, first, (n + 7) / 8);
      if (n < 64)
        word &= (G_GUINT64_CONSTANT (1) << n) - 1;
      for (guint64 w = word; w; w &= w - 1)
        wl_frame_store_prefetch (sf->store, first + (guint32) __builtin_ctzll (w), FALSE);
      for (guint64 w = word; w; w &= w - 1)
        wl_frame_store_prefetch (sf->store, first + (guint32) __builtin_ctzll (w), TRUE);
      for (; word; word &= word - 1)
        if (!sf->kept (first + (guint32) __builtin_ctzll (word), sf->user_data))
          return FALSE;
    }
  return TRUE;
}

gboolean
wl_dfilter_run_split (const WlDfilter *df, WlFrameStore *store, const WlDissectOptions *opts, guint n_threads,
                      WlKeptFunc kept, gpointer user_data)
{
  guint32 n = wl_frame_store_count (store);
  gsize bytes = (n + 7) / 8;
  if (n_threads == 0)
    n_threads = g_get_num_processors ();
  n_threads = CLAMP (n_threads, 1, 64);
  SplitFilter *sf = g_new0 (SplitFilter, n_threads);
  gpointer *data = g_new0 (gpointer, n_threads);
  for (guint i = 0; i < n_threads; i++)
    {
      sf[i] = (SplitFilter) { df, g_malloc0 (MAX (bytes, 1)) };
      data[i] = &sf[i];
    }
  SplitFollower follower = { sf, n_threads, store, kept, user_data };
  gboolean completed = wl_session_run_split_followed (store, opts, n_threads, split_filter_frame, data,
                                                      follow_split_filter, &follower);
  for (guint i = 0; i < n_threads; i++)
    g_free (sf[i].bitmap);
  g_free (data);
  g_free (sf);
  return completed;
}
