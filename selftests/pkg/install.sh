#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The Debian packages of tools/pkgtest.sh installed, upgraded and purged in
# the guest (its root is an overlay, so dpkg changes nothing on the host):
# dpkg -i of the four; DKMS builds and installs cvsw_net for the running
# kernel and modprobe loads that file and binds both NICs; the packaged
# cvsw-shell lists them; cvsw-ofagent@.service's command line, with the
# unit's environment files, runs an agent that ovs-ofctl reaches through the
# --listen the test puts in /etc/default/cvsw-ofagent; both man pages
# render. Then the newer build (deb-up) over it without a reboot: DKMS
# replaces the module, which reloads and passes traffic, the conffile edit
# stays. dpkg --purge removes every file the packages listed, DKMS's tree
# and every cvsw_net.ko. The runner's module is loaded again at the end.
. "$(dirname "$0")/../driver/lib.sh"
. "$(dirname "$0")/lib-pkg.sh"

debs=$(pkg_debs "$PKG_DEB")
debs_up=$(pkg_debs "$PKG_DEB_UP")
[ -n "$debs" ] && [ -n "$debs_up" ] ||
	skip "no packages in $PKG_DEB and $PKG_DEB_UP: run tools/pkgtest.sh --quick first"
for t in dkms man ovs-ofctl; do
	command -v $t >/dev/null 2>&1 || skip "$t not installed (tools/pkgtest.sh installs dkms and man-db)"
done
for p in $PKG_NAMES; do
	pkg_installed "$p" && skip "$p is installed on the host already: nothing to test"
done
ver=$(pkg_version "$PKG_DEB")
ver_up=$(pkg_version "$PKG_DEB_UP")
dpkg --compare-versions "$ver_up" gt "$ver" || fail "deb-up's $ver_up is not newer than $ver"
kver=$(uname -r)
# dpkg must not wait for an answer: no terminal here
export DEBIAN_FRONTEND=noninteractive

test_init
# The runner insmod'ed its copy of the dev build (driver_load, CVSW_KO):
# this test takes it out and must put it back for the tests after it.
dev_ko=${CVSW_KO:-$CVSW_REPO/kmod/cvsw_net.ko}
dev_src=$(modinfo -F srcversion "$dev_ko")
if [ "$(cat /sys/module/cvsw_net/srcversion)" = "$dev_src" ]; then
	ok "the runner's cvsw_net is $dev_ko (srcversion $dev_src)"
else
	fail "loaded cvsw_net is not $dev_ko"
fi
agent_pid=
seeds=""
restore() {
	local p
	[ -n "$agent_pid" ] && kill -TERM "$agent_pid" 2>/dev/null
	unseed
	for p in $PKG_NAMES; do
		pkg_installed "$p" || continue
		log "cleanup: purging $p"
		dpkg --purge $PKG_NAMES </dev/null >"$PKG_LOG-cleanup.log" 2>&1
		break
	done
	rm -rf /var/log/cvsw
	if [ "$(cat /sys/module/cvsw_net/srcversion 2>/dev/null)" != "$dev_src" ]; then
		teardown
		[ -d /sys/module/cvsw_net ] && rmmod cvsw_net
		driver_load || ko "reloading $dev_ko failed"
	fi
}
pkg_exit() {
	local rc=$?
	restore
	(exit $rc)
	test_exit
}
trap pkg_exit EXIT

# dpkg -i of VERSION's DEBS, with the host's DKMS build of it if there is one
install_debs() { # VERSION DEBS LOG
	local seed t0
	seed=$(pkg_seed "$1")
	if [ -n "$seed" ]; then
		seeds="$seeds $seed"
		log "DKMS: the host's build of $1 ($PKG_DKMS)"
	else
		log "DKMS: no build of $1 in $PKG_DKMS, the postinst compiles in the guest"
	fi
	t0=$(date +%s)
	# shellcheck disable=SC2086
	if dpkg -i $2 </dev/null >"$3" 2>&1; then
		ok "dpkg -i of $1 took $(( $(date +%s) - t0 ))s"
	else
		sed 's/^/#   /' "$3" | tail -n 40
		fail "dpkg -i of $1"
	fi
	if [ -n "$seed" ]; then
		grep -q "^Loading tarball for .*-$1\$" "$3" &&
			ok "the postinst loaded the host's DKMS build" ||
			ko "the postinst did not load $seed"
	fi
	unseed
}
# the tarballs are the test's, not the packages': purge leaves them
unseed() {
	local f
	for f in $seeds; do
		rm -f "$f"
		rmdir "$(dirname "$f")" 2>/dev/null
	done
	seeds=""
}

# -- install ---------------------------------------------------------------
rmmod cvsw_net || fail "rmmod of the runner's cvsw_net"
modinfo -n cvsw_net >/dev/null 2>&1 && fail "a cvsw_net module is in /lib/modules/$kver before install"
install_debs "$ver" "$debs" "$PKG_LOG-install.log"
name=$(dpkg -L cvsw-dkms | sed -n "s|^/usr/src/\([^/]*\)-$ver\$|\1|p")
[ -n "$name" ] || fail "cvsw-dkms has no /usr/src/NAME-$ver"

# DKMS built and installed the module for this kernel; modprobe finds it
check_dkms() { # VERSION
	local file built
	if dkms status -m "$name" | grep -q "^$name/$1, $kver, .*: installed"; then
		ok "dkms status: $name/$1 installed for $kver"
	else
		ko "dkms status: $name/$1 not installed for $kver: $(dkms status -m "$name" | tr '\n' ' ')"
	fi
	file=$(modinfo -n cvsw_net 2>/dev/null)
	built=$(pkg_dkms_ko "$name" "$1")
	case "$file" in
	"/lib/modules/$kver/updates/"*) ok "modprobe's cvsw_net is $file" ;;
	*) ko "modprobe's cvsw_net is '$file', not under /lib/modules/$kver/updates/" ;;
	esac
	if [ -n "$built" ] && cmp -s "$file" "$built"; then
		ok "it is the file DKMS built for $1 ($built)"
	else
		ko "$file is not DKMS's build of $1 ('$built')"
	fi
	modinfo -F vermagic "$file" | grep -q "^$kver " || ko "$file vermagic: $(modinfo -F vermagic "$file")"
	[ "$(modinfo -F version "$file")" = "$1" ] && ok "its version is $1" ||
		ko "$file has version '$(modinfo -F version "$file")', not $1"
	cp "/var/lib/dkms/$name/$1/build/make.log" "$PKG_LOG-dkms-$1.log" 2>/dev/null
}
check_dkms "$ver"

# modprobe loads that file and it binds both NICs
check_load() {
	modprobe cvsw_net || { ko "modprobe cvsw_net"; return; }
	wait_for 30 both_nics || { ko "NICs did not appear after modprobe"; return; }
	if [ "$(cat /sys/module/cvsw_net/srcversion)" = "$(modinfo -F srcversion cvsw_net)" ]; then
		ok "modprobe loaded $(modinfo -n cvsw_net)"
	else
		ko "the loaded cvsw_net is not $(modinfo -n cvsw_net)"
	fi
	n=$(ls -d /sys/bus/virtio/drivers/cvsw_net/virtio* 2>/dev/null | wc -l)
	[ "$n" = 2 ] && ok "both virtio devices bound to cvsw_net" ||
		ko "$n virtio devices bound to cvsw_net, want 2"
}
check_load

# the packaged cvsw-shell, linked to the packaged libcvsw, lists both
check_shell() {
	local out ifc lib
	# /lib is /usr/lib on Debian 12 (usrmerge): compare the files
	lib=$(ldd /usr/bin/cvsw-shell | sed -n 's/.*libcvsw\.so\.0 => \([^ ]*\) .*/\1/p')
	[ -n "$lib" ] && [ "$(readlink -f "$lib")" = "$(readlink -f "$(dpkg -L libcvsw0 | grep '/libcvsw\.so\.0$')")" ] ||
		ko "/usr/bin/cvsw-shell does not link libcvsw0's libcvsw.so.0: '$lib'"
	out=$(/usr/bin/cvsw-shell show devices 2>&1) || ko "cvsw-shell show devices failed: $out"
	for ifc in "$(nic_by_mac "$CVSW_MAC_A")" "$(nic_by_mac "$CVSW_MAC_B")"; do
		if echo "$out" | grep -qw -- "$ifc"; then
			ok "cvsw-shell show devices lists $ifc"
		else
			ko "cvsw-shell show devices does not list '$ifc':"
			echo "$out" | sed 's/^/#   /'
		fi
	done
}
check_shell

# -- the agent as its unit would start it ----------------------------------
unit=/lib/systemd/system/cvsw-ofagent@.service
[ -f "$unit" ] || fail "no $unit"
ifa=$(nic_by_mac "$CVSW_MAC_A")
alog=/var/log/cvsw/ofagent-$ifa.log
echo 'CVSW_OFAGENT_OPTS="--listen=ptcp:6653:127.0.0.1 --probe=30"' >>/etc/default/cvsw-ofagent
unit_run "$unit" "$ifa" >"$PKG_TMP/agent.out" 2>&1 &
agent_pid=$!
if wait_for 60 grep -q "listening on ptcp" "$alog"; then
	ok "ExecStart of $(basename "$unit") for $ifa listens as /etc/default/cvsw-ofagent says"
else
	ko "the agent did not listen on ptcp:6653"
	sed 's/^/#   /' "$PKG_TMP/agent.out" "$alog" 2>/dev/null | tail -n 20
fi
out=$(timeout 60 ovs-ofctl -O OpenFlow10 show tcp:127.0.0.1:6653 2>&1)
# the datapath id is the device's MAC by default
dpid=0000$(echo "$CVSW_MAC_A" | tr -d :)
if echo "$out" | grep -q "OFPT_FEATURES_REPLY.* dpid:$dpid"; then
	ok "ovs-ofctl show: a features reply, dpid $dpid ($ifa)"
else
	ko "ovs-ofctl show against the agent:"
	echo "$out" | sed 's/^/#   /' | head -n 20
fi
sleep 2
if kill -0 "$agent_pid" 2>/dev/null; then ok "the agent stays up"; else ko "the agent exited"; fi
kill -TERM "$agent_pid"
if wait "$agent_pid"; then ok "the agent ends with 0 on SIGTERM"; else ko "the agent's status after SIGTERM: $?"; fi
agent_pid=

# -- man pages ---------------------------------------------------------------
for page in cvsw-shell cvsw-ofagent; do
	path=$(man -w "$page" 2>/dev/null)
	text=$(MANWIDTH=80 man -P cat "$page" 2>/dev/null)
	if [ "$path" = "/usr/share/man/man8/$page.8.gz" ] && echo "$text" | grep -q "^NAME" &&
	   echo "$text" | grep -q "$page"; then
		ok "man $page renders ($(echo "$text" | wc -l) lines from $path)"
	else
		ko "man $page: '$path', $(echo "$text" | wc -l) lines"
	fi
done

# -- upgrade without a reboot --------------------------------------------------
sum_old=$(md5sum <"$(modinfo -n cvsw_net)")
install_debs "$ver_up" "$debs_up" "$PKG_LOG-upgrade.log"
for p in $PKG_NAMES; do
	v=$(dpkg-query -W -f='${Version}' "$p")
	[ "$v" = "$ver_up" ] || ko "$p is at '$v' after the upgrade"
done
check_dkms "$ver_up"
dkms status -m "$name" | grep -q "^$name/$ver," && ko "dkms still has $name/$ver"
[ -e "/usr/src/$name-$ver" ] && ko "/usr/src/$name-$ver is left"
[ "$(md5sum <"$(modinfo -n cvsw_net)")" = "$sum_old" ] &&
	ko "the module file is still $ver's (byte-identical)"
grep -q '^CVSW_OFAGENT_OPTS="--listen=ptcp' /etc/default/cvsw-ofagent &&
	ok "the edit of /etc/default/cvsw-ofagent survives the upgrade" ||
	ko "the upgrade lost the edit of /etc/default/cvsw-ofagent"
v=$(/usr/bin/cvsw-ofagent --version)
case "$v" in *" $ver_up "*) ok "cvsw-ofagent --version: $v" ;; *) ko "cvsw-ofagent --version: $v" ;; esac
rmmod cvsw_net || ko "rmmod of $ver's module"
check_load
[ "$(cat /sys/module/cvsw_net/version 2>/dev/null)" = "$ver_up" ] &&
	ok "the loaded cvsw_net is $ver_up" ||
	ko "the loaded cvsw_net is '$(cat /sys/module/cvsw_net/version 2>/dev/null)', not $ver_up"
check_shell
setup_pair
if ping_ok $NS1 $IP4_B >/dev/null; then ok "ping through the upgraded module"; else ko "no ping through the upgraded module"; fi
teardown

# -- purge -------------------------------------------------------------------
# shellcheck disable=SC2086
dpkg -L $PKG_NAMES | grep -v '^/\.$' | sort -u >"$PKG_TMP/files"
dpkg --purge $PKG_NAMES </dev/null >"$PKG_LOG-purge.log" 2>&1 ||
	{ sed 's/^/#   /' "$PKG_LOG-purge.log" | tail -n 20; ko "dpkg --purge"; }
for p in $PKG_NAMES; do
	pkg_installed "$p" && ko "$p still installed"
done
left=0
dirs=""
while read -r f; do
	# (a link to a directory, as /lib is, counts as one)
	if [ -d "$f" ]; then
		dirs="$dirs $f"
	elif [ -e "$f" ] || [ -L "$f" ]; then
		ko "left after purge: $f"
		left=$((left + 1))
	fi
done <"$PKG_TMP/files"
# a directory may stay only if another package has it too
# shellcheck disable=SC2086
for f in $(dpkg -S $dirs 2>&1 >/dev/null | sed -n 's/.*no path found matching pattern //p'); do
	ko "directory left after purge: $f"
	left=$((left + 1))
done
[ "$left" = 0 ] && ok "purge removed all $(wc -l <"$PKG_TMP/files") paths the packages listed"
[ -z "$(dkms status -m "$name")" ] && [ ! -e "/var/lib/dkms/$name" ] &&
	ok "DKMS knows no $name" || ko "DKMS still has $name: $(dkms status -m "$name")"
kos=$(find /lib/modules -name 'cvsw_net.ko*')
[ -z "$kos" ] && ok "no cvsw_net.ko under /lib/modules" || ko "left: $kos"
modinfo -n cvsw_net >/dev/null 2>&1 && ko "modprobe still finds a cvsw_net"
if rmmod cvsw_net; then ok "the purged module unloads"; else ko "rmmod after purge"; fi

[ ! -e /var/log/cvsw ] && ok "purge removed the agent's logs (/var/log/cvsw)" ||
	ko "left after purge: /var/log/cvsw ($(ls /var/log/cvsw | tr '\n' ' '))"

# -- the runner's module again -----------------------------------------------
rm -rf /var/log/cvsw
driver_load || fail "reloading $dev_ko"
[ "$(cat /sys/module/cvsw_net/srcversion)" = "$dev_src" ] &&
	ok "the runner's cvsw_net is back" || ko "the runner's cvsw_net is not back"
exit $TEST_RC
