#!/bin/sh
# The CVSW demo, from a fresh Debian 12 machine (as root): installs what it
# needs, builds the tree (the guest runs the host's cvsw-shell and
# cvsw-ofagent over 9p, and loads kmod/cvsw_net.ko), boots a QEMU guest
# and shows the switch in its vNIC step by step (tools/demo-guest.sh):
# drop and rewrite flows from cvsw-shell, counters, a VXLAN tunnel to a
# Linux peer, cvsw-ofagent under ovs-testcontroller. The last line says
# whether every step did what it showed; the exit status too.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
out=selftests/build/demo
mkdir -p selftests/build
t0=$(date +%s)

# quiet STEP LOG CMD...: run CMD with its output in LOG, shown only if it fails
quiet() {
	echo "demo.sh: $1 (log: $2)"
	shift
	log=$1
	shift
	"$@" >"$log" 2>&1 || { tail -n 30 "$log"; echo "demo: $* failed, so no step ran"; exit 1; }
}
quiet "installing the Debian packages" selftests/build/demo-deps.log tools/install-deps.sh
[ -f Makefile ] ||
	quiet "configuring" selftests/build/demo-configure.log sh -c 'autoreconf -fi && ./configure --enable-kmod'
quiet "building (userspace and cvsw_net.ko)" selftests/build/demo-build.log make -j2

# The guest's output shows as it comes (the results dir is shared over 9p).
echo "demo.sh: booting the guest under QEMU (TCG: a few minutes)"
rm -f "$out/guest-cmd.log"
tail -n +1 -F "$out/guest-cmd.log" 2>/dev/null &
tail_pid=$!
rc=0
selftests/run.sh --no-build --timeout 900 --out "$out" --guest-cmd tools/demo-guest.sh >"$out.log" 2>&1 || rc=$?
sleep 1
kill $tail_pid 2>/dev/null || true
echo "demo.sh: $(sed -n 's/^run.sh: \(guest run took [0-9]*s\).*/\1/p' "$out.log"), the whole demo $(( $(date +%s) - t0 ))s"

# The guest's verdict is the last line, unless the run itself went wrong
# (no verdict, or a problem the runner found, e.g. a kernel splat).
verdict=$(grep '^demo: ' "$out/guest-cmd.log" 2>/dev/null | tail -n 1)
if [ $rc != 0 ] && { [ -z "$verdict" ] || grep -q '^demo: all ' "$out/guest-cmd.log"; }; then
	tail -n 20 "$out.log"
	echo "demo: the guest run failed (see $out.log and $out/console.log)"
elif [ -n "$verdict" ]; then
	echo "$verdict"
fi
exit $rc
