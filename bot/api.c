#include "api.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "mem.h"
#include "utf8.h"

/* One engine per worker thread (its SQL prepared once), reopened when the
 * server's generation moves on (SIGHUP or a new index file): a request in
 * flight finishes on the engine it started with. */
static pthread_key_t engine_key;
static pthread_once_t key_once = PTHREAD_ONCE_INIT;

/* Parents ask the same few hundred questions all summer: each worker keeps
 * the replies to recent questions (exact text → JSON) and drops them all
 * when the index changes. Eight ways per set, least recently used out: with
 * one way, two questions asked in turn that hash alike pushed each other
 * out on every ask, and a tenth of a few hundred questions went through the
 * engine every time. */
#define CACHE_SETS 256
#define CACHE_WAYS 8

typedef struct cached {
	char *q;     /* NULL: empty slot */
	char *json;
	size_t json_len;
	reply_kind kind;
	char *entry; /* the answered entry's id, for the question log */
	unsigned long used; /* the worker's tick when last asked */
} cached;

typedef struct worker {
	engine *e;
	unsigned generation;
	unsigned long tick;
	cached cache[CACHE_SETS][CACHE_WAYS];
} worker;

static void cache_clear(worker *w)
{
	for (size_t i = 0; i < CACHE_SETS; i++)
		for (size_t k = 0; k < CACHE_WAYS; k++) {
			cached *c = &w->cache[i][k];
			free(c->q);
			free(c->json);
			free(c->entry);
			memset(c, 0, sizeof *c);
		}
}

static void worker_free(void *p)
{
	worker *w = p;
	cache_clear(w);
	engine_close(w->e);
	free(w);
}

int api_cache_enabled = 1;

static cached *cache_set(worker *w, const char *q, size_t len)
{
	size_t h = 2166136261u;
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)q[i]) * 16777619u;
	return w->cache[h % CACHE_SETS];
}

/* The cached reply to q, or NULL. */
static cached *cache_find(worker *w, const char *q, size_t len)
{
	cached *set = cache_set(w, q, len);
	for (size_t k = 0; k < CACHE_WAYS; k++)
		if (set[k].q && strlen(set[k].q) == len && !memcmp(set[k].q, q, len)) {
			set[k].used = ++w->tick;
			return &set[k];
		}
	return NULL;
}

/* Store a reply to q (text is taken over), in place of the set's least
 * recently used one. */
static void cache_put(worker *w, const char *q, size_t len, char *text, reply_kind k,
		      const char *entry)
{
	cached *set = cache_set(w, q, len), *victim = &set[0];
	for (size_t i = 1; i < CACHE_WAYS && victim->q; i++)
		if (!set[i].q || set[i].used < victim->used)
			victim = &set[i];
	free(victim->q);
	free(victim->json);
	free(victim->entry);
	*victim = (cached){xstrndup(q, len), text, strlen(text), k,
			   xstrdup(entry ? entry : ""), ++w->tick};
}

static void make_key(void) { pthread_key_create(&engine_key, worker_free); }

static engine *worker_engine(server *s)
{
	pthread_once(&key_once, make_key);
	worker *w = pthread_getspecific(engine_key);
	if (!w) {
		w = xcalloc(1, sizeof *w);
		pthread_setspecific(engine_key, w);
	}
	unsigned g = atomic_load(&s->generation);
	if (!w->e || w->generation != g) {
		buf err = BUF_INIT;
		engine *e = engine_open(s->db_path, &err);
		if (e) {
			engine_close(w->e);
			cache_clear(w);
			w->e = e;
			w->generation = g;
		} else {
			fprintf(stderr, "askbot serve: %s\n", err.ptr);
		}
		buf_free(&err);
	}
	return w->e;
}

/* ---- checking a question ---------------------------------------------------- */

static const char *check_question(const char *q, size_t len)
{
	if (!q)
		return "missing q: send {\"q\": \"你的问题\"} or ?q=";
	if (!utf8_valid(q, len, NULL))
		return "the question is not valid UTF-8";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)q[i] < 0x20 && q[i] != '\t' && q[i] != '\n' && q[i] != '\r')
			return "the question contains control characters";
	slice t = slice_trim(slice_of(q, len));
	if (!t.len)
		return "the question is empty";
	if (utf8_count(q, len) > HTTP_MAX_QUESTION)
		return "the question is longer than 200 characters";
	return NULL;
}

static void log_reply(server *s, const char *q, const json_t *r, reply_kind k)
{
	if (k == REPLY_ANSWER) {
		const json_t *a = json_array_get(json_object_get(r, "answers"), 0);
		querylog_answered(s->log, json_string_value(json_object_get(a, "id")));
	} else if (k == REPLY_DECLINE) {
		querylog_declined(s->log, q);
	}
}

static int rate_limited(server *s, struct MHD_Connection *c, const char *method,
			const char *url, enum MHD_Result *rc)
{
	char addr[48];
	int retry = 1;
	http_client_addr(s, c, addr, sizeof addr);
	if (http_rate_ok(s, addr, &retry))
		return 0;
	char secs[16];
	snprintf(secs, sizeof secs, "%d", retry);
	const char *hdr[][2] = {{"Retry-After", secs}, {"Cache-Control", "no-store"},
				{NULL, NULL}};
	const char *body = "{\"error\":\"too many questions from your address; wait a "
			   "moment\",\"status\":429}";
	*rc = http_send(s, c, method, url, 429, "application/json; charset=utf-8", body,
			strlen(body), hdr);
	return 1;
}

const char *api_question(const char *method, const char *body, size_t body_len,
			 int too_big, const char *query_q, json_t **holder, const char **q,
			 size_t *len, unsigned *status)
{
	*holder = NULL;
	*q = NULL;
	*len = 0;
	*status = 400;
	if (!strcmp(method, "POST")) {
		if (too_big) {
			*status = 413;
			return "the request body is larger than 8 KB";
		}
		json_error_t je;
		json_t *b = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(b)) {
			json_decref(b);
			return "the body must be JSON: {\"q\": \"你的问题\"}";
		}
		*holder = b;
		json_t *jq = json_object_get(b, "q");
		if (jq && !json_is_string(jq))
			return "q must be a string";
		*q = json_string_value(jq);
		*len = *q ? json_string_length(jq) : 0;
	} else {
		*q = query_q;
		*len = query_q ? strlen(query_q) : 0;
	}
	return check_question(*q, *len);
}

/* ---- the routes ---------------------------------------------------------------- */

static enum MHD_Result method_not_allowed(server *s, struct MHD_Connection *c,
					  const char *method, const char *url,
					  const char *allow)
{
	const char *hdr[][2] = {{"Allow", allow}, {NULL, NULL}};
	const char *body = "{\"error\":\"method not allowed\",\"status\":405}";
	return http_send(s, c, method, url, 405, "application/json; charset=utf-8", body,
			 strlen(body), hdr);
}

static enum MHD_Result ask(server *s, struct MHD_Connection *c, const char *method,
			   const char *url, request *req)
{
	const char *q = NULL;
	size_t len = 0;
	json_t *body = NULL;
	unsigned status;
	const char *bad = api_question(method, req->body.ptr, req->body.len, req->too_big,
				       MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q"),
				       &body, &q, &len, &status);
	if (bad) {
		json_decref(body);
		return http_error(s, c, method, url, status, bad);
	}
	enum MHD_Result rc;
	if (rate_limited(s, c, method, url, &rc)) {
		json_decref(body);
		return rc;
	}
	engine *e = worker_engine(s);
	if (!e) {
		json_decref(body);
		return http_error(s, c, method, url, 503, "the index is not available");
	}
	static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
	worker *w = pthread_getspecific(engine_key);
	cached *slot = api_cache_enabled ? cache_find(w, q, len) : NULL;
	if (slot) {
		if (slot->kind == REPLY_ANSWER)
			querylog_answered(s->log, slot->entry);
		else if (slot->kind == REPLY_DECLINE)
			querylog_declined(s->log, slot->q);
		rc = http_send(s, c, method, url, 200, "application/json; charset=utf-8",
			       slot->json, slot->json_len, no_store);
		json_decref(body);
		return rc;
	}
	buf err = BUF_INIT;
	reply_kind k;
	json_t *r = engine_ask_kind(e, q, len, &k, &err);
	if (!r) {
		rc = http_error(s, c, method, url, 400, err.ptr);
	} else {
		log_reply(s, q, r, k);
		char *text = json_dumps(r, JSON_COMPACT);
		rc = http_send(s, c, method, url, 200, "application/json; charset=utf-8", text,
			       strlen(text), no_store);
		const char *id = json_string_value(json_object_get(
			json_array_get(json_object_get(r, "answers"), 0), "id"));
		if (api_cache_enabled)
			cache_put(w, q, len, text, k, id);
		else
			free(text);
	}
	json_decref(r);
	json_decref(body);
	buf_free(&err);
	return rc;
}

static enum MHD_Result suggest(server *s, struct MHD_Connection *c, const char *method,
			       const char *url)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	const char *bad = check_question(q, q ? strlen(q) : 0);
	if (bad)
		return http_error(s, c, method, url, 400, bad);
	enum MHD_Result rc;
	if (rate_limited(s, c, method, url, &rc))
		return rc;
	engine *e = worker_engine(s);
	if (!e)
		return http_error(s, c, method, url, 503, "the index is not available");
	json_t *list = engine_suggest(e, q, strlen(q), 5);
	json_t *r = json_pack("{s:s,s:o}", "query", q, "suggestions", list);
	rc = http_json(s, c, method, url, 200, r);
	json_decref(r);
	return rc;
}

/* GET /ask/?q=… : the answer as a whole page, for phones without JavaScript. */
static enum MHD_Result ask_page(server *s, struct MHD_Connection *c, const char *method,
				const char *url)
{
	const char *q = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q");
	if (!q || !*q)
		return http_static(s, c, method, "/ask/");
	json_t *ctx = json_object();
	unsigned status = 200;
	pthread_rwlock_rdlock(&s->lock);
	json_object_set(ctx, "hotline", json_object_get(s->config, "hotline"));
	json_object_set(ctx, "hotline_name", json_object_get(s->config, "hotline_name"));
	pthread_rwlock_unlock(&s->lock);
	const char *bad = check_question(q, strlen(q));
	enum MHD_Result rc;
	if (!bad && rate_limited(s, c, method, url, &rc)) {
		json_decref(ctx);
		return rc;
	}
	engine *e = bad ? NULL : worker_engine(s);
	if (bad) {
		status = 400;
		json_object_set_new(ctx, "error", json_string(bad));
		json_object_set_new(ctx, "has_query", json_false());
	} else if (!e) {
		status = 503;
		json_object_set_new(ctx, "error", json_string("问答服务暂时不可用，请稍后再试或拨打电话咨询。"));
		json_object_set_new(ctx, "has_query", json_false());
	} else {
		buf err = BUF_INIT;
		reply_kind k;
		json_t *r = engine_ask_kind(e, q, strlen(q), &k, &err);
		if (r) {
			log_reply(s, q, r, k);
			json_object_update(ctx, r);
			json_object_set_new(ctx, "has_query", json_true());
			json_object_set_new(ctx, "declined", json_boolean(k == REPLY_DECLINE));
			json_t *answers = json_object_get(r, "answers");
			json_object_set(ctx, "best", json_array_get(answers, 0));
			json_t *related = json_array();
			for (size_t i = 1; i < json_array_size(answers); i++)
				json_array_append(related, json_array_get(answers, i));
			json_object_set_new(ctx, "related", related);
			json_object_set_new(ctx, "has_related", json_boolean(json_array_size(related) > 0));
		}
		json_decref(r);
		buf_free(&err);
	}
	buf html = BUF_INIT, err = BUF_INIT;
	pthread_rwlock_rdlock(&s->lock);
	int ok = s->ask_page && tmpl_render(s->ask_page, ctx, &html, &err) == 0;
	pthread_rwlock_unlock(&s->lock);
	json_decref(ctx);
	if (ok) {
		static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
		rc = http_send(s, c, method, url, status, "text/html; charset=utf-8", html.ptr,
			       html.len, no_store);
	} else {
		rc = http_error(s, c, method, url, 500, "the answer page cannot be shown");
	}
	buf_free(&html);
	buf_free(&err);
	return rc;
}

enum MHD_Result api_route(server *s, struct MHD_Connection *c, const char *url,
			  const char *method, request *req)
{
	int get = !strcmp(method, "GET") || !strcmp(method, "HEAD");
	if (!strcmp(method, "OPTIONS")) {
		static const char *pre[][2] = {{"Access-Control-Allow-Methods", "GET, POST, OPTIONS"},
					       {"Access-Control-Allow-Headers", "Content-Type"},
					       {"Access-Control-Max-Age", "86400"},
					       {NULL, NULL}};
		return http_send(s, c, method, url, 204, NULL, "", 0, pre);
	}
	if (!strcmp(url, "/api/ask")) {
		if (!get && strcmp(method, "POST"))
			return method_not_allowed(s, c, method, url, "GET, POST, OPTIONS");
		return ask(s, c, method, url, req);
	}
	if (!strcmp(url, "/api/suggest")) {
		if (!get)
			return method_not_allowed(s, c, method, url, "GET, OPTIONS");
		return suggest(s, c, method, url);
	}
	if (!strcmp(url, "/healthz")) {
		if (!get)
			return method_not_allowed(s, c, method, url, "GET");
		engine *e = worker_engine(s);
		json_t *r = json_pack("{s:b,s:i}", "ok", e != NULL, "generation",
				      (int)atomic_load(&s->generation));
		enum MHD_Result rc = http_json(s, c, method, url, e ? 200 : 503, r);
		json_decref(r);
		return rc;
	}
	if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api"))
		return http_error(s, c, method, url, 404, "no such API route");
	if (!strcmp(url, "/ask/") && get &&
	    MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q"))
		return ask_page(s, c, method, url);
	return http_static(s, c, method, url);
}
