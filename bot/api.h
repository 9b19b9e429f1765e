/* api — the bot server's routes: POST/GET /api/ask, GET /api/suggest,
 * GET /healthz, GET /ask/?q= (the answer as a whole page, no JavaScript
 * needed) and everything else from the site folder. Bad input gets a JSON
 * error with the right status; the server goes on serving.
 */
#ifndef MINGBAI_API_H
#define MINGBAI_API_H

#include "http.h"

/* 0 turns the per-worker answer cache off (askbot serve --no-cache). */
extern int api_cache_enabled;

enum MHD_Result api_route(server *s, struct MHD_Connection *c, const char *url,
			  const char *method, request *req);

#endif
