/* preview — `sitegen serve`: the site as the clerk edits it, in a browser.
 *
 * Builds the content into a temporary folder, indexes it and serves it with
 * the bot (askbot serve, a child process), then watches the content and
 * theme folders with inotify and rebuilds after each save. Every page of a
 * preview build carries one extra script, /_preview/reload.js, which no
 * real build has: it asks /_preview/status.json every 300 ms and reloads
 * the page when a new build succeeded, or shows the build's messages
 * (file:line: message) in place of the page when it failed; the server
 * keeps serving the last good build meanwhile. Leaflet PDFs come from the
 * PDF cache, so only a leaflet that changed is made again.
 *
 * The temporary folder is removed on SIGINT or SIGTERM.
 */
#ifndef MINGBAI_PREVIEW_H
#define MINGBAI_PREVIEW_H

typedef struct preview_opts {
	const char *content_dir;
	const char *theme_dir;
	const char *listen;    /* "127.0.0.1:1313" */
	const char *cache_dir; /* leaflet PDF cache, or NULL */
} preview_opts;

/* Runs until a signal; 0, or 2 when it cannot start. */
int preview_run(const preview_opts *o);

#endif
