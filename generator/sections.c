#include "sections.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "context.h"
#include "date.h"
#include "file.h"
#include "i18n.h"
#include "json.h"
#include "leaflet.h"
#include "mem.h"
#include "output.h"

/* A list page's context: the page, and crumbs that lead home. */
static json_t *list_ctx(build *b, const char *title, const char *url,
			const char *description)
{
	json_t *ctx = context_base(b, title, url, description);
	context_crumbs(json_object_get(ctx, "page"), NULL, NULL);
	return ctx;
}

/* Render ctx into the page at url and let go of it. */
static int render(build *b, const char *name, json_t *ctx, const char *url,
		  const char *lastmod, buf *out)
{
	int rc = output_page(b, name, ctx, url, lastmod, out);
	json_decref(ctx);
	return rc;
}

/* ---- the list pages ------------------------------------------------------ */

static int page_home(build *b, buf *out)
{
	json_t *ctx = context_base(b, json_str(b->site, "title"), "/", NULL);
	json_object_set_new(ctx, "notices", context_notices(b, 0, 5));
	json_object_set_new(ctx, "top_questions", context_top_questions(b));
	return render(b, "home", ctx, "/", b->today, out);
}

static int page_guides(build *b, buf *out)
{
	json_t *ctx = list_ctx(b, context_section_title(b, KIND_GUIDE), "/guides/", NULL);
	json_t *pages = json_array();
	for (size_t i = 0; i < b->c.n_pages; i++)
		if (b->c.pages[i]->kind == KIND_GUIDE)
			json_array_append_new(pages, context_page_ref(b, b->c.pages[i]));
	json_object_set_new(ctx, "pages", pages);
	return render(b, "list", ctx, "/guides/", NULL, out);
}

/* The notices archive: [{year, notices}], newest year first. */
static int page_notices(build *b, buf *out)
{
	json_t *ctx = list_ctx(b, context_section_title(b, KIND_NOTICE), "/notices/", NULL);
	json_t *years = json_array(), *year = NULL;
	const char *cur = NULL; /* the date whose year `year` is */
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_NOTICE)
			continue;
		if (!year || strncmp(cur, p->date, 4)) {
			cur = p->date;
			year = json_object();
			json_object_set_new(year, "year", json_stringn(cur, 4));
			json_object_set_new(year, "notices", json_array());
			json_array_append_new(years, year);
		}
		json_array_append_new(json_object_get(year, "notices"), context_page_ref(b, p));
	}
	json_object_set_new(ctx, "years", years);
	return render(b, "notices", ctx, "/notices/", NULL, out);
}

/* An FAQ category on the index: its ref, its entries and their count. */
static json_t *faq_category(const build *b, const page *p)
{
	json_t *cat = context_page_ref(b, p);
	json_t *entries = json_array();
	for (size_t e = 0; e < p->n_faq; e++)
		json_array_append_new(entries, context_faq_entry_ref(p, &p->faq[e]));
	json_object_set_new(cat, "entries", entries);
	json_object_set_new(cat, "count", json_integer((json_int_t)p->n_faq));
	return cat;
}

static int page_faq(build *b, buf *out)
{
	json_t *ctx = list_ctx(b, context_section_title(b, KIND_FAQ), "/faq/", NULL);
	json_t *cats = json_array();
	size_t total = 0;
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		if (p->kind != KIND_FAQ)
			continue;
		json_array_append_new(cats, faq_category(b, p));
		total += p->n_faq;
	}
	json_object_set_new(ctx, "categories", cats);
	json_object_set_new(ctx, "total", json_integer((json_int_t)total));
	return render(b, "faq-index", ctx, "/faq/", NULL, out);
}

/* /tags/NAME/: the pages tagged name (idx: their indices in b->c.pages). */
static int page_tag(build *b, const char *name, const char *url, json_t *idx, buf *out)
{
	json_t *ctx = context_base(b, name, url, NULL);
	context_crumbs(json_object_get(ctx, "page"), context_page_title(b, PAGE_TAGS),
		       "/tags/");
	json_t *pages = json_array(), *pi;
	size_t k;
	json_array_foreach(idx, k, pi) {
		page *p = b->c.pages[json_integer_value(pi)];
		json_t *ref = context_page_ref(b, p);
		json_set_str(ref, "section", context_section_title(b, p->kind));
		json_array_append_new(pages, ref);
	}
	json_object_set_new(ctx, "pages", pages);
	return render(b, "tag", ctx, url, NULL, out);
}

/* /tags/ and a page for each tag. */
static int page_tags(build *b, buf *out)
{
	json_t *ctx = list_ctx(b, context_page_title(b, PAGE_TAGS), "/tags/",
			       context_page_description(b, PAGE_TAGS));
	json_t *tag_list = json_array();
	const char *name;
	json_t *idx;
	int rc = 0;
	json_object_foreach(b->tags, name, idx) {
		buf url = BUF_INIT;
		buf_printf(&url, "/tags/%s/", name);
		json_t *t = json_object();
		json_set_str(t, "name", name);
		json_set_str(t, "url", url.ptr);
		json_object_set_new(t, "count", json_integer((json_int_t)json_array_size(idx)));
		json_array_append_new(tag_list, t);
		rc |= page_tag(b, name, url.ptr, idx, out);
		buf_free(&url);
	}
	json_object_set_new(ctx, "tags", tag_list);
	rc |= render(b, "tags", ctx, "/tags/", NULL, out);
	return rc ? -1 : 0;
}

static int page_offices(build *b, buf *out)
{
	json_t *ctx = list_ctx(b, context_page_title(b, PAGE_OFFICES), "/offices/",
			       context_page_description(b, PAGE_OFFICES));
	return render(b, "offices", ctx, "/offices/", NULL, out);
}

static int page_404(build *b, buf *out)
{
	json_t *ctx = context_base(b, context_page_title(b, PAGE_NOT_FOUND), "/404.html",
				   context_page_description(b, PAGE_NOT_FOUND));
	return render(b, "404", ctx, "/404.html", NULL, out);
}

/* ---- the answer page ------------------------------------------------------ */

/* The theme's ask template rendered with the site around it, the answer
 * area (ask-answer.mustache, read from region_path) left as Mustache for
 * the bot server: into src. */
static int ask_template(build *b, const char *region_path, buf *src)
{
	buf region = BUF_INIT, err = BUF_INIT;
	int rc = -1;
	if (file_read(region_path, &region, 0) < 0) {
		diag_error(b->d, region_path, 0, _("cannot read: %s"), strerror(errno));
		goto done;
	}
	json_t *ctx = list_ctx(b, context_page_title(b, PAGE_ASK), "/ask/",
			       context_page_description(b, PAGE_ASK));
	json_object_set_new(ctx, "answer_region", json_stringn(region.ptr, region.len));
	json_object_set_new(ctx, "examples", context_top_questions(b));
	/* no floating ask button on the ask page itself */
	json_object_set_new(json_object_get(ctx, "page"), "is_ask", json_true());
	template *t = template_get(b->theme, "ask", &err);
	if (!t || template_render(t, ctx, src, &err) < 0)
		diag_error(b->d, b->o->theme_dir, 0, _("template ask: %s"), err.ptr);
	else
		rc = 0;
	json_decref(ctx);
done:
	buf_free(&region);
	buf_free(&err);
	return rc;
}

/* The static /ask/ page: the bot's template rendered with no question. */
static int ask_static(build *b, const char *region_path, const buf *src, buf *out)
{
	buf err = BUF_INIT;
	int rc = -1;
	template_set *one = template_set_new(NULL, NULL);
	template *t = template_compile(one, "_bot/ask.mustache", src->ptr, src->len, &err);
	json_t *empty = json_object();
	json_object_set_new(empty, "has_query", json_false());
	json_set_str(empty, "hotline", json_str(b->site, "hotline"));
	buf_reset(out);
	if (!t || template_render(t, empty, out, &err) < 0) {
		diag_error(b->d, region_path, 0, _("the ask page is not a valid template: %s"),
			   err.ptr);
	} else if (output_write(b, "ask/index.html", out->ptr, out->len) == 0) {
		output_sitemap_add(b, "/ask/", NULL);
		rc = 0;
	}
	json_decref(empty);
	template_set_free(one);
	buf_free(&err);
	return rc;
}

/* public/_bot/ask.mustache, compiled once when the bot server starts, and
 * the static /ask/ page made from it. */
static int page_ask(build *b, buf *out)
{
	buf src = BUF_INIT;
	char *region_path = path_join(b->o->theme_dir, "ask-answer.mustache");
	int rc = ask_template(b, region_path, &src);
	if (rc == 0)
		rc = output_write(b, "_bot/ask.mustache", src.ptr, src.len);
	if (rc == 0)
		rc = ask_static(b, region_path, &src, out);
	free(region_path);
	buf_free(&src);
	return rc;
}

/* ---- leaflets ----------------------------------------------------------- */

/* What the leaflet engine needs for page p, whose context and body HTML
 * the caller keeps alive until the engine is done. */
static leaflet_job leaflet_job_for(build *b, page *p, json_t *ctx, const char *body)
{
	const char *mp = json_str(p->fm, "max_pages");
	return (leaflet_job){
		.src_path = p->path,
		.slug = p->slug,
		.title = p->title,
		.layout = json_str(p->fm, "layout"),
		.paper = json_str(p->fm, "paper"),
		.max_pages = mp ? atoi(mp) : 0,
		.body_html = body,
		.page = json_object_get(ctx, "page"),
		.site = b->site,
		.theme = b->theme,
		.theme_dir = b->o->theme_dir,
		.out_dir = b->tmp,
		.today = b->today,
		.cache_dir = b->o->cache_dir,
	};
}

/* The engine's info for leaflet p, completed for the leaflets page. */
static void leaflet_info(build *b, json_t *info, const page *p)
{
	json_t *ref = context_page_ref(b, p);
	json_object_update_missing(info, ref);
	json_decref(ref);
	/* 致家长的一封信：致家长的一封信 — the kind of leaflet only where the
	 * title does not already say it */
	const char *kind = json_str(info, "layout_name");
	if (kind && *kind && strstr(p->title, kind))
		json_object_del(info, "layout_name");
	output_sitemap_add(b, p->url, p->updated ? p->updated : p->date);
}

/* Every leaflet's print files and PDFs, their infos into infos. Returns the
 * engine's failure count (0: all made). */
static int make_leaflets(build *b, json_t *infos)
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
		ctxs[k] = context_page(b, p);
		buf html = BUF_INIT;
		md_render_html(p->md, &html);
		bodies[k] = buf_detach(&html);
		pages[k] = p;
		jobs[k] = leaflet_job_for(b, p, ctxs[k], bodies[k]);
		k++;
	}
	int failed = n ? leaflet_build_all(jobs, n, infos, b->d) : 0;
	for (k = 0; k < n; k++) {
		leaflet_info(b, json_array_get(infos, k), pages[k]);
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
	return failed;
}

static int page_leaflets(build *b, buf *out)
{
	json_t *infos = json_array();
	int failed = make_leaflets(b, infos);
	json_t *ctx = list_ctx(b, context_page_title(b, PAGE_LEAFLETS), "/leaflets/",
			       context_page_description(b, PAGE_LEAFLETS));
	json_object_set_new(ctx, "leaflets", infos);
	json_object_set_new(ctx, "pdf_skipped", json_boolean(b->st->pdf_skipped));
	int rc = render(b, "leaflets", ctx, "/leaflets/", NULL, out);
	return failed || rc < 0 ? -1 : 0;
}

/* ---- all of them ---------------------------------------------------------- */

static int (*const section_pages[])(build *b, buf *out) = {
	page_home, page_guides, page_notices, page_faq, page_tags,
	page_offices, page_404, page_ask, page_leaflets,
};

int sections_render(build *b)
{
	buf out = BUF_INIT;
	int rc = 0;
	for (size_t i = 0; i < sizeof section_pages / sizeof *section_pages; i++)
		if (section_pages[i](b, &out) < 0)
			rc = -1;
	buf_free(&out);
	return rc;
}

int sections_leaflets(build *b)
{
	buf out = BUF_INIT;
	int rc = page_leaflets(b, &out);
	buf_free(&out);
	return rc;
}

/* Newest first. A notice whose source gives only the year (2024) or the
 * month (2024-07) sorts as the start of that period (as the feed dates
 * it), after every notice with a day in it: nothing says it came later,
 * and a parent reads the top of a year as its latest news. Then by title
 * and file, so equal dates keep one order from build to build. */
static int cmp_date_desc(const void *va, const void *vb)
{
	const page *a = *(page *const *)va, *b = *(page *const *)vb;
	int c = date_cmp(b->date ? b->date : "", a->date ? a->date : "");
	if (!c)
		c = strcmp(a->title ? a->title : "", b->title ? b->title : "");
	return c ? c : strcmp(a->path, b->path);
}

void sections_sort_notices(build *b)
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
