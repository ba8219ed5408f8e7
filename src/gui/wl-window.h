/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlWindow: one capture file's window: filter bar, packet list, protocol tree, hex view and
 * status bar. */
#pragma once

#include <gtk/gtk.h>
#include "wl-application.h"

G_BEGIN_DECLS

#define WL_TYPE_WINDOW (wl_window_get_type ())
G_DECLARE_FINAL_TYPE (WlWindow, wl_window, WL, WINDOW, GtkApplicationWindow)

WlWindow *wl_window_new (WlApplication *app);
/* Loads file in the background into this window. */
void wl_window_open (WlWindow *self, GFile *file);
/* Once loaded: applies filter, selects packet frame (0: none) and, with screenshot, saves a
 * picture of the window there and quits (the README's screenshot is made so). */
void wl_window_set_startup (WlWindow *self, const char *filter, guint32 frame, const char *screenshot);
/* TRUE while the window shows no capture (it can take the next file opened). */
gboolean wl_window_is_empty (WlWindow *self);

G_END_DECLS
