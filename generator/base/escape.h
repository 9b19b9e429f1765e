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
/* Percent-encode everything but unreserved characters and, when keep_slash,
 * '/' — for putting a path with Chinese names into a sitemap or a QR code. */
void escape_url(buf *out, const char *s, size_t n, int keep_slash);
/* Decode %XX escapes (and '+' as space when form is set) into out. Returns
 * -1 on a malformed escape; out may then hold a partial result. */
int unescape_url(buf *out, const char *s, size_t n, int form);

#endif
