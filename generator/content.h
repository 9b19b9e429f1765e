/* content — the content/ folder read into memory and checked.
 *
 * content_load() reads site.yaml (policy variables first, then every other
 * value with {{policy.NAME}} filled in), synonyms.yaml, and every *.md page
 * in guides/, notices/, faq/ and leaflets/: front matter, variables, then
 * Markdown. FAQ pages are split into entries (## question, optional 也问：
 * line of alternate phrasings, answer). Every problem is reported to the
 * diag as "path:line: message"; loading goes on so one run shows them all.
 *
 * The content struct owns everything it holds; content_free() frees it.
 * Pages keep their front matter as a JSON object; title, date and the like
 * are borrowed pointers into it.
 */
#ifndef MINGBAI_CONTENT_H
#define MINGBAI_CONTENT_H

#include <jansson.h>

#include "archetype.h"
#include "buf.h"
#include "diag.h"
#include "markdown.h"

typedef enum page_kind {
	KIND_GUIDE,
	KIND_NOTICE,
	KIND_FAQ,
	KIND_LEAFLET,
	KIND_COUNT
} page_kind;

/* The folder and URL segment of each kind: "guides", "notices", … */
const char *kind_dir(page_kind k);

typedef struct faq_entry {
	char *question; /* the heading text */
	char *id;       /* its anchor on the category page */
	char **alt;     /* alternate phrasings from the 也问： line */
	size_t n_alt;
	char *text;     /* the answer as plain text */
	int line;
	int alt_line;   /* the 也问 line, 0: none */
} faq_entry;

typedef struct page {
	page_kind kind;
	char *path; /* content/guides/huankuan.md */
	char *slug;
	char *url; /* /guides/huankuan/ */
	json_t *fm;
	const char *title, *date, *updated, *summary, *valid_until;
	int weight;
	md_doc *md;
	faq_entry *faq;
	size_t n_faq;
	char *search; /* this page's search.json entries, made when rendered */
} page;

typedef struct content {
	char *dir;
	json_t *site;     /* site.yaml */
	json_t *policy;   /* borrowed from site */
	json_t *synonyms; /* synonyms.yaml ({} when absent) */
	page **pages;     /* sorted: kind, weight, date (newest first), title */
	size_t n_pages;
	size_t n_drafts;
	/* the placeholders of the theme's archetypes, which no page may still
	 * hold; borrowed, set by the caller between content_load_site() and
	 * content_load_pages() (NULL: not checked) */
	const placeholder_list *placeholders;
} content;

/* Largest content file read; anything bigger is refused with a message. */
#define CONTENT_MAX_FILE (4u << 20)

/* Called on a loader thread for each page that loaded without errors and
 * is not a draft. The generator renders the page there, so a page's
 * Markdown tree lives only while that page is written: 10,000 trees held
 * at once cost more time in the allocator than parsing them does. The
 * hook may keep things in the page (search entries) and release its tree.
 * Calls run concurrently; the hook does its own locking. */
typedef void (*page_hook)(page *p, void *arg);

/* The two halves of content_load, for a caller that needs site.yaml before
 * any page is read. content_load_site() reads site.yaml and synonyms.yaml;
 * it returns -1 when site.yaml is unusable (no page can be read without its
 * variables), else 0 (a bad synonyms.yaml is reported to d).
 * content_load_pages() reads every page on `jobs` threads (0: one per
 * core), calling hook (may be NULL) for each good page; it returns 0 when
 * every page loaded without errors, -1 otherwise (details went to d). */
int content_load_site(content *c, const char *dir, diag *d);
int content_load_pages(content *c, diag *d, int jobs, page_hook hook, void *arg);

/* Both halves with no hook. c is always safe to content_free(). */
int content_load(content *c, const char *dir, diag *d);
void content_free(content *c);

/* The line of "key:" at the start of a line of c's site.yaml (of its list
 * item nth_item when nth_item >= 0), 0 when it is not there: for messages
 * about a value of site.yaml, which has no line of its own once loaded. */
int content_site_line(const content *c, const char *key, int nth_item);

#endif
