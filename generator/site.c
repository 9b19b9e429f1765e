#include "site.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "content.h"
#include "feed.h"
#include "i18n.h"
#include "file.h"
#include "leaflet.h"
#include "links.h"
#include "mem.h"
#include "searchjson.h"
#include "template.h"
#include "utf8.h"

typedef struct build {
	const site_opts *o;
	diag *d;
	content c;
	link_set links;
	json_t *site;    /* the "site" object every template sees */
	json_t *tags;    /* tag -> array of page indices */
	json_t *sitemap; /* [{loc, lastmod}] */
	template_set *theme;
	char *tmp;       /* the output being written */
	char today[11];
	site_stats *st;
	int io_failed;
	pthread_mutex_t lock; /* guards sitemap, st and io_failed in render threads */
} build;

/* ---- small helpers ---------------------------------------------------- */

static void date_cn(buf *out, const char *iso)
{
	if (!iso || !date_valid(iso))
		return;
	buf_printf(out, "%d年%d月%d日", atoi(iso), atoi(iso + 5), atoi(iso + 8));
}

static void set_str(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}

static void set_date(json_t *obj, const char *key, const char *iso)
{
	if (!iso)
		return;
	buf cn = BUF_INIT;
	date_cn(&cn, iso);
	json_object_set_new(obj, key, json_string(iso));
	buf k = BUF_INIT;
	buf_printf(&k, "%s_cn", key);
	json_object_set_new(obj, k.ptr, json_string(cn.ptr));
	buf_free(&k);
	buf_free(&cn);
}

static char *permalink(build *b, const char *url)
{
	const char *base = json_string_value(json_object_get(b->site, "base_url"));
	buf p = BUF_INIT;
	buf_puts(&p, base);
	while (p.len && p.ptr[p.len - 1] == '/')
		buf_truncate(&p, p.len - 1);
	buf_puts(&p, url);
	return buf_detach(&p);
}

/* Write rel (a path inside the output) with dirs made as needed. */
static int write_out(build *b, const char *rel, const char *data, size_t n)
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
			diag_error(b->d, path, 0, "cannot write: %s", strerror(errno));
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

static void sitemap_add(build *b, const char *url, const char *lastmod)
{
	json_t *e = json_object();
	set_str(e, "url", url);
	set_str(e, "lastmod", lastmod);
	pthread_mutex_lock(&b->lock);
	json_array_append_new(b->sitemap, e);
	b->st->pages++;
	pthread_mutex_unlock(&b->lock);
}

/* A theme template that does not compile, reported where it is wrong:
 * "themes/default/single.mustache:31: unclosed {{#page}}…". */
static void theme_error(diag *d, const template_set *theme, const char *err)
{
	const template_error *e = template_set_error(theme);
	if (e)
		diag_error(d, e->file, e->line, "%s", e->message);
	else
		diag_error(d, "theme", 0, "%s", err);
}

/* Render template name against ctx into the page at url. */
static int render_page(build *b, const char *name, json_t *ctx, const char *url,
		       const char *lastmod, buf *out)
{
	buf err = BUF_INIT;
	int rc = -1;
	template *t = template_get(b->theme, name, &err);
	if (!t) {
		pthread_mutex_lock(&b->lock);
		theme_error(b->d, b->theme, err.ptr);
		pthread_mutex_unlock(&b->lock);
		goto done;
	}
	buf_reset(out);
	if (template_render(t, ctx, out, &err) < 0) {
		pthread_mutex_lock(&b->lock);
		diag_error(b->d, b->o->theme_dir, 0, "template %s: %s", name, err.ptr);
		pthread_mutex_unlock(&b->lock);
		goto done;
	}
	char *file = out_file(url);
	rc = write_out(b, file, out->ptr, out->len);
	free(file);
	if (rc == 0 && strcmp(url, "/404.html"))
		sitemap_add(b, url, lastmod);
done:
	buf_free(&err);
	return rc;
}

/* ---- the site context --------------------------------------------------- */

static int prepare_site(build *b)
{
	b->site = json_deep_copy(b->c.site);
	json_t *s = b->site;
	const char *base = b->o->base_url
				   ? b->o->base_url
				   : json_string_value(json_object_get(s, "base_url"));
	if (!base || !*base)
		base = "http://127.0.0.1:8080/";
	if (strncmp(base, "http://", 7) && strncmp(base, "https://", 8)) {
		diag_error(b->d, "content/site.yaml", 0,
			   "base_url '%s' must start with http:// or https://", base);
		return -1;
	}
	buf u = BUF_INIT;
	buf_puts(&u, base);
	if (u.ptr[u.len - 1] != '/')
		buf_putc(&u, '/');
	json_object_set_new(s, "base_url", json_string(u.ptr));
	/* what is printed beside a QR code: the URL without its scheme */
	const char *host = strstr(u.ptr, "://") + 3;
	json_object_set_new(s, "base_host", json_string(host));
	buf_free(&u);

	json_object_set_new(s, "today", json_string(b->today));
	json_object_set_new(s, "year", json_integer(atoi(b->today)));
	buf cn = BUF_INIT;
	date_cn(&cn, b->today);
	json_object_set_new(s, "today_cn", json_string(cn.ptr));
	buf_free(&cn);

	/* The first hotline with a number is "the" hotline of widget and bot. */
	json_t *hl = json_object_get(s, "hotlines"), *h;
	size_t i;
	json_array_foreach(hl, i, h) {
		const char *phone = json_string_value(json_object_get(h, "phone"));
		if (phone && *phone) {
			set_str(s, "hotline", phone);
			set_str(s, "hotline_name",
				json_string_value(json_object_get(h, "name")));
			break;
		}
	}
	if (!json_object_get(s, "hotline")) {
		diag_error(b->d, "content/site.yaml", 0,
			   "hotlines: at least one needs a phone number");
		return -1;
	}
	json_t *bot = json_object_get(s, "bot");
	if (!json_is_object(bot)) {
		bot = json_object();
		json_object_set_new(s, "bot", bot);
	}
	const char *api = json_string_value(json_object_get(bot, "api_base"));
	json_object_set_new(bot, "api_base", json_string(api ? api : ""));
	if (!json_is_array(json_object_get(bot, "origins")))
		json_object_set_new(bot, "origins", json_array());
	return 0;
}

/* nav items with "current" set for the section of url */
static json_t *nav_for(build *b, const char *url)
{
	json_t *nav = json_array(), *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, "nav"), i, item) {
		json_t *copy = json_copy(item);
		const char *u = json_string_value(json_object_get(item, "url"));
		int cur = u && (!strcmp(u, url) ||
				(strcmp(u, "/") && !strncmp(url, u, strlen(u))));
		json_object_set_new(copy, "current", json_boolean(cur));
		json_array_append_new(nav, copy);
	}
	return nav;
}

static const char *const section_titles[KIND_COUNT] = {"办事指南", "通知公告",
							"常见问题", "宣传资料"};

static int expired(build *b, const page *p)
{
	return p->valid_until && strcmp(p->valid_until, b->today) < 0;
}

static json_t *page_ref(build *b, const page *p)
{
	json_t *r = json_object();
	set_str(r, "title", p->title);
	set_str(r, "url", p->url);
	set_str(r, "summary", p->summary);
	set_date(r, "date", p->date);
	set_date(r, "updated", p->updated);
	set_str(r, "doc_number", json_string_value(json_object_get(p->fm, "doc_number")));
	json_object_set_new(r, "expired", json_boolean(expired(b, p)));
	return r;
}

static json_t *base_ctx(build *b, const char *title, const char *url,
			const char *description)
{
	json_t *ctx = json_object();
	json_object_set(ctx, "site", b->site);
	json_t *pg = json_object();
	set_str(pg, "title", title);
	set_str(pg, "url", url);
	char *link = permalink(b, url);
	set_str(pg, "permalink", link);
	free(link);
	set_str(pg, "description", description ? description
			: json_string_value(json_object_get(b->site, "description")));
	json_object_set_new(pg, "is_home", json_boolean(!strcmp(url, "/")));
	json_object_set_new(ctx, "page", pg);
	json_object_set_new(ctx, "nav", nav_for(b, url));
	return ctx;
}

static void add_crumbs(json_t *pg, const char *section_title,
		       const char *section_url)
{
	json_t *crumbs = json_array();
	json_t *home = json_object();
	set_str(home, "title", "首页");
	set_str(home, "url", "/");
	json_array_append_new(crumbs, home);
	if (section_title) {
		json_t *sec = json_object();
		set_str(sec, "title", section_title);
		set_str(sec, "url", section_url);
		json_array_append_new(crumbs, sec);
	}
	json_object_set_new(pg, "breadcrumbs", crumbs);
	json_object_set_new(pg, "has_breadcrumbs", json_true());
}

/* The first sentence-ish of a page's text, for descriptions. */
static char *first_text(page *p, size_t max_chars)
{
	buf t = BUF_INIT;
	md_node_text(p->md, p->md->root, &t);
	for (size_t i = 0; i < t.len; i++)
		if (t.ptr[i] == '\n')
			t.ptr[i] = ' ';
	buf_truncate(&t, utf8_prefix(t.ptr, t.len, max_chars));
	return buf_detach(&t);
}

static json_t *page_ctx(build *b, page *p)
{
	char *desc = p->summary ? NULL : first_text(p, 80);
	json_t *ctx = base_ctx(b, p->title, p->url, p->summary ? p->summary : desc);
	free(desc);
	json_t *pg = json_object_get(ctx, "page");
	json_object_update_missing(pg, p->fm);
	set_str(pg, "kind", kind_dir(p->kind));
	json_object_set_new(pg, "is_notice", json_boolean(p->kind == KIND_NOTICE));
	set_date(pg, "date", p->date);
	set_date(pg, "updated", p->updated);
	set_date(pg, "valid_until", p->valid_until);
	json_object_set_new(pg, "expired", json_boolean(expired(b, p)));
	buf section_url = BUF_INIT;
	buf_printf(&section_url, "/%s/", kind_dir(p->kind));
	add_crumbs(pg, section_titles[p->kind], section_url.ptr);
	set_str(pg, "section_title", section_titles[p->kind]);
	set_str(pg, "section_url", section_url.ptr);
	buf_free(&section_url);

	json_t *tags = json_array(), *t;
	size_t i;
	json_array_foreach(json_object_get(p->fm, "tags"), i, t) {
		if (!json_is_string(t))
			continue;
		json_t *tag = json_object();
		set_str(tag, "name", json_string_value(t));
		buf u = BUF_INIT;
		buf_printf(&u, "/tags/%s/", json_string_value(t));
		set_str(tag, "url", u.ptr);
		buf_free(&u);
		json_array_append_new(tags, tag);
	}
	json_object_set_new(pg, "has_tags", json_boolean(json_array_size(tags) > 0));
	json_object_set_new(pg, "tags", tags);
	json_object_set_new(pg, "has_sources",
			    json_boolean(json_array_size(json_object_get(p->fm, "sources")) > 0));

	/* table of contents: ## and ### headings, when there are three or more
	 * sections, unless the page says toc: false */
	json_t *toc = json_array();
	size_t h2 = 0;
	for (size_t k = 0; k < p->md->n_headings; k++) {
		md_heading *h = &p->md->headings[k];
		if (h->level < 2 || h->level > 3)
			continue;
		h2 += h->level == 2;
		json_t *e = json_object();
		set_str(e, "id", h->id);
		set_str(e, "text", h->text);
		json_object_set_new(e, "sub", json_boolean(h->level == 3));
		json_array_append_new(toc, e);
	}
	int want = !json_is_false(json_object_get(p->fm, "toc")) && h2 >= 3 &&
		   p->kind != KIND_FAQ;
	json_object_set_new(pg, "has_toc", json_boolean(want));
	json_object_set_new(pg, "toc", toc);

	buf html = BUF_INIT;
	md_render_html(p->md, &html);
	/* cmark's output from valid UTF-8 is valid UTF-8: Jansson's check of
	 * every page's HTML again was a seventh of the build */
	json_object_set_new(pg, "content", json_stringn_nocheck(html.ptr, html.len));
	buf_free(&html);
	return ctx;
}

/* ---- URLs and links ------------------------------------------------------ */

static const char *const fixed_urls[] = {
	"/", "/guides/", "/notices/", "/faq/", "/tags/", "/offices/", "/ask/",
	"/leaflets/", "/search.json", "/feed.xml", "/sitemap.xml", "/robots.txt",
	"/404.html"};

static void register_urls(build *b)
{
	links_init(&b->links);
	for (size_t i = 0; i < sizeof fixed_urls / sizeof *fixed_urls; i++)
		links_add(&b->links, fixed_urls[i]);
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		links_add(&b->links, p->url);
		if (p->md)
			for (size_t k = 0; k < p->md->n_headings; k++)
				links_add_anchor(&b->links, p->url, p->md->headings[k].id);
		if (p->kind == KIND_LEAFLET) {
			buf pdf = BUF_INIT;
			buf_printf(&pdf, "/leaflets/%s.pdf", p->slug);
			links_add(&b->links, pdf.ptr);
			buf_free(&pdf);
		}
		json_t *t;
		size_t k;
		json_array_foreach(json_object_get(p->fm, "tags"), k, t) {
			const char *name = json_string_value(t);
			if (!name)
				continue;
			if (strchr(name, '/')) {
				diag_error(b->d, p->path, 0, "tag '%s' may not contain '/'", name);
				continue;
			}
			json_t *list = json_object_get(b->tags, name);
			if (!list) {
				list = json_array();
				json_object_set_new(b->tags, name, list);
				buf u = BUF_INIT;
				buf_printf(&u, "/tags/%s/", name);
				links_add(&b->links, u.ptr);
				buf_free(&u);
			}
			json_array_append_new(list, json_integer((json_int_t)i));
		}
	}
}

static void check_site_links(build *b, const char *key)
{
	json_t *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, key), i, item) {
		const char *url = json_is_string(item)
					  ? json_string_value(item)
					  : json_string_value(json_object_get(item, "url"));
		if (url && url[0] == '/' && url[1] != '/')
			links_check(&b->links, url, "/", "content/site.yaml", 0, b->d);
	}
}

static void check_links(build *b)
{
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (!p->md)
			continue;
		for (size_t k = 0; k < p->md->n_links; k++)
			links_check(&b->links, p->md->links[k].url, p->url, p->path,
				    p->md->links[k].line, b->d);
	}
	check_site_links(b, "nav");
	check_site_links(b, "quick_links");
	check_site_links(b, "top_questions");
}

/* ---- pages ---------------------------------------------------------------- */

static int render_one(build *b, page *p, buf *out)
{
	if (p->kind == KIND_LEAFLET)
		return 0; /* leaflets are built after the pages, one engine each */
	json_t *ctx = page_ctx(b, p);
	const char *name = p->kind == KIND_FAQ ? "faq-category" : "single";
	if (p->kind == KIND_FAQ) {
		json_t *entries = json_array();
		for (size_t k = 0; k < p->n_faq; k++) {
			json_t *e = json_object();
			set_str(e, "question", p->faq[k].question);
			set_str(e, "id", p->faq[k].id);
			json_array_append_new(entries, e);
		}
		json_object_set_new(json_object_get(ctx, "page"), "entries", entries);
	}
	int rc = render_page(b, name, ctx, p->url, p->updated ? p->updated : p->date, out);
	json_decref(ctx);
	buf_reset(out);
	searchjson_page(p, out);
	p->search = xstrndup(out->ptr, out->len);
	md_release_tree(p->md);
	return rc;
}

/* content's page hook, on a loader thread: each page is written as soon as
 * it is parsed, and only its headings and links outlive it. A page that
 * cannot be written is reported by render_page, which fails the build. */
static void page_loaded(page *p, void *arg)
{
	buf out = BUF_INIT;
	render_one(arg, p, &out);
	buf_free(&out);
}

static json_t *notice_list(build *b, int include_expired, size_t max)
{
	json_t *list = json_array();
	for (size_t i = 0; i < b->c.n_pages && json_array_size(list) < max; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_NOTICE || (!include_expired && expired(b, p)))
			continue;
		json_array_append_new(list, page_ref(b, p));
	}
	return list;
}

static int cmp_date_desc(const void *va, const void *vb)
{
	const page *a = *(page *const *)va, *b = *(page *const *)vb;
	return strcmp(b->date ? b->date : "", a->date ? a->date : "");
}

/* Notices are listed by date, newest first, whatever their weight. */
static void sort_notices_by_date(build *b)
{
	size_t first = b->c.n_pages, last = 0;
	for (size_t i = 0; i < b->c.n_pages; i++)
		if (b->c.pages[i]->kind == KIND_NOTICE) {
			if (first == b->c.n_pages)
				first = i;
			last = i;
		}
	if (first < b->c.n_pages)
		qsort(b->c.pages + first, last - first + 1, sizeof *b->c.pages,
		      cmp_date_desc);
}

static json_t *faq_entry_ref(const page *p, const faq_entry *e)
{
	json_t *r = json_object();
	set_str(r, "question", e->question);
	buf u = BUF_INIT;
	buf_printf(&u, "%s#%s", p->url, e->id);
	set_str(r, "url", u.ptr);
	buf_free(&u);
	set_str(r, "category", p->title);
	return r;
}

static json_t *top_questions(build *b)
{
	json_t *list = json_array(), *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, "top_questions"), i, item) {
		const char *url = json_string_value(item);
		for (size_t k = 0; url && k < b->c.n_pages; k++) {
			page *p = b->c.pages[k];
			size_t n = strlen(p->url);
			if (p->kind != KIND_FAQ || strncmp(url, p->url, n) || url[n] != '#')
				continue;
			for (size_t e = 0; e < p->n_faq; e++)
				if (!strcmp(p->faq[e].id, url + n + 1))
					json_array_append_new(list, faq_entry_ref(p, &p->faq[e]));
		}
	}
	if (json_array_size(list))
		return list;
	/* none chosen: the first question of each category */
	for (size_t k = 0; k < b->c.n_pages && json_array_size(list) < 8; k++) {
		page *p = b->c.pages[k];
		if (p->kind == KIND_FAQ && p->n_faq)
			json_array_append_new(list, faq_entry_ref(p, &p->faq[0]));
	}
	return list;
}

static int render_lists(build *b)
{
	buf out = BUF_INIT;
	int rc = 0;
	json_t *ctx;

	/* home */
	ctx = base_ctx(b, json_string_value(json_object_get(b->site, "title")), "/", NULL);
	json_object_set_new(ctx, "notices", notice_list(b, 0, 5));
	json_object_set_new(ctx, "top_questions", top_questions(b));
	rc |= render_page(b, "home", ctx, "/", b->today, &out);
	json_decref(ctx);

	/* guides and leaflets lists are plain lists of pages */
	static const struct {
		page_kind kind;
		const char *tmpl, *url;
	} lists[] = {{KIND_GUIDE, "list", "/guides/"}};
	for (size_t l = 0; l < sizeof lists / sizeof *lists; l++) {
		ctx = base_ctx(b, section_titles[lists[l].kind], lists[l].url, NULL);
		add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
		json_t *pages = json_array();
		for (size_t i = 0; i < b->c.n_pages; i++)
			if (b->c.pages[i]->kind == lists[l].kind)
				json_array_append_new(pages, page_ref(b, b->c.pages[i]));
		json_object_set_new(ctx, "pages", pages);
		rc |= render_page(b, lists[l].tmpl, ctx, lists[l].url, NULL, &out);
		json_decref(ctx);
	}

	/* notices archive, by year */
	ctx = base_ctx(b, "通知公告", "/notices/", NULL);
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	json_t *years = json_array(), *year = NULL;
	char cur[5] = "";
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_NOTICE)
			continue;
		if (!year || strncmp(cur, p->date, 4)) {
			memcpy(cur, p->date, 4);
			year = json_object();
			json_object_set_new(year, "year", json_stringn(cur, 4));
			json_object_set_new(year, "notices", json_array());
			json_array_append_new(years, year);
		}
		json_array_append_new(json_object_get(year, "notices"), page_ref(b, p));
	}
	json_object_set_new(ctx, "years", years);
	rc |= render_page(b, "notices", ctx, "/notices/", NULL, &out);
	json_decref(ctx);

	/* FAQ index */
	ctx = base_ctx(b, "常见问题", "/faq/", NULL);
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	json_t *cats = json_array();
	size_t total = 0;
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_FAQ)
			continue;
		json_t *cat = page_ref(b, p);
		json_t *entries = json_array();
		for (size_t e = 0; e < p->n_faq; e++)
			json_array_append_new(entries, faq_entry_ref(p, &p->faq[e]));
		json_object_set_new(cat, "entries", entries);
		json_object_set_new(cat, "count", json_integer((json_int_t)p->n_faq));
		json_array_append_new(cats, cat);
		total += p->n_faq;
	}
	json_object_set_new(ctx, "categories", cats);
	json_object_set_new(ctx, "total", json_integer((json_int_t)total));
	rc |= render_page(b, "faq-index", ctx, "/faq/", NULL, &out);
	json_decref(ctx);

	/* tags */
	ctx = base_ctx(b, "标签", "/tags/", NULL);
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	json_t *tag_list = json_array();
	const char *tag;
	json_t *idx;
	json_object_foreach(b->tags, tag, idx) {
		json_t *t = json_object();
		set_str(t, "name", tag);
		buf u = BUF_INIT;
		buf_printf(&u, "/tags/%s/", tag);
		set_str(t, "url", u.ptr);
		json_object_set_new(t, "count", json_integer((json_int_t)json_array_size(idx)));
		json_array_append_new(tag_list, t);

		json_t *tctx = base_ctx(b, tag, u.ptr, NULL);
		json_t *tpg = json_object_get(tctx, "page");
		add_crumbs(tpg, "标签", "/tags/");
		json_t *pages = json_array(), *pi;
		size_t k;
		json_array_foreach(idx, k, pi) {
			page *p = b->c.pages[json_integer_value(pi)];
			json_t *ref = page_ref(b, p);
			set_str(ref, "section", section_titles[p->kind]);
			json_array_append_new(pages, ref);
		}
		json_object_set_new(tctx, "pages", pages);
		rc |= render_page(b, "tag", tctx, u.ptr, NULL, &out);
		json_decref(tctx);
		buf_free(&u);
	}
	json_object_set_new(ctx, "tags", tag_list);
	rc |= render_page(b, "tags", ctx, "/tags/", NULL, &out);
	json_decref(ctx);

	/* offices */
	ctx = base_ctx(b, "联系我们", "/offices/", NULL);
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	rc |= render_page(b, "offices", ctx, "/offices/", NULL, &out);
	json_decref(ctx);

	/* 404 */
	ctx = base_ctx(b, "页面没有找到", "/404.html", NULL);
	rc |= render_page(b, "404", ctx, "/404.html", NULL, &out);
	json_decref(ctx);

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
	int rc = write_out(b, "questions.json", s, strlen(s));
	free(s);
	json_decref(list);
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
		rc = write_out(b, "favicon.ico", data.ptr, data.len);
	free(path);
	buf_free(&data);
	return rc;
}

/* The answer page: the theme's ask template is rendered with the site
 * around it, leaving the answer area as Mustache for the bot server
 * (public/_bot/ask.mustache, compiled once when the server starts); the
 * static /ask/ page is that template rendered with no question. */
static int render_ask(build *b)
{
	buf region = BUF_INIT, page_src = BUF_INIT, html = BUF_INIT, err = BUF_INIT;
	int rc = -1;
	char *path = path_join(b->o->theme_dir, "ask-answer.mustache");
	if (file_read(path, &region, 0) < 0) {
		diag_error(b->d, path, 0, "cannot read: %s", strerror(errno));
		goto done;
	}
	json_t *ctx = base_ctx(b, "在线咨询", "/ask/", "输入问题，马上查到政策答案和出处。");
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	json_object_set_new(ctx, "answer_region", json_stringn(region.ptr, region.len));
	json_object_set_new(ctx, "examples", top_questions(b));
	/* no floating 在线咨询 button on the 在线咨询 page itself */
	json_object_set_new(json_object_get(ctx, "page"), "is_ask", json_true());
	template *t = template_get(b->theme, "ask", &err);
	if (!t || template_render(t, ctx, &page_src, &err) < 0) {
		diag_error(b->d, b->o->theme_dir, 0, "template ask: %s", err.ptr);
		json_decref(ctx);
		goto done;
	}
	json_decref(ctx);
	if (write_out(b, "_bot/ask.mustache", page_src.ptr, page_src.len) < 0)
		goto done;

	template_set *one = template_set_new(NULL, NULL);
	t = template_compile(one, "_bot/ask.mustache", page_src.ptr, page_src.len, &err);
	json_t *empty = json_object();
	json_object_set_new(empty, "has_query", json_false());
	set_str(empty, "hotline", json_string_value(json_object_get(b->site, "hotline")));
	if (!t || template_render(t, empty, &html, &err) < 0) {
		diag_error(b->d, path, 0, "the ask page is not a valid template: %s", err.ptr);
	} else if (write_out(b, "ask/index.html", html.ptr, html.len) == 0) {
		sitemap_add(b, "/ask/", NULL);
		rc = 0;
	}
	json_decref(empty);
	template_set_free(one);

	json_t *cfg = json_object();
	json_object_update(cfg, json_object_get(b->site, "bot"));
	set_str(cfg, "hotline", json_string_value(json_object_get(b->site, "hotline")));
	set_str(cfg, "hotline_name", json_string_value(json_object_get(b->site, "hotline_name")));
	char *s = json_dumps(cfg, JSON_INDENT(2) | JSON_SORT_KEYS);
	if (write_out(b, "_bot/config.json", s, strlen(s)) < 0)
		rc = -1;
	free(s);
	json_decref(cfg);
	if (write_questions(b) < 0)
		rc = -1;
done:
	free(path);
	buf_free(&region);
	buf_free(&page_src);
	buf_free(&html);
	buf_free(&err);
	return rc;
}

/* ---- leaflets ----------------------------------------------------------- */

static int build_leaflets(build *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->c.n_pages; i++)
		n += b->c.pages[i]->kind == KIND_LEAFLET;
	leaflet_job *jobs = xcalloc(n ? n : 1, sizeof *jobs);
	json_t **ctxs = xcalloc(n ? n : 1, sizeof *ctxs);
	char **bodies = xcalloc(n ? n : 1, sizeof *bodies);
	page **pages = xcalloc(n ? n : 1, sizeof *pages);
	size_t k = 0;
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_LEAFLET)
			continue;
		ctxs[k] = page_ctx(b, p);
		buf html = BUF_INIT;
		md_render_html(p->md, &html);
		bodies[k] = buf_detach(&html);
		pages[k] = p;
		const char *mp = json_string_value(json_object_get(p->fm, "max_pages"));
		jobs[k] = (leaflet_job){
			.src_path = p->path,
			.slug = p->slug,
			.title = p->title,
			.layout = json_string_value(json_object_get(p->fm, "layout")),
			.paper = json_string_value(json_object_get(p->fm, "paper")),
			.max_pages = mp ? atoi(mp) : 0,
			.body_html = bodies[k],
			.page = json_object_get(ctxs[k], "page"),
			.site = b->site,
			.theme = b->theme,
			.theme_dir = b->o->theme_dir,
			.out_dir = b->tmp,
			.today = b->today,
			.cache_dir = b->o->cache_dir,
		};
		k++;
	}
	json_t *infos = json_array();
	int failed = n ? leaflet_build_all(jobs, n, infos, b->d) : 0;
	for (k = 0; k < n; k++) {
		json_t *info = json_array_get(infos, k);
		json_t *ref = page_ref(b, pages[k]);
		json_object_update_missing(info, ref);
		json_decref(ref);
		/* 致家长的一封信：致家长的一封信 — the kind of leaflet only where the
		 * title does not already say it */
		const char *kind = json_string_value(json_object_get(info, "layout_name"));
		if (kind && *kind && strstr(pages[k]->title, kind))
			json_object_del(info, "layout_name");
		sitemap_add(b, pages[k]->url, pages[k]->updated ? pages[k]->updated : pages[k]->date);
		json_decref(ctxs[k]);
		free(bodies[k]);
	}
	b->st->leaflets = n;
	if (n && !leaflet_pdf_available())
		b->st->pdf_skipped = 1;
	free(jobs);
	free(ctxs);
	free(bodies);
	free(pages);

	json_t *ctx = base_ctx(b, "宣传资料下载", "/leaflets/", "明白卡、致家长的一封信、三折页和申请指南，可直接打印。");
	add_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	json_object_set_new(ctx, "leaflets", infos);
	json_object_set_new(ctx, "pdf_skipped", json_boolean(b->st->pdf_skipped));
	buf out = BUF_INIT;
	int rc = render_page(b, "leaflets", ctx, "/leaflets/", NULL, &out);
	buf_free(&out);
	json_decref(ctx);
	return failed || rc < 0 ? -1 : 0;
}

/* ---- assets and machine files ------------------------------------------ */

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
				diag_error(b->d, src, 0, "cannot read: %s", strerror(errno));
				rc = -1;
			} else {
				rc = write_out(b, dst_rel, data.ptr, data.len);
			}
			buf_free(&data);
		}
		free(src);
		free(dst_rel);
	}
	name_list_free(&names);
	return rc;
}

static int cmp_url(const void *va, const void *vb)
{
	const char *a = json_string_value(json_object_get(*(json_t *const *)va, "url"));
	const char *b = json_string_value(json_object_get(*(json_t *const *)vb, "url"));
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

/* search.json is tens of MB for a big site and needs nothing the list
 * pages, leaflets and feeds change, so a thread of its own writes it while
 * they are made. It reports nothing itself (the diag is the main thread's):
 * a failure is left in errno_seen for site_build to report after the join. */
typedef struct search_writer {
	build *b;
	char *path;
	int errno_seen;
	pthread_t thread;
	int started;
} search_writer;

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

static void search_start(build *b, search_writer *w)
{
	*w = (search_writer){.b = b, .path = path_join(b->tmp, "search.json")};
	w->started = pthread_create(&w->thread, NULL, write_search, w) == 0;
	if (!w->started)
		write_search(w);
}

static int search_finish(build *b, search_writer *w)
{
	if (w->started)
		pthread_join(w->thread, NULL);
	int rc = 0;
	if (w->errno_seen) {
		diag_error(b->d, w->path, 0, "cannot write: %s", strerror(w->errno_seen));
		b->io_failed = 1;
		rc = -1;
	}
	free(w->path);
	return rc;
}

static int write_machine_files(build *b)
{
	int rc = 0;
	buf out = BUF_INIT;
	json_t *sitemap = sitemap_sorted(b->sitemap);
	feed_sitemap(sitemap, json_string_value(json_object_get(b->site, "base_url")), &out);
	json_decref(sitemap);
	rc |= write_out(b, "sitemap.xml", out.ptr, out.len);
	buf_reset(&out);
	json_t *notices = notice_list(b, 1, 20);
	feed_atom(b->site, notices, &out);
	json_decref(notices);
	rc |= write_out(b, "feed.xml", out.ptr, out.len);
	buf_reset(&out);
	feed_robots(json_string_value(json_object_get(b->site, "base_url")), &out);
	rc |= write_out(b, "robots.txt", out.ptr, out.len);
	buf_free(&out);
	return rc ? -1 : 0;
}

/* A build killed part-way leaves OUT.tmp.PID behind; remove those whose
 * process is gone (a concurrent build's folder is left alone). */
static void remove_stale(const char *out_dir)
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

/* ---- checks of site.yaml a clerk needs (issue 12) ----------------------- */

/* The line of "key:" at the start of a line of the content's site.yaml,
 * 0 when it is not there. */
static int site_yaml_line(build *b, const char *key, int nth_item)
{
	char *path = path_join(b->o->content_dir, "site.yaml");
	buf text = BUF_INIT;
	int found = 0, line = 1, items = -1;
	size_t k = strlen(key);
	if (file_read(path, &text, CONTENT_MAX_FILE) == 0) {
		for (const char *p = text.ptr; *p; line++) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			if (items < 0 && n > k && !memcmp(p, key, k) && p[k] == ':') {
				if (nth_item < 0) {
					found = line;
					break;
				}
				items = 0;
			} else if (items >= 0) {
				size_t sp = strspn(p, " ");
				if (sp == 0 && n && p[0] != '#')
					break; /* the next top-level key */
				if (sp + 1 < n && p[sp] == '-' && p[sp + 1] == ' ' &&
				    items++ == nth_item) {
					found = line;
					break;
				}
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	buf_free(&text);
	free(path);
	return found;
}

/* A host no parent's phone can reach: loopback, private ranges,
 * link-local, "localhost", an unqualified name. */
static int private_host(const char *url)
{
	const char *h = strstr(url, "://");
	h = h ? h + 3 : url;
	size_t n = strcspn(h, ":/");
	if (n == 0 || h[0] == '[')
		return 1; /* no host, or an IPv6 literal: no leaflet should print one */
	if (strspn(h, "0123456789.") >= n) {
		unsigned a = (unsigned)atoi(h), b2 = 0;
		const char *dot = memchr(h, '.', n);
		if (dot)
			b2 = (unsigned)atoi(dot + 1);
		return a == 127 || a == 10 || a == 0 || (a == 192 && b2 == 168) ||
		       (a == 172 && b2 >= 16 && b2 <= 31) || (a == 169 && b2 == 254);
	}
	return (n == 9 && !memcmp(h, "localhost", 9)) || !memchr(h, '.', n) ||
	       (n > 6 && !memcmp(h + n - 6, ".local", 6));
}

/* base_url is printed into every leaflet's QR codes: on a loopback or
 * private address they lead nowhere from a parent's phone. A warning (a
 * trial build on one's own machine is fine); an error for --release. */
static void check_base_url(build *b)
{
	size_t leaflets = 0;
	for (size_t i = 0; i < b->c.n_pages; i++)
		leaflets += b->c.pages[i]->kind == KIND_LEAFLET;
	const char *base = json_string_value(json_object_get(b->site, "base_url"));
	if (!leaflets || !base || !private_host(base))
		return;
	char *path = b->o->base_url ? xstrdup("--base-url")
				    : path_join(b->o->content_dir, "site.yaml");
	int line = b->o->base_url ? 0 : site_yaml_line(b, "base_url", -1);
	const char *msg = _("base_url '%s' is a local address: the QR codes on the "
			    "leaflets would lead nowhere from a parent's phone; set the "
			    "site's public address");
	const char *demo = json_string_value(json_object_get(b->site, "demo"));
	if (b->o->release)
		diag_error(b->d, path, line, msg, base);
	else if (demo && *demo)
		diag_note(b->d, path, line, msg, base);
	else
		diag_warn(b->d, path, line, msg, base);
	free(path);
}

/* The first "YYYY年" in text, or 0. */
static int year_in(const char *text)
{
	for (const char *p = text; *p; p++) {
		if ((p[0] == '1' || p[0] == '2') && p[1] >= '0' && p[1] <= '9' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9' &&
		    !strncmp(p + 4, "年", strlen("年")) &&
		    (p == text || p[-1] < '0' || p[-1] > '9'))
			return atoi(p);
	}
	return 0;
}

/* The home page lists key_dates as this year's. One whose year is before
 * the build's is not: the home page then says which year it is for, and
 * the clerk is told to put in this year's (a warning; only a note on a
 * site.yaml that says `demo:`, whose data is old on purpose). */
static void check_key_dates(build *b)
{
	int year = atoi(b->today);
	const char *demo = json_string_value(json_object_get(b->site, "demo"));
	json_t *dates = json_object_get(b->site, "key_dates"), *e;
	size_t i;
	char *path = path_join(b->o->content_dir, "site.yaml");
	json_array_foreach(dates, i, e) {
		const char *label = json_string_value(json_object_get(e, "label"));
		const char *value = json_string_value(json_object_get(e, "value"));
		int y = value ? year_in(value) : 0;
		if (!y || y >= year)
			continue;
		int line = site_yaml_line(b, "key_dates", (int)i);
		buf v = BUF_INIT;
		/* Words on a page are the site's (Chinese), whatever the
		 * clerk's locale. */
		buf_printf(&v, "%s（这是%d年的安排，今年的以当年通知为准）", value, y);
		json_object_set_new(e, "value", json_string(v.ptr));
		json_object_set_new(e, "year", json_integer(y));
		json_object_set_new(e, "past_year", json_true());
		buf_free(&v);
		if (demo && *demo)
			diag_note(b->d, path, line,
				  _("key date '%s' is for %d, not %d (a demonstration: "
				    "a real site needs this year's dates)"),
				  label ? label : "", y, year);
		else
			diag_warn(b->d, path, line,
				  _("key date '%s' is for %d, not %d: the home page "
				    "shows it as last year's; put in this year's dates"),
				  label ? label : "", y, year);
	}
	/* The demo says so where every visitor reads first. */
	const char *desc = json_string_value(json_object_get(b->site, "description"));
	if (demo && *demo) {
		buf dv = BUF_INIT;
		buf_printf(&dv, "%s%s", desc ? desc : "", demo);
		json_object_set_new(b->site, "description", json_string(dv.ptr));
		buf_free(&dv);
	}
	if (demo && *demo && b->o->release)
		diag_error(b->d, path, site_yaml_line(b, "demo", -1),
			   _("a demonstration site (site.yaml 'demo:') is not for "
			     "release: remove 'demo:' once the data is the county's own"));
	free(path);
}

/* `sitegen check` also makes the leaflets, into a folder it then removes,
 * so a leaflet `build` would reject for its page count is caught here
 * (with the PDF cache, a leaflet that did not change costs nothing). */
static void check_leaflets(build *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->c.n_pages; i++)
		n += b->c.pages[i]->kind == KIND_LEAFLET;
	if (!n)
		return;
	if (!leaflet_pdf_available()) {
		diag_note(b->d, b->o->content_dir, 0,
			  _("leaflet page counts not checked: the PDF engine "
			    "is not installed (%s)"), "apt-get install weasyprint");
		return;
	}
	const char *t = getenv("TMPDIR");
	buf dir = BUF_INIT;
	buf_printf(&dir, "%s/mingbai-check-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(dir.ptr)) {
		diag_error(b->d, dir.ptr, 0, "cannot create: %s", strerror(errno));
		buf_free(&dir);
		return;
	}
	b->theme = template_set_new(template_dir_loader, (void *)b->o->theme_dir);
	b->tmp = buf_detach(&dir);
	build_leaflets(b);
	dir_remove(b->tmp);
	free(b->tmp);
	b->tmp = NULL;
}

static double now_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int site_build(const site_opts *o, diag *d, site_stats *st)
{
	build b = {.o = o, .d = d, .st = st};
	memset(st, 0, sizeof *st);
	pthread_mutex_init(&b.lock, NULL);
	double t0 = now_seconds();
	int rc = 1;
	int errors = d->errors;

	if (o->today) {
		if (!date_valid(o->today)) {
			diag_error(d, "--today", 0, "'%s' is not a date (YYYY-MM-DD)", o->today);
			goto done;
		}
		memcpy(b.today, o->today, 11);
	} else {
		time_t now = time(NULL);
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(b.today, sizeof b.today, "%Y-%m-%d", &tm);
	}
	b.tags = json_object();
	b.sitemap = json_array();

	/* site.yaml first: pages are rendered as they are read, so the site
	 * context, theme and output folder must be ready before the first */
	page_hook hook = NULL;
	int site_ok = content_load_site(&b.c, o->content_dir, d) == 0 &&
		      prepare_site(&b) == 0;
	if (site_ok && !o->check_only) {
		if (!dir_exists(o->theme_dir)) {
			diag_error(d, o->theme_dir, 0, "no such theme folder");
		} else {
			b.theme = template_set_new(template_dir_loader, (void *)o->theme_dir);
			remove_stale(o->out_dir);
			buf tmp = BUF_INIT;
			buf_printf(&tmp, "%s.tmp.%ld", o->out_dir, (long)getpid());
			b.tmp = buf_detach(&tmp);
			dir_remove(b.tmp);
			if (dir_make(b.tmp) < 0) {
				diag_error(d, b.tmp, 0, "cannot create: %s", strerror(errno));
				rc = 2;
				goto done;
			}
			/* compile before the loader threads start: template_get fills
			 * the set's cache, which is not locked. A template that
			 * does not compile fails the build here, before any page
			 * is rendered with it; pages are still read and checked. */
			buf err = BUF_INIT;
			if (template_get(b.theme, "single", &err) &&
			    template_get(b.theme, "faq-category", &err))
				hook = page_loaded;
			else
				theme_error(d, b.theme, err.ptr);
			buf_free(&err);
		}
	}
	if (b.c.policy) /* even when the rest of site.yaml is bad: report pages too */
		content_load_pages(&b.c, d, o->jobs, hook, &b);
	if (site_ok) {
		sort_notices_by_date(&b);
		register_urls(&b);
		check_links(&b);
		check_base_url(&b);
		check_key_dates(&b);
	}
	for (size_t i = 0; i < b.c.n_pages; i++) {
		page *p = b.c.pages[i];
		st->guides += p->kind == KIND_GUIDE;
		st->notices += p->kind == KIND_NOTICE;
		st->faq_pages += p->kind == KIND_FAQ;
		st->faq_entries += p->n_faq;
		st->leaflets += p->kind == KIND_LEAFLET;
	}
	st->drafts = b.c.n_drafts;
	if (d->errors > errors)
		goto done;
	if (o->check_only) {
		check_leaflets(&b);
		rc = d->errors > errors || d->warnings ? 1 : 0;
		goto done;
	}
	st->leaflets = 0;

	search_writer search;
	search_start(&b, &search);
	render_lists(&b);
	render_ask(&b);
	build_leaflets(&b);
	char *assets = path_join(o->theme_dir, "assets");
	copy_tree(&b, assets, "assets");
	free(assets);
	copy_favicon(&b);
	write_machine_files(&b);
	search_finish(&b, &search);

	if (d->errors > errors) {
		rc = b.io_failed ? 2 : 1;
		goto done;
	}
	if (dir_replace(b.tmp, o->out_dir) < 0) {
		diag_error(d, o->out_dir, 0, "cannot put the new site in place: %s",
			   strerror(errno));
		rc = 2;
		goto done;
	}
	rc = 0;
done:
	if (b.tmp) {
		if (rc != 0)
			dir_remove(b.tmp);
		free(b.tmp);
	}
	if (rc != 0 && d->errors == errors && !o->check_only)
		rc = 1;
	st->seconds = now_seconds() - t0;
	if (b.theme)
		template_set_free(b.theme);
	if (b.links.paths)
		links_free(&b.links);
	json_decref(b.site);
	json_decref(b.tags);
	json_decref(b.sitemap);
	content_free(&b.c);
	pthread_mutex_destroy(&b.lock);
	return rc;
}
