// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Packet-in pacing: a connection gets packet-ins only while it keeps up.
 *
 * A controller slower than a flood of table misses falls behind without
 * bound if it is fed everything: the packet-ins wait in our queue, our
 * socket and the controller's own receive buffer (which TCP has already
 * acknowledged, so SIOCOUTQ cannot see it), and by the time it answers,
 * the buffers its packet-outs name have aged out. So two things are
 * watched, and packet-ins are dropped (counted) while either is too high:
 *  - the bytes unsent to it (our queue plus SIOCOUTQ): PIN_BACKLOG_MAX;
 *  - how long it takes to answer: while packet-ins flow, an ECHO_REQUEST
 *    goes out every PIN_LAG_EVERY seconds, and a controller handles its
 *    input in order, so the echo's round trip is how long a packet-in
 *    waits for it; above PIN_LAG_MAX (well within the buffer's
 *    PKTBUF_MAX_AGE) it is behind.
 * A controller that never answers an echo within PIN_ECHO_GIVEUP is paced
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
	conn_send_msg(c, &echo);
}

static bool pin_lagging(struct conn *c, double now)
{
	struct pin_pace *p = &c->pace;

	if (p->no_echo)
		return false;
	if (p->echo_sent && now - p->echo_sent > PIN_ECHO_GIVEUP) {
		log_msg(LOG_WARN, "%s: no answer to an echo in %.0f s: packet-ins paced by bytes only",
			c->name, PIN_ECHO_GIVEUP);
		p->no_echo = true;
		return false;
	}
	if (!p->echo_sent && now - p->measured >= PIN_LAG_EVERY)
		pin_echo(c, now);
	return p->lag > PIN_LAG_MAX ||
	       (p->echo_sent && now - p->echo_sent > PIN_LAG_MAX);
}

bool pinpace_admit(struct conn *c, double now)
{
	struct pin_pace *p = &c->pace;
	size_t unsent = c->tx.len + stream_unsent(&c->s);
	bool lagging = pin_lagging(c, now);

	if (unsent < PIN_BACKLOG_MAX && !lagging) {
		p->behind = false;
		return true;
	}
	p->dropped++;
	if (!p->behind)
		log_limited("pin drop", LOG_WARN,
			    "%s: behind (%zu bytes unsent, answers in %.2f s): dropping packet-ins until it catches up (%lu dropped so far)",
			    c->name, unsent,
			    p->echo_sent && now - p->echo_sent > p->lag ?
			    now - p->echo_sent : p->lag, p->dropped);
	p->behind = true;
	return false;
}

void pinpace_echo_reply(struct conn *c, uint32_t xid, double now)
{
	struct pin_pace *p = &c->pace;

	if (!p->echo_sent || xid != p->echo_xid)
		return;		/* the inactivity probe's, or a stray one */
	p->lag = now - p->echo_sent;
	p->measured = now;
	p->echo_sent = 0;
}
