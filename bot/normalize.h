/* normalize — one form for every Chinese text the bot compares.
 *
 * NFKC (full-width letters and digits become ASCII, compatibility forms
 * fold), lower case, and traditional characters mapped to simplified with
 * OpenCC's t2s tables. The index stores text in this form and questions are
 * put in it before they are searched, so 貸款額度 finds 贷款额度 and ＬＰＲ
 * finds lpr. A normalizer holds an ICU normalizer and an OpenCC converter;
 * it is not thread-safe (one per engine). Outputs are caller-owned bufs.
 */
#ifndef MINGBAI_NORMALIZE_H
#define MINGBAI_NORMALIZE_H

#include <stddef.h>

#include "buf.h"

typedef struct normalizer normalizer;

/* NULL if ICU or OpenCC cannot be set up, with a message in err. */
normalizer *normalizer_new(buf *err);
void normalizer_free(normalizer *n);

/* Append the normal form of text (valid UTF-8) to out. Returns 0, or -1 if
 * text is not valid UTF-8. */
int normalize(normalizer *n, const char *text, size_t len, buf *out);

#endif
