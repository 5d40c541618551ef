#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Fault injection (the debug kernel only: failslab and fail_page_alloc;
# skipped on a kernel without them). Kernel allocations fail at
# FAULTS_PCT percent (default 10) for the cvsw-shell processes that
#   - add 300 flows one by one,
#   - dump them 20 times,
#   - add and delete a tunnel port 40 times;
# every failure must come back as an error with a message, and afterwards
# (no more failures) the table must hold every flow whose add succeeded
# and at most those whose add failed too (an add can succeed in the
# kernel and still fail on its way back: the ACK's allocation), a dump
# that succeeded must have listed them all, no tunnel port may be left
# over, and deleting the flows empties the table. Then for 10 s atomic
# allocations fail at 2% everywhere (FAULTS_ATOMIC_TIMES at most, 300)
# while table misses go to the controller, a monitor listens and a ping
# runs: the receive path, its refill and the packet-in path lose what
# they must and recover. No splat; postcheck's kmemleak scan after rmmod
# finds nothing.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
T=$DP_TMP
DBG=/sys/kernel/debug
PCT=${FAULTS_PCT:-10}
ATOMIC_TIMES=${FAULTS_ATOMIC_TIMES:-300}
[ -d $DBG/failslab ] || mount -t debugfs none $DBG 2>/dev/null
[ -d $DBG/failslab ] && [ -d $DBG/fail_page_alloc ] ||
	skip "no failslab/fail_page_alloc in this kernel (selftests/run.sh --kernel debug)"

inject_off() {
	for f in failslab fail_page_alloc; do
		echo 0 >$DBG/$f/probability
		echo 0 >$DBG/$f/times
	done
}
# inject task|atomic PERCENT TIMES
inject() {
	for f in failslab fail_page_alloc; do
		echo 0 >$DBG/$f/probability
		echo 1 >$DBG/$f/interval
		echo 0 >$DBG/$f/space
		echo 0 >$DBG/$f/verbose
		echo "$3" >$DBG/$f/times
		if [ "$1" = task ]; then
			echo Y >$DBG/$f/task-filter
			echo N >$DBG/$f/ignore-gfp-wait
		else
			echo N >$DBG/$f/task-filter
			echo Y >$DBG/$f/ignore-gfp-wait
		fi
		echo "$2" >$DBG/$f/probability
	done
	echo 0 >$DBG/fail_page_alloc/min-order
	echo N >$DBG/fail_page_alloc/ignore-gfp-highmem
}
trap 'rc=$?; inject_off; dp_monitor_stop; (exit $rc); test_exit' EXIT

# faulty NS ARGS...: cvsw-shell ARGS in NS with this task's allocations
# failing (make-it-fail is inherited by exec and by children)
faulty() {
	local ns=$1
	shift
	sh -c 'echo 1 >/proc/self/make-it-fail && exec ip netns exec "$0" "$@"' "$ns" "$DP_SH" "$@"
}

setup_pair
dp_reset
inject task "$PCT" -1

# ---------------------------------------------------------- flow adds
ok_adds=0 bad_adds=0 silent=0
i=0
while [ $i -lt 300 ]; do
	if faulty $NS1 flow add "$IF_A" "priority=5,udp,tp_dst=$((40000 + i)),actions=output:2" \
		>/dev/null 2>"$T/err"; then
		ok_adds=$((ok_adds + 1))
		echo $((40000 + i)) >>"$T/added"
	else
		bad_adds=$((bad_adds + 1))
		[ -s "$T/err" ] || silent=$((silent + 1))
	fi
	i=$((i + 1))
done
# ------------------------------------------------------------- dumps
ok_dumps=0 bad_dumps=0 short=0
i=0
while [ $i -lt 20 ]; do
	if faulty $NS1 flow dump "$IF_A" >"$T/dump" 2>"$T/err"; then
		ok_dumps=$((ok_dumps + 1))
		[ "$(grep -c 'tp_dst=4[0-9]*' "$T/dump")" -ge "$ok_adds" ] || short=$((short + 1))
	else
		bad_dumps=$((bad_dumps + 1))
		[ -s "$T/err" ] || silent=$((silent + 1))
	fi
	i=$((i + 1))
done
# ------------------------------------------------------- tunnel ports
ok_tun=0 bad_tun=0
i=0
while [ $i -lt 40 ]; do
	if faulty $NS1 tunnel add "$IF_A" tf type=geneve remote_ip=$IP4_B local_ip=$IP4_A key=9 \
		>/dev/null 2>"$T/err"; then
		ok_tun=$((ok_tun + 1))
	else
		bad_tun=$((bad_tun + 1))
		[ -s "$T/err" ] || silent=$((silent + 1))
	fi
	# the delete fails too at times: retry it without faults
	faulty $NS1 tunnel del "$IF_A" tf >/dev/null 2>&1 ||
		dp_sh $NS1 tunnel del "$IF_A" tf >/dev/null 2>&1
	i=$((i + 1))
done
inject_off
log "flow adds: $ok_adds succeeded, $bad_adds failed; dumps: $ok_dumps complete, $bad_dumps failed; tunnel adds: $ok_tun succeeded, $bad_tun failed"
[ $bad_adds -gt 0 ] && [ $bad_dumps -gt 0 ] && [ $bad_tun -gt 0 ] &&
	ok "allocations failed in every kind of request" ||
	ko "some kind of request never met a failure ($PCT% was too little?)"
[ $silent -eq 0 ] && ok "every failure came with an error message" ||
	ko "$silent failures without a message"
[ $short -eq 0 ] && ok "every dump that succeeded listed all the flows" ||
	ko "$short dumps succeeded but listed fewer flows than were added"

# The table: every flow whose add succeeded, and no more than were tried.
dp_sh $NS1 flow dump "$IF_A" >"$T/final" || ko "flow dump without faults"
have=$(grep -c 'tp_dst=4[0-9]*' "$T/final")
missing=0
for p in $(cat "$T/added" 2>/dev/null); do
	grep -q "tp_dst=$p[ ,]" "$T/final" || missing=$((missing + 1))
done
[ $missing -eq 0 ] && [ "$have" -le 300 ] &&
	ok "the table holds every flow added ($ok_adds) and $((have - ok_adds)) whose add reported a failure on its way back" ||
	ko "the table: $have flows, $missing of the $ok_adds added are missing"
names=$(tun_py $NS1 names "$IF_A" | tr '\n' ' ')
[ -z "$names" ] && ok "no tunnel port left over" || ko "tunnel ports left over: $names"
dp_flush $NS1 "$IF_A" >/dev/null
n=$(dp_sh $NS1 --json show device "$IF_A" | "$DP_PY" -c 'import json, sys; print(json.load(sys.stdin)["n_flows"])')
[ "$n" -eq 0 ] && ok "flushed: the table counts 0 flows" || ko "flushed, the table still counts $n"

# ------------------------------------------ atomic allocations, globally
dp_miss $NS2 "$IF_B" controller >/dev/null
dp_sh $NS2 set device "$IF_B" packet-in-rate 100000 >/dev/null
dp_monitor_start $NS2 "$IF_B" "$T/monitor.json" || fail "the monitor did not start"
in1 ping -i 0.02 -w 12 "$IP4_B" >"$T/ping.log" 2>&1 &
ppid=$!
sleep 1
inject atomic 2 "$ATOMIC_TIMES"
sleep 10
inject_off
wait $ppid
dp_miss $NS2 "$IF_B" normal >/dev/null
log "packet-ins seen: $(grep -c '"packet_in"' "$T/monitor.json"), $(grep -c '"events_lost"' "$T/monitor.json") events-lost notes"
dp_monitor_stop
ping_ok $NS1 $IP4_B && ping_ok $NS2 $IP4_A && ok "ping both ways after the atomic failures" ||
	ko "no ping after the atomic failures"
dmesg_check || TEST_RC=$KSFT_FAIL
exit $TEST_RC
