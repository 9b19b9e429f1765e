/* Fuzz target: the POST /api/feedback body, as JSON or as a form
 * (%-decoding, '+', repeated keys, the entry id, the question and the go
 * path checks). The first input byte picks the content type. */
#include <stdint.h>
#include <stddef.h>

#include "api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (!size)
		return 0;
	const char *type = data[0] & 1 ? "application/x-www-form-urlencoded" : "application/json";
	api_feedback_check(type, (const char *)data + 1, size - 1);
	return 0;
}
