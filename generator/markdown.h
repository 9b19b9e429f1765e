/* markdown — content Markdown through cmark-gfm, made fit for Chinese pages.
 *
 * md_parse() parses CommonMark with the GFM table, strikethrough and
 * autolink extensions, then:
 *   - drops soft line breaks next to CJK text (a newline inside a Chinese
 *     paragraph must not become a space);
 *   - gives every heading a stable id from its text ("## 还款时间" →
 *     "还款时间"; "## 标题 {#id}" chooses one), unique within the page;
 *   - records internal links ("/..." and "#...") with their lines, for the
 *     generator to check once every page is known.
 * Raw HTML in content is never passed through (cmark's safe mode).
 *
 * An md_doc owns its cmark tree and everything in it; md_free() frees it.
 * Node pointers handed out stay valid until md_free(). The tree lives in an
 * arena of its own (see markdown.c): outside this module, cmark calls on it
 * may only read (no cmark_node_get_literal, which may allocate) or unlink
 * and free nodes.
 */
#ifndef MINGBAI_MARKDOWN_H
#define MINGBAI_MARKDOWN_H

#include <cmark-gfm.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"

typedef struct md_heading {
	int level;
	int line;
	char *id;
	char *text; /* plain text, without a {#id} suffix */
	cmark_node *node;
} md_heading;

typedef struct md_link {
	char *url;
	int line;
} md_link;

typedef struct md_doc {
	cmark_node *root;
	int first_line;
	md_heading *headings;
	size_t n_headings;
	md_link *links;
	size_t n_links;
} md_doc;

/* text must be valid UTF-8 with variables already filled in; first_line is
 * the file line of its first line. Never fails (Markdown has no errors);
 * a bad {#id} is reported to d as a warning. */
/* Register cmark-gfm's extensions; call once before parsing in threads. */
void md_init(void);

md_doc *md_parse(const char *text, size_t len, int first_line,
		 const char *path, diag *d);
void md_free(md_doc *doc);
/* Free the cmark tree but keep the headings (ids, text, lines) and links:
 * a rendered page needs no tree, and 10,000 trees do not fit in memory.
 * Heading node pointers become NULL; render functions may not be called. */
void md_release_tree(md_doc *doc);

/* Render the whole document as HTML, headings with their ids. */
void md_render_html(md_doc *doc, buf *out);
/* Render one block node (and its children) as HTML; heading ids included. */
void md_render_node_html(md_doc *doc, cmark_node *node, buf *out);

/* Plain text of a node of doc: inline text joined, blocks separated by
 * newlines, table cells by spaces. */
void md_node_text(md_doc *doc, cmark_node *node, buf *out);

/* The file line where a node starts (an inline node: its block's line). */
int md_node_line(md_doc *doc, cmark_node *node);

/* The heading record for a heading node, or NULL. */
md_heading *md_heading_of(md_doc *doc, cmark_node *node);

/* Make a heading id from text (the same rule md_parse uses), into out. */
void md_slugify(const char *text, size_t len, buf *out);

#endif
