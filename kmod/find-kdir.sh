#!/bin/sh
# Print the build directory of the newest installed kernel headers.
# Preference: the headers of the newest kernel image that is installed
# (that is what the selftests boot), then any linux-headers-* tree.
# With --boot-kver: only that first rule, printing the kernel's version
# (the kernel selftests/run.sh boots and tools/pkgtest.sh builds for).
for img in $(ls /boot/vmlinuz-* 2>/dev/null | sed 's,/boot/vmlinuz-,,' | sort -V -r); do
	if [ -d "/lib/modules/$img/build" ]; then
		if [ "${1:-}" = --boot-kver ]; then
			echo "$img"
		else
			echo "/lib/modules/$img/build"
		fi
		exit 0
	fi
done
[ "${1:-}" = --boot-kver ] && exit 1
for d in $(ls -d /usr/src/linux-headers-*-amd64 /usr/src/linux-headers-*-arm64 2>/dev/null | sort -V -r); do
	echo "$d"
	exit 0
done
if [ -d "/lib/modules/$(uname -r)/build" ]; then
	echo "/lib/modules/$(uname -r)/build"
	exit 0
fi
exit 1
