#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cvsw-ofagent benchmark (not a CI gate): one QEMU/TCG guest boot running
# guest-bench.sh: flow install over OpenFlow (ovs-ofctl add-flows of N
# flows) against cvsw-ofagent, Open vSwitch (ovs-vswitchd, kernel
# datapath) and the shell's batch; packet-ins per second to a controller that
# answers each with a packet-out, agent and OVS; the agent's RSS.
#
# Usage: selftests/agent/bench/run.sh [--flows N] [--secs S] [--no-build]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../../.." && pwd)
N=100000
S=5
BUILD=--build
while [ $# -gt 0 ]; do
	case "$1" in
	--flows) N=$2; shift 2 ;;
	--secs) S=$2; shift 2 ;;
	--no-build) BUILD=--no-build; shift ;;
	*) echo "usage: $0 [--flows N] [--secs S] [--no-build]" >&2; exit 2 ;;
	esac
done
OUT="$REPO/selftests/build/out-ofbench"
export CVSW_BENCH_FLOWS=$N CVSW_BENCH_SECS=$S
"$REPO/selftests/run.sh" $BUILD --out "$OUT" --timeout 3000 \
	--guest-cmd "$HERE/guest-bench.sh"
rc=$?
[ -s "$OUT/bench.txt" ] || { echo "no results in $OUT/bench.txt" >&2; exit 1; }
python3 - "$OUT/bench.txt" <<'PYEOF'
import sys
v = {}
for line in open(sys.argv[1]):
    if line.startswith("#"):
        print(line.rstrip())
        continue
    k, _, x = line.partition(" ")
    v[k] = float(x or 0)
def ratio(a, b):
    return "%.2f" % (v.get(a, 0) / v[b]) if v.get(b) else "n/a"
print("| figure | cvsw-ofagent | Open vSwitch | ratio |")
print("|---|---:|---:|---:|")
print("| flow install, ovs-ofctl add-flows (flows/s) | %d | %d | %s |" %
      (v.get("agent_install_fps", 0), v.get("ovs_install_fps", 0),
       ratio("agent_install_fps", "ovs_install_fps")))
print("| packet-in -> packet-out (packets/s) | %d | %d | %s |" %
      (v.get("agent_pktin_per_s", 0), v.get("ovs_pktin_per_s", 0),
       ratio("agent_pktin_per_s", "ovs_pktin_per_s")))
print("shell batch: %d flows/s (agent/shell %s); agent RSS with %d flows: %d KiB; dump %d flows/s" %
      (v.get("shell_batch_fps", 0), ratio("agent_install_fps", "shell_batch_fps"),
       v.get("agent_flows", 0), v.get("agent_rss_kb", 0), v.get("agent_dump_fps", 0)))
PYEOF
exit $rc
