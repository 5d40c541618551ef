// SPDX-License-Identifier: GPL-2.0-or-later
/* Encoding of OpenFlow 1.0 messages (the inverse of ofmsg_decode.c). */
#include <string.h>

#include "cvsw_of10.h"
#include "ofmsg.h"

#define PAD8(n) (((n) + 7) & ~(size_t)7)

static size_t start_msg(struct ofbuf *b, uint8_t type, uint32_t xid)
{
	size_t start = b->len;

	ofbuf_put8(b, OFP10_VERSION);
	ofbuf_put8(b, type);
	ofbuf_put16(b, 0);
	ofbuf_put32(b, xid);
	return start;
}

int of_msg_finish(struct ofbuf *b, size_t start)
{
	size_t len = b->len - start;

	if (b->failed || len > OFP_MAX_MSG_LEN)
		return -1;
	ofbuf_set16(b, start + 2, (uint16_t)len);
	return 0;
}

static size_t start_nx(struct ofbuf *b, uint32_t xid, uint32_t subtype)
{
	size_t start = start_msg(b, OFPT_VENDOR, xid);

	ofbuf_put32(b, NX_VENDOR_ID);
	ofbuf_put32(b, subtype);
	return start;
}

/* An NXM match with its padding; returns its unpadded length or -1. */
static int put_nxm(struct ofbuf *b, const struct cvsw_match *m)
{
	uint8_t buf[CVSW_NXM_MAX_LEN];
	int n = cvsw_nxm_encode(m, buf, sizeof(buf));

	if (n < 0)
		return -1;
	ofbuf_put(b, buf, (size_t)n);
	ofbuf_put_zeros(b, PAD8((size_t)n) - (size_t)n);
	return n;
}

static void put_of10_match(struct ofbuf *b, const struct cvsw_match *m)
{
	uint8_t *p = ofbuf_put_zeros(b, CVSW_OF10_MATCH_LEN);

	if (p)
		cvsw_of10_match_encode(m, p);
}

static void put_duration(struct ofbuf *b, uint64_t ms)
{
	ofbuf_put32(b, (uint32_t)(ms / 1000));
	ofbuf_put32(b, (uint32_t)(ms % 1000) * 1000000u);
}

void of_port_encode(struct ofbuf *b, const struct of_port *port)
{
	uint8_t *p = ofbuf_put_zeros(b, OFP_PHY_PORT_LEN);

	if (!p)
		return;
	wr16(p, port->port_no);
	memcpy(p + 2, port->hw_addr, 6);
	memcpy(p + 8, port->name, strnlen(port->name, 15));
	wr32(p + 24, port->config);
	wr32(p + 28, port->state);
	wr32(p + 32, port->curr);
	wr32(p + 36, port->advertised);
	wr32(p + 40, port->supported);
	wr32(p + 44, port->peer);
}

static int enc_flow_mod(struct ofbuf *b, const struct ofmsg *m)
{
	const struct of_flow_mod *fm = &m->u.flow_mod;
	const struct cvsw_flow *f = &fm->flow;
	uint16_t flags = (uint16_t)((f->flags & (OFPFF_SEND_FLOW_REM |
						 OFPFF_CHECK_OVERLAP)) |
				    (fm->emerg ? OFPFF_EMERG : 0));
	size_t start, mlen_off;
	int mlen;

	if (!fm->nxm) {
		start = start_msg(b, OFPT_FLOW_MOD, m->xid);
		put_of10_match(b, &f->match);
		ofbuf_put64(b, f->cookie);
		ofbuf_put16(b, fm->command);
		ofbuf_put16(b, f->idle_timeout);
		ofbuf_put16(b, f->hard_timeout);
		ofbuf_put16(b, f->priority);
		ofbuf_put32(b, fm->buffer_id);
		ofbuf_put16(b, f->out_port);
		ofbuf_put16(b, flags);
	} else {
		start = start_nx(b, m->xid, NXT_FLOW_MOD);
		ofbuf_put64(b, f->cookie);
		ofbuf_put16(b, (uint16_t)(fm->table_id << 8 | fm->command));
		ofbuf_put16(b, f->idle_timeout);
		ofbuf_put16(b, f->hard_timeout);
		ofbuf_put16(b, f->priority);
		ofbuf_put32(b, fm->buffer_id);
		ofbuf_put16(b, f->out_port);
		ofbuf_put16(b, flags);
		mlen_off = b->len;
		ofbuf_put16(b, 0);
		ofbuf_put_zeros(b, 6);
		mlen = put_nxm(b, &f->match);
		if (mlen < 0)
			return -1;
		ofbuf_set16(b, mlen_off, (uint16_t)mlen);
	}
	if (of_actions_encode(b, f->actions, f->n_actions))
		return -1;
	return of_msg_finish(b, start);
}

static int enc_flow_removed(struct ofbuf *b, const struct ofmsg *m)
{
	const struct of_flow_removed *fr = &m->u.flow_removed;
	const struct cvsw_flow *f = &fr->flow;
	size_t start, mlen_off;
	int mlen;

	if (!fr->nxm) {
		start = start_msg(b, OFPT_FLOW_REMOVED, m->xid);
		put_of10_match(b, &f->match);
		ofbuf_put64(b, f->cookie);
		ofbuf_put16(b, f->priority);
		ofbuf_put8(b, fr->reason);
		ofbuf_put8(b, 0);
		put_duration(b, f->duration_ms);
		ofbuf_put16(b, f->idle_timeout);
		ofbuf_put16(b, 0);
		ofbuf_put64(b, f->packets);
		ofbuf_put64(b, f->bytes);
		return of_msg_finish(b, start);
	}
	start = start_nx(b, m->xid, NXT_FLOW_REMOVED);
	ofbuf_put64(b, f->cookie);
	ofbuf_put16(b, f->priority);
	ofbuf_put8(b, fr->reason);
	ofbuf_put8(b, 0);
	put_duration(b, f->duration_ms);
	ofbuf_put16(b, f->idle_timeout);
	mlen_off = b->len;
	ofbuf_put16(b, 0);
	ofbuf_put64(b, f->packets);
	ofbuf_put64(b, f->bytes);
	mlen = put_nxm(b, &f->match);
	if (mlen < 0)
		return -1;
	ofbuf_set16(b, mlen_off, (uint16_t)mlen);
	return of_msg_finish(b, start);
}

static int enc_packet_out(struct ofbuf *b, const struct ofmsg *m)
{
	const struct of_packet_out *po = &m->u.packet_out;
	size_t start = start_msg(b, OFPT_PACKET_OUT, m->xid);
	size_t alen_off, before;

	ofbuf_put32(b, po->buffer_id);
	ofbuf_put16(b, po->in_port);
	alen_off = b->len;
	ofbuf_put16(b, 0);
	before = b->len;
	if (of_actions_encode(b, po->actions, po->n_actions))
		return -1;
	ofbuf_set16(b, alen_off, (uint16_t)(b->len - before));
	ofbuf_put(b, po->data, po->len);
	return of_msg_finish(b, start);
}

static void enc_nx(struct ofbuf *b, const struct ofmsg *m)
{
	const struct of_nx *nx = &m->u.nx;

	start_nx(b, m->xid, nx->subtype);
	if (nx->subtype == NXT_FLOW_MOD_TABLE_ID) {
		ofbuf_put8(b, nx->u.set);
		ofbuf_put_zeros(b, 7);
	} else {
		ofbuf_put32(b, nx->u.format);
	}
}

static int enc_stats_request(struct ofbuf *b, const struct ofmsg *m)
{
	const struct of_stats_request *r = &m->u.stats_request;
	size_t start = start_msg(b, OFPT_STATS_REQUEST, m->xid);
	size_t mlen_off;
	int mlen;

	if (r->kind >= OF_ST_NX_FLOW) {
		ofbuf_put16(b, OFPST_VENDOR);
		ofbuf_put16(b, r->flags);
		ofbuf_put32(b, NX_VENDOR_ID);
		ofbuf_put32(b, r->kind == OF_ST_NX_FLOW ? NXST_FLOW : NXST_AGGREGATE);
		ofbuf_put32(b, 0);
		ofbuf_put16(b, r->u.flow.out_port);
		mlen_off = b->len;
		ofbuf_put16(b, 0);
		ofbuf_put8(b, r->u.flow.table_id);
		ofbuf_put_zeros(b, 3);
		mlen = put_nxm(b, &r->u.flow.match);
		if (mlen < 0)
			return -1;
		ofbuf_set16(b, mlen_off, (uint16_t)mlen);
		return of_msg_finish(b, start);
	}
	ofbuf_put16(b, (uint16_t)r->kind);
	ofbuf_put16(b, r->flags);
	switch (r->kind) {
	case OF_ST_FLOW:
	case OF_ST_AGGREGATE:
		put_of10_match(b, &r->u.flow.match);
		ofbuf_put8(b, r->u.flow.table_id);
		ofbuf_put8(b, 0);
		ofbuf_put16(b, r->u.flow.out_port);
		break;
	case OF_ST_PORT:
		ofbuf_put16(b, r->u.port_no);
		ofbuf_put_zeros(b, 6);
		break;
	case OF_ST_QUEUE:
		ofbuf_put16(b, r->u.queue.port_no);
		ofbuf_put16(b, 0);
		ofbuf_put32(b, r->u.queue.queue_id);
		break;
	default:
		break;
	}
	return of_msg_finish(b, start);
}

int of_encode(struct ofbuf *b, const struct ofmsg *m)
{
	size_t start;

	switch (m->type) {
	case OFPT_FLOW_MOD:
		return enc_flow_mod(b, m);
	case OFPT_FLOW_REMOVED:
		return enc_flow_removed(b, m);
	case OFPT_PACKET_OUT:
		return enc_packet_out(b, m);
	case OFPT_STATS_REQUEST:
		return enc_stats_request(b, m);
	case OFPT_STATS_REPLY:
		return -1;	/* built with the helpers */
	case OFPT_VENDOR:
		start = b->len;
		enc_nx(b, m);
		return of_msg_finish(b, start);
	default:
		break;
	}
	start = start_msg(b, m->type, m->xid);
	switch (m->type) {
	case OFPT_HELLO:
		if (m->u.hello.has_bitmap) {
			ofbuf_put16(b, OFPHET_VERSIONBITMAP);
			ofbuf_put16(b, 8);
			ofbuf_put32(b, m->u.hello.versions);
		}
		break;
	case OFPT_ERROR:
		ofbuf_put16(b, m->u.error.type);
		ofbuf_put16(b, m->u.error.code);
		ofbuf_put(b, m->u.error.data, m->u.error.len);
		break;
	case OFPT_ECHO_REQUEST:
	case OFPT_ECHO_REPLY:
		ofbuf_put(b, m->u.echo.data, m->u.echo.len);
		break;
	case OFPT_FEATURES_REPLY: {
		const struct of_features *f = &m->u.features;

		ofbuf_put64(b, f->datapath_id);
		ofbuf_put32(b, f->n_buffers);
		ofbuf_put8(b, f->n_tables);
		ofbuf_put_zeros(b, 3);
		ofbuf_put32(b, f->capabilities);
		ofbuf_put32(b, f->actions);
		for (unsigned i = 0; i < f->n_ports && i < OF_MAX_PORTS; i++)
			of_port_encode(b, &f->ports[i]);
		break;
	}
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_SET_CONFIG:
		ofbuf_put16(b, m->u.config.flags);
		ofbuf_put16(b, m->u.config.miss_send_len);
		break;
	case OFPT_PACKET_IN: {
		const struct of_packet_in *pi = &m->u.packet_in;

		ofbuf_put32(b, pi->buffer_id);
		ofbuf_put16(b, pi->total_len);
		ofbuf_put16(b, pi->in_port);
		ofbuf_put8(b, pi->reason);
		ofbuf_put8(b, 0);
		ofbuf_put(b, pi->data, pi->len);
		break;
	}
	case OFPT_PORT_STATUS:
		ofbuf_put8(b, m->u.port_status.reason);
		ofbuf_put_zeros(b, 7);
		of_port_encode(b, &m->u.port_status.port);
		break;
	case OFPT_PORT_MOD: {
		const struct of_port_mod *pm = &m->u.port_mod;

		ofbuf_put16(b, pm->port_no);
		ofbuf_put(b, pm->hw_addr, 6);
		ofbuf_put32(b, pm->config);
		ofbuf_put32(b, pm->mask);
		ofbuf_put32(b, pm->advertise);
		ofbuf_put32(b, 0);
		break;
	}
	case OFPT_QUEUE_GET_CONFIG_REQUEST:
		ofbuf_put16(b, m->u.queue_config.port);
		ofbuf_put16(b, 0);
		break;
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		/* no queue is ever configured here */
		if (m->u.queue_config.n_queues) {
			b->len = start;
			return -1;
		}
		ofbuf_put16(b, m->u.queue_config.port);
		ofbuf_put_zeros(b, 6);
		break;
	case OFPT_FEATURES_REQUEST:
	case OFPT_GET_CONFIG_REQUEST:
	case OFPT_BARRIER_REQUEST:
	case OFPT_BARRIER_REPLY:
		break;
	default:
		b->len = start;
		return -1;
	}
	return of_msg_finish(b, start);
}

int of_encode_error(struct ofbuf *b, uint32_t xid, uint16_t type, uint16_t code,
		    const void *req, size_t len)
{
	struct ofmsg m = { .version = OFP10_VERSION, .type = OFPT_ERROR, .xid = xid };

	m.u.error.type = type;
	m.u.error.code = code;
	m.u.error.data = req;
	m.u.error.len = len < OFP_ERROR_QUOTE_LEN ? len : OFP_ERROR_QUOTE_LEN;
	return of_encode(b, &m);
}

/* ---- stats replies ---- */

size_t of_stats_reply_start(struct ofbuf *b, uint32_t xid,
			    enum of_stats_kind kind, uint16_t flags)
{
	size_t start = start_msg(b, OFPT_STATS_REPLY, xid);

	if (kind >= OF_ST_NX_FLOW) {
		ofbuf_put16(b, OFPST_VENDOR);
		ofbuf_put16(b, flags);
		ofbuf_put32(b, NX_VENDOR_ID);
		ofbuf_put32(b, kind == OF_ST_NX_FLOW ? NXST_FLOW : NXST_AGGREGATE);
		ofbuf_put32(b, 0);
	} else {
		ofbuf_put16(b, (uint16_t)kind);
		ofbuf_put16(b, flags);
	}
	return start;
}

static void put_str(struct ofbuf *b, const char *s, size_t n)
{
	uint8_t *p = ofbuf_put_zeros(b, n);

	if (p)
		memcpy(p, s, strnlen(s, n - 1));
}

void of_put_desc_stats(struct ofbuf *b, const struct of_desc_stats *d)
{
	put_str(b, d->mfr, OFP_DESC_STR_LEN);
	put_str(b, d->hw, OFP_DESC_STR_LEN);
	put_str(b, d->sw, OFP_DESC_STR_LEN);
	put_str(b, d->serial, OFP_SERIAL_NUM_LEN);
	put_str(b, d->dp, OFP_DESC_STR_LEN);
}

int of_put_flow_stats(struct ofbuf *b, const struct of_flow_stats *fs, bool nxm)
{
	const struct cvsw_flow *f = &fs->flow;
	size_t start = b->len;
	int mlen;

	ofbuf_put16(b, 0);
	ofbuf_put8(b, fs->table_id);
	ofbuf_put8(b, 0);
	if (nxm) {
		size_t mlen_off;

		put_duration(b, f->duration_ms);
		ofbuf_put16(b, f->priority);
		ofbuf_put16(b, f->idle_timeout);
		ofbuf_put16(b, f->hard_timeout);
		mlen_off = b->len;
		ofbuf_put16(b, 0);
		ofbuf_put16(b, (uint16_t)(f->idle_ms / 1000 > 0xffff ?
					  0xffff : f->idle_ms / 1000));
		ofbuf_put16(b, 0);	/* hard_age: not kept */
		ofbuf_put64(b, f->cookie);
		ofbuf_put64(b, f->packets);
		ofbuf_put64(b, f->bytes);
		mlen = put_nxm(b, &f->match);
		if (mlen < 0) {
			b->len = start;
			return -1;
		}
		ofbuf_set16(b, mlen_off, (uint16_t)mlen);
	} else {
		put_of10_match(b, &f->match);
		put_duration(b, f->duration_ms);
		ofbuf_put16(b, f->priority);
		ofbuf_put16(b, f->idle_timeout);
		ofbuf_put16(b, f->hard_timeout);
		ofbuf_put_zeros(b, 6);
		ofbuf_put64(b, f->cookie);
		ofbuf_put64(b, f->packets);
		ofbuf_put64(b, f->bytes);
	}
	if (of_actions_encode(b, f->actions, f->n_actions) ||
	    b->len - start > 0xffff) {
		b->len = start;
		return -1;
	}
	ofbuf_set16(b, start, (uint16_t)(b->len - start));
	return 0;
}

void of_put_aggregate_stats(struct ofbuf *b, const struct of_aggregate_stats *a)
{
	ofbuf_put64(b, a->packets);
	ofbuf_put64(b, a->bytes);
	ofbuf_put32(b, a->flows);
	ofbuf_put32(b, 0);
}

void of_put_table_stats(struct ofbuf *b, const struct of_table_stats *t)
{
	ofbuf_put8(b, t->table_id);
	ofbuf_put_zeros(b, 3);
	put_str(b, t->name, OFP_MAX_TABLE_NAME_LEN);
	ofbuf_put32(b, t->wildcards);
	ofbuf_put32(b, t->max_entries);
	ofbuf_put32(b, t->active);
	ofbuf_put64(b, t->lookups);
	ofbuf_put64(b, t->matched);
}

void of_put_port_stats(struct ofbuf *b, const struct of_port_stats *p)
{
	ofbuf_put16(b, p->port_no);
	ofbuf_put_zeros(b, 6);
	for (int i = 0; i < 12; i++)
		ofbuf_put64(b, p->c[i]);
}

void of_put_queue_stats(struct ofbuf *b, const struct of_queue_stats *q)
{
	ofbuf_put16(b, q->port_no);
	ofbuf_put16(b, 0);
	ofbuf_put32(b, q->queue_id);
	ofbuf_put64(b, q->tx_bytes);
	ofbuf_put64(b, q->tx_packets);
	ofbuf_put64(b, q->tx_errors);
}
