/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the vlan dissector lands */
void wl_register_vlan (void);
void wl_handoff_vlan (void);
void wl_register_vlan (void) {}
void wl_handoff_vlan (void) {}
