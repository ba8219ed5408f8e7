#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes tests/captures/fiveco-synthetic.pcap (its path is the argument): FiveCo legacy (5co-legacy) messages on TCP 8010 and UDP 7010.
import struct, sys
def csum16(b):
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) + (b[i + 1] if i + 1 < len(b) else 0)
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
def five(fct, fid, params, good=True):
    h = struct.pack('>HHH', fct, fid, len(params)) + params
    s, high = 0, True
    for b in h:
        s += ((b << 8) ^ 0xff00) if high else (b ^ 0xff)
        high = not high
    if not high:
        s += 0xff
    c = ((s >> 16) & 0xffff) + (s & 0xffff)
    c = ((c >> 16) & 0xffff) + (c & 0xffff)
    return h + struct.pack('>H', (c if good else c ^ 0x1111) & 0xffff)
def pkt(a, b, sport, dport, payload, seq=0, ack=1, proto=6):
    src, dst = bytes([10, 0, 0, a]), bytes([10, 0, 0, b])
    if proto == 6:
        l4 = struct.pack('>HHIIBBHHH', sport, dport, seq, ack, 0x50, 0x18, 8192, 0, 0) + payload
        c = csum16(src + dst + struct.pack('>BBH', 0, 6, len(l4)) + l4)
        l4 = l4[:16] + struct.pack('>H', c) + l4[18:]
    else:
        l4 = struct.pack('>HHHH', sport, dport, 8 + len(payload), 0) + payload
    ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(l4), 1, 0, 64, proto, 0, src, dst)
    ip = ip[:10] + struct.pack('>H', csum16(ip)) + ip[12:]
    return bytes(range(12)) + b'\x08\x00' + ip + l4
m1 = five(0x21, 5, b'\x00\x01\x30')
m2 = five(0x23, 5, b'\x00\x00\x01\x02\x03\x04\x01\x00\x01\x00\x02')
m3 = five(0x22, 6, b'\x14\x05') + five(0x05, 7, b'\x10\x11')
m5 = five(0x21, 9, b'\x00', good=False)
pkts = [pkt(1, 2, 40000, 8010, m1, 1, 1),
        pkt(2, 1, 8010, 40000, m2, 1, 1 + len(m1)),
        pkt(1, 2, 40000, 8010, m3, 1 + len(m1), 1 + len(m2)),
        pkt(1, 2, 40001, 7010, five(0x2a, 1, bytes(range(1, 15))), proto=17),
        pkt(1, 2, 40000, 8010, m5, 1 + len(m1) + len(m3), 1 + len(m2)),
        pkt(1, 2, 40000, 8010, b'\x77\x77' + bytes(8), 1 + len(m1) + len(m3) + len(m5), 1 + len(m2))]
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, p in enumerate(pkts):
        f.write(struct.pack('<IIII', i, 0, len(p), len(p)) + p)
