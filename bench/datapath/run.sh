#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Datapath benchmark (not a CI gate): boots one guest and runs
# bench/datapath/guest.sh; prints its report. Needs a built tree
# (./configure && make). Figures go into docs/benchmarks.md by hand.
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
out=${1:-$top/selftests/build/bench-datapath}
mkdir -p "$out"
"$top/selftests/run.sh" --no-build --timeout 3000 --out "$out" \
	--guest-cmd "$top/bench/datapath/guest.sh" >"$out.log" 2>&1 || true
cat "$out/guest-cmd.log"
