/* diag — error and warning messages about input, as "path:line: message".
 *
 * A diag counts what it printed, so a run can report every problem in the
 * content before it fails, and `sitegen check` can fail on warnings. It owns
 * nothing; messages go to stderr unless out is set (tests capture them),
 * or are appended to `to` when it is set (a loader thread keeps each page's
 * messages to print them in file order).
 * Line 0 means "the whole file" and prints "path: message".
 */
#ifndef MINGBAI_DIAG_H
#define MINGBAI_DIAG_H

#include <stdio.h>

#include "buf.h"

typedef struct diag {
	int errors;
	int warnings;
	FILE *out; /* NULL: stderr */
	buf *to;   /* set: messages go here instead */
} diag;

void diag_error(diag *d, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void diag_warn(diag *d, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
/* Said, not counted: something the reader should know that fails nothing
 * (a check that could not run, a demo site's old data). */
void diag_note(diag *d, const char *path, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

#endif
