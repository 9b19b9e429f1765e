#include "file.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mem.h"

int file_read(const char *path, buf *out, size_t limit)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	struct stat st;
	if (fstat(fd, &st) < 0)
		goto fail;
	if (!S_ISREG(st.st_mode)) {
		errno = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
		goto fail;
	}
	if (limit && (size_t)st.st_size > limit) {
		errno = EFBIG;
		goto fail;
	}
	buf_grow(out, (size_t)st.st_size);
	for (;;) {
		buf_grow(out, 4096);
		ssize_t n = read(fd, out->ptr + out->len, out->cap - out->len - 1);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		if (n == 0)
			break;
		out->len += (size_t)n;
		out->ptr[out->len] = '\0';
		if (limit && out->len > limit) {
			errno = EFBIG;
			goto fail;
		}
	}
	close(fd);
	return 0;
fail:
	close(fd);
	return -1;
}

static int write_all(int fd, const void *data, size_t n)
{
	const char *p = data;
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

int file_write(const char *path, const void *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -1;
	if (write_all(fd, data, n) < 0) {
		int e = errno;
		close(fd);
		errno = e;
		return -1;
	}
	return close(fd);
}

int file_write_atomic(const char *path, const void *data, size_t n)
{
	buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp.%ld", path, (long)getpid());
	int fd = open(tmp.ptr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		goto fail;
	if (write_all(fd, data, n) < 0 || fsync(fd) < 0) {
		close(fd);
		goto fail_unlink;
	}
	if (close(fd) < 0)
		goto fail_unlink;
	if (rename(tmp.ptr, path) < 0)
		goto fail_unlink;
	buf_free(&tmp);
	return 0;
fail_unlink: {
	int e = errno;
	unlink(tmp.ptr);
	errno = e;
}
fail:
	buf_free(&tmp);
	return -1;
}

int file_copy(const char *from, const char *to)
{
	buf data = BUF_INIT;
	int rc = file_read(from, &data, 0);
	if (rc == 0)
		rc = file_write(to, data.ptr, data.len);
	buf_free(&data);
	return rc;
}

int file_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int dir_exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

int dir_make(const char *path)
{
	char *p = xstrdup(path);
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) < 0 && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0755);
	free(p);
	if (rc < 0 && errno == EEXIST && dir_exists(path))
		rc = 0;
	return rc;
}

int dir_remove(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -1;
	if (!S_ISDIR(st.st_mode))
		return unlink(path);
	name_list names;
	if (dir_list(path, &names) < 0)
		return -1;
	int rc = 0;
	for (size_t i = 0; i < names.count; i++) {
		char *child = path_join(path, names.names[i]);
		if (dir_remove(child) < 0)
			rc = -1;
		free(child);
	}
	name_list_free(&names);
	if (rmdir(path) < 0)
		rc = -1;
	return rc;
}

int dir_replace(const char *src, const char *dst)
{
	if (!dir_exists(dst) && !file_exists(dst))
		return rename(src, dst);
	/* RENAME_EXCHANGE swaps both trees in one step, so a server never sees
	 * a missing site; two renames are the fallback where it is unsupported. */
	buf old = BUF_INIT;
	buf_printf(&old, "%s.old.%ld", dst, (long)getpid());
	int rc = -1;
	if (renameat2(AT_FDCWD, src, AT_FDCWD, dst, RENAME_EXCHANGE) == 0) {
		/* src now holds the old tree */
		dir_remove(src);
		rc = 0;
		goto done;
	}
	if (rename(dst, old.ptr) < 0)
		goto done;
	if (rename(src, dst) < 0) {
		int e = errno;
		rename(old.ptr, dst);
		errno = e;
		goto done;
	}
	dir_remove(old.ptr);
	rc = 0;
done:
	buf_free(&old);
	return rc;
}

static int cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int dir_list(const char *path, name_list *out)
{
	out->names = NULL;
	out->count = 0;
	DIR *d = opendir(path);
	if (!d)
		return -1;
	size_t cap = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		GROW(out->names, out->count + 1, cap);
		out->names[out->count++] = xstrdup(e->d_name);
	}
	closedir(d);
	if (out->count)
		qsort(out->names, out->count, sizeof *out->names, cmp_names);
	return 0;
}

void name_list_free(name_list *l)
{
	for (size_t i = 0; i < l->count; i++)
		free(l->names[i]);
	free(l->names);
	l->names = NULL;
	l->count = 0;
}

char *path_join(const char *a, const char *b)
{
	buf p = BUF_INIT;
	buf_puts(&p, a);
	if (p.len && p.ptr[p.len - 1] != '/')
		buf_putc(&p, '/');
	buf_puts(&p, b);
	return buf_detach(&p);
}
