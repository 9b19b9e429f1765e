/* Unit tests for the bot's normalizer, tokenizer and query analysis. */
#include <stdlib.h>
#include <string.h>

#include "normalize.h"
#include "query.h"
#include "tokenizer.h"
#include "../harness.h"

typedef struct toks {
	buf all; /* "tok|tok|…" with '+' before colocated tokens */
	int n;
} toks;

static int collect(void *ctx, int colocated, const char *tok, int len, int s, int e)
{
	toks *t = ctx;
	(void)s;
	(void)e;
	if (t->n++)
		buf_putc(&t->all, '|');
	if (colocated)
		buf_putc(&t->all, '+');
	buf_put(&t->all, tok, (size_t)len);
	return 0;
}

static char *tk(const char *s, int mode)
{
	toks t = {BUF_INIT, 0};
	tokenize(s, strlen(s), mode, collect, &t);
	return buf_detach(&t.all);
}

#define TOKENS(input, mode, want)                                             \
	do {                                                                  \
		char *got_ = tk(input, mode);                                 \
		EQ_STR(got_, want);                                           \
		free(got_);                                                   \
	} while (0)

static void test_tokenize(void)
{
	TOKENS("额度", TOK_INDEX, "额|+额度|度");
	TOKENS("额度", TOK_QUERY, "额度");
	TOKENS("贷", TOK_QUERY, "贷");
	TOKENS("贷款额度", TOK_QUERY, "贷款|款额|额度");
	/* numbers whole, decimals kept, ASCII words, punctuation separates */
	TOKENS("最高20000元，lpr减60", TOK_QUERY, "最高|20000|元|lpr|减|60");
	TOKENS("2.5万", TOK_INDEX, "2.5|万");
	TOKENS("v1.0.", TOK_QUERY, "v|1.0");
	/* emoji and symbols separate; nothing crashes on invalid bytes */
	TOKENS("还款😀日期", TOK_QUERY, "还款|日期");
	TOKENS("\xff\xfe贷\xe6\x98款", TOK_QUERY, "贷|款");
	TOKENS("", TOK_INDEX, "");
	TOKENS("，。！", TOK_INDEX, "");
	/* a long run is all its pairs */
	char *long_run = tk("一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十", TOK_QUERY);
	int pairs = 1;
	for (char *p = long_run; *p; p++)
		pairs += *p == '|';
	EQ_INT(pairs, 69);
	free(long_run);
}

static void test_normalize(void)
{
	buf err = BUF_INIT, out = BUF_INIT;
	normalizer *n = normalizer_new(&err);
	OK(n != NULL, "normalizer: %s", err.ptr);
	if (!n)
		return;
	EQ_INT(normalize(n, "ＬＰＲ２００００元", strlen("ＬＰＲ２００００元"), &out), 0);
	EQ_STR(out.ptr, "lpr20000元"); /* full width and case */
	buf_reset(&out);
	normalize(n, "助學貸款額度是多少", strlen("助學貸款額度是多少"), &out);
	EQ_STR(out.ptr, "助学贷款额度是多少"); /* traditional → simplified */
	buf_reset(&out);
	normalize(n, "续贷 95593", strlen("续贷 95593"), &out);
	EQ_STR(out.ptr, "续贷 95593");
	buf_reset(&out);
	EQ_INT(normalize(n, "bad\xff", 4, &out), -1);
	normalizer_free(n);
	buf_free(&err);
	buf_free(&out);
}

static void test_query(void)
{
	buf err = BUF_INIT;
	normalizer *nz = normalizer_new(&err);
	json_t *syn = json_pack("{s:[s,s],s:[s,s]}", "还款", "还钱", "还贷", "额度",
				"能贷多少", "多少钱");
	json_t *filler = json_pack("[s,s]", "请问", "我想问一下");
	query_rules *r = query_rules_new(syn, filler, nz, &err);
	OK(r != NULL, "rules: %s", err.ptr);
	query q;
	const char *s = "请问，我想问一下什么时候还钱？";
	EQ_INT(query_parse(r, nz, s, strlen(s), &q), 0);
	int has_canonical = 0, has_filler = 0;
	for (size_t i = 0; i < q.n_groups; i++)
		for (size_t k = 0; k < q.groups[i].n; k++) {
			has_canonical |= !strcmp(q.groups[i].terms[k], "还款");
			has_filler |= !strcmp(q.groups[i].terms[k], "请问");
		}
	OK(has_canonical, "还钱 expands to 还款");
	OK(!has_filler, "filler removed");
	buf m = BUF_INIT;
	query_match(&q, NULL, &m);
	OK(strstr(m.ptr, "\"还款\"") && strstr(m.ptr, " OR "), "match: %s", m.ptr);
	query_free(&q);
	/* a question of filler and stop words only has nothing to search */
	s = "请问吗？";
	query_parse(r, nz, s, strlen(s), &q);
	buf_reset(&m);
	query_match(&q, NULL, &m);
	EQ_INT(m.len, 0);
	query_free(&q);
	/* quotes in a question cannot break the MATCH expression */
	s = "\"额度\" OR x";
	query_parse(r, nz, s, strlen(s), &q);
	buf_reset(&m);
	query_match(&q, NULL, &m);
	OK(!strstr(m.ptr, "\"\"额度") || strstr(m.ptr, "\"\"\"") == NULL, "%s", m.ptr);
	query_free(&q);
	OK(query_parse(r, nz, "\xff", 1, &q) < 0, "invalid UTF-8 refused");
	query_free(&q);
	buf_free(&m);
	query_rules_free(r);
	normalizer_free(nz);
	json_decref(syn);
	json_decref(filler);
	buf_free(&err);
}

int main(void)
{
	test_tokenize();
	test_normalize();
	test_query();
	return harness_done();
}
