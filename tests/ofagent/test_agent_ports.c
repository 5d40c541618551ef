// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cvsw-ofagent's tunnel ports without a kernel: the agent's handlers,
 * events and ports (ofagent/handlers.c, events.c, ports.c) run against a
 * fake datapath that stands in for libcvsw's requests (the test is linked
 * with --wrap for each of them) and a fake connection that keeps what the
 * agent sends. FEATURES_REPLY and port stats list the tunnel ports with
 * their names, PORT_STATUS ADD/DELETE describes them, flows and
 * packet-outs may name them by number, PORT_MOD works on them, and lost
 * events are made up for.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agent.h"
#include "log.h"
#include "tap.h"

/* ---- the fake datapath ---- */

#define DP_MAX 8
static const uint8_t dp_mac[6] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };

static struct {
	struct cvsw_port ports[DP_MAX];
	unsigned n;
	bool link_up;
	/* what the agent asked */
	unsigned n_dumps;
	struct cvsw_flow last_flow;
	unsigned n_flows;
	uint16_t po_in_port;
	unsigned n_packet_outs;
	/* events cvsw_events_recv delivers next */
	struct cvsw_event events[4];
	unsigned n_events;
	/* a flood: packet-ins cvsw_events_recv delivers until the callback
	 * stops it (the socket never runs dry), and how many it delivered */
	unsigned flood_left;
	unsigned flood_given;
} dp;

static void dp_add(uint16_t no, const char *name, uint8_t kind)
{
	struct cvsw_port *p = &dp.ports[dp.n++];

	memset(p, 0, sizeof(*p));
	p->port_no = no;
	p->kind = kind;
	snprintf(p->name, sizeof(p->name), "%s", name);
	if (cvsw_port_kind_is_tunnel(kind))
		p->tun.remote_ip = 0xc0a80102;
}

static void dp_del(uint16_t no)
{
	for (unsigned i = 0; i < dp.n; i++)
		if (dp.ports[i].port_no == no) {
			dp.ports[i] = dp.ports[--dp.n];
			return;
		}
}

static const struct cvsw_port *dp_port(uint16_t no)
{
	for (unsigned i = 0; i < dp.n; i++)
		if (dp.ports[i].port_no == no)
			return &dp.ports[i];
	return NULL;
}

/* As the kernel checks outputs: a port number must be one it has. */
static bool dp_outputs_ok(const struct cvsw_action *acts, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		if (acts[i].type == CVSW_ACT_OUTPUT &&
		    acts[i].u.output.port < CVSW_PORT_MAX &&
		    !dp_port(acts[i].u.output.port))
			return false;
	return true;
}

int __wrap_cvsw_device_get(struct cvsw_handle *h, const char *dev,
			   struct cvsw_device *out);
int __wrap_cvsw_device_get(struct cvsw_handle *h, const char *dev,
			   struct cvsw_device *out)
{
	(void)h;
	memset(out, 0, sizeof(*out));
	out->ifindex = 7;
	snprintf(out->name, sizeof(out->name), "%s", dev);
	memcpy(out->mac, dp_mac, 6);
	out->link_up = dp.link_up;
	return 0;
}

int __wrap_cvsw_port_dump(struct cvsw_handle *h, const char *dev,
			  cvsw_port_cb cb, void *arg);
int __wrap_cvsw_port_dump(struct cvsw_handle *h, const char *dev,
			  cvsw_port_cb cb, void *arg)
{
	(void)h;
	(void)dev;
	dp.n_dumps++;
	for (unsigned i = 0; i < dp.n; i++) {
		int r = cb(&dp.ports[i], arg);

		if (r)
			return r;
	}
	return 0;
}

int __wrap_cvsw_stats_get(struct cvsw_handle *h, const char *dev,
			  struct cvsw_table_stats *table,
			  struct cvsw_port_stats *ports, unsigned max_ports,
			  unsigned *n_ports);
int __wrap_cvsw_stats_get(struct cvsw_handle *h, const char *dev,
			  struct cvsw_table_stats *table,
			  struct cvsw_port_stats *ports, unsigned max_ports,
			  unsigned *n_ports)
{
	(void)h;
	(void)dev;
	if (table)
		memset(table, 0, sizeof(*table));
	*n_ports = dp.n;
	for (unsigned i = 0; i < dp.n && i < max_ports; i++) {
		memset(&ports[i], 0, sizeof(ports[i]));
		ports[i].port = dp.ports[i].port_no;
		ports[i].rx_packets = 10u * dp.ports[i].port_no;
		ports[i].tx_packets = 20u * dp.ports[i].port_no;
	}
	return 0;
}

int __wrap_cvsw_flow_add(struct cvsw_handle *h, const char *dev,
			 const struct cvsw_flow *flow);
int __wrap_cvsw_flow_add(struct cvsw_handle *h, const char *dev,
			 const struct cvsw_flow *flow)
{
	(void)h;
	(void)dev;
	if (!dp_outputs_ok(flow->actions, flow->n_actions))
		return -EINVAL;
	dp.last_flow = *flow;
	dp.n_flows++;
	return 0;
}

int __wrap_cvsw_packet_out(struct cvsw_handle *h, const char *dev,
			   uint16_t in_port, const struct cvsw_action *actions,
			   unsigned n_actions, const void *data, size_t len);
int __wrap_cvsw_packet_out(struct cvsw_handle *h, const char *dev,
			   uint16_t in_port, const struct cvsw_action *actions,
			   unsigned n_actions, const void *data, size_t len)
{
	(void)h;
	(void)dev;
	(void)data;
	(void)len;
	if (!dp_outputs_ok(actions, n_actions))
		return -EINVAL;
	dp.po_in_port = in_port;
	dp.n_packet_outs++;
	return 0;
}

/* The batch the agent queues packet-outs into: each runs (or is refused)
 * at once here, refusals reported by index at the finish, as libcvsw
 * does. */
static struct {
	cvsw_batch_err_cb cb;
	void *arg;
	size_t n, failed[8], n_failed;
	unsigned n_batches;
} fb;

struct cvsw_batch *__wrap_cvsw_batch_new(struct cvsw_handle *h, const char *dev,
					 unsigned flags, cvsw_batch_err_cb cb,
					 void *arg);
struct cvsw_batch *__wrap_cvsw_batch_new(struct cvsw_handle *h, const char *dev,
					 unsigned flags, cvsw_batch_err_cb cb,
					 void *arg)
{
	(void)h;
	(void)dev;
	(void)flags;
	memset(&fb, 0, sizeof(fb) - sizeof(fb.n_batches));
	fb.cb = cb;
	fb.arg = arg;
	fb.n_batches++;
	return (struct cvsw_batch *)&fb;
}

int __wrap_cvsw_batch_add(struct cvsw_batch *b, const struct cvsw_flow *flow);
int __wrap_cvsw_batch_add(struct cvsw_batch *b, const struct cvsw_flow *flow)
{
	(void)b;
	if (__wrap_cvsw_flow_add(NULL, NULL, flow) && fb.n_failed < 8)
		fb.failed[fb.n_failed++] = fb.n;
	fb.n++;
	return 0;
}

int __wrap_cvsw_batch_packet_out(struct cvsw_batch *b, uint16_t in_port,
				 const struct cvsw_action *actions,
				 unsigned n_actions, const void *data, size_t len);
int __wrap_cvsw_batch_packet_out(struct cvsw_batch *b, uint16_t in_port,
				 const struct cvsw_action *actions,
				 unsigned n_actions, const void *data, size_t len)
{
	(void)b;
	if (__wrap_cvsw_packet_out(NULL, NULL, in_port, actions, n_actions,
				   data, len) && fb.n_failed < 8)
		fb.failed[fb.n_failed++] = fb.n;
	fb.n++;
	return 0;
}

int __wrap_cvsw_batch_finish(struct cvsw_batch *b, struct cvsw_batch_result *res);
int __wrap_cvsw_batch_finish(struct cvsw_batch *b, struct cvsw_batch_result *res)
{
	(void)b;
	for (size_t i = 0; i < fb.n_failed; i++)
		fb.cb(fb.failed[i], -EINVAL, "fake: no such port", fb.arg);
	memset(res, 0, sizeof(*res));
	res->n_sent = fb.n;
	res->n_failed = fb.n_failed;
	res->n_ok = fb.n - fb.n_failed;
	return fb.n_failed ? -EINVAL : 0;
}

void __wrap_cvsw_batch_free(struct cvsw_batch *b);
void __wrap_cvsw_batch_free(struct cvsw_batch *b)
{
	(void)b;
}

int __wrap_cvsw_events_recv(struct cvsw_handle *h, cvsw_event_cb cb, void *arg);
int __wrap_cvsw_events_recv(struct cvsw_handle *h, cvsw_event_cb cb, void *arg)
{
	unsigned n = dp.n_events;

	(void)h;
	if (dp.flood_left) {
		static const uint8_t frame[60] = { 0x52, 0x54, 0x00, 0x12, 0x34, 0x56 };
		struct cvsw_event ev;
		int r = 0;

		memset(&ev, 0, sizeof(ev));
		ev.type = CVSW_EVENT_PACKET_IN;
		ev.ifindex = 7;
		ev.u.packet_in.in_port = CVSW_PORT_NET;
		ev.u.packet_in.data = frame;
		ev.u.packet_in.len = ev.u.packet_in.total_len = sizeof(frame);
		while (dp.flood_left && !r) {
			dp.flood_left--;
			dp.flood_given++;
			r = cb(&ev, arg);
		}
		return r ? r : (int)dp.flood_given;
	}
	dp.n_events = 0;
	for (unsigned i = 0; i < n; i++)
		cb(&dp.events[i], arg);
	return (int)n;
}

const char *__wrap_cvsw_last_error(const struct cvsw_handle *h);
const char *__wrap_cvsw_last_error(const struct cvsw_handle *h)
{
	(void)h;
	return "";
}

/* A port-status event as the kernel sends it: with the port's
 * description while the port is there (a deletion is told before the
 * port goes), number only otherwise. */
static void dp_event(uint16_t no, uint8_t reason)
{
	struct cvsw_event *ev = &dp.events[dp.n_events++];
	const struct cvsw_port *p = dp_port(no);

	memset(ev, 0, sizeof(*ev));
	ev->type = CVSW_EVENT_PORT_STATUS;
	ev->ifindex = 7;
	ev->u.port_status.reason = reason;
	ev->u.port_status.port = no;
	ev->u.port_status.link_up = dp.link_up;
	ev->u.port_status.desc.port_no = no;
	if (p) {
		ev->u.port_status.desc = *p;
		ev->u.port_status.has_port = true;
	}
}

/* ---- the agent's side: a connection that keeps what it is sent ---- */

#define N_SENT 8
static struct ofmsg sent[N_SENT];
static unsigned n_sent;
static struct ofbuf sent_bytes;
static uint16_t refused_type, refused_code;
static unsigned n_refused;

static double fake_now = 1000.0;
static size_t fake_unsent;	/* what the socket holds unsent */

double now_s(void)
{
	return fake_now;
}

size_t stream_unsent(const struct stream *s)
{
	(void)s;
	return fake_unsent;
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	(void)level;
	(void)fmt;
}

void log_limited(const char *kind, enum log_level level, const char *fmt, ...)
{
	(void)kind;
	(void)level;
	(void)fmt;
}

void agent_update_miss(struct agent *ag, double now)
{
	(void)ag;
	(void)now;
}

void conn_flush(struct conn *c)
{
	(void)c;
}

void conn_send(struct conn *c, const uint8_t *p, size_t len)
{
	(void)c;
	ofbuf_put(&sent_bytes, p, len);
}

void conn_send_msg(struct conn *c, const struct ofmsg *m)
{
	(void)c;
	if (n_sent < N_SENT)
		sent[n_sent++] = *m;
}

void conn_close(struct conn *c, const char *fmt, ...)
{
	(void)fmt;
	c->dead = true;
}

void conn_refuse(struct conn *c, const uint8_t *req, size_t len, uint16_t type,
		 uint16_t code, const char *why)
{
	(void)c;
	(void)req;
	(void)len;
	(void)why;
	refused_type = type;
	refused_code = code;
	n_refused++;
}

static struct agent ag;
static struct conn conn;
static struct ofbuf req;

static unsigned n_of_type(uint8_t type)
{
	unsigned n = 0;

	for (unsigned i = 0; i < n_sent; i++)
		n += sent[i].type == type;
	return n;
}

static void reset_sent(void)
{
	n_sent = 0;
	n_refused = 0;
	ofbuf_clear(&sent_bytes);
}

/* Encodes m and hands it to the agent as the connection's request. */
static void request_xid(struct ofmsg *m, uint32_t xid)
{
	m->version = OFP10_VERSION;
	m->xid = xid;
	ofbuf_clear(&req);
	if (of_encode(&req, m)) {
		diag("encode of type %u failed", m->type);
		return;
	}
	reset_sent();
	handle_message(&conn, req.data, req.len);
	handlers_flush(&ag);
}

static void request(struct ofmsg *m)
{
	request_xid(m, 0x77);
}

static struct ofmsg *new_msg(uint8_t type)
{
	static struct ofmsg m;

	memset(&m, 0, sizeof(m));
	m.type = type;
	return &m;
}

static const struct of_port *features_port(const struct ofmsg *m, uint16_t no)
{
	for (unsigned i = 0; i < m->u.features.n_ports; i++)
		if (m->u.features.ports[i].port_no == no)
			return &m->u.features.ports[i];
	return NULL;
}

static void test_features(void)
{
	const struct of_port *h, *n, *t;

	request(new_msg(OFPT_FEATURES_REQUEST));
	ok(n_sent == 1 && sent[0].type == OFPT_FEATURES_REPLY &&
	   sent[0].u.features.n_ports == 3,
	   "FEATURES_REPLY lists host, net and the tunnel port (%u ports)",
	   n_sent ? sent[0].u.features.n_ports : 0);
	if (n_sent != 1)
		return;
	h = features_port(&sent[0], 1);
	n = features_port(&sent[0], 2);
	t = features_port(&sent[0], 3);
	ok(h && n && t && !strcmp(h->name, "host") && !strcmp(n->name, "net") &&
	   !strcmp(t->name, "vx0"),
	   "FEATURES_REPLY: ports 1 host, 2 net, 3 vx0 (the datapath's names)");
	ok(t && !memcmp(t->hw_addr, dp_mac, 6) && t->config == 0 &&
	   t->state == 0 && t->curr == 0 && t->supported == 0,
	   "FEATURES_REPLY: the tunnel port has the device's MAC, no config, "
	   "link up, no speed");
}

static void test_port_stats(void)
{
	struct ofmsg *m = new_msg(OFPT_STATS_REQUEST);
	struct ofmsg d;
	struct of_err err;
	struct of_stats_iter it;
	struct of_port_stats ps;
	unsigned seen = 0, n = 0;
	bool counts = true;

	m->u.stats_request.kind = OF_ST_PORT;
	m->u.stats_request.u.port_no = OFPP_NONE;
	request(m);
	if (!ok(sent_bytes.len && !of_decode(sent_bytes.data, sent_bytes.len, NULL, &d, &err) &&
		d.type == OFPT_STATS_REPLY && d.u.stats_reply.kind == OF_ST_PORT,
		"port stats: a PORT reply"))
		return;
	of_stats_iter_init(&it, &d.u.stats_reply);
	while (of_stats_next(&it, &ps, &err) == 1) {
		n++;
		if (ps.port_no < 16)
			seen |= 1u << ps.port_no;
		counts &= ps.c[0] == 10u * ps.port_no && ps.c[1] == 20u * ps.port_no;
	}
	ok(n == 3 && seen == (1u << 1 | 1u << 2 | 1u << 3) && counts,
	   "port stats: ports 1, 2 and the tunnel port 3 with their counters");

	m = new_msg(OFPT_STATS_REQUEST);
	m->u.stats_request.kind = OF_ST_PORT;
	m->u.stats_request.u.port_no = 3;
	request(m);
	n = 0;
	if (sent_bytes.len && !of_decode(sent_bytes.data, sent_bytes.len, NULL, &d, &err)) {
		of_stats_iter_init(&it, &d.u.stats_reply);
		while (of_stats_next(&it, &ps, &err) == 1)
			n += ps.port_no == 3 ? 1 : 100;
	}
	ok(n == 1, "port stats of the tunnel port alone");
}

/* A flow-mod ADD with `in_port` matched (0: none) and an output. */
static void add_flow(uint16_t in_port, uint16_t out)
{
	struct ofmsg *m = new_msg(OFPT_FLOW_MOD);
	struct cvsw_flow *f = &m->u.flow_mod.flow;

	cvsw_flow_init(f);
	if (in_port) {
		f->match.present = CVSW_M_IN_PORT;
		f->match.in_port = in_port;
	}
	f->has_actions = true;
	f->n_actions = 1;
	f->actions[0].type = CVSW_ACT_OUTPUT;
	f->actions[0].u.output.port = out;
	m->u.flow_mod.command = OFPFC_ADD;
	m->u.flow_mod.buffer_id = OFP_NO_BUFFER;
	dp.n_flows = 0;
	request(m);
}

static void test_flows(void)
{
	struct ofmsg *m;

	add_flow(3, 2);
	ok(dp.n_flows == 1 && !n_refused && dp.last_flow.match.in_port == 3 &&
	   (dp.last_flow.match.present & CVSW_M_IN_PORT),
	   "a flow matching in_port=3 (the tunnel port) goes to the datapath");
	add_flow(1, 3);
	ok(dp.n_flows == 1 && !n_refused &&
	   dp.last_flow.actions[0].u.output.port == 3,
	   "a flow with output:3 (the tunnel port) goes to the datapath");
	add_flow(1, 9);
	ok(dp.n_flows == 0 && n_refused == 1 && refused_type == OFPET_BAD_ACTION &&
	   refused_code == OFPBAC_BAD_OUT_PORT,
	   "output to a port the datapath does not have: BAD_ACTION/BAD_OUT_PORT");

	/* a port added while its event is not read yet */
	dp_add(5, "gnv0", CVSW_PORT_KIND_GENEVE);
	add_flow(1, 5);
	ok(dp.n_flows == 1 && !n_refused,
	   "output to a port added since the last refresh (event unread) is taken");
	dp_del(5);
	ports_refresh(&ag);

	/* a port deleted while its event is not read yet: the datapath
	 * refuses the flow (EINVAL), the agent finds out why */
	dp_del(3);
	add_flow(1, 3);
	ok(dp.n_flows == 0 && n_refused == 1 && refused_type == OFPET_BAD_ACTION &&
	   refused_code == OFPBAC_BAD_OUT_PORT && !port_find(&ag, 3),
	   "output to a port deleted since the last refresh: BAD_OUT_PORT, not "
	   "FLOW_MOD_FAILED");
	m = new_msg(OFPT_PACKET_OUT);
	m->u.packet_out.buffer_id = OFP_NO_BUFFER;
	m->u.packet_out.in_port = OFPP_NONE;
	m->u.packet_out.n_actions = 1;
	m->u.packet_out.actions[0].type = CVSW_ACT_OUTPUT;
	m->u.packet_out.actions[0].u.output.port = 3;
	m->u.packet_out.data = (const uint8_t *)"\xff\xff\xff\xff\xff\xff\x52\x54\0\0\0\1\x08\x06";
	m->u.packet_out.len = 14;
	request(m);
	ok(n_refused == 1 && refused_type == OFPET_BAD_ACTION &&
	   refused_code == OFPBAC_BAD_OUT_PORT,
	   "a packet-out to it: BAD_ACTION/BAD_OUT_PORT");
	dp_add(3, "vx0", CVSW_PORT_KIND_VXLAN);
	ports_refresh(&ag);

	m = new_msg(OFPT_PACKET_OUT);
	m->u.packet_out.buffer_id = OFP_NO_BUFFER;
	m->u.packet_out.in_port = 3;
	m->u.packet_out.n_actions = 1;
	m->u.packet_out.actions[0].type = CVSW_ACT_OUTPUT;
	m->u.packet_out.actions[0].u.output.port = 2;
	m->u.packet_out.data = (const uint8_t *)"\xff\xff\xff\xff\xff\xff\x52\x54\0\0\0\1\x08\x06";
	m->u.packet_out.len = 14;
	dp.n_packet_outs = 0;
	request(m);
	ok(dp.n_packet_outs == 1 && dp.po_in_port == 3 && !n_refused,
	   "a packet-out from the tunnel port");

	/* packet-outs run in a batch: one refused there, for a port deleted
	 * while its event is unread, is answered after the batch (when the
	 * agent may ask the datapath's port list why) */
	dp_del(3);
	m->u.packet_out.in_port = OFPP_NONE;
	m->u.packet_out.actions[0].u.output.port = 3;
	dp.n_packet_outs = 0;
	request(m);
	ok(dp.n_packet_outs == 0 && n_refused == 1 && refused_type == OFPET_BAD_ACTION &&
	   refused_code == OFPBAC_BAD_OUT_PORT && !port_find(&ag, 3),
	   "a batched packet-out to a port just deleted: BAD_ACTION/BAD_OUT_PORT");
	dp_add(3, "vx0", CVSW_PORT_KIND_VXLAN);
	ports_refresh(&ag);
}

static void test_port_mod(void)
{
	struct ofmsg *m = new_msg(OFPT_PORT_MOD);

	m->u.port_mod.port_no = 3;
	memcpy(m->u.port_mod.hw_addr, dp_mac, 6);
	m->u.port_mod.config = OFPPC_NO_PACKET_IN;
	m->u.port_mod.mask = OFPPC_NO_PACKET_IN;
	request(m);
	ok(!n_refused && n_sent == 1 && sent[0].type == OFPT_PORT_STATUS &&
	   sent[0].u.port_status.reason == OFPPR_MODIFY &&
	   sent[0].u.port_status.port.port_no == 3 &&
	   !strcmp(sent[0].u.port_status.port.name, "vx0") &&
	   sent[0].u.port_status.port.config == OFPPC_NO_PACKET_IN,
	   "PORT_MOD NO_PACKET_IN on the tunnel port: PORT_STATUS MODIFY vx0");
	m = new_msg(OFPT_PORT_MOD);
	m->u.port_mod.port_no = 3;
	memcpy(m->u.port_mod.hw_addr, dp_mac, 6);
	m->u.port_mod.mask = OFPPC_NO_PACKET_IN;
	request(m);
}

static void test_port_status(void)
{
	const struct of_port *p;

	/* added */
	dp_add(4, "gre0", CVSW_PORT_KIND_NVGRE);
	dp_event(4, CVSW_PORT_ADD);
	reset_sent();
	events_input(&ag);
	p = n_sent == 1 ? &sent[0].u.port_status.port : NULL;
	ok(p && sent[0].type == OFPT_PORT_STATUS &&
	   sent[0].u.port_status.reason == OFPPR_ADD && p->port_no == 4 &&
	   !strcmp(p->name, "gre0") && !memcmp(p->hw_addr, dp_mac, 6),
	   "tunnel port added: PORT_STATUS ADD 4(gre0)");
	ok(port_find(&ag, 4) != NULL, "the added port is in the agent's list");
	request(new_msg(OFPT_FEATURES_REQUEST));
	ok(n_sent == 1 && sent[0].u.features.n_ports == 4 &&
	   (p = features_port(&sent[0], 4)) && !strcmp(p->name, "gre0"),
	   "FEATURES_REPLY then lists it");

	/* deleted: the kernel tells before the port goes, the agent reads
	 * the event after */
	dp_event(4, CVSW_PORT_DELETE);
	dp_del(4);
	reset_sent();
	events_input(&ag);
	p = n_sent == 1 ? &sent[0].u.port_status.port : NULL;
	ok(p && sent[0].u.port_status.reason == OFPPR_DELETE && p->port_no == 4 &&
	   !strcmp(p->name, "gre0"),
	   "tunnel port deleted: PORT_STATUS DELETE 4(gre0)");
	ok(port_find(&ag, 4) == NULL, "the deleted port left the agent's list");

	/* deleted, the agent's refresh racing with the deletion */
	dp_add(6, "stt0", CVSW_PORT_KIND_STT);
	ports_refresh(&ag);
	dp_event(6, CVSW_PORT_DELETE);
	reset_sent();
	events_input(&ag);
	ok(n_sent == 1 && sent[0].u.port_status.reason == OFPPR_DELETE &&
	   !strcmp(sent[0].u.port_status.port.name, "stt0") && !port_find(&ag, 6),
	   "a deletion read while the datapath still lists the port: DELETE, "
	   "and the port leaves the list");
	dp_del(6);

	/* a deletion without a description: the name the agent knew */
	dp_add(7, "sclp0", CVSW_PORT_KIND_SCLP);
	ports_refresh(&ag);
	dp_del(7);
	dp_event(7, CVSW_PORT_DELETE);
	reset_sent();
	events_input(&ag);
	ok(n_sent == 1 && sent[0].u.port_status.reason == OFPPR_DELETE &&
	   sent[0].u.port_status.port.port_no == 7 &&
	   !strcmp(sent[0].u.port_status.port.name, "sclp0"),
	   "a deletion without the port's description: the name the agent knew");

	/* the carrier: tunnels follow the wire */
	dp.link_up = false;
	dp_event(CVSW_PORT_NET, CVSW_PORT_MODIFY);
	reset_sent();
	events_input(&ag);
	ok(n_sent == 1 && sent[0].u.port_status.reason == OFPPR_MODIFY &&
	   sent[0].u.port_status.port.state == OFPPS_LINK_DOWN,
	   "carrier lost: PORT_STATUS MODIFY net LINK_DOWN");
	request(new_msg(OFPT_FEATURES_REQUEST));
	ok(n_sent == 1 && (p = features_port(&sent[0], 3)) &&
	   p->state == OFPPS_LINK_DOWN && (p = features_port(&sent[0], 1)) &&
	   p->state == 0,
	   "the tunnel port is LINK_DOWN with the wire, host is not");
	dp.link_up = true;
}

/* Events lost: the agent compares the datapath's ports with its list. */
static void test_overrun(void)
{
	struct cvsw_event *ev;
	bool del3 = false, add3 = false, add4 = false, other = false;

	port_find(&ag, 3)->config = OFPPC_NO_PACKET_IN;
	dp_del(3);
	dp_add(3, "vx9", CVSW_PORT_KIND_GENEVE);	/* the number reused */
	dp_add(4, "ov0", CVSW_PORT_KIND_VXLAN);
	ev = &dp.events[dp.n_events++];
	memset(ev, 0, sizeof(*ev));
	ev->type = CVSW_EVENT_OVERRUN;
	reset_sent();
	events_input(&ag);
	for (unsigned i = 0; i < n_sent; i++) {
		const struct of_port *p = &sent[i].u.port_status.port;
		uint8_t r = sent[i].u.port_status.reason;

		if (r == OFPPR_DELETE && p->port_no == 3 && !strcmp(p->name, "vx0"))
			del3 = true;
		else if (r == OFPPR_ADD && p->port_no == 3 && !strcmp(p->name, "vx9"))
			add3 = true;
		else if (r == OFPPR_ADD && p->port_no == 4 && !strcmp(p->name, "ov0"))
			add4 = true;
		else
			other = true;
	}
	ok(n_sent == 3 && del3 && add3 && add4 && !other,
	   "events lost: DELETE 3(vx0), ADD 3(vx9) and ADD 4(ov0) from the "
	   "port lists (%u messages)", n_sent);
	ok(port_find(&ag, 3) && port_find(&ag, 3)->config == 0,
	   "vx0's NO_PACKET_IN did not pass to vx9, which took its number");
	reset_sent();
	dp_event(CVSW_PORT_NONE, CVSW_PORT_MODIFY);
	dp.events[0].type = CVSW_EVENT_OVERRUN;
	events_input(&ag);
	ok(n_sent == 0, "events lost, no port changed: no PORT_STATUS");
}

/*
 * A flood of packet-ins: the event socket never runs dry. The agent must
 * come back to its poll loop after a batch, to send what it queued and to
 * read the controllers' packet-outs; it used to read events until the
 * flood ended, and a controller answering packet-ins saw one (the bench's
 * agent_pktin_per_s 1).
 */
static void test_packet_in_flood(void)
{
	dp.flood_left = 100000;
	dp.flood_given = 0;
	reset_sent();
	events_input(&ag);
	ok(dp.flood_left > 0 && dp.flood_given <= EVENTS_BATCH && ag.events_more,
	   "a flood of packet-ins: events_input returns after a batch "
	   "(%u events read, at most %u)", dp.flood_given, EVENTS_BATCH);
	ok(n_of_type(OFPT_PACKET_IN) >= 1 &&
	   sent[n_sent - 1].u.packet_in.in_port == CVSW_PORT_NET,
	   "the batch's packet-ins went to the controller");
	dp.flood_given = 0;
	events_input(&ag);
	ok(dp.flood_given > 0 && dp.flood_given <= EVENTS_BATCH,
	   "the next pass reads the next batch (%u events)", dp.flood_given);
	dp.flood_left = 0;
}

/* One table miss from the datapath; how many packet-ins it made. */
static unsigned one_packet_in(void)
{
	dp.flood_left = 1;
	dp.flood_given = 0;
	reset_sent();
	events_input(&ag);
	return n_of_type(OFPT_PACKET_IN);
}

static void echo_reply(uint32_t xid)
{
	request_xid(new_msg(OFPT_ECHO_REPLY), xid);
}

/*
 * Packet-in pacing (pinpace.c): a window of PIN_WINDOW packet-ins in
 * flight, confirmed by the answer to an echo sent among them; none while
 * PIN_BACKLOG_MAX bytes are unsent; a dropped packet-in takes no buffer.
 */
static void test_packet_in_pacing(void)
{
	uint32_t echo_xid, next_buf;
	unsigned long dropped;
	unsigned n = 0, echoes = 0;

	memset(&conn.pace, 0, sizeof(conn.pace));
	fake_now = 2000.0;
	fake_unsent = 0;
	ok(one_packet_in() == 1 && n_of_type(OFPT_ECHO_REQUEST) == 0,
	   "a packet-in goes out");
	fake_now += 0.2;
	ok(one_packet_in() == 1 && n_of_type(OFPT_ECHO_REQUEST) == 1,
	   "%.1f s on, an echo goes out before the next", PIN_ECHO_EVERY);
	echo_xid = conn.pace.echo_xid;
	while (one_packet_in() == 1 && n < 10 * PIN_WINDOW) {
		echoes += n_of_type(OFPT_ECHO_REQUEST);
		n++;
	}
	ok(n == PIN_WINDOW - 2 && echoes == 0,
	   "the echo unanswered: %u more, then the window (%u) is full", n, PIN_WINDOW);
	echo_reply(echo_xid + 1000);
	ok(one_packet_in() == 0, "an echo reply of another xid opens nothing");
	fake_now += 0.05;
	echo_reply(echo_xid);
	ok(conn.pace.confirmed == 1 && conn.pace.lag > 0.04 && conn.pace.lag < 0.06,
	   "its answer confirms the packet-in sent before it (%.3f s)", conn.pace.lag);
	ok(one_packet_in() == 1 && n_of_type(OFPT_ECHO_REQUEST) == 1 && !conn.pace.behind,
	   "the window has room again: a packet-in, and (half the window in flight) the next echo");
	echo_xid = conn.pace.echo_xid;
	echo_reply(echo_xid);
	ok(conn.pace.confirmed == PIN_WINDOW && conn.pace.sent == PIN_WINDOW + 1,
	   "that echo confirms all %u sent before it", PIN_WINDOW);

	next_buf = ag.pb.next;
	dropped = conn.pace.dropped;
	fake_unsent = PIN_BACKLOG_MAX;
	ok(one_packet_in() == 0 && conn.pace.dropped == dropped + 1 &&
	   ag.pb.next == next_buf,
	   "%u bytes unsent: the packet-in is dropped, counted, and takes no buffer",
	   PIN_BACKLOG_MAX);
	fake_unsent = 0;
	ok(one_packet_in() == 1, "the bytes gone: packet-ins flow again");

	fake_now += 0.2;
	one_packet_in();
	fake_now += PIN_ECHO_GIVEUP + 1;
	n = 0;
	while (one_packet_in() == 1 && n < 2 * PIN_WINDOW)
		n++;
	ok(n == 2 * PIN_WINDOW && conn.pace.no_echo,
	   "a controller that never answers the echo is paced by bytes alone");
	fake_unsent = PIN_BACKLOG_MAX;
	ok(one_packet_in() == 0, "... and the bytes still hold it back");
	fake_unsent = 0;
	memset(&conn.pace, 0, sizeof(conn.pace));
}

int main(void)
{
	dp.link_up = true;
	dp_add(CVSW_PORT_HOST, "host", CVSW_PORT_KIND_HOST);
	dp_add(CVSW_PORT_NET, "net", CVSW_PORT_KIND_NET);
	dp_add(3, "vx0", CVSW_PORT_KIND_VXLAN);

	ofbuf_init(&req);
	ofbuf_init(&sent_bytes);
	ofbuf_init(&ag.scratch);
	ofbuf_init(&conn.rx);
	ofbuf_init(&conn.tx);
	snprintf(ag.dev, sizeof(ag.dev), "eth1");
	ag.conns = &conn;
	conn.ag = &ag;
	conn.negotiated = true;
	conn.ctl = -1;
	conn.miss_send_len = 128;
	snprintf(conn.name, sizeof(conn.name), "test");
	ok(!ports_refresh(&ag) && ag.n_ports == 3 && ag.ports[2].no == 3 &&
	   !strcmp(ag.ports[2].name, "vx0") &&
	   ag.ports[2].kind == CVSW_PORT_KIND_VXLAN,
	   "the port list: 1, 2 and the tunnel port vx0 (VXLAN)");

	test_features();
	test_port_stats();
	test_flows();
	test_port_mod();
	test_port_status();
	test_overrun();
	test_packet_in_flood();
	test_packet_in_pacing();

	handlers_exit();
	ofbuf_free(&req);
	ofbuf_free(&sent_bytes);
	ofbuf_free(&ag.scratch);
	ofbuf_free(&conn.rx);
	ofbuf_free(&conn.tx);
	return tap_done();
}
