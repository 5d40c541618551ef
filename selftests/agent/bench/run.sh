#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cvsw-ofagent benchmark (not a CI gate): one QEMU/TCG guest boot running
# guest-bench.sh: flow install over OpenFlow (ovs-ofctl add-flows of N
# flows) against cvsw-ofagent, Open vSwitch (ovs-vswitchd, kernel
# datapath) and the shell's batch; packet-ins per second to a controller that
# answers each with a packet-out (the packet-outs that ran, and the answers),
# agent and OVS; the agent's RSS.
#
# ROUNDS rounds in one boot, the contenders alternating; the medians are
# reported with every round's figure.
#
# Usage: selftests/agent/bench/run.sh [--flows N] [--secs S] [--rounds R] [--no-build]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
N=100000
S=5
R=3
BUILD=--build
while [ $# -gt 0 ]; do
	case "$1" in
	--flows) N=$2; shift 2 ;;
	--secs) S=$2; shift 2 ;;
	--rounds) R=$2; shift 2 ;;
	--no-build) BUILD=--no-build; shift ;;
	*) echo "usage: $0 [--flows N] [--secs S] [--rounds R] [--no-build]" >&2; exit 2 ;;
	esac
done
OUT="$REPO/selftests/build/out-ofbench"
export CVSW_BENCH_FLOWS=$N CVSW_BENCH_SECS=$S CVSW_BENCH_ROUNDS=$R
"$REPO/selftests/run.sh" $BUILD --out "$OUT" --timeout $((600 + 1200 * R)) \
	--guest-cmd "$HERE/guest-bench.sh"
rc=$?
[ -s "$OUT/bench.txt" ] || { echo "no results in $OUT/bench.txt" >&2; exit 1; }
python3 - "$OUT/bench.txt" <<'PYEOF'
import statistics
import sys
v = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        print(line.rstrip())
        continue
    k, _, x = line.partition(" ")
    try:
        v.setdefault(k, []).append(float(x))
    except ValueError:
        print("# no figure: %s" % line.rstrip())
def med(k):
    return statistics.median(v[k]) if v.get(k) else 0
def runs(k):
    return " ".join("%d" % x for x in v.get(k, []))
def ratio(a, b):
    return "%.2f" % (med(a) / med(b)) if med(b) else "n/a"
print("medians of %d rounds (every round in brackets)" % len(v.get("agent_install_fps", [])))
print("| figure | cvsw-ofagent | Open vSwitch | ratio |")
print("|---|---:|---:|---:|")
print("| flow install, ovs-ofctl add-flows (flows/s) | %d [%s] | %d [%s] | %s |" %
      (med("agent_install_fps"), runs("agent_install_fps"), med("ovs_install_fps"),
       runs("ovs_install_fps"), ratio("agent_install_fps", "ovs_install_fps")))
print("| flow install, the same FLOW_MODs back to back (flows/s) | %d [%s] | %d [%s] | %s |" %
      (med("agent_pipe_fps"), runs("agent_pipe_fps"), med("ovs_pipe_fps"),
       runs("ovs_pipe_fps"), ratio("agent_pipe_fps", "ovs_pipe_fps")))
print("| packet-in -> packet-out, packet-outs that ran (packets/s) | %d [%s] | %d [%s] | %s |" %
      (med("agent_pktout_per_s"), runs("agent_pktout_per_s"), med("ovs_pktout_per_s"),
       runs("ovs_pktout_per_s"), ratio("agent_pktout_per_s", "ovs_pktout_per_s")))
print("| the same, packet-ins the controller answered (packets/s) | %d [%s] | %d [%s] | %s |" %
      (med("agent_pktin_per_s"), runs("agent_pktin_per_s"), med("ovs_pktin_per_s"),
       runs("ovs_pktin_per_s"), ratio("agent_pktin_per_s", "ovs_pktin_per_s")))
print("ovs-ofctl's ceiling (nullsw.py, a switch that only answers): %d flows/s [%s] (agent/ceiling %s)" %
      (med("null_install_fps"), runs("null_install_fps"), ratio("agent_install_fps", "null_install_fps")))
print("shell batch: %d flows/s [%s] (agent/shell %s, back to back %s); agent RSS with %d flows: %d KiB; dump %d flows/s [%s]" %
      (med("shell_batch_fps"), runs("shell_batch_fps"), ratio("agent_install_fps", "shell_batch_fps"),
       ratio("agent_pipe_fps", "shell_batch_fps"),
       med("agent_flows"), med("agent_rss_kb"), med("agent_dump_fps"), runs("agent_dump_fps")))
PYEOF
exit $rc
