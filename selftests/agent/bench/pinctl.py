#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The packet-in benchmark's controller: listens on 127.0.0.1:PORT, answers
every PACKET_IN with a PACKET_OUT of its buffer (or data) to port OUT, and
after SECONDS prints "pktin N rate R" (packet-ins per second handled
over those SECONDS).

  pinctl.py PORT OUT SECONDS
"""
import os
import select
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from ofraw import msg, split  # noqa: E402

port, outp, secs = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(4)
c, _ = ls.accept()
c.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
c.sendall(struct.pack("!BBHI", 1, 0, 8, 1))
buf = b""
n = 0
first = last = None
end = None
while True:
    r, _, _ = select.select([c], [], [], 1.0)
    now = time.time()
    if end and now > end:
        break
    if not r:
        continue
    d = c.recv(1 << 20)
    if not d:
        break
    msgs, buf = split(buf + d)
    out = []
    for t, xid, m in msgs:
        if t == 2:      # echo request
            out.append(msg(3, m[8:], xid))
        elif t == 10:   # packet-in
            bid, _, inp = struct.unpack("!IHH", m[8:16])
            data = m[18:] if bid == 0xFFFFFFFF else b""
            act = struct.pack("!HHHH", 0, 8, outp, 0)
            body = struct.pack("!IHH", bid, inp, 8) + act + data
            out.append(msg(13, body, xid))
            n += 1
            if first is None:
                first = now
                end = now + secs
            last = now
    if out:
        c.sendall(b"".join(out))
# the rate over the window measured (SECONDS from the first packet-in, or
# until the connection closed), not from the first to the last packet-in:
# one burst and silence after it is not a rate
dur = (min(time.time(), end) - first) if first else 1
print("pktin %d rate %d" % (n, n / dur), flush=True)
