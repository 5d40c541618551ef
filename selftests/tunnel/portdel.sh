#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Deleting a tunnel port with flows attached, while traffic runs through it:
#  - the flows that match in_port=PORT or output to it are deleted, with a
#    flow-removed event (reason delete) for those that asked for one
#    (send_flow_rem) and none for the others; a port-status event (reason
#    delete) names the port; flows that do not name it stay, with their
#    counters;
#  - the port is gone from `tunnel show`, flows naming it are refused, and
#    the next tunnel port added takes its number again;
#  - the traffic it carried stops (ping over the overlay fails), the rest
#    (the underlay) goes on; no splat;
#  - ports 1 and 2 cannot be deleted, nor a port that does not exist.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP

setup_pair
dp_reset
tun_underlay
tun_add $NS1 "$IF_A" t0 type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=7001 || fail "tunnel add"
port=$(tun_port $NS1 "$IF_A" t0)
tun_inner $NS1 "$IF_A" $IN4_A $INNET 1450 || fail "inner address"
peer_linux $NS2 vxlan tl0 7001 $IP4_B $IP4_A $IN4_B "$IF_B" || fail "Linux vxlan"
dp_flow $NS1 "$IF_A" \
	"priority=100,in_port=1,ip,nw_dst=$INNET,send_flow_rem,actions=output:t0" \
	"priority=100,in_port=1,arp,nw_dst=$INNET,actions=output:t0" \
	"priority=100,in_port=t0,send_flow_rem,actions=output:1" \
	"priority=90,in_port=1,udp,tp_dst=7777,send_flow_rem,actions=mod_tp_dst:7778,output:t0,output:2" \
	"priority=80,in_port=1,icmp,nw_dst=$IP4_B,send_flow_rem,actions=output:2" \
	"priority=80,in_port=2,icmp,nw_src=$IP4_B,actions=output:1" || fail "flows refused"
ping_ok $NS1 $IN4_B || fail "no ping over the tunnel before the deletion"

dp_monitor_start $NS1 "$IF_A" $T/mon.out || ko "monitor did not start"
# traffic through the port while it goes away
in1 ping -q -i 0.05 -w 20 $IN4_B >$T/ping-tun.out 2>&1 &
PING_TUN=$!
in1 ping -q -i 0.2 -w 20 $IP4_B >$T/ping-underlay.out 2>&1 &
PING_UL=$!
sleep 3
tun_del $NS1 "$IF_A" t0 && ok "tunnel del t0 during traffic" || ko "tunnel del t0 refused"
wait $PING_TUN $PING_UL
sleep 1
dp_monitor_stop

left=$(dp_sh $NS1 flow dump "$IF_A")
echo "$left" | sed 's/^/#   /'
n=$(echo "$left" | grep -c 'priority=')
[ "$n" -eq 2 ] && ok "2 flows left (those not naming the port)" || ko "$n flows left, want 2"
echo "$left" | grep -q "t0\|output:$port\b\|in_port=$port\b" &&
	ko "a flow naming the deleted port is still there" || ok "no flow names the deleted port"
c=$(dp_flow_packets $NS1 "$IF_A" "priority=80,in_port=1,icmp,nw_dst=$IP4_B")
[ "${c:-0}" -ge 50 ] && ok "the underlay flow kept its counters ($c packets)" ||
	ko "the underlay flow counted '$c' packets (want >= 50)"
"$DP_PY" - $T/mon.out $port "$DP_DIR" <<'PYEOF'
import json, sys
sys.path.insert(0, sys.argv[3])
from dpshell import is_probe
port = int(sys.argv[2])
evs = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
rem = [e for e in evs if e["event"] == "flow_removed"]
ps = [e for e in evs if e["event"] == "port_status"]
rc = 0
got = sorted((e["reason"], e["flow"]["priority"]) for e in rem)
want = [("delete", 90), ("delete", 100), ("delete", 100)]
if got == want:
    print("# ok: flow-removed events (reason delete) for the 3 flows with send_flow_rem that named the port")
else:
    rc = 1
    print("# FAIL: flow-removed events %s, want %s" % (got, want))
dels = [e for e in ps if e.get("reason") == "delete" and e.get("port") == port]
if len(dels) == 1:
    print("# ok: one port-status event, reason delete, port %d" % port)
else:
    rc = 1
    print("# FAIL: port-status events %s, want one delete of port %d" % (ps, port))
sys.exit(rc)
PYEOF
[ $? -eq 0 ] || TEST_RC=$KSFT_FAIL
grep -q ' 0% packet loss' $T/ping-underlay.out && ok "the underlay ping lost nothing" ||
	ko "underlay ping: $(grep 'packet loss' $T/ping-underlay.out)"
ping_ok $NS1 $IN4_B >/dev/null 2>&1 && ko "ping over the deleted tunnel still works" ||
	ok "no ping over the deleted tunnel"
[ -z "$(tun_py $NS1 names "$IF_A")" ] && ok "tunnel show lists no port" ||
	ko "tunnel show still lists: $(tun_py $NS1 names "$IF_A")"
dp_flow $NS1 "$IF_A" "priority=100,in_port=1,ip,actions=output:t0" 2>/dev/null &&
	ko "a flow naming the deleted port was accepted" || ok "a flow naming the deleted port is refused"
tun_add $NS1 "$IF_A" t1 type=geneve remote_ip=$IP4_B local_ip=$IP4_A key=7002 || ko "tunnel add t1"
p1=$(tun_port $NS1 "$IF_A" t1)
[ "$p1" = "$port" ] && ok "the next port takes number $port again" || ko "the next port got '$p1', want $port"
for p in host net 1 2 nosuch; do
	out=$(tun_del $NS1 "$IF_A" $p 2>&1) && ko "tunnel del $p accepted" ||
		ok "tunnel del $p refused: $out"
done
[ "$(tun_py $NS1 names "$IF_A")" = t1 ] && ok "t1 still there after the refused deletions" ||
	ko "ports after the refused deletions: $(tun_py $NS1 names "$IF_A")"
tun_reset $NS1 "$IF_A"
exit 0
