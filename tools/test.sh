#!/bin/sh
# The whole CVSW test suite, from a fresh Debian 12 machine (as root):
#   1. install the Debian packages it needs,
#   2. configure and build everything (userspace + cvsw_net.ko),
#   3. the kernel module must build with W=1 without a single warning,
#   4. make check: datapath unit, differential, checksum tests and fuzzing,
#   5. the Debian packages, twice (tools/pkgtest.sh --quick), for the
#      guest's install test,
#   6. the guest selftests in a QEMU guest (selftests/run.sh): the driver,
#      datapath (dp/), tunnel (tunnel/), agent (agent/) and package (pkg/)
#      collections, then the driver tests again on legacy NICs
#      (--nic-variant legacy).
# Extra arguments go to selftests/run.sh (e.g. a test name to run alone).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

step() { printf '\n=== %s (%s) ===\n' "$*" "$(date -u +%H:%M:%S)"; }

step "install dependencies"
tools/install-deps.sh

step "configure and build"
autoreconf -fi
./configure --enable-kmod
make -j2

step "kernel module: W=1 and sparse without warnings"
make module-w1
make module-sparse

step "make check (datapath core)"
make check

# Only what pkg/ needs: make check has run, so no distcheck here.
case "$*" in
""|*pkg/*)
	step "Debian packages for the guest's install test"
	tools/pkgtest.sh --quick
	;;
esac

step "guest selftests"
selftests/run.sh --no-build --test-timeout 900 "$@"

# The same driver on legacy NICs (virtio 0.9.5, header in its own
# descriptor, no mergeable buffers): the paths a modern NIC never takes.
# Only for the full suite, not when one test was named.
if [ $# -eq 0 ]; then
	step "guest selftests, legacy NICs"
	selftests/run.sh --no-build --test-timeout 900 --nic-variant legacy \
		bind link ping iperf offloads mtu carrier rmmod hotunplug
fi
