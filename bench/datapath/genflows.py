#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Write N flows for the datapath benchmark, none of which matches its
traffic (10.77.0.1 <-> 10.77.0.2, MACs 52:54:00:c5:00:0a/0b, untagged).

Usage: genflows.py cvsw|tc|spread N [DEV]
  cvsw    flow text syntax, 16 masks that differ only in the nw_dst prefix
          length (/17../32 inside 11.0.0.0/8, plus udp,tp_dst)
  tc      the same N rules as tc flower filters on DEV (install-rate part)
  spread  flow text syntax, N flows over 16 masks made of different fields
          (in_port, dl_src/dl_dst, dl_vlan, dl_type, nw_proto, nw_tos,
          nw_src/nw_dst prefixes, tp ports), rule i on mask i % 16, so that
          any first M lines also cover all 16 masks. Every rule carries a
          field the traffic never has (a MAC 02:ee:..., an address in
          11.0.0.0/8 or a VLAN tag), which is what keeps it from matching."""
import socket
import struct
import sys


def prefix_len_flows(kind, n, dev, out):
    seen = set()
    i = 0
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


# spread: rule k of a mask gets MAC 02:ee:<tag>:k, the k-th /plen prefix of
# 11.0.0.0/8 and ports 1000 + k, all distinct for k < 65536.
def mac(tag, k):
    return "02:ee:%02x:%02x:%02x:%02x" % (tag, k >> 16 & 0xff, k >> 8 & 0xff, k & 0xff)


def net(k, plen):
    addr = (11 << 24) | ((k << (32 - plen)) & 0xffffff)
    return "%s/%d" % (socket.inet_ntoa(struct.pack(">I", addr)), plen)


def port(k):
    return 1000 + k


# One template per mask. Masks are sets of fields and prefix lengths (not
# values), so two templates that differ only in dl_type or nw_proto values
# would share a mask: every line below has a different set.
SPREAD = [
    lambda k: "dl_src=%s" % mac(1, k),
    lambda k: "dl_dst=%s" % mac(2, k),
    lambda k: "dl_src=%s,dl_dst=%s" % (mac(3, k), mac(4, k)),
    lambda k: "in_port=2,dl_src=%s" % mac(5, k),
    lambda k: "dl_vlan=%d,dl_src=%s" % (1 + k % 4094, mac(6, k)),
    lambda k: "ip,nw_src=%s" % net(k, 32),
    lambda k: "ip,nw_dst=%s" % net(k, 24),
    lambda k: "ip,nw_src=%s,nw_dst=%s" % (net(k, 26), net(k, 28)),
    lambda k: "udp,nw_dst=%s,tp_dst=%d" % (net(k, 32), port(k)),
    lambda k: "udp,nw_src=%s,tp_src=%d" % (net(k, 30), port(k)),
    lambda k: "tcp,nw_dst=%s,tp_dst=%d" % (net(k, 27), port(k)),
    lambda k: "tcp,nw_src=%s,tp_src=%d,tp_dst=%d" % (net(k, 29), port(k), port(k)),
    lambda k: "ip,nw_tos=32,nw_dst=%s" % net(k, 30),
    lambda k: "arp,nw_src=%s,nw_dst=%s" % (net(k, 32), net(k, 32)),
    lambda k: "in_port=2,udp,nw_dst=%s,tp_dst=%d" % (net(k, 31), port(k)),
    lambda k: "dl_src=%s,ip,nw_dst=%s" % (mac(7, k), net(k, 32)),
]


def spread_flows(n, out):
    if n > len(SPREAD) * 65536:
        sys.exit("genflows.py: at most %d spread flows" % (len(SPREAD) * 65536))
    for i in range(n):
        k = i // len(SPREAD)
        out.write("priority=100,%s,actions=output:2\n" % SPREAD[i % len(SPREAD)](k))


def main():
    if len(sys.argv) < 3 or sys.argv[1] not in ("cvsw", "tc", "spread"):
        sys.exit("usage: genflows.py cvsw|tc|spread N [DEV]")
    kind, n = sys.argv[1], int(sys.argv[2])
    dev = sys.argv[3] if len(sys.argv) > 3 else "DEV"
    if kind == "spread":
        spread_flows(n, sys.stdout)
    else:
        prefix_len_flows(kind, n, dev, sys.stdout)


main()
