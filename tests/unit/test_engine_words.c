/* Unit tests for how a question is read into weighed words (query.c): the
 * domain words of synonyms.yaml kept whole and marked as topics, question
 * words marked light, amounts in words read as digits. */
#include <jansson.h>
#include <string.h>

#include "normalize.h"
#include "query.h"
#include "../harness.h"

static const term_group *group(const query *q, const char *w)
{
	for (size_t i = 0; i < q->n_groups; i++)
		if (!strcmp(q->groups[i].terms[0], w))
			return &q->groups[i];
	return NULL;
}

static void test_domain_words(query_rules *r, normalizer *nz)
{
	query q;
	/* ICU's dictionary cuts 宽限期 into 宽 + 限期; as a canonical word of
	 * synonyms.yaml it stays one */
	const char *s = "宽限期是几年";
	EQ_INT(query_parse(r, nz, s, strlen(s), &q), 0);
	OK(group(&q, "宽限期") != NULL, "宽限期 is one word");
	OK(group(&q, "限期") == NULL, "and not cut into 限期");
	query_free(&q);
}

static void test_light(query_rules *r, normalizer *nz)
{
	query q;
	const char *s = "宽限期是几年";
	query_parse(r, nz, s, strlen(s), &q);
	const term_group *g = group(&q, "几年");
	OK(g && g->light, "几年 asks, it is light");
	g = group(&q, "宽限期");
	OK(g && !g->light, "宽限期 names the topic");
	OK(g && g->topic, "宽限期 is a domain word");
	g = group(&q, "几年");
	OK(g && !g->topic, "几年 is not");
	query_free(&q);

	s = "预申请是什么意思";
	query_parse(r, nz, s, strlen(s), &q);
	g = group(&q, "意思");
	OK(g && g->light, "意思 is vague, it is light");
	query_free(&q);

	/* a question word that synonyms.yaml maps to a topic names it */
	s = "一年能贷多少";
	query_parse(r, nz, s, strlen(s), &q);
	g = group(&q, "能贷多少");
	OK(g && !g->light, "能贷多少 stands for 额度");
	query_free(&q);
}

static void test_amounts(query_rules *r, normalizer *nz)
{
	static const char *const cases[][2] = {
		{"能贷两万吗", "20000"}, {"只有八千", "8000"}, {"2.5万够吗", "25000"},
		{"一万六的额度", "16000"}, {"两千五", "2500"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		query q;
		query_parse(r, nz, cases[i][0], strlen(cases[i][0]), &q);
		OK(strstr(q.norm.ptr, cases[i][1]) != NULL, "%s reads %s: %s", cases[i][0],
		   cases[i][1], q.norm.ptr);
		query_free(&q);
	}
	/* 千万 (by all means) and 一年 are no amounts */
	query q;
	const char *s = "千万别一年后再交500";
	query_parse(r, nz, s, strlen(s), &q);
	EQ_STR(q.norm.ptr, "千万别一年后再交500");
	query_free(&q);
}

int main(void)
{
	buf err = BUF_INIT;
	normalizer *nz = normalizer_new(&err);
	json_t *syn = json_pack("{s:[s], s:[s,s]}", "宽限期", "缓冲期", "额度", "能贷多少",
				"多少钱");
	json_t *filler = json_array();
	query_rules *r = nz ? query_rules_new(syn, filler, nz, &err) : NULL;
	OK(r != NULL, "rules: %s", err.ptr);
	if (r) {
		test_domain_words(r, nz);
		test_light(r, nz);
		test_amounts(r, nz);
	}
	query_rules_free(r);
	normalizer_free(nz);
	json_decref(syn);
	json_decref(filler);
	buf_free(&err);
	return harness_done();
}
