/* searchjson — public/search.json, the bot's only input (format: README).
 *
 * Every FAQ entry and every guide section (by ## heading) becomes one entry
 * of plain text with the policy variables filled in; content/synonyms.yaml
 * travels along so the bot never reads content/.
 *
 * The JSON is written straight into bufs (no value tree): a page's entries
 * are made while its Markdown tree is still in memory, from any render
 * thread, and streamed into the file in page order at the end.
 */
#ifndef MINGBAI_SEARCHJSON_H
#define MINGBAI_SEARCHJSON_H

#include <jansson.h>
#include <stdio.h>

#include "buf.h"
#include "content.h"

/* Append p's entries to out, each preceded by a comma. */
void searchjson_page(page *p, buf *out);

/* Write the whole file to f: header from site and c's synonyms, then every
 * page's entries from pages[i]->search (made by searchjson_page). Returns
 * -1 when f reports a write error. */
int searchjson_write(content *c, const json_t *site, FILE *f);

#endif
