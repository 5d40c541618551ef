#!/bin/sh
# The CVSW demo, inside the guest (tools/demo.sh boots it; also the guest
# selftest dp/demo): two vNICs driven by cvsw_net, A in netns cvsw1 and B
# in cvsw2 with a host bridge between them, and the switch in A's vNIC
# shown step by step. Every step prints the commands it runs with their
# real output, then checks what it showed; the last line says whether
# every step did. Exit status 0 only when all did.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"
. "$CVSW_REPO/selftests/agent/lib-agent.sh"
. "$CVSW_REPO/tools/demo-lib.sh"
T=$DEMO_TMP
VNI=42

# A helper of the libraries that gives up (setup_pair, tun_underlay) ends
# the script: the step it was in fails and the verdict still gets printed.
demo_exit() {
	local rc=$?
	trap - EXIT
	[ -n "$CAP_PIDS" ] && cap_stop
	for p in $BG_PIDS; do kill -TERM "$p" 2>/dev/null; done
	if [ -z "${STEP_END_DONE:-}" ]; then
		echo "FAIL: step $STEP stopped the demo (exit status $rc)"
		STEP_OK=0
		step_end
		echo "demo: step $STEP failed and the steps after it did not run"
		rc=1
	fi
	teardown >/dev/null 2>&1
	exit $rc
}
trap demo_exit EXIT
trap 'exit 1' INT TERM

# ---------------------------------------------------------------------------
step "Two vNICs bound by cvsw_net: A ($IP4_A, netns $NS1) pings B ($IP4_B, netns $NS2)"
setup_pair
note "A\$ and B\$ are shells in the two namespaces; cvsw-shell, cvsw-ofagent from $CVSW_REPO"
on A ethtool -i "$IF_A"
on B ethtool -i "$IF_B"
on A cvsw-shell show devices
on A ping -c 3 -w 10 $IP4_B
check "ping A -> B: 3 of 3 replies" [ $? = 0 ]
check "A's NIC $IF_A is driven by cvsw_net" [ "$(nic_driver "$IF_A" $NS1)" = cvsw_net ]
check "B's NIC $IF_B is driven by cvsw_net" [ "$(nic_driver "$IF_B" $NS2)" = cvsw_net ]

# ---------------------------------------------------------------------------
step "A drop flow from cvsw-shell: A's ICMP to B is dropped in the vNIC and counted"
dp_reset
DROP="priority=100,in_port=host,icmp,nw_dst=$IP4_B"
on A cvsw-shell flow add "$IF_A" "$DROP,actions=drop"
check "the shell added the drop flow" [ $? = 0 ]
on A ping -c 3 -W 1 $IP4_B
check "ping fails while the flow drops it" [ $? != 0 ]
on A cvsw-shell flow dump "$IF_A"
n=$(dp_sh $NS1 flow get "$IF_A" "$DROP" | n_packets)
check "the drop flow counted the 3 echo requests (n_packets=$n)" [ "${n:-0}" -ge 3 ]
on A cvsw-shell flow del "$IF_A" --strict "$DROP"
on A ping -c 3 -w 10 $IP4_B
check "with the flow deleted the ping passes again" [ $? = 0 ]

# ---------------------------------------------------------------------------
step "A rewrite flow: the vNIC marks A's pings DSCP EF (TOS 0xb8); A's stack sent TOS 0, B's tcpdump sees 0xb8"
dp_reset
MARK="priority=100,in_port=host,icmp,nw_dst=$IP4_B"
on A cvsw-shell flow add "$IF_A" "$MARK,actions=mod_nw_tos:184,output:net"
check "the shell added the rewrite flow" [ $? = 0 ]
note "tcpdump captures ICMP on $IF_A in A (what the stack sent) and on $IF_B in B (what arrived)"
cap_start $NS1 "$IF_A" $T/tos-a.pcap -Q out icmp
cap_start $NS2 "$IF_B" $T/tos-b.pcap -Q in icmp
on A ping -c 3 -w 10 $IP4_B
check "the rewritten pings get their replies" [ $? = 0 ]
cap_stop
on A tcpdump -r $T/tos-a.pcap -nn -v -c 1 'icmp[0] = 8'
on B tcpdump -r $T/tos-b.pcap -nn -v -c 1 'icmp[0] = 8'
check "A's stack sent 3 echo requests with TOS 0" \
	[ "$(cap_count $T/tos-a.pcap 'icmp[0] = 8 and ip[1] = 0')" -ge 3 ]
check "B received 3 echo requests with TOS 0xb8" \
	[ "$(cap_count $T/tos-b.pcap 'icmp[0] = 8 and ip[1] = 0xb8')" -ge 3 ]
check "B received no echo request unmarked" \
	[ "$(cap_count $T/tos-b.pcap 'icmp[0] = 8 and ip[1] != 0xb8')" = 0 ]

# ---------------------------------------------------------------------------
step "Counters move: flows and ports before and after 2 s of iperf3 A -> B"
dp_reset
OUT_F="priority=10,in_port=host,ip"
IN_F="priority=10,in_port=net,ip"
on A cvsw-shell flow add "$IF_A" "$OUT_F,actions=output:net"
on A cvsw-shell flow add "$IF_A" "$IN_F,actions=output:host"
on A cvsw-shell stats "$IF_A"
tx0=$(port_field 2 tx_packets <"$SHOWN")
rx0=$(port_field 2 rx_packets <"$SHOWN")
note "B runs an iperf3 server (iperf3 -s -1 -p 5299)"
iperf_server $NS2 5299
ISP=$!
on A iperf3 -c $IP4_B -p 5299 -t 2
check "iperf3 A -> B ran" [ $? = 0 ]
wait $ISP 2>/dev/null
on A cvsw-shell flow dump "$IF_A"
n_out=$(dp_sh $NS1 flow get "$IF_A" "$OUT_F" | n_packets)
n_in=$(dp_sh $NS1 flow get "$IF_A" "$IN_F" | n_packets)
on A cvsw-shell stats "$IF_A"
tx1=$(port_field 2 tx_packets <"$SHOWN")
rx1=$(port_field 2 rx_packets <"$SHOWN")
d_tx=$(( ${tx1:-0} - ${tx0:-0} ))
d_rx=$(( ${rx1:-0} - ${rx0:-0} ))
check "the flow A -> wire counted $n_out packets (want >= 100)" [ "${n_out:-0}" -ge 100 ]
check "the flow wire -> A counted $n_in packets (want >= 100)" [ "${n_in:-0}" -ge 100 ]
check "port 2 (net) sent $d_tx and received $d_rx more packets (want >= 100 each)" \
	[ "$d_tx" -ge 100 -a "$d_rx" -ge 100 ]

# ---------------------------------------------------------------------------
step "A VXLAN tunnel port (VNI $VNI) to a Linux vxlan device in B: ping over the overlay, tcpdump in B sees the VNI"
dp_reset
tun_underlay
on B ip link add vxlan$VNI type vxlan id $VNI local $IP4_B remote $IP4_A dstport 4789
on B ip addr add $IN4_B/24 dev vxlan$VNI
on B ip link set vxlan$VNI up
on A cvsw-shell tunnel add "$IF_A" vx0 type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=$VNI
check "the shell added tunnel port vx0" [ $? = 0 ]
on A ip addr add $IN4_A/24 dev "$IF_A" noprefixroute
on A ip route add $INNET dev "$IF_A" src $IN4_A mtu 1450
on A cvsw-shell flow add "$IF_A" priority=100,in_port=host,ip,nw_dst=$INNET,actions=output:vx0
on A cvsw-shell flow add "$IF_A" priority=100,in_port=host,arp,arp_tpa=$INNET,actions=output:vx0
on A cvsw-shell flow add "$IF_A" priority=100,in_port=vx0,actions=output:host
note "tcpdump captures the underlay's VXLAN (udp port 4789) on $IF_B in B"
cap_start $NS2 "$IF_B" $T/vxlan.pcap udp port 4789
on A ping -c 3 -w 15 $IN4_B
check "ping A -> $IN4_B over the overlay" [ $? = 0 ]
cap_stop
on B tcpdump -r $T/vxlan.pcap -nn -c 4
# VXLAN header after the 8 bytes of UDP: flags 0x08, VNI in bytes 4-6
vx="src host $IP4_A and udp dst port 4789 and udp[8] = 0x08 and udp[12:2] = 0 and udp[14] = $VNI"
check "B received A's packets as VXLAN with VNI $VNI" \
	[ "$(cap_count $T/vxlan.pcap "$vx and udp[8 + 8 + 12:2] = 0x0800")" -ge 3 ]
on A cvsw-shell tunnel show "$IF_A"
port=$(sed -n 's/^[^ ]* vx0: port \([0-9]*\),.*/\1/p' "$SHOWN")
on A cvsw-shell stats "$IF_A" ports
tx=$(port_field "${port:-3}" tx_packets <"$SHOWN")
rx=$(port_field "${port:-3}" rx_packets <"$SHOWN")
check "tunnel port ${port:-?} (vx0) sent ${tx:-?} and received ${rx:-?} packets (want >= 3 each)" \
	[ "${tx:-0}" -ge 3 -a "${rx:-0}" -ge 3 ]
tun_del $NS1 "$IF_A" vx0
in2 ip link del vxlan$VNI
in1 ip addr del $IN4_A/24 dev "$IF_A"

# ---------------------------------------------------------------------------
step "cvsw-ofagent under ovs-testcontroller: the controller learns A and B, installs flows, the ping passes"
dp_reset
note "neighbour caches flushed: the ARP exchange goes through the controller too"
in1 ip neigh flush dev "$IF_A"
in2 ip neigh flush dev "$IF_B"
on_bg A ovs-testcontroller --no-chdir --unixctl=$T/tc.ctl -vconsole:off --log-file=$T/tc.log ptcp:6633:127.0.0.1
TC=$BG_PID
on_bg A cvsw-ofagent --log-file=$T/agent.log "$IF_A" --listen ptcp:$OF_PORT:127.0.0.1 tcp:127.0.0.1:6633
AG=$BG_PID
wait_for 30 grep -q "negotiated OpenFlow 1.0" $T/agent.log
check "the agent connected to ovs-testcontroller" [ $? = 0 ]
on A grep -E "datapath id|negotiated" $T/agent.log
on A ping -c 3 -w 15 $IP4_B
check "ping A -> B through the controller's flows" [ $? = 0 ]
on A ovs-ofctl -O OpenFlow10 dump-flows $SW
check "the controller installed a flow to B's MAC out of port 2 (net)" \
	grep -q "dl_dst=$CVSW_MAC_B.*actions=output:2" "$SHOWN"
check "the controller installed a flow to A's MAC out of port 1 (host)" \
	grep -Eq "dl_dst=$CVSW_MAC_A.*actions=(output:1|LOCAL)" "$SHOWN"
bg_stop $AG
check "the agent stopped on SIGTERM with status 0" [ $? = 0 ]
bg_stop $TC
dp_flush $NS1 "$IF_A" >/dev/null

checks_done
