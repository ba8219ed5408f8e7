/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared parts of the statistics windows (see wl-stats-common.h). */
#include <string.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <glib/gi18n.h>
#include "wl-stats-common.h"
#include "wl-cell.h"
#include "wl-row-steps.h"
#include "dfilter.h"
#include "revisit.h"

/* ---- WlStatRow ---- */

struct _WlStatRow
{
  GObject parent_instance;
  guint n_cols;
  char **texts;
  double *keys;
  gpointer data;
  GDestroyNotify destroy;
  GListModel *children;
  WlStatRowFill fill;        /* makes the texts when one is first asked for */
};

G_DEFINE_FINAL_TYPE (WlStatRow, wl_stat_row, G_TYPE_OBJECT)

static void
wl_stat_row_finalize (GObject *object)
{
  WlStatRow *self = WL_STAT_ROW (object);
  for (guint i = 0; self->texts && i < self->n_cols; i++)
    g_free (self->texts[i]);
  g_free (self->texts);
  g_free (self->keys);
  if (self->destroy && self->data)
    self->destroy (self->data);
  g_clear_object (&self->children);
  G_OBJECT_CLASS (wl_stat_row_parent_class)->finalize (object);
}

static void
wl_stat_row_class_init (WlStatRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wl_stat_row_finalize;
}

static void
wl_stat_row_init (WlStatRow *self)
{
}

WlStatRow *
wl_stat_row_new (guint n_cols)
{
  WlStatRow *self = g_object_new (WL_TYPE_STAT_ROW, NULL);
  self->n_cols = n_cols;
  self->keys = g_new0 (double, n_cols); /* texts: with the first one set */
  return self;
}

void
wl_stat_row_set (WlStatRow *row, guint col, const char *text, double key)
{
  g_return_if_fail (col < row->n_cols);
  if (!row->texts)
    row->texts = g_new0 (char *, row->n_cols);
  g_free (row->texts[col]);
  row->texts[col] = g_strdup (text);
  row->keys[col] = key;
}

void
wl_stat_row_set_uint (WlStatRow *row, guint col, guint64 value)
{
  char buf[32];
  g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, value);
  wl_stat_row_set (row, col, buf, (double) value);
}

void
wl_stat_row_set_key (WlStatRow *row, guint col, double key)
{
  g_return_if_fail (col < row->n_cols);
  row->keys[col] = key;
}

void
wl_stat_row_set_fill (WlStatRow *row, WlStatRowFill fill)
{
  row->fill = fill;
}

const char *
wl_stat_row_get_text (WlStatRow *row, guint col)
{
  if (row->fill)
    {
      WlStatRowFill fill = row->fill;
      row->fill = NULL;
      fill (row);
    }
  return col < row->n_cols && row->texts && row->texts[col] ? row->texts[col] : "";
}

double
wl_stat_row_get_key (WlStatRow *row, guint col)
{
  return col < row->n_cols ? row->keys[col] : 0;
}

void
wl_stat_row_set_data (WlStatRow *row, gpointer data, GDestroyNotify destroy)
{
  if (row->destroy && row->data)
    row->destroy (row->data);
  row->data = data;
  row->destroy = destroy;
}

gpointer
wl_stat_row_get_data (WlStatRow *row)
{
  return row->data;
}

void
wl_stat_row_set_children (WlStatRow *row, GListModel *children)
{
  g_set_object (&row->children, children);
}

GListModel *
wl_stat_row_get_children (WlStatRow *row)
{
  return row->children;
}

/* ---- Tables ---- */

static WlStatRow *
item_row (gpointer item)
{
  if (GTK_IS_TREE_LIST_ROW (item))
    return WL_STAT_ROW (gtk_tree_list_row_get_item (GTK_TREE_LIST_ROW (item)));
  return g_object_ref (WL_STAT_ROW (item));
}

/* The cells of flat tables are WlCells: a table keeps 200 rows of them (GtkListView's number),
 * and GtkLabels would shape the text of every cell to measure it (0.1 s for a 14-column
 * table). Trees (a few dozen protocols) keep GtkLabels, which measure their text exactly. */
static void
setup_cell (GtkSignalListItemFactory *factory, GtkListItem *li, gpointer user_data)
{
  gboolean numeric = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "numeric"));
  gboolean expander = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "expander"));
  gboolean tree = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (factory), "tree"));
  GtkWidget *cell;
  if (tree)
    {
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), numeric ? 1.0f : 0.0f);
    }
  else
    {
      cell = wl_cell_new ();
      wl_cell_set_fit_text (WL_CELL (cell), TRUE);
      wl_cell_set_xalign (WL_CELL (cell), numeric ? 1.0f : 0.0f);
    }
  if (numeric)
    gtk_widget_add_css_class (cell, "numeric");
  if (expander)
    {
      GtkWidget *ex = gtk_tree_expander_new ();
      gtk_tree_expander_set_child (GTK_TREE_EXPANDER (ex), cell);
      gtk_list_item_set_child (li, ex);
    }
  else
    gtk_list_item_set_child (li, cell);
}

static void
bind_cell (GtkSignalListItemFactory *factory, GtkListItem *li, gpointer user_data)
{
  guint col = GPOINTER_TO_UINT (user_data);
  gpointer item = gtk_list_item_get_item (li);
  GtkWidget *child = gtk_list_item_get_child (li);
  GtkWidget *cell = child;
  if (GTK_IS_TREE_EXPANDER (child))
    {
      gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (child), GTK_TREE_LIST_ROW (item));
      cell = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (child));
    }
  g_autoptr (WlStatRow) row = item_row (item);
  const char *text = wl_stat_row_get_text (row, col);
  if (WL_IS_CELL (cell))
    wl_cell_set_text (WL_CELL (cell), text);
  else
    gtk_label_set_text (GTK_LABEL (cell), text);
}

typedef struct {
  guint col;
  gboolean numeric;
} SortSpec;

static int
compare_rows (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const SortSpec *spec = user_data;
  g_autoptr (WlStatRow) ra = item_row ((gpointer) a);
  g_autoptr (WlStatRow) rb = item_row ((gpointer) b);
  if (spec->numeric)
    {
      double x = wl_stat_row_get_key (ra, spec->col), y = wl_stat_row_get_key (rb, spec->col);
      return x < y ? GTK_ORDERING_SMALLER : x > y ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
    }
  int c = g_utf8_collate (wl_stat_row_get_text (ra, spec->col), wl_stat_row_get_text (rb, spec->col));
  return c < 0 ? GTK_ORDERING_SMALLER : c > 0 ? GTK_ORDERING_LARGER : GTK_ORDERING_EQUAL;
}

GtkSingleSelection *
wl_stat_table_setup (GtkColumnView *view, const WlStatColumn *cols, guint n_cols, GListModel *rows, gboolean tree)
{
  for (guint i = 0; i < n_cols; i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_object_set_data (G_OBJECT (factory), "numeric", GINT_TO_POINTER (cols[i].numeric));
      g_object_set_data (G_OBJECT (factory), "expander", GINT_TO_POINTER (tree && i == 0));
      g_object_set_data (G_OBJECT (factory), "tree", GINT_TO_POINTER (tree));
      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell), NULL);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell), GUINT_TO_POINTER (i));
      GtkColumnViewColumn *column = gtk_column_view_column_new (cols[i].title, factory);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (i == 0)
        gtk_column_view_column_set_expand (column, TRUE);
      SortSpec *spec = g_new0 (SortSpec, 1);
      spec->col = i;
      spec->numeric = cols[i].numeric;
      /* Sorting a tree would sort its rows across levels: only flat tables sort */
      if (!tree)
        {
          g_autoptr (GtkSorter) sorter = GTK_SORTER (gtk_custom_sorter_new (compare_rows, spec, g_free));
          gtk_column_view_column_set_sorter (column, sorter);
        }
      else
        g_free (spec);
      gtk_column_view_append_column (view, column);
      g_object_unref (column);
    }
  GListModel *model = g_object_ref (rows);
  if (!tree)
    {
      GtkSorter *sorter = gtk_column_view_get_sorter (view);
      model = G_LIST_MODEL (gtk_sort_list_model_new (model, sorter ? g_object_ref (sorter) : NULL));
    }
  GtkSingleSelection *selection = gtk_single_selection_new (model);
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  return selection;
}

WlStatRow *
wl_stat_table_get_selected (GtkSingleSelection *selection)
{
  gpointer item = gtk_single_selection_get_selected_item (selection);
  if (!item)
    return NULL;
  g_autoptr (WlStatRow) row = item_row (item);
  return row; /* the model keeps a reference */
}

/* ---- WlStatRows ---- */

struct _WlStatRows
{
  GObject parent_instance;
  GPtrArray *rows;
  guint n_shown;             /* the rows handed over so far: the model's items */
  guint step_id;
};

static GType
stat_rows_get_item_type (GListModel *model)
{
  return WL_TYPE_STAT_ROW;
}

static guint
stat_rows_get_n_items (GListModel *model)
{
  return WL_STAT_ROWS (model)->n_shown;
}

static gpointer
stat_rows_get_item (GListModel *model, guint position)
{
  WlStatRows *self = WL_STAT_ROWS (model);
  if (position >= self->n_shown)
    return NULL;
  return g_object_ref (g_ptr_array_index (self->rows, position));
}

static void
stat_rows_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = stat_rows_get_item_type;
  iface->get_n_items = stat_rows_get_n_items;
  iface->get_item = stat_rows_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (WlStatRows, wl_stat_rows, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, stat_rows_list_model_init))

static guint trim_id;

static gboolean
trim_heap (gpointer data)
{
  trim_id = 0;
#ifdef __GLIBC__
  malloc_trim (0);
#endif
  return G_SOURCE_REMOVE;
}

void
wl_stats_trim_heap_soon (void)
{
  if (!trim_id)
    trim_id = g_idle_add_full (G_PRIORITY_LOW, trim_heap, NULL, NULL);
}

static void
wl_stat_rows_finalize (GObject *object)
{
  WlStatRows *self = WL_STAT_ROWS (object);
  g_clear_handle_id (&self->step_id, g_source_remove);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  /* the rows and what they showed freed: their pages back to the system */
  wl_stats_trim_heap_soon ();
  G_OBJECT_CLASS (wl_stat_rows_parent_class)->finalize (object);
}

static void
wl_stat_rows_class_init (WlStatRowsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wl_stat_rows_finalize;
}

static void
wl_stat_rows_init (WlStatRows *self)
{
}

WlStatRows *
wl_stat_rows_new (void)
{
  return g_object_new (WL_TYPE_STAT_ROWS, NULL);
}

static gboolean hand_over_step (gpointer data);

/* Hands the next step's rows over (wl-row-steps.h). */
static void
hand_over (WlStatRows *self)
{
  guint total = self->rows ? self->rows->len : 0, old = self->n_shown;
  if (old >= total)
    return;
  guint now = wl_rows_after_step (old, total);
  self->n_shown = now;
  g_list_model_items_changed (G_LIST_MODEL (self), old, 0, now - old);
  if (now < total)
    wl_row_step_schedule (&self->step_id, hand_over_step, self);
}

static gboolean
hand_over_step (gpointer data)
{
  WlStatRows *self = data;
  self->step_id = 0;
  hand_over (self);
  return G_SOURCE_REMOVE;
}

void
wl_stat_rows_set (WlStatRows *self, GPtrArray *rows)
{
  g_return_if_fail (WL_IS_STAT_ROWS (self));
  g_clear_handle_id (&self->step_id, g_source_remove);
  guint removed = self->n_shown;
  GPtrArray *old = self->rows;
  self->rows = rows;
  self->n_shown = 0;
  if (rows)
    g_ptr_array_set_free_func (rows, g_object_unref);
  if (removed)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  if (old)
    g_ptr_array_unref (old);
  hand_over (self);
}

gboolean
wl_stat_rows_is_complete (WlStatRows *self)
{
  g_return_val_if_fail (WL_IS_STAT_ROWS (self), TRUE);
  return self->n_shown == (self->rows ? self->rows->len : 0);
}

/* ---- The worker ---- */

typedef struct {
  WlSession *session;
  char *filter;
  WlStatsTree tree;
  guint8 *wanted;
  WlStatsPacketFunc packet_fn;
  gpointer user_data;
  guint32 n_frames;
  guint32 first, last;       /* the frames to look at (1..n_frames unless asked) */
  WlStatsFrameFunc wants;    /* NULL: every frame of first..last */
  gpointer wants_data;
  gint done;                 /* the frame reached (atomic) */
  GtkProgressBar *progress;  /* weak */
  guint progress_id;
  GAsyncReadyCallback callback;
  gpointer callback_data;
  WlDfilter *df;
  /* parallel jobs */
  WlStatsPartsMerge merge;
  GDestroyNotify part_free;
  gpointer *parts;
  guint n_parts;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;
  g_free (job->filter);
  g_free (job->wanted);
  g_clear_weak_pointer (&job->progress);
  if (job->progress_id)
    g_source_remove (job->progress_id);
  if (job->df)
    wl_dfilter_free (job->df);
  for (guint i = 0; job->parts && i < job->n_parts; i++)
    job->part_free (job->parts[i]); /* not merged: cancelled */
  g_free (job->parts);
  g_free (job);
}

static void
tree_options (WlStatsTree tree, WlDissectOptions *opts)
{
  opts->full = tree != WL_STATS_LEAN;
  /* the tree's shape: which protocols nest where, no labels */
  opts->shape_only = tree == WL_STATS_SHAPE || tree == WL_STATS_SHAPE_EXPERT;
  opts->expert_items = tree == WL_STATS_SHAPE_EXPERT;
}

static void
job_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  WlDissectOptions opts = { 0 };
  tree_options (job->tree, &opts);
  opts.wanted = job->wanted;
  g_autoptr (WlArena) arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  for (guint32 i = job->first; i <= job->last && i >= 1; i++)
    {
      if ((i & 1023) == 0)
        {
          g_atomic_int_set (&job->done, (gint) i);
          if (g_cancellable_is_cancelled (cancellable))
            break;
        }
      if (job->wants && !job->wants (job->session, i, job->wants_data))
        continue;
      wl_dissect_frame (job->session, i, &opts, &pkt, arena);
      if (job->df && !wl_dfilter_apply (job->df, &pkt))
        continue;
      job->packet_fn (&pkt, job->user_data);
    }
  wl_packet_clear (&pkt);
  g_atomic_int_set (&job->done, (gint) job->last);
  if (g_cancellable_is_cancelled (cancellable))
    g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
  else
    g_task_return_boolean (task, TRUE);
}

/* One worker of a parallel job: the filter, then the statistic's own accumulator. */
typedef struct {
  Job *job;
  gpointer data;
} JobPart;

static void
part_packet (const WlPacket *p, gpointer part_data)
{
  JobPart *jp = part_data;
  if (jp->job->df && !wl_dfilter_apply (jp->job->df, p))
    return;
  jp->job->packet_fn (p, jp->data);
}

static void
job_thread_parallel (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  Job *job = task_data;
  WlDissectOptions opts = { 0 };
  tree_options (job->tree, &opts);
  opts.wanted = job->wanted;
  /* revisits write no state: what no wanted field can see may be skipped */
  wl_dissect_options_prune (&opts);
  JobPart *jp = g_new0 (JobPart, job->n_parts);
  gpointer *pd = g_new0 (gpointer, job->n_parts);
  for (guint i = 0; i < job->n_parts; i++)
    {
      jp[i] = (JobPart) { job, job->parts[i] };
      pd[i] = &jp[i];
    }
  gboolean ok = wl_session_revisit (job->session, job->n_frames, &opts, job->n_parts, cancellable, &job->done,
                                    part_packet, pd);
  wl_dissect_options_clear (&opts);
  g_free (pd);
  g_free (jp);
  if (!ok || g_cancellable_is_cancelled (cancellable))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_CANCELLED, "%s", _("Cancelled"));
      return;
    }
  gpointer *parts = g_steal_pointer (&job->parts);
  job->merge (job->user_data, parts, job->n_parts);
  g_free (parts);
#ifdef __GLIBC__
  /* The workers' tables are gone: give their pages back to the system rather than keep them
   * in the heap (35 MB after the three windows on the 1M-packet bench file; a few ms here) */
  malloc_trim (0);
#endif
  g_task_return_boolean (task, TRUE);
}

static gboolean
update_progress (gpointer data)
{
  Job *job = data;
  if (job->progress && job->last >= job->first)
    {
      guint32 done = (guint32) g_atomic_int_get (&job->done);
      done = done < job->first ? 0 : MIN (done, job->last) - job->first + 1;
      gtk_progress_bar_set_fraction (job->progress, (double) done / (job->last - job->first + 1));
    }
  return G_SOURCE_CONTINUE;
}

static void
job_done (GObject *source, GAsyncResult *result, gpointer data)
{
  Job *job = g_task_get_task_data (G_TASK (result));
  if (job->progress_id)
    {
      g_source_remove (job->progress_id);
      job->progress_id = 0;
    }
  if (job->progress)
    gtk_widget_set_visible (GTK_WIDGET (job->progress), FALSE);
  job->callback (NULL, result, job->callback_data);
}

static void
job_start (WlSession *s, guint32 first, guint32 last, WlStatsFrameFunc wants, gpointer wants_data,
           const char *filter, WlStatsTree tree, const guint8 *wanted, WlStatsPartNew part_new,
           WlStatsPacketFunc packet_fn, WlStatsPartsMerge merge, GDestroyNotify part_free, gpointer user_data,
           GCancellable *cancellable,
           GtkProgressBar *progress, GAsyncReadyCallback callback, gpointer callback_data)
{
  Job *job = g_new0 (Job, 1);
  job->session = s;
  job->filter = filter && filter[0] ? g_strdup (filter) : NULL;
  job->tree = tree;
  job->packet_fn = packet_fn;
  job->user_data = user_data;
  job->callback = callback;
  job->callback_data = callback_data;
  job->n_frames = s && s->store ? wl_frame_store_count (s->store) : 0;
  job->first = first ? first : 1;
  job->last = MIN (last, job->n_frames);
  job->wants = wants;
  job->wants_data = wants_data;
  gsize set_size = ((gsize) wl_field_count () + 7) / 8;
  job->wanted = wl_field_set_new ();
  if (wanted)
    memcpy (job->wanted, wanted, set_size);
  GTask *task = g_task_new (NULL, cancellable, job_done, NULL);
  g_task_set_task_data (task, job, job_free);

  if (!s || s->n_visited < job->n_frames)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_PENDING, "%s",
                               _("The capture is still loading: open this window again when it is loaded."));
      g_object_unref (task);
      return;
    }
  if (job->filter)
    {
      WlDfilterError *err = NULL;
      job->df = wl_dfilter_compile (job->filter, &err);
      if (!job->df)
        {
          g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT, _("Invalid display filter: %s"),
                                   err ? err->message : job->filter);
          wl_dfilter_error_free (err);
          g_object_unref (task);
          return;
        }
      wl_dfilter_add_wanted (job->df, job->wanted);
    }
  if (progress)
    {
      g_set_weak_pointer (&job->progress, progress);
      gtk_progress_bar_set_fraction (progress, 0);
      gtk_widget_set_visible (GTK_WIDGET (progress), TRUE);
      job->progress_id = g_timeout_add (100, update_progress, job);
    }
  if (merge)
    {
      job->merge = merge;
      job->part_free = part_free;
      job->n_parts = wl_revisit_n_parts (job->n_frames);
      job->parts = g_new0 (gpointer, job->n_parts);
      for (guint i = 0; i < job->n_parts; i++)
        job->parts[i] = part_new (user_data);
    }
  g_task_run_in_thread (task, merge ? job_thread_parallel : job_thread);
  g_object_unref (task);
}

void
wl_stats_job_run (WlSession *s, const char *filter, gboolean full, const guint8 *wanted,
                  WlStatsPacketFunc packet_fn, gpointer user_data, GCancellable *cancellable,
                  GtkProgressBar *progress, GAsyncReadyCallback callback, gpointer callback_data)
{
  job_start (s, 1, G_MAXUINT32, NULL, NULL, filter, full ? WL_STATS_FULL : WL_STATS_LEAN, wanted, NULL, packet_fn,
             NULL, NULL, user_data,
             cancellable, progress, callback, callback_data);
}

void
wl_stats_job_run_frames (WlSession *s, guint32 first, guint32 last, WlStatsFrameFunc wants, gpointer wants_data,
                         const guint8 *wanted, WlStatsPacketFunc packet_fn, gpointer user_data,
                         GCancellable *cancellable, GtkProgressBar *progress, GAsyncReadyCallback callback,
                         gpointer callback_data)
{
  job_start (s, first, last, wants, wants_data, NULL, WL_STATS_LEAN, wanted, NULL, packet_fn, NULL, NULL, user_data,
             cancellable, progress, callback, callback_data);
}

void
wl_stats_job_run_parallel (WlSession *s, const char *filter, WlStatsTree tree, const guint8 *wanted,
                           WlStatsPartNew part_new, WlStatsPacketFunc packet_fn, WlStatsPartsMerge merge,
                           GDestroyNotify part_free, gpointer user_data, GCancellable *cancellable,
                           GtkProgressBar *progress, GAsyncReadyCallback callback, gpointer callback_data)
{
  job_start (s, 1, G_MAXUINT32, NULL, NULL, filter, tree, wanted, part_new, packet_fn, merge, part_free,
             user_data, cancellable, progress, callback, callback_data);
}

gboolean
wl_stats_job_finish (GAsyncResult *result, GError **error)
{
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* ---- Back to the main window ---- */

void
wl_stats_apply_filter (GtkWindow *parent, const char *filter)
{
  if (parent && !gtk_widget_activate_action (GTK_WIDGET (parent), "win.apply-display-filter", "s", filter))
    g_message ("no win.apply-display-filter action to apply \"%s\"", filter);
}

void
wl_stats_go_to_frame (GtkWindow *parent, guint32 frame)
{
  if (parent && !gtk_widget_activate_action (GTK_WIDGET (parent), "win.go-to-frame", "u", frame))
    g_message ("no win.go-to-frame action to show frame %u", frame);
}

char *
wl_stats_format_bytes (guint64 bytes)
{
  return g_format_size_full (bytes, G_FORMAT_SIZE_DEFAULT);
}
