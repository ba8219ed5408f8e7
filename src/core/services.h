/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Services seen on the wire, the passive answer to `nmap -A`: every server endpoint seen
 * answering (a SYN-ACK, or a UDP reply to a request), the protocol it speaks as found from
 * the bytes it sent (not its port number), and the software and version it announced (SSH
 * banners, HTTP Server headers, TLS versions and server names, DNS answers). */
#pragma once

#include "dissect.h"

typedef struct {
  char *address;       /* "192.0.2.1", "2001:db8::1" */
  guint16 port;
  int ipproto;         /* 6 or 17 */
  char *service;       /* "ssh", "http", "tls", "dns", ... or "unknown" */
  char *version;       /* "OpenSSH_9.2p1 Debian-2+deb12u3 (protocol 2.0)", or NULL */
  char *extra;         /* "SNI www.example.test", or NULL */
  guint32 first_frame; /* where it was first seen answering */
  guint64 packets;     /* sent by the server */
} WlService;

typedef struct WlServices WlServices;

WlServices *wl_services_new (void);
void wl_services_free (WlServices *s);
/* Adds the fields it reads to a field set (session.h) so lean dissection provides them. */
void wl_services_add_wanted (guint8 *field_set);
void wl_services_add_packet (WlServices *s, const WlPacket *p);
/* The services, sorted by address then protocol and port (transfer container). */
GPtrArray *wl_services_list (WlServices *s);
