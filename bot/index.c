#include "index.h"

#include <assert.h>
#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"
#include "json.h"
#include "mem.h"
#include "normalize.h"
#include "tokenizer.h"
#include "asking.h"
#include "typo.h"

static const char schema[] =
	"PRAGMA journal_mode=OFF;"
	"PRAGMA synchronous=OFF;"
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE entries(id INTEGER PRIMARY KEY, key TEXT NOT NULL, kind TEXT,"
	" category TEXT, question TEXT, alt TEXT, text TEXT, url TEXT, norm TEXT,"
	" qnorm TEXT, asks INTEGER NOT NULL DEFAULT 0);"
	"CREATE VIRTUAL TABLE fts USING fts5(question, alt, text, category,"
	" content='', tokenize='mingbai');"
	"CREATE VIRTUAL TABLE temp.vocab USING fts5vocab(main, fts, 'row');"
	"CREATE TABLE df(term TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;";

static int exec(sqlite3 *db, const char *sql, buf *err)
{
	char *msg = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &msg) == SQLITE_OK)
		return 0;
	buf_printf(err, "%s", msg ? msg : sqlite3_errmsg(db));
	sqlite3_free(msg);
	return -1;
}

static const char *str(const json_t *o, const char *key) { return json_str_or(o, key, ""); }

static int put_meta(sqlite3 *db, const char *key, const json_t *value, buf *err)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "INSERT INTO meta VALUES (?1, ?2)", -1, &st, NULL)) {
		buf_printf(err, "%s", sqlite3_errmsg(db));
		return -1;
	}
	char *s = json_is_string(value) ? NULL : json_dumps(value, JSON_COMPACT | JSON_ENCODE_ANY);
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, s ? s : json_string_value(value), -1, SQLITE_TRANSIENT);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	if (rc)
		buf_printf(err, "%s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	free(s);
	return rc;
}

static int fsync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* One build's open database, its two prepared inserts and the scratch
 * buffers one entry is normalized into (reused from entry to entry). */
typedef struct builder {
	const char *src;     /* search.json, for messages */
	sqlite3 *db;         /* the new index, under its temporary name */
	sqlite3_stmt *ins;   /* INSERT INTO entries */
	sqlite3_stmt *ins_fts; /* INSERT INTO fts */
	normalizer *nz;
	buf nq, na, nt, nc;  /* the normal forms of question, alt, text, category */
	buf norm;            /* nq, na and nt, one per line */
	buf alt;             /* the entry's other phrasings, one per line */
} builder;

/* Read and parse src; NULL with a message in err unless it is a
 * search.json with an "entries" list. */
static json_t *read_search_json(const char *src, buf *err)
{
	buf text = BUF_INIT;
	json_t *root = NULL;
	if (file_read(src, &text, 0) < 0) {
		buf_printf(err, _("%s: cannot read: %s (run sitegen build first)"), src,
			   strerror(errno));
		goto done;
	}
	json_error_t je;
	root = json_loadb(text.ptr, text.len, 0, &je);
	json_t *list = json_object_get(root, "entries");
	if (!root || !json_is_array(list)) {
		buf_printf(err, _("%s:%d: not a search.json file: %s"), src, je.line,
			   root ? "no entries" : je.text);
		json_decref(root);
		root = NULL;
	}
done:
	buf_free(&text);
	return root;
}

/* Create the new index at tmp (and the folder db_path goes in), with the
 * tokenizer and the schema, and begin its one transaction. */
static int open_new(builder *b, const char *db_path, const char *tmp, buf *err)
{
	unlink(tmp);
	char *dir = xstrdup(db_path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		dir_make(dir);
	}
	free(dir);
	if (sqlite3_open(tmp, &b->db) != SQLITE_OK) {
		buf_printf(err, "%s: %s", tmp, sqlite3_errmsg(b->db));
		return -1;
	}
	if (tokenizer_register(b->db) != SQLITE_OK) {
		buf_printf(err, _("cannot register the tokenizer: %s"), sqlite3_errmsg(b->db));
		return -1;
	}
	if (exec(b->db, schema, err) < 0 || exec(b->db, "BEGIN", err) < 0)
		return -1;
	if (sqlite3_prepare_v2(b->db, "INSERT INTO entries(id, key, kind, category, question,"
				      " text, url, norm, qnorm, alt, asks)"
				      " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
			       -1, &b->ins, NULL) ||
	    sqlite3_prepare_v2(b->db, "INSERT INTO fts(rowid, question, alt, text, category)"
				      " VALUES (?1,?2,?3,?4,?5)", -1, &b->ins_fts, NULL)) {
		buf_printf(err, "%s", sqlite3_errmsg(b->db));
		return -1;
	}
	return 0;
}

/* Normalize entry e (the i-th of search.json) into b's scratch buffers. */
static int normalize_entry(builder *b, size_t i, const json_t *e, buf *err)
{
	buf_reset(&b->nq);
	buf_reset(&b->na);
	buf_reset(&b->nt);
	buf_reset(&b->nc);
	buf_reset(&b->alt);
	json_t *a;
	size_t k;
	json_array_foreach(json_object_get(e, "alt"), k, a) {
		if (b->alt.len)
			buf_putc(&b->alt, '\n');
		buf_puts(&b->alt, json_string_value(a) ? json_string_value(a) : "");
	}
	if (normalize(b->nz, str(e, "question"), strlen(str(e, "question")), &b->nq) < 0 ||
	    normalize(b->nz, b->alt.ptr, b->alt.len, &b->na) < 0 ||
	    normalize(b->nz, str(e, "text"), strlen(str(e, "text")), &b->nt) < 0 ||
	    normalize(b->nz, str(e, "category"), strlen(str(e, "category")), &b->nc) < 0) {
		buf_printf(err, _("%s: entry %zu is not valid UTF-8"), b->src, i);
		return -1;
	}
	buf_reset(&b->norm);
	buf_printf(&b->norm, "%s\n%s\n%s", b->nq.ptr, b->na.ptr, b->nt.ptr);
	return 0;
}

/* Insert the i-th entry e, as row i + 1 of entries and of fts. */
static int insert_entry(builder *b, size_t i, const json_t *e, buf *err)
{
	if (normalize_entry(b, i, e, err) < 0)
		return -1;
	sqlite3_stmt *ins = b->ins, *ins_fts = b->ins_fts;
	/* the question and its phrasings: the first two parts of norm */
	size_t qnorm_len = b->nq.len + 1 + b->na.len;
	assert(qnorm_len <= b->norm.len && b->norm.len <= INT_MAX);
	sqlite3_int64 id = (sqlite3_int64)i + 1;
	sqlite3_bind_int64(ins, 1, id);
	sqlite3_bind_text(ins, 2, str(e, "id"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, str(e, "kind"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, str(e, "category"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 5, str(e, "question"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 6, str(e, "text"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 7, str(e, "url"), -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 8, b->norm.ptr, (int)b->norm.len, SQLITE_STATIC);
	sqlite3_bind_text(ins, 9, b->norm.ptr, (int)qnorm_len, SQLITE_STATIC);
	sqlite3_bind_text(ins, 10, b->alt.ptr, (int)b->alt.len, SQLITE_STATIC);
	/* what the entry answers: the kinds its phrasings ask (asking.h),
	 * read once here rather than at every question */
	sqlite3_bind_int64(ins, 11, asking_kinds_lines(b->norm.ptr, qnorm_len));
	sqlite3_bind_int64(ins_fts, 1, id);
	sqlite3_bind_text(ins_fts, 2, b->nq.ptr, (int)b->nq.len, SQLITE_STATIC);
	sqlite3_bind_text(ins_fts, 3, b->na.ptr, (int)b->na.len, SQLITE_STATIC);
	sqlite3_bind_text(ins_fts, 4, b->nt.ptr, (int)b->nt.len, SQLITE_STATIC);
	sqlite3_bind_text(ins_fts, 5, b->nc.ptr, (int)b->nc.len, SQLITE_STATIC);
	int rc = 0;
	if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(ins_fts) != SQLITE_DONE) {
		buf_printf(err, "%s", sqlite3_errmsg(b->db));
		rc = -1;
	}
	sqlite3_reset(ins);
	sqlite3_reset(ins_fts);
	return rc;
}

/* Every entry of root's list; *entries counts those inserted. */
static int insert_entries(builder *b, const json_t *root, size_t *entries, buf *err)
{
	json_t *e;
	size_t i;
	json_array_foreach(json_object_get(root, "entries"), i, e) {
		if (insert_entry(b, i, e, err) < 0)
			return -1;
		(*entries)++;
	}
	return 0;
}

/* search.json's site facts, synonyms and word lists into meta, each as
 * an empty object or list when missing, and the schema version. */
static int write_meta(sqlite3 *db, const json_t *root, buf *err)
{
	json_t *meta_site = json_object_get(root, "site");
	json_t *syn = json_object_get(root, "synonyms");
	json_t *filler = json_object_get(root, "filler");
	json_t *off = json_object_get(root, "off_topic"), *on = json_object_get(root, "on_topic");
	json_t *qual = json_object_get(root, "qualifiers"), *names = json_object_get(root, "names");
	json_t *schema_v = json_string(INDEX_SCHEMA), *empty_o = json_object(),
	       *empty_a = json_array();
	int mrc = put_meta(db, "schema", schema_v, err) ||
		  put_meta(db, "site", meta_site ? meta_site : empty_o, err) ||
		  put_meta(db, "synonyms", json_is_object(syn) ? syn : empty_o, err) ||
		  put_meta(db, "filler", json_is_array(filler) ? filler : empty_a, err) ||
		  put_meta(db, "off_topic", json_is_array(off) ? off : empty_a, err) ||
		  put_meta(db, "on_topic", json_is_array(on) ? on : empty_a, err) ||
		  put_meta(db, "qualifiers", json_is_array(qual) ? qual : empty_a, err) ||
		  put_meta(db, "names", json_is_array(names) ? names : empty_a, err);
	json_decref(schema_v);
	json_decref(empty_o);
	json_decref(empty_a);
	return mrc ? -1 : 0;
}

/* What is read from the entries once they are in: the document frequency
 * of every token, the sounds for misspellings (typo.h); then the full-text
 * index merged into one segment and the transaction committed. */
static int finish_tables(sqlite3 *db, buf *err)
{
	if (exec(db, "INSERT INTO df SELECT term, doc FROM temp.vocab;", err) < 0 ||
	    typo_build(db, err) < 0 ||
	    exec(db, "INSERT INTO fts(fts) VALUES('optimize');COMMIT;", err) < 0)
		return -1;
	return 0;
}

/* Close the new index and put it in db_path's place: renamed over the old
 * one only once it is on disk, so a reader sees the old file or the new. */
static int swap_in(builder *b, const char *tmp, const char *db_path, buf *err)
{
	sqlite3_finalize(b->ins);
	sqlite3_finalize(b->ins_fts);
	b->ins = b->ins_fts = NULL;
	int closed = sqlite3_close(b->db) == SQLITE_OK;
	b->db = NULL;
	if (!closed) {
		buf_printf(err, _("%s: cannot close"), tmp);
		return -1;
	}
	if (fsync_path(tmp) < 0 || rename(tmp, db_path) < 0) {
		buf_printf(err, "%s: %s", db_path, strerror(errno));
		return -1;
	}
	return 0;
}

int index_build(const char *site_dir, const char *db_path, size_t *entries,
		buf *err)
{
	char *src = path_join(site_dir, "search.json");
	builder b = {.src = src};
	buf tmp = BUF_INIT;
	json_t *root = NULL;
	int rc = -1;
	buf_init(&b.nq);
	buf_init(&b.na);
	buf_init(&b.nt);
	buf_init(&b.nc);
	buf_init(&b.norm);
	buf_init(&b.alt);
	*entries = 0;

	if (!(root = read_search_json(src, err)))
		goto fail;
	if (!(b.nz = normalizer_new(err)))
		goto fail;
	buf_printf(&tmp, "%s.tmp.%ld", db_path, (long)getpid());
	if (open_new(&b, db_path, tmp.ptr, err) < 0 ||
	    insert_entries(&b, root, entries, err) < 0 ||
	    write_meta(b.db, root, err) < 0 ||
	    finish_tables(b.db, err) < 0 ||
	    swap_in(&b, tmp.ptr, db_path, err) < 0)
		goto fail;
	rc = 0;
fail:
	sqlite3_finalize(b.ins);
	sqlite3_finalize(b.ins_fts);
	if (b.db)
		sqlite3_close(b.db);
	if (rc < 0 && tmp.len)
		unlink(tmp.ptr);
	normalizer_free(b.nz);
	json_decref(root);
	free(src);
	buf_free(&tmp);
	buf_free(&b.nq);
	buf_free(&b.na);
	buf_free(&b.nt);
	buf_free(&b.nc);
	buf_free(&b.norm);
	buf_free(&b.alt);
	return rc;
}
