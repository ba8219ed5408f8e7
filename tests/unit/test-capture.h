/* SPDX-License-Identifier: GPL-2.0-or-later */
/* What the dissector tests share: open a capture from tests/captures, dissect a frame with
 * the full tree and the columns, and read a field as tshark -E occurrence=a -E aggregator=,
 * prints it. */
#pragma once

#include <string.h>
#include "dissect.h"
#include "field-format.h"
#include "session.h"

typedef struct {
  WlSession *session;
  WlArena *arena;
  WlPacket packet;
} Capture;

static inline Capture *
capture_open (const char *name)
{
  const char *dir = g_getenv ("WL_TEST_CAPTURES");
  g_autofree char *path = g_build_filename (dir ? dir : "tests/captures", name, NULL);
  GError *error = NULL;
  WlFrameStore *store = wl_frame_store_open (path, &error);
  g_assert_no_error (error);
  Capture *c = g_new0 (Capture, 1);
  c->session = wl_session_new (store);
  c->arena = wl_arena_new ();
  return c;
}

static inline void
capture_close (Capture *c)
{
  wl_packet_clear (&c->packet);
  wl_arena_free (c->arena);
  wl_session_free (c->session);
  g_free (c);
}

static inline guint32
capture_count (Capture *c)
{
  return wl_frame_store_count (c->session->store);
}

/* Dissects a frame with the full tree and the columns. */
static inline WlPacket *
frame (Capture *c, guint32 number)
{
  WlDissectOptions opts = { TRUE, NULL, TRUE };
  wl_dissect_frame (c->session, number, &opts, &c->packet, c->arena);
  return &c->packet;
}

/* Every occurrence of the field, comma-joined, as tshark -E occurrence=a -E aggregator=, prints. */
static inline char *
field (WlPacket *p, const char *abbrev)
{
  const WlField *f = wl_field_lookup (abbrev);
  g_assert_nonnull (f);
  GString *s = g_string_new (NULL);
  for (WlNode *n = wl_packet_first (p, f->id); n; n = wl_packet_next (n, f->id))
    {
      if (s->len)
        g_string_append_c (s, ',');
      wl_node_format_value (n, s);
    }
  return g_string_free (s, FALSE);
}

#define assert_field(p, abbrev, expected) \
  G_STMT_START { g_autofree char *v_ = field (p, abbrev); g_assert_cmpstr (v_, ==, expected); } G_STMT_END
#define assert_info(p, expected) g_assert_cmpstr ((p)->col_info->str, ==, expected)
#define assert_protocol(p, expected) g_assert_cmpstr ((p)->col_protocol, ==, expected)
