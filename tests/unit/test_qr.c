/* Unit tests for QR codes as SVG: the drawing is read back into a module
 * matrix and compared with libqrencode's, so a drawing bug cannot hide. */
#include <qrencode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "qr.h"
#include "../harness.h"

/* Parse the "Mx yhNv1h-Nz" runs of the SVG path into a side x side matrix. */
static unsigned char *read_back(const char *svg, int *side)
{
	const char *vb = strstr(svg, "viewBox=\"0 0 ");
	if (!vb || sscanf(vb, "viewBox=\"0 0 %d", side) != 1)
		return NULL;
	unsigned char *m = calloc((size_t)*side * (size_t)*side, 1);
	const char *p = strstr(svg, " d=\"");
	if (!p)
		return m;
	p += 4;
	int x, y, run, run2, used;
	while (sscanf(p, "M%d %dh%dv1h-%dz%n", &x, &y, &run, &run2, &used) == 4) {
		for (int i = 0; i < run; i++)
			if (x + i < *side && y < *side)
				m[y * *side + x + i] = 1;
		p += used;
	}
	return m;
}

static char *from_base64(const char *s)
{
	static const char digits[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n = strlen(s), o = 0;
	char *out = calloc(n, 1);
	unsigned v = 0;
	int bits = 0;
	for (size_t i = 0; i < n && s[i] != '='; i++) {
		const char *d = strchr(digits, s[i]);
		if (!d || !s[i])
			break;
		v = (v << 6) | (unsigned)(d - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((v >> bits) & 0xff);
		}
	}
	return out;
}

static void check_text(const char *text)
{
	buf svg = BUF_INIT;
	int w = qr_svg(&svg, text, "标签 & <x>");
	OK(w >= 21, "width %d for %s", w, text);
	OK(strncmp(svg.ptr, "<svg ", 5) == 0, "starts with <svg");
	OK(strstr(svg.ptr, "</svg>") != NULL, "closed");
	OK(strstr(svg.ptr, "aria-label=\"标签 &amp; &lt;x&gt;\"") != NULL,
	   "label escaped: %s", svg.ptr);

	QRcode *q = QRcode_encodeString8bit(text, 0, QR_ECLEVEL_M);
	int side = 0;
	unsigned char *m = read_back(svg.ptr, &side);
	EQ_INT(side, q->width + 8);
	int diff = 0, dark = 0;
	for (int y = 0; m && y < side; y++)
		for (int x = 0; x < side; x++) {
			int in = x >= 4 && y >= 4 && x < side - 4 && y < side - 4;
			int want = in ? q->data[(y - 4) * q->width + (x - 4)] & 1 : 0;
			diff += m[y * side + x] != want;
			dark += want;
		}
	EQ_INT(diff, 0);
	OK(dark > 0, "some dark modules");
	free(m);
	QRcode_free(q);
	buf_free(&svg);
}

int main(void)
{
	check_text("http://127.0.0.1:8080/leaflets/card/");
	check_text("https://zizhu.example.gov.cn/ask/");
	check_text("http://x/%E6%98%8E%E7%99%BD/");

	/* The data: URI is the same drawing, base64-encoded. */
	buf svg = BUF_INIT, uri = BUF_INIT;
	EQ_INT(qr_svg_uri(&uri, "http://x/ask/", "a"), 21);
	EQ_INT(qr_svg(&svg, "http://x/ask/", "a"), 21);
	const char *prefix = "data:image/svg+xml;base64,";
	OK(strncmp(uri.ptr, prefix, strlen(prefix)) == 0, "prefix");
	char *decoded = from_base64(uri.ptr + strlen(prefix));
	EQ_STR(decoded, svg.ptr);
	free(decoded);
	buf_free(&uri);
	buf_reset(&svg);

	EQ_INT(qr_svg(&svg, "http://127.0.0.1:8080/leaflets/card/", NULL), 29);
	OK(strstr(svg.ptr, "aria-label") == NULL, "no label when NULL");
	buf_reset(&svg);
	/* site.yaml's qr_labels may leave one empty: no name, not an empty one */
	EQ_INT(qr_svg(&svg, "http://127.0.0.1:8080/leaflets/card/", ""), 29);
	OK(strstr(svg.ptr, "aria-label") == NULL, "no label when empty");
	buf_reset(&svg);
	/* Past version 40's byte capacity: refused, nothing appended. */
	char *big = malloc(4000);
	memset(big, 'a', 3999);
	big[3999] = '\0';
	EQ_INT(qr_svg(&svg, big, NULL), -1);
	EQ_INT(svg.len, 0);
	free(big);
	buf_free(&svg);
	return harness_done();
}
