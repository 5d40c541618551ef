/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct cvsw_match <-> NXM (the Nicira extensible match of ovs-ofctl):
 * one descriptor per NXM field (class, field, length, maskable, the
 * CVSW_M_* field it is, its prerequisite), read by both directions. In
 * OpenFlow 1.0 terms an NXM field is an alias: tcp_src, udp_src, sctp_src
 * and icmp_type are all tp_src, told apart by the prerequisite.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cvsw_of10.h"
#include "internal.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define M_OFF(f) offsetof(struct cvsw_match, f)

#define ETH_IP	0x0800
#define ETH_ARP	0x0806

#define NXM_HEADER(cls, field, hasmask, len) \
	((uint32_t)(cls) << 16 | (uint32_t)(field) << 9 | \
	 (uint32_t)(hasmask) << 8 | (uint32_t)(len))

enum nxm_kind {
	NK_UINT,	/* host-order integer member of 1, 2, 4 or 8 bytes */
	NK_MAC,		/* 6 bytes */
	NK_NET,		/* IPv4 address with a prefix member */
	NK_TOS,		/* nw_tos: the ECN bits must be clear */
	NK_VLAN_TCI,	/* dl_vlan + dl_vlan_pcp */
};

struct nxm_field {
	uint16_t cls;		/* 0x0000 NXM_OF, 0x0001 NXM_NX, 0x8000 OXM */
	uint8_t field;
	uint8_t len;		/* value bytes */
	bool maskable;
	enum nxm_kind kind;
	uint32_t bit;		/* CVSW_M_* */
	size_t off, off2;	/* member; prefix member (NK_NET) */
	uint8_t msize;		/* member bytes (NK_UINT) */
	uint64_t max;		/* largest value (NK_UINT), 0: any */
	uint16_t dl_type;	/* prerequisite, 0: none */
	uint8_t nw_proto;	/* prerequisite with dl_type, 0: none */
	const char *name;
};

#define UINT(c, f, l, mk, b, mem, max, dt, np, n) \
	{ c, f, l, mk, NK_UINT, b, M_OFF(mem), 0, \
	  sizeof(((struct cvsw_match *)0)->mem), max, dt, np, n }
#define NET(c, f, b, mem, pre, dt, n) \
	{ c, f, 4, true, NK_NET, b, M_OFF(mem), M_OFF(pre), 4, 0, dt, 0, n }
#define MAC(c, f, b, mem, n) \
	{ c, f, 6, true, NK_MAC, b, M_OFF(mem), 0, 6, 0, 0, 0, n }

/* In the order they are written (prerequisites first). */
static const struct nxm_field nxm_fields[] = {
	UINT(0, 0, 2, false, CVSW_M_IN_PORT, in_port, 0, 0, 0, "in_port"),
	UINT(0, 3, 2, false, CVSW_M_DL_TYPE, dl_type, 0, 0, 0, "eth_type"),
	MAC(0, 2, CVSW_M_DL_SRC, dl_src, "eth_src"),
	MAC(0, 1, CVSW_M_DL_DST, dl_dst, "eth_dst"),
	{ 0, 4, 2, true, NK_VLAN_TCI, CVSW_M_DL_VLAN | CVSW_M_DL_VLAN_PCP,
	  0, 0, 0, 0, 0, 0, "vlan_tci" },
	UINT(0, 6, 1, false, CVSW_M_NW_PROTO, nw_proto, 0, ETH_IP, 0, "ip_proto"),
	UINT(0, 15, 2, false, CVSW_M_NW_PROTO, nw_proto, 255, ETH_ARP, 0, "arp_op"),
	{ 0, 5, 1, false, NK_TOS, CVSW_M_NW_TOS, M_OFF(nw_tos), 0, 1, 0,
	  ETH_IP, 0, "ip_tos" },
	NET(0, 7, CVSW_M_NW_SRC, nw_src, nw_src_prefix, ETH_IP, "ip_src"),
	NET(0, 8, CVSW_M_NW_DST, nw_dst, nw_dst_prefix, ETH_IP, "ip_dst"),
	NET(0, 16, CVSW_M_NW_SRC, nw_src, nw_src_prefix, ETH_ARP, "arp_spa"),
	NET(0, 17, CVSW_M_NW_DST, nw_dst, nw_dst_prefix, ETH_ARP, "arp_tpa"),
	UINT(0, 9, 2, true, CVSW_M_TP_SRC, tp_src, 0, ETH_IP, 6, "tcp_src"),
	UINT(0, 10, 2, true, CVSW_M_TP_DST, tp_dst, 0, ETH_IP, 6, "tcp_dst"),
	UINT(0, 11, 2, true, CVSW_M_TP_SRC, tp_src, 0, ETH_IP, 17, "udp_src"),
	UINT(0, 12, 2, true, CVSW_M_TP_DST, tp_dst, 0, ETH_IP, 17, "udp_dst"),
	UINT(0, 13, 1, false, CVSW_M_TP_SRC, tp_src, 0, ETH_IP, 1, "icmp_type"),
	UINT(0, 14, 1, false, CVSW_M_TP_DST, tp_dst, 0, ETH_IP, 1, "icmp_code"),
	UINT(0x8000, 34, 2, true, CVSW_M_TP_SRC, tp_src, 0, ETH_IP, 132, "sctp_src"),
	UINT(0x8000, 35, 2, true, CVSW_M_TP_DST, tp_dst, 0, ETH_IP, 132, "sctp_dst"),
	UINT(1, 16, 8, true, CVSW_M_TUN_ID, tun_id, 0, 0, 0, "tun_id"),
	/* NXM_NX_TUN_IPV4_SRC/DST: the outer addresses, no prerequisite */
	NET(1, 31, CVSW_M_TUN_SRC, tun_src, tun_src_prefix, 0, "tun_src"),
	NET(1, 32, CVSW_M_TUN_DST, tun_dst, tun_dst_prefix, 0, "tun_dst"),
};

static const struct nxm_field *nxm_find(uint16_t cls, uint8_t field)
{
	for (size_t i = 0; i < N_ELEM(nxm_fields); i++)
		if (nxm_fields[i].cls == cls && nxm_fields[i].field == field)
			return &nxm_fields[i];
	return NULL;
}

/* The prefix length of a contiguous IPv4 mask, or -1. */
static int cidr_len(uint32_t mask)
{
	int n = 0;

	while (n < 32 && (mask & (0x80000000u >> n)))
		n++;
	return (n == 32 || !(mask << n)) ? n : -1;
}

static bool all_bytes(const uint8_t *p, unsigned n, uint8_t b)
{
	for (unsigned i = 0; i < n; i++)
		if (p[i] != b)
			return false;
	return true;
}

static int put_vlan_tci(struct cvsw_match *m, uint16_t v, uint16_t mask)
{
	if (mask == 0)
		return 0;
	if (mask == 0xffff && v == 0) {
		m->dl_vlan = CVSW_VLAN_NONE;
		m->present |= CVSW_M_DL_VLAN;
		return 0;
	}
	if (!(v & 0x1000))
		return mask == 0x1fff && !(v & 0xfff) ?
		       (m->dl_vlan = CVSW_VLAN_NONE, m->present |= CVSW_M_DL_VLAN, 0) :
		       CVSW_OF10_MATCH_BAD_VALUE;
	if (mask == 0xffff || mask == 0x1fff) {
		m->dl_vlan = v & 0xfff;
		m->present |= CVSW_M_DL_VLAN;
	}
	if (mask == 0xffff || mask == 0xf000) {
		m->dl_vlan_pcp = (uint8_t)(v >> 13);
		m->present |= CVSW_M_DL_VLAN_PCP;
	}
	return (mask == 0xffff || mask == 0x1fff || mask == 0xf000) ?
	       0 : CVSW_OF10_MATCH_BAD_MASK;
}

/* One entry's value (and mask, NULL when none) into m. */
static int nxm_put(const struct nxm_field *f, struct cvsw_match *m,
		   const uint8_t *v, const uint8_t *mask)
{
	if (f->kind == NK_VLAN_TCI)
		return put_vlan_tci(m, (uint16_t)cvswi_get_be(v, 2),
				    mask ? (uint16_t)cvswi_get_be(mask, 2) : 0xffff);
	if (f->kind == NK_NET) {
		int prefix = mask ? cidr_len((uint32_t)cvswi_get_be(mask, 4)) : 32;

		if (prefix < 0)
			return CVSW_OF10_MATCH_BAD_MASK;
		if (prefix == 0)
			return 0;
		cvswi_member_set(m, f->off, 4,
			   cvswi_get_be(v, 4) & (0xffffffffu << (32 - prefix)));
		cvswi_member_set(m, f->off2, 1, (uint64_t)prefix);
		m->present |= f->bit;
		return 0;
	}
	if (mask && all_bytes(mask, f->len, 0))
		return 0;
	if (mask && !all_bytes(mask, f->len, 0xff))
		return CVSW_OF10_MATCH_BAD_MASK;
	if (f->kind == NK_MAC) {
		memcpy((uint8_t *)m + f->off, v, 6);
	} else {
		uint64_t x = cvswi_get_be(v, f->len);

		if ((f->max && x > f->max) || (f->kind == NK_TOS && (x & 3)))
			return CVSW_OF10_MATCH_BAD_VALUE;
		cvswi_member_set(m, f->off, f->msize, x);
	}
	m->present |= f->bit;
	return 0;
}

static bool prereq_met(const struct nxm_field *f, const struct cvsw_match *m)
{
	if (!f->dl_type)
		return true;
	if (!(m->present & CVSW_M_DL_TYPE) || m->dl_type != f->dl_type)
		return false;
	return !f->nw_proto ||
	       ((m->present & CVSW_M_NW_PROTO) && m->nw_proto == f->nw_proto);
}

static int fail(const char **why, const char *name, int err)
{
	if (why)
		*why = name;
	return err;
}

int cvsw_nxm_decode(const uint8_t *buf, size_t len, struct cvsw_match *m,
		    const char **why)
{
	const struct nxm_field *seen[N_ELEM(nxm_fields)];
	size_t n_seen = 0;
	struct cvsw_flow init;

	cvsw_flow_init(&init);
	*m = init.match;
	while (len) {
		uint32_t hdr;
		const struct nxm_field *f;
		unsigned vlen, has_mask;
		int err;

		if (len < 4)
			return fail(why, "entry header", CVSW_OF10_MATCH_INVALID);
		hdr = (uint32_t)cvswi_get_be(buf, 4);
		vlen = hdr & 0xff;
		has_mask = (hdr >> 8) & 1;
		if (vlen == 0 || 4 + (size_t)vlen > len)
			return fail(why, "entry length", CVSW_OF10_MATCH_INVALID);
		f = nxm_find((uint16_t)(hdr >> 16), (hdr >> 9) & 0x7f);
		if (!f)
			return fail(why, "unknown field", CVSW_OF10_MATCH_BAD_TYPE);
		if (vlen != (has_mask ? 2u : 1u) * f->len)
			return fail(why, f->name, CVSW_OF10_MATCH_INVALID);
		if (has_mask && !f->maskable)
			return fail(why, f->name, CVSW_OF10_MATCH_BAD_MASK);
		for (size_t i = 0; i < n_seen; i++)
			if (seen[i] == f || (seen[i]->bit & f->bit))
				return fail(why, f->name, CVSW_OF10_MATCH_DUP_TYPE);
		seen[n_seen++] = f;
		err = nxm_put(f, m, buf + 4, has_mask ? buf + 4 + f->len : NULL);
		if (err)
			return fail(why, f->name, err);
		buf += 4 + vlen;
		len -= 4 + vlen;
	}
	/* prerequisites, once every entry is known */
	for (size_t i = 0; i < n_seen; i++)
		if (!prereq_met(seen[i], m))
			return fail(why, seen[i]->name, CVSW_OF10_MATCH_BAD_PREREQ);
	return 0;
}

/* The entry f writes for m: value and mask; returns 0 (nothing), 1
 * (exact), 2 (with a mask) or -1 (a value the field cannot hold). */
static int nxm_get(const struct nxm_field *f, const struct cvsw_match *m,
		   uint8_t *v, uint8_t *mask)
{
	if (!(m->present & f->bit) || !prereq_met(f, m))
		return 0;
	switch (f->kind) {
	case NK_VLAN_TCI: {
		bool vid = (m->present & CVSW_M_DL_VLAN) != 0;
		bool pcp = (m->present & CVSW_M_DL_VLAN_PCP) != 0;
		uint16_t tci = 0x1000, k = 0xffff;

		if (vid && m->dl_vlan == CVSW_VLAN_NONE) {
			cvswi_put_be(v, 2, 0);
			return 1;
		}
		if (vid)
			tci |= m->dl_vlan & 0xfff;
		else
			k = 0xf000;
		if (pcp)
			tci |= (uint16_t)(m->dl_vlan_pcp << 13);
		else
			k = 0x1fff;
		cvswi_put_be(v, 2, tci);
		cvswi_put_be(mask, 2, k);
		return k == 0xffff ? 1 : 2;
	}
	case NK_NET: {
		unsigned prefix = (unsigned)cvswi_member_get(m, f->off2, 1);

		cvswi_put_be(v, 4, cvswi_member_get(m, f->off, 4));
		if (prefix >= 32)
			return 1;
		cvswi_put_be(mask, 4, 0xffffffffu << (32 - prefix));
		return 2;
	}
	case NK_MAC:
		memcpy(v, (const uint8_t *)m + f->off, 6);
		return 1;
	default: {
		uint64_t x = cvswi_member_get(m, f->off, f->msize);

		/* icmp_type is one byte, tp_src two */
		if (f->len < 8 && x >> (8 * f->len))
			return -1;
		cvswi_put_be(v, f->len, x);
		return 1;
	}
	}
}

int cvsw_nxm_encode(const struct cvsw_match *m, uint8_t *buf, size_t size)
{
	uint32_t written = 0;
	size_t len = 0;

	for (size_t i = 0; i < N_ELEM(nxm_fields); i++) {
		const struct nxm_field *f = &nxm_fields[i];
		uint8_t v[8], mask[8];
		int how = nxm_get(f, m, v, mask);
		unsigned vlen = f->len * (how == 2 ? 2u : 1u);

		if (how < 0)
			return -EINVAL;
		if (!how)
			continue;
		if (len + 4 + vlen > size)
			return -ENOSPC;
		cvswi_put_be(buf + len, 4, NXM_HEADER(f->cls, f->field, how == 2, vlen));
		memcpy(buf + len + 4, v, f->len);
		if (how == 2)
			memcpy(buf + len + 4 + f->len, mask, f->len);
		len += 4 + vlen;
		written |= f->bit;
	}
	/* a field no entry could say (tp_src of SCLP, nw_src without ip) */
	if (m->present & ~written)
		return -EINVAL;
	return (int)len;
}
