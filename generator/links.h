/* links — every URL the site will have, and the check of every internal
 * link against it.
 *
 * A link_set maps a path ("/guides/huankuan/") to the anchors on that page.
 * Links are checked after all pages are known; a link to a page or anchor
 * that does not exist is a content error at the link's line. The set owns
 * its copies of paths and anchors.
 */
#ifndef MINGBAI_LINKS_H
#define MINGBAI_LINKS_H

#include <jansson.h>

#include "diag.h"

typedef struct link_set {
	json_t *paths; /* path -> object of anchors (keys) */
} link_set;

void links_init(link_set *s);
void links_free(link_set *s);
void links_add(link_set *s, const char *path);
void links_add_anchor(link_set *s, const char *path, const char *anchor);
/* Check url ("/path/#anchor", "#anchor" relative to from_path, optional
 * query). Reports "path:line: link to … does not exist" and returns -1. */
int links_check(const link_set *s, const char *url, const char *from_path,
		const char *file, int line, diag *d);

#endif
