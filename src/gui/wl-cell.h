/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCell: a packet-list or statistics-table cell, one line of text ended with an ellipsis when too long. Like
 * GtkInscription, its size does not depend on its text; unlike GtkInscription in GTK 4.8, it
 * measures without shaping text (the font's metrics are worked out once for all cells) and
 * lays its text out only when drawn: the list binds a few hundred rows of cells it does not
 * show. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WL_TYPE_CELL (wl_cell_get_type ())
G_DECLARE_FINAL_TYPE (WlCell, wl_cell, WL, CELL, GtkWidget)

GtkWidget *wl_cell_new (void);
void wl_cell_set_text (WlCell *self, const char *text);
const char *wl_cell_get_text (WlCell *self);
/* Asks for a natural width that fits the text (its characters counted as digits, as the
 * statistics tables' addresses and numbers are) instead of a few digits' (the packet list's
 * columns have widths of their own). */
void wl_cell_set_fit_text (WlCell *self, gboolean fit);
/* 0: left, 1: right */
void wl_cell_set_xalign (WlCell *self, float xalign);

G_END_DECLS
