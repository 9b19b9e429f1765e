#include "http.h"

#include <arpa/inet.h>
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
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	for (int i = 0; extra && extra[i][0]; i++)
		MHD_add_response_header(r, extra[i][0], extra[i][1]);
	add_cors(s, c, r);
	enum MHD_Result rc = MHD_queue_response(c, status, r);
	MHD_destroy_response(r);
	log_line(s, method, url, status, len);
	return rc;
}

enum MHD_Result http_json(server *s, struct MHD_Connection *c, const char *method,
			  const char *url, unsigned status, const json_t *v)
{
	char *text = json_dumps(v, JSON_COMPACT);
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
		return http_error(s, c, method, url, 404, "not found");
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
	MHD_add_response_header(r, "Content-Security-Policy", csp);
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "same-origin");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
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
	if (strcmp(method, "GET") && strcmp(method, "HEAD")) {
		static const char *allow[][2] = {{"Allow", "GET, HEAD"}, {NULL, NULL}};
		json_t *e = json_pack("{s:s,s:i}", "error", "method not allowed", "status", 405);
		char *text = json_dumps(e, JSON_COMPACT);
		enum MHD_Result rc = http_send(s, c, method, url, 405,
					       "application/json; charset=utf-8", text,
					       strlen(text), allow);
		free(text);
		json_decref(e);
		return rc;
	}
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

/* ---- addresses and the rate limit ---------------------------------------- */

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

static size_t hash_addr(const char *a)
{
	size_t h = 5381;
	for (; *a; a++)
		h = h * 33 + (unsigned char)*a;
	return h;
}

int http_rate_ok(server *s, const char *addr, int *retry)
{
	if (s->rate <= 0)
		return 1;
	double now = http_now(), burst = s->rate * 2 < 4 ? 4 : s->rate * 2;
	pthread_mutex_lock(&s->rate_lock);
	rate_slot *slot = &s->slots[hash_addr(addr) % s->n_slots];
	if (strcmp(slot->addr, addr)) {
		/* a new address takes the slot over with a full bucket */
		snprintf(slot->addr, sizeof slot->addr, "%s", addr);
		slot->tokens = burst;
		slot->last = now;
	}
	slot->tokens += (now - slot->last) * s->rate;
	if (slot->tokens > burst)
		slot->tokens = burst;
	slot->last = now;
	int ok = slot->tokens >= 1;
	if (ok)
		slot->tokens -= 1;
	else
		*retry = (int)((1 - slot->tokens) / s->rate) + 1;
	pthread_mutex_unlock(&s->rate_lock);
	return ok;
}
