/* Unit tests for the bot's query analysis and its reply decision, on an
 * index built from tests/fixtures/search-small.json. */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "engine.h"
#include "file.h"
#include "index.h"
#include "normalize.h"
#include "query.h"
#include "typo.h"
#include "vocab.h"
#include "../harness.h"

static char workdir[] = "/tmp/mingbai-test-query-XXXXXX";

/* The fixture as DIR/search.json, with extra keys merged in. */
static int site_from_fixture(const char *dir, json_t *extra)
{
	const char *root = getenv("MINGBAI_ROOT");
	buf path = BUF_INIT, out = BUF_INIT;
	buf_printf(&path, "%s/tests/fixtures/search-small.json", root ? root : ".");
	json_t *j = json_load_file(path.ptr, 0, NULL);
	int rc = -1;
	if (j) {
		if (extra)
			json_object_update(j, extra);
		dir_make(dir);
		buf_printf(&out, "%s/search.json", dir);
		rc = json_dump_file(j, out.ptr, 0);
	}
	json_decref(j);
	buf_free(&path);
	buf_free(&out);
	return rc;
}

static engine *open_index_n(const char *name, json_t *extra, size_t want);

static engine *open_index(const char *name, json_t *extra)
{
	return open_index_n(name, extra, 15);
}

static engine *open_index_n(const char *name, json_t *extra, size_t want)
{
	buf site = BUF_INIT, db = BUF_INIT, err = BUF_INIT;
	buf_printf(&site, "%s/%s", workdir, name);
	buf_printf(&db, "%s/%s.db", workdir, name);
	engine *e = NULL;
	size_t n = 0;
	if (site_from_fixture(site.ptr, extra) == 0 && index_build(site.ptr, db.ptr, &n, &err) == 0)
		e = engine_open(db.ptr, &err);
	OK(e != NULL, "index %s: %s", name, err.ptr);
	EQ_INT(n, want);
	buf_free(&site);
	buf_free(&db);
	buf_free(&err);
	return e;
}

/* The reply kind and the first answer's URL for q. */
static reply_kind ask(engine *e, const char *q, char **url, json_t **reply)
{
	buf err = BUF_INIT;
	reply_kind k = REPLY_DECLINE;
	json_t *r = engine_ask_kind(e, q, strlen(q), &k, &err);
	OK(r != NULL, "%s: %s", q, err.ptr);
	const char *u = json_string_value(
		json_object_get(json_array_get(json_object_get(r, "answers"), 0), "url"));
	*url = strdup(u ? u : "");
	if (reply)
		*reply = r;
	else
		json_decref(r);
	buf_free(&err);
	return k;
}

/* The first answer is want_url, on an answer or a did-you-mean: how sure
 * the engine is rests on thresholds fitted to the question sets (and tested
 * in test_decide), which entry comes first on the ranking. */
#define ANSWERS(e, q, want_url)                                               \
	do {                                                                  \
		char *u_;                                                     \
		reply_kind k_ = ask(e, q, &u_, NULL);                         \
		OK(k_ != REPLY_DECLINE, "%s: kind %d (%s)", q, k_, u_);       \
		EQ_STR(u_, want_url);                                         \
		free(u_);                                                     \
	} while (0)

#define DECLINES(e, q)                                                        \
	do {                                                                  \
		char *u_;                                                     \
		reply_kind k_ = ask(e, q, &u_, NULL);                         \
		OK(k_ == REPLY_DECLINE, "%s: kind %d (%s)", q, k_, u_);       \
		free(u_);                                                     \
	} while (0)

static void test_answers(engine *e)
{
	ANSWERS(e, "本科一年最多能贷多少钱？", "/faq/edu/#本专科学生一年最多能贷多少");
	ANSWERS(e, "请问读研究生一年能贷多少", "/faq/edu/#研究生一年能贷多少");
	/* traditional characters, full-width letters, filler, synonyms */
	ANSWERS(e, "續貸怎麼辦理", "/faq/xudai/#续贷怎么办理");
	ANSWERS(e, "你好，助学贷款的ＬＰＲ利率是多少", "/faq/lilv/#助学贷款的利率是多少");
	ANSWERS(e, "我家孩子毕业后什么时候开始还钱", "/faq/huankuan/#什么时候开始还款");
	ANSWERS(e, "逾期会不会影响征信", "/faq/zhengxin/#逾期会影响征信吗");
}

static void test_declines(engine *e)
{
	DECLINES(e, "今天天气怎么样");
	DECLINES(e, "红烧肉怎么做");
	DECLINES(e, "请问");            /* filler only: nothing to search */
	DECLINES(e, "😀😀😀");
	DECLINES(e, "");

	json_t *r;
	char *u;
	ask(e, "帮我写一篇作文", &u, &r);
	free(u);
	OK(!json_is_true(json_object_get(r, "answered")), "declined is not answered");
	const char *fb = json_string_value(json_object_get(r, "fallback"));
	OK(fb && strstr(fb, "95593"), "the fallback names the hotline: %s", fb ? fb : "");
	json_decref(r);
}

static void test_shape(engine *e)
{
	json_t *r;
	char *u;
	ask(e, "能贷多少", &u, &r);
	free(u);
	EQ_INT(json_object_size(r), 5);
	OK(json_is_string(json_object_get(r, "query")), "query");
	EQ_STR(json_string_value(json_object_get(r, "kind")),
	       json_is_true(json_object_get(r, "answered")) ? "answer" : "did_you_mean");
	OK(json_is_boolean(json_object_get(r, "answered")), "answered");
	OK(json_is_string(json_object_get(r, "fallback")), "fallback");
	json_t *answers = json_object_get(r, "answers");
	OK(json_is_array(answers) && json_array_size(answers) >= 1 &&
		   json_array_size(answers) <= 3, "1 to 3 answers");
	json_t *a;
	size_t i;
	json_array_foreach(answers, i, a) {
		EQ_INT(json_object_size(a), 5);
		OK(json_is_real(json_object_get(a, "score")), "score is a number");
	}
	json_decref(r);

	buf err = BUF_INIT;
	OK(engine_ask(e, "bad\xff", 4, &err) == NULL, "invalid UTF-8 is refused");
	OK(err.len > 0, "with a message");
	buf_free(&err);
	EQ_STR(json_string_value(json_object_get(engine_site(e), "hotline")), "95593");
	json_t *s = engine_suggest(e, "续贷", strlen("续贷"), 5);
	OK(json_array_size(s) >= 1, "suggest finds 续贷");
	json_decref(s);
}

/* The decision itself, on signals: each threshold alone can decline, and
 * a close second makes a did-you-mean, never an answer. */
static void test_decide(void)
{
	engine_thresholds t = {0.3, 0.6, 0.05, 0.5, 1.0, 0.1, 0.4};
	engine_signals good = {5, 0.8, 0.1, 0.1, 0.2, 0, 1.2, 0, 0};
	EQ_INT(engine_decide(t, good), REPLY_ANSWER);
	engine_signals s = good;
	s.candidates = 0;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s = good, s.coverage = 0.29;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s = good, s.unknown = 0.61;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s = good, s.miss = 0.51;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s = good, s.off_topic = 1;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s = good, s.score = 0.99;
	EQ_INT(engine_decide(t, s), REPLY_DID_YOU_MEAN);
	s = good, s.gap = 0.01;
	EQ_INT(engine_decide(t, s), REPLY_DID_YOU_MEAN);
	/* a decline wins over a did-you-mean */
	s.coverage = 0.1;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	/* a question that names the loan has its own least coverage; the
	 * other reasons to decline still hold for it */
	s = good, s.names_ours = 1, s.coverage = 0.2;
	EQ_INT(engine_decide(t, s), REPLY_ANSWER);
	s.coverage = 0.09;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s.coverage = 0.2, s.unknown = 0.61;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s.unknown = 0.1, s.off_topic = 1;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	/* a question that speaks of no loan has its own most unknown */
	s = good, s.unknown = 0.45;
	EQ_INT(engine_decide(t, s), REPLY_ANSWER);
	s.bare = 1;
	EQ_INT(engine_decide(t, s), REPLY_DECLINE);
	s.unknown = 0.39;
	EQ_INT(engine_decide(t, s), REPLY_ANSWER);
}

static void test_did_you_mean(engine *e)
{
	/* with a gap no answer can have, every reply is a choice */
	engine_thresholds t = engine_default_thresholds;
	t.gap = 10;
	engine_set_thresholds(e, t);
	json_t *r;
	char *u;
	reply_kind k = ask(e, "利息", &u, &r);
	free(u);
	EQ_INT(k, REPLY_DID_YOU_MEAN);
	OK(!json_is_true(json_object_get(r, "answered")), "did-you-mean is not answered");
	OK(json_array_size(json_object_get(r, "answers")) >= 2, "with its choices");
	json_decref(r);
	/* the same with a score no answer reaches */
	t = engine_default_thresholds;
	t.answer = 100;
	engine_set_thresholds(e, t);
	k = ask(e, "利息", &u, &r);
	free(u);
	EQ_INT(k, REPLY_DID_YOU_MEAN);
	EQ_STR(json_string_value(json_object_get(r, "kind")), "did_you_mean");
	json_decref(r);
	engine_set_thresholds(e, engine_default_thresholds);
}

static void test_off_topic(void)
{
	json_t *extra = json_pack("{s:[s,s],s:[s,s]}", "off_topic", "房贷", "信用卡",
				  "on_topic", "助学贷款", "续贷");
	engine *e = open_index("off", extra);
	json_decref(extra);
	if (!e)
		return;
	DECLINES(e, "房贷利率是多少");
	DECLINES(e, "信用卡逾期会影响征信吗");
	/* the subject named too: ours after all */
	ANSWERS(e, "助学贷款的利率比房贷低吗", "/faq/lilv/#助学贷款的利率是多少");
	/* another lender's product that no list names (asking.c) */
	DECLINES(e, "公积金贷款可以提前还款吗");
	DECLINES(e, "工商银行的装修贷利率是多少");
	DECLINES(e, "汽车贷款什么时候开始还款");
	ANSWERS(e, "助学贷款什么时候开始还款", "/faq/huankuan/#什么时候开始还款");
	/* an on_topic word makes the question ours, another product named
	 * or not, as synonyms.yaml promises the clerk */
	ANSWERS(e, "家里还有车贷没还完，续贷怎么办理", "/faq/xudai/#续贷怎么办理");
	engine_close(e);
}

#define FIXES(t, v, in, want)                                                  \
	do {                                                                  \
		buf b_ = BUF_INIT;                                            \
		buf_puts(&b_, in);                                            \
		typo_fix(t, v, &b_);                                          \
		EQ_STR(b_.ptr, want);                                         \
		buf_free(&b_);                                                \
	} while (0)

/* The vocabulary and the typo reader of the index WORKDIR/name.db. */
typedef struct speller {
	sqlite3 *db;
	vocab *v;
	typo *t;
} speller;

static int speller_open(speller *sp, const char *name)
{
	buf path = BUF_INIT, err = BUF_INIT;
	buf_printf(&path, "%s/%s.db", workdir, name);
	memset(sp, 0, sizeof *sp);
	OK(sqlite3_open_v2(path.ptr, &sp->db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "open");
	sp->v = vocab_load(sp->db, &err);
	sp->t = typo_open(sp->db);
	OK(sp->v && sp->t, "vocab and typo: %s", err.ptr);
	buf_free(&path);
	buf_free(&err);
	return sp->v && sp->t ? 0 : -1;
}

static void speller_close(speller *sp)
{
	typo_close(sp->t);
	vocab_free(sp->v);
	sqlite3_close(sp->db);
}

/* Misspellings by sound, on the fixture's index. */
static void test_typo(void)
{
	speller sp;
	if (speller_open(&sp, "site") == 0) {
		typo *t = sp.t;
		vocab *v = sp.v;
		FIXES(t, v, "助学代款利息", "助学贷款利息");   /* 代 → 贷 */
		FIXES(t, v, "助学贷款利息", "助学贷款利息");   /* nothing to fix */
		FIXES(t, v, "两万", "两万");                   /* numerals stay */
		FIXES(t, v, "lpr 代", "lpr 代");               /* a lone character */
		FIXES(t, v, "\xe4\xbb", "\xe4\xbb");           /* cut UTF-8 */
	}
	speller_close(&sp);
}

static int has_group(const query *q, const char *w)
{
	for (size_t i = 0; i < q->n_groups; i++)
		if (!strcmp(q->groups[i].terms[0], w))
			return 1;
	return 0;
}

/* Query rules with no synonyms and the given filler words, to parse with. */
typedef struct parser {
	normalizer *nz;
	query_rules *r;
} parser;

static void parser_open(parser *p, json_t *filler)
{
	buf err = BUF_INIT;
	json_t *syn = json_object();
	p->nz = normalizer_new(&err);
	p->r = p->nz ? query_rules_new(syn, filler, p->nz, &err) : NULL;
	OK(p->r != NULL, "query rules: %s", err.ptr);
	json_decref(syn);
	json_decref(filler);
	buf_free(&err);
}

static void parser_close(parser *p)
{
	query_rules_free(p->r);
	normalizer_free(p->nz);
}

static void test_words(void)
{
	parser ps;
	parser_open(&ps, json_array());
	query_rules *r = ps.r;
	normalizer *nz = ps.nz;
	query q;
	/* characters ICU leaves single are read back as one word */
	const char *s = "花呗逾期会上征信吗";
	EQ_INT(query_parse(r, nz, s, strlen(s), &q), 0);
	OK(has_group(&q, "花呗"), "花呗 is one word");
	OK(has_group(&q, "逾期"), "逾期 is a word");
	query_free(&q);
	/* words made only of function characters carry nothing */
	s = "专科生也能贷吗";
	query_parse(r, nz, s, strlen(s), &q);
	OK(!has_group(&q, "也能"), "也能 is not a word to search");
	query_free(&q);
	/* 好多 asks an amount, as 多少 does: a question word, weighed light */
	s = "这个贷款利息是好多";
	query_parse(r, nz, s, strlen(s), &q);
	int light = -1;
	for (size_t g = 0; g < q.n_groups; g++)
		if (!strcmp(q.groups[g].terms[0], "好多"))
			light = q.groups[g].light;
	OK(light == 1, "好多 is a question word: %d", light);
	query_free(&q);
	parser_close(&ps);
}

/* A one-character filler word (急) is cut where it stands alone, never out
 * of a word (着急); a longer one wherever it stands, leaving nothing to
 * stick to the next word (下贷 read as a product). A不 at a clause's end
 * asks about A, as A不A does. Each question, with what its normal form
 * must hold and must not. */
static void test_filler(void)
{
	static const struct {
		const char *q, *has, *lacks;
	} cases[] = {
		{"助学贷款有几种啊？急", "几种", "急"},
		{"急！续贷怎么办", "续贷", "急"},
		{"家里着急用钱能先放款吗", "着急", NULL},
		{"我想问下贷的钱以后要不要还", "贷的钱", "下"},
		{"专升本了还能贷不，利息咋算", "能贷", "贷不"},
		{"学费交了没", "交了", "没"},
		{"不还会怎样", "不还", NULL},
	};
	parser ps;
	parser_open(&ps, json_pack("[s,s]", "急", "我想问下"));
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		query q;
		query_parse(ps.r, ps.nz, cases[i].q, strlen(cases[i].q), &q);
		OK(strstr(q.norm.ptr, cases[i].has) != NULL, "%s: keeps %s (%s)", cases[i].q,
		   cases[i].has, q.norm.ptr);
		OK(!cases[i].lacks || !strstr(q.norm.ptr, cases[i].lacks), "%s: no %s (%s)",
		   cases[i].q, cases[i].lacks, q.norm.ptr);
		query_free(&q);
	}
	parser_close(&ps);
}

/* tests/fixtures/search-small.json, to copy parts of; NULL on failure. */
static json_t *fixture(void)
{
	const char *root = getenv("MINGBAI_ROOT");
	buf path = BUF_INIT;
	buf_printf(&path, "%s/tests/fixtures/search-small.json", root ? root : ".");
	json_t *j = json_load_file(path.ptr, 0, NULL);
	buf_free(&path);
	OK(j != NULL, "fixture");
	return j;
}

/* An entry of search.json, appended to entries. */
static void add_entry(json_t *entries, const char *id, const char *kind, const char *category,
		      const char *question, const char *text, const char *url)
{
	json_array_append_new(entries, json_pack("{s:s,s:s,s:s,s:s,s:[],s:s,s:s}", "id", id,
						 "kind", kind, "category", category,
						 "question", question, "alt", "text", text,
						 "url", url));
}

/* Feature name of candidate id in an explained reply r; -1 when the
 * entry is not among the candidates. */
static double feature(json_t *r, const char *id, const char *name)
{
	json_t *c;
	size_t i;
	json_array_foreach(json_object_get(r, "candidates"), i, c)
		if (!strcmp(json_string_value(json_object_get(c, "id")), id))
			return json_real_value(json_object_get(json_object_get(c, "features"), name));
	return -1;
}

/* The reply, with every candidate's features, to question on an index of
 * the fixture with extra merged in (want entries; extra is released);
 * NULL when the index could not be made. */
static json_t *explained(const char *name, json_t *extra, size_t want, const char *question)
{
	engine *e = open_index_n(name, extra, want);
	json_decref(extra);
	if (!e)
		return NULL;
	engine_set_explain(e, 1);
	json_t *r;
	char *u;
	ask(e, question, &u, &r);
	free(u);
	engine_close(e);
	return r;
}

/* The subject of a question must be what the chosen entry is about (its
 * question), not a word its answer mentions in passing: an entry on relief
 * whose text mentions 征信 must not answer a question about 征信. */
static void test_subject(void)
{
	json_t *j = fixture();
	if (!j)
		return;
	json_t *entries = json_deep_copy(json_object_get(j, "entries"));
	add_entry(entries, "faq/jiuzhu/遭灾", "faq", "还款救助", "家里遭了灾还不上怎么办？",
		  "可以申请还款救助，按时还款，以免逾期记入个人征信，影响征信记录。征信很重要。",
		  "/faq/jiuzhu/#遭灾");
	/* 征信 a domain word, as content/synonyms.yaml makes it */
	json_t *syn = json_deep_copy(json_object_get(j, "synonyms"));
	json_object_set_new(syn, "征信", json_pack("[s]", "信用记录"));
	json_t *extra = json_pack("{s:o,s:o}", "entries", entries, "synonyms", syn);
	json_decref(j);
	/* which of them comes first rests on the weights fitted to the sets
	 * (README: the subject's weight); that each is read right is tested */
	json_t *r = explained("subject", extra, 16, "贷了助学贷款，征信上会有记录吗");
	if (!r)
		return;
	double subj_main = feature(r, "faq/zhengxin/逾期会影响征信吗", "subj");
	double subj_passing = feature(r, "faq/jiuzhu/遭灾", "subj");
	if (getenv("MINGBAI_TEST_VERBOSE")) {
		char *dump = json_dumps(json_object_get(r, "candidates"), JSON_INDENT(1));
		fprintf(stderr, "%s\n", dump);
		free(dump);
	}
	OK(subj_main > 0.99, "the entry that asks about 征信 holds the subject: %g", subj_main);
	OK(subj_passing >= 0 && subj_passing < 0.5,
	   "the entry that mentions it in passing does not: %g", subj_passing);
	json_decref(r);
}

/* A word the entry's phrasings lack but share a rare character with (撤回
 * and 撤销) counts for a little (the soft feature); one that shares none,
 * or only a common character, does not. */
static void test_soft(void)
{
	json_t *j = fixture();
	if (!j)
		return;
	json_t *entries = json_deep_copy(json_object_get(j, "entries"));
	add_entry(entries, "faq/liucheng/撤销", "faq", "办理流程", "合同签完以后还能撤销吗？",
		  "签了合同，在放款之前可以向县资助中心提出，按规定办理。", "/faq/liucheng/#撤销");
	add_entry(entries, "faq/liucheng/改名", "faq", "办理流程", "合同签完以后还能改名字吗？",
		  "签了合同，名字写错了，请向县资助中心提出，按规定办理。", "/faq/liucheng/#改名");
	json_t *extra = json_pack("{s:o}", "entries", entries);
	json_decref(j);
	json_t *r = explained("soft", extra, 17, "合同签完以后还能撤回吗");
	if (!r)
		return;
	double soft_undo = feature(r, "faq/liucheng/撤销", "soft");
	double soft_rename = feature(r, "faq/liucheng/改名", "soft");
	OK(soft_undo > 0.05, "撤销 shares the rare 撤 of 撤回: %g", soft_undo);
	OK(soft_rename == 0, "改名 shares nothing with 撤回: %g", soft_rename);
	json_decref(r);
}

/* The loan's names weigh little even where synonyms.yaml gathers them
 * under one canonical name, which makes theirs a domain word's group: with
 * the weight of a topic, the name nearly every question says crowded the
 * entry a question is about out of the candidates. */
static void test_names_light(void)
{
	json_t *j = fixture();
	if (!j)
		return;
	json_t *syn = json_deep_copy(json_object_get(j, "synonyms"));
	json_object_set_new(syn, "生源地信用助学贷款", json_pack("[s,s]", "生源地贷款", "生源地助学贷款"));
	json_t *extra = json_pack("{s:o,s:[s,s]}", "synonyms", syn, "names", "生源地信用助学贷款",
				  "助学贷款");
	engine *e = open_index_n("names", extra, 15);
	json_decref(extra);
	json_decref(j);
	if (!e)
		return;
	engine_set_explain(e, 1);
	static const char *const cases[][3] = {
		/* question, a light word, a word that is not */
		{"生源地贷款要带什么材料", "生源地贷款", "带什么"},
		{"生源地信用助学贷款的利率是多少", "生源地信用助学贷款", "利率"},
		{"助学贷款续贷怎么办", "贷款", "续贷"},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		char *u;
		json_t *r;
		ask(e, cases[i][0], &u, &r);
		free(u);
		int name_light = 0, other_light = 0;
		json_t *w;
		size_t k;
		json_array_foreach(json_object_get(json_object_get(r, "signals"), "light"), k, w) {
			name_light |= !strcmp(json_string_value(w), cases[i][1]);
			other_light |= !strcmp(json_string_value(w), cases[i][2]);
		}
		OK(name_light, "%s: %s weighs little", cases[i][0], cases[i][1]);
		OK(!other_light, "%s: %s does not", cases[i][0], cases[i][2]);
		json_decref(r);
	}
	engine_close(e);
}

/* The loan's name is searched only when the question has no weightier
 * word, or to make up the number of candidates: OR'ed with one such word
 * (续贷), the nine pairs of 生源地信用助学贷款 ranked the entries whose
 * titles repeat the name above the one entry on 续贷, and it was not
 * among the candidates at all. */
static void test_name_does_not_crowd(void)
{
	json_t *j = fixture();
	if (!j)
		return;
	json_t *entries = json_deep_copy(json_object_get(j, "entries"));
	for (int i = 0; i < 30; i++) {
		char id[64], q[128];
		snprintf(id, sizeof id, "guides/name/%d", i);
		snprintf(q, sizeof q, "生源地信用助学贷款第%d条：生源地信用助学贷款", i);
		add_entry(entries, id, "guide", "", q,
			  "生源地信用助学贷款由县学生资助管理中心受理，生源地信用助学贷款按年办理。",
			  "/guides/name/");
	}
	/* 续贷 said in passing by a few, as on a real site, where it is
	 * no rare word */
	for (int i = 0; i < 50; i++) {
		char id[64], q[128];
		snprintf(id, sizeof id, "guides/other/%d", i);
		snprintf(q, sizeof q, "学校通知第%d号", i);
		add_entry(entries, id, "guide", "", q,
			  i < 20 ? "请按学校的安排办理，首贷和续贷都留意班级群里的消息。"
				 : "请按学校的安排办理，留意班级群里的消息。",
			  "/guides/other/");
	}
	json_t *syn = json_deep_copy(json_object_get(j, "synonyms"));
	json_object_set_new(syn, "生源地信用助学贷款", json_pack("[s]", "生源地贷款"));
	json_t *extra = json_pack("{s:o,s:o,s:[s]}", "entries", entries, "synonyms", syn, "names",
				  "生源地信用助学贷款");
	engine *e = open_index_n("crowd", extra, 95);
	json_decref(extra);
	json_decref(j);
	if (!e)
		return;
	engine_set_explain(e, 1);
	char *u;
	json_t *r;
	ask(e, "生源地信用助学贷款怎样续贷", &u, &r);
	int found = 0;
	json_t *c;
	size_t i;
	json_array_foreach(json_object_get(r, "candidates"), i, c)
		found |= !strcmp(json_string_value(json_object_get(c, "id")), "faq/xudai/续贷怎么办理");
	OK(found, "the entry on 续贷 is a candidate beside 30 that repeat the loan's name");
	OK(u && strstr(u, "xudai"), "and it comes first: %s", u ? u : "(none)");
	free(u);
	json_decref(r);
	/* where the weighty words find fewer entries than the candidates
	 * hold, those on the name make up the number */
	ask(e, "生源地信用助学贷款的宽限期", &u, &r);
	OK(json_array_size(json_object_get(r, "candidates")) >= 10,
	   "a rare word's few entries and others on the name: %zu candidates",
	   json_array_size(json_object_get(r, "candidates")));
	free(u);
	json_decref(r);
	/* a question of the name alone still finds entries by it */
	ask(e, "生源地信用助学贷款", &u, &r);
	OK(json_array_size(json_object_get(r, "candidates")) > 0, "the name alone finds entries");
	free(u);
	json_decref(r);
	engine_close(e);
}

/* A pair of the pages may straddle two of their words (款没 of 贷款没到账):
 * a word next to it is no misspelling of it when the character put in
 * would pair with nothing on its other side (贷款每月 is not 贷款没月). */
static void test_typo_straddle(void)
{
	json_t *j = fixture();
	if (!j)
		return;
	json_t *entries = json_deep_copy(json_object_get(j, "entries"));
	static const char *const texts[] = {
		"贷款没到账，先问学校。", "贷款没到账时学费可以缓交。", "贷款没到账请拨打热线。",
		"身份证和户口本都要带。", "带上身份证和户口本原件。", "学生的身份证要在有效期内。",
		"2024年秋季学期起执行新额度。", "新利率从下月起执行。", "新办法今年起执行。",
		"诚信是人生新的起点。", "毕业是新的起点。", "还清贷款是信用新的起点。",
		"别太固执时间会证明。",
	};
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char id[32];
		snprintf(id, sizeof id, "guides/straddle/%zu", i);
		add_entry(entries, id, "guide", "", "说明", texts[i], "/guides/straddle/");
	}
	json_t *extra = json_pack("{s:o}", "entries", entries);
	engine *e = open_index_n("straddle", extra, 28);
	json_decref(extra);
	json_decref(j);
	engine_close(e);
	speller sp;
	if (speller_open(&sp, "straddle") == 0) {
		typo *t = sp.t;
		vocab *v = sp.v;
		FIXES(t, v, "贷款每月还多少", "贷款每月还多少");
		FIXES(t, v, "贷款没到账", "贷款没到账");
		/* 起执 (起执行) sounds like 起止, which the pages never say; yet
		 * neither 执时, in one entry, nor the chance pair 的起 before
		 * it (新的起点), in three, is evidence that 起止时间 is a
		 * misspelling */
		FIXES(t, v, "受理的起止时间", "受理的起止时间");
		/* a misspelling whose fix pairs with its neighbour is still fixed */
		FIXES(t, v, "身份正和户口本", "身份证和户口本");
	}
	speller_close(&sp);
}

int main(void)
{
	if (!mkdtemp(workdir)) {
		perror("mkdtemp");
		return 1;
	}
	test_decide();
	test_words();
	test_subject();
	test_soft();
	test_names_light();
	test_typo_straddle();
	test_name_does_not_crowd();
	engine *e = open_index("site", NULL);
	if (e) {
		test_answers(e);
		test_declines(e);
		test_shape(e);
		test_did_you_mean(e);
		engine_close(e);
		test_typo();
	}
	test_off_topic();
	test_filler();
	buf rm = BUF_INIT;
	buf_printf(&rm, "rm -rf '%s'", workdir);
	if (system(rm.ptr) != 0)
		fprintf(stderr, "could not remove %s\n", workdir);
	buf_free(&rm);
	return harness_done();
}
