/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What TCP offers the protocols it carries (dissectors/tcp.c). */
#pragma once

#include "dissect.h"

/* Adds tshark's generated "[PDU Size: plen]" (tcp.pdu.size) to the innermost TCP layer of the
 * packet, as Wireshark's tcp_dissect_pdus does for each PDU it hands on: call it once per PDU
 * that starts at off of v and is plen bytes long. */
void wl_tcp_add_pdu_size (WlPacket *p, const WlView *v, guint32 off, guint32 plen);
