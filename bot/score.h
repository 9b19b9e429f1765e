/* score — how much of a question an entry holds.
 *
 * A question is a list of term groups (query.h); each term is read as the
 * index reads text (character pairs, or a lone character, ASCII words,
 * numbers) and each of those tokens is weighed by how rare it is in the
 * index. A term is found in a text to the share of its weight whose tokens
 * occur there, so a typo costs one pair of a word, not the word. The engine
 * (engine.c) turns these measures into the features it ranks by.
 *
 * An analysis owns its arrays; score_free() releases them. It borrows the
 * query's strings, so it must not outlive the query. A scorer borrows
 * everything it points to from the engine that holds it.
 */
#ifndef MINGBAI_SCORE_H
#define MINGBAI_SCORE_H

#include <stddef.h>

#include "buf.h"
#include "query.h"
#include "vocab.h"

typedef struct scorer {
	vocab *vocab;    /* how many entries hold each token */
	double n_docs;   /* how many entries there are */
	char **names;    /* the loan's own names (synonyms.yaml names:) */
	size_t n_names;
	char **qual;     /* words of a special case (synonyms.yaml qualifiers:) */
	size_t n_qual;
} scorer;

typedef struct qtok {
	const char *s;
	int len;
	double idf;
	int known;       /* the index has it */
	unsigned df;
	unsigned group, term;
	double prio;     /* idf times its group's share (light words less): the
			  * order in which tokens are searched (score_match) */
} qtok;

typedef struct qterm {
	double weight;            /* sum of its tokens' idf */
	unsigned group, first, n; /* its tokens: toks[first .. first+n) */
} qterm;

typedef struct qchar {
	const char *s; /* into a qtok */
	int len;
	unsigned group;
	double idf;
} qchar;

typedef struct analysis {
	qtok *toks;
	size_t n_toks, cap_toks;
	qterm *terms;
	size_t n_terms, cap_terms;
	double *gweight; /* per group */
	double *gmatch;  /* per group, scratch: what the last text held */
	double *gknown;  /* per group: share of its weight the index has */
	int *gtopic;     /* per group: a domain word (term_group.topic) */
	int *glight;     /* per group: weighed down (a question word, the loan's name) */
	double *gall;    /* per group, scratch: gmatch in the whole entry */
	double *tmatch;  /* per term, scratch */
	qchar *chars;    /* the Han characters of every token, for score_soft */
	size_t n_chars, cap_chars;
	double *gchar;   /* per group: its rarest character's idf */
	size_t n_groups;
	double total;    /* sum of group weights */
	double unknown;  /* share of it in tokens the index lacks */
	buf expanded;    /* the question and its canonical words, for precision */
} analysis;

/* The tokens and weights of q. A group weighs what its lightest term weighs
 * (a synonym the pages use is as good as the word the parent used), less
 * for a question word or one of the loan's names; it is unknown to the
 * share none of its terms' tokens are in the index. */
void score_analyse(const scorer *s, const query *q, analysis *a);
void score_free(analysis *a);

/* Share of the question's weight found in text[0, len); leaves each group's
 * share in a->gmatch for the functions below. */
double score_coverage(const analysis *a, const char *text, size_t len);
/* After score_coverage(): the share of the question's domain words the text
 * held; -1 when the question has none. */
double score_subject(const analysis *a);
/* After score_coverage() of the whole entry, copied to gall, and of its
 * phrasings: the entry's share, a domain word counting only where the
 * phrasings hold it. */
double score_own_coverage(const analysis *a);
/* After score_coverage(): the largest share of the question held by one
 * word the index knows but the text lacks. */
double score_missed(const analysis *a);
/* After score_coverage() of an entry's phrasings (p): the share of the
 * question in words they lack but share a rare character with. */
double score_soft(const analysis *a, const char *p, size_t len);
/* How well one phrasing fits: the harmonic mean of its share of the
 * question and the question's share of it. */
double score_fit(const scorer *s, const analysis *a, const char *p, size_t len);
/* The FTS5 MATCH expression that finds the candidates, into m: the
 * question's weighty words, and its light ones (the loan's name, 问谁)
 * only where with_light or it has nothing else. Returns 1 when light
 * words were left out of m. */
int score_match(const analysis *a, buf *m, int with_light);
/* Does an entry's phrasings (qn) name a special case the question does not? */
int score_special_case(const scorer *s, const analysis *a, const char *qn);

#endif
