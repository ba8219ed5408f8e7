/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlWindow's insides, shared by wl-window.c, wl-window-actions.c and the GUI tests. */
#pragma once

#include "wl-capture-file.h"
#include "wl-capture-view.h"
#include "wl-coloring-rules.h"
#include "wl-filter-bar.h"
#include "wl-hex-view.h"
#include "wl-packet-list-model.h"
#include "wl-proto-tree.h"
#include "wl-window.h"

G_BEGIN_DECLS

struct _WlWindow
{
  GtkApplicationWindow parent_instance;

  /* Template widgets */
  GtkLabel *title_label;
  GtkLabel *subtitle_label;
  WlFilterBar *filter_bar;
  GtkRevealer *goto_revealer;
  GtkEntry *goto_entry;
  GtkSearchBar *find_bar;
  GtkEntry *find_entry;
  GtkRevealer *message_revealer;
  GtkLabel *message_label;
  GtkWidget *welcome_page;
  GtkColumnView *packet_view;
  WlProtoTree *proto_tree;
  WlHexView *hex_view;
  GtkLabel *status_file;
  GtkLabel *status_counts;
  GtkProgressBar *progress_bar;
  GtkLabel *status_time;
  GMenu *recent_section;

  GSettings *settings;

  /* The capture */
  WlCaptureFile *file;
  WlPacketListModel *model;
  GtkSingleSelection *selection;
  GCancellable *cancellable;       /* loading and everything else of this file */
  guint32 selected_frame;
  gboolean replacing_rows;         /* a big change of rows dropped the selection for a while */
  WlPacket packet;                 /* the selected frame, full tree */
  WlArena *arena;

  /* Filtering */
  char *applied_filter;            /* what the list shows, NULL: everything */
  char *pending_filter;            /* applied once loading ends */
  GCancellable *filter_cancellable;
  gpointer filter_job;             /* FilterJob, while one runs */
  guint progress_id;
  gboolean is_filtering;
  double filter_time;

  /* Finding */
  GCancellable *find_cancellable;

  /* Command-line start: packet to select, picture to save */
  guint32 startup_frame;
  char *screenshot;
  guint startup_id;
  guint startup_ticks;

  /* Live capture (wl-window-capture.c) */
  GtkBox *capture_box;             /* on the start page: holds capture_view */
  WlCaptureView *capture_view;
  GtkWindow *capture_options;      /* Capture ▸ Options…, which borrows capture_view */
  GStrv capture_ifaces;            /* of the running or last capture */
  gint64 capture_start_us;
  WlDissectOptions capture_dopts;  /* the first pass's, read by the source at each packet */
  guint8 *capture_wanted;
  struct WlDfilter *live_df;       /* the display filter on arriving packets */
  guint32 live_scanned;            /* frames it has tested */
  GArray *live_matches;            /* frames it kept, not yet in the list */
  guint live_scan_id;
  WlPacket live_packet;
  WlArena *live_arena;
  GtkAdjustment *live_vadj;
  gboolean follow_newest;          /* the list shows its newest packet */
  gboolean live_scrolling;
  guint live_scroll_id;
  guint live_status_id;            /* a status update that waits (they come at most 5 a second) */
  gint64 live_status_us;
  gboolean restart_pending;
  GtkWindow *unsaved_dialog;
  int unsaved_after;
  int after_stop;
  int after_save;
  gboolean close_confirmed;
};

/* Actions (wl-window-actions.c) */
void wl_window_class_add_actions (GtkWidgetClass *widget_class);
void wl_window_init_actions (WlWindow *self);

/* Filtering (wl-window-filter.c) */
void wl_window_init_filtering (WlWindow *self);
void wl_window_cancel_filter (WlWindow *self);

/* Live capture (wl-window-capture.c) */
enum {
  WL_UNSAVED_CANCEL,
  WL_UNSAVED_DISCARD,
  WL_UNSAVED_SAVE,
};
void wl_window_class_add_capture_actions (GtkWidgetClass *widget_class);
void wl_window_init_capture (WlWindow *self);
void wl_window_dispose_capture (WlWindow *self);
void wl_window_finalize_capture (WlWindow *self);
gboolean wl_window_is_capturing (WlWindow *self);
void wl_window_start_capture (WlWindow *self);
void wl_window_stop_capture (WlWindow *self);
void wl_window_update_capture_status (WlWindow *self);
/* "Dropped: N (kernel K, Wirelens R)" for the status bar (transfer full). */
char *wl_window_describe_drops (WlWindow *self);
/* The display filter while a capture runs (wl_window_apply_filter calls it). */
void wl_window_live_filter (WlWindow *self, const char *text);
void wl_window_capture_closed (WlWindow *self);
/* Writes the packets (all when frames is NULL) to path; all of an unsaved capture's make it
 * saved, under that name. */
void wl_window_save_to (WlWindow *self, const char *path, WlFileFormat format, GArray *frames);
void wl_window_save_cancelled (WlWindow *self);
/* What the unsaved-capture question's buttons do (WL_UNSAVED_*). */
void wl_window_answer_unsaved (WlWindow *self, int response);

/* Shows file (a new one, not loaded) in the window: list, columns, selection. */
void wl_window_attach_file (WlWindow *self, WlCaptureFile *file);
/* Closes the capture: the window shows its start page again. */
void wl_window_close_file (WlWindow *self);

/* For actions and tests */
void wl_window_reselect (WlWindow *self, guint32 number);
void wl_window_apply_filter (WlWindow *self, const char *text);
void wl_window_show_message (WlWindow *self, const char *message);
void wl_window_select_frame (WlWindow *self, guint32 number);
void wl_window_scroll_to_position (WlWindow *self, guint position);
void wl_window_update_status (WlWindow *self);
void wl_window_rebuild_columns (WlWindow *self);
/* Saves a picture of the window as PNG. */
gboolean wl_window_save_screenshot (WlWindow *self, const char *path, GError **error);
/* TRUE while loading, filtering or sorting. */
gboolean wl_window_is_busy (WlWindow *self);

G_END_DECLS
