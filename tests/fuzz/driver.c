/* Replays fuzz inputs without libFuzzer: each argument is a file, or a
 * folder whose files are all run. Linked with each fuzz target in the normal
 * and sanitizer builds, so `make test` runs every seed and every input a
 * fuzzer once found (tests/fuzz/regressions/) as a regression test. */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return -1;
	}
	size_t cap = 4096, n = 0;
	uint8_t *data = malloc(cap);
	size_t r;
	while ((r = fread(data + n, 1, cap - n, f)) > 0) {
		n += r;
		if (n == cap)
			data = realloc(data, cap *= 2);
	}
	fclose(f);
	LLVMFuzzerTestOneInput(data, n);
	free(data);
	return 0;
}

int main(int argc, char **argv)
{
	int files = 0, errors = 0;
	for (int i = 1; i < argc; i++) {
		struct stat st;
		if (stat(argv[i], &st) < 0)
			continue;
		if (!S_ISDIR(st.st_mode)) {
			errors += run_file(argv[i]) < 0;
			files++;
			continue;
		}
		DIR *d = opendir(argv[i]);
		struct dirent *e;
		while (d && (e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			char path[4096];
			snprintf(path, sizeof path, "%s/%s", argv[i], e->d_name);
			errors += run_file(path) < 0;
			files++;
		}
		if (d)
			closedir(d);
	}
	printf("%d passed, %d failed\n", files - errors, errors);
	return errors ? 1 : 0;
}
