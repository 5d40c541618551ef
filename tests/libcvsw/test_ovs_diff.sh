#!/bin/sh
# Differential test of the flow syntax against ovs-ofctl (see
# test_ovs_diff.py). Skipped (77) only when ovs-ofctl is not installed.
command -v ovs-ofctl >/dev/null 2>&1 || { echo "ovs-ofctl not installed (apt-get install openvswitch-common): skipped"; exit 77; }
here=$(dirname "$0")
exec python3 "$here/test_ovs_diff.py" "${FLOW_CANON:?}" "$here/ovs_flows.txt" 600
