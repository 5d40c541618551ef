#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Malformed tunnel packets, crafted with scapy and sent from a raw socket on
# NIC A to NIC B, which has a tunnel port of each of the five kinds (remote
# 10.77.0.1), as A has towards B:
#  - Geneve with an unknown critical option: every frame dropped and
#    counted in decap_errors, none delivered; the same option without the
#    critical bit is skipped and every frame delivered;
#  - 3000 packets of 34 mutations (tunpkt.py fuzz: truncated headers,
#    VXLAN without the I flag, Geneve versions 1-3 and option lengths past
#    the end, GRE C/R/S bits, versions and protocols, STT versions, frame
#    lengths, offsets, L4 offsets, data offsets and checksums, SCLP
#    checksums and remaining lengths, random tails) in random order;
#  - every kind's port counts decap errors (STT and SCLP: decap errors or
#    reassembly drops and timeouts), nothing reaches B's stack as an
#    inner frame, and no splat (the test's dmesg check);
#  - afterwards each of the five tunnels still carries a ping both ways,
#    and the reassembly tables empty (timeouts settle).
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
. "$CVSW_REPO/selftests/dp/lib-dp.sh"
. "$CVSW_REPO/selftests/tunnel/lib-tun.sh"

test_init
tun_need_tools
T=$DP_TMP
KINDS=$TUN_KINDS
COUNT=${TUN_FUZZ_COUNT:-3000}

setup_pair
dp_reset
tun_underlay
tun_five 10.100 6000

counter() { tun_get $NS2 "$IF_B" t$1 $2; }
snapshot() { # -> "kind:decap:drops:timeouts ..."
	for kind in $KINDS; do
		echo "$kind:$(counter $kind decap_errors):$(counter $kind reasm_drops 2>/dev/null || echo 0):$(counter $kind reasm_timeouts 2>/dev/null || echo 0)"
	done
}
udp_in() { in2 awk '/^Udp:/ { if (h) { print $2 + $3; exit } h = 1 }' /proc/net/snmp; }

# --------------------------------------------- Geneve critical options
for crit in critical noncritical; do
	port=$([ $crit = critical ] && echo 9301 || echo 9302)
	N=20
	listen_start $NS2 10.100.2.2 $port
	e0=$(counter geneve decap_errors)
	tun_traffic $NS1 geneve-opt "$IF_A" $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B $(tun_key 6000 geneve) \
		10.100.2.2 $port --inner-dmac $CVSW_MAC_B --count $N --$crit >/dev/null
	listen_stop
	got=$(listen_count $port)
	e=$(( $(counter geneve decap_errors) - e0 ))
	if [ $crit = critical ]; then
		[ "$got" -eq 0 ] && [ $e -eq $N ] &&
			ok "geneve: $N frames with an unknown critical option dropped, decap_errors +$e" ||
			ko "geneve: unknown critical option: $got of $N delivered, decap_errors +$e (want 0 and +$N)"
	else
		[ "$got" -eq $N ] && [ $e -eq 0 ] &&
			ok "geneve: $N frames with an unknown non-critical option delivered (option skipped)" ||
			ko "geneve: unknown non-critical option: $got of $N delivered, decap_errors +$e (want $N and +0)"
	fi
done

# ------------------------------------------------------------- the fuzz
before=$(snapshot)
u0=$(udp_in)
tun_traffic $NS1 fuzz "$IF_A" $CVSW_MAC_A $CVSW_MAC_B $IP4_A $IP4_B --count $COUNT \
	--keys "$TUN_KEYS" >$T/fuzz.out 2>&1 || ko "tunpkt.py fuzz failed: $(tail -3 $T/fuzz.out)"
log "sent: $(tail -1 $T/fuzz.out); mutations: $(head -n -1 $T/fuzz.out | tr '\n' ' ')"
sleep 3
after=$(snapshot)
for kind in $KINDS; do
	b=$(echo "$before" | sed -n "s/^$kind://p")
	a=$(echo "$after" | sed -n "s/^$kind://p")
	de=$(( ${a%%:*} - ${b%%:*} ))
	rest_a=${a#*:}; rest_b=${b#*:}
	dr=$(( ${rest_a%%:*} - ${rest_b%%:*} ))
	case $kind in
	stt|sclp)
		[ $((de + dr)) -gt 0 ] && ok "$kind: malformed packets counted: decap_errors +$de, reasm_drops +$dr" ||
			ko "$kind: decap_errors +$de, reasm_drops +$dr after the fuzz" ;;
	*)
		[ $de -gt 0 ] && ok "$kind: malformed packets counted: decap_errors +$de" ||
			ko "$kind: decap_errors +$de after the fuzz" ;;
	esac
done
# The fuzz's inner frames are UDP to 10.90.0.2:9, an address B does not
# have: none may reach B's stack as UDP (delivered or not).
u1=$(udp_in)
log "B's stack UDP datagrams during the fuzz: $((u1 - u0))"
dmesg_check || TEST_RC=$KSFT_FAIL

# -------------------------------------------------------- still working
for kind in $KINDS; do
	i=$(tun_idx $kind)
	if ping_ok $NS1 10.100.$i.2 && ping_ok $NS2 10.100.$i.1; then
		ok "$kind: the tunnel carries ping both ways after the fuzz"
	else
		ko "$kind: no ping through the tunnel after the fuzz"
	fi
done
# Incomplete STT/SCLP frames of the fuzz time out: the tables empty.
for kind in stt sclp; do
	t0=$(counter $kind reasm_timeouts)
	sleep 1
	end=$(( $(date +%s) + 120 ))
	while :; do
		t1=$(counter $kind reasm_timeouts)
		sleep 5
		[ "$(counter $kind reasm_timeouts)" = "$t1" ] && break
		[ "$(date +%s)" -ge $end ] && break
	done
	log "$kind: reasm_timeouts settled at $(counter $kind reasm_timeouts) (+$(( $(counter $kind reasm_timeouts) - t0 )) after the fuzz)"
done
log "B: $(for k in $KINDS; do echo "t$k[$(tun_counters $NS2 "$IF_B" t$k)]"; done | tr '\n' ' ')"
tun_reset $NS1 "$IF_A"
tun_reset $NS2 "$IF_B"
exit 0
