/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Connections window (see wl-connections-dialog.h). A timer starts a GTask every second
 * (never two at once); the task reads the socket tables with the window's own WlProcMap in a
 * worker thread and returns plain rows; only the main thread builds the GTK rows and touches
 * widgets. */
#include <arpa/inet.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "procmap.h"
#include "wl-connections-dialog.h"
#include "wl-stats-common.h"

struct _WlConnectionsDialog
{
  GtkWindow parent_instance;

  GtkColumnView *view;
  GtkLabel *status_label;
  GListStore *rows;
  GtkSingleSelection *selection;

  WlProcMap *map;            /* the worker's only (one task at a time) */
  gboolean busy;
  guint timer;
  GCancellable *cancellable;
  char *signature;           /* of the rows shown: unchanged lists are not rebuilt */
  guint n_updates;
};

G_DEFINE_FINAL_TYPE (WlConnectionsDialog, wl_connections_dialog, GTK_TYPE_WINDOW)

/* ---- The worker ---- */

static void
read_sockets (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GError *error = NULL;
  if (!wl_procmap_refresh (task_data, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_pointer (task, wl_procmap_list_sockets (task_data), (GDestroyNotify) g_ptr_array_unref);
}

/* ---- Rows ---- */

static char *
format_end (int family, const guint8 *addr, guint16 port, gboolean wildcard_port)
{
  char text[INET6_ADDRSTRLEN] = "?";
  inet_ntop (family, addr, text, sizeof text);
  if (wildcard_port && port == 0)
    return family == AF_INET6 ? g_strdup_printf ("[%s]:*", text) : g_strdup_printf ("%s:*", text);
  return family == AF_INET6 ? g_strdup_printf ("[%s]:%u", text, port) : g_strdup_printf ("%s:%u", text, port);
}

/* Sorts addresses by family, address and port, not as text (10.0.0.2 before 10.0.0.10).
 * IPv6 addresses by their first 32 bits only: a double holds 53. */
static double
address_key (int family, const guint8 *addr, guint16 port)
{
  double k = family == AF_INET6 ? 1 : 0;
  for (int i = 0; i < 4; i++)
    k = k * 256 + addr[i];
  return k * 65536 + port;
}

static WlStatRow *
make_row (const WlSocketRow *s)
{
  WlStatRow *row = wl_stat_row_new (WL_CONN_N_COLS);
  gboolean v6 = s->family == AF_INET6;
  const char *proto = s->ipproto == 6 ? (v6 ? "tcp6" : "tcp") : (v6 ? "udp6" : "udp");
  wl_stat_row_set (row, WL_CONN_COL_PROTO, proto, 0);
  g_autofree char *local = format_end (s->family, s->local, s->local_port, FALSE);
  g_autofree char *foreign = format_end (s->family, s->remote, s->remote_port, TRUE);
  wl_stat_row_set (row, WL_CONN_COL_LOCAL, local, address_key (s->family, s->local, s->local_port));
  wl_stat_row_set (row, WL_CONN_COL_FOREIGN, foreign, address_key (s->family, s->remote, s->remote_port));
  /* UDP has no states; netstat shows a connected UDP socket as ESTABLISHED and others blank. */
  const char *state = s->ipproto == 17 && s->state != 1 ? "" : wl_tcp_state_name (s->state);
  wl_stat_row_set (row, WL_CONN_COL_STATE, state, s->state);
  g_autofree char *process = s->pid ? g_strdup_printf ("%u/%s", s->pid, s->name ? s->name : "?") : g_strdup ("-");
  wl_stat_row_set (row, WL_CONN_COL_PROCESS, process, s->pid);
  return row;
}

static char *
row_id (WlStatRow *row)
{
  return g_strdup_printf ("%s %s %s", wl_stat_row_get_text (row, WL_CONN_COL_PROTO),
                          wl_stat_row_get_text (row, WL_CONN_COL_LOCAL), wl_stat_row_get_text (row, WL_CONN_COL_FOREIGN));
}

static void
show_rows (WlConnectionsDialog *self, GPtrArray *sockets)
{
  GPtrArray *made = g_ptr_array_new_with_free_func (g_object_unref);
  GString *sig = g_string_new (NULL);
  guint n_known = 0;
  for (guint i = 0; i < sockets->len; i++)
    {
      const WlSocketRow *s = g_ptr_array_index (sockets, i);
      WlStatRow *row = make_row (s);
      n_known += s->pid != 0;
      for (guint c = 0; c < WL_CONN_N_COLS; c++)
        {
          g_string_append (sig, wl_stat_row_get_text (row, c));
          g_string_append_c (sig, '\t');
        }
      g_string_append_c (sig, '\n');
      g_ptr_array_add (made, row);
    }
  self->n_updates++;
  if (g_strcmp0 (sig->str, self->signature) != 0)
    {
      /* Keep the selected socket selected across the update. */
      WlStatRow *selected = wl_stat_table_get_selected (self->selection);
      g_autofree char *keep = selected ? row_id (selected) : NULL;
      g_list_store_splice (self->rows, 0, g_list_model_get_n_items (G_LIST_MODEL (self->rows)), made->pdata, made->len);
      g_free (self->signature);
      self->signature = g_string_free (g_steal_pointer (&sig), FALSE);
      GListModel *shown = gtk_single_selection_get_model (self->selection);
      for (guint i = 0; keep && i < g_list_model_get_n_items (shown); i++)
        {
          g_autoptr (WlStatRow) r = g_list_model_get_item (shown, i);
          g_autofree char *id = row_id (r);
          if (strcmp (id, keep) == 0)
            {
              gtk_single_selection_set_selected (self->selection, i);
              break;
            }
        }
    }
  if (sig)
    g_string_free (sig, TRUE);
  g_ptr_array_unref (made);
  g_autofree char *counts = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u socket, %u with a known process.",
                                                          "%u sockets, %u with a known process.", sockets->len),
                                             sockets->len, n_known);
  if (geteuid () != 0)
    {
      g_autofree char *text = g_strdup_printf ("%s %s", counts,
                                               _("Other users' processes are shown as “-”: run as root to see them."));
      gtk_label_set_text (self->status_label, text);
    }
  else
    gtk_label_set_text (self->status_label, counts);
}

static void
on_read (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WlConnectionsDialog *self = WL_CONNECTIONS_DIALOG (source);
  self->busy = FALSE;
  g_autoptr (GError) error = NULL;
  GPtrArray *sockets = g_task_propagate_pointer (G_TASK (result), &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || !self->timer)
    {
      g_clear_pointer (&sockets, g_ptr_array_unref);
      return; /* closed meanwhile */
    }
  if (!sockets)
    {
      g_autofree char *text = g_strdup_printf (_("The sockets could not be read: %s"), error->message);
      gtk_label_set_text (self->status_label, text);
      return;
    }
  show_rows (self, sockets);
  g_ptr_array_unref (sockets);
}

static gboolean
on_tick (gpointer user_data)
{
  WlConnectionsDialog *self = user_data;
  if (self->busy)
    return G_SOURCE_CONTINUE;
  self->busy = TRUE;
  g_autoptr (GTask) task = g_task_new (self, self->cancellable, on_read, NULL);
  g_task_set_task_data (task, self->map, NULL); /* freed in finalize, after every task */
  g_task_run_in_thread (task, read_sockets);
  return G_SOURCE_CONTINUE;
}

/* ---- The window ---- */

static void
wl_connections_dialog_dispose (GObject *object)
{
  WlConnectionsDialog *self = WL_CONNECTIONS_DIALOG (object);
  g_clear_handle_id (&self->timer, g_source_remove);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  G_OBJECT_CLASS (wl_connections_dialog_parent_class)->dispose (object);
}

static void
wl_connections_dialog_finalize (GObject *object)
{
  WlConnectionsDialog *self = WL_CONNECTIONS_DIALOG (object);
  /* A running task holds a reference to the window: no worker uses the map any more. */
  wl_procmap_free (self->map);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->rows);
  g_free (self->signature);
  G_OBJECT_CLASS (wl_connections_dialog_parent_class)->finalize (object);
}

static void
wl_connections_dialog_class_init (WlConnectionsDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = wl_connections_dialog_dispose;
  G_OBJECT_CLASS (klass)->finalize = wl_connections_dialog_finalize;
}

static void
wl_connections_dialog_init (WlConnectionsDialog *self)
{
  gtk_window_set_title (GTK_WINDOW (self), _("Connections"));
  gtk_window_set_default_size (GTK_WINDOW (self), 900, 500);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scrolled, TRUE);
  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (NULL));
  gtk_column_view_set_show_column_separators (self->view, TRUE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->view));
  gtk_box_append (GTK_BOX (box), scrolled);
  self->status_label = GTK_LABEL (gtk_label_new (_("Reading the sockets…")));
  gtk_label_set_xalign (self->status_label, 0);
  gtk_label_set_wrap (self->status_label, TRUE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->status_label));
  gtk_window_set_child (GTK_WINDOW (self), box);

  const WlStatColumn cols[WL_CONN_N_COLS] = {
    [WL_CONN_COL_PROTO] = { _("Protocol"), FALSE },
    [WL_CONN_COL_LOCAL] = { _("Local Address"), TRUE },
    [WL_CONN_COL_FOREIGN] = { _("Foreign Address"), TRUE },
    [WL_CONN_COL_STATE] = { _("State"), FALSE },
    [WL_CONN_COL_PROCESS] = { _("PID/Program Name"), FALSE },
  };
  self->rows = g_list_store_new (WL_TYPE_STAT_ROW);
  self->selection = wl_stat_table_setup (self->view, cols, WL_CONN_N_COLS, G_LIST_MODEL (self->rows), FALSE);
  /* Addresses sort by their numbers but read from the left, as netstat shows them; the
   * program's column takes the spare width. */
  GListModel *columns = gtk_column_view_get_columns (self->view);
  for (guint i = 0; i < WL_CONN_N_COLS; i++)
    {
      g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (columns, i);
      GtkListItemFactory *factory = gtk_column_view_column_get_factory (column);
      g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (FALSE));
      gtk_column_view_column_set_expand (column, i == WL_CONN_COL_PROCESS);
    }
  /* netstat's order: by local address at first. */
  g_autoptr (GtkColumnViewColumn) local = g_list_model_get_item (columns, WL_CONN_COL_LOCAL);
  gtk_column_view_sort_by_column (self->view, local, GTK_SORT_ASCENDING);

  self->map = wl_procmap_new ();
  self->cancellable = g_cancellable_new ();
  self->timer = g_timeout_add_seconds (1, on_tick, self);
  on_tick (self);
}

static void
weak_ref_free (gpointer data)
{
  g_weak_ref_clear (data);
  g_free (data);
}

WlConnectionsDialog *
wl_connections_dialog_show (GtkWindow *parent)
{
  GWeakRef *ref = parent ? g_object_get_data (G_OBJECT (parent), "wl-connections-dialog") : NULL;
  WlConnectionsDialog *self = ref ? g_weak_ref_get (ref) : NULL;
  if (self)
    g_object_unref (self); /* the window keeps itself alive while shown */
  else
    {
      self = g_object_new (WL_TYPE_CONNECTIONS_DIALOG, NULL);
      if (parent)
        {
          gtk_window_set_transient_for (GTK_WINDOW (self), parent);
          gtk_window_set_destroy_with_parent (GTK_WINDOW (self), TRUE);
          ref = g_new0 (GWeakRef, 1);
          g_weak_ref_init (ref, self);
          g_object_set_data_full (G_OBJECT (parent), "wl-connections-dialog", ref, weak_ref_free);
        }
    }
  gtk_window_present (GTK_WINDOW (self));
  return self;
}

GListModel *
wl_connections_dialog_get_rows (WlConnectionsDialog *self)
{
  return G_LIST_MODEL (self->selection);
}

GtkColumnView *
wl_connections_dialog_get_view (WlConnectionsDialog *self)
{
  return self->view;
}

guint
wl_connections_dialog_get_n_updates (WlConnectionsDialog *self)
{
  return self->n_updates;
}
