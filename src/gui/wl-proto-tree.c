/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlProtoTree (see wl-proto-tree.h): a GtkListView over a GtkTreeListModel of WlProtoNode,
 * under a line saying why the packet matched the display filter when one is applied. */
#include <glib/gi18n.h>
#include "wl-proto-tree.h"

struct _WlProtoTree
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkLabel *summary_label;
  GtkWidget *scroller;
  GtkListView *list_view;
  GMenuModel *context_menu;
  GtkWidget *popover;

  GListStore *roots;
  GtkTreeListModel *tree_model;
  GtkSingleSelection *selection;
  GHashTable *expanded;      /* keys (field name or label) of the subtrees left open */
  WlDfilter *filter;         /* the applied display filter, explained for each packet; NULL: none */
  guint scroll_id;           /* brings scroll_to into view once the new rows are laid out */
  guint scroll_to;
};

G_DEFINE_FINAL_TYPE (WlProtoTree, wl_proto_tree, GTK_TYPE_WIDGET)

enum {
  NODE_SELECTED,
  FILTER_REQUESTED,
  COLUMN_REQUESTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GListModel *
create_children (gpointer item, gpointer user_data)
{
  GListModel *children = wl_proto_node_get_children (WL_PROTO_NODE (item));
  return children ? g_object_ref (children) : NULL;
}

/* What identifies "the same subtree" from one packet to the next. */
static const char *
expand_key (WlProtoNode *node)
{
  const char *abbrev = wl_proto_node_get_abbrev (node);
  return abbrev ? abbrev : wl_proto_node_get_label (node);
}

static WlProtoNode *
row_node (GListModel *rows, guint i)
{
  g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
  return row ? WL_PROTO_NODE (gtk_tree_list_row_get_item (row)) : NULL;
}

static void
update_actions (WlProtoTree *self)
{
  WlProtoNode *node = wl_proto_tree_get_selected (self);
  g_autofree char *filter = node ? wl_proto_node_dup_filter (node) : NULL;
  const char *abbrev = node ? wl_proto_node_get_abbrev (node) : NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.copy-value", node != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.copy-line", node != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.apply-filter", filter != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.prepare-filter", filter != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tree.apply-column", abbrev != NULL);
  g_clear_object (&node);
}

static void
on_selection_changed (WlProtoTree *self)
{
  g_autoptr (WlProtoNode) node = wl_proto_tree_get_selected (self);
  update_actions (self);
  g_signal_emit (self, signals[NODE_SELECTED], 0, node);
}

/* ---- Row widgets ---- */

static void
on_row_pressed (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  GtkListItem *item = user_data;
  GtkWidget *widget = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture));
  WlProtoTree *self = WL_PROTO_TREE (gtk_widget_get_ancestor (widget, WL_TYPE_PROTO_TREE));
  guint pos = gtk_list_item_get_position (item);

  if (pos == GTK_INVALID_LIST_POSITION)
    return;
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), pos, TRUE);

  graphene_point_t p;
  if (!gtk_widget_compute_point (widget, GTK_WIDGET (self), &GRAPHENE_POINT_INIT ((float) x, (float) y), &p))
    return;
  gtk_popover_set_pointing_to (GTK_POPOVER (self->popover),
                               &(GdkRectangle) { (int) p.x, (int) p.y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->popover));
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
}

static void
setup_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkWidget *expander = gtk_tree_expander_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (NULL);
  /* Shown on the fields whose value made the filter match. */
  GtkWidget *emblem = gtk_image_new_from_icon_name ("object-select-symbolic");

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (emblem, "wl-filter-emblem");
  gtk_widget_set_visible (emblem, FALSE);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), emblem);
  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (item, expander);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_row_pressed), item);
  gtk_widget_add_controller (expander, GTK_EVENT_CONTROLLER (click));
}

static void
bind_row (GtkSignalListItemFactory *factory, GtkListItem *item, gpointer user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (item);
  GtkWidget *expander = gtk_list_item_get_child (item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *label = gtk_widget_get_first_child (box);
  GtkWidget *emblem = gtk_widget_get_last_child (box);
  WlProtoNode *node = gtk_tree_list_row_get_item (row);
  WlProtoNodeMark mark = wl_proto_node_get_mark (node);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (label), wl_proto_node_get_label (node));
  if (wl_proto_node_is_generated (node))
    gtk_widget_add_css_class (label, "generated");
  else
    gtk_widget_remove_css_class (label, "generated");
  if (mark == WL_PROTO_NODE_MARK_READ)
    gtk_widget_add_css_class (expander, "wl-filter-read");
  else
    gtk_widget_remove_css_class (expander, "wl-filter-read");
  if (mark == WL_PROTO_NODE_MARK_MATCHED)
    gtk_widget_add_css_class (expander, "wl-filter-matched");
  else
    gtk_widget_remove_css_class (expander, "wl-filter-matched");
  gtk_widget_set_visible (emblem, mark == WL_PROTO_NODE_MARK_MATCHED);
  gtk_widget_set_tooltip_text (expander, wl_proto_node_get_why (node));
  /* Screen readers hear the marks too. */
  if (wl_proto_node_get_why (node))
    gtk_accessible_update_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                    wl_proto_node_get_why (node), -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (expander), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
  g_object_unref (node);
}

/* ---- Actions ---- */

static void
copy_text (WlProtoTree *self, const char *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
action_copy (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);
  g_autoptr (WlProtoNode) node = wl_proto_tree_get_selected (self);

  if (!node)
    return;
  if (g_str_equal (action_name, "tree.copy-line"))
    copy_text (self, wl_proto_node_get_label (node));
  else
    copy_text (self, wl_proto_node_get_value (node));
}

static void
action_filter (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);
  g_autoptr (WlProtoNode) node = wl_proto_tree_get_selected (self);
  g_autofree char *filter = node ? wl_proto_node_dup_filter (node) : NULL;

  if (filter)
    g_signal_emit (self, signals[FILTER_REQUESTED], 0, filter,
                   g_str_equal (action_name, "tree.apply-filter"));
}

static void
action_column (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);
  g_autoptr (WlProtoNode) node = wl_proto_tree_get_selected (self);

  if (node && wl_proto_node_get_abbrev (node))
    g_signal_emit (self, signals[COLUMN_REQUESTED], 0, wl_proto_node_get_abbrev (node));
}

static void
action_expand (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);

  if (g_str_equal (action_name, "tree.expand-all"))
    {
      wl_proto_tree_expand_all (self);
      return;
    }
  GListModel *rows = G_LIST_MODEL (self->tree_model);
  for (guint i = g_list_model_get_n_items (rows); i > 0; i--)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i - 1);
      gtk_tree_list_row_set_expanded (row, FALSE);
    }
  g_hash_table_remove_all (self->expanded);
}

/* ---- Widget ---- */

static void
wl_proto_tree_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                       int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);
  gtk_widget_measure (self->box, orientation, for_size, minimum, natural,
                      minimum_baseline, natural_baseline);
}

static void
wl_proto_tree_size_allocate (GtkWidget *widget, int width, int height, int baseline)
{
  WlProtoTree *self = WL_PROTO_TREE (widget);
  gtk_widget_allocate (self->box, width, height, baseline, NULL);
  gtk_popover_present (GTK_POPOVER (self->popover));
}

static void
wl_proto_tree_dispose (GObject *object)
{
  WlProtoTree *self = WL_PROTO_TREE (object);

  g_clear_handle_id (&self->scroll_id, g_source_remove);
  g_clear_pointer (&self->popover, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_PROTO_TREE);
  g_clear_object (&self->selection);
  g_clear_object (&self->tree_model);
  g_clear_object (&self->roots);
  g_clear_pointer (&self->expanded, g_hash_table_unref);
  g_clear_pointer (&self->filter, wl_dfilter_free);
  G_OBJECT_CLASS (wl_proto_tree_parent_class)->dispose (object);
}

static void
wl_proto_tree_class_init (WlProtoTreeClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wl_proto_tree_dispose;
  widget_class->measure = wl_proto_tree_measure;
  widget_class->size_allocate = wl_proto_tree_size_allocate;

  signals[NODE_SELECTED] = g_signal_new ("node-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, WL_TYPE_PROTO_NODE);
  signals[FILTER_REQUESTED] = g_signal_new ("filter-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);
  signals[COLUMN_REQUESTED] = g_signal_new ("column-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                            0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-proto-tree.ui");
  gtk_widget_class_bind_template_child (widget_class, WlProtoTree, box);
  gtk_widget_class_bind_template_child (widget_class, WlProtoTree, summary_label);
  gtk_widget_class_bind_template_child (widget_class, WlProtoTree, scroller);
  gtk_widget_class_bind_template_child (widget_class, WlProtoTree, list_view);
  gtk_widget_class_bind_template_child (widget_class, WlProtoTree, context_menu);

  gtk_widget_class_install_action (widget_class, "tree.copy-value", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "tree.copy-line", NULL, action_copy);
  gtk_widget_class_install_action (widget_class, "tree.apply-filter", NULL, action_filter);
  gtk_widget_class_install_action (widget_class, "tree.prepare-filter", NULL, action_filter);
  gtk_widget_class_install_action (widget_class, "tree.apply-column", NULL, action_column);
  gtk_widget_class_install_action (widget_class, "tree.expand-all", NULL, action_expand);
  gtk_widget_class_install_action (widget_class, "tree.collapse-all", NULL, action_expand);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_c, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "tree.copy-value", NULL);
  gtk_widget_class_set_css_name (widget_class, "wlprototree");
}

static void
wl_proto_tree_init (WlProtoTree *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->expanded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->roots = g_list_store_new (WL_TYPE_PROTO_NODE);
  self->tree_model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (self->roots)), FALSE, FALSE,
                                              create_children, NULL, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->tree_model)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_swapped (self->selection, "notify::selected", G_CALLBACK (on_selection_changed), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));

  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), NULL);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  self->popover = gtk_popover_menu_new_from_model (self->context_menu);
  gtk_widget_set_parent (self->popover, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->popover), FALSE);
  gtk_widget_set_halign (self->popover, GTK_ALIGN_START);
  update_actions (self);
}

GtkWidget *
wl_proto_tree_new (void)
{
  return g_object_new (WL_TYPE_PROTO_TREE, NULL);
}

/* Remembers which subtrees are open, to open the same ones in the next packet. */
static void
save_expanded (WlProtoTree *self)
{
  GListModel *rows = G_LIST_MODEL (self->tree_model);
  guint n = g_list_model_get_n_items (rows);

  if (n == 0)
    return;
  g_hash_table_remove_all (self->expanded);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      if (gtk_tree_list_row_get_expanded (row))
        {
          g_autoptr (WlProtoNode) node = gtk_tree_list_row_get_item (row);
          g_hash_table_add (self->expanded, g_strdup (expand_key (node)));
        }
    }
}

static void
restore_expanded (WlProtoTree *self)
{
  GListModel *rows = G_LIST_MODEL (self->tree_model);

  /* Expanding adds rows after i, which the loop then visits. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      if (!gtk_tree_list_row_is_expandable (row))
        continue;
      g_autoptr (WlProtoNode) node = gtk_tree_list_row_get_item (row);
      if (g_hash_table_contains (self->expanded, expand_key (node)))
        gtk_tree_list_row_set_expanded (row, TRUE);
    }
}

static void scroll_to_row (WlProtoTree *self, guint pos);

static gboolean
scroll_later (gpointer data)
{
  WlProtoTree *self = data;

  self->scroll_id = 0;
  if (self->scroll_to < g_list_model_get_n_items (G_LIST_MODEL (self->tree_model)))
    scroll_to_row (self, self->scroll_to);
  return G_SOURCE_REMOVE;
}

/* Opens the subtrees holding the fields the filter read, and brings the first field that made
 * the packet match into view. */
static void
expand_marked (WlProtoTree *self)
{
  GListModel *rows = G_LIST_MODEL (self->tree_model);
  guint first_matched = GTK_INVALID_LIST_POSITION;

  /* Expanding adds rows after i, which the loop then visits. */
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      g_autoptr (WlProtoNode) node = gtk_tree_list_row_get_item (row);
      if (wl_proto_node_has_marked_child (node))
        gtk_tree_list_row_set_expanded (row, TRUE);
      if (first_matched == GTK_INVALID_LIST_POSITION && wl_proto_node_get_mark (node) == WL_PROTO_NODE_MARK_MATCHED)
        first_matched = i;
    }
  /* The list places rows it has measured: scroll after the next layout. */
  if (first_matched != GTK_INVALID_LIST_POSITION)
    {
      self->scroll_to = first_matched;
      if (!self->scroll_id)
        self->scroll_id = g_idle_add (scroll_later, self);
    }
}

void
wl_proto_tree_set_filter (WlProtoTree *self, const char *filter)
{
  g_return_if_fail (WL_IS_PROTO_TREE (self));

  g_clear_pointer (&self->filter, wl_dfilter_free);
  if (filter && *filter)
    self->filter = wl_dfilter_compile (filter, NULL);
}

const char *
wl_proto_tree_get_summary (WlProtoTree *self)
{
  g_return_val_if_fail (WL_IS_PROTO_TREE (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->summary_label)) ? gtk_label_get_text (self->summary_label) : NULL;
}

void
wl_proto_tree_set_packet (WlProtoTree *self, const WlPacket *p)
{
  g_return_if_fail (WL_IS_PROTO_TREE (self));

  save_expanded (self);
  g_clear_handle_id (&self->scroll_id, g_source_remove);
  g_autofree char *summary = NULL;
  g_autoptr (GListStore) roots = NULL;
  if (p && self->filter)
    roots = wl_proto_node_build_explained_tree (p, self->filter, &summary);
  else
    roots = p ? wl_proto_node_build_tree (p) : g_list_store_new (WL_TYPE_PROTO_NODE);
  g_set_object (&self->roots, roots);
  gtk_label_set_text (self->summary_label, summary ? summary : "");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->summary_label), summary);
  gtk_widget_set_visible (GTK_WIDGET (self->summary_label), summary != NULL);

  g_autoptr (GtkTreeListModel) model = gtk_tree_list_model_new (G_LIST_MODEL (g_object_ref (roots)), FALSE, FALSE,
                                                                create_children, NULL, NULL);
  g_set_object (&self->tree_model, model);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (model));
  gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  restore_expanded (self);
  if (summary)
    expand_marked (self);
}

GListModel *
wl_proto_tree_get_rows (WlProtoTree *self)
{
  return G_LIST_MODEL (self->tree_model);
}

WlProtoNode *
wl_proto_tree_get_selected (WlProtoTree *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (self->selection);
  return row ? WL_PROTO_NODE (gtk_tree_list_row_get_item (row)) : NULL;
}

static void
scroll_to_row (WlProtoTree *self, guint pos)
{
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", pos);
}

gboolean
wl_proto_tree_select_node (WlProtoTree *self, WlProtoNode *node)
{
  g_return_val_if_fail (WL_IS_PROTO_TREE (self), FALSE);

  GPtrArray *path = g_ptr_array_new ();
  for (WlProtoNode *n = node; n; n = wl_proto_node_get_parent (n))
    g_ptr_array_insert (path, 0, n);

  GListModel *rows = G_LIST_MODEL (self->tree_model);
  guint pos = 0;
  gboolean found = FALSE;
  for (guint depth = 0; depth < path->len; depth++)
    {
      WlProtoNode *want = g_ptr_array_index (path, depth);
      found = FALSE;
      for (guint n = g_list_model_get_n_items (rows); pos < n; pos++)
        {
          g_autoptr (WlProtoNode) at = row_node (rows, pos);
          if (at == want)
            {
              found = TRUE;
              break;
            }
        }
      if (!found)
        break;
      if (depth + 1 < path->len)
        {
          g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, pos);
          gtk_tree_list_row_set_expanded (row, TRUE);
          pos++;
        }
    }
  g_ptr_array_unref (path);
  if (!found)
    return FALSE;
  gtk_single_selection_set_selected (self->selection, pos);
  scroll_to_row (self, pos);
  return TRUE;
}

static void
find_at (GListModel *level, guint source, guint32 offset, guint depth, WlProtoNode **best, guint *best_depth)
{
  guint n = level ? g_list_model_get_n_items (level) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WlProtoNode) node = g_list_model_get_item (level, i);
      guint32 off = wl_proto_node_get_offset (node), len = wl_proto_node_get_length (node);
      if (wl_proto_node_get_source (node) != source || len == 0 || offset < off || offset - off >= len)
        continue;
      /* Deeper is more precise; at equal depth, the shorter range is. */
      if (!*best || depth > *best_depth ||
          (depth == *best_depth && len < wl_proto_node_get_length (*best)))
        {
          *best = node;
          *best_depth = depth;
        }
      find_at (wl_proto_node_get_children (node), source, offset, depth + 1, best, best_depth);
    }
}

WlProtoNode *
wl_proto_tree_find_at (WlProtoTree *self, guint source, guint32 offset)
{
  WlProtoNode *best = NULL;
  guint best_depth = 0;
  find_at (G_LIST_MODEL (self->roots), source, offset, 0, &best, &best_depth);
  return best;
}

static WlProtoNode *
find_field (GListModel *level, const char *abbrev)
{
  guint n = level ? g_list_model_get_n_items (level) : 0;
  for (guint i = 0; i < n; i++)
    {
      g_autoptr (WlProtoNode) node = g_list_model_get_item (level, i);
      if (g_strcmp0 (wl_proto_node_get_abbrev (node), abbrev) == 0)
        return node;
      WlProtoNode *inner = find_field (wl_proto_node_get_children (node), abbrev);
      if (inner)
        return inner;
    }
  return NULL;
}

WlProtoNode *
wl_proto_tree_find_field (WlProtoTree *self, const char *abbrev)
{
  return find_field (G_LIST_MODEL (self->roots), abbrev);
}

void
wl_proto_tree_expand_all (WlProtoTree *self)
{
  GListModel *rows = G_LIST_MODEL (self->tree_model);
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr (GtkTreeListRow) row = g_list_model_get_item (rows, i);
      gtk_tree_list_row_set_expanded (row, TRUE);
    }
}
