/* arena: blocks are aligned, kept apart, and keep their contents through
 * realloc, in place or moved; blocks larger than any chunk work too. The
 * sanitizer build runs this under ASan, which sees any write past a chunk. */
#include <stdalign.h>
#include <stdint.h>
#include <string.h>

#include "arena.h"
#include "../harness.h"

static int aligned(const void *p)
{
	return (uintptr_t)p % alignof(max_align_t) == 0;
}

static void test_blocks_apart(void)
{
	arena *a = arena_new();
	unsigned char *b[2000];
	int ok = 1;
	for (int i = 0; i < 2000; i++) {
		size_t n = 1 + (size_t)(i * 37 % 300);
		b[i] = arena_alloc(a, n);
		ok &= aligned(b[i]);
		memset(b[i], i & 0xff, n);
	}
	OK(ok, "a block is not aligned");
	for (int i = 0; i < 2000; i++) {
		size_t n = 1 + (size_t)(i * 37 % 300);
		for (size_t k = 0; k < n; k++)
			ok &= b[i][k] == (i & 0xff);
	}
	OK(ok, "blocks overlap");
	arena_free(a);
}

static void test_realloc(void)
{
	arena *a = arena_new();
	char *s = arena_realloc(a, NULL, 5);
	memcpy(s, "还款", 5);
	char *t = arena_realloc(a, s, 64);
	OK(t == s, "the last block should grow in place");
	OK(!memcmp(t, "还款", 5), "contents lost growing in place");
	char *other = arena_alloc(a, 8);
	char *u = arena_realloc(a, t, 4096);
	OK(u != t && u != other, "a block that is not the last must move");
	OK(!memcmp(u, "还款", 5), "contents lost moving");
	OK(arena_realloc(a, u, 10) == u, "shrinking keeps the block");
	/* far past the largest chunk, and grown again past a chunk's end */
	char *big = arena_alloc(a, 3 * 1024 * 1024);
	memset(big, 'x', 3 * 1024 * 1024);
	char *bigger = arena_realloc(a, big, 5 * 1024 * 1024);
	OK(bigger[0] == 'x' && bigger[3 * 1024 * 1024 - 1] == 'x', "big block lost");
	memset(bigger, 'y', 5 * 1024 * 1024);
	OK(aligned(big) && aligned(bigger) && aligned(other), "unaligned block");
	arena_free(a);
	arena_free(NULL);
}

int main(void)
{
	test_blocks_apart();
	test_realloc();
	return harness_done();
}
