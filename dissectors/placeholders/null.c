/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the null dissector lands */
void wl_register_null (void);
void wl_handoff_null (void);
void wl_register_null (void) {}
void wl_handoff_null (void) {}
