/* Unit tests for date: the calendar check, and the Chinese form both the
 * pages and the leaflets print. */
#include <string.h>

#include "date.h"
#include "../harness.h"

static void test_valid(void)
{
	OK(date_valid("2024-02-29"), "leap day");
	OK(!date_valid("2023-02-29"), "not a leap year");
	OK(!date_valid("2024-13-01"), "month");
	OK(!date_valid("24-1-1"), "format");
	OK(!date_valid("2024-7-1"), "unpadded");
	OK(!date_valid(NULL), "NULL");
}

static void test_cn(void)
{
	buf out = BUF_INIT;
	EQ_INT(date_cn(&out, "2024-07-01"), 0);
	EQ_STR(out.ptr, "2024年7月1日");
	buf_reset(&out);
	EQ_INT(date_cn(&out, "2024-12-20"), 0);
	EQ_STR(out.ptr, "2024年12月20日");
	buf_reset(&out);
	EQ_INT(date_cn(&out, "2024-02-30"), -1);
	EQ_INT(date_cn(&out, "下周一"), -1);
	EQ_INT(date_cn(&out, NULL), -1);
	EQ_INT(out.len, 0);
	buf_free(&out);
}

static void test_today(void)
{
	char iso[11];
	date_today(iso);
	OK(date_valid(iso), "today is \"%s\"", iso);
}

int main(void)
{
	test_valid();
	test_cn();
	test_today();
	return harness_done();
}
