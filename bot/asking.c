#include "asking.h"

#include <string.h>

#include "utf8.h"

/* ---- the kind of answer wanted ---------------------------------------------
 *
 * Cue words per kind, read as substrings of the normal form. A question may
 * ask for two kinds at once (能贷多少: whether and how much). The lists hold
 * the ways of asking, never a topic: a topic is the ranking's business. */

typedef struct cue {
	unsigned kind;
	const char *const *words;
} cue;

static const char *const amount[] = {
	"多少钱", "好多钱", "几多钱", "多少", "金额", "额度", "最多", "最高", "上限",
	"几万", "几千", "多大", "好多", NULL};
static const char *const when[] = {
	"什么时候", "啥时候", "啥时", "何时", "几月", "几号", "哪天", "哪一天", "多久",
	"多长时间", "时间", "日期", "截止", "期限", "几年", "多少年", "多少天", "几天",
	"起止", "时限", "哪一年", "哪年", "年限", "好久", NULL};
static const char *const place[] = {
	"在哪", "哪里", "去哪", "哪儿", "网站", "网址", "地点", "地址", "平台", "哪个网",
	"什么地方", "啥地方", NULL};
static const char *const materials[] = {
	"材料", "资料", "证件", "带什么", "带啥", "带哪些", "要带", "准备什么", "准备啥",
	"提交什么", "拿什么", "拿啥", "东西", NULL};
static const char *const procedure[] = {
	"怎么办", "咋办", "怎么", "咋个", "咋整", "咋弄", "如何", "怎样", "流程", "步骤",
	"手续", "操作", "办法", NULL};
static const char *const definition[] = {
	"是什么", "什么是", "是啥", "啥是", "什么意思", "啥意思", "是个什么", "是哪种",
	"区别", "不同", "类型", "哪几种", "几种", "含义", "指的是", NULL};
static const char *const consequence[] = {
	"会不会", "影响", "后果", "会怎样", "会怎么样", "会咋样", "连累", "有事吗",
	"有问题吗", "有没有关系", "有关系吗", NULL};
static const char *const eligibility[] = {
	"能不能", "可不可以", "可以", "能否", "能申请", "能贷", "能办", "条件", "资格",
	"符合", "哪些人", "谁能", "什么人", "行不行", "行吗", "允许", "还能", "能再",
	"能改", "能取消", "能退", "能借", "得行", NULL};
static const char *const contact[] = {
	"电话", "热线", "客服", "联系", "部门", "找谁", "问谁", "谁负责", "哪个单位",
	"号码", "哪个银行", NULL};
static const char *const reason[] = {
	"为什么", "为啥", "咋回事", "怎么回事", "原因", "凭什么", "怎么会", NULL};

static const cue cues[] = {
	{ASK_AMOUNT, amount},           {ASK_TIME, when},
	{ASK_PLACE, place},             {ASK_MATERIALS, materials},
	{ASK_PROCEDURE, procedure},     {ASK_DEFINITION, definition},
	{ASK_CONSEQUENCE, consequence}, {ASK_ELIGIBILITY, eligibility},
	{ASK_CONTACT, contact},         {ASK_REASON, reason},
};

static int has(const char *text, size_t len, const char *w)
{
	return memmem(text, len, w, strlen(w)) != NULL;
}

unsigned asking_kinds(const char *text, size_t len)
{
	unsigned k = 0;
	for (size_t i = 0; i < sizeof cues / sizeof *cues; i++)
		for (const char *const *w = cues[i].words; *w; w++)
			if (has(text, len, *w)) {
				k |= cues[i].kind;
				break;
			}
	/* 多少天, 多少年 ask for a time, not an amount */
	if ((k & ASK_AMOUNT) && !has(text, len, "多少钱") &&
	    (has(text, len, "多少天") || has(text, len, "多少年")))
		k &= ~(unsigned)ASK_AMOUNT;
	/* 怎么 that asks why (怎么会, 怎么回事) or what happens is not a
	 * procedure */
	if ((k & (ASK_REASON | ASK_CONSEQUENCE)) && !has(text, len, "怎么办") &&
	    !has(text, len, "如何") && !has(text, len, "咋办"))
		k &= ~(unsigned)ASK_PROCEDURE;
	/* 怎么还 with 什么时候 asks when; a procedure word alone with a more
	 * specific kind defers to it (怎么算利息 asks an amount) */
	if ((k & ASK_PROCEDURE) && (k & (ASK_AMOUNT | ASK_TIME | ASK_PLACE | ASK_MATERIALS)) &&
	    !has(text, len, "怎么办") && !has(text, len, "流程") && !has(text, len, "手续"))
		k &= ~(unsigned)ASK_PROCEDURE;
	return k;
}

unsigned asking_kinds_lines(const char *text, size_t len)
{
	unsigned k = 0;
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(text + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - text) : len;
		k |= asking_kinds(text + at, end - at);
		at = end + 1;
	}
	return k;
}

int asking_fit(unsigned question, unsigned entry)
{
	if (!question || !entry)
		return 0;
	return (question & entry) ? 1 : -1;
}

/* ---- whose product ---------------------------------------------------------- */

/* Words that name our loan or its lender. */
static const char *const ours[] = {
	"助学贷", "助学借", "生源地", "校园地", "国开", "国家开发银行", "开发银行",
	"资助中心", "资助管理", "学生在线服务", "学生贷", "大学贷", "上学贷", "读书贷",
	"助学金贷", NULL};

/* Other lenders named by their short names (no 贷/卡/银行 to find them by). */
static const char *const banks[] = {
	"工行", "农行", "建行", "中行", "交行", "招行", "农商行", "农商银行", "邮储",
	"信用社", "花呗", "借呗", "白条", "微粒贷", "金条", "公积金", "按揭", NULL};

/* What may stand before 贷/卡/银行 without naming a product: ours (学生贷,
 * 开发银行), a verb, a pointer or a measure (能贷, 多贷, 这张卡, 去银行,
 * 建档立卡), or a time or a stage of study: 贷 after one is the verb
 * (本科时候贷的款, 去年贷了多少, 读研贷的), no loan is named by when it was
 * taken. So is an adverb, a pronoun or a figure (已经贷的款, 怎么贷,
 * 自己贷了多少, 几千贷多了), and what one needs to borrow (有资格贷,
 * 够条件贷): the FAQ's own phrasings were read as products named so. */
static const char *const plain_before[] = {
	"助学", "源地", "园地", "学生", "大学", "上学", "读书", "开发", "银行", "借记",
	"储蓄", "立", "申请", "办", "借", "还", "交", "贷", "有", "的", "了", "个", "笔",
	"项", "这", "那", "该", "我", "你", "他", "她", "们", "是", "在", "去", "到", "和",
	"或", "与", "把", "用", "给", "被", "次", "份", "张", "些", "种", "家", "此", "哪",
	"啥", "能", "可", "要", "想", "再", "续", "首", "头", "拿", "取", "绑", "换", "改",
	"存", "一", "两", "几", "没", "不", "都", "也", "就", "多", "少", "才", "先", "后",
	"已", "又", "只", "共", "总", "会", "来", "得", "过", "着", "新", "旧", "张", "您",
	"问", "查", "打", "刷", "开", "补", "丢", "挂", "销", "冻", "结", "清", "转", "以",
	"时候", "时", "前", "年", "月", "初", "刚", "曾", "已经", "必须", "怎么", "怎样",
	"咋", "自己", "千", "万", "百", "额度", "读研", "研究生", "本科", "专科", "大专",
	"资格", "条件", NULL};

/* Kinds of loan a 贷款 may be named by (房屋贷款, 创业担保贷款): a verb
 * stands before 贷款 as often as a kind does (知道贷款, 还不起贷款), so
 * here the kinds are listed, not the verbs. */
static const char *const loan_kinds[] = {
	"房屋", "住房", "个人", "创业", "担保", "消费", "经营", "车辆", "汽车", "助农",
	"农户", "小额", "商业", "装修", "医美", "网络", "企业", "抵押", "按揭", "信用卡",
	"扶贫", "精准", "农村", "留学", "购房", "购车", "养殖", "种植", NULL};

/* Banks by name (工商银行) and cards by kind (信用卡, 社保卡). */
static const char *const bank_names[] = {
	"工商", "建设", "农业", "中国", "招商", "交通", "邮政", "邮储", "农商", "村镇",
	"民生", "兴业", "浦发", "中信", "光大", "华夏", "平安", "广发", "商业", "农村",
	"城市", "网商", "微众", NULL};
static const char *const card_kinds[] = {
	"信用", "社保", "医保", "购物", "会员", "储值", "电话", "流量", NULL};

typedef struct product_suffix {
	const char *word;
	const char *const *named_by; /* NULL: any word but a plain one */
} product_suffix;

static const product_suffix suffixes[] = {
	{"贷款", loan_kinds}, {"银行", bank_names}, {"卡", card_kinds}, {"贷", NULL}};

static int ends_with(const char *text, size_t s, size_t e, const char *const *words)
{
	for (const char *const *w = words; *w; w++) {
		size_t n = strlen(*w);
		if (e - s >= n && !memcmp(text + e - n, *w, n))
			return 1;
	}
	return 0;
}

/* The Chinese characters of text[0, end) backwards, at most max of them:
 * the start of that run. Punctuation and ASCII end the run. */
static size_t run_before(const char *text, size_t end, int max)
{
	size_t s = end;
	for (int n = 0; n < max && s > 0; n++) {
		size_t p = utf8_back(text, s, 0);
		uint32_t cp;
		if (utf8_decode(text + p, s - p, &cp) < 2 || cp < 0x4E00 || cp > 0x9FFF)
			break;
		s = p;
	}
	return s;
}

static int ends_plain(const char *text, size_t s, size_t e)
{
	return ends_with(text, s, e, plain_before);
}

int asking_names_ours(const char *text, size_t len)
{
	for (const char *const *w = ours; *w; w++)
		if (has(text, len, *w))
			return 1;
	return 0;
}

int asking_speaks_of_loans(const char *text, size_t len)
{
	static const char *const loan_chars[] = {"贷", "借", "还", NULL};
	for (const char *const *w = loan_chars; *w; w++)
		if (has(text, len, *w))
			return 1;
	return asking_names_ours(text, len);
}

const char *asking_other_product(const char *text, size_t len, size_t *n)
{
	for (const char *const *w = banks; *w; w++) {
		const char *p = memmem(text, len, *w, strlen(*w));
		if (p) {
			*n = strlen(*w);
			return p;
		}
	}
	for (size_t k = 0; k < sizeof suffixes / sizeof *suffixes; k++) {
		const product_suffix *sfx = &suffixes[k];
		size_t sl = strlen(sfx->word);
		for (const char *p = text;
		     (p = memmem(p, len - (size_t)(p - text), sfx->word, sl)); p += sl) {
			size_t at = (size_t)(p - text);
			/* 贷款 was seen whole already; its 贷 is not a product */
			if (!sfx->named_by && at + 6 <= len && !memcmp(p, "贷款", 6))
				continue;
			size_t s = run_before(text, at, 4);
			if (s == at)
				continue;
			if (sfx->named_by ? !ends_with(text, s, at, sfx->named_by)
					  : ends_plain(text, s, at))
				continue;
			/* the modifier is the last one or two characters before it,
			 * less a plain first one (还房贷 names 房贷) */
			size_t m = run_before(text, at, 2), m1 = run_before(text, at, 1);
			if (m < m1 && ends_plain(text, m, m1))
				m = m1;
			*n = at + sl - m;
			return text + m;
		}
	}
	return NULL;
}
