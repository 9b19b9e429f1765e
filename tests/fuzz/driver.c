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

#include "buf.h"
#include "file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int run_file(const char *path)
{
	buf data = BUF_INIT;
	if (file_read(path, &data, 0) < 0) {
		perror(path);
		buf_free(&data);
		return -1;
	}
	LLVMFuzzerTestOneInput((const uint8_t *)data.ptr, data.len);
	buf_free(&data);
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
