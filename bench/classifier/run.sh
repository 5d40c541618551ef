#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Classifier benchmark: timing table, then instruction counts of the lookup
# loops under callgrind.  Results also go to build/results.md.
#   ./run.sh            everything (a few minutes)
#   ./run.sh quick      timing table only
set -eu
cd "$(dirname "$0")"
make -s build/bench
OUT=build/results.md
{
	echo "## Timing ($(date -u '+%Y-%m-%d'), $(nproc) CPUs, $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -n 1))"
	echo
	echo "Load average before the run: $(cut -d" " -f1-3 /proc/loadavg) (the machine is shared)."
	echo
	./build/bench
} | tee "$OUT"
[ "${1:-}" = quick ] && exit 0
if ! command -v valgrind > /dev/null; then
	echo "valgrind not installed: no instruction counts" >&2
	exit 1
fi

ir() {	# what rules masks lookups -> instructions per lookup
	f=build/callgrind.$1.$2.$3
	valgrind --tool=callgrind --instr-atstart=no --callgrind-out-file="$f" \
		./build/bench -C "$1" -r "$2" -m "$3" -l "$4" > /dev/null 2>&1
	tot=$(sed -n 's/^totals: *//p' "$f" | head -n 1)
	rm -f "$f"
	echo "$tot $4" | awk '{ printf "%.0f", $1 / $2 }'
}

{
	echo
	echo "## Instructions per lookup (callgrind, lookup loop only)"
	echo
	echo "Classifier: cache-miss path (cvsw_table_lookup_nocache), 2000 lookups."
	echo "Linear scan: 200 lookups up to 10k rules, 20 at 100k, 5 at 1M (sampled)."
	echo
	echo "| masks | rules | classifier instr/lookup | linear instr/lookup | linear / classifier |"
	echo "|---|---|---|---|---|"
} | tee -a "$OUT"
for m in 1 8 32; do
	rules="10 1000 10000 100000 1000000"
	[ $m -gt 10 ] && rules="10 $m 1000 10000 100000 1000000"
	for r in $rules; do
		c=$(ir cls $r $m 2000)
		case $r in
		100000) nl=20 ;;
		1000000) nl=5 ;;
		*) nl=200 ;;
		esac
		l=$(ir lin $r $m $nl)
		echo "| $m | $r | $c | $l | $(echo "$l $c" | awk '{ r = $1 / $2; printf (r < 10 ? "%.2fx" : "%.0fx"), r }') |" | tee -a "$OUT"
	done
done
