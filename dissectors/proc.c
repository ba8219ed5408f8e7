/* SPDX-License-Identifier: GPL-2.0-or-later */
/* The process behind a packet: proc.pid, proc.name, proc.cmdline and proc.uid, read from the
 * packet's pcapng comment in ptcpdump's format ("PID: 123\nCmd: /usr/bin/curl\nArgs: curl x"),
 * which Wirelens writes while capturing live (src/core/procmap.c). Not a protocol layer: it
 * adds nothing to frame.protocols. */
#include <string.h>
#include "dissect.h"
#include "session.h"

static int proto_proc = -1, hf_proc_pid = -1, hf_proc_name = -1, hf_proc_cmdline = -1;
static int hf_proc_uid = -1, hf_proc_exe = -1, hf_proc_unknown = -1;

/* The value after "Key: " on the comment's line starting with key, or NULL. */
static const char *
find_line (const char *c, const char *key, gsize *len)
{
  gsize klen = strlen (key);
  for (const char *l = c; l && *l; l = strchr (l, '\n') ? strchr (l, '\n') + 1 : NULL)
    if (strncmp (l, key, klen) == 0)
      {
        const char *v = l + klen;
        const char *e = strchr (v, '\n');
        *len = e ? (gsize) (e - v) : strlen (v);
        return v;
      }
  return NULL;
}

void wl_proc_dissect_comments (WlPacket *p, WlNode *parent);

void
wl_proc_dissect_comments (WlPacket *p, WlNode *parent)
{
  const GPtrArray *comments = wl_frame_store_comments (p->session->store, p->number);
  for (guint i = 0; comments && i < comments->len; i++)
    {
      const char *c = g_ptr_array_index (comments, i);
      gsize n;
      const char *pid = find_line (c, "PID: ", &n);
      if (!pid)
        continue;
      WlNode *top = NULL;
      if (wl_wants (p, proto_proc))
        top = wl_add_bytes_value (p, parent, proto_proc, NULL, 0, 0, (const guint8 *) c, (guint32) strlen (c));
      if (g_ascii_isdigit (pid[0]))
        {
          wl_node_set_label (p, top, "Process: PID %.*s", (int) n, pid);
          wl_node_set_generated (wl_add_uint (p, top, hf_proc_pid, NULL, 0, 0, g_ascii_strtoull (pid, NULL, 10)));
        }
      else
        {
          wl_node_set_label (p, top, "Process: unknown");
          wl_add_string_value (p, top, hf_proc_unknown, NULL, 0, 0, pid, (gssize) n);
        }
      const char *cmd = find_line (c, "Cmd: ", &n);
      if (cmd)
        {
          const char *base = g_strrstr_len (cmd, (gssize) n, "/");
          base = base ? base + 1 : cmd;
          wl_add_string_value (p, top, hf_proc_name, NULL, 0, 0, base, (gssize) (cmd + n - base));
          wl_add_string_value (p, top, hf_proc_exe, NULL, 0, 0, cmd, (gssize) n);
          wl_node_append_label (p, top, " (%.*s)", (int) (cmd + n - base), base);
        }
      const char *args = find_line (c, "Args: ", &n);
      if (args)
        wl_add_string_value (p, top, hf_proc_cmdline, NULL, 0, 0, args, (gssize) n);
      const char *uid = find_line (c, "UID: ", &n);
      if (uid)
        wl_add_uint (p, top, hf_proc_uid, NULL, 0, 0, g_ascii_strtoull (uid, NULL, 10));
    }
}

static WlFieldReg fields[] = {
  { &hf_proc_pid, { "Process ID", "proc.pid", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_proc_name, { "Process name", "proc.name", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_proc_exe, { "Executable", "proc.exe", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_proc_cmdline, { "Command line", "proc.cmdline", WL_FT_STRING, WL_BASE_NONE } },
  { &hf_proc_uid, { "User ID", "proc.uid", WL_FT_UINT32, WL_BASE_DEC } },
  { &hf_proc_unknown, { "Owner unknown", "proc.unknown", WL_FT_STRING, WL_BASE_NONE } },
};

void
wl_register_proc (void)
{
  proto_proc = wl_proto_register ("Process", "Process", "proc");
  wl_fields_register (proto_proc, fields, G_N_ELEMENTS (fields));
}

void
wl_handoff_proc (void)
{
}
