#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Tables and checks of bench/datapath/run.sh from the guest's bench.txt
(lines "STATE ROUND METRIC VALUE", "install - METRIC VALUE", "# ...").
Exit status 1 when a check fails: the traffic did not take the path the
state says (through NIC B's table, or not at all with the table empty) or a
table did not hold what was installed. Targets missed are reported, not
failed: this is not a CI gate."""
import statistics
import sys

STATES = [("empty", "empty table"), ("1k", "1k flows/16 masks"),
          ("100k", "100k flows/16 masks")]
# metric, label, divisor, target of 100k/empty
FIGURES = [("udp64_pps", "UDP 64 B received (kpps)", 1e3, 0.95),
           ("tcp_bps", "TCP 1 stream (Mbit/s)", 1e6, 0.90)]
MASKS = 16 + 1          # genflows.py spread + the flow the traffic matches


def load(path):
    runs = {}           # (state, metric) -> {round: value}
    for line in open(path):
        f = line.split()
        if len(f) != 4 or f[0].startswith("#"):
            continue
        runs.setdefault((f[0], f[2]), {})[f[1]] = float(f[3])
    return runs


def figures(runs):
    print("| figure | " + " | ".join(s[1] for s in STATES) +
          " | ratio 100k/empty | target | runs: " +
          " | runs: ".join(s[0] for s in STATES) + " | ratios by round |")
    print("|---|" + "---:|" * len(STATES) + "---:|---|" + "---|" * len(STATES) + "---|")
    for metric, label, div, target in FIGURES:
        per = [runs.get((s, metric), {}) for s, _ in STATES]
        if not any(per):
            continue
        med = [statistics.median(p.values()) / div if p else None for p in per]
        ratio = med[2] / med[0] if med[0] and med[2] else None
        verdict = "n/a" if ratio is None else (
            ">= %.2f, %s" % (target, "met" if ratio >= target else "NOT met"))
        byround = ", ".join("%.2f" % (per[2][r] / per[0][r])
                            for r in sorted(per[0], key=int)
                            if r in per[2] and per[0][r])
        print("| %s | %s | %s | %s | %s | %s |" % (
            label, " | ".join("-" if m is None else "%.1f" % m for m in med),
            "%.3f" % ratio if ratio is not None else "n/a", verdict,
            " | ".join(", ".join("%.1f" % (p[r] / div) for r in sorted(p, key=int))
                       for p in per), byround))


def checks(runs):
    """One line per fact checked, over every round; False if one failed."""
    ok = True

    def check(cond, text):
        nonlocal ok
        ok &= cond
        print("- %s: %s" % ("ok" if cond else "FAILED", text))

    for state, want in (("1k", 1001), ("100k", 100001)):
        flows = runs.get((state, "flows"), {})
        masks = runs.get((state, "masks"), {})
        if flows:
            check(all(v == want for v in flows.values()) and
                  all(v == MASKS for v in masks.values()),
                  "%s tables held %s flows over %s masks (want %d over %d)" % (
                      state, sorted({int(v) for v in flows.values()}),
                      sorted({int(v) for v in masks.values()}), want, MASKS))
    for fig in ("udp64", "tcp"):
        for state, _ in STATES:
            look = runs.get((state, fig + "_lookups"), {})
            if not look:
                continue
            match = runs.get((state, fig + "_matched"), {})
            nic = runs.get((state, fig + "_nic_rx"), {})
            rounds = sorted(look, key=int)
            if state == "empty":
                check(all(look[r] == 0 for r in rounds),
                      "%s, empty table: no table lookups (datapath off), NIC B received %s packets"
                      % (fig, ", ".join("%d" % nic.get(r, 0) for r in rounds)))
                continue
            # Every frame NIC B receives is looked up (lookups also count
            # what B sends: the replies and ACKs).
            check(all(look[r] >= nic.get(r, 0) > 0 for r in rounds),
                  "%s, %s: table lookups >= NIC B rx packets: %s" % (
                      fig, state, ", ".join("%d >= %d" % (look[r], nic.get(r, 0))
                                            for r in rounds)))
            if fig == "udp64":
                got = runs.get((state, "udp64_received"), {})
                # Each datagram the server got matched the udp flow on the
                # way in; more matched than received = lost after the table.
                check(all(match.get(r, 0) >= got.get(r, 0) > 0 for r in rounds),
                      "udp64, %s: matched >= datagrams received: %s" % (
                          state, ", ".join("%d >= %d" % (match.get(r, 0), got.get(r, 0))
                                           for r in rounds)))
            else:
                check(all(match.get(r, 0) > 0 for r in rounds),
                      "tcp, %s: flows matched: %s" % (
                          state, ", ".join("%d" % match.get(r, 0) for r in rounds)))
    return ok


def install(runs):
    inst = {m: v["-"] for (s, m), v in runs.items() if s == "install"}
    if not inst:
        return
    n = 100000
    print("| tool | time | rate |")
    print("|---|---:|---:|")
    cv, tc = inst.get("cvsw_seconds"), inst.get("tc_seconds")
    if cv:
        print("| cvsw-shell flow add-batch (wall time, parsing included) | %.2f s | %d flows/s |"
              % (cv, n / cv))
    lib = inst.get("cvsw_lib_seconds")
    if lib:
        print("| the same, library's own timing of the batch | %.2f s | %d flows/s |"
              % (lib, n / lib))
    if tc:
        print("| tc -batch, flower skip_hw filters on clsact ingress | %.2f s | %d filters/s |"
              % (tc, n / tc))
    if cv and tc:
        print("| ratio cvsw / tc | | %.2fx (target >= 2x) |" % (tc / cv))
    if "cvsw_kmem_bytes_per_flow" in inst:
        print()
        print("Kernel memory per flow (100k flows): %d bytes in slab + per-CPU + vmalloc, "
              "%d bytes by free memory (target <= 512)." % (
                  inst["cvsw_kmem_bytes_per_flow"], inst["cvsw_mem_bytes_per_flow"]))


def main():
    runs = load(sys.argv[1])
    figures(runs)
    print()
    print("Checks (NIC B's table counters and NIC counters around each run):")
    ok = checks(runs)
    print()
    install(runs)
    return 0 if ok else 1


sys.exit(main())
