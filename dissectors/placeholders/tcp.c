/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the tcp dissector lands */
void wl_register_tcp (void);
void wl_handoff_tcp (void);
void wl_register_tcp (void) {}
void wl_handoff_tcp (void) {}
