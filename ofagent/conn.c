// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * One OpenFlow connection: HELLO on open, framing by the header's length,
 * the inactivity probe, and a send queue flushed as the socket allows.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "log.h"

struct conn *conn_new(struct agent *ag, struct stream *s, int ctl, bool connecting)
{
	struct conn *c = calloc(1, sizeof(*c));
	struct ofmsg hello = { .version = OFP10_VERSION, .type = OFPT_HELLO };

	if (!c)
		return NULL;
	c->ag = ag;
	c->s = *s;
	c->ctl = ctl;
	c->connecting = connecting;
	c->last_rx = now_s();
	c->miss_send_len = OFP_DEFAULT_MISS_SEND_LEN;
	c->next_xid = 1;
	ofbuf_init(&c->rx);
	ofbuf_init(&c->tx);
	if (ctl >= 0)
		snprintf(c->name, sizeof(c->name), "%s", s->peer);
	else
		snprintf(c->name, sizeof(c->name), "%s (accepted)", s->peer);
	/* both sides send HELLO at once (OpenFlow 1.0, 6.3.1) */
	hello.xid = c->next_xid++;
	conn_send_msg(c, &hello);
	c->next = ag->conns;
	ag->conns = c;
	return c;
}

void conn_free(struct conn *c)
{
	stream_close(&c->s);
	ofbuf_free(&c->rx);
	ofbuf_free(&c->tx);
	free(c);
}

void conn_close(struct conn *c, const char *fmt, ...)
{
	va_list ap;

	if (c->dead)
		return;
	va_start(ap, fmt);
	vsnprintf(c->why, sizeof(c->why), fmt, ap);
	va_end(ap);
	c->dead = true;
	/* say what is queued (an ERROR explaining the close) if we can */
	if (!c->connecting)
		conn_flush(c);
	log_msg(LOG_INFO, "%s: disconnected: %s", c->name, c->why);
	if (c->pace.dropped)
		log_msg(LOG_INFO, "%s: %lu packet-ins were dropped while it was behind",
			c->name, c->pace.dropped);
}

void conn_flush(struct conn *c)
{
	size_t off = 0;

	if (c->connecting)
		return;
	while (off < c->tx.len) {
		ssize_t n = stream_send(&c->s, c->tx.data + off, c->tx.len - off);

		if (n == -EAGAIN)
			break;
		if (n < 0) {
			ofbuf_clear(&c->tx);
			off = 0;
			if (!c->dead)
				conn_close(c, "send failed: %s", n == -EPROTO ?
					   "TLS error" : strerror((int)-n));
			break;
		}
		off += (size_t)n;
	}
	ofbuf_pull(&c->tx, off);
}

void conn_send(struct conn *c, const uint8_t *p, size_t len)
{
	if (c->dead)
		return;
	ofbuf_put(&c->tx, p, len);
	if (c->tx.failed) {
		ofbuf_clear(&c->tx);
		conn_close(c, "out of memory for the send queue");
	}
}

void conn_send_msg(struct conn *c, const struct ofmsg *m)
{
	struct ofbuf *b = &c->ag->scratch;

	ofbuf_clear(b);
	if (of_encode(b, m)) {
		log_limited("encode", LOG_WARN, "%s: could not encode a message of type %u",
			    c->name, m->type);
		return;
	}
	conn_send(c, b->data, b->len);
}

void conn_refuse(struct conn *c, const uint8_t *req, size_t len, uint16_t type,
		 uint16_t code, const char *why)
{
	struct ofbuf *b = &c->ag->scratch;
	uint32_t xid = len >= OFP_HEADER_LEN ? rd32(req + 4) : 0;

	log_limited("refused", LOG_WARN, "%s: refused %s (xid %u): error type %u code 0x%x: %s",
		    c->name, of_type_name(req, len), xid, type, code, why);
	ofbuf_clear(b);
	if (!of_encode_error(b, xid, type, code, req, len))
		conn_send(c, b->data, b->len);
}

void conn_input(struct conn *c)
{
	uint8_t buf[65536];
	size_t off = 0;
	unsigned handled = 0;

	/* read what is there, but not without bound while output or
	 * unhandled input piles up */
	for (int i = 0; i < 16 && c->tx.len < TX_HIGH_WATER && c->rx.len < RX_HIGH_WATER; i++) {
		ssize_t n = stream_recv(&c->s, buf, sizeof(buf));

		if (n == -EAGAIN)
			break;
		if (n == 0) {
			conn_close(c, "connection closed by peer");
			return;
		}
		if (n < 0) {
			conn_close(c, "receive failed: %s", n == -EPROTO ?
				   (c->s.handshaking ? "TLS handshake failed" : "TLS error") :
				   strerror((int)-n));
			return;
		}
		c->last_rx = now_s();
		c->probe_sent = 0;
		ofbuf_put(&c->rx, buf, (size_t)n);
		if (c->rx.failed) {
			conn_close(c, "out of memory for input");
			return;
		}
		if ((size_t)n < sizeof(buf))
			break;
	}
	while (c->rx.len - off >= OFP_HEADER_LEN && !c->dead) {
		size_t len = rd16(c->rx.data + off + 2);

		if (len < OFP_HEADER_LEN) {
			/* no way to find the next message: say why, then close */
			conn_refuse(c, c->rx.data + off, c->rx.len - off,
				    OFPET_BAD_REQUEST, OFPBRC_BAD_LEN,
				    "length below the header's 8 bytes");
			conn_close(c, "message length %zu: the stream cannot be framed", len);
			break;
		}
		if (c->rx.len - off < len)
			break;
		if (handled++ == CONN_BATCH || c->tx.len >= TX_HIGH_WATER)
			break;
		handle_message(c, c->rx.data + off, len);
		off += len;
	}
	ofbuf_pull(&c->rx, off);
	c->rx_more = !c->dead && c->rx.len >= OFP_HEADER_LEN &&
		     c->rx.len >= rd16(c->rx.data + 2);
	handlers_flush(c->ag);
	conn_flush(c);
}

void conn_timers(struct conn *c, double now)
{
	double probe = c->ag->opt->probe;

	if (c->dead || c->connecting || probe <= 0)
		return;
	if (!c->negotiated) {
		if (now - c->last_rx > 2 * probe)
			conn_close(c, "no HELLO within %.0f s", 2 * probe);
		return;
	}
	if (c->rx_more) {
		/* its requests wait here to be handled: it is alive */
		c->last_rx = now;
		c->probe_sent = 0;
		return;
	}
	if (c->probe_sent) {
		if (now - c->probe_sent > probe)
			conn_close(c, "no reply to the inactivity probe within %.0f s", probe);
		return;
	}
	if (now - c->last_rx > probe) {
		struct ofmsg echo = { .version = OFP10_VERSION,
				      .type = OFPT_ECHO_REQUEST, .xid = c->next_xid++ };

		log_msg(LOG_DBG, "%s: idle for %.0f s, sending an inactivity probe",
			c->name, probe);
		conn_send_msg(c, &echo);
		conn_flush(c);
		c->probe_sent = now;
	}
}
