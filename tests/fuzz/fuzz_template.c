/* Fuzz target: the Mustache compiler and renderer. The input is compiled as
 * a template (and is also the source of a partial named "p", so recursion
 * and inheritance through partials are reached) and rendered against a
 * small fixed context. Then the partials are looked up a second time, as a
 * build does page after page: a template whose compile failed must not come
 * back half built (one did, and rendering it looped forever). */
#include <stdint.h>
#include <string.h>

#include "template.h"

static const uint8_t *input;
static size_t input_len;

static int load(void *ctx, const char *name, buf *src)
{
	(void)ctx;
	if (strcmp(name, "p") && strcmp(name, "layout"))
		return -1;
	buf_put(src, input, input_len > 4096 ? 4096 : input_len);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static json_t *ctx;
	if (!ctx)
		ctx = json_loads("{\"title\":\"还款<指南>\",\"list\":[{\"a\":1},{\"a\":2.5}],"
				 "\"t\":true,\"f\":false,\"n\":null,\"s\":\"\",\"o\":{\"x\":{\"y\":\"z\"}}}",
				 0, NULL);
	input = data;
	input_len = size;
	template_set *set = template_set_new(load, NULL);
	buf out = BUF_INIT, err = BUF_INIT;
	template *t = template_compile(set, "fuzz", (const char *)data, size, &err);
	if (t)
		template_render(t, ctx, &out, &err);
	static const char *const again[] = {"fuzz", "p", "layout"};
	for (size_t i = 0; i < sizeof again / sizeof *again; i++) {
		buf_reset(&err);
		t = template_get(set, again[i], &err);
		if (t)
			template_render(t, ctx, &out, &err);
	}
	template_set_free(set);
	buf_free(&out);
	buf_free(&err);
	return 0;
}
