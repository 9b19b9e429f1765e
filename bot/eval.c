#include "eval.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "file.h"
#include "i18n.h"
#include "json.h"
#include "mem.h"
#include "tokenizer.h"

typedef struct item {
	char *question;
	char *expect;  /* NULL: must decline */
	char *entries; /* the right entries' ids, '|'-separated; NULL: not named */
} item;

static int load_set(const char *path, item **items, size_t *n, FILE *out)
{
	buf text = BUF_INIT;
	*items = NULL;
	*n = 0;
	if (file_read(path, &text, 0) < 0) {
		fprintf(out, _("%s: cannot read: %s\n"), path, strerror(errno));
		return -1;
	}
	size_t cap = 0;
	int line = 0, third_is_entries = 0;
	for (char *p = text.ptr; *p;) {
		char *eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		line++;
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[--len] = '\0';
		/* the header names the columns; a third is either the real set's
		 * topic (not a fact) or the entries that answer */
		if (p[0] == '#' && strstr(p, "\texpect\tentries"))
			third_is_entries = 1;
		if (len && p[0] != '#') {
			char *tab = strchr(p, '\t');
			if (!tab) {
				fprintf(out, _("%s:%d: no TAB between question and expected facts\n"),
					path, line);
			} else {
				*tab = '\0';
				char *tab2 = strchr(tab + 1, '\t');
				if (tab2)
					*tab2 = '\0';
				char *ids = NULL;
				if (tab2 && third_is_entries) {
					slice s3 = slice_trim(slice_from(tab2 + 1));
					if (s3.len && !slice_eq(s3, "-") && !slice_eq(s3, "none"))
						ids = slice_dup(s3);
				}
				GROW(*items, *n + 1, cap);
				slice e = slice_trim(slice_from(tab + 1));
				(*items)[(*n)++] = (item){
					xstrdup(p), slice_eq(e, "-") ? NULL : slice_dup(e), ids};
			}
		}
		if (!eol)
			break;
		p = eol + 1;
	}
	buf_free(&text);
	return 0;
}

static void free_set(item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].question);
		free(items[i].expect);
		free(items[i].entries);
	}
	free(items);
}

/* Pages set a figure apart from Chinese text by a space (毕业后 5 年) where
 * a set writes it close (5年): both are the same fact, so spaces go before
 * comparing. */
static void drop_spaces(char *s)
{
	char *o = s;
	for (; *s; s++)
		if (*s != ' ')
			*o++ = *s;
	*o = '\0';
}

/* Does text (without spaces) hold every ';' group, each by one of its '|'
 * alternatives? */
static int has_facts(const char *text, const char *expect)
{
	char *copy = xstrdup(expect), *save = NULL;
	int ok = 1;
	for (char *g = strtok_r(copy, ";", &save); g && ok; g = strtok_r(NULL, ";", &save)) {
		char *save2 = NULL;
		int any = 0;
		for (char *alt = strtok_r(g, "|", &save2); alt && !any;
		     alt = strtok_r(NULL, "|", &save2)) {
			slice a = slice_trim(slice_from(alt));
			char *s = slice_dup(a);
			drop_spaces(s);
			any = *s && strstr(text, s);
			free(s);
		}
		ok = any;
	}
	free(copy);
	return ok;
}

static int answer_has(const json_t *a, const char *expect)
{
	buf t = BUF_INIT;
	buf_printf(&t, "%s\n%s", json_str_or(a, "question", ""), json_str_or(a, "text", ""));
	drop_spaces(t.ptr);
	int ok = has_facts(t.ptr, expect);
	buf_free(&t);
	return ok;
}

/* ---- the baselines: FTS5 unicode61 / trigram, no synonyms, no threshold -- */

typedef struct baseline {
	sqlite3 *db;
	sqlite3_stmt *search;
	const char *tokenizer;
} baseline;

static int baseline_open(baseline *b, const char *db_path, const char *tok, FILE *out)
{
	b->tokenizer = tok;
	if (sqlite3_open(":memory:", &b->db) != SQLITE_OK)
		return -1;
	buf sql = BUF_INIT;
	char *attach = sqlite3_mprintf("ATTACH %Q AS idx;", db_path);
	buf_puts(&sql, attach);
	sqlite3_free(attach);
	buf_printf(&sql,
		   "CREATE VIRTUAL TABLE fts USING fts5(question, alt, text, tokenize='%s');"
		   "INSERT INTO fts(rowid, question, alt, text)"
		   " SELECT id, question, alt, text FROM idx.entries;", tok);
	char *err = NULL;
	int rc = sqlite3_exec(b->db, sql.ptr, NULL, NULL, &err);
	buf_free(&sql);
	if (rc != SQLITE_OK) {
		fprintf(out, "baseline %s: %s\n", tok, err ? err : "?");
		sqlite3_free(err);
		return -1;
	}
	rc = sqlite3_prepare_v2(b->db,
				"SELECT e.key, e.question, e.text, e.url FROM fts"
				" JOIN idx.entries e ON e.id = fts.rowid"
				" WHERE fts MATCH ?1 ORDER BY bm25(fts) LIMIT 3",
				-1, &b->search, NULL);
	return rc == SQLITE_OK ? 0 : -1;
}

static void baseline_close(baseline *b)
{
	sqlite3_finalize(b->search);
	sqlite3_close(b->db);
}

static void quote_term(buf *m, const char *s, size_t n)
{
	if (m->len)
		buf_puts(m, " OR ");
	tokenizer_quote(m, s, n);
}

/* What a developer would write without our tokenizer: unicode61 gets the
 * question's runs between punctuation OR'ed; trigram gets every run of
 * three characters OR'ed. */
static json_t *baseline_ask(baseline *b, const char *q)
{
	buf m = BUF_INIT;
	static const char *const punct[] = {"，", "。", "？", "！", "、", "；", "：", " ",
					    ",", "?", "!", ".", "（", "）"};
	char *copy = xstrdup(q);
	for (size_t i = 0; i < sizeof punct / sizeof *punct; i++)
		for (char *p; (p = strstr(copy, punct[i]));)
			memset(p, '\n', strlen(punct[i]));
	char *save = NULL;
	for (char *run = strtok_r(copy, "\n", &save); run; run = strtok_r(NULL, "\n", &save)) {
		if (!strcmp(b->tokenizer, "trigram")) {
			size_t n = strlen(run), offs[512], k = 0;
			for (size_t i = 0; i < n && k < 511;) {
				offs[k++] = i;
				i++;
				while (i < n && ((unsigned char)run[i] & 0xC0) == 0x80)
					i++;
			}
			offs[k] = n;
			for (size_t i = 0; i + 3 <= k; i++)
				quote_term(&m, run + offs[i], offs[i + 3] - offs[i]);
		} else {
			quote_term(&m, run, strlen(run));
		}
	}
	free(copy);
	json_t *r = json_object();
	json_t *answers = json_array();
	if (m.len) {
		sqlite3_bind_text(b->search, 1, m.ptr, (int)m.len, SQLITE_STATIC);
		while (sqlite3_step(b->search) == SQLITE_ROW) {
			json_t *a = json_object();
			json_object_set_new(a, "id", json_string((const char *)sqlite3_column_text(b->search, 0)));
			json_object_set_new(a, "question", json_string((const char *)sqlite3_column_text(b->search, 1)));
			json_object_set_new(a, "text", json_string((const char *)sqlite3_column_text(b->search, 2)));
			json_object_set_new(a, "url", json_string((const char *)sqlite3_column_text(b->search, 3)));
			json_array_append_new(answers, a);
		}
		sqlite3_reset(b->search);
	}
	json_object_set_new(r, "answered", json_boolean(json_array_size(answers) > 0));
	json_object_set_new(r, "answers", answers);
	buf_free(&m);
	return r;
}

/* ---- running a set ---------------------------------------------------------- */

/* Is id one of the '|'-separated ids? */
static int id_in(const char *id, const char *ids)
{
	size_t n = strlen(id);
	for (const char *p = ids; p && *p;) {
		const char *bar = strchr(p, '|');
		size_t len = bar ? (size_t)(bar - p) : strlen(p);
		if (len == n && !memcmp(p, id, n))
			return 1;
		p = bar ? bar + 1 : p + len;
	}
	return 0;
}

static const char *kind_word(reply_kind k)
{
	return k == REPLY_ANSWER ? "answer" : k == REPLY_DID_YOU_MEAN ? "did-you-mean" : "decline";
}

static void score(const item *it, const json_t *r, reply_kind k, eval_result *res,
		  int verbose, FILE *out)
{
	const json_t *answers = json_object_get(r, "answers");
	const json_t *first = json_array_get(answers, 0);
	const char *got = json_str_or(first, "question", "—");
	if (!it->expect) {
		res->out_scope++;
		res->declined += k == REPLY_DECLINE;
		res->oos_dym += k == REPLY_DID_YOU_MEAN;
		res->answered += k == REPLY_ANSWER;
		if (verbose && k != REPLY_DECLINE)
			fprintf(out, "MISS should decline (%s): %s → %s\n", kind_word(k),
				it->question, got);
		return;
	}
	res->in_scope++;
	int shown = k != REPLY_DECLINE;
	int right1 = shown && first && answer_has(first, it->expect);
	int hit3 = 0;
	for (size_t i = 0; shown && i < json_array_size(answers) && !hit3; i++)
		hit3 = answer_has(json_array_get(answers, i), it->expect);
	res->top1 += right1;
	res->top3 += hit3;
	res->false_decline += k == REPLY_DECLINE;
	res->answered += k == REPLY_ANSWER;
	res->answered_right += k == REPLY_ANSWER && right1;
	if (it->entries) {
		res->with_entries++;
		res->entry1 += shown && first &&
			       id_in(json_str_or(first, "id", ""), it->entries);
	}
	if (verbose && !(right1 && k == REPLY_ANSWER))
		fprintf(out, "MISS %s%s: %s [%s] → %s\n", kind_word(k),
			k == REPLY_DECLINE ? "" : right1 ? " (right)" : " (wrong)",
			it->question, it->expect, got);
}

static double pct(int a, int b) { return b ? 100.0 * a / b : 0; }

void eval_report(const char *label, const eval_result *r, FILE *out)
{
	fprintf(out, "%s: top-1 %.1f%% (%d/%d), top-3 %.1f%%, in-scope declined %.1f%%, "
		     "out-of-scope declined %.1f%% (%d/%d, did-you-mean %d), "
		     "confident answers right %.1f%% (%d/%d)",
		label, pct(r->top1, r->in_scope), r->top1, r->in_scope,
		pct(r->top3, r->in_scope), pct(r->false_decline, r->in_scope),
		pct(r->declined, r->out_scope), r->declined, r->out_scope, r->oos_dym,
		pct(r->answered_right, r->answered), r->answered_right, r->answered);
	if (r->with_entries)
		fprintf(out, ", entry top-1 %.1f%% (%d/%d)", pct(r->entry1, r->with_entries),
			r->entry1, r->with_entries);
	fputc('\n', out);
}

/* One JSON line per question: what tests/eval/cv.py needs to rank and
 * decide anew with other weights and thresholds (see engine_set_explain). */
static void dump_features(FILE *f, const char *set, const item *it, const json_t *r)
{
	json_t *row = json_pack("{s:s,s:s,s:b}", "set", set, "q", it->question, "in",
				it->expect != NULL);
	json_object_set(row, "signals", json_object_get(r, "signals"));
	json_t *cands = json_array();
	json_t *c;
	size_t i;
	json_array_foreach(json_object_get(r, "candidates"), i, c) {
		const char *id = json_str_or(c, "id", "");
		json_t *o = json_pack("{s:s,s:s,s:O}", "id", id, "url",
				      json_str_or(c, "url", ""), "f",
				      json_object_get(c, "features"));
		if (it->expect)
			json_object_set_new(o, "right", json_boolean(answer_has(c, it->expect)));
		if (it->entries)
			json_object_set_new(o, "entry", json_boolean(id_in(id, it->entries)));
		json_array_append_new(cands, o);
	}
	json_object_set_new(row, "cands", cands);
	/* the reply itself, for checks that need no thresholds of their own */
	json_object_set(row, "kind", json_object_get(r, "kind"));
	json_t *shown = json_array();
	json_array_foreach(json_object_get(r, "answers"), i, c)
		json_array_append_new(shown, json_string(json_str_or(c, "id", "")));
	json_object_set_new(row, "answers", shown);
	char *line = json_dumps(row, JSON_COMPACT | JSON_ENSURE_ASCII);
	fprintf(f, "%s\n", line);
	free(line);
	json_decref(row);
}

int eval_run(const char *db_path, const char *tsv, const char *base, int verbose,
	     FILE *features, FILE *out, eval_result *res)
{
	memset(res, 0, sizeof *res);
	item *items;
	size_t n;
	if (load_set(tsv, &items, &n, out) < 0)
		return -1;
	buf err = BUF_INIT;
	engine *e = NULL;
	baseline b = {0};
	int rc = -1;
	if (base) {
		if (baseline_open(&b, db_path, base, out) < 0)
			goto done;
	} else if (!(e = engine_open(db_path, &err))) {
		fprintf(out, "%s\n", err.ptr);
		goto done;
	}
	if (e && features)
		engine_set_explain(e, 1);
	for (size_t i = 0; i < n; i++) {
		reply_kind k = REPLY_DECLINE;
		json_t *r;
		if (base) {
			r = baseline_ask(&b, items[i].question);
			k = json_is_true(json_object_get(r, "answered")) ? REPLY_ANSWER : REPLY_DECLINE;
		} else {
			buf_reset(&err);
			r = engine_ask_kind(e, items[i].question, strlen(items[i].question), &k, &err);
		}
		if (r)
			score(&items[i], r, k, res, verbose, out);
		if (r && features && e)
			dump_features(features, tsv, &items[i], r);
		json_decref(r);
	}
	buf label = BUF_INIT;
	buf_printf(&label, "%s%s%s", tsv, base ? " baseline " : "", base ? base : "");
	eval_report(label.ptr, res, out);
	buf_free(&label);
	rc = 0;
done:
	if (base && b.db)
		baseline_close(&b);
	engine_close(e);
	buf_free(&err);
	free_set(items, n);
	return rc;
}

/* The index's FAQ entries, in order, with an engine over the same index to
 * ask: what eval_unreached() and eval_phrasings() walk. */
typedef struct faq_walk {
	engine *e;
	sqlite3 *db;
	sqlite3_stmt *st; /* SELECT cols FROM entries WHERE kind = 'faq' */
	buf err;
} faq_walk;

static void faq_close(faq_walk *w)
{
	sqlite3_finalize(w->st);
	sqlite3_close(w->db);
	engine_close(w->e);
	buf_free(&w->err);
}

/* 0, or -1 after printing why on out (w is then closed). */
static int faq_open(faq_walk *w, const char *db_path, const char *cols, FILE *out)
{
	memset(w, 0, sizeof *w);
	buf_init(&w->err);
	buf sql = BUF_INIT;
	buf_printf(&sql, "SELECT %s FROM entries WHERE kind = 'faq' ORDER BY id", cols);
	w->e = engine_open(db_path, &w->err);
	int ok = w->e &&
		 sqlite3_open_v2(db_path, &w->db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
		 sqlite3_prepare_v2(w->db, sql.ptr, -1, &w->st, NULL) == SQLITE_OK;
	buf_free(&sql);
	if (ok)
		return 0;
	fprintf(out, "%s\n", w->err.len ? w->err.ptr : _("cannot read the index"));
	faq_close(w);
	return -1;
}

int eval_unreached(const char *db_path, const char *const *tsvs, int n_sets, FILE *out)
{
	faq_walk w;
	if (faq_open(&w, db_path, "key, category, question", out) < 0)
		return -1;
	engine *e = w.e;
	sqlite3_stmt *st = w.st;
	json_t *reached = json_object();
	for (int s = 0; s < n_sets; s++) {
		item *items;
		size_t n;
		if (load_set(tsvs[s], &items, &n, out) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (!items[i].expect)
				continue;
			json_t *r = engine_ask(e, items[i].question, strlen(items[i].question),
					       &w.err);
			json_t *a;
			size_t k;
			json_array_foreach(json_object_get(r, "answers"), k, a)
				json_object_set_new(reached, json_str_or(a, "id", ""),
						    json_true());
			json_decref(r);
		}
		free_set(items, n);
	}
	const char *cat = NULL;
	int total = 0, missed = 0;
	buf line = BUF_INIT;
	char *cur = NULL;
	int cat_total = 0, cat_missed = 0;
	for (;;) {
		int row = sqlite3_step(st) == SQLITE_ROW;
		const char *key = row ? (const char *)sqlite3_column_text(st, 0) : NULL;
		cat = row ? (const char *)sqlite3_column_text(st, 1) : NULL;
		if (cur && (!row || strcmp(cur, cat))) {
			fprintf(out, "%s: %d of %d entries reached%s%s\n", cur,
				cat_total - cat_missed, cat_total, cat_missed ? "; not reached: " : "",
				line.ptr);
			buf_reset(&line);
			free(cur);
			cur = NULL;
			cat_total = cat_missed = 0;
		}
		if (!row)
			break;
		if (!cur)
			cur = xstrdup(cat);
		cat_total++;
		total++;
		if (!json_object_get(reached, key)) {
			cat_missed++;
			missed++;
			buf_printf(&line, "%s%s", line.len ? "；" : "",
				   (const char *)sqlite3_column_text(st, 2));
		}
	}
	fprintf(out, "FAQ entries reached by some question: %d of %d\n", total - missed, total);
	buf_free(&line);
	json_decref(reached);
	faq_close(&w);
	return 0;
}

/* Does the reply r offer the entry key among its answers? */
static int offers(const json_t *r, const char *key)
{
	const json_t *a;
	size_t i;
	json_array_foreach(json_object_get(r, "answers"), i, a)
		if (!strcmp(json_str_or(a, "id", ""), key))
			return 1;
	return 0;
}

int eval_phrasings(const char *db_path, FILE *out)
{
	faq_walk w;
	if (faq_open(&w, db_path, "key, url, question, alt", out) < 0)
		return -1;
	sqlite3_stmt *st = w.st;
	int bad = 0;
	buf all = BUF_INIT;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const char *url = (const char *)sqlite3_column_text(st, 1);
		const char *alt = (const char *)sqlite3_column_text(st, 3);
		buf_reset(&all);
		buf_puts(&all, (const char *)sqlite3_column_text(st, 2));
		if (alt && *alt) {
			buf_putc(&all, '\n');
			buf_puts(&all, alt);
		}
		for (char *p = all.ptr; p && *p;) {
			char *nl = strchr(p, '\n');
			if (nl)
				*nl = '\0';
			reply_kind k;
			json_t *r = engine_ask_kind(w.e, p, strlen(p), &k, &w.err);
			if (r && (k == REPLY_DECLINE || !offers(r, key))) {
				fprintf(out,
					k == REPLY_DECLINE
						? _("askbot index: the FAQ phrasing \"%s\" (%s) is declined "
						    "by the bot: parents who ask so cannot reach the entry; "
						    "check synonyms.yaml off_topic, or reword it\n")
						: _("askbot index: the FAQ phrasing \"%s\" (%s) brings up "
						    "other entries, not its own: parents who ask so cannot "
						    "reach it; reword it\n"),
					p, url);
				bad++;
			}
			json_decref(r);
			p = nl ? nl + 1 : NULL;
		}
	}
	buf_free(&all);
	faq_close(&w);
	return bad;
}
