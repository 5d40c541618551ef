#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-or-later
# Runs the OpenFlow codec's fuzzer for a bounded time from the committed
# corpus: run-fuzz.sh BINARY SECONDS CORPUS_DIR. Prints one TAP line.
set -u
bin=$1
secs=$2
corpus=$3
work=$(dirname "$bin")/fuzz-work
log=$(dirname "$bin")/fuzz.log
mkdir -p "$work"
"$bin" -max_total_time="$secs" -timeout=20 -rss_limit_mb=2048 \
	-max_len=4096 -print_final_stats=1 \
	-artifact_prefix="$(dirname "$bin")/crash-" "$work" "$corpus" \
	> "$log" 2>&1
rc=$?
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
if [ $rc -ne 0 ]; then
	grep -E 'ERROR|SUMMARY|abort|Test unit' "$log" | head -n 20 | sed 's/^/# /'
	echo "not ok 1 - fuzz ofmsg: finding (exit $rc), see $log"
	exit 1
fi
echo "ok 1 - fuzz ofmsg: ${secs}s, ${runs:-?} inputs, no finding"
