/* Unit tests for querylog_mask: every form of an ID, phone or card number
 * the README promises to mask, and the short numbers it must leave alone. */
#include <stdlib.h>
#include <string.h>

#include "querylog.h"
#include "../harness.h"

static char *mask(const char *q)
{
	buf out = BUF_INIT;
	querylog_mask(q, &out);
	return buf_detach(&out);
}

#define MASKED(in, want)                   \
	do {                               \
		char *m_ = mask(in);       \
		EQ_STR(m_, want);          \
		free(m_);                  \
	} while (0)

int main(void)
{
	/* six digits is the shortest run masked; five stay */
	MASKED("验证码123456多少", "验证码＊＊＊多少");
	MASKED("邮编12345对吗", "邮编12345对吗");
	MASKED("2026年能贷多少", "2026年能贷多少");
	/* ID numbers, with the trailing check letter in every width */
	MASKED("身份证110101199003071234", "身份证＊＊＊");
	MASKED("身份证11010119900307123X号", "身份证＊＊＊号");
	MASKED("身份证11010119900307123x号", "身份证＊＊＊号");
	MASKED("身份证11010119900307123Ｘ号", "身份证＊＊＊号");
	/* full-width digits, alone and mixed with ASCII ones */
	MASKED("手机１３８１２３４５６７８", "手机＊＊＊");
	MASKED("手机１３８12345６７８", "手机＊＊＊");
	/* spaces and dashes inside, also full-width ones and several in a row */
	MASKED("卡号4101 2319 9001 0112 34还款", "卡号＊＊＊还款");
	MASKED("电话138-1234-5678", "电话＊＊＊");
	MASKED("电话138 - 1234 - 5678", "电话＊＊＊");
	MASKED("电话138－1234－5678", "电话＊＊＊");
	MASKED("电话138　1234　5678", "电话＊＊＊");
	MASKED("号码 138.1234.5678 ", "号码 ＊＊＊ ");
	/* short groups joined make a long run: masked */
	MASKED("12 34 56", "＊＊＊");
	/* two numbers far apart stay two */
	MASKED("第1年和第2年", "第1年和第2年");
	/* nothing of the number survives, not even its ends */
	char *m = mask("我的身份证是110101199003071234X，手机13812345678，卡6222021234567890123");
	OK(!strpbrk(m, "0123456789"), "digits left in %s", m);
	free(m);
	/* invalid UTF-8 passes through without a read past the end */
	MASKED("\xff\xfe" "123", "\xff\xfe" "123");
	MASKED("\xef\xbc", "\xef\xbc");
	return harness_done();
}
