// SPDX-License-Identifier: GPL-2.0
/*
 * test_rewrite.c - header rewrites: after every set action on many random
 * IPv4 TCP/UDP/ICMP packets (tagged or not, with options, fragments, UDP
 * without checksum) the result must equal the same change made by hand
 * with all checksums recomputed from scratch; in pseudo-header-only mode
 * (CHECKSUM_PARTIAL) the field must hold the new pseudo-header sum and a
 * simulated NIC must then produce a valid checksum.
 */
#include <string.h>

#include "flow_key.h"
#include "rewrite.h"
#include "rw_one.h"
#include "pktgen.h"
#include "tap.h"

#define ROOM 16

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static void wr16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void random_spec(uint64_t *rng, struct pg_spec *s)
{
	uint32_t r = pg_rand(rng);
	int i;

	pg_default(s);
	s->ntags = (int)(r % 3);
	for (i = 0; i < s->ntags; i++) {
		s->tpid[i] = (i == 0 && (r & 8)) ? 0x88a8 : 0x8100;
		s->tci[i] = (uint16_t)pg_rand(rng);
	}
	switch ((r >> 4) % 3) {
	case 0: s->proto = 6; break;
	case 1: s->proto = 17; break;
	default: s->proto = 1; s->icmp_type = 8; break;
	}
	s->udp_no_csum = s->proto == 17 && !(pg_rand(rng) % 4);
	s->tos = (uint8_t)pg_rand(rng);
	s->nw_src = pg_rand(rng) ^ (pg_rand(rng) << 16);
	s->nw_dst = pg_rand(rng) ^ (pg_rand(rng) << 16);
	s->sport = (uint16_t)pg_rand(rng);
	s->dport = (uint16_t)pg_rand(rng);
	if (s->dport == 4789 || s->dport == 6081 || s->dport == 7471)
		s->dport++;
	s->tcp_seq = pg_rand(rng);
	s->ip_opt_len = (int)(pg_rand(rng) % 3) * 8;
	s->payload_len = (int)(pg_rand(rng) % 300);
	s->payload_seed = (uint8_t)pg_rand(rng);
	r = pg_rand(rng) % 8;
	if (r == 0)
		s->frag = 0x2000;		/* first fragment */
	else if (r == 1)
		s->frag = 0x2000 | 77;	/* later fragment */
}

struct sample {
	uint8_t buf[ROOM + 4096];
	struct pg_ofs o;
	struct pg_spec s;
	size_t len;
};

static bool has_l4(const struct sample *x)
{
	return !(x->s.frag & 0x1fff) && x->s.proto != 1;
}

/* Redo the checksums of a packet from scratch, like the builder. */
static void scratch_csums(uint8_t *eth, const struct sample *x, bool udp_zero)
{
	uint8_t *ip = eth + x->o.l3;
	uint8_t *l4 = eth + x->o.l4;
	uint16_t l4len = (uint16_t)(x->len - x->o.l4), c;

	wr16(ip + 10, 0);
	wr16(ip + 10, pg_ipv4_hdr_csum(ip));
	if (!has_l4(x))
		return;
	if (x->s.proto == 6) {
		wr16(l4 + 16, pg_l4_csum(ip, l4, l4len, 16));
	} else if (!udp_zero) {
		c = pg_l4_csum(ip, l4, l4len, 6);
		wr16(l4 + 6, c ? c : 0xffff);
	}
}

static int csum_field_ofs(const struct sample *x)
{
	if (!has_l4(x))
		return -1;
	return (int)x->o.l4 + (x->s.proto == 6 ? 16 : 6);
}

/* Compare, allowing 0x0000 == 0xffff in the TCP checksum field. */
static bool same_packet(const uint8_t *a, const uint8_t *b,
			const struct sample *x)
{
	int c = csum_field_ofs(x);

	if (c >= 0 && x->s.proto == 6) {
		uint16_t va = rd16(a + c), vb = rd16(b + c);

		if (va != vb && !((va == 0 || va == 0xffff) &&
				  (vb == 0 || vb == 0xffff)))
			return false;
		return !memcmp(a, b, (size_t)c) &&
		       !memcmp(a + c + 2, b + c + 2, x->len - (size_t)c - 2);
	}
	return !memcmp(a, b, x->len);
}

enum { A_NW_SRC, A_NW_DST, A_NW_TOS, A_TP_SRC, A_TP_DST, A_DL_SRC,
       A_DL_DST, A_VLAN_VID, A_VLAN_PCP, N_ACT };

static void do_rewrite(struct cvsw_pkt *p, int act, uint32_t v, uint8_t *mac)
{
	uint32_t be32 = htonl(v);
	uint16_t be16 = htons((uint16_t)v), vid = (uint16_t)(v & 0xfff);
	uint8_t tos = (uint8_t)(v & 0xfc), pcp = (uint8_t)(v & 7);

	switch (act) {
	case A_NW_SRC: rw_one(p, CVSW_ACTION_A_SET_NW_SRC, &be32); break;
	case A_NW_DST: rw_one(p, CVSW_ACTION_A_SET_NW_DST, &be32); break;
	case A_NW_TOS: rw_one(p, CVSW_ACTION_A_SET_NW_TOS, &tos); break;
	case A_TP_SRC: rw_one(p, CVSW_ACTION_A_SET_TP_SRC, &be16); break;
	case A_TP_DST: rw_one(p, CVSW_ACTION_A_SET_TP_DST, &be16); break;
	case A_DL_SRC: rw_one(p, CVSW_ACTION_A_SET_DL_SRC, mac); break;
	case A_DL_DST: rw_one(p, CVSW_ACTION_A_SET_DL_DST, mac); break;
	case A_VLAN_VID: rw_one(p, CVSW_ACTION_A_SET_VLAN_VID, &vid); break;
	default: rw_one(p, CVSW_ACTION_A_SET_VLAN_PCP, &pcp); break;
	}
}

/* The same change by hand; returns false if it does not apply. */
static void by_hand(uint8_t *e, const struct sample *x, int act, uint32_t v,
		    const uint8_t *mac)
{
	uint8_t *ip = e + x->o.l3;
	uint8_t *l4 = e + x->o.l4;

	switch (act) {
	case A_NW_SRC:
		wr16(ip + 12, v >> 16);
		wr16(ip + 14, v & 0xffff);
		break;
	case A_NW_DST:
		wr16(ip + 16, v >> 16);
		wr16(ip + 18, v & 0xffff);
		break;
	case A_NW_TOS:
		ip[1] = (uint8_t)((ip[1] & 3) | (v & 0xfc));
		break;
	case A_TP_SRC:
		if (has_l4(x))
			wr16(l4, (uint16_t)v);
		break;
	case A_TP_DST:
		if (has_l4(x))
			wr16(l4 + 2, (uint16_t)v);
		break;
	case A_DL_SRC:
		memcpy(e + 6, mac, 6);
		break;
	case A_DL_DST:
		memcpy(e, mac, 6);
		break;
	}
}

static void test_full_csum(void)
{
	static struct sample x;
	static uint8_t expect[ROOM + 4096];
	unsigned int iter, iters = tap_iters(30000);
	uint64_t rng = 0xfeed;
	struct cvsw_pkt p;
	uint8_t mac[6];
	uint32_t v;
	int act, i;

	for (iter = 0; iter < iters && !tap_cur_fail; iter++) {
		random_spec(&rng, &x.s);
		x.len = pg_build(&x.s, x.buf + ROOM, 4096, &x.o);
		act = (int)(pg_rand(&rng) % A_VLAN_VID);
		v = pg_rand(&rng) ^ (pg_rand(&rng) << 16);
		for (i = 0; i < 6; i++)
			mac[i] = (uint8_t)pg_rand(&rng);
		memcpy(expect, x.buf, sizeof(expect));
		by_hand(expect + ROOM, &x, act, v, mac);
		scratch_csums(expect + ROOM, &x,
			      x.s.proto == 17 && x.s.udp_no_csum);
		p.data = x.buf + ROOM;
		p.len = (uint32_t)x.len;
		p.headroom = ROOM;
		p.csum_partial = false;
		do_rewrite(&p, act, v, mac);
		EXPECT(p.data == x.buf + ROOM);
		if (!same_packet(p.data, expect + ROOM, &x)) {
			EXPECT(!"rewrite differs from scratch");
			printf("# iter %u act %d proto %d frag %#x tags %d\n",
			       iter, act, x.s.proto, x.s.frag, x.s.ntags);
		}
		/* The UDP "no checksum" marker survives. */
		if (x.s.proto == 17 && x.s.udp_no_csum && has_l4(&x))
			EXPECT_EQ(rd16(p.data + x.o.l4 + 6), 0);
	}
}

static void test_partial_csum(void)
{
	static struct sample x;
	unsigned int iter, iters = tap_iters(30000), n_checked = 0;
	uint64_t rng = 0xbeef;
	struct cvsw_pkt p;
	uint8_t mac[6] = { 0 };
	uint16_t l4len, before, field, want;
	int act, c;
	uint8_t *ip, *l4;
	uint32_t v, sum;

	for (iter = 0; iter < iters && !tap_cur_fail; iter++) {
		random_spec(&rng, &x.s);
		if (x.s.proto == 1)
			x.s.proto = 6;
		x.s.frag = 0;
		x.s.udp_no_csum = false;
		x.len = pg_build(&x.s, x.buf + ROOM, 4096, &x.o);
		ip = x.buf + ROOM + x.o.l3;
		l4 = x.buf + ROOM + x.o.l4;
		l4len = (uint16_t)(x.len - x.o.l4);
		c = x.s.proto == 6 ? 16 : 6;
		/* What the stack leaves for the NIC: the pseudo-header sum. */
		wr16(l4 + c, pg_fold(pg_pseudo_sum(ip, l4len)));
		before = rd16(l4 + c);
		act = (int)(pg_rand(&rng) % (A_TP_DST + 1));
		v = pg_rand(&rng) ^ (pg_rand(&rng) << 16);
		p.data = x.buf + ROOM;
		p.len = (uint32_t)x.len;
		p.headroom = ROOM;
		p.csum_partial = true;
		do_rewrite(&p, act, v, mac);
		field = rd16(l4 + c);
		want = pg_fold(pg_pseudo_sum(ip, l4len));
		if (act == A_TP_SRC || act == A_TP_DST || act == A_NW_TOS)
			EXPECT_EQ(field, before);
		else if (field != want && !(field == 0xffff && want == 0) &&
			 !(field == 0 && want == 0xffff))
			EXPECT_EQ(field, want);
		/* IPv4 header checksum is always complete. */
		EXPECT_EQ(pg_fold(pg_sum(ip, (size_t)(ip[0] & 15) * 4, 0)),
			  0xffff);
		/* Simulated NIC: sum the segment from the seeded field. */
		sum = pg_sum(l4, l4len, 0);
		wr16(l4 + c, (uint16_t)~pg_fold(sum));
		EXPECT_EQ(pg_fold(pg_sum(l4, l4len, pg_pseudo_sum(ip, l4len))),
			  0xffff);
		n_checked++;
	}
	EXPECT(n_checked > 0);
}

static void test_vlan(void)
{
	const uint16_t vid123 = 0x123, vid5 = 5;
	const uint8_t pcp6 = 6, pcp1 = 1, pcp2 = 2;
	static struct sample x;
	static uint8_t orig[ROOM + 4096];
	struct cvsw_pkt p;
	uint64_t rng = 42;
	unsigned int iter;
	int r;

	for (iter = 0; iter < tap_iters(3000) && !tap_cur_fail; iter++) {
		random_spec(&rng, &x.s);
		x.len = pg_build(&x.s, x.buf + ROOM, 4096, &x.o);
		memcpy(orig, x.buf, sizeof(orig));
		p.data = x.buf + ROOM;
		p.len = (uint32_t)x.len;
		p.headroom = ROOM;
		p.csum_partial = false;
		r = rw_one(&p, CVSW_ACTION_A_SET_VLAN_VID, &vid123);
		EXPECT_EQ(r, 0);
		if (x.s.ntags == 0) {
			/* Pushed: addresses moved, L3 untouched in place. */
			EXPECT(p.data == x.buf + ROOM - 4);
			EXPECT_EQ(p.len, x.len + 4);
			EXPECT_EQ(p.headroom, ROOM - 4);
			EXPECT(!memcmp(p.data, orig + ROOM, 12));
			EXPECT_EQ(rd16(p.data + 12), 0x8100);
			EXPECT_EQ(rd16(p.data + 14), 0x0123);
			EXPECT(!memcmp(p.data + 16, orig + ROOM + 12,
				       x.len - 12));
			EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_SET_VLAN_PCP, &pcp6), 0);
			EXPECT_EQ(rd16(p.data + 14), 0xc123);
			EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_STRIP_VLAN, NULL), 0);
			EXPECT(p.data == x.buf + ROOM);
			EXPECT_EQ(p.headroom, ROOM);
			EXPECT(!memcmp(x.buf + ROOM, orig + ROOM, x.len));
			/* No headroom: refused, packet untouched. */
			p.headroom = 3;
			EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_SET_VLAN_PCP, &pcp1), -ENOSPC);
			EXPECT(!memcmp(x.buf + ROOM, orig + ROOM, x.len));
		} else {
			EXPECT(p.data == x.buf + ROOM);
			EXPECT_EQ(rd16(p.data + 14),
				  (x.s.tci[0] & 0xf000) | 0x123);
			EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_SET_VLAN_PCP, &pcp2), 0);
			EXPECT_EQ(rd16(p.data + 14),
				  0x4123 | (x.s.tci[0] & 0x1000));
			EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_STRIP_VLAN, NULL), 0);
			EXPECT_EQ(p.len, x.len - 4);
			EXPECT(!memcmp(p.data, orig + ROOM, 12));
			EXPECT(!memcmp(p.data + 12, orig + ROOM + 16,
				       x.len - 16));
		}
	}
	/* Stripping an untagged frame or a runt does nothing. */
	memset(x.buf, 0x55, 64);
	p.data = x.buf + ROOM;
	p.len = 10;
	p.headroom = ROOM;
	EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_STRIP_VLAN, NULL), 0);
	EXPECT_EQ(rw_one(&p, CVSW_ACTION_A_SET_VLAN_VID, &vid5), 0);
	EXPECT_EQ(p.len, 10);
}

static void put_act(uint8_t *b, uint32_t *len, uint16_t type, uint16_t alen,
		    const void *payload, size_t plen)
{
	memset(b + *len, 0, alen);
	memcpy(b + *len, &type, 2);
	memcpy(b + *len + 2, &alen, 2);
	if (plen)
		memcpy(b + *len + 4, payload, plen);
	*len += alen;
}

/* Action blobs through cvsw_rw_apply(): the extracted key afterwards shows
 * every new value, and all checksums are still valid.
 */
static void test_apply_chain(void)
{
	static struct sample x;
	uint8_t blob[256], buf[sizeof(struct cvsw_actions) + 256];
	struct cvsw_actions *acts = (struct cvsw_actions *)buf;
	const struct cvsw_action *a;
	struct cvsw_flow_key k;
	struct cvsw_pkt p;
	uint64_t rng = 7;
	uint32_t len = 0, be32;
	uint16_t u16v, be16;
	uint8_t mac[6] = { 2, 4, 6, 8, 10, 12 }, u8v;
	unsigned int iter;
	uint8_t *ip;

	u16v = 0xabc;
	put_act(blob, &len, CVSW_ACTION_A_SET_VLAN_VID, 8, &u16v, 2);
	u8v = 5;
	put_act(blob, &len, CVSW_ACTION_A_SET_VLAN_PCP, 8, &u8v, 1);
	put_act(blob, &len, CVSW_ACTION_A_SET_DL_SRC, 12, mac, 6);
	be32 = htonl(0xc0a80001);
	put_act(blob, &len, CVSW_ACTION_A_SET_NW_SRC, 8, &be32, 4);
	be32 = htonl(0xc0a800fe);
	put_act(blob, &len, CVSW_ACTION_A_SET_NW_DST, 8, &be32, 4);
	u8v = 0x28;
	put_act(blob, &len, CVSW_ACTION_A_SET_NW_TOS, 8, &u8v, 1);
	be16 = htons(4321);
	put_act(blob, &len, CVSW_ACTION_A_SET_TP_SRC, 8, &be16, 2);
	be16 = htons(8080);
	put_act(blob, &len, CVSW_ACTION_A_SET_TP_DST, 8, &be16, 2);
	u16v = 2;
	put_act(blob, &len, CVSW_ACTION_A_OUTPUT, 8, &u16v, 2);
	EXPECT_EQ(cvsw_actions_validate(blob, len), 0);
	acts->len = len;
	memcpy(acts->data, blob, len);
	EXPECT_EQ(cvsw_actions_headroom(acts), 8);
	EXPECT(cvsw_actions_has_output(acts, 2));
	EXPECT(!cvsw_actions_has_output(acts, 1));

	for (iter = 0; iter < tap_iters(3000) && !tap_cur_fail; iter++) {
		random_spec(&rng, &x.s);
		x.s.frag = 0;
		x.len = pg_build(&x.s, x.buf + ROOM, 4096, &x.o);
		p.data = x.buf + ROOM;
		p.len = (uint32_t)x.len;
		p.headroom = ROOM;
		p.csum_partial = false;
		cvsw_actions_for_each(a, acts) {
			int r = cvsw_rw_apply(&p, a);

			EXPECT_EQ(r, a->type == CVSW_ACTION_A_OUTPUT ?
				  -EOPNOTSUPP : 0);
		}
		cvsw_flow_key_extract(p.data, p.len, 1, &k, NULL);
		EXPECT_EQ(k.dl_vlan, 0xabc);
		EXPECT_EQ(k.dl_vlan_pcp, 5);
		EXPECT(!memcmp(k.dl_src, mac, 6));
		EXPECT_EQ(ntohl(k.nw_src), 0xc0a80001);
		EXPECT_EQ(ntohl(k.nw_dst), 0xc0a800fe);
		EXPECT_EQ(k.nw_tos, 0x28);
		ip = x.buf + ROOM + x.o.l3;
		EXPECT_EQ(pg_fold(pg_sum(ip, (size_t)(ip[0] & 15) * 4, 0)),
			  0xffff);
		if (x.s.proto != 1) {
			uint8_t *l4 = x.buf + ROOM + x.o.l4;
			uint16_t l4len = (uint16_t)(x.len - x.o.l4);

			EXPECT_EQ(ntohs(k.tp_src), 4321);
			EXPECT_EQ(ntohs(k.tp_dst), 8080);
			if (!(x.s.proto == 17 && x.s.udp_no_csum))
				EXPECT_EQ(pg_fold(pg_sum(l4, l4len,
					  pg_pseudo_sum(ip, l4len))), 0xffff);
		} else {
			uint8_t *l4 = x.buf + ROOM + x.o.l4;

			EXPECT_EQ(pg_fold(pg_sum(l4, x.len - x.o.l4, 0)),
				  0xffff);
		}
	}
}

static void test_validate(void)
{
	uint8_t b[64];
	uint32_t len;
	uint16_t v;
	uint8_t u8v;

	EXPECT_EQ(cvsw_actions_validate(NULL, 0), 0);
	len = 0;
	v = 0x1000;	/* vid out of range */
	put_act(b, &len, CVSW_ACTION_A_SET_VLAN_VID, 8, &v, 2);
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	u8v = 8;
	put_act(b, &len, CVSW_ACTION_A_SET_VLAN_PCP, 8, &u8v, 1);
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	u8v = 0x29;	/* ECN bits */
	put_act(b, &len, CVSW_ACTION_A_SET_NW_TOS, 8, &u8v, 1);
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	put_act(b, &len, CVSW_ACTION_A_OUTPUT, 12, NULL, 0);	/* wrong length */
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	put_act(b, &len, 99, 8, NULL, 0);		/* unknown type */
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	put_act(b, &len, CVSW_ACTION_A_STRIP_VLAN, 4, NULL, 0);
	EXPECT_EQ(cvsw_actions_validate(b, len), 0);
	EXPECT_EQ(cvsw_actions_validate(b, len + 2), -EINVAL);	/* trailing */
	len = 0;
	put_act(b, &len, 0x100, 40, NULL, 0);	/* no private type ranges */
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	put_act(b, &len, CVSW_ACTION_A_SET_NW_TOS, 8, NULL, 0);
	b[6] = 1;	/* padding must be zero */
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	len = 0;
	put_act(b, &len, CVSW_ACTION_A_OUTPUT, 8, NULL, 0);
	EXPECT_EQ(cvsw_actions_validate(b, len), 0);
	v = 200;	/* TLV longer than the blob */
	memcpy(b + 2, &v, 2);
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
	v = 6;		/* not a multiple of 4 */
	memcpy(b + 2, &v, 2);
	EXPECT_EQ(cvsw_actions_validate(b, len), -EINVAL);
}

static bool layout_fresh(const struct cvsw_pkt *p)
{
	struct cvsw_flow_layout lay;
	struct cvsw_flow_key k;

	cvsw_flow_key_extract(p->data, p->len, 0, &k, &lay);
	return !memcmp(&lay, &p->layout, sizeof(lay));
}

/*
 * Actions that move headers (strip_vlan, a VLAN push) leave p->layout
 * recomputed, so a later rewrite or whoever bounds one by the layout (the
 * kernel's skb_ensure_writable()) sees the headers where they now are:
 * strip_vlan, set_nw_src, set_tp_dst on a tagged packet, and the reverse
 * with a push.
 */
static void test_layout_after_moves(void)
{
	static struct sample x;
	uint8_t blob[64], buf[sizeof(struct cvsw_actions) + 64];
	struct cvsw_actions *acts = (struct cvsw_actions *)buf;
	const struct cvsw_action *a;
	struct cvsw_flow_key k;
	struct cvsw_pkt p;
	uint64_t rng = 99;
	uint32_t len = 0, be32 = htonl(0x0a0b0c0d);
	uint16_t be16 = htons(4242), vid = 7;
	unsigned int iter;
	int push;

	for (iter = 0; iter < tap_iters(2000) && !tap_cur_fail; iter++) {
		push = iter & 1;
		len = 0;
		put_act(blob, &len, push ? CVSW_ACTION_A_SET_VLAN_VID :
				    CVSW_ACTION_A_STRIP_VLAN,
			push ? 8 : 4, &vid, push ? 2 : 0);
		put_act(blob, &len, CVSW_ACTION_A_SET_NW_SRC, 8, &be32, 4);
		put_act(blob, &len, CVSW_ACTION_A_SET_TP_DST, 8, &be16, 2);
		EXPECT_EQ(cvsw_actions_validate(blob, len), 0);
		acts->len = len;
		memcpy(acts->data, blob, len);

		random_spec(&rng, &x.s);
		x.s.frag = 0;
		x.s.proto = iter & 2 ? 6 : 17;
		x.s.udp_no_csum = false;
		x.s.ntags = push ? 0 : 1;
		x.s.tpid[0] = 0x8100;
		x.len = pg_build(&x.s, x.buf + ROOM, 4096, &x.o);
		p.data = x.buf + ROOM;
		p.len = (uint32_t)x.len;
		p.headroom = ROOM;
		p.csum_partial = false;
		cvsw_flow_key_extract(p.data, p.len, 0, &k, &p.layout);
		cvsw_actions_for_each(a, acts) {
			EXPECT_EQ(cvsw_rw_apply(&p, a), 0);
			EXPECT(layout_fresh(&p));
		}
		EXPECT_EQ(p.layout.l3_ofs, push ? 18 : 14);
		cvsw_flow_key_extract(p.data, p.len, 0, &k, NULL);
		EXPECT_EQ(k.dl_vlan, push ? 7 : CVSW_VLAN_NONE);
		EXPECT_EQ(k.nw_src, be32);
		EXPECT_EQ(k.tp_dst, be16);
		{
			uint8_t *ip = p.data + p.layout.l3_ofs;
			uint8_t *l4 = p.data + p.layout.l4_ofs;
			uint16_t l4len = (uint16_t)(p.len - p.layout.l4_ofs);

			EXPECT_EQ(pg_fold(pg_sum(ip, (size_t)(ip[0] & 15) * 4,
						 0)), 0xffff);
			EXPECT_EQ(pg_fold(pg_sum(l4, l4len,
						 pg_pseudo_sum(ip, l4len))),
				  0xffff);
		}
	}
}

/* The descriptor table covers every uapi action, and nothing else. */
static void test_descs(void)
{
	const struct cvsw_action_desc *d;
	unsigned int t;

	EXPECT(!cvsw_action_desc(0));
	EXPECT(!cvsw_action_desc(CVSW_ACTION_A_MAX + 1));
	EXPECT(!cvsw_action_desc(0x100));
	for (t = 1; t <= CVSW_ACTION_A_MAX; t++) {
		d = cvsw_action_desc(t);
		EXPECT(d && d->name);
		if (!d)
			continue;
		/* Outputs and metadata actions are executed by the caller,
		 * everything else here.
		 */
		EXPECT(!!(d->flags & (CVSW_ACTF_OUTPUT | CVSW_ACTF_META)) ==
		       !d->apply);
		EXPECT_EQ(cvsw_action_tlv_len(d) % 4, 0);
		EXPECT(cvsw_action_tlv_len(d) >= CVSW_ACTION_HDR_LEN + d->len);
	}
	EXPECT(cvsw_action_check(CVSW_ACTION_A_OUTPUT, "\0\0\0\0", 3) != NULL);
	EXPECT(cvsw_action_check(CVSW_ACTION_A_OUTPUT, "\0\0\0\0", 4) == NULL);
	EXPECT(cvsw_action_check(CVSW_ACTION_A_SET_NW_TOS, "\x03", 1) != NULL);
	EXPECT(cvsw_action_check(99, "", 0) != NULL);
}

int main(void)
{
	tap_run("rewrite: set nw/tp/dl fields, checksums equal scratch",
		test_full_csum);
	tap_run("rewrite: CHECKSUM_PARTIAL pseudo-header updates + NIC",
		test_partial_csum);
	tap_run("rewrite: VLAN push/modify/strip with headroom", test_vlan);
	tap_run("rewrite: action blob applied in sequence", test_apply_chain);
	tap_run("actions: blob validation", test_validate);
	tap_run("actions: one descriptor per uapi action", test_descs);
	tap_run("rewrite: layout recomputed after headers move",
		test_layout_after_moves);
	return tap_done();
}
