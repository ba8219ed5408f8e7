/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoNode (see wl-proto-node.h). */
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

static GListStore *
build_level (const WlNode *first, WlProtoNode *parent, GString *buf)
{
  GListStore *store = NULL;

  for (const WlNode *n = first; n; n = n->next)
    {
      if (n->flags & WL_NODE_HIDDEN)
        continue;
      g_autoptr (WlProtoNode) node = node_new (n, parent, buf);
      if (n->first_child)
        node->children = build_level (n->first_child, node, buf);
      if (!store)
        store = g_list_store_new (WL_TYPE_PROTO_NODE);
      g_list_store_append (store, node);
    }
  return store;
}

GListStore *
wl_proto_node_build_tree (const WlPacket *p)
{
  GString *buf = g_string_new (NULL);
  GListStore *root = build_level (p->root_first, NULL, buf);
  g_string_free (buf, TRUE);
  return root ? root : g_list_store_new (WL_TYPE_PROTO_NODE);
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
