#include "searchjson.h"

#include <string.h>

static void add_entry(json_t *entries, const char *id, const char *kind,
		      const char *category, const char *question, json_t *alt,
		      const char *text, const char *url)
{
	json_t *e = json_object();
	json_object_set_new(e, "id", json_string(id));
	json_object_set_new(e, "kind", json_string(kind));
	json_object_set_new(e, "category", json_string(category ? category : ""));
	json_object_set_new(e, "question", json_string(question));
	json_object_set_new(e, "alt", alt ? alt : json_array());
	json_object_set_new(e, "text", json_string(text));
	json_object_set_new(e, "url", json_string(url));
	json_array_append_new(entries, e);
}

/* "/guides/huankuan/" → "guides/huankuan" */
static void id_base(buf *out, const char *url)
{
	buf_puts(out, url + 1);
	if (out->len && out->ptr[out->len - 1] == '/')
		buf_truncate(out, out->len - 1);
}

static void add_faq(json_t *entries, page *p)
{
	buf id = BUF_INIT, url = BUF_INIT;
	for (size_t i = 0; i < p->n_faq; i++) {
		faq_entry *f = &p->faq[i];
		buf_reset(&id);
		id_base(&id, p->url);
		buf_printf(&id, "/%s", f->id);
		buf_reset(&url);
		buf_printf(&url, "%s#%s", p->url, f->id);
		json_t *alt = json_array();
		for (size_t k = 0; k < f->n_alt; k++)
			json_array_append_new(alt, json_string(f->alt[k]));
		add_entry(entries, id.ptr, "faq", p->title, f->question, alt,
			  f->text, url.ptr);
	}
	buf_free(&id);
	buf_free(&url);
}

/* One entry per ## section; text before the first one is the page's own. */
static void add_guide(json_t *entries, page *p)
{
	buf id = BUF_INIT, url = BUF_INIT, text = BUF_INIT;
	const char *question = p->title;
	md_heading *h = NULL;
	cmark_node *n = cmark_node_first_child(p->md->root);
	for (;;) {
		int boundary = !n || (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
				      cmark_node_get_heading_level(n) <= 2);
		if (boundary) {
			if (text.len) {
				buf_reset(&id);
				id_base(&id, p->url);
				buf_reset(&url);
				buf_puts(&url, p->url);
				if (h) {
					buf_printf(&id, "/%s", h->id);
					buf_printf(&url, "#%s", h->id);
				}
				add_entry(entries, id.ptr, "guide", p->title, question,
					  NULL, text.ptr, url.ptr);
			}
			if (!n)
				break;
			h = md_heading_of(p->md, n);
			question = h ? h->text : p->title;
			buf_reset(&text);
		} else {
			if (text.len)
				buf_putc(&text, '\n');
			md_node_text(n, &text);
		}
		n = cmark_node_next(n);
	}
	buf_free(&id);
	buf_free(&url);
	buf_free(&text);
}

void searchjson_write(content *c, const json_t *site, buf *out)
{
	json_t *root = json_object();
	json_object_set_new(root, "version", json_integer(1));
	json_t *s = json_object();
	static const char *const keys[] = {"title", "owner", "base_url", "hotline",
					   "hotline_name"};
	for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
		json_t *v = json_object_get(site, keys[i]);
		if (v)
			json_object_set(s, keys[i], v);
	}
	json_object_set_new(s, "ask_url", json_string("/ask/"));
	json_object_set_new(root, "site", s);

	json_t *syn = json_object_get(c->synonyms, "synonyms");
	json_object_set_new(root, "synonyms", syn ? json_deep_copy(syn) : json_object());
	json_t *filler = json_object_get(c->synonyms, "filler");
	json_object_set_new(root, "filler",
			    json_is_array(filler) ? json_deep_copy(filler) : json_array());

	json_t *entries = json_array();
	for (size_t i = 0; i < c->n_pages; i++) {
		page *p = c->pages[i];
		if (!p->md)
			continue;
		if (p->kind == KIND_FAQ)
			add_faq(entries, p);
		else if (p->kind == KIND_GUIDE)
			add_guide(entries, p);
	}
	json_object_set_new(root, "entries", entries);
	char *text = json_dumps(root, JSON_COMPACT | JSON_PRESERVE_ORDER);
	buf_puts(out, text);
	buf_putc(out, '\n');
	free(text);
	json_decref(root);
}
