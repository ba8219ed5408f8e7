#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""wirelens-cli -T ek against tshark 4.0.17's -T ek, on every capture of ../shared/corpus.

The golden outputs tests/ek/golden/<capture>.ek.xz are tshark's whole -T ek output, written by
make-golden.sh with the tshark named in golden/TSHARK_VERSION (TZ=UTC); nothing is hand-made.

  compare-ek.py [--capture NAME]... [--verbose] [--max N]

For each capture, wirelens-cli's output (TZ=UTC) must parse as NDJSON bulk lines: pairs of an
index line {"index":{"_index":"packets-YYYY-MM-DD","_type":"doc"}} and a document line
{"timestamp":"...","layers":{...}}, one pair per frame, as many frames as tshark's, with the
same index names and timestamps. Then, frame by frame, every member of the documents whose name
is one of the fields wirelens-cli registers (`wirelens-cli -G fields`: a field F of protocol P
is named P_F, a protocol P is named P, dots made underscores, as tshark does) or that
wirelens-cli prints at all is compared:
where it is (the protocol objects it is nested in), its values in order, and how they are
grouped (one value, an array, or the same name repeated, as tshark groups a subtree's fields).
Members tshark prints for fields Wirelens does not register are left out; a registered member
that only one side prints is a mismatch (missing or extra), as is any difference in values or
grouping. Duplicate member names (tshark prints them) are kept: the documents are parsed as
lists of members, not as dictionaries.

Exit status: 0 when every compared member matches but for the differences listed below
(WIRELENS_ONLY, KNOWN, PENDING: counted and reported on each run), 1 otherwise, 77 when the
corpus or golden files are missing.
"""
import argparse
import json
import lzma
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CLI = os.environ.get("WL_CLI", os.path.join(HERE, "..", "..", "build", "src", "cli", "wirelens-cli"))
SHARED = os.environ.get("WL_SHARED", os.path.join(HERE, "..", "..", "..", "shared"))
CAPTURES = os.path.join(SHARED, "corpus", "captures")
GOLDEN = os.path.join(HERE, "golden")

# Differences that do not fail the test, each counted and printed, never silently dropped:
# (capture, (capture, frame numbers) or None for every capture; regular expression matched
# against the member's place "protocol/.../member"; why). Three kinds:
#  - Wirelens's own fields, which tshark does not have;
#  - tshark quirks not reproduced on purpose;
#  - differences not fixed yet (PENDING): real ones, listed so that the test catches any other
#    and says which of these are gone (remove them then).
WIRELENS_ONLY = [
    (None, r"(^|/)proc(/proc_proc_[a-z_]+)?$",
     "issue 9's proc.* fields: the process behind a packet, read from its pcapng comment"),
]
KNOWN = [
    # none left: lo-ssh.pcap's LBMSRS frames (86-104) now match too
]
PENDING = [
    # none left: every difference found so far is fixed
]
EXCUSES = [("Wirelens only", e) for e in WIRELENS_ONLY] + [("tshark quirk", e) for e in KNOWN] + \
    [("pending", e) for e in PENDING]
EXCUSE_RE = [(kind, cap, re.compile(rx), why) for kind, (cap, rx, why) in EXCUSES]


def excuse(cap, frame, where):
    """The (kind, regex, why) that excuses a difference at where in a frame of capture cap, or
    None."""
    for kind, c, rx, why in EXCUSE_RE:
        if isinstance(c, tuple):
            applies = c[0] == cap and frame in c[1]
        else:
            applies = c is None or c == cap
        if applies and rx.search(where):
            return kind, rx.pattern, why
    return None


def excuse_place(c):
    if isinstance(c, tuple):
        return " in %s frames %d-%d" % (c[0], min(c[1]), max(c[1]))
    return " in " + c if c else ""

INDEX_RE = re.compile(r'^\{"index":\{"_index":"packets-[0-9X]{4}-[0-9X]{2}-[0-9X]{2}","_type":"doc"\}\}$')


class Obj(list):
    """A JSON object as the list of its members (duplicate names kept)."""


def parse(line):
    return json.loads(line, object_pairs_hook=Obj)


def registered_names():
    out = subprocess.run([CLI, "-G", "fields"], capture_output=True, check=True).stdout.decode()
    names = {}
    for line in out.split("\n"):
        col = line.split("\t")
        if col[0] == "P" and len(col) >= 3:
            names[col[2].replace(".", "_")] = col[2]
        elif col[0] == "F" and len(col) >= 5:
            names[(col[4] + "_" + col[2]).replace(".", "_")] = col[2]
    return names


def member_names(doc, out):
    """Adds the member names of a document's layers, at any depth, to the set out."""
    for name, value in doc:
        out.add(name)
        for v in (value if isinstance(value, list) and not isinstance(value, Obj) else [value]):
            if isinstance(v, Obj):
                member_names(v, out)


def flatten(doc, names):
    """{(path, name): [group, ...]} for the members of a document's layers named in names; a
    group is the list of values one member holds (one value, or an array's), "{}" for an
    object."""
    entries = {}

    def walk(obj, path):
        for name, value in obj:
            groups = entries.setdefault((path, name), []) if name in names else None
            items = value if isinstance(value, list) and not isinstance(value, Obj) else [value]
            group = []
            for i, v in enumerate(items):
                if isinstance(v, Obj):
                    group.append("{}")
                    walk(v, path + ((name + "[%d]" % i) if len(items) > 1 else name,))
                else:
                    group.append(v)
            if groups is not None:
                groups.append(group)

    walk(doc, ())
    return entries


def read_pairs(text, who):
    """[(index line, document)] of an NDJSON bulk output, or raises ValueError."""
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) % 2:
        raise ValueError("%s: odd number of lines (%d): not index/document pairs" % (who, len(lines)))
    pairs = []
    for i in range(0, len(lines), 2):
        idx, doc = lines[i], lines[i + 1]
        if not INDEX_RE.match(idx):
            raise ValueError("%s: line %d is not a bulk index line: %.200s" % (who, i + 1, idx))
        d = parse(doc)
        if not isinstance(d, Obj) or [k for k, _ in d] != ["timestamp", "layers"] \
                or not isinstance(d[1][1], Obj) or not isinstance(d[0][1], str):
            raise ValueError("%s: line %d is not a {timestamp, layers} document: %.200s" % (who, i + 2, doc))
        pairs.append((idx, d))
    return pairs


def fmt(groups):
    s = json.dumps(groups, ensure_ascii=False)
    return s if len(s) < 300 else s[:300] + "..."


def compare_capture(cap, names, args, totals):
    golden = os.path.join(GOLDEN, cap + ".ek.xz")
    with lzma.open(golden, "rt", encoding="utf-8") as f:
        theirs = read_pairs(f.read(), "tshark")
    env = dict(os.environ, TZ="UTC")
    r = subprocess.run([CLI, "-r", os.path.join(CAPTURES, cap), "-T", "ek"], capture_output=True, env=env)
    if r.returncode not in (0, 2) or (r.returncode == 2 and not r.stdout):
        return ["wirelens-cli exited with %d: %s" % (r.returncode, r.stderr.decode(errors="replace")[:300])], 0
    try:
        ours = read_pairs(r.stdout.decode("utf-8"), "wirelens-cli")
    except (ValueError, UnicodeDecodeError) as e:
        return [str(e)], 0
    problems = []
    if len(ours) != len(theirs):
        problems.append("%d frames, tshark has %d" % (len(ours), len(theirs)))
    mismatches = 0
    # compared: the registered names and whatever else wirelens-cli prints (a second field of
    # a name, which -G leaves out as tshark does, or a name made wrong: then tshark lacks it)
    compared = set(names)
    for _, odoc in ours:
        member_names(odoc[1][1], compared)
    compared.discard("text")
    for n, ((oidx, odoc), (tidx, tdoc)) in enumerate(zip(ours, theirs), 1):
        totals["frames"] += 1
        if oidx != tidx:
            problems.append("frame %d: index line %s, tshark's %s" % (n, oidx, tidx))
        if odoc[0][1] != tdoc[0][1]:
            problems.append("frame %d: timestamp %s, tshark's %s" % (n, odoc[0][1], tdoc[0][1]))
        o = flatten(odoc[1][1], compared)
        t = flatten(tdoc[1][1], compared)
        for key in sorted(set(o) | set(t), key=lambda k: (len(k[0]), k)):
            totals["compared"] += 1
            og, tg = o.get(key), t.get(key)
            if og == tg:
                continue
            path, name = key
            where = "/".join(path + (name,))
            if tg is None:
                kind = "extra"
            elif og is None:
                kind = "missing"
            elif [v for g in og for v in g] == [v for g in tg for v in g]:
                kind = "grouping"
            else:
                kind = "value"
            ex = excuse(cap, n, where)
            if ex:
                totals["excused"] += 1
                per = totals.setdefault("excused_by", {})
                per[ex] = per.get(ex, 0) + 1
                continue
            mismatches += 1
            totals[kind] += 1
            per = totals.setdefault("by_name", {})
            per[(kind, name)] = per.get((kind, name), 0) + 1
            if args.verbose and mismatches <= args.max:
                problems.append("frame %d: %s %s: ours %s, tshark %s" % (n, kind, where, fmt(og), fmt(tg)))
    return problems, mismatches


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--capture", action="append", default=[])
    ap.add_argument("--verbose", action="store_true", help="print the differing members")
    ap.add_argument("--max", type=int, default=20, help="differences printed per capture (--verbose)")
    ap.add_argument("--summary", type=int, default=40, help="most frequent mismatching names printed")
    args = ap.parse_args()
    if not os.path.isdir(CAPTURES) or not os.path.exists(os.path.join(GOLDEN, "TSHARK_VERSION")):
        print("SKIP: no corpus in %s or no golden files in %s" % (CAPTURES, GOLDEN))
        return 77
    with open(os.path.join(GOLDEN, "TSHARK_VERSION")) as f:
        print("golden -T ek outputs made by:", f.read().strip())
    names = registered_names()
    caps = args.capture or sorted(c[:-len(".ek.xz")] for c in os.listdir(GOLDEN) if c.endswith(".ek.xz"))
    totals = {"frames": 0, "compared": 0, "extra": 0, "missing": 0, "value": 0, "grouping": 0, "excused": 0}
    failed = 0
    for cap in caps:
        if not os.path.exists(os.path.join(CAPTURES, cap)):
            print("%-40s MISSING capture" % cap)
            failed += 1
            continue
        problems, mismatches = compare_capture(cap, names, args, totals)
        status = "ok" if not problems and not mismatches else "DIFF"
        if status != "ok":
            failed += 1
        print("%-40s %s%s" % (cap, status, " (%d mismatching members)" % mismatches if mismatches else ""))
        for p in problems:
            print("    " + p)
    by_name = sorted(totals.get("by_name", {}).items(), key=lambda kv: -kv[1])
    if by_name:
        print("most frequent mismatches (kind, member, count):")
        for (kind, name), count in by_name[:args.summary]:
            print("  %-8s %-50s %d" % (kind, name, count))
    used = totals.get("excused_by", {})
    for kind, (cap, rx, why) in EXCUSES:
        n = used.get((kind, rx, why), 0)
        if n:
            print("%s: %d members at %s%s: %s" % (kind, n, rx, excuse_place(cap), why))
        elif not args.capture:
            print("note: no difference left at %s%s (%s): remove it from the list" % (rx, excuse_place(cap), kind))
    print("%d captures, %d frames, %d members compared: %d extra, %d missing, %d value, %d grouping; "
          "%d excused (listed above)" % (
              len(caps), totals["frames"], totals["compared"], totals["extra"], totals["missing"],
              totals["value"], totals["grouping"], totals["excused"]))
    print("%d passed, %d failed" % (len(caps) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
