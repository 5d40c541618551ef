// SPDX-License-Identifier: GPL-2.0
/*
 * pktgen.c - test packet builder (see pktgen.h).
 */
#include "pktgen.h"

#include <string.h>

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

uint32_t pg_rand(uint64_t *state)
{
	uint64_t x = *state;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*state = x;
	return (uint32_t)(x >> 16);
}

uint32_t pg_sum(const uint8_t *p, size_t n, uint32_t sum)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return sum;
}

uint16_t pg_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint16_t pg_ipv4_hdr_csum(const uint8_t *ip)
{
	size_t ihl = (size_t)(ip[0] & 15) * 4;
	uint32_t sum = pg_sum(ip, 10, 0);

	sum = pg_sum(ip + 12, ihl - 12, sum);
	return (uint16_t)~pg_fold(sum);
}

uint32_t pg_pseudo_sum(const uint8_t *ip, uint16_t l4len)
{
	uint32_t sum = pg_sum(ip + 12, 8, 0);

	sum += ip[9];
	sum += l4len;
	return pg_fold(sum);
}

uint16_t pg_l4_csum(const uint8_t *ip, const uint8_t *l4, uint16_t l4len,
		    int csum_ofs)
{
	uint32_t sum = pg_pseudo_sum(ip, l4len);

	sum = pg_sum(l4, (size_t)csum_ofs, sum);
	sum = pg_sum(l4 + csum_ofs + 2, (size_t)l4len - csum_ofs - 2, sum);
	return (uint16_t)~pg_fold(sum);
}

void pg_default(struct pg_spec *s)
{
	static const uint8_t dst[6] = { 0x02, 0, 0, 0, 0, 0x02 };
	static const uint8_t src[6] = { 0x02, 0, 0, 0, 0, 0x01 };

	memset(s, 0, sizeof(*s));
	memcpy(s->dst, dst, 6);
	memcpy(s->src, src, 6);
	s->l3 = PG_L3_IPV4;
	s->proto = 6;
	s->ttl = 64;
	s->nw_src = 0x0a000001;
	s->nw_dst = 0x0a000002;
	s->sport = 1234;
	s->dport = 80;
	s->v6src[0] = 0x20;
	s->v6src[15] = 1;
	s->v6dst[0] = 0x20;
	s->v6dst[15] = 2;
	s->payload_len = 16;
}

/* Tunnel header (and a small inner frame) at p; returns its length. */
static size_t put_tunnel_hdr(const struct pg_spec *s, uint8_t *p)
{
	size_t n = 0;
	int i;

	switch (s->tun) {
	case PG_TUN_VXLAN:
	case PG_TUN_VXLAN_SCLP:
		memset(p, 0, 8);
		p[0] = 0x08;
		w32(p + 4, (uint32_t)(s->tun_id << 8));
		return 8;
	case PG_TUN_GENEVE:
		memset(p, 0, 8);
		p[0] = (uint8_t)s->geneve_opt_words;
		w16(p + 2, 0x6558);
		w32(p + 4, (uint32_t)(s->tun_id << 8));
		n = 8;
		for (i = 0; i < s->geneve_opt_words * 4; i++)
			p[n++] = (uint8_t)(0xa0 + i);
		return n;
	case PG_TUN_STT:
		memset(p, 0, 18);
		p[2] = 0;	/* l4 offset */
		w32(p + 8, (uint32_t)(s->tun_id >> 32));
		w32(p + 12, (uint32_t)s->tun_id);
		return 18;
	default:
		return 0;
	}
}

static size_t put_l4(const struct pg_spec *s, uint8_t *p, struct pg_ofs *o,
		     size_t base)
{
	size_t n = 0, t;
	int i;

	o->l4 = base;
	switch (s->proto) {
	case 6:
		memset(p, 0, 20);
		w16(p, s->sport);
		w16(p + 2, s->dport);
		w32(p + 4, s->tcp_seq);
		p[12] = 5 << 4;
		p[13] = 0x18;
		w16(p + 14, 8192);
		n = 20;
		break;
	case 17:
		memset(p, 0, 8);
		w16(p, s->sport);
		w16(p + 2, s->dport);
		n = 8;
		break;
	case 1:
	case 58:
		memset(p, 0, 8);
		p[0] = s->icmp_type;
		p[1] = s->icmp_code;
		n = 8;
		break;
	case 47:
		memset(p, 0, 16);
		w16(p, 0x2000 | (s->gre_csum ? 0x8000 : 0) |
		       (s->gre_seq ? 0x1000 : 0));
		w16(p + 2, 0x6558);
		n = 4;
		if (s->gre_csum)
			n += 4;
		w32(p + n, (uint32_t)(s->tun_id << 8) | 0x5a);
		n += 4;
		if (s->gre_seq)
			n += 4;
		break;
	case 234:
		memset(p, 0, 12);
		w16(p, s->sport);
		w16(p + 2, s->dport);
		w32(p + 4, s->sclp_id);
		n = 12;
		break;
	default:
		break;
	}
	if (s->tun != PG_TUN_NONE) {
		o->tun = base + n;
		if (s->tun == PG_TUN_NVGRE)
			o->tun = base;
		t = put_tunnel_hdr(s, p + n);
		n += t;
		o->inner = base + n;
	}
	for (i = 0; i < s->payload_len; i++)
		p[n++] = (uint8_t)(s->payload_seed + i * 7);
	return n;
}

static void fix_l4_csum(const struct pg_spec *s, uint8_t *ip, uint8_t *l4,
			size_t l4len)
{
	uint16_t c;

	if (s->proto == 6) {
		c = pg_l4_csum(ip, l4, (uint16_t)l4len, 16);
		w16(l4 + 16, c);
	} else if (s->proto == 17) {
		w16(l4 + 4, (uint16_t)l4len);
		if (s->udp_no_csum)
			return;
		c = pg_l4_csum(ip, l4, (uint16_t)l4len, 6);
		w16(l4 + 6, c ? c : 0xffff);
	} else if (s->proto == 1) {
		w16(l4 + 2, 0);
		w16(l4 + 2, (uint16_t)~pg_fold(pg_sum(l4, l4len, 0)));
	}
}

size_t pg_build(const struct pg_spec *s, uint8_t *buf, size_t cap,
		struct pg_ofs *o)
{
	uint8_t tmp[4096];
	struct pg_ofs dummy;
	size_t n = 12, l4len, ihl, i, cur;
	uint8_t *ip;
	int k;

	if (!o)
		o = &dummy;
	memset(o, 0, sizeof(*o));
	memset(tmp, 0, sizeof(tmp));
	memcpy(tmp, s->dst, 6);
	memcpy(tmp + 6, s->src, 6);
	for (k = 0; k < s->ntags; k++) {
		w16(tmp + n, s->tpid[k]);
		w16(tmp + n + 2, s->tci[k]);
		n += 4;
	}
	switch (s->l3) {
	case PG_L3_IPV4:
		w16(tmp + n, 0x0800);
		n += 2;
		o->l3 = n;
		ip = tmp + n;
		ihl = 20 + (size_t)s->ip_opt_len;
		ip[0] = 0x40 | (uint8_t)(ihl / 4);
		ip[1] = s->tos;
		w16(ip + 4, 0x1234);
		w16(ip + 6, s->frag);
		ip[8] = s->ttl;
		ip[9] = s->proto;
		w32(ip + 12, s->nw_src);
		w32(ip + 16, s->nw_dst);
		for (i = 20; i < ihl; i++)
			ip[i] = 1;	/* NOP options */
		if (s->frag & 0x1fff) {
			l4len = (size_t)s->payload_len;
			for (i = 0; i < l4len; i++)
				ip[ihl + i] = (uint8_t)(s->payload_seed + i);
			o->l4 = 0;
		} else {
			l4len = put_l4(s, ip + ihl, o, n + ihl);
			fix_l4_csum(s, ip, ip + ihl, l4len);
		}
		w16(ip + 2, (uint16_t)(ihl + l4len));
		w16(ip + 10, pg_ipv4_hdr_csum(ip));
		n += ihl + l4len;
		break;
	case PG_L3_IPV6:
		w16(tmp + n, 0x86dd);
		n += 2;
		o->l3 = n;
		ip = tmp + n;
		ip[0] = 0x60 | (s->tos >> 4);
		ip[1] = (uint8_t)(s->tos << 4);
		ip[7] = s->ttl;
		memcpy(ip + 8, s->v6src, 16);
		memcpy(ip + 24, s->v6dst, 16);
		cur = 40;
		ip[6] = s->n_ext ? s->ext[0] : s->proto;
		for (k = 0; k < s->n_ext; k++) {
			uint8_t next = k + 1 < s->n_ext ? s->ext[k + 1] :
							  s->proto;
			uint8_t *e = ip + cur;

			memset(e, 0, 16);
			e[0] = next;
			if (s->ext[k] == 44) {
				w16(e + 2, s->v6_frag_off);
				cur += 8;
			} else if (s->ext[k] == 51) {
				e[1] = 2;	/* (2 + 2) * 4 = 16 bytes */
				cur += 16;
			} else {
				e[1] = 1;	/* 16 bytes */
				cur += 16;
			}
		}
		l4len = put_l4(s, ip + cur, o, n + cur);
		w16(ip + 4, (uint16_t)(cur - 40 + l4len));
		n += cur + l4len;
		break;
	case PG_L3_ARP:
		w16(tmp + n, 0x0806);
		n += 2;
		o->l3 = n;
		ip = tmp + n;
		w16(ip, 1);
		w16(ip + 2, 0x0800);
		ip[4] = 6;
		ip[5] = 4;
		w16(ip + 6, s->arp_op);
		memcpy(ip + 8, s->src, 6);
		w32(ip + 14, s->nw_src);
		w32(ip + 24, s->nw_dst);
		n += 28;
		break;
	default:
		w16(tmp + n, s->ethertype);
		n += 2;
		o->l3 = n;
		for (k = 0; k < s->payload_len; k++)
			tmp[n++] = (uint8_t)k;
		break;
	}
	if (n > cap)
		n = cap;
	memcpy(buf, tmp, n);
	o->len = n;
	return n;
}
