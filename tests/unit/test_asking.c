/* Unit tests for bot/asking.c: the kind of answer a question asks for, and
 * the other lender's product it names. The questions are written here for
 * the test, none taken from a question set. */
#include <string.h>

#include "asking.h"
#include "../harness.h"

static unsigned kinds(const char *s) { return asking_kinds(s, strlen(s)); }

static int other(const char *s, const char *want)
{
	size_t n = 0;
	const char *p = asking_other_product(s, strlen(s), &n);
	if (!want)
		return p == NULL;
	return p && n == strlen(want) && !memcmp(p, want, n);
}

static int ours(const char *s) { return asking_names_ours(s, strlen(s)); }

static void test_kinds(void)
{
	OK(kinds("读大专一年最多给好多钱") & ASK_AMOUNT, "amount by 好多钱");
	OK(kinds("第一回去办得揣上哪些证件") & ASK_MATERIALS, "materials by 证件");
	OK(kinds("钱啥时候打到学校账上") & ASK_TIME, "time by 啥时候");
	/* the south-west's 好多 (多少) and 好久 (多久) */
	OK(kinds("这个贷款利息是好多哦") & ASK_AMOUNT, "amount by 好多");
	OK(kinds("交了材料要等好久才批") & ASK_TIME, "time by 好久");
	OK(kinds("续贷在哪个网站上弄") & ASK_PLACE, "place by 哪个网站");
	OK(kinds("生源地贷款到底是个什么东西") & ASK_DEFINITION, "definition");
	OK(kinds("晚还两个月会不会有啥后果") & ASK_CONSEQUENCE, "consequence");
	OK(kinds("家里开小卖部的能不能贷") & ASK_ELIGIBILITY, "eligibility");
	OK(kinds("高利贷的钱能借吗") & ASK_ELIGIBILITY, "eligibility by 能借");
	OK(kinds("读专科得行不") & ASK_ELIGIBILITY, "eligibility by 得行 (the south-west's 可以)");
	OK(kinds("出了问题该打哪个电话") & ASK_CONTACT, "contact");
	OK(kinds("为啥批下来的比申请的少") & ASK_REASON, "reason");
	OK(kinds("户口迁走了贷款咋办") & ASK_PROCEDURE, "procedure by 咋办");
	/* 多少天 asks a time, not an amount */
	OK(!(kinds("宽限期有多少天") & ASK_AMOUNT) && (kinds("宽限期有多少天") & ASK_TIME),
	   "多少天 is a time");
	/* 怎么算 with 多少 asks the amount; 怎么 alone does not make it a procedure */
	OK(!(kinds("利息怎么算一年多少") & ASK_PROCEDURE), "怎么算多少 is no procedure");
	/* 怎么会 asks why */
	OK((kinds("怎么会少批了两千") & ASK_REASON) && !(kinds("怎么会少批了两千") & ASK_PROCEDURE),
	   "怎么会 asks why");
	EQ_INT(kinds("助学贷款"), 0);
}

/* An entry's phrasings are read one by one: together, 在哪里开 would make
 * 怎么开 a place question and hide that the entry tells how. */
static void test_kinds_lines(void)
{
	const char *p = "贷款还清了结清证明怎么开\n结清证明在哪里开";
	unsigned k = asking_kinds_lines(p, strlen(p));
	OK((k & ASK_PROCEDURE) && (k & ASK_PLACE), "both phrasings' kinds: %x", k);
	OK(!(asking_kinds(p, strlen(p)) & ASK_PROCEDURE), "read as one text, the place hides the how");
	EQ_INT(asking_kinds_lines("", 0), 0);
	p = "续贷要带什么材料\n";
	EQ_INT(asking_kinds_lines(p, strlen(p)), ASK_MATERIALS);
}

static void test_fit(void)
{
	EQ_INT(asking_fit(ASK_AMOUNT, ASK_AMOUNT | ASK_ELIGIBILITY), 1);
	EQ_INT(asking_fit(ASK_MATERIALS, ASK_AMOUNT), -1);
	EQ_INT(asking_fit(0, ASK_AMOUNT), 0);
	EQ_INT(asking_fit(ASK_TIME, 0), 0);
}

static void test_products(void)
{
	/* another lender's product, named by kind, by bank or by short name */
	OK(other("住房公积金贷款可以提前还清吗", "公积金"), "公积金");
	OK(other("汽车贷款晚还一天罚多少", "汽车贷款"), "汽车贷款");
	OK(other("建设银行的装修贷利息高不高", "建设银行"), "建设银行");
	OK(other("装修贷利息高不高", "装修贷"), "装修贷");
	OK(other("还房贷用哪张卡", "房贷"), "房贷 after a verb");
	OK(other("信用卡最低还款算不算逾期", "信用卡"), "信用卡");
	OK(other("农商行的小额贷款怎么申请", "农商行"), "农商行");
	OK(other("个人创业担保贷款贴息多少", "担保贷款"), "担保贷款");
	OK(other("出国读书的留学贷款哪家银行能办", "留学贷款"), "留学贷款");
	OK(other("养殖贷款能贷几年", "养殖贷款"), "养殖贷款");
	/* words that stand before 贷/卡/银行 without naming a product */
	OK(other("今年还能贷吗", NULL), "能贷");
	OK(other("娃娃想多贷点行不行", NULL), "多贷");
	OK(other("申请贷款要多久", NULL), "申请贷款");
	OK(other("知道贷款批了没有", NULL), "知道贷款 is no product");
	OK(other("建档立卡户要不要认定", NULL), "建档立卡");
	OK(other("还款绑的银行卡能换吗", NULL), "银行卡");
	OK(other("国家开发银行的电话", NULL), "国家开发银行");
	OK(other("去银行能还吗", NULL), "去银行");
	/* a time before 贷: when it was borrowed, not what */
	OK(other("读专科的时候贷的款现在要还吗", NULL), "时候贷");
	OK(other("去年贷了一万二今年还能加吗", NULL), "去年贷");
	OK(other("以前贷的那笔毕业了怎么还", NULL), "以前贷");
	OK(other("大一刚贷的钱能退吗", NULL), "刚贷");
	/* an adverb, a pronoun or a figure before 贷: the verb again */
	OK(other("孩子上大学以后怎么贷", NULL), "怎么贷");
	OK(other("休学前已经贷的钱要退吗", NULL), "已经贷");
	OK(other("在哪能查到自己贷了几年", NULL), "自己贷");
	OK(other("生活费只要三千贷多了能还回去吗", NULL), "三千贷");
	OK(other("一定必须贷够两万吗", NULL), "必须贷");
	OK(other("读研贷的和本科贷的利率一样吗", NULL), "读研贷");
	OK(other("单亲家庭的娃有资格贷吗", NULL), "资格贷");
	OK(other("家里收入多少才够条件贷", NULL), "条件贷");
	OK(other("车贷的利率是多少", "车贷"), "车贷 still names one");
	OK(other("经营贷能不能延期", "经营贷"), "经营贷 still names one");
	OK(other("消费贷逾期了怎么办", "消费贷"), "消费贷 still names one");
	/* ours */
	OK(ours("家里有房贷还能办生源地贷款吗"), "生源地");
	OK(ours("助学贷款会影响以后办信用卡吗"), "助学贷款");
	OK(ours("国开行的电话多少"), "国开行");
	OK(!ours("公积金贷款额度怎么算"), "公积金 is not ours");
}

static int loans(const char *s) { return asking_speaks_of_loans(s, strlen(s)); }

/* A question that speaks of no loan has only its words to say it is ours. */
static void test_speaks_of_loans(void)
{
	OK(loans("这钱贷下来能退不"), "贷");
	OK(loans("借款人出了意外怎么办"), "借");
	OK(loans("每个月还好多"), "还");
	OK(loans("生源地是指哪里"), "named ours, no 贷");
	OK(loans("还要去村委会盖章吗"), "还 as still counts too");
	OK(!loans("定期存款利息怎么算"), "存款 is no loan");
	OK(!loans("护照在哪里办"), "nor 护照");
	OK(!loans("宽限期是几年"), "宽限期 is ours, but says no loan: its words must");
}

int main(void)
{
	test_kinds();
	test_kinds_lines();
	test_fit();
	test_products();
	test_speaks_of_loans();
	return harness_done();
}
