#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Soak tests: long runs in one boot of the selftest guest (selftests/run.sh
# --guest-cmd), not part of CI (tools/test.sh runs the short versions).
# The guest runs the selected parts one after the other; each part is a
# function part_<name> of the guest script below, so a new part is a new
# function (and its options here). The host prints each part's verdict,
# counts and time at the end.
#
#   tools/soak.sh [--nl-msgs N] [--frames N] [--churn-seconds S]
#                 [--of-msgs N] [--seed S] [--parts "P..."] [--timeout S]
#                 [--out DIR] [--build]
#
# Parts (default: all):
#   netlink   selftests/dp/nlsoak.sh: N (--nl-msgs, default 1000000)
#             messages of the policy-aware netlink fuzzer against NIC A's
#             datapath with ping and iperf3 running, checked against its
#             model (docs/reliability.md, "Netlink soak").
#   frames    selftests/dp/framesoak.sh: N (--frames, default 10000000)
#             malformed and mutated frames through A's datapath (transmit)
#             and B's (receive) with tunnel ports of the five kinds,
#             rewrites, VLANs and packet-ins configured; B's reassembly
#             table within its cap (docs/reliability.md, "Frame soak").
#   churn     selftests/dp/churn.sh for S seconds (--churn-seconds,
#             default 1800): flow add/delete, ethtool -L, MTU changes,
#             tunnel port add/delete and link flaps while iperf3 runs on
#             every queue, then rmmod under traffic ("Concurrency").
#   openflow  selftests/agent/ofsoak.sh: N (--of-msgs, default 100000)
#             random and mutated OpenFlow messages from 4 clients, and
#             controllers connecting and dropping, against cvsw-ofagent
#             built with ASan and UBSan ("OpenFlow soak").
#
# --seed S      seed of the randomised parts (default: random, printed)
# --timeout S   bound for the whole guest run (default 10800)
# --out DIR     results (default selftests/build/out-soak): guest-cmd.log
#               has every part's output, console.log the guest's console
# --build       build kmod/ first (default: test the module already built)
#
# Exit status 0 only if every part passed and the runner saw no kernel
# splat, no timeout, nothing missing.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

ALL_PARTS="netlink frames churn openflow"
PARTS=$ALL_PARTS
NL_MSGS=1000000
FRAMES=10000000
CHURN_SECONDS=1800
OF_MSGS=100000
SEED=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
TIMEOUT=10800
OUT=$top/selftests/build/out-soak
BUILD=--no-build

usage() { sed -n '3,/^set -eu/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "$1"; }
while [ $# -gt 0 ]; do
	case "$1" in
	--nl-msgs) NL_MSGS=$2; shift 2 ;;
	--frames) FRAMES=$2; shift 2 ;;
	--churn-seconds) CHURN_SECONDS=$2; shift 2 ;;
	--of-msgs) OF_MSGS=$2; shift 2 ;;
	--seed) SEED=$2; shift 2 ;;
	--parts) PARTS=$2; shift 2 ;;
	--timeout) TIMEOUT=$2; shift 2 ;;
	--out) OUT=$2; shift 2 ;;
	--build) BUILD=--build; shift ;;
	-h|--help) usage 0 ;;
	*) echo "soak.sh: unknown argument $1" >&2; usage 1 >&2 ;;
	esac
done
for p in $PARTS; do
	case " $ALL_PARTS " in *" $p "*) ;; *) echo "soak.sh: no part $p" >&2; exit 1 ;; esac
done
case "$NL_MSGS$FRAMES$CHURN_SECONDS$OF_MSGS$SEED" in *[!0-9]*) echo "soak.sh: counts and seeds are numbers" >&2; exit 1 ;; esac

gc=$(mktemp /tmp/cvsw-soak-guest.XXXXXX)
trap 'rm -f "$gc"' EXIT
cat >"$gc" <<EOF
#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Guest side of tools/soak.sh (generated).
SOAK_PARTS='$PARTS'
NL_MSGS=$NL_MSGS
FRAMES=$FRAMES
CHURN_SECONDS=$CHURN_SECONDS
OF_MSGS=$OF_MSGS
SEED=$SEED
EOF
cat >>"$gc" <<'EOF'

part_netlink() {
	NLSOAK_COUNT=$NL_MSGS NLSOAK_SEED=$SEED NLSOAK_REPORT=60 \
		sh "$CVSW_REPO/selftests/dp/nlsoak.sh"
}

part_frames() {
	FRAMESOAK_COUNT=$FRAMES FRAMESOAK_SEED=$SEED FRAMESOAK_REPORT=60 \
		sh "$CVSW_REPO/selftests/dp/framesoak.sh"
}

part_churn() {
	CHURN_SECONDS=$CHURN_SECONDS sh "$CVSW_REPO/selftests/dp/churn.sh"
}

part_openflow() {
	OFSOAK_COUNT=$OF_MSGS OFSOAK_CONNS=$((OF_MSGS / 50)) OFSOAK_SEED=$SEED \
		sh "$CVSW_REPO/selftests/agent/ofsoak.sh"
}

rc=0
for p in $SOAK_PARTS; do
	t0=$(date +%s)
	echo "soak: part $p: start (seed $SEED)"
	if part_$p; then v=pass; else v=FAIL; rc=1; fi
	echo "soak: part $p: $v in $(( $(date +%s) - t0 )) s"
done
exit $rc
EOF

echo "soak.sh: parts '$PARTS', seed $SEED, netlink messages $NL_MSGS, frames $FRAMES, churn $CHURN_SECONDS s, OpenFlow messages $OF_MSGS, results in $OUT"
t0=$(date +%s)
rc=0
selftests/run.sh $BUILD --timeout "$TIMEOUT" --out "$OUT" --guest-cmd "$gc" || rc=$?
echo
echo "soak.sh: guest run took $(( $(date +%s) - t0 )) s, runner status $rc"
grep -aE '^(soak: part|# nlsoak:|# framesoak:|# framefuzz:|# churn:|# ofsoak:|#   fuzz:|#   churn:|# FAIL|# ok:)' "$OUT/guest-cmd.log" 2>/dev/null || true
exit $rc
