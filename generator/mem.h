/* mem — allocation for both programs.
 *
 * The policy, chosen once: running out of memory is not an error a caller
 * handles; these functions print a message and abort, as cmark's allocator
 * does. Everything they return is freed with free().
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

#endif
