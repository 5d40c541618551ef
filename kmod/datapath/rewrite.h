/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: editing a packet buffer, the primitives the actions
 * (actions.c) are written with.
 *
 * A packet is described by struct cvsw_pkt: a pointer to its Ethernet
 * header, its length, and how many writable bytes precede it (headroom).
 * Pushing a VLAN tag moves the Ethernet addresses 4 bytes towards the
 * head (data -= 4, len += 4, headroom -= 4); popping one moves them back.
 * The network header never moves, so offsets the caller keeps relative to
 * the buffer head (skb->network_header, csum_start) stay valid, and for an
 * skb the caller mirrors a push with skb_push(skb, 4) and a pop with
 * skb_pull(skb, 4) afterwards.
 *
 * Checksums are updated incrementally.  With csum_partial set
 * (CHECKSUM_PARTIAL: the L4 checksum field holds only the pseudo-header
 * sum) only changes to the pseudo-header (the addresses) are folded in, as
 * inet_proto_csum_replace4() does.  A UDP checksum of zero (none) stays
 * zero; a computed zero is sent as 0xffff.  CHECKSUM_COMPLETE sums
 * (skb->csum) are not maintained: the caller must recompute them or drop
 * to CHECKSUM_NONE after a rewrite.
 */
#ifndef CVSW_REWRITE_H
#define CVSW_REWRITE_H

#include "dp_compat.h"
#include "flow_key.h"

#define CVSW_VLAN_HLEN	4

/**
 * struct cvsw_pkt - a packet buffer being rewritten.
 * @data: the Ethernet header.
 * @len: bytes from @data to the end of the packet.
 * @headroom: writable bytes available before @data.
 * @csum_partial: the L4 checksum field holds the pseudo-header sum only.
 * @layout: where the layers start; cvsw_rw_apply() recomputes it after an
 *	action that moves headers (CVSW_ACTF_MOVES_L2), so later users of
 *	the offsets stay right.
 */
struct cvsw_pkt {
	u8 *data;
	u32 len;
	u32 headroom;
	bool csum_partial;
	struct cvsw_flow_layout layout;
};

/**
 * struct cvsw_pkt_ip - where the IPv4 and transport headers of a packet are.
 * @ip: the IPv4 header (complete, version and lengths sane), or NULL.
 * @l4: the complete TCP or UDP header of an unfragmented packet or a
 *	first fragment, or NULL (ICMP, later fragments, truncated headers).
 * @proto: the IP protocol when @l4 is set (6 TCP or 17 UDP), else 0.
 */
struct cvsw_pkt_ip {
	u8 *ip;
	u8 *l4;
	u8 proto;
};

void cvsw_pkt_find_ip(const struct cvsw_pkt *p, struct cvsw_pkt_ip *loc);
void cvsw_pkt_l4_csum_addr(const struct cvsw_pkt *p,
			   const struct cvsw_pkt_ip *loc, u32 from, u32 to);
void cvsw_pkt_l4_csum_field(const struct cvsw_pkt *p,
			    const struct cvsw_pkt_ip *loc, u16 from, u16 to);
bool cvsw_pkt_has_vlan(const struct cvsw_pkt *p);
int cvsw_pkt_push_vlan(struct cvsw_pkt *p, u16 tci);
void cvsw_pkt_pop_vlan(struct cvsw_pkt *p);

#endif /* CVSW_REWRITE_H */
