/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: OF1.0 set-field actions on a packet buffer.
 *
 * A packet is described by struct cvsw_pkt: a pointer to its Ethernet
 * header, its length, and how many writable bytes precede it (headroom).
 * Pushing a VLAN tag moves the Ethernet addresses 4 bytes towards the
 * head (data -= 4, len += 4, headroom -= 4); stripping one moves them back.
 * The network header never moves, so offsets the caller keeps relative to
 * the buffer head (skb->network_header, csum_start) stay valid, and for an
 * skb the caller mirrors a push with skb_push(skb, 4) and a strip with
 * skb_pull(skb, 4) after the call.
 *
 * Checksums are updated incrementally: the IPv4 header checksum always; the
 * TCP/UDP checksum for address and port changes.  With csum_partial set
 * (CHECKSUM_PARTIAL: the L4 checksum field holds only the pseudo-header
 * sum) only changes to the pseudo-header (the addresses) are folded in, as
 * inet_proto_csum_replace4() does.  A UDP checksum of zero (none) stays
 * zero; a computed zero is sent as 0xffff.  The functions do not maintain
 * CHECKSUM_COMPLETE sums (skb->csum); the caller must recompute or drop to
 * CHECKSUM_NONE after a rewrite.
 *
 * All functions return 0 on success, including when the action does not
 * apply to the packet (e.g. set_nw_src on a non-IPv4 packet, set_tp_src on
 * ICMP or a later fragment, strip_vlan on an untagged packet, a truncated
 * header), and -ENOSPC when a VLAN tag must be pushed but headroom < 4.
 */
#ifndef CVSW_REWRITE_H
#define CVSW_REWRITE_H

#include "dp_compat.h"
#include "actions.h"
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

/* The apply functions of cvsw_action_descs[]: @payload is the action's
 * payload as actions.h describes it.
 */
int cvsw_rw_set_vlan_vid(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_vlan_pcp(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_strip_vlan(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_dl_src(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_dl_dst(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_nw_src(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_nw_dst(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_nw_tos(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_tp_src(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_set_tp_dst(struct cvsw_pkt *p, const void *payload);
int cvsw_rw_apply(struct cvsw_pkt *p, const struct cvsw_action *a);

#endif /* CVSW_REWRITE_H */
