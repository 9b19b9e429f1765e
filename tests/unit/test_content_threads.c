/* The page loader when the system refuses a thread (pthread_create fails
 * with EAGAIN under a process limit): every page is still read, on the
 * threads that did start and the calling one, and only started threads are
 * joined. Before, a failed pthread_create was ignored and the loader joined
 * a thread handle that was never set.
 *
 * This program defines pthread_create and pthread_join, so the loader calls
 * these: the first ALLOWED creations pass to the real ones, later ones fail,
 * and a join of a handle no creation returned is counted. */
#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "content.h"
#include "../harness.h"

#define ALLOWED 1
static pthread_t made[16];
static int n_made, refused, bad_joins;

int pthread_create(pthread_t *th, const pthread_attr_t *attr,
		   void *(*fn)(void *), void *arg)
{
	static int (*real)(pthread_t *, const pthread_attr_t *, void *(*)(void *), void *);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_create");
	if (n_made >= ALLOWED) {
		refused++;
		return EAGAIN;
	}
	int rc = real(th, attr, fn, arg);
	if (rc == 0)
		made[n_made++] = *th;
	return rc;
}

int pthread_join(pthread_t th, void **ret)
{
	static int (*real)(pthread_t, void **);
	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "pthread_join");
	for (int i = 0; i < n_made; i++)
		if (pthread_equal(made[i], th))
			return real(th, ret);
	bad_joins++;
	return ESRCH;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		OK(0, "cannot write %s", path);
		return;
	}
	fputs(text, f);
	fclose(f);
}

int main(void)
{
	char dir[] = "/tmp/mingbai-threads-XXXXXX";
	OK(mkdtemp(dir) != NULL, "mkdtemp");
	buf p = BUF_INIT;
	buf_printf(&p, "%s/site.yaml", dir);
	write_file(p.ptr, "title: 测试\nbase_url: https://x.example/\npolicy:\n  n: \"1\"\n");
	buf_reset(&p);
	buf_printf(&p, "%s/guides", dir);
	mkdir(p.ptr, 0755);
	/* enough pages for four threads (the loader gives each 16 or more) */
	enum { PAGES = 80 };
	for (int i = 0; i < PAGES; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/guides/g%02d.md", dir, i);
		write_file(p.ptr, "---\ntitle: 指南\n---\n\n第 {{policy.n}} 条。\n");
	}

	content c;
	diag d = {0};
	EQ_INT(content_load_site(&c, dir, &d), 0);
	EQ_INT(content_load_pages(&c, &d, 4, NULL, NULL), 0);
	EQ_INT(c.n_pages, PAGES);
	EQ_INT(d.errors, 0);
	EQ_INT(n_made, ALLOWED);
	OK(refused >= 1, "no creation was refused: the test did not test");
	EQ_INT(bad_joins, 0);
	content_free(&c);

	buf_reset(&p);
	buf_printf(&p, "rm -rf '%s'", dir);
	OK(system(p.ptr) == 0, "cleanup");
	buf_free(&p);
	return harness_done();
}
