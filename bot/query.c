#include "query.h"

#include <stdlib.h>
#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>

#include "i18n.h"
#include "mem.h"
#include "tokenizer.h"
#include "utf8.h"

typedef struct synonym {
	char *variant, *canonical; /* normalized */
	size_t len;                /* of variant */
} synonym;

struct query_rules {
	char **filler; /* normalized, longest first */
	size_t n_filler;
	synonym *syn;  /* longest variant first */
	size_t n_syn;
	UBreakIterator *words;
	UChar *u16;
	size_t u16_cap;
};

/* Words that carry no meaning in a question; a question made only of them
 * has nothing to search for. */
static const char *const stopwords[] = {
	"的", "了", "吗", "呢", "吧", "啊", "呀", "哦", "嘛", "么", "是", "我", "我们",
	"你", "你们", "您", "他", "她", "它", "在", "和", "与", "及", "或", "就", "都",
	"也", "要", "会", "能", "可以", "可", "有", "这", "那", "这个", "那个", "个",
	"一下", "请问", "怎么", "怎样", "如何", "什么", "啥", "哪", "哪里", "哪些",
	"哪个", "为什么", "吗", "想", "问", "问问", "知道", "请", "下", "把", "被",
	"给", "得", "地", "着", "过", "还是", "能不能", "可不可以", "是不是", "有没有",
	"怎么办", "怎么样", "咋办", "咋", "咋样", "需要", "要不要", "需不需要", "能否",
	"是否", "应该", "该", "孩子", "娃", "我家", "家里", "那么", "这样", "一般",
};

/* Characters that make no word of substance, alone or together (也能,
 * 还有, 这么): a word made only of them is a stopword too. */
static const char stopchars[] = "的了吗呢吧啊呀哦嘛么是我你您他她它在和与及或就都也要会能可有"
				"这那个一下把被给得着过还该想问请啥咋怎样什哪些么才又再很太"
				"做弄搞"; /* "do", as in 怎么做 */

static int is_stopword(const char *w)
{
	for (size_t i = 0; i < sizeof stopwords / sizeof *stopwords; i++)
		if (!strcmp(w, stopwords[i]))
			return 1;
	size_t n = strlen(w);
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int l = utf8_decode(w + i, n - i, &cp);
		if (l < 2 || !memmem(stopchars, sizeof stopchars - 1, w + i, (size_t)l))
			return 0;
		i += (size_t)l;
	}
	return n > 0;
}

/* Question words: a word holding one asks for a kind of answer (几年, 问谁,
 * 哪一年, 什么时候) and names no topic. */
static const char *const asking[] = {
	"几", "哪", "谁", "啥", "什么", "多少", "多久", "多长", "多大", "多高", "怎么",
	"怎样", "如何", "咋", "何时",
	/* as parents in the south-west ask 多少 and 多久 */
	"好多", "好久",
};

/* Words of no topic that parents wrap a question in. */
static const char *const vague[] = {
	"意思", "情况", "问题", "事", "事情", "办法", "东西", "时候", "以后", "之后",
	"已经", "听说", "有人", "处理", "算", "找", "去", "说",
};

static int is_light(const char *w)
{
	for (size_t i = 0; i < sizeof asking / sizeof *asking; i++)
		if (strstr(w, asking[i]))
			return 1;
	for (size_t i = 0; i < sizeof vague / sizeof *vague; i++)
		if (!strcmp(w, vague[i]))
			return 1;
	return 0;
}

static int by_length_desc(const void *a, const void *b)
{
	size_t la = strlen(*(char *const *)a), lb = strlen(*(char *const *)b);
	return la < lb ? 1 : la > lb ? -1 : 0;
}

static int syn_by_length_desc(const void *a, const void *b)
{
	const synonym *x = a, *y = b;
	return x->len < y->len ? 1 : x->len > y->len ? -1 : 0;
}

static char *norm_dup(normalizer *nz, const char *s)
{
	buf b = BUF_INIT;
	if (!s || normalize(nz, s, strlen(s), &b) < 0 || !b.len) {
		buf_free(&b);
		return NULL;
	}
	return buf_detach(&b);
}

query_rules *query_rules_new(const json_t *synonyms, const json_t *filler,
			     normalizer *nz, buf *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UBreakIterator *bi = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st)) {
		buf_printf(err, _("ICU word breaker: %s"), u_errorName(st));
		return NULL;
	}
	query_rules *r = xcalloc(1, sizeof *r);
	r->words = bi;
	r->filler = xcalloc(json_array_size(filler) + 1, sizeof *r->filler);
	json_t *v;
	size_t i;
	json_array_foreach(filler, i, v) {
		char *f = norm_dup(nz, json_string_value(v));
		if (f)
			r->filler[r->n_filler++] = f;
	}
	qsort(r->filler, r->n_filler, sizeof *r->filler, by_length_desc);

	size_t cap = 0;
	const char *canonical;
	json_object_foreach((json_t *)synonyms, canonical, v) {
		char *c = norm_dup(nz, canonical);
		if (!c)
			continue;
		json_t *variant;
		/* k == -1 is the canonical word itself: a domain word is read
		 * whole, as ICU's dictionary may cut it (宽限期 → 宽 + 限期) */
		for (long k = -1; k < (long)json_array_size(v); k++) {
			variant = k < 0 ? NULL : json_array_get(v, (size_t)k);
			char *var = k < 0 ? xstrdup(c) : norm_dup(nz, json_string_value(variant));
			if (!var)
				continue;
			GROW(r->syn, r->n_syn + 1, cap);
			r->syn[r->n_syn++] = (synonym){var, xstrdup(c), strlen(var)};
		}
		free(c);
	}
	if (r->n_syn)
		qsort(r->syn, r->n_syn, sizeof *r->syn, syn_by_length_desc);
	return r;
}

void query_rules_free(query_rules *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->n_filler; i++)
		free(r->filler[i]);
	free(r->filler);
	for (size_t i = 0; i < r->n_syn; i++) {
		free(r->syn[i].variant);
		free(r->syn[i].canonical);
	}
	free(r->syn);
	ubrk_close(r->words);
	free(r->u16);
	free(r);
}

/* An A-not-A question (高不高, 交没交) asks about A: the rest goes. So
 * does the not of its short form, A不 or A没 at a clause's end (能贷不,
 * 交了没): read as a word, 贷不 is one the index lacks. */
static void cut_a_not_a(buf *s)
{
	size_t i = 0;
	while (i < s->len) {
		uint32_t a, neg, b;
		int l1 = utf8_decode(s->ptr + i, s->len - i, &a);
		if (l1 <= 0) {
			i++;
			continue;
		}
		size_t j = i + (size_t)l1;
		int l2 = j < s->len ? utf8_decode(s->ptr + j, s->len - j, &neg) : -1;
		int l3 = l2 > 0 ? utf8_decode(s->ptr + j + l2, s->len - j - (size_t)l2, &b) : -1;
		int is_not = l2 > 0 && (neg == 0x4E0D || neg == 0x6CA1); /* 不, 没 */
		if (l3 > 0 && a == b && utf8_is_han(a) && is_not) {
			size_t cut = (size_t)l2 + (size_t)l3; /* 不 or 没, and A again */
			memmove(s->ptr + j, s->ptr + j + cut, s->len - j - cut + 1);
			s->len -= cut;
		} else if (is_not && utf8_is_han(a) && (l3 <= 0 || !utf8_is_han(b))) {
			memmove(s->ptr + j, s->ptr + j + l2, s->len - j - (size_t)l2 + 1);
			s->len -= (size_t)l2;
		}
		i = j;
	}
}

/* The value of a Chinese digit (一 … 九, 两), or -1. */
static int cn_digit(uint32_t cp)
{
	static const uint32_t d[] = {0x96F6, 0x4E00, 0x4E8C, 0x4E09, 0x56DB, 0x4E94,
				     0x516D, 0x4E03, 0x516B, 0x4E5D}; /* 零 … 九 */
	for (int i = 0; i < 10; i++)
		if (cp == d[i])
			return i;
	return cp == 0x4E24 ? 2 : -1; /* 两 */
}

/* Amounts written in words (两万, 八千, 2.5万, 一万六) as the pages write
 * them, in digits (20000, 8000, 25000, 16000): one digit, or an ASCII
 * number, then 万 or 千, then perhaps one digit more of the next place. */
static void amounts_in_digits(buf *s)
{
	buf out = BUF_INIT;
	for (size_t i = 0; i < s->len;) {
		size_t j = i;
		double n = -1;
		uint32_t cp;
		int l = utf8_decode(s->ptr + j, s->len - j, &cp);
		if (l > 0 && cn_digit(cp) >= 0) {
			n = cn_digit(cp);
			j += (size_t)l;
		} else if (s->ptr[j] >= '0' && s->ptr[j] <= '9') {
			char *end;
			n = strtod(s->ptr + j, &end);
			j = (size_t)(end - s->ptr);
		}
		long unit = 0;
		l = n >= 0 && j < s->len ? utf8_decode(s->ptr + j, s->len - j, &cp) : -1;
		if (l > 0 && (cp == 0x4E07 || cp == 0x5343)) /* 万, 千 */
			unit = cp == 0x4E07 ? 10000 : 1000;
		if (!unit) {
			l = utf8_decode(s->ptr + i, s->len - i, &cp);
			size_t step = l > 0 ? (size_t)l : 1;
			if (j > i && s->ptr[i] >= '0' && s->ptr[i] <= '9')
				step = j - i; /* a whole number, not its last digits */
			buf_put(&out, s->ptr + i, step);
			i += step;
			continue;
		}
		j += (size_t)l;
		double v = n * (double)unit;
		l = j < s->len ? utf8_decode(s->ptr + j, s->len - j, &cp) : -1;
		if (l > 0 && cn_digit(cp) > 0) { /* 一万六: 六 is thousands */
			v += cn_digit(cp) * (double)(unit / 10);
			j += (size_t)l;
		}
		buf_printf(&out, "%.0f", v);
		i = j;
	}
	buf_reset(s);
	buf_put(s, out.ptr, out.len);
	buf_free(&out);
}

/* Is the character before p (in s) or at p a Han character? */
static int han_before(const char *s, const char *p)
{
	if (p == s)
		return 0;
	const char *b = s + utf8_back(s, (size_t)(p - s), 0);
	uint32_t cp;
	return utf8_decode(b, (size_t)(p - b), &cp) > 0 && utf8_is_han(cp);
}

static int han_at(const char *p)
{
	uint32_t cp;
	return *p && utf8_decode(p, strlen(p), &cp) > 0 && utf8_is_han(cp);
}

/* Replace every occurrence of each filler phrase by a space; but a
 * one-character one (急) only where it stands alone (…怎么办？急): inside a
 * run of Han characters it is part of a word (着急, 急需). */
static void cut_filler(query_rules *r, buf *s)
{
	for (size_t i = 0; i < r->n_filler; i++) {
		size_t n = strlen(r->filler[i]);
		uint32_t cp;
		int one = utf8_decode(r->filler[i], n, &cp) == (int)n;
		for (char *p = s->ptr; (p = strstr(p, r->filler[i]));) {
			if (one && (han_before(s->ptr, p) || han_at(p + n))) {
				p += n;
				continue;
			}
			*p = ' ';
			memmove(p + 1, p + n, s->len - (size_t)(p + n - s->ptr) + 1);
			s->len -= n - 1;
		}
	}
}

static void group_add(term_group *g, const char *t)
{
	for (size_t i = 0; i < g->n; i++)
		if (!strcmp(g->terms[i], t))
			return;
	g->terms = xrealloc(g->terms, (g->n + 1) * sizeof *g->terms);
	g->terms[g->n++] = xstrdup(t);
}

static term_group *new_group(query *q, size_t *cap)
{
	GROW(q->groups, q->n_groups + 1, *cap);
	term_group *g = &q->groups[q->n_groups++];
	memset(g, 0, sizeof *g);
	return g;
}

static void add_word(query *q, size_t *cap, const char *w)
{
	for (size_t g = 0; g < q->n_groups; g++)
		if (!strcmp(q->groups[g].terms[0], w))
			return;
	group_add(new_group(q, cap), w);
}

static int is_stopchar(const char *c, size_t len)
{
	return memmem(stopchars, sizeof stopchars - 1, c, len) != NULL;
}

/* A run of single characters, less the stop characters at its ends. */
static void add_run(query *q, size_t *cap, buf *run)
{
	size_t a = 0, b = run->len;
	/* every character of a run is one 3-byte Han character or more */
	while (a < b) {
		uint32_t cp;
		int l = utf8_decode(run->ptr + a, b - a, &cp);
		if (l <= 0 || !is_stopchar(run->ptr + a, (size_t)l))
			break;
		a += (size_t)l;
	}
	while (b > a) {
		size_t k = utf8_back(run->ptr, b, a);
		if (!is_stopchar(run->ptr + k, b - k))
			break;
		b = k;
	}
	if (b > a) {
		char *w = xstrndup(run->ptr + a, b - a);
		add_word(q, cap, w);
		free(w);
	}
}

typedef struct span {
	size_t start, end;
	const synonym *syn;
} span;

static void analyse_norm(query_rules *r, query *q);

int query_parse(query_rules *r, normalizer *nz, const char *text, size_t len,
		query *q)
{
	memset(q, 0, sizeof *q);
	buf_init(&q->norm);
	if (normalize(nz, text, len, &q->norm) < 0)
		return -1;
	analyse_norm(r, q);
	return 0;
}

void query_parse_normal(query_rules *r, const char *norm, size_t len, query *q)
{
	memset(q, 0, sizeof *q);
	buf_init(&q->norm);
	buf_put(&q->norm, norm, len);
	analyse_norm(r, q);
}

static void analyse_norm(query_rules *r, query *q)
{
	cut_filler(r, &q->norm);
	cut_a_not_a(&q->norm);
	amounts_in_digits(&q->norm);
	const char *s = q->norm.ptr;
	size_t n = q->norm.len, cap = 0;

	/* synonym phrases, longest first, not overlapping one another */
	span *spans = NULL;
	size_t n_spans = 0;
	for (size_t i = 0; i < r->n_syn; i++) {
		for (const char *p = strstr(s, r->syn[i].variant); p;
		     p = strstr(p + 1, r->syn[i].variant)) {
			size_t a = (size_t)(p - s), b = a + r->syn[i].len;
			int overlaps = 0;
			for (size_t k = 0; k < n_spans; k++)
				if (a < spans[k].end && spans[k].start < b &&
				    !(spans[k].start == a && spans[k].end == b))
					overlaps = 1;
			if (overlaps)
				continue;
			spans = xrealloc(spans, (n_spans + 1) * sizeof *spans);
			spans[n_spans++] = (span){a, b, &r->syn[i]};
		}
	}
	/* one group per phrase: the words as written, and the canonical word */
	size_t *group_of = xcalloc(n_spans + 1, sizeof *group_of);
	for (size_t k = 0; k < n_spans; k++) {
		size_t gi = q->n_groups;
		for (size_t j = 0; j < k; j++)
			if (spans[j].start == spans[k].start && spans[j].end == spans[k].end)
				gi = group_of[j]; /* same phrase, another canonical */
		if (gi == q->n_groups) {
			term_group *g = new_group(q, &cap);
			char *v = xstrndup(s + spans[k].start, spans[k].end - spans[k].start);
			group_add(g, v);
			free(v);
		}
		group_of[k] = gi;
		group_add(&q->groups[gi], spans[k].syn->canonical);
		q->groups[gi].topic = 1;
	}
	free(group_of);

	/* the other words, by ICU's dictionary word breaker */
	UErrorCode st = U_ZERO_ERROR;
	if (r->u16_cap < n + 1) {
		r->u16_cap = n + 64;
		r->u16 = xrealloc(r->u16, r->u16_cap * sizeof(UChar));
	}
	int32_t ulen;
	u_strFromUTF8(r->u16, (int32_t)r->u16_cap, &ulen, s, (int32_t)n, &st);
	if (U_SUCCESS(st))
		ubrk_setText(r->words, r->u16, ulen, &st);
	if (U_SUCCESS(st)) {
		/* ICU's dictionary knows few words of this domain and cuts them
		 * into single characters (征/信, 花/呗, 额/度); a run of such
		 * characters is read back as one word, so the pairs it holds
		 * count, and a word the index lacks shows as one. */
		buf run = BUF_INIT;
		size_t byte = 0;
		int32_t from = ubrk_first(r->words), to;
		buf word = BUF_INIT;
		for (;;) {
			to = ubrk_next(r->words);
			int flush = to == UBRK_DONE;
			size_t a = byte, b = byte;
			int take = 0, single = 0;
			if (!flush) {
				int32_t blen = 0;
				UErrorCode e2 = U_ZERO_ERROR;
				buf_reset(&word);
				buf_grow(&word, (size_t)(to - from) * 3 + 1);
				u_strToUTF8(word.ptr, (int32_t)word.cap, &blen, r->u16 + from,
					    to - from, &e2);
				word.len = U_SUCCESS(e2) ? (size_t)blen : 0;
				word.ptr[word.len] = '\0';
				b = byte + (size_t)blen;
				byte = b;
				int status = ubrk_getRuleStatus(r->words);
				from = to;
				/* a word inside a synonym phrase is already in its
				 * group; a longer word that only contains one (信用卡 ⊃
				 * 信用) is not */
				int covered = 0;
				for (size_t k = 0; k < n_spans; k++)
					if (spans[k].start <= a && b <= spans[k].end)
						covered = 1;
				take = word.len && status >= UBRK_WORD_NONE_LIMIT && !covered;
				uint32_t cp;
				single = take && status >= UBRK_WORD_IDEO &&
					 utf8_decode(word.ptr, word.len, &cp) == (int)word.len &&
					 utf8_is_han(cp);
				take = take && !is_stopword(word.ptr);
			}
			/* a run keeps its stop characters inside (还/款 is 还款) but
			 * not at its ends (了, 也能贷 → 贷) */
			if (run.len && !single) {
				add_run(q, &cap, &run);
				buf_reset(&run);
			}
			if (flush)
				break;
			if (single)
				buf_put(&run, word.ptr, word.len);
			else if (take)
				add_word(q, &cap, word.ptr);
		}
		buf_free(&run);
		buf_free(&word);
	}
	free(spans);
	/* a phrase synonyms.yaml maps to a canonical word names a topic */
	for (size_t g = 0; g < q->n_groups; g++)
		q->groups[g].light = q->groups[g].n == 1 && is_light(q->groups[g].terms[0]);
}

void query_free(query *q)
{
	for (size_t i = 0; i < q->n_groups; i++) {
		for (size_t k = 0; k < q->groups[i].n; k++)
			free(q->groups[i].terms[k]);
		free(q->groups[i].terms);
	}
	free(q->groups);
	buf_free(&q->norm);
	memset(q, 0, sizeof *q);
}

static int searchable(const char *t)
{
	for (const unsigned char *p = (const unsigned char *)t; *p; p++)
		if (*p >= 0x80 || (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z'))
			return 1;
	return 0;
}

void query_match(const query *q, const char *cols, buf *out)
{
	size_t start = out->len;
	int any = 0;
	if (cols)
		buf_printf(out, "%s : (", cols);
	for (size_t i = 0; i < q->n_groups; i++)
		for (size_t k = 0; k < q->groups[i].n; k++) {
			const char *t = q->groups[i].terms[k];
			if (!searchable(t))
				continue;
			if (any)
				buf_puts(out, " OR ");
			tokenizer_quote(out, t, strlen(t));
			any = 1;
		}
	if (!any) {
		buf_truncate(out, start);
		return;
	}
	if (cols)
		buf_putc(out, ')');
}
