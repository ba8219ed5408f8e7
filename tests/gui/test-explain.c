/* SPDX-License-Identifier: GPL-2.0-or-later */
/* GUI test of "why it matched": the real window, in-process under Xvfb, on
 * tests/captures/lo-http-keepalive.pcap (an HTTP/1.1 keep-alive session between 127.0.0.1:37840
 * and port 80, every packet with TTL 64). With a display filter applied and a packet selected,
 * the protocol tree marks the fields the filter read and those whose value made the packet
 * match, with a tooltip naming the test, opens the subtrees holding them, and says above the
 * tree which tests made the packet match. */
#include <gtk/gtk.h>
#include <string.h>
#include "test-util.h"
#include "wl-window-private.h"

static WlApplication *app;
static WlWindow *window;

static void
spin_until_idle (void)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (wl_window_is_busy (window) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  for (int i = 0; i < 5; i++)
    while (g_main_context_iteration (NULL, FALSE))
      ;
  g_assert_false (wl_window_is_busy (window));
}

static void
type_filter (const char *text)
{
  wl_filter_bar_set_text (window->filter_bar, text);
  wl_filter_bar_apply (window->filter_bar); /* what Enter does */
  spin_until_idle ();
}

static void
select_frame (guint32 number)
{
  wl_window_select_frame (window, number);
  spin_until_idle ();
  g_assert_cmpuint (window->selected_frame, ==, number);
}

/* The node of a field whose line reads label (tcp.srcport and tcp.dstport share a name
 * prefix but not a label). */
static WlProtoNode *
find_line (GListModel *level, const char *label)
{
  guint n = level ? g_list_model_get_n_items (level) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WlProtoNode) node = g_list_model_get_item (level, i);
      if (g_str_equal (wl_proto_node_get_label (node), label))
        return node;
      WlProtoNode *inner = find_line (wl_proto_node_get_children (node), label);
      if (inner)
        return inner;
    }
  return NULL;
}

static WlProtoNode *
line (const char *label)
{
  GListModel *rows = wl_proto_tree_get_rows (window->proto_tree);
  /* The top-level lines are the rows of depth 0, open or not. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      if (gtk_tree_list_row_get_depth (row) != 0)
        continue;
      g_autoptr (WlProtoNode) top = gtk_tree_list_row_get_item (row);
      if (g_str_equal (wl_proto_node_get_label (top), label))
        return top;
      WlProtoNode *inner = find_line (wl_proto_node_get_children (top), label);
      if (inner)
        return inner;
    }
  g_error ("no line \"%s\" in the tree", label);
  return NULL;
}

/* TRUE when the node is a row the user sees: every subtree above it is open. */
static gboolean
is_shown (WlProtoNode *node)
{
  GListModel *rows = wl_proto_tree_get_rows (window->proto_tree);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (WlProtoNode) item = gtk_tree_list_row_get_item (row);
      if (item == node)
        return TRUE;
    }
  return FALSE;
}

/* The row widget (a GtkTreeExpander) the tree drew for the line that reads label. */
static GtkWidget *
find_row_widget (GtkWidget *w, const char *label)
{
  if (GTK_IS_TREE_EXPANDER (w))
    {
      GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (w));
      GtkWidget *text = box ? gtk_widget_get_first_child (box) : NULL;
      if (GTK_IS_LABEL (text) && g_str_equal (gtk_label_get_text (GTK_LABEL (text)), label))
        return w;
      return NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_row_widget (c, label);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
row_widget (const char *label)
{
  GtkWidget *w = find_row_widget (GTK_WIDGET (window->proto_tree), label);
  if (!w)
    g_error ("no row drawn for \"%s\"", label);
  return w;
}

/* The tree's scroll position once it has settled (the list places rows it has measured, so
 * it scrolls a frame or two after the packet is shown). */
static double
tree_scroll (void)
{
  GtkWidget *w = GTK_WIDGET (window->proto_tree);
  while (w && !GTK_IS_LIST_VIEW (w))
    w = gtk_widget_get_first_child (w) ? gtk_widget_get_first_child (w) : gtk_widget_get_next_sibling (w);
  g_assert_nonnull (w);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (w));
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (gtk_adjustment_get_value (adj) == 0 && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  return gtk_adjustment_get_value (adj);
}

static gboolean
emblem_shown (GtkWidget *row)
{
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (row));
  GtkWidget *emblem = gtk_widget_get_last_child (box);
  return GTK_IS_IMAGE (emblem) && gtk_widget_get_visible (emblem);
}

static void
assert_line (const char *label, WlProtoNodeMark mark, const char *why)
{
  WlProtoNode *node = line (label);
  g_assert_cmpint (wl_proto_node_get_mark (node), ==, mark);
  g_assert_cmpstr (wl_proto_node_get_why (node), ==, why);
  if (mark == WL_PROTO_NODE_MARK_NONE)
    return;
  /* The path to it is open, and the row drawn says the same. */
  g_assert_true (is_shown (node));
  GtkWidget *row = row_widget (label);
  g_assert_true (gtk_widget_has_css_class (row, "wl-filter-read") == (mark == WL_PROTO_NODE_MARK_READ));
  g_assert_true (gtk_widget_has_css_class (row, "wl-filter-matched") == (mark == WL_PROTO_NODE_MARK_MATCHED));
  g_assert_true (emblem_shown (row) == (mark == WL_PROTO_NODE_MARK_MATCHED));
  const char *tooltip = gtk_widget_get_tooltip_text (row);
  g_assert_cmpstr (tooltip, ==, why);
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, why);
}

/* Filter first, then a packet: tcp.port reads both ports, only 80 made it match. */
static void
test_matched (void)
{
  type_filter ("tcp.port == 80 && ip.ttl > 10");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (window->model)), ==, 73); /* as tshark 4.0.17 */
  select_frame (1);

  g_assert_cmpstr (wl_proto_tree_get_summary (window->proto_tree), ==,
                   "Matched by: tcp.port == 80 (80) \xc2\xb7 ip.ttl > 10 (64)");
  /* The first field that made it match (the TTL, the eleventh line once IPv4 is open) is
   * brought into view. */
  g_assert_cmpfloat (tree_scroll (), >, 0);
  assert_line ("Destination Port: 80", WL_PROTO_NODE_MARK_MATCHED, "tcp.port == 80 matched (80)");
  assert_line ("Source Port: 37840", WL_PROTO_NODE_MARK_READ, "tcp.port == 80 read 37840; another value matched");
  assert_line ("Time to Live: 64", WL_PROTO_NODE_MARK_MATCHED, "ip.ttl > 10 matched (64)");
  /* Fields the filter did not read are left alone. */
  assert_line ("Source Address: 127.0.0.1", WL_PROTO_NODE_MARK_NONE, NULL);
  assert_line ("Window: 65495", WL_PROTO_NODE_MARK_NONE, NULL);
  /* The layers holding them are not marked themselves. */
  WlProtoNode *tcp = line ("Transmission Control Protocol, Src Port: 37840, Dst Port: 80, Seq: 0, Len: 0");
  g_assert_cmpint (wl_proto_node_get_mark (tcp), ==, WL_PROTO_NODE_MARK_NONE);
  g_assert_true (wl_proto_node_has_marked_child (tcp));
}

/* A packet first, then the filter: a test that read a field and was false is told apart. */
static void
test_read_false (void)
{
  type_filter ("");
  select_frame (1);
  g_assert_null (wl_proto_tree_get_summary (window->proto_tree));

  type_filter ("tcp.port == 80 && (ip.ttl > 200 || tcp.flags.syn == 1)");
  g_assert_cmpuint (window->selected_frame, ==, 1);
  g_assert_cmpstr (wl_proto_tree_get_summary (window->proto_tree), ==,
                   "Matched by: tcp.port == 80 (80) \xc2\xb7 tcp.flags.syn == 1 (1)");
  assert_line ("Time to Live: 64", WL_PROTO_NODE_MARK_READ, "ip.ttl > 200 read 64 (the test is false)");
  assert_line (".... .... ..1. = Syn: Set", WL_PROTO_NODE_MARK_MATCHED, "tcp.flags.syn == 1 matched (1)");
  assert_line ("Destination Port: 80", WL_PROTO_NODE_MARK_MATCHED, "tcp.port == 80 matched (80)");
}

/* A negated test decides without a field of its own deciding; a protocol is matched by being
 * there. */
static void
test_not_and_protocol (void)
{
  type_filter ("http && !ip.addr == 192.0.2.9");
  select_frame (4);
  g_assert_cmpstr (wl_proto_tree_get_summary (window->proto_tree), ==,
                   "Matched by: http \xc2\xb7 !ip.addr == 192.0.2.9");
  assert_line ("Hypertext Transfer Protocol", WL_PROTO_NODE_MARK_MATCHED, "http matched");
  /* ip.addr is hidden: its values show on the source and destination lines. */
  assert_line ("Source Address: 127.0.0.1", WL_PROTO_NODE_MARK_READ,
               "ip.addr == 192.0.2.9 read 127.0.0.1 (the test is false)");
  assert_line ("Destination Address: 127.0.0.1", WL_PROTO_NODE_MARK_READ,
               "ip.addr == 192.0.2.9 read 127.0.0.1 (the test is false)");
}

/* Without a filter the tree is plain again. */
static void
test_cleared (void)
{
  type_filter ("");
  select_frame (1);
  g_assert_null (wl_proto_tree_get_summary (window->proto_tree));
  WlProtoNode *port = wl_proto_tree_find_field (window->proto_tree, "tcp.dstport");
  g_assert_nonnull (port);
  g_assert_cmpint (wl_proto_node_get_mark (port), ==, WL_PROTO_NODE_MARK_NONE);
  g_assert_null (wl_proto_node_get_why (port));
}

int
main (int argc, char *argv[])
{
  gui_test_init (&argc, &argv);
  wl_dissectors_init ();

  const char *captures = g_getenv ("WL_TEST_CAPTURES");
  g_autofree char *path = g_build_filename (captures ? captures : "tests/captures", "lo-http-keepalive.pcap", NULL);

  app = g_object_new (WL_TYPE_APPLICATION, "application-id", "org.wirelens.Wirelens.ExplainTests",
                      "flags", G_APPLICATION_NON_UNIQUE | G_APPLICATION_HANDLES_OPEN, NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  window = wl_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1200, 780);
  gtk_window_present (GTK_WINDOW (window));
  g_autoptr (GFile) file = g_file_new_for_path (path);
  wl_window_open (window, file);
  spin_until_idle ();

  g_test_add_func ("/gui/explain/matched", test_matched);
  g_test_add_func ("/gui/explain/read-false", test_read_false);
  g_test_add_func ("/gui/explain/not-and-protocol", test_not_and_protocol);
  g_test_add_func ("/gui/explain/cleared", test_cleared);
  int status = g_test_run ();

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (app);
  return gui_test_finish (status);
}
