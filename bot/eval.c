#include "eval.h"

#include <errno.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "file.h"
#include "mem.h"

typedef struct item {
	char *question;
	char *expect; /* NULL: must decline */
} item;

static int load_set(const char *path, item **items, size_t *n, FILE *out)
{
	buf text = BUF_INIT;
	*items = NULL;
	*n = 0;
	if (file_read(path, &text, 0) < 0) {
		fprintf(out, "%s: cannot read: %s\n", path, strerror(errno));
		return -1;
	}
	size_t cap = 0;
	int line = 0;
	for (char *p = text.ptr; *p;) {
		char *eol = strchr(p, '\n');
		if (eol)
			*eol = '\0';
		line++;
		size_t len = strlen(p);
		if (len && p[len - 1] == '\r')
			p[--len] = '\0';
		if (len && p[0] != '#') {
			char *tab = strchr(p, '\t');
			if (!tab) {
				fprintf(out, "%s:%d: no TAB between question and expected facts\n",
					path, line);
			} else {
				*tab = '\0';
				/* a third column (the real set's topic) is not a fact */
				char *tab2 = strchr(tab + 1, '\t');
				if (tab2)
					*tab2 = '\0';
				if (*n == cap) {
					cap = cap ? cap * 2 : 64;
					*items = xrealloc(*items, cap * sizeof **items);
				}
				slice e = slice_trim(slice_from(tab + 1));
				(*items)[(*n)++] = (item){
					xstrdup(p), slice_eq(e, "-") ? NULL : slice_dup(e)};
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
	buf_printf(&t, "%s\n%s", json_string_value(json_object_get(a, "question")),
		   json_string_value(json_object_get(a, "text")));
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
	buf_putc(m, '"');
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"')
			buf_putc(m, '"');
		buf_putc(m, s[i]);
	}
	buf_putc(m, '"');
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

static void score(const item *it, const json_t *r, reply_kind k, eval_result *res,
		  int verbose, FILE *out)
{
	const json_t *answers = json_object_get(r, "answers");
	const json_t *first = json_array_get(answers, 0);
	const char *got = first ? json_string_value(json_object_get(first, "question")) : "—";
	if (!it->expect) {
		res->out_scope++;
		if (k != REPLY_ANSWER)
			res->declined++;
		else if (verbose)
			fprintf(out, "MISS should decline: %s → %s\n", it->question, got);
		return;
	}
	res->in_scope++;
	int hit1 = k == REPLY_ANSWER && first && answer_has(first, it->expect);
	int hit3 = 0;
	if (k != REPLY_DECLINE)
		for (size_t i = 0; i < json_array_size(answers) && !hit3; i++)
			hit3 = answer_has(json_array_get(answers, i), it->expect);
	res->top1 += hit1;
	res->top3 += hit3;
	res->false_decline += k == REPLY_DECLINE;
	if (verbose && !hit1)
		fprintf(out, "MISS %s: %s [%s] → %s\n",
			k == REPLY_DECLINE ? "declined" : k == REPLY_DID_YOU_MEAN ? "did-you-mean" : "wrong",
			it->question, it->expect, got);
}

static double pct(int a, int b) { return b ? 100.0 * a / b : 0; }

static void report(const char *label, const eval_result *r, FILE *out)
{
	fprintf(out, "%s: top-1 %.1f%% (%d/%d), top-3 %.1f%%, false-decline %.1f%%, "
		     "out-of-scope declined %.1f%% (%d/%d)\n",
		label, pct(r->top1, r->in_scope), r->top1, r->in_scope,
		pct(r->top3, r->in_scope), pct(r->false_decline, r->in_scope),
		pct(r->declined, r->out_scope), r->declined, r->out_scope);
}

int eval_run(const char *db_path, const char *tsv, const char *base, int verbose,
	     FILE *out, eval_result *res)
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
		json_decref(r);
	}
	buf label = BUF_INIT;
	buf_printf(&label, "%s%s%s", tsv, base ? " baseline " : "", base ? base : "");
	report(label.ptr, res, out);
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

int eval_calibrate(const char *db_path, const char *const *tsvs, int n_sets, FILE *out)
{
	buf err = BUF_INIT;
	engine *e = engine_open(db_path, &err);
	if (!e) {
		fprintf(out, "%s\n", err.ptr);
		buf_free(&err);
		return -1;
	}
	item *sets[8];
	size_t sizes[8];
	if (n_sets > 8)
		n_sets = 8;
	for (int s = 0; s < n_sets; s++)
		if (load_set(tsvs[s], &sets[s], &sizes[s], out) < 0)
			sizes[s] = 0, sets[s] = NULL;
	/* Each question is asked once; its reply's answers do not depend on
	 * the thresholds, only the kind of reply does, so every point of the
	 * grid is scored from the recorded signals. */
	typedef struct obs {
		engine_signals sig;
		int in_scope, hit1, hit3;
	} obs;
	obs *o[8];
	for (int s = 0; s < n_sets; s++) {
		o[s] = xcalloc(sizes[s] + 1, sizeof *o[s]);
		for (size_t i = 0; i < sizes[s]; i++) {
			item *it = &sets[s][i];
			json_t *rep = engine_ask(e, it->question, strlen(it->question), &err);
			obs *ob = &o[s][i];
			ob->sig = engine_last_signals(e);
			ob->in_scope = it->expect != NULL;
			const json_t *answers = json_object_get(rep, "answers");
			for (size_t k = 0; it->expect && k < json_array_size(answers); k++)
				if (answer_has(json_array_get(answers, k), it->expect)) {
					ob->hit3 = 1;
					ob->hit1 |= k == 0;
				}
			json_decref(rep);
		}
	}
	static const double decl[] = {0.10, 0.15, 0.20, 0.25, 0.30, 0.35, 0.40, 0.45, 0.50};
	static const double unk[] = {0.45, 0.55, 0.65, 0.75, 0.85, 1.01};
	static const double miss[] = {0.30, 0.40, 0.50, 0.60, 0.70, 1.01};
	static const double gaps[] = {0, 0.02, 0.04, 0.08};
#define N_OF(a) (sizeof a / sizeof *a)
	double best_score = -1e9;
	engine_thresholds best = engine_default_thresholds;
	double bw[4] = {0};
	int printed = 0;
	fprintf(out, "calibration: coverage × unknown × miss × gap → worst set's top-1 / "
		     "top-3 / false-decline / out-of-scope declined (points within targets, "
		     "or the 20 best)\n");
	buf lines = BUF_INIT;
	for (size_t a = 0; a < N_OF(decl); a++)
	for (size_t b = 0; b < N_OF(unk); b++)
	for (size_t c = 0; c < N_OF(miss); c++)
	for (size_t d = 0; d < N_OF(gaps); d++) {
		engine_thresholds t = {decl[a], unk[b], gaps[d], miss[c]};
		double w1 = 101, w3 = 101, wfd = -1, wdec = 101, wwrong = -1;
		for (int s = 0; s < n_sets; s++) {
			eval_result r = {0};
			int wrong = 0;
			for (size_t i = 0; i < sizes[s]; i++) {
				obs *ob = &o[s][i];
				reply_kind k = engine_decide(t, ob->sig);
				if (!ob->in_scope) {
					r.out_scope++;
					r.declined += k != REPLY_ANSWER;
					continue;
				}
				r.in_scope++;
				r.top1 += k == REPLY_ANSWER && ob->hit1;
				wrong += k == REPLY_ANSWER && !ob->hit1;
				r.top3 += k != REPLY_DECLINE && ob->hit3;
				r.false_decline += k == REPLY_DECLINE;
			}
			double t1 = pct(r.top1, r.in_scope), t3 = pct(r.top3, r.in_scope),
			       fd = pct(r.false_decline, r.in_scope),
			       dec = r.out_scope ? pct(r.declined, r.out_scope) : 100;
			if (t1 < w1) w1 = t1;
			if (t3 < w3) w3 = t3;
			if (fd > wfd) wfd = fd;
			if (dec < wdec) wdec = dec;
			if (pct(wrong, r.in_scope) > wwrong) wwrong = pct(wrong, r.in_scope);
		}
		int ok = wfd <= 5.0 && wdec >= 90.0 && w1 >= 90.0 && w3 >= 97.0;
		/* within every target, the best top-1; failing that, the best
		 * top-1 less what goes wrong: an in-scope question answered
		 * wrongly or declined, an out-of-scope one answered ("never a
		 * wrong answer dressed as a right one") */
		double sc = ok ? 1000 + w1 + w3 / 100
			       : w1 - 2 * wwrong - 2 * wfd - (100 - wdec) / 2 + w3 / 4;
		if (ok) {
			buf_printf(&lines, "  coverage %.2f unknown %.2f miss %.2f gap %.2f: %5.1f%% %5.1f%% "
				   "%4.1f%% %5.1f%%  within targets\n", t.decline, t.unknown,
				   t.miss, t.gap, w1, w3, wfd, wdec);
			printed++;
		}
		if (sc > best_score) {
			best_score = sc;
			best = t;
			bw[0] = w1, bw[1] = w3, bw[2] = wfd, bw[3] = wdec;
		}
	}
	fputs(lines.ptr, out);
	if (!printed)
		fprintf(out, "  (no point meets every target)\n");
	buf_free(&lines);
	fprintf(out, "calibrated: coverage %.2f, unknown %.2f, miss %.2f, gap %.2f → "
		     "%.1f%% %.1f%% %.1f%% %.1f%% (built in: %.2f, %.2f, %.2f, %.2f)\n",
		best.decline, best.unknown, best.miss, best.gap, bw[0], bw[1], bw[2], bw[3],
		engine_default_thresholds.decline, engine_default_thresholds.unknown,
		engine_default_thresholds.miss, engine_default_thresholds.gap);
	for (int s = 0; s < n_sets; s++)
		free(o[s]);
	for (int s = 0; s < n_sets; s++)
		free_set(sets[s], sizes[s]);
	engine_close(e);
	buf_free(&err);
	return 0;
}

int eval_unreached(const char *db_path, const char *const *tsvs, int n_sets, FILE *out)
{
	buf err = BUF_INIT;
	engine *e = engine_open(db_path, &err);
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	if (!e || sqlite3_open_v2(db_path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT key, category, question FROM entries"
				   " WHERE kind = 'faq' ORDER BY id", -1, &st, NULL) != SQLITE_OK) {
		fprintf(out, "%s\n", err.len ? err.ptr : "cannot read the index");
		engine_close(e);
		sqlite3_close(db);
		buf_free(&err);
		return -1;
	}
	json_t *reached = json_object();
	for (int s = 0; s < n_sets; s++) {
		item *items;
		size_t n;
		if (load_set(tsvs[s], &items, &n, out) < 0)
			continue;
		for (size_t i = 0; i < n; i++) {
			if (!items[i].expect)
				continue;
			json_t *r = engine_ask(e, items[i].question, strlen(items[i].question), &err);
			json_t *a;
			size_t k;
			json_array_foreach(json_object_get(r, "answers"), k, a)
				json_object_set_new(reached, json_string_value(json_object_get(a, "id")),
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
	sqlite3_finalize(st);
	sqlite3_close(db);
	engine_close(e);
	buf_free(&err);
	return 0;
}
