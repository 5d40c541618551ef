#!/bin/sh
# The build side of packaging, from a clean copy of this tree, on Debian 12
# as root (docs/packaging.md):
#   1. the Debian build dependencies (debian/control) and the tools,
#   2. make distcheck (the fuzzers of make check get FUZZ_SECONDS each),
#   3. cvsw_net.ko built by kbuild straight from the tarball's kmod/,
#   4. dpkg-buildpackage -b from the tarball, then lintian (errors fail),
#   5. the same packages as version VERSION+upgradetest1, built from the
#      same tarball, for the guest's upgrade test (selftests/pkg/),
#   6. DKMS builds the module from each cvsw-dkms's files (nothing
#      installed) and saves it as a DKMS tarball for the guest test,
#   7. rpmbuild -ba from the tarball and its rpm/cvsw.spec (--nodeps: rpm
#      cannot see Debian's packages),
# then prints every package file with its size.
#   tools/pkgtest.sh [--quick] [OUTDIR]   (default: build/pkgtest, emptied first)
# --quick (CI, after its own make check): make dist instead of make
# distcheck, and only steps 1, 4, 5 and 6.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
quick=0
if [ "${1:-}" = --quick ]; then
	quick=1
	shift
fi
out=${1:-$top/build/pkgtest}
fuzz=${FUZZ_SECONDS:-10}
start=$(date +%s)

step() { printf '\n=== %s (%s) ===\n' "$*" "$(date -u +%H:%M:%S)"; }

if [ "$(id -u)" != 0 ]; then
	echo "pkgtest.sh: run as root (apt-get install)" >&2
	exit 1
fi
# empty it only if it is empty or an earlier run's
if [ -d "$out" ] && [ ! -e "$out/.pkgtest" ] && [ -n "$(ls -A "$out")" ]; then
	echo "pkgtest.sh: $out is not empty and not an earlier run's" >&2
	exit 1
fi
rm -rf "$out"
mkdir -p "$out/src" "$out/deps"
touch "$out/.pkgtest"
out=$(cd "$out" && pwd)

step "build dependencies"
export DEBIAN_FRONTEND=noninteractive
apt="apt-get -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends"
apt-get update -q
# what this script runs; distcheck builds the module (linux-headers-amd64)
# dkms and man-db: the guest's install test runs this machine's copies
$apt install git autoconf automake libtool dpkg-dev devscripts equivs lintian rpm \
	linux-headers-amd64 dkms man-db
# the package's own list, from debian/control (mk-build-deps adds "install")
(cd "$out/deps" && mk-build-deps --install --remove --tool "$apt" \
	"$top/debian/control")

step "a clean copy of the tree"
# tracked and new files, not build outputs (.gitignore)
if git -C "$top" rev-parse --git-dir >/dev/null 2>&1; then
	git -C "$top" ls-files -z --cached --others --exclude-standard |
		tar -C "$top" --null --ignore-failed-read -T - -cf - |
		tar -C "$out/src" -xf -
else
	tar -C "$top" --exclude=./build -cf - . | tar -C "$out/src" -xf -
fi
cd "$out/src"
autoreconf -fi
ver=$(./configure --version | sed -n '1s/.* //p')
tarball=$out/src/_build/cvsw-$ver.tar.gz

kver=$("$top/kmod/find-kdir.sh" --boot-kver) ||
	{ echo "pkgtest.sh: no /boot/vmlinuz-* with headers" >&2; exit 1; }
mkdir _build
cd _build
../configure
if [ $quick = 1 ]; then
	step "make dist"
	make dist
else
	step "make distcheck"
	make -j2 distcheck OFAGENT_FUZZ_SECONDS="$fuzz" DATAPATH_FUZZ_SECONDS="$fuzz"

	step "cvsw_net.ko from the tarball's kmod/"
	mkdir "$out/kmod"
	tar -C "$out/kmod" -xzf "$tarball"
	make -j2 -C "/lib/modules/$kver/build" M="$out/kmod/cvsw-$ver/kmod" modules
	modinfo "$out/kmod/cvsw-$ver/kmod/cvsw_net.ko" | grep -E '^(vermagic|license)'
fi

step "Debian packages"
mkdir "$out/deb"
tar -C "$out/deb" -xzf "$tarball"
# nocheck: make distcheck has just run make check on this tarball
(cd "$out/deb/cvsw-$ver" &&
	DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b)

step "lintian"
lintian --fail-on error "$out/deb/cvsw_${ver}_$(dpkg --print-architecture).changes"

step "Debian packages, upgrade build"
# A real newer build: AC_INIT and the changelog bumped in an unpacked copy
# of the same tarball (debian/rules checks that they agree); dpkg orders
# VERSION+upgradetest1 after VERSION.
"$top/tools/pkgtest-upgrade.sh" "$tarball" "$ver+upgradetest1" "$out/deb-up"

step "DKMS builds cvsw_net.ko from cvsw-dkms's files (a private DKMS tree)"
# for the kernel the guest boots (selftests/run.sh: the newest with headers)
for d in deb deb-up; do
	"$top/tools/pkgtest-dkms.sh" "$out/$d/"cvsw-dkms_*_all.deb "$kver" "$out/dkms"
done

if [ $quick = 1 ]; then
	step "packages"
	cd "$out"
	for f in src/_build/cvsw-"$ver".tar.gz deb/*.deb deb-up/*.deb dkms/*.tar.gz; do
		printf '%10s  %s\n' "$(stat -c %s "$f")" "$out/$f"
	done
	echo "pkgtest.sh: quick mode passed in $(( $(date +%s) - start ))s"
	exit 0
fi

step "RPMs"
mkdir -p "$out/rpm/SOURCES"
cp "$tarball" "$out/rpm/SOURCES/"
tar -xzf "$tarball" -O "cvsw-$ver/rpm/cvsw.spec" > "$out/rpm/cvsw.spec"
# Debian has no debugedit: no debuginfo packages here
rpmbuild -ba --nodeps --define "_topdir $out/rpm" \
	--define 'debug_package %{nil}' "$out/rpm/cvsw.spec"

step "packages"
cd "$out"
for f in src/_build/cvsw-"$ver".tar.gz deb/*.deb deb-up/*.deb dkms/*.tar.gz rpm/RPMS/*/*.rpm rpm/SRPMS/*.rpm; do
	printf '%10s  %s\n' "$(stat -c %s "$f")" "$out/$f"
done
echo "pkgtest.sh: all passed in $(( $(date +%s) - start ))s"
