// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net transmit path.
 *
 * The virtio_net_hdr is written into the skb's headroom (dev->needed_headroom
 * reserves it), so a packet normally goes out as one descriptor chain with
 * no copy. Completed skbs are reclaimed by a per-queue tx NAPI (and
 * opportunistically by start_xmit), always under the queue's xmit lock,
 * which is also what serializes every operation on the tx virtqueue.
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include "cvsw_net.h"

/* Worst case descriptors of one skb: header + linear part + frags. */
#define CVSW_TX_MAX_DESC	(MAX_SKB_FRAGS + 2)

/*
 * Free descriptors one transmit may need. With tunnel ports, one frame
 * from the stack can leave as many packets (a 64 KB frame segmented in
 * software for VXLAN/Geneve/NVGRE, or cut into SCLP segments), all added
 * within that one call: keep half the ring free for them.
 */
static unsigned int cvsw_tx_room(const struct cvsw_sq *sq)
{
	if (READ_ONCE(sq->vi->dp.n_tunnels))
		return max_t(unsigned int, CVSW_TX_MAX_DESC,
			     virtqueue_get_vring_size(sq->vq) / 2);
	return CVSW_TX_MAX_DESC;
}

static void cvsw_tx_reclaim(struct cvsw_sq *sq, int budget)
{
	unsigned int len, packets = 0, bytes = 0;
	struct sk_buff *skb;

	while ((skb = virtqueue_get_buf(sq->vq, &len))) {
		bytes += skb->len;
		packets++;
		napi_consume_skb(skb, budget);
	}
	if (!packets)
		return;
	u64_stats_update_begin(&sq->stats.syncp);
	sq->stats.packets += packets;
	sq->stats.bytes += bytes;
	u64_stats_update_end(&sq->stats.syncp);
}

static void cvsw_tx_count(struct cvsw_sq *sq, u64 *counter)
{
	u64_stats_update_begin(&sq->stats.syncp);
	(*counter)++;
	u64_stats_update_end(&sq->stats.syncp);
}

/*
 * Reclaim with the completion interrupt off. With @rearm, turn it back on
 * to fire once most of what is in flight has completed, reclaiming again
 * whatever completed in the meantime.
 */
static void cvsw_tx_reclaim_rearm(struct cvsw_sq *sq, int budget, bool rearm)
{
	do {
		virtqueue_disable_cb(sq->vq);
		cvsw_tx_reclaim(sq, budget);
	} while (rearm && unlikely(!virtqueue_enable_cb_delayed(sq->vq)));
}

/* Wake a stopped queue once a maximal skb fits again. */
static void cvsw_tx_maybe_wake(struct cvsw_sq *sq, struct netdev_queue *txq)
{
	if (netif_tx_queue_stopped(txq) &&
	    sq->vq->num_free >= cvsw_tx_room(sq)) {
		netif_tx_wake_queue(txq);
		cvsw_tx_count(sq, &sq->stats.wakes);
	}
}

/* The header lives in skb->cb when it cannot go into the headroom. */
static struct virtio_net_hdr_mrg_rxbuf *cvsw_tx_cb_hdr(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct virtio_net_hdr_mrg_rxbuf) >
		     sizeof(skb->cb));
	return (struct virtio_net_hdr_mrg_rxbuf *)skb->cb;
}

/**
 * cvsw_tx_add - put one skb on a tx virtqueue (no kick)
 * @sq: the queue; its xmit lock is held
 * @skb: frame, skb->data at the Ethernet header
 *
 * The virtio_net_hdr goes in front of the frame, in the same descriptor,
 * when the headroom is ours to write. TCP hands us clones whose header
 * is shared with the retransmit copy; rather than copying the whole head
 * (skb_cow_head) the header then gets a descriptor of its own in skb->cb,
 * which the driver owns until the skb is reclaimed.
 *
 * Return: 0 or a negative errno; on error the skb is still the caller's.
 */
int cvsw_tx_add(struct cvsw_sq *sq, struct sk_buff *skb)
{
	struct cvsw_priv *vi = sq->vi;
	struct virtio_net_hdr_mrg_rxbuf *hdr;
	bool push;
	int num;

	push = vi->any_header_sg && !skb_header_cloned(skb) &&
	       skb_headroom(skb) >= vi->hdr_len &&
	       IS_ALIGNED((unsigned long)skb->data - vi->hdr_len,
			  __alignof__(*hdr));
	hdr = push ? (void *)(skb->data - vi->hdr_len) : cvsw_tx_cb_hdr(skb);

	/* Computed before any push: csum_start is relative to skb->data. */
	if (virtio_net_hdr_from_skb(skb, &hdr->hdr,
				    virtio_is_little_endian(vi->vdev),
				    false, 0))
		return -EPROTO;
	hdr->num_buffers = 0;

	sg_init_table(sq->sg, skb_shinfo(skb)->nr_frags + 2);
	if (push) {
		__skb_push(skb, vi->hdr_len);
		num = skb_to_sgvec(skb, sq->sg, 0, skb->len);
		__skb_pull(skb, vi->hdr_len);
	} else {
		sg_set_buf(sq->sg, hdr, vi->hdr_len);
		num = skb_to_sgvec(skb, sq->sg + 1, 0, skb->len);
		if (num >= 0)
			num++;
	}
	if (unlikely(num < 0))
		return num;
	return virtqueue_add_outbuf(sq->vq, sq->sg, num, skb, GFP_ATOMIC);
}

/*
 * Stop the queue while a maximal skb might not fit, with the completion
 * interrupt armed so that tx NAPI wakes it; completions that already came
 * in are reclaimed by NAPI at once.
 */
static void cvsw_tx_maybe_stop(struct cvsw_sq *sq, struct netdev_queue *txq)
{
	if (sq->vq->num_free >= cvsw_tx_room(sq))
		return;
	netif_tx_stop_queue(txq);
	cvsw_tx_count(sq, &sq->stats.stops);
	if (unlikely(!virtqueue_enable_cb_delayed(sq->vq)) &&
	    napi_schedule_prep(&sq->napi)) {
		virtqueue_disable_cb(sq->vq);
		__napi_schedule(&sq->napi);
	}
}

/**
 * cvsw_start_xmit - ndo_start_xmit: queue one packet on its tx virtqueue
 * @skb: packet from the stack (CVSW port 1, "host")
 * @dev: our netdev
 *
 * Completions are reclaimed here with the completion interrupt off. At the
 * end of a batch the interrupt is re-armed to fire only once most of what
 * is in flight has completed (virtqueue_enable_cb_delayed), so a busy queue
 * costs few interrupts; the paired rx NAPI reclaims in between.
 *
 * Return: NETDEV_TX_OK; a packet that cannot be queued is counted and freed.
 */
netdev_tx_t cvsw_start_xmit(struct sk_buff *skb, struct net_device *dev)
{
	struct cvsw_priv *vi = netdev_priv(dev);
	unsigned int qnum = skb_get_queue_mapping(skb);
	struct cvsw_sq *sq = &vi->sq[qnum];
	struct netdev_queue *txq = netdev_get_tx_queue(dev, qnum);
	bool kick = !netdev_xmit_more();
	int err;

	cvsw_tx_reclaim_rearm(sq, 0, kick);

	/* Every frame from the stack passes here (CVSW port 1, "host"). */
	if (READ_ONCE(vi->dp.active) &&
	    cvsw_dp_tx(&vi->dp, vi->port_host, skb, sq) == CVSW_DP_CONSUMED)
		goto out;

	skb_tx_timestamp(skb);
	err = cvsw_tx_add(sq, skb);
	if (unlikely(err)) {
		net_dbg_ratelimited("%s: tx queue %u: cannot queue skb: %d\n",
				    dev->name, qnum, err);
		cvsw_tx_count(sq, &sq->stats.errors);
		dev_kfree_skb_any(skb);
		kick = true;
	}

out:
	cvsw_tx_maybe_stop(sq, txq);
	if ((kick || netif_xmit_stopped(txq)) &&
	    virtqueue_kick_prepare(sq->vq) && virtqueue_notify(sq->vq))
		cvsw_tx_count(sq, &sq->stats.kicks);

	return NETDEV_TX_OK;
}

/*
 * Datapath output to port 2 ("net"): onto the virtio link. @ctx is the tx
 * queue whose xmit lock the caller holds (what cvsw_start_xmit() gave
 * cvsw_dp_tx()), or NULL. From the transmit path the frame joins the locked
 * queue and is kicked with the rest of the batch; from elsewhere (receive,
 * packet-out) it takes the queue of this CPU and kicks at once. BHs off.
 */
static void cvsw_port_to_net(struct cvsw_vport *vp, struct sk_buff *skb,
			     const struct cvsw_send_info *info)
{
	struct cvsw_priv *vi = vp->priv;
	struct cvsw_sq *locked = info->ctx;
	struct net_device *dev = vi->dev;
	struct netdev_queue *txq;
	struct cvsw_sq *sq;
	unsigned int qnum;

	if (locked) {
		if (unlikely(cvsw_tx_add(locked, skb))) {
			cvsw_tx_count(locked, &locked->stats.errors);
			kfree_skb(skb);
		}
		return;
	}
	if (unlikely(!netif_running(dev) || !netif_carrier_ok(dev))) {
		kfree_skb(skb);
		return;
	}
	qnum = raw_smp_processor_id() % dev->real_num_tx_queues;
	sq = &vi->sq[qnum];
	txq = netdev_get_tx_queue(dev, qnum);
	skb_set_queue_mapping(skb, qnum);
	__netif_tx_lock(txq, raw_smp_processor_id());
	if (netif_xmit_frozen_or_stopped(txq) || cvsw_tx_add(sq, skb)) {
		cvsw_tx_count(sq, &sq->stats.errors);
		kfree_skb(skb);
	} else {
		cvsw_tx_maybe_stop(sq, txq);
		if (virtqueue_kick_prepare(sq->vq) && virtqueue_notify(sq->vq))
			cvsw_tx_count(sq, &sq->stats.kicks);
	}
	__netif_tx_unlock(txq);
}

const struct cvsw_vport_ops cvsw_net_port_ops = {
	.kind	= "net",
	.send	= cvsw_port_to_net,
};

/**
 * cvsw_tx_clean - reclaim a tx queue from its paired rx NAPI
 * @vi: device
 * @qnum: queue pair
 * @budget: the rx NAPI budget (skbs go back to the NAPI cache)
 *
 * Replies to what a queue sends usually arrive on the paired rx queue, so
 * reclaiming there keeps a busy tx queue from needing its own interrupt.
 * Skipped when another CPU holds the queue; it reclaims for itself.
 */
void cvsw_tx_clean(struct cvsw_priv *vi, unsigned int qnum, int budget)
{
	struct cvsw_sq *sq = &vi->sq[qnum];
	struct netdev_queue *txq;

	if (qnum >= vi->dev->real_num_tx_queues)
		return;
	txq = netdev_get_tx_queue(vi->dev, qnum);
	if (!__netif_tx_trylock(txq))
		return;
	cvsw_tx_reclaim_rearm(sq, budget, true);
	cvsw_tx_maybe_wake(sq, txq);
	__netif_tx_unlock(txq);
}

/**
 * cvsw_tx_poll - tx NAPI: reclaim completed packets and wake the queue
 * @napi: the queue's tx NAPI
 * @budget: 0 when called from netpoll
 *
 * Return: always 0 (tx work does not count against the rx budget).
 */
int cvsw_tx_poll(struct napi_struct *napi, int budget)
{
	struct cvsw_sq *sq = container_of(napi, struct cvsw_sq, napi);
	struct cvsw_priv *vi = sq->vi;
	struct netdev_queue *txq;
	unsigned int opaque;
	bool done;

	txq = netdev_get_tx_queue(vi->dev, cvsw_vq_to_txq(sq->vq));
	__netif_tx_lock(txq, raw_smp_processor_id());
	cvsw_tx_reclaim_rearm(sq, budget, false);
	cvsw_tx_maybe_wake(sq, txq);
	opaque = virtqueue_enable_cb_prepare(sq->vq);
	done = napi_complete_done(napi, 0);
	if (!done)
		virtqueue_disable_cb(sq->vq);
	__netif_tx_unlock(txq);

	/* A completion that raced with re-enabling: poll again. */
	if (done && unlikely(virtqueue_poll(sq->vq, opaque)) &&
	    napi_schedule_prep(napi)) {
		__netif_tx_lock(txq, raw_smp_processor_id());
		virtqueue_disable_cb(sq->vq);
		__netif_tx_unlock(txq);
		__napi_schedule(napi);
	}
	return 0;
}

/**
 * cvsw_tx_done - tx virtqueue interrupt callback
 * @vq: the transmit virtqueue
 */
void cvsw_tx_done(struct virtqueue *vq)
{
	struct cvsw_priv *vi = vq->vdev->priv;
	struct cvsw_sq *sq = &vi->sq[cvsw_vq_to_txq(vq)];

	if (napi_schedule_prep(&sq->napi)) {
		virtqueue_disable_cb(vq);
		__napi_schedule(&sq->napi);
	}
}

/**
 * cvsw_tx_free_unused - free skbs still queued on a reset device
 * @sq: transmit queue
 */
void cvsw_tx_free_unused(struct cvsw_sq *sq)
{
	struct sk_buff *skb;

	while ((skb = virtqueue_detach_unused_buf(sq->vq)))
		dev_kfree_skb(skb);
}
