/* build — the state of one site_build(), shared by the modules that make
 * the site (site, context, pages, sections, output, checks); private to
 * them, not an API.
 *
 * site_build() owns the build and everything in it, and frees it all when
 * it returns; the other modules borrow it. Render threads (the content
 * loader's page hook) touch only what `lock` guards; everything else is
 * written by the main thread before they start or after they finish.
 */
#ifndef MINGBAI_BUILD_H
#define MINGBAI_BUILD_H

#include <jansson.h>
#include <pthread.h>

#include "content.h"
#include "diag.h"
#include "links.h"
#include "site.h"
#include "template.h"

/* The pages site.yaml's pages: names, whose titles (required) and
 * descriptions (optional) are the site's words, not the code's. */
typedef enum site_page {
	PAGE_OFFICES,   /* pages.offices: /offices/ */
	PAGE_ASK,       /* pages.ask: /ask/ */
	PAGE_LEAFLETS,  /* pages.leaflets: /leaflets/ */
	PAGE_TAGS,      /* pages.tags: /tags/, and the crumb of every tag page */
	PAGE_NOT_FOUND, /* pages.not_found: /404.html */
	SITE_PAGE_COUNT
} site_page;

typedef struct build {
	const site_opts *o;
	diag *d;
	content c;
	link_set links;
	json_t *site;         /* the "site" object every template sees */
	json_t *tags;         /* tag -> array of page indices */
	json_t *sitemap;      /* [{url, lastmod}] of every page written */
	const char *section_title[KIND_COUNT]; /* site.yaml's sections:, borrowed from site */
	const char *page_title[SITE_PAGE_COUNT]; /* site.yaml's pages:, borrowed from site */
	const char *page_description[SITE_PAGE_COUNT]; /* NULL: the site's */
	template_set *theme;
	placeholder_list placeholders; /* of the theme's archetypes; c borrows it */
	char *tmp;            /* the output folder being written */
	char today[11];       /* YYYY-MM-DD */
	site_stats *st;
	int io_failed;        /* a write failed: the build exits 2 */
	pthread_mutex_t lock; /* guards sitemap, st and io_failed in render threads */
} build;

#endif
