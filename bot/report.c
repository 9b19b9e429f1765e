#include "report.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "engine.h"
#include "escape.h"
#include "mem.h"
#include "utf8.h"

/* ---- the words the clerk reads (one place, all Chinese) --------------------- */

static const char *const W_TITLE = "问答机器人报告";
static const char *const W_SPAN = "%s至%s，共 %lld 个问题，其中 %lld 个没答上（占 %s）";
static const char *const W_EMPTY_LOG = "还没有记录：问答服务还没有收到问题。";
static const char *const W_NEW = "一、新问题";
static const char *const W_NEW_NOTE = "没答上、看来属于我们范围的问题，同样意思的放在一起。常有人问的，可以在 content/faq/ 里加一条。";
static const char *const W_ALT = "二、可加为“也问”";
static const char *const W_ALT_NOTE = "家长从几个候选问题里选中的，或在勉强答对后点了“有帮助”的问法。照下面改，机器人以后就能直接答。";
static const char *const W_WRONG = "三、答错了";
static const char *const W_WRONG_NOTE = "家长点了“没帮助”的回答，按条目列出，附家长的原话。请看看回答是否说清楚了，或者问题该由别的条目回答。";
static const char *const W_OTHER = "四、不归我们管";
static const char *const W_OTHER_NOTE = "问的是别的产品或事情（如花呗、信用卡），不必加进常见问题。";
static const char *const W_WEEKS = "五、每周情况";
static const char *const W_TOP = "问得最多的条目";
static const char *const W_NONE = "（没有）";

/* ---- small helpers ---------------------------------------------------------- */

static const char *jstr(const json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : "";
}

static long long jint(const json_t *o, const char *key)
{
	return (long long)json_integer_value(json_object_get(o, key));
}

/* "2026-12-02" → "2026年12月2日" */
static void day_cn(buf *out, const char *iso)
{
	int y, m, d;
	if (sscanf(iso, "%d-%d-%d", &y, &m, &d) == 3)
		buf_printf(out, "%d年%d月%d日", y, m, d);
	else
		buf_puts(out, iso);
}

static void percent(char *out, size_t n, long long part, long long whole)
{
	if (whole <= 0)
		snprintf(out, n, "0%%");
	else
		snprintf(out, n, "%lld%%", (part * 100 + whole / 2) / whole);
}

static int table_exists(sqlite3 *db, const char *name)
{
	sqlite3_stmt *st;
	int yes = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?1",
			       -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		yes = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return yes;
}

/* Rows of sql as an array of objects named by cols ('i' integer, 's' text);
 * an empty array when a table is missing (a log from before it). */
static json_t *rows(sqlite3 *db, const char *sql, const char *const *names, const char *types,
		    const char *bind1)
{
	json_t *list = json_array();
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return list;
	if (bind1)
		sqlite3_bind_text(st, 1, bind1, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_t *o = json_object();
		for (int i = 0; types[i]; i++) {
			if (types[i] == 'i')
				json_object_set_new(o, names[i], json_integer(sqlite3_column_int64(st, i)));
			else
				json_object_set_new(o, names[i], json_string((const char *)sqlite3_column_text(st, i)
									 ? (const char *)sqlite3_column_text(st, i) : ""));
		}
		json_array_append_new(list, o);
	}
	sqlite3_finalize(st);
	return list;
}

/* ---- near-duplicate questions ---------------------------------------------- */

/* The question without punctuation, spaces and filler words, as code points. */
static size_t plain_points(const char *q, const json_t *filler, uint32_t *out, size_t max)
{
	buf t = BUF_INIT;
	buf_puts(&t, q);
	const json_t *f;
	size_t i;
	json_array_foreach(filler, i, f) {
		const char *w = json_string_value(f);
		size_t wl = w ? strlen(w) : 0;
		char *at;
		while (wl && (at = strstr(t.ptr, w)))
			memmove(at, at + wl, strlen(at + wl) + 1);
		t.len = strlen(t.ptr);
	}
	size_t n = 0;
	for (size_t p = 0; p < t.len && n < max;) {
		uint32_t cp;
		int l = utf8_decode(t.ptr + p, t.len - p, &cp);
		if (l <= 0)
			break;
		p += (size_t)l;
		int punct = (cp < 0x80 && !((cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') ||
					     (cp >= 'A' && cp <= 'Z'))) ||
			    (cp >= 0x3000 && cp <= 0x303f) || (cp >= 0xff00 && cp <= 0xff0f) ||
			    (cp >= 0xff1a && cp <= 0xff20) || cp == 0xff5e || cp == 0x2014 ||
			    cp == 0x2026 || (cp >= 0x2018 && cp <= 0x201d) || cp == 0xff0a;
		if (!punct)
			out[n++] = cp;
	}
	buf_free(&t);
	return n;
}

/* Share of the shorter question's two-character pieces found in the other:
 * 孩子出国留学能贷款吗 and 出国留学能贷款吗 are the same question. */
static double overlap(const char *a, const char *b, const json_t *filler)
{
	uint32_t pa[256], pb[256];
	size_t na = plain_points(a, filler, pa, 256), nb = plain_points(b, filler, pb, 256);
	if (na < 2 || nb < 2)
		return na == nb && na && pa[0] == pb[0] ? 1 : 0;
	size_t hits = 0;
	const uint32_t *s = na <= nb ? pa : pb, *l = na <= nb ? pb : pa;
	size_t ns = na <= nb ? na : nb, nl = na <= nb ? nb : na;
	for (size_t i = 0; i + 1 < ns; i++)
		for (size_t k = 0; k + 1 < nl; k++)
			if (s[i] == l[k] && s[i + 1] == l[k + 1]) {
				hits++;
				break;
			}
	return (double)hits / (double)(ns - 1);
}

#define SAME_QUESTION 0.6

/* ---- building the model ------------------------------------------------------ */

typedef struct ctx {
	sqlite3 *log;
	engine *e;
	json_t *entries; /* id → search.json entry */
	json_t *filler;
	int have_site; /* search.json was read */
	int limit;
} ctx;

static json_t *entry_ref(ctx *c, const char *id)
{
	const json_t *e = json_object_get(c->entries, id);
	return json_pack("{s:s,s:s,s:s}", "id", id, "question", e ? jstr(e, "question") : id,
			 "url", e ? jstr(e, "url") : "");
}

static const char *first_answer_id(const json_t *reply)
{
	return json_string_value(
		json_object_get(json_array_get(json_object_get(reply, "answers"), 0), "id"));
}

static int by_count(const void *a, const void *b)
{
	long long x = jint(*(json_t *const *)a, "count"), y = jint(*(json_t *const *)b, "count");
	return (x < y) - (x > y);
}

/* Sort an array of objects by "count", largest first; keep the first limit. */
static void sort_trim(json_t *list, int limit)
{
	size_t n = json_array_size(list);
	json_t **v = xcalloc(n + 1, sizeof *v);
	for (size_t i = 0; i < n; i++)
		v[i] = json_incref(json_array_get(list, i));
	qsort(v, n, sizeof *v, by_count);
	json_array_clear(list);
	for (size_t i = 0; i < n; i++) {
		if (limit <= 0 || i < (size_t)limit)
			json_array_append(list, v[i]);
		json_decref(v[i]);
	}
	free(v);
}

/* declined questions → 新问题 (grouped) and 不归我们管 */
static void add_declined(ctx *c, json_t *r)
{
	static const char *const names[] = {"question", "n"};
	json_t *declined = table_exists(c->log, "declined")
				   ? rows(c->log, "SELECT question, n FROM declined ORDER BY n DESC, question",
					  names, "si", NULL)
				   : json_array();
	json_t *groups = json_array(), *other = json_array(), *d;
	size_t i;
	json_array_foreach(declined, i, d) {
		const char *q = jstr(d, "question");
		long long n = jint(d, "n");
		buf err = BUF_INIT;
		reply_kind k;
		json_t *reply = c->e ? engine_ask_kind(c->e, q, strlen(q), &k, &err) : NULL;
		int off = reply && engine_last_signals(c->e).off_topic;
		buf_free(&err);
		if (off) {
			json_array_append_new(other, json_pack("{s:s,s:I}", "question", q, "count", (json_int_t)n));
			json_decref(reply);
			continue;
		}
		json_t *g, *home = NULL;
		size_t k2;
		json_array_foreach(groups, k2, g) {
			if (overlap(jstr(g, "question"), q, c->filler) >= SAME_QUESTION) {
				home = g;
				break;
			}
		}
		if (home) {
			json_object_set_new(home, "count", json_integer(jint(home, "count") + n));
			json_array_append_new(json_object_get(home, "variants"), json_string(q));
		} else {
			const char *id = reply ? first_answer_id(reply) : NULL;
			json_array_append_new(groups, json_pack("{s:s,s:I,s:[],s:o}", "question", q, "count",
							       (json_int_t)n, "variants", "closest",
							       id ? entry_ref(c, id) : json_null()));
		}
		json_decref(reply);
	}
	json_decref(declined);
	sort_trim(groups, c->limit);
	sort_trim(other, c->limit);
	json_object_set_new(r, "new", groups);
	json_object_set_new(r, "other", other);
}

/* The group of row's entry (rows come ordered by entry): the last one in out
 * if it is the same entry, else a new one {id, question, url, questions: [],
 * count: 0} appended to out. Adds the row's n to its count. */
static json_t *entry_group(ctx *c, json_t *out, const json_t *row)
{
	const char *id = jstr(row, "entry");
	json_t *cur = json_array_get(out, json_array_size(out) - 1);
	if (!cur || strcmp(jstr(cur, "id"), id)) {
		cur = entry_ref(c, id);
		json_object_set_new(cur, "questions", json_array());
		json_object_set_new(cur, "count", json_integer(0));
		json_array_append_new(out, cur);
	}
	json_object_set_new(cur, "count", json_integer(jint(cur, "count") + jint(row, "n")));
	return cur;
}

/* Give each {id, count} of list the entry's question and url. */
static void add_refs(ctx *c, json_t *list)
{
	json_t *t;
	size_t i;
	json_array_foreach(list, i, t) {
		json_t *ref = entry_ref(c, jstr(t, "id"));
		json_object_update_missing(t, ref);
		json_decref(ref);
	}
}

/* choices and close calls marked helpful → the 也问 line to write, by entry */
static void add_alt(ctx *c, json_t *r)
{
	static const char *const names[] = {"entry", "question", "n"};
	json_t *list = rows(c->log,
			    "SELECT entry, question, SUM(n) FROM feedback"
			    " WHERE verdict IN ('choice', 'confirmed') AND question <> ''"
			    " GROUP BY entry, question ORDER BY entry, SUM(n) DESC, question",
			    names, "ssi", NULL);
	json_t *out = json_array(), *row, *cur;
	size_t i;
	json_array_foreach(list, i, row) {
		const char *id = jstr(row, "entry");
		const json_t *e = json_object_get(c->entries, id);
		/* only FAQ entries have 也问 lines; an entry no longer on the
		 * site cannot take one either */
		if (!e || strcmp(jstr(e, "kind"), "faq"))
			continue;
		cur = entry_group(c, out, row);
		if (!json_object_get(cur, "file")) {
			/* faq/CATEGORY/anchor → content/faq/CATEGORY.md */
			const char *cat = id + 4, *slash = strchr(cat, '/');
			buf file = BUF_INIT;
			buf_printf(&file, "content/faq/%.*s.md", (int)(slash ? slash - cat : (long)strlen(cat)),
				   cat);
			json_object_set_new(cur, "file", json_string(file.ptr));
			buf_free(&file);
			json_object_set_new(cur, "old", json_array_size(json_object_get(e, "alt"))
								? json_true() : json_false());
			json_object_set(cur, "alt", json_object_get(e, "alt"));
		}
		json_array_append_new(json_object_get(cur, "questions"), json_string(jstr(row, "question")));
	}
	json_decref(list);
	/* the exact line: the old phrasings, then the new ones not already there */
	json_array_foreach(out, i, cur) {
		buf line = BUF_INIT;
		buf_puts(&line, "也问：");
		json_t *a;
		size_t k, n = 0;
		json_array_foreach(json_object_get(cur, "alt"), k, a) {
			buf_printf(&line, "%s%s", n++ ? "；" : "", json_string_value(a));
		}
		json_array_foreach(json_object_get(cur, "questions"), k, a) {
			const char *q = json_string_value(a);
			int dup = 0;
			json_t *old;
			size_t m;
			json_array_foreach(json_object_get(cur, "alt"), m, old)
				dup |= !strcmp(json_string_value(old), q);
			if (!dup)
				buf_printf(&line, "%s%s", n++ ? "；" : "", q);
		}
		json_object_set_new(cur, "line", json_string(line.ptr));
		json_object_del(cur, "alt");
		buf_free(&line);
	}
	sort_trim(out, c->limit);
	json_object_set_new(r, "alt", out);
}

/* answers marked 没帮助, by entry, with the questions */
static void add_wrong(ctx *c, json_t *r)
{
	static const char *const names[] = {"entry", "question", "n"};
	json_t *list = rows(c->log,
			    "SELECT entry, question, SUM(n) FROM feedback WHERE verdict = 'unhelpful'"
			    " GROUP BY entry, question ORDER BY entry, SUM(n) DESC, question",
			    names, "ssi", NULL);
	json_t *out = json_array(), *row, *cur;
	size_t i;
	json_array_foreach(list, i, row) {
		if (c->have_site && !json_object_get(c->entries, jstr(row, "entry")))
			continue; /* not on the site (any more) */
		cur = entry_group(c, out, row);
		if (*jstr(row, "question"))
			json_array_append_new(json_object_get(cur, "questions"),
					      json_pack("{s:s,s:I}", "question", jstr(row, "question"),
							"count", (json_int_t)jint(row, "n")));
	}
	json_decref(list);
	sort_trim(out, c->limit);
	json_object_set_new(r, "wrong", out);
}

/* questions and declines per day and per week, the most asked entries */
static void add_counts(ctx *c, json_t *r)
{
	static const char *const dn[] = {"day", "questions", "declined"};
	json_t *days = rows(c->log,
			    "SELECT day, SUM(n), SUM(CASE WHEN kind = 'decline' THEN n ELSE 0 END)"
			    " FROM daily GROUP BY day ORDER BY day",
			    dn, "sii", NULL);
	json_object_set_new(r, "days", days);
	static const char *const wn[] = {"week", "last", "questions", "declined"};
	/* a week starts on Monday */
	json_t *weeks = rows(c->log,
			     "SELECT date(day, '-6 days', 'weekday 1') AS w, MAX(day), SUM(n),"
			     " SUM(CASE WHEN kind = 'decline' THEN n ELSE 0 END)"
			     " FROM daily GROUP BY w ORDER BY w",
			     wn, "ssii", NULL);
	json_t *w;
	size_t i;
	static const char *const tn[] = {"id", "count"};
	json_array_foreach(weeks, i, w) {
		json_t *top = rows(c->log,
				   "SELECT entry, SUM(n) AS c FROM daily WHERE kind = 'answer'"
				   " AND date(day, '-6 days', 'weekday 1') = ?1"
				   " GROUP BY entry ORDER BY c DESC, entry LIMIT 3",
				   tn, "si", jstr(w, "week"));
		add_refs(c, top);
		json_object_set_new(w, "top", top);
	}
	json_object_set_new(r, "weeks", weeks);
	json_t *top = rows(c->log,
			   "SELECT entry, SUM(n) AS c FROM daily WHERE kind = 'answer'"
			   " GROUP BY entry ORDER BY c DESC, entry LIMIT 10",
			   tn, "si", NULL);
	add_refs(c, top);
	json_object_set_new(r, "top", top);
	long long q = 0, d = 0;
	json_t *day;
	json_array_foreach(days, i, day) {
		q += jint(day, "questions");
		d += jint(day, "declined");
	}
	json_object_set_new(r, "totals", json_pack("{s:I,s:I,s:s,s:s}", "questions", (json_int_t)q,
						   "declined", (json_int_t)d, "from",
						   json_array_size(days) ? jstr(json_array_get(days, 0), "day") : "",
						   "to", json_array_size(days)
							 ? jstr(json_array_get(days, json_array_size(days) - 1), "day")
							 : ""));
}

json_t *report_build(const report_opts *o, buf *err)
{
	ctx c = {0};
	c.limit = o->limit;
	json_t *r = NULL, *search = NULL;
	if (sqlite3_open_v2(o->log, &c.log, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		buf_printf(err, "%s：打不开问答记录（%s）", o->log, sqlite3_errmsg(c.log));
		goto fail;
	}
	/* without the site or the index the report still lists what the log
	 * holds: entries by their ids, no closest entry, no 也问 lines */
	buf path = BUF_INIT;
	buf_printf(&path, "%s/search.json", o->site);
	json_error_t je;
	search = json_load_file(path.ptr, 0, &je);
	if (!search)
		fprintf(stderr, "askbot report：%s：读不了，条目只显示编号（先运行 sitegen build）\n",
			path.ptr);
	buf_free(&path);
	c.entries = json_object();
	json_t *e;
	size_t i;
	json_array_foreach(json_object_get(search, "entries"), i, e)
		json_object_set(c.entries, jstr(e, "id"), e);
	c.have_site = search != NULL;
	c.filler = json_object_get(search, "filler");
	buf eerr = BUF_INIT;
	c.e = engine_open(o->db, &eerr);
	if (!c.e)
		fprintf(stderr, "askbot report：%s：打不开索引，新问题不再分组到相近条目（%s）\n", o->db,
			eerr.ptr);
	buf_free(&eerr);
	r = json_object();
	add_counts(&c, r);
	add_declined(&c, r);
	add_alt(&c, r);
	add_wrong(&c, r);
fail:
	if (c.e)
		engine_close(c.e);
	json_decref(c.entries);
	json_decref(search);
	sqlite3_close(c.log);
	return r;
}

/* ---- text ---------------------------------------------------------------------- */

static void span_line(const json_t *r, buf *out)
{
	const json_t *t = json_object_get(r, "totals");
	if (!*jstr(t, "from")) /* a log from before the daily counts */
		return;
	buf from = BUF_INIT, to = BUF_INIT;
	day_cn(&from, jstr(t, "from"));
	day_cn(&to, jstr(t, "to"));
	char pct[16];
	percent(pct, sizeof pct, jint(t, "declined"), jint(t, "questions"));
	buf_printf(out, W_SPAN, from.ptr, to.ptr, jint(t, "questions"), jint(t, "declined"), pct);
	buf_free(&from);
	buf_free(&to);
}

/* "11月30日—12月6日" for the week starting on monday (last: its last day seen) */
static void week_label(buf *out, const char *monday)
{
	int y, m, d;
	if (sscanf(monday, "%d-%d-%d", &y, &m, &d) != 3) {
		buf_puts(out, monday);
		return;
	}
	struct tm tm = {.tm_year = y - 1900, .tm_mon = m - 1, .tm_mday = d + 6, .tm_hour = 12};
	mktime(&tm);
	buf_printf(out, "%d年%d月%d日—%d月%d日", y, m, d, tm.tm_mon + 1, tm.tm_mday);
}

/* The strings of a JSON array, sep between them. */
static void join(buf *out, const json_t *strings, const char *sep)
{
	const json_t *q;
	size_t k;
	json_array_foreach(strings, k, q)
		buf_printf(out, "%s%s", k ? sep : "", json_string_value(q));
}

/* One list of the report: the title, the note (if any), the lines of each item
 * (i counts from 0), （没有） when the list is empty. */
typedef void text_item(FILE *out, size_t i, const json_t *g);

static void text_list(FILE *out, const json_t *r, const char *key, const char *title,
		      const char *note, text_item *item)
{
	const json_t *list = json_object_get(r, key), *g;
	size_t i;
	fprintf(out, "\n%s\n", title);
	if (note)
		fprintf(out, "%s\n", note);
	json_array_foreach(list, i, g)
		item(out, i, g);
	if (!json_array_size(list))
		fprintf(out, "  %s\n", W_NONE);
}

static void text_new(FILE *out, size_t i, const json_t *g)
{
	fprintf(out, "  %zu. %s（%lld 次）\n", i + 1, jstr(g, "question"), jint(g, "count"));
	if (json_array_size(json_object_get(g, "variants"))) {
		buf v = BUF_INIT;
		join(&v, json_object_get(g, "variants"), "；");
		fprintf(out, "     同类问法：%s\n", v.ptr);
		buf_free(&v);
	}
	const json_t *c = json_object_get(g, "closest");
	if (json_is_object(c))
		fprintf(out, "     最接近的条目：%s  %s\n", jstr(c, "question"), jstr(c, "url"));
	else
		fprintf(out, "     最接近的条目：没有相近的条目\n");
}

static void text_alt(FILE *out, size_t i, const json_t *g)
{
	buf qs = BUF_INIT;
	join(&qs, json_object_get(g, "questions"), "；");
	fprintf(out, "  %zu. 在 %s 的“## %s”下面，%s\n     %s\n", i + 1, jstr(g, "file"),
		jstr(g, "question"),
		json_is_true(json_object_get(g, "old")) ? "把“也问：”这一行换成："
						       : "标题的下一行加上：",
		jstr(g, "line"));
	fprintf(out, "     （家长这样问过 %lld 次：%s）\n", jint(g, "count"), qs.ptr);
	buf_free(&qs);
}

static void text_wrong(FILE *out, size_t i, const json_t *g)
{
	const json_t *q;
	size_t k;
	fprintf(out, "  %zu. %s（%lld 次没帮助）  %s\n", i + 1, jstr(g, "question"), jint(g, "count"),
		jstr(g, "url"));
	json_array_foreach(json_object_get(g, "questions"), k, q)
		fprintf(out, "     - %s（%lld 次）\n", jstr(q, "question"), jint(q, "count"));
}

static void text_other(FILE *out, size_t i, const json_t *g)
{
	(void)i;
	fprintf(out, "  - %s（%lld 次）\n", jstr(g, "question"), jint(g, "count"));
}

static void text_top(FILE *out, size_t i, const json_t *g)
{
	(void)i;
	fprintf(out, "  %6lld  %s  %s\n", jint(g, "count"), jstr(g, "question"), jstr(g, "url"));
}

void report_text(const json_t *r, FILE *out)
{
	buf b = BUF_INIT;
	json_t *g, *q;
	size_t i, k;
	fprintf(out, "%s\n", W_TITLE);
	if (!jint(json_object_get(r, "totals"), "questions") && !json_array_size(json_object_get(r, "new"))) {
		fprintf(out, "%s\n", W_EMPTY_LOG);
		return;
	}
	span_line(r, &b);
	if (b.len)
		fprintf(out, "%s\n", b.ptr);
	text_list(out, r, "new", W_NEW, W_NEW_NOTE, text_new);
	text_list(out, r, "alt", W_ALT, W_ALT_NOTE, text_alt);
	text_list(out, r, "wrong", W_WRONG, W_WRONG_NOTE, text_wrong);
	text_list(out, r, "other", W_OTHER, W_OTHER_NOTE, text_other);

	fprintf(out, "\n%s\n", W_WEEKS);
	json_array_foreach(json_object_get(r, "weeks"), i, g) {
		buf_reset(&b);
		week_label(&b, jstr(g, "week"));
		char pct[16];
		percent(pct, sizeof pct, jint(g, "declined"), jint(g, "questions"));
		fprintf(out, "  %s：问题 %lld 个，没答上 %lld 个（%s）", b.ptr, jint(g, "questions"),
			jint(g, "declined"), pct);
		if (json_array_size(json_object_get(g, "top"))) {
			fprintf(out, "；问得最多：");
			json_array_foreach(json_object_get(g, "top"), k, q)
				fprintf(out, "%s%s（%lld）", k ? "、" : "", jstr(q, "question"), jint(q, "count"));
		}
		fprintf(out, "\n");
	}
	text_list(out, r, "top", W_TOP, NULL, text_top);
	buf_free(&b);
}

/* ---- HTML: one page, inline CSS and SVG, no request anywhere ------------------ */

static void h(buf *out, const char *s) { escape_html(out, s, strlen(s)); }

/* A vertical bar chart of key per day, with the value over each bar. */
static void day_chart(buf *out, const json_t *days, const char *key, const char *title,
		      const char *colour)
{
	size_t n = json_array_size(days);
	long long max = 1;
	json_t *d;
	size_t i;
	json_array_foreach(days, i, d)
		if (jint(d, key) > max)
			max = jint(d, key);
	int bw = 36, gap = 10, top = 22, ch = 140, w = (int)(n ? n : 1) * (bw + gap) + gap;
	buf_printf(out, "<figure><figcaption>");
	h(out, title);
	buf_printf(out, "</figcaption><svg class=\"chart\" data-chart=\"%s\" viewBox=\"0 0 %d %d\" "
			"width=\"%d\" role=\"img\" aria-label=\"", key, w, top + ch + 34, w);
	h(out, title);
	buf_puts(out, "\">");
	json_array_foreach(days, i, d) {
		long long v = jint(d, key);
		int bh = (int)(v * ch / max), x = gap + (int)i * (bw + gap);
		int m = 0, dd = 0, y = 0;
		sscanf(jstr(d, "day"), "%d-%d-%d", &y, &m, &dd);
		buf_printf(out, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\" "
				"data-day=\"%s\" data-n=\"%lld\"></rect>", x, top + ch - bh, bw, bh, colour,
			   jstr(d, "day"), v);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" class=\"v\">%lld</text>",
			   x + bw / 2, top + ch - bh - 5, v);
		buf_printf(out, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%d/%d</text>", x + bw / 2,
			   top + ch + 18, m, dd);
	}
	buf_puts(out, "</svg></figure>\n");
}

/* Horizontal bars for the most asked entries. */
static void top_chart(buf *out, const json_t *top, const char *title)
{
	size_t n = json_array_size(top);
	long long max = 1;
	json_t *t;
	size_t i;
	json_array_foreach(top, i, t)
		if (jint(t, "count") > max)
			max = jint(t, "count");
	int row = 46, w = 340;
	buf_printf(out, "<figure><figcaption>");
	h(out, title);
	buf_printf(out, "</figcaption><svg class=\"chart\" data-chart=\"top\" viewBox=\"0 0 %d %d\" "
			"width=\"%d\" role=\"img\" aria-label=\"", w, (int)(n ? n : 1) * row + 4, w);
	h(out, title);
	buf_puts(out, "\">");
	json_array_foreach(top, i, t) {
		int y = (int)i * row, bw = (int)(jint(t, "count") * (w - 60) / max);
		buf_printf(out, "<text x=\"0\" y=\"%d\">", y + 16);
		h(out, jstr(t, "question"));
		buf_printf(out, "</text><rect x=\"0\" y=\"%d\" width=\"%d\" height=\"16\" fill=\"#0a4f8f\" "
				"data-n=\"%lld\"></rect><text x=\"%d\" y=\"%d\" class=\"v\">%lld</text>",
			   y + 22, bw ? bw : 1, jint(t, "count"), bw + 6, y + 35, jint(t, "count"));
	}
	buf_puts(out, "</svg></figure>\n");
}

/* A section's heading and its note (if any); the caller closes it. */
static void section(buf *out, const char *title, const char *note)
{
	buf_puts(out, "<section><h2>");
	h(out, title);
	buf_puts(out, "</h2>");
	if (note) {
		buf_puts(out, "<p class=\"note\">");
		h(out, note);
		buf_puts(out, "</p>");
	}
}

/* One list of the report as a section: heading, note, the list (tag: ol or
 * ul, class key), （没有） when it is empty. */
typedef void html_item(buf *out, const json_t *g);

static void html_list(buf *out, const json_t *r, const char *key, const char *tag,
		      const char *title, const char *note, html_item *item)
{
	const json_t *list = json_object_get(r, key), *g;
	size_t i;
	section(out, title, note);
	buf_printf(out, "<%s class=\"%s\">", tag, key);
	json_array_foreach(list, i, g)
		item(out, g);
	buf_printf(out, "</%s>", tag);
	if (!json_array_size(list))
		h(out, W_NONE);
	buf_puts(out, "</section>\n");
}

static void html_new(buf *out, const json_t *g)
{
	buf_puts(out, "<li><strong>");
	h(out, jstr(g, "question"));
	buf_printf(out, "</strong> <span class=\"count\">%lld 次</span>", jint(g, "count"));
	if (json_array_size(json_object_get(g, "variants"))) {
		buf v = BUF_INIT;
		join(&v, json_object_get(g, "variants"), "；");
		buf_puts(out, "<br>同类问法：");
		h(out, v.ptr);
		buf_free(&v);
	}
	const json_t *c = json_object_get(g, "closest");
	buf_puts(out, "<br>最接近的条目：");
	if (json_is_object(c)) {
		buf_puts(out, "<a href=\"");
		h(out, jstr(c, "url"));
		buf_puts(out, "\">");
		h(out, jstr(c, "question"));
		buf_puts(out, "</a>");
	} else {
		buf_puts(out, "没有相近的条目");
	}
	buf_puts(out, "</li>");
}

static void html_alt(buf *out, const json_t *g)
{
	buf_puts(out, "<li>在 <code>");
	h(out, jstr(g, "file"));
	buf_puts(out, "</code> 的“## ");
	h(out, jstr(g, "question"));
	buf_puts(out, "”下面，");
	h(out, json_is_true(json_object_get(g, "old")) ? "把“也问：”这一行换成："
						       : "标题的下一行加上：");
	buf_puts(out, "<code class=\"line\">");
	h(out, jstr(g, "line"));
	buf_printf(out, "</code>家长这样问过 <span class=\"count\">%lld 次</span>", jint(g, "count"));
	buf_puts(out, "</li>");
}

static void html_wrong(buf *out, const json_t *g)
{
	const json_t *q;
	size_t k;
	buf_puts(out, "<li><a href=\"");
	h(out, jstr(g, "url"));
	buf_puts(out, "\">");
	h(out, jstr(g, "question"));
	buf_printf(out, "</a> <span class=\"count\">%lld 次没帮助</span><ul>", jint(g, "count"));
	json_array_foreach(json_object_get(g, "questions"), k, q) {
		buf_puts(out, "<li>");
		h(out, jstr(q, "question"));
		buf_printf(out, "（%lld 次）</li>", jint(q, "count"));
	}
	buf_puts(out, "</ul></li>");
}

static void html_other(buf *out, const json_t *g)
{
	buf_puts(out, "<li>");
	h(out, jstr(g, "question"));
	buf_printf(out, " <span class=\"count\">%lld 次</span></li>", jint(g, "count"));
}

void report_html(const json_t *r, buf *out)
{
	json_t *g, *q;
	size_t i, k;
	buf_puts(out, "<!doctype html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>");
	h(out, W_TITLE);
	buf_puts(out, "</title><style>"
		      "body{margin:0 auto;max-width:46rem;padding:0 1rem 2rem;font:17px/1.7 system-ui,"
		      "\"Noto Sans CJK SC\",sans-serif;color:#1b1b1b;overflow-wrap:anywhere}"
		      "h1{font-size:1.5rem}h2{font-size:1.2rem;border-top:2px solid #0a4f8f;padding-top:.6rem;margin-top:1.6rem}"
		      ".note{color:#4a4a4a;font-size:.95rem}.count{color:#9a3412;font-weight:700;white-space:nowrap}"
		      "ol,ul{padding-left:1.3em}li{margin:.5em 0}.line{display:block;background:#f3f6f9;"
		      "border-left:4px solid #0a4f8f;padding:.4rem .6rem;margin:.3rem 0;font-family:inherit}"
		      "figure{margin:1rem 0;overflow-x:auto}figcaption{font-weight:700}"
		      "svg.chart{max-width:100%;height:auto;font-size:12px}svg .v{font-weight:700}"
		      "table{border-collapse:collapse;width:100%}td,th{font-size:.9rem;border-bottom:1px solid #d0d7de;"
		      "padding:.3rem;text-align:left;vertical-align:top}a{color:#0a4f8f}"
		      "</style></head><body><main><h1>");
	h(out, W_TITLE);
	buf_puts(out, "</h1>\n");
	const json_t *t = json_object_get(r, "totals");
	if (!jint(t, "questions") && !json_array_size(json_object_get(r, "new"))) {
		buf_puts(out, "<p>");
		h(out, W_EMPTY_LOG);
		buf_puts(out, "</p></main></body></html>\n");
		return;
	}
	buf span = BUF_INIT;
	span_line(r, &span);
	buf_printf(out, "<p class=\"span\" data-questions=\"%lld\" data-declined=\"%lld\">",
		   jint(t, "questions"), jint(t, "declined"));
	h(out, span.ptr);
	buf_puts(out, "</p>\n");
	buf_free(&span);
	const json_t *days = json_object_get(r, "days");
	day_chart(out, days, "questions", "每天的问题", "#0a4f8f");
	day_chart(out, days, "declined", "每天没答上的问题", "#9a3412");
	if (json_array_size(json_object_get(r, "top")))
		top_chart(out, json_object_get(r, "top"), W_TOP);

	html_list(out, r, "new", "ol", W_NEW, W_NEW_NOTE, html_new);
	html_list(out, r, "alt", "ol", W_ALT, W_ALT_NOTE, html_alt);
	html_list(out, r, "wrong", "ol", W_WRONG, W_WRONG_NOTE, html_wrong);
	html_list(out, r, "other", "ul", W_OTHER, W_OTHER_NOTE, html_other);

	section(out, W_WEEKS, NULL);
	buf_puts(out, "<table class=\"weeks\"><thead><tr><th>周</th><th>问题</th><th>没答上</th>"
		      "<th>问得最多</th></tr></thead><tbody>");
	json_array_foreach(json_object_get(r, "weeks"), i, g) {
		buf wl = BUF_INIT;
		week_label(&wl, jstr(g, "week"));
		char pct[16];
		percent(pct, sizeof pct, jint(g, "declined"), jint(g, "questions"));
		buf_puts(out, "<tr><td>");
		h(out, wl.ptr);
		buf_printf(out, "</td><td>%lld</td><td>%lld（%s）</td><td>", jint(g, "questions"),
			   jint(g, "declined"), pct);
		json_array_foreach(json_object_get(g, "top"), k, q) {
			if (k)
				buf_puts(out, "、");
			h(out, jstr(q, "question"));
			buf_printf(out, "（%lld）", jint(q, "count"));
		}
		buf_puts(out, "</td></tr>");
		buf_free(&wl);
	}
	buf_puts(out, "</tbody></table></section>\n</main></body></html>\n");
}

/* ---- the command ---------------------------------------------------------------- */

static const char report_usage[] =
	"用法：askbot report [--log var/querylog.db] [--db var/askbot.db] [--site public]\n"
	"                    [--limit N] [--html 文件]\n"
	"  --html 文件   另存为一个网页（图表在页内，手机上也能看）\n";

int report_cmd(int argc, char **argv)
{
	report_opts o = {"var/querylog.db", "var/askbot.db", "public", 20};
	const char *html = NULL;
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--log") && i + 1 < argc)
			o.log = argv[++i];
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			o.db = argv[++i];
		else if (!strcmp(argv[i], "--site") && i + 1 < argc)
			o.site = argv[++i];
		else if (!strcmp(argv[i], "--limit") && i + 1 < argc)
			o.limit = atoi(argv[++i]);
		else if (!strcmp(argv[i], "--html") && i + 1 < argc)
			html = argv[++i];
		else {
			fputs(report_usage, stderr);
			return 2;
		}
	}
	buf err = BUF_INIT;
	json_t *r = report_build(&o, &err);
	if (!r) {
		fprintf(stderr, "askbot report：%s\n", err.ptr);
		buf_free(&err);
		return 1;
	}
	int rc = 0;
	if (html) {
		buf page = BUF_INIT;
		report_html(r, &page);
		FILE *f = fopen(html, "w");
		if (!f || fwrite(page.ptr, 1, page.len, f) != page.len) {
			fprintf(stderr, "askbot report：%s：写不进去\n", html);
			rc = 1;
		}
		if (f && fclose(f) != 0)
			rc = 1;
		if (!rc)
			printf("报告已写到 %s\n", html);
		buf_free(&page);
	} else {
		report_text(r, stdout);
	}
	json_decref(r);
	buf_free(&err);
	return rc;
}
