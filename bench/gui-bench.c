/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gui-bench: how the real Wirelens window copes with a big capture. Opens FILE in a window
 * (under Xvfb: bench/gui-bench.sh), and prints a table: time until the first rows are drawn,
 * until fully loaded, to apply a display filter, resident memory, and the longest stall of
 * the main loop while loading and while filtering (a 10 ms timeout probe, and the longest
 * gap between two frames of the window's frame clock, kept running every frame), with the
 * main thread's CPU time during the longest stall (the rest is waiting for a CPU).
 * WL_BENCH_TRACE=1 prints every stall over 50 ms and every frame over 15 ms, phase by phase.
 *   gui-bench FILE [FILTER]      (FILTER defaults to "!tcp.port == 22") */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "wl-window-private.h"

typedef struct {
  WlWindow *window;
  gint64 t0;
  gint64 first_rows;          /* first paint with rows in the list */
  gint64 last_probe;
  gint64 last_probe_cpu;      /* the main thread's CPU time then */
  gint64 max_stall;           /* longest gap between probe runs, this phase */
  gint64 max_stall_at;        /* when it ended */
  gint64 max_stall_cpu;       /* the main thread's CPU time during it */
  gint64 stall_before_rows;   /* the longest stall until the first rows were drawn */
  gint64 stall_before_rows_cpu;
  gint64 last_paint;
  gint64 last_paint_cpu;
  gint64 max_paint_cpu;
  gint64 max_paint_gap;
  gboolean trace;             /* WL_BENCH_TRACE: print every long frame and stall */
  gint64 phase_at[8];         /* when each frame-clock phase of this frame began */
} Bench;

static const char *const phase_names[] = { "flush-events", "before-paint", "update", "layout", "paint", "after-paint" };

static void
on_phase (GdkFrameClock *clock, gpointer data)
{
  Bench *b = g_object_get_data (G_OBJECT (clock), "wl-bench");
  int phase = GPOINTER_TO_INT (data);
  b->phase_at[phase] = g_get_monotonic_time ();
}

static gint64
thread_cpu_us (void)
{
  struct timespec ts;
  clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static gboolean
probe (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  if (b->trace && b->last_probe && now - b->last_probe > 50000)
    fprintf (stderr, "stall %.0f ms (main thread on CPU %.0f ms) ending at %.3f s\n", (now - b->last_probe) / 1e3,
             (cpu - b->last_probe_cpu) / 1e3, (now - b->t0) / 1e6);
  if (b->last_probe && now - b->last_probe > b->max_stall)
    {
      b->max_stall = now - b->last_probe;
      b->max_stall_at = now;
      b->max_stall_cpu = cpu - b->last_probe_cpu;
    }
  b->last_probe_cpu = cpu;
  b->last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();
  gint64 cpu = thread_cpu_us ();
  if (b->trace && b->last_paint && now - b->last_paint > 50000)
    fprintf (stderr, "no frame for %.0f ms (main thread on CPU %.0f ms) until %.3f s\n", (now - b->last_paint) / 1e3,
             (cpu - b->last_paint_cpu) / 1e3, (now - b->t0) / 1e6);
  if (b->last_paint && now - b->last_paint > b->max_paint_gap)
    {
      b->max_paint_gap = now - b->last_paint;
      b->max_paint_cpu = cpu - b->last_paint_cpu;
    }
  b->last_paint_cpu = cpu;
  b->phase_at[5] = now;
  int start = 0;
  while (start < 5 && !b->phase_at[start])
    start++;
  if (b->trace && now - b->phase_at[start] > 15000)
    {
      /* Which phase took the time (a phase that did not run shows nothing). */
      fprintf (stderr, "frame %.0f ms at %.3f s:", (now - b->phase_at[start]) / 1e3, (now - b->t0) / 1e6);
      for (int i = 0; i < 5; i++)
        if (b->phase_at[i])
          {
            int next = i + 1;
            while (!b->phase_at[next])
              next++;
            fprintf (stderr, " %s %.1f", phase_names[i], (b->phase_at[next] - b->phase_at[i]) / 1e3);
          }
      fprintf (stderr, "\n");
    }
  memset (b->phase_at, 0, sizeof b->phase_at);
  b->last_paint = now;
  if (!b->first_rows && b->window->model &&
      g_list_model_get_n_items (G_LIST_MODEL (b->window->model)) > 0)
    {
      /* From here on, stalls are the first pass's doing, not the first display's. */
      b->first_rows = now;
      b->stall_before_rows = b->max_stall;
      b->stall_before_rows_cpu = b->max_stall_cpu;
      b->max_stall = 0;
      b->max_stall_cpu = 0;
      b->max_paint_gap = 0;
      b->max_paint_cpu = 0;
    }
}

/* A /proc/self/status line, in KiB: VmRSS (all resident memory), RssAnon (not the mapped
 * capture file nor libraries). */
static long
status_kib (const char *name)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  const char *p = strstr (status, name);
  return p ? strtol (p + strlen (name) + 1, NULL, 10) : -1;
}

/* "a ms (b ms on CPU)": a stall, and how much of it the main thread worked (the rest, it
 * waited for a CPU the other programs had). */
static char *
format_stall (gint64 stall, gint64 cpu)
{
  return g_strdup_printf ("%.0f ms (%.0f ms on CPU)", stall / 1e3, cpu / 1e3);
}

static void
reset_phase (Bench *b)
{
  b->max_stall = 0;
  b->max_stall_cpu = 0;
  b->max_paint_gap = 0;
  b->max_paint_cpu = 0;
  b->last_probe = g_get_monotonic_time ();
  b->last_probe_cpu = thread_cpu_us ();
  b->last_paint = 0;
}

/* The last toplevel of type type_name (a statistics window just opened), or NULL. */
static GtkWindow *
find_toplevel (const char *type_name)
{
  GtkWindow *found = NULL;
  GList *tops = gtk_window_list_toplevels ();
  for (GList *l = tops; l; l = l->next)
    if (strcmp (G_OBJECT_TYPE_NAME (l->data), type_name) == 0)
      found = l->data;
  g_list_free (tops);
  return found;
}

static GtkWidget *
find_progress_bar (GtkWidget *w)
{
  if (GTK_IS_PROGRESS_BAR (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_progress_bar (c);
      if (found)
        return found;
    }
  return NULL;
}

static void spin_until_settled (Bench *b);

/* Opens a statistics window through the main window's action and returns the seconds until
 * its rows are filled (its progress bar has come and gone), then closes it. */
static double
time_view (Bench *b, const char *action, const char *type_name)
{
  gint64 v0 = g_get_monotonic_time ();
  gtk_widget_activate_action (GTK_WIDGET (b->window), action, NULL);
  GtkWindow *win = find_toplevel (type_name);
  GtkWidget *progress = win ? find_progress_bar (GTK_WIDGET (win)) : NULL;
  if (!progress)
    return -1;
  while (gtk_widget_get_visible (progress))
    g_main_context_iteration (NULL, TRUE);
  gint64 v1 = g_get_monotonic_time ();
  spin_until_settled (b);
  gtk_window_destroy (win);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  return (v1 - v0) / 1e6;
}

static void
spin_while_busy (Bench *b)
{
  while (wl_window_is_busy (b->window) || b->window->pending_filter)
    g_main_context_iteration (NULL, TRUE);
}

/* The last turn of the busy phase (showing the result) counts too: wait until the probe has
 * run and the window has painted once after it. */
static void
spin_until_settled (Bench *b)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b->window));
  gint64 done = g_get_monotonic_time ();
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  while (b->last_probe < done || b->last_paint < done)
    g_main_context_iteration (NULL, TRUE);
}

int
main (int argc, char *argv[])
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: gui-bench FILE [FILTER]\n");
      return 2;
    }
  const char *filter = argc > 2 ? argv[2] : "!tcp.port == 22";
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_init ();

  WlApplication *app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.Bench",
                                     "flags", G_APPLICATION_NON_UNIQUE, NULL);
  g_application_register (G_APPLICATION (app), NULL, NULL);
  Bench b = { 0 };
  b.window = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (b.window));
  /* Let the empty window map and draw first, as it would before a user opens a file. */
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
  while (!clock)
    {
      g_main_context_iteration (NULL, TRUE);
      clock = gtk_widget_get_frame_clock (GTK_WIDGET (b.window));
    }
  g_signal_connect (clock, "after-paint", G_CALLBACK (after_paint), &b);
  /* The clock runs every frame, as during an animation, whether or not the window changed:
   * the gap between two frames is how long the window could not have drawn. */
  gdk_frame_clock_begin_updating (clock);
  b.trace = g_getenv ("WL_BENCH_TRACE") != NULL;
  g_object_set_data (G_OBJECT (clock), "wl-bench", &b);
  for (int i = 0; i < 5; i++)
    g_signal_connect (clock, phase_names[i], G_CALLBACK (on_phase), GINT_TO_POINTER (i));
  g_timeout_add (10, probe, &b);
  /* The first paints load fonts and set up the renderer: not the file's doing. */
  for (int frames = 0; frames < 3;)
    {
      gint64 before = b.last_paint;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
      g_main_context_iteration (NULL, TRUE);
      if (b.last_paint != before)
        frames++;
    }

  g_autoptr (GFile) file = g_file_new_for_commandline_arg (argv[1]);
  long anon_empty = status_kib ("RssAnon:"); /* the empty window's: GTK, fonts, the renderer */
  reset_phase (&b);
  b.t0 = g_get_monotonic_time ();
  if (b.trace)
    fprintf (stderr, "open at %.6f s (monotonic clock)\n", b.t0 / 1e6);
  wl_window_open (b.window, file);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  spin_while_busy (&b);
  gint64 loaded = g_get_monotonic_time ();
  while (!b.first_rows)
    g_main_context_iteration (NULL, TRUE);
  spin_until_settled (&b);
  g_autofree char *load_stall = format_stall (b.max_stall, b.max_stall_cpu);
  g_autofree char *load_paint = format_stall (b.max_paint_gap, b.max_paint_cpu);
  g_autofree char *rows_stall = format_stall (b.stall_before_rows, b.stall_before_rows_cpu);
  long rss_loaded = status_kib ("VmRSS:"), anon_loaded = status_kib ("RssAnon:");
  guint32 n = wl_capture_file_get_n_frames (b.window->file);

  /* Scroll to the end: the list makes the rows there on the next frame. */
  reset_phase (&b);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (b.window->packet_view));
  gint64 s0 = g_get_monotonic_time ();
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj));
  while (b.last_paint < s0)
    g_main_context_iteration (NULL, TRUE);
  gint64 s1 = b.last_paint;
  spin_until_settled (&b);
  g_autofree char *scroll_stall = format_stall (b.max_stall, b.max_stall_cpu);

  /* The statistics windows, on the whole capture (no filter applied yet). */
  double t_conv = time_view (&b, "win.conversations", "WlConversationsDialog");
  double t_ep = time_view (&b, "win.endpoints", "WlConversationsDialog");
  double t_phs = time_view (&b, "win.protocol-hierarchy", "WlHierarchyDialog");
  /* no packet selected: the first TCP stream (tcp.stream 0), as -z follow,tcp,ascii,0 */
  double t_follow = time_view (&b, "win.follow-tcp-stream", "WlFollowDialog");
  double t_expert = time_view (&b, "win.expert-info", "WlExpertDialog");
  long anon_stats = status_kib ("RssAnon:"); /* the windows closed again */

  reset_phase (&b);
  gint64 f0 = g_get_monotonic_time ();
  wl_filter_bar_set_text (b.window->filter_bar, filter);
  wl_filter_bar_apply (b.window->filter_bar);
  spin_while_busy (&b);
  gint64 f1 = g_get_monotonic_time ();
  spin_until_settled (&b);
  g_autofree char *filter_stall = format_stall (b.max_stall, b.max_stall_cpu);
  g_autofree char *filter_paint = format_stall (b.max_paint_gap, b.max_paint_cpu);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (b.window->model));
  long rss_filtered = status_kib ("VmRSS:"), anon_filtered = status_kib ("RssAnon:");

  printf ("| measure | value |\n|---|---|\n");
  printf ("| packets | %u |\n", n);
  printf ("| first rows on screen | %.3f s |\n", (b.first_rows - b.t0) / 1e6);
  printf ("| fully loaded (index + first pass) | %.3f s |\n", (loaded - b.t0) / 1e6);
  printf ("| longest main-loop stall until the first rows (probe) | %s |\n", rows_stall);
  printf ("| longest main-loop stall, first rows to loaded: probe / frame clock | %s / %s |\n", load_stall, load_paint);
  printf ("| scroll to the end: next frame | %.3f s (longest stall %s) |\n", (s1 - s0) / 1e6, scroll_stall);
  printf ("| Statistics: Conversations / Endpoints / Protocol Hierarchy open with their rows | %.3f / %.3f / %.3f s |\n",
          t_conv, t_ep, t_phs);
  printf ("| Statistics: Follow TCP Stream (stream 0) / Expert Information open with their content | %.3f / %.3f s |\n",
          t_follow, t_expert);
  printf ("| apply `%s` (%u shown) | %.3f s |\n", filter, shown, (f1 - f0) / 1e6);
  printf ("| longest main-loop stall while filtering: probe / frame clock | %s / %s |\n", filter_stall, filter_paint);
  printf ("| resident memory loaded / filtered | %.1f MiB / %.1f MiB |\n", rss_loaded / 1024.0, rss_filtered / 1024.0);
  printf ("| of which anonymous (not the mapped file), per packet | %.1f MiB, %.0f B / %.1f MiB, %.0f B |\n",
          anon_loaded / 1024.0, anon_loaded * 1024.0 / MAX (n, 1), anon_filtered / 1024.0,
          anon_filtered * 1024.0 / MAX (n, 1));
  printf ("| anonymous memory the capture added (beyond the empty window's %.1f MiB), per packet | %.0f B / %.0f B |\n",
          anon_empty / 1024.0, (anon_loaded - anon_empty) * 1024.0 / MAX (n, 1),
          (anon_filtered - anon_empty) * 1024.0 / MAX (n, 1));
  printf ("| anonymous memory per packet: loaded / after the statistics windows / after the filter | %.0f / %.0f / %.0f B |\n",
          (anon_loaded - anon_empty) * 1024.0 / MAX (n, 1), (anon_stats - anon_empty) * 1024.0 / MAX (n, 1),
          (anon_filtered - anon_empty) * 1024.0 / MAX (n, 1));
  return 0;
}
