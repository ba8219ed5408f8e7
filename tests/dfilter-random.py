#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Random display filters, checked against tshark.

Builds filters the corpus never had: random combinations of the registry's fields (those
tshark 4.0 knows under the same name and type), operators (== != === !== ~= < <= > >=, word
forms, contains, matches, in {...} with ranges, &, any/all, slices, len/count/upper/lower/
string, field against field, and/or/not) and literals taken from the captures' own values
(harvested with `wirelens-cli -T fields`, only from fields whose values wirelens-cli and tshark
print identically on that capture, so that a dissector difference is not blamed on the filter
engine). Runs `-Y FILTER -T fields -e frame.number` with both programs on a few corpus
captures and compares the frame sets (or, when tshark rejects a filter, the message).

  tests/dfilter-random.py [--cli PATH] [--count N] [--seed S] [--capture NAME]...

Exits 77 (skipped) when tshark is not installed, 1 when any filter differs.
Environment: WL_CLI (the CLI), WL_SHARED (the folder holding corpus/).
"""
import argparse
import concurrent.futures as cf
import os
import random
import re
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_CAPTURES = ["lo-ssh.pcap", "lo-http-keepalive.pcap", "eth-arp-icmp.pcap", "lo-dns.pcap",
                    "eth-ipv6.pcap", "vlan-trunk.pcap"]
INT_TYPES = {"FT_UINT8", "FT_UINT16", "FT_UINT24", "FT_UINT32", "FT_UINT64", "FT_INT8",
             "FT_INT16", "FT_INT32", "FT_INT64", "FT_FRAMENUM", "FT_CHAR"}
BYTES_TYPES = {"FT_BYTES", "FT_ETHER"}
SEP = "\x1f"


def run(cmd, timeout=60):
    p = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, text=True,
                       errors="replace", timeout=timeout)
    return p.returncode, p.stdout, p.stderr


def registry(cmd):
    """{abbrev: type} of `-G fields` (fields, and protocols as FT_PROTOCOL)."""
    rc, out, _ = run(cmd + ["-G", "fields"])
    fields = {}
    for line in out.splitlines():
        cols = line.split("\t")
        if cols[0] == "P" and len(cols) >= 3:
            fields[cols[2]] = "FT_PROTOCOL"
        elif cols[0] == "F" and len(cols) >= 4:
            fields.setdefault(cols[2], cols[3])
    return fields


def field_values(cli, cap, names):
    """{name: [values]} of the fields whose -T fields output is the same for both programs."""
    args = ["-r", cap, "-T", "fields", "-E", "occurrence=a", "-E", "aggregator=" + SEP]
    for n in names:
        args += ["-e", n]
    _, ours, _ = run(cli + args, timeout=120)
    _, theirs, _ = run(["tshark"] + args, timeout=120)
    a = [l.split("\t") for l in ours.splitlines()]
    b = [l.split("\t") for l in theirs.splitlines()]
    values = {}
    if len(a) != len(b):
        return values
    for i, n in enumerate(names):
        col_a = [r[i] if i < len(r) else "" for r in a]
        col_b = [r[i] if i < len(r) else "" for r in b]
        if col_a != col_b:
            continue
        vals = sorted({v for cell in col_a for v in cell.split(SEP) if v != ""})
        if vals:
            values[n] = vals
    return values


def quote(s):
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


class Gen:
    def __init__(self, rng, types, values, protocols):
        self.r = rng
        self.types = types
        self.values = values          # field -> values seen in the capture
        self.protocols = protocols
        self.by_type = {}
        for f in values:
            self.by_type.setdefault(types[f], []).append(f)

    def literal(self, f, v):
        t = self.types[f]
        r = self.r
        if t in INT_TYPES:
            try:
                n = int(v, 0)
            except ValueError:
                return None
            n = max(0, n + r.choice([0, 0, 0, 1, -1])) if t.startswith(("FT_U", "FT_F", "FT_C")) else n
            return r.choice([str(n), hex(n)]) if n >= 0 else str(n)
        if t == "FT_BOOLEAN":
            return r.choice([v, "True" if v == "1" else "False", "1" if v != "1" else "0"])
        if t == "FT_STRING":
            return quote(v)
        if t in ("FT_IPv4", "FT_IPv6"):
            if r.random() < 0.3:
                return v + ("/24" if t == "FT_IPv4" else "/64")
            return v
        if t in ("FT_RELATIVE_TIME", "FT_DOUBLE"):
            return v
        if t == "FT_ETHER":
            return r.choice([v, v.replace(":", "-"), v.replace(":", "")])
        if t == "FT_BYTES":
            return v if ":" in v else ":".join(v[i:i + 2] for i in range(0, len(v), 2))
        return None

    def comparison(self):
        r = self.r
        f = r.choice(list(self.values))
        t = self.types[f]
        v = r.choice(self.values[f])
        lit = self.literal(f, v)
        if lit is None:
            return f
        kind = r.random()
        if t in ("FT_STRING", "FT_BYTES") and kind < 0.25:
            if t == "FT_STRING":
                sub = v[r.randrange(len(v)):][:r.randint(1, 6)]
                if r.random() < 0.5:
                    return "%s contains %s" % (f, quote(sub))
                return "%s matches %s" % (f, quote(re.escape(sub)))
            hexes = lit.split(":")
            i = r.randrange(len(hexes))
            part = ":".join(hexes[i:i + r.randint(1, 4)])
            if r.random() < 0.5:
                return "%s contains %s" % (f, part if ":" in part else part + ":" + part)
            return "%s[%d:%d] == %s" % (f, i, len(part.split(":")), part)
        if t == "FT_STRING" and kind < 0.35:
            fn = r.choice(["upper", "lower"])
            val = v.upper() if fn == "upper" else v.lower()
            return "%s(%s) == %s" % (fn, f, quote(val))
        if kind < 0.45:
            func = r.choice(["len", "count"])
            n = len(self.values[f]) if func == "count" else len(v)
            return "%s(%s) %s %d" % (func, f, r.choice(["==", ">", "<=", "!="]), max(0, n + r.choice([0, 1, -1])))
        if t in INT_TYPES and kind < 0.55:
            vals = [self.literal(f, x) for x in r.sample(self.values[f], min(3, len(self.values[f])))]
            vals = [x for x in vals if x]
            if r.random() < 0.5 and t.startswith("FT_U"):
                lo = int(v, 0)
                vals.append("%d..%d" % (max(0, lo - 5), lo + r.randint(0, 50)))
            return "%s %sin {%s}" % (f, r.choice(["", "not "]), ", ".join(vals))
        if t in INT_TYPES and t != "FT_CHAR" and kind < 0.62:
            mask = 1 << r.randrange(8)
            return "%s & %s%s" % (f, hex(mask), r.choice(["", " == %s" % hex(mask), " == 0"]))
        if t in ("FT_UINT8", "FT_UINT16", "FT_UINT32", "FT_IPv4") and kind < 0.66:
            shown = str(int(v, 0)) if t != "FT_IPv4" else v
            return "string(%s) %s %s" % (f, r.choice(["==", "contains"]), quote(shown))
        if kind < 0.70:
            peers = [g for g in self.by_type.get(t, []) if g != f]
            if peers:
                return "%s %s %s" % (f, r.choice(["==", "!=", "<", ">=", "==="]), r.choice(peers))
        if t in ("FT_BYTES", "FT_ETHER", "FT_IPv4", "FT_IPv6", "FT_STRING") or t in INT_TYPES or t == "FT_BOOLEAN":
            ops = ["==", "!=", "===", "!==", "~=", "eq", "ne"]
            if t not in ("FT_BOOLEAN",):
                ops += ["<", ">", "<=", ">=", "lt", "ge"]
        else:
            ops = ["<", ">", "<=", ">="]
        cmp = "%s %s %s" % (f, r.choice(ops), lit)
        if r.random() < 0.15:
            cmp = r.choice(["any ", "all "]) + cmp
        return cmp

    def protocol_search(self):
        """proto contains/matches a piece of some value of the capture."""
        r = self.r
        p = r.choice(self.protocols)
        strings = self.by_type.get("FT_STRING", [])
        if strings and r.random() < 0.6:
            v = r.choice(self.values[r.choice(strings)])
            sub = v[r.randrange(len(v)):][:r.randint(2, 8)]
            if r.random() < 0.5:
                return "%s contains %s" % (p, quote(sub))
            return "%s matches %s" % (p, quote(re.escape(sub)))
        f = r.choice(self.by_type.get("FT_ETHER", []) or self.by_type.get("FT_BYTES", []) or [None])
        if f is None:
            return p
        hexes = self.literal(f, r.choice(self.values[f])).replace("-", ":")
        hexes = hexes if ":" in hexes else ":".join(hexes[i:i + 2] for i in range(0, len(hexes), 2))
        parts = hexes.split(":")
        i = r.randrange(len(parts))
        part = parts[i:i + r.randint(2, 4)]
        return "%s contains %s" % (p, ":".join(part if len(part) > 1 else part * 2))

    def atom(self):
        r = self.r
        x = r.random()
        if x < 0.06:
            return self.protocol_search()
        if x < 0.12:
            return r.choice(self.protocols)
        if x < 0.2:
            return r.choice(list(self.values))
        return self.comparison()

    def expr(self, depth=0):
        r = self.r
        x = r.random()
        if depth >= 2 or x < 0.45:
            a = self.atom()
            return ("!" + a if r.random() < 0.5 else "not " + a) if r.random() < 0.15 else a
        op = r.choice(["&&", "||", "and", "or"])
        e = "%s %s %s" % (self.expr(depth + 1), op, self.expr(depth + 1))
        if r.random() < 0.4:
            e = ("!(%s)" if r.random() < 0.3 else "(%s)") % e
        return e


def check(cli, cap, flt):
    args = ["-r", cap, "-Y", flt, "-T", "fields", "-e", "frame.number"]
    rc_a, out_a, err_a = run(cli + args)
    rc_b, out_b, err_b = run(["tshark"] + args)
    strip = lambda e: "\n".join(l for l in e.splitlines() if l.strip() and "Running as user" not in l
                                and "CRITICAL" not in l)
    if rc_b != 0 or rc_a != 0:
        ma = strip(err_a).replace("wirelens-cli: ", "", 1)
        mb = strip(err_b).replace("tshark: ", "", 1)
        if rc_a != 0 and rc_b != 0 and ma == mb:
            return None
        return "tshark: %s | wirelens-cli: %s" % (mb if rc_b else "ok", ma if rc_a else "ok")
    a, b = set(out_a.split()), set(out_b.split())
    if a == b:
        return None
    return "tshark %d frames, wirelens-cli %d; extra %s missing %s" % (
        len(b), len(a), sorted(a - b, key=int)[:8], sorted(b - a, key=int)[:8])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cli", default=os.environ.get("WL_CLI"))
    ap.add_argument("--count", type=int, default=int(os.environ.get("WL_DFILTER_COUNT", "30")),
                    help="filters per capture (each one a tshark run of half a second)")
    ap.add_argument("--seed", type=int, default=int(os.environ.get("WL_DFILTER_SEED", "4017")))
    ap.add_argument("--capture", action="append")
    ap.add_argument("--jobs", type=int, default=max(2, os.cpu_count() or 2))
    a = ap.parse_args()

    if not shutil.which("tshark"):
        print("SKIP: tshark is not installed; random filters need it to compare against")
        return 77
    if not a.cli:
        print("dfilter-random: give --cli or set WL_CLI", file=sys.stderr)
        return 2
    shared = os.environ.get("WL_SHARED", os.path.join(HERE, "..", "..", "shared"))
    capdir = os.path.join(shared, "corpus", "captures")
    if not os.path.isdir(capdir):
        print("SKIP: no corpus captures in %s" % capdir)
        return 77
    cli = [a.cli]

    ours, theirs = registry(cli), registry(["tshark"])
    common = {n: t for n, t in ours.items() if theirs.get(n) == t and not n.startswith("_ws.")}
    rng = random.Random(a.seed)
    failures, total = [], 0
    for cap in a.capture or DEFAULT_CAPTURES:
        path = os.path.join(capdir, cap)
        if not os.path.exists(path):
            continue
        # protocols present in the same frames for both programs
        layers = []
        for prog in (cli, ["tshark"]):
            _, out, _ = run(prog + ["-r", path, "-T", "fields", "-e", "frame.protocols"])
            layers.append([set(line.split(":")) for line in out.splitlines()])
        present = {p for frame in layers[0] for p in frame}
        protocols = sorted(p for p in present if common.get(p) == "FT_PROTOCOL" and
                           len(layers[0]) == len(layers[1]) and
                           all((p in x) == (p in y) for x, y in zip(layers[0], layers[1])))
        names = sorted(n for n, t in common.items()
                       if t != "FT_PROTOCOL" and t != "FT_NONE" and t != "FT_ABSOLUTE_TIME"
                       and n.split(".")[0] in present)
        values = field_values(cli, path, names)
        if not values or not protocols:
            continue
        gen = Gen(rng, common, values, protocols)
        filters = sorted({gen.expr() for _ in range(a.count)})
        with cf.ThreadPoolExecutor(a.jobs) as ex:
            results = list(ex.map(lambda f: (f, check(cli, path, f)), filters))
        for f, problem in results:
            total += 1
            if problem:
                failures.append((cap, f, problem))
        print("%s: %d filters, %d fields with values" % (cap, len(filters), len(values)))
    for cap, f, problem in failures:
        print("DIFFERS [%s] %s\n    %s" % (cap, f, problem))
    print("%d filters compared, %d differ (seed %d)" % (total, len(failures), a.seed))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
