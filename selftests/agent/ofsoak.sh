#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# OpenFlow soak (short): cvsw-ofagent built with ASan and UBSan
# (ofagent/cvsw-ofagent-asan, every error fatal, leaks checked at exit)
# takes OFSOAK_COUNT (default 20000) random and mutated OpenFlow messages
# from OFSOAK_CLIENTS (4) fuzzing clients at once (ofraw.py fuzz, each its
# own seed), while OFSOAK_CONNS (300) more controllers connect and drop in
# five ways (ofraw.py churn) and ovs-ofctl asks for the switch's features
# and flows. Afterwards every client finds the agent alive, the agent
# still installs and dumps a flow for ovs-ofctl, exits 0 on SIGTERM, and
# its sanitizers said nothing. tools/soak.sh sends 100,000.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"

ASAN_AGENT=$CVSW_REPO/ofagent/cvsw-ofagent-asan
COUNT=${OFSOAK_COUNT:-20000}
CLIENTS=${OFSOAK_CLIENTS:-4}
CONNS=${OFSOAK_CONNS:-300}
SEED=${OFSOAK_SEED:-20261208}
T=$AG_TMP

test_init
trap 'rc=$?; agent_cleanup; (exit $rc); test_exit' EXIT
dp_need_tools
agent_need_tools
[ -x "$ASAN_AGENT" ] || fail "the sanitized agent is not built ($ASAN_AGENT: make check builds it)"
setup_pair
dp_reset
echo "# ofsoak: seed $SEED, $COUNT messages from $CLIENTS clients, $CONNS" \
	"connections (replay: OFSOAK_SEED=$SEED OFSOAK_COUNT=$COUNT selftests/run.sh agent/ofsoak)"

rm -f "$T/a.log" "$T/san.log"* "$T/san.err"
# log_path: one report file per process; exitcode: a leak fails the exit
ip netns exec $NS1 env \
	ASAN_OPTIONS="detect_leaks=1:exitcode=66:log_path=$T/san.log" \
	UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1:log_path=$T/san.log" \
	"$ASAN_AGENT" --log-file="$T/a.log" --probe=30 \
	--listen ptcp:$OF_PORT:127.0.0.1 "$IF_A" 2>"$T/san.err" &
AG_PIDS="$AG_PIDS $!"
wait_for 120 grep -q "datapath id" "$T/a.log" || fail "the sanitized agent did not start: $(cat "$T"/san.log* 2>/dev/null | head -5)"

raw() { nsx $NS1 "$DP_PY" "$AG_DIR/ofraw.py" "$@"; }
t0=$(date +%s)
PIDS=""
i=0
while [ $i -lt "$CLIENTS" ]; do
	raw fuzz 127.0.0.1 $OF_PORT $((COUNT / CLIENTS)) $((SEED + i)) >"$T/fuzz-$i.out" 2>&1 &
	PIDS="$PIDS $!"
	i=$((i + 1))
done
raw churn 127.0.0.1 $OF_PORT "$CONNS" "$SEED" >"$T/churn.out" 2>&1 &
PIDS="$PIDS $!"
# a real controller's client beside them
rm -f "$T/stop"
( while [ ! -e "$T/stop" ]; do
	ofctl $NS1 show $SW >/dev/null 2>&1
	ofctl $NS1 dump-flows $SW >/dev/null 2>&1
done ) &
OFCTL_PID=$!
rc=0
for p in $PIDS; do wait "$p" || rc=1; done
touch "$T/stop"
wait $OFCTL_PID
secs=$(( $(date +%s) - t0 + 1 ))
for f in "$T"/fuzz-*.out "$T/churn.out"; do sed -n 's/^/#   /; /^#   \(fuzz\|churn\|FAIL\)/p' "$f"; done
[ $rc = 0 ] && ok "$COUNT messages from $CLIENTS clients and $CONNS connections in $secs s" \
	"($((COUNT / secs)) messages/s): the agent alive for every client" ||
	ko "a client found the agent dead or failed a check"

ofctl $NS1 add-flow $SW "priority=7,udp,tp_dst=9,actions=output:2" || ko "add-flow after the soak"
ofctl_flows $NS1 $SW | grep -q "priority=7,udp,tp_dst=9 actions=output:2" &&
	ok "ovs-ofctl adds and dumps a flow after the soak" || ko "no flow dumped after the soak"
agent_stop; arc=$?
# (the runtime writes to log_path, or to stderr where it cannot)
reports=$(cat "$T"/san.log* 2>/dev/null; grep -A40 -E 'runtime error|Sanitizer' "$T/san.err")
[ $arc = 0 ] && [ -z "$reports" ] && ok "ASan/UBSan/LSan: nothing reported, exit 0" ||
	{ ko "sanitized agent: exit $arc"; echo "$reports" | head -60 | sed 's/^/#   /'; }
exit $TEST_RC
