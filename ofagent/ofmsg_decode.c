// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Decoding of OpenFlow 1.0 messages: one descriptor per OFPT_* (name,
 * smallest length, whether that length is exact, the body decoder).
 * Every length is checked before a byte is read.
 */
#include <string.h>

#include "cvsw_of10.h"
#include "ofmsg.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define PAD8(n) (((n) + 7) & ~(size_t)7)

static int fail(struct of_err *err, uint16_t type, uint16_t code, const char *why)
{
	err->type = type;
	err->code = code;
	err->why = why;
	return -1;
}

static int bad_len(struct of_err *err, const char *why)
{
	return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_LEN, why);
}

void of_match_err(int match_error, const char *why, struct of_err *err)
{
	static const uint16_t codes[] = {
		[CVSW_OF10_MATCH_INVALID] = NXBRC_NXM_INVALID,
		[CVSW_OF10_MATCH_BAD_TYPE] = NXBRC_NXM_BAD_TYPE,
		[CVSW_OF10_MATCH_BAD_VALUE] = NXBRC_NXM_BAD_VALUE,
		[CVSW_OF10_MATCH_BAD_MASK] = NXBRC_NXM_BAD_MASK,
		[CVSW_OF10_MATCH_BAD_PREREQ] = NXBRC_NXM_BAD_PREREQ,
		[CVSW_OF10_MATCH_DUP_TYPE] = NXBRC_NXM_DUP_TYPE,
	};

	err->type = OFPET_BAD_REQUEST;
	err->code = (match_error > 0 && (size_t)match_error < N_ELEM(codes)) ?
		    codes[match_error] : NXBRC_NXM_INVALID;
	err->why = why ? why : "bad match";
}

static int of10_match(const uint8_t *p, struct cvsw_match *m, struct of_err *err)
{
	const char *why = NULL;
	int r = cvsw_of10_match_decode(p, m, &why);

	if (r)
		of_match_err(r, why, err);
	return r ? -1 : 0;
}

static int nxm_match(const uint8_t *p, size_t len, struct cvsw_match *m,
		     struct of_err *err)
{
	const char *why = NULL;
	int r = cvsw_nxm_decode(p, len, m, &why);

	if (r)
		of_match_err(r, why, err);
	return r ? -1 : 0;
}

void of_port_decode(const uint8_t *p, struct of_port *port)
{
	port->port_no = rd16(p);
	memcpy(port->hw_addr, p + 2, 6);
	memcpy(port->name, p + 8, 16);
	port->name[15] = '\0';
	port->config = rd32(p + 24);
	port->state = rd32(p + 28);
	port->curr = rd32(p + 32);
	port->advertised = rd32(p + 36);
	port->supported = rd32(p + 40);
	port->peer = rd32(p + 44);
}

/* ---- message bodies: (p, len) is the whole message ---- */

static int dec_hello(const uint8_t *p, size_t len, struct ofmsg *m,
		     struct of_err *err)
{
	size_t off = OFP_HEADER_LEN;
	unsigned v = m->version > 31 ? 31 : m->version;

	m->u.hello.versions = v ? (uint32_t)((2ull << v) - 2) : 0;
	m->u.hello.has_bitmap = false;
	while (len - off >= OFP_HELLO_ELEM_LEN) {
		unsigned type = rd16(p + off), elen = rd16(p + off + 2);

		if (elen < OFP_HELLO_ELEM_LEN || elen > len - off)
			return bad_len(err, "bad HELLO element length");
		if (type == OFPHET_VERSIONBITMAP && elen >= 8 &&
		    !m->u.hello.has_bitmap) {
			m->u.hello.versions = rd32(p + off + 4);
			m->u.hello.has_bitmap = true;
		}
		off += PAD8(elen) < len - off ? PAD8(elen) : len - off;
	}
	return 0;
}

static int dec_error(const uint8_t *p, size_t len, struct ofmsg *m)
{
	m->u.error.type = rd16(p + 8);
	m->u.error.code = rd16(p + 10);
	m->u.error.data = p + OFP_ERROR_MSG_LEN;
	m->u.error.len = len - OFP_ERROR_MSG_LEN;
	return 0;
}

static int dec_echo(const uint8_t *p, size_t len, struct ofmsg *m)
{
	m->u.echo.data = p + OFP_HEADER_LEN;
	m->u.echo.len = len - OFP_HEADER_LEN;
	return 0;
}

static int dec_nx_flow_mod(const uint8_t *p, size_t len,
			   const struct of_codec_state *st, struct ofmsg *m,
			   struct of_err *err)
{
	struct of_flow_mod *fm = &m->u.flow_mod;
	size_t mlen, aoff;
	uint16_t flags, command;

	if (len < NX_FLOW_MOD_LEN)
		return bad_len(err, "NXT_FLOW_MOD shorter than 48 bytes");
	mlen = rd16(p + 40);
	aoff = NX_FLOW_MOD_LEN + PAD8(mlen);
	if (aoff > len)
		return bad_len(err, "NXT_FLOW_MOD match overruns the message");
	m->type = OFPT_FLOW_MOD;
	memset(fm, 0, sizeof(*fm));
	cvsw_flow_init(&fm->flow);
	fm->nxm = true;
	fm->flow.cookie = rd64(p + 16);
	command = rd16(p + 24);
	if (st && st->flow_mod_table_id) {
		fm->table_id = (uint8_t)(command >> 8);
		command &= 0xff;
	}
	fm->command = command;
	fm->flow.idle_timeout = rd16(p + 26);
	fm->flow.hard_timeout = rd16(p + 28);
	fm->flow.priority = rd16(p + 30);
	fm->buffer_id = rd32(p + 32);
	fm->flow.out_port = rd16(p + 36);
	flags = rd16(p + 38);
	if (fm->command > OFPFC_DELETE_STRICT)
		return fail(err, OFPET_FLOW_MOD_FAILED, OFPFMFC_BAD_COMMAND,
			    "unknown flow-mod command");
	if (nxm_match(p + NX_FLOW_MOD_LEN, mlen, &fm->flow.match, err))
		return -1;
	fm->flow.flags = flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP);
	fm->emerg = (flags & OFPFF_EMERG) != 0;
	fm->flow.has_actions = true;
	return of_actions_decode(p + aoff, len - aoff, false, fm->flow.actions,
				 &fm->flow.n_actions, err);
}

static int dec_nx_flow_removed(const uint8_t *p, size_t len, struct ofmsg *m,
			       struct of_err *err)
{
	struct of_flow_removed *fr = &m->u.flow_removed;
	size_t mlen;

	if (len < NX_FLOW_REMOVED_LEN)
		return bad_len(err, "NXT_FLOW_REMOVED shorter than 56 bytes");
	mlen = rd16(p + 38);
	if (NX_FLOW_REMOVED_LEN + PAD8(mlen) != len)
		return bad_len(err, "NXT_FLOW_REMOVED length and match disagree");
	m->type = OFPT_FLOW_REMOVED;
	memset(fr, 0, sizeof(*fr));
	cvsw_flow_init(&fr->flow);
	fr->nxm = true;
	fr->flow.cookie = rd64(p + 16);
	fr->flow.priority = rd16(p + 24);
	fr->reason = p[26];
	fr->flow.duration_ms = (uint64_t)rd32(p + 28) * 1000 + rd32(p + 32) / 1000000;
	fr->flow.idle_timeout = rd16(p + 36);
	fr->flow.packets = rd64(p + 40);
	fr->flow.bytes = rd64(p + 48);
	return nxm_match(p + NX_FLOW_REMOVED_LEN, mlen, &fr->flow.match, err);
}

static int dec_vendor(const uint8_t *p, size_t len, const struct of_codec_state *st,
		      struct ofmsg *m, struct of_err *err)
{
	struct of_nx *nx = &m->u.nx;

	if (rd32(p + 8) != NX_VENDOR_ID)
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR,
			    "unknown vendor");
	if (len < NICIRA_HEADER_LEN)
		return bad_len(err, "Nicira message shorter than 16 bytes");
	nx->subtype = rd32(p + 12);
	switch (nx->subtype) {
	case NXT_SET_FLOW_FORMAT:
	case NXT_SET_PACKET_IN_FORMAT:
		if (len != NX_SET_FLOW_FORMAT_LEN)
			return bad_len(err, "Nicira format message is 20 bytes");
		nx->u.format = rd32(p + 16);
		return 0;
	case NXT_FLOW_MOD_TABLE_ID:
		if (len != NX_FLOW_MOD_TABLE_ID_LEN)
			return bad_len(err, "NXT_FLOW_MOD_TABLE_ID is 24 bytes");
		nx->u.set = p[16] != 0;
		return 0;
	case NXT_FLOW_MOD:
		return dec_nx_flow_mod(p, len, st, m, err);
	case NXT_FLOW_REMOVED:
		return dec_nx_flow_removed(p, len, m, err);
	default:
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE,
			    "unknown Nicira message");
	}
}

static int dec_features_reply(const uint8_t *p, size_t len, struct ofmsg *m,
			      struct of_err *err)
{
	struct of_features *f = &m->u.features;
	size_t n = (len - OFP_SWITCH_FEATURES_LEN) / OFP_PHY_PORT_LEN;

	if ((len - OFP_SWITCH_FEATURES_LEN) % OFP_PHY_PORT_LEN)
		return bad_len(err, "ports are not a multiple of 48 bytes");
	if (n > OF_MAX_PORTS)
		return bad_len(err, "more ports than the codec holds");
	f->datapath_id = rd64(p + 8);
	f->n_buffers = rd32(p + 16);
	f->n_tables = p[20];
	f->capabilities = rd32(p + 24);
	f->actions = rd32(p + 28);
	f->n_ports = (unsigned)n;
	for (size_t i = 0; i < n; i++)
		of_port_decode(p + OFP_SWITCH_FEATURES_LEN + i * OFP_PHY_PORT_LEN,
			       &f->ports[i]);
	return 0;
}

static int dec_config(const uint8_t *p, struct ofmsg *m)
{
	m->u.config.flags = rd16(p + 8);
	m->u.config.miss_send_len = rd16(p + 10);
	return 0;
}

static int dec_packet_in(const uint8_t *p, size_t len, struct ofmsg *m)
{
	struct of_packet_in *pi = &m->u.packet_in;

	pi->buffer_id = rd32(p + 8);
	pi->total_len = rd16(p + 12);
	pi->in_port = rd16(p + 14);
	pi->reason = p[16];
	pi->data = p + OFP_PACKET_IN_LEN;
	pi->len = len - OFP_PACKET_IN_LEN;
	return 0;
}

static int dec_flow_removed(const uint8_t *p, struct ofmsg *m, struct of_err *err)
{
	struct of_flow_removed *fr = &m->u.flow_removed;

	memset(fr, 0, sizeof(*fr));
	cvsw_flow_init(&fr->flow);
	if (of10_match(p + 8, &fr->flow.match, err))
		return -1;
	fr->flow.cookie = rd64(p + 48);
	fr->flow.priority = rd16(p + 56);
	fr->reason = p[58];
	fr->flow.duration_ms = (uint64_t)rd32(p + 60) * 1000 + rd32(p + 64) / 1000000;
	fr->flow.idle_timeout = rd16(p + 68);
	fr->flow.packets = rd64(p + 72);
	fr->flow.bytes = rd64(p + 80);
	return 0;
}

static int dec_port_status(const uint8_t *p, struct ofmsg *m)
{
	m->u.port_status.reason = p[8];
	of_port_decode(p + 16, &m->u.port_status.port);
	return 0;
}

static int dec_packet_out(const uint8_t *p, size_t len, struct ofmsg *m,
			  struct of_err *err)
{
	struct of_packet_out *po = &m->u.packet_out;
	size_t alen = rd16(p + 14);

	if (OFP_PACKET_OUT_LEN + alen > len)
		return bad_len(err, "PACKET_OUT actions overrun the message");
	po->buffer_id = rd32(p + 8);
	po->in_port = rd16(p + 12);
	po->data = p + OFP_PACKET_OUT_LEN + alen;
	po->len = len - OFP_PACKET_OUT_LEN - alen;
	return of_actions_decode(p + OFP_PACKET_OUT_LEN, alen, true, po->actions,
				 &po->n_actions, err);
}

static int dec_flow_mod(const uint8_t *p, size_t len, struct ofmsg *m,
			struct of_err *err)
{
	struct of_flow_mod *fm = &m->u.flow_mod;
	uint16_t flags;

	memset(fm, 0, sizeof(*fm));
	cvsw_flow_init(&fm->flow);
	fm->flow.cookie = rd64(p + 48);
	fm->command = rd16(p + 56);
	fm->flow.idle_timeout = rd16(p + 58);
	fm->flow.hard_timeout = rd16(p + 60);
	fm->flow.priority = rd16(p + 62);
	fm->buffer_id = rd32(p + 64);
	fm->flow.out_port = rd16(p + 68);
	flags = rd16(p + 70);
	if (fm->command > OFPFC_DELETE_STRICT)
		return fail(err, OFPET_FLOW_MOD_FAILED, OFPFMFC_BAD_COMMAND,
			    "unknown flow-mod command");
	if (of10_match(p + 8, &fm->flow.match, err))
		return -1;
	fm->flow.flags = flags & (OFPFF_SEND_FLOW_REM | OFPFF_CHECK_OVERLAP);
	fm->emerg = (flags & OFPFF_EMERG) != 0;
	fm->flow.has_actions = true;
	return of_actions_decode(p + OFP_FLOW_MOD_LEN, len - OFP_FLOW_MOD_LEN,
				 false, fm->flow.actions, &fm->flow.n_actions,
				 err);
}

static int dec_port_mod(const uint8_t *p, struct ofmsg *m)
{
	struct of_port_mod *pm = &m->u.port_mod;

	pm->port_no = rd16(p + 8);
	memcpy(pm->hw_addr, p + 10, 6);
	pm->config = rd32(p + 16);
	pm->mask = rd32(p + 20);
	pm->advertise = rd32(p + 24);
	return 0;
}

/* The flow stats request body of OFPST_FLOW/AGGREGATE (44 bytes). */
static int dec_flow_stats_req(const uint8_t *b, size_t blen,
			      struct of_flow_stats_request *r, struct of_err *err)
{
	if (blen != OFP_FLOW_STATS_REQUEST_LEN)
		return bad_len(err, "flow stats request body is 44 bytes");
	if (of10_match(b, &r->match, err))
		return -1;
	r->table_id = b[40];
	r->out_port = rd16(b + 42);
	return 0;
}

/* NXST_FLOW/AGGREGATE request body after the Nicira stats header. */
static int dec_nx_flow_stats_req(const uint8_t *b, size_t blen,
				 struct of_flow_stats_request *r,
				 struct of_err *err)
{
	size_t mlen;

	if (blen < NX_FLOW_STATS_REQUEST_LEN)
		return bad_len(err, "NXST flow request body shorter than 8 bytes");
	mlen = rd16(b + 2);
	if (NX_FLOW_STATS_REQUEST_LEN + PAD8(mlen) != blen)
		return bad_len(err, "NXST flow request length and match disagree");
	r->out_port = rd16(b);
	r->table_id = b[4];
	return nxm_match(b + NX_FLOW_STATS_REQUEST_LEN, mlen, &r->match, err);
}

/* The kind of a stats message and where its body starts. */
static int stats_kind(const uint8_t *p, size_t len, enum of_stats_kind *kind,
		      size_t *body, struct of_err *err)
{
	uint16_t type = rd16(p + 8);

	*body = OFP_STATS_MSG_LEN;
	if (type <= OFPST_QUEUE) {
		*kind = (enum of_stats_kind)type;
		return 0;
	}
	if (type != OFPST_VENDOR)
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT,
			    "unknown statistics type");
	if (len < OFP_STATS_MSG_LEN + 4)
		return bad_len(err, "vendor statistics without a vendor");
	if (rd32(p + 12) != NX_VENDOR_ID)
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR,
			    "unknown statistics vendor");
	if (len < NICIRA_STATS_MSG_LEN)
		return bad_len(err, "Nicira statistics shorter than 24 bytes");
	*body = NICIRA_STATS_MSG_LEN;
	switch (rd32(p + 16)) {
	case NXST_FLOW:
		*kind = OF_ST_NX_FLOW;
		return 0;
	case NXST_AGGREGATE:
		*kind = OF_ST_NX_AGGREGATE;
		return 0;
	default:
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE,
			    "unknown Nicira statistics");
	}
}

static int dec_stats_request(const uint8_t *p, size_t len, struct ofmsg *m,
			     struct of_err *err)
{
	struct of_stats_request *r = &m->u.stats_request;
	size_t off, blen;
	const uint8_t *b;

	memset(r, 0, sizeof(*r));
	if (stats_kind(p, len, &r->kind, &off, err))
		return -1;
	r->flags = rd16(p + 10);
	b = p + off;
	blen = len - off;
	switch (r->kind) {
	case OF_ST_DESC:
	case OF_ST_TABLE:
		return blen ? bad_len(err, "this statistics request has no body") : 0;
	case OF_ST_FLOW:
	case OF_ST_AGGREGATE:
		return dec_flow_stats_req(b, blen, &r->u.flow, err);
	case OF_ST_NX_FLOW:
	case OF_ST_NX_AGGREGATE:
		return dec_nx_flow_stats_req(b, blen, &r->u.flow, err);
	case OF_ST_PORT:
		if (blen != OFP_PORT_STATS_REQUEST_LEN)
			return bad_len(err, "port stats request body is 8 bytes");
		r->u.port_no = rd16(b);
		return 0;
	case OF_ST_QUEUE:
		if (blen != OFP_QUEUE_STATS_REQUEST_LEN)
			return bad_len(err, "queue stats request body is 8 bytes");
		r->u.queue.port_no = rd16(b);
		r->u.queue.queue_id = rd32(b + 4);
		return 0;
	}
	return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT, "unknown statistics");
}

static int dec_stats_reply(const uint8_t *p, size_t len, struct ofmsg *m,
			   struct of_err *err)
{
	struct of_stats_reply *r = &m->u.stats_reply;
	struct of_stats_iter it;
	size_t off;
	int more;

	memset(r, 0, sizeof(*r));
	if (stats_kind(p, len, &r->kind, &off, err))
		return -1;
	r->flags = rd16(p + 10);
	r->body = p + off;
	r->body_len = len - off;
	switch (r->kind) {
	case OF_ST_DESC:
		if (r->body_len != OFP_DESC_STATS_LEN)
			return bad_len(err, "description is 1056 bytes");
		r->n_entries = 1;
		return 0;
	case OF_ST_AGGREGATE:
	case OF_ST_NX_AGGREGATE:
		if (r->body_len != OFP_AGGREGATE_STATS_REPLY_LEN)
			return bad_len(err, "aggregate reply is 24 bytes");
		r->n_entries = 1;
		return 0;
	default:
		break;
	}
	/* entries: walk them all now, so that a decoded reply iterates
	 * without surprises */
	of_stats_iter_init(&it, r);
	for (;;) {
		union {
			struct of_flow_stats f;
			struct of_table_stats t;
			struct of_port_stats p;
			struct of_queue_stats q;
		} e;

		more = of_stats_next(&it, &e, err);
		if (more <= 0)
			break;
		r->n_entries++;
	}
	return more;
}

static int dec_queue_reply(const uint8_t *p, size_t len, struct ofmsg *m,
			   struct of_err *err)
{
	size_t off = OFP_QUEUE_GET_CONFIG_REPLY_LEN;

	m->u.queue_config.port = rd16(p + 8);
	m->u.queue_config.n_queues = 0;
	while (off < len) {
		size_t qlen;

		if (len - off < OFP_PACKET_QUEUE_LEN)
			return bad_len(err, "truncated queue");
		qlen = rd16(p + off + 4);
		if (qlen < OFP_PACKET_QUEUE_LEN || qlen > len - off)
			return bad_len(err, "bad queue length");
		off += qlen;
		m->u.queue_config.n_queues++;
	}
	return 0;
}

/* ---- the table ---- */

enum { EXACT = 1 };

struct of_msg_desc {
	const char *name;
	uint16_t min_len;
	bool exact;
};

static const struct of_msg_desc of_msgs[OFPT_N_TYPES] = {
	[OFPT_HELLO] = { "HELLO", 8, false },
	[OFPT_ERROR] = { "ERROR", 12, false },
	[OFPT_ECHO_REQUEST] = { "ECHO_REQUEST", 8, false },
	[OFPT_ECHO_REPLY] = { "ECHO_REPLY", 8, false },
	[OFPT_VENDOR] = { "VENDOR", 12, false },
	[OFPT_FEATURES_REQUEST] = { "FEATURES_REQUEST", 8, EXACT },
	[OFPT_FEATURES_REPLY] = { "FEATURES_REPLY", 32, false },
	[OFPT_GET_CONFIG_REQUEST] = { "GET_CONFIG_REQUEST", 8, EXACT },
	[OFPT_GET_CONFIG_REPLY] = { "GET_CONFIG_REPLY", 12, EXACT },
	[OFPT_SET_CONFIG] = { "SET_CONFIG", 12, EXACT },
	[OFPT_PACKET_IN] = { "PACKET_IN", 18, false },
	[OFPT_FLOW_REMOVED] = { "FLOW_REMOVED", 88, EXACT },
	[OFPT_PORT_STATUS] = { "PORT_STATUS", 64, EXACT },
	[OFPT_PACKET_OUT] = { "PACKET_OUT", 16, false },
	[OFPT_FLOW_MOD] = { "FLOW_MOD", 72, false },
	[OFPT_PORT_MOD] = { "PORT_MOD", 32, EXACT },
	[OFPT_STATS_REQUEST] = { "STATS_REQUEST", 12, false },
	[OFPT_STATS_REPLY] = { "STATS_REPLY", 12, false },
	[OFPT_BARRIER_REQUEST] = { "BARRIER_REQUEST", 8, EXACT },
	[OFPT_BARRIER_REPLY] = { "BARRIER_REPLY", 8, EXACT },
	[OFPT_QUEUE_GET_CONFIG_REQUEST] = { "QUEUE_GET_CONFIG_REQUEST", 12, EXACT },
	[OFPT_QUEUE_GET_CONFIG_REPLY] = { "QUEUE_GET_CONFIG_REPLY", 16, false },
};

static const char *const nx_names[] = {
	[NXT_SET_FLOW_FORMAT] = "NXT_SET_FLOW_FORMAT",
	[NXT_FLOW_MOD] = "NXT_FLOW_MOD",
	[NXT_FLOW_REMOVED] = "NXT_FLOW_REMOVED",
	[NXT_FLOW_MOD_TABLE_ID] = "NXT_FLOW_MOD_TABLE_ID",
	[NXT_SET_PACKET_IN_FORMAT] = "NXT_SET_PACKET_IN_FORMAT",
};

static const char *const stats_names[] = {
	[OF_ST_DESC] = "DESC", [OF_ST_FLOW] = "FLOW",
	[OF_ST_AGGREGATE] = "AGGREGATE", [OF_ST_TABLE] = "TABLE",
	[OF_ST_PORT] = "PORT", [OF_ST_QUEUE] = "QUEUE",
	[OF_ST_NX_FLOW] = "NXST_FLOW", [OF_ST_NX_AGGREGATE] = "NXST_AGGREGATE",
};

const char *of_type_name(const uint8_t *buf, size_t len)
{
	static const char *const stats_req[] = {
		"STATS_REQUEST DESC", "STATS_REQUEST FLOW",
		"STATS_REQUEST AGGREGATE", "STATS_REQUEST TABLE",
		"STATS_REQUEST PORT", "STATS_REQUEST QUEUE",
		"NXST_FLOW request", "NXST_AGGREGATE request",
	};
	enum of_stats_kind kind;
	struct of_err err;
	size_t off;

	if (len < OFP_HEADER_LEN)
		return "(truncated)";
	if (buf[1] >= OFPT_N_TYPES)
		return "(unknown type)";
	if (buf[1] == OFPT_VENDOR && len >= NICIRA_HEADER_LEN &&
	    rd32(buf + 8) == NX_VENDOR_ID && rd32(buf + 12) < N_ELEM(nx_names) &&
	    nx_names[rd32(buf + 12)])
		return nx_names[rd32(buf + 12)];
	if (buf[1] == OFPT_STATS_REQUEST && len >= OFP_STATS_MSG_LEN &&
	    !stats_kind(buf, len, &kind, &off, &err))
		return stats_req[kind];
	if (buf[1] == OFPT_STATS_REPLY && len >= OFP_STATS_MSG_LEN &&
	    !stats_kind(buf, len, &kind, &off, &err))
		return stats_names[kind];
	return of_msgs[buf[1]].name;
}

int of_decode(const uint8_t *p, size_t len, const struct of_codec_state *st,
	      struct ofmsg *m, struct of_err *err)
{
	const struct of_msg_desc *d;

	memset(m, 0, offsetof(struct ofmsg, u));
	if (len < OFP_HEADER_LEN || rd16(p + 2) != len)
		return bad_len(err, "header length is not the message length");
	m->version = p[0];
	m->type = p[1];
	m->xid = rd32(p + 4);
	if (m->type == OFPT_HELLO)
		return dec_hello(p, len, m, err);
	if (m->version != OFP10_VERSION)
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION,
			    "not OpenFlow 1.0");
	if (m->type >= OFPT_N_TYPES)
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE,
			    "unknown message type");
	d = &of_msgs[m->type];
	if (len < d->min_len || (d->exact && len != d->min_len))
		return bad_len(err, "wrong length for the message type");
	switch (m->type) {
	case OFPT_ERROR:
		return dec_error(p, len, m);
	case OFPT_ECHO_REQUEST:
	case OFPT_ECHO_REPLY:
		return dec_echo(p, len, m);
	case OFPT_VENDOR:
		return dec_vendor(p, len, st, m, err);
	case OFPT_FEATURES_REPLY:
		return dec_features_reply(p, len, m, err);
	case OFPT_GET_CONFIG_REPLY:
	case OFPT_SET_CONFIG:
		return dec_config(p, m);
	case OFPT_PACKET_IN:
		return dec_packet_in(p, len, m);
	case OFPT_FLOW_REMOVED:
		return dec_flow_removed(p, m, err);
	case OFPT_PORT_STATUS:
		return dec_port_status(p, m);
	case OFPT_PACKET_OUT:
		return dec_packet_out(p, len, m, err);
	case OFPT_FLOW_MOD:
		return dec_flow_mod(p, len, m, err);
	case OFPT_PORT_MOD:
		return dec_port_mod(p, m);
	case OFPT_STATS_REQUEST:
		return dec_stats_request(p, len, m, err);
	case OFPT_STATS_REPLY:
		return dec_stats_reply(p, len, m, err);
	case OFPT_QUEUE_GET_CONFIG_REQUEST:
		m->u.queue_config.port = rd16(p + 8);
		return 0;
	case OFPT_QUEUE_GET_CONFIG_REPLY:
		return dec_queue_reply(p, len, m, err);
	default:	/* header only */
		return 0;
	}
}

/* ---- stats entries ---- */

void of_stats_iter_init(struct of_stats_iter *it, const struct of_stats_reply *r)
{
	it->p = r->body;
	it->left = r->body_len;
	it->kind = r->kind;
}

static void cstr(char *dst, const uint8_t *src, size_t n)
{
	memcpy(dst, src, n);
	dst[n - 1] = '\0';
}

static int next_flow(struct of_stats_iter *it, struct of_flow_stats *fs,
		     struct of_err *err)
{
	bool nx = it->kind == OF_ST_NX_FLOW;
	size_t fixed = nx ? NX_FLOW_STATS_LEN : OFP_FLOW_STATS_LEN;
	const uint8_t *p = it->p;
	size_t elen, aoff;

	if (it->left < fixed)
		return bad_len(err, "truncated flow stats entry");
	elen = rd16(p);
	if (elen < fixed || elen > it->left || elen % 8)
		return bad_len(err, "bad flow stats entry length");
	memset(fs, 0, sizeof(*fs));
	cvsw_flow_init(&fs->flow);
	fs->table_id = p[2];
	if (nx) {
		size_t mlen = rd16(p + 18);

		aoff = NX_FLOW_STATS_LEN + PAD8(mlen);
		if (aoff > elen)
			return bad_len(err, "flow stats match overruns the entry");
		fs->flow.duration_ms = (uint64_t)rd32(p + 4) * 1000 +
				       rd32(p + 8) / 1000000;
		fs->flow.priority = rd16(p + 12);
		fs->flow.idle_timeout = rd16(p + 14);
		fs->flow.hard_timeout = rd16(p + 16);
		fs->flow.idle_ms = (uint64_t)rd16(p + 20) * 1000;
		fs->flow.cookie = rd64(p + 24);
		fs->flow.packets = rd64(p + 32);
		fs->flow.bytes = rd64(p + 40);
		if (nxm_match(p + NX_FLOW_STATS_LEN, mlen, &fs->flow.match, err))
			return -1;
	} else {
		aoff = OFP_FLOW_STATS_LEN;
		if (of10_match(p + 4, &fs->flow.match, err))
			return -1;
		fs->flow.duration_ms = (uint64_t)rd32(p + 44) * 1000 +
				       rd32(p + 48) / 1000000;
		fs->flow.priority = rd16(p + 52);
		fs->flow.idle_timeout = rd16(p + 54);
		fs->flow.hard_timeout = rd16(p + 56);
		fs->flow.cookie = rd64(p + 64);
		fs->flow.packets = rd64(p + 72);
		fs->flow.bytes = rd64(p + 80);
	}
	fs->flow.has_actions = true;
	if (of_actions_decode(p + aoff, elen - aoff, false, fs->flow.actions,
			      &fs->flow.n_actions, err))
		return -1;
	it->p += elen;
	it->left -= elen;
	return 1;
}

int of_stats_next(struct of_stats_iter *it, void *out, struct of_err *err)
{
	static const size_t sizes[] = {
		[OF_ST_TABLE] = OFP_TABLE_STATS_LEN,
		[OF_ST_PORT] = OFP_PORT_STATS_LEN,
		[OF_ST_QUEUE] = OFP_QUEUE_STATS_LEN,
		[OF_ST_DESC] = OFP_DESC_STATS_LEN,
		[OF_ST_AGGREGATE] = OFP_AGGREGATE_STATS_REPLY_LEN,
		[OF_ST_NX_AGGREGATE] = OFP_AGGREGATE_STATS_REPLY_LEN,
	};
	const uint8_t *p = it->p;

	if (!it->left)
		return 0;
	if (it->kind == OF_ST_FLOW || it->kind == OF_ST_NX_FLOW)
		return next_flow(it, out, err);
	if (it->left < sizes[it->kind])
		return bad_len(err, "truncated statistics entry");
	switch (it->kind) {
	case OF_ST_DESC: {
		struct of_desc_stats *d = out;

		cstr(d->mfr, p, OFP_DESC_STR_LEN);
		cstr(d->hw, p + 256, OFP_DESC_STR_LEN);
		cstr(d->sw, p + 512, OFP_DESC_STR_LEN);
		cstr(d->serial, p + 768, OFP_SERIAL_NUM_LEN);
		cstr(d->dp, p + 800, OFP_DESC_STR_LEN);
		break;
	}
	case OF_ST_AGGREGATE:
	case OF_ST_NX_AGGREGATE: {
		struct of_aggregate_stats *a = out;

		a->packets = rd64(p);
		a->bytes = rd64(p + 8);
		a->flows = rd32(p + 16);
		break;
	}
	case OF_ST_TABLE: {
		struct of_table_stats *t = out;

		t->table_id = p[0];
		cstr(t->name, p + 4, OFP_MAX_TABLE_NAME_LEN);
		t->wildcards = rd32(p + 36);
		t->max_entries = rd32(p + 40);
		t->active = rd32(p + 44);
		t->lookups = rd64(p + 48);
		t->matched = rd64(p + 56);
		break;
	}
	case OF_ST_PORT: {
		struct of_port_stats *ps = out;

		ps->port_no = rd16(p);
		for (int i = 0; i < 12; i++)
			ps->c[i] = rd64(p + 8 + 8 * i);
		break;
	}
	case OF_ST_QUEUE: {
		struct of_queue_stats *q = out;

		q->port_no = rd16(p);
		q->queue_id = rd32(p + 4);
		q->tx_bytes = rd64(p + 8);
		q->tx_packets = rd64(p + 16);
		q->tx_errors = rd64(p + 24);
		break;
	}
	default:
		return fail(err, OFPET_BAD_REQUEST, OFPBRC_BAD_STAT, "statistics kind");
	}
	it->p += sizes[it->kind];
	it->left -= sizes[it->kind];
	return 1;
}
