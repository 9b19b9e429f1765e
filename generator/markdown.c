#include "markdown.h"

#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm-extension_api.h>
#include <string.h>

#include "arena.h"
#include "mem.h"
#include "utf8.h"

/* The parser is kept with the document: cmark_render_html needs its list of
 * syntax extensions to render tables. */
typedef struct md_impl {
	md_doc doc;
	cmark_parser *parser;
	arena *arena; /* the parser, the tree and every string in it */
} md_impl;

/* cmark allocates each node, string and list through a cmark_mem. A page's
 * tree is thousands of small blocks that die together, and on a 10,000-page
 * build malloc and free took a quarter of the time, so each document's tree
 * lives in its own arena, dropped whole. cmark_mem passes no context, so the
 * arena in use is per thread: every md_ function that lets cmark allocate
 * sets it (enter) and restores the previous one (leave). An allocation with
 * none set is a bug in this file, and stops the program at once. */
static _Thread_local arena *current;

static arena *enter(md_doc *doc)
{
	arena *was = current;
	current = ((md_impl *)doc)->arena;
	return was;
}

static void leave(arena *was) { current = was; }

static arena *in_use(void)
{
	if (!current)
		mem_die("cmark allocation outside a markdown document");
	return current;
}

static void *tree_calloc(size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		mem_die("cmark allocation too large");
	void *p = arena_alloc(in_use(), count * size);
	memset(p, 0, count * size);
	return p;
}

static void *tree_realloc(void *p, size_t n) { return arena_realloc(in_use(), p, n); }

/* Blocks go with the arena. */
static void tree_free(void *p) { (void)p; }

static cmark_mem tree_mem = {tree_calloc, tree_realloc, tree_free};

void md_init(void) { cmark_gfm_core_extensions_ensure_registered(); }

static cmark_parser *new_parser(void)
{
	md_init();
	cmark_parser *p = cmark_parser_new_with_mem(CMARK_OPT_DEFAULT, &tree_mem);
	static const char *exts[] = {"table", "strikethrough", "autolink"};
	for (size_t i = 0; i < sizeof exts / sizeof *exts; i++) {
		cmark_syntax_extension *e = cmark_find_syntax_extension(exts[i]);
		if (e)
			cmark_parser_attach_syntax_extension(p, e);
	}
	return p;
}

static int is_cjk(uint32_t cp) { return cp >= 0x2E80; }

static uint32_t last_cp(const char *s)
{
	size_t n = s ? strlen(s) : 0;
	if (!n)
		return 0;
	size_t i = utf8_back(s, n, 0);
	uint32_t cp;
	utf8_decode(s + i, n - i, &cp);
	return cp;
}

static uint32_t first_cp(const char *s)
{
	uint32_t cp = 0;
	if (s && *s)
		utf8_decode(s, strlen(s), &cp);
	return cp;
}

/* The text next to a soft break: the literal of a text or code node. */
static const char *neighbour_text(cmark_node *n)
{
	if (!n)
		return NULL;
	cmark_node_type t = cmark_node_get_type(n);
	if (t == CMARK_NODE_TEXT || t == CMARK_NODE_CODE)
		return cmark_node_get_literal(n);
	return NULL;
}

static void drop_cjk_softbreaks(cmark_node *root)
{
	cmark_iter *it = cmark_iter_new(root);
	cmark_node **dead = NULL;
	size_t n_dead = 0, cap = 0;
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		if (ev != CMARK_EVENT_ENTER ||
		    cmark_node_get_type(n) != CMARK_NODE_SOFTBREAK)
			continue;
		const char *before = neighbour_text(cmark_node_previous(n));
		const char *after = neighbour_text(cmark_node_next(n));
		if ((before && is_cjk(last_cp(before))) ||
		    (after && is_cjk(first_cp(after)))) {
			if (n_dead == cap) {
				cap = cap ? cap * 2 : 16;
				dead = xrealloc(dead, cap * sizeof *dead);
			}
			dead[n_dead++] = n;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < n_dead; i++)
		cmark_node_free(dead[i]);
	free(dead);
}

static int is_punct(uint32_t cp)
{
	if (cp < 0x80)
		return !((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') ||
			 (cp >= '0' && cp <= '9') || cp == '-' || cp == '_' ||
			 cp == ' ');
	return (cp >= 0x80 && cp <= 0xBF) || (cp >= 0x2000 && cp <= 0x206F) ||
	       (cp >= 0x3000 && cp <= 0x303F) || (cp >= 0xFE30 && cp <= 0xFE4F) ||
	       (cp >= 0xFF00 && cp <= 0xFF0F) || (cp >= 0xFF1A && cp <= 0xFF20) ||
	       (cp >= 0xFF3B && cp <= 0xFF40) || (cp >= 0xFF5B && cp <= 0xFF65);
}

void md_slugify(const char *text, size_t len, buf *out)
{
	size_t start = out->len;
	int dash = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int n = utf8_decode(text + i, len - i, &cp);
		if (n < 0) {
			i++;
			continue;
		}
		if (cp == ' ' || cp == '-' || cp == 0x3000) {
			dash = out->len > start;
		} else if (!is_punct(cp)) {
			if (dash)
				buf_putc(out, '-');
			dash = 0;
			if (cp >= 'A' && cp <= 'Z')
				buf_putc(out, (char)(cp - 'A' + 'a'));
			else
				buf_put(out, text + i, (size_t)n);
		}
		i += (size_t)n;
	}
	if (out->len == start)
		buf_puts(out, "section");
}

static void text_walk(cmark_node *node, buf *out)
{
	cmark_iter *it = cmark_iter_new(node);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		const char *ts = cmark_node_get_type_string(n);
		if (ev == CMARK_EVENT_ENTER) {
			switch (t) {
			case CMARK_NODE_TEXT:
			case CMARK_NODE_CODE:
			case CMARK_NODE_CODE_BLOCK:
				buf_puts(out, cmark_node_get_literal(n));
				break;
			case CMARK_NODE_SOFTBREAK:
				buf_putc(out, ' ');
				break;
			case CMARK_NODE_LINEBREAK:
				buf_putc(out, '\n');
				break;
			default:
				break;
			}
		} else if (ev == CMARK_EVENT_EXIT) {
			if (ts && !strcmp(ts, "table_cell")) {
				buf_putc(out, ' ');
			} else if (t == CMARK_NODE_PARAGRAPH ||
				   t == CMARK_NODE_HEADING ||
				   (ts && (!strcmp(ts, "table_row") ||
					   !strcmp(ts, "table_header")))) {
				if (out->len && out->ptr[out->len - 1] != '\n')
					buf_putc(out, '\n');
			}
		}
	}
	cmark_iter_free(it);
}

void md_node_text(md_doc *doc, cmark_node *node, buf *out)
{
	size_t start = out->len;
	arena *was = enter(doc);
	text_walk(node, out);
	leave(was);
	while (out->len > start && (out->ptr[out->len - 1] == '\n' ||
				    out->ptr[out->len - 1] == ' '))
		buf_truncate(out, out->len - 1);
}

int md_node_line(md_doc *doc, cmark_node *node)
{
	for (cmark_node *n = node; n; n = cmark_node_parent(n)) {
		int l = cmark_node_get_start_line(n);
		if (l > 0)
			return doc->first_line + l - 1;
	}
	return doc->first_line;
}

static int valid_id(const char *s, size_t n)
{
	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* "标题 {#id}": strip the suffix from the heading's last text node and
 * return the id (a new string), or NULL if there is none. */
static char *explicit_id(cmark_node *heading, const char *path, int line,
			 diag *d)
{
	cmark_node *last = cmark_node_last_child(heading);
	if (!last || cmark_node_get_type(last) != CMARK_NODE_TEXT)
		return NULL;
	const char *lit = cmark_node_get_literal(last);
	size_t n = strlen(lit);
	if (n < 4 || lit[n - 1] != '}')
		return NULL;
	const char *open = NULL;
	for (size_t i = n - 1; i-- > 0;)
		if (lit[i] == '{' && lit[i + 1] == '#') {
			open = lit + i;
			break;
		}
	if (!open)
		return NULL;
	const char *id = open + 2;
	size_t idn = (size_t)(lit + n - 1 - id);
	if (!valid_id(id, idn)) {
		diag_warn(d, path, line,
			  "heading id {#%.*s} may use only letters, digits, '-' and '_'",
			  (int)idn, id);
		return NULL;
	}
	char *r = xstrndup(id, idn);
	size_t keep = (size_t)(open - lit);
	while (keep && lit[keep - 1] == ' ')
		keep--;
	char *rest = xstrndup(lit, keep);
	cmark_node_set_literal(last, rest);
	free(rest);
	return r;
}

static int id_taken(md_doc *doc, const char *id)
{
	for (size_t i = 0; i < doc->n_headings; i++)
		if (!strcmp(doc->headings[i].id, id))
			return 1;
	return 0;
}

static void collect(md_doc *doc, const char *path, diag *d)
{
	size_t cap_h = 0, cap_l = 0;
	buf text = BUF_INIT, id = BUF_INIT;
	cmark_iter *it = cmark_iter_new(doc->root);
	cmark_event_type ev;
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		if (ev != CMARK_EVENT_ENTER)
			continue;
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING) {
			int line = md_node_line(doc, n);
			char *chosen = explicit_id(n, path, line, d);
			buf_reset(&text);
			md_node_text(doc, n, &text);
			buf_reset(&id);
			if (chosen) {
				buf_puts(&id, chosen);
				free(chosen);
			} else {
				md_slugify(text.ptr, text.len, &id);
			}
			if (id_taken(doc, id.ptr)) {
				size_t base = id.len;
				for (int k = 2;; k++) {
					buf_truncate(&id, base);
					buf_printf(&id, "-%d", k);
					if (!id_taken(doc, id.ptr))
						break;
				}
			}
			if (doc->n_headings == cap_h) {
				cap_h = cap_h ? cap_h * 2 : 8;
				doc->headings = xrealloc(doc->headings,
							 cap_h * sizeof *doc->headings);
			}
			md_heading *h = &doc->headings[doc->n_headings++];
			h->level = cmark_node_get_heading_level(n);
			h->line = line;
			h->id = xstrdup(id.ptr);
			h->text = xstrdup(text.ptr);
			h->node = n;
		} else if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			const char *url = cmark_node_get_url(n);
			if (!url || !((url[0] == '/' && url[1] != '/') || url[0] == '#'))
				continue;
			if (doc->n_links == cap_l) {
				cap_l = cap_l ? cap_l * 2 : 8;
				doc->links = xrealloc(doc->links,
						      cap_l * sizeof *doc->links);
			}
			md_link *l = &doc->links[doc->n_links++];
			l->url = xstrdup(url);
			l->line = md_node_line(doc, n);
		}
	}
	cmark_iter_free(it);
	buf_free(&text);
	buf_free(&id);
}

md_doc *md_parse(const char *text, size_t len, int first_line,
		 const char *path, diag *d)
{
	md_impl *m = xcalloc(1, sizeof *m);
	m->arena = arena_new();
	arena *was = enter(&m->doc);
	m->parser = new_parser();
	cmark_parser_feed(m->parser, text, len);
	m->doc.root = cmark_parser_finish(m->parser);
	m->doc.first_line = first_line;
	drop_cjk_softbreaks(m->doc.root);
	collect(&m->doc, path, d);
	leave(was);
	return &m->doc;
}

void md_release_tree(md_doc *doc)
{
	md_impl *m = (md_impl *)doc;
	if (!doc->root)
		return;
	for (size_t i = 0; i < doc->n_headings; i++)
		doc->headings[i].node = NULL;
	/* no cmark_node_free(): its frees would do nothing */
	arena_free(m->arena);
	m->arena = NULL;
	doc->root = NULL;
	m->parser = NULL;
}

void md_free(md_doc *doc)
{
	if (!doc)
		return;
	md_impl *m = (md_impl *)doc;
	for (size_t i = 0; i < doc->n_headings; i++) {
		free(doc->headings[i].id);
		free(doc->headings[i].text);
	}
	for (size_t i = 0; i < doc->n_links; i++)
		free(doc->links[i].url);
	free(doc->headings);
	free(doc->links);
	arena_free(m->arena);
	free(m);
}

md_heading *md_heading_of(md_doc *doc, cmark_node *node)
{
	for (size_t i = 0; i < doc->n_headings; i++)
		if (doc->headings[i].node == node)
			return &doc->headings[i];
	return NULL;
}

/* cmark's renderer has no way to set attributes, so ids are put into its
 * output: in safe mode the only "<hN>" tags in it are real headings, and
 * they come in the same order as the heading nodes of the subtree. */
static void render(md_doc *doc, cmark_node *node, buf *out)
{
	md_impl *m = (md_impl *)doc;
	/* the HTML is one string grown by doubling: plain malloc suits it */
	arena *was = enter(doc);
	char *html = cmark_render_html_with_mem(node, CMARK_OPT_DEFAULT,
						cmark_parser_get_syntax_extensions(m->parser),
						cmark_get_default_mem_allocator());
	leave(was);
	size_t hi = 0;
	if (cmark_node_get_type(node) != CMARK_NODE_HEADING) {
		/* find the first heading record inside this subtree */
		hi = doc->n_headings;
		for (size_t i = 0; i < doc->n_headings; i++) {
			for (cmark_node *p = doc->headings[i].node; p;
			     p = cmark_node_parent(p))
				if (p == node) {
					hi = i;
					break;
				}
			if (hi != doc->n_headings)
				break;
		}
	} else {
		md_heading *h = md_heading_of(doc, node);
		hi = h ? (size_t)(h - doc->headings) : doc->n_headings;
	}
	const char *p = html;
	for (;;) {
		const char *tag = strstr(p, "<h");
		if (!tag)
			break;
		if (tag[2] >= '1' && tag[2] <= '6' && tag[3] == '>' &&
		    hi < doc->n_headings) {
			buf_put(out, p, (size_t)(tag - p));
			buf_printf(out, "<h%c id=\"", tag[2]);
			const char *id = doc->headings[hi++].id;
			for (const char *c = id; *c; c++) {
				if (*c == '"')
					buf_puts(out, "&quot;");
				else if (*c == '&')
					buf_puts(out, "&amp;");
				else
					buf_putc(out, *c);
			}
			buf_puts(out, "\">");
			p = tag + 4;
		} else {
			buf_put(out, p, (size_t)(tag + 2 - p));
			p = tag + 2;
		}
	}
	buf_puts(out, p);
	free(html);
}

void md_render_html(md_doc *doc, buf *out) { render(doc, doc->root, out); }

void md_render_node_html(md_doc *doc, cmark_node *node, buf *out)
{
	render(doc, node, out);
}
