#include "tokenizer.h"

#include <string.h>

#include "utf8.h"

typedef enum cls { C_SEP, C_HAN, C_DIGIT, C_WORD } cls;

static cls classify(uint32_t cp)
{
	if (cp >= '0' && cp <= '9')
		return C_DIGIT;
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return C_WORD;
	if (utf8_is_han(cp) || cp == 0x3007) /* 〇 */
		return C_HAN;
	/* letters of other scripts (é, кириллица …) make words; symbols,
	 * punctuation, kana-less CJK marks and emoji separate */
	if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) ||
	    (cp >= 0x370 && cp <= 0x52F))
		return C_WORD;
	return C_SEP;
}

/* A run of Han characters from byte i; returns where it ends, or -1 when
 * the callback stopped. Index: each character, and with it (colocated) the
 * pair it starts. Query: the pairs, or the lone character of a run of one. */
static long han_run(const char *text, size_t len, size_t i, size_t l, int mode,
		    token_fn fn, void *ctx)
{
	size_t a = i, b = i + l;
	int first = 1;
	for (;;) {
		uint32_t cp;
		int l2 = b < len ? utf8_decode(text + b, len - b, &cp) : -1;
		int next = l2 > 0 && classify(cp) == C_HAN;
		size_t c = next ? b + (size_t)l2 : b;
		if (mode == TOK_INDEX) {
			if (fn(ctx, 0, text + a, (int)(b - a), (int)a, (int)b) ||
			    (next && fn(ctx, 1, text + a, (int)(c - a), (int)a, (int)c)))
				return -1;
		} else if (next) {
			if (fn(ctx, 0, text + a, (int)(c - a), (int)a, (int)c))
				return -1;
		} else if (first) {
			if (fn(ctx, 0, text + a, (int)(b - a), (int)a, (int)b))
				return -1;
		}
		first = 0;
		if (!next)
			return (long)b;
		a = b;
		b = c;
	}
}

int tokenize(const char *text, size_t len, int mode, token_fn fn, void *ctx)
{
	size_t i = 0;
	while (i < len) {
		uint32_t cp;
		int l = utf8_decode(text + i, len - i, &cp);
		if (l < 0) {
			i++;
			continue;
		}
		cls c = classify(cp);
		if (c == C_SEP) {
			i += (size_t)l;
			continue;
		}
		if (c == C_HAN) {
			long end = han_run(text, len, i, (size_t)l, mode, fn, ctx);
			if (end < 0)
				return 1;
			i = (size_t)end;
			continue;
		}
		/* a word of letters, or a number with an inner decimal point */
		size_t j = i + (size_t)l;
		while (j < len) {
			int k = utf8_decode(text + j, len - j, &cp);
			if (k < 0)
				break;
			cls d = classify(cp);
			if (d == c) {
				j += (size_t)k;
				continue;
			}
			if (c == C_DIGIT && cp == '.' && j + 1 < len && text[j + 1] >= '0' &&
			    text[j + 1] <= '9') {
				j++;
				continue;
			}
			break;
		}
		if (fn(ctx, 0, text + i, (int)(j - i), (int)i, (int)j))
			return 1;
		i = j;
	}
	return 0;
}

/* ---- the FTS5 tokenizer ---------------------------------------------------- */

typedef struct fts_ctx {
	void *pCtx;
	int (*xToken)(void *, int, const char *, int, int, int);
} fts_ctx;

static int fts_token(void *vctx, int colocated, const char *tok, int len,
		     int start, int end)
{
	fts_ctx *c = vctx;
	return c->xToken(c->pCtx, colocated ? FTS5_TOKEN_COLOCATED : 0, tok, len,
			 start, end);
}

static int x_create(void *pUnused, const char **azArg, int nArg,
		    Fts5Tokenizer **ppOut)
{
	(void)pUnused;
	(void)azArg;
	(void)nArg;
	static int dummy;
	*ppOut = (Fts5Tokenizer *)&dummy;
	return SQLITE_OK;
}

static void x_delete(Fts5Tokenizer *t) { (void)t; }

static int x_tokenize(Fts5Tokenizer *t, void *pCtx, int flags,
		      const char *pText, int nText,
		      int (*xToken)(void *, int, const char *, int, int, int))
{
	(void)t;
	fts_ctx c = {pCtx, xToken};
	int mode = (flags & FTS5_TOKENIZE_QUERY) ? TOK_QUERY : TOK_INDEX;
	if (nText <= 0)
		return SQLITE_OK;
	return tokenize(pText, (size_t)nText, mode, fts_token, &c) ? SQLITE_ERROR
								      : SQLITE_OK;
}

static fts5_api *fts5_of(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;
	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	return api;
}

int tokenizer_register(sqlite3 *db)
{
	fts5_api *api = fts5_of(db);
	if (!api)
		return SQLITE_ERROR;
	static fts5_tokenizer tok = {x_create, x_delete, x_tokenize};
	return api->xCreateTokenizer(api, "mingbai", NULL, &tok, NULL);
}

void tokenizer_quote(buf *m, const char *text, size_t len)
{
	buf_putc(m, '"');
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '"')
			buf_putc(m, '"');
		buf_putc(m, text[i]);
	}
	buf_putc(m, '"');
}
