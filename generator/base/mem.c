#include "mem.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

_Noreturn void mem_die(const char *why)
{
	fprintf(stderr, "fatal: %s\n", why);
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		mem_die("out of memory");
	return p;
}

void *xcalloc(size_t count, size_t size)
{
	void *p = calloc(count ? count : 1, size ? size : 1);
	if (!p)
		mem_die("out of memory");
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		mem_die("out of memory");
	return p;
}

void *xreallocarray(void *p, size_t count, size_t size)
{
	if (size && count > SIZE_MAX / size)
		mem_die("out of memory (array too large)");
	return xrealloc(p, count * size);
}

size_t mem_grow_cap(size_t cap, size_t need)
{
	size_t next = cap > (SIZE_MAX - 16) / 3 * 2 ? SIZE_MAX : cap + cap / 2 + 16;
	return next < need ? need : next;
}

char *xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);
	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *xstrdup(const char *s) { return xstrndup(s, strlen(s)); }
