/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Flow syntax round trips: a table of texts with their canonical forms
 * (every field, every action, prefixes, shorthands, hex/decimal, port
 * names), checks of parsed values, and randomized struct -> text -> struct
 * round trips in the three parse modes.
 */
#include <string.h>

#include "cvsw.h"
#include "tap.h"
#include "randflow.h"

struct rt {
	enum cvsw_parse_mode mode;
	const char *in;
	const char *canon;	/* NULL: the input is already canonical */
};

#define F CVSW_PARSE_FLOW
#define M CVSW_PARSE_MATCH
#define D CVSW_PARSE_DUMP

static const struct rt table[] = {
	/* every match field, canonical */
	{ F, "priority=32768,actions=drop", NULL },
	{ F, "priority=100,in_port=1,actions=output:2", NULL },
	{ F, "priority=100,in_port=2,actions=output:1", NULL },
	{ F, "priority=1,dl_src=02:00:00:00:00:01,actions=drop", NULL },
	{ F, "priority=1,dl_dst=ff:ff:ff:ff:ff:ff,actions=flood", NULL },
	{ F, "priority=1,dl_vlan=100,actions=strip_vlan,output:2", NULL },
	{ F, "priority=1,dl_vlan=0,actions=drop", NULL },
	{ F, "priority=1,dl_vlan=4095,actions=drop", NULL },
	{ F, "priority=1,dl_vlan=0xffff,actions=mod_vlan_vid:10,output:2", NULL },
	{ F, "priority=1,dl_vlan_pcp=7,actions=mod_vlan_pcp:3", NULL },
	{ F, "priority=1,dl_type=0x86dd,actions=drop", NULL },
	{ F, "priority=1,dl_type=0x0000,actions=drop", NULL },
	{ F, "priority=1,ip,nw_tos=184,actions=mod_nw_tos:0", NULL },
	{ F, "priority=1,ip,nw_proto=89,actions=drop", NULL },
	{ F, "priority=1,ip,nw_src=10.0.0.1,actions=mod_nw_src:192.168.1.1", NULL },
	{ F, "priority=1,ip,nw_dst=10.0.0.0/8,actions=mod_nw_dst:0.0.0.0", NULL },
	{ F, "priority=1,ip,nw_src=0.0.0.0/1,nw_dst=255.255.255.254/31,actions=drop", NULL },
	{ F, "priority=1,tcp,tp_src=80,actions=mod_tp_src:8080", NULL },
	{ F, "priority=1,udp,tp_dst=4789,actions=mod_tp_dst:0", NULL },
	{ F, "priority=1,icmp,tp_src=8,tp_dst=0,actions=normal", NULL },
	{ F, "priority=1,arp,nw_dst=10.1.1.1,actions=flood", NULL },
	{ F, "priority=1,tun_id=0x1389,actions=output:1", NULL },
	{ F, "priority=1,tun_id=0xffffffffffffffff,actions=drop", NULL },
	{ F, "priority=65535,in_port=1,ip,dl_src=00:11:22:33:44:55,dl_dst=66:77:88:99:aa:bb,dl_vlan=5,dl_vlan_pcp=1,nw_src=1.2.3.4,nw_dst=5.6.7.0/24,nw_tos=4,tp_src=1,tp_dst=2,tun_id=0x7,actions=output:2", NULL },
	{ F, "priority=0,dl_type=0x0800,nw_proto=6,actions=drop", "priority=0,tcp,actions=drop" },
	/* options */
	{ F, "priority=5,cookie=0x1234,idle_timeout=10,hard_timeout=60,send_flow_rem,check_overlap,actions=drop", NULL },
	{ F, "priority=5,cookie=0xffffffffffffffff,actions=drop", NULL },
	{ F, "priority=5,hard_timeout=65535,actions=drop", NULL },
	/* every action */
	{ F, "priority=1,actions=output:1,output:2,output:65280", NULL },
	{ F, "priority=1,actions=in_port,normal,flood,all,local", NULL },
	{ F, "priority=1,actions=controller", NULL },
	{ F, "priority=1,actions=controller:128", NULL },
	{ F, "priority=1,actions=output(port=2,max_len=64)", NULL },
	{ F, "priority=1,actions=output:65529,output:65535", NULL },
	{ F, "priority=1,actions=mod_vlan_vid:4095,mod_vlan_pcp:7,strip_vlan", NULL },
	{ F, "priority=1,actions=mod_dl_src:00:00:00:00:00:00,mod_dl_dst:ff:ff:ff:ff:ff:ff", NULL },
	{ F, "priority=1,actions=mod_nw_src:255.255.255.255,mod_nw_dst:1.2.3.4", NULL },
	{ F, "priority=1,actions=mod_nw_tos:252,mod_tp_src:65535,mod_tp_dst:1", NULL },
	{ F, "priority=1,actions=enqueue:1:0,enqueue:2:4294967295", NULL },
	/* equivalent spellings */
	{ F, "actions=drop", "priority=32768,actions=drop" },
	{ F, "actions=", "priority=32768,actions=drop" },
	{ F, "priority=0x10,actions=2", "priority=16,actions=output:2" },
	{ F, "in_port=host,actions=output:net", "priority=32768,in_port=1,actions=output:2" },
	{ F, "in_port=NET,actions=output:HOST", "priority=32768,in_port=2,actions=output:1" },
	{ F, "in_port=local,actions=output:local", "priority=32768,in_port=local,actions=local" },
	{ F, "actions=output:in_port,output:normal,output:flood,output:all,output:controller",
	  "priority=32768,actions=in_port,normal,flood,all,controller" },
	{ F, "actions=controller(max_len=256)", "priority=32768,actions=controller:256" },
	{ F, "actions=controller:0x80", "priority=32768,actions=controller:128" },
	{ F, "actions=output:controller", "priority=32768,actions=controller" },
	{ F, "actions=CONTROLLER:65535", "priority=32768,actions=controller" },
	/* 0 bytes, not all of them (OF1.0); a bare 65533 is ovs-ofctl's :0 */
	{ F, "actions=controller:0,65533", "priority=32768,actions=controller:0,controller:0" },
	{ F, "actions=enqueue(1,7)", "priority=32768,actions=enqueue:1:7" },
	{ F, "actions=enqueue:net:7", "priority=32768,actions=enqueue:2:7" },
	{ F, "dl_type=0x800,actions=drop", "priority=32768,ip,actions=drop" },
	{ F, "dl_type=2048,nw_proto=17,actions=drop", "priority=32768,udp,actions=drop" },
	{ F, "dl_type=0x0800,nw_proto=1,actions=drop", "priority=32768,icmp,actions=drop" },
	{ F, "dl_type=0x0806,actions=drop", "priority=32768,arp,actions=drop" },
	{ F, "tcp,nw_src=10.1.2.3/8,actions=drop", "priority=32768,tcp,nw_src=10.0.0.0/8,actions=drop" },
	{ F, "ip,nw_src=10.1.2.3/255.255.0.0,actions=drop", "priority=32768,ip,nw_src=10.1.0.0/16,actions=drop" },
	{ F, "ip,nw_dst=10.1.2.3/255.255.255.255,actions=drop", "priority=32768,ip,nw_dst=10.1.2.3,actions=drop" },
	{ F, "ip,nw_dst=10.1.2.3/32,actions=drop", "priority=32768,ip,nw_dst=10.1.2.3,actions=drop" },
	{ F, "dl_src=2:0:0:0:0:A,actions=drop", "priority=32768,dl_src=02:00:00:00:00:0a,actions=drop" },
	{ F, "tun_id=5001,actions=drop", "priority=32768,tun_id=0x1389,actions=drop" },
	{ F, "cookie=10,actions=drop", "priority=32768,cookie=0xa,actions=drop" },
	{ F, "dl_vlan=65535,actions=drop", "priority=32768,dl_vlan=0xffff,actions=drop" },
	{ F, "tp_dst=0x50,tcp,actions=drop", "priority=32768,tcp,tp_dst=80,actions=drop" },
	/* separators: blanks, ", ", ovs-ofctl style " actions=" */
	{ F, "priority=100 ip nw_dst=10.0.0.0/8 actions=output:2", "priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2" },
	{ F, "  priority=100, ip, nw_dst=10.0.0.0/8 actions=output:2 , output:1  ", "priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2,output:1" },
	{ F, "priority=100,in_port=1,dl_type=0x0800,nw_dst=10.0.0.0/8,actions=mod_dl_dst:02:00:00:00:00:02,output:2",
	  "priority=100,in_port=1,ip,nw_dst=10.0.0.0/8,actions=mod_dl_dst:02:00:00:00:00:02,output:2" },
	{ F, "\tpriority=7,\n actions=drop", "priority=7,actions=drop" },
	/* matches (del/dump) */
	{ M, "", "priority=32768" },
	{ M, "priority=32768", NULL },
	{ M, "priority=1,tcp,tp_dst=22,out_port=2", NULL },
	{ M, "out_port=host", "priority=32768,out_port=1" },
	{ M, "out_port=controller", "priority=32768,out_port=controller" },
	/* dump lines */
	{ D, "duration=3.104s, n_packets=3, n_bytes=294, idle_age=1.000s, priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2", NULL },
	{ D, "duration=0.000s, n_packets=0, n_bytes=0, idle_age=0.000s, priority=32768,actions=drop", NULL },
	{ D, "n_packets=1,duration=2s,priority=1,actions=drop", "duration=2.000s, n_packets=1, n_bytes=0, idle_age=0.000s, priority=1,actions=drop" },
	{ D, "duration=2.5s,idle_age=0.05s,priority=1,actions=drop", "duration=2.500s, n_packets=0, n_bytes=0, idle_age=0.050s, priority=1,actions=drop" },
	{ D, "priority=1,actions=drop", "duration=0.000s, n_packets=0, n_bytes=0, idle_age=0.000s, priority=1,actions=drop" },
	/* an ovs-ofctl dump-flows line (OpenFlow 1.0) */
	{ D, " cookie=0x0, duration=3.104s, table=0, n_packets=3, n_bytes=294, idle_age=2, hard_age=65534, priority=100,ip,nw_dst=10.0.0.0/8 actions=output:2",
	  "duration=3.104s, n_packets=3, n_bytes=294, idle_age=2.000s, priority=100,ip,nw_dst=10.0.0.0/8,actions=output:2" },
	{ F, "table=0,priority=1,actions=drop", "priority=1,actions=drop" },
};

static int format_mode(char *buf, size_t n, const struct cvsw_flow *f,
		       enum cvsw_parse_mode mode)
{
	return mode == D ? cvsw_flow_format_stats(buf, n, f)
			 : cvsw_flow_format(buf, n, f);
}

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct rt *t = &table[i];
		const char *want = t->canon ? t->canon : t->in;
		struct cvsw_flow a, b;
		struct cvsw_parse_error err;
		char text[4096];
		int r;

		r = cvsw_flow_parse(t->in, t->mode, &a, &err);
		if (!ok(r == 0, "parse \"%s\"", tap_esc(t->in))) {
			diag("%s", err.text);
			continue;
		}
		format_mode(text, sizeof(text), &a, t->mode);
		if (!ok(!strcmp(text, want), "canonical \"%s\"", want))
			diag("got \"%s\"", text);
		r = cvsw_flow_parse(text, t->mode, &b, &err);
		ok(r == 0 && cvsw_flow_equal(&a, &b), "round trip \"%s\"", text);
	}
}

/* Values land in the right fields, in host order. */
static void test_values(void)
{
	struct cvsw_flow f;
	const struct cvsw_match *m = &f.match;

	cvsw_flow_parse("priority=0x8001,in_port=net,tcp,dl_src=01:02:03:04:05:06,"
			"nw_src=192.168.1.77/255.255.255.0,nw_dst=10.2.3.4,"
			"tp_src=0x1234,tp_dst=443,tun_id=0x100000000,cookie=42,"
			"idle_timeout=5,hard_timeout=7,send_flow_rem,"
			"actions=mod_nw_dst:1.2.3.4,controller:99,enqueue(3,9),5",
			F, &f, NULL);
	ok(f.priority == 0x8001, "priority hex");
	ok(m->present == (CVSW_M_IN_PORT | CVSW_M_DL_TYPE | CVSW_M_NW_PROTO |
			  CVSW_M_DL_SRC | CVSW_M_NW_SRC | CVSW_M_NW_DST |
			  CVSW_M_TP_SRC | CVSW_M_TP_DST | CVSW_M_TUN_ID),
	   "present bits");
	ok(m->in_port == 2, "in_port=net is 2");
	ok(m->dl_type == 0x0800 && m->nw_proto == 6, "tcp shorthand");
	ok(m->dl_src[0] == 1 && m->dl_src[5] == 6, "dl_src bytes");
	ok(m->nw_src == 0xc0a80100 && m->nw_src_prefix == 24,
	   "nw_src dotted mask -> /24, host bits cleared");
	ok(m->nw_dst == 0x0a020304 && m->nw_dst_prefix == 32, "nw_dst /32");
	ok(m->tp_src == 0x1234 && m->tp_dst == 443, "tp ports");
	ok(m->tun_id == 0x100000000ull, "tun_id 64-bit");
	ok(f.cookie == 42 && f.idle_timeout == 5 && f.hard_timeout == 7,
	   "cookie, timeouts");
	ok(f.flags == CVSW_FLOW_F_SEND_FLOW_REM, "flags");
	ok(f.n_actions == 4, "4 actions");
	ok(f.actions[0].type == CVSW_ACT_SET_NW_DST &&
	   f.actions[0].u.ipv4 == 0x01020304, "mod_nw_dst value");
	ok(f.actions[1].type == CVSW_ACT_OUTPUT &&
	   f.actions[1].u.output.port == CVSW_PORT_CONTROLLER &&
	   f.actions[1].u.output.max_len == 99, "controller:99");
	ok(f.actions[2].type == CVSW_ACT_ENQUEUE &&
	   f.actions[2].u.enqueue.port == 3 &&
	   f.actions[2].u.enqueue.queue_id == 9, "enqueue(3,9)");
	ok(f.actions[3].type == CVSW_ACT_OUTPUT &&
	   f.actions[3].u.output.port == 5 && !f.actions[3].u.output.max_len,
	   "bare number is output");

	cvsw_flow_parse("priority=1,actions=drop", F, &f, NULL);
	ok(f.has_actions && f.n_actions == 0, "actions=drop is an empty list");
	cvsw_flow_parse("tcp", M, &f, NULL);
	ok(!f.has_actions && f.out_port == CVSW_PORT_NONE, "match: no actions, out_port none");

	/* the 64-action limit is reachable */
	char big[2048] = "actions=";
	for (int i = 0; i < CVSW_MAX_ACTIONS; i++)
		strcat(big, i ? ",1" : "1");
	ok(cvsw_flow_parse(big, F, &f, NULL) == 0 &&
	   f.n_actions == CVSW_MAX_ACTIONS, "%d actions", CVSW_MAX_ACTIONS);

	/* standalone action list and match formatting */
	struct cvsw_action acts[4];
	unsigned n;
	char buf[256];

	ok(cvsw_actions_parse("output:1,strip_vlan", acts, 4, &n, NULL) == 0 &&
	   n == 2, "cvsw_actions_parse");
	cvsw_actions_format(buf, sizeof(buf), acts, n);
	ok(!strcmp(buf, "output:1,strip_vlan"), "cvsw_actions_format");
	cvsw_actions_format(buf, sizeof(buf), acts, 0);
	ok(!strcmp(buf, "drop"), "empty action list formats as drop");
	cvsw_flow_parse("udp,tp_dst=53", M, &f, NULL);
	cvsw_match_format(buf, sizeof(buf), &f.match);
	ok(!strcmp(buf, "udp,tp_dst=53"), "cvsw_match_format");

	/* snprintf semantics on truncation */
	cvsw_flow_parse("priority=1,actions=drop", F, &f, NULL);
	int need = cvsw_flow_format(buf, 5, &f);
	ok(need == (int)strlen("priority=1,actions=drop") && !strcmp(buf, "prio"),
	   "format truncates and returns the full length");
}

/* The longest flow fits CVSW_FLOW_TEXT_MAX. */
static void test_max_length(void)
{
	struct cvsw_flow f, g;
	char text[2 * CVSW_FLOW_TEXT_MAX];
	int len;

	cvsw_flow_parse("priority=65535,cookie=0xffffffffffffffff,idle_timeout=65535,"
			"hard_timeout=65535,send_flow_rem,check_overlap,in_port=65535,"
			"dl_type=0xffff,dl_src=ff:ff:ff:ff:ff:ff,dl_dst=ff:ff:ff:ff:ff:ff,"
			"dl_vlan=4095,dl_vlan_pcp=7,nw_src=255.255.255.254/31,"
			"nw_dst=255.255.255.254/31,nw_proto=255,nw_tos=252,tp_src=65535,"
			"tp_dst=65535,tun_id=0xffffffffffffffff,actions=drop",
			CVSW_PARSE_DUMP, &f, NULL);
	f.packets = f.bytes = f.duration_ms = f.idle_ms = UINT64_MAX;
	f.n_actions = CVSW_MAX_ACTIONS;
	for (unsigned i = 0; i < CVSW_MAX_ACTIONS; i++) {
		f.actions[i].type = CVSW_ACT_OUTPUT;
		f.actions[i].u.output.port = 65535;
		f.actions[i].u.output.max_len = 65535;
	}
	len = cvsw_flow_format_stats(text, sizeof(text), &f);
	ok(len < CVSW_FLOW_TEXT_MAX, "longest dump line: %d < CVSW_FLOW_TEXT_MAX", len);
	ok(cvsw_flow_parse(text, CVSW_PARSE_DUMP, &g, NULL) == 0 && cvsw_flow_equal(&f, &g),
	   "longest dump line round trip");
}

static void test_random(enum cvsw_parse_mode mode, unsigned n)
{
	unsigned bad = 0;

	for (unsigned i = 0; i < n; i++) {
		struct cvsw_flow a, b;
		struct cvsw_parse_error err;
		char text[8192];

		rnd_flow(&a, mode);
		format_mode(text, sizeof(text), &a, mode);
		if (cvsw_flow_parse(text, mode, &b, &err) ||
		    !cvsw_flow_equal(&a, &b)) {
			if (bad++ < 5)
				diag("mismatch: %s (%s)", text, err.text);
		}
	}
	ok(bad == 0, "%u random %s round trips (%u failed)", n,
	   mode == F ? "flow" : mode == M ? "match" : "dump line", bad);
}

int main(void)
{
	test_table();
	test_values();
	test_max_length();
	test_random(F, 20000);
	test_random(M, 5000);
	test_random(D, 5000);
	return tap_done();
}
