#include "escape.h"

#include <stdint.h>
#include <string.h>

void escape_html(buf *out, const char *s, size_t n)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		const char *rep;
		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		case '\'': rep = "&#39;"; break;
		default: continue;
		}
		buf_put(out, s + start, i - start);
		buf_puts(out, rep);
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

/* Nonzero when one of the eight bytes of w needs escaping in JSON: below
 * 0x20, '"' or '\\' (the has-less-than and has-zero-byte word tricks). */
static uint64_t json_special(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101ull, high = 0x8080808080808080ull;
	uint64_t q = w ^ (ones * '"'), b = w ^ (ones * '\\');
	uint64_t control = (w - ones * 0x20) & ~w & high;
	uint64_t quote = (q - ones) & ~q & high;
	uint64_t backslash = (b - ones) & ~b & high;
	return control | quote | backslash;
}

void escape_json(buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		/* search.json is mostly Chinese text with nothing to escape:
		 * skip it eight bytes at a time */
		uint64_t w;
		while (i + 8 <= n && (memcpy(&w, s + i, 8), !json_special(w)))
			i += 8;
		if (i >= n)
			break;
		unsigned char c = (unsigned char)s[i];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		buf_put(out, s + start, i - start);
		switch (c) {
		case '"': buf_puts(out, "\\\""); break;
		case '\\': buf_puts(out, "\\\\"); break;
		case '\n': buf_puts(out, "\\n"); break;
		case '\t': buf_puts(out, "\\t"); break;
		case '\r': buf_puts(out, "\\r"); break;
		default: {
			char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
			buf_put(out, e, 6);
		}
		}
		start = i + 1;
	}
	buf_put(out, s + start, n - start);
}

static int unreserved(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	       c == '~';
}

static int kept(unsigned char c, url_keep keep)
{
	switch (keep) {
	case URL_KEEP_SLASH:
		return unreserved(c) || c == '/';
	case URL_KEEP_ASCII:
		return c > ' ' && c < 0x7f && c != '"' && c != '<' && c != '>';
	default:
		return unreserved(c);
	}
}

void escape_url(buf *out, const char *s, size_t n, url_keep keep)
{
	static const char hex[] = "0123456789ABCDEF";
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (kept(c, keep)) {
			buf_putc(out, (char)c);
		} else {
			char e[3] = {'%', hex[c >> 4], hex[c & 15]};
			buf_put(out, e, 3);
		}
	}
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int unescape_url(buf *out, const char *s, size_t n, int form)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return -1;
			int hi = hexval(s[i + 1]), lo = hexval(s[i + 2]);
			if (hi < 0 || lo < 0)
				return -1;
			buf_putc(out, (char)(hi * 16 + lo));
			i += 2;
		} else if (form && c == '+') {
			buf_putc(out, ' ');
		} else {
			buf_putc(out, c);
		}
	}
	return 0;
}
