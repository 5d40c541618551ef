// SPDX-License-Identifier: GPL-2.0
/*
 * cvsw_net receive path: buffer posting, refill and NAPI receive.
 *
 * Every rx buffer is a chunk of a page_frag (one page reference each), so a
 * packet's payload is handed to the stack as page fragments without copying;
 * only the first CVSW_RX_COPY_LEN bytes are copied into the skb head so that
 * the protocol headers are linear. The chunk size ("truesize") travels with
 * the buffer as the virtqueue context.
 *
 * With VIRTIO_NET_F_MRG_RXBUF a packet spans hdr->num_buffers buffers whose
 * size follows the average packet length; without it every buffer holds a
 * whole frame.
 */
#include <linux/etherdevice.h>
#include <linux/skbuff.h>
#include "cvsw_net.h"

static inline void *cvsw_len_to_ctx(unsigned int truesize)
{
	return (void *)(unsigned long)truesize;
}

static inline unsigned int cvsw_ctx_to_len(void *ctx)
{
	return (unsigned long)ctx;
}

static void cvsw_rx_put_buf(void *buf)
{
	put_page(virt_to_head_page(buf));
}

static void cvsw_rx_count(struct cvsw_rq *rq, u64 *counter)
{
	u64_stats_update_begin(&rq->stats.syncp);
	(*counter)++;
	u64_stats_update_end(&rq->stats.syncp);
}

static unsigned int cvsw_rx_buf_len(struct cvsw_rq *rq)
{
	struct cvsw_priv *vi = rq->vi;
	unsigned int len;

	if (!vi->mergeable)
		return vi->small_buf_len;
	len = vi->hdr_len + ewma_pkt_len_read(&rq->avg_len);
	len = clamp_t(unsigned int, len, rq->min_buf_len, PAGE_SIZE);
	return ALIGN(len, L1_CACHE_BYTES);
}

static int cvsw_rx_add_buf(struct cvsw_rq *rq, gfp_t gfp)
{
	unsigned int len = cvsw_rx_buf_len(rq), hole;
	struct scatterlist sg;
	void *buf;
	int err;

	if (unlikely(!skb_page_frag_refill(len, &rq->frag, gfp)))
		return -ENOMEM;
	buf = page_address(rq->frag.page) + rq->frag.offset;
	/* A page tail too small for the next buffer would be wasted: take it. */
	hole = rq->frag.size - rq->frag.offset - len;
	if (rq->vi->mergeable && hole < len)
		len += hole;
	get_page(rq->frag.page);
	rq->frag.offset += len;

	sg_init_one(&sg, buf, len);
	err = virtqueue_add_inbuf_ctx(rq->vq, &sg, 1, buf,
				      cvsw_len_to_ctx(len), gfp);
	if (err < 0)
		cvsw_rx_put_buf(buf);
	return err;
}

/**
 * cvsw_rx_refill - post receive buffers until the ring is full
 * @rq: receive queue
 * @gfp: allocation context
 *
 * Return: false if an allocation failed before the ring was full.
 */
bool cvsw_rx_refill(struct cvsw_rq *rq, gfp_t gfp)
{
	bool ok = true;
	int err;

	while (rq->vq->num_free) {
		err = cvsw_rx_add_buf(rq, gfp);
		if (err) {
			ok = err != -ENOMEM;
			break;
		}
	}
	if (virtqueue_kick_prepare(rq->vq) && virtqueue_notify(rq->vq)) {
		u64_stats_update_begin(&rq->stats.syncp);
		rq->stats.kicks++;
		u64_stats_update_end(&rq->stats.syncp);
	}
	return ok;
}

/**
 * cvsw_rx_enable_refill - allow or forbid the refill worker to be scheduled
 * @vi: device
 * @on: new state
 */
void cvsw_rx_enable_refill(struct cvsw_priv *vi, bool on)
{
	spin_lock_bh(&vi->refill_lock);
	vi->refill_enabled = on;
	spin_unlock_bh(&vi->refill_lock);
}

static void cvsw_rx_schedule_refill(struct cvsw_priv *vi, unsigned long delay)
{
	spin_lock(&vi->refill_lock);
	if (vi->refill_enabled)
		schedule_delayed_work(&vi->refill, delay);
	spin_unlock(&vi->refill_lock);
}

/**
 * cvsw_rx_refill_work - refill rings with GFP_KERNEL after atomic failures
 * @work: the refill delayed work
 */
void cvsw_rx_refill_work(struct work_struct *work)
{
	struct cvsw_priv *vi = container_of(work, struct cvsw_priv,
					    refill.work);
	bool still_empty;
	unsigned int i;

	for (i = 0; i < vi->max_pairs; i++) {
		struct cvsw_rq *rq = &vi->rq[i];

		/* NAPI owns the ring and the page_frag: keep it off while we refill. */
		napi_disable(&rq->napi);
		still_empty = !cvsw_rx_refill(rq, GFP_KERNEL);
		napi_enable(&rq->napi);
		local_bh_disable();
		napi_schedule(&rq->napi);
		local_bh_enable();

		if (still_empty) {
			spin_lock_bh(&vi->refill_lock);
			if (vi->refill_enabled)
				schedule_delayed_work(&vi->refill, HZ / 2);
			spin_unlock_bh(&vi->refill_lock);
		}
	}
}

/* Drop the rest of a packet whose first buffer was already consumed. */
static void cvsw_rx_drain(struct cvsw_rq *rq, unsigned int num_bufs)
{
	unsigned int len;
	void *buf;

	while (num_bufs--) {
		buf = virtqueue_get_buf(rq->vq, &len);
		if (!buf)
			break;
		cvsw_rx_put_buf(buf);
	}
}

/* Build the head skb from the first buffer of a packet. */
static struct sk_buff *cvsw_rx_head(struct cvsw_rq *rq, void *buf,
				    unsigned int len, unsigned int truesize)
{
	struct cvsw_priv *vi = rq->vi;
	struct page *page = virt_to_head_page(buf);
	unsigned int offset = buf - page_address(page) + vi->hdr_len;
	unsigned int copy;
	struct sk_buff *skb;

	len -= vi->hdr_len;
	copy = min_t(unsigned int, len, CVSW_RX_COPY_LEN);
	skb = napi_alloc_skb(&rq->napi, CVSW_RX_COPY_LEN);
	if (unlikely(!skb))
		return NULL;
	skb_put_data(skb, buf + vi->hdr_len, copy);
	if (len > copy)
		skb_add_rx_frag(skb, 0, page, offset + copy, len - copy,
				truesize);
	else
		put_page(page);
	return skb;
}

/*
 * Append the remaining num_bufs - 1 buffers of a mergeable packet as frags,
 * chaining extra skbs on frag_list once a frag array is full.
 */
static int cvsw_rx_merge(struct cvsw_rq *rq, struct sk_buff *head,
			 unsigned int num_bufs)
{
	struct sk_buff *cur = head;
	unsigned int len, truesize, nr, offset;
	struct page *page;
	void *buf, *ctx;

	while (--num_bufs) {
		buf = virtqueue_get_buf_ctx(rq->vq, &len, &ctx);
		if (unlikely(!buf)) {
			netdev_dbg(rq->vi->dev, "%s: missing %u buffers\n",
				   rq->name, num_bufs);
			return -EINVAL;
		}
		truesize = cvsw_ctx_to_len(ctx);
		if (unlikely(len > truesize)) {
			cvsw_rx_put_buf(buf);
			cvsw_rx_drain(rq, num_bufs - 1);
			return -EINVAL;
		}
		page = virt_to_head_page(buf);
		offset = buf - page_address(page);
		nr = skb_shinfo(cur)->nr_frags;
		/*
		 * The device fills buffers in ring order and refill carves
		 * them one after another from the same page, so most of a
		 * big packet is contiguous: grow the last frag instead of
		 * adding one (the buffer's page reference is not needed).
		 */
		if (skb_can_coalesce(cur, nr, page, offset)) {
			put_page(page);
			skb_coalesce_rx_frag(cur, nr - 1, len, truesize);
		} else {
			if (nr == MAX_SKB_FRAGS) {
				struct sk_buff *nskb;

				nskb = napi_alloc_skb(&rq->napi, 0);
				if (unlikely(!nskb)) {
					cvsw_rx_put_buf(buf);
					cvsw_rx_drain(rq, num_bufs - 1);
					return -ENOMEM;
				}
				if (cur == head)
					skb_shinfo(head)->frag_list = nskb;
				else
					cur->next = nskb;
				cur = nskb;
				nr = 0;
			}
			skb_add_rx_frag(cur, nr, page, offset, len, truesize);
		}
		if (cur != head) {
			head->len += len;
			head->data_len += len;
			head->truesize += truesize;
		}
	}
	return 0;
}

/* Frames of one NAPI poll waiting for the datapath, in arrival order. */
struct cvsw_rx_batch {
	unsigned int n;
	struct sk_buff *skb[CVSW_LOOKUP_BATCH];
};

static void cvsw_rx_to_stack(struct cvsw_rq *rq, struct sk_buff *skb)
{
	skb->protocol = eth_type_trans(skb, rq->vi->dev);
	napi_gro_receive(&rq->napi, skb);
}

/* Classify the waiting frames together; deliver what passes, in order. */
static void cvsw_rx_flush(struct cvsw_rq *rq, struct cvsw_rx_batch *rb)
{
	struct cvsw_priv *vi = rq->vi;
	unsigned int i, n;

	if (!rb->n)
		return;
	n = cvsw_dp_rx_batch(&vi->dp, vi->port_net, rb->skb, rb->n);
	for (i = 0; i < n; i++)
		cvsw_rx_to_stack(rq, rb->skb[i]);
	rb->n = 0;
}

/*
 * Every frame from the wire passes here (CVSW port 2, "net"), skb->data at
 * the Ethernet header. With an empty table and miss policy normal the
 * datapath costs one load; otherwise frames wait in @rb for a batch.
 */
static void cvsw_rx_deliver(struct cvsw_rq *rq, struct sk_buff *skb,
			    struct cvsw_rx_batch *rb)
{
	if (READ_ONCE(rq->vi->dp.active)) {
		rb->skb[rb->n++] = skb;
		if (rb->n == CVSW_LOOKUP_BATCH)
			cvsw_rx_flush(rq, rb);
		return;
	}
	/* The datapath just went idle: what waits goes first. */
	if (unlikely(rb->n))
		cvsw_rx_flush(rq, rb);
	cvsw_rx_to_stack(rq, skb);
}

/*
 * Datapath output to port 1 ("host"): into the guest's stack. Also takes
 * frames the guest itself sent (output:IN_PORT on transmit), so whatever
 * the transmit path attached to the skb is scrubbed first.
 */
static void cvsw_port_to_host(struct cvsw_vport *vp, struct sk_buff *skb,
			      const struct cvsw_send_info *info)
{
	struct cvsw_priv *vi = vp->priv;

	if (unlikely(!netif_running(vi->dev))) {
		kfree_skb(skb);
		return;
	}
	skb_scrub_packet(skb, false);
	skb_orphan(skb);
	skb->protocol = eth_type_trans(skb, vi->dev);
	netif_rx(skb);
}

const struct cvsw_vport_ops cvsw_host_port_ops = {
	.kind	= "host",
	.send	= cvsw_port_to_host,
};

static void cvsw_rx_one(struct cvsw_rq *rq, void *buf, unsigned int len,
			void *ctx, struct cvsw_rx_batch *rb)
{
	struct cvsw_priv *vi = rq->vi;
	struct virtio_net_hdr_mrg_rxbuf hdr;
	unsigned int num_bufs = 1;
	struct sk_buff *skb;
	unsigned int bytes;

	if (unlikely(len < vi->hdr_len + ETH_HLEN ||
		     len > cvsw_ctx_to_len(ctx))) {
		cvsw_rx_count(rq, &rq->stats.length_errors);
		goto drop_buf;
	}
	memcpy(&hdr, buf, vi->hdr_len);
	if (vi->mergeable) {
		num_bufs = virtio16_to_cpu(vi->vdev, hdr.num_buffers);
		if (unlikely(!num_bufs)) {
			cvsw_rx_count(rq, &rq->stats.length_errors);
			goto drop_buf;
		}
	}

	skb = cvsw_rx_head(rq, buf, len, cvsw_ctx_to_len(ctx));
	if (unlikely(!skb))
		goto drop_buf;
	if (num_bufs > 1 && unlikely(cvsw_rx_merge(rq, skb, num_bufs))) {
		cvsw_rx_count(rq, &rq->stats.length_errors);
		goto drop_skb;
	}
	bytes = skb->len;
	if (vi->mergeable)
		ewma_pkt_len_add(&rq->avg_len, bytes);

	if ((hdr.hdr.flags & VIRTIO_NET_HDR_F_DATA_VALID) &&
	    (vi->dev->features & NETIF_F_RXCSUM))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	if (unlikely(virtio_net_hdr_to_skb(skb, &hdr.hdr,
					   virtio_is_little_endian(vi->vdev)))) {
		cvsw_rx_count(rq, &rq->stats.frame_errors);
		goto drop_skb;
	}
	skb_record_rx_queue(skb, cvsw_vq_to_rxq(rq->vq));

	u64_stats_update_begin(&rq->stats.syncp);
	rq->stats.packets++;
	rq->stats.bytes += bytes;
	u64_stats_update_end(&rq->stats.syncp);

	cvsw_rx_deliver(rq, skb, rb);
	return;

drop_buf:
	cvsw_rx_put_buf(buf);
	if (num_bufs > 1)
		cvsw_rx_drain(rq, num_bufs - 1);
	goto count_drop;
drop_skb:
	dev_kfree_skb_any(skb);
count_drop:
	cvsw_rx_count(rq, &rq->stats.drops);
}

/**
 * cvsw_rx_poll - NAPI poll of a receive queue
 * @napi: the queue's NAPI context
 * @budget: packets we may process
 *
 * Return: packets processed.
 */
int cvsw_rx_poll(struct napi_struct *napi, int budget)
{
	struct cvsw_rq *rq = container_of(napi, struct cvsw_rq, napi);
	struct cvsw_rx_batch rb;
	unsigned int len, opaque;
	int done = 0;
	void *buf, *ctx;

	cvsw_tx_clean(rq->vi, cvsw_vq_to_rxq(rq->vq), budget);
	rb.n = 0;

	while (done < budget &&
	       (buf = virtqueue_get_buf_ctx(rq->vq, &len, &ctx))) {
		cvsw_rx_one(rq, buf, len, ctx, &rb);
		done++;
	}
	cvsw_rx_flush(rq, &rb);

	/*
	 * Refill in batches (at least half a budget's worth of buffers at a
	 * time, never per packet), early enough that the device keeps a
	 * full ring under load.
	 */
	if (rq->vq->num_free > min_t(unsigned int, budget,
				     virtqueue_get_vring_size(rq->vq)) / 2) {
		if (!cvsw_rx_refill(rq, GFP_ATOMIC)) {
			cvsw_rx_count(rq, &rq->stats.refill_fail);
			cvsw_rx_schedule_refill(rq->vi, 0);
		}
	}

	if (done < budget && napi_complete_done(napi, done)) {
		opaque = virtqueue_enable_cb_prepare(rq->vq);
		if (unlikely(virtqueue_poll(rq->vq, opaque)) &&
		    napi_schedule_prep(napi)) {
			virtqueue_disable_cb(rq->vq);
			__napi_schedule(napi);
		}
	}
	return done;
}

/**
 * cvsw_rx_done - rx virtqueue interrupt callback
 * @vq: the receive virtqueue
 */
void cvsw_rx_done(struct virtqueue *vq)
{
	struct cvsw_priv *vi = vq->vdev->priv;
	struct cvsw_rq *rq = &vi->rq[cvsw_vq_to_rxq(vq)];

	if (napi_schedule_prep(&rq->napi)) {
		virtqueue_disable_cb(vq);
		__napi_schedule(&rq->napi);
	}
}

/**
 * cvsw_rx_free_unused - release buffers still posted on a reset device
 * @rq: receive queue
 */
void cvsw_rx_free_unused(struct cvsw_rq *rq)
{
	void *buf;

	while ((buf = virtqueue_detach_unused_buf(rq->vq)))
		cvsw_rx_put_buf(buf);
	if (rq->frag.page) {
		put_page(rq->frag.page);
		rq->frag.page = NULL;
	}
}
