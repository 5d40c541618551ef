/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cvsw-shell: manage cvsw_net datapaths.
 *   cvsw-shell                 interactive (readline, history, completion)
 *   cvsw-shell -c 'CMD'        one command
 *   cvsw-shell CMD WORDS...    the same, without quoting
 *   cvsw-shell -f FILE         a script; stdin when it is not a terminal
 * Scripts stop at the first failing line: "FILE:LINE: error: MESSAGE" and
 * exit status 1.
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <readline/readline.h>
#include <readline/history.h>

#include "shell.h"

#define PROMPT "cvsw> "

static void usage(FILE *f)
{
	fputs("usage: cvsw-shell [--json] [-c COMMAND | -f FILE | COMMAND...]\n"
	      "  -c, --command CMD   run one command and exit\n"
	      "  -f, --file FILE     run the commands of FILE ('-' for stdin), stop at the\n"
	      "                      first error (FILE:LINE: error: ...)\n"
	      "  -j, --json          JSON output for scripts\n"
	      "      --family NAME   generic netlink family (default cvsw)\n"
	      "  -h, --help          this text; `help` inside the shell lists commands\n"
	      "Without a command: interactive when stdin is a terminal, else a script\n"
	      "read from stdin.\n", f);
}

static int run_script(struct shell *sh, FILE *in, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	unsigned lineno = 0;
	int status = 0;

	while (getline(&line, &cap, in) >= 0) {
		int r;

		lineno++;
		r = shell_run(sh, line);
		if (r == 1)
			break;
		if (r < 0) {
			fflush(stdout);
			fprintf(stderr, "%s:%u: error: %s\n", name, lineno, sh->err);
			status = 1;
			break;
		}
	}
	if (ferror(in) && !status) {
		fprintf(stderr, "%s: read error: %s\n", name, strerror(errno));
		status = 1;
	}
	free(line);
	return status;
}

static char *history_path(void)
{
	const char *home = getenv("HOME");
	char *p;

	if (!home || !*home)
		return NULL;
	p = malloc(strlen(home) + sizeof("/.cvsw_history"));
	if (p)
		sprintf(p, "%s/.cvsw_history", home);
	return p;
}

/* Ctrl-C at the prompt: drop the line, stay in the shell. */
static void prompt_sigint(int sig)
{
	(void)sig;
	shell_interrupted = 1;
	if (!RL_ISSTATE(RL_STATE_READCMD))
		return;		/* a running command checks the flag */
	fputc('\n', stdout);
	rl_on_new_line();
	rl_replace_line("", 0);
	rl_redisplay();
}

static int run_interactive(struct shell *sh)
{
	char *hist = history_path();
	struct sigaction sa = { .sa_handler = prompt_sigint };
	char *line;

	sh->interactive = true;
	shell_completion_init(sh);
	using_history();
	stifle_history(1000);
	/* append_history() needs the file to exist */
	if (hist && read_history(hist))
		write_history(hist);
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGINT, &sa, NULL);
	while ((line = readline(PROMPT))) {
		int r;

		if (line[strspn(line, " \t")]) {
			HIST_ENTRY *last = history_length ? history_get(history_base + history_length - 1) : NULL;

			if (!last || strcmp(last->line, line)) {
				add_history(line);
				/* at once: a killed shell keeps its history */
				if (hist)
					append_history(1, hist);
			}
		}
		r = shell_run(sh, line);
		free(line);
		if (r == 1)
			break;
		if (r < 0)
			fprintf(stderr, "error: %s\n", sh->err);
	}
	if (!line)
		putchar('\n');	/* Ctrl-D: end the prompt line */
	if (hist) {
		history_truncate_file(hist, 1000);
		free(hist);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "command", required_argument, NULL, 'c' },
		{ "file", required_argument, NULL, 'f' },
		{ "json", no_argument, NULL, 'j' },
		{ "family", required_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct shell sh = { 0 };
	const char *cmd = NULL, *file = NULL;
	int c, status;

	/* '+': stop at the first non-option, so "flow del eth0 --strict"
	 * reaches the command untouched */
	while ((c = getopt_long(argc, argv, "+c:f:jh", opts, NULL)) != -1) {
		switch (c) {
		case 'c': cmd = optarg; break;
		case 'f': file = optarg; break;
		case 'j': sh.json = true; break;
		case 'F': sh.family = optarg; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if ((cmd && file) || ((cmd || file) && optind < argc)) {
		fprintf(stderr, "cvsw-shell: give one of -c, -f or a command\n");
		return 2;
	}
	if (optind < argc) {
		/* the words of a command, re-quoted so that they split back */
		size_t len = 0;
		char *line;

		for (int i = optind; i < argc; i++)
			len += strlen(argv[i]) + 3;
		line = malloc(len + 1);
		if (!line)
			return 1;
		line[0] = '\0';
		for (int i = optind; i < argc; i++) {
			strcat(line, i > optind ? " " : "");
			if (strpbrk(argv[i], " \t'") || !argv[i][0]) {
				strcat(line, "\"");
				strcat(line, argv[i]);
				strcat(line, "\"");
			} else {
				strcat(line, argv[i]);
			}
		}
		status = shell_run(&sh, line) < 0;
		free(line);
		if (status)
			fprintf(stderr, "error: %s\n", sh.err);
	} else if (cmd) {
		status = shell_run(&sh, cmd) < 0;
		if (status)
			fprintf(stderr, "error: %s\n", sh.err);
	} else if (file && strcmp(file, "-")) {
		FILE *in = fopen(file, "r");

		if (!in) {
			fprintf(stderr, "cvsw-shell: %s: %s\n", file, strerror(errno));
			return 1;
		}
		status = run_script(&sh, in, file);
		fclose(in);
	} else if (file || !isatty(0)) {
		status = run_script(&sh, stdin, "stdin");
	} else {
		status = run_interactive(&sh);
	}
	shell_free(&sh);
	return status;
}
