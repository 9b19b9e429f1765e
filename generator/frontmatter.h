/* frontmatter — the YAML block between two "---" lines at the top of a page.
 *
 * frontmatter_split() finds the block and the body without copying;
 * frontmatter_parse() also turns the block into a JSON object (through
 * yamljson, so each value may pass a callback such as variable filling).
 * The fields object is a new reference owned by the caller.
 */
#ifndef MINGBAI_FRONTMATTER_H
#define MINGBAI_FRONTMATTER_H

#include <jansson.h>

#include "buf.h"
#include "diag.h"
#include "yamljson.h"

typedef struct frontmatter {
	slice yaml;      /* the text between the fences */
	slice body;      /* everything after the closing fence */
	int yaml_line;   /* file line of the YAML's first line */
	int body_line;   /* file line of the body's first line */
} frontmatter;

/* Returns 0, or -1 after reporting "path:line: ..." (no opening fence, no
 * closing fence). A UTF-8 byte order mark before the fence is skipped. */
int frontmatter_split(const char *text, size_t len, const char *path,
		      frontmatter *fm, diag *d);

/* Split and parse. *fields is set to a new object on success. */
int frontmatter_parse(const char *text, size_t len, const char *path,
		      frontmatter *fm, json_t **fields, yaml_scalar_fn fn,
		      void *ctx, diag *d);

#endif
