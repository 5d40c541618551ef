#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Netlink soak (short): NLSOAK_COUNT (default 20000) generic-netlink
# messages of nlsoak.py's policy-aware fuzzer (every command, valid
# skeletons with mutated attributes, random nesting, truncation, lying
# lengths) against NIC A's datapath while ping and iperf3 run between the
# NICs. Every reply must be the predicted ACK or errno (with an extack
# message), the table must equal the fuzzer's model of the accepted
# requests (checked every 5000 messages and at the end), the ping must go
# on during the soak (at most NLSOAK_MAX_LOSS percent lost, default 5) and
# answer afterwards, and no splat. The seed (NLSOAK_SEED, fixed by default)
# is printed so a failure can be replayed. tools/soak.sh runs a million.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
D="$CVSW_REPO/selftests/dp"
. "$D/lib-dp.sh"
test_init
COUNT=${NLSOAK_COUNT:-20000}
SEED=${NLSOAK_SEED:-20261207}
MAX_LOSS=${NLSOAK_MAX_LOSS:-5}
PORT=5311
command -v iperf3 >/dev/null || skip "iperf3 not installed"
setup_pair
dp_reset
echo "# nlsoak: seed $SEED, $COUNT messages (replay: NLSOAK_SEED=$SEED" \
	"NLSOAK_COUNT=$COUNT selftests/run.sh dp/nlsoak)"

TRAFFIC_PIDS=""
LOOP_PID=""
# Background jobs of a non-interactive shell ignore SIGINT: TERM, then KILL.
stop_pid() {
	local i=0
	kill -TERM "$1" 2>/dev/null
	while kill -0 "$1" 2>/dev/null && [ $i -lt 25 ]; do sleep 0.2; i=$((i + 1)); done
	kill -KILL "$1" 2>/dev/null
	wait "$1" 2>/dev/null
}
stop_traffic() {
	local p
	if [ -n "$LOOP_PID" ]; then
		touch "$DP_TMP/stop"
		stop_pid "$(cat "$DP_TMP/iperf.pid" 2>/dev/null)"
		stop_pid "$LOOP_PID"
		LOOP_PID=""
	fi
	for p in $TRAFFIC_PIDS; do stop_pid "$p"; done
	TRAFFIC_PIDS=""
}
# lib.sh's EXIT trap tears the namespaces down; the traffic goes first.
trap 'rc=$?; stop_traffic; (exit $rc); test_exit' EXIT

rm -f "$DP_TMP/stop" "$DP_TMP/iperf.log"
in2 iperf3 -s -p $PORT >"$DP_TMP/iperf-srv.log" 2>&1 &
TRAFFIC_PIDS="$TRAFFIC_PIDS $!"
wait_for 10 sh -c "ip netns exec $NS2 ss -ltn | grep -q :$PORT" ||
	ko "iperf3 server did not start"
# TCP at a modest rate (TCG: the fuzzer needs the CPU too), one run after
# another until told to stop; each run's result line is counted afterwards.
in1 sh -c 'while [ ! -e "$1/stop" ]; do
	iperf3 -c "$2" -p "$3" -t 10 -b 20M -f m >>"$1/iperf.log" 2>&1 &
	echo $! >"$1/iperf.pid"; wait $!; sleep 1; done' sh "$DP_TMP" "$IP4_B" $PORT &
LOOP_PID=$!
in1 ping -O -i 0.1 "$IP4_B" >"$DP_TMP/ping.log" 2>&1 &
TRAFFIC_PIDS="$TRAFFIC_PIDS $!"
sleep 2

t0=$(date +%s)
in1 /usr/bin/python3 "$D/nlsoak.py" --dev "$IF_A" --count "$COUNT" \
	--seed "$SEED" --report "${NLSOAK_REPORT:-30}" || ko "nlsoak.py found failures (seed $SEED)"
t1=$(date +%s)
stop_traffic
echo "# nlsoak: fuzzing took $((t1 - t0)) s"

# The ping during the soak: it went on, within MAX_LOSS percent. Every
# request has a line (-O: "no answer yet for icmp_seq=N" when the next one
# leaves first); lost are the sequence numbers without a reply, but for the
# last two, which may still be on their way.
set -- $(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^icmp_seq=/) {
		s = substr($i, 10) + 0; if (s > max) max = s
		if ($0 ~ /bytes from/) got[s] = 1 } }
	END { n = max - 2; r = 0; lost = ""
		for (s = 1; s <= n; s++) if (s in got) r++; else if (length(lost) < 200) lost = lost s ","
		print (n > 0 ? n : 0), r, lost "." }' "$DP_TMP/ping.log")
tx=$1 rx=$2 lost=$3
if [ "$tx" -gt 0 ] && [ $(( (tx - rx) * 100 )) -le $((MAX_LOSS * tx)) ]; then
	ok "ping during the soak: $rx of $tx answered"
else
	ko "ping during the soak: $rx of $tx answered (at most $MAX_LOSS% may be lost)"
	echo "#   lost icmp_seq: $lost"
fi
runs=$(grep -c receiver "$DP_TMP/iperf.log")
moved=$(awk '/receiver/ { for (i = 1; i < NF; i++) if ($(i + 1) == "MBytes") s += $i }
	END { printf "%d", s }' "$DP_TMP/iperf.log")
if [ "$runs" -gt 0 ] && [ "$moved" -gt 0 ]; then
	ok "iperf3 during the soak: $runs runs, $moved MBytes"
else
	ko "iperf3 during the soak: $runs runs, $moved MBytes"
	tail -5 "$DP_TMP/iperf.log" | sed 's/^/#   /'
fi
if ping_ok $NS1 "$IP4_B"; then ok "ping after the soak"; else ko "ping after the soak"; fi
dp_reset
exit $TEST_RC
