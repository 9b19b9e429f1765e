/* querylog — what parents ask, for staff improving the FAQ, without
 * keeping anything that identifies them.
 *
 * Declined questions are kept as text with ID numbers, phone numbers and
 * card-like digit runs masked first, with how often and the day (no time)
 * they were last asked; answered questions are kept only as a count per FAQ
 * entry (their text is never stored: it may hold a name). No address, time
 * of day or other detail is kept. Records are gathered in memory by any
 * thread and written in one transaction by querylog_flush() (SQLite, WAL),
 * so answering never waits for the disk.
 *
 * Bounded: at most max_questions distinct declined questions are kept (the
 * least asked, discounted by age, make room), and the WAL is folded back
 * into the database when questions stop. A log that cannot be written (disk
 * full, folder read-only) loses the records of that moment, says why in
 * querylog_problem(), and is tried again at every flush.
 */
#ifndef MINGBAI_QUERYLOG_H
#define MINGBAI_QUERYLOG_H

#include <stdio.h>

#include "buf.h"

typedef struct querylog querylog;

/* Open (creating, or migrating a log from before rows had a day) the log
 * database; max_questions 0 means no cap. Never NULL: if the file cannot be
 * opened now, err says why and every flush tries again. */
querylog *querylog_open(const char *path, size_t max_questions, buf *err);
/* Flush, checkpoint and close. */
void querylog_close(querylog *l);
/* Why the last write failed ("path: reason"), or NULL while writing works. */
const char *querylog_problem(querylog *l);

void querylog_declined(querylog *l, const char *question);
void querylog_answered(querylog *l, const char *entry_id);
/* Write what was gathered (or, with nothing new since the last write,
 * checkpoint the WAL); returns 0 or -1 (see querylog_problem). */
int querylog_flush(querylog *l);

/* One reply, counted by day for the report's charts: kind is "answer"
 * (entry is the answered entry), "choices" (a did-you-mean) or "decline"
 * (entry NULL). kind must be a string literal: it is kept, not copied. */
void querylog_day(querylog *l, const char *kind, const char *entry);
/* A parent's tap under an answer. */
typedef enum feedback_verdict {
	FEEDBACK_HELPFUL,   /* 有帮助: counted, the question is not kept */
	FEEDBACK_UNHELPFUL, /* 没帮助: the question is kept (答错了) */
	FEEDBACK_CHOICE,    /* picked from a did-you-mean: kept (可加为“也问”) */
	FEEDBACK_CONFIRMED, /* 有帮助 after a close call: kept (可加为“也问”) */
} feedback_verdict;

/* Count a tap on entry; question (may be NULL) is kept, masked, only for
 * the verdicts that say so above. */
void querylog_feedback(querylog *l, const char *entry, feedback_verdict v,
		       const char *question);

/* Append question to out with every run of digits that could be an ID,
 * phone or card number (six digits or more, spaces and dashes inside, a
 * trailing X) replaced by "＊＊＊". Full-width digits count too. */
void querylog_mask(const char *question, buf *out);


#endif
