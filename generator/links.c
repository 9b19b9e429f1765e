#include "links.h"

#include <string.h>

#include "buf.h"
#include "escape.h"
#include "i18n.h"

void links_init(link_set *s) { s->paths = json_object(); }

void links_free(link_set *s)
{
	json_decref(s->paths);
	s->paths = NULL;
}

void links_add(link_set *s, const char *path)
{
	if (!json_object_get(s->paths, path))
		json_object_set_new(s->paths, path, json_object());
}

void links_add_anchor(link_set *s, const char *path, const char *anchor)
{
	links_add(s, path);
	json_object_set_new(json_object_get(s->paths, path), anchor, json_true());
}

int links_check(const link_set *s, const char *url, const char *from_path,
		const char *file, int line, diag *d)
{
	buf path = BUF_INIT, anchor = BUF_INIT;
	int rc = -1;
	size_t n = strcspn(url, "?#");
	const char *frag = strchr(url, '#');
	if (n == 0) {
		buf_puts(&path, from_path);
	} else if (unescape_url(&path, url, n, 0) < 0) {
		diag_error(d, file, line, _("link %s: bad %%-escape"), url);
		goto done;
	}
	if (frag && frag[1] && unescape_url(&anchor, frag + 1, strlen(frag + 1), 0) < 0) {
		diag_error(d, file, line, _("link %s: bad %%-escape"), url);
		goto done;
	}
	json_t *anchors = json_object_get(s->paths, path.ptr);
	if (!anchors && path.len && path.ptr[path.len - 1] != '/') {
		buf_putc(&path, '/');
		anchors = json_object_get(s->paths, path.ptr);
	}
	if (!anchors) {
		diag_error(d, file, line, _("link to %s: no such page"), url);
		goto done;
	}
	if (anchor.len && !json_object_get(anchors, anchor.ptr)) {
		diag_error(d, file, line, _("link to %s: the page has no heading #%s"),
			   url, anchor.ptr);
		goto done;
	}
	rc = 0;
done:
	buf_free(&path);
	buf_free(&anchor);
	return rc;
}
