#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A frame that no longer fits the wire after encapsulation. NIC A's VXLAN
# port towards a Linux vxlan device; A's route to the overlay claims the
# whole 1500-byte MTU (no room for the 50 bytes of VXLAN), TSO/GSO off.
#  - 1500-byte IPv4 pings with DF: dropped and counted (too_big), and
#    answered with ICMP "fragmentation needed" towards A's stack, quoting
#    the ping, with next-hop MTU 1450 (1500 less the VXLAN overhead): A's
#    capture shows it, and A's stack learns the path MTU (ip route get);
#    the ping itself then reports the smaller MTU;
#  - 1500-byte pings without DF: dropped and counted, never sent;
#  - 1422-byte pings (a 1450-byte packet, the largest that fits) pass;
#  - with the learned path MTU, TCP through the tunnel works.
#  - `show device` / `tunnel show` report the port's overhead.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP
OH=$(tun_doc_overhead vxlan)
FIT=$((WIRE_MTU - OH))

setup_pair
dp_reset
tun_underlay
tun_add $NS1 "$IF_A" t0 type=vxlan remote_ip=$IP4_B local_ip=$IP4_A key=8001 || fail "tunnel add"
tun_inner $NS1 "$IF_A" $IN4_A $INNET $WIRE_MTU || fail "inner address"
tun_flows $NS1 "$IF_A" t0 $INNET || fail "flows"
peer_linux $NS2 vxlan tl0 8001 $IP4_B $IP4_A $IN4_B "$IF_B" || fail "Linux vxlan"
in1 ethtool -K "$IF_A" tso off gso off >/dev/null 2>&1
dp_rx_csum_off $NS1 "$IF_A"
ping_ok $NS1 $IN4_B -s 56 || fail "no small ping over the tunnel"
oh=$(tun_get $NS1 "$IF_A" t0 overhead)
[ "$oh" = $OH ] && ok "tunnel show: overhead $oh" || ko "tunnel show: overhead '$oh', want $OH"
dp_sh $NS1 --json show device "$IF_A" >$T/dev.json
"$DP_PY" - $T/dev.json $OH <<'PYEOF' && ok "show device reports t0's overhead $OH" ||
import json, sys
want = int(sys.argv[2])
todo = [json.load(open(sys.argv[1]))]
while todo:
    o = todo.pop()
    if isinstance(o, dict):
        if o.get("name") == "t0" and o.get("overhead") == want:
            sys.exit(0)
        todo += list(o.values())
    elif isinstance(o, list):
        todo += o
sys.exit(1)
PYEOF
	ko "show device --json has no port t0 with overhead $OH: $(head -c 400 $T/dev.json)"

big=$((WIRE_MTU - 28))
cap_start $NS1 "$IF_A" $T/a.pcap -Q in icmp || fail "capture on A"
cap_start $NS2 "$IF_B" $T/b.pcap -Q in "udp port 4789" || fail "capture on B"
# without DF first: once the stack knows the path MTU it fragments them
tb0=$(tun_get $NS1 "$IF_A" t0 too_big)
in1 ping -c 3 -i 0.5 -W 1 -M dont -s $big $IN4_B >$T/ping-nodf.out 2>&1
tb1=$(tun_get $NS1 "$IF_A" t0 too_big)
in1 ping -c 3 -i 0.5 -W 1 -M do -s $big $IN4_B >$T/ping-df.out 2>&1
tb2=$(tun_get $NS1 "$IF_A" t0 too_big)
in1 ip route get $IN4_B >$T/route.out 2>&1
ping_ok $NS1 $IN4_B -M do -s $((FIT - 28)) && ok "a $FIT-byte DF ping fits and passes" ||
	ko "a $FIT-byte DF ping does not pass"
cap_stop

[ $((tb2 - tb1)) -ge 1 ] && ok "DF pings of $WIRE_MTU bytes: too_big +$((tb2 - tb1))" ||
	ko "DF pings of $WIRE_MTU bytes: too_big +$((tb2 - tb1))"
grep -q "mtu $FIT" $T/route.out && ok "A's stack learned path MTU $FIT: $(head -2 $T/route.out | tr '\n' ' ')" ||
	ko "A's stack has no path MTU $FIT towards $IN4_B: $(cat $T/route.out | tr '\n' ' ')"
grep -qi "mtu *= *$FIT\|mtu=$FIT\|too long" $T/ping-df.out && ok "ping reports: $(grep -i 'mtu\|too long' $T/ping-df.out | head -1)" ||
	ko "ping -M do reported no smaller MTU: $(tr '\n' ' ' <$T/ping-df.out)"
[ $((tb1 - tb0)) -ge 3 ] && ok "non-DF pings of $WIRE_MTU bytes dropped and counted: too_big +$((tb1 - tb0))" ||
	ko "non-DF pings of $WIRE_MTU bytes: too_big +$((tb1 - tb0)), want +3"
grep -q ' 100% packet loss' $T/ping-nodf.out && ok "no non-DF oversize ping got through" ||
	ko "non-DF oversize pings: $(grep 'packet loss' $T/ping-nodf.out)"
n=$(cap_count $T/b.pcap "greater $((WIRE_MTU + 14 + 1))")
[ "$n" -eq 0 ] && ok "no frame longer than $((WIRE_MTU + 14)) bytes reached B" || ko "$n oversize frames reached B"
"$DP_PY" - $T/a.pcap $FIT $IN4_B <<'PYEOF'
import subprocess, sys
out = subprocess.run(["tshark", "-r", sys.argv[1], "-n", "-o", "ip.check_checksum:TRUE",
                      "-Y", "icmp.type == 3 && icmp.code == 4", "-T", "fields", "-E", "occurrence=a",
                      "-E", "aggregator=|", "-e", "icmp.mtu", "-e", "ip.dst", "-e", "icmp.checksum.status",
                      "-e", "ip.checksum.status"], capture_output=True, text=True).stdout.splitlines()
# icmp.checksum.status: the ICMP error's own checksum first, then the quoted
# echo's, which tshark cannot verify (the quote is truncated): "1|2".
good = [l for l in out if l.split("\t")[0] == sys.argv[2] and sys.argv[3] in l.split("\t")[1].split("|")[1:]
        and l.split("\t")[2].split("|")[0] == "1" and set(l.split("\t")[3].split("|")) == {"1"}]
if good:
    print("# ok: A's stack got %d ICMP fragmentation-needed (next-hop MTU %s, quoting the ping to %s, checksums valid)"
          % (len(good), sys.argv[2], sys.argv[3]))
    sys.exit(0)
print("# FAIL: no valid ICMP fragmentation-needed with MTU %s quoting %s in A's capture (%d ICMP 3/4: %s)"
      % (sys.argv[2], sys.argv[3], len(out), out[:2]))
sys.exit(1)
PYEOF
[ $? -eq 0 ] || TEST_RC=$KSFT_FAIL

in1 ethtool -K "$IF_A" tso on gso on >/dev/null 2>&1
tun_iperf $NS1 $NS2 $IN4_B 5221 && [ "${BYTES:-0}" -gt 1000000 ] &&
	ok "TCP through the tunnel with the learned path MTU: $(mbps $BPS) Mbit/s" ||
	ko "TCP through the tunnel failed ($BYTES bytes)"
tun_reset $NS1 "$IF_A"
exit 0
