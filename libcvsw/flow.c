/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Flow struct basics, the output string helper and the syntax's names. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cvsw.h"
#include "syntax.h"

const char *const cvsw_flow_field_names[] = {
	"priority", "in_port", "dl_src", "dl_dst", "dl_vlan", "dl_vlan_pcp",
	"dl_type", "nw_tos", "nw_proto", "nw_src", "nw_dst", "tp_src",
	"tp_dst", "tun_id", "cookie", "idle_timeout", "hard_timeout",
	"send_flow_rem", "check_overlap", "out_port", "ip", "tcp", "udp",
	"icmp", "arp", "actions", NULL,
};

const char *const cvsw_action_names[] = {
	"output", "in_port", "normal", "flood", "all", "controller", "local",
	"drop", "mod_vlan_vid", "mod_vlan_pcp", "strip_vlan", "mod_dl_src",
	"mod_dl_dst", "mod_nw_src", "mod_nw_dst", "mod_nw_tos", "mod_tp_src",
	"mod_tp_dst", "enqueue", NULL,
};

void cvsw_flow_init(struct cvsw_flow *flow)
{
	/* memset, not an initializer: padding must be zero for memcmp users */
	memset(flow, 0, sizeof(*flow));
	flow->priority = CVSW_FLOW_DEFAULT_PRIORITY;
	flow->out_port = CVSW_PORT_NONE;
	flow->match.nw_src_prefix = 32;
	flow->match.nw_dst_prefix = 32;
}

static bool match_equal(const struct cvsw_match *a, const struct cvsw_match *b)
{
	uint32_t p = a->present;

	if (p != b->present)
		return false;
	if ((p & CVSW_M_IN_PORT) && a->in_port != b->in_port)
		return false;
	if ((p & CVSW_M_DL_SRC) && memcmp(a->dl_src, b->dl_src, 6))
		return false;
	if ((p & CVSW_M_DL_DST) && memcmp(a->dl_dst, b->dl_dst, 6))
		return false;
	if ((p & CVSW_M_DL_VLAN) && a->dl_vlan != b->dl_vlan)
		return false;
	if ((p & CVSW_M_DL_VLAN_PCP) && a->dl_vlan_pcp != b->dl_vlan_pcp)
		return false;
	if ((p & CVSW_M_DL_TYPE) && a->dl_type != b->dl_type)
		return false;
	if ((p & CVSW_M_NW_TOS) && a->nw_tos != b->nw_tos)
		return false;
	if ((p & CVSW_M_NW_PROTO) && a->nw_proto != b->nw_proto)
		return false;
	if ((p & CVSW_M_NW_SRC) && (a->nw_src != b->nw_src ||
				    a->nw_src_prefix != b->nw_src_prefix))
		return false;
	if ((p & CVSW_M_NW_DST) && (a->nw_dst != b->nw_dst ||
				    a->nw_dst_prefix != b->nw_dst_prefix))
		return false;
	if ((p & CVSW_M_TP_SRC) && a->tp_src != b->tp_src)
		return false;
	if ((p & CVSW_M_TP_DST) && a->tp_dst != b->tp_dst)
		return false;
	if ((p & CVSW_M_TUN_ID) && a->tun_id != b->tun_id)
		return false;
	return true;
}

static bool action_equal(const struct cvsw_action *a, const struct cvsw_action *b)
{
	if (a->type != b->type)
		return false;
	switch (a->type) {
	case CVSW_ACT_OUTPUT:
		return a->u.output.port == b->u.output.port &&
		       a->u.output.max_len == b->u.output.max_len;
	case CVSW_ACT_ENQUEUE:
		return a->u.enqueue.port == b->u.enqueue.port &&
		       a->u.enqueue.queue_id == b->u.enqueue.queue_id;
	case CVSW_ACT_SET_VLAN_VID:
		return a->u.vlan_vid == b->u.vlan_vid;
	case CVSW_ACT_SET_VLAN_PCP:
		return a->u.vlan_pcp == b->u.vlan_pcp;
	case CVSW_ACT_STRIP_VLAN:
		return true;
	case CVSW_ACT_SET_DL_SRC:
	case CVSW_ACT_SET_DL_DST:
		return !memcmp(a->u.mac, b->u.mac, 6);
	case CVSW_ACT_SET_NW_SRC:
	case CVSW_ACT_SET_NW_DST:
		return a->u.ipv4 == b->u.ipv4;
	case CVSW_ACT_SET_NW_TOS:
		return a->u.nw_tos == b->u.nw_tos;
	case CVSW_ACT_SET_TP_SRC:
	case CVSW_ACT_SET_TP_DST:
		return a->u.tp_port == b->u.tp_port;
	}
	return false;
}

bool cvsw_flow_equal(const struct cvsw_flow *a, const struct cvsw_flow *b)
{
	if (!match_equal(&a->match, &b->match) || a->priority != b->priority ||
	    a->cookie != b->cookie || a->idle_timeout != b->idle_timeout ||
	    a->hard_timeout != b->hard_timeout || a->flags != b->flags ||
	    a->out_port != b->out_port || a->has_actions != b->has_actions ||
	    a->n_actions != b->n_actions || a->packets != b->packets ||
	    a->bytes != b->bytes || a->duration_ms != b->duration_ms ||
	    a->idle_ms != b->idle_ms)
		return false;
	for (unsigned i = 0; i < a->n_actions; i++)
		if (!action_equal(&a->actions[i], &b->actions[i]))
			return false;
	return true;
}

void sb_init(struct strbuf *sb, char *buf, size_t size)
{
	sb->buf = buf;
	sb->size = size;
	sb->len = 0;
	if (size)
		buf[0] = '\0';
}

void sb_printf(struct strbuf *sb, const char *fmt, ...)
{
	size_t room = sb->len < sb->size ? sb->size - sb->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? sb->buf + sb->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		sb->len += (size_t)n;
}

void sb_puts(struct strbuf *sb, const char *s)
{
	sb_printf(sb, "%s", s);
}

void cvswi_parse_error(struct cvsw_parse_error *err, unsigned column,
		       const char *item, size_t item_len, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return;
	err->column = column;
	if (item_len >= sizeof(err->item)) {
		/* keep the start, which is what the column points at */
		memcpy(err->item, item, sizeof(err->item) - 4);
		strcpy(err->item + sizeof(err->item) - 4, "...");
	} else {
		memcpy(err->item, item, item_len);
		err->item[item_len] = '\0';
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	if (err->item[0])
		snprintf(err->text, sizeof(err->text),
			 "error at column %u (\"%s\"): %s", column, err->item,
			 err->msg);
	else
		snprintf(err->text, sizeof(err->text), "error at column %u: %s",
			 column, err->msg);
}
