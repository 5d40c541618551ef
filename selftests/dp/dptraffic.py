#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Small traffic generators and sinks for the dp selftests.

  udp-send DST DPORT [--sport P] [--src A] [--count N] [--size B]
           [--nocsum] [--tos T] [--tag S]
      datagrams through the stack (with --nocsum: SO_NO_CHECK, checksum 0)
  udp-batch [--interval S]
      reads lines "DST DPORT SPORT COUNT SIZE [tos=T] [nocsum] [src=A]" on
      stdin and sends each (one process for many cases)
  udp-recv ADDR PORT[,PORT...] COUNT TIMEOUT [--ready FILE]
      prints "port P from IP PORT LEN" per datagram (what the stack
      delivered); stops after COUNT datagrams in all or TIMEOUT
  tcp-sink ADDR PORT TIMEOUT [--ready FILE]
      accepts one connection, prints "peer IP PORT bytes N"
  tcp-send DST DPORT BYTES [--sport P] [--src A] [--timeout T]
      connects, sends BYTES in big writes (so TSO/GSO builds super-packets),
      waits for the peer's close; prints "sent N"
  raw-send IF HEXFRAME [--count N]
      writes a frame on a packet socket (goes through ndo_start_xmit)
  frame udp SRCMAC DSTMAC SRC DST SPORT DPORT LEN [--vlan VID[:PCP]] [--nocsum]
      prints the hex of an Ethernet/IPv4/UDP frame
"""
import argparse
import os
import socket
import struct
import sys
import time

SO_NO_CHECK = 11


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return (~s) & 0xffff


def mac_b(s):
    return bytes(int(x, 16) for x in s.split(":"))


def udp_frame(smac, dmac, src, dst, sport, dport, length, vlan=None,
              nocsum=False, tos=0):
    payload = bytes((i * 7 + 3) & 0xff for i in range(length))
    s, d = socket.inet_aton(src), socket.inet_aton(dst)
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    c = 0 if nocsum else csum(s + d + struct.pack("!BBH", 0, 17, len(udp)) + udp)
    if c == 0 and not nocsum:
        c = 0xffff
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, tos, 20 + len(udp), 0x1234, 0x4000,
                     64, 17, 0, s, d)
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    eth = mac_b(dmac) + mac_b(smac)
    if vlan:
        vid, _, pcp = vlan.partition(":")
        tci = int(vid) | (int(pcp or 0) << 13)
        eth += struct.pack("!HH", 0x8100, tci)
    return eth + b"\x08\x00" + ip + udp


def ready(path):
    if path:
        open(path, "w").close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("cmd")
    ap.add_argument("args", nargs="*")
    ap.add_argument("--sport", type=int, default=0)
    ap.add_argument("--src", default="")
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("--size", type=int, default=64)
    ap.add_argument("--nocsum", action="store_true")
    ap.add_argument("--tos", type=int, default=None)
    ap.add_argument("--tag", default="")
    ap.add_argument("--ready", default="")
    ap.add_argument("--timeout", type=float, default=30)
    ap.add_argument("--vlan", default="")
    ap.add_argument("--interval", type=float, default=0.02)
    o = ap.parse_args()
    a = o.args

    if o.cmd == "udp-send":
        dst, dport = a[0], int(a[1])
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        if o.nocsum:
            s.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
        if o.tos is not None:
            s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, o.tos)
        s.bind((o.src, o.sport))
        body = (o.tag.encode() + bytes(i & 0xff for i in range(o.size)))[:max(o.size, len(o.tag))]
        for _ in range(o.count):
            s.sendto(body, (dst, dport))
            time.sleep(o.interval)
        print("sent %d" % o.count)
    elif o.cmd == "udp-batch":
        for line in sys.stdin:
            w = line.split()
            if not w or w[0].startswith("#"):
                continue
            dst, dport, sport, count, size = w[0], int(w[1]), int(w[2]), int(w[3]), int(w[4])
            opts = dict(x.split("=", 1) if "=" in x else (x, "1") for x in w[5:])
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            if "nocsum" in opts:
                s.setsockopt(socket.SOL_SOCKET, SO_NO_CHECK, 1)
            if "tos" in opts:
                s.setsockopt(socket.IPPROTO_IP, socket.IP_TOS, int(opts["tos"], 0))
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((opts.get("src", ""), sport))
            body = bytes((i * 13 + dport) & 0xff for i in range(size))
            for _ in range(count):
                s.sendto(body, (dst, dport))
                time.sleep(o.interval)
            s.close()
        print("batch sent")
    elif o.cmd == "udp-recv":
        import select
        addr, count, timeout = a[0], int(a[2]), float(a[3])
        socks = {}
        for p in a[1].split(","):
            s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((addr, int(p)))
            socks[s] = int(p)
        ready(o.ready)
        end = time.time() + timeout
        got = 0
        while got < count and time.time() < end:
            r, _, _ = select.select(list(socks), [], [], max(0.05, end - time.time()))
            for s in r:
                data, peer = s.recvfrom(65536)
                print("port %d from %s %d %d" % (socks[s], peer[0], peer[1], len(data)), flush=True)
                got += 1
    elif o.cmd == "tcp-sink":
        addr, port, timeout = a[0], int(a[1]), float(a[2])
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((addr, port))
        s.listen(1)
        s.settimeout(timeout)
        ready(o.ready)
        end = time.time() + timeout
        try:
            c, peer = s.accept()
        except socket.timeout:
            print("no connection")
            return 1
        n = 0
        while time.time() < end:
            c.settimeout(max(0.05, end - time.time()))
            try:
                d = c.recv(1 << 16)
            except socket.timeout:
                break
            if not d:
                break
            n += len(d)
        c.close()
        print("peer %s %d bytes %d" % (peer[0], peer[1], n))
    elif o.cmd == "tcp-send":
        dst, dport, nbytes = a[0], int(a[1]), int(a[2])
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind((o.src, o.sport))
        s.settimeout(o.timeout)
        s.connect((dst, dport))
        chunk = bytes(i & 0xff for i in range(1 << 16))
        left = nbytes
        while left > 0:
            k = min(left, len(chunk))
            s.sendall(chunk[:k])
            left -= k
        s.shutdown(socket.SHUT_WR)
        try:
            while s.recv(4096):
                pass
        except socket.timeout:
            pass
        s.close()
        print("sent %d" % nbytes)
    elif o.cmd == "raw-send":
        ifname, frame = a[0], bytes.fromhex(a[1])
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
        s.bind((ifname, 0))
        for _ in range(o.count):
            s.send(frame)
            time.sleep(o.interval)
        print("sent %d" % o.count)
    elif o.cmd == "frame":
        if a[0] != "udp":
            raise SystemExit("frame: only udp")
        smac, dmac, src, dst = a[1:5]
        sport, dport, ln = int(a[5]), int(a[6]), int(a[7])
        print(udp_frame(smac, dmac, src, dst, sport, dport, ln,
                        o.vlan or None, o.nocsum, o.tos or 0).hex())
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
