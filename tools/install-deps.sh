#!/bin/sh
# Install every Debian package the build, the unit tests and the QEMU
# selftests need. Safe to run again: apt-get skips what is installed.
set -e
PKGS="build-essential autoconf automake libtool pkg-config
linux-headers-amd64 linux-image-amd64 linux-source-6.1
qemu-system-x86 busybox-static kmod cpio xz-utils zstd socat
iproute2 iputils-ping ethtool iperf3 tshark tcpdump procps
clang-14 libclang-rt-14-dev llvm-14 valgrind sparse
libnl-3-dev libnl-genl-3-dev libreadline-dev tmux
openvswitch-common openvswitch-switch python3-scapy
libssl-dev openssl openvswitch-testcontroller python3-os-ken"
export DEBIAN_FRONTEND=noninteractive
if [ "$(id -u)" != 0 ]; then
	echo "install-deps.sh: run as root (apt-get install)" >&2
	exit 1
fi
# wireshark-common asks whether non-root may capture; answer for it.
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
apt-get update -q
# openvswitch-switch (bench/tunnel: OVS's kernel datapath in the guest)
# would start its daemons on this host; the guest starts its own, so keep
# the host's from starting where no policy-rc.d says so already.
prc=/usr/sbin/policy-rc.d
own_prc=0
if [ ! -e $prc ]; then
	printf '#!/bin/sh\nexit 101\n' >$prc && chmod +x $prc && own_prc=1
fi
rc=0
# shellcheck disable=SC2086
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $PKGS || rc=$?
[ $own_prc = 0 ] || rm -f $prc
exit $rc
