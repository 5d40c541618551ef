#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Bad tunnel parameters: each `tunnel add` below is refused with a message
# that names what is wrong (the kernel's extack text, or the shell's own
# for what it cannot even encode), and nothing changes: `tunnel show
# --json` and `flow dump` are the same after all of them as before.
# Also the good forms of the same parameters are accepted (so a refusal is
# about the value, not the word), and ports 1 and 2 cannot be taken. Then
# badports.py sends the kernel on raw netlink what the shell would refuse
# itself (unknown kinds, keys out of range, exclusive pairs, wrong sizes,
# taken numbers and names, deleting ports 1 and 2): each refused with an
# extack message, the ports unchanged.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP

setup_pair
dp_reset
R=remote_ip=$IP4_B
L=local_ip=$IP4_A
tun_add $NS1 "$IF_A" e0 type=vxlan $R $L key=100 || fail "tunnel add e0 (a valid port to collide with)"
dp_flow $NS1 "$IF_A" "priority=10,in_port=e0,actions=output:1" || fail "a flow naming e0"
e0=$(tun_port $NS1 "$IF_A" e0)

state() { dp_sh $NS1 --json tunnel show "$IF_A"; dp_sh $NS1 flow dump "$IF_A" | sed 's/duration=[^,]*, //; s/idle_age=[^,]*, //'; }

# refused WHAT REGEX NAME PARAM...: the add fails and its message matches
# REGEX (case-insensitive). That nothing changed is checked once for all
# of them (a shell call costs seconds under TCG): the state after every
# refusal and acceptance below is the one before.
refused() {
	local what=$1 re=$2 out
	shift 2
	if out=$(tun_add $NS1 "$IF_A" "$@" 2>&1); then
		ko "$what: accepted ($*)"
		tun_del $NS1 "$IF_A" "$1" >/dev/null 2>&1
		return
	fi
	if ! echo "$out" | grep -Eqi "$re"; then
		ko "$what: refused, but the message does not say why: '$out' (want /$re/)"
	else
		ok "$what: refused: $out"
	fi
}
accepted() {
	local what=$1
	shift
	if tun_add $NS1 "$IF_A" "$@"; then
		ok "$what: accepted"
		tun_del $NS1 "$IF_A" "$1" || ko "$what: tunnel del $1"
	else
		ko "$what: refused ($*)"
	fi
}

BEFORE=$(state)
refused "unknown kind" 'kind|type' x1 type=foo $R $L key=1
refused "no kind" 'kind|type' x1 $R $L key=1
refused "missing remote_ip" 'remote' x1 type=vxlan $L key=1
refused "remote_ip 0.0.0.0" 'remote|unicast|address' x1 type=vxlan remote_ip=0.0.0.0 $L key=1
refused "remote_ip multicast" 'remote|unicast|multicast' x1 type=vxlan remote_ip=239.1.1.1 $L key=1
refused "remote_ip broadcast" 'remote|unicast|broadcast' x1 type=vxlan remote_ip=255.255.255.255 $L key=1
refused "remote_ip not an address" 'remote|address|invalid' x1 type=vxlan remote_ip=10.77.0.300 $L key=1
for kind in vxlan geneve nvgre sclp; do
	refused "$kind key 2^24 (24-bit id)" 'key|range|24|vni|vsid' x1 type=$kind $R $L key=16777216
	accepted "$kind key 2^24-1" x1 type=$kind $R $L key=16777215
done
refused "stt key 2^64" 'key|range|64' x1 type=stt $R $L key=18446744073709551616
accepted "stt key 2^64-1" x1 type=stt $R $L key=18446744073709551615
refused "key not a number" 'key|number|invalid' x1 type=vxlan $R $L key=abc
refused "name taken" 'exist|taken|in use|already|name' e0 type=geneve $R $L key=5
refused "name too long" 'name|long' abcdefghijklmnopq type=vxlan $R $L key=5
refused "name of port 1" 'exist|taken|in use|already|name|reserved' host type=vxlan $R $L key=5
refused "port number taken" 'port|taken|exist|in use' x1 type=geneve $R $L key=5 ofport=$e0
refused "port number 1" 'port|taken|exist|in use|reserved|range' x1 type=geneve $R $L key=5 ofport=1
refused "port number 2" 'port|taken|exist|in use|reserved|range' x1 type=geneve $R $L key=5 ofport=2
refused "port number above the range" 'port|range' x1 type=geneve $R $L key=5 ofport=64
refused "same receive identity as e0" 'exist|same|identity|already|conflict' x1 type=vxlan $R $L key=100
refused "ttl 0" 'ttl' x1 type=vxlan $R $L key=5 ttl=0
refused "ttl 256" 'ttl' x1 type=vxlan $R $L key=5 ttl=256
refused "tos 256" 'tos' x1 type=vxlan $R $L key=5 tos=256
refused "dst_port 0" 'port' x1 type=vxlan $R $L key=5 dst_port=0
refused "dst_port 65536" 'port' x1 type=vxlan $R $L key=5 dst_port=65536
refused "remote_mac malformed" 'mac|address' x1 type=vxlan $R $L key=5 remote_mac=02:00:00:00:00
refused "flowid neither 0 nor hash" 'flowid' x1 type=nvgre $R $L key=5 flowid=7
refused "unknown parameter" 'unknown|parameter|foo' x1 type=vxlan $R $L key=5 foo=1
accepted "every optional parameter" x1 type=vxlan $R $L key=5 dst_port=4790 \
	remote_mac=02:00:00:00:00:99 tos=inherit ttl=9 ofport=40
accepted "nvgre flowid=hash" x1 type=nvgre $R $L key=6 flowid=hash
accepted "key=flow" x1 type=geneve $R $L key=flow
AFTER=$(state)
[ "$BEFORE" = "$AFTER" ] && ok "ports and flows unchanged after every refusal" ||
	ko "ports or flows changed: before
$BEFORE
after
$AFTER"

# What the shell refuses itself, the kernel must refuse too: raw requests.
tun_reset $NS1 "$IF_A"
nsx $NS1 "$DP_PY" "$TUN_DIR/badports.py" "$IF_A" || TEST_RC=$KSFT_FAIL
tun_add $NS1 "$IF_A" e0 type=vxlan $R $L key=100 || ko "tunnel add e0 again"
[ "$(tun_py $NS1 names "$IF_A")" = e0 ] && ok "only e0 is left" ||
	ko "ports left: $(tun_py $NS1 names "$IF_A")"
tun_reset $NS1 "$IF_A"
exit 0
