// SPDX-License-Identifier: GPL-2.0
/*
 * test_tun_build.c - the tunnel header builders (kmod/datapath/tun_build.c)
 * against the layouts of docs/tunnels.md and the RFCs, byte by byte, and
 * their checksums against an independent computation (32-bit words summed
 * in a 64-bit accumulator, and "sum over the header with its checksum is
 * 0xffff"), plus a published IPv4 header checksum.
 */
#include <string.h>

#include "tun_build.h"
#include "tap.h"

static const uint8_t SRC[4] = { 192, 0, 2, 1 };
static const uint8_t DST[4] = { 198, 51, 100, 7 };

static uint32_t be32v(const uint8_t a[4])
{
	uint32_t v;

	memcpy(&v, a, 4);
	return v;
}

/* RFC 1071 the other way round: 32-bit big-endian words, then fold. */
static uint16_t ref_csum(const uint8_t *const *parts, const size_t *lens,
			 int n)
{
	uint8_t buf[256];
	uint64_t s = 0;
	size_t len = 0, i;
	int k;

	for (k = 0; k < n; k++) {
		memcpy(buf + len, parts[k], lens[k]);
		len += lens[k];
	}
	while (len % 4)
		buf[len++] = 0;
	for (i = 0; i < len; i += 4)
		s += (uint64_t)buf[i] << 24 | (uint64_t)buf[i + 1] << 16 |
		     (uint64_t)buf[i + 2] << 8 | buf[i + 3];
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)rd16(p) << 16 | rd16(p + 2);
}

static void t_ipv4_known(void)
{
	/* The worked example header: checksum 0xb861. */
	static const uint8_t want[20] = {
		0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11,
		0xb8, 0x61, 0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
	};
	static const uint8_t s[4] = { 192, 168, 0, 1 }, d[4] = { 192, 168, 0, 199 };
	struct cvsw_tb_ip ip = {
		.saddr = be32v(s), .daddr = be32v(d), .tot_len = 0x73,
		.id = 0, .proto = 17, .tos = 0, .ttl = 64, .df = true,
	};
	uint8_t h[20];

	cvsw_tb_ipv4(h, &ip);
	EXPECT(!memcmp(h, want, sizeof(want)));
}

static void t_ipv4_fields(void)
{
	uint64_t rng = 88172645463325252ull;
	unsigned int i;

	for (i = 0; i < tap_iters(2000); i++) {
		struct cvsw_tb_ip ip;
		uint8_t h[20];
		const uint8_t *parts[1] = { h };
		size_t lens[1] = { 20 };

		rng ^= rng << 13; rng ^= rng >> 7; rng ^= rng << 17;
		ip.saddr = (uint32_t)rng;
		ip.daddr = (uint32_t)(rng >> 32);
		ip.tot_len = (uint16_t)(rng >> 8);
		ip.id = (uint16_t)(rng >> 24);
		ip.proto = (uint8_t)(rng >> 40);
		ip.tos = (uint8_t)(rng >> 48);
		ip.ttl = (uint8_t)(rng >> 56);
		ip.df = rng & 1;
		cvsw_tb_ipv4(h, &ip);
		EXPECT_EQ(h[0], 0x45);
		EXPECT_EQ(h[1], ip.tos);
		EXPECT_EQ(rd16(h + 2), ip.tot_len);
		EXPECT_EQ(rd16(h + 4), ip.id);
		EXPECT_EQ(rd16(h + 6), ip.df ? 0x4000 : 0);
		EXPECT_EQ(h[8], ip.ttl);
		EXPECT_EQ(h[9], ip.proto);
		EXPECT(!memcmp(h + 12, &ip.saddr, 4));
		EXPECT(!memcmp(h + 16, &ip.daddr, 4));
		/* A valid header sums to 0xffff: the reference gives 0. */
		EXPECT_EQ(ref_csum(parts, lens, 1), 0);
	}
}

static void t_udp_vxlan(void)
{
	uint8_t h[16];

	memset(h, 0xa5, sizeof(h));
	cvsw_tb_udp(h, 50000, 4789, 1234);
	cvsw_tb_vxlan(h + 8, 0xabcdef);
	EXPECT_EQ(rd16(h), 50000);
	EXPECT_EQ(rd16(h + 2), 4789);
	EXPECT_EQ(rd16(h + 4), 1234);
	EXPECT_EQ(rd16(h + 6), 0);		/* no checksum */
	/* RFC 7348 5: flags 0x08 then 24 reserved bits, VNI, 8 reserved. */
	EXPECT_EQ(rd32(h + 8), 0x08000000);
	EXPECT_EQ(rd32(h + 12), 0xabcdef00);
	cvsw_tb_vxlan(h + 8, 0x1abcdef);	/* only 24 bits go out */
	EXPECT_EQ(rd32(h + 12), 0xabcdef00);
}

static void t_geneve(void)
{
	uint8_t h[8];

	memset(h, 0xa5, sizeof(h));
	cvsw_tb_geneve(h, 0x123456);
	/* RFC 8926 3.4: Ver 0, Opt Len 0, O 0, C 0, Rsvd 0; 0x6558. */
	EXPECT_EQ(h[0], 0);
	EXPECT_EQ(h[1], 0);
	EXPECT_EQ(rd16(h + 2), 0x6558);
	EXPECT_EQ(rd32(h + 4), 0x12345600);
}

static void t_nvgre(void)
{
	uint8_t h[8];

	memset(h, 0xa5, sizeof(h));
	cvsw_tb_nvgre(h, 0xfedcba, 0x42);
	/* RFC 7637 3.2: C=0, K=1, S=0, version 0; 0x6558; VSID, FlowID. */
	EXPECT_EQ(rd16(h), 0x2000);
	EXPECT_EQ(rd16(h + 2), 0x6558);
	EXPECT_EQ(rd32(h + 4), 0xfedcba42);
}

static void t_stt(void)
{
	uint8_t t[20], s[18];

	memset(t, 0xa5, sizeof(t));
	memset(s, 0xa5, sizeof(s));
	cvsw_tb_stt_tcp(t, 40000, 7471, 0x05dc0000, 0xdeadbeef);
	EXPECT_EQ(rd16(t), 40000);
	EXPECT_EQ(rd16(t + 2), 7471);
	EXPECT_EQ(rd32(t + 4), 0x05dc0000);
	EXPECT_EQ(rd32(t + 8), 0xdeadbeef);
	EXPECT_EQ(t[12], 0x50);			/* data offset 5 words */
	EXPECT_EQ(t[13], 0x18);			/* ACK | PSH */
	EXPECT_EQ(rd16(t + 14), 0xffff);
	EXPECT_EQ(rd16(t + 16), 0);
	EXPECT_EQ(rd16(t + 18), 0);

	cvsw_tb_stt(s, CVSW_STT_F_CSUM_PARTIAL | CVSW_STT_F_IPV4 |
		       CVSW_STT_F_TCP, 34, 1448, 0x1064,
		    0x0102030405060708ull);
	EXPECT_EQ(s[0], 0);			/* version */
	EXPECT_EQ(s[1], 0x0e);
	EXPECT_EQ(s[2], 34);
	EXPECT_EQ(s[3], 0);
	EXPECT_EQ(rd16(s + 4), 1448);
	EXPECT_EQ(rd16(s + 6), 0x1064);
	EXPECT_EQ(rd32(s + 8), 0x01020304);
	EXPECT_EQ(rd32(s + 12), 0x05060708);
	EXPECT_EQ(rd16(s + 16), 0);		/* padding */
}

static void t_sclp(void)
{
	uint8_t h[12], ph[12];
	struct cvsw_tb_sclp p = {
		.saddr = be32v(SRC), .daddr = be32v(DST), .sport = 33333,
		.dport = 4789, .id = 0x7654321, .first = true,
		.remaining = 9000, .payload_len = 1468,
	};
	const uint8_t *parts[2] = { ph, h };
	size_t lens[2] = { 12, 12 };

	cvsw_tb_sclp(h, &p);
	EXPECT_EQ(rd16(h), 33333);
	EXPECT_EQ(rd16(h + 2), 4789);
	EXPECT_EQ(rd32(h + 4), 0x7654321u << 1 | 1);
	EXPECT_EQ(rd16(h + 8), 9000);
	/* Pseudo-header: addresses, 0, 234, SCLP length (12 + payload). */
	memcpy(ph, SRC, 4);
	memcpy(ph + 4, DST, 4);
	ph[8] = 0;
	ph[9] = 234;
	ph[10] = (12 + 1468) >> 8;
	ph[11] = (12 + 1468) & 0xff;
	EXPECT_EQ(ref_csum(parts, lens, 2), 0);

	p.first = false;
	p.id = 0xffffffff;			/* 31 bits go out */
	p.remaining = 100;
	p.payload_len = 100;
	cvsw_tb_sclp(h, &p);
	EXPECT_EQ(rd32(h + 4), 0xfffffffe);
	EXPECT_EQ(rd16(h + 8), 100);
	ph[10] = 0;
	ph[11] = 112;
	EXPECT_EQ(ref_csum(parts, lens, 2), 0);
	h[9] ^= 1;				/* a changed header fails */
	EXPECT(ref_csum(parts, lens, 2) != 0);
}

static void t_pseudo_sum(void)
{
	uint8_t ph[12], seg[40];
	const uint8_t *parts[2] = { ph, seg };
	size_t lens[2] = { 12, sizeof(seg) };
	uint32_t sum;
	int i;

	for (i = 0; i < (int)sizeof(seg); i++)
		seg[i] = (uint8_t)(i * 37 + 11);
	seg[16] = seg[17] = 0;
	memcpy(ph, SRC, 4);
	memcpy(ph + 4, DST, 4);
	ph[8] = 0;
	ph[9] = 6;
	ph[10] = 0;
	ph[11] = sizeof(seg);
	sum = cvsw_tb_pseudo_sum(be32v(SRC), be32v(DST), 6, sizeof(seg));
	sum = cvsw_tb_sum(sum, seg, sizeof(seg));
	EXPECT_EQ(cvsw_tb_fold(sum), ref_csum(parts, lens, 2));
	/* An odd length pads with zero. */
	EXPECT_EQ(cvsw_tb_fold(cvsw_tb_sum(0, (const uint8_t *)"\x12\x34\x56", 3)),
		  (uint16_t)~(0x1234 + 0x5600));
}

static void t_src_port(void)
{
	uint32_t h;

	EXPECT_EQ(cvsw_tb_src_port(0), 32768);
	EXPECT_EQ(cvsw_tb_src_port(0xffffffff), 60999);
	for (h = 1; h < 0xfff00000u; h += 0x00f0f0f1u) {
		uint16_t p = cvsw_tb_src_port(h);

		EXPECT(p >= 32768 && p <= 60999);
	}
	EXPECT(cvsw_tb_src_port(0x12345678) != cvsw_tb_src_port(0x87654321));
}

int main(void)
{
	tap_run("tun_build: IPv4 header, published checksum example", t_ipv4_known);
	tap_run("tun_build: IPv4 fields and checksum, random headers", t_ipv4_fields);
	tap_run("tun_build: UDP + VXLAN (RFC 7348)", t_udp_vxlan);
	tap_run("tun_build: Geneve (RFC 8926)", t_geneve);
	tap_run("tun_build: NVGRE (RFC 7637)", t_nvgre);
	tap_run("tun_build: STT TCP-like and frame header", t_stt);
	tap_run("tun_build: SCLP header and checksum", t_sclp);
	tap_run("tun_build: pseudo-header sum, odd lengths", t_pseudo_sum);
	tap_run("tun_build: entropy source port range", t_src_port);
	return tap_done();
}
