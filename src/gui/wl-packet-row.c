/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlPacketRow (see wl-packet-row.h). */
#include "wl-packet-list-model.h"
#include "wl-packet-row.h"

struct _WlPacketRow
{
  GObject parent_instance;
  WlPacketListModel *model;  /* weak: the model caches rows */
  guint32 number;
  int color;
  GStrv texts;               /* NULL until formatted */
};

G_DEFINE_FINAL_TYPE (WlPacketRow, wl_packet_row, G_TYPE_OBJECT)

static void
wl_packet_row_finalize (GObject *object)
{
  WlPacketRow *self = WL_PACKET_ROW (object);
  if (self->model)
    g_object_remove_weak_pointer (G_OBJECT (self->model), (gpointer *) &self->model);
  g_clear_pointer (&self->texts, g_strfreev);
  G_OBJECT_CLASS (wl_packet_row_parent_class)->finalize (object);
}

static void
wl_packet_row_class_init (WlPacketRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wl_packet_row_finalize;
}

static void
wl_packet_row_init (WlPacketRow *self)
{
  self->color = -1;
}

WlPacketRow *
wl_packet_row_new (WlPacketListModel *model, guint32 number)
{
  WlPacketRow *self = g_object_new (WL_TYPE_PACKET_ROW, NULL);
  self->model = model;
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &self->model);
  self->number = number;
  return self;
}

guint32
wl_packet_row_get_number (WlPacketRow *self)
{
  return self->number;
}

static void
ensure_formatted (WlPacketRow *self)
{
  if (!self->texts && self->model)
    wl_packet_list_model_format_row (self->model, self);
}

const char *
wl_packet_row_get_text (WlPacketRow *self, guint column)
{
  ensure_formatted (self);
  if (!self->texts || column >= g_strv_length (self->texts))
    return "";
  return self->texts[column];
}

int
wl_packet_row_get_color (WlPacketRow *self)
{
  ensure_formatted (self);
  return self->color;
}

void
wl_packet_row_set_formatted (WlPacketRow *self, GStrv texts, int color)
{
  g_clear_pointer (&self->texts, g_strfreev);
  self->texts = texts;
  self->color = color;
}
