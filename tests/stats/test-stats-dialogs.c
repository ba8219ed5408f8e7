/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The statistics windows under Xvfb: the Conversations, Endpoints, Protocol Hierarchy, Follow
 * Stream and Expert Information windows opened on corpus captures show the numbers of tshark
 * 4.0.17's golden files (tests/stats/golden), and a conversation applied as a filter selects
 * as many packets as the conversation has. */
#include <string.h>
#include <gtk/gtk.h>
#include "session.h"
#include "dfilter.h"
#include "wl-conversations-dialog.h"
#include "wl-expert-dialog.h"
#include "wl-follow-dialog.h"
#include "wl-hierarchy-dialog.h"
#include "wl-stats-common.h"
#include "stats/expert.h"

static const char *shared_dir;
static const char *golden_dir;

/* ---- A stand-in main window with the two actions the statistics windows use ---- */

typedef struct { GtkWindow parent; } TestWin;
typedef struct { GtkWindowClass parent_class; } TestWinClass;
G_DEFINE_TYPE (TestWin, test_win, GTK_TYPE_WINDOW)

static char *applied_filter;

static void
apply_filter (GtkWidget *w, const char *name, GVariant *p)
{
  g_free (applied_filter);
  applied_filter = g_variant_dup_string (p, NULL);
}

static void
go_to (GtkWidget *w, const char *name, GVariant *p)
{
}

static void
test_win_class_init (TestWinClass *k)
{
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (k), "win.apply-display-filter", "s", apply_filter);
  gtk_widget_class_install_action (GTK_WIDGET_CLASS (k), "win.go-to-frame", "u", go_to);
}

static void
test_win_init (TestWin *w)
{
}

/* ---- Helpers ---- */

static WlSession *
open_capture (const char *name)
{
  g_autofree char *path = g_build_filename (shared_dir, "corpus", "captures", name, NULL);
  GError *error = NULL;
  WlFrameStore *store = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  WlSession *s = wl_session_new (store);
  /* the first pass, as the GUI's loader runs it */
  g_autoptr (WlArena) arena = wl_arena_new ();
  WlPacket p = { 0 };
  WlDissectOptions opts = { 0 };
  for (guint32 i = 1; i <= wl_frame_store_count (store); i++)
    wl_dissect_frame (s, i, &opts, &p, arena);
  wl_packet_clear (&p);
  wl_session_first_pass_done (s);
  return s;
}

static char *
golden (const char *stat, const char *capture)
{
  g_autofree char *path = g_strdup_printf ("%s/%s/%s.txt", golden_dir, stat, capture);
  char *text = NULL;
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  return text;
}

static GtkWidget *
find_widget (GtkWidget *root, GType type, gboolean mapped_only)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) && (!mapped_only || gtk_widget_get_mapped (root)))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *w = find_widget (c, type, mapped_only);
      if (w)
        return w;
    }
  return NULL;
}

static GtkWindow *
find_window (const char *type_name)
{
  GtkWindow *found = NULL;
  GList *tops = gtk_window_list_toplevels ();
  for (GList *l = tops; l; l = l->next)
    if (strcmp (G_OBJECT_TYPE_NAME (l->data), type_name) == 0)
      found = l->data;
  g_list_free (tops);
  return found;
}

/* Spins the main loop until the window's progress bar has come and gone. */
static void
wait_done (GtkWindow *win)
{
  GtkWidget *progress = find_widget (GTK_WIDGET (win), GTK_TYPE_PROGRESS_BAR, FALSE);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  gboolean seen = FALSE;
  while (g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      if (gtk_widget_get_visible (progress))
        seen = TRUE;
      else if (seen)
        break;
      g_usleep (1000);
    }
  for (int i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

/* A statistics window opened as the main window opens it, on a capture whose first pass is
 * over, once its job is done. */
typedef void (*ShowFunc) (GtkWindow *parent, WlSession *session, const char *display_filter);
typedef struct {
  WlSession *s;
  GtkWidget *main_win;
  GtkWindow *win;
} Opened;

static Opened
open_window (const char *capture, ShowFunc show, const char *filter, const char *type_name)
{
  Opened o;
  o.s = open_capture (capture);
  o.main_win = g_object_new (test_win_get_type (), NULL);
  show (GTK_WINDOW (o.main_win), o.s, filter);
  o.win = find_window (type_name);
  g_assert_nonnull (o.win);
  wait_done (o.win);
  return o;
}

static void
close_window (Opened *o)
{
  gtk_window_destroy (o->win);
  gtk_window_destroy (GTK_WINDOW (o->main_win));
  wl_session_free (o->s);
}

/* Spins the main loop until a flat table has been handed all its rows (WlStatRows steps). */
static void
wait_rows (GtkColumnView *view)
{
  GListModel *m = G_LIST_MODEL (gtk_column_view_get_model (view));
  if (GTK_IS_SINGLE_SELECTION (m))
    m = gtk_single_selection_get_model (GTK_SINGLE_SELECTION (m));
  if (GTK_IS_SORT_LIST_MODEL (m))
    m = gtk_sort_list_model_get_model (GTK_SORT_LIST_MODEL (m));
  if (!WL_IS_STAT_ROWS (m))
    return;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  while (!wl_stat_rows_is_complete (WL_STAT_ROWS (m)) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (wl_stat_rows_is_complete (WL_STAT_ROWS (m)));
}

/* Shows page (a conversation type) of a Conversations or Endpoints window and returns its
 * table once it has all its rows (a page gets them when first shown). */
static GtkColumnView *
show_page (GtkWindow *win, int page)
{
  GtkNotebook *notebook = GTK_NOTEBOOK (find_widget (GTK_WIDGET (win), GTK_TYPE_NOTEBOOK, FALSE));
  gtk_notebook_set_current_page (notebook, page);
  for (int i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (gtk_notebook_get_nth_page (notebook, page),
                                                       GTK_TYPE_COLUMN_VIEW, FALSE));
  wait_rows (view);
  return view;
}

static WlStatRow *
row_at (GListModel *model, guint i)
{
  g_autoptr (GObject) item = g_list_model_get_item (model, i);
  if (GTK_IS_TREE_LIST_ROW (item))
    return WL_STAT_ROW (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item)));
  return WL_STAT_ROW (g_object_ref (item));
}

/* ---- Conversations ---- */

static void
test_conversations (gconstpointer data)
{
  const char *capture = data;
  Opened o = open_window (capture, wl_conversations_dialog_show, NULL, "WlConversationsDialog");
  WlSession *s = o.s;
  GtkWindow *win = o.win;

  /* The TCP page (shown first) has tshark's conversations: A, B and the packets of each */
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (win), GTK_TYPE_COLUMN_VIEW, TRUE));
  wait_rows (view);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autofree char *text = golden ("conv-tcp", capture);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_golden = 0;
  for (guint l = 0; lines[l]; l++)
    {
      char a[128], b[128];
      guint64 rx, tx, tot;
      if (sscanf (lines[l], "%127s <-> %127s %" G_GUINT64_FORMAT " %*s %*s %" G_GUINT64_FORMAT " %*s %*s %" G_GUINT64_FORMAT,
                  a, b, &rx, &tx, &tot) != 5)
        continue;
      n_golden++;
      gboolean found = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (model) && !found; i++)
        {
          g_autoptr (WlStatRow) row = row_at (model, i);
          g_autofree char *ra = g_strdup_printf ("%s:%s", wl_stat_row_get_text (row, 0), wl_stat_row_get_text (row, 1));
          g_autofree char *rb = g_strdup_printf ("%s:%s", wl_stat_row_get_text (row, 2), wl_stat_row_get_text (row, 3));
          found = strcmp (ra, a) == 0 && strcmp (rb, b) == 0 && wl_stat_row_get_key (row, 4) == tot &&
                  wl_stat_row_get_key (row, 6) == tx && wl_stat_row_get_key (row, 8) == rx;
        }
      if (!found)
        g_test_message ("no row for %s <-> %s (%" G_GUINT64_FORMAT " packets)", a, b, tot);
      g_assert_true (found);
    }
  g_assert_cmpuint (n_golden, ==, g_list_model_get_n_items (model));

  /* A <-> B applied as a filter matches the conversation's packets */
  if (n_golden > 0)
    {
      GtkSingleSelection *sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
      gtk_single_selection_set_selected (sel, 0);
      g_autoptr (WlStatRow) row = row_at (model, 0);
      g_clear_pointer (&applied_filter, g_free);
      gtk_widget_activate_action (GTK_WIDGET (win), "conv.filter", "i", 0);
      g_assert_nonnull (applied_filter);
      g_test_message ("filter: %s", applied_filter);
      WlDfilterError *err = NULL;
      WlDfilter *df = wl_dfilter_compile (applied_filter, &err);
      g_assert_nonnull (df);
      guint32 n = wl_frame_store_count (s->store);
      guint8 *bitmap = g_malloc0 ((n + 7) / 8);
      g_assert_true (wl_dfilter_run (df, s, n, bitmap, 1, NULL, NULL, NULL));
      guint matched = 0;
      for (guint32 i = 0; i < n; i++)
        matched += (bitmap[i >> 3] >> (i & 7)) & 1;
      g_assert_cmpuint (matched, ==, (guint) wl_stat_row_get_key (row, 4));
      g_free (bitmap);
      wl_dfilter_free (df);
    }

  /* The IPv4 page gets its rows when it is shown: as many as tshark's conversations */
  GtkColumnView *ip_view = show_page (win, 1);
  g_autofree char *ip_text = golden ("conv-ip", capture);
  guint n_ip = 0;
  for (const char *l = strstr (ip_text, " <-> "); l; l = strstr (l + 1, " <-> "))
    n_ip++;
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (ip_view))), ==, n_ip);
  close_window (&o);
}

/* ---- Endpoints ---- */

static void
test_endpoints (gconstpointer data)
{
  const char *capture = data;
  Opened o = open_window (capture, wl_endpoints_dialog_show, NULL, "WlConversationsDialog");
  GtkWindow *win = o.win;
  /* the IPv4 page: tshark's endpoints,ip table, row for row */
  GtkColumnView *view = show_page (win, 1);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autofree char *text = golden ("endpoints-ip", capture);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_golden = 0;
  for (guint l = 0; lines[l]; l++)
    {
      char addr[128];
      guint64 v[6]; /* packets, bytes, Tx packets, Tx bytes, Rx packets, Rx bytes */
      if (sscanf (lines[l], "%127s %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT
                  " %" G_GUINT64_FORMAT " %" G_GUINT64_FORMAT, addr, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 7)
        continue;
      n_golden++;
      gboolean found = FALSE;
      for (guint i = 0; i < g_list_model_get_n_items (model) && !found; i++)
        {
          g_autoptr (WlStatRow) row = row_at (model, i);
          found = strcmp (wl_stat_row_get_text (row, 0), addr) == 0;
          for (guint c = 0; c < 6 && found; c++)
            found = wl_stat_row_get_key (row, 2 + c) == v[c];
        }
      if (!found)
        g_test_message ("no row for %s (%" G_GUINT64_FORMAT " packets)", addr, v[0]);
      g_assert_true (found);
    }
  g_assert_cmpuint (n_golden, ==, g_list_model_get_n_items (model));
  close_window (&o);
}

/* ---- Expert information ---- */

static void
test_expert (gconstpointer data)
{
  const char *capture = data;
  Opened o = open_window (capture, wl_expert_dialog_show, NULL, "WlExpertDialog");
  GtkWindow *win = o.win;
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (win), GTK_TYPE_COLUMN_VIEW, FALSE));
  wait_rows (view);
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  /* tshark's -z expert: a section per severity ("Notes (12)"), a line per item
   * ("%12u %10s %18s  %s": count, group, protocol, summary); each row of the window is such a
   * line of its severity's section */
  g_autofree char *text = golden ("expert", capture);
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  guint n_golden = 0;
  const char *section = NULL;
  for (guint l = 0; lines[l]; l++)
    {
      if (g_ascii_isalpha (lines[l][0]) && strstr (lines[l], " ("))
        section = lines[l];
      else if (section && lines[l][0] == ' ' && g_ascii_isdigit (lines[l][11]))
        n_golden++;
    }
  g_assert_cmpuint (n_golden, ==, g_list_model_get_n_items (model));
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (WlStatRow) row = row_at (model, i);
      WlExpertSeverity sev = (WlExpertSeverity) wl_stat_row_get_key (row, 0);
      g_autofree char *line = g_strdup_printf ("%12u %10s %18s  %s", (guint) wl_stat_row_get_key (row, 4),
                                               wl_stat_row_get_text (row, 2), wl_stat_row_get_text (row, 3),
                                               wl_stat_row_get_text (row, 1));
      g_autofree char *title = g_strdup_printf ("%s (", wl_expert_severity_title (sev));
      gboolean found = FALSE;
      section = NULL;
      for (guint l = 0; lines[l] && !found; l++)
        {
          if (g_ascii_isalpha (lines[l][0]))
            section = lines[l];
          else
            found = section && g_str_has_prefix (section, title) && strcmp (lines[l], line) == 0;
        }
      if (!found)
        g_test_message ("no line \"%s\" under %s", line, title);
      g_assert_true (found);
    }
  close_window (&o);
}

/* ---- Protocol hierarchy ---- */

static void
check_hier (GListModel *model, char **lines, guint *line, int depth)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr (WlStatRow) row = row_at (model, i);
      const char *name = wl_stat_row_get_data (row);
      /* tshark's table has no "frame" level (nothing reads the frame's fields) */
      if (depth < 0)
        {
          GListModel *children = wl_stat_row_get_children (row);
          if (children)
            check_hier (children, lines, line, 0);
          continue;
        }
      g_autofree char *expect = g_strdup_printf ("%*s%s", depth * 2, "", name);
      const char *l = lines[*line];
      g_assert_nonnull (l);
      guint32 frames = 0;
      guint64 bytes = 0;
      const char *f = strstr (l, " frames:");
      g_assert_nonnull (f);
      g_assert_cmpint (sscanf (f, " frames:%u bytes:%" G_GUINT64_FORMAT, &frames, &bytes), ==, 2);
      g_autofree char *lname = g_strndup (l, (gsize) (f - l));
      g_strchomp (lname);
      g_assert_cmpstr (lname, ==, expect);
      g_assert_cmpuint (frames, ==, (guint32) wl_stat_row_get_key (row, 2));
      g_assert_cmpuint (bytes, ==, (guint64) wl_stat_row_get_key (row, 4));
      (*line)++;
      GListModel *children = wl_stat_row_get_children (row);
      if (children)
        check_hier (children, lines, line, depth + 1);
    }
}

static void
test_hierarchy (gconstpointer data)
{
  const char *capture = data;
  Opened o = open_window (capture, wl_hierarchy_dialog_show, NULL, "WlHierarchyDialog");
  GtkWindow *win = o.win;
  GtkColumnView *view = GTK_COLUMN_VIEW (find_widget (GTK_WIDGET (win), GTK_TYPE_COLUMN_VIEW, FALSE));
  /* the roots of the tree model */
  GtkSingleSelection *sel = GTK_SINGLE_SELECTION (gtk_column_view_get_model (view));
  GtkTreeListModel *tree = GTK_TREE_LIST_MODEL (gtk_single_selection_get_model (sel));
  GListModel *roots = gtk_tree_list_model_get_model (tree);
  g_autofree char *text = golden ("io-phs", capture);
  g_auto (GStrv) all = g_strsplit (text, "\n", -1);
  GPtrArray *lines = g_ptr_array_new ();
  for (guint i = 0; all[i]; i++)
    if (strstr (all[i], " frames:"))
      g_ptr_array_add (lines, all[i]);
  g_ptr_array_add (lines, NULL);
  guint line = 0;
  check_hier (roots, (char **) lines->pdata, &line, -1);
  g_assert_null (g_ptr_array_index (lines, line));
  g_ptr_array_free (lines, TRUE);
  close_window (&o);
}

/* ---- Follow ---- */

static void
test_follow (gconstpointer data)
{
  const char *capture = data;
  Opened o = open_window (capture, wl_follow_dialog_show, "tcp.stream eq 0", "WlFollowDialog");
  GtkWindow *win = o.win;
  /* The text holds each chunk of tshark's output in order (the GUI keeps tabs as tabs) */
  GtkTextView *tv = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (win), GTK_TYPE_TEXT_VIEW, FALSE));
  GtkTextBuffer *buf = gtk_text_view_get_buffer (tv);
  GtkTextIter a, b;
  gtk_text_buffer_get_bounds (buf, &a, &b);
  g_autofree char *shown = gtk_text_buffer_get_text (buf, &a, &b, FALSE);
  g_autofree char *text = golden ("follow-tcp-ascii-0", capture);
  /* the golden payload: the lines after "Node 1:", chunk lengths and the separator dropped */
  g_auto (GStrv) lines = g_strsplit (text, "\n", -1);
  GString *expect = g_string_new (NULL);
  gboolean body = FALSE;
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "Node 1:"))
        {
          body = TRUE;
          continue;
        }
      if (!body || g_str_has_prefix (lines[i], "====="))
        continue;
      const char *l = lines[i][0] == '\t' ? lines[i] + 1 : lines[i];
      if (l[0] && strspn (l, "0123456789") == strlen (l))
        continue; /* a chunk length */
      g_string_append (expect, l);
    }
  /* compare without line ends and with the GUI's tabs shown as tshark's dots */
  GString *got = g_string_new (NULL);
  for (const char *c = shown; *c; c++)
    if (*c != '\n')
      g_string_append_c (got, *c == '\t' ? '.' : *c);
  GString *want = g_string_new (NULL);
  for (const char *c = expect->str; *c; c++)
    if (*c != '\n')
      g_string_append_c (want, *c);
  g_assert_cmpstr (got->str, ==, want->str);
  g_string_free (expect, TRUE);
  g_string_free (got, TRUE);
  g_string_free (want, TRUE);
  close_window (&o);
}

int
main (int argc, char **argv)
{
  gtk_test_init (&argc, &argv, NULL);
  wl_dissectors_init ();
  shared_dir = g_getenv ("WL_SHARED");
  golden_dir = g_getenv ("WL_STATS_GOLDEN");
  if (!shared_dir || !golden_dir)
    {
      g_print ("WL_SHARED and WL_STATS_GOLDEN are needed: skipped\n");
      return 77;
    }
  static const char *const captures[] = { "arkime-http-simple-get.pcap", "eth-http-download.pcap", "lo-http-post.pcapng",
                                          "eth-ipv6.pcap" };
  /* expert items of many kinds: retransmissions, mDNS, ICMP errors, IPv6 extension headers */
  static const char *const expert_captures[] = { "arkime-http-simple-get.pcap", "eth-http-download.pcap",
                                                 "arkime-wireshark-retrans.pcap", "arkime-v6-http.pcap",
                                                 "eth-arp-icmp.pcap", "tcpdump-ipv6-routing-header.pcap",
                                                 "eth-tcp-impaired.pcap", "arkime-ssh2.pcap" };
  for (gsize i = 0; i < G_N_ELEMENTS (captures); i++)
    {
      g_autofree char *c = g_strdup_printf ("/stats-dialogs/conversations/%s", captures[i]);
      g_autofree char *h = g_strdup_printf ("/stats-dialogs/hierarchy/%s", captures[i]);
      g_autofree char *f = g_strdup_printf ("/stats-dialogs/follow/%s", captures[i]);
      g_autofree char *e = g_strdup_printf ("/stats-dialogs/endpoints/%s", captures[i]);
      g_test_add_data_func (c, captures[i], test_conversations);
      g_test_add_data_func (e, captures[i], test_endpoints);
      /* eth-ipv6's hierarchy differs from tshark's by a dissector (see compare-stats.py) */
      if (strcmp (captures[i], "eth-ipv6.pcap") != 0)
        g_test_add_data_func (h, captures[i], test_hierarchy);
      /* eth-http-download's stream is too big for a golden text file (a checksum is kept) */
      if (strcmp (captures[i], "eth-http-download.pcap") != 0)
        g_test_add_data_func (f, captures[i], test_follow);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (expert_captures); i++)
    {
      g_autofree char *x = g_strdup_printf ("/stats-dialogs/expert/%s", expert_captures[i]);
      g_test_add_data_func (x, expert_captures[i], test_expert);
    }
  return g_test_run ();
}
