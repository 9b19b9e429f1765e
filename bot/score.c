#include "score.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "utf8.h"
#include "tokenizer.h"

/* at most this many tokens searched, matching at most about this many
 * entries (see score_match()) */
#define MATCH_TOKENS 12
#define MATCH_ROWS 1500

/* a question word's share of its weight (query.h, term_group.light), and a
 * domain word's weight over its rarity (term_group.topic). Checked by the
 * cross-validation of tests/eval/cv.py over {0.15, 0.3, 0.5} × {1, 1.5, 2},
 * features made anew for each: 0.3 and 1.5 gave the best held-out figures. */
#define W_LIGHT 0.3
#define W_TOPIC 1.5

static double idf(const scorer *e, unsigned df)
{
	return log((e->n_docs + 1) / (df + 0.5));
}

typedef struct tok_walk {
	const scorer *e;
	analysis *a;
	unsigned group, term;
} tok_walk;

static int add_tok(void *ctx, int colocated, const char *tok, int len, int s, int end)
{
	(void)colocated;
	(void)s;
	(void)end;
	tok_walk *w = ctx;
	analysis *a = w->a;
	GROW(a->toks, a->n_toks + 1, a->cap_toks);
	unsigned df = vocab_df(w->e->vocab, tok, (size_t)len);
	a->toks[a->n_toks++] = (qtok){tok, len, idf(w->e, df), df > 0, df, w->group, w->term, 0};
	return 0;
}

void score_free(analysis *a)
{
	free(a->toks);
	free(a->terms);
	free(a->gweight);
	free(a->gmatch);
	free(a->gknown);
	free(a->gtopic);
	free(a->glight);
	free(a->gall);
	free(a->tmatch);
	free(a->chars);
	free(a->gchar);
	buf_free(&a->expanded);
}

/* Is word one of the loan's names, or part of one (生源地 of
 * 生源地信用助学贷款)? */
static int a_name(const scorer *e, const char *word)
{
	for (size_t i = 0; i < e->n_names; i++)
		if (strstr(e->names[i], word))
			return 1;
	return 0;
}

/* Is the group the loan's name, said one way or another? synonyms.yaml
 * maps 生源地贷款 to 生源地信用助学贷款, which makes it a domain word's
 * group; it is still the name every question says. */
static int names_loan(const scorer *e, const term_group *tg)
{
	for (size_t k = 0; k < tg->n; k++)
		for (size_t i = 0; i < e->n_names; i++)
			if (!strcmp(tg->terms[k], e->names[i]))
				return 1;
	return 0;
}

/* Tokens and weights of q. A group weighs what its lightest term weighs
 * (a synonym the pages use is as good as the word the parent used); it is
 * unknown to the share none of its terms' tokens are in the index. */
void score_analyse(const scorer *e, const query *q, analysis *a)
{
	memset(a, 0, sizeof *a);
	buf_init(&a->expanded);
	buf_put(&a->expanded, q->norm.ptr, q->norm.len);
	a->n_groups = q->n_groups;
	a->gweight = xcalloc(q->n_groups + 1, sizeof *a->gweight);
	a->gmatch = xcalloc(q->n_groups + 1, sizeof *a->gmatch);
	a->gknown = xcalloc(q->n_groups + 1, sizeof *a->gknown);
	a->gtopic = xcalloc(q->n_groups + 1, sizeof *a->gtopic);
	a->glight = xcalloc(q->n_groups + 1, sizeof *a->glight);
	a->gall = xcalloc(q->n_groups + 1, sizeof *a->gall);
	double unknown = 0;
	for (size_t g = 0; g < q->n_groups; g++) {
		const term_group *tg = &q->groups[g];
		double gw = -1, gknown = 0;
		for (size_t k = 0; k < tg->n; k++) {
			if (k) {
				buf_putc(&a->expanded, ' ');
				buf_puts(&a->expanded, tg->terms[k]);
			}
			tok_walk w = {e, a, (unsigned)g, (unsigned)a->n_terms};
			size_t first = a->n_toks;
			tokenize(tg->terms[k], strlen(tg->terms[k]), TOK_QUERY, add_tok, &w);
			if (a->n_toks == first)
				continue;
			double tw = 0, known = 0;
			for (size_t i = first; i < a->n_toks; i++) {
				tw += a->toks[i].idf;
				known += a->toks[i].known ? a->toks[i].idf : 0;
			}
			/* a term's weight is the mean of its tokens: a long word is
			 * not worth more than a short one for being long */
			double mean = tw / (double)(a->n_toks - first);
			GROW(a->terms, a->n_terms + 1, a->cap_terms);
			a->terms[a->n_terms++] = (qterm){tw, (unsigned)g, (unsigned)first,
							 (unsigned)(a->n_toks - first)};
			if (gw < 0 || mean < gw)
				gw = mean;
			if (tw > 0 && known / tw > gknown)
				gknown = known / tw;
		}
		if (gw < 0)
			gw = 0;
		double factor = 1;
		a->glight[g] = tg->light || names_loan(e, tg) ||
			       (!tg->topic && a_name(e, tg->terms[0]));
		if (a->glight[g])
			factor *= W_LIGHT;
		else if (tg->topic)
			factor *= W_TOPIC;
		gw *= factor;
		for (size_t i = 0; i < a->n_toks; i++)
			if (a->toks[i].group == g)
				a->toks[i].prio = a->toks[i].idf * factor;
		a->gweight[g] = gw;
		a->gknown[g] = gknown;
		a->gtopic[g] = tg->topic;
		a->total += gw;
		unknown += gw * (1 - gknown);
	}
	a->tmatch = xcalloc(a->n_terms + 1, sizeof *a->tmatch);
	a->unknown = a->total > 0 ? unknown / a->total : 1;
	/* each character's rarity once per question, not once per candidate */
	a->gchar = xcalloc(q->n_groups + 1, sizeof *a->gchar);
	for (size_t i = 0; i < a->n_toks; i++) {
		const qtok *t = &a->toks[i];
		for (int k = 0; k < t->len;) {
			uint32_t cp;
			int l = utf8_decode(t->s + k, (size_t)(t->len - k), &cp);
			if (l <= 0)
				break;
			if (utf8_is_han(cp)) {
				double w = idf(e, vocab_df(e->vocab, t->s + k, (size_t)l));
				GROW(a->chars, a->n_chars + 1, a->cap_chars);
				a->chars[a->n_chars++] = (qchar){t->s + k, l, t->group, w};
				if (w > a->gchar[t->group])
					a->gchar[t->group] = w;
			}
			k += l;
		}
	}
}

/* Share of the question's weight found in text[0, len). */
double score_coverage(const analysis *a, const char *text, size_t len)
{
	if (a->total <= 0)
		return 0;
	for (size_t g = 0; g < a->n_groups; g++)
		a->gmatch[g] = 0;
	for (size_t t = 0; t < a->n_terms; t++) {
		const qterm *qt = &a->terms[t];
		assert(qt->first + qt->n <= a->n_toks && qt->group < a->n_groups);
		double have = 0;
		for (unsigned i = qt->first; i < qt->first + qt->n; i++)
			if (memmem(text, len, a->toks[i].s, (size_t)a->toks[i].len))
				have += a->toks[i].idf;
		double m = qt->weight > 0 ? have / qt->weight : 0;
		if (m > a->gmatch[qt->group])
			a->gmatch[qt->group] = m;
	}
	double have = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		have += a->gweight[g] * a->gmatch[g];
	return have / a->total;
}

/* After coverage(): the share of the question's domain words (续贷, 征信)
 * that the text just covered holds; -1 when the question has none. The
 * subject of a question must be what an entry is about, not a word its
 * answer mentions in passing. */
double score_subject(const analysis *a)
{
	double all = 0, have = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		if (a->gtopic[g]) {
			all += a->gweight[g];
			have += a->gweight[g] * a->gmatch[g];
		}
	return all > 0 ? have / all : -1;
}

/* After coverage() of the whole entry, saved in gall, and of its phrasings
 * in gmatch: the share of the question the entry holds, a domain word
 * counting only where the phrasings hold it. */
double score_own_coverage(const analysis *a)
{
	if (a->total <= 0)
		return 0;
	double have = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		have += a->gweight[g] * (a->gtopic[g] ? a->gmatch[g] : a->gall[g]);
	return have / a->total;
}

/* After coverage(): the largest share of the question held by one word
 * the index knows but this text lacks. A question about 房贷 or 车贷 finds
 * our answers on 利率 or 提前还款, yet the word that makes it another
 * question is missing from them; a word the index has never seen (洪水,
 * 读博) says the question is unusual, not that it is about something else. */
double score_missed(const analysis *a)
{
	double m = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		if (a->gknown[g] >= 0.5 && a->gmatch[g] < 0.5 && a->gweight[g] > m)
			m = a->gweight[g];
	return a->total > 0 ? m / a->total : 0;
}

/* After score_coverage() of an entry's phrasings: the share of the
 * question in words the phrasings lack but share a rare character with
 * (撤回 and 撤销, 提额 and 额度), each counting by the rarest character it
 * shares over the rarest it has. */
double score_soft(const analysis *a, const char *p, size_t len)
{
	if (a->total <= 0)
		return 0;
	double have = 0;
	for (size_t g = 0; g < a->n_groups; g++) {
		if (a->glight[g] || a->gmatch[g] >= 0.5 || a->gchar[g] <= 0)
			continue;
		double best = 0;
		for (size_t i = 0; i < a->n_chars; i++) {
			const qchar *c = &a->chars[i];
			if (c->group == g && c->idf > best && memmem(p, len, c->s, (size_t)c->len))
				best = c->idf;
		}
		have += a->gweight[g] * (1 - a->gmatch[g]) * best / a->gchar[g];
	}
	return have / a->total;
}

typedef struct prec_walk {
	const scorer *e;
	const buf *q;
	double have, all;
} prec_walk;

static int prec_tok(void *ctx, int colocated, const char *tok, int len, int s, int end)
{
	(void)colocated;
	(void)s;
	(void)end;
	prec_walk *w = ctx;
	double v = idf(w->e, vocab_df(w->e->vocab, tok, (size_t)len));
	w->all += v;
	if (memmem(w->q->ptr, w->q->len, tok, (size_t)len))
		w->have += v;
	return 0;
}

/* How well one phrasing of an entry's question fits: its share of the
 * question's weight (recall) and the question's share of its own weight
 * (precision), as their harmonic mean, so a phrasing that says what was
 * asked and little else wins over a longer one that also says it. */
double score_fit(const scorer *e, const analysis *a, const char *p, size_t len)
{
	double r = score_coverage(a, p, len);
	if (r <= 0)
		return 0;
	prec_walk w = {e, &a->expanded, 0, 0};
	tokenize(p, len, TOK_QUERY, prec_tok, &w);
	double pr = w.all > 0 ? w.have / w.all : 0;
	return pr > 0 ? 2 * r * pr / (r + pr) : 0;
}

static int by_prio(const void *a, const void *b)
{
	const qtok *x = *(const qtok *const *)a, *y = *(const qtok *const *)b;
	return x->prio < y->prio ? 1 : x->prio > y->prio ? -1 : 0;
}

static void quoted(buf *m, const qtok *t)
{
	tokenizer_quote(m, t->s, (size_t)t->len);
}

/* The FTS5 query: the question's rarer tokens OR'ed, so a misspelt word
 * still finds entries by its other pairs; the ranking is ours. bm25 costs a
 * row lookup per matching entry, so the tokens searched are the weightiest
 * (rarest, less a question word's or the loan's name's lightness) up to
 * MATCH_ROWS entries in all; when even the rarest is in more
 * (a question of common words on a big index), its entries must also hold
 * the next rarest. On a 10,000-entry index this is the difference between
 * a p99 of 14 ms and one under 5. */
int score_match(const analysis *a, buf *m, int with_light)
{
	int left_out = 0;
	buf_reset(m);
	const qtok **order = xcalloc(a->n_toks + 1, sizeof *order);
	size_t n = 0;
	for (size_t i = 0; i < a->n_toks; i++) {
		const qtok *t = &a->toks[i];
		int dup = !t->known;
		for (size_t j = 0; j < n && !dup; j++)
			dup = order[j]->len == t->len && !memcmp(order[j]->s, t->s, (size_t)t->len);
		if (!dup)
			order[n++] = t;
	}
	qsort(order, n, sizeof *order, by_prio);
	if (n >= 2 && order[0]->df > MATCH_ROWS) {
		for (size_t i = 0; i < n && i < 3; i++) {
			if (i)
				buf_puts(m, " AND ");
			quoted(m, order[i]);
		}
	} else {
		/* a light word (问谁, 生源地) is searched only when the question
		 * has no other, or the caller asks for it: OR'ed with one
		 * weighty word, the nine pairs of 生源地信用助学贷款 would rank
		 * the entries that repeat the name above those on 续贷 */
		size_t heavy = 0;
		for (size_t i = 0; i < n; i++)
			heavy += order[i]->prio >= order[i]->idf;
		unsigned rows = 0;
		size_t put = 0;
		for (size_t i = 0; i < n && put < MATCH_TOKENS; i++) {
			if (heavy && !with_light && order[i]->prio < order[i]->idf) {
				left_out = 1;
				continue;
			}
			if (put && rows + order[i]->df > MATCH_ROWS)
				break;
			rows += order[i]->df;
			if (put++)
				buf_puts(m, " OR ");
			quoted(m, order[i]);
		}
	}
	free(order);
	return left_out;
}

/* Do an entry's phrasings (qn) name a special case (续贷, 研究生) that
 * the question, with its canonical words, does not? A question that does
 * not say 续贷 is about the first application. */
int score_special_case(const scorer *e, const analysis *a, const char *qn)
{
	for (size_t i = 0; qn && i < e->n_qual; i++)
		if (strstr(qn, e->qual[i]) && !strstr(a->expanded.ptr, e->qual[i]))
			return 1;
	return 0;
}
