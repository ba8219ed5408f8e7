/* SPDX-License-Identifier: GPL-2.0-or-later */
/* pcap and pcapng writers (see capture-writer.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>
#include <glib/gstdio.h>
#include "capture-writer.h"

#define BUF_SIZE (1u << 20)
#define IOV_N 1024 /* POSIX's least IOV_MAX */

struct WlCaptureWriter {
  char *path;
  char *tmp_path;   /* NULL when writing directly */
  int fd;
  gboolean own_fd;
  WlFileFormat format;
  guint8 *buf;      /* BUF_SIZE bytes of headers and copied packets */
  gsize buf_len;
  struct iovec iov[IOV_N]; /* what goes out next, in order: parts of buf, borrowed packets */
  int n_iov;
  gboolean borrow;  /* packet bytes stay readable until the next flush: not copied */
  gboolean failed;
  int saved_errno;
  guint n_interfaces;
  guint64 *units_per_sec; /* per interface, pcapng */
};

/* Writes the pending pieces with as few system calls as the kernel takes. */
static void
flush_buf (WlCaptureWriter *w)
{
  struct iovec *v = w->iov;
  int n = w->n_iov;
  while (n > 0 && !w->failed)
    {
      ssize_t r = writev (w->fd, v, n);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          w->failed = TRUE;
          w->saved_errno = errno;
          break;
        }
      /* past what was written: whole pieces, then into the first piece left */
      while (n > 0 && (gsize) r >= v->iov_len)
        {
          r -= (ssize_t) v->iov_len;
          v++;
          n--;
        }
      if (n > 0)
        {
          v->iov_base = (guint8 *) v->iov_base + r;
          v->iov_len -= (gsize) r;
        }
    }
  w->buf_len = 0;
  w->n_iov = 0;
}

/* Appends a piece that lives elsewhere until the next flush. */
static void
put_ref (WlCaptureWriter *w, const void *data, gsize n)
{
  if (n == 0)
    return;
  if (w->n_iov == IOV_N)
    flush_buf (w);
  w->iov[w->n_iov++] = (struct iovec) { (void *) data, n };
}

/* Room for n more bytes (at most BUF_SIZE) at the end of the buffer, for the caller to fill:
 * they extend the buffer's last piece when nothing came between. */
static inline guint8 *
stage (WlCaptureWriter *w, gsize n)
{
  if (G_UNLIKELY (w->buf_len + n > BUF_SIZE || w->n_iov == IOV_N))
    flush_buf (w);
  guint8 *at = w->buf + w->buf_len;
  w->buf_len += n;
  struct iovec *last = w->n_iov ? &w->iov[w->n_iov - 1] : NULL;
  if (last && (guint8 *) last->iov_base + last->iov_len == at)
    last->iov_len += n;
  else
    w->iov[w->n_iov++] = (struct iovec) { at, n };
  return at;
}

/* Appends a copy; a block bigger than the buffer goes out by itself. Inline: consecutive
 * small copies into the buffer (a block's header, padding, length) are its common case. */
static inline void
put (WlCaptureWriter *w, const void *data, gsize n)
{
  if (n == 0)
    return;
  if (n > BUF_SIZE)
    {
      flush_buf (w);
      put_ref (w, data, n);
      flush_buf (w);
      return;
    }
  memcpy (stage (w, n), data, n);
}

/* A packet's bytes: referenced where they are when the writer may borrow them and they are
 * big enough for a piece of their own to be cheaper than a copy. */
static void
put_packet (WlCaptureWriter *w, const guint8 *data, gsize n)
{
  if (w->borrow && n >= 128)
    put_ref (w, data, n);
  else
    put (w, data, n);
}

static void
put32 (WlCaptureWriter *w, guint32 v)
{
  put (w, &v, 4);
}

static void
put16 (WlCaptureWriter *w, guint16 v)
{
  put (w, &v, 2);
}

static void
put_pad (WlCaptureWriter *w, gsize n)
{
  static const guint8 zeros[4];
  put (w, zeros, (4 - n % 4) % 4);
}

static void
put_option (WlCaptureWriter *w, guint16 code, const void *val, guint16 len)
{
  put16 (w, code);
  put16 (w, len);
  put (w, val, len);
  put_pad (w, len);
}

static gsize
option_size (gsize len)
{
  return 4 + ((len + 3) & ~(gsize) 3);
}

static void
write_headers (WlCaptureWriter *w, const WlFrameStore *src)
{
  guint n_if = src && src->interfaces->len ? src->interfaces->len : 1;
  w->n_interfaces = n_if;
  w->units_per_sec = g_new0 (guint64, n_if);
  if (w->format != WL_FILE_PCAPNG)
    {
      const WlInterface *i0 = src ? wl_frame_store_interface (src, 0) : NULL;
      put32 (w, w->format == WL_FILE_PCAP_NSEC ? 0xa1b23c4du : 0xa1b2c3d4u);
      put16 (w, 2);
      put16 (w, 4);
      put32 (w, 0);
      put32 (w, 0);
      put32 (w, i0 && i0->snaplen ? i0->snaplen : 262144);
      put32 (w, i0 ? (guint32) i0->link_type : 1);
      return;
    }
  /* Section header: no options but the writing application. */
  const char *app = "Wirelens " PACKAGE_VERSION;
  guint32 shb_len = 28 + (guint32) option_size (strlen (app)) + 4;
  put32 (w, 0x0A0D0D0A);
  put32 (w, shb_len);
  put32 (w, 0x1A2B3C4D);
  put16 (w, 1);
  put16 (w, 0);
  put32 (w, 0xffffffff);
  put32 (w, 0xffffffff);
  put_option (w, 4, app, (guint16) strlen (app)); /* shb_userappl */
  put32 (w, 0);
  put32 (w, shb_len);
  for (guint i = 0; i < n_if; i++)
    {
      const WlInterface *ifc = src ? wl_frame_store_interface (src, i) : NULL;
      /* Nanosecond resolution keeps every timestamp exact. */
      guint8 tsresol = 9;
      w->units_per_sec[i] = 1000000000;
      gsize name_len = ifc && ifc->name ? strlen (ifc->name) : 0;
      guint32 len = 16 + (guint32) option_size (1) + (name_len ? (guint32) option_size (name_len) : 0) + 4 + 4;
      put32 (w, 1);
      put32 (w, len);
      put16 (w, ifc ? (guint16) ifc->link_type : 1);
      put16 (w, 0);
      put32 (w, ifc && ifc->snaplen ? ifc->snaplen : 262144);
      if (name_len)
        put_option (w, 2, ifc->name, (guint16) MIN (name_len, 65535));
      put_option (w, 9, &tsresol, 1);
      put32 (w, 0);
      put32 (w, len);
    }
}

WlCaptureWriter *
wl_capture_writer_new (const char *path, WlFileFormat format, const WlFrameStore *src, GError **error)
{
  if (format != WL_FILE_PCAPNG && src)
    for (guint i = 1; i < src->interfaces->len; i++)
      if (wl_frame_store_interface (src, i)->link_type != wl_frame_store_interface (src, 0)->link_type)
        {
          g_set_error (error, WL_ERROR, WL_ERROR_IO,
                       "\"%s\" can't be written as a pcap file: its packets have different link "
                       "types, which only pcapng can hold. Save it as pcapng.", path);
          return NULL;
        }
  WlCaptureWriter *w = g_new0 (WlCaptureWriter, 1);
  w->path = g_strdup (path);
  w->format = format;
  w->buf = g_malloc (BUF_SIZE);
  struct stat st;
  if (g_strcmp0 (path, "-") == 0)
    {
      w->fd = STDOUT_FILENO;
    }
  else if (g_stat (path, &st) == 0 && !S_ISREG (st.st_mode))
    {
      w->fd = g_open (path, O_WRONLY | O_CLOEXEC, 0);
      w->own_fd = TRUE;
    }
  else
    {
      g_autofree char *dir = g_path_get_dirname (path);
      g_autofree char *base = g_path_get_basename (path);
      w->tmp_path = g_strdup_printf ("%s/.%s.XXXXXX", dir, base);
      w->fd = g_mkstemp_full (w->tmp_path, O_WRONLY | O_CLOEXEC, 0644);
      w->own_fd = TRUE;
    }
  if (w->fd < 0)
    {
      int e = errno;
      g_set_error (error, WL_ERROR, WL_ERROR_IO, "The file \"%s\" could not be created: %s.",
                   path, g_strerror (e));
      g_free (w->tmp_path);
      w->tmp_path = NULL;
      wl_capture_writer_abort (w);
      return NULL;
    }
  write_headers (w, src);
  return w;
}

/* The message of a failed write. Until the temporary file is renamed into place, the file at
 * the path is as it was, and the user is told so (a device or a pipe is written directly). */
static void
set_write_error (WlCaptureWriter *w, GError **error)
{
  if (w->tmp_path)
    g_set_error (error, WL_ERROR, WL_ERROR_IO, "Writing \"%s\" failed: %s. The file was not changed.",
                 w->path, g_strerror (w->saved_errno));
  else
    g_set_error (error, WL_ERROR, WL_ERROR_IO, "Writing \"%s\" failed: %s.", w->path, g_strerror (w->saved_errno));
}

gboolean
wl_capture_writer_add (WlCaptureWriter *w, const WlFrameMeta *f, const guint8 *data, const char *comment, GError **error)
{
  GPtrArray one = { 0 };
  gpointer item = (gpointer) comment;
  one.pdata = &item;
  one.len = 1;
  return wl_capture_writer_add_full (w, f, data, comment ? &one : NULL, error);
}

gboolean
wl_capture_writer_add_full (WlCaptureWriter *w, const WlFrameMeta *f, const guint8 *data, const GPtrArray *comments, GError **error)
{
  if (w->format != WL_FILE_PCAPNG)
    {
      gint64 secs = f->ts_ns / 1000000000, frac = f->ts_ns % 1000000000;
      const guint32 head[4] = { (guint32) secs, (guint32) (w->format == WL_FILE_PCAP_NSEC ? frac : frac / 1000),
                                f->caplen, f->len };
      put (w, head, sizeof head);
      put_packet (w, data, f->caplen);
    }
  else
    {
      guint iface = f->iface < w->n_interfaces ? f->iface : 0;
      guint64 ts = (guint64) f->ts_ns; /* nanosecond resolution, see write_headers */
      gsize opts = 0;
      for (guint i = 0; comments && i < comments->len; i++)
        opts += option_size (MIN (strlen (g_ptr_array_index (comments, i)), 65535));
      guint32 len = 28 + (guint32) ((f->caplen + 3) & ~3u) + (opts ? (guint32) opts + 4 : 0) + 4;
      const guint32 head[7] = { 6, len, iface, (guint32) (ts >> 32), (guint32) ts, f->caplen, f->len };
      put (w, head, sizeof head);
      put_packet (w, data, f->caplen);
      put_pad (w, f->caplen);
      for (guint i = 0; comments && i < comments->len; i++)
        {
          const char *cm = g_ptr_array_index (comments, i);
          put_option (w, 1, cm, (guint16) MIN (strlen (cm), 65535));
        }
      if (opts)
        put32 (w, 0);
      put32 (w, len);
    }
  if (w->failed)
    {
      set_write_error (w, error);
      return FALSE;
    }
  return TRUE;
}

void
wl_capture_writer_borrow_packets (WlCaptureWriter *w, gboolean borrow)
{
  flush_buf (w);
  w->borrow = borrow;
}

gboolean
wl_capture_writer_flush (WlCaptureWriter *w, GError **error)
{
  flush_buf (w);
  if (w->failed)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_IO, "Writing \"%s\" failed: %s.", w->path, g_strerror (w->saved_errno));
      return FALSE;
    }
  return TRUE;
}

const char *
wl_capture_writer_get_current_path (WlCaptureWriter *w)
{
  return w->tmp_path ? w->tmp_path : w->path;
}

gboolean
wl_capture_writer_finish (WlCaptureWriter *w, GError **error)
{
  flush_buf (w);
  if (!w->failed && w->tmp_path && fsync (w->fd) != 0)
    {
      w->failed = TRUE;
      w->saved_errno = errno;
    }
  if (w->own_fd && close (w->fd) != 0 && !w->failed)
    {
      w->failed = TRUE;
      w->saved_errno = errno;
    }
  w->own_fd = FALSE;
  if (!w->failed && w->tmp_path && g_rename (w->tmp_path, w->path) != 0)
    {
      w->failed = TRUE;
      w->saved_errno = errno;
    }
  if (w->failed)
    {
      set_write_error (w, error);
      wl_capture_writer_abort (w);
      return FALSE;
    }
  g_free (w->tmp_path);
  w->tmp_path = NULL;
  wl_capture_writer_abort (w);
  return TRUE;
}

void
wl_capture_writer_abort (WlCaptureWriter *w)
{
  if (!w)
    return;
  if (w->own_fd && w->fd >= 0)
    close (w->fd);
  if (w->tmp_path)
    g_unlink (w->tmp_path);
  g_free (w->tmp_path);
  g_free (w->path);
  g_free (w->units_per_sec);
  g_free (w->buf);
  g_free (w);
}
