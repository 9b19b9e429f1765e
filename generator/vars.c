#include "vars.h"

#include <string.h>

#include "i18n.h"
#include "mem.h"

#define PREFIX "policy."

/* The first "{{" in text, or NULL: memchr does the scanning, which is most
 * of the work on a page with few variables. */
static const char *find_open(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	while (p < end && (p = memchr(p, '{', (size_t)(end - p))) != NULL) {
		if (p + 1 < end && p[1] == '{')
			return p;
		p++;
	}
	return NULL;
}

int vars_present(const char *text, size_t len)
{
	return find_open(text, len) != NULL;
}

static int lookup(const json_t *policy, slice name, buf *out)
{
	if (!slice_starts(name, PREFIX))
		return -1;
	name.ptr += strlen(PREFIX);
	name.len -= strlen(PREFIX);
	json_t *v = json_object_getn(policy, name.ptr, name.len);
	if (json_is_string(v)) {
		buf_put(out, json_string_value(v), json_string_length(v));
		return 0;
	}
	if (json_is_integer(v)) {
		buf_printf(out, "%lld", (long long)json_integer_value(v));
		return 0;
	}
	return -1;
}

int vars_expand(const json_t *policy, const char *text, size_t len, buf *out,
		const char *path, int first_line, diag *d)
{
	int rc = 0, line = first_line;
	size_t i = 0;
	while (i < len) {
		const char *open = find_open(text + i, len - i);
		if (!open) {
			buf_put(out, text + i, len - i);
			break;
		}
		size_t at = (size_t)(open - text);
		for (size_t k = i; k < at; k++)
			line += text[k] == '\n';
		if (at > 0 && text[at - 1] == '\\') {
			buf_put(out, text + i, at + 2 - i);
			i = at + 2;
			continue;
		}
		buf_put(out, text + i, at - i);
		const char *close = memmem(open + 2, len - at - 2, "}}", 2);
		const char *nl = memchr(open + 2, '\n', len - at - 2);
		if (!close || (nl && nl < close)) {
			diag_error(d, path, line,
				   "'{{' without '}}' on the same line (write \\{{ for literal braces)");
			rc = -1;
			buf_put(out, "{{", 2);
			i = at + 2;
			continue;
		}
		slice name = slice_trim(slice_of(open + 2, (size_t)(close - open - 2)));
		if (lookup(policy, name, out) < 0) {
			diag_error(d, path, line, _("unknown variable {{%.*s}}%s"),
				   (int)name.len, name.ptr,
				   slice_starts(name, PREFIX)
					   ? _(" (not in site.yaml policy:)")
					   : _(" (variables are written {{policy.NAME}})"));
			rc = -1;
			buf_put(out, open, (size_t)(close - open) + 2);
		}
		i = (size_t)(close - text) + 2;
	}
	return rc;
}
