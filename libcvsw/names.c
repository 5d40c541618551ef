/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Names of enum values shared by the shell, the agent and the docs. */
#include <errno.h>
#include <string.h>

#include "cvsw.h"

static const char *const offload_names[] = {
	[CVSW_OFFLOAD_RX_CSUM] = "rx_csum",
	[CVSW_OFFLOAD_TX_CSUM] = "tx_csum",
	[CVSW_OFFLOAD_SG] = "sg",
	[CVSW_OFFLOAD_TSO] = "tso",
	[CVSW_OFFLOAD_GSO] = "gso",
	[CVSW_OFFLOAD_GRO] = "gro",
	[CVSW_OFFLOAD_GRO_HW] = "gro_hw",
};

static const char *const miss_names[] = { "normal", "drop", "controller" };

const char *cvsw_offload_name(enum cvsw_offload o)
{
	if (o < CVSW_OFFLOAD_RX_CSUM || o > CVSW_OFFLOAD_LAST)
		return NULL;
	return offload_names[o];
}

int cvsw_offload_from_name(const char *name)
{
	for (int o = CVSW_OFFLOAD_RX_CSUM; o <= CVSW_OFFLOAD_LAST; o++)
		if (!strcmp(name, offload_names[o]))
			return o;
	return -EINVAL;
}

const char *cvsw_miss_name(enum cvsw_miss_policy m)
{
	if ((unsigned)m > CVSW_MISS_POLICY_CONTROLLER)
		return NULL;
	return miss_names[m];
}

int cvsw_miss_from_name(const char *name)
{
	for (int m = 0; m <= CVSW_MISS_POLICY_CONTROLLER; m++)
		if (!strcmp(name, miss_names[m]))
			return m;
	return -EINVAL;
}

const char *cvsw_packet_in_reason_name(unsigned reason)
{
	static const char *const n[] = { "no_match", "action" };

	return reason < 2 ? n[reason] : "unknown";
}

const char *cvsw_flow_removed_reason_name(unsigned reason)
{
	static const char *const n[] = {
		"idle_timeout", "hard_timeout", "delete",
	};

	return reason < 3 ? n[reason] : "unknown";
}

const char *cvsw_port_reason_name(unsigned reason)
{
	static const char *const n[] = { "add", "delete", "modify" };

	return reason < 3 ? n[reason] : "unknown";
}
