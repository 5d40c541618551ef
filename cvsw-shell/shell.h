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

/* shell.c */
/* Sets sh->err, returns -1. */
int shell_fail(struct shell *sh, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The connected handle, or NULL with sh->err set. `quiet` leaves sh->err
 * alone (completion). */
struct cvsw_handle *shell_handle(struct shell *sh, bool quiet);
void shell_free(struct shell *sh);
/* The library's message of its failed call in sh->err; returns -1. */
int shell_lib_fail(struct shell *sh);
/* A library call's result r as the shell's: 0, or shell_lib_fail(). */
int shell_lib_result(struct shell *sh, int r);

/* Set by SIGINT during long commands (monitor, add-batch). */
extern volatile sig_atomic_t shell_interrupted;

/* A command line split into words. */
#define SHELL_MAX_WORDS 256
struct words {
	int n;
	char *w[SHELL_MAX_WORDS];
	char buf[8192];
};

/* words.c */
/* Splits line at blanks ('...' and "..." quote); -1 with sh->err set. */
int shell_split(const char *line, struct words *ws, struct shell *sh);
/* Words from i on, joined by single blanks (truncated to size). */
void shell_join(const struct words *ws, int i, char *out, size_t size);
/* s as a number up to UINT32_MAX; else "invalid WHAT ..." in sh->err, -1. */
int shell_parse_u32(struct shell *sh, const char *s, const char *what, uint32_t *v);

/* What the words after a command's name (and its DEV) are: what TAB offers. */
enum shell_args {
	SHELL_ARGS_NONE,
	SHELL_ARGS_DEVICE,	/* one device name (optional) */
	SHELL_ARGS_FLOW,	/* flow keys, and actions after actions= */
	SHELL_ARGS_MATCH,	/* match keys */
	SHELL_ARGS_FILE,	/* a file name: readline's own completion */
	SHELL_ARGS_WORDS,	/* the keywords of .words */
	SHELL_ARGS_VALUES,	/* the choices of .values, one per word */
	SHELL_ARGS_COMMAND,	/* a command name */
	SHELL_ARGS_TUNNEL,	/* a new port's NAME, then tunnel parameters */
	SHELL_ARGS_PORT,	/* a tunnel port of DEV */
};

/* One value word of a command ("set device DEV offload NAME on|off"). */
struct shell_value {
	const char *placeholder;	/* "N", "NAME"; NULL: the choices */
	const char *(*choice)(unsigned i);	/* i-th word it takes, NULL past
						 * the end; NULL: any word */
};

/* ports.c: the ports of one device, from the kernel on first use. */
struct shell_ports {
	struct shell *sh;
	const char *dev;
	bool loaded, failed;
	char err[1024];		/* failed: why */
	struct cvsw_port *ports;
	size_t n, cap;
};
void shell_ports_init(struct shell_ports *p, struct shell *sh, const char *dev);
void shell_ports_free(struct shell_ports *p);
/* 0, or -1 (with sh->err and p->err) when the kernel cannot say. */
int shell_ports_load(struct shell_ports *p, bool quiet);
/* A flow text's parse error; when a name in it could not be looked up,
 * with the reason ("...: unknown port "vx0" (...); the ports of eth0
 * could not be read: ..."). Returns -1. */
int shell_ports_parse_fail(struct shell_ports *p, const char *what,
			   const struct cvsw_parse_error *err);
/* The port of that number, NULL if none or the list cannot be had. */
const struct cvsw_port *shell_ports_find(struct shell_ports *p, uint16_t port_no);
/* A resolver of port names for the library's flow parser. */
struct cvsw_port_names shell_port_names(struct shell_ports *p);

struct shell_call;

/* A command word: the dispatcher, help and TAB completion read these. */
struct shell_sub {
	const char *name;
	const char *alias;		/* another name of the same command */
	/* the command's words after its parent's, for messages and help
	 * ("add DEV FLOW"); NULL: the name and its .values */
	const char *usage;
	const char *help;		/* what it does; lines after the first are
					 * indented to the parent's help_col */
	int help_col;			/* where its subcommands' help starts */
	int min_args, max_args;		/* words after the name, option not counted */
	bool needs_dev;			/* the first of them names a device */
	enum shell_args args;		/* what the words after DEV are */
	const char *const *words;	/* SHELL_ARGS_WORDS */
	const struct shell_value *values;	/* SHELL_ARGS_VALUES, max_args of them */
	const struct shell_sub *subs;	/* up to an entry without a name */
	const char *option;		/* accepted first after DEV ("--strict") */
	enum cvsw_parse_mode mode;	/* SHELL_ARGS_FLOW/MATCH: how the text parses */
	bool connects;			/* needs the kernel once the syntax is checked */
	int (*run)(struct shell *sh, struct shell_call *c);
};

#define SHELL_ANY_ARGS SHELL_MAX_WORDS

/* One command being run: what its table entry says, found in its words. */
struct shell_call {
	const struct shell_sub *sub;
	struct words *ws;
	int arg;		/* first word after the name, DEV and option */
	const char *dev;	/* NULL without needs_dev */
	bool option;		/* sub->option was given */
	char text[8192];	/* SHELL_ARGS_FLOW/MATCH: the words joined */
	struct cvsw_flow *flow;	/* ... and parsed with sub->mode */
	struct shell_ports ports;	/* of dev: names in the text */
};

/* The commands (commands.c), up to an entry without a name. */
extern const struct shell_sub shell_commands[];
/* The entry of `table` called `name` (or its alias), NULL if none. */
const struct shell_sub *shell_sub_find(const struct shell_sub *table, const char *name);
/* Whether n words after the name are what sub takes. */
bool shell_args_fit(const struct shell_sub *sub, int n);
/* Appends the names of `table` joined by `sep` (`last` before the last
 * one) to buf, skipping entries for which skip(entry) is true (skip may be
 * NULL). */
void shell_names(char *buf, size_t size, const struct shell_sub *table,
		 const char *sep, const char *last,
		 bool (*skip)(const struct shell_sub *));
/* Appends the words of choice() joined the same way. */
void shell_choices(char *buf, size_t size, const char *(*choice)(unsigned),
		   const char *sep, const char *last);
/* Appends the usage of sub: its .usage, else its name and its values
 * (placeholders, or with `help` the choices where it has them). */
void shell_sub_usage(char *buf, size_t size, const struct shell_sub *sub, bool help);

/*
 * The command groups that shell_commands[] points to, a file each: their
 * handlers (run with the words after the name and DEV) and subtables.
 */
/* cmd_device.c: show devices | show device DEV | set device DEV ITEM VALUE... */
extern const struct shell_sub cmd_show_subs[], cmd_set_subs[];
int cmd_show(struct shell *sh, struct shell_call *c);
int cmd_set(struct shell *sh, struct shell_call *c);
/* cmd_flow.c: flow SUBCOMMAND ... */
extern const struct shell_sub cmd_flow_subs[];
int cmd_flow(struct shell *sh, struct shell_call *c);
/* cmd_flow_batch.c: flow add-batch DEV FILE [--sparse-ack] */
#define CMD_FLOW_SPARSE_ACK "--sparse-ack"
int cmd_flow_add_batch(struct shell *sh, struct shell_call *c);
/* cmd_stats.c: stats DEV [PART], PART one of cmd_stats_parts */
extern const char *const cmd_stats_parts[];
int cmd_stats(struct shell *sh, struct shell_call *c);
/* cmd_tunnel.c: tunnel add DEV NAME PARAMS... | del DEV PORT | show [DEV] */
extern const struct shell_sub cmd_tunnel_subs[];
int cmd_tunnel(struct shell *sh, struct shell_call *c);
/* cmd_monitor.c: monitor [DEV] [--count N] */
int cmd_monitor(struct shell *sh, struct shell_call *c);
/* cmd_packet_out.c: packet-out DEV KEY=VALUE..., KEY= one of cmd_packet_out_keys */
extern const char *const cmd_packet_out_keys[];
int cmd_packet_out(struct shell *sh, struct shell_call *c);

/* Help text of one command (NULL: the overview), false if unknown. */
bool shell_help(const char *cmd, FILE *out);

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

/* A dump's callback state: the items so far, in a JSON array with --json. */
struct shell_dump {
	struct shell *sh;
	struct json j;
	unsigned long n;
};

/* render.c: text and JSON forms of the library's structs. */
void render_device_text(FILE *f, const struct cvsw_device *d, bool table_row);
/* reasm and ports may be NULL (not asked or not known): no such key */
void render_device_json(struct json *j, const struct cvsw_device *d,
			const struct cvsw_reasm_usage *reasm,
			const struct cvsw_port *ports, size_t n_ports);
/* "  reassembly:     F of MF frames, B bytes (peak P) of MB" */
void render_reasm_text(FILE *f, const struct cvsw_reasm_usage *u);
/* "    3 vx0             vxlan   overhead 50" lines of show device */
void render_ports_text(FILE *f, const struct cvsw_port *ports, size_t n);
/* A tunnel port: name, number, kind, overhead, parameters, counters. */
void render_tunnel_text(FILE *f, const char *dev, const struct cvsw_port *p);
void render_port_json(struct json *j, const char *dev, const struct cvsw_port *p);
void render_flow_json(struct json *j, const struct cvsw_flow *fl);
void render_event_text(FILE *f, const struct cvsw_event *ev);
void render_event_json(FILE *f, const struct cvsw_event *ev);
void render_mac(char *buf, const uint8_t *mac);

#endif
