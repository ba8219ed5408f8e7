/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlPacketListModel: the packet list as a GListModel of WlPacketRow. It maps visible rows to
 * frame numbers (all frames the first pass has reached, the frames a display filter kept, in
 * file order or sorted by a column) and formats columns only for the rows that are asked for. */
#pragma once

#include <gio/gio.h>
#include "columns.h"
#include "wl-capture-file.h"
#include "wl-coloring-rules.h"
#include "wl-packet-row.h"

G_BEGIN_DECLS

#define WL_TYPE_PACKET_LIST_MODEL (wl_packet_list_model_get_type ())
G_DECLARE_FINAL_TYPE (WlPacketListModel, wl_packet_list_model, WL, PACKET_LIST_MODEL, GObject)

WlPacketListModel *wl_packet_list_model_new (WlCaptureFile *file);
WlCaptureFile *wl_packet_list_model_get_file (WlPacketListModel *self);

void wl_packet_list_model_set_time_format (WlPacketListModel *self, WlTimeFormat format);
/* Columns after the built-in ones: field filter names ("tcp.window_size"); unknown ones show
 * nothing. */
void wl_packet_list_model_set_field_columns (WlPacketListModel *self, const char * const *fields);
guint wl_packet_list_model_get_n_columns (WlPacketListModel *self);
/* rules is borrowed and must outlive the model; NULL turns colouring off. */
void wl_packet_list_model_set_coloring (WlPacketListModel *self, const WlColoringRules *rules);

/* The frames a display filter kept, in file order (transfer full), or NULL for all frames. */
void wl_packet_list_model_set_filtered (WlPacketListModel *self, GArray *frames);
gboolean wl_packet_list_model_is_filtered (WlPacketListModel *self);
/* Live capture: frames a display filter kept among new ones (in file order, after those the
 * model has), appended to the filtered rows. */
void wl_packet_list_model_append_filtered (WlPacketListModel *self, const guint32 *frames, guint n);
/* The displayed frames in file order (transfer full). */
GArray *wl_packet_list_model_dup_displayed (WlPacketListModel *self);

/* Sorts by column (-1: file order), on a worker thread once loading is over; "sorting" is
 * TRUE meanwhile. */
void wl_packet_list_model_set_sort (WlPacketListModel *self, int column, gboolean descending);
int wl_packet_list_model_get_sort_column (WlPacketListModel *self);
gboolean wl_packet_list_model_get_sorting (WlPacketListModel *self);

/* TRUE while rows the file has ready are still being handed to the list. */
gboolean wl_packet_list_model_is_catching_up (WlPacketListModel *self);

guint32 wl_packet_list_model_get_frame (WlPacketListModel *self, guint position);
/* The row showing frame number, if it is displayed. */
gboolean wl_packet_list_model_find_frame (WlPacketListModel *self, guint32 number, guint *position);

/* For WlPacketRow: fills in the row's texts and colour; the generation they are of; a row
 * at position is gone. */
void wl_packet_list_model_format_row (WlPacketListModel *self, WlPacketRow *row);
guint wl_packet_list_model_get_generation (WlPacketListModel *self);
void wl_packet_list_model_forget_row (WlPacketListModel *self, WlPacketRow *row, guint position);

G_END_DECLS
