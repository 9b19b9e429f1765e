/* sections — the pages that list other pages, one function each: the home
 * page, the guides, the notices by year, the FAQ index, the tags and each
 * tag's page, the offices, the 404 page, the answer page (/ask/ and the
 * template the bot server fills, public/_bot/ask.mustache) and the
 * leaflets (their print files and PDFs, and the page listing them).
 *
 * Each is rendered through the theme into the output (output.h); failures
 * are reported to the build's diag. Nothing is kept after a call.
 */
#ifndef MINGBAI_SECTIONS_H
#define MINGBAI_SECTIONS_H

#include "build.h"

/* Notices are listed by date, newest first, whatever their weight: sorts
 * them so in b->c.pages (where they are one run, content.h). */
void sections_sort_notices(build *b);
/* Every list page, the answer page and the leaflets. 0, or -1 when one of
 * them failed. */
int sections_render(build *b);
/* The leaflets alone (sitegen check makes them, into a folder it removes,
 * to check their page counts). */
int sections_leaflets(build *b);

#endif
