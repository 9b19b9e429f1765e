#include "querylog.h"

#include <pthread.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

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
	for (size_t i = 0; i < n; i++) {
		sqlite3_bind_text(st, 1, items[i], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = -1;
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
	return rc;
}

int querylog_flush(querylog *l)
{
	if (!l)
		return 0;
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
	return rc;
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
