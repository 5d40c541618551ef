/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * A growing byte buffer for building OpenFlow messages, and big-endian
 * readers for parsing them. A failed allocation makes the buffer "failed":
 * later writes are ignored, and the builder checks ofbuf.failed once at the
 * end instead of after every field.
 */
#ifndef CVSW_OFAGENT_OFBUF_H
#define CVSW_OFAGENT_OFBUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ofbuf {
	uint8_t *data;
	size_t len;
	size_t cap;
	bool failed;	/* an allocation failed: the contents are incomplete */
};

void ofbuf_init(struct ofbuf *b);
void ofbuf_free(struct ofbuf *b);
/* Empties the buffer, keeping its memory. */
void ofbuf_clear(struct ofbuf *b);
/* n zeroed bytes at the end; NULL (and failed) when out of memory. */
uint8_t *ofbuf_put_zeros(struct ofbuf *b, size_t n);
void ofbuf_put(struct ofbuf *b, const void *p, size_t n);
void ofbuf_put8(struct ofbuf *b, uint8_t v);
void ofbuf_put16(struct ofbuf *b, uint16_t v);
void ofbuf_put32(struct ofbuf *b, uint32_t v);
void ofbuf_put64(struct ofbuf *b, uint64_t v);
/* Overwrites a 16-bit field already written (message lengths). */
void ofbuf_set16(struct ofbuf *b, size_t off, uint16_t v);
/* Drops the first n bytes (a sent message). */
void ofbuf_pull(struct ofbuf *b, size_t n);

static inline uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static inline uint32_t rd32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	       (uint32_t)p[2] << 8 | p[3];
}

static inline uint64_t rd64(const uint8_t *p)
{
	return (uint64_t)rd32(p) << 32 | rd32(p + 4);
}

static inline void wr16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, (uint16_t)(v >> 16));
	wr16(p + 2, (uint16_t)v);
}

static inline void wr64(uint8_t *p, uint64_t v)
{
	wr32(p, (uint32_t)(v >> 32));
	wr32(p + 4, (uint32_t)v);
}

#endif /* CVSW_OFAGENT_OFBUF_H */
