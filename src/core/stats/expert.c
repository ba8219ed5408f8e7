/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Expert information (see expert.h). */
#include <string.h>
#include "expert.h"
#include "field-format.h"
#include "session.h"

struct WlExpert {
  gboolean with_tree_items;
  guint n_made;                               /* entries made (WlExpertEntry.order) */
  GPtrArray *entries[WL_EXPERT_N_SEVERITIES]; /* WlExpertEntry* */
  GHashTable *index;                          /* "sev\tproto\tsummary" -> WlExpertEntry* */
  GStringChunk *text;
  GString *key;                               /* scratch: the key looked up */
};

static void
entry_free (gpointer data)
{
  WlExpertEntry *en = data;
  g_array_unref (en->frames);
  g_free (en);
}

WlExpert *
wl_expert_new (void)
{
  WlExpert *e = g_new0 (WlExpert, 1);
  e->with_tree_items = TRUE;
  for (int i = 0; i < WL_EXPERT_N_SEVERITIES; i++)
    e->entries[i] = g_ptr_array_new_with_free_func (entry_free);
  e->index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  e->text = g_string_chunk_new (1024);
  e->key = g_string_new (NULL);
  return e;
}

void
wl_expert_free (WlExpert *e)
{
  if (!e)
    return;
  for (int i = 0; i < WL_EXPERT_N_SEVERITIES; i++)
    g_ptr_array_unref (e->entries[i]);
  g_hash_table_destroy (e->index);
  g_string_chunk_free (e->text);
  g_string_free (e->key, TRUE);
  g_free (e);
}

static const struct {
  const char *name, *title;
} severities[WL_EXPERT_N_SEVERITIES] = {
  [WL_EXPERT_COMMENT] = { "Comment", "Comments" },
  [WL_EXPERT_CHAT] = { "Chat", "Chats" },
  [WL_EXPERT_NOTE] = { "Note", "Notes" },
  [WL_EXPERT_WARN] = { "Warning", "Warns" },
  [WL_EXPERT_ERROR] = { "Error", "Errors" },
};

const char *
wl_expert_severity_title (WlExpertSeverity severity)
{
  return severity < WL_EXPERT_N_SEVERITIES ? severities[severity].title : "";
}

gboolean
wl_expert_severity_from_name (const char *name, gsize len, WlExpertSeverity *severity)
{
  for (int i = 0; i < WL_EXPERT_N_SEVERITIES; i++)
    if ((len == strlen (severities[i].name) && g_ascii_strncasecmp (name, severities[i].name, len) == 0) ||
        (i == WL_EXPERT_WARN && len == 4 && g_ascii_strncasecmp (name, "warn", 4) == 0))
      {
        *severity = (WlExpertSeverity) i;
        return TRUE;
      }
  return FALSE;
}

/* The index's key of an item: tshark merges items of one severity with the same protocol and
 * summary. */
static const char *
entry_key (GString *key, WlExpertSeverity sev, const char *protocol, const char *summary)
{
  g_string_truncate (key, 0);
  g_string_append_c (key, (char) ('0' + sev));
  g_string_append_c (key, '\t');
  g_string_append (key, protocol);
  g_string_append_c (key, '\t');
  g_string_append (key, summary);
  return key->str;
}

/* The entry of an item (e->key holding its entry_key ()) that has none yet: made, indexed
 * and listed last of its severity, with no frame. */
static WlExpertEntry *
entry_new (WlExpert *e, WlExpertSeverity sev, const char *group, gsize group_len, const char *protocol,
           const char *summary)
{
  WlExpertEntry *en = g_new0 (WlExpertEntry, 1);
  en->severity = sev;
  en->group = g_string_chunk_insert_len (e->text, group, (gssize) group_len);
  en->protocol = g_string_chunk_insert_const (e->text, protocol);
  en->summary = g_string_chunk_insert_const (e->text, summary);
  en->frames = g_array_new (FALSE, FALSE, sizeof (guint32));
  en->order = e->n_made++;
  g_ptr_array_add (e->entries[sev], en);
  g_hash_table_insert (e->index, g_strdup (e->key->str), en);
  return en;
}

static void
add (WlExpert *e, WlExpertSeverity sev, const char *group, gsize group_len, const char *protocol,
     const char *summary, guint32 frame)
{
  WlExpertEntry *en = g_hash_table_lookup (e->index, entry_key (e->key, sev, protocol, summary));
  if (!en)
    en = entry_new (e, sev, group, group_len, protocol, summary);
  en->count++;
  g_array_append_val (en->frames, frame);
}

void
wl_expert_add_wanted (guint8 *wanted)
{
  /* the items, and the malformed marks of packets that have no item of their own */
  const char *const fields[] = { "_ws.expert", "_ws.malformed" };
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const WlField *f = wl_field_lookup (fields[i]);
      if (f)
        wl_field_set_add (wanted, f->id);
    }
}

void
wl_expert_set_tree_items (WlExpert *e, gboolean with_tree_items)
{
  e->with_tree_items = with_tree_items;
}

/* Items Wireshark's dissectors raise only while they build a protocol tree. */
static gboolean
is_tree_item (const WlNode *n)
{
  static const char *const tree_only[] = { "tcp.nop" };
  for (const WlNode *c = n->first_child; c; c = c->next)
    for (gsize i = 0; c->field && i < G_N_ELEMENTS (tree_only); i++)
      if (strcmp (c->field->abbrev, tree_only[i]) == 0)
        return TRUE;
  return FALSE;
}

/* The protocol an expert item belongs to: the one whose dissector raised it, as tshark tells
 * (mDNS for DNS's items in mDNS packets, TCP for its reassembly errors). Every item raised
 * within a dissector call has one; the exception's own item, raised after the calls, is
 * counted apart (wl_expert_add_packet). */
static const char *
item_protocol (const WlNode *n)
{
  return n->raised_by ? wl_proto_short_name (n->raised_by - 1) : "";
}

/* Splits "Expert Info (Sev/Group): summary"; FALSE when the label is not one. */
static gboolean
parse_label (const char *label, WlExpertSeverity *sev, const char **group, gsize *group_len, const char **summary)
{
  static const char prefix[] = "Expert Info (";
  if (!label || strncmp (label, prefix, sizeof prefix - 1) != 0)
    return FALSE;
  const char *s = label + sizeof prefix - 1;
  const char *slash = strchr (s, '/');
  const char *close = slash ? strstr (slash, "): ") : NULL;
  if (!slash || !close || !wl_expert_severity_from_name (s, (gsize) (slash - s), sev))
    return FALSE;
  *group = slash + 1;
  *group_len = (gsize) (close - slash - 1);
  *summary = close + 3;
  return TRUE;
}

/* The field id of _ws.malformed (looked up once; workers call this at the same time). */
static int
malformed_id (void)
{
  static gsize id_plus_1;
  if (g_once_init_enter (&id_plus_1))
    {
      const WlField *f = wl_field_lookup ("_ws.malformed");
      g_once_init_leave (&id_plus_1, (gsize) (f ? f->id : -1) + 1);
    }
  return (int) id_plus_1 - 1;
}

void
wl_expert_add_packet (WlExpert *e, const WlPacket *p)
{
  int malformed_field = malformed_id ();
  gboolean malformed = FALSE, malformed_item = FALSE;
  for (const WlNode *n = p->all_first; n; n = n->next_in_frame)
    {
      /* the hidden _ws.malformed beside a Malformed-group item is not an exception */
      if (n->field && n->field->id == malformed_field && !(n->flags & WL_NODE_HIDDEN))
        {
          malformed = TRUE;
          continue;
        }
      /* items within the packet an ICMP error quotes: tshark's taps leave them out */
      if (!(n->flags & WL_NODE_EXPERT) || (n->flags & WL_NODE_IN_ERROR))
        continue;
      /* the exception's own item: counted below, in the protocol that failed, as tshark does */
      if (n->first_child && n->first_child->field &&
          strcmp (n->first_child->field->abbrev, "_ws.malformed.expert") == 0)
        continue;
      WlExpertSeverity sev;
      const char *group = NULL, *summary = NULL;
      gsize group_len = 0;
      if (!parse_label (n->label, &sev, &group, &group_len, &summary))
        continue;
      if (!e->with_tree_items && is_tree_item (n))
        continue;
      if (sev == WL_EXPERT_ERROR && group_len == 9 && strncmp (group, "Malformed", 9) == 0)
        malformed_item = TRUE;
      add (e, sev, group, group_len, item_protocol (n), summary, p->number);
    }
  /* An exception without its own expert item: tshark's generic one, in the failed protocol */
  if (malformed && !malformed_item)
    add (e, WL_EXPERT_ERROR, "Malformed", 9, p->is_malformed && p->malformed_proto >= 0 ? wl_proto_short_name (p->malformed_proto) : "",
         "Malformed Packet (Exception occurred)", p->number);
}

/* Sorted a and b merged (transfer full of both). */
static GArray *
merge_frames (GArray *a, GArray *b)
{
  GArray *m = g_array_sized_new (FALSE, FALSE, sizeof (guint32), a->len + b->len);
  guint i = 0, j = 0;
  while (i < a->len || j < b->len)
    {
      gboolean take_a = j >= b->len || (i < a->len && g_array_index (a, guint32, i) <= g_array_index (b, guint32, j));
      guint32 f = take_a ? g_array_index (a, guint32, i++) : g_array_index (b, guint32, j++);
      g_array_append_val (m, f);
    }
  g_array_unref (a);
  g_array_unref (b);
  return m;
}

static guint32
first_frame (const WlExpertEntry *en)
{
  return en->frames->len ? g_array_index (en->frames, guint32, 0) : G_MAXUINT32;
}

/* By first appearance; two entries first seen in one frame come from one part, made in order. */
static gint
by_first_appearance (gconstpointer a, gconstpointer b)
{
  const WlExpertEntry *x = *(WlExpertEntry *const *) a, *y = *(WlExpertEntry *const *) b;
  guint32 fx = first_frame (x), fy = first_frame (y);
  if (fx != fy)
    return fx < fy ? -1 : 1;
  return x->order < y->order ? -1 : x->order > y->order;
}

WlExpert *
wl_expert_merge (WlExpert **parts, guint n_parts)
{
  WlExpert *m = wl_expert_new ();
  for (guint k = 0; k < n_parts; k++)
    {
      WlExpert *part = parts[k];
      m->with_tree_items = part->with_tree_items;
      for (int sev = 0; sev < WL_EXPERT_N_SEVERITIES; sev++)
        for (guint i = 0; i < part->entries[sev]->len; i++)
          {
            WlExpertEntry *en = g_ptr_array_index (part->entries[sev], i);
            WlExpertEntry *to = g_hash_table_lookup (m->index, entry_key (m->key, sev, en->protocol, en->summary));
            GArray *frames = g_steal_pointer (&en->frames);
            en->frames = g_array_new (FALSE, FALSE, sizeof (guint32)); /* freed with the part */
            if (!to)
              {
                to = entry_new (m, en->severity, en->group, strlen (en->group), en->protocol, en->summary);
                g_array_unref (to->frames);
                to->frames = frames;
                to->count = en->count;
                to->order = en->order;
                continue;
              }
            if (frames->len && g_array_index (frames, guint32, 0) < first_frame (to))
              {
                to->order = en->order;
                to->group = g_string_chunk_insert_const (m->text, en->group);
              }
            to->frames = merge_frames (to->frames, frames);
            to->count += en->count;
          }
      wl_expert_free (part);
    }
  for (int sev = 0; sev < WL_EXPERT_N_SEVERITIES; sev++)
    g_ptr_array_sort (m->entries[sev], by_first_appearance);
  return m;
}

const GPtrArray *
wl_expert_entries (const WlExpert *e, WlExpertSeverity severity)
{
  return e->entries[severity];
}

guint
wl_expert_total (const WlExpert *e, WlExpertSeverity severity)
{
  guint n = 0;
  for (guint i = 0; i < e->entries[severity]->len; i++)
    n += ((WlExpertEntry *) g_ptr_array_index (e->entries[severity], i))->count;
  return n;
}

void
wl_expert_print (const WlExpert *e, WlExpertSeverity lowest, GString *out)
{
  /* tshark's exact text (scripts parse it): not translated */
  for (int s = WL_EXPERT_ERROR; s >= (int) lowest; s--)
    {
      const GPtrArray *a = e->entries[s];
      if (a->len == 0)
        continue;
      g_string_append_printf (out, "\n%s (%u)\n", severities[s].title, wl_expert_total (e, (WlExpertSeverity) s));
      g_string_append (out, "=============\n");
      g_string_append (out, "   Frequency      Group           Protocol  Summary\n");
      for (guint i = 0; i < a->len; i++)
        {
          const WlExpertEntry *en = g_ptr_array_index (a, i);
          g_string_append_printf (out, "%12u %10s %18s  %s\n", en->count, en->group, en->protocol, en->summary);
        }
    }
}
