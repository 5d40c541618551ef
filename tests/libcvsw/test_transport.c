/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The request engine and the batch path against a fake kernel: a thread
 * on the other end of a datagram socketpair that answers like the cvsw
 * family (replies, acks, extack errors, multi-part dumps, NLMSG_DONE
 * errors, stale replies). Checks what cannot be seen without a kernel
 * otherwise: extack messages pass through verbatim, dumps stream across
 * datagrams and stay in sync after an early stop, batch errors map to the
 * right flow index, acks are collected in both ack modes.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "internal.h"
#include "tap.h"

#define FAMILY 0x42
#define DUMP_FLOWS 20000

static int kfd;				/* the fake kernel's end */
static size_t flows_seen;		/* FLOW_NEW messages received */
static uint32_t last_new_seq;
static bool seq_in_order = true;
static unsigned acks_requested;
static char order[16];			/* F (flow add) and P (packet-out), in order */
static size_t po_lens[16];		/* each packet-out's packet length */

/* ---- fake kernel ---- */

static void ksend(struct nl_msg *msg, uint32_t seq, uint16_t flags)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	nlh->nlmsg_seq = seq;
	nlh->nlmsg_flags |= flags;
	send(kfd, nlh, nlh->nlmsg_len, 0);
	nlmsg_free(msg);
}

/* An NLMSG_ERROR (error 0 = ack), with an extack message if `text`. */
static void kerr(const struct nlmsghdr *req, int error, const char *text)
{
	union { unsigned char b[512]; struct nlmsghdr h; } u;
	struct nlmsgerr *e;
	size_t off = NLMSG_HDRLEN + sizeof(*e);

	memset(&u, 0, sizeof(u));
	u.h.nlmsg_type = NLMSG_ERROR;
	u.h.nlmsg_seq = req->nlmsg_seq;
	u.h.nlmsg_flags = NLM_F_CAPPED;
	e = NLMSG_DATA(&u.h);
	e->error = error;
	e->msg = *req;
	if (text) {
		struct nlattr *a = (struct nlattr *)(u.b + off);

		u.h.nlmsg_flags |= NLM_F_ACK_TLVS;
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(text) + 1);
		memcpy(u.b + off + NLA_HDRLEN, text, strlen(text) + 1);
		off += NLA_ALIGN(a->nla_len);
	}
	u.h.nlmsg_len = (uint32_t)off;
	send(kfd, &u, off, 0);
}

static void kdone(const struct nlmsghdr *req, int error, const char *text)
{
	union { unsigned char b[512]; struct nlmsghdr h; } u;
	size_t off = NLMSG_HDRLEN + sizeof(int);

	memset(&u, 0, sizeof(u));
	u.h.nlmsg_type = NLMSG_DONE;
	u.h.nlmsg_seq = req->nlmsg_seq;
	u.h.nlmsg_flags = NLM_F_MULTI;
	memcpy(u.b + NLMSG_HDRLEN, &error, sizeof(int));
	if (text) {
		struct nlattr *a = (struct nlattr *)(u.b + off);

		u.h.nlmsg_flags |= NLM_F_ACK_TLVS;
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(text) + 1);
		memcpy(u.b + off + NLA_HDRLEN, text, strlen(text) + 1);
		off += NLA_ALIGN(a->nla_len);
	}
	u.h.nlmsg_len = (uint32_t)off;
	send(kfd, &u, off, 0);
}

static struct nl_msg *kmsg(uint8_t cmd)
{
	return cvswi_msg_new(FAMILY, cmd, 0);
}

static void put_device(struct nl_msg *m, uint32_t ifindex, const char *name)
{
	nla_put_u32(m, CVSW_A_IFINDEX, ifindex);
	nla_put_string(m, CVSW_A_IFNAME, name);
	nla_put_u32(m, CVSW_A_MTU, 1500);
}

/* The flow dump: many messages per datagram, as netlink_dump() does. */
static void kdump_flows(const struct nlmsghdr *req)
{
	static unsigned char buf[32768];
	size_t len = 0;

	for (int i = 0; i < DUMP_FLOWS; i++) {
		struct nl_msg *m = kmsg(CVSW_CMD_FLOW_GET);
		struct cvsw_flow f;
		struct nlmsghdr *nlh;

		cvsw_flow_init(&f);
		f.priority = (uint16_t)i;
		f.match.present = CVSW_M_TP_DST;
		f.match.tp_dst = (uint16_t)i;
		f.has_actions = true;
		f.n_actions = 1;
		f.actions[0].type = CVSW_ACT_OUTPUT;
		f.actions[0].u.output.port = 2;
		nla_put_u32(m, CVSW_A_IFINDEX, 7);
		cvswi_put_flow(m, &f, PUT_PRIORITY | PUT_ACTIONS);
		nlh = nlmsg_hdr(m);
		nlh->nlmsg_seq = req->nlmsg_seq;
		nlh->nlmsg_flags = NLM_F_MULTI;
		if (len + NLMSG_ALIGN(nlh->nlmsg_len) > sizeof(buf)) {
			send(kfd, buf, len, 0);
			len = 0;
		}
		memcpy(buf + len, nlh, nlh->nlmsg_len);
		len += NLMSG_ALIGN(nlh->nlmsg_len);
		nlmsg_free(m);
	}
	if (len)
		send(kfd, buf, len, 0);
	kdone(req, 0, NULL);
}

/* A port reply: number, name, kind; a tunnel with its overhead. */
static void kport(const struct nlmsghdr *req, uint16_t no, const char *name,
		  uint8_t kind, uint16_t flags)
{
	struct nl_msg *m = kmsg(CVSW_CMD_PORT_GET);
	struct nlattr *n;

	nla_put_u32(m, CVSW_A_IFINDEX, 7);
	n = nla_nest_start(m, CVSW_A_PORT | NLA_F_NESTED);
	nla_put_u16(m, CVSW_PORT_A_PORT_NO, no);
	nla_put_string(m, CVSW_PORT_A_NAME, name);
	nla_put_u8(m, CVSW_PORT_A_KIND, kind);
	if (kind >= CVSW_PORT_KIND_VXLAN) {
		nla_put_u32(m, CVSW_PORT_A_REMOTE_IP, htonl(0x0a000002));
		nla_put_u16(m, CVSW_PORT_A_DST_PORT, 4789);
		nla_put_u16(m, CVSW_PORT_A_OVERHEAD, 50);
	}
	nla_nest_end(m, n);
	ksend(m, req->nlmsg_seq, flags);
}

/* PORT_NEW/DEL/GET: "vx0" exists (port 3), "quiet" is added with an ack
 * only, "taken" exists already; ports 1 and 2 cannot be deleted. */
static void kports(struct nlmsghdr *req, uint8_t cmd, bool dump, struct nlattr **tb)
{
	struct nlattr *pt[CVSW_PORT_A_MAX + 1];
	const char *name = "";
	uint16_t no = 0;

	if (dump) {
		kport(req, 1, "host", CVSW_PORT_KIND_HOST, NLM_F_MULTI);
		kport(req, 2, "net", CVSW_PORT_KIND_NET, NLM_F_MULTI);
		kport(req, 3, "vx0", CVSW_PORT_KIND_VXLAN, NLM_F_MULTI);
		kdone(req, 0, NULL);
		return;
	}
	if (!tb[CVSW_A_PORT] || nla_parse_nested(pt, CVSW_PORT_A_MAX, tb[CVSW_A_PORT], NULL)) {
		kerr(req, -EINVAL, "fake: no CVSW_A_PORT");
		return;
	}
	if (pt[CVSW_PORT_A_NAME])
		name = nla_get_string(pt[CVSW_PORT_A_NAME]);
	if (pt[CVSW_PORT_A_PORT_NO])
		no = nla_get_u16(pt[CVSW_PORT_A_PORT_NO]);
	if (cmd == CVSW_CMD_PORT_NEW && !strcmp(name, "taken")) {
		kerr(req, -EEXIST, "fake: a port named taken exists");
	} else if (cmd == CVSW_CMD_PORT_NEW && !strcmp(name, "vx0")) {
		kport(req, pt[CVSW_PORT_A_PORT_NO] ? no : 3, name, nla_get_u8(pt[CVSW_PORT_A_KIND]), 0);
		kerr(req, 0, NULL);
	} else if (cmd == CVSW_CMD_PORT_DEL && no && no < 3) {
		kerr(req, -EPERM, "fake: ports 1 and 2 cannot be deleted");
	} else if (cmd == CVSW_CMD_PORT_GET && strcmp(name, "vx0") && strcmp(name, "quiet")) {
		kerr(req, -ENOENT, "fake: no such port");
	} else {
		if (cmd == CVSW_CMD_PORT_GET)
			kport(req, !strcmp(name, "quiet") ? 4 : 3, name, CVSW_PORT_KIND_GENEVE, 0);
		kerr(req, 0, NULL);
	}
}

static void khandle(struct nlmsghdr *req)
{
	struct genlmsghdr *g = nlmsg_data(req);
	struct nlattr *tb[CVSW_A_MAX + 1];
	bool ack = req->nlmsg_flags & NLM_F_ACK;
	bool dump = (req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP;
	struct nl_msg *m;

	if (req->nlmsg_type != FAMILY || cvswi_parse_top(req, tb)) {
		kerr(req, -EINVAL, "fake: malformed request");
		return;
	}
	switch (g->cmd) {
	case CVSW_CMD_DEV_GET:
		if (dump) {
			m = kmsg(CVSW_CMD_DEV_GET);
			put_device(m, 7, "fake0");
			ksend(m, req->nlmsg_seq, NLM_F_MULTI);
			m = kmsg(CVSW_CMD_DEV_GET);
			put_device(m, 8, "fake1");
			ksend(m, req->nlmsg_seq, NLM_F_MULTI);
			kdone(req, 0, NULL);
			return;
		}
		if (tb[CVSW_A_IFNAME] && !strcmp(nla_get_string(tb[CVSW_A_IFNAME]), "nodev")) {
			kerr(req, -ENODEV, "fake: no cvsw device nodev");
			return;
		}
		/* a stale reply of some earlier request must be skipped */
		m = kmsg(CVSW_CMD_DEV_GET);
		put_device(m, 99, "stale");
		ksend(m, req->nlmsg_seq - 1, 0);
		m = kmsg(CVSW_CMD_DEV_GET);
		put_device(m, 7, "fake0");
		ksend(m, req->nlmsg_seq, 0);
		break;
	case CVSW_CMD_FLOW_NEW: {
		struct cvsw_flow f;

		if (last_new_seq && req->nlmsg_seq != last_new_seq + 1)
			seq_in_order = false;
		last_new_seq = req->nlmsg_seq;
		flows_seen++;
		if (strlen(order) < sizeof(order) - 1)
			order[strlen(order)] = 'F';
		if (ack)
			acks_requested++;
		if (!tb[CVSW_A_FLOW] || cvswi_parse_flow(tb[CVSW_A_FLOW], &f)) {
			kerr(req, -EINVAL, "fake: bad flow");
			return;
		}
		if (f.priority == 666) {
			kerr(req, -EINVAL, "fake: priority 666 is cursed");
			return;
		}
		if (f.priority == 667) {
			kerr(req, -EEXIST, NULL);
			return;
		}
		break;
	}
	case CVSW_CMD_PACKET_OUT: {
		size_t n = strlen(order);

		if (n < sizeof(order) - 1) {
			order[n] = 'P';
			po_lens[n] = tb[CVSW_A_PACKET] ? (size_t)nla_len(tb[CVSW_A_PACKET]) : 0;
		}
		if (tb[CVSW_A_IN_PORT] && nla_get_u16(tb[CVSW_A_IN_PORT]) == 9) {
			kerr(req, -EINVAL, "fake: no port 9");
			return;
		}
		break;
	}
	case CVSW_CMD_FLOW_GET:
		if (tb[CVSW_A_IFNAME] && !strcmp(nla_get_string(tb[CVSW_A_IFNAME]), "bad")) {
			kdone(req, -ENODEV, "fake: dump of a missing device");
			return;
		}
		kdump_flows(req);
		return;		/* dumps end with DONE, no ack */
	case CVSW_CMD_PORT_NEW:
	case CVSW_CMD_PORT_DEL:
	case CVSW_CMD_PORT_GET:
		kports(req, g->cmd, dump, tb);
		return;
	case CVSW_CMD_FLOW_FLUSH:
		kerr(req, -EPERM, "fake: flushing needs CAP_NET_ADMIN");
		return;
	case CVSW_CMD_STATS_GET: {
		struct nlattr *n;

		m = kmsg(CVSW_CMD_STATS_GET);
		n = nla_nest_start(m, CVSW_A_TABLE_STATS | NLA_F_NESTED);
		nla_put_u32(m, CVSW_TABLE_STATS_A_ACTIVE, 5);
		nla_nest_end(m, n);
		for (int p = 1; p <= 2; p++) {
			n = nla_nest_start(m, CVSW_A_PORT_STATS | NLA_F_NESTED);
			nla_put_u16(m, CVSW_PORT_STATS_A_PORT, (uint16_t)p);
			nla_put_u64(m, CVSW_PORT_STATS_A_RX_PACKETS, 100u * p);
			nla_nest_end(m, n);
		}
		ksend(m, req->nlmsg_seq, 0);
		break;
	}
	default:
		break;
	}
	if (ack)
		kerr(req, 0, NULL);
}

static bool kstop;

static void *kernel_thread(void *arg)
{
	static unsigned char buf[1 << 20];

	(void)arg;
	while (!kstop) {
		ssize_t n = recv(kfd, buf, sizeof(buf), 0);
		struct nlmsghdr *nlh;
		int len;

		if (n <= 0)
			return NULL;
		len = (int)n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, len); nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_NOOP)
				kstop = true;	/* the test is over */
			else
				khandle(nlh);
		}
	}
	return NULL;
}

/* ---- tests ---- */

static int port_cb(const struct cvsw_port *p, void *arg)
{
	struct cvsw_port_list *l = arg;
	struct cvsw_port *a = (struct cvsw_port *)l->ports;

	if (l->n < 4)
		a[l->n++] = *p;
	return 0;
}

static void test_ports(struct cvsw_handle *h)
{
	struct cvsw_port ports[4], p = { .name = "vx0" }, out;
	struct cvsw_port_list l = { ports, 0 };
	struct cvsw_port_names names = { cvsw_port_list_resolve, &l };
	struct cvsw_flow f;
	size_t before = flows_seen;
	int r;

	cvsw_tunnel_parse("type=vxlan remote_ip=10.0.0.2 key=5", &p, NULL);
	r = cvsw_port_add(h, "fake0", &p, &out);
	ok(r == 0 && out.port_no == 3 && !strcmp(out.name, "vx0") &&
	   out.kind == CVSW_PORT_KIND_VXLAN && out.overhead == 50 &&
	   out.tun.remote_ip == 0x0a000002, "port add: the kernel's reply (%d %s)", r,
	   cvsw_last_error(h));
	strcpy(p.name, "quiet");
	r = cvsw_port_add(h, "fake0", &p, &out);
	ok(r == 0 && out.port_no == 4 && !strcmp(out.name, "quiet"),
	   "port add acked without the port: asked for by name (%d %s)", r, cvsw_last_error(h));
	ok(cvsw_port_add(h, "fake0", &p, NULL) == 0, "port add without out");
	strcpy(p.name, "taken");
	r = cvsw_port_add(h, "fake0", &p, &out);
	ok(r == -EEXIST && !strcmp(cvsw_last_error(h), "fake: a port named taken exists"),
	   "port add: errno and extack verbatim");
	strcpy(p.name, "NORMAL");
	r = cvsw_port_add(h, "fake0", &p, &out);
	ok(r == -EINVAL && strstr(cvsw_last_error(h), "invalid port name \"NORMAL\": a port name cannot be") ==
	   cvsw_last_error(h),
	   "port add: a reserved name refused before sending: %s", cvsw_last_error(h));
	strcpy(p.name, "h0");
	p.kind = CVSW_PORT_KIND_HOST;
	r = cvsw_port_add(h, "fake0", &p, &out);
	ok(r == -EINVAL && !strcmp(cvsw_last_error(h), "only tunnel ports can be added, not host ports"),
	   "port add: only tunnels");
	r = cvsw_port_del(h, "fake0", "2");
	ok(r == -EPERM && !strcmp(cvsw_last_error(h), "fake: ports 1 and 2 cannot be deleted"),
	   "port del by number: the kernel's refusal");
	ok(cvsw_port_del(h, "fake0", "vx0") == 0, "port del by name");
	ok(cvsw_port_del(h, "fake0", "a-name-of-16-chr") == -EINVAL &&
	   strstr(cvsw_last_error(h), "at most 15 characters"), "port del: a name too long");
	r = cvsw_port_get(h, "fake0", "nope", &out);
	ok(r == -ENOENT && !strcmp(cvsw_last_error(h), "fake: no such port"), "port get: ENOENT");
	ok(cvsw_port_get(h, "fake0", "vx0", &out) == 0 && out.port_no == 3 &&
	   out.tun.dst_port == 4789, "port get by name");
	r = cvsw_port_dump(h, "fake0", port_cb, &l);
	ok(r == 0 && l.n == 3 && ports[0].port_no == 1 && !strcmp(ports[1].name, "net") &&
	   ports[2].kind == CVSW_PORT_KIND_VXLAN, "port dump: host, net, vx0");
	ok(!cvsw_flow_parse_names("in_port=vx0,actions=output:net", CVSW_PARSE_FLOW, &names,
				  &f, NULL) && f.match.in_port == 3 && f.actions[0].u.output.port == 2,
	   "the dumped list resolves names in a flow");
	ok(flows_seen == before, "no flow was sent");
}

struct dump_state {
	unsigned n;
	bool in_order;
	unsigned stop_at;
};

static int dump_cb(const struct cvsw_flow *f, void *arg)
{
	struct dump_state *s = arg;

	if (f->priority != (uint16_t)s->n || f->match.tp_dst != (uint16_t)s->n ||
	    f->n_actions != 1 || f->actions[0].u.output.port != 2)
		s->in_order = false;
	s->n++;
	return s->stop_at && s->n == s->stop_at ? 42 : 0;
}

static int dev_cb(const struct cvsw_device *d, void *arg)
{
	unsigned *n = arg;

	(*n)++;
	return d->mtu == 1500 ? 0 : -1;
}

struct batch_errs {
	size_t idx[64];
	int err[64];
	char msg[64][64];
	unsigned n;
};

static int batch_cb(size_t index, int err, const char *msg, void *arg)
{
	struct batch_errs *e = arg;

	if (e->n < 64) {
		e->idx[e->n] = index;
		e->err[e->n] = err;
		snprintf(e->msg[e->n], sizeof(e->msg[0]), "%s", msg);
	}
	e->n++;
	return 0;
}

static void test_batch(struct cvsw_handle *h, unsigned flags, const char *mode)
{
	struct batch_errs e = { .n = 0 };
	struct cvsw_batch_result res;
	struct cvsw_batch *b;
	struct cvsw_flow f;
	bool idx_ok = true;
	int r;

	flows_seen = 0;
	last_new_seq = 0;
	seq_in_order = true;
	acks_requested = 0;
	b = cvsw_batch_new(h, "fake0", flags, batch_cb, &e);
	ok(b != NULL, "%s: batch started (%s)", mode, cvsw_last_error(h));
	if (!b)
		return;
	cvsw_flow_parse("priority=1,udp,tp_dst=1,actions=output:2", CVSW_PARSE_FLOW, &f, NULL);
	for (unsigned i = 0; i < 10000; i++) {
		f.priority = i % 1000 == 500 ? 666 : i == 9999 ? 667 : 1;
		f.match.tp_dst = (uint16_t)i;
		if (cvsw_batch_add(b, &f))
			break;
	}
	r = cvsw_batch_finish(b, &res);
	cvsw_batch_free(b);
	ok(flows_seen == 10000 && seq_in_order, "%s: the kernel got 10000 flows in order", mode);
	ok(res.n_sent == 10000 && res.n_failed == 11 && res.n_ok == 9989,
	   "%s: 9989 ok, 11 failed (%zu/%zu/%zu)", mode, res.n_ok, res.n_failed, res.n_sent);
	ok(e.n == 11, "%s: 11 error callbacks", mode);
	for (unsigned i = 0; i < 10 && i < e.n; i++)
		if (e.idx[i] != 500 + 1000 * i || e.err[i] != -EINVAL ||
		    strcmp(e.msg[i], "fake: priority 666 is cursed"))
			idx_ok = false;
	ok(idx_ok, "%s: failed indexes and extack messages verbatim", mode);
	ok(e.n == 11 && e.idx[10] == 9999 && e.err[10] == -EEXIST &&
	   !strcmp(e.msg[10], strerror(EEXIST)), "%s: an error without extack gets strerror", mode);
	ok(r == -EINVAL && res.first_failed == 500 &&
	   !strcmp(cvsw_last_error(h), "flow #500: fake: priority 666 is cursed"),
	   "%s: finish reports the first failure: %s", mode, cvsw_last_error(h));
	ok(res.n_sendmsg >= 2 && res.n_sendmsg < 200, "%s: %u sendmsg calls for 10000 flows",
	   mode, res.n_sendmsg);
	ok(res.n_recv < 10000, "%s: %u receive calls", mode, res.n_recv);
	if (flags & CVSW_BATCH_SPARSE_ACK)
		ok(acks_requested == res.n_sendmsg, "%s: one ack asked per buffer", mode);
	else
		ok(acks_requested == 10000, "%s: an ack asked per flow", mode);
}

/* Flow adds and packet-outs in one batch: in order, errors by index. */
static void test_batch_packet_out(struct cvsw_handle *h)
{
	static uint8_t frame[60000];
	struct cvsw_action out = { .type = CVSW_ACT_OUTPUT };
	struct batch_errs e = { .n = 0 };
	struct cvsw_batch_result res;
	struct cvsw_batch *b;
	struct cvsw_flow f;
	int r = 0;

	out.u.output.port = 1;
	memset(order, 0, sizeof(order));
	b = cvsw_batch_new(h, "fake0", CVSW_BATCH_SPARSE_ACK, batch_cb, &e);
	ok(b != NULL, "mixed batch started");
	if (!b)
		return;
	memset(order, 0, sizeof(order));
	cvsw_flow_parse("priority=1,udp,tp_dst=1,actions=output:2", CVSW_PARSE_FLOW, &f, NULL);
	r |= cvsw_batch_add(b, &f);
	r |= cvsw_batch_packet_out(b, 2, &out, 1, frame, 1500);
	r |= cvsw_batch_add(b, &f);
	r |= cvsw_batch_packet_out(b, 9, &out, 1, frame, 64);
	r |= cvsw_batch_packet_out(b, CVSW_PORT_NONE, &out, 1, frame, sizeof(frame));
	ok(r == 0, "two flows and three packet-outs queued (%s)", cvsw_last_error(h));
	ok(cvsw_batch_packet_out(b, 2, &out, 1, frame, 70000) == -EMSGSIZE,
	   "a packet over 65535 bytes is refused before it is queued");
	r = cvsw_batch_finish(b, &res);
	cvsw_batch_free(b);
	ok(!strcmp(order, "FPFPP") && po_lens[1] == 1500 && po_lens[4] == sizeof(frame),
	   "the kernel got them in the order queued, packets whole (%s)", order);
	ok(r == -EINVAL && res.n_sent == 5 && res.n_failed == 1 && e.n == 1 &&
	   e.idx[0] == 3 && !strcmp(e.msg[0], "fake: no port 9"),
	   "the refused packet-out is reported by its index with the kernel's message");
}

struct ev_state {
	struct cvsw_handle *h;
	unsigned n, pin, frem, port;
	bool request_ok;
};

static int ev_cb(const struct cvsw_event *ev, void *arg)
{
	struct ev_state *s = arg;
	struct cvsw_device d;

	s->n++;
	if (ev->type == CVSW_EVENT_PACKET_IN && ev->u.packet_in.len == 14 &&
	    ev->u.packet_in.in_port == 2)
		s->pin++;
	if (ev->type == CVSW_EVENT_FLOW_REMOVED &&
	    ev->u.flow_removed.flow.priority == 77 &&
	    ev->u.flow_removed.reason == CVSW_FRR_IDLE_TIMEOUT)
		s->frem++;
	if (ev->type == CVSW_EVENT_PORT_STATUS && ev->u.port_status.port == 2 &&
	    ev->u.port_status.link_up)
		s->port++;
	/* a request from inside the callback must not disturb the events */
	if (s->n == 1)
		s->request_ok = cvsw_device_get(s->h, "fake0", &d) == 0 && d.ifindex == 7;
	return 0;
}

/* Events: several per datagram, unknown commands skipped, requests made
 * from the callback, non-blocking when nothing waits. */
static void test_events(struct cvsw_handle *h)
{
	int ev[2];
	unsigned char buf[4096];
	size_t len = 0;
	struct ev_state s = { .h = h };
	uint8_t frame[14] = { 0 };
	struct nl_msg *m;
	struct cvsw_flow f;

	socketpair(AF_UNIX, SOCK_DGRAM | SOCK_NONBLOCK, 0, ev);
	cvswi_attach_event_fd(h, ev[0]);
	ok(cvsw_events_recv(h, ev_cb, &s) == 0, "events: nothing waiting, no block");

	m = kmsg(CVSW_CMD_PACKET_IN);
	nla_put_u32(m, CVSW_A_IFINDEX, 7);
	nla_put_u16(m, CVSW_A_IN_PORT, 2);
	nla_put_u8(m, CVSW_A_REASON, CVSW_PIN_NO_MATCH);
	nla_put(m, CVSW_A_PACKET, sizeof(frame), frame);
	memcpy(buf + len, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len);
	len += NLMSG_ALIGN(nlmsg_hdr(m)->nlmsg_len);
	nlmsg_free(m);
	m = kmsg(CVSW_CMD_DEV_SET);	/* not an event: skipped */
	memcpy(buf + len, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len);
	len += NLMSG_ALIGN(nlmsg_hdr(m)->nlmsg_len);
	nlmsg_free(m);
	m = kmsg(CVSW_CMD_FLOW_REMOVED);
	nla_put_u32(m, CVSW_A_IFINDEX, 7);
	nla_put_u8(m, CVSW_A_REASON, CVSW_FRR_IDLE_TIMEOUT);
	cvsw_flow_parse("priority=77,tcp", CVSW_PARSE_MATCH, &f, NULL);
	cvswi_put_flow(m, &f, PUT_PRIORITY);
	memcpy(buf + len, nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len);
	len += NLMSG_ALIGN(nlmsg_hdr(m)->nlmsg_len);
	nlmsg_free(m);
	send(ev[1], buf, len, 0);
	m = kmsg(CVSW_CMD_PORT_STATUS);
	nla_put_u32(m, CVSW_A_IFINDEX, 7);
	nla_put_u16(m, CVSW_A_IN_PORT, 2);
	nla_put_u8(m, CVSW_A_REASON, CVSW_PORT_MODIFY);
	nla_put_u8(m, CVSW_A_LINK_UP, 1);
	send(ev[1], nlmsg_hdr(m), nlmsg_hdr(m)->nlmsg_len, 0);
	nlmsg_free(m);

	ok(cvsw_events_recv(h, ev_cb, &s) == 3, "events: 3 events from 2 datagrams");
	ok(s.pin == 1 && s.frem == 1 && s.port == 1, "events: packet-in, flow-removed, port-status decoded");
	ok(s.request_ok, "events: a request from the callback works");
	ok(cvsw_events_recv(h, ev_cb, &s) == 0, "events: drained");
	cvswi_attach_event_fd(h, -1);
	close(ev[0]);
	close(ev[1]);
}

int main(void)
{
	int sv[2], big = 8 << 20;
	pthread_t t;
	struct cvsw_handle *h = cvsw_handle_alloc();
	struct cvsw_device d;
	struct cvsw_table_stats ts;
	struct cvsw_port_stats ps[1];
	struct dump_state ds = { .in_order = true };
	unsigned n = 0;
	int r;

	if (socketpair(AF_UNIX, SOCK_DGRAM, 0, sv)) {
		perror("socketpair");
		return 1;
	}
	for (int i = 0; i < 2; i++) {
		setsockopt(sv[i], SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big));
		setsockopt(sv[i], SOL_SOCKET, SO_RCVBUFFORCE, &big, sizeof(big));
	}
	kfd = sv[1];
	pthread_create(&t, NULL, kernel_thread, NULL);
	cvswi_attach_fd(h, sv[0], FAMILY);

	r = cvsw_device_get(h, "fake0", &d);
	ok(r == 0 && d.ifindex == 7 && !strcmp(d.name, "fake0"),
	   "device get skips a stale reply (%d %s)", r, cvsw_last_error(h));
	r = cvsw_device_get(h, "nodev", &d);
	ok(r == -ENODEV && !strcmp(cvsw_last_error(h), "fake: no cvsw device nodev"),
	   "kernel error: errno and extack verbatim");
	ok(cvsw_device_dump(h, dev_cb, &n) == 0 && n == 2, "device dump: 2 devices");
	r = cvsw_flow_flush(h, "fake0");
	ok(r == -EPERM && !strcmp(cvsw_last_error(h), "fake: flushing needs CAP_NET_ADMIN"),
	   "ack with error and extack");

	r = cvsw_flow_dump(h, "fake0", NULL, dump_cb, &ds);
	ok(r == 0 && ds.n == DUMP_FLOWS && ds.in_order,
	   "dump: %u flows across datagrams, in order", ds.n);
	ds = (struct dump_state){ .in_order = true, .stop_at = 10 };
	r = cvsw_flow_dump(h, "fake0", NULL, dump_cb, &ds);
	ok(r == 42 && ds.n == 10, "dump: a callback's stop value is returned");
	r = cvsw_device_get(h, "fake0", &d);
	ok(r == 0 && d.ifindex == 7, "requests stay in sync after a stopped dump");
	r = cvsw_flow_dump(h, "bad", NULL, dump_cb, &ds);
	ok(r == -ENODEV && !strcmp(cvsw_last_error(h), "fake: dump of a missing device"),
	   "dump error in NLMSG_DONE with extack");

	r = cvsw_stats_get(h, "fake0", &ts, ps, 1, &n);
	ok(r == 0 && ts.active == 5 && n == 2 && ps[0].port == 1 && ps[0].rx_packets == 100,
	   "stats: table and ports (array shorter than the ports)");

	test_ports(h);
	test_events(h);
	test_batch(h, 0, "ack every flow");
	test_batch(h, CVSW_BATCH_SPARSE_ACK, "sparse acks");
	test_batch_packet_out(h);

	struct cvsw_flow f;

	cvsw_flow_parse("priority=666,actions=drop", CVSW_PARSE_FLOW, &f, NULL);
	r = cvsw_flow_add(h, "fake0", &f);
	ok(r == -EINVAL && !strcmp(cvsw_last_error(h), "fake: priority 666 is cursed"),
	   "flow add: extack verbatim after batches");
	f.has_actions = false;
	ok(cvsw_flow_add(h, "fake0", &f) == -EINVAL &&
	   strstr(cvsw_last_error(h), "needs actions"), "flow add without actions refused locally");

	/* stop the fake kernel with a message: a blocked recv() is not
	 * reliably woken by shutdown() under valgrind */
	struct nlmsghdr bye = { .nlmsg_len = NLMSG_HDRLEN, .nlmsg_type = NLMSG_NOOP };

	send(sv[0], &bye, sizeof(bye), 0);
	pthread_join(t, NULL);
	close(sv[0]);
	close(sv[1]);
	cvsw_close(h);
	return tap_done();
}
