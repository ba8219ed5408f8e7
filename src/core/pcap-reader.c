/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classic pcap reader: both byte orders, microsecond and nanosecond timestamps. It
 * indexes the mapped file in one scan; a record cut short ends the scan with a message. */
#include <string.h>
#include <glib/gi18n.h>
#include "frame-store.h"

#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_MAGIC_NSEC 0xa1b23c4du
/* Sanity bound for a record's captured length (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD). */
#define PCAP_MAX_CAPLEN 262144u
/* Files this big are indexed in segments, one a core (index_parallel ()). */
#define PARALLEL_MIN_SIZE (8u << 20)
#define MAX_SEGMENTS 8
/* Records in a row a segment's first guess must make sense for (see find_record ()). */
#define SYNC_RECORDS 16

static guint32
rd32 (const guint8 *p, gboolean swap)
{
  guint32 v;
  memcpy (&v, p, 4);
  return swap ? GUINT32_SWAP_LE_BE (v) : v;
}

static guint16
rd16 (const guint8 *p, gboolean swap)
{
  guint16 v;
  memcpy (&v, p, 2);
  return swap ? GUINT16_SWAP_LE_BE (v) : v;
}

/* One scan of records: from off, of the records that start before to. */
typedef struct {
  const guint8 *data;
  gsize size;
  gboolean swap, nsec;
  gsize off, to;            /* in: where to start and stop; out: off is where it stopped */
  GArray *frames;           /* WlFrame, appended to */
  WlFrameStore *s;          /* the store whose damage message a bad record sets; NULL: a
                             * segment's scan, which only stops (bad) */
  gboolean bad;
  GThread *thread;
} Scan;

/* How far ahead of the record being read the scan asks for the file's bytes */
#define PREFETCH_AHEAD 1024

static void
scan (Scan *c)
{
  gsize off = c->off;
  const char *path = c->s ? c->s->path : NULL;
  WlFrame batch[256]; /* appended a batch at a time: GArray's append per frame cost more than the scan */
  guint n = 0;
  while (off < c->to)
    {
      if (c->size - off < 16)
        {
          c->bad = TRUE;
          if (c->s)
            c->s->damage = g_strdup_printf (_("The file \"%s\" appears to have been cut short in the "
                                              "middle of a packet header at byte offset %zu."),
                                            path, off);
          break;
        }
      const guint8 *h = c->data + off;
      /* Each header's place depends on the one before: the memory ahead is asked for while
       * this one is read, or every record waits for memory in turn (about 20% of the scan). */
      if (c->size - off > PREFETCH_AHEAD + 256)
        for (guint k = 0; k < 256; k += 64)
          __builtin_prefetch (h + PREFETCH_AHEAD + k);
      guint32 caplen = rd32 (h + 8, c->swap);
      if (caplen > PCAP_MAX_CAPLEN)
        {
          c->bad = TRUE;
          if (c->s)
            c->s->damage = g_strdup_printf (_("The file \"%s\" is damaged: the packet at byte "
                                              "offset %zu claims %u captured bytes, more than the "
                                              "maximum of %u."), path, off, caplen, PCAP_MAX_CAPLEN);
          break;
        }
      if (c->size - off - 16 < caplen)
        {
          c->bad = TRUE;
          if (c->s)
            c->s->damage = g_strdup_printf (_("The file \"%s\" appears to have been cut short in the "
                                              "middle of a packet at byte offset %zu (%u bytes "
                                              "announced, %zu present)."),
                                            path, off, caplen, c->size - off - 16);
          break;
        }
      /* time and lengths stay in the record header, just before the bytes (frame-store.h) */
      batch[n++] = (WlFrame) { .offset = off + 16, .flags = c->swap ? WL_FRAME_SWAPPED : 0 };
      if (n == G_N_ELEMENTS (batch))
        {
          g_array_append_vals (c->frames, batch, n);
          n = 0;
        }
      off += 16 + (gsize) caplen;
    }
  g_array_append_vals (c->frames, batch, n);
  c->off = off;
}

/* Whether a record header at off looks like one of this file's: its lengths fit, its
 * fraction of a second is one. */
static gboolean
plausible (const Scan *c, gsize off)
{
  if (c->size - off < 16)
    return FALSE;
  const guint8 *h = c->data + off;
  guint32 frac = rd32 (h + 4, c->swap), caplen = rd32 (h + 8, c->swap), len = rd32 (h + 12, c->swap);
  return frac < (c->nsec ? 1000000000u : 1000000u) && caplen <= PCAP_MAX_CAPLEN && caplen <= len
         && len <= 0x7fffffffu && c->size - off - 16 >= caplen;
}

/* A guess at the first record at or after off: the first place from which SYNC_RECORDS
 * plausible records follow one another (or reach the end), timestamps within an hour of each
 * other. Only a guess: index_parallel () keeps it when the scan before lands on it. */
static gsize
find_record (const Scan *c, gsize off)
{
  gsize limit = MIN (c->size, off + (gsize) 4 * (PCAP_MAX_CAPLEN + 16));
  for (; off < limit; off++)
    {
      gsize at = off;
      guint32 sec0 = 0;
      int n = 0;
      for (; n < SYNC_RECORDS && at < c->size && plausible (c, at); n++)
        {
          guint32 sec = rd32 (c->data + at, c->swap);
          if (n == 0)
            sec0 = sec;
          else if ((sec > sec0 ? sec - sec0 : sec0 - sec) > 3600)
            break;
          at += 16 + (gsize) rd32 (c->data + at + 8, c->swap);
        }
      if (n == SYNC_RECORDS || (n > 0 && at == c->size))
        return off;
    }
  return G_MAXSIZE;
}

static gpointer
scan_segment (gpointer data)
{
  Scan *c = data;
  c->off = find_record (c, c->off);
  if (c->off == G_MAXSIZE)
    c->bad = TRUE;
  else
    scan (c);
  return NULL;
}

/* Indexes a big file on n cores: the first scan from the start to 1/n of the file, each other
 * from a guessed record boundary in its own part. A part's records are kept when the scan
 * before it stopped exactly where its guess started (then the guess was a record's start, and
 * all that follows from it is what one scan would have found); otherwise one scan goes on from
 * there to the end, so the index and any damage message are those of a single scan. */
static void
index_parallel (Scan *first, guint n)
{
  Scan seg[MAX_SEGMENTS];
  gsize span = (first->size - first->off) / n;
  for (guint k = 1; k < n; k++)
    {
      seg[k] = *first;
      seg[k].off = first->off + span * k;
      seg[k].to = k + 1 < n ? first->off + span * (k + 1) : first->size;
      seg[k].frames = wl_frame_array_sized_new ((guint) (span / 64));
      seg[k].s = NULL;
      seg[k].thread = g_thread_new ("wl-index", scan_segment, &seg[k]);
    }
  first->to = first->off + span;
  scan (first);
  gboolean chained = !first->bad;
  for (guint k = 1; k < n; k++)
    {
      g_thread_join (seg[k].thread);
      if (chained && !seg[k].bad && seg[k].frames->len > 0
          && g_array_index (seg[k].frames, WlFrame, 0).offset == first->off + 16)
        {
          g_array_append_vals (first->frames, seg[k].frames->data, seg[k].frames->len);
          first->off = seg[k].off;
        }
      else
        chained = FALSE;
      g_array_free (seg[k].frames, TRUE);
    }
  if (!first->bad && first->off < first->size)
    {
      first->to = first->size;
      scan (first);
    }
}

gboolean
wl_pcap_read (WlFrameStore *s, GError **error)
{
  if (s->size < 4)
    goto not_pcap;
  guint32 magic = rd32 (s->data, FALSE);
  gboolean swap;
  gboolean nsec;
  if (magic == PCAP_MAGIC_USEC || magic == PCAP_MAGIC_NSEC)
    swap = FALSE;
  else if (GUINT32_SWAP_LE_BE (magic) == PCAP_MAGIC_USEC || GUINT32_SWAP_LE_BE (magic) == PCAP_MAGIC_NSEC)
    swap = TRUE;
  else
    goto not_pcap;
  nsec = rd32 (s->data, swap) == PCAP_MAGIC_NSEC;
  if (s->size < 24)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_DAMAGED,
                   _("The file \"%s\" appears to have been cut short in the middle of its file "
                     "header (it is %zu bytes, a pcap header needs 24)."), s->path, s->size);
      return FALSE;
    }
  guint16 major = rd16 (s->data + 4, swap);
  if (major != 2)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                   _("The file \"%s\" is a pcap file of version %u, which Wirelens does not read "
                     "(only version 2)."), s->path, major);
      return FALSE;
    }
  guint32 snaplen = rd32 (s->data + 16, swap);
  guint32 linktype = rd32 (s->data + 20, swap) & 0x0fffffff;
  s->format = nsec ? WL_FILE_PCAP_NSEC : WL_FILE_PCAP;
  WlInterface iface = { 0 };
  iface.link_type = (int) linktype;
  iface.snaplen = snaplen;
  iface.ts_units_per_sec = nsec ? 1000000000 : 1000000;
  g_array_append_val (s->interfaces, iface);

  /* Room for a record of every 64 bytes up front, so that the index seldom moves while it
   * fills (its pages are touched only as frames are written: the reserve costs no memory). */
  if (s->frames->len == 0 && s->size / 64 > 1024)
    {
      g_array_free (s->frames, TRUE);
      s->frames = wl_frame_array_sized_new ((guint) MIN (s->size / 64, G_MAXUINT32 / 64));
    }
  Scan first = { s->data, s->size, swap, nsec, 24, s->size, s->frames, s };
  if (s->size >= PARALLEL_MIN_SIZE && g_get_num_processors () >= 2)
    index_parallel (&first, MIN (g_get_num_processors (), MAX_SEGMENTS));
  else
    scan (&first);
  return TRUE;

not_pcap:
  g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
               _("The file \"%s\" isn't a capture file in a format Wirelens understands "
                 "(no pcap or pcapng magic number at byte offset 0)."), s->path);
  return FALSE;
}
