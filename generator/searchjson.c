#include "searchjson.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

static void put_str(buf *out, const char *s)
{
	buf_putc(out, '"');
	escape_json(out, s, strlen(s));
	buf_putc(out, '"');
}

/* "/guides/huankuan/" → "guides/huankuan" */
static void put_id(buf *out, const char *url, const char *anchor)
{
	size_t n = strlen(url + 1);
	if (n && url[n] == '/')
		n--;
	buf_putc(out, '"');
	escape_json(out, url + 1, n);
	if (anchor) {
		buf_putc(out, '/');
		escape_json(out, anchor, strlen(anchor));
	}
	buf_putc(out, '"');
}

static void put_url(buf *out, const char *url, const char *anchor)
{
	buf_putc(out, '"');
	escape_json(out, url, strlen(url));
	if (anchor) {
		buf_putc(out, '#');
		escape_json(out, anchor, strlen(anchor));
	}
	buf_putc(out, '"');
}

static void entry(buf *out, page *p, const char *kind, const char *anchor,
		  const char *question, char **alt, size_t n_alt, const char *text,
		  size_t text_len)
{
	buf_puts(out, ",\n{\"id\":");
	put_id(out, p->url, anchor);
	buf_printf(out, ",\"kind\":\"%s\",\"category\":", kind);
	put_str(out, p->title ? p->title : "");
	buf_puts(out, ",\"question\":");
	put_str(out, question);
	buf_puts(out, ",\"alt\":[");
	for (size_t i = 0; i < n_alt; i++) {
		if (i)
			buf_putc(out, ',');
		put_str(out, alt[i]);
	}
	buf_puts(out, "],\"text\":\"");
	escape_json(out, text, text_len);
	buf_puts(out, "\",\"url\":");
	put_url(out, p->url, anchor);
	buf_putc(out, '}');
}

/* One entry per ## section; text before the first one is the page's own. */
static void guide(page *p, buf *out)
{
	buf text = BUF_INIT;
	const char *question = p->title;
	md_heading *h = NULL;
	cmark_node *n = cmark_node_first_child(p->md->root);
	for (;;) {
		int boundary = !n || (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
				      cmark_node_get_heading_level(n) <= 2);
		if (boundary) {
			if (text.len)
				entry(out, p, "guide", h ? h->id : NULL, question, NULL, 0,
				      text.ptr, text.len);
			if (!n)
				break;
			h = md_heading_of(p->md, n);
			question = h ? h->text : p->title;
			buf_reset(&text);
		} else {
			if (text.len)
				buf_putc(&text, '\n');
			md_node_text(p->md, n, &text);
		}
		n = cmark_node_next(n);
	}
	buf_free(&text);
}

void searchjson_page(page *p, buf *out)
{
	if (p->kind == KIND_FAQ) {
		for (size_t i = 0; i < p->n_faq; i++) {
			faq_entry *f = &p->faq[i];
			entry(out, p, "faq", f->id, f->question, f->alt, f->n_alt, f->text,
			      strlen(f->text));
		}
	} else if (p->kind == KIND_GUIDE && p->md && p->md->root) {
		guide(p, out);
	}
}

static void put_json(buf *out, const json_t *v)
{
	char *s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	buf_puts(out, s ? s : "null");
	free(s);
}

int searchjson_write(content *c, const json_t *site, FILE *f)
{
	buf out = BUF_INIT;
	json_t *s = json_object();
	static const char *const keys[] = {"title", "owner", "base_url", "hotline",
					   "hotline_name"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		json_t *v = json_object_get(site, keys[i]);
		if (v)
			json_object_set(s, keys[i], v);
	}
	json_object_set_new(s, "ask_url", json_string("/ask/"));
	/* what the bot says when it declines or is unsure: the site's words */
	json_t *replies = json_object_get(json_object_get(site, "bot"), "replies");
	if (json_is_object(replies))
		json_object_set(s, "replies", replies);
	buf_puts(&out, "{\"version\":1,\"site\":");
	put_json(&out, s);
	json_decref(s);
	json_t *syn = json_object_get(c->synonyms, "synonyms");
	json_t *filler = json_object_get(c->synonyms, "filler");
	buf_puts(&out, ",\n\"synonyms\":");
	if (json_is_object(syn))
		put_json(&out, syn);
	else
		buf_puts(&out, "{}");
	buf_puts(&out, ",\n\"filler\":");
	if (json_is_array(filler))
		put_json(&out, filler);
	else
		buf_puts(&out, "[]");
	/* words that mark a question as about something else (other loans,
	 * exams …), words that keep it ours whatever else it says, words that
	 * mark an answer for a special case (续贷, 研究生), and the loan's own
	 * names, which nearly every question says */
	static const char *const lists[] = {"off_topic", "on_topic", "qualifiers", "names"};
	for (size_t i = 0; i < sizeof lists / sizeof *lists; i++) {
		json_t *l = json_object_get(c->synonyms, lists[i]);
		buf_printf(&out, ",\n\"%s\":", lists[i]);
		if (json_is_array(l))
			put_json(&out, l);
		else
			buf_puts(&out, "[]");
	}
	buf_puts(&out, ",\n\"entries\":[");
	fwrite(out.ptr, 1, out.len, f);
	buf_free(&out);
	/* the pages' entries go straight to the file (tens of MB for a big
	 * site); each was written with a leading comma, dropped on the first */
	int first = 1;
	for (size_t i = 0; i < c->n_pages; i++) {
		const char *e = c->pages[i]->search;
		if (!e || !*e)
			continue;
		fputs(e + first, f);
		first = 0;
	}
	fputs("\n]}\n", f);
	return ferror(f) ? -1 : 0;
}
