/* Fuzz target: Markdown with policy variables, as a page body goes through
 * the generator: variables, cmark-gfm, heading ids, text, HTML. */
#include <stdint.h>
#include <stdio.h>

#include "markdown.h"
#include "vars.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *null_out;
	if (!null_out)
		null_out = fopen("/dev/null", "w");
	json_t *policy = json_pack("{s:s,s:s}", "loan_max", "20000", "hotline", "95593");
	diag d = {.out = null_out};
	buf body = BUF_INIT, html = BUF_INIT, text = BUF_INIT;
	vars_expand(policy, (const char *)data, size, &body, "fuzz.md", 1, &d);
	md_doc *doc = md_parse(body.ptr, body.len, 1, "fuzz.md", &d);
	md_render_html(doc, &html);
	md_node_text(doc, doc->root, &text);
	for (size_t i = 0; i < doc->n_headings; i++)
		md_render_node_html(doc, doc->headings[i].node, &html);
	md_free(doc);
	buf_free(&body);
	buf_free(&html);
	buf_free(&text);
	json_decref(policy);
	return 0;
}
