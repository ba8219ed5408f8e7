/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlPacketListModel (see wl-packet-list-model.h). The model keeps only frame numbers; rows
 * are created on request and a small cache keeps the ones on screen from being dissected
 * again at every redraw. Rows stand for positions: a filter or a sort changes the packets the
 * rows show, not the rows, so that the list keeps its row widgets (see replace_rows). Sorting
 * builds its keys on a worker thread. */
#include <stdlib.h>
#include <string.h>
#include "field-format.h"
#include "wl-packet-list-model.h"
#include "wl-row-steps.h"

/* Rows kept formatted: a few screenfuls. */
#define ROW_CACHE_SIZE 512

struct _WlPacketListModel
{
  GObject parent_instance;

  WlCaptureFile *file;
  guint32 n_ready;           /* frames shown when not filtered */
  GArray *filtered;          /* guint32 frame numbers in file order, or NULL: all */
  GArray *sorted;            /* the displayed frames in sort order, or NULL: file order */

  WlTimeFormat time_format;
  GStrv field_columns;
  GArray *field_ids;         /* int, -1 for unknown fields */
  const WlColoringRules *coloring;
  guint8 *wanted;            /* fields the row formatting needs */

  WlArena *arena;
  WlPacket packet;
  GString *text;

  GHashTable *live;          /* position -> every WlPacketRow alive (not owned) */
  GHashTable *cache;         /* position -> WlPacketRow (owned) */
  GQueue cache_order;        /* positions, oldest first */
  guint generation;          /* bumped when rows show other packets or other texts */

  guint catch_up_id;

  int sort_column;
  gboolean sort_descending;
  gboolean sorting;
  GCancellable *sort_cancellable;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (WlPacketListModel, wl_packet_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_SORTING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void start_sort (WlPacketListModel *self);

static guint
n_displayed (WlPacketListModel *self)
{
  if (self->sorted)
    return self->sorted->len;
  if (self->filtered)
    return self->filtered->len;
  return self->n_ready;
}

static GType
get_item_type (GListModel *model)
{
  return WL_TYPE_PACKET_ROW;
}

static guint
get_n_items (GListModel *model)
{
  return n_displayed (WL_PACKET_LIST_MODEL (model));
}

guint32
wl_packet_list_model_get_frame (WlPacketListModel *self, guint position)
{
  g_return_val_if_fail (WL_IS_PACKET_LIST_MODEL (self), 0);
  if (position >= n_displayed (self))
    return 0;
  if (self->sorted)
    return g_array_index (self->sorted, guint32, position);
  if (self->filtered)
    return g_array_index (self->filtered, guint32, position);
  return position + 1;
}

static gpointer
get_item (GListModel *model, guint position)
{
  WlPacketListModel *self = WL_PACKET_LIST_MODEL (model);
  guint32 number = wl_packet_list_model_get_frame (self, position);

  if (number == 0)
    return NULL;
  WlPacketRow *row = g_hash_table_lookup (self->live, GUINT_TO_POINTER (position));
  if (row)
    {
      if (!g_hash_table_contains (self->cache, GUINT_TO_POINTER (position)))
        {
          g_hash_table_insert (self->cache, GUINT_TO_POINTER (position), g_object_ref (row));
          g_queue_push_tail (&self->cache_order, GUINT_TO_POINTER (position));
        }
    }
  else
    {
      row = wl_packet_row_new (self, position);
      g_hash_table_insert (self->live, GUINT_TO_POINTER (position), row);
      g_hash_table_insert (self->cache, GUINT_TO_POINTER (position), g_object_ref (row));
      g_queue_push_tail (&self->cache_order, GUINT_TO_POINTER (position));
    }
  g_object_ref (row);
  while (self->cache_order.length > ROW_CACHE_SIZE)
    g_hash_table_remove (self->cache, g_queue_pop_head (&self->cache_order));
  return row;
}

void
wl_packet_list_model_forget_row (WlPacketListModel *self, WlPacketRow *row, guint position)
{
  if (g_hash_table_lookup (self->live, GUINT_TO_POINTER (position)) == row)
    g_hash_table_remove (self->live, GUINT_TO_POINTER (position));
}

guint
wl_packet_list_model_get_generation (WlPacketListModel *self)
{
  return self->generation;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
clear_cache (WlPacketListModel *self)
{
  g_hash_table_remove_all (self->cache);
  g_queue_clear (&self->cache_order);
}

/* The rows show other packets, or the same ones otherwise (the cache and the rows have their
 * old texts): the rows alive say so to the cells that show them. */
static void
rows_changed (WlPacketListModel *self)
{
  self->generation++;
  clear_cache (self);
  g_autoptr (GPtrArray) rows = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer row;
  g_hash_table_iter_init (&iter, self->live);
  while (g_hash_table_iter_next (&iter, NULL, &row))
    g_ptr_array_add (rows, g_object_ref (row));
  for (guint i = 0; i < rows->len; i++)
    wl_packet_row_changed (rows->pdata[i]);
}

/* Every row shows another packet now (a filter, a sort), old of them before. Rows stay at
 * their positions and only the difference in numbers is a change of the list: GTK 4.8's list,
 * told of one change that removes all its rows and adds others, makes all its row widgets
 * again and first looks for the rows it tracks (the one at the top, the selected one) among
 * all the added ones, making each: seconds for a million rows. */
static void
replace_rows (WlPacketListModel *self, guint old)
{
  guint n = n_displayed (self);
  if (n < old)
    g_list_model_items_changed (G_LIST_MODEL (self), n, old - n, 0);
  else if (n > old)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n - old);
  rows_changed (self);
}

/* Every row must be formatted again (time format, columns or colours changed). */
static void
invalidate_all (WlPacketListModel *self)
{
  rows_changed (self);
}

static void
rebuild_wanted (WlPacketListModel *self)
{
  g_free (self->wanted);
  self->wanted = wl_field_set_new ();
  if (self->coloring)
    wl_coloring_rules_add_wanted (self->coloring, self->wanted);
  for (guint i = 0; i < self->field_ids->len; i++)
    wl_field_set_add (self->wanted, g_array_index (self->field_ids, int, i));
}

static void on_n_ready (WlPacketListModel *self);

static gboolean
catch_up (gpointer data)
{
  WlPacketListModel *self = data;
  self->catch_up_id = 0;
  on_n_ready (self);
  return G_SOURCE_REMOVE;
}

static void
on_n_ready (WlPacketListModel *self)
{
  guint32 ready = wl_capture_file_get_n_ready (self->file);
  guint32 old = self->n_ready;

  if (ready <= old)
    return;
  /* the first rows in steps (wl-row-steps.h), so that no turn of the main loop binds them all */
  guint32 next = wl_rows_after_step (old, ready);
  if (next < ready)
    wl_row_step_schedule (&self->catch_up_id, catch_up, self);
  ready = next;
  self->n_ready = ready;
  if (!self->filtered && !self->sorted)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, ready - old);
}

static void
on_loading (WlPacketListModel *self)
{
  if (!wl_capture_file_get_loading (self->file) && self->sort_column >= 0)
    start_sort (self);
}

static void
wl_packet_list_model_dispose (GObject *object)
{
  WlPacketListModel *self = WL_PACKET_LIST_MODEL (object);

  if (self->sort_cancellable)
    g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);
  g_clear_handle_id (&self->catch_up_id, g_source_remove);
  if (self->file)
    g_signal_handlers_disconnect_by_data (self->file, self);
  g_clear_object (&self->file);
  if (self->cache)
    clear_cache (self);
  if (self->live)
    g_hash_table_remove_all (self->live);
  G_OBJECT_CLASS (wl_packet_list_model_parent_class)->dispose (object);
}

static void
wl_packet_list_model_finalize (GObject *object)
{
  WlPacketListModel *self = WL_PACKET_LIST_MODEL (object);

  g_clear_pointer (&self->filtered, g_array_unref);
  g_clear_pointer (&self->sorted, g_array_unref);
  g_clear_pointer (&self->field_columns, g_strfreev);
  g_clear_pointer (&self->field_ids, g_array_unref);
  g_clear_pointer (&self->wanted, g_free);
  g_clear_pointer (&self->cache, g_hash_table_unref);
  g_clear_pointer (&self->live, g_hash_table_unref);
  wl_packet_clear (&self->packet);
  g_clear_pointer (&self->arena, wl_arena_free);
  g_string_free (self->text, TRUE);
  G_OBJECT_CLASS (wl_packet_list_model_parent_class)->finalize (object);
}

static void
wl_packet_list_model_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WlPacketListModel *self = WL_PACKET_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_SORTING:
      g_value_set_boolean (value, self->sorting);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wl_packet_list_model_class_init (WlPacketListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = wl_packet_list_model_dispose;
  object_class->finalize = wl_packet_list_model_finalize;
  object_class->get_property = wl_packet_list_model_get_property;

  properties[PROP_SORTING] = g_param_spec_boolean ("sorting", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wl_packet_list_model_init (WlPacketListModel *self)
{
  wl_dissectors_init ();
  self->arena = wl_arena_new ();
  self->text = g_string_new (NULL);
  self->field_ids = g_array_new (FALSE, FALSE, sizeof (int));
  self->cache = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, g_object_unref);
  self->live = g_hash_table_new (g_direct_hash, g_direct_equal);
  self->sort_column = -1;
  self->time_format = WL_TIME_RELATIVE;
  rebuild_wanted (self);
}

WlPacketListModel *
wl_packet_list_model_new (WlCaptureFile *file)
{
  g_return_val_if_fail (WL_IS_CAPTURE_FILE (file), NULL);

  WlPacketListModel *self = g_object_new (WL_TYPE_PACKET_LIST_MODEL, NULL);
  self->file = g_object_ref (file);
  self->n_ready = wl_capture_file_get_n_ready (file);
  g_signal_connect_swapped (file, "notify::n-ready", G_CALLBACK (on_n_ready), self);
  g_signal_connect_swapped (file, "notify::loading", G_CALLBACK (on_loading), self);
  return self;
}

WlCaptureFile *
wl_packet_list_model_get_file (WlPacketListModel *self)
{
  return self->file;
}

void
wl_packet_list_model_set_time_format (WlPacketListModel *self, WlTimeFormat format)
{
  if (self->time_format == format)
    return;
  self->time_format = format;
  invalidate_all (self);
  if (self->sort_column == WL_COL_TIME)
    start_sort (self);
}

void
wl_packet_list_model_set_field_columns (WlPacketListModel *self, const char * const *fields)
{
  g_clear_pointer (&self->field_columns, g_strfreev);
  self->field_columns = g_strdupv ((char **) fields);
  g_array_set_size (self->field_ids, 0);
  for (guint i = 0; fields && fields[i]; i++)
    {
      const WlField *f = wl_field_lookup (fields[i]);
      int id = f ? f->id : -1;
      g_array_append_val (self->field_ids, id);
    }
  rebuild_wanted (self);
  if (self->sort_column >= WL_N_COLS)
    self->sort_column = -1;
  invalidate_all (self);
}

guint
wl_packet_list_model_get_n_columns (WlPacketListModel *self)
{
  return WL_N_COLS + self->field_ids->len;
}

void
wl_packet_list_model_set_coloring (WlPacketListModel *self, const WlColoringRules *rules)
{
  if (self->coloring == rules)
    return;
  self->coloring = rules;
  rebuild_wanted (self);
  invalidate_all (self);
}

void
wl_packet_list_model_set_filtered (WlPacketListModel *self, GArray *frames)
{
  guint old = n_displayed (self);

  g_clear_pointer (&self->filtered, g_array_unref);
  g_clear_pointer (&self->sorted, g_array_unref);
  self->filtered = frames;
  replace_rows (self, old);
  if (self->sort_column >= 0)
    start_sort (self);
}

void
wl_packet_list_model_append_filtered (WlPacketListModel *self, const guint32 *frames, guint n)
{
  g_return_if_fail (self->filtered != NULL);
  if (n == 0)
    return;
  guint old = self->filtered->len;
  g_array_append_vals (self->filtered, frames, n);
  if (!self->sorted)
    g_list_model_items_changed (G_LIST_MODEL (self), old, 0, n);
}

gboolean
wl_packet_list_model_is_filtered (WlPacketListModel *self)
{
  return self->filtered != NULL;
}

GArray *
wl_packet_list_model_dup_displayed (WlPacketListModel *self)
{
  if (self->filtered)
    {
      GArray *copy = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->filtered->len);
      g_array_append_vals (copy, self->filtered->data, self->filtered->len);
      return copy;
    }
  GArray *all = g_array_sized_new (FALSE, FALSE, sizeof (guint32), self->n_ready);
  for (guint32 i = 1; i <= self->n_ready; i++)
    g_array_append_val (all, i);
  return all;
}

gboolean
wl_packet_list_model_find_frame (WlPacketListModel *self, guint32 number, guint *position)
{
  if (self->sorted)
    {
      for (guint i = 0; i < self->sorted->len; i++)
        if (g_array_index (self->sorted, guint32, i) == number)
          {
            *position = i;
            return TRUE;
          }
      return FALSE;
    }
  if (!self->filtered)
    {
      if (number < 1 || number > self->n_ready)
        return FALSE;
      *position = number - 1;
      return TRUE;
    }
  /* Filtered frames are in file order: binary search. */
  guint lo = 0, hi = self->filtered->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      guint32 v = g_array_index (self->filtered, guint32, mid);
      if (v == number)
        {
          *position = mid;
          return TRUE;
        }
      if (v < number)
        lo = mid + 1;
      else
        hi = mid;
    }
  return FALSE;
}

/* Appends every occurrence of field id, as the tree shows its value, separated by commas
 * (Wireshark's custom columns). */
static void
format_field_column (const WlPacket *p, int id, GString *out)
{
  if (id < 0)
    return;
  gboolean first = TRUE;
  for (WlNode *n = wl_packet_first (p, id); n; n = wl_packet_next (n, id))
    {
      if (!first)
        g_string_append_c (out, ',');
      /* An address without its name: Wireshark's custom columns show names only when asked. */
      if (n->field && n->field->type == WL_FT_ETHER)
        wl_node_format_value (n, out);
      else
        wl_node_format_display (n, out);
      first = FALSE;
    }
}

void
wl_packet_list_model_format_row (WlPacketListModel *self, WlPacketRow *row)
{
  guint32 number = wl_packet_row_get_number (row);
  guint n_cols = wl_packet_list_model_get_n_columns (self);
  WlDissectOptions opts = { FALSE, self->wanted, TRUE };

  if (number == 0 || number > wl_capture_file_get_n_ready (self->file))
    return;
  wl_capture_file_dissect (self->file, number, &opts, &self->packet, self->arena);

  GStrv texts = g_new0 (char *, n_cols + 1);
  for (guint c = 0; c < n_cols; c++)
    {
      g_string_truncate (self->text, 0);
      if (c < WL_N_COLS)
        wl_packet_format_column (&self->packet, (WlColumn) c, self->time_format, self->text);
      else
        format_field_column (&self->packet, g_array_index (self->field_ids, int, c - WL_N_COLS), self->text);
      texts[c] = g_strndup (self->text->str, self->text->len);
    }
  int color = self->coloring ? wl_coloring_rules_match (self->coloring, &self->packet) : -1;
  wl_packet_row_set_formatted (row, texts, color);
}

/* ---- Sorting ---- */

typedef enum {
  KEY_UNSIGNED,
  KEY_SIGNED,
  KEY_TEXT,
  KEY_ADDRESS,
} KeyKind;

typedef struct {
  guint32 number;
  union {
    guint64 u;
    gint64 i;
  } v;
  char *text;
  WlAddress addr;
} SortKey;

typedef struct {
  GArray *frames;            /* input, in file order */
  int column;
  gboolean descending;
  WlTimeFormat time_format;
  int field_id;
  KeyKind kind;
  WlCaptureFile *file;       /* keeps the session alive while the sort reads it */
  WlSession *session;
} SortJob;

static void
sort_job_free (gpointer data)
{
  SortJob *job = data;
  g_array_unref (job->frames);
  g_clear_object (&job->file);
  g_free (job);
}

static int
compare_keys (gconstpointer a, gconstpointer b, gpointer user_data)
{
  const SortKey *ka = a, *kb = b;
  const SortJob *job = user_data;
  int r = 0;

  switch (job->kind)
    {
    case KEY_UNSIGNED:
      r = ka->v.u < kb->v.u ? -1 : ka->v.u > kb->v.u;
      break;
    case KEY_SIGNED:
      r = ka->v.i < kb->v.i ? -1 : ka->v.i > kb->v.i;
      break;
    case KEY_TEXT:
      r = strcmp (ka->text ? ka->text : "", kb->text ? kb->text : "");
      break;
    case KEY_ADDRESS:
      r = (int) ka->addr.type - (int) kb->addr.type;
      if (r == 0)
        r = memcmp (ka->addr.data, kb->addr.data, sizeof ka->addr.data);
      break;
    }
  if (job->descending)
    r = -r;
  if (r == 0)
    r = ka->number < kb->number ? -1 : ka->number > kb->number;
  return r;
}

static void
sort_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  SortJob *job = task_data;
  wl_background_thread ();
  WlFrameStore *store = job->session->store;
  guint n = job->frames->len;
  SortKey *keys = g_new0 (SortKey, n);
  g_autoptr (WlArena) arena = wl_arena_new ();
  WlPacket packet = { 0 };
  g_autofree guint8 *wanted = wl_field_set_new ();
  GString *text = g_string_new (NULL);
  WlDissectOptions opts = { FALSE, wanted, job->column < WL_N_COLS };

  if (job->field_id >= 0)
    wl_field_set_add (wanted, job->field_id);

  for (guint i = 0; i < n; i++)
    {
      guint32 number = g_array_index (job->frames, guint32, i);
      const WlFrame *f = wl_frame_store_get (store, number);
      SortKey *k = &keys[i];

      k->number = number;
      if ((i & 4095) == 0 && g_cancellable_is_cancelled (cancellable))
        break;
      switch (job->column)
        {
        case WL_COL_NUMBER:
          k->v.u = number;
          continue;
        case WL_COL_LENGTH:
          k->v.u = wl_frame_len (store, f);
          continue;
        case WL_COL_TIME:
          k->v.i = wl_frame_ts_ns (store, f);
          if (job->time_format == WL_TIME_DELTA)
            k->v.i -= number > 1 ? wl_frame_store_ts_ns (store, number - 1) : k->v.i;
          continue;
        default:
          break;
        }
      wl_dissect_frame (job->session, number, &opts, &packet, arena);
      if (job->column == WL_COL_SOURCE || job->column == WL_COL_DESTINATION)
        {
          const WlAddress *net = job->column == WL_COL_SOURCE ? &packet.net_src : &packet.net_dst;
          const WlAddress *dl = job->column == WL_COL_SOURCE ? &packet.dl_src : &packet.dl_dst;
          k->addr = net->type != WL_ADDR_NONE ? *net : *dl;
          continue;
        }
      if (job->kind == KEY_UNSIGNED)
        {
          WlNode *node = wl_packet_first (&packet, job->field_id);
          k->v.u = node ? node->v.u : 0;
          continue;
        }
      g_string_truncate (text, 0);
      if (job->column < WL_N_COLS)
        wl_packet_format_column (&packet, (WlColumn) job->column, job->time_format, text);
      else
        format_field_column (&packet, job->field_id, text);
      k->text = g_strndup (text->str, text->len);
    }
  wl_packet_clear (&packet);
  g_string_free (text, TRUE);

  GArray *result = NULL;
  if (!g_cancellable_is_cancelled (cancellable))
    {
      g_qsort_with_data (keys, (gint) n, sizeof (SortKey), compare_keys, job);
      result = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n);
      for (guint i = 0; i < n; i++)
        g_array_append_val (result, keys[i].number);
    }
  for (guint i = 0; i < n; i++)
    g_free (keys[i].text);
  g_free (keys);
  if (result)
    g_task_return_pointer (task, result, (GDestroyNotify) g_array_unref);
  else
    g_task_return_error_if_cancelled (task);
}

static void
sort_done (GObject *source, GAsyncResult *result, gpointer user_data)
{
  WlPacketListModel *self = WL_PACKET_LIST_MODEL (source);
  g_autoptr (GError) error = NULL;
  gboolean is_current = g_task_get_cancellable (G_TASK (result)) == self->sort_cancellable;
  GArray *sorted = g_task_propagate_pointer (G_TASK (result), &error);

  if (!sorted || !is_current)
    {
      /* cancelled: a newer sort or filter replaced this one */
      g_clear_pointer (&sorted, g_array_unref);
      return;
    }
  guint old = n_displayed (self);
  g_clear_pointer (&self->sorted, g_array_unref);
  self->sorted = sorted;
  g_clear_object (&self->sort_cancellable);
  self->sorting = FALSE;
  replace_rows (self, old);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
}

static void
start_sort (WlPacketListModel *self)
{
  if (self->sort_cancellable)
    g_cancellable_cancel (self->sort_cancellable);
  g_clear_object (&self->sort_cancellable);

  if (self->sort_column < 0 || wl_capture_file_get_loading (self->file) ||
      !wl_capture_file_get_session (self->file))
    {
      gboolean was = self->sorting;
      self->sorting = self->sort_column >= 0 && wl_capture_file_get_loading (self->file);
      if (was != self->sorting)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
      return;
    }

  SortJob *job = g_new0 (SortJob, 1);
  job->frames = wl_packet_list_model_dup_displayed (self);
  job->column = self->sort_column;
  job->descending = self->sort_descending;
  job->time_format = self->time_format;
  job->file = g_object_ref (self->file);
  job->session = wl_capture_file_get_session (self->file);
  job->field_id = -1;
  switch (job->column)
    {
    case WL_COL_NUMBER:
    case WL_COL_LENGTH:
      job->kind = KEY_UNSIGNED;
      break;
    case WL_COL_TIME:
      job->kind = KEY_SIGNED;
      break;
    case WL_COL_SOURCE:
    case WL_COL_DESTINATION:
      job->kind = KEY_ADDRESS;
      break;
    case WL_COL_PROTOCOL:
    case WL_COL_INFO:
      job->kind = KEY_TEXT;
      break;
    default:
      {
        job->field_id = g_array_index (self->field_ids, int, job->column - WL_N_COLS);
        const WlField *f = job->field_id >= 0 ? wl_field_get (job->field_id) : NULL;
        job->kind = f && wl_field_type_is_unsigned (f->type) ? KEY_UNSIGNED : KEY_TEXT;
      }
      break;
    }

  self->sort_cancellable = g_cancellable_new ();
  if (!self->sorting)
    {
      self->sorting = TRUE;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SORTING]);
    }
  g_autoptr (GTask) task = g_task_new (self, self->sort_cancellable, sort_done, NULL);
  g_task_set_task_data (task, job, sort_job_free);
  g_task_run_in_thread (task, sort_thread);
}

void
wl_packet_list_model_set_sort (WlPacketListModel *self, int column, gboolean descending)
{
  if (column >= (int) wl_packet_list_model_get_n_columns (self))
    column = -1;
  if (column == self->sort_column && descending == self->sort_descending)
    return;
  self->sort_column = column;
  self->sort_descending = descending;
  if (column < 0 && self->sorted)
    {
      guint old = n_displayed (self);
      g_clear_pointer (&self->sorted, g_array_unref);
      replace_rows (self, old);
    }
  start_sort (self);
}

int
wl_packet_list_model_get_sort_column (WlPacketListModel *self)
{
  return self->sort_column;
}

gboolean
wl_packet_list_model_get_sorting (WlPacketListModel *self)
{
  return self->sorting;
}

gboolean
wl_packet_list_model_is_catching_up (WlPacketListModel *self)
{
  return self->catch_up_id != 0;
}
