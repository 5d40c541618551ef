#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of selftests/agent/bench/run.sh (selftests/run.sh --guest-cmd),
# ROUNDS rounds in one boot, the contenders alternating in each:
#  - flow install over OpenFlow: N flows by `ovs-ofctl add-flows` from a
#    file against cvsw-ofagent, beside the same file into Open vSwitch
#    (ovs-vswitchd, kernel datapath, bridge br0), into nullsw.py (a switch
#    that only answers: ovs-ofctl's own ceiling) and the shell's batch; the
#    same FLOW_MODs sent back to back (pipeflows.py) into the agent and OVS;
#  - packet-in throughput to a controller answering every packet-in with a
#    packet-out (pinctl.py), for cvsw-ofagent and for Open vSwitch: the
#    packet-outs that ran, per second, beside the answers sent;
#  - the agent's RSS with the N flows installed.
# Lines "metric value" go to $CVSW_RESULTS/bench.txt, one per round.
. "$CVSW_REPO/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"
N=${CVSW_BENCH_FLOWS:-100000}
SECS=${CVSW_BENCH_SECS:-5}
ROUNDS=${CVSW_BENCH_ROUNDS:-3}
OUTF=$CVSW_RESULTS/bench.txt
B=$CVSW_REPO/selftests/agent/bench
: >"$OUTF"
say() { echo "$*"; echo "$*" >>"$OUTF"; }
now() { date +%s.%N; }
rate() { python3 -c "import sys; print(int(float(sys.argv[1]) / (float(sys.argv[3]) - float(sys.argv[2]))))" "$@"; }

CVSW_DRIVER=cvsw_net
driver_loaded || driver_load || { echo "cvsw_net did not load"; exit 1; }
setup_pair
dp_reset
W=/tmp/ofbench
mkdir -p $W
python3 - "$N" >$W/flows.txt <<'PYEOF'
import sys
for i in range(int(sys.argv[1])):
    print("priority=1000,udp,nw_dst=10.%d.%d.%d,tp_dst=%d,actions=output:2"
          % (100 + (i >> 16), (i >> 8) & 255, i & 255, 1000 + i % 50000))
PYEOF
say "# guest: $(nproc) vCPU, $(uname -r), $N flows, $ROUNDS rounds"

# ---- Open vSwitch in the guest: ovsdb-server + ovs-vswitchd, bridge br0,
# up for the whole run so that its rounds alternate with the agent's
export OVS_RUNDIR=$W/ovs OVS_DBDIR=$W/ovs OVS_LOGDIR=$W/ovs OVS_SYSCONFDIR=$W/ovs
mkdir -p $W/ovs
ovsdb-tool create $W/ovs/conf.db /usr/share/openvswitch/vswitch.ovsschema
ovsdb-server --remote=punix:$W/ovs/db.sock --pidfile=$W/ovs/db.pid --detach \
	--log-file=$W/ovs/db.log $W/ovs/conf.db
ovs-vsctl --db=unix:$W/ovs/db.sock --no-wait init
ovs-vswitchd unix:$W/ovs/db.sock --pidfile=$W/ovs/vs.pid --detach --log-file=$W/ovs/vs.log
VS="ovs-vsctl --db=unix:$W/ovs/db.sock"
modprobe openvswitch || say "# no openvswitch module"
$VS add-br br0 -- set bridge br0 fail-mode=secure protocols=OpenFlow10 ||
	say "# ovs add-br failed"
# two ports, as the agent's device has: the flood enters on 2 (ovsd ->
# ovsc) and the controller's packet-outs leave on 1 (ovsa), whose transmit
# counters count them (an output to the in_port would be dropped, and
# prove nothing)
for v in a c; do
	peer=$(echo $v | tr ac bd)
	ip link add ovs$v type veth peer name ovs$peer
	for d in ovs$v ovs$peer; do
		sysctl -qw net.ipv6.conf.$d.disable_ipv6=1
		ip link set $d up
	done
done
$VS add-port br0 ovsa -- set interface ovsa ofport_request=1
$VS add-port br0 ovsc -- set interface ovsc ofport_request=2
BR=unix:$W/ovs/br0.mgmt

# ---- flow install: add-flows over OpenFlow into the agent, then OVS,
# then the shell's batch (the library's fast path, for scale)
# (ovs-ofctl sends a BARRIER after each flow and waits for it: the rate is
# a round trip per flow, for the agent and for OVS alike)
install_agent() {
	agent_start $NS1 "$IF_A" bench --listen ptcp:$OF_PORT:127.0.0.1 || exit 1
	t0=$(now)
	ip netns exec $NS1 timeout 1500 ovs-ofctl -O OpenFlow10 add-flows $SW $W/flows.txt ||
		say "# add-flows to the agent failed"
	t1=$(now)
	n=$(ofctl $NS1 dump-aggregate $SW | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	say "agent_flows $n"
	say "agent_install_fps $(rate "$N" $t0 $t1)"
	say "agent_rss_kb $(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' /proc/$AG_PID/status)"
	t0=$(now)
	ip netns exec $NS1 timeout 600 ovs-ofctl -O OpenFlow10 dump-flows $SW >/dev/null
	t1=$(now)
	say "agent_dump_fps $(rate "$N" $t0 $t1)"
	ofctl $NS1 del-flows $SW
	agent_stop
}
install_ovs() {
	t0=$(now)
	timeout 1500 ovs-ofctl -O OpenFlow10 add-flows $BR $W/flows.txt || say "# add-flows to OVS failed"
	t1=$(now)
	say "ovs_flows $(ovs-ofctl -O OpenFlow10 dump-aggregate $BR | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')"
	say "ovs_install_fps $(rate "$N" $t0 $t1)"
	ovs-ofctl -O OpenFlow10 del-flows $BR
}
# the ceiling: ovs-ofctl against a switch that only answers (nullsw.py)
install_null() {
	python3 $B/nullsw.py 6655 $W/flowmods.bin >$W/nullsw.out 2>&1 &
	NP=$!
	# a slow machine starts python slowly: wait for the port, not a second
	wait_for 30 sh -c "ss -Hltn 'sport = :6655' | grep -q 6655" ||
		say "# nullsw.py is not listening"
	t0=$(now)
	timeout 1500 ovs-ofctl -O OpenFlow10 add-flows tcp:127.0.0.1:6655 $W/flows.txt ||
		say "# add-flows to nullsw failed"
	t1=$(now)
	kill $NP 2>/dev/null
	wait $NP 2>/dev/null
	say "null_install_fps $(rate "$N" $t0 $t1)"
}
# without ovs-ofctl's round trip per flow: the FLOW_MODs it encoded (as
# nullsw.py recorded them) sent back to back, one BARRIER at the end
# (pipeflows.py), into the agent and into OVS: each switch's own rate
install_pipe() {
	agent_start $NS1 "$IF_A" pipe --listen ptcp:$OF_PORT:127.0.0.1 || exit 1
	out=$(nsx $NS1 python3 $B/pipeflows.py $OF_PORT $W/flowmods.bin 2>&1)
	echo "# agent: $out"
	n=$(ofctl $NS1 dump-aggregate $SW | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	[ "$n" = "$N" ] || say "# pipelined into the agent: $n flows, not $N"
	say "agent_pipe_fps $(echo "$out" | sed -n 's/.* rate \([0-9]*\).*/\1/p')"
	ofctl $NS1 del-flows $SW
	agent_stop
	out=$(python3 $B/pipeflows.py unix:$W/ovs/br0.mgmt $W/flowmods.bin 2>&1)
	echo "# ovs: $out"
	n=$(ovs-ofctl -O OpenFlow10 dump-aggregate $BR | sed -n 's/.*flow_count=\([0-9]*\).*/\1/p')
	[ "$n" = "$N" ] || say "# pipelined into OVS: $n flows, not $N"
	say "ovs_pipe_fps $(echo "$out" | sed -n 's/.* rate \([0-9]*\).*/\1/p')"
	ovs-ofctl -O OpenFlow10 del-flows $BR
}
install_shell() {
	out=$(dp_sh $NS1 flow add-batch "$IF_A" $W/flows.txt --sparse-ack 2>&1)
	echo "# $out"
	say "shell_batch_fps $(echo "$out" | sed -n 's/.*(\([0-9][0-9]*\) flows\/s).*/\1/p')"
	dp_flush $NS1 "$IF_A" >/dev/null
}

# ---- packet-in throughput: a flood of table misses entering port 2, each
# answered by a packet-out to port 1 (pinctl.py, which reports how many it
# answered in SECS from the first packet-in); what counts is how many
# packet-outs ran: port 1's transmit counter over the controller's window
# (an answer naming a buffer that aged out is refused, and the agent drops
# packet-ins while the controller is behind). The datapath's own
# packet-in limit (1000/s by default) is lifted.
dp_sh $NS1 set device "$IF_A" packet-in-rate 1000000 >/dev/null || say "# packet-in-rate not set"
pin_counters() { # what the NICs and datapaths counted, into guest-cmd.log
	ip -n $NS1 -s link show "$IF_A" | sed "s/^/# $1 A link: /"
	ip -n $NS2 -s link show "$IF_B" | sed "s/^/# $1 B link: /"
	dp_sh $NS1 stats "$IF_A" 2>&1 | sed "s/^/# $1 A stats: /"
}
dp_port_stat() { # PORT FIELD: a counter of A's datapath port
	dp_sh $NS1 stats "$IF_A" ports 2>/dev/null |
		sed -n "s/^port $1 .*$2=\([0-9]*\).*/\1/p"
}
per_s() { python3 -c "import sys; print(int(int(sys.argv[1]) / float(sys.argv[2])))" "$@"; }
pin_agent() { # ROUND
	nsx $NS1 python3 $B/pinctl.py 6633 1 "$SECS" >$W/pin-agent-$1.out 2>&1 &
	PC=$!
	sleep 1
	agent_start $NS1 "$IF_A" pin-$1 tcp:127.0.0.1:6633 || exit 1
	wait_for 20 grep -q "negotiated" "$AG_TMP/pin-$1.log"
	pin_counters "round $1 before"
	tx0=$(dp_port_stat 1 tx_packets)
	nsx $NS2 python3 $B/flood.py "$IF_B" "$CVSW_MAC_A" $((SECS + 4)) >$W/flood-agent-$1.out &
	IP=$!
	wait $PC
	sleep 1		# packet-outs read before the controller closed
	tx1=$(dp_port_stat 1 tx_packets)
	say "agent_pktin_per_s $(sed -n 's/.*rate \([0-9]*\).*/\1/p' $W/pin-agent-$1.out)"
	say "agent_pktout_per_s $(per_s $((${tx1:-0} - ${tx0:-0})) "$SECS")"
	wait $IP 2>/dev/null
	echo "# pin-agent-$1.out: $(cat $W/pin-agent-$1.out)"
	echo "# flood-agent-$1.out: $(cat $W/flood-agent-$1.out)"
	echo "# round $1: port 1 tx_packets $tx0 -> $tx1"
	pin_counters "round $1 after"
	# a flood that never reached A's datapath measures nothing: say so
	rx2=$(dp_port_stat 2 rx_packets)
	[ "${rx2:-0}" -gt 0 ] ||
		say "# the flood did not reach A's datapath (port 2 rx_packets ${rx2:-?}): agent_pktin_per_s is not a measure"
	grep -c "no such buffered packet" "$AG_TMP/pin-$1.log" | sed "s/^/# pin-$1.log packet-outs of unknown buffers: /"
	grep "dropped while it was behind" "$AG_TMP/pin-$1.log" | sed "s/^/# pin-$1.log: /"
	tail -5 "$AG_TMP/pin-$1.log" | sed "s/^/# pin-$1.log: /"
	agent_stop
}
# what OVS sent out of port 1: the veth's tx_packets, and its tx_dropped
# (the peer's backlog, full of the flood, refused it: OVS did its part)
ovs_port1_out() {
	echo $(($(cat /sys/class/net/ovsa/statistics/tx_packets) +
		$(cat /sys/class/net/ovsa/statistics/tx_dropped)))
}
pin_ovs() { # ROUND
	python3 $B/pinctl.py 6634 1 "$SECS" >$W/pin-ovs-$1.out 2>&1 &
	PC=$!
	sleep 1
	$VS set-controller br0 tcp:127.0.0.1:6634
	sleep 2
	rx0=$(ovs_port1_out)
	# a flood of 64-byte frames into br0's port 2 (misses: packet-ins)
	python3 $B/flood.py ovsd 02:00:00:00:00:01 $((SECS + 4)) >$W/flood-ovs-$1.out &
	FL=$!
	wait $PC
	sleep 1
	rx1=$(ovs_port1_out)
	say "ovs_pktin_per_s $(sed -n 's/.*rate \([0-9]*\).*/\1/p' $W/pin-ovs-$1.out)"
	say "ovs_pktout_per_s $(per_s $((rx1 - rx0)) "$SECS")"
	wait $FL
	echo "# pin-ovs-$1.out: $(cat $W/pin-ovs-$1.out)"
	echo "# flood-ovs-$1.out: $(cat $W/flood-ovs-$1.out)"
	echo "# round $1: ovsa tx_packets + tx_dropped $rx0 -> $rx1"
	$VS del-controller br0
}

# the contenders alternate in every round: drift of the machine hits both
r=1
while [ $r -le "$ROUNDS" ]; do
	say "# round $r"
	install_agent
	install_ovs
	install_null
	install_pipe
	install_shell
	pin_agent $r
	pin_ovs $r
	r=$((r + 1))
done

ovs-appctl -t $W/ovs/ovs-vswitchd.$(cat $W/ovs/vs.pid).ctl exit 2>/dev/null ||
	kill "$(cat $W/ovs/vs.pid)"
kill "$(cat $W/ovs/db.pid)" 2>/dev/null
ip link del ovsa 2>/dev/null
ip link del ovsc 2>/dev/null
cp $W/ovs/*.log $W/*.out "$AG_TMP"/*.log "$CVSW_RESULTS/" 2>/dev/null
teardown
exit 0
