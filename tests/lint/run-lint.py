#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The lint suite: cppcheck or clang-tidy over the C files of src/ and dissectors/, as the build
compiles them (BUILDDIR/compile_commands.json). Any finding fails the test.

  run-lint.py cppcheck|clang-tidy BUILDDIR [FILE...]

cppcheck runs with --enable=warning,portability; a suppression is only ever written inline,
next to the code, with the reason (// cppcheck-suppress id). clang-tidy reads the checks from
.clang-tidy at the top of the repository, which says why each left-out check is left out; a
false positive is silenced inline (NOLINT) with the reason.

Speed (the suite runs in CI): one tool process per file, WL_LINT_JOBS at a time (default: the
number of CPUs), biggest files first. cppcheck reads GLib's headers but not GTK's for the GUI
files: GTK's headers were four fifths of its time, and cppcheck's gtk library configuration
describes GTK's API instead. Each file's result is cached in BUILDDIR/lint-cache under a hash
of the tool's version, its configuration, this script, the compile command and the contents of
the file and of every header ninja recorded for it, so a second run only looks at
what changed. Skips (77) when the tool is not installed.
"""
import concurrent.futures as cf
import fnmatch
import hashlib
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SCOPE = ["src/*.c", "dissectors/*.c"]
SKIP = 77
FINDING = {
    "cppcheck": re.compile(r": (warning|error|portability|style): "),
    "clang-tidy": re.compile(r": (warning|error): .*\[[\w.,-]+\]$"),
}


def selected_commands(builddir, only):
    with open(os.path.join(builddir, "compile_commands.json"), encoding="utf-8") as f:
        commands = json.load(f)
    chosen, seen = [], set()
    for c in commands:
        path = os.path.normpath(os.path.join(c["directory"], c["file"]))
        rel = os.path.relpath(path, ROOT)
        if rel in seen or not any(fnmatch.fnmatch(rel, p) for p in SCOPE):
            continue
        if only and rel not in only:
            continue
        seen.add(rel)
        c = dict(c)
        c["file"] = path
        c["rel"] = rel
        chosen.append(c)
    # The longest files take longest: started first, they do not end the run alone.
    chosen.sort(key=lambda c: -os.path.getsize(c["file"]))
    return chosen


def arguments(c):
    return c["arguments"] if "arguments" in c else shlex.split(c["command"])


class Cache:
    """Findings per file, keyed by everything that can change them."""

    def __init__(self, builddir, tool, config):
        self.dir = os.path.join(builddir, "lint-cache", tool)
        os.makedirs(self.dir, exist_ok=True)
        version = subprocess.run([tool, "--version"], stdout=subprocess.PIPE,
                                 stderr=subprocess.STDOUT).stdout
        h = hashlib.sha256(version)
        for path in [os.path.abspath(__file__)] + config:
            with open(path, "rb") as f:
                h.update(f.read())
        self.base = h.hexdigest()
        self.file_hashes = {}
        # The headers each object was built from, as ninja recorded them from the compiler.
        self.deps = {}
        ninja = shutil.which("ninja") or shutil.which("samu")
        r = subprocess.run([ninja, "-C", builddir, "-t", "deps"], stdout=subprocess.PIPE,
                           stderr=subprocess.DEVNULL) if ninja else None
        target = None
        for line in (r.stdout.decode("utf-8", "replace").splitlines() if r and r.returncode == 0 else []):
            if line and not line[0].isspace():
                target = line.split(":", 1)[0] if "(VALID)" in line else None
                if target:
                    self.deps[target] = []
            elif target and line.strip():
                self.deps[target].append(line.strip())

    def _hash_file(self, path):
        if path not in self.file_hashes:
            try:
                with open(path, "rb") as f:
                    self.file_hashes[path] = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                self.file_hashes[path] = "missing"
        return self.file_hashes[path]

    def key(self, c):
        """None when ninja has no up-to-date record of the file's headers."""
        args = arguments(c)
        deps = self.deps.get(args[args.index("-o") + 1]) if "-o" in args else None
        if not deps:
            return None
        paths = sorted({os.path.normpath(os.path.join(c["directory"], p)) for p in deps} | {c["file"]})
        h = hashlib.sha256(self.base.encode())
        h.update(json.dumps(args).encode())
        for p in paths:
            h.update(("%s %s\n" % (p, self._hash_file(p))).encode())
        return h.hexdigest()

    def get(self, key):
        try:
            with open(os.path.join(self.dir, key), encoding="utf-8") as f:
                return json.load(f)
        except (OSError, ValueError):
            return None

    def put(self, key, findings):
        tmp = os.path.join(self.dir, key + ".tmp%d" % os.getpid())
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(findings, f)
        os.replace(tmp, os.path.join(self.dir, key))


# cppcheck's gtk configuration takes g_object_unref for a free; but a GObject outlives the
# reference dropped when something else holds one (GTK's list of windows, a container), so these
# two checks only see false positives in the GUI. (With GTK's headers, cppcheck did not know
# g_object_unref released anything, and had no such check at all.)
LIBS = ["--library=gtk", "--suppress=deallocret", "--suppress=deallocuse"]
# Without GTK's headers, cppcheck cannot parse some code (a compound literal of a GTK type): such a
# file is checked again with every header.
UNPARSED = re.compile(r"\[(internalAstError|syntaxError|unknownMacro)\]$")


def cppcheck_command(c):
    """GUI files leave GTK's headers (and those GTK pulls in) out; GLib's stay."""
    args = arguments(c)
    if not any(a.startswith("-I/usr/include/gtk-") for a in args):
        return c, []
    args = [a for a in args if not (a.startswith("-I/usr/") and "glib-2.0" not in a)]
    c = dict(c)
    c.pop("arguments", None)
    c["command"] = shlex.join(args)
    return c, LIBS


def run_cppcheck(c, tmp):
    lean, extra = cppcheck_command(c)
    findings = cppcheck_one(lean, extra, tmp)
    if extra and any(UNPARSED.search(l) for l in findings):
        findings = cppcheck_one(c, [], tmp)
    return findings


def cppcheck_one(c, extra, tmp):
    db = os.path.join(tmp, re.sub(r"\W", "_", c["rel"]) + ".json")
    with open(db, "w", encoding="utf-8") as f:
        json.dump([{k: v for k, v in c.items() if k != "rel"}], f)
    cmd = ["cppcheck", "--project=" + db, "--enable=warning,portability", "--inline-suppr",
           "--error-exitcode=1", "--quiet",
           "--template={file}:{line}:{column}: {severity}: {message} [{id}]"] + extra
    r = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    text = r.stdout.decode("utf-8", "replace")
    findings = [l for l in text.splitlines() if FINDING["cppcheck"].search(l)]
    if r.returncode != 0 and not findings:
        findings = ["%s: cppcheck failed with status %d: %s" % (c["rel"], r.returncode, text.strip())]
    return findings


def run_clang_tidy(c, tmp):
    r = subprocess.run(["clang-tidy", "-p", tmp, "--quiet", "--extra-arg=-Wno-unknown-warning-option",
                        c["file"]], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    text = r.stdout.decode("utf-8", "replace")
    findings = [l for l in text.splitlines() if FINDING["clang-tidy"].search(l)]
    if r.returncode != 0 and not findings:
        err = r.stderr.decode("utf-8", "replace").strip().splitlines()
        findings = ["%s: clang-tidy failed with status %d: %s" % (c["rel"], r.returncode, " ".join(err[-3:]))]
    return findings


def main():
    tool, builddir, only = sys.argv[1], sys.argv[2], set(sys.argv[3:])
    if not shutil.which(tool):
        print("SKIP: %s is not installed (apt-get install %s)" % (tool, tool))
        return SKIP
    commands = selected_commands(builddir, only)
    if not commands:
        print("SKIP: no C files of src/ or dissectors/ in %s/compile_commands.json" % builddir)
        return SKIP
    jobs = int(os.environ.get("WL_LINT_JOBS", "0")) or os.cpu_count() or 2
    config = [os.path.join(ROOT, ".clang-tidy")] if tool == "clang-tidy" else []
    cache = Cache(builddir, tool, config)
    run = run_cppcheck if tool == "cppcheck" else run_clang_tidy
    findings, cached = set(), 0
    with tempfile.TemporaryDirectory(prefix="wl-lint-") as tmp:
        with open(os.path.join(tmp, "compile_commands.json"), "w", encoding="utf-8") as f:
            json.dump([{k: v for k, v in c.items() if k != "rel"} for c in commands], f)

        def one(c):
            key = cache.key(c)
            found = cache.get(key) if key else None
            if found is not None:
                return found, True
            found = run(c, tmp)
            if key and not any(" failed with status " in l for l in found):
                cache.put(key, found)
            return found, False

        with cf.ThreadPoolExecutor(max_workers=jobs) as ex:
            for found, hit in ex.map(one, commands):
                findings.update(found)
                cached += hit
    # The same header line found through several files counts once; paths relative to the top.
    findings = sorted({re.sub(r"^.*?/((?:src|dissectors)/)", r"\1", l) for l in findings})
    for f in findings:
        print(f)
    print("%s: %d files (%d from the cache), %d jobs, %d findings"
          % (tool, len(commands), cached, jobs, len(findings)))
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
