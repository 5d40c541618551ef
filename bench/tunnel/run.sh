#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tunnel benchmark (not a CI gate): one QEMU/TCG guest boot
# (selftests/run.sh --guest-cmd bench/tunnel/guest.sh). TCP throughput NIC
# A -> NIC B (iperf3, 1 stream) over an overlay through each contender:
# no tunnel (cvsw_net and virtio_net); CVSW tunnel ports of the five kinds;
# a Linux vxlan device over cvsw_net (empty tables) and over the stock
# virtio_net; Open vSwitch's kernel datapath with a VXLAN port over
# virtio_net. Contenders alternate within each round (the order flips
# every round, the driver is swapped by rmmod/modprobe); medians and every
# run, the issue's target ratios, and checks that each run's traffic took
# its tunnel (the tunnel's own transmit counter moved).
# Raw lines: OUT/bench.txt; the guest's log: OUT/guest-cmd.log. Figures go
# into docs/benchmarks.md by hand.
#
# Usage: bench/tunnel/run.sh [--rounds N] [--time S] [--only "CONTENDER..."]
#                            [--no-build] [--out DIR]
{
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
ROUNDS=3
T=5
ONLY=
BUILD=yes
OUT=$REPO/selftests/build/bench-tunnel
usage() {
	echo "usage: $0 [--rounds N] [--time S] [--only \"CONTENDER...\"] [--no-build] [--out DIR]" >&2
	exit 2
}
while [ $# -gt 0 ]; do
	case "$1" in
	--rounds) ROUNDS=$2; shift 2 ;;
	--time) T=$2; shift 2 ;;
	--only) ONLY=$2; shift 2 ;;
	--no-build) BUILD=no; shift ;;
	--out) OUT=$2; shift 2 ;;
	*) usage ;;
	esac
done
case "$ROUNDS$T" in *[!0-9]*) usage ;; esac
if [ "$BUILD" = yes ]; then
	make -C "$REPO" -j2 >/dev/null || { echo "make failed" >&2; exit 1; }
fi
for f in kmod/cvsw_net.ko cvsw-shell/cvsw-shell; do
	[ -e "$REPO/$f" ] || { echo "$f missing: build first (./configure --enable-kmod && make)" >&2; exit 1; }
done
for c in ovs-vswitchd ovsdb-server iperf3; do
	command -v $c >/dev/null || { echo "$c missing: tools/install-deps.sh" >&2; exit 1; }
done

export CVSW_BENCH_ROUNDS=$ROUNDS CVSW_BENCH_T=$T CVSW_BENCH_ONLY="$ONLY"
# Per round: 10 contenders, each a fresh pair of namespaces, its set-up
# (OVS: two databases and daemons) and one iperf3 run of T s, and two
# driver swaps.
TIMEOUT=$((900 + ROUNDS * (10 * (T + 60) + 120)))
START=$(date +%s)
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)
mkdir -p "$(dirname "$OUT")"
"$REPO/selftests/run.sh" --no-build --timeout $TIMEOUT --out "$OUT" \
	--guest-cmd "$HERE/guest.sh" >"$OUT.log" 2>&1
rc=$?
ELAPSED=$(( $(date +%s) - START ))
LOAD1=$(cut -d' ' -f1-3 /proc/loadavg)
[ -s "$OUT/bench.txt" ] || { echo "no results in $OUT/bench.txt (see $OUT.log, $OUT/guest-cmd.log)" >&2; exit 1; }

echo "bench/tunnel/run.sh --rounds $ROUNDS --time $T${ONLY:+ --only \"$ONLY\"}, wall ${ELAPSED}s"
echo "cvsw_net.ko srcversion $(modinfo -F srcversion "$OUT/cvsw_net.ko" 2>/dev/null)," \
	"host load average at start $LOAD0, at end $LOAD1"
echo
python3 "$HERE/report.py" "$OUT/bench.txt"
prc=$?
[ $rc -eq 0 ] || echo "the guest run reported errors (exit $rc): see $OUT.log and $OUT/guest-cmd.log"
[ $rc -eq 0 ] && [ $prc -eq 0 ]
exit
}
