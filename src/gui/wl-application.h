/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlApplication: the Wirelens desktop application, one window per capture file. */
#pragma once

#include <gtk/gtk.h>
#include "wl-coloring-rules.h"

G_BEGIN_DECLS

#define WL_APPLICATION_ID "org.wirelens.Wirelens"
#define WL_TYPE_APPLICATION (wl_application_get_type ())
G_DECLARE_FINAL_TYPE (WlApplication, wl_application, WL, APPLICATION, GtkApplication)

typedef struct _WlWindow WlWindow;

WlApplication *wl_application_new (void);
/* Opens file in window when it is empty, else in a new window; returns that window. */
WlWindow *wl_application_open_file (WlApplication *self, GFile *file, WlWindow *window);
const WlColoringRules *wl_application_get_coloring_rules (WlApplication *self);
/* Registers the GResource and the colours' CSS; done once, also by tests. */
void wl_application_load_resources (void);

/* The application's settings; from the build tree's compiled schema when Wirelens runs
 * uninstalled. Transfer full. */
GSettings *wl_settings_new (void);

G_END_DECLS
