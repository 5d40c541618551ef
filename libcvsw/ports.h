/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal interfaces of the ports: kinds (port_kinds.c), the netlink
 * form of a port (nl_port.c). */
#ifndef LIBCVSW_PORTS_H
#define LIBCVSW_PORTS_H

#include <stdbool.h>
#include <stdint.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "cvsw.h"

/* What a port kind is, and which tunnel parameters it takes. */
struct cvswi_port_kind {
	const char *name;
	bool tunnel;		/* added by PORT_NEW */
	uint8_t key_bits;	/* width of the tunnel id */
	bool dst_port;		/* has a destination port (not NVGRE) */
	bool flowid;		/* has a FlowID (NVGRE) */
};

/* Indexed by enum cvsw_port_kind. */
extern const struct cvswi_port_kind cvswi_port_kinds[];
/* The descriptor of a kind, NULL when out of range. */
const struct cvswi_port_kind *cvswi_port_kind(unsigned kind);

/* What cvswi_port_msg() puts in CVSW_A_PORT. */
enum {
	PORT_PUT_ID	= 1u << 0,	/* PORT_NO if set, NAME if set */
	PORT_PUT_CONFIG	= 1u << 1,	/* kind and tunnel parameters */
};

/* A port request (PORT_NEW/DEL/GET): genl header, device, CVSW_A_PORT
 * with what `what` says; socket-free for tests. dump: NLM_F_DUMP and no
 * CVSW_A_PORT. 0 or a negative errno. */
int cvswi_port_msg(int family, uint8_t cmd, const char *dev,
		   const struct cvsw_port *port, unsigned what, bool dump,
		   struct nl_msg **out);
/* CVSW_A_PORT nest of a reply into *p (zeroed first). */
int cvswi_parse_port_attr(struct nlattr *nest, struct cvsw_port *p);

#endif
