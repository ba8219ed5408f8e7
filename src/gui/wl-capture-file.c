/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCaptureFile (see wl-capture-file.h): background loading and the lock that lets the main
 * thread dissect visited frames while the first pass goes on. */
#include <glib/gi18n.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <sys/resource.h>
#include "capture-writer.h"
#include "wl-capture-file.h"

/* Frames the first pass dissects per turn of the lock: small enough that the main thread
 * never waits long, large enough that locking costs nothing. */
#define PASS_CHUNK 128
/* How often the main thread publishes the loader's progress (ms). */
#define PUBLISH_INTERVAL 40

struct _WlCaptureFile
{
  GObject parent_instance;

  GFile *file;
  WlSession *session;        /* written by the loader before n_frames is published */
  char *damage;

  /* Shared with the loader thread */
  GMutex lock;               /* held by the first pass while it dissects a chunk */
  int main_waiting;          /* atomic: the main thread wants the lock */
  gboolean main_holds;       /* main thread: it holds the lock until release_id runs */
  guint release_id;
  int index_done;            /* atomic */
  guint32 ready;             /* atomic: frames the first pass has visited */

  /* Main-thread copies, published by publish() */
  guint32 n_frames;
  guint32 n_ready;
  gboolean loading;
  gint64 load_start;
  gint64 load_end;           /* atomic-ish: written by the loader before it returns */
  double load_time;
  guint publish_id;

  /* Live capture */
  WlCaptureSource *source;   /* owned; its session is borrowed until stolen at the end */
  gboolean session_owned;
  gboolean unsaved;
};

G_DEFINE_FINAL_TYPE (WlCaptureFile, wl_capture_file, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_FILE,
  PROP_N_FRAMES,
  PROP_N_READY,
  PROP_LOADING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
wl_capture_file_finalize (GObject *object)
{
  WlCaptureFile *self = WL_CAPTURE_FILE (object);

  g_clear_handle_id (&self->publish_id, g_source_remove);
  if (self->main_holds)
    {
      g_clear_handle_id (&self->release_id, g_source_remove);
      g_mutex_unlock (&self->lock);
    }
  if (self->source)
    {
      /* No callback may reach a window that has let the file go. */
      wl_capture_source_set_callbacks (self->source, NULL, NULL, NULL, NULL);
      if (self->session_owned)
        g_clear_pointer (&self->session, wl_session_free);
      self->session = NULL;
      g_clear_pointer (&self->source, wl_capture_source_free);
    }
  g_clear_pointer (&self->session, wl_session_free);
  g_clear_object (&self->file);
  g_free (self->damage);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (wl_capture_file_parent_class)->finalize (object);
}

static void
wl_capture_file_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  WlCaptureFile *self = WL_CAPTURE_FILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      g_value_set_object (value, self->file);
      break;
    case PROP_N_FRAMES:
      g_value_set_uint (value, self->n_frames);
      break;
    case PROP_N_READY:
      g_value_set_uint (value, self->n_ready);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wl_capture_file_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  WlCaptureFile *self = WL_CAPTURE_FILE (object);

  switch (prop_id)
    {
    case PROP_FILE:
      self->file = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
wl_capture_file_class_init (WlCaptureFileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = wl_capture_file_finalize;
  object_class->get_property = wl_capture_file_get_property;
  object_class->set_property = wl_capture_file_set_property;

  properties[PROP_FILE] = g_param_spec_object ("file", NULL, NULL, G_TYPE_FILE,
                                               G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_FRAMES] = g_param_spec_uint ("n-frames", NULL, NULL, 0, G_MAXUINT32, 0,
                                                 G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_N_READY] = g_param_spec_uint ("n-ready", NULL, NULL, 0, G_MAXUINT32, 0,
                                                G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
wl_capture_file_init (WlCaptureFile *self)
{
  g_mutex_init (&self->lock);
}

WlCaptureFile *
wl_capture_file_new (GFile *file)
{
  return g_object_new (WL_TYPE_CAPTURE_FILE, "file", file, NULL);
}

GFile *
wl_capture_file_get_file (WlCaptureFile *self)
{
  return self->file;
}

/* Main thread: copies what the loader has done into the properties. */
static void
publish (WlCaptureFile *self)
{
  if (self->n_frames == 0 && g_atomic_int_get (&self->index_done) && self->session)
    {
      self->n_frames = wl_frame_store_count (self->session->store);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES]);
    }
  guint32 ready = (guint32) g_atomic_int_get ((int *) &self->ready);
  if (ready != self->n_ready)
    {
      self->n_ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_READY]);
    }
}

static gboolean
publish_cb (gpointer data)
{
  publish (WL_CAPTURE_FILE (data));
  return G_SOURCE_CONTINUE;
}

void
wl_background_thread (void)
{
  /* On Linux, the calling thread's nice value only; where that fails, it keeps its own. */
  (void) setpriority (PRIO_PROCESS, 0, 10);
}

/* Loader thread: index the file, then visit every frame once, in order. */
static void
load_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  WlCaptureFile *self = source_object;
  GError *error = NULL;
  g_autofree char *path = g_file_get_path (self->file);

  wl_background_thread ();
  if (!path)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                               _("Only local files can be opened."));
      return;
    }
  WlFrameStore *store = wl_frame_store_open (path, &error);
  if (!store)
    {
      g_task_return_error (task, error);
      return;
    }
  if (store->damage)
    self->damage = g_strdup (store->damage);
  WlSession *session = wl_session_new (store);
  g_mutex_lock (&self->lock);
  self->session = session;
  g_mutex_unlock (&self->lock);
  g_atomic_int_set (&self->index_done, 1);

  guint32 n = wl_frame_store_count (store);
  WlPacket packet = { 0 };
  g_autoptr (WlArena) arena = wl_arena_new ();
  WlDissectOptions lean = { FALSE, NULL, FALSE };

  for (guint32 i = 1; i <= n;)
    {
      if (g_cancellable_is_cancelled (cancellable))
        break;
      /* Let a waiting main thread in first: it only dissects a screenful. */
      while (g_atomic_int_get (&self->main_waiting) > 0)
        g_usleep (50);
      g_mutex_lock (&self->lock);
      guint32 end = MIN (n, i + PASS_CHUNK - 1);
      for (; i <= end; i++)
        wl_dissect_frame (session, i, &lean, &packet, arena);
      g_mutex_unlock (&self->lock);
      g_atomic_int_set ((int *) &self->ready, (int) end);
    }
  wl_packet_clear (&packet);
  if (!g_cancellable_is_cancelled (cancellable))
    {
      /* a file gets no more frames: what only first visits needed goes */
      g_mutex_lock (&self->lock);
      wl_session_first_pass_done (session);
      g_mutex_unlock (&self->lock);
#ifdef __GLIBC__
      malloc_trim (0); /* the freed pages back to the system, not kept in the heap */
#endif
    }
  self->load_end = g_get_monotonic_time ();
  if (g_task_return_error_if_cancelled (task))
    return;
  g_task_return_boolean (task, TRUE);
}

void
wl_capture_file_load_async (WlCaptureFile *self, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (WL_IS_CAPTURE_FILE (self));
  g_return_if_fail (!self->loading && !self->session);

  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wl_capture_file_load_async);
  self->loading = TRUE;
  self->load_start = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  self->publish_id = g_timeout_add (PUBLISH_INTERVAL, publish_cb, self);
  g_task_run_in_thread (task, load_thread);
}

gboolean
wl_capture_file_load_finish (WlCaptureFile *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  g_clear_handle_id (&self->publish_id, g_source_remove);
  publish (self);
  /* The loader's own time: the main loop may have been busy drawing when it finished. */
  gint64 end = self->load_end ? self->load_end : g_get_monotonic_time ();
  self->load_time = (double) (end - self->load_start) / G_USEC_PER_SEC;
  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  return g_task_propagate_boolean (G_TASK (result), error);
}

guint32
wl_capture_file_get_n_frames (WlCaptureFile *self)
{
  return self->n_frames;
}

guint32
wl_capture_file_get_n_ready (WlCaptureFile *self)
{
  return self->n_ready;
}

gboolean
wl_capture_file_get_loading (WlCaptureFile *self)
{
  return self->loading;
}

double
wl_capture_file_get_load_time (WlCaptureFile *self)
{
  return self->loading ? 0.0 : self->load_time;
}

const char *
wl_capture_file_get_damage (WlCaptureFile *self)
{
  return g_atomic_int_get (&self->index_done) ? self->damage : NULL;
}

WlSession *
wl_capture_file_get_session (WlCaptureFile *self)
{
  return g_atomic_int_get (&self->index_done) ? self->session : NULL;
}

static gboolean
release_main_lock (gpointer data)
{
  WlCaptureFile *self = data;
  self->release_id = 0;
  self->main_holds = FALSE;
  g_mutex_unlock (&self->lock);
  return G_SOURCE_REMOVE;
}

void
wl_capture_file_dissect (WlCaptureFile *self, guint32 number, const WlDissectOptions *opts,
                         WlPacket *p, WlArena *arena)
{
  g_return_if_fail (self->session && number >= 1 && number <= self->n_ready);

  /* A live capture's first pass runs on this thread: no lock to take. */
  if (!self->loading || self->source)
    {
      wl_dissect_frame (self->session, number, opts, p, arena);
      return;
    }
  /* The rows bound in one frame are dissected under one turn of the lock, kept until the
   * main loop is idle again; the first pass waits for it between its chunks. */
  if (!self->main_holds)
    {
      g_atomic_int_inc (&self->main_waiting);
      g_mutex_lock (&self->lock);
      g_atomic_int_dec_and_test (&self->main_waiting);
      self->main_holds = TRUE;
      self->release_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, release_main_lock, self, NULL);
    }
  wl_dissect_frame (self->session, number, opts, p, arena);
}

/* ---- Live capture ---- */

WlCaptureFile *
wl_capture_file_new_live (WlCaptureSource *src)
{
  g_return_val_if_fail (src != NULL, NULL);
  WlCaptureFile *self = g_object_new (WL_TYPE_CAPTURE_FILE, NULL);
  self->source = src;
  self->loading = TRUE;
  self->load_start = g_get_monotonic_time ();
  return self;
}

WlCaptureSource *
wl_capture_file_get_source (WlCaptureFile *self)
{
  return self->source;
}

gboolean
wl_capture_file_is_live (WlCaptureFile *self)
{
  return self->source != NULL;
}

gboolean
wl_capture_file_is_unsaved (WlCaptureFile *self)
{
  return self->unsaved;
}

void
wl_capture_file_live_update (WlCaptureFile *self, guint32 n_visited)
{
  g_return_if_fail (self->source != NULL);
  WlSession *session = wl_capture_source_get_session (self->source);
  if (!session)
    return;
  if (!self->session)
    {
      self->session = session;
      g_atomic_int_set (&self->index_done, 1);
    }
  /* Frames are shown once their first pass is done (the store may hold a few more). */
  if (n_visited > self->n_ready)
    {
      self->n_frames = n_visited;
      self->n_ready = n_visited;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_FRAMES]);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_READY]);
    }
}

void
wl_capture_file_live_finish (WlCaptureFile *self)
{
  g_return_if_fail (self->source != NULL);
  WlSession *stolen = wl_capture_source_steal_session (self->source);
  if (stolen)
    {
      self->session = stolen;
      self->session_owned = TRUE;
    }
  else if (!self->session)
    self->session = wl_capture_source_get_session (self->source);
  if (self->session)
    g_atomic_int_set (&self->index_done, 1);
  self->unsaved = self->session && wl_frame_store_count (self->session->store) > 0;
  self->load_end = g_get_monotonic_time ();
  self->load_time = (double) (self->load_end - self->load_start) / G_USEC_PER_SEC;
  self->loading = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

void
wl_capture_file_set_saved (WlCaptureFile *self, GFile *file)
{
  g_set_object (&self->file, file);
  self->unsaved = FALSE;
}

/* ---- Saving ---- */

typedef struct {
  char *path;
  WlFileFormat format;
  GArray *frames;
} SaveData;

static void
save_data_free (gpointer data)
{
  SaveData *sd = data;
  g_free (sd->path);
  g_clear_pointer (&sd->frames, g_array_unref);
  g_free (sd);
}

static void
save_thread (GTask *task, gpointer source_object, gpointer task_data, GCancellable *cancellable)
{
  WlCaptureFile *self = source_object;
  SaveData *sd = task_data;
  WlFrameStore *store = self->session->store;
  GError *error = NULL;

  WlCaptureWriter *w = wl_capture_writer_new (sd->path, sd->format, store, &error);
  if (!w)
    {
      g_task_return_error (task, error);
      return;
    }
  guint32 n = sd->frames ? sd->frames->len : wl_frame_store_count (store);
  for (guint32 i = 0; i < n; i++)
    {
      guint32 number = sd->frames ? g_array_index (sd->frames, guint32, i) : i + 1;
      const WlFrame *f = wl_frame_store_get (store, number);
      WlFrameMeta meta = wl_frame_store_meta (store, f);
      if (g_cancellable_set_error_if_cancelled (cancellable, &error) ||
          !wl_capture_writer_add (w, &meta, wl_frame_store_bytes (store, f),
                                  wl_frame_store_comment (store, number), &error))
        {
          wl_capture_writer_abort (w);
          g_task_return_error (task, error);
          return;
        }
    }
  if (!wl_capture_writer_finish (w, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
wl_capture_file_save_async (WlCaptureFile *self, const char *path, WlFileFormat format,
                            GArray *frames, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_return_if_fail (WL_IS_CAPTURE_FILE (self));
  g_return_if_fail (self->session != NULL && !self->loading);

  SaveData *sd = g_new0 (SaveData, 1);
  sd->path = g_strdup (path);
  sd->format = format;
  sd->frames = frames ? g_array_ref (frames) : NULL;
  g_autoptr (GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, wl_capture_file_save_async);
  g_task_set_task_data (task, sd, save_data_free);
  g_task_run_in_thread (task, save_thread);
}

gboolean
wl_capture_file_save_finish (WlCaptureFile *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
