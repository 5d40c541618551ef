/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Tunnels in libcvsw without a kernel: the kinds' table (checked against
 * the kernel's constants), the text form of tunnel parameters (every
 * refusal, with its column; random round trips), port names (which are
 * refused, resolution in flows), and set_tunnel/tun_src/tun_dst in the
 * flow syntax as ovs-ofctl writes them.
 */
#include <errno.h>
#include <string.h>

#include "ports.h"
#include "tap.h"
#include "randflow.h"
#include "kmod_kinds.h"

/* ---- kinds ---- */

static void test_kinds(void)
{
	unsigned k;

	for (k = 0; k <= CVSW_PORT_KIND_MAX; k++) {
		const struct cvswi_port_kind *d = cvswi_port_kind(k);
		const char *name = cvsw_port_kind_name(k);

		ok(name && cvsw_port_kind_from_name(name) == (int)k,
		   "kind %u has a name (%s) that reads back", k, name ? name : "-");
		ok(cvsw_port_kind_is_tunnel(k) == kmod_kind_is_tunnel(k),
		   "kind %s: tunnel or not, as the kernel says", name);
		if (!kmod_kind_is_tunnel(k))
			continue;
		ok(d->key_bits == kmod_kind_key_bits(k),
		   "kind %s: %u-bit key, as kmod/datapath/tunnel_hdr.c", name, d->key_bits);
		ok(d->dst_port == (kmod_kind_dst_port(k) != 0),
		   "kind %s: has a destination port exactly when the kernel has a default", name);
	}
	ok(!cvsw_port_kind_name(CVSW_PORT_KIND_MAX + 1) && !cvswi_port_kind(CVSW_PORT_KIND_MAX + 1),
	   "no kind past the last");
	ok(cvsw_port_kind_from_name("gre") == -EINVAL && cvsw_port_kind_from_name("VXLAN") == -EINVAL,
	   "unknown kind names: -EINVAL");
}

/* ---- the text form ---- */

static bool tunnel_equal(const struct cvsw_port *a, const struct cvsw_port *b)
{
	const struct cvsw_tunnel *x = &a->tun, *y = &b->tun;

	return a->kind == b->kind && a->port_no == b->port_no &&
	       x->remote_ip == y->remote_ip && x->local_ip == y->local_ip &&
	       x->key == y->key && x->key_flow == y->key_flow &&
	       x->dst_port == y->dst_port && x->has_remote_mac == y->has_remote_mac &&
	       (!x->has_remote_mac || !memcmp(x->remote_mac, y->remote_mac, 6)) &&
	       x->tos == y->tos && x->tos_inherit == y->tos_inherit &&
	       x->ttl == y->ttl && x->flowid_hash == y->flowid_hash;
}

static void test_parse_ok(void)
{
	struct cvsw_port p;
	char buf[256];

	ok(!cvsw_tunnel_parse("type=vxlan remote_ip=10.0.0.2", &p, NULL) &&
	   p.kind == CVSW_PORT_KIND_VXLAN && p.tun.remote_ip == 0x0a000002 &&
	   !p.tun.local_ip && !p.tun.key && !p.tun.key_flow && !p.tun.dst_port &&
	   !p.tun.has_remote_mac && !p.tun.tos && !p.tun.ttl && !p.port_no,
	   "the minimal text: every other parameter at its default (0)");
	ok(!cvsw_tunnel_parse(" remote_ip=1.2.3.4,,type=stt , key=0xffffffffffffffff ", &p, NULL) &&
	   p.kind == CVSW_PORT_KIND_STT && p.tun.key == UINT64_MAX,
	   "commas and blanks separate, any order; STT takes a 64-bit key");
	ok(!cvsw_tunnel_parse("type=geneve remote_ip=1.2.3.4 key=16777215", &p, NULL) &&
	   p.tun.key == 0xffffff, "geneve: the largest 24-bit key");
	ok(!cvsw_tunnel_parse("type=nvgre remote_ip=1.2.3.4 flowid=hash tos=inherit key=flow ofport=3",
			      &p, NULL) && p.tun.flowid_hash && p.tun.tos_inherit &&
	   p.tun.key_flow && p.port_no == 3, "nvgre flowid=hash, tos=inherit, key=flow, ofport=3");
	ok(!cvsw_tunnel_parse("type=sclp remote_ip=1.2.3.4 dst_port=65535 ttl=255 tos=255 "
			      "ofport=0xff00", &p, NULL) && p.tun.dst_port == 65535 &&
	   p.tun.ttl == 255 && p.tun.tos == 255 && p.port_no == CVSW_PORT_MAX, "upper bounds");
	cvsw_tunnel_parse("type=vxlan remote_ip=10.0.0.2 local_ip=10.0.0.1 key=5 dst_port=8472 "
			  "remote_mac=2:0:0:0:0:a ofport=9 tos=4 ttl=3", &p, NULL);
	cvsw_tunnel_format(buf, sizeof(buf), &p);
	ok(!strcmp(buf, "type=vxlan remote_ip=10.0.0.2 local_ip=10.0.0.1 key=5 dst_port=8472 "
		   "remote_mac=02:00:00:00:00:0a ofport=9 tos=4 ttl=3"),
	   "canonical text: %s", buf);
	ok(cvsw_tunnel_format(buf, 8, &p) > 8 && strlen(buf) == 7,
	   "format truncates and returns the length it needs");
}

struct refusal {
	const char *text;
	unsigned column;
	const char *item;
	const char *msg;	/* a substring of the message */
};

static const struct refusal refusals[] = {
	{ "type=vxlan remote_ip=1.2.3.4 bogus=1", 30, "bogus=1",
	  "unknown parameter (type, remote_ip, local_ip, key, dst_port, remote_mac, ofport, tos, ttl, flowid)" },
	{ "type=vxlan remote_ip", 12, "remote_ip", "missing value (expected remote_ip=A.B.C.D)" },
	{ "type= remote_ip=1.2.3.4", 1, "type=", "missing value (expected type=KIND)" },
	{ "type=vxlan type=stt remote_ip=1.2.3.4", 12, "type=stt", "duplicate parameter type" },
	{ "type=gre remote_ip=1.2.3.4", 1, "type=gre",
	  "unknown tunnel type \"gre\" (vxlan, nvgre, geneve, stt or sclp)" },
	{ "type=host remote_ip=1.2.3.4", 1, "type=host", "host is a port of its own, not a tunnel type" },
	{ "remote_ip=1.2.3.4", 18, "", "missing type= (vxlan, nvgre, geneve, stt or sclp)" },
	{ "type=vxlan key=5", 17, "", "missing remote_ip=A.B.C.D" },
	{ "", 1, "", "missing type=" },
	{ "type=vxlan remote_ip=1.2.3", 12, "remote_ip=1.2.3", "invalid IPv4 address (A.B.C.D)" },
	{ "type=vxlan remote_ip=0.0.0.0", 12, "remote_ip=0.0.0.0", "must be a unicast IPv4 address" },
	{ "type=vxlan remote_ip=239.1.1.1", 12, "remote_ip=239.1.1.1", "must be a unicast IPv4 address" },
	{ "type=vxlan remote_ip=255.255.255.255", 12, "remote_ip=255.255.255.255", "unicast" },
	{ "type=vxlan remote_ip=1.2.3.4 local_ip=224.0.0.1", 30, "local_ip=224.0.0.1", "unicast" },
	{ "type=vxlan remote_ip=1.2.3.4 local_ip=1.2.3.4", 30, "local_ip=1.2.3.4",
	  "local_ip and remote_ip are the same address" },
	{ "type=vxlan remote_ip=1.2.3.4 key=0x1000000", 30, "key=0x1000000",
	  "key 0x1000000 too big for vxlan (24 bits: at most 0xffffff)" },
	{ "key=16777216 type=nvgre remote_ip=1.2.3.4", 1, "key=16777216", "too big for nvgre (24 bits" },
	{ "type=geneve remote_ip=1.2.3.4 key=0x1000000", 31, "key=0x1000000", "too big for geneve" },
	{ "type=sclp remote_ip=1.2.3.4 key=0x1000000", 29, "key=0x1000000", "too big for sclp" },
	{ "type=stt remote_ip=1.2.3.4 key=0x10000000000000000", 28, "key=0x10000000000000000",
	  "out of range (0..18446744073709551615)" },
	{ "type=vxlan remote_ip=1.2.3.4 key=fl0w", 30, "key=fl0w", "invalid number" },
	{ "type=vxlan remote_ip=1.2.3.4 dst_port=0", 30, "dst_port=0", "out of range (1..65535)" },
	{ "type=vxlan remote_ip=1.2.3.4 dst_port=65536", 30, "dst_port=65536", "out of range (1..65535)" },
	{ "type=nvgre remote_ip=1.2.3.4 dst_port=4789", 30, "dst_port=4789",
	  "nvgre has no destination port" },
	{ "type=vxlan remote_ip=1.2.3.4 remote_mac=1:2:3", 30, "remote_mac=1:2:3", "invalid MAC address" },
	{ "type=vxlan remote_ip=1.2.3.4 remote_mac=01:00:5e:00:00:01", 30,
	  "remote_mac=01:00:5e:00:00:01", "must be a unicast MAC address" },
	{ "type=vxlan remote_ip=1.2.3.4 remote_mac=0:0:0:0:0:0", 30, "remote_mac=0:0:0:0:0:0",
	  "unicast MAC" },
	{ "type=vxlan remote_ip=1.2.3.4 ofport=2", 30, "ofport=2",
	  "ports 1 and 2 are host and net: tunnels are numbered from 3" },
	{ "type=vxlan remote_ip=1.2.3.4 ofport=0", 30, "ofport=0", "ports 1 and 2" },
	{ "type=vxlan remote_ip=1.2.3.4 ofport=0xff01", 30, "ofport=0xff01", "out of range (3..65280)" },
	{ "type=vxlan remote_ip=1.2.3.4 tos=256", 30, "tos=256", "out of range (0..255)" },
	{ "type=vxlan remote_ip=1.2.3.4 tos=copy", 30, "tos=copy", "invalid number" },
	{ "type=vxlan remote_ip=1.2.3.4 ttl=0", 30, "ttl=0", "out of range (1..255)" },
	{ "type=vxlan remote_ip=1.2.3.4 ttl=256", 30, "ttl=256", "out of range (1..255)" },
	{ "type=nvgre remote_ip=1.2.3.4 flowid=1", 30, "flowid=1", "flowid is 0 or hash" },
	{ "type=vxlan remote_ip=1.2.3.4 flowid=hash", 30, "flowid=hash", "flowid is NVGRE's, not vxlan's" },
	{ "type=stt remote_ip=1.2.3.4 flowid=0", 28, "flowid=0", "flowid is NVGRE's" },
	{ "type=vxlan remote_ip=1.2.3.4 key=00000000000000000000000000000000000000000000000000000000000000001",
	  30, "key=00000000000000000000000000000000000000000000000000000000...", "value too long" },
};

static void test_refusals(void)
{
	for (size_t i = 0; i < sizeof(refusals) / sizeof(refusals[0]); i++) {
		const struct refusal *r = &refusals[i];
		struct cvsw_parse_error err;
		struct cvsw_port p;
		int rc = cvsw_tunnel_parse(r->text, &p, &err);

		if (!ok(rc == -EINVAL && err.column == r->column && !strcmp(err.item, r->item) &&
			strstr(err.msg, r->msg), "refused: \"%s\"", r->text))
			diag("rc %d, column %u, item \"%s\", msg \"%s\"", rc, err.column,
			     err.item, err.msg);
	}
	ok(cvsw_tunnel_parse("type=vxlan", &(struct cvsw_port){ 0 }, NULL) == -EINVAL,
	   "err may be NULL");
}

static void rnd_tunnel(struct cvsw_port *p)
{
	static const uint8_t kinds[] = {
		CVSW_PORT_KIND_VXLAN, CVSW_PORT_KIND_NVGRE, CVSW_PORT_KIND_GENEVE,
		CVSW_PORT_KIND_STT, CVSW_PORT_KIND_SCLP,
	};
	struct cvsw_tunnel *t = &p->tun;
	const struct cvswi_port_kind *k;

	memset(p, 0, sizeof(*p));
	p->kind = kinds[rnd_below(sizeof(kinds))];
	k = cvswi_port_kind(p->kind);
	t->remote_ip = 0x01000000u + rnd_below(0xdeffffffu);
	if (rnd_below(2))
		do
			t->local_ip = 0x01000000u + rnd_below(0xdeffffffu);
		while (t->local_ip == t->remote_ip);
	if (rnd_below(3) == 0)
		t->key_flow = true;
	else if (rnd_below(2))
		t->key = k->key_bits == 64 ? rnd() : rnd() & 0xffffff;
	if (k->dst_port && rnd_below(2))
		t->dst_port = (uint16_t)(1 + rnd_below(65535));
	if (rnd_below(2)) {
		t->has_remote_mac = true;
		rnd_mac(t->remote_mac);
		t->remote_mac[0] = (uint8_t)((t->remote_mac[0] & 0xfe) | 2);
	}
	if (rnd_below(3) == 0)
		t->tos_inherit = true;
	else
		t->tos = (uint8_t)rnd();
	t->ttl = (uint8_t)rnd_below(256);
	t->flowid_hash = k->flowid && rnd_below(2);
	if (rnd_below(2))
		p->port_no = (uint16_t)(CVSW_PORT_TUNNEL_MIN + rnd_below(CVSW_PORT_MAX - 2));
}

static void test_roundtrip(void)
{
	unsigned bad = 0;

	for (int i = 0; i < 5000; i++) {
		struct cvsw_port p, q;
		struct cvsw_parse_error err;
		char buf[512];

		rnd_tunnel(&p);
		cvsw_tunnel_format(buf, sizeof(buf), &p);
		if (cvsw_tunnel_parse(buf, &q, &err) || !tunnel_equal(&p, &q)) {
			if (bad++ < 5)
				diag("\"%s\": %s", buf, err.text);
		}
	}
	ok(bad == 0, "5000 random tunnels: format, parse back, equal (%u bad)", bad);
}

static void test_keywords(void)
{
	struct cvsw_syntax_word w;
	struct cvsw_port p;
	char text[128];
	unsigned i;

	for (i = 0; cvsw_tunnel_keyword(i, &w); i++) {
		/* every word is one the parser knows */
		snprintf(text, sizeof(text), "%s=", w.name);
		cvsw_tunnel_parse(text, &p, &(struct cvsw_parse_error){ 0 });
		EXPECT(w.sep == '=');
	}
	ok(i == 10, "ten parameter words (%u)", i);
}

/* ---- port names ---- */

static void test_names(void)
{
	static const char *const refused[] = {
		"", "0123456789abcdef", "a,b", "a=b", "a:b", "a b", "a(b", "a/b", "a'b",
		"normal", "NORMAL", "host", "Net", "in_port", "any", "none", "local",
		"controller", "5", "0x10", "65535", "99999", "drop", "strip_vlan",
		"mod_vlan_vid", "set_tunnel64", "set_field", "load", "output", "enqueue",
	};
	static const char *const fine[] = { "vx0", "gre-1", "stt.a", "0123456789abcde", "hostx", "x" };
	const char *why;
	int r;

	/* (the call before ok(): its arguments are read in no set order) */
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		r = cvsw_port_name_check(refused[i], &why);
		ok(r == -EINVAL && *why, "name \"%s\" refused: %s", refused[i], why);
	}
	for (size_t i = 0; i < sizeof(fine) / sizeof(fine[0]); i++) {
		r = cvsw_port_name_check(fine[i], &why);
		ok(!r && !*why, "name \"%s\" accepted", fine[i]);
	}
	ok(!cvsw_port_name_check("vx0", NULL), "why may be NULL");
}

static unsigned n_resolved;

static int counting_resolve(const char *name, uint16_t *port, void *arg)
{
	n_resolved++;
	return cvsw_port_list_resolve(name, port, arg);
}

static void test_resolution(void)
{
	static const struct cvsw_port ports[] = {
		{ .port_no = 1, .name = "host", .kind = CVSW_PORT_KIND_HOST },
		{ .port_no = 3, .name = "vx0", .kind = CVSW_PORT_KIND_VXLAN },
		{ .port_no = 17, .name = "gn1", .kind = CVSW_PORT_KIND_GENEVE },
	};
	struct cvsw_port_list list = { ports, 3 };
	struct cvsw_port_names names = { counting_resolve, &list };
	struct cvsw_parse_error err;
	struct cvsw_flow f;
	struct cvsw_action acts[4];
	unsigned n;
	char buf[256];

	ok(!cvsw_flow_parse_names("in_port=vx0,actions=output:gn1,gn1,enqueue:vx0:7,"
				  "output(port=gn1,max_len=9)", CVSW_PARSE_FLOW, &names, &f, &err) &&
	   f.match.in_port == 3 && f.n_actions == 4 &&
	   f.actions[0].type == CVSW_ACT_OUTPUT && f.actions[0].u.output.port == 17 &&
	   f.actions[1].type == CVSW_ACT_OUTPUT && f.actions[1].u.output.port == 17 &&
	   f.actions[2].type == CVSW_ACT_ENQUEUE && f.actions[2].u.enqueue.port == 3 &&
	   f.actions[3].u.output.port == 17 && f.actions[3].u.output.max_len == 9,
	   "in_port=NAME, output:NAME, a bare NAME, enqueue:NAME:Q, output(port=NAME,...)");
	cvsw_flow_format(buf, sizeof(buf), &f);
	ok(!strcmp(buf, "priority=32768,in_port=3,actions=output:17,output:17,enqueue:3:7,"
		   "output(port=17,max_len=9)"), "the canonical text keeps numbers: %s", buf);
	ok(!cvsw_flow_parse_names("out_port=vx0", CVSW_PARSE_MATCH, &names, &f, NULL) &&
	   f.out_port == 3, "out_port=NAME in a match");
	n_resolved = 0;
	ok(!cvsw_flow_parse_names("in_port=3,actions=output:host,normal,net,in_port,17",
				  CVSW_PARSE_FLOW, &names, &f, NULL) && n_resolved == 0,
	   "numbers and reserved names never reach the resolver");
	ok(cvsw_flow_parse_names("in_port=vx9,actions=drop", CVSW_PARSE_FLOW, &names, &f, &err) ==
	   -EINVAL && err.column == 1 && !strcmp(err.item, "in_port=vx9") &&
	   !strcmp(err.msg, "unknown port \"vx9\" (a number, host, net, a reserved port or a port of the device)"),
	   "an unknown name: %s", err.text);
	ok(cvsw_flow_parse_names("actions=vx9", CVSW_PARSE_FLOW, &names, &f, &err) == -EINVAL &&
	   !strcmp(err.msg, "unknown action"), "an unknown bare word stays an unknown action");
	ok(cvsw_flow_parse("in_port=vx0,actions=drop", CVSW_PARSE_FLOW, &f, &err) == -EINVAL &&
	   strstr(err.msg, "invalid port"), "the pure parser, without a resolver, refuses a name");
	ok(!cvsw_actions_parse_names("vx0,output:gn1", &names, acts, 4, &n, &err) && n == 2 &&
	   acts[0].u.output.port == 3 && acts[1].u.output.port == 17,
	   "cvsw_actions_parse_names (packet-out)");
	ok(cvsw_actions_parse("vx0", acts, 4, &n, &err) == -EINVAL, "cvsw_actions_parse: no names");
	ok(cvsw_port_list_resolve("gn1", &(uint16_t){ 0 }, &list) == 0 &&
	   cvsw_port_list_resolve("gn", &(uint16_t){ 0 }, &list) == -ENOENT,
	   "cvsw_port_list_resolve: exact names only");
}

/* ---- the flow syntax ---- */

struct text_case {
	const char *in;
	const char *out;	/* canonical; NULL: refused with `out` below */
	const char *msg;
};

static const struct text_case texts[] = {
	{ "actions=set_tunnel:5", "priority=32768,actions=set_tunnel:0x5", NULL },
	{ "actions=set_tunnel:0", "priority=32768,actions=set_tunnel:0", NULL },
	{ "actions=set_tunnel:0xffffffff", "priority=32768,actions=set_tunnel:0xffffffff", NULL },
	{ "actions=set_tunnel:0x100000000", "priority=32768,actions=set_tunnel64:0x100000000", NULL },
	{ "actions=set_tunnel64:7", "priority=32768,actions=set_tunnel:0x7", NULL },
	{ "actions=SET_TUNNEL64:0xffffffffffffffff",
	  "priority=32768,actions=set_tunnel64:0xffffffffffffffff", NULL },
	{ "actions=set_field:9->tun_id", "priority=32768,actions=set_tunnel:0x9", NULL },
	{ "actions=set_field:0x123456789->tunnel_id",
	  "priority=32768,actions=set_tunnel64:0x123456789", NULL },
	{ "actions=load:0x7->NXM_NX_TUN_ID[]", "priority=32768,actions=set_tunnel:0x7", NULL },
	{ "tun_src=10.0.0.1,tun_dst=192.168.0.0/255.255.0.0,actions=drop",
	  "priority=32768,tun_src=10.0.0.1,tun_dst=192.168.0.0/16,actions=drop", NULL },
	{ "tun_dst=10.1.2.3/8,tun_id=5,actions=drop",
	  "priority=32768,tun_id=0x5,tun_dst=10.0.0.0/8,actions=drop", NULL },
	{ "actions=set_tunnel64:0x10000000000000000", NULL, "value out of range" },
	{ "actions=set_tunnel64", NULL, "set_tunnel64 needs a value (set_tunnel64:VALUE)" },
	{ "actions=load:1->NXM_OF_IN_PORT[]", NULL, "load can only write NXM_NX_TUN_ID[]" },
	{ "actions=load:1", NULL, "load can only write NXM_NX_TUN_ID[]" },
	{ "tun_src=1.2.3.4/0,actions=drop", NULL, "prefix length must be 1..32" },
	{ "tun_src=1.2.3.4/255.0.255.0,actions=drop", NULL, "netmask is not contiguous" },
	{ "tun_dst=1.2.3,actions=drop", NULL, "invalid IPv4 address" },
	{ "tun_src=1.2.3.4,tun_src=1.2.3.5,actions=drop", NULL, "duplicate field tun_src" },
	{ "actions=set_field:1->tun_src", NULL, "set_field cannot write tun_src" },
};

static void test_flow_texts(void)
{
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		const struct text_case *t = &texts[i];
		struct cvsw_parse_error err;
		struct cvsw_flow f, g;
		char buf[512];
		int rc = cvsw_flow_parse(t->in, CVSW_PARSE_FLOW, &f, &err);

		if (!t->out) {
			if (!ok(rc == -EINVAL && strstr(err.msg, t->msg), "refused: %s", t->in))
				diag("%s", rc ? err.text : "accepted");
			continue;
		}
		buf[0] = '\0';
		if (!rc)
			cvsw_flow_format(buf, sizeof(buf), &f);
		if (!ok(!rc && !strcmp(buf, t->out) &&
			!cvsw_flow_parse(buf, CVSW_PARSE_FLOW, &g, NULL) && cvsw_flow_equal(&f, &g),
			"%s -> %s, and back", t->in, t->out))
			diag("%s", rc ? err.text : buf);
	}
}

static void test_action_words(void)
{
	struct cvsw_syntax_word w;
	bool st64 = false, load = false;

	for (unsigned i = 0; cvsw_action_keyword(i, &w); i++) {
		st64 |= !strcmp(w.name, "set_tunnel64") && w.sep == ':';
		load |= !strcmp(w.name, "load") && w.sep == ':';
	}
	ok(st64 && load, "completion words: set_tunnel64: and load:");
}

int main(void)
{
	test_kinds();
	test_parse_ok();
	test_refusals();
	test_roundtrip();
	tap_run("every parameter word parses", test_keywords);
	test_names();
	test_resolution();
	test_flow_texts();
	test_action_words();
	return tap_done();
}
