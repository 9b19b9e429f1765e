/* Fuzz target: front matter splitting and YAML loading, with the policy
 * variable callback that the generator uses on every value. */
#include <stdint.h>
#include <stdio.h>

#include "frontmatter.h"
#include "vars.h"

static int expand(void *ctx, buf *value, int line, diag *d)
{
	buf out = BUF_INIT;
	int rc = vars_expand(ctx, value->ptr, value->len, &out, "fuzz", line, d);
	buf_reset(value);
	buf_put(value, out.ptr, out.len);
	buf_free(&out);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	json_t *policy = json_pack("{s:s,s:s}", "a", "20000", "repay_date", "12月20日");
	diag d = {.out = null_out};
	frontmatter fm;
	json_t *fields = NULL;
	frontmatter_parse((const char *)data, size, "fuzz.md", &fm, &fields,
			  expand, policy, &d);
	json_decref(fields);
	json_t *doc = yaml_to_json((const char *)data, size, "fuzz.yaml", 1, NULL,
				   NULL, &d);
	json_decref(doc);
	json_decref(policy);
	return 0;
}
