/* SPDX-License-Identifier: GPL-2.0-or-later */
/* procmap (issue 9) with sockets this test makes itself, as any user: a listening socket and
 * a connection to it on 127.0.0.1 are listed with this process as their owner; a packet of the
 * connection gets one comment per end naming this process; after the sockets close, the
 * history still names it; a packet between two other hosts says it is not this host's. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "frame-store.h"
#include "procmap.h"

typedef struct {
  int listener, client, server;
  guint16 lport, cport;
} Pair;

static void
make_pair (Pair *p)
{
  struct sockaddr_in a = { .sin_family = AF_INET, .sin_addr.s_addr = htonl (INADDR_LOOPBACK) };
  socklen_t len = sizeof a;
  p->listener = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (bind (p->listener, (struct sockaddr *) &a, sizeof a), ==, 0);
  g_assert_cmpint (listen (p->listener, 1), ==, 0);
  g_assert_cmpint (getsockname (p->listener, (struct sockaddr *) &a, &len), ==, 0);
  p->lport = ntohs (a.sin_port);
  p->client = socket (AF_INET, SOCK_STREAM, 0);
  g_assert_cmpint (connect (p->client, (struct sockaddr *) &a, sizeof a), ==, 0);
  p->server = accept (p->listener, NULL, NULL);
  g_assert_cmpint (p->server, >=, 0);
  len = sizeof a;
  g_assert_cmpint (getsockname (p->client, (struct sockaddr *) &a, &len), ==, 0);
  p->cport = ntohs (a.sin_port);
}

/* A raw IPv4 TCP packet (link type RAW) from src:sport to dst:dport with a few bytes of data. */
static void
make_packet (guint8 *b, guint32 src, guint16 sport, guint32 dst, guint16 dport)
{
  memset (b, 0, 44);
  b[0] = 0x45;
  b[3] = 44;
  b[8] = 64;
  b[9] = 6;
  src = htonl (src);
  dst = htonl (dst);
  memcpy (b + 12, &src, 4);
  memcpy (b + 16, &dst, 4);
  b[20] = (guint8) (sport >> 8);
  b[21] = (guint8) sport;
  b[22] = (guint8) (dport >> 8);
  b[23] = (guint8) dport;
  b[32] = 0x50;
  b[33] = 0x18;
}

static gboolean
have_sock_diag (void)
{
  WlProcMap *m = wl_procmap_new ();
  g_autoptr (GError) error = NULL;
  gboolean ok = wl_procmap_refresh (m, &error);
  wl_procmap_free (m);
  if (!ok)
    g_test_skip (error->message);
  return ok;
}

static void
test_sockets_and_comments (void)
{
  if (!have_sock_diag ())
    return;
  Pair p;
  make_pair (&p);
  WlProcMap *m = wl_procmap_new ();
  g_assert_true (wl_procmap_refresh (m, NULL));
  g_autofree char *mine = g_strdup_printf ("PID: %u\n", (guint) getpid ());

  /* The Connections view's list: the listener and both ends, owned by this process. */
  GPtrArray *rows = wl_procmap_list_sockets (m);
  gboolean listening = FALSE, client = FALSE;
  for (guint i = 0; i < rows->len; i++)
    {
      const WlSocketRow *r = g_ptr_array_index (rows, i);
      if (r->ipproto == 6 && r->local_port == p.lport && r->state == 10)
        {
          listening = TRUE;
          g_assert_cmpuint (r->pid, ==, (guint) getpid ());
          g_assert_nonnull (r->name);
          g_assert_cmpstr (wl_tcp_state_name (r->state), ==, "LISTEN");
        }
      if (r->ipproto == 6 && r->local_port == p.cport && r->remote_port == p.lport)
        {
          client = TRUE;
          g_assert_cmpuint (r->pid, ==, (guint) getpid ());
          g_assert_cmpstr (wl_tcp_state_name (r->state), ==, "ESTABLISHED");
        }
    }
  g_ptr_array_unref (rows);
  g_assert_true (listening);
  g_assert_true (client);

  /* A packet of the connection: both ends are this host's and this process's. */
  guint8 pkt[44];
  make_packet (pkt, INADDR_LOOPBACK, p.cport, INADDR_LOOPBACK, p.lport);
  GPtrArray *c = wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt);
  g_assert_nonnull (c);
  g_assert_cmpuint (c->len, ==, 2);
  for (guint i = 0; i < c->len; i++)
    {
      g_assert_true (g_str_has_prefix (g_ptr_array_index (c, i), mine));
      g_assert_nonnull (strstr (g_ptr_array_index (c, i), "\nCmd: "));
    }
  g_ptr_array_unref (c);

  /* Closed and read again: the history still answers for the flow. */
  close (p.client);
  close (p.server);
  close (p.listener);
  g_assert_true (wl_procmap_refresh (m, NULL));
  c = wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt);
  g_assert_cmpuint (c->len, ==, 2);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (c, 0), mine));
  g_ptr_array_unref (c);

  /* Between two addresses of no local interface (documentation ranges): said so. */
  make_packet (pkt, 0xC0000201, 40000, 0xC6336402, 80);
  c = wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt);
  g_assert_cmpuint (c->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (c, 0), "PID: unknown (neither address is this host's"));
  g_ptr_array_unref (c);

  /* Not TCP or UDP: no comment; a truncated packet is read safely. */
  pkt[9] = 1;
  g_assert_null (wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt));
  g_assert_null (wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, 10));
  wl_procmap_free (m);
}

static void
test_sampler (void)
{
  if (!have_sock_diag ())
    return;
  WlProcMap *m = wl_procmap_new ();
  wl_procmap_start_sampler (m, 1000);
  /* A connection made after the sampler started, reported as the capture thread would. */
  Pair p;
  make_pair (&p);
  guint8 pkt[44];
  make_packet (pkt, INADDR_LOOPBACK, p.cport, INADDR_LOOPBACK, p.lport);
  wl_procmap_note_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt);
  g_autofree char *mine = g_strdup_printf ("PID: %u\n", (guint) getpid ());
  gboolean found = FALSE;
  for (int i = 0; i < 200 && !found; i++)
    {
      g_usleep (5000);
      GPtrArray *rows = wl_procmap_list_sockets (m);
      for (guint k = 0; k < rows->len; k++)
        {
          const WlSocketRow *r = g_ptr_array_index (rows, k);
          found |= r->local_port == p.cport && r->pid == (guint) getpid ();
        }
      g_ptr_array_unref (rows);
    }
  close (p.client);
  close (p.server);
  close (p.listener);
  wl_procmap_stop_sampler (m);
  guint64 n_refreshes = 0;
  wl_procmap_get_counts (m, &n_refreshes, NULL);
  g_assert_cmpuint (n_refreshes, >, 0);
  GPtrArray *c = wl_procmap_comments_for_packet (m, WL_LINKTYPE_RAW, pkt, sizeof pkt);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (c, 0), mine));
  g_ptr_array_unref (c);
  wl_procmap_free (m);
  g_assert_true (found);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/procmap/sockets-and-comments", test_sockets_and_comments);
  g_test_add_func ("/procmap/sampler", test_sampler);
  return g_test_run ();
}
