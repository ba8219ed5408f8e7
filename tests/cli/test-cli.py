#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""wirelens-cli as a user runs it, on captures in tests/captures:
--explain, -z services, proc.* fields from process comments, and -w files that tshark reads
back (skipped, saying so, when tshark is not installed); the statistics and the trees printed
on every core against the single pass."""
import os
import shutil
import subprocess
import sys
import tempfile

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
CAPS = os.environ.get("WL_TEST_CAPTURES", os.path.join(os.path.dirname(__file__), "..", "captures"))
failures = []


def cli(*args):
    r = subprocess.run([CLI] + list(args), capture_output=True, text=True)
    return r.returncode, r.stdout, r.stderr


def check(name, cond, detail=""):
    print("%s %s" % ("ok  " if cond else "FAIL", name))
    if not cond:
        failures.append(name)
        if detail:
            print(detail)


def cap(name):
    return os.path.join(CAPS, name)


def test_explain():
    flt = "(icmp.type == 8 || arp) && !ip.addr == 192.0.2.9"
    rc, out, err = cli("-r", cap("eth-arp-icmp.pcap"), "-Y", flt, "--explain", "-q")
    check("explain exits 0", rc == 0, err)
    blocks = out.split("Frame ")
    f11 = next((b for b in blocks if b.startswith("11 matched")), "")
    check("explain: frame 11 matched by icmp.type == 8", "\u2714 icmp.type == 8  [true]" in f11, out[:2000])
    check("explain: frame 11 is not ARP", "\u2718 arp  [false]" in f11, f11)
    check("explain: values read", "ip.addr: 192.0.2.1 192.0.2.2" in f11, f11)
    f9 = next((b for b in blocks if b.startswith("9 matched")), "")
    check("explain: frame 9 matched as ARP", "\u2714 arp  [true]" in f9 and "icmp.type: (absent)" in f9, f9)
    # frames that do not match are not explained
    check("explain: only matching frames", not any(b.startswith("1 matched") for b in blocks))


def test_services():
    rc, out, _ = cli("-r", cap("lo-ssh.pcap"), "-q", "-z", "services")
    check("services: sshd on 22 with its banner", "22/tcp     open   ssh          OpenSSH_9.2p1 Debian-2+deb12u10 (protocol 2.0)" in out, out)
    check("services: ssh on 2222 found by content", "2222/tcp   open   ssh" in out, out)
    rc, out, _ = cli("-r", cap("lo-http-keepalive.pcap"), "-q", "-z", "services")
    check("services: HTTP server header", "80/tcp     open   http         corpus-httpd/1.0 Python/3.11.7" in out, out)
    rc, out, _ = cli("-r", cap("lo-tls.pcap"), "-q", "-z", "services")
    check("services: TLS version and SNI", "443/tcp    open   tls          TLS 1.3; SNI www.example.test" in out, out)
    rc, out, _ = cli("-r", cap("lo-dns.pcap"), "-q", "-z", "services")
    check("services: DNS server", "53/udp     open   dns          DNS server (answers queries)" in out, out)


def test_proc_fields():
    # ptcpdump wrote these comments; tshark shows them as frame.comment
    rc, out, _ = cli("-r", cap("ptcpdump-curl-thread.pcapng"), "-T", "fields", "-e", "proc.pid",
                     "-e", "proc.name", "-e", "proc.cmdline", "-c", "1")
    check("proc fields from comments", out.strip() == "122868\tcurl\tcurl kernel.com", out)
    rc, out, _ = cli("-r", cap("ptcpdump-curl-thread.pcapng"), "-Y", 'proc.name == "curl"', "-T", "fields", "-e", "frame.number")
    check("proc.name filter", len(out.split()) == 10, out)


def test_write_roundtrip():
    tshark = shutil.which("tshark")
    if not tshark:
        print("skip: tshark not installed, -w files not read back")
        return
    with tempfile.TemporaryDirectory() as d:
        for fmt, src in (("pcapng", "multi-if.pcapng"), ("pcap", "lo-dns.pcap"), ("nsecpcap", "tcpdump-tcp-handshake-nano.pcap")):
            out = os.path.join(d, "out." + fmt)
            rc, _, err = cli("-r", cap(src), "-Y", "ip or ipv6", "-F", fmt, "-w", out)
            check("-w %s exits 0" % fmt, rc == 0, err)
            ours = cli("-r", cap(src), "-Y", "ip or ipv6", "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len")[1]
            theirs = subprocess.run([tshark, "-r", out, "-T", "fields", "-e", "frame.time_epoch", "-e", "frame.len"],
                                    capture_output=True, text=True).stdout
            check("tshark reads our %s: same packets, times and lengths" % fmt, ours == theirs and ours, ours[:300] + "\n--\n" + theirs[:300])


def test_damaged():
    with tempfile.TemporaryDirectory() as d:
        data = open(cap("lo-dns.pcap"), "rb").read()
        cut = os.path.join(d, "cut.pcap")
        open(cut, "wb").write(data[:1000])
        rc, out, err = cli("-r", cut)
        check("damaged file: exit 2", rc == 2, err)
        check("damaged file: names file and offset", "cut.pcap" in err and "offset" in err, err)
        check("damaged file: frames before the damage shown", len(out.splitlines()) >= 5, out)
        txt = os.path.join(d, "notes.txt")
        open(txt, "w").write("hello, not a capture\n")
        rc, out, err = cli("-r", txt)
        check("not a capture: message and exit 2", rc == 2 and "isn't a capture file" in err, err)


def test_bad_filter():
    rc, out, err = cli("-r", cap("lo-dns.pcap"), "-Y", "tcp.port == 65536")
    # tshark 4.0.17 printed this message and caret (golden/invalid-filters.tsv)
    check("bad filter: tshark's message and caret", rc == 2 and '"65536" too big for this field, maximum 65535.' in err
          and "    tcp.port == 65536\n                ^~~~~" in err, err)


def count_pcapng_packets(path):
    """Enhanced and simple packet blocks in a pcapng file (little-endian, as we write it)."""
    data = open(path, "rb").read()
    n, off = 0, 0
    while off + 12 <= len(data):
        btype = int.from_bytes(data[off:off + 4], "little")
        blen = int.from_bytes(data[off + 4:off + 8], "little")
        if blen < 12:
            break
        n += btype in (3, 6)
        off += blen
    return n


def test_split_filter():
    """-Y with -w runs the first pass split by address pair over every core: the frames kept
    must be the ones tshark 4.0.17 keeps (the corpus's golden filter results)."""
    shared = os.environ.get("WL_SHARED", os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared"))
    golden = os.path.join(shared, "corpus", "golden")
    if not os.path.isdir(golden):
        print("skip: ../shared/corpus not found, -Y -w not compared with tshark's answers")
        return
    import concurrent.futures
    jobs = []
    for g in sorted(os.listdir(golden)):
        if not g.endswith(".filters.tsv"):
            continue
        capture = os.path.join(shared, "corpus", "captures", g[:-len(".filters.tsv")])
        rows = [line.rstrip("\n").split("\t") for line in open(os.path.join(golden, g))]
        for i, row in enumerate(rows):
            if len(row) == 2 and i % 6 == 0:  # a sixth of the filters (corpus-filters has all), all captures
                jobs.append((capture, row[0], len([x for x in row[1].split(",") if x])))
    with tempfile.TemporaryDirectory() as d:
        def run(job):
            capture, flt, want = job
            out = os.path.join(d, "%d.pcapng" % (hash(job) & 0xffffffff))
            rc, _, err = cli("-r", capture, "-Y", flt, "-w", out)
            got = count_pcapng_packets(out) if rc == 0 else -1
            return job, got, err
        with concurrent.futures.ThreadPoolExecutor(2) as ex:
            bad = [(j, got, err) for j, got, err in ex.map(run, jobs) if got != j[2]]
    check("-Y FILTER -w: %d (capture, filter) pairs keep tshark's frame count" % len(jobs), not bad,
          "\n".join("%s %r: tshark %d, ours %d %s" % (os.path.basename(j[0]), j[1], j[2], got, err.strip())
                    for j, got, err in bad[:20]))


def test_split_stats():
    """-q -z conv/endpoints alone run on every core, frames split by address pair, tables merged
    after, and follow,tcp by number reads only its stream's address pair: each must print what
    the single sequential pass prints (-Y keeps that one: the statistics still see every
    packet). Without a -z filter a TCP table tells streams apart without tcp.stream: the same
    as with a filter that keeps everything, but for the Filter: line."""
    import concurrent.futures
    stats = ["conv,eth", "conv,ipv6", "conv,tcp", "conv,udp", "endpoints,ip", "endpoints,tcp",
             "follow,tcp,ascii,1", "follow,tcp,hex,3"]
    jobs = [(c, z) for c in sorted(os.listdir(CAPS)) if c.endswith((".pcap", ".pcapng")) for z in stats]

    def run(job):
        c, z = job
        got = cli("-r", cap(c), "-q", "-z", z)
        seq = cli("-r", cap(c), "-q", "-Y", "ip or not ip", "-z", z)
        bad = []
        if got != seq:
            bad.append("%s -z %s: split %r, sequential %r" % (c, z, got[1][-300:], seq[1][-300:]))
        if z.endswith("tcp"):
            kept = cli("-r", cap(c), "-q", "-z", z + ",frame")
            strip = lambda out: [l for l in out.split("\n") if not l.startswith("Filter:")]
            if strip(got[1]) != strip(kept[1]):
                bad.append("%s -z %s: without tcp.stream %r, with %r" % (c, z, got[1][-300:], kept[1][-300:]))
        return bad
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        bad = [b for r in ex.map(run, jobs) for b in r]
    check("-z on every core: %d (capture, statistic) pairs as the sequential pass" % len(jobs), not bad,
          "\n".join(bad[:10]))


def test_parallel_print():
    """-V, -T json and -T ek of a whole file run the first pass alone, then revisit the frames on
    several threads (print-parallel.c): each must print what the single pass prints
    (WIRELENS_CLI_THREADS=0), with more threads than chunks or cores, and with -c."""
    import concurrent.futures

    def run(job):
        c, args, threads = job
        outs = []
        for n in ("0", threads):
            r = subprocess.run([CLI, "-r", cap(c)] + args, capture_output=True,
                               env=dict(os.environ, WIRELENS_CLI_THREADS=n))
            outs.append((r.returncode, r.stdout, r.stderr))
        if outs[0] != outs[1]:
            return ["%s %s, %s threads: differs from the single pass" % (c, " ".join(args), threads)]
        return []
    jobs = [(c, a, t) for c in sorted(os.listdir(CAPS)) if c.endswith((".pcap", ".pcapng"))
            for a, t in ((["-V", "-x"], "3"), (["-T", "ek"], "2"), (["-T", "json"], "1"), (["-V", "-c", "70"], "2"))]
    with concurrent.futures.ThreadPoolExecutor(2) as ex:
        bad = [b for r in ex.map(run, jobs) for b in r]
    check("-V, json and ek on several threads: %d runs as the single pass" % len(jobs), not bad, "\n".join(bad[:10]))


def test_long_bytes_label():
    """A tree line shows at most 36 bytes of a byte string, then an ellipsis, as tshark's -V
    does: the lines with an ellipsis equal tshark's (run here, when installed)."""
    tshark = shutil.which("tshark")
    if not tshark:
        print("skip: tshark not installed, -V ellipses not compared")
        return
    for c in ("eth-arp-icmp.pcap", "arkime-wireshark-retrans.pcap"):
        theirs = subprocess.run([tshark, "-r", cap(c), "-V"], capture_output=True, text=True).stdout
        rc, ours, _ = cli("-r", cap(c), "-V")
        pick = lambda text: [l for l in text.splitlines() if "\u2026" in l]
        check("-V of %s: %d lines cut at 36 bytes as tshark's" % (c, len(pick(theirs))),
              rc == 0 and pick(theirs) and pick(ours) == pick(theirs),
              "\n".join(sorted(set(pick(ours)) ^ set(pick(theirs)))[:6]))


for t in (test_explain, test_services, test_proc_fields, test_write_roundtrip, test_damaged, test_bad_filter,
          test_split_filter, test_split_stats, test_parallel_print, test_long_bytes_label):
    t()
print("%d failures" % len(failures))
sys.exit(1 if failures else 0)
