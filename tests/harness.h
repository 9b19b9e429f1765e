/* harness — the whole unit-test framework: OK and EQ macros and a summary.
 *
 * Each test program calls its checks, then returns harness_done(), which
 * prints "N passed, N failed" and gives the exit status. tests/run.sh adds
 * up those lines across every program.
 */
#ifndef MINGBAI_HARNESS_H
#define MINGBAI_HARNESS_H

#include <stdio.h>
#include <string.h>

static int harness_passed, harness_failed;

#define OK(cond, ...)                                                         \
	do {                                                                  \
		if (cond) {                                                   \
			harness_passed++;                                     \
		} else {                                                      \
			harness_failed++;                                     \
			fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__,         \
				__LINE__, #cond);                             \
			fprintf(stderr, __VA_ARGS__);                         \
			fputc('\n', stderr);                                  \
		}                                                             \
	} while (0)

#define EQ_STR(got, want)                                                     \
	do {                                                                  \
		const char *g_ = (got), *w_ = (want);                         \
		OK(g_ && w_ && strcmp(g_, w_) == 0, "got \"%s\", want \"%s\"", \
		   g_ ? g_ : "(null)", w_ ? w_ : "(null)");                   \
	} while (0)

#define EQ_INT(got, want)                                                     \
	do {                                                                  \
		long long g_ = (long long)(got), w_ = (long long)(want);      \
		OK(g_ == w_, "got %lld, want %lld", g_, w_);                  \
	} while (0)

static inline int harness_done(void)
{
	printf("%d passed, %d failed\n", harness_passed, harness_failed);
	return harness_failed ? 1 : 0;
}

#endif
