#include "json.h"

const char *json_str(const json_t *obj, const char *key)
{
	/* json_object_get and json_string_value both accept NULL and the
	 * wrong type, returning NULL */
	return json_string_value(json_object_get(obj, key));
}

const char *json_str_or(const json_t *obj, const char *key, const char *fallback)
{
	const char *s = json_str(obj, key);
	return s ? s : fallback;
}

void json_set_str(json_t *obj, const char *key, const char *value)
{
	if (value)
		json_object_set_new(obj, key, json_string(value));
}
