/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The window's live capture (issue 5): start (Ctrl+E), stop (Ctrl+E again), restart (Ctrl+R)
 * and Capture ▸ Options…; the packet list growing with each batch and following the newest
 * packet unless the user scrolled away; the display filter applied to arriving packets; the
 * status bar's counts; and the unsaved capture that closing the window asks about.
 *
 * Threads: the capture source's consumer (temporary file, store, first pass) runs on this
 * main thread in short turns and calls back here; nothing here runs elsewhere. While the
 * capture runs, only this thread may dissect (the first pass writes the session's state), so
 * the display filter tests arriving packets in the packet callback and catches up on the
 * earlier ones in idle turns here, not on worker threads. */
#include <glib/gi18n.h>
#include "dfilter.h"
#include "wl-window-private.h"

/* The status bar's counts change at most this often while capturing (ms). */
#define STATUS_INTERVAL_MS 200

/* Time an idle turn of the display filter's catching up may take (µs). */
#define SCAN_BUDGET_US 15000

enum {
  AFTER_NOTHING,
  AFTER_CLOSE,
  AFTER_START,
};

static void start_capture_now (WlWindow *self);
static void ask_unsaved (WlWindow *self, int after);

gboolean
wl_window_is_capturing (WlWindow *self)
{
  return self->file && wl_capture_file_is_live (self->file) && wl_capture_file_get_loading (self->file);
}

static WlCaptureSource *
live_source (WlWindow *self)
{
  return self->file ? wl_capture_file_get_source (self->file) : NULL;
}

static char *
format_count (guint64 n)
{
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

static char *
describe_interfaces (WlWindow *self)
{
  return self->capture_ifaces ? g_strjoinv (", ", self->capture_ifaces) : g_strdup ("");
}

/* ---- Status and titles ---- */

static guint64
kernel_drops (WlCaptureSource *src)
{
  guint64 kernel = 0;
  for (guint i = 0; i < wl_capture_source_get_n_interfaces (src); i++)
    {
      WlCaptureInterfaceStats is;
      if (wl_capture_source_get_interface_stats (src, i, &is))
        kernel += is.n_kernel_dropped + is.n_if_dropped;
    }
  return kernel;
}

char *
wl_window_describe_drops (WlWindow *self)
{
  WlCaptureSource *src = live_source (self);
  if (!src)
    return g_strdup ("");
  WlCaptureStats st;
  wl_capture_source_get_stats (src, &st);
  guint64 kernel = kernel_drops (src);
  g_autofree char *dropped = format_count (kernel + st.n_ring_dropped);
  g_autofree char *kernel_s = format_count (kernel);
  g_autofree char *ring_s = format_count (st.n_ring_dropped);
  /* Kernel: the socket buffer was full; Wirelens: the ring was, the window falling behind. */
  return g_strdup_printf (_("Dropped: %s (kernel %s, Wirelens %s)"), dropped, kernel_s, ring_s);
}

static gboolean
status_later (gpointer data)
{
  WlWindow *self = data;
  self->live_status_id = 0;
  wl_window_update_capture_status (self);
  return G_SOURCE_REMOVE;
}

void
wl_window_update_capture_status (WlWindow *self)
{
  WlCaptureSource *src = live_source (self);
  if (!src)
    return;
  /* Asked several times a batch (the list, the selection, the counts): the labels change,
   * and the window is laid out again, at most every STATUS_INTERVAL_MS. */
  gint64 now = g_get_monotonic_time ();
  if (self->live_status_id)
    return;
  if (now - self->live_status_us < (gint64) STATUS_INTERVAL_MS * 1000)
    {
      self->live_status_id = g_timeout_add (STATUS_INTERVAL_MS, status_later, self);
      return;
    }
  self->live_status_us = now;
  WlCaptureStats st;
  wl_capture_source_get_stats (src, &st);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  /* Received: what reached Wirelens from the helper, kept or dropped by the ring. */
  g_autofree char *received = format_count (st.n_stored + st.n_ring_dropped);
  g_autofree char *displayed = format_count (shown);
  g_autofree char *drops = wl_window_describe_drops (self);
  g_autofree char *counts = g_strdup_printf (_("Received: %s · Displayed: %s · %s"), received, displayed, drops);
  gtk_label_set_text (self->status_counts, counts);
  g_autofree char *ifaces = describe_interfaces (self);
  g_autofree char *what = g_strdup_printf (_("Capturing on %s"), ifaces);
  gtk_label_set_text (self->status_file, what);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  double secs = (double) (g_get_monotonic_time () - self->capture_start_us) / G_USEC_PER_SEC;
  g_autofree char *elapsed = g_strdup_printf (_("%.0f s"), secs);
  gtk_label_set_text (self->status_time, elapsed);
}

static void
set_titles (WlWindow *self)
{
  g_autofree char *ifaces = describe_interfaces (self);
  g_autofree char *name = g_strdup_printf (_("Capture on %s"), ifaces);
  const char *sub = wl_window_is_capturing (self) ? _("capturing…") : _("not saved");
  g_autofree char *title = g_strdup_printf (_("%s — Wirelens"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->subtitle_label, sub);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), TRUE);
}

static void
update_capture_actions (WlWindow *self)
{
  gboolean running = wl_window_is_capturing (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture-stop", running);
}

/* ---- Following the newest packet ---- */

static gboolean
at_bottom (GtkAdjustment *adj)
{
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  /* within about two rows of the end */
  return gtk_adjustment_get_value (adj) + page >= upper - 60;
}

static void
scroll_to_newest (WlWindow *self)
{
  GtkAdjustment *adj = self->live_vadj;
  if (!adj || !self->follow_newest || !wl_window_is_capturing (self))
    return;
  double target = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);
  if (target <= gtk_adjustment_get_value (adj))
    return;
  self->live_scrolling = TRUE;
  gtk_adjustment_set_value (adj, target);
  self->live_scrolling = FALSE;
}

static gboolean
scroll_idle (gpointer data)
{
  WlWindow *self = data;
  self->live_scroll_id = 0;
  scroll_to_newest (self);
  return G_SOURCE_REMOVE;
}

static void
on_vadj_changed (GtkAdjustment *adj, WlWindow *self)
{
  /* The list grew (its height is known once laid out): show its end, once this layout is
   * over (a scroll asked for while the list is being allocated does not move it). */
  if (self->follow_newest && wl_window_is_capturing (self) && !self->live_scroll_id)
    self->live_scroll_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE + 30, scroll_idle, self, NULL);
}

static void
on_vadj_value_changed (GtkAdjustment *adj, WlWindow *self)
{
  /* Ours, or the list's own while it lays out new rows (a scroll to the end is due). */
  if (self->live_scrolling || self->live_scroll_id || !wl_window_is_capturing (self))
    return;
  /* The user scrolled: away from the end stops following, back to it follows again. */
  self->follow_newest = at_bottom (adj);
}

static void
watch_scrolling (WlWindow *self)
{
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->packet_view));
  if (adj == self->live_vadj)
    return;
  if (self->live_vadj)
    g_signal_handlers_disconnect_by_data (self->live_vadj, self);
  g_set_object (&self->live_vadj, adj);
  if (adj)
    {
      g_signal_connect (adj, "changed", G_CALLBACK (on_vadj_changed), self);
      g_signal_connect (adj, "value-changed", G_CALLBACK (on_vadj_value_changed), self);
    }
}

/* ---- The display filter on arriving packets ---- */

static void
set_wanted (WlWindow *self, guint8 *wanted /* transfer full */)
{
  /* The source reads the options at each packet: the new set takes effect at the next. */
  g_free (self->capture_wanted);
  self->capture_wanted = wanted;
  self->capture_dopts.wanted = wanted;
}

static void
flush_matches (WlWindow *self)
{
  if (self->live_matches->len && self->live_df && wl_packet_list_model_is_filtered (self->model))
    wl_packet_list_model_append_filtered (self->model, (const guint32 *) (gpointer) self->live_matches->data,
                                          self->live_matches->len);
  g_array_set_size (self->live_matches, 0);
}

/* Tests the frames captured before the filter was applied, a slice per idle turn; arriving
 * packets are tested as they come once this has caught up. */
static gboolean
live_scan_tick (gpointer data)
{
  WlWindow *self = data;
  if (!self->file || !self->live_df)
    {
      self->live_scan_id = 0;
      return G_SOURCE_REMOVE;
    }
  gint64 deadline = g_get_monotonic_time () + SCAN_BUDGET_US;
  guint32 ready = wl_capture_file_get_n_ready (self->file);
  WlDissectOptions opts = { .full = FALSE, .wanted = self->capture_wanted, .columns = FALSE };
  while (self->live_scanned < ready)
    {
      guint32 n = ++self->live_scanned;
      wl_capture_file_dissect (self->file, n, &opts, &self->live_packet, self->live_arena);
      if (wl_dfilter_apply (self->live_df, &self->live_packet))
        g_array_append_val (self->live_matches, n);
      if ((n & 63) == 0 && g_get_monotonic_time () > deadline)
        break;
    }
  flush_matches (self);
  wl_window_update_status (self);
  if (self->live_scanned < ready)
    return G_SOURCE_CONTINUE;
  self->live_scan_id = 0;
  return G_SOURCE_REMOVE;
}

static void
clear_live_filter (WlWindow *self)
{
  g_clear_handle_id (&self->live_scan_id, g_source_remove);
  g_clear_pointer (&self->live_df, wl_dfilter_free);
  if (self->live_matches)
    g_array_set_size (self->live_matches, 0);
  self->live_scanned = 0;
}

void
wl_window_live_filter (WlWindow *self, const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text ? text : ""));
  guint32 keep = self->selected_frame;
  g_clear_pointer (&self->applied_filter, g_free);
  self->filter_time = 0;
  clear_live_filter (self);
  guint8 *wanted = wl_field_set_new ();
  if (!*stripped)
    {
      set_wanted (self, wanted);
      if (wl_packet_list_model_is_filtered (self->model))
        wl_packet_list_model_set_filtered (self->model, NULL);
      wl_window_reselect (self, keep);
      wl_window_update_status (self);
      return;
    }
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (stripped, &err);
  if (!df)
    {
      g_free (wanted);
      wl_dfilter_error_free (err);
      return; /* the filter bar shows the error */
    }
  wl_dfilter_add_wanted (df, wanted);
  set_wanted (self, wanted);
  self->live_df = df;
  self->applied_filter = g_steal_pointer (&stripped);
  wl_packet_list_model_set_filtered (self->model, g_array_new (FALSE, FALSE, sizeof (guint32)));
  wl_window_reselect (self, keep);
  self->live_scan_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, live_scan_tick, self, NULL);
  wl_window_update_status (self);
}

/* ---- The capture source's callbacks ---- */

static void
on_capture_packet (WlCaptureSource *src, const WlPacket *p, gpointer user_data)
{
  WlWindow *self = user_data;
  /* In order, once the catching up is over: the packet was dissected with the filter's
   * fields (capture_dopts). */
  if (!self->live_df || self->live_scan_id || p->number != self->live_scanned + 1)
    return;
  self->live_scanned = p->number;
  if (wl_dfilter_apply (self->live_df, p))
    g_array_append_val (self->live_matches, p->number);
}

static void
on_capture_batch (WlCaptureSource *src, guint32 first, guint32 last, gpointer user_data)
{
  WlWindow *self = user_data;
  /* The empty first batch says the helper has its devices open: the session exists. */
  wl_capture_file_live_update (self->file, last >= first ? last : 0);
  if (last >= first)
    {
      flush_matches (self);
      scroll_to_newest (self);
    }
  wl_window_update_status (self);
}

static void
on_capture_done (WlCaptureSource *src, const GError *error, gpointer user_data)
{
  WlWindow *self = user_data;
  WlCaptureFile *file = self->file;
  wl_capture_file_live_finish (file);
  flush_matches (self);
  update_capture_actions (self);
  self->follow_newest = FALSE;

  if (self->restart_pending)
    {
      /* Restart: this capture is discarded and the same one begins again. */
      self->restart_pending = FALSE;
      wl_window_close_file (self);
      start_capture_now (self);
      return;
    }
  int after = self->after_stop;
  self->after_stop = AFTER_NOTHING;
  if (error)
    wl_window_show_message (self, error->message);
  if (wl_capture_file_get_n_frames (file) == 0)
    {
      /* Nothing was captured: back to the start page, which takes the next capture. */
      wl_window_close_file (self);
      if (!error)
        wl_window_show_message (self, _("No packet was captured."));
      if (after == AFTER_CLOSE)
        gtk_window_destroy (GTK_WINDOW (self));
      else if (after == AFTER_START)
        start_capture_now (self);
      return;
    }
  set_titles (self);
  /* The filter's catching up did not finish: the ordinary filtering does it now. */
  if (self->live_df && self->live_scanned < wl_capture_file_get_n_ready (file))
    {
      g_autofree char *text = g_strdup (self->applied_filter);
      clear_live_filter (self);
      wl_window_apply_filter (self, text);
    }
  else
    clear_live_filter (self);
  wl_window_update_status (self);
  if (after != AFTER_NOTHING)
    {
      /* "Save" was chosen while the capture ran: now that it is stopped, where to. */
      self->after_save = after;
      gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
    }
}

/* ---- Starting and stopping ---- */

static void
start_capture_now (WlWindow *self)
{
  g_auto (GStrv) names = wl_capture_view_dup_selected (self->capture_view);
  if (!names[0] && self->capture_ifaces)
    {
      /* Restart, or Start after a capture: the interfaces of the one before. */
      g_strfreev (names);
      names = g_strdupv (self->capture_ifaces);
    }
  if (!names[0])
    {
      wl_window_show_message (self, _("Choose one or more interfaces to capture on (Capture ▸ Options…)."));
      return;
    }
  if (wl_capture_view_get_filter_state (self->capture_view) == WL_CAPTURE_FILTER_INVALID)
    {
      g_autofree char *msg = g_strdup_printf (_("The capture filter is not valid: %s"),
                                              wl_capture_view_get_filter_error (self->capture_view));
      wl_window_show_message (self, msg);
      return;
    }
  if (self->file)
    wl_window_close_file (self);
  if (self->capture_options)
    gtk_window_close (self->capture_options);

  g_strfreev (self->capture_ifaces);
  self->capture_ifaces = g_strdupv (names);
  g_autofree char *filter = g_strstrip (g_strdup (wl_capture_view_get_filter (self->capture_view)));
  WlCaptureOptions opts = { 0 };
  opts.interfaces = (const char *const *) names;
  opts.filter = *filter ? filter : NULL;
  WlCaptureSource *src = wl_capture_source_new (&opts);
  set_wanted (self, wl_field_set_new ());
  self->capture_dopts = (WlDissectOptions) { .full = FALSE, .wanted = self->capture_wanted, .columns = FALSE };
  wl_capture_source_set_dissect_options (src, &self->capture_dopts);
  wl_capture_source_set_callbacks (src, on_capture_packet, on_capture_batch, on_capture_done, self);

  WlCaptureFile *file = wl_capture_file_new_live (src);
  wl_window_attach_file (self, file);
  g_object_unref (file);
  wl_window_show_message (self, NULL);
  self->capture_start_us = g_get_monotonic_time ();
  self->follow_newest = TRUE;
  watch_scrolling (self);

  g_autoptr (GError) error = NULL;
  if (!wl_capture_source_start (src, &error))
    {
      wl_window_close_file (self);
      wl_window_show_message (self, error->message);
      return;
    }
  set_titles (self);
  update_capture_actions (self);
  /* The display filter in the bar applies to the capture from its first packet. */
  const char *text = wl_filter_bar_get_text (self->filter_bar);
  if (text && *text && wl_filter_bar_get_state (self->filter_bar) == WL_FILTER_STATE_VALID)
    wl_window_live_filter (self, text);
  wl_window_update_status (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->packet_view));
}

void
wl_window_start_capture (WlWindow *self)
{
  if (wl_window_is_capturing (self))
    return;
  if (self->file && wl_capture_file_is_unsaved (self->file))
    {
      ask_unsaved (self, AFTER_START);
      return;
    }
  start_capture_now (self);
}

void
wl_window_stop_capture (WlWindow *self)
{
  WlCaptureSource *src = live_source (self);
  if (src && wl_window_is_capturing (self))
    wl_capture_source_stop (src);
}

/* Called by wl_window_close_file(): the capture goes with the file. */
void
wl_window_capture_closed (WlWindow *self)
{
  clear_live_filter (self);
  g_clear_handle_id (&self->live_status_id, g_source_remove);
  self->follow_newest = FALSE;
  WlCaptureSource *src = live_source (self);
  if (src)
    {
      /* Freed with the file; no callback may come here any more. */
      wl_capture_source_set_callbacks (src, NULL, NULL, NULL, NULL);
      wl_capture_source_stop (src);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture-stop", FALSE);
}

/* ---- Saving ---- */

static void
save_to_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WlWindow) self = user_data;
  WlCaptureFile *file = WL_CAPTURE_FILE (source);
  g_autoptr (GError) error = NULL;
  gboolean ok = wl_capture_file_save_finish (file, result, &error);
  int after = self->after_save;
  self->after_save = AFTER_NOTHING;
  if (!ok)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        wl_window_show_message (self, error->message);
      return;
    }
  wl_window_show_message (self, NULL);
  const char *path = g_object_get_data (G_OBJECT (file), "wl-saving-all");
  if (path && file == self->file)
    {
      /* Every packet is in that file now: it is the capture's name. */
      g_autoptr (GFile) saved = g_file_new_for_path (path);
      wl_capture_file_set_saved (file, saved);
      g_autofree char *name = g_file_get_basename (saved);
      g_autoptr (GFile) parent = g_file_get_parent (saved);
      g_autofree char *dir = parent ? g_file_get_parse_name (parent) : NULL;
      g_autofree char *title = g_strdup_printf (_("%s — Wirelens"), name);
      gtk_window_set_title (GTK_WINDOW (self), title);
      gtk_label_set_text (self->title_label, name);
      gtk_label_set_text (self->subtitle_label, dir ? dir : "");
      g_autofree char *uri = g_file_get_uri (saved);
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
      wl_window_update_status (self);
    }
  g_object_set_data (G_OBJECT (file), "wl-saving-all", NULL);
  if (file != self->file)
    return;
  if (after == AFTER_CLOSE)
    gtk_window_destroy (GTK_WINDOW (self));
  else if (after == AFTER_START)
    start_capture_now (self);
}

void
wl_window_save_to (WlWindow *self, const char *path, WlFileFormat format, GArray *frames)
{
  g_return_if_fail (self->file && !wl_capture_file_get_loading (self->file));
  g_object_set_data_full (G_OBJECT (self->file), "wl-saving-all", frames ? NULL : g_strdup (path), g_free);
  wl_capture_file_save_async (self->file, path, format, frames, self->cancellable, save_to_done,
                              g_object_ref (self));
}

void
wl_window_save_cancelled (WlWindow *self)
{
  self->after_save = AFTER_NOTHING;
}

/* ---- Unsaved capture: Save, Discard or Cancel ---- */

static void
unsaved_answer (WlWindow *self, int response)
{
  int after = self->unsaved_after;
  if (self->unsaved_dialog)
    gtk_window_destroy (self->unsaved_dialog);
  g_clear_object (&self->unsaved_dialog);
  if (response == WL_UNSAVED_CANCEL)
    return;
  if (response == WL_UNSAVED_DISCARD)
    {
      if (after == AFTER_CLOSE)
        {
          self->close_confirmed = TRUE;
          gtk_window_destroy (GTK_WINDOW (self));
        }
      else
        {
          wl_window_close_file (self);
          start_capture_now (self);
        }
      return;
    }
  /* Save: once stopped, the Save As dialog (pcapng or pcap); then close or start. */
  if (wl_window_is_capturing (self))
    {
      self->after_stop = after;
      wl_window_stop_capture (self);
      return;
    }
  self->after_save = after;
  gtk_widget_activate_action (GTK_WIDGET (self), "win.save-as", NULL);
}

void
wl_window_answer_unsaved (WlWindow *self, int response)
{
  unsaved_answer (self, response);
}

static void
on_unsaved_button (GtkButton *button, WlWindow *self)
{
  unsaved_answer (self, GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "wl-response")));
}

static gboolean
on_unsaved_close_request (GtkWindow *dialog, WlWindow *self)
{
  unsaved_answer (self, WL_UNSAVED_CANCEL);
  return TRUE;
}

static GtkWidget *
dialog_button (WlWindow *self, const char *label, int response)
{
  GtkWidget *b = gtk_button_new_with_mnemonic (label);
  g_object_set_data (G_OBJECT (b), "wl-response", GINT_TO_POINTER (response));
  g_signal_connect (b, "clicked", G_CALLBACK (on_unsaved_button), self);
  return b;
}

static void
ask_unsaved (WlWindow *self, int after)
{
  if (self->unsaved_dialog)
    {
      gtk_window_present (self->unsaved_dialog);
      return;
    }
  if (!wl_window_is_capturing (self) && !(self->file && wl_capture_file_is_unsaved (self->file)))
    {
      /* Saved meanwhile. */
      if (after == AFTER_CLOSE)
        gtk_window_destroy (GTK_WINDOW (self));
      else if (after == AFTER_START)
        start_capture_now (self);
      return;
    }
  self->unsaved_after = after;
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
  self->unsaved_dialog = g_object_ref_sink (dialog);
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_resizable (dialog, FALSE);
  gtk_window_set_title (dialog, _("Unsaved Capture"));
  g_signal_connect (dialog, "close-request", G_CALLBACK (on_unsaved_close_request), self);

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 18);
  gtk_widget_set_margin_end (box, 18);
  GtkWidget *heading = gtk_label_new (_("Save the captured packets?"));
  gtk_widget_add_css_class (heading, "title-3");
  gtk_box_append (GTK_BOX (box), heading);
  guint32 n = wl_capture_file_get_n_frames (self->file);
  g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                        "The capture holds %u packet that is in no file yet. Without saving, it is lost.",
                                                        "The capture holds %u packets that are in no file yet. Without saving, they are lost.", n), n);
  GtkWidget *label = gtk_label_new (text);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 50);
  gtk_box_append (GTK_BOX (box), label);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), dialog_button (self, _("_Cancel"), WL_UNSAVED_CANCEL));
  GtkWidget *discard = dialog_button (self, _("_Discard"), WL_UNSAVED_DISCARD);
  gtk_widget_add_css_class (discard, "destructive-action");
  gtk_box_append (GTK_BOX (buttons), discard);
  GtkWidget *save = dialog_button (self, _("_Save…"), WL_UNSAVED_SAVE);
  gtk_widget_add_css_class (save, "suggested-action");
  gtk_box_append (GTK_BOX (buttons), save);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (dialog, box);
  gtk_window_set_default_widget (dialog, save);
  gtk_window_present (dialog);
}

static gboolean
on_close_request (GtkWindow *window, gpointer user_data)
{
  WlWindow *self = WL_WINDOW (window);
  if (self->close_confirmed || !self->file)
    return FALSE;
  if (!wl_window_is_capturing (self) && !wl_capture_file_is_unsaved (self->file))
    return FALSE;
  ask_unsaved (self, AFTER_CLOSE);
  return TRUE;
}

/* ---- Capture ▸ Options… ---- */

static void
options_put_back (WlWindow *self)
{
  GtkWidget *view = GTK_WIDGET (self->capture_view);
  if (gtk_widget_get_parent (view) == GTK_WIDGET (self->capture_box))
    return;
  g_object_ref (view);
  GtkWidget *parent = gtk_widget_get_parent (view);
  if (parent)
    gtk_box_remove (GTK_BOX (parent), view);
  gtk_box_append (self->capture_box, view);
  g_object_unref (view);
}

static gboolean
on_options_close_request (GtkWindow *dialog, WlWindow *self)
{
  options_put_back (self);
  self->capture_options = NULL;
  return FALSE;
}

static void
on_options_start (GtkButton *button, WlWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.capture-start", NULL);
}

static void
action_capture_options (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  if (self->capture_options)
    {
      gtk_window_present (self->capture_options);
      return;
    }
  GtkWindow *dialog = GTK_WINDOW (gtk_window_new ());
  self->capture_options = dialog;
  gtk_window_set_transient_for (dialog, GTK_WINDOW (self));
  gtk_window_set_modal (dialog, TRUE);
  gtk_window_set_title (dialog, _("Capture Options"));
  gtk_window_set_default_size (dialog, 760, 480);
  gtk_window_set_destroy_with_parent (dialog, TRUE);
  g_signal_connect (dialog, "close-request", G_CALLBACK (on_options_close_request), self);

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  /* The window's own view moves here while the dialog is open: one set of choices. */
  GtkWidget *view = GTK_WIDGET (self->capture_view);
  g_object_ref (view);
  gtk_box_remove (self->capture_box, view);
  gtk_box_append (GTK_BOX (box), view);
  g_object_unref (view);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_set_halign (buttons, GTK_ALIGN_END);
  GtkWidget *close = gtk_button_new_with_mnemonic (_("_Close"));
  g_signal_connect_swapped (close, "clicked", G_CALLBACK (gtk_window_close), dialog);
  gtk_box_append (GTK_BOX (buttons), close);
  GtkWidget *start = gtk_button_new_with_mnemonic (_("_Start"));
  gtk_widget_add_css_class (start, "suggested-action");
  g_signal_connect (start, "clicked", G_CALLBACK (on_options_start), self);
  gtk_box_append (GTK_BOX (buttons), start);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_window_set_child (dialog, box);
  gtk_window_present (dialog);
}

/* ---- Actions ---- */

static void
action_capture_start (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  /* Ctrl+E starts, and stops a running capture, as in Wireshark. */
  if (wl_window_is_capturing (self))
    wl_window_stop_capture (self);
  else
    wl_window_start_capture (self);
}

static void
action_capture_stop (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_window_stop_capture (WL_WINDOW (widget));
}

static void
action_capture_restart (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  if (wl_window_is_capturing (self))
    {
      self->restart_pending = TRUE;
      wl_window_stop_capture (self);
    }
  else
    wl_window_start_capture (self);
}

static void
action_capture_refresh (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_capture_view_refresh (WL_WINDOW (widget)->capture_view);
}

void
wl_window_class_add_capture_actions (GtkWidgetClass *widget_class)
{
  g_type_ensure (WL_TYPE_CAPTURE_VIEW);
  gtk_widget_class_install_action (widget_class, "win.capture-start", NULL, action_capture_start);
  gtk_widget_class_install_action (widget_class, "win.capture-stop", NULL, action_capture_stop);
  gtk_widget_class_install_action (widget_class, "win.capture-restart", NULL, action_capture_restart);
  gtk_widget_class_install_action (widget_class, "win.capture-options", NULL, action_capture_options);
  gtk_widget_class_install_action (widget_class, "win.capture-refresh", NULL, action_capture_refresh);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_e, GDK_CONTROL_MASK, "win.capture-start", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK, "win.capture-restart", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_k, GDK_CONTROL_MASK, "win.capture-options", NULL);
}

void
wl_window_init_capture (WlWindow *self)
{
  self->capture_view = WL_CAPTURE_VIEW (wl_capture_view_new ());
  gtk_box_append (self->capture_box, GTK_WIDGET (self->capture_view));
  self->live_matches = g_array_new (FALSE, FALSE, sizeof (guint32));
  self->live_arena = wl_arena_new ();
  g_signal_connect (self, "close-request", G_CALLBACK (on_close_request), NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.capture-stop", FALSE);
}

void
wl_window_dispose_capture (WlWindow *self)
{
  clear_live_filter (self);
  if (self->unsaved_dialog)
    gtk_window_destroy (self->unsaved_dialog);
  g_clear_object (&self->unsaved_dialog);
  if (self->capture_options)
    {
      options_put_back (self);
      GtkWindow *dialog = self->capture_options;
      self->capture_options = NULL;
      gtk_window_destroy (dialog);
    }
  if (self->live_vadj)
    g_signal_handlers_disconnect_by_data (self->live_vadj, self);
  g_clear_object (&self->live_vadj);
  g_clear_handle_id (&self->live_scroll_id, g_source_remove);
  g_clear_handle_id (&self->live_status_id, g_source_remove);
}

void
wl_window_finalize_capture (WlWindow *self)
{
  g_clear_pointer (&self->live_matches, g_array_unref);
  wl_packet_clear (&self->live_packet);
  g_clear_pointer (&self->live_arena, wl_arena_free);
  g_free (self->capture_wanted);
  g_strfreev (self->capture_ifaces);
}
