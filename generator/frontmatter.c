#include "frontmatter.h"
#include "i18n.h"

#include <string.h>

/* Is the line starting at p (ending before end) a fence such as "---"? */
static int is_fence(const char *p, const char *end, const char *fence)
{
	size_t n = strlen(fence);
	if ((size_t)(end - p) < n || memcmp(p, fence, n) != 0)
		return 0;
	p += n;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == end || *p == '\n';
}

int frontmatter_split(const char *text, size_t len, const char *path,
		      frontmatter *fm, diag *d)
{
	const char *p = text, *end = text + len;
	if (len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	if (!is_fence(p, end, "---")) {
		diag_error(d, path, 1,
			   "a page must start with front matter: a line '---', "
			   "then 'title: ...', then '---'");
		return -1;
	}
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl) {
		diag_error(d, path, 1, _("front matter is not closed with '---'"));
		return -1;
	}
	const char *yaml = nl + 1;
	int line = 2;
	for (const char *q = yaml; q < end; line++) {
		if (is_fence(q, end, "---") || is_fence(q, end, "...")) {
			fm->yaml = slice_of(yaml, (size_t)(q - yaml));
			fm->yaml_line = 2;
			const char *after = memchr(q, '\n', (size_t)(end - q));
			after = after ? after + 1 : end;
			fm->body = slice_of(after, (size_t)(end - after));
			fm->body_line = line + 1;
			return 0;
		}
		const char *eol = memchr(q, '\n', (size_t)(end - q));
		if (!eol)
			break;
		q = eol + 1;
	}
	diag_error(d, path, 1, _("front matter is not closed with '---'"));
	return -1;
}

int frontmatter_parse(const char *text, size_t len, const char *path,
		      frontmatter *fm, json_t **fields, yaml_scalar_fn fn,
		      void *ctx, diag *d)
{
	*fields = NULL;
	if (frontmatter_split(text, len, path, fm, d) < 0)
		return -1;
	*fields = yaml_to_json(fm->yaml.ptr, fm->yaml.len, path, fm->yaml_line,
			       fn, ctx, d);
	return *fields ? 0 : -1;
}
