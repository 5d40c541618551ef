#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fault injection (the debug kernel: failslab and fail_page_alloc; skipped
# on a kernel without them). selftests/dp/nlfaults.py makes each kernel
# allocation of a cvsw request fail in turn through
# /proc/thread-self/fail-nth (flow add, modify, delete, dump; tunnel port
# add and delete; a packet-out to the controller, which makes a packet-in;
# device get): every failure must leave the state as the answer says (an
# error changes nothing, an ACK means done), a dump that succeeds is
# whole, and the table and ports end as they began. Then ping still
# works, no splat, and postcheck's kmemleak scan after rmmod is clean.
# Per task and per request, not a random percentage of everything: a
# failure injected into the guest's 9p root (every exec reads it) leaves
# that filesystem unusable, as the first version of this test found.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"

test_init
T=$DP_TMP
DBG=/sys/kernel/debug
[ -d $DBG/failslab ] || mount -t debugfs none $DBG 2>/dev/null
[ -d $DBG/failslab ] && [ -d $DBG/fail_page_alloc ] && [ -e /proc/thread-self/fail-nth ] ||
	skip "no failslab/fail_page_alloc/fail-nth in this kernel (selftests/run.sh --kernel debug)"

# fail-nth is consulted before the probability, but only for allocations
# the filters let through: sleeping ones too, order 0 pages too, quietly.
SAVED=""
setting() { # FILE VALUE: set, remembering the old value
	SAVED="$SAVED $1=$(cat "$DBG/$1")"
	echo "$2" >"$DBG/$1"
}
restore() {
	local kv
	for kv in $SAVED; do echo "${kv#*=}" >"$DBG/${kv%%=*}"; done
	SAVED=""
}
trap 'rc=$?; restore; (exit $rc); test_exit' EXIT
for f in failslab fail_page_alloc; do
	setting $f/probability 0
	setting $f/verbose 0
	setting $f/ignore-gfp-wait N
	setting $f/task-filter N
done
setting fail_page_alloc/min-order 0
setting fail_page_alloc/ignore-gfp-highmem N

setup_pair
dp_reset
t0=$(date +%s)
in1 "$DP_PY" "$DP_DIR/nlfaults.py" "$IF_A" "$IP4_B" "$IP4_A" >"$T/nlfaults.out" 2>&1
rc=$?
sed 's/^/# /' "$T/nlfaults.out"
restore
[ $rc -eq 0 ] && ok "every allocation of every request failed once: state as answered ($(( $(date +%s) - t0 )) s)" ||
	ko "nlfaults.py found failures (status $rc)"
ping_ok $NS1 $IP4_B && ping_ok $NS2 $IP4_A && ok "ping both ways afterwards" ||
	ko "no ping afterwards"
dmesg_check || TEST_RC=$KSFT_FAIL
exit $TEST_RC
