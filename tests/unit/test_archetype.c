/* Unit tests for archetypes: what `sitegen new` fills in. */
#include <string.h>

#include "archetype.h"
#include "buf.h"
#include "../harness.h"

static void test_fill(void)
{
	const char *a = "title: \"{{title}}\"\ndate: {{date}}\nupdated: {{date}}\n"
			"{{policy.loan_max}} {{ title }} {{";
	buf out = BUF_INIT;
	archetype_fill(a, strlen(a), "还款须知", "2026-07-01", &out);
	EQ_STR(out.ptr, "title: \"还款须知\"\ndate: 2026-07-01\nupdated: 2026-07-01\n"
			"{{policy.loan_max}} {{ title }} {{");
	buf_reset(&out);
	/* a title is put in once, never read again as the archetype */
	archetype_fill("{{title}}", 9, "{{date}}", "2026-07-01", &out);
	EQ_STR(out.ptr, "{{date}}");
	buf_free(&out);
}

int main(void)
{
	test_fill();
	return harness_done();
}
