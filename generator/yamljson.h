/* yamljson — YAML documents (site.yaml, front matter, synonyms.yaml) as
 * Jansson values, with line numbers in every message.
 *
 * Mappings become objects, sequences arrays, scalars strings (quoted or
 * not: the generator decides what a field means, so "2024" stays text);
 * an unquoted true/false becomes a JSON boolean and an empty plain scalar
 * null. Anchors and aliases are refused: content has no use for them and
 * they are how YAML bombs work.
 *
 * Each scalar can pass through a callback before it is stored (the
 * generator fills in {{policy.NAME}} there, so an unknown variable is
 * reported at its own line). The returned value is a new reference.
 */
#ifndef MINGBAI_YAMLJSON_H
#define MINGBAI_YAMLJSON_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "diag.h"

/* Called for each string scalar: may rewrite *value (the buf holds it) and
 * returns 0, or -1 after reporting to d. line is 1-based, in the file. */
typedef int (*yaml_scalar_fn)(void *ctx, buf *value, int line, diag *d);

/* Parse text as one YAML document. first_line is the file line of text's
 * first line (front matter starts at 2). Returns NULL after reporting
 * "path:line: message" to d. An empty document gives an empty object. */
json_t *yaml_to_json(const char *text, size_t len, const char *path,
		     int first_line, yaml_scalar_fn fn, void *ctx, diag *d);

#endif
