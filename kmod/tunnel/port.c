// SPDX-License-Identifier: GPL-2.0
/*
 * port.c - tunnel ports: checking a configuration, adding and deleting
 * ports, their counters (see tunnel.h). Transmit is encap.c.
 */
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include "tunnel/tunnel.h"
#include "tunnel/encap.h"

/*
 * Serialises tunnel port changes of every datapath: the checks (number,
 * name, receive identity) and the insertion must be one step, and
 * cvsw_vport_add() takes dp->port_lock only for the insertion itself.
 */
static DEFINE_MUTEX(cvsw_tunnel_lock);

#define CVSW_TUNNEL_TTL_DEFAULT	64

struct cvsw_tunnel *cvsw_tunnel_from_vport(const struct cvsw_vport *vp)
{
	return cvsw_tunnel_ops_is_tunnel(vp->ops) ? vp->priv : NULL;
}

int cvsw_tunnel_cfg_check(const struct cvsw_tunnel_cfg *cfg,
			  struct netlink_ext_ack *extack)
{
	const struct cvsw_tun_kind_desc *k;

	if (!cvsw_port_kind_is_tunnel(cfg->kind)) {
		NL_SET_ERR_MSG(extack, "not a tunnel kind (vxlan, nvgre, geneve, stt, sclp)");
		return -EINVAL;
	}
	k = &cvsw_tun_kinds[cfg->kind];
	if (!cfg->remote_ip) {
		NL_SET_ERR_MSG(extack, "a tunnel needs remote_ip");
		return -EINVAL;
	}
	if (ipv4_is_multicast(cfg->remote_ip) ||
	    ipv4_is_lbcast(cfg->remote_ip) ||
	    ipv4_is_zeronet(cfg->remote_ip)) {
		NL_SET_ERR_MSG(extack, "remote_ip must be a unicast address");
		return -EINVAL;
	}
	if (cfg->local_ip && (ipv4_is_multicast(cfg->local_ip) ||
			      ipv4_is_lbcast(cfg->local_ip))) {
		NL_SET_ERR_MSG(extack, "local_ip must be a unicast address");
		return -EINVAL;
	}
	if (cfg->key_flow && cfg->key) {
		NL_SET_ERR_MSG(extack, "key=N and key=flow exclude each other");
		return -EINVAL;
	}
	if (k->key_bits < 64 && cfg->key >> k->key_bits) {
		NL_SET_ERR_MSG(extack, "key out of range: this kind has a 24-bit id");
		return -EINVAL;
	}
	if (cfg->tos_inherit && cfg->tos) {
		NL_SET_ERR_MSG(extack, "tos=N and tos=inherit exclude each other");
		return -EINVAL;
	}
	if (cfg->dst_port && !k->dst_port) {
		NL_SET_ERR_MSG(extack, "this kind has no destination port");
		return -EINVAL;
	}
	if (cfg->flowid_hash && cfg->kind != CVSW_PORT_KIND_NVGRE) {
		NL_SET_ERR_MSG(extack, "flowid applies to nvgre only");
		return -EINVAL;
	}
	if (cfg->has_remote_mac && !is_valid_ether_addr(cfg->remote_mac)) {
		NL_SET_ERR_MSG(extack, "remote_mac must be a unicast MAC address");
		return -EINVAL;
	}
	return 0;
}

unsigned int cvsw_tunnel_overhead(const struct cvsw_tunnel_cfg *cfg)
{
	return CVSW_TUN_ETH_HLEN + CVSW_TUN_IP_HLEN +
	       cvsw_tun_kinds[cfg->kind].hlen;
}

const struct cvsw_tunnel_cfg *cvsw_tunnel_cfg(const struct cvsw_vport *vp)
{
	const struct cvsw_tunnel *t = cvsw_tunnel_from_vport(vp);

	return t ? &t->cfg : NULL;
}

void cvsw_tunnel_get_stats(const struct cvsw_vport *vp,
			   struct cvsw_tunnel_stats *st)
{
	const struct cvsw_tunnel *t = cvsw_tunnel_from_vport(vp);
	unsigned int cpu, start;

	memset(st, 0, sizeof(*st));
	if (!t)
		return;
	for_each_possible_cpu(cpu) {
		const struct cvsw_tunnel_pcpu *c = per_cpu_ptr(t->pcpu, cpu);
		struct cvsw_tunnel_stats s;

		do {
			start = u64_stats_fetch_begin(&c->syncp);
			s = c->s;
		} while (u64_stats_fetch_retry(&c->syncp, start));
		st->encap_errors += s.encap_errors;
		st->no_neigh += s.no_neigh;
		st->no_route += s.no_route;
		st->too_big += s.too_big;
		st->decap_errors += s.decap_errors;
		st->reasm_done += s.reasm_done;
		st->reasm_drops += s.reasm_drops;
		st->reasm_timeouts += s.reasm_timeouts;
	}
}

/* Two tunnels would claim the same received packets. */
static bool cvsw_tunnel_same_identity(const struct cvsw_tunnel_cfg *a,
				      const struct cvsw_tunnel_cfg *b)
{
	return a->kind == b->kind && a->dst_port == b->dst_port &&
	       a->local_ip == b->local_ip && a->remote_ip == b->remote_ip &&
	       a->key_flow == b->key_flow && a->key == b->key;
}

static struct cvsw_tunnel *cvsw_tunnel_alloc(const struct cvsw_tunnel_cfg *cfg)
{
	struct cvsw_tunnel *t;
	unsigned int cpu;

	t = kzalloc(sizeof(*t), GFP_KERNEL);
	if (!t)
		return NULL;
	t->pcpu = alloc_percpu(struct cvsw_tunnel_pcpu);
	if (!t->pcpu)
		goto free;
	if (dst_cache_init(&t->dst_cache, GFP_KERNEL))
		goto free_pcpu;
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(t->pcpu, cpu)->syncp);
	t->cfg = *cfg;
	if (!t->cfg.dst_port)
		t->cfg.dst_port = cvsw_tun_kinds[cfg->kind].dst_port;
	if (!t->cfg.ttl)
		t->cfg.ttl = CVSW_TUNNEL_TTL_DEFAULT;
	if (t->cfg.key_flow)
		t->cfg.key = 0;
	atomic_set(&t->frame_id, get_random_u32());
	return t;

free_pcpu:
	free_percpu(t->pcpu);
free:
	kfree(t);
	return NULL;
}

static void cvsw_tunnel_free(struct cvsw_tunnel *t)
{
	dst_cache_destroy(&t->dst_cache);
	free_percpu(t->pcpu);
	kfree(t);
}

static void cvsw_tunnel_free_rcu(struct rcu_head *head)
{
	cvsw_tunnel_free(container_of(head, struct cvsw_tunnel, rcu));
}

/*
 * Check number, name and identity against the ports there are and pick a
 * number. Under cvsw_tunnel_lock. Return: the number or a negative errno.
 */
static int cvsw_tunnel_place(struct cvsw_dp *dp, u16 port_no,
			     const char *name,
			     const struct cvsw_tunnel_cfg *cfg,
			     struct netlink_ext_ack *extack)
{
	struct cvsw_tunnel *other;
	struct cvsw_vport *vp;
	int free_no = 0, err = 0;
	unsigned int i;

	rcu_read_lock();
	for (i = 1; i <= CVSW_DP_MAX_PORTS; i++) {
		vp = rcu_dereference(dp->ports[i]);
		if (!vp) {
			if (!free_no && i >= CVSW_PORT_TUNNEL_MIN)
				free_no = i;
			continue;
		}
		if (i == port_no) {
			NL_SET_ERR_MSG(extack, "port number taken");
			err = -EEXIST;
			break;
		}
		if (!strcmp(vp->name, name)) {
			NL_SET_ERR_MSG(extack, "a port with this name exists");
			err = -EEXIST;
			break;
		}
		other = cvsw_tunnel_from_vport(vp);
		if (other && cvsw_tunnel_same_identity(&other->cfg, cfg)) {
			NL_SET_ERR_MSG(extack, "a tunnel with this kind, dst_port, addresses and key exists");
			err = -EEXIST;
			break;
		}
	}
	rcu_read_unlock();
	if (err)
		return err;
	if (port_no)
		return port_no;
	if (!free_no) {
		NL_SET_ERR_MSG(extack, "no free port number");
		return -ENOSPC;
	}
	return free_no;
}

int cvsw_tunnel_port_add(struct cvsw_dp *dp, u16 port_no, const char *name,
			 const struct cvsw_tunnel_cfg *cfg,
			 struct netlink_ext_ack *extack)
{
	struct cvsw_tunnel *t;
	struct cvsw_vport *vp;
	int no;

	/* Cheap, and the kind indexes tables below. */
	no = cvsw_tunnel_cfg_check(cfg, extack);
	if (no)
		return no;
	if (port_no && (port_no < CVSW_PORT_TUNNEL_MIN ||
			port_no > CVSW_DP_MAX_PORTS)) {
		NL_SET_ERR_MSG(extack, "tunnel port numbers are 3..63");
		return -EINVAL;
	}
	if (!name[0] || strnlen(name, IFNAMSIZ) >= IFNAMSIZ) {
		NL_SET_ERR_MSG(extack, "a port name has 1 to 15 characters");
		return -EINVAL;
	}
	t = cvsw_tunnel_alloc(cfg);
	if (!t) {
		NL_SET_ERR_MSG(extack, "out of memory");
		return -ENOMEM;
	}

	mutex_lock(&cvsw_tunnel_lock);
	no = cvsw_tunnel_place(dp, port_no, name, &t->cfg, extack);
	if (no < 0)
		goto fail;
	vp = cvsw_vport_add(dp, no, name, &cvsw_tunnel_ops[cfg->kind], t);
	if (IS_ERR(vp)) {
		no = PTR_ERR(vp);
		if (no == -ENOMEM) {
			NL_SET_ERR_MSG(extack, "out of memory");
		} else {
			NL_SET_ERR_MSG(extack, "port number taken");
			no = -EEXIST;
		}
		goto fail;
	}
	t->vp = vp;
	mutex_unlock(&cvsw_tunnel_lock);

	cvsw_dp_port_changed(dp, no, CVSW_PORT_ADD);
	cvsw_dp_update_active(dp);
	return no;

fail:
	mutex_unlock(&cvsw_tunnel_lock);
	cvsw_tunnel_free(t);
	return no;
}

/* Delete the flows that name @port_no: in_port = it, or an output to it. */
static void cvsw_tunnel_del_flows(struct cvsw_dp *dp, u16 port_no)
{
	struct cvsw_flow_mod fm;

	memset(&fm, 0, sizeof(fm));
	cvsw_mask_from_wildcards(&fm.match.mask,
				 CVSW_FW_ALL & ~CVSW_FW_IN_PORT);
	fm.match.key.in_port = port_no;
	fm.out_port = CVSW_PORT_NONE;
	cvsw_table_delete(dp->table, &fm, false, cvsw_dp_flow_removed, dp);

	memset(&fm, 0, sizeof(fm));
	cvsw_mask_from_wildcards(&fm.match.mask, CVSW_FW_ALL);
	fm.out_port = port_no;
	cvsw_table_delete(dp->table, &fm, false, cvsw_dp_flow_removed, dp);
}

/* Under cvsw_tunnel_lock. */
static void cvsw_tunnel_remove(struct cvsw_dp *dp, struct cvsw_vport *vp)
{
	struct cvsw_tunnel *t = vp->priv;
	u16 port_no = vp->port_no;

	cvsw_tunnel_del_flows(dp, port_no);
	/* Sent while the port is still there, so listeners can describe it. */
	cvsw_dp_port_changed(dp, port_no, CVSW_PORT_DELETE);
	cvsw_vport_del(vp);
	/* Queued after the vport's free: readers that found either are done. */
	call_rcu(&t->rcu, cvsw_tunnel_free_rcu);
	cvsw_dp_update_active(dp);
}

int cvsw_tunnel_port_del(struct cvsw_dp *dp, u16 port_no,
			 struct netlink_ext_ack *extack)
{
	struct cvsw_vport *vp;

	if (port_no == CVSW_PORT_HOST || port_no == CVSW_PORT_NET) {
		NL_SET_ERR_MSG(extack, "ports 1 (host) and 2 (net) belong to the device");
		return -EPERM;
	}
	if (!port_no || port_no > CVSW_DP_MAX_PORTS) {
		NL_SET_ERR_MSG(extack, "no such port");
		return -ENOENT;
	}
	mutex_lock(&cvsw_tunnel_lock);
	vp = rcu_dereference_protected(dp->ports[port_no],
				       lockdep_is_held(&cvsw_tunnel_lock));
	if (!vp || !cvsw_tunnel_from_vport(vp)) {
		mutex_unlock(&cvsw_tunnel_lock);
		NL_SET_ERR_MSG(extack, "no such tunnel port");
		return -ENOENT;
	}
	cvsw_tunnel_remove(dp, vp);
	mutex_unlock(&cvsw_tunnel_lock);
	return 0;
}

void cvsw_tunnel_del_all(struct cvsw_dp *dp)
{
	struct cvsw_vport *vp;
	unsigned int i;

	mutex_lock(&cvsw_tunnel_lock);
	for (i = CVSW_PORT_TUNNEL_MIN; i <= CVSW_DP_MAX_PORTS; i++) {
		vp = rcu_dereference_protected(dp->ports[i],
					       lockdep_is_held(&cvsw_tunnel_lock));
		if (vp && cvsw_tunnel_from_vport(vp))
			cvsw_tunnel_remove(dp, vp);
	}
	mutex_unlock(&cvsw_tunnel_lock);
}
