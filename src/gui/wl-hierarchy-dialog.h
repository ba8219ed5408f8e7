/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Protocol Hierarchy window: the tree of the protocols in the capture (or in the packets
 * of the display filter) with the packets and bytes each one is seen in, as percentages of the
 * whole, and the packets where it is the last protocol; a protocol applies as a filter. */
#pragma once

#include <gtk/gtk.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_TYPE_HIERARCHY_DIALOG (wl_hierarchy_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WlHierarchyDialog, wl_hierarchy_dialog, WL, HIERARCHY_DIALOG, GtkWindow)

void wl_hierarchy_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter);

G_END_DECLS
