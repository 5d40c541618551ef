// SPDX-License-Identifier: GPL-2.0-or-later
/* The growing byte buffer of ofbuf.h. */
#include <stdlib.h>
#include <string.h>

#include "ofbuf.h"

void ofbuf_init(struct ofbuf *b)
{
	memset(b, 0, sizeof(*b));
}

void ofbuf_free(struct ofbuf *b)
{
	free(b->data);
	ofbuf_init(b);
}

void ofbuf_clear(struct ofbuf *b)
{
	b->len = 0;
	b->failed = false;
}

uint8_t *ofbuf_put_zeros(struct ofbuf *b, size_t n)
{
	uint8_t *p;

	if (b->failed)
		return NULL;
	if (b->len + n > b->cap) {
		size_t cap = b->cap ? b->cap : 256;

		while (cap < b->len + n)
			cap *= 2;
		p = realloc(b->data, cap);
		if (!p) {
			b->failed = true;
			return NULL;
		}
		b->data = p;
		b->cap = cap;
	}
	p = b->data + b->len;
	memset(p, 0, n);
	b->len += n;
	return p;
}

void ofbuf_put(struct ofbuf *b, const void *src, size_t n)
{
	uint8_t *p = ofbuf_put_zeros(b, n);

	if (p && n)
		memcpy(p, src, n);
}

void ofbuf_put8(struct ofbuf *b, uint8_t v)
{
	ofbuf_put(b, &v, 1);
}

void ofbuf_put16(struct ofbuf *b, uint16_t v)
{
	uint8_t *p = ofbuf_put_zeros(b, 2);

	if (p)
		wr16(p, v);
}

void ofbuf_put32(struct ofbuf *b, uint32_t v)
{
	uint8_t *p = ofbuf_put_zeros(b, 4);

	if (p)
		wr32(p, v);
}

void ofbuf_put64(struct ofbuf *b, uint64_t v)
{
	uint8_t *p = ofbuf_put_zeros(b, 8);

	if (p)
		wr64(p, v);
}

void ofbuf_set16(struct ofbuf *b, size_t off, uint16_t v)
{
	if (!b->failed && off + 2 <= b->len)
		wr16(b->data + off, v);
}

void ofbuf_pull(struct ofbuf *b, size_t n)
{
	if (n >= b->len) {
		b->len = 0;
		return;
	}
	memmove(b->data, b->data + n, b->len - n);
	b->len -= n;
}
