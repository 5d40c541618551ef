/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The text form of a tunnel port's parameters (`tunnel add DEV NAME
 * type=vxlan remote_ip=...`): one descriptor per word, read by the parser,
 * the formatter and completion; then the checks of the whole text, each
 * pointing at the word it refuses.
 */
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "ports.h"
#include "syntax.h"

#define MSG_MAX sizeof(((struct cvsw_parse_error *)0)->msg)

/* One word of the text: NAME=VALUE. */
struct tparam {
	const char *name;
	const char *value;	/* what it takes, for messages and help */
	/* 0, or -1 with a message */
	int (*parse)(const char *v, struct cvsw_port *p, char *msg, size_t n);
	/* writes " NAME=VALUE" when the port has it (not the default) */
	void (*format)(struct strbuf *sb, const struct tparam *t,
		       const struct cvsw_port *p);
};

/* "vxlan, nvgre, geneve, stt or sclp": the tunnel kinds of the table. */
static void kind_names(char *buf, size_t size)
{
	struct strbuf sb;
	unsigned n = 0, j = 0;

	sb_init(&sb, buf, size);
	for (unsigned k = 0; k <= CVSW_PORT_KIND_MAX; k++)
		n += cvswi_port_kinds[k].tunnel;
	for (unsigned k = 0; k <= CVSW_PORT_KIND_MAX; k++) {
		if (!cvswi_port_kinds[k].tunnel)
			continue;
		sb_printf(&sb, "%s%s", !j ? "" : j + 1 < n ? ", " : " or ",
			  cvswi_port_kinds[k].name);
		j++;
	}
}

static int type_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	int k = cvsw_port_kind_from_name(v);
	char names[96];

	if (k >= 0 && cvswi_port_kinds[k].tunnel) {
		p->kind = (uint8_t)k;
		return 0;
	}
	kind_names(names, sizeof(names));
	snprintf(msg, n, k >= 0 ? "%s is a port of its own, not a tunnel type (%s)"
				: "unknown tunnel type \"%s\" (%s)", v, names);
	return -1;
}

static void type_format(struct strbuf *sb, const struct tparam *t,
			const struct cvsw_port *p)
{
	sb_printf(sb, "%s=%s", t->name, cvsw_port_kind_name(p->kind));
}

/* A unicast IPv4 address: not 0, not multicast or broadcast. */
static int unicast(const char *v, uint32_t *ip, char *msg, size_t n)
{
	if (cvswi_parse_ipv4(v, ip)) {
		snprintf(msg, n, "invalid IPv4 address (A.B.C.D)");
		return -1;
	}
	if (!*ip || *ip >= 0xe0000000u) {
		snprintf(msg, n, "must be a unicast IPv4 address");
		return -1;
	}
	return 0;
}

static int remote_ip_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	return unicast(v, &p->tun.remote_ip, msg, n);
}

static int local_ip_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	return unicast(v, &p->tun.local_ip, msg, n);
}

static void ip_format(struct strbuf *sb, const char *name, uint32_t a)
{
	if (a)
		sb_printf(sb, " %s=%u.%u.%u.%u", name, a >> 24, (a >> 16) & 0xff,
			  (a >> 8) & 0xff, a & 0xff);
}

static void remote_ip_format(struct strbuf *sb, const struct tparam *t,
			     const struct cvsw_port *p)
{
	ip_format(sb, t->name, p->tun.remote_ip);
}

static void local_ip_format(struct strbuf *sb, const struct tparam *t,
			    const struct cvsw_port *p)
{
	ip_format(sb, t->name, p->tun.local_ip);
}

/* A number in [min, max]. */
static int number(const char *v, uint64_t min, uint64_t max, uint64_t *out,
		  char *msg, size_t n)
{
	int r = cvswi_parse_uint(v, max, out);

	if (r == PV_INVALID) {
		snprintf(msg, n, "invalid number (decimal or 0x hex expected)");
		return -1;
	}
	if (r || *out < min) {
		snprintf(msg, n, "out of range (%" PRIu64 "..%" PRIu64 ")", min, max);
		return -1;
	}
	return 0;
}

/* key=N: its range depends on the kind, checked with the whole text */
static int key_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	if (!strcmp(v, "flow")) {
		p->tun.key_flow = true;
		return 0;
	}
	return number(v, 0, UINT64_MAX, &p->tun.key, msg, n);
}

static void key_format(struct strbuf *sb, const struct tparam *t,
		       const struct cvsw_port *p)
{
	if (p->tun.key_flow)
		sb_printf(sb, " %s=flow", t->name);
	else if (p->tun.key)
		sb_printf(sb, " %s=%" PRIu64, t->name, p->tun.key);
}

static int dst_port_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	uint64_t x;

	if (number(v, 1, 65535, &x, msg, n))
		return -1;
	p->tun.dst_port = (uint16_t)x;
	return 0;
}

static void dst_port_format(struct strbuf *sb, const struct tparam *t,
			    const struct cvsw_port *p)
{
	if (p->tun.dst_port)
		sb_printf(sb, " %s=%u", t->name, p->tun.dst_port);
}

static int remote_mac_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	static const uint8_t zero[6];

	if (cvswi_parse_mac(v, p->tun.remote_mac)) {
		snprintf(msg, n, "invalid MAC address (xx:xx:xx:xx:xx:xx expected)");
		return -1;
	}
	if ((p->tun.remote_mac[0] & 1) || !memcmp(p->tun.remote_mac, zero, 6)) {
		snprintf(msg, n, "must be a unicast MAC address");
		return -1;
	}
	p->tun.has_remote_mac = true;
	return 0;
}

static void remote_mac_format(struct strbuf *sb, const struct tparam *t,
			      const struct cvsw_port *p)
{
	const uint8_t *m = p->tun.remote_mac;

	if (p->tun.has_remote_mac)
		sb_printf(sb, " %s=%02x:%02x:%02x:%02x:%02x:%02x", t->name,
			  m[0], m[1], m[2], m[3], m[4], m[5]);
}

static int ofport_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	uint64_t x;

	if (cvswi_parse_uint(v, CVSW_PORT_MAX, &x) == PV_OK && x < CVSW_PORT_TUNNEL_MIN) {
		snprintf(msg, n, "ports 1 and 2 are host and net: tunnels are numbered from %u",
			 CVSW_PORT_TUNNEL_MIN);
		return -1;
	}
	if (number(v, CVSW_PORT_TUNNEL_MIN, CVSW_PORT_MAX, &x, msg, n))
		return -1;
	p->port_no = (uint16_t)x;
	return 0;
}

static void ofport_format(struct strbuf *sb, const struct tparam *t,
			  const struct cvsw_port *p)
{
	if (p->port_no)
		sb_printf(sb, " %s=%u", t->name, p->port_no);
}

static int tos_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	uint64_t x;

	if (!strcmp(v, "inherit")) {
		p->tun.tos_inherit = true;
		return 0;
	}
	if (number(v, 0, 255, &x, msg, n))
		return -1;
	p->tun.tos = (uint8_t)x;
	return 0;
}

static void tos_format(struct strbuf *sb, const struct tparam *t,
		       const struct cvsw_port *p)
{
	if (p->tun.tos_inherit)
		sb_printf(sb, " %s=inherit", t->name);
	else if (p->tun.tos)
		sb_printf(sb, " %s=%u", t->name, p->tun.tos);
}

static int ttl_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	uint64_t x;

	if (number(v, 1, 255, &x, msg, n))
		return -1;
	p->tun.ttl = (uint8_t)x;
	return 0;
}

static void ttl_format(struct strbuf *sb, const struct tparam *t,
		       const struct cvsw_port *p)
{
	if (p->tun.ttl)
		sb_printf(sb, " %s=%u", t->name, p->tun.ttl);
}

static int flowid_parse(const char *v, struct cvsw_port *p, char *msg, size_t n)
{
	if (strcmp(v, "0") && strcmp(v, "hash")) {
		snprintf(msg, n, "flowid is 0 or hash");
		return -1;
	}
	p->tun.flowid_hash = !strcmp(v, "hash");
	return 0;
}

static void flowid_format(struct strbuf *sb, const struct tparam *t,
			  const struct cvsw_port *p)
{
	if (p->tun.flowid_hash)
		sb_printf(sb, " %s=hash", t->name);
}

enum {
	T_TYPE, T_REMOTE_IP, T_LOCAL_IP, T_KEY, T_DST_PORT, T_REMOTE_MAC,
	T_OFPORT, T_TOS, T_TTL, T_FLOWID, N_TPARAMS
};

/* In the order of the formatter and the usage text. */
static const struct tparam tparams[N_TPARAMS] = {
	[T_TYPE] = { "type", "KIND", type_parse, type_format },
	[T_REMOTE_IP] = { "remote_ip", "A.B.C.D", remote_ip_parse, remote_ip_format },
	[T_LOCAL_IP] = { "local_ip", "A.B.C.D", local_ip_parse, local_ip_format },
	[T_KEY] = { "key", "N|flow", key_parse, key_format },
	[T_DST_PORT] = { "dst_port", "N", dst_port_parse, dst_port_format },
	[T_REMOTE_MAC] = { "remote_mac", "MAC", remote_mac_parse, remote_mac_format },
	[T_OFPORT] = { "ofport", "N", ofport_parse, ofport_format },
	[T_TOS] = { "tos", "N|inherit", tos_parse, tos_format },
	[T_TTL] = { "ttl", "N", ttl_parse, ttl_format },
	[T_FLOWID] = { "flowid", "0|hash", flowid_parse, flowid_format },
};

/* ---- the checks of the whole text ---- */

struct tstate {
	struct cvsw_parse_error *err;
	unsigned col[N_TPARAMS];	/* 1-based column of each word, 0: absent */
	const char *item[N_TPARAMS];
	size_t item_len[N_TPARAMS];
	unsigned end_col;		/* after the last word */
};

/* One rule of the whole text: when `bad` holds, the word `param` (or the
 * end of the text when it is absent) is refused with msg(). */
struct tcheck {
	int param;
	bool (*bad)(const struct tstate *s, const struct cvsw_port *p);
	void (*msg)(char *buf, size_t n, const struct cvsw_port *p);
};

static bool no_type(const struct tstate *s, const struct cvsw_port *p)
{
	(void)p;
	return !s->col[T_TYPE];
}

static void no_type_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	char names[96];

	(void)p;
	kind_names(names, sizeof(names));
	snprintf(buf, n, "missing type= (%s)", names);
}

static bool no_remote(const struct tstate *s, const struct cvsw_port *p)
{
	(void)p;
	return !s->col[T_REMOTE_IP];
}

static void no_remote_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	(void)p;
	snprintf(buf, n, "missing remote_ip=A.B.C.D (the other end of the tunnel)");
}

static bool key_too_big(const struct tstate *s, const struct cvsw_port *p)
{
	unsigned bits = cvswi_port_kinds[p->kind].key_bits;

	(void)s;
	return bits < 64 && p->tun.key >> bits;
}

static void key_too_big_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	unsigned bits = cvswi_port_kinds[p->kind].key_bits;

	snprintf(buf, n, "key 0x%" PRIx64 " too big for %s (%u bits: at most 0x%" PRIx64 ")",
		 p->tun.key, cvsw_port_kind_name(p->kind), bits,
		 (UINT64_C(1) << bits) - 1);
}

static bool stray_dst_port(const struct tstate *s, const struct cvsw_port *p)
{
	return s->col[T_DST_PORT] && !cvswi_port_kinds[p->kind].dst_port;
}

static void stray_dst_port_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	snprintf(buf, n, "%s has no destination port (it is GRE, IP protocol 47)",
		 cvsw_port_kind_name(p->kind));
}

static bool stray_flowid(const struct tstate *s, const struct cvsw_port *p)
{
	return s->col[T_FLOWID] && !cvswi_port_kinds[p->kind].flowid;
}

static void stray_flowid_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	snprintf(buf, n, "flowid is NVGRE's, not %s's", cvsw_port_kind_name(p->kind));
}

static bool same_ends(const struct tstate *s, const struct cvsw_port *p)
{
	(void)s;
	return p->tun.local_ip && p->tun.local_ip == p->tun.remote_ip;
}

static void same_ends_msg(char *buf, size_t n, const struct cvsw_port *p)
{
	(void)p;
	snprintf(buf, n, "local_ip and remote_ip are the same address");
}

/* In order: the type first, since the later ones read the kind. */
static const struct tcheck tchecks[] = {
	{ T_TYPE, no_type, no_type_msg },
	{ T_REMOTE_IP, no_remote, no_remote_msg },
	{ T_KEY, key_too_big, key_too_big_msg },
	{ T_DST_PORT, stray_dst_port, stray_dst_port_msg },
	{ T_FLOWID, stray_flowid, stray_flowid_msg },
	{ T_LOCAL_IP, same_ends, same_ends_msg },
};

static int check_all(struct tstate *s, const struct cvsw_port *p)
{
	for (size_t i = 0; i < sizeof(tchecks) / sizeof(tchecks[0]); i++) {
		const struct tcheck *c = &tchecks[i];
		char msg[MSG_MAX];

		if (!c->bad(s, p))
			continue;
		c->msg(msg, sizeof(msg), p);
		if (s->col[c->param])
			cvswi_parse_error(s->err, s->col[c->param], s->item[c->param],
					  s->item_len[c->param], "%s", msg);
		else
			cvswi_parse_error(s->err, s->end_col, "", 0, "%s", msg);
		return -EINVAL;
	}
	return 0;
}

/* ---- parse, format, keywords ---- */

static const struct tparam *find(const char *s, size_t len)
{
	for (size_t i = 0; i < N_TPARAMS; i++)
		if (strlen(tparams[i].name) == len && !memcmp(tparams[i].name, s, len))
			return &tparams[i];
	return NULL;
}

static void param_names(char *buf, size_t size)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	for (size_t i = 0; i < N_TPARAMS; i++)
		sb_printf(&sb, "%s%s", i ? ", " : "", tparams[i].name);
}

static bool is_delim(char ch)
{
	return ch == ',' || isspace((unsigned char)ch);
}

int cvsw_tunnel_parse(const char *text, struct cvsw_port *port,
		      struct cvsw_parse_error *err)
{
	struct tstate s = { .err = err };
	size_t i = 0;

	if (err)
		memset(err, 0, sizeof(*err));
	port->kind = 0;
	port->port_no = 0;
	memset(&port->tun, 0, sizeof(port->tun));
	for (;;) {
		const char *item, *eq;
		const struct tparam *t;
		size_t start, len;
		unsigned col;
		char val[64], msg[MSG_MAX];

		while (text[i] && is_delim(text[i]))
			i++;
		if (!text[i])
			break;
		start = i;
		while (text[i] && !is_delim(text[i]))
			i++;
		item = text + start;
		len = i - start;
		col = (unsigned)start + 1;
		eq = memchr(item, '=', len);
		t = find(item, eq ? (size_t)(eq - item) : len);
		if (!t) {
			param_names(msg, sizeof(msg));
			cvswi_parse_error(err, col, item, len,
					  "unknown parameter (%s)", msg);
			return -EINVAL;
		}
		if (!eq || eq + 1 == item + len) {
			cvswi_parse_error(err, col, item, len,
					  "missing value (expected %s=%s)", t->name,
					  t->value);
			return -EINVAL;
		}
		if (s.col[t - tparams]) {
			cvswi_parse_error(err, col, item, len,
					  "duplicate parameter %s", t->name);
			return -EINVAL;
		}
		if ((size_t)(item + len - eq - 1) >= sizeof(val)) {
			cvswi_parse_error(err, col, item, len, "value too long");
			return -EINVAL;
		}
		memcpy(val, eq + 1, (size_t)(item + len - eq - 1));
		val[item + len - eq - 1] = '\0';
		if (t->parse(val, port, msg, sizeof(msg))) {
			cvswi_parse_error(err, col, item, len, "%s", msg);
			return -EINVAL;
		}
		s.col[t - tparams] = col;
		s.item[t - tparams] = item;
		s.item_len[t - tparams] = len;
	}
	s.end_col = (unsigned)i + 1;
	return check_all(&s, port);
}

int cvsw_tunnel_format(char *buf, size_t size, const struct cvsw_port *port)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	for (size_t i = 0; i < N_TPARAMS; i++)
		tparams[i].format(&sb, &tparams[i], port);
	if (sb.size && sb.len >= sb.size)
		sb.buf[sb.size - 1] = '\0';
	return (int)sb.len;
}

bool cvsw_tunnel_keyword(unsigned i, struct cvsw_syntax_word *w)
{
	if (i >= N_TPARAMS)
		return false;
	*w = (struct cvsw_syntax_word){ tparams[i].name, '=', 0 };
	return true;
}
