#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes tests/captures/tls-hrr-synthetic.pcap (its path is the argument): one TLS 1.3 Hello Retry
# Request from port 443 (a Server Hello whose random is SHA-256("HelloRetryRequest"), with
# supported_versions TLS 1.3 and a key_share that selects x25519).
import hashlib, struct, sys
def csum16(b):
    if len(b) % 2:
        b += b'\0'
    s = sum(struct.unpack('>%dH' % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff
random = hashlib.sha256(b'HelloRetryRequest').digest()
exts = struct.pack('>HHH', 43, 2, 0x0304) + struct.pack('>HHH', 51, 2, 0x001d)
body = (struct.pack('>H', 0x0303) + random + bytes([32]) + bytes(range(32)) + struct.pack('>HB', 0x1301, 0)
        + struct.pack('>H', len(exts)) + exts)
hs = bytes([2]) + len(body).to_bytes(3, 'big') + body
rec = bytes([22]) + struct.pack('>HH', 0x0303, len(hs)) + hs
src, dst = bytes([10, 0, 0, 2]), bytes([10, 0, 0, 1])
tcp = struct.pack('>HHIIBBHHH', 443, 50000, 1000, 2000, 0x50, 0x18, 65535, 0, 0) + rec
c = csum16(src + dst + struct.pack('>BBH', 0, 6, len(tcp)) + tcp)
tcp = tcp[:16] + struct.pack('>H', c) + tcp[18:]
ip = struct.pack('>BBHHHBBH4s4s', 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, src, dst)
ip = ip[:10] + struct.pack('>H', csum16(ip)) + ip[12:]
frame = bytes.fromhex('001122334455' '66778899aabb' '0800') + ip + tcp
with open(sys.argv[1], 'wb') as f:
    f.write(struct.pack('<IHHiIII', 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    f.write(struct.pack('<IIII', 1700000000, 0, len(frame), len(frame)) + frame)
