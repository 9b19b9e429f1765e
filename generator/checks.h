/* checks — what a build checks beyond what content.c checks page by page:
 * the site's URLs and every internal link, the base_url the leaflets'
 * QR codes print, the year of the key dates, and (for sitegen check) the
 * leaflets' page counts.
 *
 * Problems go to the build's diag as "path:line: message", in the clerk's
 * language for the ones a clerk fixes in site.yaml. checks_urls() also
 * makes the tag index (b->tags), which the tag pages list; the build owns
 * it. checks_key_dates() marks past-year key dates in b->site (year,
 * past_year) for the home page, whose theme says which year they are for.
 */
#ifndef MINGBAI_CHECKS_H
#define MINGBAI_CHECKS_H

#include "build.h"

/* Every URL the site will have into b->links (pages, their anchors, PDFs,
 * tag pages, the fixed pages), and the tag index into b->tags. A tag with a
 * '/' is an error. */
void checks_urls(build *b);
/* Every internal link of the pages and of site.yaml's nav, quick_links and
 * top_questions leads to a page (and anchor) of the site. */
void checks_links(build *b);
/* A base_url no parent's phone can reach, with leaflets to print it. */
void checks_base_url(build *b);
/* key_dates from a year before this one: year and past_year set on each,
 * the clerk told. */
void checks_key_dates(build *b);
/* The leaflets made into a folder then removed, for their page counts. */
void checks_leaflets(build *b);

#endif
