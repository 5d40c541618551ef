/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * The flow text formatter. Canonical order: priority, cookie, timeouts,
 * flags, match fields (fixed order, shorthands where they apply), out_port,
 * actions. Its output parses back to an equal flow (tested in tests/libcvsw).
 */
#include <inttypes.h>
#include <stdio.h>

#include "syntax.h"

#define MAC_FMT "%02x:%02x:%02x:%02x:%02x:%02x"
#define MAC_ARG(m) (m)[0], (m)[1], (m)[2], (m)[3], (m)[4], (m)[5]
#define IP_ARG(a) (a) >> 24, ((a) >> 16) & 0xff, ((a) >> 8) & 0xff, (a) & 0xff

static void sep(struct strbuf *sb, bool *first)
{
	if (!*first)
		sb_puts(sb, ",");
	*first = false;
}

static void port(struct strbuf *sb, uint16_t p)
{
	/* host/net stay numeric (OpenFlow users read port numbers); the
	 * reserved ports print by name */
	const char *name = p > CVSW_PORT_MAX ? cvswi_port_name(p) : NULL;

	if (name)
		sb_puts(sb, name);
	else
		sb_printf(sb, "%u", p);
}

static void nw(struct strbuf *sb, const char *key, uint32_t a, uint8_t prefix)
{
	sb_printf(sb, "%s=%u.%u.%u.%u", key, IP_ARG(a));
	if (prefix < 32)
		sb_printf(sb, "/%u", prefix);
}

void cvswi_format_match(struct strbuf *sb, const struct cvsw_match *m,
			bool *first)
{
	uint32_t p = m->present;
	uint32_t done = 0;

	if (p & CVSW_M_IN_PORT) {
		sep(sb, first);
		sb_puts(sb, "in_port=");
		port(sb, m->in_port);
	}
	if (p & CVSW_M_DL_TYPE) {
		const char *sh = NULL;

		if (m->dl_type == 0x0800 && (p & CVSW_M_NW_PROTO)) {
			switch (m->nw_proto) {
			case 1: sh = "icmp"; break;
			case 6: sh = "tcp"; break;
			case 17: sh = "udp"; break;
			}
			if (sh)
				done |= CVSW_M_NW_PROTO;
		}
		if (!sh && m->dl_type == 0x0800)
			sh = "ip";
		else if (!sh && m->dl_type == 0x0806)
			sh = "arp";
		sep(sb, first);
		if (sh)
			sb_puts(sb, sh);
		else
			sb_printf(sb, "dl_type=0x%04x", m->dl_type);
		done |= CVSW_M_DL_TYPE;
	}
	if (p & CVSW_M_DL_SRC) {
		sep(sb, first);
		sb_printf(sb, "dl_src=" MAC_FMT, MAC_ARG(m->dl_src));
	}
	if (p & CVSW_M_DL_DST) {
		sep(sb, first);
		sb_printf(sb, "dl_dst=" MAC_FMT, MAC_ARG(m->dl_dst));
	}
	if (p & CVSW_M_DL_VLAN) {
		sep(sb, first);
		if (m->dl_vlan == CVSW_VLAN_NONE)
			sb_puts(sb, "dl_vlan=0xffff");
		else
			sb_printf(sb, "dl_vlan=%u", m->dl_vlan);
	}
	if (p & CVSW_M_DL_VLAN_PCP) {
		sep(sb, first);
		sb_printf(sb, "dl_vlan_pcp=%u", m->dl_vlan_pcp);
	}
	if (p & CVSW_M_NW_SRC) {
		sep(sb, first);
		nw(sb, "nw_src", m->nw_src, m->nw_src_prefix);
	}
	if (p & CVSW_M_NW_DST) {
		sep(sb, first);
		nw(sb, "nw_dst", m->nw_dst, m->nw_dst_prefix);
	}
	if ((p & CVSW_M_NW_PROTO) && !(done & CVSW_M_NW_PROTO)) {
		sep(sb, first);
		sb_printf(sb, "nw_proto=%u", m->nw_proto);
	}
	if (p & CVSW_M_NW_TOS) {
		sep(sb, first);
		sb_printf(sb, "nw_tos=%u", m->nw_tos);
	}
	if (p & CVSW_M_TP_SRC) {
		sep(sb, first);
		sb_printf(sb, "tp_src=%u", m->tp_src);
	}
	if (p & CVSW_M_TP_DST) {
		sep(sb, first);
		sb_printf(sb, "tp_dst=%u", m->tp_dst);
	}
	if (p & CVSW_M_TUN_ID) {
		sep(sb, first);
		sb_printf(sb, "tun_id=0x%" PRIx64, m->tun_id);
	}
}

static void format_action(struct strbuf *sb, const struct cvsw_action *a)
{
	switch (a->type) {
	case CVSW_ACT_OUTPUT:
		if (a->u.output.port == CVSW_PORT_CONTROLLER) {
			sb_puts(sb, "controller");
			if (a->u.output.max_len)
				sb_printf(sb, ":%u", a->u.output.max_len);
		} else if (a->u.output.max_len) {
			/* max_len only means something for CONTROLLER; keep
			 * it visible rather than lose it */
			sb_printf(sb, "output(port=%u,max_len=%u)",
				  a->u.output.port, a->u.output.max_len);
		} else if (a->u.output.port > CVSW_PORT_MAX &&
			   cvswi_port_name(a->u.output.port) &&
			   a->u.output.port != CVSW_PORT_NONE &&
			   a->u.output.port != CVSW_PORT_TABLE) {
			sb_puts(sb, cvswi_port_name(a->u.output.port));
		} else {
			sb_printf(sb, "output:%u", a->u.output.port);
		}
		break;
	case CVSW_ACT_SET_VLAN_VID:
		sb_printf(sb, "mod_vlan_vid:%u", a->u.vlan_vid);
		break;
	case CVSW_ACT_SET_VLAN_PCP:
		sb_printf(sb, "mod_vlan_pcp:%u", a->u.vlan_pcp);
		break;
	case CVSW_ACT_STRIP_VLAN:
		sb_puts(sb, "strip_vlan");
		break;
	case CVSW_ACT_SET_DL_SRC:
		sb_printf(sb, "mod_dl_src:" MAC_FMT, MAC_ARG(a->u.mac));
		break;
	case CVSW_ACT_SET_DL_DST:
		sb_printf(sb, "mod_dl_dst:" MAC_FMT, MAC_ARG(a->u.mac));
		break;
	case CVSW_ACT_SET_NW_SRC:
		sb_printf(sb, "mod_nw_src:%u.%u.%u.%u", IP_ARG(a->u.ipv4));
		break;
	case CVSW_ACT_SET_NW_DST:
		sb_printf(sb, "mod_nw_dst:%u.%u.%u.%u", IP_ARG(a->u.ipv4));
		break;
	case CVSW_ACT_SET_NW_TOS:
		sb_printf(sb, "mod_nw_tos:%u", a->u.nw_tos);
		break;
	case CVSW_ACT_SET_TP_SRC:
		sb_printf(sb, "mod_tp_src:%u", a->u.tp_port);
		break;
	case CVSW_ACT_SET_TP_DST:
		sb_printf(sb, "mod_tp_dst:%u", a->u.tp_port);
		break;
	case CVSW_ACT_ENQUEUE:
		sb_printf(sb, "enqueue:%u:%u", a->u.enqueue.port,
			  a->u.enqueue.queue_id);
		break;
	default:
		sb_printf(sb, "unknown_action_%u", a->type);
		break;
	}
}

void cvswi_format_actions(struct strbuf *sb, const struct cvsw_action *acts,
			  unsigned n)
{
	if (!n) {
		sb_puts(sb, "drop");
		return;
	}
	for (unsigned i = 0; i < n; i++) {
		if (i)
			sb_puts(sb, ",");
		format_action(sb, &acts[i]);
	}
}

static int finish(struct strbuf *sb)
{
	if (sb->size && sb->len >= sb->size)
		sb->buf[sb->size - 1] = '\0';
	return (int)sb->len;
}

static void format_flow(struct strbuf *sb, const struct cvsw_flow *f)
{
	bool first = true;

	sep(sb, &first);
	sb_printf(sb, "priority=%u", f->priority);
	if (f->cookie) {
		sep(sb, &first);
		sb_printf(sb, "cookie=0x%" PRIx64, f->cookie);
	}
	if (f->idle_timeout) {
		sep(sb, &first);
		sb_printf(sb, "idle_timeout=%u", f->idle_timeout);
	}
	if (f->hard_timeout) {
		sep(sb, &first);
		sb_printf(sb, "hard_timeout=%u", f->hard_timeout);
	}
	if (f->flags & CVSW_FLOW_F_SEND_FLOW_REM) {
		sep(sb, &first);
		sb_puts(sb, "send_flow_rem");
	}
	if (f->flags & CVSW_FLOW_F_CHECK_OVERLAP) {
		sep(sb, &first);
		sb_puts(sb, "check_overlap");
	}
	cvswi_format_match(sb, &f->match, &first);
	if (f->out_port != CVSW_PORT_NONE) {
		sep(sb, &first);
		sb_puts(sb, "out_port=");
		port(sb, f->out_port);
	}
	if (f->has_actions) {
		sep(sb, &first);
		sb_puts(sb, "actions=");
		cvswi_format_actions(sb, f->actions, f->n_actions);
	}
}

int cvsw_flow_format(char *buf, size_t size, const struct cvsw_flow *flow)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	format_flow(&sb, flow);
	return finish(&sb);
}

int cvsw_flow_format_stats(char *buf, size_t size, const struct cvsw_flow *f)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	sb_printf(&sb, "duration=%" PRIu64 ".%03us, n_packets=%" PRIu64
		  ", n_bytes=%" PRIu64 ", idle_age=%" PRIu64 ".%03us, ",
		  f->duration_ms / 1000, (unsigned)(f->duration_ms % 1000),
		  f->packets, f->bytes, f->idle_ms / 1000,
		  (unsigned)(f->idle_ms % 1000));
	format_flow(&sb, f);
	return finish(&sb);
}

int cvsw_match_format(char *buf, size_t size, const struct cvsw_match *m)
{
	struct strbuf sb;
	bool first = true;

	sb_init(&sb, buf, size);
	cvswi_format_match(&sb, m, &first);
	return finish(&sb);
}

int cvsw_actions_format(char *buf, size_t size,
			const struct cvsw_action *acts, unsigned n)
{
	struct strbuf sb;

	sb_init(&sb, buf, size);
	cvswi_format_actions(&sb, acts, n);
	return finish(&sb);
}
