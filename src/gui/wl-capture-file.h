/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCaptureFile: one open capture in the GUI. It owns the session, loads the file on a worker
 * thread (indexing, then the sequential first pass) and lets the main thread dissect frames
 * that the first pass has already visited, while the pass goes on. */
#pragma once

#include <gio/gio.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_TYPE_CAPTURE_FILE (wl_capture_file_get_type ())
G_DECLARE_FINAL_TYPE (WlCaptureFile, wl_capture_file, WL, CAPTURE_FILE, GObject)

WlCaptureFile *wl_capture_file_new (GFile *file);
GFile *wl_capture_file_get_file (WlCaptureFile *self);

/* Loads the file: "n-frames" is set when the index is built, "n-ready" grows while the first
 * pass runs (those frames can be shown), "loading" turns FALSE at the end. */
void wl_capture_file_load_async (WlCaptureFile *self, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean wl_capture_file_load_finish (WlCaptureFile *self, GAsyncResult *result, GError **error);

guint32 wl_capture_file_get_n_frames (WlCaptureFile *self);
guint32 wl_capture_file_get_n_ready (WlCaptureFile *self);
gboolean wl_capture_file_get_loading (WlCaptureFile *self);
/* Seconds the load took (0 while loading). */
double wl_capture_file_get_load_time (WlCaptureFile *self);
/* A message when the file ended inside a damaged record (frames before it are kept). */
const char *wl_capture_file_get_damage (WlCaptureFile *self);

/* NULL until the index is built. Worker threads may dissect with it only once loading is
 * over; the main thread uses wl_capture_file_dissect(). */
WlSession *wl_capture_file_get_session (WlCaptureFile *self);

/* Dissects a frame that is ready (number <= n-ready), from the main thread, safely while the
 * first pass is still running. */
void wl_capture_file_dissect (WlCaptureFile *self, guint32 number, const WlDissectOptions *opts,
                              WlPacket *p, WlArena *arena);

/* Writes frames (all when NULL) to path, in a worker thread. */
void wl_capture_file_save_async (WlCaptureFile *self, const char *path, WlFileFormat format,
                                 GArray *frames, GCancellable *cancellable,
                                 GAsyncReadyCallback callback, gpointer user_data);
gboolean wl_capture_file_save_finish (WlCaptureFile *self, GAsyncResult *result, GError **error);

G_END_DECLS
