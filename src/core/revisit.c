/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Parallel revisits of a loaded session (see revisit.h). */
#include "revisit.h"

/* Frames between two looks at the cancellable and updates of the progress count. */
#define STEP 1024
/* Fewer frames than this per part are not worth a thread. */
#define MIN_PART 4096

typedef struct {
  WlSession *s;
  guint32 n;
  const WlDissectOptions *opts;
  guint part, n_parts;
  GCancellable *cancellable;
  gint *done;
  WlRevisitFunc fn;
  gpointer part_data;
  WlFlowParts *parts;
  gboolean cancelled;
} Part;

static gpointer
part_run (gpointer data)
{
  Part *w = data;
  WlFrameStore *store = w->s->store;
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  const guint8 *part_of = w->n_parts > 1 ? wl_flow_parts_fill (w->parts, store, w->part) : NULL;
  for (guint32 f = 1; f <= w->n; f++)
    {
      if (f % STEP == 0)
        {
          /* Every part looks at every frame: part 0 alone counts them for the progress. */
          if (w->done && w->part == 0)
            g_atomic_int_set (w->done, (gint) f);
          if (w->cancellable && g_cancellable_is_cancelled (w->cancellable))
            {
              w->cancelled = TRUE;
              break;
            }
        }
      if (part_of && part_of[f - 1] != w->part)
        continue;
      wl_dissect_frame (w->s, f, w->opts, &p, arena);
      w->fn (&p, w->part_data);
    }
  wl_packet_clear (&p);
  wl_arena_free (arena);
  return NULL;
}

guint
wl_revisit_n_parts (guint32 n)
{
  /* WL_REVISIT_PARTS: that many, whatever the size (the tests split small captures too) */
  const char *forced = g_getenv ("WL_REVISIT_PARTS");
  if (forced && *forced)
    return CLAMP ((guint) g_ascii_strtoull (forced, NULL, 10), 1, 64);
  guint cores = CLAMP (g_get_num_processors (), 1, 64);
  return CLAMP (n / MIN_PART, 1, cores);
}

gboolean
wl_session_revisit (WlSession *s, guint32 n, const WlDissectOptions *opts, guint n_parts,
                    GCancellable *cancellable, gint *done, WlRevisitFunc fn, gpointer *part_data)
{
  g_return_val_if_fail (s && n <= s->n_visited, FALSE);
  n_parts = CLAMP (n_parts, 1, 64);
  Part *parts = g_new0 (Part, n_parts);
  GThread **threads = g_new0 (GThread *, n_parts);
  WlFlowParts *flow_parts = wl_flow_parts_new (n, n_parts);
  for (guint i = 0; i < n_parts; i++)
    {
      parts[i] = (Part) { s, n, opts, i, n_parts, cancellable, done, fn, part_data[i], flow_parts, FALSE };
      if (i > 0)
        threads[i] = g_thread_new ("wl-revisit", part_run, &parts[i]);
    }
  part_run (&parts[0]);
  gboolean cancelled = parts[0].cancelled;
  for (guint i = 1; i < n_parts; i++)
    {
      g_thread_join (threads[i]);
      cancelled = cancelled || parts[i].cancelled;
    }
  if (done && !cancelled)
    g_atomic_int_set (done, (gint) n);
  g_free (threads);
  g_free (parts);
  wl_flow_parts_free (flow_parts);
  return !cancelled;
}
