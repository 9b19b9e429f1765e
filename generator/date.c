#include "date.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* 1 if s[0 .. n) are all ASCII digits. */
static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int date_valid(const char *s)
{
	if (!s)
		return DATE_NONE;
	size_t n = strlen(s);
	if ((n != 4 && n != 7 && n != 10) || !digits(s, 4) || atoi(s) < 1900)
		return DATE_NONE;
	if (n == 4)
		return DATE_YEAR;
	int y = atoi(s), m = atoi(s + 5);
	if (s[4] != '-' || !digits(s + 5, 2) || m < 1 || m > 12)
		return DATE_NONE;
	if (n == 7)
		return DATE_MONTH;
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int d = atoi(s + 8);
	if (s[7] != '-' || !digits(s + 8, 2) || d < 1 || d > days[m - 1])
		return DATE_NONE;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return DATE_NONE;
	return DATE_DAY;
}

void date_today(char iso[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(iso, 11, "%Y-%m-%d", &tm);
}

int date_cn(buf *out, const char *iso)
{
	switch (date_valid(iso)) {
	case DATE_YEAR:
		buf_printf(out, "%d年", atoi(iso));
		return 0;
	case DATE_MONTH:
		buf_printf(out, "%d年%d月", atoi(iso), atoi(iso + 5));
		return 0;
	case DATE_DAY:
		buf_printf(out, "%d年%d月%d日", atoi(iso), atoi(iso + 5), atoi(iso + 8));
		return 0;
	}
	return -1;
}

/* The ISO forms are fixed-width and zero-padded, so byte order is time
 * order, and a prefix (the partial date) sorts before what extends it. */
int date_cmp(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* Over when its period, the first strlen(until) bytes of a day, lies
 * wholly before today's. */
int date_over(const char *until, const char *today)
{
	return strncmp(until, today, strlen(until)) < 0;
}

void date_first_day(const char *iso, char day[11])
{
	assert(date_valid(iso));
	memcpy(day, "0000-01-01", 11);
	memcpy(day, iso, strnlen(iso, 10));
}
