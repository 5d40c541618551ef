/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The agent's log: one line per event an operator needs (connected,
 * negotiated, disconnected and why, each refused message with its error),
 * to stderr or a file, with a timestamp. Lines of one kind are rate
 * limited (burst, then a few per second) and the number left out is
 * reported once the flood stops, so a misbehaving peer cannot fill a disk.
 */
#ifndef CVSW_OFAGENT_LOG_H
#define CVSW_OFAGENT_LOG_H

enum log_level { LOG_ERR, LOG_WARN, LOG_INFO, LOG_DBG };

/* Opens the log (NULL: stderr); -errno. Called again by SIGHUP. */
int log_open(const char *path);
void log_close(void);
void log_set_level(enum log_level level);
int log_get_level(void);

/* An ordinary line. */
void log_msg(enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* A line of a kind that can repeat (refused messages, overruns):
 * `kind` names the rate-limit bucket (a static string). */
void log_limited(const char *kind, enum log_level level, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

#endif /* CVSW_OFAGENT_LOG_H */
