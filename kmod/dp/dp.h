/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dp.h - the OpenFlow datapath of a cvsw_net device, on skbs.
 *
 * Layers (each includes only those below it):
 *   uapi/       the ABI
 *   datapath/   the portable core: flow key, classifier, action table,
 *               rewrites
 *   dp/         this: the core on skbs, ports (vport.h), events
 *   driver/     virtio-net; registers ports 1 ("host") and 2 ("net")
 *   genl/       the netlink family; implements struct cvsw_dp_event_ops
 *   module.c    module init/exit
 *
 * The device's driver embeds a struct cvsw_dp, sets it up with
 * cvsw_dp_init(), registers its ports, and hands packets to
 * cvsw_dp_rx_batch() (NAPI receive) and cvsw_dp_tx() (ndo_start_xmit),
 * both with bottom halves off, while READ_ONCE(dp->active).
 */
#ifndef _CVSW_DP_H
#define _CVSW_DP_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/mutex.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include "datapath/classifier.h"
#include "uapi/cvsw.h"
#include "dp/vport.h"

struct cvsw_reasm;

/* Highest port number a datapath holds (1, 2: driver; 3..: tunnels). */
#define CVSW_DP_MAX_PORTS	63
/*
 * OF1.0's default miss_send_len: bytes of a table-miss packet-in (the
 * OpenFlow agent asks for all of them: it buffers whole packets).
 */
#define CVSW_DP_MISS_SEND_LEN	128

/* Per-CPU table counters. */
struct cvsw_dp_pcpu {
	struct u64_stats_sync syncp;
	u64 lookups;
	u64 matched;
};

/**
 * struct cvsw_dp - one device's datapath
 * @dev: the netdev.
 * @table: the flow table.
 * @max_flows: its capacity.
 * @active: the fast-path switch: false while the table is empty, the
 *	miss policy is normal and there is no tunnel port, so packets skip
 *	the datapath entirely (a tunnel port needs every received frame:
 *	any may be one to decapsulate).
 * @miss: enum cvsw_miss.
 * @miss_send_len: bytes of a table-miss packet-in, CVSW_MAX_LEN_ALL = all.
 * @pcpu: per-CPU table counters.
 * @ports: the port table, indexed by port number (RCU; @port_lock).
 * @port_lock: serialises changes of @ports.
 * @n_tunnels: tunnel ports (numbered from CVSW_PORT_TUNNEL_MIN) in @ports;
 *	written under @port_lock, read locklessly.
 * @reasm: the STT/SCLP reassembly table (tunnel/reasm.c).
 * @node: on the list of all datapaths (cvsw_dp_from_dev()).
 * @pin_lock: guards the packet-in token bucket.
 * @pin_rate: packet-in events per second (0 = none).
 * @pin_tokens: tokens left.
 * @pin_stamp: jiffies of the last refill.
 * @expire_work: removes timed-out flows twice a second.
 * @expire_enabled: the work may re-arm itself (guarded by @pin_lock).
 */
struct cvsw_dp {
	struct net_device *dev;
	struct cvsw_table *table;
	u32 max_flows;
	bool active;
	u8 miss;
	u16 miss_send_len;
	struct cvsw_dp_pcpu __percpu *pcpu;
	struct cvsw_vport __rcu *ports[CVSW_DP_MAX_PORTS + 1];
	struct mutex port_lock;
	unsigned int n_tunnels;
	struct cvsw_reasm *reasm;
	struct list_head node;
	spinlock_t pin_lock;
	u32 pin_rate;
	u32 pin_tokens;
	unsigned long pin_stamp;
	struct delayed_work expire_work;
	bool expire_enabled;
};

/* What the hook tells the driver: go on as without a datapath, or not. */
enum cvsw_dp_verdict {
	CVSW_DP_PASS,		/* the caller delivers/transmits the skb */
	CVSW_DP_CONSUMED,	/* the datapath took the skb */
};

/**
 * struct cvsw_dp_event_ops - where the datapath's events go
 * @packet_in: a packet for the controller (softirq or process context,
 *	rcu_read_lock() held: must not sleep); @skb is not consumed.
 * @flow_removed: a flow left the table (process context, table mutex held;
 *	may sleep, must not call into the table).
 * @port_status: a port appeared, disappeared or changed (process context).
 *
 * The netlink layer implements these and registers them with
 * cvsw_dp_set_event_ops(); with nothing registered events are dropped.
 */
struct cvsw_dp_event_ops {
	void (*packet_in)(struct cvsw_dp *dp, const struct sk_buff *skb,
			  u16 in_port, u8 reason, u16 max_len);
	void (*flow_removed)(struct cvsw_dp *dp, const struct cvsw_flow *flow,
			     u8 reason);
	void (*port_status)(struct cvsw_dp *dp, u16 port_no, u8 reason);
};

void cvsw_dp_set_event_ops(const struct cvsw_dp_event_ops *ops);

int cvsw_dp_init(struct cvsw_dp *dp, struct net_device *dev);
void cvsw_dp_uninit(struct cvsw_dp *dp);
struct cvsw_dp *cvsw_dp_from_dev(const struct net_device *dev);
void cvsw_dp_update_active(struct cvsw_dp *dp);
u64 cvsw_dp_now(void);
void cvsw_dp_port_changed(struct cvsw_dp *dp, u16 port_no, u8 reason);
void cvsw_dp_flow_removed(const struct cvsw_flow *flow,
			  enum cvsw_flow_removed_reason reason, void *arg);

unsigned int cvsw_dp_rx_batch(struct cvsw_dp *dp, struct cvsw_vport *in,
			      struct sk_buff **skbs, unsigned int n);
enum cvsw_dp_verdict cvsw_dp_tx(struct cvsw_dp *dp, struct cvsw_vport *in,
				struct sk_buff *skb, void *ctx);
int cvsw_dp_packet_out(struct cvsw_dp *dp, struct sk_buff *skb, u16 in_port,
		       const struct cvsw_actions *acts);

bool cvsw_dp_packet_in_allowed(struct cvsw_dp *dp);
void cvsw_dp_packet_in(struct cvsw_dp *dp, const struct sk_buff *skb,
		       u16 in_port, u8 reason, u16 max_len);
void cvsw_dp_read_stats(struct cvsw_dp *dp, u64 *lookups, u64 *matched);

#endif /* _CVSW_DP_H */
