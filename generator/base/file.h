/* file — reading, writing and walking the file system, for both programs.
 *
 * Functions return 0 on success and -1 on failure with errno set; none of
 * them prints. Output bufs and lists belong to the caller.
 *
 * Atomic replacement: file_write_atomic() writes "path.tmp.PID" and renames
 * it over path, so a reader never sees half a file. dir_replace() does the
 * same for a whole directory tree (the site build): the old tree is moved
 * aside, the new one renamed in, the old one removed.
 */
#ifndef MINGBAI_FILE_H
#define MINGBAI_FILE_H

#include <stddef.h>

#include "buf.h"

/* Read a whole regular file into out (appending). Fails with EFBIG when it
 * is larger than limit bytes (0: no limit). */
int file_read(const char *path, buf *out, size_t limit);
int file_write(const char *path, const void *data, size_t n);
int file_write_atomic(const char *path, const void *data, size_t n);
int file_copy(const char *from, const char *to);
int file_exists(const char *path);
int dir_exists(const char *path);
/* mkdir -p */
int dir_make(const char *path);
/* rm -rf; a missing path is not an error. */
int dir_remove(const char *path);
/* Atomically put the tree at src in the place of dst (which may not exist). */
int dir_replace(const char *src, const char *dst);

/* A sorted list of the names in a directory (no "." or ".."). */
typedef struct name_list {
	char **names;
	size_t count;
} name_list;

int dir_list(const char *path, name_list *out);
void name_list_free(name_list *l);

/* "a" + "/" + "b", into a new string the caller frees. */
char *path_join(const char *a, const char *b);

#endif
