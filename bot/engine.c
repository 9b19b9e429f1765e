#include "engine.h"

#include <math.h>
#include <stdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "index.h"
#include "mem.h"
#include "normalize.h"
#include "query.h"
#include "tokenizer.h"
#include "utf8.h"

/* Calibrated with `make eval` on both question sets (README). */
const engine_thresholds engine_default_thresholds = {0.40, 0.45, 0.04};

#define CANDIDATES 12

struct engine {
	sqlite3 *db;
	sqlite3_stmt *search, *entry, *df;
	normalizer *nz;
	query_rules *rules;
	json_t *site;
	double n_docs;
	engine_thresholds th;
	buf match; /* scratch for MATCH expressions */
};

typedef struct candidate {
	sqlite3_int64 rowid;
	double bm25; /* positive: higher is better */
	double cov, covq, rank;
	char *key, *kind, *question, *text, *url;
} candidate;

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
	json_t *schema = NULL, *syn = NULL, *filler = NULL;
	if (sqlite3_open_v2(db_path, &e->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX,
			    NULL) != SQLITE_OK) {
		buf_printf(err, "%s: %s", db_path, sqlite3_errmsg(e->db));
		goto fail;
	}
	if (tokenizer_register(e->db) != SQLITE_OK) {
		buf_printf(err, "cannot register the tokenizer");
		goto fail;
	}
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
	if (prepare(e, "SELECT rowid, bm25(fts, 6.0, 5.0, 1.0, 0.5) AS s FROM fts"
		       " WHERE fts MATCH ?1 ORDER BY s LIMIT ?2", &e->search, err) ||
	    prepare(e, "SELECT key, kind, question, text, url, norm, qnorm FROM entries"
		       " WHERE id = ?1", &e->entry, err) ||
	    prepare(e, "SELECT n FROM df WHERE term = ?1", &e->df, err))
		goto fail;
	sqlite3_stmt *count;
	if (sqlite3_prepare_v2(e->db, "SELECT count(*) FROM entries", -1, &count, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(count) == SQLITE_ROW)
			e->n_docs = (double)sqlite3_column_int64(count, 0);
		sqlite3_finalize(count);
	}
	json_decref(schema);
	json_decref(syn);
	json_decref(filler);
	return e;
fail:
	json_decref(schema);
	json_decref(syn);
	json_decref(filler);
	engine_close(e);
	return NULL;
}

void engine_close(engine *e)
{
	if (!e)
		return;
	sqlite3_finalize(e->search);
	sqlite3_finalize(e->entry);
	sqlite3_finalize(e->df);
	if (e->db)
		sqlite3_close(e->db);
	query_rules_free(e->rules);
	normalizer_free(e->nz);
	json_decref(e->site);
	buf_free(&e->match);
	free(e);
}

const json_t *engine_site(const engine *e) { return e->site; }

void engine_set_thresholds(engine *e, engine_thresholds t) { e->th = t; }

static double df_of(engine *e, const char *tok, int len)
{
	sqlite3_bind_text(e->df, 1, tok, len, SQLITE_STATIC);
	double n = 0;
	if (sqlite3_step(e->df) == SQLITE_ROW)
		n = (double)sqlite3_column_int64(e->df, 0);
	sqlite3_reset(e->df);
	return n;
}

typedef struct df_walk {
	engine *e;
	double min;
	int any;
} df_walk;

static int min_df(void *ctx, int colocated, const char *tok, int len, int s, int end)
{
	(void)colocated;
	(void)s;
	(void)end;
	df_walk *w = ctx;
	double n = df_of(w->e, tok, len);
	if (!w->any || n < w->min)
		w->min = n;
	w->any = 1;
	return 0;
}

/* How much a word says: rare words more than common ones; a word the
 * index has never seen the most (it is probably why the question is not
 * about our topic). A longer word is as rare as its rarest pair. */
static double idf_of(engine *e, const char *term, int *known)
{
	df_walk w = {e, 0, 0};
	tokenize(term, strlen(term), TOK_QUERY, min_df, &w);
	*known = w.any && w.min > 0;
	if (!w.any)
		return 0;
	return log((e->n_docs + 1) / (w.min + 0.5));
}

/* Share of the question's weight in words the index has never seen: a
 * question about credit cards or the weather is mostly such words. */
static double unknown_share(const query *q)
{
	double unk = 0, all = 0;
	for (size_t i = 0; i < q->n_groups; i++) {
		all += q->groups[i].idf;
		if (!q->groups[i].known)
			unk += q->groups[i].idf;
	}
	return all > 0 ? unk / all : 1;
}

static double coverage(const query *q, const char *text)
{
	double have = 0, all = 0;
	for (size_t i = 0; i < q->n_groups; i++) {
		const term_group *g = &q->groups[i];
		all += g->idf;
		for (size_t k = 0; k < g->n; k++)
			if (strstr(text, g->terms[k])) {
				have += g->idf;
				break;
			}
	}
	return all > 0 ? have / all : 0;
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

/* Find and rank the candidates for q; returns how many. */
static size_t rank(engine *e, query *q, candidate *out)
{
	for (size_t i = 0; i < q->n_groups; i++) {
		term_group *g = &q->groups[i];
		g->idf = -1;
		g->known = 0;
		for (size_t k = 0; k < g->n; k++) {
			int known;
			double v = idf_of(e, g->terms[k], &known);
			g->known |= known;
			if (g->idf < 0 || v < g->idf)
				g->idf = v;
		}
		if (g->idf < 0)
			g->idf = 0;
	}
	buf_reset(&e->match);
	query_match(q, NULL, &e->match);
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
			c->cov = coverage(q, (const char *)sqlite3_column_text(e->entry, 5));
			c->covq = coverage(q, (const char *)sqlite3_column_text(e->entry, 6));
		} else {
			c->key = xstrdup("");
			c->kind = xstrdup("");
			c->question = xstrdup("");
			c->text = xstrdup("");
			c->url = xstrdup("");
		}
		sqlite3_reset(e->entry);
		/* what the answer covers of the question counts most; where the
		 * words stand (bm25, question columns weighed up) breaks ties; a
		 * FAQ answer is preferred to a guide section saying the same */
		c->rank = c->cov + 0.6 * c->covq + 0.4 * (top > 0 ? c->bm25 / top : 0) +
			  (!strcmp(c->kind, "faq") ? 0.05 : 0);
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
	const char *s = json_string_value(json_object_get(e->site, key));
	return s && *s ? s : dflt;
}

json_t *engine_ask_kind(engine *e, const char *text, size_t len, reply_kind *kind,
			buf *err)
{
	query q;
	if (query_parse(e->rules, e->nz, text, len, &q) < 0) {
		buf_puts(err, "the question is not valid UTF-8");
		query_free(&q);
		return NULL;
	}
	candidate c[CANDIDATES];
	memset(c, 0, sizeof c);
	size_t n = rank(e, &q, c);
	double unk = unknown_share(&q);
	if (getenv("MINGBAI_DEBUG_RANK"))
		fprintf(stderr, "RANK\t%.*s\t%zu\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\t%.3f\n", (int)len, text,
			n, n ? c[0].cov : 0, n ? c[0].covq : 0, n ? c[0].rank : 0,
			n > 1 ? c[1].rank : 0, n ? c[0].bm25 : 0, unk);
	reply_kind k;
	if (!n || c[0].cov < e->th.decline || unk > e->th.unknown)
		k = REPLY_DECLINE;
	else if (n > 1 && c[0].rank - c[1].rank < e->th.gap && strcmp(c[0].url, c[1].url))
		k = REPLY_DID_YOU_MEAN;
	else
		k = REPLY_ANSWER;

	json_t *r = json_object();
	json_object_set_new(r, "query", json_stringn(text, len));
	json_object_set_new(r, "answered", json_boolean(k == REPLY_ANSWER));
	json_t *answers = json_array();
	for (size_t i = 0; i < n && json_array_size(answers) < 3; i++) {
		/* a decline suggests only what shares something with the question */
		if (k == REPLY_DECLINE && c[i].cov < e->th.decline / 2)
			continue;
		json_t *a = json_object();
		json_object_set_new(a, "id", json_string(c[i].key));
		json_object_set_new(a, "question", json_string(c[i].question));
		json_object_set_new(a, "text", json_string(c[i].text));
		json_object_set_new(a, "url", json_string(c[i].url));
		json_object_set_new(a, "score", json_real(round(c[i].rank * 1000) / 1000));
		json_array_append_new(answers, a);
	}
	json_object_set_new(r, "answers", answers);
	buf fb = BUF_INIT;
	const char *hot = site_str(e, "hotline", "");
	const char *hot_name = site_str(e, "hotline_name", "咨询电话");
	if (k == REPLY_ANSWER)
		buf_puts(&fb, "");
	else if (k == REPLY_DID_YOU_MEAN)
		buf_printf(&fb, "您想问的是下面哪一个问题？如果都不是，请拨打%s %s。",
			   hot_name, hot);
	else if (json_array_size(answers))
		buf_printf(&fb, "抱歉，没有找到确切的答案。请拨打%s %s 咨询，"
				"或看看下面这些相关问题。", hot_name, hot);
	else
		buf_printf(&fb, "抱歉，这个问题我答不了，它可能不在生源地信用助学贷款的范围内。"
				"请拨打%s %s 咨询。", hot_name, hot);
	json_object_set_new(r, "fallback", json_string(fb.ptr));
	buf_free(&fb);
	free_candidates(c, n);
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
