/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlPacketRow (see wl-packet-row.h). */
#include "wl-packet-list-model.h"
#include "wl-packet-row.h"

struct _WlPacketRow
{
  GObject parent_instance;
  WlPacketListModel *model;  /* weak: the model caches rows */
  guint position;
  guint generation;          /* the model's, when the texts were made */
  int color;
  GStrv texts;               /* NULL until formatted */
};

G_DEFINE_FINAL_TYPE (WlPacketRow, wl_packet_row, G_TYPE_OBJECT)

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
wl_packet_row_finalize (GObject *object)
{
  WlPacketRow *self = WL_PACKET_ROW (object);
  if (self->model)
    {
      wl_packet_list_model_forget_row (self->model, self, self->position);
      g_object_remove_weak_pointer (G_OBJECT (self->model), (gpointer *) &self->model);
    }
  g_clear_pointer (&self->texts, g_strfreev);
  G_OBJECT_CLASS (wl_packet_row_parent_class)->finalize (object);
}

static void
wl_packet_row_class_init (WlPacketRowClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = wl_packet_row_finalize;
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                          NULL, NULL, G_TYPE_NONE, 0);
}

static void
wl_packet_row_init (WlPacketRow *self)
{
  self->color = -1;
}

WlPacketRow *
wl_packet_row_new (WlPacketListModel *model, guint position)
{
  WlPacketRow *self = g_object_new (WL_TYPE_PACKET_ROW, NULL);
  self->model = model;
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &self->model);
  self->position = position;
  return self;
}

guint32
wl_packet_row_get_number (WlPacketRow *self)
{
  return self->model ? wl_packet_list_model_get_frame (self->model, self->position) : 0;
}

static void
ensure_formatted (WlPacketRow *self)
{
  if (self->model && (!self->texts || self->generation != wl_packet_list_model_get_generation (self->model)))
    {
      g_clear_pointer (&self->texts, g_strfreev);
      self->color = -1;
      self->generation = wl_packet_list_model_get_generation (self->model);
      wl_packet_list_model_format_row (self->model, self);
    }
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

void
wl_packet_row_changed (WlPacketRow *self)
{
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}
