/* eval — askbot eval: a question set against the index, measured.
 *
 * A set is TSV (the format of ../shared/eval/dev-questions.tsv): question,
 * TAB, expected facts — ';' joins facts that must all appear in the
 * answer, '|' separates alternatives, '-' means the bot must decline.
 * eval_run() prints each miss and a last line with the top-1, top-3,
 * false-decline and decline rates. With a baseline ("unicode61" or
 * "trigram") the same content is searched with that FTS5 tokenizer, no
 * synonyms and no threshold, for comparison. eval_calibrate() prints the
 * rates for a grid of thresholds and the best point within the targets.
 */
#ifndef MINGBAI_EVAL_H
#define MINGBAI_EVAL_H

#include <stdio.h>

typedef struct eval_result {
	int in_scope, top1, top3, false_decline;
	int out_scope, declined;
} eval_result;

/* Returns 0, or -1 after printing an error (unreadable set or index). */
int eval_run(const char *db_path, const char *tsv, const char *baseline,
	     int verbose, FILE *out, eval_result *res);
/* Per FAQ category, the entries that no question of the sets reaches (in
 * any reply's answers). */
int eval_unreached(const char *db_path, const char *const *tsvs, int n, FILE *out);
int eval_calibrate(const char *db_path, const char *const *tsvs, int n, FILE *out);

#endif
