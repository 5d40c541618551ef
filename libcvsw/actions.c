/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The actions of the flow syntax: one descriptor per uapi action
 * (CVSW_ACTION_A_*), indexed by it: ovs-ofctl OpenFlow 1.0 name and other
 * words, argument kind and place, set_field targets, and custom parse,
 * format and netlink forms where the generic NAME:VALUE does not fit.
 * Adding an action is one entry here (plus its uapi value).
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <netlink/attr.h>

#include "syntax.h"

#define U_OFF(f) offsetof(struct cvsw_action, u.f) - offsetof(struct cvsw_action, u)
#define U_SIZE(f) sizeof(((struct cvsw_action *)0)->u.f)
#define ARG(k, f, m, be) { &k, U_OFF(f), U_SIZE(f), be, NF_DEC, m, 0, 0 }
#define NO_ARG { &cvswi_kind_none, 0, 0, false, NF_DEC, 0, 0, 0 }

/* ---- set_field prerequisites, as ovs-ofctl checks them ---- */

static const struct cvswi_prereq vlan = {
	"a VLAN match (dl_vlan=0..4095)", { 0 }, { 0 }, true,
};
static const struct cvswi_prereq ip = { "ip", { 0x0800 }, { 0 }, false };
static const struct cvswi_prereq tcp = { "tcp", { 0x0800 }, { 6 }, false };
static const struct cvswi_prereq udp = { "udp", { 0x0800 }, { 17 }, false };

/* ---- output: output:P, P, reserved port words, controller[:N] ---- */

static int output_parse(const char *word, const char *arg,
			const struct cvsw_port_names *names,
			struct cvsw_action *a, char *msg, size_t n)
{
	static const struct cvswi_slot port = ARG(cvswi_kind_port, output.port, 0xffff, false);
	static const struct cvswi_slot len = ARG(cvswi_kind_uint, output.max_len, 0xffff, false);
	char buf[128];
	void *u = &a->u;

	if (!strcasecmp(word, "controller")) {
		a->u.output.port = CVSW_PORT_CONTROLLER;
		a->u.output.max_len = CVSW_MAX_LEN_ALL;
		if (!arg)
			return 0;
		if (!strncmp(arg, "max_len=", 8))
			arg += 8;
		return len.kind->parse(arg, u, &len, msg, n);
	}
	if (strcasecmp(word, "output")) {
		/* a reserved port's name, or a bare port number */
		if (arg) {
			snprintf(msg, n, "%s takes no argument", word);
			return -1;
		}
		return cvswi_slot_parse(&port, word, u, names, msg, n);
	}
	if (!arg) {
		snprintf(msg, n, "output needs a port (output:PORT)");
		return -1;
	}
	if (strncmp(arg, "port=", 5)) {
		/* output:CONTROLLER sends the whole packet, as in ovs-ofctl
		 * (where a bare 65533 sends none: max_len stays 0 above) */
		if (cvswi_slot_parse(&port, arg, u, names, msg, n))
			return -1;
		if (a->u.output.port == CVSW_PORT_CONTROLLER)
			a->u.output.max_len = CVSW_MAX_LEN_ALL;
		return 0;
	}
	/* output(port=P,max_len=N), as in ovs-ofctl */
	const char *ml = strchr(arg, ',');

	if (!ml || strncmp(ml, ",max_len=", 9) ||
	    (size_t)(ml - arg) - 5 >= sizeof(buf)) {
		snprintf(msg, n, "expected output(port=PORT,max_len=N)");
		return -1;
	}
	memcpy(buf, arg + 5, (size_t)(ml - arg) - 5);
	buf[ml - arg - 5] = '\0';
	if (cvswi_slot_parse(&port, buf, u, names, msg, n))
		return -1;
	return len.kind->parse(ml + 9, u, &len, msg, n);
}

static void output_format(struct strbuf *sb, const struct cvsw_action *a)
{
	uint16_t p = a->u.output.port;

	if (p == CVSW_PORT_CONTROLLER) {
		sb_puts(sb, "controller");
		if (a->u.output.max_len != CVSW_MAX_LEN_ALL)
			sb_printf(sb, ":%u", a->u.output.max_len);
	} else if (a->u.output.max_len) {
		/* max_len only means something for CONTROLLER; keep it
		 * visible rather than lose it */
		sb_printf(sb, "output(port=%u,max_len=%u)", p, a->u.output.max_len);
	} else if (p > CVSW_PORT_MAX && cvswi_port_name(p) &&
		   p != CVSW_PORT_NONE && p != CVSW_PORT_TABLE) {
		sb_puts(sb, cvswi_port_name(p));
	} else {
		sb_printf(sb, "output:%u", p);
	}
}

static int output_put(struct nl_msg *msg, const struct cvsw_action *a)
{
	struct cvsw_action_output o = {
		.port = a->u.output.port,
		.max_len = a->u.output.max_len,
	};

	return nla_put(msg, CVSW_ACTION_A_OUTPUT, sizeof(o), &o);
}

static int output_get(const struct nlattr *nla, struct cvsw_action *a)
{
	struct cvsw_action_output o;

	if (nla_len(nla) < (int)sizeof(o))
		return -EPROTO;
	memcpy(&o, nla_data(nla), sizeof(o));
	a->u.output.port = o.port;
	a->u.output.max_len = o.max_len;
	return 0;
}

/* ---- enqueue:PORT:QUEUE or enqueue(PORT,QUEUE) ---- */

static int enqueue_parse(const char *word, const char *arg,
			 const struct cvsw_port_names *names,
			 struct cvsw_action *a, char *msg, size_t n)
{
	static const struct cvswi_slot port = ARG(cvswi_kind_port, enqueue.port, 0xffff, false);
	static const struct cvswi_slot queue = ARG(cvswi_kind_uint, enqueue.queue_id, 0xffffffffu, false);
	const char *q = arg ? strpbrk(arg, ":,") : NULL;
	char buf[128];

	(void)word;
	if (!q || (size_t)(q - arg) >= sizeof(buf)) {
		snprintf(msg, n, "enqueue needs a port and a queue (enqueue:PORT:QUEUE)");
		return -1;
	}
	memcpy(buf, arg, (size_t)(q - arg));
	buf[q - arg] = '\0';
	if (cvswi_slot_parse(&port, buf, &a->u, names, msg, n))
		return -1;
	return queue.kind->parse(q + 1, &a->u, &queue, msg, n);
}

static void enqueue_format(struct strbuf *sb, const struct cvsw_action *a)
{
	sb_printf(sb, "enqueue:%u:%u", a->u.enqueue.port, a->u.enqueue.queue_id);
}

static int enqueue_put(struct nl_msg *msg, const struct cvsw_action *a)
{
	struct cvsw_action_enqueue e = {
		.port = a->u.enqueue.port,
		.queue_id = a->u.enqueue.queue_id,
	};

	return nla_put(msg, CVSW_ACTION_A_ENQUEUE, sizeof(e), &e);
}

static int enqueue_get(const struct nlattr *nla, struct cvsw_action *a)
{
	struct cvsw_action_enqueue e;

	if (nla_len(nla) < (int)sizeof(e))
		return -EPROTO;
	memcpy(&e, nla_data(nla), sizeof(e));
	a->u.enqueue.port = e.port;
	a->u.enqueue.queue_id = e.queue_id;
	return 0;
}

/* ---- set_tunnel:N, set_tunnel64:N: one 64-bit action ---- */

/* As ovs-ofctl prints them: set_tunnel for ids that fit 32 bits (its
 * NXAST_SET_TUNNEL), set_tunnel64 otherwise, in hex ("%#" as ovs: 0 is
 * "0"). Both words take any 64-bit id. */
static void set_tunnel_format(struct strbuf *sb, const struct cvsw_action *a)
{
	sb_printf(sb, "%s:%#" PRIx64,
		  a->u.tun_id > UINT32_MAX ? "set_tunnel64" : "set_tunnel",
		  a->u.tun_id);
}

/* ---- the table ---- */

static const char *const set_tunnel_words[] = { "set_tunnel64", NULL };

static const char *const output_words[] = {
	"controller", "in_port", "normal", "flood", "all", "local", NULL,
};

#define SF(...) (const struct cvswi_set_field[]){ __VA_ARGS__, { NULL, NULL, 0, 0 } }

const struct cvswi_action cvswi_actions[CVSW_ACTION_A_MAX + 1] = {
	[CVSW_ACTION_A_OUTPUT] = {
		CVSW_ACTION_A_OUTPUT, "output", NO_ARG, NULL, output_words,
		output_parse, output_format, output_put, output_get,
	},
	[CVSW_ACTION_A_SET_VLAN_VID] = {
		CVSW_ACTION_A_SET_VLAN_VID, "mod_vlan_vid",
		ARG(cvswi_kind_uint, vlan_vid, 4095, false),
		SF({ "vlan_vid", &vlan, 0, 0x1000 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_VLAN_PCP] = {
		CVSW_ACTION_A_SET_VLAN_PCP, "mod_vlan_pcp",
		ARG(cvswi_kind_uint, vlan_pcp, 7, false),
		SF({ "vlan_pcp", &vlan, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_STRIP_VLAN] = {
		CVSW_ACTION_A_STRIP_VLAN, "strip_vlan", NO_ARG, NULL,
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_DL_SRC] = {
		CVSW_ACTION_A_SET_DL_SRC, "mod_dl_src",
		ARG(cvswi_kind_mac, mac, 0, false),
		SF({ "eth_src", NULL, 0, 0 }, { "dl_src", NULL, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_DL_DST] = {
		CVSW_ACTION_A_SET_DL_DST, "mod_dl_dst",
		ARG(cvswi_kind_mac, mac, 0, false),
		SF({ "eth_dst", NULL, 0, 0 }, { "dl_dst", NULL, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_NW_SRC] = {
		CVSW_ACTION_A_SET_NW_SRC, "mod_nw_src",
		ARG(cvswi_kind_ipv4, ipv4, 0, true),
		SF({ "ip_src", &ip, 0, 0 }, { "nw_src", &ip, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_NW_DST] = {
		CVSW_ACTION_A_SET_NW_DST, "mod_nw_dst",
		ARG(cvswi_kind_ipv4, ipv4, 0, true),
		SF({ "ip_dst", &ip, 0, 0 }, { "nw_dst", &ip, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_NW_TOS] = {
		CVSW_ACTION_A_SET_NW_TOS, "mod_nw_tos",
		ARG(cvswi_kind_tos, nw_tos, 255, false),
		SF({ "nw_tos", &ip, 0, 0 }, { "ip_dscp", &ip, 2, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_TP_SRC] = {
		CVSW_ACTION_A_SET_TP_SRC, "mod_tp_src",
		ARG(cvswi_kind_uint, tp_port, 0xffff, true),
		/* ovs-ofctl reads tp_src as tcp_src */
		SF({ "tcp_src", &tcp, 0, 0 }, { "tp_src", &tcp, 0, 0 },
		   { "udp_src", &udp, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_SET_TP_DST] = {
		CVSW_ACTION_A_SET_TP_DST, "mod_tp_dst",
		ARG(cvswi_kind_uint, tp_port, 0xffff, true),
		SF({ "tcp_dst", &tcp, 0, 0 }, { "tp_dst", &tcp, 0, 0 },
		   { "udp_dst", &udp, 0, 0 }),
		NULL, NULL, NULL, NULL, NULL,
	},
	[CVSW_ACTION_A_ENQUEUE] = {
		CVSW_ACTION_A_ENQUEUE, "enqueue", NO_ARG, NULL, NULL,
		enqueue_parse, enqueue_format, enqueue_put, enqueue_get,
	},
	[CVSW_ACTION_A_SET_TUNNEL] = {
		CVSW_ACTION_A_SET_TUNNEL, "set_tunnel",
		ARG(cvswi_kind_uint, tun_id, UINT64_MAX, false),
		SF({ "tun_id", NULL, 0, 0 }, { "tunnel_id", NULL, 0, 0 }),
		set_tunnel_words, NULL, set_tunnel_format, NULL, NULL,
	},
};
static_assert(sizeof(cvswi_actions) / sizeof(cvswi_actions[0]) ==
	      CVSW_ACTION_A_MAX + 1, "the action table covers the uapi");
static_assert((int)CVSW_ACT_MAX == CVSW_ACTION_A_MAX,
	      "enum cvsw_action_type ends with the uapi's last action");

const struct cvswi_action *cvswi_action_get(unsigned type)
{
	if (type < 1 || type > CVSW_ACTION_A_MAX || !cvswi_actions[type].name)
		return NULL;
	return &cvswi_actions[type];
}

const struct cvswi_action *cvswi_action_find(const char *word)
{
	for (unsigned t = 1; t <= CVSW_ACTION_A_MAX; t++) {
		const struct cvswi_action *d = cvswi_action_get(t);

		if (!d)
			continue;
		if (!strcasecmp(word, d->name))
			return d;
		for (const char *const *w = d->words; w && *w; w++)
			if (!strcasecmp(word, *w))
				return d;
	}
	return NULL;
}

const struct cvswi_action *cvswi_action_for_set_field(const char *field,
					const struct cvswi_set_field **sf)
{
	for (unsigned t = 1; t <= CVSW_ACTION_A_MAX; t++) {
		const struct cvswi_action *d = cvswi_action_get(t);

		for (const struct cvswi_set_field *s = d ? d->set_fields : NULL;
		     s && s->name; s++) {
			if (!strcmp(s->name, field)) {
				*sf = s;
				return d;
			}
		}
	}
	return NULL;
}

#define ALL_MODES ((1u << CVSW_PARSE_FLOW) | (1u << CVSW_PARSE_MATCH) | \
		   (1u << CVSW_PARSE_DUMP))

/* Words of the action list that are no action of the table. */
static const struct cvsw_syntax_word other_words[] = {
	{ "set_field", ':', ALL_MODES },
	{ "load", ':', ALL_MODES },	/* load:V->NXM_NX_TUN_ID[] (action_parse.c) */
	{ "drop", '\0', ALL_MODES },
};

/* The words of the action syntax, in table order: each action's name
 * (with ':' when it takes a value or is output/enqueue), its other words
 * (controller also with ':'), then set_field, load and drop. */
bool cvsw_action_keyword(unsigned i, struct cvsw_syntax_word *w)
{
	for (unsigned t = 1; t <= CVSW_ACTION_A_MAX; t++) {
		const struct cvswi_action *d = cvswi_action_get(t);
		bool arg = d && (d->arg.kind != &cvswi_kind_none || d->parse);

		if (!d)
			continue;
		if (i-- == 0) {
			*w = (struct cvsw_syntax_word){ d->name, arg ? ':' : '\0',
							ALL_MODES };
			return true;
		}
		for (const char *const *x = d->words; x && *x; x++) {
			/* set_tunnel64:N; output's words are bare */
			char sep = d->arg.kind != &cvswi_kind_none ? ':' : '\0';

			if (i-- == 0) {
				*w = (struct cvsw_syntax_word){ *x, sep, ALL_MODES };
				return true;
			}
			/* controller:N as well as controller */
			if (!strcmp(*x, "controller") && i-- == 0) {
				*w = (struct cvsw_syntax_word){ *x, ':', ALL_MODES };
				return true;
			}
		}
	}
	if (i < sizeof(other_words) / sizeof(other_words[0])) {
		*w = other_words[i];
		return true;
	}
	return false;
}

void cvswi_set_field_names(char *buf, size_t size)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	for (unsigned t = 1; t <= CVSW_ACTION_A_MAX; t++) {
		const struct cvswi_action *d = cvswi_action_get(t);

		/* the first name of each action's targets: the others are
		 * its aliases (dl_src) or its protocol variants (udp_src) */
		if (d && d->set_fields)
			sb_printf(&sb, "%s%s", sb.len ? ", " : "",
				  d->set_fields[0].name);
	}
}
