/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gui-capture-bench: the real Wirelens window capturing on lo under load (issue 5). It starts a
 * capture from the window (interface lo, capture filter "udp dst port P"), runs lo-flood at
 * RATE packets/s for SECONDS (UDP to 127.0.0.1 only), keeps the list following the newest
 * packet, then stops, and prints what the helper received, what the window stored and
 * displayed, what was dropped where, and the longest stalls of the window's main loop: a
 * 10 ms timer's lateness and the longest gap between two paints of the window.
 *   gui-capture-bench [RATE [SECONDS [DISPLAY-FILTER]]]    (as root; defaults 100000 10)
 * Run it under Xvfb with bench/gui-capture-bench.sh. */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <netinet/in.h>
#include <time.h>
#include <unistd.h>
#include "wl-window-private.h"

#define TICK_MS 10

typedef struct {
  WlWindow *window;
  gint64 tick_expected;
  gint64 max_late, max_late_at;
  GArray *lates;
  gint64 last_paint, max_paint_gap;
  gboolean measuring;
  gint64 t0;
  GPid flood_pid;
  int flood_out;
  gboolean flood_done;
  guint64 max_rows;
  gint64 last_cpu, last_wall, max_busy, max_busy_at;
  gint64 cpu_at_start;
} Bench;

static gint64
thread_cpu_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static gboolean
on_tick (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  if (b->measuring)
    {
      gint64 late = MAX (0, now - b->tick_expected);
      g_array_append_val (b->lates, late);
      if (late > b->max_late)
        {
          b->max_late = late;
          b->max_late_at = now - b->t0;
        }
      /* Lateness also counts time the machine gave other processes: the CPU time this
       * thread used between two ticks, beyond the interval, is what the loop itself spent. */
      gint64 cpu = thread_cpu_us ();
      if (b->last_cpu)
        {
          gint64 busy = MIN (cpu - b->last_cpu, now - b->last_wall) - TICK_MS * 1000;
          if (busy > b->max_busy)
            {
              b->max_busy = busy;
              b->max_busy_at = now - b->t0;
            }
        }
      b->last_cpu = cpu;
      b->last_wall = now;
    }
  b->tick_expected = now + TICK_MS * 1000;
  return G_SOURCE_CONTINUE;
}

static void
after_paint (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();
  if (b->measuring && b->last_paint && now - b->last_paint > b->max_paint_gap)
    b->max_paint_gap = now - b->last_paint;
  b->last_paint = now;
  if (b->window->model)
    b->max_rows = MAX (b->max_rows, g_list_model_get_n_items (G_LIST_MODEL (b->window->model)));
}

static gboolean
keep_painting (gpointer data)
{
  /* The list paints as rows arrive; ask for frames anyway so that a stalled loop shows. */
  Bench *b = data;
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  if (clock)
    gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  return G_SOURCE_CONTINUE;
}

static void
flood_exited (GPid pid, int status, gpointer data)
{
  Bench *b = data;
  b->flood_done = TRUE;
  g_spawn_close_pid (pid);
}

static int
free_udp_port (void)
{
  int s = socket (AF_INET, SOCK_DGRAM, 0);
  struct sockaddr_in a = { 0 };
  a.sin_family = AF_INET;
  a.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  socklen_t len = sizeof a;
  if (bind (s, (struct sockaddr *) &a, sizeof a) != 0 || getsockname (s, (struct sockaddr *) &a, &len) != 0)
    g_error ("no free UDP port");
  close (s);
  return ntohs (a.sin_port);
}

static int
cmp64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;
  return x < y ? -1 : x > y;
}

static void
spin (double seconds)
{
  gint64 end = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char *argv[])
{
  gint64 rate = argc > 1 ? g_ascii_strtoll (argv[1], NULL, 10) : 100000;
  gint64 seconds = argc > 2 ? g_ascii_strtoll (argv[2], NULL, 10) : 10;
  const char *display_filter = argc > 3 ? argv[3] : NULL;
  if (geteuid () != 0)
    {
      fprintf (stderr, "gui-capture-bench: capturing needs root (or the capture helper's capabilities)\n");
      return 77;
    }
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();
  WlApplication *app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.CaptureBench",
                                     "flags", G_APPLICATION_NON_UNIQUE, NULL);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  Bench b = { 0 };
  b.lates = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.window = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (b.window));
  while (wl_capture_view_is_loading (b.window->capture_view) || !gtk_widget_get_frame_clock (GTK_WIDGET (b.window)))
    g_main_context_iteration (NULL, TRUE);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &b);

  int port = free_udp_port ();
  g_autofree char *filter = g_strdup_printf ("udp dst port %d", port);
  wl_capture_view_set_filter (b.window->capture_view, filter);
  const char *lo[] = { "lo", NULL };
  wl_capture_view_set_selected (b.window->capture_view, lo);
  if (display_filter)
    {
      wl_filter_bar_set_text (b.window->filter_bar, display_filter);
      spin (0.3);
    }
  spin (0.5); /* the capture filter checked */
  gtk_widget_activate_action (GTK_WIDGET (b.window), "win.capture-start", NULL);
  if (!wl_window_is_capturing (b.window))
    {
      fprintf (stderr, "gui-capture-bench: the capture did not start: %s\n",
               gtk_label_get_text (b.window->message_label));
      return 1;
    }
  while (wl_window_is_capturing (b.window) && !wl_capture_file_get_session (b.window->file))
    g_main_context_iteration (NULL, TRUE);

  /* The devices are open: load now. */
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = g_path_get_dirname (exe);
  g_autofree char *flood = g_build_filename (dir, "lo-flood", NULL);
  if (!g_file_test (flood, G_FILE_TEST_IS_EXECUTABLE))
    {
      g_free (flood);
      flood = g_build_filename (dir, "..", "bench", "lo-flood", NULL);
    }
  g_autofree char *port_s = g_strdup_printf ("%d", port);
  g_autofree char *rate_s = g_strdup_printf ("%" G_GINT64_FORMAT, rate);
  g_autofree char *secs_s = g_strdup_printf ("%" G_GINT64_FORMAT, seconds);
  const char *fargv[] = { flood, port_s, rate_s, secs_s, NULL };
  GError *error = NULL;
  if (!g_spawn_async_with_pipes (NULL, (char **) fargv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                                 &b.flood_pid, NULL, &b.flood_out, NULL, &error))
    {
      fprintf (stderr, "gui-capture-bench: lo-flood: %s\n", error->message);
      return 1;
    }
  g_child_watch_add (b.flood_pid, flood_exited, &b);
  b.t0 = g_get_monotonic_time ();
  b.cpu_at_start = thread_cpu_us ();
  b.tick_expected = b.t0 + TICK_MS * 1000;
  b.measuring = TRUE;
  g_timeout_add (TICK_MS, on_tick, &b);
  if (g_getenv ("WL_BENCH_PAINT"))
    g_timeout_add (16, keep_painting, &b);

  while (!b.flood_done)
    g_main_context_iteration (NULL, TRUE);
  spin (1.5); /* what is in the pipes and the ring comes through */
  gint64 stop_at = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (b.window), "win.capture-stop", NULL);
  while (wl_window_is_capturing (b.window))
    g_main_context_iteration (NULL, TRUE);
  double stop_s = (double) (g_get_monotonic_time () - stop_at) / G_USEC_PER_SEC;
  double main_cpu_s = (double) (thread_cpu_us () - b.cpu_at_start) / G_USEC_PER_SEC;
  b.measuring = FALSE;

  char flood_report[256] = "";
  ssize_t n = read (b.flood_out, flood_report, sizeof flood_report - 1);
  flood_report[n > 0 ? n : 0] = 0;
  g_strchomp (flood_report);

  WlCaptureSource *src = wl_capture_file_get_source (b.window->file);
  WlCaptureStats st;
  wl_capture_source_get_stats (src, &st);
  guint64 kernel = 0;
  for (guint i = 0; i < wl_capture_source_get_n_interfaces (src); i++)
    {
      WlCaptureInterfaceStats is;
      if (wl_capture_source_get_interface_stats (src, i, &is))
        kernel += is.n_kernel_dropped + is.n_if_dropped;
    }
  g_array_sort (b.lates, cmp64);
  gint64 p99 = b.lates->len ? g_array_index (b.lates, gint64, (b.lates->len * 99) / 100) : 0;
  /* The stopped capture's store belongs to the window's file now: count it there. */
  guint32 frames = wl_capture_file_get_n_frames (b.window->file);
  gboolean accounted = st.n_helper_delivered == frames + st.n_ring_dropped;
  guint rows = g_list_model_get_n_items (G_LIST_MODEL (b.window->model));

  printf ("load: lo-flood %s\n", flood_report);
  if (display_filter)
    printf ("display filter during the capture: %s\n", display_filter);
  printf ("%-46s %12" G_GUINT64_FORMAT "\n", "helper: received by libpcap (isb_ifrecv)", st.n_helper_received);
  printf ("%-46s %12" G_GUINT64_FORMAT "\n", "helper: dropped before delivery (kernel)", kernel);
  printf ("%-46s %12" G_GUINT64_FORMAT "\n", "helper: written to the pipe (isb_usrdeliv)", st.n_helper_delivered);
  printf ("%-46s %12" G_GUINT32_FORMAT "\n", "window: stored (temporary file, store, list)", frames);
  printf ("%-46s %12u\n", "window: rows displayed", rows);
  printf ("%-46s %12" G_GUINT64_FORMAT "\n", "window: dropped by the ring (fell behind)", st.n_ring_dropped);
  printf ("%-46s %12s\n", "written = stored + ring drops", accounted ? "yes" : "NO");
  printf ("%-46s %9.1f ms\n", "main loop: longest stall (10 ms timer late)", (double) b.max_late / 1000.0);
  printf ("%-46s %9.1f s\n", "  at", (double) b.max_late_at / 1e6);
  printf ("%-46s %9.1f ms\n", "main loop: 99th percentile lateness", (double) p99 / 1000.0);
  printf ("%-46s %9.1f ms\n", "main loop: longest busy stretch (CPU time)", (double) MAX (b.max_busy, 0) / 1000.0);
  printf ("%-46s %9.1f s\n", "  at", (double) b.max_busy_at / 1e6);
  printf ("%-46s %9.1f ms\n", "longest gap between two paints", (double) b.max_paint_gap / 1000.0);
  printf ("%-46s %9.2f s\n", "stop: until the capture was over", stop_s);
  printf ("%-46s %9.2f s\n", "main thread CPU time, load to stop", main_cpu_s);
  printf ("%s\n", gtk_label_get_text (b.window->status_counts));

  /* Discard: no question at exit. */
  b.window->close_confirmed = TRUE;
  gtk_window_destroy (GTK_WINDOW (b.window));
  g_object_unref (app);
  g_array_unref (b.lates);
  return accounted ? 0 : 1;
}
