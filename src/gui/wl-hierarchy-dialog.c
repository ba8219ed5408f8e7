/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Protocol Hierarchy window (see wl-hierarchy-dialog.h), over src/core/stats/hierarchy.c
 * computed in a worker thread (with the full tree, whose top-level items it counts). */
#include <glib/gi18n.h>
#include "wl-hierarchy-dialog.h"
#include "wl-stats-common.h"
#include "stats/hierarchy.h"

struct _WlHierarchyDialog
{
  GtkWindow parent_instance;

  GtkColumnView *view;
  GtkCheckButton *limit_check;
  GtkLabel *status_label;
  GtkProgressBar *progress;

  WlSession *session;        /* the main window's */
  GtkWindow *main_window;    /* weak */
  char *display_filter;
  GCancellable *cancellable;
  GListStore *roots;
  GtkSingleSelection *selection;
};

G_DEFINE_FINAL_TYPE (WlHierarchyDialog, wl_hierarchy_dialog, GTK_TYPE_WINDOW)

enum { H_NAME, H_PCT_PACKETS, H_PACKETS, H_PCT_BYTES, H_BYTES, H_END_PACKETS, H_END_BYTES, H_N };

typedef struct {
  WlHierarchyDialog *dialog; /* weak */
  WlHierarchy *hierarchy;
} Run;

static void
run_free (Run *run)
{
  g_clear_weak_pointer (&run->dialog);
  wl_hierarchy_free (run->hierarchy);
  g_free (run);
}

/* Each worker counts its frames (src/core/revisit.h) into a hierarchy of its own. */
static gpointer
part_new (gpointer user_data)
{
  return wl_hierarchy_new_like (((Run *) user_data)->hierarchy);
}

static void
part_packet (const WlPacket *p, gpointer part)
{
  wl_hierarchy_add_packet (part, p);
}

static void
parts_merge (gpointer user_data, gpointer *parts, guint n_parts)
{
  Run *run = user_data;
  for (guint i = 0; i < n_parts; i++)
    {
      wl_hierarchy_merge (run->hierarchy, parts[i]);
      wl_hierarchy_free (parts[i]);
    }
}

static void
set_percent (WlStatRow *row, guint col, double part, double whole)
{
  double pct = whole > 0 ? 100.0 * part / whole : 0;
  char buf[32];
  g_snprintf (buf, sizeof buf, "%.1f %%", pct);
  wl_stat_row_set (row, col, buf, pct);
}

static GListStore *
build_rows (const WlHierNode *first, guint32 total_frames, guint64 total_bytes)
{
  GListStore *store = g_list_store_new (WL_TYPE_STAT_ROW);
  for (const WlHierNode *n = first; n; n = n->next)
    {
      WlStatRow *row = wl_stat_row_new (H_N);
      const WlField *f = wl_field_lookup (n->name);
      /* Protocols show their name, other items their filter name, as Wireshark does */
      const char *name = f && f->type == WL_FT_PROTOCOL ? f->name : n->name;
      wl_stat_row_set (row, H_NAME, name, 0);
      set_percent (row, H_PCT_PACKETS, n->frames, total_frames);
      wl_stat_row_set_uint (row, H_PACKETS, n->frames);
      set_percent (row, H_PCT_BYTES, (double) n->bytes, (double) total_bytes);
      wl_stat_row_set_uint (row, H_BYTES, n->bytes);
      guint32 child_frames = 0;
      guint64 child_bytes = 0;
      for (const WlHierNode *c = n->first_child; c; c = c->next)
        {
          child_frames += c->frames;
          child_bytes += c->bytes;
        }
      wl_stat_row_set_uint (row, H_END_PACKETS, n->frames - MIN (child_frames, n->frames));
      wl_stat_row_set_uint (row, H_END_BYTES, n->bytes - MIN (child_bytes, n->bytes));
      wl_stat_row_set_data (row, g_strdup (n->name), g_free);
      if (n->first_child)
        {
          g_autoptr (GListStore) children = build_rows (n->first_child, total_frames, total_bytes);
          wl_stat_row_set_children (row, G_LIST_MODEL (children));
        }
      g_list_store_append (store, row);
      g_object_unref (row);
    }
  return store;
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  WlHierarchyDialog *self = run->dialog;
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
  g_autoptr (GListStore) rows = build_rows (wl_hierarchy_first (run->hierarchy), wl_hierarchy_n_frames (run->hierarchy),
                                            wl_hierarchy_n_bytes (run->hierarchy));
  g_list_store_remove_all (self->roots);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (rows)); i++)
    {
      g_autoptr (GObject) item = g_list_model_get_item (G_LIST_MODEL (rows), i);
      g_list_store_append (self->roots, item);
    }
  gboolean limited = gtk_check_button_get_active (self->limit_check) && self->display_filter;
  g_autofree char *status = g_strdup_printf (limited ? _("%u packets matching \"%s\"") : _("%u packets"),
                                             wl_hierarchy_n_frames (run->hierarchy), self->display_filter);
  gtk_label_set_text (self->status_label, status);
  run_free (run);
}

static void
recompute (WlHierarchyDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  Run *run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->dialog, self);
  /* The GUI shows the whole tree under "Frame", as Wireshark's window does */
  run->hierarchy = wl_hierarchy_new (TRUE);
  const char *filter = gtk_check_button_get_active (self->limit_check) ? self->display_filter : NULL;
  gtk_label_set_text (self->status_label, _("Counting…"));
  wl_stats_job_run_parallel (self->session, filter, WL_STATS_SHAPE, NULL, part_new, part_packet, parts_merge,
                             (GDestroyNotify) wl_hierarchy_free, run, self->cancellable, self->progress, run_done,
                             run);
}

static GListModel *
create_children (gpointer item, gpointer user_data)
{
  GListModel *children = wl_stat_row_get_children (WL_STAT_ROW (item));
  return children ? g_object_ref (children) : NULL;
}

static void
action_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlHierarchyDialog *self = WL_HIERARCHY_DIALOG (widget);
  WlStatRow *row = wl_stat_table_get_selected (self->selection);
  if (!row)
    {
      gtk_label_set_text (self->status_label, _("Select a protocol first."));
      return;
    }
  wl_stats_apply_filter (self->main_window, wl_stat_row_get_data (row));
}

static void
wl_hierarchy_dialog_dispose (GObject *object)
{
  WlHierarchyDialog *self = WL_HIERARCHY_DIALOG (object);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->roots);
  g_clear_weak_pointer (&self->main_window);
  g_clear_pointer (&self->display_filter, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_HIERARCHY_DIALOG);
  G_OBJECT_CLASS (wl_hierarchy_dialog_parent_class)->dispose (object);
}

static void
wl_hierarchy_dialog_class_init (WlHierarchyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = wl_hierarchy_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-hierarchy-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WlHierarchyDialog, view);
  gtk_widget_class_bind_template_child (widget_class, WlHierarchyDialog, limit_check);
  gtk_widget_class_bind_template_child (widget_class, WlHierarchyDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, WlHierarchyDialog, progress);
  gtk_widget_class_install_action (widget_class, "hierarchy.filter", NULL, action_filter);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wl_hierarchy_dialog_init (WlHierarchyDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  static const WlStatColumn cols[H_N] = {
    { N_("Protocol"), FALSE }, { N_("Percent Packets"), TRUE }, { N_("Packets"), TRUE },
    { N_("Percent Bytes"), TRUE }, { N_("Bytes"), TRUE }, { N_("End Packets"), TRUE }, { N_("End Bytes"), TRUE },
  };
  WlStatColumn translated[H_N];
  for (int i = 0; i < H_N; i++)
    translated[i] = (WlStatColumn) { _(cols[i].title), cols[i].numeric };
  self->roots = g_list_store_new (WL_TYPE_STAT_ROW);
  GtkTreeListModel *tree = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)), FALSE, TRUE,
                                                    create_children, NULL, NULL);
  self->selection = wl_stat_table_setup (self->view, translated, H_N, G_LIST_MODEL (tree), TRUE);
  g_object_unref (tree);
  g_signal_connect_swapped (self->limit_check, "toggled", G_CALLBACK (recompute), self);
}

void
wl_hierarchy_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter)
{
  WlHierarchyDialog *self = g_object_new (WL_TYPE_HIERARCHY_DIALOG, NULL);
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
