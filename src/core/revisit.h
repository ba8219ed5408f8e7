/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Revisiting a loaded session on every core: the statistics windows of the GUI read every
 * frame again once the first pass is over. A revisit writes no state, so several threads may
 * dissect frames of one session at once; the frames are dealt out by IP address pair
 * (wl_flow_part ()), so that each worker sees every frame of its conversations, in order, and
 * counts into its own accumulator, which the caller merges at the end (conversation tables,
 * hierarchies: records of the same key summed, order of appearance by first frame). */
#pragma once

#include <gio/gio.h>
#include "session.h"

/* Called on worker part's thread for each frame of its part, in increasing frame order. */
typedef void (*WlRevisitFunc) (const WlPacket *p, gpointer part_data);

/* How many parts a revisit of n frames is worth on this machine: one per core, fewer for
 * small captures (at least 1); $WL_REVISIT_PARTS when set. */
guint wl_revisit_n_parts (guint32 n);

/* Dissects frames 1..n of s (s->n_visited >= n) with opts on n_parts threads (the calling
 * thread is part 0) and calls fn (p, part_data[i]) for the frames of part i. done, when not
 * NULL, counts the frames looked at (atomically; n in all when the run ends, every part
 * looks at every frame to find its own). Stops soon after cancellable is cancelled and
 * returns FALSE then. */
gboolean wl_session_revisit (WlSession *s, guint32 n, const WlDissectOptions *opts, guint n_parts,
                             GCancellable *cancellable, gint *done, WlRevisitFunc fn, gpointer *part_data);
