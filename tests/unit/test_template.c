/* Template behaviour the Mustache spec does not cover: a partial that
 * includes itself on an indented line (a nested menu, say). It renders with
 * each level indented further, and however the lines are arranged the set
 * compiles a bounded number of variants of it (a fuzzer found inputs that
 * made the number grow exponentially). A template that fails to compile is
 * not kept: asking for it again fails again (a half-built one made a build
 * loop forever), and errors name the file, the line and the tag. A
 * standalone partial takes any indentation, however wide. */
#include <jansson.h>
#include <stdio.h>
#include <string.h>

#include "template.h"
#include "../harness.h"

typedef struct source {
	const char *name, *text;
	int loads; /* how many times the set asked for it */
} source;

static int load(void *ctx, const char *name, buf *src)
{
	source *s = ctx;
	/* Past this the old behaviour is shown without waiting for it to end. */
	if (strcmp(name, s->name) || s->loads >= 10000)
		return -1;
	s->loads++;
	buf_puts(src, s->text);
	return 0;
}

static void test_nested_menu(void)
{
	source menu = {"menu", "<li>{{name}}\n{{#kids}}\n  {{>menu}}\n{{/kids}}\n", 0};
	template_set *set = template_set_new(load, &menu);
	buf out = BUF_INIT, err = BUF_INIT;
	const char *page = "<ul>\n{{#items}}\n  {{>menu}}\n{{/items}}\n</ul>\n";
	template *t = template_compile(set, "page", page, strlen(page), &err);
	OK(t != NULL, "%s", err.ptr);
	json_t *data = json_loads(
		"{\"items\":[{\"name\":\"还款\",\"kids\":[{\"name\":\"期限\",\"kids\":"
		"[{\"name\":\"宽限期\",\"kids\":[]}]}]},{\"name\":\"申请\",\"kids\":[]}]}",
		0, NULL);
	OK(t && template_render(t, data, &out, &err) == 0, "%s", err.ptr);
	EQ_STR(out.ptr, "<ul>\n"
			"  <li>还款\n"
			"    <li>期限\n"
			"      <li>宽限期\n"
			"  <li>申请\n"
			"</ul>\n");
	json_decref(data);
	buf_free(&out);
	buf_free(&err);
	template_set_free(set);
}

static void test_bounded_variants(void)
{
	/* Three self-inclusions at different indentations: every order of them
	 * is a different total indentation, so compiling one variant per total
	 * would never finish. */
	source p = {"p", "a\n {{>p}}\n\t\t{{>p}}\n   {{>p}}\nb\n", 0};
	template_set *set = template_set_new(load, &p);
	buf err = BUF_INIT;
	template *t = template_compile(set, "top", "{{>p}}", 6, &err);
	OK(t != NULL, "%s", err.ptr);
	OK(p.loads <= 40, "compiled %d variants of p", p.loads);
	buf_free(&err);
	template_set_free(set);
}

/* Asking set for name fails, with a message holding want. */
static void get_fails(template_set *set, const char *name, const char *want)
{
	buf err = BUF_INIT;
	OK(template_get(set, name, &err) == NULL, "%s: a half-built or broken template came back", name);
	OK(strstr(err.ptr, want) != NULL, "%s: \"%s\" not in \"%s\"", name, want, err.ptr);
	buf_free(&err);
}

static void test_failed_not_kept(void)
{
	/* an unclosed section: the op list ends with a section whose end was
	 * never set; rendering that looped forever */
	source bad = {"layout", "<main>\n{{#nav}}\n<a>{{title}}</a>\n", 0};
	template_set *broken = template_set_new(load, &bad);
	get_fails(broken, "layout", "layout:2: unclosed {{#nav}}");
	get_fails(broken, "layout", "layout:2: unclosed {{#nav}}"); /* not cached */

	/* the same through a page that includes it: the page fails, and so do
	 * later lookups of the partial and of the page */
	const char *page = "{{<layout}}{{$main}}正文{{/main}}{{/layout}}";
	buf msg = BUF_INIT;
	OK(template_compile(broken, "single", page, strlen(page), &msg) == NULL,
	   "a page with a broken parent compiled");
	OK(strstr(msg.ptr, "layout:2:") != NULL, "page error: \"%s\"", msg.ptr);
	const template_error *e = template_set_error(broken);
	OK(e && !strcmp(e->file, "layout") && e->line == 2 &&
	   !strncmp(e->message, "unclosed {{#nav}}", 17), "the set's error");
	get_fails(broken, "layout", "layout:2:");
	get_fails(broken, "single", "single: no such template");
	buf_free(&msg);
	template_set_free(broken);
}

static void test_kept_after_fix(void)
{
	/* what the loader returns now is compiled afresh: a theme author who
	 * fixes the file in a long-running process gets the fixed one */
	source src = {"p", "{{#a}}", 0};
	template_set *set = template_set_new(load, &src);
	buf err = BUF_INIT, out = BUF_INIT;
	OK(template_get(set, "p", &err) == NULL, "broken compiled");
	src.text = "{{#a}}x{{/a}}";
	buf_reset(&err);
	template *t = template_get(set, "p", &err);
	OK(t != NULL, "%s", err.ptr);
	json_t *data = json_loads("{\"a\":true}", 0, NULL);
	OK(t && template_render(t, data, &out, &err) == 0, "%s", err.ptr);
	EQ_STR(out.ptr, "x");
	json_decref(data);
	buf_free(&out);
	buf_free(&err);
	template_set_free(set);
}

static void test_bad_delimiter_names_tag(void)
{
	template_set *set = template_set_new(NULL, NULL);
	buf err = BUF_INIT;
	const char *src = "line 1\n{{=<% %> x=}}\n";
	OK(template_compile(set, "d", src, strlen(src), &err) == NULL, "bad delimiters accepted");
	OK(strstr(err.ptr, "d:2:") != NULL, "no line in \"%s\"", err.ptr);
	OK(strstr(err.ptr, "{{=<% %> x=}}") != NULL, "tag not shown in \"%s\"", err.ptr);
	buf_free(&err);
	template_set_free(set);
}

static void test_wide_indentation(void)
{
	/* 300 blanks: wider than the parser's old fixed-size copy of a line's
	 * indentation, which then dropped it */
	source item = {"item", "<li>{{.}}</li>\n", 0};
	template_set *set = template_set_new(load, &item);
	buf src = BUF_INIT, want = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	buf_puts(&src, "<ul>\n{{#list}}\n");
	for (int i = 0; i < 300; i++)
		buf_putc(&src, ' ');
	buf_puts(&src, "{{>item}}\n{{/list}}\n</ul>\n");
	buf_puts(&want, "<ul>\n");
	for (int k = 0; k < 2; k++) {
		for (int i = 0; i < 300; i++)
			buf_putc(&want, ' ');
		buf_printf(&want, "<li>%d</li>\n", k + 1);
	}
	buf_puts(&want, "</ul>\n");
	template *t = template_compile(set, "page", src.ptr, src.len, &err);
	OK(t != NULL, "%s", err.ptr);
	json_t *data = json_loads("{\"list\":[1,2]}", 0, NULL);
	OK(t && template_render(t, data, &out, &err) == 0, "%s", err.ptr);
	EQ_STR(out.ptr, want.ptr);
	json_decref(data);
	buf_free(&src);
	buf_free(&want);
	buf_free(&out);
	buf_free(&err);
	template_set_free(set);
}

int main(void)
{
	test_nested_menu();
	test_bounded_variants();
	test_failed_not_kept();
	test_kept_after_fix();
	test_bad_delimiter_names_tag();
	test_wide_indentation();
	return harness_done();
}
