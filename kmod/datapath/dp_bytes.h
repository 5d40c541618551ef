/* SPDX-License-Identifier: GPL-2.0 */
/*
 * CVSW datapath: unaligned big-endian loads and stores, one's complement
 * checksum arithmetic and the key hash of the CVSW datapath core.
 */
#ifndef CVSW_DP_BYTES_H
#define CVSW_DP_BYTES_H

#include "dp_compat.h"

static inline u16 cvsw_rd16(const u8 *p)
{
	return (u16)((p[0] << 8) | p[1]);
}

static inline u32 cvsw_rd32(const u8 *p)
{
	return ((u32)p[0] << 24) | ((u32)p[1] << 16) | ((u32)p[2] << 8) | p[3];
}

static inline u64 cvsw_rd64(const u8 *p)
{
	return ((u64)cvsw_rd32(p) << 32) | cvsw_rd32(p + 4);
}

static inline void cvsw_wr16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v & 0xff;
}

static inline void cvsw_wr32(u8 *p, u32 v)
{
	cvsw_wr16(p, v >> 16);
	cvsw_wr16(p + 2, v & 0xffff);
}

/* Fold a 32-bit one's complement sum to 16 bits (not complemented). */
static inline u16 cvsw_csum_fold(u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (u16)sum;
}

/*
 * Incremental update of a checksum field when the 32-bit quantity @from
 * becomes @to (RFC 1624, eqn. 3).  With @partial the field holds the
 * uncomplemented pseudo-header sum of a CHECKSUM_PARTIAL packet, as the
 * kernel's inet_proto_csum_replace4() treats it.
 */
static inline u16 cvsw_csum_replace32(u16 check, u32 from, u32 to,
				      bool partial)
{
	u32 sum = partial ? check : (u16)~check;

	sum += (u16)~(from >> 16);
	sum += (u16)~(from & 0xffff);
	sum += to >> 16;
	sum += to & 0xffff;
	return partial ? cvsw_csum_fold(sum) : (u16)~cvsw_csum_fold(sum);
}

static inline u16 cvsw_csum_replace16(u16 check, u16 from, u16 to,
				      bool partial)
{
	u32 sum = partial ? check : (u16)~check;

	sum += (u16)~from;
	sum += to;
	return partial ? cvsw_csum_fold(sum) : (u16)~cvsw_csum_fold(sum);
}

/*
 * The key hash (written for CVSW): one multiply per 64-bit word, then a
 * murmur3-style finaliser so that every input bit reaches every output bit.
 */
static inline u64 cvsw_hash_add(u64 h, u64 w)
{
	return (h ^ w) * 0x9e3779b97f4a7c15ULL;
}

static inline u32 cvsw_hash_finish(u64 h, u32 n_words)
{
	h ^= n_words;
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return (u32)h;
}

#endif /* CVSW_DP_BYTES_H */
