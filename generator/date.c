#include "date.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

int date_valid(const char *s)
{
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	int y = atoi(s), m = atoi(s + 5), d = atoi(s + 8);
	static const int days[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	if (y < 1900 || m < 1 || m > 12 || d < 1 || d > days[m - 1])
		return 0;
	if (m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 0;
	return 1;
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
	if (!date_valid(iso))
		return -1;
	buf_printf(out, "%d年%d月%d日", atoi(iso), atoi(iso + 5), atoi(iso + 8));
	return 0;
}
