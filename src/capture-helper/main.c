/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wirelens-capture: the only Wirelens program that needs capture privileges, like Wireshark's
 * dumpcap. It lists interfaces (-D), or opens one or more with libpcap and writes what they
 * capture as pcapng (one IDB per interface, EPBs, an ISB per interface every second and at the
 * end) to standard output or a file. Once the devices are open it gives up every privilege it
 * had. It uses libpcap and the C library only: no GLib, no shell, nothing it doesn't need. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libintl.h>
#include <limits.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <linux/capability.h>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <pcap/pcap.h>
#ifdef __linux__
#include <netpacket/packet.h>
#endif

#define _(s) gettext (s)

/* Exit codes, which wirelens' capture source maps to its errors. */
enum {
  EXIT_OK = 0,
  EXIT_FAILED = 1,      /* capture could not start or broke off */
  EXIT_USAGE = 2,       /* bad option or invalid capture filter */
  EXIT_PERMISSION = 3,  /* not allowed to capture */
};

#define MAX_IFACES 64
#define DEFAULT_SNAPLEN 262144
#define DEFAULT_BUFFER_MIB 4
#define OUT_BUF_SIZE (1u << 20)
#define BLOCK_TIMEOUT_MS 100    /* libpcap's delivery timeout: the live view's latency */
#define STATS_INTERVAL_NS 1000000000LL

/* pcapng block types and option codes we write */
enum {
  BT_SHB = 0x0A0D0D0A, BT_IDB = 1, BT_ISB = 5, BT_EPB = 6,
  OPT_END = 0, OPT_SHB_USERAPPL = 4,
  OPT_IF_NAME = 2, OPT_IF_DESCRIPTION = 3, OPT_IF_TSRESOL = 9, OPT_IF_FILTER = 11,
  OPT_ISB_STARTTIME = 2, OPT_ISB_ENDTIME = 3, OPT_ISB_IFRECV = 4, OPT_ISB_IFDROP = 5,
  OPT_ISB_OSDROP = 7, OPT_ISB_USRDELIV = 8,
};

typedef struct {
  const char *name;
  pcap_t *pc;
  int fd;
  int link_type;
  int tsresol;            /* 9: nanoseconds, 6: microseconds */
  uint64_t n_delivered;   /* packets written */
  bool failed;
} Iface;

typedef struct {
  int fd;
  bool is_pipe;
  unsigned char *buf;
  size_t len;
  bool failed;            /* stdout closed or the disk is full: nothing more can be written */
  int saved_errno;
} Out;

static struct {
  const char *ifaces[MAX_IFACES];
  int n_ifaces;
  int snaplen;
  bool no_promisc;
  bool immediate;       /* -I: hand each packet over at once (libpcap's immediate mode) */
  int buffer_mib;
  const char *filter;
  int64_t max_packets;
  int64_t duration_s;
  const char *write_file;
  bool list;
  bool count_only;
  bool check_filter;
  int link_type;          /* for --check-filter */
} opt = { .snaplen = DEFAULT_SNAPLEN, .buffer_mib = DEFAULT_BUFFER_MIB, .link_type = DLT_EN10MB };

static volatile sig_atomic_t stop_signal;
static Iface ifaces[MAX_IFACES];
static Out out;
static uint64_t n_written;

static void
die (int code, const char *fmt, ...)
{
  va_list ap;
  fputs ("wirelens-capture: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  exit (code);
}

static int64_t
now_ns (int clock)
{
  struct timespec ts;
  clock_gettime (clock, &ts);
  return (int64_t) ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

/* ---- Output: a buffer written out whole with write(2) ---- */

static void
out_flush (void)
{
  size_t off = 0;
  while (off < out.len && !out.failed)
    {
      ssize_t r = write (out.fd, out.buf + off, out.len - off);
      if (r < 0)
        {
          if (errno == EINTR)
            continue;
          out.failed = true;
          out.saved_errno = errno;
          break;
        }
      off += (size_t) r;
    }
  out.len = 0;
}

static void
out_put (const void *data, size_t n)
{
  if (out.len + n > OUT_BUF_SIZE)
    out_flush ();
  if (n > OUT_BUF_SIZE)
    {
      /* Never happens with a snaplen of at most 256 KiB; written directly for safety. */
      const unsigned char *p = data;
      while (n > 0 && !out.failed)
        {
          ssize_t r = write (out.fd, p, n);
          if (r < 0 && errno == EINTR)
            continue;
          if (r < 0)
            {
              out.failed = true;
              out.saved_errno = errno;
              break;
            }
          p += r;
          n -= (size_t) r;
        }
      return;
    }
  memcpy (out.buf + out.len, data, n);
  out.len += n;
}

static void
put32 (uint32_t v)
{
  out_put (&v, 4);
}

static void
put16 (uint16_t v)
{
  out_put (&v, 2);
}

static void
put64 (uint64_t v)
{
  out_put (&v, 8);
}

static size_t
padded (size_t n)
{
  return (n + 3) & ~(size_t) 3;
}

static void
put_pad (size_t n)
{
  static const unsigned char zeros[4];
  out_put (zeros, padded (n) - n);
}

static size_t
option_size (size_t len)
{
  return 4 + padded (len);
}

static void
put_option (uint16_t code, const void *val, size_t len)
{
  put16 (code);
  put16 ((uint16_t) len);
  out_put (val, len);
  put_pad (len);
}

/* Timestamps in pcapng options and blocks: high 32 bits, then low 32 bits. */
static void
put_ts_option (uint16_t code, uint64_t ts)
{
  put16 (code);
  put16 (8);
  put32 ((uint32_t) (ts >> 32));
  put32 ((uint32_t) ts);
}

static void
write_shb (void)
{
  const char *app = "wirelens-capture " PACKAGE_VERSION;
  uint32_t len = (uint32_t) (28 + option_size (strlen (app)) + 4);
  put32 (BT_SHB);
  put32 (len);
  put32 (0x1A2B3C4D);
  put16 (1);
  put16 (0);
  put64 (UINT64_MAX); /* section length unknown: it is a stream */
  put_option (OPT_SHB_USERAPPL, app, strlen (app));
  put32 (OPT_END);
  put32 (len);
}

static void
write_idb (const Iface *ifc)
{
  const char *description = NULL; /* libpcap's descriptions are generic on Linux */
  size_t name_len = strnlen (ifc->name, 65535);
  size_t desc_len = description ? strnlen (description, 65535) : 0;
  size_t filter_len = opt.filter ? strnlen (opt.filter, 65534) + 1 : 0;
  uint32_t len = (uint32_t) (16 + option_size (name_len) + (desc_len ? option_size (desc_len) : 0)
                             + option_size (1) + (filter_len ? option_size (filter_len) : 0) + 4 + 4);
  uint8_t tsresol = (uint8_t) ifc->tsresol;
  put32 (BT_IDB);
  put32 (len);
  put16 ((uint16_t) ifc->link_type);
  put16 (0);
  put32 ((uint32_t) pcap_snapshot (ifc->pc));
  put_option (OPT_IF_NAME, ifc->name, name_len);
  if (desc_len)
    put_option (OPT_IF_DESCRIPTION, description, desc_len);
  put_option (OPT_IF_TSRESOL, &tsresol, 1);
  if (filter_len)
    {
      /* if_filter: a type byte (0: libpcap filter string), then the string */
      put16 (OPT_IF_FILTER);
      put16 ((uint16_t) filter_len);
      uint8_t kind = 0;
      out_put (&kind, 1);
      out_put (opt.filter, filter_len - 1);
      put_pad (filter_len);
    }
  put32 (OPT_END);
  put32 (len);
}

static uint64_t
iface_ts (const Iface *ifc, int64_t ns)
{
  return ifc->tsresol == 9 ? (uint64_t) ns : (uint64_t) (ns / 1000);
}

/* One ISB for interface i: libpcap's received and dropped counts and what we delivered.
 * start_ns / end_ns are written when not 0. */
static void
write_isb (int i, int64_t start_ns, int64_t end_ns)
{
  Iface *ifc = &ifaces[i];
  struct pcap_stat ps;
  bool have_stats = !ifc->failed && pcap_stats (ifc->pc, &ps) == 0;
  uint32_t len = 20 + 12 /* usrdeliv */ + 4 + 4;
  if (start_ns)
    len += 12;
  if (end_ns)
    len += 12;
  if (have_stats)
    len += 3 * 12;
  uint64_t ts = iface_ts (ifc, now_ns (CLOCK_REALTIME));
  put32 (BT_ISB);
  put32 (len);
  put32 ((uint32_t) i);
  put32 ((uint32_t) (ts >> 32));
  put32 ((uint32_t) ts);
  if (start_ns)
    put_ts_option (OPT_ISB_STARTTIME, iface_ts (ifc, start_ns));
  if (end_ns)
    put_ts_option (OPT_ISB_ENDTIME, iface_ts (ifc, end_ns));
  if (have_stats)
    {
      uint64_t v = ps.ps_recv;
      put_option (OPT_ISB_IFRECV, &v, 8);
      /* isb_ifdrop: every packet lost before delivery, as dumpcap writes it and Wireshark
       * shows it; isb_osdrop: the kernel's share of it. */
      v = (uint64_t) ps.ps_drop + ps.ps_ifdrop;
      put_option (OPT_ISB_IFDROP, &v, 8);
      v = ps.ps_drop;
      put_option (OPT_ISB_OSDROP, &v, 8);
    }
  put_option (OPT_ISB_USRDELIV, &ifc->n_delivered, 8);
  put32 (OPT_END);
  put32 (len);
}

static void
on_packet (u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
  int i = (int) (intptr_t) user;
  Iface *ifc = &ifaces[i];
  uint32_t caplen = h->caplen;
  uint64_t ts = (uint64_t) h->ts.tv_sec * (ifc->tsresol == 9 ? 1000000000ULL : 1000000ULL) + (uint64_t) h->ts.tv_usec;
  uint32_t len = (uint32_t) (28 + padded (caplen) + 4);
  put32 (BT_EPB);
  put32 (len);
  put32 ((uint32_t) i);
  put32 ((uint32_t) (ts >> 32));
  put32 ((uint32_t) ts);
  put32 (caplen);
  put32 (h->len);
  out_put (bytes, caplen);
  put_pad (caplen);
  put32 (len);
  ifc->n_delivered++;
  n_written++;
}

/* ---- Interface list (-D) ---- */

/* Writes s with tab, newline, carriage return and backslash escaped, so that a field never
 * breaks the line format. */
static void
print_escaped (const char *s)
{
  for (; s && *s; s++)
    switch (*s)
      {
      case '\t': fputs ("\\t", stdout); break;
      case '\n': fputs ("\\n", stdout); break;
      case '\r': fputs ("\\r", stdout); break;
      case '\\': fputs ("\\\\", stdout); break;
      default: fputc (*s, stdout); break;
      }
}

static int
prefix_len (const struct sockaddr *mask)
{
  const unsigned char *p;
  size_t n;
  if (!mask)
    return -1;
  if (mask->sa_family == AF_INET)
    {
      p = (const unsigned char *) &((const struct sockaddr_in *) mask)->sin_addr;
      n = 4;
    }
  else if (mask->sa_family == AF_INET6)
    {
      p = (const unsigned char *) &((const struct sockaddr_in6 *) mask)->sin6_addr;
      n = 16;
    }
  else
    return -1;
  int bits = 0;
  for (size_t i = 0; i < n; i++)
    for (int b = 7; b >= 0; b--)
      if (p[i] & (1u << b))
        bits++;
  return bits;
}

/* The machine-readable list that wirelens' capture source parses (see capture-source.c):
 *   a first line "wirelens-capture-interfaces 1", then one line per interface with four
 *   tab-separated fields: name, flags (comma-separated: up, running, loopback, wireless,
 *   connected, disconnected), description, addresses (comma-separated "inet:A/P",
 *   "inet6:A/P", "ether:MAC"). Fields are escaped with \t \n \r \\. */
static int
list_interfaces (void)
{
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *all = NULL;
  if (pcap_findalldevs (&all, err) != 0)
    die (EXIT_FAILED, _("Can't list the interfaces: %s."), err);
  printf ("wirelens-capture-interfaces 1\n");
  for (pcap_if_t *d = all; d; d = d->next)
    {
      print_escaped (d->name);
      fputc ('\t', stdout);
      const char *sep = "";
      struct { unsigned flag; const char *name; } names[] = {
        { PCAP_IF_UP, "up" }, { PCAP_IF_RUNNING, "running" }, { PCAP_IF_LOOPBACK, "loopback" },
        { PCAP_IF_WIRELESS, "wireless" },
      };
      for (size_t k = 0; k < sizeof names / sizeof names[0]; k++)
        if (d->flags & names[k].flag)
          {
            printf ("%s%s", sep, names[k].name);
            sep = ",";
          }
      unsigned status = d->flags & PCAP_IF_CONNECTION_STATUS;
      if (status == PCAP_IF_CONNECTION_STATUS_CONNECTED)
        printf ("%sconnected", sep);
      else if (status == PCAP_IF_CONNECTION_STATUS_DISCONNECTED)
        printf ("%sdisconnected", sep);
      fputc ('\t', stdout);
      print_escaped (d->description);
      fputc ('\t', stdout);
      sep = "";
      for (pcap_addr_t *a = d->addresses; a; a = a->next)
        {
          char buf[INET6_ADDRSTRLEN] = "";
          if (!a->addr)
            continue;
          if (a->addr->sa_family == AF_INET)
            {
              inet_ntop (AF_INET, &((struct sockaddr_in *) a->addr)->sin_addr, buf, sizeof buf);
              printf ("%sinet:%s/%d", sep, buf, prefix_len (a->netmask) < 0 ? 32 : prefix_len (a->netmask));
            }
          else if (a->addr->sa_family == AF_INET6)
            {
              inet_ntop (AF_INET6, &((struct sockaddr_in6 *) a->addr)->sin6_addr, buf, sizeof buf);
              printf ("%sinet6:%s/%d", sep, buf, prefix_len (a->netmask) < 0 ? 128 : prefix_len (a->netmask));
            }
#ifdef __linux__
          else if (a->addr->sa_family == AF_PACKET)
            {
              const struct sockaddr_ll *ll = (const struct sockaddr_ll *) a->addr;
              if (ll->sll_halen != 6)
                continue;
              printf ("%sether:%02x:%02x:%02x:%02x:%02x:%02x", sep, ll->sll_addr[0], ll->sll_addr[1],
                      ll->sll_addr[2], ll->sll_addr[3], ll->sll_addr[4], ll->sll_addr[5]);
            }
#endif
          else
            continue;
          sep = ",";
        }
      fputc ('\n', stdout);
    }
  pcap_freealldevs (all);
  return fflush (stdout) == 0 ? EXIT_OK : EXIT_FAILED;
}

/* ---- Privileges ---- */

static const char *
self_path (void)
{
  static char path[PATH_MAX];
  ssize_t n = readlink ("/proc/self/exe", path, sizeof path - 1);
  if (n <= 0)
    return "wirelens-capture";
  path[n] = 0;
  return path;
}

static void
die_permission (const char *device, const char *detail)
{
  const char *self = self_path ();
  fprintf (stderr,
           _("wirelens-capture: You don't have permission to capture on \"%s\" (%s).\n"
             "Give the capture helper the two capabilities it needs, once, as root:\n"
             "    sudo setcap cap_net_raw,cap_net_admin=eip %s\n"
             "or add yourself to the wirelens group that may run it (see \"Capture privileges\" "
             "in Wirelens' README: doc/capture.md), then log in again.\n"),
           device, detail && *detail ? detail : _("permission denied"), self);
  exit (EXIT_PERMISSION);
}

/* Gives up every privilege: a setuid-root helper becomes the user who ran it, and the
 * capability sets (file capabilities, or root's) are emptied. Whatever goes wrong here is
 * fatal: capturing on with privileges we meant to drop is not an option. */
static void
drop_privileges (void)
{
  uid_t ruid = getuid ();
  gid_t rgid = getgid ();
  if (getegid () != rgid && setresgid (rgid, rgid, rgid) != 0)
    die (EXIT_FAILED, _("Can't give up the group privileges: %s."), strerror (errno));
  if (geteuid () != ruid && setresuid (ruid, ruid, ruid) != 0)
    die (EXIT_FAILED, _("Can't give up the user privileges: %s."), strerror (errno));
#ifdef PR_CAP_AMBIENT
  prctl (PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0); /* fails harmlessly on old kernels */
#endif
  struct __user_cap_header_struct hdr = { _LINUX_CAPABILITY_VERSION_3, 0 };
  struct __user_cap_data_struct data[2];
  memset (data, 0, sizeof data);
  if (syscall (SYS_capset, &hdr, data) != 0)
    die (EXIT_FAILED, _("Can't give up the capture capabilities: %s."), strerror (errno));
  if (prctl (PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
    die (EXIT_FAILED, _("Can't forbid regaining privileges: %s."), strerror (errno));
  /* Check that it took. */
  memset (data, 0, sizeof data);
  if (syscall (SYS_capget, &hdr, data) != 0 || data[0].permitted || data[0].effective || data[1].permitted
      || data[1].effective || (ruid != 0 && (geteuid () == 0 || getuid () == 0)))
    die (EXIT_FAILED, "%s", _("Privileges are still held after giving them up; refusing to go on."));
}

/* ---- Capture ---- */

/* Reports that interface name can't be used: fatal while capturing, a warning (and false)
 * while only counting (-S), where the other interfaces go on. */
static bool
open_failed (bool fatal, pcap_t *pc, const char *fmt, ...)
{
  va_list ap;
  fputs ("wirelens-capture: ", stderr);
  va_start (ap, fmt);
  vfprintf (stderr, fmt, ap);
  va_end (ap);
  fputc ('\n', stderr);
  if (fatal)
    exit (EXIT_FAILED);
  if (pc)
    pcap_close (pc);
  return false;
}

/* Opens opt.ifaces[i] into ifaces[i]. Without permission it always stops, with the message
 * that says what to do. */
static bool
open_interface (int i, bool fatal)
{
  char err[PCAP_ERRBUF_SIZE] = "";
  Iface *ifc = &ifaces[i];
  ifc->name = opt.ifaces[i];
  ifc->pc = pcap_create (ifc->name, err);
  if (!ifc->pc)
    return open_failed (fatal, NULL, _("Can't capture on \"%s\": %s."), ifc->name, err);
  pcap_set_snaplen (ifc->pc, opt.snaplen);
  pcap_set_promisc (ifc->pc, !opt.no_promisc);
  pcap_set_timeout (ifc->pc, BLOCK_TIMEOUT_MS);
  if (opt.immediate)
    pcap_set_immediate_mode (ifc->pc, 1);
  if (opt.buffer_mib > 0)
    pcap_set_buffer_size (ifc->pc, opt.buffer_mib * 1024 * 1024);
  ifc->tsresol = pcap_set_tstamp_precision (ifc->pc, PCAP_TSTAMP_PRECISION_NANO) == 0 ? 9 : 6;
  int rc = pcap_activate (ifc->pc);
  if (rc == PCAP_ERROR_PERM_DENIED || rc == PCAP_ERROR_PROMISC_PERM_DENIED)
    die_permission (ifc->name, pcap_geterr (ifc->pc));
  if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
    return open_failed (fatal, ifc->pc, _("There is no interface \"%s\" (%s). \"wirelens-cli -D\" lists the interfaces."),
                        ifc->name, pcap_geterr (ifc->pc));
  if (rc == PCAP_ERROR_IFACE_NOT_UP)
    return open_failed (fatal, ifc->pc, _("The interface \"%s\" is down. Bring it up (\"ip link set %s up\") and try again."),
                        ifc->name, ifc->name);
  if (rc < 0)
    return open_failed (fatal, ifc->pc, _("Can't capture on \"%s\": %s."), ifc->name,
                        *pcap_geterr (ifc->pc) ? pcap_geterr (ifc->pc) : pcap_statustostr (rc));
  if (rc == PCAP_WARNING_PROMISC_NOTSUP)
    fprintf (stderr, _("wirelens-capture: \"%s\" doesn't support promiscuous mode; capturing without it.\n"), ifc->name);
  if (pcap_get_tstamp_precision (ifc->pc) != PCAP_TSTAMP_PRECISION_NANO)
    ifc->tsresol = 6;
  /* pcapng wants LINKTYPE_ values; they equal the DLT_ ones but for raw IP, whose DLT_RAW
   * differs between systems. */
  ifc->link_type = pcap_datalink (ifc->pc);
  if (ifc->link_type == DLT_RAW)
    ifc->link_type = 101; /* LINKTYPE_RAW */
  if (opt.filter)
    {
      struct bpf_program prog;
      bpf_u_int32 net = 0, mask = PCAP_NETMASK_UNKNOWN;
      if (pcap_lookupnet (ifc->name, &net, &mask, err) != 0)
        mask = PCAP_NETMASK_UNKNOWN;
      if (pcap_compile (ifc->pc, &prog, opt.filter, 1, mask) != 0)
        {
          fprintf (stderr,
                   _("wirelens-capture: Invalid capture filter \"%s\" for interface \"%s\".\n\n"
                     "That string isn't a valid capture filter (%s).\n"
                     "See the pcap-filter(7) manual page for the capture filter syntax.\n"),
                   opt.filter, ifc->name, pcap_geterr (ifc->pc));
          exit (EXIT_USAGE);
        }
      if (pcap_setfilter (ifc->pc, &prog) != 0)
        return open_failed (fatal, ifc->pc, _("Can't set the capture filter on \"%s\": %s."), ifc->name, pcap_geterr (ifc->pc));
      pcap_freecode (&prog);
    }
  if (pcap_setnonblock (ifc->pc, 1, err) != 0)
    return open_failed (fatal, ifc->pc, _("Can't capture on \"%s\": %s."), ifc->name, err);
  ifc->fd = pcap_get_selectable_fd (ifc->pc);
  if (ifc->fd < 0)
    return open_failed (fatal, ifc->pc, _("Can't capture on \"%s\": it can't be waited on."), ifc->name);
  return true;
}

static int
open_output (void)
{
  if (!opt.write_file || strcmp (opt.write_file, "-") == 0)
    return STDOUT_FILENO;
  int fd = open (opt.write_file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    die (EXIT_FAILED, _("The file \"%s\" could not be created: %s."), opt.write_file, strerror (errno));
  return fd;
}

static void
on_signal (int sig)
{
  stop_signal = sig;
}

/* Signals stop the loop; they are blocked but inside ppoll (which gets *during_poll), so none
 * is missed between a check and the wait. */
static void
setup_signals (sigset_t *during_poll)
{
  sigset_t block;
  sigemptyset (&block);
  sigaddset (&block, SIGINT);
  sigaddset (&block, SIGTERM);
  sigaddset (&block, SIGHUP);
  sigprocmask (SIG_BLOCK, &block, during_poll);
  sigdelset (during_poll, SIGINT);
  sigdelset (during_poll, SIGTERM);
  sigdelset (during_poll, SIGHUP);
  struct sigaction sa;
  memset (&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigaction (SIGINT, &sa, NULL);
  sigaction (SIGTERM, &sa, NULL);
  sigaction (SIGHUP, &sa, NULL);
  signal (SIGPIPE, SIG_IGN); /* a closed pipe shows up as EPIPE from write() */
}

/* Reads what each ready interface has; returns false when the capture must stop. */
static bool
dispatch (const struct pollfd *pfds, bool all)
{
  for (int i = 0; i < opt.n_ifaces; i++)
    {
      Iface *ifc = &ifaces[i];
      if (ifc->failed || (!all && !(pfds[i].revents & (POLLIN | POLLERR | POLLHUP))))
        continue;
      int cnt = -1;
      if (opt.max_packets > 0)
        {
          if ((int64_t) n_written >= opt.max_packets)
            return false;
          cnt = (int) ((opt.max_packets - (int64_t) n_written) < INT_MAX ? opt.max_packets - (int64_t) n_written : INT_MAX);
        }
      int r = pcap_dispatch (ifc->pc, cnt, on_packet, (u_char *) (intptr_t) i);
      if (r == PCAP_ERROR)
        {
          fprintf (stderr, _("wirelens-capture: The capture on \"%s\" stopped: %s.\n"), ifc->name, pcap_geterr (ifc->pc));
          ifc->failed = true;
          return false;
        }
      if (out.failed)
        return false;
    }
  return !(opt.max_packets > 0 && (int64_t) n_written >= opt.max_packets);
}

static int
capture (void)
{
  int64_t start_real = now_ns (CLOCK_REALTIME);
  int64_t start = now_ns (CLOCK_MONOTONIC);
  int out_fd = -1;
  /* Root chose where to write: open it with root's rights. Anyone else opens the file only
   * once every privilege is gone, so the helper can't be used to write where they can't. */
  if (getuid () == 0)
    out_fd = open_output ();
  for (int i = 0; i < opt.n_ifaces; i++)
    open_interface (i, true);
  drop_privileges ();
  if (out_fd < 0)
    out_fd = open_output ();

  struct stat st;
  out.fd = out_fd;
  out.is_pipe = fstat (out_fd, &st) == 0 && (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode));
  out.buf = malloc (OUT_BUF_SIZE);
  if (!out.buf)
    die (EXIT_FAILED, "%s", strerror (ENOMEM));
#ifdef F_SETPIPE_SZ
  if (out.is_pipe)
    fcntl (out_fd, F_SETPIPE_SZ, 1 << 20); /* fewer wake-ups at high rates; best effort */
#endif

  sigset_t during_poll;
  setup_signals (&during_poll);

  write_shb ();
  for (int i = 0; i < opt.n_ifaces; i++)
    write_idb (&ifaces[i]);
  /* A first statistics block ends the header: readers know every interface is described. */
  for (int i = 0; i < opt.n_ifaces; i++)
    write_isb (i, start_real, 0);
  out_flush ();

  struct pollfd pfds[MAX_IFACES + 1];
  for (int i = 0; i < opt.n_ifaces; i++)
    pfds[i] = (struct pollfd) { .fd = ifaces[i].fd, .events = POLLIN };
  /* With events 0, a pipe whose reader went away still reports POLLERR: the helper stops
   * within a poll round even when no packet arrives. */
  pfds[opt.n_ifaces] = (struct pollfd) { .fd = out_fd, .events = 0 };
  int n_pfds = opt.n_ifaces + (out.is_pipe ? 1 : 0);

  int64_t next_stats = start + STATS_INTERVAL_NS;
  int64_t deadline = opt.duration_s > 0 ? start + opt.duration_s * 1000000000LL : INT64_MAX;
  int rc = EXIT_OK;
  bool running = !out.failed;
  while (running && !stop_signal)
    {
      int64_t now = now_ns (CLOCK_MONOTONIC);
      int64_t wait = next_stats - now;
      if (deadline - now < wait)
        wait = deadline - now;
      for (int i = 0; i < opt.n_ifaces; i++)
        {
          const struct timeval *tv = pcap_get_required_select_timeout (ifaces[i].pc);
          if (tv && (int64_t) tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL < wait)
            wait = (int64_t) tv->tv_sec * 1000000000LL + tv->tv_usec * 1000LL;
        }
      if (wait < 0)
        wait = 0;
      struct timespec ts = { (time_t) (wait / 1000000000LL), (long) (wait % 1000000000LL) };
      int n = ppoll (pfds, (nfds_t) n_pfds, &ts, &during_poll);
      if (n < 0 && errno != EINTR)
        {
          fprintf (stderr, "wirelens-capture: poll: %s\n", strerror (errno));
          rc = EXIT_FAILED;
          break;
        }
      if (n < 0)
        continue;
      if (out.is_pipe && (pfds[opt.n_ifaces].revents & (POLLERR | POLLHUP | POLLNVAL)))
        {
          out.failed = true; /* the reader is gone: nothing more can be delivered */
          out.saved_errno = EPIPE;
          break;
        }
      running = dispatch (pfds, n == 0);
      for (int i = 0; i < opt.n_ifaces; i++)
        if (ifaces[i].failed)
          rc = EXIT_FAILED;
      now = now_ns (CLOCK_MONOTONIC);
      if (now >= next_stats)
        {
          for (int i = 0; i < opt.n_ifaces; i++)
            write_isb (i, 0, 0);
          next_stats += STATS_INTERVAL_NS;
          if (next_stats <= now)
            next_stats = now + STATS_INTERVAL_NS;
        }
      if (now >= deadline)
        running = false;
      out_flush ();
    }

  if (!out.failed)
    {
      /* Packets libpcap already holds go out before the end; then the final statistics. */
      if (!(opt.max_packets > 0 && (int64_t) n_written >= opt.max_packets))
        dispatch (pfds, true);
      int64_t end_real = now_ns (CLOCK_REALTIME);
      for (int i = 0; i < opt.n_ifaces; i++)
        write_isb (i, start_real, end_real);
      out_flush ();
    }
  if (out.failed && !(out.is_pipe && (out.saved_errno == EPIPE)))
    {
      fprintf (stderr, _("wirelens-capture: Writing the capture failed: %s.\n"), strerror (out.saved_errno));
      rc = EXIT_FAILED;
    }
  if (out_fd != STDOUT_FILENO && close (out_fd) != 0 && rc == EXIT_OK)
    {
      fprintf (stderr, _("wirelens-capture: Writing the capture failed: %s.\n"), strerror (errno));
      rc = EXIT_FAILED;
    }
  for (int i = 0; i < opt.n_ifaces; i++)
    pcap_close (ifaces[i].pc);
  free (out.buf);
  return rc;
}

/* ---- Counting only (-S) ---- */

static void
on_packet_count (u_char *user, const struct pcap_pkthdr *h, const u_char *bytes)
{
  ifaces[(intptr_t) user].n_delivered++;
}

/* -S: counts the packets of each interface without keeping them, for the window's rate graphs
 * before a capture starts. It prints "wirelens-capture-stats 1", then every second one line
 * per interface (name, packets seen, packets dropped by the kernel and the interface; tab-
 * separated, the name escaped as with -D) and an empty line. Without -i it counts on every
 * interface that is up, but "any". It stops on SIGINT, SIGTERM, SIGHUP or when its reader
 * goes away. */
static int
count_packets (void)
{
  char err[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *all = NULL;
  if (opt.n_ifaces == 0)
    {
      if (pcap_findalldevs (&all, err) != 0)
        die (EXIT_FAILED, _("Can't list the interfaces: %s."), err);
      for (pcap_if_t *d = all; d && opt.n_ifaces < MAX_IFACES; d = d->next)
        if ((d->flags & PCAP_IF_UP) && strcmp (d->name, "any") != 0)
          opt.ifaces[opt.n_ifaces++] = d->name;
    }
  opt.snaplen = 64;       /* the bytes are thrown away */
  opt.no_promisc = true;  /* looking at rates must not change how the interface works */
  int n_open = 0;
  for (int i = 0; i < opt.n_ifaces; i++)
    {
      ifaces[i].failed = !open_interface (i, false);
      n_open += !ifaces[i].failed;
    }
  drop_privileges ();
  if (n_open == 0)
    die (EXIT_FAILED, "%s", _("None of the interfaces could be opened."));

  sigset_t during_poll;
  setup_signals (&during_poll);
  struct stat st;
  bool is_pipe = fstat (STDOUT_FILENO, &st) == 0 && (S_ISFIFO (st.st_mode) || S_ISSOCK (st.st_mode));
  struct pollfd pfds[MAX_IFACES + 1];
  int map[MAX_IFACES], n_pfds = 0;
  for (int i = 0; i < opt.n_ifaces; i++)
    if (!ifaces[i].failed)
      {
        map[n_pfds] = i;
        pfds[n_pfds++] = (struct pollfd) { .fd = ifaces[i].fd, .events = POLLIN };
      }
  int n_ifds = n_pfds;
  if (is_pipe)
    pfds[n_pfds++] = (struct pollfd) { .fd = STDOUT_FILENO, .events = 0 };

  printf ("wirelens-capture-stats 1\n");
  bool ok = fflush (stdout) == 0;
  int64_t next = now_ns (CLOCK_MONOTONIC) + STATS_INTERVAL_NS;
  while (ok && !stop_signal)
    {
      int64_t wait = next - now_ns (CLOCK_MONOTONIC);
      if (wait > BLOCK_TIMEOUT_MS * 1000000LL)
        wait = BLOCK_TIMEOUT_MS * 1000000LL;
      if (wait < 0)
        wait = 0;
      struct timespec ts = { (time_t) (wait / 1000000000LL), (long) (wait % 1000000000LL) };
      int n = ppoll (pfds, (nfds_t) n_pfds, &ts, &during_poll);
      if (n < 0 && errno != EINTR)
        break;
      if (n < 0)
        continue;
      if (is_pipe && (pfds[n_ifds].revents & (POLLERR | POLLHUP | POLLNVAL)))
        break;
      for (int k = 0; k < n_ifds; k++)
        {
          Iface *ifc = &ifaces[map[k]];
          if (!ifc->failed && pcap_dispatch (ifc->pc, -1, on_packet_count, (u_char *) (intptr_t) map[k]) == PCAP_ERROR)
            ifc->failed = true; /* it went away: its count stays where it was */
        }
      if (now_ns (CLOCK_MONOTONIC) < next)
        continue;
      for (int k = 0; k < n_ifds; k++)
        {
          Iface *ifc = &ifaces[map[k]];
          struct pcap_stat ps;
          uint64_t dropped = !ifc->failed && pcap_stats (ifc->pc, &ps) == 0 ? (uint64_t) ps.ps_drop + ps.ps_ifdrop : 0;
          print_escaped (ifc->name);
          printf ("\t%" PRIu64 "\t%" PRIu64 "\n", ifc->n_delivered, dropped);
        }
      fputc ('\n', stdout);
      ok = fflush (stdout) == 0; /* EPIPE: the reader is gone */
      next += STATS_INTERVAL_NS;
    }
  for (int k = 0; k < n_ifds; k++)
    pcap_close (ifaces[map[k]].pc);
  if (all)
    pcap_freealldevs (all);
  return EXIT_OK;
}

/* --check-filter: compiles the filter for a link type without opening any device, so the
 * window can validate its capture-filter entry as the user types, with no privilege. */
static int
check_filter (void)
{
  pcap_t *pc = pcap_open_dead (opt.link_type, opt.snaplen);
  struct bpf_program prog;
  if (!pc)
    die (EXIT_FAILED, "%s", strerror (ENOMEM));
  if (pcap_compile (pc, &prog, opt.filter ? opt.filter : "", 1, PCAP_NETMASK_UNKNOWN) != 0)
    {
      fprintf (stderr, "%s\n", pcap_geterr (pc));
      pcap_close (pc);
      return EXIT_USAGE;
    }
  pcap_freecode (&prog);
  pcap_close (pc);
  return EXIT_OK;
}

static void
usage (FILE *f)
{
  fprintf (f, "%s",
           _("Usage: wirelens-capture -D\n"
             "       wirelens-capture -S [-i IFACE]... [-f FILTER]\n"
             "       wirelens-capture -i IFACE [-i IFACE]... [options]\n"
             "       wirelens-capture --check-filter -f FILTER [-y LINKTYPE]\n"
             "\n"
             "Captures packets with libpcap and writes them as pcapng.\n"
             "  -D                 list the interfaces (a line format for Wirelens to read)\n"
             "  -S                 only count packets per interface, every second\n"
             "  -i IFACE           capture on IFACE (repeatable)\n"
             "  -f FILTER          capture filter in libpcap's syntax\n"
             "  -s SNAPLEN         bytes to keep of each packet (default 262144)\n"
             "  -p                 don't put the interface in promiscuous mode\n"
             "  -I                 hand each packet over at once, not every 100 ms\n"
             "  -B MIB             kernel buffer size in MiB (default 4)\n"
             "  -c N               stop after N packets\n"
             "  -a duration:S      stop after S seconds\n"
             "  -w FILE|-          write to FILE (default: standard output)\n"
             "  -y LINKTYPE        link type for --check-filter (default 1, Ethernet)\n"
             "  --check-filter     only check that -f compiles\n"
             "  -h, --help         show this help\n"
             "  -v, --version      show the version\n"));
}

/* The argument of the option argv[*i]: the next word, which must be there. */
static const char *
option_arg (int argc, char **argv, int *i)
{
  if (*i + 1 >= argc)
    die (EXIT_USAGE, _("option %s needs an argument"), argv[*i]);
  return argv[++*i];
}

static int64_t
parse_number (const char *s, const char *what, int64_t min, int64_t max)
{
  char *end = NULL;
  errno = 0;
  long long v = strtoll (s, &end, 10);
  if (errno || !end || end == s || *end || v < min || v > max)
    die (EXIT_USAGE, _("Invalid %s \"%s\"."), what, s);
  return v;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *arg;
      if (strcmp (a, "--check-filter") == 0)
        {
          opt.check_filter = true;
          continue;
        }
      if (strcmp (a, "-h") == 0 || strcmp (a, "--help") == 0)
        {
          usage (stdout);
          return EXIT_OK;
        }
      if (strcmp (a, "-v") == 0 || strcmp (a, "--version") == 0)
        {
          printf ("wirelens-capture %s (%s)\n", PACKAGE_VERSION, pcap_lib_version ());
          return EXIT_OK;
        }
      if (a[0] != '-' || a[1] == 0 || a[2] != 0)
        {
          fprintf (stderr, _("wirelens-capture: unexpected argument \"%s\"\n"), a);
          usage (stderr);
          return EXIT_USAGE;
        }
      switch (a[1])
        {
        case 'D': opt.list = true; break;
        case 'S': opt.count_only = true; break;
        case 'i':
          arg = option_arg (argc, argv, &i);
          if (opt.n_ifaces == MAX_IFACES)
            die (EXIT_USAGE, _("at most %d interfaces at once"), MAX_IFACES);
          opt.ifaces[opt.n_ifaces++] = arg;
          break;
        case 'f': opt.filter = option_arg (argc, argv, &i); break;
        case 's':
          arg = option_arg (argc, argv, &i);
          opt.snaplen = (int) parse_number (arg, _("snapshot length"), 1, DEFAULT_SNAPLEN);
          break;
        case 'p': opt.no_promisc = true; break;
        case 'I': opt.immediate = true; break;
        case 'B':
          arg = option_arg (argc, argv, &i);
          opt.buffer_mib = (int) parse_number (arg, _("buffer size"), 1, 4096);
          break;
        case 'c':
          arg = option_arg (argc, argv, &i);
          opt.max_packets = parse_number (arg, _("packet count"), 1, INT64_MAX);
          break;
        case 'a':
          arg = option_arg (argc, argv, &i);
          if (strncmp (arg, "duration:", 9) != 0)
            die (EXIT_USAGE, _("Invalid or unknown -a flag \"%s\" (only duration:S)."), arg);
          opt.duration_s = parse_number (arg + 9, _("duration"), 1, INT32_MAX);
          break;
        case 'w': opt.write_file = option_arg (argc, argv, &i); break;
        case 'y':
          arg = option_arg (argc, argv, &i);
          opt.link_type = (int) parse_number (arg, _("link type"), 0, 65535);
          break;
        default:
          fprintf (stderr, _("wirelens-capture: invalid option %s\n"), a);
          usage (stderr);
          return EXIT_USAGE;
        }
    }
  /* Listing and checking need no privilege: give it up first. */
  if (opt.check_filter || opt.list)
    drop_privileges ();
  if (opt.check_filter)
    return check_filter ();
  if (opt.list)
    return list_interfaces ();
  if (opt.count_only)
    return count_packets ();
  if (opt.n_ifaces == 0)
    {
      usage (stderr);
      return EXIT_USAGE;
    }
  return capture ();
}
