/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * struct cvsw_match <-> struct ofp_match (OpenFlow 1.0, 40 bytes): one
 * descriptor per wire field (wildcard bit, wire place, struct place,
 * largest value), read by both directions.
 */
#include <errno.h>
#include <stddef.h>
#include <string.h>

#include "cvsw_of10.h"
#include "internal.h"
#include "syntax.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define M_OFF(f) offsetof(struct cvsw_match, f)

/* OFPFW_* of OpenFlow 1.0 */
#define OFPFW_IN_PORT		(1u << 0)
#define OFPFW_DL_VLAN		(1u << 1)
#define OFPFW_DL_SRC		(1u << 2)
#define OFPFW_DL_DST		(1u << 3)
#define OFPFW_DL_TYPE		(1u << 4)
#define OFPFW_NW_PROTO		(1u << 5)
#define OFPFW_TP_SRC		(1u << 6)
#define OFPFW_TP_DST		(1u << 7)
#define OFPFW_NW_SRC_SHIFT	8
#define OFPFW_NW_DST_SHIFT	14
#define OFPFW_NW_BITS		0x3fu
#define OFPFW_DL_VLAN_PCP	(1u << 20)
#define OFPFW_NW_TOS		(1u << 21)

/* A field carried as it is: `size` bytes at wire offset `wire` (network
 * order) into the struct member at `off` (host order, or bytes for MACs). */
struct of10_field {
	uint32_t wildcard;	/* OFPFW_* */
	uint32_t bit;		/* CVSW_M_* */
	uint8_t wire;
	uint8_t size;		/* 1, 2 or 6 (bytes) */
	size_t off;
	uint32_t max;		/* largest value (0: any) */
	uint32_t other;		/* one more valid value above max (0: none) */
	uint8_t zero_bits;	/* bits that must be clear */
	const char *name;
};

static const struct of10_field of10_fields[] = {
	{ OFPFW_IN_PORT, CVSW_M_IN_PORT, 4, 2, M_OFF(in_port), 0, 0, 0, "in_port" },
	{ OFPFW_DL_SRC, CVSW_M_DL_SRC, 6, 6, M_OFF(dl_src), 0, 0, 0, "dl_src" },
	{ OFPFW_DL_DST, CVSW_M_DL_DST, 12, 6, M_OFF(dl_dst), 0, 0, 0, "dl_dst" },
	{ OFPFW_DL_VLAN, CVSW_M_DL_VLAN, 18, 2, M_OFF(dl_vlan), 4095,
	  CVSW_VLAN_NONE, 0, "dl_vlan" },
	{ OFPFW_DL_VLAN_PCP, CVSW_M_DL_VLAN_PCP, 20, 1, M_OFF(dl_vlan_pcp), 7, 0,
	  0, "dl_vlan_pcp" },
	{ OFPFW_DL_TYPE, CVSW_M_DL_TYPE, 22, 2, M_OFF(dl_type), 0, 0, 0, "dl_type" },
	{ OFPFW_NW_TOS, CVSW_M_NW_TOS, 24, 1, M_OFF(nw_tos), 0, 0, 3, "nw_tos" },
	{ OFPFW_NW_PROTO, CVSW_M_NW_PROTO, 25, 1, M_OFF(nw_proto), 0, 0, 0,
	  "nw_proto" },
	{ OFPFW_TP_SRC, CVSW_M_TP_SRC, 36, 2, M_OFF(tp_src), 0, 0, 0, "tp_src" },
	{ OFPFW_TP_DST, CVSW_M_TP_DST, 38, 2, M_OFF(tp_dst), 0, 0, 0, "tp_dst" },
};

/* The IPv4 address fields: a wildcard bit count instead of a bit. */
struct of10_net {
	unsigned shift;
	uint32_t bit;
	uint8_t wire;
	size_t addr, prefix;
};

static const struct of10_net of10_nets[] = {
	{ OFPFW_NW_SRC_SHIFT, CVSW_M_NW_SRC, 28, M_OFF(nw_src), M_OFF(nw_src_prefix) },
	{ OFPFW_NW_DST_SHIFT, CVSW_M_NW_DST, 32, M_OFF(nw_dst), M_OFF(nw_dst_prefix) },
};

static uint32_t prefix_mask(unsigned prefix)
{
	return prefix ? 0xffffffffu << (32 - prefix) : 0;
}

/* Drops what OpenFlow 1.0 has a switch ignore: fields whose prerequisite
 * is not met (the table order puts dl_type and nw_proto before the fields
 * that depend on them). The PCP of untagged frames stays, as the datapath
 * keeps it: an all-exact OpenFlow match stays an exact-match flow. */
static void normalize(struct cvsw_match *m)
{
	for (size_t i = 0; i < cvswi_n_fields; i++)
		if ((m->present & cvswi_fields[i].bit) &&
		    !cvswi_prereq_met(cvswi_fields[i].prereq, m))
			m->present &= ~cvswi_fields[i].bit;
}

int cvsw_of10_match_decode(const uint8_t wire[CVSW_OF10_MATCH_LEN],
			   struct cvsw_match *m, const char **why)
{
	uint32_t wc = cvswi_get_be(wire, 4);
	struct cvsw_flow init;

	cvsw_flow_init(&init);
	*m = init.match;
	for (size_t i = 0; i < N_ELEM(of10_fields); i++) {
		const struct of10_field *f = &of10_fields[i];
		uint32_t v;

		if (wc & f->wildcard)
			continue;
		if (f->size == 6) {
			memcpy((uint8_t *)m + f->off, wire + f->wire, 6);
			m->present |= f->bit;
			continue;
		}
		v = cvswi_get_be(wire + f->wire, f->size);
		if ((f->max && v > f->max && v != f->other) || (v & f->zero_bits)) {
			if (why)
				*why = f->name;
			return CVSW_OF10_MATCH_BAD_VALUE;
		}
		cvswi_member_set(m, f->off, f->size, v);
		m->present |= f->bit;
	}
	for (size_t i = 0; i < N_ELEM(of10_nets); i++) {
		const struct of10_net *n = &of10_nets[i];
		unsigned bits = (wc >> n->shift) & OFPFW_NW_BITS;
		unsigned prefix = bits >= 32 ? 0 : 32 - bits;

		if (!prefix)
			continue;
		cvswi_member_set(m, n->addr, 4,
			   cvswi_get_be(wire + n->wire, 4) & prefix_mask(prefix));
		cvswi_member_set(m, n->prefix, 1, prefix);
		m->present |= n->bit;
	}
	normalize(m);
	return 0;
}

uint32_t cvsw_of10_wildcards(const struct cvsw_match *m)
{
	uint32_t wc = 0;

	for (size_t i = 0; i < N_ELEM(of10_fields); i++)
		if (!(m->present & of10_fields[i].bit))
			wc |= of10_fields[i].wildcard;
	for (size_t i = 0; i < N_ELEM(of10_nets); i++) {
		const struct of10_net *n = &of10_nets[i];
		unsigned prefix = (m->present & n->bit) ?
				  cvswi_member_get(m, n->prefix, 1) : 0;

		wc |= (32u - prefix) << n->shift;
	}
	return wc;
}

int cvsw_of10_match_encode(const struct cvsw_match *m,
			   uint8_t wire[CVSW_OF10_MATCH_LEN])
{
	memset(wire, 0, CVSW_OF10_MATCH_LEN);
	cvswi_put_be(wire, 4, cvsw_of10_wildcards(m));
	for (size_t i = 0; i < N_ELEM(of10_fields); i++) {
		const struct of10_field *f = &of10_fields[i];

		if (!(m->present & f->bit))
			continue;
		if (f->size == 6)
			memcpy(wire + f->wire, (const uint8_t *)m + f->off, 6);
		else
			cvswi_put_be(wire + f->wire, f->size,
			       cvswi_member_get(m, f->off, f->size));
	}
	for (size_t i = 0; i < N_ELEM(of10_nets); i++) {
		const struct of10_net *n = &of10_nets[i];

		if (m->present & n->bit)
			cvswi_put_be(wire + n->wire, 4, cvswi_member_get(m, n->addr, 4));
	}
	return (m->present & CVSW_OF10_NXM_ONLY) ? 1 : 0;
}
