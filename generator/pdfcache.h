/* pdfcache — leaflet PDFs kept between builds, keyed by what goes into them.
 *
 * A leaflet's PDF, thumbnail and imposed booklet depend only on its print
 * HTML (which inlines the print CSS and the QR codes), the fonts and the
 * engine. The key is a SHA-256 of those: the HTML, the installed faces'
 * identity (fontsub_identity), the engine's path, size, time and version
 * (pdf_engine_identity) and PDFCACHE_FORMAT. A build whose leaflets did not
 * change takes their files from the cache instead of running the engine,
 * which takes seconds per leaflet.
 *
 * Layout: DIR/KEY/ holds the files by number (0 the PDF, 1 the thumbnail,
 * 2 the imposed booklet, when there is one) and facts.json (page count,
 * sizes: what the download page shows). An entry is written as
 * DIR/KEY.tmp.PID and renamed into place, so a reader never sees half of
 * one; entries are never changed after that, so a hit hard-links the files
 * into the build (copying them across file systems).
 *
 * A pdfcache owns its strings; pdfcache_close() frees them. Errors here are
 * never fatal: a cache that cannot be read or written is a slower build.
 */
#ifndef MINGBAI_PDFCACHE_H
#define MINGBAI_PDFCACHE_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

/* Change when what a cached entry holds, or how it is made, changes. */
#define PDFCACHE_FORMAT "mingbai-leaflet-1"

typedef struct pdfcache {
	char *dir;      /* the cache folder; NULL: caching is off */
	char *identity; /* engine and fonts, hashed into every key */
	char **used;    /* keys hit or stored by this build, for pruning */
	size_t n_used;
} pdfcache;

/* Start using the cache in dir (made when first written); dir NULL turns
 * caching off, and every call below then does nothing. */
void pdfcache_open(pdfcache *c, const char *dir);
void pdfcache_close(pdfcache *c);

/* The key of one leaflet's print HTML, as 64 hex digits into key. */
void pdfcache_key(const pdfcache *c, const char *html, size_t len, buf *key);

/* On a hit, link the entry's files to paths[0..n) (a NULL path is skipped)
 * and return its facts (the caller decrefs them); NULL on a miss. */
json_t *pdfcache_get(pdfcache *c, const char *key, const char *const *paths,
		     int n);

/* Keep paths[0..n) (NULL paths are skipped) and facts under key. */
void pdfcache_put(pdfcache *c, const char *key, const char *const *paths,
		  int n, const json_t *facts);

/* Remove the entries this build neither hit nor stored: the cache holds
 * the current leaflets, not every version the clerk ever saved. */
void pdfcache_prune(pdfcache *c);

#endif
