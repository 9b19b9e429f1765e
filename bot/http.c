#include "http.h"

#include <arpa/inet.h>
#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "mem.h"

double http_now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Only the site itself: no other host is ever asked for anything. Inline
 * styles are allowed for the print pages of the leaflets; images may be
 * data: URIs (their QR codes). */
static const char csp[] =
	"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
	"script-src 'self'; connect-src 'self'; frame-ancestors 'none'; "
	"base-uri 'self'; form-action 'self'";

static void add_cors(server *s, struct MHD_Connection *c, struct MHD_Response *r)
{
	const char *origin = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Origin");
	if (!origin)
		return;
	pthread_rwlock_rdlock(&s->lock);
	json_t *o;
	size_t i;
	json_array_foreach(json_object_get(s->config, "origins"), i, o) {
		if (json_is_string(o) && !strcmp(json_string_value(o), origin)) {
			MHD_add_response_header(r, "Access-Control-Allow-Origin", origin);
			MHD_add_response_header(r, "Vary", "Origin");
			break;
		}
	}
	pthread_rwlock_unlock(&s->lock);
}

static void log_line(server *s, const char *method, const char *url, unsigned status,
		     size_t len)
{
	if (s->quiet)
		return;
	char when[64];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(when, sizeof when, "%d/%b/%Y:%H:%M:%S +0000", &tm);
	/* Common log format without the address and without the query string:
	 * a question may hold a phone or ID number, and the log keeps neither. */
	size_t path = strcspn(url, "?");
	fprintf(stderr, "- - - [%s] \"%s %.*s\" %u %zu\n", when, method,
		(int)(path > 512 ? 512 : path), url, status, len);
}

/* What every reply carries, a page or JSON: no scripts but our own, no
 * sniffing of types, no framing, no referrer beyond the site. */
static void add_security(struct MHD_Response *r)
{
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
}

enum MHD_Result http_send(server *s, struct MHD_Connection *c, const char *method,
			  const char *url, unsigned status, const char *type,
			  const char *data, size_t len, const char *extra[][2])
{
	struct MHD_Response *r =
		MHD_create_response_from_buffer(len, (void *)data, MHD_RESPMEM_MUST_COPY);
	if (!r)
		return MHD_NO;
	if (type)
		MHD_add_response_header(r, "Content-Type", type);
	add_security(r);
	for (int i = 0; extra && extra[i][0]; i++)
		MHD_add_response_header(r, extra[i][0], extra[i][1]);
	add_cors(s, c, r);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	log_line(s, method, url, status, len);
	return rc;
}

/* /healthz also tells whether the question log is being written and what
 * the connection caps have done: the server's state, which only this side
 * holds (api.c builds the rest of the reply). */
static json_t *with_server_state(server *s, const json_t *v)
{
	json_t *r = json_deep_copy(v);
	json_object_set_new(r, "log", json_string(querylog_problem(s->log) ? "failing" : "ok"));
	json_object_set_new(r, "refused_connections",
			    json_integer((json_int_t)atomic_load(&s->refused)));
	json_object_set_new(r, "cut_connections", json_integer((json_int_t)atomic_load(&s->cut)));
	return r;
}

enum MHD_Result http_json(server *s, struct MHD_Connection *c, const char *method,
			  const char *url, unsigned status, const json_t *v)
{
	json_t *own = NULL;
	if (!strcmp(url, "/healthz") && json_is_object(v))
		v = own = with_server_state(s, v);
	char *text = json_dumps(v, JSON_COMPACT);
	json_decref(own);
	static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
	enum MHD_Result rc = http_send(s, c, method, url, status,
				       "application/json; charset=utf-8", text,
				       strlen(text), no_store);
	free(text);
	return rc;
}

enum MHD_Result http_error(server *s, struct MHD_Connection *c, const char *method,
			   const char *url, unsigned status, const char *message)
{
	json_t *e = json_pack("{s:s,s:i}", "error", message, "status", (int)status);
	enum MHD_Result rc = http_json(s, c, method, url, status, e);
	json_decref(e);
	return rc;
}

enum MHD_Result http_not_allowed(server *s, struct MHD_Connection *c, const char *method,
				 const char *url, const char *allow)
{
	const char *hdr[][2] = {{"Allow", allow}, {NULL, NULL}};
	const char *body = "{\"error\":\"不支持这种请求方法\",\"status\":405}";
	return http_send(s, c, method, url, 405, "application/json; charset=utf-8", body,
			 strlen(body), hdr);
}

/* ---- static files ------------------------------------------------------- */

static const struct {
	const char *ext, *type;
} mime[] = {
	{".html", "text/html; charset=utf-8"},
	{".css", "text/css; charset=utf-8"},
	{".js", "text/javascript; charset=utf-8"},
	{".json", "application/json; charset=utf-8"},
	{".xml", "application/xml; charset=utf-8"},
	{".txt", "text/plain; charset=utf-8"},
	{".svg", "image/svg+xml"},
	{".png", "image/png"},
	{".jpg", "image/jpeg"},
	{".jpeg", "image/jpeg"},
	{".gif", "image/gif"},
	{".ico", "image/x-icon"},
	{".webp", "image/webp"},
	{".pdf", "application/pdf"},
	{".woff2", "font/woff2"},
};

static const char *type_of(const char *path)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strchr(dot, '/'))
		for (size_t i = 0; i < sizeof mime / sizeof *mime; i++)
			if (!strcasecmp(dot, mime[i].ext))
				return mime[i].type;
	return "application/octet-stream";
}

static enum MHD_Result send_file(server *s, struct MHD_Connection *c,
				 const char *method, const char *url, const char *path,
				 unsigned status)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return http_error(s, c, method, url, 404, "没有这个页面");
	}
	char etag[64];
	snprintf(etag, sizeof etag, "\"%lx-%lx\"", (unsigned long)st.st_size,
		 (unsigned long)st.st_mtime);
	const char *inm = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "If-None-Match");
	struct MHD_Response *r;
	if (status == 200 && inm && !strcmp(inm, etag)) {
		close(fd);
		status = 304;
		r = MHD_create_response_from_buffer(0, NULL, MHD_RESPMEM_PERSISTENT);
	} else {
		r = MHD_create_response_from_fd((uint64_t)st.st_size, fd);
	}
	if (!r)
		return MHD_NO;
	MHD_add_response_header(r, "Content-Type", type_of(path));
	MHD_add_response_header(r, "ETag", etag);
	MHD_add_response_header(r, "Cache-Control",
				!strncmp(url, "/assets/", 8) ? "public, max-age=86400"
							     : "no-cache");
	add_security(r);
	add_cors(s, c, r);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	log_line(s, method, url, status, status == 304 ? 0 : (size_t)st.st_size);
	return rc;
}

static char *path_join_site(server *s, const char *url)
{
	buf p = BUF_INIT;
	buf_puts(&p, s->site_dir);
	buf_puts(&p, url);
	return buf_detach(&p);
}

static enum MHD_Result not_found(server *s, struct MHD_Connection *c,
				 const char *method, const char *url)
{
	char *page = path_join_site(s, "/404.html");
	enum MHD_Result rc = send_file(s, c, method, url, page, 404);
	free(page);
	return rc;
}

enum MHD_Result http_static(server *s, struct MHD_Connection *c, const char *method,
			    const char *url)
{
	if (strcmp(method, "GET") && strcmp(method, "HEAD"))
		return http_not_allowed(s, c, method, url, "GET, HEAD");
	/* The URL arrives %-decoded. Refuse anything that is not a plain path
	 * below the site: "..", backslashes, control bytes; then check the
	 * resolved file really is inside the site folder (symlinks). */
	if (url[0] != '/' || strstr(url, "..") || strchr(url, '\\') ||
	    !strncmp(url, "/_bot/", 6) || strstr(url, "/."))
		return not_found(s, c, method, url);
	for (const unsigned char *p = (const unsigned char *)url; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return not_found(s, c, method, url);
	buf path = BUF_INIT;
	buf_puts(&path, s->site_dir);
	buf_puts(&path, url);
	struct stat st;
	if (stat(path.ptr, &st) == 0 && S_ISDIR(st.st_mode)) {
		if (url[strlen(url) - 1] != '/') {
			buf loc = BUF_INIT;
			buf_printf(&loc, "%s/", url);
			const char *hdr[][2] = {{"Location", loc.ptr}, {NULL, NULL}};
			enum MHD_Result rc = http_send(s, c, method, url, 301,
						       "text/plain; charset=utf-8", "", 0, hdr);
			buf_free(&loc);
			buf_free(&path);
			return rc;
		}
		buf_puts(&path, "index.html");
	}
	char real[PATH_MAX];
	size_t root = strlen(s->site_dir);
	enum MHD_Result rc;
	if (!realpath(path.ptr, real) || strncmp(real, s->site_dir, root) ||
	    real[root] != '/')
		rc = not_found(s, c, method, url);
	else
		rc = send_file(s, c, method, url, real, 200);
	buf_free(&path);
	return rc;
}

/* ---- client addresses ------------------------------------------------------ */

void http_client_addr(server *s, struct MHD_Connection *c, char *out, size_t n)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
	out[0] = '\0';
	if (ci && ci->client_addr) {
		const struct sockaddr *sa = ci->client_addr;
		if (sa->sa_family == AF_INET)
			inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out,
				  (socklen_t)n);
		else if (sa->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out,
				  (socklen_t)n);
	}
	const char *xff = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "X-Forwarded-For");
	if (!xff)
		return;
	for (size_t i = 0; i < s->n_trusted; i++) {
		if (strcmp(out, s->trusted[i]))
			continue;
		/* the proxy appends the address it saw: the last one */
		const char *last = strrchr(xff, ',');
		last = last ? last + 1 : xff;
		while (*last == ' ')
			last++;
		snprintf(out, n, "%.*s", (int)strcspn(last, " ,"), last);
		return;
	}
}

/* ---- the peer table and the rate limit ------------------------------------ */

static size_t hash_addr(const char *a)
{
	size_t h = 5381;
	for (; *a; a++)
		h = h * 33 + (unsigned char)*a;
	return h;
}

void http_peers_init(server *s)
{
	pthread_mutex_init(&s->peers_lock, NULL);
	s->peers = xcalloc(HTTP_PEER_BUCKETS, sizeof *s->peers);
}

void http_peers_free(server *s)
{
	for (size_t i = 0; s->peers && i < HTTP_PEER_BUCKETS; i++) {
		for (peer *p = s->peers[i], *next; p; p = next) {
			next = p->next;
			free(p->addr);
			free(p);
		}
	}
	free(s->peers);
	s->peers = NULL;
	s->n_peers = 0;
	pthread_mutex_destroy(&s->peers_lock);
}

static double burst_of(const server *s)
{
	return s->rate * 2 < 4 ? 4 : s->rate * 2;
}

/* An entry that holds nothing worth keeping: no connection, and a bucket
 * that would be full by now. */
static int forgettable(const server *s, const peer *p, double now)
{
	return !p->conns && (s->rate <= 0 || p->tokens + (now - p->last) * s->rate >= burst_of(s));
}

/* Drop every forgettable entry. Caller holds peers_lock. */
static void prune(server *s, double now)
{
	for (size_t i = 0; i < HTTP_PEER_BUCKETS; i++) {
		for (peer **pp = &s->peers[i]; *pp;) {
			peer *p = *pp;
			if (forgettable(s, p, now)) {
				*pp = p->next;
				free(p->addr);
				free(p);
				s->n_peers--;
			} else {
				pp = &p->next;
			}
		}
	}
}

/* The entry for addr, made if new; NULL when the table is full of entries
 * that cannot be forgotten yet. Caller holds peers_lock. */
static peer *peer_get(server *s, const char *addr, int make)
{
	size_t b = hash_addr(addr) % HTTP_PEER_BUCKETS;
	for (peer *p = s->peers[b]; p; p = p->next)
		if (!strcmp(p->addr, addr))
			return p;
	if (!make)
		return NULL;
	double now = http_now();
	/* a full table is pruned at most once a second: a flood of new
	 * addresses must not make every request walk the whole table */
	if (s->n_peers >= HTTP_MAX_PEERS && now - s->pruned_at >= 1) {
		prune(s, now);
		s->pruned_at = now;
	}
	if (s->n_peers >= HTTP_MAX_PEERS)
		return NULL;
	peer *p = xcalloc(1, sizeof *p);
	p->addr = xstrdup(addr);
	p->tokens = burst_of(s);
	p->last = now;
	p->next = s->peers[b];
	s->peers[b] = p;
	s->n_peers++;
	return p;
}

int http_rate_ok(server *s, const char *addr, int *retry)
{
	if (s->rate <= 0)
		return 1;
	double now = http_now(), burst = burst_of(s);
	pthread_mutex_lock(&s->peers_lock);
	peer *p = peer_get(s, addr, 1);
	int ok = 0;
	if (!p) {
		/* every entry is an address still paying off its burst: new
		 * addresses wait rather than push one of them out */
		*retry = 1;
		goto done;
	}
	p->tokens += (now - p->last) * s->rate;
	if (p->tokens > burst)
		p->tokens = burst;
	p->last = now;
	ok = p->tokens >= 1;
	if (ok)
		p->tokens -= 1;
	else
		*retry = (int)((1 - p->tokens) / s->rate) + 1;
done:
	pthread_mutex_unlock(&s->peers_lock);
	return ok;
}

/* ---- connections: per-address caps and the request-header timeout -------- */

static void addr_string(const struct sockaddr *sa, char *out, size_t n)
{
	out[0] = '\0';
	if (sa && sa->sa_family == AF_INET)
		inet_ntop(AF_INET, &((const struct sockaddr_in *)sa)->sin_addr, out, (socklen_t)n);
	else if (sa && sa->sa_family == AF_INET6)
		inet_ntop(AF_INET6, &((const struct sockaddr_in6 *)sa)->sin6_addr, out, (socklen_t)n);
}

static int is_trusted(const server *s, const char *addr)
{
	for (size_t i = 0; i < s->n_trusted; i++)
		if (!strcmp(addr, s->trusted[i]))
			return 1;
	return 0;
}

enum MHD_Result http_accept(void *cls, const struct sockaddr *sa, socklen_t len)
{
	server *s = cls;
	(void)len;
	char addr[INET6_ADDRSTRLEN];
	addr_string(sa, addr, sizeof addr);
	if (is_trusted(s, addr))
		return MHD_YES;
	pthread_mutex_lock(&s->peers_lock);
	peer *p = peer_get(s, addr, 0);
	int ok = !p || ((!s->max_per_addr || p->conns < s->max_per_addr) &&
			(!s->max_fresh_per_addr || p->fresh < s->max_fresh_per_addr));
	pthread_mutex_unlock(&s->peers_lock);
	if (!ok)
		atomic_fetch_add(&s->refused, 1);
	return ok ? MHD_YES : MHD_NO;
}

static void set_state(conn *k, enum conn_state state)
{
	if (k->peer && k->waited)
		k->peer->fresh--;
	k->waited = 0;
	k->state = state;
	k->since = http_now();
}

void http_connection(void *cls, struct MHD_Connection *c, void **socket_context,
		     enum MHD_ConnectionNotificationCode code)
{
	server *s = cls;
	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		conn *k = xcalloc(1, sizeof *k);
		const union MHD_ConnectionInfo *ci =
			MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		k->fd = ci ? ci->connect_fd : -1;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		char addr[INET6_ADDRSTRLEN] = "";
		if (ci && ci->client_addr) {
			k->sa_len = ci->client_addr->sa_family == AF_INET6
					    ? sizeof(struct sockaddr_in6)
					    : sizeof(struct sockaddr_in);
			assert(k->sa_len <= sizeof k->sa);
			memcpy(&k->sa, ci->client_addr, k->sa_len);
			addr_string(ci->client_addr, addr, sizeof addr);
		}
		k->state = CONN_FRESH;
		k->since = http_now();
		pthread_mutex_lock(&s->peers_lock);
		if (!is_trusted(s, addr) && (k->peer = peer_get(s, addr, 1))) {
			/* http_accept checked the cap, but two threads may accept
			 * from one address at once: the count here is exact */
			if (s->max_per_addr && k->peer->conns >= s->max_per_addr && k->fd >= 0) {
				shutdown(k->fd, SHUT_RDWR);
				k->cut = 1;
				atomic_fetch_add(&s->refused, 1);
			}
			k->peer->conns++;
		}
		k->next = s->conns;
		if (s->conns)
			s->conns->prev = k;
		s->conns = k;
		pthread_mutex_unlock(&s->peers_lock);
		*socket_context = k;
	} else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
		conn *k = *socket_context;
		if (!k)
			return;
		pthread_mutex_lock(&s->peers_lock);
		set_state(k, CONN_BUSY); /* no longer fresh */
		if (k->peer)
			k->peer->conns--;
		if (k->prev)
			k->prev->next = k->next;
		else
			s->conns = k->next;
		if (k->next)
			k->next->prev = k->prev;
		pthread_mutex_unlock(&s->peers_lock);
		free(k);
		*socket_context = NULL;
	}
}

static conn *conn_of(struct MHD_Connection *c)
{
	const union MHD_ConnectionInfo *ci =
		MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	return ci ? ci->socket_context : NULL;
}

void http_request_begins(server *s, struct MHD_Connection *c)
{
	conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&s->peers_lock);
	set_state(k, CONN_BUSY);
	pthread_mutex_unlock(&s->peers_lock);
}

void http_request_ends(server *s, struct MHD_Connection *c)
{
	conn *k = conn_of(c);
	if (!k)
		return;
	pthread_mutex_lock(&s->peers_lock);
	set_state(k, CONN_IDLE);
	pthread_mutex_unlock(&s->peers_lock);
}

/* Is fd still the socket k was accepted on? (libmicrohttpd may have closed
 * it and the number been given to a new connection.) */
static int same_socket(const conn *k)
{
	struct sockaddr_storage sa;
	socklen_t len = sizeof sa;
	return k->fd >= 0 && getpeername(k->fd, (struct sockaddr *)&sa, &len) == 0 &&
	       len == k->sa_len && !memcmp(&sa, &k->sa, len);
}

void http_sweep(server *s)
{
	double now = http_now();
	pthread_mutex_lock(&s->peers_lock);
	for (conn *k = s->conns; k; k = k->next) {
		if (k->state == CONN_FRESH && !k->waited && now - k->since >= HTTP_FRESH_GRACE) {
			k->waited = 1;
			if (k->peer)
				k->peer->fresh++;
		}
		if (s->header_timeout <= 0 || k->cut || k->state == CONN_BUSY ||
		    now - k->since < s->header_timeout)
			continue;
		/* libmicrohttpd has no call to close a connection from outside;
		 * shutdown() makes its next read see the end, and it closes the
		 * connection itself */
		if (same_socket(k))
			shutdown(k->fd, SHUT_RDWR);
		k->cut = 1;
		atomic_fetch_add(&s->cut, 1);
	}
	pthread_mutex_unlock(&s->peers_lock);
}
