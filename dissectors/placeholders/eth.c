/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the eth dissector lands */
void wl_register_eth (void);
void wl_handoff_eth (void);
void wl_register_eth (void) {}
void wl_handoff_eth (void) {}
