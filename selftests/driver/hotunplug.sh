#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# PCI hot-unplug of NIC B under traffic (QEMU monitor device_del, ACPI
# hotplug on -M pc): the netdev disappears, iperf3 ends, no splat, NIC A keeps
# working; then device_add puts NIC B back on the same tap, the driver binds
# it again and traffic crosses both NICs again.
. "$(dirname "$0")/lib.sh"
test_init
mod=$(driver_module)
ctl_port >/dev/null || fail "no org.cvsw.ctl virtio-serial port"
[ -n "${CVSW_DEVICE_ADD_B:-}" ] || skip "runner did not pass CVSW_DEVICE_ADD_B"
setup_pair
iperf_server $NS2 5280 || fail "iperf3 server"
in1 iperf3 -c $IP4_B -p 5280 -t 8 >/tmp/hp-iperf.log 2>&1 &
cpid=$!
sleep 3
nb0=$(ls -d /sys/bus/virtio/drivers/$mod/virtio* 2>/dev/null | wc -l)
if mon_cmd "device_del $CVSW_QEMU_ID_B"; then ok "device_del $CVSW_QEMU_ID_B completed (DEVICE_DELETED)"; else ko "device_del $CVSW_QEMU_ID_B"; fi
GONE_B=1
if wait_for 30 sh -c "! ip -n $NS2 -o link show | grep -q $CVSW_MAC_B"; then ok "NIC B netdev gone"; else ko "NIC B netdev still present in $NS2"; fi
nb1=$(ls -d /sys/bus/virtio/drivers/$mod/virtio* 2>/dev/null | wc -l)
[ "$nb1" = $((nb0 - 1)) ] && ok "$mod bound to $nb1 device(s) after unplug" || ko "$mod bound to $nb1 devices after unplug (was $nb0)"
reap_client $cpid "iperf3 client" 12
# NIC A still works: carrier and its own counters move when it transmits.
is_up $NS1 "$IF_A" && ok "NIC A still UP" || ko "NIC A $(oper_state $NS1 "$IF_A") after unplugging B"
# (broadcast pings: no ARP needed, so every request reaches the driver)
tx0=$(nic_stat $NS1 "$IF_A" tx_packets)
in1 ping -q -b -c 5 -i 0.2 -W 1 10.77.0.255 >/dev/null 2>&1
tx1=$(nic_stat $NS1 "$IF_A" tx_packets)
[ $((tx1 - tx0)) -ge 5 ] && ok "NIC A transmits after B is gone (+$((tx1 - tx0)))" || ko "NIC A tx_packets +$((tx1 - tx0)) after B unplug"

# Plug B back in on the same tap.
if mon_cmd "device_add $CVSW_DEVICE_ADD_B"; then ok "device_add $CVSW_QEMU_ID_B"; else fail "device_add $CVSW_QEMU_ID_B failed"; fi
GONE_B=0
teardown
if wait_for 60 nic_present "$CVSW_MAC_B"; then ok "NIC B is back"; else fail "NIC B did not come back after device_add"; fi
drv=$(nic_driver "$(nic_by_mac "$CVSW_MAC_B")")
[ "$drv" = "$mod" ] && ok "NIC B bound by $drv" || ko "NIC B bound by '$drv', want $mod"
setup_pair
if ping_ok $NS1 $IP4_B >/dev/null; then ok "ping A->B after re-plug"; else ko "ping A->B after re-plug"; fi
IPERF_T=3
if iperf_pair $NS1 $NS2 $IP4_B 5281; then ok "TCP after re-plug $(mbps $BPS) Mbit/s"; else ko "TCP after re-plug"; fi
exit $TEST_RC
