#include "context.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "date.h"
#include "file.h"
#include "i18n.h"
#include "json.h"
#include "utf8.h"

/* ---- dates --------------------------------------------------------------- */

/* obj[key] = iso and obj[key_cn] = its Chinese form ("" for an invalid
 * date), when iso is set. */
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

static int expired(const build *b, const page *p)
{
	return p->valid_until && date_over(p->valid_until, b->today);
}

/* ---- the site object ------------------------------------------------------ */

/* site.base_url (the option's over site.yaml's, ending in '/') and
 * site.base_host, what is printed beside a QR code. */
static int site_base_url(build *b)
{
	json_t *s = b->site;
	const char *base = b->o->base_url ? b->o->base_url : json_str(s, "base_url");
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
	/* the URL without its scheme */
	const char *host = strstr(u.ptr, "://") + 3;
	json_object_set_new(s, "base_host", json_string(host));
	buf_free(&u);
	return 0;
}

static void site_today(build *b)
{
	json_t *s = b->site;
	json_object_set_new(s, "today", json_string(b->today));
	json_object_set_new(s, "year", json_integer(atoi(b->today)));
	buf cn = BUF_INIT;
	date_cn(&cn, b->today);
	json_object_set_new(s, "today_cn", json_string(cn.ptr));
	buf_free(&cn);
}

/* The first hotline with a number is "the" hotline of widget and bot. */
static int site_hotline(build *b)
{
	json_t *s = b->site, *h;
	size_t i;
	json_array_foreach(json_object_get(s, "hotlines"), i, h) {
		const char *phone = json_str(h, "phone");
		if (phone && *phone) {
			json_set_str(s, "hotline", phone);
			json_set_str(s, "hotline_name", json_str(h, "name"));
			break;
		}
	}
	if (!json_object_get(s, "hotline")) {
		diag_error(b->d, "content/site.yaml", 0,
			   "hotlines: at least one needs a phone number");
		return -1;
	}
	return 0;
}

/* site.bot with api_base and origins always there. */
static void site_bot(build *b)
{
	json_t *bot = json_object_get(b->site, "bot");
	if (!json_is_object(bot)) {
		bot = json_object();
		json_object_set_new(b->site, "bot", bot);
	}
	json_object_set_new(bot, "api_base", json_string(json_str_or(bot, "api_base", "")));
	if (!json_is_array(json_object_get(bot, "origins")))
		json_object_set_new(bot, "origins", json_array());
}

/* The title of each section (pages, breadcrumbs, the feed) from site.yaml:
 * sections: {guides: …, notices: …, faq: …, leaflets: …}, all required. */
static int site_sections(build *b)
{
	json_t *sections = json_object_get(b->site, "sections");
	char *path = path_join(b->o->content_dir, "site.yaml");
	int line = content_site_line(&b->c, "sections", -1);
	int rc = 0;
	if (!json_is_object(sections)) {
		diag_error(b->d, path, line,
			   _("site.yaml needs 'sections:', the title of each section: "
			     "guides, notices, faq and leaflets"));
		free(path);
		return -1;
	}
	for (int k = 0; k < KIND_COUNT; k++) {
		const char *title = json_str(sections, kind_dir(k));
		if (!title || !*title) {
			diag_error(b->d, path, line,
				   _("sections.%s needs a title: the name of that section "
				     "on its pages and in their breadcrumbs"), kind_dir(k));
			rc = -1;
		}
		b->section_title[k] = title;
	}
	free(path);
	return rc;
}

static const char *const site_page_names[SITE_PAGE_COUNT] = {
	"offices", "ask", "leaflets", "tags", "not_found",
};

/* The title (required) and description (optional) of the pages that are
 * not in content/, from site.yaml: pages: {offices: {title, description},
 * …}. */
static int site_pages(build *b)
{
	json_t *pages = json_object_get(b->site, "pages");
	char *path = path_join(b->o->content_dir, "site.yaml");
	int line = content_site_line(&b->c, "pages", -1);
	int rc = 0;
	if (!json_is_object(pages)) {
		diag_error(b->d, path, line,
			   _("site.yaml needs 'pages:', the title of each page that is not "
			     "in content/: offices, ask, leaflets, tags and not_found"));
		free(path);
		return -1;
	}
	for (int k = 0; k < SITE_PAGE_COUNT; k++) {
		json_t *pg = json_object_get(pages, site_page_names[k]);
		const char *title = json_str(pg, "title");
		const char *desc = json_str(pg, "description");
		if (!title || !*title) {
			diag_error(b->d, path, line,
				   _("pages.%s needs a title: the name of that page in the "
				     "browser's tab, its heading and its breadcrumbs"),
				   site_page_names[k]);
			rc = -1;
		}
		b->page_title[k] = title;
		b->page_description[k] = desc && *desc ? desc : NULL;
	}
	free(path);
	return rc;
}

int context_site(build *b)
{
	b->site = json_deep_copy(b->c.site);
	if (site_base_url(b) < 0)
		return -1;
	site_today(b);
	if (site_hotline(b) < 0 || site_sections(b) < 0 || site_pages(b) < 0)
		return -1;
	site_bot(b);
	return 0;
}

/* ---- any page ------------------------------------------------------------- */

const char *context_section_title(const build *b, page_kind k)
{
	return b->section_title[k];
}

const char *context_page_title(const build *b, site_page p)
{
	return b->page_title[p];
}

const char *context_page_description(const build *b, site_page p)
{
	return b->page_description[p];
}

static char *permalink(const build *b, const char *url)
{
	buf p = BUF_INIT;
	buf_puts(&p, json_str(b->site, "base_url"));
	while (p.len && p.ptr[p.len - 1] == '/')
		buf_truncate(&p, p.len - 1);
	buf_puts(&p, url);
	return buf_detach(&p);
}

/* nav items with "current" set for the section of url */
static json_t *nav_for(const build *b, const char *url)
{
	json_t *nav = json_array(), *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, "nav"), i, item) {
		json_t *copy = json_copy(item);
		const char *u = json_str(item, "url");
		int cur = u && (!strcmp(u, url) ||
				(strcmp(u, "/") && !strncmp(url, u, strlen(u))));
		json_object_set_new(copy, "current", json_boolean(cur));
		json_array_append_new(nav, copy);
	}
	return nav;
}

json_t *context_base(build *b, const char *title, const char *url,
		     const char *description)
{
	json_t *ctx = json_object();
	json_object_set(ctx, "site", b->site);
	json_t *pg = json_object();
	json_set_str(pg, "title", title);
	json_set_str(pg, "url", url);
	char *link = permalink(b, url);
	json_set_str(pg, "permalink", link);
	free(link);
	json_set_str(pg, "description",
		     description ? description : json_str(b->site, "description"));
	json_object_set_new(pg, "is_home", json_boolean(!strcmp(url, "/")));
	json_object_set_new(ctx, "page", pg);
	json_object_set_new(ctx, "nav", nav_for(b, url));
	return ctx;
}

void context_crumbs(json_t *page, const char *section_title, const char *section_url)
{
	json_t *crumbs = json_array();
	if (section_title) {
		json_t *sec = json_object();
		json_set_str(sec, "title", section_title);
		json_set_str(sec, "url", section_url);
		json_array_append_new(crumbs, sec);
	}
	json_object_set_new(page, "breadcrumbs", crumbs);
	json_object_set_new(page, "has_breadcrumbs", json_true());
}

/* ---- a content page ------------------------------------------------------- */

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

/* page.section_title, section_url and the crumbs that lead there */
static void page_section(const build *b, const page *p, json_t *pg)
{
	const char *title = context_section_title(b, p->kind);
	buf url = BUF_INIT;
	buf_printf(&url, "/%s/", kind_dir(p->kind));
	context_crumbs(pg, title, url.ptr);
	json_set_str(pg, "section_title", title);
	json_set_str(pg, "section_url", url.ptr);
	buf_free(&url);
}

/* page.tags: [{name, url}] from the front matter, and has_tags */
static void page_tags(const page *p, json_t *pg)
{
	json_t *tags = json_array(), *t;
	size_t i;
	json_array_foreach(json_object_get(p->fm, "tags"), i, t) {
		if (!json_is_string(t))
			continue;
		json_t *tag = json_object();
		json_set_str(tag, "name", json_string_value(t));
		buf u = BUF_INIT;
		buf_printf(&u, "/tags/%s/", json_string_value(t));
		json_set_str(tag, "url", u.ptr);
		buf_free(&u);
		json_array_append_new(tags, tag);
	}
	json_object_set_new(pg, "has_tags", json_boolean(json_array_size(tags) > 0));
	json_object_set_new(pg, "tags", tags);
}

/* page.toc: the ## and ### headings; has_toc when there are three or more
 * sections, unless the page says toc: false (never on FAQ pages) */
static void page_toc(const page *p, json_t *pg)
{
	json_t *toc = json_array();
	size_t h2 = 0;
	for (size_t k = 0; k < p->md->n_headings; k++) {
		md_heading *h = &p->md->headings[k];
		if (h->level < 2 || h->level > 3)
			continue;
		h2 += h->level == 2;
		json_t *e = json_object();
		json_set_str(e, "id", h->id);
		json_set_str(e, "text", h->text);
		json_object_set_new(e, "sub", json_boolean(h->level == 3));
		json_array_append_new(toc, e);
	}
	int want = !json_is_false(json_object_get(p->fm, "toc")) && h2 >= 3 &&
		   p->kind != KIND_FAQ;
	json_object_set_new(pg, "has_toc", json_boolean(want));
	json_object_set_new(pg, "toc", toc);
}

json_t *context_page(build *b, page *p)
{
	char *desc = p->summary ? NULL : first_text(p, 80);
	json_t *ctx = context_base(b, p->title, p->url, p->summary ? p->summary : desc);
	free(desc);
	json_t *pg = json_object_get(ctx, "page");
	json_object_update_missing(pg, p->fm);
	json_set_str(pg, "kind", kind_dir(p->kind));
	json_object_set_new(pg, "is_notice", json_boolean(p->kind == KIND_NOTICE));
	set_date(pg, "date", p->date);
	set_date(pg, "updated", p->updated);
	set_date(pg, "valid_until", p->valid_until);
	json_object_set_new(pg, "expired", json_boolean(expired(b, p)));
	page_section(b, p, pg);
	page_tags(p, pg);
	json_object_set_new(pg, "has_sources",
			    json_boolean(json_array_size(json_object_get(p->fm, "sources")) > 0));
	page_toc(p, pg);

	buf html = BUF_INIT;
	md_render_html(p->md, &html);
	/* cmark's output from valid UTF-8 is valid UTF-8: Jansson's check of
	 * every page's HTML again was a seventh of the build */
	json_object_set_new(pg, "content", json_stringn_nocheck(html.ptr, html.len));
	buf_free(&html);
	return ctx;
}

/* ---- refs: what lists hold ---------------------------------------------- */

json_t *context_page_ref(const build *b, const page *p)
{
	json_t *r = json_object();
	json_set_str(r, "title", p->title);
	json_set_str(r, "url", p->url);
	json_set_str(r, "summary", p->summary);
	set_date(r, "date", p->date);
	set_date(r, "updated", p->updated);
	json_set_str(r, "doc_number", json_str(p->fm, "doc_number"));
	json_object_set_new(r, "expired", json_boolean(expired(b, p)));
	return r;
}

json_t *context_faq_entry_ref(const page *p, const faq_entry *e)
{
	json_t *r = json_object();
	json_set_str(r, "question", e->question);
	buf u = BUF_INIT;
	buf_printf(&u, "%s#%s", p->url, e->id);
	json_set_str(r, "url", u.ptr);
	buf_free(&u);
	json_set_str(r, "category", p->title);
	return r;
}

json_t *context_notices(const build *b, int include_expired, size_t max)
{
	json_t *list = json_array();
	for (size_t i = 0; i < b->c.n_pages && json_array_size(list) < max; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_NOTICE || (!include_expired && expired(b, p)))
			continue;
		json_array_append_new(list, context_page_ref(b, p));
	}
	return list;
}

/* The entries of FAQ pages whose "URL#id" is url. */
static void add_entries_at(const build *b, const char *url, json_t *list)
{
	for (size_t k = 0; k < b->c.n_pages; k++) {
		page *p = b->c.pages[k];
		size_t n = strlen(p->url);
		if (p->kind != KIND_FAQ || strncmp(url, p->url, n) || url[n] != '#')
			continue;
		for (size_t e = 0; e < p->n_faq; e++)
			if (!strcmp(p->faq[e].id, url + n + 1))
				json_array_append_new(list, context_faq_entry_ref(p, &p->faq[e]));
	}
}

json_t *context_top_questions(const build *b)
{
	json_t *list = json_array(), *item;
	size_t i;
	json_array_foreach(json_object_get(b->site, "top_questions"), i, item) {
		const char *url = json_string_value(item);
		if (url)
			add_entries_at(b, url, list);
	}
	if (json_array_size(list))
		return list;
	/* none chosen: the first question of each category */
	for (size_t k = 0; k < b->c.n_pages && json_array_size(list) < 8; k++) {
		page *p = b->c.pages[k];
		if (p->kind == KIND_FAQ && p->n_faq)
			json_array_append_new(list, context_faq_entry_ref(p, &p->faq[0]));
	}
	return list;
}
