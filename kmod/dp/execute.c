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
 * transmit. Every other output goes through the port's ops->send().
 */
#include <linux/etherdevice.h>
#include <linux/if_vlan.h>
#include "dp/dp.h"
#include "datapath/actions.h"
#include "datapath/rewrite.h"
#include "tunnel/decap.h"

/* Bytes made linear before key extraction: Ethernet, two tags, IPv4 with
 * options, TCP and an STT header.
 */
#define CVSW_DP_PULL_LEN	160

struct cvsw_dp_ctx {
	struct cvsw_dp *dp;
	struct cvsw_vport *in;		/* the port the packet entered on */
	struct cvsw_vport *natural;	/* where it goes without a datapath */
	struct cvsw_tun_meta tun;	/* tunnel metadata of the packet */
	struct cvsw_send_info send;	/* for ops->send(): &tun, the entry
					 * point's opaque ctx
					 */
	u16 in_port;
	struct cvsw_flow_layout layout;
};

/*
 * The port of the natural direction: host <-> net; what a tunnel port
 * decapsulated goes to the host, as from a Linux tunnel device.
 */
static struct cvsw_vport *cvsw_dp_natural(struct cvsw_dp *dp, u16 in_port)
{
	return cvsw_vport_rcu(dp, in_port == CVSW_PORT_HOST ? CVSW_PORT_NET :
							      CVSW_PORT_HOST);
}

/* The tunnel metadata of a packet is part of its key. */
static void cvsw_dp_key_tun(struct cvsw_flow_key *key,
			    const struct cvsw_tun_meta *tun)
{
	key->tun_id = tun->id;
	key->tun_src = tun->src;
	key->tun_dst = tun->dst;
}

/* Map an OpenFlow output port (not FLOOD/ALL/CONTROLLER) to a port. */
static struct cvsw_vport *cvsw_dp_resolve_port(const struct cvsw_dp_ctx *ctx,
					       u16 port)
{
	switch (port) {
	case CVSW_PORT_IN_PORT:
		return ctx->in;
	case CVSW_PORT_NORMAL:
		return ctx->natural;
	case CVSW_PORT_LOCAL:
		return ctx->in_port == CVSW_PORT_HOST ? NULL :
		       cvsw_vport_rcu(ctx->dp, CVSW_PORT_HOST);
	default:
		/* OF1.0: output to the input port needs OFPP_IN_PORT. */
		return port == ctx->in_port ? NULL :
		       cvsw_vport_rcu(ctx->dp, port);
	}
}

/*
 * Send @skb to @vp (NULL: nowhere). Return: the skb if the caller should
 * pass it on in the natural direction (only when @last), else NULL.
 */
static struct sk_buff *cvsw_dp_send(struct cvsw_dp_ctx *ctx,
				    struct sk_buff *skb,
				    struct cvsw_vport *vp, bool last)
{
	if (!vp) {
		/* The packet's last output went nowhere: that is a drop. */
		if (last)
			cvsw_vport_count_drop(ctx->in);
		kfree_skb(skb);
		return NULL;
	}
	cvsw_vport_count_tx(vp, skb->len);
	if (vp == ctx->natural && last)
		return skb;
	vp->ops->send(vp, skb, &ctx->send);
	return NULL;
}

/* FLOOD and ALL: every port but the input port, in port order. */
static struct sk_buff *cvsw_dp_flood(struct cvsw_dp_ctx *ctx,
				     struct sk_buff *skb, bool last)
{
	struct cvsw_vport *vp, *prev = NULL;
	struct sk_buff *copy;
	unsigned int i;

	for (i = 1; i <= CVSW_DP_MAX_PORTS; i++) {
		vp = rcu_dereference(ctx->dp->ports[i]);
		if (!vp || vp == ctx->in)
			continue;
		if (prev) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy)
				cvsw_dp_send(ctx, copy, prev, false);
		}
		prev = vp;
	}
	return cvsw_dp_send(ctx, skb, prev, last);
}

/*
 * Output @skb to OpenFlow port @port. Return: the skb if the caller should
 * pass it on in the natural direction (only when @last), else NULL.
 */
static struct sk_buff *cvsw_dp_output(struct cvsw_dp_ctx *ctx,
				      struct sk_buff *skb, u16 port,
				      u16 max_len, bool last)
{
	struct cvsw_dp *dp = ctx->dp;

	switch (port) {
	case CVSW_PORT_CONTROLLER:
		if (cvsw_dp_packet_in_allowed(dp))
			cvsw_dp_packet_in(dp, skb, ctx->in_port,
					  CVSW_PIN_ACTION, max_len);
		consume_skb(skb);
		return NULL;
	case CVSW_PORT_FLOOD:
	case CVSW_PORT_ALL:
		return cvsw_dp_flood(ctx, skb, last);
	default:
		return cvsw_dp_send(ctx, skb, cvsw_dp_resolve_port(ctx, port),
				    last);
	}
}

/* Make the headers writable and apply one set-field action. */
static int cvsw_dp_rewrite(struct cvsw_dp_ctx *ctx, struct sk_buff *skb,
			   const struct cvsw_action *a,
			   const struct cvsw_action_desc *d)
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
	if (d->grows) {
		err = skb_cow_head(skb, d->grows);
		if (err)
			return err;
	}

	p.data = skb->data;
	p.len = skb_headlen(skb);
	p.headroom = skb_headroom(skb);
	p.csum_partial = skb->ip_summed == CHECKSUM_PARTIAL;
	p.layout = ctx->layout;
	old_headroom = p.headroom;
	err = cvsw_rw_apply(&p, a);
	if (err)
		return err;
	/* A push or pop moved the layers: later rewrites need the new ones. */
	ctx->layout = p.layout;
	if (d->flags & CVSW_ACTF_REHASH)
		skb_clear_hash(skb);

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
	const struct cvsw_action_desc *d;
	const struct cvsw_action *a;
	struct sk_buff *out;
	bool last;
	u16 port, max_len;

	cvsw_actions_for_each(a, acts) {
		d = cvsw_action_desc(a->type);
		if (d->flags & CVSW_ACTF_META) {
			/* set_tunnel: the id a key=flow tunnel port sends. */
			memcpy(&ctx->tun.id, a->data, sizeof(ctx->tun.id));
			ctx->tun.id_set = true;
			continue;
		}
		if (!(d->flags & CVSW_ACTF_OUTPUT)) {
			if (cvsw_dp_rewrite(ctx, skb, a, d))
				goto drop;
			continue;
		}
		last = (const u8 *)cvsw_action_next(a) >= acts->data + acts->len;
		port = cvsw_action_port(a);
		max_len = 0;
		if (a->type == CVSW_ACTION_A_OUTPUT) {
			struct cvsw_action_output o;

			memcpy(&o, a->data, sizeof(o));
			max_len = o.max_len;
		}
		if (last)
			return cvsw_dp_output(ctx, skb, port, max_len, true);
		out = skb_clone(skb, GFP_ATOMIC);
		if (out)
			cvsw_dp_output(ctx, out, port, max_len, false);
	}
	/* No output action (or not last): OF1.0 drops what is left. */
drop:
	cvsw_vport_count_drop(ctx->in);
	kfree_skb(skb);
	return NULL;
}

/*
 * Make the headers linear and count the packet in. Return: false if it
 * had to be dropped (counted, freed).
 */
static bool cvsw_dp_admit(struct cvsw_dp_ctx *ctx, struct sk_buff *skb)
{
	if (unlikely(!pskb_may_pull(skb, min_t(unsigned int, skb->len,
					       CVSW_DP_PULL_LEN)))) {
		cvsw_vport_count_drop(ctx->in);
		kfree_skb(skb);
		return false;
	}
	cvsw_vport_count_rx(ctx->in, skb->len);
	return true;
}

static void cvsw_dp_count_lookups(struct cvsw_dp *dp, unsigned int lookups,
				  unsigned int matched)
{
	struct cvsw_dp_pcpu *s = this_cpu_ptr(dp->pcpu);

	u64_stats_update_begin(&s->syncp);
	s->lookups += lookups;
	s->matched += matched;
	u64_stats_update_end(&s->syncp);
}

/* The flow's actions, or the miss policy. ctx->layout is the packet's. */
static enum cvsw_dp_verdict cvsw_dp_finish(struct cvsw_dp_ctx *ctx,
					   struct sk_buff *skb,
					   struct cvsw_flow *flow, u64 now)
{
	struct cvsw_dp *dp = ctx->dp;

	if (flow) {
		cvsw_flow_used(flow, skb->len, now);
		return cvsw_dp_execute(ctx, skb, cvsw_flow_actions(flow)) ?
		       CVSW_DP_PASS : CVSW_DP_CONSUMED;
	}

	switch (READ_ONCE(dp->miss)) {
	case CVSW_MISS_NORMAL:
		if (ctx->natural)
			cvsw_vport_count_tx(ctx->natural, skb->len);
		return CVSW_DP_PASS;
	case CVSW_MISS_CONTROLLER:
		if (cvsw_dp_packet_in_allowed(dp))
			cvsw_dp_packet_in(dp, skb, ctx->in_port,
					  CVSW_PIN_NO_MATCH,
					  READ_ONCE(dp->miss_send_len));
		fallthrough;
	default:
		cvsw_vport_count_drop(ctx->in);
		kfree_skb(skb);
		return CVSW_DP_CONSUMED;
	}
}

/* One packet. Runs under rcu_read_lock() with bottom halves off. */
static enum cvsw_dp_verdict cvsw_dp_process(struct cvsw_dp_ctx *ctx,
					    struct sk_buff *skb)
{
	struct cvsw_flow_key key;
	struct cvsw_flow *flow;

	if (!cvsw_dp_admit(ctx, skb))
		return CVSW_DP_CONSUMED;
	cvsw_flow_key_extract(skb->data, skb_headlen(skb), ctx->in_port, &key,
			      &ctx->layout);
	cvsw_dp_key_tun(&key, &ctx->tun);
	flow = cvsw_table_lookup(ctx->dp->table, &key);
	cvsw_dp_count_lookups(ctx->dp, 1, !!flow);
	return cvsw_dp_finish(ctx, skb, flow, cvsw_dp_now());
}

/*
 * Scratch of cvsw_dp_rx_batch(), per CPU: too big for the stack, and only
 * used with bottom halves off, where nothing else on this CPU can enter
 * the batch path. Per frame: its key, layout, flow, the port it entered
 * on (port 2, or a tunnel port that decapsulated it) and its tunnel
 * metadata.
 */
struct cvsw_dp_batch {
	struct cvsw_flow_key keys[CVSW_LOOKUP_BATCH];
	struct cvsw_flow_layout layouts[CVSW_LOOKUP_BATCH];
	struct cvsw_flow *flows[CVSW_LOOKUP_BATCH];
	struct cvsw_vport *in[CVSW_LOOKUP_BATCH];
	struct cvsw_tun_meta tun[CVSW_LOOKUP_BATCH];
};

static DEFINE_PER_CPU(struct cvsw_dp_batch, cvsw_dp_batch);

/*
 * Decapsulate @skb if a tunnel port takes it. Return: the frame to go on
 * with (*in and *tun set for it), or NULL if it was consumed.
 */
static struct sk_buff *cvsw_dp_rx_tunnel(struct cvsw_dp *dp,
					 struct sk_buff *skb,
					 struct cvsw_vport **in,
					 struct cvsw_tun_meta *tun)
{
	memset(tun, 0, sizeof(*tun));
	if (!READ_ONCE(dp->n_tunnels) || (*in)->port_no != CVSW_PORT_NET)
		return skb;
	if (cvsw_tunnel_rx(dp, &skb, in, tun) == CVSW_TUNNEL_RX_CONSUMED)
		return NULL;
	return skb;
}

/**
 * cvsw_dp_rx_batch - run received frames through the datapath, classified
 *	in one cvsw_table_lookup_batch() call
 * @dp: datapath
 * @in: the port they arrived on (the driver's net port)
 * @skbs: the frames in arrival order, skb->data at the Ethernet header
 * @n: how many, at most CVSW_LOOKUP_BATCH
 *
 * NAPI context (bottom halves off). Frames a tunnel port takes are
 * decapsulated first (or held for reassembly) and enter on that port.
 * Frames the datapath passes on are moved to the front of @skbs, still in
 * arrival order, decapsulated ones as their inner frame (the driver's GRO
 * sees those); the others are consumed (sent elsewhere or dropped).
 *
 * Return: the number of frames the driver should deliver to the stack.
 */
unsigned int cvsw_dp_rx_batch(struct cvsw_dp *dp, struct cvsw_vport *in,
			      struct sk_buff **skbs, unsigned int n)
{
	struct cvsw_dp_batch *b = this_cpu_ptr(&cvsw_dp_batch);
	struct cvsw_dp_ctx ctx = { .dp = dp };
	unsigned int i, k = 0, matched = 0, pass = 0;
	struct cvsw_vport *nat_in, *nat_tun;
	struct sk_buff *skb;
	u64 now;

	ctx.send.tun = &ctx.tun;
	if (WARN_ON_ONCE(n > CVSW_LOOKUP_BATCH))
		n = CVSW_LOOKUP_BATCH;
	rcu_read_lock();
	for (i = 0; i < n; i++) {
		b->in[k] = in;
		skb = cvsw_dp_rx_tunnel(dp, skbs[i], &b->in[k], &b->tun[k]);
		if (!skb)
			continue;
		ctx.in = b->in[k];
		if (!cvsw_dp_admit(&ctx, skb))
			continue;
		skbs[k] = skb;
		cvsw_flow_key_extract(skb->data, skb_headlen(skb),
				      ctx.in->port_no, &b->keys[k],
				      &b->layouts[k]);
		cvsw_dp_key_tun(&b->keys[k], &b->tun[k]);
		k++;
	}
	cvsw_table_lookup_batch(dp->table, b->keys, k, b->flows);
	for (i = 0; i < k; i++)
		matched += !!b->flows[i];
	cvsw_dp_count_lookups(dp, k, matched);
	now = cvsw_dp_now();
	nat_in = cvsw_dp_natural(dp, in->port_no);
	nat_tun = cvsw_vport_rcu(dp, CVSW_PORT_HOST);
	for (i = 0; i < k; i++) {
		ctx.in = b->in[i];
		ctx.in_port = ctx.in->port_no;
		ctx.natural = ctx.in == in ? nat_in : nat_tun;
		ctx.tun = b->tun[i];
		ctx.layout = b->layouts[i];
		if (cvsw_dp_finish(&ctx, skbs[i], b->flows[i], now) ==
		    CVSW_DP_PASS)
			skbs[pass++] = skbs[i];
	}
	rcu_read_unlock();
	return pass;
}

static enum cvsw_dp_verdict cvsw_dp_hook(struct cvsw_dp *dp,
					 struct cvsw_vport *in,
					 struct sk_buff *skb, void *tx_ctx)
{
	struct cvsw_dp_ctx ctx = {
		.dp = dp, .in = in, .in_port = in->port_no,
	};
	enum cvsw_dp_verdict v;

	ctx.send.tun = &ctx.tun;
	ctx.send.ctx = tx_ctx;
	rcu_read_lock();
	ctx.natural = cvsw_dp_natural(dp, in->port_no);
	v = cvsw_dp_process(&ctx, skb);
	rcu_read_unlock();
	return v;
}

/**
 * cvsw_dp_tx - run a frame from the stack through the datapath
 * @dp: datapath
 * @in: the port it entered on (the driver's host port)
 * @skb: frame, skb->data at the Ethernet header
 * @ctx: opaque, handed to every ops->send() of this packet (the driver:
 *	the tx queue whose xmit lock it holds)
 *
 * ndo_start_xmit context.
 *
 * Return: CVSW_DP_PASS if the driver should transmit @skb itself.
 */
enum cvsw_dp_verdict cvsw_dp_tx(struct cvsw_dp *dp, struct cvsw_vport *in,
				struct sk_buff *skb, void *ctx)
{
	return cvsw_dp_hook(dp, in, skb, ctx);
}

/* Send what the natural direction would have got, from packet-out. */
static void cvsw_dp_send_natural(struct cvsw_dp_ctx *ctx, struct sk_buff *skb)
{
	if (ctx->natural)
		ctx->natural->ops->send(ctx->natural, skb, &ctx->send);
	else
		kfree_skb(skb);
}

/**
 * cvsw_dp_packet_out - execute actions on a packet from the controller
 * @dp: datapath
 * @skb: the frame (skb->data at the Ethernet header); consumed
 * @in_port: the port it is deemed to have entered on (a port or NONE)
 * @acts: validated actions; an output to TABLE runs the flow table
 *
 * Process context.
 *
 * Return: 0, or -ENODEV if the input port went away.
 */
int cvsw_dp_packet_out(struct cvsw_dp *dp, struct sk_buff *skb, u16 in_port,
		       const struct cvsw_actions *acts)
{
	struct cvsw_dp_ctx ctx = { .dp = dp };
	const struct cvsw_action *a;
	struct cvsw_flow_key key;
	struct sk_buff *out;
	int err = 0;

	ctx.send.tun = &ctx.tun;
	/* A packet from nowhere flows like one the guest sent. */
	ctx.in_port = in_port == CVSW_PORT_NET ? CVSW_PORT_NET : CVSW_PORT_HOST;
	/* Only the layout is needed: it bounds the header rewrites. */
	cvsw_flow_key_extract(skb->data, skb_headlen(skb), ctx.in_port, &key,
			      &ctx.layout);

	local_bh_disable();
	rcu_read_lock();
	ctx.in = cvsw_vport_rcu(dp, ctx.in_port);
	ctx.natural = cvsw_dp_natural(dp, ctx.in_port);
	if (!ctx.in) {
		kfree_skb(skb);
		err = -ENODEV;
		goto out;
	}
	cvsw_actions_for_each(a, acts) {
		if (a->type == CVSW_ACTION_A_OUTPUT &&
		    cvsw_action_port(a) == CVSW_PORT_TABLE) {
			out = skb_clone(skb, GFP_ATOMIC);
			if (out && cvsw_dp_process(&ctx, out) == CVSW_DP_PASS)
				cvsw_dp_send_natural(&ctx, out);
		}
	}
	/* The other actions in order, with the packet-out's in_port. */
	out = cvsw_dp_execute(&ctx, skb, acts);
	if (out)
		cvsw_dp_send_natural(&ctx, out);
out:
	rcu_read_unlock();
	local_bh_enable();
	return err;
}
