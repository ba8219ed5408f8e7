/* SPDX-License-Identifier: GPL-2.0-or-later */
/* wirelens-cli's shared state: the options as tshark spells them, and the printers. */
#pragma once

#include <stdio.h>
#include "session.h"
#include "columns.h"
#include "field-format.h"

typedef enum {
  OUT_TEXT,
  OUT_FIELDS,
  OUT_JSON,
  OUT_EK,
} OutputFormat;

typedef struct {
  const char *read_file;
  const char *display_filter;
  const char *write_file;
  const char *write_format; /* -F */
  OutputFormat format;
  GPtrArray *fields;        /* -e names */
  int *field_ids;           /* resolved, -1 for _ws.col.* handled apart */
  gboolean verbose;         /* -V */
  gboolean hex;             /* -x */
  gboolean quiet;           /* -q */
  gint64 max_packets;       /* -c, 0 = no limit */
  gboolean header;          /* -E header=y */
  char separator;           /* -E separator= */
  char occurrence;          /* -E occurrence=f|l|a */
  char aggregator;          /* -E aggregator= */
  char quote;               /* -E quote=d|s|n */
  WlTimeFormat time_format; /* -t */
  gboolean line_buffered;   /* -l */
  gboolean explain;         /* --explain: why each packet matched -Y */
  GPtrArray *stats;         /* -z arguments */
  gpointer stats_state;     /* stats.c's */
  /* Live capture */
  GPtrArray *interfaces;    /* -i, repeatable */
  const char *capture_filter; /* -f */
  gint64 duration_s;        /* -a duration:S */
  gint64 snaplen;           /* -s */
  gboolean no_promisc;      /* -p */
  gint64 buffer_mib;        /* -B */
  gboolean list_interfaces; /* -D */
  gboolean no_processes;    /* --no-processes: don't record each packet's process */
} CliOptions;

/* capture.c: live capture through wirelens-capture (-i, -D) */
int cli_list_interfaces (const CliOptions *o);
int cli_capture (CliOptions *o);
/* The per-packet output shared by files and live capture: prints p as the options ask. */
void cli_output_packet (FILE *out, const CliOptions *o, const WlPacket *p, guint64 n_shown);
/* The same into a buffer, for the formats that print the tree (-V, -T json, -T ek): what
 * cli_output_packet () prints for them, without touching any shared state. */
void cli_append_packet (GString *buf, const CliOptions *o, const WlPacket *p, guint64 n_shown);
/* Whether cli_append_packet () does o's format. */
gboolean cli_format_appends (const CliOptions *o);
/* print-parallel.c: prints frames 1..n of session as cli_output_packet () does for a format
 * cli_append_packet () does, on every core (see there), and counts them in *shown; FALSE, with
 * nothing done, when one thread would do it (one CPU, or WIRELENS_CLI_THREADS=0). Sets error
 * when the file was cut short under it. */
gboolean cli_print_parallel (const CliOptions *o, WlSession *session, guint32 n, FILE *out, guint64 *shown,
                             GError **error);

/* stats.c: -z statistics (conv, endpoints, io,phs, follow...). cli_stats_init parses every -z
 * argument (FALSE with a message on stderr when one is unknown) and adds the fields they need
 * to wanted; cli_stats_packet sees every packet that passed -Y; cli_stats_finish prints the
 * tables, as tshark does after the packets. */
/* *needs_full_tree: the tree's shape (io,phs, expert); *needs_expert_items: the expert items
 * with their labels too (WlDissectOptions.expert_items). */
gboolean cli_stats_init (CliOptions *o, guint8 *wanted, gboolean *needs_full_tree, gboolean *needs_expert_items);
/* Runs the statistics over the whole file on every core (frames split by address pair) when
 * they allow it (today: one -z io,phs); FALSE when the caller must feed them packet by packet. */
gboolean cli_stats_run_split (CliOptions *o, WlFrameStore *store, const WlDissectOptions *dopts,
                              const guint8 *wanted);
void cli_stats_packet (CliOptions *o, const WlPacket *p);
void cli_stats_finish (CliOptions *o, FILE *out);

/* services.c: -z services (issue 9). cli_services_take removes "services" from o->stats and
 * adds the fields it reads to wanted; TRUE when it was asked for. */
struct WlServices;
gboolean cli_services_take (CliOptions *o, guint8 *wanted);
void cli_services_print (struct WlServices *s, FILE *out);

/* print-text.c */
void cli_print_summary (FILE *out, const CliOptions *o, const WlPacket *p);
void cli_append_tree (GString *out, const WlPacket *p);
void cli_append_hex (GString *out, const WlPacket *p);
/* print-fields.c */
gboolean cli_fields_resolve (CliOptions *o);
void cli_print_fields_header (FILE *out, const CliOptions *o);
void cli_print_fields (FILE *out, const CliOptions *o, const WlPacket *p);
/* print-json.c */
void cli_print_json_begin (FILE *out);
void cli_append_json (GString *out, const CliOptions *o, const WlPacket *p, gboolean first);
void cli_print_json_end (FILE *out, gboolean any);
void cli_append_ek (GString *out, const CliOptions *o, const WlPacket *p);
