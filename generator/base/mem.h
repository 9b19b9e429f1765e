/* mem — allocation for both programs.
 *
 * The policy, chosen once: running out of memory is not an error a caller
 * handles; these functions print a message and abort, as cmark's allocator
 * does. Everything they return is freed with free().
 *
 * GROW is the one way to grow an array by hand (git's ALLOC_GROW):
 *
 *	GROW(list, n + 1, cap);
 *	list[n++] = item;
 *
 * makes room for at least n + 1 elements in list, whose capacity is the
 * size_t cap; list may start NULL with cap 0. Growth is geometric (1.5x,
 * at least 16 elements), so appending is amortised O(1).
 */
#ifndef MINGBAI_MEM_H
#define MINGBAI_MEM_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t n);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
_Noreturn void mem_die(const char *why);

/* realloc for count elements of size bytes; aborts on overflow too. */
void *xreallocarray(void *p, size_t count, size_t size);
/* The capacity GROW moves to: at least need, and 1.5x cap + 16. */
size_t mem_grow_cap(size_t cap, size_t need);

#define GROW(ptr, n, cap)                                                     \
	do {                                                                  \
		if ((size_t)(n) > (cap)) {                                    \
			(cap) = mem_grow_cap((cap), (size_t)(n));             \
			(ptr) = xreallocarray((ptr), (cap), sizeof *(ptr));   \
		}                                                             \
	} while (0)

#endif
