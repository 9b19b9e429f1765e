/* template — Mustache templates compiled once to an op list, rendered many times.
 *
 * A template_set owns every template compiled through it and the partials they
 * name; template_set_free() frees them all. Partials (and ~inheritance parents)
 * are fetched through the set's loader and compiled once, at compile time,
 * so rendering never parses and never writes to shared state: one compiled
 * set may be rendered from several threads at once.
 *
 * Data are Jansson values, borrowed for the duration of a render. Output is
 * appended to a caller-owned buf. Errors name the file and line of the tag:
 * "themes/default/layout.mustache:12: unclosed {{#items}}: no {{/items}}
 * after it" (the file is DIR/NAME.mustache for template_dir_loader, else the
 * name given). A template that fails to compile is not kept: the set never
 * returns a half-built one, and asking again compiles it again.
 *
 * Implements the Mustache spec (comments, delimiters, interpolation with
 * dotted names and implicit iterator, sections, inverted sections, partials
 * with standalone indentation, ~inheritance with blocks and parents).
 */
#ifndef MINGBAI_TEMPLATE_H
#define MINGBAI_TEMPLATE_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

typedef struct template_set template_set;
typedef struct template template;

/* Fill src with the source of the partial called name. Return 0, or -1 when
 * there is none (a missing partial renders as nothing, as the spec says). */
typedef int (*template_loader)(void *ctx, const char *name, buf *src);

template_set *template_set_new(template_loader load, void *ctx);
void template_set_free(template_set *s);

/* Compile src under name (used as the partial name and in messages). The
 * template belongs to the set. NULL on a syntax error, message in err. */
template *template_compile(template_set *s, const char *name, const char *src,
			   size_t len, buf *err);
/* Load name through the loader and compile it, once; later calls return the
 * same template. NULL if it cannot be loaded or compiled (message in err). */
template *template_get(template_set *s, const char *name, buf *err);

/* The first error of the last failed compile on s, split for a caller that
 * reports through its own diagnostics; NULL if no compile on s has failed.
 * line is 0 when the error has none. Valid until the next compile on s or
 * template_set_free. */
typedef struct template_error {
	const char *file;
	int line;
	const char *message; /* without file and line */
} template_error;
const template_error *template_set_error(const template_set *s);

/* Render t against data, appending to out. Returns 0, or -1 with err set. */
int template_render(const template *t, const json_t *data, buf *out, buf *err);

/* A loader for template_set_new: reads DIR/NAME.mustache, ctx being the
 * directory path (a const char * the caller keeps alive). */
int template_dir_loader(void *dir, const char *name, buf *src);

#endif
