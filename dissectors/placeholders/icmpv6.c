/* SPDX-License-Identifier: GPL-2.0-or-later */
/* placeholder until the icmpv6 dissector lands */
void wl_register_icmpv6 (void);
void wl_handoff_icmpv6 (void);
void wl_register_icmpv6 (void) {}
void wl_handoff_icmpv6 (void) {}
