/* qr — QR codes drawn as SVG, for the leaflets' links back to the site.
 *
 * Encoding is libqrencode's; this module only draws. The SVG is appended to a
 * caller-owned buf and owns nothing afterwards. It is black modules on a white
 * square with the four-module quiet zone the standard asks for, one path per
 * symbol (dark runs merged per row), crisp edges, and no fixed size: the
 * print CSS sizes it, so a print shop's scaling never blurs it.
 */
#ifndef MINGBAI_QR_H
#define MINGBAI_QR_H

#include "buf.h"

/* Append an <svg> for text (error correction level M, byte mode, smallest
 * version that fits). label becomes the accessible name (NULL or "": the
 * symbol has none).
 * Returns the symbol's width in modules, or -1 when text cannot be encoded
 * (too long for any version); nothing is appended then. */
int qr_svg(buf *out, const char *text, const char *label);

/* The same drawing as a data: URI (base64) for an <img src>: WeasyPrint
 * sizes an <img> by its CSS box, where it mislays an inline <svg>. Returns
 * as qr_svg(). */
int qr_svg_uri(buf *out, const char *text, const char *label);

#endif
