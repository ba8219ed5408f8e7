/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Turning node values into text: the -T fields representation and the tree label, both as
 * tshark 4.0 prints them. Only called for what is shown. */
#pragma once

#include <string.h>
#include "dissect.h"

/* Appends n bytes: in place when they fit (g_string_append_len is a call and a memmove). */
static inline void
wl_string_put (GString *out, const char *p, gsize n)
{
  if (out->len + n < out->allocated_len)
    {
      memcpy (out->str + out->len, p, n);
      out->len += n;
      out->str[out->len] = '\0';
    }
  else
    g_string_append_len (out, p, (gssize) n);
}

/* Room for n more bytes, so that the appends after stay in place. */
static inline void
wl_string_reserve (GString *out, gsize n)
{
  if (out->len + n >= out->allocated_len)
    {
      gsize len = out->len;
      g_string_set_size (out, len + n);
      g_string_truncate (out, len);
    }
}

/* The value as `tshark -T fields -e` prints it (booleans 1/0, hex bases 0x%0Nx, bytes as
 * plain hex, strings with escapes). */
void wl_node_format_value (const WlNode *n, GString *out);
/* The value as shown after "Name: " in the tree (value names resolved). */
void wl_node_format_display (const WlNode *n, GString *out);
/* The whole tree line, as `tshark -V` prints it (without indentation). */
void wl_node_format_label (const WlNode *n, GString *out);
char *wl_node_label_dup (WlArena *a, const WlNode *n);

/* v in decimal, right-aligned in width ("%*" G_GUINT64_FORMAT) without printf */
void wl_append_uint (GString *out, guint64 v, int width);
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
