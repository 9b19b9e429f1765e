#include "qr.h"

#include <qrencode.h>
#include <string.h>

#include "escape.h"

/* Modules of white around the symbol; readers need at least four. */
#define QUIET 4

int qr_svg(buf *out, const char *text, const char *label)
{
	/* 8-bit mode: URLs are case-sensitive and may carry %XX escapes. M
	 * survives a smudge or a fold crease without making the symbol big. */
	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	if (!q)
		return -1;
	int w = q->width, side = w + 2 * QUIET;
	buf_printf(out,
		   "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\" "
		   "viewBox=\"0 0 %d %d\" shape-rendering=\"crispEdges\" "
		   "role=\"img\"",
		   side, side);
	if (label && *label) {
		buf_puts(out, " aria-label=\"");
		escape_html(out, label, strlen(label));
		buf_putc(out, '"');
	}
	buf_printf(out, "><rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>"
			"<path fill=\"#000\" d=\"",
		   side, side);
	for (int y = 0; y < w; y++) {
		const unsigned char *row = q->data + (size_t)y * (size_t)w;
		for (int x = 0; x < w;) {
			if (!(row[x] & 1)) {
				x++;
				continue;
			}
			int run = 1;
			while (x + run < w && (row[x + run] & 1))
				run++;
			buf_printf(out, "M%d %dh%dv1h-%dz", x + QUIET, y + QUIET,
				   run, run);
			x += run;
		}
	}
	buf_puts(out, "\"/></svg>");
	QRcode_free(q);
	return w;
}

static void base64(buf *out, const unsigned char *p, size_t n)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		char q[4] = {digits[v >> 18], digits[(v >> 12) & 63],
			     i + 1 < n ? digits[(v >> 6) & 63] : '=',
			     i + 2 < n ? digits[v & 63] : '='};
		buf_put(out, q, 4);
	}
}

int qr_svg_uri(buf *out, const char *text, const char *label)
{
	buf svg = BUF_INIT;
	int w = qr_svg(&svg, text, label);
	if (w > 0) {
		buf_puts(out, "data:image/svg+xml;base64,");
		base64(out, (const unsigned char *)svg.ptr, svg.len);
	}
	buf_free(&svg);
	return w;
}
