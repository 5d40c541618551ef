// SPDX-License-Identifier: GPL-2.0-or-later
/* The PACKET_IN packet buffer (pktbuf.h). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pktbuf.h"

#define NO_BUFFER 0xffffffffu

void pktbuf_init(struct pktbuf *pb)
{
	memset(pb, 0, sizeof(*pb));
	pb->next = 1u << PKTBUF_BITS;	/* ids start at generation 1: never 0 */
}

void pktbuf_free(struct pktbuf *pb)
{
	for (unsigned i = 0; i < PKTBUF_N; i++)
		free(pb->e[i].data);
	pktbuf_init(pb);
}

uint32_t pktbuf_save(struct pktbuf *pb, uint16_t in_port, const uint8_t *data,
		     size_t len, double now)
{
	uint32_t id = pb->next;
	struct pktbuf_entry *e = &pb->e[id & (PKTBUF_N - 1)];
	uint8_t *copy;

	if (e->data && now - e->when <= PKTBUF_MAX_AGE)
		return NO_BUFFER;	/* never take back an id given out */
	copy = malloc(len ? len : 1);
	if (!copy)
		return NO_BUFFER;
	memcpy(copy, data, len);
	free(e->data);
	e->id = id;
	e->in_port = in_port;
	e->data = copy;
	e->len = len;
	e->when = now;
	pb->next++;
	/* skip generation 0 and the "no buffer" id when the counter wraps */
	if (pb->next >> PKTBUF_BITS == 0 || pb->next == NO_BUFFER)
		pb->next = 1u << PKTBUF_BITS;
	return id;
}

int pktbuf_take(struct pktbuf *pb, uint32_t id, double now, uint16_t *in_port,
		uint8_t **data, size_t *len)
{
	struct pktbuf_entry *e = &pb->e[id & (PKTBUF_N - 1)];

	if (e->id != id || !id)
		return -ENOENT;
	if (!e->data)
		return -EALREADY;
	if (now - e->when > PKTBUF_MAX_AGE) {
		free(e->data);
		e->data = NULL;
		return -ENOENT;
	}
	*in_port = e->in_port;
	*data = e->data;
	*len = e->len;
	e->data = NULL;
	return 0;
}
