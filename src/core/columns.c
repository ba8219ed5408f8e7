/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Column texts (see columns.h). */
#include <time.h>
#include "columns.h"
#include "ether-names.h"
#include "session.h"

/* A column shows an Ethernet address by its name, as tshark does by default. */
static void
format_column_address (const WlAddress *a, GString *out)
{
  if (a->type == WL_ADDR_ETHER)
    wl_ether_format_resolved (a->data, FALSE, out);
  else
    wl_col_format_address (a, out);
}

static void
format_time (const WlPacket *p, WlTimeFormat tf, GString *out)
{
  gint64 ns = p->ts_ns;
  switch (tf)
    {
    case WL_TIME_DELTA:
      if (p->number > 1)
        ns = (gint64) ((guint64) ns - (guint64) wl_frame_store_ts_ns (p->session->store, p->number - 1));
      else
        ns = 0;
      break;
    case WL_TIME_EPOCH:
      break;
    case WL_TIME_ABSOLUTE:
    case WL_TIME_ABSOLUTE_DATE:
      {
        time_t t = (time_t) (ns / 1000000000);
        struct tm tm;
        localtime_r (&t, &tm);
        if (tf == WL_TIME_ABSOLUTE_DATE)
          g_string_append_printf (out, "%04d-%02d-%02d ", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
        g_string_append_printf (out, "%02d:%02d:%02d.%06d", tm.tm_hour, tm.tm_min, tm.tm_sec,
                                (int) ((ns % 1000000000) / 1000));
        return;
      }
    default:
      ns = (gint64) ((guint64) ns - (guint64) p->session->first_ts_ns);
      break;
    }
  gint64 us = ns / 1000 + (ns % 1000 >= 500 ? 1 : ns % 1000 <= -500 ? -1 : 0);
  guint64 mag = us < 0 ? (guint64) 0 - (guint64) us : (guint64) us;
  if (us < 0)
    g_string_append_c (out, '-');
  g_string_append_printf (out, "%" G_GUINT64_FORMAT ".%06" G_GUINT64_FORMAT, mag / 1000000, mag % 1000000);
}

void
wl_packet_format_column (const WlPacket *p, WlColumn col, WlTimeFormat tf, GString *out)
{
  switch (col)
    {
    case WL_COL_NUMBER:
      g_string_append_printf (out, "%u", p->number);
      break;
    case WL_COL_TIME:
      format_time (p, tf, out);
      break;
    case WL_COL_SOURCE:
      format_column_address (p->net_src.type != WL_ADDR_NONE ? &p->net_src : &p->dl_src, out);
      break;
    case WL_COL_DESTINATION:
      format_column_address (p->net_dst.type != WL_ADDR_NONE ? &p->net_dst : &p->dl_dst, out);
      break;
    case WL_COL_PROTOCOL:
      g_string_append (out, p->col_protocol ? p->col_protocol : "");
      break;
    case WL_COL_LENGTH:
      g_string_append_printf (out, "%u", p->len);
      break;
    case WL_COL_INFO:
      if (p->col_info)
        g_string_append_len (out, p->col_info->str, (gssize) p->col_info->len);
      break;
    default:
      break;
    }
}
