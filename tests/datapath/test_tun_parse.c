// SPDX-License-Identifier: GPL-2.0
/*
 * test_tun_parse.c - the tunnel header parsers (kmod/datapath/tun_parse.c):
 * each kind's well-formed headers, then every malformed case the receive
 * path must count and drop: truncation at each byte, flags, reserved
 * fields, versions, Geneve options (critical, overlong, OAM), GRE flags,
 * STT segment arithmetic and partial-checksum offsets, SCLP checksums and
 * lengths; and random corruption must never read out of bounds (ASan).
 * The headers here are written by hand from docs/tunnels.md, not by the
 * transmit side's builders, so the two sides are checked independently;
 * a last test then checks that what the builders write parses back.
 */
#include <string.h>
#include <stdlib.h>

#include "tun_parse.h"
#include "tun_build.h"
#include "pktgen.h"
#include "tap.h"

#define SADDR	0x0a000001u
#define DADDR	0x0a000002u

static uint8_t buf[2048];

static void w16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static void w32(uint8_t *p, uint32_t v)
{
	w16(p, v >> 16);
	w16(p + 2, v & 0xffff);
}

static __be32 be(uint32_t a)
{
	return htonl(a);
}

/* Parse @len bytes of buf as @kind (all readable). */
static int parse(uint8_t kind, size_t len, struct cvsw_tun_parsed *t)
{
	return cvsw_tun_parse(kind, buf, len, len, be(SADDR), be(DADDR), t);
}

/* An inner Ethernet frame of @n bytes at @p. */
static void inner(uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(i * 13 + 1);
}

static size_t mk_vxlan(uint32_t vni, size_t inner_len)
{
	memset(buf, 0, 16);
	w16(buf, 40000);
	w16(buf + 2, 4789);
	w16(buf + 4, (uint16_t)(16 + inner_len));
	buf[8] = 0x08;
	w32(buf + 12, vni << 8);
	inner(buf + 16, inner_len);
	return 16 + inner_len;
}

static size_t mk_geneve(uint32_t vni, const uint8_t *opts, size_t optlen,
			size_t inner_len)
{
	memset(buf, 0, 16);
	w16(buf, 40000);
	w16(buf + 2, 6081);
	w16(buf + 4, (uint16_t)(16 + optlen + inner_len));
	buf[8] = (uint8_t)(optlen / 4);
	w16(buf + 10, 0x6558);
	w32(buf + 12, vni << 8);
	if (optlen)
		memcpy(buf + 16, opts, optlen);
	inner(buf + 16 + optlen, inner_len);
	return 16 + optlen + inner_len;
}

static size_t mk_nvgre(uint32_t vsid, uint8_t flowid, size_t inner_len)
{
	w16(buf, 0x2000);
	w16(buf + 2, 0x6558);
	w32(buf + 4, vsid << 8 | flowid);
	inner(buf + 8, inner_len);
	return 8 + inner_len;
}

/* An STT segment: @frame_len, this piece at @ofs of @seg_len bytes. */
static size_t mk_stt(uint16_t frame_len, uint16_t ofs, uint16_t seg_len,
		     uint32_t ack)
{
	memset(buf, 0, 20);
	w16(buf, 50000);
	w16(buf + 2, 7471);
	w32(buf + 4, (uint32_t)frame_len << 16 | ofs);
	w32(buf + 8, ack);
	buf[12] = 5 << 4;
	buf[13] = 0x18;
	w16(buf + 14, 65535);
	inner(buf + 20, seg_len);
	return 20 + seg_len;
}

/* The STT frame header at @p. */
static void stt_hdr(uint8_t *p, uint8_t flags, uint8_t l4ofs, uint16_t mss,
		    uint16_t vlan, uint64_t ctx)
{
	memset(p, 0, 18);
	p[1] = flags;
	p[2] = l4ofs;
	w16(p + 4, mss);
	w16(p + 6, vlan);
	w32(p + 8, (uint32_t)(ctx >> 32));
	w32(p + 12, (uint32_t)ctx);
}

/* An SCLP segment with a valid header checksum. */
static size_t mk_sclp(uint32_t id, bool first, uint16_t rem,
		      uint16_t seg_len)
{
	memset(buf, 0, 12);
	w16(buf, 45000);
	w16(buf + 2, 4789);
	w32(buf + 4, id << 1 | first);
	w16(buf + 8, rem);
	inner(buf + 12, seg_len);
	w16(buf + 10, cvsw_sclp_hdr_csum(buf, be(SADDR), be(DADDR), seg_len));
	return 12 + seg_len;
}

static void sclp_fix_csum(size_t len)
{
	w16(buf + 10, cvsw_sclp_hdr_csum(buf, be(SADDR), be(DADDR),
					 (uint16_t)(len - 12)));
}

/* Every truncation of a good packet is refused and reads nothing beyond. */
static void truncations(uint8_t kind, size_t n)
{
	struct cvsw_tun_parsed t;
	size_t cut;
	uint8_t *copy;

	for (cut = 0; cut < n; cut++) {
		int r;

		copy = malloc(cut ? cut : 1);
		memcpy(copy, buf, cut);
		r = cvsw_tun_parse(kind, copy, cut, cut, be(SADDR), be(DADDR),
				   &t);
		/* Segmenting kinds: a shorter piece may be a valid segment. */
		if (kind != CVSW_PORT_KIND_STT && kind != CVSW_PORT_KIND_SCLP)
			EXPECT(r < 0);
		else
			EXPECT(r != CVSW_TUN_FRAME);
		free(copy);
		if (tap_cur_fail) {
			diag("kind %u cut at %zu", kind, cut);
			return;
		}
	}
}

static void test_vxlan(void)
{
	struct cvsw_tun_parsed t;
	size_t n = mk_vxlan(0xabcdef, 60);

	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0xabcdef);
	EXPECT_EQ(t.inner_ofs, 16);
	/* Only the readable part is read; the rest need not be. */
	EXPECT_EQ(cvsw_tun_parse(CVSW_PORT_KIND_VXLAN, buf, 30, n, be(SADDR),
				 be(DADDR), &t), CVSW_TUN_FRAME);
	EXPECT_EQ(cvsw_tun_parse(CVSW_PORT_KIND_VXLAN, buf, 29, n, be(SADDR),
				 be(DADDR), &t), -EINVAL);
	/* The I flag is required, nothing else may be set. */
	buf[8] = 0;
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	buf[8] = 0x0c;
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	buf[8] = 0x88;
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	buf[8] = 0x08;
	/* Reserved bytes. */
	buf[10] = 1;
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	buf[10] = 0;
	buf[15] = 1;
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	buf[15] = 0;
	/* UDP length: longer than the packet, shorter than the headers. */
	w16(buf + 4, (uint16_t)(n + 1));
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	w16(buf + 4, 16 + 13);
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), -EINVAL);
	/* A shorter UDP length than the IP payload is fine (padding). */
	w16(buf + 4, 16 + 14);
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, n, &t), CVSW_TUN_FRAME);
	n = mk_vxlan(1, 14);
	truncations(CVSW_PORT_KIND_VXLAN, n);
}

static void test_geneve(void)
{
	struct cvsw_tun_parsed t;
	uint8_t opts[16];
	size_t n;

	n = mk_geneve(0x123456, NULL, 0, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0x123456);
	EXPECT_EQ(t.inner_ofs, 16);
	/* Two options (4 + 4 and 4 + 0 bytes), not critical: skipped. */
	memset(opts, 0, sizeof(opts));
	w16(opts, 0x0102);
	opts[2] = 0x05;
	opts[3] = 1;
	w16(opts + 8, 0xffff);
	opts[10] = 0x7f;
	opts[11] = 0;
	n = mk_geneve(7, opts, 12, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 7);
	EXPECT_EQ(t.inner_ofs, 28);
	/* A critical option we do not know: dropped. */
	opts[10] = 0x85;
	n = mk_geneve(7, opts, 12, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EPROTO);
	opts[10] = 0x05;
	/* An option longer than the option area. */
	opts[11] = 2;
	n = mk_geneve(7, opts, 12, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	opts[11] = 0;
	/* One option filling the whole area (4 + 8). */
	opts[3] = 2;
	n = mk_geneve(7, opts, 12, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), CVSW_TUN_FRAME);
	opts[3] = 1;
	/* Options longer than the packet. */
	n = mk_geneve(7, opts, 12, 60);
	buf[8] = 0x3f;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	buf[8] = 3;
	/* Version 1, the O (OAM) and C (critical) bits. */
	buf[8] |= 0x40;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	buf[8] = 3;
	buf[9] = 0x80;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	buf[9] = 0x40;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	/* Reserved bits of the flags byte are ignored. */
	buf[9] = 0x3f;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), CVSW_TUN_FRAME);
	buf[9] = 0;
	/* Protocol other than Ethernet, reserved byte after the VNI. */
	w16(buf + 10, 0x0800);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	w16(buf + 10, 0x6558);
	buf[15] = 1;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), -EINVAL);
	buf[15] = 0;
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, n, &t), CVSW_TUN_FRAME);
	n = mk_geneve(7, opts, 12, 14);
	truncations(CVSW_PORT_KIND_GENEVE, n);
}

static void test_nvgre(void)
{
	struct cvsw_tun_parsed t;
	size_t n = mk_nvgre(0xbeef01, 0x5a, 60);
	static const uint16_t bad_flags[] = {
		0x0000, 0x2001, 0xa000, 0x6000, 0x3000, 0x2080, 0x2800,
	};
	unsigned int i;

	EXPECT_EQ(parse(CVSW_PORT_KIND_NVGRE, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0xbeef01);
	EXPECT_EQ(t.inner_ofs, 8);
	/* Flags exactly K and version 0: no C, R, S, recursion, version. */
	for (i = 0; i < sizeof(bad_flags) / sizeof(bad_flags[0]); i++) {
		w16(buf, bad_flags[i]);
		EXPECT_EQ(parse(CVSW_PORT_KIND_NVGRE, n, &t), -EINVAL);
	}
	w16(buf, 0x2000);
	w16(buf + 2, 0x0800);
	EXPECT_EQ(parse(CVSW_PORT_KIND_NVGRE, n, &t), -EINVAL);
	n = mk_nvgre(1, 0, 14);
	truncations(CVSW_PORT_KIND_NVGRE, n);
}

static void test_stt(void)
{
	struct cvsw_tun_parsed t;
	size_t n;

	/* A whole frame in one segment. */
	n = mk_stt(18 + 100, 0, 18 + 100, 0x01020304);
	stt_hdr(buf + 20, CVSW_STT_F_CSUM_PARTIAL | CVSW_STT_F_IPV4 |
		CVSW_STT_F_TCP, 34, 1448, 0, 0x1122334455667788ULL);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0x1122334455667788ULL);
	EXPECT_EQ(t.inner_ofs, 38);
	EXPECT_EQ(t.stt_flags, 0x0e);
	EXPECT_EQ(t.stt_l4_ofs, 34);
	EXPECT_EQ(t.stt_mss, 1448);
	EXPECT(!t.stt_vlan);
	EXPECT_EQ(t.seg_id, 0x01020304);
	EXPECT_EQ(t.sport, 50000);
	/* The V bit and a tag. */
	stt_hdr(buf + 20, 0, 0, 0, 0x1000 | 0x2005, 9);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_FRAME);
	EXPECT(t.stt_vlan);
	EXPECT_EQ(t.stt_vlan_tci, 0x2005);
	/* Version 1. */
	buf[20] = 1;
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	buf[20] = 0;
	/* Partial checksum with the L4 header outside the inner frame. */
	stt_hdr(buf + 20, CVSW_STT_F_CSUM_PARTIAL | CVSW_STT_F_TCP, 90, 0, 0,
		1);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	stt_hdr(buf + 20, CVSW_STT_F_CSUM_PARTIAL | CVSW_STT_F_TCP, 82, 0, 0,
		1);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_FRAME);
	stt_hdr(buf + 20, CVSW_STT_F_CSUM_PARTIAL, 10, 0, 0, 1);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	/* Frame too short for the STT header and an Ethernet header. */
	n = mk_stt(18 + 13, 0, 18 + 13, 1);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);

	/* First segment of a 3000-byte frame. */
	n = mk_stt(3000, 0, 1400, 7);
	stt_hdr(buf + 20, 0, 0, 0, 0, 5);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_SEGMENT);
	EXPECT(t.first);
	EXPECT_EQ(t.frame_len, 3000);
	EXPECT_EQ(t.seg_rem, 3000);
	EXPECT_EQ(t.seg_len, 1400);
	EXPECT_EQ(t.seg_ofs, 20);
	/* A later one. */
	n = mk_stt(3000, 1400, 1400, 7);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_SEGMENT);
	EXPECT(!t.first);
	EXPECT_EQ(t.seg_rem, 1600);
	/* Beyond the frame: offset past its end, piece longer than left. */
	n = mk_stt(3000, 3000, 10, 7);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	n = mk_stt(3000, 2000, 1001, 7);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	/* No payload; a data offset below 5 or beyond the packet. */
	n = mk_stt(3000, 0, 0, 7);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	n = mk_stt(3000, 0, 100, 7);
	buf[12] = 4 << 4;
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), -EINVAL);
	buf[12] = 15 << 4;
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, 60, &t), -EINVAL);
	n = mk_stt(18 + 14, 0, 18 + 14, 1);
	stt_hdr(buf + 20, 0, 0, 0, 0, 1);
	truncations(CVSW_PORT_KIND_STT, n);
	/* The reassembled frame's header, parsed on its own. */
	stt_hdr(buf, CVSW_STT_F_CSUM_VERIFIED, 0, 0, 0, 42);
	memset(&t, 0, sizeof(t));
	EXPECT_EQ(cvsw_tun_parse_frame(CVSW_PORT_KIND_STT, buf, 100, 100, &t),
		  0);
	EXPECT_EQ(t.id, 42);
	EXPECT_EQ(t.inner_ofs, 18);
	EXPECT_EQ(cvsw_tun_parse_frame(CVSW_PORT_KIND_STT, buf, 17, 100, &t),
		  -EINVAL);
	EXPECT_EQ(cvsw_tun_parse_frame(CVSW_PORT_KIND_VXLAN, buf, 100, 100,
				       &t), -EINVAL);
}

static void test_sclp(void)
{
	struct cvsw_tun_parsed t;
	size_t n;

	/* A whole frame: VXLAN header and inner frame in one segment. */
	n = mk_sclp(0x12345, true, 8 + 60, 8 + 60);
	memset(buf + 12, 0, 8);
	buf[12] = 0x08;
	w32(buf + 16, 77u << 8);
	sclp_fix_csum(n);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 77);
	EXPECT_EQ(t.inner_ofs, 20);
	EXPECT_EQ(t.seg_id, 0x12345);
	EXPECT_EQ(t.sport, 45000);
	/* The checksum covers the header and the pseudo-header. */
	buf[1] ^= 1;
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	buf[1] ^= 1;
	EXPECT_EQ(cvsw_tun_parse(CVSW_PORT_KIND_SCLP, buf, n, n, be(SADDR + 1),
				 be(DADDR), &t), -EINVAL);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n - 1, &t), -EINVAL);
	/* Bad VXLAN header inside. */
	buf[12] = 0;
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	buf[12] = 0x08;

	/* First segment of a longer frame, and a later one. */
	n = mk_sclp(9, true, 3000, 1400);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), CVSW_TUN_SEGMENT);
	EXPECT(t.first);
	EXPECT_EQ(t.frame_len, 3000);
	EXPECT_EQ(t.seg_rem, 3000);
	EXPECT_EQ(t.seg_len, 1400);
	n = mk_sclp(9, false, 1600, 1400);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), CVSW_TUN_SEGMENT);
	EXPECT(!t.first);
	EXPECT_EQ(t.frame_len, 0);
	EXPECT_EQ(t.seg_rem, 1600);
	/* More payload than the frame has left; no payload at all. */
	n = mk_sclp(9, false, 100, 101);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	n = mk_sclp(9, true, 100, 0);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	n = mk_sclp(9, false, 0, 10);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	/* Whole frame too short for VXLAN and Ethernet. */
	n = mk_sclp(9, true, 8 + 13, 8 + 13);
	buf[12] = 0x08;
	sclp_fix_csum(n);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), -EINVAL);
	n = mk_sclp(9, true, 8 + 14, 8 + 14);
	memset(buf + 12, 0, 8);
	buf[12] = 0x08;
	sclp_fix_csum(n);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, n, &t), CVSW_TUN_FRAME);
	truncations(CVSW_PORT_KIND_SCLP, n);
}

static void test_kinds(void)
{
	struct cvsw_tun_parsed t;
	size_t n = mk_vxlan(1, 60);

	EXPECT_EQ(parse(CVSW_PORT_KIND_HOST, n, &t), -EINVAL);
	EXPECT_EQ(parse(CVSW_PORT_KIND_NET, n, &t), -EINVAL);
	EXPECT_EQ(parse(CVSW_PORT_KIND_MAX + 1, n, &t), -EINVAL);
	/* More readable than there is: a caller bug, refused. */
	EXPECT_EQ(cvsw_tun_parse(CVSW_PORT_KIND_VXLAN, buf, n, n - 1,
				 be(SADDR), be(DADDR), &t), -EINVAL);
}

/* Random corruption of good headers: no crash, no read out of bounds. */
static void test_random(void)
{
	uint64_t rng = 0x5eed;
	unsigned int iter, j, frames = 0;
	struct cvsw_tun_parsed t;
	uint8_t *copy;

	for (iter = 0; iter < tap_iters(100000) && !tap_cur_fail; iter++) {
		uint8_t kind = CVSW_PORT_KIND_VXLAN + pg_rand(&rng) % 5;
		size_t n, len;
		int r;

		switch (kind) {
		case CVSW_PORT_KIND_VXLAN:
			n = mk_vxlan(pg_rand(&rng) & 0xffffff, 20);
			break;
		case CVSW_PORT_KIND_GENEVE:
			n = mk_geneve(1, buf + 100, 4 * (pg_rand(&rng) % 4),
				      20);
			break;
		case CVSW_PORT_KIND_NVGRE:
			n = mk_nvgre(1, 2, 20);
			break;
		case CVSW_PORT_KIND_STT:
			n = mk_stt(60, 0, 60, 1);
			stt_hdr(buf + 20, (uint8_t)pg_rand(&rng),
				(uint8_t)pg_rand(&rng), 0, 0, 1);
			break;
		default:
			n = mk_sclp(1, true, 40, 40);
			buf[12] = 0x08;
			sclp_fix_csum(n);
			break;
		}
		for (j = pg_rand(&rng) % 4; j > 0; j--)
			buf[pg_rand(&rng) % n] ^= (uint8_t)(1 + pg_rand(&rng) %
							     255);
		len = pg_rand(&rng) % (n + 1);
		copy = malloc(len ? len : 1);
		memcpy(copy, buf, len);
		r = cvsw_tun_parse(kind, copy, len, len, be(SADDR), be(DADDR),
				   &t);
		EXPECT(r == CVSW_TUN_FRAME || r == CVSW_TUN_SEGMENT ||
		       r == -EINVAL || r == -EPROTO);
		if (r == CVSW_TUN_FRAME) {
			frames++;
			EXPECT(t.inner_ofs + 14u <= len);
		}
		free(copy);
	}
	EXPECT(frames > 0);
}

/* The transmit side's builders (tun_build.c) and these parsers agree. */
static void test_builders(void)
{
	struct cvsw_tun_parsed t;
	struct cvsw_tb_sclp sc = {
		.saddr = be(SADDR), .daddr = be(DADDR), .sport = 45000,
		.dport = 4789, .id = 0x2468, .first = true,
	};
	size_t n;

	cvsw_tb_udp(buf, 40000, 4789, 16 + 50);
	cvsw_tb_vxlan(buf + 8, 0xfedcba);
	inner(buf + 16, 50);
	EXPECT_EQ(parse(CVSW_PORT_KIND_VXLAN, 66, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0xfedcba);

	cvsw_tb_udp(buf, 40000, 6081, 16 + 50);
	cvsw_tb_geneve(buf + 8, 0x010203);
	EXPECT_EQ(parse(CVSW_PORT_KIND_GENEVE, 66, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0x010203);
	EXPECT_EQ(t.inner_ofs, 16);

	cvsw_tb_nvgre(buf, 0xabcdef, 0x42);
	inner(buf + 8, 50);
	EXPECT_EQ(parse(CVSW_PORT_KIND_NVGRE, 58, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0xabcdef);

	n = 20 + 18 + 100;
	cvsw_tb_stt_tcp(buf, 50000, 7471, (u32)(18 + 100) << 16, 99);
	cvsw_tb_stt(buf + 20, CVSW_STT_F_CSUM_PARTIAL | CVSW_STT_F_IPV4 |
		    CVSW_STT_F_TCP, 34, 1448, 0x1000 | 12, 0x0102030405060708ULL);
	inner(buf + 38, 100);
	EXPECT_EQ(parse(CVSW_PORT_KIND_STT, n, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 0x0102030405060708ULL);
	EXPECT_EQ(t.seg_id, 99);
	EXPECT_EQ(t.stt_mss, 1448);
	EXPECT_EQ(t.stt_l4_ofs, 34);
	EXPECT(t.stt_vlan);
	EXPECT_EQ(t.stt_vlan_tci, 12);

	/* SCLP: a whole frame, then the first of two segments. */
	sc.remaining = 8 + 60;
	sc.payload_len = 8 + 60;
	cvsw_tb_sclp(buf, &sc);
	cvsw_tb_vxlan(buf + 12, 321);
	inner(buf + 20, 60);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, 12 + 68, &t), CVSW_TUN_FRAME);
	EXPECT_EQ(t.id, 321);
	EXPECT_EQ(t.seg_id, 0x2468);
	sc.remaining = 3000;
	sc.payload_len = 1400;
	cvsw_tb_sclp(buf, &sc);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, 12 + 1400, &t), CVSW_TUN_SEGMENT);
	EXPECT_EQ(t.frame_len, 3000);
	sc.first = false;
	sc.remaining = 1600;
	cvsw_tb_sclp(buf, &sc);
	EXPECT_EQ(parse(CVSW_PORT_KIND_SCLP, 12 + 1400, &t), CVSW_TUN_SEGMENT);
	EXPECT_EQ(t.seg_rem, 1600);
	EXPECT(!t.first);
}

int main(void)
{
	tap_run("tun_parse: VXLAN", test_vxlan);
	tap_run("tun_parse: Geneve, options, critical options", test_geneve);
	tap_run("tun_parse: NVGRE flags", test_nvgre);
	tap_run("tun_parse: STT frames, segments, partial checksum", test_stt);
	tap_run("tun_parse: SCLP checksum, segments, VXLAN inside",
		test_sclp);
	tap_run("tun_parse: kinds without a parser", test_kinds);
	tap_run("tun_parse: random corruption stays in bounds", test_random);
	tap_run("tun_parse: what tun_build writes parses back", test_builders);
	return tap_done();
}
