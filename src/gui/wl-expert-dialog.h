/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Expert Information window: the warnings, notes and errors the dissectors attached to
 * the packets (tcp.analysis flags, malformed packets...), one row per severity, protocol and
 * summary with how often it occurs; selecting a row lists its packets, and activating one
 * shows it in the main window (its action win.go-to-frame). */
#pragma once

#include <gtk/gtk.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_TYPE_EXPERT_DIALOG (wl_expert_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WlExpertDialog, wl_expert_dialog, WL, EXPERT_DIALOG, GtkWindow)

void wl_expert_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter);

G_END_DECLS
