#include "preview.h"

#include <errno.h>
#include <jansson.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "buf.h"
#include "diag.h"
#include "escape.h"
#include "file.h"
#include "i18n.h"
#include "mem.h"
#include "publish.h"
#include "site.h"

/* The script every preview page loads; CSP allows only same-origin
 * scripts, so it is a file, not inline. The words it shows over a failed
 * build are the clerk's, from the catalogue: status.json brings them. */
static const char reload_js[] =
	"// Mingbai preview: reload on a new build, show a failed build's messages.\n"
	"(function () {\n"
	"  var seen = null;\n"
	"  function show(s) {\n"
	"    document.title = s.words.title;\n"
	"    var main = document.createElement('main');\n"
	"    main.id = 'mingbai-preview-error';\n"
	"    main.style.cssText = 'padding:1em;font:16px/1.6 sans-serif;background:#fff;color:#222';\n"
	"    var h = document.createElement('h1');\n"
	"    h.textContent = s.words.heading;\n"
	"    var p = document.createElement('p');\n"
	"    p.textContent = s.words.hint;\n"
	"    var pre = document.createElement('pre');\n"
	"    pre.style.cssText = 'white-space:pre-wrap;background:#fdecea;padding:1em;color:#8a1c10';\n"
	"    pre.textContent = s.messages;\n"
	"    main.appendChild(h); main.appendChild(p); main.appendChild(pre);\n"
	"    document.body.innerHTML = '';\n"
	"    document.body.appendChild(main);\n"
	"  }\n"
	"  function poll() {\n"
	"    fetch('/_preview/status.json', {cache: 'no-store'})\n"
	"      .then(function (r) { return r.json(); })\n"
	"      .then(function (s) {\n"
	"        if (seen === null) { seen = s.generation; if (!s.ok) show(s); }\n"
	"        else if (s.generation !== seen) {\n"
	"          seen = s.generation;\n"
	"          if (s.ok) location.reload(); else show(s);\n"
	"        }\n"
	"      })\n"
	"      .catch(function () {})\n"
	"      .then(function () { setTimeout(poll, 300); });\n"
	"  }\n"
	"  poll();\n"
	"})();\n";

static const char script_tag[] = "<script src=\"/_preview/reload.js\" defer></script>";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

typedef struct preview {
	const preview_opts *o;
	char *tmp;   /* the temporary folder */
	char *out;   /* tmp/public, what is served */
	char *stage; /* tmp/build: a build is finished here, then swapped in */
	char *db;    /* tmp/var/askbot.db */
	int generation;
	int inotify;
	char **watched; /* watch descriptor -> folder */
	int n_watched;
} preview;

/* ---- the preview's own files -------------------------------------------- */

/* Add the reload script to every .html page under dir. */
static void inject(const char *dir)
{
	name_list names = {0};
	if (dir_list(dir, &names) < 0)
		return;
	buf text = BUF_INIT;
	for (size_t i = 0; i < names.count; i++) {
		char *p = path_join(dir, names.names[i]);
		size_t n = strlen(p);
		if (dir_exists(p)) {
			inject(p);
		} else if (n > 5 && !strcmp(p + n - 5, ".html") &&
			   file_read(p, &text, 0) == 0) {
			const char *end = strstr(text.ptr, "</body>");
			size_t at = end ? (size_t)(end - text.ptr) : text.len;
			buf page = BUF_INIT;
			buf_put(&page, text.ptr, at);
			buf_puts(&page, script_tag);
			buf_put(&page, text.ptr + at, text.len - at);
			file_write_atomic(p, page.ptr, page.len);
			buf_free(&page);
		}
		buf_reset(&text);
		free(p);
	}
	buf_free(&text);
	name_list_free(&names);
}

/* /_preview/status.json under site: the build's number, whether it
 * worked, its messages, and the words the script shows around them. */
static void write_status(preview *pv, const char *site, int ok, const char *messages)
{
	char *dir = path_join(site, "_preview");
	dir_make(dir);
	char *js = path_join(dir, "reload.js");
	file_write_atomic(js, reload_js, sizeof reload_js - 1);
	json_t *words = json_pack("{s:s,s:s,s:s}",
				  /* the browser tab's title over a failed build */
				  "title", _("Content errors - preview"),
				  "heading", _("The content has errors; the preview was not updated"),
				  "hint", _("Fix them and save: the page reloads by itself."));
	json_t *st = json_pack("{s:i,s:b,s:s,s:o}", "generation", pv->generation,
			       "ok", ok, "messages", messages ? messages : "",
			       "words", words);
	char *text = json_dumps(st, JSON_COMPACT);
	char *path = path_join(dir, "status.json");
	file_write_atomic(path, text, strlen(text));
	free(path);
	free(text);
	json_decref(st);
	free(js);
	free(dir);
}

/* A first build that failed has no site yet: a page that shows why. */
static void write_stub(preview *pv)
{
	char *index = path_join(pv->out, "index.html");
	if (!file_exists(index)) {
		dir_make(pv->out);
		buf page = BUF_INIT;
		buf_printf(&page, "<!doctype html><html lang=\"%s\"><meta charset=\"utf-8\"><title>",
			   i18n_chinese() ? "zh-CN" : "en");
		const char *title = _("Preview");
		escape_html(&page, title, strlen(title));
		buf_printf(&page, "</title><body>%s</body></html>\n", script_tag);
		file_write(index, page.ptr, page.len);
		buf_free(&page);
	}
	free(index);
}

/* ---- building ------------------------------------------------------------ */

static void build(preview *pv)
{
	buf messages = BUF_INIT;
	diag d = {.to = &messages};
	site_opts so = {.content_dir = pv->o->content_dir, .theme_dir = pv->o->theme_dir,
			.out_dir = pv->stage, .cache_dir = pv->o->cache_dir};
	site_stats st;
	pv->generation++;
	int rc = site_build(&so, &d, &st);
	if (messages.len)
		fputs(messages.ptr, stderr);
	/* The served folder only ever holds a finished preview build: the
	 * script and status go in before it is swapped into place. */
	if (rc == 0) {
		inject(pv->stage);
		write_status(pv, pv->stage, 1, messages.len ? messages.ptr : "");
		if (dir_replace(pv->stage, pv->out) < 0) {
			fprintf(stderr, "%s: %s\n", pv->out, strerror(errno));
			rc = 2;
		} else {
			/* after the swap: the page reloads at once, the bot
			 * follows a second later (askbot serve sees the file) */
			publish_index(pv->out, pv->db, 1);
		}
	}
	if (rc == 0) {
		fprintf(stderr, _("preview: build %d done in %.2f s\n"), pv->generation,
			st.seconds);
	} else {
		write_stub(pv);
		write_status(pv, pv->out, 0, messages.len ? messages.ptr : "");
		fprintf(stderr, _("preview: build %d failed; the browser shows why\n"),
			pv->generation);
	}
	buf_free(&messages);
}

/* ---- watching ------------------------------------------------------------ */

static void watch_tree(preview *pv, const char *dir)
{
	int wd = inotify_add_watch(pv->inotify, dir,
				   IN_CLOSE_WRITE | IN_MOVED_TO | IN_MOVED_FROM |
					   IN_CREATE | IN_DELETE | IN_DELETE_SELF);
	if (wd < 0)
		return;
	if (wd >= pv->n_watched) {
		pv->watched = xrealloc(pv->watched, (size_t)(wd + 1) * sizeof *pv->watched);
		memset(pv->watched + pv->n_watched, 0,
		       (size_t)(wd + 1 - pv->n_watched) * sizeof *pv->watched);
		pv->n_watched = wd + 1;
	}
	free(pv->watched[wd]);
	pv->watched[wd] = xstrdup(dir);
	name_list names = {0};
	if (dir_list(dir, &names) < 0)
		return;
	for (size_t i = 0; i < names.count; i++) {
		char *p = path_join(dir, names.names[i]);
		if (names.names[i][0] != '.' && dir_exists(p))
			watch_tree(pv, p);
		free(p);
	}
	name_list_free(&names);
}

/* Read what inotify has; 1 if a file that matters changed (editor swap and
 * backup files do not), and new folders are watched too. */
static int drain(preview *pv)
{
	int changed = 0;
	for (;;) {
		char chunk[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
		ssize_t n = read(pv->inotify, chunk, sizeof chunk);
		if (n <= 0)
			break;
		for (char *p = chunk; p < chunk + n;) {
			struct inotify_event *ev = (struct inotify_event *)p;
			p += sizeof *ev + ev->len;
			const char *name = ev->len ? ev->name : "";
			size_t len = strlen(name);
			if (name[0] == '.' || (len && name[len - 1] == '~') ||
			    (len > 4 && !strcmp(name + len - 4, ".swp")))
				continue;
			if ((ev->mask & IN_ISDIR) && (ev->mask & (IN_CREATE | IN_MOVED_TO)) &&
			    ev->wd < pv->n_watched && pv->watched[ev->wd]) {
				char *d = path_join(pv->watched[ev->wd], name);
				watch_tree(pv, d);
				free(d);
			}
			changed = 1;
		}
	}
	return changed;
}

/* ---- the whole -------------------------------------------------------------- */

int preview_run(const preview_opts *o)
{
	preview pv = {.o = o, .inotify = -1};
	int rc = 2;
	pid_t server = -1;
	const char *t = getenv("TMPDIR");
	buf b = BUF_INIT;
	buf_printf(&b, "%s/mingbai-preview-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(b.ptr)) {
		fprintf(stderr, _("%s: cannot create: %s\n"), b.ptr, strerror(errno));
		buf_free(&b);
		return 2;
	}
	pv.tmp = buf_detach(&b);
	pv.out = path_join(pv.tmp, "public");
	pv.stage = path_join(pv.tmp, "build");
	pv.db = path_join(pv.tmp, "var/askbot.db");
	char *var = path_join(pv.tmp, "var");
	char *log = path_join(pv.tmp, "var/querylog.db");
	dir_make(var);

	struct sigaction act = {.sa_handler = on_signal};
	sigaction(SIGINT, &act, NULL);
	sigaction(SIGTERM, &act, NULL);

	pv.inotify = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
	if (pv.inotify < 0) {
		fprintf(stderr, _("inotify: %s\n"), strerror(errno));
		goto done;
	}
	watch_tree(&pv, o->content_dir);
	watch_tree(&pv, o->theme_dir);
	build(&pv);

	char *args[] = {NULL, "serve", "--site", pv.out, "--db", pv.db, "--listen",
			(char *)o->listen, "--log", log, "--quiet", NULL};
	server = publish_spawn_askbot(args);
	if (server < 0)
		goto done;
	printf(_("Preview of %s at http://%s/ — save a file and the page reloads; "
		 "Ctrl-C stops.\n"), o->content_dir, o->listen);
	fflush(stdout);
	rc = 0;
	while (!stop) {
		struct pollfd pfd = {.fd = pv.inotify, .events = POLLIN};
		int r = poll(&pfd, 1, 500);
		int status;
		if (waitpid(server, &status, WNOHANG) == server) {
			fprintf(stderr, _("preview: the server stopped\n"));
			server = -1;
			rc = 2;
			break;
		}
		if (r <= 0 || !drain(&pv))
			continue;
		/* An editor saves in several steps: wait until the folder has
		 * been quiet for a moment, then build once. */
		while (!stop && poll(&pfd, 1, 150) > 0)
			drain(&pv);
		if (!stop)
			build(&pv);
	}
done:
	if (server > 0) {
		kill(server, SIGTERM);
		waitpid(server, NULL, 0);
	}
	if (pv.inotify >= 0)
		close(pv.inotify);
	for (int i = 0; i < pv.n_watched; i++)
		free(pv.watched[i]);
	free(pv.watched);
	dir_remove(pv.tmp);
	free(pv.tmp);
	free(pv.out);
	free(pv.stage);
	free(pv.db);
	free(var);
	free(log);
	return rc;
}
