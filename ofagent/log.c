// SPDX-License-Identifier: GPL-2.0-or-later
/* The agent's log (log.h). */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "log.h"

static FILE *log_file;
static enum log_level log_level = LOG_INFO;

/* token buckets, one per kind */
#define LOG_BURST 20
#define LOG_PER_SEC 5
#define LOG_KINDS 16

static struct {
	const char *kind;
	double tokens;
	double last;
	unsigned long dropped;
} buckets[LOG_KINDS];

static const char *const level_names[] = { "error", "warn", "info", "debug" };

int log_open(const char *path)
{
	FILE *f = stderr;

	if (path) {
		f = fopen(path, "a");
		if (!f)
			return -errno;
		setvbuf(f, NULL, _IOLBF, 0);
	}
	log_close();
	log_file = f;
	return 0;
}

void log_close(void)
{
	if (log_file && log_file != stderr)
		fclose(log_file);
	log_file = NULL;
}

void log_set_level(enum log_level level)
{
	log_level = level;
}

int log_get_level(void)
{
	return log_level;
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void vlog(enum log_level level, const char *fmt, va_list ap)
{
	FILE *f = log_file ? log_file : stderr;
	struct timespec ts;
	struct tm tm;
	char when[32];

	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	fprintf(f, "%s.%03ldZ %s: ", when, ts.tv_nsec / 1000000, level_names[level]);
	vfprintf(f, fmt, ap);
	fputc('\n', f);
	fflush(f);
}

void log_msg(enum log_level level, const char *fmt, ...)
{
	va_list ap;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}

void log_limited(const char *kind, enum log_level level, const char *fmt, ...)
{
	double t = now_s();
	va_list ap;
	int i;

	if (level > log_level)
		return;
	for (i = 0; i < LOG_KINDS && buckets[i].kind && buckets[i].kind != kind; i++)
		;
	if (i == LOG_KINDS)
		i = LOG_KINDS - 1;	/* more kinds than buckets: share the last */
	if (!buckets[i].kind) {
		buckets[i].kind = kind;
		buckets[i].tokens = LOG_BURST;
		buckets[i].last = t;
	}
	buckets[i].tokens += (t - buckets[i].last) * LOG_PER_SEC;
	if (buckets[i].tokens > LOG_BURST)
		buckets[i].tokens = LOG_BURST;
	buckets[i].last = t;
	if (buckets[i].tokens < 1) {
		buckets[i].dropped++;
		return;
	}
	buckets[i].tokens -= 1;
	if (buckets[i].dropped) {
		log_msg(level, "(%lu more \"%s\" lines left out)", buckets[i].dropped,
			kind);
		buckets[i].dropped = 0;
	}
	va_start(ap, fmt);
	vlog(level, fmt, ap);
	va_end(ap);
}
