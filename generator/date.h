/* date — calendar dates as the site writes them: "YYYY-MM-DD" checked,
 * today's from the clock, and the Chinese form pages print
 * ("2024年7月1日").
 *
 * Nothing here allocates but into a caller-owned buf.
 */
#ifndef MINGBAI_DATE_H
#define MINGBAI_DATE_H

#include "buf.h"

/* 1 if s is "YYYY-MM-DD" and a real calendar date (from 1900), else 0. */
int date_valid(const char *s);
/* Today on the local clock as "YYYY-MM-DD" into iso. */
void date_today(char iso[11]);
/* "2024-07-01" → "2024年7月1日" appended to out. Returns 0, or -1 with
 * nothing appended when iso is NULL or not a valid date. */
int date_cn(buf *out, const char *iso);

#endif
