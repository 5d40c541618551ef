#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Where does the guest spend its time? Boots the benchmark guest once and,
# for each driver, samples one iperf3 workload with perf (see
# guest-profile.sh). Profiles land in selftests/build/out-profile/.
#
# Usage: bench/driver/profile.sh [--mode tcp1|tcp4|udp64] [--time S]
#                                [--drivers "virtio_net cvsw_net"]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$HERE/../.." && pwd)
export CVSW_BENCH_MODE=tcp1 CVSW_BENCH_T=8 CVSW_BENCH_DRIVERS="virtio_net cvsw_net"
while [ $# -gt 0 ]; do
	case "$1" in
	--mode) CVSW_BENCH_MODE=$2; shift 2 ;;
	--time) CVSW_BENCH_T=$2; shift 2 ;;
	--drivers) CVSW_BENCH_DRIVERS=$2; shift 2 ;;
	*) echo "usage: $0 [--mode tcp1|tcp4|udp64] [--time S] [--drivers LIST]" >&2; exit 2 ;;
	esac
done
OUT="$REPO/selftests/build/out-profile"
"$REPO/selftests/run.sh" --driver virtio_net --no-build --out "$OUT" \
	--timeout 900 --guest-cmd "$HERE/guest-profile.sh" || exit 1
ls "$OUT"/profile-*.txt
