#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cairo.h>

#include "file.h"
#include "i18n.h"
#include "mem.h"

#define ENGINE_PROG "weasyprint"

const char *pdf_engine_name(void)
{
	return "WeasyPrint";
}

const char *pdf_engine_install_hint(void)
{
	return "apt-get install weasyprint fonts-noto-cjk (or: make run)";
}

/* The program to run, in a new string the caller frees; NULL when the
 * engine is not installed. */
static char *engine_path(void)
{
	const char *over = getenv("MINGBAI_WEASYPRINT");
	if (over)
		return *over && access(over, X_OK) == 0 ? xstrdup(over) : NULL;
	const char *path = getenv("PATH");
	if (!path || !*path)
		path = "/usr/local/bin:/usr/bin:/bin";
	for (const char *p = path;;) {
		const char *end = strchr(p, ':');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n) {
			buf cand = BUF_INIT;
			buf_printf(&cand, "%.*s/%s", (int)n, p, ENGINE_PROG);
			if (access(cand.ptr, X_OK) == 0)
				return buf_detach(&cand);
			buf_free(&cand);
		}
		if (!end)
			return NULL;
		p = end + 1;
	}
}

int pdf_engine_available(void)
{
	char *p = engine_path();
	free(p);
	return p != NULL;
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static double timeout(void)
{
	const char *t = getenv("MINGBAI_PDF_TIMEOUT");
	double v = t ? atof(t) : 0;
	return v > 0 ? v : PDF_TIMEOUT;
}

static void run_free(pdf_run *r)
{
	free(r->out);
	free(r->part);
	free(r->log);
	r->out = r->part = r->log = NULL;
	r->pid = 0;
}

/* ENGINE --version's first line into out (stdout through a pipe). */
static int engine_version(const char *prog, buf *out)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -1;
	pid_t pid = fork();
	if (pid < 0) {
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDWR);
		if (devnull >= 0) {
			dup2(devnull, 0);
			dup2(devnull, 2);
		}
		dup2(fds[1], 1);
		execl(prog, prog, "--version", (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	char chunk[256];
	ssize_t n;
	while ((n = read(fds[0], chunk, sizeof chunk)) > 0 || (n < 0 && errno == EINTR))
		if (n > 0)
			buf_put(out, chunk, (size_t)n);
	close(fds[0]);
	int status;
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	char *nl = memchr(out->ptr, '\n', out->len);
	if (nl)
		buf_truncate(out, (size_t)(nl - out->ptr));
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
}

int pdf_engine_identity(const char *memo_dir, buf *out)
{
	char *prog = engine_path(), *real = NULL, *memo = NULL;
	struct stat st;
	int rc = -1;
	if (!prog || !(real = realpath(prog, NULL)) || stat(real, &st) < 0)
		goto done;
	buf id = BUF_INIT, ver = BUF_INIT;
	buf_printf(&id, "%s %lld %lld", real, (long long)st.st_size,
		   (long long)st.st_mtime);
	if (memo_dir) {
		char *h = g_compute_checksum_for_string(G_CHECKSUM_SHA256, id.ptr, (gssize)id.len);
		buf m = BUF_INIT;
		buf_printf(&m, "%s/engine-%.16s", memo_dir, h);
		g_free(h);
		memo = buf_detach(&m);
		if (file_read(memo, &ver, 4096) < 0)
			buf_reset(&ver);
	}
	if (!ver.len && engine_version(real, &ver) == 0 && memo && ver.len) {
		dir_make(memo_dir);
		file_write_atomic(memo, ver.ptr, ver.len);
	}
	buf_printf(out, "%s; %s", id.ptr, ver.len ? ver.ptr : "unknown version");
	buf_free(&id);
	buf_free(&ver);
	rc = 0;
done:
	free(prog);
	free(real);
	free(memo);
	return rc;
}

char *pdf_engine_python(void)
{
	char *prog = engine_path(), *python = NULL;
	FILE *f = prog ? fopen(prog, "r") : NULL;
	buf line = BUF_INIT;
	int c;
	while (f && line.len < 4096 && (c = getc(f)) != EOF && c != '\n')
		buf_putc(&line, (char)c);
	/* "#!/usr/bin/python3": a bare absolute path, no env lookup or
	 * arguments, so it is the very interpreter that has the engine's
	 * modules. */
	const char *base = strrchr(line.ptr, '/');
	if (line.len > 3 && memcmp(line.ptr, "#!/", 3) == 0 &&
	    !strpbrk(line.ptr + 2, " \t\r") && strncmp(base + 1, "python", 6) == 0)
		python = xstrdup(line.ptr + 2);
	if (f)
		fclose(f);
	free(prog);
	buf_free(&line);
	return python;
}

int pdf_start(pdf_run *r, const char *html_path, const char *out_path,
	      const char *user_css, buf *err)
{
	memset(r, 0, sizeof *r);
	char *prog = engine_path();
	if (!prog) {
		buf_printf(err, _("%s is not installed: %s"), pdf_engine_name(),
			   pdf_engine_install_hint());
		return -1;
	}
	r->out = xstrdup(out_path);
	buf b = BUF_INIT;
	buf_printf(&b, "%s.part", out_path);
	r->part = buf_detach(&b);
	buf_printf(&b, "%s.log", out_path);
	r->log = buf_detach(&b);

	int logfd = open(r->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (logfd < 0) {
		buf_printf(err, _("cannot write %s: %s"), r->log, strerror(errno));
		goto fail;
	}
	/* -e: the print HTML is always UTF-8; say so rather than sniff.
	 * -O images: keep fonts subset (the default) and recompress images. */
	char *argv[10] = {prog, "-e", "utf-8", "-O", "images"};
	int argc = 5;
	if (user_css) {
		argv[argc++] = "-s";
		argv[argc++] = (char *)user_css;
	}
	argv[argc++] = (char *)html_path;
	argv[argc++] = r->part;
	argv[argc] = NULL;
	pid_t pid = fork();
	if (pid < 0) {
		buf_printf(err, _("cannot start %s: %s"), prog, strerror(errno));
		close(logfd);
		goto fail;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_RDONLY);
		if (devnull >= 0)
			dup2(devnull, 0);
		dup2(logfd, 1);
		dup2(logfd, 2);
		execv(prog, argv);
		dprintf(2, "cannot run %s: %s\n", prog, strerror(errno));
		_exit(127);
	}
	close(logfd);
	free(prog);
	r->pid = pid;
	r->started = now();
	return 0;
fail:
	free(prog);
	unlink(r->log);
	run_free(r);
	return -1;
}

void pdf_log_last_line(const char *log_path, buf *err)
{
	buf text = BUF_INIT;
	if (file_read(log_path, &text, 0) < 0 || text.len == 0) {
		buf_puts(err, "no message");
		goto done;
	}
	size_t end = text.len;
	while (end && (text.ptr[end - 1] == '\n' || text.ptr[end - 1] == ' '))
		end--;
	size_t start = end;
	while (start && text.ptr[start - 1] != '\n')
		start--;
	buf_put(err, text.ptr + start, end - start);
done:
	buf_free(&text);
}

int pdf_wait(pdf_run *r, buf *err)
{
	int rc = -1, status, timed_out = 0;
	double limit = timeout();
	pid_t got;
	/* Polling is the portable way to wait with a deadline; 20 ms is
	 * nothing next to the seconds a render takes. */
	for (;;) {
		got = waitpid(r->pid, &status, WNOHANG);
		if (got != 0 && !(got < 0 && errno == EINTR))
			break;
		if (now() - r->started > limit) {
			kill(r->pid, SIGKILL);
			timed_out = 1;
		}
		struct timespec pause = {0, 20 * 1000 * 1000};
		nanosleep(&pause, NULL);
	}
	if (got < 0) {
		buf_printf(err, _("lost the PDF engine: %s"), strerror(errno));
		goto done;
	}
	if (timed_out) {
		buf_printf(err, _("PDF engine still running after %g s; stopped it"),
			   limit);
		goto done;
	}
	if (WIFSIGNALED(status)) {
		buf_printf(err, _("PDF engine killed by signal %d"), WTERMSIG(status));
		goto done;
	}
	if (WEXITSTATUS(status) != 0) {
		buf_printf(err, _("PDF engine failed (exit %d): "),
			   WEXITSTATUS(status));
		pdf_log_last_line(r->log, err);
		goto done;
	}
	if (rename(r->part, r->out) < 0) {
		buf_printf(err, _("PDF engine wrote no %s: %s"), r->part,
			   strerror(errno));
		goto done;
	}
	rc = 0;
done:
	if (rc < 0)
		unlink(r->part);
	unlink(r->log);
	run_free(r);
	return rc;
}

PopplerDocument *pdf_open(const char *path, buf *err)
{
	GError *gerr = NULL;
	char *abs = realpath(path, NULL);
	if (!abs) {
		buf_printf(err, "%s: %s", path, strerror(errno));
		return NULL;
	}
	char *uri = g_filename_to_uri(abs, NULL, &gerr);
	free(abs);
	PopplerDocument *doc = NULL;
	if (uri)
		doc = poppler_document_new_from_file(uri, NULL, &gerr);
	g_free(uri);
	if (!doc) {
		buf_printf(err, _("%s: cannot read PDF: %s"), path,
			   gerr ? gerr->message : "unknown error");
		if (gerr)
			g_error_free(gerr);
	}
	return doc;
}

int pdf_read_facts(const char *path, pdf_facts *f, buf *err)
{
	PopplerDocument *doc = pdf_open(path, err);
	if (!doc)
		return -1;
	f->pages = poppler_document_get_n_pages(doc);
	f->width_pt = f->height_pt = 0;
	PopplerPage *p = f->pages > 0 ? poppler_document_get_page(doc, 0) : NULL;
	if (p) {
		poppler_page_get_size(p, &f->width_pt, &f->height_pt);
		g_object_unref(p);
	}
	g_object_unref(doc);
	return 0;
}

int pdf_thumbnail(const char *pdf_path, const char *png_path, int width_px,
		  int *height_px, buf *err)
{
	int rc = -1;
	cairo_surface_t *img = NULL;
	cairo_t *cr = NULL;
	PopplerPage *page = NULL;
	PopplerDocument *doc = pdf_open(pdf_path, err);
	if (!doc)
		return -1;
	page = poppler_document_get_page(doc, 0);
	if (!page) {
		buf_printf(err, _("%s: no first page"), pdf_path);
		goto fail;
	}
	double w, h;
	poppler_page_get_size(page, &w, &h);
	double scale = width_px / w;
	int hpx = (int)(h * scale + 0.5);
	img = cairo_image_surface_create(CAIRO_FORMAT_RGB24, width_px, hpx);
	cr = cairo_create(img);
	cairo_set_source_rgb(cr, 1, 1, 1);
	cairo_paint(cr);
	cairo_scale(cr, scale, scale);
	poppler_page_render(page, cr);
	cairo_surface_flush(img);
	cairo_status_t st = cairo_surface_write_to_png(img, png_path);
	if (st != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, _("cannot write %s: %s"), png_path,
			   cairo_status_to_string(st));
		goto fail;
	}
	if (height_px)
		*height_px = hpx;
	rc = 0;
fail:
	if (cr)
		cairo_destroy(cr);
	if (img)
		cairo_surface_destroy(img);
	if (page)
		g_object_unref(page);
	g_object_unref(doc);
	return rc;
}

/* Leaks that belong to the libraries, for sanitizer runs (LeakSanitizer
 * calls this hook if a program defines it; every program that makes
 * leaflets links this file): cairo 1.16 loses a buffer while subsetting CFF
 * fonts when a PDF surface is finished (impose.c), and fontconfig keeps
 * pieces of its parsed configuration unreachable (fontsub.c, cairo). Without
 * these every ASan run that builds leaflets would fail on code not ours.
 * The whole library, not cairo_surface_finish: with ASan's default fast
 * unwinder the stack stops inside libcairo, which has no frame pointers.
 * The price: a cairo object we forgot to destroy would go unreported too,
 * which is why impose.c and pdf.c free theirs in one goto-fail ladder each. */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libcairo.so\n"
	       "leak:libfontconfig.so\n";
}
