// SPDX-License-Identifier: GPL-2.0
/*
 * encap_sclp.c - VXLAN over SCLP transmit: one VXLAN frame per inner
 * frame, however large, cut into wire-MTU IPv4 packets each with its own
 * SCLP header (docs/tunnels.md).
 *
 * The inner checksum is completed once per frame, then the segments are
 * built without copying the payload: each is a small head (outer headers,
 * and the part of the frame that sits in the frame's linear area) plus
 * references to the frame's page fragments. Frames whose data cannot be
 * shared that way (a frag_list, user-space zerocopy pages) are copied.
 */
#include <linux/skbuff.h>
#include <net/checksum.h>
#include "tunnel/encap.h"
#include "datapath/tun_build.h"

#define CVSW_SCLP_MAX_FRAME	0xffff	/* the 16-bit remaining length */
#define CVSW_SCLP_SEG_HLEN	(CVSW_TUN_ETH_HLEN + CVSW_TUN_IP_HLEN + \
				 CVSW_SCLP_HLEN)

/* Complete a partial inner checksum, GSO frames included. */
static int cvsw_sclp_csum(struct sk_buff *skb)
{
	unsigned int start, at;
	__wsum csum;
	__sum16 *field;

	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	if (!skb_is_gso(skb))
		return skb_checksum_help(skb);
	/* One large segment: the field holds the pseudo-header sum. */
	start = skb_checksum_start_offset(skb);
	at = start + skb->csum_offset;
	if (at + sizeof(*field) > skb_headlen(skb) ||
	    skb_ensure_writable(skb, at + sizeof(*field)))
		return -EINVAL;
	csum = skb_checksum(skb, start, skb->len - start, 0);
	field = (__sum16 *)(skb->data + at);
	*field = csum_fold(csum) ?: CSUM_MANGLED_0;
	skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

/* Attach @len bytes of @frame at @off to @seg: copied or page references. */
static int cvsw_sclp_fill(struct sk_buff *seg, const struct sk_buff *frame,
			  unsigned int off, unsigned int len, bool copy)
{
	unsigned int headlen = skb_headlen(frame), pos, i, n;

	if (copy)
		return skb_copy_bits(frame, off, skb_put(seg, len), len);
	if (off < headlen) {
		n = min(len, headlen - off);
		skb_put_data(seg, frame->data + off, n);
		off += n;
		len -= n;
	}
	pos = headlen;
	for (i = 0; len && i < skb_shinfo(frame)->nr_frags; i++) {
		const skb_frag_t *f = &skb_shinfo(frame)->frags[i];
		unsigned int fsz = skb_frag_size(f), in;

		if (off >= pos + fsz) {
			pos += fsz;
			continue;
		}
		if (skb_shinfo(seg)->nr_frags >= MAX_SKB_FRAGS)
			return -EMSGSIZE;
		in = off - pos;
		n = min(len, fsz - in);
		get_page(skb_frag_page(f));
		skb_fill_page_desc(seg, skb_shinfo(seg)->nr_frags,
				   skb_frag_page(f), skb_frag_off(f) + in, n);
		seg->len += n;
		seg->data_len += n;
		seg->truesize += n;
		off += n;
		len -= n;
		pos += fsz;
	}
	return len ? -EMSGSIZE : 0;
}

/* Send one VXLAN frame (@frame: VXLAN header + inner frame) as segments. */
static void cvsw_sclp_segments(const struct cvsw_encap *e,
			       struct sk_buff *frame)
{
	unsigned int room = e->dev->needed_headroom + CVSW_SCLP_SEG_HLEN;
	unsigned int payload = e->mtu - CVSW_TUN_IP_HLEN - CVSW_SCLP_HLEN;
	unsigned int total = frame->len, off, n, lin;
	bool copy = skb_has_frag_list(frame) || skb_zcopy(frame) ||
		    frame->pp_recycle;
	struct cvsw_tb_sclp s;
	struct sk_buff *seg;
	u8 *h;

	s.saddr = e->saddr;
	s.daddr = e->daddr;
	s.sport = e->sport;
	s.dport = e->t->cfg.dst_port;
	s.id = (u32)atomic_inc_return(&e->t->frame_id);
	for (off = 0; off < total; off += n) {
		n = min(payload, total - off);
		lin = copy ? n : (off < skb_headlen(frame) ?
				  min(n, skb_headlen(frame) - off) : 0);
		seg = alloc_skb(room + lin, GFP_ATOMIC);
		if (!seg)
			goto fail;
		skb_reserve(seg, room);
		if (cvsw_sclp_fill(seg, frame, off, n, copy)) {
			kfree_skb(seg);
			goto fail;
		}
		skb_set_queue_mapping(seg, skb_get_queue_mapping(frame));
		seg->priority = frame->priority;
		h = cvsw_encap_push_outer(e, seg, CVSW_SCLP_SEG_HLEN);
		s.first = !off;
		s.remaining = total - off;
		s.payload_len = n;
		cvsw_tb_sclp(h, &s);
		cvsw_encap_xmit(e, seg);
	}
	consume_skb(frame);
	return;
fail:
	/* The segments sent cannot complete the frame: the receiver drops
	 * them on its reassembly timeout.
	 */
	cvsw_encap_drop(e, frame);
}

static void cvsw_sclp_frame(const struct cvsw_encap *e, struct sk_buff *skb)
{
	if (cvsw_sclp_csum(skb) || skb_cow_head(skb, CVSW_VXLAN_HLEN)) {
		cvsw_encap_drop(e, skb);
		return;
	}
	cvsw_tb_vxlan(__skb_push(skb, CVSW_VXLAN_HLEN), (u32)e->id);
	cvsw_sclp_segments(e, skb);
}

/**
 * cvsw_sclp_send - ops->send() of SCLP ports
 * @vp: the port
 * @skb: the inner frame; consumed
 * @info: send info (tx queue context)
 *
 * A GSO frame becomes one SCLP frame when its VXLAN frame fits the 16-bit
 * remaining length; a larger one is segmented first.
 */
void cvsw_sclp_send(struct cvsw_vport *vp, struct sk_buff *skb,
		    const struct cvsw_send_info *info)
{
	struct sk_buff *segs, *next;
	struct cvsw_encap e;

	if (cvsw_encap_prepare(&e, vp, skb, info)) {
		kfree_skb(skb);
		return;
	}
	if (e.mtu < CVSW_TUN_IP_HLEN + CVSW_SCLP_HLEN + 64) {
		cvsw_encap_too_big(&e, skb, 0);
		return;
	}
	if (likely(CVSW_VXLAN_HLEN + skb->len <= CVSW_SCLP_MAX_FRAME)) {
		cvsw_sclp_frame(&e, skb);
		return;
	}
	if (!skb_is_gso(skb)) {
		cvsw_encap_drop(&e, skb);
		return;
	}
	segs = cvsw_encap_segment_inner(&e, skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		cvsw_sclp_frame(&e, skb);
	}
}
