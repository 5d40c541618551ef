#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Table, target ratios and checks of bench/tunnel/run.sh from the guest's
bench.txt (lines "CONTENDER ROUND METRIC VALUE", "# ..."). Exit status 1
when a check fails: a run without a result, or whose traffic did not take
its tunnel. Targets missed are reported, not failed: not a CI gate."""
import statistics
import sys

CONTENDERS = [
    ("none", "no tunnel (cvsw_net, empty tables)"),
    ("cvsw-vxlan", "CVSW VXLAN"),
    ("cvsw-geneve", "CVSW Geneve"),
    ("cvsw-nvgre", "CVSW NVGRE"),
    ("cvsw-stt", "CVSW STT"),
    ("cvsw-sclp", "CVSW VXLAN over SCLP"),
    ("linux-vxlan-cvsw", "Linux vxlan device over cvsw_net (empty tables)"),
    ("none-virtio", "no tunnel (virtio_net)"),
    ("linux-vxlan-virtio", "Linux vxlan device over virtio_net"),
    ("ovs-vxlan", "Open vSwitch kernel datapath, VXLAN port (virtio_net)"),
]
# (numerator, denominator, target, what the issue asks)
TARGETS = [
    ("cvsw-vxlan", "linux-vxlan-virtio", 1.0, "CVSW VXLAN >= 1.0x the Linux vxlan device"),
    ("cvsw-vxlan", "linux-vxlan-cvsw", 1.0, "the same, the Linux device over cvsw_net"),
    ("cvsw-stt", "cvsw-vxlan", 1.5, "STT >= 1.5x CVSW VXLAN"),
    ("cvsw-stt", "none", 0.8, "STT >= 0.8x no tunnel"),
    ("cvsw-sclp", "cvsw-vxlan", 1.3, "SCLP >= 1.3x CVSW VXLAN"),
    ("cvsw-vxlan", "ovs-vxlan", 1.0, "CVSW VXLAN >= 1.0x OVS's VXLAN port"),
]


def load(path):
    runs = {}
    for line in open(path):
        f = line.split()
        if len(f) != 4 or f[0].startswith("#"):
            continue
        runs.setdefault((f[0], f[2]), {})[f[1]] = float(f[3])
    return runs


def med(runs, c):
    v = runs.get((c, "tcp_bps"), {})
    return statistics.median(v.values()) / 1e6 if v else None


def main():
    runs = load(sys.argv[1])
    print("| contender | TCP Mbit/s (median) | runs (Mbit/s) |")
    print("|---|---:|---|")
    for c, label in CONTENDERS:
        v = runs.get((c, "tcp_bps"), {})
        if not v:
            continue
        print("| %s | %.1f | %s |" % (label, med(runs, c), ", ".join(
            "%.1f" % (v[r] / 1e6) for r in sorted(v, key=int))))
    print()
    print("| target | ratio of medians | ratios by round | verdict |")
    print("|---|---:|---|---|")
    for num, den, target, what in TARGETS:
        a, b = med(runs, num), med(runs, den)
        if a is None or b is None or not b:
            continue
        va, vb = runs[(num, "tcp_bps")], runs[(den, "tcp_bps")]
        byr = ", ".join("%.2f" % (va[r] / vb[r]) for r in sorted(va, key=int)
                        if r in vb and vb[r])
        print("| %s | %.2f | %s | %s |" % (what, a / b, byr,
                                          "met" if a / b >= target else "NOT met"))
    print()
    print("Checks (every run has a result; the tunnel's own transmit counter moved):")
    ok = True
    for c, _ in CONTENDERS:
        bps = runs.get((c, "tcp_bps"), {})
        if not bps:
            continue
        via = runs.get((c, "via_packets"), {})
        good = all(bps[r] > 0 and via.get(r, 0) > 100 for r in bps)
        ok &= good
        print("- %s: %s: packets sent through it per run: %s" % (
            "ok" if good else "FAILED", c,
            ", ".join("%d" % via.get(r, 0) for r in sorted(bps, key=int))))
    return 0 if ok else 1


sys.exit(main())
