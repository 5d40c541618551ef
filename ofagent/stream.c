// SPDX-License-Identifier: GPL-2.0-or-later
/* OpenFlow transports (stream.h): TCP, Unix sockets, TLS over TCP. */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <linux/sockios.h>
#include <openssl/err.h>
#include <openssl/ssl.h>

#include "ofp10.h"
#include "stream.h"

#define N_ELEM(a) (sizeof(a) / sizeof((a)[0]))

static const struct {
	const char *prefix;
	enum target_kind kind;
	bool passive;
} target_kinds[] = {
	{ "tcp:", T_TCP, false }, { "ssl:", T_SSL, false },
	{ "unix:", T_UNIX, false }, { "ptcp:", T_PTCP, true },
	{ "pssl:", T_PSSL, true }, { "punix:", T_PUNIX, true },
};

static int parse_port(const char *s, uint16_t *port)
{
	char *end;
	unsigned long v;

	if (!*s) {
		*port = OFP_TCP_PORT;
		return 0;
	}
	v = strtoul(s, &end, 10);
	if (*end || v > 65535 || end == s)
		return -EINVAL;
	*port = (uint16_t)v;
	return 0;
}

int target_parse(const char *s, bool passive, struct target *t, const char **why)
{
	size_t i;
	const char *rest, *colon;

	memset(t, 0, sizeof(*t));
	snprintf(t->text, sizeof(t->text), "%s", s);
	for (i = 0; i < N_ELEM(target_kinds); i++)
		if (!strncmp(s, target_kinds[i].prefix, strlen(target_kinds[i].prefix)))
			break;
	if (i == N_ELEM(target_kinds) || target_kinds[i].passive != passive) {
		*why = passive ? "a listener is ptcp:[PORT][:IP], pssl:[PORT][:IP] or punix:PATH" :
				 "a controller is tcp:HOST[:PORT], ssl:HOST[:PORT] or unix:PATH";
		return -EINVAL;
	}
	t->kind = target_kinds[i].kind;
	rest = s + strlen(target_kinds[i].prefix);
	if (t->kind == T_UNIX || t->kind == T_PUNIX) {
		if (!*rest || strlen(rest) >= sizeof(t->path)) {
			*why = "the socket path is empty or too long";
			return -EINVAL;
		}
		snprintf(t->path, sizeof(t->path), "%s", rest);
		return 0;
	}
	if (passive) {
		/* [PORT][:IP] */
		char port[16] = "";

		colon = strchr(rest, ':');
		if ((colon ? (size_t)(colon - rest) : strlen(rest)) >= sizeof(port)) {
			*why = "bad port";
			return -EINVAL;
		}
		memcpy(port, rest, colon ? (size_t)(colon - rest) : strlen(rest));
		if (parse_port(port, &t->port)) {
			*why = "bad port";
			return -EINVAL;
		}
		if (colon)
			snprintf(t->host, sizeof(t->host), "%s", colon + 1);
		return 0;
	}
	/* HOST[:PORT]; an IPv6 address in brackets */
	if (*rest == '[') {
		const char *close = strchr(rest, ']');

		if (!close || (size_t)(close - rest - 1) >= sizeof(t->host)) {
			*why = "bad [IPv6] address";
			return -EINVAL;
		}
		memcpy(t->host, rest + 1, (size_t)(close - rest - 1));
		colon = close[1] == ':' ? close + 1 : NULL;
		if (close[1] && !colon) {
			*why = "bad [IPv6] address";
			return -EINVAL;
		}
	} else {
		colon = strrchr(rest, ':');
		if ((colon ? (size_t)(colon - rest) : strlen(rest)) >= sizeof(t->host)) {
			*why = "host name too long";
			return -EINVAL;
		}
		memcpy(t->host, rest, colon ? (size_t)(colon - rest) : strlen(rest));
	}
	if (!t->host[0]) {
		*why = "no host";
		return -EINVAL;
	}
	if (parse_port(colon ? colon + 1 : "", &t->port)) {
		*why = "bad port";
		return -EINVAL;
	}
	return 0;
}

bool target_is_tls(const struct target *t)
{
	return t->kind == T_SSL || t->kind == T_PSSL;
}

/* ---- TLS ---- */

static SSL_CTX *tls_ctx;

static void tls_error(char *why, size_t n, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256] = "";

	if (e)
		ERR_error_string_n(e, buf, sizeof(buf));
	snprintf(why, n, "%s%s%s", what, e ? ": " : "", buf);
	ERR_clear_error();
}

int tls_init(const struct tls_config *cfg, char *why, size_t n)
{
	if (tls_ctx)
		return 0;
	if (!cfg->private_key || !cfg->certificate || !cfg->ca_cert) {
		snprintf(why, n, "TLS needs --private-key, --certificate and --ca-cert");
		return -1;
	}
	tls_ctx = SSL_CTX_new(TLS_method());
	if (!tls_ctx) {
		tls_error(why, n, "SSL_CTX_new");
		return -1;
	}
	SSL_CTX_set_min_proto_version(tls_ctx, TLS1_2_VERSION);
	if (SSL_CTX_use_certificate_chain_file(tls_ctx, cfg->certificate) != 1) {
		tls_error(why, n, "reading the certificate");
		goto fail;
	}
	if (SSL_CTX_use_PrivateKey_file(tls_ctx, cfg->private_key, SSL_FILETYPE_PEM) != 1) {
		tls_error(why, n, "reading the private key");
		goto fail;
	}
	if (SSL_CTX_check_private_key(tls_ctx) != 1) {
		tls_error(why, n, "the private key does not match the certificate");
		goto fail;
	}
	if (SSL_CTX_load_verify_locations(tls_ctx, cfg->ca_cert, NULL) != 1) {
		tls_error(why, n, "reading the CA certificate");
		goto fail;
	}
	/* both sides prove who they are, as OpenFlow's TLS mode wants */
	SSL_CTX_set_verify(tls_ctx, SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT,
			   NULL);
	SSL_CTX_set_mode(tls_ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
			 SSL_MODE_ENABLE_PARTIAL_WRITE);
	return 0;
fail:
	SSL_CTX_free(tls_ctx);
	tls_ctx = NULL;
	return -1;
}

void tls_exit(void)
{
	SSL_CTX_free(tls_ctx);
	tls_ctx = NULL;
}

int stream_start_tls(struct stream *s, bool server)
{
	SSL *ssl;

	if (!tls_ctx)
		return -EINVAL;
	ssl = SSL_new(tls_ctx);
	if (!ssl || SSL_set_fd(ssl, s->fd) != 1) {
		SSL_free(ssl);
		return -ENOMEM;
	}
	if (server)
		SSL_set_accept_state(ssl);
	else
		SSL_set_connect_state(ssl);
	s->ssl = ssl;
	s->handshaking = true;
	return 0;
}

/* What an SSL call's result `r` (<= 0) means for a non-blocking stream:
 * -EAGAIN (noting when TLS waits to write), 0 for the peer's close_notify,
 * -EPROTO for anything else (the error queue cleared). */
static int tls_result(struct stream *s, int r)
{
	switch (SSL_get_error(s->ssl, r)) {
	case SSL_ERROR_WANT_READ:
		return -EAGAIN;
	case SSL_ERROR_WANT_WRITE:
		s->want_write = true;
		return -EAGAIN;
	case SSL_ERROR_ZERO_RETURN:
		return 0;
	default:
		ERR_clear_error();
		return -EPROTO;
	}
}

/* Drives the handshake: 0 done, -EAGAIN, -EPROTO (with the reason logged
 * by the caller through s->peer). */
static int tls_handshake(struct stream *s)
{
	int r = SSL_do_handshake(s->ssl);

	s->want_write = false;
	if (r == 1) {
		s->handshaking = false;
		return 0;
	}
	r = tls_result(s, r);
	return r ? r : -EPROTO;
}

/* ---- sockets ---- */

static int set_nonblock(int fd)
{
	int fl = fcntl(fd, F_GETFL);

	return fl < 0 || fcntl(fd, F_SETFL, fl | O_NONBLOCK) < 0 ? -errno : 0;
}

static void describe(const struct sockaddr *sa, char *out, size_t n)
{
	char host[INET6_ADDRSTRLEN] = "?";

	if (sa->sa_family == AF_INET) {
		const struct sockaddr_in *in = (const void *)sa;

		inet_ntop(AF_INET, &in->sin_addr, host, sizeof(host));
		snprintf(out, n, "%s:%u", host, ntohs(in->sin_port));
	} else if (sa->sa_family == AF_INET6) {
		const struct sockaddr_in6 *in6 = (const void *)sa;

		inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof(host));
		snprintf(out, n, "[%s]:%u", host, ntohs(in6->sin6_port));
	} else {
		snprintf(out, n, "unix socket");
	}
}

int stream_connect(const struct target *t, struct stream *s)
{
	memset(s, 0, sizeof(*s));
	s->fd = -1;
	snprintf(s->peer, sizeof(s->peer), "%s", t->text);
	if (t->kind == T_UNIX) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		snprintf(un.sun_path, sizeof(un.sun_path), "%s", t->path);
		s->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (s->fd < 0)
			return -errno;
		if (connect(s->fd, (struct sockaddr *)&un, sizeof(un)) && errno != EINPROGRESS) {
			int e = -errno;

			stream_close(s);
			return e;
		}
		return 0;
	} else {
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *res;
		char port[8];
		int r, one = 1;

		snprintf(port, sizeof(port), "%u", t->port);
		r = getaddrinfo(t->host, port, &hints, &res);
		if (r)
			return -EHOSTUNREACH;
		s->fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (s->fd < 0) {
			r = -errno;
			freeaddrinfo(res);
			return r;
		}
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
		r = connect(s->fd, res->ai_addr, res->ai_addrlen);
		freeaddrinfo(res);
		if (r && errno != EINPROGRESS) {
			r = -errno;
			stream_close(s);
			return r;
		}
		if (t->kind == T_SSL && stream_start_tls(s, false)) {
			stream_close(s);
			return -ENOMEM;
		}
		return 0;
	}
}

int stream_connect_done(struct stream *s)
{
	int err = 0;
	socklen_t len = sizeof(err);

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &err, &len))
		return -errno;
	return -err;
}

int stream_listen(const struct target *t)
{
	int fd, one = 1;

	if (t->kind == T_PUNIX) {
		struct sockaddr_un un = { .sun_family = AF_UNIX };

		snprintf(un.sun_path, sizeof(un.sun_path), "%s", t->path);
		unlink(t->path);
		fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0)
			return -errno;
		if (bind(fd, (struct sockaddr *)&un, sizeof(un)) || listen(fd, 64)) {
			int e = -errno;

			close(fd);
			return e;
		}
		return fd;
	} else {
		struct addrinfo hints = { .ai_socktype = SOCK_STREAM,
					  .ai_flags = AI_PASSIVE }, *res;
		char port[8];
		int r;

		snprintf(port, sizeof(port), "%u", t->port);
		r = getaddrinfo(t->host[0] ? t->host : NULL, port, &hints, &res);
		if (r)
			return -EADDRNOTAVAIL;
		fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
		if (fd < 0) {
			r = -errno;
			freeaddrinfo(res);
			return r;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		if (bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 64)) {
			r = -errno;
			freeaddrinfo(res);
			close(fd);
			return r;
		}
		freeaddrinfo(res);
		return fd;
	}
}

int stream_accept(int lfd, bool tls, struct stream *s)
{
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	int one = 1;

	memset(s, 0, sizeof(*s));
	s->fd = accept4(lfd, (struct sockaddr *)&ss, &len, SOCK_NONBLOCK | SOCK_CLOEXEC);
	if (s->fd < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	describe((struct sockaddr *)&ss, s->peer, sizeof(s->peer));
	if (ss.ss_family != AF_UNIX)
		setsockopt(s->fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	if (tls && stream_start_tls(s, true)) {
		stream_close(s);
		return -ENOMEM;
	}
	return set_nonblock(s->fd);
}

ssize_t stream_recv(struct stream *s, void *buf, size_t n)
{
	ssize_t r;

	if (s->ssl) {
		int e;

		if (s->handshaking) {
			e = tls_handshake(s);
			if (e)
				return e;
		}
		s->want_write = false;
		e = SSL_read(s->ssl, buf, (int)(n > 1 << 30 ? 1 << 30 : n));
		if (e > 0)
			return e;
		return tls_result(s, e);
	}
	r = recv(s->fd, buf, n, 0);
	if (r < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return r;
}

ssize_t stream_send(struct stream *s, const void *buf, size_t n)
{
	ssize_t r;

	if (s->ssl) {
		int e;

		if (s->handshaking) {
			e = tls_handshake(s);
			if (e)
				return e;
		}
		e = SSL_write(s->ssl, buf, (int)(n > 1 << 30 ? 1 << 30 : n));
		if (e > 0)
			return e;
		e = tls_result(s, e);
		return e ? e : -EPROTO;
	}
	r = send(s->fd, buf, n, MSG_NOSIGNAL);
	if (r < 0)
		return errno == EWOULDBLOCK ? -EAGAIN : -errno;
	return r;
}

size_t stream_unsent(const struct stream *s)
{
	int n = 0;

	/* TCP: not yet acknowledged; unix: not yet read by the peer */
	if (s->fd < 0 || ioctl(s->fd, SIOCOUTQ, &n) < 0 || n < 0)
		return 0;
	return (size_t)n;
}

void stream_close(struct stream *s)
{
	if (s->ssl) {
		SSL_shutdown(s->ssl);
		SSL_free(s->ssl);
		s->ssl = NULL;
	}
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}
