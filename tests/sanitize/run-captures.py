#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs wirelens-cli over captures with -V -x, -T json, -T ek and -q -z io,phs (the lean
protocol-shape dissection), and fails on any crash, hang or sanitizer report. Over the 830
robustness captures, json and ek take turns (each writer still walks 415 hostile trees; -V
-x and io,phs see them all), which keeps the sanitized CI stage inside its time. Meant for
the AddressSanitizer + UndefinedBehaviorSanitizer build (suite 'sanitize'), where a report
makes the process exit with status 99 (ASan) or 98 (UBSan).

  run-captures.py corpus       ../shared/corpus/captures, tests/captures, data/samples
  run-captures.py robustness   ../shared/corpus/robustness (tcpdump's test captures, many fuzzed)
"""
import concurrent.futures as cf
import os
import subprocess
import sys

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
SHARED = os.environ.get("WL_SHARED", "../shared")
HERE = os.path.dirname(os.path.abspath(__file__))
ENV = dict(os.environ,
           ASAN_OPTIONS="detect_leaks=0:exitcode=99:allocator_may_return_null=1",
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")


def captures(which):
    dirs = []
    if which == "corpus":
        dirs = [os.path.join(SHARED, "corpus", "captures"), os.path.join(HERE, "..", "captures"),
                os.path.join(HERE, "..", "..", "data", "samples")]
    else:
        dirs = [os.path.join(SHARED, "corpus", "robustness")]
    out = []
    for d in dirs:
        if os.path.isdir(d):
            out += [os.path.join(d, n) for n in sorted(os.listdir(d))
                    if not n.endswith((".md", ".txt", "README"))]
    return out


FULL = (["-V", "-x"], ["-T", "json"], ["-T", "ek"], ["-q", "-z", "io,phs"])
TURNS = ((["-V", "-x"], ["-T", "json"], ["-q", "-z", "io,phs"]),
         (["-V", "-x"], ["-T", "ek"], ["-q", "-z", "io,phs"]))


def check(job):
    path, runs = job
    problems = []
    for args in runs:
        try:
            r = subprocess.run([CLI, "-r", path] + args, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, env=ENV, timeout=60)
        except subprocess.TimeoutExpired:
            problems.append("%s %s: timeout" % (path, " ".join(args)))
            continue
        err = r.stderr.decode("utf-8", "replace")
        if r.returncode < 0 or r.returncode in (98, 99) or "runtime error:" in err or "Sanitizer" in err:
            problems.append("%s %s: exit %d\n%s" % (path, " ".join(args), r.returncode, err[-3000:]))
    return problems


def main():
    which = sys.argv[1] if len(sys.argv) > 1 else "corpus"
    files = captures(which)
    if not files:
        print("SKIP: no captures found for %s (../shared beside the repository?)" % which)
        return 77
    bad = []
    with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
        jobs = [(f, FULL if which == "corpus" else TURNS[i % 2]) for i, f in enumerate(files)]
        for problems in ex.map(check, jobs):
            bad += problems
    for b in bad:
        print("FAIL", b)
    print("%d captures, %d problems" % (len(files), len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
