#!/bin/sh
# Build the Debian packages once more as version NEWVER, from an unpacked
# copy of TARBALL: the "newer build" the guest's upgrade test installs over
# the first (selftests/pkg/install.sh). Only the version differs, and it is
# changed the way a release changes it (docs/packaging.md): AC_INIT, then
# dch, so debian/rules' version check passes.
#   tools/pkgtest-upgrade.sh TARBALL NEWVER OUTDIR
set -eu
[ $# = 3 ] || { echo "usage: $0 TARBALL NEWVER OUTDIR" >&2; exit 2; }
tarball=$1 new=$2 out=$3
mkdir -p "$out"
out=$(cd "$out" && pwd)
top=$(tar -tzf "$tarball" | head -n 1 | cut -d/ -f1)
tar -C "$out" -xzf "$tarball"
# dch would rename a directory named after the old version; name it now
mv "$out/$top" "$out/cvsw-$new"
cd "$out/cvsw-$new"
sed -i "s/^AC_INIT(\[cvsw\], \[[^]]*\]/AC_INIT([cvsw], [$new]/" configure.ac
grep -q "^AC_INIT(\[cvsw\], \[$new\]" configure.ac ||
	{ echo "pkgtest-upgrade.sh: cannot set AC_INIT's version" >&2; exit 1; }
autoreconf -fi
# -M: the previous entry's maintainer, not a guess from this machine
dch -M -v "$new" -D unstable "Upgrade test build (tools/pkgtest-upgrade.sh)."
DEB_BUILD_OPTIONS="nocheck parallel=2" dpkg-buildpackage -us -uc -b
ls "$out"/*_"$new"_*.deb
