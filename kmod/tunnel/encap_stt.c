// SPDX-License-Identifier: GPL-2.0
/*
 * encap_stt.c - STT transmit (draft-davie-stt-08): a frame, however large,
 * is encapsulated once and leaves as one TCP segmentation job on the outer
 * TCP-like header.
 *
 * The outer header carries sequence = frame length << 16 | 0; TCP
 * segmentation (the virtio device's, or the kernel's GSO when the device
 * has none) advances the sequence by the bytes before each segment, which
 * is exactly STT's fragment offset. The inner L4 checksum is left partial
 * and announced in the STT flags with its offset, and the inner TSO
 * segment size goes in the MSS field, so neither side ever touches the
 * inner payload.
 */
#include <linux/ip.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include "tunnel/encap.h"
#include "datapath/tun_build.h"

#define CVSW_STT_MAX_FRAME	0xffff	/* the sequence's 16-bit length */

/* Fill the outer TCP checksum (offloaded when the device can). */
static void cvsw_stt_outer_csum(const struct cvsw_encap *e,
				struct sk_buff *skb, struct tcphdr *th)
{
	unsigned int tcp_len = skb->len - skb_transport_offset(skb);

	th->check = ~csum_tcpudp_magic(e->saddr, e->daddr, tcp_len,
				       IPPROTO_TCP, 0);
	skb->ip_summed = CHECKSUM_PARTIAL;
	skb->csum_start = skb_transport_header(skb) - skb->head;
	skb->csum_offset = offsetof(struct tcphdr, check);
}

/*
 * The STT flags, L4 offset and MSS of the inner frame; completes the inner
 * checksum when it cannot be announced. Return: 0 or -errno.
 */
static int cvsw_stt_inner(struct sk_buff *skb, u8 *flags, u8 *l4_ofs,
			  u16 *mss)
{
	unsigned int start;

	*flags = skb->protocol == htons(ETH_P_IP) ? CVSW_STT_F_IPV4 : 0;
	*l4_ofs = 0;
	*mss = skb_is_gso(skb) ? skb_shinfo(skb)->gso_size : 0;
	if (skb->ip_summed == CHECKSUM_UNNECESSARY) {
		*flags |= CVSW_STT_F_CSUM_VERIFIED;
		return 0;
	}
	if (skb->ip_summed != CHECKSUM_PARTIAL)
		return 0;
	start = skb_checksum_start_offset(skb);
	if (start <= U8_MAX &&
	    (skb->csum_offset == offsetof(struct tcphdr, check) ||
	     skb->csum_offset == offsetof(struct udphdr, check))) {
		*flags |= CVSW_STT_F_CSUM_PARTIAL;
		if (skb->csum_offset == offsetof(struct tcphdr, check))
			*flags |= CVSW_STT_F_TCP;
		*l4_ofs = start;
		return 0;
	}
	/* Not announceable (GSO frames always are: TCP, offset < 256). */
	return skb_is_gso(skb) ? -EINVAL : skb_checksum_help(skb);
}

/* Encapsulate one frame of at most CVSW_STT_MAX_FRAME bytes and send it. */
static void cvsw_stt_one(const struct cvsw_encap *e, struct sk_buff *skb)
{
	const struct cvsw_tunnel_cfg *cfg = &e->t->cfg;
	struct skb_shared_info *shinfo;
	unsigned int frame_len, mss;
	u16 inner_mss;
	u8 flags, l4_ofs;
	u8 *h;

	if (cvsw_stt_inner(skb, &flags, &l4_ofs, &inner_mss))
		goto drop;
	/*
	 * The GSO fields are rewritten below: they live in the shared info,
	 * which a clone (TCP's retransmit copy) shares; take a private one.
	 */
	if (skb_unclone(skb, GFP_ATOMIC) ||
	    skb_cow_head(skb, e->hlen + e->dev->needed_headroom))
		goto drop;
	frame_len = CVSW_STT_HLEN + skb->len;
	h = cvsw_encap_push_outer(e, skb, e->hlen);
	cvsw_tb_stt_tcp(h, e->sport, cfg->dst_port, frame_len << 16,
			(u32)atomic_inc_return(&e->t->frame_id));
	cvsw_tb_stt(h + CVSW_STT_TCP_HLEN, flags, l4_ofs, inner_mss, 0, e->id);
	cvsw_stt_outer_csum(e, skb, (struct tcphdr *)h);

	shinfo = skb_shinfo(skb);
	mss = e->mtu - CVSW_TUN_IP_HLEN - CVSW_STT_TCP_HLEN;
	if (frame_len > mss) {
		shinfo->gso_type = SKB_GSO_TCPV4;
		shinfo->gso_size = mss;
		shinfo->gso_segs = DIV_ROUND_UP(frame_len, mss);
	} else {
		shinfo->gso_type = 0;
		shinfo->gso_size = 0;
		shinfo->gso_segs = 0;
	}
	skb->encapsulation = 0;

	if (skb_is_gso(skb) && !(e->dev->features & NETIF_F_TSO)) {
		struct sk_buff *segs, *next;

		/* No TSO on the device: the kernel's GSO does the same. */
		segs = cvsw_encap_segment_inner(e, skb);
		skb_list_walk_safe(segs, skb, next) {
			skb_mark_not_on_list(skb);
			if (skb->ip_summed == CHECKSUM_PARTIAL &&
			    !(e->dev->features & NETIF_F_HW_CSUM) &&
			    skb_checksum_help(skb)) {
				cvsw_encap_drop(e, skb);
				continue;
			}
			cvsw_encap_xmit(e, skb);
		}
		return;
	}
	if (!skb_is_gso(skb) && !(e->dev->features & NETIF_F_HW_CSUM) &&
	    skb_checksum_help(skb))
		goto drop;
	cvsw_encap_xmit(e, skb);
	return;
drop:
	cvsw_encap_drop(e, skb);
}

/**
 * cvsw_stt_send - ops->send() of STT ports
 * @vp: the port
 * @skb: the inner frame; consumed
 * @info: send info (tx queue context)
 *
 * A frame larger than STT's 64 KB limit (sequence numbers carry a 16-bit
 * length), or a GSO frame other than TCP, is segmented first and each
 * piece sent as its own STT frame.
 */
void cvsw_stt_send(struct cvsw_vport *vp, struct sk_buff *skb,
		   const struct cvsw_send_info *info)
{
	unsigned int limit = CVSW_STT_MAX_FRAME - CVSW_STT_HLEN;
	struct sk_buff *segs, *next;
	struct cvsw_encap e;

	if (cvsw_encap_prepare(&e, vp, skb, info)) {
		kfree_skb(skb);
		return;
	}
	if (e.mtu < CVSW_TUN_IP_HLEN + CVSW_STT_TCP_HLEN + CVSW_STT_HLEN) {
		cvsw_encap_too_big(&e, skb, 0);
		return;
	}
	/* The outer IPv4 length must hold the whole frame too. */
	limit -= CVSW_TUN_IP_HLEN + CVSW_STT_TCP_HLEN;
	/* STT's MSS resegments TCP only: other GSO is done here. */
	if (likely(skb->len <= limit) &&
	    (!skb_is_gso(skb) || (skb_shinfo(skb)->gso_type &
				  (SKB_GSO_TCPV4 | SKB_GSO_TCPV6)))) {
		cvsw_stt_one(&e, skb);
		return;
	}
	if (!skb_is_gso(skb)) {
		cvsw_encap_drop(&e, skb);
		return;
	}
	segs = cvsw_encap_segment_inner(&e, skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		cvsw_stt_one(&e, skb);
	}
}
