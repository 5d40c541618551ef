#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Every kernel allocation of a cvsw request made to fail, one at a time.

    nlfaults.py DEV PEER_IP LOCAL_IP

For each request below, N = 1, 2, 3, ...: /proc/thread-self/fail-nth makes
the N-th allocation (failslab or fail_page_alloc) of the request's send()
fail, until a send() makes fewer than N allocations. The request runs in
that send() (generic netlink is synchronous; a dump's first part too), so
every allocation point on its path fails once: the netlink core's, the
family's, ours.

  flow add       a new flow (UDP to a fresh port)
  flow modify    the flow's actions replaced
  flow delete    the flow, strict
  flow dump      50 flows
  port add       a Geneve tunnel port
  port delete    that port, with a flow naming it
  packet-out     a frame to output:controller, which makes a packet-in
  device get     the device and its reassembly table

After each attempt, with no more failures, the state must agree with the
answer: an error reply leaves no trace (the flow or port absent, the one to
delete still there), an ACK means it happened, and a lost answer (the ACK's
own allocation failed: ENOBUFS on the socket) may mean either. A dump that
succeeds lists all 50 flows. Afterwards the table and ports are as before
the test. Prints one line per request and "FAIL: ..." lines; exit status
0 when none failed. Needs a kernel with CONFIG_FAULT_INJECTION and
failslab / fail_page_alloc (selftests/dp/faults.sh sets them up).
"""
import errno
import os
import select
import struct
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cvswnl as nl  # noqa: E402

U = nl.UAPI
FAILS = []


def tp_dst(fl):
    v = fl["match"].get(U["MATCH_A_TP_DST"])
    return struct.unpack(">H", v)[0] if v else None


def fail(text):
    FAILS.append(text)
    print("FAIL: " + text)


class Faulty:
    """One netlink socket whose sends can carry a fault."""

    def __init__(self, dev):
        self.c = nl.Cvsw()
        self.dp = nl.Dp(self.c, dev)
        self.fd = os.open("/proc/thread-self/fail-nth", os.O_RDWR)

    def send(self, n, cmd, attrs, dump=False):
        """(outcome, errno): outcome "ack", "error", "lost"; and whether
        the n-th allocation was reached."""
        c = self.c
        flags = nl.NLM_F_REQUEST | nl.NLM_F_ACK | (nl.NLM_F_DUMP if dump else 0)
        seq, msg = c.build(c.family, cmd, attrs, flags)
        os.write(self.fd, b"%d" % n)
        try:
            c.s.send(msg)
            sent = True
        except OSError:
            sent = False
        left = int(os.pread(self.fd, 16, 0) or b"0")
        os.write(self.fd, b"0")
        injected = left == 0
        if not sent:
            return "error", errno.ENOMEM, injected, []
        r, _, _ = select.select([c.s], [], [], 10)
        if not r:
            return "lost", 0, injected, []
        try:
            out = c.recv_reply(seq)
            return "ack", 0, injected, out
        except nl.NlError as e:
            return "error", e.errno, injected, []
        except OSError as e:
            if e.errno == errno.ENOBUFS:
                return "lost", e.errno, injected, []
            raise


def drain(c):
    """Answers still queued (a dump cut short) go."""
    while select.select([c.s], [], [], 0.2)[0]:
        c.s.recv(1 << 20)


def sweep(f, name, prepare, request, present, expect_present_on_ack,
          check_out=None, limit=400):
    """Fail allocation 1, 2, ... of request until one is not reached."""
    counts = {"ack": 0, "error": 0, "lost": 0}
    n = 1
    while n <= limit:
        prepare()
        cmd, attrs, dump = request()
        outcome, err, injected, out = f.send(n, cmd, attrs, dump)
        drain(f.c)
        counts[outcome] += 1
        # present None: a request that changes nothing (a dump, a get, a
        # packet-out): only its answer and the checks of its output count
        is_there = present() if present else None
        if present and outcome == "ack" and is_there != expect_present_on_ack:
            fail("%s, allocation %d failed: the kernel said yes, but the state "
                 "says no" % (name, n))
        if present and outcome == "error" and is_there == expect_present_on_ack:
            fail("%s, allocation %d failed: refused (%s), yet it happened"
                 % (name, n, os.strerror(err)))
        if outcome == "ack" and check_out:
            check_out(n, out)
        if not injected:
            break
        n += 1
    else:
        fail("%s: still reaching allocation %d" % (name, limit))
    print("%s: %d allocation points; %d refused, %d answers lost, %d "
          "succeeded anyway" % (name, n - 1, counts["error"], counts["lost"],
                                counts["ack"] - 1))
    return n - 1


def main():
    dev, peer, local = sys.argv[1], sys.argv[2], sys.argv[3]
    f = Faulty(dev)
    dp = f.dp
    D = dp.dev
    flows0 = len(dp.flows())

    def flow_there(port):
        return any(tp_dst(fl) == port for fl in dp.flows())

    def match(port):
        return nl.udp_match(port)

    def flow_add_req(port, out=2):
        return lambda: (U["CMD_FLOW_NEW"],
                        D + nl.flow_attr(match(port), [nl.output(out)], 100),
                        False)

    # ------------------------------------------------------ flow add
    def gone(port):
        return lambda: dp.delete(match(port), 100, strict=True) if flow_there(port) else None
    sweep(f, "flow add", gone(41000), flow_add_req(41000),
          lambda: flow_there(41000), True)
    # --------------------------------------------------- flow modify
    def set_req():
        return (U["CMD_FLOW_SET"],
                D + nl.flow_attr(match(41000), [nl.output(1)], 100,
                                 extra=[nl.flag(U["FLOW_A_STRICT"])]), False)

    def reset_flow():
        dp.delete(match(41000), 100, strict=True) if flow_there(41000) else None
        dp.add(match(41000), [nl.output(2)], 100)

    def modified():
        for fl in dp.flows():
            if tp_dst(fl) == 41000:
                return fl["actions"] != dp_actions_out2
        return False
    reset_flow()
    dp_actions_out2 = [fl for fl in dp.flows()
                       if tp_dst(fl) == 41000][0]["actions"]
    sweep(f, "flow modify", reset_flow, set_req, modified, True)
    # --------------------------------------------------- flow delete
    def del_req():
        return (U["CMD_FLOW_DEL"],
                D + nl.flow_attr(match(41000), None, 100,
                                 extra=[nl.flag(U["FLOW_A_STRICT"])]), False)

    def ensure_flow():
        if not flow_there(41000):
            dp.add(match(41000), [nl.output(2)], 100)
    sweep(f, "flow delete", ensure_flow, del_req,
          lambda: not flow_there(41000), True)
    # ----------------------------------------------------- flow dump
    for p in range(42000, 42050):
        dp.add(match(p), [nl.output(2)], 10)

    def dump_check(n, out):
        got = sum(1 for m in out
                  if (tp_dst(nl.decode_flow(nl.parse_attrs(m)[U["A_FLOW"]][0]))
                      or 0) >= 42000)
        if got != 50:
            fail("flow dump, allocation %d failed: succeeded with %d of 50 "
                 "flows" % (n, got))
    sweep(f, "flow dump", lambda: None,
          lambda: (U["CMD_FLOW_GET"], D, True), None, True, dump_check)
    for p in range(42000, 42050):
        dp.delete(match(p), 10, strict=True)
    # ------------------------------------------------------ port add
    def port_attr(extra=()):
        return nl.nest(U["A_PORT"], nl.string(U["PORT_A_NAME"], "tfault"),
                       *extra)

    def port_there():
        try:
            f.c.cmd(U["CMD_PORT_GET"], D, port_attr())
            return True
        except nl.NlError:
            return False

    def no_port():
        if port_there():
            f.c.cmd(U["CMD_PORT_DEL"], D, port_attr())
    kind = U["PORT_KIND_GENEVE"]
    add_attrs = D + port_attr([nl.u8(U["PORT_A_KIND"], kind),
                               nl.ip4(U["PORT_A_REMOTE_IP"], peer),
                               nl.ip4(U["PORT_A_LOCAL_IP"], local),
                               nl.u64(U["PORT_A_KEY"], 9)])
    sweep(f, "port add", no_port, lambda: (U["CMD_PORT_NEW"], add_attrs, False),
          port_there, True)
    # --------------------------------------------------- port delete
    def with_port():
        if not port_there():
            f.c.cmd(U["CMD_PORT_NEW"], add_attrs)
        pno = nl.get_u(nl.parse_attrs(f.c.cmd(U["CMD_PORT_GET"], D, port_attr())[0][U["A_PORT"]][0])[U["PORT_A_PORT_NO"]][0])
        if not flow_there(43000):
            dp.add(match(43000), [nl.output(pno)], 100)
    sweep(f, "port delete", with_port,
          lambda: (U["CMD_PORT_DEL"], D + port_attr(), False),
          lambda: not port_there() and not flow_there(43000), True)
    no_port()
    if flow_there(43000):
        dp.delete(match(43000), 100, strict=True)
    # ---------------------------------------------------- packet-out
    frame = bytes.fromhex("ffffffffffff020000000001080045000020000100004011"
                          "0000c0a80001c0a80002d431d4310000000000000000")
    pout = D + nl.u16(U["A_IN_PORT"], 1) + nl.nla(U["A_PACKET"], frame) + \
        nl.nest(U["A_ACTIONS"], nl.output(U["PORT_CONTROLLER"], 64))
    sweep(f, "packet-out to the controller", lambda: None,
          lambda: (U["CMD_PACKET_OUT"], pout, False), None, True)
    # ---------------------------------------------------- device get
    sweep(f, "device get", lambda: None, lambda: (U["CMD_DEV_GET"], D, False),
          None, True)

    n = len(dp.flows())
    if n != flows0:
        fail("the table holds %d flows, %d before the test" % (n, flows0))
    if port_there():
        fail("the tunnel port tfault is left over")
    print("nlfaults: %d failures" % len(FAILS))
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
