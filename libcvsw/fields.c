/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The match fields of the flow syntax: one descriptor per OpenFlow 1.0
 * field (name, CVSW_M_* bit, uapi attribute, value kind and place,
 * prerequisite), the other names ovs-ofctl accepts for them, and the
 * dl_type shorthands. The table order is the canonical text order.
 */
#include <assert.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "syntax.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))
#define M_OFF(f) offsetof(struct cvsw_match, f)
#define M_SIZE(f) sizeof(((struct cvsw_match *)0)->f)

#define ETH_IP		0x0800
#define ETH_ARP		0x0806
#define ETH_RARP	0x8035
#define ETH_IPV6	0x86dd

static const struct cvswi_prereq ip = { "ip", { ETH_IP }, { 0 }, false };
static const struct cvswi_prereq ip_or_arp = {
	"ip or arp", { ETH_IP, ETH_ARP }, { 0 }, false,
};
/* the L4 protocols whose ports the datapath reads (234: SCLP) */
static const struct cvswi_prereq l4 = {
	"ip with nw_proto tcp, udp, icmp, sctp or sclp", { ETH_IP },
	{ 6, 17, 1, 132, 234 }, false,
};

#define UINT(f, m, nf) { &cvswi_kind_uint, M_OFF(f), M_SIZE(f), false, nf, m, 0, 0 }
#define BE16(f, nf) { &cvswi_kind_uint, M_OFF(f), 2, true, nf, 0xffff, 0, 0 }
#define NET(f, p, pa) { &cvswi_kind_ipv4_net, M_OFF(f), 4, true, NF_DEC, 0, \
			M_OFF(p), pa }

const struct cvswi_field cvswi_fields[] = {
	{ "in_port", CVSW_M_IN_PORT, CVSW_MATCH_A_IN_PORT,
	  { &cvswi_kind_port, M_OFF(in_port), 2, false, NF_DEC, 0xffff, 0, 0 },
	  NULL },
	{ "dl_type", CVSW_M_DL_TYPE, CVSW_MATCH_A_DL_TYPE,
	  BE16(dl_type, NF_HEX4), NULL },
	{ "dl_src", CVSW_M_DL_SRC, CVSW_MATCH_A_DL_SRC,
	  { &cvswi_kind_mac, M_OFF(dl_src), 6, false, NF_DEC, 0, 0, 0 }, NULL },
	{ "dl_dst", CVSW_M_DL_DST, CVSW_MATCH_A_DL_DST,
	  { &cvswi_kind_mac, M_OFF(dl_dst), 6, false, NF_DEC, 0, 0, 0 }, NULL },
	{ "dl_vlan", CVSW_M_DL_VLAN, CVSW_MATCH_A_DL_VLAN,
	  { &cvswi_kind_vlan, M_OFF(dl_vlan), 2, false, NF_DEC, 0xffff, 0, 0 },
	  NULL },
	{ "dl_vlan_pcp", CVSW_M_DL_VLAN_PCP, CVSW_MATCH_A_DL_VLAN_PCP,
	  UINT(dl_vlan_pcp, 7, NF_DEC), NULL },
	{ "nw_src", CVSW_M_NW_SRC, CVSW_MATCH_A_NW_SRC,
	  NET(nw_src, nw_src_prefix, CVSW_MATCH_A_NW_SRC_PREFIX), &ip_or_arp },
	{ "nw_dst", CVSW_M_NW_DST, CVSW_MATCH_A_NW_DST,
	  NET(nw_dst, nw_dst_prefix, CVSW_MATCH_A_NW_DST_PREFIX), &ip_or_arp },
	{ "nw_proto", CVSW_M_NW_PROTO, CVSW_MATCH_A_NW_PROTO,
	  UINT(nw_proto, 255, NF_DEC), &ip_or_arp },
	{ "nw_tos", CVSW_M_NW_TOS, CVSW_MATCH_A_NW_TOS,
	  { &cvswi_kind_tos, M_OFF(nw_tos), 1, false, NF_DEC, 255, 0, 0 }, &ip },
	{ "tp_src", CVSW_M_TP_SRC, CVSW_MATCH_A_TP_SRC, BE16(tp_src, NF_DEC), &l4 },
	{ "tp_dst", CVSW_M_TP_DST, CVSW_MATCH_A_TP_DST, BE16(tp_dst, NF_DEC), &l4 },
	{ "tun_id", CVSW_M_TUN_ID, CVSW_MATCH_A_TUN_ID,
	  UINT(tun_id, UINT64_MAX, NF_HEX), NULL },
	/* set on packets a tunnel port decapsulated; no prerequisite, as in
	 * ovs-ofctl */
	{ "tun_src", CVSW_M_TUN_SRC, CVSW_MATCH_A_TUN_SRC,
	  NET(tun_src, tun_src_prefix, CVSW_MATCH_A_TUN_SRC_PREFIX), NULL },
	{ "tun_dst", CVSW_M_TUN_DST, CVSW_MATCH_A_TUN_DST,
	  NET(tun_dst, tun_dst_prefix, CVSW_MATCH_A_TUN_DST_PREFIX), NULL },
};
const size_t cvswi_n_fields = N_ELEM(cvswi_fields);
/* every CVSW_M_* bit has its descriptor */
static_assert(N_ELEM(cvswi_fields) == 15 && CVSW_M_ALL == (1u << 15) - 1,
	      "a match field without a descriptor");

/* ip_dscp=D is nw_tos=D<<2 */
static int set_dscp(const char *s, struct cvsw_match *m, char *msg, size_t n)
{
	static const struct cvswi_slot dscp = {
		&cvswi_kind_uint, M_OFF(nw_tos), 1, false, NF_DEC, 63, 0, 0,
	};

	if (dscp.kind->parse(s, m, &dscp, msg, n))
		return -1;
	m->nw_tos = (uint8_t)(m->nw_tos << 2);
	m->present |= CVSW_M_NW_TOS;
	return 0;
}

/*
 * vlan_tci=TCI[/MASK], as far as OpenFlow 1.0 can say it: 0 is an
 * untagged packet (dl_vlan=0xffff); a TCI with the CFI bit (0x1000) is
 * dl_vlan and dl_vlan_pcp (mask 0xffff) or dl_vlan alone (mask 0x1fff).
 */
static int set_tci(const char *s, struct cvsw_match *m, char *msg, size_t n)
{
	char buf[32];
	const char *slash = strchr(s, '/');
	size_t len = slash ? (size_t)(slash - s) : strlen(s);
	uint64_t tci, mask = 0xffff;

	if (len >= sizeof(buf))
		goto bad;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (cvswi_parse_uint(buf, 0xffff, &tci) ||
	    (slash && cvswi_parse_uint(slash + 1, 0xffff, &mask)))
		goto bad;
	if (tci == 0 && mask == 0xffff) {
		m->dl_vlan = CVSW_VLAN_NONE;
		m->present |= CVSW_M_DL_VLAN;
		return 0;
	}
	if (!(tci & 0x1000) || (mask != 0xffff && mask != 0x1fff)) {
		snprintf(msg, n, "vlan_tci must be 0 (untagged), or have the CFI bit 0x1000 with mask 0xffff or 0x1fff: other values do not exist in OpenFlow 1.0");
		return -1;
	}
	m->dl_vlan = (uint16_t)(tci & 0xfff);
	m->present |= CVSW_M_DL_VLAN;
	if (mask == 0xffff) {
		m->dl_vlan_pcp = (uint8_t)(tci >> 13);
		m->present |= CVSW_M_DL_VLAN_PCP;
	}
	return 0;
bad:
	snprintf(msg, n, "invalid vlan_tci (a 16-bit number, optionally /MASK)");
	return -1;
}

const struct cvswi_alias cvswi_aliases[] = {
	{ "eth_src", "dl_src", NULL, 0 },
	{ "eth_dst", "dl_dst", NULL, 0 },
	{ "eth_type", "dl_type", NULL, 0 },
	{ "vlan_tci", "dl_vlan", set_tci, CVSW_M_DL_VLAN | CVSW_M_DL_VLAN_PCP },
	{ "ip_src", "nw_src", NULL, 0 },
	{ "ip_dst", "nw_dst", NULL, 0 },
	{ "ip_proto", "nw_proto", NULL, 0 },
	{ "ip_dscp", "nw_tos", set_dscp, CVSW_M_NW_TOS },
	{ "arp_spa", "nw_src", NULL, 0 },
	{ "arp_tpa", "nw_dst", NULL, 0 },
	{ "arp_op", "nw_proto", NULL, 0 },
	{ "tcp_src", "tp_src", NULL, 0 },
	{ "tcp_dst", "tp_dst", NULL, 0 },
	{ "udp_src", "tp_src", NULL, 0 },
	{ "udp_dst", "tp_dst", NULL, 0 },
	{ "sctp_src", "tp_src", NULL, 0 },
	{ "sctp_dst", "tp_dst", NULL, 0 },
	{ "icmp_type", "tp_src", NULL, 0 },
	{ "icmp_code", "tp_dst", NULL, 0 },
	{ "tunnel_id", "tun_id", NULL, 0 },
};
const size_t cvswi_n_aliases = N_ELEM(cvswi_aliases);

const struct cvswi_shorthand cvswi_shorthands[] = {
	{ "ip", ETH_IP, -1, true },
	{ "tcp", ETH_IP, 6, true },
	{ "udp", ETH_IP, 17, true },
	{ "icmp", ETH_IP, 1, true },
	{ "sctp", ETH_IP, 132, true },
	{ "arp", ETH_ARP, -1, true },
	/* OpenFlow 1.0 matches no IPv6 or RARP field: dl_type only */
	{ "rarp", ETH_RARP, -1, false },
	{ "ipv6", ETH_IPV6, -1, false },
	{ "ip6", ETH_IPV6, -1, false },
};
const size_t cvswi_n_shorthands = N_ELEM(cvswi_shorthands);

static bool name_is(const char *name, const char *s, size_t len)
{
	return strlen(name) == len && !memcmp(name, s, len);
}

const struct cvswi_field *cvswi_field_find(const char *name, size_t len,
					  const struct cvswi_alias **alias)
{
	*alias = NULL;
	for (size_t i = 0; i < cvswi_n_fields; i++)
		if (name_is(cvswi_fields[i].name, name, len))
			return &cvswi_fields[i];
	for (size_t i = 0; i < cvswi_n_aliases; i++) {
		if (!name_is(cvswi_aliases[i].name, name, len))
			continue;
		*alias = &cvswi_aliases[i];
		return cvswi_field_find(cvswi_aliases[i].field,
					strlen(cvswi_aliases[i].field),
					&(const struct cvswi_alias *){ NULL });
	}
	return NULL;
}

const struct cvswi_field *cvswi_field_by_bit(uint32_t bit)
{
	for (size_t i = 0; i < cvswi_n_fields; i++)
		if (cvswi_fields[i].bit == bit)
			return &cvswi_fields[i];
	return NULL;
}

const struct cvswi_shorthand *cvswi_shorthand_find(const char *name,
						  size_t len)
{
	for (size_t i = 0; i < cvswi_n_shorthands; i++)
		if (name_is(cvswi_shorthands[i].name, name, len))
			return &cvswi_shorthands[i];
	return NULL;
}

bool cvswi_prereq_met(const struct cvswi_prereq *p, const struct cvsw_match *m)
{
	bool proto_ok = !p || !p->nw_proto[0];

	if (!p)
		return true;
	if (p->tagged)
		return (m->present & CVSW_M_DL_VLAN) && m->dl_vlan != CVSW_VLAN_NONE;
	if (!(m->present & CVSW_M_DL_TYPE) ||
	    (m->dl_type != p->dl_type[0] &&
	     (!p->dl_type[1] || m->dl_type != p->dl_type[1])))
		return false;
	for (size_t i = 0; i < sizeof(p->nw_proto) && p->nw_proto[i]; i++)
		if ((m->present & CVSW_M_NW_PROTO) && m->nw_proto == p->nw_proto[i])
			proto_ok = true;
	return proto_ok;
}

const struct cvswi_field *cvswi_match_unmet(const struct cvsw_match *m)
{
	for (size_t i = 0; i < cvswi_n_fields; i++)
		if ((m->present & cvswi_fields[i].bit) &&
		    !cvswi_prereq_met(cvswi_fields[i].prereq, m))
			return &cvswi_fields[i];
	return NULL;
}
