/* SPDX-License-Identifier: GPL-2.0 */
/*
 * dp.h - the per-device OpenFlow datapath of cvsw_net.
 *
 * Every cvsw_net netdev embeds one struct cvsw_dp: a flow table (the
 * classifier of kmod/datapath/), a table-miss policy, a packet-in rate
 * limiter, per-CPU port and table counters and a timeout worker.
 *
 * Ports: CVSW_PORT_HOST (1) is the guest's stack, CVSW_PORT_NET (2) the
 * virtio link. cvsw_dp_tx() runs in ndo_start_xmit (in_port 1) and
 * cvsw_dp_rx() in NAPI receive (in_port 2), both with bottom halves off.
 */
#ifndef _CVSW_DP_H
#define _CVSW_DP_H

#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/spinlock.h>
#include <linux/u64_stats_sync.h>
#include <linux/workqueue.h>
#include "datapath/classifier.h"
#include "uapi/cvsw.h"

#define CVSW_DP_NPORTS		2
/* OF1.0's default miss_send_len: bytes of a table-miss packet-in. */
#define CVSW_DP_MISS_SEND_LEN	128

struct cvsw_priv;
struct cvsw_sq;

/* Per-CPU counters; ports are indexed port - 1. */
struct cvsw_dp_pcpu {
	struct u64_stats_sync syncp;
	u64 rx_packets[CVSW_DP_NPORTS];
	u64 rx_bytes[CVSW_DP_NPORTS];
	u64 tx_packets[CVSW_DP_NPORTS];
	u64 tx_bytes[CVSW_DP_NPORTS];
	u64 dropped[CVSW_DP_NPORTS];
	u64 lookups;
	u64 matched;
};

/**
 * struct cvsw_dp - one device's datapath
 * @dev: the netdev.
 * @table: the flow table.
 * @max_flows: its capacity.
 * @active: the fast-path switch: false while the table is empty and the
 *	miss policy is normal, so packets skip the datapath entirely.
 * @miss: enum cvsw_miss.
 * @pcpu: per-CPU counters.
 * @pin_lock: guards the packet-in token bucket.
 * @pin_rate: packet-in events per second (0 = none).
 * @pin_tokens: tokens left.
 * @pin_stamp: jiffies of the last refill.
 * @expire_work: removes timed-out flows once a second.
 * @expire_enabled: the work may re-arm itself (guarded by @pin_lock).
 */
struct cvsw_dp {
	struct net_device *dev;
	struct cvsw_table *table;
	u32 max_flows;
	bool active;
	u8 miss;
	struct cvsw_dp_pcpu __percpu *pcpu;
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

int cvsw_dp_init(struct cvsw_dp *dp, struct net_device *dev);
void cvsw_dp_uninit(struct cvsw_dp *dp);
void cvsw_dp_update_active(struct cvsw_dp *dp);
u64 cvsw_dp_now(void);

enum cvsw_dp_verdict cvsw_dp_rx(struct cvsw_dp *dp, struct sk_buff *skb);
enum cvsw_dp_verdict cvsw_dp_tx(struct cvsw_dp *dp, struct cvsw_sq *sq,
				struct sk_buff *skb);
int cvsw_dp_packet_out(struct cvsw_dp *dp, struct sk_buff *skb, u16 in_port,
		       const struct cvsw_actions *acts);

bool cvsw_dp_packet_in_allowed(struct cvsw_dp *dp);
void cvsw_dp_count(struct cvsw_dp *dp, u16 port, bool rx, unsigned int bytes);
void cvsw_dp_count_drop(struct cvsw_dp *dp, u16 port);
void cvsw_dp_read_stats(struct cvsw_dp *dp, struct cvsw_dp_pcpu *sum);

/* Driver entry points the datapath outputs through (rx.c, tx.c). */
void cvsw_port_to_host(struct cvsw_priv *vi, struct sk_buff *skb);
void cvsw_port_to_net(struct cvsw_priv *vi, struct cvsw_sq *locked,
		      struct sk_buff *skb);
struct cvsw_dp *cvsw_dev_to_dp(struct net_device *dev);

#endif /* _CVSW_DP_H */
