/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoNode (see wl-proto-node.h), and the marks a display filter's explanation puts on
 * the nodes it read. */
#include <glib/gi18n.h>
#include <string.h>
#include "field-format.h"
#include "wl-proto-node.h"

struct _WlProtoNode
{
  GObject parent_instance;

  char *label;
  char *value;
  char *filter;              /* NULL: the line cannot be filtered on */
  const WlField *field;
  WlProtoNode *parent;       /* weak: parents own their children */
  GListStore *children;      /* NULL for a leaf */
  guint32 offset, length;
  guint8 source;
  guint8 flags;
  guint8 mark;               /* WlProtoNodeMark */
  gboolean has_marked_child;
  GString *why;              /* NULL: no test read it */
};

G_DEFINE_FINAL_TYPE (WlProtoNode, wl_proto_node, G_TYPE_OBJECT)

static void
wl_proto_node_finalize (GObject *object)
{
  WlProtoNode *self = WL_PROTO_NODE (object);

  g_free (self->label);
  g_free (self->value);
  g_free (self->filter);
  g_clear_object (&self->children);
  if (self->why)
    g_string_free (self->why, TRUE);
  G_OBJECT_CLASS (wl_proto_node_parent_class)->finalize (object);
}

static void
wl_proto_node_class_init (WlProtoNodeClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wl_proto_node_finalize;
}

static void
wl_proto_node_init (WlProtoNode *self)
{
}

/* A quoted display-filter string for raw bytes. */
static void
append_quoted (GString *out, const guint8 *s, guint32 n)
{
  g_string_append_c (out, '"');
  for (guint32 i = 0; i < n; i++)
    {
      guint8 c = s[i];
      if (c == '"' || c == '\\')
        g_string_append_printf (out, "\\%c", c);
      else if (c < 0x20 || c >= 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, (char) c);
    }
  g_string_append_c (out, '"');
}

static char *
make_filter (const WlNode *n, const char *value)
{
  const WlField *f = n->field;
  if (!f)
    return NULL;
  GString *out = g_string_new (f->abbrev);

  switch (f->type)
    {
    case WL_FT_NONE:
    case WL_FT_PROTOCOL:
      break;
    case WL_FT_STRING:
      g_string_append (out, " == ");
      append_quoted (out, n->v.b.p, n->v.b.len);
      break;
    case WL_FT_BYTES:
      if (n->v.b.len == 0)
        break;
      g_string_append (out, " == ");
      for (guint32 i = 0; i < n->v.b.len; i++)
        g_string_append_printf (out, i ? ":%02x" : "%02x", n->v.b.p[i]);
      break;
    case WL_FT_ABSOLUTE_TIME:
      {
        GString *display = g_string_new (NULL);
        wl_node_format_display (n, display);
        g_string_append (out, " == ");
        append_quoted (out, (const guint8 *) display->str, (guint32) display->len);
        g_string_free (display, TRUE);
      }
      break;
    default:
      if (!value || !*value)
        break;
      g_string_append_printf (out, " == %s", value);
      break;
    }
  return g_string_free (out, FALSE);
}

static WlProtoNode *
node_new (const WlNode *n, WlProtoNode *parent, GString *buf)
{
  WlProtoNode *self = g_object_new (WL_TYPE_PROTO_NODE, NULL);

  g_string_truncate (buf, 0);
  wl_node_format_label (n, buf);
  self->label = g_strndup (buf->str, buf->len);
  g_string_truncate (buf, 0);
  if (n->field && n->field->type != WL_FT_NONE && n->field->type != WL_FT_PROTOCOL)
    wl_node_format_value (n, buf);
  self->value = g_strndup (buf->str, buf->len);
  self->filter = make_filter (n, self->value);
  self->field = n->field;
  self->parent = parent;
  self->offset = n->offset;
  self->length = n->length;
  self->source = n->source;
  self->flags = n->flags;
  return self;
}

/* The subtree of a hidden node is shown through stand-in (NULL: not at all). */
static void
map_hidden (GHashTable *map, const WlNode *n, WlProtoNode *stand_in)
{
  if (!stand_in)
    return;
  g_hash_table_insert (map, (gpointer) n, stand_in);
  for (const WlNode *c = n->first_child; c; c = c->next)
    map_hidden (map, c, stand_in);
}

/* One level of the tree; when map is not NULL, records which WlProtoNode shows each WlNode. */
static GListStore *
build_level (const WlNode *first, WlProtoNode *parent, GString *buf, GHashTable *map)
{
  GListStore *store = NULL;
  gboolean has_hidden = FALSE;

  for (const WlNode *n = first; n; n = n->next)
    {
      if (n->flags & WL_NODE_HIDDEN)
        {
          has_hidden = TRUE;
          continue;
        }
      g_autoptr (WlProtoNode) node = node_new (n, parent, buf);
      if (n->first_child)
        node->children = build_level (n->first_child, node, buf, map);
      if (!store)
        store = g_list_store_new (WL_TYPE_PROTO_NODE);
      g_list_store_append (store, node);
      if (map)
        g_hash_table_insert (map, (gpointer) n, node);
    }
  if (!map || !has_hidden)
    return store;
  /* A hidden field (tcp.port) shows through the visible one over the same bytes
   * (tcp.dstport), or else through the line holding it. */
  for (const WlNode *n = first; n; n = n->next)
    {
      if (!(n->flags & WL_NODE_HIDDEN))
        continue;
      WlProtoNode *stand_in = parent;
      guint count = store ? g_list_model_get_n_items (G_LIST_MODEL (store)) : 0;
      for (guint i = 0; i < count && n->length > 0; i++)
        {
          WlProtoNode *sibling = g_list_model_get_item (G_LIST_MODEL (store), i);
          g_object_unref (sibling); /* the store keeps it */
          if (sibling->source == n->source && sibling->offset == n->offset && sibling->length == n->length)
            {
              stand_in = sibling;
              break;
            }
        }
      map_hidden (map, n, stand_in);
    }
  return store;
}

GListStore *
wl_proto_node_build_tree (const WlPacket *p)
{
  GString *buf = g_string_new (NULL);
  GListStore *root = build_level (p->root_first, NULL, buf, NULL);
  g_string_free (buf, TRUE);
  return root ? root : g_list_store_new (WL_TYPE_PROTO_NODE);
}

/* ---- Why the filter matched ---- */

static void
add_why (WlProtoNode *self, WlProtoNodeMark mark, const char *line)
{
  if (mark > self->mark)
    self->mark = (guint8) mark;
  for (WlProtoNode *up = self->parent; up && !up->has_marked_child; up = up->parent)
    up->has_marked_child = TRUE;
  if (!self->why)
    self->why = g_string_new (NULL);
  /* A field read twice by the same test (tcp.port, both ports) says so once. */
  for (const char *at = self->why->str; (at = strstr (at, line)); at++)
    if ((at == self->why->str || at[-1] == '\n') && (at[strlen (line)] == '\n' || at[strlen (line)] == 0))
      return;
  if (self->why->len)
    g_string_append_c (self->why, '\n');
  g_string_append (self->why, line);
}

static gboolean
has_value (const WlNode *n)
{
  return n->field && n->field->type != WL_FT_NONE && n->field->type != WL_FT_PROTOCOL;
}

/* The line a node's tooltip shows for one use. */
static char *
why_line (const WlDfilterTest *t, const WlDfilterFieldUse *u, const char *clause, const char *value)
{
  /* Translators: the first %s is a test of the display filter ("tcp.port == 80"), the
   * second a value the field has in the packet ("80"). */
  if (u->decided)
    return value ? g_strdup_printf (_("%s matched (%s)"), clause, value) : g_strdup_printf (_("%s matched"), clause);
  if (value && u->made_match)
    return g_strdup_printf (_("%s read %s; another value matched"), clause, value);
  if (value)
    return t->is_true ? g_strdup_printf (_("%s read %s (the test is true)"), clause, value)
                      : g_strdup_printf (_("%s read %s (the test is false)"), clause, value);
  return t->is_true ? g_strdup_printf (_("%s read (the test is true)"), clause)
                    : g_strdup_printf (_("%s read (the test is false)"), clause);
}

/* "Matched by: tcp.port == 80 (80) · ip.ttl > 10 (64)": the tests that made the packet match
 * and are not "and" or "or" (a "not" is one), with the values that decided them. */
static char *
summarize (const WlDfilter *df, GArray *tests, GArray *uses)
{
  const char *text = wl_dfilter_text (df);
  if (tests->len == 0)
    return NULL;
  if (!g_array_index (tests, WlDfilterTest, 0).is_true)
    return g_strdup (_("This packet does not match the filter."));
  GString *clauses = g_string_new (NULL);
  GString *value = g_string_new (NULL);
  for (guint i = 0; i < tests->len; i++)
    {
      const WlDfilterTest *t = &g_array_index (tests, WlDfilterTest, i);
      if (!t->made_match || t->is_logical)
        continue;
      if (clauses->len)
        g_string_append (clauses, " \xc2\xb7 ");
      g_string_append_len (clauses, text + t->start, t->len);
      g_autoptr (GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
      for (guint k = 0; k < uses->len; k++)
        {
          const WlDfilterFieldUse *u = &g_array_index (uses, WlDfilterFieldUse, k);
          if (u->test != i || !u->decided || !has_value (u->node))
            continue;
          g_string_truncate (value, 0);
          wl_node_format_value (u->node, value);
          if (!g_ptr_array_find_with_equal_func (values, value->str, g_str_equal, NULL))
            g_ptr_array_add (values, g_strdup (value->str));
        }
      if (values->len)
        {
          g_ptr_array_add (values, NULL);
          g_autofree char *joined = g_strjoinv (", ", (char **) values->pdata);
          g_string_append_printf (clauses, " (%s)", joined);
        }
    }
  g_string_free (value, TRUE);
  /* Translators: %s lists the tests of the display filter that made the packet match, with
   * the values that decided them: "tcp.port == 80 (80) · ip.ttl > 10 (64)". */
  char *summary = g_strdup_printf (_("Matched by: %s"), clauses->str);
  g_string_free (clauses, TRUE);
  return summary;
}

GListStore *
wl_proto_node_build_explained_tree (const WlPacket *p, const WlDfilter *df, char **summary)
{
  g_autoptr (GHashTable) map = g_hash_table_new (NULL, NULL);
  GString *buf = g_string_new (NULL);
  GListStore *root = build_level (p->root_first, NULL, buf, map);
  if (!root)
    root = g_list_store_new (WL_TYPE_PROTO_NODE);

  GArray *tests = NULL;
  g_autoptr (GArray) uses = wl_dfilter_explain_full (df, p, NULL, &tests);
  const char *text = wl_dfilter_text (df);
  for (guint i = 0; i < uses->len; i++)
    {
      const WlDfilterFieldUse *u = &g_array_index (uses, WlDfilterFieldUse, i);
      WlProtoNode *node = g_hash_table_lookup (map, u->node);
      if (!node)
        continue;
      const WlDfilterTest *t = &g_array_index (tests, WlDfilterTest, u->test);
      g_autofree char *clause = g_strndup (text + t->start, (gsize) t->len);
      g_string_truncate (buf, 0);
      if (has_value (u->node))
        wl_node_format_value (u->node, buf);
      g_autofree char *line = why_line (t, u, clause, has_value (u->node) ? buf->str : NULL);
      add_why (node, u->decided ? WL_PROTO_NODE_MARK_MATCHED : WL_PROTO_NODE_MARK_READ, line);
    }
  g_string_free (buf, TRUE);
  *summary = summarize (df, tests, uses);
  g_array_unref (tests);
  return root;
}

WlProtoNodeMark
wl_proto_node_get_mark (WlProtoNode *self)
{
  return (WlProtoNodeMark) self->mark;
}

const char *
wl_proto_node_get_why (WlProtoNode *self)
{
  return self->why ? self->why->str : NULL;
}

gboolean
wl_proto_node_has_marked_child (WlProtoNode *self)
{
  return self->has_marked_child;
}

const char *
wl_proto_node_get_label (WlProtoNode *self)
{
  return self->label;
}

WlProtoNode *
wl_proto_node_get_parent (WlProtoNode *self)
{
  return self->parent;
}

GListModel *
wl_proto_node_get_children (WlProtoNode *self)
{
  return self->children ? G_LIST_MODEL (self->children) : NULL;
}

const char *
wl_proto_node_get_abbrev (WlProtoNode *self)
{
  return self->field ? self->field->abbrev : NULL;
}

const char *
wl_proto_node_get_value (WlProtoNode *self)
{
  return self->value;
}

char *
wl_proto_node_dup_filter (WlProtoNode *self)
{
  return g_strdup (self->filter);
}

guint
wl_proto_node_get_source (WlProtoNode *self)
{
  return self->source;
}

guint32
wl_proto_node_get_offset (WlProtoNode *self)
{
  return self->offset;
}

guint32
wl_proto_node_get_length (WlProtoNode *self)
{
  return self->length;
}

gboolean
wl_proto_node_is_generated (WlProtoNode *self)
{
  return (self->flags & WL_NODE_GENERATED) != 0;
}
