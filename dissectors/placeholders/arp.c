/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the arp dissector lands */
void wl_register_arp (void);
void wl_handoff_arp (void);
void wl_register_arp (void) {}
void wl_handoff_arp (void) {}
