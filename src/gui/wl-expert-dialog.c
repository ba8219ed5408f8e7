/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Expert Information window (see wl-expert-dialog.h), over src/core/stats/expert.c
 * computed on every core from the tree's shape and its expert items (WL_STATS_SHAPE_EXPERT:
 * the protocols and the items with their labels, not the rest of the tree). */
#include <string.h>
#include <glib/gi18n.h>
#include "wl-expert-dialog.h"
#include "wl-stats-common.h"
#include "stats/expert.h"

struct _WlExpertDialog
{
  GtkWindow parent_instance;

  GtkColumnView *view;
  GtkListView *frames_view;
  GtkCheckButton *limit_check;
  GtkLabel *status_label;
  GtkProgressBar *progress;

  WlSession *session;        /* the main window's */
  GtkWindow *main_window;    /* weak */
  char *display_filter;
  GCancellable *cancellable;
  WlStatRows *rows;
  GtkSingleSelection *selection;
  GtkStringList *frames;
};

G_DEFINE_FINAL_TYPE (WlExpertDialog, wl_expert_dialog, GTK_TYPE_WINDOW)

enum { X_SEVERITY, X_SUMMARY, X_GROUP, X_PROTOCOL, X_COUNT, X_N };

typedef struct {
  WlExpertDialog *dialog;    /* weak */
  WlExpert *expert;
} Run;

static void
run_free (Run *run)
{
  g_clear_weak_pointer (&run->dialog);
  wl_expert_free (run->expert);
  g_free (run);
}

static gpointer
part_new (gpointer user_data)
{
  return wl_expert_new ();
}

static void
part_packet (const WlPacket *p, gpointer part)
{
  wl_expert_add_packet (part, p);
}

static void
parts_merge (gpointer user_data, gpointer *parts, guint n_parts)
{
  Run *run = user_data;
  wl_expert_free (run->expert);
  run->expert = wl_expert_merge ((WlExpert **) parts, n_parts);
}

static const char *
severity_name (WlExpertSeverity s)
{
  switch (s)
    {
    case WL_EXPERT_ERROR: return _("Error");
    case WL_EXPERT_WARN: return _("Warning");
    case WL_EXPERT_NOTE: return _("Note");
    case WL_EXPERT_CHAT: return _("Chat");
    default: return _("Comment");
    }
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  WlExpertDialog *self = run->dialog;
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
  GPtrArray *rows = g_ptr_array_new_with_free_func (g_object_unref);
  guint totals[WL_EXPERT_N_SEVERITIES] = { 0 };
  /* most severe first, each severity in order of first appearance */
  for (int s = WL_EXPERT_ERROR; s >= WL_EXPERT_COMMENT; s--)
    {
      const GPtrArray *entries = wl_expert_entries (run->expert, s);
      totals[s] = wl_expert_total (run->expert, s);
      for (guint i = 0; i < entries->len; i++)
        {
          const WlExpertEntry *en = g_ptr_array_index (entries, i);
          WlStatRow *row = wl_stat_row_new (X_N);
          wl_stat_row_set (row, X_SEVERITY, severity_name (s), s);
          wl_stat_row_set (row, X_SUMMARY, en->summary, 0);
          wl_stat_row_set (row, X_GROUP, en->group, 0);
          wl_stat_row_set (row, X_PROTOCOL, en->protocol, 0);
          wl_stat_row_set_uint (row, X_COUNT, en->count);
          wl_stat_row_set_data (row, g_array_ref (en->frames), (GDestroyNotify) g_array_unref);
          g_ptr_array_add (rows, row);
        }
    }
  /* handed over as one array, not appended one by one */
  wl_stat_rows_set (self->rows, rows);
  g_autofree char *status = g_strdup_printf (_("Errors: %u   Warnings: %u   Notes: %u   Chats: %u   Comments: %u"),
                                             totals[WL_EXPERT_ERROR], totals[WL_EXPERT_WARN], totals[WL_EXPERT_NOTE],
                                             totals[WL_EXPERT_CHAT], totals[WL_EXPERT_COMMENT]);
  gtk_label_set_text (self->status_label, status);
  run_free (run);
}

static void
recompute (WlExpertDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  Run *run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->dialog, self);
  const char *filter = gtk_check_button_get_active (self->limit_check) ? self->display_filter : NULL;
  gtk_label_set_text (self->status_label, _("Collecting…"));
  g_autofree guint8 *wanted = wl_field_set_new ();
  wl_expert_add_wanted (wanted);
  wl_stats_job_run_parallel (self->session, filter, WL_STATS_SHAPE_EXPERT, wanted, part_new, part_packet,
                             parts_merge, (GDestroyNotify) wl_expert_free, run, self->cancellable, self->progress,
                             run_done, run);
}

/* The packets of the selected row, in the list on the right. */
static void
on_selection_changed (WlExpertDialog *self)
{
  WlStatRow *row = wl_stat_table_get_selected (self->selection);
  GArray *frames = row ? wl_stat_row_get_data (row) : NULL;
  guint n_old = g_list_model_get_n_items (G_LIST_MODEL (self->frames));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; frames && i < frames->len; i++)
    {
      guint32 f = g_array_index (frames, guint32, i);
      /* one line per packet, even when an item repeats in it */
      if (i > 0 && g_array_index (frames, guint32, i - 1) == f)
        continue;
      g_ptr_array_add (items, g_strdup_printf (_("Frame %u"), f));
    }
  g_ptr_array_add (items, NULL);
  gtk_string_list_splice (self->frames, 0, n_old, (const char *const *) items->pdata);
  g_ptr_array_unref (items);
}

static void
on_frame_activated (GtkListView *view, guint position, WlExpertDialog *self)
{
  g_autoptr (GtkStringObject) s = g_list_model_get_item (G_LIST_MODEL (self->frames), position);
  const char *text = s ? gtk_string_object_get_string (s) : NULL;
  const char *digits = text ? strpbrk (text, "0123456789") : NULL;
  if (digits)
    wl_stats_go_to_frame (self->main_window, (guint32) g_ascii_strtoull (digits, NULL, 10));
}

static void
setup_frame (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  GtkWidget *label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (li, label);
}

static void
bind_frame (GtkSignalListItemFactory *f, GtkListItem *li, gpointer data)
{
  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (li)),
                      gtk_string_object_get_string (gtk_list_item_get_item (li)));
}

static void
wl_expert_dialog_dispose (GObject *object)
{
  WlExpertDialog *self = WL_EXPERT_DIALOG (object);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_clear_weak_pointer (&self->main_window);
  g_clear_pointer (&self->display_filter, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_EXPERT_DIALOG);
  G_OBJECT_CLASS (wl_expert_dialog_parent_class)->dispose (object);
}

static void
wl_expert_dialog_class_init (WlExpertDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = wl_expert_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-expert-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WlExpertDialog, view);
  gtk_widget_class_bind_template_child (widget_class, WlExpertDialog, frames_view);
  gtk_widget_class_bind_template_child (widget_class, WlExpertDialog, limit_check);
  gtk_widget_class_bind_template_child (widget_class, WlExpertDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, WlExpertDialog, progress);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wl_expert_dialog_init (WlExpertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  static const WlStatColumn cols[X_N] = {
    { N_("Severity"), TRUE }, { N_("Summary"), FALSE }, { N_("Group"), FALSE }, { N_("Protocol"), FALSE },
    { N_("Count"), TRUE },
  };
  WlStatColumn translated[X_N];
  for (int i = 0; i < X_N; i++)
    translated[i] = (WlStatColumn) { _(cols[i].title), cols[i].numeric };
  self->rows = wl_stat_rows_new ();
  self->selection = wl_stat_table_setup (self->view, translated, X_N, G_LIST_MODEL (self->rows), FALSE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);

  self->frames = gtk_string_list_new (NULL);
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_frame), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_frame), NULL);
  gtk_list_view_set_factory (self->frames_view, factory);
  g_object_unref (factory);
  GtkSingleSelection *fsel = gtk_single_selection_new (G_LIST_MODEL (self->frames));
  gtk_list_view_set_model (self->frames_view, GTK_SELECTION_MODEL (fsel));
  g_object_unref (fsel);
  g_signal_connect (self->frames_view, "activate", G_CALLBACK (on_frame_activated), self);
  g_signal_connect_swapped (self->limit_check, "toggled", G_CALLBACK (recompute), self);
}

void
wl_expert_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter)
{
  WlExpertDialog *self = g_object_new (WL_TYPE_EXPERT_DIALOG, NULL);
  self->session = session;
  g_set_weak_pointer (&self->main_window, parent);
  self->display_filter = display_filter && display_filter[0] ? g_strdup (display_filter) : NULL;
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  g_signal_handlers_block_by_func (self->limit_check, recompute, self);
  gtk_check_button_set_active (self->limit_check, self->display_filter != NULL);
  g_signal_handlers_unblock_by_func (self->limit_check, recompute, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->limit_check), self->display_filter != NULL);
  gtk_window_present (GTK_WINDOW (self));
  recompute (self);
}
