/* pdf — making PDFs from print HTML with the paged-media engine, and reading
 * PDFs back with poppler: page count and size, and first-page thumbnails.
 *
 * The engine is WeasyPrint, chosen by measurement (see README, Leaflets): it
 * embeds Noto CJK as subset CID fonts, where Chromium's print-to-PDF draws the
 * same glyphs as Type 3 outlines a print shop's RIP handles badly. This file
 * is the one place that names it. MINGBAI_WEASYPRINT overrides the program's
 * path; set empty, the engine counts as not installed (tests use this).
 *
 * Rendering is split in pdf_start() and pdf_wait() so several leaflets can
 * render at once. The engine runs by fork/exec (no shell) and writes to
 * "OUT.part", renamed to OUT only on success; its messages go to "OUT.log",
 * which is read back into err on failure and removed either way. An engine
 * still running PDF_TIMEOUT seconds (or MINGBAI_PDF_TIMEOUT) after it
 * started is killed, so a stuck render cannot hang the build. A pdf_run owns its strings until pdf_wait()
 * frees them. Errors are appended to a caller-owned buf as a message
 * without a path prefix.
 */
#ifndef MINGBAI_PDF_H
#define MINGBAI_PDF_H

#include <poppler.h>
#include <sys/types.h>

#include "buf.h"

/* A booklet takes WeasyPrint about 8 s; allow for a slow machine running
 * one engine per core. */
#define PDF_TIMEOUT 300

typedef struct pdf_run {
	pid_t pid;
	double started; /* monotonic seconds */
	char *out;  /* the final path */
	char *part; /* where the engine writes */
	char *log;  /* the engine's stderr */
} pdf_run;

/* 1 if the engine's program can be found (PATH or MINGBAI_WEASYPRINT). */
int pdf_engine_available(void);
/* "WeasyPrint", and how to install it on Debian, for messages. */
const char *pdf_engine_name(void);
const char *pdf_engine_install_hint(void);

/* The engine's Python interpreter (from its #! line), for tools that must
 * run beside it (fontsub); NULL unless that line is an absolute path to a
 * python. The caller frees it. */
char *pdf_engine_python(void);

/* The engine's identity for the leaflet cache: its resolved path, size and
 * modification time, and what `ENGINE --version` printed. The version is
 * asked once per path, size and time and kept in memo_dir (when not NULL),
 * because starting the engine costs half a second. 0, or -1 when the engine
 * is not installed. */
int pdf_engine_identity(const char *memo_dir, buf *out);

/* Start rendering html_path (a file; relative links resolve beside it) into
 * out_path, with user_css (NULL: none) as a user stylesheet. Returns 0 or
 * -1 (err set; nothing to wait for). */
int pdf_start(pdf_run *r, const char *html_path, const char *out_path,
	      const char *user_css, buf *err);
/* Wait for the engine; 0 when out_path was written, -1 with err set. Frees
 * r's strings either way. */
int pdf_wait(pdf_run *r, buf *err);

/* Open a PDF with poppler; the caller g_object_unref()s it. NULL + err. */
PopplerDocument *pdf_open(const char *path, buf *err);

typedef struct pdf_facts {
	int pages;
	double width_pt, height_pt; /* of the first page */
} pdf_facts;

int pdf_read_facts(const char *path, pdf_facts *f, buf *err);

/* Render page 1 of pdf_path as a PNG width_px wide (white background);
 * stores the height in *height_px when it is not NULL. 0 or -1 + err. */
int pdf_thumbnail(const char *pdf_path, const char *png_path, int width_px,
		  int *height_px, buf *err);

/* Append the last non-empty line of a child's log to err: Python puts the
 * exception there, after the traceback ("no message" for an empty log). */
void pdf_log_last_line(const char *log_path, buf *err);

#endif
