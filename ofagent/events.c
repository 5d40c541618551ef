// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Datapath events to the controllers: a packet-in is buffered once (its
 * buffer id is good on every connection) and sent to each connection cut
 * to what it asked for (miss_send_len for buffered table misses, which
 * the datapath sends whole; the action's max_len, applied by the
 * datapath, otherwise); flow-removed in each
 * connection's flow format; port-status with the port's description
 * (and, when events were lost, for every port added or deleted meanwhile).
 */
#include <stdio.h>
#include <string.h>

#include "agent.h"
#include "log.h"

static void packet_in(struct agent *ag, const struct cvsw_event *ev)
{
	const struct port *port = port_find(ag, ev->u.packet_in.in_port);
	struct ofmsg m = { .version = OFP10_VERSION, .type = OFPT_PACKET_IN };
	struct of_packet_in *pi = &m.u.packet_in;
	double now = now_s();
	bool any = false;

	if (port && (port->config & OFPPC_NO_PACKET_IN))
		return;
	for_each_ready_conn(ag, c) {
		c->pin_takes = pinpace_admit(c, now);
		any |= c->pin_takes;
	}
	if (!any)
		return;		/* no controller, or all behind: dropped */
	/* only a whole packet is buffered: one the datapath cut to an
	 * action's max_len could not be sent on by a later packet-out */
	pi->buffer_id = ev->u.packet_in.len < ev->u.packet_in.total_len ?
			OFP_NO_BUFFER :
			pktbuf_save(&ag->pb, ev->u.packet_in.in_port,
				    ev->u.packet_in.data, ev->u.packet_in.len, now);
	pi->total_len = (uint16_t)(ev->u.packet_in.total_len > 0xffff ? 0xffff :
				   ev->u.packet_in.total_len);
	pi->in_port = ev->u.packet_in.in_port;
	pi->reason = ev->u.packet_in.reason == CVSW_PIN_ACTION ? OFPR_ACTION :
		     OFPR_NO_MATCH;
	pi->data = ev->u.packet_in.data;
	for_each_ready_conn(ag, c) {
		size_t len = ev->u.packet_in.len;

		if (!c->pin_takes)
			continue;
		/* miss_send_len cuts a buffered packet; one that could not
		 * be buffered goes whole (OF1.0), the controller's only copy */
		if (pi->reason == OFPR_NO_MATCH && pi->buffer_id != OFP_NO_BUFFER &&
		    len > c->miss_send_len)
			len = c->miss_send_len;
		pi->len = len;
		m.xid = c->next_xid++;
		conn_send_msg(c, &m);
	}
}

static void flow_removed(struct agent *ag, const struct cvsw_event *ev)
{
	static const uint8_t reasons[] = {
		[CVSW_FRR_IDLE_TIMEOUT] = OFPRR_IDLE_TIMEOUT,
		[CVSW_FRR_HARD_TIMEOUT] = OFPRR_HARD_TIMEOUT,
		[CVSW_FRR_DELETE] = OFPRR_DELETE,
	};
	struct ofmsg m = { .version = OFP10_VERSION, .type = OFPT_FLOW_REMOVED };

	m.u.flow_removed.flow = ev->u.flow_removed.flow;
	m.u.flow_removed.reason = ev->u.flow_removed.reason < sizeof(reasons) ?
				  reasons[ev->u.flow_removed.reason] : OFPRR_DELETE;
	for_each_ready_conn(ag, c) {
		m.xid = c->next_xid++;
		m.u.flow_removed.nxm = c->nxm;
		conn_send_msg(c, &m);
	}
}

/* The port an event is about, as it is after the event: refreshed from the
 * datapath; a deleted one as the event (or, without a description in it,
 * the list before) had it, and out of the list. */
static void event_port(struct agent *ag, const struct cvsw_event *ev,
		       struct port *out)
{
	const struct port *known = port_find(ag, ev->u.port_status.port);
	struct port before = { .no = ev->u.port_status.port };
	const struct port *now;

	if (known)
		before = *known;
	ports_refresh(ag);
	now = port_find(ag, before.no);
	if (ev->u.port_status.reason == CVSW_PORT_DELETE || !now) {
		*out = before;
		if (ev->u.port_status.has_port) {
			out->kind = ev->u.port_status.desc.kind;
			snprintf(out->name, sizeof(out->name), "%s",
				 ev->u.port_status.desc.name);
		}
		if (ev->u.port_status.reason == CVSW_PORT_DELETE)
			port_forget(ag, before.no);
		return;
	}
	*out = *now;
}

/* PORT_STATUS with p's description to every controller; `how` ends the
 * log line (": link up" for a change). */
static void send_port_status(struct agent *ag, const struct port *p,
			     uint8_t reason, const char *how)
{
	struct ofmsg m = { .version = OFP10_VERSION, .type = OFPT_PORT_STATUS };

	m.u.port_status.reason = reason;
	port_describe(ag, p, &m.u.port_status.port);
	log_msg(LOG_INFO, "port %u (%s) %s%s", p->no, m.u.port_status.port.name,
		reason == OFPPR_ADD ? "added" :
		reason == OFPPR_DELETE ? "deleted" : "changed", how);
	for_each_ready_conn(ag, c) {
		m.xid = c->next_xid++;
		conn_send_msg(c, &m);
	}
}

static void port_status(struct agent *ag, const struct cvsw_event *ev)
{
	static const uint8_t reasons[] = {
		[CVSW_PORT_ADD] = OFPPR_ADD,
		[CVSW_PORT_DELETE] = OFPPR_DELETE,
		[CVSW_PORT_MODIFY] = OFPPR_MODIFY,
	};
	uint8_t reason;
	struct port p;

	if (ev->u.port_status.port == CVSW_PORT_NONE) {
		ports_refresh(ag);
		return;
	}
	event_port(ag, ev, &p);
	reason = ev->u.port_status.reason < sizeof(reasons) ?
		 reasons[ev->u.port_status.reason] : OFPPR_MODIFY;
	send_port_status(ag, &p, reason, reason != OFPPR_MODIFY ? "" :
			 ev->u.port_status.link_up ? ": link up" : ": link down");
}

static bool same_port(const struct port *a, const struct port *b)
{
	return a->no == b->no && a->kind == b->kind && !strcmp(a->name, b->name);
}

/*
 * Events were lost: port-status events among them, maybe. The datapath's
 * port list now against the agent's tells what was added and deleted
 * (a number that now names another port: both).
 */
static void ports_resync(struct agent *ag)
{
	struct port old[MAX_PORTS];
	unsigned n_old = ag->n_ports;

	memcpy(old, ag->ports, sizeof(old));
	if (ports_refresh(ag))
		return;
	for (unsigned i = 0; i < n_old; i++) {
		const struct port *now = port_find(ag, old[i].no);

		if (!now || !same_port(now, &old[i]))
			send_port_status(ag, &old[i], OFPPR_DELETE, " (events lost)");
	}
	for (unsigned i = 0; i < ag->n_ports; i++) {
		bool known = false;

		for (unsigned j = 0; j < n_old && !known; j++)
			known = same_port(&ag->ports[i], &old[j]);
		if (!known)
			send_port_status(ag, &ag->ports[i], OFPPR_ADD, " (events lost)");
	}
}

/* events_input's pass: the agent, and how many events it handled */
struct events_pass {
	struct agent *ag;
	unsigned n;
};

static int on_event(const struct cvsw_event *ev, void *arg)
{
	struct events_pass *pass = arg;
	struct agent *ag = pass->ag;

	/* a pass handles at most EVENTS_BATCH events: under a flood of
	 * packet-ins the socket never runs dry, and the packet-ins queued
	 * here go out, and the controllers' packet-outs are read, only when
	 * the pass returns to the poll loop (a nonzero return stops
	 * cvsw_events_recv after this event; the kernel sends one event a
	 * datagram, so none is dropped: the rest wait on the socket) */
	if (++pass->n >= EVENTS_BATCH)
		ag->events_more = true;
	if (ev->ifindex && ev->ifindex != ag->info.ifindex)
		return ag->events_more;	/* another device's */
	switch (ev->type) {
	case CVSW_EVENT_PACKET_IN:
		packet_in(ag, ev);
		break;
	case CVSW_EVENT_FLOW_REMOVED:
		flow_removed(ag, ev);
		break;
	case CVSW_EVENT_PORT_STATUS:
		port_status(ag, ev);
		break;
	case CVSW_EVENT_OVERRUN:
		log_limited("overrun", LOG_WARN,
			    "datapath events were lost (the event socket overran)");
		ports_resync(ag);
		break;
	}
	return ag->events_more;		/* nonzero: the pass stops here */
}

int events_input(struct agent *ag)
{
	struct events_pass pass = { .ag = ag };
	int r;

	ag->events_more = false;
	r = cvsw_events_recv(ag->h, on_event, &pass);
	for (struct conn *c = ag->conns; c; c = c->next)
		if (c->tx.len && !c->dead)
			conn_flush(c);
	return r < 0 ? r : 0;
}
