/* engine — the question bot's answering engine, as the server and the CLI use it.
 *
 * An engine is one open index (var/askbot.db) with its statements prepared
 * once. It is not thread-safe: the server opens one per worker thread.
 * Everything returned is a new Jansson reference the caller json_decref()s.
 *
 * This header is the seam between the engine (tokenizer, index, query) and
 * its users (askbot ask/eval, the HTTP API). Its signatures are fixed.
 */
#ifndef MINGBAI_ENGINE_H
#define MINGBAI_ENGINE_H

#include <jansson.h>
#include <stddef.h>

#include "buf.h"

typedef struct engine engine;

/* Open the index at db_path read-only. NULL on failure, with a message in err. */
engine *engine_open(const char *db_path, buf *err);
void engine_close(engine *e);

/* Answer a question (UTF-8, len bytes). Returns the reply in exactly the
 * shape of `askbot ask --json`:
 *   {"query": "...", "answered": true|false,
 *    "kind": "answer"|"did_you_mean"|"decline",
 *    "answers": [{"id","question","text","url","score"}, ...up to 3],
 *    "fallback": "..."}
 * NULL only for invalid input (not UTF-8), with a message in err. */
json_t *engine_ask(engine *e, const char *q, size_t len, buf *err);

/* Question autocomplete: up to limit entries whose question matches the
 * prefix, as [{"id","question","url"}, ...]. Never NULL. */
json_t *engine_suggest(engine *e, const char *prefix, size_t len, int limit);

/* The site facts stored with the index (title, hotline, ask_url …), as in
 * search.json's "site" object. Borrowed: valid until engine_close(). */
const json_t *engine_site(const engine *e);

/* ---- for askbot eval and the server's log ---------------------------------- */

typedef enum reply_kind {
	REPLY_ANSWER,      /* answered: true */
	REPLY_DID_YOU_MEAN, /* too close to call: the top three as choices */
	REPLY_DECLINE,     /* not found: the hotline and up to three suggestions */
} reply_kind;

/* engine_ask, also telling which of the three replies it is. */
json_t *engine_ask_kind(engine *e, const char *q, size_t len, reply_kind *kind,
			buf *err);

/* The decision thresholds (see README, "Question bot"): a reply needs at
 * least `decline` of the question's weighted words found in the answer, at
 * most `unknown` of them unknown to the index, and no word the index knows
 * but the answer lacks weighing more than `miss`, or it is a decline. To be
 * a confident answer rather than a did-you-mean it also needs a lead of
 * `gap` over the next answer and a ranking score of at least `answer`.
 * All are fitted by cross-validation (tests/eval/cv.py). */
typedef struct engine_thresholds {
	double decline; /* least share of the question found in the answer */
	double unknown; /* most share of the question in words the index lacks */
	double gap;     /* least lead of the best answer over the next */
	double miss;    /* most share of one known word the answer lacks */
	double answer;  /* least ranking score of a confident answer */
	double decline_named; /* decline, for a question that names the student
			       * loan: it is ours even where its words are not
			       * the pages', and choices with the hotline serve
			       * it better than being told it is not our topic */
	double unknown_bare; /* unknown, for a question that speaks of no
			      * loan at all (asking_speaks_of_loans): it has
			      * nothing to say it is ours but the words the
			      * pages share with it */
} engine_thresholds;

extern const engine_thresholds engine_default_thresholds;

/* What the last engine_ask decided on, for calibration: the best answer's
 * coverage and missed word, the question's unknown share, the best
 * answer's lead, whether the question named another topic and whether it
 * named ours. */
typedef struct engine_signals {
	int candidates; /* 0: nothing matched at all */
	double coverage, unknown, miss, gap;
	int off_topic;  /* another office's topic or another lender's product */
	double score;   /* the best answer's ranking score */
	int names_ours; /* the question names the student loan (asking.h) */
	int bare;       /* it speaks of no loan at all (asking.h) */
} engine_signals;

engine_signals engine_last_signals(const engine *e);
/* The reply the thresholds t give for signals s. */
reply_kind engine_decide(engine_thresholds t, engine_signals s);
void engine_set_thresholds(engine *e, engine_thresholds t);
/* With on, every reply also holds "candidates" (each with its ranking
 * features) and "signals": what `askbot eval --features` writes out for
 * tests/eval/cv.py to fit the weights and thresholds by cross-validation. */
void engine_set_explain(engine *e, int on);

#endif
