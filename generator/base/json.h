/* json — accessors for the Jansson values both programs read and write.
 *
 * One spelling for the reads repeated everywhere: a string member of an
 * object, instead of json_string_value(json_object_get(obj, key)). They
 * own nothing: a returned string is borrowed from obj and lives as long as
 * obj does. A NULL obj, a missing key and a value of another type are all
 * "absent". json_set_str is the write side: obj keeps a copy.
 */
#ifndef MINGBAI_JSON_H
#define MINGBAI_JSON_H

#include <jansson.h>

/* obj[key] if it is a string, else NULL. */
const char *json_str(const json_t *obj, const char *key);
/* obj[key] if it is a string, else fallback. */
const char *json_str_or(const json_t *obj, const char *key, const char *fallback);
/* obj[key] = a copy of value; nothing when value is NULL. */
void json_set_str(json_t *obj, const char *key, const char *value);

#endif
