/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The classic pcap reader: both byte orders, microsecond and nanosecond timestamps. It
 * indexes the mapped file in one scan; a record cut short ends the scan with a message. */
#include <string.h>
#include "frame-store.h"

#define PCAP_MAGIC_USEC 0xa1b2c3d4u
#define PCAP_MAGIC_NSEC 0xa1b23c4du
/* Sanity bound for a record's captured length (Wireshark's WTAP_MAX_PACKET_SIZE_STANDARD). */
#define PCAP_MAX_CAPLEN 262144u

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
                   "The file \"%s\" appears to have been cut short in the middle of its file "
                   "header (it is %" G_GSIZE_FORMAT " bytes, a pcap header needs 24).", s->path, s->size);
      return FALSE;
    }
  guint16 major = rd16 (s->data + 4, swap);
  if (major != 2)
    {
      g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
                   "The file \"%s\" is a pcap file of version %u, which Wirelens does not read "
                   "(only version 2).", s->path, major);
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
      s->frames = g_array_sized_new (FALSE, FALSE, sizeof (WlFrame), (guint) MIN (s->size / 64, G_MAXUINT32 / 64));
    }
  gsize off = 24;
  while (off < s->size)
    {
      if (s->size - off < 16)
        {
          s->damage = g_strdup_printf ("The file \"%s\" appears to have been cut short in the "
                                       "middle of a packet header at byte offset %" G_GSIZE_FORMAT ".",
                                       s->path, off);
          break;
        }
      const guint8 *h = s->data + off;
      guint32 sec = rd32 (h, swap), frac = rd32 (h + 4, swap);
      guint32 caplen = rd32 (h + 8, swap), len = rd32 (h + 12, swap);
      if (caplen > PCAP_MAX_CAPLEN)
        {
          s->damage = g_strdup_printf ("The file \"%s\" is damaged: the packet at byte offset %"
                                       G_GSIZE_FORMAT " claims %u captured bytes, more than the "
                                       "maximum of %u.", s->path, off, caplen, PCAP_MAX_CAPLEN);
          break;
        }
      if (s->size - off - 16 < caplen)
        {
          s->damage = g_strdup_printf ("The file \"%s\" appears to have been cut short in the "
                                       "middle of a packet at byte offset %" G_GSIZE_FORMAT
                                       " (%u bytes announced, %" G_GSIZE_FORMAT " present).",
                                       s->path, off, caplen, s->size - off - 16);
          break;
        }
      WlFrame f = { 0 };
      f.offset = off + 16;
      f.ts_ns = (gint64) sec * 1000000000 + (gint64) frac * (nsec ? 1 : 1000);
      f.caplen = caplen;
      f.len = MAX (len, caplen);
      g_array_append_val (s->frames, f);
      off += 16 + (gsize) caplen;
    }
  return TRUE;

not_pcap:
  g_set_error (error, WL_ERROR, WL_ERROR_NOT_CAPTURE,
               "The file \"%s\" isn't a capture file in a format Wirelens understands "
               "(no pcap or pcapng magic number at byte offset 0).", s->path);
  return FALSE;
}
