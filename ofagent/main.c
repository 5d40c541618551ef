// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * cvsw-ofagent [OPTIONS] DEV [CONTROLLER...]: the OpenFlow 1.0 switch of
 * one cvsw_net device. Options, then the daemon's life: detach, pidfile,
 * the loop (agent.c), a clean exit on SIGTERM.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "agent.h"
#include "log.h"

static const char usage[] =
"usage: cvsw-ofagent [OPTIONS] DEV [CONTROLLER...]\n"
"The OpenFlow 1.0 switch of the cvsw_net device DEV.\n"
"\n"
"CONTROLLER (active): tcp:HOST[:PORT], ssl:HOST[:PORT] (port 6653), unix:PATH\n"
"  --listen TARGET        accept controllers: ptcp:[PORT][:IP], pssl:[PORT][:IP],\n"
"                         punix:PATH (repeatable, many connections each)\n"
"  --fail=secure|standalone  without a controller: keep the flows and drop\n"
"                         table misses (secure, default), or after three probe\n"
"                         intervals forward misses normally (standalone)\n"
"  --probe=SECS           inactivity probe (echo) interval, default 5\n"
"  --max-backoff=SECS     reconnect backoff limit, default 8\n"
"  --private-key=FILE --certificate=FILE --ca-cert=FILE   TLS (PEM)\n"
"  --datapath-id=HEX      default: the device's MAC in the low 48 bits\n"
"  --detach               run in the background\n"
"  --pidfile[=FILE]       default /run/cvsw-ofagent-DEV.pid\n"
"  --log-file[=FILE]      default /var/log/cvsw/ofagent-DEV.log (SIGHUP reopens)\n"
"  -v, --verbose          debug: every message received\n"
"  -V, --version, -h, --help\n";

enum {
	OPT_LISTEN = 256, OPT_FAIL, OPT_PROBE, OPT_BACKOFF, OPT_KEY, OPT_CERT,
	OPT_CA, OPT_DPID, OPT_DETACH, OPT_PIDFILE, OPT_LOGFILE,
};

static const struct option long_opts[] = {
	{ "listen", required_argument, NULL, OPT_LISTEN },
	{ "fail", required_argument, NULL, OPT_FAIL },
	{ "probe", required_argument, NULL, OPT_PROBE },
	{ "max-backoff", required_argument, NULL, OPT_BACKOFF },
	{ "private-key", required_argument, NULL, OPT_KEY },
	{ "certificate", required_argument, NULL, OPT_CERT },
	{ "ca-cert", required_argument, NULL, OPT_CA },
	{ "datapath-id", required_argument, NULL, OPT_DPID },
	{ "detach", no_argument, NULL, OPT_DETACH },
	{ "pidfile", optional_argument, NULL, OPT_PIDFILE },
	{ "log-file", optional_argument, NULL, OPT_LOGFILE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "version", no_argument, NULL, 'V' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static int die_usage(const char *fmt, const char *arg)
{
	fprintf(stderr, "cvsw-ofagent: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n(cvsw-ofagent --help for the options)\n");
	return 2;
}

static int parse_secs(const char *s, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(s, &end, 10);

	if (*end || end == s || v == 0 || v > 3600)
		return -1;
	*out = (unsigned)v;
	return 0;
}

static char pidfile_buf[300], logfile_buf[300];

static int write_pidfile(const char *path)
{
	FILE *f = fopen(path, "w");

	if (!f)
		return -errno;
	fprintf(f, "%ld\n", (long)getpid());
	return fclose(f) ? -errno : 0;
}

static int detach(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	setsid();
	pid = fork();
	if (pid < 0)
		return -errno;
	if (pid > 0)
		_exit(0);
	if (chdir("/"))
		return -errno;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct options opt;
	static struct agent ag;
	int c, r;

	opt.fail = FAIL_SECURE;
	opt.probe = 5;
	opt.max_backoff = 8;
	while ((c = getopt_long(argc, argv, "vVh", long_opts, NULL)) != -1) {
		switch (c) {
		case OPT_LISTEN:
			if (opt.n_listens == MAX_TARGETS)
				return die_usage("too many --listen (%s)", optarg);
			opt.listens[opt.n_listens++] = optarg;
			break;
		case OPT_FAIL:
			if (!strcmp(optarg, "secure"))
				opt.fail = FAIL_SECURE;
			else if (!strcmp(optarg, "standalone"))
				opt.fail = FAIL_STANDALONE;
			else
				return die_usage("--fail is secure or standalone, not %s", optarg);
			break;
		case OPT_PROBE:
			if (parse_secs(optarg, &opt.probe))
				return die_usage("--probe takes 1..3600 seconds, not %s", optarg);
			break;
		case OPT_BACKOFF:
			if (parse_secs(optarg, &opt.max_backoff))
				return die_usage("--max-backoff takes 1..3600 seconds, not %s", optarg);
			break;
		case OPT_KEY:
			opt.tls.private_key = optarg;
			break;
		case OPT_CERT:
			opt.tls.certificate = optarg;
			break;
		case OPT_CA:
			opt.tls.ca_cert = optarg;
			break;
		case OPT_DPID: {
			char *end;

			opt.dpid = strtoull(optarg, &end, 16);
			if (*end || end == optarg)
				return die_usage("--datapath-id takes a hex number, not %s", optarg);
			opt.dpid_set = true;
			break;
		}
		case OPT_DETACH:
			opt.detach = true;
			break;
		case OPT_PIDFILE:
			opt.pidfile = optarg ? optarg : "";
			break;
		case OPT_LOGFILE:
			opt.log_file = optarg ? optarg : "";
			break;
		case 'v':
			opt.verbose++;
			break;
		case 'V':
			printf("cvsw-ofagent %s (OpenFlow 1.0)\n", PACKAGE_VERSION);
			return 0;
		case 'h':
			fputs(usage, stdout);
			return 0;
		default:
			return die_usage("%s", "bad option");
		}
	}
	if (optind >= argc)
		return die_usage("%s", "no device given");
	opt.dev = argv[optind++];
	if (strlen(opt.dev) >= 16)
		return die_usage("device name too long: %s", opt.dev);
	while (optind < argc) {
		if (opt.n_controllers == MAX_TARGETS)
			return die_usage("too many controllers (%s)", argv[optind]);
		opt.controllers[opt.n_controllers++] = argv[optind++];
	}
	if (!opt.n_controllers && !opt.n_listens)
		return die_usage("%s", "give a CONTROLLER or --listen, or both");
	if (opt.pidfile && !*opt.pidfile) {
		snprintf(pidfile_buf, sizeof(pidfile_buf), "/run/cvsw-ofagent-%s.pid", opt.dev);
		opt.pidfile = pidfile_buf;
	}
	if (opt.log_file && !*opt.log_file) {
		mkdir("/var/log/cvsw", 0755);
		snprintf(logfile_buf, sizeof(logfile_buf), "/var/log/cvsw/ofagent-%s.log", opt.dev);
		opt.log_file = logfile_buf;
	}
	log_set_level(opt.verbose ? LOG_DBG : LOG_INFO);
	if (opt.log_file && (r = log_open(opt.log_file))) {
		fprintf(stderr, "cvsw-ofagent: %s: %s\n", opt.log_file, strerror(-r));
		return 1;
	}
	r = agent_init(&ag, &opt);
	if (r) {
		agent_exit(&ag);
		log_close();
		return 1;
	}
	if (opt.detach && (r = detach())) {
		log_msg(LOG_ERR, "detach: %s", strerror(-r));
		agent_exit(&ag);
		return 1;
	}
	if (opt.pidfile && (r = write_pidfile(opt.pidfile)))
		log_msg(LOG_WARN, "pidfile %s: %s", opt.pidfile, strerror(-r));
	r = agent_run(&ag);
	agent_exit(&ag);
	if (opt.pidfile)
		unlink(opt.pidfile);
	log_msg(LOG_INFO, "stopped");
	log_close();
	return r ? 1 : 0;
}
