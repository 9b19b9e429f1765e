/* date — calendar dates as the site writes them: "YYYY-MM-DD" checked,
 * or only as much of it as a source document gives ("2024", "2024-07");
 * today's from the clock; the Chinese form pages print ("2024年7月1日",
 * "2024年7月", "2024年"); and the order, end and first day of a date.
 *
 * Nothing here allocates but into a caller-owned buf.
 */
#ifndef MINGBAI_DATE_H
#define MINGBAI_DATE_H

#include "buf.h"

/* How much of a date a string gives. */
enum { DATE_NONE = 0, DATE_YEAR, DATE_MONTH, DATE_DAY };

/* DATE_YEAR for "YYYY", DATE_MONTH for "YYYY-MM", DATE_DAY for a real
 * calendar day "YYYY-MM-DD" (all from 1900); DATE_NONE (0) for anything
 * else and NULL, so it reads as a truth value too. */
int date_valid(const char *s);
/* Today on the local clock as "YYYY-MM-DD" into iso. */
void date_today(char iso[11]);
/* "2024-07-01" → "2024年7月1日", "2024-07" → "2024年7月", "2024" →
 * "2024年" appended to out. Returns 0, or -1 with nothing appended when
 * iso is NULL or not a valid date. */
int date_cn(buf *out, const char *iso);
/* Valid dates a, b in time order (<0, 0, >0). A partial date is the
 * start of its period and comes before the days within it:
 * 2024 < 2024-01-01 < 2024-03-05 < 2024-07 < 2024-07-01. */
int date_cmp(const char *a, const char *b);
/* 1 if all of the valid date `until` is over on day today ("YYYY-MM-DD"):
 * "2024" is over from 2025-01-01, "2024-07" from 2024-08-01. */
int date_over(const char *until, const char *today);
/* The first day of valid date iso as "YYYY-MM-DD" into day: "2024" →
 * "2024-01-01", "2024-07" → "2024-07-01" (for formats that need a day). */
void date_first_day(const char *iso, char day[11]);

#endif
