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
} faq_entry;

typedef struct page {
	page_kind kind;
	char *path; /* content/guides/huankuan.md */
	char *slug;
	char *url; /* /guides/huankuan/ */
	json_t *fm;
	const char *title, *date, *updated, *summary, *valid_until;
	int weight;
	buf body; /* the Markdown with variables filled in */
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
} content;

/* Largest content file read; anything bigger is refused with a message. */
#define CONTENT_MAX_FILE (4u << 20)

/* Returns 0 when everything loaded without errors, -1 otherwise (details
 * went to d). c is always safe to content_free(). */
int content_load(content *c, const char *dir, diag *d);
void content_free(content *c);

/* Check "YYYY-MM-DD" is a real calendar date. */
int date_valid(const char *s);

#endif
