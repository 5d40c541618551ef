/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cvsw-shell's output without a kernel: JSON of devices, flows, stats-like
 * arrays and events is valid (checked by python3's json module, one
 * document per line), and the text forms of events carry what the monitor
 * promises (device, reason, the flow text).
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "shell.h"
#include "tap.h"

static void device(struct cvsw_device *d, const char *name)
{
	memset(d, 0, sizeof(*d));
	d->ifindex = 3;
	snprintf(d->name, sizeof(d->name), "%s", name);
	d->datapath_id = 0x525400123456ull;
	d->mac[0] = 0x52;
	d->mtu = 1500;
	d->offloads_known = 0xfe;
	d->offloads = 0x0a;
	d->miss = CVSW_MISS_POLICY_CONTROLLER;
	d->link_up = true;
	d->n_flows = 2;
	d->max_flows = 65536;
}

static int json_lines_valid(const char *path)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd),
		 "python3 -c 'import json,sys\n"
		 "for l in open(sys.argv[1]):\n"
		 "    json.loads(l)' %s", path);
	return system(cmd) == 0;
}

/*
 * One packet-in (on an ifindex no interface has: the number shows), one
 * flow-removed with @reason and @duration_ms, one port-status (link down).
 */
static void render_events(FILE *f, void (*render)(FILE *, const struct cvsw_event *),
			  uint8_t reason, uint64_t duration_ms, uint8_t *frame)
{
	struct cvsw_event ev;

	memset(&ev, 0, sizeof(ev));
	ev.type = CVSW_EVENT_PACKET_IN;
	ev.ifindex = 999999;
	ev.u.packet_in.in_port = 2;
	ev.u.packet_in.total_len = 60;
	ev.u.packet_in.data = frame;
	ev.u.packet_in.len = 4;
	render(f, &ev);
	ev.type = CVSW_EVENT_FLOW_REMOVED;
	snprintf(ev.ifname, sizeof(ev.ifname), "ens4");
	ev.u.flow_removed.reason = reason;
	cvsw_flow_parse("priority=5,udp", CVSW_PARSE_MATCH, &ev.u.flow_removed.flow, NULL);
	ev.u.flow_removed.flow.packets = 4;
	ev.u.flow_removed.flow.duration_ms = duration_ms;
	render(f, &ev);
	memset(&ev.u, 0, sizeof(ev.u));
	ev.type = CVSW_EVENT_PORT_STATUS;
	ev.u.port_status.port = 2;
	ev.u.port_status.reason = 2;
	render(f, &ev);
}

int main(void)
{
	char path[] = "/tmp/cvsw-render-XXXXXX";
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w+");
	struct json j;
	struct cvsw_device d;
	struct cvsw_flow fl;
	struct cvsw_event ev;
	uint8_t frame[4] = { 0xde, 0xad, 0xbe, 0xef };
	char line[8192];

	/* a device array with an odd name, a device, a flow array */
	json_init(&j, f);
	json_arr(&j);
	device(&d, "ens\"4\\");
	render_device_json(&j, &d, NULL, NULL, 0);
	device(&d, "ens5");
	render_device_json(&j, &d, NULL, NULL, 0);
	json_arr_end(&j);
	fputc('\n', f);
	json_init(&j, f);
	render_device_json(&j, &d, NULL, NULL, 0);
	fputc('\n', f);
	json_init(&j, f);
	json_arr(&j);
	cvsw_flow_parse("priority=100,cookie=0x5,tcp,nw_src=10.0.0.0/8,dl_dst=00:00:00:00:00:01,"
			"tun_id=7,actions=mod_nw_tos:4,controller:64,output:2", CVSW_PARSE_FLOW, &fl, NULL);
	render_flow_json(&j, &fl);
	cvsw_flow_parse("actions=drop", CVSW_PARSE_FLOW, &fl, NULL);
	render_flow_json(&j, &fl);
	cvsw_flow_parse("ip", CVSW_PARSE_MATCH, &fl, NULL);
	render_flow_json(&j, &fl);
	json_arr_end(&j);
	fputc('\n', f);
	json_init(&j, f);
	json_arr(&j);
	json_arr_end(&j);
	fputc('\n', f);

	/* events, JSON lines */
	render_events(f, render_event_json, 0, 0, frame);
	memset(&ev, 0, sizeof(ev));
	ev.type = CVSW_EVENT_OVERRUN;
	render_event_json(f, &ev);
	fflush(f);

	if (access("/usr/bin/python3", X_OK) == 0)
		ok(json_lines_valid(path), "JSON of devices, flows, empty array and events is valid");
	else
		ok(1, "# SKIP python3 not installed");

	/* text forms of events */
	rewind(f);
	if (ftruncate(fd, 0))
		return 1;
	render_events(f, render_event_text, 1, 10004, frame);
	rewind(f);
	for (int i = 0; i < 3; i++) {
		static const char *const want[] = {
			"packet_in dev=999999 in_port=2 reason=no_match total_len=60 len=4 data=deadbeef\n",
			"flow_removed dev=ens4 reason=hard_timeout duration=10.004s, n_packets=4, "
			"n_bytes=0, idle_age=0.000s, priority=5,udp\n",
			"port_status dev=ens4 port=2 reason=modify link=down\n",
		};

		if (!fgets(line, sizeof(line), f))
			line[0] = '\0';
		ok(!strcmp(line, want[i]), "event text: %s", tap_esc(want[i]));
		if (strcmp(line, want[i]))
			diag("got: %s", tap_esc(line));
	}

	/* ports: show device (text and JSON), tunnel show (text and JSON) */
	{
		struct cvsw_port ports[4] = {
			{ .port_no = 1, .name = "host", .kind = CVSW_PORT_KIND_HOST },
			{ .port_no = 2, .name = "net", .kind = CVSW_PORT_KIND_NET },
		};
		static const char *const want[] = {
			"  ports:\n",
			"    1     host            host\n",
			"    2     net             net\n",
			"    3     vx0             vxlan   overhead 50\n",
			"    4     gre1            nvgre   overhead 42\n",
			"eth1 vx0: port 3, vxlan, overhead 50\n",
			"  type=vxlan remote_ip=10.0.0.2 key=5 ofport=3\n",
			"  encap_errors=0 no_neigh=2 no_route=0 too_big=1 decap_errors=0 reasm_done=0 reasm_drops=0 reasm_timeouts=7\n",
			"eth1 gre1: port 4, nvgre, overhead 42\n",
			"  type=nvgre remote_ip=10.0.0.3 local_ip=10.0.0.1 key=flow ofport=4 tos=inherit flowid=hash\n",
			"port_status dev=eth1 port=3 reason=add link=up name=vx0 kind=vxlan\n",
			"  reassembly:     3 of 1024 frames, 9000 bytes (peak 70000) of 4194304\n",
		};
		const struct cvsw_reasm_usage ru = {
			.frames = 3, .max_frames = 1024, .bytes = 9000,
			.peak_bytes = 70000, .max_bytes = 4 << 20,
		};
		char cmd[1024];
		int i;

		cvsw_tunnel_parse("type=vxlan remote_ip=10.0.0.2 key=5 ofport=3", &ports[2], NULL);
		strcpy(ports[2].name, "vx0");
		ports[2].overhead = 50;
		ports[2].has_stats = true;
		ports[2].stats.no_neigh = 2;
		ports[2].stats.too_big = 1;
		ports[2].stats.reasm_timeouts = 7;
		cvsw_tunnel_parse("type=nvgre remote_ip=10.0.0.3 local_ip=10.0.0.1 key=flow "
				  "tos=inherit flowid=hash ofport=4", &ports[3], NULL);
		strcpy(ports[3].name, "gre1");
		ports[3].overhead = 42;

		rewind(f);
		if (ftruncate(fd, 0))
			return 1;
		render_ports_text(f, ports, 4);
		render_tunnel_text(f, "eth1", &ports[2]);
		render_tunnel_text(f, "eth1", &ports[3]);
		memset(&ev, 0, sizeof(ev));
		ev.type = CVSW_EVENT_PORT_STATUS;
		strcpy(ev.ifname, "eth1");
		ev.u.port_status.port = 3;
		ev.u.port_status.reason = CVSW_PORT_ADD;
		ev.u.port_status.link_up = true;
		ev.u.port_status.has_port = true;
		ev.u.port_status.desc = ports[2];
		render_event_text(f, &ev);
		render_reasm_text(f, &ru);
		rewind(f);
		for (i = 0; i < (int)(sizeof(want) / sizeof(want[0])); i++) {
			if (!fgets(line, sizeof(line), f))
				line[0] = '\0';
			if (!ok(!strcmp(line, want[i]), "port text: %s", tap_esc(want[i])))
				diag("got: %s", tap_esc(line));
		}

		rewind(f);
		if (ftruncate(fd, 0))
			return 1;
		device(&d, "eth1");
		json_init(&j, f);
		render_device_json(&j, &d, &ru, ports, 4);
		fputc('\n', f);
		json_init(&j, f);
		json_arr(&j);
		render_port_json(&j, "eth1", &ports[2]);
		render_port_json(&j, "eth1", &ports[3]);
		json_arr_end(&j);
		fputc('\n', f);
		render_event_json(f, &ev);
		fflush(f);
		snprintf(cmd, sizeof(cmd),
			 "python3 -c 'import json,sys\n"
			 "l = open(sys.argv[1]).readlines()\n"
			 "d = json.loads(l[0]); t = json.loads(l[1])\n"
			 "assert [p[\"port\"] for p in d[\"ports\"]] == [1, 2, 3, 4]\n"
			 "assert d[\"ports\"][0] == {\"port\": 1, \"name\": \"host\", \"kind\": \"host\"}\n"
			 "assert d[\"reassembly\"] == {\"frames\": 3, \"max_frames\": 1024, \"bytes\": 9000, \"peak_bytes\": 70000, \"max_bytes\": 4194304}\n"
			 "assert d[\"ports\"][2][\"overhead\"] == 50 and d[\"ports\"][2][\"key\"] == 5\n"
			 "assert t[0][\"dev\"] == \"eth1\" and t[0][\"stats\"][\"reasm_timeouts\"] == 7\n"
			 "assert t[0][\"remote_ip\"] == \"10.0.0.2\" and t[0][\"dst_port\"] == 0\n"
			 "assert t[1][\"key\"] == \"flow\" and t[1][\"tos\"] == \"inherit\"\n"
			 "assert t[1][\"flowid\"] == \"hash\" and \"stats\" not in t[1]\n"
			 "e = json.loads(l[2])\n"
			 "assert e[\"event\"] == \"port_status\" and e[\"desc\"][\"name\"] == \"vx0\"\n"
			 "' %s", path);
		if (access("/usr/bin/python3", X_OK) == 0)
			ok(system(cmd) == 0, "JSON of a device with its ports, of tunnels, of a port-status event");
		else
			ok(1, "# SKIP python3 not installed");
	}
	fclose(f);
	unlink(path);
	return tap_done();
}
