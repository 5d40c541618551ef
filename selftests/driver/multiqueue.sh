#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Multiqueue: ethtool -L combined N changes the real queue count (sysfs
# queues/ follows), several TCP flows sent from both CPUs (the driver's
# XPS maps CPU i to tx queue i, see affinity.sh) move the per-queue tx
# counters of ethtool -S on more than one queue; with combined 1 only
# queue 0 moves and traffic still flows.
. "$(dirname "$0")/lib.sh"
test_init
IPERF_T=4
Q=$CVSW_QUEUES
[ "$(nproc)" -ge 2 ] || skip "needs 2 CPUs"
setup_pair

nq() { ip netns exec $1 sh -c "ls -d /sys/class/net/$2/queues/$3-* | wc -l"; }
combined() { ip netns exec $1 ethtool -l $2 | awk -v w=$3 '/^Pre-set maximums/ { s = "max" } /^Current hardware/ { s = "cur" } /^Combined:/ && s == w { print $2 }'; }

for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
	set -- $p
	mx=$(combined $1 $2 max)
	[ "$mx" = "$Q" ] && ok "$2 max combined $mx" || ko "$2 max combined '$mx', want $Q"
	ip netns exec $1 ethtool -L $2 combined $Q || ko "ethtool -L $2 combined $Q"
	cur=$(combined $1 $2 cur)
	[ "$cur" = "$Q" ] && ok "$2 combined $cur" || ko "$2 combined '$cur' after -L $Q"
	[ "$(nq $1 $2 tx)" = "$Q" ] && [ "$(nq $1 $2 rx)" = "$Q" ] && ok "$2 has $Q tx and rx queues" ||
		ko "$2 has $(nq $1 $2 tx) tx / $(nq $1 $2 rx) rx queues, want $Q"
	ip netns exec $1 ethtool -L $2 combined $((Q + 1)) 2>/dev/null && ko "$2 accepted combined $((Q + 1)) > max"
done
[ -n "$(queue_stats $NS1 "$IF_A")" ] || fail "ethtool -S $IF_A has no per-queue packet counters (tx_queue_N_packets)"

# run_flows: two iperf3 clients pinned on CPU 0 and CPU 1, 2 flows each.
run_flows() {
	iperf_server $NS2 5250 && iperf_server $NS2 5251 || { ko "iperf3 servers"; return 1; }
	ip netns exec $NS1 taskset -c 0 iperf3 -c $IP4_B -p 5250 -t $IPERF_T -P 2 -J >/tmp/mq0.json 2>&1 &
	p0=$!
	ip netns exec $NS1 taskset -c 1 iperf3 -c $IP4_B -p 5251 -t $IPERF_T -P 2 -J >/tmp/mq1.json 2>&1 &
	p1=$!
	r=0
	wait $p0 || r=1
	wait $p1 || r=1
	wait 2>/dev/null
	b0=$(iperf_summary /tmp/mq0.json); b1=$(iperf_summary /tmp/mq1.json)
	[ $r = 0 ] && [ "${b0%% *}" -gt 0 ] && [ "${b1%% *}" -gt 0 ] && ok "flows done: $(mbps ${b0%% *}) + $(mbps ${b1%% *}) Mbit/s" ||
		{ ko "iperf3 flows failed: $b0 / $b1"; return 1; }
}
# moved DIR BEFORE AFTER -> number of queues whose counter grew by >= 100
moved() {
	printf '%s\n--\n%s\n' "$2" "$3" | awk -v d=$1 '
		/^--$/ { after = 1; next }
		$1 != d { next }
		!after { b[$2] = $3; next }
		{ delta = $3 - b[$2]; printf "%s:%d ", $2, delta > "/dev/stderr"; if (delta >= 100) n++ }
		END { print n + 0 }'
}

s0a=$(queue_stats $NS1 "$IF_A"); s0b=$(queue_stats $NS2 "$IF_B")
run_flows
s1a=$(queue_stats $NS1 "$IF_A"); s1b=$(queue_stats $NS2 "$IF_B")
ntx=$(moved tx "$s0a" "$s1a" 2>/tmp/mq-tx); log "A tx per-queue packet deltas: $(cat /tmp/mq-tx)"
nrx=$(moved rx "$s0b" "$s1b" 2>/tmp/mq-rx); log "B rx per-queue packet deltas: $(cat /tmp/mq-rx)"
[ "$ntx" -ge 2 ] && ok "A transmitted on $ntx tx queues" || ko "A transmitted on only $ntx tx queue(s)"
# RX spread depends on the host tap's flow steering; only require B received.
[ "$nrx" -ge 1 ] && ok "B received on $nrx rx queue(s)" || ko "B rx per-queue counters did not move"
# The ACKs B sends for 4 flows: B's tx counters move too.
nbt=$(moved tx "$s0b" "$s1b" 2>/dev/null)
[ "$nbt" -ge 1 ] && ok "B acked on $nbt tx queue(s)" || ko "B tx per-queue counters did not move"

# combined 1: only queue 0 carries traffic.
for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
	set -- $p
	ip netns exec $1 ethtool -L $2 combined 1 || ko "ethtool -L $2 combined 1"
	[ "$(combined $1 $2 cur)" = 1 ] && [ "$(nq $1 $2 tx)" = 1 ] && ok "$2 combined 1, 1 tx queue" ||
		ko "$2 combined $(combined $1 $2 cur), $(nq $1 $2 tx) tx queues after -L 1"
done
s0a=$(queue_stats $NS1 "$IF_A")
run_flows
s1a=$(queue_stats $NS1 "$IF_A")
d0=$(printf '%s\n--\n%s\n' "$s0a" "$s1a" | awk '/^--$/ { a = 1; next } $1 == "tx" && $2 == 0 { if (!a) b = $3; else print $3 - b }')
others=$(printf '%s\n--\n%s\n' "$s0a" "$s1a" | awk '/^--$/ { a = 1; next } $1 == "tx" && $2 != 0 { if (!a) b[$2] = $3; else s += $3 - b[$2] } END { print s + 0 }')
[ "${d0:-0}" -ge 100 ] && [ "$others" -eq 0 ] && ok "combined 1: tx queue 0 +$d0, others +$others" ||
	ko "combined 1: tx queue 0 +${d0:-?}, other queues +$others"
for p in "$NS1 $IF_A" "$NS2 $IF_B"; do
	set -- $p
	ip netns exec $1 ethtool -L $2 combined $Q || ko "ethtool -L $2 combined $Q (restore)"
done
if ping_ok $NS1 $IP4_B; then ok "ping after restoring $Q queues"; else ko "ping after restoring $Q queues"; fi
exit $TEST_RC
