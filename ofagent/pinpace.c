// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Packet-in pacing: a connection gets packet-ins only as fast as it and
 * the datapath get through them.
 *
 * A controller fed a flood of table misses without bound falls behind
 * without bound: the packet-ins wait in our queue, our socket and the
 * controller's receive buffer (which TCP has acknowledged, so SIOCOUTQ
 * cannot see it), and its answers wait in ours behind each other, each
 * packet-out a datapath request. By the time one runs, the buffer it names
 * has aged out. So a connection has a window of PIN_WINDOW packet-ins in
 * flight, like TCP's: an ECHO_REQUEST goes out among the packet-ins (every
 * PIN_ECHO_EVERY seconds, or when half the window is used), and since a
 * controller handles its input in order and so does the agent, its reply
 * means every packet-in sent before it was read by the controller and
 * every answer to them was run here. Packet-ins beyond the window, or
 * while PIN_BACKLOG_MAX bytes are unsent, are dropped and counted.
 * A controller that leaves an echo unanswered for PIN_ECHO_GIVEUP is paced
 * by the bytes alone from then on (the inactivity probe deals with one
 * that is gone).
 */
#include "agent.h"
#include "log.h"

static void pin_echo(struct conn *c, double now)
{
	struct ofmsg echo = { .version = OFP10_VERSION, .type = OFPT_ECHO_REQUEST };

	echo.xid = c->next_xid++;
	c->pace.echo_xid = echo.xid;
	c->pace.echo_sent = now;
	c->pace.echo_mark = c->pace.sent;
	conn_send_msg(c, &echo);
}

/* Whether the window is open; sends the next echo when it is due. */
static bool pin_window_open(struct conn *c, double now)
{
	struct pin_pace *p = &c->pace;
	uint64_t in_flight = p->sent - p->confirmed;

	if (p->no_echo)
		return true;
	if (p->echo_sent && now - p->echo_sent > PIN_ECHO_GIVEUP) {
		log_msg(LOG_WARN, "%s: no answer to an echo in %.0f s: packet-ins paced by bytes only",
			c->name, PIN_ECHO_GIVEUP);
		p->no_echo = true;
		return true;
	}
	if (!p->echo_sent && in_flight &&
	    (in_flight >= PIN_WINDOW / 2 || now - p->measured >= PIN_ECHO_EVERY))
		pin_echo(c, now);
	return in_flight < PIN_WINDOW;
}

bool pinpace_admit(struct conn *c, double now)
{
	struct pin_pace *p = &c->pace;
	size_t unsent = c->tx.len + stream_unsent(&c->s);
	bool open = pin_window_open(c, now);

	if (unsent < PIN_BACKLOG_MAX && open) {
		p->behind = false;
		p->sent++;
		return true;
	}
	p->dropped++;
	if (!p->behind)
		log_limited("pin drop", LOG_WARN,
			    "%s: behind (%llu packet-ins unanswered, %zu bytes unsent): dropping packet-ins until it catches up (%lu dropped so far)",
			    c->name, (unsigned long long)(p->sent - p->confirmed),
			    unsent, p->dropped);
	p->behind = true;
	return false;
}

void pinpace_echo_reply(struct conn *c, uint32_t xid, double now)
{
	struct pin_pace *p = &c->pace;

	if (!p->echo_sent || xid != p->echo_xid)
		return;		/* the inactivity probe's, or a stray one */
	p->confirmed = p->echo_mark;
	p->lag = now - p->echo_sent;
	p->measured = now;
	p->echo_sent = 0;
}
