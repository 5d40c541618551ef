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
	render_device_json(&j, &d, NULL, 0);
	device(&d, "ens5");
	render_device_json(&j, &d, NULL, 0);
	json_arr_end(&j);
	fputc('\n', f);
	json_init(&j, f);
	render_device_json(&j, &d, NULL, 0);
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
	fclose(f);
	unlink(path);
	return tap_done();
}
