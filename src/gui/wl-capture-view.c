/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCaptureView (see wl-capture-view.h). The interface list is read by wirelens-capture -D on
 * a worker thread; the rates come from wirelens-capture -S (wl_capture_monitor_new), which
 * needs the capture privileges: without them the graphs stay empty and the view says why.
 * The capture filter is compiled by wirelens-capture --check-filter (libpcap's pcap_compile
 * on a dead handle), on a worker thread, a moment after the last keystroke. */
#include <string.h>
#include <glib/gi18n.h>
#include "capture-source.h"
#include "wl-capture-view.h"

/* Rate samples kept per interface: one a second, a minute. */
#define HISTORY 60
/* Wait after a keystroke before compiling the capture filter (ms). */
#define CHECK_DELAY 150

typedef struct {
  char *name;
  gboolean is_up;
  GtkWidget *row;
  GtkCheckButton *check;
  GtkWidget *graph;
  GtkLabel *rate_label;
  double rates[HISTORY];       /* oldest first */
  guint n_rates;
  guint64 last_count;
  gboolean have_last;
} IfaceRow;

struct _WlCaptureView
{
  GtkBox parent_instance;

  GtkEntry *filter_entry;
  GtkLabel *filter_error_label;
  GtkListBox *list;
  GtkLabel *status_label;
  GPtrArray *rows;               /* IfaceRow */
  GStrv wanted_selection;        /* to check once the list is read */

  GCancellable *list_cancellable;
  gboolean loading;

  WlCaptureMonitor *monitor;
  gint64 last_round_us;
  guint monitor_free_id;
  gboolean monitor_failed;

  WlCaptureFilterState filter_state;
  char *filter_error;
  guint check_id;
  GCancellable *check_cancellable;
};

G_DEFINE_FINAL_TYPE (WlCaptureView, wl_capture_view, GTK_TYPE_BOX)

static void
iface_row_free (gpointer data)
{
  IfaceRow *r = data;
  g_free (r->name);
  g_free (r);
}

static IfaceRow *
find_row (WlCaptureView *self, const char *name)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      IfaceRow *r = g_ptr_array_index (self->rows, i);
      if (g_str_equal (r->name, name))
        return r;
    }
  return NULL;
}

/* ---- Rate graphs ---- */

static void
draw_graph (GtkDrawingArea *area, cairo_t *cr, int width, int height, gpointer data)
{
  IfaceRow *r = data;
  cairo_set_source_rgba (cr, 0.5, 0.5, 0.5, 0.12);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
  if (r->n_rates < 2)
    return;
  double max = 1;
  for (guint i = 0; i < r->n_rates; i++)
    max = MAX (max, r->rates[i]);
  double step = (double) width / (HISTORY - 1);
  double x0 = width - step * (r->n_rates - 1);
  cairo_set_line_width (cr, 1.5);
  cairo_set_source_rgb (cr, 0.21, 0.52, 0.89);
  for (guint i = 0; i < r->n_rates; i++)
    {
      double x = x0 + step * i;
      double y = height - 1.5 - (height - 3) * r->rates[i] / max;
      if (i == 0)
        cairo_move_to (cr, x, y);
      else
        cairo_line_to (cr, x, y);
    }
  cairo_stroke_preserve (cr);
  cairo_line_to (cr, width, height);
  cairo_line_to (cr, x0, height);
  cairo_close_path (cr);
  cairo_set_source_rgba (cr, 0.21, 0.52, 0.89, 0.25);
  cairo_fill (cr);
}

static void
push_rate (IfaceRow *r, double rate)
{
  if (r->n_rates == HISTORY)
    {
      memmove (r->rates, r->rates + 1, (HISTORY - 1) * sizeof (double));
      r->n_rates--;
    }
  r->rates[r->n_rates++] = rate;
  g_autofree char *text = g_strdup_printf (_("%.0f packets/s"), rate);
  gtk_label_set_text (r->rate_label, text);
  gtk_widget_queue_draw (r->graph);
}

static void stop_monitor (WlCaptureView *self);

static gboolean
free_failed_monitor (gpointer data)
{
  WlCaptureView *self = data;
  self->monitor_free_id = 0;
  g_clear_pointer (&self->monitor, wl_capture_monitor_free);
  return G_SOURCE_REMOVE;
}

static void
on_counts (WlCaptureMonitor *m, const WlCaptureCount *counts, guint n_counts, const GError *error,
           gpointer user_data)
{
  WlCaptureView *self = user_data;
  if (error)
    {
      /* No privilege, most often: the graphs stay empty and the view says what to do. */
      self->monitor_failed = TRUE;
      g_autofree char *text = g_strdup_printf (_("Packet rates are not shown: %s"), error->message);
      gtk_label_set_text (self->status_label, text);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      if (!self->monitor_free_id)
        self->monitor_free_id = g_idle_add (free_failed_monitor, self);
      return;
    }
  gint64 now = g_get_monotonic_time ();
  double dt = self->last_round_us ? (double) (now - self->last_round_us) / G_USEC_PER_SEC : 0;
  self->last_round_us = now;
  for (guint i = 0; i < n_counts; i++)
    {
      IfaceRow *r = find_row (self, counts[i].name);
      if (!r)
        continue;
      if (r->have_last && dt > 0.05)
        push_rate (r, (double) (counts[i].n_packets - MIN (counts[i].n_packets, r->last_count)) / dt);
      r->last_count = counts[i].n_packets;
      r->have_last = TRUE;
    }
}

static void
start_monitor (WlCaptureView *self)
{
  if (self->monitor || self->monitor_failed || self->rows->len == 0 ||
      !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  g_autoptr (GError) error = NULL;
  self->last_round_us = 0;
  for (guint i = 0; i < self->rows->len; i++)
    ((IfaceRow *) g_ptr_array_index (self->rows, i))->have_last = FALSE;
  self->monitor = wl_capture_monitor_new (NULL, on_counts, self, &error);
  if (!self->monitor)
    {
      self->monitor_failed = TRUE;
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
}

static void
stop_monitor (WlCaptureView *self)
{
  g_clear_handle_id (&self->monitor_free_id, g_source_remove);
  g_clear_pointer (&self->monitor, wl_capture_monitor_free);
}

/* ---- The interface list ---- */

static void
on_row_activated (GtkListBox *box, GtkListBoxRow *row, WlCaptureView *self)
{
  /* As in Wireshark: activating an interface captures on it alone. */
  for (guint i = 0; i < self->rows->len; i++)
    {
      IfaceRow *r = g_ptr_array_index (self->rows, i);
      gtk_check_button_set_active (r->check, r->row == GTK_WIDGET (row));
    }
  gtk_widget_activate_action (GTK_WIDGET (self), "win.capture-start", NULL);
}

static char *
describe_addresses (const WlCaptureInterface *iface)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (char **a = iface->addresses; a && *a; a++)
    g_strv_builder_add (b, *a);
  g_auto (GStrv) all = g_strv_builder_end (b);
  return g_strjoinv (", ", all);
}

static IfaceRow *
add_row (WlCaptureView *self, const WlCaptureInterface *iface)
{
  IfaceRow *r = g_new0 (IfaceRow, 1);
  r->name = g_strdup (iface->name);
  r->is_up = iface->is_up;

  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_top (box, 4);
  gtk_widget_set_margin_bottom (box, 4);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  r->check = GTK_CHECK_BUTTON (gtk_check_button_new ());
  g_autofree char *check_label = g_strdup_printf (_("Capture on %s"), iface->name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (r->check), check_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (r->check), GTK_ACCESSIBLE_PROPERTY_LABEL, check_label, -1);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->check));

  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (texts, TRUE);
  GtkWidget *name = gtk_label_new (NULL);
  g_autofree char *markup = iface->description && *iface->description
    ? g_markup_printf_escaped ("<b>%s</b>  <span alpha=\"70%%\">%s</span>", iface->name, iface->description)
    : g_markup_printf_escaped ("<b>%s</b>", iface->name);
  gtk_label_set_markup (GTK_LABEL (name), markup);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (texts), name);
  g_autofree char *addresses = describe_addresses (iface);
  if (*addresses)
    {
      GtkWidget *addr = gtk_label_new (addresses);
      gtk_label_set_xalign (GTK_LABEL (addr), 0);
      gtk_label_set_ellipsize (GTK_LABEL (addr), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (addr, addresses);
      gtk_widget_add_css_class (addr, "dim-label");
      gtk_widget_add_css_class (addr, "caption");
      gtk_box_append (GTK_BOX (texts), addr);
    }
  gtk_box_append (GTK_BOX (box), texts);

  GtkWidget *state = gtk_label_new (iface->is_up ? _("up") : _("down"));
  gtk_label_set_width_chars (GTK_LABEL (state), 5);
  gtk_widget_add_css_class (state, iface->is_up ? "wl-iface-up" : "wl-iface-down");
  gtk_box_append (GTK_BOX (box), state);

  r->graph = gtk_drawing_area_new ();
  gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (r->graph), 140);
  gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (r->graph), 26);
  gtk_widget_set_valign (r->graph, GTK_ALIGN_CENTER);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (r->graph), draw_graph, r, NULL);
  g_autofree char *graph_tip = g_strdup_printf (_("Packets per second on %s over the last minute"), iface->name);
  gtk_widget_set_tooltip_text (r->graph, graph_tip);
  gtk_box_append (GTK_BOX (box), r->graph);

  r->rate_label = GTK_LABEL (gtk_label_new (""));
  gtk_label_set_width_chars (r->rate_label, 14);
  gtk_label_set_xalign (r->rate_label, 1);
  gtk_widget_add_css_class (GTK_WIDGET (r->rate_label), "numeric");
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (r->rate_label));

  if (!iface->is_up)
    gtk_widget_add_css_class (box, "dim-label");
  gtk_list_box_append (self->list, box);
  r->row = gtk_widget_get_parent (box);
  g_ptr_array_add (self->rows, r);
  return r;
}

static void
list_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  GPtrArray *list = wl_capture_list_interfaces (&error);
  if (list)
    g_task_return_pointer (task, list, (GDestroyNotify) g_ptr_array_unref);
  else
    g_task_return_error (task, error);
}

static void
list_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WlCaptureView *self = WL_CAPTURE_VIEW (source);
  g_autoptr (GError) error = NULL;
  g_autoptr (GPtrArray) list = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->loading = FALSE;
  g_clear_object (&self->list_cancellable);
  if (!list)
    {
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
      return;
    }
  for (guint i = 0; i < list->len; i++)
    add_row (self, g_ptr_array_index (list, i));
  if (list->len == 0)
    {
      gtk_label_set_text (self->status_label, _("There are no interfaces on which a capture can be done."));
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
  if (self->wanted_selection)
    {
      g_auto (GStrv) names = g_steal_pointer (&self->wanted_selection);
      wl_capture_view_set_selected (self, (const char *const *) names);
    }
  start_monitor (self);
}

void
wl_capture_view_refresh (WlCaptureView *self)
{
  g_return_if_fail (WL_IS_CAPTURE_VIEW (self));
  if (self->list_cancellable)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  stop_monitor (self);
  if (!self->wanted_selection)
    self->wanted_selection = wl_capture_view_dup_selected (self);
  GtkWidget *child;
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))))
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  self->monitor_failed = FALSE;
  self->loading = TRUE;
  self->list_cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = g_task_new (self, self->list_cancellable, list_done, NULL);
  g_task_run_in_thread (task, list_thread);
}

gboolean
wl_capture_view_is_loading (WlCaptureView *self)
{
  return self->loading;
}

GStrv
wl_capture_view_dup_interfaces (WlCaptureView *self)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (guint i = 0; i < self->rows->len; i++)
    g_strv_builder_add (b, ((IfaceRow *) g_ptr_array_index (self->rows, i))->name);
  return g_strv_builder_end (b);
}

GStrv
wl_capture_view_dup_selected (WlCaptureView *self)
{
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (guint i = 0; i < self->rows->len; i++)
    {
      IfaceRow *r = g_ptr_array_index (self->rows, i);
      if (gtk_check_button_get_active (r->check))
        g_strv_builder_add (b, r->name);
    }
  return g_strv_builder_end (b);
}

void
wl_capture_view_set_selected (WlCaptureView *self, const char *const *names)
{
  g_return_if_fail (WL_IS_CAPTURE_VIEW (self));
  if (self->loading)
    {
      g_strfreev (self->wanted_selection);
      self->wanted_selection = g_strdupv ((char **) names);
      return;
    }
  for (guint i = 0; i < self->rows->len; i++)
    {
      IfaceRow *r = g_ptr_array_index (self->rows, i);
      gtk_check_button_set_active (r->check, names && g_strv_contains (names, r->name));
    }
}

double
wl_capture_view_get_rate (WlCaptureView *self, const char *name)
{
  IfaceRow *r = find_row (self, name);
  return r && r->n_rates ? r->rates[r->n_rates - 1] : -1;
}

/* ---- The capture filter ---- */

static void
set_filter_state (WlCaptureView *self, WlCaptureFilterState state, const char *error)
{
  GtkWidget *entry = GTK_WIDGET (self->filter_entry);
  self->filter_state = state;
  g_free (self->filter_error);
  self->filter_error = g_strdup (error);
  gtk_widget_remove_css_class (entry, "valid");
  gtk_widget_remove_css_class (entry, "invalid");
  if (state == WL_CAPTURE_FILTER_VALID)
    gtk_widget_add_css_class (entry, "valid");
  else if (state == WL_CAPTURE_FILTER_INVALID)
    gtk_widget_add_css_class (entry, "invalid");
  gtk_label_set_text (self->filter_error_label, error ? error : "");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), error != NULL);
}

static void
check_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (wl_capture_check_filter (task_data, WL_LINKTYPE_ETHERNET, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static void
check_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WlCaptureView *self = WL_CAPTURE_VIEW (source);
  GTask *task = G_TASK (result);
  g_autoptr (GError) error = NULL;
  gboolean cancelled = g_task_get_cancellable (task) != self->check_cancellable;
  gboolean ok = g_task_propagate_boolean (task, &error);
  if (cancelled)
    return;
  g_clear_object (&self->check_cancellable);
  if (ok)
    set_filter_state (self, WL_CAPTURE_FILTER_VALID, NULL);
  else if (g_error_matches (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_INVALID_FILTER))
    set_filter_state (self, WL_CAPTURE_FILTER_INVALID, error->message);
  else
    {
      /* The helper could not say (not found): the capture will tell. */
      set_filter_state (self, WL_CAPTURE_FILTER_EMPTY, NULL);
      gtk_label_set_text (self->status_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->status_label), TRUE);
    }
}

static gboolean
check_now (gpointer data)
{
  WlCaptureView *self = data;
  self->check_id = 0;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  self->check_cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = g_task_new (self, self->check_cancellable, check_done, NULL);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, check_thread);
  return G_SOURCE_REMOVE;
}

static void
on_filter_changed (WlCaptureView *self)
{
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->filter_entry))));
  if (!*text)
    {
      set_filter_state (self, WL_CAPTURE_FILTER_EMPTY, NULL);
      return;
    }
  set_filter_state (self, WL_CAPTURE_FILTER_CHECKING, NULL);
  self->check_id = g_timeout_add (CHECK_DELAY, check_now, self);
}

static void
on_filter_activate (WlCaptureView *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.capture-start", NULL);
}

const char *
wl_capture_view_get_filter (WlCaptureView *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
}

void
wl_capture_view_set_filter (WlCaptureView *self, const char *filter)
{
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), filter ? filter : "");
}

WlCaptureFilterState
wl_capture_view_get_filter_state (WlCaptureView *self)
{
  return self->filter_state;
}

const char *
wl_capture_view_get_filter_error (WlCaptureView *self)
{
  return self->filter_state == WL_CAPTURE_FILTER_INVALID ? self->filter_error : NULL;
}

/* ---- Object ---- */

static void
on_map (WlCaptureView *self)
{
  if (self->rows->len == 0 && !self->loading)
    wl_capture_view_refresh (self);
  else
    start_monitor (self);
}

static void
on_unmap (WlCaptureView *self)
{
  /* Counting costs the helper a capture: only while the graphs are seen. */
  stop_monitor (self);
}

static void
wl_capture_view_dispose (GObject *object)
{
  WlCaptureView *self = WL_CAPTURE_VIEW (object);
  stop_monitor (self);
  g_clear_handle_id (&self->check_id, g_source_remove);
  if (self->check_cancellable)
    g_cancellable_cancel (self->check_cancellable);
  g_clear_object (&self->check_cancellable);
  if (self->list_cancellable)
    g_cancellable_cancel (self->list_cancellable);
  g_clear_object (&self->list_cancellable);
  G_OBJECT_CLASS (wl_capture_view_parent_class)->dispose (object);
}

static void
wl_capture_view_finalize (GObject *object)
{
  WlCaptureView *self = WL_CAPTURE_VIEW (object);
  g_ptr_array_unref (self->rows);
  g_strfreev (self->wanted_selection);
  g_free (self->filter_error);
  G_OBJECT_CLASS (wl_capture_view_parent_class)->finalize (object);
}

static void
wl_capture_view_class_init (WlCaptureViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  object_class->dispose = wl_capture_view_dispose;
  object_class->finalize = wl_capture_view_finalize;
  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "wlcaptureview");
}

static void
wl_capture_view_init (WlCaptureView *self)
{
  GtkBox *box = GTK_BOX (self);
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (box, 6);
  self->rows = g_ptr_array_new_with_free_func (iface_row_free);

  GtkWidget *heading = gtk_label_new (_("Capture"));
  gtk_widget_add_css_class (heading, "title-4");
  gtk_label_set_xalign (GTK_LABEL (heading), 0);
  gtk_box_append (box, heading);

  GtkWidget *filter_row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *filter_label = gtk_label_new_with_mnemonic (_("Capture _filter:"));
  gtk_box_append (GTK_BOX (filter_row), filter_label);
  self->filter_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->filter_entry), TRUE);
  gtk_entry_set_placeholder_text (self->filter_entry, _("BPF capture filter, e.g. tcp port 80 or udp port 53"));
  gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "wl-filter-entry");
  gtk_widget_add_css_class (GTK_WIDGET (self->filter_entry), "monospace");
  gtk_label_set_mnemonic_widget (GTK_LABEL (filter_label), GTK_WIDGET (self->filter_entry));
  gtk_box_append (GTK_BOX (filter_row), GTK_WIDGET (self->filter_entry));
  gtk_box_append (box, filter_row);
  g_signal_connect_swapped (self->filter_entry, "changed", G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->filter_entry, "activate", G_CALLBACK (on_filter_activate), self);

  self->filter_error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->filter_error_label, 0);
  gtk_label_set_wrap (self->filter_error_label, TRUE);
  gtk_label_set_selectable (self->filter_error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->filter_error_label), "wl-filter-error");
  gtk_widget_set_visible (GTK_WIDGET (self->filter_error_label), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->filter_error_label));

  GtkWidget *scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 340);
  gtk_scrolled_window_set_has_frame (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_widget_set_vexpand (scroller, TRUE);
  self->list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->list, GTK_SELECTION_NONE);
  gtk_list_box_set_activate_on_single_click (self->list, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL, _("Interfaces"), -1);
  g_signal_connect (self->list, "row-activated", G_CALLBACK (on_row_activated), self);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->list));
  gtk_box_append (box, scroller);

  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_label_set_selectable (self->status_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->status_label), FALSE);
  gtk_box_append (box, GTK_WIDGET (self->status_label));

  GtkWidget *hint = gtk_label_new (_("Check one or more interfaces and press Start (Ctrl+E), or double-click one."));
  gtk_label_set_xalign (GTK_LABEL (hint), 0);
  gtk_label_set_wrap (GTK_LABEL (hint), TRUE);
  gtk_widget_add_css_class (hint, "dim-label");
  gtk_box_append (box, hint);

  g_signal_connect (self, "map", G_CALLBACK (on_map), NULL);
  g_signal_connect (self, "unmap", G_CALLBACK (on_unmap), NULL);
}

GtkWidget *
wl_capture_view_new (void)
{
  return g_object_new (WL_TYPE_CAPTURE_VIEW, NULL);
}
