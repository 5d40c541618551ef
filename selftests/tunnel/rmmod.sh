#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# rmmod cvsw_net with tunnel ports of every kind on both NICs, flows naming
# them, TCP through STT and a ping flood through VXLAN, and STT/SCLP
# reassembly entries left incomplete (first segments only) in B's tables:
#  - rmmod succeeds within 60 s, the module and both netdevs are gone;
#  - iperf3 ends or can be killed (nothing stuck in the kernel);
#  - reloading binds both NICs; fresh tunnel ports work (ping over STT);
#  - no splat (the test's dmesg check); postcheck later checks the module
#    references.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP

tunnels_up() {
	setup_pair
	dp_reset
	tun_underlay
	i=0
	for kind in vxlan geneve nvgre stt sclp; do
		i=$((i + 1))
		k=$((9000 + i))
		tun_add $NS1 "$IF_A" t$kind type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$k &&
			tun_add $NS2 "$IF_B" t$kind type=$kind remote_ip=$IP4_A local_ip=$IP4_B key=$k ||
			{ ko "$kind: tunnel add"; return 1; }
		mtu=$((WIRE_MTU - $(tun_doc_overhead $kind)))
		tun_inner $NS1 "$IF_A" 10.100.$i.1 10.100.$i.0/24 $mtu &&
			tun_inner $NS2 "$IF_B" 10.100.$i.2 10.100.$i.0/24 $mtu &&
			tun_flows $NS1 "$IF_A" t$kind 10.100.$i.0/24 &&
			tun_flows $NS2 "$IF_B" t$kind 10.100.$i.0/24 || { ko "$kind: overlay set-up"; return 1; }
	done
}

tunnels_up || fail "tunnel set-up"
ping_ok $NS1 10.100.4.2 || fail "no ping over STT before rmmod"
ok "five tunnel ports on each NIC, ping over STT works"
# incomplete reassembly entries on B
tun_traffic $NS1 reasm stt "$IF_A" $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B 9004 10.100.4.2 9 \
	--frames 50 --first-only --seg 600 >/dev/null || ko "crafting STT first segments"
tun_traffic $NS1 reasm sclp "$IF_A" $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B 9005 10.100.5.2 9 \
	--frames 50 --first-only --seg 600 >/dev/null || ko "crafting SCLP first segments"
iperf_server $NS2 5231 || ko "iperf3 server"
in1 timeout 120 iperf3 -c 10.100.4.2 -p 5231 -t 60 >$T/iperf.out 2>&1 &
IPERF=$!
in1 ping -f -w 60 10.100.1.2 >$T/flood.out 2>&1 &
FLOOD=$!
sleep 5

t0=$(date +%s)
if timeout 60 rmmod cvsw_net; then
	ok "rmmod cvsw_net with tunnels and traffic took $(( $(date +%s) - t0 ))s"
else
	ko "rmmod cvsw_net failed or hung (rc $?)"
fi
[ -d /sys/module/cvsw_net ] && ko "cvsw_net still loaded" || ok "cvsw_net is gone"
nic_present "$CVSW_MAC_A" $NS1 || nic_present "$CVSW_MAC_B" $NS2 ||
	nic_present "$CVSW_MAC_A" || nic_present "$CVSW_MAC_B" &&
	ko "a NIC is still there after rmmod" || ok "both netdevs are gone"
reap_client $IPERF iperf3 30
reap_client $FLOOD "ping flood" 30
ns_del $NS1
ns_del $NS2
driver_load && ok "cvsw_net reloaded, both NICs back" || fail "reloading cvsw_net"
tunnels_up || fail "tunnel set-up after reload"
[ "$(tun_get $NS2 "$IF_B" tstt reasm_done)" = 0 ] && ok "fresh tunnel ports start with zero counters" ||
	ko "fresh port's reasm_done is '$(tun_get $NS2 "$IF_B" tstt reasm_done)'"
if ping_ok $NS1 10.100.4.2 && ping_ok $NS2 10.100.1.1; then
	ok "ping over STT and VXLAN after the reload"
else
	ko "no ping over the tunnels after the reload"
fi
tun_reset $NS1 "$IF_A"
tun_reset $NS2 "$IF_B"
exit 0
