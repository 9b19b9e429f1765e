#include "api.h"

#include <ctype.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
		return "没有收到问题：请发送 {\"q\": \"你的问题\"}，或在网址后加 ?q=你的问题";
	if (!utf8_valid(q, len, NULL))
		return "问题里有无法识别的字符，请重新输入";
	for (size_t i = 0; i < len; i++)
		if ((unsigned char)q[i] < 0x20 && q[i] != '\t' && q[i] != '\n' && q[i] != '\r')
			return "问题里有看不见的控制字符，请重新输入";
	slice t = slice_trim(slice_of(q, len));
	if (!t.len)
		return "问题是空的，请写下您想问的问题";
	if (utf8_count(q, len) > HTTP_MAX_QUESTION)
		return "问题太长了（最多 200 个字），请说得短一些";
	return NULL;
}

/* The question log: declined text, a count per answered entry, and every
 * reply counted by day for the report. */
static void log_reply(server *s, const char *q, reply_kind k, const char *entry)
{
	if (k == REPLY_ANSWER) {
		querylog_answered(s->log, entry);
		querylog_day(s->log, "answer", entry);
	} else if (k == REPLY_DECLINE) {
		querylog_declined(s->log, q);
		querylog_day(s->log, "decline", NULL);
	} else {
		querylog_day(s->log, "choices", NULL);
	}
}

static const char *first_id(const json_t *r)
{
	return json_string_value(
		json_object_get(json_array_get(json_object_get(r, "answers"), 0), "id"));
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
	const char *body = "{\"error\":\"问得太快了，请稍等一会儿再问\",\"status\":429}";
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
			return "发来的内容太大（超过 8 KB）";
		}
		json_error_t je;
		json_t *b = json_loadb(body, body_len, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(b)) {
			json_decref(b);
			return "发来的内容要是 JSON：{\"q\": \"你的问题\"}";
		}
		*holder = b;
		json_t *jq = json_object_get(b, "q");
		if (jq && !json_is_string(jq))
			return "q 必须是文字";
		*q = json_string_value(jq);
		*len = *q ? json_string_length(jq) : 0;
	} else {
		*q = query_q;
		*len = query_q ? strlen(query_q) : 0;
	}
	return check_question(*q, *len);
}

/* ---- the routes ---------------------------------------------------------------- */

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
		return http_error(s, c, method, url, 503, "问答服务暂时不可用，请稍后再试或拨打电话咨询");
	}
	static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
	worker *w = pthread_getspecific(engine_key);
	cached *slot = api_cache_enabled ? cache_find(w, q, len) : NULL;
	if (slot) {
		log_reply(s, slot->q, slot->kind, slot->entry);
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
		const char *id = first_id(r);
		log_reply(s, q, k, id);
		char *text = json_dumps(r, JSON_COMPACT);
		rc = http_send(s, c, method, url, 200, "application/json; charset=utf-8", text,
			       strlen(text), no_store);
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
		return http_error(s, c, method, url, 503, "问答服务暂时不可用，请稍后再试或拨打电话咨询");
	json_t *list = engine_suggest(e, q, strlen(q), 5);
	json_t *r = json_pack("{s:s,s:o}", "query", q, "suggestions", list);
	rc = http_json(s, c, method, url, 200, r);
	json_decref(r);
	return rc;
}

/* Render the answer page for ctx (taken over) and send it. */
static enum MHD_Result send_ask_page(server *s, struct MHD_Connection *c, const char *method,
				     const char *url, unsigned status, json_t *ctx)
{
	enum MHD_Result rc;
	buf html = BUF_INIT, err = BUF_INIT;
	pthread_rwlock_rdlock(&s->lock);
	json_object_set(ctx, "hotline", json_object_get(s->config, "hotline"));
	json_object_set(ctx, "hotline_name", json_object_get(s->config, "hotline_name"));
	int ok = s->ask_page && template_render(s->ask_page, ctx, &html, &err) == 0;
	pthread_rwlock_unlock(&s->lock);
	json_decref(ctx);
	if (ok) {
		static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
		rc = http_send(s, c, method, url, status, "text/html; charset=utf-8", html.ptr,
			       html.len, no_store);
	} else {
		rc = http_error(s, c, method, url, 500, "回答页面暂时显示不了，请稍后再试或拨打电话咨询");
	}
	buf_free(&html);
	buf_free(&err);
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
			log_reply(s, q, k, first_id(r));
			json_object_update(ctx, r);
			json_object_set_new(ctx, "has_query", json_true());
			json_object_set_new(ctx, "declined", json_boolean(k == REPLY_DECLINE));
			json_object_set_new(ctx, "did_you_mean", json_boolean(k == REPLY_DID_YOU_MEAN));
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
	return send_ask_page(s, c, method, url, status, ctx);
}

/* ---- feedback ----------------------------------------------------------------- */

/* One tap under an answer, from the widget (JSON) or the answer page's
 * forms (application/x-www-form-urlencoded, no JavaScript needed). */
typedef struct feedback {
	json_t *holder;     /* the JSON body or the decoded form, owns the strings */
	const char *entry;
	const char *q;      /* may be NULL */
	int helpful;
	int choice;         /* picked from a did-you-mean */
	const char *go;     /* form only: where to send the parent after a choice */
	int form;
} feedback;

/* %-decode a form value ('+' is a space); -1 on a bad escape or a NUL. */
static int form_decode(const char *s, size_t n, buf *out)
{
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '+') {
			buf_putc(out, ' ');
		} else if (s[i] == '%') {
			if (i + 2 >= n || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]))
				return -1;
			char hex[3] = {s[i + 1], s[i + 2], 0};
			char v = (char)strtol(hex, NULL, 16);
			if (!v)
				return -1;
			buf_putc(out, v);
			i += 2;
		} else {
			buf_putc(out, s[i]);
		}
	}
	return 0;
}

/* A form body as a JSON object of strings; NULL if malformed or a key
 * repeats. */
static json_t *form_parse(const char *body, size_t len)
{
	json_t *o = json_object();
	buf k = BUF_INIT, v = BUF_INIT;
	size_t i = 0;
	while (i < len) {
		size_t end = i;
		while (end < len && body[end] != '&')
			end++;
		const char *eq = memchr(body + i, '=', end - i);
		buf_reset(&k);
		buf_reset(&v);
		if (!eq || form_decode(body + i, (size_t)(eq - body - i), &k) < 0 ||
		    form_decode(eq + 1, (size_t)(body + end - eq - 1), &v) < 0 ||
		    !utf8_valid(k.ptr, k.len, NULL) || !utf8_valid(v.ptr, v.len, NULL) ||
		    json_object_get(o, k.ptr))
			goto fail;
		json_object_set_new(o, k.ptr, json_stringn(v.ptr, v.len));
		i = end + 1;
	}
	buf_free(&k);
	buf_free(&v);
	return o;
fail:
	buf_free(&k);
	buf_free(&v);
	json_decref(o);
	return NULL;
}

/* An entry id as search.json writes them: faq/… or guides/…, plain text. */
static const char *check_entry(const char *id)
{
	if (!id)
		return "缺少 entry：要评价的是哪一条回答";
	size_t n = strlen(id);
	if (n > 512 || !utf8_valid(id, n, NULL) ||
	    (strncmp(id, "faq/", 4) && strncmp(id, "guides/", 7)))
		return "entry 不是一条回答的编号";
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)id[i] < 0x20 || id[i] == 0x7f)
			return "entry 不是一条回答的编号";
	return NULL;
}

static int form_flag(const char *v, int *out)
{
	if (!v)
		return -1;
	if (!strcmp(v, "1") || !strcmp(v, "true")) {
		*out = 1;
		return 0;
	}
	if (!strcmp(v, "0") || !strcmp(v, "false")) {
		*out = 0;
		return 0;
	}
	return -1;
}

/* Fill f from the request; NULL or the reason it is malformed. */
static const char *feedback_parse(request *req, const char *type, feedback *f)
{
	memset(f, 0, sizeof *f);
	/* curl -d sends JSON as a form: a body that opens with { is JSON */
	size_t i = 0;
	while (i < req->body.len && strchr(" \t\r\n", req->body.ptr[i]))
		i++;
	f->form = type && !strncasecmp(type, "application/x-www-form-urlencoded", 33) &&
		  !(i < req->body.len && req->body.ptr[i] == '{');
	if (f->form) {
		f->holder = form_parse(req->body.ptr, req->body.len);
		if (!f->holder)
			return "表单内容有误";
	} else {
		json_error_t je;
		f->holder = json_loadb(req->body.ptr, req->body.len, JSON_REJECT_DUPLICATES, &je);
		if (!json_is_object(f->holder))
			return "发来的内容要是 JSON：{\"entry\": \"…\", \"helpful\": true, \"q\": \"…\"}";
	}
	const char *key;
	json_t *v;
	json_object_foreach(f->holder, key, v) {
		if (strcmp(key, "entry") && strcmp(key, "helpful") && strcmp(key, "q") &&
		    strcmp(key, "choice") && !(f->form && !strcmp(key, "go")))
			return "有不认识的字段";
		int flag = !strcmp(key, "helpful") || !strcmp(key, "choice");
		if ((f->form || !flag) && !json_is_string(v))
			return "entry、q 和 go 必须是文字";
	}
	json_t *jh = json_object_get(f->holder, "helpful"), *jc = json_object_get(f->holder, "choice");
	if (f->form) {
		if (form_flag(json_string_value(jh), &f->helpful) < 0)
			return "helpful 只能是 1 或 0";
		if (jc && form_flag(json_string_value(jc), &f->choice) < 0)
			return "choice 只能是 1 或 0";
		f->go = json_string_value(json_object_get(f->holder, "go"));
	} else {
		if (!json_is_boolean(jh))
			return "helpful 只能是 true 或 false";
		if (jc && !json_is_boolean(jc))
			return "choice 只能是 true 或 false";
		f->helpful = json_is_true(jh);
		f->choice = json_is_true(jc);
	}
	f->entry = json_string_value(json_object_get(f->holder, "entry"));
	const char *bad = check_entry(f->entry);
	if (bad)
		return bad;
	json_t *jq = json_object_get(f->holder, "q");
	f->q = json_string_value(jq);
	if (f->q && (bad = check_question(f->q, json_string_length(jq))))
		return bad;
	if (f->choice && (!f->q || !f->helpful))
		return "选中一条建议时，要同时发来问题，并且 helpful 为 true";
	/* only a page of this site, never another host */
	if (f->go && (f->go[0] != '/' || f->go[1] == '/' || strchr(f->go, '\\') ||
		      !utf8_valid(f->go, strlen(f->go), NULL)))
		return "go 必须是本站的一个地址";
	return NULL;
}

const char *api_feedback_check(const char *type, const char *body, size_t len)
{
	request req = {0};
	buf_init(&req.body);
	buf_put(&req.body, body, len);
	feedback f;
	const char *bad = feedback_parse(&req, type, &f);
	json_decref(f.holder);
	buf_free(&req.body);
	return bad;
}

/* 有帮助 on an entry the engine was not sure of (a did-you-mean whose first
 * choice it was, or an answer that only just beat the next one): that
 * phrasing is worth adding as 也问, so it is kept like a choice. Close means a lead under
 * LOW_MARGIN: the lowest quarter of answered questions in the project's
 * question sets. The answer is asked again (not logged): the feedback does
 * not carry the margin, and a client cannot be trusted to. */
#define LOW_MARGIN 0.1

static feedback_verdict feedback_verdict_of(server *s, const feedback *f)
{
	if (f->choice)
		return FEEDBACK_CHOICE;
	if (!f->helpful)
		return FEEDBACK_UNHELPFUL;
	engine *e = f->q ? worker_engine(s) : NULL;
	if (!e)
		return FEEDBACK_HELPFUL;
	buf err = BUF_INIT;
	reply_kind k;
	json_t *r = engine_ask_kind(e, f->q, strlen(f->q), &k, &err);
	const char *id = r ? first_id(r) : NULL;
	int close = r && id && !strcmp(id, f->entry) &&
		    (k == REPLY_DID_YOU_MEAN ||
		     (k == REPLY_ANSWER && engine_last_signals(e).gap < LOW_MARGIN));
	json_decref(r);
	buf_free(&err);
	return close ? FEEDBACK_CONFIRMED : FEEDBACK_HELPFUL;
}

/* POST /api/feedback: {"entry": id, "helpful": bool, "q": "…", "choice": bool}
 * or the same as a form. JSON gets {"ok": true}; a form gets the answer page
 * saying thanks, or after a choice a 303 to the chosen answer. */
static enum MHD_Result feedback_route(server *s, struct MHD_Connection *c, const char *method,
				      const char *url, request *req)
{
	if (req->too_big)
		return http_error(s, c, method, url, 413, "发来的内容太大（超过 8 KB）");
	feedback f;
	const char *bad = feedback_parse(
		req, MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type"), &f);
	enum MHD_Result rc;
	if (bad) {
		rc = http_error(s, c, method, url, 400, bad);
	} else if (!rate_limited(s, c, method, url, &rc)) {
		querylog_feedback(s->log, f.entry, feedback_verdict_of(s, &f), f.q);
		static const char *no_store[][2] = {{"Cache-Control", "no-store"}, {NULL, NULL}};
		if (!f.form) {
			const char *ok = "{\"ok\":true}";
			rc = http_send(s, c, method, url, 200, "application/json; charset=utf-8", ok,
				       strlen(ok), no_store);
		} else if (f.choice && f.go) {
			const char *hdr[][2] = {{"Location", f.go}, {"Cache-Control", "no-store"},
						{NULL, NULL}};
			rc = http_send(s, c, method, url, 303, NULL, "", 0, hdr);
		} else {
			json_t *ctx = json_pack("{s:b,s:b,s:b}", "thanks", 1, "has_query", 0,
						"helpful", f.helpful);
			rc = send_ask_page(s, c, method, url, 200, ctx);
		}
	}
	json_decref(f.holder);
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
			return http_not_allowed(s, c, method, url, "GET, POST, OPTIONS");
		return ask(s, c, method, url, req);
	}
	if (!strcmp(url, "/api/feedback")) {
		if (strcmp(method, "POST"))
			return http_not_allowed(s, c, method, url, "POST, OPTIONS");
		return feedback_route(s, c, method, url, req);
	}
	if (!strcmp(url, "/api/suggest")) {
		if (!get)
			return http_not_allowed(s, c, method, url, "GET, OPTIONS");
		return suggest(s, c, method, url);
	}
	if (!strcmp(url, "/healthz")) {
		if (!get)
			return http_not_allowed(s, c, method, url, "GET");
		engine *e = worker_engine(s);
		json_t *r = json_pack("{s:b,s:i}", "ok", e != NULL, "generation",
				      (int)atomic_load(&s->generation));
		enum MHD_Result rc = http_json(s, c, method, url, e ? 200 : 503, r);
		json_decref(r);
		return rc;
	}
	if (!strncmp(url, "/api/", 5) || !strcmp(url, "/api"))
		return http_error(s, c, method, url, 404, "没有这个接口");
	if (!strcmp(url, "/ask/") && get &&
	    MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "q"))
		return ask_page(s, c, method, url);
	return http_static(s, c, method, url);
}
