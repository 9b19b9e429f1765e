#include "leaflet.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "date.h"
#include "escape.h"
#include "i18n.h"
#include "file.h"
#include "fontsub.h"
#include "impose.h"
#include "json.h"
#include "mem.h"
#include "pdf.h"
#include "pdfcache.h"
#include "qr.h"

/* The context of print/LAYOUT.mustache:
 *   site, page             as the job gives them
 *   title, layout ("card"), layout_name (site.yaml leaflet_layouts: what
 *                          the county calls it, "政策明白卡"), paper ("A4"),
 *   page_size              the CSS @page size ("A4", "A4 landscape")
 *   css                    print/print.css, to inline in a <style>
 *   body                   the Markdown as HTML
 *   panel1 … panel6        trifold: body split at its --- lines, in reading
 *                          order (cover, inside left, middle, right, the
 *                          flap that folds in, back)
 *   toc                    booklet: [{id, title}] for each ## heading
 *   qr_page_src, page_url, page_url_short   the leaflet's page on the site
 *   qr_ask_src, ask_url, ask_url_short      the question bot
 *                          (_src: the QR code as a data: URI for <img>;
 *                          qr_page_svg, qr_ask_svg: the same as inline SVG;
 *                          each SVG's aria-label is site.yaml's
 *                          qr_labels.page or .ask, none when not given)
 *   pdf_url, date_cn ("2024年7月1日"), sender (page.sender or site.owner)
 */

typedef struct layout_spec {
	const char *name; /* site.yaml leaflet_layouts: names it to parents */
	const char *paper; /* the default */
	int landscape;
	int a5_only;
	int panels; /* body parts split at <hr />, 0: one flow */
} layout_spec;

static const layout_spec layouts[] = {
	{"card", "A4", 0, 0, 0},
	{"letter", "A4", 0, 0, 0},
	{"trifold", "A4", 1, 0, 6},
	{"booklet", "A5", 0, 1, 0},
};

/* Portrait width and height in points. */
static int paper_size(const char *paper, double *w, double *h)
{
	if (strcmp(paper, "A4") == 0) {
		*w = 595.28, *h = 841.89;
		return 0;
	}
	if (strcmp(paper, "A5") == 0) {
		*w = 419.53, *h = 595.28;
		return 0;
	}
	return -1;
}

/* A thumbnail is this tall, whatever the paper's shape. */
#define THUMB_HEIGHT 300

struct leaflet_run {
	const leaflet_job *job;
	const layout_spec *lay;
	const char *paper;
	char *html_path, *pdf_path, *png_path, *imposed_path;
	json_t *info;
	char *html;  /* the print HTML, until the engine starts (fontsub) */
	pdf_run pdf;
	int started; /* the engine is running */
	int failed;  /* reported: the engine could not start */
	char *key;    /* the cache key of html, when caching */
	json_t *facts; /* from the cache: the files are in place already */
	pdfcache *cache; /* borrowed; NULL: no cache */
};

static void run_free(leaflet_run *r)
{
	free(r->html_path);
	free(r->pdf_path);
	free(r->png_path);
	free(r->imposed_path);
	free(r->html);
	free(r->key);
	json_decref(r->info);
	json_decref(r->facts);
	free(r);
}

static const char *str_field(const json_t *obj, const char *key)
{
	const json_t *v = json_object_get(obj, key);
	return json_is_string(v) ? json_string_value(v) : NULL;
}

/* base_url + path, with bytes a URL cannot carry percent-encoded (a path
 * may hold a Chinese slug; '%' already there is kept). */
static void absolute_url(buf *out, const char *base, const char *path)
{
	size_t n = strlen(base);
	while (n && base[n - 1] == '/')
		n--;
	buf_put(out, base, n);
	if (*path != '/')
		buf_putc(out, '/');
	escape_url(out, path, strlen(path), URL_KEEP_ASCII);
}

/* What to print beside a QR code: the address without its scheme, with a
 * Chinese path left readable. */
static const char *short_url(const char *base, const char *path, buf *out)
{
	const char *b = base;
	if (strncmp(b, "https://", 8) == 0)
		b += 8;
	else if (strncmp(b, "http://", 7) == 0)
		b += 7;
	size_t n = strlen(b);
	while (n && b[n - 1] == '/')
		n--;
	buf_put(out, b, n);
	if (*path != '/')
		buf_putc(out, '/');
	buf_puts(out, path);
	return out->ptr;
}

/* The letter's date: iso in Chinese ("2024年7月1日", or "2024年7月",
 * "2024年" for a partial date), other text as it is;
 * NULL is today (job->today, or the clock). */
static void letter_date(const char *iso, const char *today, buf *out)
{
	char now[11];
	if (!iso && !today) {
		date_today(now);
		today = now;
	}
	if (!iso)
		iso = today;
	if (date_cn(out, iso) < 0)
		buf_puts(out, iso);
}

/* Split body_html at its thematic breaks into panel1 … panelN. Returns the
 * number of parts found. */
static int split_panels(json_t *ctx, const char *html, int max)
{
	int n = 0;
	const char *p = html;
	for (;;) {
		const char *hr = strstr(p, "<hr />");
		size_t len = hr ? (size_t)(hr - p) : strlen(p);
		n++;
		if (n <= max) {
			char key[16];
			snprintf(key, sizeof key, "panel%d", n);
			json_object_set_new(ctx, key, json_stringn(p, len));
		}
		if (!hr)
			break;
		p = hr + 6;
		if (*p == '\n')
			p++;
	}
	for (int i = n + 1; i <= max; i++) {
		char key[16];
		snprintf(key, sizeof key, "panel%d", i);
		json_object_set_new(ctx, key, json_string(""));
	}
	return n;
}

/* The ## headings of body_html as [{id, title}], title with its inline tags
 * dropped. Both stay HTML-escaped as the renderer wrote them. */
static json_t *contents(const char *html)
{
	json_t *toc = json_array();
	const char *p = html;
	while ((p = strstr(p, "<h2 id=\"")) != NULL) {
		const char *id = p + 8, *id_end = strchr(id, '"');
		const char *text = id_end ? strchr(id_end, '>') : NULL;
		const char *end = text ? strstr(text, "</h2>") : NULL;
		if (!end)
			break;
		buf title = BUF_INIT;
		int in_tag = 0;
		for (const char *c = text + 1; c < end; c++) {
			if (*c == '<')
				in_tag = 1;
			else if (*c == '>')
				in_tag = 0;
			else if (!in_tag)
				buf_putc(&title, *c);
		}
		json_t *e = json_object();
		json_object_set_new(e, "id", json_stringn(id, (size_t)(id_end - id)));
		json_object_set_new(e, "title", json_string(title.ptr));
		json_array_append_new(toc, e);
		buf_free(&title);
		p = end;
	}
	return toc;
}

/* KEY_svg (inline, for the screen) and KEY_src (a data: URI for <img>,
 * which is what the print templates use). */
static int add_qr(json_t *ctx, const char *key, const char *url,
		  const char *label)
{
	buf b = BUF_INIT, name = BUF_INIT;
	int rc = qr_svg(&b, url, label);
	if (rc > 0) {
		buf_printf(&name, "%s_svg", key);
		json_object_set_new(ctx, name.ptr, json_string(b.ptr));
		buf_reset(&b);
		qr_svg_uri(&b, url, label);
		buf_reset(&name);
		buf_printf(&name, "%s_src", key);
		json_object_set_new(ctx, name.ptr, json_string(b.ptr));
	}
	buf_free(&b);
	buf_free(&name);
	return rc > 0 ? 0 : -1;
}

/* What the county calls the layout (site.yaml leaflet_layouts:), if it
 * names it. */
static void set_layout_name(json_t *obj, const json_t *site, const char *layout)
{
	const char *s = json_str(json_object_get(site, "leaflet_layouts"), layout);
	if (s && *s)
		json_object_set_new(obj, "layout_name", json_string(s));
}

/* What a screen reader calls a QR code (site.yaml qr_labels.page or .ask),
 * if the county names it: the words are the site's, not the code's. */
static const char *qr_label(const json_t *site, const char *which)
{
	const char *s = json_str(json_object_get(site, "qr_labels"), which);
	return s && *s ? s : NULL;
}

static json_t *make_context(const leaflet_run *r, const char *css, diag *d)
{
	const leaflet_job *job = r->job;
	const char *path = job->src_path;
	json_t *ctx = json_object();
	buf tmp = BUF_INIT, page_url = BUF_INIT, ask_url = BUF_INIT;

	json_object_set_new(ctx, "site", json_incref((json_t *)job->site));
	json_object_set_new(ctx, "page", json_incref((json_t *)job->page));
	json_object_set_new(ctx, "title", json_string(job->title));
	json_object_set_new(ctx, "layout", json_string(r->lay->name));
	set_layout_name(ctx, job->site, r->lay->name);
	json_object_set_new(ctx, "paper", json_string(r->paper));
	buf_printf(&tmp, "%s%s", r->paper, r->lay->landscape ? " landscape" : "");
	json_object_set_new(ctx, "page_size", json_string(tmp.ptr));
	json_object_set_new(ctx, "css", json_string(css));
	json_object_set_new(ctx, "body", json_string(job->body_html));

	const char *base = str_field(job->site, "base_url");
	if (!base)
		base = "/";
	const char *url = str_field(job->page, "url");
	buf_reset(&tmp);
	if (!url) {
		buf_printf(&tmp, "/leaflets/%s/", job->slug);
		url = tmp.ptr;
	}
	absolute_url(&page_url, base, url);
	json_object_set_new(ctx, "page_url", json_string(page_url.ptr));
	buf short_page = BUF_INIT;
	json_object_set_new(ctx, "page_url_short",
			    json_string(short_url(base, url, &short_page)));
	buf_free(&short_page);
	const char *ask = str_field(job->site, "ask_url");
	if (!ask)
		ask = "/ask/";
	absolute_url(&ask_url, base, ask);
	json_object_set_new(ctx, "ask_url", json_string(ask_url.ptr));
	buf short_ask = BUF_INIT;
	json_object_set_new(ctx, "ask_url_short",
			    json_string(short_url(base, ask, &short_ask)));
	buf_free(&short_ask);
	if (add_qr(ctx, "qr_page", page_url.ptr, qr_label(job->site, "page")) < 0 ||
	    add_qr(ctx, "qr_ask", ask_url.ptr, qr_label(job->site, "ask")) < 0) {
		diag_error(d, path, 0, _("URL too long for a QR code: %s"),
			   page_url.ptr);
		goto fail;
	}
	buf_reset(&tmp);
	buf_printf(&tmp, "/leaflets/%s.pdf", job->slug);
	json_object_set_new(ctx, "pdf_url", json_string(tmp.ptr));

	buf_reset(&tmp);
	const char *date = str_field(job->page, "date");
	letter_date(date ? date : str_field(job->page, "updated"), job->today, &tmp);
	json_object_set_new(ctx, "date_cn", json_string(tmp.ptr));
	const char *sender = str_field(job->page, "sender");
	if (!sender)
		sender = str_field(job->site, "owner");
	json_object_set_new(ctx, "sender", json_string(sender ? sender : ""));

	if (r->lay->panels) {
		int n = split_panels(ctx, job->body_html, r->lay->panels);
		if (n > r->lay->panels) {
			diag_error(d, path, 0,
				   _("a %s has %d panels, this one has %d: "
				   "separate them with --- lines"),
				   r->lay->name, r->lay->panels, n);
			goto fail;
		}
	}
	if (strcmp(r->lay->name, "booklet") == 0)
		json_object_set_new(ctx, "toc", contents(job->body_html));
	buf_free(&tmp);
	buf_free(&page_url);
	buf_free(&ask_url);
	return ctx;
fail:
	json_decref(ctx);
	buf_free(&tmp);
	buf_free(&page_url);
	buf_free(&ask_url);
	return NULL;
}

static void info_base(leaflet_run *r)
{
	const leaflet_job *job = r->job;
	json_t *i = json_object();
	buf b = BUF_INIT;
	json_object_set_new(i, "slug", json_string(job->slug));
	json_object_set_new(i, "title", json_string(job->title));
	json_object_set_new(i, "layout", json_string(r->lay->name));
	set_layout_name(i, job->site, r->lay->name);
	json_object_set_new(i, "paper", json_string(r->paper));
	json_object_set_new(i, "landscape", json_boolean(r->lay->landscape));
	buf_printf(&b, "/leaflets/%s/", job->slug);
	json_object_set_new(i, "url", json_string(b.ptr));
	json_object_set_new(i, "max_pages", job->max_pages > 0
						    ? json_integer(job->max_pages)
						    : json_null());
	json_object_set_new(i, "pdf", json_null());
	json_object_set_new(i, "pages", json_null());
	json_object_set_new(i, "pdf_size", json_null());
	json_object_set_new(i, "thumbnail", json_null());
	json_object_set_new(i, "imposed", json_null());
	buf_free(&b);
	r->info = i;
}

const char *leaflet_pdf_skipped_note(void)
{
	return _("PDFs skipped: the PDF engine (WeasyPrint) is not installed; "
		 "the print HTML was written. To make PDFs: apt-get install "
		 "weasyprint fonts-noto-cjk (make run and make test do it)");
}

int leaflet_pdf_available(void)
{
	return pdf_engine_available();
}

static const layout_spec *find_layout(const char *name)
{
	for (size_t i = 0; name && i < sizeof layouts / sizeof *layouts; i++)
		if (strcmp(layouts[i].name, name) == 0)
			return &layouts[i];
	return NULL;
}

/* Check the job and write its print HTML; the engine is not started yet. */
static leaflet_run *prepare(const leaflet_job *job, diag *d)
{
	const char *path = job->src_path;
	const layout_spec *lay = find_layout(job->layout);
	if (!lay) {
		diag_error(d, path, 0,
			   _("unknown layout '%s' (card, letter, trifold, booklet)"),
			   job->layout ? job->layout : "");
		return NULL;
	}
	const char *paper = job->paper && *job->paper ? job->paper : lay->paper;
	double pw, ph;
	if (paper_size(paper, &pw, &ph) < 0) {
		diag_error(d, path, 0, _("unknown paper '%s' (A4 or A5)"), paper);
		return NULL;
	}
	if (lay->a5_only && strcmp(paper, "A5") != 0) {
		diag_error(d, path, 0,
			   _("a booklet has A5 pages (printed two to an A4 "
			   "side), not %s"), paper);
		return NULL;
	}

	leaflet_run *r = xcalloc(1, sizeof *r);
	r->job = job;
	r->lay = lay;
	r->paper = paper;
	json_t *ctx = NULL;
	buf css = BUF_INIT, err = BUF_INIT, html = BUF_INIT, p = BUF_INIT;

	buf_printf(&p, "%s/leaflets/%s", job->out_dir, job->slug);
	if (dir_make(p.ptr) < 0) {
		diag_error(d, path, 0, _("cannot make %s: %s"), p.ptr,
			   strerror(errno));
		goto fail;
	}
	buf_puts(&p, "/index.html");
	r->html_path = buf_detach(&p);
	buf_printf(&p, "%s/leaflets/%s.pdf", job->out_dir, job->slug);
	r->pdf_path = buf_detach(&p);
	buf_printf(&p, "%s/leaflets/%s.png", job->out_dir, job->slug);
	r->png_path = buf_detach(&p);
	buf_printf(&p, "%s/leaflets/%s-imposed.pdf", job->out_dir, job->slug);
	r->imposed_path = buf_detach(&p);

	buf_printf(&p, "%s/print/print.css", job->theme_dir);
	if (file_read(p.ptr, &css, 0) < 0) {
		diag_error(d, path, 0, _("cannot read %s: %s"), p.ptr,
			   strerror(errno));
		goto fail;
	}
	buf_reset(&p);
	buf_printf(&p, "print/%s", lay->name);
	template *t = template_get(job->theme, p.ptr, &err);
	if (!t) {
		diag_error(d, path, 0, _("print template %s: %s"), p.ptr,
			   err.len ? err.ptr : "not found");
		goto fail;
	}
	ctx = make_context(r, css.ptr, d);
	if (!ctx)
		goto fail;
	if (template_render(t, ctx, &html, &err) < 0) {
		diag_error(d, path, 0, "%s", err.ptr);
		goto fail;
	}
	if (file_write_atomic(r->html_path, html.ptr, html.len) < 0) {
		diag_error(d, path, 0, _("cannot write %s: %s"), r->html_path,
			   strerror(errno));
		goto fail;
	}
	info_base(r);
	r->html = buf_detach(&html);
	json_decref(ctx);
	buf_free(&css);
	buf_free(&err);
	buf_free(&html);
	buf_free(&p);
	return r;
fail:
	json_decref(ctx);
	buf_free(&css);
	buf_free(&err);
	buf_free(&html);
	buf_free(&p);
	run_free(r);
	return NULL;
}

static void start_engine(leaflet_run *r, const char *user_css, diag *d)
{
	buf err = BUF_INIT;
	free(r->html);
	r->html = NULL;
	if (pdf_start(&r->pdf, r->html_path, r->pdf_path, user_css, &err) < 0) {
		diag_error(d, r->job->src_path, 0, _("PDF engine failed: %s"), err.ptr);
		r->failed = 1;
	} else {
		r->started = 1;
	}
	buf_free(&err);
}

leaflet_run *leaflet_start(const leaflet_job *job, diag *d)
{
	leaflet_run *r = prepare(job, d);
	if (r && pdf_engine_available())
		start_engine(r, NULL, d);
	return r;
}

static void human_size(buf *out, long long bytes)
{
	if (bytes < 1024 * 1024)
		buf_printf(out, "%lld KB", (bytes + 1023) / 1024);
	else
		buf_printf(out, "%.1f MB", (double)bytes / (1024.0 * 1024.0));
}

/* The engine is done: read the PDF back, check its paper, draw the
 * thumbnail and impose a booklet; the numbers the download page shows go
 * into a new facts object (NULL after reporting an error). */
static json_t *make_facts(leaflet_run *r, diag *d)
{
	const char *path = r->job->src_path;
	buf err = BUF_INIT;
	json_t *facts = NULL;
	r->started = 0;
	if (pdf_wait(&r->pdf, &err) < 0) {
		diag_error(d, path, 0, "%s", err.ptr);
		goto done;
	}
	pdf_facts f;
	if (pdf_read_facts(r->pdf_path, &f, &err) < 0) {
		diag_error(d, path, 0, "%s", err.ptr);
		goto done;
	}
	double pw = 0, ph = 0;
	paper_size(r->paper, &pw, &ph);
	if (r->lay->landscape) {
		double t = pw;
		pw = ph;
		ph = t;
	}
	/* A print stylesheet that lost its @page size would still make a PDF,
	 * on the engine's default paper; catch it here, not at the shop. */
	if (f.width_pt < pw - 2 || f.width_pt > pw + 2 || f.height_pt < ph - 2 ||
	    f.height_pt > ph + 2) {
		diag_error(d, path, 0,
			   _("PDF pages are %.0f x %.0f pt, not %s%s (check "
			   "@page in print/%s.mustache)"),
			   f.width_pt, f.height_pt, r->paper,
			   r->lay->landscape ? " landscape" : "", r->lay->name);
		goto done;
	}
	int thumb_w = (int)(THUMB_HEIGHT * f.width_pt / f.height_pt + 0.5), thumb_h;
	if (pdf_thumbnail(r->pdf_path, r->png_path, thumb_w, &thumb_h, &err) < 0) {
		diag_error(d, path, 0, _("thumbnail: %s"), err.ptr);
		goto done;
	}
	int sides = 0;
	if (strcmp(r->lay->name, "booklet") == 0) {
		sides = impose_booklet(r->pdf_path, r->imposed_path, &err);
		if (sides < 0) {
			diag_error(d, path, 0, _("imposition: %s"), err.ptr);
			goto done;
		}
	}
	struct stat st;
	long long bytes = stat(r->pdf_path, &st) == 0 ? (long long)st.st_size : 0;
	facts = json_pack("{s:i,s:I,s:i,s:i,s:i}", "pages", f.pages,
			  "pdf_bytes", (json_int_t)bytes, "thumb_width", thumb_w,
			  "thumb_height", thumb_h, "imposed_pages", sides);
done:
	buf_free(&err);
	return facts;
}

/* The files r->job's leaflet has, in pdfcache's numbering. */
static int cache_paths(const leaflet_run *r, const char *paths[3])
{
	paths[0] = r->pdf_path;
	paths[1] = r->png_path;
	paths[2] = strcmp(r->lay->name, "booklet") == 0 ? r->imposed_path : NULL;
	return 3;
}

int leaflet_finish(leaflet_run *r, json_t *info, diag *d)
{
	const leaflet_job *job = r->job;
	const char *path = job->src_path;
	buf b = BUF_INIT;
	int rc = -1;
	json_t *facts = r->facts;
	r->facts = NULL;
	if (!facts) {
		if (!r->started) {
			rc = r->failed ? -1 : 0;
			goto done;
		}
		facts = make_facts(r, d);
		if (!facts)
			goto done;
		if (r->cache && r->key) {
			const char *paths[3];
			pdfcache_put(r->cache, r->key, paths, cache_paths(r, paths), facts);
		}
	}
	/* Checked here, not before the cache, so a raised max_pages takes
	 * effect without a new render. */
	int pages = (int)json_integer_value(json_object_get(facts, "pages"));
	if (job->max_pages > 0 && pages > job->max_pages) {
		diag_error(d, path, 0,
			   _("leaflet '%s' has %d pages, more than its max_pages "
			   "of %d: shorten it or raise max_pages"),
			   job->slug, pages, job->max_pages);
		goto done;
	}
	long long bytes = json_integer_value(json_object_get(facts, "pdf_bytes"));
	buf_printf(&b, "/leaflets/%s.pdf", job->slug);
	json_object_set_new(r->info, "pdf", json_string(b.ptr));
	json_object_set_new(r->info, "pages", json_integer(pages));
	json_object_set_new(r->info, "pdf_bytes", json_integer(bytes));
	buf_reset(&b);
	human_size(&b, bytes);
	json_object_set_new(r->info, "pdf_size", json_string(b.ptr));
	buf_reset(&b);
	buf_printf(&b, "/leaflets/%s.png", job->slug);
	json_object_set_new(r->info, "thumbnail", json_string(b.ptr));
	json_object_set(r->info, "thumb_width", json_object_get(facts, "thumb_width"));
	json_object_set(r->info, "thumb_height", json_object_get(facts, "thumb_height"));
	if (strcmp(r->lay->name, "booklet") == 0) {
		buf_reset(&b);
		buf_printf(&b, "/leaflets/%s-imposed.pdf", job->slug);
		json_object_set_new(r->info, "imposed", json_string(b.ptr));
		json_object_set(r->info, "imposed_pages",
				json_object_get(facts, "imposed_pages"));
	}
	rc = 0;
done:
	if (rc == 0 && info)
		json_object_update(info, r->info);
	json_decref(facts);
	buf_free(&b);
	run_free(r);
	return rc;
}

/* "making leaflets 2/4 …" ("生成宣传资料 2/4 …") on a terminal, rewritten in place; nothing when
 * stderr is a file or a pipe (a log should not fill with \r lines). */
static void progress(size_t done, size_t n)
{
	static int tty = -1;
	if (tty < 0)
		tty = isatty(2);
	if (!tty)
		return;
	if (done < n)
	{
		fputc('\r', stderr);
		fprintf(stderr, _("making leaflets %zu/%zu …"), done + 1, n);
	}
	else
		fputs("\r\033[K", stderr);
}

/* Build n jobs, filling infos[i] (when not NULL) for each: write every print
 * HTML, cut the CJK font down to their characters once, then run at most
 * one engine per core. Returns the number that failed. */
static int build_runs(const leaflet_job *jobs, size_t n, json_t **infos,
		      diag *d)
{
	leaflet_run **runs = xcalloc(n ? n : 1, sizeof *runs);
	int failed = 0, engine = pdf_engine_available();
	fontsub fonts = {0};
	pdfcache cache;
	pdfcache_open(&cache, engine && n ? jobs[0].cache_dir : NULL);
	size_t to_render = 0;
	for (size_t i = 0; i < n; i++) {
		leaflet_run *r = runs[i] = prepare(&jobs[i], d);
		if (!r || !engine || !cache.dir)
			continue;
		buf key = BUF_INIT;
		const char *paths[3];
		pdfcache_key(&cache, r->html, strlen(r->html), &key);
		r->facts = pdfcache_get(&cache, key.ptr, paths, cache_paths(r, paths));
		r->key = buf_detach(&key);
		r->cache = &cache;
	}
	for (size_t i = 0; i < n; i++)
		to_render += runs[i] && !runs[i]->facts;
	if (engine && to_render) {
		buf text = BUF_INIT, err = BUF_INIT;
		for (size_t i = 0; i < n; i++)
			if (runs[i] && !runs[i]->facts)
				buf_puts(&text, runs[i]->html);
		char *python = pdf_engine_python();
		/* Without it the PDFs come out the same, only slower. */
		if (text.len && (!python || fontsub_make(&fonts, python, text.ptr,
							 text.len, &err) < 0)) {
			FILE *out = d && d->out ? d->out : stderr;
			fprintf(out, _("note: leaflets render without a pre-cut "
				     "font (slower): %s\n"),
				python ? err.ptr : "the engine is not a Python script");
		}
		free(python);
		buf_free(&text);
		buf_free(&err);
	}
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	size_t window = cores > 0 ? (size_t)cores : 1, next = 0;
	/* Runs finish in the order they started: a slot frees up when the
	 * oldest is done, which is about when a faster one would be. */
	for (size_t i = 0; i < n; i++) {
		for (; engine && next < n && next < i + window; next++)
			if (runs[next] && !runs[next]->facts)
				start_engine(runs[next], fonts.css, d);
		if (to_render)
			progress(i, n);
		if (!runs[i] || leaflet_finish(runs[i], infos ? infos[i] : NULL, d) < 0)
			failed++;
	}
	if (to_render)
		progress(n, n);
	/* Only after a complete build: a failed one may not have stored the
	 * leaflets it could not make, and their old entries may serve again. */
	if (!failed)
		pdfcache_prune(&cache);
	fontsub_free(&fonts);
	pdfcache_close(&cache);
	free(runs);
	return failed;
}

int leaflet_build(const leaflet_job *job, json_t *info, diag *d)
{
	return build_runs(job, 1, &info, d) ? -1 : 0;
}

int leaflet_build_all(const leaflet_job *jobs, size_t n, json_t *infos,
		      diag *d)
{
	if (n && !pdf_engine_available()) {
		FILE *out = d && d->out ? d->out : stderr;
		fprintf(out, "%s\n", leaflet_pdf_skipped_note());
	}
	json_t **objs = xcalloc(n ? n : 1, sizeof *objs);
	for (size_t i = 0; i < n; i++)
		objs[i] = json_object();
	int failed = build_runs(jobs, n, objs, d);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(infos, objs[i]);
	free(objs);
	return failed;
}
