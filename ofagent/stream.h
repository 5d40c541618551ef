/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * Transports of OpenFlow connections: targets (tcp:, ssl:, unix: to
 * connect; ptcp:, pssl:, punix: to listen), non-blocking sockets and TLS
 * (OpenSSL) over them.
 */
#ifndef CVSW_OFAGENT_STREAM_H
#define CVSW_OFAGENT_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum target_kind { T_TCP, T_SSL, T_UNIX, T_PTCP, T_PSSL, T_PUNIX };

struct target {
	enum target_kind kind;
	char host[256];		/* tcp/ssl: host; ptcp/pssl: bind address ("" any) */
	uint16_t port;
	char path[108];		/* unix/punix */
	char text[400];		/* as given, for logs */
};

/* Parses "tcp:HOST[:PORT]", "ssl:...", "unix:PATH" (passive == false) or
 * "ptcp:[PORT][:IP]", "pssl:...", "punix:PATH" (passive). 0 or -EINVAL
 * with *why. */
int target_parse(const char *s, bool passive, struct target *t, const char **why);
bool target_is_tls(const struct target *t);

/* TLS settings (--private-key, --certificate, --ca-cert). */
struct tls_config {
	const char *private_key;
	const char *certificate;
	const char *ca_cert;
};

/* Prepares the TLS context (once, when a ssl:/pssl: target is used):
 * our certificate and key, peers verified against the CA. 0 or -1 with a
 * message in why (of size n). */
int tls_init(const struct tls_config *cfg, char *why, size_t n);
void tls_exit(void);

struct stream {
	int fd;
	void *ssl;		/* SSL *, NULL for plain sockets */
	bool handshaking;	/* TLS handshake not finished */
	bool want_write;	/* TLS wants the socket writable */
	char peer[400];		/* for logs */
};

/* Starts a non-blocking connect; 0 (s->fd valid, maybe in progress) or
 * -errno. */
int stream_connect(const struct target *t, struct stream *s);
/* Finishes a connect in progress once the socket is writable: 0 or -errno. */
int stream_connect_done(struct stream *s);
/* A listening socket for a passive target; fd or -errno. */
int stream_listen(const struct target *t);
/* Accepts one connection (TLS if tls); 0, -EAGAIN or -errno. */
int stream_accept(int lfd, bool tls, struct stream *s);
/* Sets up TLS on a connected stream (client side). */
int stream_start_tls(struct stream *s, bool server);
/* Reads up to n bytes: count, 0 at the end, -EAGAIN, or -errno. */
ssize_t stream_recv(struct stream *s, void *buf, size_t n);
/* Writes up to n bytes: count, -EAGAIN, or -errno. */
ssize_t stream_send(struct stream *s, const void *buf, size_t n);
/* Bytes sent but still in the kernel's socket buffer (SIOCOUTQ), 0 if it
 * cannot tell. */
size_t stream_unsent(const struct stream *s);
void stream_close(struct stream *s);

#endif /* CVSW_OFAGENT_STREAM_H */
