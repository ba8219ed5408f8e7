#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
# Writes tests/captures/http-bodies-synthetic.pcap (its path is the argument): HTTP responses on
# port 80, each in one segment after a handshake and a GET, whose bodies exercise the body
# dissectors where tshark 4.0 has quirks: JSON escapes and trailing text, XML processing
# instructions, doctype, DTD, comments, CDATA, unquoted attributes, unrecognized text and
# unopened closing tags, a gzip body, a multipart form with blanks in its headers, form items
# without '=', a chunked body that de-chunks to nothing, a gzip body that does not
# decompress, and a JSON member without its opening quote. Expected values: tshark 4.0.17.
import gzip
import struct
import sys


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    s = (s >> 16) + (s & 0xffff)
    s += s >> 16
    return ~s & 0xffff


def seg(src, dst, sport, dport, seq, ack, flags, payload):
    tcp = struct.pack("!HHIIBBHHH", sport, dport, seq, ack, 5 << 4, flags, 65535, 0, 0) + payload
    ph = struct.pack("!4s4sBBH", bytes(src), bytes(dst), 0, 6, len(tcp))
    tcp = tcp[:16] + struct.pack("!H", csum(ph + tcp)) + tcp[18:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(tcp), 1, 0x4000, 64, 6, 0, bytes(src), bytes(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    return b"\x00\x01\x02\x03\x04\x05\x00\x01\x02\x03\x04\x06\x08\x00" + ip + tcp


def response(headers, body):
    return b"HTTP/1.1 200 OK\r\n" + b"".join(h + b"\r\n" for h in headers) + b"\r\n" + body


def sized(ctype, body, extra=()):
    return response([b"Content-Type: " + ctype] + list(extra) + [b"Content-Length: %d" % len(body)], body)


JSON = (b'{"a": "x\\u00e9\\n\\"q", "b": [1, -2.5e3, {"c": null, "d": false}], "e": {}, "f": [],'
        b' "g": "\\ud83d\\ude00", "h": "a\\ud83d\\ude00b", "i": "x\\u0001y", "j": "p\\ud800q",'
        b' "k": "t\xffu", "l": NaN, "m": true, "k\\"ey": "v"} trailing')
XML = (b'<?xml version="1.0" standalone=\'yes\'?>\n<!-- a comment -->\n<!DOCTYPE note [\n'
       b'<!ELEMENT note (to)>\n]>\n<note a = "1" b=2 c=x><to>Tove</to><![CDATA[<x>]]>\n<e/>'
       b'<f g="h"/>  text  \n</note></extra>< bad <a b>c</a><?pi x="y"?><!DOCTYPE html>')
XML2 = b'<a><b>\xc3\xa9t\xffe</b><ns:c xmlns:ns="u">d</ns:c><d x="p\\">q</d></a'
HTML = b"<html><body>" + b"compressed text " * 40 + b"</body></html>\n"
MULTIPART = (b"--XyZ\r\nContent-Disposition: form-data;  name=\"f\" ; filename = \"a b.txt\"\r\n"
             b"Content-Type: text/plain\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"n\"\r\n\r\n"
             b"v\r\n--XyZ--\r\n")
bodies = [
    sized(b"application/json", JSON),
    sized(b"text/xml", XML),
    sized(b"application/xml", XML2),
    sized(b"text/html", gzip.compress(HTML, mtime=0), [b"Content-Encoding: gzip"]),
    sized(b"multipart/form-data; boundary=XyZ", MULTIPART),
    sized(b"application/x-www-form-urlencoded", b"a=1&b&c=%41+x&=z"),
    response([b"Content-Type: text/plain", b"Transfer-Encoding: chunked"], b"0\r\n\r\n"),
    sized(b"text/plain", b"not gzip at all", [b"Content-Encoding: gzip"]),
    sized(b"application/json", b'{"a": 1, b": 2}'),
]

recs = []
t = 1700000000
c, s = [10, 0, 0, 1], [10, 0, 0, 2]
for i, resp in enumerate(bodies):
    sport = 40000 + i
    req = b"GET /x HTTP/1.1\r\nHost: a\r\n\r\n"
    for p in (seg(c, s, sport, 80, 1000, 0, 0x02, b""), seg(s, c, 80, sport, 5000, 1001, 0x12, b""),
              seg(c, s, sport, 80, 1001, 5001, 0x18, req),
              seg(s, c, 80, sport, 5001, 1001 + len(req), 0x18, resp)):
        t += 1
        recs.append(struct.pack("<IIII", t, 0, len(p), len(p)) + p)
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1) + b"".join(recs))
