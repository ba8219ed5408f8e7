/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The capture ring (see capture-ring.h).
 *
 * Layout. The buffer is a power of two in size. Two positions count bytes since the ring was
 * created and only ever grow: head, where the producer writes next, and tail, where the
 * consumer reads next. A position's place in the buffer is position & mask. head - tail is
 * the number of bytes in use, so "full" and "empty" never look alike, and 64-bit positions
 * never wrap in practice.
 *
 * Records. Each record is an 8-byte header (payload length, kind) followed by the payload,
 * padded to a multiple of 8 bytes, so headers are always aligned and never cut by the end of
 * the buffer. A record is never cut either: when it doesn't fit between its position and the
 * end of the buffer, the producer writes a SKIP header there and the record goes at the
 * start; the consumer jumps over the SKIP. That wastes at most one record's worth of space
 * per turn and lets the consumer hand out every record as one contiguous block.
 *
 * Ordering. The producer fills a record, then publishes it by storing head with release
 * ordering; the consumer loads head with acquire ordering before reading, so it sees the
 * bytes. Symmetrically, the consumer stores tail with release once it is done with a
 * record, and the producer loads tail with acquire before reusing the space. Each side keeps
 * a private copy of the other side's position and reloads it only when that copy says
 * "full" (producer) or "empty" (consumer), so in the steady state neither side touches the
 * other's cache line. head and tail sit on separate cache lines for the same reason. */
#include <stdatomic.h>
#include <string.h>
#include "capture-ring.h"

#define ALIGN8(n) (((n) + 7) & ~(gsize) 7)
#define HEADER_SIZE 8
#define MIN_SIZE 4096

enum {
  KIND_RECORD = 1,
  KIND_SKIP = 2,
};

typedef struct {
  guint32 len;
  guint32 kind;
} RecordHeader;

struct WlCaptureRing {
  guint8 *data;
  gsize size;
  gsize mask;
  char pad0[64];

  /* Written by the producer. */
  _Atomic guint64 head;
  _Atomic guint64 n_dropped;
  _Atomic guint64 n_committed;
  guint64 pending_head;  /* head once the reserved record is committed */
  guint64 tail_seen;     /* the producer's copy of tail */
  char pad1[64];

  /* Written by the consumer. */
  _Atomic guint64 tail;
  guint64 peeked_tail;   /* tail once the peeked record is released */
  guint64 head_seen;     /* the consumer's copy of head */
  char pad2[64];
};

WlCaptureRing *
wl_capture_ring_new (gsize size)
{
  WlCaptureRing *ring = g_new0 (WlCaptureRing, 1);
  ring->size = MIN_SIZE;
  while (ring->size < size && ring->size < G_MAXSIZE / 2)
    ring->size <<= 1;
  ring->mask = ring->size - 1;
  ring->data = g_malloc (ring->size);
  atomic_init (&ring->head, 0);
  atomic_init (&ring->tail, 0);
  atomic_init (&ring->n_dropped, 0);
  atomic_init (&ring->n_committed, 0);
  return ring;
}

void
wl_capture_ring_free (WlCaptureRing *ring)
{
  if (!ring)
    return;
  g_free (ring->data);
  g_free (ring);
}

gsize
wl_capture_ring_max_record (const WlCaptureRing *ring)
{
  /* A record of at most half the ring always fits once the ring is empty, wherever the
   * head stands: either it fits before the end, or the skipped tail end is shorter than it. */
  return ring->size / 2 - HEADER_SIZE;
}

static void
write_header (WlCaptureRing *ring, guint64 pos, guint32 len, guint32 kind)
{
  RecordHeader h = { len, kind };
  memcpy (ring->data + (pos & ring->mask), &h, sizeof h);
}

gpointer
wl_capture_ring_reserve (WlCaptureRing *ring, gsize len)
{
  if (len > wl_capture_ring_max_record (ring))
    {
      atomic_fetch_add_explicit (&ring->n_dropped, 1, memory_order_relaxed);
      return NULL;
    }
  guint64 head = atomic_load_explicit (&ring->head, memory_order_relaxed); /* ours */
  gsize need = HEADER_SIZE + ALIGN8 (len);
  gsize off = head & ring->mask;
  gsize skip = off + need > ring->size ? ring->size - off : 0;
  guint64 end = head + skip + need;

  if (end - ring->tail_seen > ring->size)
    {
      ring->tail_seen = atomic_load_explicit (&ring->tail, memory_order_acquire);
      if (end - ring->tail_seen > ring->size)
        {
          atomic_fetch_add_explicit (&ring->n_dropped, 1, memory_order_relaxed);
          return NULL;
        }
    }
  if (skip)
    write_header (ring, head, 0, KIND_SKIP);
  write_header (ring, head + skip, (guint32) len, KIND_RECORD);
  ring->pending_head = end;
  return ring->data + ((head + skip) & ring->mask) + HEADER_SIZE;
}

void
wl_capture_ring_commit (WlCaptureRing *ring)
{
  atomic_store_explicit (&ring->head, ring->pending_head, memory_order_release);
  atomic_fetch_add_explicit (&ring->n_committed, 1, memory_order_relaxed);
}

gboolean
wl_capture_ring_push (WlCaptureRing *ring, gconstpointer data, gsize len)
{
  gpointer p = wl_capture_ring_reserve (ring, len);
  if (!p)
    return FALSE;
  if (len)
    memcpy (p, data, len);
  wl_capture_ring_commit (ring);
  return TRUE;
}

gconstpointer
wl_capture_ring_peek (WlCaptureRing *ring, gsize *len)
{
  guint64 tail = atomic_load_explicit (&ring->tail, memory_order_relaxed); /* ours */
  if (tail == ring->head_seen)
    {
      ring->head_seen = atomic_load_explicit (&ring->head, memory_order_acquire);
      if (tail == ring->head_seen)
        return NULL;
    }
  RecordHeader h;
  memcpy (&h, ring->data + (tail & ring->mask), sizeof h);
  if (h.kind == KIND_SKIP)
    {
      /* The record was committed together with its SKIP, so it is there too. */
      tail += ring->size - (tail & ring->mask);
      memcpy (&h, ring->data + (tail & ring->mask), sizeof h);
    }
  g_assert (h.kind == KIND_RECORD && tail != ring->head_seen);
  ring->peeked_tail = tail + HEADER_SIZE + ALIGN8 (h.len);
  *len = h.len;
  return ring->data + (tail & ring->mask) + HEADER_SIZE;
}

void
wl_capture_ring_release (WlCaptureRing *ring)
{
  atomic_store_explicit (&ring->tail, ring->peeked_tail, memory_order_release);
}

gssize
wl_capture_ring_pop (WlCaptureRing *ring, gpointer buf, gsize buf_size)
{
  gsize len;
  gconstpointer p = wl_capture_ring_peek (ring, &len);
  if (!p)
    return -1;
  if (buf && buf_size) /* pop (ring, NULL, 0) just discards a record */
    memcpy (buf, p, MIN (len, buf_size));
  wl_capture_ring_release (ring);
  return (gssize) len;
}

guint64
wl_capture_ring_get_n_dropped (const WlCaptureRing *ring)
{
  return atomic_load_explicit (&((WlCaptureRing *) ring)->n_dropped, memory_order_relaxed);
}

guint64
wl_capture_ring_get_n_committed (const WlCaptureRing *ring)
{
  return atomic_load_explicit (&((WlCaptureRing *) ring)->n_committed, memory_order_relaxed);
}

gboolean
wl_capture_ring_is_empty (const WlCaptureRing *ring)
{
  WlCaptureRing *r = (WlCaptureRing *) ring;
  return atomic_load_explicit (&r->tail, memory_order_acquire) == atomic_load_explicit (&r->head, memory_order_acquire);
}
