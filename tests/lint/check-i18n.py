#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Checks the translatable strings of the sources against what gettext can use.

- No translatable string may contain one of GLib's format macros (G_GUINT64_FORMAT,
  G_GSIZE_FORMAT...): xgettext cuts the message short where the macro stands, so the whole
  string, as the program asks for it, is never found in the catalogue. <inttypes.h> macros
  (PRIu64) and %zu are what xgettext and msgfmt understand.
- Every source file with translatable strings is listed in po/POTFILES.in.
- Each translation (po/*.po) passes msgfmt's checks (formats that match their msgid).

usage: check-i18n.py SOURCE_ROOT
"""
import os
import re
import subprocess
import sys

CALL = re.compile(r'\b(?:_|N_|C_|ngettext|g_dngettext|g_dpgettext2)\s*\(')
LITERAL = re.compile(r'"(?:[^"\\]|\\.)*"')
GLIB_FORMAT = re.compile(r'\bG_G[A-Z0-9]*_FORMAT\b')


def call_text(s, start):
    """The text of the call whose arguments begin at start, up to its closing parenthesis."""
    depth, i = 1, start
    while i < len(s) and depth:
        c = s[i]
        if c == '"':
            m = LITERAL.match(s, i)
            i = m.end() if m else i + 1
            continue
        if c == '(':
            depth += 1
        elif c == ')':
            depth -= 1
        i += 1
    return s[start:i]


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else '.'
    with open(os.path.join(root, 'po', 'POTFILES.in'), encoding='utf-8') as f:
        listed = {l.strip() for l in f if l.strip() and not l.startswith('#')}
    problems = []
    for top in ('src', 'dissectors'):
        for dirpath, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if not name.endswith('.c'):
                    continue
                path = os.path.join(dirpath, name)
                rel = os.path.relpath(path, root)
                with open(path, encoding='utf-8') as f:
                    s = f.read()
                calls = [(m, call_text(s, m.end())) for m in CALL.finditer(s)]
                calls = [(m, text) for m, text in calls if LITERAL.search(text)]
                if calls and rel not in listed:
                    problems.append('%s has translatable strings but is not in po/POTFILES.in' % rel)
                for m, text in calls:
                    if GLIB_FORMAT.search(text):
                        line = s.count('\n', 0, m.start()) + 1
                        problems.append('%s:%d: a GLib format macro in a translatable string (xgettext '
                                        'cuts it short there; use PRIu64 or %%zu): %s'
                                        % (rel, line, ' '.join(text.split())[:100]))
    po_dir = os.path.join(root, 'po')
    for name in sorted(os.listdir(po_dir)):
        if name.endswith('.po'):
            r = subprocess.run(['msgfmt', '--check', '-o', os.devnull, os.path.join(po_dir, name)],
                               capture_output=True, text=True)
            if r.returncode != 0:
                problems.append('po/%s: msgfmt --check failed:\n%s' % (name, r.stderr))
    for p in problems:
        print(p)
    print('%d problems' % len(problems))
    return 1 if problems else 0


if __name__ == '__main__':
    sys.exit(main())
