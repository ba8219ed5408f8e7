/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Live capture from the CLI, as tshark does it: -D lists the interfaces, -i captures through
 * wirelens-capture and prints (or writes) each packet as it arrives, with -Y applied to the
 * printed ones; -w writes every captured packet. */
#include <inttypes.h>
#include <errno.h>
#include <string.h>
#include <glib-unix.h>
#include <glib/gi18n.h>
#include "capture-source.h"
#include "capture-writer.h"
#include "services.h"
#include "cli.h"
#include "dfilter.h"

int
cli_list_interfaces (const CliOptions *o)
{
  GError *error = NULL;
  g_autoptr (GPtrArray) list = wl_capture_list_interfaces (&error);
  if (!list)
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_error_free (error);
      return 2;
    }
  if (list->len == 0)
    {
      fprintf (stderr, "%s", _("wirelens-cli: There are no interfaces on which a capture can be done.\n"));
      return 2;
    }
  for (guint i = 0; i < list->len; i++)
    {
      const WlCaptureInterface *iface = g_ptr_array_index (list, i);
      /* tshark shows a friendly name in parentheses; on Linux that is "Loopback" for lo. */
      if (iface->is_loopback)
        printf ("%u. %s (%s)\n", i + 1, iface->name, _("Loopback"));
      else
        printf ("%u. %s\n", i + 1, iface->name);
    }
  return 0;
}

typedef struct {
  CliOptions *o;
  GMainLoop *loop;
  FILE *out;
  gboolean print_packets;
  WlDissectOptions dopts;
  WlDfilter *df;
  WlCaptureWriter *writer;
  gboolean write_failed;
  WlServices *services;      /* -z services */
  int out_errno;             /* standard output failed (a full disk behind a redirection) */
  guint64 n_captured, n_shown;
  const char *described;     /* the interfaces, for "Capturing on" */
  GError *error;
} Live;

static WlFileFormat
write_format (const CliOptions *o)
{
  if (o->write_format && strcmp (o->write_format, "pcap") == 0)
    return WL_FILE_PCAP;
  if (o->write_format && strcmp (o->write_format, "nsecpcap") == 0)
    return WL_FILE_PCAP_NSEC;
  return WL_FILE_PCAPNG;
}

/* -w: opened once the helper has described its interfaces, so the file gets them. */
static gboolean
ensure_writer (Live *lv, WlCaptureSource *src)
{
  WlSession *session = wl_capture_source_get_session (src);
  if (lv->writer || lv->write_failed || !lv->o->write_file || !session)
    return lv->writer != NULL;
  GError *error = NULL;
  lv->writer = wl_capture_writer_new (lv->o->write_file, write_format (lv->o), session->store, &error);
  if (!lv->writer)
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_error_free (error);
      lv->write_failed = TRUE;
      wl_capture_source_stop (src);
    }
  return lv->writer != NULL;
}

static void
on_packet (WlCaptureSource *src, const WlPacket *p, gpointer user_data)
{
  Live *lv = user_data;
  CliOptions *o = lv->o;
  lv->n_captured++;
  if (ensure_writer (lv, src))
    {
      GError *error = NULL;
      WlFrameMeta meta = wl_frame_store_meta (p->session->store, p->frame);
      if (!wl_capture_writer_add_full (lv->writer, &meta, p->data, wl_frame_store_comments (p->session->store, p->number), &error))
        {
          fprintf (stderr, "wirelens-cli: %s\n", error->message);
          g_error_free (error);
          wl_capture_writer_abort (lv->writer);
          lv->writer = NULL;
          lv->write_failed = TRUE;
          wl_capture_source_stop (src);
        }
    }
  if (lv->df && !wl_dfilter_apply (lv->df, p))
    return;
  if (lv->print_packets)
    cli_output_packet (lv->out, o, p, lv->n_shown);
  if (lv->df && o->explain)
    {
      GString *why = g_string_new (NULL);
      g_array_unref (wl_dfilter_explain (lv->df, p, why));
      fprintf (lv->out, _("Frame %u matched %s:\n%s"), p->number, o->display_filter, why->str);
      g_string_free (why, TRUE);
    }
  if (o->stats->len)
    cli_stats_packet (o, p);
  if (lv->services)
    wl_services_add_packet (lv->services, p);
  lv->n_shown++;
}

static void
on_batch (WlCaptureSource *src, guint32 first, guint32 last, gpointer user_data)
{
  Live *lv = user_data;
  if (last < first)
    {
      /* The devices are open: now it is true, as when tshark says it. */
      fprintf (stderr, _("Capturing on %s\n"), lv->described);
      return;
    }
  /* Packets show up as they arrive, even through a pipe ("-w - | tshark -r -" too). An
   * output that fails (a full disk) ends the capture: nobody would see the rest. */
  errno = 0;
  if (!lv->out_errno && (fflush (lv->out) != 0 || ferror (lv->out)))
    {
      lv->out_errno = errno ? errno : EIO;
      wl_capture_source_stop (src);
    }
  if (lv->writer && !wl_capture_writer_flush (lv->writer, NULL))
    {
      wl_capture_writer_abort (lv->writer);
      lv->writer = NULL;
      lv->write_failed = TRUE;
      fprintf (stderr, _("wirelens-cli: Writing \"%s\" failed.\n"), lv->o->write_file);
      wl_capture_source_stop (src);
    }
}

static void
on_done (WlCaptureSource *src, const GError *error, gpointer user_data)
{
  Live *lv = user_data;
  ensure_writer (lv, src); /* -w gets its (maybe empty) file even when nothing arrived */
  if (error)
    lv->error = g_error_copy (error);
  g_main_loop_quit (lv->loop);
}

static gboolean
on_signal (gpointer user_data)
{
  wl_capture_source_stop (user_data);
  return G_SOURCE_CONTINUE;
}

/* "'eth0'", "'eth0' and 'Loopback: lo'", "'a', 'b' and 'c'": tshark's way. */
static char *
describe_interfaces (GPtrArray *names, GPtrArray *list)
{
  GString *s = g_string_new (NULL);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);
      gboolean loopback = FALSE;
      for (guint k = 0; list && k < list->len; k++)
        {
          const WlCaptureInterface *iface = g_ptr_array_index (list, k);
          if (strcmp (iface->name, name) == 0)
            loopback = iface->is_loopback;
        }
      if (i > 0)
        g_string_append (s, i + 1 == names->len ? _(" and ") : ", ");
      g_string_append_printf (s, "'%s%s'", loopback ? _("Loopback: ") : "", name);
    }
  return g_string_free (s, FALSE);
}

/* -i takes a name or, as in tshark, the number "-D" shows. */
static GPtrArray *
resolve_interfaces (const CliOptions *o, GPtrArray *list)
{
  GPtrArray *names = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < o->interfaces->len; i++)
    {
      const char *arg = g_ptr_array_index (o->interfaces, i);
      guint64 n = 0;
      if (list && g_ascii_string_to_unsigned (arg, 10, 1, G_MAXUINT, &n, NULL))
        {
          if (n > list->len)
            {
              fprintf (stderr, _("wirelens-cli: There is no interface numbered %s: \"wirelens-cli -D\" lists %u.\n"),
                       arg, list->len);
              g_ptr_array_unref (names);
              return NULL;
            }
          const WlCaptureInterface *iface = g_ptr_array_index (list, n - 1);
          g_ptr_array_add (names, g_strdup (iface->name));
        }
      else
        g_ptr_array_add (names, g_strdup (arg));
    }
  return names;
}

int
cli_capture (CliOptions *o)
{
  wl_dissectors_init ();
  if (o->read_file)
    {
      fprintf (stderr, "%s", _("wirelens-cli: -r and -i can't be used together: read a file or capture live.\n"));
      return 1;
    }
  if (o->format == OUT_FIELDS && o->fields->len == 0)
    {
      fprintf (stderr, "%s", _("wirelens-cli: \"-Tfields\" was specified, but no fields were specified with \"-e\".\n"));
      return 1;
    }
  if (o->fields->len && !cli_fields_resolve (o))
    return 1;

  Live lv = { o };
  g_autofree guint8 *wanted = wl_field_set_new ();
  if (o->display_filter)
    {
      WlDfilterError *derr = NULL;
      lv.df = wl_dfilter_compile (o->display_filter, &derr);
      if (!lv.df)
        {
          g_autofree char *msg = wl_dfilter_error_format (o->display_filter, derr);
          fprintf (stderr, "wirelens-cli: %s\n", msg);
          wl_dfilter_error_free (derr);
          return 2;
        }
      wl_dfilter_add_wanted (lv.df, wanted);
    }
  for (guint i = 0; o->field_ids && i < o->fields->len; i++)
    if (o->field_ids[i] >= 0)
      wl_field_set_add (wanted, o->field_ids[i]);
  lv.services = cli_services_take (o, wanted) ? wl_services_new () : NULL;
  gboolean stats_full = FALSE, stats_expert = FALSE;
  if (o->stats->len && !cli_stats_init (o, wanted, &stats_full, &stats_expert))
    {
      g_clear_pointer (&lv.services, wl_services_free);
      return 1;
    }

  /* The same output choices as reading a file (main.c). */
  lv.print_packets = !o->quiet && !(o->write_file && strcmp (o->write_file, "-") == 0);
  if (o->write_file && o->format == OUT_TEXT && !o->verbose && !o->hex)
    lv.print_packets = FALSE;
  gboolean print_tree = lv.print_packets && (o->verbose || o->format == OUT_JSON || o->format == OUT_EK);
  lv.dopts.full = stats_full || print_tree;
  lv.dopts.shape_only = !print_tree;
  lv.dopts.expert_items = stats_expert;
  lv.dopts.wanted = wanted;
  lv.dopts.columns = lv.print_packets && (o->format == OUT_TEXT || o->format == OUT_FIELDS);

  GError *error = NULL;
  g_autoptr (GPtrArray) list = wl_capture_list_interfaces (&error);
  if (!list)
    {
      /* Capturing may still work (names need no list); only numbers and labels suffer. */
      g_clear_error (&error);
    }
  g_autoptr (GPtrArray) names = resolve_interfaces (o, list);
  if (!names)
    return 1;
  g_ptr_array_add (names, NULL);

  WlCaptureOptions copts = { 0 };
  copts.interfaces = (const char *const *) names->pdata;
  copts.filter = o->capture_filter;
  copts.snaplen = (int) CLAMP (o->snaplen, 0, 262144);
  copts.no_promisc = o->no_promisc;
  copts.buffer_mib = (int) CLAMP (o->buffer_mib, 0, 4096);
  copts.max_packets = o->max_packets;
  copts.duration_s = o->duration_s;
  g_autoptr (WlCaptureSource) src = wl_capture_source_new (&copts);
  wl_capture_source_set_dissect_options (src, &lv.dopts);
  wl_capture_source_set_callbacks (src, on_packet, on_batch, on_done, &lv);
  /* Each packet's owning process (proc.*), recorded in the capture file too. */
  wl_capture_source_set_track_processes (src, !o->no_processes);

  lv.out = stdout;
  static char outbuf[1 << 16];
  if (!o->line_buffered)
    setvbuf (lv.out, outbuf, _IOFBF, sizeof outbuf);
  if (lv.print_packets && o->format == OUT_FIELDS && o->header)
    cli_print_fields_header (lv.out, o);
  if (lv.print_packets && o->format == OUT_JSON)
    cli_print_json_begin (lv.out);

  g_ptr_array_set_size (names, names->len - 1);
  g_autofree char *described = describe_interfaces (names, list);
  lv.described = described;
  if (!wl_capture_source_start (src, &error))
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_error_free (error);
      g_clear_pointer (&lv.services, wl_services_free);
      g_clear_pointer (&lv.df, wl_dfilter_free);
      return 2;
    }

  lv.loop = g_main_loop_new (NULL, FALSE);
  guint sigint = g_unix_signal_add (SIGINT, on_signal, src);
  guint sigterm = g_unix_signal_add (SIGTERM, on_signal, src);
  guint sighup = g_unix_signal_add (SIGHUP, on_signal, src);
  g_main_loop_run (lv.loop);
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (sighup);
  g_main_loop_unref (lv.loop);

  int rc = 0;
  if (lv.print_packets && o->format == OUT_JSON)
    cli_print_json_end (lv.out, lv.n_shown > 0);
  if (o->stats->len)
    cli_stats_finish (o, lv.out);
  if (lv.services)
    {
      cli_services_print (lv.services, lv.out);
      g_clear_pointer (&lv.services, wl_services_free);
    }
  /* Output errors stick to the stream: report them once, as reading a file does. */
  errno = 0;
  if (!lv.out_errno && (fflush (lv.out) != 0 || ferror (lv.out)))
    lv.out_errno = errno ? errno : EIO;
  if (lv.out_errno)
    {
      fprintf (stderr, _("wirelens-cli: writing the output failed: %s.\n"), g_strerror (lv.out_errno));
      rc = 2;
    }
  if (lv.writer && !wl_capture_writer_finish (lv.writer, &error))
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_clear_error (&error);
      rc = 2;
    }
  if (lv.write_failed)
    rc = 2;
  if (lv.error)
    {
      fprintf (stderr, "wirelens-cli: %s\n", lv.error->message);
      g_clear_error (&lv.error);
      rc = 2;
    }

  /* What tshark says at the end, on stderr: the count, then any drops. */
  WlCaptureStats st;
  wl_capture_source_get_stats (src, &st);
  if (wl_capture_source_get_session (src) || lv.n_captured > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " packet captured\n",
                                  "%" PRIu64 " packets captured\n", lv.n_captured),
             lv.n_captured);
  for (guint i = 0; i < wl_capture_source_get_n_interfaces (src); i++)
    {
      WlCaptureInterfaceStats is;
      if (wl_capture_source_get_interface_stats (src, i, &is) && is.n_kernel_dropped + is.n_if_dropped > 0)
        fprintf (stderr, g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " packet dropped from %s\n",
                                      "%" PRIu64 " packets dropped from %s\n",
                                      is.n_kernel_dropped + is.n_if_dropped),
                 is.n_kernel_dropped + is.n_if_dropped, is.name);
    }
  if (st.n_ring_dropped > 0)
    fprintf (stderr, g_dngettext (GETTEXT_PACKAGE,
                                  "%" PRIu64 " packet dropped because wirelens-cli fell behind\n",
                                  "%" PRIu64 " packets dropped because wirelens-cli fell behind\n",
                                  st.n_ring_dropped),
             st.n_ring_dropped);
  g_clear_pointer (&lv.df, wl_dfilter_free);
  return rc;
}
