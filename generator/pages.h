/* pages — the content pages: a guide, a notice or an FAQ category through
 * the theme's single or faq-category template.
 *
 * pages_loaded() is the content loader's page hook (content.h): it runs on
 * a loader thread as soon as a page is parsed, writes the page, keeps its
 * search.json entries in p->search (the page owns them) and releases its
 * Markdown tree. Leaflets are skipped: sections.c makes them after the
 * pages, one engine each. A page that cannot be written is reported by
 * output_page(), which fails the build.
 */
#ifndef MINGBAI_PAGES_H
#define MINGBAI_PAGES_H

#include "content.h"

/* arg is the build. */
void pages_loaded(page *p, void *arg);

#endif
