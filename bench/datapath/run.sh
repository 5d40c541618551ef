#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Datapath benchmark (not a CI gate): one QEMU/TCG guest boot with cvsw_net
# (selftests/run.sh --guest-cmd bench/datapath/guest.sh). NIC A (ns1) sends
# to NIC B (ns2) across the host bridge. Measures:
#  udp      UDP 64-byte datagrams/s received (iperf3 -u -l 64 -b 0) and
#  tcp      TCP throughput, 1 stream (iperf3),
#           with NIC B's flow table (the receiving NIC's NAPI path) empty
#           (miss normal: the datapath is off), holding 1k + 1 and 100k + 1
#           flows (genflows.py spread: 16 masks none of which the traffic
#           matches, plus priority=1,ip,actions=normal), the states
#           alternating round by round in the one boot; medians, every run,
#           ratio 100k/empty against the targets (UDP >= 0.95, TCP >= 0.9),
#           and checks from the table counters that the traffic really went
#           through the table (and not through it when the table is empty);
#  install  install rate of 100k flows by cvsw-shell flow add-batch against
#           tc -batch adding the same rules as flower filters, and kernel
#           memory per flow.
# Raw lines: OUT/bench.txt; the guest's log: OUT/guest-cmd.log. Figures go
# into docs/benchmarks.md by hand.
#
# Usage: bench/datapath/run.sh [--rounds N] [--time S] [--only udp|tcp|install]...
#                              [--no-build] [--out DIR]
{
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROUNDS=5
T=5
ONLY=
BUILD=yes
OUT=$REPO/selftests/build/bench-datapath
usage() {
	echo "usage: $0 [--rounds N] [--time S] [--only udp|tcp|install]... [--no-build] [--out DIR]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) ROUNDS=$2; shift 2 ;;
	--time) T=$2; shift 2 ;;
	--only)
		case "$2" in udp|tcp|install) ONLY="$ONLY $2" ;; *) usage ;; esac
		shift 2 ;;
	--no-build) BUILD=no; shift ;;
	--out) OUT=$2; shift 2 ;;
	*) usage ;;
	esac
done
ONLY=${ONLY# }
ONLY=${ONLY:-udp tcp install}
case "$ROUNDS$T" in *[!0-9]*) usage ;; esac
if [ "$BUILD" = yes ]; then
	make -C "$REPO" -j2 >/dev/null || { echo "make failed" >&2; exit 1; }
fi
for f in kmod/cvsw_net.ko cvsw-shell/cvsw-shell; do
	[ -e "$REPO/$f" ] || { echo "$f missing: build first (./configure --enable-kmod && make)" >&2; exit 1; }
done

# The flow files are written here, not in the guest (Python under TCG
# takes a while for 100k lines), next to the results dir, which
# selftests/run.sh empties; the guest reads them through the 9p root. Each
# is renamed into place, so a run that is reading them sees whole files.
FLOWS=$REPO/selftests/build/bench-datapath-flows
mkdir -p "$FLOWS"
gen() { # NAME ARGS...
	local name=$1
	shift
	python3 "$HERE/genflows.py" "$@" >"$FLOWS/$name.tmp$$" && mv "$FLOWS/$name.tmp$$" "$FLOWS/$name"
}
gen spread100k spread 100000 && gen cvsw100k cvsw 100000 && gen tc100k tc 100000 @DEV@ ||
	{ echo "genflows.py failed" >&2; exit 1; }

export CVSW_BENCH_ROUNDS=$ROUNDS CVSW_BENCH_T=$T CVSW_BENCH_ONLY="$ONLY"
# Per round: three table states, each with up to two iperf3 runs of T s
# plus their start-up, and 100k flows installed once (slow under TCG).
TIMEOUT=$((900 + ROUNDS * (3 * 2 * (T + 40) + 180)))
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
"$REPO/selftests/run.sh" --no-build --timeout $TIMEOUT --out "$OUT" \
	--guest-cmd "$HERE/guest.sh" >"$OUT.log" 2>&1
rc=$?
ELAPSED=$(( $(date +%s) - START ))
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
[ -s "$OUT/bench.txt" ] || { echo "no results in $OUT/bench.txt (see $OUT.log, $OUT/guest-cmd.log)" >&2; exit 1; }

echo "bench/datapath/run.sh --rounds $ROUNDS --time $T, parts: $ONLY, wall ${ELAPSED}s"
echo "cvsw_net.ko srcversion $(modinfo -F srcversion "$OUT/cvsw_net.ko" 2>/dev/null)," \
	"host load average at start $LOAD0, at end $LOAD1"
echo
python3 "$HERE/report.py" "$OUT/bench.txt"
prc=$?
[ $rc -eq 0 ] || echo "the guest run reported errors (exit $rc): see $OUT.log and $OUT/guest-cmd.log"
[ $rc -eq 0 ] && [ $prc -eq 0 ]
exit
}
