/* leaflet — printable leaflets: print HTML, PDF, QR codes, thumbnails and the
 * imposed booklet, from the same Markdown and policy variables as the site.
 *
 * The generator (site.c) renders each content/leaflets/*.md body to HTML with
 * the variables filled in and hands it here as a leaflet_job; everything in
 * the job is borrowed. leaflet_build() writes under job->out_dir:
 *   leaflets/SLUG/index.html   print HTML (CSS paged media)
 *   leaflets/SLUG.pdf          when the PDF engine is installed
 *   leaflets/SLUG.png          thumbnail of the first page
 *   leaflets/SLUG-imposed.pdf  booklets only: A4, two A5 pages a side, saddle stitch
 * and adds what the download page shows to info (a JSON object it fills in:
 * paper, pages, pdf, thumbnail, imposed …).
 */
#ifndef MINGBAI_LEAFLET_H
#define MINGBAI_LEAFLET_H

#include <jansson.h>

#include "diag.h"
#include "template.h"

typedef struct leaflet_job {
	const char *src_path;  /* content/leaflets/card.md, for messages */
	const char *slug;
	const char *title;
	const char *layout;    /* card | letter | trifold | booklet */
	const char *paper;     /* "A4", "A5", or NULL for the layout's default */
	int max_pages;         /* 0: no limit */
	const char *body_html; /* the rendered Markdown body */
	const json_t *page;    /* the page context (front matter, url …) */
	const json_t *site;    /* the site context (title, owner, base_url, policy …) */
	tmpl_set *theme;       /* compiled theme templates (loader: theme dir) */
	const char *theme_dir; /* e.g. themes/default, for print CSS and assets */
	const char *out_dir;   /* the build's output root */
} leaflet_job;

/* 1 if the PDF engine can be run on this machine. */
int leaflet_pdf_available(void);

/* Build one leaflet. Returns 0, or -1 after reporting to d as
 * "path: message" (e.g. a PDF longer than max_pages). */
int leaflet_build(const leaflet_job *job, json_t *info, diag *d);

#endif
