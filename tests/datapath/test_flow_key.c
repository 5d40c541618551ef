// SPDX-License-Identifier: GPL-2.0
/*
 * test_flow_key.c - unit tests of flow key extraction: every parser case,
 * every truncation length of every sample packet, hostile packets.
 */
#include <string.h>

#include "flow_key.h"
#include "pktgen.h"
#include "tap.h"

static uint8_t pkt[4096];

/* Extract from an exact-size heap copy, so that ASan sees any overread. */
static int extract_len(const uint8_t *p, size_t len, uint16_t port,
		       struct cvsw_flow_key *k, struct cvsw_flow_layout *lay)
{
	uint8_t *copy = malloc(len ? len : 1);
	int r;

	memcpy(copy, p, len);
	r = cvsw_flow_key_extract(copy, len, port, k, lay);
	free(copy);
	return r;
}

static int build_extract(const struct pg_spec *s, struct cvsw_flow_key *k,
			 struct cvsw_flow_layout *lay, struct pg_ofs *o)
{
	size_t n = pg_build(s, pkt, sizeof(pkt), o);

	return extract_len(pkt, n, 7, k, lay);
}

static void test_eth_non_ip(void)
{
	struct pg_spec s;
	struct cvsw_flow_key k;
	int r;

	pg_default(&s);
	s.l3 = PG_L3_NONE;
	s.ethertype = 0x88cc;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2);
	EXPECT_EQ(k.in_port, 7);
	EXPECT_EQ(ntohs(k.dl_type), 0x88cc);
	EXPECT_EQ(k.dl_vlan, CVSW_VLAN_NONE);
	EXPECT(!memcmp(k.dl_src, s.src, 6));
	EXPECT(!memcmp(k.dl_dst, s.dst, 6));
	EXPECT_EQ(k.nw_proto, 0);
	s.ethertype = 0x0100;	/* 802.3 length */
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2);
	EXPECT_EQ(ntohs(k.dl_type), CVSW_DL_TYPE_NOT_ETH);
	/* Too short for Ethernet. */
	r = extract_len(pkt, 13, 3, &k, NULL);
	EXPECT_EQ(r, 0);
	EXPECT_EQ(k.in_port, 3);
	EXPECT_EQ(k.dl_vlan, CVSW_VLAN_NONE);
	EXPECT_EQ(k.dl_type, 0);
}

static void test_vlan(void)
{
	struct pg_spec s;
	struct cvsw_flow_key k;
	struct cvsw_flow_layout lay;
	int r;

	pg_default(&s);
	s.ntags = 1;
	s.tpid[0] = 0x8100;
	s.tci[0] = (5 << 13) | 100;
	r = build_extract(&s, &k, &lay, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.dl_vlan, 100);
	EXPECT_EQ(k.dl_vlan_pcp, 5);
	EXPECT_EQ(ntohs(k.dl_type), 0x0800);
	EXPECT_EQ(lay.l3_ofs, 18);
	EXPECT_EQ(ntohs(k.tp_dst), 80);

	s.ntags = 2;
	s.tpid[0] = 0x88a8;
	s.tci[0] = (3 << 13) | 4000;
	s.tpid[1] = 0x8100;
	s.tci[1] = 7;
	r = build_extract(&s, &k, &lay, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.dl_vlan, 4000);
	EXPECT_EQ(k.dl_vlan_pcp, 3);
	EXPECT_EQ(lay.l3_ofs, 22);
	EXPECT_EQ(ntohl(k.nw_dst), 0x0a000002);

	/* 802.1ad is accepted only as the outer tag. */
	s.tpid[0] = 0x8100;
	s.tpid[1] = 0x88a8;
	r = build_extract(&s, &k, &lay, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2);
	EXPECT_EQ(ntohs(k.dl_type), 0x88a8);
	EXPECT_EQ(k.nw_src, 0);
}

static void test_arp(void)
{
	struct pg_spec s;
	struct cvsw_flow_key k;
	size_t n;
	int r;

	pg_default(&s);
	s.l3 = PG_L3_ARP;
	s.arp_op = 2;
	s.nw_src = 0xc0a80101;
	s.nw_dst = 0xc0a80102;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(ntohs(k.dl_type), 0x0806);
	EXPECT_EQ(k.nw_proto, 2);
	EXPECT_EQ(ntohl(k.nw_src), 0xc0a80101);
	EXPECT_EQ(ntohl(k.nw_dst), 0xc0a80102);
	s.arp_op = 0x0301;
	build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(k.nw_proto, 1);
	/* RARP has the same format. */
	s.arp_op = 3;
	n = pg_build(&s, pkt, sizeof(pkt), NULL);
	pkt[12] = 0x80;
	pkt[13] = 0x35;
	r = extract_len(pkt, n, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(ntohs(k.dl_type), 0x8035);
	EXPECT_EQ(k.nw_proto, 3);
	EXPECT_EQ(ntohl(k.nw_dst), 0xc0a80102);
	s.arp_op = 0x0301;
	/* Not Ethernet/IPv4 ARP: no L3 fields. */
	n = pg_build(&s, pkt, sizeof(pkt), NULL);
	pkt[15] = 6;
	r = extract_len(pkt, n, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2);
	EXPECT_EQ(k.nw_src, 0);
	EXPECT_EQ(k.nw_proto, 0);
}

static void test_ipv4(void)
{
	struct pg_spec s;
	struct cvsw_flow_key k;
	struct cvsw_flow_layout lay;
	struct pg_ofs o;
	size_t n;
	int r;

	pg_default(&s);
	s.tos = 0xb9;
	r = build_extract(&s, &k, &lay, &o);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.nw_tos, 0xb8);
	EXPECT_EQ(k.nw_proto, 6);
	EXPECT_EQ(ntohl(k.nw_src), 0x0a000001);
	EXPECT_EQ(ntohs(k.tp_src), 1234);
	EXPECT_EQ(ntohs(k.tp_dst), 80);
	EXPECT_EQ(k.nw_frag, 0);
	EXPECT_EQ(lay.l4_ofs, o.l4);
	EXPECT_EQ(lay.l4_end, o.len);

	/* Options. */
	s.ip_opt_len = 40;
	s.proto = 17;
	s.sport = 53;
	s.dport = 5353;
	r = build_extract(&s, &k, &lay, &o);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(lay.l4_ofs, 14 + 60);
	EXPECT_EQ(ntohs(k.tp_src), 53);
	EXPECT_EQ(ntohs(k.tp_dst), 5353);

	/* First fragment: L4 present, marked as fragment. */
	s.ip_opt_len = 0;
	s.frag = 0x2000;
	r = build_extract(&s, &k, &lay, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.nw_frag, CVSW_FRAG_ANY);
	EXPECT_EQ(ntohs(k.tp_dst), 5353);

	/* Later fragment: no L4 fields. */
	s.frag = 0x0010;
	r = build_extract(&s, &k, &lay, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_frag, CVSW_FRAG_ANY | CVSW_FRAG_LATER);
	EXPECT_EQ(k.nw_proto, 17);
	EXPECT_EQ(k.tp_src, 0);
	EXPECT_EQ(lay.l4_ofs, 0);

	/* ICMP type/code. */
	s.frag = 0;
	s.proto = 1;
	s.icmp_type = 8;
	s.icmp_code = 3;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(ntohs(k.tp_src), 8);
	EXPECT_EQ(ntohs(k.tp_dst), 3);

	/* Unknown protocol: L3 only. */
	s.proto = 132;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_proto, 132);

	/* IHL < 5, wrong version, total length < IHL: not IP. */
	s.proto = 6;
	n = pg_build(&s, pkt, sizeof(pkt), &o);
	pkt[o.l3] = 0x44;
	r = extract_len(pkt, n, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2);
	EXPECT_EQ(k.nw_src, 0);
	EXPECT_EQ(ntohs(k.dl_type), 0x0800);
	pkt[o.l3] = 0x65;
	EXPECT_EQ(extract_len(pkt, n, 1, &k, NULL), CVSW_LAYER_L2);
	pkt[o.l3] = 0x45;
	pkt[o.l3 + 2] = 0;
	pkt[o.l3 + 3] = 19;
	EXPECT_EQ(extract_len(pkt, n, 1, &k, NULL), CVSW_LAYER_L2);
	/* IHL beyond the buffer. */
	pkt[o.l3 + 3] = 60;
	pkt[o.l3] = 0x4f;
	EXPECT_EQ(extract_len(pkt, o.l3 + 40, 1, &k, NULL), CVSW_LAYER_L2);
	/* Total length bounds L4: a UDP header past it is not parsed. */
	s.proto = 17;
	n = pg_build(&s, pkt, sizeof(pkt), &o);
	pkt[o.l3 + 2] = 0;
	pkt[o.l3 + 3] = 24;
	r = extract_len(pkt, n, 1, &k, &lay);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.tp_dst, 0);
	EXPECT_EQ(lay.l4_end, o.l3 + 24);
	/* TCP data offset < 5 or beyond the segment: no L4. */
	s.proto = 6;
	n = pg_build(&s, pkt, sizeof(pkt), &o);
	pkt[o.l4 + 12] = 4 << 4;
	EXPECT_EQ(extract_len(pkt, n, 1, &k, NULL),
		  CVSW_LAYER_L2 | CVSW_LAYER_L3);
	pkt[o.l4 + 12] = 15 << 4;
	EXPECT_EQ(extract_len(pkt, n, 1, &k, NULL),
		  CVSW_LAYER_L2 | CVSW_LAYER_L3);
}

static void test_ipv6(void)
{
	struct pg_spec s;
	struct cvsw_flow_key k;
	struct cvsw_flow_layout lay;
	struct pg_ofs o;
	size_t n;
	int r;

	pg_default(&s);
	s.l3 = PG_L3_IPV6;
	s.tos = 0x2d;
	r = build_extract(&s, &k, &lay, &o);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(ntohs(k.dl_type), 0x86dd);
	EXPECT_EQ(k.nw_tos, 0x2c);
	EXPECT_EQ(k.nw_proto, 6);
	EXPECT(!memcmp(k.ipv6_src, s.v6src, 16));
	EXPECT(!memcmp(k.ipv6_dst, s.v6dst, 16));
	EXPECT_EQ(k.nw_src, 0);
	EXPECT_EQ(ntohs(k.tp_dst), 80);

	/* Hop-by-hop, routing, destination options, AH, then UDP. */
	s.proto = 17;
	s.n_ext = 4;
	s.ext[0] = 0;
	s.ext[1] = 43;
	s.ext[2] = 60;
	s.ext[3] = 51;
	r = build_extract(&s, &k, &lay, &o);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.nw_proto, 17);
	EXPECT_EQ(lay.l4_ofs, o.l4);
	EXPECT_EQ(ntohs(k.tp_src), 1234);

	/* Fragment header, first fragment with M set. */
	s.n_ext = 2;
	s.ext[0] = 0;
	s.ext[1] = 44;
	s.v6_frag_off = 1;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(k.nw_frag, CVSW_FRAG_ANY);
	EXPECT_EQ(k.nw_proto, 17);
	/* Later fragment. */
	s.v6_frag_off = 0x100;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_frag, CVSW_FRAG_ANY | CVSW_FRAG_LATER);
	EXPECT_EQ(k.nw_proto, 17);
	EXPECT_EQ(k.tp_src, 0);

	/* ICMPv6. */
	s.n_ext = 0;
	s.proto = 58;
	s.icmp_type = 135;
	s.icmp_code = 0;
	r = build_extract(&s, &k, NULL, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4);
	EXPECT_EQ(ntohs(k.tp_src), 135);
	/* Protocol 1 is not ICMP in IPv6. */
	s.proto = 1;
	EXPECT_EQ(build_extract(&s, &k, NULL, NULL),
		  CVSW_LAYER_L2 | CVSW_LAYER_L3);

	/* Truncated extension header: stops there. */
	s.proto = 6;
	s.n_ext = 1;
	s.ext[0] = 60;
	n = pg_build(&s, pkt, sizeof(pkt), &o);
	r = extract_len(pkt, o.l3 + 40 + 12, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_proto, 60);
	/* Extension length beyond the payload length. */
	pkt[o.l3 + 41] = 200;
	r = extract_len(pkt, n, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	/* Payload length bounds parsing. */
	pkt[o.l3 + 41] = 1;
	pkt[o.l3 + 4] = 0;
	pkt[o.l3 + 5] = 16;
	r = extract_len(pkt, n, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_proto, 6);
	/* Wrong version. */
	pkt[o.l3] = 0x40;
	EXPECT_EQ(extract_len(pkt, n, 1, &k, NULL), CVSW_LAYER_L2);
}

/*
 * Tunnel packets are ordinary packets to key extraction: only the receive
 * path, decapsulating on a tunnel port, sets tun_id/tun_src/tun_dst.
 */
static void test_tunnels(void)
{
	const int all = CVSW_LAYER_L2 | CVSW_LAYER_L3 | CVSW_LAYER_L4;
	struct pg_spec s;
	struct cvsw_flow_key k;
	struct cvsw_flow_layout lay;
	struct pg_ofs o;

	pg_default(&s);
	s.proto = 17;
	s.dport = 4789;
	s.tun = PG_TUN_VXLAN;
	s.tun_id = 0xabcdef;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	EXPECT_EQ(k.tun_src, 0);
	EXPECT_EQ(k.tun_dst, 0);
	EXPECT_EQ(ntohs(k.tp_dst), 4789);
	EXPECT_EQ(lay.l4_ofs, o.l4);
	/* VXLAN over IPv6. */
	s.l3 = PG_L3_IPV6;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	s.l3 = PG_L3_IPV4;

	/* Geneve. */
	s.dport = 6081;
	s.tun = PG_TUN_GENEVE;
	s.geneve_opt_words = 2;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	EXPECT_EQ(ntohs(k.tp_dst), 6081);

	/* NVGRE: GRE has no ports. */
	s.proto = 47;
	s.tun = PG_TUN_NVGRE;
	s.geneve_opt_words = 0;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	EXPECT_EQ(k.tp_src, 0);
	EXPECT_EQ(k.tp_dst, 0);
	EXPECT_EQ(k.nw_proto, 47);

	/* STT: a TCP packet to 7471. */
	s.proto = 6;
	s.dport = 7471;
	s.tun = PG_TUN_STT;
	s.tun_id = 0x1122334455667788ULL;
	s.tcp_seq = 0x05dc0000;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	EXPECT_EQ(ntohs(k.tp_dst), 7471);
	s.tcp_seq = 0;

	/* VXLAN over SCLP: SCLP ports are in the key. */
	s.proto = 234;
	s.dport = 4789;
	s.sport = 40000;
	s.tun = PG_TUN_VXLAN_SCLP;
	s.tun_id = 77;
	s.sclp_id = 0x1001;
	EXPECT_EQ(build_extract(&s, &k, &lay, &o), all);
	EXPECT_EQ(k.tun_id, 0);
	EXPECT_EQ(ntohs(k.tp_src), 40000);
	EXPECT_EQ(ntohs(k.tp_dst), 4789);
	EXPECT_EQ(lay.l4_ofs, o.l4);
	/* A later IPv4 fragment has no L4 fields. */
	s.frag = 0x0008;
	EXPECT_EQ(build_extract(&s, &k, NULL, NULL),
		  CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.tp_src, 0);
}

/* The sample packets of the truncation and hostile tests. */
static int sample_spec(int i, struct pg_spec *s)
{
	pg_default(s);
	switch (i) {
	case 0: return 1;
	case 1: s->proto = 17; s->ntags = 1; s->tpid[0] = 0x8100;
		s->tci[0] = 0x2005; return 1;
	case 2: s->ntags = 2; s->tpid[0] = 0x88a8; s->tpid[1] = 0x8100;
		s->proto = 1; s->icmp_type = 3; return 1;
	case 3: s->l3 = PG_L3_ARP; s->arp_op = 1; return 1;
	case 4: s->ip_opt_len = 12; s->proto = 17; return 1;
	case 5: s->frag = 0x0020; return 1;
	case 6: s->l3 = PG_L3_IPV6; s->n_ext = 3; s->ext[0] = 0;
		s->ext[1] = 43; s->ext[2] = 44; s->proto = 17; return 1;
	case 7: s->l3 = PG_L3_IPV6; s->proto = 58; return 1;
	case 8: s->proto = 17; s->dport = 4789; s->tun = PG_TUN_VXLAN;
		s->tun_id = 5001; return 1;
	case 9: s->proto = 17; s->dport = 6081; s->tun = PG_TUN_GENEVE;
		s->geneve_opt_words = 3; s->tun_id = 9; return 1;
	case 10: s->proto = 47; s->tun = PG_TUN_NVGRE; s->tun_id = 0x42;
		s->gre_csum = true; return 1;
	case 11: s->dport = 7471; s->tun = PG_TUN_STT; s->tun_id = ~0ULL;
		return 1;
	case 12: s->proto = 234; s->dport = 4789; s->sclp_id = 3;
		s->tun = PG_TUN_VXLAN_SCLP; s->tun_id = 1; return 1;
	case 13: s->l3 = PG_L3_NONE; s->ethertype = 0x9000;
		s->ntags = 1; s->tpid[0] = 0x8100; return 1;
	case 14: s->l3 = PG_L3_IPV6; s->proto = 17; s->dport = 4789;
		s->tun = PG_TUN_VXLAN; s->n_ext = 1; s->ext[0] = 60; return 1;
	default: return 0;
	}
}

/* Every truncation of every sample: never reads past len (ASan), layers
 * only grow with len, and every field found is the full packet's value.
 */
static void test_truncation(void)
{
	struct cvsw_flow_key full, k;
	struct cvsw_flow_layout lay;
	struct pg_spec s;
	struct pg_ofs o;
	int i, rf, r, prev;
	size_t n, len, b;

	for (i = 0; sample_spec(i, &s); i++) {
		n = pg_build(&s, pkt, sizeof(pkt), &o);
		rf = extract_len(pkt, n, 5, &full, NULL);
		prev = 0;
		for (len = 0; len <= n; len++) {
			const uint8_t *kb = (const uint8_t *)&k;
			const uint8_t *fb = (const uint8_t *)&full;

			r = extract_len(pkt, len, 5, &k, &lay);
			EXPECT((r & rf) == r);
			EXPECT((r & prev) == prev);
			prev = r;
			EXPECT(lay.l4_end <= len);
			EXPECT_EQ(k.in_port, 5);
			if (len < o.l3)
				continue;
			for (b = 0; b < sizeof(k); b++) {
				if (b == offsetof(struct cvsw_flow_key,
						  nw_proto) &&
				    s.l3 == PG_L3_IPV6)
					continue;
				if (kb[b] && kb[b] != fb[b]) {
					EXPECT(!"field differs from full key");
					printf("# sample %d len %zu byte %zu\n",
					       i, len, b);
				}
			}
			if (r == rf)
				EXPECT(!memcmp(&k, &full, sizeof(k)) ||
				       s.l3 == PG_L3_IPV6);
		}
	}
}

/* Mutated samples and random bytes: must not crash, invariants hold. */
static void test_hostile(void)
{
	uint64_t rng = 0x1234567;
	struct cvsw_flow_key k;
	struct cvsw_flow_layout lay;
	struct pg_spec s;
	unsigned int iter, iters = tap_iters(60000);
	size_t n, len, j;
	int i, r;

	for (iter = 0; iter < iters; iter++) {
		i = (int)(pg_rand(&rng) % 16);
		if (!sample_spec(i, &s)) {
			n = pg_rand(&rng) % 200;
			for (j = 0; j < n; j++)
				pkt[j] = (uint8_t)pg_rand(&rng);
		} else {
			n = pg_build(&s, pkt, sizeof(pkt), NULL);
			for (j = pg_rand(&rng) % 6; j > 0; j--)
				pkt[pg_rand(&rng) % n] ^=
					(uint8_t)(1 + pg_rand(&rng) % 255);
		}
		len = n ? pg_rand(&rng) % (n + 1) : 0;
		r = extract_len(pkt, len, 1, &k, &lay);
		EXPECT(r >= 0 && r <= 7);
		EXPECT_EQ(k.pad0, 0);
		EXPECT_EQ(k.pad1, 0);
		EXPECT(k.dl_vlan <= 0xfff || k.dl_vlan == CVSW_VLAN_NONE);
		EXPECT(k.dl_vlan_pcp <= 7);
		EXPECT_EQ(k.nw_tos & 3, 0);
		EXPECT(lay.l3_ofs <= len && lay.l4_ofs <= len &&
		       lay.l4_end <= len);
		EXPECT(!k.tun_id && !k.tun_src && !k.tun_dst);
		EXPECT(!(k.nw_frag & CVSW_FRAG_LATER) || !(r & CVSW_LAYER_L4));
		if (tap_cur_fail)
			break;
	}
	/* A chain of 300 destination-options headers. */
	memset(pkt, 0, sizeof(pkt));
	pkt[12] = 0x86;
	pkt[13] = 0xdd;
	pkt[14] = 0x60;
	pkt[18] = 0;
	pkt[19] = 0;
	pkt[20] = 60;
	for (j = 0; j < 300; j++)
		pkt[54 + j * 8] = 60;
	r = extract_len(pkt, 54 + 300 * 8, 1, &k, NULL);
	EXPECT_EQ(r, CVSW_LAYER_L2 | CVSW_LAYER_L3);
	EXPECT_EQ(k.nw_proto, 60);
}

static void test_wildcards(void)
{
	uint64_t rng = 99;
	struct cvsw_flow_key m;
	unsigned int i;
	uint32_t wc, back, n;

	for (i = 0; i < 5000; i++) {
		wc = pg_rand(&rng) & CVSW_FW_ALL;
		cvsw_mask_from_wildcards(&m, wc);
		back = cvsw_mask_to_wildcards(&m);
		/* Normalise prefix lengths >= 32 to 32. */
		n = (wc & CVSW_FW_NW_SRC_MASK) >> CVSW_FW_NW_SRC_SHIFT;
		if (n > 32)
			wc = (wc & ~CVSW_FW_NW_SRC_MASK) |
			     (32u << CVSW_FW_NW_SRC_SHIFT);
		n = (wc & CVSW_FW_NW_DST_MASK) >> CVSW_FW_NW_DST_SHIFT;
		if (n > 32)
			wc = (wc & ~CVSW_FW_NW_DST_MASK) |
			     (32u << CVSW_FW_NW_DST_SHIFT);
		EXPECT_EQ(back, wc);
		EXPECT_EQ(cvsw_mask_is_exact(&m),
			  (wc & ~CVSW_FW_TUN_ID) == 0);
	}
	cvsw_mask_from_wildcards(&m, 8u << CVSW_FW_NW_SRC_SHIFT);
	EXPECT_EQ(ntohl(m.nw_src), 0xffffff00);
	EXPECT_EQ(m.nw_dst, 0xffffffff);
	cvsw_mask_exact(&m);
	EXPECT(cvsw_mask_is_exact(&m));
	EXPECT_EQ(m.tun_id, ~0ULL);
}

int main(void)
{
	tap_run("flow_key: Ethernet, 802.3, short frames", test_eth_non_ip);
	tap_run("flow_key: 802.1Q/802.1ad tags", test_vlan);
	tap_run("flow_key: ARP and RARP", test_arp);
	tap_run("flow_key: IPv4 options, fragments, ICMP, malformed",
		test_ipv4);
	tap_run("flow_key: IPv6 extension headers, fragments, ICMPv6",
		test_ipv6);
	tap_run("flow_key: VXLAN, Geneve, NVGRE, STT, VXLAN-over-SCLP",
		test_tunnels);
	tap_run("flow_key: every truncation of every sample packet",
		test_truncation);
	tap_run("flow_key: hostile and mutated packets", test_hostile);
	tap_run("flow_key: OF1.0 wildcards <-> masks", test_wildcards);
	return tap_done();
}
