/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A capture file mapped read-only into memory that survives being cut short by another
 * program. Reading a page of a mapping past the file's new end raises SIGBUS; a process-wide
 * handler installed here recognises the address as one of these mappings, puts zero-filled
 * pages in place of the lost ones, records from which offset the bytes were lost, and lets the
 * read go on. Readers then ask wl_mapped_file_check() whether what they read was real. See
 * doc/design.md, "Reliability". */
#pragma once

#include <glib.h>

typedef struct WlMappedFile WlMappedFile;

/* Maps path read-only. An empty file maps to zero bytes. Returns NULL with a message naming
 * the file when it cannot be opened or mapped. */
WlMappedFile *wl_mapped_file_open (const char *path, GError **error);
void wl_mapped_file_free (WlMappedFile *m);

const guint8 *wl_mapped_file_data (const WlMappedFile *m);
gsize wl_mapped_file_size (const WlMappedFile *m);

/* Bytes from this offset on may not be those of the file any more (it shrank under the
 * mapping), or G_MAXUINT64 when nothing was lost. Cheap: reads what the signal handler
 * recorded, and the size last seen by wl_mapped_file_check(). */
guint64 wl_mapped_file_valid_until (const WlMappedFile *m);

/* Re-reads the file's size: FALSE with a message naming the file (its old and new size) when
 * it shrank since it was mapped, or when reads already met lost pages. Growing is fine (a
 * capture being written). */
gboolean wl_mapped_file_check (WlMappedFile *m, GError **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (WlMappedFile, wl_mapped_file_free)
