// SPDX-License-Identifier: GPL-2.0
/*
 * dp.c - lifetime, counters, packet-in rate limit and timeouts of a
 * device's datapath.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include "dp/dp.h"
#include "genl/genl.h"

static unsigned int max_flows = 1000000;
module_param(max_flows, uint, 0444);
MODULE_PARM_DESC(max_flows, "Flow table capacity of each device (default 1000000)");

static unsigned int emc_entries = 1024;
module_param(emc_entries, uint, 0444);
MODULE_PARM_DESC(emc_entries, "Exact-match cache entries per CPU and device, 0 = off (default 1024)");

static unsigned int packet_in_rate = 1000;
module_param(packet_in_rate, uint, 0444);
MODULE_PARM_DESC(packet_in_rate, "Default packet-in events per second and device (default 1000)");

/**
 * cvsw_dp_now - the datapath clock
 *
 * Return: milliseconds on the jiffies clock (flow timestamps and timeouts).
 */
u64 cvsw_dp_now(void)
{
	return jiffies64_to_msecs(get_jiffies_64());
}

/**
 * cvsw_dp_update_active - recompute the fast-path switch
 * @dp: datapath
 *
 * Call after every change of the table or the miss policy.
 */
void cvsw_dp_update_active(struct cvsw_dp *dp)
{
	WRITE_ONCE(dp->active, cvsw_table_count(dp->table) ||
			       READ_ONCE(dp->miss) != CVSW_MISS_NORMAL);
}

/**
 * cvsw_dp_packet_in_allowed - take a packet-in token
 * @dp: datapath
 *
 * Return: true if the rate limit lets one more packet-in through.
 */
bool cvsw_dp_packet_in_allowed(struct cvsw_dp *dp)
{
	unsigned long now = jiffies;
	bool ok = false;

	spin_lock(&dp->pin_lock);
	if (time_after_eq(now, dp->pin_stamp + HZ)) {
		dp->pin_tokens = dp->pin_rate;
		dp->pin_stamp = now;
	}
	if (dp->pin_tokens) {
		dp->pin_tokens--;
		ok = true;
	}
	spin_unlock(&dp->pin_lock);
	return ok;
}

/**
 * cvsw_dp_count - count a packet entering (@rx) or leaving a port
 * @dp: datapath
 * @port: CVSW_PORT_HOST or CVSW_PORT_NET
 * @rx: entering the datapath at @port (else output to it)
 * @bytes: packet length
 */
void cvsw_dp_count(struct cvsw_dp *dp, u16 port, bool rx, unsigned int bytes)
{
	struct cvsw_dp_pcpu *s = this_cpu_ptr(dp->pcpu);

	u64_stats_update_begin(&s->syncp);
	if (rx) {
		s->rx_packets[port - 1]++;
		s->rx_bytes[port - 1] += bytes;
	} else {
		s->tx_packets[port - 1]++;
		s->tx_bytes[port - 1] += bytes;
	}
	u64_stats_update_end(&s->syncp);
}

/**
 * cvsw_dp_count_drop - count a packet the datapath dropped
 * @dp: datapath
 * @port: the port it entered on
 */
void cvsw_dp_count_drop(struct cvsw_dp *dp, u16 port)
{
	struct cvsw_dp_pcpu *s = this_cpu_ptr(dp->pcpu);

	u64_stats_update_begin(&s->syncp);
	s->dropped[port - 1]++;
	u64_stats_update_end(&s->syncp);
}

/**
 * cvsw_dp_read_stats - sum the per-CPU counters
 * @dp: datapath
 * @sum: receives the sums (its syncp is left alone)
 */
void cvsw_dp_read_stats(struct cvsw_dp *dp, struct cvsw_dp_pcpu *sum)
{
	unsigned int cpu, start, p;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct cvsw_dp_pcpu *s = per_cpu_ptr(dp->pcpu, cpu);
		struct cvsw_dp_pcpu snap;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			memcpy(&snap, s, sizeof(snap));
		} while (u64_stats_fetch_retry(&s->syncp, start));
		for (p = 0; p < CVSW_DP_NPORTS; p++) {
			sum->rx_packets[p] += snap.rx_packets[p];
			sum->rx_bytes[p] += snap.rx_bytes[p];
			sum->tx_packets[p] += snap.tx_packets[p];
			sum->tx_bytes[p] += snap.tx_bytes[p];
			sum->dropped[p] += snap.dropped[p];
		}
		sum->lookups += snap.lookups;
		sum->matched += snap.matched;
	}
}

static void cvsw_dp_flow_expired(const struct cvsw_flow *flow,
				 enum cvsw_removed_reason reason, void *arg)
{
	if (flow->flags & CVSW_FF_SEND_FLOW_REM)
		cvsw_genl_flow_removed(arg, flow, reason);
}

static void cvsw_dp_expire_work(struct work_struct *work)
{
	struct cvsw_dp *dp = container_of(work, struct cvsw_dp,
					  expire_work.work);

	if (cvsw_table_count(dp->table) &&
	    cvsw_table_expire(dp->table, cvsw_dp_now(), cvsw_dp_flow_expired,
			      dp))
		cvsw_dp_update_active(dp);

	spin_lock_bh(&dp->pin_lock);
	if (dp->expire_enabled)
		schedule_delayed_work(&dp->expire_work, HZ / 2);
	spin_unlock_bh(&dp->pin_lock);
}

/**
 * cvsw_dp_init - set up a device's datapath (empty table, miss normal)
 * @dp: datapath embedded in the device's private data
 * @dev: the netdev
 *
 * Return: 0 or -ENOMEM.
 */
int cvsw_dp_init(struct cvsw_dp *dp, struct net_device *dev)
{
	unsigned int cpu;

	dp->dev = dev;
	dp->miss = CVSW_MISS_NORMAL;
	dp->pin_rate = packet_in_rate;
	dp->pin_tokens = packet_in_rate;
	dp->pin_stamp = jiffies;
	spin_lock_init(&dp->pin_lock);
	INIT_DELAYED_WORK(&dp->expire_work, cvsw_dp_expire_work);
	dp->pcpu = alloc_percpu(struct cvsw_dp_pcpu);
	if (!dp->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(dp->pcpu, cpu)->syncp);
	dp->max_flows = max_flows;
	dp->table = cvsw_table_create(max_flows, emc_entries);
	if (!dp->table) {
		free_percpu(dp->pcpu);
		return -ENOMEM;
	}
	dp->expire_enabled = true;
	schedule_delayed_work(&dp->expire_work, HZ / 2);
	return 0;
}

/**
 * cvsw_dp_uninit - free a datapath
 * @dp: datapath; the device is unregistered, so no packet can reach it
 */
void cvsw_dp_uninit(struct cvsw_dp *dp)
{
	spin_lock_bh(&dp->pin_lock);
	dp->expire_enabled = false;
	spin_unlock_bh(&dp->pin_lock);
	cancel_delayed_work_sync(&dp->expire_work);
	/* Readers in NAPI or xmit have finished: the device is down. */
	synchronize_rcu();
	cvsw_table_destroy(dp->table);
	free_percpu(dp->pcpu);
}
