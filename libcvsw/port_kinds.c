/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The port kinds of the uapi (enum cvsw_port_kind): one descriptor each,
 * indexed by the kind, with its name and what its tunnel parameters may
 * be. The tunnel kinds' wire constants live in kmod/datapath/tunnel_hdr.c;
 * tests/libcvsw/test_tunnel.c checks this table against that one.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "ports.h"

const struct cvswi_port_kind cvswi_port_kinds[] = {
	[CVSW_PORT_KIND_HOST] = { "host", false, 0, false, false },
	[CVSW_PORT_KIND_NET] = { "net", false, 0, false, false },
	[CVSW_PORT_KIND_VXLAN] = { "vxlan", true, 24, true, false },
	[CVSW_PORT_KIND_NVGRE] = { "nvgre", true, 24, false, true },
	[CVSW_PORT_KIND_GENEVE] = { "geneve", true, 24, true, false },
	[CVSW_PORT_KIND_STT] = { "stt", true, 64, true, false },
	[CVSW_PORT_KIND_SCLP] = { "sclp", true, 24, true, false },
};
static_assert(sizeof(cvswi_port_kinds) / sizeof(cvswi_port_kinds[0]) ==
	      __CVSW_PORT_KIND_MAX, "a port kind of kmod/uapi/cvsw.h has no descriptor");

const struct cvswi_port_kind *cvswi_port_kind(unsigned kind)
{
	return kind <= CVSW_PORT_KIND_MAX ? &cvswi_port_kinds[kind] : NULL;
}

const char *cvsw_port_kind_name(unsigned kind)
{
	const struct cvswi_port_kind *k = cvswi_port_kind(kind);

	return k ? k->name : NULL;
}

int cvsw_port_kind_from_name(const char *name)
{
	for (unsigned k = 0; k <= CVSW_PORT_KIND_MAX; k++)
		if (!strcmp(name, cvswi_port_kinds[k].name))
			return (int)k;
	return -EINVAL;
}

bool cvsw_port_kind_is_tunnel(unsigned kind)
{
	const struct cvswi_port_kind *k = cvswi_port_kind(kind);

	return k && k->tunnel;
}
