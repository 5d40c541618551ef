/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The packet buffer behind PACKET_IN buffer ids: a ring of PKTBUF_N
 * packets. An id holds the slot in its low bits and a generation above,
 * so an id whose slot was reused, or whose packet aged out, is unknown
 * (OFPBRC_BUFFER_UNKNOWN) and one already used is empty
 * (OFPBRC_BUFFER_EMPTY). Memory is bounded by PKTBUF_N packets.
 *
 * A slot is only reused once its packet was taken or aged out: an id a
 * controller was given stays good for PKTBUF_MAX_AGE. When the next slot
 * is still live (a flood faster than the controller answers), the packet
 * is not buffered and its packet-in carries the whole packet instead.
 */
#ifndef CVSW_OFAGENT_PKTBUF_H
#define CVSW_OFAGENT_PKTBUF_H

#include <stddef.h>
#include <stdint.h>

#define PKTBUF_N	256
#define PKTBUF_BITS	8
#define PKTBUF_MAX_AGE	5.0	/* seconds a packet stays usable */

struct pktbuf_entry {
	uint32_t id;		/* 0: never used */
	uint16_t in_port;
	uint8_t *data;		/* NULL once used */
	size_t len;
	double when;
};

struct pktbuf {
	struct pktbuf_entry e[PKTBUF_N];
	uint32_t next;		/* generation << PKTBUF_BITS | slot */
};

void pktbuf_init(struct pktbuf *pb);
void pktbuf_free(struct pktbuf *pb);
/* Keeps a copy; returns its buffer id, or 0xffffffff (no buffer) when the
 * next slot is still live or out of memory. */
uint32_t pktbuf_save(struct pktbuf *pb, uint16_t in_port, const uint8_t *data,
		     size_t len, double now);
/* Takes the packet of `id` (the caller frees *data): 0, -ENOENT (unknown
 * or aged out) or -EALREADY (already used). */
int pktbuf_take(struct pktbuf *pb, uint32_t id, double now, uint16_t *in_port,
		uint8_t **data, size_t *len);

#endif /* CVSW_OFAGENT_PKTBUF_H */
