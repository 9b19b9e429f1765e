#include "checks.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "i18n.h"
#include "json.h"
#include "leaflet.h"
#include "mem.h"
#include "sections.h"

/* ---- URLs and links ------------------------------------------------------ */

static const char *const fixed_urls[] = {
	"/", "/guides/", "/notices/", "/faq/", "/tags/", "/offices/", "/ask/",
	"/leaflets/", "/search.json", "/feed.xml", "/sitemap.xml", "/robots.txt",
	"/404.html"};

/* Page i's tags into the tag index, each new tag's page into the links. */
static void index_tags(build *b, size_t i)
{
	page *p = b->c.pages[i];
	json_t *t;
	size_t k;
	json_array_foreach(json_object_get(p->fm, "tags"), k, t) {
		const char *name = json_string_value(t);
		if (!name)
			continue;
		if (strchr(name, '/')) {
			diag_error(b->d, p->path, 0, _("tag '%s' may not contain '/'"), name);
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

/* Page p's URL, its headings' anchors and its PDF, if it is a leaflet. */
static void add_page_urls(build *b, const page *p)
{
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
}

void checks_urls(build *b)
{
	links_init(&b->links);
	for (size_t i = 0; i < sizeof fixed_urls / sizeof *fixed_urls; i++)
		links_add(&b->links, fixed_urls[i]);
	for (size_t i = 0; i < b->c.n_pages; i++) {
		add_page_urls(b, b->c.pages[i]);
		index_tags(b, i);
	}
}

static void check_site_links(build *b, const char *key)
{
	json_t *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, key), i, item) {
		const char *url = json_is_string(item) ? json_string_value(item)
						       : json_str(item, "url");
		if (url && url[0] == '/' && url[1] != '/')
			links_check(&b->links, url, "/", "content/site.yaml", 0, b->d);
	}
}

void checks_links(build *b)
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

/* ---- site.yaml a clerk needs right (issue 12) ---------------------------- */

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

static size_t count_leaflets(const build *b)
{
	size_t n = 0;
	for (size_t i = 0; i < b->c.n_pages; i++)
		n += b->c.pages[i]->kind == KIND_LEAFLET;
	return n;
}

/* base_url is printed into every leaflet's QR codes: on a loopback or
 * private address they lead nowhere from a parent's phone. A warning (a
 * trial build on one's own machine is fine); an error for --release. */
void checks_base_url(build *b)
{
	const char *base = json_str(b->site, "base_url");
	if (!count_leaflets(b) || !base || !private_host(base))
		return;
	char *path = b->o->base_url ? xstrdup("--base-url")
				    : path_join(b->o->content_dir, "site.yaml");
	int line = b->o->base_url ? 0 : content_site_line(&b->c, "base_url", -1);
	const char *msg = _("base_url '%s' is a local address: the QR codes on the "
			    "leaflets would lead nowhere from a parent's phone; set the "
			    "site's public address");
	const char *demo = json_str(b->site, "demo");
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

/* Key date i (e), from year y, is marked for the home page (year,
 * past_year: the theme says which year it is for); the clerk is told. */
static void past_key_date(build *b, const char *path, json_t *e, size_t i, int y)
{
	const char *label = json_str(e, "label");
	const char *demo = json_str(b->site, "demo");
	int year = atoi(b->today);
	int line = content_site_line(&b->c, "key_dates", (int)i);
	json_object_set_new(e, "year", json_integer(y));
	json_object_set_new(e, "past_year", json_true());
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

/* The home page lists key_dates as this year's. One whose year is before
 * the build's is not: the home page then says which year it is for, and
 * the clerk is told to put in this year's (a warning; only a note on a
 * site.yaml that says `demo:`, whose data is old on purpose). */
void checks_key_dates(build *b)
{
	int year = atoi(b->today);
	const char *demo = json_str(b->site, "demo");
	json_t *e;
	size_t i;
	char *path = path_join(b->o->content_dir, "site.yaml");
	json_array_foreach(json_object_get(b->site, "key_dates"), i, e) {
		const char *value = json_str(e, "value");
		int y = value ? year_in(value) : 0;
		if (y && y < year)
			past_key_date(b, path, e, i, y);
	}
	/* The demo says so where every visitor reads first. */
	const char *desc = json_str(b->site, "description");
	if (demo && *demo) {
		buf dv = BUF_INIT;
		buf_printf(&dv, "%s%s", desc ? desc : "", demo);
		json_object_set_new(b->site, "description", json_string(dv.ptr));
		buf_free(&dv);
	}
	if (demo && *demo && b->o->release)
		diag_error(b->d, path, content_site_line(&b->c, "demo", -1),
			   _("a demonstration site (site.yaml 'demo:') is not for "
			     "release: remove 'demo:' once the data is the county's own"));
	free(path);
}

/* ---- leaflets -------------------------------------------------------------- */

/* `sitegen check` also makes the leaflets, into a folder it then removes,
 * so a leaflet `build` would reject for its page count is caught here
 * (with the PDF cache, a leaflet that did not change costs nothing). */
void checks_leaflets(build *b)
{
	if (!count_leaflets(b))
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
		diag_error(b->d, dir.ptr, 0, _("cannot create: %s"), strerror(errno));
		buf_free(&dir);
		return;
	}
	b->theme = template_set_new(template_dir_loader, (void *)b->o->theme_dir);
	b->tmp = buf_detach(&dir);
	sections_leaflets(b);
	dir_remove(b->tmp);
	free(b->tmp);
	b->tmp = NULL;
}
