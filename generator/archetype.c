#include "archetype.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "i18n.h"
#include "mem.h"

/* An archetype is one short page; a bigger file is not one. */
#define ARCHETYPE_MAX (1u << 20)

/* THEME/new/KIND.md, a new string the caller frees. */
static char *archetype_path(const char *theme_dir, const char *kind)
{
	buf p = BUF_INIT;
	buf_printf(&p, "%s/new/%s.md", theme_dir, kind);
	return buf_detach(&p);
}

int archetype_read(const char *theme_dir, const char *kind, buf *out, diag *d)
{
	char *path = archetype_path(theme_dir, kind);
	int rc = file_read(path, out, ARCHETYPE_MAX);
	if (rc < 0)
		diag_error(d, path, 0,
			   _("cannot read the archetype of 'sitegen new %s' (the page "
			     "it starts from): %s"),
			   kind, strerror(errno));
	free(path);
	return rc;
}

void archetype_fill(const char *text, size_t len, const char *title,
		    const char *date, buf *out)
{
	const char *p = text, *end = text + len;
	for (;;) {
		const char *open = memmem(p, (size_t)(end - p), "{{", 2);
		if (!open)
			break;
		size_t rest = (size_t)(end - open);
		buf_put(out, p, (size_t)(open - p));
		if (rest >= 9 && !memcmp(open, "{{title}}", 9)) {
			buf_puts(out, title);
			p = open + 9;
		} else if (rest >= 8 && !memcmp(open, "{{date}}", 8)) {
			buf_puts(out, date);
			p = open + 8;
		} else {
			buf_put(out, open, 2);
			p = open + 2;
		}
	}
	buf_put(out, p, (size_t)(end - p));
}
