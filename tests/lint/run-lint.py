#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The lint suite: cppcheck or clang-tidy over the C files of src/ and dissectors/, as the build
compiles them (BUILDDIR/compile_commands.json). Any finding fails the test.

  run-lint.py cppcheck|clang-tidy BUILDDIR [FILE...]

cppcheck runs with --enable=warning,portability; a suppression is only ever written inline,
next to the code, with the reason (// cppcheck-suppress id). clang-tidy reads the checks from
.clang-tidy at the top of the repository, which says why each left-out check is left out.
Files listed in tests/lint/pending.txt are skipped: they have findings that their authors were
told about; remove a line once its file is clean. Skips (77) when the tool is not installed.
"""
import concurrent.futures as cf
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SCOPE = ["src/*.c", "dissectors/*.c"]
SKIP = 77


def pending():
    out = set()
    with open(os.path.join(HERE, "pending.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                out.add(line)
    return out


def selected_commands(builddir, only):
    with open(os.path.join(builddir, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    skip = pending()
    chosen, seen = [], set()
    for c in commands:
        path = os.path.normpath(os.path.join(c["directory"], c["file"]))
        rel = os.path.relpath(path, ROOT)
        if rel in seen or not any(fnmatch.fnmatch(rel, p) for p in SCOPE):
            continue
        if rel in skip or (only and rel not in only):
            continue
        seen.add(rel)
        c = dict(c)
        c["file"] = path
        chosen.append(c)
    return chosen


def run_cppcheck(commands, tmp):
    db = os.path.join(tmp, "compile_commands.json")
    with open(db, "w", encoding="utf-8") as f:
        json.dump(commands, f)
    cmd = ["cppcheck", "--project=" + db, "--enable=warning,portability", "--inline-suppr",
           "--error-exitcode=1", "--quiet", "-j%d" % (os.cpu_count() or 2),
           "--template={file}:{line}:{column}: {severity}: {message} [{id}]"]
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = r.stdout.decode("utf-8", "replace")
    findings = sorted({l for l in text.splitlines() if re.search(r": (warning|error|portability|style): ", l)})
    if r.returncode != 0 and not findings:
        findings = [text.strip() or "cppcheck failed with status %d" % r.returncode]
    return findings


def tidy_one(tmp, path):
    r = subprocess.run(["clang-tidy", "-p", tmp, "--quiet", "--extra-arg=-Wno-unknown-warning-option", path],
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    text = r.stdout.decode("utf-8", "replace")
    return [l for l in text.splitlines() if re.search(r": (warning|error): .*\[[\w.,-]+\]$", l)]


def run_clang_tidy(commands, tmp):
    with open(os.path.join(tmp, "compile_commands.json"), "w", encoding="utf-8") as f:
        json.dump(commands, f)
    findings = set()
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        for lines in ex.map(lambda c: tidy_one(tmp, c["file"]), commands):
            findings.update(lines)
    # The same header line found through several files counts once; paths relative to the top.
    return sorted({re.sub(r"^.*?/((?:src|dissectors)/)", r"\1", l) for l in findings})


def main():
    tool, builddir, only = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    if not shutil.which(tool):
        print("SKIP: %s is not installed (apt-get install %s)" % (tool, tool))
        return SKIP
    commands = selected_commands(builddir, only)
    if not commands:
        print("SKIP: no C files of src/ or dissectors/ in %s/compile_commands.json" % builddir)
        return SKIP
    with tempfile.TemporaryDirectory(prefix="wl-lint-") as tmp:
        findings = run_cppcheck(commands, tmp) if tool == "cppcheck" else run_clang_tidy(commands, tmp)
    for f in findings:
        print(f)
    print("%s: %d files, %d findings (%d files pending, see tests/lint/pending.txt)"
          % (tool, len(commands), len(findings), len(pending())))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
