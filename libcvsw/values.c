/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Parsers of the value types of the flow syntax: numbers, ports, MAC and
 * IPv4 addresses. Strict: no sign, no leading/trailing junk, no octal. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "syntax.h"

static const struct {
	const char *name;
	uint16_t port;
} port_names[] = {
	{ "host", CVSW_PORT_HOST },
	{ "net", CVSW_PORT_NET },
	{ "in_port", CVSW_PORT_IN_PORT },
	{ "table", CVSW_PORT_TABLE },
	{ "normal", CVSW_PORT_NORMAL },
	{ "flood", CVSW_PORT_FLOOD },
	{ "all", CVSW_PORT_ALL },
	{ "controller", CVSW_PORT_CONTROLLER },
	{ "local", CVSW_PORT_LOCAL },
	{ "none", CVSW_PORT_NONE },
	{ "any", CVSW_PORT_NONE },	/* ovs-ofctl's name of 0xffff */
};

const char *cvswi_port_name(uint16_t port)
{
	for (size_t i = 0; i < sizeof(port_names) / sizeof(port_names[0]); i++)
		if (port_names[i].port == port)
			return port_names[i].name;
	return NULL;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int cvswi_parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	bool over = false;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		s += 2;
		if (!*s)
			return PV_INVALID;
		for (; *s; s++) {
			int d = hexval((unsigned char)*s);

			if (d < 0)
				return PV_INVALID;
			if (v >> 60)
				over = true;
			v = v << 4 | (unsigned)d;
		}
	} else {
		if (!*s)
			return PV_INVALID;
		for (; *s; s++) {
			unsigned d;

			if (*s < '0' || *s > '9')
				return PV_INVALID;
			d = (unsigned)(*s - '0');
			if (v > (UINT64_MAX - d) / 10)
				over = true;
			v = v * 10 + d;
		}
	}
	if (over || v > max)
		return PV_RANGE;
	*out = v;
	return PV_OK;
}

int cvswi_parse_port(const char *s, uint16_t *port)
{
	uint64_t v;
	int r;

	for (size_t i = 0; i < sizeof(port_names) / sizeof(port_names[0]); i++) {
		if (!strcasecmp(s, port_names[i].name)) {
			*port = port_names[i].port;
			return PV_OK;
		}
	}
	r = cvswi_parse_uint(s, 0xffff, &v);
	if (r == PV_OK)
		*port = (uint16_t)v;
	return r;
}

int cvsw_port_parse(const char *text, uint16_t *port)
{
	return cvswi_parse_port(text, port) ? -EINVAL : 0;
}

int cvswi_parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		int hi = hexval((unsigned char)s[0]), lo;

		if (hi < 0)
			return PV_INVALID;
		lo = hexval((unsigned char)s[1]);
		if (lo >= 0) {
			mac[i] = (uint8_t)(hi << 4 | lo);
			s += 2;
		} else {
			mac[i] = (uint8_t)hi;
			s += 1;
		}
		if (i < 5) {
			if (*s != ':')
				return PV_INVALID;
			s++;
		}
	}
	return *s ? PV_INVALID : PV_OK;
}

int cvswi_parse_ipv4(const char *s, uint32_t *ip)
{
	uint32_t v = 0;

	for (int i = 0; i < 4; i++) {
		unsigned octet = 0, digits = 0;

		while (*s >= '0' && *s <= '9') {
			/* "010" would be octal to inet_aton: refuse ambiguity */
			if (digits == 1 && octet == 0)
				return PV_INVALID;
			octet = octet * 10 + (unsigned)(*s++ - '0');
			if (++digits > 3 || octet > 255)
				return PV_INVALID;
		}
		if (!digits)
			return PV_INVALID;
		v = v << 8 | octet;
		if (i < 3) {
			if (*s != '.')
				return PV_INVALID;
			s++;
		}
	}
	if (*s)
		return PV_INVALID;
	*ip = v;
	return PV_OK;
}
