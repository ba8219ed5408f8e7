/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What UDP tells about the streams its first pass numbered (dissectors/udp.c). */
#pragma once

#include "dissect.h"

/* How many UDP streams the first pass of s numbered (udp.stream 0..n-1), 0 when none. */
guint32 wl_udp_n_streams (WlSession *s);
/* Where stream lies (after the first pass over every frame); FALSE when there is no such
 * stream. */
gboolean wl_udp_stream_span (WlSession *s, guint32 stream, WlStreamSpan *span);
