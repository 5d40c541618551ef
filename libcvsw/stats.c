/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* CVSW_CMD_STATS_GET (table and port statistics) and CVSW_CMD_PACKET_OUT. */
#include <errno.h>
#include <string.h>
#include <netlink/genl/genl.h>

#include "internal.h"

static struct nla_policy table_policy[CVSW_TABLE_STATS_A_MAX + 1] = {
	[CVSW_TABLE_STATS_A_ACTIVE] = { .type = NLA_U32 },
	[CVSW_TABLE_STATS_A_MAX_ENTRIES] = { .type = NLA_U32 },
	[CVSW_TABLE_STATS_A_MASKS] = { .type = NLA_U32 },
	[CVSW_TABLE_STATS_A_LOOKUPS] = { .type = NLA_U64 },
	[CVSW_TABLE_STATS_A_MATCHED] = { .type = NLA_U64 },
};

static struct nla_policy port_policy[CVSW_PORT_STATS_A_MAX + 1] = {
	[CVSW_PORT_STATS_A_PORT] = { .type = NLA_U16 },
	[CVSW_PORT_STATS_A_RX_PACKETS] = { .type = NLA_U64 },
	[CVSW_PORT_STATS_A_RX_BYTES] = { .type = NLA_U64 },
	[CVSW_PORT_STATS_A_TX_PACKETS] = { .type = NLA_U64 },
	[CVSW_PORT_STATS_A_TX_BYTES] = { .type = NLA_U64 },
	[CVSW_PORT_STATS_A_DROPPED] = { .type = NLA_U64 },
};

struct stats_req {
	struct cvsw_handle *h;
	struct cvsw_table_stats *table;
	struct cvsw_port_stats *ports;
	unsigned max_ports, n_ports;
};

static uint64_t u64_or_0(struct nlattr *a)
{
	return a ? nla_get_u64(a) : 0;
}

static uint32_t u32_or_0(struct nlattr *a)
{
	return a ? nla_get_u32(a) : 0;
}

int cvswi_parse_table_stats(struct nlattr *nest, struct cvsw_table_stats *t)
{
	struct nlattr *tb[CVSW_TABLE_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, CVSW_TABLE_STATS_A_MAX, nest, table_policy))
		return -EPROTO;
	t->active = u32_or_0(tb[CVSW_TABLE_STATS_A_ACTIVE]);
	t->max_entries = u32_or_0(tb[CVSW_TABLE_STATS_A_MAX_ENTRIES]);
	t->masks = u32_or_0(tb[CVSW_TABLE_STATS_A_MASKS]);
	t->lookups = u64_or_0(tb[CVSW_TABLE_STATS_A_LOOKUPS]);
	t->matched = u64_or_0(tb[CVSW_TABLE_STATS_A_MATCHED]);
	return 0;
}

int cvswi_parse_port_stats(struct nlattr *nest, struct cvsw_port_stats *p)
{
	struct nlattr *tb[CVSW_PORT_STATS_A_MAX + 1];

	if (nla_parse_nested(tb, CVSW_PORT_STATS_A_MAX, nest, port_policy) ||
	    !tb[CVSW_PORT_STATS_A_PORT])
		return -EPROTO;
	p->port = nla_get_u16(tb[CVSW_PORT_STATS_A_PORT]);
	p->rx_packets = u64_or_0(tb[CVSW_PORT_STATS_A_RX_PACKETS]);
	p->rx_bytes = u64_or_0(tb[CVSW_PORT_STATS_A_RX_BYTES]);
	p->tx_packets = u64_or_0(tb[CVSW_PORT_STATS_A_TX_PACKETS]);
	p->tx_bytes = u64_or_0(tb[CVSW_PORT_STATS_A_TX_BYTES]);
	p->dropped = u64_or_0(tb[CVSW_PORT_STATS_A_DROPPED]);
	return 0;
}

static int stats_cb(struct nlmsghdr *nlh, void *arg)
{
	struct stats_req *s = arg;
	struct genlmsghdr *g = nlmsg_data(nlh);
	struct nlattr *a;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return cvswi_error(s->h, -EPROTO, "malformed stats message");
	/* several CVSW_A_PORT_STATS: walk, as nla_parse keeps only one */
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem) {
		int type = nla_type(a);

		if (type == CVSW_A_TABLE_STATS && s->table) {
			if (cvswi_parse_table_stats(a, s->table))
				return cvswi_error(s->h, -EPROTO,
						   "malformed table stats");
		} else if (type == CVSW_A_PORT_STATS) {
			struct cvsw_port_stats p;

			if (cvswi_parse_port_stats(a, &p))
				return cvswi_error(s->h, -EPROTO,
						   "malformed port stats");
			if (s->n_ports < s->max_ports)
				s->ports[s->n_ports] = p;
			s->n_ports++;
		}
	}
	return 0;
}

int cvsw_stats_get(struct cvsw_handle *h, const char *dev,
		   struct cvsw_table_stats *table,
		   struct cvsw_port_stats *ports, unsigned max_ports,
		   unsigned *n_ports)
{
	struct stats_req s = {
		.h = h, .table = table, .ports = ports, .max_ports = max_ports,
	};
	struct nl_msg *msg;
	int r = cvswi_dev_msg(h, CVSW_CMD_STATS_GET, 0, dev, &msg);

	if (r)
		return r;
	if (table)
		memset(table, 0, sizeof(*table));
	r = cvswi_transact(h, msg, stats_cb, &s);
	if (n_ports)
		*n_ports = s.n_ports;
	return r;
}

int cvswi_put_packet_out(struct nl_msg *msg, const char *dev, uint16_t in_port,
			 const struct cvsw_action *actions, unsigned n,
			 const void *data, size_t len)
{
	int r;

	if (len > 65535)
		return -EMSGSIZE;
	r = cvswi_put_dev(msg, dev);
	if (!r && in_port != CVSW_PORT_NONE &&
	    nla_put_u16(msg, CVSW_A_IN_PORT, in_port))
		r = -EMSGSIZE;
	if (!r)
		r = cvswi_put_actions(msg, CVSW_A_ACTIONS, actions, n);
	if (!r && nla_put(msg, CVSW_A_PACKET, (int)len, data))
		r = -EMSGSIZE;
	return r;
}

int cvswi_packet_out_msg(int family, const char *dev, uint16_t in_port,
			 const struct cvsw_action *actions, unsigned n,
			 const void *data, size_t len, struct nl_msg **out)
{
	struct nl_msg *msg;
	int r;

	if (len > 65535)
		return -EMSGSIZE;
	msg = nlmsg_alloc_size(len + 1024 + n * 16);
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0,
			 CVSW_CMD_PACKET_OUT, CVSW_GENL_VERSION)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	r = cvswi_put_packet_out(msg, dev, in_port, actions, n, data, len);
	if (r) {
		nlmsg_free(msg);
		return r;
	}
	*out = msg;
	return 0;
}

int cvsw_packet_out(struct cvsw_handle *h, const char *dev, uint16_t in_port,
		    const struct cvsw_action *actions, unsigned n_actions,
		    const void *data, size_t len)
{
	struct nl_msg *msg;
	int r = cvswi_check(h);

	if (r)
		return r;
	r = cvswi_packet_out_msg(h->family, dev, in_port, actions, n_actions,
				 data, len, &msg);
	if (r == -EINVAL)
		return cvswi_error(h, r, "invalid device name or action");
	if (r)
		return cvswi_error(h, r, "cannot build the packet-out: %s",
				   strerror(-r));
	return cvswi_transact(h, msg, NULL, NULL);
}
