/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The capture ring: a fixed-size, lock-free, single-producer single-consumer queue of
 * variable-length records, between the thread that reads the capture helper and the thread
 * that stores and dissects packets. When it is full the producer's record is dropped and
 * counted: the producer never waits, so the helper's pipe (and the kernel buffer behind it)
 * keeps draining however slow the consumer is. */
#pragma once

#include <glib.h>

typedef struct WlCaptureRing WlCaptureRing;

/* A ring of size bytes (rounded up to a power of two, at least 4 KiB). */
WlCaptureRing *wl_capture_ring_new (gsize size);
void wl_capture_ring_free (WlCaptureRing *ring);
/* The largest record the ring takes (half its size); larger ones are always dropped. */
gsize wl_capture_ring_max_record (const WlCaptureRing *ring);

/* Producer side: one thread only. */

/* Room for a record of len bytes, or NULL when the ring is full (the record is then counted
 * as dropped). Fill it, then wl_capture_ring_commit() makes it visible to the consumer. */
gpointer wl_capture_ring_reserve (WlCaptureRing *ring, gsize len);
void wl_capture_ring_commit (WlCaptureRing *ring);
/* reserve + copy + commit; FALSE (and a drop counted) when full. */
gboolean wl_capture_ring_push (WlCaptureRing *ring, gconstpointer data, gsize len);

/* Consumer side: one thread only. */

/* The oldest record and its length, or NULL when the ring is empty. The record stays valid
 * until wl_capture_ring_release(). */
gconstpointer wl_capture_ring_peek (WlCaptureRing *ring, gsize *len);
void wl_capture_ring_release (WlCaptureRing *ring);
/* Copies the oldest record into buf (at most buf_size bytes) and releases it; returns its
 * length (which may exceed buf_size: the rest is lost), or -1 when the ring is empty. */
gssize wl_capture_ring_pop (WlCaptureRing *ring, gpointer buf, gsize buf_size);

/* Either side, any time. */
guint64 wl_capture_ring_get_n_dropped (const WlCaptureRing *ring);
guint64 wl_capture_ring_get_n_committed (const WlCaptureRing *ring);
gboolean wl_capture_ring_is_empty (const WlCaptureRing *ring);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlCaptureRing, wl_capture_ring_free)
