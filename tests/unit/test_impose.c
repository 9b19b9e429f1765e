/* Unit tests for booklet imposition: the saddle-stitch page order, and a
 * real PDF imposed and read back (which page lands on which half). */
#include <cairo-pdf.h>
#include <poppler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "impose.h"
#include "pdf.h"
#include "../harness.h"

static void expect_order(int n, const char *want)
{
	int order[64];
	int padded = impose_order(n, order);
	buf got = BUF_INIT;
	for (int i = 0; i < padded; i++)
		buf_printf(&got, "%s%d", i ? " " : "", order[i]);
	EQ_STR(got.ptr, want);
	buf_free(&got);
}

static void test_order(void)
{
	EQ_INT(impose_padded(0), 0);
	EQ_INT(impose_padded(1), 4);
	EQ_INT(impose_padded(4), 4);
	EQ_INT(impose_padded(5), 8);
	EQ_INT(impose_padded(12), 12);
	expect_order(4, "4 1 2 3");
	expect_order(8, "8 1 2 7 6 3 4 5");
	expect_order(12, "12 1 2 11 10 3 4 9 8 5 6 7");
	/* Padding goes before the back cover, which stays outermost. */
	expect_order(6, "6 1 2 0 0 3 4 5");
	expect_order(7, "7 1 2 0 6 3 4 5");
	expect_order(1, "0 1 0 0");
	expect_order(2, "2 1 0 0");

	/* Every page appears exactly once, whatever n. */
	for (int n = 1; n <= 40; n++) {
		int order[40 + 3], seen[41] = {0};
		int padded = impose_order(n, order), blanks = 0, bad = 0;
		for (int i = 0; i < padded; i++) {
			if (order[i] == 0)
				blanks++;
			else if (order[i] < 1 || order[i] > n || seen[order[i]]++)
				bad++;
		}
		OK(!bad && blanks == padded - n && padded % 4 == 0,
		   "n=%d: bad %d blanks %d padded %d", n, bad, blanks, padded);
	}
}

/* An A5 PDF whose page i shows the label "Pi" near its top. */
static void make_pages(const char *path, int n)
{
	cairo_surface_t *s = cairo_pdf_surface_create(path, 419.53, 595.28);
	cairo_t *cr = cairo_create(s);
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, 40);
	for (int i = 1; i <= n; i++) {
		char label[16];
		snprintf(label, sizeof label, "P%d", i);
		cairo_move_to(cr, 150, 100);
		cairo_show_text(cr, label);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cairo_surface_destroy(s);
}

static char *half_text(PopplerPage *p, int right)
{
	PopplerRectangle r = {right ? 421 : 0, 0, right ? 842 : 421, 596};
	char *t = poppler_page_get_selected_text(p, POPPLER_SELECTION_GLYPH, &r);
	char *copy = strdup(t ? t : "");
	g_free(t);
	size_t n = strlen(copy);
	while (n && (copy[n - 1] == '\n' || copy[n - 1] == ' '))
		copy[--n] = '\0';
	return copy;
}

static void test_impose_pdf(void)
{
	char dir[] = "/tmp/mingbai-impose-XXXXXX";
	OK(mkdtemp(dir) != NULL, "mkdtemp");
	char *in = path_join(dir, "in.pdf"), *out = path_join(dir, "out.pdf");
	make_pages(in, 6);
	buf err = BUF_INIT;
	EQ_INT(impose_booklet(in, out, &err), 4);
	EQ_STR(err.ptr, "");

	pdf_facts f;
	EQ_INT(pdf_read_facts(out, &f, &err), 0);
	EQ_INT(f.pages, 4);
	OK(f.width_pt > 841 && f.width_pt < 843, "A4 landscape width %g",
	   f.width_pt);
	OK(f.height_pt > 594 && f.height_pt < 596, "A4 landscape height %g",
	   f.height_pt);

	const char *want[8] = {"P6", "P1", "P2", "", "", "P3", "P4", "P5"};
	PopplerDocument *doc = pdf_open(out, &err);
	OK(doc != NULL, "reopen: %s", err.ptr);
	for (int s = 0; doc && s < 4; s++) {
		PopplerPage *p = poppler_document_get_page(doc, s);
		for (int right = 0; right < 2; right++) {
			char *t = half_text(p, right);
			EQ_STR(t, want[2 * s + right]);
			free(t);
		}
		g_object_unref(p);
	}
	if (doc)
		g_object_unref(doc);

	buf_reset(&err);
	OK(impose_booklet("/nonexistent.pdf", out, &err) < 0, "missing input");
	OK(strstr(err.ptr, "/nonexistent.pdf") != NULL, "message names it: %s",
	   err.ptr);
	dir_remove(dir);
	free(in);
	free(out);
	buf_free(&err);
}

int main(void)
{
	test_order();
	test_impose_pdf();
	return harness_done();
}
