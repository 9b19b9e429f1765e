#include "vocab.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "mem.h"

typedef struct slot {
	uint32_t off, len; /* into the arena; len 0: empty slot */
	uint32_t hash, df;
} slot;

struct vocab {
	slot *slots;
	size_t mask; /* slots - 1, a power of two minus one */
	buf arena;
	unsigned docs;
};

static uint32_t fnv1a(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

static void put(vocab *v, const char *tok, size_t len, uint32_t df)
{
	uint32_t h = fnv1a(tok, len);
	size_t i = h & v->mask;
	while (v->slots[i].len)
		i = (i + 1) & v->mask;
	v->slots[i] = (slot){(uint32_t)v->arena.len, (uint32_t)len, h, df};
	buf_put(&v->arena, tok, len);
}

static sqlite3_int64 scalar(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3_int64 n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

vocab *vocab_load(sqlite3 *db, buf *err)
{
	sqlite3_int64 terms = scalar(db, "SELECT count(*) FROM df");
	sqlite3_int64 docs = scalar(db, "SELECT count(*) FROM entries");
	sqlite3_stmt *st = NULL;
	if (terms < 0 || docs < 0 ||
	    sqlite3_prepare_v2(db, "SELECT term, n FROM df", -1, &st, NULL) != SQLITE_OK) {
		buf_printf(err, _("index has no document frequencies: %s"), sqlite3_errmsg(db));
		return NULL;
	}
	vocab *v = xcalloc(1, sizeof *v);
	buf_init(&v->arena);
	v->docs = (unsigned)docs;
	/* at most half full, so probes stay short */
	size_t cap = 16;
	while (cap < (size_t)terms * 2)
		cap *= 2;
	v->slots = xcalloc(cap, sizeof *v->slots);
	v->mask = cap - 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(st, 0);
		int n = sqlite3_column_bytes(st, 0);
		if (t && n > 0 && (size_t)terms-- > 0)
			put(v, t, (size_t)n, (uint32_t)sqlite3_column_int64(st, 1));
	}
	sqlite3_finalize(st);
	return v;
}

void vocab_free(vocab *v)
{
	if (!v)
		return;
	free(v->slots);
	buf_free(&v->arena);
	free(v);
}

unsigned vocab_df(const vocab *v, const char *tok, size_t len)
{
	if (!len)
		return 0;
	uint32_t h = fnv1a(tok, len);
	for (size_t i = h & v->mask; v->slots[i].len; i = (i + 1) & v->mask) {
		const slot *s = &v->slots[i];
		if (s->hash == h && s->len == len && !memcmp(v->arena.ptr + s->off, tok, len))
			return s->df;
	}
	return 0;
}

unsigned vocab_docs(const vocab *v) { return v->docs; }
