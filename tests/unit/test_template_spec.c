/* The official Mustache spec suite (../shared/mustache-spec/, or
 * $MUSTACHE_SPEC_DIR): every test of every required file must pass. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "template.h"
#include "../harness.h"

static const char *const files[] = {
	"comments.json", "delimiters.json", "interpolation.json", "inverted.json",
	"partials.json", "sections.json", "~inheritance.json",
};

static int load(void *ctx, const char *name, buf *src)
{
	json_t *v = json_object_get(ctx, name);
	if (!json_is_string(v))
		return -1;
	buf_puts(src, json_string_value(v));
	return 0;
}

int main(void)
{
	const char *dir = getenv("MUSTACHE_SPEC_DIR");
	if (!dir)
		dir = "../shared/mustache-spec";
	for (size_t f = 0; f < sizeof files / sizeof *files; f++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[f]);
		json_error_t e;
		json_t *spec = json_load_file(path, 0, &e);
		OK(spec != NULL, "%s: %s", path, e.text);
		json_t *t;
		size_t i, passed = 0, total = json_array_size(json_object_get(spec, "tests"));
		json_array_foreach(json_object_get(spec, "tests"), i, t) {
			const char *src = json_string_value(json_object_get(t, "template"));
			const char *want = json_string_value(json_object_get(t, "expected"));
			template_set *s = template_set_new(load, json_object_get(t, "partials"));
			buf out = BUF_INIT, err = BUF_INIT;
			template *tp = template_compile(s, "spec", src, strlen(src), &err);
			int rc = tp ? template_render(tp, json_object_get(t, "data"), &out, &err) : -1;
			int good = rc == 0 && !strcmp(out.ptr, want);
			passed += good;
			OK(good, "%s: %s\n  want [%s]\n  got  [%s] %s", files[f],
			   json_string_value(json_object_get(t, "name")), want, out.ptr, err.ptr);
			buf_free(&out);
			buf_free(&err);
			template_set_free(s);
		}
		printf("%s: %zu/%zu\n", files[f], passed, total);
		json_decref(spec);
	}
	return harness_done();
}
