// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * What each OpenFlow 1.0 request does: one handler per message type
 * (table below), each checking the whole request before it changes
 * anything and answering a refusal with the specification's error.
 *
 * Flow adds without a buffered packet, and packet-outs, are queued into
 * one libcvsw batch (one sendmsg for many requests, acks only for errors)
 * and sent before any other request is handled and at the end of each
 * read, so the order a controller sees (BARRIER included) is the order it
 * sent. A flood's packet-outs so cost one datapath round trip a batch,
 * not one each.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "log.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ---- errno of the datapath -> OpenFlow error ---- */

enum op { OP_FLOW_MOD, OP_PACKET_OUT, OP_OTHER };

static const struct {
	enum op op;
	int err;		/* negative errno; 0: any other */
	uint16_t type, code;
} errno_map[] = {
	{ OP_FLOW_MOD, -EEXIST, OFPET_FLOW_MOD_FAILED, OFPFMFC_OVERLAP },
	{ OP_FLOW_MOD, -ENOSPC, OFPET_FLOW_MOD_FAILED, OFPFMFC_ALL_TABLES_FULL },
	{ OP_FLOW_MOD, -ENOMEM, OFPET_FLOW_MOD_FAILED, OFPFMFC_ALL_TABLES_FULL },
	{ OP_FLOW_MOD, -EPERM, OFPET_FLOW_MOD_FAILED, OFPFMFC_EPERM },
	{ OP_FLOW_MOD, -EINVAL, OFPET_FLOW_MOD_FAILED, OFPFMFC_UNSUPPORTED },
	{ OP_FLOW_MOD, 0, OFPET_FLOW_MOD_FAILED, OFPFMFC_EPERM },
	{ OP_PACKET_OUT, -EINVAL, OFPET_BAD_ACTION, OFPBAC_BAD_ARGUMENT },
	{ OP_PACKET_OUT, -EPERM, OFPET_BAD_ACTION, OFPBAC_EPERM },
	{ OP_PACKET_OUT, 0, OFPET_BAD_REQUEST, OFPBRC_EPERM },
	{ OP_OTHER, 0, OFPET_BAD_REQUEST, OFPBRC_EPERM },
};

static void refuse_errno(struct conn *c, const uint8_t *req, size_t len,
			 enum op op, int err)
{
	char why[300];

	for (size_t i = 0; i < N_ELEM(errno_map); i++)
		if (errno_map[i].op == op &&
		    (errno_map[i].err == err || !errno_map[i].err)) {
			snprintf(why, sizeof(why), "datapath: %s",
				 cvsw_last_error(c->ag->h)[0] ?
				 cvsw_last_error(c->ag->h) : strerror(-err));
			conn_refuse(c, req, len, errno_map[i].type,
				    errno_map[i].code, why);
			return;
		}
}

/*
 * The datapath refused with EINVAL: was it for an output to a port that
 * went away since the agent's list was read (its event not handled yet)?
 * The datapath's errno does not say; its list does.
 */
static bool ports_gone(struct agent *ag, const uint16_t *ports, unsigned n,
		       int err)
{
	if (err != -EINVAL || !n || ports_refresh(ag))
		return false;
	for (unsigned i = 0; i < n; i++)
		if (!port_find(ag, ports[i]))
			return true;
	return false;
}

/* The numbered ports the actions output to, into ports[CVSW_MAX_ACTIONS]. */
static unsigned output_ports(const struct cvsw_action *acts, unsigned n,
			     uint16_t *ports)
{
	unsigned k = 0;

	for (unsigned i = 0; i < n && i < CVSW_MAX_ACTIONS; i++)
		if (acts[i].type == CVSW_ACT_OUTPUT && acts[i].u.output.port < OFPP_MAX)
			ports[k++] = acts[i].u.output.port;
	return k;
}

static bool output_port_gone(struct agent *ag, const struct cvsw_action *acts,
			     unsigned n, int err)
{
	uint16_t ports[CVSW_MAX_ACTIONS];

	return ports_gone(ag, ports, output_ports(acts, n, ports), err);
}

static void refuse_gone(struct conn *c, const uint8_t *req, size_t len)
{
	conn_refuse(c, req, len, OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT,
		    "output to a port the switch no longer has");
}

/* ---- batched flow adds and packet-outs ---- */

struct pending_add {
	struct conn *c;
	enum op op;		/* OP_FLOW_MOD or OP_PACKET_OUT */
	uint8_t quote[OFP_ERROR_QUOTE_LEN];
	size_t len;
	uint16_t outs[CVSW_MAX_ACTIONS];	/* a packet-out's output ports */
	unsigned n_outs;
	int err;		/* the datapath's refusal, 0 = none (yet) */
	char msg[200];
};

static struct {
	struct agent *ag;
	struct cvsw_batch *b;	/* created at the second request */
	struct cvsw_flow first;	/* a lone flow goes without a batch */
	struct pending_add *items;
	size_t n, cap;
} batch;

/* A queued request the datapath refused: its ERROR. */
static void batch_refuse(struct pending_add *pa, int err, const char *msg)
{
	char why[300];

	if (pa->op == OP_PACKET_OUT && ports_gone(batch.ag, pa->outs, pa->n_outs, err)) {
		refuse_gone(pa->c, pa->quote, pa->len);
		return;
	}
	for (size_t i = 0; i < N_ELEM(errno_map); i++)
		if (errno_map[i].op == pa->op &&
		    (errno_map[i].err == err || !errno_map[i].err)) {
			snprintf(why, sizeof(why), "datapath: %s", msg && *msg ? msg :
				 strerror(-err));
			conn_refuse(pa->c, pa->quote, pa->len, errno_map[i].type,
				    errno_map[i].code, why);
			return;
		}
}

/* Only kept here: the batch is still collecting acks on the handle, so
 * what needs a request of its own (ports_gone) waits for the finish. */
static int batch_error(size_t index, int err, const char *msg, void *arg)
{
	struct pending_add *pa;

	(void)arg;
	if (index >= batch.n)
		return 0;
	pa = &batch.items[index];
	pa->err = err;
	snprintf(pa->msg, sizeof(pa->msg), "%s", msg ? msg : "");
	return 0;
}

void handlers_flush(struct agent *ag)
{
	struct cvsw_batch_result res;
	int r;

	if (batch.n == 1 && !batch.b) {
		/* ovs-ofctl sends a BARRIER after each flow: one flow is
		 * one request, without a batch's buffers */
		r = cvsw_flow_add(ag->h, ag->dev, &batch.first);
		if (r && output_port_gone(ag, batch.first.actions,
					  batch.first.n_actions, r))
			refuse_gone(batch.items[0].c, batch.items[0].quote,
				    batch.items[0].len);
		else if (r)
			batch_refuse(&batch.items[0], r, cvsw_last_error(ag->h));
		batch.n = 0;
		return;
	}
	if (!batch.b)
		return;
	r = cvsw_batch_finish(batch.b, &res);
	if (r && !res.n_failed)
		log_msg(LOG_WARN, "batch: %s", cvsw_last_error(ag->h));
	log_msg(LOG_DBG, "batch: %zu sent, %zu done, %zu refused, %u sendmsg",
		res.n_sent, res.n_ok, res.n_failed, res.n_sendmsg);
	cvsw_batch_free(batch.b);
	batch.b = NULL;
	for (size_t i = 0; i < batch.n && res.n_failed; i++)
		if (batch.items[i].err)
			batch_refuse(&batch.items[i], batch.items[i].err,
				     batch.items[i].msg);
	batch.n = 0;
}

/* The batch, created if needed (with a lone flow queued before it). */
static int batch_open(struct agent *ag)
{
	if (batch.b)
		return 0;
	batch.b = cvsw_batch_new(ag->h, ag->dev, CVSW_BATCH_SPARSE_ACK,
				 batch_error, NULL);
	if (!batch.b)
		return -ENOMEM;
	batch.ag = ag;
	return batch.n ? cvsw_batch_add(batch.b, &batch.first) : 0;
}

/* A new pending request of c (its quote kept for an error), or NULL. */
static struct pending_add *batch_item(struct conn *c, enum op op,
				      const uint8_t *req, size_t len)
{
	struct pending_add *pa;

	if (batch.n == batch.cap) {
		size_t cap = batch.cap ? 2 * batch.cap : 1024;
		struct pending_add *p = realloc(batch.items, cap * sizeof(*p));

		if (!p)
			return NULL;
		batch.items = p;
		batch.cap = cap;
	}
	pa = &batch.items[batch.n++];
	pa->c = c;
	pa->op = op;
	pa->n_outs = 0;
	pa->err = 0;
	pa->len = len < sizeof(pa->quote) ? len : sizeof(pa->quote);
	memcpy(pa->quote, req, pa->len);
	return pa;
}

static int batch_add(struct conn *c, const uint8_t *req, size_t len,
		     const struct cvsw_flow *f)
{
	int r = 0;

	/* a lone flow (ovs-ofctl's, a BARRIER after each) goes without a
	 * batch: one request, not a device lookup and a batch's buffers */
	if (batch.n == 1 && !batch.b)
		r = batch_open(c->ag);
	if (r)
		return r;
	if (!batch_item(c, OP_FLOW_MOD, req, len))
		return -ENOMEM;
	if (!batch.b) {
		batch.first = *f;
		return 0;
	}
	return cvsw_batch_add(batch.b, f);
}

static int batch_packet_out(struct conn *c, const uint8_t *req, size_t len,
			    uint16_t in_port, const struct cvsw_action *acts,
			    unsigned n, const uint8_t *data, size_t dlen)
{
	struct pending_add *pa;
	int r = batch_open(c->ag);

	if (r)
		return r;
	pa = batch_item(c, OP_PACKET_OUT, req, len);
	if (!pa)
		return -ENOMEM;
	pa->n_outs = output_ports(acts, n, pa->outs);
	r = cvsw_batch_packet_out(batch.b, in_port, acts, n, data, dlen);
	if (r)
		batch.n--;	/* not queued: refused by the caller */
	return r;
}

static void batch_exit(void)
{
	if (batch.b)
		cvsw_batch_free(batch.b);
	free(batch.items);
	memset(&batch, 0, sizeof(batch));
}

/* ---- stats replies split at 64 KiB ---- */

struct reply {
	struct conn *c;
	struct ofbuf *b;
	size_t start;
	uint32_t xid;
	enum of_stats_kind kind;
	struct ofbuf tail;	/* an entry moving to the next message */
};

static void reply_begin(struct reply *r)
{
	ofbuf_clear(r->b);
	r->start = of_stats_reply_start(r->b, r->xid, r->kind, 0);
}

static void reply_send(struct reply *r)
{
	if (of_msg_finish(r->b, r->start)) {
		log_limited("encode", LOG_WARN, "%s: statistics reply too large",
			    r->c->name);
		return;
	}
	conn_send(r->c, r->b->data, r->b->len);
	/* a long dump leaves as it is made */
	if (r->c->tx.len >= TX_FLUSH_AT)
		conn_flush(r->c);
}

/* After an entry written from `at`: keep messages within 64 KiB. */
static void reply_entry_done(struct reply *r, size_t at)
{
	if (r->b->len - r->start <= OFP_MAX_MSG_LEN)
		return;
	ofbuf_clear(&r->tail);
	ofbuf_put(&r->tail, r->b->data + at, r->b->len - at);
	r->b->len = at;
	wr16(r->b->data + r->start + 10, OFPSF_REPLY_MORE);
	reply_send(r);
	reply_begin(r);
	ofbuf_put(r->b, r->tail.data, r->tail.len);
}

static void reply_init(struct reply *r, struct conn *c, uint32_t xid,
		       enum of_stats_kind kind)
{
	memset(r, 0, sizeof(*r));
	r->c = c;
	r->b = &c->ag->scratch;
	r->xid = xid;
	r->kind = kind;
	ofbuf_init(&r->tail);
	reply_begin(r);
}

static void reply_end(struct reply *r)
{
	reply_send(r);
	ofbuf_free(&r->tail);
}

/* ---- checks shared by flow-mods and packet-outs ---- */

/* OpenFlow's LOCAL port is the host port here. */
static void map_in_port(struct cvsw_match *m)
{
	if ((m->present & CVSW_M_IN_PORT) && m->in_port == OFPP_LOCAL)
		m->in_port = CVSW_PORT_HOST;
}

static bool check_actions(struct conn *c, const uint8_t *req, size_t len,
			  const struct cvsw_action *acts, unsigned n, bool packet_out)
{
	for (unsigned i = 0; i < n; i++) {
		if (acts[i].type == CVSW_ACT_OUTPUT &&
		    !port_output_ok(c->ag, acts[i].u.output.port, packet_out)) {
			conn_refuse(c, req, len, OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT,
				    "output to a port the switch does not have");
			return false;
		}
		if (acts[i].type == CVSW_ACT_ENQUEUE) {
			conn_refuse(c, req, len, OFPET_BAD_ACTION, OFPBAC_BAD_QUEUE,
				    "no queue is configured on this switch");
			return false;
		}
	}
	return true;
}

/*
 * A packet-out's in_port and actions as the datapath takes them. The
 * datapath deems a packet from nowhere to come from the host port, where
 * an output to that port would be dropped as one to the input port;
 * OpenFlow's packet came from no port, so its outputs to the host port
 * are IN_PORT outputs there. The mapped actions live until the next call.
 */
static const struct cvsw_action *map_packet_out(uint16_t *in_port,
						const struct cvsw_action *acts,
						unsigned n)
{
	static struct cvsw_action mapped[CVSW_MAX_ACTIONS];

	if (*in_port == OFPP_NONE || *in_port == OFPP_CONTROLLER) {
		*in_port = CVSW_PORT_NONE;
		memcpy(mapped, acts, n * sizeof(*acts));
		for (unsigned i = 0; i < n; i++)
			if (mapped[i].type == CVSW_ACT_OUTPUT &&
			    (mapped[i].u.output.port == CVSW_PORT_HOST ||
			     mapped[i].u.output.port == OFPP_LOCAL))
				mapped[i].u.output.port = CVSW_PORT_IN_PORT;
		return mapped;
	}
	if (*in_port == OFPP_LOCAL)
		*in_port = CVSW_PORT_HOST;
	return acts;
}

/* Runs `actions` on a packet now (a flow-mod's buffer). */
static int packet_out(struct conn *c, uint16_t in_port, const struct cvsw_action *acts,
		      unsigned n, const uint8_t *data, size_t len)
{
	acts = map_packet_out(&in_port, acts, n);
	return cvsw_packet_out(c->ag->h, c->ag->dev, in_port, acts, n, data, len);
}

/* The buffered packet of a flow-mod goes through the table. */
static void flow_mod_buffer(struct conn *c, const uint8_t *req, size_t len,
			    uint32_t buffer_id)
{
	struct cvsw_action table = { .type = CVSW_ACT_OUTPUT };
	uint16_t in_port;
	uint8_t *data;
	size_t dlen;
	int r;

	r = pktbuf_take(&c->ag->pb, buffer_id, now_s(), &in_port, &data, &dlen);
	if (r) {
		conn_refuse(c, req, len, OFPET_BAD_REQUEST,
			    r == -EALREADY ? OFPBRC_BUFFER_EMPTY : OFPBRC_BUFFER_UNKNOWN,
			    r == -EALREADY ? "the buffered packet was already used" :
			    "no such buffered packet (unknown or aged out)");
		return;
	}
	table.u.output.port = CVSW_PORT_TABLE;
	r = packet_out(c, in_port, &table, 1, data, dlen);
	free(data);
	if (r)
		refuse_errno(c, req, len, OP_PACKET_OUT, r);
}

/* ---- handlers ---- */

static void h_hello(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	static const char incompatible[] = "cvsw-ofagent speaks OpenFlow 1.0 (0x01) only";
	struct ofmsg e = { .version = OFP10_VERSION, .type = OFPT_ERROR, .xid = m->xid };

	(void)p;
	(void)len;
	if (c->negotiated)
		return;
	if (!(m->u.hello.versions & (1u << OFP10_VERSION))) {
		e.u.error.type = OFPET_HELLO_FAILED;
		e.u.error.code = OFPHFC_INCOMPATIBLE;
		e.u.error.data = (const uint8_t *)incompatible;
		e.u.error.len = sizeof(incompatible) - 1;
		conn_send_msg(c, &e);
		conn_close(c, "version negotiation failed: the peer offers 0x%x (%s), not 1.0",
			   m->u.hello.versions, m->u.hello.has_bitmap ? "bitmap" : "header");
		return;
	}
	c->negotiated = true;
	log_msg(LOG_INFO, "%s: connected, negotiated OpenFlow 1.0 (peer HELLO version 0x%02x%s)",
		c->name, m->version, m->u.hello.has_bitmap ? " with a version bitmap" : "");
	if (c->ctl >= 0)
		c->ag->ctls[c->ctl].backoff = 1;
	agent_update_miss(c->ag, now_s());
}

static void h_echo_request(struct conn *c, const uint8_t *p, size_t len,
			   struct ofmsg *m)
{
	(void)p;
	(void)len;
	m->type = OFPT_ECHO_REPLY;
	conn_send_msg(c, m);
}

/* the inactivity probe's answer (arriving is enough) or packet-in pacing's */
static void h_echo_reply(struct conn *c, const uint8_t *p, size_t len,
			 struct ofmsg *m)
{
	(void)p;
	(void)len;
	pinpace_echo_reply(c, m->xid, now_s());
}

static void h_error(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	(void)p;
	(void)len;
	log_limited("peer error", LOG_WARN, "%s: the controller reports error type %u code 0x%x (xid %u)",
		    c->name, m->u.error.type, m->u.error.code, m->xid);
}

static void h_not_for_switch(struct conn *c, const uint8_t *p, size_t len,
			     struct ofmsg *m)
{
	(void)m;
	conn_refuse(c, p, len, OFPET_BAD_REQUEST,
		    p[1] == OFPT_VENDOR ? OFPBRC_BAD_SUBTYPE : OFPBRC_BAD_TYPE,
		    "a message a switch sends, not one it handles");
}

static void h_features(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct agent *ag = c->ag;
	struct of_features *f = &m->u.features;
	int r = ports_refresh(ag);

	if (r) {
		refuse_errno(c, p, len, OP_OTHER, r);
		return;
	}
	m->type = OFPT_FEATURES_REPLY;
	memset(f, 0, sizeof(*f));
	f->datapath_id = ag->dpid;
	f->n_buffers = PKTBUF_N;
	f->n_tables = 1;
	f->capabilities = OFPC_FLOW_STATS | OFPC_TABLE_STATS | OFPC_PORT_STATS |
			  OFPC_QUEUE_STATS | OFPC_ARP_MATCH_IP;
	/* every OFPAT_* but ENQUEUE (no queues) */
	f->actions = ((1u << (OFPAT_ENQUEUE + 1)) - 1) & ~(1u << OFPAT_ENQUEUE);
	for (unsigned i = 0; i < ag->n_ports; i++)
		port_describe(ag, &ag->ports[i], &f->ports[f->n_ports++]);
	conn_send_msg(c, m);
}

static void h_get_config(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	(void)p;
	(void)len;
	m->type = OFPT_GET_CONFIG_REPLY;
	m->u.config.flags = OFPC_FRAG_NORMAL;
	m->u.config.miss_send_len = c->miss_send_len;
	conn_send_msg(c, m);
}

static void h_set_config(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	(void)p;
	(void)len;
	/* fragments are handled normally: a request for drop or reassembly
	 * is not honoured (OpenFlow 1.0 has no error for it; GET_CONFIG
	 * tells the truth) */
	if ((m->u.config.flags & OFPC_FRAG_MASK) != OFPC_FRAG_NORMAL)
		log_limited("frag", LOG_INFO, "%s: fragment handling stays normal (asked 0x%x)",
			    c->name, m->u.config.flags);
	c->miss_send_len = m->u.config.miss_send_len;
}

static void h_packet_out(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_packet_out *po = &m->u.packet_out;
	const struct cvsw_action *acts;
	uint8_t *data = NULL;
	size_t dlen = po->len;
	uint16_t in_port;
	int r;

	if (po->in_port != OFPP_NONE && po->in_port != OFPP_CONTROLLER &&
	    po->in_port != OFPP_LOCAL && !port_lookup(c->ag, po->in_port)) {
		conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_EPERM,
			    "packet-out from a port the switch does not have");
		return;
	}
	if (!check_actions(c, p, len, po->actions, po->n_actions, true))
		return;
	if (po->buffer_id != OFP_NO_BUFFER) {
		r = pktbuf_take(&c->ag->pb, po->buffer_id, now_s(), &in_port, &data, &dlen);
		if (r) {
			conn_refuse(c, p, len, OFPET_BAD_REQUEST,
				    r == -EALREADY ? OFPBRC_BUFFER_EMPTY : OFPBRC_BUFFER_UNKNOWN,
				    r == -EALREADY ? "the buffered packet was already used" :
				    "no such buffered packet (unknown or aged out)");
			return;
		}
	} else if (!po->len) {
		conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN,
			    "packet-out without a buffer or a packet");
		return;
	}
	in_port = po->in_port;
	acts = map_packet_out(&in_port, po->actions, po->n_actions);
	r = batch_packet_out(c, p, len, in_port, acts, po->n_actions,
			     data ? data : po->data, dlen);
	free(data);
	if (r)
		refuse_errno(c, p, len, OP_PACKET_OUT, r);
}

static void h_flow_mod(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_flow_mod *fm = &m->u.flow_mod;
	struct cvsw_flow *f = &fm->flow;
	bool del = fm->command == OFPFC_DELETE || fm->command == OFPFC_DELETE_STRICT;
	int r;

	if (fm->emerg) {
		/* the emergency table holds no flow; one with a timeout is the
		 * error the specification names */
		if (f->idle_timeout || f->hard_timeout)
			conn_refuse(c, p, len, OFPET_FLOW_MOD_FAILED,
				    OFPFMFC_BAD_EMERG_TIMEOUT,
				    "an emergency flow cannot have a timeout");
		else
			conn_refuse(c, p, len, OFPET_FLOW_MOD_FAILED,
				    OFPFMFC_ALL_TABLES_FULL,
				    "no emergency flow table on this switch");
		return;
	}
	if (fm->table_id && !(del && fm->table_id == OFPTT_ALL)) {
		conn_refuse(c, p, len, OFPET_BAD_REQUEST, NXBRC_BAD_TABLE_ID,
			    "this switch has one table, table 0");
		return;
	}
	map_in_port(&f->match);
	if (!del && !check_actions(c, p, len, f->actions, f->n_actions, false))
		return;
	if (fm->command == OFPFC_ADD && fm->buffer_id == OFP_NO_BUFFER) {
		f->out_port = CVSW_PORT_NONE;
		r = batch_add(c, p, len, f);
		if (r)
			refuse_errno(c, p, len, OP_FLOW_MOD, r);
		return;
	}
	handlers_flush(c->ag);
	switch (fm->command) {
	case OFPFC_ADD:
		f->out_port = CVSW_PORT_NONE;
		r = cvsw_flow_add(c->ag->h, c->ag->dev, f);
		break;
	case OFPFC_MODIFY:
	case OFPFC_MODIFY_STRICT:
		f->out_port = CVSW_PORT_NONE;
		r = cvsw_flow_mod(c->ag->h, c->ag->dev, f,
				  fm->command == OFPFC_MODIFY_STRICT);
		break;
	default:
		f->has_actions = false;
		f->n_actions = 0;
		r = cvsw_flow_del(c->ag->h, c->ag->dev, f,
				  fm->command == OFPFC_DELETE_STRICT);
		if (r == -ENOENT)	/* deleting nothing is no error */
			r = 0;
		break;
	}
	if (r && !del && output_port_gone(c->ag, f->actions, f->n_actions, r)) {
		refuse_gone(c, p, len);
		return;
	}
	if (r) {
		refuse_errno(c, p, len, OP_FLOW_MOD, r);
		return;
	}
	if (!del && fm->buffer_id != OFP_NO_BUFFER)
		flow_mod_buffer(c, p, len, fm->buffer_id);
}

static void send_port_status(struct agent *ag, const struct port *port, uint8_t reason)
{
	struct ofmsg m = { .version = OFP10_VERSION, .type = OFPT_PORT_STATUS };

	m.u.port_status.reason = reason;
	port_describe(ag, port, &m.u.port_status.port);
	for_each_ready_conn(ag, c) {
		m.xid = c->next_xid++;
		conn_send_msg(c, &m);
	}
}

static void h_port_mod(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_port_mod *pm = &m->u.port_mod;
	struct port *port = port_lookup(c->ag, pm->port_no);
	uint32_t change;

	if (!port) {
		conn_refuse(c, p, len, OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_PORT,
			    "no such port");
		return;
	}
	if (memcmp(pm->hw_addr, c->ag->info.mac, 6)) {
		conn_refuse(c, p, len, OFPET_PORT_MOD_FAILED, OFPPMFC_BAD_HW_ADDR,
			    "hw_addr is not the port's");
		return;
	}
	change = pm->mask & (pm->config ^ port->config);
	if (change & ~(uint32_t)OFPPC_NO_PACKET_IN) {
		/* PORT_DOWN, NO_RECV, NO_FWD, NO_FLOOD, STP: not in the datapath */
		conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_EPERM,
			    "the datapath cannot honour this port config (only "
			    "NO_PACKET_IN can change)");
		return;
	}
	if (!change)
		return;
	port->config ^= change;
	log_msg(LOG_INFO, "%s: port %u config 0x%x", c->name, port->no, port->config);
	send_port_status(c->ag, port, OFPPR_MODIFY);
}

/* ---- statistics ---- */

struct flow_walk {
	struct reply r;
	bool nxm;
	bool aggregate;
	struct of_aggregate_stats agg;
	unsigned skipped;
};

static int flow_cb(const struct cvsw_flow *flow, void *arg)
{
	struct flow_walk *w = arg;
	struct of_flow_stats fs;
	size_t at;

	if (w->aggregate) {
		w->agg.packets += flow->packets;
		w->agg.bytes += flow->bytes;
		w->agg.flows++;
		return 0;
	}
	fs.flow = *flow;
	fs.table_id = 0;
	at = w->r.b->len;
	if (of_put_flow_stats(w->r.b, &fs, w->nxm)) {
		w->skipped++;
		return 0;
	}
	reply_entry_done(&w->r, at);
	return 0;
}

static void stats_flows(struct conn *c, const uint8_t *p, size_t len,
			struct of_stats_request *rq, uint32_t xid)
{
	struct flow_walk w;
	struct cvsw_flow filter;
	int r = 0;

	memset(&w, 0, sizeof(w));
	w.nxm = rq->kind == OF_ST_NX_FLOW || rq->kind == OF_ST_NX_AGGREGATE;
	w.aggregate = rq->kind == OF_ST_AGGREGATE || rq->kind == OF_ST_NX_AGGREGATE;
	cvsw_flow_init(&filter);
	filter.match = rq->u.flow.match;
	map_in_port(&filter.match);
	filter.out_port = rq->u.flow.out_port;
	reply_init(&w.r, c, xid, rq->kind);
	if (rq->u.flow.table_id == 0 || rq->u.flow.table_id == OFPTT_ALL)
		r = cvsw_flow_dump(c->ag->h, c->ag->dev, &filter, flow_cb, &w);
	if (r) {
		ofbuf_free(&w.r.tail);
		refuse_errno(c, p, len, OP_OTHER, r);
		return;
	}
	if (w.aggregate)
		of_put_aggregate_stats(w.r.b, &w.agg);
	if (w.skipped)
		log_limited("skipped", LOG_WARN, "%s: %u flows NXM cannot describe left out of a dump",
			    c->name, w.skipped);
	reply_end(&w.r);
}

static void h_stats(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_stats_request *rq = &m->u.stats_request;
	struct agent *ag = c->ag;
	struct reply r;
	int e;

	switch (rq->kind) {
	case OF_ST_FLOW:
	case OF_ST_AGGREGATE:
	case OF_ST_NX_FLOW:
	case OF_ST_NX_AGGREGATE:
		stats_flows(c, p, len, rq, m->xid);
		return;
	case OF_ST_DESC: {
		struct of_desc_stats d;

		memset(&d, 0, sizeof(d));
		snprintf(d.mfr, sizeof(d.mfr), "The CVSW project");
		snprintf(d.hw, sizeof(d.hw), "cvsw_net virtio-net vNIC datapath");
		snprintf(d.sw, sizeof(d.sw), "%s %s", AGENT_NAME, PACKAGE_VERSION);
		snprintf(d.serial, sizeof(d.serial), "None");
		snprintf(d.dp, sizeof(d.dp), "%s", ag->dev);
		reply_init(&r, c, m->xid, rq->kind);
		of_put_desc_stats(r.b, &d);
		reply_end(&r);
		return;
	}
	case OF_ST_TABLE: {
		struct cvsw_table_stats t;
		struct of_table_stats ot;

		e = cvsw_stats_get(ag->h, ag->dev, &t, NULL, 0, NULL);
		if (e) {
			refuse_errno(c, p, len, OP_OTHER, e);
			return;
		}
		memset(&ot, 0, sizeof(ot));
		snprintf(ot.name, sizeof(ot.name), "classifier");
		ot.wildcards = 0x3fffff;	/* every OFPFW_* field */
		ot.max_entries = t.max_entries;
		ot.active = t.active;
		ot.lookups = t.lookups;
		ot.matched = t.matched;
		reply_init(&r, c, m->xid, rq->kind);
		of_put_table_stats(r.b, &ot);
		reply_end(&r);
		return;
	}
	case OF_ST_PORT: {
		struct cvsw_port_stats ps[MAX_PORTS];
		unsigned n = 0;

		e = cvsw_stats_get(ag->h, ag->dev, NULL, ps, MAX_PORTS, &n);
		if (e) {
			refuse_errno(c, p, len, OP_OTHER, e);
			return;
		}
		reply_init(&r, c, m->xid, rq->kind);
		for (unsigned i = 0; i < n && i < MAX_PORTS; i++) {
			struct of_port_stats o;

			if (rq->u.port_no != OFPP_NONE && rq->u.port_no != ps[i].port)
				continue;
			memset(&o, 0, sizeof(o));
			o.port_no = ps[i].port;
			o.c[0] = ps[i].rx_packets;
			o.c[1] = ps[i].tx_packets;
			o.c[2] = ps[i].rx_bytes;
			o.c[3] = ps[i].tx_bytes;
			o.c[4] = ps[i].dropped;	/* rx_dropped: dropped by the datapath */
			of_put_port_stats(r.b, &o);
		}
		reply_end(&r);
		return;
	}
	case OF_ST_QUEUE:
		if (rq->u.queue.port_no != OFPP_ALL && !port_lookup(ag, rq->u.queue.port_no)) {
			conn_refuse(c, p, len, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT,
				    "no such port");
			return;
		}
		if (rq->u.queue.queue_id != OFPQ_ALL) {
			conn_refuse(c, p, len, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_QUEUE,
				    "no queue is configured on this switch");
			return;
		}
		reply_init(&r, c, m->xid, rq->kind);
		reply_end(&r);
		return;
	}
}

static void h_barrier(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	(void)p;
	(void)len;
	/* everything before it is done: requests run in order, and pending
	 * flow adds were flushed before this handler ran */
	m->type = OFPT_BARRIER_REPLY;
	conn_send_msg(c, m);
}

static void h_queue_config(struct conn *c, const uint8_t *p, size_t len,
			   struct ofmsg *m)
{
	uint16_t port = m->u.queue_config.port;

	if (port >= OFPP_MAX || !port_lookup(c->ag, port)) {
		conn_refuse(c, p, len, OFPET_QUEUE_OP_FAILED, OFPQOFC_BAD_PORT,
			    "no such port");
		return;
	}
	m->type = OFPT_QUEUE_GET_CONFIG_REPLY;
	m->u.queue_config.n_queues = 0;
	conn_send_msg(c, m);
}

static void h_vendor(struct conn *c, const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_nx *nx = &m->u.nx;

	switch (nx->subtype) {
	case NXT_SET_FLOW_FORMAT:
		if (nx->u.format != NXFF_OPENFLOW10 && nx->u.format != NXFF_NXM) {
			conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_EPERM,
				    "flow format is OpenFlow 1.0 or NXM");
			return;
		}
		c->nxm = nx->u.format == NXFF_NXM;
		log_msg(LOG_DBG, "%s: flow format %s", c->name, c->nxm ? "NXM" : "OpenFlow 1.0");
		return;
	case NXT_SET_PACKET_IN_FORMAT:
		if (nx->u.format != NXPIF_STANDARD)
			conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_EPERM,
				    "only the standard packet-in format");
		return;
	case NXT_FLOW_MOD_TABLE_ID:
		c->st.flow_mod_table_id = nx->u.set;
		return;
	default:
		conn_refuse(c, p, len, OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE,
			    "unsupported Nicira message");
	}
}

typedef void (*handler_fn)(struct conn *c, const uint8_t *p, size_t len,
			   struct ofmsg *m);

static const handler_fn handlers[OFPT_N_TYPES] = {
	[OFPT_HELLO] = h_hello,
	[OFPT_ERROR] = h_error,
	[OFPT_ECHO_REQUEST] = h_echo_request,
	[OFPT_ECHO_REPLY] = h_echo_reply,
	[OFPT_VENDOR] = h_vendor,
	[OFPT_FEATURES_REQUEST] = h_features,
	[OFPT_FEATURES_REPLY] = h_not_for_switch,
	[OFPT_GET_CONFIG_REQUEST] = h_get_config,
	[OFPT_GET_CONFIG_REPLY] = h_not_for_switch,
	[OFPT_SET_CONFIG] = h_set_config,
	[OFPT_PACKET_IN] = h_not_for_switch,
	[OFPT_FLOW_REMOVED] = h_not_for_switch,
	[OFPT_PORT_STATUS] = h_not_for_switch,
	[OFPT_PACKET_OUT] = h_packet_out,
	[OFPT_FLOW_MOD] = h_flow_mod,
	[OFPT_PORT_MOD] = h_port_mod,
	[OFPT_STATS_REQUEST] = h_stats,
	[OFPT_STATS_REPLY] = h_not_for_switch,
	[OFPT_BARRIER_REQUEST] = h_barrier,
	[OFPT_BARRIER_REPLY] = h_not_for_switch,
	[OFPT_QUEUE_GET_CONFIG_REQUEST] = h_queue_config,
	[OFPT_QUEUE_GET_CONFIG_REPLY] = h_not_for_switch,
};

void handle_message(struct conn *c, const uint8_t *p, size_t len)
{
	static struct ofmsg m;	/* large (flows with 64 actions): not on the stack */
	struct of_err err;
	bool batched;

	if (of_decode(p, len, &c->st, &m, &err)) {
		handlers_flush(c->ag);
		conn_refuse(c, p, len, err.type, err.code, err.why);
		return;
	}
	log_msg(LOG_DBG, "%s: received %s (xid %u, %zu bytes)", c->name,
		of_type_name(p, len), m.xid, len);
	if (!c->negotiated && m.type != OFPT_HELLO) {
		/* the controller spoke before HELLO: it speaks 1.0 (the
		 * decoder checked the version), so take that as its HELLO */
		m.u.hello.versions = 1u << OFP10_VERSION;
		h_hello(c, p, len, &m);
		if (of_decode(p, len, &c->st, &m, &err))
			return;
	}
	/* what joins the batch: flow adds without a buffer, packet-outs */
	batched = (m.type == OFPT_FLOW_MOD && m.u.flow_mod.command == OFPFC_ADD &&
		   m.u.flow_mod.buffer_id == OFP_NO_BUFFER) ||
		  m.type == OFPT_PACKET_OUT;
	if (!batched)
		handlers_flush(c->ag);
	handlers[m.type](c, p, len, &m);
}

void handlers_exit(void)
{
	batch_exit();
}
