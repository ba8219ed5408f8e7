/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GUI test of live capture (issue 5), as root only (skipped, saying so, otherwise): the real
 * window under Xvfb lists the interfaces, checks a capture filter with libpcap, captures on lo
 * while this test sends UDP datagrams to 127.0.0.1 (nothing leaves the machine), sees the rows
 * arrive and the list follow them, applies a display filter during the capture and checks the
 * displayed count, stops, is asked before closing the unsaved capture, saves it (pcapng and
 * pcap), reopens the file and finds the same rows.
 * With WL_CAPTURE_SCREENSHOT=DIR it also saves pictures of the start page and the capture. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <gio/gio.h>
#include <string.h>
#include <unistd.h>
#include "test-util.h"
#include "wl-window-private.h"

static WlApplication *app;
static WlWindow *window;
static GSocket *sender, *sink1, *sink2;
static guint16 port1, port2;
static char *tmp_dir;

typedef gboolean (*CondFunc) (void);

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

/* Runs the main loop until cond holds (at most timeout_s seconds); returns cond's value. */
static gboolean
spin_until (CondFunc cond, double timeout_s)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (timeout_s * G_USEC_PER_SEC);
  guint id = g_timeout_add (10, wake, NULL);
  while (!cond () && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
  return cond ();
}

static void
spin_for (double seconds)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) (seconds * G_USEC_PER_SEC);
  guint id = g_timeout_add (10, wake, NULL);
  while (g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (id);
}

static void
save_picture (const char *name)
{
  const char *dir = g_getenv ("WL_CAPTURE_SCREENSHOT");
  if (!dir)
    return;
  spin_for (0.5);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr (GError) error = NULL;
  if (!wl_window_save_screenshot (window, path, &error))
    g_printerr ("screenshot: %s\n", error->message);
  else
    g_printerr ("wrote %s\n", path);
}

static GSocket *
bound_udp (guint16 *port)
{
  g_autoptr (GError) error = NULL;
  GSocket *s = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_DATAGRAM, G_SOCKET_PROTOCOL_UDP, &error);
  g_assert_no_error (error);
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) addr = g_inet_socket_address_new (lo, 0);
  g_assert_true (g_socket_bind (s, addr, FALSE, &error));
  g_autoptr (GSocketAddress) local = g_socket_get_local_address (s, &error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));
  return s;
}

/* n datagrams to 127.0.0.1:port, a little apart so that the list grows in several batches. */
static void
send_udp (guint16 port, guint n, guint first)
{
  g_autoptr (GInetAddress) lo = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr (GSocketAddress) to = g_inet_socket_address_new (lo, port);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *text = g_strdup_printf ("wirelens gui capture test %u", first + i);
      g_autoptr (GError) error = NULL;
      g_assert_cmpint (g_socket_send_to (sender, to, text, strlen (text), NULL, &error), ==, (gssize) strlen (text));
      if (i % 5 == 4)
        spin_for (0.01);
    }
}

static guint
n_rows (void)
{
  return window->model ? g_list_model_get_n_items (G_LIST_MODEL (window->model)) : 0;
}

static guint32
n_frames (void)
{
  return window->file ? wl_capture_file_get_n_frames (window->file) : 0;
}

static gboolean
interfaces_listed (void)
{
  return !wl_capture_view_is_loading (window->capture_view);
}

static gboolean
filter_checked (void)
{
  WlCaptureFilterState s = wl_capture_view_get_filter_state (window->capture_view);
  return s == WL_CAPTURE_FILTER_VALID || s == WL_CAPTURE_FILTER_INVALID;
}

static gboolean
capture_begun (void)
{
  return window->file && wl_capture_file_get_session (window->file) != NULL;
}

static gboolean
capture_over (void)
{
  return !wl_window_is_capturing (window);
}

static guint want_frames, want_rows;

static gboolean
counts_reached (void)
{
  return n_frames () >= want_frames && n_rows () >= want_rows;
}

static gboolean
rate_seen (void)
{
  return wl_capture_view_get_rate (window->capture_view, "lo") >= 0;
}

static GtkEntry *
capture_filter_entry (void)
{
  /* The view's only entry. */
  GtkWidget *w = GTK_WIDGET (window->capture_view);
  GPtrArray *stack = g_ptr_array_new ();
  g_ptr_array_add (stack, w);
  GtkEntry *found = NULL;
  while (stack->len && !found)
    {
      GtkWidget *c = g_ptr_array_steal_index (stack, stack->len - 1);
      if (GTK_IS_ENTRY (c))
        found = GTK_ENTRY (c);
      for (GtkWidget *k = gtk_widget_get_first_child (c); k; k = gtk_widget_get_next_sibling (k))
        g_ptr_array_add (stack, k);
    }
  g_ptr_array_unref (stack);
  return found;
}

static void
test_interfaces (void)
{
  g_assert_true (spin_until (interfaces_listed, 10));
  g_auto (GStrv) names = wl_capture_view_dup_interfaces (window->capture_view);
  g_assert_true (g_strv_contains ((const char *const *) names, "lo"));
  /* The start page shows the view. */
  g_assert_true (gtk_widget_get_visible (window->welcome_page));
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->capture_view), window->welcome_page));
  /* The helper counts packets (root may): lo's rate graph gets its samples. */
  g_assert_true (spin_until (rate_seen, 5));
  save_picture ("capture-start-page.png");
}

static void
test_capture_filter (void)
{
  GtkEntry *entry = capture_filter_entry ();
  g_assert_nonnull (entry);
  wl_capture_view_set_filter (window->capture_view, "udp port");
  g_assert_true (spin_until (filter_checked, 5));
  g_assert_cmpint (wl_capture_view_get_filter_state (window->capture_view), ==, WL_CAPTURE_FILTER_INVALID);
  /* libpcap's own words */
  const char *error = wl_capture_view_get_filter_error (window->capture_view);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error, "syntax error"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "invalid"));

  g_autofree char *good = g_strdup_printf ("udp and (port %u or port %u)", port1, port2);
  wl_capture_view_set_filter (window->capture_view, good);
  g_assert_true (spin_until (filter_checked, 5));
  g_assert_cmpint (wl_capture_view_get_filter_state (window->capture_view), ==, WL_CAPTURE_FILTER_VALID);
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (entry), "valid"));
  g_assert_null (wl_capture_view_get_filter_error (window->capture_view));
}

static GPtrArray *saved_rows;   /* the displayed rows' texts at the end of the capture */

/* A row's texts; with_time FALSE leaves the time out (a pcap file keeps microseconds only,
 * so times that rounded up from nanoseconds may show one microsecond less). */
static char *
row_text (GListModel *model, guint position, gboolean with_time)
{
  g_autoptr (WlPacketRow) row = g_list_model_get_item (model, position);
  g_assert_nonnull (row);
  GString *s = g_string_new (NULL);
  for (guint c = 0; c < WL_N_COLS; c++)
    if (c != WL_COL_TIME || with_time)
      g_string_append_printf (s, "%s|", wl_packet_row_get_text (row, c));
  return g_string_free (s, FALSE);
}

static void
test_live (void)
{
  const char *lo[] = { "lo", NULL };
  wl_capture_view_set_selected (window->capture_view, lo);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-start", NULL);
  g_assert_true (wl_window_is_capturing (window));
  g_assert_true (spin_until (capture_begun, 10));
  g_assert_false (gtk_widget_get_visible (window->welcome_page));

  /* Rows arrive as packets do. */
  send_udp (port1, 20, 0);
  send_udp (port2, 10, 100);
  want_frames = 30;
  want_rows = 30;
  g_assert_true (spin_until (counts_reached, 10));
  spin_for (0.3);
  g_assert_cmpuint (n_frames (), ==, 30);
  g_assert_cmpuint (n_rows (), ==, 30);
  g_assert_true (wl_window_is_capturing (window));
  g_autoptr (WlPacketRow) first_row = g_list_model_get_item (G_LIST_MODEL (window->model), 0);
  g_assert_cmpstr (wl_packet_row_get_text (first_row, WL_COL_PROTOCOL), ==, "UDP");
  g_assert_nonnull (strstr (gtk_label_get_text (window->status_counts), "30"));
  g_assert_nonnull (strstr (gtk_label_get_text (window->status_file), "lo"));
  /* The list follows the newest packet. */
  g_assert_true (window->follow_newest);
  save_picture ("capture-live-unfiltered.png");

  /* A display filter during the capture: the packets before it and those after. */
  g_autofree char *df = g_strdup_printf ("udp.dstport == %u", port1);
  wl_filter_bar_set_text (window->filter_bar, df);
  wl_filter_bar_apply (window->filter_bar);
  want_rows = 0;
  spin_for (0.3);
  g_assert_cmpuint (n_rows (), ==, 20);
  send_udp (port1, 20, 20);
  send_udp (port2, 10, 110);
  want_frames = 60;
  want_rows = 40;
  g_assert_true (spin_until (counts_reached, 10));
  spin_for (0.3);
  g_assert_cmpuint (n_frames (), ==, 60);
  g_assert_cmpuint (n_rows (), ==, 40);
  for (guint i = 0; i < n_rows (); i++)
    {
      g_autoptr (WlPacketRow) row = g_list_model_get_item (G_LIST_MODEL (window->model), i);
      g_autofree char *expect = g_strdup_printf ("→ %u", port1);
      g_assert_nonnull (strstr (wl_packet_row_get_text (row, WL_COL_INFO), expect));
    }
  g_assert_nonnull (strstr (gtk_label_get_text (window->status_counts), "Displayed: 40"));
  save_picture ("capture-live.png");

  /* The newest packet is in view. */
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (window->packet_view));
  g_assert_cmpfloat (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj), >=,
                     gtk_adjustment_get_upper (adj) - 60);

  /* Scrolled away from the end, the list stays where the user put it. */
  if (gtk_adjustment_get_upper (adj) > gtk_adjustment_get_page_size (adj) + 100)
    {
      gtk_adjustment_set_value (adj, 0);
      g_assert_false (window->follow_newest);
      send_udp (port1, 5, 40);
      want_frames = 65;
      want_rows = 45;
      g_assert_true (spin_until (counts_reached, 10));
      g_assert_cmpfloat (gtk_adjustment_get_value (adj), ==, 0);
    }

  /* Stop: the capture stays, unsaved. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-stop", NULL);
  g_assert_true (spin_until (capture_over, 10));
  g_assert_true (wl_capture_file_is_unsaved (window->file));
  g_assert_cmpuint (n_rows (), ==, want_rows);
  g_assert_nonnull (strstr (gtk_label_get_text (window->status_counts), "Dropped: 0"));
  saved_rows = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n_rows (); i++)
    g_ptr_array_add (saved_rows, row_text (G_LIST_MODEL (window->model), i, TRUE));
}

static void
test_close_asks (void)
{
  /* Closing asks; Cancel keeps the window and its capture. */
  gtk_window_close (GTK_WINDOW (window));
  spin_for (0.1);
  g_assert_nonnull (window->unsaved_dialog);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window->unsaved_dialog)));
  wl_window_answer_unsaved (window, WL_UNSAVED_CANCEL);
  g_assert_null (window->unsaved_dialog);
  g_assert_nonnull (window->file);
  g_assert_true (wl_capture_file_is_unsaved (window->file));
}

static gboolean
saved (void)
{
  return !wl_capture_file_is_unsaved (window->file);
}

static gboolean pcap_done;

static void
pcap_saved (GObject *source, GAsyncResult *result, gpointer data)
{
  g_assert_true (wl_capture_file_save_finish (WL_CAPTURE_FILE (source), result, NULL));
  pcap_done = TRUE;
}

static gboolean
pcap_written (void)
{
  return pcap_done;
}

static WlWindow *reopened;

static gboolean
reopened_idle (void)
{
  return !wl_window_is_busy (reopened) && reopened->file && !wl_capture_file_get_loading (reopened->file);
}

static void
check_reopened (const char *path, guint32 frames, gboolean with_time)
{
  reopened = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (reopened));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  wl_window_open (reopened, file);
  g_assert_true (spin_until (reopened_idle, 20));
  g_assert_cmpuint (wl_capture_file_get_n_frames (reopened->file), ==, frames);
  wl_filter_bar_set_text (reopened->filter_bar, window->applied_filter);
  wl_filter_bar_apply (reopened->filter_bar);
  spin_for (0.2);
  g_assert_true (spin_until (reopened_idle, 20));
  GListModel *rows = G_LIST_MODEL (reopened->model);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, saved_rows->len);
  for (guint i = 0; i < saved_rows->len; i++)
    {
      g_autofree char *text = row_text (rows, i, with_time);
      g_autofree char *want = with_time ? g_strdup (g_ptr_array_index (saved_rows, i))
                                        : row_text (G_LIST_MODEL (window->model), i, FALSE);
      g_assert_cmpstr (text, ==, want);
    }
  gtk_window_destroy (GTK_WINDOW (reopened));
  reopened = NULL;
}

static void
test_save_reopen (void)
{
  guint32 frames = n_frames ();
  g_autofree char *path = g_build_filename (tmp_dir, "live.pcapng", NULL);
  wl_window_save_to (window, path, WL_FILE_PCAPNG, NULL);
  g_assert_true (spin_until (saved, 10));
  g_assert_cmpstr (gtk_label_get_text (window->title_label), ==, "live.pcapng");
  check_reopened (path, frames, TRUE);

  /* pcap too */
  g_autofree char *pcap = g_build_filename (tmp_dir, "live.pcap", NULL);
  wl_capture_file_save_async (window->file, pcap, WL_FILE_PCAP, NULL, NULL, pcap_saved, NULL);
  g_assert_true (spin_until (pcap_written, 10));
  check_reopened (pcap, frames, FALSE);

  /* Saved: closing asks nothing. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin_for (0.1);
  g_assert_null (window);
  g_unlink (path);
  g_unlink (pcap);
}

static gboolean
capturing_again (void)
{
  return wl_window_is_capturing (window) && capture_begun () && n_frames () == 0;
}

static gboolean
window_gone (void)
{
  return window == NULL;
}

/* Capture ▸ Options… borrows the start page's view; Restart (Ctrl+R) drops the capture and
 * begins again; Discard closes without saving. */
static void
test_options_restart_discard (void)
{
  window = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_assert_true (spin_until (interfaces_listed, 10));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-options", NULL);
  g_assert_nonnull (window->capture_options);
  g_assert_true (gtk_widget_is_ancestor (GTK_WIDGET (window->capture_view), GTK_WIDGET (window->capture_options)));
  gtk_window_close (window->capture_options);
  spin_for (0.1);
  g_assert_null (window->capture_options);
  g_assert_true (gtk_widget_get_parent (GTK_WIDGET (window->capture_view)) == GTK_WIDGET (window->capture_box));

  g_autofree char *filter = g_strdup_printf ("udp port %u", port1);
  wl_capture_view_set_filter (window->capture_view, filter);
  g_assert_true (spin_until (filter_checked, 5));
  const char *lo[] = { "lo", NULL };
  wl_capture_view_set_selected (window->capture_view, lo);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-start", NULL);
  g_assert_true (spin_until (capture_begun, 10));
  send_udp (port1, 7, 200);
  want_frames = 7;
  want_rows = 7;
  g_assert_true (spin_until (counts_reached, 10));

  gtk_widget_activate_action (GTK_WIDGET (window), "win.capture-restart", NULL);
  g_assert_true (spin_until (capturing_again, 10));
  send_udp (port1, 3, 300);
  want_frames = 3;
  want_rows = 3;
  g_assert_true (spin_until (counts_reached, 10));
  spin_for (0.3);
  g_assert_cmpuint (n_frames (), ==, 3);

  /* Closing while capturing asks too; Discard closes. */
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_window_close (GTK_WINDOW (window));
  spin_for (0.1);
  g_assert_nonnull (window);
  g_assert_nonnull (window->unsaved_dialog);
  wl_window_answer_unsaved (window, WL_UNSAVED_DISCARD);
  g_assert_true (spin_until (window_gone, 10));
}

int
main (int argc, char *argv[])
{
  if (geteuid () != 0)
    {
      g_print ("SKIP: live capture needs root (the GUI capture test captures on lo)\n");
      return 77;
    }
  gui_test_init (&argc, &argv);
  wl_dissectors_init ();
  sender = bound_udp (&port1);
  g_clear_object (&sender);
  sink1 = bound_udp (&port1);
  sink2 = bound_udp (&port2);
  guint16 unused;
  sender = bound_udp (&unused);
  tmp_dir = g_dir_make_tmp ("wl-gui-capture-XXXXXX", NULL);

  app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.CaptureTests",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (window));

  g_test_add_func ("/gui/capture/interfaces", test_interfaces);
  g_test_add_func ("/gui/capture/capture-filter", test_capture_filter);
  g_test_add_func ("/gui/capture/live", test_live);
  g_test_add_func ("/gui/capture/close-asks", test_close_asks);
  g_test_add_func ("/gui/capture/save-reopen", test_save_reopen);
  g_test_add_func ("/gui/capture/options-restart-discard", test_options_restart_discard);
  int status = g_test_run ();

  if (window)
    gtk_window_destroy (GTK_WINDOW (window));
  g_clear_pointer (&saved_rows, g_ptr_array_unref);
  g_object_unref (app);
  g_clear_object (&sender);
  g_clear_object (&sink1);
  g_clear_object (&sink2);
  g_rmdir (tmp_dir);
  g_free (tmp_dir);
  return gui_test_finish (status);
}
