/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the ipv6 dissector lands */
void wl_register_ipv6 (void);
void wl_handoff_ipv6 (void);
void wl_register_ipv6 (void) {}
void wl_handoff_ipv6 (void) {}
