// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The switch's ports: 1 "host" (the guest's stack), 2 "net" (the virtio
 * link) and every further port the datapath reports (tunnel ports), with
 * the device's MAC, carrier and speed (ethtool) in OpenFlow terms.
 */
#include <errno.h>
#include <linux/ethtool.h>
#include <linux/sockios.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "agent.h"
#include "log.h"

int ports_refresh(struct agent *ag)
{
	struct cvsw_port_stats ps[MAX_PORTS];
	struct port old[MAX_PORTS];
	unsigned n = 0, n_old = ag->n_ports;
	int r;

	r = cvsw_device_get(ag->h, ag->dev, &ag->info);
	if (r)
		return r;
	r = cvsw_stats_get(ag->h, ag->dev, NULL, ps, MAX_PORTS, &n);
	if (r)
		return r;
	memcpy(old, ag->ports, sizeof(old));
	ag->n_ports = 0;
	for (unsigned i = 0; i < n && i < MAX_PORTS; i++) {
		struct port *p = &ag->ports[ag->n_ports++];

		p->no = ps[i].port;
		p->config = 0;
		for (unsigned j = 0; j < n_old; j++)
			if (old[j].no == p->no)
				p->config = old[j].config;
	}
	return 0;
}

struct port *port_find(struct agent *ag, uint16_t no)
{
	for (unsigned i = 0; i < ag->n_ports; i++)
		if (ag->ports[i].no == no)
			return &ag->ports[i];
	return NULL;
}

bool port_output_ok(struct agent *ag, uint16_t port, bool packet_out)
{
	if (port == OFPP_TABLE)
		return packet_out;
	if (port >= OFPP_IN_PORT && port != OFPP_NONE)
		return true;
	return port_find(ag, port) != NULL;
}

/* The device's speed in OFPPF_* bits (0 when ethtool does not say or
 * OpenFlow 1.0 has no bit for it). */
static uint32_t speed_bits(const char *dev)
{
	struct ethtool_cmd cmd = { .cmd = ETHTOOL_GSET };
	struct ifreq ifr;
	uint32_t speed, bits = 0;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		return 0;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	ifr.ifr_data = (void *)&cmd;
	if (ioctl(fd, SIOCETHTOOL, &ifr) == 0) {
		bool full = cmd.duplex == DUPLEX_FULL;

		speed = ethtool_cmd_speed(&cmd);
		if (speed == 10)
			bits = full ? OFPPF_10MB_FD : OFPPF_10MB_HD;
		else if (speed == 100)
			bits = full ? OFPPF_100MB_FD : OFPPF_100MB_HD;
		else if (speed == 1000)
			bits = full ? OFPPF_1GB_FD : OFPPF_1GB_HD;
		else if (speed == 10000)
			bits = OFPPF_10GB_FD;
		if (cmd.autoneg == AUTONEG_ENABLE)
			bits |= OFPPF_AUTONEG;
		if (cmd.port == PORT_TP)
			bits |= OFPPF_COPPER;
		else if (cmd.port == PORT_FIBRE)
			bits |= OFPPF_FIBER;
	}
	close(fd);
	return bits;
}

void port_describe(struct agent *ag, const struct port *p, struct of_port *out)
{
	memset(out, 0, sizeof(*out));
	out->port_no = p->no;
	memcpy(out->hw_addr, ag->info.mac, 6);
	if (p->no == CVSW_PORT_HOST)
		snprintf(out->name, sizeof(out->name), "host");
	else if (p->no == CVSW_PORT_NET)
		snprintf(out->name, sizeof(out->name), "net");
	else
		snprintf(out->name, sizeof(out->name), "port%u", p->no);
	out->config = p->config;
	/* the wire's carrier is the net port's (and a tunnel's: it uses it);
	 * the guest's stack is always there */
	out->state = (p->no != CVSW_PORT_HOST && !ag->info.link_up) ?
		     OFPPS_LINK_DOWN : 0;
	out->curr = speed_bits(ag->info.name[0] ? ag->info.name : ag->dev);
	out->advertised = out->curr;
	out->supported = out->curr;
}
