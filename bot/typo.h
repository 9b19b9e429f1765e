/* typo — misspelt characters read back by their sound.
 *
 * Parents type by pinyin, so a wrong character usually sounds like the
 * right one (代款 for 贷款, 宽线期, 身份正, 毕业确人), and it makes a pair
 * of characters the index has never seen. When the index is built, every
 * CJK character's toneless pinyin (ICU's Han-Latin) and every character
 * pair the index holds, filed under its pinyin, are stored with it; a
 * question's unknown pair is then replaced by the most frequent known pair
 * that sounds the same and differs from it in one character. ICU gives one
 * reading per character; a few polyphones are filed under their other
 * reading too (还 huán in 还款, so 环款 is read as 还款).
 *
 * A typo holds prepared statements on the engine's database; typo_close()
 * finalizes them. Not thread-safe (one per engine).
 */
#ifndef MINGBAI_TYPO_H
#define MINGBAI_TYPO_H

#include <sqlite3.h>

#include "buf.h"
#include "vocab.h"

/* Create and fill the tables in an index being built (after its df table).
 * Returns 0, or -1 with a message in err. */
int typo_build(sqlite3 *db, buf *err);

typedef struct typo typo;

/* NULL when the index has no such tables (then nothing is corrected). */
typo *typo_open(sqlite3 *db);
void typo_close(typo *t);

/* Correct text (normal form) in place; returns the number of characters
 * replaced. */
int typo_fix(typo *t, const vocab *v, buf *text);

#endif
