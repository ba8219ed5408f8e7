/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the igmp dissector lands */
void wl_register_igmp (void);
void wl_handoff_igmp (void);
void wl_register_igmp (void) {}
void wl_handoff_igmp (void) {}
