/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlPacketRow: one row of the packet list, a position in it whose column texts and colour are
 * worked out the first time a cell asks for them (so only rows on screen cost anything). A row
 * stays at its position when the list is filtered or sorted: its packet changes, and it says
 * so with "changed" (the cells showing it read it again). */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define WL_TYPE_PACKET_ROW (wl_packet_row_get_type ())
G_DECLARE_FINAL_TYPE (WlPacketRow, wl_packet_row, WL, PACKET_ROW, GObject)

typedef struct _WlPacketListModel WlPacketListModel;

WlPacketRow *wl_packet_row_new (WlPacketListModel *model, guint position);
/* The frame number the row shows now (0 once the row is out of the list). */
guint32 wl_packet_row_get_number (WlPacketRow *self);
/* The text of column i (the model's built-in columns, then its field columns). */
const char *wl_packet_row_get_text (WlPacketRow *self, guint column);
/* The coloring rule the packet matched, or -1. */
int wl_packet_row_get_color (WlPacketRow *self);

/* For the model: stores the formatted texts (transfer full) and colour. */
void wl_packet_row_set_formatted (WlPacketRow *self, GStrv texts, int color);
/* For the model: the row shows another packet, or the same one formatted otherwise. */
void wl_packet_row_changed (WlPacketRow *self);

G_END_DECLS
