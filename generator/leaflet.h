/* leaflet — printable leaflets: print HTML, PDF, QR codes, thumbnails and the
 * imposed booklet, from the same Markdown and policy variables as the site.
 *
 * The generator (site.c) renders each page in content/leaflets/ to HTML with
 * the variables filled in and hands it here as a leaflet_job; everything in
 * the job is borrowed. leaflet_build() writes under job->out_dir:
 *   leaflets/SLUG/index.html   print HTML (CSS paged media)
 *   leaflets/SLUG.pdf          when the PDF engine is installed
 *   leaflets/SLUG.png          thumbnail of the first page
 *   leaflets/SLUG-imposed.pdf  booklets only: A4, two A5 pages a side, saddle stitch
 * and adds what the download page shows to info (a JSON object it fills in:
 * slug, title, layout, layout_name, paper, orientation, url, pdf, pages,
 * pdf_size, thumbnail, thumb_width, thumb_height, imposed, imposed_pages;
 * pdf and what depends on it are null when the engine is not installed).
 *
 * Print templates are themes/default/print/LAYOUT.mustache, fetched from
 * the theme set as "print/LAYOUT"; print.css beside them is inlined. The
 * context is documented at the top of leaflet.c.
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
	template_set *theme;       /* compiled theme templates (loader: theme dir) */
	const char *theme_dir; /* e.g. themes/default, for print CSS and assets */
	const char *out_dir;   /* the build's output root */
	const char *today;     /* "YYYY-MM-DD" for a letter without a date, or
				  NULL: the clock (site_opts.today) */
	const char *cache_dir; /* the PDF cache (pdfcache.h), or NULL: none;
				  build_all takes it from the first job */
} leaflet_job;

/* 1 if the PDF engine can be run on this machine. */
int leaflet_pdf_available(void);

/* Build one leaflet. Returns 0, or -1 after reporting to d as
 * "path: message" (e.g. a PDF longer than max_pages). */
int leaflet_build(const leaflet_job *job, json_t *info, diag *d);

/* The same in two steps, so the PDF engine runs for several leaflets at
 * once: leaflet_start() writes the print HTML and starts the engine (NULL
 * after reporting an error), leaflet_finish() waits for it, checks the page
 * count, writes the thumbnail and the imposed booklet, fills info, and frees
 * the run. The job must stay alive until then. */
typedef struct leaflet_run leaflet_run;
leaflet_run *leaflet_start(const leaflet_job *job, diag *d);
int leaflet_finish(leaflet_run *r, json_t *info, diag *d);

/* Build n leaflets, at most one engine per core at a time; infos is an
 * array that gets one object per job, in order (an empty object for a job
 * that failed). When the engine is missing, prints once to d's stream that
 * PDFs were skipped and how to install it. Returns the number that failed. */
int leaflet_build_all(const leaflet_job *jobs, size_t n, json_t *infos,
		      diag *d);

/* The line printed when PDFs are skipped, for callers that build one by one. */
const char *leaflet_pdf_skipped_note(void);

#endif
