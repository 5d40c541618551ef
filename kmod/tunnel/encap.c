// SPDX-License-Identifier: GPL-2.0
/*
 * encap.c - the transmit side of tunnel ports: what every kind shares
 * (route and neighbour resolution, outer Ethernet and IPv4, the MTU rule
 * and its ICMP answer) and VXLAN, Geneve and NVGRE.
 *
 * The virtio device has no UDP-tunnel or GRE segmentation offload, so a
 * GSO frame from the stack is segmented here, before encapsulation, by the
 * kernel's own GSO with the device's checksum offload kept: every segment
 * leaves CHECKSUM_PARTIAL on its inner TCP/UDP header and the device (or
 * whoever receives it with NEEDS_CSUM) fills it. The outer UDP checksum is
 * zero (RFC 7348 5, RFC 8926 3.3; Linux's own default for IPv4), so outer
 * headers cost one small write per segment. STT (encap_stt.c) and SCLP
 * (encap_sclp.c) keep a frame whole and segment it their own way.
 *
 * Everything runs from ops->send(): bottom halves off, rcu_read_lock()
 * held, possibly under the xmit lock of the tx queue the frame came
 * through (info->ctx, handed on to port 2 so the outer packets join that
 * batch). Nothing here sleeps or waits: an unresolved neighbour is
 * resolved in the background (its timer sends the ARP request, not this
 * path, which may hold a tx lock) and the frame is dropped and counted.
 */
#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/ip.h>
#include <net/arp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/neighbour.h>
#include <net/route.h>
#include "tunnel/encap.h"
#include "datapath/tun_build.h"

/*
 * Resolve the outer source, the wire MTU and the next hop's MAC. The route
 * comes from the port's per-CPU dst cache, which checks it is still valid
 * (a route or device change makes it obsolete) before handing it out.
 */
static int cvsw_encap_route(struct cvsw_encap *e)
{
	const struct cvsw_tunnel_cfg *cfg = &e->t->cfg;
	struct neighbour *neigh;
	struct flowi4 fl4;
	struct rtable *rt;
	__be32 nh;
	int busy;

	e->daddr = cfg->remote_ip;
	rt = dst_cache_get_ip4(&e->t->dst_cache, &e->saddr);
	if (!rt) {
		memset(&fl4, 0, sizeof(fl4));
		fl4.daddr = cfg->remote_ip;
		fl4.saddr = cfg->local_ip;
		fl4.flowi4_proto = cvsw_tun_kinds[cfg->kind].ip_proto;
		/* The port's TOS, not an inherited one: one route to cache. */
		fl4.flowi4_tos = RT_TOS(cfg->tos);
		rt = ip_route_output_key(dev_net(e->dev), &fl4);
		if (IS_ERR(rt))
			goto no_route;
		/* Outer packets leave through port 2: the route must say so. */
		if (rt->dst.dev != e->dev || rt->rt_type != RTN_UNICAST ||
		    rt->rt_gw_family == AF_INET6) {
			ip_rt_put(rt);
			goto no_route;
		}
		e->saddr = fl4.saddr;
		dst_cache_set_ip4(&e->t->dst_cache, &rt->dst, fl4.saddr);
	}
	e->mtu = dst_mtu(&rt->dst);
	nh = rt_nexthop(rt, e->daddr);
	ip_rt_put(rt);
	if (cfg->has_remote_mac) {
		ether_addr_copy(e->dmac, cfg->remote_mac);
		return 0;
	}

	rcu_read_lock_bh();
	/* As ip_neigh_gw4(): no reference, the RCU-bh section keeps it. */
	neigh = __ipv4_neigh_lookup_noref(e->dev, (__force u32)nh);
	if (!neigh) {
		neigh = __neigh_create(&arp_tbl, &nh, e->dev, false);
		if (IS_ERR(neigh)) {
			rcu_read_unlock_bh();
			goto no_neigh;
		}
	}
	/* Not "immediate": the neighbour timer sends the request. */
	busy = neigh_event_send_probe(neigh, NULL, false);
	if (!busy)
		neigh_ha_snapshot(e->dmac, neigh, e->dev);
	rcu_read_unlock_bh();
	if (busy)
		goto no_neigh;
	return 0;

no_route:
	cvsw_tunnel_count(e->t, no_route);
	return -EHOSTUNREACH;
no_neigh:
	cvsw_tunnel_count(e->t, no_neigh);
	return -EAGAIN;
}

/* The DSCP of an inner IPv4 packet, for tos=inherit. */
static u8 cvsw_encap_inner_dscp(const struct sk_buff *skb)
{
	const struct iphdr *iph;
	struct iphdr buf;

	if (skb->protocol != htons(ETH_P_IP))
		return 0;
	iph = skb_header_pointer(skb, skb_network_offset(skb), sizeof(buf),
				 &buf);
	return iph ? iph->tos & ~INET_ECN_MASK : 0;
}

/**
 * cvsw_encap_prepare - resolve the encapsulation of one frame
 * @e: filled in
 * @vp: the tunnel port
 * @skb: the inner frame, skb->data at its Ethernet header
 * @info: from ops->send()
 *
 * Frames from the receive path may not have skb->protocol and the network
 * header set yet; they are set from the Ethernet header so that the flow
 * hash and segmentation see the inner packet.
 *
 * Return: 0, or a negative errno after counting why (the caller frees).
 */
int cvsw_encap_prepare(struct cvsw_encap *e, struct cvsw_vport *vp,
		       struct sk_buff *skb, const struct cvsw_send_info *info)
{
	struct cvsw_tunnel *t = vp->priv;
	const struct cvsw_tunnel_cfg *cfg = &t->cfg;

	e->t = t;
	e->info = info;
	e->dev = vp->dp->dev;
	e->net = cvsw_vport_rcu(vp->dp, CVSW_PORT_NET);
	if (unlikely(!e->net)) {
		cvsw_tunnel_count(t, encap_errors);
		return -ENODEV;
	}
	skb_reset_mac_header(skb);
	if (!skb->protocol) {
		skb->protocol = eth_hdr(skb)->h_proto;
		skb_set_network_header(skb, ETH_HLEN);
	}
	e->hlen = cvsw_tunnel_overhead(cfg);
	e->id = cfg->key_flow ? info->tun->id : cfg->key;
	e->tos = cfg->tos_inherit ? cvsw_encap_inner_dscp(skb) : cfg->tos;
	e->hash = skb_get_hash(skb);
	e->sport = cvsw_tb_src_port(e->hash);
	return cvsw_encap_route(e);
}

/**
 * cvsw_encap_push_outer - push outer Ethernet and IPv4 headers
 * @e: the frame's encapsulation
 * @skb: the packet; @hlen bytes of headroom, head not shared
 * @hlen: bytes to push: Ethernet, IPv4 and the kind's headers
 *
 * The IPv4 header is complete (length, id, checksum) for what @skb holds
 * after the push; the network and transport headers point at the outer
 * ones. CHECKSUM_PARTIAL offsets (relative to skb->head) stay valid.
 *
 * Return: where the kind's headers go (after the IPv4 header).
 */
u8 *cvsw_encap_push_outer(const struct cvsw_encap *e, struct sk_buff *skb,
			  unsigned int hlen)
{
	const struct cvsw_tunnel_cfg *cfg = &e->t->cfg;
	struct cvsw_tb_ip ip;
	u8 *h = __skb_push(skb, hlen);

	ether_addr_copy(h, e->dmac);
	ether_addr_copy(h + ETH_ALEN, e->dev->dev_addr);
	put_unaligned_be16(ETH_P_IP, h + 2 * ETH_ALEN);
	ip.saddr = e->saddr;
	ip.daddr = e->daddr;
	ip.tot_len = min_t(unsigned int, skb->len - ETH_HLEN, 0xffff);
	ip.id = (u16)atomic_inc_return(&e->t->ip_id);
	ip.proto = cvsw_tun_kinds[cfg->kind].ip_proto;
	ip.tos = e->tos;
	ip.ttl = cfg->ttl;
	ip.df = true;
	cvsw_tb_ipv4(h + ETH_HLEN, &ip);

	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_set_transport_header(skb, ETH_HLEN + CVSW_TUN_IP_HLEN);
	skb->mac_len = ETH_HLEN;
	skb->protocol = htons(ETH_P_IP);
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return h + ETH_HLEN + CVSW_TUN_IP_HLEN;
}

/**
 * cvsw_encap_xmit - send an outer packet out of port 2
 * @e: the frame's encapsulation
 * @skb: the packet, skb->data at the outer Ethernet header; consumed
 */
void cvsw_encap_xmit(const struct cvsw_encap *e, struct sk_buff *skb)
{
	e->net->ops->send(e->net, skb, e->info);
}

/**
 * cvsw_encap_drop - drop a frame that could not be encapsulated
 * @e: the frame's encapsulation
 * @skb: freed
 */
void cvsw_encap_drop(const struct cvsw_encap *e, struct sk_buff *skb)
{
	cvsw_tunnel_count(e->t, encap_errors);
	kfree_skb(skb);
}

/**
 * cvsw_encap_segment_inner - segment a GSO frame in software
 * @e: the frame's encapsulation
 * @skb: the inner GSO frame; consumed
 *
 * The kernel's GSO, without segmentation features but with the device's
 * checksum offload: segments keep CHECKSUM_PARTIAL on the inner L4 header.
 * TCP's socket accounting moves to the segments (tcp_gso_segment), so
 * TCP small queues still see what waits in the tx ring.
 *
 * Return: the list of segments, or NULL (counted, @skb freed).
 */
struct sk_buff *cvsw_encap_segment_inner(const struct cvsw_encap *e,
					 struct sk_buff *skb)
{
	netdev_features_t f = NETIF_F_SG |
			      (e->dev->features & NETIF_F_HW_CSUM);
	struct sk_buff *segs;

	segs = __skb_gso_segment(skb, f, skb->ip_summed == CHECKSUM_PARTIAL);
	if (IS_ERR_OR_NULL(segs)) {
		cvsw_encap_drop(e, skb);
		return NULL;
	}
	consume_skb(skb);
	return segs;
}

/*
 * ICMP "fragmentation needed" for an inner IPv4 packet with DF, delivered
 * to the host port as if the tunnel's far side had sent it, so that the
 * guest's stack lowers its path MTU (Linux's tunnels do the same).
 */
static void cvsw_encap_icmp_frag_needed(const struct cvsw_encap *e,
					const struct sk_buff *skb,
					unsigned int mtu)
{
	unsigned int qlen, len;
	struct cvsw_vport *host;
	struct cvsw_tb_ip ip;
	const struct ethhdr *eth = eth_hdr(skb);
	struct iphdr ibuf;
	const struct iphdr *iph;
	struct icmphdr *icmp;
	struct sk_buff *nskb;
	u8 *h;

	if (eth->h_proto != htons(ETH_P_IP))
		return;
	iph = skb_header_pointer(skb, ETH_HLEN, sizeof(ibuf), &ibuf);
	if (!iph || iph->ihl < 5 || !(iph->frag_off & htons(IP_DF)) ||
	    ipv4_is_multicast(iph->daddr) || ipv4_is_lbcast(iph->daddr))
		return;
	/* Never answer an ICMP error (RFC 1122 3.2.2). */
	if (iph->protocol == IPPROTO_ICMP) {
		u8 type;

		if (skb_copy_bits(skb, ETH_HLEN + iph->ihl * 4, &type, 1) ||
		    (type != ICMP_ECHO && type != ICMP_ECHOREPLY))
			return;
	}
	host = cvsw_vport_rcu(e->t->vp->dp, CVSW_PORT_HOST);
	if (!host)
		return;
	/* Quote as much of the packet as fits in 576 bytes (RFC 1812). */
	qlen = min_t(unsigned int, skb->len - ETH_HLEN,
		     576 - CVSW_TUN_IP_HLEN - sizeof(*icmp));
	len = ETH_HLEN + CVSW_TUN_IP_HLEN + sizeof(*icmp) + qlen;
	nskb = alloc_skb(NET_IP_ALIGN + len, GFP_ATOMIC);
	if (!nskb)
		return;
	skb_reserve(nskb, NET_IP_ALIGN);
	h = skb_put(nskb, len);
	ether_addr_copy(h, eth->h_source);
	ether_addr_copy(h + ETH_ALEN, eth->h_dest);
	put_unaligned_be16(ETH_P_IP, h + 2 * ETH_ALEN);
	ip.saddr = iph->daddr;
	ip.daddr = iph->saddr;
	ip.tot_len = len - ETH_HLEN;
	ip.id = 0;
	ip.proto = IPPROTO_ICMP;
	ip.tos = 0;
	ip.ttl = 64;
	ip.df = false;
	cvsw_tb_ipv4(h + ETH_HLEN, &ip);
	icmp = (struct icmphdr *)(h + ETH_HLEN + CVSW_TUN_IP_HLEN);
	memset(icmp, 0, sizeof(*icmp));
	icmp->type = ICMP_DEST_UNREACH;
	icmp->code = ICMP_FRAG_NEEDED;
	icmp->un.frag.mtu = htons(mtu);
	if (skb_copy_bits(skb, ETH_HLEN, icmp + 1, qlen)) {
		kfree_skb(nskb);
		return;
	}
	icmp->checksum = ip_compute_csum(icmp, sizeof(*icmp) + qlen);
	host->ops->send(host, nskb, e->info);
}

/**
 * cvsw_encap_too_big - drop a frame that does not fit the wire
 *	encapsulated, answering inner IPv4 with DF with ICMP
 * @e: the frame's encapsulation
 * @skb: the inner frame; freed
 * @mtu: the largest inner IPv4 packet that fits (wire MTU - overhead)
 */
void cvsw_encap_too_big(const struct cvsw_encap *e, struct sk_buff *skb,
			unsigned int mtu)
{
	cvsw_tunnel_count(e->t, too_big);
	/* An MTU below IPv4's minimum is nothing to announce. */
	if (mtu >= 68)
		cvsw_encap_icmp_frag_needed(e, skb, mtu);
	kfree_skb(skb);
}

/* The headers after the outer IPv4 header, by kind; @len counts them too. */
typedef void (*cvsw_encap_build_fn)(const struct cvsw_encap *e, u8 *h,
				    unsigned int len);

static void cvsw_build_vxlan(const struct cvsw_encap *e, u8 *h,
			     unsigned int len)
{
	cvsw_tb_udp(h, e->sport, e->t->cfg.dst_port, len);
	cvsw_tb_vxlan(h + CVSW_TB_UDP_HLEN, (u32)e->id);
}

static void cvsw_build_geneve(const struct cvsw_encap *e, u8 *h,
			      unsigned int len)
{
	cvsw_tb_udp(h, e->sport, e->t->cfg.dst_port, len);
	cvsw_tb_geneve(h + CVSW_TB_UDP_HLEN, (u32)e->id);
}

static void cvsw_build_nvgre(const struct cvsw_encap *e, u8 *h,
			     unsigned int len)
{
	cvsw_tb_nvgre(h, (u32)e->id,
		      e->t->cfg.flowid_hash ? (u8)e->hash : 0);
}

static const cvsw_encap_build_fn cvsw_encap_build[CVSW_PORT_KIND_MAX + 1] = {
	[CVSW_PORT_KIND_VXLAN] = cvsw_build_vxlan,
	[CVSW_PORT_KIND_GENEVE] = cvsw_build_geneve,
	[CVSW_PORT_KIND_NVGRE] = cvsw_build_nvgre,
};

/* Encapsulate and send one packet that fits the wire. */
static void cvsw_encap_one(const struct cvsw_encap *e, struct sk_buff *skb)
{
	unsigned int l3 = CVSW_TUN_ETH_HLEN + CVSW_TUN_IP_HLEN;
	u8 *h;

	if (skb->ip_summed == CHECKSUM_PARTIAL &&
	    !(e->dev->features & NETIF_F_HW_CSUM) && skb_checksum_help(skb))
		goto drop;
	if (skb_cow_head(skb, e->hlen + e->dev->needed_headroom))
		goto drop;
	h = cvsw_encap_push_outer(e, skb, e->hlen);
	cvsw_encap_build[e->t->cfg.kind](e, h, skb->len - l3);
	cvsw_encap_xmit(e, skb);
	return;
drop:
	cvsw_encap_drop(e, skb);
}

/* ops->send() of VXLAN, Geneve and NVGRE ports. */
static void cvsw_encap_send(struct cvsw_vport *vp, struct sk_buff *skb,
			    const struct cvsw_send_info *info)
{
	struct sk_buff *segs, *next;
	struct cvsw_encap e;
	unsigned int room;

	if (cvsw_encap_prepare(&e, vp, skb, info)) {
		kfree_skb(skb);
		return;
	}
	/* The largest inner frame (Ethernet included) the wire takes. */
	room = e.mtu - (e.hlen - CVSW_TUN_ETH_HLEN);
	if (!skb_is_gso(skb)) {
		if (unlikely(skb->len > room))
			cvsw_encap_too_big(&e, skb, room - ETH_HLEN);
		else
			cvsw_encap_one(&e, skb);
		return;
	}
	if (unlikely(!skb_gso_validate_mac_len(skb, room))) {
		cvsw_encap_too_big(&e, skb, room - ETH_HLEN);
		return;
	}
	segs = cvsw_encap_segment_inner(&e, skb);
	skb_list_walk_safe(segs, skb, next) {
		skb_mark_not_on_list(skb);
		cvsw_encap_one(&e, skb);
	}
}

const struct cvsw_vport_ops cvsw_tunnel_ops[CVSW_PORT_KIND_MAX + 1] = {
	[CVSW_PORT_KIND_VXLAN] = { .kind = "vxlan", .send = cvsw_encap_send },
	[CVSW_PORT_KIND_NVGRE] = { .kind = "nvgre", .send = cvsw_encap_send },
	[CVSW_PORT_KIND_GENEVE] = { .kind = "geneve", .send = cvsw_encap_send },
	[CVSW_PORT_KIND_STT] = { .kind = "stt", .send = cvsw_stt_send },
	[CVSW_PORT_KIND_SCLP] = { .kind = "sclp", .send = cvsw_sclp_send },
};
