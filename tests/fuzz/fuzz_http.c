/* Fuzz target: the API's handling of a request's question, as a query
 * string (%-decoded) or a JSON body, then the engine's answer and the
 * question log's masking. The engine reads an index built once from
 * tests/fixtures/search-small.json. The first input byte picks GET or POST. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "api.h"
#include "engine.h"
#include "escape.h"
#include "index.h"
#include "querylog.h"

static engine *open_engine(void)
{
	static engine *e;
	static int tried;
	if (tried)
		return e;
	tried = 1;
	char dir[] = "/tmp/mingbai-fuzz-XXXXXX";
	if (!mkdtemp(dir))
		return NULL;
	char site[64], db[64];
	snprintf(site, sizeof site, "%s/site", dir);
	snprintf(db, sizeof db, "%s/askbot.db", dir);
	mkdir(site, 0755);
	buf cmd = BUF_INIT, err = BUF_INIT;
	buf_printf(&cmd, "cp tests/fixtures/search-small.json %s/search.json", site);
	size_t n;
	if (system(cmd.ptr) == 0 && index_build(site, db, &n, &err) == 0)
		e = engine_open(db, &err);
	buf_free(&cmd);
	buf_free(&err);
	return e;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	int post = data[0] & 1;
	const char *rest = (const char *)data + 1;
	size_t rest_len = size - 1;
	buf query = BUF_INIT, err = BUF_INIT, masked = BUF_INIT;
	json_t *holder = NULL;
	const char *q = NULL;
	size_t len = 0;
	unsigned status;
	const char *bad;
	if (post) {
		bad = api_question("POST", rest, rest_len, rest_len > HTTP_MAX_BODY, NULL,
				   &holder, &q, &len, &status);
	} else {
		if (unescape_url(&query, rest, rest_len, 1) < 0 || memchr(query.ptr, 0, query.len))
			goto done;
		bad = api_question("GET", NULL, 0, 0, query.ptr, &holder, &q, &len, &status);
	}
	if (!bad) {
		engine *e = open_engine();
		if (e) {
			json_t *r = engine_ask(e, q, len, &err);
			json_decref(r);
			json_decref(engine_suggest(e, q, len, 5));
		}
		char *copy = strndup(q, len);
		querylog_mask(copy, &masked);
		free(copy);
	}
done:
	json_decref(holder);
	buf_free(&query);
	buf_free(&err);
	buf_free(&masked);
	return 0;
}
