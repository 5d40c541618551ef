/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Text and JSON forms of devices, flows and events. Flows print in the
 * library's flow syntax, so what the shell shows can be pasted back. */
#include <inttypes.h>
#include <net/if.h>
#include <string.h>

#include "shell.h"

void render_mac(char *buf, const uint8_t *m)
{
	sprintf(buf, "%02x:%02x:%02x:%02x:%02x:%02x",
		m[0], m[1], m[2], m[3], m[4], m[5]);
}

static const char *miss_name(uint8_t m)
{
	const char *n = cvsw_miss_name((enum cvsw_miss)m);

	return n ? n : "unknown";
}

static void ip_prefix(char *buf, uint32_t a, uint8_t prefix)
{
	int n = sprintf(buf, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
			(a >> 8) & 0xff, a & 0xff);

	if (prefix < 32)
		sprintf(buf + n, "/%u", prefix);
}

void render_device_text(FILE *f, const struct cvsw_device *d, bool row)
{
	char mac[18];

	render_mac(mac, d->mac);
	if (row) {
		fprintf(f, "%-7u %-15s %016" PRIx64 " %s %-5u %-4s %-10s %u/%u\n",
			d->ifindex, d->name, d->datapath_id, mac, d->mtu,
			d->link_up ? "up" : "down", miss_name(d->miss),
			d->n_flows, d->max_flows);
		return;
	}
	fprintf(f, "%s (ifindex %u)\n", d->name, d->ifindex);
	fprintf(f, "  datapath_id:    %016" PRIx64 "\n", d->datapath_id);
	fprintf(f, "  mac:            %s\n", mac);
	fprintf(f, "  mtu:            %u\n", d->mtu);
	fprintf(f, "  link:           %s\n", d->link_up ? "up" : "down");
	fprintf(f, "  miss:           %s\n", miss_name(d->miss));
	if (d->miss_send_len == CVSW_MAX_LEN_ALL)
		fprintf(f, "  miss_send_len:  all\n");
	else
		fprintf(f, "  miss_send_len:  %u\n", d->miss_send_len);
	fprintf(f, "  packet_in_rate: %u%s\n", d->packet_in_rate,
		d->packet_in_rate ? "/s" : " (off)");
	fprintf(f, "  flows:          %u of %u\n", d->n_flows, d->max_flows);
	fprintf(f, "  offloads:      ");
	for (int o = CVSW_OFFLOAD_RX_CSUM; o <= CVSW_OFFLOAD_LAST; o++) {
		if (!(d->offloads_known & (1u << o)))
			continue;
		fprintf(f, " %s=%s", cvsw_offload_name((enum cvsw_offload)o),
			d->offloads & (1u << o) ? "on" : "off");
	}
	fputc('\n', f);
}

void render_reasm_text(FILE *f, const struct cvsw_reasm_usage *u)
{
	fprintf(f, "  reassembly:     %u of %u frames, %u bytes (peak %u) of %u\n",
		u->frames, u->max_frames, u->bytes, u->peak_bytes, u->max_bytes);
}

static void render_reasm_json(struct json *j, const struct cvsw_reasm_usage *u)
{
	json_key(j, "reassembly");
	json_obj(j);
	json_ku64(j, "frames", u->frames);
	json_ku64(j, "max_frames", u->max_frames);
	json_ku64(j, "bytes", u->bytes);
	json_ku64(j, "peak_bytes", u->peak_bytes);
	json_ku64(j, "max_bytes", u->max_bytes);
	json_obj_end(j);
}

void render_device_json(struct json *j, const struct cvsw_device *d,
			const struct cvsw_reasm_usage *reasm,
			const struct cvsw_port *ports, size_t n_ports)
{
	char buf[32];

	json_obj(j);
	json_ku64(j, "ifindex", d->ifindex);
	json_kstr(j, "name", d->name);
	snprintf(buf, sizeof(buf), "%016" PRIx64, d->datapath_id);
	json_kstr(j, "datapath_id", buf);
	render_mac(buf, d->mac);
	json_kstr(j, "mac", buf);
	json_ku64(j, "mtu", d->mtu);
	json_kbool(j, "link_up", d->link_up);
	json_kstr(j, "miss", miss_name(d->miss));
	json_ku64(j, "miss_send_len", d->miss_send_len);
	json_ku64(j, "packet_in_rate", d->packet_in_rate);
	json_ku64(j, "n_flows", d->n_flows);
	json_ku64(j, "max_flows", d->max_flows);
	json_key(j, "offloads");
	json_obj(j);
	for (int o = CVSW_OFFLOAD_RX_CSUM; o <= CVSW_OFFLOAD_LAST; o++)
		if (d->offloads_known & (1u << o))
			json_kbool(j, cvsw_offload_name((enum cvsw_offload)o),
				   d->offloads & (1u << o));
	json_obj_end(j);
	if (reasm)
		render_reasm_json(j, reasm);
	if (ports) {
		json_key(j, "ports");
		json_arr(j);
		for (size_t i = 0; i < n_ports; i++)
			render_port_json(j, NULL, &ports[i]);
		json_arr_end(j);
	}
	json_obj_end(j);
}

static const char *kind_name(uint8_t kind)
{
	const char *n = cvsw_port_kind_name(kind);

	return n ? n : "unknown";
}

void render_ports_text(FILE *f, const struct cvsw_port *ports, size_t n)
{
	fprintf(f, "  ports:\n");
	for (size_t i = 0; i < n; i++) {
		const struct cvsw_port *p = &ports[i];

		fprintf(f, "    %-5u %-15s ", p->port_no, p->name);
		if (cvsw_port_kind_is_tunnel(p->kind))
			fprintf(f, "%-7s overhead %u\n", kind_name(p->kind), p->overhead);
		else
			fprintf(f, "%s\n", kind_name(p->kind));
	}
}

void render_tunnel_text(FILE *f, const char *dev, const struct cvsw_port *p)
{
	char params[512];
	const char *name;
	uint64_t v;

	cvsw_tunnel_format(params, sizeof(params), p);
	fprintf(f, "%s %s: port %u, %s, overhead %u\n  %s\n", dev, p->name,
		p->port_no, kind_name(p->kind), p->overhead, params);
	if (!p->has_stats)
		return;
	fputs(" ", f);
	for (unsigned i = 0; cvsw_tunnel_stat(i, &p->stats, &name, &v); i++)
		fprintf(f, " %s=%" PRIu64, name, v);
	fputc('\n', f);
}

/* A port's JSON object; dev NULL: inside its device's object. */
void render_port_json(struct json *j, const char *dev, const struct cvsw_port *p)
{
	const struct cvsw_tunnel *t = &p->tun;
	char buf[512];
	const char *name;
	uint64_t v;

	json_obj(j);
	if (dev)
		json_kstr(j, "dev", dev);
	json_ku64(j, "port", p->port_no);
	json_kstr(j, "name", p->name);
	json_kstr(j, "kind", kind_name(p->kind));
	if (!cvsw_port_kind_is_tunnel(p->kind)) {
		json_obj_end(j);
		return;
	}
	json_ku64(j, "overhead", p->overhead);
	cvsw_tunnel_format(buf, sizeof(buf), p);
	json_kstr(j, "params", buf);
	ip_prefix(buf, t->remote_ip, 32);
	json_kstr(j, "remote_ip", buf);
	ip_prefix(buf, t->local_ip, 32);
	json_kstr(j, "local_ip", buf);
	if (t->key_flow)
		json_kstr(j, "key", "flow");
	else
		json_ku64(j, "key", t->key);
	json_ku64(j, "dst_port", t->dst_port);
	if (t->has_remote_mac) {
		render_mac(buf, t->remote_mac);
		json_kstr(j, "remote_mac", buf);
	}
	if (t->tos_inherit)
		json_kstr(j, "tos", "inherit");
	else
		json_ku64(j, "tos", t->tos);
	json_ku64(j, "ttl", t->ttl);
	json_kstr(j, "flowid", t->flowid_hash ? "hash" : "0");
	if (p->has_stats) {
		json_key(j, "stats");
		json_obj(j);
		for (unsigned i = 0; cvsw_tunnel_stat(i, &p->stats, &name, &v); i++)
			json_ku64(j, name, v);
		json_obj_end(j);
	}
	json_obj_end(j);
}


static void match_json(struct json *j, const struct cvsw_match *m)
{
	char buf[32];

	json_obj(j);
	if (m->present & CVSW_M_IN_PORT)
		json_ku64(j, "in_port", m->in_port);
	if (m->present & CVSW_M_DL_SRC) {
		render_mac(buf, m->dl_src);
		json_kstr(j, "dl_src", buf);
	}
	if (m->present & CVSW_M_DL_DST) {
		render_mac(buf, m->dl_dst);
		json_kstr(j, "dl_dst", buf);
	}
	if (m->present & CVSW_M_DL_VLAN)
		json_ku64(j, "dl_vlan", m->dl_vlan);
	if (m->present & CVSW_M_DL_VLAN_PCP)
		json_ku64(j, "dl_vlan_pcp", m->dl_vlan_pcp);
	if (m->present & CVSW_M_DL_TYPE)
		json_ku64(j, "dl_type", m->dl_type);
	if (m->present & CVSW_M_NW_TOS)
		json_ku64(j, "nw_tos", m->nw_tos);
	if (m->present & CVSW_M_NW_PROTO)
		json_ku64(j, "nw_proto", m->nw_proto);
	if (m->present & CVSW_M_NW_SRC) {
		ip_prefix(buf, m->nw_src, m->nw_src_prefix);
		json_kstr(j, "nw_src", buf);
	}
	if (m->present & CVSW_M_NW_DST) {
		ip_prefix(buf, m->nw_dst, m->nw_dst_prefix);
		json_kstr(j, "nw_dst", buf);
	}
	if (m->present & CVSW_M_TP_SRC)
		json_ku64(j, "tp_src", m->tp_src);
	if (m->present & CVSW_M_TP_DST)
		json_ku64(j, "tp_dst", m->tp_dst);
	if (m->present & CVSW_M_TUN_ID)
		json_ku64(j, "tun_id", m->tun_id);
	if (m->present & CVSW_M_TUN_SRC) {
		ip_prefix(buf, m->tun_src, m->tun_src_prefix);
		json_kstr(j, "tun_src", buf);
	}
	if (m->present & CVSW_M_TUN_DST) {
		ip_prefix(buf, m->tun_dst, m->tun_dst_prefix);
		json_kstr(j, "tun_dst", buf);
	}
	json_obj_end(j);
}

void render_flow_json(struct json *j, const struct cvsw_flow *fl)
{
	char buf[8192];

	json_obj(j);
	cvsw_flow_format(buf, sizeof(buf), fl);
	json_kstr(j, "flow", buf);
	json_ku64(j, "priority", fl->priority);
	json_ku64(j, "cookie", fl->cookie);
	json_ku64(j, "idle_timeout", fl->idle_timeout);
	json_ku64(j, "hard_timeout", fl->hard_timeout);
	json_kbool(j, "send_flow_rem", fl->flags & CVSW_FLOW_F_SEND_FLOW_REM);
	json_kbool(j, "check_overlap", fl->flags & CVSW_FLOW_F_CHECK_OVERLAP);
	json_key(j, "match");
	match_json(j, &fl->match);
	if (fl->has_actions) {
		json_key(j, "actions");
		json_arr(j);
		for (unsigned i = 0; i < fl->n_actions; i++) {
			cvsw_actions_format(buf, sizeof(buf), &fl->actions[i], 1);
			json_str(j, buf);
		}
		json_arr_end(j);
	}
	json_ku64(j, "n_packets", fl->packets);
	json_ku64(j, "n_bytes", fl->bytes);
	json_ku64(j, "duration_ms", fl->duration_ms);
	json_ku64(j, "idle_ms", fl->idle_ms);
	json_obj_end(j);
}

/* The kernel names the device by ifindex in most events: show its name
 * (same network namespace), or the number if it is already gone. */
static const char *ev_dev(const struct cvsw_event *ev, char *buf)
{
	if (ev->ifname[0])
		return ev->ifname;
	if (ev->ifindex && if_indextoname(ev->ifindex, buf))
		return buf;
	sprintf(buf, "%u", ev->ifindex);
	return buf;
}

static void hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

void render_event_text(FILE *f, const struct cvsw_event *ev)
{
	char dev[IF_NAMESIZE + 1], text[8192];

	switch (ev->type) {
	case CVSW_EVENT_PACKET_IN:
		fprintf(f, "packet_in dev=%s in_port=%u reason=%s total_len=%u len=%zu data=",
			ev_dev(ev, dev), ev->u.packet_in.in_port,
			cvsw_packet_in_reason_name(ev->u.packet_in.reason),
			ev->u.packet_in.total_len, ev->u.packet_in.len);
		hex(f, ev->u.packet_in.data, ev->u.packet_in.len);
		fputc('\n', f);
		break;
	case CVSW_EVENT_FLOW_REMOVED:
		cvsw_flow_format_stats(text, sizeof(text), &ev->u.flow_removed.flow);
		fprintf(f, "flow_removed dev=%s reason=%s %s\n", ev_dev(ev, dev),
			cvsw_flow_removed_reason_name(ev->u.flow_removed.reason),
			text);
		break;
	case CVSW_EVENT_PORT_STATUS:
		fprintf(f, "port_status dev=%s", ev_dev(ev, dev));
		if (ev->u.port_status.port != CVSW_PORT_NONE)
			fprintf(f, " port=%u", ev->u.port_status.port);
		fprintf(f, " reason=%s link=%s",
			cvsw_port_reason_name(ev->u.port_status.reason),
			ev->u.port_status.link_up ? "up" : "down");
		if (ev->u.port_status.mtu)
			fprintf(f, " mtu=%u", ev->u.port_status.mtu);
		if (ev->u.port_status.has_port)
			fprintf(f, " name=%s kind=%s", ev->u.port_status.desc.name,
				kind_name(ev->u.port_status.desc.kind));
		fputc('\n', f);
		break;
	case CVSW_EVENT_OVERRUN:
		fprintf(f, "events_lost (receive buffer overrun)\n");
		break;
	}
}

void render_event_json(FILE *f, const struct cvsw_event *ev)
{
	struct json j;
	char dev[IF_NAMESIZE + 1];

	json_init(&j, f);
	json_obj(&j);
	switch (ev->type) {
	case CVSW_EVENT_PACKET_IN:
		json_kstr(&j, "event", "packet_in");
		json_kstr(&j, "dev", ev_dev(ev, dev));
		json_ku64(&j, "ifindex", ev->ifindex);
		json_ku64(&j, "in_port", ev->u.packet_in.in_port);
		json_kstr(&j, "reason", cvsw_packet_in_reason_name(ev->u.packet_in.reason));
		json_ku64(&j, "total_len", ev->u.packet_in.total_len);
		json_key(&j, "data");
		fputc('"', f);
		hex(f, ev->u.packet_in.data, ev->u.packet_in.len);
		fputc('"', f);
		j.comma[j.depth] = true;
		break;
	case CVSW_EVENT_FLOW_REMOVED:
		json_kstr(&j, "event", "flow_removed");
		json_kstr(&j, "dev", ev_dev(ev, dev));
		json_ku64(&j, "ifindex", ev->ifindex);
		json_kstr(&j, "reason",
			  cvsw_flow_removed_reason_name(ev->u.flow_removed.reason));
		json_key(&j, "flow");
		render_flow_json(&j, &ev->u.flow_removed.flow);
		break;
	case CVSW_EVENT_PORT_STATUS:
		json_kstr(&j, "event", "port_status");
		json_kstr(&j, "dev", ev_dev(ev, dev));
		json_ku64(&j, "ifindex", ev->ifindex);
		if (ev->u.port_status.port != CVSW_PORT_NONE)
			json_ku64(&j, "port", ev->u.port_status.port);
		json_kstr(&j, "reason", cvsw_port_reason_name(ev->u.port_status.reason));
		json_kbool(&j, "link_up", ev->u.port_status.link_up);
		if (ev->u.port_status.mtu)
			json_ku64(&j, "mtu", ev->u.port_status.mtu);
		if (ev->u.port_status.has_port) {
			json_key(&j, "desc");
			render_port_json(&j, NULL, &ev->u.port_status.desc);
		}
		break;
	case CVSW_EVENT_OVERRUN:
		json_kstr(&j, "event", "events_lost");
		break;
	}
	json_obj_end(&j);
	fputc('\n', f);
}
