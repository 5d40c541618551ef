#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Both NICs are bound by the driver under test (ethtool -i), exist as netdevs
# with the MACs QEMU gave them, and no other virtio-net driver grabbed them.
. "$(dirname "$0")/lib.sh"
test_init
want=$(driver_module)
for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
	ifc=$(nic_by_mac "$mac")
	if [ -z "$ifc" ]; then ko "no netdev with MAC $mac"; continue; fi
	drv=$(nic_driver "$ifc")
	if [ "$drv" = "$want" ]; then ok "$ifc ($mac) bound by $drv"; else ko "$ifc ($mac) driver '$drv', want '$want'"; fi
	bus=$(ethtool -i "$ifc" | awk '/^bus-info:/ { print $2 }')
	case "$bus" in
	virtio*|0000:*) ok "$ifc bus-info $bus" ;;
	*) ko "$ifc bus-info '$bus' does not name the virtio device" ;;
	esac
	dev=$(readlink -f /sys/class/net/$ifc/device)
	case "$dev" in
	*/virtio[0-9]*) ok "$ifc sits on $(basename "$dev")" ;;
	*) ko "$ifc device link '$dev' is not a virtio device" ;;
	esac
done
if [ "$CVSW_DRIVER" != virtio_net ] && [ -d /sys/module/virtio_net ]; then
	ko "virtio_net is loaded while $CVSW_DRIVER is under test"
fi
n=$(ls -d /sys/bus/virtio/drivers/$want/virtio* 2>/dev/null | wc -l)
if [ "$n" -eq 2 ]; then ok "$want bound to $n virtio devices"; else ko "$want bound to $n virtio devices, want 2"; fi
exit $TEST_RC
