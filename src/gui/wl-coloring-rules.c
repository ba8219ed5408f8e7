/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Coloring rules (see wl-coloring-rules.h). The names, filters and colours are those of
 * Wireshark's default "colorfilters" file, so rows look as Wireshark users expect. */
#include <glib/gi18n.h>
#include "wl-coloring-rules.h"
#include "dfilter.h"

typedef struct {
  const char *name;    /* translatable */
  const char *filter;
  guint16 bg[3], fg[3];  /* 16-bit RGB, as in the colorfilters file */
  /* The same rule without the protocols Wirelens does not dissect (whose names the filter
   * engine rejects), or NULL when nothing would be left. */
  const char *fallback;
} RuleDef;

static const RuleDef default_rules[] = {
  { N_("Bad TCP"), "tcp.analysis.flags && !tcp.analysis.window_update && !tcp.analysis.keep_alive && !tcp.analysis.keep_alive_ack",
    { 4718, 10030, 11796 }, { 63479, 34695, 34695 } },
  { N_("HSRP State Change"), "hsrp.state != 8 && hsrp.state != 16",
    { 4718, 10030, 11796 }, { 65535, 64764, 40092 } },
  { N_("Spanning Tree Topology Change"), "stp.type == 0x80",
    { 4718, 10030, 11796 }, { 65535, 64764, 40092 } },
  { N_("OSPF State Change"), "ospf.msg != 1",
    { 4718, 10030, 11796 }, { 65535, 64764, 40092 } },
  { N_("ICMP errors"), "icmp.type in { 3..5, 11 } || icmpv6.type in { 1..4 }",
    { 4718, 10030, 11796 }, { 47031, 63479, 29812 }, "icmp.type in { 3..5, 11 }" },
  { N_("ARP"), "arp",
    { 64250, 61680, 55255 }, { 4718, 10030, 11796 } },
  { N_("ICMP"), "icmp || icmpv6",
    { 64764, 57568, 65535 }, { 4718, 10030, 11796 }, "icmp" },
  { N_("TCP RST"), "tcp.flags.reset eq 1",
    { 42148, 0, 0 }, { 65535, 64764, 40092 } },
  { N_("SCTP ABORT"), "sctp.chunk_type eq ABORT",
    { 42148, 0, 0 }, { 65535, 64764, 40092 } },
  { N_("TTL low or unexpected"), "(ip.dst != 224.0.0.0/4 && ip.ttl < 5 && !pim && !ospf) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1 && !(vrrp || carp))",
    { 42148, 0, 0 }, { 60652, 61680, 60395 }, "(ip.dst != 224.0.0.0/4 && ip.ttl < 5) || (ip.dst == 224.0.0.0/24 && ip.dst != 224.0.0.251 && ip.ttl != 1)" },
  { N_("Checksum Errors"), "eth.fcs.status==\"Bad\" || ip.checksum.status==\"Bad\" || tcp.checksum.status==\"Bad\" || udp.checksum.status==\"Bad\" || sctp.checksum.status==\"Bad\" || mstp.checksum.status==\"Bad\" || cdp.checksum.status==\"Bad\" || edp.checksum.status==\"Bad\" || wlan.fcs.status==\"Bad\" || stt.checksum.status==\"Bad\"",
    { 4718, 10030, 11796 }, { 63479, 34695, 34695 }, "ip.checksum.status == \"Bad\" || tcp.checksum.status == \"Bad\" || udp.checksum.status == \"Bad\"" },
  { N_("SMB"), "smb || nbss || nbns || netbios",
    { 65278, 65535, 53456 }, { 4718, 10030, 11796 } },
  { N_("HTTP"), "http || tcp.port == 80 || http2",
    { 58596, 65535, 51143 }, { 4718, 10030, 11796 }, "http || tcp.port == 80" },
  { N_("DCERPC"), "dcerpc",
    { 51199, 38706, 65533 }, { 4718, 10030, 11796 } },
  { N_("Routing"), "hsrp || eigrp || ospf || bgp || cdp || vrrp || carp || gvrp || igmp || ismp",
    { 65534, 62325, 54808 }, { 4718, 10030, 11796 }, "igmp" },
  { N_("TCP SYN/FIN"), "tcp.flags & 0x02 || tcp.flags.fin == 1",
    { 41026, 41026, 41026 }, { 4718, 10030, 11796 } },
  { N_("TCP"), "tcp",
    { 59345, 58980, 65535 }, { 4718, 10030, 11796 } },
  { N_("UDP"), "udp",
    { 56026, 61166, 65535 }, { 4718, 10030, 11796 } },
  { N_("Broadcast"), "eth[0] & 1",
    { 65535, 65535, 65535 }, { 47802, 48573, 46774 } },
};

typedef struct {
  const RuleDef *def;
  WlDfilter *df;
} Rule;

struct _WlColoringRules
{
  GArray *rules; /* Rule */
};

WlColoringRules *
wl_coloring_rules_new_default (void)
{
  WlColoringRules *self = g_new0 (WlColoringRules, 1);
  self->rules = g_array_new (FALSE, TRUE, sizeof (Rule));
  wl_dissectors_init ();
  for (gsize i = 0; i < G_N_ELEMENTS (default_rules); i++)
    {
      WlDfilterError *err = NULL;
      WlDfilter *df = wl_dfilter_compile (default_rules[i].filter, &err);
      if (!df && default_rules[i].fallback)
        {
          wl_dfilter_error_free (err);
          err = NULL;
          df = wl_dfilter_compile (default_rules[i].fallback, &err);
        }
      if (!df)
        {
          /* A protocol we do not dissect: the rule could never match. */
          g_debug ("coloring rule \"%s\" skipped: %s", default_rules[i].name,
                   err && err->message ? err->message : "?");
          wl_dfilter_error_free (err);
          continue;
        }
      Rule r = { &default_rules[i], df };
      g_array_append_val (self->rules, r);
    }
  return self;
}

void
wl_coloring_rules_free (WlColoringRules *self)
{
  if (!self)
    return;
  for (guint i = 0; i < self->rules->len; i++)
    wl_dfilter_free (g_array_index (self->rules, Rule, i).df);
  g_array_unref (self->rules);
  g_free (self);
}

guint
wl_coloring_rules_get_n_rules (const WlColoringRules *self)
{
  return self->rules->len;
}

const char *
wl_coloring_rules_get_name (const WlColoringRules *self, guint i)
{
  g_return_val_if_fail (i < self->rules->len, NULL);
  return _(g_array_index (self->rules, Rule, i).def->name);
}

const char *
wl_coloring_rules_get_filter (const WlColoringRules *self, guint i)
{
  g_return_val_if_fail (i < self->rules->len, NULL);
  return g_array_index (self->rules, Rule, i).def->filter;
}

void
wl_coloring_rules_add_wanted (const WlColoringRules *self, guint8 *field_set)
{
  for (guint i = 0; i < self->rules->len; i++)
    wl_dfilter_add_wanted (g_array_index (self->rules, Rule, i).df, field_set);
}

int
wl_coloring_rules_match (const WlColoringRules *self, const WlPacket *p)
{
  for (guint i = 0; i < self->rules->len; i++)
    if (wl_dfilter_apply (g_array_index (self->rules, Rule, i).df, p))
      return (int) i;
  return -1;
}

char *
wl_coloring_rules_to_css (const WlColoringRules *self)
{
  GString *css = g_string_new (NULL);
  for (guint i = 0; i < self->rules->len; i++)
    {
      const RuleDef *d = g_array_index (self->rules, Rule, i).def;
      g_string_append_printf (css,
                              ".wl-color-%u { background-color: #%02x%02x%02x; color: #%02x%02x%02x; }\n",
                              i, d->bg[0] >> 8, d->bg[1] >> 8, d->bg[2] >> 8,
                              d->fg[0] >> 8, d->fg[1] >> 8, d->fg[2] >> 8);
    }
  return g_string_free (css, FALSE);
}
