/* impose — booklet imposition: A5 pages two-up on A4 sheets for saddle
 * stitching (print duplex, fold in the middle, staple on the fold).
 *
 * impose_order() is the pure page arithmetic; impose_booklet() applies it to
 * a PDF with poppler (reading) and cairo (writing), which keeps text and
 * drawings as vectors and re-embeds the fonts as subsets. Paths and the error
 * buf belong to the caller; nothing here keeps state.
 */
#ifndef MINGBAI_IMPOSE_H
#define MINGBAI_IMPOSE_H

#include "buf.h"

/* The number of pages a booklet of n pages is printed as: n rounded up to a
 * multiple of 4 (one sheet carries four pages). 0 for n < 1. */
int impose_padded(int n);

/* Fill order (room for impose_padded(n) ints) with the source page printed
 * at each position: side s of the print run holds order[2s] on the left and
 * order[2s+1] on the right; sides 2k and 2k+1 are the front and back of
 * sheet k. Pages are 1-based; 0 is a blank. Blanks fill the positions just
 * before the last page, so the back cover stays on the outside.
 * For 8 pages: 8 1 | 2 7 | 6 3 | 4 5. Returns the padded count. */
int impose_order(int n, int *order);

/* Write out_pdf: the pages of in_pdf two-up on A4 landscape sides in
 * saddle-stitch order, each scaled to fit half a side and centred. Returns
 * the number of sides written, or -1 with a message in err. */
int impose_booklet(const char *in_pdf, const char *out_pdf, buf *err);

#endif
