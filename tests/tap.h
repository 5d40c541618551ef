/* SPDX-License-Identifier: GPL-2.0 OR LGPL-2.1-or-later */
/*
 * tap.h - the one TAP helper of the C unit tests (tests/datapath and
 * tests/libcvsw).  Two ways to make a test point, on one numbering:
 *
 *   ok(cond, fmt, ...)      one check is one test point;
 *   tap_run(name, fn)       fn's EXPECT()/EXPECT_EQ() checks make one test
 *                           point, which fails if any of them failed.
 *
 * Lines are "ok N - name" / "not ok N - name", diagnostics "# ...", and
 * tap_done() prints the plan "1..N" last and returns the exit status.
 * tests/datapath/run-check.sh renumbers the points across its programs.
 */
#ifndef CVSW_TESTS_TAP_H
#define CVSW_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

static unsigned int tap_n, tap_failed;
/* EXPECT failures in the current tap_run() function. */
static unsigned int tap_cur_fail;

#define TAP_MAX_DIAG 20

__attribute__((format(printf, 2, 3), unused))
static int ok(int cond, const char *fmt, ...)
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
	fflush(stdout);
	return cond;
}

__attribute__((format(printf, 1, 2), unused))
static void diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define EXPECT(c) do { \
	if (!(c) && tap_cur_fail++ < TAP_MAX_DIAG) \
		diag("%s:%d: expected %s", __FILE__, __LINE__, #c); \
} while (0)

#define EXPECT_EQ(a, b) do { \
	unsigned long long _a = (unsigned long long)(a); \
	unsigned long long _b = (unsigned long long)(b); \
	if (_a != _b && tap_cur_fail++ < TAP_MAX_DIAG) \
		diag("%s:%d: %s = 0x%llx, expected %s = 0x%llx", \
		     __FILE__, __LINE__, #a, _a, #b, _b); \
} while (0)

/* Runs fn; its EXPECT checks decide the one test point named name. */
__attribute__((unused))
static void tap_run(const char *name, void (*fn)(void))
{
	tap_cur_fail = 0;
	fn();
	ok(!tap_cur_fail, "%s", name);
}

/* A test name without control characters (TAP is line based). */
__attribute__((unused))
static const char *tap_esc(const char *s)
{
	static char buf[512];
	size_t i;

	for (i = 0; s[i] && i < sizeof(buf) - 1; i++)
		buf[i] = (unsigned char)s[i] < 0x20 ? ' ' : s[i];
	buf[i] = '\0';
	return buf;
}

/* Iteration scale: CVSW_TEST_SCALE=N divides the work (valgrind runs). */
__attribute__((unused))
static unsigned int tap_iters(unsigned int n)
{
	const char *s = getenv("CVSW_TEST_SCALE");
	unsigned int d = s ? (unsigned int)atoi(s) : 1;

	if (!d)
		d = 1;
	return n / d ? n / d : 1;
}

/* The plan, a summary line on failure, and the exit status. */
__attribute__((unused))
static int tap_done(void)
{
	printf("1..%u\n", tap_n);
	if (tap_failed)
		printf("# %u of %u failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

#endif /* CVSW_TESTS_TAP_H */
