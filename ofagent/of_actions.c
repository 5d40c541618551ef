// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * OpenFlow 1.0 actions <-> struct cvsw_action: one descriptor per OFPAT_*
 * (wire length, the libcvsw action, the argument's shape), read by both
 * directions; the Nicira set_tunnel/set_tunnel64 beside them.
 */
#include <string.h>

#include "ofmsg.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

enum arg_shape {
	ARG_OUTPUT,	/* port, max_len */
	ARG_VID,	/* u16 0..4095 */
	ARG_PCP,	/* u8 0..7 */
	ARG_NONE,
	ARG_MAC,
	ARG_IPV4,
	ARG_TOS,	/* u8, ECN bits clear */
	ARG_TP,		/* u16 */
	ARG_ENQUEUE,	/* port, pad[6], queue_id */
};

struct of_action_desc {
	uint16_t cvsw_type;	/* CVSW_ACT_* */
	uint8_t len;		/* wire length */
	enum arg_shape arg;
};

/* Indexed by OFPAT_*. */
static const struct of_action_desc of_actions[] = {
	[OFPAT_OUTPUT] = { CVSW_ACT_OUTPUT, 8, ARG_OUTPUT },
	[OFPAT_SET_VLAN_VID] = { CVSW_ACT_SET_VLAN_VID, 8, ARG_VID },
	[OFPAT_SET_VLAN_PCP] = { CVSW_ACT_SET_VLAN_PCP, 8, ARG_PCP },
	[OFPAT_STRIP_VLAN] = { CVSW_ACT_STRIP_VLAN, 8, ARG_NONE },
	[OFPAT_SET_DL_SRC] = { CVSW_ACT_SET_DL_SRC, 16, ARG_MAC },
	[OFPAT_SET_DL_DST] = { CVSW_ACT_SET_DL_DST, 16, ARG_MAC },
	[OFPAT_SET_NW_SRC] = { CVSW_ACT_SET_NW_SRC, 8, ARG_IPV4 },
	[OFPAT_SET_NW_DST] = { CVSW_ACT_SET_NW_DST, 8, ARG_IPV4 },
	[OFPAT_SET_NW_TOS] = { CVSW_ACT_SET_NW_TOS, 8, ARG_TOS },
	[OFPAT_SET_TP_SRC] = { CVSW_ACT_SET_TP_SRC, 8, ARG_TP },
	[OFPAT_SET_TP_DST] = { CVSW_ACT_SET_TP_DST, 8, ARG_TP },
	[OFPAT_ENQUEUE] = { CVSW_ACT_ENQUEUE, 16, ARG_ENQUEUE },
};

static int fail(struct of_err *err, uint16_t code, const char *why)
{
	err->type = OFPET_BAD_ACTION;
	err->code = code;
	err->why = why;
	return -1;
}

/* A port an output may name: a switch port or a reserved one (TABLE in
 * packet-outs only). */
static bool output_port_ok(uint16_t port, bool packet_out)
{
	if (port == 0 || port == OFPP_NONE)
		return false;
	if (port <= OFPP_MAX)
		return true;
	if (port == OFPP_TABLE)
		return packet_out;
	return port >= OFPP_IN_PORT;
}

static int decode_nicira(const uint8_t *p, unsigned len, struct cvsw_action *a,
			 struct of_err *err)
{
	uint16_t subtype;

	if (rd32(p + 4) != NX_VENDOR_ID)
		return fail(err, OFPBAC_BAD_VENDOR, "unknown action vendor");
	if (len < 16)
		return fail(err, OFPBAC_BAD_LEN, "vendor action shorter than 16 bytes");
	subtype = rd16(p + 8);
	a->type = CVSW_ACT_SET_TUNNEL;
	if (subtype == NXAST_SET_TUNNEL) {
		if (len != NX_ACTION_SET_TUNNEL_LEN)
			return fail(err, OFPBAC_BAD_LEN, "set_tunnel is 16 bytes");
		a->u.tun_id = rd32(p + 12);
		return 0;
	}
	if (subtype == NXAST_SET_TUNNEL64) {
		if (len != NX_ACTION_SET_TUNNEL64_LEN)
			return fail(err, OFPBAC_BAD_LEN, "set_tunnel64 is 24 bytes");
		a->u.tun_id = rd64(p + 16);
		return 0;
	}
	return fail(err, OFPBAC_BAD_VENDOR_TYPE, "unknown Nicira action");
}

static int decode_one(const uint8_t *p, unsigned len, bool packet_out,
		      struct cvsw_action *a, struct of_err *err)
{
	uint16_t type = rd16(p);
	const struct of_action_desc *d;

	memset(a, 0, sizeof(*a));
	if (type == OFPAT_VENDOR)
		return decode_nicira(p, len, a, err);
	if (type >= N_ELEM(of_actions))
		return fail(err, OFPBAC_BAD_TYPE, "unknown action type");
	d = &of_actions[type];
	if (len != d->len)
		return fail(err, OFPBAC_BAD_LEN, "wrong length for the action");
	a->type = d->cvsw_type;
	switch (d->arg) {
	case ARG_OUTPUT:
		a->u.output.port = rd16(p + 4);
		if (!output_port_ok(a->u.output.port, packet_out))
			return fail(err, OFPBAC_BAD_OUT_PORT, "invalid output port");
		/* only a packet-in has a length; OF1.0's 65535 (all of
		 * it) is the datapath's CVSW_MAX_LEN_ALL */
		_Static_assert(CVSW_MAX_LEN_ALL == 0xffff, "OF1.0 max_len");
		if (a->u.output.port == OFPP_CONTROLLER)
			a->u.output.max_len = rd16(p + 6);
		break;
	case ARG_VID:
		a->u.vlan_vid = rd16(p + 4);
		if (a->u.vlan_vid > 4095)
			return fail(err, OFPBAC_BAD_ARGUMENT, "VLAN id above 4095");
		break;
	case ARG_PCP:
		a->u.vlan_pcp = p[4];
		if (a->u.vlan_pcp > 7)
			return fail(err, OFPBAC_BAD_ARGUMENT, "VLAN PCP above 7");
		break;
	case ARG_NONE:
		break;
	case ARG_MAC:
		memcpy(a->u.mac, p + 4, 6);
		break;
	case ARG_IPV4:
		a->u.ipv4 = rd32(p + 4);
		break;
	case ARG_TOS:
		a->u.nw_tos = p[4];
		if (a->u.nw_tos & 3)
			return fail(err, OFPBAC_BAD_ARGUMENT, "nw_tos with ECN bits");
		break;
	case ARG_TP:
		a->u.tp_port = rd16(p + 4);
		break;
	case ARG_ENQUEUE:
		a->u.enqueue.port = rd16(p + 4);
		a->u.enqueue.queue_id = rd32(p + 12);
		if (!(a->u.enqueue.port && (a->u.enqueue.port <= OFPP_MAX ||
					    a->u.enqueue.port == OFPP_IN_PORT)))
			return fail(err, OFPBAC_BAD_OUT_PORT, "invalid enqueue port");
		break;
	}
	return 0;
}

int of_actions_decode(const uint8_t *p, size_t len, bool packet_out,
		      struct cvsw_action *acts, unsigned *n, struct of_err *err)
{
	*n = 0;
	while (len) {
		unsigned alen;

		if (len < OFP_ACTION_HEADER_LEN)
			return fail(err, OFPBAC_BAD_LEN, "truncated action header");
		alen = rd16(p + 2);
		if (alen < OFP_ACTION_HEADER_LEN || alen % 8 || alen > len)
			return fail(err, OFPBAC_BAD_LEN, "bad action length");
		if (*n == CVSW_MAX_ACTIONS)
			return fail(err, OFPBAC_TOO_MANY, "more than 64 actions");
		if (decode_one(p, alen, packet_out, &acts[*n], err))
			return -1;
		(*n)++;
		p += alen;
		len -= alen;
	}
	return 0;
}

static const struct of_action_desc *desc_of(uint16_t cvsw_type, uint16_t *of_type)
{
	for (size_t i = 0; i < N_ELEM(of_actions); i++)
		if (of_actions[i].len && of_actions[i].cvsw_type == cvsw_type) {
			*of_type = (uint16_t)i;
			return &of_actions[i];
		}
	return NULL;
}

static void encode_tunnel(struct ofbuf *b, uint64_t tun_id)
{
	bool wide = tun_id > UINT32_MAX;

	ofbuf_put16(b, OFPAT_VENDOR);
	ofbuf_put16(b, wide ? NX_ACTION_SET_TUNNEL64_LEN : NX_ACTION_SET_TUNNEL_LEN);
	ofbuf_put32(b, NX_VENDOR_ID);
	ofbuf_put16(b, wide ? NXAST_SET_TUNNEL64 : NXAST_SET_TUNNEL);
	if (wide) {
		ofbuf_put_zeros(b, 6);
		ofbuf_put64(b, tun_id);
	} else {
		ofbuf_put_zeros(b, 2);
		ofbuf_put32(b, (uint32_t)tun_id);
	}
}

int of_actions_encode(struct ofbuf *b, const struct cvsw_action *acts, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		const struct cvsw_action *a = &acts[i];
		const struct of_action_desc *d;
		uint16_t type;
		uint8_t *p;

		if (a->type == CVSW_ACT_SET_TUNNEL) {
			encode_tunnel(b, a->u.tun_id);
			continue;
		}
		d = desc_of(a->type, &type);
		if (!d)
			return -1;
		p = ofbuf_put_zeros(b, d->len);
		if (!p)
			return -1;
		wr16(p, type);
		wr16(p + 2, d->len);
		switch (d->arg) {
		case ARG_OUTPUT:
			wr16(p + 4, a->u.output.port);
			wr16(p + 6, a->u.output.port != OFPP_CONTROLLER ? 0 :
				    a->u.output.max_len);
			break;
		case ARG_VID:
			wr16(p + 4, a->u.vlan_vid);
			break;
		case ARG_PCP:
			p[4] = a->u.vlan_pcp;
			break;
		case ARG_NONE:
			break;
		case ARG_MAC:
			memcpy(p + 4, a->u.mac, 6);
			break;
		case ARG_IPV4:
			wr32(p + 4, a->u.ipv4);
			break;
		case ARG_TOS:
			p[4] = a->u.nw_tos;
			break;
		case ARG_TP:
			wr16(p + 4, a->u.tp_port);
			break;
		case ARG_ENQUEUE:
			wr16(p + 4, a->u.enqueue.port);
			wr32(p + 12, a->u.enqueue.queue_id);
			break;
		}
	}
	return b->failed ? -1 : 0;
}
