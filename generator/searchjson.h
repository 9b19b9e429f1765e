/* searchjson — public/search.json, the bot's only input (format: README).
 *
 * Every FAQ entry and every guide section (by ## heading) becomes one entry
 * of plain text with the policy variables filled in; content/synonyms.yaml
 * travels along so the bot never reads content/.
 */
#ifndef MINGBAI_SEARCHJSON_H
#define MINGBAI_SEARCHJSON_H

#include <jansson.h>

#include "buf.h"
#include "content.h"

/* Append search.json for content c (site: the prepared site object). */
void searchjson_write(content *c, const json_t *site, buf *out);

#endif
