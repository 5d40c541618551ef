#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Frame soak (short): FRAMESOAK_COUNT (default 100000) malformed and
# mutated frames (framefuzz.c: the seeds of `tunpkt.py seeds`, mutated, half
# with their outer checksums made right) from an AF_PACKET socket on NIC A
# at FRAMESOAK_RATE (5000) a second,
# through A's datapath on transmit and B's on receive. Both have a tunnel
# port of each kind (VXLAN, Geneve, NVGRE, STT, SCLP) and flows that
# rewrite, tag and untag VLANs and send packet-ins to a listening monitor;
# a fifth of the frames take a source MAC that A's flows send into its
# tunnel ports, so they reach B as broken inner frames of good tunnel
# packets. B's reassembly cap is lowered to FRAMESOAK_REASM_MAX (64 KiB)
# so the soak reaches it. A ping runs on the underlay throughout.
# Afterwards: B's reassembly peak never passed the cap and the table
# empties as its frames time out; each tunnel and the underlay still carry
# a ping both ways; most frames reached B; no splat. The seed
# (FRAMESOAK_SEED, fixed by default) replays a run; tools/soak.sh runs ten
# million.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP
COUNT=${FRAMESOAK_COUNT:-100000}
# B shares the guest's two vCPUs with A and the sender: faster than this,
# the host's tap drops most frames before B's receive path sees them.
RATE=${FRAMESOAK_RATE:-5000}
SEED=${FRAMESOAK_SEED:-20261208}
REASM_MAX=${FRAMESOAK_REASM_MAX:-65536}
VIA=02:00:00:f0:0f:01
KINDS=$TUN_KINDS
PARAM=/sys/module/cvsw_net/parameters/reasm_max_bytes
echo "# framesoak: seed $SEED, $COUNT frames (replay: FRAMESOAK_SEED=$SEED" \
	"FRAMESOAK_COUNT=$COUNT selftests/run.sh dp/framesoak)"

gcc -O2 -Wall -o "$T/framefuzz" "$DP_DIR/framefuzz.c" || fail "framefuzz.c does not build"

PING_PID=""
REASM_WAS=$(cat $PARAM)
cleanup() {
	[ -n "$PING_PID" ] && kill "$PING_PID" 2>/dev/null
	dp_monitor_stop
	echo "$REASM_WAS" >$PARAM
}
trap 'rc=$?; cleanup; (exit $rc); test_exit' EXIT

setup_pair
dp_reset
tun_underlay
# Mutated ARP frames would teach B's stack a wrong MAC for A (Linux takes
# an unsolicited ARP's update), and the tunnels would lose the way until
# it is probed again: the underlay's neighbours stay fixed.
in1 ip neigh replace $IP4_B lladdr $CVSW_MAC_B dev "$IF_A" nud permanent &&
	in2 ip neigh replace $IP4_A lladdr $CVSW_MAC_A dev "$IF_B" nud permanent ||
	fail "permanent neighbours"
tun_five 10.101 7000

# A, transmit: frames from VIA into the tunnels by protocol; plain TCP,
# UDP and tagged seeds rewritten and tagged on their way to the wire (the
# tunnel packets among the seeds go out as they are, for B's decap). B, receive: rewrites,
# VLAN tags off and on, packet-ins. The overlay's and the underlay's own
# flows (priority 100, miss=normal for ICMP and ARP) stay above.
dp_flow $NS1 "$IF_A" \
	"priority=60,dl_src=$VIA,udp,actions=output:tvxlan" \
	"priority=60,dl_src=$VIA,tcp,actions=output:tstt" \
	"priority=60,dl_src=$VIA,icmp,actions=output:tgeneve" \
	"priority=60,dl_src=$VIA,arp,actions=output:tnvgre" \
	"priority=50,dl_src=$VIA,actions=output:tsclp" \
	"priority=40,in_port=1,tcp,tp_dst=22,actions=mod_vlan_vid:7,mod_nw_tos:16,output:2" \
	"priority=40,in_port=1,dl_vlan=10,actions=strip_vlan,mod_tp_dst:9,output:2" \
	"priority=30,in_port=1,udp,tp_dst=5001,actions=mod_nw_src:10.77.0.99,mod_tp_src:1234,output:2" \
	"priority=30,in_port=1,ipv6,actions=controller:64,output:2" ||
	fail "A's flows refused"
dp_flow $NS2 "$IF_B" \
	"priority=40,in_port=2,dl_vlan=7,actions=strip_vlan,controller:128,output:1" \
	"priority=40,in_port=2,dl_vlan=10,actions=mod_vlan_pcp:5,mod_dl_src:02:00:00:0b:0b:0b,output:1" \
	"priority=30,in_port=2,udp,actions=mod_nw_dst:10.77.0.98,mod_tp_dst:7,output:1" \
	"priority=30,in_port=2,tcp,actions=controller:96" \
	"priority=20,in_port=2,ipv6,actions=mod_vlan_vid:33,output:1" ||
	fail "B's flows refused"
dp_sh $NS2 set device "$IF_B" packet-in-rate 100000 >/dev/null
dp_monitor_start $NS2 "$IF_B" "$T/monitor.json" || fail "the monitor did not start"
echo "$REASM_MAX" >$PARAM || fail "cannot lower reasm_max_bytes"

tun_traffic $NS1 seeds $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B --keys "$TUN_KEYS" \
	--seed "$SEED" --pcap "$T/seeds.pcap" || fail "tunpkt.py seeds failed"

reasm() { # KEY of B's reassembly table
	dp_sh $NS2 --json show device "$IF_B" |
		"$DP_PY" -c 'import json, sys; print(json.load(sys.stdin)["reassembly"][sys.argv[1]])' "$1"
}
tx0=$(dp_port_stat $NS1 "$IF_A" 1 rx_packets)
peak0=$(reasm peak_bytes)
wtx0=$(nic_stat $NS1 "$IF_A" tx_packets)
wrx0=$(nic_stat $NS2 "$IF_B" rx_packets)
in1 ping -i 0.2 "$IP4_B" >"$T/ping.log" 2>&1 &
PING_PID=$!
t0=$(date +%s)
in1 "$T/framefuzz" "$IF_A" "$T/seeds.pcap" "$COUNT" "$SEED" --via-mac $VIA --via-pct 20 --rate "$RATE" \
	--report "${FRAMESOAK_REPORT:-60}" >"$T/fuzz.out" 2>&1 ||
	ko "framefuzz failed: $(tail -3 "$T/fuzz.out")"
t1=$(date +%s)
sed 's/^/# /' "$T/fuzz.out" | tail -3
sleep 2
kill "$PING_PID" 2>/dev/null
wait "$PING_PID" 2>/dev/null
PING_PID=""
tx=$(( $(dp_port_stat $NS1 "$IF_A" 1 rx_packets) - tx0 ))
wtx=$(( $(nic_stat $NS1 "$IF_A" tx_packets) - wtx0 ))
wrx=$(( $(nic_stat $NS2 "$IF_B" rx_packets) - wrx0 ))
echo "# framesoak: $COUNT frames in $((t1 - t0)) s; A's datapath took $tx from its" \
	"host port and sent $wtx to the wire, B's NIC received $wrx; ping during" \
	"the soak: $(grep -c 'bytes from' "$T/ping.log") replies"
# A's transmit path sees every frame (the sender waits for buffers); what
# A's flows and checks let out reaches B's receive path, less what the
# host's tap drops when B falls behind.
[ "$tx" -ge "$COUNT" ] && ok "A's datapath took all $COUNT frames on transmit" ||
	ko "A's datapath took only $tx of the $COUNT frames"
[ "$wtx" -gt 0 ] && [ $((wrx * 2)) -ge "$wtx" ] &&
	ok "B's receive path got $wrx of the $wtx frames A sent (at least half)" ||
	ko "B's NIC received $wrx of the $wtx frames A's NIC sent"

# The reassembly table: never past its cap, and empty once its frames time
# out (reasm_timeout_ms, 1 s; the timer scans every 250 ms).
peak=$(reasm peak_bytes)
# The peak is kept since the device came up: a test before this one in
# the same boot (tunnel/fuzz, under the default 4 MiB cap) may have set it
# above this run's cap, and then it says nothing about this run.
if [ "$peak0" -gt "$REASM_MAX" ]; then
	log "reassembly: peak $peak0 bytes before the soak (an earlier test, default cap): the cap is not checked"
else
max=$(reasm max_bytes)
[ "$max" -eq "$REASM_MAX" ] && [ "$peak" -le "$max" ] &&
	ok "reassembly: peak $peak bytes within the cap $max$([ $((peak * 4)) -ge $((max * 3)) ] && echo ' (reached)')" ||
	ko "reassembly: peak $peak bytes, cap $max (want <= $REASM_MAX)"
fi
end=$(( $(date +%s) + 10 * ${CVSW_SLOW:-1} ))
while [ "$(reasm frames)" -ne 0 ] || [ "$(reasm bytes)" -ne 0 ]; do
	[ "$(date +%s)" -ge $end ] && break
	sleep 1
done
f=$(reasm frames); b=$(reasm bytes)
[ "$f" -eq 0 ] && [ "$b" -eq 0 ] && ok "reassembly: the table emptied (timeouts)" ||
	ko "reassembly: $f frames, $b bytes still held 10 s after the soak"
drops=0
for kind in stt sclp; do
	drops=$((drops + $(tun_get $NS2 "$IF_B" t$kind reasm_drops)))
done
log "B: reassembly drops $drops (cap reached or bad segments)"
log "B: $(for k in $KINDS; do echo "t$k[$(tun_counters $NS2 "$IF_B" t$k)]"; done | tr '\n' ' ')"
log "packet-ins seen by the monitor: $(grep -c '"packet_in"' "$T/monitor.json")"
dmesg_check || TEST_RC=$KSFT_FAIL

# Still working (what the stacks learnt from the soak's ARP frames goes:
# the permanent underlay entries stay).
in1 ip neigh flush dev "$IF_A"
in2 ip neigh flush dev "$IF_B"
for kind in $KINDS; do
	i=$(tun_idx $kind)
	if ping_ok $NS1 10.101.$i.2 && ping_ok $NS2 10.101.$i.1; then
		ok "$kind: the tunnel carries ping both ways after the soak"
	else
		ko "$kind: no ping through the tunnel after the soak"
	fi
done
ping_ok $NS1 $IP4_B && ping_ok $NS2 $IP4_A && ok "the underlay carries ping both ways" ||
	ko "no underlay ping after the soak"
tun_reset $NS1 "$IF_A"
tun_reset $NS2 "$IF_B"
exit 0
