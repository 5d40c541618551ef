#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Output semantics of the cvsw datapath, checked on the wire and in the
# stacks: output:2 / normal / flood / all on transmit, output:1 / normal /
# flood / local on receive, output:IN_PORT (reflect) both ways, output to
# the input port without IN_PORT (dropped, OF1.0), several outputs (clones:
# two copies on the wire), output + rewrite + output (the first copy stays
# unmodified), the empty action list (drop, the flow still counts), and
# CONTROLLER (packet-in events: in_port, reason, total_len, data truncated
# to max_len), also from the table-miss policy.
#
# B has rx checksum offload and GRO off and captures only what it receives
# (-Q in: after the rx hook); A captures what its stack receives.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"

test_init
dp_need_tools
setup_pair
dp_reset

MAC_A=$CVSW_MAC_A
MAC_B=$CVSW_MAC_B
T=$DP_TMP
N=5

dp_rx_csum_off $NS1 "$IF_A" || fail "ethtool -K $IF_A rx off"
dp_rx_csum_off $NS2 "$IF_B" || fail "ethtool -K $IF_B rx off"
for ns in $NS1 $NS2; do
	nsx $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
done
in1 ip neigh replace $IP4_B lladdr $MAC_B dev "$IF_A"
in2 ip neigh replace $IP4_A lladdr $MAC_A dev "$IF_B"
ping_ok $NS1 $IP4_B >/dev/null || fail "no IPv4 connectivity A -> B before any flow"

P="priority=100"
# A: transmit path (in_port=1).
dp_flow $NS1 "$IF_A" \
	"$P,in_port=1,udp,tp_dst=7201,actions=output:2" \
	"$P,in_port=1,udp,tp_dst=7202,actions=normal" \
	"$P,in_port=1,udp,tp_dst=7203,actions=output:1" \
	"$P,in_port=1,udp,tp_dst=7204,actions=mod_dl_dst:$MAC_A,mod_nw_dst:$IP4_A,mod_nw_src:10.77.0.93,output:in_port" \
	"$P,in_port=1,udp,tp_dst=7222,actions=mod_dl_dst:$MAC_A,mod_nw_dst:$IP4_A,mod_nw_src:10.77.0.93,output:in_port" \
	"$P,in_port=1,udp,tp_dst=7208,actions=flood" \
	"$P,in_port=1,udp,tp_dst=7209,actions=all" \
	"$P,in_port=1,udp,tp_dst=7211,actions=output:2,output:2" \
	"$P,in_port=1,udp,tp_dst=7212,actions=output:2,mod_tp_dst:8212,mod_nw_tos:0x20,mod_nw_src:10.77.0.91,output:2" \
	"$P,in_port=1,udp,tp_dst=7215,actions=" \
	"$P,in_port=1,udp,tp_dst=7217,actions=controller:64" \
	"$P,in_port=1,udp,tp_dst=7223,actions=controller:0" ||
	fail "installing the flows of A failed"
# B: receive path (in_port=2).
dp_flow $NS2 "$IF_B" \
	"$P,in_port=2,udp,tp_dst=7205,actions=mod_dl_dst:$MAC_A,mod_dl_src:$MAC_B,mod_nw_dst:$IP4_A,mod_nw_src:$IP4_B,output:in_port" \
	"$P,in_port=2,udp,tp_dst=7206,actions=output:1" \
	"$P,in_port=2,udp,tp_dst=7207,actions=normal" \
	"$P,in_port=2,udp,tp_dst=7210,actions=flood" \
	"$P,in_port=2,udp,tp_dst=7213,actions=output:1,mod_tp_dst:8213,output:1" \
	"$P,in_port=2,udp,tp_dst=7216,actions=" \
	"$P,in_port=2,udp,tp_dst=7218,actions=controller" \
	"$P,in_port=2,udp,tp_dst=7220,actions=output:local" \
	"$P,in_port=2,udp,tp_dst=7221,actions=output:2" ||
	fail "installing the flows of B failed"

cap_start $NS2 "$IF_B" $T/b.pcap -Q in ip or vlan || fail "capture on B"
cap_start $NS1 "$IF_A" $T/a.pcap -Q in ip or vlan || fail "capture on A"
rm -f $T/ready-*
traffic $NS1 udp-recv 0.0.0.0 7204,7205,7222 $((3 * N)) 60 --ready $T/ready-ra >$T/recv-a.out 2>&1 &
RA=$!
traffic $NS2 udp-recv 0.0.0.0 7206,7207,7210,7213,8213,7216,7220,7221 $((6 * N)) 60 --ready $T/ready-rb >$T/recv-b.out 2>&1 &
RB=$!
# packet-in events: cvsw-shell monitors, listening once they show a probe
dp_monitor_start $NS1 "$IF_A" $T/pin-a.out || ko "monitor on A did not start"
dp_monitor_start $NS2 "$IF_B" $T/pin-b.out || ko "monitor on B did not start"
PROBE=$("$DP_PY" "$DP_DIR/dpshell.py" probe-hex)
pins_a() { [ "$(grep -v "$PROBE" $T/pin-a.out | grep -c '"event":"packet_in"')" -ge $((2 * N)) ]; }
for r in ra rb; do
	wait_for 20 test -e $T/ready-$r || ko "listener $r did not start"
done

traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
$IP4_B 7201 31201 $N 300
$IP4_B 7202 31202 $N 300
$IP4_B 7203 31203 $N 300
$IP4_B 7204 31204 $N 300
$IP4_B 7205 31205 $N 300
$IP4_B 7206 31206 $N 300
$IP4_B 7207 31207 $N 300
$IP4_B 7208 31208 $N 300
$IP4_B 7209 31209 $N 300
$IP4_B 7210 31210 $N 300
$IP4_B 7211 31211 $N 300
$IP4_B 7212 31212 $N 1000
$IP4_B 7213 31213 $N 300
$IP4_B 7215 31215 $N 300
$IP4_B 7216 31216 $N 300
$IP4_B 7217 31217 $N 300
$IP4_B 7223 31223 $N 400
$IP4_B 7218 31218 $N 200
$IP4_B 7220 31220 $N 300
$IP4_B 7221 31221 $N 300
EOF
# The reflect into A's stack again with complete checksums (above, A's tx
# offload made them CHECKSUM_PARTIAL, which local delivery leaves unfinished).
in1 ethtool -K "$IF_A" tx off >/dev/null 2>&1
traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
$IP4_B 7222 31222 $N 300
EOF
in1 ethtool -K "$IF_A" tx on sg on tso on gso on >/dev/null 2>&1
# Table miss -> controller on B: reason NO_MATCH, data cut to
# miss-send-len (128 by default; 200 here, through the shell).
dp_sh $NS2 --json show device "$IF_B" | grep -q '"miss_send_len":128' &&
	ok "miss_send_len 128 by default" || ko "miss_send_len: $(dp_sh $NS2 show device "$IF_B" | grep miss_send)"
dp_sh $NS2 set device "$IF_B" miss-send-len 200 || ko "set miss-send-len"
dp_miss $NS2 "$IF_B" controller || ko "miss controller"
traffic $NS1 udp-batch --interval 0.01 >/dev/null <<EOF
$IP4_B 7219 31219 $N 300
EOF
wait $RA $RB
wait_for 60 pins_a
sleep 1
dp_monitor_stop
dp_miss $NS2 "$IF_B" normal
cap_stop

# ------------------------------------------------------------- the stacks
recv_check() { # WHO FILE NAME PORT FROM COUNT
	local n
	n=$(grep -c "^port $4 from $5 " "$2")
	[ "$n" -eq "$6" ] && ok "$3: $1's stack got $n datagrams on port $4 from $5" ||
		ko "$3: $1's stack got $n datagrams on port $4 from $5, want $6 (got: $(grep "^port $4 " "$2" | head -1))"
}
recv_check A $T/recv-a.out "tx output:in_port reflects into A's own stack" 7204 "10.77.0.93 31204" $N
recv_check A $T/recv-a.out "tx output:in_port reflects into A's own stack (tx csum off)" 7222 "10.77.0.93 31222" $N
recv_check A $T/recv-a.out "rx output:in_port reflects back onto the wire" 7205 "$IP4_B 31205" $N
recv_check B $T/recv-b.out "rx output:1" 7206 "$IP4_A 31206" $N
recv_check B $T/recv-b.out "rx normal" 7207 "$IP4_A 31207" $N
recv_check B $T/recv-b.out "rx flood" 7210 "$IP4_A 31210" $N
recv_check B $T/recv-b.out "rx output:1 + rewrite + output:1, first copy" 7213 "$IP4_A 31213" $N
recv_check B $T/recv-b.out "rx output:1 + rewrite + output:1, second copy" 8213 "$IP4_A 31213" $N
recv_check B $T/recv-b.out "rx empty actions drop" 7216 "$IP4_A" 0
recv_check B $T/recv-b.out "rx output:local" 7220 "$IP4_A 31220" $N
recv_check B $T/recv-b.out "rx output:2 (to the input port without IN_PORT) drops" 7221 "$IP4_A" 0

# ------------------------------------------------------------ the captures
if cap_tsv $T/b.pcap $T/b.tsv; then
	cap_check B $T/b.tsv <<EOF
tx output:2|=$N|udp.dstport=7201|ip.src=$IP4_A csum=ok
tx normal|=$N|udp.dstport=7202|csum=ok
tx output:1 (the input port, without IN_PORT) drops|=0|udp.dstport=7203|
tx output:in_port does not reach the wire|=0|udp.srcport=31204|
rx output:in_port: B's stack does not get it|=0|udp.dstport=7205|
tx flood goes to the wire|=$N|udp.dstport=7208|csum=ok
tx all goes to the wire|=$N|udp.dstport=7209|csum=ok
tx output:2,output:2 puts two copies on the wire|=$((2 * N))|udp.dstport=7211|ip.src=$IP4_A csum=ok
tx output+rewrite+output: first copy unmodified|=$N|udp.dstport=7212|ip.src=$IP4_A ip.dsfield=0 csum=ok
tx output+rewrite+output: second copy rewritten|=$N|udp.dstport=8212|ip.src=10.77.0.91 ip.dsfield=0x20 udp.srcport=31212 csum=ok
rx output+rewrite+output: first copy to the stack|=$N|udp.dstport=7213|csum=ok
rx output+rewrite+output: second copy to the stack|=$N|udp.dstport=8213|csum=ok
tx empty actions drop|=0|udp.dstport=7215|
rx empty actions drop|=0|udp.dstport=7216|
tx controller only: not on the wire|=0|udp.dstport=7217|
tx controller:0 only: not on the wire|=0|udp.dstport=7223|
rx controller only: not to the stack|=0|udp.dstport=7218|
rx miss controller: not to the stack|=0|udp.dstport=7219|
EOF
	cap_csum_all_ok "B: whole capture" $T/b.tsv
else
	ko "tshark on B's capture"
fi
if cap_tsv $T/a.pcap $T/a.tsv; then
	cap_check A $T/a.tsv <<EOF
tx output:in_port: the frame enters A's stack (csum partial)|=$N|udp.dstport=7204|eth.dst=$MAC_A ip.dst=$IP4_A ip.src=10.77.0.93
tx output:in_port: the frame enters A's stack (csum complete)|=$N|udp.dstport=7222|eth.dst=$MAC_A ip.dst=$IP4_A ip.src=10.77.0.93 csum=ok
rx output:in_port: the frame comes back over the wire|=$N|udp.dstport=7205|eth.src=$MAC_B ip.src=$IP4_B csum=ok
tx flood does not go back to the input port|=0|udp.dstport=7208|
tx all does not go back to the input port|=0|udp.dstport=7209|
EOF
	# 7204: CHECKSUM_PARTIAL frames of A's own, delivered locally unfinished.
	cap_csum_all_ok "A: whole capture but port 7204" $T/a.tsv 7204
else
	ko "tshark on A's capture"
fi

# --------------------------------------------------------------- counters
cnt=$(dp_flow_packets $NS1 "$IF_A" "$P,in_port=1,udp,tp_dst=7215")
[ "$cnt" = $N ] && ok "tx empty actions: the flow counted $cnt packets" ||
	ko "tx empty actions: the flow counted '$cnt' packets, want $N"
cnt=$(dp_flow_packets $NS2 "$IF_B" "$P,in_port=2,udp,tp_dst=7216")
[ "$cnt" = $N ] && ok "rx empty actions: the flow counted $cnt packets" ||
	ko "rx empty actions: the flow counted '$cnt' packets, want $N"
cnt=$(dp_flow_packets $NS1 "$IF_A" "$P,in_port=1,udp,tp_dst=7211")
[ "$cnt" = $N ] && ok "tx two outputs: the flow counted $cnt packets (not one per copy)" ||
	ko "tx two outputs: the flow counted '$cnt' packets, want $N"
drop=$(dp_port_stat $NS1 "$IF_A" 1 dropped)
[ "${drop:-0}" -ge $N ] && ok "A port 1 dropped counter $drop (>= $N of the empty action list)" ||
	ko "A port 1 dropped counter '$drop', want >= $N"

# -------------------------------------------------------------- packet-in
# A: controller:64 on transmit; B: controller (max_len 65535 = whole
# frame) on receive and table-miss (128 bytes).
"$DP_PY" - $T/pin-a.out $T/pin-b.out $N "$MAC_B" "$DP_DIR" <<'PYEOF'
import json, struct, sys
sys.path.insert(0, sys.argv[5])
from dpshell import is_probe
n = int(sys.argv[3])
mac_b = sys.argv[4].replace(":", "")
rc = 0
def load(p):
    """packet-in events of `cvsw-shell --json monitor` but the probes"""
    out = []
    for ln in open(p):
        try:
            ev = json.loads(ln)
        except ValueError:
            print("# %s: %s" % (p, ln.strip()))
            continue
        if ev["event"] == "packet_in" and not is_probe(ev["data"]):
            ev["data_len"] = len(ev["data"]) // 2
            out.append(ev)
    return out
def dport(ev):
    d = bytes.fromhex(ev["data"])
    return struct.unpack("!H", d[36:38])[0] if len(d) >= 38 else None
def check(name, evs, in_port, reason, total, dlen):
    global rc
    bad = [e for e in evs if (e["in_port"], e["reason"], e["total_len"], e["data_len"]) != (in_port, reason, total, dlen)
           or not e["data"].startswith(mac_b[:2 * dlen])]
    if len(evs) != n or bad:
        rc = 1
        print("# FAIL: packet-in %s: %d events (want %d), e.g. %s; want in_port=%d reason=%s total_len=%d data_len=%d, data from the Ethernet header"
              % (name, len(evs), n, json.dumps(dict((k, v) for k, v in (bad or evs or [{}])[0].items() if k != "data")), in_port, reason, total, dlen))
    else:
        print("# ok: packet-in %s: %d events, in_port=%d reason=%s total_len=%d data_len=%d" % (name, n, in_port, reason, total, dlen))
a, b = load(sys.argv[1]), load(sys.argv[2])
check("tx controller:64", [e for e in a if dport(e) == 7217], 1, "action", 342, 64)
# controller:0 sends no bytes (OF1.0): told apart by its length alone
check("tx controller:0", [e for e in a if e["data_len"] == 0 and e["total_len"] == 442], 1, "action", 442, 0)
check("rx controller (max_len 65535: all)", [e for e in b if dport(e) == 7218], 2, "action", 242, 242)
check("rx table miss (miss-send-len 200)", [e for e in b if dport(e) == 7219], 2, "no_match", 342, 200)
other = [e for e in a if dport(e) != 7217 and e["data_len"] > 0]
if other:
    rc = 1
    print("# FAIL: packet-in on A: %d unexpected events, e.g. dport %s" % (len(other), dport(other[0])))
other = [e for e in b if dport(e) not in (7218, 7219)]
print("# outputs: %d other packet-in events on B (table miss of other traffic while miss=controller)" % len(other))
sys.exit(rc)
PYEOF
[ $? -eq 0 ] || TEST_RC=$KSFT_FAIL
dp_reset
exit 0
