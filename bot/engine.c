#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "asking.h"
#include "index.h"
#include "json.h"
#include "mem.h"
#include "normalize.h"
#include "query.h"
#include "tokenizer.h"
#include "typo.h"
#include "utf8.h"
#include "vocab.h"

/* Calibrated with `make eval` on both question sets (README). */
const engine_thresholds engine_default_thresholds = {0.15, 0.85, 0.0, 0.60, 1.20};

#define CANDIDATES 24

/* at most this many tokens searched, matching at most about this many
 * entries (see match_of()) */
#define MATCH_TOKENS 12
#define MATCH_ROWS 1500

/* the ranking's weights (see rank()), set by cross-validation over every
 * question set (tests/eval/cv.py, README "Question bot") */
#define W_COV 1.0
#define W_FIT 0.8
#define W_HEAD 0.0
#define W_BM25 0.0
#define W_FAQ 0.0
#define W_KIND 0.2
#define W_SUBJ 0.0
#define W_CTX 0.1
#define W_COV0 0.0
/* a question word's share of its weight (query.h, term_group.light) */
#define W_LIGHT 0.3
/* a domain word's weight over its rarity (query.h, term_group.topic) */
#define W_TOPIC 1.5

struct engine {
	sqlite3 *db;
	sqlite3_stmt *search, *entry;
	sqlite3_stmt *begin, *commit; /* one read lock per question, not per row */
	vocab *vocab;
	typo *typo; /* NULL for an index without sounds */
	buf fixed;  /* scratch: the question with misspellings corrected */
	normalizer *nz;
	query_rules *rules;
	json_t *site;
	double n_docs;
	engine_thresholds th;
	engine_signals last;
	int explain; /* replies carry every candidate's features (eval) */
	buf match; /* scratch for MATCH expressions */
	/* search.json's "off_topic": words that make a question another
	 * office's (房贷, 信用卡 …) unless it also holds an "on_topic" one */
	char **off, **on;
	size_t n_off, n_on;
	/* search.json's "qualifiers": words that make an answer one for a
	 * special case (续贷, 研究生), which a question must say to get it */
	char **qual;
	size_t n_qual;
	/* search.json's "names": the loan's own names (生源地, 助学贷款). Pages
	 * seldom repeat them, so they look rare, yet nearly every question says
	 * them: they tell what domain a question is in, not what it asks. */
	char **names;
	size_t n_names;
};

typedef struct candidate {
	sqlite3_int64 rowid;
	double bm25; /* positive: higher is better */
	double cov, covq, rank;
	double head; /* share of the question its own phrasings hold */
	double subj; /* share of the question's domain words its phrasings hold */
	double cov0; /* cov, counting a domain word only where its phrasings
		      * hold it: an answer's passing mention is not its topic */
	int ctx;     /* its phrasings name a special case the question does not */
	int asks;    /* asking_fit() of the question's kinds and its phrasings' */
	double miss; /* the heaviest known word of the question it lacks */
	char *key, *kind, *question, *text, *url;
} candidate;

static char **norm_list(engine *e, const json_t *list, size_t *n)
{
	char **out = xcalloc(json_array_size(list) + 1, sizeof *out);
	*n = 0;
	json_t *v;
	size_t i;
	buf b = BUF_INIT;
	json_array_foreach(list, i, v) {
		const char *s = json_string_value(v);
		buf_reset(&b);
		if (s && normalize(e->nz, s, strlen(s), &b) == 0 && b.len)
			out[(*n)++] = xstrdup(b.ptr);
	}
	buf_free(&b);
	return out;
}

static void free_list(char **l, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(l[i]);
	free(l);
}

/* The off_topic word q names (and no on_topic one), or NULL. */
static const char *off_topic(const engine *e, const query *q)
{
	for (size_t i = 0; i < e->n_on; i++)
		if (strstr(q->norm.ptr, e->on[i]))
			return NULL;
	for (size_t i = 0; i < e->n_off; i++)
		if (strstr(q->norm.ptr, e->off[i]))
			return e->off[i];
	return NULL;
}

/* Does the entry at rowid ask, in one of its phrasings, about word? Then
 * the FAQ takes that topic up (会不会影响房贷), and a question naming it
 * is ours when that entry is its best answer and lacks none of its words
 * (房贷可以提前还款吗 finds it too, but not 提前还款 in it). */
static int entry_asks(engine *e, sqlite3_int64 rowid, const char *word)
{
	int yes = 0;
	sqlite3_bind_int64(e->entry, 1, rowid);
	if (sqlite3_step(e->entry) == SQLITE_ROW) {
		const char *qn = (const char *)sqlite3_column_text(e->entry, 6);
		yes = qn && strstr(qn, word);
	}
	sqlite3_reset(e->entry);
	return yes;
}

static int prepare(engine *e, const char *sql, sqlite3_stmt **st, buf *err)
{
	if (sqlite3_prepare_v3(e->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL) ==
	    SQLITE_OK)
		return 0;
	buf_printf(err, "%s", sqlite3_errmsg(e->db));
	return -1;
}

static json_t *meta(engine *e, const char *key)
{
	sqlite3_stmt *st;
	json_t *v = NULL;
	if (sqlite3_prepare_v2(e->db, "SELECT value FROM meta WHERE key = ?1", -1, &st,
			       NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *s = (const char *)sqlite3_column_text(st, 0);
		/* objects and lists are JSON; anything else is plain text */
		if (s && (*s == '{' || *s == '['))
			v = json_loads(s, 0, NULL);
		if (!v)
			v = json_string(s ? s : "");
	}
	sqlite3_finalize(st);
	return v;
}

engine *engine_open(const char *db_path, buf *err)
{
	engine *e = xcalloc(1, sizeof *e);
	e->th = engine_default_thresholds;
	buf_init(&e->match);
	buf_init(&e->fixed);
	json_t *schema = NULL, *syn = NULL, *filler = NULL, *off = NULL, *on = NULL,
	       *qual = NULL, *names = NULL;
	if (sqlite3_open_v2(db_path, &e->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", db_path, sqlite3_errmsg(e->db));
		goto fail;
	}
	if (tokenizer_register(e->db) != SQLITE_OK) {
		buf_printf(err, "cannot register the tokenizer");
		goto fail;
	}
	/* the index is read, never written: map it rather than pread() it */
	sqlite3_exec(e->db, "PRAGMA mmap_size=268435456", NULL, NULL, NULL);
	schema = meta(e, "schema");
	if (!json_is_string(schema) || strcmp(json_string_value(schema), INDEX_SCHEMA)) {
		buf_printf(err, "%s: not a Mingbai index (run askbot index)", db_path);
		goto fail;
	}
	e->site = meta(e, "site");
	syn = meta(e, "synonyms");
	filler = meta(e, "filler");
	if (!e->site)
		e->site = json_object();
	if (!(e->nz = normalizer_new(err)) ||
	    !(e->rules = query_rules_new(syn, filler, e->nz, err)))
		goto fail;
	off = meta(e, "off_topic");
	on = meta(e, "on_topic");
	e->off = norm_list(e, off, &e->n_off);
	e->on = norm_list(e, on, &e->n_on);
	qual = meta(e, "qualifiers");
	e->qual = norm_list(e, json_is_array(qual) ? qual : NULL, &e->n_qual);
	names = meta(e, "names");
	e->names = norm_list(e, json_is_array(names) ? names : NULL, &e->n_names);
	if (prepare(e, "SELECT rowid, bm25(fts, 6.0, 5.0, 1.0, 0.5) AS s FROM fts"
		       " WHERE fts MATCH ?1 ORDER BY s LIMIT ?2", &e->search, err) ||
	    prepare(e, "SELECT key, kind, question, text, url, norm, qnorm, asks FROM entries"
		       " WHERE id = ?1", &e->entry, err) ||
	    prepare(e, "BEGIN", &e->begin, err) || prepare(e, "COMMIT", &e->commit, err) ||
	    !(e->vocab = vocab_load(e->db, err)))
		goto fail;
	e->typo = typo_open(e->db);
	e->n_docs = vocab_docs(e->vocab);
	json_decref(schema);
	json_decref(syn);
	json_decref(filler);
	json_decref(off);
	json_decref(on);
	json_decref(qual);
	json_decref(names);
	return e;
fail:
	json_decref(schema);
	json_decref(syn);
	json_decref(filler);
	json_decref(off);
	json_decref(on);
	json_decref(qual);
	json_decref(names);
	engine_close(e);
	return NULL;
}

void engine_close(engine *e)
{
	if (!e)
		return;
	sqlite3_finalize(e->search);
	sqlite3_finalize(e->entry);
	sqlite3_finalize(e->begin);
	sqlite3_finalize(e->commit);
	vocab_free(e->vocab);
	typo_close(e->typo);
	buf_free(&e->fixed);
	if (e->db)
		sqlite3_close(e->db);
	query_rules_free(e->rules);
	normalizer_free(e->nz);
	json_decref(e->site);
	free_list(e->off, e->n_off);
	free_list(e->on, e->n_on);
	free_list(e->qual, e->n_qual);
	free_list(e->names, e->n_names);
	buf_free(&e->match);
	free(e);
}

const json_t *engine_site(const engine *e) { return e->site; }

void engine_set_thresholds(engine *e, engine_thresholds t) { e->th = t; }

void engine_set_explain(engine *e, int on) { e->explain = on; }

engine_signals engine_last_signals(const engine *e) { return e->last; }

reply_kind engine_decide(engine_thresholds t, engine_signals s)
{
	if (!s.candidates || s.off_topic || s.coverage < t.decline || s.unknown > t.unknown ||
	    s.miss > t.miss)
		return REPLY_DECLINE;
	if (s.gap < t.gap || s.score < t.answer)
		return REPLY_DID_YOU_MEAN;
	return REPLY_ANSWER;
}

/* ---- scoring ---------------------------------------------------------------
 *
 * A question is a list of term groups (query.h); each term is read as the
 * index reads text (character pairs, or a lone character, ASCII words,
 * numbers) and each of those tokens is weighed by how rare it is. A term is
 * found in a text to the share of its weight whose tokens occur there, so
 * a typo costs one pair of a word, not the word. */

typedef struct qtok {
	const char *s;
	int len;
	double idf;
	int known;       /* the index has it */
	unsigned df;
	unsigned group, term;
	double prio; /* idf times its group's share (light words less): the
		      * order in which tokens are searched (match_of) */
} qtok;

typedef struct qterm {
	double weight; /* sum of its tokens' idf */
	unsigned group, first, n; /* its tokens: toks[first .. first+n) */
} qterm;

typedef struct analysis {
	qtok *toks;
	size_t n_toks, cap_toks;
	qterm *terms;
	size_t n_terms, cap_terms;
	double *gweight; /* per group */
	double *gmatch;  /* per group, scratch */
	double *gknown;  /* per group: share of its weight the index has */
	int *gtopic;     /* per group: a domain word (term_group.topic) */
	double *gall;    /* per group, scratch: gmatch in the whole entry */
	double *tmatch;  /* per term, scratch */
	size_t n_groups;
	double total;    /* sum of group weights */
	double unknown;  /* share of it in tokens the index lacks */
	buf expanded;    /* the question and its canonical words, for precision */
} analysis;

static double idf(const engine *e, unsigned df)
{
	return log((e->n_docs + 1) / (df + 0.5));
}

typedef struct tok_walk {
	engine *e;
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

static void analysis_free(analysis *a)
{
	free(a->toks);
	free(a->terms);
	free(a->gweight);
	free(a->gmatch);
	free(a->gknown);
	free(a->gtopic);
	free(a->gall);
	free(a->tmatch);
	buf_free(&a->expanded);
}

/* Is word one of the loan's names, or part of one (生源地 of
 * 生源地信用助学贷款)? */
static int a_name(const engine *e, const char *word)
{
	for (size_t i = 0; i < e->n_names; i++)
		if (strstr(e->names[i], word))
			return 1;
	return 0;
}

/* Tokens and weights of q. A group weighs what its lightest term weighs
 * (a synonym the pages use is as good as the word the parent used); it is
 * unknown to the share none of its terms' tokens are in the index. */
static void analyse(engine *e, const query *q, analysis *a)
{
	memset(a, 0, sizeof *a);
	buf_init(&a->expanded);
	buf_put(&a->expanded, q->norm.ptr, q->norm.len);
	a->n_groups = q->n_groups;
	a->gweight = xcalloc(q->n_groups + 1, sizeof *a->gweight);
	a->gmatch = xcalloc(q->n_groups + 1, sizeof *a->gmatch);
	a->gknown = xcalloc(q->n_groups + 1, sizeof *a->gknown);
	a->gtopic = xcalloc(q->n_groups + 1, sizeof *a->gtopic);
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
		if (tg->light || (!tg->topic && a_name(e, tg->terms[0])))
			factor *= W_LIGHT;
		if (tg->topic)
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
}

/* Share of the question's weight found in text[0, len). */
static double coverage(const analysis *a, const char *text, size_t len)
{
	if (a->total <= 0)
		return 0;
	for (size_t g = 0; g < a->n_groups; g++)
		a->gmatch[g] = 0;
	for (size_t t = 0; t < a->n_terms; t++) {
		const qterm *qt = &a->terms[t];
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
static double subject(const analysis *a)
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
static double own_coverage(const analysis *a)
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
static double missed(const analysis *a)
{
	double m = 0;
	for (size_t g = 0; g < a->n_groups; g++)
		if (a->gknown[g] >= 0.5 && a->gmatch[g] < 0.5 && a->gweight[g] > m)
			m = a->gweight[g];
	return a->total > 0 ? m / a->total : 0;
}

typedef struct prec_walk {
	engine *e;
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
static double fit(engine *e, const analysis *a, const char *p, size_t len)
{
	double r = coverage(a, p, len);
	if (r <= 0)
		return 0;
	prec_walk w = {e, &a->expanded, 0, 0};
	tokenize(p, len, TOK_QUERY, prec_tok, &w);
	double pr = w.all > 0 ? w.have / w.all : 0;
	return pr > 0 ? 2 * r * pr / (r + pr) : 0;
}

static int by_rank(const void *a, const void *b)
{
	const candidate *x = a, *y = b;
	return x->rank < y->rank ? 1 : x->rank > y->rank ? -1 : 0;
}

static char *col(sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);
	return xstrdup(s ? s : "");
}

static int by_prio(const void *a, const void *b)
{
	const qtok *x = *(const qtok *const *)a, *y = *(const qtok *const *)b;
	return x->prio < y->prio ? 1 : x->prio > y->prio ? -1 : 0;
}

static void quoted(buf *m, const qtok *t)
{
	buf_putc(m, '"');
	for (int k = 0; k < t->len; k++) {
		if (t->s[k] == '"')
			buf_putc(m, '"');
		buf_putc(m, t->s[k]);
	}
	buf_putc(m, '"');
}

/* The FTS5 query: the question's rarer tokens OR'ed, so a misspelt word
 * still finds entries by its other pairs; the ranking is ours. bm25 costs a
 * row lookup per matching entry, so the tokens searched are the weightiest
 * (rarest, less a question word's or the loan's name's lightness) up to
 * MATCH_ROWS entries in all; when even the rarest is in more
 * (a question of common words on a big index), its entries must also hold
 * the next rarest. On a 10,000-entry index this is the difference between
 * a p99 of 14 ms and one under 5. */
static void match_of(const analysis *a, buf *m)
{
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
		 * has too few others to find its entries by */
		size_t heavy = 0;
		for (size_t i = 0; i < n; i++)
			heavy += order[i]->prio >= order[i]->idf;
		unsigned rows = 0;
		size_t put = 0;
		for (size_t i = 0; i < n && put < MATCH_TOKENS; i++) {
			if (heavy >= 2 && order[i]->prio < order[i]->idf)
				continue;
			if (put && rows + order[i]->df > MATCH_ROWS)
				break;
			rows += order[i]->df;
			if (put++)
				buf_puts(m, " OR ");
			quoted(m, order[i]);
		}
	}
	free(order);
}

/* Do an entry's phrasings (qn) name a special case (续贷, 研究生) that
 * the question, with its canonical words, does not? A question that does
 * not say 续贷 is about the first application. */
static int special_case(const engine *e, const analysis *a, const char *qn)
{
	for (size_t i = 0; qn && i < e->n_qual; i++)
		if (strstr(qn, e->qual[i]) && !strstr(a->expanded.ptr, e->qual[i]))
			return 1;
	return 0;
}

/* Find and rank the candidates for q; returns how many. */
static size_t rank(engine *e, const analysis *a, unsigned qkinds, candidate *out)
{
	match_of(a, &e->match);
	if (!e->match.len)
		return 0;
	size_t n = 0;
	sqlite3_bind_text(e->search, 1, e->match.ptr, (int)e->match.len, SQLITE_STATIC);
	sqlite3_bind_int(e->search, 2, CANDIDATES);
	while (n < CANDIDATES && sqlite3_step(e->search) == SQLITE_ROW) {
		out[n].rowid = sqlite3_column_int64(e->search, 0);
		out[n].bm25 = -sqlite3_column_double(e->search, 1);
		n++;
	}
	sqlite3_reset(e->search);
	double top = n ? out[0].bm25 : 1;
	for (size_t i = 0; i < n; i++) {
		candidate *c = &out[i];
		sqlite3_bind_int64(e->entry, 1, c->rowid);
		if (sqlite3_step(e->entry) == SQLITE_ROW) {
			c->key = col(e->entry, 0);
			c->kind = col(e->entry, 1);
			c->question = col(e->entry, 2);
			c->text = col(e->entry, 3);
			c->url = col(e->entry, 4);
			const char *norm = (const char *)sqlite3_column_text(e->entry, 5);
			const char *qn = (const char *)sqlite3_column_text(e->entry, 6);
			c->cov = norm ? coverage(a, norm, strlen(norm)) : 0;
			c->miss = missed(a);
			memcpy(a->gall, a->gmatch, a->n_groups * sizeof *a->gall);
			c->head = qn ? coverage(a, qn, strlen(qn)) : 0;
			c->cov0 = own_coverage(a);
			c->subj = subject(a);
			if (c->subj < 0) /* no domain word: the phrasings' share */
				c->subj = c->head;
			c->ctx = special_case(e, a, qn);
			c->asks = asking_fit(qkinds, (unsigned)sqlite3_column_int(e->entry, 7));
			/* the best of the question and its other phrasings */
			c->covq = 0;
			for (const char *p = qn; p && *p;) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);
				double f = fit(e, a, p, len);
				if (f > c->covq)
					c->covq = f;
				p = nl ? nl + 1 : p + len;
			}
		} else {
			c->key = xstrdup("");
			c->kind = xstrdup("");
			c->question = xstrdup("");
			c->text = xstrdup("");
			c->url = xstrdup("");
		}
		sqlite3_reset(e->entry);
		/* what the entry covers of the question counts most; how well one
		 * of its phrasings fits the question next; where the words stand
		 * (bm25, question columns weighed up) breaks ties; a FAQ answer is
		 * preferred to a guide section saying the same */
		c->bm25 = top > 0 ? c->bm25 / top : 0;
		c->rank = W_COV * c->cov + W_FIT * c->covq + W_HEAD * c->head +
			  W_BM25 * c->bm25 + (!strcmp(c->kind, "faq") ? W_FAQ : 0) +
			  W_KIND * c->asks + W_SUBJ * c->subj - W_CTX * c->ctx + W_COV0 * c->cov0;
	}
	qsort(out, n, sizeof *out, by_rank);
	return n;
}

static void free_candidates(candidate *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].key);
		free(c[i].kind);
		free(c[i].question);
		free(c[i].text);
		free(c[i].url);
	}
}

static const char *site_str(engine *e, const char *key, const char *dflt)
{
	const char *s = json_str(e->site, key);
	return s && *s ? s : dflt;
}

/* May the best entry answer a question that names another office's topic
 * or another lender's product (word)? Only when the question asks what
 * our loan does to it or whether one may have both (会不会影响房贷, 有房贷
 * 还能贷吗), and the entry itself asks about it and lacks none of the
 * question's words: 信用卡逾期怎么办 is the card issuer's question even
 * where an entry asks whether a student loan hinders a credit card. */
static int ours_despite(engine *e, const query *q, const candidate *best, const char *word)
{
	unsigned k = asking_kinds(q->norm.ptr, q->norm.len);
	return best && best->miss <= 0 && (k & (ASK_CONSEQUENCE | ASK_ELIGIBILITY)) &&
	       entry_asks(e, best->rowid, word);
}

/* Does the question name another lender's product (and not ours), which
 * the best entry may not answer? Then it is that lender's. */
static int other_product(engine *e, const query *q, const candidate *best)
{
	size_t n;
	const char *p = asking_other_product(q->norm.ptr, q->norm.len, &n);
	if (!p || asking_names_ours(q->norm.ptr, q->norm.len))
		return 0;
	char *word = xstrndup(p, n);
	int theirs = !ours_despite(e, q, best, word);
	free(word);
	return theirs;
}

static json_t *candidate_json(const candidate *c, int explain)
{
	json_t *a = json_object();
	json_object_set_new(a, "id", json_string(c->key));
	json_object_set_new(a, "question", json_string(c->question));
	json_object_set_new(a, "text", json_string(c->text));
	json_object_set_new(a, "url", json_string(c->url));
	json_object_set_new(a, "score", json_real(round(c->rank * 1000) / 1000));
	if (explain)
		json_object_set_new(a, "features",
				    json_pack("{s:f,s:f,s:f,s:f,s:f,s:i,s:i,s:f,s:i,s:f}",
					      "cov", c->cov, "cov0", c->cov0, "fit", c->covq,
					      "head", c->head, "bm25", c->bm25, "faq",
					      !strcmp(c->kind, "faq"), "asks", c->asks, "subj",
					      c->subj, "ctx", -c->ctx, "miss", c->miss));
	return a;
}

/* The sentence under the answers: none for an answer; for the others the
 * site's own words (site.yaml bot.replies, in search.json's site facts),
 * with {hotline_name} and {hotline} filled in, or the hotline alone. */
static void fallback(engine *e, reply_kind k, int suggestions, buf *fb)
{
	if (k == REPLY_ANSWER)
		return;
	const char *hot = site_str(e, "hotline", "");
	const char *hot_name = site_str(e, "hotline_name", "");
	const char *key = k == REPLY_DID_YOU_MEAN ? "did_you_mean"
			  : suggestions           ? "decline_related"
						  : "decline";
	const char *say = json_str(json_object_get(e->site, "replies"), key);
	if (!say || !*say) {
		buf_printf(fb, "%s %s", hot_name, hot);
		return;
	}
	for (const char *p = say; *p;) {
		if (!strncmp(p, "{hotline_name}", 14)) {
			buf_puts(fb, hot_name);
			p += 14;
		} else if (!strncmp(p, "{hotline}", 9)) {
			buf_puts(fb, hot);
			p += 9;
		} else {
			buf_putc(fb, *p++);
		}
	}
}

static const char *const kind_names[] = {"answer", "did_you_mean", "decline"};

json_t *engine_ask_kind(engine *e, const char *text, size_t len, reply_kind *kind,
			buf *err)
{
	query q;
	/* misspellings are corrected on the normal form, which is then read
	 * as the question */
	buf_reset(&e->fixed);
	if (normalize(e->nz, text, len, &e->fixed) < 0) {
		buf_puts(err, "the question is not valid UTF-8");
		return NULL;
	}
	sqlite3_step(e->begin);
	sqlite3_reset(e->begin);
	if (e->typo)
		typo_fix(e->typo, e->vocab, &e->fixed);
	query_parse_normal(e->rules, e->fixed.ptr, e->fixed.len, &q);
	analysis an;
	analyse(e, &q, &an);
	candidate c[CANDIDATES];
	memset(c, 0, sizeof c);
	size_t n = rank(e, &an, asking_kinds(q.norm.ptr, q.norm.len), c);
	const char *off = off_topic(e, &q);
	int other = (off && !ours_despite(e, &q, n ? &c[0] : NULL, off)) ||
		    other_product(e, &q, n ? &c[0] : NULL);
	sqlite3_step(e->commit);
	sqlite3_reset(e->commit);

	engine_signals sig = {(int)n, n ? c[0].cov : 0, an.unknown, n ? c[0].miss : 0, 1, other,
			      n ? c[0].rank : 0};
	/* two answers on one page are one answer */
	if (n > 1 && strcmp(c[0].url, c[1].url))
		sig.gap = c[0].rank - c[1].rank;
	e->last = sig;
	reply_kind k = engine_decide(e->th, sig);

	json_t *r = json_object();
	json_object_set_new(r, "query", json_stringn(text, len));
	json_object_set_new(r, "answered", json_boolean(k == REPLY_ANSWER));
	json_object_set_new(r, "kind", json_string(kind_names[k]));
	json_t *answers = json_array();
	for (size_t i = 0; i < n && json_array_size(answers) < 3; i++) {
		/* a decline suggests only what shares something with the
		 * question, and nothing for another lender's product */
		if (k == REPLY_DECLINE && (other || c[i].cov < e->th.decline / 2))
			continue;
		json_array_append_new(answers, candidate_json(&c[i], 0));
	}
	json_object_set_new(r, "answers", answers);
	buf fb = BUF_INIT;
	fallback(e, k, json_array_size(answers) > 0, &fb);
	json_object_set_new(r, "fallback", json_string(fb.ptr));
	buf_free(&fb);
	if (e->explain) {
		json_t *all = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(all, candidate_json(&c[i], 1));
		json_object_set_new(r, "candidates", all);
		json_t *words = json_array();
		for (size_t g = 0; g < q.n_groups; g++)
			json_array_append_new(words, json_string(q.groups[g].terms[0]));
		json_object_set_new(r, "signals",
				    json_pack("{s:f,s:b,s:o}", "unknown", an.unknown, "other", other,
					      "words", words));
	}
	free_candidates(c, n);
	analysis_free(&an);
	query_free(&q);
	if (kind)
		*kind = k;
	return r;
}

json_t *engine_ask(engine *e, const char *q, size_t len, buf *err)
{
	return engine_ask_kind(e, q, len, NULL, err);
}

json_t *engine_suggest(engine *e, const char *prefix, size_t len, int limit)
{
	json_t *out = json_array();
	query q;
	if (limit <= 0 || query_parse(e->rules, e->nz, prefix, len, &q) < 0) {
		query_free(&q);
		return out;
	}
	buf_reset(&e->match);
	query_match(&q, "{question alt}", &e->match);
	if (e->match.len) {
		sqlite3_bind_text(e->search, 1, e->match.ptr, (int)e->match.len, SQLITE_STATIC);
		sqlite3_bind_int(e->search, 2, limit * 2);
		while (json_array_size(out) < (size_t)limit &&
		       sqlite3_step(e->search) == SQLITE_ROW) {
			sqlite3_bind_int64(e->entry, 1, sqlite3_column_int64(e->search, 0));
			if (sqlite3_step(e->entry) == SQLITE_ROW &&
			    !strcmp((const char *)sqlite3_column_text(e->entry, 1), "faq")) {
				json_t *s = json_object();
				json_object_set_new(s, "id", json_string((const char *)sqlite3_column_text(e->entry, 0)));
				json_object_set_new(s, "question", json_string((const char *)sqlite3_column_text(e->entry, 2)));
				json_object_set_new(s, "url", json_string((const char *)sqlite3_column_text(e->entry, 4)));
				json_array_append_new(out, s);
			}
			sqlite3_reset(e->entry);
		}
		sqlite3_reset(e->search);
	}
	query_free(&q);
	return out;
}
