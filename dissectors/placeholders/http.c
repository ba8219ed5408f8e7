/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the http dissector lands */
void wl_register_http (void);
void wl_handoff_http (void);
void wl_register_http (void) {}
void wl_handoff_http (void) {}
