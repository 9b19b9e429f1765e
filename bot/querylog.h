/* querylog — what parents ask, for staff improving the FAQ, without
 * keeping anything that identifies them.
 *
 * Declined questions are kept as text with ID numbers, phone numbers and
 * card-like digit runs masked first; answered questions are kept only as a
 * count per FAQ entry (their text is never stored: it may hold a name).
 * No address, time of day or other detail is kept. Records are gathered in
 * memory by any thread and written in one transaction by querylog_flush()
 * (SQLite, WAL), so answering never waits for the disk.
 */
#ifndef MINGBAI_QUERYLOG_H
#define MINGBAI_QUERYLOG_H

#include <stdio.h>

#include "buf.h"

typedef struct querylog querylog;

/* Open (creating) the log database. NULL with a message in err. */
querylog *querylog_open(const char *path, buf *err);
/* Flush and close. */
void querylog_close(querylog *l);

void querylog_declined(querylog *l, const char *question);
void querylog_answered(querylog *l, const char *entry_id);
/* Write what was gathered; returns 0 or -1. */
int querylog_flush(querylog *l);

/* Append question to out with every run of digits that could be an ID,
 * phone or card number (six digits or more, spaces and dashes inside, a
 * trailing X) replaced by "＊＊＊". Full-width digits count too. */
void querylog_mask(const char *question, buf *out);

/* askbot report: the most frequent declined questions and the most asked
 * entries, printed to out. */
int querylog_report(const char *path, int limit, FILE *out);

#endif
