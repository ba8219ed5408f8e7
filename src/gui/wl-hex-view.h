/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlHexView: the bytes of the selected packet as offset, hex and ASCII, one tab per byte
 * source (the frame, reassembled data); the selected field's bytes are highlighted and
 * clicking a byte reports it ("byte-activated"). */
#pragma once

#include <gtk/gtk.h>
#include "dissect.h"

G_BEGIN_DECLS

#define WL_TYPE_HEX_VIEW (wl_hex_view_get_type ())
G_DECLARE_FINAL_TYPE (WlHexView, wl_hex_view, WL, HEX_VIEW, GtkWidget)

GtkWidget *wl_hex_view_new (void);
/* Shows p's bytes (copied); NULL clears. */
void wl_hex_view_set_packet (WlHexView *self, const WlPacket *p);
/* Highlights length bytes at offset of source (0: the frame); length 0 removes it. */
void wl_hex_view_set_highlight (WlHexView *self, guint source, guint32 offset, guint32 length);
gboolean wl_hex_view_get_highlight (WlHexView *self, guint *source, guint32 *offset, guint32 *length);
/* The text of a source's page (tests, copy). */
char *wl_hex_view_dup_text (WlHexView *self, guint source);
/* Clicks where byte offset of source is drawn, as a pointer would. */
void wl_hex_view_click_byte (WlHexView *self, guint source, guint32 offset);

G_END_DECLS
