/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlHexView (see wl-hex-view.h): a read-only GtkTextView per byte source, laid out like
 * Wireshark's bytes pane: "0010  45 00 00 3c 1c 46 40 00  40 06 b1 e6 c0 a8 00 68   E..<.F@. @......h". */
#include <glib/gi18n.h>
#include "wl-hex-view.h"

#define BYTES_PER_LINE 16
#define HEX_WIDTH (BYTES_PER_LINE * 3 + 1) /* "xx " per byte and a space between the halves */
#define ASCII_GAP 2

typedef struct {
  GBytes *bytes;
  GtkTextView *view;
  guint offset_width;        /* hex digits of the offset column */
} Page;

struct _WlHexView
{
  GtkWidget parent_instance;

  GtkNotebook *notebook;
  GArray *pages;             /* Page, index = source */
  guint hl_source;
  guint32 hl_offset, hl_length;
};

G_DEFINE_FINAL_TYPE (WlHexView, wl_hex_view, GTK_TYPE_WIDGET)

enum {
  BYTE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
page_clear (gpointer data)
{
  Page *page = data;
  g_clear_pointer (&page->bytes, g_bytes_unref);
}

static guint
hex_column (const Page *page, guint j)
{
  return page->offset_width + 2 + j * 3 + (j >= BYTES_PER_LINE / 2);
}

static guint
ascii_column (const Page *page, guint j)
{
  return page->offset_width + 2 + HEX_WIDTH + ASCII_GAP + j + (j >= BYTES_PER_LINE / 2);
}

/* The byte under line/column, or -1. */
static gint64
byte_at (const Page *page, int line, int column)
{
  gsize size = g_bytes_get_size (page->bytes);
  int hex0 = (int) page->offset_width + 2;
  int ascii0 = hex0 + HEX_WIDTH + ASCII_GAP;
  int j = -1;

  if (column >= hex0 && column < hex0 + HEX_WIDTH)
    {
      int rel = column - hex0;
      int half = BYTES_PER_LINE / 2 * 3;
      if (rel < half)
        j = rel / 3;
      else if (rel == half)
        j = BYTES_PER_LINE / 2 - 1;
      else
        j = (rel - half - 1) / 3 + BYTES_PER_LINE / 2;
    }
  else if (column >= ascii0 && column < ascii0 + BYTES_PER_LINE + 1)
    {
      int rel = column - ascii0;
      if (rel == BYTES_PER_LINE / 2)
        return -1;
      j = rel < BYTES_PER_LINE / 2 ? rel : rel - 1;
    }
  if (j < 0 || j >= BYTES_PER_LINE)
    return -1;
  gint64 b = (gint64) line * BYTES_PER_LINE + j;
  return b < (gint64) size ? b : -1;
}

static void
fill_page (Page *page)
{
  gsize size;
  const guint8 *data = g_bytes_get_data (page->bytes, &size);
  GString *s = g_string_sized_new ((size / BYTES_PER_LINE + 1) * 80);

  page->offset_width = size > 0xffff ? 8 : 4;
  for (gsize line = 0; line * BYTES_PER_LINE < size; line++)
    {
      gsize start = line * BYTES_PER_LINE;
      gsize n = MIN (BYTES_PER_LINE, size - start);
      if (line)
        g_string_append_c (s, '\n');
      g_string_append_printf (s, "%0*" G_GSIZE_MODIFIER "x  ", (int) page->offset_width, start);
      for (gsize j = 0; j < BYTES_PER_LINE; j++)
        {
          if (j == BYTES_PER_LINE / 2)
            g_string_append_c (s, ' ');
          if (j < n)
            g_string_append_printf (s, "%02x ", data[start + j]);
          else
            g_string_append (s, "   ");
        }
      g_string_append_printf (s, "%*s", ASCII_GAP, "");
      for (gsize j = 0; j < n; j++)
        {
          if (j == BYTES_PER_LINE / 2)
            g_string_append_c (s, ' ');
          guint8 c = data[start + j];
          g_string_append_c (s, c >= 0x20 && c < 0x7f ? (char) c : '.');
        }
    }
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (page->view), s->str, (int) s->len);
  g_string_free (s, TRUE);
}

static void
on_click_released (GtkGestureClick *gesture, int n_press, double x, double y, gpointer user_data)
{
  WlHexView *self = user_data;
  GtkTextView *view = GTK_TEXT_VIEW (gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (gesture)));

  for (guint source = 0; source < self->pages->len; source++)
    {
      Page *page = &g_array_index (self->pages, Page, source);
      if (page->view != view)
        continue;
      int bx, by;
      GtkTextIter iter;
      gtk_text_view_window_to_buffer_coords (view, GTK_TEXT_WINDOW_WIDGET, (int) x, (int) y, &bx, &by);
      if (!gtk_text_view_get_iter_at_location (view, &iter, bx, by))
        return;
      gint64 b = byte_at (page, gtk_text_iter_get_line (&iter), gtk_text_iter_get_line_offset (&iter));
      if (b >= 0)
        g_signal_emit (self, signals[BYTE_ACTIVATED], 0, source, (guint) b);
      return;
    }
}

static GtkTextView *
make_view (WlHexView *self)
{
  GtkWidget *view = gtk_text_view_new ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));

  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_left_margin (GTK_TEXT_VIEW (view), 6);
  gtk_text_view_set_top_margin (GTK_TEXT_VIEW (view), 4);
  gtk_widget_add_css_class (view, "wl-hex");
  gtk_text_buffer_create_tag (buffer, "highlight", "background", "#3584e4", "foreground", "#ffffff", NULL);

  GtkGesture *click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_PRIMARY);
  g_signal_connect (click, "released", G_CALLBACK (on_click_released), self);
  gtk_widget_add_controller (view, GTK_EVENT_CONTROLLER (click));
  return GTK_TEXT_VIEW (view);
}

static void
wl_hex_view_dispose (GObject *object)
{
  WlHexView *self = WL_HEX_VIEW (object);

  if (self->notebook)
    {
      gtk_widget_unparent (GTK_WIDGET (self->notebook));
      self->notebook = NULL;
    }
  g_clear_pointer (&self->pages, g_array_unref);
  G_OBJECT_CLASS (wl_hex_view_parent_class)->dispose (object);
}

static void
wl_hex_view_class_init (WlHexViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = wl_hex_view_dispose;
  signals[BYTE_ACTIVATED] = g_signal_new ("byte-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "wlhexview");
}

static void
wl_hex_view_init (WlHexView *self)
{
  self->pages = g_array_new (FALSE, TRUE, sizeof (Page));
  g_array_set_clear_func (self->pages, page_clear);
  self->notebook = GTK_NOTEBOOK (gtk_notebook_new ());
  gtk_notebook_set_show_border (self->notebook, FALSE);
  gtk_notebook_set_tab_pos (self->notebook, GTK_POS_BOTTOM);
  gtk_widget_set_parent (GTK_WIDGET (self->notebook), GTK_WIDGET (self));
}

GtkWidget *
wl_hex_view_new (void)
{
  return g_object_new (WL_TYPE_HEX_VIEW, NULL);
}

static void
add_page (WlHexView *self, const guint8 *data, gsize len, const char *title)
{
  Page page = { g_bytes_new (data, len), make_view (self), 0 };
  GtkWidget *scroller = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (page.view));
  gtk_widget_set_vexpand (scroller, TRUE);
  g_array_append_val (self->pages, page);
  fill_page (&g_array_index (self->pages, Page, self->pages->len - 1));
  gtk_notebook_append_page (self->notebook, scroller, gtk_label_new (title));
}

void
wl_hex_view_set_packet (WlHexView *self, const WlPacket *p)
{
  g_return_if_fail (WL_IS_HEX_VIEW (self));

  while (gtk_notebook_get_n_pages (self->notebook) > 0)
    gtk_notebook_remove_page (self->notebook, -1);
  g_array_set_size (self->pages, 0);
  self->hl_length = 0;
  if (!p)
    return;

  g_autofree char *frame_title = g_strdup_printf (ngettext ("Frame (%u byte)", "Frame (%u bytes)", p->caplen),
                                                  p->caplen);
  add_page (self, p->data, p->caplen, frame_title);
  for (guint i = 0; i < p->n_sources; i++)
    {
      const WlSource *src = &p->sources[i];
      g_autofree char *title = g_strdup_printf (ngettext ("%s (%u byte)", "%s (%u bytes)", src->len),
                                                src->name ? src->name : _("Reassembled"), src->len);
      add_page (self, src->data, src->len, title);
    }
  gtk_notebook_set_show_tabs (self->notebook, self->pages->len > 1);
}

void
wl_hex_view_set_highlight (WlHexView *self, guint source, guint32 offset, guint32 length)
{
  g_return_if_fail (WL_IS_HEX_VIEW (self));

  for (guint i = 0; i < self->pages->len; i++)
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (g_array_index (self->pages, Page, i).view);
      GtkTextIter start, end;
      gtk_text_buffer_get_bounds (buffer, &start, &end);
      gtk_text_buffer_remove_tag_by_name (buffer, "highlight", &start, &end);
    }
  self->hl_length = 0;
  if (source >= self->pages->len || length == 0)
    return;

  Page *page = &g_array_index (self->pages, Page, source);
  gsize size = g_bytes_get_size (page->bytes);
  if (offset >= size)
    return;
  length = (guint32) MIN ((gsize) length, size - offset);
  self->hl_source = source;
  self->hl_offset = offset;
  self->hl_length = length;

  GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->view);
  guint32 last = offset + length - 1;
  for (guint32 line = offset / BYTES_PER_LINE; line <= last / BYTES_PER_LINE; line++)
    {
      guint j0 = line == offset / BYTES_PER_LINE ? offset % BYTES_PER_LINE : 0;
      guint j1 = line == last / BYTES_PER_LINE ? last % BYTES_PER_LINE : BYTES_PER_LINE - 1;
      GtkTextIter a, b;
      gtk_text_buffer_get_iter_at_line_offset (buffer, &a, (int) line, (int) hex_column (page, j0));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &b, (int) line, (int) hex_column (page, j1) + 2);
      gtk_text_buffer_apply_tag_by_name (buffer, "highlight", &a, &b);
      gtk_text_buffer_get_iter_at_line_offset (buffer, &a, (int) line, (int) ascii_column (page, j0));
      gtk_text_buffer_get_iter_at_line_offset (buffer, &b, (int) line, (int) ascii_column (page, j1) + 1);
      gtk_text_buffer_apply_tag_by_name (buffer, "highlight", &a, &b);
    }

  gtk_notebook_set_current_page (self->notebook, (int) source);
  GtkTextIter first;
  gtk_text_buffer_get_iter_at_line (buffer, &first, (int) (offset / BYTES_PER_LINE));
  gtk_text_view_scroll_to_iter (page->view, &first, 0.1, FALSE, 0, 0);
}

gboolean
wl_hex_view_get_highlight (WlHexView *self, guint *source, guint32 *offset, guint32 *length)
{
  if (source)
    *source = self->hl_source;
  if (offset)
    *offset = self->hl_offset;
  if (length)
    *length = self->hl_length;
  return self->hl_length > 0;
}

char *
wl_hex_view_dup_text (WlHexView *self, guint source)
{
  if (source >= self->pages->len)
    return NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (g_array_index (self->pages, Page, source).view);
  GtkTextIter start, end;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

void
wl_hex_view_click_byte (WlHexView *self, guint source, guint32 offset)
{
  g_return_if_fail (source < self->pages->len);

  Page *page = &g_array_index (self->pages, Page, source);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (page->view);
  GtkTextIter iter;
  GdkRectangle rect;
  int wx, wy;

  gtk_text_buffer_get_iter_at_line_offset (buffer, &iter, (int) (offset / BYTES_PER_LINE),
                                           (int) hex_column (page, offset % BYTES_PER_LINE));
  gtk_text_view_get_iter_location (page->view, &iter, &rect);
  gtk_text_view_buffer_to_window_coords (page->view, GTK_TEXT_WINDOW_WIDGET,
                                         rect.x + rect.width / 2, rect.y + rect.height / 2, &wx, &wy);

  GList *controllers = NULL;
  GListModel *list = gtk_widget_observe_controllers (GTK_WIDGET (page->view));
  for (guint i = 0; i < g_list_model_get_n_items (list); i++)
    {
      GtkEventController *c = g_list_model_get_item (list, i);
      if (GTK_IS_GESTURE_CLICK (c))
        controllers = g_list_prepend (controllers, c);
      else
        g_object_unref (c);
    }
  g_object_unref (list);
  /* Ours is the click gesture this file added; emit its signal as a pointer release would. */
  for (GList *l = controllers; l; l = l->next)
    if (g_signal_handler_find (l->data, G_SIGNAL_MATCH_FUNC | G_SIGNAL_MATCH_DATA, 0, 0, NULL,
                               on_click_released, self))
      g_signal_emit_by_name (l->data, "released", 1, (double) wx, (double) wy);
  g_list_free_full (controllers, g_object_unref);
}
