/* buf — the one growable byte buffer, and the slice that points into text.
 *
 * A buf owns its memory. ptr is never NULL (an empty buf points at a shared
 * static ""), the contents are always NUL-terminated, and it grows by 1.5x.
 * buf_free() releases the memory; buf_detach() hands it to the caller, who
 * must free() it. buf_reset() keeps the memory for reuse (hot loops);
 * buf_reset_trim() also gives it back when it grew past a limit.
 *
 * A slice owns nothing: it is valid as long as the text it points into.
 *
 * Out of memory aborts (see mem.h), so no function here returns an error.
 */
#ifndef MINGBAI_BUF_H
#define MINGBAI_BUF_H

#include <stdarg.h>
#include <stddef.h>

typedef struct buf {
	char *ptr;
	size_t len;
	size_t cap; /* 0 while ptr points at the static "" */
} buf;

typedef struct slice {
	const char *ptr;
	size_t len;
} slice;

extern char buf__empty[1];
#define BUF_INIT {buf__empty, 0, 0}

void buf_init(buf *b);
void buf_free(buf *b);
/* Make room for at least extra more bytes (plus the NUL). */
void buf_grow(buf *b, size_t extra);
void buf_put(buf *b, const void *p, size_t n);
void buf_puts(buf *b, const char *s);
void buf_putc(buf *b, char c);
void buf_put_slice(buf *b, slice s);
void buf_printf(buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_vprintf(buf *b, const char *fmt, va_list ap);
void buf_truncate(buf *b, size_t len);
void buf_reset(buf *b);
void buf_reset_trim(buf *b, size_t keep);
/* The caller owns the returned string (free()); b is left empty. */
char *buf_detach(buf *b);

slice slice_from(const char *s);
slice slice_of(const char *p, size_t n);
int slice_eq(slice s, const char *lit);
int slice_starts(slice s, const char *lit);
slice slice_trim(slice s); /* ASCII white space at both ends */
/* A new NUL-terminated copy; the caller frees it. */
char *slice_dup(slice s);

#endif
