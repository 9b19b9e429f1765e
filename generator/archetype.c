#include "archetype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "frontmatter.h"
#include "i18n.h"
#include "mem.h"

/* The kinds `sitegen new` makes, each from its THEME/new/KIND.md. */
static const char *const kinds[] = {"notice", "guide", "faq"};

/* An archetype is one short page; a bigger file is not one. */
#define ARCHETYPE_MAX (1u << 20)

/* THEME/new/KIND.md, a new string the caller frees. */
static char *archetype_path(const char *theme_dir, const char *kind)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/new/%s.md", theme_dir, kind);
	return buf_detach(&p);
}

int archetype_read(const char *theme_dir, const char *kind, buf *out, diag *d)
{
	char *path = archetype_path(theme_dir, kind);
	int rc = file_read(path, out, ARCHETYPE_MAX);
	if (rc < 0)
		diag_error(d, path, 0,
			   _("cannot read the archetype of 'sitegen new %s' (the page "
			     "it starts from): %s"),
			   kind, strerror(errno));
	free(path);
	return rc;
}

void archetype_fill(const char *text, size_t len, const char *title,
		    const char *date, buf *out)
{
	const char *p = text, *end = text + len;
	for (;;) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		if (!open)
			break;
		size_t rest = (size_t)(end - open);
		buf_put(out, p, (size_t)(open - p));
		if (rest >= 9 && !memcmp(open, "{{title}}", 9)) {
			buf_puts(out, title);
			p = open + 9;
		} else if (rest >= 8 && !memcmp(open, "{{date}}", 8)) {
			buf_puts(out, date);
			p = open + 8;
		} else {
			buf_put(out, open, 2);
			p = open + 2;
		}
	}
	buf_put(out, p, (size_t)(end - p));
}

/* ---- placeholders ---------------------------------------------------------- */

/* "## 第一步": a heading, which the clerk rewords, and which real pages
 * share ("## 第一步" is in many a guide). */
static int is_heading(slice s)
{
	size_t h = 0;
	while (h < s.len && h < 7 && s.ptr[h] == '#')
		h++;
	return h >= 1 && h <= 6 && (h == s.len || s.ptr[h] == ' ' || s.ptr[h] == '\t');
}

/* A letter, digit or any non-ASCII character: "---" and "***" (rules) are
 * not text, and every page may have them. */
static int has_text(slice s)
{
	for (size_t i = 0; i < s.len; i++) {
		unsigned char c = (unsigned char)s.ptr[i];
		if (c >= 0x80 || (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
			return 1;
	}
	return 0;
}

/* Just past the first "：" or ":" of s (the end of a label such as 也问：),
 * or NULL. */
static const char *after_label(slice s)
{
	const char *wide = memmem(s.ptr, s.len, "：", 3);
	const char *narrow = memchr(s.ptr, ':', s.len);
	if (wide && (!narrow || wide < narrow))
		return wide + 3;
	return narrow ? narrow + 1 : NULL;
}

static void add(placeholder_list *l, slice s, int whole_line)
{
	for (size_t i = 0; i < l->n; i++)
		if (l->items[i].whole_line == whole_line &&
		    strlen(l->items[i].text) == s.len && !memcmp(l->items[i].text, s.ptr, s.len))
			return;
	GROW(l->items, l->n + 1, l->cap);
	l->items[l->n++] = (placeholder){xstrndup(s.ptr, s.len), whole_line};
}

/* The placeholder one line of an archetype's body is, if any. */
static void add_line(placeholder_list *l, slice line)
{
	line = slice_trim(line);
	if (!has_text(line) || is_heading(line))
		return;
	const char *label_end = after_label(line);
	if (!label_end) {
		add(l, line, 0);
		return;
	}
	slice rest = slice_trim(slice_of(label_end, (size_t)(line.ptr + line.len - label_end)));
	if (rest.len)
		add(l, rest, 0);
	else
		add(l, line, 1);
}

int archetype_placeholders(const char *theme_dir, placeholder_list *l, diag *d)
{
	int rc = 0;
	buf text = BUF_INIT;
	for (size_t k = 0; k < sizeof kinds / sizeof *kinds; k++) {
		buf_reset(&text);
		if (archetype_read(theme_dir, kinds[k], &text, d) < 0) {
			rc = -1;
			continue;
		}
		char *path = archetype_path(theme_dir, kinds[k]);
		frontmatter fm;
		int ok = frontmatter_split(text.ptr, text.len, path, &fm, d) == 0;
		free(path);
		if (!ok) {
			rc = -1;
			continue;
		}
		const char *s = fm.body.ptr, *end = s + fm.body.len;
		while (s < end) {
			const char *nl = memchr(s, '\n', (size_t)(end - s));
			size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
			add_line(l, slice_of(s, n));
			if (!nl)
				break;
			s = nl + 1;
		}
	}
	buf_free(&text);
	return rc;
}

int placeholder_in(const placeholder_list *l, const char *s, size_t n)
{
	slice line = slice_trim(slice_of(s, n));
	for (size_t i = 0; i < l->n; i++) {
		const placeholder *p = &l->items[i];
		size_t k = strlen(p->text);
		if (p->whole_line ? line.len == k && !memcmp(line.ptr, p->text, k)
				  : memmem(line.ptr, line.len, p->text, k) != NULL)
			return 1;
	}
	return 0;
}

void placeholder_list_free(placeholder_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i].text);
	free(l->items);
	memset(l, 0, sizeof *l);
}
