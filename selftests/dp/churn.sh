#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Concurrency (short): for CHURN_SECONDS (default 60), while iperf3 pushes
# TCP A -> B on every queue (-P 4, restarted as it ends) and a ping crosses
# a VXLAN tunnel port, five loops change what the datapath and the driver
# stand on, each as fast as it goes:
#   flows    200 flows added to A and to B in one batch, then deleted;
#   queues   ethtool -L combined 1..max on A;
#   mtu      B's MTU 1400 <-> 1500;
#   tunnels  a Geneve tunnel port added to A with a flow in and out of it,
#            then deleted with its flows;
#   link     B's link down and up again.
# Then: every loop made progress, no splat, each table holds exactly its
# base flows and A only its VXLAN port, the underlay and the tunnel carry
# ping, TCP runs; finally rmmod under traffic with the tunnel in place,
# and the module loads and carries traffic again. tools/soak.sh runs it for
# longer.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP
SECONDS_=${CHURN_SECONDS:-60}
PORT=5321
LOOPS="flows queues mtu tunnels link"
rm -rf "$T/stop" "$T"/count-* "$T"/iperf-*.log
LOOP_PIDS=""
BG_PIDS=""
# The loops end after their round; the server and the ping are killed.
stop_loops() {
	local p
	touch "$T/stop"
	for p in $LOOP_PIDS; do wait "$p" 2>/dev/null; done
	for p in $BG_PIDS; do kill "$p" 2>/dev/null; wait "$p" 2>/dev/null; done
	LOOP_PIDS=""
	BG_PIDS=""
}
trap 'rc=$?; stop_loops; (exit $rc); test_exit' EXIT

setup_pair
dp_reset
tun_underlay
tun_add $NS1 "$IF_A" tvx type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=8001 &&
	tun_add $NS2 "$IF_B" tvx type=vxlan remote_ip=$IP4_A local_ip=$IP4_B key=8001 ||
	fail "vxlan: tunnel add refused"
tun_inner $NS1 "$IF_A" 10.102.0.1 10.102.0.0/24 1450 &&
	tun_inner $NS2 "$IF_B" 10.102.0.2 10.102.0.0/24 1450 || fail "inner addresses"
tun_flows $NS1 "$IF_A" tvx 10.102.0.0/24 && tun_flows $NS2 "$IF_B" tvx 10.102.0.0/24 ||
	fail "tunnel flows refused"
n_flows() { dp_sh "$1" --json show device "$2" | "$DP_PY" -c 'import json, sys; print(json.load(sys.stdin)["n_flows"])'; }
base_a=$(n_flows $NS1 "$IF_A")
base_b=$(n_flows $NS2 "$IF_B")
qmax=$(in1 ethtool -l "$IF_A" | awk '/^Pre-set maximums/ { s = 1 } /^Combined:/ && s { print $2; exit }')

# The churned flows: match what the test's traffic is not (UDP to ports
# 20000..20199), so each add and delete runs beside the live flows.
i=0
while [ $i -lt 200 ]; do
	echo "flow add DEV priority=$((10 + i % 50)),udp,tp_dst=$((20000 + i)),actions=mod_nw_tos:8,output:2"
	i=$((i + 1))
done >"$T/add.tmpl"
sed "s/^flow add DEV /flow del DEV --strict /; s/,actions=.*//" "$T/add.tmpl" >"$T/del.tmpl"
for d in A B; do
	eval ifc=\$IF_$d
	sed "s/ DEV / $ifc /" "$T/add.tmpl" >"$T/add-$d"
	sed "s/ DEV / $ifc /" "$T/del.tmpl" >"$T/del-$d"
done

# loop NAME COMMAND...: run COMMAND until told to stop, counting the
# rounds that succeeded and those that did not.
loop() {
	local name=$1
	shift
	(
		ok=0 bad=0
		while [ ! -e "$T/stop" ]; do
			if "$@" >>"$T/loop-$name.log" 2>&1; then ok=$((ok + 1)); else bad=$((bad + 1)); fi
			echo "$ok $bad" >"$T/count-$name"
		done
	) &
	LOOP_PIDS="$LOOP_PIDS $!"
}
churn_flows() {
	dp_sh $NS1 -f "$T/add-A" && dp_sh $NS2 -f "$T/add-B" &&
		dp_sh $NS1 -f "$T/del-A" && dp_sh $NS2 -f "$T/del-B"
}
churn_queues() {
	local q=1
	while [ $q -le "${qmax:-1}" ]; do
		in1 ethtool -L "$IF_A" combined $q || return 1
		sleep 0.5
		q=$((q + 1))
	done
}
churn_mtu() {
	in2 ip link set "$IF_B" mtu 1400 && sleep 1 && in2 ip link set "$IF_B" mtu 1500 && sleep 1
}
churn_tunnels() {
	tun_add $NS1 "$IF_A" tchurn type=geneve remote_ip=$IP4_B local_ip=$IP4_A key=8002 &&
		dp_flow $NS1 "$IF_A" "priority=20,in_port=tchurn,actions=output:1" \
			"priority=20,udp,tp_dst=30000,actions=output:tchurn" &&
		tun_del $NS1 "$IF_A" tchurn
}
# A link going down takes its routes with it: the overlay's comes back
# with the link, as a user's network manager would put it back.
inner_route() { in2 ip route replace 10.102.0.0/24 dev "$IF_B" src 10.102.0.2 mtu 1450; }
churn_link() {
	in2 ip link set "$IF_B" down && sleep 0.5 && in2 ip link set "$IF_B" up &&
		inner_route && sleep 3
}
run_iperf() {
	in1 iperf3 -c "$IP4_B" -p $PORT -P 4 -t 10 -f m --connect-timeout 3000 >>"$T/iperf-client.log" 2>&1
}

in2 iperf3 -s -p $PORT >"$T/iperf-srv.log" 2>&1 &
BG_PIDS="$BG_PIDS $!"
wait_for 10 sh -c "ip netns exec $NS2 ss -ltn | grep -q :$PORT" || fail "iperf3 server did not start"
in1 ping -i 0.2 10.102.0.2 >"$T/ping.log" 2>&1 &
BG_PIDS="$BG_PIDS $!"
loop iperf run_iperf
sleep 2
for l in $LOOPS; do loop $l churn_$l; done
log "churning for $SECONDS_ s (queues 1..$qmax)"
sleep "$SECONDS_"
stop_loops
for l in iperf $LOOPS; do
	set -- $(cat "$T/count-$l" 2>/dev/null || echo 0 0)
	log "$l: $1 rounds done, $2 failed"
	case $l in
	iperf) [ "$1" -gt 0 ] && ok "iperf3 completed $1 runs during the churn" ||
		ko "no iperf3 run completed: $(tail -3 "$T/iperf-client.log" | tr '\n' ' ')" ;;
	*) [ "$1" -gt 0 ] && ok "$l: $1 rounds" ||
		ko "$l: no round succeeded: $(tail -3 "$T/loop-$l.log" | tr '\n' ' ')" ;;
	esac
done
log "tunnel ping during the churn: $(grep -c 'bytes from' "$T/ping.log") replies in $SECONDS_ s (one sent every 0.2 s)"

# Back to the start, then the same state as before the churn.
in1 ethtool -L "$IF_A" combined "$qmax"
in2 ip link set "$IF_B" mtu 1500 up
inner_route
wait_for 20 sh -c "[ \"\$(ip netns exec $NS2 cat /sys/class/net/$IF_B/carrier)\" = 1 ]" ||
	ko "B has no carrier after the churn"
dmesg_check || TEST_RC=$KSFT_FAIL
[ "$(n_flows $NS1 "$IF_A")" = "$base_a" ] && [ "$(n_flows $NS2 "$IF_B")" = "$base_b" ] &&
	ok "the tables hold their $base_a and $base_b base flows" ||
	ko "tables after the churn: A $(n_flows $NS1 "$IF_A") flows (want $base_a), B $(n_flows $NS2 "$IF_B") (want $base_b)"
names=$(tun_py $NS1 names "$IF_A" | tr '\n' ' ')
[ "$names" = "tvx " ] && ok "A's tunnel ports: tvx only" || ko "A's tunnel ports after the churn: '$names'"
ping_ok $NS1 $IP4_B && ping_ok $NS2 $IP4_A && ok "underlay ping both ways" || ko "no underlay ping after the churn"
ping_ok $NS1 10.102.0.2 && ping_ok $NS2 10.102.0.1 && ok "tunnel ping both ways" || ko "no tunnel ping after the churn"
IPERF_T=3
iperf_pair $NS1 $NS2 $IP4_B 5322 && ok "TCP after the churn $(mbps $BPS) Mbit/s" || ko "no TCP after the churn"

# rmmod with traffic on the underlay and the tunnel, then back.
mod=$(driver_module)
iperf_server $NS2 5323 || fail "iperf3 server"
in1 iperf3 -c $IP4_B -p 5323 -t 8 -P 4 >"$T/rmmod-iperf.log" 2>&1 &
cpid=$!
in1 ping -q -i 0.05 -w 10 10.102.0.2 >/dev/null 2>&1 &
sleep 3
t0=$(date +%s)
timeout $((60 * ${CVSW_SLOW:-1})) rmmod "$mod" && ok "rmmod under traffic with a tunnel port took $(( $(date +%s) - t0 )) s" ||
	ko "rmmod failed or hung (rc $?)"
reap_client $cpid "iperf3 client" 12
GONE_A=1; GONE_B=1; teardown
GONE_A=0; GONE_B=0
driver_load && ok "$mod reloaded, both NICs back" || fail "reloading $mod failed"
setup_pair
ping_ok $NS1 $IP4_B >/dev/null && ok "ping after reload" || ko "no ping after reload"
exit $TEST_RC
