/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What TCP offers the protocols it carries (dissectors/tcp.c). */
#pragma once

#include "dissect.h"

/* Adds tshark's generated "[PDU Size: plen]" (tcp.pdu.size) to the innermost TCP layer of the
 * packet, as Wireshark's tcp_dissect_pdus does for each PDU it hands on: call it once per PDU
 * that starts at off of v and is plen bytes long. */
void wl_tcp_add_pdu_size (WlPacket *p, const WlView *v, guint32 off, guint32 plen);

/* How many TCP streams the first pass of s numbered (tcp.stream 0..n-1), 0 when it kept no
 * TCP state. */
guint32 wl_tcp_n_streams (WlSession *s);
/* Where stream lies (after the first pass over every frame); FALSE when there is no such
 * stream. */
gboolean wl_tcp_stream_span (WlSession *s, guint32 stream, WlStreamSpan *span);
