#include "impose.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <poppler.h>
#include <stdlib.h>

#include "mem.h"
#include "pdf.h"

/* A4 landscape in PostScript points. */
#define SIDE_W 841.89
#define SIDE_H 595.28

int impose_padded(int n)
{
	return n < 1 ? 0 : (n + 3) / 4 * 4;
}

/* The source page at 1-based position p of the padded booklet. */
static int source_page(int n, int padded, int p)
{
	if (p < n || n == 1)
		return p <= n ? p : 0;
	return p == padded ? n : 0;
}

int impose_order(int n, int *order)
{
	int padded = impose_padded(n);
	for (int k = 0; k < padded / 4; k++) {
		/* Sheet k, outermost first: its front carries the last
		 * unplaced page on the left and the first on the right; its
		 * back the mirror pair, as the fold turns them. */
		order[4 * k + 0] = source_page(n, padded, padded - 2 * k);
		order[4 * k + 1] = source_page(n, padded, 1 + 2 * k);
		order[4 * k + 2] = source_page(n, padded, 2 + 2 * k);
		order[4 * k + 3] = source_page(n, padded, padded - 1 - 2 * k);
	}
	return padded;
}

static void draw_page(cairo_t *cr, PopplerDocument *doc, int page_no,
		      double x0)
{
	if (page_no < 1)
		return;
	PopplerPage *page = poppler_document_get_page(doc, page_no - 1);
	if (!page)
		return;
	double w, h;
	poppler_page_get_size(page, &w, &h);
	double half = SIDE_W / 2;
	double scale = half / w < SIDE_H / h ? half / w : SIDE_H / h;
	cairo_save(cr);
	cairo_rectangle(cr, x0, 0, half, SIDE_H);
	cairo_clip(cr);
	cairo_translate(cr, x0 + (half - w * scale) / 2,
			(SIDE_H - h * scale) / 2);
	cairo_scale(cr, scale, scale);
	/* The printing variant skips annotations meant for the screen. */
	poppler_page_render_for_printing(page, cr);
	cairo_restore(cr);
	g_object_unref(page);
}

int impose_booklet(const char *in_pdf, const char *out_pdf, buf *err)
{
	int sides = -1;
	int *order = NULL;
	cairo_surface_t *surface = NULL;
	cairo_t *cr = NULL;
	PopplerDocument *doc = pdf_open(in_pdf, err);
	if (!doc)
		return -1;
	int n = poppler_document_get_n_pages(doc);
	if (n < 1) {
		buf_printf(err, "%s: no pages to impose", in_pdf);
		goto fail;
	}
	int padded = impose_padded(n);
	order = xmalloc((size_t)padded * sizeof *order);
	impose_order(n, order);

	surface = cairo_pdf_surface_create(out_pdf, SIDE_W, SIDE_H);
	cr = cairo_create(surface);
	for (int s = 0; s < padded / 2; s++) {
		draw_page(cr, doc, order[2 * s], 0);
		draw_page(cr, doc, order[2 * s + 1], SIDE_W / 2);
		cairo_show_page(cr);
	}
	cairo_destroy(cr);
	cr = NULL;
	cairo_surface_finish(surface);
	if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
		buf_printf(err, "%s: cannot write: %s", out_pdf,
			   cairo_status_to_string(cairo_surface_status(surface)));
		goto fail;
	}
	sides = padded / 2;
fail:
	if (cr)
		cairo_destroy(cr);
	if (surface)
		cairo_surface_destroy(surface);
	free(order);
	g_object_unref(doc);
	return sides;
}
