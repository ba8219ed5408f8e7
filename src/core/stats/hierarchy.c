/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Protocol hierarchy (see hierarchy.h). */
#include <string.h>
#include "hierarchy.h"
#include "frame-store.h"

struct WlHierarchy {
  gboolean with_frame;
  gboolean tree_order;
  WlHierNode *first;
  guint32 n_frames;
  guint64 n_bytes;
  GStringChunk *names;
  int pkt_comment_id, frame_id;
};

WlHierarchy *
wl_hierarchy_new (gboolean with_frame)
{
  WlHierarchy *h = g_new0 (WlHierarchy, 1);
  h->with_frame = with_frame;
  h->names = g_string_chunk_new (256);
  const WlField *f = wl_field_lookup ("pkt_comment");
  h->pkt_comment_id = f ? f->id : -1;
  f = wl_field_lookup ("frame");
  h->frame_id = f ? f->id : -1;
  return h;
}

WlHierarchy *
wl_hierarchy_new_like (const WlHierarchy *h)
{
  WlHierarchy *n = wl_hierarchy_new (h->with_frame);
  n->tree_order = h->tree_order;
  return n;
}

static void
free_nodes (WlHierNode *n)
{
  while (n)
    {
      WlHierNode *next = n->next;
      free_nodes (n->first_child);
      g_free (n);
      n = next;
    }
}

void
wl_hierarchy_set_tree_order (WlHierarchy *h, gboolean tree_order)
{
  h->tree_order = tree_order;
}

void
wl_hierarchy_free (WlHierarchy *h)
{
  if (!h)
    return;
  free_nodes (h->first);
  g_string_chunk_free (h->names);
  g_free (h);
}

/* Finds name among the children of parent (the top level when parent is NULL), appending it
 * when absent, and counts the packet there. name must outlive h (a field's abbrev, a
 * literal): nodes remember the pointer. */
static WlHierNode *
step (WlHierarchy *h, WlHierNode *parent, const char *name, guint32 len, guint32 frame)
{
  WlHierNode **link = parent ? &parent->first_child : &h->first;
  WlHierNode *n;
  /* a field's abbrev is the same pointer every time: strings are compared when that fails */
  for (n = *link; n; n = n->next)
    if (n->key == name)
      break;
  if (!n)
    for (n = *link; n; link = &n->next, n = n->next)
      if (strcmp (n->name, name) == 0)
        break;
  if (!n)
    {
      n = g_new0 (WlHierNode, 1);
      n->key = name;
      n->name = g_string_chunk_insert_const (h->names, name);
      n->parent = parent;
      n->first_frame = frame;
      *link = n;
    }
  n->frames++;
  n->bytes += len;
  return n;
}

void
wl_hierarchy_add_packet (WlHierarchy *h, const WlPacket *p)
{
  h->n_frames++;
  h->n_bytes += p->len;
  WlHierNode *at = NULL;
  gboolean have_comment_node = FALSE;
  for (const WlNode *n = p->all_first; n; n = n->next_in_frame)
    if (!n->parent && n->field && n->field->id == h->pkt_comment_id)
      have_comment_node = TRUE;
  /* tshark puts the packet comments in a top-level item before the frame's */
  if (!have_comment_node && p->frame && (p->frame->flags & WL_FRAME_HAS_COMMENT))
    at = step (h, at, "pkt_comment", p->len, p->number);
  /* Top-level nodes in the order they were added, or in the tree's order: tshark moves
   * "[Reassembled TCP Segments]" up behind the TCP item only when it prints the tree. */
  for (const WlNode *n = h->tree_order ? p->root_first : p->all_first; n;
       n = h->tree_order ? n->next : n->next_in_frame)
    {
      if (n->parent || !n->field)
        continue;
      if (!h->with_frame && n->field->id == h->frame_id)
        continue;
      at = step (h, at, n->field->abbrev, p->len, p->number);
    }
}

/* Merges the sibling list from into *into_first (children of parent), then orders the
 * siblings by first appearance. */
static void
merge_level (WlHierarchy *into, WlHierNode **into_first, WlHierNode *parent, WlHierNode *from)
{
  while (from)
    {
      WlHierNode *next = from->next;
      WlHierNode *n = *into_first;
      while (n && strcmp (n->name, from->name) != 0)
        n = n->next;
      if (n)
        {
          n->frames += from->frames;
          n->bytes += from->bytes;
          n->first_frame = MIN (n->first_frame, from->first_frame);
          WlHierNode *kids = from->first_child;
          from->first_child = NULL;
          merge_level (into, &n->first_child, n, kids);
          g_free (from);
        }
      else
        {
          /* moved over whole (its names were re-homed in into's string chunk) */
          from->parent = parent;
          from->next = *into_first;
          *into_first = from;
        }
      from = next;
    }
  /* insertion sort by first_frame (lists are short) */
  WlHierNode *sorted = NULL;
  for (WlHierNode *n = *into_first; n;)
    {
      WlHierNode *next = n->next;
      WlHierNode **link = &sorted;
      while (*link && (*link)->first_frame <= n->first_frame)
        link = &(*link)->next;
      n->next = *link;
      *link = n;
      n = next;
    }
  *into_first = sorted;
}

static void
rehome_names (WlHierarchy *into, WlHierNode *n)
{
  for (; n; n = n->next)
    {
      n->name = g_string_chunk_insert_const (into->names, n->name);
      rehome_names (into, n->first_child);
    }
}

void
wl_hierarchy_merge (WlHierarchy *into, WlHierarchy *from)
{
  /* names must outlive from: re-home them all before moving nodes */
  rehome_names (into, from->first);
  merge_level (into, &into->first, NULL, from->first);
  from->first = NULL;
  into->n_frames += from->n_frames;
  into->n_bytes += from->n_bytes;
  from->n_frames = 0;
  from->n_bytes = 0;
}

const WlHierNode *
wl_hierarchy_first (const WlHierarchy *h)
{
  return h->first;
}

guint32
wl_hierarchy_n_frames (const WlHierarchy *h)
{
  return h->n_frames;
}

guint64
wl_hierarchy_n_bytes (const WlHierarchy *h)
{
  return h->n_bytes;
}

/* tshark builds each line in an 80-byte buffer: two spaces per level (after 16 levels "..."),
 * then the name, cut at 79 bytes, padded to 40 columns. */
static void
print_level (const WlHierNode *n, int depth, GString *out)
{
  for (; n; n = n->next)
    {
      GString *line = g_string_new (NULL);
      for (int i = 0; i < depth; i++)
        {
          if (i > 15)
            {
              g_string_append (line, "...");
              break;
            }
          g_string_append (line, "  ");
        }
      g_string_append (line, n->name);
      if (line->len > 79)
        g_string_truncate (line, 79);
      g_string_append_printf (out, "%-40s frames:%u bytes:%" G_GUINT64_FORMAT "\n", line->str, n->frames, n->bytes);
      g_string_free (line, TRUE);
      print_level (n->first_child, depth + 1, out);
    }
}

void
wl_hierarchy_print (const WlHierarchy *h, const char *filter, GString *out)
{
  /* tshark's exact text (scripts parse it): not translated */
  g_string_append (out, "\n===================================================================\n");
  g_string_append (out, "Protocol Hierarchy Statistics\n");
  g_string_append_printf (out, "Filter: %s\n\n", filter ? filter : "");
  print_level (h->first, 0, out);
  g_string_append (out, "===================================================================\n");
}
