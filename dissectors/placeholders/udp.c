/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the udp dissector lands */
void wl_register_udp (void);
void wl_handoff_udp (void);
void wl_register_udp (void) {}
void wl_handoff_udp (void) {}
