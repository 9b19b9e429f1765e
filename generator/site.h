/* site — content/ + a theme → a complete static site, built atomically.
 *
 * site_build() loads and checks the content, then renders every page, list,
 * feed and search.json into a temporary folder beside the output and
 * renames it into place at the end: a failed or interrupted build leaves the
 * previous site untouched. With check_only it stops after the checks.
 *
 * Errors go to the diag as "path:line: message". Nothing here is kept after
 * the call returns.
 */
#ifndef MINGBAI_SITE_H
#define MINGBAI_SITE_H

#include <stddef.h>

#include "diag.h"

typedef struct site_opts {
	const char *content_dir; /* "content" */
	const char *theme_dir;   /* "themes/default" */
	const char *out_dir;     /* "public" */
	const char *base_url;    /* overrides site.yaml's, or NULL */
	const char *today;       /* "YYYY-MM-DD" for expiry, or NULL: the clock */
	const char *cache_dir;   /* leaflet PDF cache, or NULL: render them all */
	int check_only;
	int release;             /* --release: a local base_url or a demo site is an error */
	int jobs;                /* render threads; 0: one per core */
} site_opts;

typedef struct site_stats {
	size_t pages;   /* HTML pages written */
	size_t guides, notices, faq_pages, faq_entries, leaflets, drafts;
	int pdf_skipped;
	double seconds;
} site_stats;

/* Returns 0 on success, 1 when the content has errors (or, for a check,
 * warnings), 2 on a system failure such as a full disk. */
int site_build(const site_opts *o, diag *d, site_stats *st);

#endif
