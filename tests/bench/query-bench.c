/* query-bench — the bot's query latency, in process.
 *
 *   query-bench DB N FILE.tsv...
 *
 * Opens the index once (as a server worker does), warms up, then asks N
 * questions taken in turn from the sets' first column and prints the median,
 * p99 and worst latency of engine_ask. Not a test: it measures.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "clock.h"
#include "engine.h"
#include "file.h"
#include "mem.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	if (argc < 4) {
		fprintf(stderr, "usage: query-bench DB N FILE.tsv...\n");
		return 2;
	}
	long n = strtol(argv[2], NULL, 10);
	char **qs = NULL;
	size_t nq = 0, cap_qs = 0;
	buf text = BUF_INIT;
	for (int i = 3; i < argc; i++) {
		buf_reset(&text);
		if (file_read(argv[i], &text, 0) < 0) {
			fprintf(stderr, "%s: cannot read\n", argv[i]);
			continue;
		}
		for (char *line = strtok(text.ptr, "\n"); line; line = strtok(NULL, "\n")) {
			char *tab = strchr(line, '\t');
			if (line[0] == '#' || !tab)
				continue;
			GROW(qs, nq + 1, cap_qs);
			qs[nq++] = xstrndup(line, (size_t)(tab - line));
		}
	}
	buf_free(&text);
	buf err = BUF_INIT;
	double t0 = clock_seconds() * 1e6;
	engine *e = engine_open(argv[1], &err);
	double open_ms = (clock_seconds() * 1e6 - t0) / 1e3;
	if (!e || !nq || n <= 0) {
		fprintf(stderr, "query-bench: %s\n", e ? "no questions" : err.ptr);
		return 1;
	}
	for (size_t i = 0; i < nq; i++) /* warm the caches */
		json_decref(engine_ask(e, qs[i], strlen(qs[i]), &err));
	double *lat = xmalloc((size_t)n * sizeof *lat);
	for (long i = 0; i < n; i++) {
		const char *q = qs[(size_t)i % nq];
		double a = clock_seconds() * 1e6;
		json_t *r = engine_ask(e, q, strlen(q), &err);
		lat[i] = clock_seconds() * 1e6 - a;
		json_decref(r);
	}
	qsort(lat, (size_t)n, sizeof *lat, by_value);
	printf("%s: %ld questions (%zu distinct), open %.1f ms, median %.0f µs, "
	       "p99 %.0f µs, max %.0f µs\n", argv[1], n, nq, open_ms, lat[n / 2],
	       lat[(size_t)((double)n * 0.99)], lat[n - 1]);
	free(lat);
	for (size_t i = 0; i < nq; i++)
		free(qs[i]);
	free(qs);
	engine_close(e);
	buf_free(&err);
	return 0;
}
