#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""The -z statistics of wirelens-cli against tshark 4.0.17's, on every capture of ../shared/corpus.

The golden outputs in tests/stats/golden/<stat>/<capture>.txt (or .sha256 for big ones) were
written by make-golden.sh with the tshark named in golden/TSHARK_VERSION; nothing is hand-made.

  compare-stats.py [--stat NAME]... [--strict] [--verbose]

For each statistic and capture: "ok", or "DIFF" with the reason it most likely has. A mismatch
is put down to the dissectors when the per-packet values the statistic reads (frame.protocols,
addresses, ports, tcp.stream, sequence numbers...) differ from tshark's, as recorded in
../shared/corpus/golden/<capture>.fields.tsv and .protocols.txt, or for io,phs when the packets'
top-level tree items differ from tshark's -T json ones (golden/toplevel); otherwise to the
statistic itself. Exit status: 1 when a statistic mismatches with tshark-equal inputs or the CLI fails
(with --strict: on any mismatch), 77 when the corpus is missing.
"""
import argparse
import difflib
import hashlib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ.get("WL_CLI", os.path.join(HERE, "..", "..", "build", "src", "cli", "wirelens-cli"))
SHARED = os.environ.get("WL_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")
GOLDEN = os.path.join(HERE, "golden")

# name, -z argument, the per-packet fields the statistic depends on
STATS = [
    ("conv-tcp", "conv,tcp", ["frame.len", "ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
                              "tcp.srcport", "tcp.dstport", "tcp.stream"]),
    ("conv-ip", "conv,ip", ["frame.len", "ip.src", "ip.dst"]),
    ("endpoints-ip", "endpoints,ip", ["frame.len", "ip.src", "ip.dst"]),
    ("io-phs", "io,phs", ["frame.len"]),
    ("follow-tcp-ascii-0", "follow,tcp,ascii,0", ["ip.src", "ip.dst", "ipv6.src", "ipv6.dst",
                                                  "tcp.srcport", "tcp.dstport", "tcp.stream",
                                                  "tcp.seq", "tcp.ack", "tcp.len", "tcp.flags"]),
    # the items come from every layer: the fields of the commonest ones (TCP analysis, HTTP
    # request/response lines, TTL notes, DNS retransmissions)
    ("expert", "expert", ["ip.ttl", "tcp.seq", "tcp.ack", "tcp.len", "tcp.flags", "tcp.stream",
                          "http.request.method", "http.response.code", "dns.flags.response"]),
]
PROTOCOLS_MATTER = {"io-phs", "conv-ip", "endpoints-ip", "conv-tcp"}


def run_cli(args):
    r = subprocess.run([CLI] + args, capture_output=True)
    return r.returncode, r.stdout, r.stderr.decode("utf-8", "replace")


def golden_fields(cap):
    path = os.path.join(CORPUS, "golden", cap + ".fields.tsv")
    if not os.path.exists(path):
        return None, []
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    header = lines[0].split("\t")
    rows = [l.split("\t") for l in lines[1:] if l]
    return header, rows


def golden_protocols(cap):
    path = os.path.join(CORPUS, "golden", cap + ".protocols.txt")
    if not os.path.exists(path):
        return None
    with open(path, encoding="utf-8") as f:
        return [l.rstrip("\n") for l in f if l.strip()]


_input_cache = {}


def input_differences(cap, fields, with_protocols):
    """What the dissectors give differently from tshark for the fields a statistic reads."""
    header, rows = golden_fields(cap)
    wanted = [f for f in fields if header and f in header]
    notes = []
    path = os.path.join(CORPUS, "captures", cap)
    if wanted:
        key = (cap, tuple(wanted))
        if key not in _input_cache:
            _input_cache[key] = run_cli(["-r", path, "-T", "fields"] + sum((["-e", f] for f in wanted), []))
        rc, out, _ = _input_cache[key]
        ours = [l.split("\t") for l in out.decode("utf-8", "replace").split("\n") if l != ""]
        cols = [header.index(f) for f in wanted]
        for i, f in enumerate(wanted):
            for n, row in enumerate(rows):
                theirs = row[cols[i]] if cols[i] < len(row) else ""
                mine = ours[n][i] if n < len(ours) and i < len(ours[n]) else "<missing>"
                if theirs != mine:
                    notes.append("%s differs at frame %d (tshark %r, ours %r)" % (f, n + 1, theirs, mine))
                    break
    if with_protocols:
        protos = golden_protocols(cap)
        if protos is not None:
            key = (cap, "protocols")
            if key not in _input_cache:
                _input_cache[key] = run_cli(["-r", path, "-T", "fields", "-e", "frame.protocols"])
            rc, out, _ = _input_cache[key]
            ours = [l for l in out.decode("utf-8", "replace").split("\n") if l != ""]
            for n, theirs in enumerate(protos):
                mine = ours[n] if n < len(ours) else "<missing>"
                if theirs != mine:
                    notes.append("frame.protocols differs at frame %d (tshark %r, ours %r)" % (n + 1, theirs, mine))
                    break
    return notes


def toplevel_differences(cap):
    """Whether the packets' top-level tree items (what io,phs counts) differ from tshark's."""
    path = os.path.join(GOLDEN, "toplevel", cap + ".txt")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as f:
        theirs = f.read().splitlines()
    rc, out, _ = run_cli(["-r", os.path.join(CORPUS, "captures", cap), "-T", "json"])
    r = subprocess.run([sys.executable, os.path.join(HERE, "toplevel.py")], input=out, capture_output=True)
    ours = r.stdout.decode("utf-8", "replace").splitlines()
    for n, t in enumerate(theirs):
        mine = ours[n] if n < len(ours) else "<missing>"
        if t != mine:
            return ["top-level tree items differ at frame %d (tshark %r, ours %r)" % (n + 1, t, mine)]
    return []


# -z arguments tshark refuses, and the start of what it says (after "tshark: ")
INVALID = [
    ("foo", 'Invalid -z argument "foo"; it must be one of:'),
    ("conv,foo", 'Invalid -z argument "conv,foo"; it must be one of:'),
    ("follow,tcp,foo,0", "follow - Invalid display mode."),
    ("follow,tcp,ascii", "follow - Invalid address."),
    ("follow,tcp,ascii,0,x", "follow - Invalid range."),
    ("conv,tcp,tcp.port==", 'Couldn\'t register conversations tap: Filter "tcp.port==" is invalid - '),
    ("io,phs,tcp.port==", 'Couldn\'t register io,phs tap: Filter "tcp.port==" is invalid - '),
]


def check_invalid(cap):
    """Each refused argument: exit status 1 and tshark's message on stderr."""
    bad = 0
    have_filters = run_cli(["-r", cap, "-q", "-Y", "frame"])[0] == 0
    for arg, msg in INVALID:
        if "Filter" in msg and not have_filters:
            continue
        rc, out, err = run_cli(["-r", cap, "-q", "-z", arg])
        first = err.splitlines()[0] if err else ""
        if rc != 1 or not first.startswith("wirelens-cli: " + msg):
            print("  -z %-30s FAIL: exit %d, %r" % (arg, rc, first))
            bad += 1
        else:
            print("  -z %-30s ok" % arg)
    return bad


def expected(name, cap):
    txt = os.path.join(GOLDEN, name, cap + ".txt")
    if os.path.exists(txt):
        with open(txt, "rb") as f:
            return "text", f.read()
    sha = os.path.join(GOLDEN, name, cap + ".sha256")
    if os.path.exists(sha):
        with open(sha, encoding="utf-8") as f:
            size, digest = f.read().split()
        return "sha256", (int(size), digest)
    return None, None


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--stat", action="append", default=[], help="only these statistics (names above)")
    ap.add_argument("--capture", action="append", default=[], help="only these captures")
    ap.add_argument("--strict", action="store_true", help="fail on any mismatch")
    ap.add_argument("--verbose", action="store_true", help="show the first lines of each diff")
    args = ap.parse_args()

    if not os.path.isdir(os.path.join(CORPUS, "captures")):
        print("no corpus at %s: skipped" % CORPUS)
        return 77
    with open(os.path.join(GOLDEN, "TSHARK_VERSION"), encoding="utf-8") as f:
        print("golden files made by: %s" % f.read().strip())

    caps = sorted(os.listdir(os.path.join(CORPUS, "captures")))
    if args.capture:
        caps = [c for c in caps if c in args.capture]
    stats = [s for s in STATS if not args.stat or s[0] in args.stat]
    bad_stats = bad_dissect = crashes = 0
    summary = []
    for name, zarg, fields in stats:
        n_ok = n_dissect = n_stats = 0
        print("\n== -z %s" % zarg)
        for cap in caps:
            kind, want = expected(name, cap)
            if kind is None:
                print("  %-36s no golden file" % cap)
                continue
            rc, out, err = run_cli(["-r", os.path.join(CORPUS, "captures", cap), "-q", "-z", zarg])
            if rc not in (0, 2) or (rc == 2 and "cut short" not in err and "damaged" not in err):
                print("  %-36s FAIL: exit %d: %s" % (cap, rc, err.strip()[:300]))
                crashes += 1
                n_stats += 1
                continue
            if kind == "text":
                same = out == want
            else:
                same = len(out) == want[0] and hashlib.sha256(out).hexdigest() == want[1]
            if same:
                n_ok += 1
                print("  %-36s ok" % cap)
                continue
            notes = input_differences(cap, fields, name in PROTOCOLS_MATTER)
            if name == "io-phs":
                notes += toplevel_differences(cap)
            if notes:
                n_dissect += 1
                print("  %-36s DIFF (dissectors: %s)" % (cap, "; ".join(notes)))
            else:
                n_stats += 1
                print("  %-36s DIFF (statistics: the inputs match tshark's)" % cap)
            if args.verbose and kind == "text":
                diff = difflib.unified_diff(want.decode("utf-8", "replace").splitlines(),
                                            out.decode("utf-8", "replace").splitlines(),
                                            "tshark", "wirelens-cli", lineterm="", n=1)
                for line in list(diff)[:30]:
                    print("      " + line)
        summary.append((zarg, n_ok, n_dissect, n_stats))
        bad_stats += n_stats
        bad_dissect += n_dissect
    if not args.stat and not args.capture:
        print("\n== invalid -z arguments")
        crashes += check_invalid(os.path.join(CORPUS, "captures", caps[0]))
    print("\nsummary (captures matching tshark / mismatches put down to dissectors / to statistics):")
    for zarg, n_ok, n_dissect, n_stats in summary:
        print("  -z %-22s %3d ok, %3d dissectors, %3d statistics" % (zarg, n_ok, n_dissect, n_stats))
    if crashes or bad_stats or (args.strict and bad_dissect):
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
