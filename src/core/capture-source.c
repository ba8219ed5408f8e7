/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live capture (see capture-source.h): starting the helper and the capture thread
 * (capture-thread.c, the ring's producer), and the consumer that, on the caller's main
 * context, moves packets from the ring to the temporary file and the store, gives them their
 * first pass and reports them.
 *
 * Threads. The capture thread owns the helper's pipes and the parsing of its stream; it
 * writes only the ring and, under src->lock, the helper's statistics, its messages and its
 * exit status. Everything else (writer, store, session, callbacks) is the consumer's: the
 * thread that called wl_capture_source_start(), through a GSource on its main context. */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "capture-private.h"
#include "procmap.h"

#define DEFAULT_RING_SIZE ((gsize) 32 << 20)
#define DEFAULT_INTERVAL_MS 100

WlCaptureSource *
wl_capture_source_new (const WlCaptureOptions *opts)
{
  g_return_val_if_fail (opts && opts->interfaces && opts->interfaces[0], NULL);
  WlCaptureSource *src = g_new0 (WlCaptureSource, 1);
  src->interfaces = g_strdupv ((char **) opts->interfaces);
  src->filter = g_strdup (opts->filter);
  src->snaplen = opts->snaplen;
  src->buffer_mib = opts->buffer_mib;
  src->no_promisc = opts->no_promisc;
  src->max_packets = opts->max_packets;
  src->duration_s = opts->duration_s;
  src->ring_size = DEFAULT_RING_SIZE;
  src->interval_ms = DEFAULT_INTERVAL_MS;
  src->out_fd = src->err_fd = -1;
  src->pid = -1;
  g_mutex_init (&src->lock);
  src->helper_stderr = g_string_new (NULL);
  src->if_stored = g_array_new (FALSE, TRUE, sizeof (guint64));
  return src;
}

void
wl_capture_source_set_callbacks (WlCaptureSource *src, WlCapturePacketFunc packet_fn,
                                 WlCaptureBatchFunc batch_fn, WlCaptureDoneFunc done_fn,
                                 gpointer user_data)
{
  src->packet_fn = packet_fn;
  src->batch_fn = batch_fn;
  src->done_fn = done_fn;
  src->user_data = user_data;
}

void
wl_capture_source_set_dissect_options (WlCaptureSource *src, const WlDissectOptions *opts)
{
  src->dopts = opts;
}

void
wl_capture_source_set_ring_size (WlCaptureSource *src, gsize size)
{
  g_return_if_fail (!src->ring);
  src->ring_size = size;
}

void
wl_capture_source_set_track_processes (WlCaptureSource *src, gboolean track)
{
  if (track && !src->procmap)
    {
      src->procmap = wl_procmap_new ();
      src->pending_comments = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                     (GDestroyNotify) g_ptr_array_unref);
      /* Short connections (a curl that connects, fetches and exits within milliseconds) are
       * looked up while their sockets are open: see procmap.h. */
      if (wl_procmap_refresh (src->procmap, NULL))
        wl_procmap_start_sampler (src->procmap, 100000);
    }
}

/* Hands the comments of newly indexed frames to the store (the live indexer reads no
 * options), so dissection shows proc.* at once. */
static void
attach_comments (WlCaptureSource *src)
{
  if (!src->pending_comments || !src->session || g_hash_table_size (src->pending_comments) == 0)
    return;
  WlFrameStore *store = src->session->store;
  guint32 count = wl_frame_store_count (store);
  GHashTableIter it;
  gpointer k, v;
  g_hash_table_iter_init (&it, src->pending_comments);
  while (g_hash_table_iter_next (&it, &k, &v))
    {
      guint32 n = GPOINTER_TO_UINT (k);
      if (n > count)
        continue;
      g_hash_table_iter_steal (&it);
      g_hash_table_replace (store->comments, k, v);
      g_array_index (store->frames, WlFrame, n - 1).flags |= WL_FRAME_HAS_COMMENT;
    }
}

void
wl_capture_source_set_batch_interval (WlCaptureSource *src, guint ms)
{
  src->interval_ms = MAX (ms, 1);
}

/* ---- The consumer: ring -> temporary file -> store -> first pass ---- */

static void
consumer_fail (WlCaptureSource *src, GError *error /* transfer full */)
{
  if (!src->consumer_error)
    src->consumer_error = error;
  else
    g_error_free (error);
  wl_capture_source_stop (src);
}

static void
setup_store (WlCaptureSource *src, StreamHeader *h)
{
  GError *error = NULL;
  g_autofree char *path = g_build_filename (src->tmp_dir, "capture.pcapng", NULL);
  src->writer = wl_capture_writer_new (path, WL_FILE_PCAPNG, h->store, &error);
  if (src->writer && wl_capture_writer_flush (src->writer, &error))
    src->live = wl_frame_store_live_open (wl_capture_writer_get_current_path (src->writer), &error);
  if (src->live)
    {
      src->final_path = g_steal_pointer (&path);
      src->session = wl_session_new (wl_frame_store_live_get_store (src->live));
      g_array_set_size (src->if_stored, h->store->interfaces->len);
      /* The helper has its devices open: an empty batch says the capture has begun. */
      if (src->batch_fn)
        src->batch_fn (src, 1, 0, src->user_data);
    }
  else
    consumer_fail (src, g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO,
                                     _("The temporary capture file could not be created: %s"),
                                     error->message));
  g_clear_error (&error);
  wl_frame_store_free (h->store);
  g_byte_array_unref (h->bytes);
  g_free (h);
}

/* Moves records from the ring to the temporary file until the ring is empty or the deadline
 * passes, then indexes what was written. */
static void
drain_ring (WlCaptureSource *src, gint64 deadline)
{
  GError *error = NULL;
  gboolean wrote = FALSE;
  for (guint n = 1;; n++)
    {
      gsize len;
      const Record *r = wl_capture_ring_peek (src->ring, &len);
      if (!r)
        break;
      g_assert (len >= sizeof *r);
      if (r->kind == REC_HEADER)
        {
          StreamHeader *h;
          memcpy (&h, r + 1, sizeof h);
          setup_store (src, h);
        }
      else if (src->writer && !src->consumer_error)
        {
          WlFrameMeta f = { r->ts_ns, r->caplen, r->len, r->iface };
          GPtrArray *comments = NULL;
          if (src->procmap && src->session)
            {
              const WlInterface *ifc = wl_frame_store_interface (src->session->store, r->iface);
              comments = wl_procmap_comments_for_packet (src->procmap, ifc ? ifc->link_type : 1,
                                                         (const guint8 *) (r + 1), r->caplen);
            }
          src->n_written++;
          if (!wl_capture_writer_add_full (src->writer, &f, (const guint8 *) (r + 1), comments, &error))
            consumer_fail (src, g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO, "%s", error->message));
          g_clear_error (&error);
          if (comments)
            g_hash_table_replace (src->pending_comments, GUINT_TO_POINTER (src->n_written), comments);
          if (r->iface < src->if_stored->len)
            g_array_index (src->if_stored, guint64, r->iface)++;
          wrote = TRUE;
        }
      wl_capture_ring_release (src->ring);
      if (n % 256 == 0 && g_get_monotonic_time () > deadline)
        break;
    }
  if (!wrote || src->consumer_error)
    return;
  if (!wl_capture_writer_flush (src->writer, &error) || !wl_frame_store_live_update (src->live, NULL, &error))
    consumer_fail (src, g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO, "%s", error->message));
  g_clear_error (&error);
  attach_comments (src);
}

/* Gives frames their first visit in order until all are visited or the deadline passes. */
static void
first_pass (WlCaptureSource *src, gint64 deadline)
{
  if (!src->session)
    return;
  guint32 count = wl_frame_store_count (src->session->store);
  guint32 first = src->n_visited + 1;
  if (first > count)
    return;
  if (first == 1)
    src->session->first_ts_ns = wl_frame_store_ts_ns (src->session->store, 1);
  if (!src->arena)
    src->arena = wl_arena_new ();
  while (src->n_visited < count)
    {
      guint32 n = ++src->n_visited;
      wl_dissect_frame (src->session, n, src->dopts, &src->pkt, src->arena);
      if (src->packet_fn)
        src->packet_fn (src, &src->pkt, src->user_data);
      if (n % 64 == 0 && g_get_monotonic_time () > deadline)
        break;
    }
  if (src->batch_fn)
    src->batch_fn (src, first, src->n_visited, src->user_data);
}

/* message, plus what was kept when something was received. */
static GError *
with_kept (int code, const char *message, guint32 n)
{
  if (n == 0)
    return g_error_new_literal (WL_CAPTURE_ERROR, code, message);
  g_autofree char *kept = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "The %u packet received before is kept.",
                                                        "The %u packets received before are kept.", n), n);
  return g_error_new (WL_CAPTURE_ERROR, code, "%s %s", message, kept);
}

static GError *
capture_result (WlCaptureSource *src)
{
  if (src->consumer_error)
    return g_error_copy (src->consumer_error);
  g_mutex_lock (&src->lock);
  int status = src->wait_status;
  gboolean asked = src->stop_requested_us != 0;
  g_autofree char *msg = wl_capture_helper_message (src->helper_stderr->str);
  g_autofree char *stream_error = g_strdup (src->stream_error);
  g_mutex_unlock (&src->lock);
  guint32 n = src->session ? wl_frame_store_count (src->session->store) : 0;
  if (stream_error)
    return with_kept (WL_CAPTURE_ERROR_HELPER_DIED, stream_error, n);
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      if (asked && (sig == SIGTERM || sig == SIGINT))
        return NULL;
      g_autofree char *what = g_strdup_printf (_("The capture helper was killed (signal %d, %s)."), sig, g_strsignal (sig));
      return with_kept (WL_CAPTURE_ERROR_HELPER_DIED, what, n);
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
    {
      if (!*msg)
        {
          g_free (msg);
          msg = g_strdup_printf (_("The capture helper stopped with status %d."), WEXITSTATUS (status));
        }
      return with_kept (wl_capture_helper_error_code (status), msg, n);
    }
  return NULL;
}

static void
finish (WlCaptureSource *src)
{
  GError *error = NULL;
  if (src->writer && !src->consumer_error)
    {
      /* The file is complete: renamed from its temporary name, then mapped like any capture
       * file, so the session can outlive the source. */
      gboolean ok = wl_capture_writer_finish (src->writer, &error);
      src->writer = NULL;
      if (ok)
        ok = wl_frame_store_live_finish (src->live, src->final_path, &error);
      if (!ok)
        src->consumer_error = g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO, "%s", error->message);
      g_clear_error (&error);
    }
  if (src->procmap)
    wl_procmap_stop_sampler (src->procmap);
  src->running = FALSE;
  src->finished = TRUE;
  g_autoptr (GError) result = capture_result (src);
  if (src->done_fn)
    src->done_fn (src, result, src->user_data);
}

static gboolean
consume_tick (gpointer data)
{
  WlCaptureSource *src = data;
  gint64 start = g_get_monotonic_time ();
  gint64 budget = (gint64) src->interval_ms * 1000 / 3;
  /* Read done before draining: what the thread pushed before setting it is then drained. */
  gboolean done = g_atomic_int_get (&src->done);
  drain_ring (src, start + budget / 2);
  first_pass (src, start + budget);
  gboolean idle = wl_capture_ring_is_empty (src->ring)
                  && (!src->session || src->n_visited == wl_frame_store_count (src->session->store));
  if (done && idle)
    {
      finish (src);
      return G_SOURCE_REMOVE;
    }
  g_source_set_ready_time (g_main_current_source (), idle ? g_get_monotonic_time () + (gint64) src->interval_ms * 1000 : 0);
  return G_SOURCE_CONTINUE;
}

static gboolean
dispatch_source (GSource *source, GSourceFunc callback, gpointer user_data)
{
  return callback (user_data);
}

static GSourceFuncs consumer_funcs = { NULL, NULL, dispatch_source, NULL, NULL, NULL };

gboolean
wl_capture_source_start (WlCaptureSource *src, GError **error)
{
  g_return_val_if_fail (!src->running && !src->finished, FALSE);
  g_autofree char *helper = wl_capture_find_helper (error);
  if (!helper)
    return FALSE;
  g_autoptr (GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (argv, g_strdup (helper));
  for (char **i = src->interfaces; *i; i++)
    {
      g_ptr_array_add (argv, g_strdup ("-i"));
      g_ptr_array_add (argv, g_strdup (*i));
    }
  if (src->filter && *src->filter)
    {
      g_ptr_array_add (argv, g_strdup ("-f"));
      g_ptr_array_add (argv, g_strdup (src->filter));
    }
  if (src->snaplen > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-s"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", src->snaplen));
    }
  if (src->no_promisc)
    g_ptr_array_add (argv, g_strdup ("-p"));
  if (src->procmap)
    g_ptr_array_add (argv, g_strdup ("-I")); /* packets at once, while their sockets are open */
  if (src->buffer_mib > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-B"));
      g_ptr_array_add (argv, g_strdup_printf ("%d", src->buffer_mib));
    }
  if (src->max_packets > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-c"));
      g_ptr_array_add (argv, g_strdup_printf ("%" G_GINT64_FORMAT, src->max_packets));
    }
  if (src->duration_s > 0)
    {
      g_ptr_array_add (argv, g_strdup ("-a"));
      g_ptr_array_add (argv, g_strdup_printf ("duration:%" G_GINT64_FORMAT, src->duration_s));
    }
  g_ptr_array_add (argv, g_strdup ("-w"));
  g_ptr_array_add (argv, g_strdup ("-"));
  g_ptr_array_add (argv, NULL);

  GError *local = NULL;
  src->tmp_dir = g_dir_make_tmp ("wirelens-XXXXXX", &local);
  if (!src->tmp_dir)
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO,
                   _("No private directory for the capture could be made: %s"), local->message);
      g_error_free (local);
      return FALSE;
    }
  /* No shell: the argv goes to execve as it is. The pipes are close-on-exec on our side, so
   * other programs we start don't keep the helper's stdout open. */
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL
                                         | G_SPAWN_CLOEXEC_PIPES,
                                         NULL, NULL, -1, -1, -1, NULL, NULL, 0, &src->pid, NULL,
                                         &src->out_fd, &src->err_fd, &local))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
                   _("The capture helper %s could not be started: %s"), helper, local->message);
      g_error_free (local);
      g_rmdir (src->tmp_dir);
      g_clear_pointer (&src->tmp_dir, g_free);
      return FALSE;
    }
  src->ring = wl_capture_ring_new (MAX (src->ring_size, (gsize) 1 << 20));
  src->context = g_main_context_ref_thread_default ();
  src->source = g_source_new (&consumer_funcs, sizeof (GSource));
  g_source_set_name (src->source, "wirelens capture consumer");
  g_source_set_priority (src->source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_callback (src->source, consume_tick, src, NULL);
  g_source_set_ready_time (src->source, g_get_monotonic_time () + (gint64) src->interval_ms * 1000);
  g_source_attach (src->source, src->context);
  src->running = TRUE;
  src->thread = g_thread_new ("wl-capture", wl_capture_thread_run, src);
  return TRUE;
}

void
wl_capture_source_stop (WlCaptureSource *src)
{
  if (!src->running)
    return;
  g_mutex_lock (&src->lock);
  if (!src->stop_requested_us)
    src->stop_requested_us = g_get_monotonic_time ();
  g_mutex_unlock (&src->lock);
  wl_capture_signal_helper (src, SIGTERM);
}

gboolean
wl_capture_source_is_running (WlCaptureSource *src)
{
  return src->running;
}

WlSession *
wl_capture_source_get_session (WlCaptureSource *src)
{
  return src->session;
}

WlSession *
wl_capture_source_steal_session (WlCaptureSource *src)
{
  /* Only a finished store maps its file on its own. */
  if (!src->finished || src->writer || src->consumer_error)
    return NULL;
  return g_steal_pointer (&src->session);
}

const char *
wl_capture_source_get_file (WlCaptureSource *src)
{
  if (src->final_path && src->finished)
    return src->final_path;
  return src->writer ? wl_capture_writer_get_current_path (src->writer) : src->final_path;
}

void
wl_capture_source_keep_file (WlCaptureSource *src, gboolean keep)
{
  src->keep_file = keep;
}

void
wl_capture_source_get_stats (WlCaptureSource *src, WlCaptureStats *stats)
{
  memset (stats, 0, sizeof *stats);
  stats->n_stored = src->session ? wl_frame_store_count (src->session->store) : 0;
  stats->n_ring_dropped = src->ring ? wl_capture_ring_get_n_dropped (src->ring) : 0;
  g_mutex_lock (&src->lock);
  for (guint i = 0; i < src->n_helper_stats; i++)
    {
      stats->n_kernel_dropped += src->helper_stats[i].ifdrop; /* the kernel's and the interface's */
      stats->n_helper_received += src->helper_stats[i].recv;
      stats->n_helper_delivered += src->helper_stats[i].usrdeliv;
    }
  g_mutex_unlock (&src->lock);
}

guint
wl_capture_source_get_n_interfaces (WlCaptureSource *src)
{
  return src->session ? src->session->store->interfaces->len : 0;
}

gboolean
wl_capture_source_get_interface_stats (WlCaptureSource *src, guint i, WlCaptureInterfaceStats *stats)
{
  memset (stats, 0, sizeof *stats);
  if (!src->session || i >= src->session->store->interfaces->len)
    return FALSE;
  const WlInterface *ifc = wl_frame_store_interface (src->session->store, i);
  stats->name = ifc->name;
  stats->link_type = ifc->link_type;
  stats->n_stored = i < src->if_stored->len ? g_array_index (src->if_stored, guint64, i) : 0;
  g_mutex_lock (&src->lock);
  if (i < src->n_helper_stats)
    {
      stats->n_received = src->helper_stats[i].recv;
      const HelperStats *h = &src->helper_stats[i];
      stats->n_kernel_dropped = MIN (h->osdrop, h->ifdrop);
      stats->n_if_dropped = h->ifdrop - stats->n_kernel_dropped;
    }
  g_mutex_unlock (&src->lock);
  return TRUE;
}

void
wl_capture_source_free (WlCaptureSource *src)
{
  if (!src)
    return;
  if (src->thread)
    {
      wl_capture_source_stop (src);
      g_thread_join (src->thread); /* ends once the helper is gone (killed if it lingers) */
    }
  if (src->source)
    {
      g_source_destroy (src->source);
      g_source_unref (src->source);
    }
  /* Records never consumed: a header owns memory. */
  gsize len;
  const Record *r;
  while (src->ring && (r = wl_capture_ring_peek (src->ring, &len)))
    {
      if (r->kind == REC_HEADER)
        {
          StreamHeader *h;
          memcpy (&h, r + 1, sizeof h);
          wl_frame_store_free (h->store);
          g_byte_array_unref (h->bytes);
          g_free (h);
        }
      wl_capture_ring_release (src->ring);
    }
  gboolean keep = src->keep_file;
  if (src->writer && keep)
    {
      /* An unfinished capture the caller keeps: complete the file and give it its name. */
      if (!wl_capture_writer_finish (src->writer, NULL))
        g_clear_pointer (&src->final_path, g_free);
    }
  else if (src->writer)
    wl_capture_writer_abort (src->writer); /* removes its temporary file */
  src->writer = NULL;
  wl_packet_clear (&src->pkt);
  g_clear_pointer (&src->arena, wl_arena_free);
  g_clear_pointer (&src->procmap, wl_procmap_free);
  g_clear_pointer (&src->pending_comments, g_hash_table_unref);
  g_clear_pointer (&src->session, wl_session_free);
  g_clear_pointer (&src->live, wl_frame_store_live_free);
  if (!keep && src->tmp_dir)
    {
      if (src->final_path)
        g_unlink (src->final_path);
      g_rmdir (src->tmp_dir);
    }
  if (src->out_fd >= 0)
    close (src->out_fd);
  if (src->err_fd >= 0)
    close (src->err_fd);
  if (src->pid > 0)
    g_spawn_close_pid (src->pid);
  g_clear_pointer (&src->ring, wl_capture_ring_free);
  if (src->context)
    g_main_context_unref (src->context);
  g_clear_error (&src->consumer_error);
  g_mutex_clear (&src->lock);
  g_string_free (src->helper_stderr, TRUE);
  g_free (src->stream_error);
  g_free (src->helper_stats);
  g_array_unref (src->if_stored);
  g_strfreev (src->interfaces);
  g_free (src->filter);
  g_free (src->tmp_dir);
  g_free (src->final_path);
  g_free (src);
}
