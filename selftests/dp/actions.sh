#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Every OpenFlow 1.0 rewrite action of the cvsw datapath, checked on the wire.
#
# A-side (transmit path, in_port=1): flows on NIC A rewrite what A's stack
# sends; B (rx checksum offload and GRO off, so the host completes every
# checksum and segments every GSO packet before B gets it) captures, and
# tshark checks the rewritten fields and that every IP/UDP/TCP checksum is
# valid. Run twice: A with tx offloads on (CHECKSUM_PARTIAL skbs, TSO super
# packets, so the pseudo-header seed the datapath updates is what the host
# finishes) and with tx offloads off (complete checksums updated
# incrementally). TCP cases carry a real connection of 128 KiB through the
# rewrite (B's transmit path rewrites the replies back), so B's stack also
# validates every checksum and the transfer must complete.
#
# B-side (receive path, in_port=2): flows on NIC B rewrite what it receives;
# the capture on B sees frames after the driver's datapath hook (checked:
# no frame with the pre-rewrite port shows up), and a UDP receiver in B's
# stack checks what the stack got.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"

test_init
dp_need_tools
setup_pair
dp_reset

MAC_A=$CVSW_MAC_A
MAC_B=$CVSW_MAC_B
T=$DP_TMP
N=5		# datagrams per UDP case
TCP_BYTES=131072

dp_rx_csum_off $NS1 "$IF_A" || fail "ethtool -K $IF_A rx off"
dp_rx_csum_off $NS2 "$IF_B" || fail "ethtool -K $IF_B rx off"
for ns in $NS1 $NS2; do
	nsx $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done

# Addresses the rewrites need: VLAN subinterfaces, static neighbours for
# the rewritten/fake peers.
in1 ip link add link "$IF_A" name va300 type vlan id 300
in1 ip link add link "$IF_A" name va500 type vlan id 500
in1 ip addr add 10.78.0.1/24 dev va300
in1 ip addr add 10.80.0.1/24 dev va500
in1 ip link set va300 up
in1 ip link set va500 up
in1 ip neigh replace 10.78.0.2 lladdr $MAC_B dev va300
in1 ip neigh replace 10.80.0.2 lladdr $MAC_B dev va500
in1 ip neigh replace 10.77.0.62 lladdr $MAC_B dev "$IF_A"
in1 ip neigh replace 10.77.0.72 lladdr $MAC_B dev "$IF_A"
in1 ip neigh replace 10.77.0.73 lladdr 02:00:00:00:cc:07 dev "$IF_A"
in1 ip route add 10.79.0.2/32 dev "$IF_A"
in1 ip route add 10.81.0.2/32 dev "$IF_A"
in1 ip neigh replace 10.79.0.2 lladdr $MAC_B dev "$IF_A"
in1 ip neigh replace 10.81.0.2 lladdr $MAC_B dev "$IF_A"
in2 ip link add link "$IF_B" name vb400 type vlan id 400
in2 ip link add link "$IF_B" name vb600 type vlan id 600
in2 ip addr add 10.79.0.2/24 dev vb400
in2 ip addr add 10.81.0.2/24 dev vb600
in2 ip addr add 10.78.0.2/24 dev "$IF_B"
in2 ip addr add 10.80.0.2/24 dev "$IF_B"
in2 ip link set vb400 up
in2 ip link set vb600 up
for ns in $NS1 $NS2; do
	for d in all default vb400 vb600 va300 va500; do
		nsx $ns sysctl -qw net.ipv4.conf.$d.rp_filter=0 2>/dev/null
	done
done
in2 ip neigh replace 10.77.0.61 lladdr $MAC_A dev "$IF_B"
in2 ip neigh replace 10.80.0.1 lladdr $MAC_A dev "$IF_B"
in2 ip neigh replace 10.77.0.1 lladdr $MAC_A dev "$IF_B"
in1 ip neigh replace 10.77.0.2 lladdr $MAC_B dev "$IF_A"
ping_ok $NS1 $IP4_B >/dev/null || fail "no IPv4 connectivity A -> B before any flow"

# ------------------------------------------------------------ A-side (tx)
a_flows() {
	dp_flow $NS1 "$IF_A" \
	"priority=100,in_port=1,udp,tp_dst=7001,actions=mod_dl_src:02:00:00:00:aa:01,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7002,actions=mod_dl_dst:02:00:00:00:bb:02,normal" \
	"priority=100,in_port=1,udp,tp_dst=7003,actions=mod_nw_src:10.77.0.51,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7004,actions=mod_nw_dst:10.77.0.52,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7005,actions=mod_nw_tos:0xb8,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7006,actions=mod_tp_src:32006,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7007,actions=mod_tp_dst:8007,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7008,actions=mod_vlan_vid:123,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7009,actions=mod_vlan_pcp:5,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7010,actions=mod_vlan_vid:200,mod_vlan_pcp:3,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7011,actions=mod_dl_src:02:00:00:00:aa:0b,mod_nw_src:10.77.0.54,mod_nw_dst:10.77.0.55,mod_nw_tos:0x28,mod_tp_src:32011,mod_tp_dst:8011,output:2" \
	"priority=100,in_port=1,udp,tp_dst=7012,actions=mod_tp_dst:8012,enqueue:2:7" \
	"priority=100,in_port=1,udp,tp_dst=7013,actions=mod_nw_dst:10.77.0.53,mod_tp_dst:8013,output:2" \
	"priority=100,in_port=1,dl_vlan=300,udp,tp_dst=7014,actions=strip_vlan,output:2" \
	"priority=100,in_port=1,dl_vlan=300,udp,tp_dst=7015,actions=mod_vlan_vid:301,mod_vlan_pcp:6,output:2" \
	"priority=100,in_port=1,tcp,nw_dst=10.77.0.2,tp_dst=5301,actions=mod_tp_dst:6301,output:2" \
	"priority=100,in_port=1,tcp,tp_src=41302,actions=mod_nw_src:10.77.0.61,mod_tp_src:42302,output:2" \
	"priority=100,in_port=1,tcp,nw_dst=10.77.0.62,tp_dst=5303,actions=mod_nw_dst:10.77.0.2,mod_nw_tos:0x28,mod_dl_src:02:00:00:00:aa:33,output:2" \
	"priority=100,in_port=1,tcp,nw_dst=10.79.0.2,tp_dst=5304,actions=mod_vlan_vid:400,output:2" \
	"priority=100,in_port=1,dl_vlan=500,tcp,tp_dst=5305,actions=strip_vlan,output:2" &&
	# B's transmit path turns the replies of the TCP cases back.
	dp_flow $NS2 "$IF_B" \
	"priority=100,in_port=1,tcp,tp_src=6301,actions=mod_tp_src:5301,output:2" \
	"priority=100,in_port=1,tcp,nw_dst=10.77.0.61,tp_dst=42302,actions=mod_nw_dst:10.77.0.1,mod_tp_dst:41302,output:2" \
	"priority=100,in_port=1,tcp,nw_src=10.77.0.2,tp_src=5303,actions=mod_nw_src:10.77.0.62,output:2"
}

# TCP case: tcp_case NAME DST DPORT SINKPORT [SRC SPORT]
tcp_case() {
	local name=$1 dst=$2 dport=$3 sink=$4 src=${5:-} sport=${6:-0} out sent
	rm -f $T/ready
	traffic $NS2 tcp-sink 0.0.0.0 $sink 40 --ready $T/ready >$T/sink.out 2>&1 &
	spid=$!
	wait_for 15 test -e $T/ready || { ko "$name: tcp sink did not start"; return; }
	sent=$(traffic $NS1 tcp-send $dst $dport $TCP_BYTES --src "$src" --sport $sport --timeout 30 2>&1)
	wait $spid
	out=$(cat $T/sink.out)
	case "$out" in
	*"bytes $TCP_BYTES") ok "$mode: $name: $TCP_BYTES bytes through the rewrite ($out)" ;;
	*) ko "$mode: $name: transfer incomplete: sender '$sent', sink '$out'" ;;
	esac
}

a_side() {
	mode=$1
	if [ "$mode" = offload ]; then
		in1 ethtool -K "$IF_A" tx on sg on tso on gso on >/dev/null 2>&1
	else
		in1 ethtool -K "$IF_A" tx off >/dev/null 2>&1
	fi
	log "$mode: A $(in1 ethtool -k "$IF_A" | grep -E '^(tx-checksumming|tcp-segmentation-offload):' | tr -s ' \n' ' ')"
	dp_flush $NS1 "$IF_A"; dp_flush $NS2 "$IF_B"
	a_flows || { ko "$mode: installing the flows failed"; return; }
	cap_start $NS2 "$IF_B" $T/b-$mode.pcap -Q in ip or vlan || { ko "$mode: capture on B"; return; }
	cap_start $NS1 "$IF_A" $T/a-$mode.pcap -s 128 tcp || { ko "$mode: capture on A"; return; }
	traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
10.77.0.2 7001 31001 $N 300
10.77.0.2 7002 31002 $N 300
10.77.0.2 7003 31003 $N 300
10.77.0.2 7004 31004 $N 300
10.77.0.2 7005 31005 $N 300 tos=0x02
10.77.0.2 7006 31006 $N 300
10.77.0.2 7007 31007 $N 300
10.77.0.2 7008 31008 $N 300
10.77.0.2 7009 31009 $N 300
10.77.0.2 7010 31010 $N 300
10.77.0.2 7011 31011 $N 300
10.77.0.2 7012 31012 $N 300
10.77.0.2 7013 31013 $N 300 nocsum
10.78.0.2 7014 31014 $N 300
10.78.0.2 7015 31015 $N 300
10.77.0.2 7017 31017 $N 300
10.77.0.2 7018 31018 $N 1400
EOF
	tcp_case "tcp mod_tp_dst" 10.77.0.2 5301 6301
	tcp_case "tcp mod_nw_src+mod_tp_src" 10.77.0.2 5302 5302 "" 41302
	tcp_case "tcp mod_nw_dst+mod_nw_tos+mod_dl_src" 10.77.0.62 5303 5303
	tcp_case "tcp mod_vlan_vid (push)" 10.79.0.2 5304 5304
	tcp_case "tcp strip_vlan" 10.80.0.2 5305 5305
	cap_stop
	cap_tsv $T/b-$mode.pcap $T/b-$mode.tsv || { ko "$mode: tshark"; return; }
	cap_check "$mode" $T/b-$mode.tsv <<EOF
mod_dl_src|=$N|udp.dstport=7001|eth.src=02:00:00:00:aa:01 eth.dst=$MAC_B ip.src=10.77.0.1 udp.srcport=31001 csum=ok
mod_dl_dst (normal)|=$N|udp.dstport=7002|eth.dst=02:00:00:00:bb:02 eth.src=$MAC_A csum=ok
mod_nw_src|=$N|udp.dstport=7003|ip.src=10.77.0.51 ip.dst=10.77.0.2 csum=ok
mod_nw_dst|=$N|udp.dstport=7004|ip.dst=10.77.0.52 ip.src=10.77.0.1 csum=ok
mod_nw_tos keeps ECN|=$N|udp.dstport=7005|ip.dsfield=0xba csum=ok
mod_tp_src|=$N|udp.dstport=7006|udp.srcport=32006 csum=ok
mod_tp_dst|=$N|udp.dstport=8007|udp.srcport=31007 csum=ok
mod_tp_dst: no unrewritten packet|=0|udp.dstport=7007|
mod_vlan_vid pushes a tag|=$N|udp.dstport=7008|vlan.id=123 vlan.priority=0 csum=ok
mod_vlan_pcp pushes vid 0|=$N|udp.dstport=7009|vlan.id=0 vlan.priority=5 csum=ok
mod_vlan_vid+pcp|=$N|udp.dstport=7010|vlan.id=200 vlan.priority=3 csum=ok
all rewrites at once|=$N|udp.dstport=8011|eth.src=02:00:00:00:aa:0b ip.src=10.77.0.54 ip.dst=10.77.0.55 ip.dsfield=0x28 udp.srcport=32011 vlan.id= csum=ok
enqueue outputs|=$N|udp.dstport=8012|udp.srcport=31012 csum=ok
udp csum 0 stays 0 after mod_nw_dst+mod_tp_dst|=$N|udp.dstport=8013|ip.dst=10.77.0.53 csum=zero
strip_vlan|=$N|udp.dstport=7014|vlan.id= ip.src=10.78.0.1 csum=ok
mod_vlan_vid/pcp on a tagged frame|=$N|udp.dstport=7015|vlan.id=301 vlan.priority=6 ip.src=10.78.0.1 csum=ok
no flow: unchanged|=$N|udp.dstport=7017|vlan.id= ip.src=10.77.0.1 eth.src=$MAC_A csum=ok
no flow: 1400-byte datagrams|=$N|udp.dstport=7018|csum=ok
tcp mod_tp_dst|20|tcp.dstport=6301|ip.dst=10.77.0.2 csum=ok
tcp mod_tp_dst: no unrewritten segment|=0|tcp.dstport=5301|
tcp mod_nw_src+mod_tp_src|20|tcp.srcport=42302|ip.src=10.77.0.61 tcp.dstport=5302 csum=ok
tcp mod_nw_dst+mod_nw_tos+mod_dl_src|20|tcp.dstport=5303|ip.dst=10.77.0.2 ip.dsfield=0x28 eth.src=02:00:00:00:aa:33 csum=ok
tcp mod_vlan_vid push|20|tcp.dstport=5304|vlan.id=400 ip.dst=10.79.0.2 csum=ok
tcp strip_vlan|20|tcp.dstport=5305|vlan.id= ip.src=10.80.0.1 csum=ok
EOF
	cap_csum_all_ok "$mode: whole capture on B" $T/b-$mode.tsv
	# Did the datapath really see GSO super-packets (A's tap sees what the
	# stack hands to ndo_start_xmit)?
	big=$(cap_count $T/a-$mode.pcap 'tcp and greater 1600')
	if [ "$mode" = offload ]; then
		[ "$big" -gt 0 ] && ok "$mode: A transmitted $big TSO super-packets through the datapath" ||
			ko "$mode: no TSO super-packet seen on A: GSO not exercised"
	else
		log "$mode: $big frames > 1600 bytes on A"
	fi
}

a_side offload
a_side full-csum
in1 ethtool -K "$IF_A" tx on sg on tso on gso on >/dev/null 2>&1

# ------------------------------------------------------------ B-side (rx)
mode=rx
dp_flush $NS1 "$IF_A"; dp_flush $NS2 "$IF_B"
dp_flow $NS2 "$IF_B" \
	"priority=100,in_port=2,udp,tp_dst=7101,actions=mod_tp_dst:8101,output:1" \
	"priority=100,in_port=2,udp,tp_dst=7102,actions=mod_nw_src:10.77.0.71,normal" \
	"priority=100,in_port=2,udp,nw_dst=10.77.0.72,actions=mod_nw_dst:10.77.0.2,output:1" \
	"priority=100,in_port=2,udp,tp_dst=7104,actions=mod_tp_src:33104,output:1" \
	"priority=100,in_port=2,dl_vlan=300,udp,tp_dst=7105,actions=strip_vlan,output:1" \
	"priority=100,in_port=2,udp,tp_dst=7106,actions=mod_vlan_vid:600,output:1" \
	"priority=100,in_port=2,dl_dst=02:00:00:00:cc:07,actions=mod_dl_dst:$MAC_B,mod_nw_dst:10.77.0.2,output:1" \
	"priority=100,in_port=2,udp,tp_dst=7108,actions=mod_nw_tos:0x48,output:1" ||
	ko "rx: installing the flows failed"
cap_start $NS2 "$IF_B" $T/b-rx.pcap -Q in ip or vlan || ko "rx: capture on B"
rm -f $T/ready
traffic $NS2 udp-recv 0.0.0.0 8101,7102,7103,7104,7105,7106,7107,7108 $((8 * N)) 60 --ready $T/ready >$T/recv.out 2>&1 &
rpid=$!
wait_for 15 test -e $T/ready || ko "rx: udp receiver did not start"
traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
10.77.0.2 7101 31101 $N 200
10.77.0.2 7102 31102 $N 200
10.77.0.72 7103 31103 $N 200
10.77.0.2 7104 31104 $N 200
10.78.0.2 7105 31105 $N 200
10.81.0.2 7106 31106 $N 200
10.77.0.73 7107 31107 $N 200
10.77.0.2 7108 31108 $N 200
EOF
wait $rpid
cap_stop
# What B's stack received: "port P from IP SPORT LEN".
recv_check() { # NAME PORT EXPECTED-FROM
	local n
	n=$(grep -c "^port $2 from $3 " $T/recv.out)
	[ "$n" -eq $N ] && ok "rx: $1: B's stack got $n datagrams on port $2 from $3" ||
		ko "rx: $1: B's stack got $n of $N datagrams on port $2 from $3 (got: $(grep "^port $2 " $T/recv.out | head -1))"
}
recv_check mod_tp_dst 8101 "10.77.0.1 31101"
recv_check mod_nw_src 7102 "10.77.0.71 31102"
recv_check mod_nw_dst 7103 "10.77.0.1 31103"
recv_check mod_tp_src 7104 "10.77.0.1 33104"
recv_check strip_vlan 7105 "10.78.0.1 31105"
recv_check "mod_vlan_vid (to a VLAN subinterface)" 7106 "10.77.0.1 31106"
recv_check "mod_dl_dst+mod_nw_dst" 7107 "10.77.0.1 31107"
recv_check mod_nw_tos 7108 "10.77.0.1 31108"
if cap_tsv $T/b-rx.pcap $T/b-rx.tsv; then
	cap_check rx $T/b-rx.tsv <<EOF
capture is after the rx hook: no unrewritten packet|=0|udp.dstport=7101|
mod_tp_dst|=$N|udp.dstport=8101|udp.srcport=31101 csum=ok
mod_nw_src|=$N|udp.dstport=7102|ip.src=10.77.0.71 csum=ok
mod_nw_dst|=$N|udp.dstport=7103|ip.dst=10.77.0.2 csum=ok
mod_tp_src|=$N|udp.dstport=7104|udp.srcport=33104 csum=ok
strip_vlan|=$N|udp.dstport=7105|vlan.id= csum=ok
mod_vlan_vid pushes a tag|=$N|udp.dstport=7106|vlan.id=600 csum=ok
mod_dl_dst+mod_nw_dst|=$N|udp.dstport=7107|eth.dst=$MAC_B ip.dst=10.77.0.2 csum=ok
mod_nw_tos|=$N|udp.dstport=7108|ip.dsfield=0x48 csum=ok
EOF
	cap_csum_all_ok "rx: whole capture on B" $T/b-rx.tsv
else
	ko "rx: tshark"
fi

# ------------------------------------------- B-side with B's rx offloads on
# Now B gets CHECKSUM_PARTIAL (NEEDS_CSUM from the host) and GRO_HW super
# packets. UDP: B rewrites and reflects to the wire; the host finishes the
# checksum and A (rx offload off) captures and validates it. TCP: B rewrites
# the port of what it receives (and back on transmit); 128 KiB must arrive.
mode=rx-offload
nsx $NS2 ethtool -K "$IF_B" rx on >/dev/null 2>&1
nsx $NS2 ethtool -K "$IF_B" rx-gro-hw on >/dev/null 2>&1
log "$mode: B $(in2 ethtool -k "$IF_B" | grep -E '^(rx-checksumming|rx-gro-hw):' | tr -s ' \n' ' ')"
dp_flush $NS2 "$IF_B"
dp_flow $NS2 "$IF_B" \
	"priority=100,in_port=2,udp,tp_dst=7301,actions=mod_dl_dst:$MAC_A,mod_dl_src:$MAC_B,mod_nw_dst:10.77.0.1,mod_nw_src:10.77.0.94,mod_tp_src:33301,mod_tp_dst:8301,output:in_port" \
	"priority=100,in_port=2,tcp,tp_dst=5401,actions=mod_tp_dst:6401,output:1" \
	"priority=100,in_port=1,tcp,tp_src=6401,actions=mod_tp_src:5401,output:2" ||
	ko "$mode: installing the flows failed"
cap_start $NS1 "$IF_A" $T/a-rxo.pcap -Q in udp || ko "$mode: capture on A"
rm -f $T/ready
traffic $NS1 udp-recv 0.0.0.0 8301 $N 30 --ready $T/ready >$T/recv-rxo.out 2>&1 &
rpid=$!
wait_for 15 test -e $T/ready || ko "$mode: udp receiver did not start"
traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
10.77.0.2 7301 31301 $N 1000
EOF
wait $rpid
tcp_case "rx tcp mod_tp_dst (B rx offloads on)" 10.77.0.2 5401 6401
cap_stop
n=$(grep -c "^port 8301 from 10.77.0.94 33301 " $T/recv-rxo.out)
[ "$n" -eq $N ] && ok "$mode: rewritten + reflected by B, A's stack got $n datagrams" ||
	ko "$mode: rewritten + reflected by B, A's stack got $n of $N datagrams ($(head -1 $T/recv-rxo.out))"
if cap_tsv $T/a-rxo.pcap $T/a-rxo.tsv; then
	cap_check "$mode" $T/a-rxo.tsv <<EOF
B rewrites a received csum-partial frame and reflects it|=$N|udp.dstport=8301|ip.src=10.77.0.94 udp.srcport=33301 eth.src=$MAC_B csum=ok
EOF
else
	ko "$mode: tshark"
fi
dp_reset
exit 0
