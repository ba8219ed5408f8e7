/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wirelens-cli: the terminal twin of Wirelens, with tshark's options and output formats. */
#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <glib/gi18n.h>
#include "capture-writer.h"
#include "ether-names.h"
#include "services.h"
#include "cli.h"
#include "dfilter.h"

static void
usage (FILE *out)
{
  fprintf (out, "%s",
           _("Usage: wirelens-cli [options] ...\n"
             "\n"
             "Input file:\n"
             "  -r <infile>              read packets from infile (pcap or pcapng)\n"
             "Processing:\n"
             "  -Y <display filter>      packet display filter in Wireshark display filter syntax\n"
             "  -c <packet count>        stop after n packets\n"
             "  -n                       disable all name resolutions (def: MAC names, from\n"
             "                           Wireshark's manuf and wka files, are shown)\n"
             "  -N <name resolve flags>  enable only these name resolutions: \"m\" for MAC names\n"
             "Output:\n"
             "  -w <outfile|->           write packets to a pcapng-format file named \"outfile\"\n"
             "  -F <output file type>    pcap, nsecpcap or pcapng (default pcapng)\n"
             "  -V                       add output of packet tree (Packet Details)\n"
             "  -x                       add output of hex and ASCII dump (Packet Bytes)\n"
             "  -T text|fields|json|ek   format of text output (def: text)\n"
             "  -e <field>               field to print if -T fields is selected; repeatable\n"
             "  -E <fieldsoption>=<value> header=y|n, separator=/t|/s|<char>, occurrence=f|l|a,\n"
             "                           aggregator=,|/s|<char>, quote=d|s|n\n"
             "  -t a|ad|d|r|e            output format of time stamps (def: r: rel. to first)\n"
             "  -q                       be more quiet on stdout\n"
             "  -l                       flush standard output after each packet\n"
             "  --no-processes           live capture: don't record each packet's local process\n"
             "  --explain                with -Y: print why each packet matched (each test, the\n"
             "                           values it read, \xe2\x9c\x94 for the tests that made it match)\n"
             "Miscellaneous:\n"
             "  -h                       display this help and exit\n"
             "  -v                       display version info and exit\n"));
}

static char
parse_sep (const char *v)
{
  if (strcmp (v, "/t") == 0)
    return '\t';
  if (strcmp (v, "/s") == 0)
    return ' ';
  return v[0] ? v[0] : '\t';
}

static gboolean
parse_E (CliOptions *o, const char *arg)
{
  const char *eq = strchr (arg, '=');
  if (!eq)
    return FALSE;
  g_autofree char *key = g_strndup (arg, (gsize) (eq - arg));
  const char *v = eq + 1;
  if (strcmp (key, "header") == 0)
    o->header = v[0] == 'y';
  else if (strcmp (key, "separator") == 0)
    o->separator = parse_sep (v);
  else if (strcmp (key, "occurrence") == 0 && (v[0] == 'f' || v[0] == 'l' || v[0] == 'a'))
    o->occurrence = v[0];
  else if (strcmp (key, "aggregator") == 0)
    o->aggregator = strcmp (v, "/s") == 0 ? ' ' : (v[0] ? v[0] : ',');
  else if (strcmp (key, "quote") == 0 && (v[0] == 'd' || v[0] == 's' || v[0] == 'n'))
    o->quote = v[0] == 'n' ? 0 : v[0];
  else if (strcmp (key, "bom") == 0 || strcmp (key, "escape") == 0)
    ;
  else
    return FALSE;
  return TRUE;
}

/* Options that take an argument, as in tshark's getopt string. */
static const char *const with_arg = "rYRTeEcwFtiofasBzdNXG";

gboolean
cli_format_appends (const CliOptions *o)
{
  return o->format == OUT_JSON || o->format == OUT_EK || (o->format == OUT_TEXT && o->verbose);
}

void
cli_append_packet (GString *buf, const CliOptions *o, const WlPacket *p, guint64 n_shown)
{
  switch (o->format)
    {
    case OUT_JSON:
      cli_append_json (buf, o, p, n_shown == 0);
      break;
    case OUT_EK:
      cli_append_ek (buf, o, p);
      break;
    case OUT_TEXT:
      cli_append_tree (buf, p);
      if (o->hex)
        cli_append_hex (buf, p);
      g_string_append_c (buf, '\n');
      break;
    case OUT_FIELDS:
      break;
    }
}

void
cli_output_packet (FILE *out, const CliOptions *o, const WlPacket *p, guint64 n_shown)
{
  if (cli_format_appends (o))
    {
      /* one write per packet, no printf per line */
      static GString *buf;
      if (!buf)
        buf = g_string_sized_new (16384);
      g_string_truncate (buf, 0);
      cli_append_packet (buf, o, p, n_shown);
      fwrite (buf->str, 1, buf->len, out);
    }
  else if (o->format == OUT_FIELDS)
    cli_print_fields (out, o, p);
  else
    {
      cli_print_summary (out, o, p);
      if (o->hex)
        {
          GString *hex = g_string_new (NULL);
          cli_append_hex (hex, p);
          g_string_append_c (hex, '\n');
          fwrite (hex->str, 1, hex->len, out);
          g_string_free (hex, TRUE);
        }
    }
  if (o->line_buffered)
    fflush (out);
}

/* A write that failed: when the capture was cut short under us, what the writer met were its
 * lost pages (the frames go out by reference, wl_capture_writer_borrow_packets ()): that is
 * what to say. */
static void
report_write_error (WlFrameStore *store, GError **error)
{
  GError *cut = NULL;
  if (!wl_frame_store_check (store, 0, &cut))
    {
      fprintf (stderr, "wirelens-cli: %s\n", cut->message);
      g_error_free (cut);
    }
  else
    fprintf (stderr, "wirelens-cli: %s\n", (*error)->message);
  g_clear_error (error);
}

/* The frames a split filter run keeps (wl_dfilter_run_split ()), written as they come. */
typedef struct {
  WlFrameStore *store;
  WlCaptureWriter *writer;  /* NULL once a write failed */
  int rc;
  guint64 shown;
} KeptWriter;

static gboolean
write_kept (guint32 number, gpointer data)
{
  KeptWriter *kw = data;
  GError *error = NULL;
  /* Another program cut the file short under us: stop before writing lost bytes. */
  if (!wl_frame_store_check (kw->store, number, &error))
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_error_free (error);
      kw->rc = 2;
      return FALSE;
    }
  const WlFrame *f = wl_frame_store_get (kw->store, number);
  WlFrameMeta meta = wl_frame_store_meta (kw->store, f);
  if (!wl_capture_writer_add_full (kw->writer, &meta, wl_frame_store_bytes (kw->store, f),
                                   wl_frame_store_comments (kw->store, number), &error))
    {
      report_write_error (kw->store, &error);
      wl_capture_writer_abort (kw->writer);
      kw->writer = NULL;
      kw->rc = 2;
      return FALSE;
    }
  kw->shown++;
  return TRUE;
}

static int
run (CliOptions *o)
{
  GError *error = NULL;
  if (!o->read_file)
    {
      fprintf (stderr, "%s", _("wirelens-cli: no input file: use -r FILE (live capture: -i IFACE).\n"));
      return 1;
    }
  wl_dissectors_init ();
  /* The process ends after this file: the split passes' state is left to the exit */
  wl_session_defer_split_frees (TRUE);

  if (o->format == OUT_FIELDS && o->fields->len == 0)
    {
      fprintf (stderr, "%s", _("wirelens-cli: \"-Tfields\" was specified, but no fields were specified with \"-e\".\n"));
      return 1;
    }
  if (o->fields->len && !cli_fields_resolve (o))
    return 1;

  guint8 *wanted = wl_field_set_new ();
  WlDfilter *df = NULL;
  if (o->display_filter)
    {
      WlDfilterError *derr = NULL;
      df = wl_dfilter_compile (o->display_filter, &derr);
      if (!df)
        {
          g_autofree char *msg = wl_dfilter_error_format (o->display_filter, derr);
          fprintf (stderr, "wirelens-cli: %s\n", msg);
          wl_dfilter_error_free (derr);
          g_free (wanted);
          return 2;
        }
      wl_dfilter_add_wanted (df, wanted);
    }

  WlFrameStore *store = wl_frame_store_open (o->read_file, &error);
  if (!store)
    {
      fprintf (stderr, "wirelens-cli: %s\n", error->message);
      g_error_free (error);
      g_free (wanted);
      return 2;
    }
  WlSession *session = wl_session_new (store);

  for (guint i = 0; o->field_ids && i < o->fields->len; i++)
    if (o->field_ids[i] >= 0)
      wl_field_set_add (wanted, o->field_ids[i]);

  WlServices *services = cli_services_take (o, wanted) ? wl_services_new () : NULL;
  gboolean stats_full = FALSE, stats_expert = FALSE;
  if (o->stats->len && !cli_stats_init (o, wanted, &stats_full, &stats_expert))
    {
      wl_session_free (session);
      g_free (wanted);
      return 1;
    }

  gboolean print_packets = !o->quiet && !(o->write_file && strcmp (o->write_file, "-") == 0);
  if (o->write_file && o->format == OUT_TEXT && !o->verbose && !o->hex)
    print_packets = FALSE; /* tshark -w prints nothing unless asked to */
  WlDissectOptions dopts = { 0 };
  gboolean print_tree = print_packets && (o->verbose || o->format == OUT_JSON || o->format == OUT_EK);
  dopts.full = stats_full || print_tree;
  dopts.shape_only = !print_tree;
  dopts.expert_items = stats_expert;
  dopts.wanted = wanted;
  gboolean column_fields = FALSE; /* -e _ws.col.* (ids below -1) */
  for (guint i = 0; o->field_ids && i < o->fields->len; i++)
    column_fields |= o->field_ids[i] < -1;
  dopts.columns = print_packets && (o->format == OUT_TEXT || (o->format == OUT_FIELDS && column_fields));
  wl_dissect_options_prune (&dopts); /* one visit per frame: skip what no wanted field can see */

  WlCaptureWriter *writer = NULL;
  if (o->write_file)
    {
      WlFileFormat wf = WL_FILE_PCAPNG;
      if (o->write_format && strcmp (o->write_format, "pcap") == 0)
        wf = WL_FILE_PCAP;
      else if (o->write_format && strcmp (o->write_format, "nsecpcap") == 0)
        wf = WL_FILE_PCAP_NSEC;
      writer = wl_capture_writer_new (o->write_file, wf, store, &error);
      if (!writer)
        {
          fprintf (stderr, "wirelens-cli: %s\n", error->message);
          g_error_free (error);
          wl_session_free (session);
          g_free (wanted);
          return 2;
        }
      /* the frames written are the store's, readable until it is freed */
      wl_capture_writer_borrow_packets (writer, TRUE);
    }

  FILE *out = stdout;
  static char outbuf[1 << 16];
  if (!o->line_buffered)
    setvbuf (out, outbuf, _IOFBF, sizeof outbuf);
  if (print_packets && o->format == OUT_FIELDS && o->header)
    cli_print_fields_header (out, o);
  if (print_packets && o->format == OUT_JSON)
    cli_print_json_begin (out);

  WlArena *arena = wl_arena_new ();
  WlPacket pkt = { 0 };
  guint32 n = wl_frame_store_count (store);
  guint64 shown = 0;
  int rc = 0;
  /* Filtering into a file and nothing else: the first pass and the filter run on every core,
   * frames split by address pair, while this thread writes the frames kept. */
  if (df && writer && !print_packets && !o->stats->len && !services && !o->explain
      && o->max_packets <= 0 && wl_flow_split_ok (wanted))
    {
      KeptWriter kw = { store, writer, 0, 0 };
      wl_dfilter_run_split (df, store, &dopts, 0, write_kept, &kw);
      writer = kw.writer;
      shown = kw.shown;
      rc = kw.rc;
      n = 0;
    }
  /* Statistics alone (-q -z io,phs): on every core too, and nothing left for the loop. */
  if (!df && !writer && !print_packets && !services && o->stats->len && o->max_packets <= 0
      && cli_stats_run_split (o, store, &dopts, wanted))
    n = 0;
  /* The tree of every frame printed, and nothing else: on every core (print-parallel.c). */
  if (print_packets && cli_format_appends (o) && !df && !writer && !o->stats->len && !services
      && !o->line_buffered
      && cli_print_parallel (o, session, o->max_packets > 0 ? (guint32) MIN ((gint64) n, o->max_packets) : n,
                             out, &shown, &error))
    {
      if (error)
        {
          fprintf (stderr, "wirelens-cli: %s\n", error->message);
          g_clear_error (&error);
          rc = 2;
        }
      n = 0;
    }
  for (guint32 i = 1; i <= n; i++)
    {
      if (o->max_packets > 0 && (gint64) i > o->max_packets)
        break;
      wl_dissect_frame (session, i, &dopts, &pkt, arena);
      /* Another program cut the file short under us: stop before showing lost bytes. */
      if (!wl_frame_store_check (store, i, &error))
        {
          fprintf (stderr, "wirelens-cli: %s\n", error->message);
          g_clear_error (&error);
          rc = 2;
          break;
        }
      /* tshark feeds its -z statistics every packet, whatever -Y says (they take their own
       * filter argument). */
      if (o->stats->len)
        cli_stats_packet (o, &pkt);
      if (df && !wl_dfilter_apply (df, &pkt))
        continue;
      if (writer)
        {
          WlFrameMeta meta = wl_frame_store_meta (store, wl_frame_store_get (store, i));
          if (!wl_capture_writer_add_full (writer, &meta, pkt.data, wl_frame_store_comments (store, i), &error))
            {
              report_write_error (store, &error);
              wl_capture_writer_abort (writer);
              writer = NULL;
              rc = 2;
              break;
            }
        }
      if (print_packets)
        cli_output_packet (out, o, &pkt, shown);
      if (df && o->explain)
        {
          GString *why = g_string_new (NULL);
          g_array_unref (wl_dfilter_explain (df, &pkt, why));
          fprintf (out, _("Frame %u matched %s:\n%s"), pkt.number, o->display_filter, why->str);
          g_string_free (why, TRUE);
        }
      if (services)
        wl_services_add_packet (services, &pkt);
      shown++;
    }
  if (print_packets && o->format == OUT_JSON)
    cli_print_json_end (out, shown > 0);
  if (o->stats->len)
    cli_stats_finish (o, out);
  if (services)
    {
      cli_services_print (services, out);
      wl_services_free (services);
    }
  /* Output errors (a full disk behind a redirection) stick to the stream: report them once. */
  int out_errno = fflush (out) != 0 ? errno : (ferror (out) ? EIO : 0);
  if (out_errno)
    {
      fprintf (stderr, "wirelens-cli: writing the output failed: %s.\n", g_strerror (out_errno));
      rc = 2;
    }
  if (writer && !wl_capture_writer_finish (writer, &error))
    {
      report_write_error (store, &error);
      rc = 2;
    }
  if (store->damage)
    {
      fprintf (stderr, "wirelens-cli: %s\n", store->damage);
      rc = 2;
    }
  wl_dissect_options_clear (&dopts);
  wl_packet_clear (&pkt);
  wl_arena_free (arena);
  if (df)
    wl_dfilter_free (df);
  wl_session_free (session);
  g_free (wanted);
  return rc;
}

static const char *const type_names[] = {
  [WL_FT_NONE] = "FT_NONE", [WL_FT_PROTOCOL] = "FT_PROTOCOL", [WL_FT_BOOLEAN] = "FT_BOOLEAN",
  [WL_FT_UINT8] = "FT_UINT8", [WL_FT_UINT16] = "FT_UINT16", [WL_FT_UINT24] = "FT_UINT24",
  [WL_FT_UINT32] = "FT_UINT32", [WL_FT_UINT64] = "FT_UINT64", [WL_FT_INT8] = "FT_INT8",
  [WL_FT_INT16] = "FT_INT16", [WL_FT_INT24] = "FT_INT24", [WL_FT_INT32] = "FT_INT32",
  [WL_FT_INT64] = "FT_INT64", [WL_FT_CHAR] = "FT_CHAR", [WL_FT_FRAMENUM] = "FT_FRAMENUM",
  [WL_FT_DOUBLE] = "FT_DOUBLE", [WL_FT_ABSOLUTE_TIME] = "FT_ABSOLUTE_TIME",
  [WL_FT_RELATIVE_TIME] = "FT_RELATIVE_TIME", [WL_FT_ETHER] = "FT_ETHER", [WL_FT_IPv4] = "FT_IPv4",
  [WL_FT_IPv6] = "FT_IPv6", [WL_FT_BYTES] = "FT_BYTES", [WL_FT_STRING] = "FT_STRING",
};

static void
print_registry_entry (const WlField *f, gpointer user_data)
{
  const char *what = user_data;
  /* like tshark, one line per name: a second field of the same name is not listed */
  if (wl_field_lookup (f->abbrev) != f)
    return;
  if (f->type == WL_FT_PROTOCOL || f->in_name_only)
    {
      if (strcmp (what, "protocols") == 0)
        printf ("%s\t%s\t%s\n", f->name, f->blurb ? f->blurb : f->name, f->abbrev);
      else
        printf ("P\t%s\t%s\n", f->name, f->abbrev);
      return;
    }
  if (strcmp (what, "fields") == 0)
    printf ("F\t%s\t%s\t%s\t%s\t\t0x%" G_GINT64_MODIFIER "x\t%s\n", f->name, f->abbrev, type_names[f->type],
            wl_proto_short_name (f->proto_id)[0] ? wl_field_get (f->proto_id)->abbrev : "",
            f->bitmask, f->blurb ? f->blurb : "");
}

/* -G fields|protocols: the registry, in tshark's glossary format. */
static int
print_glossary (const char *what)
{
  if (strcmp (what, "fields") != 0 && strcmp (what, "protocols") != 0)
    {
      fprintf (stderr, _("wirelens-cli: Invalid -G report \"%s\": use fields or protocols\n"), what);
      return 1;
    }
  wl_dissectors_init ();
  wl_fields_foreach (print_registry_entry, (gpointer) what);
  return 0;
}

int
main (int argc, char **argv)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  CliOptions o = { 0 };
  o.fields = g_ptr_array_new ();
  o.separator = '\t';
  o.occurrence = 'a';
  o.aggregator = ',';
  o.format = OUT_TEXT;
  o.time_format = WL_TIME_RELATIVE;
  o.interfaces = g_ptr_array_new ();
  o.stats = g_ptr_array_new ();

  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      if (strcmp (a, "--help") == 0)
        {
          usage (stdout);
          return 0;
        }
      if (strcmp (a, "--no-processes") == 0)
        {
          o.no_processes = TRUE;
          continue;
        }
      if (strcmp (a, "--explain") == 0)
        {
          o.explain = TRUE;
          continue;
        }
      if (strcmp (a, "--version") == 0)
        {
          printf ("Wirelens %s\n", PACKAGE_VERSION);
          return 0;
        }
      if (a[0] != '-' || a[1] == 0)
        {
          /* A trailing argument is a display filter, as tshark takes it. */
          o.display_filter = a;
          continue;
        }
      /* Single-letter options may be grouped (-qz) or carry their argument (-c10). */
      for (const char *c = a + 1; *c; c++)
        {
          char opt = *c;
          /* Never NULL, so that no reading of an argument can meet a NULL. */
          const char *arg = "";
          gboolean has_arg = strchr (with_arg, opt) != NULL;
          if (has_arg)
            {
              if (c[1])
                arg = c + 1;
              else if (i + 1 < argc)
                arg = argv[++i];
              else
                {
                  fprintf (stderr, _("wirelens-cli: option requires an argument -- '%c'\n"), opt);
                  usage (stderr);
                  return 1;
                }
            }
          switch (opt)
            {
            case 'r': o.read_file = arg; break;
            case 'Y': case 'R': o.display_filter = arg; break;
            case 'w': o.write_file = arg; break;
            case 'F': o.write_format = arg; break;
            case 'V': o.verbose = TRUE; break;
            case 'x': o.hex = TRUE; break;
            case 'q': o.quiet = TRUE; break;
            case 'l': o.line_buffered = TRUE; break;
            case 'i': g_ptr_array_add (o.interfaces, (gpointer) arg); break;
            case 'f': o.capture_filter = arg; break;
            case 'D': o.list_interfaces = TRUE; break;
            case 'p': o.no_promisc = TRUE; break;
            case 's': o.snaplen = g_ascii_strtoll (arg, NULL, 10); break;
            case 'B': o.buffer_mib = g_ascii_strtoll (arg, NULL, 10); break;
            case 'a':
              if (g_str_has_prefix (arg, "duration:"))
                o.duration_s = g_ascii_strtoll (arg + 9, NULL, 10);
              else
                {
                  fprintf (stderr, _("wirelens-cli: Invalid or unknown -a flag \"%s\"\n"), arg);
                  return 1;
                }
              break;
            case 'n': wl_ether_names_set_enabled (FALSE); break; /* tshark -n: bare addresses */
            case 'N': wl_ether_names_set_enabled (strchr (arg, 'm') != NULL); break; /* only those listed */
            case '2': case 'P': case 'S': case 'H': break;
            case 'z': g_ptr_array_add (o.stats, (gpointer) arg); break;
            case 'o': case 'X': case 'd': break; /* accepted, no effect yet */
            case 'c':
              {
                char *end = NULL;
                errno = 0;
                o.max_packets = g_ascii_strtoll (arg, &end, 10);
                if (errno || !end || *end || o.max_packets <= 0)
                  {
                    fprintf (stderr, _("wirelens-cli: The specified packet count \"%s\" isn't a valid positive integer\n"), arg);
                    return 1;
                  }
                break;
              }
            case 'T':
              if (strcmp (arg, "fields") == 0)
                o.format = OUT_FIELDS;
              else if (strcmp (arg, "json") == 0)
                o.format = OUT_JSON;
              else if (strcmp (arg, "ek") == 0)
                o.format = OUT_EK;
              else if (strcmp (arg, "text") == 0)
                o.format = OUT_TEXT;
              else
                {
                  fprintf (stderr, _("wirelens-cli: Invalid -T parameter \"%s\"; it must be one of: text, fields, json, ek\n"), arg);
                  return 1;
                }
              break;
            case 'e': g_ptr_array_add (o.fields, (gpointer) arg); break;
            case 'E':
              if (!parse_E (&o, arg))
                {
                  fprintf (stderr, _("wirelens-cli: Invalid -E parameter \"%s\"\n"), arg);
                  return 1;
                }
              break;
            case 't':
              if (strcmp (arg, "a") == 0) o.time_format = WL_TIME_ABSOLUTE;
              else if (strcmp (arg, "ad") == 0) o.time_format = WL_TIME_ABSOLUTE_DATE;
              else if (strcmp (arg, "d") == 0) o.time_format = WL_TIME_DELTA;
              else if (strcmp (arg, "e") == 0) o.time_format = WL_TIME_EPOCH;
              else o.time_format = WL_TIME_RELATIVE;
              break;
            case 'G': return print_glossary (arg);
            case 'h': usage (stdout); return 0;
            case 'v': printf ("Wirelens %s\n", PACKAGE_VERSION); return 0;
            default:
              if (has_arg)
                break;
              fprintf (stderr, _("wirelens-cli: invalid option -- '%c'\n"), opt);
              usage (stderr);
              return 1;
            }
          if (has_arg)
            break;
        }
    }
  int rc;
  if (o.list_interfaces)
    rc = cli_list_interfaces (&o);
  else if (o.interfaces->len > 0)
    rc = cli_capture (&o);
  else
    rc = run (&o);
  g_ptr_array_unref (o.interfaces);
  g_ptr_array_unref (o.stats);
  g_ptr_array_unref (o.fields);
  g_free (o.field_ids);
  return rc;
}
