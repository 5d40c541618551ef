/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * cvsw-ofagent: one OpenFlow 1.0 switch over one cvsw_net device.
 *
 *   main.c      options, daemon life (detach, pidfile, signals)
 *   agent.c     the poll loop: listeners, controllers (reconnect with
 *               backoff), connections, datapath events, timers, fail mode
 *   conn.c      one OpenFlow connection: framing, HELLO negotiation,
 *               inactivity probe, send queue
 *   handlers.c  what each OpenFlow request does to the datapath (libcvsw)
 *   events.c    datapath events to the controllers (PACKET_IN with buffer
 *               ids, FLOW_REMOVED, PORT_STATUS)
 *   ports.c     the switch's ports as OpenFlow describes them
 */
#ifndef CVSW_OFAGENT_AGENT_H
#define CVSW_OFAGENT_AGENT_H

#include <stdbool.h>
#include <stdint.h>

#include "cvsw.h"
#include "ofmsg.h"
#include "pktbuf.h"
#include "stream.h"

#define AGENT_NAME	"cvsw-ofagent"
#define MAX_TARGETS	16
#define MAX_PORTS	OF_MAX_PORTS
/* a connection whose peer does not read: stop reading its requests above
 * this much queued output; a long reply is flushed as it grows past
 * TX_FLUSH_AT */
#define TX_HIGH_WATER	(4u << 20)
#define TX_FLUSH_AT	(1u << 20)
/* packet-in pacing (pinpace.c): a connection has PIN_WINDOW packet-ins
 * in flight at most (confirmed done by the answer to an echo sent among
 * them every PIN_ECHO_EVERY seconds, or when half the window is used), and
 * gets none while PIN_BACKLOG_MAX bytes are unsent to it; an echo
 * unanswered for PIN_ECHO_GIVEUP ends the window for that connection */
#define PIN_WINDOW	256
#define PIN_BACKLOG_MAX	(64u << 10)
#define PIN_ECHO_EVERY	0.1
#define PIN_ECHO_GIVEUP	10.0
/* requests of one connection handled per pass of the poll loop: each may
 * be a datapath round trip (a packet-out), and a controller answering a
 * flood must not keep the loop from the events, the timers and the other
 * connections; above RX_HIGH_WATER of unhandled input, reading stops and
 * TCP pushes back on the controller */
#define CONN_BATCH	64
#define RX_HIGH_WATER	(1u << 20)
/* datapath events handled per pass of the poll loop (events_input), so
 * that a flood of packet-ins cannot keep it from sending them and from
 * reading the controllers */
#define EVENTS_BATCH	64

/* A connection's packet-in pacing (pinpace.c). */
struct pin_pace {
	uint64_t sent;		/* packet-ins sent to it */
	uint64_t confirmed;	/* of those, known read and answered */
	uint64_t echo_mark;	/* `sent` when the pacing echo left */
	double echo_sent;	/* the pacing echo in flight, 0 = none */
	uint32_t echo_xid;
	double lag;		/* its last round trip (s) */
	double measured;	/* when that was measured */
	bool no_echo;		/* the peer does not answer: bytes only */
	bool behind;		/* dropping packet-ins now */
	unsigned long dropped;	/* packet-ins dropped for it */
};

enum fail_mode { FAIL_SECURE, FAIL_STANDALONE };

struct options {
	const char *dev;
	const char *controllers[MAX_TARGETS];
	unsigned n_controllers;
	const char *listens[MAX_TARGETS];
	unsigned n_listens;
	enum fail_mode fail;
	unsigned probe;		/* seconds */
	unsigned max_backoff;	/* seconds */
	struct tls_config tls;
	bool dpid_set;
	uint64_t dpid;
	bool detach;
	const char *pidfile;
	const char *log_file;
	int verbose;
};

struct agent;

struct conn {
	struct conn *next;
	struct agent *ag;
	struct stream s;
	int ctl;		/* index of its active controller, -1: accepted */
	bool connecting;	/* TCP connect in progress */
	bool negotiated;	/* HELLO exchanged, OpenFlow 1.0 agreed */
	bool dead;		/* to be freed; why says why */
	char why[128];
	struct ofbuf rx, tx;
	bool rx_more;		/* whole requests wait in rx (CONN_BATCH) */
	double last_rx;		/* when something last arrived */
	double probe_sent;	/* when an echo probe left, 0 = none pending */
	uint32_t next_xid;
	/* per connection settings */
	struct of_codec_state st;
	bool nxm;		/* flow format NXM (NXT_SET_FLOW_FORMAT) */
	uint16_t miss_send_len;
	struct pin_pace pace;
	bool pin_takes;		/* packet_in: this one goes to it */
	char name[420];		/* for logs */
};

struct controller {
	struct target t;
	struct conn *conn;	/* NULL while disconnected */
	double next_try;
	unsigned backoff;	/* seconds until the next try after a failure */
};

struct listener {
	struct target t;
	int fd;
};

struct port {
	uint16_t no;
	char name[16];		/* the datapath's ("host", "net", "vx0") */
	uint8_t kind;		/* enum cvsw_port_kind */
	uint32_t config;	/* OFPPC_* the agent honours (NO_PACKET_IN) */
};

struct agent {
	const struct options *opt;
	struct cvsw_handle *h;
	char dev[16];
	struct cvsw_device info;
	uint64_t dpid;
	struct conn *conns;
	struct controller ctls[MAX_TARGETS];
	unsigned n_ctls;
	struct listener lsn[MAX_TARGETS];
	unsigned n_lsn;
	struct pktbuf pb;
	struct port ports[MAX_PORTS];
	unsigned n_ports;
	/* the table-miss policy: the device's at start (restored at exit),
	 * CONTROLLER while the agent runs, NORMAL in standalone without a
	 * controller */
	uint8_t orig_miss;
	/* the device's table-miss packet-in length, restored at exit when
	 * set: the agent asks for whole packets */
	uint16_t orig_miss_send_len;
	bool miss_send_len_set;
	uint8_t miss;
	double lonely_since;	/* no controller since then; 0: one is there */
	struct ofbuf scratch;
	/* events_input stopped after EVENTS_BATCH events: more may wait */
	bool events_more;
	bool stop;
};

double now_s(void);

/* agent.c */
int agent_init(struct agent *ag, const struct options *opt);
int agent_run(struct agent *ag);
void agent_exit(struct agent *ag);
/* Connections that completed HELLO (controllers to tell events). */
#define for_each_ready_conn(ag, c) \
	for (struct conn *c = (ag)->conns; c; c = c->next) \
		if (c->negotiated && !c->dead)

/* conn.c */
struct conn *conn_new(struct agent *ag, struct stream *s, int ctl, bool connecting);
void conn_free(struct conn *c);
/* Queues the bytes of complete messages and tries to send them. */
void conn_send(struct conn *c, const uint8_t *p, size_t len);
/* Encodes and queues one message; logs when it cannot be said. */
void conn_send_msg(struct conn *c, const struct ofmsg *m);
/* Refuses a request: ERROR with its first 64 bytes, logged. */
void conn_refuse(struct conn *c, const uint8_t *req, size_t len, uint16_t type,
		 uint16_t code, const char *why);
/* Reads, frames and handles what arrived; then flushes. */
void conn_input(struct conn *c);
void conn_flush(struct conn *c);
void conn_close(struct conn *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Probe and the connection's timers. */
void conn_timers(struct conn *c, double now);

/* pinpace.c */
/* Whether c takes a packet-in now (counts one it does not). */
bool pinpace_admit(struct conn *c, double now);
/* An ECHO_REPLY arrived: the pacing echo's, if xid is its. */
void pinpace_echo_reply(struct conn *c, uint32_t xid, double now);

/* handlers.c */
void handle_message(struct conn *c, const uint8_t *p, size_t len);
/* Pending batched flow adds go to the datapath now (before anything that
 * must see them: any other request, the end of the input). */
void handlers_flush(struct agent *ag);
void handlers_exit(void);

/* events.c */
int events_input(struct agent *ag);

/* ports.c */
/* Refreshes the device and its port list from the datapath (ports 1, 2
 * and every tunnel port, with names and kinds; configs kept). */
int ports_refresh(struct agent *ag);
struct port *port_find(struct agent *ag, uint16_t no);
/* port_find, refreshing the list once when the port is not in it (a port
 * added since the last refresh, its event not read yet). */
struct port *port_lookup(struct agent *ag, uint16_t no);
/* Takes a port out of the list (deleted; the datapath may not know yet). */
void port_forget(struct agent *ag, uint16_t no);
/* The OpenFlow description of a port. */
void port_describe(struct agent *ag, const struct port *p, struct of_port *out);
/* true for a port an output may name (a switch port or a reserved one). */
bool port_output_ok(struct agent *ag, uint16_t port, bool packet_out);

/* The table-miss policy the agent wants now (fail mode); applies it. */
void agent_update_miss(struct agent *ag, double now);

#endif /* CVSW_OFAGENT_AGENT_H */
