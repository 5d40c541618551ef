# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the CVSW tunnel selftests (POSIX sh, sourced after
# selftests/driver/lib.sh and selftests/dp/lib-dp.sh). Tunnel ports are
# driven through cvsw-shell, in the words of docs/cvsw-shell.md:
#
#   tun_add NS DEV NAME PARAM...   cvsw-shell tunnel add DEV NAME PARAM...
#   tun_del NS DEV NAME            cvsw-shell tunnel del DEV NAME
#   tun_get NS DEV NAME KEY        one value of the port in `tunnel show
#                                  --json DEV` (port, kind, overhead,
#                                  decap_errors, reasm_done, ...: tunshell.py)
#   tun_port NS DEV NAME           its OpenFlow port number
#   tun_counters NS DEV NAME       "key=value ..." of every counter (for logs)
#   tun_inner NS DEV ADDR PEERNET MTU
#                                  the inner (overlay) address ADDR/24 on
#                                  DEV, without a prefix route, and a route
#                                  to PEERNET through DEV with MTU (the
#                                  wire MTU less the tunnel's overhead)
#   tun_flows NS DEV PORT PEERNET  flows carrying the overlay through PORT:
#                                  IPv4 and ARP to PEERNET from the stack
#                                  out of PORT; whatever PORT receives to
#                                  the stack
#   peer_linux NS KIND NAME KEY LOCAL REMOTE ADDR [DEV]
#                                  a Linux vxlan / geneve / gretap (NVGRE:
#                                  key VSID << 8) device NAME in NS with
#                                  the inner address ADDR/24
#   tun_cap_check NAME PCAP KIND [ARGS]   tuncap.py's checks of a capture
#   tun_traffic NS ARGS...         tunpkt.py (scapy) in NS
#   tun_five NET KEYBASE           a port t<kind> of each of TUN_KINDS on
#                                  both NICs, key KEYBASE + tun_idx (STT's
#                                  in hex), overlay NET.<idx>.1/.2 with the
#                                  kind's MTU and tun_flows; TUN_KEYS is
#                                  "vxlan=K,..." for tunpkt.py --keys
#
# Addresses: the underlay is the selftests' 10.77.0.1 (A) / 10.77.0.2 (B);
# the overlay 10.90.0.1 (A) / 10.90.0.2 (B) unless a test picks others.

TUN_DIR=${TUN_DIR:-$CVSW_REPO/selftests/tunnel}
IN4_A=10.90.0.1
IN4_B=10.90.0.2
INNET=10.90.0.0/24
WIRE_MTU=1500

# The default destination port and the header bytes (outer Ethernet and
# IPv4 included) of each kind, from docs/tunnels.md.
tun_default_port() {
	case "$1" in
	vxlan|sclp) echo 4789 ;;
	geneve) echo 6081 ;;
	stt) echo 7471 ;;
	nvgre) echo 0 ;;
	esac
}
tun_doc_overhead() {
	case "$1" in
	vxlan|geneve) echo $((14 + 20 + 8 + 8)) ;;
	nvgre) echo $((14 + 20 + 8)) ;;
	stt) echo $((14 + 20 + 20 + 18)) ;;
	sclp) echo $((14 + 20 + 12 + 8)) ;;
	esac
}

tun_need_tools() {
	dp_need_tools
	command -v iperf3 >/dev/null 2>&1 || skip "iperf3 not installed"
	"$DP_PY" -c 'import scapy.all' 2>/dev/null ||
		skip "python3-scapy not installed (tools/install-deps.sh)"
	"$DP_SH" help tunnel >/dev/null 2>&1 ||
		fail "cvsw-shell has no 'tunnel' command ($DP_SH)"
}

tun_add() { # NS DEV NAME PARAM...
	local ns=$1 dev=$2 name=$3
	shift 3
	dp_sh "$ns" tunnel add "$dev" "$name" "$@"
}
tun_del() { dp_sh "$1" tunnel del "$2" "$3"; }
tun_py() { local ns=$1; shift; nsx "$ns" "$DP_PY" "$TUN_DIR/tunshell.py" "$@"; }
tun_get() { tun_py "$1" get "$2" "$3" "$4"; }
tun_port() { tun_get "$1" "$2" "$3" port; }
tun_counters() { tun_py "$1" counters "$2" "$3"; }

tun_inner() { # NS DEV ADDR PEERNET MTU
	nsx "$1" ip addr add "$3/24" dev "$2" noprefixroute &&
		nsx "$1" ip route replace "$4" dev "$2" src "$3" mtu "$5"
}

# Flows of the overlay through tunnel port PORT (a name: flows name ports
# by name as a user would).
tun_flows() { # NS DEV PORT PEERNET
	dp_flow "$1" "$2" \
		"priority=100,in_port=1,ip,nw_dst=$4,actions=output:$3" \
		"priority=100,in_port=1,arp,nw_dst=$4,actions=output:$3" \
		"priority=100,in_port=$3,actions=output:1"
}

# A Linux tunnel device: the peer we did not write.
peer_linux() { # NS KIND NAME KEY LOCAL REMOTE ADDR [DEV]
	local ns=$1 kind=$2 name=$3 key=$4 local=$5 remote=$6 addr=$7 dev=${8:-}
	case $kind in
	vxlan)
		nsx $ns ip link add "$name" type vxlan id "$key" local "$local" \
			remote "$remote" dstport 4789 ${dev:+dev "$dev"} ttl 64 ;;
	geneve)
		nsx $ns ip link add "$name" type geneve id "$key" remote "$remote" \
			dstport 6081 ttl 64 ;;
	nvgre)
		# RFC 7637: the GRE key is VSID << 8 | FlowID.
		nsx $ns ip link add "$name" type gretap key $((key << 8)) \
			local "$local" remote "$remote" ttl 64 ;;
	*) echo "# peer_linux: no Linux device for $kind"; return 1 ;;
	esac || return 1
	nsx $ns ip addr add "$addr/24" dev "$name" &&
		nsx $ns ip link set "$name" up
}

tun_cap_check() { # NAME PCAP KIND ARGS...
	local name=$1 out rc
	shift
	out=$("$DP_PY" "$TUN_DIR/tuncap.py" "$@" 2>&1)
	rc=$?
	echo "$out" | sed "s@^# \(ok\|FAIL\): @# \1: $name: @"
	[ $rc -eq 0 ] && return 0
	TEST_RC=$KSFT_FAIL
	# the capture that failed outlives the guest, for a look with tshark
	if [ -n "${CVSW_RESULTS:-}" ] && cp "$2" "$CVSW_RESULTS/" 2>/dev/null; then
		echo "# kept $(basename "$2") in the results dir"
	fi
	return $rc
}

tun_traffic() { local ns=$1; shift; nsx "$ns" "$DP_PY" "$TUN_DIR/tunpkt.py" "$@"; }

# Underlay: A and B know each other's MAC, so a tunnel's first packets do
# not wait for ARP (the model allows dropping them while it resolves).
tun_underlay() {
	for ns in $NS1 $NS2; do
		nsx $ns sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	done
	ping_ok $NS1 $IP4_B >/dev/null || fail "no underlay connectivity A -> B"
	ping_ok $NS2 $IP4_A >/dev/null || fail "no underlay connectivity B -> A"
}

# Every tunnel port of DEV deleted (a test leaves none behind).
tun_reset() { # NS DEV
	local n
	for n in $(tun_py "$1" names "$2" 2>/dev/null); do
		tun_del "$1" "$2" "$n" || ko "deleting tunnel port $n of $2"
	done
	dp_flush "$1" "$2" >/dev/null
	dp_miss "$1" "$2" normal >/dev/null
}

# d_counter NS DEV NAME KEY BEFORE -> the increase of a tunnel counter
d_counter() {
	local v
	v=$(tun_get "$1" "$2" "$3" "$4") || { echo -1; return 1; }
	echo $((v - $5))
}

# Average size of what a datapath port sent (bytes per packet), from
# the port counters; "0" if it sent nothing.
port_avg_tx() { # NS DEV PORT
	local p b
	p=$(dp_port_stat "$1" "$2" "$3" tx_packets)
	b=$(dp_port_stat "$1" "$2" "$3" tx_bytes)
	[ "${p:-0}" -gt 0 ] && echo $((b / p)) || echo 0
}

# tun_iperf CLIENT_NS SERVER_NS DST PORT ARGS...: iperf_pair of lib.sh,
# but waiting for its own server only (iperf_pair's bare `wait` would also
# wait for a running capture). Sets BPS and BYTES; 0 on success.
tun_iperf() {
	local cns=$1 sns=$2 dst=$3 port=$4 out rc spid
	shift 4
	ip netns exec "$sns" iperf3 -s -1 -p "$port" ${IPERF_SRV_ARGS:-} >/tmp/iperf-srv-$port.log 2>&1 &
	spid=$!
	wait_for 10 sh -c "ip netns exec $sns ss -ltn | grep -q ':$port '" ||
		{ echo "# iperf3 server did not start"; kill $spid 2>/dev/null; BPS=0; BYTES=0; return 1; }
	out=$(iperf_client "$cns" "$dst" "$port" "$@")
	rc=$?
	BPS=${out% *}
	BYTES=${out#* }
	# a server whose client never came (or vanished) does not end by itself
	wait_for 10 sh -c "! kill -0 $spid" || kill $spid 2>/dev/null
	wait $spid 2>/dev/null
	if [ $rc -ne 0 ]; then
		echo "# iperf3 client rc=$rc: $(head -c 300 /tmp/iperf-$port.err)"
		grep -m1 '"error"' /tmp/iperf-$port.json | sed 's/^/# /'
	fi
	return $rc
}

# UDP listeners that run until stopped: a sender that crafts packets with
# scapy may take a minute under TCG before its first packet, so no
# listener may give up on a timer. listen_start NS ADDR PORT; the
# datagrams, one line each ("port P from SRC SPORT LEN"), go to
# $DP_TMP/listen-PORT; listen_stop ends them all (after 2 s for what is
# still in flight); listen_count PORT [FROM] counts the datagrams.
LISTEN_PIDS=""
listen_start() {
	rm -f "$DP_TMP/ready-$3"
	traffic "$1" udp-recv "$2" "$3" 1000000 1800 --ready "$DP_TMP/ready-$3" \
		>"$DP_TMP/listen-$3" 2>&1 &
	LISTEN_PIDS="$LISTEN_PIDS $!"
	wait_for 60 test -e "$DP_TMP/ready-$3" || { ko "UDP listener on port $3 did not start"; return 1; }
}
listen_stop() {
	local p
	sleep 2
	for p in $LISTEN_PIDS; do kill "$p" 2>/dev/null; done
	for p in $LISTEN_PIDS; do wait "$p" 2>/dev/null; done
	LISTEN_PIDS=""
}
listen_count() { grep -c "^port $1 from ${2:-}" "$DP_TMP/listen-$1"; }

# The five kinds and their index (the overlay NET.<index>.0/24 of tun_five).
TUN_KINDS="vxlan geneve nvgre stt sclp"
tun_idx() {
	case $1 in vxlan) echo 1 ;; geneve) echo 2 ;; nvgre) echo 3 ;; stt) echo 4 ;; sclp) echo 5 ;; esac
}
tun_key() { # KEYBASE KIND
	if [ "$2" = stt ]; then echo 0x$(($1 + 4)); else echo $(($1 + $(tun_idx $2))); fi
}
tun_five() { # NET KEYBASE
	local kind i k mtu
	TUN_KEYS=""
	for kind in $TUN_KINDS; do
		i=$(tun_idx $kind)
		k=$(tun_key $2 $kind)
		TUN_KEYS="$TUN_KEYS${TUN_KEYS:+,}$kind=$k"
		tun_add $NS1 "$IF_A" t$kind type=$kind remote_ip=$IP4_B local_ip=$IP4_A key=$k &&
			tun_add $NS2 "$IF_B" t$kind type=$kind remote_ip=$IP4_A local_ip=$IP4_B key=$k ||
			fail "$kind: tunnel add refused"
		mtu=$((WIRE_MTU - $(tun_doc_overhead $kind)))
		tun_inner $NS1 "$IF_A" $1.$i.1 $1.$i.0/24 $mtu &&
			tun_inner $NS2 "$IF_B" $1.$i.2 $1.$i.0/24 $mtu || fail "$kind: inner addresses"
		tun_flows $NS1 "$IF_A" t$kind $1.$i.0/24 && tun_flows $NS2 "$IF_B" t$kind $1.$i.0/24 ||
			fail "$kind: flows refused"
	done
}
