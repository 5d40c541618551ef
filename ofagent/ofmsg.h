/* SPDX-License-Identifier: GPL-2.0-or-later */
/*
 * The OpenFlow 1.0 codec: every message type (and the Nicira extensions of
 * ofp10.h) between bytes and struct ofmsg. Portable C, no I/O.
 *
 * Decoding is strict: a length that does not fit the type, an unknown type,
 * action, statistic, vendor or subtype, a bad match or a bad value gives
 * the specification's error (struct of_err), never a partial message.
 * Values are in host order; matches and actions are libcvsw's structs
 * (struct cvsw_match, struct cvsw_action), so the agent hands them to the
 * library as they are. Variable data (packets, echo payloads, error
 * quotes, stats bodies) points into the decoded buffer.
 *
 * Encoding appends one message to a struct ofbuf. Stats replies, which
 * can hold many entries, are built with of_stats_reply_start() and the
 * of_put_*_stats() helpers; the decoder's iterators (of_stats_next) read
 * them back.
 */
#ifndef CVSW_OFAGENT_OFMSG_H
#define CVSW_OFAGENT_OFMSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "cvsw.h"
#include "ofbuf.h"
#include "ofp10.h"

struct of_err {
	uint16_t type;		/* OFPET_* */
	uint16_t code;
	const char *why;	/* for the log: what was wrong */
};

struct of_port {		/* ofp_phy_port */
	uint16_t port_no;
	uint8_t hw_addr[6];
	char name[16];		/* NUL-terminated */
	uint32_t config, state, curr, advertised, supported, peer;
};

#define OF_MAX_PORTS 64

struct of_features {
	uint64_t datapath_id;
	uint32_t n_buffers;
	uint8_t n_tables;
	uint32_t capabilities;
	uint32_t actions;
	unsigned n_ports;
	struct of_port ports[OF_MAX_PORTS];
};

/* A flow-mod, standard or Nicira (then `nxm`: the match is NXM). */
struct of_flow_mod {
	/* match, cookie, priority, timeouts, flags (SEND_FLOW_REM,
	 * CHECK_OVERLAP as CVSW_FLOW_F_*), out_port, actions */
	struct cvsw_flow flow;
	uint16_t command;	/* OFPFC_* */
	uint32_t buffer_id;
	bool emerg;		/* OFPFF_EMERG */
	uint8_t table_id;	/* NXT_FLOW_MOD with the table-id extension */
	bool nxm;
};

struct of_flow_removed {
	/* match, cookie, priority, idle_timeout, packets, bytes,
	 * duration_ms */
	struct cvsw_flow flow;
	uint8_t reason;		/* OFPRR_* */
	bool nxm;
};

struct of_packet_in {
	uint32_t buffer_id;
	uint16_t total_len;
	uint16_t in_port;
	uint8_t reason;		/* OFPR_* */
	const uint8_t *data;
	size_t len;
};

struct of_packet_out {
	uint32_t buffer_id;
	uint16_t in_port;
	unsigned n_actions;
	struct cvsw_action actions[CVSW_MAX_ACTIONS];
	const uint8_t *data;
	size_t len;
};

struct of_port_mod {
	uint16_t port_no;
	uint8_t hw_addr[6];
	uint32_t config, mask, advertise;
};

/* OFPST_FLOW/OFPST_AGGREGATE and NXST_FLOW/NXST_AGGREGATE requests */
struct of_flow_stats_request {
	struct cvsw_match match;
	uint8_t table_id;
	uint16_t out_port;
};

struct of_desc_stats {
	char mfr[OFP_DESC_STR_LEN];
	char hw[OFP_DESC_STR_LEN];
	char sw[OFP_DESC_STR_LEN];
	char serial[OFP_SERIAL_NUM_LEN];
	char dp[OFP_DESC_STR_LEN];
};

struct of_aggregate_stats {
	uint64_t packets, bytes;
	uint32_t flows;
};

struct of_table_stats {
	uint8_t table_id;
	char name[OFP_MAX_TABLE_NAME_LEN];
	uint32_t wildcards, max_entries, active;
	uint64_t lookups, matched;
};

struct of_port_stats {
	uint16_t port_no;
	/* rx_packets, tx_packets, rx_bytes, tx_bytes, rx_dropped,
	 * tx_dropped, rx_errors, tx_errors, rx_frame_err, rx_over_err,
	 * rx_crc_err, collisions: wire order */
	uint64_t c[12];
};

struct of_queue_stats {
	uint16_t port_no;
	uint32_t queue_id;
	uint64_t tx_bytes, tx_packets, tx_errors;
};

/* A flow stats entry (OFPST_FLOW or NXST_FLOW). */
struct of_flow_stats {
	struct cvsw_flow flow;	/* match, priority, cookie, timeouts,
				 * actions, counters, duration_ms, idle_ms */
	uint8_t table_id;
};

/* The kind of a stats body: OFPST_* or, for Nicira, OF_ST_NX_FLOW/AGG. */
enum of_stats_kind {
	OF_ST_DESC, OF_ST_FLOW, OF_ST_AGGREGATE, OF_ST_TABLE, OF_ST_PORT,
	OF_ST_QUEUE, OF_ST_NX_FLOW, OF_ST_NX_AGGREGATE,
};

struct of_stats_request {
	enum of_stats_kind kind;
	uint16_t flags;
	union {
		struct of_flow_stats_request flow;	/* FLOW, AGGREGATE, NX_* */
		uint16_t port_no;			/* PORT */
		struct {
			uint16_t port_no;
			uint32_t queue_id;
		} queue;				/* QUEUE */
	} u;
};

struct of_stats_reply {
	enum of_stats_kind kind;
	uint16_t flags;		/* OFPSF_REPLY_MORE */
	/* the entries (for of_stats_next), or the one body */
	const uint8_t *body;
	size_t body_len;
	unsigned n_entries;
};

/* NXT_* messages */
struct of_nx {
	uint32_t subtype;	/* NXT_* */
	union {
		uint32_t format;	/* SET_FLOW_FORMAT, SET_PACKET_IN_FORMAT */
		bool set;		/* FLOW_MOD_TABLE_ID */
	} u;
};

struct ofmsg {
	uint8_t version;
	uint8_t type;		/* OFPT_* */
	uint32_t xid;
	union {
		struct {
			/* the versions offered: bit v for version v; a HELLO
			 * without a bitmap offers 1..version */
			uint32_t versions;
			bool has_bitmap;
		} hello;
		struct {
			uint16_t type, code;
			const uint8_t *data;
			size_t len;
		} error;
		struct {
			const uint8_t *data;
			size_t len;
		} echo;			/* ECHO_REQUEST, ECHO_REPLY */
		struct of_nx nx;	/* VENDOR (Nicira, not FLOW_MOD/REMOVED) */
		struct of_features features;
		struct {
			uint16_t flags, miss_send_len;
		} config;		/* GET_CONFIG_REPLY, SET_CONFIG */
		struct of_packet_in packet_in;
		struct of_flow_removed flow_removed;	/* also NXT_FLOW_REMOVED */
		struct {
			uint8_t reason;
			struct of_port port;
		} port_status;
		struct of_packet_out packet_out;
		struct of_flow_mod flow_mod;	/* also NXT_FLOW_MOD */
		struct of_port_mod port_mod;
		struct of_stats_request stats_request;
		struct of_stats_reply stats_reply;
		struct {
			uint16_t port;
			unsigned n_queues;	/* reply */
		} queue_config;
	} u;
};

/* What the connection has negotiated, which changes how some messages
 * read (NXT_FLOW_MOD's command carries a table id once enabled). */
struct of_codec_state {
	bool flow_mod_table_id;
};

/* The type, for logs: "FLOW_MOD", "NXT_FLOW_MOD", "NXST_FLOW request". */
const char *of_type_name(const uint8_t *buf, size_t len);

/*
 * Decodes one message of exactly `len` bytes (its header's length).
 * Returns 0, or -1 with *err set. A VENDOR message becomes type
 * OFPT_VENDOR with u.nx, except NXT_FLOW_MOD (type OFPT_FLOW_MOD, nxm) and
 * NXT_FLOW_REMOVED (OFPT_FLOW_REMOVED, nxm); NXST requests and replies
 * are OFPT_STATS_* with kind OF_ST_NX_*.
 */
int of_decode(const uint8_t *buf, size_t len, const struct of_codec_state *st,
	      struct ofmsg *msg, struct of_err *err);

/*
 * Appends the message to b. Returns 0, or -1 when msg cannot be said
 * (a match NXM cannot carry, a message too long) or memory ran out. Types
 * with entries (STATS_REPLY, QUEUE_GET_CONFIG_REPLY) are built with the
 * helpers below instead.
 */
int of_encode(struct ofbuf *b, const struct ofmsg *msg);

/* An ERROR quoting the first 64 bytes of `req` (len bytes). */
int of_encode_error(struct ofbuf *b, uint32_t xid, uint16_t type, uint16_t code,
		    const void *req, size_t len);

/* ---- stats replies ---- */

/* Starts a reply of that kind at the end of b; returns its offset. */
size_t of_stats_reply_start(struct ofbuf *b, uint32_t xid,
			    enum of_stats_kind kind, uint16_t flags);
/* Sets the length of the message begun at `start`; -1 if it is too long. */
int of_msg_finish(struct ofbuf *b, size_t start);
void of_put_desc_stats(struct ofbuf *b, const struct of_desc_stats *d);
/* A flow stats entry (nxm: NXST_FLOW form); -1 when NXM cannot say it. */
int of_put_flow_stats(struct ofbuf *b, const struct of_flow_stats *fs, bool nxm);
void of_put_aggregate_stats(struct ofbuf *b, const struct of_aggregate_stats *a);
void of_put_table_stats(struct ofbuf *b, const struct of_table_stats *t);
void of_put_port_stats(struct ofbuf *b, const struct of_port_stats *p);
void of_put_queue_stats(struct ofbuf *b, const struct of_queue_stats *q);

/* Entry iterator over a decoded stats reply. */
struct of_stats_iter {
	const uint8_t *p;
	size_t left;
	enum of_stats_kind kind;
};

void of_stats_iter_init(struct of_stats_iter *it, const struct of_stats_reply *r);
/* The next entry into *out (the struct of the kind: of_flow_stats,
 * of_table_stats, ...); 1, 0 at the end, -1 (err) when malformed. */
int of_stats_next(struct of_stats_iter *it, void *out, struct of_err *err);

/* ---- pieces, shared with the tests ---- */

/* Actions list of `len` bytes -> acts (max CVSW_MAX_ACTIONS). packet_out
 * allows OFPP_TABLE as an output port. */
int of_actions_decode(const uint8_t *p, size_t len, bool packet_out,
		      struct cvsw_action *acts, unsigned *n, struct of_err *err);
/* Appends the OpenFlow form of the actions; -1 for one it cannot say. */
int of_actions_encode(struct ofbuf *b, const struct cvsw_action *acts,
		      unsigned n);

void of_port_encode(struct ofbuf *b, const struct of_port *port);
void of_port_decode(const uint8_t *p, struct of_port *port);

/* The OpenFlow error for a libcvsw match refusal (enum cvsw_of10_match_error). */
void of_match_err(int match_error, const char *why, struct of_err *err);

#endif /* CVSW_OFAGENT_OFMSG_H */
