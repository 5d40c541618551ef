/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Names of the uapi's enum values, for the shell, the agent and the docs.
 * Each table is indexed by the uapi enum itself; the static_asserts trip
 * when kmod/uapi/cvsw.h grows a value that has no name here.
 */
#include <assert.h>
#include <errno.h>
#include <string.h>

#include "cvsw.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const char *const offload_names[] = {
	[CVSW_OFFLOAD_A_RX_CSUM] = "rx_csum",
	[CVSW_OFFLOAD_A_TX_CSUM] = "tx_csum",
	[CVSW_OFFLOAD_A_SG] = "sg",
	[CVSW_OFFLOAD_A_TSO] = "tso",
	[CVSW_OFFLOAD_A_GSO] = "gso",
	[CVSW_OFFLOAD_A_GRO] = "gro",
	[CVSW_OFFLOAD_A_GRO_HW] = "gro_hw",
};
static_assert(N_ELEM(offload_names) == __CVSW_OFFLOAD_A_MAX,
	      "an offload of kmod/uapi/cvsw.h has no name");

static const char *const miss_names[] = {
	[CVSW_MISS_NORMAL] = "normal",
	[CVSW_MISS_DROP] = "drop",
	[CVSW_MISS_CONTROLLER] = "controller",
};
static_assert(N_ELEM(miss_names) == __CVSW_MISS_MAX,
	      "a miss policy of kmod/uapi/cvsw.h has no name");

static const char *const packet_in_reasons[] = {
	[CVSW_PIN_NO_MATCH] = "no_match",
	[CVSW_PIN_ACTION] = "action",
};
static_assert(N_ELEM(packet_in_reasons) == CVSW_PIN_ACTION + 1,
	      "a packet-in reason has no name");

static const char *const flow_removed_reasons[] = {
	[CVSW_FRR_IDLE_TIMEOUT] = "idle_timeout",
	[CVSW_FRR_HARD_TIMEOUT] = "hard_timeout",
	[CVSW_FRR_DELETE] = "delete",
};
static_assert(N_ELEM(flow_removed_reasons) == CVSW_FRR_DELETE + 1,
	      "a flow-removed reason has no name");

static const char *const port_reasons[] = {
	[CVSW_PORT_ADD] = "add",
	[CVSW_PORT_DELETE] = "delete",
	[CVSW_PORT_MODIFY] = "modify",
};
static_assert(N_ELEM(port_reasons) == CVSW_PORT_MODIFY + 1,
	      "a port-status reason has no name");

/* names[v], or NULL when v is outside the table */
static const char *lookup(const char *const *names, size_t n, unsigned v)
{
	return v < n ? names[v] : NULL;
}

/* the index of `name` in names[first..n), or -EINVAL */
static int find(const char *const *names, size_t n, size_t first,
		const char *name)
{
	for (size_t i = first; i < n; i++)
		if (names[i] && !strcmp(name, names[i]))
			return (int)i;
	return -EINVAL;
}

const char *cvsw_offload_name(enum cvsw_offload o)
{
	return (unsigned)o >= CVSW_OFFLOAD_RX_CSUM ?
		lookup(offload_names, N_ELEM(offload_names), (unsigned)o) : NULL;
}

int cvsw_offload_from_name(const char *name)
{
	return find(offload_names, N_ELEM(offload_names), CVSW_OFFLOAD_RX_CSUM,
		    name);
}

const char *cvsw_miss_name(enum cvsw_miss m)
{
	return lookup(miss_names, N_ELEM(miss_names), (unsigned)m);
}

int cvsw_miss_from_name(const char *name)
{
	return find(miss_names, N_ELEM(miss_names), 0, name);
}

static const char *or_unknown(const char *name)
{
	return name ? name : "unknown";
}

const char *cvsw_packet_in_reason_name(unsigned reason)
{
	return or_unknown(lookup(packet_in_reasons, N_ELEM(packet_in_reasons),
				 reason));
}

const char *cvsw_flow_removed_reason_name(unsigned reason)
{
	return or_unknown(lookup(flow_removed_reasons,
				 N_ELEM(flow_removed_reasons), reason));
}

const char *cvsw_port_reason_name(unsigned reason)
{
	return or_unknown(lookup(port_reasons, N_ELEM(port_reasons), reason));
}
