/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Ethernet address names as tshark 4.0 shows them by default ("RealtekU_3a:10:01",
 * "Broadcast", "IPv6mcast_16"), from Wireshark's data files manuf and wka
 * (Debian package libwireshark-data, /usr/share/wireshark), and host names from the ethers
 * files (~/.config/wireshark/ethers, /etc/ethers). The files are mapped and indexed once, on
 * the first lookup (under a lock); lookups after that only read shared tables (any thread).
 * When the files are missing, or names are turned off, no address has a name. */
#pragma once

#include <glib.h>

/* On by default, as in tshark; wirelens-cli -n turns it off, -N m back on. Set it before
 * dissecting. */
void wl_ether_names_set_enabled (gboolean on);
gboolean wl_ether_names_enabled (void);

/* Appends a's name (tshark's eth_addr_resolve: the exact well-known address, an ethers host
 * name, a masked well-known range with the longest mask, the manufacturer, then the wider
 * ranges, each with the bits left over as hex) and returns TRUE; appends nothing and returns
 * FALSE when names are off or a has none. */
gboolean wl_ether_name_append (const guint8 a[6], GString *out);

/* tshark's resolved form: the name, or the bare address when it has none or names are off
 * ("eth.src_resolved", which tshark -n keeps). */
char *wl_ether_resolved_dup (const guint8 a[6]);

/* The manufacturer's long name for the OUI a[0..2] ("eth.src.oui_resolved", which tshark -n
 * keeps too), *len bytes long (not NUL-terminated: it points into the mapped file), or NULL. */
const char *wl_ether_oui_long_name (const guint8 a[3], gsize *len);

/* Appends what a column or a tree label shows: "name" (with_address FALSE: a column, bare
 * address when a has no name) or "name (aa:bb:cc:dd:ee:ff)" (with_address TRUE: a label,
 * tshark repeats the bare address as the name when there is none); the bare address when
 * names are off. */
void wl_ether_format_resolved (const guint8 a[6], gboolean with_address, GString *out);

/* Reads the files from dir instead of /usr/share/wireshark (or the environment's
 * WIRELENS_ETHER_NAMES_DIR, which the tests set); before any lookup. */
void wl_ether_names_set_dir (const char *dir);
