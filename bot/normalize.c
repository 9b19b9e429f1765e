#include "normalize.h"

#include <opencc.h>
#include <string.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "i18n.h"
#include "mem.h"
#include "utf8.h"

struct normalizer {
	const UNormalizer2 *nfkc;
	opencc_t t2s;
	UChar *u16, *tmp; /* scratch, reused */
	size_t cap;
	buf utf8;
};

normalizer *normalizer_new(buf *err)
{
	UErrorCode st = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&st);
	if (U_FAILURE(st)) {
		buf_printf(err, _("ICU NFKC normalizer: %s"), u_errorName(st));
		return NULL;
	}
	opencc_t t2s = opencc_open("t2s.json");
	if (t2s == (opencc_t)-1) {
		buf_printf(err, _("OpenCC t2s.json: %s (is the opencc package installed?)"),
			   opencc_error());
		return NULL;
	}
	normalizer *n = xcalloc(1, sizeof *n);
	n->nfkc = nfkc;
	n->t2s = t2s;
	buf_init(&n->utf8);
	return n;
}

void normalizer_free(normalizer *n)
{
	if (!n)
		return;
	opencc_close(n->t2s);
	free(n->u16);
	free(n->tmp);
	buf_free(&n->utf8);
	free(n);
}

static void reserve(normalizer *n, size_t units)
{
	if (units <= n->cap)
		return;
	n->cap = units + units / 2 + 64;
	n->u16 = xrealloc(n->u16, n->cap * sizeof(UChar));
	n->tmp = xrealloc(n->tmp, n->cap * sizeof(UChar));
}

/* True when every byte is printable ASCII already in lower case: nothing
 * for ICU or OpenCC to do (numbers, hotline digits, most of "LPR"-free text). */
static int plain_ascii(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x80 || (c >= 'A' && c <= 'Z'))
			return 0;
	}
	return 1;
}

int normalize(normalizer *n, const char *text, size_t len, buf *out)
{
	if (!utf8_valid(text, len, NULL))
		return -1;
	if (plain_ascii(text, len)) {
		buf_put(out, text, len);
		return 0;
	}
	/* UTF-16 takes at most one unit per UTF-8 byte; NFKC may expand. */
	reserve(n, len * 3 + 16);
	UErrorCode st = U_ZERO_ERROR;
	int32_t u16len;
	u_strFromUTF8(n->u16, (int32_t)n->cap, &u16len, text, (int32_t)len, &st);
	if (U_FAILURE(st))
		return -1;
	int32_t nlen = unorm2_normalize(n->nfkc, n->u16, u16len, n->tmp,
					(int32_t)n->cap, &st);
	if (U_FAILURE(st))
		return -1;
	int32_t llen = u_strToLower(n->u16, (int32_t)n->cap, n->tmp, nlen, "", &st);
	if (U_FAILURE(st))
		return -1;
	int32_t blen;
	buf_reset(&n->utf8);
	buf_grow(&n->utf8, (size_t)llen * 3 + 1);
	u_strToUTF8(n->utf8.ptr, (int32_t)n->utf8.cap, &blen, n->u16, llen, &st);
	if (U_FAILURE(st))
		return -1;
	n->utf8.len = (size_t)blen;
	n->utf8.ptr[blen] = '\0';
	char *s = opencc_convert_utf8(n->t2s, n->utf8.ptr, n->utf8.len);
	if (!s) {
		buf_put(out, n->utf8.ptr, n->utf8.len);
		return 0;
	}
	buf_puts(out, s);
	opencc_convert_utf8_free(s);
	return 0;
}
