/* Fuzz target: the bot's normalizer and tokenizer on any bytes, in index
 * and query mode. Every token must lie inside the text, be non-empty, and
 * a colocated token must share its start with the one before. */
#include <stdint.h>
#include <stdlib.h>

#include "normalize.h"
#include "tokenizer.h"

typedef struct check {
	size_t len;
	int last_start;
} check;

static int on_token(void *ctx, int colocated, const char *tok, int len, int start, int end)
{
	check *c = ctx;
	(void)tok;
	if (len <= 0 || start < 0 || end <= start || (size_t)end > c->len || end - start != len)
		abort();
	if (colocated && start != c->last_start)
		abort();
	c->last_start = start;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static normalizer *nz;
	if (!nz) {
		buf err = BUF_INIT;
		nz = normalizer_new(&err);
		buf_free(&err);
		if (!nz)
			abort();
	}
	const char *text = (const char *)data;
	for (int mode = TOK_INDEX; mode <= TOK_QUERY; mode++) {
		check c = {size, -1};
		tokenize(text, size, mode, on_token, &c);
	}
	buf out = BUF_INIT;
	if (normalize(nz, text, size, &out) == 0) {
		check c = {out.len, -1};
		tokenize(out.ptr, out.len, TOK_INDEX, on_token, &c);
		c.last_start = -1;
		tokenize(out.ptr, out.len, TOK_QUERY, on_token, &c);
	}
	buf_free(&out);
	return 0;
}
