/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Follow Stream window (see wl-follow-dialog.h), over src/core/stats/follow.c computed in
 * a worker thread from lean dissection. */
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include "wl-follow-dialog.h"
#include "wl-stats-common.h"

struct _WlFollowDialog
{
  GtkWindow parent_instance;

  GtkDropDown *proto_dropdown;
  GtkSpinButton *stream_spin;
  GtkAdjustment *stream_adjustment;
  GtkLabel *peers_label;
  GtkProgressBar *progress;
  GtkTextView *text_view;
  GtkDropDown *direction_dropdown;
  GtkDropDown *mode_dropdown;
  GtkLabel *status_label;

  WlSession *session;        /* the main window's */
  GtkWindow *main_window;    /* weak */
  GCancellable *cancellable;
  WlFollow *follow;          /* the stream shown, NULL while computing */
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (WlFollowDialog, wl_follow_dialog, GTK_TYPE_WINDOW)

enum { DIR_BOTH, DIR_CLIENT, DIR_SERVER };

typedef struct {
  WlFollowDialog *dialog;    /* weak */
  WlFollow *follow;
  int stream_field;
  guint32 max_stream;
  gboolean any_stream;
  WlFollowFrames frames;     /* where the stream lies, when the session knows */
} Run;

static void
run_free (Run *run)
{
  g_clear_weak_pointer (&run->dialog);
  wl_follow_free (run->follow);
  g_free (run);
}

static void
run_packet (const WlPacket *p, gpointer user_data)
{
  Run *run = user_data;
  wl_follow_add_packet (run->follow, p);
  /* the highest stream index, for the spin button's range */
  for (const WlNode *n = wl_packet_first (p, run->stream_field); n; n = wl_packet_next (n, run->stream_field))
    if (!run->any_stream || n->v.u > run->max_stream)
      {
        run->max_stream = (guint32) n->v.u;
        run->any_stream = TRUE;
      }
}

static gboolean
run_wants (WlSession *s, guint32 number, gpointer user_data)
{
  Run *run = user_data;
  return wl_follow_frames_wants (&run->frames, s->store, number);
}

static WlFollowProto
current_proto (WlFollowDialog *self)
{
  return gtk_drop_down_get_selected (self->proto_dropdown) == 1 ? WL_FOLLOW_UDP : WL_FOLLOW_TCP;
}

/* The chunks in the chosen mode, client and server in their colours. */
static void
render (WlFollowDialog *self)
{
  GtkTextBuffer *buf = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_set_text (buf, "", 0);
  if (!self->follow)
    return;
  guint dir = gtk_drop_down_get_selected (self->direction_dropdown);
  guint mode = gtk_drop_down_get_selected (self->mode_dropdown);
  GtkTextIter end;
  guint32 pos[2] = { 0, 0 };
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < wl_follow_n_chunks (self->follow); i++)
    {
      const WlFollowChunk *c = wl_follow_chunk (self->follow, i);
      if ((dir == DIR_CLIENT && c->is_server) || (dir == DIR_SERVER && !c->is_server))
        {
          pos[c->is_server] += c->len;
          continue;
        }
      g_string_truncate (s, 0);
      if (mode == WL_FOLLOW_HEX)
        wl_follow_format_hex (c->data, c->len, pos[c->is_server], c->is_server ? "    " : "", s);
      else if (mode == WL_FOLLOW_RAW)
        {
          for (guint32 j = 0; j < c->len; j++)
            g_string_append_printf (s, "%02x", c->data[j]);
          g_string_append_c (s, '\n');
        }
      else
        for (guint32 j = 0; j < c->len; j++)
          {
            guint8 b = c->data[j];
            g_string_append_c (s, b == '\n' || b == '\r' || b == '\t' || g_ascii_isprint (b) ? (char) b : '.');
          }
      pos[c->is_server] += c->len;
      gtk_text_buffer_get_end_iter (buf, &end);
      gtk_text_buffer_insert_with_tags_by_name (buf, &end, s->str, (int) s->len, c->is_server ? "server" : "client", NULL);
    }
  g_string_free (s, TRUE);
}

static void
describe (WlFollowDialog *self)
{
  WlAddress client, server;
  guint32 cport, sport;
  if (!self->follow || !wl_follow_peers (self->follow, &client, &cport, &server, &sport))
    {
      gtk_label_set_text (self->peers_label, _("No packets in this stream."));
      gtk_label_set_text (self->status_label, "");
      return;
    }
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  wl_col_format_address (&client, a);
  wl_col_format_address (&server, b);
  g_autofree char *peers = g_strdup_printf ("%s:%u → %s:%u", a->str, cport, b->str, sport);
  gtk_label_set_text (self->peers_label, peers);
  g_autofree char *cb = g_format_size (wl_follow_bytes (self->follow, FALSE));
  g_autofree char *sb = g_format_size (wl_follow_bytes (self->follow, TRUE));
  g_autofree char *status = g_strdup_printf (_("%u chunks: client %s, server %s"),
                                             wl_follow_n_chunks (self->follow), cb, sb);
  gtk_label_set_text (self->status_label, status);
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  WlFollowDialog *self = run->dialog;
  g_autoptr (GError) error = NULL;
  gboolean ok = wl_stats_job_finish (result, &error);
  if (!self || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      run_free (run);
      return;
    }
  if (!ok)
    {
      gtk_label_set_text (self->status_label, error->message);
      run_free (run);
      return;
    }
  g_clear_pointer (&self->follow, wl_follow_free);
  self->follow = g_steal_pointer (&run->follow);
  if (run->any_stream && run->max_stream > gtk_adjustment_get_upper (self->stream_adjustment))
    gtk_adjustment_set_upper (self->stream_adjustment, run->max_stream);
  describe (self);
  render (self);
  run_free (run);
}

static void
recompute (WlFollowDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  g_clear_pointer (&self->follow, wl_follow_free);
  render (self);
  WlFollowProto proto = current_proto (self);
  guint32 stream = (guint32) gtk_spin_button_get_value_as_int (self->stream_spin);
  /* the streams the first pass numbered: the spin button's range */
  guint32 n_streams = wl_follow_n_streams (self->session, proto);
  if (n_streams && gtk_adjustment_get_upper (self->stream_adjustment) != n_streams - 1)
    {
      gtk_adjustment_set_upper (self->stream_adjustment, n_streams - 1);
      if (stream > n_streams - 1)
        {
          gtk_spin_button_set_value (self->stream_spin, n_streams - 1); /* recomputes */
          return;
        }
    }
  Run *run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->dialog, self);
  run->follow = wl_follow_new (proto, stream);
  const WlField *f = wl_field_lookup (proto == WL_FOLLOW_TCP ? "tcp.stream" : "udp.stream");
  run->stream_field = f ? f->id : -1;
  g_autofree guint8 *wanted = wl_field_set_new ();
  wl_follow_add_wanted (proto, wanted);
  gtk_label_set_text (self->peers_label, _("Following…"));
  g_autofree char *title = g_strdup_printf (_("Follow %s Stream (%s)"), proto == WL_FOLLOW_TCP ? "TCP" : "UDP",
                                            wl_follow_filter (run->follow));
  gtk_window_set_title (GTK_WINDOW (self), title);
  /* only the frames from the stream's first to its last, of its address pair: not the whole
   * capture (the CLI's follow does the same, from its own first pass) */
  if (wl_follow_frames (self->session, proto, stream, &run->frames))
    wl_stats_job_run_frames (self->session, run->frames.first, run->frames.last, run_wants, run, wanted,
                             run_packet, run, self->cancellable, self->progress, run_done, run);
  else
    wl_stats_job_run (self->session, NULL, FALSE, wanted, run_packet, run, self->cancellable, self->progress,
                      run_done, run);
}

static void
action_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlFollowDialog *self = WL_FOLLOW_DIALOG (widget);
  if (self->follow)
    wl_stats_apply_filter (self->main_window, wl_follow_filter (self->follow));
}

static void
on_save_response (GtkNativeDialog *chooser, int response, WlFollowDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT && self->follow)
    {
      g_autoptr (GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      GByteArray *bytes = g_byte_array_new ();
      if (gtk_drop_down_get_selected (self->mode_dropdown) == WL_FOLLOW_RAW)
        {
          /* Raw: the bytes themselves, of the direction shown */
          guint dir = gtk_drop_down_get_selected (self->direction_dropdown);
          for (guint i = 0; i < wl_follow_n_chunks (self->follow); i++)
            {
              const WlFollowChunk *c = wl_follow_chunk (self->follow, i);
              if ((dir == DIR_CLIENT && c->is_server) || (dir == DIR_SERVER && !c->is_server))
                continue;
              g_byte_array_append (bytes, c->data, c->len);
            }
        }
      else
        {
          GtkTextBuffer *buf = gtk_text_view_get_buffer (self->text_view);
          GtkTextIter a, b;
          gtk_text_buffer_get_bounds (buf, &a, &b);
          g_autofree char *text = gtk_text_buffer_get_text (buf, &a, &b, FALSE);
          g_byte_array_append (bytes, (const guint8 *) text, (guint) strlen (text));
        }
      g_autoptr (GError) error = NULL;
      if (!g_file_replace_contents (file, (const char *) bytes->data, bytes->len, NULL, FALSE,
                                    G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL, &error))
        gtk_label_set_text (self->status_label, error->message);
      else
        {
          g_autofree char *name = g_file_get_parse_name (file);
          g_autofree char *msg = g_strdup_printf (_("Saved to %s"), name);
          gtk_label_set_text (self->status_label, msg);
        }
      g_byte_array_unref (bytes);
    }
  g_clear_object (&self->chooser);
}

static void
action_save (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlFollowDialog *self = WL_FOLLOW_DIALOG (widget);
  if (!self->follow || self->chooser)
    return;
  self->chooser = gtk_file_chooser_native_new (_("Save Stream Content"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "stream.txt");
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_save_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
wl_follow_dialog_dispose (GObject *object)
{
  WlFollowDialog *self = WL_FOLLOW_DIALOG (object);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->follow, wl_follow_free);
  if (self->chooser)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
  g_clear_weak_pointer (&self->main_window);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_FOLLOW_DIALOG);
  G_OBJECT_CLASS (wl_follow_dialog_parent_class)->dispose (object);
}

static void
wl_follow_dialog_class_init (WlFollowDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = wl_follow_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-follow-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, proto_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, stream_spin);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, stream_adjustment);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, peers_label);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, text_view);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, direction_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, mode_dropdown);
  gtk_widget_class_bind_template_child (widget_class, WlFollowDialog, status_label);
  gtk_widget_class_install_action (widget_class, "follow.filter", NULL, action_filter);
  gtk_widget_class_install_action (widget_class, "follow.save", NULL, action_save);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
set_strings (GtkDropDown *dd, const char *const *strings)
{
  g_autoptr (GtkStringList) list = gtk_string_list_new (strings);
  gtk_drop_down_set_model (dd, G_LIST_MODEL (list));
}

static void
wl_follow_dialog_init (WlFollowDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  const char *protos[] = { "TCP", "UDP", NULL };
  const char *dirs[] = { _("Entire conversation"), _("Client → server"), _("Server → client"), NULL };
  /* in the order of WlFollowMode */
  const char *modes[] = { _("ASCII"), _("Hex Dump"), _("Raw"), NULL };
  set_strings (self->proto_dropdown, protos);
  set_strings (self->direction_dropdown, dirs);
  set_strings (self->mode_dropdown, modes);

  /* client bytes in red, server bytes in blue, as Wireshark colours them */
  GtkTextBuffer *buf = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_create_tag (buf, "client", "foreground", "#a00000", "background", "#fbeaea", NULL);
  gtk_text_buffer_create_tag (buf, "server", "foreground", "#0000a0", "background", "#eaeafb", NULL);

  g_signal_connect_swapped (self->direction_dropdown, "notify::selected", G_CALLBACK (render), self);
  g_signal_connect_swapped (self->mode_dropdown, "notify::selected", G_CALLBACK (render), self);
}

static void
connect_recompute (WlFollowDialog *self)
{
  g_signal_connect_swapped (self->proto_dropdown, "notify::selected", G_CALLBACK (recompute), self);
  g_signal_connect_swapped (self->stream_spin, "value-changed", G_CALLBACK (recompute), self);
}

void
wl_follow_dialog_show_stream (GtkWindow *parent, WlSession *session, WlFollowProto proto, guint32 stream)
{
  WlFollowDialog *self = g_object_new (WL_TYPE_FOLLOW_DIALOG, NULL);
  self->session = session;
  g_set_weak_pointer (&self->main_window, parent);
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_drop_down_set_selected (self->proto_dropdown, proto == WL_FOLLOW_UDP ? 1 : 0);
  gtk_adjustment_set_upper (self->stream_adjustment, stream);
  gtk_spin_button_set_value (self->stream_spin, stream);
  connect_recompute (self);
  gtk_window_present (GTK_WINDOW (self));
  recompute (self);
}

void
wl_follow_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter)
{
  WlFollowProto proto = WL_FOLLOW_TCP;
  guint32 stream = 0;
  /* "tcp.stream eq 3", "udp.stream == 1" */
  const char *f = display_filter;
  while (f && g_ascii_isspace (*f))
    f++;
  if (f && (g_str_has_prefix (f, "tcp.stream") || g_str_has_prefix (f, "udp.stream")))
    {
      proto = f[0] == 'u' ? WL_FOLLOW_UDP : WL_FOLLOW_TCP;
      const char *v = f + strlen ("tcp.stream");
      while (*v && !g_ascii_isdigit (*v))
        v++;
      stream = (guint32) strtoul (v, NULL, 10);
    }
  wl_follow_dialog_show_stream (parent, session, proto, stream);
}
