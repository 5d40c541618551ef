# SPDX-License-Identifier: GPL-2.0
# Shared helpers of the package selftests (POSIX sh, sourced after
# selftests/driver/lib.sh). The packages are tools/pkgtest.sh's, found at a
# fixed place in the checkout the guest sees:
#   PKG_DEB/*.deb      version V   (build/pkgtest/deb)
#   PKG_DEB_UP/*.deb   V+upgradetest1 (build/pkgtest/deb-up)
#   PKG_DKMS/NAME-VERSION.dkms.tar.gz   DKMS's build of each on the host
#                                       (tools/pkgtest-dkms.sh)
#
#   pkg_debs DIR           the four .deb files of DIR, or nothing
#   pkg_seed VERSION       offer VERSION's DKMS tarball to the postinst
#   pkg_version DIR        the version of DIR's packages
#   pkg_installed NAME     dpkg has NAME installed
#   pkg_dkms_ko NAME VER   the module DKMS built for the running kernel
#   unit_run UNIT INST     a systemd unit's ExecStart, without systemd

PKG_NAMES="cvsw-dkms libcvsw0 libcvsw-dev cvsw-tools"
PKG_DEB=$CVSW_REPO/build/pkgtest/deb
PKG_DEB_UP=$CVSW_REPO/build/pkgtest/deb-up
PKG_DKMS=$CVSW_REPO/build/pkgtest/dkms
PKG_TMP=/tmp/cvsw-pkg-$TEST_NAME
mkdir -p "$PKG_TMP"
# dpkg's output, kept with the run's results (the guest's /tmp is gone after)
PKG_LOG=${CVSW_RESULTS:-$PKG_TMP}/$TEST_NAME

pkg_debs() {
	local p f n=0 list=""
	for p in $PKG_NAMES; do
		for f in "$1/${p}_"*.deb; do
			[ -f "$f" ] || continue
			list="$list $f"
			n=$((n + 1))
		done
	done
	# exactly one file each, or the directory is not one pkgtest.sh made
	[ "$n" = 4 ] && echo $list
}

pkg_version() {
	dpkg-deb -f "$(pkg_debs "$1" | cut -d' ' -f1)" Version
}

# The postinst dh_dkms writes loads /usr/share/NAME-dkms/NAME-VERSION.dkms.tar.gz
# if it exists (a prebuilt module) and compiles only what is not built in it.
# A compile under TCG takes longer than a test may; the host built the same
# sources for the same kernel with the same compiler. Without the tarball,
# the postinst compiles in the guest. Prints what the test must remove.
pkg_seed() {
	local t d
	t=$(ls "$PKG_DKMS/"*"-$1.dkms.tar.gz" 2>/dev/null | head -n 1)
	[ -n "$t" ] || return 0
	d=/usr/share/$(basename "$t" "-$1.dkms.tar.gz")-dkms
	mkdir -p "$d" && cp "$t" "$d/" && echo "$d/$(basename "$t")"
}

pkg_installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q ' installed$'
}

# DKMS keeps what it built under its tree, and installs a copy
pkg_dkms_ko() {
	ls "/var/lib/dkms/$1/$2/$(uname -r)/$(uname -m)/module/cvsw_net.ko"* 2>/dev/null |
		head -n 1
}

# What systemd runs for UNIT@INST: Environment=, then every EnvironmentFile=
# that exists ("-" prefix: optional), then ExecStart= with %i replaced and
# $VAR split into words. These files are KEY=VALUE with shell quoting, so
# sh reads them as systemd does. It execs: run it with & (then $! is the
# program's pid) or in a subshell.
unit_run() {
	local unit=$1 inst=$2 line f
	set -a
	sed -n 's/^Environment=//p' "$unit" | sed "s|%i|$inst|g" >"$PKG_TMP/unit.env"
	. "$PKG_TMP/unit.env"
	for f in $(sed -n 's/^EnvironmentFile=-\{0,1\}//p' "$unit" | sed "s|%i|$inst|g"); do
		if [ -r "$f" ]; then . "$f"; fi
	done
	set +a
	line=$(sed -n 's/^ExecStart=//p' "$unit" | sed "s|%i|$inst|g")
	eval "exec $line"
}
