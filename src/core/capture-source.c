/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live capture (see capture-source.h): running the helper, the capture thread that reads its
 * pcapng stream into the ring, and the consumer that stores and visits the packets.
 *
 * Threads. The capture thread owns the helper's pipes and the parsing of its stream; it
 * writes only the ring (as its single producer) and, under src->lock, the helper's statistics,
 * its messages and its exit status. Everything else (writer, store, session, callbacks) is
 * the consumer's: the thread that called wl_capture_source_start(), through a GSource on its
 * main context. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "capture-ring.h"
#include "capture-source.h"
#include "capture-writer.h"
#include "frame-store-live.h"

G_DEFINE_QUARK (wl-capture-error-quark, wl_capture_error)

#define HELPER_NAME "wirelens-capture"
#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_ISB 0x00000005u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
/* A snaplen is at most 262144 bytes; anything much larger is a damaged stream. */
#define MAX_STREAM_BLOCK (1u << 20)
#define DEFAULT_RING_SIZE ((gsize) 32 << 20)
#define DEFAULT_INTERVAL_MS 100
#define KILL_AFTER_US (5 * G_USEC_PER_SEC)
#define MAX_STDERR 16384

/* Exit codes of wirelens-capture (src/capture-helper/main.c). */
enum {
  HELPER_EXIT_USAGE = 2,
  HELPER_EXIT_PERMISSION = 3,
};

/* ---- Finding and running the helper ---- */

void
wl_capture_interface_free (WlCaptureInterface *iface)
{
  if (!iface)
    return;
  g_free (iface->name);
  g_free (iface->description);
  g_strfreev (iface->addresses);
  g_free (iface);
}

char *
wl_capture_find_helper (GError **error)
{
  const char *env = g_getenv ("WIRELENS_CAPTURE");
  if (env && *env)
    return g_strdup (env);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      /* Installed: beside the program. Build tree: src/cli, src/gui and tests are siblings
       * of src/capture-helper's parents. */
      const char *const rel[] = {
        HELPER_NAME, "../capture-helper/" HELPER_NAME, "../src/capture-helper/" HELPER_NAME,
        "../../src/capture-helper/" HELPER_NAME,
      };
      for (gsize i = 0; i < G_N_ELEMENTS (rel); i++)
        {
          g_autofree char *path = g_build_filename (dir, rel[i], NULL);
          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
            return g_canonicalize_filename (path, NULL);
        }
    }
  char *in_path = g_find_program_in_path (HELPER_NAME);
  if (in_path)
    return in_path;
  g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
               _("The capture helper %s was not found beside %s nor in PATH. Install Wirelens "
                 "with it (meson option capture_helper=true), or set WIRELENS_CAPTURE to its path."),
               HELPER_NAME, exe ? exe : "wirelens");
  return NULL;
}

/* The helper's message without its "wirelens-capture: " prefix and final newline. */
static char *
helper_message (const char *text)
{
  if (!text)
    return g_strdup ("");
  if (g_str_has_prefix (text, HELPER_NAME ": "))
    text += strlen (HELPER_NAME ": ");
  char *m = g_strdup (text);
  return g_strchomp (m);
}

/* Runs the helper with args and waits: its standard output, or NULL with an error made of
 * what it said. */
static char *
run_helper_sync (const char *const *args, GError **error)
{
  g_autofree char *helper = wl_capture_find_helper (error);
  if (!helper)
    return NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, helper);
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  GError *local = NULL;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                     &out, &err, &status, &local))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
                   _("The capture helper %s could not be run: %s"), helper, local->message);
      g_error_free (local);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      int code = !WIFEXITED (status) ? WL_CAPTURE_ERROR_HELPER_DIED
                 : WEXITSTATUS (status) == HELPER_EXIT_PERMISSION ? WL_CAPTURE_ERROR_PERMISSION
                 : WEXITSTATUS (status) == HELPER_EXIT_USAGE ? WL_CAPTURE_ERROR_INVALID_FILTER
                 : WL_CAPTURE_ERROR_FAILED;
      g_autofree char *msg = helper_message (err);
      g_set_error_literal (error, WL_CAPTURE_ERROR, code,
                           *msg ? msg : _("The capture helper failed without saying why."));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Undoes the helper's escapes (\t \n \r \\) in place. */
static char *
unescape (char *s)
{
  char *w = s;
  for (const char *r = s; *r; r++)
    {
      if (*r == '\\' && r[1])
        {
          r++;
          *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        }
      else
        *w++ = *r;
    }
  *w = 0;
  return s;
}

GPtrArray *
wl_capture_list_interfaces (GError **error)
{
  const char *const args[] = { "-D", NULL };
  g_autofree char *out = run_helper_sync (args, error);
  if (!out)
    return NULL;
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  if (!lines[0] || !g_str_has_prefix (lines[0], "wirelens-capture-interfaces 1"))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_FAILED,
                   _("The capture helper listed the interfaces in a form this Wirelens doesn't "
                     "read; are both from the same version?"));
      return NULL;
    }
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) wl_capture_interface_free);
  for (guint i = 1; lines[i]; i++)
    {
      if (!*lines[i])
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (f) < 4 || !*f[0])
        continue;
      WlCaptureInterface *iface = g_new0 (WlCaptureInterface, 1);
      iface->name = g_strdup (unescape (f[0]));
      g_auto (GStrv) flags = g_strsplit (f[1], ",", -1);
      iface->is_up = g_strv_contains ((const char *const *) flags, "up");
      iface->is_running = g_strv_contains ((const char *const *) flags, "running");
      iface->is_loopback = g_strv_contains ((const char *const *) flags, "loopback");
      iface->is_wireless = g_strv_contains ((const char *const *) flags, "wireless");
      iface->is_connected = g_strv_contains ((const char *const *) flags, "connected");
      iface->is_disconnected = g_strv_contains ((const char *const *) flags, "disconnected");
      iface->description = *f[2] ? g_strdup (unescape (f[2])) : NULL;
      g_autoptr (GStrvBuilder) addrs = g_strv_builder_new ();
      g_auto (GStrv) a = g_strsplit (f[3], ",", -1);
      for (guint k = 0; a[k]; k++)
        {
          const char *colon = strchr (a[k], ':');
          if (colon && colon[1])
            g_strv_builder_add (addrs, colon + 1); /* "inet:127.0.0.1/8" -> "127.0.0.1/8" */
        }
      iface->addresses = g_strv_builder_end (addrs);
      g_ptr_array_add (list, iface);
    }
  return list;
}

gboolean
wl_capture_check_filter (const char *filter, int link_type, GError **error)
{
  g_autofree char *lt = g_strdup_printf ("%d", link_type);
  const char *const args[] = { "--check-filter", "-f", filter ? filter : "", "-y", lt, NULL };
  g_autofree char *out = run_helper_sync (args, error);
  return out != NULL;
}

/* ---- The capture source ---- */

enum {
  REC_HEADER = 1,  /* a StreamHeader*, the helper's section header and interfaces */
  REC_PACKET = 2,
};

/* What goes into the ring before each packet's bytes. */
typedef struct {
  gint64 ts_ns;
  guint32 caplen;
  guint32 len;
  guint16 iface;
  guint16 kind;
  guint32 reserved;
} Record;

typedef struct {
  GByteArray *bytes;    /* the helper's SHB and IDBs */
  WlFrameStore *store;  /* indexes bytes: the interfaces */
} StreamHeader;

typedef struct {
  guint64 recv, ifdrop, osdrop, usrdeliv;
} HelperStats;

struct WlCaptureSource {
  /* Options */
  char **interfaces;
  char *filter;
  int snaplen, buffer_mib;
  gboolean no_promisc;
  gint64 max_packets, duration_s;
  gsize ring_size;
  guint interval_ms;

  WlCapturePacketFunc packet_fn;
  WlCaptureBatchFunc batch_fn;
  WlCaptureDoneFunc done_fn;
  gpointer user_data;
  const WlDissectOptions *dopts;

  /* Shared with the capture thread */
  WlCaptureRing *ring;
  GSource *source;
  GPid pid;
  int out_fd, err_fd;
  GThread *thread;
  gint done;                 /* atomic: the thread pushed its last record */
  GMutex lock;               /* protects what follows */
  gboolean reaped;
  gint64 stop_requested_us;
  int wait_status;
  GString *helper_stderr;
  char *stream_error;
  HelperStats *helper_stats; /* per interface */
  guint n_helper_stats;

  /* The consumer's */
  gboolean running, finished, keep_file;
  GMainContext *context;
  char *tmp_dir;
  char *final_path;
  WlCaptureWriter *writer;
  WlFrameStoreLive *live;
  WlSession *session;
  WlArena *arena;
  WlPacket pkt;
  guint32 n_visited;
  GArray *if_stored;         /* guint64 per interface */
  GError *consumer_error;
};

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
wl_capture_source_set_batch_interval (WlCaptureSource *src, guint ms)
{
  src->interval_ms = MAX (ms, 1);
}

/* ---- The capture thread: the helper's stream into the ring ---- */

typedef struct {
  WlCaptureSource *src;
  gboolean have_shb, header_done, swap;
  StreamHeader *header;      /* being gathered */
  WlFrameStore *ifaces;      /* once gathered: the interfaces, for timestamps */
  GByteArray *ifaces_bytes;  /* what ifaces indexes */
  guint64 offset;            /* of the next block in the stream */
} Stream;

static guint32
st32 (const Stream *st, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return st->swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
st16 (const Stream *st, const guint8 *p)
{
  guint16 v;
  memcpy (&v, p, 2);
  return st->swap ? GUINT16_SWAP_LE_BE (v) : v;
}

static guint64
st64 (const Stream *st, const guint8 *p)
{
  guint64 v;
  memcpy (&v, p, 8);
  return st->swap ? GUINT64_SWAP_LE_BE (v) : v;
}

static void
stream_fail (Stream *st, const char *what)
{
  WlCaptureSource *src = st->src;
  g_mutex_lock (&src->lock);
  if (!src->stream_error)
    src->stream_error = g_strdup_printf (_("The capture helper sent a damaged stream at byte %"
                                           G_GUINT64_FORMAT " (%s)."), st->offset, what);
  g_mutex_unlock (&src->lock);
}

/* The header is complete: hand it to the consumer, first record in the ring. */
static gboolean
header_done (Stream *st)
{
  WlCaptureSource *src = st->src;
  StreamHeader *h = st->header;
  st->header = NULL;
  st->header_done = TRUE;
  h->store = wl_frame_store_new_from_data (h->bytes->data, h->bytes->len, "wirelens-capture", NULL);
  if (!h->store || h->store->interfaces->len == 0 || h->store->damage)
    {
      if (h->store)
        wl_frame_store_free (h->store);
      g_byte_array_unref (h->bytes);
      g_free (h);
      stream_fail (st, _("no interface was described"));
      return FALSE;
    }
  /* The thread's own copy of the interfaces, for timestamps: the consumer frees h. */
  st->ifaces_bytes = g_byte_array_new ();
  g_byte_array_append (st->ifaces_bytes, h->bytes->data, h->bytes->len);
  st->ifaces = wl_frame_store_new_from_data (st->ifaces_bytes->data, st->ifaces_bytes->len, "wirelens-capture", NULL);
  g_assert (st->ifaces);
  g_mutex_lock (&src->lock);
  src->n_helper_stats = h->store->interfaces->len;
  src->helper_stats = g_new0 (HelperStats, src->n_helper_stats);
  g_mutex_unlock (&src->lock);
  Record *r = wl_capture_ring_reserve (src->ring, sizeof (Record) + sizeof h);
  g_assert (r); /* the ring is empty and much larger */
  memset (r, 0, sizeof *r);
  r->kind = REC_HEADER;
  memcpy (r + 1, &h, sizeof h);
  wl_capture_ring_commit (src->ring);
  return TRUE;
}

static void
read_isb (Stream *st, const guint8 *body, gsize body_len)
{
  WlCaptureSource *src = st->src;
  if (body_len < 12)
    return;
  guint32 id = st32 (st, body);
  HelperStats s = { 0 };
  gboolean have[4] = { FALSE };
  const guint8 *p = body + 12, *end = body + body_len;
  while (end - p >= 4)
    {
      guint16 code = st16 (st, p), len = st16 (st, p + 2);
      gsize padded = ((gsize) len + 3) & ~(gsize) 3;
      if (code == 0 || (gsize) (end - p - 4) < padded)
        break;
      if (len == 8)
        switch (code)
          {
          case 4: s.recv = st64 (st, p + 4); have[0] = TRUE; break;     /* isb_ifrecv */
          case 5: s.ifdrop = st64 (st, p + 4); have[1] = TRUE; break;   /* isb_ifdrop */
          case 7: s.osdrop = st64 (st, p + 4); have[2] = TRUE; break;   /* isb_osdrop */
          case 8: s.usrdeliv = st64 (st, p + 4); have[3] = TRUE; break; /* isb_usrdeliv */
          default: break;
          }
      p += 4 + padded;
    }
  g_mutex_lock (&src->lock);
  if (id < src->n_helper_stats)
    {
      HelperStats *t = &src->helper_stats[id];
      /* Counters only grow; an ISB without a counter leaves it as it was. */
      if (have[0]) t->recv = s.recv;
      if (have[1]) t->ifdrop = s.ifdrop;
      if (have[2]) t->osdrop = s.osdrop;
      if (have[3]) t->usrdeliv = s.usrdeliv;
    }
  g_mutex_unlock (&src->lock);
}

/* Handles the whole blocks in data[0, len); returns the bytes used, or -1 when the stream is
 * damaged. */
static gssize
stream_parse (Stream *st, const guint8 *data, gsize len)
{
  gsize off = 0;
  while (len - off >= 12)
    {
      const guint8 *b = data + off;
      if (!st->have_shb)
        {
          guint32 type, bom;
          if (len - off < 28)
            break;
          memcpy (&type, b, 4);
          memcpy (&bom, b + 8, 4);
          if (type != BT_SHB || (bom != BOM && GUINT32_SWAP_LE_BE (bom) != BOM))
            {
              stream_fail (st, _("it doesn't start with a pcapng section header"));
              return -1;
            }
          st->swap = bom != BOM;
          st->have_shb = TRUE;
          st->header = g_new0 (StreamHeader, 1);
          st->header->bytes = g_byte_array_new ();
        }
      guint32 type = st32 (st, b), blen = st32 (st, b + 4);
      if (blen < 12 || blen % 4 || blen > MAX_STREAM_BLOCK)
        {
          stream_fail (st, _("a block has an invalid length"));
          return -1;
        }
      if (blen > len - off)
        break;
      if (st32 (st, b + blen - 4) != blen)
        {
          stream_fail (st, _("a block has different lengths at its start and end"));
          return -1;
        }
      const guint8 *body = b + 8;
      gsize body_len = blen - 12;
      if (!st->header_done)
        {
          if (type == BT_IDB || (type == BT_SHB && st->header->bytes->len == 0))
            {
              g_byte_array_append (st->header->bytes, b, blen);
              off += blen;
              st->offset += blen;
              continue;
            }
          if (!header_done (st))
            return -1;
        }
      switch (type)
        {
        case BT_EPB:
          {
            if (body_len < 20)
              {
                stream_fail (st, _("a packet block is too short"));
                return -1;
              }
            guint32 id = st32 (st, body), caplen = st32 (st, body + 12);
            if (caplen > body_len - 20 || id >= st->ifaces->interfaces->len)
              {
                stream_fail (st, _("a packet block is inconsistent"));
                return -1;
              }
            guint64 ts = ((guint64) st32 (st, body + 4) << 32) | st32 (st, body + 8);
            /* A full ring drops the packet (and counts it): never wait here. */
            Record *r = wl_capture_ring_reserve (st->src->ring, sizeof (Record) + caplen);
            if (r)
              {
                r->ts_ns = wl_interface_ts_to_ns (wl_frame_store_interface (st->ifaces, id), ts);
                r->caplen = caplen;
                r->len = st32 (st, body + 16);
                r->iface = (guint16) id;
                r->kind = REC_PACKET;
                r->reserved = 0;
                memcpy (r + 1, body + 20, caplen);
                wl_capture_ring_commit (st->src->ring);
              }
            break;
          }
        case BT_ISB:
          read_isb (st, body, body_len);
          break;
        case BT_SHB:
        case BT_IDB:
          stream_fail (st, _("a new section or interface appeared during the capture"));
          return -1;
        default:
          break;
        }
      off += blen;
      st->offset += blen;
    }
  return (gssize) off;
}

/* Sends sig to the helper unless it has been reaped (its pid may then be someone else's). */
static void
signal_helper (WlCaptureSource *src, int sig)
{
  g_mutex_lock (&src->lock);
  if (src->pid > 0 && !src->reaped)
    kill (src->pid, sig);
  g_mutex_unlock (&src->lock);
}

static gpointer
capture_thread (gpointer data)
{
  WlCaptureSource *src = data;
  Stream st = { src };
  gsize cap = 1 << 20, len = 0;
  guint8 *buf = g_malloc (cap);
  gboolean out_open = TRUE, err_open = TRUE, damaged = FALSE;

  while (out_open || err_open)
    {
      struct pollfd pfd[2] = {
        { out_open ? src->out_fd : -1, POLLIN, 0 },
        { err_open ? src->err_fd : -1, POLLIN, 0 },
      };
      int n = poll (pfd, 2, 250);
      if (n < 0 && errno != EINTR)
        break;
      /* A helper that doesn't end within seconds of being asked to is killed. */
      g_mutex_lock (&src->lock);
      gint64 asked = src->stop_requested_us;
      g_mutex_unlock (&src->lock);
      if (asked && g_get_monotonic_time () - asked > KILL_AFTER_US)
        signal_helper (src, SIGKILL);
      if (n <= 0)
        continue;

      if (out_open && (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)))
        {
          if (len == cap)
            {
              cap *= 2; /* a block larger than the buffer: bounded by MAX_STREAM_BLOCK */
              buf = g_realloc (buf, cap);
            }
          ssize_t r = read (src->out_fd, buf + len, cap - len);
          if (r > 0)
            {
              len += (gsize) r;
              gssize used = damaged ? (gssize) len : stream_parse (&st, buf, len);
              if (used < 0)
                {
                  /* Nothing after damage can be trusted: stop the helper, keep reading
                   * (and discarding) until it is gone. */
                  damaged = TRUE;
                  signal_helper (src, SIGTERM);
                  used = (gssize) len;
                }
              memmove (buf, buf + used, len - (gsize) used);
              len -= (gsize) used;
            }
          else if (r == 0 || (errno != EINTR && errno != EAGAIN))
            out_open = FALSE;
        }
      if (err_open && (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)))
        {
          char ebuf[4096];
          ssize_t r = read (src->err_fd, ebuf, sizeof ebuf);
          if (r > 0)
            {
              g_mutex_lock (&src->lock);
              if (src->helper_stderr->len < MAX_STDERR)
                g_string_append_len (src->helper_stderr, ebuf, MIN ((gsize) r, MAX_STDERR - src->helper_stderr->len));
              g_mutex_unlock (&src->lock);
            }
          else if (r == 0 || (errno != EINTR && errno != EAGAIN))
            err_open = FALSE;
        }
    }
  /* A helper that ended before describing any interface never completed the header. */
  if (st.header)
    {
      g_byte_array_unref (st.header->bytes);
      g_free (st.header);
    }
  if (st.ifaces)
    wl_frame_store_free (st.ifaces);
  if (st.ifaces_bytes)
    g_byte_array_unref (st.ifaces_bytes);
  g_free (buf);

  /* Wait for the helper without reaping it, so that signal_helper can't hit a recycled
   * pid; then reap it under the lock. */
  siginfo_t info;
  while (waitid (P_PID, (id_t) src->pid, &info, WEXITED | WNOWAIT) != 0 && errno == EINTR)
    ;
  g_mutex_lock (&src->lock);
  int status = 0;
  while (waitpid (src->pid, &status, 0) < 0 && errno == EINTR)
    ;
  src->wait_status = status;
  src->reaped = TRUE;
  g_mutex_unlock (&src->lock);

  g_atomic_int_set (&src->done, 1);
  /* Wake the consumer. The source stays referenced until this thread is joined. */
  g_source_set_ready_time (src->source, 0);
  return NULL;
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
          WlFrame f = { 0 };
          f.ts_ns = r->ts_ns;
          f.caplen = r->caplen;
          f.len = r->len;
          f.iface = r->iface;
          if (!wl_capture_writer_add (src->writer, &f, (const guint8 *) (r + 1), NULL, &error))
            consumer_fail (src, g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_IO, "%s", error->message));
          g_clear_error (&error);
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
    src->session->first_ts_ns = wl_frame_store_get (src->session->store, 1)->ts_ns;
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

static GError *
capture_result (WlCaptureSource *src)
{
  if (src->consumer_error)
    return g_error_copy (src->consumer_error);
  g_mutex_lock (&src->lock);
  int status = src->wait_status;
  gboolean asked = src->stop_requested_us != 0;
  g_autofree char *msg = helper_message (src->helper_stderr->str);
  g_autofree char *stream_error = g_strdup (src->stream_error);
  g_mutex_unlock (&src->lock);
  guint32 n = src->session ? wl_frame_store_count (src->session->store) : 0;
  if (stream_error)
    return g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_HELPER_DIED,
                        _("%s The %u packets received before are kept."), stream_error, n);
  if (WIFSIGNALED (status))
    {
      int sig = WTERMSIG (status);
      if (asked && (sig == SIGTERM || sig == SIGINT))
        return NULL;
      return g_error_new (WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_HELPER_DIED,
                          _("The capture helper was killed (signal %d, %s). The %u packets "
                            "received before are kept."), sig, g_strsignal (sig), n);
    }
  if (WIFEXITED (status) && WEXITSTATUS (status) != 0)
    {
      int code = WEXITSTATUS (status) == HELPER_EXIT_PERMISSION ? WL_CAPTURE_ERROR_PERMISSION
                 : WEXITSTATUS (status) == HELPER_EXIT_USAGE ? WL_CAPTURE_ERROR_INVALID_FILTER
                 : WL_CAPTURE_ERROR_FAILED;
      if (!*msg)
        {
          g_free (msg);
          msg = g_strdup_printf (_("The capture helper stopped with status %d."), WEXITSTATUS (status));
        }
      if (n > 0)
        return g_error_new (WL_CAPTURE_ERROR, code, _("%s The %u packets received before are kept."), msg, n);
      return g_error_new_literal (WL_CAPTURE_ERROR, code, msg);
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
  g_source_set_ready_time (g_main_current_source (), idle ? g_get_monotonic_time () + src->interval_ms * 1000 : 0);
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
  g_source_set_ready_time (src->source, g_get_monotonic_time () + src->interval_ms * 1000);
  g_source_attach (src->source, src->context);
  src->running = TRUE;
  src->thread = g_thread_new ("wl-capture", capture_thread, src);
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
  signal_helper (src, SIGTERM);
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
      stats->n_kernel_dropped += src->helper_stats[i].osdrop + src->helper_stats[i].ifdrop;
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
      stats->n_kernel_dropped = src->helper_stats[i].osdrop;
      stats->n_if_dropped = src->helper_stats[i].ifdrop;
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
