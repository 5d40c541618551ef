/* SPDX-License-Identifier: GPL-2.0-or-later */
/* cvsw-shell: shared state and the interfaces between its files. */
#ifndef CVSW_SHELL_H
#define CVSW_SHELL_H

#include <stdbool.h>
#include <stdio.h>
#include <signal.h>
#include <cvsw.h>

struct shell {
	struct cvsw_handle *h;	/* opened on the first command that needs it */
	bool open_failed;
	const char *family;	/* --family, for tests */
	bool json;
	bool interactive;
	char err[1024];		/* message of the failed command */
};

/* Runs one command line. 0 ok, -1 failed (message in sh->err), 1 quit. */
int shell_run(struct shell *sh, const char *line);
/* Sets sh->err, returns -1. */
int shell_fail(struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The connected handle, or NULL with sh->err set. `quiet` leaves sh->err
 * alone (completion). */
struct cvsw_handle *shell_handle(struct shell *sh, bool quiet);
void shell_free(struct shell *sh);

/* Set by SIGINT during long commands (monitor, add-batch). */
extern volatile sig_atomic_t shell_interrupted;

/* Help text of one command (NULL: the overview), false if unknown. */
bool shell_help(const char *cmd, FILE *out);
extern const char *const shell_commands[];

/* complete.c */
void shell_completion_init(struct shell *sh);

/* json.c: a small streaming JSON writer. */
struct json {
	FILE *f;
	int depth;
	bool comma[32];
};
void json_init(struct json *j, FILE *f);
void json_obj(struct json *j);
void json_obj_end(struct json *j);
void json_arr(struct json *j);
void json_arr_end(struct json *j);
void json_key(struct json *j, const char *key);
void json_str(struct json *j, const char *s);
void json_u64(struct json *j, unsigned long long v);
void json_bool(struct json *j, bool v);
/* key + value shortcuts */
void json_kstr(struct json *j, const char *key, const char *s);
void json_ku64(struct json *j, const char *key, unsigned long long v);
void json_kbool(struct json *j, const char *key, bool v);
/* Writes "s" JSON-escaped with quotes. */
void json_escape(FILE *f, const char *s);

/* render.c: text and JSON forms of the library's structs. */
void render_device_text(FILE *f, const struct cvsw_device *d, bool table_row);
void render_device_json(struct json *j, const struct cvsw_device *d);
void render_flow_json(struct json *j, const struct cvsw_flow *fl);
void render_event_text(FILE *f, const struct cvsw_event *ev);
void render_event_json(FILE *f, const struct cvsw_event *ev);
void render_mac(char *buf, const uint8_t *mac);

#endif
