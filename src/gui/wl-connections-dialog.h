/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Connections window (issue 9): the host's TCP and UDP sockets with their state and the
 * process that owns each, like `netstat -tupan`, read again every second by a worker thread
 * (src/core/procmap.c) and sortable by each column. Needs no capture. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WL_TYPE_CONNECTIONS_DIALOG (wl_connections_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WlConnectionsDialog, wl_connections_dialog, WL, CONNECTIONS_DIALOG, GtkWindow)

enum {
  WL_CONN_COL_PROTO,
  WL_CONN_COL_LOCAL,
  WL_CONN_COL_FOREIGN,
  WL_CONN_COL_STATE,
  WL_CONN_COL_PROCESS,
  WL_CONN_N_COLS
};

/* Opens the window (one per parent: presented again when already open). */
WlConnectionsDialog *wl_connections_dialog_show (GtkWindow *parent);

/* For tests: the rows as shown (sorted; items are WlStatRow), and how many times the list was
 * read. */
GListModel *wl_connections_dialog_get_rows (WlConnectionsDialog *self);
GtkColumnView *wl_connections_dialog_get_view (WlConnectionsDialog *self);
guint wl_connections_dialog_get_n_updates (WlConnectionsDialog *self);

G_END_DECLS
