/* asking — what a question asks for, and whose product it is about.
 *
 * Two readings of a question in normal form (normalize.h), both from the
 * words that carry them rather than from its topic:
 *  - its kind: the kind of answer wanted (an amount, a time, a place, the
 *    materials, a procedure, a definition, a consequence, whether one may,
 *    whom to call, why). The same reading applied to an FAQ entry's own
 *    question says what the entry answers, so the engine can prefer the
 *    entry that answers the kind of question asked;
 *  - another product: a loan, card or bank named other than ours (房贷,
 *    公积金贷款, 工行消费贷, 信用卡), when the question never names the
 *    student loan. Such a question belongs to that lender, not to us.
 * Nothing here allocates; the returned strings point into static tables or
 * into the caller's text.
 */
#ifndef MINGBAI_ASKING_H
#define MINGBAI_ASKING_H

#include <stddef.h>

enum {
	ASK_AMOUNT = 1 << 0,      /* 多少钱, 额度, 最多 */
	ASK_TIME = 1 << 1,        /* 什么时候, 几月, 多久 */
	ASK_PLACE = 1 << 2,       /* 在哪, 哪个网站 */
	ASK_MATERIALS = 1 << 3,   /* 带什么, 材料 */
	ASK_PROCEDURE = 1 << 4,   /* 怎么办, 如何, 流程 */
	ASK_DEFINITION = 1 << 5,  /* 是什么, 什么意思, 区别 */
	ASK_CONSEQUENCE = 1 << 6, /* 会不会, 影响, 后果 */
	ASK_ELIGIBILITY = 1 << 7, /* 能不能, 可以…吗, 条件 */
	ASK_CONTACT = 1 << 8,     /* 电话, 找谁, 哪个部门 */
	ASK_REASON = 1 << 9,      /* 为什么 */
};

/* The kinds text[0, len) asks for, as a set of ASK_ bits (0: none read). */
unsigned asking_kinds(const char *text, size_t len);

/* The kinds any line of text[0, len) asks for: an entry's phrasings, one
 * per line, each read on its own (结清证明怎么开 asks how, 在哪里开 where;
 * read as one text, the place would hide the procedure). */
unsigned asking_kinds_lines(const char *text, size_t len);

/* How an entry's kinds fit a question's: 1 when they share one, -1 when
 * both are known and share none, 0 when either is unknown. */
int asking_fit(unsigned question, unsigned entry);

/* Does text name the student loan (助学贷款, 生源地, 校园地, 国开行 …)? */
int asking_names_ours(const char *text, size_t len);

/* Does text speak of borrowing or repaying at all (贷, 借, 还), or name
 * the student loan? A question that does not, and whose words the pages
 * mostly lack (存款利率, 护照怎么办), is about something else. 还 counts
 * also as "still" (还要, 还能): the error falls on answering. */
int asking_speaks_of_loans(const char *text, size_t len);

/* The other lender's product text names (its modifier and suffix, e.g.
 * "公积金贷款", "车贷", "信用卡", "工行"), as a pointer into text and a
 * length in *n; NULL when it names none. Whether the question also names
 * ours is the caller's to weigh (asking_names_ours). */
const char *asking_other_product(const char *text, size_t len, size_t *n);

#endif
