/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the ipv4 dissector lands */
void wl_register_ipv4 (void);
void wl_handoff_ipv4 (void);
void wl_register_ipv4 (void) {}
void wl_handoff_ipv4 (void) {}
