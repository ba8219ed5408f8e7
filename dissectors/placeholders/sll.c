/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the sll dissector lands */
void wl_register_sll (void);
void wl_handoff_sll (void);
void wl_register_sll (void) {}
void wl_handoff_sll (void) {}
