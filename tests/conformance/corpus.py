#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Conformance of wirelens-cli with tshark 4.0.17 on ../shared/corpus.

The golden files there were written by tshark 4.0.17 (Debian 12's 4.0.17-0+deb12u3) with the
commands of compare.py; nothing here is written by hand.

  corpus.py fields    compare.py --only fields: at least 97% of the checks pass, every capture opens
  corpus.py filters   compare.py --only filters: 0 failed
  corpus.py invalid   compare.py --only invalid: 0 failed, and every message has a caret line
                      where tshark's has one
  corpus.py layers    the -T json tree of every frame has the protocol layers of tshark's
                      frame.protocols (golden/*.protocols.txt), in order

Exit 77 (skipped) when ../shared/corpus is not beside the repository.
"""
import json
import os
import subprocess
import sys

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
SHARED = os.environ.get("WL_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
CORPUS = os.path.join(SHARED, "corpus")


def run_compare(only):
    out = subprocess.run([sys.executable, os.path.join(CORPUS, "compare.py"), "--cli", CLI,
                          "--only", only, "--jobs", "2", "--verbose"],
                         capture_output=True, text=True, cwd=CORPUS)
    print(out.stdout[-20000:])
    last = out.stdout.strip().splitlines()[-1]
    passed, failed = [int(x.split()[0]) for x in last.split(", ")]
    return passed, failed, out.stdout


def check_invalid():
    passed, failed, _ = run_compare("invalid")
    ok = failed == 0
    first = sorted(n for n in os.listdir(os.path.join(CORPUS, "captures")))[0]
    with open(os.path.join(CORPUS, "golden", "invalid-filters.tsv"), encoding="utf-8") as f:
        for line in f:
            flt, _status, msg = line.rstrip("\n").split("\t", 2)
            r = subprocess.run([CLI, "-r", os.path.join(CORPUS, "captures", first), "-Y", flt,
                                "-T", "fields", "-e", "frame.number"], capture_output=True, text=True)
            wants_caret = "^" in msg.split(".")[-1] or msg.rstrip().endswith("^") or " ^" in msg
            lines = r.stderr.rstrip("\n").splitlines()
            has_caret = any(l.strip().startswith("^") for l in lines)
            if r.returncode == 0 or (wants_caret and not has_caret):
                print("FAIL %r: exit %d, stderr %r" % (flt, r.returncode, r.stderr))
                ok = False
    return ok


# Layers tshark 4.0.17 lists in frame.protocols without a tree item of their own (its -T json
# has none either): the ethertype hand-off, and the X.509 modules the certificate walk calls.
# (OCSP's item is hidden, and -T json prints hidden items as tshark does.)
NO_TREE_ITEM = {"ethertype", "x509sat", "x509ce", "pkix1explicit", "pkix1implicit", "pkcs-1",
                "ns_cert_exts"}

# Layers that add no tree item when the next layer is the given one: tshark's text-lines
# dissector hands a body that starts "<?xml" to XML on the tree it was given.
NO_TREE_ITEM_BEFORE = {("data-text-lines", "xml")}


def collapse(names):
    # tshark records IGMP's layer twice (igmp:igmp) for its one tree item
    out = []
    for n in names:
        if not out or out[-1] != n:
            out.append(n)
    return out


def layers_of(node, protocols, out):
    # json objects keep duplicate keys as pairs
    for key, value in node:
        if key in protocols and isinstance(value, (list, str)):
            out.append(key)
            if isinstance(value, list):
                layers_of(value, protocols, out)
        elif isinstance(value, list) and key.endswith("_tree"):
            layers_of(value, protocols, out)
        elif isinstance(value, list):
            layers_of(value, protocols, out)


def check_layers():
    protos = subprocess.run([CLI, "-G", "protocols"], capture_output=True, text=True).stdout
    protocols = {l.split("\t")[2] for l in protos.splitlines() if l.count("\t") == 2}
    protocols.discard("frame")
    caps = sorted(n for n in os.listdir(os.path.join(CORPUS, "captures")) if n.endswith((".pcap", ".pcapng")))
    # Only the protocols tshark lists as layers somewhere in the corpus: like tshark, the tree
    # also holds protocol items that are not layers (tcp.options.mss, _ws.expert).
    layer_names = set()
    for cap in caps:
        with open(os.path.join(CORPUS, "golden", cap + ".protocols.txt"), encoding="utf-8") as f:
            for l in f:
                layer_names.update(l.strip().split(":"))
    protocols &= layer_names
    bad = 0
    for cap in caps:
        r = subprocess.run([CLI, "-r", os.path.join(CORPUS, "captures", cap), "-T", "json"],
                           capture_output=True, text=True)
        packets = json.loads(r.stdout, object_pairs_hook=lambda pairs: pairs) if r.stdout.strip() else []
        with open(os.path.join(CORPUS, "golden", cap + ".protocols.txt"), encoding="utf-8") as f:
            golden = [l.rstrip("\n") for l in f]
        if len(packets) != len(golden):
            print("FAIL %s: %d frames, tshark %d" % (cap, len(packets), len(golden)))
            bad += 1
            continue
        for i, (pkt, want) in enumerate(zip(packets, golden), 1):
            layers = dict(dict(pkt)["_source"])["layers"]
            got = []
            layers_of(layers, protocols, got)
            # tshark's pseudo-layers without a tree node (ethertype) are not in the tree
            names = want.split(":")
            expected = collapse([w for i, w in enumerate(names)
                                 if w in protocols and w not in NO_TREE_ITEM
                                 and tuple(names[i:i + 2]) not in NO_TREE_ITEM_BEFORE])
            got = collapse(got)
            if got != expected:
                print("FAIL %s frame %d: tree %s, tshark %s" % (cap, i, ":".join(got), want))
                bad += 1
                break
    print("%d captures, %d with differing layers" % (len(caps), bad))
    return bad == 0


def main():
    if not os.path.isdir(CORPUS):
        print("SKIP: %s not found (the corpus lives beside the repository)" % CORPUS)
        return 77
    what = sys.argv[1]
    if what == "fields":
        passed, failed, out = run_compare("fields")
        total = passed + failed
        rate = passed / total if total else 0
        print("fields: %d of %d checks pass (%.1f%%)" % (passed, total, 100 * rate))
        unopened = [l for l in out.splitlines() if "exit " in l or "crash" in l]
        return 0 if rate >= 0.97 and not unopened else 1
    if what == "filters":
        return 0 if run_compare("filters")[1] == 0 else 1
    if what == "invalid":
        return 0 if check_invalid() else 1
    if what == "layers":
        return 0 if check_layers() else 1
    print("unknown check %s" % what)
    return 2


if __name__ == "__main__":
    sys.exit(main())
