/* Unit tests for archetypes: what `sitegen new` fills in, and which lines of
 * an archetype are placeholders a page may not keep. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "archetype.h"
#include "buf.h"
#include "file.h"
#include "../harness.h"

static void put(const char *dir, const char *name, const char *text)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/new/%s", dir, name);
	OK(file_write(p.ptr, text, strlen(text)) == 0, "write %s", p.ptr);
	buf_free(&p);
}

static int holds(const placeholder_list *l, const char *line)
{
	return placeholder_in(l, line, strlen(line));
}

static void test_fill(void)
{
	const char *a = "title: \"{{title}}\"\ndate: {{date}}\nupdated: {{date}}\n"
			"{{policy.loan_max}} {{ title }} {{";
	buf out = BUF_INIT;
	archetype_fill(a, strlen(a), "还款须知", "2026-07-01", &out);
	EQ_STR(out.ptr, "title: \"还款须知\"\ndate: 2026-07-01\nupdated: 2026-07-01\n"
			"{{policy.loan_max}} {{ title }} {{");
	buf_reset(&out);
	/* a title is put in once, never read again as the archetype */
	archetype_fill("{{title}}", 9, "{{date}}", "2026-07-01", &out);
	EQ_STR(out.ptr, "{{date}}");
	buf_free(&out);
}

static void test_placeholders(const char *dir)
{
	put(dir, "notice.md", "---\ntitle: \"{{title}}\"\ntags: [通知]\n---\n\n在这里粘贴通知正文。\n");
	put(dir, "guide.md", "---\ntitle: \"{{title}}\"\n---\n\n## 第一步\n\n  写下第一件事。  \n\n"
			     "---\n\n- 第二件事\n");
	put(dir, "faq.md", "---\ntitle: \"{{title}}\"\n---\n\n## 第一个问题？\n\n"
			   "也问：另一种问法；再一种问法\n\n第一句话直接回答。\n\n来源：\n"
			   "在这里粘贴通知正文。");
	placeholder_list l = {0};
	diag d = {0};
	EQ_INT(archetype_placeholders(dir, &l, &d), 0);
	EQ_INT(d.errors, 0);
	/* 在这里粘贴通知正文。 twice, once without a newline: one entry */
	EQ_INT(l.n, 6);
	OK(holds(&l, "在这里粘贴通知正文。"), "a placeholder line as it is");
	OK(holds(&l, "各位家长：在这里粘贴通知正文。谢谢"), "inside a longer line");
	OK(holds(&l, "写下第一件事。"), "trimmed of spaces");
	OK(holds(&l, "- 第二件事"), "a list item");
	OK(holds(&l, "也问：能贷多少；另一种问法；再一种问法"), "the text after a label");
	OK(!holds(&l, "也问：能贷多少"), "the label 也问： itself is kept");
	OK(holds(&l, " 来源： "), "a label alone");
	OK(!holds(&l, "来源：教财〔2023〕4号。"), "a label filled in");
	OK(!holds(&l, "## 第一步"), "headings are not placeholders");
	OK(!holds(&l, "第一步"), "nor is their text");
	OK(!holds(&l, "---"), "nor a rule");
	OK(!holds(&l, "tags: [通知]"), "nor the front matter");
	placeholder_list_free(&l);
	EQ_INT(l.n, 0);
}

static void test_missing(const char *dir)
{
	buf p = BUF_INIT, msgs = BUF_INIT;
	buf_printf(&p, "%s/new/faq.md", dir);
	remove(p.ptr);
	placeholder_list l = {0};
	diag d = {.to = &msgs};
	EQ_INT(archetype_placeholders(dir, &l, &d), -1);
	EQ_INT(d.errors, 1);
	OK(strstr(msgs.ptr, p.ptr) && strstr(msgs.ptr, "'sitegen new faq'"),
	   "names the file and the command: %s", msgs.ptr);
	EQ_INT(l.n, 3); /* the other two archetypes' */
	placeholder_list_free(&l);
	buf_reset(&msgs);
	put(dir, "faq.md", "## 没有开头的设置\n\n回答。\n");
	EQ_INT(archetype_placeholders(dir, &l, &d), -1);
	OK(strstr(msgs.ptr, p.ptr) != NULL, "an archetype without front matter: %s", msgs.ptr);
	placeholder_list_free(&l);
	buf_free(&p);
	buf_free(&msgs);
}

int main(void)
{
	char dir[] = "/tmp/mingbai-archetype-XXXXXX";
	if (!mkdtemp(dir))
		return 1;
	buf sub = BUF_INIT;
	buf_printf(&sub, "%s/new", dir);
	dir_make(sub.ptr);
	buf_free(&sub);
	test_fill();
	test_placeholders(dir);
	test_missing(dir);
	dir_remove(dir);
	return harness_done();
}
