/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Ports: CVSW_CMD_PORT_NEW/DEL/GET (doit and dumpit) and the CVSW_A_PORT
 * nest both ways. Only what is not a default goes on the wire: the ABI
 * reads an absent attribute as its default.
 */
#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "internal.h"
#include "ports.h"
#include "syntax.h"

static struct nla_policy port_policy[CVSW_PORT_A_MAX + 1] = {
	[CVSW_PORT_A_PORT_NO] = { .type = NLA_U16 },
	[CVSW_PORT_A_NAME] = { .type = NLA_STRING, .maxlen = 16 },
	[CVSW_PORT_A_KIND] = { .type = NLA_U8 },
	[CVSW_PORT_A_REMOTE_IP] = { .type = NLA_U32 },
	[CVSW_PORT_A_LOCAL_IP] = { .type = NLA_U32 },
	[CVSW_PORT_A_KEY] = { .type = NLA_U64 },
	[CVSW_PORT_A_KEY_FLOW] = { .type = NLA_FLAG },
	[CVSW_PORT_A_DST_PORT] = { .type = NLA_U16 },
	[CVSW_PORT_A_REMOTE_MAC] = { .type = NLA_UNSPEC, .minlen = 6, .maxlen = 6 },
	[CVSW_PORT_A_TOS] = { .type = NLA_U8 },
	[CVSW_PORT_A_TOS_INHERIT] = { .type = NLA_FLAG },
	[CVSW_PORT_A_TTL] = { .type = NLA_U8 },
	[CVSW_PORT_A_FLOWID_HASH] = { .type = NLA_FLAG },
	[CVSW_PORT_A_OVERHEAD] = { .type = NLA_U16 },
	[CVSW_PORT_A_TUN_STATS] = { .type = NLA_NESTED },
};

/* The tunnel counters: attribute, name and place, in one table. */
static const struct {
	int attr;
	const char *name;
	size_t off;
} tun_stats[] = {
#define TS(a, f) { CVSW_TUN_STATS_A_##a, #f, offsetof(struct cvsw_tunnel_stats, f) }
	TS(ENCAP_ERRORS, encap_errors), TS(NO_NEIGH, no_neigh),
	TS(NO_ROUTE, no_route), TS(TOO_BIG, too_big),
	TS(DECAP_ERRORS, decap_errors), TS(REASM_DONE, reasm_done),
	TS(REASM_DROPS, reasm_drops), TS(REASM_TIMEOUTS, reasm_timeouts),
#undef TS
};
static_assert(sizeof(tun_stats) / sizeof(tun_stats[0]) == CVSW_TUN_STATS_A_PAD - 1,
	      "a tunnel counter of kmod/uapi/cvsw.h has no entry");

bool cvsw_tunnel_stat(unsigned i, const struct cvsw_tunnel_stats *st,
		      const char **name, uint64_t *value)
{
	if (i >= sizeof(tun_stats) / sizeof(tun_stats[0]))
		return false;
	*name = tun_stats[i].name;
	memcpy(value, (const char *)st + tun_stats[i].off, sizeof(*value));
	return true;
}

static int put_id(struct nl_msg *msg, const struct cvsw_port *p)
{
	int r = 0;

	if (p->port_no)
		r |= nla_put_u16(msg, CVSW_PORT_A_PORT_NO, p->port_no);
	if (p->name[0])
		r |= nla_put_string(msg, CVSW_PORT_A_NAME, p->name);
	return r;
}

static int put_config(struct nl_msg *msg, const struct cvsw_port *p)
{
	const struct cvsw_tunnel *t = &p->tun;
	int r = nla_put_u8(msg, CVSW_PORT_A_KIND, p->kind);

	if (!cvsw_port_kind_is_tunnel(p->kind))
		return r;
	r |= nla_put_u32(msg, CVSW_PORT_A_REMOTE_IP, htonl(t->remote_ip));
	if (t->local_ip)
		r |= nla_put_u32(msg, CVSW_PORT_A_LOCAL_IP, htonl(t->local_ip));
	if (t->key_flow)
		r |= nla_put_flag(msg, CVSW_PORT_A_KEY_FLOW);
	else if (t->key)
		r |= nla_put_u64(msg, CVSW_PORT_A_KEY, t->key);
	if (t->dst_port)
		r |= nla_put_u16(msg, CVSW_PORT_A_DST_PORT, t->dst_port);
	if (t->has_remote_mac)
		r |= nla_put(msg, CVSW_PORT_A_REMOTE_MAC, 6, t->remote_mac);
	if (t->tos_inherit)
		r |= nla_put_flag(msg, CVSW_PORT_A_TOS_INHERIT);
	else if (t->tos)
		r |= nla_put_u8(msg, CVSW_PORT_A_TOS, t->tos);
	if (t->ttl)
		r |= nla_put_u8(msg, CVSW_PORT_A_TTL, t->ttl);
	if (t->flowid_hash)
		r |= nla_put_flag(msg, CVSW_PORT_A_FLOWID_HASH);
	return r;
}

int cvswi_port_msg(int family, uint8_t cmd, const char *dev,
		   const struct cvsw_port *port, unsigned what, bool dump,
		   struct nl_msg **out)
{
	struct nl_msg *msg = cvswi_msg_new(family, cmd, dump ? NLM_F_DUMP : 0);
	struct nlattr *nest;
	int r;

	if (!msg)
		return -ENOMEM;
	r = cvswi_put_dev(msg, dev);
	if (!r && !dump) {
		nest = nla_nest_start(msg, CVSW_A_PORT | NLA_F_NESTED);
		if (!nest ||
		    ((what & PORT_PUT_ID) && put_id(msg, port)) ||
		    ((what & PORT_PUT_CONFIG) && put_config(msg, port)) ||
		    nla_nest_end(msg, nest))
			r = -EMSGSIZE;
	}
	if (r) {
		nlmsg_free(msg);
		return r;
	}
	*out = msg;
	return 0;
}

static int parse_tun_stats(struct nlattr *nest, struct cvsw_tunnel_stats *st)
{
	struct nlattr *tb[CVSW_TUN_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, CVSW_TUN_STATS_A_MAX, nest, NULL))
		return -EPROTO;
	for (size_t i = 0; i < sizeof(tun_stats) / sizeof(tun_stats[0]); i++) {
		struct nlattr *a = tb[tun_stats[i].attr];
		uint64_t v;

		if (!a)
			continue;
		if (nla_len(a) < 8)
			return -EPROTO;
		v = nla_get_u64(a);
		memcpy((char *)st + tun_stats[i].off, &v, sizeof(v));
	}
	return 0;
}

int cvswi_parse_port_attr(struct nlattr *nest, struct cvsw_port *p)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1];
	struct cvsw_tunnel *t = &p->tun;

	memset(p, 0, sizeof(*p));
	if (nla_parse_nested(tb, CVSW_PORT_A_MAX, nest, port_policy) ||
	    !tb[CVSW_PORT_A_PORT_NO])
		return -EPROTO;
	p->port_no = nla_get_u16(tb[CVSW_PORT_A_PORT_NO]);
	if (tb[CVSW_PORT_A_NAME])
		snprintf(p->name, sizeof(p->name), "%.*s",
			 nla_len(tb[CVSW_PORT_A_NAME]),
			 (const char *)nla_data(tb[CVSW_PORT_A_NAME]));
	if (tb[CVSW_PORT_A_KIND])
		p->kind = nla_get_u8(tb[CVSW_PORT_A_KIND]);
	if (tb[CVSW_PORT_A_REMOTE_IP])
		t->remote_ip = ntohl(nla_get_u32(tb[CVSW_PORT_A_REMOTE_IP]));
	if (tb[CVSW_PORT_A_LOCAL_IP])
		t->local_ip = ntohl(nla_get_u32(tb[CVSW_PORT_A_LOCAL_IP]));
	if (tb[CVSW_PORT_A_KEY])
		t->key = nla_get_u64(tb[CVSW_PORT_A_KEY]);
	t->key_flow = tb[CVSW_PORT_A_KEY_FLOW];
	if (tb[CVSW_PORT_A_DST_PORT])
		t->dst_port = nla_get_u16(tb[CVSW_PORT_A_DST_PORT]);
	if (tb[CVSW_PORT_A_REMOTE_MAC]) {
		memcpy(t->remote_mac, nla_data(tb[CVSW_PORT_A_REMOTE_MAC]), 6);
		t->has_remote_mac = true;
	}
	if (tb[CVSW_PORT_A_TOS])
		t->tos = nla_get_u8(tb[CVSW_PORT_A_TOS]);
	t->tos_inherit = tb[CVSW_PORT_A_TOS_INHERIT];
	if (tb[CVSW_PORT_A_TTL])
		t->ttl = nla_get_u8(tb[CVSW_PORT_A_TTL]);
	t->flowid_hash = tb[CVSW_PORT_A_FLOWID_HASH];
	if (tb[CVSW_PORT_A_OVERHEAD])
		p->overhead = nla_get_u16(tb[CVSW_PORT_A_OVERHEAD]);
	if (tb[CVSW_PORT_A_TUN_STATS]) {
		p->has_stats = true;
		if (parse_tun_stats(tb[CVSW_PORT_A_TUN_STATS], &p->stats))
			return -EPROTO;
	}
	return 0;
}

/* ---- requests ---- */

struct port_walk {
	struct cvsw_handle *h;
	cvsw_port_cb cb;
	void *arg;
	struct cvsw_port *one;	/* doit: the reply goes here */
	bool got;
};

static int port_msg_cb(struct nlmsghdr *nlh, void *arg)
{
	struct port_walk *w = arg;
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct cvsw_port p;

	if (cvswi_parse_top(nlh, tb) || !tb[CVSW_A_PORT] ||
	    cvswi_parse_port_attr(tb[CVSW_A_PORT], &p))
		return cvswi_error(w->h, -EPROTO, "malformed port message from the kernel");
	w->got = true;
	if (w->one) {
		*w->one = p;
		return 0;
	}
	return w->cb ? w->cb(&p, w->arg) : 0;
}

/* A port named by its number ("3") or its name ("vx0"). */
static int port_id(struct cvsw_handle *h, const char *s, struct cvsw_port *p)
{
	uint64_t v;

	memset(p, 0, sizeof(*p));
	if (cvswi_parse_uint(s, CVSW_PORT_MAX, &v) == PV_OK && v) {
		p->port_no = (uint16_t)v;
		return 0;
	}
	if (!s[0] || strlen(s) >= sizeof(p->name))
		return cvswi_error(h, -EINVAL, "invalid port \"%s\" (a number or a name of at most 15 characters)", s);
	strcpy(p->name, s);
	return 0;
}

static int port_request(struct cvsw_handle *h, uint8_t cmd, const char *dev,
			const struct cvsw_port *port, unsigned what, bool dump,
			struct port_walk *w)
{
	struct nl_msg *msg;
	int r = cvswi_check(h);

	if (r)
		return r;
	r = cvswi_port_msg(h->family, cmd, dev, port, what, dump, &msg);
	if (r == -EINVAL)
		return cvswi_error(h, r, "invalid device name \"%s\"", dev ? dev : "");
	if (r)
		return cvswi_error(h, r, "cannot build the port request: %s", strerror(-r));
	return cvswi_transact(h, msg, port_msg_cb, w);
}

int cvsw_port_add(struct cvsw_handle *h, const char *dev,
		  const struct cvsw_port *port, struct cvsw_port *out)
{
	struct port_walk w = { .h = h, .one = out };
	const char *why;
	int r;

	if (cvsw_port_name_check(port->name, &why))
		return cvswi_error(h, -EINVAL, "invalid port name \"%s\": %s",
				   port->name, why);
	if (!cvsw_port_kind_is_tunnel(port->kind))
		return cvswi_error(h, -EINVAL, "only tunnel ports can be added, not %s ports",
				   cvsw_port_kind_name(port->kind) ?
				   cvsw_port_kind_name(port->kind) : "unknown");
	r = port_request(h, CVSW_CMD_PORT_NEW, dev, port,
			 PORT_PUT_ID | PORT_PUT_CONFIG, false, &w);
	if (r || !out || w.got)
		return r;
	/* the kernel acked without the port: ask for it by name */
	return cvsw_port_get(h, dev, port->name, out);
}

int cvsw_port_del(struct cvsw_handle *h, const char *dev, const char *port)
{
	struct port_walk w = { .h = h };
	struct cvsw_port p;
	int r = port_id(h, port, &p);

	if (r)
		return r;
	return port_request(h, CVSW_CMD_PORT_DEL, dev, &p, PORT_PUT_ID, false, &w);
}

int cvsw_port_get(struct cvsw_handle *h, const char *dev, const char *port,
		  struct cvsw_port *out)
{
	struct port_walk w = { .h = h, .one = out };
	struct cvsw_port p;
	int r = port_id(h, port, &p);

	if (r)
		return r;
	r = port_request(h, CVSW_CMD_PORT_GET, dev, &p, PORT_PUT_ID, false, &w);
	if (!r && !w.got)
		return cvswi_error(h, -EPROTO, "the kernel sent no port");
	return r;
}

int cvsw_port_dump(struct cvsw_handle *h, const char *dev, cvsw_port_cb cb,
		   void *arg)
{
	struct port_walk w = { .h = h, .cb = cb, .arg = arg };

	return port_request(h, CVSW_CMD_PORT_GET, dev, NULL, 0, true, &w);
}
