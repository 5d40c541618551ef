#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write N flows in the flow text syntax, or the same N rules as tc flower
filters, spread over 16 masks (nw_dst /17../32 inside 11.0.0.0/8, plus
udp,tp_dst) so that none matches the benchmark traffic (10.77.0.0/24).
Usage: genflows.py cvsw|tc N DEV"""
import socket
import struct
import sys

kind, n, dev = sys.argv[1], int(sys.argv[2]), sys.argv[3]
seen = set()
i = 0
out = sys.stdout
while len(seen) < n:
    plen = 17 + i % 16
    addr = (11 << 24) | ((i * 2654435761) & 0xffffff)
    mask = (0xffffffff << (32 - plen)) & 0xffffffff
    ip = socket.inet_ntoa(struct.pack(">I", addr & mask))
    port = 1 + i % 65535   # flower refuses dst_port 0
    i += 1
    if (ip, plen, port) in seen:
        continue
    seen.add((ip, plen, port))
    if kind == "cvsw":
        out.write("priority=100,udp,nw_dst=%s/%d,tp_dst=%d,actions=output:2\n"
                  % (ip, plen, port))
    else:
        out.write("filter add dev %s ingress protocol ip pref 100 flower skip_hw "
                  "dst_ip %s/%d ip_proto udp dst_port %d action drop\n"
                  % (dev, ip, plen, port))
