/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Netlink translation without a kernel: requests are built exactly as
 * libcvsw sends them, then decoded with libnl (nla_parse with policies)
 * and checked attribute by attribute against kmod/uapi/cvsw.h: presence,
 * byte order, exact lengths (the kernel validates strictly), NLA_F_NESTED
 * and order of actions. Replies and events are built the way the kernel
 * would and fed to the library's decoders.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "internal.h"
#include "ports.h"
#include "tap.h"
#include "randflow.h"

#define FAMILY 0x42

/* ---- strict layout walk: every attribute has exactly its ABI size ---- */

enum kind { K_NONE, K_U8, K_U16, K_U32, K_U64, K_BIN6, K_FLAG, K_STR, K_NEST,
	    K_BIN, K_OUT, K_ENQ };

static const enum kind top_k[CVSW_A_MAX + 1] = {
	[CVSW_A_IFINDEX] = K_U32, [CVSW_A_IFNAME] = K_STR,
	[CVSW_A_FLOW] = K_NEST, [CVSW_A_PACKET] = K_BIN,
	[CVSW_A_IN_PORT] = K_U16, [CVSW_A_ACTIONS] = K_NEST,
	[CVSW_A_MTU] = K_U32, [CVSW_A_MISS] = K_U8,
	[CVSW_A_PACKET_IN_RATE] = K_U32, [CVSW_A_OFFLOADS] = K_NEST,
	[CVSW_A_PORT] = K_NEST,
};
/* what a request may carry in CVSW_A_PORT (OVERHEAD, TUN_STATS: replies) */
static const enum kind port_k[CVSW_PORT_A_MAX + 1] = {
	[CVSW_PORT_A_PORT_NO] = K_U16, [CVSW_PORT_A_NAME] = K_STR,
	[CVSW_PORT_A_KIND] = K_U8, [CVSW_PORT_A_REMOTE_IP] = K_U32,
	[CVSW_PORT_A_LOCAL_IP] = K_U32, [CVSW_PORT_A_KEY] = K_U64,
	[CVSW_PORT_A_KEY_FLOW] = K_FLAG, [CVSW_PORT_A_DST_PORT] = K_U16,
	[CVSW_PORT_A_REMOTE_MAC] = K_BIN6, [CVSW_PORT_A_TOS] = K_U8,
	[CVSW_PORT_A_TOS_INHERIT] = K_FLAG, [CVSW_PORT_A_TTL] = K_U8,
	[CVSW_PORT_A_FLOWID_HASH] = K_FLAG,
};
static const enum kind flow_k[CVSW_FLOW_A_MAX + 1] = {
	[CVSW_FLOW_A_MATCH] = K_NEST, [CVSW_FLOW_A_ACTIONS] = K_NEST,
	[CVSW_FLOW_A_PRIORITY] = K_U16, [CVSW_FLOW_A_COOKIE] = K_U64,
	[CVSW_FLOW_A_IDLE_TIMEOUT] = K_U16, [CVSW_FLOW_A_HARD_TIMEOUT] = K_U16,
	[CVSW_FLOW_A_FLAGS] = K_U32, [CVSW_FLOW_A_STRICT] = K_FLAG,
	[CVSW_FLOW_A_OUT_PORT] = K_U16,
};
static const enum kind match_k[CVSW_MATCH_A_MAX + 1] = {
	[CVSW_MATCH_A_IN_PORT] = K_U16, [CVSW_MATCH_A_DL_SRC] = K_BIN6,
	[CVSW_MATCH_A_DL_DST] = K_BIN6, [CVSW_MATCH_A_DL_VLAN] = K_U16,
	[CVSW_MATCH_A_DL_VLAN_PCP] = K_U8, [CVSW_MATCH_A_DL_TYPE] = K_U16,
	[CVSW_MATCH_A_NW_TOS] = K_U8, [CVSW_MATCH_A_NW_PROTO] = K_U8,
	[CVSW_MATCH_A_NW_SRC] = K_U32, [CVSW_MATCH_A_NW_SRC_PREFIX] = K_U8,
	[CVSW_MATCH_A_NW_DST] = K_U32, [CVSW_MATCH_A_NW_DST_PREFIX] = K_U8,
	[CVSW_MATCH_A_TP_SRC] = K_U16, [CVSW_MATCH_A_TP_DST] = K_U16,
	[CVSW_MATCH_A_TUN_ID] = K_U64, [CVSW_MATCH_A_TUN_SRC] = K_U32,
	[CVSW_MATCH_A_TUN_SRC_PREFIX] = K_U8, [CVSW_MATCH_A_TUN_DST] = K_U32,
	[CVSW_MATCH_A_TUN_DST_PREFIX] = K_U8,
};
static const enum kind action_k[CVSW_ACTION_A_MAX + 1] = {
	[CVSW_ACTION_A_OUTPUT] = K_OUT, [CVSW_ACTION_A_SET_VLAN_VID] = K_U16,
	[CVSW_ACTION_A_SET_VLAN_PCP] = K_U8, [CVSW_ACTION_A_STRIP_VLAN] = K_FLAG,
	[CVSW_ACTION_A_SET_DL_SRC] = K_BIN6, [CVSW_ACTION_A_SET_DL_DST] = K_BIN6,
	[CVSW_ACTION_A_SET_NW_SRC] = K_U32, [CVSW_ACTION_A_SET_NW_DST] = K_U32,
	[CVSW_ACTION_A_SET_NW_TOS] = K_U8, [CVSW_ACTION_A_SET_TP_SRC] = K_U16,
	[CVSW_ACTION_A_SET_TP_DST] = K_U16, [CVSW_ACTION_A_ENQUEUE] = K_ENQ,
	[CVSW_ACTION_A_SET_TUNNEL] = K_U64,
};
static const enum kind offload_k[CVSW_OFFLOAD_A_MAX + 1] = {
	[1] = K_U8, [2] = K_U8, [3] = K_U8, [4] = K_U8, [5] = K_U8,
	[6] = K_U8, [7] = K_U8,
};

static char layout_err[256];

/* which: 0 top, 1 flow, 2 match, 3 actions, 4 offloads, 5 port */
static bool walk(const struct nlattr *head, int len, int which);

static bool check_attr(const struct nlattr *a, int which)
{
	static const enum kind *tabs[] = { top_k, flow_k, match_k, action_k, offload_k,
					   port_k };
	static const int maxes[] = { CVSW_A_MAX, CVSW_FLOW_A_MAX, CVSW_MATCH_A_MAX,
				     CVSW_ACTION_A_MAX, CVSW_OFFLOAD_A_MAX,
				     CVSW_PORT_A_MAX };
	int type = a->nla_type & NLA_TYPE_MASK, len = nla_len(a);
	bool nested = a->nla_type & NLA_F_NESTED;
	enum kind k = type <= maxes[which] ? tabs[which][type] : K_NONE;
	int want = -1;

	switch (k) {
	case K_NONE:
		snprintf(layout_err, sizeof(layout_err), "level %d: unexpected attr %d", which, type);
		return false;
	case K_U8: want = 1; break;
	case K_U16: want = 2; break;
	case K_U32: want = 4; break;
	case K_U64: want = 8; break;
	case K_BIN6: want = 6; break;
	case K_FLAG: want = 0; break;
	case K_OUT: want = sizeof(struct cvsw_action_output); break;
	case K_ENQ: want = sizeof(struct cvsw_action_enqueue); break;
	case K_STR:
		if (len < 1 || ((const char *)nla_data(a))[len - 1]) {
			snprintf(layout_err, sizeof(layout_err), "string %d not NUL-terminated", type);
			return false;
		}
		break;
	case K_BIN:
		break;
	case K_NEST: {
		int sub = which == 0 ? (type == CVSW_A_FLOW ? 1 :
					type == CVSW_A_ACTIONS ? 3 :
					type == CVSW_A_PORT ? 5 : 4)
				     : (type == CVSW_FLOW_A_MATCH ? 2 : 3);

		if (!nested) {
			snprintf(layout_err, sizeof(layout_err), "nest %d without NLA_F_NESTED", type);
			return false;
		}
		return walk(nla_data(a), len, sub);
	}
	}
	if (nested) {
		snprintf(layout_err, sizeof(layout_err), "attr %d: NLA_F_NESTED on a leaf", type);
		return false;
	}
	if (want >= 0 && len != want) {
		snprintf(layout_err, sizeof(layout_err), "level %d attr %d: len %d, want %d",
			 which, type, len, want);
		return false;
	}
	return true;
}

static bool walk(const struct nlattr *head, int len, int which)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_attr(a, (struct nlattr *)head, len, rem)
		if (!check_attr(a, which))
			return false;
	if (rem) {
		snprintf(layout_err, sizeof(layout_err), "%d trailing bytes", rem);
		return false;
	}
	return true;
}

static bool layout_ok(struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct genlmsghdr *g = nlmsg_data(nlh);

	return walk(genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), 0);
}

/* ---- helpers ---- */

static struct nlattr *flow_nest(struct nl_msg *msg, struct nlattr **tb)
{
	if (cvswi_parse_top(nlmsg_hdr(msg), tb))
		return NULL;
	return tb[CVSW_A_FLOW];
}

static struct nlattr *sub(struct nlattr *nest, int type)
{
	struct nlattr *tb[CVSW_FLOW_A_MAX + 1];

	if (nla_parse_nested(tb, CVSW_FLOW_A_MAX, nest, cvswi_flow_policy))
		return NULL;
	return tb[type];
}

static struct nlattr *match_attr(struct nlattr *flow, int type)
{
	struct nlattr *tb[CVSW_MATCH_A_MAX + 1];
	struct nlattr *m = sub(flow, CVSW_FLOW_A_MATCH);

	if (!m || nla_parse_nested(tb, CVSW_MATCH_A_MAX, m, cvswi_match_policy))
		return NULL;
	return tb[type];
}

static struct nl_msg *build(uint8_t cmd, const char *dev, const char *text,
			    bool strict)
{
	struct cvsw_flow f;
	struct nl_msg *msg = NULL;
	enum cvsw_parse_mode mode = cmd == CVSW_CMD_FLOW_NEW ||
		cmd == CVSW_CMD_FLOW_SET ? CVSW_PARSE_FLOW : CVSW_PARSE_MATCH;

	if (cvsw_flow_parse(text, mode, &f, NULL))
		return NULL;
	if (cvswi_flow_msg(FAMILY, cmd, dev, &f, strict, &msg))
		return NULL;
	return msg;
}

/* What of a flow a command carries, as the decoder will see it. */
static void project(struct cvsw_flow *f, unsigned what)
{
	if (!(what & PUT_ACTIONS)) {
		f->has_actions = false;
		f->n_actions = 0;
	}
	if (!(what & PUT_PRIORITY))
		f->priority = CVSW_FLOW_DEFAULT_PRIORITY;
	if (!(what & PUT_OPTIONS)) {
		f->cookie = 0;
		f->idle_timeout = f->hard_timeout = 0;
		f->flags = 0;
	}
	if (!(what & PUT_OUT_PORT))
		f->out_port = CVSW_PORT_NONE;
	f->packets = f->bytes = f->duration_ms = f->idle_ms = 0;
}

/* ---- tests ---- */

static void test_random_roundtrip(void)
{
	static const struct { uint8_t cmd; bool strict; const char *name; } cmds[] = {
		{ CVSW_CMD_FLOW_NEW, false, "new" },
		{ CVSW_CMD_FLOW_SET, false, "set" },
		{ CVSW_CMD_FLOW_SET, true, "set strict" },
		{ CVSW_CMD_FLOW_DEL, false, "del" },
		{ CVSW_CMD_FLOW_DEL, true, "del strict" },
		{ CVSW_CMD_FLOW_GET, true, "get" },
		{ CVSW_CMD_FLOW_GET, false, "dump" },
	};

	for (size_t c = 0; c < sizeof(cmds) / sizeof(cmds[0]); c++) {
		unsigned bad = 0, badlayout = 0;

		for (int i = 0; i < 3000; i++) {
			struct cvsw_flow f, got;
			struct nlattr *tb[CVSW_A_MAX + 1], *fl;
			struct nl_msg *msg;
			unsigned what = cvswi_flow_what(cmds[c].cmd, cmds[c].strict);

			rnd_flow(&f, CVSW_PARSE_DUMP);
			if (rnd_below(2))
				f.out_port = rnd_port();
			if (cvswi_flow_msg(FAMILY, cmds[c].cmd, "eth1", &f,
					   cmds[c].strict, &msg)) {
				bad++;
				continue;
			}
			if (!layout_ok(msg) && badlayout++ < 3)
				diag("%s: %s", cmds[c].name, layout_err);
			fl = flow_nest(msg, tb);
			project(&f, what);
			if (!fl || cvswi_parse_flow(fl, &got) || !cvsw_flow_equal(&f, &got) ||
			    (!!sub(fl, CVSW_FLOW_A_STRICT) != !!(what & PUT_STRICT))) {
				char t1[4096], t2[4096];

				if (bad++ < 3 && fl) {
					cvsw_flow_format(t1, sizeof(t1), &f);
					cvsw_flow_format(t2, sizeof(t2), &got);
					diag("%s: sent %s got %s", cmds[c].name, t1, t2);
				}
			}
			nlmsg_free(msg);
		}
		ok(bad == 0, "flow %s: 3000 random flows decode back (%u bad)",
		   cmds[c].name, bad);
		ok(badlayout == 0, "flow %s: strict attribute layout", cmds[c].name);
	}
}

static void test_layout(void)
{
	struct nlattr *tb[CVSW_A_MAX + 1], *fl, *a;
	struct nl_msg *msg;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	const uint8_t *p;

	msg = build(CVSW_CMD_FLOW_NEW, "eth1",
		    "priority=100,tcp,nw_src=10.1.2.3,nw_dst=192.168.0.0/16,"
		    "tp_src=0x1234,dl_vlan=0x123,actions=output:2,controller:128,"
		    "mod_nw_src:1.2.3.4,mod_tp_dst:0x5678,enqueue:2:7", false);
	ok(msg != NULL, "flow new built");
	nlh = nlmsg_hdr(msg);
	g = nlmsg_data(nlh);
	ok(nlh->nlmsg_type == FAMILY && g->cmd == CVSW_CMD_FLOW_NEW &&
	   g->version == CVSW_GENL_VERSION, "genl header: family, cmd, version");
	ok(!(nlh->nlmsg_flags & NLM_F_DUMP), "not a dump");
	ok(layout_ok(msg), "strict layout (%s)", layout_err);
	fl = flow_nest(msg, tb);
	ok(tb[CVSW_A_IFNAME] && !strcmp(nla_get_string(tb[CVSW_A_IFNAME]), "eth1") &&
	   !tb[CVSW_A_IFINDEX], "device by name");
	a = match_attr(fl, CVSW_MATCH_A_DL_TYPE);
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 0x08 && p[1] == 0x00, "DL_TYPE in network order");
	a = match_attr(fl, CVSW_MATCH_A_NW_PROTO);
	ok(a && nla_get_u8(a) == 6, "NW_PROTO 6");
	a = match_attr(fl, CVSW_MATCH_A_NW_SRC);
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 10 && p[1] == 1 && p[2] == 2 && p[3] == 3, "NW_SRC in network order");
	ok(!match_attr(fl, CVSW_MATCH_A_NW_SRC_PREFIX), "no NW_SRC_PREFIX for /32");
	a = match_attr(fl, CVSW_MATCH_A_NW_DST_PREFIX);
	ok(a && nla_get_u8(a) == 16, "NW_DST_PREFIX 16");
	a = match_attr(fl, CVSW_MATCH_A_TP_SRC);
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 0x12 && p[1] == 0x34, "TP_SRC in network order");
	a = match_attr(fl, CVSW_MATCH_A_DL_VLAN);
	ok(a && nla_get_u16(a) == 0x123, "DL_VLAN in host order");
	ok(!match_attr(fl, CVSW_MATCH_A_IN_PORT) && !match_attr(fl, CVSW_MATCH_A_TUN_ID),
	   "wildcarded fields absent");
	a = sub(fl, CVSW_FLOW_A_PRIORITY);
	ok(a && nla_get_u16(a) == 100, "PRIORITY 100");
	ok(!sub(fl, CVSW_FLOW_A_COOKIE) && !sub(fl, CVSW_FLOW_A_FLAGS) &&
	   !sub(fl, CVSW_FLOW_A_STRICT) && !sub(fl, CVSW_FLOW_A_OUT_PORT),
	   "zero options, strict and out_port absent");

	/* actions in order, with their structs */
	a = sub(fl, CVSW_FLOW_A_ACTIONS);
	ok(a && (a->nla_type & NLA_F_NESTED), "ACTIONS nest flagged NLA_F_NESTED");
	if (a) {
		struct nlattr *x;
		int rem, i = 0;
		static const int order[] = {
			CVSW_ACTION_A_OUTPUT, CVSW_ACTION_A_OUTPUT,
			CVSW_ACTION_A_SET_NW_SRC, CVSW_ACTION_A_SET_TP_DST,
			CVSW_ACTION_A_ENQUEUE,
		};
		bool in_order = true;

		nla_for_each_nested(x, a, rem) {
			if (i >= 5 || nla_type(x) != order[i])
				in_order = false;
			if (i == 1) {
				struct cvsw_action_output o;

				memcpy(&o, nla_data(x), sizeof(o));
				ok(o.port == CVSW_PORT_CONTROLLER && o.max_len == 128,
				   "controller output: port 0xfffd, max_len 128");
			}
			if (i == 3) {
				p = nla_data(x);
				ok(p[0] == 0x56 && p[1] == 0x78, "SET_TP_DST in network order");
			}
			if (i == 4) {
				struct cvsw_action_enqueue e;

				memcpy(&e, nla_data(x), sizeof(e));
				ok(e.port == 2 && e.queue_id == 7, "enqueue struct");
			}
			i++;
		}
		ok(in_order && i == 5, "5 actions in order");
	}
	nlmsg_free(msg);

	/* drop: an empty ACTIONS nest, still present; all-wildcard: empty MATCH */
	msg = build(CVSW_CMD_FLOW_NEW, "eth1", "actions=drop", false);
	fl = flow_nest(msg, tb);
	a = sub(fl, CVSW_FLOW_A_ACTIONS);
	ok(a && nla_len(a) == 0, "drop sends an empty ACTIONS nest");
	a = sub(fl, CVSW_FLOW_A_MATCH);
	ok(a && nla_len(a) == 0, "match-all sends an empty MATCH nest");
	ok(layout_ok(msg), "strict layout of an empty flow");
	nlmsg_free(msg);

	/* options */
	msg = build(CVSW_CMD_FLOW_NEW, "eth1", "cookie=0x1122334455667788,idle_timeout=3,"
		    "hard_timeout=4,send_flow_rem,check_overlap,actions=drop", false);
	fl = flow_nest(msg, tb);
	a = sub(fl, CVSW_FLOW_A_COOKIE);
	ok(a && nla_get_u64(a) == 0x1122334455667788ull, "COOKIE u64");
	a = sub(fl, CVSW_FLOW_A_FLAGS);
	ok(a && nla_get_u32(a) == (CVSW_FLOW_F_SEND_FLOW_REM | CVSW_FLOW_F_CHECK_OVERLAP),
	   "FLAGS send_flow_rem|check_overlap");
	ok(sub(fl, CVSW_FLOW_A_IDLE_TIMEOUT) && nla_get_u16(sub(fl, CVSW_FLOW_A_IDLE_TIMEOUT)) == 3 &&
	   nla_get_u16(sub(fl, CVSW_FLOW_A_HARD_TIMEOUT)) == 4, "timeouts");
	ok(layout_ok(msg), "strict layout with options");
	nlmsg_free(msg);

	/* delete: strict carries STRICT and PRIORITY, plain does not */
	msg = build(CVSW_CMD_FLOW_DEL, "3", "priority=7,ip,out_port=2", true);
	fl = flow_nest(msg, tb);
	ok(tb[CVSW_A_IFINDEX] && nla_get_u32(tb[CVSW_A_IFINDEX]) == 3 &&
	   !tb[CVSW_A_IFNAME], "all-digit device is an ifindex");
	ok(sub(fl, CVSW_FLOW_A_STRICT) && sub(fl, CVSW_FLOW_A_PRIORITY), "strict del: STRICT, PRIORITY");
	a = sub(fl, CVSW_FLOW_A_OUT_PORT);
	ok(a && nla_get_u16(a) == 2, "OUT_PORT 2");
	ok(!sub(fl, CVSW_FLOW_A_ACTIONS), "del has no ACTIONS");
	ok(layout_ok(msg), "strict layout of a strict delete");
	nlmsg_free(msg);
	msg = build(CVSW_CMD_FLOW_DEL, "eth1", "priority=7,ip", false);
	fl = flow_nest(msg, tb);
	ok(!sub(fl, CVSW_FLOW_A_STRICT) && !sub(fl, CVSW_FLOW_A_PRIORITY) &&
	   !sub(fl, CVSW_FLOW_A_OUT_PORT), "plain del: no STRICT, PRIORITY or OUT_PORT");
	nlmsg_free(msg);

	/* delete everything: an A_FLOW with an empty match */
	ok(cvswi_flow_msg(FAMILY, CVSW_CMD_FLOW_DEL, "eth1", NULL, false, &msg) == 0,
	   "del all built");
	fl = flow_nest(msg, tb);
	a = fl ? sub(fl, CVSW_FLOW_A_MATCH) : NULL;
	ok(a && nla_len(a) == 0, "del all: empty MATCH");
	nlmsg_free(msg);

	/* dump: NLM_F_DUMP, no A_FLOW without filter */
	ok(cvswi_flow_msg(FAMILY, CVSW_CMD_FLOW_GET, "eth1", NULL, false, &msg) == 0,
	   "dump built");
	nlh = nlmsg_hdr(msg);
	ok((nlh->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP, "dump has NLM_F_DUMP");
	ok(!flow_nest(msg, tb), "unfiltered dump has no A_FLOW");
	nlmsg_free(msg);
	msg = build(CVSW_CMD_FLOW_GET, "eth1", "udp,out_port=1", false);
	fl = flow_nest(msg, tb);
	ok(fl && match_attr(fl, CVSW_MATCH_A_NW_PROTO) && sub(fl, CVSW_FLOW_A_OUT_PORT),
	   "filtered dump carries match and out_port");
	nlmsg_free(msg);
	/* strict get: no dump flag, priority */
	msg = build(CVSW_CMD_FLOW_GET, "eth1", "priority=9,udp", true);
	ok(!(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP), "get is not a dump");
	fl = flow_nest(msg, tb);
	ok(sub(fl, CVSW_FLOW_A_PRIORITY) && nla_get_u16(sub(fl, CVSW_FLOW_A_PRIORITY)) == 9,
	   "get carries priority");
	nlmsg_free(msg);

	/* bad device names */
	ok(cvswi_flow_msg(FAMILY, CVSW_CMD_FLOW_FLUSH, "averyveryverylongname", NULL,
			  false, &msg) == -EINVAL, "name of 16+ chars refused");
	ok(cvswi_flow_msg(FAMILY, CVSW_CMD_FLOW_FLUSH, "", NULL, false, &msg) == -EINVAL,
	   "empty name refused");
	ok(cvswi_flow_msg(FAMILY, CVSW_CMD_FLOW_FLUSH, "0", NULL, false, &msg) == -EINVAL,
	   "ifindex 0 refused");
}

static void test_packet_out(void)
{
	struct cvsw_action acts[2];
	unsigned n;
	struct nl_msg *msg;
	struct nlattr *tb[CVSW_A_MAX + 1];
	uint8_t frame[60];

	for (unsigned i = 0; i < sizeof(frame); i++)
		frame[i] = (uint8_t)i;
	cvsw_actions_parse("mod_vlan_vid:5,output:2", acts, 2, &n, NULL);
	ok(cvswi_packet_out_msg(FAMILY, "eth1", 1, acts, n, frame, sizeof(frame), &msg) == 0,
	   "packet-out built");
	ok(genlmsg_hdr(nlmsg_hdr(msg))->cmd == CVSW_CMD_PACKET_OUT, "PACKET_OUT cmd");
	ok(layout_ok(msg), "packet-out strict layout (%s)", layout_err);
	cvswi_parse_top(nlmsg_hdr(msg), tb);
	ok(tb[CVSW_A_IN_PORT] && nla_get_u16(tb[CVSW_A_IN_PORT]) == 1, "IN_PORT 1");
	ok(tb[CVSW_A_PACKET] && nla_len(tb[CVSW_A_PACKET]) == 60 &&
	   !memcmp(nla_data(tb[CVSW_A_PACKET]), frame, 60), "PACKET bytes");
	if (tb[CVSW_A_ACTIONS]) {
		struct cvsw_action back[4];
		unsigned m;

		ok(cvswi_parse_actions_attr(tb[CVSW_A_ACTIONS], back, 4, &m) == 0 &&
		   m == 2 && back[0].type == CVSW_ACT_SET_VLAN_VID &&
		   back[0].u.vlan_vid == 5 && back[1].u.output.port == 2,
		   "ACTIONS decode back");
	} else {
		ok(0, "ACTIONS present");
	}
	nlmsg_free(msg);
	ok(cvswi_packet_out_msg(FAMILY, "eth1", CVSW_PORT_NONE, acts, 0, frame, 14, &msg) == 0,
	   "packet-out without in_port");
	cvswi_parse_top(nlmsg_hdr(msg), tb);
	ok(!tb[CVSW_A_IN_PORT] && tb[CVSW_A_ACTIONS] && nla_len(tb[CVSW_A_ACTIONS]) == 0,
	   "no IN_PORT, empty ACTIONS");
	nlmsg_free(msg);
}

/* ---- replies and events built the way the kernel sends them ---- */

static struct nl_msg *reply(uint8_t cmd)
{
	return cvswi_msg_new(FAMILY, cmd, 0);
}

static void test_decoders(void)
{
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct nl_msg *msg = reply(CVSW_CMD_DEV_GET);
	struct cvsw_device d;
	struct nlattr *nest;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 9 };

	nla_put_u32(msg, CVSW_A_IFINDEX, 4);
	nla_put_string(msg, CVSW_A_IFNAME, "ens4");
	nla_put_u64(msg, CVSW_A_DATAPATH_ID, 0x020000000009ull);
	nla_put(msg, CVSW_A_MAC, 6, mac);
	nla_put_u32(msg, CVSW_A_MTU, 1500);
	nest = nla_nest_start(msg, CVSW_A_OFFLOADS | NLA_F_NESTED);
	nla_put_u8(msg, CVSW_OFFLOAD_A_RX_CSUM, 1);
	nla_put_u8(msg, CVSW_OFFLOAD_A_TSO, 0);
	nla_put_u8(msg, CVSW_OFFLOAD_A_GRO_HW, 1);
	nla_nest_end(msg, nest);
	nla_put_u8(msg, CVSW_A_MISS, CVSW_MISS_CONTROLLER);
	nla_put_u32(msg, CVSW_A_PACKET_IN_RATE, 100);
	nla_put_u16(msg, CVSW_A_MISS_SEND_LEN, 200);
	nla_put_u8(msg, CVSW_A_LINK_UP, 1);
	nla_put_u32(msg, CVSW_A_N_FLOWS, 12);
	nla_put_u32(msg, CVSW_A_MAX_FLOWS, 65536);
	ok(cvswi_parse_top(nlmsg_hdr(msg), tb) == 0 && cvswi_parse_device(tb, &d) == 0,
	   "device reply parses");
	ok(d.ifindex == 4 && !strcmp(d.name, "ens4") && d.datapath_id == 0x020000000009ull &&
	   !memcmp(d.mac, mac, 6) && d.mtu == 1500, "device identity");
	ok(d.offloads_known == ((1u << CVSW_OFFLOAD_RX_CSUM) | (1u << CVSW_OFFLOAD_TSO) |
				(1u << CVSW_OFFLOAD_GRO_HW)) &&
	   d.offloads == ((1u << CVSW_OFFLOAD_RX_CSUM) | (1u << CVSW_OFFLOAD_GRO_HW)),
	   "device offloads");
	ok(d.miss == CVSW_MISS_POLICY_CONTROLLER && d.packet_in_rate == 100 && d.link_up &&
	   d.n_flows == 12 && d.max_flows == 65536 && d.miss_send_len == 200,
	   "device state");
	nlmsg_free(msg);

	/* flow-removed event with a flow and its counters */
	struct cvsw_event ev;
	struct cvsw_flow f;

	msg = reply(CVSW_CMD_FLOW_REMOVED);
	nla_put_u32(msg, CVSW_A_IFINDEX, 4);
	nla_put_u8(msg, CVSW_A_REASON, CVSW_FRR_HARD_TIMEOUT);
	cvsw_flow_parse("priority=5,ip,nw_dst=10.0.0.0/8", CVSW_PARSE_MATCH, &f, NULL);
	f.cookie = 9;
	cvswi_put_flow(msg, &f, PUT_PRIORITY | PUT_OPTIONS);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == 0 && ev.type == CVSW_EVENT_FLOW_REMOVED &&
	   ev.ifindex == 4 && ev.u.flow_removed.reason == CVSW_FRR_HARD_TIMEOUT,
	   "flow-removed event");
	ok(ev.u.flow_removed.flow.priority == 5 && ev.u.flow_removed.flow.cookie == 9 &&
	   ev.u.flow_removed.flow.match.nw_dst == 0x0a000000 &&
	   ev.u.flow_removed.flow.match.nw_dst_prefix == 8, "flow-removed flow");
	nlmsg_free(msg);

	msg = reply(CVSW_CMD_PACKET_IN);
	nla_put_u32(msg, CVSW_A_IFINDEX, 4);
	nla_put_u16(msg, CVSW_A_IN_PORT, 2);
	nla_put_u8(msg, CVSW_A_REASON, CVSW_PIN_ACTION);
	nla_put_u32(msg, CVSW_A_TOTAL_LEN, 1514);
	nla_put(msg, CVSW_A_PACKET, 6, mac);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == 0 && ev.type == CVSW_EVENT_PACKET_IN &&
	   ev.u.packet_in.in_port == 2 && ev.u.packet_in.reason == CVSW_PIN_ACTION &&
	   ev.u.packet_in.total_len == 1514 && ev.u.packet_in.len == 6 &&
	   !memcmp(ev.u.packet_in.data, mac, 6), "packet-in event");
	nlmsg_free(msg);

	msg = reply(CVSW_CMD_PORT_STATUS);
	nla_put_string(msg, CVSW_A_IFNAME, "ens4");
	nla_put_u8(msg, CVSW_A_REASON, CVSW_PORT_MODIFY);
	nla_put_u8(msg, CVSW_A_LINK_UP, 0);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == 0 && ev.type == CVSW_EVENT_PORT_STATUS &&
	   !strcmp(ev.ifname, "ens4") && ev.u.port_status.reason == CVSW_PORT_MODIFY &&
	   !ev.u.port_status.link_up && ev.u.port_status.port == CVSW_PORT_NONE &&
	   !ev.u.port_status.has_port, "port-status event");
	nlmsg_free(msg);

	/* a tunnel port added: its description; deleted: its number only */
	msg = reply(CVSW_CMD_PORT_STATUS);
	nla_put_u16(msg, CVSW_A_IN_PORT, 3);
	nla_put_u8(msg, CVSW_A_REASON, CVSW_PORT_ADD);
	nest = nla_nest_start(msg, CVSW_A_PORT);
	nla_put_u16(msg, CVSW_PORT_A_PORT_NO, 3);
	nla_put_string(msg, CVSW_PORT_A_NAME, "vx0");
	nla_put_u8(msg, CVSW_PORT_A_KIND, CVSW_PORT_KIND_VXLAN);
	nla_put_u32(msg, CVSW_PORT_A_REMOTE_IP, htonl(0x0a000002));
	nla_put_u16(msg, CVSW_PORT_A_OVERHEAD, 50);
	nla_nest_end(msg, nest);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == 0 && ev.u.port_status.port == 3 &&
	   ev.u.port_status.has_port && !strcmp(ev.u.port_status.desc.name, "vx0") &&
	   ev.u.port_status.desc.kind == CVSW_PORT_KIND_VXLAN &&
	   ev.u.port_status.desc.tun.remote_ip == 0x0a000002 &&
	   ev.u.port_status.desc.overhead == 50, "port-status event of a new tunnel: its description");
	nlmsg_free(msg);
	msg = reply(CVSW_CMD_PORT_STATUS);
	nla_put_u8(msg, CVSW_A_REASON, CVSW_PORT_DELETE);
	nest = nla_nest_start(msg, CVSW_A_PORT);
	nla_put_u16(msg, CVSW_PORT_A_PORT_NO, 3);
	nla_nest_end(msg, nest);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == 0 && ev.u.port_status.port == 3 &&
	   !ev.u.port_status.has_port, "port-status event of a deleted port: its number only");
	nlmsg_free(msg);

	msg = reply(CVSW_CMD_DEV_SET);
	ok(cvswi_parse_event(nlmsg_hdr(msg), &ev) == -ENOENT, "unknown event command skipped");
	nlmsg_free(msg);

	/* stats */
	struct cvsw_table_stats ts;
	struct cvsw_port_stats ps;

	msg = reply(CVSW_CMD_STATS_GET);
	nest = nla_nest_start(msg, CVSW_A_TABLE_STATS | NLA_F_NESTED);
	nla_put_u32(msg, CVSW_TABLE_STATS_A_ACTIVE, 3);
	nla_put_u32(msg, CVSW_TABLE_STATS_A_MAX_ENTRIES, 100);
	nla_put_u32(msg, CVSW_TABLE_STATS_A_MASKS, 2);
	nla_put_u64(msg, CVSW_TABLE_STATS_A_LOOKUPS, 1000);
	nla_put_u64(msg, CVSW_TABLE_STATS_A_MATCHED, 900);
	nla_nest_end(msg, nest);
	nest = nla_nest_start(msg, CVSW_A_PORT_STATS | NLA_F_NESTED);
	nla_put_u16(msg, CVSW_PORT_STATS_A_PORT, 2);
	nla_put_u64(msg, CVSW_PORT_STATS_A_RX_PACKETS, 5);
	nla_put_u64(msg, CVSW_PORT_STATS_A_TX_BYTES, 600);
	nla_put_u64(msg, CVSW_PORT_STATS_A_DROPPED, 1);
	nla_nest_end(msg, nest);
	cvswi_parse_top(nlmsg_hdr(msg), tb);
	ok(cvswi_parse_table_stats(tb[CVSW_A_TABLE_STATS], &ts) == 0 && ts.active == 3 &&
	   ts.max_entries == 100 && ts.masks == 2 && ts.lookups == 1000 && ts.matched == 900,
	   "table stats");
	ok(cvswi_parse_port_stats(tb[CVSW_A_PORT_STATS], &ps) == 0 && ps.port == 2 &&
	   ps.rx_packets == 5 && ps.tx_bytes == 600 && ps.dropped == 1 && ps.rx_bytes == 0,
	   "port stats");
	nlmsg_free(msg);
}

/* A flow reply laid out as the kernel's cvsw_nl_put_flow() does it, with
 * the PAD attributes nla_put_u64_64bit() inserts before 64-bit values. */
static struct nl_msg *kernel_style_flow(void)
{
	struct nl_msg *msg = reply(CVSW_CMD_FLOW_GET);
	struct nlattr *fl, *m, *a;
	struct cvsw_action_output o = { .port = 2, .max_len = 0 };
	uint8_t mac[6] = { 0, 1, 2, 3, 4, 5 };

	nla_put_u32(msg, CVSW_A_IFINDEX, 3);
	fl = nla_nest_start(msg, CVSW_A_FLOW);		/* no NLA_F_NESTED */
	m = nla_nest_start(msg, CVSW_FLOW_A_MATCH);
	nla_put_u16(msg, CVSW_MATCH_A_DL_TYPE, htons(0x0800));
	nla_put_u8(msg, CVSW_MATCH_A_NW_PROTO, 17);
	nla_put_u32(msg, CVSW_MATCH_A_NW_DST, htonl(0x0a000000));
	nla_put_u8(msg, CVSW_MATCH_A_NW_DST_PREFIX, 8);
	nla_put(msg, CVSW_MATCH_A_DL_SRC, 6, mac);
	nla_put(msg, CVSW_MATCH_A_PAD, 0, NULL);
	nla_put_u64(msg, CVSW_MATCH_A_TUN_ID, 5001);
	nla_nest_end(msg, m);
	a = nla_nest_start(msg, CVSW_FLOW_A_ACTIONS);
	nla_put(msg, CVSW_ACTION_A_OUTPUT, sizeof(o), &o);
	nla_nest_end(msg, a);
	nla_put_u16(msg, CVSW_FLOW_A_PRIORITY, 100);
	nla_put(msg, CVSW_FLOW_A_PAD, 0, NULL);
	nla_put_u64(msg, CVSW_FLOW_A_COOKIE, 0xabc);
	nla_put_u16(msg, CVSW_FLOW_A_IDLE_TIMEOUT, 0);
	nla_put_u16(msg, CVSW_FLOW_A_HARD_TIMEOUT, 30);
	nla_put_u32(msg, CVSW_FLOW_A_FLAGS, CVSW_FLOW_F_SEND_FLOW_REM);
	nla_put(msg, CVSW_FLOW_A_PAD, 0, NULL);
	nla_put_u64(msg, CVSW_FLOW_A_PACKETS, 3);
	nla_put_u64(msg, CVSW_FLOW_A_BYTES, 294);
	nla_put(msg, CVSW_FLOW_A_PAD, 0, NULL);
	nla_put_u64(msg, CVSW_FLOW_A_DURATION_MS, 3104);
	nla_put_u64(msg, CVSW_FLOW_A_IDLE_MS, 250);
	nla_nest_end(msg, fl);
	return msg;
}

static void test_kernel_layout(void)
{
	struct nl_msg *msg = kernel_style_flow();
	struct nlattr *tb[CVSW_A_MAX + 1];
	struct cvsw_flow f;
	char text[512];

	ok(cvswi_parse_top(nlmsg_hdr(msg), tb) == 0 && tb[CVSW_A_FLOW] &&
	   cvswi_parse_flow(tb[CVSW_A_FLOW], &f) == 0, "kernel-style flow with PAD attributes parses");
	cvsw_flow_format_stats(text, sizeof(text), &f);
	ok(!strcmp(text, "duration=3.104s, n_packets=3, n_bytes=294, idle_age=0.250s, "
		   "priority=100,cookie=0xabc,hard_timeout=30,send_flow_rem,udp,"
		   "dl_src=00:01:02:03:04:05,nw_dst=10.0.0.0/8,tun_id=0x1389,actions=output:2"),
	   "kernel-style flow decodes to %s", text);
	nlmsg_free(msg);
}

/* Corrupted replies and events: the decoders fail cleanly, never read out
 * of bounds (valgrind watches). */
static void test_decoder_fuzz(void)
{
	uint64_t st = 0x1234567;
	unsigned ok_n = 0;

	for (int i = 0; i < 20000; i++) {
		struct nl_msg *msg = kernel_style_flow();
		struct nlmsghdr *nlh = nlmsg_hdr(msg);
		unsigned char *p = (unsigned char *)nlmsg_data(nlh) + GENL_HDRLEN;
		size_t len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
		struct nlattr *tb[CVSW_A_MAX + 1];
		struct cvsw_event ev;
		struct cvsw_device d;
		struct cvsw_flow f;

		for (int m = 0; m < 1 + i % 4; m++) {
			st ^= st << 13; st ^= st >> 7; st ^= st << 17;
			p[st % len] = (unsigned char)(st >> 24);
		}
		((struct genlmsghdr *)nlmsg_data(nlh))->cmd =
			(uint8_t)(i % 2 ? CVSW_CMD_FLOW_REMOVED : CVSW_CMD_PACKET_IN);
		if (!cvswi_parse_top(nlh, tb)) {
			if (tb[CVSW_A_FLOW] && !cvswi_parse_flow(tb[CVSW_A_FLOW], &f))
				ok_n++;
			cvswi_parse_device(tb, &d);
		}
		if (!cvswi_parse_event(nlh, &ev) && ev.type == CVSW_EVENT_PACKET_IN &&
		    ev.u.packet_in.data)
			ok_n += ev.u.packet_in.data[0] == ev.u.packet_in.data[0];
		nlmsg_free(msg);
	}
	ok(1, "20000 corrupted messages decoded without a fault (%u accepted)", ok_n);
}

/* The extack message of an NLMSG_ERROR, with and without NLM_F_CAPPED. */
static void test_extack(void)
{
	union {
		unsigned char b[512];
		struct nlmsghdr h;
	} u;
	const char *text = "priority: must be at most 65535";

	for (int capped = 0; capped < 2; capped++) {
		struct nlmsghdr *nlh = &u.h;
		struct nlmsgerr *e;
		struct nlattr *a;
		size_t off, echo = capped ? 0 : 8;

		memset(&u, 0, sizeof(u));
		nlh->nlmsg_type = NLMSG_ERROR;
		nlh->nlmsg_flags = NLM_F_ACK_TLVS | (capped ? NLM_F_CAPPED : 0);
		e = NLMSG_DATA(nlh);
		e->error = -EINVAL;
		e->msg.nlmsg_len = (uint32_t)(NLMSG_HDRLEN + echo);
		off = NLMSG_HDRLEN + sizeof(*e) + echo;
		a = (struct nlattr *)(u.b + off);
		a->nla_type = NLMSGERR_ATTR_OFFS;
		a->nla_len = 8;
		off += 8;
		a = (struct nlattr *)(u.b + off);
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(4 + strlen(text) + 1);
		memcpy(a + 1, text, strlen(text) + 1);
		off += NLA_ALIGN(a->nla_len);
		nlh->nlmsg_len = (uint32_t)off;
		const char *m = cvswi_extack_msg(nlh);

		ok(m && !strcmp(m, text), "extack message, %s", capped ? "capped" : "echoed request");
	}
	u.h.nlmsg_flags = 0;
	ok(cvswi_extack_msg(&u.h) == NULL, "no NLM_F_ACK_TLVS: no message");
}

/* The library without a kernel family: exact errors, no crash, no leak. */
static void test_no_family(void)
{
	struct cvsw_handle *h = cvsw_handle_alloc();
	struct cvsw_device d;
	struct cvsw_flow f;

	ok(h != NULL, "handle allocated");
	ok(cvsw_device_get(h, "eth0", &d) == -ENOTCONN &&
	   strstr(cvsw_last_error(h), "not connected"), "request before open: -ENOTCONN");
	ok(cvsw_set_family(h, "cvsw_no_such_family") == 0, "family override");
	int r = cvsw_open(h);

	ok(r == -ENOENT && !strcmp(cvsw_last_error(h),
		"cvsw_no_such_family generic netlink family not found: is cvsw_net loaded?"),
	   "missing family: %d %s", r, cvsw_last_error(h));
	cvsw_flow_init(&f);
	ok(cvsw_flow_add(h, "eth0", &f) == -ENOTCONN, "flow add after failed open");
	ok(cvsw_batch_new(h, "eth0", 0, NULL, NULL) == NULL, "batch needs a connection");
	ok(cvsw_events_subscribe(h, CVSW_EVENTS_ALL) == -ENOTCONN, "events need a connection");
	ok(cvsw_events_fd(h) == -1, "no event fd");
	cvsw_close(h);
	cvsw_close(NULL);
}


/* ---- ports ---- */

static struct nlattr *port_nest(struct nl_msg *msg, struct nlattr **ptb)
{
	static struct nla_policy pol[CVSW_PORT_A_MAX + 1];
	struct nlattr *tb[CVSW_A_MAX + 1];

	if (cvswi_parse_top(nlmsg_hdr(msg), tb) || !tb[CVSW_A_PORT] ||
	    nla_parse_nested(ptb, CVSW_PORT_A_MAX, tb[CVSW_A_PORT], pol))
		return NULL;
	return tb[CVSW_A_PORT];
}

static void test_port_new(void)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1], *a;
	struct cvsw_port port = { .name = "vx0" };
	struct nl_msg *msg = NULL;
	const uint8_t *p;

	ok(!cvsw_tunnel_parse("type=vxlan remote_ip=10.0.0.2 local_ip=10.0.0.1 key=0x123456 "
			      "dst_port=8472 remote_mac=02:00:00:00:00:09 ofport=7 tos=0x10 "
			      "ttl=9", &port, NULL), "every vxlan parameter parses");
	ok(!cvswi_port_msg(FAMILY, CVSW_CMD_PORT_NEW, "eth1", &port,
			   PORT_PUT_ID | PORT_PUT_CONFIG, false, &msg) && msg,
	   "PORT_NEW built");
	if (!msg)
		return;
	ok(layout_ok(msg), "PORT_NEW: strict layout, CVSW_A_PORT flagged nested (%s)", layout_err);
	ok(!(nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP) &&
	   ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(msg)))->cmd == CVSW_CMD_PORT_NEW,
	   "PORT_NEW: command, not a dump");
	ok(port_nest(msg, tb) != NULL, "CVSW_A_PORT present");
	ok(tb[CVSW_PORT_A_PORT_NO] && nla_get_u16(tb[CVSW_PORT_A_PORT_NO]) == 7,
	   "PORT_NO from ofport=, host order");
	ok(tb[CVSW_PORT_A_NAME] && !strcmp(nla_get_string(tb[CVSW_PORT_A_NAME]), "vx0"), "NAME");
	ok(tb[CVSW_PORT_A_KIND] && nla_get_u8(tb[CVSW_PORT_A_KIND]) == CVSW_PORT_KIND_VXLAN,
	   "KIND vxlan");
	a = tb[CVSW_PORT_A_REMOTE_IP];
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 10 && p[1] == 0 && p[2] == 0 && p[3] == 2, "REMOTE_IP in network order");
	a = tb[CVSW_PORT_A_LOCAL_IP];
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 10 && p[3] == 1, "LOCAL_IP in network order");
	ok(tb[CVSW_PORT_A_KEY] && nla_get_u64(tb[CVSW_PORT_A_KEY]) == 0x123456 &&
	   !tb[CVSW_PORT_A_KEY_FLOW], "KEY u64, no KEY_FLOW");
	ok(tb[CVSW_PORT_A_DST_PORT] && nla_get_u16(tb[CVSW_PORT_A_DST_PORT]) == 8472,
	   "DST_PORT in host order");
	a = tb[CVSW_PORT_A_REMOTE_MAC];
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 2 && p[5] == 9, "REMOTE_MAC");
	ok(tb[CVSW_PORT_A_TOS] && nla_get_u8(tb[CVSW_PORT_A_TOS]) == 0x10 &&
	   !tb[CVSW_PORT_A_TOS_INHERIT], "TOS, no TOS_INHERIT");
	ok(tb[CVSW_PORT_A_TTL] && nla_get_u8(tb[CVSW_PORT_A_TTL]) == 9, "TTL");
	ok(!tb[CVSW_PORT_A_FLOWID_HASH] && !tb[CVSW_PORT_A_OVERHEAD] &&
	   !tb[CVSW_PORT_A_TUN_STATS], "no FLOWID_HASH, no reply attributes");
	nlmsg_free(msg);

	/* defaults stay off the wire; the flags */
	memset(&port, 0, sizeof(port));
	strcpy(port.name, "gre1");
	msg = NULL;
	ok(!cvsw_tunnel_parse("type=nvgre,remote_ip=192.168.1.1,key=flow,tos=inherit,flowid=hash",
			      &port, NULL) &&
	   !cvswi_port_msg(FAMILY, CVSW_CMD_PORT_NEW, "3", &port,
			   PORT_PUT_ID | PORT_PUT_CONFIG, false, &msg) && msg,
	   "nvgre PORT_NEW built");
	if (!msg)
		return;
	ok(layout_ok(msg), "nvgre PORT_NEW: strict layout (%s)", layout_err);
	port_nest(msg, tb);
	ok(tb[CVSW_PORT_A_KEY_FLOW] && !tb[CVSW_PORT_A_KEY] && tb[CVSW_PORT_A_TOS_INHERIT] &&
	   !tb[CVSW_PORT_A_TOS] && tb[CVSW_PORT_A_FLOWID_HASH],
	   "KEY_FLOW, TOS_INHERIT, FLOWID_HASH flags; their exclusive partners absent");
	ok(!tb[CVSW_PORT_A_PORT_NO] && !tb[CVSW_PORT_A_LOCAL_IP] && !tb[CVSW_PORT_A_DST_PORT] &&
	   !tb[CVSW_PORT_A_REMOTE_MAC] && !tb[CVSW_PORT_A_TTL],
	   "defaults absent: PORT_NO (lowest free), LOCAL_IP, DST_PORT, REMOTE_MAC, TTL");
	nlmsg_free(msg);
}

static void test_port_del_get(void)
{
	struct nlattr *tb[CVSW_PORT_A_MAX + 1], *top[CVSW_A_MAX + 1];
	struct cvsw_port id = { .name = "vx0" };
	struct nl_msg *msg = NULL;

	ok(!cvswi_port_msg(FAMILY, CVSW_CMD_PORT_DEL, "eth1", &id, PORT_PUT_ID, false, &msg) &&
	   msg && layout_ok(msg), "PORT_DEL by name: strict layout");
	if (msg) {
		port_nest(msg, tb);
		ok(tb[CVSW_PORT_A_NAME] && !tb[CVSW_PORT_A_PORT_NO] && !tb[CVSW_PORT_A_KIND],
		   "PORT_DEL carries the name only");
		nlmsg_free(msg);
	}
	memset(&id, 0, sizeof(id));
	id.port_no = 4;
	msg = NULL;
	ok(!cvswi_port_msg(FAMILY, CVSW_CMD_PORT_GET, "eth1", &id, PORT_PUT_ID, false, &msg) &&
	   msg && layout_ok(msg), "PORT_GET by number: strict layout");
	if (msg) {
		port_nest(msg, tb);
		ok(tb[CVSW_PORT_A_PORT_NO] && nla_get_u16(tb[CVSW_PORT_A_PORT_NO]) == 4 &&
		   !tb[CVSW_PORT_A_NAME], "PORT_GET carries the number only");
		nlmsg_free(msg);
	}
	msg = NULL;
	ok(!cvswi_port_msg(FAMILY, CVSW_CMD_PORT_GET, "eth1", NULL, 0, true, &msg) && msg,
	   "port dump built");
	if (msg) {
		ok((nlmsg_hdr(msg)->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP &&
		   !cvswi_parse_top(nlmsg_hdr(msg), top) && !top[CVSW_A_PORT] &&
		   top[CVSW_A_IFNAME], "port dump: NLM_F_DUMP, the device, no CVSW_A_PORT");
		nlmsg_free(msg);
	}
	msg = NULL;
	ok(cvswi_port_msg(FAMILY, CVSW_CMD_PORT_GET, "a-name-far-too-long", &id, PORT_PUT_ID,
			  false, &msg) == -EINVAL && !msg, "a bad device name is refused");
}

/* A reply built the way the kernel does (u64 with pad, stats nest). */
static void test_port_reply(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *st, *top[CVSW_A_MAX + 1];
	struct cvsw_port p;
	const char *name;
	uint64_t v;
	uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 };
	unsigned n = 0;

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, CVSW_CMD_PORT_GET, 1);
	nla_put_u32(msg, CVSW_A_IFINDEX, 3);
	nest = nla_nest_start(msg, CVSW_A_PORT | NLA_F_NESTED);
	nla_put_u16(msg, CVSW_PORT_A_PORT_NO, 5);
	nla_put_string(msg, CVSW_PORT_A_NAME, "st0");
	nla_put_u8(msg, CVSW_PORT_A_KIND, CVSW_PORT_KIND_STT);
	nla_put_u32(msg, CVSW_PORT_A_REMOTE_IP, htonl(0x0a000002));
	nla_put_u32(msg, CVSW_PORT_A_LOCAL_IP, htonl(0x0a000001));
	nla_put_u64(msg, CVSW_PORT_A_KEY, 0xfedcba9876543210ull);
	nla_put_u16(msg, CVSW_PORT_A_DST_PORT, 7471);
	nla_put(msg, CVSW_PORT_A_REMOTE_MAC, 6, mac);
	nla_put_u8(msg, CVSW_PORT_A_TTL, 64);
	nla_put_u16(msg, CVSW_PORT_A_OVERHEAD, 92);
	st = nla_nest_start(msg, CVSW_PORT_A_TUN_STATS | NLA_F_NESTED);
	nla_put_u64(msg, CVSW_TUN_STATS_A_TOO_BIG, 3);
	nla_put_u64(msg, CVSW_TUN_STATS_A_REASM_TIMEOUTS, 11);
	nla_nest_end(msg, st);
	nla_nest_end(msg, nest);

	ok(!cvswi_parse_top(nlmsg_hdr(msg), top) && top[CVSW_A_PORT] &&
	   !cvswi_parse_port_attr(top[CVSW_A_PORT], &p), "a kernel port reply decodes");
	ok(p.port_no == 5 && !strcmp(p.name, "st0") && p.kind == CVSW_PORT_KIND_STT &&
	   p.tun.remote_ip == 0x0a000002 && p.tun.local_ip == 0x0a000001 &&
	   p.tun.key == 0xfedcba9876543210ull && p.tun.dst_port == 7471 &&
	   p.tun.has_remote_mac && p.tun.remote_mac[5] == 7 && p.tun.ttl == 64 &&
	   !p.tun.key_flow && !p.tun.tos_inherit && p.overhead == 92,
	   "every field of the reply, in host order");
	ok(p.has_stats && p.stats.too_big == 3 && p.stats.reasm_timeouts == 11 &&
	   p.stats.encap_errors == 0, "tunnel counters");
	while (cvsw_tunnel_stat(n, &p.stats, &name, &v))
		n++;
	ok(n == CVSW_TUN_STATS_A_PAD - 1, "cvsw_tunnel_stat names every counter (%u)", n);
	ok(cvsw_tunnel_stat(3, &p.stats, &name, &v) && !strcmp(name, "too_big") && v == 3,
	   "cvsw_tunnel_stat: too_big");
	nlmsg_free(msg);

	/* a reply without PORT_NO is malformed */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, CVSW_CMD_PORT_GET, 1);
	nest = nla_nest_start(msg, CVSW_A_PORT | NLA_F_NESTED);
	nla_put_string(msg, CVSW_PORT_A_NAME, "x");
	nla_nest_end(msg, nest);
	ok(!cvswi_parse_top(nlmsg_hdr(msg), top) &&
	   cvswi_parse_port_attr(top[CVSW_A_PORT], &p) == -EPROTO,
	   "a port without PORT_NO: -EPROTO");
	nlmsg_free(msg);
}

/* tun_src/tun_dst and set_tunnel on the wire */
static void test_tunnel_fields(void)
{
	struct nlattr *tb[CVSW_A_MAX + 1], *fl, *a;
	struct nl_msg *msg = build(CVSW_CMD_FLOW_NEW, "eth1",
				   "tun_src=10.0.0.2,tun_dst=10.1.0.0/16,tun_id=5,"
				   "actions=set_tunnel64:0x123456789a,output:3", false);
	const uint8_t *p;

	ok(msg && layout_ok(msg), "tunnel fields: strict layout (%s)", layout_err);
	if (!msg)
		return;
	fl = flow_nest(msg, tb);
	a = match_attr(fl, CVSW_MATCH_A_TUN_SRC);
	p = a ? nla_data(a) : NULL;
	ok(p && p[0] == 10 && p[3] == 2, "TUN_SRC in network order");
	ok(!match_attr(fl, CVSW_MATCH_A_TUN_SRC_PREFIX), "no TUN_SRC_PREFIX for /32");
	a = match_attr(fl, CVSW_MATCH_A_TUN_DST_PREFIX);
	ok(a && nla_get_u8(a) == 16, "TUN_DST_PREFIX 16");
	a = sub(fl, CVSW_FLOW_A_ACTIONS);
	a = a ? nla_data(a) : NULL;
	ok(a && nla_type(a) == CVSW_ACTION_A_SET_TUNNEL && nla_len(a) == 8 &&
	   nla_get_u64(a) == 0x123456789aull, "SET_TUNNEL: u64 in host order");
	nlmsg_free(msg);
}

int main(void)
{
	test_random_roundtrip();
	test_port_new();
	test_port_del_get();
	test_port_reply();
	test_tunnel_fields();
	test_layout();
	test_packet_out();
	test_decoders();
	test_extack();
	test_kernel_layout();
	test_decoder_fuzz();
	test_no_family();
	return tap_done();
}
