#include "buf.h"

#include <stdio.h>
#include <string.h>

#include "mem.h"

char buf__empty[1];

void buf_init(buf *b)
{
	b->ptr = buf__empty;
	b->len = 0;
	b->cap = 0;
}

void buf_free(buf *b)
{
	if (b->cap)
		free(b->ptr);
	buf_init(b);
}

void buf_grow(buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	if (need < b->len)
		mem_die("buffer size overflow");
	if (need <= b->cap)
		return;
	size_t cap = b->cap ? b->cap + b->cap / 2 : 64;
	if (cap < need)
		cap = need;
	if (b->cap) {
		b->ptr = xrealloc(b->ptr, cap);
	} else {
		b->ptr = xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void buf_put(buf *b, const void *p, size_t n)
{
	if (!n)
		return;
	buf_grow(b, n);
	memmove(b->ptr + b->len, p, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void buf_puts(buf *b, const char *s) { buf_put(b, s, strlen(s)); }

void buf_putc(buf *b, char c)
{
	buf_grow(b, 1);
	b->ptr[b->len++] = c;
	b->ptr[b->len] = '\0';
}

void buf_put_slice(buf *b, slice s) { buf_put(b, s.ptr, s.len); }

void buf_vprintf(buf *b, const char *fmt, va_list ap)
{
	va_list again;
	va_copy(again, ap);
	int n = vsnprintf(NULL, 0, fmt, ap);
	if (n < 0)
		mem_die("bad format string");
	buf_grow(b, (size_t)n);
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, again);
	va_end(again);
	b->len += (size_t)n;
}

void buf_printf(buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(b, fmt, ap);
	va_end(ap);
}

void buf_truncate(buf *b, size_t len)
{
	if (len < b->len) {
		b->len = len;
		b->ptr[len] = '\0';
	}
}

void buf_reset(buf *b) { buf_truncate(b, 0); }

void buf_reset_trim(buf *b, size_t keep)
{
	if (b->cap > keep)
		buf_free(b);
	else
		buf_reset(b);
}

char *buf_detach(buf *b)
{
	char *p = b->cap ? b->ptr : xstrdup("");
	buf_init(b);
	return p;
}

slice slice_from(const char *s)
{
	slice r = {s, s ? strlen(s) : 0};
	return r;
}

slice slice_of(const char *p, size_t n)
{
	slice r = {p, n};
	return r;
}

int slice_eq(slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len == n && memcmp(s.ptr, lit, n) == 0;
}

int slice_starts(slice s, const char *lit)
{
	size_t n = strlen(lit);
	return s.len >= n && memcmp(s.ptr, lit, n) == 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

slice slice_trim(slice s)
{
	while (s.len && is_space(s.ptr[0])) {
		s.ptr++;
		s.len--;
	}
	while (s.len && is_space(s.ptr[s.len - 1]))
		s.len--;
	return s;
}

char *slice_dup(slice s)
{
	char *p = xmalloc(s.len + 1);
	if (s.len)
		memcpy(p, s.ptr, s.len);
	p[s.len] = '\0';
	return p;
}
