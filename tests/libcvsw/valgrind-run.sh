#!/bin/sh
# Runs one test program under valgrind: any memory error or leak (definite,
# indirect or possible) makes the test fail (exit 99, a hard error).
VG=${VALGRIND:-valgrind}
if [ "$VG" = no ] || ! command -v "${VG%% *}" >/dev/null 2>&1; then
	echo "valgrind not found: install it (apt-get install valgrind) to run the libcvsw tests" >&2
	exit 99
fi
exec $VG -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=99 "$@"
