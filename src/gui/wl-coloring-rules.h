/* SPDX-License-Identifier: GPL-2.0-or-later */
/* WlColoringRules: the packet list's row colours, Wireshark's default coloring rules evaluated
 * with the display-filter engine. The first rule a packet matches gives its colours. */
#pragma once

#include <glib.h>
#include "dissect.h"

G_BEGIN_DECLS

typedef struct _WlColoringRules WlColoringRules;

/* The default rules; those whose filter names protocols Wirelens does not dissect are left
 * out (they could never match). */
WlColoringRules *wl_coloring_rules_new_default (void);
void wl_coloring_rules_free (WlColoringRules *rules);

guint wl_coloring_rules_get_n_rules (const WlColoringRules *rules);
const char *wl_coloring_rules_get_name (const WlColoringRules *rules, guint i);
const char *wl_coloring_rules_get_filter (const WlColoringRules *rules, guint i);

/* Adds the fields the rules read to a field set (for lean dissection). */
void wl_coloring_rules_add_wanted (const WlColoringRules *rules, guint8 *field_set);
/* The index of the first rule p matches, or -1. */
int wl_coloring_rules_match (const WlColoringRules *rules, const WlPacket *p);
/* CSS for the classes "wl-color-N", one per rule. */
char *wl_coloring_rules_to_css (const WlColoringRules *rules);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlColoringRules, wl_coloring_rules_free)

G_END_DECLS
