/* vars — policy variables: {{policy.NAME}} in Markdown and in YAML values.
 *
 * Figures (amounts, dates, phone numbers) are written once in site.yaml's
 * policy map and referred to by name everywhere else, so a policy change is
 * one edit. A reference to a name that does not exist is a content error
 * reported at its own line. "\{{" is left alone (Markdown then prints "{{").
 */
#ifndef MINGBAI_VARS_H
#define MINGBAI_VARS_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Append text to out with every {{policy.NAME}} replaced by its value from
 * policy (an object of strings). first_line is the file line of text's
 * first byte. Returns 0, or -1 after reporting each bad reference to d
 * (out then holds the text with bad references left as written). */
int vars_expand(const json_t *policy, const char *text, size_t len, buf *out,
		const char *path, int first_line, diag *d);

/* 1 if text contains a variable reference at all (a fast path). */
int vars_present(const char *text, size_t len);

#endif
