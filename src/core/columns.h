/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The packet-list columns (No., Time, Source, Destination, Protocol, Length, Info) of a
 * dissected packet, formatted as tshark and Wireshark show them. Shared by the CLI's summary
 * lines and the GUI's packet list. */
#pragma once

#include "dissect.h"

typedef enum {
  WL_COL_NUMBER,
  WL_COL_TIME,
  WL_COL_SOURCE,
  WL_COL_DESTINATION,
  WL_COL_PROTOCOL,
  WL_COL_LENGTH,
  WL_COL_INFO,
  WL_N_COLS
} WlColumn;

typedef enum {
  WL_TIME_RELATIVE,  /* seconds since the first frame (the default) */
  WL_TIME_ABSOLUTE,  /* time of day */
  WL_TIME_ABSOLUTE_DATE,
  WL_TIME_DELTA,     /* since the previous captured frame */
  WL_TIME_EPOCH,
} WlTimeFormat;

/* Appends the column's text; p must have been dissected with columns on. */
void wl_packet_format_column (const WlPacket *p, WlColumn col, WlTimeFormat tf, GString *out);
