/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cvsw_net: the CVSW virtio-net driver - shared definitions.
 *
 * Layout of the driver:
 *   main.c     probe/remove, feature negotiation, netdev ops, config changes
 *   rx.c       receive buffers, refill, NAPI receive
 *   tx.c       transmit, completion reclaim, queue stop/wake
 *   ctrl.c     control virtqueue commands (rx mode, MAC, MQ, guest offloads)
 *   ethtool.c  ethtool operations and per-queue counters
 *   affinity.c queue pair <-> CPU placement (irq hints, XPS, CPU hotplug)
 *
 * Virtqueue order (virtio spec): rx0, tx0, rx1, tx1, ..., ctrl.
 */
#ifndef _CVSW_NET_H
#define _CVSW_NET_H

#include <linux/netdevice.h>
#include <linux/virtio.h>
#include <linux/virtio_net.h>
#include <linux/u64_stats_sync.h>
#include <linux/average.h>
#include <linux/workqueue.h>
#include <linux/mutex.h>
#include "dp/dp.h"

#define CVSW_DRV_NAME		"cvsw_net"
/* CVSW_DRV_VERSION, AC_INIT's version, comes from Kbuild. */

/* Bytes copied into the skb's linear area; the rest stays in page frags. */
#define CVSW_RX_COPY_LEN	128
/* Smallest mergeable rx buffer: one standard frame plus the virtio header. */
#define CVSW_RX_MIN_BUF		(ETH_HLEN + VLAN_HLEN + ETH_DATA_LEN)

/* Average received packet length, used to size mergeable rx buffers. */
DECLARE_EWMA(pkt_len, 0, 64)

/* Per-queue counters; each is read as one u64_stats snapshot. */
struct cvsw_rq_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 drops;		/* every dropped packet, whatever the cause */
	u64 length_errors;	/* bad lengths or buffer counts */
	u64 frame_errors;	/* virtio_net_hdr the stack cannot accept */
	u64 kicks;
	u64 refill_fail;	/* atomic refills that fell back to the worker */
};

struct cvsw_sq_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 errors;		/* packets dropped because they could not be queued */
	u64 kicks;
	u64 stops;
	u64 wakes;
};

struct cvsw_priv;

/** struct cvsw_rq - one receive queue */
struct cvsw_rq {
	struct virtqueue *vq;
	struct napi_struct napi;
	struct cvsw_priv *vi;
	struct page_frag frag;		/* refill source; touched only in NAPI/refill */
	struct ewma_pkt_len avg_len;
	unsigned int min_buf_len;	/* mergeable buffers never get smaller */
	struct cvsw_rq_stats stats;
	char name[16];
};

/** struct cvsw_sq - one transmit queue */
struct cvsw_sq {
	struct virtqueue *vq;
	struct napi_struct napi;	/* completion reclaim */
	struct cvsw_priv *vi;
	struct cvsw_sq_stats stats;
	char name[16];
	struct scatterlist sg[MAX_SKB_FRAGS + 2];
};

/* DMA-safe control command buffers (never on the stack). */
struct cvsw_ctrl_buf {
	struct virtio_net_ctrl_hdr hdr;
	virtio_net_ctrl_ack status;
	union {
		u8 onoff;
		u8 mac[ETH_ALEN];
		struct virtio_net_ctrl_mq mq;
		__virtio64 offloads;
	};
};

/** struct cvsw_priv - per-device state (netdev_priv) */
struct cvsw_priv {
	struct virtio_device *vdev;
	struct net_device *dev;

	struct cvsw_rq *rq;
	struct cvsw_sq *sq;
	u16 max_pairs;			/* queue pairs the device has */
	u16 cur_pairs;			/* queue pairs in use */

	/* Receive buffer layout. */
	bool mergeable;
	unsigned int hdr_len;		/* virtio_net_hdr(_mrg_rxbuf) size */
	unsigned int small_buf_len;	/* non-mergeable buffer size */
	bool any_header_sg;		/* header may share a descriptor with data */

	/* Control virtqueue; ctrl_lock serializes commands. */
	struct virtqueue *cvq;
	struct mutex ctrl_lock;
	struct cvsw_ctrl_buf *ctrl;

	/* VIRTIO_NET_F_GUEST_* bits we may toggle, and the current set. */
	u64 guest_offloads_capable;
	u64 guest_offloads;

	/* Refill worker for when atomic allocation failed. */
	struct delayed_work refill;
	spinlock_t refill_lock;		/* guards refill_enabled */
	bool refill_enabled;

	struct work_struct rx_mode_work;
	bool rx_mode_enabled;		/* set while the device is registered */

	struct work_struct config_work;
	bool config_enabled;		/* guarded by config_lock */
	spinlock_t config_lock;

	u32 speed;
	u8 duplex;

	struct hlist_node cpuhp_node;	/* on the driver's CPU hotplug state */

	struct cvsw_dp dp;		/* the OpenFlow datapath of this vNIC */
	struct cvsw_vport *port_host;	/* its port 1: our stack */
	struct cvsw_vport *port_net;	/* its port 2: the virtio link */
};

static inline unsigned int cvsw_vq_to_rxq(struct virtqueue *vq)
{
	return vq->index / 2;
}

static inline unsigned int cvsw_vq_to_txq(struct virtqueue *vq)
{
	return (vq->index - 1) / 2;
}

/* main.c */
int cvsw_driver_register(void);
void cvsw_driver_unregister(void);

/* rx.c */
extern const struct cvsw_vport_ops cvsw_host_port_ops;
void cvsw_rx_done(struct virtqueue *vq);
int cvsw_rx_poll(struct napi_struct *napi, int budget);
bool cvsw_rx_refill(struct cvsw_rq *rq, gfp_t gfp);
void cvsw_rx_refill_work(struct work_struct *work);
void cvsw_rx_enable_refill(struct cvsw_priv *vi, bool on);
void cvsw_rx_free_unused(struct cvsw_rq *rq);

/* tx.c */
extern const struct cvsw_vport_ops cvsw_net_port_ops;
void cvsw_tx_done(struct virtqueue *vq);
int cvsw_tx_poll(struct napi_struct *napi, int budget);
netdev_tx_t cvsw_start_xmit(struct sk_buff *skb, struct net_device *dev);
void cvsw_tx_free_unused(struct cvsw_sq *sq);
int cvsw_tx_add(struct cvsw_sq *sq, struct sk_buff *skb);
void cvsw_tx_clean(struct cvsw_priv *vi, unsigned int qnum, int budget);

/* ctrl.c */
bool cvsw_ctrl_cmd(struct cvsw_priv *vi, u8 class, u8 cmd,
		   struct scatterlist *out);
int cvsw_ctrl_set_pairs(struct cvsw_priv *vi, u16 pairs);
int cvsw_ctrl_set_mac(struct cvsw_priv *vi, const u8 *mac);
int cvsw_ctrl_set_guest_offloads(struct cvsw_priv *vi, u64 offloads);
void cvsw_ctrl_rx_mode_work(struct work_struct *work);
void cvsw_ctrl_announce_ack(struct cvsw_priv *vi);

/* affinity.c */
int cvsw_affinity_init(void);
void cvsw_affinity_exit(void);
int cvsw_affinity_start(struct cvsw_priv *vi);
void cvsw_affinity_stop(struct cvsw_priv *vi);
void cvsw_affinity_update(struct cvsw_priv *vi);

/* ethtool.c */
extern const struct ethtool_ops cvsw_ethtool_ops;

#endif /* _CVSW_NET_H */
