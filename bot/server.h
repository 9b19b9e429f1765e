/* server — askbot serve (askbot report is report.h).
 *
 * serve: one process serving the site folder and the question API with
 * libmicrohttpd (a small thread pool, sized for two cores). SIGHUP, or a
 * new index file, makes every worker reopen the index and the answer page;
 * SIGTERM and SIGINT stop it after the requests in flight.
 *
 * struct server is the state of one run: server_main() fills it in from the
 * options, the routes (api.c) and the HTTP side (http.c) share it, and it
 * lives until the server stops. Each lock's comment names what it guards.
 */
#ifndef MINGBAI_SERVER_H
#define MINGBAI_SERVER_H

#include <jansson.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "querylog.h"
#include "template.h"

struct peer; /* http.h: one client address */
struct conn; /* http.h: one open connection */

typedef struct server {
	char *site_dir;      /* realpath of the site folder */
	char *db_path;
	double rate;         /* questions per second per address; 0: off */
	char **trusted;      /* proxies whose X-Forwarded-For is believed */
	size_t n_trusted;
	atomic_uint generation; /* bumped to make every worker reopen the index */
	pthread_rwlock_t lock;  /* guards templates, ask_page, config (reload) */
	template_set *templates;
	template *ask_page;
	json_t *config;      /* public/_bot/config.json */
	querylog *log;
	pthread_mutex_t peers_lock; /* guards peers, n_peers and conns */
	struct peer **peers; /* HTTP_PEER_BUCKETS chains (http.h) */
	size_t n_peers;
	double pruned_at;    /* when the peer table was last pruned */
	struct conn *conns;  /* every open connection (http.h) */
	unsigned max_per_addr;   /* open connections per address; 0: no cap */
	unsigned max_fresh_per_addr; /* of those, not yet sent a whole request */
	double header_timeout;   /* seconds to send a whole request line and headers */
	atomic_ulong refused;    /* connections refused by the per-address caps */
	atomic_ulong cut;        /* connections cut by the header timeout */
	int quiet;           /* no request log (benchmarks) */
} server;

/* askbot serve ARGS: 0 once stopped, 1 if it cannot start, 2 on bad usage. */
int server_main(int argc, char **argv);

#endif
