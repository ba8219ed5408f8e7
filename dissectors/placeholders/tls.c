/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the tls dissector lands */
void wl_register_tls (void);
void wl_handoff_tls (void);
void wl_register_tls (void) {}
void wl_handoff_tls (void) {}
