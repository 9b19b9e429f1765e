/* context — the JSON every theme template is rendered against.
 *
 * context_site() makes the build's "site" object from site.yaml once (base
 * URL, today, the hotline, the titles of the sections and of the other
 * pages, the bot's settings); the other functions make a
 * page's context around it: {site, page, nav} for any page (context_base),
 * plus a content page's text, dates, tags and table of contents
 * (context_page). The refs (context_page_ref, context_faq_entry_ref) are
 * the short form of a page or an FAQ entry that lists hold.
 *
 * Every json_t * returned is a new reference the caller owns and
 * json_decref()s; the site object is shared into each context, not copied.
 * Safe on render threads once context_site() has run: they only read the
 * build.
 */
#ifndef MINGBAI_CONTEXT_H
#define MINGBAI_CONTEXT_H

#include <jansson.h>

#include "build.h"

/* b->site from site.yaml and the options, b->section_title from its
 * sections: and b->page_title, b->page_description from its pages:.
 * Reports to b->d and returns -1 when site.yaml lacks what every page needs
 * (a valid base_url, a hotline with a phone number, a title for each
 * section and for each page of pages:). */
int context_site(build *b);

/* The title of the section pages of kind k belong to (site.yaml's
 * sections:, by kind_dir: sections.guides …). */
const char *context_section_title(const build *b, page_kind k);
/* The title of page p and its description (NULL: the site's), from
 * site.yaml's pages: (pages.offices.title …). */
const char *context_page_title(const build *b, site_page p);
const char *context_page_description(const build *b, site_page p);

/* {site, page: {title, url, permalink, description, is_home}, nav}; a NULL
 * description is the site's. */
json_t *context_base(build *b, const char *title, const char *url,
		     const char *description);
/* page.breadcrumbs: the section when section_title is set, else none; the
 * theme puts the link home before them and the page after them. */
void context_crumbs(json_t *page, const char *section_title, const char *section_url);
/* A content page's full context: its front matter, dates, tags, table of
 * contents, section and the HTML of its text. */
json_t *context_page(build *b, page *p);

/* {title, url, summary, date, updated, doc_number, expired} */
json_t *context_page_ref(const build *b, const page *p);
/* {question, url, category} for entry e of FAQ page p */
json_t *context_faq_entry_ref(const page *p, const faq_entry *e);
/* Refs of the notices, newest first, at most max; expired ones only when
 * include_expired. */
json_t *context_notices(const build *b, int include_expired, size_t max);
/* The FAQ entries site.yaml's top_questions names, or else the first
 * question of each category (at most 8). */
json_t *context_top_questions(const build *b);

#endif
