/* arena — a region allocator: many small blocks, freed all at once.
 *
 * Blocks are carved from a few large chunks taken from malloc; arena_free()
 * gives back every chunk, and with them every block. There is no freeing of
 * a single block. The markdown module uses one arena per document for the
 * cmark tree, so a page's thousands of nodes and strings cost a handful of
 * mallocs, not thousands of mallocs and frees.
 *
 * An arena is not locked: one thread uses it at a time.
 */
#ifndef MINGBAI_ARENA_H
#define MINGBAI_ARENA_H

#include <stddef.h>

typedef struct arena arena;

arena *arena_new(void);
/* Free every block and the arena; NULL is allowed. */
void arena_free(arena *a);

/* n bytes aligned for any type, uninitialised. Never NULL (out of memory
 * aborts, as everywhere in Mingbai). */
void *arena_alloc(arena *a, size_t n);
/* As realloc: p is NULL or a block of this arena; the block's contents are
 * kept. The most recent block grows in place when its chunk has room. */
void *arena_realloc(arena *a, void *p, size_t n);

#endif
