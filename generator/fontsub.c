#include "fontsub.h"
#include "pdf.h"

#include <errno.h>
#include <fcntl.h>
#include <fontconfig/fontconfig.h>
#include <spawn.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"

extern char **environ;

/* The family print.css asks for first; the cut faces take its place. */
#define FAMILY "Noto Sans CJK SC"

/* Characters that reach the page without being in the HTML: list bullets,
 * leader dots and dashes the CSS generates, the full-width space. */
static const char generated[] = "•◦▪‣–—…·．　";

/* The file and face index fontconfig resolves FAMILY at weight to; -1 when
 * it would fall back to another family (the font is not installed). */
static int find_face(int weight, buf *file, int *index)
{
	int rc = -1;
	FcPattern *pat = FcPatternCreate();
	FcPatternAddString(pat, FC_FAMILY, (const FcChar8 *)FAMILY);
	FcPatternAddInteger(pat, FC_WEIGHT, weight);
	FcConfigSubstitute(NULL, pat, FcMatchPattern);
	FcDefaultSubstitute(pat);
	FcResult res;
	FcPattern *m = FcFontMatch(NULL, pat, &res);
	FcChar8 *s;
	int same_family = 0;
	for (int i = 0; m && FcPatternGetString(m, FC_FAMILY, i, &s) == FcResultMatch; i++)
		same_family |= strcmp((const char *)s, FAMILY) == 0;
	if (same_family && FcPatternGetString(m, FC_FILE, 0, &s) == FcResultMatch &&
	    FcPatternGetInteger(m, FC_INDEX, 0, index) == FcResultMatch) {
		buf_puts(file, (const char *)s);
		rc = 0;
	}
	if (m)
		FcPatternDestroy(m);
	FcPatternDestroy(pat);
	return rc;
}

void fontsub_identity(buf *out)
{
	static const int weights[2] = {FC_WEIGHT_REGULAR, FC_WEIGHT_BOLD};
	for (int i = 0; i < 2; i++) {
		buf file = BUF_INIT;
		int index = 0;
		struct stat st;
		if (find_face(weights[i], &file, &index) == 0 && stat(file.ptr, &st) == 0)
			buf_printf(out, "%s:%d:%lld:%lld; ", file.ptr, index,
				   (long long)st.st_size, (long long)st.st_mtime);
		else
			buf_puts(out, "no face; ");
		buf_free(&file);
	}
}

/* Every distinct character of text, once, plus ASCII and generated[]. */
static void char_set(const char *text, size_t len, buf *out)
{
	uint8_t *seen = xcalloc(0x110000 / 8, 1);
	for (int c = 0x20; c < 0x7f; c++)
		seen[c / 8] |= (uint8_t)(1u << (c % 8));
	for (int pass = 0; pass < 2; pass++) {
		const char *p = pass ? text : generated;
		size_t n = pass ? len : sizeof generated - 1;
		for (size_t i = 0; i < n;) {
			uint32_t cp;
			int l = utf8_decode(p + i, n - i, &cp);
			i += l > 0 ? (size_t)l : 1;
			if (l > 0 && cp >= 0x80)
				seen[cp / 8] |= (uint8_t)(1u << (cp % 8));
		}
	}
	for (uint32_t cp = 0x20; cp < 0x110000; cp++) {
		if (!(seen[cp / 8] & (1u << (cp % 8))))
			continue;
		char e[4];
		buf_put(out, e, (size_t)utf8_encode(cp, e));
	}
	free(seen);
}

/* Start python -m fontTools.subset for one face; its messages go to log. */
static pid_t start_subset(const char *python, const char *font, int index,
			  const char *chars, const char *otf, const char *log)
{
	buf num = BUF_INIT, text = BUF_INIT, output = BUF_INIT;
	buf_printf(&num, "--font-number=%d", index);
	buf_printf(&text, "--text-file=%s", chars);
	buf_printf(&output, "--output-file=%s", otf);
	/* Keep every OpenType layout feature: the engine needs vertical and
	 * punctuation forms (halt, vert …) to set Chinese text as before. */
	char *argv[] = {(char *)python, "-m", "fontTools.subset", (char *)font,
			num.ptr, text.ptr, output.ptr, "--layout-features=*",
			NULL};
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 1, log, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	posix_spawn_file_actions_adddup2(&fa, 1, 2);
	pid_t pid;
	if (posix_spawn(&pid, python, &fa, NULL, argv, environ) != 0)
		pid = -1;
	posix_spawn_file_actions_destroy(&fa);
	buf_free(&num);
	buf_free(&text);
	buf_free(&output);
	return pid;
}

/* Wait for pid; on failure append the log's last line to err. */
static int finish_subset(pid_t pid, const char *log, buf *err)
{
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	buf_puts(err, "fontTools.subset failed: ");
	pdf_log_last_line(log, err);
	return -1;
}

int fontsub_make(fontsub *fs, const char *python, const char *text,
		 size_t len, buf *err)
{
	static const struct {
		const char *name;
		int weight;
		int css_weight;
	} faces[2] = {{"regular", FC_WEIGHT_REGULAR, 400},
		      {"bold", FC_WEIGHT_BOLD, 700}};
	memset(fs, 0, sizeof *fs);
	buf files[2] = {BUF_INIT, BUF_INIT}, chars = BUF_INIT, p = BUF_INIT;
	buf css = BUF_INIT;
	int index[2];
	pid_t pids[2] = {-1, -1};
	int rc = -1;

	for (int i = 0; i < 2; i++)
		if (find_face(faces[i].weight, &files[i], &index[i]) < 0) {
			buf_printf(err, _("no %s %s face installed"), FAMILY,
				   faces[i].name);
			goto fail;
		}
	const char *tmp = getenv("TMPDIR");
	buf_printf(&p, "%s/mingbai-fonts-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(p.ptr)) {
		buf_printf(err, _("cannot make %s: %s"), p.ptr, strerror(errno));
		goto fail;
	}
	fs->dir = buf_detach(&p);
	char_set(text, len, &chars);
	char *chars_path = path_join(fs->dir, "chars.txt");
	int wrote = file_write(chars_path, chars.ptr, chars.len);
	free(chars_path);
	if (wrote < 0) {
		buf_printf(err, _("cannot write in %s: %s"), fs->dir, strerror(errno));
		goto fail;
	}
	for (int i = 0; i < 2; i++) {
		buf_reset(&p);
		buf_printf(&p, "%s/chars.txt", fs->dir);
		buf otf = BUF_INIT, log = BUF_INIT;
		buf_printf(&otf, "%s/%s.otf", fs->dir, faces[i].name);
		buf_printf(&log, "%s/%s.log", fs->dir, faces[i].name);
		pids[i] = start_subset(python, files[i].ptr, index[i], p.ptr,
				       otf.ptr, log.ptr);
		buf_free(&otf);
		buf_free(&log);
		if (pids[i] < 0)
			buf_printf(err, _("cannot run %s"), python);
	}
	int ok = pids[0] > 0 && pids[1] > 0;
	for (int i = 0; i < 2; i++) {
		if (pids[i] <= 0)
			continue;
		buf_reset(&p);
		buf_printf(&p, "%s/%s.log", fs->dir, faces[i].name);
		if (finish_subset(pids[i], p.ptr, err) < 0)
			ok = 0;
	}
	if (!ok)
		goto fail;

	for (int i = 0; i < 2; i++)
		buf_printf(&css,
			   "@font-face { font-family: \"Noto Sans CJK SC Mingbai\"; src: "
			   "url(\"file://%s/%s.otf\"); font-weight: %d; }\n",
			   fs->dir, faces[i].name, faces[i].css_weight);
	buf_puts(&css, "* { font-family: \"Noto Sans CJK SC Mingbai\", \"" FAMILY
		       "\", sans-serif !important; }\n");
	fs->css = path_join(fs->dir, "fonts.css");
	if (file_write(fs->css, css.ptr, css.len) < 0) {
		buf_printf(err, _("cannot write %s: %s"), fs->css, strerror(errno));
		goto fail;
	}
	rc = 0;
fail:
	if (rc < 0)
		fontsub_free(fs);
	buf_free(&files[0]);
	buf_free(&files[1]);
	buf_free(&chars);
	buf_free(&p);
	buf_free(&css);
	return rc;
}

void fontsub_free(fontsub *fs)
{
	if (fs->dir)
		dir_remove(fs->dir);
	free(fs->dir);
	free(fs->css);
	fs->dir = fs->css = NULL;
}
