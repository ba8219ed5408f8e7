/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlWindow (see wl-window.h): wires the capture file, the packet list model and the views
 * together; loading and filtering run on worker threads and report back through the main
 * loop. The window's actions live in wl-window-actions.c. */
#include <glib/gi18n.h>
#include "wl-cell.h"
#include "wl-window-private.h"

G_DEFINE_FINAL_TYPE (WlWindow, wl_window, GTK_TYPE_APPLICATION_WINDOW)

static const char *const builtin_titles[WL_N_COLS] = {
  N_("No."), N_("Time"), N_("Source"), N_("Destination"), N_("Protocol"), N_("Length"), N_("Info"),
};
static const int builtin_widths[WL_N_COLS] = { 70, 110, 150, 150, 80, 70, -1 };

/* ---- Status ---- */

static char *
format_count (guint64 n)
{
  /* Thousands separators as the locale has them. */
  return g_strdup_printf ("%'" G_GUINT64_FORMAT, n);
}

void
wl_window_update_status (WlWindow *self)
{
  gboolean loaded = self->file && !wl_capture_file_get_loading (self->file) &&
                    wl_capture_file_get_session (self->file);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.save-as", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-next", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.go-to", self->file != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find", self->file != NULL);
  static const char *const stats_actions[] = {
    "win.conversations", "win.endpoints", "win.protocol-hierarchy", "win.follow-tcp-stream", "win.expert-info",
  };
  for (guint i = 0; i < G_N_ELEMENTS (stats_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), stats_actions[i], loaded);

  if (!self->file)
    {
      gtk_label_set_text (self->status_file, _("No capture file"));
      gtk_label_set_text (self->status_counts, "");
      gtk_label_set_text (self->status_time, "");
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
      return;
    }

  if (wl_window_is_capturing (self))
    {
      wl_window_update_capture_status (self);
      return;
    }
  GFile *gfile = wl_capture_file_get_file (self->file);
  g_autofree char *name = gfile ? g_file_get_basename (gfile) : g_strdup (_("Unsaved capture"));
  gtk_label_set_text (self->status_file, name);

  guint32 total = wl_capture_file_get_n_frames (self->file);
  guint32 ready = wl_capture_file_get_n_ready (self->file);
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  g_autofree char *total_s = format_count (total);
  g_autofree char *shown_s = format_count (shown);
  g_autofree char *counts = NULL;

  if (wl_capture_file_get_loading (self->file))
    {
      g_autofree char *ready_s = format_count (ready);
      counts = g_strdup_printf (_("Loading… %s of %s packets"), ready_s, total_s);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
      gtk_progress_bar_set_fraction (self->progress_bar, total ? (double) ready / total : 0.0);
      gtk_label_set_text (self->status_time, "");
    }
  else
    {
      double pct = total ? 100.0 * shown / total : 0.0;
      counts = g_strdup_printf (_("Packets: %s · Displayed: %s (%.1f%%)"), total_s, shown_s, pct);
      gboolean busy = self->is_filtering || wl_packet_list_model_get_sorting (self->model);
      gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), busy);
      g_autofree char *times = NULL;
      if (self->applied_filter && self->filter_time > 0)
        times = g_strdup_printf (_("Loaded in %.3f s · Filtered in %.3f s"),
                                 wl_capture_file_get_load_time (self->file), self->filter_time);
      else
        times = g_strdup_printf (_("Loaded in %.3f s"), wl_capture_file_get_load_time (self->file));
      if (wl_capture_file_is_live (self->file))
        {
          /* A stopped capture: how long it ran, and what it lost. */
          g_free (times);
          times = g_strdup_printf (_("Captured for %.1f s"), wl_capture_file_get_load_time (self->file));
          g_autofree char *drops = wl_window_describe_drops (self);
          g_autofree char *with = g_strdup_printf ("%s · %s", counts, drops);
          g_free (counts);
          counts = g_steal_pointer (&with);
        }
      gtk_label_set_text (self->status_time, times);
    }
  gtk_label_set_text (self->status_counts, counts);
}

void
wl_window_show_message (WlWindow *self, const char *message)
{
  gtk_label_set_text (self->message_label, message ? message : "");
  gtk_revealer_set_reveal_child (self->message_revealer, message != NULL);
}

gboolean
wl_window_is_busy (WlWindow *self)
{
  if (!self->file)
    return FALSE;
  return wl_capture_file_get_loading (self->file) || self->is_filtering ||
         wl_packet_list_model_get_sorting (self->model) ||
         wl_packet_list_model_is_catching_up (self->model);
}

gboolean
wl_window_is_empty (WlWindow *self)
{
  return self->file == NULL;
}

/* ---- Packet list cells ---- */

static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *cell = wl_cell_new ();
  int column = GPOINTER_TO_INT (user_data);

  if (column == WL_COL_NUMBER || column == WL_COL_LENGTH)
    wl_cell_set_xalign (WL_CELL (cell), 1.0f);
  gtk_widget_add_css_class (cell, "wl-cell");
  g_object_set_data (G_OBJECT (cell), "wl-column", user_data);
  gtk_list_item_set_child (item, cell);
}

static void
show_cell (GtkListItem *item)
{
  GtkWidget *cell = gtk_list_item_get_child (item);
  WlPacketRow *row = gtk_list_item_get_item (item);
  int column = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "wl-column"));

  /* The colour goes on the view's cell around ours, which also shows the selection. */
  GtkWidget *frame = gtk_widget_get_parent (cell);

  wl_cell_set_text (WL_CELL (cell), wl_packet_row_get_text (row, (guint) column));
  if (!frame)
    return;
  /* Only a change of colour changes the class: each change restyles the cell, and a filter
   * or a sort gives a few hundred cells other packets, mostly of the same colours. */
  int color = wl_packet_row_get_color (row);
  int old_color = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (cell), "wl-color")) - 1;
  if (color == old_color)
    return;
  char name[32];
  if (old_color >= 0)
    {
      g_snprintf (name, sizeof name, "wl-color-%d", old_color);
      gtk_widget_remove_css_class (frame, name);
    }
  if (color >= 0)
    {
      g_snprintf (name, sizeof name, "wl-color-%d", color);
      gtk_widget_add_css_class (frame, name);
    }
  g_object_set_data (G_OBJECT (cell), "wl-color", GINT_TO_POINTER (color + 1));
}

/* A row shows the packet at its position: a filter or a sort changes the packet, and the row
 * says so (see wl-packet-row.h). */
static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  WlPacketRow *row = gtk_list_item_get_item (item);
  g_signal_connect_object (row, "changed", G_CALLBACK (show_cell), item, G_CONNECT_SWAPPED);
  show_cell (item);
}

static void
unbind_cell (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  WlPacketRow *row = gtk_list_item_get_item (item);
  if (row)
    g_signal_handlers_disconnect_by_func (row, show_cell, item);
}

/* GTK 4.8 does not say which column the view is sorted by: each column's sorter notes
 * when it is asked first, and the view's sorter is asked to compare two probes. */
static int probe_column = -1;
static gboolean probing;

static int
probe_compare (gconstpointer a, gconstpointer b, gpointer user_data)
{
  if (probing && probe_column < 0)
    probe_column = GPOINTER_TO_INT (user_data);
  return probing ? -1 : 0;
}

static void
on_sorter_changed (GtkSorter *sorter, GtkSorterChange change, WlWindow *self)
{
  if (!self->model)
    return;
  /* Two objects: GtkSorter finds any item equal to itself without asking. */
  g_autoptr (GObject) probe_a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr (GObject) probe_b = g_object_new (G_TYPE_OBJECT, NULL);
  probe_column = -1;
  probing = TRUE;
  GtkOrdering order = gtk_sorter_compare (sorter, probe_a, probe_b);
  probing = FALSE;
  wl_packet_list_model_set_sort (self->model, probe_column, order == GTK_ORDERING_LARGER);
  wl_window_update_status (self);
}

static GtkColumnViewColumn *
make_column (WlWindow *self, int index, const char *title, const char *field)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), GINT_TO_POINTER (index));
  g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GINT_TO_POINTER (index));
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_cell), GINT_TO_POINTER (index));

  GtkColumnViewColumn *column = gtk_column_view_column_new (title, factory);
  g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, GINT_TO_POINTER (index), NULL));
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  if (index < WL_N_COLS && builtin_widths[index] > 0)
    gtk_column_view_column_set_fixed_width (column, builtin_widths[index]);
  if (index == WL_COL_INFO)
    gtk_column_view_column_set_expand (column, TRUE);
  if (field)
    {
      /* Field columns can be removed from their header's menu. */
      g_autoptr (GMenu) menu = g_menu_new ();
      g_autoptr (GMenuItem) remove = g_menu_item_new (_("_Remove This Column"), NULL);
      g_menu_item_set_action_and_target (remove, "win.remove-column", "s", field);
      g_menu_append_item (menu, remove);
      gtk_column_view_column_set_header_menu (column, G_MENU_MODEL (menu));
      gtk_column_view_column_set_fixed_width (column, 110);
    }
  return column;
}

void
wl_window_rebuild_columns (WlWindow *self)
{
  GListModel *columns = gtk_column_view_get_columns (self->packet_view);
  while (g_list_model_get_n_items (columns) > 0)
    {
      g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (columns, 0);
      gtk_column_view_remove_column (self->packet_view, c);
    }

  g_auto (GStrv) fields = g_settings_get_strv (self->settings, "columns");
  if (self->model)
    wl_packet_list_model_set_field_columns (self->model, (const char * const *) fields);
  for (int i = 0; i < WL_N_COLS; i++)
    {
      g_autoptr (GtkColumnViewColumn) c = make_column (self, i, _(builtin_titles[i]), NULL);
      gtk_column_view_append_column (self->packet_view, c);
    }
  for (int i = 0; fields[i]; i++)
    {
      const WlField *f = wl_field_lookup (fields[i]);
      g_autoptr (GtkColumnViewColumn) c = make_column (self, WL_N_COLS + i, f ? f->name : fields[i], fields[i]);
      gtk_column_view_append_column (self->packet_view, c);
    }
}

/* ---- Selection: protocol tree and bytes ---- */

static void
show_frame (WlWindow *self, guint32 number)
{
  self->selected_frame = number;
  if (number == 0 || !self->file)
    {
      wl_proto_tree_set_packet (self->proto_tree, NULL);
      wl_hex_view_set_packet (self->hex_view, NULL);
      return;
    }
  WlDissectOptions full = { TRUE, NULL, FALSE };
  wl_capture_file_dissect (self->file, number, &full, &self->packet, self->arena);
  wl_proto_tree_set_packet (self->proto_tree, &self->packet);
  wl_hex_view_set_packet (self->hex_view, &self->packet);
}

static void
on_selected (WlWindow *self)
{
  if (self->replacing_rows)
    return; /* the same packet is selected again after the change */
  guint pos = gtk_single_selection_get_selected (self->selection);
  guint32 number = pos == GTK_INVALID_LIST_POSITION ? 0 : wl_packet_list_model_get_frame (self->model, pos);
  if (number != self->selected_frame)
    show_frame (self, number);
}

static void
on_node_selected (WlWindow *self, WlProtoNode *node)
{
  if (!node)
    {
      wl_hex_view_set_highlight (self->hex_view, 0, 0, 0);
      return;
    }
  wl_hex_view_set_highlight (self->hex_view, wl_proto_node_get_source (node),
                             wl_proto_node_get_offset (node), wl_proto_node_get_length (node));
}

static void
on_byte_activated (WlWindow *self, guint source, guint offset)
{
  WlProtoNode *node = wl_proto_tree_find_at (self->proto_tree, source, offset);
  if (node)
    wl_proto_tree_select_node (self->proto_tree, node);
}

static void
on_filter_requested (WlWindow *self, const char *filter, gboolean apply)
{
  wl_filter_bar_set_text (self->filter_bar, filter);
  if (apply)
    wl_filter_bar_apply (self->filter_bar);
  else
    wl_filter_bar_focus (self->filter_bar);
}

static void
on_column_requested (WlWindow *self, const char *abbrev)
{
  g_auto (GStrv) fields = g_settings_get_strv (self->settings, "columns");
  if (g_strv_contains ((const char * const *) fields, abbrev))
    return;
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  g_strv_builder_addv (b, (const char **) fields);
  g_strv_builder_add (b, abbrev);
  g_auto (GStrv) updated = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "columns", (const char * const *) updated);
}

void
wl_window_scroll_to_position (WlWindow *self, guint position)
{
  /* GTK 4.8's GtkColumnView cannot scroll to a row: move its adjustment, rows being of one
   * height. */
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->packet_view));
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (!adj || n == 0)
    return;
  double upper = gtk_adjustment_get_upper (adj);
  double page = gtk_adjustment_get_page_size (adj);
  double row = upper / n;
  double value = position * row - (page - row) / 2;
  gtk_adjustment_set_value (adj, CLAMP (value, 0, MAX (0, upper - page)));
}

void
wl_window_select_frame (WlWindow *self, guint32 number)
{
  guint pos;
  if (!self->model || !wl_packet_list_model_find_frame (self->model, number, &pos))
    return;
  gtk_single_selection_set_selected (self->selection, pos);
  wl_window_scroll_to_position (self, pos);
}

/* A change of rows that removes the selected one (the rows a filter no longer needs) makes
 * GtkSingleSelection drop it: the same packet is selected again after the change when it is
 * still shown, without showing it anew. (Given a change that also adds rows, GTK 4.8's
 * GtkSingleSelection would look for its item among all of them, making each one: it is
 * dropped first.) */
static void
before_rows_changed (WlWindow *self, guint position, guint removed, guint added)
{
  if (!self->selection)
    return;
  guint selected = gtk_single_selection_get_selected (self->selection);
  if (selected == GTK_INVALID_LIST_POSITION || selected < position || selected - position >= removed)
    return;
  self->replacing_rows = TRUE;
  if (added > 0)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
}

static void
after_rows_changed (WlWindow *self, guint position, guint removed, guint added)
{
  guint pos;
  if (!self->replacing_rows)
    return;
  self->replacing_rows = FALSE;
  if (self->selected_frame && wl_packet_list_model_find_frame (self->model, self->selected_frame, &pos))
    {
      gtk_single_selection_set_selected (self->selection, pos);
      wl_window_scroll_to_position (self, pos);
    }
  else
    show_frame (self, 0);
}

/* After the rows changed (filter, sort): keep the selected packet selected when shown. */
void
wl_window_reselect (WlWindow *self, guint32 number)
{
  guint pos;
  if (number && wl_packet_list_model_find_frame (self->model, number, &pos))
    {
      gtk_single_selection_set_selected (self->selection, pos);
      wl_window_scroll_to_position (self, pos);
    }
  else
    {
      /* The row shows another packet now. */
      gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
      show_frame (self, 0);
    }
}

/* ---- Loading ---- */

static void
on_ready_changed (WlWindow *self)
{
  wl_window_update_status (self);
}

void
wl_window_close_file (WlWindow *self)
{
  wl_window_capture_closed (self);
  wl_window_cancel_filter (self);
  g_clear_pointer (&self->pending_filter, g_free);
  g_clear_pointer (&self->applied_filter, g_free);
  wl_proto_tree_set_filter (self->proto_tree, NULL);
  if (self->file)
    g_signal_handlers_disconnect_by_data (self->file, self);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_column_view_set_model (self->packet_view, NULL);
  show_frame (self, 0);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->file);
  gtk_window_set_title (GTK_WINDOW (self), _("Wirelens"));
  gtk_label_set_text (self->title_label, _("Wirelens"));
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), FALSE);
  gtk_widget_set_visible (self->welcome_page, TRUE);
  wl_window_update_status (self);
}

static void
load_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WlWindow) self = user_data;
  WlCaptureFile *file = WL_CAPTURE_FILE (source);
  g_autoptr (GError) error = NULL;

  if (file != self->file)
    return;
  if (!wl_capture_file_load_finish (file, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      wl_window_show_message (self, error->message);
      if (wl_capture_file_get_n_frames (file) == 0)
        {
          /* Nothing to show: the window is empty again and takes the next file opened. */
          wl_window_close_file (self);
          return;
        }
    }
  else
    {
      const char *damage = wl_capture_file_get_damage (file);
      if (damage)
        wl_window_show_message (self, damage);
      g_autofree char *uri = g_file_get_uri (wl_capture_file_get_file (file));
      gtk_recent_manager_add_item (gtk_recent_manager_get_default (), uri);
    }
  wl_window_update_status (self);
  if (self->pending_filter)
    {
      g_autofree char *text = g_steal_pointer (&self->pending_filter);
      wl_window_apply_filter (self, text);
    }
}

static void
on_sorting_changed (WlWindow *self)
{
  guint32 keep = self->selected_frame;
  if (!wl_packet_list_model_get_sorting (self->model))
    wl_window_reselect (self, keep);
  wl_window_update_status (self);
}

static void
on_colorize_changed (WlWindow *self)
{
  if (!self->model)
    return;
  WlApplication *app = WL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  gboolean on = g_settings_get_boolean (self->settings, "colorize");
  wl_packet_list_model_set_coloring (self->model, on && app ? wl_application_get_coloring_rules (app) : NULL);
}

static WlTimeFormat
time_format_from_settings (WlWindow *self)
{
  g_autofree char *tf = g_settings_get_string (self->settings, "time-format");
  if (g_str_equal (tf, "absolute"))
    return WL_TIME_ABSOLUTE;
  if (g_str_equal (tf, "absolute-date"))
    return WL_TIME_ABSOLUTE_DATE;
  if (g_str_equal (tf, "delta"))
    return WL_TIME_DELTA;
  if (g_str_equal (tf, "epoch"))
    return WL_TIME_EPOCH;
  return WL_TIME_RELATIVE;
}

static void
on_time_format_changed (WlWindow *self)
{
  if (self->model)
    wl_packet_list_model_set_time_format (self->model, time_format_from_settings (self));
}

void
wl_window_attach_file (WlWindow *self, WlCaptureFile *file)
{
  g_return_if_fail (self->file == NULL);

  self->file = g_object_ref (file);
  self->model = wl_packet_list_model_new (self->file);
  wl_packet_list_model_set_time_format (self->model, time_format_from_settings (self));
  g_auto (GStrv) fields = g_settings_get_strv (self->settings, "columns");
  wl_packet_list_model_set_field_columns (self->model, (const char * const *) fields);
  on_colorize_changed (self);
  g_signal_connect_swapped (self->model, "notify::sorting", G_CALLBACK (on_sorting_changed), self);

  /* Around the selection's own handler (see before_rows_changed) */
  g_signal_connect_swapped (self->model, "items-changed", G_CALLBACK (before_rows_changed), self);
  g_signal_connect_data (self->model, "items-changed", G_CALLBACK (after_rows_changed), self, NULL,
                         G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selected), self);
  g_signal_connect_swapped (self->selection, "items-changed", G_CALLBACK (wl_window_update_status), self);
  gtk_column_view_set_model (self->packet_view, GTK_SELECTION_MODEL (self->selection));
  gtk_widget_set_visible (self->welcome_page, FALSE);
  g_signal_connect_swapped (self->file, "notify::n-ready", G_CALLBACK (on_ready_changed), self);
  g_signal_connect_swapped (self->file, "notify::n-frames", G_CALLBACK (on_ready_changed), self);
}

void
wl_window_open (WlWindow *self, GFile *file)
{
  g_return_if_fail (WL_IS_WINDOW (self));
  g_return_if_fail (self->file == NULL);

  g_autoptr (WlCaptureFile) cf = wl_capture_file_new (file);
  wl_window_attach_file (self, cf);

  g_autofree char *name = g_file_get_basename (file);
  g_autoptr (GFile) parent = g_file_get_parent (file);
  g_autofree char *dir = parent ? g_file_get_parse_name (parent) : NULL;
  g_autofree char *title = g_strdup_printf (_("%s — Wirelens"), name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  gtk_label_set_text (self->title_label, name);
  gtk_label_set_text (self->subtitle_label, dir ? dir : "");
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label), dir != NULL);

  wl_capture_file_load_async (self->file, self->cancellable, load_done, g_object_ref (self));
  wl_window_update_status (self);
  gtk_widget_grab_focus (GTK_WIDGET (self->packet_view));
}

/* ---- Command-line start ---- */

gboolean
wl_window_save_screenshot (WlWindow *self, const char *path, GError **error)
{
  GtkWidget *widget = GTK_WIDGET (self);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);
  g_autoptr (GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  g_autoptr (GskRenderNode) node = gtk_snapshot_free_to_node (snapshot);
  if (!node)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("The window has nothing to show yet."));
      return FALSE;
    }
  GskRenderer *renderer = gtk_native_get_renderer (GTK_NATIVE (self));
  g_autoptr (GdkTexture) texture = gsk_renderer_render_texture (renderer, node,
                                                                &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, _("Could not write %s."), path);
      return FALSE;
    }
  return TRUE;
}

static gboolean
startup_tick (gpointer data)
{
  WlWindow *self = data;

  if (!self->file || wl_window_is_busy (self) || self->pending_filter)
    return G_SOURCE_CONTINUE;
  if (self->startup_frame)
    {
      wl_window_select_frame (self, self->startup_frame);
      self->startup_frame = 0;
      /* Open the packet's last layer, as one does to look at it. */
      GListModel *rows = wl_proto_tree_get_rows (self->proto_tree);
      guint n = g_list_model_get_n_items (rows);
      if (n > 0)
        {
          g_autoptr (GtkTreeListRow) last = g_list_model_get_item (rows, n - 1);
          gtk_tree_list_row_set_expanded (last, TRUE);
          g_autoptr (GtkTreeListRow) child = g_list_model_get_item (rows, n);
          if (child)
            {
              g_autoptr (WlProtoNode) node = gtk_tree_list_row_get_item (child);
              wl_proto_tree_select_node (self->proto_tree, node);
            }
        }
    }
  if (!self->screenshot)
    {
      self->startup_id = 0;
      return G_SOURCE_REMOVE;
    }
  /* Give the views a few frames to draw. */
  if (self->startup_ticks++ < 10)
    return G_SOURCE_CONTINUE;
  g_autoptr (GError) error = NULL;
  if (!wl_window_save_screenshot (self, self->screenshot, &error))
    g_printerr ("wirelens: %s\n", error->message);
  self->startup_id = 0;
  g_application_quit (G_APPLICATION (gtk_window_get_application (GTK_WINDOW (self))));
  return G_SOURCE_REMOVE;
}

void
wl_window_set_startup (WlWindow *self, const char *filter, guint32 frame, const char *screenshot)
{
  g_return_if_fail (WL_IS_WINDOW (self));

  if (filter && *filter)
    {
      wl_filter_bar_set_text (self->filter_bar, filter);
      wl_window_apply_filter (self, filter);
    }
  self->startup_frame = frame;
  g_free (self->screenshot);
  self->screenshot = g_strdup (screenshot);
  if (!self->startup_id)
    self->startup_id = g_timeout_add (100, startup_tick, self);
}

/* ---- Drag and drop ---- */

static gboolean
on_drop (GtkDropTarget *target, const GValue *value, double x, double y, WlWindow *self)
{
  if (!G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    return FALSE;
  GSList *files = g_value_get_boxed (value);
  WlApplication *app = WL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  for (GSList *l = files; l; l = l->next)
    wl_application_open_file (app, l->data, self);
  return files != NULL;
}

/* ---- Object ---- */

static void
wl_window_dispose (GObject *object)
{
  WlWindow *self = WL_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  wl_window_cancel_filter (self);
  g_clear_handle_id (&self->startup_id, g_source_remove);
  wl_window_dispose_capture (self);
  if (self->file)
    wl_window_capture_closed (self);
  if (self->find_cancellable)
    g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  if (self->file)
    g_signal_handlers_disconnect_by_data (self->file, self);
  if (self->model)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->selection)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_WINDOW);
  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->file);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (wl_window_parent_class)->dispose (object);
}

static void
wl_window_finalize (GObject *object)
{
  WlWindow *self = WL_WINDOW (object);

  g_clear_object (&self->cancellable);
  wl_window_finalize_capture (self);
  wl_packet_clear (&self->packet);
  g_clear_pointer (&self->arena, wl_arena_free);
  g_free (self->applied_filter);
  g_free (self->pending_filter);
  g_free (self->screenshot);
  G_OBJECT_CLASS (wl_window_parent_class)->finalize (object);
}

static void
wl_window_class_init (WlWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wl_window_dispose;
  object_class->finalize = wl_window_finalize;

  g_type_ensure (WL_TYPE_FILTER_BAR);
  g_type_ensure (WL_TYPE_PROTO_TREE);
  g_type_ensure (WL_TYPE_HEX_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-window.ui");
  gtk_widget_class_bind_template_child (widget_class, WlWindow, title_label);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, subtitle_label);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, filter_bar);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, goto_revealer);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, goto_entry);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, find_bar);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, find_entry);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, message_revealer);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, message_label);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, welcome_page);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, packet_view);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, proto_tree);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, hex_view);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, status_file);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, status_counts);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, status_time);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, recent_section);
  gtk_widget_class_bind_template_child (widget_class, WlWindow, capture_box);
  wl_window_class_add_actions (widget_class);
  wl_window_class_add_capture_actions (widget_class);
}

static void
wl_window_init (WlWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->cancellable = g_cancellable_new ();
  self->arena = wl_arena_new ();
  self->settings = wl_settings_new ();

  wl_window_init_filtering (self);
  g_signal_connect_swapped (self->proto_tree, "node-selected", G_CALLBACK (on_node_selected), self);
  g_signal_connect_swapped (self->proto_tree, "filter-requested", G_CALLBACK (on_filter_requested), self);
  g_signal_connect_swapped (self->proto_tree, "column-requested", G_CALLBACK (on_column_requested), self);
  g_signal_connect_swapped (self->hex_view, "byte-activated", G_CALLBACK (on_byte_activated), self);
  g_signal_connect (gtk_column_view_get_sorter (self->packet_view), "changed", G_CALLBACK (on_sorter_changed), self);

  g_settings_bind (self->settings, "window-width", self, "default-width", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-height", self, "default-height", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "window-maximized", self, "maximized", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_swapped (self->settings, "changed::columns", G_CALLBACK (wl_window_rebuild_columns), self);
  g_signal_connect_swapped (self->settings, "changed::colorize", G_CALLBACK (on_colorize_changed), self);
  g_signal_connect_swapped (self->settings, "changed::time-format", G_CALLBACK (on_time_format_changed), self);

  GtkDropTarget *drop = gtk_drop_target_new (GDK_TYPE_FILE_LIST, GDK_ACTION_COPY);
  g_signal_connect (drop, "drop", G_CALLBACK (on_drop), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (drop));

  wl_window_rebuild_columns (self);
  wl_window_init_actions (self);
  wl_window_init_capture (self);
  wl_window_update_status (self);
}

WlWindow *
wl_window_new (WlApplication *app)
{
  return g_object_new (WL_TYPE_WINDOW, "application", app, NULL);
}
