/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The capture thread (see capture-private.h): the single producer of the capture ring. It
 * reads the helper's pcapng stream from the pipe, checks every length in it, and puts each
 * packet into the ring without ever waiting (a full ring drops and counts). The helper's
 * statistics, its messages and its exit status go to the source under its lock. */
#include <inttypes.h>
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include "capture-private.h"
#include "procmap.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_ISB 0x00000005u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
/* A snaplen is at most 262144 bytes; anything much larger is a damaged stream. */
#define MAX_STREAM_BLOCK (1u << 20)
#define KILL_AFTER_US ((gint64) 5 * G_USEC_PER_SEC)
#define MAX_STDERR 16384

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
                                           PRIu64 " (%s)."), st->offset, what);
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
  if (!r) /* cannot happen: the ring is empty and much larger */
    {
      wl_frame_store_free (h->store);
      g_byte_array_unref (h->bytes);
      g_free (h);
      stream_fail (st, _("no room for the header"));
      return FALSE;
    }
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
            /* The first packets of a flow: its sockets looked up while they are open. */
            if (st->src->procmap)
              wl_procmap_note_packet (st->src->procmap, wl_frame_store_interface (st->ifaces, id)->link_type,
                                      body + 20, caplen);
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

void
wl_capture_signal_helper (WlCaptureSource *src, int sig)
{
  g_mutex_lock (&src->lock);
  if (src->pid > 0 && !src->reaped)
    kill (src->pid, sig);
  g_mutex_unlock (&src->lock);
}

gpointer
wl_capture_thread_run (gpointer data)
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
        wl_capture_signal_helper (src, SIGKILL);
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
                  wl_capture_signal_helper (src, SIGTERM);
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

