/* index — var/askbot.db from public/search.json.
 *
 * The database holds the entries as shown (question, text, URL …), their
 * normal form, an FTS5 table over the normal form with the "mingbai"
 * tokenizer, the document frequency of every token (the engine weighs a
 * question's words by it), and search.json's site, synonyms and filler in
 * a meta table, so the bot never reads content/. It is written beside the
 * old one and renamed over it: a server reading the old file is not
 * disturbed, and a failed build leaves the old index in place.
 */
#ifndef MINGBAI_INDEX_H
#define MINGBAI_INDEX_H

#include "buf.h"

/* Build db_path from site_dir/search.json. Returns 0, or -1 with a message
 * in err. *entries receives the number of entries indexed. */
int index_build(const char *site_dir, const char *db_path, size_t *entries,
		buf *err);

/* The schema version the engine expects in meta.schema. */
#define INDEX_SCHEMA "2"

#endif
