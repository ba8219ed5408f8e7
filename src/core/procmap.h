/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Which local process owns a packet's connection: the host's TCP and UDP sockets (IPv4 and
 * IPv6) from the kernel's sock_diag netlink interface, as `ss -p` lists them, mapped to their
 * processes through /proc/<pid>/fd. Used while capturing live; the answer is recorded per
 * packet as a pcapng comment so a saved capture keeps it.
 *
 * Short connections. A curl against a local server holds its socket for a few milliseconds.
 * So while capturing, the helper hands each packet over at once (libpcap's immediate mode, not
 * its 100 ms blocks), and for the first packets of each flow the capture thread (within a
 * budget, else a sampler thread) looks up both ends' sockets by their exact addresses (a
 * constant-time lookup; a full dump walks every bucket of the kernel's tables, milliseconds on
 * a big host) and finds their owners in /proc, newest processes first. A full dump every
 * 100 ms catches the rest. Every flow seen keeps its owner after its socket closes (the
 * history answers for packets processed later). An end whose owner could not be seen in time
 * is told unknown, with why (doc/capture.md). */
#pragma once

#include <glib.h>

typedef struct {
  guint32 pid;
  guint32 uid;
  char *name;     /* /proc/<pid>/comm */
  char *exe;      /* /proc/<pid>/exe, when readable */
  char *cmdline;  /* arguments joined with spaces */
} WlProcInfo;

/* One socket, as the Connections view lists them (like netstat -tupan). */
typedef struct {
  int ipproto;          /* 6 or 17 */
  int family;           /* AF_INET or AF_INET6 */
  guint8 local[16], remote[16];
  guint16 local_port, remote_port;
  int state;            /* TCP state (1 ESTABLISHED ... 10 LISTEN), 7 (CLOSE) for UDP */
  guint32 uid;
  guint64 inode;
  guint32 pid;          /* 0 when the owner is unknown */
  char *name;           /* the owner's name, or NULL */
  char *cmdline;        /* or NULL */
} WlSocketRow;

void wl_socket_row_free (WlSocketRow *row);

typedef struct WlProcMap WlProcMap;

WlProcMap *wl_procmap_new (void);
/* Stops the sampler if it runs. */
void wl_procmap_free (WlProcMap *m);
/* Reads the socket tables again and resolves the owners of sockets not seen before. FALSE
 * with error when sock_diag is not available. */
gboolean wl_procmap_refresh (WlProcMap *m, GError **error);
/* Starts a thread that reads the whole socket tables every interval_us microseconds (less
 * often when that takes long: it stays under about 5% of a core) and looks up the flows
 * wl_procmap_note_packet() reports as soon as they are reported, until stopped. */
void wl_procmap_start_sampler (WlProcMap *m, guint interval_us);
void wl_procmap_stop_sampler (WlProcMap *m);
/* From the capture thread, as packets arrive: the first packet of each direction of a flow
 * (and its first with data) has both ends' sockets looked up at once, while short connections
 * still hold them: here, within a budget of 100 ms per second, else by the sampler. Never
 * waits for the table's lock. */
void wl_procmap_note_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen);
/* Counters, for tests and the report of a capture: refreshes made, and /proc walks. */
void wl_procmap_get_counts (WlProcMap *m, guint64 *n_refreshes, guint64 *n_walks);

/* The host's sockets at the last refresh (WlSocketRow*, with a free function). */
GPtrArray *wl_procmap_list_sockets (WlProcMap *m);
const char *wl_tcp_state_name (int state);

/* The pcapng comments recording a packet's processes, in ptcpdump's format, which Wireshark
 * shows and ptcpdump reads ("PID: 123\nCmd: /usr/bin/curl\nArgs: curl http://x\nUID: 1000"):
 * one for each end of the packet that is this host's (the sender first; on loopback both ends
 * are), or "PID: unknown (why)" for an end whose owner cannot be known. NULL when the packet is
 * not TCP or UDP over IP. The packet is parsed minimally (Ethernet, VLAN, Linux cooked v1/v2,
 * raw IP, null). */
GPtrArray *wl_procmap_comments_for_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen);
