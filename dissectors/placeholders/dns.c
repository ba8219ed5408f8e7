/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the dns dissector lands */
void wl_register_dns (void);
void wl_handoff_dns (void);
void wl_register_dns (void) {}
void wl_handoff_dns (void) {}
