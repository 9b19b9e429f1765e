#include "utf8.h"

#include <string.h>

int utf8_decode(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	*cp = 0xFFFD;
	if (n == 0)
		return -1;
	unsigned c = p[0];
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	int len;
	uint32_t v, min;
	if ((c & 0xE0) == 0xC0) {
		len = 2;
		v = c & 0x1F;
		min = 0x80;
	} else if ((c & 0xF0) == 0xE0) {
		len = 3;
		v = c & 0x0F;
		min = 0x800;
	} else if ((c & 0xF8) == 0xF0) {
		len = 4;
		v = c & 0x07;
		min = 0x10000;
	} else {
		return -1;
	}
	if (n < (size_t)len)
		return -1;
	for (int i = 1; i < len; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return -1;
		v = (v << 6) | (p[i] & 0x3F);
	}
	if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
		return -1;
	*cp = v;
	return len;
}

int utf8_encode(uint32_t cp, char *out)
{
	unsigned char *o = (unsigned char *)out;
	if (cp < 0x80) {
		o[0] = (unsigned char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (unsigned char)(0xC0 | (cp >> 6));
		o[1] = (unsigned char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp >= 0xD800 && cp <= 0xDFFF)
		return 0;
	if (cp < 0x10000) {
		o[0] = (unsigned char)(0xE0 | (cp >> 12));
		o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (unsigned char)(0x80 | (cp & 0x3F));
		return 3;
	}
	if (cp <= 0x10FFFF) {
		o[0] = (unsigned char)(0xF0 | (cp >> 18));
		o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
		o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
		o[3] = (unsigned char)(0x80 | (cp & 0x3F));
		return 4;
	}
	return 0;
}

/* A valid three-byte sequence (U+0800..U+FFFF, no surrogates) at p + i. */
static inline int three_bytes(const unsigned char *p, size_t i, size_t n)
{
	return i + 2 < n && (p[i] & 0xF0) == 0xE0 && !((p[i + 1] ^ 0x80) & 0xC0) &&
	       !((p[i + 2] ^ 0x80) & 0xC0) &&
	       !(p[i] == 0xE0 && p[i + 1] < 0xA0) && /* overlong */
	       !(p[i] == 0xED && p[i + 1] >= 0xA0);  /* a surrogate */
}

/* Content is read through here whole, so the common cases are inline: runs
 * of ASCII eight bytes at a time, and the three-byte sequences of Chinese
 * text; anything else goes through utf8_decode. */
int utf8_valid(const char *s, size_t n, size_t *bad)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		uint64_t w;
		if (i + 8 <= n && (memcpy(&w, p + i, 8), !(w & 0x8080808080808080ull))) {
			i += 8;
			continue;
		}
		unsigned c = p[i];
		if (c < 0x80) {
			i++;
			continue;
		}
		if (three_bytes(p, i, n)) {
			do /* a run of Chinese: stay here while it lasts */
				i += 3;
			while (three_bytes(p, i, n));
			continue;
		}
		uint32_t cp;
		int len = utf8_decode(s + i, n - i, &cp);
		if (len < 0) {
			if (bad)
				*bad = i;
			return 0;
		}
		i += (size_t)len;
	}
	return 1;
}

size_t utf8_count(const char *p, size_t n)
{
	size_t i = 0, count = 0;
	while (i < n) {
		uint32_t cp;
		int len = utf8_decode(p + i, n - i, &cp);
		i += len > 0 ? (size_t)len : 1;
		count++;
	}
	return count;
}

size_t utf8_prefix(const char *p, size_t n, size_t max_chars)
{
	size_t i = 0, count = 0;
	while (i < n && count < max_chars) {
		uint32_t cp;
		int len = utf8_decode(p + i, n - i, &cp);
		i += len > 0 ? (size_t)len : 1;
		count++;
	}
	return i;
}

size_t utf8_back(const char *p, size_t at, size_t floor)
{
	size_t k = at - 1;
	while (k > floor && ((unsigned char)p[k] & 0xC0) == 0x80)
		k--;
	return k;
}

int utf8_is_han(uint32_t cp)
{
	return (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
	       (cp >= 0x20000 && cp <= 0x2EBEF) ||
	       (cp >= 0xF900 && cp <= 0xFAFF) || (cp >= 0x30000 && cp <= 0x3134F);
}
