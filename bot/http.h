/* http — the bot server's HTTP side on libmicrohttpd: responses with the
 * security headers every reply carries, static files from the site folder
 * (MIME types, index.html, ETag, Cache-Control, the site's 404 page, no path
 * outside the folder however it is encoded), the per-address rate limit
 * and the one-line request log. Routing lives in api.c.
 *
 * The server struct is filled in by server.c and lives for the whole run;
 * nothing here allocates per request except the response being sent.
 */
#ifndef MINGBAI_HTTP_H
#define MINGBAI_HTTP_H

#include <jansson.h>
#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>

#include "buf.h"
#include "querylog.h"
#include "template.h"

#define HTTP_MAX_BODY 8192     /* bigger question bodies get 413 */
#define HTTP_MAX_QUESTION 200  /* characters */

typedef struct rate_slot {
	char addr[48];
	double tokens;
	double last;
} rate_slot;

typedef struct server {
	char *site_dir;      /* realpath of the site folder */
	char *db_path;
	double rate;         /* questions per second per address; 0: off */
	char **trusted;      /* proxies whose X-Forwarded-For is believed */
	size_t n_trusted;
	atomic_uint generation; /* bumped to make every worker reopen the index */
	pthread_rwlock_t lock;  /* guards ask_page, origins, hotline (reload) */
	tmpl_set *templates;
	template *ask_page;
	json_t *config;      /* public/_bot/config.json */
	querylog *log;
	pthread_mutex_t rate_lock;
	rate_slot *slots;    /* a fixed table: memory does not grow with visitors */
	size_t n_slots;
	int quiet;           /* no request log (benchmarks) */
} server;

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

#endif
