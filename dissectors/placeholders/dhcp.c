/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the dhcp dissector lands */
void wl_register_dhcp (void);
void wl_handoff_dhcp (void);
void wl_register_dhcp (void) {}
void wl_handoff_dhcp (void) {}
