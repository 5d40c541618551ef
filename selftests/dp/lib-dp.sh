# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the CVSW datapath selftests (POSIX sh, sourced after
# selftests/driver/lib.sh): the datapath through cvsw-shell (the real flow
# syntax, libcvsw underneath), captures with tcpdump, dissection and
# checksum validation with tshark.
#
#   dp_sh NS ARGS...             cvsw-shell ARGS in NS
#   dp_flow NS IF FLOW...        add flows (one shell in script mode)
#   dp_flush NS IF               delete every flow
#   dp_miss NS IF normal|drop|controller
#   dp_flow_packets NS IF MATCH  n_packets of the flow with exactly MATCH
#                                (flow get: match and priority)
#   dp_port_stat NS IF PORT KEY  KEY=rx_packets|tx_packets|dropped|...
#   dp_monitor_start NS IF OUT   cvsw-shell --json monitor IF > OUT in the
#                                background (adds to MON_PIDS); returns once
#                                it shows a probe packet-in (dpshell.py)
#   dp_monitor_stop              stop every monitor started above
#   cap_start NS IF PCAP [TCPDUMP-OPTS] [BPF]  full-size capture (adds to
#                                CAP_PIDS); e.g. -Q in for received only
#   cap_stop                     stop every capture started by cap_start
#   cap_count PCAP [BPF]         packets of PCAP matching a BPF filter
#   cap_tsv PCAP TSV             tshark fields of every packet (DP_FIELDS),
#                                ip/udp/tcp checksum validation on
#   cap_check NAME TSV           read checks (dpcap.py syntax) on stdin
#   cap_csum_all_ok NAME TSV [DPORT...]  every IPv4 packet has good checksums
#   udp_frame ARGS               hex frame from dptraffic.py frame udp ARGS

DP_DIR=${DP_DIR:-$CVSW_REPO/selftests/dp}
DP_PY=${DP_PY:-/usr/bin/python3}
DP_SH=${DP_SH:-$CVSW_REPO/cvsw-shell/cvsw-shell}
DP_TMP=${DP_TMP:-/tmp/cvsw-dp-$TEST_NAME}
mkdir -p "$DP_TMP"
CAP_PIDS=""
MON_PIDS=""

# Fields dumped by cap_tsv, the vocabulary of cap_check.
DP_FIELDS="frame.number frame.len eth.src eth.dst vlan.id vlan.priority
ip.src ip.dst ip.dsfield ip.proto ip.len udp.srcport udp.dstport udp.checksum
udp.length tcp.srcport tcp.dstport tcp.len ip.checksum.status
udp.checksum.status tcp.checksum.status tcp.checksum tcp.checksum_calculated"

dp_need_tools() {
	local t
	for t in tcpdump tshark ethtool; do
		command -v $t >/dev/null 2>&1 || skip "$t not installed"
	done
	[ -x "$DP_PY" ] || skip "$DP_PY missing"
	[ -x "$DP_SH" ] || fail "cvsw-shell not built ($DP_SH)"
	ip netns exec $NS1 true 2>/dev/null || true
}

nsx() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
dp_sh() { local ns=$1; shift; ip netns exec "$ns" "$DP_SH" "$@"; }

# Flows go in as `flow add` lines of one script, which stops at the first
# refused line and names it (stdin:LINE: error: ...).
dp_flow() {
	local ns=$1 dev=$2 f
	shift 2
	for f in "$@"; do printf 'flow add %s %s\n' "$dev" "$f"; done |
		dp_sh "$ns" -f -
}
dp_flush() { dp_sh "$1" flow flush "$2"; }
dp_miss() { dp_sh "$1" set device "$2" miss "$3"; }
dp_flow_packets() {
	dp_sh "$1" --json flow get "$2" "$3" |
		"$DP_PY" -c 'import json, sys; print(json.load(sys.stdin)["n_packets"])'
}
dp_port_stat() { # NS IF PORT KEY
	dp_sh "$1" --json stats "$2" ports | "$DP_PY" -c '
import json, sys
for p in json.load(sys.stdin)["ports"]:
    if p["port"] == int(sys.argv[1]):
        print(p[sys.argv[2]])' "$3" "$4"
}
dp_monitor_start() { # NS IF OUT
	# (not through dp_sh: $! must be the shell itself, which exec's)
	ip netns exec "$1" "$DP_SH" --json monitor "$2" >"$3" &
	MON_PIDS="$MON_PIDS $!"
	nsx "$1" "$DP_PY" "$DP_DIR/dpshell.py" wait-monitor "$2" "$3" 30
}
dp_monitor_stop() {
	local p
	for p in $MON_PIDS; do kill -TERM "$p" 2>/dev/null; done
	for p in $MON_PIDS; do wait "$p" 2>/dev/null; done
	MON_PIDS=""
}

# cap_start NS IF PCAP [BPF...]: tcpdump starts fast even under TCG; tshark
# reads the file afterwards. Waits until tcpdump listens.
cap_start() {
	local ns=$1 dev=$2 pcap=$3 pid
	shift 3
	rm -f "$pcap" "$pcap.err"
	ip netns exec "$ns" tcpdump -i "$dev" --immediate-mode -nn -U -s 0 -w "$pcap" "$@" 2>"$pcap.err" &
	pid=$!
	CAP_PIDS="$CAP_PIDS $pid"
	wait_for 30 grep -q "listening on" "$pcap.err" ||
		{ echo "# tcpdump on $dev did not start: $(cat "$pcap.err")"; return 1; }
	return 0
}
# Without --immediate-mode, TPACKET_V3 holds packets in a ring block for up
# to a second and SIGINT loses them: captures were short by whole blocks.
cap_stop() {
	local p
	sleep 1
	for p in $CAP_PIDS; do kill -INT "$p" 2>/dev/null; done
	for p in $CAP_PIDS; do wait "$p" 2>/dev/null; done
	CAP_PIDS=""
}
cap_count() {
	local pcap=$1
	shift
	tcpdump -r "$pcap" -nn "$@" 2>/dev/null | wc -l
}
cap_tsv() {
	local pcap=$1 tsv=$2 f args=""
	for f in $DP_FIELDS; do args="$args -e $f"; done
	tshark -r "$pcap" -n -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-o tcp.check_checksum:TRUE -T fields -E header=y -E separator=/t \
		-E occurrence=f $args >"$tsv" 2>"$tsv.err"
	[ -s "$tsv" ] || { echo "# tshark failed on $pcap: $(head -c 300 "$tsv.err")"; return 1; }
}
# cap_check NAME TSV <<EOF ... EOF: every failing line marks the test failed.
cap_check() {
	local name=$1 tsv=$2 out
	out=$("$DP_PY" "$DP_DIR/dpcap.py" "$tsv")
	echo "$out" | sed "s/^# \(ok\|FAIL\): /# \1: $name: /"
	case "$out" in *"# FAIL"*) TEST_RC=$KSFT_FAIL ;; esac
}
# cap_csum_all_ok NAME TSV [DPORT...]: every IPv4 packet in TSV (but UDP/TCP
# to the DPORTs) has a good IP checksum and good (UDP: or zero) L4 checksum.
cap_csum_all_ok() {
	local name=$1 tsv=$2
	shift 2
	"$DP_PY" - "$DP_DIR" "$tsv" "$name" "$@" <<'PYEOF'
import sys
sys.path.insert(0, sys.argv.pop(1))
from csumcheck import GOOD, NOT_PRESENT, tcp_ok
skip = set(sys.argv[3:])
rows = open(sys.argv[1]).read().splitlines()
hdr = rows[0].split("\t")
bad, n = [], 0
for ln in rows[1:]:
    r = dict(zip(hdr, ln.split("\t")))
    if not r.get("ip.src") or r["udp.dstport"] in skip or r["tcp.dstport"] in skip:
        continue
    n += 1
    st = (r["ip.checksum.status"], r["udp.checksum.status"], r["tcp.checksum.status"])
    if st[0] != GOOD or st[1] not in ("", GOOD, NOT_PRESENT) or \
       (st[2] and not tcp_ok(st[2], r["tcp.checksum"], r["tcp.checksum_calculated"])) or \
       (st[1] == NOT_PRESENT and r["udp.checksum"] not in ("0x0000", "0")):
        bad.append("frame %s %s>%s status ip/udp/tcp %s" % (r["frame.number"], r["ip.src"], r["ip.dst"], "/".join(st)))
if bad:
    print("# FAIL: %s: %d of %d IPv4 packets with a bad checksum, e.g. %s" % (sys.argv[2], len(bad), n, bad[0]))
    sys.exit(1)
print("# ok: %s: all %d IPv4 packets have valid checksums" % (sys.argv[2], n))
PYEOF
	[ $? -eq 0 ] || TEST_RC=$KSFT_FAIL
}

udp_frame() { "$DP_PY" "$DP_DIR/dptraffic.py" frame udp "$@"; }
traffic() { local ns=$1; shift; nsx "$ns" "$DP_PY" "$DP_DIR/dptraffic.py" "$@"; }

# Turn off rx checksum offload and GRO so the host completes every checksum
# before the frame reaches the guest, and the guest's stack and captures
# see exactly what crossed the wire.
dp_rx_csum_off() { # NS IF
	nsx "$1" ethtool -K "$2" rx off gro off >/dev/null 2>&1 ||
		nsx "$1" ethtool -K "$2" rx off >/dev/null 2>&1 ||
		{ echo "# cannot turn rx csum offload off on $2"; return 1; }
}

# dp_reset: both datapaths back to an empty table and miss policy normal,
# so a dp test starts (and leaves) the NICs as plain NICs whatever ran before.
dp_reset() {
	dp_flush $NS1 "$IF_A" >/dev/null && dp_miss $NS1 "$IF_A" normal >/dev/null &&
		dp_sh $NS1 set device "$IF_A" miss-send-len 128 &&
		dp_sh $NS2 set device "$IF_B" miss-send-len 128 &&
		dp_flush $NS2 "$IF_B" >/dev/null && dp_miss $NS2 "$IF_B" normal >/dev/null ||
		ko "resetting the datapaths"
}
