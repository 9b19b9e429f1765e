/* feed — the files for machines: sitemap.xml, the Atom feed of notices and
 * robots.txt. Each appends to a caller-owned buf; URLs with Chinese names
 * are percent-encoded, as XML consumers expect.
 */
#ifndef MINGBAI_FEED_H
#define MINGBAI_FEED_H

#include <jansson.h>

#include "buf.h"

/* pages: [{url, lastmod?}]; base_url ends with '/'. */
void feed_sitemap(const json_t *pages, const char *base_url, buf *out);
/* notices: [{title, url, summary?, date, updated?}], newest first; the
 * feed's title is the site's, " · ", and section_title (the notices'). */
void feed_atom(const json_t *site, const char *section_title, const json_t *notices,
	       buf *out);
void feed_robots(const char *base_url, buf *out);

#endif
