/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text of packet bytes as tshark 4.0 shows it, for HTTP and the body dissectors (in http.c). */
#pragma once

#include "dissect.h"

/* Bytes as tshark's format_text shows them: UTF-8 kept, a byte that is not valid UTF-8 shown
 * as U+FFFD, \a \b \f \n \r \t \v escaped so, other control bytes as \ooo. */
char *wl_format_text (WlArena *a, const guint8 *s, gsize n);
/* The same for a tree label: one that does not fit tshark's 239 bytes starts " [truncated]"
 * and keeps the first 226 bytes. */
char *wl_format_label_text (WlArena *a, const guint8 *s, gsize n);
