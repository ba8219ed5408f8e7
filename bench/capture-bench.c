/* SPDX-License-Identifier: GPL-2.0-or-later */
/* capture-bench: live capture under load, as the window would do it. It captures on lo
 * through the capture source (helper, capture thread, ring, temporary file, store, first
 * pass) while lo-flood sends UDP to 127.0.0.1 at a set rate, and measures how late a 10 ms
 * timer on the same main loop fires: the longest the loop was kept from the window.
 *   capture-bench [RATE [SECONDS [RING_MIB]]]      (as root; defaults 100000 10 32)
 * Prints a table: what the helper received, what was stored and what was dropped where, and
 * whether every packet is accounted for. */
#include <signal.h>
#include <time.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib.h>
#include "capture-source.h"

typedef struct {
  GMainLoop *loop;
  WlCaptureSource *src;
  gint64 rate, seconds;
  int port;
  GPid flood_pid;
  int flood_out;
  gint64 tick_expected;
  gint64 max_late_us;
  GArray *lates;          /* gint64 */
  gint64 last_cpu_us, last_wall_us;
  gint64 max_busy_us;     /* main-thread CPU time between two ticks, minus the interval */
  gint64 n_batches;
  gboolean done;
  GError *error;
} Bench;

#define TICK_MS 10

static gboolean
on_tick (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - b->tick_expected;
  if (late < 0)
    late = 0;
  g_array_append_val (b->lates, late);
  if (late > b->max_late_us)
    b->max_late_us = late;
  b->tick_expected = now + TICK_MS * 1000;
  /* Lateness counts time the machine gave to other processes too; the CPU time this thread
   * used between two ticks beyond the interval is the part this loop itself spent busy. */
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  gint64 cpu = (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
  if (b->last_cpu_us)
    {
      gint64 busy = MIN (cpu - b->last_cpu_us, now - b->last_wall_us) - TICK_MS * 1000;
      if (busy > b->max_busy_us)
        b->max_busy_us = busy;
    }
  b->last_cpu_us = cpu;
  b->last_wall_us = now;
  return G_SOURCE_CONTINUE;
}

static void
start_flood (Bench *b)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (exe);
  g_autofree char *flood = g_build_filename (dir, "lo-flood", NULL);
  g_autofree char *port = g_strdup_printf ("%d", b->port);
  g_autofree char *rate = g_strdup_printf ("%" G_GINT64_FORMAT, b->rate);
  g_autofree char *secs = g_strdup_printf ("%" G_GINT64_FORMAT, b->seconds);
  const char *argv[] = { flood, port, rate, secs, NULL };
  GError *error = NULL;
  if (!g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &b->flood_pid, NULL, &b->flood_out, NULL, &error))
    g_error ("lo-flood: %s", error->message);
}

static void
on_batch (WlCaptureSource *src, guint32 first, guint32 last, gpointer data)
{
  Bench *b = data;
  if (last < first)
    {
      start_flood (b); /* the devices are open: load now */
      b->tick_expected = g_get_monotonic_time () + TICK_MS * 1000;
      g_timeout_add (TICK_MS, on_tick, b);
      return;
    }
  b->n_batches++;
}

static void
on_done (WlCaptureSource *src, const GError *error, gpointer data)
{
  Bench *b = data;
  if (error)
    b->error = g_error_copy (error);
  g_main_loop_quit (b->loop);
}

static int
free_udp_port (void)
{
  int s = socket (AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = { 0 };
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  bind (s, (struct sockaddr *) &a, sizeof a);
  getsockname (s, (struct sockaddr *) &a, &len);
  close (s);
  return ntohs (a.sin_port);
}

static int
cmp64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  b.rate = argc > 1 ? g_ascii_strtoll (argv[1], NULL, 10) : 100000;
  b.seconds = argc > 2 ? g_ascii_strtoll (argv[2], NULL, 10) : 10;
  gint64 ring_mib = argc > 3 ? g_ascii_strtoll (argv[3], NULL, 10) : 32;
  b.port = free_udp_port ();
  b.lates = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *filter = g_strdup_printf ("udp dst port %d", b.port);
  const char *ifaces[] = { "lo", NULL };
  WlCaptureOptions opts = { ifaces, filter };
  opts.duration_s = b.seconds + 3; /* the helper stops itself, after the last packet */
  opts.buffer_mib = 64;
  b.src = wl_capture_source_new (&opts);
  wl_capture_source_set_ring_size (b.src, (gsize) ring_mib << 20);
  WlDissectOptions dopts = { 0 };
  dopts.columns = TRUE; /* what the packet list needs for its rows */
  wl_capture_source_set_dissect_options (b.src, &dopts);
  wl_capture_source_set_callbacks (b.src, NULL, on_batch, on_done, &b);
  GError *error = NULL;
  b.loop = g_main_loop_new (NULL, FALSE);
  gint64 t0 = g_get_monotonic_time ();
  if (!wl_capture_source_start (b.src, &error))
    {
      fprintf (stderr, "capture-bench: %s\n", error->message);
      return 1;
    }
  g_main_loop_run (b.loop);
  double took = (double) (g_get_monotonic_time () - t0) / 1e6;

  char flood_report[256] = "";
  if (b.flood_pid)
    {
      int status;
      waitpid (b.flood_pid, &status, 0);
      ssize_t n = read (b.flood_out, flood_report, sizeof flood_report - 1);
      flood_report[n > 0 ? n : 0] = 0;
      g_strchomp (flood_report);
    }
  WlCaptureStats st;
  wl_capture_source_get_stats (b.src, &st);
  g_array_sort (b.lates, cmp64);
  gint64 p99 = b.lates->len ? g_array_index (b.lates, gint64, (b.lates->len * 99) / 100) : 0;
  gboolean accounted = st.n_helper_delivered == st.n_stored + st.n_ring_dropped;

  printf ("load: lo-flood %s\n", flood_report);
  printf ("%-44s %12s\n", "", "packets");
  printf ("%-44s %12" G_GUINT64_FORMAT "\n", "helper: received by libpcap (isb_ifrecv)", st.n_helper_received);
  printf ("%-44s %12" G_GUINT64_FORMAT "\n", "helper: dropped before delivery (isb_ifdrop)", st.n_kernel_dropped);
  printf ("%-44s %12" G_GUINT64_FORMAT "\n", "helper: written to the pipe (isb_usrdeliv)", st.n_helper_delivered);
  printf ("%-44s %12" G_GUINT64_FORMAT "\n", "stored (temporary file + store, first pass)", st.n_stored);
  printf ("%-44s %12" G_GUINT64_FORMAT "\n", "dropped by the ring (consumer behind)", st.n_ring_dropped);
  printf ("%-44s %12s\n", "written = stored + ring drops", accounted ? "yes" : "NO");
  printf ("%-44s %12.1f\n", "stored per second of load", (double) st.n_stored / (double) b.seconds);
  printf ("%-44s %12" G_GINT64_FORMAT "\n", "batches", b.n_batches);
  printf ("%-44s %9.1f ms\n", "main loop: longest stall (10 ms timer late)", (double) b.max_late_us / 1000.0);
  printf ("%-44s %9.1f ms\n", "main loop: 99th percentile", (double) p99 / 1000.0);
  printf ("%-44s %9.1f ms\n", "main loop: longest busy stretch (CPU time)", (double) MAX (b.max_busy_us, 0) / 1000.0);
  printf ("%-44s %9.1f s\n", "wall time", took);
  if (b.error)
    printf ("capture ended with: %s\n", b.error->message);
  gboolean failed = !accounted || b.error;
  wl_capture_source_free (b.src);
  g_main_loop_unref (b.loop);
  g_array_unref (b.lates);
  g_clear_error (&b.error);
  return failed ? 1 : 0;
}
