/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The Follow Stream window: the payload of one TCP or UDP stream, client bytes and server
 * bytes each in their own colour, as ASCII, a hex dump or raw hex, one direction or both;
 * previous and next stream; the stream applied as the main window's display filter; the
 * content saved to a file. */
#pragma once

#include <gtk/gtk.h>
#include "session.h"
#include "stats/follow.h"

G_BEGIN_DECLS

#define WL_TYPE_FOLLOW_DIALOG (wl_follow_dialog_get_type ())
G_DECLARE_FINAL_TYPE (WlFollowDialog, wl_follow_dialog, WL, FOLLOW_DIALOG, GtkWindow)

/* Opens the window on the stream display_filter names ("tcp.stream eq 3", "udp.stream == 1");
 * TCP stream 0 otherwise. */
void wl_follow_dialog_show (GtkWindow *parent, WlSession *session, const char *display_filter);
/* Opens the window on a given stream (e.g. the selected packet's tcp.stream). */
void wl_follow_dialog_show_stream (GtkWindow *parent, WlSession *session, WlFollowProto proto, guint32 stream);

G_END_DECLS
