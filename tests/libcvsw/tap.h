/* SPDX-License-Identifier: LGPL-2.1-or-later */
/* Minimal TAP output for the libcvsw unit tests (plan printed at the end). */
#ifndef CVSW_TAP_H
#define CVSW_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned tap_n, tap_failed;

__attribute__((format(printf, 2, 3)))
static inline int ok(int cond, const char *fmt, ...)
{
	va_list ap;

	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %u - ", cond ? "" : "not ", tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	return cond;
}

__attribute__((format(printf, 1, 2)))
static inline void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* A test name without control characters (TAP is line based). */
static inline const char *tap_esc(const char *s)
{
	static char buf[512];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	buf[i] = '\0';
	return buf;
}

static inline int tap_done(void)
{
	printf("1..%u\n", tap_n);
	if (tap_failed)
		printf("# %u of %u failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

#endif
