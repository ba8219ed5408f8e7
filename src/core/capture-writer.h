/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Writers for pcap and pcapng (-w, Save, Export). A file is written to a temporary file beside
 * it and renamed into place only when complete, so a failure (disk full) never leaves a
 * half-written file nor touches the original. */
#pragma once

#include "frame-store.h"

typedef struct WlCaptureWriter WlCaptureWriter;

/* Starts writing path in format (WL_FILE_PCAP, WL_FILE_PCAP_NSEC or WL_FILE_PCAPNG) with the
 * interfaces of src (the link type of a pcap file is that of interface 0). "-" writes to
 * standard output; a device or pipe (/dev/null) is written directly. */
WlCaptureWriter *wl_capture_writer_new (const char *path, WlFileFormat format, const WlFrameStore *src, GError **error);
gboolean wl_capture_writer_add (WlCaptureWriter *w, const WlFrameMeta *f, const guint8 *data, const char *comment, GError **error);
/* As wl_capture_writer_add, with every comment of the frame (NULL: none); pcap drops them. */
gboolean wl_capture_writer_add_full (WlCaptureWriter *w, const WlFrameMeta *f, const guint8 *data, const GPtrArray *comments, GError **error);
/* Lets the writer reference the packet bytes given to the adders instead of copying them:
 * the caller promises they stay readable and unchanged until the next flush or finish (the
 * frames of a mapped capture file, not a capture's reused buffers). Off by default. */
void wl_capture_writer_borrow_packets (WlCaptureWriter *w, gboolean borrow);
/* Writes out what is buffered, so that a reader of the file being written (a live capture's
 * store) sees every packet added so far. */
gboolean wl_capture_writer_flush (WlCaptureWriter *w, GError **error);
/* The file being written until wl_capture_writer_finish(): the temporary file beside the
 * path, or the path itself when written directly. */
const char *wl_capture_writer_get_current_path (WlCaptureWriter *w);
/* Flushes, syncs and renames into place; frees w. */
gboolean wl_capture_writer_finish (WlCaptureWriter *w, GError **error);
/* Removes the temporary file; frees w. */
void wl_capture_writer_abort (WlCaptureWriter *w);
