// SPDX-License-Identifier: GPL-2.0
/*
 * dp.c - lifetime, counters, packet-in rate limit and timeouts of a
 * device's datapath.
 */
#include <linux/jiffies.h>
#include <linux/module.h>
#include "dp/dp.h"
#include "tunnel/reasm.h"

/* Every datapath, for cvsw_dp_from_dev() (RCU readers, mutex writers). */
static LIST_HEAD(cvsw_dps);
static DEFINE_MUTEX(cvsw_dps_lock);

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
 * Call after every change of the table, the miss policy or the number of
 * tunnel ports.
 */
void cvsw_dp_update_active(struct cvsw_dp *dp)
{
	WRITE_ONCE(dp->active, cvsw_table_count(dp->table) ||
			       READ_ONCE(dp->miss) != CVSW_MISS_NORMAL ||
			       READ_ONCE(dp->n_tunnels));
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
 * cvsw_dp_read_stats - sum the per-CPU table counters
 * @dp: datapath
 * @lookups: receives the number of lookups
 * @matched: receives how many of them found a flow
 */
void cvsw_dp_read_stats(struct cvsw_dp *dp, u64 *lookups, u64 *matched)
{
	unsigned int cpu, start;
	u64 l, m;

	*lookups = 0;
	*matched = 0;
	for_each_possible_cpu(cpu) {
		const struct cvsw_dp_pcpu *s = per_cpu_ptr(dp->pcpu, cpu);

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			l = s->lookups;
			m = s->matched;
		} while (u64_stats_fetch_retry(&s->syncp, start));
		*lookups += l;
		*matched += m;
	}
}

/**
 * cvsw_dp_from_dev - the datapath of a netdev
 * @dev: any netdev
 *
 * The datapath stays valid while the caller holds a reference to @dev (or
 * is in an RCU section that found @dev): cvsw_dp_uninit() runs only after
 * the device is unregistered.
 *
 * Return: the datapath, or NULL if @dev has none.
 */
struct cvsw_dp *cvsw_dp_from_dev(const struct net_device *dev)
{
	struct cvsw_dp *dp, *found = NULL;

	rcu_read_lock();
	list_for_each_entry_rcu(dp, &cvsw_dps, node) {
		if (dp->dev == dev) {
			found = dp;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

static void cvsw_dp_expire_work(struct work_struct *work)
{
	struct cvsw_dp *dp = container_of(work, struct cvsw_dp,
					  expire_work.work);

	if (cvsw_table_count(dp->table) &&
	    cvsw_table_expire(dp->table, cvsw_dp_now(), cvsw_dp_flow_removed,
			      dp))
		cvsw_dp_update_active(dp);

	spin_lock_bh(&dp->pin_lock);
	if (dp->expire_enabled)
		schedule_delayed_work(&dp->expire_work, HZ / 2);
	spin_unlock_bh(&dp->pin_lock);
}

/**
 * cvsw_dp_init - set up a device's datapath (empty table, miss normal,
 *	no ports)
 * @dp: datapath embedded in the device's private data
 * @dev: the netdev
 *
 * Process context. The datapath is findable by cvsw_dp_from_dev() on
 * return.
 *
 * Return: 0 or -ENOMEM.
 */
int cvsw_dp_init(struct cvsw_dp *dp, struct net_device *dev)
{
	unsigned int cpu;

	dp->dev = dev;
	dp->miss = CVSW_MISS_NORMAL;
	dp->miss_send_len = CVSW_DP_MISS_SEND_LEN;
	dp->pin_rate = packet_in_rate;
	dp->pin_tokens = packet_in_rate;
	dp->pin_stamp = jiffies;
	spin_lock_init(&dp->pin_lock);
	mutex_init(&dp->port_lock);
	INIT_DELAYED_WORK(&dp->expire_work, cvsw_dp_expire_work);
	dp->pcpu = alloc_percpu(struct cvsw_dp_pcpu);
	if (!dp->pcpu)
		return -ENOMEM;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(dp->pcpu, cpu)->syncp);
	dp->max_flows = max_flows;
	dp->reasm = cvsw_reasm_create(dp);
	if (!dp->reasm) {
		free_percpu(dp->pcpu);
		return -ENOMEM;
	}
	dp->table = cvsw_table_create(max_flows, emc_entries);
	if (!dp->table) {
		cvsw_reasm_destroy(dp->reasm);
		free_percpu(dp->pcpu);
		return -ENOMEM;
	}
	dp->expire_enabled = true;
	schedule_delayed_work(&dp->expire_work, HZ / 2);
	mutex_lock(&cvsw_dps_lock);
	list_add_tail_rcu(&dp->node, &cvsw_dps);
	mutex_unlock(&cvsw_dps_lock);
	return 0;
}

/**
 * cvsw_dp_uninit - free a datapath and the ports left in it
 * @dp: datapath; the device is unregistered, so no packet can reach it
 */
void cvsw_dp_uninit(struct cvsw_dp *dp)
{
	struct cvsw_vport *vp;
	unsigned int i;

	mutex_lock(&cvsw_dps_lock);
	list_del_rcu(&dp->node);
	mutex_unlock(&cvsw_dps_lock);
	for (i = 1; i <= CVSW_DP_MAX_PORTS; i++) {
		vp = rcu_access_pointer(dp->ports[i]);
		if (vp)
			cvsw_vport_del(vp);
	}
	spin_lock_bh(&dp->pin_lock);
	dp->expire_enabled = false;
	spin_unlock_bh(&dp->pin_lock);
	cancel_delayed_work_sync(&dp->expire_work);
	/* Readers in NAPI or xmit have finished: the device is down. */
	synchronize_rcu();
	/* Segments held for reassembly go with the device. */
	cvsw_reasm_destroy(dp->reasm);
	cvsw_table_destroy(dp->table);
	free_percpu(dp->pcpu);
}
