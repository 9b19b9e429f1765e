/* archetype — the pages `sitegen new` starts from, and the text in them a
 * clerk must replace.
 *
 * An archetype is THEME/new/KIND.md (notice, guide, faq), as Hugo has
 * them: a page with its front matter, in which `sitegen new` fills in
 * {{title}} and {{date}} (today) and nothing else, so a {{policy.NAME}}
 * stays for the build to fill. The words are the theme's; a county words
 * its own.
 *
 * Every line of an archetype's body that is not a heading, blank or a rule
 * ("---") is a placeholder: text the clerk replaces. A page that still
 * holds one fails the check (content.c), so the check follows the
 * archetypes as a county words them. A line "LABEL：text" keeps its label
 * (也问：…): the text after it is the placeholder. A label alone ("来源：",
 * filled in after the colon) is one only where a line is just that label.
 *
 * Functions append to caller-owned bufs and report to a diag as
 * "path: message". A placeholder_list owns its strings until
 * placeholder_list_free(); it is read-only once made, so the content
 * loader's threads share it.
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

typedef struct placeholder {
	char *text;     /* what a line still holding it contains */
	int whole_line; /* a label alone: only a line that is just it */
} placeholder;

typedef struct placeholder_list {
	placeholder *items;
	size_t n, cap;
} placeholder_list;

/* The placeholders of every archetype under theme_dir, added to l (which
 * starts zeroed). Returns 0, or -1 after reporting each archetype that
 * cannot be read or has no front matter; l then holds the others'. */
int archetype_placeholders(const char *theme_dir, placeholder_list *l, diag *d);

/* 1 when the line s (n bytes, no newline) still holds a placeholder of l. */
int placeholder_in(const placeholder_list *l, const char *s, size_t n);

void placeholder_list_free(placeholder_list *l);

#endif
