#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""flood.py IF DSTMAC SECS: 64-byte UDP frames to DSTMAC written on IF as
fast as a packet socket takes them (bursts of 200), for SECS seconds;
prints how many were sent."""
import socket
import struct
import sys
import time

ifname, dst, secs = sys.argv[1], sys.argv[2], float(sys.argv[3])
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((ifname, 0))
eth = bytes(int(x, 16) for x in dst.split(":")) + bytes.fromhex("020000000099") + b"\x08\x00"
# a well-formed IPv4 header, checksum included: the frames cross the host's
# bridge, and with br_netfilter (bridge-nf-call-iptables=1) a bridge drops
# IPv4 frames whose header does not check out before it forwards (or even
# learns) them; with a zero checksum none reached NIC A, and the agent saw
# no packet-in from the flood
ip = bytearray.fromhex("4500002e00010000401100000a4d00020a4d0001")
c = sum(struct.unpack("!10H", bytes(ip)))
while c >> 16:
    c = (c & 0xFFFF) + (c >> 16)
ip[10:12] = struct.pack("!H", ~c & 0xFFFF)
ip = bytes(ip)
f = eth + ip + struct.pack("!HHHH", 1234, 5678, 26, 0) + bytes(18)
n = 0
end = time.time() + secs
while time.time() < end:
    for _ in range(200):
        try:
            s.send(f)
            n += 1
        except OSError:
            time.sleep(0.0005)
    time.sleep(0.0005)
print("sent %d" % n)
