// SPDX-License-Identifier: GPL-2.0
/*
 * events.c - the one way events leave the datapath: the event ops that the
 * netlink layer registers (struct cvsw_dp_event_ops in dp.h).
 *
 * Softirq readers (packet-in) find the ops under RCU; process-context
 * events, which may sleep, under cvsw_dp_events_lock. Clearing the ops
 * waits for both, so after cvsw_dp_set_event_ops(NULL) returns nothing
 * calls into the old ones.
 */
#include "dp/dp.h"

static const struct cvsw_dp_event_ops __rcu *cvsw_dp_events;
static DEFINE_MUTEX(cvsw_dp_events_lock);

/**
 * cvsw_dp_set_event_ops - register (or with NULL, unregister) the events
 * @ops: the implementation; must stay valid until unregistered
 *
 * Process context.
 */
void cvsw_dp_set_event_ops(const struct cvsw_dp_event_ops *ops)
{
	mutex_lock(&cvsw_dp_events_lock);
	rcu_assign_pointer(cvsw_dp_events, ops);
	mutex_unlock(&cvsw_dp_events_lock);
	if (!ops)
		synchronize_rcu();
}

/**
 * cvsw_dp_packet_in - send (the head of) a packet to the controllers
 * @dp: datapath
 * @skb: the packet, skb->data at the Ethernet header; not consumed
 * @in_port: the port it entered on
 * @reason: enum cvsw_packet_in_reason
 * @max_len: bytes of the packet to send, CVSW_MAX_LEN_ALL for all of it
 *
 * Bottom halves off; the caller took a token (cvsw_dp_packet_in_allowed()).
 */
void cvsw_dp_packet_in(struct cvsw_dp *dp, const struct sk_buff *skb,
		       u16 in_port, u8 reason, u16 max_len)
{
	const struct cvsw_dp_event_ops *ops;

	rcu_read_lock();
	ops = rcu_dereference(cvsw_dp_events);
	if (ops)
		ops->packet_in(dp, skb, in_port, reason, max_len);
	rcu_read_unlock();
}

/**
 * cvsw_dp_flow_removed - the table's removal callback (cvsw_flow_removed_cb)
 * @flow: the flow leaving the table
 * @reason: why
 * @arg: the datapath
 *
 * Announces flows added with CVSW_FLOW_F_SEND_FLOW_REM. Process context,
 * under the table mutex.
 */
void cvsw_dp_flow_removed(const struct cvsw_flow *flow,
			  enum cvsw_flow_removed_reason reason, void *arg)
{
	const struct cvsw_dp_event_ops *ops;

	if (!(flow->flags & CVSW_FLOW_F_SEND_FLOW_REM))
		return;
	mutex_lock(&cvsw_dp_events_lock);
	ops = rcu_dereference_protected(cvsw_dp_events,
					lockdep_is_held(&cvsw_dp_events_lock));
	if (ops)
		ops->flow_removed(arg, flow, reason);
	mutex_unlock(&cvsw_dp_events_lock);
}

/**
 * cvsw_dp_port_changed - a port was added, is going away, or changed
 * @dp: datapath
 * @port_no: the port
 * @reason: enum cvsw_port_reason
 *
 * Called by the port's implementer (the driver for carrier changes of its
 * net port). Process context.
 */
void cvsw_dp_port_changed(struct cvsw_dp *dp, u16 port_no, u8 reason)
{
	const struct cvsw_dp_event_ops *ops;

	mutex_lock(&cvsw_dp_events_lock);
	ops = rcu_dereference_protected(cvsw_dp_events,
					lockdep_is_held(&cvsw_dp_events_lock));
	if (ops)
		ops->port_status(dp, port_no, reason);
	mutex_unlock(&cvsw_dp_events_lock);
}
