/* SPDX-License-Identifier: GPL-2.0-or-later */
/* -z statistics (issue 8): conv,<layer>[,filter], endpoints,<layer>[,filter], io,phs[,filter],
 * follow,tcp|udp,ascii|hex|raw,<stream>|<a:port>,<b:port>[,<chunks>], expert[,<level>][,filter].
 * Arguments are matched as tshark matches them (by the longest known prefix); the tables are
 * computed by src/core/stats and printed after the packets, in tshark's text and in the
 * reverse order of the -z options, as tshark prints them. */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <glib/gi18n.h>
#include "cli.h"
#include "ether-names.h"
#include "stats/conversations.h"
#include "stats/expert.h"
#include "stats/follow.h"
#include "stats/hierarchy.h"
#include "dfilter.h"

typedef enum {
  STAT_CONV,
  STAT_ENDPOINTS,
  STAT_PHS,
  STAT_FOLLOW,
  STAT_EXPERT,
} StatKind;

typedef struct {
  StatKind kind;
  char *filter;              /* the -z filter text, NULL when none */
  WlDfilter *df;
  WlConvTable *conv;
  WlHierarchy *phs;
  WlFollow *follow;
  WlFollowMode follow_mode;
  guint32 chunk_min, chunk_max;
  WlExpert *expert;
  WlExpertSeverity expert_lowest;
} Stat;

typedef struct {
  GPtrArray *stats;          /* Stat*, in -z order */
  /* The fields whose values the statistics read from a flow-split first pass: wanted
   * without the stream numbers conversation tables read only as the identity of a stream
   * within its address pair (wl_flow_split_ok ()). */
  guint8 *split_check;
} StatsState;

/* The -z names we know, as tshark registers them. */
static const char *const known[] = {
  "conv,eth", "conv,ip", "conv,ipv6", "conv,tcp", "conv,udp",
  "endpoints,eth", "endpoints,ip", "endpoints,ipv6", "endpoints,tcp", "endpoints,udp",
  "expert", "follow,tcp", "follow,udp", "io,phs",
};

/* tshark looks the argument up from the end of its sorted list, so that "conv,ipv6" wins over
 * its prefix "conv,ip". */
static const char *
match_known (const char *arg)
{
  for (gsize i = G_N_ELEMENTS (known); i-- > 0;)
    if (strncmp (arg, known[i], strlen (known[i])) == 0)
      return known[i];
  return NULL;
}

static void
stat_free (gpointer data)
{
  Stat *s = data;
  g_free (s->filter);
  if (s->df)
    wl_dfilter_free (s->df);
  wl_conv_table_free (s->conv);
  wl_hierarchy_free (s->phs);
  wl_follow_free (s->follow);
  wl_expert_free (s->expert);
  g_free (s);
}

static void
follow_exit (const char *msg)
{
  fprintf (stderr, "wirelens-cli: follow - %s\n", msg);
}

/* ",<stream>" or ",<a>:<port>,<b>:<port>" (IPv6 in brackets), as tshark's follow takes them. */
static gboolean
parse_follow_target (const char **argp, WlFollowProto proto, WlFollow **out)
{
  const char *a = *argp;
  if (a[0] == ',' && g_ascii_isdigit (a[1]))
    {
      char *end = NULL;
      guint64 v = g_ascii_strtoull (a + 1, &end, 10);
      if ((*end == 0 || *end == ',') && v <= G_MAXINT32)
        {
          *out = wl_follow_new (proto, (guint32) v);
          *argp = end;
          return TRUE;
        }
    }
  WlAddress addr[2];
  guint32 port[2];
  for (int i = 0; i < 2; i++)
    {
      if (a[0] != ',')
        {
          follow_exit ("Invalid address.");
          return FALSE;
        }
      a++;
      const char *host_end;
      const char *colon;
      gboolean v6 = a[0] == '[';
      if (v6)
        {
          host_end = strchr (a, ']');
          colon = host_end && host_end[1] == ':' ? host_end + 1 : NULL;
          a++;
        }
      else
        {
          colon = strchr (a, ':');
          host_end = colon;
        }
      if (!host_end || !colon)
        {
          follow_exit ("Invalid address.");
          return FALSE;
        }
      g_autofree char *host = g_strndup (a, (gsize) (host_end - a));
      char *end = NULL;
      gint64 pv = g_ascii_strtoll (colon + 1, &end, 10);
      if (end == colon + 1)
        {
          follow_exit ("Invalid address.");
          return FALSE;
        }
      if (pv <= 0 || pv > G_MAXUINT16)
        {
          follow_exit ("Invalid port.");
          return FALSE;
        }
      guint8 bytes[16];
      if (inet_pton (v6 ? AF_INET6 : AF_INET, host, bytes) != 1)
        {
          follow_exit (v6 ? "Can't get IPv6 address" : "Can't get IPv4 address");
          return FALSE;
        }
      wl_address_set (&addr[i], v6 ? WL_ADDR_IPv6 : WL_ADDR_IPv4, bytes);
      port[i] = (guint32) pv;
      a = end;
    }
  if (addr[0].type != addr[1].type)
    {
      follow_exit ("Mismatched IP address types.");
      return FALSE;
    }
  *out = wl_follow_new_for_endpoints (proto, &addr[0], port[0], &addr[1], port[1]);
  *argp = a;
  return TRUE;
}

static gboolean
parse_follow (Stat *s, const char *arg, const char *name)
{
  WlFollowProto proto = strcmp (name, "follow,tcp") == 0 ? WL_FOLLOW_TCP : WL_FOLLOW_UDP;
  const char *a = arg + strlen (name);
  if (g_str_has_prefix (a, ",hex"))
    s->follow_mode = WL_FOLLOW_HEX, a += 4;
  else if (g_str_has_prefix (a, ",ascii"))
    s->follow_mode = WL_FOLLOW_ASCII, a += 6;
  else if (g_str_has_prefix (a, ",raw"))
    s->follow_mode = WL_FOLLOW_RAW, a += 4;
  else
    {
      follow_exit ("Invalid display mode.");
      return FALSE;
    }
  if (!parse_follow_target (&a, proto, &s->follow))
    return FALSE;
  s->chunk_min = 1;
  s->chunk_max = G_MAXUINT32;
  if (*a)
    {
      char *end = NULL;
      if (a[0] != ',' || !g_ascii_isdigit (a[1]))
        {
          follow_exit ("Invalid range.");
          return FALSE;
        }
      s->chunk_min = (guint32) g_ascii_strtoull (a + 1, &end, 10);
      s->chunk_max = s->chunk_min;
      if (end[0] == '-' && g_ascii_isdigit (end[1]))
        s->chunk_max = (guint32) g_ascii_strtoull (end + 1, &end, 10);
      a = end;
      if (s->chunk_min < 1 || s->chunk_min > s->chunk_max)
        {
          follow_exit ("Invalid range value.");
          return FALSE;
        }
    }
  if (*a)
    {
      follow_exit ("Invalid parameter.");
      return FALSE;
    }
  return TRUE;
}

/* Compiles a -z filter; on error prints what tshark prints for that statistic. */
static gboolean
compile_filter (Stat *s, guint8 *wanted)
{
  if (!s->filter || !s->filter[0])
    return TRUE;
  WlDfilterError *err = NULL;
  s->df = wl_dfilter_compile (s->filter, &err);
  if (!s->df)
    {
      g_autofree char *why = g_strdup_printf ("Filter \"%s\" is invalid - %s", s->filter, err ? err->message : "");
      wl_dfilter_error_free (err);
      switch (s->kind)
        {
        case STAT_CONV:
          fprintf (stderr, "wirelens-cli: Couldn't register conversations tap: %s\n", why);
          break;
        case STAT_ENDPOINTS:
          fprintf (stderr, "wirelens-cli: Couldn't register endpoint tap: %s\n", why);
          break;
        case STAT_PHS:
          fprintf (stderr, "wirelens-cli: Couldn't register io,phs tap: %s\n", why);
          break;
        case STAT_EXPERT:
          /* tshark prints this one on standard output */
          printf ("Expert tap error (%s)!\n", why);
          break;
        case STAT_FOLLOW:
          break;
        }
      return FALSE;
    }
  wl_dfilter_add_wanted (s->df, wanted);
  return TRUE;
}

/* Whether the set holds a field of the frame protocol: tshark then builds the frame's tree
 * item, which io,phs counts. */
static gboolean
wants_frame (const guint8 *set)
{
  const WlField *frame = wl_field_lookup ("frame");
  if (!frame || !set)
    return FALSE;
  int n = wl_field_count ();
  for (int id = 0; id < n; id++)
    if ((set[id >> 3] & (1u << (id & 7))) && wl_field_get (id) && wl_field_get (id)->proto_id == frame->id)
      return TRUE;
  return FALSE;
}

static void
print_invalid (const char *arg)
{
  fprintf (stderr, _("wirelens-cli: Invalid -z argument \"%s\"; it must be one of:\n"), arg);
  for (gsize i = 0; i < G_N_ELEMENTS (known); i++)
    fprintf (stderr, "     %s\n", known[i]);
}

gboolean
cli_stats_init (CliOptions *o, guint8 *wanted, gboolean *needs_full_tree, gboolean *needs_expert_items)
{
  StatsState *st = g_new0 (StatsState, 1);
  st->stats = g_ptr_array_new_with_free_func (stat_free);
  o->stats_state = st;
  /* Fields the display filter and -e read are in wanted already */
  gboolean frame_referenced = wants_frame (wanted);
  g_autofree guint8 *zwanted = wl_field_set_new ();
  st->split_check = wl_field_set_new ();
  int n_fields = wl_field_count ();
  for (int id = 0; id < n_fields; id++)
    if (wanted[id >> 3] & (1u << (id & 7)))
      wl_field_set_add (st->split_check, id);

  for (guint i = 0; i < o->stats->len; i++)
    {
      const char *arg = g_ptr_array_index (o->stats, i);
      const char *name = match_known (arg);
      if (!name)
        {
          print_invalid (arg);
          return FALSE;
        }
      Stat *s = g_new0 (Stat, 1);
      g_ptr_array_add (st->stats, s);
      gsize nlen = strlen (name);
      if (g_str_has_prefix (name, "conv,") || g_str_has_prefix (name, "endpoints,"))
        {
          WlConvType type;
          wl_conv_type_from_name (strchr (name, ',') + 1, &type);
          s->kind = name[0] == 'c' ? STAT_CONV : STAT_ENDPOINTS;
          s->conv = wl_conv_table_new (type);
          wl_conv_table_set_counts (s->conv, s->kind == STAT_CONV, s->kind == STAT_ENDPOINTS);
          if (arg[nlen] == ',')
            s->filter = g_strdup (arg + nlen + 1);
          /* Without a filter the table sees every packet and can tell TCP streams apart
           * itself, without TCP's stream state */
          gboolean own_streams = type == WL_CONV_TCP && !s->filter;
          if (own_streams)
            wl_conv_table_track_tcp_streams (s->conv);
          wl_conv_table_add_wanted_for (type, wanted, !own_streams);
          wl_conv_table_add_wanted_for (type, st->split_check, FALSE);
        }
      else if (strcmp (name, "io,phs") == 0)
        {
          s->kind = STAT_PHS;
          if (g_str_has_prefix (arg, "io,phs,"))
            s->filter = g_strdup (arg + 7);
          *needs_full_tree = TRUE; /* the tree's shape, not its labels */
        }
      else if (strcmp (name, "expert") == 0)
        {
          s->kind = STAT_EXPERT;
          s->expert = wl_expert_new ();
          s->expert_lowest = WL_EXPERT_COMMENT;
          const char *a = arg + 6;
          static const struct { const char *word; WlExpertSeverity sev; } levels[] = {
            { ",error", WL_EXPERT_ERROR }, { ",warn", WL_EXPERT_WARN }, { ",note", WL_EXPERT_NOTE },
            { ",chat", WL_EXPERT_CHAT }, { ",comment", WL_EXPERT_COMMENT },
          };
          for (gsize l = 0; l < G_N_ELEMENTS (levels); l++)
            if (g_ascii_strncasecmp (a, levels[l].word, strlen (levels[l].word)) == 0)
              {
                s->expert_lowest = levels[l].sev;
                a += strlen (levels[l].word);
                break;
              }
          if (a[0] == ',')
            s->filter = g_strdup (a + 1);
          /* the items (their labels hold the summaries) and the malformed marks, in the
           * tree's shape: not the labels of the rest */
          *needs_full_tree = TRUE;
          *needs_expert_items = TRUE;
          wl_expert_add_wanted (zwanted);
        }
      else
        {
          s->kind = STAT_FOLLOW;
          if (!parse_follow (s, arg, name))
            return FALSE;
          wl_follow_add_wanted (wl_follow_proto (s->follow), wanted);
        }
      if (!compile_filter (s, zwanted))
        return FALSE;
    }
  frame_referenced = frame_referenced || wants_frame (zwanted) || o->verbose || o->format != OUT_TEXT;
  int n = wl_field_count ();
  for (int id = 0; id < n; id++)
    if (zwanted[id >> 3] & (1u << (id & 7)))
      {
        wl_field_set_add (wanted, id);
        wl_field_set_add (st->split_check, id);
      }
  /* Whether tshark would build a protocol tree: some expert items depend on it */
  gboolean tree = o->verbose || o->format != OUT_TEXT || o->display_filter;
  for (guint i = 0; i < st->stats->len; i++)
    {
      Stat *s = g_ptr_array_index (st->stats, i);
      tree = tree || s->kind == STAT_PHS || (s->filter && s->filter[0]);
    }
  for (guint i = 0; i < st->stats->len; i++)
    {
      Stat *s = g_ptr_array_index (st->stats, i);
      if (s->kind == STAT_PHS)
        {
          s->phs = wl_hierarchy_new (frame_referenced);
          /* tshark's tree is "visible" when it prints it, and then orders it for printing */
          wl_hierarchy_set_tree_order (s->phs, o->verbose || o->format != OUT_TEXT);
        }
      if (s->kind == STAT_EXPERT)
        wl_expert_set_tree_items (s->expert, tree);
    }
  return TRUE;
}

void
cli_stats_packet (CliOptions *o, const WlPacket *p)
{
  StatsState *st = o->stats_state;
  if (!st)
    return;
  for (guint i = 0; i < st->stats->len; i++)
    {
      Stat *s = g_ptr_array_index (st->stats, i);
      if (s->df && !wl_dfilter_apply (s->df, p))
        continue;
      switch (s->kind)
        {
        case STAT_CONV:
        case STAT_ENDPOINTS:
          wl_conv_table_add_packet (s->conv, p);
          break;
        case STAT_PHS:
          wl_hierarchy_add_packet (s->phs, p);
          break;
        case STAT_FOLLOW:
          wl_follow_add_packet (s->follow, p);
          break;
        case STAT_EXPERT:
          wl_expert_add_packet (s->expert, p);
          break;
        }
    }
}

/* One worker of a flow-split first pass: its own table for each statistic (NULL for the
 * ones it does not count). */
typedef struct {
  const StatsState *st;
  WlConvTable **conv;
  WlHierarchy **phs;
} SplitPart;

static void
split_frame (const WlPacket *p, gpointer user_data)
{
  SplitPart *sp = user_data;
  for (guint i = 0; i < sp->st->stats->len; i++)
    {
      const Stat *s = g_ptr_array_index (sp->st->stats, i);
      if (!sp->conv[i] && !sp->phs[i])
        continue;
      if (s->df && !wl_dfilter_apply (s->df, p))
        continue;
      if (sp->conv[i])
        wl_conv_table_add_packet (sp->conv[i], p);
      else
        wl_hierarchy_add_packet (sp->phs[i], p);
    }
}

/* Whether a statistic is follow,tcp of a stream number, which follow_tcp_stream computes. */
static gboolean
is_follow_tcp_stream (const Stat *s)
{
  return s->kind == STAT_FOLLOW && wl_follow_proto (s->follow) == WL_FOLLOW_TCP
         && wl_follow_stream (s->follow) != G_MAXUINT32;
}

/* The place (0 for the first) among p's tcp.stream values, up to an ICMP layer (whose quoted
 * headers follow does not take), of the one equal to stream; -1 when none is. */
static int
find_stream_node (const WlPacket *p, int stream_id, int icmp_id, int icmpv6_id, guint32 stream)
{
  int k = 0;
  for (const WlNode *n = p->all_first; n; n = n->next_in_frame)
    {
      int id = n->field ? n->field->id : -1;
      if (id == icmp_id || id == icmpv6_id)
        break;
      if (id != stream_id)
        continue;
      if ((guint32) n->v.u == stream)
        return k;
      k++;
    }
  return -1;
}

/* -z follow,tcp,MODE,N without dissecting every frame: streams are numbered in order of
 * appearance, so a pass that keeps only the TCP stream state (no payloads, no other field)
 * stops at the frame that opens stream N. From there only the frames of that frame's address
 * pair can belong to it: a second session sees those alone (it numbers streams its own way,
 * the stream's own state is the same) and hands them to follow. */
static void
follow_tcp_stream (Stat *s, WlFrameStore *store)
{
  const WlField *stream_f = wl_field_lookup ("tcp.stream");
  const WlField *icmp_f = wl_field_lookup ("icmp"), *icmpv6_f = wl_field_lookup ("icmpv6");
  guint32 target = wl_follow_stream (s->follow);
  guint32 n = wl_frame_store_count (store);
  WlArena *arena = wl_arena_new ();
  WlPacket p = { 0 };

  g_autofree guint8 *w1 = wl_field_set_new ();
  wl_field_set_add (w1, stream_f->id);
  if (icmp_f)
    wl_field_set_add (w1, icmp_f->id);
  if (icmpv6_f)
    wl_field_set_add (w1, icmpv6_f->id);
  WlDissectOptions o1 = { 0 };
  o1.wanted = w1;
  wl_dissect_options_prune (&o1);
  WlSession *s1 = wl_session_new_shared (store);
  guint32 first = 0;
  int k = -1;
  for (guint32 f = 1; f <= n && !first; f++)
    {
      wl_dissect_frame (s1, f, &o1, &p, arena);
      k = find_stream_node (&p, stream_f->id, icmp_f ? icmp_f->id : -1, icmpv6_f ? icmpv6_f->id : -1, target);
      if (k >= 0)
        first = f;
    }
  wl_session_free (s1);
  wl_dissect_options_clear (&o1);

  if (first)
    {
      g_autofree guint8 *w2 = wl_field_set_new ();
      wl_follow_add_wanted (WL_FOLLOW_TCP, w2);
      WlDissectOptions o2 = { 0 };
      o2.wanted = w2;
      wl_dissect_options_prune (&o2);
      WlSession *s2 = wl_session_new_shared (store);
      guint part = 0;
      for (guint32 f = first; f <= n; f++)
        {
          /* a 32-bit hash of the address pair: another pair's frames that collide are only
           * dissected for nothing */
          guint h = wl_flow_part_of_frame (store, f, G_MAXUINT);
          if (f == first)
            part = h;
          else if (h != part)
            continue;
          wl_dissect_frame_sparse (s2, f, &o2, &p, arena);
          if (f == first)
            {
              /* the stream's number in this session: the same header of the same frame */
              int i = 0;
              guint32 local = 0;
              for (const WlNode *nd = p.all_first; nd; nd = nd->next_in_frame)
                if (nd->field && nd->field->id == stream_f->id && i++ == k)
                  {
                    local = (guint32) nd->v.u;
                    break;
                  }
              wl_follow_match_stream (s->follow, local);
            }
          wl_follow_add_packet (s->follow, &p);
        }
      wl_session_free (s2);
      wl_dissect_options_clear (&o2);
    }
  wl_packet_clear (&p);
  wl_arena_free (arena);
}

gboolean
cli_stats_run_split (CliOptions *o, WlFrameStore *store, const WlDissectOptions *dopts, const guint8 *wanted)
{
  StatsState *st = o->stats_state;
  (void) wanted; /* st->split_check holds it, with what the statistics added */
  if (!st || !st->stats->len)
    return FALSE;
  guint n_split = 0;
  for (guint i = 0; i < st->stats->len; i++)
    {
      const Stat *s = g_ptr_array_index (st->stats, i);
      if (s->kind == STAT_CONV || s->kind == STAT_ENDPOINTS || s->kind == STAT_PHS)
        n_split++;
      else if (!is_follow_tcp_stream (s))
        return FALSE;
    }
  if (n_split && !wl_flow_split_ok (st->split_check))
    return FALSE;

  if (n_split)
    {
      /* Each worker counts the frames of its address pairs; the tables add up (records of
       * one address pair are in one part; the others are summed, keeping the capture's order
       * of appearance: wl_conv_table_merge, wl_hierarchy_merge). */
      guint n = CLAMP (g_get_num_processors (), 1, 64);
      guint ns = st->stats->len;
      SplitPart *parts = g_new0 (SplitPart, n);
      gpointer *data = g_new0 (gpointer, n);
      for (guint w = 0; w < n; w++)
        {
          parts[w].st = st;
          parts[w].conv = g_new0 (WlConvTable *, ns);
          parts[w].phs = g_new0 (WlHierarchy *, ns);
          for (guint i = 0; i < ns; i++)
            {
              const Stat *s = g_ptr_array_index (st->stats, i);
              if (s->kind == STAT_CONV || s->kind == STAT_ENDPOINTS)
                {
                  parts[w].conv[i] = wl_conv_table_new (wl_conv_table_type (s->conv));
                  wl_conv_table_set_counts (parts[w].conv[i], s->kind == STAT_CONV, s->kind == STAT_ENDPOINTS);
                  if (wl_conv_table_tracks_tcp_streams (s->conv))
                    wl_conv_table_track_tcp_streams (parts[w].conv[i]);
                }
              else if (s->kind == STAT_PHS)
                parts[w].phs[i] = wl_hierarchy_new_like (s->phs);
            }
          data[w] = &parts[w];
        }
      wl_session_run_split (store, dopts, n, split_frame, data);
      WlConvTable **tables = g_new0 (WlConvTable *, n);
      for (guint i = 0; i < ns; i++)
        {
          Stat *s = g_ptr_array_index (st->stats, i);
          if (s->kind == STAT_PHS)
            for (guint w = 0; w < n; w++)
              wl_hierarchy_merge (s->phs, parts[w].phs[i]);
          else if (s->conv)
            {
              for (guint w = 0; w < n; w++)
                tables[w] = parts[w].conv[i];
              wl_conv_table_merge (s->conv, tables, n);
            }
        }
      g_free (tables);
      for (guint w = 0; w < n; w++)
        {
          for (guint i = 0; i < ns; i++)
            {
              wl_conv_table_free (parts[w].conv[i]);
              wl_hierarchy_free (parts[w].phs[i]);
            }
          g_free (parts[w].conv);
          g_free (parts[w].phs);
        }
      g_free (data);
      g_free (parts);
    }
  for (guint i = 0; i < st->stats->len; i++)
    {
      Stat *s = g_ptr_array_index (st->stats, i);
      if (s->kind == STAT_FOLLOW)
        follow_tcp_stream (s, store);
    }
  return TRUE;
}

/* ---- Printing: tshark's text, kept exact (scripts parse it), so not translated ---- */

/* Numbers and padding without printf, whose format parsing was most of the time of writing
 * a table of tens of thousands of rows. */

/* "%-*s": str left-aligned in width */
static void
append_left (GString *out, const GString *str, int width)
{
  g_string_append_len (out, str->str, (gssize) str->len);
  for (int pad = width - (int) str->len; pad > 0; pad--)
    g_string_append_c (out, ' ');
}

/* tshark's format_size for bytes: "9999 bytes", "10 kB", "10 MB"... (SI, truncated) */
static void
append_size (GString *out, guint64 size)
{
  static const char *const prefix[] = { " TB", " GB", " MB", " kB" };
  const guint64 k = 1000;
  if (size / k / k / k / k >= 10)
    wl_append_uint (out, size / k / k / k / k, 0), g_string_append (out, prefix[0]);
  else if (size / k / k / k >= 10)
    wl_append_uint (out, size / k / k / k, 0), g_string_append (out, prefix[1]);
  else if (size / k / k >= 10)
    wl_append_uint (out, size / k / k, 0), g_string_append (out, prefix[2]);
  else if (size / k >= 10)
    wl_append_uint (out, size / k, 0), g_string_append (out, prefix[3]);
  else
    wl_append_uint (out, size, 0), g_string_append (out, " bytes");
}

/* Times below a million seconds: a double holds them to better than a tenth of a nanosecond,
 * so printf's rounding of the seconds is the decimal the nanoseconds spell, written here
 * without printf's multi-precision work (tens of thousands of rows). */
#define FAST_NS G_GINT64_CONSTANT (1000000000000000)

/* tshark's "%14.9f" of a relative start */
static void
append_rel_start (GString *out, gint64 ns)
{
  if (ns <= -FAST_NS || ns >= FAST_NS)
    {
      g_string_append_printf (out, "%14.9f", wl_conv_ns_to_sec (ns));
      return;
    }
  char buf[40];
  guint64 a = (guint64) (ns < 0 ? -ns : ns);
  int n = g_snprintf (buf, sizeof buf, "%s%" G_GUINT64_FORMAT ".%09u", ns < 0 ? "-" : "", a / 1000000000,
                      (guint) (a % 1000000000));
  for (int pad = 14 - n; pad > 0; pad--)
    g_string_append_c (out, ' ');
  g_string_append_len (out, buf, n);
}

/* tshark's "   %12.4f\n" of stop - start in seconds: rounded to the nearest 100 us, but for
 * the exact halves, where the doubles' own error decides (left to printf) */
static void
append_duration (GString *out, gint64 start_ns, gint64 stop_ns)
{
  gint64 d = stop_ns - start_ns;
  if (start_ns <= -FAST_NS || start_ns >= FAST_NS || stop_ns <= -FAST_NS || stop_ns >= FAST_NS || d < 0
      || d % 100000 == 50000)
    {
      g_string_append_printf (out, "   %12.4f\n", wl_conv_ns_to_sec (stop_ns) - wl_conv_ns_to_sec (start_ns));
      return;
    }
  guint64 units = ((guint64) d + 50000) / 100000;
  char buf[40];
  int n = g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT ".%04u", units / 10000, (guint) (units % 10000));
  g_string_append (out, "   ");
  for (int pad = 12 - n; pad > 0; pad--)
    g_string_append_c (out, ' ');
  g_string_append_len (out, buf, n);
  g_string_append_c (out, '\n');
}

static void
append_endpoint_name (GString *out, const WlAddress *a, guint32 port, gboolean ports)
{
  if (a->type == WL_ADDR_IPv4)
    for (int i = 0; i < 4; i++)
      {
        if (i)
          g_string_append_c (out, '.');
        wl_append_uint (out, a->data[i], 0);
      }
  else if (a->type == WL_ADDR_ETHER)
    wl_ether_format_resolved (a->data, FALSE, out); /* tshark names them: "RealtekU_3a:10:01" */
  else
    wl_conv_format_address (a, out);
  if (ports)
    {
      g_string_append_c (out, ':');
      wl_append_uint (out, port, 0);
    }
}

/* Rows from..to of a table, each thread of format_rows formatting a slice into its own
 * string. */
typedef struct {
  const GPtrArray *rows;
  guint from, to;
  WlTimeFormat time_format;
  gboolean ports;
  GString *out;
} RowSlice;

static gpointer
conv_rows (gpointer data)
{
  RowSlice *sl = data;
  GString *out = sl->out;
  gboolean ports = sl->ports;
  GString *a = g_string_new (NULL), *b = g_string_new (NULL);
  GString *rx = g_string_new (NULL), *tx = g_string_new (NULL), *tot = g_string_new (NULL);
  for (guint i = sl->from; i < sl->to; i++)
    {
      const WlConversation *c = g_ptr_array_index (sl->rows, i);
      g_string_truncate (a, 0);
      g_string_truncate (b, 0);
      g_string_truncate (rx, 0);
      g_string_truncate (tx, 0);
      g_string_truncate (tot, 0);
      append_endpoint_name (a, &c->a, c->port_a, ports);
      append_endpoint_name (b, &c->b, c->port_b, ports);
      append_size (rx, c->bytes_ba);
      append_size (tx, c->bytes_ab);
      append_size (tot, c->bytes_ab + c->bytes_ba);
      int w = ports ? 26 : 20;
      /* "%-*s <-> %-*s  %6u %-9s  %6u %-9s  %6u %-9s  " */
      append_left (out, a, w);
      g_string_append (out, " <-> ");
      append_left (out, b, w);
      g_string_append (out, "  ");
      wl_append_uint (out, c->frames_ba, 6);
      g_string_append_c (out, ' ');
      append_left (out, rx, 9);
      g_string_append (out, "  ");
      wl_append_uint (out, c->frames_ab, 6);
      g_string_append_c (out, ' ');
      append_left (out, tx, 9);
      g_string_append (out, "  ");
      wl_append_uint (out, c->frames_ab + c->frames_ba, 6);
      g_string_append_c (out, ' ');
      append_left (out, tot, 9);
      g_string_append (out, "  ");
      struct tm tmv, *tm = NULL;
      if (sl->time_format == WL_TIME_ABSOLUTE || sl->time_format == WL_TIME_ABSOLUTE_DATE)
        {
          time_t secs = (time_t) (c->start_abs_ns >= 0 ? c->start_abs_ns / 1000000000
                                                       : -((-c->start_abs_ns + 999999999) / 1000000000));
          tm = localtime_r (&secs, &tmv);
        }
      switch (sl->time_format)
        {
        case WL_TIME_ABSOLUTE:
          if (tm)
            g_string_append_printf (out, "%02d:%02d:%02d", tm->tm_hour, tm->tm_min, tm->tm_sec);
          else
            g_string_append (out, "XX:XX:XX");
          break;
        case WL_TIME_ABSOLUTE_DATE:
          if (tm)
            g_string_append_printf (out, "%04d-%02d-%02d %02d:%02d:%02d", tm->tm_year + 1900, tm->tm_mon + 1,
                                    tm->tm_mday, tm->tm_hour, tm->tm_min, tm->tm_sec);
          else
            g_string_append (out, "XXXX-XX-XX XX:XX:XX");
          break;
        case WL_TIME_EPOCH:
          g_string_append_printf (out, "%20.9f", wl_conv_ns_to_sec (c->start_abs_ns));
          break;
        default:
          append_rel_start (out, c->start_ns);
          break;
        }
      append_duration (out, c->start_ns, c->stop_ns);
    }
  g_string_free (a, TRUE);
  g_string_free (b, TRUE);
  g_string_free (rx, TRUE);
  g_string_free (tx, TRUE);
  g_string_free (tot, TRUE);
  return NULL;
}

static gpointer
endpoint_rows (gpointer data)
{
  RowSlice *sl = data;
  GString *out = sl->out;
  GString *a = g_string_new (NULL);
  for (guint i = sl->from; i < sl->to; i++)
    {
      const WlEndpoint *e = g_ptr_array_index (sl->rows, i);
      g_string_truncate (a, 0);
      append_endpoint_name (a, &e->addr, 0, FALSE);
      /* "%-20s      " ["%5u     "] "%6u     %9u     %6u       %9u      %6u       %9u   \n" */
      append_left (out, a, 20);
      g_string_append (out, "      ");
      if (sl->ports)
        {
          wl_append_uint (out, e->port, 5);
          g_string_append (out, "     ");
        }
      wl_append_uint (out, e->tx_frames + e->rx_frames, 6);
      g_string_append (out, "     ");
      wl_append_uint (out, e->tx_bytes + e->rx_bytes, 9);
      g_string_append (out, "     ");
      wl_append_uint (out, e->tx_frames, 6);
      g_string_append (out, "       ");
      wl_append_uint (out, e->tx_bytes, 9);
      g_string_append (out, "      ");
      wl_append_uint (out, e->rx_frames, 6);
      g_string_append (out, "       ");
      wl_append_uint (out, e->rx_bytes, 9);
      g_string_append (out, "   \n");
    }
  g_string_free (a, TRUE);
  return NULL;
}

/* Formats every row with fn, on every core when there are many (tens of thousands of rows
 * are a visible part of a statistic that runs on every core itself), in order. */
static void
format_rows (GThreadFunc fn, const GPtrArray *rows, WlTimeFormat time_format, gboolean ports, GString *out)
{
  guint n = rows->len < 4096 ? 1 : CLAMP (g_get_num_processors (), 1, 16);
  RowSlice sl[16] = { { 0 } };
  GThread *th[16] = { NULL };
  for (guint k = 0; k < n; k++)
    {
      sl[k] = (RowSlice) { rows, (guint) ((guint64) rows->len * k / n), (guint) ((guint64) rows->len * (k + 1) / n),
                           time_format, ports, k == 0 ? out : g_string_sized_new ((gsize) 64 * (rows->len / n + 1)) };
      if (k > 0)
        th[k] = g_thread_new ("wl-rows", fn, &sl[k]);
    }
  fn (&sl[0]);
  for (guint k = 1; k < n; k++)
    {
      g_thread_join (th[k]);
      g_string_append_len (out, sl[k].out->str, (gssize) sl[k].out->len);
      g_string_free (sl[k].out, TRUE);
    }
}

static void
print_conv (const Stat *s, const CliOptions *o, GString *out)
{
  WlConvType type = wl_conv_table_type (s->conv);
  gboolean ports = wl_conv_type_has_ports (type);
  const char *pad = ports ? "            " : "";
  g_string_append (out, "================================================================================\n");
  g_string_append_printf (out, "%s Conversations\n", wl_conv_type_title (type));
  g_string_append_printf (out, "Filter:%s\n", s->filter ? s->filter : "<No Filter>");
  switch (o->time_format)
    {
    case WL_TIME_ABSOLUTE:
      g_string_append_printf (out, "%s                                               |       <-      | |       ->      | |     Total     | Absolute Time  |   Duration   |\n", pad);
      g_string_append_printf (out, "%s                                               | Frames  Size  | | Frames  Size  | | Frames  Size  |      Start     |              |\n", pad);
      break;
    case WL_TIME_ABSOLUTE_DATE:
      g_string_append_printf (out, "%s                                               |       <-      | |       ->      | |     Total     | Absolute Date  |   Duration   |\n", pad);
      g_string_append_printf (out, "%s                                               | Frames  Size  | | Frames  Size  | | Frames  Size  |     Start      |              |\n", pad);
      break;
    case WL_TIME_EPOCH:
      g_string_append_printf (out, "%s                                               |       <-      | |       ->      | |     Total     |       Relative       |   Duration   |\n", pad);
      g_string_append_printf (out, "%s                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |         Start        |              |\n", pad);
      break;
    default:
      g_string_append_printf (out, "%s                                               |       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n", pad);
      g_string_append_printf (out, "%s                                               | Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n", pad);
      break;
    }
  g_autoptr (GPtrArray) rows = wl_conv_table_sorted_conversations (s->conv);
  format_rows (conv_rows, rows, o->time_format, ports, out);
  g_string_append (out, "================================================================================\n");
}

static void
print_endpoints (const Stat *s, GString *out)
{
  WlConvType type = wl_conv_table_type (s->conv);
  gboolean ports = wl_conv_type_has_ports (type);
  g_string_append (out, "================================================================================\n");
  g_string_append_printf (out, "%s Endpoints\n", wl_conv_type_title (type));
  g_string_append_printf (out, "Filter:%s\n", s->filter ? s->filter : "<No Filter>");
  g_string_append_printf (out, "                       |  %sPackets  | |  Bytes  | | Tx Packets | | Tx Bytes | | Rx Packets | | Rx Bytes |\n",
                          ports ? "Port  ||  " : "");
  g_autoptr (GPtrArray) rows = wl_conv_table_sorted_endpoints (s->conv);
  format_rows (endpoint_rows, rows, WL_TIME_RELATIVE, ports, out);
  g_string_append (out, "================================================================================\n");
}

void
cli_stats_finish (CliOptions *o, FILE *out)
{
  StatsState *st = o->stats_state;
  if (!st)
    return;
  GString *text = g_string_new (NULL);
  /* tshark draws its statistics in the reverse order of the -z options */
  for (guint i = st->stats->len; i-- > 0;)
    {
      Stat *s = g_ptr_array_index (st->stats, i);
      g_string_truncate (text, 0);
      switch (s->kind)
        {
        case STAT_CONV:
          print_conv (s, o, text);
          break;
        case STAT_ENDPOINTS:
          print_endpoints (s, text);
          break;
        case STAT_PHS:
          wl_hierarchy_print (s->phs, s->filter, text);
          break;
        case STAT_FOLLOW:
          wl_follow_print (s->follow, s->follow_mode, s->chunk_min, s->chunk_max, text);
          break;
        case STAT_EXPERT:
          wl_expert_print (s->expert, s->expert_lowest, text);
          break;
        }
      fwrite (text->str, 1, text->len, out);
    }
  g_string_free (text, TRUE);
  g_ptr_array_unref (st->stats);
  g_free (st->split_check);
  g_free (st);
  o->stats_state = NULL;
}
