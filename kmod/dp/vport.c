// SPDX-License-Identifier: GPL-2.0
/*
 * vport.c - the port table of a datapath (see vport.h).
 */
#include <linux/slab.h>
#include "dp/dp.h"
#include "tunnel/reasm.h"

/**
 * cvsw_vport_add - add a port to a datapath
 * @dp: the datapath
 * @port_no: its number, 1..CVSW_DP_MAX_PORTS, not in use
 * @name: its name (truncated to IFNAMSIZ - 1)
 * @ops: its kind; must outlive the port
 * @priv: handed back through vp->priv
 *
 * Process context. The port receives traffic as soon as this returns.
 *
 * Return: the port, or ERR_PTR(-EINVAL) for a bad number, -EBUSY if it is
 * taken, -ENOMEM (nothing changed then).
 */
struct cvsw_vport *cvsw_vport_add(struct cvsw_dp *dp, u16 port_no,
				  const char *name,
				  const struct cvsw_vport_ops *ops, void *priv)
{
	struct cvsw_vport *vp;
	unsigned int cpu;

	if (!port_no || port_no > CVSW_DP_MAX_PORTS)
		return ERR_PTR(-EINVAL);
	vp = kzalloc(sizeof(*vp), GFP_KERNEL);
	if (!vp)
		return ERR_PTR(-ENOMEM);
	vp->pcpu = alloc_percpu(struct cvsw_vport_pcpu);
	if (!vp->pcpu) {
		kfree(vp);
		return ERR_PTR(-ENOMEM);
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(vp->pcpu, cpu)->syncp);
	vp->port_no = port_no;
	strscpy(vp->name, name, sizeof(vp->name));
	vp->ops = ops;
	vp->priv = priv;
	vp->dp = dp;

	mutex_lock(&dp->port_lock);
	if (rcu_access_pointer(dp->ports[port_no])) {
		mutex_unlock(&dp->port_lock);
		free_percpu(vp->pcpu);
		kfree(vp);
		return ERR_PTR(-EBUSY);
	}
	rcu_assign_pointer(dp->ports[port_no], vp);
	if (port_no >= CVSW_PORT_TUNNEL_MIN) {
		WRITE_ONCE(dp->n_tunnels, dp->n_tunnels + 1);
		cvsw_dp_update_active(dp);
	}
	mutex_unlock(&dp->port_lock);
	return vp;
}

static void cvsw_vport_free_rcu(struct rcu_head *head)
{
	struct cvsw_vport *vp = container_of(head, struct cvsw_vport, rcu);

	free_percpu(vp->pcpu);
	kfree(vp);
}

/**
 * cvsw_vport_del - remove a port from its datapath
 * @vp: the port
 *
 * Process context. Readers that already found the port may still use it
 * until they leave their RCU section; it is freed after that, so @ops and
 * @priv must stay valid for a grace period (the caller's synchronize_rcu()
 * or rcu_barrier() before freeing them). Segments that a tunnel port's
 * frames left in the reassembly table are freed here.
 */
void cvsw_vport_del(struct cvsw_vport *vp)
{
	struct cvsw_dp *dp = vp->dp;

	mutex_lock(&dp->port_lock);
	RCU_INIT_POINTER(dp->ports[vp->port_no], NULL);
	if (vp->port_no >= CVSW_PORT_TUNNEL_MIN) {
		WRITE_ONCE(dp->n_tunnels, dp->n_tunnels - 1);
		cvsw_dp_update_active(dp);
	}
	mutex_unlock(&dp->port_lock);
	if (vp->port_no >= CVSW_PORT_TUNNEL_MIN)
		cvsw_reasm_flush_port(dp->reasm, vp->port_no);
	call_rcu(&vp->rcu, cvsw_vport_free_rcu);
}

/**
 * cvsw_vport_rcu - the port with a number
 * @dp: the datapath
 * @port_no: any number
 *
 * Call under rcu_read_lock().
 *
 * Return: the port or NULL.
 */
struct cvsw_vport *cvsw_vport_rcu(struct cvsw_dp *dp, u16 port_no)
{
	if (!port_no || port_no > CVSW_DP_MAX_PORTS)
		return NULL;
	return rcu_dereference(dp->ports[port_no]);
}

/**
 * cvsw_vport_exists - is there a port with this number?
 * @dp: the datapath
 * @port_no: any number
 *
 * Return: true if there is (at the time of the call).
 */
bool cvsw_vport_exists(struct cvsw_dp *dp, u16 port_no)
{
	bool ret;

	rcu_read_lock();
	ret = cvsw_vport_rcu(dp, port_no);
	rcu_read_unlock();
	return ret;
}

/**
 * cvsw_vport_get_stats - sum a port's per-CPU counters
 * @vp: the port (under RCU or dp->port_lock)
 * @st: receives the sums
 */
void cvsw_vport_get_stats(struct cvsw_vport *vp, struct cvsw_vport_stats *st)
{
	unsigned int cpu, start;

	memset(st, 0, sizeof(*st));
	for_each_possible_cpu(cpu) {
		const struct cvsw_vport_pcpu *c = per_cpu_ptr(vp->pcpu, cpu);
		struct cvsw_vport_stats snap;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			snap = c->s;
		} while (u64_stats_fetch_retry(&c->syncp, start));
		st->rx_packets += snap.rx_packets;
		st->rx_bytes += snap.rx_bytes;
		st->tx_packets += snap.tx_packets;
		st->tx_bytes += snap.tx_bytes;
		st->dropped += snap.dropped;
	}
}
