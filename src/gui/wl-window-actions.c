/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The window's actions and their shortcuts: open, save as, go to packet, find, filter focus,
 * time format, colouring, columns, the statistics windows and the two actions those call back
 * (apply a display filter, go to a frame). */
#include <glib/gi18n.h>
#include "capture-writer.h"
#include "wl-window-private.h"
#include "wl-connections-dialog.h"
#include "wl-conversations-dialog.h"
#include "wl-expert-dialog.h"
#include "wl-follow-dialog.h"
#include "wl-hierarchy-dialog.h"
#include "dfilter.h"

/* ---- Open ---- */

static void
add_capture_filters (GtkFileChooser *chooser)
{
  g_autoptr (GtkFileFilter) captures = gtk_file_filter_new ();
  gtk_file_filter_set_name (captures, _("Capture files (pcap, pcapng)"));
  gtk_file_filter_add_pattern (captures, "*.pcap");
  gtk_file_filter_add_pattern (captures, "*.pcapng");
  gtk_file_filter_add_pattern (captures, "*.cap");
  gtk_file_filter_add_pattern (captures, "*.ntar");
  gtk_file_filter_add_mime_type (captures, "application/vnd.tcpdump.pcap");
  gtk_file_filter_add_mime_type (captures, "application/x-pcapng");
  gtk_file_chooser_add_filter (chooser, captures);

  g_autoptr (GtkFileFilter) all = gtk_file_filter_new ();
  gtk_file_filter_set_name (all, _("All files"));
  gtk_file_filter_add_pattern (all, "*");
  gtk_file_chooser_add_filter (chooser, all);
}

static void
open_response (GtkNativeDialog *dialog, int response, WlWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      WlApplication *app = WL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
      if (file)
        wl_application_open_file (app, file, self);
    }
  g_object_unref (dialog);
}

static void
action_open (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Open Capture File"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                                              _("_Cancel"));
  add_capture_filters (GTK_FILE_CHOOSER (dialog));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

static void
action_open_recent (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  g_autoptr (GFile) file = g_file_new_for_uri (g_variant_get_string (param, NULL));
  WlApplication *app = WL_APPLICATION (gtk_window_get_application (GTK_WINDOW (self)));
  wl_application_open_file (app, file, self);
}

static gboolean
is_capture_name (const char *uri)
{
  return g_str_has_suffix (uri, ".pcap") || g_str_has_suffix (uri, ".pcapng") ||
         g_str_has_suffix (uri, ".cap") || g_str_has_suffix (uri, ".ntar");
}

static int
compare_recent (gconstpointer a, gconstpointer b)
{
  GDateTime *ta = gtk_recent_info_get_modified ((GtkRecentInfo *) a);
  GDateTime *tb = gtk_recent_info_get_modified ((GtkRecentInfo *) b);
  return -g_date_time_compare (ta, tb);
}

/* The "Open Recent" submenu: the ten capture files used last. */
static void
update_recent_menu (WlWindow *self)
{
  GList *items = gtk_recent_manager_get_items (gtk_recent_manager_get_default ());
  items = g_list_sort (items, compare_recent);
  g_menu_remove_all (self->recent_section);
  guint n = 0;
  for (GList *l = items; l && n < 10; l = l->next)
    {
      GtkRecentInfo *info = l->data;
      const char *uri = gtk_recent_info_get_uri (info);
      if (!is_capture_name (uri) || !gtk_recent_info_exists (info))
        continue;
      g_autoptr (GMenuItem) item = g_menu_item_new (gtk_recent_info_get_display_name (info), NULL);
      g_menu_item_set_action_and_target (item, "win.open-recent", "s", uri);
      g_menu_append_item (self->recent_section, item);
      n++;
    }
  g_list_free_full (items, (GDestroyNotify) gtk_recent_info_unref);
}

/* ---- Save As / Export ---- */

static void
save_response (GtkNativeDialog *dialog, int response, WlWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->file)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
      g_autofree char *path = file ? g_file_get_path (file) : NULL;
      const char *which = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "packets");
      const char *format = gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (dialog), "format");
      WlFileFormat wf = g_strcmp0 (format, "pcap") == 0 ? WL_FILE_PCAP : WL_FILE_PCAPNG;
      g_autoptr (GArray) frames = NULL;

      if (g_strcmp0 (which, "displayed") == 0 && wl_packet_list_model_is_filtered (self->model))
        frames = wl_packet_list_model_dup_displayed (self->model);
      if (path)
        wl_window_save_to (self, path, wf, frames);
      else
        wl_window_show_message (self, _("Captures can only be saved to local files."));
    }
  else
    wl_window_save_cancelled (self);
  g_object_unref (dialog);
}

static void
action_save_as (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  if (!self->file || wl_capture_file_get_loading (self->file))
    return;

  GtkFileChooserNative *dialog = gtk_file_chooser_native_new (_("Save Packets As"), GTK_WINDOW (self),
                                                              GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                                              _("_Cancel"));
  const char *packet_ids[] = { "all", "displayed", NULL };
  const char *packet_labels[] = { _("All packets"), _("Displayed packets only"), NULL };
  const char *format_ids[] = { "pcapng", "pcap", NULL };
  const char *format_labels[] = { _("pcapng"), _("pcap"), NULL };
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "packets", _("Packets:"), packet_ids, packet_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "packets",
                               wl_packet_list_model_is_filtered (self->model) ? "displayed" : "all");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (dialog), "format", _("Format:"), format_ids, format_labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (dialog), "format", "pcapng");
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (dialog), _("capture.pcapng"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);
  g_signal_connect (dialog, "response", G_CALLBACK (save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* ---- Go to packet ---- */

static void
action_go_to (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  gtk_revealer_set_reveal_child (self->goto_revealer, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->goto_entry));
}

static void
action_go_to_close (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  gtk_revealer_set_reveal_child (self->goto_revealer, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->packet_view));
}

static void
action_go_to_apply (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->goto_entry));
  guint64 number = 0;
  guint pos;

  if (!self->model || !g_ascii_string_to_unsigned (g_strstrip (g_strdup (text)), 10, 1, G_MAXUINT32, &number, NULL) ||
      !wl_packet_list_model_find_frame (self->model, (guint32) number, &pos))
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->goto_entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (self->goto_entry));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->goto_entry), "error");
  wl_window_select_frame (self, (guint32) number);
  action_go_to_close (widget, NULL, NULL);
}

/* ---- Find ---- */

typedef struct {
  WlDfilter *df;
  WlCaptureFile *file;             /* keeps the session alive while the search reads it */
  WlSession *session;
  GArray *frames;                  /* displayed, in display order */
  guint start;                     /* the search begins after this row */
} FindJob;

static void
find_job_free (gpointer data)
{
  FindJob *job = data;
  wl_dfilter_free (job->df);
  g_clear_object (&job->file);
  g_array_unref (job->frames);
  g_free (job);
}

static void
find_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  FindJob *job = task_data;
  g_autoptr (WlArena) arena = wl_arena_new ();
  g_autofree guint8 *wanted = wl_field_set_new ();
  WlPacket packet = { 0 };
  WlDissectOptions opts = { FALSE, wanted, FALSE };
  guint n = job->frames->len;

  wl_dfilter_add_wanted (job->df, wanted);
  for (guint k = 1; k <= n; k++)
    {
      guint i = (job->start + k) % n;
      if ((k & 1023) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      wl_dissect_frame (job->session, g_array_index (job->frames, guint32, i), &opts, &packet, arena);
      if (wl_dfilter_apply (job->df, &packet))
        {
          wl_packet_clear (&packet);
          g_task_return_int (task, (gssize) i);
          return;
        }
    }
  wl_packet_clear (&packet);
  if (!g_task_return_error_if_cancelled (task))
    g_task_return_int (task, -1);
}

static void
find_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  g_autoptr (WlWindow) self = user_data;
  g_autoptr (GError) error = NULL;
  gssize found = g_task_propagate_int (G_TASK (result), &error);

  if (error)
    return;
  if (found < 0)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->find_entry), "error");
      gtk_widget_error_bell (GTK_WIDGET (self->find_entry));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->find_entry), "error");
  gtk_single_selection_set_selected (self->selection, (guint) found);
  wl_window_scroll_to_position (self, (guint) found);
}

static void
action_find (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  gtk_search_bar_set_search_mode (self->find_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->find_entry));
}

static void
action_find_next (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  if (!self->file || wl_window_is_busy (self))
    return;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (text, &err);
  if (!df)
    {
      g_autofree char *message = err ? wl_dfilter_error_format (text, err) : NULL;
      wl_dfilter_error_free (err);
      gtk_widget_add_css_class (GTK_WIDGET (self->find_entry), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->find_entry), message);
      return;
    }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->find_entry), NULL);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  if (n == 0)
    {
      wl_dfilter_free (df);
      return;
    }
  FindJob *job = g_new0 (FindJob, 1);
  job->df = df;
  job->file = g_object_ref (self->file);
  job->session = wl_capture_file_get_session (self->file);
  job->frames = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
  for (guint i = 0; i < n; i++)
    {
      guint32 number = wl_packet_list_model_get_frame (self->model, i);
      g_array_append_val (job->frames, number);
    }
  guint sel = gtk_single_selection_get_selected (self->selection);
  job->start = sel == GTK_INVALID_LIST_POSITION ? n - 1 : sel;

  if (self->find_cancellable)
    g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  self->find_cancellable = g_cancellable_new ();
  g_autoptr (GTask) task = g_task_new (NULL, self->find_cancellable, find_done, g_object_ref (self));
  g_task_set_task_data (task, job, find_job_free);
  g_task_run_in_thread (task, find_thread);
}

/* ---- Statistics ---- */

/* The session of a capture whose first pass is over, NULL otherwise (the windows need it). */
static WlSession *
loaded_session (WlWindow *self)
{
  if (!self->file || wl_capture_file_get_loading (self->file))
    return NULL;
  return wl_capture_file_get_session (self->file);
}

typedef void (*StatsShowFunc) (GtkWindow *parent, WlSession *session, const char *display_filter);

static void
show_stats (GtkWidget *widget, StatsShowFunc show)
{
  WlWindow *self = WL_WINDOW (widget);
  WlSession *session = loaded_session (self);
  if (session)
    show (GTK_WINDOW (self), session, self->applied_filter);
}

static void
action_conversations (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_stats (widget, wl_conversations_dialog_show);
}

static void
action_endpoints (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_stats (widget, wl_endpoints_dialog_show);
}

static void
action_hierarchy (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_stats (widget, wl_hierarchy_dialog_show);
}

static void
action_expert (GtkWidget *widget, const char *action_name, GVariant *param)
{
  show_stats (widget, wl_expert_dialog_show);
}

/* The host's sockets and their processes, live (needs no capture). */
static void
action_connections (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_connections_dialog_show (GTK_WINDOW (widget));
}

/* Follows the selected packet's TCP stream; without a selected TCP packet, the stream the
 * display filter names ("tcp.stream eq 3"), else the first one. */
static void
action_follow_tcp (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  WlSession *session = loaded_session (self);
  if (!session)
    return;
  const WlField *tcp = wl_field_lookup ("tcp.stream");
  WlNode *n = self->selected_frame && tcp ? wl_packet_first (&self->packet, tcp->id) : NULL;
  if (n)
    wl_follow_dialog_show_stream (GTK_WINDOW (self), session, WL_FOLLOW_TCP, (guint32) n->v.u);
  else
    wl_follow_dialog_show (GTK_WINDOW (self), session, self->applied_filter);
}

/* win.apply-display-filter (s): as typing the filter in the bar and pressing Enter. */
static void
action_apply_display_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  wl_filter_bar_set_text (self->filter_bar, g_variant_get_string (param, NULL));
  wl_filter_bar_apply (self->filter_bar);
}

/* win.go-to-frame (u): as Go to Packet; a frame the filter hides cannot be shown. */
static void
action_go_to_frame (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  guint32 number = g_variant_get_uint32 (param);
  guint pos;

  if (!self->model || !wl_packet_list_model_find_frame (self->model, number, &pos))
    {
      g_autofree char *message = g_strdup_printf (_("Packet %u is not displayed."), number);
      wl_window_show_message (self, message);
      return;
    }
  wl_window_select_frame (self, number);
  gtk_widget_grab_focus (GTK_WIDGET (self->packet_view));
}

/* ---- Others ---- */

static void
action_focus_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_filter_bar_focus (WL_WINDOW (widget)->filter_bar);
}

static void
action_dismiss_message (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_window_show_message (WL_WINDOW (widget), NULL);
}

static void
action_remove_column (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlWindow *self = WL_WINDOW (widget);
  const char *field = g_variant_get_string (param, NULL);
  g_auto (GStrv) fields = g_settings_get_strv (self->settings, "columns");
  g_autoptr (GStrvBuilder) b = g_strv_builder_new ();
  for (guint i = 0; fields[i]; i++)
    if (!g_str_equal (fields[i], field))
      g_strv_builder_add (b, fields[i]);
  g_auto (GStrv) updated = g_strv_builder_end (b);
  g_settings_set_strv (self->settings, "columns", (const char * const *) updated);
}

static void
action_reset_columns (GtkWidget *widget, const char *action_name, GVariant *param)
{
  g_settings_reset (WL_WINDOW (widget)->settings, "columns");
}

void
wl_window_class_add_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.open", NULL, action_open);
  gtk_widget_class_install_action (widget_class, "win.open-recent", "s", action_open_recent);
  gtk_widget_class_install_action (widget_class, "win.save-as", NULL, action_save_as);
  gtk_widget_class_install_action (widget_class, "win.go-to", NULL, action_go_to);
  gtk_widget_class_install_action (widget_class, "win.go-to-apply", NULL, action_go_to_apply);
  gtk_widget_class_install_action (widget_class, "win.go-to-close", NULL, action_go_to_close);
  gtk_widget_class_install_action (widget_class, "win.find", NULL, action_find);
  gtk_widget_class_install_action (widget_class, "win.find-next", NULL, action_find_next);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL, action_focus_filter);
  gtk_widget_class_install_action (widget_class, "win.dismiss-message", NULL, action_dismiss_message);
  gtk_widget_class_install_action (widget_class, "win.remove-column", "s", action_remove_column);
  gtk_widget_class_install_action (widget_class, "win.reset-columns", NULL, action_reset_columns);
  gtk_widget_class_install_action (widget_class, "win.conversations", NULL, action_conversations);
  gtk_widget_class_install_action (widget_class, "win.endpoints", NULL, action_endpoints);
  gtk_widget_class_install_action (widget_class, "win.protocol-hierarchy", NULL, action_hierarchy);
  gtk_widget_class_install_action (widget_class, "win.follow-tcp-stream", NULL, action_follow_tcp);
  gtk_widget_class_install_action (widget_class, "win.expert-info", NULL, action_expert);
  gtk_widget_class_install_action (widget_class, "win.connections", NULL, action_connections);
  gtk_widget_class_install_action (widget_class, "win.apply-display-filter", "s", action_apply_display_filter);
  gtk_widget_class_install_action (widget_class, "win.go-to-frame", "u", action_go_to_frame);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK, "win.open", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "win.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_slash, GDK_CONTROL_MASK, "win.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Divide, GDK_CONTROL_MASK, "win.focus-filter", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "win.go-to", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "win.find", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK, "win.find-next", NULL);
}

static void
on_goto_activate (WlWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.go-to-apply", NULL);
}

static void
on_find_activate (WlWindow *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.find-next", NULL);
}

static void
on_recent_filters_changed (WlWindow *self)
{
  g_auto (GStrv) recent = g_settings_get_strv (self->settings, "recent-filters");
  wl_filter_bar_set_recent (self->filter_bar, (const char * const *) recent);
}

void
wl_window_init_actions (WlWindow *self)
{
  /* Settings-backed toggles and choices, as stateful actions. */
  g_autoptr (GAction) time_format = g_settings_create_action (self->settings, "time-format");
  g_autoptr (GAction) colorize = g_settings_create_action (self->settings, "colorize");
  g_action_map_add_action (G_ACTION_MAP (self), time_format);
  g_action_map_add_action (G_ACTION_MAP (self), colorize);

  g_signal_connect_swapped (self->goto_entry, "activate", G_CALLBACK (on_goto_activate), self);
  g_signal_connect_swapped (self->find_entry, "activate", G_CALLBACK (on_find_activate), self);
  gtk_search_bar_set_key_capture_widget (self->find_bar, NULL);
  gtk_search_bar_connect_entry (self->find_bar, GTK_EDITABLE (self->find_entry));

  g_signal_connect_object (gtk_recent_manager_get_default (), "changed", G_CALLBACK (update_recent_menu),
                           self, G_CONNECT_SWAPPED);
  update_recent_menu (self);

  g_signal_connect_swapped (self->settings, "changed::recent-filters", G_CALLBACK (on_recent_filters_changed), self);
  on_recent_filters_changed (self);
}
