// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The switch's ports: 1 "host" (the guest's stack), 2 "net" (the virtio
 * link) and every tunnel port of the datapath (cvsw_port_dump: number,
 * name, kind), with the device's MAC, carrier and speed (ethtool; none
 * for a tunnel) in OpenFlow terms.
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

struct refresh {
	struct agent *ag;
	const struct port *old;
	unsigned n_old;
	unsigned left_out;
};

static int add_port(const struct cvsw_port *cp, void *arg)
{
	struct refresh *rf = arg;
	struct agent *ag = rf->ag;
	struct port *p;

	if (ag->n_ports >= MAX_PORTS) {
		rf->left_out++;
		return 0;
	}
	p = &ag->ports[ag->n_ports++];
	memset(p, 0, sizeof(*p));
	p->no = cp->port_no;
	p->kind = cp->kind;
	snprintf(p->name, sizeof(p->name), "%s", cp->name);
	/* the config stays with the port, not with a number given again */
	for (unsigned j = 0; j < rf->n_old; j++)
		if (rf->old[j].no == p->no && !strcmp(rf->old[j].name, p->name))
			p->config = rf->old[j].config;
	return 0;
}

int ports_refresh(struct agent *ag)
{
	struct port old[MAX_PORTS];
	struct refresh rf = { .ag = ag, .old = old, .n_old = ag->n_ports };
	int r;

	r = cvsw_device_get(ag->h, ag->dev, &ag->info);
	if (r)
		return r;
	memcpy(old, ag->ports, sizeof(old));
	ag->n_ports = 0;
	r = cvsw_port_dump(ag->h, ag->dev, add_port, &rf);
	if (r) {
		memcpy(ag->ports, old, sizeof(old));
		ag->n_ports = rf.n_old;
		return r;
	}
	if (rf.left_out)
		log_limited("ports", LOG_WARN,
			    "%u ports beyond the %u OpenFlow can list left out",
			    rf.left_out, MAX_PORTS);
	return 0;
}

struct port *port_find(struct agent *ag, uint16_t no)
{
	for (unsigned i = 0; i < ag->n_ports; i++)
		if (ag->ports[i].no == no)
			return &ag->ports[i];
	return NULL;
}

struct port *port_lookup(struct agent *ag, uint16_t no)
{
	struct port *p = port_find(ag, no);

	if (p || !no || no > OFPP_MAX || ports_refresh(ag))
		return p;
	return port_find(ag, no);
}

void port_forget(struct agent *ag, uint16_t no)
{
	struct port *p = port_find(ag, no);

	if (!p)
		return;
	memmove(p, p + 1, (size_t)(ag->ports + ag->n_ports - (p + 1)) * sizeof(*p));
	ag->n_ports--;
}

bool port_output_ok(struct agent *ag, uint16_t port, bool packet_out)
{
	if (port == OFPP_TABLE)
		return packet_out;
	if (port >= OFPP_IN_PORT && port != OFPP_NONE)
		return true;
	return port_lookup(ag, port) != NULL;
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

		/* not ethtool_cmd_speed(): Debian 12's header shifts the
		 * promoted int, undefined for SPEED_UNKNOWN's high half
		 * (UBSan in selftests/agent/ofsoak.sh) */
		speed = (uint32_t)cmd.speed_hi << 16 | cmd.speed;
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
	bool tunnel = cvsw_port_kind_is_tunnel(p->kind);

	memset(out, 0, sizeof(*out));
	out->port_no = p->no;
	memcpy(out->hw_addr, ag->info.mac, 6);
	if (p->name[0])
		snprintf(out->name, sizeof(out->name), "%s", p->name);
	else if (p->no == CVSW_PORT_HOST)
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
	/* a tunnel has no medium of its own: no speed */
	if (tunnel)
		return;
	out->curr = speed_bits(ag->info.name[0] ? ag->info.name : ag->dev);
	out->advertised = out->curr;
	out->supported = out->curr;
}
