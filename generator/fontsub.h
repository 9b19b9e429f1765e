/* fontsub — the CJK font cut down, once per build, to the characters the
 * leaflets use.
 *
 * WeasyPrint subsets each font it embeds, and with Noto CJK (a collection of
 * 20 MB) that costs it about two seconds per face per leaflet. Cutting the
 * two faces the print CSS uses (Noto Sans CJK SC regular and bold) down to
 * the characters of every leaflet first, with fontTools run in the engine's
 * own Python (WeasyPrint depends on it), makes a render about five times
 * faster and a PDF about four times smaller. The output is the same font:
 * what the PDF embeds is still a subset of Noto Sans CJK SC.
 *
 * A fontsub owns a temporary folder holding the two cut faces and fonts.css,
 * a user stylesheet for the engine that puts them first (a user !important
 * rule wins over the page's own font-family). fontsub_free() removes it.
 */
#ifndef MINGBAI_FONTSUB_H
#define MINGBAI_FONTSUB_H

#include <stddef.h>

#include "buf.h"

typedef struct fontsub {
	char *dir;
	char *css; /* DIR/fonts.css, for pdf_start() */
} fontsub;

/* Cut the faces down to the characters of text (plus ASCII and the marks
 * CSS generates, such as list bullets), running python (the engine's
 * interpreter) twice in parallel. Returns 0, or -1 with a reason in err;
 * fs is then empty and rendering simply goes on without it. */
int fontsub_make(fontsub *fs, const char *python, const char *text,
		 size_t len, buf *err);
void fontsub_free(fontsub *fs);

/* The installed faces' identity for the leaflet cache: file, face index,
 * size and modification time of the regular and bold face fontconfig
 * picks (an updated fonts-noto-cjk changes it), appended to out. */
void fontsub_identity(buf *out);

#endif
