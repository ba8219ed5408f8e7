/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The one list of all dissectors. Adding a protocol: a file in this folder, a line in each
 * list below, and its name in meson.build. */
#include "dissect.h"

#define DISSECTORS(X) \
  X (frame) X (proc) X (data) X (eth) X (vlan) X (arp) X (sll) X (null) X (raw) \
  X (ipv4) X (ipv6) X (icmp) X (icmpv6) X (igmp) X (udp) X (tcp) \
  X (dns) X (dhcp) X (http) X (json) X (xml) X (ssh) X (tls) X (lbmsrs) X (fiveco)

#define DECLARE(name) void wl_register_##name (void); void wl_handoff_##name (void);
DISSECTORS (DECLARE)

#define REGISTER(name) wl_register_##name ();
#define HANDOFF(name) wl_handoff_##name ();

void
wl_dissectors_init (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      DISSECTORS (REGISTER)
      DISSECTORS (HANDOFF)
      g_once_init_leave (&done, 1);
    }
}
