/* vocab — the index's document frequencies, in memory.
 *
 * Every token the index holds (characters, character pairs, ASCII words,
 * numbers) with the number of entries it occurs in, loaded once when an
 * engine opens so the query path weighs words without a SQL round trip per
 * token. A vocab owns its table and its copy of the tokens; vocab_free()
 * releases both. Read-only after loading, so one vocab could be shared.
 */
#ifndef MINGBAI_VOCAB_H
#define MINGBAI_VOCAB_H

#include <sqlite3.h>
#include <stddef.h>

#include "buf.h"

typedef struct vocab vocab;

/* Load the df table of an open index. NULL with a message in err. */
vocab *vocab_load(sqlite3 *db, buf *err);
void vocab_free(vocab *v);

/* Entries containing the token (len bytes); 0 when the index lacks it. */
unsigned vocab_df(const vocab *v, const char *tok, size_t len);

/* The number of entries in the index. */
unsigned vocab_docs(const vocab *v);

#endif
