#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""A controller that says HELLO and then nothing, not even echo replies:
  silent.py PORT SECONDS
Accepts connections on 127.0.0.1:PORT for SECONDS and prints one line per
connection: "conn N open" and "conn N closed after S s" (when the agent
gave up on it)."""
import select
import socket
import struct
import sys
import time

port, secs = int(sys.argv[1]), float(sys.argv[2])
ls = socket.socket()
ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
ls.bind(("127.0.0.1", port))
ls.listen(8)
conns = {}
n = 0
end = time.time() + secs
while time.time() < end:
    r, _, _ = select.select([ls] + list(conns), [], [], 0.2)
    for s in r:
        if s is ls:
            c, _ = ls.accept()
            n += 1
            conns[c] = (n, time.time())
            c.sendall(struct.pack("!BBHI", 1, 0, 8, 1))
            print("conn %d open" % n, flush=True)
            continue
        d = s.recv(65536)
        if not d:
            i, t0 = conns.pop(s)
            print("conn %d closed after %.1f s" % (i, time.time() - t0), flush=True)
            s.close()
