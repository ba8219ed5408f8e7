/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which local process owns a packet's connection: the host's TCP and UDP sockets (IPv4 and
 * IPv6) from the kernel's sock_diag netlink interface, as `ss -p` lists them, mapped to their
 * processes through /proc/<pid>/fd. Used while capturing live; the answer is recorded per
 * packet as a pcapng comment so a saved capture keeps it. */
#pragma once

#include <glib.h>

typedef struct {
  guint32 pid;
  guint32 uid;
  char *name;     /* /proc/<pid>/comm */
  char *exe;      /* /proc/<pid>/exe, when readable */
  char *cmdline;  /* arguments joined with spaces */
} WlProcInfo;

typedef struct {
  int ipproto;          /* 6 or 17 */
  int family;           /* AF_INET or AF_INET6 */
  guint8 local[16], remote[16];
  guint16 local_port, remote_port;
  int state;            /* TCP state (1 ESTABLISHED ... 10 LISTEN), 7 for UDP */
  guint32 uid;
  guint64 inode;
  const WlProcInfo *proc; /* NULL when the owner is unknown (another namespace, no permission) */
} WlSocketEntry;

typedef struct WlProcMap WlProcMap;

WlProcMap *wl_procmap_new (void);
void wl_procmap_free (WlProcMap *m);
/* Re-reads the socket tables and the processes that own them. FALSE with error when sock_diag
 * is not available. */
gboolean wl_procmap_refresh (WlProcMap *m, GError **error);
/* The socket of a packet's flow, from either end; refreshes once when the flow is unknown
 * (short connections are caught when their first packet arrives). NULL when not found. */
const WlSocketEntry *wl_procmap_lookup (WlProcMap *m, int ipproto, int family,
                                        const guint8 *src, guint16 sport,
                                        const guint8 *dst, guint16 dport);
/* Every socket, for the Connections view (like netstat -tupan). */
const GPtrArray *wl_procmap_sockets (WlProcMap *m);
const char *wl_tcp_state_name (int state);

/* The pcapng comment recording a packet's process (ptcpdump's format, which Wireshark and
 * ptcpdump read: "PID: 123\nCmd: /usr/bin/curl\nArgs: curl http://x\nUID: 1000"), or a
 * comment saying why it is unknown; NULL when the packet is not TCP or UDP over IP. The packet
 * is parsed minimally (Ethernet, VLAN, Linux cooked v1/v2, raw IP, null). */
char *wl_procmap_comment_for_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen);
