/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlFilterBar: the display-filter entry. It compiles the text as it is typed (green when it
 * compiles, red with the engine's message and position otherwise), completes field names
 * from the registry, remembers recent filters, and emits "apply" on Enter. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define WL_TYPE_FILTER_BAR (wl_filter_bar_get_type ())
G_DECLARE_FINAL_TYPE (WlFilterBar, wl_filter_bar, WL, FILTER_BAR, GtkWidget)

typedef enum {
  WL_FILTER_STATE_EMPTY,
  WL_FILTER_STATE_VALID,
  WL_FILTER_STATE_INVALID,
} WlFilterState;

GtkWidget *wl_filter_bar_new (void);
const char *wl_filter_bar_get_text (WlFilterBar *self);
void wl_filter_bar_set_text (WlFilterBar *self, const char *text);
WlFilterState wl_filter_bar_get_state (WlFilterBar *self);
/* The engine's message for an invalid filter (with a caret under the error), or NULL. */
const char *wl_filter_bar_get_error (WlFilterBar *self);
/* Recent filters, newest first, for the bar's menu. */
void wl_filter_bar_set_recent (WlFilterBar *self, const char * const *recent);
/* Emits "apply" with the current text (as Enter does). */
void wl_filter_bar_apply (WlFilterBar *self);
void wl_filter_bar_focus (WlFilterBar *self);

G_END_DECLS
