/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The frame store: a memory-mapped capture file and its compact frame index (one WlFrame per
 * packet), with the interfaces the frames were captured on. Readers for pcap and pcapng fill
 * it; live capture appends to it. */
#pragma once

#include <string.h>
#include <glib.h>

/* Link types (LINKTYPE_* of the pcap and pcapng formats) */
enum {
  WL_LINKTYPE_NULL = 0,
  WL_LINKTYPE_ETHERNET = 1,
  WL_LINKTYPE_RAW = 101,
  WL_LINKTYPE_LOOP = 108,
  WL_LINKTYPE_LINUX_SLL = 113,
  WL_LINKTYPE_IPV4 = 228,
  WL_LINKTYPE_IPV6 = 229,
  WL_LINKTYPE_LINUX_SLL2 = 276,
};

typedef enum {
  WL_FILE_PCAP,      /* microsecond pcap */
  WL_FILE_PCAP_NSEC, /* nanosecond pcap */
  WL_FILE_PCAPNG,
} WlFileFormat;

/* One packet: 8 bytes (a million of them are 8 MB of the index). Its time and its captured
 * and wire lengths are not copied here: every format this reads keeps them in the 16 bytes
 * before the packet's own (pcap's record header: seconds, fraction, lengths; pcapng's enhanced
 * and obsolete packet blocks: timestamp high and low, lengths), where wl_frame_ts_ns (),
 * wl_frame_caplen () and wl_frame_len () read them. The few frames whose file does not
 * (pcapng's simple packet blocks) keep them in the store (WlFrameStore.apart). */
typedef struct WlFrame {
  guint64 offset : 44;  /* of the packet bytes in the file (below WL_FRAME_MAX_OFFSET) */
  guint64 iface : 16;   /* index into the store's interfaces */
  guint64 flags : 4;    /* WL_FRAME_* */
} WlFrame;

G_STATIC_ASSERT (sizeof (WlFrame) == 8);

/* Files from this size on are refused (16 TiB: no capture file comes near). */
#define WL_FRAME_MAX_OFFSET (G_GUINT64_CONSTANT (1) << 44)

enum {
  WL_FRAME_HAS_COMMENT = 1 << 0,
  WL_FRAME_SWAPPED = 1 << 1, /* the words before the bytes are in the other byte order */
  WL_FRAME_APART = 1 << 2,   /* time and lengths are in WlFrameStore.apart */
};

/* A WL_FRAME_APART frame's time and lengths. */
typedef struct {
  gint64 ts_ns;
  guint32 caplen, len;
} WlFrameApart;

/* What a capture writer needs of a packet besides its bytes (wl_frame_store_meta ()). */
typedef struct {
  gint64 ts_ns;
  guint32 caplen, len;
  guint iface;
} WlFrameMeta;

typedef struct {
  int link_type;
  guint32 snaplen;
  guint64 ts_units_per_sec; /* timestamp resolution (pcapng if_tsresol): 10^6 by default */
  gint64 ts_offset_s; /* if_tsoffset */
  char *name;
  char *description;
} WlInterface;

struct WlFrameStore {
  char *path;
  GMappedFile *mapped;
  struct WlMappedFile *file; /* a file opened by wl_frame_store_open (mapped-file.h) */
  const guint8 *data;
  gsize size;
  WlFileFormat format;
  GArray *frames;      /* WlFrame */
  GArray *interfaces;  /* WlInterface */
  GHashTable *comments; /* frame number -> GPtrArray of char* (each opt_comment) */
  GHashTable *apart;   /* frame number -> WlFrameApart *, or NULL: the WL_FRAME_APART frames' */
  GPtrArray *section_comments;
  char *damage;        /* a message when the file ended in a damaged or truncated record */
};
typedef struct WlFrameStore WlFrameStore;

/* Opens and indexes a capture file. Returns NULL with error when it is not a capture at all;
 * a damaged file still returns the store, with every whole frame before the damage and
 * store->damage describing the problem (file name and byte offset). */
WlFrameStore *wl_frame_store_open (const char *path, GError **error);
/* Indexes a capture held in memory (tests, fuzzing); data must outlive the store. */
WlFrameStore *wl_frame_store_new_from_data (const guint8 *data, gsize size, const char *name, GError **error);
void wl_frame_store_free (WlFrameStore *s);

static inline guint32
wl_frame_store_count (const WlFrameStore *s)
{
  return s->frames->len;
}

/* 1-based frame number */
static inline const WlFrame *
wl_frame_store_get (const WlFrameStore *s, guint32 number)
{
  return &g_array_index (s->frames, WlFrame, number - 1);
}

static inline const guint8 *
wl_frame_store_bytes (const WlFrameStore *s, const WlFrame *f)
{
  return s->data + f->offset;
}

const WlFrameApart *wl_frame_apart (const WlFrameStore *s, const WlFrame *f);

/* The 32-bit word at the frame's offset - back, in the frame's byte order. */
static inline guint32
wl_frame_word_before (const WlFrameStore *s, const WlFrame *f, guint back)
{
  guint32 v;
  memcpy (&v, s->data + f->offset - back, sizeof v);
  return (f->flags & WL_FRAME_SWAPPED) ? GUINT32_SWAP_LE_BE (v) : v;
}

/* Bytes captured. Read from the file each time, and so never more than the file holds past
 * the frame's offset, whatever another program wrote there since it was indexed. */
static inline guint32
wl_frame_caplen (const WlFrameStore *s, const WlFrame *f)
{
  if (G_UNLIKELY (f->flags & WL_FRAME_APART))
    return wl_frame_apart (s, f)->caplen;
  guint32 v = wl_frame_word_before (s, f, 8);
  return G_LIKELY (v <= s->size - f->offset) ? v : (guint32) MIN (s->size - f->offset, G_MAXUINT32);
}

/* Bytes on the wire: never fewer than those captured. */
static inline guint32
wl_frame_len (const WlFrameStore *s, const WlFrame *f)
{
  if (G_UNLIKELY (f->flags & WL_FRAME_APART))
    return wl_frame_apart (s, f)->len;
  return MAX (wl_frame_word_before (s, f, 4), wl_frame_caplen (s, f));
}

gint64 wl_frame_ts_pcapng (const WlFrameStore *s, const WlFrame *f);

/* Capture time, nanoseconds since the epoch. */
static inline gint64
wl_frame_ts_ns (const WlFrameStore *s, const WlFrame *f)
{
  if (G_UNLIKELY (f->flags & WL_FRAME_APART))
    return wl_frame_apart (s, f)->ts_ns;
  if (s->format == WL_FILE_PCAPNG)
    return wl_frame_ts_pcapng (s, f);
  gint64 secs = wl_frame_word_before (s, f, 16), frac = wl_frame_word_before (s, f, 12);
  return secs * 1000000000 + frac * (s->format == WL_FILE_PCAP_NSEC ? 1 : 1000);
}

/* Frame number's capture time (as wl_frame_ts_ns ()). */
static inline gint64
wl_frame_store_ts_ns (const WlFrameStore *s, guint32 number)
{
  return wl_frame_ts_ns (s, wl_frame_store_get (s, number));
}

static inline WlFrameMeta
wl_frame_store_meta (const WlFrameStore *s, const WlFrame *f)
{
  return (WlFrameMeta) { wl_frame_ts_ns (s, f), wl_frame_caplen (s, f), wl_frame_len (s, f), f->iface };
}

/* Readers: appends frame f (offset, iface and HAS_COMMENT set) with its time and lengths,
 * which the file holds in the 16 bytes before the frame's own in the byte order swapped says,
 * or which the store keeps apart when it does not. */
void wl_frame_store_append (WlFrameStore *s, WlFrame *f, gint64 ts_ns, guint32 caplen, guint32 len, gboolean swapped);

/* Readers: an empty array of WlFrame with room for reserve of them, whose pages (untouched
 * until written) the kernel may give in 2 MB pages: an index is written once, in order, and a
 * million frames take 2,000 small pages, whose faults were a fifth of indexing a big file. */
GArray *wl_frame_array_sized_new (guint reserve);

/* Asks the CPU to start loading the start of frame number's bytes and the lengths before
 * them (what dissection reads first), or with tail its last byte (what wl_frame_store_check ()
 * reads; the lengths are read for it, so they had best be asked for first): the file is read
 * in order but its records are too far apart for the hardware to see it coming. A hint only. */
static inline void
wl_frame_store_prefetch (const WlFrameStore *s, guint32 number, gboolean tail)
{
  const WlFrame *f = wl_frame_store_get (s, number);
  const guint8 *b = wl_frame_store_bytes (s, f);
  if (tail)
    {
      guint32 caplen = wl_frame_caplen (s, f);
      __builtin_prefetch (b + (caplen ? caplen - 1 : 0));
    }
  else
    {
      __builtin_prefetch (b - 8);
      __builtin_prefetch (b + 55);
    }
}

/* FALSE, with a message naming the file, when another program cut the file short since it was
 * opened so that the bytes of frame number (1-based) are gone (they read as zeros); number 0
 * re-checks the file's size. Every frame before the lost bytes stays readable. Cheap when
 * nothing was lost. */
gboolean wl_frame_store_check (WlFrameStore *s, guint32 number, GError **error);

static inline const WlInterface *
wl_frame_store_interface (const WlFrameStore *s, guint iface)
{
  if (iface >= s->interfaces->len)
    return NULL;
  return &g_array_index (s->interfaces, WlInterface, iface);
}
/* A timestamp in the interface's resolution (and offset) as nanoseconds since the epoch,
 * clamped to +-2^62 ns (+-146 years) so that the difference of any two fits in 64 bits. */
gint64 wl_interface_ts_to_ns (const WlInterface *iface, guint64 ts);
/* The frame's comments (pcapng opt_comment), or NULL. */
const GPtrArray *wl_frame_store_comments (const WlFrameStore *s, guint32 number);
/* Its first comment, or NULL. */
const char *wl_frame_store_comment (const WlFrameStore *s, guint32 number);

/* Readers, called by wl_frame_store_open (they append to the store). */
gboolean wl_pcap_read (WlFrameStore *s, GError **error);
gboolean wl_pcapng_read (WlFrameStore *s, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlFrameStore, wl_frame_store_free)

#define WL_ERROR (wl_error_quark ())
GQuark wl_error_quark (void);
enum {
  WL_ERROR_NOT_CAPTURE,
  WL_ERROR_DAMAGED,
  WL_ERROR_IO,
  WL_ERROR_FILTER,
};
