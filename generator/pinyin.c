#include "pinyin.h"

#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utrans.h>
#include <unicode/uvernum.h>

#include "mem.h"
#include "utf8.h"

/* ICU renames its C functions by version (utrans_openU_72); the names and
 * the library's soname come from the headers sitegen was built with. */
#define STR2(x) #x
#define STR(x) STR2(x)
#define ICU_NAME(f) #f STR(U_ICU_VERSION_SUFFIX)
#define ICU_LIB "libicui18n.so." U_ICU_VERSION_SHORT

typedef UTransliterator *(*open_fn)(const UChar *, int32_t, UTransDirection,
				    const UChar *, int32_t, UParseError *,
				    UErrorCode *);
typedef void (*trans_fn)(const UTransliterator *, UChar *, int32_t *, int32_t,
			 int32_t, int32_t *, UErrorCode *);
typedef void (*close_fn)(UTransliterator *);

/* UTF-8 → UTF-16 into a new array (*n units), room for growth beyond. */
static UChar *to_utf16(const char *s, int32_t *n, int32_t *cap)
{
	size_t len = strlen(s);
	/* Han-Latin makes each character up to seven letters and a space */
	*cap = (int32_t)(len * 8 + 16);
	UChar *u = xcalloc((size_t)*cap, sizeof *u);
	int32_t k = 0;
	for (size_t i = 0; i < len;) {
		uint32_t cp;
		int l = utf8_decode(s + i, len - i, &cp);
		if (l <= 0) {
			i++;
			continue;
		}
		i += (size_t)l;
		if (cp >= 0x10000) {
			cp -= 0x10000;
			u[k++] = (UChar)(0xD800 + (cp >> 10));
			u[k++] = (UChar)(0xDC00 + (cp & 0x3FF));
		} else {
			u[k++] = (UChar)cp;
		}
	}
	*n = k;
	return u;
}

int pinyin_slug(const char *title, size_t max_len, buf *out)
{
	void *lib = dlopen(ICU_LIB, RTLD_NOW | RTLD_LOCAL);
	if (!lib)
		return -1;
	open_fn open = (open_fn)dlsym(lib, ICU_NAME(utrans_openU));
	trans_fn trans = (trans_fn)dlsym(lib, ICU_NAME(utrans_transUChars));
	close_fn close = (close_fn)dlsym(lib, ICU_NAME(utrans_close));
	int rc = -1;
	if (!open || !trans || !close)
		goto done;
	static const char id8[] = "Han-Latin; Latin-ASCII; Lower";
	UChar id[sizeof id8];
	for (size_t i = 0; i < sizeof id8; i++)
		id[i] = (UChar)id8[i];
	UErrorCode st = U_ZERO_ERROR;
	UParseError pe;
	UTransliterator *t = open(id, -1, UTRANS_FORWARD, NULL, 0, &pe, &st);
	if (U_FAILURE(st) || !t)
		goto done;
	int32_t n, cap;
	UChar *u = to_utf16(title, &n, &cap);
	int32_t limit = n;
	trans(t, u, &n, cap, 0, &limit, &st);
	close(t);
	if (U_FAILURE(st)) {
		free(u);
		goto done;
	}
	/* Letters and digits kept, everything else a single '-'; cut at
	 * the last '-' that fits. */
	size_t start = out->len, cut = 0;
	int full = 0;
	for (int32_t i = 0; i < n && !full; i++) {
		UChar c = u[i];
		int word = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
		if (c >= 'A' && c <= 'Z') {
			c = (UChar)(c - 'A' + 'a');
			word = 1;
		}
		if (word) {
			char prev = out->len > start ? out->ptr[out->len - 1] : '-';
			int digit = c <= '9', prev_digit = prev >= '0' && prev <= '9';
			/* "hao2026nian" reads as three words */
			if (prev != '-' && digit != prev_digit) {
				cut = out->len;
				buf_putc(out, '-');
			}
			if (out->len - start >= max_len)
				full = 1;
			else
				buf_putc(out, (char)c);
		} else if (out->len > start && out->ptr[out->len - 1] != '-') {
			cut = out->len;
			buf_putc(out, '-');
		}
	}
	if (full && cut)
		buf_truncate(out, cut);
	while (out->len > start && out->ptr[out->len - 1] == '-')
		buf_truncate(out, out->len - 1);
	free(u);
	rc = 0;
done:
	/* ICU stays loaded: it keeps its data caches for the process's life,
	 * and unloading it would orphan them (LeakSanitizer reports them). */
	(void)lib;
	return rc;
}
