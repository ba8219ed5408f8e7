/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Tests of the capture ring: a full ring counts drops and never blocks, records survive the
 * wrap-around intact, and a producer and a consumer thread pass a million records in order. */
#include <string.h>
#include "capture-ring.h"

/* A record of len bytes whose content depends on its sequence number. */
static void
fill (guint8 *p, gsize len, guint32 seq)
{
  for (gsize i = 0; i < len; i++)
    p[i] = (guint8) (seq * 31 + i);
  if (len >= 4)
    memcpy (p, &seq, 4);
}

static gboolean
check (const guint8 *p, gsize len, guint32 seq)
{
  for (gsize i = len >= 4 ? 4 : 0; i < len; i++)
    if (p[i] != (guint8) (seq * 31 + i))
      return FALSE;
  guint32 got = seq;
  if (len >= 4)
    memcpy (&got, p, 4);
  return got == seq;
}

static void
test_full_counts_drops (void)
{
  g_autoptr (WlCaptureRing) ring = wl_capture_ring_new (4096);
  guint8 rec[100] = { 0 };
  guint n = 0;
  while (wl_capture_ring_push (ring, rec, sizeof rec))
    n++;
  /* 100 bytes take 8 + 104 = 112 bytes: 36 fit in 4096. */
  g_assert_cmpuint (n, ==, 4096 / 112);
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, 1);
  g_assert_cmpuint (wl_capture_ring_get_n_committed (ring), ==, n);
  for (int i = 0; i < 10; i++)
    g_assert_false (wl_capture_ring_push (ring, rec, sizeof rec));
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, 11);
  /* 64 bytes are left: a small record still fits, a 57-byte one (8 + 64 + 8) no longer. */
  g_assert_null (wl_capture_ring_reserve (ring, 57));
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, 12);
  g_assert_true (wl_capture_ring_push (ring, rec, 56));
  g_assert_false (wl_capture_ring_push (ring, rec, 0));
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, 13);

  /* Taking one out makes room for one again. */
  guint8 out[128];
  g_assert_cmpint (wl_capture_ring_pop (ring, out, sizeof out), ==, 100);
  g_assert_true (wl_capture_ring_push (ring, rec, sizeof rec));
  g_assert_false (wl_capture_ring_push (ring, rec, sizeof rec));
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, 14);

  /* Too large for the ring at all: dropped even when empty. */
  while (wl_capture_ring_pop (ring, out, sizeof out) >= 0)
    ;
  g_assert_true (wl_capture_ring_is_empty (ring));
  g_assert_cmpuint (wl_capture_ring_max_record (ring), ==, 2048 - 8);
  g_assert_null (wl_capture_ring_reserve (ring, 2048));
  g_assert_nonnull (wl_capture_ring_reserve (ring, 2040));
  wl_capture_ring_commit (ring);
  g_assert_cmpint (wl_capture_ring_pop (ring, NULL, 0), ==, 2040);
}

static void
test_wrap_around (void)
{
  g_autoptr (WlCaptureRing) ring = wl_capture_ring_new (4096);
  GRand *rand = g_rand_new_with_seed (42);
  guint8 buf[2048];
  guint32 next_in = 0, next_out = 0;
  guint64 drops = 0;
  /* Random sizes (zero included) and random bursts, so records land on every offset and
   * the ring goes round many times, with SKIPs at the end. */
  for (int round = 0; round < 20000; round++)
    {
      int n_in = g_rand_int_range (rand, 0, 8);
      for (int i = 0; i < n_in; i++)
        {
          gsize len = (gsize) g_rand_int_range (rand, 0, 700);
          guint8 *p = wl_capture_ring_reserve (ring, len);
          if (!p)
            {
              drops++;
              break;
            }
          fill (p, len, next_in++);
          wl_capture_ring_commit (ring);
        }
      int n_out = g_rand_int_range (rand, 0, 8);
      for (int i = 0; i < n_out; i++)
        {
          gsize len;
          const guint8 *p = wl_capture_ring_peek (ring, &len);
          if (!p)
            break;
          g_assert_true (((guintptr) p & 7) == 0);
          g_assert_true (check (p, len, next_out));
          next_out++;
          wl_capture_ring_release (ring);
        }
    }
  gssize len;
  while ((len = wl_capture_ring_pop (ring, buf, sizeof buf)) >= 0)
    g_assert_true (check (buf, (gsize) len, next_out++));
  g_assert_cmpuint (next_out, ==, next_in);
  g_assert_cmpuint (wl_capture_ring_get_n_dropped (ring), ==, drops);
  g_assert_cmpuint (next_in, >, 10000); /* many times round a 4 KiB ring */
  g_rand_free (rand);
}

#define N_ITEMS 1000000

typedef struct {
  WlCaptureRing *ring;
  gboolean retry;    /* wait for room (to pass every item) or drop when full */
  guint64 n_sent;
  gint finished;
} Producer;

static gpointer
produce (gpointer data)
{
  Producer *pr = data;
  for (guint32 seq = 0; seq < N_ITEMS; seq++)
    {
      gsize len = 4 + seq % 61;
      guint8 *p;
      while (!(p = wl_capture_ring_reserve (pr->ring, len)))
        {
          if (!pr->retry)
            break;
          g_thread_yield ();
        }
      if (!p)
        continue;
      fill (p, len, seq);
      wl_capture_ring_commit (pr->ring);
      pr->n_sent++;
    }
  g_atomic_int_set (&pr->finished, 1);
  return NULL;
}

/* Runs a producer thread against this thread as consumer; returns the number received,
 * having checked that every record is intact and that sequence numbers only go up. */
static guint64
run_threads (gsize ring_size, gboolean retry, guint64 *n_dropped)
{
  g_autoptr (WlCaptureRing) ring = wl_capture_ring_new (ring_size);
  Producer pr = { ring, retry, 0, 0 };
  GThread *t = g_thread_new ("producer", produce, &pr);
  guint64 received = 0;
  gint64 last = -1;
  gboolean done = FALSE;
  while (TRUE)
    {
      gsize len;
      const guint8 *p = wl_capture_ring_peek (ring, &len);
      if (!p)
        {
          if (done)
            break;
          /* Everything committed before the flag was set is visible now: one more look. */
          done = g_atomic_int_get (&pr.finished);
          g_thread_yield ();
          continue;
        }
      g_assert_cmpuint (len, >=, 4);
      guint32 seq;
      memcpy (&seq, p, 4);
      g_assert_cmpint ((gint64) seq, >, last);
      if (retry)
        g_assert_cmpint ((gint64) seq, ==, last + 1);
      g_assert_cmpuint (len, ==, 4 + seq % 61);
      g_assert_true (check (p, len, seq));
      last = seq;
      received++;
      wl_capture_ring_release (ring);
    }
  g_thread_join (t);
  g_assert_cmpuint (received, ==, pr.n_sent);
  *n_dropped = wl_capture_ring_get_n_dropped (ring);
  return received;
}

static void
test_threads_in_order (void)
{
  guint64 dropped;
  /* The producer waits for room: every item arrives, in order. */
  guint64 received = run_threads (64 * 1024, TRUE, &dropped);
  g_assert_cmpuint (received, ==, N_ITEMS);
  g_test_message ("1,000,000 items passed in order (%" G_GUINT64_FORMAT " full-ring retries)", dropped);
}

static void
test_threads_dropping (void)
{
  guint64 dropped;
  /* The producer never waits: what doesn't arrive is counted, and what arrives is in order. */
  guint64 received = run_threads (4096, FALSE, &dropped);
  g_assert_cmpuint (received + dropped, ==, N_ITEMS);
  g_test_message ("received %" G_GUINT64_FORMAT ", dropped %" G_GUINT64_FORMAT, received, dropped);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/capture-ring/full-counts-drops", test_full_counts_drops);
  g_test_add_func ("/capture-ring/wrap-around", test_wrap_around);
  g_test_add_func ("/capture-ring/threads-in-order", test_threads_in_order);
  g_test_add_func ("/capture-ring/threads-dropping", test_threads_dropping);
  return g_test_run ();
}
