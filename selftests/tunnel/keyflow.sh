#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# key=flow: one VXLAN port of NIC A carries two VNIs, chosen per flow with
# set_tunnel and matched on receive with tun_id (and tun_src), against two
# Linux vxlan devices (id 101 and 102, one UDP socket) in B's namespace.
#  - ping over both overlays both ways; B's capture shows VNI 101 only for
#    10.91.1.0/24 and VNI 102 only for 10.91.2.0/24 (tshark's vxlan
#    dissector), checksums valid;
#  - the receive flows in_port=t0,tun_id=101 / tun_id=102 (with
#    tun_src=10.77.0.2) count their own packets; a higher-priority flow
#    with tun_src=10.77.0.99 matches nothing;
#  - a third Linux device, VNI 103, reaches the port too (key=flow accepts
#    any id): its packets hit the tun_id=103 flow (drop, counted), none
#    reach A's stack;
#  - set_tunnel64 with a 24-bit value works like set_tunnel.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP

setup_pair
dp_reset
tun_underlay
tun_add $NS1 "$IF_A" t0 type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=flow ||
	fail "tunnel add key=flow refused"
k=$(tun_get $NS1 "$IF_A" t0 key)
[ "$k" = flow ] && ok "tunnel show: key flow" || ko "tunnel show: key '$k', want flow"
for v in 1 2 3; do
	peer_linux $NS2 vxlan tl10$v 10$v $IP4_B $IP4_A 10.91.$v.2 "$IF_B" || fail "Linux vxlan id 10$v"
done
for v in 1 2; do
	tun_inner $NS1 "$IF_A" 10.91.$v.1 10.91.$v.0/24 1450 || fail "inner address 10.91.$v.1"
done
dp_rx_csum_off $NS2 "$IF_B"
dp_flow $NS1 "$IF_A" \
	"priority=100,in_port=1,ip,nw_dst=10.91.1.0/24,actions=set_tunnel:101,output:t0" \
	"priority=100,in_port=1,arp,nw_dst=10.91.1.0/24,actions=set_tunnel:101,output:t0" \
	"priority=100,in_port=1,ip,nw_dst=10.91.2.0/24,actions=set_tunnel64:102,output:t0" \
	"priority=100,in_port=1,arp,nw_dst=10.91.2.0/24,actions=set_tunnel64:102,output:t0" \
	"priority=100,in_port=t0,tun_id=101,tun_src=$IP4_B,actions=output:1" \
	"priority=100,in_port=t0,tun_id=102,tun_src=$IP4_B,actions=output:1" \
	"priority=100,in_port=t0,tun_id=103,actions=" \
	"priority=200,in_port=t0,tun_src=10.77.0.99,actions=" ||
	fail "the key=flow flows were refused"

cap_start $NS2 "$IF_B" $T/b.pcap -Q in "src host $IP4_A and udp port 4789" || fail "capture on B"
cap_start $NS1 "$IF_A" $T/a.pcap -Q in "net 10.91.0.0/16" || fail "capture on A"
for v in 1 2; do
	if ping_ok $NS1 10.91.$v.2; then ok "ping A -> 10.91.$v.2 (VNI 10$v)"; else ko "ping A -> 10.91.$v.2 (VNI 10$v)"; fi
	if ping_ok $NS2 10.91.$v.1; then ok "ping 10.91.$v.2 -> A (VNI 10$v)"; else ko "ping 10.91.$v.2 -> A (VNI 10$v)"; fi
done
# VNI 103: B's device sends (to a static neighbour: A's MAC), A must drop.
in2 ip neigh replace 10.91.3.1 lladdr $CVSW_MAC_A dev tl103
in2 ping -c 5 -i 0.2 -W 1 10.91.3.1 >/dev/null 2>&1
cap_stop

# one capture holds both overlays: check each VNI's packets by themselves
for v in 1 2; do
	tshark -r $T/b.pcap -Y "vxlan.vni == 10$v" -w $T/b10$v.pcap >/dev/null 2>&1 ||
		ko "splitting B's capture by VNI 10$v"
	tun_cap_check "B's capture, VNI 10$v" encap $T/b10$v.pcap vxlan $IP4_A $IP4_B 10$v \
		--smac $CVSW_MAC_A --dmac $CVSW_MAC_B --inner-src 10.91.$v.1 --inner-dst 10.91.$v.2 --min 6
done
# no packet of one overlay carries the other's VNI
"$DP_PY" - $T/b.pcap <<'PYEOF'
import subprocess, sys
out = subprocess.run(["tshark", "-r", sys.argv[1], "-n", "-T", "fields", "-E", "occurrence=a",
                      "-E", "aggregator=|", "-e", "vxlan.vni", "-e", "ip.dst", "-e", "arp.dst.proto_ipv4"],
                     capture_output=True, text=True).stdout.splitlines()
bad, n = [], 0
for ln in out:
    vni, ips, arp = (ln.split("\t") + ["", "", ""])[:3]
    inner = (ips.split("|")[1:] or [arp])[0]
    if not vni:
        continue
    n += 1
    want = {"10.91.1.": "101", "10.91.2.": "102"}.get(inner[:8])
    if want != vni:
        bad.append("vni %s inner dst %s" % (vni, inner))
if bad or not n:
    print("# FAIL: VNI per overlay: %d of %d packets wrong, e.g. %s" % (len(bad), n, bad[:2]))
    sys.exit(1)
print("# ok: VNI per overlay: all %d packets carry their overlay's VNI" % n)
PYEOF
[ $? -eq 0 ] || TEST_RC=$KSFT_FAIL

for v in 1 2; do
	c=$(dp_flow_packets $NS1 "$IF_A" "priority=100,in_port=t0,tun_id=10$v,tun_src=$IP4_B")
	[ "${c:-0}" -ge 6 ] && ok "receive flow tun_id=10$v counted $c packets" ||
		ko "receive flow tun_id=10$v counted '$c' packets (want >= 6)"
done
c=$(dp_flow_packets $NS1 "$IF_A" "priority=100,in_port=t0,tun_id=103")
[ "${c:-0}" -ge 5 ] && ok "VNI 103 accepted by key=flow and matched by tun_id=103 ($c packets)" ||
	ko "VNI 103: the tun_id=103 flow counted '$c' packets (want >= 5)"
c=$(dp_flow_packets $NS1 "$IF_A" "priority=200,in_port=t0,tun_src=10.77.0.99")
[ "$c" = 0 ] && ok "tun_src=10.77.0.99 matched nothing" || ko "tun_src=10.77.0.99 matched '$c' packets"
n=$(cap_count $T/a.pcap "net 10.91.3.0/24")
[ "$n" -eq 0 ] && ok "nothing of VNI 103 reached A's stack" || ko "$n packets of VNI 103 reached A's stack"
tun_reset $NS1 "$IF_A"
exit 0
