/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GUI tests: the real Wirelens window, in-process under Xvfb, on tests/captures/lo-ssh.pcap
 * (108 frames of an SSH session; tshark 4.0 shows 43 of them for "!tcp.port == 22"). Each
 * test acts as a user would (filter text and Enter, selecting rows and fields, clicking a
 * byte), lets the main loop run until the window is idle, and checks what it shows. */
#include <gtk/gtk.h>
#include <glib/gstdio.h>
#include <string.h>
#include "test-util.h"
#include "capture-writer.h"
#include "wl-window-private.h"
#include "wl-conversations-dialog.h"
#include "wl-follow-dialog.h"

static WlApplication *app;
static WlWindow *window;
static const char *captures_dir;

/* Runs the main loop until loading, filtering and sorting are over and nothing is pending. */
static void
spin_until_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (wl_window_is_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* Let redraws and idle handlers (the list binding rows) run. */
  for (int i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_false (wl_window_is_busy (window));
}

static guint
n_rows (void)
{
  return g_list_model_get_n_items (G_LIST_MODEL (window->model));
}

static const char *
cell (guint position, WlColumn column)
{
  g_autoptr (WlPacketRow) row = g_list_model_get_item (G_LIST_MODEL (window->model), position);
  g_assert_nonnull (row);
  /* The text is owned by the row, which the model's cache keeps alive. */
  return wl_packet_row_get_text (row, column);
}

static void
type_filter (const char *text)
{
  wl_filter_bar_set_text (window->filter_bar, text);
  wl_filter_bar_apply (window->filter_bar); /* what Enter does */
  spin_until_idle ();
}

static void
test_load (void)
{
  g_assert_cmpuint (wl_capture_file_get_n_frames (window->file), ==, 108);
  g_assert_cmpuint (n_rows (), ==, 108);

  /* The first rows, as tshark 4.0 shows them. */
  g_assert_cmpstr (cell (0, WL_COL_NUMBER), ==, "1");
  g_assert_cmpstr (cell (0, WL_COL_TIME), ==, "0.000000");
  g_assert_cmpstr (cell (0, WL_COL_SOURCE), ==, "127.0.0.1");
  g_assert_cmpstr (cell (0, WL_COL_DESTINATION), ==, "127.0.0.1");
  g_assert_cmpstr (cell (0, WL_COL_PROTOCOL), ==, "TCP");
  g_assert_cmpstr (cell (0, WL_COL_LENGTH), ==, "74");
  g_assert_cmpstr (cell (0, WL_COL_INFO), ==,
                   "37456 → 22 [SYN] Seq=0 Win=65495 Len=0 MSS=65495 SACK_PERM TSval=3765065495 TSecr=0 WS=1024");
  g_assert_cmpstr (cell (1, WL_COL_TIME), ==, "0.000013");
  g_assert_cmpstr (cell (1, WL_COL_INFO), ==,
                   "22 → 37456 [SYN, ACK] Seq=0 Ack=1 Win=65483 Len=0 MSS=65495 SACK_PERM TSval=1123566049 TSecr=3765065495 WS=1024");
  g_assert_cmpstr (cell (3, WL_COL_PROTOCOL), ==, "SSH");
  g_assert_cmpstr (cell (3, WL_COL_INFO), ==, "Client: Protocol (SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u10)");

  const char *status = gtk_label_get_text (window->status_counts);
  g_assert_nonnull (strstr (status, "108"));
}

static void
test_filter (void)
{
  type_filter ("!tcp.port == 22");
  g_assert_cmpint (wl_filter_bar_get_state (window->filter_bar), ==, WL_FILTER_STATE_VALID);
  g_assert_cmpuint (n_rows (), ==, 43); /* tshark -r lo-ssh.pcap -Y '!tcp.port == 22' | wc -l */
  g_assert_nonnull (strstr (gtk_label_get_text (window->status_counts), "43"));
  for (guint i = 0; i < n_rows (); i++)
    g_assert_cmpstr (cell (i, WL_COL_PROTOCOL), ==, "TCP");

  type_filter ("");
  g_assert_cmpuint (n_rows (), ==, 108);
}

static GtkWidget *
find_entry (GtkWidget *w)
{
  if (GTK_IS_ENTRY (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_entry (c);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_invalid_filter (void)
{
  wl_filter_bar_set_text (window->filter_bar, "foo.bar == 1");
  spin_until_idle ();
  g_assert_cmpint (wl_filter_bar_get_state (window->filter_bar), ==, WL_FILTER_STATE_INVALID);
  const char *error = wl_filter_bar_get_error (window->filter_bar);
  g_assert_nonnull (error);
  /* The engine's message, with a caret under the bad token. */
  g_assert_nonnull (strstr (error, "foo.bar"));
  g_assert_nonnull (strstr (error, "^"));
  /* The bar turns red. */
  GtkWidget *entry = find_entry (GTK_WIDGET (window->filter_bar));
  g_assert_nonnull (entry);
  g_assert_true (gtk_widget_has_css_class (entry, "invalid"));
  /* Enter on an invalid filter changes nothing. */
  wl_filter_bar_apply (window->filter_bar);
  spin_until_idle ();
  g_assert_cmpuint (n_rows (), ==, 108);

  type_filter ("");
  g_assert_cmpint (wl_filter_bar_get_state (window->filter_bar), ==, WL_FILTER_STATE_EMPTY);
}

static char *
top_label (guint i)
{
  GListModel *rows = wl_proto_tree_get_rows (window->proto_tree);
  g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
  g_assert_nonnull (row);
  g_autoptr (WlProtoNode) node = gtk_tree_list_row_get_item (row);
  return g_strdup (wl_proto_node_get_label (node));
}

static void
test_tree (void)
{
  wl_window_select_frame (window, 4);
  spin_until_idle ();
  g_assert_cmpuint (window->selected_frame, ==, 4);

  GListModel *rows = wl_proto_tree_get_rows (window->proto_tree);
  g_assert_cmpuint (g_list_model_get_n_items (rows), >=, 5);
  g_autofree char *l0 = top_label (0);
  g_autofree char *l1 = top_label (1);
  g_autofree char *l2 = top_label (2);
  g_autofree char *l3 = top_label (3);
  g_autofree char *l4 = top_label (4);
  g_assert_cmpstr (l0, ==, "Frame 4: 107 bytes on wire (856 bits), 107 bytes captured (856 bits)");
  g_assert_true (g_str_has_prefix (l1, "Ethernet II, Src: "));
  g_assert_cmpstr (l2, ==, "Internet Protocol Version 4, Src: 127.0.0.1, Dst: 127.0.0.1");
  g_assert_cmpstr (l3, ==, "Transmission Control Protocol, Src Port: 37456, Dst Port: 22, Seq: 1, Ack: 1, Len: 41");
  g_assert_cmpstr (l4, ==, "SSH Protocol");

  /* The frame's bytes are in the hex view. */
  g_autofree char *hex = wl_hex_view_dup_text (window->hex_view, 0);
  g_assert_nonnull (hex);
  g_assert_true (g_str_has_prefix (hex, "0000  00 00 00 00 00 00 00 00  00 00 00 00 08 00 45"));
}

static void
test_hex_highlight (void)
{
  wl_window_select_frame (window, 4);
  spin_until_idle ();

  WlProtoNode *port = wl_proto_tree_find_field (window->proto_tree, "tcp.srcport");
  g_assert_nonnull (port);
  g_assert_true (wl_proto_tree_select_node (window->proto_tree, port));
  spin_until_idle ();

  g_autoptr (WlProtoNode) selected = wl_proto_tree_get_selected (window->proto_tree);
  g_assert_true (selected == port);
  g_assert_cmpstr (wl_proto_node_get_label (selected), ==, "Source Port: 37456");
  guint source;
  guint32 offset, length;
  g_assert_true (wl_hex_view_get_highlight (window->hex_view, &source, &offset, &length));
  g_assert_cmpuint (source, ==, 0);
  g_assert_cmpuint (offset, ==, 34); /* 14 bytes of Ethernet, 20 of IPv4 */
  g_assert_cmpuint (length, ==, 2);
}

static void
test_click_byte (void)
{
  wl_window_select_frame (window, 4);
  spin_until_idle ();

  /* Byte 26 is the first of the IPv4 source address. */
  wl_hex_view_click_byte (window->hex_view, 0, 26);
  spin_until_idle ();
  g_autoptr (WlProtoNode) selected = wl_proto_tree_get_selected (window->proto_tree);
  g_assert_nonnull (selected);
  g_assert_cmpstr (wl_proto_node_get_abbrev (selected), ==, "ip.src");
  g_assert_cmpstr (wl_proto_node_get_label (selected), ==, "Source Address: 127.0.0.1");
  guint source;
  guint32 offset, length;
  g_assert_true (wl_hex_view_get_highlight (window->hex_view, &source, &offset, &length));
  g_assert_cmpuint (offset, ==, 26);
  g_assert_cmpuint (length, ==, 4);
}

static void
test_sort (void)
{
  /* As a click on the Length header, twice, does. */
  GListModel *columns = gtk_column_view_get_columns (window->packet_view);
  g_autoptr (GtkColumnViewColumn) length = g_list_model_get_item (columns, WL_COL_LENGTH);
  gtk_column_view_sort_by_column (window->packet_view, length, GTK_SORT_DESCENDING);
  spin_until_idle ();
  g_assert_cmpint (wl_packet_list_model_get_sort_column (window->model), ==, WL_COL_LENGTH);
  g_assert_cmpuint (n_rows (), ==, 108);
  guint64 prev = G_MAXUINT64;
  for (guint i = 0; i < n_rows (); i++)
    {
      guint64 len = g_ascii_strtoull (cell (i, WL_COL_LENGTH), NULL, 10);
      g_assert_cmpuint (len, <=, prev);
      prev = len;
    }
  gtk_column_view_sort_by_column (window->packet_view, NULL, GTK_SORT_ASCENDING);
  spin_until_idle ();
  g_assert_cmpint (wl_packet_list_model_get_sort_column (window->model), ==, -1);
  g_assert_cmpstr (cell (0, WL_COL_NUMBER), ==, "1");
}

static void
test_field_column (void)
{
  wl_window_select_frame (window, 1);
  spin_until_idle ();
  WlProtoNode *port = wl_proto_tree_find_field (window->proto_tree, "tcp.dstport");
  g_assert_nonnull (port);
  g_assert_true (wl_proto_tree_select_node (window->proto_tree, port));
  gtk_widget_activate_action (GTK_WIDGET (window->proto_tree), "tree.apply-column", NULL);
  spin_until_idle ();

  g_assert_cmpuint (wl_packet_list_model_get_n_columns (window->model), ==, WL_N_COLS + 1);
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (window->packet_view)), ==, WL_N_COLS + 1);
  g_assert_cmpstr (cell (0, WL_N_COLS), ==, "22");
  g_assert_cmpstr (cell (1, WL_N_COLS), ==, "37456");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.reset-columns", NULL);
  spin_until_idle ();
  g_assert_cmpuint (wl_packet_list_model_get_n_columns (window->model), ==, WL_N_COLS);
}

static void
test_apply_as_filter (void)
{
  wl_window_select_frame (window, 1);
  spin_until_idle ();
  WlProtoNode *port = wl_proto_tree_find_field (window->proto_tree, "tcp.srcport");
  g_assert_true (wl_proto_tree_select_node (window->proto_tree, port));
  gtk_widget_activate_action (GTK_WIDGET (window->proto_tree), "tree.apply-filter", NULL);
  spin_until_idle ();
  g_assert_cmpstr (wl_filter_bar_get_text (window->filter_bar), ==, "tcp.srcport == 37456");
  guint n = n_rows ();
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 108);
  for (guint i = 0; i < n; i++)
    g_assert_true (g_str_has_prefix (cell (i, WL_COL_INFO), "37456 → 22") ||
                   strstr (cell (i, WL_COL_INFO), "Client:") != NULL);
  /* The filter went to the recent ones. */
  g_auto (GStrv) recent = g_settings_get_strv (window->settings, "recent-filters");
  g_assert_cmpstr (recent[0], ==, "tcp.srcport == 37456");
  type_filter ("");
}

static void
test_go_to (void)
{
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->goto_entry), "42");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-apply", NULL);
  spin_until_idle ();
  g_assert_cmpuint (window->selected_frame, ==, 42);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 41);
}

/* The first toplevel of type, NULL when none is open. */
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr (GtkWindow) w = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
        return w;
    }
  return NULL;
}

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The Statistics menu's windows open over a loaded capture, and the actions they call on the
 * window (apply a filter, go to a frame) work as the filter bar and Go to Packet do. */
static void
test_statistics (void)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.conversations", NULL));
  GtkWindow *conv = find_toplevel (WL_TYPE_CONVERSATIONS_DIALOG);
  g_assert_nonnull (conv);
  g_assert_true (gtk_window_get_transient_for (conv) == GTK_WINDOW (window));
  spin_for (500);
  gtk_window_destroy (conv);

  wl_window_select_frame (window, 4);
  spin_until_idle ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.follow-tcp-stream", NULL);
  GtkWindow *follow = find_toplevel (WL_TYPE_FOLLOW_DIALOG);
  g_assert_nonnull (follow);
  spin_for (500);
  gtk_window_destroy (follow);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.apply-display-filter", "s", "!tcp.port == 22");
  spin_until_idle ();
  g_assert_cmpstr (wl_filter_bar_get_text (window->filter_bar), ==, "!tcp.port == 22");
  g_assert_cmpuint (n_rows (), ==, 43);
  type_filter ("");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.go-to-frame", "u", 57);
  spin_until_idle ();
  g_assert_cmpuint (window->selected_frame, ==, 57);
  g_assert_cmpuint (gtk_single_selection_get_selected (window->selection), ==, 56);
}

static void
test_time_format (void)
{
  g_settings_set_string (window->settings, "time-format", "delta");
  spin_until_idle ();
  g_assert_cmpstr (cell (1, WL_COL_TIME), ==, "0.000013");
  g_assert_cmpstr (cell (2, WL_COL_TIME), ==, "0.000013");
  g_settings_set_string (window->settings, "time-format", "relative");
  spin_until_idle ();
  g_assert_cmpstr (cell (2, WL_COL_TIME), ==, "0.000026");
}

static void
save_done (GObject *source, GAsyncResult *result, gpointer data)
{
  GError *error = NULL;
  *(int *) data = wl_capture_file_save_finish (WL_CAPTURE_FILE (source), result, &error) ? 1 : -1;
  g_assert_no_error (error);
}

static void
test_save_displayed (void)
{
  type_filter ("!tcp.port == 22");
  g_autoptr (GArray) frames = wl_packet_list_model_dup_displayed (window->model);
  g_autofree char *dir = g_dir_make_tmp ("wirelens-gui-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "displayed.pcapng", NULL);
  int done = 0;
  wl_capture_file_save_async (window->file, path, WL_FILE_PCAPNG, frames, NULL, save_done, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (done, ==, 1);
  g_autoptr (GError) error = NULL;
  WlFrameStore *saved = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (wl_frame_store_count (saved), ==, 43);
  wl_frame_store_free (saved);
  g_unlink (path);
  g_rmdir (dir);
  type_filter ("");
}

static void
test_completion (void)
{
  GtkWidget *entry = find_entry (GTK_WIDGET (window->filter_bar));
  GtkEntryCompletion *completion = gtk_entry_get_completion (GTK_ENTRY (entry));
  g_assert_nonnull (completion);

  /* The word under the cursor is completed, not the whole text. */
  wl_filter_bar_set_text (window->filter_bar, "ip.src == 127.0.0.1 && tcp.srcp");
  gtk_entry_completion_complete (completion);
  g_autofree char *prefix = gtk_entry_completion_compute_prefix (completion, "tcp.srcp");
  g_assert_cmpstr (prefix, ==, "tcp.srcport");
  wl_filter_bar_set_text (window->filter_bar, "");
}

static void
test_find (void)
{
  wl_window_select_frame (window, 1);
  spin_until_idle ();
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (window->find_entry), "tcp.flags.fin == 1");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.find-next", NULL);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (window->selected_frame == 1 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  spin_until_idle ();
  g_assert_cmpuint (window->selected_frame, ==, 40); /* tshark -Y "tcp.flags.fin == 1": 40, 41, 63... */
}

/* A capture of lo-ssh.pcap's frames repeated: big enough that loading and filtering are still
 * running when the window goes away. */
static char *
write_big_capture (const char *src, guint copies)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (WlFrameStore) in = wl_frame_store_open (src, &error);
  g_assert_no_error (error);
  char *path = g_build_filename (g_get_tmp_dir (), "wirelens-gui-big.pcap", NULL);
  WlCaptureWriter *w = wl_capture_writer_new (path, WL_FILE_PCAP, in, &error);
  g_assert_no_error (error);
  for (guint c = 0; c < copies; c++)
    for (guint32 i = 1; i <= wl_frame_store_count (in); i++)
      {
        const WlFrame *f = wl_frame_store_get (in, i);
        WlFrameMeta meta = wl_frame_store_meta (in, f);
        g_assert_true (wl_capture_writer_add (w, &meta, wl_frame_store_bytes (in, f), NULL, &error));
      }
  g_assert_true (wl_capture_writer_finish (w, &error));
  return path;
}

static void
test_close_while_busy (void)
{
  g_autofree char *path = write_big_capture (g_getenv ("WL_BIG_SOURCE"), 300);
  g_autoptr (GFile) file = g_file_new_for_path (path);

  /* Closed while loading */
  WlWindow *w1 = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (w1));
  wl_window_open (w1, file);
  for (int i = 0; i < 3; i++)
    g_main_context_iteration (NULL, FALSE);
  gtk_window_destroy (GTK_WINDOW (w1));

  /* A filter typed over a running one, then closed while filtering */
  WlWindow *w2 = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (w2));
  wl_window_open (w2, file);
  while (wl_capture_file_get_loading (w2->file))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (wl_capture_file_get_n_frames (w2->file), ==, 108 * 300);
  wl_filter_bar_set_text (w2->filter_bar, "tcp.port == 22");
  wl_filter_bar_apply (w2->filter_bar);
  g_assert_true (w2->is_filtering);
  wl_filter_bar_set_text (w2->filter_bar, "tcp.port == 2");
  g_assert_false (w2->is_filtering); /* typing cancelled it */
  wl_filter_bar_apply (w2->filter_bar);
  g_assert_true (w2->is_filtering);
  gtk_window_destroy (GTK_WINDOW (w2));

  /* Let the cancelled workers finish. */
  gint64 until = g_get_monotonic_time () + G_USEC_PER_SEC;
  while (g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, FALSE);
  g_unlink (path);
}

static void
test_not_a_capture (void)
{
  g_autofree char *path = g_build_filename (captures_dir, "README.md", NULL);
  g_autoptr (GFile) file = g_file_new_for_path (path);
  WlWindow *w = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (w));
  wl_window_open (w, file);
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!wl_window_is_empty (w) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  /* The window says what is wrong and is ready for another file. */
  g_assert_true (wl_window_is_empty (w));
  g_assert_true (gtk_revealer_get_reveal_child (w->message_revealer));
  g_assert_nonnull (strstr (gtk_label_get_text (w->message_label), "isn't a capture file"));
  g_assert_true (gtk_widget_get_visible (w->welcome_page));
  gtk_window_destroy (GTK_WINDOW (w));
}

int
main (int argc, char *argv[])
{
  gui_test_init (&argc, &argv);
  wl_dissectors_init ();

  const char *captures = g_getenv ("WL_TEST_CAPTURES");
  captures_dir = captures ? captures : "tests/captures";
  g_autofree char *path = g_build_filename (captures ? captures : "tests/captures", "lo-ssh.pcap", NULL);

  app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.Tests",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = wl_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  wl_window_open (window, file);
  spin_until_idle ();

  g_test_add_func ("/gui/window/load", test_load);
  g_test_add_func ("/gui/window/filter", test_filter);
  g_test_add_func ("/gui/window/invalid-filter", test_invalid_filter);
  g_test_add_func ("/gui/window/tree", test_tree);
  g_test_add_func ("/gui/window/hex-highlight", test_hex_highlight);
  g_test_add_func ("/gui/window/click-byte", test_click_byte);
  g_test_add_func ("/gui/window/sort", test_sort);
  g_test_add_func ("/gui/window/field-column", test_field_column);
  g_test_add_func ("/gui/window/apply-as-filter", test_apply_as_filter);
  g_test_add_func ("/gui/window/go-to", test_go_to);
  g_test_add_func ("/gui/window/statistics", test_statistics);
  g_test_add_func ("/gui/window/time-format", test_time_format);
  g_test_add_func ("/gui/window/save-displayed", test_save_displayed);
  g_test_add_func ("/gui/window/completion", test_completion);
  g_test_add_func ("/gui/window/find", test_find);
  g_setenv ("WL_BIG_SOURCE", path, TRUE);
  g_test_add_func ("/gui/window/close-while-busy", test_close_while_busy);
  g_test_add_func ("/gui/window/not-a-capture", test_not_a_capture);
  int status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  return gui_test_finish (status);
}
