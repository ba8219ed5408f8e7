/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turning node values into text: the -T fields representation and the tree label, both as
 * tshark 4.0 prints them. Only called for what is shown. */
#pragma once

#include "dissect.h"

/* The value as `tshark -T fields -e` prints it (booleans 1/0, hex bases 0x%0Nx, bytes as
 * plain hex, strings with escapes). */
void wl_node_format_value (const WlNode *n, GString *out);
/* The value as shown after "Name: " in the tree (value names resolved). */
void wl_node_format_display (const WlNode *n, GString *out);
/* The whole tree line, as `tshark -V` prints it (without indentation). */
void wl_node_format_label (const WlNode *n, GString *out);
char *wl_node_label_dup (WlArena *a, const WlNode *n);

void wl_format_ether (const guint8 *a, GString *out);
void wl_format_ipv4 (guint32 addr, GString *out);
void wl_format_ipv6 (const guint8 *a, GString *out);
/* "Nov 24, 2026 21:23:15.580591000 UTC" */
void wl_format_abs_time (gint64 ns, gboolean utc, GString *out);
/* "0.000652000" */
void wl_format_rel_time (gint64 ns, GString *out);
/* Escapes a string as tshark shows it (\n, \r, \t, \\, \xhh). */
void wl_format_escaped (const guint8 *s, gsize n, GString *out);

/* Appends n bytes as lower-case hex, sep ('\0': none) between bytes: "0a:ff". */
void wl_append_hex (GString *out, const guint8 *p, guint32 n, char sep);
