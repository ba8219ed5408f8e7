/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCaptureFile: one open capture in the GUI. It owns the session, loads the file on a worker
 * thread (indexing, then the sequential first pass) and lets the main thread dissect frames
 * that the first pass has already visited, while the pass goes on. */
#pragma once

#include <gio/gio.h>
#include "capture-source.h"
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

/* ---- Live capture (issue 5) ----
 * A capture file filled by a live capture: it owns src (transfer full) and stays "loading"
 * while the capture runs; the window sets the source's callbacks and calls
 * wl_capture_file_live_update() after each batch and wl_capture_file_live_finish() when it is
 * over. Until then only the main thread dissects (the source's first pass runs there). The
 * file has no GFile until it is saved: its frames are in the source's temporary file. */
WlCaptureFile *wl_capture_file_new_live (WlCaptureSource *src);
WlCaptureSource *wl_capture_file_get_source (WlCaptureFile *self);
/* TRUE for a live capture's file, running or stopped. */
gboolean wl_capture_file_is_live (WlCaptureFile *self);
/* A stopped live capture not saved yet (closing it asks). */
gboolean wl_capture_file_is_unsaved (WlCaptureFile *self);
/* Frames 1..n_visited have had their first pass: they can be shown. */
void wl_capture_file_live_update (WlCaptureFile *self, guint32 n_visited);
void wl_capture_file_live_finish (WlCaptureFile *self);
/* The capture was saved as file: it becomes the file's name, and nothing is unsaved. */
void wl_capture_file_set_saved (WlCaptureFile *self, GFile *file);

/* Worker threads of the window (loading, filtering, sorting) call this first: they run below
 * the main thread's priority, so that the window draws on time when the CPUs are busy. The
 * thread keeps it (GTask's pool threads only ever do background work). */
void wl_background_thread (void);

G_END_DECLS
