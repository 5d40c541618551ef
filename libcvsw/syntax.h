/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * Internal interfaces of the flow syntax: the value kinds (kinds.c), the
 * descriptor tables of match fields (fields.c) and actions (actions.c),
 * which the parser, the formatter, the netlink codec, cvsw_flow_equal and
 * the shell's completion all read.
 */
#ifndef LIBCVSW_SYNTAX_H
#define LIBCVSW_SYNTAX_H

#include <stddef.h>
#include <stdint.h>
#include <netlink/msg.h>
#include <netlink/attr.h>

#include "cvsw.h"

/* A growing output string that never overflows and counts what it would
 * have written (snprintf semantics for the public format functions). */
struct strbuf {
	char *buf;
	size_t size;
	size_t len;
};

void sb_init(struct strbuf *sb, char *buf, size_t size);
void sb_printf(struct strbuf *sb, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void sb_puts(struct strbuf *sb, const char *s);

/* ---- value kinds ---- */

struct cvswi_slot;

/* How one kind of value is read, written, compared and put on the wire.
 * `base` is the struct that holds the value (struct cvsw_match, the union
 * of struct cvsw_action, struct cvsw_flow), the slot says where. */
struct cvswi_kind {
	/* 0, or -1 with a message in msg[0..n) */
	int (*parse)(const char *s, void *base, const struct cvswi_slot *sl,
		     char *msg, size_t n);
	void (*format)(struct strbuf *sb, const void *base,
		       const struct cvswi_slot *sl);
	bool (*equal)(const void *a, const void *b, const struct cvswi_slot *sl);
	/* nla_put* result (0 or a negative number) */
	int (*put)(struct nl_msg *msg, int attr, const void *base,
		   const struct cvswi_slot *sl);
	/* 0, or -EPROTO when the attribute is too short or out of range */
	int (*get)(const struct nlattr *a, void *base,
		   const struct cvswi_slot *sl);
};

enum cvswi_numfmt { NF_DEC, NF_HEX, NF_HEX4 };

/* Where a value lives and its limits. */
struct cvswi_slot {
	const struct cvswi_kind *kind;
	size_t off;		/* offset in the base struct */
	uint8_t size;		/* bytes, for numbers: 1, 2, 4 or 8 */
	bool be;		/* network byte order on the wire */
	enum cvswi_numfmt fmt;
	uint64_t max;		/* numbers: largest value */
	size_t prefix_off;	/* IPv4 networks: the prefix length byte */
	int prefix_attr;	/* ... and its attribute */
};

extern const struct cvswi_kind cvswi_kind_uint;	/* number, 1..8 bytes */
extern const struct cvswi_kind cvswi_kind_tos;	/* u8, multiple of 4 */
extern const struct cvswi_kind cvswi_kind_vlan;	/* 0..4095 or 0xffff */
extern const struct cvswi_kind cvswi_kind_port;	/* u16 number or name */
extern const struct cvswi_kind cvswi_kind_mac;
extern const struct cvswi_kind cvswi_kind_ipv4;	/* an address (be32) */
extern const struct cvswi_kind cvswi_kind_ipv4_net; /* address/prefix */
extern const struct cvswi_kind cvswi_kind_none;	/* no value (a flag) */

/* sl->kind->parse, except that a port slot also takes a name `names`
 * resolves (names may be NULL). */
int cvswi_slot_parse(const struct cvswi_slot *sl, const char *s, void *base,
		     const struct cvsw_port_names *names, char *msg, size_t n);
/* A port as a field or action writes it: a number, a reserved name, or a
 * name `names` resolves; PV_OK, PV_RANGE or PV_INVALID. */
int cvswi_parse_port_named(const char *s, const struct cvsw_port_names *names,
			   uint16_t *port);

/* ---- match fields ---- */

/* What a field needs in the same match to mean something (OpenFlow 1.0:
 * nw_* under ip/arp, tp_* under tcp/udp/...). */
struct cvswi_prereq {
	const char *text;	/* for messages: "ip", "tcp", "ip or arp" */
	uint16_t dl_type[2];	/* one of these (0 = no second choice) */
	uint8_t nw_proto[6];	/* one of these matched (0-ended; none: any) */
	bool tagged;		/* instead: dl_vlan 0..4095 matched */
};

struct cvswi_field {
	const char *name;	/* canonical, ovs-ofctl OpenFlow 1.0 */
	uint32_t bit;		/* CVSW_M_* */
	int attr;		/* CVSW_MATCH_A_* */
	struct cvswi_slot v;	/* in struct cvsw_match */
	const struct cvswi_prereq *prereq;	/* NULL: none */
};

/* Another name of a field, as ovs-ofctl has them. In OpenFlow 1.0 an
 * alias is the same wire field (icmp_type is tp_src, arp_spa is nw_src):
 * the field's prerequisites apply, as in ovs-ofctl. */
struct cvswi_alias {
	const char *name;
	const char *field;	/* canonical name */
	/* a value written differently (ip_dscp, vlan_tci); NULL: the
	 * field's kind */
	int (*set)(const char *s, struct cvsw_match *m, char *msg, size_t n);
	uint32_t bits;		/* the CVSW_M_* bits it sets */
};

/* A keyword for dl_type (and nw_proto). */
struct cvswi_shorthand {
	const char *name;
	uint16_t dl_type;
	int nw_proto;		/* -1: dl_type only */
	bool canonical;		/* the formatter writes it */
};

extern const struct cvswi_field cvswi_fields[];
extern const size_t cvswi_n_fields;
extern const struct cvswi_alias cvswi_aliases[];
extern const size_t cvswi_n_aliases;
extern const struct cvswi_shorthand cvswi_shorthands[];
extern const size_t cvswi_n_shorthands;

/* The field of a canonical name or alias (NULL if none); *alias gets the
 * alias entry or NULL. */
const struct cvswi_field *cvswi_field_find(const char *name, size_t len,
					  const struct cvswi_alias **alias);
const struct cvswi_field *cvswi_field_by_bit(uint32_t bit);
const struct cvswi_shorthand *cvswi_shorthand_find(const char *name,
						  size_t len);
/* true when m satisfies p (NULL: no prerequisite) */
bool cvswi_prereq_met(const struct cvswi_prereq *p, const struct cvsw_match *m);
/* The first field of m whose prerequisite m does not meet, or NULL: what
 * the kernel refuses and ovs-ofctl silently drops. */
const struct cvswi_field *cvswi_match_unmet(const struct cvsw_match *m);

/* ---- actions ---- */

/* One set_field target of an action, as ovs-ofctl turns it into the
 * OpenFlow 1.0 action: what it needs in the match, and how its value maps
 * onto the action's argument (ip_dscp: times 4; vlan_vid: the OFPVID
 * present bit 0x1000 may be given). */
struct cvswi_set_field {
	const char *name;
	const struct cvswi_prereq *prereq;
	unsigned shift;		/* argument = value << shift */
	uint64_t present_bit;	/* allowed in the value and dropped */
};

struct cvswi_action {
	uint16_t type;		/* CVSW_ACTION_A_* (= enum cvsw_action_type) */
	const char *name;	/* ovs-ofctl OpenFlow 1.0 name */
	/* the argument: kind none = a bare word; otherwise NAME:VALUE */
	struct cvswi_slot arg;	/* in the union u of struct cvsw_action */
	/* set_field:VALUE->FIELD names this action writes (ends with a
	 * NULL name); the value is the argument */
	const struct cvswi_set_field *set_fields;
	/* other words of the same action (output: "controller", "normal"...;
	 * NULL-ended), handled by .parse */
	const char *const *words;
	/* custom forms; NULL: the generic NAME[:VALUE] and the arg's kind */
	int (*parse)(const char *word, const char *arg,
		     const struct cvsw_port_names *names, struct cvsw_action *a,
		     char *msg, size_t n);
	void (*format)(struct strbuf *sb, const struct cvsw_action *a);
	int (*put)(struct nl_msg *msg, const struct cvsw_action *a);
	int (*get)(const struct nlattr *nla, struct cvsw_action *a);
};

/* Indexed by type: cvswi_actions[CVSW_ACTION_A_*]; entry 0 is unused. */
extern const struct cvswi_action cvswi_actions[CVSW_ACTION_A_MAX + 1];
const struct cvswi_action *cvswi_action_get(unsigned type);
/* The action whose name or word is `word` (any case), or NULL. */
const struct cvswi_action *cvswi_action_find(const char *word);
/* The action set_field writes for `field`, or NULL; *sf gets the
 * target's entry. */
const struct cvswi_action *cvswi_action_for_set_field(const char *field,
					const struct cvswi_set_field **sf);

/* "vlan_vid, vlan_pcp, eth_src, ...": the set_field targets, one per
 * action, for messages. */
void cvswi_set_field_names(char *buf, size_t size);

/* ---- formatting and parsing helpers ---- */

/* Port names of the syntax: "host", "net", "in_port", ... or NULL. */
const char *cvswi_port_name(uint16_t port);

void cvswi_format_actions(struct strbuf *sb, const struct cvsw_action *acts,
			  unsigned n);
void cvswi_format_match(struct strbuf *sb, const struct cvsw_match *m,
			bool *first);

/* Parses the action list that starts at text[0], which is column `col0` of
 * the whole text (for error columns). `match` (may be NULL) is the flow's
 * match, against which set_field prerequisites are checked; `names` (may
 * be NULL) resolves port names. */
int cvswi_parse_actions(const char *text, unsigned col0,
			const struct cvsw_match *match,
			const struct cvsw_port_names *names,
			struct cvsw_action *acts, unsigned max, unsigned *n,
			struct cvsw_parse_error *err);

void cvswi_parse_error(struct cvsw_parse_error *err, unsigned column,
		       const char *item, size_t item_len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Value parsers over NUL-terminated strings: 0, PV_INVALID or PV_RANGE. */
enum { PV_OK = 0, PV_INVALID = -1, PV_RANGE = -2 };
int cvswi_parse_uint(const char *s, uint64_t max, uint64_t *out);
/* A port number or name (host, net, in_port, table, normal, flood, all,
 * controller, local, none/any), any case. */
int cvswi_parse_port(const char *s, uint16_t *port);
int cvswi_parse_mac(const char *s, uint8_t mac[6]);
int cvswi_parse_ipv4(const char *s, uint32_t *ip);

#endif
