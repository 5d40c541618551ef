#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""OpenFlow 1.0 table semantics on live traffic through NIC A's datapath."""
import os
import struct
import time
from dptest import *  # noqa: F403

IF_A, IF_B = os.environ["IF_A"], os.environ["IF_B"]
c = Cvsw()
dp = Dp(c, IF_A)
FRAME = 14 + 20 + 8 + 18        # Ethernet + IPv4 + UDP + payload
NORMAL = [output(PORT_NORMAL)]
DROP = []


def flow_of(match, prio):
    return dp.get(match, prio)


# 1. counters match the packets sent
dp.flush()
m = udp_match(5001)
dp.add(m, NORMAL, 100)
before = ns2_udp_rx()
send_udp(5001, 20)
f = flow_of(m, 100)
check(f["packets"] == 20, "counter: %d packets (sent 20)" % f["packets"])
check(f["bytes"] == 20 * FRAME, "counter: %d bytes (want %d)" % (f["bytes"], 20 * FRAME))
check(ns2_udp_rx() - before == 20, "normal output: B received the 20 datagrams")

# 2. priorities
dp.add(udp_match(5002), DROP, 200)
dp.add(udp_match(), NORMAL, 10)
before = ns2_udp_rx()
send_udp(5002, 5)
check(ns2_udp_rx() == before, "priority 200 drop beats priority 10 normal")
check(flow_of(udp_match(5002), 200)["packets"] == 5, "drop flow counted 5")
send_udp(5003, 5)
check(ns2_udp_rx() - before == 5, "other port falls to priority 10 normal")
check(flow_of(udp_match(), 10)["packets"] >= 5, "priority 10 flow counted")

# 3. an exact-match entry outranks every wildcard entry
dp.flush()
mac_a, mac_b = mac_of(IF_A), mac_of(IF_B, "cvsw2")
exact = [u16(M_IN_PORT, 1), mac(M_DL_SRC, mac_a), mac(M_DL_DST, mac_b),
         u16(M_DL_VLAN, 0xffff), u8(M_DL_VLAN_PCP, 0), be16(M_DL_TYPE, 0x800),
         u8(M_NW_TOS, 0), u8(M_NW_PROTO, 17), ip4(M_NW_SRC, IP4_A),
         ip4(M_NW_DST, IP4_B), be16(M_TP_SRC, 40001), be16(M_TP_DST, 5004)]
dp.add(exact, NORMAL, 1)
dp.add(udp_match(), DROP, 65535)
dp.add([be16(M_DL_TYPE, 0x806)], NORMAL, 100)
before = ns2_udp_rx()
send_udp(5004, 4, sport=40001)
check(ns2_udp_rx() - before == 4, "exact entry (priority 1) beat wildcard drop (65535)")
send_udp(5004, 4, sport=40002)
check(ns2_udp_rx() - before == 4, "other source port hits the wildcard drop")

# 4. check_overlap
dp.flush()
dp.add(udp_match(6000), NORMAL, 300, flags=2)
n = len(dp.flows())
expect_error(lambda: dp.add(udp_match(None, [ip4(M_NW_DST, IP4_B)]), DROP, 300, flags=2),
             17, "overlap", "overlapping add with check_overlap")
check(len(dp.flows()) == n, "table unchanged after the overlap error")
dp.add(udp_match(None, [ip4(M_NW_DST, IP4_B)]), DROP, 301, flags=2)
check(len(dp.flows()) == n + 1, "different priority does not overlap")

# 5. modify strict vs non-strict; modify of nothing adds
dp.flush()
m1 = udp_match(7001)
m2 = udp_match(7001, [ip4(M_NW_DST, IP4_B)])
dp.add(m1, DROP, 100)
dp.add(m2, DROP, 200)
dp.modify(m1, NORMAL, 100, strict=True)
check(flow_of(m1, 100)["actions"] and not flow_of(m2, 200)["actions"],
      "modify_strict changed only the flow with equal match and priority")
dp.modify(udp_match(), [output(2)], strict=False)
check(all(f["actions"] for f in dp.flows()), "non-strict modify changed every covered flow")
dp.modify(udp_match(7999), NORMAL, 50)
check(len(dp.flows()) == 3, "modify of nothing added a flow")
before = ns2_udp_rx()
send_udp(7001, 3)
check(ns2_udp_rx() - before == 3, "modified actions take effect on traffic")

# 6. delete strict / non-strict / out_port
dp.flush()
dp.add(udp_match(8001), [output(2)], 100)
dp.add(udp_match(8002), DROP, 100)
dp.add(udp_match(8003), [output(PORT_NORMAL)], 100)
dp.delete(udp_match(8001), 99, strict=True)
check(len(dp.flows()) == 3, "delete_strict with another priority removed nothing")
dp.delete(udp_match(), out_port=2)
left = sorted(struct.unpack(">H", f["match"][M_TP_DST])[0] for f in dp.flows())
check(left == [8002, 8003], "out_port=2 filter removed only the output:2 flow (left %s)" % left)
dp.delete(udp_match())
check(len(dp.flows()) == 0, "non-strict delete of 'udp' removed the rest")

# 7. get strict on a missing flow
expect_error(lambda: dp.get(udp_match(9), 1), 2, "no flow", "get of a missing flow")

# 8. timeouts with flow-removed events
dp.flush()
ev = Cvsw()
ev.subscribe("flow_removed")
dp.add(udp_match(9001), NORMAL, 100, flags=1, extra=[u16(F_HARD, 2)])
dp.add(udp_match(9002), NORMAL, 100, flags=1, extra=[u16(F_IDLE, 2)])
dp.add(udp_match(9003), NORMAL, 100, extra=[u16(F_HARD, 2)])
t0 = time.time()
reasons = []
while len(reasons) < 2 and time.time() - t0 < 6:
    reasons += [get_u(a[A_REASON][0]) for cmd, a in recv_events(ev, 0.2)
                if cmd == CMD_FLOW_REMOVED]
took = time.time() - t0
check(sorted(reasons) == [0, 1], "flow-removed: idle and hard timeout events (got reasons %s)" % reasons)
check(took < 3.6, "2 s timeouts expired within %.1f s" % took)
check(len(dp.flows()) == 0, "all three timed-out flows left the table")

# 9. miss policies and packet-in
dp.flush()
pin = Cvsw()
pin.subscribe("packet_in")
dp.set(u8(A_MISS, 1))
before = ns2_udp_rx()
send_udp(9100, 3)
check(ns2_udp_rx() == before, "miss drop: nothing reached B")
dp.set(u8(A_MISS, 2))
send_udp(9101, 3)
evs = [a for cmd, a in recv_events(pin, 2) if cmd == CMD_PACKET_IN]
udp_pins = [a for a in evs if len(a[A_PACKET][0]) > 40 and a[A_PACKET][0][23] == 17]
check(len(udp_pins) >= 3, "miss controller: %d UDP packet-in events" % len(udp_pins))
if udp_pins:
    a = udp_pins[0]
    check(get_u(a[A_REASON][0]) == 0 and get_u(a[A_IN_PORT][0]) == 1,
          "packet-in reason no_match, in_port 1")
check(ns2_udp_rx() == before, "miss controller: nothing reached B")
dp.set(u8(A_MISS, 0))
send_udp(9102, 3)
check(ns2_udp_rx() - before == 3, "miss normal: traffic flows again")

# 10. packet-out onto the wire
import socket as so
import struct as st


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(st.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp_frame(src_mac, dst_mac, src, dst, sport, dport, payload):
    ip = st.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 1, 0, 64, 17, 0,
                 so.inet_aton(src), so.inet_aton(dst))
    ip = ip[:10] + st.pack("!H", csum(ip)) + ip[12:]
    udp = st.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    macb = lambda m: bytes(int(x, 16) for x in m.split(":"))
    return macb(dst_mac) + macb(src_mac) + b"\x08\x00" + ip + udp


frame = udp_frame(mac_a, mac_b, IP4_A, IP4_B, 1234, 9200, b"packet-out")
before = ns2_udp_rx()
dp.packet_out(frame, PORT_NONE, [output(2)])
dp.packet_out(frame, PORT_NONE, [output(PORT_NORMAL)])
time.sleep(0.5)
check(ns2_udp_rx() - before == 2, "packet-out output:2 and normal reached B")
expect_error(lambda: dp.packet_out(frame[:10], PORT_NONE, [output(2)]), 22,
             "14 bytes", "packet-out of a 10-byte frame")
done()
