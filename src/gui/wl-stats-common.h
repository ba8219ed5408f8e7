/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the statistics windows (conversations, endpoints, hierarchy, follow, expert) share:
 * WlStatRow, one row of a sortable table; the column-view setup over rows; a worker that
 * dissects every frame (limited to a display filter if asked) and hands each packet to a
 * statistic of src/core/stats; and the way back to the main window (apply a filter, go to a
 * frame) through its actions "win.apply-display-filter" (s) and "win.go-to-frame" (u). */
#pragma once

#include <gtk/gtk.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_TYPE_STAT_ROW (wl_stat_row_get_type ())
G_DECLARE_FINAL_TYPE (WlStatRow, wl_stat_row, WL, STAT_ROW, GObject)

/* A row of n_cols cells: the text shown and a number to sort by. */
WlStatRow *wl_stat_row_new (guint n_cols);
void wl_stat_row_set (WlStatRow *row, guint col, const char *text, double key);
void wl_stat_row_set_uint (WlStatRow *row, guint col, guint64 value);
const char *wl_stat_row_get_text (WlStatRow *row, guint col);
/* A sort key alone: the text comes later from fill. */
void wl_stat_row_set_key (WlStatRow *row, guint col, double key);
/* Texts made when first asked for (a table of 100,000 rows shows a few dozen): fill (row)
 * sets them, from the row's data, with wl_stat_row_set (). The sort keys must be set before. */
typedef void (*WlStatRowFill) (WlStatRow *row);
void wl_stat_row_set_fill (WlStatRow *row, WlStatRowFill fill);
double wl_stat_row_get_key (WlStatRow *row, guint col);
/* Data the window keeps with the row (a conversation, an expert entry...). */
void wl_stat_row_set_data (WlStatRow *row, gpointer data, GDestroyNotify destroy);
gpointer wl_stat_row_get_data (WlStatRow *row);
/* Child rows (for trees), NULL when none. */
void wl_stat_row_set_children (WlStatRow *row, GListModel *children);
GListModel *wl_stat_row_get_children (WlStatRow *row);

/* The rows of a table as a GListModel of WlStatRow over an array: replacing them costs a few
 * signals (a GListStore inserts 50,000 rows one by one, about 0.1 s on the main thread). The
 * first rows are handed over in steps, each drawn before the next, the rest at once: GTK 4.8's
 * list makes widgets for ~200 rows whatever its height (0.1 s for a 14-column table). */
#define WL_TYPE_STAT_ROWS (wl_stat_rows_get_type ())
G_DECLARE_FINAL_TYPE (WlStatRows, wl_stat_rows, WL, STAT_ROWS, GObject)

WlStatRows *wl_stat_rows_new (void);
/* Replaces the rows with those of rows (transfer full: an array of WlStatRow references,
 * freeing them; NULL: no rows). */
void wl_stat_rows_set (WlStatRows *self, GPtrArray *rows);
/* Whether every row has been handed over (the steps run from the main loop). */
gboolean wl_stat_rows_is_complete (WlStatRows *self);

typedef struct {
  const char *title;         /* translated by the caller */
  gboolean numeric;          /* right-aligned, sorted by key */
} WlStatColumn;

/* Adds the columns to view and shows rows (a GListModel of WlStatRow, or of GtkTreeListRow
 * when tree is TRUE: the first column then gets an expander), sortable by each column.
 * Returns the selection model (owned by the view). */
GtkSingleSelection *wl_stat_table_setup (GtkColumnView *view, const WlStatColumn *cols, guint n_cols,
                                         GListModel *rows, gboolean tree);
/* The row a selection model points at (NULL when none). */
WlStatRow *wl_stat_table_get_selected (GtkSingleSelection *selection);

/* What a job dissects: the wanted fields alone; the whole tree with labels (sequential jobs
 * only); the tree's shape (WlDissectOptions shape_only: every protocol in its place, the
 * wanted and filtered fields, no labels); the shape and every expert item with its label
 * (WlDissectOptions expert_items). */
typedef enum {
  WL_STATS_LEAN,
  WL_STATS_FULL,
  WL_STATS_SHAPE,
  WL_STATS_SHAPE_EXPERT,
} WlStatsTree;

/* Called in the worker thread for every packet that passed the filter. */
typedef void (*WlStatsPacketFunc) (const WlPacket *p, gpointer user_data);

/* Dissects frames 1..n of s in a worker thread (full tree, or lean with the fields of wanted,
 * which is copied) and calls packet_fn for those matching filter (NULL or "": all). The
 * capture must be loaded (its first pass over). progress, when not NULL, follows the work.
 * callback runs on the main thread; wl_stats_job_finish tells success (FALSE with error for a
 * filter that does not compile or a capture still loading; cancelled jobs report
 * G_IO_ERROR_CANCELLED). */
void wl_stats_job_run (WlSession *s, const char *filter, gboolean full, const guint8 *wanted,
                       WlStatsPacketFunc packet_fn, gpointer user_data, GCancellable *cancellable,
                       GtkProgressBar *progress, GAsyncReadyCallback callback, gpointer callback_data);
gboolean wl_stats_job_finish (GAsyncResult *result, GError **error);

/* The same over frames first..last only (lean, no filter), and of those only the frames for
 * which wants (s, number, wants_data) returns TRUE (called on the worker thread). */
typedef gboolean (*WlStatsFrameFunc) (WlSession *s, guint32 number, gpointer wants_data);
void wl_stats_job_run_frames (WlSession *s, guint32 first, guint32 last, WlStatsFrameFunc wants, gpointer wants_data,
                              const guint8 *wanted, WlStatsPacketFunc packet_fn, gpointer user_data,
                              GCancellable *cancellable, GtkProgressBar *progress, GAsyncReadyCallback callback,
                              gpointer callback_data);

/* The same on every core (src/core/revisit.h): frames are dealt out by IP address pair, and
 * each worker counts into its own accumulator, made by part_new (user_data) on the calling
 * thread; packet_fn gets that accumulator. Once every worker is done, merge (user_data, parts,
 * n_parts) runs on the worker thread and takes the accumulators (it frees them); part_free
 * frees those of a cancelled job. For
 * statistics that add up over any split of the frames by address pair (conversations,
 * endpoints, the protocol hierarchy). */
typedef gpointer (*WlStatsPartNew) (gpointer user_data);
typedef void (*WlStatsPartsMerge) (gpointer user_data, gpointer *parts, guint n_parts);
void wl_stats_job_run_parallel (WlSession *s, const char *filter, WlStatsTree tree, const guint8 *wanted,
                                WlStatsPartNew part_new, WlStatsPacketFunc packet_fn, WlStatsPartsMerge merge,
                                GDestroyNotify part_free, gpointer user_data, GCancellable *cancellable,
                                GtkProgressBar *progress, GAsyncReadyCallback callback, gpointer callback_data);

/* Asks parent (the main window) to apply a display filter, or to select a frame. */
void wl_stats_apply_filter (GtkWindow *parent, const char *filter);
void wl_stats_go_to_frame (GtkWindow *parent, guint32 frame);

/* "1.5 kB"-style sizes, as Wireshark's tables show bytes (transfer full) */
char *wl_stats_format_bytes (guint64 bytes);

/* Gives the heap's free pages back to the system once the main loop is idle (a statistics
 * window closed leaves tens of MB of freed rows and tables in the heap); calls coalesce. */
void wl_stats_trim_heap_soon (void);

G_END_DECLS
