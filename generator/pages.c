#include "pages.h"

#include "build.h"
#include "context.h"
#include "json.h"
#include "mem.h"
#include "output.h"
#include "searchjson.h"

/* page.entries of an FAQ category: [{question, id}] */
static void add_faq_entries(const page *p, json_t *ctx)
{
	json_t *entries = json_array();
	for (size_t k = 0; k < p->n_faq; k++) {
		json_t *e = json_object();
		json_set_str(e, "question", p->faq[k].question);
		json_set_str(e, "id", p->faq[k].id);
		json_array_append_new(entries, e);
	}
	json_object_set_new(json_object_get(ctx, "page"), "entries", entries);
}

static int render_one(build *b, page *p, buf *out)
{
	if (p->kind == KIND_LEAFLET)
		return 0;
	json_t *ctx = context_page(b, p);
	const char *name = p->kind == KIND_FAQ ? "faq-category" : "single";
	if (p->kind == KIND_FAQ)
		add_faq_entries(p, ctx);
	int rc = output_page(b, name, ctx, p->url, p->updated ? p->updated : p->date, out);
	json_decref(ctx);
	buf_reset(out);
	searchjson_page(p, out);
	p->search = xstrndup(out->ptr, out->len);
	md_release_tree(p->md);
	return rc;
}

void pages_loaded(page *p, void *arg)
{
	buf out = BUF_INIT;
	render_one(arg, p, &out);
	buf_free(&out);
}
