/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vport.h - ports of a datapath, as objects.
 *
 * A port is whatever the datapath can send a packet to: the guest's stack
 * (1, "host") and the virtio link (2, "net"), both registered by the
 * driver; tunnel ports from 3 on. Whoever implements a port registers it
 * with cvsw_vport_add() and hands it packets that enter through it
 * (cvsw_dp_rx_batch(), cvsw_dp_tx()); the datapath sends through
 * ops->send() and counts in the port.
 *
 * The port table of a datapath is RCU protected: the fast path looks ports
 * up under rcu_read_lock() (bottom halves off); adding and removing take
 * dp->port_lock and may sleep; a removed port is freed after a grace
 * period, so a reader that found it may still send through it.
 */
#ifndef _CVSW_VPORT_H
#define _CVSW_VPORT_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>
#include <linux/rcupdate.h>

struct cvsw_dp;
struct cvsw_vport;

/**
 * struct cvsw_tun_meta - tunnel metadata of a packet in the datapath
 * @id: tunnel id: the one it arrived with (decapsulated on a tunnel
 *	port), replaced by set_tunnel
 * @src: outer IPv4 source it arrived with, 0 if none
 * @dst: outer IPv4 destination it arrived with, 0 if none
 * @id_set: a set_tunnel action ran: @id is what a key=flow tunnel port
 *	sends (without it, such a port sends the id the packet arrived with)
 */
struct cvsw_tun_meta {
	u64 id;
	__be32 src;
	__be32 dst;
	bool id_set;
};

/**
 * struct cvsw_send_info - what ops->send() is told besides the packet
 * @tun: the packet's tunnel metadata (never NULL)
 * @ctx: the opaque value the packet's entry point was given (the
 *	driver's "tx queue whose lock I hold"), or NULL; the datapath never
 *	interprets it
 */
struct cvsw_send_info {
	const struct cvsw_tun_meta *tun;
	void *ctx;
};

/**
 * struct cvsw_vport_ops - what a kind of port does
 * @kind: its name ("host", "net", "vxlan", ...)
 * @send: transmit @skb (skb->data at the Ethernet header; consumed) out of
 *	the port. Bottom halves are off, rcu_read_lock() held.
 */
struct cvsw_vport_ops {
	const char *kind;
	void (*send)(struct cvsw_vport *vp, struct sk_buff *skb,
		     const struct cvsw_send_info *info);
};

/* Per-port counters, as CVSW_PORT_STATS_A_* reports them. */
struct cvsw_vport_stats {
	u64 rx_packets;		/* entered the datapath here */
	u64 rx_bytes;
	u64 tx_packets;		/* the datapath sent here */
	u64 tx_bytes;
	u64 dropped;		/* entered here, dropped by the datapath */
};

struct cvsw_vport_pcpu {
	struct u64_stats_sync syncp;
	struct cvsw_vport_stats s;
};

/**
 * struct cvsw_vport - one port of a datapath
 * @port_no: its OpenFlow port number (1..CVSW_DP_MAX_PORTS)
 * @name: its name
 * @ops: its kind
 * @priv: the implementer's data
 * @dp: the datapath it belongs to
 * @pcpu: per-CPU counters
 * @rcu: deferred free
 */
struct cvsw_vport {
	u16 port_no;
	char name[IFNAMSIZ];
	const struct cvsw_vport_ops *ops;
	void *priv;
	struct cvsw_dp *dp;
	struct cvsw_vport_pcpu __percpu *pcpu;
	struct rcu_head rcu;
};

struct cvsw_vport *cvsw_vport_add(struct cvsw_dp *dp, u16 port_no,
				  const char *name,
				  const struct cvsw_vport_ops *ops, void *priv);
void cvsw_vport_del(struct cvsw_vport *vp);
struct cvsw_vport *cvsw_vport_rcu(struct cvsw_dp *dp, u16 port_no);
bool cvsw_vport_exists(struct cvsw_dp *dp, u16 port_no);
void cvsw_vport_get_stats(struct cvsw_vport *vp, struct cvsw_vport_stats *st);

/* Counting on the fast path (bottom halves off). */
static inline void cvsw_vport_count_rx(struct cvsw_vport *vp,
				       unsigned int bytes)
{
	struct cvsw_vport_pcpu *c = this_cpu_ptr(vp->pcpu);

	u64_stats_update_begin(&c->syncp);
	c->s.rx_packets++;
	c->s.rx_bytes += bytes;
	u64_stats_update_end(&c->syncp);
}

static inline void cvsw_vport_count_tx(struct cvsw_vport *vp,
				       unsigned int bytes)
{
	struct cvsw_vport_pcpu *c = this_cpu_ptr(vp->pcpu);

	u64_stats_update_begin(&c->syncp);
	c->s.tx_packets++;
	c->s.tx_bytes += bytes;
	u64_stats_update_end(&c->syncp);
}

static inline void cvsw_vport_count_drop(struct cvsw_vport *vp)
{
	struct cvsw_vport_pcpu *c = this_cpu_ptr(vp->pcpu);

	u64_stats_update_begin(&c->syncp);
	c->s.dropped++;
	u64_stats_update_end(&c->syncp);
}

#endif /* _CVSW_VPORT_H */
