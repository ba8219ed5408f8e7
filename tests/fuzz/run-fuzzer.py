#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs one libFuzzer target for a bounded time: the `fuzz` test suite (see doc/fuzzing.md).

  run-fuzzer.py NAME EXECUTABLE WORKDIR [SECONDS]

Seeds are written to WORKDIR/seeds-NAME by make-seeds.py; what the fuzzer finds is kept in
WORKDIR/corpus-NAME between runs, crashes in WORKDIR/crashes/. SECONDS defaults to
$WL_FUZZ_SECONDS, else 20. Exits non-zero on a crash, leak, timeout or out-of-memory, after
printing the input that caused it (path, size, base64) and the command that replays it.
"""
import base64
import glob
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
# Inputs of the dissection targets are packets, not files: keep them small and fast.
MAX_LEN = {"dissect": 8192, "writers": 8192, "dfilter": 4096}


def main():
    name, exe, workdir = sys.argv[1], sys.argv[2], sys.argv[3]
    seconds = int(sys.argv[4]) if len(sys.argv) > 4 else int(os.environ.get("WL_FUZZ_SECONDS", "20"))
    seeds = os.path.join(workdir, "seeds-" + name)
    corpus = os.path.join(workdir, "corpus-" + name)
    crashes = os.path.join(workdir, "crashes")
    for d in (corpus, crashes):
        os.makedirs(d, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "make-seeds.py"),
                    name, seeds], check=True)
    before = set(glob.glob(os.path.join(crashes, name + "-*")))
    cmd = [exe, "-max_total_time=%d" % seconds, "-rss_limit_mb=2048", "-malloc_limit_mb=1024",
           "-timeout=20", "-max_len=%d" % MAX_LEN.get(name, 32768), "-print_final_stats=1",
           "-artifact_prefix=" + os.path.join(crashes, name + "-")]
    if os.path.exists(seeds + ".dict"):
        cmd.append("-dict=" + seeds + ".dict")
    cmd += [corpus, seeds]
    env = dict(os.environ)
    env.setdefault("ASAN_OPTIONS", "detect_leaks=1:abort_on_error=0:symbolize=1")
    env.setdefault("UBSAN_OPTIONS", "print_stacktrace=1:halt_on_error=1")
    print(" ".join(cmd), flush=True)
    r = subprocess.run(cmd, env=env)
    if r.returncode == 0:
        return 0
    for path in sorted(set(glob.glob(os.path.join(crashes, name + "-*"))) - before):
        with open(path, "rb") as f:
            blob = f.read()
        print("FAILING INPUT %s (%d bytes), base64:\n%s" % (path, len(blob),
              base64.b64encode(blob[:4096]).decode()))
        print("replay: %s %s" % (exe, path))
    return 1


if __name__ == "__main__":
    sys.exit(main())
