#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Writes the seed corpus of one fuzz target into a directory, from the captures of the
repository (tests/captures, data/samples) and of ../shared/corpus (captures, robustness,
filters.txt). Seeds are made at test time and never committed.

  make-seeds.py KIND OUTDIR      KIND: pcap-reader pcapng-reader dissect writers dfilter

For dissect and writers the packets of each capture are cut into inputs of the targets' own
format (tests/fuzz/fuzz-common.h): a 2-byte link-type selector, then packets behind 2-byte
lengths. For dfilter it also writes OUTDIR.dict, a libFuzzer dictionary of the filters' words.
"""
import hashlib
import os
import re
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SHARED = os.environ.get("WL_SHARED", os.path.join(ROOT, "..", "shared"))
MAX_SEED = 32768        # a whole file, for the readers
MAX_PACKET_SEED = 8192  # a dissection input: small inputs run fast and find the same bugs
MAX_PACKET = 2048
# The order of fuzz_link_types in fuzz-common.h.
LINK_SELECTORS = {1: 0, 113: 1, 276: 2, 101: 3, 0: 4, 228: 5, 229: 6, 108: 7}


def capture_files():
    dirs = [os.path.join(ROOT, "tests", "captures"), os.path.join(ROOT, "data", "samples"),
            os.path.join(SHARED, "corpus", "captures"), os.path.join(SHARED, "corpus", "robustness")]
    out = []
    for d in dirs:
        if os.path.isdir(d):
            out += [os.path.join(d, n) for n in sorted(os.listdir(d))
                    if n.endswith((".pcap", ".pcapng", ".cap"))]
    return out


def kind_of(data):
    if data[:4] == b"\x0a\x0d\x0d\x0a":
        return "pcapng"
    if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\xa1\xb2\xc3\xd4", b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d"):
        return "pcap"
    return None


def packets(data):
    """Yields (link_type, packet bytes) of a pcap or pcapng file, stopping at damage."""
    kind = kind_of(data)
    if kind == "pcap":
        e = "<" if data[:4] in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
        if len(data) < 24:
            return
        link = struct.unpack(e + "I", data[20:24])[0] & 0x0fffffff
        off = 24
        while off + 16 <= len(data):
            caplen = struct.unpack(e + "I", data[off + 8:off + 12])[0]
            if caplen > 262144 or off + 16 + caplen > len(data):
                return
            yield link, data[off + 16:off + 16 + caplen]
            off += 16 + caplen
    elif kind == "pcapng":
        off, e, links = 0, "<", []
        while off + 12 <= len(data):
            btype = data[off:off + 4]
            if btype == b"\x0a\x0d\x0d\x0a":
                e = "<" if data[off + 8:off + 12] == b"\x4d\x3c\x2b\x1a" else ">"
                links = []
            t, blen = struct.unpack(e + "II", data[off:off + 8])
            if blen < 12 or off + blen > len(data):
                return
            body = data[off + 8:off + blen - 4]
            if t == 1 and len(body) >= 8:
                links.append(struct.unpack(e + "H", body[:2])[0])
            elif t == 6 and len(body) >= 20:
                ifid, _, _, caplen = struct.unpack(e + "IIII", body[:16])
                if ifid < len(links) and 20 + caplen <= len(body):
                    yield links[ifid], body[20:20 + caplen]
            elif t == 3 and len(body) >= 4 and links:
                yield links[0], body[4:]
            off += blen


def dissect_inputs(path, data):
    """Inputs of up to 8 consecutive packets of one link type each."""
    run, link_of_run = [], None
    for link, pkt in packets(data):
        if link not in LINK_SELECTORS:
            continue
        if run and (link != link_of_run or len(run) == 8):
            yield link_of_run, run
            run = []
        link_of_run = link
        run.append(pkt[:MAX_PACKET])
    if run:
        yield link_of_run, run


def encode(link, pkts):
    out = struct.pack(">H", LINK_SELECTORS[link])
    for p in pkts:
        out += struct.pack(">H", len(p)) + p
    return out[:MAX_PACKET_SEED]


def write(outdir, blob, seen):
    h = hashlib.sha1(blob).hexdigest()
    if h in seen:
        return
    seen.add(h)
    with open(os.path.join(outdir, h), "wb") as f:
        f.write(blob)


def filter_lines():
    lines = []
    for name in ("filters.txt", "invalid-filters.txt"):
        p = os.path.join(SHARED, "corpus", name)
        if os.path.exists(p):
            with open(p, encoding="utf-8") as f:
                lines += [l.rstrip("\n") for l in f if l.strip()]
    # A few of our own, for when ../shared is not there.
    lines += ["tcp.port == 80 && !arp", "ip.src == 10.0.0.0/8", "http.host contains \"ex\"",
              "frame.len > 100 or udp", "eth.addr == ff:ff:ff:ff:ff:ff", "tcp.flags & 0x02",
              "len(http.request.uri) > 3", "tcp.port in {80 443 8000..8080}",
              "dns.qry.name matches \"(?i)EXAMPLE\"", "ip.dst[0:2] == 0a:00", "upper(http.host) == \"X\"",
              "count(ip.addr) == 2", "frame[-4:] == 00:00:00:00", "!(tcp.srcport != 22)"]
    return lines


def main():
    kind, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    seen = set(os.listdir(outdir))
    if kind in ("pcap-reader", "pcapng-reader"):
        want = kind.split("-")[0]
        for path in capture_files():
            with open(path, "rb") as f:
                data = f.read()
            if kind_of(data) == want:
                write(outdir, data[:MAX_SEED], seen)
    elif kind in ("dissect", "writers"):
        n = 0
        for path in capture_files():
            with open(path, "rb") as f:
                data = f.read()
            # The first inputs of each capture: the variety is across captures, and fewer seeds
            # leave more of a bounded run to mutation.
            for link, pkts in list(dissect_inputs(path, data))[:2]:
                blob = encode(link, pkts)
                if kind == "writers":
                    # Each format in turn, -V and -x on odd seeds.
                    blob = bytes([(n & 3) | (0x0c if n & 4 else 0), n & 0xff]) + blob
                write(outdir, blob, seen)
                n += 1
    elif kind == "dfilter":
        words = set()
        for line in filter_lines():
            write(outdir, line.encode(), seen)
            words.update(re.findall(r"[A-Za-z_][A-Za-z0-9_.]*|==|!=|<=|>=|&&|\|\||\^\^|\.\.", line))
        with open(outdir.rstrip("/") + ".dict", "w", encoding="utf-8") as f:
            for w in sorted(words):
                f.write('"%s"\n' % w.replace("\\", "\\\\").replace('"', '\\"'))
    else:
        sys.exit("make-seeds.py: unknown kind %s" % kind)
    print("%s: %d seeds in %s" % (kind, len(os.listdir(outdir)), outdir))


if __name__ == "__main__":
    main()
