/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Sockets to processes (see procmap.h).
 *
 * One table, by_flow, holds every flow seen since the map was made: its protocol and both
 * ends, the socket's state, uid and inode, and its owner once found. A refresh dumps the
 * socket tables (sock_diag), updates or adds each flow, and marks it with the refresh's
 * generation; flows missing from a refresh are closed but stay (the history), so that packets
 * processed after their socket is gone still find their owner. Owners are found through the
 * socket inodes in /proc/<pid>/fd, walked only for inodes not seen before, new processes
 * first, stopping as soon as all are found. */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <ifaddrs.h>
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

#define MAX_FLOWS 200000
#define HISTORY_US ((gint64) 120 * G_USEC_PER_SEC) /* closed flows older than this may be forgotten */
#define RETRY_MISSING_US G_USEC_PER_SEC   /* an inode no process was found for: look again after */

typedef struct {
  guint8 proto, family, pad[2];
  guint8 a[16];   /* local end */
  guint8 b[16];   /* remote end (zeros for a listening or unconnected socket) */
  guint16 ap, bp;
} FlowKey;

/* A sock_diag netlink socket and its receive buffer. */
typedef struct {
  int fd;
  guint32 seq;
  guint8 *buf;
} Diag;

typedef struct {
  FlowKey key;
  int state;
  guint32 uid;
  guint64 inode;
  const WlProcInfo *proc; /* NULL: unknown */
  guint64 gen;            /* the last refresh that listed it */
  gint64 seen_us;
  gboolean alias;         /* an extra key (IPv4 view of an IPv6 socket), not listed */
  gboolean missing;       /* a flow looked up and not found: don't refresh again for it */
} Flow;

struct WlProcMap {
  GMutex lock;             /* everything below; held during a whole refresh */
  GHashTable *by_flow;     /* FlowKey* -> Flow*, owned */
  GHashTable *by_inode;    /* inode -> WlProcInfo* */
  GHashTable *missing;     /* inode -> last time (us) no process was found for it */
  GHashTable *procs;       /* pid -> WlProcInfo*, owned */
  GPtrArray *retired;      /* WlProcInfo* replaced for a recycled pid, owned (flows point there) */
  GHashTable *known_pids;  /* pids listed by the last /proc walk */
  GHashTable *local_addrs; /* FlowKey-like 17 bytes (family + address) -> itself */
  gint64 local_addrs_us;
  gboolean never_read;     /* no refresh has worked: sock_diag is not available */
  guint64 gen;
  gint64 last_refresh_us, last_trim_us;
  guint64 n_refreshes, n_walks;
  Diag diag;               /* for refreshes and lookups under the lock */
  /* Flows the capture thread saw first packets of, for the sampler to look up at once */
  GMutex qlock;            /* the two below only */
  GArray *queue;           /* FlowKey: the sender's end first */
  GHashTable *noted;       /* FlowKey (one direction, payload or not) -> itself */
  gint64 budget_start_us, budget_used_us; /* the capture thread's own lookups, per second */
  /* The sampler */
  GThread *sampler, *dumper;
  GCond cond, dcond;       /* with qlock: a flow noted, time for a dump (or stop) */
  gboolean stop;
  guint interval_us;
};

void
wl_socket_row_free (WlSocketRow *row)
{
  if (!row)
    return;
  g_free (row->name);
  g_free (row->cmdline);
  g_free (row);
}

static void
proc_free (gpointer data)
{
  WlProcInfo *p = data;
  g_free (p->name);
  g_free (p->exe);
  g_free (p->cmdline);
  g_free (p);
}

static guint
key_hash (gconstpointer k)
{
  const guint8 *p = k;
  guint32 h = 2166136261u;
  for (gsize i = 0; i < sizeof (FlowKey); i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

static gboolean
key_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, sizeof (FlowKey)) == 0;
}

static guint
addr_hash (gconstpointer k)
{
  const guint8 *p = k;
  guint32 h = 2166136261u;
  for (gsize i = 0; i < 17; i++)
    h = (h ^ p[i]) * 16777619u;
  return h;
}

static gboolean
addr_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, 17) == 0;
}

WlProcMap *
wl_procmap_new (void)
{
  WlProcMap *m = g_new0 (WlProcMap, 1);
  g_mutex_init (&m->lock);
  g_cond_init (&m->cond);
  g_cond_init (&m->dcond);
  m->by_flow = g_hash_table_new_full (key_hash, key_equal, NULL, g_free);
  m->by_inode = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  m->missing = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  m->procs = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, proc_free);
  m->retired = g_ptr_array_new_with_free_func (proc_free);
  m->known_pids = g_hash_table_new (g_direct_hash, g_direct_equal);
  m->local_addrs = g_hash_table_new_full (addr_hash, addr_equal, g_free, NULL);
  m->diag.fd = -1;
  m->diag.buf = g_malloc (65536);
  m->never_read = TRUE;
  g_mutex_init (&m->qlock);
  m->queue = g_array_new (FALSE, FALSE, sizeof (FlowKey));
  m->noted = g_hash_table_new_full (key_hash, key_equal, g_free, NULL);
  return m;
}

void
wl_procmap_free (WlProcMap *m)
{
  if (!m)
    return;
  wl_procmap_stop_sampler (m);
  g_hash_table_destroy (m->by_flow);
  g_hash_table_destroy (m->by_inode);
  g_hash_table_destroy (m->missing);
  g_hash_table_destroy (m->procs);
  g_ptr_array_unref (m->retired);
  g_hash_table_destroy (m->known_pids);
  g_hash_table_destroy (m->local_addrs);
  if (m->diag.fd >= 0)
    close (m->diag.fd);
  g_free (m->diag.buf);
  g_array_unref (m->queue);
  g_hash_table_destroy (m->noted);
  g_mutex_clear (&m->qlock);
  g_cond_clear (&m->cond);
  g_cond_clear (&m->dcond);
  g_mutex_clear (&m->lock);
  g_free (m);
}

static void
make_key (FlowKey *k, int proto, int family, const guint8 *a, guint16 ap, const guint8 *b, guint16 bp)
{
  memset (k, 0, sizeof *k);
  gsize alen = family == AF_INET ? 4 : 16;
  k->proto = (guint8) proto;
  k->family = (guint8) family;
  if (a)
    memcpy (k->a, a, alen);
  if (b)
    memcpy (k->b, b, alen);
  k->ap = ap;
  k->bp = bp;
}

/* ---- Local addresses ---- */

static void
add_local_addr (WlProcMap *m, int family, const void *addr)
{
  guint8 *k = g_malloc0 (17);
  k[0] = (guint8) family;
  memcpy (k + 1, addr, family == AF_INET ? 4 : 16);
  g_hash_table_replace (m->local_addrs, k, k);
}

static void
refresh_local_addrs (WlProcMap *m)
{
  gint64 now = g_get_monotonic_time ();
  if (m->local_addrs_us && now - m->local_addrs_us < G_USEC_PER_SEC)
    return;
  m->local_addrs_us = now;
  struct ifaddrs *list = NULL;
  if (getifaddrs (&list) != 0)
    return;
  g_hash_table_remove_all (m->local_addrs);
  for (struct ifaddrs *i = list; i; i = i->ifa_next)
    {
      if (!i->ifa_addr)
        continue;
      if (i->ifa_addr->sa_family == AF_INET)
        add_local_addr (m, AF_INET, &((const struct sockaddr_in *) (const void *) i->ifa_addr)->sin_addr);
      else if (i->ifa_addr->sa_family == AF_INET6)
        add_local_addr (m, AF_INET6, &((const struct sockaddr_in6 *) (const void *) i->ifa_addr)->sin6_addr);
    }
  freeifaddrs (list);
}

static gboolean
is_local (WlProcMap *m, int family, const guint8 *addr)
{
  static const guint8 v6_loopback[16] = { [15] = 1 };
  if (family == AF_INET && addr[0] == 127)
    return TRUE;
  if (family == AF_INET6 && memcmp (addr, v6_loopback, 16) == 0)
    return TRUE;
  guint8 k[17] = { (guint8) family };
  memcpy (k + 1, addr, family == AF_INET ? 4 : 16);
  return g_hash_table_contains (m->local_addrs, k);
}

/* ---- Reading the socket tables ---- */

static gboolean
open_netlink (Diag *m, GError **error)
{
  if (m->fd >= 0)
    return TRUE;
  m->fd = socket (AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC, NETLINK_SOCK_DIAG);
  if (m->fd < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno),
                   "The kernel's socket diagnostics (sock_diag) are not available: %s", g_strerror (errno));
      return FALSE;
    }
  return TRUE;
}

/* Appends to out (Flow records, not yet in the table) the sockets of one protocol and family,
 * or, with exact, only the socket of that flow (the socket whose local end is exact's first;
 * for TCP a listening one when no connected one matches). */
static gboolean
diag_request (Diag *m, int ipproto, int family, const FlowKey *exact, GArray *out, GError **error)
{
  struct {
    struct nlmsghdr nlh;
    struct inet_diag_req_v2 req;
  } msg = { 0 };
  msg.nlh.nlmsg_len = sizeof msg;
  msg.nlh.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  msg.nlh.nlmsg_flags = NLM_F_REQUEST | (exact ? 0 : NLM_F_DUMP);
  msg.nlh.nlmsg_seq = ++m->seq;
  msg.req.sdiag_family = (guint8) family;
  msg.req.sdiag_protocol = (guint8) ipproto;
  msg.req.idiag_states = 0xffffffff;
  if (exact)
    {
      gsize alen = family == AF_INET ? 4 : 16;
      memcpy (msg.req.id.idiag_src, exact->a, alen);
      memcpy (msg.req.id.idiag_dst, exact->b, alen);
      msg.req.id.idiag_sport = htons (exact->ap);
      msg.req.id.idiag_dport = htons (exact->bp);
      msg.req.id.idiag_cookie[0] = msg.req.id.idiag_cookie[1] = INET_DIAG_NOCOOKIE;
    }
  if (send (m->fd, &msg, sizeof msg, 0) < 0)
    {
      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (errno), "sock_diag request failed: %s", g_strerror (errno));
      close (m->fd);
      m->fd = -1;
      return FALSE;
    }
  gboolean done = FALSE;
  while (!done)
    {
      ssize_t n = recv (m->fd, m->buf, 65536, 0);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        {
          /* A broken exchange: start again with a new socket next time. */
          close (m->fd);
          m->fd = -1;
          break;
        }
      const struct nlmsghdr *h = (const struct nlmsghdr *) (const void *) m->buf;
      for (; NLMSG_OK (h, (size_t) n); h = NLMSG_NEXT (h, n))
        {
          if (h->nlmsg_seq != m->seq)
            continue; /* the rest of an earlier, interrupted exchange */
          if (exact || h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
            done = TRUE; /* a single answer (or "no such socket"), or the end of a dump */
          if (h->nlmsg_type == NLMSG_DONE || h->nlmsg_type == NLMSG_ERROR)
            break;
          if (h->nlmsg_len < NLMSG_LENGTH (sizeof (struct inet_diag_msg)))
            continue;
          const struct inet_diag_msg *d = NLMSG_DATA (h);
          Flow f = { 0 };
          /* The answer's own family: an IPv4 lookup can find a dual-stack IPv6 socket. */
          int fam = d->idiag_family == AF_INET6 ? AF_INET6 : AF_INET;
          make_key (&f.key, ipproto, fam, (const guint8 *) d->id.idiag_src, ntohs (d->id.idiag_sport),
                    (const guint8 *) d->id.idiag_dst, ntohs (d->id.idiag_dport));
          f.state = d->idiag_state;
          f.uid = d->idiag_uid;
          f.inode = d->idiag_inode;
          g_array_append_val (out, f);
        }
    }
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
read_proc_info (guint32 pid)
{
  WlProcInfo *p = g_new0 (WlProcInfo, 1);
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
  return p;
}

/* The process pid, read again when it is new since the last walk (its pid may be a recycled
 * one's, and a process that just started may have exec'd since). */
static const WlProcInfo *
proc_info (WlProcMap *m, guint32 pid, gboolean is_new)
{
  WlProcInfo *p = g_hash_table_lookup (m->procs, GUINT_TO_POINTER (pid));
  if (p && !is_new)
    return p;
  WlProcInfo *fresh = read_proc_info (pid);
  if (p)
    {
      g_hash_table_steal (m->procs, GUINT_TO_POINTER (pid));
      g_ptr_array_add (m->retired, p); /* flows may point to it */
    }
  g_hash_table_insert (m->procs, GUINT_TO_POINTER (pid), fresh);
  return fresh;
}

static int
compare_pids (gconstpointer a, gconstpointer b)
{
  guint32 x = *(const guint32 *) a, y = *(const guint32 *) b;
  return x < y ? -1 : x > y;
}

/* Looks through /proc/<pid>/fd/ for the inodes in want (removing those found), new processes
 * first, then those that own sockets already, then the rest. */
static void
walk_proc (WlProcMap *m, GHashTable *want)
{
  DIR *proc = opendir ("/proc");
  if (!proc)
    return;
  m->n_walks++;
  g_autoptr (GArray) pids = g_array_new (FALSE, FALSE, sizeof (guint32));
  struct dirent *de;
  while ((de = readdir (proc)) != NULL)
    if (g_ascii_isdigit (de->d_name[0]))
      {
        guint32 pid = (guint32) g_ascii_strtoull (de->d_name, NULL, 10);
        g_array_append_val (pids, pid);
      }
  closedir (proc);
  g_array_sort (pids, compare_pids);
  GHashTable *now_pids = g_hash_table_new (g_direct_hash, g_direct_equal);
  for (guint i = 0; i < pids->len; i++)
    g_hash_table_add (now_pids, GUINT_TO_POINTER (g_array_index (pids, guint32, i)));
  gboolean first_walk = g_hash_table_size (m->known_pids) == 0;
  for (int pass = 0; pass < 3 && g_hash_table_size (want) > 0; pass++)
    for (guint i = pids->len; i-- > 0 && g_hash_table_size (want) > 0;)
      {
        /* Highest pids first: the newest processes, on a busy machine many are new. */
        guint32 pid = g_array_index (pids, guint32, i);
        gboolean is_new = !first_walk && !g_hash_table_contains (m->known_pids, GUINT_TO_POINTER (pid));
        gboolean owner = g_hash_table_contains (m->procs, GUINT_TO_POINTER (pid));
        int which = is_new ? 0 : owner ? 1 : 2;
        if (which != pass)
          continue;
        char fddir[64];
        snprintf (fddir, sizeof fddir, "/proc/%u/fd", pid);
        DIR *fds = opendir (fddir);
        if (!fds)
          continue; /* another user's process, without privileges, or gone */
        struct dirent *fe;
        while ((fe = readdir (fds)) != NULL)
          {
            if (fe->d_type != DT_LNK && fe->d_type != DT_UNKNOWN)
              continue;
            char target[64];
            ssize_t n = readlinkat (dirfd (fds), fe->d_name, target, sizeof target - 1);
            if (n <= 8)
              continue;
            target[n] = 0;
            if (strncmp (target, "socket:[", 8) != 0)
              continue;
            guint64 inode = g_ascii_strtoull (target + 8, NULL, 10);
            if (!g_hash_table_remove (want, &inode))
              continue;
            guint64 *k = g_new (guint64, 1);
            *k = inode;
            g_hash_table_replace (m->by_inode, k, (gpointer) proc_info (m, pid, is_new));
          }
        closedir (fds);
      }
  g_hash_table_destroy (m->known_pids);
  m->known_pids = now_pids;
}

static void
upsert (WlProcMap *m, const Flow *f, gboolean alias)
{
  Flow *old = g_hash_table_lookup (m->by_flow, &f->key);
  if (old)
    {
      /* The same socket (or it, orphaned after close: inode 0) keeps its owner. */
      gboolean same = old->inode == f->inode || f->inode == 0;
      const WlProcInfo *keep = same && !f->proc ? old->proc : f->proc;
      *old = *f;
      old->proc = keep;
      old->alias = alias;
      return;
    }
  Flow *n = g_memdup2 (f, sizeof *f);
  n->alias = alias;
  g_hash_table_insert (m->by_flow, &n->key, n);
}

static void
trim_history (WlProcMap *m, gint64 now)
{
  if (g_hash_table_size (m->by_flow) < MAX_FLOWS || now - m->last_trim_us < G_USEC_PER_SEC)
    return;
  m->last_trim_us = now;
  for (int round = 0; round < 2 && g_hash_table_size (m->by_flow) >= MAX_FLOWS / 2; round++)
    {
      GHashTableIter it;
      gpointer v;
      g_hash_table_iter_init (&it, m->by_flow);
      while (g_hash_table_iter_next (&it, NULL, &v))
        {
          const Flow *f = v;
          if (f->gen != m->gen && (round == 1 || now - f->seen_us > HISTORY_US))
            g_hash_table_iter_remove (&it);
        }
    }
  if (g_hash_table_size (m->by_inode) > MAX_FLOWS)
    g_hash_table_remove_all (m->by_inode);
}

static const guint8 v4_mapped_prefix[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff };

/* Puts the sockets just read (cur) into the table, with the owners of those not seen before. */
static void
absorb (WlProcMap *m, GArray *cur, gboolean full)
{
  gint64 now = g_get_monotonic_time ();
  if (full)
    {
      m->gen++;
      m->never_read = FALSE;
    }
  m->n_refreshes++;
  g_autoptr (GHashTable) want = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < cur->len; i++)
    {
      Flow *f = &g_array_index (cur, Flow, i);
      if (!f->inode)
        continue;
      f->proc = g_hash_table_lookup (m->by_inode, &f->inode);
      if (f->proc)
        continue;
      /* An inode no process was found for: looked for again during its first 20 ms (an
       * accepted socket is listed a moment before its descriptor exists), then every second. */
      const gint64 *tried = g_hash_table_lookup (m->missing, &f->inode); /* first, last */
      if (!tried || now - tried[0] < 20000 || now - tried[1] > RETRY_MISSING_US)
        g_hash_table_add (want, &f->inode);
    }
  if (g_hash_table_size (want) > 0)
    {
      walk_proc (m, want);
      GHashTableIter it;
      gpointer k;
      g_hash_table_iter_init (&it, want);
      while (g_hash_table_iter_next (&it, &k, NULL))
        {
          gint64 *t = g_hash_table_lookup (m->missing, k);
          if (!t)
            {
              t = g_new (gint64, 2);
              t[0] = now;
              g_hash_table_insert (m->missing, g_memdup2 (k, sizeof (guint64)), t);
            }
          t[1] = now;
        }
      if (g_hash_table_size (m->missing) > MAX_FLOWS)
        g_hash_table_remove_all (m->missing);
    }
  for (guint i = 0; i < cur->len; i++)
    {
      Flow *f = &g_array_index (cur, Flow, i);
      if (f->inode && !f->proc)
        f->proc = g_hash_table_lookup (m->by_inode, &f->inode);
      f->gen = m->gen;
      f->seen_us = now;
      upsert (m, f, FALSE);
      /* An IPv6 socket also carries IPv4 (v4-mapped addresses, or a wildcard listener). */
      static const guint8 zeros[16];
      if (f->key.family == AF_INET6
          && (memcmp (f->key.a, v4_mapped_prefix, 12) == 0 || memcmp (f->key.a, zeros, 16) == 0))
        {
          Flow v4 = *f;
          make_key (&v4.key, f->key.proto, AF_INET, f->key.a + 12, f->key.ap, f->key.b + 12, f->key.bp);
          upsert (m, &v4, TRUE);
        }
    }
  if (full)
    m->last_refresh_us = now;
  trim_history (m, now);
}

/* Reads the whole socket tables into cur (no lock needed: d is the caller's). */
static gboolean
dump_all (Diag *d, GArray *cur, GError **error)
{
  if (!open_netlink (d, error))
    return FALSE;
  static const int protos[] = { 6, 17 };
  static const int families[] = { AF_INET, AF_INET6 };
  for (gsize i = 0; i < G_N_ELEMENTS (protos); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (families); j++)
      if (!diag_request (d, protos[i], families[j], NULL, cur, error))
        return FALSE;
  return TRUE;
}

static gboolean
refresh_locked (WlProcMap *m, GError **error)
{
  g_autoptr (GArray) cur = g_array_new (FALSE, FALSE, sizeof (Flow));
  if (!dump_all (&m->diag, cur, error))
    return FALSE;
  refresh_local_addrs (m);
  absorb (m, cur, TRUE);
  return TRUE;
}

/* Looks up the sockets of the flows the capture thread noted: each end's, by its exact
 * addresses (a constant-time lookup in the kernel, where a dump walks every hash bucket). */
static void
look_up_noted (WlProcMap *m, const FlowKey *keys, guint n_keys)
{
  if (!open_netlink (&m->diag, NULL))
    return;
  g_autoptr (GArray) cur = g_array_new (FALSE, FALSE, sizeof (Flow));
  for (guint i = 0; i < n_keys; i++)
    {
      const FlowKey *k = &keys[i];
      FlowKey r;
      make_key (&r, k->proto, k->family, k->b, k->bp, k->a, k->ap);
      /* UDP's lookup takes the ends the other way round from TCP's (the kernel looks a
       * socket up as for a packet received): ask both ways, the answer names its own ends. */
      gboolean udp = k->proto == 17;
      if (is_local (m, k->family, k->a) || udp)
        diag_request (&m->diag, k->proto, k->family, k, cur, NULL);
      if (is_local (m, k->family, k->b) || udp)
        diag_request (&m->diag, k->proto, k->family, &r, cur, NULL);
    }
  absorb (m, cur, FALSE);
}

gboolean
wl_procmap_refresh (WlProcMap *m, GError **error)
{
  g_mutex_lock (&m->lock);
  gboolean ok = refresh_locked (m, error);
  g_mutex_unlock (&m->lock);
  return ok;
}

/* ---- The sampler ---- */

/* The sampler: looks up the flows noted by the capture thread as soon as they are. */
static gpointer
sampler_run (gpointer data)
{
  WlProcMap *m = data;
  g_autoptr (GArray) keys = g_array_new (FALSE, FALSE, sizeof (FlowKey));
  for (;;)
    {
      g_mutex_lock (&m->qlock);
      while (!m->stop && m->queue->len == 0)
        g_cond_wait (&m->cond, &m->qlock);
      gboolean stop = m->stop;
      g_array_append_vals (keys, m->queue->data, m->queue->len);
      g_array_set_size (m->queue, 0);
      g_mutex_unlock (&m->qlock);
      if (stop)
        break;
      g_mutex_lock (&m->lock);
      look_up_noted (m, (const FlowKey *) (const void *) keys->data, keys->len);
      g_mutex_unlock (&m->lock);
      g_array_set_size (keys, 0);
    }
  return NULL;
}

/* The dumper: reads the whole tables now and then, on its own netlink socket and without the
 * lock (a dump walks every bucket of the kernel's hash tables, milliseconds on a host with
 * much memory), so noted flows are never kept waiting by it. It takes no more than about 5%
 * of a core. */
static gpointer
dumper_run (gpointer data)
{
  WlProcMap *m = data;
  Diag d = { -1, 0, g_malloc (65536) };
  for (;;)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr (GArray) cur = g_array_new (FALSE, FALSE, sizeof (Flow));
      if (!dump_all (&d, cur, NULL))
        break; /* sock_diag went away: nothing to sample */
      gint64 took = g_get_monotonic_time () - start;
      g_mutex_lock (&m->lock);
      refresh_local_addrs (m);
      absorb (m, cur, TRUE);
      g_mutex_unlock (&m->lock);
      gint64 until = g_get_monotonic_time () + MAX ((gint64) m->interval_us, 20 * took);
      g_mutex_lock (&m->qlock);
      while (!m->stop && g_cond_wait_until (&m->dcond, &m->qlock, until))
        ;
      gboolean stop = m->stop;
      g_mutex_unlock (&m->qlock);
      if (stop)
        break;
    }
  if (d.fd >= 0)
    close (d.fd);
  g_free (d.buf);
  return NULL;
}

void
wl_procmap_start_sampler (WlProcMap *m, guint interval_us)
{
  if (m->sampler)
    return;
  m->interval_us = MAX (interval_us, 1000);
  m->stop = FALSE;
  m->sampler = g_thread_new ("wl-procmap", sampler_run, m);
  m->dumper = g_thread_new ("wl-procmap-dump", dumper_run, m);
}

void
wl_procmap_stop_sampler (WlProcMap *m)
{
  if (!m->sampler)
    return;
  g_mutex_lock (&m->qlock);
  m->stop = TRUE;
  g_cond_signal (&m->cond);
  g_cond_signal (&m->dcond);
  g_mutex_unlock (&m->qlock);
  g_thread_join (m->sampler);
  g_thread_join (m->dumper);
  m->sampler = m->dumper = NULL;
  if (g_getenv ("WL_PROCMAP_DEBUG"))
    g_printerr ("procmap: %" G_GUINT64_FORMAT " refreshes, %" G_GUINT64_FORMAT " walks, %u flows\n",
                m->n_refreshes, m->n_walks, g_hash_table_size (m->by_flow));
}

void
wl_procmap_get_counts (WlProcMap *m, guint64 *n_refreshes, guint64 *n_walks)
{
  g_mutex_lock (&m->lock);
  if (n_refreshes)
    *n_refreshes = m->n_refreshes;
  if (n_walks)
    *n_walks = m->n_walks;
  g_mutex_unlock (&m->lock);
}

/* ---- Answers ---- */

GPtrArray *
wl_procmap_list_sockets (WlProcMap *m)
{
  GPtrArray *rows = g_ptr_array_new_with_free_func ((GDestroyNotify) wl_socket_row_free);
  g_mutex_lock (&m->lock);
  GHashTableIter it;
  gpointer v;
  g_hash_table_iter_init (&it, m->by_flow);
  while (g_hash_table_iter_next (&it, NULL, &v))
    {
      const Flow *f = v;
      if (f->alias || f->missing || f->gen != m->gen)
        continue;
      WlSocketRow *r = g_new0 (WlSocketRow, 1);
      r->ipproto = f->key.proto;
      r->family = f->key.family;
      memcpy (r->local, f->key.a, 16);
      memcpy (r->remote, f->key.b, 16);
      r->local_port = f->key.ap;
      r->remote_port = f->key.bp;
      r->state = f->state;
      r->uid = f->uid;
      r->inode = f->inode;
      if (f->proc)
        {
          r->pid = f->proc->pid;
          r->name = g_strdup (f->proc->name);
          r->cmdline = g_strdup (f->proc->cmdline);
        }
      g_ptr_array_add (rows, r);
    }
  g_mutex_unlock (&m->lock);
  return rows;
}

const char *
wl_tcp_state_name (int state)
{
  static const char *const names[] = { "UNKNOWN", "ESTABLISHED", "SYN_SENT", "SYN_RECV", "FIN_WAIT1",
                                       "FIN_WAIT2", "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK",
                                       "LISTEN", "CLOSING", "NEW_SYN_RECV" };
  return state >= 0 && state < (int) G_N_ELEMENTS (names) ? names[state] : "UNKNOWN";
}

/* The socket on one end of a flow: the connected one, else (for an address of this host) a
 * listening or unconnected one. *missing: the connected one was looked for before, in vain. */
static const Flow *
find_end (WlProcMap *m, int proto, int family, const guint8 *end, guint16 endp, const guint8 *other,
          guint16 otherp, gboolean local, gboolean *missing, gboolean *by_listener)
{
  static const guint8 any[16];
  *by_listener = FALSE;
  FlowKey k;
  make_key (&k, proto, family, end, endp, other, otherp);
  const Flow *exact = g_hash_table_lookup (m->by_flow, &k);
  *missing = exact && exact->missing;
  if (exact && !exact->missing && (exact->proc || !local))
    return exact;
  /* No connected socket with a known owner: the socket listening on (or the unconnected UDP
   * socket bound to) this end's port. A server's connection closed before its owner was seen
   * is owned by the process that accepted it, nearly always the one listening. */
  for (int pass = 0; pass < 2; pass++)
    {
      make_key (&k, proto, family, pass == 0 ? end : any, endp, NULL, 0);
      const Flow *f = g_hash_table_lookup (m->by_flow, &k);
      if (f && !f->missing && f->proc && (proto == 17 || f->state == 10))
        {
          /* For a TCP connection seen closed (or looked for in vain), an inference: said so. */
          *by_listener = proto == 6 && exact;
          return f;
        }
    }
  return exact && !exact->missing ? exact : NULL;
}

static void
mark_missing (WlProcMap *m, int proto, int family, const guint8 *end, guint16 endp, const guint8 *other, guint16 otherp)
{
  Flow f = { 0 };
  make_key (&f.key, proto, family, end, endp, other, otherp);
  if (g_hash_table_contains (m->by_flow, &f.key))
    return;
  f.missing = TRUE;
  f.seen_us = g_get_monotonic_time ();
  upsert (m, &f, FALSE);
}

/* by_listener: f is the socket listening on the port of a connection whose own socket was not
 * seen; the comment says so (a line ptcpdump and Wireshark show as text, proc.* ignore). */
static char *
end_comment (WlProcMap *m, const Flow *f, gboolean by_listener)
{
  if (!f && m->never_read)
    return g_strdup ("PID: unknown (the kernel's socket diagnostics (sock_diag) are not available here)");
  if (!f)
    return g_strdup ("PID: unknown (the socket closed before Wirelens could see it)");
  if (f->proc)
    {
      const WlProcInfo *p = f->proc;
      return g_strdup_printf ("PID: %u\nCmd: %s\nArgs: %s\nUID: %u%s", p->pid, p->exe ? p->exe : (p->name ? p->name : ""),
                              p->cmdline ? p->cmdline : "", f->uid,
                              by_listener ? "\nNote: the process listening on this port; the connection's own socket "
                                            "closed before Wirelens could see it" : "");
    }
  if (!f->inode)
    return g_strdup_printf ("PID: unknown (no process holds the socket any more: it is closed (state %s))\nUID: %u",
                            wl_tcp_state_name (f->state), f->uid);
  if (geteuid () != 0)
    return g_strdup_printf ("PID: unknown (the socket belongs to uid %u, whose processes this user may not inspect)\nUID: %u",
                            f->uid, f->uid);
  return g_strdup_printf ("PID: unknown (no process in this PID namespace holds the socket)\nUID: %u", f->uid);
}

typedef struct {
  int family, ipproto;
  const guint8 *src, *dst;
  guint16 sport, dport;
  gboolean payload; /* carries data beyond the TCP or UDP header */
} Pkt;

/* The addresses and ports of a TCP or UDP packet over IP; FALSE for anything else. */
static gboolean
parse_packet (int link_type, const guint8 *data, guint32 caplen, Pkt *pk)
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
      return FALSE;
    }
  guint32 l4, end;
  if (et == 0x0800 && wl_view_has (&v, off, 20))
    {
      pk->family = AF_INET;
      pk->ipproto = wl_view_u8 (&v, off + 9);
      pk->src = v.data + off + 12;
      pk->dst = v.data + off + 16;
      l4 = off + (guint32) (wl_view_u8 (&v, off) & 0x0f) * 4;
      end = off + wl_view_ntohs (&v, off + 2);
      if (wl_view_ntohs (&v, off + 6) & 0x1fff)
        return FALSE; /* a later fragment has no ports */
    }
  else if (et == 0x86dd && wl_view_has (&v, off, 40))
    {
      pk->family = AF_INET6;
      pk->ipproto = wl_view_u8 (&v, off + 6);
      pk->src = v.data + off + 8;
      pk->dst = v.data + off + 24;
      l4 = off + 40;
      end = l4 + wl_view_ntohs (&v, off + 4);
    }
  else
    return FALSE;
  if ((pk->ipproto != 6 && pk->ipproto != 17) || !wl_view_has (&v, l4, 4))
    return FALSE;
  pk->sport = wl_view_ntohs (&v, l4);
  pk->dport = wl_view_ntohs (&v, l4 + 2);
  guint32 hlen = pk->ipproto == 17 ? 8 : (guint32) (wl_view_u8 (&v, l4 + 12) >> 4) * 4;
  pk->payload = end > l4 + hlen;
  return TRUE;
}

void
wl_procmap_note_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen)
{
  Pkt pk;
  if (!parse_packet (link_type, data, caplen, &pk))
    return;
  FlowKey k;
  make_key (&k, pk.ipproto, pk.family, pk.src, pk.sport, pk.dst, pk.dport);
  k.pad[0] = (guint8) pk.payload;
  g_mutex_lock (&m->qlock);
  gboolean is_new = !g_hash_table_contains (m->noted, &k);
  if (is_new)
    {
      if (g_hash_table_size (m->noted) > MAX_FLOWS)
        g_hash_table_remove_all (m->noted);
      g_hash_table_add (m->noted, g_memdup2 (&k, sizeof k));
    }
  k.pad[0] = 0;
  /* Looked up here, at once, while within a budget of 100 ms per second and while nobody
   * holds the table (one wake-up less than asking the sampler: on a busy machine, each can
   * cost a time slice, about a curl's whole connection); otherwise by the sampler. */
  gint64 now = g_get_monotonic_time ();
  if (now - m->budget_start_us > G_USEC_PER_SEC)
    {
      m->budget_start_us = now;
      m->budget_used_us = 0;
    }
  gboolean inline_lookup = is_new && m->sampler && m->budget_used_us < G_USEC_PER_SEC / 10 && g_mutex_trylock (&m->lock);
  if (is_new && !inline_lookup)
    {
      g_array_append_val (m->queue, k);
      g_cond_signal (&m->cond);
    }
  g_mutex_unlock (&m->qlock);
  if (inline_lookup)
    {
      look_up_noted (m, &k, 1);
      g_mutex_unlock (&m->lock);
      gint64 took = g_get_monotonic_time () - now;
      g_mutex_lock (&m->qlock);
      m->budget_used_us += took;
      g_mutex_unlock (&m->qlock);
    }
}

GPtrArray *
wl_procmap_comments_for_packet (WlProcMap *m, int link_type, const guint8 *data, guint32 caplen)
{
  Pkt pk;
  if (!parse_packet (link_type, data, caplen, &pk))
    return NULL;
  int family = pk.family, ipproto = pk.ipproto;
  const guint8 *src = pk.src, *dst = pk.dst;
  guint16 sport = pk.sport, dport = pk.dport;

  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  g_mutex_lock (&m->lock);
  refresh_local_addrs (m);
  gboolean src_local = is_local (m, family, src), dst_local = is_local (m, family, dst);
  const Flow *s = NULL, *d = NULL;
  gboolean s_listener = FALSE, d_listener = FALSE;
  for (int attempt = 0; attempt < 2; attempt++)
    {
      gboolean smiss, dmiss;
      s = find_end (m, ipproto, family, src, sport, dst, dport, src_local, &smiss, &s_listener);
      d = find_end (m, ipproto, family, dst, dport, src, sport, dst_local, &dmiss, &d_listener);
      gboolean lacking = (src_local && !s && !smiss) || (dst_local && !d && !dmiss);
      if (!lacking)
        break;
      /* Without a sampler, a flow not seen yet may be new: look once more. A flow still
       * unknown is remembered as such, so its other packets don't look again. */
      if (attempt == 0 && !m->sampler && refresh_locked (m, NULL))
        continue;
      if (src_local && !s)
        mark_missing (m, ipproto, family, src, sport, dst, dport);
      if (dst_local && !d)
        mark_missing (m, ipproto, family, dst, dport, src, sport);
      break;
    }
  /* A connected socket found proves that its address is this host's. */
  if (s || src_local)
    g_ptr_array_add (out, end_comment (m, s, s_listener));
  if (d || dst_local)
    g_ptr_array_add (out, end_comment (m, d, d_listener));
  if (out->len == 0)
    g_ptr_array_add (out, g_strdup ("PID: unknown (neither address is this host's: another machine or another "
                                    "network namespace such as a container's)"));
  g_mutex_unlock (&m->lock);
  return out;
}
