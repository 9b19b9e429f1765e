#include "querylog.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"
#include "utf8.h"

/* Bounded so a flood of questions cannot grow memory between flushes. */
#define MAX_PENDING 4096

struct querylog {
	sqlite3 *db;
	pthread_mutex_t lock;
	char **declined;
	size_t n_declined;
	char **answered;
	size_t n_answered;
	struct extra_rec *extra; /* per-day counts and feedback, see below */
	size_t n_extra;
};

querylog *querylog_open(const char *path, buf *err)
{
	sqlite3 *db;
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		buf_printf(err, "%s: %s", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return NULL;
	}
	char *msg = NULL;
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL;"
			 "PRAGMA synchronous=NORMAL;"
			 "CREATE TABLE IF NOT EXISTS declined(question TEXT PRIMARY KEY,"
			 " n INTEGER NOT NULL) WITHOUT ROWID;"
			 "CREATE TABLE IF NOT EXISTS answered(entry TEXT PRIMARY KEY,"
			 " n INTEGER NOT NULL) WITHOUT ROWID;",
			 NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s: %s", path, msg ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		sqlite3_close(db);
		return NULL;
	}
	querylog *l = xcalloc(1, sizeof *l);
	l->db = db;
	pthread_mutex_init(&l->lock, NULL);
	l->declined = xcalloc(MAX_PENDING, sizeof *l->declined);
	l->answered = xcalloc(MAX_PENDING, sizeof *l->answered);
	return l;
}

static int is_digit_at(const char *s, size_t n, size_t i, int *len)
{
	unsigned char c = (unsigned char)s[i];
	if (c >= '0' && c <= '9') {
		*len = 1;
		return 1;
	}
	uint32_t cp;
	int l = utf8_decode(s + i, n - i, &cp);
	if (l > 0 && cp >= 0xFF10 && cp <= 0xFF19) { /* full-width ０-９ */
		*len = l;
		return 1;
	}
	return 0;
}

void querylog_mask(const char *q, buf *out)
{
	size_t n = strlen(q);
	for (size_t i = 0; i < n;) {
		int l;
		if (!is_digit_at(q, n, i, &l)) {
			buf_putc(out, q[i++]);
			continue;
		}
		/* a run of digits, with spaces or dashes between them */
		size_t j = i, digits = 0, last = i;
		while (j < n) {
			if (is_digit_at(q, n, j, &l)) {
				digits++;
				j += (size_t)l;
				last = j;
			} else if ((q[j] == ' ' || q[j] == '-') && j + 1 < n &&
				   is_digit_at(q, n, j + 1, &l)) {
				j++;
			} else {
				break;
			}
		}
		if (last < n && (q[last] == 'X' || q[last] == 'x'))
			last++;
		if (digits >= 6) {
			buf_puts(out, "＊＊＊");
		} else {
			buf_put(out, q + i, last - i);
		}
		i = last;
	}
}

void querylog_declined(querylog *l, const char *question)
{
	if (!l)
		return;
	buf m = BUF_INIT;
	querylog_mask(question, &m);
	pthread_mutex_lock(&l->lock);
	if (l->n_declined < MAX_PENDING)
		l->declined[l->n_declined++] = buf_detach(&m);
	pthread_mutex_unlock(&l->lock);
	buf_free(&m);
}

void querylog_answered(querylog *l, const char *entry_id)
{
	if (!l)
		return;
	pthread_mutex_lock(&l->lock);
	if (l->n_answered < MAX_PENDING)
		l->answered[l->n_answered++] = xstrdup(entry_id);
	pthread_mutex_unlock(&l->lock);
}

static int add_all(sqlite3 *db, const char *sql, char **items, size_t n)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, items[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* ---- per-day counts and feedback (askbot report) --------------------------
 *
 * Two tables of their own, created on the first write so that a log made
 * before them still opens: daily(day, kind, entry, n) counts every reply by
 * day (kind answer, choices or decline; entry is the answered entry or ''),
 * and feedback(day, entry, verdict, question, n) counts the taps under
 * answers (verdict helpful, unhelpful, choice or confirmed). A question's text is
 * kept only where the clerk needs it: marked unhelpful, answered through a
 * did-you-mean choice, or marked helpful after a close call (the phrasing to
 * add as 也问); masked like a declined question. */

typedef struct extra_rec {
	char day[11];         /* YYYY-MM-DD, local time */
	const char *kind;     /* daily: "answer" …; feedback: "helpful" … */
	char *entry;          /* owned */
	char *question;       /* owned, masked; NULL: a daily count */
} extra_rec;

/* Every reply asks for the day: each thread works it out once a minute,
 * not once per request (localtime_r takes a lock). */
static void today(char out[11])
{
	static _Thread_local time_t minute = -1;
	static _Thread_local char day[11];
	time_t now = time(NULL);
	if (now / 60 != minute) {
		struct tm tm;
		localtime_r(&now, &tm);
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
		minute = now / 60;
	}
	memcpy(out, day, sizeof day);
}

static void push_extra(querylog *l, const char *kind, const char *entry,
		       const char *question)
{
	extra_rec r = {{0}, kind, xstrdup(entry ? entry : ""), NULL};
	today(r.day);
	if (question) {
		buf m = BUF_INIT;
		querylog_mask(question, &m);
		r.question = buf_detach(&m);
		buf_free(&m);
	}
	pthread_mutex_lock(&l->lock);
	if (!l->extra)
		l->extra = xcalloc(MAX_PENDING, sizeof *l->extra);
	if (l->n_extra < MAX_PENDING) {
		l->extra[l->n_extra++] = r;
		r.entry = r.question = NULL;
	}
	pthread_mutex_unlock(&l->lock);
	free(r.entry);
	free(r.question);
}

void querylog_day(querylog *l, const char *kind, const char *entry)
{
	if (l)
		push_extra(l, kind, entry, NULL);
}

void querylog_feedback(querylog *l, const char *entry, feedback_verdict v,
		       const char *question)
{
	static const char *const names[] = {"helpful", "unhelpful", "choice", "confirmed"};
	if (!l)
		return;
	/* a helpful answer's question is not kept: there is nothing to fix */
	push_extra(l, names[v], entry,
		   v == FEEDBACK_HELPFUL ? "" : (question ? question : ""));
}

static int flush_extra(querylog *l)
{
	pthread_mutex_lock(&l->lock);
	size_t n = l->n_extra;
	extra_rec *r = NULL;
	if (n) {
		r = xcalloc(n, sizeof *r);
		memcpy(r, l->extra, n * sizeof *r);
		l->n_extra = 0;
	}
	pthread_mutex_unlock(&l->lock);
	if (!n)
		return 0;
	sqlite3_stmt *day = NULL, *fb = NULL;
	int rc = sqlite3_exec(l->db,
			      "CREATE TABLE IF NOT EXISTS daily(day TEXT NOT NULL, kind TEXT NOT NULL,"
			      " entry TEXT NOT NULL, n INTEGER NOT NULL,"
			      " PRIMARY KEY(day, kind, entry)) WITHOUT ROWID;"
			      "CREATE TABLE IF NOT EXISTS feedback(day TEXT NOT NULL,"
			      " entry TEXT NOT NULL, verdict TEXT NOT NULL, question TEXT NOT NULL,"
			      " n INTEGER NOT NULL, PRIMARY KEY(day, entry, verdict, question))"
			      " WITHOUT ROWID;"
			      "BEGIN",
			      NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
	if (rc == 0 &&
	    (sqlite3_prepare_v2(l->db, "INSERT INTO daily VALUES (?1, ?2, ?3, 1)"
				" ON CONFLICT DO UPDATE SET n = n + 1", -1, &day, NULL) != SQLITE_OK ||
	     sqlite3_prepare_v2(l->db, "INSERT INTO feedback VALUES (?1, ?3, ?2, ?4, 1)"
				" ON CONFLICT DO UPDATE SET n = n + 1", -1, &fb, NULL) != SQLITE_OK))
		rc = -1;
	for (size_t i = 0; i < n && rc == 0; i++) {
		sqlite3_stmt *st = r[i].question ? fb : day;
		sqlite3_bind_text(st, 1, r[i].day, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, r[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, r[i].entry, -1, SQLITE_STATIC);
		if (r[i].question)
			sqlite3_bind_text(st, 4, r[i].question, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(day);
	sqlite3_finalize(fb);
	if (sqlite3_exec(l->db, rc == 0 ? "COMMIT" : "ROLLBACK", NULL, NULL, NULL) != SQLITE_OK)
		rc = -1;
	for (size_t i = 0; i < n; i++) {
		free(r[i].entry);
		free(r[i].question);
	}
	free(r);
	return rc;
}

int querylog_flush(querylog *l)
{
	if (!l)
		return 0;
	int extra_rc = flush_extra(l);
	/* take the pending records, then write without holding the lock */
	pthread_mutex_lock(&l->lock);
	size_t nd = l->n_declined, na = l->n_answered;
	char **d = xcalloc(nd + 1, sizeof *d), **a = xcalloc(na + 1, sizeof *a);
	memcpy(d, l->declined, nd * sizeof *d);
	memcpy(a, l->answered, na * sizeof *a);
	l->n_declined = l->n_answered = 0;
	pthread_mutex_unlock(&l->lock);
	int rc = 0;
	if (nd || na) {
		rc = sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK ? 0 : -1;
		rc |= add_all(l->db, "INSERT INTO declined VALUES (?1, 1)"
				     " ON CONFLICT(question) DO UPDATE SET n = n + 1", d, nd);
		rc |= add_all(l->db, "INSERT INTO answered VALUES (?1, 1)"
				     " ON CONFLICT(entry) DO UPDATE SET n = n + 1", a, na);
		if (sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
			sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
			rc = -1;
		}
	}
	for (size_t i = 0; i < nd; i++)
		free(d[i]);
	for (size_t i = 0; i < na; i++)
		free(a[i]);
	free(d);
	free(a);
	return rc | extra_rc;
}

void querylog_close(querylog *l)
{
	if (!l)
		return;
	querylog_flush(l);
	sqlite3_close(l->db);
	pthread_mutex_destroy(&l->lock);
	free(l->declined);
	free(l->answered);
	free(l->extra);
	free(l);
}

static void print_table(sqlite3 *db, const char *title, const char *sql, int limit,
			FILE *out)
{
	sqlite3_stmt *st;
	fprintf(out, "%s\n", title);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(out, "  (none)\n");
		return;
	}
	sqlite3_bind_int(st, 1, limit);
	int rows = 0;
	while (sqlite3_step(st) == SQLITE_ROW) {
		fprintf(out, "  %6d  %s\n", sqlite3_column_int(st, 1),
			(const char *)sqlite3_column_text(st, 0));
		rows++;
	}
	if (!rows)
		fprintf(out, "  (none yet)\n");
	sqlite3_finalize(st);
}

int querylog_report(const char *path, int limit, FILE *out)
{
	sqlite3 *db;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
		fprintf(stderr, "askbot report: %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	print_table(db, "Most frequent questions the bot could not answer (add them to the FAQ):",
		    "SELECT question, n FROM declined ORDER BY n DESC, question LIMIT ?1",
		    limit, out);
	print_table(db, "\nMost asked FAQ entries:",
		    "SELECT entry, n FROM answered ORDER BY n DESC, entry LIMIT ?1", limit, out);
	sqlite3_close(db);
	return 0;
}
