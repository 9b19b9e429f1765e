/* json — accessors for the Jansson values both programs read.
 *
 * One spelling for the reads repeated everywhere: a string member of an
 * object, instead of json_string_value(json_object_get(obj, key)). They
 * own nothing: a returned string is borrowed from obj and lives as long as
 * obj does. A NULL obj, a missing key and a value of another type are all
 * "absent".
 */
#ifndef MINGBAI_JSON_H
#define MINGBAI_JSON_H

#include <jansson.h>

/* obj[key] if it is a string, else NULL. */
const char *json_str(const json_t *obj, const char *key);
/* obj[key] if it is a string, else fallback. */
const char *json_str_or(const json_t *obj, const char *key, const char *fallback);

#endif
