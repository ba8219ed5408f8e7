/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Passive service discovery (see services.h). */
#include <string.h>
#include "field-format.h"
#include "services.h"

typedef struct {
  WlService pub;
  gboolean answered;      /* seen answering: SYN-ACK or UDP reply */
  gboolean requested;     /* a UDP datagram was sent to it */
  char *content_service;  /* from the first bytes it sent */
  char *layer_service;    /* from the dissectors' layers */
  char *tls_version;
} Entry;

struct WlServices {
  GHashTable *by_key; /* "proto/address/port" -> Entry* */
};

static struct {
  const char *name;
  int id;
} F[] = {
  { "ip.src" }, { "ip.dst" }, { "ipv6.src" }, { "ipv6.dst" }, { "tcp.srcport" }, { "tcp.dstport" },
  { "tcp.flags.syn" }, { "tcp.flags.ack" }, { "udp.srcport" }, { "udp.dstport" }, { "tcp.payload" },
  { "udp.payload" }, { "ssh.protocol" }, { "http.server" }, { "http.response" },
  { "tls.handshake.extensions_server_name" }, { "tls.handshake.type" },
  { "tls.handshake.extensions.supported_version" }, { "tls.handshake.version" },
  { "dns.flags.response" }, { "tcp" }, { "udp" },
};
enum { IP_SRC, IP_DST, IP6_SRC, IP6_DST, TCP_SRC, TCP_DST, TCP_SYN, TCP_ACK, UDP_SRC, UDP_DST,
       TCP_PAYLOAD, UDP_PAYLOAD, SSH_PROTOCOL, HTTP_SERVER, HTTP_RESPONSE, TLS_SNI, TLS_HS_TYPE,
       TLS_SUPPORTED, TLS_HS_VERSION, DNS_RESPONSE, P_TCP, P_UDP };

static void
resolve_fields (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      for (gsize i = 0; i < G_N_ELEMENTS (F); i++)
        {
          const WlField *f = wl_field_lookup (F[i].name);
          F[i].id = f ? f->id : -1;
        }
      g_once_init_leave (&done, 1);
    }
}

static void
entry_free (gpointer data)
{
  Entry *e = data;
  g_free (e->pub.address);
  g_free (e->pub.service);
  g_free (e->pub.version);
  g_free (e->pub.extra);
  g_free (e->content_service);
  g_free (e->layer_service);
  g_free (e->tls_version);
  g_free (e);
}

WlServices *
wl_services_new (void)
{
  resolve_fields ();
  WlServices *s = g_new0 (WlServices, 1);
  s->by_key = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, entry_free);
  return s;
}

void
wl_services_free (WlServices *s)
{
  if (!s)
    return;
  g_hash_table_destroy (s->by_key);
  g_free (s);
}

void
wl_services_add_wanted (guint8 *set)
{
  resolve_fields ();
  for (gsize i = 0; i < G_N_ELEMENTS (F); i++)
    if (F[i].id >= 0)
      set[F[i].id >> 3] |= (guint8) (1u << (F[i].id & 7));
}

static const WlNode *
first (const WlPacket *p, int which)
{
  return F[which].id >= 0 ? wl_packet_first (p, F[which].id) : NULL;
}

static char *
node_text (const WlNode *n)
{
  GString *s = g_string_new (NULL);
  wl_node_format_value (n, s);
  return g_string_free (s, FALSE);
}

static Entry *
entry_get (WlServices *s, int ipproto, const char *addr, guint16 port, guint32 frame)
{
  g_autofree char *key = g_strdup_printf ("%d/%s/%u", ipproto, addr, port);
  Entry *e = g_hash_table_lookup (s->by_key, key);
  if (!e)
    {
      e = g_new0 (Entry, 1);
      e->pub.address = g_strdup (addr);
      e->pub.port = port;
      e->pub.ipproto = ipproto;
      e->pub.first_frame = frame;
      g_hash_table_insert (s->by_key, g_steal_pointer (&key), e);
    }
  return e;
}

/* The protocol spoken, from the first bytes a server sent. */
static const char *
service_by_content (const guint8 *b, guint32 n)
{
  if (n >= 4 && memcmp (b, "SSH-", 4) == 0)
    return "ssh";
  if (n >= 5 && memcmp (b, "HTTP/", 5) == 0)
    return "http";
  if (n >= 3 && (b[0] == 0x16 || b[0] == 0x15 || b[0] == 0x17) && b[1] == 3 && b[2] <= 4)
    return "tls";
  if (n >= 4 && (memcmp (b, "220 ", 4) == 0 || memcmp (b, "220-", 4) == 0))
    return "smtp-or-ftp";
  if (n >= 3 && memcmp (b, "+OK", 3) == 0)
    return "pop3";
  if (n >= 4 && memcmp (b, "* OK", 4) == 0)
    return "imap";
  return NULL;
}

/* The highest layer the dissectors found above the transport. */
static const char *
service_by_layers (const WlPacket *p)
{
  static const char *const known[] = { "ssh", "http", "tls", "dns", "mdns", "dhcp", "ntp", "snmp" };
  for (guint i = p->n_layers; i-- > 0;)
    for (gsize k = 0; k < G_N_ELEMENTS (known); k++)
      if (strcmp (p->layer_names[i], known[k]) == 0)
        return known[k];
  return NULL;
}

static const char *
tls_version_name (guint64 v)
{
  switch (v)
    {
    case 0x0304: return "TLS 1.3";
    case 0x0303: return "TLS 1.2";
    case 0x0302: return "TLS 1.1";
    case 0x0301: return "TLS 1.0";
    case 0x0300: return "SSL 3.0";
    default: return NULL;
    }
}

void
wl_services_add_packet (WlServices *s, const WlPacket *p)
{
  const WlNode *src = first (p, IP_SRC), *dst = first (p, IP_DST);
  if (!src)
    {
      src = first (p, IP6_SRC);
      dst = first (p, IP6_DST);
    }
  if (!src || !dst)
    return;
  g_autofree char *saddr = node_text (src);
  g_autofree char *daddr = node_text (dst);
  const WlNode *tsrc = first (p, TCP_SRC), *tdst = first (p, TCP_DST);
  const WlNode *usrc = first (p, UDP_SRC), *udst = first (p, UDP_DST);
  if (tsrc && tdst)
    {
      const WlNode *syn = first (p, TCP_SYN), *ack = first (p, TCP_ACK);
      guint16 sport = (guint16) tsrc->v.u, dport = (guint16) tdst->v.u;
      if (syn && ack && syn->v.u && ack->v.u)
        entry_get (s, 6, saddr, sport, p->number)->answered = TRUE;
      g_autofree char *key = g_strdup_printf ("6/%s/%u", saddr, sport);
      Entry *server = g_hash_table_lookup (s->by_key, key);
      if (server)
        {
          server->pub.packets++;
          const WlNode *pl = first (p, TCP_PAYLOAD);
          if (pl && !server->content_service && pl->v.b.len)
            {
              server->content_service = g_strdup (service_by_content (pl->v.b.p, pl->v.b.len) ?: "");
              /* An SSH banner on a port no dissector watches: read it from the bytes. */
              if (g_str_equal (server->content_service, "ssh") && !first (p, SSH_PROTOCOL))
                {
                  guint32 n = 0;
                  while (n < pl->v.b.len && n < 255 && pl->v.b.p[n] != '\r' && pl->v.b.p[n] != '\n')
                    n++;
                  g_autofree char *banner = g_strndup ((const char *) pl->v.b.p, n);
                  const char *soft = strchr (banner + 4, '-');
                  if (soft && g_utf8_validate (banner, -1, NULL))
                    server->pub.version = g_strdup_printf ("%s (protocol %.*s)", soft + 1, (int) (soft - banner - 4), banner + 4);
                }
            }
          const char *ls = service_by_layers (p);
          if (ls && !server->layer_service)
            server->layer_service = g_strdup (ls);
          const WlNode *ssh = first (p, SSH_PROTOCOL);
          if (ssh && !server->pub.version)
            {
              /* "SSH-2.0-OpenSSH_9.2p1 Debian-2+deb12u3": software, then the protocol */
              g_autofree char *banner = node_text (ssh);
              const char *soft = strchr (banner + (g_str_has_prefix (banner, "SSH-") ? 4 : 0), '-');
              g_autofree char *proto = g_strndup (banner + 4, soft ? (gsize) (soft - banner - 4) : 0);
              server->pub.version = g_strdup_printf ("%s (protocol %s)", soft ? soft + 1 : banner, proto);
            }
          const WlNode *dresp = first (p, DNS_RESPONSE);
          if (dresp && dresp->v.u && !server->pub.version)
            server->pub.version = g_strdup ("DNS server (answers queries)");
          const WlNode *srv = first (p, HTTP_SERVER);
          if (srv && !server->pub.version)
            server->pub.version = node_text (srv);
          const WlNode *hs = first (p, TLS_HS_TYPE);
          if (hs && hs->v.u == 2) /* Server Hello: the version agreed */
            {
              const WlNode *sv = first (p, TLS_SUPPORTED);
              const WlNode *hv = first (p, TLS_HS_VERSION);
              const char *name = tls_version_name (sv ? sv->v.u : hv ? hv->v.u : 0);
              if (name && !server->tls_version)
                server->tls_version = g_strdup (name);
            }
        }
      /* The client's Server Name Indication names the server it wanted. */
      g_autofree char *ckey = g_strdup_printf ("6/%s/%u", daddr, dport);
      Entry *to = g_hash_table_lookup (s->by_key, ckey);
      const WlNode *sni = first (p, TLS_SNI);
      if (to && sni && !to->pub.extra)
        {
          g_autofree char *name = node_text (sni);
          to->pub.extra = g_strdup_printf ("SNI %s", name);
        }
      return;
    }
  if (usrc && udst)
    {
      guint16 sport = (guint16) usrc->v.u, dport = (guint16) udst->v.u;
      /* A request marks the destination; a datagram back from it is an answer. */
      g_autofree char *key = g_strdup_printf ("17/%s/%u", saddr, sport);
      Entry *server = g_hash_table_lookup (s->by_key, key);
      const WlNode *resp = first (p, DNS_RESPONSE);
      if (server && server->requested)
        {
          server->answered = TRUE;
          server->pub.packets++;
          const char *ls = service_by_layers (p);
          if (ls && !server->layer_service)
            server->layer_service = g_strdup (ls);
          if (resp && resp->v.u && !server->pub.version)
            server->pub.version = g_strdup ("DNS server (answers queries)");
        }
      else if (!(resp && resp->v.u))
        {
          Entry *to = entry_get (s, 17, daddr, dport, p->number);
          to->requested = TRUE;
        }
    }
}

static int
compare_services (gconstpointer a, gconstpointer b)
{
  const WlService *x = *(WlService *const *) a, *y = *(WlService *const *) b;
  int c = strcmp (x->address, y->address);
  if (c)
    return c;
  if (x->ipproto != y->ipproto)
    return x->ipproto - y->ipproto;
  return (int) x->port - (int) y->port;
}

GPtrArray *
wl_services_list (WlServices *s)
{
  GPtrArray *out = g_ptr_array_new ();
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init (&it, s->by_key);
  while (g_hash_table_iter_next (&it, NULL, &v))
    {
      Entry *e = v;
      if (!e->answered)
        continue;
      const char *svc = e->content_service && *e->content_service ? e->content_service : e->layer_service;
      g_free (e->pub.service);
      e->pub.service = g_strdup (svc ? svc : "unknown");
      if (e->tls_version)
        {
          char *ver = e->pub.version ? g_strdup_printf ("%s, %s", e->tls_version, e->pub.version) : g_strdup (e->tls_version);
          g_free (e->pub.version);
          e->pub.version = ver;
          g_free (e->tls_version);
          e->tls_version = NULL;
        }
      g_ptr_array_add (out, &e->pub);
    }
  g_ptr_array_sort (out, compare_services);
  return out;
}
