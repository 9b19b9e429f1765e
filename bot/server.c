#include "server.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "file.h"
#include "i18n.h"
#include "mem.h"

static const char usage[] = N_(
	"usage: askbot serve [--site public] [--db var/askbot.db] [--listen 127.0.0.1:8080]\n"
	"                    [--log var/querylog.db] [--rate-limit N] [--trusted-proxy ADDR]...\n"
	"                    [--threads N] [--max-connections N] [--timeout SECONDS] [--quiet]\n"
	"                    [--no-cache] [--max-per-address N] [--max-fresh-per-address N]\n"
	"                    [--header-timeout SECONDS] [--log-max N]\n"
	"  --rate-limit N      questions per second per address (default 5; 0: off)\n"
	"  --trusted-proxy A   believe X-Forwarded-For from this peer, and exempt it from\n"
	"                      the per-address caps (repeatable)\n"
	"  --max-per-address N         open connections per address (default 128; 0: no cap)\n"
	"  --max-fresh-per-address N   of those, waiting over a second for their first\n"
	"                              request (default 16; 0: no cap)\n"
	"  --header-timeout SECONDS    time to send a whole request line and headers\n"
	"                              (default 10; 0: none)\n"
	"  --log-max N         distinct declined questions kept in the log (default 10000)\n"
	"SIGHUP reloads the index and the answer page; SIGTERM/SIGINT stop.\n");

static volatile sig_atomic_t stop_flag, reload_flag;

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reload_flag = 1;
	else
		stop_flag = 1;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version,
			      const char *upload, size_t *upload_size, void **con_cls)
{
	(void)version;
	server *s = cls;
	request *req = *con_cls;
	if (!req) {
		http_request_begins(s, c);
		req = xcalloc(1, sizeof *req);
		buf_init(&req->body);
		req->started = http_now();
		*con_cls = req;
		/* refuse a large body before reading it */
		const char *cl = MHD_lookup_connection_value(c, MHD_HEADER_KIND,
							     "Content-Length");
		if (cl && strtoull(cl, NULL, 10) > HTTP_MAX_BODY)
			req->too_big = 1;
		if (!req->too_big)
			return MHD_YES;
		return http_error(s, c, method, url, 413, "发来的内容太大（超过 8 KB）");
	}
	if (*upload_size) {
		if (!req->too_big && req->body.len + *upload_size <= HTTP_MAX_BODY)
			buf_put(&req->body, upload, *upload_size);
		else
			req->too_big = 1;
		*upload_size = 0;
		return MHD_YES;
	}
	return api_route(s, c, url, method, req);
}

/* The standard %-decoding, except that %00 becomes \x01: C strings end at
 * a NUL, so "/index.html%00.png" would otherwise turn into "/index.html";
 * \x01 is then refused like every control byte. */
static size_t unescape(void *cls, struct MHD_Connection *c, char *s)
{
	(void)cls;
	(void)c;
	char *out = s;
	for (char *p = s; *p; p++) {
		if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
			char hex[3] = {p[1], p[2], 0};
			char v = (char)strtol(hex, NULL, 16);
			*out++ = v ? v : '\x01';
			p += 2;
		} else {
			*out++ = *p;
		}
	}
	*out = '\0';
	return (size_t)(out - s);
}

static void completed(void *cls, struct MHD_Connection *c, void **con_cls,
		      enum MHD_RequestTerminationCode toe)
{
	(void)toe;
	request *req = *con_cls;
	http_request_ends(cls, c);
	if (req) {
		buf_free(&req->body);
		free(req);
		*con_cls = NULL;
	}
}

/* Load public/_bot/ask.mustache and config.json (at start and on reload). */
static int load_site(server *s)
{
	char *tpath = path_join(s->site_dir, "_bot/ask.mustache");
	char *cpath = path_join(s->site_dir, "_bot/config.json");
	buf src = BUF_INIT, err = BUF_INIT;
	int rc = -1;
	json_t *cfg = json_load_file(cpath, 0, NULL);
	if (!cfg) {
		fprintf(stderr, _("askbot serve: %s: missing or bad (run sitegen build)\n"), cpath);
		goto done;
	}
	if (file_read(tpath, &src, 0) < 0) {
		fprintf(stderr, "askbot serve: %s: %s\n", tpath, strerror(errno));
		json_decref(cfg);
		goto done;
	}
	template_set *set = template_set_new(NULL, NULL);
	template *t = template_compile(set, "_bot/ask.mustache", src.ptr, src.len, &err);
	if (!t) {
		fprintf(stderr, "askbot serve: %s\n", err.ptr);
		template_set_free(set);
		json_decref(cfg);
		goto done;
	}
	pthread_rwlock_wrlock(&s->lock);
	template_set_free(s->templates);
	json_decref(s->config);
	s->templates = set;
	s->ask_page = t;
	s->config = cfg;
	pthread_rwlock_unlock(&s->lock);
	rc = 0;
done:
	free(tpath);
	free(cpath);
	buf_free(&src);
	buf_free(&err);
	return rc;
}

/* Say once on stderr that the question log cannot be written, and once
 * that it can again; returns whether a failure stands reported. */
static int report_log(querylog *log, int reported)
{
	const char *problem = querylog_problem(log);
	if (problem && !reported)
		fprintf(stderr, _("askbot serve: the question log cannot be written (%s); "
				  "questions are answered as usual and logged again once it "
				  "can be written (/healthz shows \"log\": \"failing\")\n"), problem);
	else if (!problem && reported)
		fputs(_("askbot serve: the question log can be written again\n"), stderr);
	return problem != NULL;
}

static int parse_listen(const char *spec, struct sockaddr_in *sa)
{
	const char *colon = strrchr(spec, ':');
	if (!colon)
		return -1;
	char host[64];
	snprintf(host, sizeof host, "%.*s", (int)(colon - spec), spec);
	long port = strtol(colon + 1, NULL, 10);
	memset(sa, 0, sizeof *sa);
	sa->sin_family = AF_INET;
	sa->sin_port = htons((uint16_t)port);
	if (port <= 0 || port > 65535 || inet_pton(AF_INET, host, &sa->sin_addr) != 1)
		return -1;
	return 0;
}

/* What askbot serve's options set besides the server struct itself. */
typedef struct options {
	const char *site;     /* the site folder, as given */
	const char *db;       /* the index */
	const char *listen;   /* ADDRESS:PORT, as given */
	struct sockaddr_in sa; /* listen, parsed */
	const char *log_path; /* the question log */
	size_t log_max;       /* distinct declined questions it keeps */
	unsigned threads, max_conn, timeout; /* for libmicrohttpd */
} options;

/* The command line into o and s, over the defaults. Returns -1 to go on,
 * or the status to exit with: 0 after --help, 2 for bad usage. */
static int parse_options(int argc, char **argv, server *s, options *o)
{
	*o = (options){.site = "public", .db = "var/askbot.db", .listen = "127.0.0.1:8080",
		       .log_path = "var/querylog.db", .log_max = 10000,
		       .threads = 2, .max_conn = 1000, .timeout = 15};
	s->rate = 5;
	s->max_per_addr = 128;
	s->max_fresh_per_addr = 16;
	s->header_timeout = 10;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			fputs(_(usage), stdout);
			return 0;
		} else if (!strcmp(a, "--quiet")) {
			s->quiet = 1;
			continue;
		} else if (!strcmp(a, "--no-cache")) {
			api_cache_enabled = 0;
			continue;
		}
		if (!v) {
			fprintf(stderr, _("askbot serve: %s needs a value\n\n"), a);
			fputs(_(usage), stderr);
			return 2;
		}
		i++;
		if (!strcmp(a, "--site")) o->site = v;
		else if (!strcmp(a, "--db")) o->db = v;
		else if (!strcmp(a, "--listen")) o->listen = v;
		else if (!strcmp(a, "--log")) o->log_path = v;
		else if (!strcmp(a, "--rate-limit")) s->rate = atof(v);
		else if (!strcmp(a, "--threads")) o->threads = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-connections")) o->max_conn = (unsigned)atoi(v);
		else if (!strcmp(a, "--timeout")) o->timeout = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-per-address")) s->max_per_addr = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-fresh-per-address")) s->max_fresh_per_addr = (unsigned)atoi(v);
		else if (!strcmp(a, "--header-timeout")) s->header_timeout = atof(v);
		else if (!strcmp(a, "--log-max")) o->log_max = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(a, "--trusted-proxy")) {
			s->trusted = xrealloc(s->trusted, (s->n_trusted + 1) * sizeof *s->trusted);
			s->trusted[s->n_trusted++] = xstrdup(v);
		} else {
			fprintf(stderr, _("askbot serve: unknown option %s\n\n"), a);
			fputs(_(usage), stderr);
			return 2;
		}
	}
	if (parse_listen(o->listen, &o->sa) < 0) {
		fputs(_("askbot serve: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8080\n"), stderr);
		return 2;
	}
	return -1;
}

/* Open the question log, making its folder. A log that cannot be written
 * does not stop the answers: the run loop reports it and the log keeps
 * trying. */
static void open_log(server *s, const char *log_path, size_t log_max)
{
	buf err = BUF_INIT;
	char *log_dir = xstrdup(log_path);
	char *slash = strrchr(log_dir, '/');
	if (slash) {
		*slash = '\0';
		dir_make(log_dir);
	}
	free(log_dir);
	s->log = querylog_open(log_path, log_max, &err);
	buf_free(&err);
}

/* Room for max_conn sockets, as far as the hard limit allows. */
static void raise_fd_limit(unsigned max_conn)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < max_conn + 64) {
		rl.rlim_cur = rl.rlim_max < max_conn + 64 ? rl.rlim_max : max_conn + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void catch_signals(void)
{
	struct sigaction act = {0};
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGHUP, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* past a file-size limit, writes fail (EFBIG) and the log reports it,
	 * instead of the signal killing the server */
	signal(SIGXFSZ, SIG_IGN);
}

/* Everything before the first request: the site folder and its answer
 * page, the question log, room for the sockets, the signal handlers.
 * Returns 0, or -1 once it has said why the server cannot start. */
static int start(server *s, const options *o)
{
	char real[PATH_MAX];
	if (!realpath(o->site, real) || !dir_exists(real)) {
		fprintf(stderr, _("askbot serve: %s: no such site folder (run sitegen build)\n"), o->site);
		return -1;
	}
	s->site_dir = xstrdup(real);
	s->db_path = xstrdup(o->db);
	pthread_rwlock_init(&s->lock, NULL);
	http_peers_init(s);
	if (load_site(s) < 0)
		return -1;
	open_log(s, o->log_path, o->log_max);
	raise_fd_limit(o->max_conn);
	catch_signals();
	return 0;
}

/* libmicrohttpd listening on o->sa with the handlers above; NULL (errno
 * set) if it cannot. */
static struct MHD_Daemon *start_daemon(server *s, const options *o)
{
	return MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0,
		http_accept, s, handle, s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&o->sa,
		MHD_OPTION_THREAD_POOL_SIZE, o->threads, MHD_OPTION_CONNECTION_LIMIT, o->max_conn,
		MHD_OPTION_CONNECTION_TIMEOUT, o->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
		MHD_OPTION_NOTIFY_COMPLETED, completed, s,
		MHD_OPTION_NOTIFY_CONNECTION, http_connection, s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
}

/* Until SIGTERM or SIGINT, ten times a second: cut connections past the
 * header timeout, and on SIGHUP or a new index file reload the answer page
 * and move every worker on to the new index; once a second flush the
 * question log and say when it fails or works again. */
static void run(server *s)
{
	const char *db = s->db_path;
	struct stat last = {0};
	stat(db, &last);
	int ticks = 0, log_reported = 0;
	while (!stop_flag) {
		usleep(100 * 1000);
		http_sweep(s);
		/* a missing index file reads as all zeros: "last" then never holds
		 * what a failed stat() left behind, and its return is noticed */
		struct stat now;
		int found = stat(db, &now) == 0;
		if (!found)
			memset(&now, 0, sizeof now);
		int changed = found && (now.st_ino != last.st_ino || now.st_mtime != last.st_mtime);
		if (reload_flag || changed) {
			reload_flag = 0;
			last = now;
			load_site(s);
			atomic_fetch_add(&s->generation, 1);
			fputs(_("askbot serve: reloaded the index and the answer page\n"), stderr);
		}
		if (++ticks % 10 == 0) {
			querylog_flush(s->log);
			log_reported = report_log(s->log, log_reported);
		}
	}
}

/* Stop after the requests in flight, and free what s holds. */
static void stop(server *s, struct MHD_Daemon *d)
{
	fputs(_("askbot serve: stopping\n"), stderr);
	MHD_stop_daemon(d);
	querylog_close(s->log);
	template_set_free(s->templates);
	json_decref(s->config);
	for (size_t i = 0; i < s->n_trusted; i++)
		free(s->trusted[i]);
	free(s->trusted);
	http_peers_free(s);
	free(s->site_dir);
	free(s->db_path);
}

int server_main(int argc, char **argv)
{
	server s = {0};
	options o;
	int status = parse_options(argc, argv, &s, &o);
	if (status >= 0)
		return status;
	if (start(&s, &o) < 0)
		return 1;
	struct MHD_Daemon *d = start_daemon(&s, &o);
	if (!d) {
		fprintf(stderr, _("askbot serve: cannot listen on %s: %s\n"), o.listen, strerror(errno));
		querylog_close(s.log);
		return 1;
	}
	printf(_("Mingbai is serving %s with the question bot at http://%s/\n"), o.site, o.listen);
	fflush(stdout);
	run(&s);
	stop(&s, d);
	return 0;
}
