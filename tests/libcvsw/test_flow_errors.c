/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Every error path of the flow parser, with the column it must report and
 * (a part of) its message; plus the exact text of the error format.
 */
#include <errno.h>
#include <string.h>

#include "cvsw.h"
#include "tap.h"

struct et {
	enum cvsw_parse_mode mode;
	const char *in;
	unsigned column;
	const char *msg;	/* a substring of err.msg */
};

#define F CVSW_PARSE_FLOW
#define M CVSW_PARSE_MATCH
#define D CVSW_PARSE_DUMP

static const struct et table[] = {
	/* fields */
	{ F, "foo=1,actions=drop", 1, "unknown field" },
	{ F, "priority=1,bogus,actions=drop", 12, "unknown field" },
	{ F, "priority=1,Priority=2,actions=drop", 12, "unknown field" },
	{ F, "priority,actions=drop", 1, "missing value" },
	{ F, "priority=,actions=drop", 1, "missing value" },
	{ F, "priority=1,priority=2,actions=drop", 12, "duplicate field priority" },
	{ F, "ip,ip,actions=drop", 4, "duplicate field ip" },
	{ F, "ip,dl_type=0x800,actions=drop", 4, "dl_type is already set" },
	{ F, "dl_type=0x800,tcp,actions=drop", 15, "dl_type is already set" },
	{ F, "nw_proto=6,tcp,actions=drop", 12, "nw_proto is already set" },
	{ F, "dl_type=0x86dd,ip,actions=drop", 16, "dl_type is already set" },
	{ F, "tcp,nw_proto=6,actions=drop", 5, "nw_proto is already set" },
	{ F, "ip=1,actions=drop", 1, "takes no value" },
	{ F, "send_flow_rem=1,actions=drop", 1, "takes no value" },
	{ F, "check_overlap=yes,actions=drop", 1, "takes no value" },
	{ F, "actions,priority=1", 1, "actions=LIST" },
	/* numbers */
	{ F, "priority=65536,actions=drop", 1, "out of range (maximum 65535)" },
	{ F, "priority=-1,actions=drop", 1, "invalid number" },
	{ F, "priority=1x,actions=drop", 1, "invalid number" },
	{ F, "priority=0x,actions=drop", 1, "invalid number" },
	{ F, "priority=0x10000,actions=drop", 1, "out of range" },
	{ F, "priority=99999999999999999999999,actions=drop", 1, "out of range" },
	{ F, "cookie=0x10000000000000000,actions=drop", 1, "out of range" },
	{ F, "cookie=18446744073709551616,actions=drop", 1, "out of range" },
	{ F, "idle_timeout=70000,actions=drop", 1, "out of range" },
	{ F, "hard_timeout=abc,actions=drop", 1, "invalid number" },
	{ F, "tun_id=0xg,actions=drop", 1, "invalid number" },
	{ F, "tun_id=0x1ffffffffffffffff,actions=drop", 1, "out of range" },
	{ F, "dl_type=0x10000,actions=drop", 1, "out of range" },
	{ F, "dl_vlan=4096,actions=drop", 1, "0..4095, or 0xffff" },
	{ F, "dl_vlan=0xfffe,actions=drop", 1, "0..4095, or 0xffff" },
	{ F, "dl_vlan=x,actions=drop", 1, "invalid number" },
	{ F, "dl_vlan_pcp=8,actions=drop", 1, "out of range (maximum 7)" },
	{ F, "nw_tos=256,actions=drop", 1, "out of range (maximum 255)" },
	{ F, "nw_tos=5,actions=drop", 1, "multiple of 4" },
	{ F, "nw_proto=300,actions=drop", 1, "out of range" },
	{ F, "tp_src=65536,actions=drop", 1, "out of range" },
	{ F, "tp_dst=http,actions=drop", 1, "invalid number" },
	/* ports */
	{ F, "in_port=eth0,actions=drop", 1, "invalid port" },
	{ F, "in_port=65536,actions=drop", 1, "port out of range" },
	/* addresses */
	{ F, "priority=1,ip,nw_src=10.0.0.300,actions=drop", 15, "invalid IPv4 address" },
	{ F, "nw_src=10.0.0,actions=drop", 1, "invalid IPv4 address" },
	{ F, "nw_src=10.0.0.1.2,actions=drop", 1, "invalid IPv4 address" },
	{ F, "nw_src=010.0.0.1,actions=drop", 1, "invalid IPv4 address" },
	{ F, "nw_src=a.b.c.d,actions=drop", 1, "invalid IPv4 address" },
	{ F, "nw_dst=10.0.0.0/33,actions=drop", 1, "invalid prefix length" },
	{ F, "nw_dst=10.0.0.0/0,actions=drop", 1, "prefix length must be 1..32" },
	{ F, "nw_dst=10.0.0.0/,actions=drop", 1, "invalid prefix length" },
	{ F, "nw_dst=10.0.0.0/x,actions=drop", 1, "invalid prefix length" },
	{ F, "nw_dst=10.0.0.0/255.0.255.0,actions=drop", 1, "not contiguous" },
	{ F, "nw_dst=10.0.0.0/255.0.0,actions=drop", 1, "invalid netmask" },
	{ F, "nw_dst=10.0.0.0/0.0.0.0,actions=drop", 1, "prefix length must be" },
	{ F, "dl_src=00:11:22:33:44,actions=drop", 1, "invalid MAC" },
	{ F, "dl_src=00:11:22:33:44:55:66,actions=drop", 1, "invalid MAC" },
	{ F, "dl_dst=00:11:22:33:44:5g,actions=drop", 1, "invalid MAC" },
	{ F, "dl_dst=001:11:22:33:44:55,actions=drop", 1, "invalid MAC" },
	{ F, "dl_dst=00-11-22-33-44-55,actions=drop", 1, "invalid MAC" },
	/* modes */
	{ F, "priority=1", 11, "missing actions=" },
	{ F, "", 1, "missing actions=" },
	{ F, "priority=1,out_port=2,actions=drop", 12, "out_port is only allowed in a match" },
	{ F, "n_packets=1,actions=drop", 1, "counter" },
	{ M, "priority=1,actions=drop", 12, "not allowed in a match" },
	{ M, "idle_timeout=5", 1, "not allowed in a match" },
	{ M, "hard_timeout=5", 1, "not allowed in a match" },
	{ M, "cookie=5", 1, "not allowed in a match" },
	{ M, "send_flow_rem", 1, "not allowed in a match" },
	{ M, "check_overlap", 1, "not allowed in a match" },
	{ M, "duration=1s", 1, "counter" },
	{ M, "out_port=x", 1, "invalid port" },
	{ D, "duration=1x,actions=drop", 1, "invalid duration" },
	{ D, "duration=1ss,actions=drop", 1, "invalid duration" },
	{ F, "table=1,actions=drop", 1, "only table 0" },
	{ F, "table=256,actions=drop", 1, "out of range" },
	{ F, "hard_age=1,actions=drop", 1, "counter" },
	{ D, "duration=1.s,actions=drop", 1, "invalid duration" },
	{ D, "duration=s,actions=drop", 1, "invalid duration" },
	{ D, "idle_age=1.2345s,actions=drop", 1, "invalid duration" },
	{ D, "n_bytes=-1,actions=drop", 1, "invalid number" },
	{ D, "n_packets=1,n_packets=2,actions=drop", 13, "duplicate" },
	/* actions: the column points at the action inside the list */
	{ F, "actions=output:abc", 9, "invalid port" },
	{ F, "priority=1,actions=output:2,bogus", 29, "unknown action" },
	{ F, "actions=output", 9, "needs a port" },
	{ F, "actions=output:", 9, "missing argument" },
	{ F, "actions=output:70000", 9, "port out of range" },
	{ F, "actions=output(port=1)", 9, "max_len" },
	{ F, "actions=output(port=1,max_len=70000)", 9, "out of range" },
	{ F, "actions=controller:70000", 9, "out of range" },
	{ F, "actions=controller(max_len=x)", 9, "invalid number" },
	{ F, "actions=controller(max_len=1", 9, "missing ')'" },
	{ F, "actions=controller()", 9, "missing argument" },
	{ F, "actions=normal:1", 9, "takes no argument" },
	{ F, "actions=strip_vlan:1", 9, "takes no argument" },
	{ F, "actions=drop,output:1", 9, "drop must be the only action" },
	{ F, "actions=output:1,drop", 18, "drop must be the only action" },
	{ F, "actions=output:1,,output:2", 18, "empty action" },
	{ F, "actions=output:1,", 18, "missing action after ','" },
	{ F, "actions=mod_vlan_vid:4096", 9, "out of range (maximum 4095)" },
	{ F, "actions=mod_vlan_vid", 9, "needs a value" },
	{ F, "actions=mod_vlan_pcp:8", 9, "out of range (maximum 7)" },
	{ F, "actions=mod_dl_src:1:2:3", 9, "invalid MAC" },
	{ F, "actions=mod_dl_dst:zz:00:00:00:00:00", 9, "invalid MAC" },
	{ F, "actions=mod_nw_src:1.2.3", 9, "invalid IPv4" },
	{ F, "actions=mod_nw_dst:256.1.1.1", 9, "invalid IPv4" },
	{ F, "actions=mod_nw_tos:3", 9, "multiple of 4" },
	{ F, "actions=mod_nw_tos:256", 9, "out of range" },
	{ F, "actions=mod_tp_src:65536", 9, "out of range" },
	{ F, "actions=mod_tp_dst:-1", 9, "invalid number" },
	{ F, "actions=enqueue:1", 9, "needs a port and a queue" },
	{ F, "actions=enqueue:x:1", 9, "invalid port" },
	{ F, "actions=enqueue:1:4294967296", 9, "out of range" },
	{ F, "actions=enqueue(1,q)", 9, "invalid number" },
	{ F, "actions=push_vxlan", 9, "unknown action" },
	{ F, "  priority=1 , actions= output:1 , foo", 36, "unknown action" },
	/* trailing garbage after a valid flow is an unknown action, since
	 * actions= takes the rest of the text */
	{ F, "priority=1,actions=output:1 garbage", 20, "invalid port" },
};

static void test_table(void)
{
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++) {
		const struct et *t = &table[i];
		struct cvsw_parse_error err;
		struct cvsw_flow f;
		int r = cvsw_flow_parse(t->in, t->mode, &f, &err);

		if (!ok(r == -EINVAL && err.column == t->column &&
			strstr(err.msg, t->msg),
			"\"%s\" -> column %u, \"%s\"", t->in, t->column, t->msg))
			diag("got %d: %s", r, err.text);
	}
}

static void test_format(void)
{
	struct cvsw_parse_error err;
	struct cvsw_flow f;
	char big[300];

	cvsw_flow_parse("priority=100,ip,nw_src=10.0.0.300,actions=drop", F, &f, &err);
	ok(!strcmp(err.text, "error at column 17 (\"nw_src=10.0.0.300\"): invalid IPv4 address"),
	   "error text format: %s", err.text);
	ok(!strcmp(err.item, "nw_src=10.0.0.300"), "item is the offending field");
	cvsw_flow_parse("priority=1", F, &f, &err);
	ok(!strcmp(err.text, "error at column 11: missing actions= (use actions=drop to drop)"),
	   "error without an item: %s", err.text);
	/* a long item is shortened, the column stays */
	memset(big, 'x', sizeof(big));
	memcpy(big, "dl_src=", 7);
	big[sizeof(big) - 1] = '\0';
	cvsw_flow_parse(big, F, &f, &err);
	ok(err.column == 1 && strlen(err.item) == sizeof(err.item) - 1 &&
	   !strcmp(err.item + strlen(err.item) - 3, "..."), "long item shortened");
	/* an error pointer is optional */
	ok(cvsw_flow_parse("bogus", F, &f, NULL) == -EINVAL, "NULL error pointer");
	/* actions parse alone: columns from 1 */
	struct cvsw_action a[2];
	unsigned n;

	ok(cvsw_actions_parse("output:1,foo", a, 2, &n, &err) == -EINVAL &&
	   err.column == 10, "cvsw_actions_parse column");
	ok(cvsw_actions_parse("1,2,3", a, 2, &n, &err) == -EINVAL &&
	   strstr(err.msg, "too many actions"), "action array limit");
}

/* Mutated and random texts: the parser never crashes or reads out of
 * bounds (valgrind watches), and every failure has a column inside the
 * text (or just past it) and a message. */
static void test_mutations(void)
{
	static const char *const seeds[] = {
		"priority=100,in_port=1,tcp,dl_src=00:11:22:33:44:55,nw_src=10.0.0.0/8,"
		"tp_dst=80,tun_id=0x5,cookie=0x1,idle_timeout=5,send_flow_rem,"
		"actions=mod_dl_dst:02:00:00:00:00:02,controller(max_len=5),enqueue(1,2),output:2",
		"duration=1.5s, n_packets=3, n_bytes=4, priority=1,arp,actions=drop",
		"ip,nw_dst=1.2.3.4/255.255.0.0,actions=output(port=2,max_len=9)",
	};
	static const char alphabet[] = "=,:./()0123456789abcdefx ipactonsrd_";
	unsigned bad = 0, parsed = 0;
	uint64_t st = 88172645463325252ull;

	for (unsigned i = 0; i < 30000; i++) {
		char text[512];
		size_t len;
		struct cvsw_parse_error err;
		struct cvsw_flow f;
		int r;

		strcpy(text, seeds[i % 3]);
		len = strlen(text);
		for (int m = 0; m < 1 + (int)(i % 4); m++) {
			st ^= st << 13; st ^= st >> 7; st ^= st << 17;
			size_t pos = st % (len + 1);

			switch ((st >> 32) % 3) {
			case 0:		/* replace */
				if (pos < len)
					text[pos] = alphabet[(st >> 40) % (sizeof(alphabet) - 1)];
				break;
			case 1:		/* delete */
				if (pos < len) {
					memmove(text + pos, text + pos + 1, len - pos);
					len--;
				}
				break;
			default:	/* truncate */
				text[pos] = '\0';
				len = pos;
				break;
			}
		}
		r = cvsw_flow_parse(text, (enum cvsw_parse_mode)(i % 3), &f, &err);
		if (r == 0) {
			/* whatever parses must format and parse back equal */
			char out[8192];
			struct cvsw_flow g;

			parsed++;
			if (i % 3 == CVSW_PARSE_DUMP)
				cvsw_flow_format_stats(out, sizeof(out), &f);
			else
				cvsw_flow_format(out, sizeof(out), &f);
			if (cvsw_flow_parse(out, (enum cvsw_parse_mode)(i % 3), &g, NULL) ||
			    !cvsw_flow_equal(&f, &g)) {
				if (bad++ < 3)
					diag("no round trip: \"%s\" -> \"%s\"", tap_esc(text), out);
			}
		} else if (r != -EINVAL || err.column < 1 || err.column > len + 1 ||
			   !err.msg[0] || strncmp(err.text, "error at column ", 16)) {
			if (bad++ < 3)
				diag("\"%s\" -> %d, column %u: %s", tap_esc(text), r, err.column, err.text);
		}
	}
	ok(bad == 0, "30000 mutated texts: errors well-formed (%u parsed)", parsed);
}

int main(void)
{
	test_table();
	test_format();
	test_mutations();
	return tap_done();
}
