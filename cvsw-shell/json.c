/* SPDX-License-Identifier: GPL-2.0-or-later */
/* A streaming JSON writer: values are printed as they come, so a dump of
 * a million flows never sits in memory. */
#include "shell.h"

void json_init(struct json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->comma[0] = false;
}

/* Separates this value from the previous one at the same depth. */
static void value_start(struct json *j)
{
	if (j->comma[j->depth])
		fputc(',', j->f);
	j->comma[j->depth] = true;
}

static void open_(struct json *j, char c)
{
	value_start(j);
	fputc(c, j->f);
	if (j->depth < 31)
		j->depth++;
	j->comma[j->depth] = false;
}

static void close_(struct json *j, char c)
{
	if (j->depth > 0)
		j->depth--;
	fputc(c, j->f);
}

void json_obj(struct json *j) { open_(j, '{'); }
void json_obj_end(struct json *j) { close_(j, '}'); }
void json_arr(struct json *j) { open_(j, '['); }
void json_arr_end(struct json *j) { close_(j, ']'); }

void json_escape(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		switch (c) {
		case '"': fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (c < 0x20)
				fprintf(f, "\\u%04x", c);
			else
				fputc(c, f);
		}
	}
	fputc('"', f);
}

void json_key(struct json *j, const char *key)
{
	value_start(j);
	json_escape(j->f, key);
	fputc(':', j->f);
	/* the value that follows must not add a comma */
	j->comma[j->depth] = false;
}

static void after_value(struct json *j)
{
	j->comma[j->depth] = true;
}

void json_str(struct json *j, const char *s)
{
	value_start(j);
	json_escape(j->f, s);
	after_value(j);
}

void json_u64(struct json *j, unsigned long long v)
{
	value_start(j);
	fprintf(j->f, "%llu", v);
}

void json_bool(struct json *j, bool v)
{
	value_start(j);
	fputs(v ? "true" : "false", j->f);
}

void json_kstr(struct json *j, const char *key, const char *s)
{
	json_key(j, key);
	json_str(j, s);
}

void json_ku64(struct json *j, const char *key, unsigned long long v)
{
	json_key(j, key);
	json_u64(j, v);
}

void json_kbool(struct json *j, const char *key, bool v)
{
	json_key(j, key);
	json_bool(j, v);
}
