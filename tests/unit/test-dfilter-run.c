/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Filtering a whole capture on several cores (wl_dfilter_run): the bitmap is the one a
 * sequential loop gives, whatever the number of workers; progress ends at the total; a
 * cancelled run says so. Uses a capture of tests/captures and the real dissectors. */
#include <string.h>
#include "dfilter.h"
#include "session.h"

static WlSession *
open_session (const char *name)
{
  const char *dir = g_getenv ("WL_TEST_CAPTURES");
  g_autofree char *path = g_build_filename (dir ? dir : "tests/captures", name, NULL);
  GError *error = NULL;
  WlFrameStore *store = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  WlSession *s = wl_session_new (store);
  /* the first pass, in file order */
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  wl_dissect_frame (s, wl_frame_store_count (store), NULL, &p, arena);
  wl_packet_clear (&p);
  wl_arena_free (arena);
  return s;
}

static guint8 *
sequential (const WlDfilter *df, WlSession *s, guint32 n)
{
  guint8 *bitmap = g_malloc0 ((n + 7) / 8);
  guint8 *wanted = wl_field_set_new ();
  wl_dfilter_add_wanted (df, wanted);
  WlDissectOptions opts = { .wanted = wanted };
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };
  for (guint32 f = 1; f <= n; f++)
    {
      wl_dissect_frame (s, f, &opts, &p, arena);
      if (wl_dfilter_apply (df, &p))
        bitmap[(f - 1) / 8] |= (guint8) (1u << ((f - 1) % 8));
    }
  wl_packet_clear (&p);
  wl_arena_free (arena);
  g_free (wanted);
  return bitmap;
}

typedef struct {
  guint32 last_done, last_total, calls;
  GThread *thread;
} Progress;

static void
on_progress (guint32 done, guint32 total, gpointer user_data)
{
  Progress *pr = user_data;
  g_assert_true (g_thread_self () == pr->thread);
  g_assert_cmpuint (done, >=, pr->last_done);
  pr->last_done = done;
  pr->last_total = total;
  pr->calls++;
}

static void
test_run_matches_sequential (void)
{
  WlSession *s = open_session ("lo-ssh.pcap");
  guint32 n = wl_frame_store_count (s->store);
  const char *filters[] = {
    "tcp.port == 22", "!tcp.port == 22", "tcp.port == 2222", "ssh.protocol contains \"OpenSSH\"",
    "tcp.len > 0 && tcp.flags.ack == 1", "frame.len > 100 || tcp.flags.syn == 1", "",
  };
  for (gsize i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      WlDfilterError *err = NULL;
      WlDfilter *df = wl_dfilter_compile (filters[i], &err);
      g_assert_nonnull (df);
      g_autofree guint8 *want = sequential (df, s, n);
      guint threads[] = { 1, 3, 0 };
      for (gsize t = 0; t < G_N_ELEMENTS (threads); t++)
        {
          g_autofree guint8 *got = g_malloc ((n + 7) / 8);
          memset (got, 0xff, (n + 7) / 8); /* stale bits must be cleared */
          Progress pr = { .thread = g_thread_self () };
          g_assert_true (wl_dfilter_run (df, s, n, got, threads[t], NULL, on_progress, &pr));
          /* bits past n in the last byte are not frames */
          if (n % 8)
            got[n / 8] &= (guint8) ((1u << (n % 8)) - 1);
          g_assert_cmpmem (got, (n + 7) / 8, want, (n + 7) / 8);
          g_assert_cmpuint (pr.last_done, ==, n);
          g_assert_cmpuint (pr.last_total, ==, n);
        }
      wl_dfilter_free (df);
    }
  wl_session_free (s);
}

static void
test_run_frames (void)
{
  /* lo-ssh.pcap: tshark 4.0.17 matches "tcp.port == 2222" in frames 66..108 only */
  WlSession *s = open_session ("lo-ssh.pcap");
  WlDfilter *df = wl_dfilter_compile ("tcp.port == 2222", NULL);
  guint32 n = wl_frame_store_count (s->store);
  g_autofree guint8 *bitmap = g_malloc0 ((n + 7) / 8);
  g_assert_true (wl_dfilter_run (df, s, 65, bitmap, 2, NULL, NULL, NULL));
  for (guint32 f = 1; f <= 65; f++)
    g_assert_false ((bitmap[(f - 1) / 8] >> ((f - 1) % 8)) & 1);
  wl_dfilter_free (df);
  wl_session_free (s);
}

static void
test_run_cancel (void)
{
  WlSession *s = open_session ("lo-ssh.pcap");
  WlDfilter *df = wl_dfilter_compile ("tcp", NULL);
  guint32 n = wl_frame_store_count (s->store);
  g_autofree guint8 *bitmap = g_malloc0 ((n + 7) / 8);
  GCancellable *c = g_cancellable_new ();
  g_cancellable_cancel (c);
  g_assert_false (wl_dfilter_run (df, s, n, bitmap, 2, c, NULL, NULL));
  g_object_unref (c);
  wl_dfilter_free (df);
  wl_session_free (s);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/dfilter-run/matches-sequential", test_run_matches_sequential);
  g_test_add_func ("/dfilter-run/frames", test_run_frames);
  g_test_add_func ("/dfilter-run/cancel", test_run_cancel);
  return g_test_run ();
}
