#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""OpenFlow 1.0 table semantics on live traffic through NIC A's datapath.

Flows, miss policies and packet-outs go in, and counters and events come
back, through cvsw-shell in the documented flow syntax (dpshell.py):
the checks see what a user of the shell sees."""
import os
import socket
import struct
import time
from dptest import *  # noqa: F403
from dpshell import Monitor, Shell

IF_A, IF_B = os.environ["IF_A"], os.environ["IF_B"]
dp = Shell(IF_A)
FRAME = 14 + 20 + 8 + 18        # Ethernet + IPv4 + UDP + payload


def udp(dport=None, prio=None, extra=""):
    return udp_match(dport, extra, prio)


def flow(match, actions):
    return "%s,actions=%s" % (match, actions)


# 1. counters match the packets sent
dp.flush()
m = udp(5001, 100)
dp.add(flow(m, "normal"))
before = ns2_udp_rx()
send_udp(5001, 20)
f = dp.get(m)
check(f["n_packets"] == 20, "counter: %d packets (sent 20)" % f["n_packets"])
check(f["n_bytes"] == 20 * FRAME, "counter: %d bytes (want %d)" % (f["n_bytes"], 20 * FRAME))
check(ns2_udp_rx() - before == 20, "normal output: B received the 20 datagrams")

# 2. priorities
dp.add(flow(udp(5002, 200), "drop"))
dp.add(flow(udp(None, 10), "normal"))
before = ns2_udp_rx()
send_udp(5002, 5)
check(ns2_udp_rx() == before, "priority 200 drop beats priority 10 normal")
check(dp.get(udp(5002, 200))["n_packets"] == 5, "drop flow counted 5")
send_udp(5003, 5)
check(ns2_udp_rx() - before == 5, "other port falls to priority 10 normal")
check(dp.get(udp(None, 10))["n_packets"] >= 5, "priority 10 flow counted")

# 3. an exact-match entry outranks every wildcard entry
dp.flush()
mac_a, mac_b = mac_of(IF_A), mac_of(IF_B, "cvsw2")
exact = ("priority=1,in_port=1,dl_src=%s,dl_dst=%s,dl_vlan=0xffff,"
         "dl_vlan_pcp=0,udp,nw_tos=0,nw_src=%s,nw_dst=%s,tp_src=40001,"
         "tp_dst=5004" % (mac_a, mac_b, IP4_A, IP4_B))
dp.add(flow(exact, "normal"))
dp.add(flow(udp(None, 65535), "drop"))
dp.add("priority=100,arp,actions=normal")
check(len(dp.get(exact)["match"]) == 12, "the exact entry matches all 12 fields")
before = ns2_udp_rx()
send_udp(5004, 4, sport=40001)
check(ns2_udp_rx() - before == 4, "exact entry (priority 1) beat wildcard drop (65535)")
send_udp(5004, 4, sport=40002)
check(ns2_udp_rx() - before == 4, "other source port hits the wildcard drop")

# 4. check_overlap
dp.flush()
dp.add(flow(udp(6000, 300, "check_overlap"), "normal"))
n = len(dp.flows())
expect_error(lambda: dp.add(flow(udp(None, 300, "check_overlap,nw_dst=" + IP4_B), "drop")),
             "overlap", "overlapping add with check_overlap")
check(len(dp.flows()) == n, "table unchanged after the overlap error")
dp.add(flow(udp(None, 301, "check_overlap,nw_dst=" + IP4_B), "drop"))
check(len(dp.flows()) == n + 1, "different priority does not overlap")

# 5. modify strict vs non-strict; modify of nothing adds
dp.flush()
m1 = udp(7001, 100)
m2 = udp(7001, 200, "nw_dst=" + IP4_B)
dp.add(flow(m1, "drop"))
dp.add(flow(m2, "drop"))
dp.mod(flow(m1, "normal"), strict=True)
check(dp.get(m1)["actions"] and not dp.get(m2)["actions"],
      "modify_strict changed only the flow with equal match and priority")
dp.mod(flow(udp(), "output:2"))
check(all(f["actions"] for f in dp.flows()), "non-strict modify changed every covered flow")
dp.mod(flow(udp(7999, 50), "normal"))
check(len(dp.flows()) == 3, "modify of nothing added a flow")
before = ns2_udp_rx()
send_udp(7001, 3)
check(ns2_udp_rx() - before == 3, "modified actions take effect on traffic")

# 6. delete strict / non-strict / out_port
dp.flush()
dp.add(flow(udp(8001, 100), "output:2"))
dp.add(flow(udp(8002, 100), "drop"))
dp.add(flow(udp(8003, 100), "normal"))
dp.delete(udp(8001, 99), strict=True)
check(len(dp.flows()) == 3, "delete_strict with another priority removed nothing")
dp.delete(udp(extra="out_port=2"))
left = sorted(f["match"]["tp_dst"] for f in dp.flows())
check(left == [8002, 8003], "out_port=2 filter removed only the output:2 flow (left %s)" % left)
dp.delete(udp())
check(len(dp.flows()) == 0, "non-strict delete of 'udp' removed the rest")

# 7. get strict on a missing flow
expect_error(lambda: dp.get(udp(9, 1)), "no flow", "get of a missing flow")

# 8. timeouts with flow-removed events
dp.flush()
with Monitor(IF_A) as mon:
    dp.add_all([flow(udp(9001, 100, "send_flow_rem,hard_timeout=2"), "normal"),
                flow(udp(9002, 100, "send_flow_rem,idle_timeout=2"), "normal"),
                flow(udp(9003, 100, "hard_timeout=2"), "normal")])
    t0 = time.time()
    evs = mon.events("flow_removed", count=2, timeout=6)
    took = (evs[-1][0] if len(evs) == 2 else time.time()) - t0
    late = mon.events("flow_removed", timeout=1)
reasons = sorted(ev["reason"] for _, ev in evs)
check(reasons == ["hard_timeout", "idle_timeout"],
      "flow-removed: idle and hard timeout events (got reasons %s)" % reasons)
got = sorted((ev["flow"]["match"].get("tp_dst"), ev["reason"]) for _, ev in evs + late)
check(got == [(9001, "hard_timeout"), (9002, "idle_timeout")],
      "flow-removed: events of the send_flow_rem flows only (got %s)" % got)
check(took < 3.6, "2 s timeouts expired within %.1f s" % took)
check(len(dp.flows()) == 0, "all three timed-out flows left the table")

# 9. miss policies and packet-in
dp.flush()
with Monitor(IF_A) as mon:
    dp.miss("drop")
    before = ns2_udp_rx()
    send_udp(9100, 3)
    check(ns2_udp_rx() == before, "miss drop: nothing reached B")
    dp.miss("controller")
    send_udp(9101, 3)
    evs = [ev for _, ev in mon.events("packet_in", timeout=2)]
udp_pins = [e for e in evs if len(e["data"]) > 80 and
            bytes.fromhex(e["data"])[23] == 17]
check(len(udp_pins) >= 3, "miss controller: %d UDP packet-in events" % len(udp_pins))
if udp_pins:
    a = udp_pins[0]
    check(a["reason"] == "no_match" and a["in_port"] == 1,
          "packet-in reason no_match, in_port 1")
check(ns2_udp_rx() == before, "miss controller: nothing reached B")
dp.miss("normal")
send_udp(9102, 3)
check(ns2_udp_rx() - before == 3, "miss normal: traffic flows again")


# 10. packet-out onto the wire
def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff


def udp_frame(src_mac, dst_mac, src, dst, sport, dport, payload):
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 1, 0, 64,
                     17, 0, socket.inet_aton(src), socket.inet_aton(dst))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    udp_ = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    macb = lambda m: bytes(int(x, 16) for x in m.split(":"))
    return macb(dst_mac) + macb(src_mac) + b"\x08\x00" + ip + udp_


frame = udp_frame(mac_a, mac_b, IP4_A, IP4_B, 1234, 9200, b"packet-out")
before = ns2_udp_rx()
dp.packet_out(frame, "output:2")
dp.packet_out(frame, "normal")
time.sleep(0.5)
check(ns2_udp_rx() - before == 2, "packet-out output:2 and normal reached B")
expect_error(lambda: dp.packet_out(frame[:10], "output:2"),
             "14 bytes", "packet-out of a 10-byte frame")
done()
