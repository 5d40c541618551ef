#!/bin/sh
# Runs one test program under valgrind: any memory error or leak (definite,
# indirect or possible) makes the test fail.
exec ${VALGRIND:-valgrind} -q --leak-check=full --errors-for-leak-kinds=definite,indirect,possible \
	--error-exitcode=99 "$@"
