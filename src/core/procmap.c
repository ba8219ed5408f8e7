/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sockets to processes (see procmap.h). */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/sock_diag.h>
#include "byte-view.h"
#include "frame-store.h"
#include "procmap.h"

struct WlProcMap {
  GPtrArray *sockets;      /* WlSocketEntry*: the current ones (owned until the next refresh) */
  GPtrArray *history;      /* earlier ones, owned, still answering for their flows */
  GHashTable *procs;       /* pid -> WlProcInfo*, owned */
  GHashTable *by_flow;     /* flow key -> WlSocketEntry* */
  gint64 last_refresh_us;
  GMutex lock;             /* lookups may come from several threads */
};

static void
proc_free (gpointer data)
{
  WlProcInfo *p = data;
  g_free (p->name);
  g_free (p->exe);
  g_free (p->cmdline);
  g_free (p);
}

WlProcMap *
wl_procmap_new (void)
{
  WlProcMap *m = g_new0 (WlProcMap, 1);
  m->sockets = g_ptr_array_new ();
  m->history = g_ptr_array_new_with_free_func (g_free);
  m->procs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, proc_free);
  g_mutex_init (&m->lock);
  m->by_flow = g_hash_table_new_full (g_bytes_hash, g_bytes_equal, (GDestroyNotify) g_bytes_unref, NULL);
  return m;
}

void
wl_procmap_free (WlProcMap *m)
{
  if (!m)
    return;
  g_mutex_clear (&m->lock);
  g_hash_table_destroy (m->by_flow);
  for (guint i = 0; i < m->sockets->len; i++)
    g_free (m->sockets->pdata[i]);
  g_ptr_array_unref (m->sockets);
  g_ptr_array_unref (m->history);
  g_hash_table_destroy (m->procs);
  g_free (m);
}

/* A flow key: protocol, family, local end, remote end. A wildcard remote (listening or
 * unconnected UDP) is stored with zero address and port. */
static GBytes *
flow_key (int ipproto, int family, const guint8 *a, guint16 ap, const guint8 *b, guint16 bp)
{
  guint8 k[2 + 16 + 2 + 16 + 2] = { 0 };
  int alen = family == AF_INET ? 4 : 16;
  k[0] = (guint8) ipproto;
  k[1] = (guint8) family;
  if (a)
    memcpy (k + 2, a, (gsize) alen);
  k[18] = (guint8) (ap >> 8);
  k[19] = (guint8) ap;
  if (b)
    memcpy (k + 20, b, (gsize) alen);
  k[36] = (guint8) (bp >> 8);
  k[37] = (guint8) bp;
  return g_bytes_new (k, sizeof k);
}

static gboolean
dump_family (WlProcMap *m, int ipproto, int family, GHashTable *inodes, GError **error)
{
  int fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "The kernel's socket diagnostics (sock_diag) are not available: %s", g_strerror (errno));
      return FALSE;
    }
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 req;
  } msg = { 0 };
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  msg.req.sdiag_family = (guint8) family;
  msg.req.sdiag_protocol = (guint8) ipproto;
  msg.req.idiag_states = 0xffffffff;
  if (send (fd, &msg, sizeof msg, 0) < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "sock_diag request failed: %s", g_strerror (errno));
      close (fd);
      return FALSE;
    }
  static guint8 buf[32768] __attribute__ ((aligned (8)));
  gboolean done = FALSE;
  while (!done)
    {
      ssize_t n = recv (fd, buf, sizeof buf, 0);
      if (n <= 0)
        break;
      struct nlmsghdr *h = (struct nlmsghdr *) buf;
      for (; NLMSG_OK (h, (size_t) n); h = NLMSG_NEXT (h, n))
        {
          if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
            {
              done = TRUE;
              break;
            }
          if (h->nlmsg_len < NLMSG_LENGTH (sizeof (struct inet_diag_msg)))
            continue;
          const struct inet_diag_msg *d = NLMSG_DATA (h);
          WlSocketEntry *e = g_new0 (WlSocketEntry, 1);
          e->ipproto = ipproto;
          e->family = family;
          memcpy (e->local, d->id.idiag_src, family == AF_INET ? 4 : 16);
          memcpy (e->remote, d->id.idiag_dst, family == AF_INET ? 4 : 16);
          e->local_port = ntohs (d->id.idiag_sport);
          e->remote_port = ntohs (d->id.idiag_dport);
          e->state = d->idiag_state;
          e->uid = d->idiag_uid;
          e->inode = d->idiag_inode;
          g_ptr_array_add (m->sockets, e);
          if (e->inode)
            g_hash_table_insert (inodes, GSIZE_TO_POINTER ((gsize) e->inode), e);
        }
    }
  close (fd);
  return TRUE;
}

static char *
read_small_file (const char *path, gsize *len)
{
  char *s = NULL;
  if (!g_file_get_contents (path, &s, len, NULL))
    return NULL;
  return s;
}

static WlProcInfo *
proc_info (WlProcMap *m, guint32 pid)
{
  WlProcInfo *p = g_hash_table_lookup (m->procs, GUINT_TO_POINTER (pid));
  if (p)
    return p;
  p = g_new0 (WlProcInfo, 1);
  p->pid = pid;
  char path[64];
  gsize len = 0;
  snprintf (path, sizeof path, "/proc/%u/comm", pid);
  p->name = read_small_file (path, &len);
  if (p->name)
    g_strchomp (p->name);
  snprintf (path, sizeof path, "/proc/%u/exe", pid);
  p->exe = g_file_read_link (path, NULL);
  snprintf (path, sizeof path, "/proc/%u/cmdline", pid);
  char *cl = read_small_file (path, &len);
  if (cl)
    {
      for (gsize i = 0; i + 1 < len; i++)
        if (cl[i] == 0)
          cl[i] = ' ';
      p->cmdline = cl;
    }
  snprintf (path, sizeof path, "/proc/%u/status", pid);
  char *status = read_small_file (path, &len);
  const char *uid = status ? strstr (status, "\nUid:\t") : NULL;
  if (uid)
    p->uid = (guint32) g_ascii_strtoull (uid + 6, NULL, 10);
  g_free (status);
  g_hash_table_insert (m->procs, GUINT_TO_POINTER (pid), p);
  return p;
}

/* Walks /proc/<pid>/fd/ of every process we may read, matching socket:[inode] links. */
static void
map_inodes (WlProcMap *m, GHashTable *inodes)
{
  DIR *proc = opendir ("/proc");
  if (!proc)
    return;
  struct dirent *de;
  while ((de = readdir (proc)) != NULL && g_hash_table_size (inodes) > 0)
    {
      if (!g_ascii_isdigit (de->d_name[0]))
        continue;
      guint32 pid = (guint32) g_ascii_strtoull (de->d_name, NULL, 10);
      char fddir[64];
      snprintf (fddir, sizeof fddir, "/proc/%u/fd", pid);
      DIR *fds = opendir (fddir);
      if (!fds)
        continue; /* another user's process, without privileges: its sockets stay unknown */
      struct dirent *fe;
      while ((fe = readdir (fds)) != NULL)
        {
          char link[sizeof fddir + sizeof fe->d_name + 2], target[64];
          snprintf (link, sizeof link, "%s/%s", fddir, fe->d_name);
          ssize_t n = readlink (link, target, sizeof target - 1);
          if (n <= 0)
            continue;
          target[n] = 0;
          if (strncmp (target, "socket:[", 8) != 0)
            continue;
          guint64 inode = g_ascii_strtoull (target + 8, NULL, 10);
          WlSocketEntry *e = g_hash_table_lookup (inodes, GSIZE_TO_POINTER ((gsize) inode));
          if (e && !e->proc)
            {
              e->proc = proc_info (m, pid);
              g_hash_table_remove (inodes, GSIZE_TO_POINTER ((gsize) inode));
            }
        }
      closedir (fds);
    }
  closedir (proc);
}

static gboolean
refresh_locked (WlProcMap *m, GError **error)
{
  /* Flows seen before keep their owner after their socket closes (a short connection is often
   * gone by the time its packets are processed); only the socket list is renewed. */
  if (m->history->len > 200000)
    {
      g_hash_table_remove_all (m->by_flow);
      g_ptr_array_set_size (m->history, 0);
    }
  for (guint i = 0; i < m->sockets->len; i++)
    g_ptr_array_add (m->history, m->sockets->pdata[i]);
  g_ptr_array_set_size (m->sockets, 0);
  g_autoptr (GHashTable) inodes = g_hash_table_new (g_direct_hash, g_direct_equal);
  static const int protos[] = { 6, 17 };
  static const int families[] = { AF_INET, AF_INET6 };
  for (gsize i = 0; i < G_N_ELEMENTS (protos); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (families); j++)
      if (!dump_family (m, protos[i], families[j], inodes, error))
        return FALSE;
  map_inodes (m, inodes);
  for (guint i = 0; i < m->sockets->len; i++)
    {
      WlSocketEntry *e = g_ptr_array_index (m->sockets, i);
      GBytes *k = flow_key (e->ipproto, e->family, e->local, e->local_port, e->remote, e->remote_port);
      const WlSocketEntry *old = g_hash_table_lookup (m->by_flow, k);
      if (!old || e->proc || !old->proc)
        g_hash_table_replace (m->by_flow, k, e);
      else
        g_bytes_unref (k);
      /* unconnected (UDP) or listening sockets also answer for any remote end */
      if (e->state == 10 || e->ipproto == 17) /* listening or unconnected */
        {
          static const guint8 any[16];
          g_hash_table_replace (m->by_flow, flow_key (e->ipproto, e->family, e->local, e->local_port, NULL, 0), e);
          g_hash_table_replace (m->by_flow, flow_key (e->ipproto, e->family, any, e->local_port, NULL, 0), e);
        }
    }
  m->last_refresh_us = g_get_monotonic_time ();
  return TRUE;
}

/* The socket on one end of a flow: connected first, then listening or unconnected. */
static const WlSocketEntry *
find_end (WlProcMap *m, int ipproto, int family, const guint8 *local, guint16 lport,
          const guint8 *remote, guint16 rport)
{
  static const guint8 any[16];
  for (int pass = 0; pass < 3; pass++)
    {
      g_autoptr (GBytes) k = NULL;
      if (pass == 0)
        k = flow_key (ipproto, family, local, lport, remote, rport);
      else if (pass == 1)
        k = flow_key (ipproto, family, local, lport, NULL, 0);
      else
        k = flow_key (ipproto, family, any, lport, NULL, 0);
      const WlSocketEntry *s = g_hash_table_lookup (m->by_flow, k);
      if (s)
        return s;
    }
  return NULL;
}

static const WlSocketEntry *
lookup_locked (WlProcMap *m, int ipproto, int family, const guint8 *src, guint16 sport,
               const guint8 *dst, guint16 dport)
{
  /* The sender owns a packet when it is local (on loopback both ends are); otherwise the
   * receiver does. A flow not seen yet may be new: refresh (at most every 2 ms) and look
   * again before answering. */
  for (int attempt = 0; attempt < 2; attempt++)
    {
      const WlSocketEntry *s = find_end (m, ipproto, family, src, sport, dst, dport);
      if (s && s->proc)
        return s;
      const WlSocketEntry *r = find_end (m, ipproto, family, dst, dport, src, sport);
      gboolean may_refresh = g_get_monotonic_time () - m->last_refresh_us > 2000;
      if (attempt == 0 && may_refresh && refresh_locked (m, NULL))
        continue;
      if (s)
        return s; /* the sender is local but its owner unknown: say so */
      return r;
    }
  return NULL;
}

gboolean
wl_procmap_refresh (WlProcMap *m, GError **error)
{
  g_mutex_lock (&m->lock);
  gboolean ok = refresh_locked (m, error);
  g_mutex_unlock (&m->lock);
  return ok;
}

const WlSocketEntry *
wl_procmap_lookup (WlProcMap *m, int ipproto, int family, const guint8 *src, guint16 sport,
                   const guint8 *dst, guint16 dport)
{
  g_mutex_lock (&m->lock);
  const WlSocketEntry *s = lookup_locked (m, ipproto, family, src, sport, dst, dport);
  g_mutex_unlock (&m->lock);
  return s;
}

const GPtrArray *
wl_procmap_sockets (WlProcMap *m)
{
  return m->sockets;
}

const char *
wl_tcp_state_name (int state)
{
  static const char *const names[] = { "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
                                       "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
                                       "LISTEN", "CLOSING", "NEW_SYN_RECV" };
  return state >= 0 && state < (int) G_N_ELEMENTS (names) ? names[state] : "UNKNOWN";
}

char *
wl_procmap_comment_for_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen)
{
  WlView v = { data, caplen, caplen, 0, 0 };
  guint32 off = 0;
  guint16 et = 0;
  switch (link_type)
    {
    case WL_LINKTYPE_ETHERNET:
      et = wl_view_ntohs (&v, 12);
      off = 14;
      while ((et == 0x8100 || et == 0x88a8) && wl_view_has (&v, off, 4))
        {
          et = wl_view_ntohs (&v, off + 2);
          off += 4;
        }
      break;
    case WL_LINKTYPE_LINUX_SLL:
      et = wl_view_ntohs (&v, 14);
      off = 16;
      break;
    case WL_LINKTYPE_LINUX_SLL2:
      et = wl_view_ntohs (&v, 0);
      off = 20;
      break;
    case WL_LINKTYPE_NULL:
    case WL_LINKTYPE_LOOP:
    case WL_LINKTYPE_RAW:
    case WL_LINKTYPE_IPV4:
    case WL_LINKTYPE_IPV6:
      off = (link_type == WL_LINKTYPE_NULL || link_type == WL_LINKTYPE_LOOP) ? 4 : 0;
      et = (wl_view_u8 (&v, off) >> 4) == 6 ? 0x86dd : 0x0800;
      break;
    default:
      return NULL;
    }
  int family, ipproto;
  const guint8 *src, *dst;
  guint32 l4;
  if (et == 0x0800 && wl_view_has (&v, off, 20))
    {
      family = AF_INET;
      ipproto = wl_view_u8 (&v, off + 9);
      src = v.data + off + 12;
      dst = v.data + off + 16;
      l4 = off + (guint32) (wl_view_u8 (&v, off) & 0x0f) * 4;
      if (wl_view_ntohs (&v, off + 6) & 0x1fff)
        return NULL; /* a later fragment has no ports */
    }
  else if (et == 0x86dd && wl_view_has (&v, off, 40))
    {
      family = AF_INET6;
      ipproto = wl_view_u8 (&v, off + 6);
      src = v.data + off + 8;
      dst = v.data + off + 24;
      l4 = off + 40;
    }
  else
    return NULL;
  if ((ipproto != 6 && ipproto != 17) || !wl_view_has (&v, l4, 4))
    return NULL;
  guint16 sport = wl_view_ntohs (&v, l4), dport = wl_view_ntohs (&v, l4 + 2);
  const WlSocketEntry *s = wl_procmap_lookup (m, ipproto, family, src, sport, dst, dport);
  if (!s)
    return g_strdup ("PID: unknown (no local socket: not this host's, or already closed)");
  if (!s->proc)
    return g_strdup_printf ("PID: unknown (socket of uid %u in another process we may not inspect)\nUID: %u", s->uid, s->uid);
  const WlProcInfo *p = s->proc;
  return g_strdup_printf ("PID: %u\nCmd: %s\nArgs: %s\nUID: %u", p->pid, p->exe ? p->exe : (p->name ? p->name : ""),
                          p->cmdline ? p->cmdline : "", s->uid);
}
