/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the capture helper tells about interfaces (see capture-source.h): where the helper
 * is, the interface list, capture-filter checks, and per-interface packet counts before a
 * capture starts. */
#include <errno.h>
#include <signal.h>
#include <unistd.h>
#include <glib-unix.h>
#include <string.h>
#include <sys/wait.h>
#include <glib/gi18n.h>
#include "capture-private.h"

G_DEFINE_QUARK (wl-capture-error-quark, wl_capture_error)

void
wl_capture_interface_free (WlCaptureInterface *iface)
{
  if (!iface)
    return;
  g_free (iface->name);
  g_free (iface->description);
  g_strfreev (iface->addresses);
  g_free (iface);
}

char *
wl_capture_find_helper (GError **error)
{
  const char *env = g_getenv ("WIRELENS_CAPTURE");
  if (env && *env)
    return g_strdup (env);
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  if (exe)
    {
      g_autofree char *dir = g_path_get_dirname (exe);
      /* Installed: beside the program. Build tree: src/cli, src/gui and tests are siblings
       * of src/capture-helper's parents. */
      const char *const rel[] = {
        WL_CAPTURE_HELPER_NAME,
        "../capture-helper/" WL_CAPTURE_HELPER_NAME,
        "../src/capture-helper/" WL_CAPTURE_HELPER_NAME,
        "../../src/capture-helper/" WL_CAPTURE_HELPER_NAME,
      };
      for (gsize i = 0; i < G_N_ELEMENTS (rel); i++)
        {
          g_autofree char *path = g_build_filename (dir, rel[i], NULL);
          if (g_file_test (path, G_FILE_TEST_IS_EXECUTABLE) && !g_file_test (path, G_FILE_TEST_IS_DIR))
            return g_canonicalize_filename (path, NULL);
        }
    }
  char *in_path = g_find_program_in_path (WL_CAPTURE_HELPER_NAME);
  if (in_path)
    return in_path;
  g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
               _("The capture helper %s was not found beside %s nor in PATH. Install Wirelens "
                 "with it (meson option capture_helper=true), or set WIRELENS_CAPTURE to its path."),
               WL_CAPTURE_HELPER_NAME, exe ? exe : "wirelens");
  return NULL;
}

char *
wl_capture_helper_message (const char *text)
{
  if (!text)
    return g_strdup ("");
  if (g_str_has_prefix (text, WL_CAPTURE_HELPER_NAME ": "))
    text += strlen (WL_CAPTURE_HELPER_NAME ": ");
  char *m = g_strdup (text);
  return g_strchomp (m);
}

int
wl_capture_helper_error_code (int status)
{
  if (!WIFEXITED (status))
    return WL_CAPTURE_ERROR_HELPER_DIED;
  switch (WEXITSTATUS (status))
    {
    case WL_HELPER_EXIT_PERMISSION: return WL_CAPTURE_ERROR_PERMISSION;
    case WL_HELPER_EXIT_USAGE: return WL_CAPTURE_ERROR_INVALID_FILTER;
    default: return WL_CAPTURE_ERROR_FAILED;
    }
}

/* Runs the helper with args and waits: its standard output, or NULL with an error made of
 * what it said. */
static char *
run_helper_sync (const char *const *args, GError **error)
{
  g_autofree char *helper = wl_capture_find_helper (error);
  if (!helper)
    return NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, helper);
  for (; *args; args++)
    g_ptr_array_add (argv, (gpointer) *args);
  g_ptr_array_add (argv, NULL);
  g_autofree char *out = NULL, *err = NULL;
  int status = 0;
  GError *local = NULL;
  if (!g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDIN_FROM_DEV_NULL, NULL, NULL,
                     &out, &err, &status, &local))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
                   _("The capture helper %s could not be run: %s"), helper, local->message);
      g_error_free (local);
      return NULL;
    }
  if (!WIFEXITED (status) || WEXITSTATUS (status) != 0)
    {
      int code = wl_capture_helper_error_code (status);
      g_autofree char *msg = wl_capture_helper_message (err);
      g_set_error_literal (error, WL_CAPTURE_ERROR, code,
                           *msg ? msg : _("The capture helper failed without saying why."));
      return NULL;
    }
  return g_steal_pointer (&out);
}

/* Undoes the helper's escapes (\t \n \r \\) in place. */
static char *
unescape (char *s)
{
  char *w = s;
  for (const char *r = s; *r; r++)
    {
      if (*r == '\\' && r[1])
        {
          r++;
          *w++ = *r == 't' ? '\t' : *r == 'n' ? '\n' : *r == 'r' ? '\r' : *r;
        }
      else
        *w++ = *r;
    }
  *w = 0;
  return s;
}

GPtrArray *
wl_capture_list_interfaces (GError **error)
{
  const char *const args[] = { "-D", NULL };
  g_autofree char *out = run_helper_sync (args, error);
  if (!out)
    return NULL;
  g_auto (GStrv) lines = g_strsplit (out, "\n", -1);
  if (!lines[0] || !g_str_has_prefix (lines[0], "wirelens-capture-interfaces 1"))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_FAILED,
                   _("The capture helper listed the interfaces in a form this Wirelens doesn't "
                     "read; are both from the same version?"));
      return NULL;
    }
  GPtrArray *list = g_ptr_array_new_with_free_func ((GDestroyNotify) wl_capture_interface_free);
  for (guint i = 1; lines[i]; i++)
    {
      if (!*lines[i])
        continue;
      g_auto (GStrv) f = g_strsplit (lines[i], "\t", 4);
      if (g_strv_length (f) < 4 || !*f[0])
        continue;
      WlCaptureInterface *iface = g_new0 (WlCaptureInterface, 1);
      iface->name = g_strdup (unescape (f[0]));
      g_auto (GStrv) flags = g_strsplit (f[1], ",", -1);
      iface->is_up = g_strv_contains ((const char *const *) flags, "up");
      iface->is_running = g_strv_contains ((const char *const *) flags, "running");
      iface->is_loopback = g_strv_contains ((const char *const *) flags, "loopback");
      iface->is_wireless = g_strv_contains ((const char *const *) flags, "wireless");
      iface->is_connected = g_strv_contains ((const char *const *) flags, "connected");
      iface->is_disconnected = g_strv_contains ((const char *const *) flags, "disconnected");
      iface->description = *f[2] ? g_strdup (unescape (f[2])) : NULL;
      g_autoptr (GStrvBuilder) addrs = g_strv_builder_new ();
      g_auto (GStrv) a = g_strsplit (f[3], ",", -1);
      for (guint k = 0; a[k]; k++)
        {
          const char *colon = strchr (a[k], ':');
          if (colon && colon[1])
            g_strv_builder_add (addrs, colon + 1); /* "inet:127.0.0.1/8" -> "127.0.0.1/8" */
        }
      iface->addresses = g_strv_builder_end (addrs);
      g_ptr_array_add (list, iface);
    }
  return list;
}

gboolean
wl_capture_check_filter (const char *filter, int link_type, GError **error)
{
  g_autofree char *lt = g_strdup_printf ("%d", link_type);
  const char *const args[] = { "--check-filter", "-f", filter ? filter : "", "-y", lt, NULL };
  g_autofree char *out = run_helper_sync (args, error);
  return out != NULL;
}


/* ---- Packet counts before a capture (wirelens-capture -S) ---- */

struct WlCaptureMonitor {
  GPid pid;
  int out_fd, err_fd;
  GSource *watch;       /* the helper's stdout on the creator's main context */
  GString *pending;     /* a line not yet ended */
  GArray *round;        /* WlCaptureCount being read */
  gboolean header_seen;
  WlCaptureMonitorFunc fn;
  gpointer user_data;
};

static void
clear_round (WlCaptureMonitor *m)
{
  for (guint i = 0; i < m->round->len; i++)
    g_free ((char *) g_array_index (m->round, WlCaptureCount, i).name);
  g_array_set_size (m->round, 0);
}

static void
monitor_line (WlCaptureMonitor *m, char *line)
{
  if (!m->header_seen)
    m->header_seen = g_str_has_prefix (line, "wirelens-capture-stats 1");
  else if (!*line)
    {
      m->fn (m, (const WlCaptureCount *) (gpointer) m->round->data, m->round->len, NULL, m->user_data);
      clear_round (m);
    }
  else
    {
      g_auto (GStrv) f = g_strsplit (line, "\t", 3);
      guint64 packets = 0, dropped = 0;
      if (g_strv_length (f) == 3 && g_ascii_string_to_unsigned (f[1], 10, 0, G_MAXUINT64, &packets, NULL)
          && g_ascii_string_to_unsigned (f[2], 10, 0, G_MAXUINT64, &dropped, NULL))
        {
          WlCaptureCount c = { g_strdup (unescape (f[0])), packets, dropped };
          g_array_append_val (m->round, c);
        }
    }
}

/* The helper closed its output: it is ending. Says why, once. */
static void
monitor_ended (WlCaptureMonitor *m)
{
  GString *err = g_string_new (NULL);
  char buf[1024];
  ssize_t r;
  while (err->len < 16384 && ((r = read (m->err_fd, buf, sizeof buf)) > 0 || (r < 0 && errno == EINTR)))
    if (r > 0)
      g_string_append_len (err, buf, r);
  int status = 0;
  while (waitpid (m->pid, &status, 0) < 0 && errno == EINTR)
    ;
  m->pid = 0;
  g_autofree char *msg = wl_capture_helper_message (err->str);
  g_string_free (err, TRUE);
  g_autoptr (GError) error = g_error_new_literal (WL_CAPTURE_ERROR, WIFEXITED (status) && WEXITSTATUS (status) == 0
                                                  ? WL_CAPTURE_ERROR_FAILED : wl_capture_helper_error_code (status),
                                                  *msg ? msg : _("The capture helper stopped counting packets."));
  m->fn (m, NULL, 0, error, m->user_data);
}

static gboolean
monitor_readable (gint fd, GIOCondition condition, gpointer user_data)
{
  WlCaptureMonitor *m = user_data;
  char buf[4096];
  ssize_t r = read (fd, buf, sizeof buf);
  if (r < 0 && (errno == EINTR || errno == EAGAIN))
    return G_SOURCE_CONTINUE;
  if (r <= 0)
    {
      g_source_unref (m->watch);
      m->watch = NULL;
      monitor_ended (m);
      return G_SOURCE_REMOVE;
    }
  g_string_append_len (m->pending, buf, r);
  char *nl;
  while ((nl = memchr (m->pending->str, '\n', m->pending->len)))
    {
      *nl = 0;
      monitor_line (m, m->pending->str);
      g_string_erase (m->pending, 0, nl + 1 - m->pending->str);
    }
  if (m->pending->len > 65536)
    g_string_truncate (m->pending, 0); /* no line is that long: not the helper's format */
  return G_SOURCE_CONTINUE;
}

WlCaptureMonitor *
wl_capture_monitor_new (const char *const *interfaces, WlCaptureMonitorFunc fn, gpointer user_data,
                        GError **error)
{
  g_return_val_if_fail (fn != NULL, NULL);
  g_autofree char *path = wl_capture_find_helper (error);
  if (!path)
    return NULL;
  g_autoptr (GPtrArray) argv = g_ptr_array_new ();
  g_ptr_array_add (argv, path);
  g_ptr_array_add (argv, "-S");
  for (; interfaces && *interfaces; interfaces++)
    {
      g_ptr_array_add (argv, "-i");
      g_ptr_array_add (argv, (gpointer) *interfaces);
    }
  g_ptr_array_add (argv, NULL);
  WlCaptureMonitor *m = g_new0 (WlCaptureMonitor, 1);
  GError *local = NULL;
  if (!g_spawn_async_with_pipes_and_fds (NULL, (const char *const *) argv->pdata, NULL,
                                         G_SPAWN_DO_NOT_REAP_CHILD | G_SPAWN_STDIN_FROM_DEV_NULL
                                         | G_SPAWN_CLOEXEC_PIPES,
                                         NULL, NULL, -1, -1, -1, NULL, NULL, 0, &m->pid, NULL,
                                         &m->out_fd, &m->err_fd, &local))
    {
      g_set_error (error, WL_CAPTURE_ERROR, WL_CAPTURE_ERROR_NO_HELPER,
                   _("The capture helper %s could not be started: %s"), path, local->message);
      g_error_free (local);
      g_free (m);
      return NULL;
    }
  g_unix_set_fd_nonblocking (m->out_fd, TRUE, NULL);
  m->fn = fn;
  m->user_data = user_data;
  m->pending = g_string_new (NULL);
  m->round = g_array_new (FALSE, FALSE, sizeof (WlCaptureCount));
  m->watch = g_unix_fd_source_new (m->out_fd, G_IO_IN | G_IO_HUP | G_IO_ERR);
  g_source_set_callback (m->watch, G_SOURCE_FUNC (monitor_readable), m, NULL);
  g_source_attach (m->watch, g_main_context_get_thread_default ());
  return m;
}

void
wl_capture_monitor_free (WlCaptureMonitor *m)
{
  if (!m)
    return;
  if (m->watch)
    {
      g_source_destroy (m->watch);
      g_source_unref (m->watch);
    }
  /* Closing its pipe stops the helper within a poll round; SIGTERM at once. */
  close (m->out_fd);
  close (m->err_fd);
  if (m->pid > 0)
    {
      kill (m->pid, SIGTERM);
      while (waitpid (m->pid, NULL, 0) < 0 && errno == EINTR)
        ;
    }
  clear_round (m);
  g_array_unref (m->round);
  g_string_free (m->pending, TRUE);
  g_free (m);
}
