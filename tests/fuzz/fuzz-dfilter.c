/* SPDX-License-Identifier: GPL-2.0-or-later */
/* libFuzzer target: the display-filter compiler and evaluator. The input is filter text
 * (seeds: ../shared/corpus/filters.txt and invalid-filters.txt, one file per line). A filter
 * that compiles is applied to every frame of the seed captures (WL_FUZZ_CAPTURES, a
 * colon-separated list compiled in), in lean mode with the fields it asked for and in full
 * mode: both must agree, and so must wl_dfilter_run over the whole session. A filter that does
 * not compile must say why, at a position inside the text. */
#include "fuzz-common.h"
#ifdef WL_HAVE_DFILTER
#include "dfilter.h"
#endif

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

#ifdef WL_HAVE_DFILTER
static GPtrArray *sessions; /* WlSession, first pass done */

static void
load_sessions (void)
{
  sessions = g_ptr_array_new ();
  g_auto (GStrv) paths = g_strsplit (WL_FUZZ_CAPTURES, ":", -1);
  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  for (guint i = 0; paths[i]; i++)
    {
      GError *error = NULL;
      WlFrameStore *store = wl_frame_store_open (paths[i], &error);
      if (!store)
        g_error ("fuzz-dfilter: %s", error->message);
      WlSession *s = wl_session_new (store);
      guint32 n = wl_frame_store_count (store);
      if (n > 0)
        wl_dissect_frame (s, n, NULL, &pkt, arena); /* the first pass over every frame */
      g_ptr_array_add (sessions, s);
    }
  wl_packet_clear (&pkt);
  wl_arena_free (arena);
}

static void
apply_everywhere (const WlDfilter *df)
{
  g_autofree guint8 *wanted = wl_field_set_new ();
  wl_dfilter_add_wanted (df, wanted);
  WlDissectOptions lean = { FALSE, wanted, FALSE };
  WlDissectOptions full = { TRUE, NULL, FALSE };
  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  for (guint k = 0; k < sessions->len; k++)
    {
      WlSession *s = g_ptr_array_index (sessions, k);
      guint32 n = wl_frame_store_count (s->store);
      g_autofree guint8 *bitmap = g_malloc0 ((n + 7) / 8 + 1);
      if (n > 0)
        g_assert (wl_dfilter_run (df, s, n, bitmap, 1, NULL, NULL, NULL));
      for (guint32 i = 1; i <= n; i++)
        {
          wl_dissect_frame (s, i, &lean, &pkt, arena);
          gboolean in_lean = wl_dfilter_apply (df, &pkt);
          wl_dissect_frame (s, i, &full, &pkt, arena);
          gboolean in_full = wl_dfilter_apply (df, &pkt);
          gboolean in_run = (bitmap[(i - 1) / 8] >> ((i - 1) % 8)) & 1;
          if (in_lean != in_full || in_lean != in_run)
            g_error ("fuzz-dfilter: \"%s\" on frame %u of %s: lean %d, full %d, wl_dfilter_run %d",
                     wl_dfilter_text (df), i, s->store->path, in_lean, in_full, in_run);
        }
    }
  wl_packet_clear (&pkt);
  wl_arena_free (arena);
}
#endif

int
LLVMFuzzerTestOneInput (const guint8 *data, size_t size)
{
  fuzz_init ();
#ifdef WL_HAVE_DFILTER
  if (!sessions)
    load_sessions ();
  /* Filter text ends at a NUL, as it would coming from a command line or an entry. */
  g_autofree char *text = g_strndup ((const char *) data, size);
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (text, &err);
  if (df)
    {
      g_assert (err == NULL);
      apply_everywhere (df);
      wl_dfilter_free (df);
    }
  else
    {
      g_assert (err != NULL && err->message && err->message[0]);
      g_assert (err->start < 0 || (gsize) err->start <= strlen (text));
      g_autofree char *msg = wl_dfilter_error_format (text, err);
      g_assert (msg != NULL);
      wl_dfilter_error_free (err);
    }
#else
  (void) data;
  (void) size;
#endif
  return 0;
}
