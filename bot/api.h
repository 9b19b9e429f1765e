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

/* The question of a request to /api/ask: from the JSON body of a POST
 * ({"q": "…"}, at most 8 KB) or the q argument of a GET. Returns NULL and
 * sets q and len, or an error message and the status to answer with. *holder
 * receives the parsed body (the caller json_decref()s it either way). */
const char *api_question(const char *method, const char *body, size_t body_len,
			 int too_big, const char *query_q, json_t **holder, const char **q,
			 size_t *len, unsigned *status);

/* Check a POST /api/feedback body as the route does (JSON, or a form when
 * type is application/x-www-form-urlencoded): NULL if it is well formed,
 * else the reason for the 400 (a static string). For the fuzz target. */
const char *api_feedback_check(const char *type, const char *body, size_t len);

enum MHD_Result api_route(server *s, struct MHD_Connection *c, const char *url,
			  const char *method, request *req);

#endif
