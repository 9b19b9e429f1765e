#include "engine.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "asking.h"
#include "i18n.h"
#include "index.h"
#include "json.h"
#include "mem.h"
#include "normalize.h"
#include "query.h"
#include "score.h"
#include "tokenizer.h"
#include "typo.h"
#include "utf8.h"
#include "vocab.h"

/* Fitted by tests/eval/cv.py on all the question sets (`make eval`,
 * README): its line "fitted on all", as of 2d6f2c5 (the README says why a
 * later run's values are not built in). */
const engine_thresholds engine_default_thresholds = {0.20, 0.85, 0.30, 1.01, 1.00, 0.0, 0.40};

#define CANDIDATES 24


/* the ranking's weights (see rank()), set by cross-validation over every
 * question set (tests/eval/cv.py, README "Question bot") */
#define W_COV 1.0
#define W_FIT 0.6
#define W_HEAD 0.0
#define W_BM25 0.1
#define W_FAQ 0.0
#define W_KIND 0.3
#define W_SUBJ 0.0
#define W_CTX 0.05
#define W_COV0 0.0
#define W_SOFT 0.2

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
	/* what scoring reads: the vocabulary, and search.json's "qualifiers"
	 * (words of a special case, 续贷, 研究生, which a question must say to
	 * get its answer) and "names" (the loan's own names, 生源地, 助学贷款:
	 * pages seldom repeat them, yet nearly every question says them) */
	scorer sc;
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
	double soft; /* share of the question its phrasings lack but share a
		      * rare character with (score_soft) */
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

/* Does q hold an on_topic word? Such a question is ours whatever else it
 * names (synonyms.yaml: 我家有车贷，续贷受影响吗 is about 续贷). */
static int on_topic(const engine *e, const query *q)
{
	for (size_t i = 0; i < e->n_on; i++)
		if (strstr(q->norm.ptr, e->on[i]))
			return 1;
	return 0;
}

/* The off_topic word q names (and no on_topic one), or NULL. */
static const char *off_topic(const engine *e, const query *q)
{
	if (on_topic(e, q))
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
	int rc = -1;
	if (sqlite3_open_v2(db_path, &e->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", db_path, sqlite3_errmsg(e->db));
		goto done;
	}
	if (tokenizer_register(e->db) != SQLITE_OK) {
		buf_puts(err, _("cannot register the tokenizer"));
		goto done;
	}
	/* the index is read, never written: map it rather than pread() it */
	sqlite3_exec(e->db, "PRAGMA mmap_size=268435456", NULL, NULL, NULL);
	schema = meta(e, "schema");
	if (!json_is_string(schema) || strcmp(json_string_value(schema), INDEX_SCHEMA)) {
		buf_printf(err, _("%s: not a Mingbai index (run askbot index)"), db_path);
		goto done;
	}
	e->site = meta(e, "site");
	syn = meta(e, "synonyms");
	filler = meta(e, "filler");
	if (!e->site)
		e->site = json_object();
	if (!(e->nz = normalizer_new(err)) ||
	    !(e->rules = query_rules_new(syn, filler, e->nz, err)))
		goto done;
	off = meta(e, "off_topic");
	on = meta(e, "on_topic");
	e->off = norm_list(e, off, &e->n_off);
	e->on = norm_list(e, on, &e->n_on);
	qual = meta(e, "qualifiers");
	e->sc.qual = norm_list(e, json_is_array(qual) ? qual : NULL, &e->sc.n_qual);
	names = meta(e, "names");
	e->sc.names = norm_list(e, json_is_array(names) ? names : NULL, &e->sc.n_names);
	if (prepare(e, "SELECT rowid, bm25(fts, 6.0, 5.0, 1.0, 0.5) AS s FROM fts"
		       " WHERE fts MATCH ?1 ORDER BY s LIMIT ?2", &e->search, err) ||
	    prepare(e, "SELECT key, kind, question, text, url, norm, qnorm, asks FROM entries"
		       " WHERE id = ?1", &e->entry, err) ||
	    prepare(e, "BEGIN", &e->begin, err) || prepare(e, "COMMIT", &e->commit, err) ||
	    !(e->vocab = vocab_load(e->db, err)))
		goto done;
	e->typo = typo_open(e->db);
	e->n_docs = vocab_docs(e->vocab);
	e->sc.vocab = e->vocab;
	e->sc.n_docs = e->n_docs;
	rc = 0;
done:
	json_decref(schema);
	json_decref(syn);
	json_decref(filler);
	json_decref(off);
	json_decref(on);
	json_decref(qual);
	json_decref(names);
	if (rc < 0) {
		engine_close(e);
		return NULL;
	}
	return e;
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
	free_list(e->sc.qual, e->sc.n_qual);
	free_list(e->sc.names, e->sc.n_names);
	buf_free(&e->match);
	free(e);
}

const json_t *engine_site(const engine *e) { return e->site; }

void engine_set_thresholds(engine *e, engine_thresholds t) { e->th = t; }

void engine_set_explain(engine *e, int on) { e->explain = on; }

engine_signals engine_last_signals(const engine *e) { return e->last; }

reply_kind engine_decide(engine_thresholds t, engine_signals s)
{
	double least = s.names_ours ? t.decline_named : t.decline;
	if (!s.candidates || s.off_topic || s.coverage < least || s.unknown > t.unknown ||
	    s.miss > t.miss || (s.bare && s.unknown > t.unknown_bare))
		return REPLY_DECLINE;
	if (s.gap < t.gap || s.score < t.answer)
		return REPLY_DID_YOU_MEAN;
	return REPLY_ANSWER;
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

/* Add the entries e->match finds to out[0, n), up to CANDIDATES, each
 * once; returns the new n. */
static size_t search(engine *e, candidate *out, size_t n)
{
	size_t had = n;
	sqlite3_bind_text(e->search, 1, e->match.ptr, (int)e->match.len, SQLITE_STATIC);
	sqlite3_bind_int(e->search, 2, CANDIDATES);
	while (n < CANDIDATES && sqlite3_step(e->search) == SQLITE_ROW) {
		sqlite3_int64 id = sqlite3_column_int64(e->search, 0);
		size_t i = 0;
		while (i < had && out[i].rowid != id)
			i++;
		if (i < had)
			continue;
		out[n].rowid = id;
		out[n].bm25 = -sqlite3_column_double(e->search, 1);
		n++;
	}
	sqlite3_reset(e->search);
	assert(n <= CANDIDATES);
	return n;
}

/* Find and rank the candidates for q; returns how many. The entries on the
 * question's weighty words come first; where they are too few, those that
 * also match the loan's name or a question word make up the number. */
static size_t rank(engine *e, const analysis *a, unsigned qkinds, candidate *out)
{
	int more = score_match(a, &e->match, 0);
	if (!e->match.len)
		return 0;
	size_t n = search(e, out, 0);
	if (more && n < CANDIDATES) {
		score_match(a, &e->match, 1);
		n = search(e, out, n);
	}
	/* the two searches' scores differ in scale: each entry's is read as
	 * a share of the best */
	double top = 0;
	for (size_t i = 0; i < n; i++)
		if (out[i].bm25 > top)
			top = out[i].bm25;
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
			c->cov = norm ? score_coverage(a, norm, strlen(norm)) : 0;
			c->miss = score_missed(a);
			memcpy(a->gall, a->gmatch, a->n_groups * sizeof *a->gall);
			c->head = qn ? score_coverage(a, qn, strlen(qn)) : 0;
			c->cov0 = score_own_coverage(a);
			c->soft = qn ? score_soft(a, qn, strlen(qn)) : 0;
			c->subj = score_subject(a);
			if (c->subj < 0) /* no domain word: the phrasings' share */
				c->subj = c->head;
			c->ctx = score_special_case(&e->sc, a, qn);
			c->asks = asking_fit(qkinds, (unsigned)sqlite3_column_int(e->entry, 7));
			/* the best of the question and its other phrasings */
			c->covq = 0;
			for (const char *p = qn; p && *p;) {
				const char *nl = strchr(p, '\n');
				size_t len = nl ? (size_t)(nl - p) : strlen(p);
				double f = score_fit(&e->sc, a, p, len);
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
			  W_KIND * c->asks + W_SUBJ * c->subj - W_CTX * c->ctx + W_COV0 * c->cov0 +
			  W_SOFT * c->soft;
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
	if (!p || asking_names_ours(q->norm.ptr, q->norm.len) || on_topic(e, q))
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
				    json_pack("{s:f,s:f,s:f,s:f,s:f,s:i,s:i,s:f,s:i,s:f,s:f}",
					      "cov", c->cov, "cov0", c->cov0, "fit", c->covq,
					      "head", c->head, "bm25", c->bm25, "faq",
					      !strcmp(c->kind, "faq"), "asks", c->asks, "subj",
					      c->subj, "ctx", -c->ctx, "miss", c->miss,
					      "soft", c->soft));
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

/* One question as the engine read it: its parse, its analysis and its
 * candidates, best first. The analysis borrows the query's strings. */
typedef struct asked {
	query q;
	analysis an;
	candidate c[CANDIDATES];
	size_t n;  /* candidates found: c[0 .. n) */
	int other; /* another office's topic or another lender's product */
} asked;

/* Read text as a question and rank its candidates, all under one read
 * lock. Returns -1, with a message in err, if text is not UTF-8. */
static int analyse_and_rank(engine *e, const char *text, size_t len, asked *a, buf *err)
{
	/* misspellings are corrected on the normal form, which is then read
	 * as the question */
	buf_reset(&e->fixed);
	if (normalize(e->nz, text, len, &e->fixed) < 0) {
		buf_puts(err, "问题里有无法识别的字符，请重新输入");
		return -1;
	}
	sqlite3_step(e->begin);
	sqlite3_reset(e->begin);
	if (e->typo)
		typo_fix(e->typo, e->vocab, &e->fixed);
	query_parse_normal(e->rules, e->fixed.ptr, e->fixed.len, &a->q);
	score_analyse(&e->sc, &a->q, &a->an);
	memset(a->c, 0, sizeof a->c);
	a->n = rank(e, &a->an, asking_kinds(a->q.norm.ptr, a->q.norm.len), a->c);
	const candidate *best = a->n ? &a->c[0] : NULL;
	const char *off = off_topic(e, &a->q);
	a->other = (off && !ours_despite(e, &a->q, best, off)) ||
		   other_product(e, &a->q, best);
	sqlite3_step(e->commit);
	sqlite3_reset(e->commit);
	return 0;
}

static void asked_free(asked *a)
{
	free_candidates(a->c, a->n);
	score_free(&a->an);
	query_free(&a->q);
}

/* What the decision reads: the best answer's coverage, missed word, score
 * and lead over the next answer on another page. */
static engine_signals signals_of(const asked *a)
{
	size_t n = a->n;
	const candidate *c = a->c;
	engine_signals sig = {(int)n, n ? c[0].cov : 0, a->an.unknown, n ? c[0].miss : 0, 1,
			      a->other, n ? c[0].rank : 0,
			      asking_names_ours(a->q.norm.ptr, a->q.norm.len),
			      !asking_speaks_of_loans(a->q.norm.ptr, a->q.norm.len)};
	/* two answers on one page are one answer */
	if (n > 1 && strcmp(c[0].url, c[1].url))
		sig.gap = c[0].rank - c[1].rank;
	return sig;
}

/* The reply engine_ask() documents, for the decision k. */
static json_t *reply_json(engine *e, const char *text, size_t len, reply_kind k,
			  const asked *a)
{
	assert((size_t)k < sizeof kind_names / sizeof *kind_names);
	json_t *r = json_object();
	json_object_set_new(r, "query", json_stringn(text, len));
	json_object_set_new(r, "answered", json_boolean(k == REPLY_ANSWER));
	json_object_set_new(r, "kind", json_string(kind_names[k]));
	json_t *answers = json_array();
	for (size_t i = 0; i < a->n && json_array_size(answers) < 3; i++) {
		/* a decline suggests only what shares something with the
		 * question, and nothing for another lender's product */
		if (k == REPLY_DECLINE && (a->other || a->c[i].cov < e->th.decline / 2))
			continue;
		json_array_append_new(answers, candidate_json(&a->c[i], 0));
	}
	json_object_set_new(r, "answers", answers);
	buf fb = BUF_INIT;
	fallback(e, k, json_array_size(answers) > 0, &fb);
	json_object_set_new(r, "fallback", json_string(fb.ptr));
	buf_free(&fb);
	return r;
}

/* For askbot eval --features: every candidate with its features, and the
 * question's signals and words, added to the reply r. */
static void add_explain(json_t *r, const asked *a, const engine_signals *sig)
{
	json_t *all = json_array();
	for (size_t i = 0; i < a->n; i++)
		json_array_append_new(all, candidate_json(&a->c[i], 1));
	json_object_set_new(r, "candidates", all);
	json_t *words = json_array(), *light = json_array();
	for (size_t g = 0; g < a->q.n_groups; g++) {
		json_array_append_new(words, json_string(a->q.groups[g].terms[0]));
		if (a->an.glight[g])
			json_array_append_new(light, json_string(a->q.groups[g].terms[0]));
	}
	json_object_set_new(r, "signals",
			    json_pack("{s:f,s:b,s:b,s:b,s:o,s:o}", "unknown", a->an.unknown,
				      "other", a->other, "ours", sig->names_ours, "bare",
				      sig->bare, "words", words, "light", light));
}

json_t *engine_ask_kind(engine *e, const char *text, size_t len, reply_kind *kind,
			buf *err)
{
	asked a;
	if (analyse_and_rank(e, text, len, &a, err) < 0)
		return NULL;
	e->last = signals_of(&a);
	reply_kind k = engine_decide(e->th, e->last);
	json_t *r = reply_json(e, text, len, k, &a);
	if (e->explain)
		add_explain(r, &a, &e->last);
	asked_free(&a);
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
