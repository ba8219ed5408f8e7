/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The live frame store (see frame-store-live.h). The store's data pointer is the start of a
 * read-only shared mapping of the file, made much longer than the file: Linux lets a mapping
 * run past the end of its file, and the pages become readable as the file grows. store->size
 * is how far the file has been indexed, always the end of a whole block, and never more than
 * the file's length, so no read reaches a page past the end of the file. */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "frame-store-live.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_SPB 0x00000003u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
#define MAX_BLOCK (16u * 1024 * 1024)
#define MIN_RESERVE ((gsize) 1 << 30)
#define MAX_RESERVE ((gsize) 1 << 40)

typedef struct {
  void *base;
  gsize length;
} Mapping;

struct WlFrameStoreLive {
  int fd;
  char *path;
  WlFrameStore *store;   /* not owned: a session usually owns it */
  Mapping map;           /* the current reservation */
  GArray *old_maps;      /* Mapping: outgrown reservations, kept for pointers into them */
  gboolean swap;         /* the section's byte order is not ours */
  guint iface_base;      /* interfaces in the store before the file's section */
  gboolean finished;
};

static guint32
rd32 (const WlFrameStoreLive *live, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return live->swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
rd16 (const WlFrameStoreLive *live, const guint8 *p)
{
  guint16 v;
  memcpy (&v, p, 2);
  return live->swap ? GUINT16_SWAP_LE_BE (v) : v;
}

/* Maps [0, length) of the file, at least up to need bytes, trying smaller reservations when
 * the address space is limited (ulimit -v). */
static gboolean
map_file (WlFrameStoreLive *live, gsize need, Mapping *m, GError **error)
{
  for (gsize len = MAX_RESERVE; len >= MIN_RESERVE && len >= need; len /= 2)
    {
      void *p = mmap (NULL, len, PROT_READ, MAP_SHARED | MAP_NORESERVE, live->fd, 0);
      if (p != MAP_FAILED)
        {
          m->base = p;
          m->length = len;
          return TRUE;
        }
    }
  /* Files beyond the largest reservation: exactly twice what is needed. */
  gsize len = need * 2 > MIN_RESERVE ? need * 2 : MIN_RESERVE;
  void *p = mmap (NULL, len, PROT_READ, MAP_SHARED | MAP_NORESERVE, live->fd, 0);
  if (p == MAP_FAILED)
    {
      int e = errno;
      g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The capture file \"%s\" could not be mapped: %s."),
                   live->path, g_strerror (e));
      return FALSE;
    }
  m->base = p;
  m->length = len;
  return TRUE;
}

/* The length of the leading section header and interface descriptions, or 0 when the file
 * doesn't start with a whole section header. */
static gsize
header_length (WlFrameStoreLive *live, const guint8 *data, gsize size)
{
  if (size < 28)
    return 0;
  guint32 type, bom;
  memcpy (&type, data, 4);
  memcpy (&bom, data + 8, 4);
  if (type != BT_SHB)
    return 0;
  if (bom == BOM)
    live->swap = FALSE;
  else if (GUINT32_SWAP_LE_BE (bom) == BOM)
    live->swap = TRUE;
  else
    return 0;
  gsize off = 0;
  while (size - off >= 12)
    {
      guint32 t = rd32 (live, data + off), len = rd32 (live, data + off + 4);
      if ((off > 0 && t != BT_IDB) || len < 12 || len % 4 || len > MAX_BLOCK || len > size - off)
        break;
      off += len;
    }
  return off;
}

/* clang 14's analyzer does not model __attribute__ ((cleanup)), so it takes each early return
 * below for a leak of 'live', which g_autoptr frees. */
/* NOLINTBEGIN(clang-analyzer-unix.Malloc) */
WlFrameStoreLive *
wl_frame_store_live_open (const char *path, GError **error)
{
  g_autoptr (WlFrameStoreLive) live = g_new0 (WlFrameStoreLive, 1);
  live->fd = -1;
  live->path = g_strdup (path);
  live->old_maps = g_array_new (FALSE, FALSE, sizeof (Mapping));
  live->fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (live->fd < 0)
    {
      int e = errno;
      g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The capture file \"%s\" could not be opened: %s."),
                   path, g_strerror (e));
      return NULL;
    }
  struct stat st;
  if (fstat (live->fd, &st) != 0 || !S_ISREG (st.st_mode))
    {
      g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The capture file \"%s\" is not a regular file."), path);
      return NULL;
    }
  if (!map_file (live, (gsize) st.st_size, &live->map, error))
    return NULL;
  gsize hlen = header_length (live, live->map.base, (gsize) st.st_size);
  if (hlen == 0)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                   _("The capture file \"%s\" doesn't start with a pcapng section header."), path);
      return NULL;
    }
  live->store = wl_frame_store_new_from_data (live->map.base, hlen, path, error);
  if (!live->store)
    return NULL;
  return g_steal_pointer (&live);
}
/* NOLINTEND(clang-analyzer-unix.Malloc) */

WlFrameStore *
wl_frame_store_live_get_store (WlFrameStoreLive *live)
{
  return live->store;
}


static gboolean
damaged (WlFrameStoreLive *live, gsize off, const char *what, GError **error)
{
  g_set_error (error, WL_ERROR, WL_ERROR_DAMAGED,
               _("The capture file \"%s\" is damaged at byte offset %zu: %s."),
               live->path, off, what);
  return FALSE;
}

static gboolean
add_frame (WlFrameStoreLive *live, gsize off, guint32 if_rel, guint64 ts, guint32 caplen,
           guint32 len, gsize data_off, GError **error)
{
  WlFrameStore *s = live->store;
  guint iface = live->iface_base + if_rel;
  if (if_rel >= s->interfaces->len - live->iface_base || iface > G_MAXUINT16)
    return damaged (live, off, _("a packet refers to an interface that was not described"), error);
  const WlInterface *ifc = &g_array_index (s->interfaces, WlInterface, iface);
  WlFrame f = { 0 };
  f.offset = data_off;
  f.iface = (guint16) iface;
  wl_frame_store_append (s, &f, wl_interface_ts_to_ns (ifc, ts), caplen, len, live->swap);
  return TRUE;
}

static void
idb_options (WlFrameStoreLive *live, WlInterface *ifc, const guint8 *p, const guint8 *end)
{
  while (end - p >= 4)
    {
      guint16 code = rd16 (live, p), len = rd16 (live, p + 2);
      if (code == 0 || (gsize) (end - p - 4) < len)
        break;
      const guint8 *val = p + 4;
      if (code == 2) /* if_name */
        {
          g_free (ifc->name);
          ifc->name = g_strndup ((const char *) val, len);
        }
      else if (code == 9 && len >= 1) /* if_tsresol */
        {
          guint e = val[0] & 0x7f;
          guint64 ups = 0;
          if (val[0] & 0x80)
            ups = e < 64 ? G_GUINT64_CONSTANT (1) << e : 0;
          else if (e <= 19)
            for (ups = 1; e; e--)
              ups *= 10;
          ifc->ts_units_per_sec = ups ? ups : 1000000;
        }
      gsize padded = ((gsize) len + 3) & ~(gsize) 3;
      if ((gsize) (end - p - 4) < padded)
        break;
      p += 4 + padded;
    }
}

/* Indexes whole blocks from store->size up to file_size. */
static gboolean
index_blocks (WlFrameStoreLive *live, gsize file_size, GError **error)
{
  WlFrameStore *s = live->store;
  gsize off = s->size;
  gboolean ok = TRUE;
  while (ok && file_size - off >= 12)
    {
      const guint8 *b = s->data + off;
      guint32 type = rd32 (live, b), blen = rd32 (live, b + 4);
      if (type == BT_SHB)
        {
          ok = damaged (live, off, _("a new section starts inside a live capture"), error);
          break;
        }
      if (blen < 12 || blen % 4 || blen > MAX_BLOCK)
        {
          ok = damaged (live, off, _("a block has an invalid length"), error);
          break;
        }
      if (blen > file_size - off)
        break; /* still being written */
      if (rd32 (live, b + blen - 4) != blen)
        {
          ok = damaged (live, off, _("a block has different lengths at its start and end"), error);
          break;
        }
      const guint8 *body = b + 8;
      gsize body_len = blen - 12;
      switch (type)
        {
        case BT_EPB:
          {
            if (body_len < 20)
              {
                ok = damaged (live, off, _("a packet block is too short"), error);
                break;
              }
            guint32 caplen = rd32 (live, body + 12);
            if (caplen > body_len - 20)
              {
                ok = damaged (live, off, _("a packet is longer than its block"), error);
                break;
              }
            guint64 ts = ((guint64) rd32 (live, body + 4) << 32) | rd32 (live, body + 8);
            ok = add_frame (live, off, rd32 (live, body), ts, caplen, rd32 (live, body + 16),
                            off + 28, error);
            break;
          }
        case BT_SPB:
          {
            if (body_len < 4)
              {
                ok = damaged (live, off, _("a packet block is too short"), error);
                break;
              }
            guint32 len = rd32 (live, body);
            ok = add_frame (live, off, 0, 0, (guint32) MIN ((gsize) len, body_len - 4), len, off + 12, error);
            break;
          }
        case BT_IDB:
          {
            if (body_len < 8)
              {
                ok = damaged (live, off, _("an interface description is too short"), error);
                break;
              }
            WlInterface ifc = { 0 };
            ifc.link_type = rd16 (live, body);
            ifc.snaplen = rd32 (live, body + 4);
            ifc.ts_units_per_sec = 1000000;
            idb_options (live, &ifc, body + 8, body + body_len);
            g_array_append_val (s->interfaces, ifc);
            break;
          }
        default:
          break; /* statistics, name resolution, custom: nothing to index */
        }
      if (ok)
        s->size = off + blen;
      off += blen;
    }
  return ok;
}

gboolean
wl_frame_store_live_update (WlFrameStoreLive *live, guint32 *n_new, GError **error)
{
  WlFrameStore *s = live->store;
  guint32 before = wl_frame_store_count (s);
  if (n_new)
    *n_new = 0;
  struct stat st;
  if (fstat (live->fd, &st) != 0)
    {
      int e = errno;
      g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The capture file \"%s\" can't be read: %s."),
                   live->path, g_strerror (e));
      return FALSE;
    }
  gsize file_size = (gsize) st.st_size;
  if (file_size < s->size)
    return damaged (live, file_size, _("the file was cut short while capturing"), error);
  if (file_size > live->map.length)
    {
      /* Past the reservation: map again, larger, elsewhere. The old mapping stays so that
       * pointers into it remain valid; both show the same pages of the file. */
      Mapping m;
      if (!map_file (live, file_size, &m, error))
        return FALSE;
      g_array_append_val (live->old_maps, live->map);
      live->map = m;
      s->data = m.base;
    }
  gboolean ok = index_blocks (live, file_size, error);
  if (n_new)
    *n_new = wl_frame_store_count (s) - before;
  return ok;
}

gboolean
wl_frame_store_live_finish (WlFrameStoreLive *live, const char *final_path, GError **error)
{
  g_return_val_if_fail (!live->finished, FALSE);
  WlFrameStore *s = live->store;
  gboolean ok = wl_frame_store_live_update (live, NULL, error);
  const char *path = final_path ? final_path : live->path;
  GError *local = NULL;
  GMappedFile *mf = g_mapped_file_new_from_fd (live->fd, FALSE, &local);
  if (!mf || g_mapped_file_get_length (mf) < s->size)
    {
      /* Keep the live mapping then: the store stays usable, tied to live. */
      if (ok)
        g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The capture file \"%s\" could not be mapped: %s."),
                     path, local ? local->message : _("it is shorter than what was indexed"));
      g_clear_error (&local);
      g_clear_pointer (&mf, g_mapped_file_unref);
      return FALSE;
    }
  g_array_append_val (live->old_maps, live->map);
  live->map.base = NULL;
  live->map.length = 0;
  s->mapped = mf;
  s->data = (const guint8 *) g_mapped_file_get_contents (mf);
  if (final_path)
    {
      g_free (s->path);
      s->path = g_strdup (final_path);
      g_free (live->path);
      live->path = g_strdup (final_path);
    }
  live->finished = TRUE;
  return ok;
}

void
wl_frame_store_live_free (WlFrameStoreLive *live)
{
  if (!live)
    return;
  if (live->map.base)
    munmap (live->map.base, live->map.length);
  for (guint i = 0; live->old_maps && i < live->old_maps->len; i++)
    {
      Mapping *m = &g_array_index (live->old_maps, Mapping, i);
      munmap (m->base, m->length);
    }
  if (live->old_maps)
    g_array_unref (live->old_maps);
  if (live->fd >= 0)
    close (live->fd);
  g_free (live->path);
  g_free (live);
}
