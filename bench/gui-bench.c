/* SPDX-License-Identifier: GPL-2.0-or-later */
/* gui-bench: how the real Wirelens window copes with a big capture. Opens FILE in a window
 * (under Xvfb: bench/gui-bench.sh), and prints a table: time until the first rows are drawn,
 * until fully loaded, to apply a display filter, resident memory, and the longest stall of
 * the main loop while loading and while filtering (a 10 ms timeout probe, and the longest
 * gap between two paints of the window, which repaints as rows and progress arrive).
 *   gui-bench FILE [FILTER]      (FILTER defaults to "!tcp.port == 22") */
#include <gtk/gtk.h>
#include <stdio.h>
#include <string.h>
#include "wl-window-private.h"

typedef struct {
  WlWindow *window;
  gint64 t0;
  gint64 first_rows;          /* first paint with rows in the list */
  gint64 last_probe;
  gint64 max_stall;           /* longest gap between probe runs, this phase */
  gint64 max_stall_at;        /* when it ended */
  gint64 stall_before_rows;   /* the longest stall until the first rows were drawn */
  gint64 last_paint;
  gint64 max_paint_gap;
} Bench;

static gboolean
probe (gpointer data)
{
  Bench *b = data;
  gint64 now = g_get_monotonic_time ();
  if (b->last_probe && now - b->last_probe > b->max_stall)
    {
      b->max_stall = now - b->last_probe;
      b->max_stall_at = now;
    }
  b->last_probe = now;
  return G_SOURCE_CONTINUE;
}

static void
after_paint (GdkFrameClock *clock, Bench *b)
{
  gint64 now = g_get_monotonic_time ();
  if (b->last_paint && now - b->last_paint > b->max_paint_gap)
    b->max_paint_gap = now - b->last_paint;
  b->last_paint = now;
  if (!b->first_rows && b->window->model &&
      g_list_model_get_n_items (G_LIST_MODEL (b->window->model)) > 0)
    {
      /* From here on, stalls are the first pass's doing, not the first display's. */
      b->first_rows = now;
      b->stall_before_rows = b->max_stall;
      b->max_stall = 0;
      b->max_paint_gap = 0;
    }
}

static long
rss_kib (void)
{
  g_autofree char *status = NULL;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  const char *p = strstr (status, "VmRSS:");
  return p ? strtol (p + 6, NULL, 10) : -1;
}

static void
reset_phase (Bench *b)
{
  b->max_stall = 0;
  b->max_paint_gap = 0;
  b->last_probe = g_get_monotonic_time ();
  b->last_paint = 0;
}

static void
spin_while_busy (Bench *b)
{
  while (wl_window_is_busy (b->window) || b->window->pending_filter)
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
  reset_phase (&b);
  b.t0 = g_get_monotonic_time ();
  wl_window_open (b.window, file);
  gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_PAINT);
  spin_while_busy (&b);
  gint64 loaded = g_get_monotonic_time ();
  while (!b.first_rows)
    g_main_context_iteration (NULL, TRUE);
  gint64 load_stall = b.max_stall, load_paint = b.max_paint_gap, load_stall_at = b.max_stall_at - b.t0;
  long rss_loaded = rss_kib ();
  guint32 n = wl_capture_file_get_n_frames (b.window->file);

  reset_phase (&b);
  gint64 f0 = g_get_monotonic_time ();
  wl_filter_bar_set_text (b.window->filter_bar, filter);
  wl_filter_bar_apply (b.window->filter_bar);
  spin_while_busy (&b);
  gint64 f1 = g_get_monotonic_time ();
  gint64 filter_stall = b.max_stall, filter_paint = b.max_paint_gap;
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (b.window->model));
  long rss_filtered = rss_kib ();

  printf ("| measure | value |\n|---|---|\n");
  printf ("| packets | %u |\n", n);
  printf ("| first rows on screen | %.3f s |\n", (b.first_rows - b.t0) / 1e6);
  printf ("| fully loaded (index + first pass) | %.3f s |\n", (loaded - b.t0) / 1e6);
  printf ("| longest main-loop stall until the first rows (probe) | %.0f ms |\n", b.stall_before_rows / 1e3);
  printf ("| longest main-loop stall from the first rows to loaded (probe / paint) | %.0f ms / %.0f ms (ending at %.3f s) |\n",
          load_stall / 1e3, load_paint / 1e3, load_stall_at / 1e6);
  printf ("| apply `%s` (%u shown) | %.3f s |\n", filter, shown, (f1 - f0) / 1e6);
  printf ("| longest main-loop stall while filtering (probe / paint) | %.0f ms / %.0f ms |\n",
          filter_stall / 1e3, filter_paint / 1e3);
  printf ("| resident memory loaded / filtered | %.1f MiB / %.1f MiB |\n", rss_loaded / 1024.0,
          rss_filtered / 1024.0);
  return 0;
}
