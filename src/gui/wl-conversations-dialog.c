/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Conversations and Endpoints windows (see wl-conversations-dialog.h). The tables are
 * counted by src/core/stats/conversations.c in a worker thread; each run owns its tables
 * until it hands them to the window on the main thread. */
#include <glib/gi18n.h>
#include "wl-conversations-dialog.h"
#include "wl-stats-common.h"
#include "stats/conversations.h"

struct _WlConversationsDialog
{
  GtkWindow parent_instance;

  GtkNotebook *notebook;
  GtkCheckButton *limit_check;
  GtkLabel *status_label;
  GtkProgressBar *progress;
  GtkMenuButton *filter_button;

  gboolean endpoints;
  WlSession *session;        /* not owned: the main window's, alive while it is */
  GtkWindow *main_window;    /* weak */
  char *display_filter;
  GCancellable *cancellable;
  WlStatRows *stores[WL_CONV_N_TYPES];
  GtkSingleSelection *selections[WL_CONV_N_TYPES];
  GtkWidget *pages[WL_CONV_N_TYPES];
  GPtrArray *pending[WL_CONV_N_TYPES]; /* rows of a page not shown yet (WlStatRow) */
  WlConvTable *tables[WL_CONV_N_TYPES]; /* or the counts of one, its rows not made yet */
};

G_DEFINE_FINAL_TYPE (WlConversationsDialog, wl_conversations_dialog, GTK_TYPE_WINDOW)

/* One computation: the tables it fills in the worker thread. */
typedef struct {
  WlConversationsDialog *dialog; /* weak */
  gboolean endpoints;            /* what the dialog shows: only these are counted */
  gboolean own_streams;          /* every frame counted: the TCP table tells streams apart */
  int page;                      /* the page shown when the count began */
  WlConvTable *tables[WL_CONV_N_TYPES];
  GPtrArray *rows[WL_CONV_N_TYPES]; /* WlStatRow: the worker makes those of page */
} Run;

static void
run_free (Run *run)
{
  g_clear_weak_pointer (&run->dialog);
  for (int i = 0; i < WL_CONV_N_TYPES; i++)
    {
      wl_conv_table_free (run->tables[i]);
      g_clear_pointer (&run->rows[i], g_ptr_array_unref);
    }
  g_free (run);
}

static void make_rows (Run *run);

/* Each worker (src/core/revisit.h) counts its frames into tables of its own. */
typedef struct {
  WlConvTable *tables[WL_CONV_N_TYPES];
} Part;

static gpointer
part_new (gpointer user_data)
{
  Run *run = user_data;
  Part *part = g_new0 (Part, 1);
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      part->tables[t] = wl_conv_table_new (t);
      wl_conv_table_set_counts (part->tables[t], !run->endpoints, run->endpoints);
      if (t == WL_CONV_TCP && run->own_streams)
        wl_conv_table_track_tcp_streams (part->tables[t]);
    }
  return part;
}

static void
part_free (gpointer data)
{
  Part *part = data;
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    wl_conv_table_free (part->tables[t]);
  g_free (part);
}

static void
part_packet (const WlPacket *p, gpointer data)
{
  Part *part = data;
  wl_conv_tables_add_packet (part->tables, WL_CONV_N_TYPES, p);
}

/* Merging some types of the parts' tables into the run's, on one thread. */
typedef struct {
  Run *run;
  gpointer *parts;
  guint n_parts;
  guint types; /* 1 << type */
} Merge;

static gpointer
merge_types (gpointer data)
{
  Merge *m = data;
  WlConvTable **tables = g_new0 (WlConvTable *, m->n_parts);
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      if (!(m->types & (1u << t)))
        continue;
      for (guint i = 0; i < m->n_parts; i++)
        tables[i] = ((Part *) m->parts[i])->tables[t];
      wl_conv_table_merge (m->run->tables[t], tables, m->n_parts);
      for (guint i = 0; i < m->n_parts; i++)
        g_clear_pointer (&((Part *) m->parts[i])->tables[t], wl_conv_table_free);
    }
  g_free (tables);
  return NULL;
}

/* The page shown is merged and its rows made on this thread, the other types on another. */
static void
parts_merge (gpointer user_data, gpointer *parts, guint n_parts)
{
  Run *run = user_data;
  guint all = (1u << WL_CONV_N_TYPES) - 1;
  guint shown = run->page >= 0 && run->page < WL_CONV_N_TYPES ? 1u << run->page : 0;
  Merge mine = { run, parts, n_parts, shown }, other = { run, parts, n_parts, all & ~shown };
  GThread *thread = g_get_num_processors () > 1 ? g_thread_new ("wl-conv-merge", merge_types, &other) : NULL;
  merge_types (&mine);
  make_rows (run);
  if (thread)
    g_thread_join (thread);
  else
    merge_types (&other);
  for (guint i = 0; i < n_parts; i++)
    part_free (parts[i]);
}

enum { C_ADDR_A, C_PORT_A, C_ADDR_B, C_PORT_B, C_PACKETS, C_BYTES, C_PACKETS_AB, C_BYTES_AB,
       C_PACKETS_BA, C_BYTES_BA, C_START, C_DURATION, C_BPS_AB, C_BPS_BA, C_N };
enum { E_ADDR, E_PORT, E_PACKETS, E_BYTES, E_TX_PACKETS, E_TX_BYTES, E_RX_PACKETS, E_RX_BYTES, E_N };

typedef struct {
  WlConvType type;
  gboolean is_endpoint;
  union {
    WlConversation conv;
    WlEndpoint ep;
  } u;
} RowData;

static void
set_bytes (WlStatRow *row, guint col, guint64 bytes)
{
  g_autofree char *s = wl_stats_format_bytes (bytes);
  wl_stat_row_set (row, col, s, (double) bytes);
}

static void
set_address (WlStatRow *row, guint col, const WlAddress *a)
{
  GString *s = g_string_new (NULL);
  wl_conv_format_address (a, s);
  wl_stat_row_set (row, col, s->str, 0);
  g_string_free (s, TRUE);
}

static void
set_port (WlStatRow *row, guint col, WlConvType type, guint32 port)
{
  if (wl_conv_type_has_ports (type))
    wl_stat_row_set_uint (row, col, port);
}

/* Bits per second over the conversation's duration; empty when too short to tell, as
 * Wireshark leaves it. */
static void
set_rate (WlStatRow *row, guint col, guint64 bytes, double duration)
{
  if (duration <= 0)
    {
      wl_stat_row_set (row, col, "", 0);
      return;
    }
  double bps = bytes * 8.0 / duration;
  g_autofree char *s = g_format_size_full ((guint64) bps, G_FORMAT_SIZE_BITS);
  g_autofree char *t = g_strdup_printf ("%s/s", s);
  wl_stat_row_set (row, col, t, bps);
}

static double
bits_per_second (guint64 bytes, double duration)
{
  return duration > 0 ? bytes * 8.0 / duration : 0;
}

static void
conversation_fill (WlStatRow *row)
{
  const RowData *d = wl_stat_row_get_data (row);
  WlConvType type = d->type;
  const WlConversation *c = &d->u.conv;
  double start = wl_conv_ns_to_sec (c->start_ns);
  double duration = wl_conv_ns_to_sec (c->stop_ns) - start;
  char buf[64];
  set_address (row, C_ADDR_A, &c->a);
  set_port (row, C_PORT_A, type, c->port_a);
  set_address (row, C_ADDR_B, &c->b);
  set_port (row, C_PORT_B, type, c->port_b);
  wl_stat_row_set_uint (row, C_PACKETS, c->frames_ab + c->frames_ba);
  set_bytes (row, C_BYTES, c->bytes_ab + c->bytes_ba);
  wl_stat_row_set_uint (row, C_PACKETS_AB, c->frames_ab);
  set_bytes (row, C_BYTES_AB, c->bytes_ab);
  wl_stat_row_set_uint (row, C_PACKETS_BA, c->frames_ba);
  set_bytes (row, C_BYTES_BA, c->bytes_ba);
  g_snprintf (buf, sizeof buf, "%.6f", start);
  wl_stat_row_set (row, C_START, buf, start);
  g_snprintf (buf, sizeof buf, "%.4f", duration);
  wl_stat_row_set (row, C_DURATION, buf, duration);
  set_rate (row, C_BPS_AB, c->bytes_ab, duration);
  set_rate (row, C_BPS_BA, c->bytes_ba, duration);
}

/* The sort keys now, the texts when the row is shown (conversation_fill). */
static WlStatRow *
conversation_row (WlConvType type, const WlConversation *c)
{
  WlStatRow *row = wl_stat_row_new (C_N);
  RowData *d = g_new0 (RowData, 1);
  d->type = type;
  d->u.conv = *c;
  wl_stat_row_set_data (row, d, g_free);
  double start = wl_conv_ns_to_sec (c->start_ns);
  double duration = wl_conv_ns_to_sec (c->stop_ns) - start;
  gboolean ports = wl_conv_type_has_ports (type);
  wl_stat_row_set_key (row, C_PORT_A, ports ? c->port_a : 0);
  wl_stat_row_set_key (row, C_PORT_B, ports ? c->port_b : 0);
  wl_stat_row_set_key (row, C_PACKETS, (double) (c->frames_ab + c->frames_ba));
  wl_stat_row_set_key (row, C_BYTES, (double) (c->bytes_ab + c->bytes_ba));
  wl_stat_row_set_key (row, C_PACKETS_AB, (double) c->frames_ab);
  wl_stat_row_set_key (row, C_BYTES_AB, (double) c->bytes_ab);
  wl_stat_row_set_key (row, C_PACKETS_BA, (double) c->frames_ba);
  wl_stat_row_set_key (row, C_BYTES_BA, (double) c->bytes_ba);
  wl_stat_row_set_key (row, C_START, start);
  wl_stat_row_set_key (row, C_DURATION, duration);
  wl_stat_row_set_key (row, C_BPS_AB, bits_per_second (c->bytes_ab, duration));
  wl_stat_row_set_key (row, C_BPS_BA, bits_per_second (c->bytes_ba, duration));
  wl_stat_row_set_fill (row, conversation_fill);
  return row;
}

static void
endpoint_fill (WlStatRow *row)
{
  const RowData *d = wl_stat_row_get_data (row);
  WlConvType type = d->type;
  const WlEndpoint *e = &d->u.ep;
  set_address (row, E_ADDR, &e->addr);
  set_port (row, E_PORT, type, e->port);
  wl_stat_row_set_uint (row, E_PACKETS, e->tx_frames + e->rx_frames);
  set_bytes (row, E_BYTES, e->tx_bytes + e->rx_bytes);
  wl_stat_row_set_uint (row, E_TX_PACKETS, e->tx_frames);
  set_bytes (row, E_TX_BYTES, e->tx_bytes);
  wl_stat_row_set_uint (row, E_RX_PACKETS, e->rx_frames);
  set_bytes (row, E_RX_BYTES, e->rx_bytes);
}

static WlStatRow *
endpoint_row (WlConvType type, const WlEndpoint *e)
{
  WlStatRow *row = wl_stat_row_new (E_N);
  RowData *d = g_new0 (RowData, 1);
  d->type = type;
  d->is_endpoint = TRUE;
  d->u.ep = *e;
  wl_stat_row_set_data (row, d, g_free);
  wl_stat_row_set_key (row, E_PORT, wl_conv_type_has_ports (type) ? e->port : 0);
  wl_stat_row_set_key (row, E_PACKETS, (double) (e->tx_frames + e->rx_frames));
  wl_stat_row_set_key (row, E_BYTES, (double) (e->tx_bytes + e->rx_bytes));
  wl_stat_row_set_key (row, E_TX_PACKETS, (double) e->tx_frames);
  wl_stat_row_set_key (row, E_TX_BYTES, (double) e->tx_bytes);
  wl_stat_row_set_key (row, E_RX_PACKETS, (double) e->rx_frames);
  wl_stat_row_set_key (row, E_RX_BYTES, (double) e->rx_bytes);
  wl_stat_row_set_fill (row, endpoint_fill);
  return row;
}

static guint
table_size (const WlConvTable *table, gboolean endpoints)
{
  return endpoints ? wl_conv_table_n_endpoints (table) : wl_conv_table_n_conversations (table);
}

static GPtrArray *
table_rows (const WlConvTable *table, WlConvType t, gboolean endpoints)
{
  guint n = table_size (table, endpoints);
  GPtrArray *rows = g_ptr_array_new_full (n, g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (rows, endpoints ? endpoint_row (t, wl_conv_table_endpoint (table, i))
                                     : conversation_row (t, wl_conv_table_conversation (table, i)));
  return rows;
}

/* On the worker thread, after the merge: the rows of the page shown, so that the window only
 * has to hand them to its table. The other pages' are made when they are shown (a 5M-packet
 * capture has a million records of the five types). */
static void
make_rows (Run *run)
{
  if (run->page >= 0 && run->page < WL_CONV_N_TYPES)
    run->rows[run->page] = table_rows (run->tables[run->page], run->page, run->endpoints);
}

static void
set_tab_label (WlConversationsDialog *self, WlConvType type, guint n)
{
  g_autofree char *text = g_strdup_printf ("%s · %u", wl_conv_type_title (type), n);
  gtk_notebook_set_tab_label_text (self->notebook, self->pages[type], text);
}

static void
on_switch_page (WlConversationsDialog *self, GtkWidget *page, guint n)
{
  if (n >= WL_CONV_N_TYPES)
    return;
  if (!self->pending[n] && self->tables[n])
    {
      self->pending[n] = table_rows (self->tables[n], n, self->endpoints);
      g_clear_pointer (&self->tables[n], wl_conv_table_free);
    }
  if (self->pending[n])
    {
      wl_stat_rows_set (self->stores[n], g_steal_pointer (&self->pending[n]));
    }
}

static void
run_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  Run *run = user_data;
  WlConversationsDialog *self = run->dialog;
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
  /* The page shown gets its rows now, the others when they are shown: handing 50,000 rows
   * to a table costs it about 0.1 s even when it is hidden. */
  int shown = gtk_notebook_get_current_page (self->notebook);
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      wl_stat_rows_set (self->stores[t], NULL);
      g_clear_pointer (&self->pending[t], g_ptr_array_unref);
      g_clear_pointer (&self->tables[t], wl_conv_table_free);
      set_tab_label (self, t, table_size (run->tables[t], self->endpoints));
      if (run->rows[t])
        self->pending[t] = g_steal_pointer (&run->rows[t]);
      else
        self->tables[t] = g_steal_pointer (&run->tables[t]);
    }
  if (shown >= 0)
    on_switch_page (self, NULL, (guint) shown);
  gboolean limited = gtk_check_button_get_active (self->limit_check) && self->display_filter;
  g_autofree char *status = limited ? g_strdup_printf (_("Limited to \"%s\""), self->display_filter)
                                    : g_strdup (_("All packets"));
  gtk_label_set_text (self->status_label, status);
  run_free (run);
}

static void
recompute (WlConversationsDialog *self)
{
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  Run *run = g_new0 (Run, 1);
  g_set_weak_pointer (&run->dialog, self);
  run->endpoints = self->endpoints;
  run->page = gtk_notebook_get_current_page (self->notebook);
  const char *filter = gtk_check_button_get_active (self->limit_check) ? self->display_filter : NULL;
  /* Without a filter every frame is counted and the TCP table can tell streams apart
   * itself: the dissection then needs no TCP stream state */
  run->own_streams = !filter || !filter[0];
  g_autofree guint8 *wanted = wl_field_set_new ();
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      run->tables[t] = wl_conv_table_new (t);
      wl_conv_table_add_wanted_for (t, wanted, !(t == WL_CONV_TCP && run->own_streams));
    }
  gtk_label_set_text (self->status_label, _("Counting…"));
  wl_stats_job_run_parallel (self->session, filter, WL_STATS_LEAN, wanted, part_new, part_packet, parts_merge, part_free,
                             run, self->cancellable, self->progress, run_done, run);
}

static void
on_limit_toggled (WlConversationsDialog *self)
{
  recompute (self);
}

static RowData *
selected_data (WlConversationsDialog *self)
{
  int page = gtk_notebook_get_current_page (self->notebook);
  if (page < 0 || page >= WL_CONV_N_TYPES)
    return NULL;
  WlStatRow *row = wl_stat_table_get_selected (self->selections[page]);
  return row ? wl_stat_row_get_data (row) : NULL;
}

static void
action_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlConversationsDialog *self = WL_CONVERSATIONS_DIALOG (widget);
  RowData *d = selected_data (self);
  if (!d)
    {
      gtk_label_set_text (self->status_label, _("Select a row first."));
      return;
    }
  g_autofree char *filter = d->is_endpoint ? wl_endpoint_filter (d->type, &d->u.ep)
                                           : wl_conversation_filter (d->type, &d->u.conv,
                                                                     (WlConvDirection) g_variant_get_int32 (param));
  wl_stats_apply_filter (self->main_window, filter);
}

static GMenuModel *
filter_menu (gboolean endpoints)
{
  GMenu *menu = g_menu_new ();
  static const struct {
    const char *label;
    WlConvDirection dir;
  } items[] = {
    { N_("A ↔ B"), WL_CONV_DIR_A_TO_FROM_B },
    { N_("A → B"), WL_CONV_DIR_A_TO_B },
    { N_("B → A"), WL_CONV_DIR_A_FROM_B },
    { N_("A ↔ Any"), WL_CONV_DIR_A_TO_FROM_ANY },
    { N_("A → Any"), WL_CONV_DIR_A_TO_ANY },
    { N_("Any → A"), WL_CONV_DIR_A_FROM_ANY },
    { N_("Any ↔ B"), WL_CONV_DIR_ANY_TO_FROM_B },
    { N_("Any ← B"), WL_CONV_DIR_ANY_FROM_B },
    { N_("Any → B"), WL_CONV_DIR_ANY_TO_B },
  };
  if (endpoints)
    {
      GMenuItem *item = g_menu_item_new (_("Selected endpoint"), NULL);
      g_menu_item_set_action_and_target (item, "conv.filter", "i", 0);
      g_menu_append_item (menu, item);
      g_object_unref (item);
      return G_MENU_MODEL (menu);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (items); i++)
    {
      GMenuItem *item = g_menu_item_new (_(items[i].label), NULL);
      g_menu_item_set_action_and_target (item, "conv.filter", "i", (gint32) items[i].dir);
      g_menu_append_item (menu, item);
      g_object_unref (item);
    }
  return G_MENU_MODEL (menu);
}

/* Right click on a table: the same menu as the button, for the selected row. */
static void
on_table_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  WlConversationsDialog *self = user_data;
  GtkWidget *view = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  GtkWidget *popover = gtk_popover_menu_new_from_model (gtk_menu_button_get_menu_model (self->filter_button));
  gtk_widget_set_parent (popover, view);
  gtk_popover_set_pointing_to (GTK_POPOVER (popover), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  g_signal_connect (popover, "closed", G_CALLBACK (gtk_widget_unparent), NULL);
  gtk_popover_popup (GTK_POPOVER (popover));
}

static void
build_pages (WlConversationsDialog *self)
{
  static const WlStatColumn conv_cols[C_N] = {
    { N_("Address A"), FALSE }, { N_("Port A"), TRUE }, { N_("Address B"), FALSE }, { N_("Port B"), TRUE },
    { N_("Packets"), TRUE }, { N_("Bytes"), TRUE }, { N_("Packets A → B"), TRUE }, { N_("Bytes A → B"), TRUE },
    { N_("Packets B → A"), TRUE }, { N_("Bytes B → A"), TRUE }, { N_("Rel Start"), TRUE },
    { N_("Duration"), TRUE }, { N_("Bits/s A → B"), TRUE }, { N_("Bits/s B → A"), TRUE },
  };
  static const WlStatColumn ep_cols[E_N] = {
    { N_("Address"), FALSE }, { N_("Port"), TRUE }, { N_("Packets"), TRUE }, { N_("Bytes"), TRUE },
    { N_("Tx Packets"), TRUE }, { N_("Tx Bytes"), TRUE }, { N_("Rx Packets"), TRUE }, { N_("Rx Bytes"), TRUE },
  };
  const WlStatColumn *src = self->endpoints ? ep_cols : conv_cols;
  guint n_cols = self->endpoints ? E_N : C_N;
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      WlStatColumn cols[C_N];
      guint n = 0;
      for (guint i = 0; i < n_cols; i++)
        {
          gboolean port_col = self->endpoints ? i == E_PORT : (i == C_PORT_A || i == C_PORT_B);
          /* Ethernet and IP have no ports: their tables leave the column out */
          if (port_col && !wl_conv_type_has_ports (t))
            {
              cols[n++] = (WlStatColumn) { NULL, TRUE };
              continue;
            }
          cols[n++] = (WlStatColumn) { _(src[i].title), src[i].numeric };
        }
      GtkWidget *view = gtk_column_view_new (NULL);
      gtk_column_view_set_reorderable (GTK_COLUMN_VIEW (view), TRUE);
      gtk_column_view_set_show_column_separators (GTK_COLUMN_VIEW (view), TRUE);
      self->stores[t] = wl_stat_rows_new ();
      self->selections[t] = wl_stat_table_setup (GTK_COLUMN_VIEW (view), cols, n, G_LIST_MODEL (self->stores[t]), FALSE);
      /* hide the port columns of port-less layers */
      GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (view));
      for (guint i = 0; i < n; i++)
        if (!cols[i].title)
          {
            g_autoptr (GtkColumnViewColumn) c = g_list_model_get_item (columns, i);
            gtk_column_view_column_set_visible (c, FALSE);
          }
      GtkGesture *click = gtk_gesture_click_new ();
      gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
      g_signal_connect (click, "pressed", G_CALLBACK (on_table_pressed), self);
      gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (click));
      GtkWidget *scroller = gtk_scrolled_window_new ();
      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), view);
      self->pages[t] = scroller;
      gtk_notebook_append_page (self->notebook, scroller, gtk_label_new (wl_conv_type_title (t)));
    }
  /* TCP first, as it is the one most people open this window for */
  gtk_notebook_set_current_page (self->notebook, WL_CONV_TCP);
  g_signal_connect_swapped (self->notebook, "switch-page", G_CALLBACK (on_switch_page), self);
}

static void
wl_conversations_dialog_dispose (GObject *object)
{
  WlConversationsDialog *self = WL_CONVERSATIONS_DIALOG (object);
  if (self->cancellable)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  for (int t = 0; t < WL_CONV_N_TYPES; t++)
    {
      g_clear_object (&self->stores[t]);
      g_clear_pointer (&self->pending[t], g_ptr_array_unref);
      g_clear_pointer (&self->tables[t], wl_conv_table_free);
    }
  g_clear_weak_pointer (&self->main_window);
  g_clear_pointer (&self->display_filter, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_CONVERSATIONS_DIALOG);
  G_OBJECT_CLASS (wl_conversations_dialog_parent_class)->dispose (object);
}

static void
wl_conversations_dialog_class_init (WlConversationsDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  G_OBJECT_CLASS (klass)->dispose = wl_conversations_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-conversations-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, WlConversationsDialog, notebook);
  gtk_widget_class_bind_template_child (widget_class, WlConversationsDialog, limit_check);
  gtk_widget_class_bind_template_child (widget_class, WlConversationsDialog, status_label);
  gtk_widget_class_bind_template_child (widget_class, WlConversationsDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, WlConversationsDialog, filter_button);
  gtk_widget_class_install_action (widget_class, "conv.filter", "i", action_filter);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
wl_conversations_dialog_init (WlConversationsDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_swapped (self->limit_check, "toggled", G_CALLBACK (on_limit_toggled), self);
}

static void
show (GtkWindow *parent, WlSession *session, const char *display_filter, gboolean endpoints)
{
  WlConversationsDialog *self = g_object_new (WL_TYPE_CONVERSATIONS_DIALOG, NULL);
  self->endpoints = endpoints;
  self->session = session;
  g_set_weak_pointer (&self->main_window, parent);
  self->display_filter = display_filter && display_filter[0] ? g_strdup (display_filter) : NULL;
  gtk_window_set_title (GTK_WINDOW (self), endpoints ? _("Endpoints") : _("Conversations"));
  if (parent)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  g_autoptr (GMenuModel) menu = filter_menu (endpoints);
  gtk_menu_button_set_menu_model (self->filter_button, menu);
  build_pages (self);
  /* Limited by default when the main window shows a filtered list, as Wireshark does */
  g_signal_handlers_block_by_func (self->limit_check, on_limit_toggled, self);
  gtk_check_button_set_active (self->limit_check, self->display_filter != NULL);
  g_signal_handlers_unblock_by_func (self->limit_check, on_limit_toggled, self);
  gtk_widget_set_sensitive (GTK_WIDGET (self->limit_check), self->display_filter != NULL);
  gtk_window_present (GTK_WINDOW (self));
  recompute (self);
}

void
wl_conversations_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter)
{
  show (parent, session, display_filter, FALSE);
}

void
wl_endpoints_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter)
{
  show (parent, session, display_filter, TRUE);
}
