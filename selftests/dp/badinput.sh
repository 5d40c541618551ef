#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Bad input through the generic-netlink family: specific malformed requests
# with their extack messages, a bounded random fuzzer, unprivileged users,
# and namespace isolation. Nothing may change, nothing may splat.
. "${CVSW_REPO:=$(cd "$(dirname "$0")/../.." && pwd)}/selftests/driver/lib.sh"
D="$CVSW_REPO/selftests/dp"
. "$D/lib-dp.sh"
test_init
setup_pair
dp_reset
export IF_A IF_B IP4_A IP4_B
in1 /usr/bin/python3 "$D/badinput.py" main || TEST_RC=$KSFT_FAIL
# nobody, no capabilities: may read, may not change.
in1 setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	--bounding-set=-all env IF_A="$IF_A" /usr/bin/python3 "$D/badinput.py" unprivileged ||
	TEST_RC=$KSFT_FAIL
IDX_A=$(ip -n $NS1 -o link show dev "$IF_A" | cut -d: -f1)
in2 env IF_A="$IF_A" IDX_A="$IDX_A" /usr/bin/python3 "$D/badinput.py" otherns ||
	TEST_RC=$KSFT_FAIL
dp_reset
