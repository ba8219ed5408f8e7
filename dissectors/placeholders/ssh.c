/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the ssh dissector lands */
void wl_register_ssh (void);
void wl_handoff_ssh (void);
void wl_register_ssh (void) {}
void wl_handoff_ssh (void) {}
