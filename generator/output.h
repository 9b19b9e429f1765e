/* output — everything written into the output folder (b->tmp), and the
 * folder's life around the build.
 *
 * output_write() is the one way a file gets there: it makes folders as
 * needed and, on failure, reports once and marks the build io_failed (exit
 * status 2). output_page() renders a theme template into a page and
 * records it for sitemap.xml. Both may be called from render threads.
 * The machine files (sitemap.xml, feed.xml, robots.txt, questions.json,
 * the bot's config.json) and the theme's assets are written at the end;
 * search.json is written on a thread of its own while the rest is made.
 *
 * Nothing here keeps memory past a call, except the search writer, which
 * output_search_finish() frees.
 */
#ifndef MINGBAI_OUTPUT_H
#define MINGBAI_OUTPUT_H

#include <jansson.h>
#include <pthread.h>
#include <stddef.h>

#include "buf.h"
#include "build.h"

/* Write rel (a path inside the output) with its folders made as needed.
 * 0, or -1 after reporting "cannot write". */
int output_write(build *b, const char *rel, const char *data, size_t n);
/* Render the theme's template name against ctx into the page at url (and
 * into the sitemap, with lastmod, unless it is /404.html). out is scratch
 * space the caller owns. 0, or -1 after reporting. */
int output_page(build *b, const char *name, json_t *ctx, const char *url,
		const char *lastmod, buf *out);
/* Record url as a page of the site, for sitemap.xml and the page count. */
void output_sitemap_add(build *b, const char *url, const char *lastmod);
/* Report a theme template that does not compile where it is wrong
 * ("themes/default/single.mustache:31: unclosed {{#page}}…"); err is the
 * message of a failure the set does not know the place of. */
void output_theme_error(diag *d, const template_set *theme, const char *err);

/* A build killed part-way leaves OUT.tmp.PID behind; remove those whose
 * process is gone (a concurrent build's folder is left alone). */
void output_remove_stale(const char *out_dir);
/* The theme's assets/ and favicon.ico. */
int output_assets(build *b);
/* sitemap.xml, feed.xml and robots.txt. */
int output_machine_files(build *b);
/* public/_bot/config.json and public/questions.json, for the widget. */
int output_bot_files(build *b);

/* search.json is tens of MB for a big site and needs nothing the list
 * pages, leaflets and feeds change, so a thread of its own writes it while
 * they are made. It reports nothing itself (the diag is the main thread's):
 * a failure is left in errno_seen for output_search_finish to report. */
typedef struct search_writer {
	build *b;
	char *path;
	int errno_seen;
	pthread_t thread;
	int started;
} search_writer;

void output_search_start(build *b, search_writer *w);
/* Joins the writer and reports its failure: 0 or -1. */
int output_search_finish(build *b, search_writer *w);

#endif
