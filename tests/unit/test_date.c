/* Unit tests for date: the calendar check, the Chinese form both the
 * pages and the leaflets print, and partial dates (2024, 2024-07): their
 * order, their end and their first day. */
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

static void test_valid_partial(void)
{
	EQ_INT(date_valid("2024"), DATE_YEAR);
	EQ_INT(date_valid("2024-07"), DATE_MONTH);
	EQ_INT(date_valid("2024-07-01"), DATE_DAY);
	OK(!date_valid("2024-13"), "month 13");
	OK(!date_valid("2024-00"), "month 0");
	OK(!date_valid("2024-7"), "unpadded month");
	OK(!date_valid("2024-"), "dangling dash");
	OK(!date_valid("2024/07"), "slash");
	OK(!date_valid("1899"), "before 1900");
	OK(!date_valid("202"), "three digits");
	OK(!date_valid("20245"), "five digits");
	OK(!date_valid("２０２４"), "full-width digits");
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

/* A partial date shows no day: never 1月1日 for a document dated 2024. */
static void test_cn_partial(void)
{
	buf out = BUF_INIT;
	EQ_INT(date_cn(&out, "2024"), 0);
	EQ_STR(out.ptr, "2024年");
	buf_reset(&out);
	EQ_INT(date_cn(&out, "2024-07"), 0);
	EQ_STR(out.ptr, "2024年7月");
	buf_reset(&out);
	EQ_INT(date_cn(&out, "2024-12"), 0);
	EQ_STR(out.ptr, "2024年12月");
	buf_reset(&out);
	EQ_INT(date_cn(&out, "2024-13"), -1);
	EQ_INT(out.len, 0);
	buf_free(&out);
}

static void test_cmp(void)
{
	OK(date_cmp("2024", "2024-01-01") < 0, "a year before its first day");
	OK(date_cmp("2024-07", "2024-03-05") > 0, "a month after an earlier day");
	OK(date_cmp("2024-07", "2024-07-01") < 0, "a month before its first day");
	OK(date_cmp("2024", "2023-12-31") > 0, "a year after the year before");
	EQ_INT(date_cmp("2024", "2024"), 0);
}

static void test_over(void)
{
	OK(!date_over("2024", "2024-12-31"), "2024 lasts to its last day");
	OK(date_over("2024", "2025-01-01"), "2024 is over in 2025");
	OK(!date_over("2024-07", "2024-07-31"), "July lasts to the 31st");
	OK(date_over("2024-07", "2024-08-01"), "July is over in August");
	OK(!date_over("2024-07-01", "2024-07-01"), "a day lasts through itself");
	OK(date_over("2024-07-01", "2024-07-02"), "and is over the day after");
}

static void test_first_day(void)
{
	char day[11];
	date_first_day("2024", day);
	EQ_STR(day, "2024-01-01");
	date_first_day("2024-07", day);
	EQ_STR(day, "2024-07-01");
	date_first_day("2024-07-15", day);
	EQ_STR(day, "2024-07-15");
}

static void test_today(void)
{
	char iso[11];
	date_today(iso);
	OK(date_valid(iso) == DATE_DAY, "today is \"%s\"", iso);
}

int main(void)
{
	test_valid();
	test_valid_partial();
	test_cn();
	test_cn_partial();
	test_cmp();
	test_over();
	test_first_day();
	test_today();
	return harness_done();
}
