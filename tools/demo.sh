#!/bin/sh
# The CVSW demo, from a fresh Debian 12 machine (as root): installs what it
# needs, builds cvsw_net.ko, boots a QEMU guest whose two virtio NICs are
# driven by cvsw_net and shows them carrying ping and iperf3 traffic.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
tools/install-deps.sh
make -C kmod
out=selftests/build/demo
mkdir -p selftests/build
rc=0
selftests/run.sh --no-build --out "$out" --guest-cmd tools/demo-guest.sh >"$out.log" 2>&1 || rc=$?
cat "$out/guest-cmd.log" 2>/dev/null || cat "$out.log"
exit $rc
