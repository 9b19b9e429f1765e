/* Fuzz target: a question of any bytes through the whole engine (filler,
 * synonyms, word breaking, the FTS5 MATCH expression, ranking, the reply)
 * and through suggest, on an index built once from the unit-test fixture.
 * A reply is NULL only for invalid UTF-8 and never holds more than three
 * answers. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"
#include "index.h"
#include "utf8.h"

static engine *open_fixture(void)
{
	const char *root = getenv("MINGBAI_ROOT");
	buf src = BUF_INIT, dir = BUF_INIT, json = BUF_INIT, db = BUF_INIT, err = BUF_INIT;
	buf_printf(&src, "%s/tests/fixtures/search-small.json", root ? root : ".");
	buf_printf(&dir, "/tmp/mingbai-fuzz-query-%ld", (long)getpid());
	buf_printf(&json, "%s/search.json", dir.ptr);
	buf_printf(&db, "%s/askbot.db", dir.ptr);
	buf text = BUF_INIT;
	engine *e = NULL;
	size_t n;
	if (dir_make(dir.ptr) == 0 && file_read(src.ptr, &text, 0) == 0) {
		FILE *f = fopen(json.ptr, "w");
		if (f) {
			fwrite(text.ptr, 1, text.len, f);
			fclose(f);
		}
		if (index_build(dir.ptr, db.ptr, &n, &err) == 0)
			e = engine_open(db.ptr, &err);
	}
	if (!e)
		fprintf(stderr, "fuzz_query: %s\n", err.ptr);
	/* the engine keeps the file open; the names can go now */
	unlink(json.ptr);
	unlink(db.ptr);
	rmdir(dir.ptr);
	buf_free(&src);
	buf_free(&dir);
	buf_free(&json);
	buf_free(&db);
	buf_free(&err);
	buf_free(&text);
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static engine *e;
	if (!e && !(e = open_fixture()))
		abort();
	const char *q = (const char *)data;
	buf err = BUF_INIT;
	reply_kind k;
	json_t *r = engine_ask_kind(e, q, size, &k, &err);
	int valid = utf8_valid(q, size, NULL);
	if (!r != !valid)
		abort();
	if (r && json_array_size(json_object_get(r, "answers")) > 3)
		abort();
	if (r && json_is_true(json_object_get(r, "answered")) != (k == REPLY_ANSWER))
		abort();
	json_decref(r);
	json_decref(engine_suggest(e, q, size, 5));
	buf_free(&err);
	return 0;
}
