#include "pdfcache.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "fontsub.h"
#include "mem.h"
#include "pdf.h"

void pdfcache_open(pdfcache *c, const char *dir)
{
	memset(c, 0, sizeof *c);
	if (!dir)
		return;
	c->dir = xstrdup(dir);
	buf id = BUF_INIT;
	buf_puts(&id, PDFCACHE_FORMAT "; ");
	if (pdf_engine_identity(dir, &id) < 0)
		buf_puts(&id, "no engine");
	buf_puts(&id, "; ");
	fontsub_identity(&id);
	c->identity = buf_detach(&id);
}

void pdfcache_close(pdfcache *c)
{
	for (size_t i = 0; i < c->n_used; i++)
		free(c->used[i]);
	free(c->used);
	free(c->dir);
	free(c->identity);
	memset(c, 0, sizeof *c);
}

void pdfcache_key(const pdfcache *c, const char *html, size_t len, buf *key)
{
	GChecksum *h = g_checksum_new(G_CHECKSUM_SHA256);
	const char *id = c->identity ? c->identity : "";
	/* The identity's length first, so no HTML can pass for another
	 * identity's tail. */
	char n[32];
	int nl = snprintf(n, sizeof n, "%zu\n", strlen(id));
	g_checksum_update(h, (const guchar *)n, nl);
	g_checksum_update(h, (const guchar *)id, (gssize)strlen(id));
	g_checksum_update(h, (const guchar *)html, (gssize)len);
	buf_puts(key, g_checksum_get_string(h));
	g_checksum_free(h);
}

static void remember(pdfcache *c, const char *key)
{
	c->used = xrealloc(c->used, (c->n_used + 1) * sizeof *c->used);
	c->used[c->n_used++] = xstrdup(key);
}

/* Hard link from → to, replacing to; a copy when they are on different
 * file systems (or links are not allowed). */
static int place(const char *from, const char *to)
{
	unlink(to);
	if (link(from, to) == 0)
		return 0;
	return file_copy(from, to);
}

json_t *pdfcache_get(pdfcache *c, const char *key, const char *const *paths,
		     int n)
{
	if (!c->dir)
		return NULL;
	buf p = BUF_INIT;
	json_t *facts = NULL;
	buf_printf(&p, "%s/%s/facts.json", c->dir, key);
	facts = json_load_file(p.ptr, 0, NULL);
	if (!facts)
		goto done;
	for (int i = 0; i < n; i++) {
		if (!paths[i])
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s/%d", c->dir, key, i);
		if (place(p.ptr, paths[i]) < 0) {
			json_decref(facts);
			facts = NULL;
			goto done;
		}
	}
	remember(c, key);
done:
	buf_free(&p);
	return facts;
}

void pdfcache_put(pdfcache *c, const char *key, const char *const *paths,
		  int n, const json_t *facts)
{
	if (!c->dir)
		return;
	buf tmp = BUF_INIT, p = BUF_INIT, final = BUF_INIT;
	buf_printf(&tmp, "%s/%s.tmp.%ld", c->dir, key, (long)getpid());
	buf_printf(&final, "%s/%s", c->dir, key);
	dir_remove(tmp.ptr);
	if (dir_make(tmp.ptr) < 0)
		goto fail;
	for (int i = 0; i < n; i++) {
		if (!paths[i])
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%d", tmp.ptr, i);
		if (place(paths[i], p.ptr) < 0)
			goto fail;
	}
	buf_reset(&p);
	buf_printf(&p, "%s/facts.json", tmp.ptr);
	if (json_dump_file(facts, p.ptr, JSON_COMPACT) < 0)
		goto fail;
	/* Another build may have stored the same key meanwhile: its entry
	 * is as good as ours. */
	if (rename(tmp.ptr, final.ptr) < 0 && !dir_exists(final.ptr))
		goto fail;
	remember(c, key);
fail:
	dir_remove(tmp.ptr);
	buf_free(&tmp);
	buf_free(&p);
	buf_free(&final);
}

void pdfcache_prune(pdfcache *c)
{
	if (!c->dir)
		return;
	name_list names = {0};
	if (dir_list(c->dir, &names) < 0)
		return;
	for (size_t i = 0; i < names.count; i++) {
		const char *name = names.names[i];
		/* Only finished entries: 64 hex digits. Memos and another
		 * build's KEY.tmp.PID stay. */
		if (strlen(name) != 64 || strspn(name, "0123456789abcdef") != 64)
			continue;
		int used = 0;
		for (size_t k = 0; k < c->n_used && !used; k++)
			used = !strcmp(c->used[k], name);
		if (!used) {
			char *p = path_join(c->dir, name);
			dir_remove(p);
			free(p);
		}
	}
	name_list_free(&names);
}
