/* archetype — the pages `sitegen new` starts from.
 *
 * An archetype is THEME/new/KIND.md (notice, guide, faq), as Hugo has
 * them: a page with its front matter, in which `sitegen new` fills in
 * {{title}} and {{date}} (today) and nothing else, so a {{policy.NAME}}
 * stays for the build to fill. The words are the theme's; a county words
 * its own.
 *
 * Functions append to caller-owned bufs and report to a diag as
 * "path: message".
 */
#ifndef MINGBAI_ARCHETYPE_H
#define MINGBAI_ARCHETYPE_H

#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* THEME/new/KIND.md appended to out. Returns 0, or -1 after reporting
 * that it cannot be read, at its path. */
int archetype_read(const char *theme_dir, const char *kind, buf *out, diag *d);

/* text (len bytes) appended to out with every {{title}} replaced by title
 * and every {{date}} by date; the rest as it is. */
void archetype_fill(const char *text, size_t len, const char *title,
		    const char *date, buf *out);

#endif
