/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Mapped capture files that another program may truncate (see mapped-file.h).
 *
 * Every live mapping has a slot in a fixed table that the SIGBUS handler scans without locks:
 * a slot is filled before its start address is published, and its start is cleared before the
 * mapping goes away, so the handler only ever sees whole, live slots. Only async-signal-safe
 * work happens in the handler: a table scan, one mmap() and atomic stores. */
#include <inttypes.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include "frame-store.h"
#include "mapped-file.h"

#define N_SLOTS 256

typedef struct {
  guintptr start;     /* 0: free; set last (atomically) when the slot is in use */
  gsize length;       /* bytes mapped, a whole number of pages */
  guint64 lost_from;  /* offset of the first page replaced by zeros; G_MAXUINT64: none */
} Slot;

struct WlMappedFile {
  char *path;
  int fd;
  guint8 *base;       /* NULL for an empty file */
  gsize size;         /* of the file when mapped */
  gsize map_length;
  guint64 seen_size;  /* the size wl_mapped_file_check() last found */
  Slot *slot;
};

static Slot slots[N_SLOTS];
static GMutex slots_lock;
static struct sigaction previous_action;
static gsize page_size;

/* Hands a SIGBUS that is not ours to whoever handled it before (ASan, or the default action,
 * which then ends the process with a core dump as it would have without us). */
static void
chain_sigbus (int sig, siginfo_t *info, void *context)
{
  if ((previous_action.sa_flags & SA_SIGINFO) && previous_action.sa_sigaction)
    {
      previous_action.sa_sigaction (sig, info, context);
      return;
    }
  if (previous_action.sa_handler != SIG_DFL && previous_action.sa_handler != SIG_IGN)
    {
      previous_action.sa_handler (sig);
      return;
    }
  /* Returning re-runs the faulting access, which now meets the default action. */
  signal (SIGBUS, SIG_DFL);
}

static void
on_sigbus (int sig, siginfo_t *info, void *context)
{
  guintptr addr = (guintptr) info->si_addr;
  if (info->si_code == BUS_ADRERR)
    for (guint i = 0; i < N_SLOTS; i++)
      {
        Slot *s = &slots[i];
        guintptr start = __atomic_load_n (&s->start, __ATOMIC_ACQUIRE);
        if (start == 0 || addr < start || addr - start >= s->length)
          continue;
        /* Everything from the faulting page to the end of the mapping reads as zeros from now
         * on: the file ends before it. */
        guintptr page = addr & ~(guintptr) (page_size - 1);
        void *z = mmap ((void *) page, start + s->length - page, PROT_READ,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
        if (z == MAP_FAILED)
          break;
        guint64 off = page - start;
        guint64 old = __atomic_load_n (&s->lost_from, __ATOMIC_RELAXED);
        while (off < old && !__atomic_compare_exchange_n (&s->lost_from, &old, off, FALSE,
                                                          __ATOMIC_RELEASE, __ATOMIC_RELAXED))
          ;
        return;
      }
  chain_sigbus (sig, info, context);
}

static void
install_handler (void)
{
  static gsize done;
  if (g_once_init_enter (&done))
    {
      page_size = (gsize) sysconf (_SC_PAGESIZE);
      struct sigaction sa;
      memset (&sa, 0, sizeof sa);
      sa.sa_sigaction = on_sigbus;
      sa.sa_flags = SA_SIGINFO;
      sigemptyset (&sa.sa_mask);
      sigaction (SIGBUS, &sa, &previous_action);
      g_once_init_leave (&done, 1);
    }
}

static Slot *
slot_take (guintptr start, gsize length)
{
  Slot *found = NULL;
  g_mutex_lock (&slots_lock);
  for (guint i = 0; i < N_SLOTS && !found; i++)
    if (__atomic_load_n (&slots[i].start, __ATOMIC_RELAXED) == 0 && slots[i].length == 0)
      {
        found = &slots[i];
        found->length = length;
        found->lost_from = G_MAXUINT64;
        __atomic_store_n (&found->start, start, __ATOMIC_RELEASE);
      }
  g_mutex_unlock (&slots_lock);
  return found;
}

static void
slot_release (Slot *s)
{
  g_mutex_lock (&slots_lock);
  __atomic_store_n (&s->start, 0, __ATOMIC_RELEASE);
  s->length = 0;
  g_mutex_unlock (&slots_lock);
}

WlMappedFile *
wl_mapped_file_open (const char *path, GError **error)
{
  install_handler ();
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  struct stat st;
  if (fd < 0 || fstat (fd, &st) != 0)
    {
      int e = errno;
      if (fd >= 0)
        close (fd);
      g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The file \"%s\" could not be opened: %s."),
                   path, g_strerror (e));
      return NULL;
    }
  if (!S_ISREG (st.st_mode) || (guint64) st.st_size > G_MAXSIZE)
    {
      close (fd);
      g_set_error (error, WL_ERROR, WL_ERROR_IO,
                   _("The file \"%s\" could not be opened: it is not a regular file."), path);
      return NULL;
    }
  WlMappedFile *m = g_new0 (WlMappedFile, 1);
  m->path = g_strdup (path);
  m->fd = fd;
  m->size = (gsize) st.st_size;
  m->seen_size = m->size;
  if (m->size > 0)
    {
      m->map_length = (m->size + page_size - 1) & ~(page_size - 1);
      void *p = mmap (NULL, m->map_length, PROT_READ, MAP_PRIVATE, fd, 0);
      if (p == MAP_FAILED)
        {
          int e = errno;
          g_set_error (error, WL_ERROR, WL_ERROR_IO, _("The file \"%s\" could not be mapped: %s."),
                       path, g_strerror (e));
          m->map_length = 0;
          wl_mapped_file_free (m);
          return NULL;
        }
      m->base = p;
      m->slot = slot_take ((guintptr) p, m->map_length);
      if (!m->slot)
        {
          g_set_error (error, WL_ERROR, WL_ERROR_IO,
                       _("The file \"%s\" could not be opened: too many files are open (%d)."),
                       path, N_SLOTS);
          wl_mapped_file_free (m);
          return NULL;
        }
    }
  return m;
}

void
wl_mapped_file_free (WlMappedFile *m)
{
  if (!m)
    return;
  if (m->slot)
    slot_release (m->slot);
  if (m->base)
    munmap (m->base, m->map_length);
  if (m->fd >= 0)
    close (m->fd);
  g_free (m->path);
  g_free (m);
}

const guint8 *
wl_mapped_file_data (const WlMappedFile *m)
{
  static const guint8 empty[1];
  return m->base ? m->base : empty;
}

gsize
wl_mapped_file_size (const WlMappedFile *m)
{
  return m->size;
}

guint64
wl_mapped_file_valid_until (const WlMappedFile *m)
{
  guint64 lost = m->slot ? __atomic_load_n (&m->slot->lost_from, __ATOMIC_ACQUIRE) : G_MAXUINT64;
  guint64 seen = __atomic_load_n (&m->seen_size, __ATOMIC_RELAXED);
  if (seen < m->size)
    lost = MIN (lost, seen);
  return lost;
}

gboolean
wl_mapped_file_check (WlMappedFile *m, GError **error)
{
  struct stat st;
  if (fstat (m->fd, &st) == 0 && (guint64) st.st_size < __atomic_load_n (&m->seen_size, __ATOMIC_RELAXED))
    __atomic_store_n (&m->seen_size, (guint64) st.st_size, __ATOMIC_RELAXED);
  guint64 valid = wl_mapped_file_valid_until (m);
  if (valid >= m->size)
    return TRUE;
  g_set_error (error, WL_ERROR, WL_ERROR_DAMAGED,
               _("The file \"%s\" was cut short by another program while Wirelens was reading it: "
                 "its bytes from offset %" PRIu64 " on (of %zu) are gone. "
                 "The packets before them are intact; open the file again to see what it holds now."),
               m->path, valid, m->size);
  return FALSE;
}
