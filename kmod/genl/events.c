// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - multicast notifications of the cvsw family: packet-in,
 * flow-removed and port-status, the datapath's struct cvsw_dp_event_ops.
 * Each is sent in the device's network namespace only, and only built when
 * somebody listens.
 */
#include <linux/etherdevice.h>
#include "genl/genl.h"

/* Softirq context (or BHs off); the rate limit was checked by the caller. */
static void cvsw_genl_packet_in(struct cvsw_dp *dp, const struct sk_buff *skb,
				u16 in_port, u8 reason, u16 max_len)
{
	struct net *net = dev_net(dp->dev);
	unsigned int len = skb->len;
	struct sk_buff *msg;
	struct nlattr *data;
	void *hdr;

	if (!genl_has_listeners(&cvsw_genl_family, net,
				CVSW_MCGRP_IDX_PACKET_IN))
		return;
	if (max_len != CVSW_MAX_LEN_ALL && max_len < len)
		len = max_len;
	msg = genlmsg_new(nla_total_size(len) + 64, GFP_ATOMIC);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cvsw_genl_family, 0, CVSW_CMD_PACKET_IN);
	if (!hdr ||
	    nla_put_u32(msg, CVSW_A_IFINDEX, dp->dev->ifindex) ||
	    nla_put_u16(msg, CVSW_A_IN_PORT, in_port) ||
	    nla_put_u8(msg, CVSW_A_REASON, reason) ||
	    nla_put_u32(msg, CVSW_A_TOTAL_LEN, skb->len))
		goto fail;
	data = nla_reserve(msg, CVSW_A_PACKET, len);
	if (!data || skb_copy_bits(skb, 0, nla_data(data), len))
		goto fail;
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&cvsw_genl_family, net, msg, 0,
				CVSW_MCGRP_IDX_PACKET_IN, GFP_ATOMIC);
	return;
fail:
	nlmsg_free(msg);
}

/*
 * Process context (timeout worker or a delete request); @flow is still
 * readable: called from a table callback.
 */
static void cvsw_genl_flow_removed(struct cvsw_dp *dp,
				   const struct cvsw_flow *flow, u8 reason)
{
	struct net *net = dev_net(dp->dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&cvsw_genl_family, net,
				CVSW_MCGRP_IDX_FLOW_REMOVED))
		return;
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cvsw_genl_family, 0,
			  CVSW_CMD_FLOW_REMOVED);
	if (!hdr ||
	    nla_put_u32(msg, CVSW_A_IFINDEX, dp->dev->ifindex) ||
	    nla_put_u8(msg, CVSW_A_REASON, reason) ||
	    cvsw_nl_put_flow(msg, flow, cvsw_dp_now())) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&cvsw_genl_family, net, msg, 0,
				CVSW_MCGRP_IDX_FLOW_REMOVED, GFP_KERNEL);
}

/*
 * Process context; reports the port (CVSW_A_PORT: its description, only
 * its number once it is gone) with the device's name and carrier.
 */
static void cvsw_genl_port_status(struct cvsw_dp *dp, u16 port_no, u8 reason)
{
	struct net_device *dev = dp->dev;
	struct net *net = dev_net(dev);
	struct sk_buff *msg;
	void *hdr;

	if (!genl_has_listeners(&cvsw_genl_family, net,
				CVSW_MCGRP_IDX_PORT_STATUS))
		return;
	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return;
	hdr = genlmsg_put(msg, 0, 0, &cvsw_genl_family, 0,
			  CVSW_CMD_PORT_STATUS);
	if (!hdr ||
	    nla_put_u32(msg, CVSW_A_IFINDEX, dev->ifindex) ||
	    nla_put_string(msg, CVSW_A_IFNAME, dev->name) ||
	    nla_put(msg, CVSW_A_MAC, ETH_ALEN, dev->dev_addr) ||
	    nla_put_u16(msg, CVSW_A_IN_PORT, port_no) ||
	    nla_put_u8(msg, CVSW_A_REASON, reason) ||
	    nla_put_u8(msg, CVSW_A_LINK_UP, netif_carrier_ok(dev)) ||
	    cvsw_nl_put_port(msg, dp, port_no)) {
		nlmsg_free(msg);
		return;
	}
	genlmsg_end(msg, hdr);
	genlmsg_multicast_netns(&cvsw_genl_family, net, msg, 0,
				CVSW_MCGRP_IDX_PORT_STATUS, GFP_KERNEL);
}

/* What the datapath calls for its events (dp/events.c). */
const struct cvsw_dp_event_ops cvsw_genl_event_ops = {
	.packet_in	= cvsw_genl_packet_in,
	.flow_removed	= cvsw_genl_flow_removed,
	.port_status	= cvsw_genl_port_status,
};
