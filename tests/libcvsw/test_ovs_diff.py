#!/usr/bin/env python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Differential test of libcvsw's flow syntax against ovs-ofctl.

Texts: the hand-written cases of ovs_flows.txt (aliases, shorthands, forms
of every action, ovs-ofctl's own output) and random flows spelled with
random aliases. For each text T that `ovs-ofctl -O OpenFlow10 parse-flow`
accepts, with C its canonical rewrite:
  1. libcvsw accepts T, unless ovs-ofctl dropped a field whose OpenFlow 1.0
     prerequisite is missing (then libcvsw must see that field as unmet:
     the kernel refuses the flow) or the line is marked as a documented
     difference (docs/libcvsw.md, "Differences from ovs-ofctl");
  2. libcvsw's parse of T equals its parse of C (same canonical text);
  3. libcvsw's canonical text F of T is accepted by ovs-ofctl, which
     rewrites it to C again.
Lines of ovs_flows.txt starting with "!D " are documented differences:
ovs-ofctl must accept them and libcvsw must refuse them (so the list stays
true). Usage: test_ovs_diff.py FLOW_CANON CASES_FILE [N_RANDOM]
"""
import random
import re
import subprocess
import sys

OVS = ["ovs-ofctl", "-O", "OpenFlow10", "parse-flow"]
n_checks = 0
failures = []


def check(cond, what):
    global n_checks
    n_checks += 1
    if not cond:
        failures.append(what)
    return cond


def ovs(text):
    """(canonical text or None, normalized?) from ovs-ofctl."""
    p = subprocess.run(OVS + [text], capture_output=True, text=True)
    if p.returncode:
        return None, False
    for line in p.stdout.splitlines():
        if "_FLOW_MOD" in line and " ADD" in line:
            canon = line.split(" ADD", 1)[1].strip()
            # ovs-ofctl separates the match and actions= with a blank
            return canon, "normalization changed" in p.stderr
    return None, False


def cvsw(helper, texts):
    """libcvsw's (ok, canonical or error, unmet field) for each text."""
    p = subprocess.run([helper], input="".join(t + "\n" for t in texts),
                       capture_output=True, text=True, check=True)
    out = []
    for line in p.stdout.splitlines():
        parts = line.split("\t")
        if parts[0] == "OK":
            out.append((True, parts[1], None if parts[2] == "-" else parts[2]))
        else:
            out.append((False, parts[1], None))
    assert len(out) == len(texts), "flow_canon answered %d of %d" % (len(out), len(texts))
    return out


def set_tunnel(m):
    """One action sets the tunnel id: ovs-ofctl's set_tunnel:V,
    set_tunnel64:V and load:V->NXM_NX_TUN_ID[] (its print of set_field:V->
    tun_id), written as libcvsw writes it: set_tunnel when V fits 32 bits,
    else set_tunnel64 (ovs-ofctl keeps the word it was given)."""
    v = int(m.group(1), 0)
    hexv = "%#x" % v if v else "0"     # C's %#x: 0 is "0"
    return ("set_tunnel:" if v <= 0xffffffff else "set_tunnel64:") + hexv


def normal(t):
    # documented difference: a bare `controller` sends the whole packet in
    # CVSW (max_len 0), ovs-ofctl writes it as CONTROLLER:65535
    t = t.replace("controller:65535", "controller")
    t = re.sub(r"load:(0x[0-9a-f]+|0)->NXM_NX_TUN_ID\[\]", set_tunnel, t)
    return re.sub(r"set_tunnel(?:64)?:(0x[0-9a-f]+|0)", set_tunnel, t)


def same_meaning(a, b):
    return normal(a) == normal(b)


# ---- random texts, spelled with ovs-ofctl's aliases ----

def rmac(r):
    return ":".join("%02x" % r.randrange(256) for _ in range(6))


def rip(r):
    return ".".join(str(r.randrange(256)) for _ in range(4))


def rnet(r):
    a = rip(r)
    return a if r.random() < 0.5 else "%s/%d" % (a, r.randint(1, 32))


def rport(r):
    c = r.random()
    if c < 0.6:
        return str(r.randint(0, 0xfeff))
    return r.choice(["LOCAL", "local", "IN_PORT", "NORMAL", "flood", "ALL",
                     "CONTROLLER"])


def random_flow(r):
    items = []
    proto = r.choice(["none", "ip", "tcp", "udp", "icmp", "sctp", "arp",
                      "rarp", "ipv6", "ip6", "other"])
    nums = {"tcp": 6, "udp": 17, "icmp": 1, "sctp": 132}
    if proto in ("ip",) + tuple(nums):
        if r.random() < 0.7:
            items.append(proto)
        else:
            items.append(r.choice(["dl_type=0x0800", "eth_type=2048"]))
            if proto != "ip":
                items.append(r.choice(["nw_proto", "ip_proto"]) + "=%d" % nums[proto])
    elif proto in ("arp", "rarp", "ipv6", "ip6"):
        items.append(proto)
    elif proto == "other":
        items.append(r.choice(["dl_type", "eth_type"]) + "=0x%04x" % r.randrange(0x600, 0x10000))
    if r.random() < 0.4:
        items.append("in_port=" + rport(r))
    if r.random() < 0.3:
        items.append(r.choice(["dl_src", "eth_src"]) + "=" + rmac(r))
    if r.random() < 0.3:
        items.append(r.choice(["dl_dst", "eth_dst"]) + "=" + rmac(r))
    c = r.random()
    if c < 0.15:
        items.append("dl_vlan=%d" % r.randrange(4096))
        if r.random() < 0.5:
            items.append("dl_vlan_pcp=%d" % r.randrange(8))
    elif c < 0.25:
        items.append("vlan_tci=0x%04x" % (0x1000 | r.randrange(4096) | r.randrange(8) << 13))
    elif c < 0.3:
        items.append(r.choice(["vlan_tci=0", "dl_vlan=0xffff"]))
    ipish = proto in ("ip",) + tuple(nums)
    if ipish or proto == "arp":
        pre = "arp_" if proto == "arp" and r.random() < 0.6 else r.choice(["nw_", "ip_"]) if ipish else "nw_"
        if r.random() < 0.5:
            items.append((pre + "spa" if pre == "arp_" else pre + "src") + "=" + rnet(r))
        if r.random() < 0.5:
            items.append((pre + "tpa" if pre == "arp_" else pre + "dst") + "=" + rnet(r))
    if proto == "arp" and r.random() < 0.4:
        items.append(r.choice(["arp_op", "nw_proto"]) + "=%d" % r.randrange(256))
    if ipish and r.random() < 0.3:
        items.append(r.choice(["nw_tos=%d" % (r.randrange(64) * 4),
                               "ip_dscp=%d" % r.randrange(64)]))
    if proto in nums:
        names = {"tcp": ("tcp_src", "tcp_dst"), "udp": ("udp_src", "udp_dst"),
                 "sctp": ("sctp_src", "sctp_dst"), "icmp": ("icmp_type", "icmp_code")}
        hi = 255 if proto == "icmp" else 65535
        for i in range(2):
            if r.random() < 0.5:
                name = r.choice([names[proto][i], ("tp_src", "tp_dst")[i]])
                items.append("%s=%d" % (name, r.randint(0, hi)))
    if r.random() < 0.2:
        items.append(r.choice(["tun_id", "tunnel_id"]) + "=0x%x" % r.randrange(1 << 64))
    for name in ("tun_src", "tun_dst"):
        if r.random() < 0.1:
            a, plen = rip(r), r.randint(1, 32)
            mask = ".".join(str((0xffffffff << (32 - plen) & 0xffffffff) >> s & 0xff)
                            for s in (24, 16, 8, 0))
            items.append("%s=%s" % (name, r.choice([a, "%s/%d" % (a, plen), "%s/%s" % (a, mask)])))
    r.shuffle(items)
    if r.random() < 0.5:
        items.insert(0, "priority=%d" % r.randrange(65536))
    if r.random() < 0.3:
        items.append("cookie=0x%x" % r.randrange(1 << 64))
    if r.random() < 0.2:
        items.append("idle_timeout=%d" % r.randrange(65536))
    if r.random() < 0.2:
        items.append("hard_timeout=%d" % r.randrange(65536))
    if r.random() < 0.2:
        items.append("send_flow_rem")
    return r.choice([",", " ", ", "]).join(items + ["actions=" + random_actions(r, proto, items)])


def random_actions(r, proto, items):
    if r.random() < 0.1:
        return "drop"
    tagged = any(i.startswith("dl_vlan=") and i != "dl_vlan=0xffff" or
                 i.startswith("vlan_tci=0x1") for i in items)
    ipish = proto in ("ip", "tcp", "udp", "icmp", "sctp")
    acts = []
    for _ in range(r.randint(1, 5)):
        c = r.randrange(17)
        if c == 0:
            acts.append("output:" + rport(r))
        elif c == 1:
            acts.append(str(r.randint(0, 0xfeff)))
        elif c == 2:
            acts.append(r.choice(["normal", "FLOOD", "all", "LOCAL", "in_port",
                                  "controller", "CONTROLLER"]))
        elif c == 3:
            acts.append(r.choice(["controller:%d", "controller(max_len=%d)"]) % r.randrange(65535))
        elif c == 4:
            p, q = r.randint(1, 0xfeff), r.randrange(1 << 32)
            acts.append(r.choice(["enqueue:%d:%d" % (p, q), "enqueue(%d,%d)" % (p, q)]))
        elif c == 5:
            acts.append("mod_vlan_vid:%d" % r.randrange(4096))
        elif c == 6:
            acts.append("mod_vlan_pcp:%d" % r.randrange(8))
        elif c == 7:
            acts.append("strip_vlan")
        elif c == 8:
            acts.append(r.choice(["mod_dl_src:", "mod_dl_dst:"]) + rmac(r))
        elif c == 9:
            acts.append(r.choice(["mod_nw_src:", "mod_nw_dst:"]) + rip(r))
        elif c == 10:
            acts.append("mod_nw_tos:%d" % (r.randrange(64) * 4))
        elif c == 11:
            acts.append(r.choice(["mod_tp_src:", "mod_tp_dst:"]) + str(r.randrange(65536)))
        elif c == 12:
            acts.append("set_field:%s->%s" % (rmac(r), r.choice(["eth_src", "eth_dst", "dl_src", "dl_dst"])))
        elif c == 13 and ipish:
            acts.append(r.choice(["set_field:%s->ip_src", "set_field:%s->ip_dst",
                                  "set_field:%s->nw_src"]) % rip(r))
            if r.random() < 0.5:
                acts.append(r.choice(["set_field:%d->ip_dscp" % r.randrange(64),
                                      "set_field:%d->nw_tos" % (4 * r.randrange(64))]))
        elif c == 14 and proto in ("tcp", "udp"):
            acts.append("set_field:%d->%s_%s" % (r.randrange(65536), proto, r.choice(["src", "dst"])))
        elif c == 15 and tagged:
            acts.append(r.choice(["set_field:%d->vlan_vid" % r.randrange(4096),
                                  "set_field:%d->vlan_pcp" % r.randrange(8)]))
        elif c == 16:
            v = r.choice([r.randrange(1 << 32), r.randrange(1 << 64)])
            acts.append(r.choice(["set_tunnel:%#x", "set_tunnel64:%#x", "set_tunnel:%d",
                                  "set_field:%#x->tun_id", "load:%#x->NXM_NX_TUN_ID[]"]) % v)
    return ",".join(acts) if acts else "drop"


def main():
    helper, cases = sys.argv[1], sys.argv[2]
    n_random = int(sys.argv[3]) if len(sys.argv) > 3 else 400
    texts, documented, differs, pasted = [], set(), set(), []
    for line in open(cases):
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("!D "):
            line = line[3:]
            documented.add(line)
        elif line.startswith("!M "):
            line = line[3:]
            differs.add(line)
        elif line.startswith("!P "):
            pasted.append(line[3:])
            continue
        texts.append(line)
    # a dump-flows line means its flow: the same text without counters
    counters = ("duration=", "table=", "n_packets=", "n_bytes=", "idle_age=", "hard_age=")
    for line in pasted:
        flow = ", ".join(i for i in line.strip().split(", ") if not i.startswith(counters))
        ok, our, _ = cvsw(helper, [line])[0]
        okf, ourf, _ = cvsw(helper, [flow])[0]
        check(ok and okf and our == ourf, "dump-flows line %r: %r, its flow %r: %r" % (line, our, flow, ourf))
        texts.append(flow)
    r = random.Random(8)
    texts += [random_flow(r) for _ in range(n_random)]

    answers = [ovs(t) for t in texts]
    ours = cvsw(helper, texts)
    canons = [a[0] for a in answers if a[0] is not None]
    ours_c = dict(zip(canons, cvsw(helper, canons)))
    n_accepted = n_documented = n_unmet = 0
    for t, (c, normalized), (ok, our, unmet) in zip(texts, answers, ours):
        if t in documented:
            n_documented += 1
            check(c is not None and not ok,
                  "documented difference no longer differs: %r (ovs: %r, ours: %r)" % (t, c, our))
            continue
        if c is None:
            continue        # ovs-ofctl refuses: no claim
        if t in differs:
            n_documented += 1
            check(ok and not same_meaning(our, ours_c[c][1]),
                  "documented difference no longer differs: %r (ovs: %r, ours: %r)" % (t, c, our))
            continue
        n_accepted += 1
        if normalized:
            # ovs-ofctl dropped a field without its prerequisite; CVSW
            # refuses the flow (the kernel, with a message)
            n_unmet += 1
            check(not ok or unmet, "ovs-ofctl dropped a field of %r, but libcvsw sees every prerequisite met (%s)" % (t, our))
            continue
        if not check(ok, "ovs-ofctl accepts %r (%s), libcvsw refuses: %s" % (t, c, our)):
            continue
        okc, ourc, _ = ours_c[c]
        check(okc and same_meaning(our, ourc),
              "%r: libcvsw %r, but ovs-ofctl's rewrite %r is %r for libcvsw" % (t, our, c, ourc))
        c2, _ = ovs(our)
        check(c2 is not None and same_meaning(c2, c),
              "%r: libcvsw's text %r is %r for ovs-ofctl, not %r" % (t, our, c2, c))
    for f in failures[:20]:
        print("FAIL:", f)
    print("%d texts, %d accepted by ovs-ofctl (%d with a dropped field), %d documented differences; %d checks, %d failed"
          % (len(texts), n_accepted, n_unmet, n_documented, n_checks, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
