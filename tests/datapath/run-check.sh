#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Runs the datapath tests and fuzzers and reports TAP:
#   run-check.sh BUILD_DIR FUZZ_SECONDS "TESTS" "FUZZERS"
# Each test program prints numbered TAP lines (tests/tap.h); they are
# renumbered here across programs, followed by one line per valgrind run
# and per fuzz run.
# Ends with "N passed, M failed"; exits non-zero if anything failed.
set -u
B=$1
FUZZ_SECONDS=$2
TESTS=$3
FUZZERS=$4
# A directory per run, so that concurrent runs in one tree do not mix.
RUN=$B/run-$$
RES=$RUN/results.tap
LOG=$RUN/logs
mkdir -p "$LOG"
: > "$RES"

point() {	# status(0=ok) description
	if [ "$1" -eq 0 ]; then
		echo "ok - $2" >> "$RES"
	else
		echo "not ok - $2" >> "$RES"
	fi
}

for t in $TESTS; do
	echo "# running $t" >&2
	"$B/$t" > "$LOG/$t.out" 2>&1
	rc=$?
	grep -E '^(not )?ok [0-9]+ - |^#' "$LOG/$t.out" |
		sed -E 's/^(not )?ok [0-9]+ - /\1ok - /' >> "$RES"
	if [ $rc -ne 0 ] && ! grep -q '^not ok ' "$LOG/$t.out"; then
		tail -n 20 "$LOG/$t.out" | sed 's/^/# /' >> "$RES"
		point 1 "$t exited with status $rc"
	fi
done

for t in $TESTS; do
	if ! command -v valgrind > /dev/null; then
		echo "ok - valgrind $t # SKIP valgrind not installed" >> "$RES"
		continue
	fi
	echo "# running valgrind $t" >&2
	CVSW_TEST_SCALE=20 valgrind -q --fair-sched=yes --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite,indirect \
		"$B/vg/$t" > "$LOG/vg-$t.out" 2>&1
	rc=$?
	if [ $rc -ne 0 ] || grep -q '^not ok' "$LOG/vg-$t.out"; then
		tail -n 30 "$LOG/vg-$t.out" | sed 's/^/# /' >> "$RES"
		point 1 "valgrind: $t (reduced iterations) exit $rc"
	else
		point 0 "valgrind: $t (reduced iterations), no errors or leaks"
	fi
done

for f in $FUZZERS; do
	echo "# fuzzing $f for ${FUZZ_SECONDS}s" >&2
	work=$B/fuzz-work/$f
	mkdir -p "$work" "$B/fuzz-artifacts"
	"$B/fuzz_$f" -max_total_time="$FUZZ_SECONDS" -timeout=20 \
		-rss_limit_mb=2048 -max_len=4096 -print_final_stats=1 \
		-artifact_prefix="$B/fuzz-artifacts/$f-" \
		"$work" "fuzz/corpus/$f" > "$LOG/fuzz-$f.out" 2>&1
	rc=$?
	runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$LOG/fuzz-$f.out")
	if [ $rc -ne 0 ]; then
		grep -E 'ERROR|SUMMARY|abort|step|final|Test unit' \
			"$LOG/fuzz-$f.out" | head -n 20 | sed 's/^/# /' >> "$RES"
		point 1 "fuzz $f: finding (exit $rc), see $LOG/fuzz-$f.out"
	else
		point 0 "fuzz $f: ${FUZZ_SECONDS}s, ${runs:-?} inputs, no finding"
	fi
done

n=0
pass=0
fail=0
out=$RUN/numbered.tap
: > "$out"
while IFS= read -r line; do
	case "$line" in
	"ok - "*)
		n=$((n + 1)); pass=$((pass + 1))
		echo "ok $n - ${line#ok - }" >> "$out" ;;
	"not ok - "*)
		n=$((n + 1)); fail=$((fail + 1))
		echo "not ok $n - ${line#not ok - }" >> "$out" ;;
	*)
		echo "$line" >> "$out" ;;
	esac
done < "$RES"
echo "1..$n"
cat "$out"
if [ "$fail" -eq 0 ] && [ "$n" -gt 0 ]; then
	rm -rf "$RUN"
	echo "$pass passed, $fail failed"
	exit 0
fi
echo "# logs in $LOG"
echo "$pass passed, $fail failed"
exit 1
