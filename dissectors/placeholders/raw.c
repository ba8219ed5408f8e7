/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the raw dissector lands */
void wl_register_raw (void);
void wl_handoff_raw (void);
void wl_register_raw (void) {}
void wl_handoff_raw (void) {}
