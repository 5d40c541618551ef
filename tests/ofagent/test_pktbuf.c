// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The PACKET_IN buffer (ofagent/pktbuf.c): ids are taken once, a reused
 * slot's old id is unknown, packets age out, and a flood never takes back
 * an id a controller may still use (the packet goes unbuffered instead).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuf.h"
#include "tap.h"

#define NO_BUFFER 0xffffffffu

static struct pktbuf pb;
static uint32_t ids[PKTBUF_N];

static int take(uint32_t id, double now, uint16_t *port, size_t *len, uint8_t *first)
{
	uint8_t *data;
	int r = pktbuf_take(&pb, id, now, port, &data, len);

	if (!r) {
		*first = *len ? data[0] : 0;
		free(data);
	}
	return r;
}

static void test_take(void)
{
	uint8_t pkt[60] = { 0xab };
	uint16_t port;
	size_t len;
	uint8_t first = 0xff;
	uint32_t id;

	pktbuf_init(&pb);
	id = pktbuf_save(&pb, 7, pkt, sizeof(pkt), 100.0);
	EXPECT(id != NO_BUFFER && id != 0);
	EXPECT_EQ(take(id, 100.5, &port, &len, &first), 0);
	EXPECT(port == 7 && len == sizeof(pkt) && first == 0xab);
	EXPECT_EQ(take(id, 100.5, &port, &len, &first), -EALREADY);
	EXPECT_EQ(take(id ^ 1, 100.5, &port, &len, &first), -ENOENT);
	EXPECT_EQ(take(0, 100.5, &port, &len, &first), -ENOENT);
	/* an empty packet is a packet too */
	id = pktbuf_save(&pb, 1, pkt, 0, 100.0);
	EXPECT(id != NO_BUFFER);
	EXPECT_EQ(take(id, 100.0, &port, &len, &first), 0);
	EXPECT_EQ(len, 0);
	pktbuf_free(&pb);
}

static void test_age(void)
{
	uint8_t pkt[1] = { 1 };
	uint16_t port;
	size_t len;
	uint8_t first = 0xff;
	uint32_t id;

	pktbuf_init(&pb);
	id = pktbuf_save(&pb, 1, pkt, 1, 10.0);
	EXPECT_EQ(take(id, 10.0 + PKTBUF_MAX_AGE + 0.1, &port, &len, &first), -ENOENT);
	pktbuf_free(&pb);
}

static void test_flood(void)
{
	uint8_t pkt[64];
	uint16_t port;
	size_t len;
	uint8_t first = 0xff;
	uint32_t id;
	unsigned i;

	pktbuf_init(&pb);
	for (i = 0; i < PKTBUF_N; i++) {
		pkt[0] = (uint8_t)i;
		ids[i] = pktbuf_save(&pb, 1, pkt, sizeof(pkt), 1.0);
		EXPECT(ids[i] != NO_BUFFER);
	}
	/* full of live packets: the next one is not buffered ... */
	EXPECT_EQ(pktbuf_save(&pb, 1, pkt, sizeof(pkt), 2.0), NO_BUFFER);
	/* ... and every id given out still works */
	EXPECT_EQ(take(ids[0], 2.0, &port, &len, &first), 0);
	EXPECT_EQ(first, 0);
	/* the slot taken is reused, under a new id */
	id = pktbuf_save(&pb, 1, pkt, sizeof(pkt), 2.0);
	EXPECT(id != NO_BUFFER && id != ids[0]);
	EXPECT_EQ(take(ids[0], 2.0, &port, &len, &first), -ENOENT);
	EXPECT_EQ(take(ids[PKTBUF_N - 1], 2.0, &port, &len, &first), 0);
	EXPECT_EQ(first, (uint8_t)(PKTBUF_N - 1));
	/* slot 1 is next and still live until its packet ages out */
	EXPECT_EQ(pktbuf_save(&pb, 1, pkt, sizeof(pkt), 1.0 + PKTBUF_MAX_AGE), NO_BUFFER);
	id = pktbuf_save(&pb, 1, pkt, sizeof(pkt), 1.1 + PKTBUF_MAX_AGE);
	EXPECT(id != NO_BUFFER);
	EXPECT_EQ(take(ids[1], 1.1 + PKTBUF_MAX_AGE, &port, &len, &first), -ENOENT);
	pktbuf_free(&pb);
}

int main(void)
{
	tap_run("pktbuf: take once, unknown and used ids", test_take);
	tap_run("pktbuf: packets age out", test_age);
	tap_run("pktbuf: a flood never reuses a live id", test_flood);
	return tap_done();
}
