/* http — the bot server's HTTP side on libmicrohttpd: responses with the
 * security headers every reply carries, static files from the site folder
 * (MIME types, index.html, ETag, Cache-Control, the site's 404 page, no path
 * outside the folder however it is encoded), the per-address rate limit
 * and the one-line request log. Routing lives in api.c.
 *
 * The server struct (server.h) is filled in by server.c and lives for the
 * whole run; this header owns what it keeps per client address and per
 * connection. Nothing here allocates per request except the response being
 * sent.
 */
#ifndef MINGBAI_HTTP_H
#define MINGBAI_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <sys/socket.h>

#include "buf.h"
#include "server.h"

#define HTTP_MAX_BODY 8192     /* bigger question bodies get 413 */
#define HTTP_MAX_QUESTION 200  /* characters */

/* What the server keeps about one client address (the socket's peer, or
 * the visitor a trusted proxy names): its rate-limit bucket and how many
 * connections it holds. Entries live in a hash table that keeps every
 * address it is given (two addresses in one bucket are chained, never
 * merged); an entry with no connection and a full bucket is forgotten when
 * the table needs room, so memory is bounded by HTTP_MAX_PEERS. */
typedef struct peer {
	struct peer *next;   /* the next entry in the same hash bucket */
	char *addr;          /* owned */
	double tokens;       /* rate limit: questions it may ask now */
	double last;         /* when tokens was last brought up to date */
	unsigned conns;      /* open connections from this address */
	unsigned fresh;      /* of those, ones that have waited over HTTP_FRESH_GRACE
	                        for their first request */
} peer;

#define HTTP_PEER_BUCKETS 4096
/* A new connection sends its request within milliseconds; only one that has
 * waited longer than this counts against max_fresh_per_addr, so a browser
 * or a load test opening many connections at once is not refused. */
#define HTTP_FRESH_GRACE 1.0
#define HTTP_MAX_PEERS 65536

/* One open connection: libmicrohttpd's socket context, from accept to close. */
enum conn_state { CONN_FRESH, CONN_BUSY, CONN_IDLE };
typedef struct conn {
	struct conn *prev, *next; /* in server.conns */
	peer *peer;               /* NULL for a trusted proxy: it is not capped */
	int fd;
	struct sockaddr_storage sa; /* the peer, to check fd still is this socket */
	socklen_t sa_len;
	enum conn_state state;
	double since;             /* when it entered state */
	int cut;                  /* already shut down by the header timeout */
	int waited;               /* FRESH past HTTP_FRESH_GRACE: counted in peer->fresh */
} conn;

/* Request state kept between libmicrohttpd's calls for one request. */
typedef struct request {
	buf body;
	int too_big;
	double started;
} request;

double http_now(void);

/* Queue a response with the common headers; logs the request line. */
enum MHD_Result http_send(server *s, struct MHD_Connection *c, const char *method,
			  const char *url, unsigned status, const char *type,
			  const char *data, size_t len, const char *extra_headers[][2]);
/* {"error": message} with status. */
enum MHD_Result http_error(server *s, struct MHD_Connection *c, const char *method,
			   const char *url, unsigned status, const char *message);
/* 405 with an Allow header naming the methods the route takes. */
enum MHD_Result http_not_allowed(server *s, struct MHD_Connection *c, const char *method,
				 const char *url, const char *allow);
enum MHD_Result http_json(server *s, struct MHD_Connection *c, const char *method,
			  const char *url, unsigned status, const json_t *v);

/* Serve url from the site folder (GET and HEAD). */
enum MHD_Result http_static(server *s, struct MHD_Connection *c, const char *method,
			    const char *url);

/* The client's address (from X-Forwarded-For when the peer is trusted),
 * into out. Used only for the rate limit; never stored. */
void http_client_addr(server *s, struct MHD_Connection *c, char *out, size_t n);
/* 1 if the address may ask now; else 0 and *retry is the wait in seconds. */
int http_rate_ok(server *s, const char *addr, int *retry);

/* ---- connections: per-address caps and the request-header timeout ----
 * server.c hands these to libmicrohttpd. A connection is FRESH from accept
 * until its first request's headers are in, BUSY while a request is handled,
 * IDLE between requests on a kept-alive connection. An address may hold
 * max_per_addr connections, of which max_fresh_per_addr FRESH ones that
 * have waited over HTTP_FRESH_GRACE for their request; a FRESH
 * or IDLE connection that has not sent a whole request within
 * header_timeout seconds is shut down, however slowly it trickles bytes in
 * (libmicrohttpd's own timeout restarts at every byte). Trusted proxies are
 * exempt from the caps. */
void http_peers_init(server *s);
void http_peers_free(server *s);
/* MHD_AcceptPolicyCallback: refuse an address that is at its caps. */
enum MHD_Result http_accept(void *cls, const struct sockaddr *addr, socklen_t len);
/* MHD_NotifyConnectionCallback: count connections in and out. */
void http_connection(void *cls, struct MHD_Connection *c, void **socket_context,
		     enum MHD_ConnectionNotificationCode code);
/* The first call of the access handler for a request / the request done. */
void http_request_begins(server *s, struct MHD_Connection *c);
void http_request_ends(server *s, struct MHD_Connection *c);
/* Shut down connections past the header timeout; run a few times a second. */
void http_sweep(server *s);

#endif
