/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A frame store over a pcapng file that is still being written: a live capture's temporary
 * file. The file is mapped once over a large reserved address range, so the store's bytes
 * stay where they are while the file grows, and each update indexes the blocks written since
 * the one before. Threads that read frames already indexed need no lock: indexing only
 * appends. */
#pragma once

#include "frame-store.h"

typedef struct WlFrameStoreLive WlFrameStoreLive;

/* Maps path, which must already hold a section header and its interface descriptions, and
 * returns the live store. The store (wl_frame_store_live_get_store) indexes nothing more
 * until wl_frame_store_live_update(). */
WlFrameStoreLive *wl_frame_store_live_open (const char *path, GError **error);

/* The store. It is a plain WlFrameStore whose bytes live in the live mapping: it may be
 * given to a session (which then owns it), but while the capture runs it must not outlive
 * the WlFrameStoreLive; wl_frame_store_live_finish() lifts that rule. */
WlFrameStore *wl_frame_store_live_get_store (WlFrameStoreLive *live);

/* Indexes every whole block written to the file since the last update (a block still being
 * written waits for the next one). *n_new (may be NULL) is the number of frames added.
 * FALSE with error when the file holds something a live capture file can't: a damaged
 * block, a new section; the frames before it stay. Call it from one thread at a time. */
gboolean wl_frame_store_live_update (WlFrameStoreLive *live, guint32 *n_new, GError **error);

/* The file is complete (and may have been renamed to final_path, or NULL when not): indexes
 * what is left and gives the store an ordinary mapping of the file, so the store then lives
 * on its own and wl_frame_store_free() releases it. Pointers into the store's bytes taken
 * before stay valid until wl_frame_store_live_free(). */
gboolean wl_frame_store_live_finish (WlFrameStoreLive *live, const char *final_path, GError **error);


/* Releases the mapping (the store must be freed first, or finished). */
void wl_frame_store_live_free (WlFrameStoreLive *live);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlFrameStoreLive, wl_frame_store_live_free)
