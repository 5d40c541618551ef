/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Internal helpers shared by the flow parser and formatter. */
#ifndef LIBCVSW_SYNTAX_H
#define LIBCVSW_SYNTAX_H

#include <stddef.h>
#include <stdint.h>
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

/* Port names of the syntax: "host", "net", "in_port", ... or NULL. */
const char *cvswi_port_name(uint16_t port);

void cvswi_format_actions(struct strbuf *sb, const struct cvsw_action *acts,
			  unsigned n);
void cvswi_format_match(struct strbuf *sb, const struct cvsw_match *m,
			bool *first);

/* Parses the action list that starts at text[0], which is column `col0` of
 * the whole text (for error columns). */
int cvswi_parse_actions(const char *text, unsigned col0,
			struct cvsw_action *acts, unsigned max, unsigned *n,
			struct cvsw_parse_error *err);

void cvswi_parse_error(struct cvsw_parse_error *err, unsigned column,
		       const char *item, size_t item_len, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

/* Value parsers over NUL-terminated strings: 0, PV_INVALID or PV_RANGE. */
enum { PV_OK = 0, PV_INVALID = -1, PV_RANGE = -2 };
int cvswi_parse_uint(const char *s, uint64_t max, uint64_t *out);
/* A port number or name (host, net, in_port, table, normal, flood, all,
 * controller, local, none). */
int cvswi_parse_port(const char *s, uint16_t *port);
int cvswi_parse_mac(const char *s, uint8_t mac[6]);
int cvswi_parse_ipv4(const char *s, uint32_t *ip);

#endif
