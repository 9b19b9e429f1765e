/* askbot — the question bot's command line: index, ask, eval (and serve,
 * report when the server is built in). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sys/stat.h>

#include "buf.h"
#include "engine.h"
#include "eval.h"
#include "i18n.h"
#include "index.h"
#include "version.h"
#if __has_include("server.h")
#include "report.h"
#include "server.h"
#define HAVE_SERVER 1
#endif

static const char usage[] = N_(
	"usage: askbot COMMAND [options]\n"
	"\n"
	"  index [--site public] [--db var/askbot.db] [--no-check]\n"
	"        build the search index from the site's search.json, then ask\n"
	"        every FAQ phrasing as written and warn of any that does not\n"
	"        lead to its own entry (--no-check: not)\n"
	"        (sitegen build does this at its end)\n"
	"  ask [--db FILE] [--json|--explain] QUESTION\n"
	"        answer one question (--json: the API's reply; --explain: also the\n"
	"        question's words and every candidate's ranking features)\n"
	"  eval [--db FILE] [--baseline unicode61|trigram] [--quiet] [--features OUT.jsonl]\n"
	"       FILE.tsv ...\n"
	"        measure the bot on question sets; --features writes every\n"
	"        candidate's ranking features for tests/eval/cv.py; --unreached\n"
	"        FILE.tsv ... lists the FAQ entries no question reaches\n");
#ifdef HAVE_SERVER
static const char usage_server[] = N_(
	"  serve [--site public] [--db var/askbot.db] [--listen 127.0.0.1:8080] ...\n"
	"        serve the site and the question API (askbot serve --help)\n"
	"  report [--log var/querylog.db] [--db var/askbot.db] [--site public]\n"
	"         [--limit N] [--html FILE]\n"
	"        what parents asked, grouped into what to do, in Chinese\n");
#endif
static const char usage_end[] = N_("\nExit status: 0 success, 1 failure, 2 usage.\n");

static void print_usage(FILE *out)
{
	fputs(_(usage), out);
#ifdef HAVE_SERVER
	fputs(_(usage_server), out);
#endif
	fputs(_(usage_end), out);
}

static int bad_usage(const char *what)
{
	fprintf(stderr, "askbot: %s\n\n", what);
	print_usage(stderr);
	return 2;
}

static int cmd_index(int argc, char **argv)
{
	const char *site = "public", *db = "var/askbot.db";
	int check = 1;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--site") && i + 1 < argc)
			site = argv[++i];
		else if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--no-check"))
			check = 0;
		else
			return bad_usage(_("index: unknown option"));
	}
	buf err = BUF_INIT;
	size_t n;
	if (index_build(site, db, &n, &err) < 0) {
		fprintf(stderr, _("askbot index: %s\n"), err.ptr);
		buf_free(&err);
		return 1;
	}
	printf(_("indexed %zu entries from %s/search.json into %s\n"), n, site, db);
	buf_free(&err);
	/* the clerk's own FAQ phrasings, asked as written: a warning for each
	 * the bot would not lead to its entry (a word list gone wrong) */
	fflush(stdout);
	if (check && eval_phrasings(db, stderr) < 0)
		return 1;
	return 0;
}

static void print_text(const json_t *r)
{
	const json_t *answers = json_object_get(r, "answers"), *a;
	size_t i;
	if (json_is_true(json_object_get(r, "answered"))) {
		a = json_array_get(answers, 0);
		/* The reply is the site's words, in the site's language. */
		printf("%s\n\n%s\n\n出处：%s\n", json_string_value(json_object_get(a, "question")),
		       json_string_value(json_object_get(a, "text")),
		       json_string_value(json_object_get(a, "url")));
		if (json_array_size(answers) > 1)
			printf("\n相关问题：\n");
		json_array_foreach(answers, i, a) {
			if (i)
				printf("  - %s  %s\n", json_string_value(json_object_get(a, "question")),
				       json_string_value(json_object_get(a, "url")));
		}
		return;
	}
	printf("%s\n", json_string_value(json_object_get(r, "fallback")));
	json_array_foreach(answers, i, a)
		printf("  - %s  %s\n", json_string_value(json_object_get(a, "question")),
		       json_string_value(json_object_get(a, "url")));
}

static int cmd_ask(int argc, char **argv)
{
	const char *db = "var/askbot.db", *q = NULL;
	int as_json = 0, explain = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--json"))
			as_json = 1;
		else if (!strcmp(argv[i], "--explain"))
			as_json = explain = 1;
		else if (!q)
			q = argv[i];
		else
			return bad_usage(_("ask: one question, in quotes"));
	}
	if (!q)
		return bad_usage(_("ask: no question"));
	struct stat st;
	if (stat(db, &st) < 0) {
		/* The operator's first try on a fresh machine: say what to run. */
		fprintf(stderr, _("askbot ask: there is no index at %s yet: run "
				  "sitegen build (or askbot index) first\n"), db);
		return 1;
	}
	buf err = BUF_INIT;
	engine *e = engine_open(db, &err);
	if (!e) {
		fprintf(stderr, _("askbot ask: %s\n"), err.ptr);
		buf_free(&err);
		return 1;
	}
	engine_set_explain(e, explain);
	json_t *r = engine_ask(e, q, strlen(q), &err);
	int rc = 0;
	if (!r) {
		fprintf(stderr, _("askbot ask: %s\n"), err.ptr);
		rc = 1;
	} else if (as_json) {
		char *s = json_dumps(r, explain ? JSON_INDENT(1) : JSON_COMPACT);
		printf("%s\n", s);
		free(s);
	} else {
		print_text(r);
	}
	json_decref(r);
	engine_close(e);
	buf_free(&err);
	return rc;
}

static int cmd_eval(int argc, char **argv)
{
	const char *db = "var/askbot.db", *base = NULL, *feat_path = NULL;
	const char *files[16];
	int n = 0, verbose = 1, unreached = 0;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--db") && i + 1 < argc)
			db = argv[++i];
		else if (!strcmp(argv[i], "--baseline") && i + 1 < argc)
			base = argv[++i];
		else if (!strcmp(argv[i], "--features") && i + 1 < argc)
			feat_path = argv[++i];
		else if (!strcmp(argv[i], "--quiet"))
			verbose = 0;
		else if (!strcmp(argv[i], "--unreached"))
			unreached = 1;
		else if (n < 16)
			files[n++] = argv[i];
	}
	if (!n)
		return bad_usage(_("eval: no question set"));
	if (base && strcmp(base, "unicode61") && strcmp(base, "trigram"))
		return bad_usage(_("eval: --baseline is unicode61 or trigram"));
	if (unreached)
		return eval_unreached(db, files, n, stdout) < 0;
	FILE *feat = NULL;
	if (feat_path && !(feat = fopen(feat_path, "w"))) {
		fprintf(stderr, _("askbot eval: %s: %s\n"), feat_path, strerror(errno));
		return 2;
	}
	int rc = 0;
	for (int i = 0; i < n; i++) {
		eval_result r;
		if (eval_run(db, files[i], base, verbose, feat, stdout, &r) < 0)
			rc = 1;
	}
	if (feat && fclose(feat) != 0)
		rc = 2;
	return rc;
}

int main(int argc, char **argv)
{
	i18n_init();
	if (argc < 2)
		return bad_usage(_("no command"));
	const char *cmd = argv[1];
	if (!strcmp(cmd, "--help") || !strcmp(cmd, "help")) {
		print_usage(stdout);
		return 0;
	}
	if (!strcmp(cmd, "--version")) {
		printf(_("askbot (Mingbai) %s\n"), MINGBAI_VERSION);
		return 0;
	}
	if (!strcmp(cmd, "index"))
		return cmd_index(argc - 2, argv + 2);
	if (!strcmp(cmd, "ask"))
		return cmd_ask(argc - 2, argv + 2);
	if (!strcmp(cmd, "eval"))
		return cmd_eval(argc - 2, argv + 2);
#ifdef HAVE_SERVER
	if (!strcmp(cmd, "serve"))
		return server_main(argc - 1, argv + 1);
	if (!strcmp(cmd, "report"))
		return report_cmd(argc - 1, argv + 1);
#endif
	return bad_usage(_("unknown command"));
}
