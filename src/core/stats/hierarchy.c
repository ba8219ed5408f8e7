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
};

WlHierarchy *
wl_hierarchy_new (gboolean with_frame)
{
  WlHierarchy *h = g_new0 (WlHierarchy, 1);
  h->with_frame = with_frame;
  h->names = g_string_chunk_new (256);
  return h;
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
 * when absent, and counts the packet there. */
static WlHierNode *
step (WlHierarchy *h, WlHierNode *parent, const char *name, guint32 len)
{
  WlHierNode **link = parent ? &parent->first_child : &h->first;
  WlHierNode *n;
  for (n = *link; n; link = &n->next, n = n->next)
    if (strcmp (n->name, name) == 0)
      break;
  if (!n)
    {
      n = g_new0 (WlHierNode, 1);
      n->name = g_string_chunk_insert_const (h->names, name);
      n->parent = parent;
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
    if (!n->parent && n->field && strcmp (n->field->abbrev, "pkt_comment") == 0)
      have_comment_node = TRUE;
  /* tshark puts the packet comments in a top-level item before the frame's */
  if (!have_comment_node && p->frame && (p->frame->flags & WL_FRAME_HAS_COMMENT))
    at = step (h, at, "pkt_comment", p->len);
  /* Top-level nodes in the order they were added, or in the tree's order: tshark moves
   * "[Reassembled TCP Segments]" up behind the TCP item only when it prints the tree. */
  for (const WlNode *n = h->tree_order ? p->root_first : p->all_first; n;
       n = h->tree_order ? n->next : n->next_in_frame)
    {
      if (n->parent || !n->field)
        continue;
      if (!h->with_frame && strcmp (n->field->abbrev, "frame") == 0)
        continue;
      at = step (h, at, n->field->abbrev, p->len);
    }
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
