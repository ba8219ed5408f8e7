/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the icmp dissector lands */
void wl_register_icmp (void);
void wl_handoff_icmp (void);
void wl_register_icmp (void) {}
void wl_handoff_icmp (void) {}
