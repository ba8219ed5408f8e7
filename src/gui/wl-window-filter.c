/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The window's display filtering: the filter runs over every frame on worker threads with its
 * progress in the status bar; typing a new filter cancels it; a filter applied while loading
 * waits for the first pass; filters that ran go to the recent ones. The protocol tree explains
 * the filter the list shows for the selected packet. */
#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include "wl-window-private.h"
#include "dfilter.h"

/* How often progress is shown while filtering (ms). */
#define PROGRESS_INTERVAL 100

typedef struct {
  WlDfilter *df;
  WlCaptureFile *file;             /* keeps the session alive while the workers read it */
  WlSession *session;
  guint32 n;
  int done, total;                 /* atomic, for the progress bar */
  gint64 start;
} FilterJob;

static void
filter_job_free (gpointer data)
{
  FilterJob *job = data;
  wl_dfilter_free (job->df);
  g_clear_object (&job->file);
  g_free (job);
}

static void
filter_progress (guint32 done, guint32 total, gpointer user_data)
{
  FilterJob *job = user_data;
  g_atomic_int_set (&job->done, (int) done);
  g_atomic_int_set (&job->total, (int) total);
}

static void
filter_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  FilterJob *job = task_data;
  g_autofree guint8 *bitmap = g_malloc0 (job->n / 8 + 1);

  wl_background_thread (); /* and the filter's workers, which inherit it */
  gboolean ok = wl_dfilter_run (job->df, job->session, job->n, bitmap, g_get_num_processors (),
                                cancellable, filter_progress, job);
  if (!ok || g_cancellable_is_cancelled (cancellable))
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The filter could not be run."));
      return;
    }
  GArray *frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  for (guint32 i = 0; i < job->n; i++)
    if (bitmap[i >> 3] & (1u << (i & 7)))
      {
        guint32 number = i + 1;
        g_array_append_val (frames, number);
      }
#ifdef __GLIBC__
  malloc_trim (0); /* the workers' pages back to the system (36 MB on the 1M-packet file) */
#endif
  g_task_return_pointer (task, frames, (GDestroyNotify) g_array_unref);
}

static gboolean
filter_progress_tick (gpointer data)
{
  WlWindow *self = data;
  FilterJob *job = self->filter_job;
  if (job)
    {
      int total = g_atomic_int_get (&job->total);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar,
                                     total > 0 ? (double) g_atomic_int_get (&job->done) / total : 0.0);
    }
  return G_SOURCE_CONTINUE;
}

static void
remember_filter (WlWindow *self, const char *text)
{
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-filters");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_strv_builder_add (b, text);
  for (guint i = 0, n = 1; recent[i] && n < 10; i++)
    if (!g_str_equal (recent[i], text))
      {
        g_strv_builder_add (b, recent[i]);
        n++;
      }
  g_auto (GStrv) updated = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "recent-filters", (const char * const *) updated);
}

/* The list now shows applied_filter: the tree explains it for the packet still selected. */
static void
explain_selected (WlWindow *self)
{
  wl_proto_tree_set_filter (self->proto_tree, self->applied_filter);
  if (self->selected_frame)
    wl_proto_tree_set_packet (self->proto_tree, &self->packet);
}

static void
filter_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WlWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  GTask *task = G_TASK (result);
  FilterJob *job = g_task_get_task_data (task);
  gboolean is_current = job == self->filter_job;
  GArray *frames = g_task_propagate_pointer (task, &error);

  if (!is_current)
    {
      g_clear_pointer (&frames, g_array_unref);
      return;
    }
  self->filter_job = NULL;
  self->is_filtering = FALSE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
  if (!frames)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wl_window_show_message (self, error->message);
      wl_window_update_status (self);
      return;
    }
  self->filter_time = (double) (g_get_monotonic_time () - job->start) / G_USEC_PER_SEC;
  guint32 keep = self->selected_frame;
  wl_packet_list_model_set_filtered (self->model, frames);
  wl_window_reselect (self, keep);
  explain_selected (self);
  remember_filter (self, self->applied_filter);
  wl_window_update_status (self);
}

void
wl_window_cancel_filter (WlWindow *self)
{
  if (self->filter_cancellable)
    g_cancellable_cancel (self->filter_cancellable);
  g_clear_object (&self->filter_cancellable);
  self->filter_job = NULL;
  self->is_filtering = FALSE;
  g_clear_handle_id (&self->progress_id, g_source_remove);
}

void
wl_window_apply_filter (WlWindow *self, const char *text)
{
  wl_window_cancel_filter (self);
  g_clear_pointer (&self->pending_filter, g_free);
  if (!self->file)
    return;
  if (wl_window_is_capturing (self))
    {
      /* Live: arriving packets are tested as they come (wl-window-capture.c). */
      wl_window_live_filter (self, text);
      return;
    }

  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  if (wl_capture_file_get_loading (self->file))
    {
      /* The filter runs over every frame: wait for the first pass to finish. */
      self->pending_filter = g_steal_pointer (&stripped);
      return;
    }
  g_clear_pointer (&self->applied_filter, g_free);
  self->filter_time = 0;
  if (!*stripped)
    {
      guint32 keep = self->selected_frame;
      if (wl_packet_list_model_is_filtered (self->model))
        wl_packet_list_model_set_filtered (self->model, NULL);
      wl_window_reselect (self, keep);
      explain_selected (self);
      wl_window_update_status (self);
      return;
    }
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (stripped, &err);
  if (!df)
    {
      wl_dfilter_error_free (err);
      return; /* the filter bar shows the error */
    }
  FilterJob *job = g_new0 (FilterJob, 1);
  job->df = df;
  job->file = g_object_ref (self->file);
  job->session = wl_capture_file_get_session (self->file);
  job->n = wl_capture_file_get_n_ready (self->file);
  job->start = g_get_monotonic_time ();
  self->applied_filter = g_steal_pointer (&stripped);
  self->filter_cancellable = g_cancellable_new ();
  self->filter_job = job;
  self->is_filtering = TRUE;
  self->progress_id = g_timeout_add (PROGRESS_INTERVAL, filter_progress_tick, self);
  wl_window_update_status (self);

  g_autoptr (GTask) task = g_task_new (NULL, self->filter_cancellable, filter_done, g_object_ref (self));
  g_task_set_task_data (task, job, filter_job_free);
  g_task_run_in_thread (task, filter_thread);
}

static void
on_filter_apply (WlWindow *self, const char *text)
{
  wl_window_apply_filter (self, text);
}

static void
on_filter_changed (WlWindow *self, const char *text)
{
  /* A new filter is being typed: the running one is out of date. */
  if (self->is_filtering)
    {
      wl_window_cancel_filter (self);
      wl_window_update_status (self);
    }
}

void
wl_window_init_filtering (WlWindow *self)
{
  g_signal_connect_swapped (self->filter_bar, "apply", G_CALLBACK (on_filter_apply), self);
  g_signal_connect_swapped (self->filter_bar, "changed", G_CALLBACK (on_filter_changed), self);
}
