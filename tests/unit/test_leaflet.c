/* Unit tests for leaflet_build without the real PDF engine: first with none
 * (MINGBAI_WEASYPRINT set empty) for the print HTML each layout writes from
 * a small hand-made job, the trifold's panel order, the booklet's contents,
 * the QR codes and short URLs, and the messages for a bad layout, paper or
 * panel count; then with a fake engine that hands back a PDF made here, for
 * the page limit, the paper check, thumbnails, imposition, engine failures
 * and the timeout. WeasyPrint itself is checked in tests/leaflets.test.sh. */
#include <cairo-pdf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "leaflet.h"
#include "../harness.h"

static char out_dir[] = "/tmp/mingbai-leaflet-XXXXXX";
static template_set *theme;
static json_t *site, *page;

static leaflet_job job_for(const char *slug, const char *layout,
			   const char *paper, const char *body)
{
	leaflet_job j = {
		.src_path = "content/leaflets/t.md",
		.slug = slug,
		.title = "测试资料",
		.layout = layout,
		.paper = paper,
		.max_pages = 0,
		.body_html = body,
		.page = page,
		.site = site,
		.theme = theme,
		.theme_dir = "themes/default",
		.out_dir = out_dir,
		.today = "2026-03-04",
	};
	return j;
}

/* Build, returning the status; the messages land in msgs. */
static int build(const leaflet_job *j, json_t *info, buf *msgs)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	diag d = {.out = f};
	int rc = leaflet_build(j, info, &d);
	fclose(f);
	buf_put(msgs, text, len);
	free(text);
	return rc;
}

static char *read_html(const char *slug)
{
	buf path = BUF_INIT, html = BUF_INIT;
	buf_printf(&path, "%s/leaflets/%s/index.html", out_dir, slug);
	file_read(path.ptr, &html, 0);
	buf_free(&path);
	return buf_detach(&html);
}

/* 1 if the strings occur in html in this order. */
static int in_order(const char *html, const char *a, const char *b)
{
	const char *pa = strstr(html, a), *pb = strstr(html, b);
	return pa && pb && pa < pb;
}

static void test_card(void)
{
	buf msgs = BUF_INIT;
	json_t *info = json_object();
	leaflet_job j = job_for("t", "card", NULL,
				"<h2 id=\"q\">一年能贷多少？</h2>\n<p>最高 20000 元。</p>\n");
	EQ_INT(build(&j, info, &msgs), 0);
	EQ_STR(msgs.ptr, "");
	char *html = read_html("t");
	OK(strstr(html, "@page { size: A4;") != NULL, "A4 by default");
	OK(strstr(html, "最高 20000 元。") != NULL, "body");
	OK(strstr(html, "src=\"data:image/svg+xml;base64,") != NULL, "QR image");
	OK(strstr(html, "zizhu.example.cn/leaflets/t/") != NULL, "short page URL");
	OK(strstr(html, "zizhu.example.cn/ask/") != NULL, "short ask URL");
	OK(strstr(html, "https://zizhu.example.cn/leaflets") == NULL,
	   "no scheme printed");
	OK(strstr(html, "95593") != NULL, "hotline from the site");
	EQ_STR(json_string_value(json_object_get(info, "paper")), "A4");
	EQ_STR(json_string_value(json_object_get(info, "layout_name")), "政策明白卡");
	EQ_STR(json_string_value(json_object_get(info, "url")), "/leaflets/t/");
	OK(json_is_null(json_object_get(info, "pdf")), "no PDF without engine");
	free(html);

	json_object_clear(info);
	j = job_for("a5", "card", "A5", "<p>x</p>");
	EQ_INT(build(&j, info, &msgs), 0);
	html = read_html("a5");
	OK(strstr(html, "@page { size: A5;") != NULL, "paper from the job");
	free(html);
	json_decref(info);
	buf_free(&msgs);
}

static void test_letter(void)
{
	buf msgs = BUF_INIT;
	leaflet_job j = job_for("l", "letter", NULL, "<p>尊敬的家长：</p>\n");
	EQ_INT(build(&j, NULL, &msgs), 0);
	char *html = read_html("l");
	OK(strstr(html, "测试县学生资助管理中心") != NULL, "sender is the owner");
	OK(strstr(html, "2026年3月4日") != NULL, "date from job->today");
	free(html);
	buf_free(&msgs);
}

static void test_trifold(void)
{
	buf msgs = BUF_INIT;
	leaflet_job j = job_for("tri", "trifold", NULL,
				"<p>P-ONE</p>\n<hr />\n<p>P-TWO</p>\n<hr />\n"
				"<p>P-THREE</p>\n<hr />\n<p>P-FOUR</p>\n<hr />\n"
				"<p>P-FIVE</p>\n<hr />\n<p>P-SIX</p>\n");
	EQ_INT(build(&j, NULL, &msgs), 0);
	char *html = read_html("tri");
	OK(strstr(html, "@page { size: A4 landscape;") != NULL, "landscape");
	/* Outside: flap, back, cover; inside: 2, 3, 4. */
	OK(in_order(html, "P-FIVE", "P-SIX"), "flap before back");
	OK(in_order(html, "P-SIX", "P-ONE"), "back before cover");
	OK(in_order(html, "P-ONE", "P-TWO"), "outside before inside");
	OK(in_order(html, "P-TWO", "P-THREE") && in_order(html, "P-THREE", "P-FOUR"),
	   "inside in order");
	OK(in_order(html, "P-SIX", "扫码在线提问") &&
		   in_order(html, "扫码在线提问", "P-ONE"),
	   "contact on the back panel");
	free(html);

	j = job_for("tri7", "trifold", NULL,
		    "1<hr />2<hr />3<hr />4<hr />5<hr />6<hr />7");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "content/leaflets/t.md: a trifold has 6 panels, "
			    "this one has 7") != NULL,
	   "panel count message: %s", msgs.ptr);
	buf_free(&msgs);
}

static void test_booklet(void)
{
	buf msgs = BUF_INIT;
	leaflet_job j = job_for("b", "booklet", NULL,
				"<h2 id=\"who\">谁能<em>申请</em></h2><p>a</p>"
				"<h3 id=\"sub\">小节</h3>"
				"<h2 id=\"how-much\">能贷多少</h2><p>b</p>");
	EQ_INT(build(&j, NULL, &msgs), 0);
	char *html = read_html("b");
	OK(strstr(html, "@page { size: A5;") != NULL, "A5 pages");
	OK(strstr(html, "<a href=\"#who\">谁能申请</a>") != NULL,
	   "contents entry without inline tags");
	OK(in_order(html, "href=\"#who\"", "href=\"#how-much\""), "in order");
	OK(strstr(html, "href=\"#sub\"") == NULL, "only ## headings");
	OK(strstr(html, "counter(page)") != NULL, "page numbers");
	free(html);

	j = job_for("b4", "booklet", "A4", "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "a booklet has A5 pages") != NULL, "%s", msgs.ptr);
	buf_free(&msgs);
}

static void test_errors(void)
{
	buf msgs = BUF_INIT;
	leaflet_job j = job_for("x", "poster", NULL, "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "content/leaflets/t.md: unknown layout 'poster' "
			    "(card, letter, trifold, booklet)") != NULL,
	   "%s", msgs.ptr);
	buf_reset(&msgs);
	j = job_for("x", "card", "B5", "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "unknown paper 'B5' (A4 or A5)") != NULL, "%s",
	   msgs.ptr);
	buf_reset(&msgs);
	j = job_for("x", NULL, NULL, "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "unknown layout ''") != NULL, "%s", msgs.ptr);
	buf_free(&msgs);
}

static void test_build_all(void)
{
	leaflet_job jobs[2] = {job_for("p", "card", NULL, "<p>x</p>"),
			       job_for("q", "poster", NULL, "<p>y</p>")};
	json_t *infos = json_array();
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);
	diag d = {.out = f};
	EQ_INT(leaflet_build_all(jobs, 2, infos, &d), 1);
	fclose(f);
	EQ_INT(json_array_size(infos), 2);
	EQ_STR(json_string_value(json_object_get(json_array_get(infos, 0), "slug")),
	       "p");
	OK(json_object_size(json_array_get(infos, 1)) == 0, "failed job: {}");
	OK(strstr(text, "PDFs skipped") != NULL, "skip note once: %s", text);
	OK(strstr(text, "apt-get install weasyprint") != NULL, "how to install");
	OK(strstr(text, "PDFs skipped") == strstr(text, "PDFs skipped") &&
		   strstr(strstr(text, "PDFs skipped") + 1, "PDFs skipped") == NULL,
	   "only once");
	free(text);
	json_decref(infos);
}

/* A PDF of n pages of w x h points, each with some text. */
static void make_pdf(const char *path, int n, double w, double h)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, w, h);
	cairo_t *cr = cairo_create(s);
	for (int i = 0; i < n; i++) {
		cairo_rectangle(cr, 40, 40, 100, 20 + i);
		cairo_fill(cr);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static char *in_out(const char *name)
{
	return path_join(out_dir, name);
}

static int file_size(const char *name)
{
	char *p = in_out(name);
	buf b = BUF_INIT;
	int n = file_read(p, &b, 0) < 0 ? -1 : (int)b.len;
	buf_free(&b);
	free(p);
	return n;
}

static void test_fake_engine(void)
{
	char *engine = in_out("fake-engine");
	char *a4x3 = in_out("a4x3.pdf"), *a5x6 = in_out("a5x6.pdf");
	const char *script =
		"#!/bin/sh\n"
		"for last; do :; done\n"
		"case \"$FAKE_MODE\" in\n"
		"fail) echo 'Traceback (most recent call last):' >&2;"
		" echo 'ValueError: no such font' >&2; exit 1;;\n"
		"sleep) sleep 5;;\n"
		"esac\n"
		"cp \"$FAKE_PDF\" \"$last\"\n";
	file_write(engine, script, strlen(script));
	chmod(engine, 0755);
	make_pdf(a4x3, 3, 595.28, 841.89);
	make_pdf(a5x6, 6, 419.53, 595.28);
	setenv("MINGBAI_WEASYPRINT", engine, 1);
	OK(leaflet_pdf_available(), "fake engine found");

	buf msgs = BUF_INIT;
	json_t *info = json_object();
	setenv("FAKE_PDF", a4x3, 1);
	leaflet_job j = job_for("three", "letter", NULL, "<p>x</p>");
	j.max_pages = 3;
	EQ_INT(build(&j, info, &msgs), 0);
	/* The fake engine is no Python script: only a note, no error. */
	OK(strstr(msgs.ptr, "content/leaflets") == NULL, "%s", msgs.ptr);
	OK(strstr(msgs.ptr, "note: leaflets render without a pre-cut font") != NULL,
	   "fontsub skipped with a note: %s", msgs.ptr);
	buf_reset(&msgs);
	EQ_INT(json_integer_value(json_object_get(info, "pages")), 3);
	EQ_STR(json_string_value(json_object_get(info, "pdf")), "/leaflets/three.pdf");
	EQ_STR(json_string_value(json_object_get(info, "thumbnail")),
	       "/leaflets/three.png");
	EQ_INT(json_integer_value(json_object_get(info, "thumb_height")), 300);
	OK(json_is_string(json_object_get(info, "pdf_size")), "size shown");
	OK(file_size("leaflets/three.png") > 100, "thumbnail written");
	OK(file_size("leaflets/three.pdf.log") < 0, "engine log removed");

	j = job_for("long", "letter", NULL, "<p>x</p>");
	j.max_pages = 2;
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "content/leaflets/t.md: leaflet 'long' has 3 pages, "
			    "more than its max_pages of 2") != NULL,
	   "page limit: %s", msgs.ptr);
	buf_reset(&msgs);

	j = job_for("wrong", "trifold", NULL, "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "not A4 landscape") != NULL, "paper check: %s",
	   msgs.ptr);
	buf_reset(&msgs);

	json_object_clear(info);
	setenv("FAKE_PDF", a5x6, 1);
	j = job_for("book", "booklet", NULL, "<p>x</p>");
	EQ_INT(build(&j, info, &msgs), 0);
	OK(strstr(msgs.ptr, "content/leaflets") == NULL, "%s", msgs.ptr);
	buf_reset(&msgs);
	EQ_STR(json_string_value(json_object_get(info, "imposed")),
	       "/leaflets/book-imposed.pdf");
	EQ_INT(json_integer_value(json_object_get(info, "imposed_pages")), 4);
	OK(file_size("leaflets/book-imposed.pdf") > 0, "imposed PDF written");

	setenv("FAKE_MODE", "fail", 1);
	j = job_for("bad", "card", NULL, "<p>x</p>");
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "content/leaflets/t.md: PDF engine failed (exit 1): "
			    "ValueError: no such font") != NULL,
	   "engine failure: %s", msgs.ptr);
	OK(file_size("leaflets/bad.pdf") < 0 && file_size("leaflets/bad.pdf.part") < 0,
	   "no PDF left behind");
	buf_reset(&msgs);

	setenv("FAKE_MODE", "sleep", 1);
	setenv("MINGBAI_PDF_TIMEOUT", "0.3", 1);
	EQ_INT(build(&j, NULL, &msgs), -1);
	OK(strstr(msgs.ptr, "PDF engine still running after 0.3 s") != NULL,
	   "timeout: %s", msgs.ptr);
	unsetenv("MINGBAI_PDF_TIMEOUT");
	unsetenv("FAKE_MODE");

	setenv("MINGBAI_WEASYPRINT", "", 1);
	json_decref(info);
	buf_free(&msgs);
	free(engine);
	free(a4x3);
	free(a5x6);
}

int main(void)
{
	setenv("MINGBAI_WEASYPRINT", "", 1);
	OK(!leaflet_pdf_available(), "engine switched off");
	OK(mkdtemp(out_dir) != NULL, "mkdtemp");
	theme = template_set_new(template_dir_loader, (void *)"themes/default");
	site = json_pack("{s:s, s:s, s:s, s:[{s:s, s:s}], s:[{s:s, s:s}]}",
			 "title", "测试站", "owner", "测试县学生资助管理中心",
			 "base_url", "https://zizhu.example.cn/", "hotlines",
			 "name", "助学贷款呼叫中心", "phone", "95593", "offices",
			 "name", "测试县学生资助管理中心", "address", "教育局一楼");
	/* what the county calls a layout comes from site.yaml */
	json_object_set_new(site, "leaflet_layouts", json_pack("{s:s}", "card", "政策明白卡"));
	page = json_pack("{s:s}", "title", "测试资料");

	test_card();
	test_letter();
	test_trifold();
	test_booklet();
	test_errors();
	test_build_all();
	test_fake_engine();

	dir_remove(out_dir);
	json_decref(site);
	json_decref(page);
	template_set_free(theme);
	return harness_done();
}
