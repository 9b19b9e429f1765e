#include "arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "mem.h"

/* Each block is preceded by its size, so realloc knows how much to copy;
 * the header keeps blocks aligned for max_align_t. */
typedef struct header {
	alignas(max_align_t) size_t size;
} header;

typedef struct chunk {
	struct chunk *next;
	size_t size, used;
	alignas(max_align_t) unsigned char data[];
} chunk;

struct arena {
	chunk *head; /* the chunk being filled; older ones follow */
	void *last;  /* the most recent block, which may grow in place */
};

/* A typical page needs a few hundred KB; chunks double from here. */
#define FIRST_CHUNK (64 * 1024)
#define MAX_CHUNK (1024 * 1024)

static size_t round_up(size_t n)
{
	size_t a = alignof(max_align_t);
	if (n > SIZE_MAX - sizeof(header) - a)
		mem_die("arena block too large");
	return (n + a - 1) & ~(a - 1);
}

arena *arena_new(void) { return xcalloc(1, sizeof(arena)); }

void arena_free(arena *a)
{
	if (!a)
		return;
	for (chunk *c = a->head, *next; c; c = next) {
		next = c->next;
		free(c);
	}
	free(a);
}

void *arena_alloc(arena *a, size_t n)
{
	size_t need = sizeof(header) + round_up(n);
	chunk *c = a->head;
	if (!c || c->size - c->used < need) {
		size_t size = c ? (c->size < MAX_CHUNK ? c->size * 2 : MAX_CHUNK)
				: FIRST_CHUNK;
		if (size < need)
			size = need;
		c = xmalloc(sizeof *c + size);
		c->size = size;
		c->used = 0;
		c->next = a->head;
		a->head = c;
	}
	header *h = (header *)(c->data + c->used);
	h->size = need - sizeof(header);
	c->used += need;
	a->last = h + 1;
	return a->last;
}

void *arena_realloc(arena *a, void *p, size_t n)
{
	if (!p)
		return arena_alloc(a, n);
	header *h = (header *)p - 1;
	if (n <= h->size)
		return p;
	size_t grow = round_up(n) - h->size;
	chunk *c = a->head;
	if (p == a->last && c->size - c->used >= grow) {
		c->used += grow;
		h->size += grow;
		return p;
	}
	void *q = arena_alloc(a, n);
	memcpy(q, p, h->size);
	return q;
}
