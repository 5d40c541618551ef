// SPDX-License-Identifier: GPL-2.0
/*
 * execute.c - the datapath on real skbs: key extraction, lookup, miss
 * policy, and the execution of action lists (rewrites and outputs).
 *
 * Both hooks see skb->data at the Ethernet header. An output sends the
 * packet as rewritten so far; every output but the last sends a clone, and
 * a later rewrite un-shares the headers first (skb_ensure_writable()), so
 * clones already sent never change. An output in the packet's natural
 * direction that is also the last action hands the skb back to the driver
 * (CVSW_DP_PASS), which keeps GRO on receive and the current tx queue on
 * transmit.
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include "dp/dp.h"
#include "datapath/rewrite.h"
#include "genl/genl.h"

/* Bytes made linear before key extraction: Ethernet, two tags, IPv4 with
 * options, TCP and an STT header.
 */
#define CVSW_DP_PULL_LEN	160

struct cvsw_dp_ctx {
	struct cvsw_dp *dp;
	struct cvsw_sq *sq;	/* tx queue whose lock we hold, or NULL */
	u16 in_port;
	u16 natural;		/* port of the natural direction */
	struct cvsw_flow_layout layout;
};

static struct cvsw_priv *cvsw_dp_priv(struct cvsw_dp *dp)
{
	return netdev_priv(dp->dev);
}

/* Map an OpenFlow output port to 1/2; 0 = drop. */
static u16 cvsw_dp_resolve_port(const struct cvsw_dp_ctx *ctx, u16 port)
{
	u16 other = ctx->in_port == CVSW_PORT_HOST ? CVSW_PORT_NET :
						     CVSW_PORT_HOST;

	switch (port) {
	case CVSW_PORT_HOST:
	case CVSW_PORT_NET:
		/* OF1.0: output to the input port needs OFPP_IN_PORT. */
		return port == ctx->in_port ? 0 : port;
	case CVSW_PORT_IN_PORT:
		return ctx->in_port;
	case CVSW_PORT_NORMAL:
		return ctx->natural;
	case CVSW_PORT_FLOOD:
	case CVSW_PORT_ALL:
		return other;
	case CVSW_PORT_LOCAL:
		return ctx->in_port == CVSW_PORT_HOST ? 0 : CVSW_PORT_HOST;
	default:
		return 0;
	}
}

/*
 * Send @skb to @port. Return: the skb if the caller should pass it on in
 * the natural direction (only when @last), else NULL.
 */
static struct sk_buff *cvsw_dp_output(struct cvsw_dp_ctx *ctx,
				      struct sk_buff *skb, u16 port,
				      u16 max_len, bool last)
{
	struct cvsw_dp *dp = ctx->dp;
	u16 to;

	if (port == CVSW_PORT_CONTROLLER) {
		if (cvsw_dp_packet_in_allowed(dp))
			cvsw_genl_packet_in(dp, skb, ctx->in_port,
					    CVSW_PIN_ACTION, max_len);
		consume_skb(skb);
		return NULL;
	}
	to = cvsw_dp_resolve_port(ctx, port);
	if (!to) {
		/* The packet's last output went nowhere: that is a drop. */
		if (last)
			cvsw_dp_count_drop(dp, ctx->in_port);
		kfree_skb(skb);
		return NULL;
	}
	cvsw_dp_count(dp, to, false, skb->len);
	if (to == ctx->natural && last)
		return skb;
	if (to == CVSW_PORT_HOST)
		cvsw_port_to_host(cvsw_dp_priv(dp), skb);
	else
		cvsw_port_to_net(cvsw_dp_priv(dp), ctx->sq, skb);
	return NULL;
}

/* Make the headers writable and apply one set-field action. */
static int cvsw_dp_rewrite(struct cvsw_dp_ctx *ctx, struct sk_buff *skb,
			   const struct cvsw_action *a)
{
	const struct cvsw_flow_layout *l = &ctx->layout;
	unsigned int need, old_headroom;
	struct cvsw_pkt p;
	int err;

	need = l->l4_ofs ? l->l4_ofs + 20 : (l->l3_ofs ? l->l3_ofs + 60 :
							  VLAN_ETH_HLEN);
	need = min(need, skb->len);
	err = skb_ensure_writable(skb, need);
	if (err)
		return err;
	if (a->type == CVSW_ACT_SET_VLAN_VID ||
	    a->type == CVSW_ACT_SET_VLAN_PCP) {
		err = skb_cow_head(skb, VLAN_HLEN);
		if (err)
			return err;
	}

	p.data = skb->data;
	p.len = skb_headlen(skb);
	p.headroom = skb_headroom(skb);
	p.csum_partial = skb->ip_summed == CHECKSUM_PARTIAL;
	old_headroom = p.headroom;
	err = cvsw_rw_apply(&p, a);
	if (err)
		return err;

	/* A tag was pushed or stripped: the network header did not move. */
	if (p.headroom < old_headroom)
		__skb_push(skb, old_headroom - p.headroom);
	else if (p.headroom > old_headroom)
		__skb_pull(skb, p.headroom - old_headroom);
	if (p.headroom != old_headroom) {
		/* GSO recomputes mac_len from the headers itself. */
		skb_reset_mac_header(skb);
		/* Software-tagged frames carry the TPID as protocol. */
		skb->protocol = ((struct ethhdr *)skb->data)->h_proto;
	}
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	return 0;
}

static struct sk_buff *cvsw_dp_execute(struct cvsw_dp_ctx *ctx,
				       struct sk_buff *skb,
				       const struct cvsw_actions *acts)
{
	const struct cvsw_action *a, *next;
	struct sk_buff *out;
	bool last;
	u16 port, max_len;

	cvsw_actions_for_each(a, acts) {
		next = cvsw_action_next(a);
		last = (const u8 *)next >= acts->data + acts->len;
		switch (a->type) {
		case CVSW_ACT_OUTPUT:
		case CVSW_ACT_ENQUEUE:
			port = cvsw_action_get_u16(a);
			max_len = 0;
			if (a->type == CVSW_ACT_OUTPUT)
				memcpy(&max_len, a->data + 2, sizeof(max_len));
			if (last)
				return cvsw_dp_output(ctx, skb, port, max_len,
						      true);
			out = skb_clone(skb, GFP_ATOMIC);
			if (out)
				cvsw_dp_output(ctx, out, port, max_len, false);
			break;
		default:
			/* Tunnel actions and others the core does not know. */
			if (cvsw_dp_rewrite(ctx, skb, a))
				goto drop;
			break;
		}
	}
	/* No output action (or not last): OF1.0 drops what is left. */
drop:
	cvsw_dp_count_drop(ctx->dp, ctx->in_port);
	kfree_skb(skb);
	return NULL;
}

static enum cvsw_dp_verdict cvsw_dp_process(struct cvsw_dp_ctx *ctx,
					    struct sk_buff *skb)
{
	struct cvsw_dp *dp = ctx->dp;
	struct cvsw_dp_pcpu *s;
	struct cvsw_flow_key key;
	struct cvsw_flow *flow;
	struct sk_buff *pass;

	if (unlikely(!pskb_may_pull(skb, min_t(unsigned int, skb->len,
					       CVSW_DP_PULL_LEN)))) {
		cvsw_dp_count_drop(dp, ctx->in_port);
		kfree_skb(skb);
		return CVSW_DP_CONSUMED;
	}
	cvsw_dp_count(dp, ctx->in_port, true, skb->len);
	cvsw_flow_key_extract(skb->data, skb_headlen(skb), ctx->in_port, &key,
			      &ctx->layout);

	rcu_read_lock();
	flow = cvsw_table_lookup(dp->table, &key);
	s = this_cpu_ptr(dp->pcpu);
	u64_stats_update_begin(&s->syncp);
	s->lookups++;
	s->matched += !!flow;
	u64_stats_update_end(&s->syncp);

	if (flow) {
		cvsw_flow_used(flow, skb->len, cvsw_dp_now());
		pass = cvsw_dp_execute(ctx, skb, cvsw_flow_actions(flow));
		rcu_read_unlock();
		return pass ? CVSW_DP_PASS : CVSW_DP_CONSUMED;
	}
	rcu_read_unlock();

	switch (READ_ONCE(dp->miss)) {
	case CVSW_MISS_NORMAL:
		cvsw_dp_count(dp, ctx->natural, false, skb->len);
		return CVSW_DP_PASS;
	case CVSW_MISS_CONTROLLER:
		if (cvsw_dp_packet_in_allowed(dp))
			cvsw_genl_packet_in(dp, skb, ctx->in_port,
					    CVSW_PIN_NO_MATCH,
					    CVSW_DP_MISS_SEND_LEN);
		fallthrough;
	default:
		cvsw_dp_count_drop(dp, ctx->in_port);
		kfree_skb(skb);
		return CVSW_DP_CONSUMED;
	}
}

/**
 * cvsw_dp_rx - run a received frame through the datapath (in_port NET)
 * @dp: datapath
 * @skb: frame, skb->data at the Ethernet header
 *
 * Return: CVSW_DP_PASS if the driver should deliver @skb to the stack.
 */
enum cvsw_dp_verdict cvsw_dp_rx(struct cvsw_dp *dp, struct sk_buff *skb)
{
	struct cvsw_dp_ctx ctx = {
		.dp = dp, .in_port = CVSW_PORT_NET, .natural = CVSW_PORT_HOST,
	};

	return cvsw_dp_process(&ctx, skb);
}

/**
 * cvsw_dp_tx - run a frame from the stack through the datapath (in_port HOST)
 * @dp: datapath
 * @sq: the tx queue whose xmit lock the caller holds
 * @skb: frame, skb->data at the Ethernet header
 *
 * Return: CVSW_DP_PASS if the driver should transmit @skb on @sq.
 */
enum cvsw_dp_verdict cvsw_dp_tx(struct cvsw_dp *dp, struct cvsw_sq *sq,
				struct sk_buff *skb)
{
	struct cvsw_dp_ctx ctx = {
		.dp = dp, .sq = sq, .in_port = CVSW_PORT_HOST,
		.natural = CVSW_PORT_NET,
	};

	return cvsw_dp_process(&ctx, skb);
}

/**
 * cvsw_dp_packet_out - execute actions on a packet from the controller
 * @dp: datapath
 * @skb: the frame (skb->data at the Ethernet header); consumed
 * @in_port: the port it is deemed to have entered on (HOST, NET or NONE)
 * @acts: validated actions; an output to TABLE runs the flow table
 *
 * Return: 0.
 */
int cvsw_dp_packet_out(struct cvsw_dp *dp, struct sk_buff *skb, u16 in_port,
		       const struct cvsw_actions *acts)
{
	struct cvsw_dp_ctx ctx = { .dp = dp };
	const struct cvsw_action *a;
	struct cvsw_flow_key key;
	struct sk_buff *out;

	/* A packet from nowhere flows like one the guest sent. */
	ctx.in_port = in_port == CVSW_PORT_NET ? CVSW_PORT_NET : CVSW_PORT_HOST;
	ctx.natural = ctx.in_port == CVSW_PORT_NET ? CVSW_PORT_HOST :
						     CVSW_PORT_NET;
	/* Only the layout is needed: it bounds the header rewrites. */
	cvsw_flow_key_extract(skb->data, skb_headlen(skb), ctx.in_port, &key,
			      &ctx.layout);

	local_bh_disable();
	cvsw_actions_for_each(a, acts) {
		if (a->type == CVSW_ACT_OUTPUT &&
		    cvsw_action_get_u16(a) == CVSW_PORT_TABLE) {
			out = skb_clone(skb, GFP_ATOMIC);
			if (out && cvsw_dp_process(&ctx, out) == CVSW_DP_PASS) {
				if (ctx.natural == CVSW_PORT_HOST)
					cvsw_port_to_host(cvsw_dp_priv(dp), out);
				else
					cvsw_port_to_net(cvsw_dp_priv(dp), NULL,
							 out);
			}
		}
	}
	/* The other actions in order, with the packet-out's in_port. */
	out = cvsw_dp_execute(&ctx, skb, acts);
	if (out) {
		if (ctx.natural == CVSW_PORT_HOST)
			cvsw_port_to_host(cvsw_dp_priv(dp), out);
		else
			cvsw_port_to_net(cvsw_dp_priv(dp), NULL, out);
	}
	local_bh_enable();
	return 0;
}
