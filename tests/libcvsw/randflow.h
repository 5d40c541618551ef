/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Random valid flows for round-trip tests (deterministic xorshift). */
#ifndef CVSW_RANDFLOW_H
#define CVSW_RANDFLOW_H

#include <string.h>
#include "cvsw.h"

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static inline uint64_t rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return rnd_state;
}

static inline unsigned rnd_below(unsigned n)
{
	return (unsigned)(rnd() % n);
}

/* A port: small numbers, host/net and the reserved ports, edge values. */
static inline uint16_t rnd_port(void)
{
	static const uint16_t special[] = {
		1, 2, 0, 0xff00, 0xfff8, 0xfff9, 0xfffa, 0xfffb, 0xfffc,
		0xfffd, 0xfffe, 0xffff, 0x1234,
	};
	return rnd_below(2) ? special[rnd_below(sizeof(special) / 2)]
			    : (uint16_t)rnd();
}

static inline void rnd_mac(uint8_t *m)
{
	for (int i = 0; i < 6; i++)
		m[i] = (uint8_t)rnd();
}

static inline uint32_t rnd_prefix_addr(uint8_t *prefix)
{
	uint32_t a = (uint32_t)rnd();

	*prefix = rnd_below(2) ? 32 : (uint8_t)(1 + rnd_below(32));
	return *prefix == 32 ? a : a & ~(0xffffffffu >> *prefix);
}

static inline void rnd_action(struct cvsw_action *a)
{
	memset(a, 0, sizeof(*a));
	a->type = (uint16_t)(1 + rnd_below(CVSW_ACT_MAX));
	switch (a->type) {
	case CVSW_ACT_OUTPUT:
		a->u.output.port = rnd_port();
		if (rnd_below(3) == 0)
			a->u.output.max_len = (uint16_t)rnd();
		break;
	case CVSW_ACT_ENQUEUE:
		a->u.enqueue.port = rnd_port();
		a->u.enqueue.queue_id = (uint32_t)rnd();
		break;
	case CVSW_ACT_SET_VLAN_VID:
		a->u.vlan_vid = (uint16_t)rnd_below(4096);
		break;
	case CVSW_ACT_SET_VLAN_PCP:
		a->u.vlan_pcp = (uint8_t)rnd_below(8);
		break;
	case CVSW_ACT_SET_DL_SRC:
	case CVSW_ACT_SET_DL_DST:
		rnd_mac(a->u.mac);
		break;
	case CVSW_ACT_SET_NW_SRC:
	case CVSW_ACT_SET_NW_DST:
		a->u.ipv4 = (uint32_t)rnd();
		break;
	case CVSW_ACT_SET_NW_TOS:
		a->u.nw_tos = (uint8_t)(rnd_below(64) << 2);
		break;
	case CVSW_ACT_SET_TP_SRC:
	case CVSW_ACT_SET_TP_DST:
		a->u.tp_port = (uint16_t)rnd();
		break;
	case CVSW_ACT_SET_TUNNEL:
		/* both printed forms: set_tunnel (32 bits) and set_tunnel64 */
		a->u.tun_id = rnd_below(2) ? rnd() : rnd_below(100000);
		break;
	}
}

static inline void rnd_match(struct cvsw_match *m)
{
	m->present = (uint32_t)rnd() & CVSW_M_ALL;
	m->in_port = rnd_port();
	rnd_mac(m->dl_src);
	rnd_mac(m->dl_dst);
	m->dl_vlan = rnd_below(8) ? (uint16_t)rnd_below(4096) : CVSW_VLAN_NONE;
	m->dl_vlan_pcp = (uint8_t)rnd_below(8);
	switch (rnd_below(4)) {
	case 0: m->dl_type = 0x0800; break;
	case 1: m->dl_type = 0x0806; break;
	default: m->dl_type = (uint16_t)rnd(); break;
	}
	m->nw_tos = (uint8_t)(rnd_below(64) << 2);
	switch (rnd_below(5)) {
	case 0: m->nw_proto = 6; break;
	case 1: m->nw_proto = 17; break;
	case 2: m->nw_proto = 1; break;
	default: m->nw_proto = (uint8_t)rnd(); break;
	}
	m->nw_src = rnd_prefix_addr(&m->nw_src_prefix);
	m->nw_dst = rnd_prefix_addr(&m->nw_dst_prefix);
	m->tp_src = (uint16_t)rnd();
	m->tp_dst = (uint16_t)rnd();
	m->tun_id = rnd_below(2) ? rnd() : rnd_below(100000);
	m->tun_src = rnd_prefix_addr(&m->tun_src_prefix);
	m->tun_dst = rnd_prefix_addr(&m->tun_dst_prefix);
	/* absent fields keep the values cvsw_flow_init gives them, so that
	 * the whole struct compares equal after a parse */
	if (!(m->present & CVSW_M_NW_SRC)) {
		m->nw_src = 0;
		m->nw_src_prefix = 32;
	}
	if (!(m->present & CVSW_M_NW_DST)) {
		m->nw_dst = 0;
		m->nw_dst_prefix = 32;
	}
	if (!(m->present & CVSW_M_TUN_SRC)) {
		m->tun_src = 0;
		m->tun_src_prefix = 32;
	}
	if (!(m->present & CVSW_M_TUN_DST)) {
		m->tun_dst = 0;
		m->tun_dst_prefix = 32;
	}
}

/* A random flow of the given mode (CVSW_PARSE_FLOW/MATCH/DUMP). */
static inline void rnd_flow(struct cvsw_flow *f, enum cvsw_parse_mode mode)
{
	cvsw_flow_init(f);
	rnd_match(&f->match);
	f->priority = rnd_below(3) ? (uint16_t)rnd() : CVSW_FLOW_DEFAULT_PRIORITY;
	if (mode == CVSW_PARSE_MATCH) {
		if (rnd_below(2))
			f->out_port = rnd_port();
		return;
	}
	if (rnd_below(2))
		f->cookie = rnd();
	if (rnd_below(2))
		f->idle_timeout = (uint16_t)rnd();
	if (rnd_below(2))
		f->hard_timeout = (uint16_t)rnd();
	f->flags = (uint32_t)rnd_below(4);
	f->has_actions = true;
	f->n_actions = rnd_below(6) ? rnd_below(8) : rnd_below(CVSW_MAX_ACTIONS + 1);
	for (unsigned i = 0; i < f->n_actions; i++)
		rnd_action(&f->actions[i]);
	if (mode == CVSW_PARSE_DUMP) {
		f->packets = rnd();
		f->bytes = rnd();
		f->duration_ms = rnd() >> 12;
		f->idle_ms = rnd_below(100000000);
	}
}

#endif
