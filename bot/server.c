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
#include "mem.h"

static const char usage[] =
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
	"SIGHUP reloads the index and the answer page; SIGTERM/SIGINT stop.\n";

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
		fprintf(stderr, "askbot serve: %s: missing or bad (run sitegen build)\n", cpath);
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
		fprintf(stderr, "askbot serve: 问题日志写不进去（%s），照常回答问题，"
				"能写时接着记（/healthz 的 log 为 failing）\n", problem);
	else if (!problem && reported)
		fprintf(stderr, "askbot serve: 问题日志又能写了\n");
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

int server_main(int argc, char **argv)
{
	const char *site = "public", *db = "var/askbot.db", *listen = "127.0.0.1:8080",
		   *log_path = "var/querylog.db";
	server s = {0};
	s.rate = 5;
	unsigned threads = 2, max_conn = 1000, timeout = 15;
	size_t log_max = 10000;
	s.max_per_addr = 128;
	s.max_fresh_per_addr = 16;
	s.header_timeout = 10;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help")) {
			fputs(usage, stdout);
			return 0;
		} else if (!strcmp(a, "--quiet")) {
			s.quiet = 1;
			continue;
		} else if (!strcmp(a, "--no-cache")) {
			api_cache_enabled = 0;
			continue;
		}
		if (!v) {
			fprintf(stderr, "askbot serve: %s needs a value\n\n%s", a, usage);
			return 2;
		}
		i++;
		if (!strcmp(a, "--site")) site = v;
		else if (!strcmp(a, "--db")) db = v;
		else if (!strcmp(a, "--listen")) listen = v;
		else if (!strcmp(a, "--log")) log_path = v;
		else if (!strcmp(a, "--rate-limit")) s.rate = atof(v);
		else if (!strcmp(a, "--threads")) threads = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-connections")) max_conn = (unsigned)atoi(v);
		else if (!strcmp(a, "--timeout")) timeout = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-per-address")) s.max_per_addr = (unsigned)atoi(v);
		else if (!strcmp(a, "--max-fresh-per-address")) s.max_fresh_per_addr = (unsigned)atoi(v);
		else if (!strcmp(a, "--header-timeout")) s.header_timeout = atof(v);
		else if (!strcmp(a, "--log-max")) log_max = (size_t)strtoull(v, NULL, 10);
		else if (!strcmp(a, "--trusted-proxy")) {
			s.trusted = xrealloc(s.trusted, (s.n_trusted + 1) * sizeof *s.trusted);
			s.trusted[s.n_trusted++] = xstrdup(v);
		} else {
			fprintf(stderr, "askbot serve: unknown option %s\n\n%s", a, usage);
			return 2;
		}
	}
	struct sockaddr_in sa;
	if (parse_listen(listen, &sa) < 0) {
		fprintf(stderr, "askbot serve: --listen wants ADDRESS:PORT, e.g. 127.0.0.1:8080\n");
		return 2;
	}
	char real[PATH_MAX];
	if (!realpath(site, real) || !dir_exists(real)) {
		fprintf(stderr, "askbot serve: %s: no such site folder (run sitegen build)\n", site);
		return 1;
	}
	s.site_dir = xstrdup(real);
	s.db_path = xstrdup(db);
	pthread_rwlock_init(&s.lock, NULL);
	http_peers_init(&s);
	if (load_site(&s) < 0)
		return 1;
	buf err = BUF_INIT;
	char *log_dir = xstrdup(log_path);
	char *slash = strrchr(log_dir, '/');
	if (slash) {
		*slash = '\0';
		dir_make(log_dir);
	}
	free(log_dir);
	/* a log that cannot be written does not stop the answers: the main
	 * loop reports it and the log keeps trying */
	s.log = querylog_open(log_path, log_max, &err);
	/* room for --max-connections sockets */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < max_conn + 64) {
		rl.rlim_cur = rl.rlim_max < max_conn + 64 ? rl.rlim_max : max_conn + 64;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
	struct sigaction act = {0};
	act.sa_handler = on_signal;
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGHUP, &act, NULL);
	signal(SIGPIPE, SIG_IGN);
	/* past a file-size limit, writes fail (EFBIG) and the log reports it,
	 * instead of the signal killing the server */
	signal(SIGXFSZ, SIG_IGN);

	struct MHD_Daemon *d = MHD_start_daemon(
		MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_TURBO, 0,
		http_accept, &s, handle, &s, MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
		MHD_OPTION_THREAD_POOL_SIZE, threads, MHD_OPTION_CONNECTION_LIMIT, max_conn,
		MHD_OPTION_CONNECTION_TIMEOUT, timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 1024,
		MHD_OPTION_NOTIFY_COMPLETED, completed, &s,
		MHD_OPTION_NOTIFY_CONNECTION, http_connection, &s,
		MHD_OPTION_UNESCAPE_CALLBACK, unescape, NULL, MHD_OPTION_END);
	if (!d) {
		fprintf(stderr, "askbot serve: cannot listen on %s: %s\n", listen, strerror(errno));
		querylog_close(s.log);
		return 1;
	}
	printf("Mingbai is serving %s with the question bot at http://%s/\n", site, listen);
	fflush(stdout);

	struct stat last = {0};
	stat(db, &last);
	int ticks = 0, log_reported = 0;
	while (!stop_flag) {
		usleep(100 * 1000);
		http_sweep(&s);
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
			load_site(&s);
			atomic_fetch_add(&s.generation, 1);
			fprintf(stderr, "askbot serve: reloaded the index and the answer page\n");
		}
		if (++ticks % 10 == 0) {
			querylog_flush(s.log);
			log_reported = report_log(s.log, log_reported);
		}
	}
	fprintf(stderr, "askbot serve: stopping\n");
	MHD_stop_daemon(d);
	querylog_close(s.log);
	template_set_free(s.templates);
	json_decref(s.config);
	for (size_t i = 0; i < s.n_trusted; i++)
		free(s.trusted[i]);
	free(s.trusted);
	http_peers_free(&s);
	free(s.site_dir);
	free(s.db_path);
	buf_free(&err);
	return 0;
}
