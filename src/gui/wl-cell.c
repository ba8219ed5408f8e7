/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlCell (see wl-cell.h). */
#include "wl-cell.h"

/* The natural width, in digits (the list's columns have their own widths). */
#define NAT_CHARS 4

struct _WlCell
{
  GtkWidget parent_instance;
  char *text;
  float xalign;
  gboolean fit_text;         /* natural width from the text's length, not NAT_CHARS */
  glong n_chars;             /* of text */
  PangoLayout *layout;       /* made when first drawn, dropped when the text changes */
  guint context_serial;      /* of the widget's Pango context when the layout was made */
};

G_DEFINE_FINAL_TYPE (WlCell, wl_cell, GTK_TYPE_WIDGET)

/* The metrics of the last font measured: all cells of a list have the same one. Main thread
 * only, as widgets are. */
static struct {
  PangoFontDescription *font;
  int line_height;
  int digit_width;
} metrics;

static void
ensure_metrics (WlCell *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  const PangoFontDescription *font = pango_context_get_font_description (context);

  if (metrics.font && font && pango_font_description_equal (font, metrics.font))
    return;
  PangoFontMetrics *m = pango_context_get_metrics (context, font, NULL);
  int height = pango_font_metrics_get_height (m);
  if (height <= 0)
    height = pango_font_metrics_get_ascent (m) + pango_font_metrics_get_descent (m);
  metrics.line_height = PANGO_PIXELS_CEIL (height);
  metrics.digit_width = PANGO_PIXELS_CEIL (pango_font_metrics_get_approximate_digit_width (m));
  pango_font_metrics_unref (m);
  g_clear_pointer (&metrics.font, pango_font_description_free);
  metrics.font = font ? pango_font_description_copy (font) : NULL;
}

static void
wl_cell_measure (GtkWidget *widget, GtkOrientation orientation, int for_size, int *minimum, int *natural,
                 int *minimum_baseline, int *natural_baseline)
{
  WlCell *self = WL_CELL (widget);

  ensure_metrics (self);
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 0;
      /* a digit's width per character: addresses and numbers, without shaping the text */
      *natural = (self->fit_text ? (int) self->n_chars + 1 : NAT_CHARS) * metrics.digit_width;
    }
  else
    *minimum = *natural = metrics.line_height;
}

static void
wl_cell_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  WlCell *self = WL_CELL (widget);
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  if (!self->text || !*self->text || width <= 0)
    return;
  PangoContext *context = gtk_widget_get_pango_context (widget);
  if (!self->layout)
    {
      self->layout = gtk_widget_create_pango_layout (widget, self->text);
      pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
      pango_layout_set_single_paragraph_mode (self->layout, TRUE);
      self->context_serial = pango_context_get_serial (context);
    }
  else if (self->context_serial != pango_context_get_serial (context))
    {
      pango_layout_context_changed (self->layout);
      self->context_serial = pango_context_get_serial (context);
    }
  pango_layout_set_width (self->layout, width * PANGO_SCALE);

  PangoRectangle logical;
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  float x = MAX (0, width - logical.width) * self->xalign;
  float y = (height - logical.height) / 2.0f;
  GdkRGBA color;
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);

  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (x, y));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
}

static void
wl_cell_finalize (GObject *object)
{
  WlCell *self = WL_CELL (object);
  g_free (self->text);
  g_clear_object (&self->layout);
  G_OBJECT_CLASS (wl_cell_parent_class)->finalize (object);
}

static void
wl_cell_class_init (WlCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = wl_cell_finalize;
  widget_class->measure = wl_cell_measure;
  widget_class->snapshot = wl_cell_snapshot;
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
wl_cell_init (WlCell *self)
{
}

GtkWidget *
wl_cell_new (void)
{
  return g_object_new (WL_TYPE_CELL, NULL);
}

void
wl_cell_set_text (WlCell *self, const char *text)
{
  g_return_if_fail (WL_IS_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  g_clear_object (&self->layout);
  glong n_chars = text ? g_utf8_strlen (text, -1) : 0;
  if (self->fit_text && n_chars != self->n_chars)
    gtk_widget_queue_resize (GTK_WIDGET (self));
  self->n_chars = n_chars;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

const char *
wl_cell_get_text (WlCell *self)
{
  g_return_val_if_fail (WL_IS_CELL (self), NULL);
  return self->text;
}

void
wl_cell_set_fit_text (WlCell *self, gboolean fit)
{
  g_return_if_fail (WL_IS_CELL (self));
  self->fit_text = fit;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
wl_cell_set_xalign (WlCell *self, float xalign)
{
  g_return_if_fail (WL_IS_CELL (self));
  self->xalign = CLAMP (xalign, 0.0f, 1.0f);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
