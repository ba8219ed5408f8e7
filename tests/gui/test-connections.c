/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Connections window (issue 9) under Xvfb, with a socket the test makes itself: a TCP
 * socket listening on 127.0.0.1 shows up within seconds as LISTEN with this process's pid and
 * name (the window reads the sockets every second in a worker), the rows sort by the column
 * asked for, and the row goes away once the socket is closed. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <gtk/gtk.h>
#include "wl-connections-dialog.h"
#include "wl-stats-common.h"

/* The row whose local address is local, or NULL. */
static WlStatRow *
find_row (WlConnectionsDialog *d, const char *local)
{
  GListModel *rows = wl_connections_dialog_get_rows (d);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      WlStatRow *row = g_list_model_get_item (rows, i);
      if (strcmp (wl_stat_row_get_text (row, WL_CONN_COL_LOCAL), local) == 0
          && strcmp (wl_stat_row_get_text (row, WL_CONN_COL_PROTO), "tcp") == 0)
        return row;
      g_object_unref (row);
    }
  return NULL;
}

/* Runs the main loop until the window has read the sockets n more times (or 20 s pass). */
static void
wait_updates (WlConnectionsDialog *d, guint n)
{
  guint target = wl_connections_dialog_get_n_updates (d) + n;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  while (wl_connections_dialog_get_n_updates (d) < target && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wl_connections_dialog_get_n_updates (d), >=, target);
}

static void
check_sorted (WlConnectionsDialog *d, guint col, GtkSortType order)
{
  GtkColumnView *view = wl_connections_dialog_get_view (d);
  g_autoptr (GtkColumnViewColumn) column = g_list_model_get_item (gtk_column_view_get_columns (view), col);
  gtk_column_view_sort_by_column (view, column, order);
  GListModel *rows = wl_connections_dialog_get_rows (d);
  guint n = g_list_model_get_n_items (rows);
  g_assert_cmpuint (n, >, 0);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr (WlStatRow) a = g_list_model_get_item (rows, i - 1);
      g_autoptr (WlStatRow) b = g_list_model_get_item (rows, i);
      double ka = wl_stat_row_get_key (a, col), kb = wl_stat_row_get_key (b, col);
      if (order == GTK_SORT_ASCENDING)
        g_assert_cmpfloat (ka, <=, kb);
      else
        g_assert_cmpfloat (ka, >=, kb);
    }
}

static void
test_listening_socket (void)
{
  int fd = socket (AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof a;
  g_assert_cmpint (bind (fd, (struct sockaddr *) &a, sizeof a), ==, 0);
  g_assert_cmpint (listen (fd, 4), ==, 0);
  g_assert_cmpint (getsockname (fd, (struct sockaddr *) &a, &len), ==, 0);
  g_autofree char *local = g_strdup_printf ("127.0.0.1:%u", ntohs (a.sin_port));
  g_autofree char *comm = NULL;
  g_assert_true (g_file_get_contents ("/proc/self/comm", &comm, NULL, NULL));
  g_strchomp (comm);
  g_autofree char *process = g_strdup_printf ("%u/%s", (guint) getpid (), comm);

  WlConnectionsDialog *d = wl_connections_dialog_show (NULL);
  g_object_add_weak_pointer (G_OBJECT (d), (gpointer *) &d);
  wait_updates (d, 1);
  WlStatRow *row = find_row (d, local);
  g_assert_nonnull (row);
  g_assert_cmpstr (wl_stat_row_get_text (row, WL_CONN_COL_STATE), ==, "LISTEN");
  g_assert_cmpstr (wl_stat_row_get_text (row, WL_CONN_COL_FOREIGN), ==, "0.0.0.0:*");
  g_assert_cmpstr (wl_stat_row_get_text (row, WL_CONN_COL_PROCESS), ==, process);
  g_object_unref (row);

  /* Sortable by each column; local addresses in numeric order at first. */
  check_sorted (d, WL_CONN_COL_PROCESS, GTK_SORT_DESCENDING);
  check_sorted (d, WL_CONN_COL_LOCAL, GTK_SORT_ASCENDING);

  /* Live: closed, the socket leaves the list at a later reading. */
  close (fd);
  wait_updates (d, 2);
  row = find_row (d, local);
  g_assert_null (row);
  gtk_window_destroy (GTK_WINDOW (d));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  g_test_add_func ("/connections/listening-socket", test_listening_socket);
  return g_test_run ();
}
