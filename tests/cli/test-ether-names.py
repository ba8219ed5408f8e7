#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Ethernet address names as tshark 4.0.17 shows them by default (Wireshark's manuf and wka
files): the -V lines with an address, the packet list and its Source and Destination columns,
the *_resolved fields of -T json and the -z conv,eth and endpoints,eth tables, compared with
tshark run here (skipped, saying so, when tshark or the files are missing), on captures of
tests/captures and on a capture made here with addresses from every kind of entry of the
files. Also: -n and missing files leave the addresses bare."""
import os
import random
import re
import shutil
import struct
import subprocess
import sys
import tempfile

CLI = os.environ.get("WL_CLI", "build/src/cli/wirelens-cli")
CAPS = os.environ.get("WL_TEST_CAPTURES", os.path.join(os.path.dirname(__file__), "..", "captures"))
DATA = "/usr/share/wireshark"
MAC = re.compile(r"[0-9a-f]{2}(:[0-9a-f]{2}){5}")
failures = []


def run(cmd, env=None):
    r = subprocess.run(cmd, capture_output=True, text=True, env=env)
    return r.returncode, r.stdout


def check(name, cond, detail=""):
    print("%s %s" % ("ok  " if cond else "FAIL", name))
    if not cond:
        failures.append(name)
        if detail:
            print(detail)


def first_diff(a, b):
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            return "line %d:\n  tshark: %s\n  ours:   %s" % (i + 1, x, y)
    return "tshark %d lines, ours %d" % (len(a), len(b))


def tree_lines(text):
    """-V lines that show an Ethernet address (the Ethernet header, its addresses, ARP's)."""
    return [l for l in text.splitlines() if MAC.search(l) and not re.match(r"^[0-9a-f]{4}  ", l)]


def resolved_lines(text):
    return [l.strip() for l in text.splitlines() if "_resolved" in l]


def make_capture(path, count=3000, seed=7):
    """Ethernet frames whose addresses come from the files' entries: exact, masked with the bits
    past the mask random, group and locally administered bits flipped, and random ones."""
    entries = []
    for name in ("manuf", "wka"):
        with open(os.path.join(DATA, name), encoding="utf-8", errors="replace") as f:
            for line in f:
                line = line.split("#")[0].split()
                if len(line) < 2:
                    continue
                addr, _, mask = line[0].partition("/")
                octets = [int(x, 16) for x in re.split(r"[-:.]", addr)]
                entries.append(((octets + [0] * 6)[:6], int(mask) if mask else (24 if len(octets) == 3 else 48)))
    rnd = random.Random(seed)
    macs = [bytes.fromhex(x) for x in ("ffffffffffff", "020000000001", "000000000000", "333300000016",
                                      "01005e7ffffa", "0180c2000000", "0016 3e5c2202".replace(" ", ""),
                                      "0221 7c569ed1".replace(" ", ""), "01163e000001")]
    for _ in range(count):
        octets, mask = rnd.choice(entries)
        x = bytearray(octets)
        keep = mask if rnd.random() < 0.8 else rnd.randint(0, 48)
        for bit in range(keep, 48):
            if rnd.random() < 0.5:
                x[bit // 8] ^= 0x80 >> (bit % 8)
        if rnd.random() < 0.1:
            x[0] ^= 1
        if rnd.random() < 0.05:
            x[0] ^= 2
        macs.append(bytes(x))
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i in range(0, len(macs) - 1, 2):
            # ARP requests: the addresses in the Ethernet header and in ARP's sender field; each
            # from its own IPv4 address (tshark reports one address used by two MACs)
            sender = struct.pack(">I", 0x0A000001 + i)
            arp = struct.pack(">HHBBH", 1, 0x0800, 6, 4, 1) + macs[i + 1] + sender + bytes(6) + bytes([192, 0, 2, 1])
            pkt = macs[i] + macs[i + 1] + b"\x08\x06" + arp + bytes(18)
            f.write(struct.pack("<IIII", i, 0, len(pkt), len(pkt)) + pkt)


def compare(capture, label, both=False):
    tshark = shutil.which("tshark")
    theirs = run([tshark, "-r", capture])[1].splitlines()
    rc, ours = run([CLI, "-r", capture])
    check("packet list of %s: %d lines as tshark's" % (label, len(theirs)), rc == 0 and theirs == ours.splitlines(),
          first_diff(theirs, ours.splitlines()))
    for z in ("conv,eth", "endpoints,eth"):
        theirs = run([tshark, "-r", capture, "-q", "-z", z])[1].splitlines()
        rc, ours = run([CLI, "-r", capture, "-q", "-z", z])
        check("-z %s of %s: %d lines as tshark's" % (z, label, len(theirs)), rc == 0 and theirs == ours.splitlines(),
              first_diff(theirs, ours.splitlines()))
    for opts in ([], ["-n"]) if both else ([],):
        what = "%s%s" % (label, " -n" if opts else "")
        theirs = run([tshark] + opts + ["-r", capture, "-V"])[1]
        rc, ours = run([CLI] + opts + ["-r", capture, "-V"])
        t, o = tree_lines(theirs), tree_lines(ours)
        check("-V of %s: %d lines with an address as tshark's" % (what, len(t)), rc == 0 and t and t == o,
              first_diff(t, o))
        cols = ["-T", "fields", "-e", "_ws.col.Source", "-e", "_ws.col.Destination"]
        theirs = run([tshark] + opts + ["-r", capture] + cols)[1].splitlines()
        rc, ours = run([CLI] + opts + ["-r", capture] + cols)
        check("Source and Destination columns of %s: %d rows as tshark's" % (what, len(theirs)),
              rc == 0 and theirs == ours.splitlines(), first_diff(theirs, ours.splitlines()))
        theirs = resolved_lines(run([tshark] + opts + ["-r", capture, "-T", "json"])[1])
        rc, ours = run([CLI] + opts + ["-r", capture, "-T", "json"])
        check("-T json *_resolved of %s: %d values as tshark's" % (what, len(theirs)),
              rc == 0 and theirs and theirs == resolved_lines(ours), first_diff(theirs, resolved_lines(ours)))


def main():
    have_files = all(os.path.exists(os.path.join(DATA, n)) for n in ("manuf", "wka"))
    if not shutil.which("tshark") or not have_files:
        print("skip: tshark or %s/manuf and wka not installed, names not compared with tshark" % DATA)
    else:
        for c in ("eth-arp-icmp.pcap", "arkime-wireshark-dhcp.pcap", "arkime-dot1ad.pcap"):
            compare(os.path.join(CAPS, c), c)
        with tempfile.TemporaryDirectory() as tmp:
            made = os.path.join(tmp, "names.pcap")
            make_capture(made)
            compare(made, "3000 addresses from manuf and wka", both=True)
        # Host names from the user's ethers file come before ranges and manufacturers (the
        # first line of an address counts), but after the well-known addresses.
        with tempfile.TemporaryDirectory() as home:
            os.makedirs(os.path.join(home, ".config", "wireshark"))
            with open(os.path.join(home, ".config", "wireshark", "ethers"), "w") as f:
                f.write("# test\n52:54:00:3a:10:01 myvm\n52-54-00-3a-10-01 second\n"
                        "ff:ff:ff:ff:ff:ff allhosts\n00:16:3e:5c:22:02\txenhost # comment\n")
            env = dict(os.environ, HOME=home)
            env.pop("XDG_CONFIG_HOME", None)
            c = os.path.join(CAPS, "eth-arp-icmp.pcap")
            theirs = tree_lines(run(["tshark", "-r", c, "-V"], env)[1])
            rc, ours = run([CLI, "-r", c, "-V"], env)
            check("-V of eth-arp-icmp.pcap with ~/.config/wireshark/ethers: %d lines as tshark's" % len(theirs),
                  rc == 0 and any("myvm" in l for l in theirs) and theirs == tree_lines(ours),
                  first_diff(theirs, tree_lines(ours)))
        # How a line of an ethers file is read, as tshark reads it: CRLF line ends, any of the
        # three separators but only one an address, names cut at 63 bytes, comments, and no
        # masks or manufacturer prefixes (lines that tshark ignores).
        with tempfile.TemporaryDirectory() as home:
            os.makedirs(os.path.join(home, ".config", "wireshark"))
            with open(os.path.join(home, ".config", "wireshark", "ethers"), "wb") as f:
                f.write(b"# hosts\r\n00:00:01:00:00:01 hostA\r\n00:00:01:00:00:01 hostB\n"
                        b"00:00:01 oui\n00-00-02-00-00-01\tdashes\t# c\n00.00.03.00.00.01 dots\n"
                        b"0:0:4:0:0:1 short\n00:00:05:00:00:01 " + b"L" * 70 + b"\n"
                        b"00:00:07:00-00-01 mixed\n00:00:08:00:00:01/48 masked\n"
                        b"00:00:09:00:00:01 hash#tail\n00:00:0a:00:00:01  \t spaced  more\n"
                        b"00:00:0b:00:00:01")
            env = dict(os.environ, HOME=home)
            env.pop("XDG_CONFIG_HOME", None)
            made = os.path.join(home, "ethers.pcap")
            with open(made, "wb") as f:
                f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
                for i in range(1, 12):
                    frame = bytes([0, 0, i, 0, 0, 1]) + bytes([0, 0, 1, 0, 0, 1]) + b"\x08\x00" + bytes(20)
                    f.write(struct.pack("<IIII", i, 0, len(frame), len(frame)) + frame)
            fields = ["-T", "fields", "-e", "eth.dst_resolved", "-e", "eth.src_resolved"]
            theirs = run(["tshark", "-r", made] + fields, env)[1].splitlines()
            rc, ours = run([CLI, "-r", made] + fields, env)
            check("the lines of an ethers file read as tshark reads them (%d addresses)" % len(theirs),
                  rc == 0 and len(theirs) == 11 and "dashes\thostA" in theirs and theirs == ours.splitlines(),
                  first_diff(theirs, ours.splitlines()))
    # Without the files, the addresses stay bare, as tshark -n shows them.
    with tempfile.TemporaryDirectory() as empty:
        env = dict(os.environ, WIRELENS_ETHER_NAMES_DIR=empty)
        c = os.path.join(CAPS, "eth-arp-icmp.pcap")
        rc, ours = run([CLI, "-r", c, "-V"], env)
        rc_n, bare = run([CLI, "-n", "-r", c, "-V"])
        check("without manuf and wka, -V is -n's", rc == 0 and rc_n == 0 and ours == bare
              and "Src: 00:16:3e:5c:22:02, Dst: 33:33:00:00:00:16" in ours, first_diff(bare.splitlines(), ours.splitlines()))
    if have_files:
        rc, out = run([CLI, "-r", os.path.join(CAPS, "eth-arp-icmp.pcap"), "-n", "-N", "m", "-V"])
        check("-N m turns the names back on", rc == 0 and "Src: Xensourc_5c:22:02 (00:16:3e:5c:22:02)" in out)
    print("%d failures" % len(failures))
    sys.exit(1 if failures else 0)


main()
