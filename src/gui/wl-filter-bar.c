/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlFilterBar (see wl-filter-bar.h). */
#include <glib/gi18n.h>
#include <string.h>
#include "field-registry.h"
#include "dissect.h"
#include "wl-filter-bar.h"
#include "dfilter.h"

struct _WlFilterBar
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkEntry *entry;
  GtkMenuButton *recent_button;
  GtkRevealer *error_revealer;
  GtkLabel *error_label;
  GMenu *recent_items;

  WlFilterState state;
  char *error;
};

G_DEFINE_FINAL_TYPE (WlFilterBar, wl_filter_bar, GTK_TYPE_WIDGET)

enum {
  APPLY,
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_state (WlFilterBar *self, WlFilterState state, const char *error)
{
  GtkWidget *entry = GTK_WIDGET (self->entry);

  self->state = state;
  g_free (self->error);
  self->error = g_strdup (error);
  gtk_widget_remove_css_class (entry, "valid");
  gtk_widget_remove_css_class (entry, "invalid");
  if (state == WL_FILTER_STATE_VALID)
    gtk_widget_add_css_class (entry, "valid");
  else if (state == WL_FILTER_STATE_INVALID)
    gtk_widget_add_css_class (entry, "invalid");
  gtk_label_set_text (self->error_label, error ? error : "");
  gtk_revealer_set_reveal_child (self->error_revealer, error != NULL);
  gtk_widget_set_tooltip_text (entry, error);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "filter-bar.apply", state != WL_FILTER_STATE_INVALID);
}

static void
validate (WlFilterBar *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));

  gtk_entry_set_icon_from_icon_name (self->entry, GTK_ENTRY_ICON_SECONDARY,
                                     *text ? "edit-clear-symbolic" : NULL);
  if (strspn (text, " \t\r\n") == strlen (text))
    {
      set_state (self, WL_FILTER_STATE_EMPTY, NULL);
      return;
    }
  WlDfilterError *err = NULL;
  WlDfilter *df = wl_dfilter_compile (text, &err);
  if (df)
    {
      wl_dfilter_free (df);
      set_state (self, WL_FILTER_STATE_VALID, NULL);
      return;
    }
  g_autofree char *message = err ? wl_dfilter_error_format (text, err) : g_strdup (_("Invalid filter"));
  wl_dfilter_error_free (err);
  set_state (self, WL_FILTER_STATE_INVALID, message);
}

static void
on_changed (WlFilterBar *self)
{
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

static void
on_activate (WlFilterBar *self)
{
  wl_filter_bar_apply (self);
}

static void
on_icon_release (GtkEntry *entry, GtkEntryIconPosition pos, WlFilterBar *self)
{
  if (pos != GTK_ENTRY_ICON_SECONDARY)
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  wl_filter_bar_apply (self);
}

static void
action_apply (GtkWidget *widget, const char *action_name, GVariant *param)
{
  wl_filter_bar_apply (WL_FILTER_BAR (widget));
}

static void
action_use (GtkWidget *widget, const char *action_name, GVariant *param)
{
  WlFilterBar *self = WL_FILTER_BAR (widget);
  wl_filter_bar_set_text (self, g_variant_get_string (param, NULL));
  wl_filter_bar_apply (self);
}

/* ---- Field-name completion: the word under the cursor against the registry ---- */

static void
add_field_row (const WlField *f, gpointer user_data)
{
  GtkListStore *store = user_data;
  if (wl_field_lookup (f->abbrev) != f)
    return; /* a second field of the same name (IPv6's ip.version): one completion per name */
  gtk_list_store_insert_with_values (store, NULL, -1, 0, f->abbrev, 1, f->name, -1);
}

static GtkTreeModel *
field_names_model (void)
{
  static GtkListStore *store;
  if (!store)
    {
      wl_dissectors_init ();
      store = gtk_list_store_new (2, G_TYPE_STRING, G_TYPE_STRING);
      wl_fields_foreach (add_field_row, store);
    }
  return GTK_TREE_MODEL (store);
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '.' || c == '_' || c == '-';
}

/* The start of the word that ends at the cursor. */
static int
word_start (GtkEntry *entry, const char **text_out)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));
  int pos = gtk_editable_get_position (GTK_EDITABLE (entry));
  const char *end = g_utf8_offset_to_pointer (text, pos);
  const char *p = end;

  while (p > text && is_name_char (p[-1]))
    p--;
  *text_out = text;
  return (int) (p - text);
}

static gboolean
completion_match (GtkEntryCompletion *completion, const char *key, GtkTreeIter *iter, gpointer user_data)
{
  WlFilterBar *self = user_data;
  const char *text;
  int start = word_start (self->entry, &text);
  int pos = (int) (g_utf8_offset_to_pointer (text, gtk_editable_get_position (GTK_EDITABLE (self->entry))) - text);
  if (pos - start < 2)
    return FALSE;
  g_autofree char *name = NULL;
  gtk_tree_model_get (gtk_entry_completion_get_model (completion), iter, 0, &name, -1);
  return name && strncmp (name, text + start, (size_t) (pos - start)) == 0 &&
         strlen (name) != (size_t) (pos - start);
}

static gboolean
completion_selected (GtkEntryCompletion *completion, GtkTreeModel *model, GtkTreeIter *iter, gpointer user_data)
{
  WlFilterBar *self = user_data;
  const char *text;
  g_autofree char *name = NULL;
  gtk_tree_model_get (model, iter, 0, &name, -1);

  int start = word_start (self->entry, &text);
  int cursor = (int) (g_utf8_offset_to_pointer (text, gtk_editable_get_position (GTK_EDITABLE (self->entry))) - text);
  g_autofree char *before = g_strndup (text, (gsize) start);
  g_autofree char *replaced = g_strconcat (before, name, text + cursor, NULL);
  gtk_editable_set_text (GTK_EDITABLE (self->entry), replaced);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), (int) g_utf8_strlen (before, -1) + (int) g_utf8_strlen (name, -1));
  return TRUE;
}

static void
setup_completion (WlFilterBar *self)
{
  GtkEntryCompletion *completion = gtk_entry_completion_new ();
  gtk_entry_completion_set_model (completion, field_names_model ());
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, completion_match, self, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 1);
  gtk_entry_completion_set_popup_set_width (completion, FALSE);
  g_signal_connect (completion, "match-selected", G_CALLBACK (completion_selected), self);
  gtk_entry_set_completion (self->entry, completion);
  g_object_unref (completion);
}

/* ---- Widget ---- */

static void
wl_filter_bar_dispose (GObject *object)
{
  WlFilterBar *self = WL_FILTER_BAR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), WL_TYPE_FILTER_BAR);
  g_clear_object (&self->recent_items);
  g_clear_pointer (&self->error, g_free);
  G_OBJECT_CLASS (wl_filter_bar_parent_class)->dispose (object);
}

static void
wl_filter_bar_class_init (WlFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wl_filter_bar_dispose;

  signals[APPLY] = g_signal_new ("apply", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                 NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                                   NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, "/org/wirelens/Wirelens/ui/wl-filter-bar.ui");
  gtk_widget_class_bind_template_child (widget_class, WlFilterBar, box);
  gtk_widget_class_bind_template_child (widget_class, WlFilterBar, entry);
  gtk_widget_class_bind_template_child (widget_class, WlFilterBar, recent_button);
  gtk_widget_class_bind_template_child (widget_class, WlFilterBar, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, WlFilterBar, error_label);
  gtk_widget_class_install_action (widget_class, "filter-bar.apply", NULL, action_apply);
  gtk_widget_class_install_action (widget_class, "filter-bar.use", "s", action_use);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wlfilterbar");
}

static void
wl_filter_bar_init (WlFilterBar *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->recent_items = g_menu_new ();
  gtk_menu_button_set_menu_model (self->recent_button, G_MENU_MODEL (self->recent_items));
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (on_changed), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (on_activate), self);
  g_signal_connect (self->entry, "icon-release", G_CALLBACK (on_icon_release), self);
  setup_completion (self);
  wl_filter_bar_set_recent (self, NULL);
  validate (self);
}

GtkWidget *
wl_filter_bar_new (void)
{
  return g_object_new (WL_TYPE_FILTER_BAR, NULL);
}

const char *
wl_filter_bar_get_text (WlFilterBar *self)
{
  return gtk_editable_get_text (GTK_EDITABLE (self->entry));
}

void
wl_filter_bar_set_text (WlFilterBar *self, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text ? text : "");
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
}

WlFilterState
wl_filter_bar_get_state (WlFilterBar *self)
{
  return self->state;
}

const char *
wl_filter_bar_get_error (WlFilterBar *self)
{
  return self->error;
}

void
wl_filter_bar_set_recent (WlFilterBar *self, const char * const *recent)
{
  g_menu_remove_all (self->recent_items);
  for (guint i = 0; recent && recent[i]; i++)
    {
      g_autoptr (GMenuItem) item = g_menu_item_new (recent[i], NULL);
      g_menu_item_set_action_and_target (item, "filter-bar.use", "s", recent[i]);
      g_menu_append_item (self->recent_items, item);
    }
  gtk_widget_set_sensitive (GTK_WIDGET (self->recent_button), recent && recent[0]);
}

void
wl_filter_bar_apply (WlFilterBar *self)
{
  if (self->state == WL_FILTER_STATE_INVALID)
    {
      gtk_widget_error_bell (GTK_WIDGET (self->entry));
      return;
    }
  g_signal_emit (self, signals[APPLY], 0, gtk_editable_get_text (GTK_EDITABLE (self->entry)));
}

void
wl_filter_bar_focus (WlFilterBar *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
}
