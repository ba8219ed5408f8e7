/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCaptureView: what to capture. The interfaces libpcap can open (name, description,
 * addresses, up or down), each with a check box and a graph of its packet rate over the last
 * minute (counted by wirelens-capture -S while the view is shown, when it may capture), and
 * the capture-filter entry, compiled by libpcap as one types (green or red, with libpcap's
 * message). The window shows it on its start page and in Capture ▸ Options…; activating an
 * interface's row starts a capture on it (win.capture-start). */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WL_TYPE_CAPTURE_VIEW (wl_capture_view_get_type ())
G_DECLARE_FINAL_TYPE (WlCaptureView, wl_capture_view, WL, CAPTURE_VIEW, GtkBox)

typedef enum {
  WL_CAPTURE_FILTER_EMPTY,
  WL_CAPTURE_FILTER_CHECKING,
  WL_CAPTURE_FILTER_VALID,
  WL_CAPTURE_FILTER_INVALID,
} WlCaptureFilterState;

GtkWidget *wl_capture_view_new (void);

/* Lists the interfaces again (in the background). */
void wl_capture_view_refresh (WlCaptureView *self);
/* TRUE while the interface list is being read. */
gboolean wl_capture_view_is_loading (WlCaptureView *self);
/* The names of the interfaces listed (transfer full, NULL-terminated). */
GStrv wl_capture_view_dup_interfaces (WlCaptureView *self);

/* The checked interfaces (transfer full, NULL-terminated, maybe empty). */
GStrv wl_capture_view_dup_selected (WlCaptureView *self);
void wl_capture_view_set_selected (WlCaptureView *self, const char *const *names);

const char *wl_capture_view_get_filter (WlCaptureView *self);
void wl_capture_view_set_filter (WlCaptureView *self, const char *filter);
WlCaptureFilterState wl_capture_view_get_filter_state (WlCaptureView *self);
/* libpcap's message when the filter is invalid, else NULL. */
const char *wl_capture_view_get_filter_error (WlCaptureView *self);

/* The latest packet rate the view measured on an interface (packets/s), -1 when unknown. */
double wl_capture_view_get_rate (WlCaptureView *self, const char *name);

G_END_DECLS
