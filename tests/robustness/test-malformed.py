#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Malformed input that people meet, generated here: wirelens-cli must read each capture with
-V -x and with -T json, exit without a signal or a sanitizer report, within a time and memory
bound, and say what is wrong (a message naming the file, or a malformed marker in the tree),
keeping every whole frame before the damage.

Suite 'sanitize': in the ASan + UBSan build a report ends the process with status 99 or 98.
The memory bound is ulimit -v in a plain build and ASan's own limits in a sanitizer build
(ASan reserves terabytes of address space, so ulimit -v cannot apply there).

  test-malformed.py [-k NAME]      WL_CLI: the wirelens-cli to run
"""
import concurrent.futures as cf
import os
import random
import re
import resource
import struct
import subprocess
import sys
import tempfile

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
HERE = os.path.dirname(os.path.abspath(__file__))
CAPTURES = os.environ.get("WL_TEST_CAPTURES", os.path.join(HERE, "..", "captures"))
TIME_LIMIT = 60          # seconds per command, sanitizers included
MEMORY_LIMIT = 2 << 30   # bytes of address space (plain build)
ASAN_MEMORY = "hard_rss_limit_mb=2048:max_allocation_size_mb=1024:allocator_may_return_null=0"


def is_sanitized(path):
    with open(path, "rb") as f:
        return b"__asan_init" in f.read()


SANITIZED = os.path.exists(CLI) and is_sanitized(CLI)
ENV = dict(os.environ,
           ASAN_OPTIONS="detect_leaks=0:exitcode=99:" + ASAN_MEMORY,
           UBSAN_OPTIONS="halt_on_error=1:exitcode=98:print_stacktrace=1")


def limit_memory():
    if not SANITIZED:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))


# ---- capture builders ----

def pcap(packets, linktype=1, snaplen=262144, nsec=False):
    """A little-endian pcap; packets are bytes or (caplen_claim, len_claim, bytes)."""
    out = struct.pack("<IHHiIII", 0xa1b23c4d if nsec else 0xa1b2c3d4, 2, 4, 0, 0, snaplen, linktype)
    for i, p in enumerate(packets):
        if isinstance(p, tuple):
            caplen, length, data = p
        else:
            caplen, length, data = len(p), len(p), p
        out += struct.pack("<IIII", 1700000000 + i, i * 1000, caplen, length) + data
    return out


def block(btype, body):
    pad = (-len(body)) % 4
    n = 12 + len(body) + pad
    return struct.pack("<II", btype, n) + body + b"\0" * pad + struct.pack("<I", n)


def option(code, value):
    return struct.pack("<HH", code, len(value)) + value + b"\0" * ((-len(value)) % 4)


def shb(options=b""):
    return block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1) + options)


def idb(linktype=1, options=b""):
    return block(1, struct.pack("<HHI", linktype, 0, 262144) + options)


def epb(data, ifid=0, options=b"", ts=0, caplen=None, length=None):
    caplen = len(data) if caplen is None else caplen
    length = len(data) if length is None else length
    body = struct.pack("<IIIII", ifid, ts >> 32, ts & 0xffffffff, caplen, length)
    body += data + b"\0" * ((-len(data)) % 4) + options
    return block(6, body)


def eth(payload, ethertype=0x0800):
    return b"\x00\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb" + struct.pack(">H", ethertype) + payload


def ipv4(payload, proto=17, ihl=5, total=None, src=b"\x0a\x00\x00\x01", dst=b"\x0a\x00\x00\x02"):
    total = 4 * max(ihl, 5) + len(payload) if total is None else total
    hdr = struct.pack(">BBHHHBBH4s4s", 0x40 | ihl, 0, total & 0xffff, 1, 0, 64, proto, 0, src, dst)
    return hdr + b"\0" * (4 * max(ihl - 5, 0)) + payload


def udp(payload, sport=5353, dport=53):
    return struct.pack(">HHHH", sport, dport, 8 + len(payload), 0) + payload


def tcp(payload, sport=40000, dport=80, seq=1, ack=1, flags=0x18, doff=5):
    return struct.pack(">HHIIBBHHH", sport, dport, seq, ack, doff << 4, flags, 65535, 0, 0) + payload


def tcp_flow(dport, chunks, sport=40000):
    """Ethernet frames of a client sending chunks to dport after a handshake."""
    frames = [eth(ipv4(tcp(b"", sport, dport, seq=0, ack=0, flags=0x02), proto=6)),
              eth(ipv4(tcp(b"", dport, sport, seq=0, ack=1, flags=0x12), proto=6)),
              eth(ipv4(tcp(b"", sport, dport, seq=1, ack=1, flags=0x10), proto=6))]
    seq = 1
    for c in chunks:
        frames.append(eth(ipv4(tcp(c, sport, dport, seq=seq, ack=1), proto=6)))
        seq += len(c)
    return frames


def dns_response(name_bytes, extra=b""):
    """A DNS response with one question whose name is name_bytes (raw, pointers allowed)."""
    return struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0) + name_bytes + struct.pack(">HH", 1, 1) + extra


# ---- running and checking ----

class Result:
    def __init__(self, args, proc, err, elapsed_ok):
        self.args, self.returncode, self.err = args, proc.returncode, err
        self.out = proc.stdout.decode("utf-8", "replace")


def run_cli(path, args):
    try:
        r = subprocess.run([CLI, "-r", path] + args, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=ENV, timeout=TIME_LIMIT, preexec_fn=limit_memory)
    except subprocess.TimeoutExpired:
        return None
    return Result(args, r, r.stderr.decode("utf-8", "replace"), True)


def frames_in_tree(text):
    return len(re.findall(r"^Frame \d+: ", text, re.M))


def frames_in_json(text):
    return text.count('"_index"')


class Case:
    """One generated capture and what wirelens-cli must say about it.

    message:  a regex stderr must match (None: anything, including nothing)
    frames:   how many frames must be printed (None: not checked)
    marker:   a regex the -V output must match (a malformed marker or an error text)
    needs:    protocols that must be registered for marker to be checked (placeholders aside)
    """

    def __init__(self, name, data, message=None, frames=None, marker=None, needs=(), refuse=False):
        self.name, self.data, self.message, self.frames = name, data, message, frames
        self.marker, self.needs, self.refuse = marker, needs, refuse


def check(case, tmpdir, protocols):
    path = os.path.join(tmpdir, case.name.replace("/", "_"))
    with open(path, "wb") as f:
        f.write(case.data)
    problems = []
    for args in (["-V", "-x"], ["-T", "json"]):
        r = run_cli(path, args)
        what = "%s (%s)" % (case.name, " ".join(args))
        if r is None:
            problems.append("%s: no answer within %d s" % (what, TIME_LIMIT))
            continue
        if r.returncode < 0 or r.returncode in (98, 99) or "runtime error:" in r.err or "Sanitizer" in r.err:
            problems.append("%s: exit %d\n%s" % (what, r.returncode, r.err[-3000:]))
            continue
        if case.refuse and r.returncode == 0:
            problems.append("%s: accepted a file it should refuse" % what)
        if case.message and not re.search(case.message, r.err):
            problems.append("%s: stderr does not match %r:\n%s" % (what, case.message, r.err[-1000:]))
        if case.message and os.path.basename(path) not in r.err:
            problems.append("%s: the message does not name the file:\n%s" % (what, r.err[-1000:]))
        if case.frames is not None:
            n = frames_in_tree(r.out) if args[0] == "-V" else frames_in_json(r.out)
            if n != case.frames:
                problems.append("%s: %d frames printed, %d expected" % (what, n, case.frames))
        if case.marker and args[0] == "-V" and all(p in protocols for p in case.needs):
            if not re.search(case.marker, r.out):
                problems.append("%s: the tree does not match %r" % (what, case.marker))
    return problems


def registered_protocols():
    r = subprocess.run([CLI, "-G", "protocols"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                       env=ENV, timeout=TIME_LIMIT)
    return {l.split("\t")[2] for l in r.stdout.decode().splitlines() if l.count("\t") >= 2}


def whole_records(data):
    """Frames a reader must keep from a pcap cut at len(data)."""
    n, off = 0, 24
    while off + 16 <= len(data):
        caplen = struct.unpack("<I", data[off + 8:off + 12])[0]
        if off + 16 + caplen > len(data):
            break
        n += 1
        off += 16 + caplen
    return n


def cases():
    rnd = random.Random(7)
    out = []
    not_capture = r"isn't a capture file"
    cut = r"cut short"

    # Files that are not captures at all.
    out.append(Case("empty", b"", message=not_capture, frames=0, refuse=True))
    for i in range(4):
        out.append(Case("random-%d" % i, bytes(rnd.getrandbits(8) for _ in range(rnd.randint(1, 4096))),
                        message=not_capture, frames=0, refuse=True))
    out.append(Case("pcap-magic-only", pcap([])[:4], message=cut, frames=0, refuse=True))

    # Every truncation point of a small pcap (3 frames) and of a small pcapng.
    small = pcap([eth(ipv4(udp(b"hello"))), eth(ipv4(tcp(b"", flags=0x02), proto=6)),
                  eth(b"\x00\x01\x08\x00\x06\x04\x00\x01" + b"\x11" * 20, 0x0806)])
    for n in range(len(small)):
        whole = whole_records(small[:n]) if n >= 24 else 0
        msg = None
        if n < 4:
            msg = not_capture
        elif n < 24:
            msg = cut
        else:
            # Cut inside a record: a message; cut on a record boundary: a shorter, whole file.
            off, bounds = 24, [24]
            while off < len(small):
                off += 16 + struct.unpack("<I", small[off + 8:off + 12])[0]
                bounds.append(off)
            msg = None if n in bounds else cut
        out.append(Case("pcap-cut-%d" % n, small[:n], message=msg, frames=whole, refuse=n < 24))
    ng = shb() + idb() + epb(eth(ipv4(udp(b"abc")))) + epb(eth(ipv4(udp(b"defg"))), options=option(1, b"note") + option(0, b""))
    ng_bounds = [len(shb()), len(shb() + idb()), len(shb() + idb() + epb(eth(ipv4(udp(b"abc"))))), len(ng)]
    for n in range(len(ng)):
        frames = sum(1 for b in ng_bounds[2:] if b <= n)
        if n < 4:
            msg = not_capture
        elif n in ng_bounds:
            msg = None
        else:
            msg = cut
        out.append(Case("pcapng-cut-%d" % n, ng[:n], message=msg, frames=frames, refuse=n < 4))

    # Absurd snaplen and caplen claims.
    good = eth(ipv4(udp(b"x" * 10)))
    out.append(Case("pcap-snaplen-4g", pcap([good, good], snaplen=0xffffffff), frames=2))
    out.append(Case("pcap-caplen-4g", pcap([good, (0xffffffff, 0xffffffff, good)]),
                    message=r"claims 4294967295 captured bytes", frames=1))
    out.append(Case("pcap-caplen-256k+1", pcap([good, (262145, 262145, good)]),
                    message=r"claims 262145 captured bytes", frames=1))
    out.append(Case("pcap-len-4g", pcap([good, (len(good), 0xffffffff, good)]), frames=2))
    out.append(Case("pcap-len-below-caplen", pcap([good, (len(good), 1, good)]), frames=2))
    out.append(Case("pcapng-caplen-4g", shb() + idb() + epb(good) + epb(good, caplen=0xffffffff),
                    message=r"too short for its contents", frames=1))
    out.append(Case("pcapng-len-4g", shb() + idb() + epb(good, length=0xffffffff), frames=1))

    # Timestamps at the ends of 64 bits (a resolution of 1 s, an offset of 2^63 - 1 s): the
    # frame and TCP dissectors subtract timestamps, which must not overflow (a fuzzer find).
    tcp_frames = tcp_flow(80, [b"x"])
    extreme = shb() + idb(options=option(9, b"\x00") + option(14, struct.pack("<q", 2 ** 63 - 1)))
    for i, (fr, ts) in enumerate(zip(tcp_frames, [0, 2 ** 64 - 1, 2 ** 63, 1])):
        extreme += epb(fr, ts=ts)
    out.append(Case("pcapng-ts-extremes", extreme, frames=len(tcp_frames)))
    negative = shb() + idb(options=option(14, struct.pack("<q", -2 ** 63))) + b"".join(
        epb(fr, ts=t) for fr, t in zip(tcp_frames, [2 ** 64 - 1, 0, 5, 2 ** 62]))
    out.append(Case("pcapng-ts-negative-offset", negative, frames=len(tcp_frames)))

    # pcapng blocks with bogus lengths.
    base = shb() + idb() + epb(good)
    def raw_block(btype, blen, body=b"", trailer=None):
        t = blen if trailer is None else trailer
        return struct.pack("<II", btype, blen) + body + struct.pack("<I", t)
    for label, blk in [("zero", raw_block(6, 0)), ("eight", raw_block(6, 8)), ("unaligned", raw_block(6, 13, b"\0")),
                       ("4g", raw_block(6, 0xfffffffc, b"\0" * 8)), ("16m+4", raw_block(6, 16 * 1024 * 1024 + 4, b"\0" * 8)),
                       ("trailer-mismatch", raw_block(6, 16, b"\0" * 4, trailer=20)),
                       ("past-end", raw_block(6, 64, b"\0" * 8))]:
        out.append(Case("pcapng-blen-" + label, base + blk, message=r"damaged|cut short", frames=1))
    out.append(Case("pcapng-shb-short", block(0x0A0D0D0A, struct.pack("<I", 0x1A2B3C4D)), frames=0))
    out.append(Case("pcapng-idb-short", shb() + block(1, b"\1\0"), message=r"too short", frames=0))
    out.append(Case("pcapng-epb-short", shb() + idb() + block(6, b"\0" * 12), message=r"too short", frames=0))
    out.append(Case("pcapng-bad-bom", block(0x0A0D0D0A, struct.pack("<IHHq", 0x11223344, 1, 0, -1)),
                    message=r"byte-order", frames=0, refuse=True))
    out.append(Case("pcapng-unknown-interface", shb() + idb() + epb(good) + epb(good, ifid=7),
                    message=r"interface 7", frames=1))
    out.append(Case("pcapng-option-past-end", shb() + idb(options=struct.pack("<HH", 2, 60000)) + epb(good), frames=1))

    # Loops of zero-length options: a million of them must be walked in bounded time.
    many = struct.pack("<HH", 3, 0) * 1000000
    out.append(Case("pcapng-zero-options-idb", shb() + idb(options=many) + epb(good), frames=1))
    zero_comments = struct.pack("<HH", 1, 0) * 200000
    out.append(Case("pcapng-zero-comments-epb", shb() + idb() + epb(good, options=zero_comments) + epb(good), frames=2))
    out.append(Case("pcapng-zero-options-shb", shb(struct.pack("<HH", 9, 0) * 1000000) + idb() + epb(good), frames=1))

    # IPv4 header length below 20 (and above the packet).
    # The marks: the malformed layer (tshark's "[Malformed Packet: PROTO]", _ws.malformed in
    # frame.protocols), or an expert item of the Malformed group.
    malformed = (r"\[Malformed Packet|\[Protocols in frame: [^\]\n]*_ws\.malformed|"
                 r"\(Warning/Malformed\)|\(Error/Malformed\)")
    for ihl in (0, 1, 4):
        out.append(Case("ipv4-ihl-%d" % ihl, pcap([eth(ipv4(udp(b"x"), ihl=ihl)), good]),
                        frames=2, marker=malformed + r"|Bogus IP header length", needs=("ip",)))
    out.append(Case("ipv4-ihl-15-short", pcap([eth(ipv4(b"", ihl=15)[:24]), good]), frames=2))
    out.append(Case("ipv4-total-below-header", pcap([eth(ipv4(udp(b"x"), total=8)), good]),
                    frames=2, marker=malformed + r"|Bogus IP length", needs=("ip",)))

    # TCP data offset beyond the packet.
    for doff in (15, 6, 4, 0):
        out.append(Case("tcp-doff-%d" % doff, pcap([eth(ipv4(tcp(b"", doff=doff), proto=6)), good]),
                        frames=2, marker=malformed, needs=("tcp",)))

    # HTTP headers without an end: one header that never ends, headers that never reach CRLF CRLF.
    endless_line = b"GET / HTTP/1.1\r\nHost: example\r\nX-Long: " + b"a" * 1400
    chunks = [endless_line] + [b"a" * 1400] * 40
    out.append(Case("http-endless-header-line", pcap(tcp_flow(80, chunks)), frames=3 + len(chunks)))
    lines = [b"GET / HTTP/1.1\r\n"] + [b"X-%d: y\r\n" % i for i in range(2000)]
    blob = b"".join(lines)
    out.append(Case("http-headers-without-end", pcap(tcp_flow(80, [blob[i:i + 1400] for i in range(0, len(blob), 1400)])),
                    frames=3 + (len(blob) + 1399) // 1400))
    out.append(Case("http-response-without-end",
                    pcap(tcp_flow(80, [b"HTTP/1.1 200 OK\r\nContent-Length: 4294967295\r\n"], sport=80)), frames=4))
    out.append(Case("http-content-length-huge",
                    pcap(tcp_flow(80, [b"POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\nab"])), frames=4))
    out.append(Case("http-chunked-huge",
                    pcap(tcp_flow(80, [b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffff\r\nabc"], sport=80)),
                    frames=4))

    # DNS name compression loops: a pointer to itself, a two-pointer cycle, a long chain.
    self_ptr = dns_response(b"\xc0\x0c")
    cycle = dns_response(b"\x01a\xc0\x0e") + b""
    def chain_message(hops, label):
        # Question name: a pointer to the last link; each link (a label, then a pointer to the
        # link before) leads back to www.example.com, placed after the question.
        target = 12 + 2 + 4
        links = b"\x03www\x07example\x03com\x00"
        prev = target
        for _ in range(hops):
            here = target + len(links)
            links += label + struct.pack(">H", 0xc000 | prev)
            prev = here
        return dns_response(struct.pack(">H", 0xc000 | prev)) + links
    deep = chain_message(300, b"")
    long_name = chain_message(300, b"\x01a")
    answer_loop = dns_response(b"\x03foo\x00", extra=b"\xc0\x25\x00\x01\x00\x01\x00\x00\x00\x10\x00\x04\x01\x02\x03\x04")
    # (label, message, must it be marked malformed?) tshark marks every one but the chain of
    # 300 pointers, which it stops following as a loop.
    for label, msg, marked in [("self", self_ptr, True), ("cycle", cycle, True), ("chain", deep, False),
                               ("chain-long-name", long_name, False), ("answer-loop", answer_loop, True),
                               ("pointer-past-end", dns_response(b"\xc3\xff"), True),
                               ("label-past-end", dns_response(b"\x3fabc"), True)]:
        for transport in ("udp", "tcp"):
            if transport == "udp":
                frames = [eth(ipv4(udp(msg, 53, 33333))), good]
            else:
                frames = tcp_flow(53, [struct.pack(">H", len(msg)) + msg]) + [good]
            out.append(Case("dns-%s-%s" % (label, transport), pcap(frames), frames=len(frames),
                            marker=malformed if marked else None, needs=("dns", transport)))
    out.append(Case("dns-tcp-length-64k", pcap(tcp_flow(53, [b"\xff\xff" + b"\0" * 10])), frames=4))

    # SSH packet lengths of 4 GiB, and a banner that never ends.
    ssh_client = [b"SSH-2.0-OpenSSH_9.0\r\n", struct.pack(">IB", 0xffffffff, 4) + b"\x14" + b"\0" * 30,
                  struct.pack(">IB", 0x7fffffff, 255) + b"\0" * 30, struct.pack(">IB", 12, 200) + b"\0" * 11]
    out.append(Case("ssh-length-4g", pcap(tcp_flow(22, ssh_client)), frames=3 + len(ssh_client)))
    out.append(Case("ssh-banner-without-end", pcap(tcp_flow(22, [b"SSH-2.0-" + b"v" * 1400] * 20)), frames=23))

    # Every link type over truncated and empty packets.
    for lt in (0, 1, 101, 108, 113, 228, 229, 276):
        pk = [b"", b"\x45", b"\x60\0\0\0\0\0\x3a\x40", b"\x00" * 3, bytes(rnd.getrandbits(8) for _ in range(64))]
        out.append(Case("linktype-%d-stubs" % lt, pcap(pk, linktype=lt), frames=len(pk)))
    return out


def main():
    if not os.path.exists(CLI):
        print("SKIP: %s not built" % CLI)
        return 77
    only = sys.argv[sys.argv.index("-k") + 1] if "-k" in sys.argv else None
    todo = [c for c in cases() if not only or only in c.name]
    protocols = registered_protocols()
    bad = []
    with tempfile.TemporaryDirectory(prefix="wl-malformed-") as tmpdir:
        with cf.ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as ex:
            for case, problems in zip(todo, ex.map(lambda c: check(c, tmpdir, protocols), todo)):
                bad += problems
    for b in bad:
        print("FAIL", b)
    print("%d generated captures%s, %d problems" % (len(todo), " (sanitized build)" if SANITIZED else "", len(bad)))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
