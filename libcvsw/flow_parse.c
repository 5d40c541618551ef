/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flow text parser: "key=value" items separated by commas and/or
 * blanks (as ovs-ofctl), then "actions=" which takes the rest of the text.
 * Every error names the 1-based column where the offending item starts.
 */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "syntax.h"

enum key {
	K_PRIORITY, K_COOKIE, K_IDLE_TIMEOUT, K_HARD_TIMEOUT, K_SEND_FLOW_REM,
	K_CHECK_OVERLAP, K_OUT_PORT, K_DURATION, K_N_PACKETS, K_N_BYTES,
	K_IDLE_AGE, K_IN_PORT, K_DL_SRC, K_DL_DST, K_DL_VLAN, K_DL_VLAN_PCP,
	K_DL_TYPE, K_NW_TOS, K_NW_PROTO, K_NW_SRC, K_NW_DST, K_TP_SRC,
	K_TP_DST, K_TUN_ID, K_IP, K_TCP, K_UDP, K_ICMP, K_ARP, K_TABLE,
	K_HARD_AGE,
};

enum key_class { C_MATCH, C_OPTION, C_FILTER, C_COUNTER, C_SHORTHAND };

static const struct keydef {
	const char *name;
	enum key key;
	enum key_class cls;
	bool flag;		/* takes no value */
} keys[] = {
	{ "priority", K_PRIORITY, C_FILTER, false },
	{ "cookie", K_COOKIE, C_OPTION, false },
	{ "idle_timeout", K_IDLE_TIMEOUT, C_OPTION, false },
	{ "hard_timeout", K_HARD_TIMEOUT, C_OPTION, false },
	{ "send_flow_rem", K_SEND_FLOW_REM, C_OPTION, true },
	{ "check_overlap", K_CHECK_OVERLAP, C_OPTION, true },
	{ "out_port", K_OUT_PORT, C_FILTER, false },
	{ "duration", K_DURATION, C_COUNTER, false },
	{ "n_packets", K_N_PACKETS, C_COUNTER, false },
	{ "n_bytes", K_N_BYTES, C_COUNTER, false },
	{ "idle_age", K_IDLE_AGE, C_COUNTER, false },
	/* read and ignored, so that ovs-ofctl dump-flows lines parse too */
	{ "hard_age", K_HARD_AGE, C_COUNTER, false },
	{ "table", K_TABLE, C_FILTER, false },
	{ "in_port", K_IN_PORT, C_MATCH, false },
	{ "dl_src", K_DL_SRC, C_MATCH, false },
	{ "dl_dst", K_DL_DST, C_MATCH, false },
	{ "dl_vlan", K_DL_VLAN, C_MATCH, false },
	{ "dl_vlan_pcp", K_DL_VLAN_PCP, C_MATCH, false },
	{ "dl_type", K_DL_TYPE, C_MATCH, false },
	{ "nw_tos", K_NW_TOS, C_MATCH, false },
	{ "nw_proto", K_NW_PROTO, C_MATCH, false },
	{ "nw_src", K_NW_SRC, C_MATCH, false },
	{ "nw_dst", K_NW_DST, C_MATCH, false },
	{ "tp_src", K_TP_SRC, C_MATCH, false },
	{ "tp_dst", K_TP_DST, C_MATCH, false },
	{ "tun_id", K_TUN_ID, C_MATCH, false },
	{ "ip", K_IP, C_SHORTHAND, true },
	{ "tcp", K_TCP, C_SHORTHAND, true },
	{ "udp", K_UDP, C_SHORTHAND, true },
	{ "icmp", K_ICMP, C_SHORTHAND, true },
	{ "arp", K_ARP, C_SHORTHAND, true },
};

/* State of one parse, to report errors against the current item. */
struct ctx {
	struct cvsw_parse_error *err;
	const char *item;
	size_t item_len;
	unsigned column;
	uint64_t seen;		/* bit per enum key, for duplicates */
};

#define FAIL(c, ...) do { \
	cvswi_parse_error((c)->err, (c)->column, (c)->item, (c)->item_len, \
			  __VA_ARGS__); \
	return -EINVAL; \
} while (0)

static int get_uint(struct ctx *c, const char *v, uint64_t max, uint64_t *out)
{
	switch (cvswi_parse_uint(v, max, out)) {
	case PV_OK:
		return 0;
	case PV_RANGE:
		FAIL(c, "value out of range (maximum %llu)",
		     (unsigned long long)max);
	default:
		FAIL(c, "invalid number (decimal or 0x hex expected)");
	}
}

/* "S", "S.m", "S.mm" or "S.mmm", then 's' (dump lines); ovs-ofctl's
 * idle_age=N has no 's'. */
static int get_seconds(struct ctx *c, const char *v, uint64_t *ms)
{
	uint64_t s = 0, frac = 0;
	unsigned fd = 0;
	const char *p = v;

	if (!isdigit((unsigned char)*p))
		goto bad;
	for (; isdigit((unsigned char)*p); p++) {
		if (s > UINT64_MAX / 10000)
			FAIL(c, "value out of range");
		s = s * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; isdigit((unsigned char)*p) && fd < 3; p++, fd++)
			frac = frac * 10 + (uint64_t)(*p - '0');
		if (!fd)
			goto bad;
		for (; fd < 3; fd++)
			frac *= 10;
	}
	if (*p == 's')
		p++;
	if (*p)
		goto bad;
	*ms = s * 1000 + frac;
	return 0;
bad:
	FAIL(c, "invalid duration (seconds with up to 3 decimals, e.g. 3.104s)");
}

static int get_nw(struct ctx *c, const char *v, uint32_t *addr, uint8_t *prefix)
{
	char ip[32];
	const char *slash = strchr(v, '/');
	size_t n = slash ? (size_t)(slash - v) : strlen(v);
	uint32_t a;

	if (n >= sizeof(ip))
		FAIL(c, "invalid IPv4 address");
	memcpy(ip, v, n);
	ip[n] = '\0';
	if (cvswi_parse_ipv4(ip, &a))
		FAIL(c, "invalid IPv4 address");
	*prefix = 32;
	if (slash) {
		uint64_t plen;
		uint32_t mask;

		if (strchr(slash + 1, '.')) {
			if (cvswi_parse_ipv4(slash + 1, &mask))
				FAIL(c, "invalid netmask");
			/* contiguous: the inverted mask plus one is a power of 2 */
			if (~mask & (~mask + 1))
				FAIL(c, "netmask is not contiguous");
			plen = (uint64_t)__builtin_popcount(mask);
		} else if (cvswi_parse_uint(slash + 1, 32, &plen)) {
			FAIL(c, "invalid prefix length (1..32)");
		}
		if (plen == 0)
			FAIL(c, "prefix length must be 1..32 (omit the field to match any address)");
		*prefix = (uint8_t)plen;
	}
	/* canonical form: host bits cleared, as the kernel stores it */
	*addr = *prefix == 32 ? a : a & ~(0xffffffffu >> *prefix);
	return 0;
}

static int set_shorthand(struct ctx *c, struct cvsw_match *m, uint16_t dl_type,
			 int nw_proto)
{
	if (m->present & CVSW_M_DL_TYPE)
		FAIL(c, "dl_type is already set");
	if (nw_proto >= 0 && (m->present & CVSW_M_NW_PROTO))
		FAIL(c, "nw_proto is already set");
	m->present |= CVSW_M_DL_TYPE;
	m->dl_type = dl_type;
	if (nw_proto >= 0) {
		m->present |= CVSW_M_NW_PROTO;
		m->nw_proto = (uint8_t)nw_proto;
	}
	return 0;
}

/* Field bit of a match key, to catch duplicates with shorthands. */
static uint32_t match_bit(enum key k)
{
	switch (k) {
	case K_IN_PORT: return CVSW_M_IN_PORT;
	case K_DL_SRC: return CVSW_M_DL_SRC;
	case K_DL_DST: return CVSW_M_DL_DST;
	case K_DL_VLAN: return CVSW_M_DL_VLAN;
	case K_DL_VLAN_PCP: return CVSW_M_DL_VLAN_PCP;
	case K_DL_TYPE: return CVSW_M_DL_TYPE;
	case K_NW_TOS: return CVSW_M_NW_TOS;
	case K_NW_PROTO: return CVSW_M_NW_PROTO;
	case K_NW_SRC: return CVSW_M_NW_SRC;
	case K_NW_DST: return CVSW_M_NW_DST;
	case K_TP_SRC: return CVSW_M_TP_SRC;
	case K_TP_DST: return CVSW_M_TP_DST;
	case K_TUN_ID: return CVSW_M_TUN_ID;
	default: return 0;
	}
}

static int set_item(struct ctx *c, const struct keydef *kd, const char *v,
		    struct cvsw_flow *f)
{
	struct cvsw_match *m = &f->match;
	uint64_t n;
	uint16_t port;

	if (match_bit(kd->key) && (m->present & match_bit(kd->key)))
		FAIL(c, "%s is already set", kd->name);
	m->present |= match_bit(kd->key);

	switch (kd->key) {
	case K_PRIORITY:
		if (get_uint(c, v, 0xffff, &n))
			return -EINVAL;
		f->priority = (uint16_t)n;
		return 0;
	case K_COOKIE:
		return get_uint(c, v, UINT64_MAX, &f->cookie);
	case K_IDLE_TIMEOUT:
	case K_HARD_TIMEOUT:
		if (get_uint(c, v, 0xffff, &n))
			return -EINVAL;
		*(kd->key == K_IDLE_TIMEOUT ? &f->idle_timeout
					    : &f->hard_timeout) = (uint16_t)n;
		return 0;
	case K_SEND_FLOW_REM:
		f->flags |= CVSW_FLOW_F_SEND_FLOW_REM;
		return 0;
	case K_CHECK_OVERLAP:
		f->flags |= CVSW_FLOW_F_CHECK_OVERLAP;
		return 0;
	case K_OUT_PORT:
	case K_IN_PORT:
		switch (cvswi_parse_port(v, &port)) {
		case PV_OK:
			break;
		case PV_RANGE:
			FAIL(c, "port out of range (maximum 65535)");
		default:
			FAIL(c, "invalid port (a number, host, net or local)");
		}
		*(kd->key == K_IN_PORT ? &m->in_port : &f->out_port) = port;
		return 0;
	case K_DURATION:
		return get_seconds(c, v, &f->duration_ms);
	case K_IDLE_AGE:
		return get_seconds(c, v, &f->idle_ms);
	case K_HARD_AGE:
		return get_seconds(c, v, &n);
	case K_TABLE:
		/* OpenFlow 1.0 here has one table */
		if (get_uint(c, v, 255, &n))
			return -EINVAL;
		if (n)
			FAIL(c, "there is only table 0");
		return 0;
	case K_N_PACKETS:
		return get_uint(c, v, UINT64_MAX, &f->packets);
	case K_N_BYTES:
		return get_uint(c, v, UINT64_MAX, &f->bytes);
	case K_DL_SRC:
	case K_DL_DST:
		if (cvswi_parse_mac(v, kd->key == K_DL_SRC ? m->dl_src : m->dl_dst))
			FAIL(c, "invalid MAC address (xx:xx:xx:xx:xx:xx expected)");
		return 0;
	case K_DL_VLAN:
		if (cvswi_parse_uint(v, 0xffff, &n) == PV_INVALID)
			FAIL(c, "invalid number (decimal or 0x hex expected)");
		if (cvswi_parse_uint(v, 0xffff, &n) || (n > 4095 && n != CVSW_VLAN_NONE))
			FAIL(c, "VLAN id out of range (0..4095, or 0xffff for untagged)");
		m->dl_vlan = (uint16_t)n;
		return 0;
	case K_DL_VLAN_PCP:
		if (get_uint(c, v, 7, &n))
			return -EINVAL;
		m->dl_vlan_pcp = (uint8_t)n;
		return 0;
	case K_DL_TYPE:
		if (get_uint(c, v, 0xffff, &n))
			return -EINVAL;
		m->dl_type = (uint16_t)n;
		return 0;
	case K_NW_TOS:
		if (get_uint(c, v, 255, &n))
			return -EINVAL;
		if (n & 3)
			FAIL(c, "nw_tos must be a multiple of 4 (DSCP << 2)");
		m->nw_tos = (uint8_t)n;
		return 0;
	case K_NW_PROTO:
		if (get_uint(c, v, 255, &n))
			return -EINVAL;
		m->nw_proto = (uint8_t)n;
		return 0;
	case K_NW_SRC:
		return get_nw(c, v, &m->nw_src, &m->nw_src_prefix);
	case K_NW_DST:
		return get_nw(c, v, &m->nw_dst, &m->nw_dst_prefix);
	case K_TP_SRC:
	case K_TP_DST:
		if (get_uint(c, v, 0xffff, &n))
			return -EINVAL;
		*(kd->key == K_TP_SRC ? &m->tp_src : &m->tp_dst) = (uint16_t)n;
		return 0;
	case K_TUN_ID:
		return get_uint(c, v, UINT64_MAX, &m->tun_id);
	case K_IP:
		return set_shorthand(c, m, 0x0800, -1);
	case K_TCP:
		return set_shorthand(c, m, 0x0800, 6);
	case K_UDP:
		return set_shorthand(c, m, 0x0800, 17);
	case K_ICMP:
		return set_shorthand(c, m, 0x0800, 1);
	case K_ARP:
		return set_shorthand(c, m, 0x0806, -1);
	}
	FAIL(c, "unknown field");
}

static bool is_delim(char ch)
{
	return ch == ',' || isspace((unsigned char)ch);
}

static int check_mode(struct ctx *c, const struct keydef *kd,
		      enum cvsw_parse_mode mode)
{
	switch (kd->cls) {
	case C_OPTION:
		if (mode == CVSW_PARSE_MATCH)
			FAIL(c, "%s is not allowed in a match", kd->name);
		break;
	case C_FILTER:
		if (kd->key == K_OUT_PORT && mode != CVSW_PARSE_MATCH)
			FAIL(c, "out_port is only allowed in a match (flow del, flow dump)");
		break;
	case C_COUNTER:
		if (mode != CVSW_PARSE_DUMP)
			FAIL(c, "%s is a counter, only allowed in a dump line",
			     kd->name);
		break;
	default:
		break;
	}
	return 0;
}

int cvsw_flow_parse(const char *text, enum cvsw_parse_mode mode,
		    struct cvsw_flow *flow, struct cvsw_parse_error *err)
{
	struct ctx c = { .err = err };
	size_t i = 0;

	cvsw_flow_init(flow);
	if (err)
		memset(err, 0, sizeof(*err));
	for (;;) {
		const struct keydef *kd = NULL;
		const char *eq;
		size_t start, end, klen;
		char val[256];

		while (text[i] && is_delim(text[i]))
			i++;
		if (!text[i])
			break;
		start = i;
		c.column = (unsigned)start + 1;
		if (!strncmp(text + i, "actions=", 8)) {
			c.item = text + i;
			c.item_len = 7;
			if (mode == CVSW_PARSE_MATCH)
				FAIL(&c, "actions are not allowed in a match");
			flow->has_actions = true;
			return cvswi_parse_actions(text + i + 8, c.column + 8,
						   flow->actions,
						   CVSW_MAX_ACTIONS,
						   &flow->n_actions, err);
		}
		for (end = i; text[end] && !is_delim(text[end]); end++)
			;
		c.item = text + start;
		c.item_len = end - start;
		i = end;

		eq = memchr(c.item, '=', c.item_len);
		klen = eq ? (size_t)(eq - c.item) : c.item_len;
		for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
			if (strlen(keys[k].name) == klen &&
			    !memcmp(keys[k].name, c.item, klen)) {
				kd = &keys[k];
				break;
			}
		}
		if (!kd) {
			if (klen == 7 && !memcmp(c.item, "actions", 7))
				FAIL(&c, "actions must be written actions=LIST");
			FAIL(&c, "unknown field");
		}
		if (check_mode(&c, kd, mode))
			return -EINVAL;
		if (kd->flag && eq)
			FAIL(&c, "%s takes no value", kd->name);
		if (!kd->flag && (!eq || eq + 1 == c.item + c.item_len))
			FAIL(&c, "missing value (expected %s=VALUE)", kd->name);
		if (c.seen & (1ull << kd->key))
			FAIL(&c, "duplicate field %s", kd->name);
		c.seen |= 1ull << kd->key;
		if (eq) {
			size_t vlen = c.item_len - klen - 1;

			if (vlen >= sizeof(val))
				FAIL(&c, "value too long");
			memcpy(val, eq + 1, vlen);
			val[vlen] = '\0';
		} else {
			val[0] = '\0';
		}
		if (set_item(&c, kd, val, flow))
			return -EINVAL;
	}
	if (mode != CVSW_PARSE_MATCH) {
		c.column = (unsigned)i + 1;
		c.item = "";
		c.item_len = 0;
		FAIL(&c, "missing actions= (use actions=drop to drop)");
	}
	return 0;
}
