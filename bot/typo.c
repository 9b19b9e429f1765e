#include "typo.h"

#include <string.h>
#include <unicode/ubrk.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "i18n.h"
#include "mem.h"
#include "utf8.h"

struct typo {
	sqlite3_stmt *sound_of; /* character → pinyin */
	sqlite3_stmt *pairs;    /* pinyin of a pair → known pairs, commonest first */
	UBreakIterator *words;  /* ICU's dictionary, to tell a word from a chance pair */
	buf key;
	buf probe; /* a corrected character with its other neighbour */
};

/* Toneless pinyin of each character of a UTF-16 string of CJK characters
 * separated by spaces, back as UTF-8 words separated by spaces. */
static int translit(UTransliterator *tr, UChar *u, int32_t len, int32_t cap, buf *out)
{
	UErrorCode st = U_ZERO_ERROR;
	int32_t limit = len;
	utrans_transUChars(tr, u, &len, cap, 0, &limit, &st);
	if (U_FAILURE(st))
		return -1;
	int32_t n;
	buf_reset(out);
	buf_grow(out, (size_t)len * 3 + 1);
	u_strToUTF8(out->ptr, (int32_t)out->cap, &n, u, len, &st);
	if (U_FAILURE(st))
		return -1;
	out->len = (size_t)n;
	out->ptr[n] = '\0';
	return 0;
}

/* Polyphones whose other reading the loan's words use, which ICU's one
 * reading misses: 还 is hai to ICU but huan in 还款 (so 环款 is a typo of
 * it), 行 is xing but hang in 银行, 长 zhang but chang in 长期. */
static const char *const polyphones[][2] = {
	{"还", "huan"}, {"行", "hang"}, {"长", "chang"}, {"重", "chong"}, {"调", "tiao"},
};

/* File every known pair holding a polyphone under its other reading too. */
static int other_readings(sqlite3 *db, buf *err)
{
	sqlite3_stmt *first = NULL, *second = NULL;
	int rc = -1;
	if (sqlite3_prepare_v2(db, "INSERT INTO sound SELECT ?2 || ' ' || b.py, df.term, df.n"
			       " FROM df JOIN charsound b ON b.ch = substr(df.term, 2, 1)"
			       " WHERE length(df.term) = 2 AND substr(df.term, 1, 1) = ?1",
			       -1, &first, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT INTO sound SELECT a.py || ' ' || ?2, df.term, df.n"
			       " FROM df JOIN charsound a ON a.ch = substr(df.term, 1, 1)"
			       " WHERE length(df.term) = 2 AND substr(df.term, 2, 1) = ?1",
			       -1, &second, NULL) != SQLITE_OK) {
		buf_printf(err, "%s", sqlite3_errmsg(db));
		goto done;
	}
	for (size_t i = 0; i < sizeof polyphones / sizeof *polyphones; i++) {
		sqlite3_stmt *st[2] = {first, second};
		for (int k = 0; k < 2; k++) {
			sqlite3_bind_text(st[k], 1, polyphones[i][0], -1, SQLITE_STATIC);
			sqlite3_bind_text(st[k], 2, polyphones[i][1], -1, SQLITE_STATIC);
			int done = sqlite3_step(st[k]);
			sqlite3_reset(st[k]);
			if (done != SQLITE_DONE) {
				buf_printf(err, "%s", sqlite3_errmsg(db));
				goto done;
			}
		}
	}
	rc = 0;
done:
	sqlite3_finalize(first);
	sqlite3_finalize(second);
	return rc;
}

int typo_build(sqlite3 *db, buf *err)
{
	UErrorCode st = U_ZERO_ERROR;
	UChar id[] = u"Han-Latin; Latin-ASCII; Lower";
	UTransliterator *tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &st);
	sqlite3_stmt *ins = NULL;
	buf py = BUF_INIT;
	int rc = -1;
	if (U_FAILURE(st)) {
		buf_printf(err, _("ICU Han-Latin transliterator: %s"), u_errorName(st));
		return -1;
	}
	char *msg = NULL;
	if (sqlite3_exec(db, "CREATE TABLE charsound(ch TEXT PRIMARY KEY, py TEXT NOT NULL)"
			     " WITHOUT ROWID;", NULL, NULL, &msg) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO charsound VALUES (?1, ?2)", -1, &ins,
			       NULL) != SQLITE_OK) {
		buf_printf(err, "%s", msg ? msg : sqlite3_errmsg(db));
		goto done;
	}
	/* the CJK Unified Ideographs block, a chunk at a time: one call per
	 * chunk is much faster than one per character */
	enum { CHUNK = 512 };
	UChar u[CHUNK * 16];
	for (uint32_t base = 0x4E00; base <= 0x9FFF; base += CHUNK) {
		int32_t len = 0;
		for (uint32_t cp = base; cp < base + CHUNK && cp <= 0x9FFF; cp++) {
			u[len++] = (UChar)cp;
			u[len++] = ' ';
		}
		if (translit(tr, u, len, (int32_t)(sizeof u / sizeof *u), &py) < 0) {
			buf_puts(err, _("ICU Han-Latin failed"));
			goto done;
		}
		/* one word per character, in order; a character ICU leaves as
		 * it is (no reading) is skipped */
		uint32_t cp = base;
		for (char *w = strtok(py.ptr, " "); w && cp <= 0x9FFF && cp < base + CHUNK;
		     w = strtok(NULL, " "), cp++) {
			if ((unsigned char)*w >= 0x80)
				continue;
			char ch[5];
			int l = utf8_encode(cp, ch);
			sqlite3_bind_text(ins, 1, ch, l, SQLITE_TRANSIENT);
			sqlite3_bind_text(ins, 2, w, -1, SQLITE_TRANSIENT);
			sqlite3_step(ins);
			sqlite3_reset(ins);
		}
	}
	/* every known pair of Han characters under the pinyin of its two */
	if (sqlite3_exec(db,
			 "CREATE TABLE sound(key TEXT NOT NULL, pair TEXT NOT NULL, n INTEGER);"
			 "INSERT INTO sound SELECT a.py || ' ' || b.py, df.term, df.n FROM df"
			 " JOIN charsound a ON a.ch = substr(df.term, 1, 1)"
			 " JOIN charsound b ON b.ch = substr(df.term, 2, 1)"
			 " WHERE length(df.term) = 2;"
			 "CREATE INDEX sound_key ON sound(key, n DESC);",
			 NULL, NULL, &msg) != SQLITE_OK) {
		buf_printf(err, "%s", msg ? msg : sqlite3_errmsg(db));
		goto done;
	}
	if (other_readings(db, err) < 0)
		goto done;
	rc = 0;
done:
	sqlite3_free(msg);
	sqlite3_finalize(ins);
	utrans_close(tr);
	buf_free(&py);
	return rc;
}

typo *typo_open(sqlite3 *db)
{
	typo *t = xcalloc(1, sizeof *t);
	buf_init(&t->key);
	UErrorCode st = U_ZERO_ERROR;
	buf_init(&t->probe);
	t->words = ubrk_open(UBRK_WORD, "zh", NULL, 0, &st);
	if (U_FAILURE(st) ||
	    sqlite3_prepare_v3(db, "SELECT py FROM charsound WHERE ch = ?1", -1,
			       SQLITE_PREPARE_PERSISTENT, &t->sound_of, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v3(db, "SELECT pair FROM sound WHERE key = ?1 AND n >= 3"
			       " ORDER BY n DESC LIMIT 8", -1, SQLITE_PREPARE_PERSISTENT, &t->pairs,
			       NULL) != SQLITE_OK) {
		typo_close(t);
		return NULL;
	}
	return t;
}

void typo_close(typo *t)
{
	if (!t)
		return;
	sqlite3_finalize(t->sound_of);
	sqlite3_finalize(t->pairs);
	if (t->words)
		ubrk_close(t->words);
	buf_free(&t->key);
	buf_free(&t->probe);
	free(t);
}

static int sound(typo *t, const char *ch, int len)
{
	sqlite3_bind_text(t->sound_of, 1, ch, len, SQLITE_STATIC);
	int ok = sqlite3_step(t->sound_of) == SQLITE_ROW;
	if (ok)
		buf_puts(&t->key, (const char *)sqlite3_column_text(t->sound_of, 0));
	sqlite3_reset(t->sound_of);
	return ok;
}

/* Chinese numerals (and 几, "how many") are not misspellings: 两万 is not
 * 两完, 几点 is not 基点. */
static int numeral(const char *ch, size_t len)
{
	static const char digits[] = "零一二三四五六七八九十百千万亿两几";
	return memmem(digits, sizeof digits - 1, ch, len) != NULL;
}

/* Does ICU's dictionary read the pair at s as one word? */
static int dictionary_word(typo *t, const char *s, size_t len)
{
	UChar u[8];
	int32_t n = 0;
	UErrorCode st = U_ZERO_ERROR;
	u_strFromUTF8(u, 8, &n, s, (int32_t)len, &st);
	if (U_FAILURE(st))
		return 0;
	ubrk_setText(t->words, u, n, &st);
	int yes = U_SUCCESS(st) && ubrk_first(t->words) == 0 && ubrk_next(t->words) == n;
	ubrk_setText(t->words, NULL, 0, &st); /* u is going out of scope */
	return yes;
}

/* Is the pair at s a word of the index? One entry is evidence only if the
 * dictionary agrees: there a pair may straddle two words (省份正在 holds
 * 份正, which would keep 身份正 from being read as 身份证), while 博士 in
 * one entry is still a word. */
static int seen(typo *t, const vocab *v, const char *s, size_t len)
{
	unsigned df = vocab_df(v, s, len);
	return df >= 2 || (df == 1 && dictionary_word(t, s, len));
}

/* Does the character p[0, n), replacing text[a, c), make a pair the pages
 * hold with its other neighbour, text[l, a) on the left or text[c, d) on
 * the right (none: it does)? A pair of the pages may straddle two of their
 * words: 贷款没到账 holds 款没, yet 贷款每月 is not 贷款没月, whose 没月 they
 * never say, and 不注销 is not 不注校 for 关注校园. The pair must be seen
 * (below) as a pair to correct to is: 起止时间 is not 起执时间 for the one
 * entry that holds 执时. */
static int fits_neighbour(typo *t, const vocab *v, const buf *text, const char *p, size_t n,
			  size_t l, size_t a, size_t c, size_t d)
{
	if (l == a && c == d)
		return 1;
	buf_reset(&t->probe);
	buf_put(&t->probe, text->ptr + l, a - l);
	buf_put(&t->probe, p, n);
	buf_put(&t->probe, text->ptr + c, d - c);
	return seen(t, v, t->probe.ptr, t->probe.len);
}

/* Do the pages say the pair p[0, n) at least half as often as they say
 * the pair k[0, kn) that leads into it (身份 → 份证: nearly always), and
 * that one often enough to tell? 贷款 → 款没 (贷款没到账) is rare among the
 * pages' 贷款, and no reason to read 贷款每月 as 贷款没月. The leading pair
 * must be a word: a chance pair (的起 of 的起止时间) is rarer than any
 * common pair, which would then "follow" it (起执 of 起执行). */
static int follows(typo *t, const vocab *v, const char *p, size_t n, const char *k, size_t kn)
{
	unsigned lead = vocab_df(v, k, kn);
	return lead >= 3 && vocab_df(v, p, n) * 2 >= lead && dictionary_word(t, k, kn);
}

/* The known pair sounding like text[a, c) (characters [a, b) and [b, c))
 * that keeps one of its characters and replaces one the caller allows,
 * where the new character also pairs with its other neighbour (the
 * character [l, a) before, or [c, d) after; l == a, d == c: none); it is
 * written over the text. A pair in fewer than three entries is no evidence
 * (在哪填 would make 哪天 a typo). */
static int fix_pair(typo *t, const vocab *v, buf *text, size_t l, size_t a, size_t b, size_t c,
		    size_t d, int first_ok, int second_ok)
{
	if (numeral(text->ptr + a, b - a) || numeral(text->ptr + b, c - b))
		return 0;
	buf_reset(&t->key);
	if (!sound(t, text->ptr + a, (int)(b - a)))
		return 0;
	buf_putc(&t->key, ' ');
	if (!sound(t, text->ptr + b, (int)(c - b)))
		return 0;
	int fixed = 0;
	sqlite3_bind_text(t->pairs, 1, t->key.ptr, (int)t->key.len, SQLITE_STATIC);
	while (!fixed && sqlite3_step(t->pairs) == SQLITE_ROW) {
		const char *p = (const char *)sqlite3_column_text(t->pairs, 0);
		size_t n = (size_t)sqlite3_column_bytes(t->pairs, 0);
		uint32_t cp;
		int l1 = p ? utf8_decode(p, n, &cp) : -1;
		if (l1 <= 0 || n - (size_t)l1 != c - b || (size_t)l1 != b - a)
			continue; /* same byte lengths only: written in place */
		int same1 = !memcmp(p, text->ptr + a, b - a);
		int same2 = !memcmp(p + l1, text->ptr + b, c - b);
		/* the new character pairs with its other neighbour as the
		 * pages have it, or the pair it makes follows from the
		 * kept character's own pair */
		if ((same2 && !same1 && first_ok &&
		     (fits_neighbour(t, v, text, p, (size_t)l1, l, a, b, b) ||
		      (d > c && follows(t, v, p, n, text->ptr + b, d - b)))) ||
		    (same1 && !same2 && second_ok &&
		     (fits_neighbour(t, v, text, p + l1, n - (size_t)l1, b, b, c, d) ||
		      (l < a && follows(t, v, p, n, text->ptr + l, b - l))))) {
			memcpy(text->ptr + a, p, c - a);
			fixed = 1;
		}
	}
	sqlite3_reset(t->pairs);
	return fixed;
}

/* A character is replaced only when no pair it makes is known: in 要带吗
 * the pair 带吗 is unknown but 要带 is not, so 带 stays (and is not read
 * as 贷). */
int typo_fix(typo *t, const vocab *v, buf *text)
{
	int fixed = 0;
	size_t pos[3] = {0}; /* starts of the last three Han characters */
	int n = 0;           /* how many of them are in this run */
	for (size_t i = 0; i <= text->len;) {
		uint32_t cp = 0;
		int l = i < text->len ? utf8_decode(text->ptr + i, text->len - i, &cp) : 1;
		int han = l > 0 && i < text->len && utf8_is_han(cp);
		size_t next = i + (size_t)(l > 0 ? l : 1);
		/* the pair of the run's last two characters, pos[n-2] and pos[n-1],
		 * is judged once the character after it is known */
		if (n >= 2) {
			size_t a = pos[n - 2], b = pos[n - 1], c = i;
			int unknown = !seen(t, v, text->ptr + a, c - a);
			int left_ok = n < 3 || !seen(t, v, text->ptr + pos[0], b - pos[0]);
			int right_ok = !han || !seen(t, v, text->ptr + b, next - b);
			size_t l = n >= 3 ? pos[0] : a, d = han ? next : c;
			if (unknown && fix_pair(t, v, text, l, a, b, c, d, left_ok, right_ok))
				fixed++;
		}
		if (!han) {
			n = 0;
		} else if (n < 3) {
			pos[n++] = i;
		} else {
			pos[0] = pos[1], pos[1] = pos[2], pos[2] = i;
		}
		i = next;
	}
	return fixed;
}
