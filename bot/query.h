/* query — a parent's question turned into search terms.
 *
 * The question is normalized (normalize.h), the filler parents add (请问,
 * 我想问一下 …, from synonyms.yaml via the index) is cut out, and the rest
 * is split into words with ICU's dictionary word breaker. Each word that
 * carries meaning becomes a term group; a phrase that synonyms.yaml lists
 * as a variant (还钱, 能贷多少) adds its canonical word (还款, 额度) to the
 * groups of the words it covers, and as a term of its own. A query owns its
 * strings; query_free() releases them.
 */
#ifndef MINGBAI_QUERY_H
#define MINGBAI_QUERY_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"
#include "normalize.h"

typedef struct term_group {
	char **terms; /* normalized; the word first, then canonical synonyms */
	size_t n;
	double idf;   /* filled by the engine */
	int known;    /* some term of the group is in the index */
	int light;    /* a question word (几年, 什么时候) or a vague one (意思,
		       * 情况): it says what kind of answer is wanted, not
		       * what about, so the engine weighs it less */
	int topic;    /* a word of synonyms.yaml, or one of its variants: the
		       * domain's own words (续贷, 材料, 宽限期) */
} term_group;

typedef struct query {
	buf norm;           /* the question in normal form, filler removed */
	term_group *groups;
	size_t n_groups;
} query;

typedef struct query_rules query_rules;

/* Build the rules from the index's synonyms (object: canonical → [variant])
 * and filler (array), normalizing them once. NULL on failure (err). */
query_rules *query_rules_new(const json_t *synonyms, const json_t *filler,
			     normalizer *nz, buf *err);
void query_rules_free(query_rules *r);

/* Analyse text (UTF-8). Returns 0, or -1 if it is not valid UTF-8. */
int query_parse(query_rules *r, normalizer *nz, const char *text, size_t len,
		query *q);
/* The same for text already in normal form (normalize.h). */
void query_parse_normal(query_rules *r, const char *norm, size_t len, query *q);
void query_free(query *q);

/* The FTS5 MATCH expression for q (every term, OR'ed), into out; empty
 * when the question has no searchable word. cols limits the columns, e.g.
 * "{question alt}", or NULL for all. */
void query_match(const query *q, const char *cols, buf *out);

#endif
