/* report — askbot report: what parents asked, grouped into what the clerk
 * can do about it, in Chinese.
 *
 * It reads the question log (var/querylog.db: declined questions, replies
 * counted by day, feedback), the bot's index (to find the entry a declined
 * question came closest to, and whether it is about another product) and
 * the site's search.json (entry questions and their 也问 lines). It builds
 * one JSON model of the report (report_build) and writes it as text or as
 * one self-contained HTML page with inline SVG charts (no request to any
 * other address).
 */
#ifndef MINGBAI_REPORT_H
#define MINGBAI_REPORT_H

#include <jansson.h>
#include <stdio.h>

#include "buf.h"

typedef struct report_opts {
	const char *log;   /* var/querylog.db */
	const char *db;    /* var/askbot.db */
	const char *site;  /* public (for search.json) */
	int limit;         /* rows per section */
} report_opts;

/* The report as JSON: {"span", "totals", "new", "alt", "wrong", "other",
 * "weeks", "days", "top"}. NULL with a message in err. The caller
 * json_decref()s it. */
json_t *report_build(const report_opts *o, buf *err);

/* Write the model as text, or as an HTML page. */
void report_text(const json_t *r, FILE *out);
void report_html(const json_t *r, buf *out);

/* askbot report [--log FILE] [--db FILE] [--site DIR] [--limit N] [--html FILE];
 * argv[0] is "report". Returns the exit status. */
int report_cmd(int argc, char **argv);

#endif
