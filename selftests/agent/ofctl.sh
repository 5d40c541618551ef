#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# cvsw-ofagent managed by Open vSwitch's ovs-ofctl (-O OpenFlow10) through
# --listen ptcp: on A's device: show, add-flow / add-flows from a file /
# mod-flows / del-flows (strict and not), dump-flows (NXM, -F OpenFlow10,
# tun_id), dump-ports, dump-tables, dump-aggregate, packet-out, mod-port,
# monitor (packet-ins and flow-removed), a VXLAN tunnel port added and
# deleted with cvsw-shell (show, tun_src/tun_dst flows, output to it,
# PORT_STATUS ADD/DEL on the monitor), each with its effect checked on
# the wire or in the counters; fail secure (misses dropped without a
# controller) and the miss policy restored when the agent stops.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"

test_init
trap 'rc=$?; agent_cleanup; (exit $rc); test_exit' EXIT
dp_need_tools
agent_need_tools
setup_pair
dp_reset

T=$AG_TMP
MAC_A=$CVSW_MAC_A
MAC_B=$CVSW_MAC_B
DPID=0000$(echo "$MAC_A" | tr -d :)

in1 ip neigh replace $IP4_B lladdr $MAC_B dev "$IF_A"
in2 ip neigh replace $IP4_A lladdr $MAC_A dev "$IF_B"
ping_ok $NS1 $IP4_B >/dev/null || fail "no connectivity before the agent"

agent_start $NS1 "$IF_A" a --listen ptcp:$OF_PORT:127.0.0.1 || fail "agent did not start"

# ---- show
out=$(ofctl $NS1 show $SW 2>&1)
echo "$out" | sed 's/^/#   /'
echo "$out" | grep -q "dpid:$DPID" && ok "show: dpid is the MAC ($DPID)" || ko "show: dpid"
echo "$out" | grep -q "n_tables:1, n_buffers:256" && ok "show: one table, 256 buffers" ||
	ko "show: tables and buffers"
echo "$out" | grep -q " 1(host): addr:$MAC_A" && ok "show: port 1 host with the MAC" ||
	ko "show: port 1"
echo "$out" | grep -q " 2(net): addr:$MAC_A" && ok "show: port 2 net with the MAC" ||
	ko "show: port 2"
echo "$out" | grep -q "frags=normal miss_send_len=" && ok "show: GET_CONFIG answered" ||
	ko "show: GET_CONFIG"

# ---- fail secure: misses go to the controller, none is there: dropped
if ping_ok $NS1 $IP4_B -c 2 -w 3 >/dev/null 2>&1; then
	ko "fail secure: a miss was forwarded without a controller"
else
	ok "fail secure: table misses are dropped without a controller"
fi

# ---- add-flow, dump-flows counters, drop, del-flows --strict
ofctl $NS1 add-flow $SW "priority=1,actions=normal" || ko "add-flow normal"
ping_ok $NS1 $IP4_B >/dev/null && ok "add-flow priority=1,actions=normal: ping passes" ||
	ko "ping through the normal flow"
n=$(ofctl_flows $NS1 $SW | grep "priority=1 actions=NORMAL" |
	sed -n 's/.*n_packets=\([0-9]*\).*/\1/p')
[ "${n:-0}" -ge 3 ] && ok "dump-flows: n_packets=$n on the normal flow" ||
	ko "dump-flows counters ($n)"
ofctl $NS1 add-flow $SW "priority=100,in_port=1,icmp,actions=drop" || ko "add-flow drop"
if ping_ok $NS1 $IP4_B -c 2 -w 3 >/dev/null 2>&1; then
	ko "icmp drop flow did not drop"
else
	ok "add-flow in_port=1,icmp,actions=drop: ping dropped"
fi
out=$(ofctl_flows $NS1 $SW)
echo "$out" | sed 's/^/#   /'
echo "$out" | grep -E "priority=100,icmp,in_port=1 actions=drop|priority=100,icmp,in_port=1,? actions=drop|priority=100,in_port=1,icmp actions=drop" |
	grep -q "n_packets=[1-9]" && ok "dump-flows: the drop flow counted packets" ||
	ko "dump-flows: drop flow"
ofctl $NS1 del-flows --strict $SW "priority=99,in_port=1,icmp" || ko "del-flows --strict (no match)"
[ "$(ofctl_flows $NS1 $SW | grep -c 'priority=100')" = 1 ] &&
	ok "del-flows --strict of another priority deletes nothing" || ko "strict delete deleted"
ofctl $NS1 del-flows --strict $SW "priority=100,in_port=1,icmp" || ko "del-flows --strict"
ping_ok $NS1 $IP4_B >/dev/null && ok "del-flows --strict: the drop flow is gone, ping passes" ||
	ko "ping after strict delete"

# ---- add-flows from a file, mod-flows, del-flows
cat >"$T/flows.txt" <<EOF2
priority=200,udp,tp_dst=7001,actions=drop
priority=200,udp,tp_dst=7002,actions=drop
priority=200,tcp,tp_dst=7003,actions=drop
priority=200,ip,nw_dst=10.99.0.0/16,actions=mod_nw_tos:32,output:2
EOF2
ofctl $NS1 add-flows $SW "$T/flows.txt" || ko "add-flows"
[ "$(ofctl_flows $NS1 $SW | grep -c 'priority=200')" = 4 ] &&
	ok "add-flows from a file: 4 flows" || ko "add-flows: $(ofctl_flows $NS1 $SW | grep -c 'priority=200') flows"
ofctl $NS1 mod-flows $SW "udp,tp_dst=7001,actions=output:2" || ko "mod-flows"
ofctl_flows $NS1 $SW | grep "tp_dst=7001" | grep -q "actions=output:2" &&
	ofctl_flows $NS1 $SW | grep "tp_dst=7002" | grep -q "actions=drop" &&
	ok "mod-flows changes the flows it matches only" || ko "mod-flows"
ofctl $NS1 del-flows $SW "udp" || ko "del-flows udp"
out=$(ofctl_flows $NS1 $SW)
[ "$(echo "$out" | grep -c 'udp')" = 0 ] && [ "$(echo "$out" | grep -c 'tcp')" = 1 ] &&
	ok "del-flows udp: both udp flows gone, tcp kept" || ko "del-flows udp"
ofctl $NS1 del-flows $SW "ip,nw_dst=10.99.0.0/16" || ko "del-flows nw_dst"

# ---- tun_id through NXM, dump-flows with and without NXM
ofctl $NS1 add-flow $SW "priority=300,tun_id=5,actions=output:1" ||
	ko "add-flow tun_id=5 (NXT_FLOW_MOD)"
out=$(ofctl_flows $NS1 $SW "tun_id=5")
echo "$out" | grep -q "tun_id=0x5" && echo "$out" | grep -q "actions=output:1" &&
	ok "tun_id=5 flow added and dumped through NXM" || ko "tun_id dump: $out"
out=$(ofctl_flows $NS1 $SW -F OpenFlow10)
echo "$out" | grep -q "priority=1 actions=NORMAL" &&
	ok "dump-flows -F OpenFlow10 (standard OFPST_FLOW)" || ko "dump-flows -F OpenFlow10: $out"
out=$(ofctl_flows $NS1 $SW -F nxm)
echo "$out" | grep -q "tun_id=0x5" && ok "dump-flows -F nxm (NXST_FLOW)" || ko "dump-flows -F nxm"
ofctl $NS1 del-flows $SW "tun_id=5" || ko "del-flows tun_id"
[ "$(ofctl_flows $NS1 $SW | grep -c 'tun_id')" = 0 ] && ok "del-flows tun_id=5" ||
	ko "tun_id flow kept"

# ---- dump-ports, dump-tables, dump-aggregate
out=$(ofctl $NS1 dump-ports $SW)
echo "$out" | sed 's/^/#   /'
echo "$out" | grep -q "port  1: rx pkts=[1-9]" && echo "$out" | grep -q "port  2: rx pkts=[1-9]" &&
	ok "dump-ports: both ports counted packets" || ko "dump-ports"
out=$(ofctl $NS1 dump-tables $SW)
echo "$out" | grep -q "active=2" && ok "dump-tables: active=2" || ko "dump-tables: $out"
out=$(ofctl $NS1 dump-aggregate $SW)
echo "$out" | grep -q "flow_count=2" && ok "dump-aggregate: flow_count=2" ||
	ko "dump-aggregate: $out"

# ---- packet-out: a UDP frame from the host port onto the wire
cap_start $NS2 "$IF_B" "$T/po.pcap" -Q in udp port 7300 || ko "capture"
frame=$(udp_frame $MAC_A $MAC_B $IP4_A $IP4_B 1234 7300 64)
ofctl $NS1 packet-out $SW 1 output:2 "$frame" || ko "packet-out"
cap_stop
n=$(cap_count "$T/po.pcap")
[ "$n" = 1 ] && ok "packet-out in_port=1 output:2 puts the frame on the wire" ||
	ko "packet-out: $n frames on the wire"

# ---- mod-port: NO_PACKET_IN honoured, PORT_DOWN refused
ofctl $NS1 mod-port $SW 1 no-packet-in && ok "mod-port 1 no-packet-in accepted" ||
	ko "mod-port no-packet-in"
ofctl $NS1 show $SW | grep -A1 " 1(host)" | grep -q "NO_PACKET_IN" &&
	ok "show: port 1 config NO_PACKET_IN" || ko "port config not shown"
ofctl $NS1 mod-port $SW 1 packet-in || ko "mod-port packet-in"
if ofctl $NS1 mod-port $SW 2 down >"$T/modport.out" 2>&1; then
	ko "mod-port down accepted (the datapath cannot honour it)"
else
	grep -q "OFPBRC_EPERM" "$T/modport.out" && ok "mod-port 2 down refused with OFPBRC_EPERM" ||
		ko "mod-port down: $(cat "$T/modport.out")"
fi

# ---- monitor: packet-ins and flow-removed
ip netns exec $NS1 timeout 60 ovs-ofctl -O OpenFlow10 --unixctl="$T/ofctl.ctl" \
	monitor $SW 128 >"$T/monitor.out" 2>&1 &
MON=$!
sleep 2
ofctl $NS1 add-flow $SW "priority=400,in_port=1,udp,tp_dst=7400,actions=controller" ||
	ko "add-flow controller"
ofctl $NS1 add-flow $SW "priority=400,hard_timeout=2,send_flow_rem,udp,tp_dst=7401,actions=drop" ||
	ko "add-flow hard_timeout"
traffic $NS1 udp-send $IP4_B 7400 --count 3 --size 100 >/dev/null
sleep 4
kill $MON 2>/dev/null
wait $MON 2>/dev/null
sed 's/^/#   /' "$T/monitor.out" | head -40
n=$(grep -c "OFPT_PACKET_IN.*in_port=1 (via action)" "$T/monitor.out")
[ "$n" -ge 3 ] && ok "monitor: $n packet-ins from the controller action" ||
	ko "monitor: $n packet-ins"
grep -q "buffer=0x" "$T/monitor.out" && ok "monitor: packet-ins carry buffer ids" ||
	ko "monitor: no buffer ids"
grep -q "OFPT_FLOW_REMOVED.*reason=hard" "$T/monitor.out" &&
	ok "monitor: FLOW_REMOVED reason=hard for the send_flow_rem flow" ||
	ko "monitor: no flow-removed"

# ---- a tunnel port: show lists it, tun_src flows through NXM, dump-ports,
# PORT_STATUS ADD and DEL on the monitor
ip netns exec $NS1 timeout 60 ovs-ofctl -O OpenFlow10 --unixctl="$T/ofctl-port.ctl" \
	monitor $SW >"$T/monitor-port.out" 2>&1 &
MON=$!
sleep 2
dp_sh $NS1 tunnel add "$IF_A" vx0 type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=flow ||
	ko "cvsw-shell tunnel add vx0"
wait_for 10 grep -q "PORT_STATUS.*ADD: *[0-9]*(vx0)" "$T/monitor-port.out" &&
	ok "monitor: PORT_STATUS ADD for the tunnel port vx0" || ko "monitor: no PORT_STATUS ADD"
out=$(ofctl $NS1 show $SW 2>&1)
echo "$out" | sed 's/^/#   /'
VXP=$(echo "$out" | sed -n 's/^ *\([0-9][0-9]*\)(vx0): addr:.*/\1/p')
[ -n "$VXP" ] && [ "$VXP" -gt 2 ] && echo "$out" | grep -q " $VXP(vx0): addr:$MAC_A" &&
	ok "show: tunnel port $VXP vx0 listed with the MAC" || ko "show: no vx0 port"
echo "$out" | grep -q " 1(host): addr:" && echo "$out" | grep -q " 2(net): addr:" &&
	ok "show: host and net still listed beside it" || ko "show: host/net"
VXP=${VXP:-3}
ofctl $NS1 add-flow $SW "priority=500,in_port=$VXP,tun_src=$IP4_B,tun_dst=10.77.0.0/24,actions=output:1" ||
	ko "add-flow tun_src=$IP4_B (NXT_FLOW_MOD)"
ofctl $NS1 add-flow $SW "priority=500,in_port=1,ip,nw_dst=10.90.0.0/24,actions=set_tunnel:7,output:$VXP" ||
	ko "add-flow output:$VXP"
out=$(ofctl_flows $NS1 $SW "tun_src=$IP4_B")
echo "$out" | sed 's/^/#   /'
echo "$out" | grep -q "tun_src=$IP4_B" && echo "$out" | grep -q "tun_dst=10.77.0.0/24" &&
	echo "$out" | grep -Eq "in_port=($VXP|vx0)\b" && echo "$out" | grep -q "actions=output:1" &&
	ok "tun_src/tun_dst flow on the tunnel port added and dumped through NXM" ||
	ko "tun_src dump: $out"
out=$(ofctl_flows $NS1 $SW "ip,nw_dst=10.90.0.0/24")
echo "$out" | grep -Eq "actions=set_tunnel:0x7,output:($VXP|vx0)\b" &&
	ok "flow with set_tunnel and output to the tunnel port dumped back" ||
	ko "output to the tunnel port: $out"
ofctl $NS1 dump-ports $SW "$VXP" | grep -q "port  *$VXP:" &&
	ok "dump-ports: the tunnel port has counters" || ko "dump-ports $VXP"
dp_sh $NS1 tunnel del "$IF_A" vx0 || ko "cvsw-shell tunnel del vx0"
wait_for 10 grep -q "PORT_STATUS.*DEL: *$VXP(vx0)" "$T/monitor-port.out" &&
	ok "monitor: PORT_STATUS DEL for vx0" || ko "monitor: no PORT_STATUS DEL"
kill $MON 2>/dev/null
wait $MON 2>/dev/null
sed 's/^/#   /' "$T/monitor-port.out" | grep -A1 PORT_STATUS
ofctl $NS1 show $SW | grep -q "(vx0)" && ko "show still lists vx0" ||
	ok "show: vx0 gone after the deletion"
[ "$(ofctl_flows $NS1 $SW -F nxm | grep -c 'priority=500')" = 0 ] &&
	ok "the flows naming the deleted port went with it" || ko "flows naming vx0 kept"
agent_log_has a "port $VXP (vx0) added" && agent_log_has a "port $VXP (vx0) deleted" &&
	ok "log: the tunnel port's addition and deletion" || ko "log: no port added/deleted lines"

# ---- the agent survives all of it and leaves the device as it was
agent_log_has a "negotiated OpenFlow 1.0" && ok "log: negotiated OpenFlow 1.0" ||
	ko "log: negotiation"
agent_log_has a "refused" && ok "log: the refused PORT_MOD is logged with its error" ||
	ko "log: refusals"
ofctl $NS1 del-flows $SW || ko "del-flows (all)"
agent_stop && ok "SIGTERM: the agent exits 0" || ko "agent exit status"
ping_ok $NS1 $IP4_B >/dev/null && ok "after the agent: miss policy normal again, ping passes" ||
	ko "miss policy not restored"

# ---- as a daemon: --detach, --pidfile, SIGHUP reopens the log, SIGTERM
rm -f "$T/d.pid" "$T/d.log" "$T/d.log.1"
ip netns exec $NS1 "$AGENT" "$IF_A" --listen ptcp:$OF_PORT:127.0.0.1 --detach \
	--pidfile="$T/d.pid" --log-file="$T/d.log" || ko "--detach: exit status"
wait_for 30 test -s "$T/d.pid" && ok "--detach: the daemon wrote its pidfile" || ko "no pidfile"
DPID=$(cat "$T/d.pid" 2>/dev/null)
ofctl $NS1 show $SW >/dev/null && ok "--detach: the daemon answers ovs-ofctl" ||
	ko "--detach: no answer"
mv "$T/d.log" "$T/d.log.1"
kill -HUP "$DPID" 2>/dev/null
wait_for 10 grep -q "log reopened" "$T/d.log" && ok "SIGHUP: the log file is reopened" ||
	ko "SIGHUP: no new log"
kill -TERM "$DPID" 2>/dev/null
wait_for 10 sh -c "! test -e $T/d.pid" && ok "SIGTERM: the daemon exits and removes its pidfile" ||
	ko "the daemon did not exit"
exit $TEST_RC
