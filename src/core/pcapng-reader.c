/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The pcapng reader: every section (each with its own byte order), every interface with its
 * own link type and timestamp resolution, enhanced, simple and obsolete packet blocks, packet
 * and section comments. Other blocks (name resolution, statistics, custom, unknown) are
 * skipped by their length. A block whose length is inconsistent ends the scan with a message;
 * every frame before it stays. */
#include <string.h>
#include <glib/gi18n.h>
#include "frame-store.h"

#define BT_SHB 0x0A0D0D0Au
#define BT_IDB 0x00000001u
#define BT_PB 0x00000002u
#define BT_SPB 0x00000003u
#define BT_EPB 0x00000006u
#define BOM 0x1A2B3C4Du
#define MAX_BLOCK (16u * 1024 * 1024)

typedef struct {
  WlFrameStore *s;
  gboolean swap;
  guint iface_base;   /* index of this section's first interface in s->interfaces */
} Reader;

static guint32
rd32 (const Reader *r, const guint8 *p)
{
  guint32 v;
  memcpy (&v, p, 4);
  return r->swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
rd16 (const Reader *r, const guint8 *p)
{
  guint16 v;
  memcpy (&v, p, 2);
  return r->swap ? GUINT16_SWAP_LE_BE (v) : v;
}

static guint64
pow10u (guint e)
{
  guint64 v = 1;
  while (e--)
    v *= 10;
  return v;
}

/* Calls fn for each option of the options area [p, end); stops at opt_endofopt or at an
 * option that would run past the end. */
typedef void (*OptionFunc) (Reader *r, guint16 code, const guint8 *val, guint16 len, gpointer data);

static void
walk_options (Reader *r, const guint8 *p, const guint8 *end, OptionFunc fn, gpointer data)
{
  while (end - p >= 4)
    {
      guint16 code = rd16 (r, p), len = rd16 (r, p + 2);
      if (code == 0)
        break;
      gsize padded = ((gsize) len + 3) & ~(gsize) 3;
      if ((gsize) (end - p - 4) < padded && (gsize) (end - p - 4) < len)
        break;
      fn (r, code, p + 4, len, data);
      if ((gsize) (end - p - 4) < padded)
        break;
      p += 4 + padded;
    }
}

static void
idb_option (Reader *r, guint16 code, const guint8 *val, guint16 len, gpointer data)
{
  WlInterface *iface = data;
  switch (code)
    {
    case 2: /* if_name */
      g_free (iface->name);
      iface->name = g_strndup ((const char *) val, len);
      break;
    case 3: /* if_description */
      g_free (iface->description);
      iface->description = g_strndup ((const char *) val, len);
      break;
    case 9: /* if_tsresol */
      if (len >= 1)
        {
          guint8 v = val[0];
          guint e = v & 0x7f;
          if (v & 0x80)
            iface->ts_units_per_sec = e < 64 ? G_GUINT64_CONSTANT (1) << e : 0;
          else
            iface->ts_units_per_sec = e <= 19 ? pow10u (e) : 0;
          if (iface->ts_units_per_sec == 0)
            iface->ts_units_per_sec = 1000000;
        }
      break;
    case 14: /* if_tsoffset */
      if (len >= 8)
        iface->ts_offset_s = (gint64) (((guint64) rd32 (r, val + (r->swap ? 0 : 4)) << 32) |
                                       rd32 (r, val + (r->swap ? 4 : 0)));
      break;
    default:
      break;
    }
}

typedef struct {
  WlFrameStore *s;
  guint32 number;
} CommentTarget;

static void
packet_option (Reader *r, guint16 code, const guint8 *val, guint16 len, gpointer data)
{
  CommentTarget *t = data;
  if (code != 1) /* opt_comment */
    return;
  GPtrArray *list = g_hash_table_lookup (t->s->comments, GUINT_TO_POINTER (t->number));
  if (!list)
    {
      list = g_ptr_array_new_with_free_func (g_free);
      g_hash_table_insert (t->s->comments, GUINT_TO_POINTER (t->number), list);
    }
  g_ptr_array_add (list, g_strndup ((const char *) val, len));
  WlFrame *f = &g_array_index (t->s->frames, WlFrame, t->number - 1);
  f->flags |= WL_FRAME_HAS_COMMENT;
}

static void
shb_option (Reader *r, guint16 code, const guint8 *val, guint16 len, gpointer data)
{
  WlFrameStore *s = data;
  if (code == 1)
    g_ptr_array_add (s->section_comments, g_strndup ((const char *) val, len));
}


static gboolean
add_packet (Reader *r, gsize block_off, guint32 if_rel, guint64 ts, guint32 caplen, guint32 len,
            gsize data_off, const guint8 *opts, const guint8 *opts_end)
{
  WlFrameStore *s = r->s;
  guint iface = r->iface_base + if_rel;
  const WlInterface *ifc = if_rel < s->interfaces->len - r->iface_base && iface <= G_MAXUINT16
                               ? wl_frame_store_interface (s, iface) : NULL;
  if (!ifc)
    {
      s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the packet block at byte offset "
                                     "%zu refers to interface %u, which was not "
                                     "described."), s->path, block_off, if_rel);
      return FALSE;
    }
  WlFrame f = { 0 };
  f.offset = data_off;
  f.iface = (guint16) iface;
  wl_frame_store_append (s, &f, wl_interface_ts_to_ns (ifc, ts), caplen, len, r->swap);
  if (opts && opts < opts_end)
    {
      CommentTarget t = { s, s->frames->len };
      walk_options (r, opts, opts_end, packet_option, &t);
    }
  return TRUE;
}

gboolean
wl_pcapng_read (WlFrameStore *s, GError **error)
{
  Reader r = { s, FALSE, 0 };
  gsize off = 0;
  gboolean have_section = FALSE;
  s->format = WL_FILE_PCAPNG;

  while (off < s->size)
    {
      const guint8 *b = s->data + off;
      gsize left = s->size - off;
      if (left < 12)
        {
          s->damage = g_strdup_printf (_("The file \"%s\" appears to have been cut short in the "
                                         "middle of a block header at byte offset %zu."),
                                       s->path, off);
          break;
        }
      guint32 type;
      memcpy (&type, b, 4);
      if (type == BT_SHB)
        {
          if (left < 28)
            {
              s->damage = g_strdup_printf (_("The file \"%s\" appears to have been cut short in "
                                             "the middle of a section header at byte offset %zu."),
                                           s->path, off);
              break;
            }
          guint32 bom;
          memcpy (&bom, b + 8, 4);
          if (bom == BOM)
            r.swap = FALSE;
          else if (GUINT32_SWAP_LE_BE (bom) == BOM)
            r.swap = TRUE;
          else
            {
              if (!have_section)
                {
                  g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                               _("The file \"%s\" isn't a capture file in a format Wirelens "
                                 "understands (a pcapng section header with an unknown byte-order "
                                 "magic at byte offset %zu)."), s->path, off);
                  return FALSE;
                }
              s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the section header at "
                                             "byte offset %zu has an unknown "
                                             "byte-order magic."), s->path, off);
              break;
            }
          guint16 major = rd16 (&r, b + 12);
          if (major != 1)
            {
              s->damage = g_strdup_printf (_("The file \"%s\": the section at byte offset %zu is "
                                             "pcapng version %u, which Wirelens "
                                             "does not read."), s->path, off, major);
              if (!have_section)
                {
                  g_set_error_literal (error, WL_ERROR, WL_ERROR_NOT_CAPTURE, s->damage);
                  return FALSE;
                }
              break;
            }
          have_section = TRUE;
          r.iface_base = s->interfaces->len;
        }
      else if (!have_section)
        {
          g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                       _("The file \"%s\" isn't a capture file in a format Wirelens understands."), s->path);
          return FALSE;
        }

      type = rd32 (&r, b); /* the SHB's type reads the same in both byte orders */
      guint32 blen = rd32 (&r, b + 4);
      if (blen < 12 || blen % 4 != 0 || blen > MAX_BLOCK)
        {
          s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the block at byte offset %zu "
                                         "has an invalid length (%u)."), s->path, off, blen);
          break;
        }
      if (blen > left)
        {
          s->damage = g_strdup_printf (_("The file \"%s\" appears to have been cut short in the "
                                         "middle of a block at byte offset %zu (%u bytes announced, "
                                         "%zu present)."),
                                       s->path, off, blen, left);
          break;
        }
      if (rd32 (&r, b + blen - 4) != blen)
        {
          s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the block at byte offset %zu "
                                         "has different lengths at its start and end."),
                                       s->path, off);
          break;
        }
      const guint8 *body = b + 8, *body_end = b + blen - 4;
      gsize body_len = (gsize) (body_end - body);
      gboolean ok = TRUE;
      switch (type)
        {
        case BT_SHB:
          if (body_len >= 16)
            walk_options (&r, body + 16, body_end, shb_option, s);
          break;
        case BT_IDB:
          {
            if (body_len < 8)
              {
                ok = FALSE;
                break;
              }
            WlInterface iface = { 0 };
            iface.link_type = rd16 (&r, body);
            iface.snaplen = rd32 (&r, body + 4);
            iface.ts_units_per_sec = 1000000;
            walk_options (&r, body + 8, body_end, idb_option, &iface);
            g_array_append_val (s->interfaces, iface);
            break;
          }
        case BT_EPB:
          {
            if (body_len < 20)
              {
                ok = FALSE;
                break;
              }
            guint32 ifid = rd32 (&r, body);
            guint64 ts = ((guint64) rd32 (&r, body + 4) << 32) | rd32 (&r, body + 8);
            guint32 caplen = rd32 (&r, body + 12), len = rd32 (&r, body + 16);
            if (caplen > body_len - 20)
              {
                ok = FALSE;
                break;
              }
            gsize padded = ((gsize) caplen + 3) & ~(gsize) 3;
            const guint8 *opts = body + 20 + MIN (padded, body_len - 20);
            if (!add_packet (&r, off, ifid, ts, caplen, len, (gsize) (body + 20 - s->data), opts, body_end))
              goto stop;
            break;
          }
        case BT_PB:
          {
            if (body_len < 20)
              {
                ok = FALSE;
                break;
              }
            guint32 ifid = rd16 (&r, body);
            guint64 ts = ((guint64) rd32 (&r, body + 4) << 32) | rd32 (&r, body + 8);
            guint32 caplen = rd32 (&r, body + 12), len = rd32 (&r, body + 16);
            if (caplen > body_len - 20)
              {
                ok = FALSE;
                break;
              }
            gsize padded = ((gsize) caplen + 3) & ~(gsize) 3;
            const guint8 *opts = body + 20 + MIN (padded, body_len - 20);
            if (!add_packet (&r, off, ifid, ts, caplen, len, (gsize) (body + 20 - s->data), opts, body_end))
              goto stop;
            break;
          }
        case BT_SPB:
          {
            if (body_len < 4)
              {
                ok = FALSE;
                break;
              }
            guint32 len = rd32 (&r, body);
            guint32 caplen = (guint32) MIN ((gsize) len, body_len - 4);
            const WlInterface *i0 = s->interfaces->len > r.iface_base
                                        ? &g_array_index (s->interfaces, WlInterface, r.iface_base) : NULL;
            if (i0 && i0->snaplen && caplen > i0->snaplen)
              caplen = i0->snaplen;
            /* A simple packet block has no timestamp. */
            if (!add_packet (&r, off, 0, 0, caplen, len, (gsize) (body + 4 - s->data), NULL, NULL))
              goto stop;
            break;
          }
        default:
          break; /* name resolution, statistics, custom, unknown: skipped */
        }
      if (!ok)
        {
          s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the block at byte offset %zu "
                                         "is too short for its contents."), s->path, off);
          break;
        }
      off += blen;
    }
stop:
  return TRUE;
}
