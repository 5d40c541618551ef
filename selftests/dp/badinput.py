#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Bad input: malformed and random netlink messages get errors with an
extack message and leave the table and the device unchanged; reads are open
to everybody, changes need CAP_NET_ADMIN; devices of other network
namespaces are invisible.

The one test on the raw netlink client (cvswnl.py, the ABI read from
kmod/uapi/cvsw.h): libcvsw would never build these requests."""
import os
import sys
from dptest import check, done
from cvswnl import *  # noqa: F403

IF_A = os.environ["IF_A"]
role = sys.argv[1] if len(sys.argv) > 1 else "main"
c = Cvsw()


def expect_error(fn, errno_, text_part, what):
    return expect_nl_error(fn, errno_, text_part, what, check)


def snapshot(dp):
    flows = sorted(repr((f["match"], f["actions"], f["priority"], f["cookie"],
                         f["flags"], f["idle"], f["hard"])) for f in dp.flows())
    info = dp.info()
    dev = {k: info[k] for k in (A_MTU, A_MISS, A_OFFLOADS, A_PACKET_IN_RATE,
                                A_N_FLOWS)}
    return flows, dev


if role == "unprivileged":
    # Runs as nobody without capabilities.
    dp = Dp(c, IF_A)
    check(len(dp.flows()) == 3, "unprivileged dump sees the 3 flows")
    check(A_MTU in dp.info(), "unprivileged device get works")
    expect_error(lambda: dp.add(udp_match(1), []), 1, None, "unprivileged flow add")
    expect_error(lambda: dp.delete(), 1, None, "unprivileged flow delete")
    expect_error(lambda: dp.set(u8(A_MISS, MISS_DROP)), 1, None, "unprivileged device set")
    expect_error(lambda: dp.flush(), 1, None, "unprivileged flush")
    done()

if role == "otherns":
    # Runs in netns cvsw2: sees NIC B only.
    devs = c.devices()
    check(IF_A not in devs or devs[IF_A] != int(os.environ["IDX_A"]),
          "NIC A of cvsw1 is not listed in cvsw2 (%s)" % devs)
    check(len(devs) == 1, "cvsw2 lists exactly its own device")
    expect_error(lambda: c.cmd(CMD_FLOW_GET, u32(A_IFINDEX, int(os.environ["IDX_A"])),
                               dump=True) if int(os.environ["IDX_A"]) not in devs.values() else (_ for _ in ()).throw(NlError(19, "same index")),
                 19, None, "dump of A's flows from cvsw2")
    done()

dp = Dp(c, IF_A)


def base_table():
    dp.flush()
    dp.set(u8(A_MISS, MISS_NORMAL), u32(A_MTU, 1500))
    dp.add(udp_match(1111), [output(2)], 100)
    dp.add(udp_match(2222), [], 200, flags=FLOW_F_SEND_FLOW_REM, extra=[u64(FLOW_A_COOKIE, 0xabc)])
    dp.add([be16(MATCH_A_DL_TYPE, 0x806)], [output(PORT_NORMAL)], 10)
    return snapshot(dp)


snap = base_table()

# Specific bad requests, each with its extack text.
D = u32(A_IFINDEX, dp.idx)
cases = [
    ("vlan id 5000", CMD_FLOW_NEW, D + flow_attr([u16(MATCH_A_DL_VLAN, 5000)], []), 22, "dl_vlan"),
    ("nw_src without dl_type", CMD_FLOW_NEW, D + flow_attr([ip4(MATCH_A_NW_SRC, "1.2.3.4")], []), 22, "dl_type"),
    ("tp_dst without nw_proto", CMD_FLOW_NEW, D + flow_attr([be16(MATCH_A_DL_TYPE, 0x800), be16(MATCH_A_TP_DST, 80)], []), 22, "nw_proto"),
    ("prefix 33", CMD_FLOW_NEW, D + flow_attr([be16(MATCH_A_DL_TYPE, 0x800), ip4(MATCH_A_NW_SRC, "1.2.3.4"), u8(MATCH_A_NW_SRC_PREFIX, 33)], []), 34, None),
    ("prefix without address", CMD_FLOW_NEW, D + flow_attr([be16(MATCH_A_DL_TYPE, 0x800), u8(MATCH_A_NW_DST_PREFIX, 8)], []), 22, "without nw_dst"),
    ("nw_tos with ECN bits", CMD_FLOW_NEW, D + flow_attr([be16(MATCH_A_DL_TYPE, 0x800), u8(MATCH_A_NW_TOS, 3)], []), 22, "ECN"),
    ("output to port 7", CMD_FLOW_NEW, D + flow_attr([], [output(7)]), 22, "output port"),
    ("output to TABLE in a flow", CMD_FLOW_NEW, D + flow_attr([], [output(PORT_TABLE)]), 22, "TABLE"),
    ("vlan vid 4096", CMD_FLOW_NEW, D + flow_attr([], [u16(ACTION_A_SET_VLAN_VID, 4096)]), 34, None),
    ("short MAC", CMD_FLOW_NEW, D + flow_attr([nla(MATCH_A_DL_SRC, b"\1\2\3")], []), 34, None),
    ("unknown match attribute", CMD_FLOW_NEW, D + flow_attr([u32(MATCH_A_MAX + 1, 1)], []), 22, None),
    ("unknown top attribute", CMD_FLOW_NEW, D + u32(A_MAX + 1, 1), 22, None),
    ("reply-only attribute in a request", CMD_FLOW_NEW, D + flow_attr([], [], extra=[u64(FLOW_A_PACKETS, 5)]), 22, None),
    ("flags outside the mask", CMD_FLOW_NEW, D + flow_attr([], [], flags=(FLOW_F_ALL + 1) & ~FLOW_F_ALL), 22, None),
    ("no flow", CMD_FLOW_NEW, D, 22, "missing flow"),
    ("no device", CMD_FLOW_NEW, flow_attr([], []), 22, "no device"),
    ("no such device", CMD_FLOW_NEW, u32(A_IFINDEX, 9999) + flow_attr([], []), 19, "no such device"),
    ("not a cvsw device", CMD_FLOW_NEW, u32(A_IFINDEX, 1) + flow_attr([], []), 95, "not driven by cvsw_net"),
    ("strict on add", CMD_FLOW_NEW, D + flow_attr([], [], extra=[flag(FLOW_A_STRICT)]), 22, "strict"),
    ("miss policy 7", CMD_DEV_SET, D + u8(A_MISS, 7), 34, None),
    ("mtu 20", CMD_DEV_SET, D + u32(A_MTU, 20), 22, "mtu"),
    ("mtu 20 with a valid miss change", CMD_DEV_SET, D + u8(A_MISS, MISS_DROP) + u32(A_MTU, 20), 22, "mtu"),
    ("offload value 2", CMD_DEV_SET, D + nest(A_OFFLOADS, u8(OFFLOAD_A_RX_CSUM, 2)), 34, None),
    ("packet-out without frame", CMD_PACKET_OUT, D + nest(A_ACTIONS, output(2)), 22, "frame"),
    ("packet-out in_port 9", CMD_PACKET_OUT, D + nla(A_PACKET, b"\0" * 60) + u16(A_IN_PORT, 9), 22, "in_port"),
]
for what, cmd, attrs, errno_, text in cases:
    expect_error(lambda: c.request(c.family, cmd, attrs), errno_, text, what)
check(snapshot(dp) == snap, "table and device unchanged after %d bad requests" % len(cases))

# The fuzzer: every refused request must leave everything as it was. A
# random request that happens to be valid may change things: then the base
# table is restored and the fuzzer goes on from there.
refused = accepted = changed_by_refused = 0
count = int(os.environ.get("FUZZ_COUNT", "2000"))
for cmd, attrs, mutating in fuzz_messages(dp.idx, count, 1234):
    try:
        c.request(c.family, cmd, attrs)
    except NlError as e:
        refused += 1
        if mutating and snapshot(dp) != snap:
            changed_by_refused += 1
            print("# refused request changed state: cmd %d attrs %s (%s)" % (cmd, attrs.hex(), e))
            snap = base_table()
        continue
    accepted += 1
    if mutating and snapshot(dp) != snap:
        snap = base_table()
check(changed_by_refused == 0, "fuzzer: %d refused, %d accepted, no refused request changed anything" % (refused, accepted))
check(refused > count // 2, "fuzzer: most of the %d random requests were refused" % count)
snap = base_table()
# The family still works.
dp.add(udp_match(3333), [], 1)
check(len(dp.flows()) == 4, "the family still takes good requests")
dp.delete(udp_match(3333), 1, strict=True)
done()
