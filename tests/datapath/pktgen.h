/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pktgen.h - test packet builder for the datapath tests: Ethernet with
 * VLAN tags, ARP, IPv4 (options, fragments), IPv6 (extension headers),
 * TCP/UDP/ICMP/GRE/SCLP and the five tunnel headers, with correct
 * checksums computed from scratch.
 */
#ifndef CVSW_TEST_PKTGEN_H
#define CVSW_TEST_PKTGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pg_l3 { PG_L3_NONE, PG_L3_IPV4, PG_L3_IPV6, PG_L3_ARP };

enum pg_tun { PG_TUN_NONE, PG_TUN_VXLAN, PG_TUN_GENEVE, PG_TUN_NVGRE,
	      PG_TUN_STT, PG_TUN_VXLAN_SCLP };

struct pg_spec {
	uint8_t dst[6], src[6];
	int ntags;
	uint16_t tpid[2], tci[2];
	uint16_t ethertype;		/* used when l3 == PG_L3_NONE */
	enum pg_l3 l3;
	uint8_t tos;
	uint8_t proto;			/* IP protocol / final IPv6 next header */
	uint8_t ttl;
	uint32_t nw_src, nw_dst;	/* host order */
	int ip_opt_len;			/* IPv4 options, multiple of 4, <= 40 */
	uint16_t frag;			/* IPv4 flags+offset field (host order) */
	uint8_t v6src[16], v6dst[16];
	int n_ext;			/* IPv6 extension headers */
	uint8_t ext[4];			/* their types: 0, 43, 44, 60, 51 */
	uint16_t v6_frag_off;		/* fragment header offset field */
	uint16_t arp_op;
	uint16_t sport, dport;
	uint8_t icmp_type, icmp_code;
	bool udp_no_csum;		/* UDP checksum 0 */
	uint32_t tcp_seq;
	enum pg_tun tun;
	uint64_t tun_id;
	int geneve_opt_words;
	bool gre_csum, gre_seq;
	uint32_t sclp_id;
	int payload_len;		/* bytes after L4 / tunnel header */
	uint8_t payload_seed;
};

struct pg_ofs {
	size_t l3, l4, tun, inner, len;
};

void pg_default(struct pg_spec *s);
size_t pg_build(const struct pg_spec *s, uint8_t *buf, size_t cap,
		struct pg_ofs *o);

/* Checksums. */
uint32_t pg_sum(const uint8_t *p, size_t n, uint32_t sum);
uint16_t pg_fold(uint32_t sum);
uint16_t pg_ipv4_hdr_csum(const uint8_t *ip);
/* Sum of the IPv4 pseudo-header (addresses, protocol, L4 length). */
uint32_t pg_pseudo_sum(const uint8_t *ip, uint16_t l4len);
/* Full checksum of the L4 segment (check field treated as zero). */
uint16_t pg_l4_csum(const uint8_t *ip, const uint8_t *l4, uint16_t l4len,
		    int csum_ofs);
uint32_t pg_rand(uint64_t *state);

#endif /* CVSW_TEST_PKTGEN_H */
