/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The bounds-checked byte view: the only way dissectors read packet bytes.
 * Every read checks the captured length first; a read past the end returns 0 and
 * never touches memory, so a dissector checks wl_view_has() before trusting a value. */
#pragma once

#include <glib.h>

typedef struct {
  const guint8 *data; /* first byte of the view */
  guint32 len;        /* bytes captured and readable */
  guint32 reported;   /* bytes the packet really had (>= len when snaplen cut it) */
  guint32 base;       /* offset of data[0] within its source (the frame or a reassembled buffer) */
  guint8 source;      /* 0: the frame's own bytes; n: reassembled buffer n of the packet */
} WlView;

static inline gboolean
wl_view_has (const WlView *v, guint32 off, guint32 n)
{
  return off <= v->len && n <= v->len - off;
}

static inline guint32
wl_view_remaining (const WlView *v, guint32 off)
{
  return off < v->len ? v->len - off : 0;
}

/* Bytes the packet had from off on, captured or not. */
static inline guint32
wl_view_reported_remaining (const WlView *v, guint32 off)
{
  return off < v->reported ? v->reported - off : 0;
}

/* A pointer to n readable bytes at off, or NULL. */
static inline const guint8 *
wl_view_ptr (const WlView *v, guint32 off, guint32 n)
{
  return wl_view_has (v, off, n) ? v->data + off : NULL;
}

static inline guint8
wl_view_u8 (const WlView *v, guint32 off)
{
  return off < v->len ? v->data[off] : 0;
}

static inline guint16
wl_view_ntohs (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 2))
    return 0;
  return (guint16) ((v->data[off] << 8) | v->data[off + 1]);
}

static inline guint32
wl_view_ntoh24 (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 3))
    return 0;
  return ((guint32) v->data[off] << 16) | ((guint32) v->data[off + 1] << 8) | v->data[off + 2];
}

static inline guint32
wl_view_ntohl (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 4))
    return 0;
  return ((guint32) v->data[off] << 24) | ((guint32) v->data[off + 1] << 16) |
         ((guint32) v->data[off + 2] << 8) | v->data[off + 3];
}

static inline guint64
wl_view_ntoh64 (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 8))
    return 0;
  return ((guint64) wl_view_ntohl (v, off) << 32) | wl_view_ntohl (v, off + 4);
}

static inline guint16
wl_view_letohs (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 2))
    return 0;
  return (guint16) (v->data[off] | (v->data[off + 1] << 8));
}

static inline guint32
wl_view_letohl (const WlView *v, guint32 off)
{
  if (!wl_view_has (v, off, 4))
    return 0;
  return (guint32) v->data[off] | ((guint32) v->data[off + 1] << 8) |
         ((guint32) v->data[off + 2] << 16) | ((guint32) v->data[off + 3] << 24);
}

/* The view of len bytes from off on (G_MAXUINT32: all the rest), clamped to what exists. */
static inline WlView
wl_view_sub (const WlView *v, guint32 off, guint32 len)
{
  WlView s = *v;
  guint32 avail = wl_view_remaining (v, off);
  guint32 rep = wl_view_reported_remaining (v, off);
  if (off > v->len)
    off = v->len;
  s.data = v->data + off;
  s.base = v->base + off;
  if (len == G_MAXUINT32)
    {
      s.len = avail;
      s.reported = rep;
    }
  else
    {
      s.len = MIN (len, avail);
      s.reported = MIN (len, rep);
      if (s.reported < s.len)
        s.reported = s.len;
    }
  return s;
}

/* Offset of the first byte equal to c in [off, off+maxlen), or -1. */
static inline gint64
wl_view_find_u8 (const WlView *v, guint32 off, guint32 maxlen, guint8 c)
{
  guint32 end = off + MIN (maxlen, wl_view_remaining (v, off));
  for (guint32 i = off; i < end; i++)
    if (v->data[i] == c)
      return i;
  return -1;
}

/* Length of the line starting at off, without its CR LF or LF; *next gets the offset of the
 * next line. Returns -1 when no line end is inside the view. */
static inline gint64
wl_view_find_line_end (const WlView *v, guint32 off, guint32 *next)
{
  gint64 lf = wl_view_find_u8 (v, off, G_MAXUINT32, '\n');
  if (lf < 0)
    return -1;
  *next = (guint32) lf + 1;
  if (lf > off && v->data[lf - 1] == '\r')
    lf--;
  return lf - off;
}
