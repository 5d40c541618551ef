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
# Negotiated virtio features (sysfs bit string, bit 0 first). QEMU offers all
# of these on our NICs; a driver that wants the offloads must accept them.
feat_names="0:CSUM 1:GUEST_CSUM 2:CTRL_GUEST_OFFLOADS 5:MAC 7:GUEST_TSO4 8:GUEST_TSO6 9:GUEST_ECN
11:HOST_TSO4 12:HOST_TSO6 13:HOST_ECN 15:MRG_RXBUF 16:STATUS 17:CTRL_VQ 18:CTRL_RX 19:CTRL_VLAN
22:MQ 32:VERSION_1"
required="CSUM GUEST_CSUM GUEST_TSO4 GUEST_TSO6 HOST_TSO4 HOST_TSO6 MRG_RXBUF STATUS CTRL_VQ MQ VERSION_1"
absent=""
if [ "$CVSW_NIC_VARIANT" = legacy ]; then
	required="CSUM GUEST_CSUM HOST_TSO4 HOST_TSO6 STATUS CTRL_VQ MQ"
	absent="VERSION_1 MRG_RXBUF"
	# cvsw_net's validate() drops receive offloads that would need 64 KiB
	# buffers when the device has no mergeable buffers.
	[ "$CVSW_DRIVER" = virtio_net ] || absent="$absent GUEST_TSO4 GUEST_TSO6 GUEST_ECN"
fi
for mac in "$CVSW_MAC_A" "$CVSW_MAC_B"; do
	ifc=$(nic_by_mac "$mac")
	[ -n "$ifc" ] || continue
	bits=$(cat /sys/class/net/$ifc/device/features 2>/dev/null)
	[ -n "$bits" ] || { ko "$ifc: no virtio features in sysfs"; continue; }
	have=""; missing=""
	for f in $feat_names; do
		b=${f%%:*}; n=${f#*:}
		[ "$(echo "$bits" | cut -c$((b + 1)))" = 1 ] && have="$have $n"
	done
	for n in $required; do
		case " $have " in *" $n "*) ;; *) missing="$missing $n" ;; esac
	done
	log "$ifc negotiated:$have"
	[ -z "$missing" ] && ok "$ifc negotiated all required features" || ko "$ifc did not negotiate:$missing"
	extra=""
	for n in $absent; do
		case " $have " in *" $n "*) extra="$extra $n" ;; esac
	done
	[ -z "$absent" ] || { [ -z "$extra" ] && ok "$ifc left out:$absent" || ko "$ifc negotiated$extra, which a $CVSW_NIC_VARIANT NIC must not"; }
done
if [ "$CVSW_DRIVER" != virtio_net ] && [ -d /sys/module/virtio_net ]; then
	ko "virtio_net is loaded while $CVSW_DRIVER is under test"
fi
n=$(ls -d /sys/bus/virtio/drivers/$want/virtio* 2>/dev/null | wc -l)
if [ "$n" -eq 2 ]; then ok "$want bound to $n virtio devices"; else ko "$want bound to $n virtio devices, want 2"; fi
exit $TEST_RC
