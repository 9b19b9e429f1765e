#include "index.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
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

int index_build(const char *site_dir, const char *db_path, size_t *entries,
		buf *err)
{
	char *src = path_join(site_dir, "search.json");
	buf text = BUF_INIT, tmp = BUF_INIT, nq = BUF_INIT, na = BUF_INIT,
	    nt = BUF_INIT, nc = BUF_INIT, norm = BUF_INIT, alt = BUF_INIT;
	json_t *root = NULL;
	sqlite3 *db = NULL;
	sqlite3_stmt *ins = NULL, *ins_fts = NULL;
	normalizer *nz = NULL;
	int rc = -1;
	*entries = 0;

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
		goto done;
	}
	if (!(nz = normalizer_new(err)))
		goto done;

	buf_printf(&tmp, "%s.tmp.%ld", db_path, (long)getpid());
	unlink(tmp.ptr);
	char *dir = xstrdup(db_path);
	char *slash = strrchr(dir, '/');
	if (slash) {
		*slash = '\0';
		dir_make(dir);
	}
	free(dir);
	if (sqlite3_open(tmp.ptr, &db) != SQLITE_OK) {
		buf_printf(err, "%s: %s", tmp.ptr, sqlite3_errmsg(db));
		goto done;
	}
	if (tokenizer_register(db) != SQLITE_OK) {
		buf_printf(err, _("cannot register the tokenizer: %s"), sqlite3_errmsg(db));
		goto done;
	}
	if (exec(db, schema, err) < 0 || exec(db, "BEGIN", err) < 0)
		goto done;
	if (sqlite3_prepare_v2(db, "INSERT INTO entries(id, key, kind, category, question,"
				   " text, url, norm, qnorm, alt, asks)"
				   " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11)",
			       -1, &ins, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO fts(rowid, question, alt, text, category)"
				   " VALUES (?1,?2,?3,?4,?5)", -1, &ins_fts, NULL)) {
		buf_printf(err, "%s", sqlite3_errmsg(db));
		goto done;
	}
	json_t *e;
	size_t i;
	json_array_foreach(list, i, e) {
		buf_reset(&nq);
		buf_reset(&na);
		buf_reset(&nt);
		buf_reset(&nc);
		buf_reset(&alt);
		json_t *a;
		size_t k;
		json_array_foreach(json_object_get(e, "alt"), k, a) {
			if (alt.len)
				buf_putc(&alt, '\n');
			buf_puts(&alt, json_string_value(a) ? json_string_value(a) : "");
		}
		if (normalize(nz, str(e, "question"), strlen(str(e, "question")), &nq) < 0 ||
		    normalize(nz, alt.ptr, alt.len, &na) < 0 ||
		    normalize(nz, str(e, "text"), strlen(str(e, "text")), &nt) < 0 ||
		    normalize(nz, str(e, "category"), strlen(str(e, "category")), &nc) < 0) {
			buf_printf(err, _("%s: entry %zu is not valid UTF-8"), src, i);
			goto done;
		}
		buf_reset(&norm);
		buf_printf(&norm, "%s\n%s\n%s", nq.ptr, na.ptr, nt.ptr);
		sqlite3_int64 id = (sqlite3_int64)i + 1;
		sqlite3_bind_int64(ins, 1, id);
		sqlite3_bind_text(ins, 2, str(e, "id"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, str(e, "kind"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, str(e, "category"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, str(e, "question"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 6, str(e, "text"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 7, str(e, "url"), -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 8, norm.ptr, (int)norm.len, SQLITE_STATIC);
		/* the question and its phrasings: the first two parts of norm */
		sqlite3_bind_text(ins, 9, norm.ptr, (int)(nq.len + 1 + na.len), SQLITE_STATIC);
		sqlite3_bind_text(ins, 10, alt.ptr, (int)alt.len, SQLITE_STATIC);
		/* what the entry answers: the kinds its phrasings ask (asking.h),
		 * read once here rather than at every question */
		sqlite3_bind_int64(ins, 11, asking_kinds(norm.ptr, nq.len + 1 + na.len));
		sqlite3_bind_int64(ins_fts, 1, id);
		sqlite3_bind_text(ins_fts, 2, nq.ptr, (int)nq.len, SQLITE_STATIC);
		sqlite3_bind_text(ins_fts, 3, na.ptr, (int)na.len, SQLITE_STATIC);
		sqlite3_bind_text(ins_fts, 4, nt.ptr, (int)nt.len, SQLITE_STATIC);
		sqlite3_bind_text(ins_fts, 5, nc.ptr, (int)nc.len, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE || sqlite3_step(ins_fts) != SQLITE_DONE) {
			buf_printf(err, "%s", sqlite3_errmsg(db));
			goto done;
		}
		sqlite3_reset(ins);
		sqlite3_reset(ins_fts);
		(*entries)++;
	}
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
	if (mrc)
		goto done;
	if (exec(db, "INSERT INTO df SELECT term, doc FROM temp.vocab;", err) < 0 ||
	    typo_build(db, err) < 0 ||
	    exec(db, "INSERT INTO fts(fts) VALUES('optimize');COMMIT;", err) < 0)
		goto done;
	sqlite3_finalize(ins);
	sqlite3_finalize(ins_fts);
	ins = ins_fts = NULL;
	if (sqlite3_close(db) != SQLITE_OK) {
		buf_printf(err, _("%s: cannot close"), tmp.ptr);
		db = NULL;
		goto done;
	}
	db = NULL;
	if (fsync_path(tmp.ptr) < 0 || rename(tmp.ptr, db_path) < 0) {
		buf_printf(err, "%s: %s", db_path, strerror(errno));
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(ins);
	sqlite3_finalize(ins_fts);
	if (db)
		sqlite3_close(db);
	if (rc < 0 && tmp.len)
		unlink(tmp.ptr);
	normalizer_free(nz);
	json_decref(root);
	free(src);
	buf_free(&text);
	buf_free(&tmp);
	buf_free(&nq);
	buf_free(&na);
	buf_free(&nt);
	buf_free(&nc);
	buf_free(&norm);
	buf_free(&alt);
	return rc;
}
