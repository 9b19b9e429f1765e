#include "querylog.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "mem.h"
#include "utf8.h"

/* Bounded so a flood of questions cannot grow memory between flushes. */
#define MAX_PENDING 4096
/* The WAL is folded into the database when questions stop coming, and at
 * least every this many writing flushes under steady load. */
#define CHECKPOINT_EVERY 60

struct querylog {
	char *path;
	size_t max_questions;
	sqlite3 *db;          /* NULL while the file cannot be opened */
	pthread_mutex_t lock; /* guards the pending lists */
	char **declined;
	size_t n_declined;
	char **answered;
	size_t n_answered;
	buf problem;          /* why the last write failed; empty when it worked */
	int wal_dirty;        /* written since the last checkpoint */
	int writes;           /* writing flushes since the last checkpoint */
	size_t dropped;       /* records lost while the log could not be written */
	struct extra_rec *extra; /* per-day counts and feedback, see below */
	size_t n_extra;
};

/* The schema, and the migration of a log made before rows carried their
 * day: the old rows count as asked on the day of the migration. */
static int prepare_db(sqlite3 *db, buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db,
			 "PRAGMA journal_mode=WAL;"
			 "PRAGMA synchronous=NORMAL;"
			 "PRAGMA journal_size_limit=1048576;"
			 "CREATE TABLE IF NOT EXISTS declined(question TEXT PRIMARY KEY,"
			 " n INTEGER NOT NULL, day TEXT NOT NULL DEFAULT (date('now')))"
			 " WITHOUT ROWID;"
			 "CREATE TABLE IF NOT EXISTS answered(entry TEXT PRIMARY KEY,"
			 " n INTEGER NOT NULL) WITHOUT ROWID;",
			 NULL, NULL, &msg) != SQLITE_OK)
		goto fail;
	sqlite3_stmt *st;
	int has_day = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM pragma_table_info('declined') WHERE name='day'",
			       -1, &st, NULL) != SQLITE_OK)
		goto fail;
	has_day = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!has_day) {
		/* a table rebuild: ALTER TABLE cannot add a NOT NULL column
		 * whose default is not a constant */
		if (sqlite3_exec(db,
				 "BEGIN;"
				 "CREATE TABLE declined_new(question TEXT PRIMARY KEY,"
				 " n INTEGER NOT NULL, day TEXT NOT NULL DEFAULT (date('now')))"
				 " WITHOUT ROWID;"
				 "INSERT INTO declined_new SELECT question, n, date('now') FROM declined;"
				 "DROP TABLE declined;"
				 "ALTER TABLE declined_new RENAME TO declined;"
				 "COMMIT;",
				 NULL, NULL, &msg) != SQLITE_OK) {
			sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
			goto fail;
		}
	}
	return 0;
fail:
	buf_printf(err, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

/* Open the database if it is not open; 0 or -1 with l->problem set. */
static int ensure_open(querylog *l)
{
	if (l->db)
		return 0;
	sqlite3 *db = NULL;
	buf err = BUF_INIT;
	if (sqlite3_open(l->path, &db) != SQLITE_OK) {
		buf_puts(&err, db ? sqlite3_errmsg(db) : _("out of memory"));
		goto fail;
	}
	sqlite3_busy_timeout(db, 200);
	if (prepare_db(db, &err) < 0)
		goto fail;
	l->db = db;
	buf_free(&err);
	return 0;
fail:
	sqlite3_close(db);
	buf_reset(&l->problem);
	buf_printf(&l->problem, "%s: %s", l->path, err.ptr);
	buf_free(&err);
	return -1;
}

querylog *querylog_open(const char *path, size_t max_questions, buf *err)
{
	querylog *l = xcalloc(1, sizeof *l);
	l->path = xstrdup(path);
	l->max_questions = max_questions;
	buf_init(&l->problem);
	pthread_mutex_init(&l->lock, NULL);
	l->declined = xcalloc(MAX_PENDING, sizeof *l->declined);
	l->answered = xcalloc(MAX_PENDING, sizeof *l->answered);
	if (ensure_open(l) < 0)
		buf_puts(err, l->problem.ptr);
	return l;
}

const char *querylog_problem(querylog *l)
{
	return l && l->problem.len ? l->problem.ptr : NULL;
}

/* The code point at s[i] (n bytes in all) in *cp and its length, or 0. */
static int char_at(const char *s, size_t n, size_t i, uint32_t *cp)
{
	unsigned char c = (unsigned char)s[i];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int l = utf8_decode(s + i, n - i, cp);
	return l > 0 ? l : 0;
}

static int is_digit(uint32_t cp)
{
	return (cp >= '0' && cp <= '9') || (cp >= 0xFF10 && cp <= 0xFF19); /* ０-９ */
}

/* What people type between groups of a number: spaces (also the full-width
 * one), dashes and hyphens of every width, dots. */
static int is_separator(uint32_t cp)
{
	return cp == ' ' || cp == '-' || cp == '.' || cp == 0x3000 || cp == 0xFF0D ||
	       cp == 0x2010 || cp == 0x2011 || cp == 0x2012 || cp == 0x2013 || cp == 0x2014 ||
	       cp == 0xFF0E || cp == 0x00A0;
}

static int is_check_letter(uint32_t cp)
{
	return cp == 'X' || cp == 'x' || cp == 0xFF38 || cp == 0xFF58; /* Ｘ ｘ */
}

/* Up to this many separators in a row still join two groups of digits. */
#define MAX_GAP 3

void querylog_mask(const char *q, buf *out)
{
	size_t n = strlen(q);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = char_at(q, n, i, &cp);
		if (!l || !is_digit(cp)) {
			size_t step = l ? (size_t)l : 1;
			buf_put(out, q + i, step);
			i += step;
			continue;
		}
		/* a run of digits, with short runs of separators between them */
		size_t j = i, digits = 0, last = i;
		while (j < n) {
			l = char_at(q, n, j, &cp);
			if (l && is_digit(cp)) {
				digits++;
				j += (size_t)l;
				last = j;
				continue;
			}
			size_t k = j;
			int gap = 0;
			while (k < n && gap < MAX_GAP && (l = char_at(q, n, k, &cp)) &&
			       is_separator(cp)) {
				k += (size_t)l;
				gap++;
			}
			if (gap && k < n && (l = char_at(q, n, k, &cp)) && is_digit(cp)) {
				j = k;
				continue;
			}
			break;
		}
		if (last < n && (l = char_at(q, n, last, &cp)) && is_check_letter(cp))
			last += (size_t)l;
		if (digits >= 6)
			buf_puts(out, "＊＊＊");
		else
			buf_put(out, q + i, last - i);
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
	for (size_t i = 0; i < n && !rc; i++) {
		sqlite3_bind_text(st, 1, items[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

/* Keep at most max_questions declined questions: past the cap, the rows
 * with the least weight go until a tenth of the cap is free, so this runs
 * seldom. A row's weight is how often it was asked, divided by the square
 * of (1 + weeks since it was last asked): a question asked often lately
 * stays; a one-off, or one asked 30 times a month ago, weighs about as much
 * as a new question; one not asked for a year makes room first. */
static int trim(querylog *l)
{
	if (!l->max_questions)
		return 0;
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(l->db, "SELECT count(*) FROM declined", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_int64 rows = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
	sqlite3_finalize(st);
	if (rows < 0)
		return -1;
	if ((size_t)rows <= l->max_questions)
		return 0;
	sqlite3_int64 keep = (sqlite3_int64)(l->max_questions - l->max_questions / 10);
	if (sqlite3_prepare_v2(l->db,
			       "DELETE FROM declined WHERE question IN (SELECT question FROM declined"
			       " ORDER BY n / ((1.0 + (julianday('now') - julianday(day)) / 7.0)"
			       " * (1.0 + (julianday('now') - julianday(day)) / 7.0)),"
			       " day, question LIMIT ?1)",
			       -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, rows - keep);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	sqlite3_finalize(st);
	return rc;
}

/* Fold the WAL into the database and cut the WAL file back to nothing. */
static void checkpoint(querylog *l)
{
	if (sqlite3_wal_checkpoint_v2(l->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL) ==
	    SQLITE_OK) {
		l->wal_dirty = 0;
		l->writes = 0;
	}
}

static int write_batch(querylog *l, char **d, size_t nd, char **a, size_t na)
{
	if (sqlite3_exec(l->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
		return -1;
	if (add_all(l->db, "INSERT INTO declined VALUES (?1, 1, date('now'))"
			   " ON CONFLICT(question) DO UPDATE SET n = n + 1, day = date('now')",
		    d, nd) < 0 ||
	    add_all(l->db, "INSERT INTO answered VALUES (?1, 1)"
			   " ON CONFLICT(entry) DO UPDATE SET n = n + 1",
		    a, na) < 0 ||
	    trim(l) < 0 || sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_exec(l->db, "ROLLBACK", NULL, NULL, NULL);
		return -1;
	}
	return 0;
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
	if (ensure_open(l) < 0) {
		/* the log cannot be written: these taps are lost, as questions are */
		l->dropped += n;
		for (size_t i = 0; i < n; i++) {
			free(r[i].entry);
			free(r[i].question);
		}
		free(r);
		return -1;
	}
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
	/* the feedback rows that keep a question's text are bounded like the
	 * declined questions: past the cap the oldest go */
	if (rc == 0 && l->max_questions) {
		sqlite3_stmt *cut = NULL;
		if (sqlite3_prepare_v2(l->db,
				       "DELETE FROM feedback WHERE (day, entry, verdict, question) IN"
				       " (SELECT day, entry, verdict, question FROM feedback"
				       " ORDER BY day LIMIT max(0, (SELECT count(*) FROM feedback) - ?1))",
				       -1, &cut, NULL) != SQLITE_OK)
			rc = -1;
		else {
			sqlite3_bind_int64(cut, 1, (sqlite3_int64)l->max_questions);
			if (sqlite3_step(cut) != SQLITE_DONE)
				rc = -1;
		}
		sqlite3_finalize(cut);
	}
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
	if (!nd && !na) {
		if (l->db && l->wal_dirty)
			checkpoint(l);
		goto done;
	}
	if (ensure_open(l) < 0) {
		rc = -1;
	} else if (write_batch(l, d, nd, a, na) < 0) {
		/* disk full, folder read-only, file gone: close, and open
		 * again at the next flush, which may find the disk better */
		buf_reset(&l->problem);
		buf_printf(&l->problem, "%s: %s", l->path, sqlite3_errmsg(l->db));
		sqlite3_close(l->db);
		l->db = NULL;
		rc = -1;
	} else {
		buf_reset(&l->problem);
		l->wal_dirty = 1;
		if (++l->writes >= CHECKPOINT_EVERY)
			checkpoint(l);
	}
	if (rc < 0)
		l->dropped += nd + na;
done:
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
	if (l->db && l->wal_dirty)
		checkpoint(l);
	sqlite3_close(l->db);
	pthread_mutex_destroy(&l->lock);
	free(l->declined);
	free(l->answered);
	buf_free(&l->problem);
	free(l->path);
	free(l->extra);
	free(l);
}
