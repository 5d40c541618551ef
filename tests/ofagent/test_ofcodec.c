// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * The OpenFlow 1.0 codec (ofagent/ofmsg.h) and libcvsw's OF1.0/NXM match
 * forms: every message type decodes what it encodes (and encodes again to
 * the same bytes), random matches and flows round-trip, every malformed
 * input gives the specification's error, and the bytes are what
 * `ovs-ofctl ofp-print` reads (when ovs-ofctl is installed).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvsw_of10.h"
#include "ofmsg.h"
#include "randflow.h"
#include "syntax.h"
#include "tap.h"

static struct ofbuf buf, buf2;

/* OFCODEC_CORPUS=DIR: write each round-tripped message there as a fuzzer
 * seed (tests/ofagent/corpus is made so), the first of each type only. */
static void save_seed(const struct ofbuf *b, const struct of_codec_state *st)
{
	static unsigned seen[OFPT_N_TYPES + 1];
	const char *dir = getenv("OFCODEC_CORPUS");
	char path[4096];
	FILE *f;

	if (!dir || b->len < 2 || b->data[1] >= OFPT_N_TYPES ||
	    seen[b->data[1]]++ >= 4)
		return;
	snprintf(path, sizeof(path), "%s/%s-%u", dir, of_type_name(b->data, b->len),
		 seen[b->data[1]]);
	for (char *c = path + strlen(dir) + 1; *c; c++)
		if (*c == ' ')
			*c = '_';
	f = fopen(path, "wb");
	if (!f)
		return;
	fputc(st && st->flow_mod_table_id, f);
	fwrite(b->data, 1, b->len, f);
	fclose(f);
}

/* Encodes m, decodes it into *out, encodes that again: same bytes. */
static int round_trip(const struct ofmsg *m, struct ofmsg *out,
		      const struct of_codec_state *st)
{
	struct of_err err = { 0 };

	ofbuf_clear(&buf);
	ofbuf_clear(&buf2);
	if (of_encode(&buf, m)) {
		diag("encode failed for type %u", m->type);
		return 0;
	}
	save_seed(&buf, st);
	if (of_decode(buf.data, buf.len, st, out, &err)) {
		diag("decode failed for type %u: %s (%u,%u)", m->type, err.why,
		     err.type, err.code);
		return 0;
	}
	if (of_encode(&buf2, out) || buf.len != buf2.len ||
	    memcmp(buf.data, buf2.data, buf.len)) {
		diag("re-encoding type %u differs", m->type);
		return 0;
	}
	return out->type == m->type && out->xid == m->xid;
}

static struct ofmsg msg(uint8_t type)
{
	struct ofmsg m;

	memset(&m, 0, sizeof(m));
	m.version = OFP10_VERSION;
	m.type = type;
	m.xid = 0x12345678;
	return m;
}

/* Decodes bytes (with their header length fixed up); 0 or -1. */
static int decode_bytes(uint8_t *p, size_t len, struct ofmsg *m,
			struct of_err *err, const struct of_codec_state *st)
{
	if (len >= OFP_HEADER_LEN)
		wr16(p + 2, (uint16_t)len);
	return of_decode(p, len, st, m, err);
}

/* A random match that meets every prerequisite (what a valid flow has). */
static void valid_match(struct cvsw_match *m)
{
	rnd_match(m);
	for (size_t i = 0; i < cvswi_n_fields; i++)
		if ((m->present & cvswi_fields[i].bit) &&
		    !cvswi_prereq_met(cvswi_fields[i].prereq, m))
			m->present &= ~cvswi_fields[i].bit;
	if ((m->present & CVSW_M_DL_VLAN) && m->dl_vlan == CVSW_VLAN_NONE)
		m->present &= ~CVSW_M_DL_VLAN_PCP;
	if (m->nw_proto == 1) {		/* ICMP type and code are bytes */
		m->tp_src &= 0xff;
		m->tp_dst &= 0xff;
	}
}

/* Actions as OpenFlow says them: valid output ports, max_len only for the
 * controller. */
static void valid_actions(struct cvsw_flow *f, bool packet_out)
{
	for (unsigned i = 0; i < f->n_actions; i++) {
		struct cvsw_action *a = &f->actions[i];

		if (a->type == CVSW_ACT_OUTPUT) {
			uint16_t p = a->u.output.port;

			if (!p || p == 0xffff || (p > 0xff00 && p < 0xfff8) ||
			    (p == 0xfff9 && !packet_out))
				a->u.output.port = 1;
			if (a->u.output.port != OFPP_CONTROLLER ||
			    a->u.output.max_len == 0xffff)
				a->u.output.max_len = 0;
		}
		if (a->type == CVSW_ACT_ENQUEUE) {
			uint16_t p = a->u.enqueue.port;

			if (!p || (p > 0xff00 && p != 0xfff8))
				a->u.enqueue.port = 2;
		}
	}
}

static bool match_same(const struct cvsw_match *a, const struct cvsw_match *b)
{
	struct cvsw_flow fa, fb;

	cvsw_flow_init(&fa);
	cvsw_flow_init(&fb);
	fa.match = *a;
	fb.match = *b;
	return cvsw_flow_equal(&fa, &fb);
}

static void test_of10_match(void)
{
	unsigned bad = 0, n = 20000;

	for (unsigned i = 0; i < n; i++) {
		struct cvsw_match m, d;
		uint8_t w[CVSW_OF10_MATCH_LEN];
		int lossy;

		valid_match(&m);
		lossy = cvsw_of10_match_encode(&m, w);
		if (cvsw_of10_match_decode(w, &d, NULL) ||
		    lossy != !!(m.present & CVSW_OF10_NXM_ONLY)) {
			bad++;
			continue;
		}
		m.present &= ~CVSW_OF10_NXM_ONLY;	/* OF1.0 cannot say them */
		if (!match_same(&m, &d))
			bad++;
	}
	ok(bad == 0, "OF1.0 match: %u random valid matches round-trip (%u bad)",
	   n, bad);

	/* exact match built from an ARP packet: tp_* ignored, not refused */
	{
		struct cvsw_match m;
		uint8_t w[CVSW_OF10_MATCH_LEN] = { 0 };

		wr16(w + 22, 0x0806);
		w[25] = 1;
		wr32(w + 28, 0x0a000001);
		wr16(w + 36, 1234);
		ok(!cvsw_of10_match_decode(w, &m, NULL) &&
		   m.present == (CVSW_M_ALL & ~CVSW_OF10_NXM_ONLY & ~CVSW_M_TP_SRC &
				 ~CVSW_M_TP_DST & ~CVSW_M_NW_TOS) &&
		   m.nw_proto == 1 && m.nw_src == 0x0a000001,
		   "OF1.0 match: fields without their prerequisite are ignored");
		wr32(w, 0x3fffff);	/* all wildcards */
		ok(!cvsw_of10_match_decode(w, &m, NULL) && m.present == 0,
		   "OF1.0 match: OFPFW_ALL is the empty match");
		wr32(w, 0x3fffff & ~(0x3fu << 8));	/* nw_src /32 */
		wr16(w + 22, 0x0800);
		ok(!cvsw_of10_match_decode(w, &m, NULL) && m.present == 0,
		   "OF1.0 match: nw_src without dl_type is ignored");
		wr32(w, (0x3fffff & ~(0x3fu << 8) & ~(1u << 4)) | (8u << 8));
		wr32(w + 28, 0x0a0000ff);
		ok(!cvsw_of10_match_decode(w, &m, NULL) &&
		   m.present == (CVSW_M_NW_SRC | CVSW_M_DL_TYPE) &&
		   m.nw_src_prefix == 24 && m.nw_src == 0x0a000000,
		   "OF1.0 match: 8 wildcard bits are a /24, host bits cleared");
		memset(w, 0, sizeof(w));
		wr32(w, 0x3fffff & ~(1u << 1));
		wr16(w + 18, 5000);
		ok(cvsw_of10_match_decode(w, &m, NULL) == CVSW_OF10_MATCH_BAD_VALUE,
		   "OF1.0 match: dl_vlan 5000 refused");
		wr32(w, 0x3fffff & ~(1u << 21) & ~(1u << 4));
		wr16(w + 22, 0x0800);
		w[24] = 5;
		ok(cvsw_of10_match_decode(w, &m, NULL) == CVSW_OF10_MATCH_BAD_VALUE,
		   "OF1.0 match: nw_tos with ECN bits refused");
	}
	/* tun_src and tun_dst, like tun_id, are NXM only */
	for (unsigned i = 0; i < 3; i++) {
		static const uint32_t bits[] = { CVSW_M_TUN_ID, CVSW_M_TUN_SRC,
						 CVSW_M_TUN_DST };
		static const char *const names[] = { "tun_id", "tun_src", "tun_dst" };
		struct cvsw_flow f;
		struct cvsw_match d;
		uint8_t w[CVSW_OF10_MATCH_LEN];

		cvsw_flow_init(&f);
		f.match.present = bits[i] | CVSW_M_IN_PORT;
		f.match.in_port = 3;
		f.match.tun_id = 7;
		f.match.tun_src = 0x0a000000;
		f.match.tun_src_prefix = 8;
		f.match.tun_dst = 0x0a000002;
		ok(cvsw_of10_match_encode(&f.match, w) == 1 &&
		   !cvsw_of10_match_decode(w, &d, NULL) &&
		   d.present == CVSW_M_IN_PORT && d.in_port == 3,
		   "OF1.0 match: %s is left out and said so", names[i]);
	}
}

static void test_nxm_match(void)
{
	unsigned bad = 0, n = 20000, skipped = 0, tun[2][2] = { { 0 } };

	for (unsigned i = 0; i < n; i++) {
		struct cvsw_match m, d;
		uint8_t w[CVSW_NXM_MAX_LEN];
		int len;

		valid_match(&m);
		len = cvsw_nxm_encode(&m, w, sizeof(w));
		if (len == -EINVAL && (m.present & CVSW_M_TP_SRC) &&
		    m.nw_proto == 234) {
			skipped++;	/* SCLP ports: no NXM field */
			continue;
		}
		if (len < 0 || cvsw_nxm_decode(w, (size_t)len, &d, NULL) ||
		    !match_same(&m, &d)) {
			bad++;
			continue;
		}
		/* tun_src and tun_dst, exact and CIDR, were among them */
		if (m.present & CVSW_M_TUN_SRC)
			tun[0][m.tun_src_prefix < 32]++;
		if (m.present & CVSW_M_TUN_DST)
			tun[1][m.tun_dst_prefix < 32]++;
	}
	ok(bad == 0, "NXM match: %u random valid matches round-trip (%u bad, %u SCLP)",
	   n, bad, skipped);
	ok(tun[0][0] && tun[0][1] && tun[1][0] && tun[1][1],
	   "NXM match: tun_src (%u exact, %u CIDR) and tun_dst (%u, %u) among them",
	   tun[0][0], tun[0][1], tun[1][0], tun[1][1]);

	/* every field at its longest still fits CVSW_NXM_MAX_LEN */
	{
		struct cvsw_match m;
		uint8_t w[CVSW_NXM_MAX_LEN];
		int len;

		memset(&m, 0, sizeof(m));
		m.present = CVSW_M_ALL;
		m.dl_type = 0x0800;
		m.nw_proto = 6;
		m.dl_vlan = 5;
		m.nw_src_prefix = m.nw_dst_prefix = 8;
		m.tun_src_prefix = m.tun_dst_prefix = 8;
		m.tun_id = 1;
		len = cvsw_nxm_encode(&m, w, sizeof(w));
		ok(len > 0 && len <= CVSW_NXM_MAX_LEN,
		   "NXM match: every field, masks where they can be, is %d bytes (max %d)",
		   len, CVSW_NXM_MAX_LEN);
	}
}

struct nxm_case {
	const char *name;
	uint8_t bytes[64];
	size_t len;
	int expect;
};

static void test_nxm_errors(void)
{
	static const struct nxm_case cases[] = {
		{ "unknown field", { 0x00, 0x00, 0x7e, 0x02, 0, 1 }, 6,
		  CVSW_OF10_MATCH_BAD_TYPE },
		{ "entry overruns", { 0x00, 0x00, 0x00, 0x02, 0 }, 5,
		  CVSW_OF10_MATCH_INVALID },
		{ "wrong length for in_port", { 0x00, 0x00, 0x00, 0x04, 0, 0, 0, 1 }, 8,
		  CVSW_OF10_MATCH_INVALID },
		{ "masked in_port", { 0x00, 0x00, 0x01, 0x04, 0, 1, 0xff, 0xff }, 8,
		  CVSW_OF10_MATCH_BAD_MASK },
		{ "ip_src without eth_type", { 0x00, 0x00, 0x0e, 0x04, 10, 0, 0, 1 }, 8,
		  CVSW_OF10_MATCH_BAD_PREREQ },
		{ "in_port twice", { 0x00, 0x00, 0x00, 0x02, 0, 1,
				     0x00, 0x00, 0x00, 0x02, 0, 2 }, 12,
		  CVSW_OF10_MATCH_DUP_TYPE },
		{ "non-CIDR ip mask", { 0x00, 0x00, 0x06, 0x02, 0x08, 0x00,
					0x00, 0x00, 0x0f, 0x08, 10, 0, 0, 1,
					0xff, 0x00, 0xff, 0x00 }, 18,
		  CVSW_OF10_MATCH_BAD_MASK },
		{ "ip_tos with ECN bits", { 0x00, 0x00, 0x06, 0x02, 0x08, 0x00,
					    0x00, 0x00, 0x0a, 0x01, 0x03 }, 11,
		  CVSW_OF10_MATCH_BAD_VALUE },
		{ "partial eth mask", { 0x00, 0x00, 0x03, 0x0c, 1, 2, 3, 4, 5, 6,
					0xff, 0xff, 0xff, 0, 0, 0 }, 16,
		  CVSW_OF10_MATCH_BAD_MASK },
		{ "short header", { 0x00, 0x00 }, 2, CVSW_OF10_MATCH_INVALID },
		/* NXM_NX_TUN_IPV4_SRC_W/DST_W: 0x00013f08, 0x00014108 */
		{ "non-CIDR tun_src mask", { 0x00, 0x01, 0x3f, 0x08, 10, 0, 0, 1,
					     0xff, 0x00, 0xff, 0x00 }, 12,
		  CVSW_OF10_MATCH_BAD_MASK },
		{ "non-CIDR tun_dst mask", { 0x00, 0x01, 0x41, 0x08, 10, 0, 0, 1,
					     0x00, 0xff, 0xff, 0xff }, 12,
		  CVSW_OF10_MATCH_BAD_MASK },
		{ "wrong length for tun_src", { 0x00, 0x01, 0x3e, 0x02, 10, 0 }, 6,
		  CVSW_OF10_MATCH_INVALID },
		{ "tun_dst twice", { 0x00, 0x01, 0x40, 0x04, 10, 0, 0, 1,
				     0x00, 0x01, 0x41, 0x08, 10, 0, 0, 0,
				     0xff, 0, 0, 0 }, 20,
		  CVSW_OF10_MATCH_DUP_TYPE },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct cvsw_match m;
		int r = cvsw_nxm_decode(cases[i].bytes, cases[i].len, &m, NULL);

		ok(r == cases[i].expect, "NXM refuses %s (%d, expected %d)",
		   cases[i].name, r, cases[i].expect);
	}
	{
		/* tun_id=5, vlan_tci=0x1005/0x1fff */
		const uint8_t w[] = { 0x00, 0x01, 0x20, 0x08, 0, 0, 0, 0, 0, 0, 0, 5,
				      0x00, 0x00, 0x09, 0x04, 0x10, 0x05, 0x1f, 0xff };
		struct cvsw_match m;

		ok(!cvsw_nxm_decode(w, sizeof(w), &m, NULL) &&
		   m.present == (CVSW_M_TUN_ID | CVSW_M_DL_VLAN) &&
		   m.tun_id == 5 && m.dl_vlan == 5,
		   "NXM reads tun_id and vlan_tci with the VID mask");
	}
	{
		/* what `ovs-ofctl -F nxm` sends for
		 * tun_src=1.2.3.4/16,tun_dst=10.0.0.1 (checked against
		 * ovs-ofctl 3.1): NXM_NX_TUN_IPV4_SRC_W, NXM_NX_TUN_IPV4_DST */
		const uint8_t w[] = { 0x00, 0x01, 0x3f, 0x08, 1, 2, 0, 0,
				      0xff, 0xff, 0, 0,
				      0x00, 0x01, 0x40, 0x04, 10, 0, 0, 1 };
		/* a tun_src mask of all zeros is no tun_src */
		const uint8_t z[] = { 0x00, 0x01, 0x3f, 0x08, 1, 2, 3, 4, 0, 0, 0, 0 };
		uint8_t e[CVSW_NXM_MAX_LEN];
		struct cvsw_match m;
		int len;

		ok(!cvsw_nxm_decode(w, sizeof(w), &m, NULL) &&
		   m.present == (CVSW_M_TUN_SRC | CVSW_M_TUN_DST) &&
		   m.tun_src == 0x01020000 && m.tun_src_prefix == 16 &&
		   m.tun_dst == 0x0a000001 && m.tun_dst_prefix == 32,
		   "NXM reads tun_src with a CIDR mask and an exact tun_dst");
		len = cvsw_nxm_encode(&m, e, sizeof(e));
		ok(len == (int)sizeof(w) && !memcmp(e, w, sizeof(w)),
		   "NXM writes them back as ovs-ofctl does (%d bytes)", len);
		ok(!cvsw_nxm_decode(z, sizeof(z), &m, NULL) && m.present == 0,
		   "NXM: tun_src with an all-zero mask is no match on it");
	}
}

static void fill_port(struct of_port *p, uint16_t no, const char *name)
{
	memset(p, 0, sizeof(*p));
	p->port_no = no;
	for (int i = 0; i < 6; i++)
		p->hw_addr[i] = (uint8_t)(0x10 * no + i);
	snprintf(p->name, sizeof(p->name), "%s", name);
	p->config = OFPPC_NO_FLOOD;
	p->state = OFPPS_LINK_DOWN;
	p->curr = OFPPF_10GB_FD | OFPPF_COPPER;
	p->advertised = OFPPF_1GB_FD;
	p->supported = OFPPF_AUTONEG;
	p->peer = 7;
}

static bool port_same(const struct of_port *a, const struct of_port *b)
{
	return a->port_no == b->port_no && !memcmp(a->hw_addr, b->hw_addr, 6) &&
	       !strcmp(a->name, b->name) && a->config == b->config &&
	       a->state == b->state && a->curr == b->curr &&
	       a->advertised == b->advertised && a->supported == b->supported &&
	       a->peer == b->peer;
}

static void test_simple_types(void)
{
	static const uint8_t payload[] = "payload bytes";
	struct ofmsg m, d;

	m = msg(OFPT_HELLO);
	ok(round_trip(&m, &d, NULL) && d.u.hello.versions == 2 &&
	   !d.u.hello.has_bitmap, "HELLO without a bitmap offers 1.0");
	m.u.hello.has_bitmap = true;
	m.u.hello.versions = 0x12;
	ok(round_trip(&m, &d, NULL) && d.u.hello.versions == 0x12 &&
	   d.u.hello.has_bitmap, "HELLO with a version bitmap");

	m = msg(OFPT_ERROR);
	m.u.error.type = OFPET_BAD_ACTION;
	m.u.error.code = OFPBAC_BAD_OUT_PORT;
	m.u.error.data = payload;
	m.u.error.len = sizeof(payload);
	ok(round_trip(&m, &d, NULL) && d.u.error.type == OFPET_BAD_ACTION &&
	   d.u.error.code == OFPBAC_BAD_OUT_PORT && d.u.error.len == sizeof(payload),
	   "ERROR with data");

	for (uint8_t t = OFPT_ECHO_REQUEST; t <= OFPT_ECHO_REPLY; t++) {
		m = msg(t);
		m.u.echo.data = payload;
		m.u.echo.len = sizeof(payload);
		ok(round_trip(&m, &d, NULL) && d.u.echo.len == sizeof(payload) &&
		   !memcmp(d.u.echo.data, payload, sizeof(payload)),
		   "%s with a payload", t == OFPT_ECHO_REQUEST ? "ECHO_REQUEST" :
		   "ECHO_REPLY");
	}

	{
		static const uint8_t types[] = {
			OFPT_FEATURES_REQUEST, OFPT_GET_CONFIG_REQUEST,
			OFPT_BARRIER_REQUEST, OFPT_BARRIER_REPLY,
		};

		for (size_t i = 0; i < sizeof(types); i++) {
			m = msg(types[i]);
			ok(round_trip(&m, &d, NULL) && buf.len == 8,
			   "%s is a bare header", of_type_name(buf.data, buf.len));
		}
	}

	m = msg(OFPT_FEATURES_REPLY);
	m.u.features.datapath_id = 0x0000525400123456ull;
	m.u.features.n_buffers = 256;
	m.u.features.n_tables = 1;
	m.u.features.capabilities = OFPC_FLOW_STATS | OFPC_PORT_STATS;
	m.u.features.actions = 0xfff;
	m.u.features.n_ports = 3;
	fill_port(&m.u.features.ports[0], 1, "host");
	fill_port(&m.u.features.ports[1], 2, "net");
	fill_port(&m.u.features.ports[2], 3, "vxlan0");
	ok(round_trip(&m, &d, NULL) && d.u.features.n_ports == 3 &&
	   d.u.features.datapath_id == m.u.features.datapath_id &&
	   d.u.features.n_buffers == 256 && d.u.features.actions == 0xfff &&
	   port_same(&d.u.features.ports[2], &m.u.features.ports[2]) &&
	   buf.len == 32 + 3 * 48, "FEATURES_REPLY with three ports");

	for (uint8_t t = OFPT_GET_CONFIG_REPLY; t <= OFPT_SET_CONFIG; t++) {
		m = msg(t);
		m.u.config.flags = OFPC_FRAG_DROP;
		m.u.config.miss_send_len = 1500;
		ok(round_trip(&m, &d, NULL) && d.u.config.miss_send_len == 1500 &&
		   d.u.config.flags == OFPC_FRAG_DROP && buf.len == 12, "%s",
		   of_type_name(buf.data, buf.len));
	}

	m = msg(OFPT_PACKET_IN);
	m.u.packet_in.buffer_id = 77;
	m.u.packet_in.total_len = 1000;
	m.u.packet_in.in_port = 2;
	m.u.packet_in.reason = OFPR_ACTION;
	m.u.packet_in.data = payload;
	m.u.packet_in.len = sizeof(payload);
	ok(round_trip(&m, &d, NULL) && d.u.packet_in.buffer_id == 77 &&
	   d.u.packet_in.total_len == 1000 && d.u.packet_in.in_port == 2 &&
	   d.u.packet_in.reason == OFPR_ACTION && d.u.packet_in.len == sizeof(payload),
	   "PACKET_IN with data");

	m = msg(OFPT_PORT_STATUS);
	m.u.port_status.reason = OFPPR_MODIFY;
	fill_port(&m.u.port_status.port, 2, "net");
	ok(round_trip(&m, &d, NULL) && d.u.port_status.reason == OFPPR_MODIFY &&
	   port_same(&d.u.port_status.port, &m.u.port_status.port),
	   "PORT_STATUS");

	m = msg(OFPT_PORT_MOD);
	m.u.port_mod.port_no = 1;
	memcpy(m.u.port_mod.hw_addr, "\x02\x00\x00\x00\x00\x01", 6);
	m.u.port_mod.config = OFPPC_PORT_DOWN;
	m.u.port_mod.mask = OFPPC_PORT_DOWN | OFPPC_NO_FLOOD;
	m.u.port_mod.advertise = 0;
	ok(round_trip(&m, &d, NULL) && d.u.port_mod.port_no == 1 &&
	   d.u.port_mod.config == OFPPC_PORT_DOWN &&
	   d.u.port_mod.mask == (OFPPC_PORT_DOWN | OFPPC_NO_FLOOD) &&
	   !memcmp(d.u.port_mod.hw_addr, m.u.port_mod.hw_addr, 6), "PORT_MOD");

	m = msg(OFPT_QUEUE_GET_CONFIG_REQUEST);
	m.u.queue_config.port = 2;
	ok(round_trip(&m, &d, NULL) && d.u.queue_config.port == 2,
	   "QUEUE_GET_CONFIG_REQUEST");
	m.type = OFPT_QUEUE_GET_CONFIG_REPLY;
	ok(round_trip(&m, &d, NULL) && d.u.queue_config.port == 2 &&
	   d.u.queue_config.n_queues == 0 && buf.len == 16,
	   "QUEUE_GET_CONFIG_REPLY without queues");

	{
		static const struct { uint32_t sub, val; } nx[] = {
			{ NXT_SET_FLOW_FORMAT, NXFF_NXM },
			{ NXT_SET_PACKET_IN_FORMAT, NXPIF_STANDARD },
			{ NXT_FLOW_MOD_TABLE_ID, 1 },
		};

		for (size_t i = 0; i < 3; i++) {
			m = msg(OFPT_VENDOR);
			m.u.nx.subtype = nx[i].sub;
			if (nx[i].sub == NXT_FLOW_MOD_TABLE_ID)
				m.u.nx.u.set = true;
			else
				m.u.nx.u.format = nx[i].val;
			ok(round_trip(&m, &d, NULL) && d.u.nx.subtype == nx[i].sub &&
			   (nx[i].sub == NXT_FLOW_MOD_TABLE_ID ? d.u.nx.u.set :
			    d.u.nx.u.format == nx[i].val), "%s",
			   of_type_name(buf.data, buf.len));
		}
	}
}

static void test_flows(void)
{
	static const struct of_codec_state tid = { .flow_mod_table_id = true };
	unsigned bad[4] = { 0 }, n = 5000;
	struct ofmsg m, d;

	for (unsigned i = 0; i < n; i++) {
		struct cvsw_flow f;
		bool nxm = i & 1;

		rnd_flow(&f, CVSW_PARSE_FLOW);
		valid_match(&f.match);
		if (f.match.nw_proto == 234)
			f.match.present &= ~(CVSW_M_TP_SRC | CVSW_M_TP_DST);
		if (!nxm)
			f.match.present &= ~CVSW_OF10_NXM_ONLY;
		valid_actions(&f, false);

		m = msg(OFPT_FLOW_MOD);
		m.u.flow_mod.flow = f;
		m.u.flow_mod.command = (uint16_t)rnd_below(5);
		m.u.flow_mod.buffer_id = rnd_below(2) ? OFP_NO_BUFFER : (uint32_t)rnd();
		m.u.flow_mod.emerg = rnd_below(4) == 0;
		m.u.flow_mod.nxm = nxm;
		m.u.flow_mod.flow.out_port = rnd_port();
		if (nxm && rnd_below(2))
			m.u.flow_mod.table_id = (uint8_t)rnd();
		if (!round_trip(&m, &d, m.u.flow_mod.table_id ? &tid : NULL) ||
		    !cvsw_flow_equal(&d.u.flow_mod.flow, &m.u.flow_mod.flow) ||
		    d.u.flow_mod.command != m.u.flow_mod.command ||
		    d.u.flow_mod.buffer_id != m.u.flow_mod.buffer_id ||
		    d.u.flow_mod.emerg != m.u.flow_mod.emerg ||
		    d.u.flow_mod.nxm != nxm ||
		    d.u.flow_mod.table_id != m.u.flow_mod.table_id)
			bad[0]++;

		m = msg(OFPT_FLOW_REMOVED);
		cvsw_flow_init(&m.u.flow_removed.flow);
		m.u.flow_removed.flow.match = f.match;
		m.u.flow_removed.flow.cookie = f.cookie;
		m.u.flow_removed.flow.priority = f.priority;
		m.u.flow_removed.flow.idle_timeout = f.idle_timeout;
		m.u.flow_removed.flow.packets = rnd();
		m.u.flow_removed.flow.bytes = rnd();
		m.u.flow_removed.flow.duration_ms = rnd() >> 30;
		m.u.flow_removed.reason = (uint8_t)rnd_below(3);
		m.u.flow_removed.nxm = nxm;
		if (!round_trip(&m, &d, NULL) ||
		    !cvsw_flow_equal(&d.u.flow_removed.flow, &m.u.flow_removed.flow) ||
		    d.u.flow_removed.reason != m.u.flow_removed.reason)
			bad[1]++;

		m = msg(OFPT_PACKET_OUT);
		valid_actions(&f, true);
		m.u.packet_out.buffer_id = (uint32_t)rnd();
		m.u.packet_out.in_port = rnd_port();
		m.u.packet_out.n_actions = f.n_actions;
		memcpy(m.u.packet_out.actions, f.actions, sizeof(f.actions));
		m.u.packet_out.data = (const uint8_t *)"0123456789abcdef";
		m.u.packet_out.len = rnd_below(17);
		if (!round_trip(&m, &d, NULL) ||
		    d.u.packet_out.n_actions != f.n_actions ||
		    d.u.packet_out.len != m.u.packet_out.len ||
		    d.u.packet_out.in_port != m.u.packet_out.in_port ||
		    d.u.packet_out.buffer_id != m.u.packet_out.buffer_id)
			bad[2]++;
		else {
			struct cvsw_flow a, b;

			cvsw_flow_init(&a);
			cvsw_flow_init(&b);
			a.n_actions = b.n_actions = f.n_actions;
			memcpy(a.actions, f.actions, sizeof(f.actions));
			memcpy(b.actions, d.u.packet_out.actions, sizeof(f.actions));
			if (!cvsw_flow_equal(&a, &b))
				bad[2]++;
		}

		/* flow stats requests of both forms */
		m = msg(OFPT_STATS_REQUEST);
		m.u.stats_request.kind = nxm ? (rnd_below(2) ? OF_ST_NX_FLOW :
						OF_ST_NX_AGGREGATE) :
				       (rnd_below(2) ? OF_ST_FLOW : OF_ST_AGGREGATE);
		m.u.stats_request.u.flow.match = f.match;
		m.u.stats_request.u.flow.table_id = (uint8_t)rnd();
		m.u.stats_request.u.flow.out_port = rnd_port();
		if (!round_trip(&m, &d, NULL) ||
		    d.u.stats_request.kind != m.u.stats_request.kind ||
		    !match_same(&d.u.stats_request.u.flow.match, &f.match) ||
		    d.u.stats_request.u.flow.out_port != m.u.stats_request.u.flow.out_port ||
		    d.u.stats_request.u.flow.table_id != m.u.stats_request.u.flow.table_id)
			bad[3]++;
	}
	ok(bad[0] == 0, "FLOW_MOD/NXT_FLOW_MOD: %u random flows round-trip (%u bad)", n, bad[0]);
	ok(bad[1] == 0, "FLOW_REMOVED/NXT_FLOW_REMOVED: %u round-trip (%u bad)", n, bad[1]);
	ok(bad[2] == 0, "PACKET_OUT: %u random action lists round-trip (%u bad)", n, bad[2]);
	ok(bad[3] == 0, "flow/aggregate stats requests, OF1.0 and NXST: %u round-trip (%u bad)",
	   n, bad[3]);
}

static int reply_decode(struct ofmsg *d)
{
	struct of_err err;

	if (of_msg_finish(&buf, 0))
		return -1;
	save_seed(&buf, NULL);
	return of_decode(buf.data, buf.len, NULL, d, &err);
}

static void test_stats(void)
{
	struct ofmsg m, d;
	struct of_err err;
	struct of_stats_iter it;

	{
		static const enum of_stats_kind kinds[] = {
			OF_ST_DESC, OF_ST_TABLE,
		};

		for (size_t i = 0; i < 2; i++) {
			m = msg(OFPT_STATS_REQUEST);
			m.u.stats_request.kind = kinds[i];
			ok(round_trip(&m, &d, NULL) && d.u.stats_request.kind == kinds[i] &&
			   buf.len == 12, "%s", of_type_name(buf.data, buf.len));
		}
		m = msg(OFPT_STATS_REQUEST);
		m.u.stats_request.kind = OF_ST_PORT;
		m.u.stats_request.u.port_no = OFPP_NONE;
		ok(round_trip(&m, &d, NULL) && d.u.stats_request.u.port_no == OFPP_NONE,
		   "STATS_REQUEST PORT");
		m.u.stats_request.kind = OF_ST_QUEUE;
		m.u.stats_request.u.queue.port_no = 2;
		m.u.stats_request.u.queue.queue_id = OFPQ_ALL;
		ok(round_trip(&m, &d, NULL) && d.u.stats_request.u.queue.port_no == 2 &&
		   d.u.stats_request.u.queue.queue_id == OFPQ_ALL, "STATS_REQUEST QUEUE");
	}

	{
		struct of_desc_stats ds = { 0 }, dd;

		snprintf(ds.mfr, sizeof(ds.mfr), "CVSW project");
		snprintf(ds.sw, sizeof(ds.sw), "cvsw-ofagent 0.1");
		snprintf(ds.dp, sizeof(ds.dp), "eth1");
		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 9, OF_ST_DESC, 0);
		of_put_desc_stats(&buf, &ds);
		ok(!reply_decode(&d) && d.u.stats_reply.kind == OF_ST_DESC &&
		   (of_stats_iter_init(&it, &d.u.stats_reply),
		    of_stats_next(&it, &dd, &err) == 1) &&
		   !strcmp(dd.sw, ds.sw) && !strcmp(dd.dp, "eth1") &&
		   of_stats_next(&it, &dd, &err) == 0, "STATS_REPLY DESC");
	}

	for (int nx = 0; nx < 2; nx++) {
		struct of_flow_stats in[20], out;
		unsigned bad = 0, n = 0;

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 10, nx ? OF_ST_NX_FLOW : OF_ST_FLOW,
				     OFPSF_REPLY_MORE);
		for (int i = 0; i < 20; i++) {
			memset(&in[i], 0, sizeof(in[i]));
			rnd_flow(&in[i].flow, CVSW_PARSE_DUMP);
			valid_match(&in[i].flow.match);
			if (in[i].flow.match.nw_proto == 234)
				in[i].flow.match.present &= ~(CVSW_M_TP_SRC | CVSW_M_TP_DST);
			if (!nx)
				in[i].flow.match.present &= ~CVSW_OF10_NXM_ONLY;
			valid_actions(&in[i].flow, false);
			in[i].flow.flags = 0;
			in[i].flow.duration_ms = rnd() >> 34;
			in[i].flow.idle_ms = nx ? rnd_below(60000) / 1000 * 1000 : 0;
			if (in[i].flow.n_actions > 8)
				in[i].flow.n_actions = 8;
			if (of_put_flow_stats(&buf, &in[i], nx))
				bad++;
		}
		if (reply_decode(&d) || d.u.stats_reply.n_entries != 20 ||
		    d.u.stats_reply.flags != OFPSF_REPLY_MORE)
			bad += 100;
		of_stats_iter_init(&it, &d.u.stats_reply);
		while (of_stats_next(&it, &out, &err) == 1) {
			if (n < 20 && !cvsw_flow_equal(&out.flow, &in[n].flow))
				bad++;
			n++;
		}
		ok(bad == 0 && n == 20, "STATS_REPLY %s: 20 random entries read back (%u bad)",
		   nx ? "NXST_FLOW" : "FLOW", bad);
	}

	for (int nx = 0; nx < 2; nx++) {
		struct of_aggregate_stats a = { 1234567890123ull, 99, 7 }, o;

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 11, nx ? OF_ST_NX_AGGREGATE : OF_ST_AGGREGATE, 0);
		of_put_aggregate_stats(&buf, &a);
		ok(!reply_decode(&d) && (of_stats_iter_init(&it, &d.u.stats_reply),
					  of_stats_next(&it, &o, &err) == 1) &&
		   o.packets == a.packets && o.bytes == 99 && o.flows == 7,
		   "STATS_REPLY %s", nx ? "NXST_AGGREGATE" : "AGGREGATE");
	}

	{
		struct of_table_stats t = { 0, "classifier", 0x3fffff, 1000000, 5, 77, 66 }, o;

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 12, OF_ST_TABLE, 0);
		of_put_table_stats(&buf, &t);
		ok(!reply_decode(&d) && (of_stats_iter_init(&it, &d.u.stats_reply),
					  of_stats_next(&it, &o, &err) == 1) &&
		   !strcmp(o.name, "classifier") && o.max_entries == 1000000 &&
		   o.active == 5 && o.lookups == 77 && o.matched == 66 &&
		   o.wildcards == 0x3fffff, "STATS_REPLY TABLE");
	}

	{
		struct of_port_stats p[2], o;
		unsigned n = 0;

		for (int i = 0; i < 2; i++) {
			p[i].port_no = (uint16_t)(i + 1);
			for (int c = 0; c < 12; c++)
				p[i].c[c] = rnd();
		}
		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 13, OF_ST_PORT, 0);
		of_put_port_stats(&buf, &p[0]);
		of_put_port_stats(&buf, &p[1]);
		if (!reply_decode(&d)) {
			of_stats_iter_init(&it, &d.u.stats_reply);
			while (of_stats_next(&it, &o, &err) == 1 && n < 2 &&
			       o.port_no == p[n].port_no &&
			       !memcmp(o.c, p[n].c, sizeof(o.c)))
				n++;
		}
		ok(n == 2, "STATS_REPLY PORT: two ports read back");
	}

	{
		struct of_queue_stats q = { 2, 1, 100, 10, 1 }, o;

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 14, OF_ST_QUEUE, 0);
		ok(!reply_decode(&d) && d.u.stats_reply.n_entries == 0,
		   "STATS_REPLY QUEUE empty (no queue configured)");
		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 14, OF_ST_QUEUE, 0);
		of_put_queue_stats(&buf, &q);
		ok(!reply_decode(&d) && (of_stats_iter_init(&it, &d.u.stats_reply),
					  of_stats_next(&it, &o, &err) == 1) &&
		   o.queue_id == 1 && o.tx_bytes == 100 && o.tx_errors == 1,
		   "STATS_REPLY QUEUE with one queue");
	}
}

/* ---- malformed input ---- */

struct bad_case {
	const char *name;
	uint8_t bytes[128];
	size_t len;
	uint16_t type, code;
};

#define HDR(t) 0x01, (t), 0, 0, 0, 0, 0, 1

static void test_malformed(void)
{
	static const struct bad_case cases[] = {
		{ "a 4-byte message", { 0x01, 0x00, 0x00, 0x04 }, 4,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "OpenFlow 1.3 ECHO", { 0x04, 2, 0, 8, 0, 0, 0, 1 }, 8,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_VERSION },
		{ "type 30", { HDR(30) }, 8, OFPET_BAD_REQUEST, OFPBRC_BAD_TYPE },
		{ "FEATURES_REQUEST with a body", { HDR(5), 0, 0, 0, 0 }, 12,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "SET_CONFIG of 10 bytes", { HDR(9), 0, 0 }, 10,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "FLOW_MOD of 71 bytes", { HDR(14) }, 71,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "BARRIER_REQUEST with a body", { HDR(18), 1 }, 9,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "PORT_MOD of 31 bytes", { HDR(15) }, 31,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "unknown vendor", { HDR(4), 0, 0, 0x99, 0x99 }, 12,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR },
		{ "unknown Nicira subtype", { HDR(4), 0, 0, 0x23, 0x20, 0, 0, 0, 99 }, 16,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE },
		{ "Nicira message of 14 bytes", { HDR(4), 0, 0, 0x23, 0x20, 0, 0 }, 14,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "stats type 9", { HDR(16), 0, 9, 0, 0 }, 12,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_STAT },
		{ "stats of an unknown vendor", { HDR(16), 0xff, 0xff, 0, 0, 0, 0, 0, 1 }, 16,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_VENDOR },
		{ "unknown NXST", { HDR(16), 0xff, 0xff, 0, 0, 0, 0, 0x23, 0x20,
				    0, 0, 0, 7, 0, 0, 0, 0 }, 24,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_SUBTYPE },
		{ "DESC request with a body", { HDR(16), 0, 0, 0, 0, 1, 2, 3, 4 }, 16,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "flow stats request of 43 bytes", { HDR(16), 0, 1, 0, 0 }, 12 + 43,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "port stats request without a body", { HDR(16), 0, 4, 0, 0 }, 12,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "PACKET_OUT actions beyond the end", { HDR(13), 0xff, 0xff, 0xff, 0xff,
							 0xff, 0xff, 0, 16 }, 16,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "PACKET_OUT action of length 12", { HDR(13), 0xff, 0xff, 0xff, 0xff,
						      0xff, 0xff, 0, 16, 0, 0, 0, 12 }, 32,
		  OFPET_BAD_ACTION, OFPBAC_BAD_LEN },
		{ "PACKET_OUT action type 12", { HDR(13), 0xff, 0xff, 0xff, 0xff,
						 0xff, 0xff, 0, 8, 0, 12, 0, 8 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_TYPE },
		{ "output to port 0", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					0, 8, 0, 0, 0, 8, 0, 0, 0, 0 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT },
		{ "output to OFPP_NONE", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					   0, 8, 0, 0, 0, 8, 0xff, 0xff, 0, 0 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT },
		{ "set_vlan_vid 5000", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					 0, 8, 0, 1, 0, 8, 0x13, 0x88, 0, 0 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_ARGUMENT },
		{ "set_vlan_pcp 8", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
				      0, 8, 0, 2, 0, 8, 8, 0, 0, 0 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_ARGUMENT },
		{ "set_nw_tos with ECN", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					   0, 8, 0, 8, 0, 8, 1, 0, 0, 0 }, 24,
		  OFPET_BAD_ACTION, OFPBAC_BAD_ARGUMENT },
		{ "vendor action of another vendor", { HDR(13), 0xff, 0xff, 0xff, 0xff,
						       0xff, 0xff, 0, 16, 0xff, 0xff, 0, 16,
						       0, 0, 0, 1 }, 32,
		  OFPET_BAD_ACTION, OFPBAC_BAD_VENDOR },
		{ "unknown Nicira action", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					     0, 16, 0xff, 0xff, 0, 16, 0, 0, 0x23, 0x20,
					     0, 77 }, 32,
		  OFPET_BAD_ACTION, OFPBAC_BAD_VENDOR_TYPE },
		{ "set_tunnel of 24 bytes", { HDR(13), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff,
					      0, 24, 0xff, 0xff, 0, 24, 0, 0, 0x23, 0x20,
					      0, 2 }, 40,
		  OFPET_BAD_ACTION, OFPBAC_BAD_LEN },
		{ "ERROR of 10 bytes", { HDR(1), 0, 1 }, 10,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "FEATURES_REPLY with half a port", { HDR(6) }, 32 + 24,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "HELLO element overrunning", { 0x04, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 12,
						 0, 0, 0, 0x12 }, 16,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "NXT_FLOW_MOD match beyond the end", { HDR(4), 0, 0, 0x23, 0x20, 0, 0, 0,
							 13, [40] = 0, 0x40 }, 48,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
		{ "NXT_FLOW_MOD with an unknown NXM field", { HDR(4), 0, 0, 0x23, 0x20, 0,
							      0, 0, 13, [36] = 0xff, 0xff,
							      [40] = 0, 6, [48] = 0, 0,
							      0x7e, 2, 0, 1 }, 56,
		  OFPET_BAD_REQUEST, NXBRC_NXM_BAD_TYPE },
		{ "QUEUE_GET_CONFIG_REPLY queue overrunning", { HDR(21), 0, 1, [16] = 0,
								0, 0, 1, 0, 16 }, 24,
		  OFPET_BAD_REQUEST, OFPBRC_BAD_LEN },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t b[128];
		struct ofmsg m;
		struct of_err err = { 0 };
		int r;

		memcpy(b, cases[i].bytes, sizeof(b));
		r = decode_bytes(b, cases[i].len, &m, &err, NULL);
		ok(r == -1 && err.type == cases[i].type && err.code == cases[i].code,
		   "refused: %s -> (%u,0x%x) %s", cases[i].name, err.type, err.code,
		   err.why ? err.why : "");
	}

	{
		/* FLOW_MOD with a bad command, OF1.0 match with vlan 5000, 65 actions */
		struct ofmsg m = msg(OFPT_FLOW_MOD), d;
		struct of_err err;

		cvsw_flow_init(&m.u.flow_mod.flow);
		m.u.flow_mod.command = 7;
		ofbuf_clear(&buf);
		of_encode(&buf, &m);
		ok(of_decode(buf.data, buf.len, NULL, &d, &err) == -1 &&
		   err.type == OFPET_FLOW_MOD_FAILED && err.code == OFPFMFC_BAD_COMMAND,
		   "refused: FLOW_MOD command 7 -> FLOW_MOD_FAILED/BAD_COMMAND");
		m.u.flow_mod.command = OFPFC_ADD;
		ofbuf_clear(&buf);
		of_encode(&buf, &m);
		buf.data[8 + 3] &= (uint8_t)~2;		/* dl_vlan exact */
		wr16(buf.data + 8 + 18, 5000);
		ok(of_decode(buf.data, buf.len, NULL, &d, &err) == -1 &&
		   err.type == OFPET_BAD_REQUEST && err.code == NXBRC_NXM_BAD_VALUE,
		   "refused: OF1.0 match dl_vlan 5000 -> BAD_REQUEST/NXM_BAD_VALUE");
		ofbuf_clear(&buf);
		of_encode(&buf, &m);
		for (int i = 0; i < 65; i++) {
			ofbuf_put16(&buf, OFPAT_STRIP_VLAN);
			ofbuf_put16(&buf, 8);
			ofbuf_put32(&buf, 0);
		}
		of_msg_finish(&buf, 0);
		ok(of_decode(buf.data, buf.len, NULL, &d, &err) == -1 &&
		   err.type == OFPET_BAD_ACTION && err.code == OFPBAC_TOO_MANY,
		   "refused: 65 actions -> BAD_ACTION/TOO_MANY");
	}

	{
		/* every message truncated by one byte at every length is refused
		 * or decodes, never overreads (ASan/valgrind watch) */
		struct ofmsg m = msg(OFPT_FLOW_MOD), d;
		struct of_err err;
		unsigned refused = 0, n = 0, shorter = 0;

		cvsw_flow_init(&m.u.flow_mod.flow);
		m.u.flow_mod.flow.n_actions = 2;
		m.u.flow_mod.flow.actions[0].type = CVSW_ACT_SET_TUNNEL;
		m.u.flow_mod.flow.actions[0].u.tun_id = 1ull << 40;
		m.u.flow_mod.flow.actions[1].type = CVSW_ACT_OUTPUT;
		m.u.flow_mod.flow.actions[1].u.output.port = 2;
		m.u.flow_mod.nxm = true;
		m.u.flow_mod.flow.match.present = CVSW_M_TUN_ID;
		m.u.flow_mod.flow.match.tun_id = 5;
		ofbuf_clear(&buf);
		of_encode(&buf, &m);
		for (size_t len = 8; len < buf.len; len++, n++) {
			uint8_t *copy = malloc(len);

			memcpy(copy, buf.data, len);
			wr16(copy + 2, (uint16_t)len);
			if (of_decode(copy, len, NULL, &d, &err) == -1)
				refused++;
			else if (d.u.flow_mod.flow.n_actions < 2)
				shorter++;	/* cut between two actions */
			free(copy);
		}
		ok(refused == n - 2 && shorter == 2,
		   "an NXT_FLOW_MOD cut at each of %u lengths is refused, or shorter "
		   "at the 2 action boundaries (%u refused)", n, refused);
	}
}

static bool have_ovs_ofctl(void)
{
	return !system("command -v ovs-ofctl > /dev/null 2>&1");
}

/* `ovs-ofctl ofp-print` of the message in b prints `expect`, and uses every
 * byte. */
static void ovs_prints(const struct ofbuf *b, const char *what, const char *expect)
{
	static char cmd[200000], out[65536];
	size_t off, got;
	FILE *p;

	off = (size_t)snprintf(cmd, sizeof(cmd), "ovs-ofctl ofp-print '");
	for (size_t j = 0; j < b->len && off + 8 < sizeof(cmd); j++)
		off += (size_t)snprintf(cmd + off, sizeof(cmd) - off, "%02x", b->data[j]);
	snprintf(cmd + off, sizeof(cmd) - off, "' 2>&1");
	p = popen(cmd, "r");
	got = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
	out[got] = '\0';
	if (p)
		pclose(p);
	if (!ok(strstr(out, expect) && !strstr(out, "only uses"),
		"ovs-ofctl ofp-print reads %s", what))
		diag("ovs-ofctl printed: %s", out);
}

/* Switch-to-controller messages as Open vSwitch reads them. */
static void test_ovs_print_replies(void)
{
	struct ofmsg m;

	if (!have_ovs_ofctl()) {
		ok(1, "# SKIP ovs-ofctl not installed");
		return;
	}
	m = msg(OFPT_FEATURES_REPLY);
	m.u.features.datapath_id = 0x0000525400123456ull;
	m.u.features.n_buffers = 256;
	m.u.features.n_tables = 1;
	m.u.features.capabilities = OFPC_FLOW_STATS | OFPC_ARP_MATCH_IP;
	m.u.features.actions = 0x7ff;
	m.u.features.n_ports = 2;
	fill_port(&m.u.features.ports[0], 1, "host");
	fill_port(&m.u.features.ports[1], 3, "vxlan0");
	ofbuf_clear(&buf);
	of_encode(&buf, &m);
	ovs_prints(&buf, "FEATURES_REPLY", " 3(vxlan0): addr:30:31:32:33:34:35");

	m = msg(OFPT_PORT_STATUS);
	m.u.port_status.reason = OFPPR_MODIFY;
	fill_port(&m.u.port_status.port, 2, "net");
	ofbuf_clear(&buf);
	of_encode(&buf, &m);
	ovs_prints(&buf, "PORT_STATUS", "MOD: 2(net): addr:20:21:22:23:24:25");

	ofbuf_clear(&buf);
	of_encode_error(&buf, 7, OFPET_BAD_ACTION, OFPBAC_BAD_OUT_PORT,
			"\x01\x0e\x00\x48\x00\x00\x00\x07", 8);
	ovs_prints(&buf, "ERROR", "OFPBAC_BAD_OUT_PORT");

	m = msg(OFPT_QUEUE_GET_CONFIG_REPLY);
	m.u.queue_config.port = 2;
	ofbuf_clear(&buf);
	of_encode(&buf, &m);
	ovs_prints(&buf, "QUEUE_GET_CONFIG_REPLY",
		   "OFPT_QUEUE_GET_CONFIG_REPLY (xid=0x12345678):");

	{
		struct of_desc_stats d = { 0 };

		snprintf(d.sw, sizeof(d.sw), "cvsw-ofagent 0.1");
		snprintf(d.dp, sizeof(d.dp), "eth1");
		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 9, OF_ST_DESC, 0);
		of_put_desc_stats(&buf, &d);
		of_msg_finish(&buf, 0);
		ovs_prints(&buf, "OFPST_DESC reply", "Software: cvsw-ofagent 0.1");
	}
	{
		struct of_table_stats t = { 0, "classifier", 0x3fffff, 1000000, 5, 77, 66 };

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 12, OF_ST_TABLE, 0);
		of_put_table_stats(&buf, &t);
		of_msg_finish(&buf, 0);
		ovs_prints(&buf, "OFPST_TABLE reply", "active=5, lookup=77, matched=66");
	}
	{
		struct of_port_stats ps = { .port_no = 2, .c = { 11, 22, 33, 44, 55 } };

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 13, OF_ST_PORT, 0);
		of_put_port_stats(&buf, &ps);
		of_msg_finish(&buf, 0);
		ovs_prints(&buf, "OFPST_PORT reply", "port  2: rx pkts=11, bytes=33, drop=55");
	}
	for (int nx = 0; nx < 2; nx++) {
		struct of_aggregate_stats a = { 1234, 99, 7 };

		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 11, nx ? OF_ST_NX_AGGREGATE : OF_ST_AGGREGATE, 0);
		of_put_aggregate_stats(&buf, &a);
		of_msg_finish(&buf, 0);
		ovs_prints(&buf, nx ? "NXST_AGGREGATE reply" : "OFPST_AGGREGATE reply",
			   "packet_count=1234 byte_count=99 flow_count=7");
	}
	for (int nx = 0; nx < 2; nx++) {
		struct of_flow_stats fs;

		memset(&fs, 0, sizeof(fs));
		cvsw_flow_init(&fs.flow);
		fs.flow.priority = 100;
		fs.flow.cookie = 0x42;
		fs.flow.idle_timeout = 30;
		fs.flow.duration_ms = 3500;
		fs.flow.packets = 3;
		fs.flow.bytes = 294;
		fs.flow.match.present = CVSW_M_DL_TYPE | CVSW_M_NW_DST |
					(nx ? CVSW_OF10_NXM_ONLY : 0);
		fs.flow.match.dl_type = 0x0800;
		fs.flow.match.nw_dst = 0x0a000000;
		fs.flow.match.nw_dst_prefix = 8;
		fs.flow.match.tun_id = 5;
		fs.flow.match.tun_src = 0xc0a80000;
		fs.flow.match.tun_src_prefix = 24;
		fs.flow.match.tun_dst = 0xc0a80101;
		fs.flow.match.tun_dst_prefix = 32;
		fs.flow.n_actions = 1;
		fs.flow.actions[0].type = CVSW_ACT_OUTPUT;
		fs.flow.actions[0].u.output.port = 2;
		ofbuf_clear(&buf);
		of_stats_reply_start(&buf, 10, nx ? OF_ST_NX_FLOW : OF_ST_FLOW, 0);
		of_put_flow_stats(&buf, &fs, nx);
		of_msg_finish(&buf, 0);
		ovs_prints(&buf, nx ? "NXST_FLOW reply" : "OFPST_FLOW reply",
			   nx ? "cookie=0x42, duration=3.500s, table=0, n_packets=3, n_bytes=294, "
				"idle_timeout=30, priority=100,ip,tun_id=0x5,tun_src=192.168.0.0/24,"
				"tun_dst=192.168.1.1,nw_dst=10.0.0.0/8 actions=output:2" :
				"cookie=0x42, duration=3.500s, table=0, n_packets=3, n_bytes=294, "
				"idle_timeout=30, priority=100,ip,nw_dst=10.0.0.0/8 actions=output:2");
	}
}

/* The bytes are what Open vSwitch reads. */
static void test_ovs_print(void)
{
	struct {
		const char *what;
		const char *expect;
		struct ofmsg m;
	} cases[5];
	int n = 0;
	char cmd[8192], out[8192];

	if (!have_ovs_ofctl()) {
		ok(1, "# SKIP ovs-ofctl not installed");
		return;
	}
	cases[n].what = "FLOW_MOD tcp,nw_dst=10.0.0.0/8,tp_dst=80 -> mod_nw_tos,output:2";
	cases[n].expect = "priority=100,tcp,nw_dst=10.0.0.0/8,tp_dst=80 actions=mod_nw_tos:40,output:2";
	cases[n].m = msg(OFPT_FLOW_MOD);
	{
		struct cvsw_flow *f = &cases[n].m.u.flow_mod.flow;

		cvsw_flow_init(f);
		f->priority = 100;
		f->match.present = CVSW_M_DL_TYPE | CVSW_M_NW_PROTO | CVSW_M_NW_DST |
				   CVSW_M_TP_DST;
		f->match.dl_type = 0x0800;
		f->match.nw_proto = 6;
		f->match.nw_dst = 0x0a000000;
		f->match.nw_dst_prefix = 8;
		f->match.tp_dst = 80;
		f->n_actions = 2;
		f->actions[0].type = CVSW_ACT_SET_NW_TOS;
		f->actions[0].u.nw_tos = 40;
		f->actions[1].type = CVSW_ACT_OUTPUT;
		f->actions[1].u.output.port = 2;
		cases[n].m.u.flow_mod.buffer_id = OFP_NO_BUFFER;
	}
	n++;
	cases[n] = cases[n - 1];
	cases[n].what = "NXT_FLOW_MOD tun_id=5,dl_vlan=7 -> set_tunnel64,output:1";
	cases[n].expect = "tun_id=0x5,dl_vlan=7 actions=set_tunnel64:0x10000000000,output:1";
	{
		struct cvsw_flow *f = &cases[n].m.u.flow_mod.flow;

		cases[n].m.u.flow_mod.nxm = true;
		f->priority = CVSW_FLOW_DEFAULT_PRIORITY;
		f->match.present = CVSW_M_TUN_ID | CVSW_M_DL_VLAN;
		f->match.tun_id = 5;
		f->match.dl_vlan = 7;
		f->actions[0].type = CVSW_ACT_SET_TUNNEL;
		f->actions[0].u.tun_id = 1ull << 40;
		f->actions[1].u.output.port = 1;
	}
	n++;
	cases[n] = cases[n - 1];
	cases[n].what = "NXT_FLOW_MOD tun_src=1.2.0.0/16,tun_dst=10.0.0.1 -> set_tunnel,output:3";
	cases[n].expect = "tun_src=1.2.0.0/16,tun_dst=10.0.0.1 actions=set_tunnel:0x5,output:3";
	{
		struct cvsw_flow *f = &cases[n].m.u.flow_mod.flow;

		f->match.present = CVSW_M_TUN_SRC | CVSW_M_TUN_DST;
		f->match.tun_src = 0x01020000;
		f->match.tun_src_prefix = 16;
		f->match.tun_dst = 0x0a000001;
		f->match.tun_dst_prefix = 32;
		f->actions[0].u.tun_id = 5;
		f->actions[1].u.output.port = 3;
	}
	n++;
	cases[n].what = "PACKET_IN";
	cases[n].expect = "total_len=60 in_port=2 (via action) data_len=14 buffer=0x00000005";
	cases[n].m = msg(OFPT_PACKET_IN);
	cases[n].m.u.packet_in.buffer_id = 5;
	cases[n].m.u.packet_in.total_len = 60;
	cases[n].m.u.packet_in.in_port = 2;
	cases[n].m.u.packet_in.reason = OFPR_ACTION;
	cases[n].m.u.packet_in.data = (const uint8_t *)"\xff\xff\xff\xff\xff\xff\x02\0\0\0\0\1\x08\x06";
	cases[n].m.u.packet_in.len = 14;
	n++;
	cases[n].what = "NXT_FLOW_REMOVED";
	cases[n].expect = "reason=idle duration3.500s idle5 pkts7 bytes700";
	cases[n].m = msg(OFPT_FLOW_REMOVED);
	cvsw_flow_init(&cases[n].m.u.flow_removed.flow);
	cases[n].m.u.flow_removed.nxm = true;
	cases[n].m.u.flow_removed.flow.match.present = CVSW_M_TUN_ID;
	cases[n].m.u.flow_removed.flow.match.tun_id = 9;
	cases[n].m.u.flow_removed.flow.duration_ms = 3500;
	cases[n].m.u.flow_removed.flow.idle_timeout = 5;
	cases[n].m.u.flow_removed.flow.packets = 7;
	cases[n].m.u.flow_removed.flow.bytes = 700;
	n++;

	for (int i = 0; i < n; i++) {
		FILE *p;
		size_t got, off;

		ofbuf_clear(&buf);
		if (of_encode(&buf, &cases[i].m)) {
			ok(0, "ovs-ofctl ofp-print reads %s (encode failed)", cases[i].what);
			continue;
		}
		off = (size_t)snprintf(cmd, sizeof(cmd), "ovs-ofctl ofp-print '");
		for (size_t j = 0; j < buf.len; j++)
			off += (size_t)snprintf(cmd + off, sizeof(cmd) - off, "%02x", buf.data[j]);
		snprintf(cmd + off, sizeof(cmd) - off, "' 2>&1");
		p = popen(cmd, "r");
		got = p ? fread(out, 1, sizeof(out) - 1, p) : 0;
		out[got] = '\0';
		if (p)
			pclose(p);
		if (!ok(strstr(out, cases[i].expect) && !strstr(out, "only uses"),
			"ovs-ofctl ofp-print reads %s", cases[i].what))
			diag("ovs-ofctl printed: %s", out);
	}
}

int main(void)
{
	ofbuf_init(&buf);
	ofbuf_init(&buf2);
	test_of10_match();
	test_nxm_match();
	test_nxm_errors();
	test_simple_types();
	test_flows();
	test_stats();
	test_malformed();
	test_ovs_print();
	test_ovs_print_replies();
	ofbuf_free(&buf);
	ofbuf_free(&buf2);
	return tap_done();
}
