#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# rmmod the driver while iperf3 pushes traffic through both NICs: rmmod must
# succeed (bounded time), the netdevs must go away, iperf3 must end (error is
# fine, a hang is not), no splat; then the module reloads, binds both NICs and
# passes traffic again.
. "$(dirname "$0")/lib.sh"
test_init
mod=$(driver_module)
setup_pair
iperf_server $NS2 5270 || fail "iperf3 server"
in1 iperf3 -c $IP4_B -p 5270 -t 8 -P 2 >/tmp/rmmod-iperf.log 2>&1 &
cpid=$!
in2 ping -q -f -w 10 $IP4_A >/dev/null 2>&1 &
sleep 3
rx0=$(nic_stat $NS2 "$IF_B" rx_packets)
sleep 1
rx1=$(nic_stat $NS2 "$IF_B" rx_packets)
[ $((rx1 - rx0)) -gt 100 ] && ok "traffic flowing before rmmod (+$((rx1 - rx0)) rx pkts/s)" || ko "no traffic before rmmod"
t0=$(date +%s)
if timeout 60 rmmod "$mod"; then ok "rmmod $mod under traffic took $(( $(date +%s) - t0 ))s"; else ko "rmmod $mod failed or hung (rc $?)"; fi
if wait_for 10 sh -c "! [ -d /sys/module/$mod ]"; then ok "$mod gone"; else ko "$mod still loaded"; fi
for ns in $NS1 $NS2; do
	ip -n $ns -o link show | grep -Eq "$CVSW_MAC_A|$CVSW_MAC_B" && ko "a NIC still exists in $ns after rmmod"
done
# iperf3 (-t 8) must end or at least be killable.
reap_client $cpid "iperf3 client" 12
log "iperf3: $(tail -n 2 /tmp/rmmod-iperf.log | tr '\n' ' ' | cut -c1-150)"
GONE_A=1; GONE_B=1; teardown
GONE_A=0; GONE_B=0
if driver_load; then ok "$mod reloaded, both NICs back"; else fail "reloading $mod failed"; fi
[ "$(nic_driver "$(nic_by_mac "$CVSW_MAC_A")")" = "$mod" ] || ko "NIC A not bound to $mod after reload"
setup_pair
if ping_ok $NS1 $IP4_B >/dev/null; then ok "ping after reload"; else ko "ping after reload"; fi
IPERF_T=3
if iperf_pair $NS1 $NS2 $IP4_B 5271; then ok "TCP after reload $(mbps $BPS) Mbit/s"; else ko "TCP after reload"; fi
exit $TEST_RC
