/* eval — askbot eval: a question set against the index, measured.
 *
 * A set is TSV (the format of ../shared/eval/dev-questions.tsv): question,
 * TAB, expected facts — ';' joins facts that must all appear in the
 * answer, '|' separates alternatives, '-' means the bot must decline.
 * eval_run() prints each miss and a last line with the top-1, top-3,
 * false-decline and decline rates. With a baseline ("unicode61" or
 * "trigram") the same content is searched with that FTS5 tokenizer, no
 * synonyms and no threshold, for comparison. The weights and thresholds
 * are fitted outside, by cross-validation on the features eval_run writes.
 */
#ifndef MINGBAI_EVAL_H
#define MINGBAI_EVAL_H

#include <stdio.h>

/* top1/top3: the first / one of three answers holds the facts, on an
 * answer or a did-you-mean reply (a decline shows none). answered counts
 * replies with "answered": true, in scope or not; answered_right those of
 * them whose first answer is right, so answered_right / answered is the
 * share of confident answers that are right (an answered out-of-scope
 * question is wrong). entry1 counts first answers that are one of the
 * entries the set names, among the with_entries questions naming some. */
typedef struct eval_result {
	int in_scope, top1, top3, false_decline, answered_right, entry1, with_entries;
	int out_scope, declined, oos_dym;
	int answered;
} eval_result;

/* Returns 0, or -1 after printing an error (unreadable set or index).
 * With features, one JSON line per question is written there for
 * tests/eval/cv.py (every candidate, its features and whether it is right). */
int eval_run(const char *db_path, const char *tsv, const char *baseline,
	     int verbose, FILE *features, FILE *out, eval_result *res);
/* The summary line of r. */
void eval_report(const char *label, const eval_result *r, FILE *out);
/* Per FAQ category, the entries that no question of the sets reaches (in
 * any reply's answers). */
int eval_unreached(const char *db_path, const char *const *tsvs, int n, FILE *out);
/* Every FAQ phrasing (the question and each 也问) asked as written: a line
 * on out for each one the bot declines or answers without its own entry,
 * which no parent can reach the entry by (an off_topic word the FAQ uses,
 * say). Returns how many, or -1 after printing an error. */
int eval_phrasings(const char *db_path, FILE *out);

#endif
