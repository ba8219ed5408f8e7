/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Conversations and Endpoints windows: one sortable table per layer (Ethernet, IPv4,
 * IPv6, TCP, UDP) with packets and bytes each way, start, duration and rates, optionally
 * limited to the packets of the display filter; a conversation or endpoint can be applied as
 * a display filter in the main window (its action win.apply-display-filter). */
#pragma once

#include <gtk/gtk.h>
#include "session.h"

G_BEGIN_DECLS

#define WL_TYPE_CONVERSATIONS_DIALOG (wl_conversations_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WlConversationsDialog, wl_conversations_dialog, WL, CONVERSATIONS_DIALOG, GtkWindow)

/* Opens the Conversations window of session (loaded) over parent; display_filter (NULL: none)
 * is what "Limit to display filter" applies. */
void wl_conversations_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter);
/* The same for Endpoints. */
void wl_endpoints_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter);

G_END_DECLS
