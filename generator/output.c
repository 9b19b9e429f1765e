#include "output.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "context.h"
#include "feed.h"
#include "file.h"
#include "i18n.h"
#include "json.h"
#include "mem.h"
#include "searchjson.h"

/* ---- writing files and pages ------------------------------------------- */

int output_write(build *b, const char *rel, const char *data, size_t n)
{
	char *path = path_join(b->tmp, rel);
	char *slash = strrchr(path, '/');
	int rc = 0;
	*slash = '\0';
	/* most pages are a new folder in an existing one: one mkdir */
	if (mkdir(path, 0755) < 0 && errno != EEXIST && dir_make(path) < 0)
		rc = -1;
	*slash = '/';
	if (rc == 0)
		rc = file_write(path, data, n);
	if (rc < 0) {
		pthread_mutex_lock(&b->lock);
		if (!b->io_failed)
			diag_error(b->d, path, 0, _("cannot write: %s"), strerror(errno));
		b->io_failed = 1;
		pthread_mutex_unlock(&b->lock);
	}
	free(path);
	return rc;
}

/* "/guides/x/" → "guides/x/index.html" */
static char *out_file(const char *url)
{
	buf p = BUF_INIT;
	buf_puts(&p, url + 1);
	if (!p.len || p.ptr[p.len - 1] == '/')
		buf_puts(&p, "index.html");
	return buf_detach(&p);
}

void output_sitemap_add(build *b, const char *url, const char *lastmod)
{
	json_t *e = json_object();
	json_set_str(e, "url", url);
	json_set_str(e, "lastmod", lastmod);
	pthread_mutex_lock(&b->lock);
	json_array_append_new(b->sitemap, e);
	b->st->pages++;
	pthread_mutex_unlock(&b->lock);
}

void output_theme_error(diag *d, const template_set *theme, const char *err)
{
	const template_error *e = template_set_error(theme);
	if (e)
		diag_error(d, e->file, e->line, "%s", e->message);
	else
		diag_error(d, "theme", 0, "%s", err);
}

int output_page(build *b, const char *name, json_t *ctx, const char *url,
		const char *lastmod, buf *out)
{
	buf err = BUF_INIT;
	int rc = -1;
	template *t = template_get(b->theme, name, &err);
	if (!t) {
		pthread_mutex_lock(&b->lock);
		output_theme_error(b->d, b->theme, err.ptr);
		pthread_mutex_unlock(&b->lock);
		goto done;
	}
	buf_reset(out);
	if (template_render(t, ctx, out, &err) < 0) {
		pthread_mutex_lock(&b->lock);
		diag_error(b->d, b->o->theme_dir, 0, _("template %s: %s"), name, err.ptr);
		pthread_mutex_unlock(&b->lock);
		goto done;
	}
	char *file = out_file(url);
	rc = output_write(b, file, out->ptr, out->len);
	free(file);
	if (rc == 0 && strcmp(url, "/404.html"))
		output_sitemap_add(b, url, lastmod);
done:
	buf_free(&err);
	return rc;
}

/* ---- the output folder ---------------------------------------------------- */

void output_remove_stale(const char *out_dir)
{
	char *copy = xstrdup(out_dir);
	char *slash = strrchr(copy, '/');
	const char *parent = slash ? (slash == copy ? "/" : copy) : ".";
	const char *base = slash ? slash + 1 : copy;
	if (slash)
		*slash = '\0';
	buf prefix = BUF_INIT;
	buf_printf(&prefix, "%s.tmp.", base);
	name_list names;
	if (dir_list(parent, &names) == 0) {
		for (size_t i = 0; i < names.count; i++) {
			const char *n = names.names[i];
			if (strncmp(n, prefix.ptr, prefix.len))
				continue;
			long pid = atol(n + prefix.len);
			if (pid > 0 && (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
				continue;
			char *p = path_join(parent, n);
			dir_remove(p);
			free(p);
		}
		name_list_free(&names);
	}
	buf_free(&prefix);
	free(copy);
}

/* ---- assets ---------------------------------------------------------------- */

/* Copy the folder from (when it exists) to rel in the output, leaving out
 * dot files. */
static int copy_tree(build *b, const char *from, const char *rel)
{
	name_list names;
	if (dir_list(from, &names) < 0)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < names.count && rc == 0; i++) {
		if (names.names[i][0] == '.')
			continue;
		char *src = path_join(from, names.names[i]);
		char *dst_rel = path_join(rel, names.names[i]);
		if (dir_exists(src)) {
			rc = copy_tree(b, src, dst_rel);
		} else {
			buf data = BUF_INIT;
			if (file_read(src, &data, 0) < 0) {
				diag_error(b->d, src, 0, _("cannot read: %s"), strerror(errno));
				rc = -1;
			} else {
				rc = output_write(b, dst_rel, data.ptr, data.len);
			}
			buf_free(&data);
		}
		free(src);
		free(dst_rel);
	}
	name_list_free(&names);
	return rc;
}

/* /favicon.ico from the theme, when it has one: browsers ask for it on
 * every visit. */
static int copy_favicon(build *b)
{
	char *path = path_join(b->o->theme_dir, "favicon.ico");
	buf data = BUF_INIT;
	int rc = 0;
	if (file_read(path, &data, 0) == 0)
		rc = output_write(b, "favicon.ico", data.ptr, data.len);
	free(path);
	buf_free(&data);
	return rc;
}

int output_assets(build *b)
{
	char *assets = path_join(b->o->theme_dir, "assets");
	int rc = copy_tree(b, assets, "assets");
	free(assets);
	if (copy_favicon(b) < 0)
		rc = -1;
	return rc;
}

/* ---- files for machines -------------------------------------------------- */

static int cmp_url(const void *va, const void *vb)
{
	const char *a = json_str(*(json_t *const *)va, "url");
	const char *b = json_str(*(json_t *const *)vb, "url");
	return strcmp(a ? a : "", b ? b : "");
}

/* Pages reach the sitemap in whatever order the threads finish them; the
 * file is sorted so that the same content always gives the same bytes. */
static json_t *sitemap_sorted(json_t *entries)
{
	size_t n = json_array_size(entries);
	json_t **v = xcalloc(n ? n : 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_array_get(entries, i);
	qsort(v, n, sizeof *v, cmp_url);
	json_t *sorted = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append(sorted, v[i]);
	free(v);
	return sorted;
}

int output_machine_files(build *b)
{
	int rc = 0;
	buf out = BUF_INIT;
	json_t *sitemap = sitemap_sorted(b->sitemap);
	feed_sitemap(sitemap, json_str(b->site, "base_url"), &out);
	json_decref(sitemap);
	rc |= output_write(b, "sitemap.xml", out.ptr, out.len);
	buf_reset(&out);
	json_t *notices = context_notices(b, 1, 20);
	feed_atom(b->site, context_section_title(b, KIND_NOTICE), notices, &out);
	json_decref(notices);
	rc |= output_write(b, "feed.xml", out.ptr, out.len);
	buf_reset(&out);
	feed_robots(json_str(b->site, "base_url"), &out);
	rc |= output_write(b, "robots.txt", out.ptr, out.len);
	buf_free(&out);
	return rc ? -1 : 0;
}

/* public/questions.json: every FAQ question with its other phrasings and
 * its address, [{"q", "alt", "url"}], for the widget to search in the
 * browser when no bot server answers (a plain static host). */
static int write_questions(build *b)
{
	json_t *list = json_array();
	for (size_t k = 0; k < b->c.n_pages; k++) {
		page *p = b->c.pages[k];
		for (size_t e = 0; p->kind == KIND_FAQ && e < p->n_faq; e++) {
			json_t *alt = json_array();
			for (size_t a = 0; a < p->faq[e].n_alt; a++)
				json_array_append_new(alt, json_string(p->faq[e].alt[a]));
			buf u = BUF_INIT;
			buf_printf(&u, "%s#%s", p->url, p->faq[e].id);
			json_array_append_new(list, json_pack("{s:s,s:o,s:s}", "q", p->faq[e].question,
							      "alt", alt, "url", u.ptr));
			buf_free(&u);
		}
	}
	char *s = json_dumps(list, JSON_COMPACT);
	int rc = output_write(b, "questions.json", s, strlen(s));
	free(s);
	json_decref(list);
	return rc;
}

/* public/_bot/config.json: site.yaml's bot settings and the hotline, for
 * the bot server. */
static int write_bot_config(build *b)
{
	json_t *cfg = json_object();
	json_object_update(cfg, json_object_get(b->site, "bot"));
	json_set_str(cfg, "hotline", json_str(b->site, "hotline"));
	json_set_str(cfg, "hotline_name", json_str(b->site, "hotline_name"));
	char *s = json_dumps(cfg, JSON_INDENT(2) | JSON_SORT_KEYS);
	int rc = output_write(b, "_bot/config.json", s, strlen(s));
	free(s);
	json_decref(cfg);
	return rc;
}

int output_bot_files(build *b)
{
	int rc = write_bot_config(b);
	if (write_questions(b) < 0)
		rc = -1;
	return rc;
}

/* ---- search.json, on a thread of its own ------------------------------- */

static void *write_search(void *arg)
{
	search_writer *w = arg;
	FILE *f = fopen(w->path, "w");
	if (!f || searchjson_write(&w->b->c, w->b->site, f) < 0) {
		w->errno_seen = errno ? errno : EIO;
		if (f)
			fclose(f);
	} else if (fclose(f) != 0) {
		w->errno_seen = errno;
	}
	return NULL;
}

void output_search_start(build *b, search_writer *w)
{
	*w = (search_writer){.b = b, .path = path_join(b->tmp, "search.json")};
	w->started = pthread_create(&w->thread, NULL, write_search, w) == 0;
	if (!w->started)
		write_search(w);
}

int output_search_finish(build *b, search_writer *w)
{
	if (w->started)
		pthread_join(w->thread, NULL);
	int rc = 0;
	if (w->errno_seen) {
		diag_error(b->d, w->path, 0, _("cannot write: %s"), strerror(w->errno_seen));
		b->io_failed = 1;
		rc = -1;
	}
	free(w->path);
	return rc;
}
