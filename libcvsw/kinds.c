/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The value kinds of the flow syntax: how a number, a port, a VLAN id, a
 * MAC or an IPv4 address is parsed from text, formatted, compared and put
 * on (or read from) the wire. Field and action descriptors name a kind
 * and a slot; nothing else in the library knows a value's layout.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <netlink/attr.h>

#include "syntax.h"

#define AT(base, sl) ((unsigned char *)(base) + (sl)->off)
#define CAT(base, sl) ((const unsigned char *)(base) + (sl)->off)

static uint64_t load(const void *base, const struct cvswi_slot *sl)
{
	const unsigned char *p = CAT(base, sl);
	uint8_t u8;
	uint16_t u16;
	uint32_t u32;
	uint64_t u64;

	switch (sl->size) {
	case 1: memcpy(&u8, p, 1); return u8;
	case 2: memcpy(&u16, p, 2); return u16;
	case 4: memcpy(&u32, p, 4); return u32;
	default: memcpy(&u64, p, 8); return u64;
	}
}

static void store(void *base, const struct cvswi_slot *sl, uint64_t v)
{
	unsigned char *p = AT(base, sl);
	uint8_t u8 = (uint8_t)v;
	uint16_t u16 = (uint16_t)v;
	uint32_t u32 = (uint32_t)v;

	switch (sl->size) {
	case 1: memcpy(p, &u8, 1); break;
	case 2: memcpy(p, &u16, 2); break;
	case 4: memcpy(p, &u32, 4); break;
	default: memcpy(p, &v, 8); break;
	}
}

static int number(const char *s, uint64_t max, uint64_t *v, char *msg, size_t n)
{
	switch (cvswi_parse_uint(s, max, v)) {
	case PV_OK:
		return 0;
	case PV_RANGE:
		snprintf(msg, n, "value out of range (maximum %" PRIu64 ")", max);
		return -1;
	default:
		snprintf(msg, n, "invalid number (decimal or 0x hex expected)");
		return -1;
	}
}

static bool num_equal(const void *a, const void *b, const struct cvswi_slot *sl)
{
	return load(a, sl) == load(b, sl);
}

static int num_put(struct nl_msg *msg, int attr, const void *base,
		   const struct cvswi_slot *sl)
{
	uint64_t v = load(base, sl);

	switch (sl->size) {
	case 1:
		return nla_put_u8(msg, attr, (uint8_t)v);
	case 2:
		return nla_put_u16(msg, attr, sl->be ? htons((uint16_t)v)
						     : (uint16_t)v);
	case 4:
		return nla_put_u32(msg, attr, sl->be ? htonl((uint32_t)v)
						     : (uint32_t)v);
	default:
		return nla_put_u64(msg, attr, v);
	}
}

static int num_get(const struct nlattr *a, void *base,
		   const struct cvswi_slot *sl)
{
	uint64_t v;

	if (nla_len(a) < sl->size)
		return -EPROTO;
	switch (sl->size) {
	case 1:
		v = nla_get_u8(a);
		break;
	case 2:
		v = nla_get_u16(a);
		v = sl->be ? ntohs((uint16_t)v) : v;
		break;
	case 4:
		v = nla_get_u32(a);
		v = sl->be ? ntohl((uint32_t)v) : v;
		break;
	default:
		v = nla_get_u64(a);
		break;
	}
	store(base, sl, v);
	return 0;
}

/* ---- numbers ---- */

static int uint_parse(const char *s, void *base, const struct cvswi_slot *sl,
		      char *msg, size_t n)
{
	uint64_t v;

	if (number(s, sl->max, &v, msg, n))
		return -1;
	store(base, sl, v);
	return 0;
}

static void uint_format(struct strbuf *sb, const void *base,
			const struct cvswi_slot *sl)
{
	uint64_t v = load(base, sl);

	switch (sl->fmt) {
	case NF_HEX:
		sb_printf(sb, "0x%" PRIx64, v);
		break;
	case NF_HEX4:
		sb_printf(sb, "0x%04" PRIx64, v);
		break;
	default:
		sb_printf(sb, "%" PRIu64, v);
		break;
	}
}

const struct cvswi_kind cvswi_kind_uint = {
	uint_parse, uint_format, num_equal, num_put, num_get,
};

/* ---- nw_tos: DSCP << 2, the ECN bits must be clear ---- */

static int tos_parse(const char *s, void *base, const struct cvswi_slot *sl,
		     char *msg, size_t n)
{
	uint64_t v;

	if (number(s, 255, &v, msg, n))
		return -1;
	if (v & 3) {
		snprintf(msg, n, "must be a multiple of 4 (DSCP << 2), as nw_tos");
		return -1;
	}
	store(base, sl, v);
	return 0;
}

const struct cvswi_kind cvswi_kind_tos = {
	tos_parse, uint_format, num_equal, num_put, num_get,
};

/* ---- dl_vlan: 0..4095, or 0xffff for an untagged packet ---- */

static int vlan_parse(const char *s, void *base, const struct cvswi_slot *sl,
		      char *msg, size_t n)
{
	uint64_t v;
	int r = cvswi_parse_uint(s, 0xffff, &v);

	if (r == PV_INVALID) {
		snprintf(msg, n, "invalid number (decimal or 0x hex expected)");
		return -1;
	}
	if (r || (v > 4095 && v != CVSW_VLAN_NONE)) {
		snprintf(msg, n, "VLAN id out of range (0..4095, or 0xffff for untagged)");
		return -1;
	}
	store(base, sl, v);
	return 0;
}

static void vlan_format(struct strbuf *sb, const void *base,
			const struct cvswi_slot *sl)
{
	uint64_t v = load(base, sl);

	if (v == CVSW_VLAN_NONE)
		sb_puts(sb, "0xffff");
	else
		sb_printf(sb, "%" PRIu64, v);
}

const struct cvswi_kind cvswi_kind_vlan = {
	vlan_parse, vlan_format, num_equal, num_put, num_get,
};

/* ---- ports ---- */

int cvswi_parse_port_named(const char *s, const struct cvsw_port_names *names,
			   uint16_t *port)
{
	int r = cvswi_parse_port(s, port);

	if (r != PV_INVALID || !names || !names->resolve)
		return r;
	return names->resolve(s, port, names->arg) ? PV_INVALID : PV_OK;
}

static int port_named(const char *s, void *base, const struct cvswi_slot *sl,
		      const struct cvsw_port_names *names, char *msg, size_t n)
{
	uint16_t port;

	switch (cvswi_parse_port_named(s, names, &port)) {
	case PV_OK:
		store(base, sl, port);
		return 0;
	case PV_RANGE:
		snprintf(msg, n, "port out of range (maximum 65535)");
		return -1;
	default:
		if (names)
			snprintf(msg, n, "unknown port \"%s\" (a number, host, net, a reserved port or a port of the device)", s);
		else
			snprintf(msg, n, "invalid port (a number, or host, net, in_port, normal, flood, all, controller, local, none)");
		return -1;
	}
}

static int port_parse(const char *s, void *base, const struct cvswi_slot *sl,
		      char *msg, size_t n)
{
	return port_named(s, base, sl, NULL, msg, n);
}

int cvswi_slot_parse(const struct cvswi_slot *sl, const char *s, void *base,
		     const struct cvsw_port_names *names, char *msg, size_t n)
{
	if (sl->kind == &cvswi_kind_port)
		return port_named(s, base, sl, names, msg, n);
	return sl->kind->parse(s, base, sl, msg, n);
}

static void port_format(struct strbuf *sb, const void *base,
			const struct cvswi_slot *sl)
{
	uint16_t p = (uint16_t)load(base, sl);
	/* host/net stay numeric (OpenFlow users read port numbers); the
	 * reserved ports print by name */
	const char *name = p > CVSW_PORT_MAX ? cvswi_port_name(p) : NULL;

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%u", p);
}

const struct cvswi_kind cvswi_kind_port = {
	port_parse, port_format, num_equal, num_put, num_get,
};

/* ---- MAC addresses ---- */

static int mac_parse(const char *s, void *base, const struct cvswi_slot *sl,
		     char *msg, size_t n)
{
	if (cvswi_parse_mac(s, AT(base, sl))) {
		snprintf(msg, n, "invalid MAC address (xx:xx:xx:xx:xx:xx expected)");
		return -1;
	}
	return 0;
}

static void mac_format(struct strbuf *sb, const void *base,
		       const struct cvswi_slot *sl)
{
	const unsigned char *m = CAT(base, sl);

	sb_printf(sb, "%02x:%02x:%02x:%02x:%02x:%02x",
		  m[0], m[1], m[2], m[3], m[4], m[5]);
}

static bool mac_equal(const void *a, const void *b, const struct cvswi_slot *sl)
{
	return !memcmp(CAT(a, sl), CAT(b, sl), 6);
}

static int mac_put(struct nl_msg *msg, int attr, const void *base,
		   const struct cvswi_slot *sl)
{
	return nla_put(msg, attr, 6, CAT(base, sl));
}

static int mac_get(const struct nlattr *a, void *base,
		   const struct cvswi_slot *sl)
{
	if (nla_len(a) < 6)
		return -EPROTO;
	memcpy(AT(base, sl), nla_data(a), 6);
	return 0;
}

const struct cvswi_kind cvswi_kind_mac = {
	mac_parse, mac_format, mac_equal, mac_put, mac_get,
};

/* ---- IPv4 addresses (host order in the struct, be32 on the wire) ---- */

static int ipv4_parse(const char *s, void *base, const struct cvswi_slot *sl,
		      char *msg, size_t n)
{
	uint32_t a;

	if (cvswi_parse_ipv4(s, &a)) {
		snprintf(msg, n, "invalid IPv4 address");
		return -1;
	}
	store(base, sl, a);
	return 0;
}

static void ipv4_format(struct strbuf *sb, const void *base,
			const struct cvswi_slot *sl)
{
	uint32_t a = (uint32_t)load(base, sl);

	sb_printf(sb, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
		  (a >> 8) & 0xff, a & 0xff);
}

const struct cvswi_kind cvswi_kind_ipv4 = {
	ipv4_parse, ipv4_format, num_equal, num_put, num_get,
};

/* ---- IPv4 networks: a.b.c.d[/N | /m.m.m.m], host bits cleared ---- */

static int net_parse(const char *s, void *base, const struct cvswi_slot *sl,
		     char *msg, size_t n)
{
	char ip[32];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	uint32_t a;
	uint64_t plen = 32;

	if (len >= sizeof(ip))
		goto bad_ip;
	memcpy(ip, s, len);
	ip[len] = '\0';
	if (cvswi_parse_ipv4(ip, &a))
		goto bad_ip;
	if (slash) {
		uint32_t mask;

		if (strchr(slash + 1, '.')) {
			if (cvswi_parse_ipv4(slash + 1, &mask)) {
				snprintf(msg, n, "invalid netmask");
				return -1;
			}
			/* contiguous: the inverted mask plus one is a power of 2 */
			if (~mask & (~mask + 1)) {
				snprintf(msg, n, "netmask is not contiguous");
				return -1;
			}
			plen = (uint64_t)__builtin_popcount(mask);
		} else if (cvswi_parse_uint(slash + 1, 32, &plen)) {
			snprintf(msg, n, "invalid prefix length (1..32)");
			return -1;
		}
		if (plen == 0) {
			snprintf(msg, n, "prefix length must be 1..32 (omit the field to match any address)");
			return -1;
		}
	}
	/* canonical form: host bits cleared, as the kernel stores it */
	store(base, sl, plen == 32 ? a : a & ~(0xffffffffu >> plen));
	*((uint8_t *)base + sl->prefix_off) = (uint8_t)plen;
	return 0;
bad_ip:
	snprintf(msg, n, "invalid IPv4 address");
	return -1;
}

static uint8_t prefix(const void *base, const struct cvswi_slot *sl)
{
	return *((const uint8_t *)base + sl->prefix_off);
}

static void net_format(struct strbuf *sb, const void *base,
		       const struct cvswi_slot *sl)
{
	ipv4_format(sb, base, sl);
	if (prefix(base, sl) < 32)
		sb_printf(sb, "/%u", prefix(base, sl));
}

static bool net_equal(const void *a, const void *b, const struct cvswi_slot *sl)
{
	return num_equal(a, b, sl) && prefix(a, sl) == prefix(b, sl);
}

static int net_put(struct nl_msg *msg, int attr, const void *base,
		   const struct cvswi_slot *sl)
{
	int r = num_put(msg, attr, base, sl);

	/* absent means /32 in the ABI */
	if (!r && prefix(base, sl) < 32)
		r = nla_put_u8(msg, sl->prefix_attr, prefix(base, sl));
	return r;
}

/* The prefix attribute is read by the match decoder (it is a separate
 * attribute); here only the address, with the default /32. */
static int net_get(const struct nlattr *a, void *base,
		   const struct cvswi_slot *sl)
{
	*((uint8_t *)base + sl->prefix_off) = 32;
	return num_get(a, base, sl);
}

const struct cvswi_kind cvswi_kind_ipv4_net = {
	net_parse, net_format, net_equal, net_put, net_get,
};

/* ---- no value ---- */

static int none_parse(const char *s, void *base, const struct cvswi_slot *sl,
		      char *msg, size_t n)
{
	(void)s, (void)base, (void)sl, (void)msg, (void)n;
	return 0;
}

static void none_format(struct strbuf *sb, const void *base,
			const struct cvswi_slot *sl)
{
	(void)sb, (void)base, (void)sl;
}

static bool none_equal(const void *a, const void *b, const struct cvswi_slot *sl)
{
	(void)a, (void)b, (void)sl;
	return true;
}

static int none_put(struct nl_msg *msg, int attr, const void *base,
		    const struct cvswi_slot *sl)
{
	(void)base, (void)sl;
	return nla_put_flag(msg, attr);
}

static int none_get(const struct nlattr *a, void *base,
		    const struct cvswi_slot *sl)
{
	(void)a, (void)base, (void)sl;
	return 0;
}

const struct cvswi_kind cvswi_kind_none = {
	none_parse, none_format, none_equal, none_put, none_get,
};
