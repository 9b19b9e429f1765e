/* Unit tests for fontsub: the CJK faces cut down by fontTools in the
 * engine's Python, the user stylesheet naming them, clean-up, and failing
 * softly when the subsetter cannot run. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "fontsub.h"
#include "pdf.h"
#include "../harness.h"

static long size_of(const char *dir, const char *name)
{
	char *p = path_join(dir, name);
	buf b = BUF_INIT;
	long n = file_read(p, &b, 0) < 0 ? -1 : (long)b.len;
	buf_free(&b);
	free(p);
	return n;
}

int main(void)
{
	const char *text = "<p>生源地信用助学贷款，每年最高 20000 元。</p>";
	fontsub fs;
	buf err = BUF_INIT;

	/* A subsetter that fails: -1, a reason, nothing left behind. */
	EQ_INT(fontsub_make(&fs, "/bin/false", text, strlen(text), &err), -1);
	OK(err.len > 0, "a reason");
	OK(fs.dir == NULL && fs.css == NULL, "empty after failure");

	char *python = pdf_engine_python();
	OK(python != NULL, "the engine runs on Python (make test installs WeasyPrint)");
	if (python) {
		buf_reset(&err);
		EQ_INT(fontsub_make(&fs, python, text, strlen(text), &err), 0);
		EQ_STR(err.ptr, "");
		long reg = fs.dir ? size_of(fs.dir, "regular.otf") : -1;
		long bold = fs.dir ? size_of(fs.dir, "bold.otf") : -1;
		/* A handful of glyphs, not the 16 MB face. */
		OK(reg > 1000 && reg < 500000, "regular cut: %ld bytes", reg);
		OK(bold > 1000 && bold < 500000, "bold cut: %ld bytes", bold);
		buf css = BUF_INIT;
		OK(fs.css && file_read(fs.css, &css, 0) == 0, "fonts.css written");
		OK(strstr(css.ptr, "regular.otf\"); font-weight: 400;") != NULL,
		   "regular face: %s", css.ptr);
		OK(strstr(css.ptr, "bold.otf\"); font-weight: 700;") != NULL,
		   "bold face");
		OK(strstr(css.ptr, "!important") != NULL, "wins over the page");
		buf_free(&css);
		char *dir = fs.dir ? strdup(fs.dir) : NULL;
		fontsub_free(&fs);
		OK(dir && !dir_exists(dir), "folder removed");
		free(dir);
		free(python);
	}
	buf_free(&err);
	return harness_done();
}
