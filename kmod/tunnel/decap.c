// SPDX-License-Identifier: GPL-2.0
/*
 * decap.c - receive demux and decapsulation of tunnel ports.
 *
 * A frame from the wire (port 2) is a tunnel frame when it is an untagged,
 * unfragmented IPv4 packet whose protocol and destination port are those
 * of a tunnel port, whose source is that port's remote_ip and whose
 * destination its local_ip (0: any), and whose tunnel id is the port's key
 * (or the port has key=flow). Such a frame loses its outer headers and
 * enters the table on the tunnel port with its tunnel metadata; STT and
 * SCLP segments are reassembled first (reasm.c). A frame that looks like
 * a tunnel's but is malformed is counted in the port's decap_errors and
 * dropped; a frame no port takes is left alone: an ordinary packet.
 *
 * Checksums: the outer UDP/TCP checksum is verified here unless the
 * device did (CHECKSUM_UNNECESSARY) or the sender left it to be done
 * (CHECKSUM_PARTIAL: the frame never left the host). The inner frame is
 * CHECKSUM_PARTIAL when the sender said so (STT "checksum partial", or a
 * virtio partial checksum that points into the inner frame),
 * CHECKSUM_UNNECESSARY when the sender verified it (STT "checksum
 * verified") or the device vouched for one more level, else CHECKSUM_NONE
 * and the stack (GRO) verifies it. Virtio never reports CHECKSUM_COMPLETE;
 * should a frame have it, it becomes CHECKSUM_NONE too.
 *
 * GSO: an inner TCP frame longer than a segment (a whole STT frame that
 * arrived as one large TCP skb by the vNIC's large receive, a reassembled
 * STT or SCLP frame) becomes an inner GSO skb (STT MSS or the link's,
 * TCPv4/TCPv6) that the stack takes whole; every other frame loses the
 * outer GSO state.
 */
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <net/checksum.h>
#include <net/ip.h>
#include <net/ip6_checksum.h>
#include <asm/unaligned.h>
#include "datapath/tun_parse.h"
#include "tunnel/decap.h"
#include "tunnel/reasm.h"
#include "tunnel/tunnel.h"

/* The outer headers of a candidate frame. */
struct cvsw_decap_outer {
	__be32 saddr;
	__be32 daddr;
	u8 proto;
	u16 dport;		/* host order; 0 for GRE */
	unsigned int l4off;	/* transport header, from the Ethernet header */
	unsigned int plen;	/* IP payload bytes */
};

/* Does tunnel @cfg receive what @o carries (all but the key)? */
static bool cvsw_decap_outer_match(const struct cvsw_tunnel_cfg *cfg,
				   const struct cvsw_decap_outer *o)
{
	return cvsw_tun_kinds[cfg->kind].ip_proto == o->proto &&
	       cfg->dst_port == o->dport && cfg->remote_ip == o->saddr &&
	       (!cfg->local_ip || cfg->local_ip == o->daddr);
}

/*
 * The first tunnel port whose outer identity @o has, or, with @kind set
 * (a header of that kind parsed, id @id), the port of that kind whose key
 * is @id, else one with key=flow. RCU read side. (The vport, not t->vp:
 * a port being added is visible before its tunnel knows its vport.)
 */
static struct cvsw_vport *cvsw_decap_find(struct cvsw_dp *dp,
					  const struct cvsw_decap_outer *o,
					  int kind, u64 id)
{
	unsigned int left = READ_ONCE(dp->n_tunnels), i;
	struct cvsw_vport *vp, *flow = NULL;
	struct cvsw_tunnel *t;

	for (i = CVSW_PORT_TUNNEL_MIN; i <= CVSW_DP_MAX_PORTS && left; i++) {
		vp = rcu_dereference(dp->ports[i]);
		t = vp ? cvsw_tunnel_from_vport(vp) : NULL;
		if (!t)
			continue;
		left--;
		if (!cvsw_decap_outer_match(&t->cfg, o))
			continue;
		if (kind < 0)
			return vp;
		if (t->cfg.kind != kind)
			continue;
		if (t->cfg.key_flow) {
			if (!flow)
				flow = vp;
		} else if (t->cfg.key == id) {
			return vp;
		}
	}
	return flow;
}

/* Untagged, unfragmented IPv4 with a tunnel's protocol? Fills @o. */
static bool cvsw_decap_outer(struct sk_buff *skb,
			     struct cvsw_decap_outer *o)
{
	const struct iphdr *iph;
	unsigned int ihl, tot;

	if (skb_vlan_tag_present(skb) ||
	    ((struct ethhdr *)skb->data)->h_proto != htons(ETH_P_IP) ||
	    !pskb_may_pull(skb, ETH_HLEN + sizeof(*iph)))
		return false;
	iph = (const struct iphdr *)(skb->data + ETH_HLEN);
	switch (iph->protocol) {
	case IPPROTO_UDP:
	case IPPROTO_GRE:
	case IPPROTO_TCP:
	case CVSW_IPPROTO_SCLP:
		break;
	default:
		return false;
	}
	ihl = iph->ihl * 4;
	tot = ntohs(iph->tot_len);
	if (iph->version != 4 || ihl < sizeof(*iph) || tot < ihl ||
	    ETH_HLEN + tot > skb->len || ip_is_fragment(iph) ||
	    !pskb_may_pull(skb, ETH_HLEN + ihl + min(tot - ihl, 4U)))
		return false;
	iph = (const struct iphdr *)(skb->data + ETH_HLEN);
	if (ip_fast_csum(iph, iph->ihl))
		return false;	/* the stack drops it */
	o->saddr = iph->saddr;
	o->daddr = iph->daddr;
	o->proto = iph->protocol;
	o->l4off = ETH_HLEN + ihl;
	o->plen = tot - ihl;
	o->dport = 0;
	if (o->proto != IPPROTO_GRE) {
		if (o->plen < 4)
			return false;
		o->dport = get_unaligned_be16(skb->data + o->l4off + 2);
	}
	return true;
}

/*
 * The outer UDP/TCP checksum, unless the device checked it or it was
 * never computed (a partial checksum from a sender on this host). The
 * caller trimmed the skb to the end of the IP payload.
 */
static bool cvsw_decap_outer_csum_ok(struct sk_buff *skb,
				     const struct cvsw_decap_outer *o)
{
	unsigned int len = skb->len - o->l4off;
	__wsum sum;

	if (skb->ip_summed == CHECKSUM_UNNECESSARY ||
	    skb->ip_summed == CHECKSUM_PARTIAL)
		return true;
	if (o->proto == IPPROTO_UDP) {
		if (!((struct udphdr *)(skb->data + o->l4off))->check)
			return true;	/* no checksum (RFC 768) */
	} else if (o->proto != IPPROTO_TCP) {
		return true;	/* GRE without C, SCLP: checked by the parser */
	}
	sum = skb_checksum(skb, o->l4off, len, 0);
	return !csum_tcpudp_magic(o->saddr, o->daddr, len, o->proto, sum);
}

/* Set the inner frame's checksum state; @inner from skb->data. */
static void cvsw_decap_csum(struct sk_buff *skb, u8 kind,
			    const struct cvsw_tun_parsed *t,
			    unsigned int inner)
{
	unsigned char *start = skb->data + inner;

	if (kind == CVSW_PORT_KIND_STT &&
	    (t->stt_flags & CVSW_STT_F_CSUM_PARTIAL)) {
		skb->ip_summed = CHECKSUM_PARTIAL;
		skb->csum_start = start + t->stt_l4_ofs - skb->head;
		skb->csum_offset = (t->stt_flags & CVSW_STT_F_TCP) ?
				   offsetof(struct tcphdr, check) :
				   offsetof(struct udphdr, check);
		return;
	}
	if (kind == CVSW_PORT_KIND_STT &&
	    (t->stt_flags & CVSW_STT_F_CSUM_VERIFIED)) {
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 0;
		return;
	}
	switch (skb->ip_summed) {
	case CHECKSUM_PARTIAL:
		/* Still to be done by whoever sends it on: fine if inner. */
		if (skb_checksum_start(skb) >= start + ETH_HLEN)
			return;
		break;
	case CHECKSUM_UNNECESSARY:
		if (skb->csum_level) {
			skb->csum_level--;
			return;
		}
		break;
	}
	/* CHECKSUM_COMPLETE included the outer headers: not worth fixing. */
	skb->ip_summed = CHECKSUM_NONE;
}

/*
 * The inner TCP header of a decapsulated frame at @inner: the offsets of
 * its IP and TCP headers in *l3p and *l4, the TCP header length in *doff,
 * IPv4 or IPv6 in *v6. Return: false if the
 * frame is not TCP over IPv4/IPv6 (one tag at most, no IPv6 extension
 * headers, no fragment) or its headers are not all there.
 */
static bool cvsw_decap_inner_tcp(struct sk_buff *skb, unsigned int inner,
				 unsigned int *l3p, unsigned int *l4,
				 unsigned int *doff, bool *v6)
{
	unsigned int l3 = inner + ETH_HLEN, need;
	const struct iphdr *iph;
	__be16 type;

	if (!pskb_may_pull(skb, l3 + VLAN_HLEN))
		return false;
	type = ((struct ethhdr *)(skb->data + inner))->h_proto;
	if (type == htons(ETH_P_8021Q)) {
		type = ((struct vlan_hdr *)(skb->data + l3))->h_vlan_encapsulated_proto;
		l3 += VLAN_HLEN;
	}
	if (type == htons(ETH_P_IP)) {
		if (!pskb_may_pull(skb, l3 + sizeof(*iph)))
			return false;
		iph = (const struct iphdr *)(skb->data + l3);
		if (iph->protocol != IPPROTO_TCP || ip_is_fragment(iph) ||
		    iph->ihl < 5)
			return false;
		*l4 = l3 + iph->ihl * 4;
		*v6 = false;
	} else if (type == htons(ETH_P_IPV6)) {
		if (!pskb_may_pull(skb, l3 + sizeof(struct ipv6hdr)) ||
		    ((struct ipv6hdr *)(skb->data + l3))->nexthdr != IPPROTO_TCP)
			return false;
		*l4 = l3 + sizeof(struct ipv6hdr);
		*v6 = true;
	} else {
		return false;
	}
	*l3p = l3;
	need = *l4 + sizeof(struct tcphdr);
	if (!pskb_may_pull(skb, need))
		return false;
	*doff = ((struct tcphdr *)(skb->data + *l4))->doff * 4;
	return *doff >= sizeof(struct tcphdr) && pskb_may_pull(skb, *l4 + *doff);
}

/* The inner TCP checksum of a frame whose checksum state is NONE. */
static bool cvsw_decap_tcp_csum_ok(struct sk_buff *skb, unsigned int l3,
				   unsigned int l4, bool v6)
{
	unsigned int len = skb->len - l4;
	__wsum sum = skb_checksum(skb, l4, len, 0);
	const struct ipv6hdr *ip6;
	const struct iphdr *iph;

	if (v6) {
		ip6 = (const struct ipv6hdr *)(skb->data + l3);
		return !csum_ipv6_magic(&ip6->saddr, &ip6->daddr, len,
					IPPROTO_TCP, sum);
	}
	iph = (const struct iphdr *)(skb->data + l3);
	return !csum_tcpudp_magic(iph->saddr, iph->daddr, len, IPPROTO_TCP,
				  sum);
}

/*
 * GSO state of the inner frame. The outer GSO state (a large receive)
 * means nothing any more. An inner TCP frame longer than one segment (an
 * STT frame sent whole by TSO, a reassembled STT or SCLP frame carrying a
 * 64 KB TCP frame) is handed to the stack as GSO, the shape GRO gives it:
 * gso_size = the STT MSS, or else what one segment of this link holds;
 * its checksum must then be trusted, so a frame without one is verified
 * here (the stack would have to anyway) and stays a plain frame if bad.
 */
static void cvsw_decap_gso(struct sk_buff *skb, u8 kind,
			   const struct cvsw_tun_parsed *t, unsigned int inner,
			   unsigned int mtu)
{
	struct skb_shared_info *sh = skb_shinfo(skb);
	unsigned int l3, l4, doff, payload, mss;
	bool v6;

	sh->gso_size = 0;
	sh->gso_type = 0;
	sh->gso_segs = 0;
	if (skb->len - inner <= mtu + ETH_HLEN ||
	    !cvsw_decap_inner_tcp(skb, inner, &l3, &l4, &doff, &v6))
		return;
	payload = skb->len - l4 - doff;
	if (kind == CVSW_PORT_KIND_STT && t->stt_mss)
		mss = t->stt_mss;
	else if (mtu > l4 - l3 + doff)
		mss = mtu - (l4 - l3) - doff;
	else
		return;
	if (payload <= mss)
		return;
	if (skb->ip_summed == CHECKSUM_NONE) {
		if (!cvsw_decap_tcp_csum_ok(skb, l3, l4, v6))
			return;
		skb->ip_summed = CHECKSUM_UNNECESSARY;
		skb->csum_level = 0;
	}
	sh->gso_size = mss;
	sh->gso_type = v6 ? SKB_GSO_TCPV6 : SKB_GSO_TCPV4;
	sh->gso_segs = DIV_ROUND_UP(payload, mss);
}

/* Strip everything before the inner Ethernet header at @inner. */
static bool cvsw_decap_strip(struct sk_buff *skb, u8 kind,
			     const struct cvsw_tun_parsed *t,
			     unsigned int inner, unsigned int mtu)
{
	if (!pskb_may_pull(skb, inner + ETH_HLEN))
		return false;
	cvsw_decap_csum(skb, kind, t, inner);
	cvsw_decap_gso(skb, kind, t, inner, mtu);
	__skb_pull(skb, inner);
	skb_reset_mac_header(skb);
	skb->encapsulation = 0;
	skb_clear_hash(skb);
	/* In the frame, where the flow key and the driver look for tags. */
	if (kind == CVSW_PORT_KIND_STT && t->stt_vlan &&
	    __vlan_insert_tag(skb, htons(ETH_P_8021Q), t->stt_vlan_tci))
		return false;
	return true;
}

static void cvsw_decap_error(struct cvsw_vport *vp)
{
	struct cvsw_tunnel *t = cvsw_tunnel_from_vport(vp);

	cvsw_tunnel_count(t, decap_errors);
}

/*
 * A segment: to the reassembly table, and on with the whole frame if it
 * completes it. Return: the frame, its inner offset in *inner; or NULL
 * (held, or dropped and counted).
 */
static struct sk_buff *cvsw_decap_segment(struct cvsw_dp *dp,
					  struct cvsw_vport *port, u8 kind,
					  const struct cvsw_decap_outer *o,
					  struct cvsw_tun_parsed *t,
					  struct sk_buff *skb,
					  unsigned int *inner)
{
	unsigned int hdr;

	__skb_pull(skb, o->l4off + t->seg_ofs);
	skb = cvsw_reasm_add(dp->reasm, port, kind, o->saddr, o->daddr, t,
			     skb);
	if (!skb)
		return NULL;
	hdr = kind == CVSW_PORT_KIND_STT ? CVSW_STT_HLEN : CVSW_VXLAN_HLEN;
	if (!pskb_may_pull(skb, min(skb->len, hdr)) ||
	    cvsw_tun_parse_frame(kind, skb->data, skb_headlen(skb), skb->len,
				 t)) {
		cvsw_decap_error(port);
		kfree_skb(skb);
		return NULL;
	}
	*inner = t->inner_ofs;
	return skb;
}

/**
 * cvsw_tunnel_rx - decapsulate a frame from the wire if a tunnel port
 *	takes it
 * @dp: the datapath, with tunnel ports (dp->n_tunnels)
 * @pskb: the frame (skb->data at the Ethernet header); on DECAP the inner
 *	frame, which may be another skb (a reassembled frame)
 * @vpp: on DECAP, the tunnel port it entered on
 * @tun: on DECAP, its tunnel metadata
 *
 * NAPI context, rcu_read_lock() held (the ports are read under it).
 *
 * Return: PASS (not a tunnel frame; untouched but maybe linearised
 * further), DECAP, or CONSUMED (freed: dropped and counted, or held for
 * reassembly).
 */
enum cvsw_tunnel_rx_verdict cvsw_tunnel_rx(struct cvsw_dp *dp,
					   struct sk_buff **pskb,
					   struct cvsw_vport **vpp,
					   struct cvsw_tun_meta *tun)
{
	struct sk_buff *skb = *pskb;
	struct cvsw_vport *port, *first;
	struct cvsw_decap_outer o;
	struct cvsw_tun_parsed t;
	unsigned int end, inner;
	u8 kind;
	int r;

	if (!cvsw_decap_outer(skb, &o))
		return CVSW_TUNNEL_RX_PASS;
	first = cvsw_decap_find(dp, &o, -1, 0);
	if (!first)
		return CVSW_TUNNEL_RX_PASS;
	kind = cvsw_tunnel_from_vport(first)->cfg.kind;

	/* From here on the frame is the tunnel's: errors are counted. */
	end = o.l4off + o.plen;
	if (skb_unclone(skb, GFP_ATOMIC) ||
	    !pskb_may_pull(skb, o.l4off + min(o.plen, CVSW_TUN_PARSE_MAX)))
		goto error;
	r = cvsw_tun_parse(kind, skb->data + o.l4off,
			   min(o.plen, skb_headlen(skb) - o.l4off), o.plen,
			   o.saddr, o.daddr, &t);
	if (r < 0)
		goto error;
	if (o.proto == IPPROTO_UDP)	/* checked: within the IP payload */
		end = o.l4off + get_unaligned_be16(skb->data + o.l4off + 4);
	if (pskb_trim_rcsum(skb, end) || !cvsw_decap_outer_csum_ok(skb, &o))
		goto error;

	if (r == CVSW_TUN_SEGMENT) {
		if (pskb_trim_rcsum(skb, o.l4off + t.seg_ofs + t.seg_len))
			goto error;
		skb = cvsw_decap_segment(dp, first, kind, &o, &t, skb, &inner);
		if (!skb)
			return CVSW_TUNNEL_RX_CONSUMED;
	} else {
		inner = o.l4off + t.inner_ofs;
	}

	port = cvsw_decap_find(dp, &o, kind, t.id);
	if (!port) {
		/* No port for this id: an ordinary packet, as it came. */
		if (skb == *pskb)
			return CVSW_TUNNEL_RX_PASS;
		kfree_skb(skb);		/* a reassembled frame: not ours */
		return CVSW_TUNNEL_RX_CONSUMED;
	}
	if (!cvsw_decap_strip(skb, kind, &t, inner, READ_ONCE(dp->dev->mtu))) {
		cvsw_decap_error(port);
		kfree_skb(skb);
		return CVSW_TUNNEL_RX_CONSUMED;
	}
	tun->id = t.id;
	tun->src = o.saddr;
	tun->dst = o.daddr;
	tun->id_set = false;
	*vpp = port;
	*pskb = skb;
	return CVSW_TUNNEL_RX_DECAP;

error:
	cvsw_decap_error(first);
	kfree_skb(skb);
	return CVSW_TUNNEL_RX_CONSUMED;
}
