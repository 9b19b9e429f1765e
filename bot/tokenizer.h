/* tokenizer — how Chinese text becomes search terms, and the FTS5
 * tokenizer "mingbai" that indexes it.
 *
 * Text is expected in normal form (normalize.h). Runs of Han characters
 * are indexed as every character and every pair of neighbours (the pair
 * colocated with its first character), so both one-character words (贷,
 * 还) and two-character ones (额度, 续贷) match, and a longer word matches
 * as a phrase of its pairs. A query reads a run as its pairs only (one
 * character: itself). Runs of ASCII letters are one token; numbers stay
 * whole, with a decimal point ("2.5"). Everything else (punctuation, space,
 * emoji, invalid bytes) separates tokens. The comparison with FTS5's own
 * unicode61 and trigram tokenizers is in the README.
 */
#ifndef MINGBAI_TOKENIZER_H
#define MINGBAI_TOKENIZER_H

#include <sqlite3.h>
#include <stddef.h>

#include "buf.h"

enum { TOK_INDEX = 0, TOK_QUERY = 1 };

/* Called per token: colocated is 1 for a token at the same position as the
 * previous one. Offsets are byte offsets into the text. Non-zero stops. */
typedef int (*token_fn)(void *ctx, int colocated, const char *tok, int len,
			int start, int end);

int tokenize(const char *text, size_t len, int mode, token_fn fn, void *ctx);

/* Append text[0, len) to m as an FTS5 string ("…", a '"' doubled), so a
 * token is searched as itself whatever characters it holds. */
void tokenizer_quote(buf *m, const char *text, size_t len);

/* Register the "mingbai" tokenizer with db's FTS5. SQLITE_OK or an error. */
int tokenizer_register(sqlite3 *db);

#endif
