/* escape — writing text safely into HTML, XML and URLs.
 *
 * Each function appends to a caller-owned buf. HTML escaping covers the five
 * characters that matter in text and quoted attributes (& < > " '), which is
 * also what XML (sitemap, Atom) needs. Mustache's {{name}} uses it.
 */
#ifndef MINGBAI_ESCAPE_H
#define MINGBAI_ESCAPE_H

#include <stddef.h>

#include "buf.h"

void escape_html(buf *out, const char *s, size_t n);
/* Write s as the inside of a JSON string (no quotes): ", \ and control
 * characters escaped; UTF-8 passes through as is. */
void escape_json(buf *out, const char *s, size_t n);
/* What escape_url leaves as it is besides the unreserved characters
 * (letters, digits, '-', '_', '.', '~'). */
typedef enum url_keep {
	URL_KEEP_UNRESERVED, /* nothing more: a name or a value in a query */
	URL_KEEP_SLASH,      /* '/': a path with Chinese names (sitemap, feed) */
	URL_KEEP_ASCII,      /* every visible ASCII byte but '"', '<' and '>': a
				path that may already hold %XX, '?' or '#' (the
				links of a leaflet's QR codes) */
} url_keep;
/* Percent-encode (%XX, upper case) every byte of s that keep does not keep:
 * UTF-8, spaces and control bytes always. */
void escape_url(buf *out, const char *s, size_t n, url_keep keep);
/* Decode %XX escapes (and '+' as space when form is set) into out. Returns
 * -1 on a malformed escape; out may then hold a partial result. */
int unescape_url(buf *out, const char *s, size_t n, int form);

#endif
