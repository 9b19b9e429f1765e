/* Unit tests for the generator's readers: front matter, YAML, variables,
 * Markdown (ids, CJK line breaks, links, text) and the FAQ split. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "content.h"
#include "frontmatter.h"
#include "markdown.h"
#include "vars.h"
#include "yamljson.h"
#include "../harness.h"

static FILE *sink;

static void test_frontmatter(void)
{
	diag d = {.out = sink};
	frontmatter fm;
	json_t *f = NULL;
	const char *src = "---\ntitle: 还款\ntags: [a, b]\ndraft: true\nn: 2024\n---\n\nbody\n";
	EQ_INT(frontmatter_parse(src, strlen(src), "x.md", &fm, &f, NULL, NULL, &d), 0);
	EQ_STR(json_string_value(json_object_get(f, "title")), "还款");
	OK(json_is_true(json_object_get(f, "draft")), "booleans");
	EQ_STR(json_string_value(json_object_get(f, "n")), "2024"); /* stays text */
	EQ_INT(json_array_size(json_object_get(f, "tags")), 2);
	EQ_INT(fm.body_line, 7);
	OK(slice_starts(fm.body, "\nbody"), "body follows the fence");
	json_decref(f);

	const char *none = "title: x\n";
	EQ_INT(frontmatter_parse(none, strlen(none), "y.md", &fm, &f, NULL, NULL, &d), -1);
	const char *open = "---\ntitle: x\n";
	EQ_INT(frontmatter_split(open, strlen(open), "z.md", &fm, &d), -1);
	const char *alias = "a: &x 1\nb: *x\n";
	OK(!yaml_to_json(alias, strlen(alias), "a.yaml", 1, NULL, NULL, &d), "aliases refused");
	const char *dup = "a: 1\na: 2\n";
	OK(!yaml_to_json(dup, strlen(dup), "d.yaml", 1, NULL, NULL, &d), "duplicate keys refused");
	EQ_INT(d.errors, 4);
}

static void test_vars(void)
{
	diag d = {.out = sink};
	json_t *policy = json_pack("{s:s}", "loan_max", "20000");
	buf out = BUF_INIT;
	const char *t = "最高 {{policy.loan_max}} 元\n{{ policy.loan_max }}\n\\{{x}}";
	EQ_INT(vars_expand(policy, t, strlen(t), &out, "v.md", 1, &d), 0);
	EQ_STR(out.ptr, "最高 20000 元\n20000\n\\{{x}}");
	buf_reset(&out);
	const char *bad = "a\nb {{policy.nope}}\n{{oops";
	EQ_INT(vars_expand(policy, bad, strlen(bad), &out, "v.md", 5, &d), -1);
	EQ_INT(d.errors, 2);
	buf_free(&out);
	json_decref(policy);
}

static void test_markdown(void)
{
	diag d = {.out = sink};
	const char *src = "## 还款时间\n\n第一行\n第二行 and\nEnglish line\n\n"
			  "## 还款时间\n\n## Step Two {#two}\n\n[x](/guides/a/#b) [y](https://e.cn/)\n"
			  "<script>bad()</script>\n";
	md_doc *doc = md_parse(src, strlen(src), 10, "m.md", &d);
	EQ_INT(doc->n_headings, 3);
	EQ_STR(doc->headings[0].id, "还款时间");
	EQ_STR(doc->headings[1].id, "还款时间-2");
	EQ_STR(doc->headings[2].id, "two");
	EQ_STR(doc->headings[2].text, "Step Two");
	EQ_INT(doc->headings[0].line, 10);
	EQ_INT(doc->n_links, 1);
	EQ_STR(doc->links[0].url, "/guides/a/#b");
	EQ_INT(doc->links[0].line, 20);
	buf html = BUF_INIT;
	md_render_html(doc, &html);
	OK(strstr(html.ptr, "<h2 id=\"还款时间-2\">") != NULL, "%s", html.ptr);
	OK(strstr(html.ptr, "第一行第二行 and\nEnglish") != NULL, "CJK break joined, ASCII kept: %s", html.ptr);
	OK(strstr(html.ptr, "<script>") == NULL, "raw HTML dropped");
	buf text = BUF_INIT;
	md_node_text(doc, doc->root, &text);
	OK(strstr(text.ptr, "还款时间\n第一行第二行") != NULL, "text: %s", text.ptr);
	md_free(doc);

	buf s = BUF_INIT;
	md_slugify("第一步：准备 Materials!", strlen("第一步：准备 Materials!"), &s);
	EQ_STR(s.ptr, "第一步准备-materials");
	buf_reset(&s);
	md_slugify("？！", strlen("？！"), &s);
	EQ_STR(s.ptr, "section");
	buf_free(&s);
	buf_free(&html);
	buf_free(&text);
}

static void test_content(void)
{
	diag d = {.out = sink};
	content c;
	EQ_INT(content_load(&c, "tests/fixtures/mini", &d), 0);
	EQ_INT(d.errors, 0);
	EQ_INT(c.n_pages, 4);
	page *faq = NULL;
	for (size_t i = 0; i < c.n_pages; i++)
		if (c.pages[i]->kind == KIND_FAQ)
			faq = c.pages[i];
	OK(faq != NULL, "faq page");
	if (faq) {
		EQ_INT(faq->n_faq, 2);
		EQ_STR(faq->faq[0].question, "能贷多少？");
		EQ_INT(faq->faq[0].n_alt, 2);
		EQ_STR(faq->faq[0].alt[1], "最多借多少");
		OK(strncmp(faq->faq[0].text, "每年最多 20000 元。", strlen("每年最多 20000 元。")) == 0,
		   "answer text: %s", faq->faq[0].text);
		EQ_STR(faq->url, "/faq/money/");
	}
	content_free(&c);
}

int main(void)
{
	sink = fopen("/dev/null", "w");
	test_frontmatter();
	test_vars();
	test_markdown();
	test_content();
	return harness_done();
}
