/* sitegen — the site generator's command line. */
#include <errno.h>
#include <libgen.h>
#include <malloc.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "archetype.h"
#include "buf.h"
#include "content.h"
#include "date.h"
#include "diag.h"
#include "file.h"
#include "i18n.h"
#include "mem.h"
#include "pinyin.h"
#include "preview.h"
#include "publish.h"
#include "site.h"
#include "template.h"
#include "version.h"

/* Each command's help; N_() marks them for the catalogue, _() prints them
 * in the clerk's language. */
static const char usage[] = N_(
	"usage: sitegen COMMAND [options]\n"
	"\n"
	"  build    build the site, the leaflets and the bot's index\n"
	"           (sitegen build --help)\n"
	"  check    check the content only; fails on errors and on warnings\n"
	"  new      start a new page: sitegen new notice|guide|faq TITLE\n"
	"  serve    live preview: rebuild on save, reload the open page\n"
	"  template render one Mustache template (for theme authors)\n"
	"\n"
	"sitegen COMMAND --help tells more; sitegen --version.\n"
	"Exit status: 0 success, 1 content errors, 2 usage or system errors.\n");

static const char build_usage[] = N_(
	"usage: sitegen build [options]\n"
	"\n"
	"Builds content/ into public/ (pages, leaflet PDFs, search.json), then\n"
	"runs askbot index so the question bot answers from the same content.\n"
	"A failed build leaves the previous site and index in place.\n"
	"\n"
	"  --content DIR    the content folder (content)\n"
	"  --theme DIR      the theme (themes/default)\n"
	"  --out DIR        the site folder (public)\n"
	"  --base-url URL   the site's public address, instead of site.yaml's\n"
	"  --today DATE     build as on YYYY-MM-DD (notice expiry, this year)\n"
	"  --jobs N         render threads (one per core)\n"
	"  --release        for a real deployment: a local base_url or a demo\n"
	"                   site is an error, not a warning\n"
	"  --db FILE        the bot's index (var/askbot.db beside the site folder)\n"
	"  --no-index       do not run askbot index\n"
	"  --cache DIR      leaflet PDF cache (var/cache/leaflets beside the site)\n"
	"  --no-cache       render every leaflet again\n");

static const char check_usage[] = N_(
	"usage: sitegen check [--content DIR] [--theme DIR] [--today DATE]\n"
	"                     [--cache DIR | --no-cache]\n"
	"\n"
	"Checks the content without publishing: every error and warning with its\n"
	"file and line, and the leaflets' page counts (with the PDF engine).\n"
	"Fails on errors and on warnings.\n");

static const char new_usage[] = N_(
	"usage: sitegen new notice|guide|faq TITLE [--slug NAME] [--content DIR]\n"
	"                   [--theme DIR]\n"
	"\n"
	"Starts a page from the theme's new/KIND.md (themes/default/new/notice.md\n"
	"…) with the title and today's date filled in. The file is named after\n"
	"the title in pinyin (a notice after the date too); --slug NAME chooses\n"
	"the name (small letters, digits, '-'), which is also the page's address.\n");

static const char serve_usage[] = N_(
	"usage: sitegen serve [--listen 127.0.0.1:1313] [--content DIR] [--theme DIR]\n"
	"\n"
	"Live preview: builds into a temporary folder, serves it with the bot,\n"
	"rebuilds when a file in content/ or the theme is saved and reloads the\n"
	"page open in the browser. Errors show in the browser with file and line.\n");

static const char template_usage[] = N_(
	"usage: sitegen template FILE --data JSON [--partials DIR]\n"
	"\n"
	"Renders one Mustache template against a JSON file (for theme authors).\n");

static const char *help_text = usage;

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "sitegen: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\n\n%s", _(help_text));
	return 2;
}

/* The index's default place: var/askbot.db beside the output folder, so
 * public/ gives var/askbot.db (what askbot serve reads) and a test's
 * /tmp/x/public gives /tmp/x/var/askbot.db, never the project's. */
static char *default_db(const char *out_dir)
{
	char *copy = xstrdup(out_dir);
	size_t n = strlen(copy);
	while (n > 1 && copy[n - 1] == '/')
		copy[--n] = '\0';
	char *dir = dirname(copy);
	char *db = strcmp(dir, ".") ? path_join(dir, "var/askbot.db")
				    : xstrdup("var/askbot.db");
	free(copy);
	return db;
}

/* The leaflet PDF cache beside the index: var/cache/leaflets next to the
 * output folder (public/ gives var/cache/leaflets). */
static char *default_cache(const char *out_dir)
{
	char *db = default_db(out_dir);
	char *slash = strrchr(db, '/');
	*slash = '\0';
	char *dir = path_join(db, "cache/leaflets");
	free(db);
	return dir;
}

/* The options build, check and serve read alike: --content DIR, --theme DIR
 * (the sources) and --no-cache. 1 when argv[*i] is one of them (*i then
 * stands on its last argument), 0 when it is not. */
static int source_opt(int argc, char **argv, int *i, const char **content, const char **theme,
		      int *use_cache)
{
	const char *a = argv[*i];
	int has_value = *i + 1 < argc;
	if (!strcmp(a, "--content") && has_value)
		*content = argv[++*i];
	else if (!strcmp(a, "--theme") && has_value)
		*theme = argv[++*i];
	else if (!strcmp(a, "--no-cache"))
		*use_cache = 0;
	else
		return 0;
	return 1;
}

static int cmd_build(int argc, char **argv, int check_only)
{
	site_opts o = {.content_dir = "content", .theme_dir = "themes/default",
		       .out_dir = "public", .check_only = check_only};
	const char *db = NULL, *cache = NULL;
	int index = 1, use_cache = 1;
	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (source_opt(argc, argv, &i, &o.content_dir, &o.theme_dir, &use_cache))
			continue;
		if (!strcmp(a, "--out") && v)
			o.out_dir = argv[++i];
		else if (!strcmp(a, "--base-url") && v)
			o.base_url = argv[++i];
		else if (!strcmp(a, "--today") && v)
			o.today = argv[++i];
		else if (!strcmp(a, "--jobs") && v)
			o.jobs = atoi(argv[++i]);
		else if (!strcmp(a, "--db") && v && !check_only)
			db = argv[++i];
		else if (!strcmp(a, "--no-index") && !check_only)
			index = 0;
		else if (!strcmp(a, "--cache") && v)
			cache = argv[++i];
		else if (!strcmp(a, "--release") && !check_only)
			o.release = 1;
		else
			return usage_error(_("unknown option or missing value: %s"), a);
	}
	char *cache_dir = !use_cache ? NULL : cache ? xstrdup(cache) : default_cache(o.out_dir);
	o.cache_dir = cache_dir;
	diag d = {0};
	site_stats st;
	int rc = site_build(&o, &d, &st);
	free(cache_dir);
	if (check_only) {
		printf(_("%s: %zu guides, %zu notices, %zu FAQ entries in %zu categories, "
			 "%zu leaflets; %d errors, %d warnings\n"),
		       rc == 0 ? _("ok") : _("not ok"), st.guides, st.notices, st.faq_entries,
		       st.faq_pages, st.leaflets, d.errors, d.warnings);
		return rc;
	}
	if (rc != 0) {
		fprintf(stderr, ngettext("sitegen: build failed with %d error; %s was not changed\n",
					 "sitegen: build failed with %d errors; %s was not changed\n",
					 (unsigned long)d.errors),
			d.errors, o.out_dir);
		return rc;
	}
	printf(_("built %s: %zu pages (%zu guides, %zu notices, %zu FAQ entries, "
		 "%zu leaflets) in %.2f s\n"),
	       o.out_dir, st.pages, st.guides, st.notices, st.faq_entries,
	       st.leaflets, st.seconds);
	if (st.pdf_skipped)
		printf(_("(leaflet PDFs were skipped: see the note above)\n"));
	if (!index)
		return 0;
	fflush(stdout);
	char *dbp = db ? xstrdup(db) : default_db(o.out_dir);
	rc = publish_index(o.out_dir, dbp, 0);
	free(dbp);
	return rc;
}

/* The ASCII letters and digits of text, lower case, runs of anything else
 * as one '-'. */
static void ascii_slug(buf *out, const char *text)
{
	size_t start = out->len;
	for (const char *c = text; *c; c++) {
		char ch = *c;
		if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			buf_putc(out, ch);
		else if (ch >= 'A' && ch <= 'Z')
			buf_putc(out, (char)(ch - 'A' + 'a'));
		else if (out->len > start && out->ptr[out->len - 1] != '-')
			buf_putc(out, '-');
	}
	while (out->len > start && out->ptr[out->len - 1] == '-')
		buf_truncate(out, out->len - 1);
}

/* The file name: the clerk's --slug, else the title in pinyin (cut to a
 * readable length), else its ASCII letters and digits, else the kind.
 * Notices start with the date so the folder sorts by time. */
static void new_name(buf *out, const char *kind, const char *title,
		     const char *slug, const char *today)
{
	if (!strcmp(kind, "notice"))
		buf_printf(out, "%s-", today);
	size_t start = out->len;
	if (slug)
		buf_puts(out, slug);
	else if (pinyin_slug(title, 40, out) < 0 || out->len == start)
		ascii_slug(out, title);
	if (out->len == start)
		buf_puts(out, kind);
}

/* A --slug is the page's address: letters, digits and '-' only. */
static int slug_ok(const char *s)
{
	if (!*s || *s == '-')
		return 0;
	for (const char *c = s; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '-'))
			return 0;
	return 1;
}

static int cmd_new(int argc, char **argv)
{
	const char *content_dir = "content", *theme_dir = "themes/default";
	const char *kind = NULL, *title = NULL, *slug = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--content") && i + 1 < argc)
			content_dir = argv[++i];
		else if (!strcmp(argv[i], "--theme") && i + 1 < argc)
			theme_dir = argv[++i];
		else if (!strcmp(argv[i], "--slug") && i + 1 < argc)
			slug = argv[++i];
		else if (!kind)
			kind = argv[i];
		else if (!title)
			title = argv[i];
		else
			return usage_error(_("unexpected argument: %s"), argv[i]);
	}
	const char *dir;
	if (!kind || !title)
		return usage_error("%s", _("new needs a kind (notice, guide or faq) and a title"));
	if (!strcmp(kind, "notice"))
		dir = "notices";
	else if (!strcmp(kind, "guide"))
		dir = "guides";
	else if (!strcmp(kind, "faq"))
		dir = "faq";
	else
		return usage_error(_("unknown kind '%s': use notice, guide or faq"), kind);
	if (slug && !slug_ok(slug))
		return usage_error(_("--slug '%s': use small letters, digits and '-' "
				     "(e.g. daikuan-gongzuo)"), slug);
	if (strchr(title, '\n') || strchr(title, '"'))
		return usage_error("%s", _("the title may not contain quotes or line breaks"));

	char today[11];
	date_today(today);

	/* The page's words are the theme's: its archetype, read before
	 * anything is made. */
	buf archetype = BUF_INIT;
	diag d = {0};
	if (archetype_read(theme_dir, kind, &archetype, &d) < 0) {
		buf_free(&archetype);
		return 2;
	}
	char *folder = path_join(content_dir, dir);
	if (dir_make(folder) < 0) {
		fprintf(stderr, _("%s: cannot create: %s\n"), folder, strerror(errno));
		free(folder);
		buf_free(&archetype);
		return 2;
	}
	buf name = BUF_INIT, path = BUF_INIT, text = BUF_INIT;
	new_name(&name, kind, title, slug, today);
	for (int n = 1;; n++) {
		buf_reset(&path);
		buf_printf(&path, "%s/%s%s%.0d.md", folder, name.ptr, n > 1 ? "-" : "",
			   n > 1 ? n : 0);
		if (!file_exists(path.ptr))
			break;
	}
	archetype_fill(archetype.ptr, archetype.len, title, today, &text);
	int rc = 0;
	if (file_write(path.ptr, text.ptr, text.len) < 0) {
		fprintf(stderr, _("%s: cannot write: %s\n"), path.ptr, strerror(errno));
		rc = 2;
	} else {
		const char *base = strrchr(path.ptr, '/') + 1;
		printf(_("created %s\n"), path.ptr);
		printf(_("(its address on the site: /%s/%.*s/; for another name, "
			 "run it again with --slug NAME)\n"),
		       dir, (int)(strlen(base) - 3), base);
	}
	buf_free(&name);
	buf_free(&path);
	buf_free(&text);
	buf_free(&archetype);
	free(folder);
	return rc;
}

static int cmd_serve(int argc, char **argv)
{
	preview_opts o = {.content_dir = "content", .theme_dir = "themes/default",
			  .listen = "127.0.0.1:1313"};
	int use_cache = 1;
	for (int i = 0; i < argc; i++) {
		if (source_opt(argc, argv, &i, &o.content_dir, &o.theme_dir, &use_cache))
			continue;
		if (!strcmp(argv[i], "--listen") && i + 1 < argc)
			o.listen = argv[++i];
		else
			return usage_error(_("unknown option or missing value: %s"), argv[i]);
	}
	/* The PDF cache of the real build: a preview reuses its leaflets. */
	char *cache = use_cache ? default_cache("public") : NULL;
	o.cache_dir = cache;
	int rc = preview_run(&o);
	free(cache);
	return rc;
}

static int cmd_template(int argc, char **argv)
{
	const char *file = NULL, *data = NULL, *partials = NULL;
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--data") && i + 1 < argc)
			data = argv[++i];
		else if (!strcmp(argv[i], "--partials") && i + 1 < argc)
			partials = argv[++i];
		else if (!file)
			file = argv[i];
		else
			return usage_error(_("unexpected argument: %s"), argv[i]);
	}
	if (!file || !data)
		return usage_error("%s", _("template needs FILE and --data JSON"));
	buf src = BUF_INIT, out = BUF_INIT, err = BUF_INIT;
	char *dir = NULL;
	int rc = 1;
	json_error_t jerr;
	json_t *ctx = json_load_file(data, JSON_DECODE_ANY, &jerr);
	if (!ctx) {
		fprintf(stderr, "%s:%d: %s\n", data, jerr.line, jerr.text);
		return 1;
	}
	if (file_read(file, &src, 0) < 0) {
		fprintf(stderr, _("%s: cannot read: %s\n"), file, strerror(errno));
		json_decref(ctx);
		return 1;
	}
	if (!partials) {
		const char *slash = strrchr(file, '/');
		dir = slash ? xstrndup(file, (size_t)(slash - file)) : NULL;
		partials = dir ? dir : ".";
	}
	template_set *set = template_set_new(template_dir_loader, (void *)partials);
	template *t = template_compile(set, file, src.ptr, src.len, &err);
	if (!t || template_render(t, ctx, &out, &err) < 0) {
		fprintf(stderr, "%s\n", err.ptr);
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
		rc = 0;
	}
	template_set_free(set);
	json_decref(ctx);
	free(dir);
	buf_free(&src);
	buf_free(&out);
	buf_free(&err);
	return rc;
}

int main(int argc, char **argv)
{
	/* A build allocates and frees a few hundred KB per page on each thread.
	 * By default glibc hands freed memory back to the kernel and maps large
	 * blocks afresh, so every page paid for page faults again: keeping up to
	 * 64 MB freed and mapping only blocks over 4 MB cut the system time of a
	 * 10,000-page build by a fifth (make bench). */
	mallopt(M_TRIM_THRESHOLD, 64 << 20);
	mallopt(M_MMAP_THRESHOLD, 4 << 20);
	i18n_init();
	if (argc >= 2 && !strcmp(argv[1], "--version")) {
		printf(_("sitegen (Mingbai) %s\n"), MINGBAI_VERSION);
		return 0;
	}
	if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		fputs(_(usage), argc < 2 ? stderr : stdout);
		return argc < 2 ? 2 : 0;
	}
	static const struct {
		const char *cmd, *help;
	} helps[] = {{"build", build_usage}, {"check", check_usage},
		     {"new", new_usage}, {"serve", serve_usage},
		     {"template", template_usage}};
	for (size_t k = 0; k < sizeof helps / sizeof *helps; k++)
		if (!strcmp(argv[1], helps[k].cmd))
			help_text = helps[k].help;
	for (int i = 2; i < argc; i++)
		if (!strcmp(argv[i], "--help") || !strcmp(argv[i], "-h")) {
			fputs(_(help_text), stdout);
			return 0;
		}
	const char *cmd = argv[1];
	if (!strcmp(cmd, "build"))
		return cmd_build(argc - 2, argv + 2, 0);
	if (!strcmp(cmd, "check"))
		return cmd_build(argc - 2, argv + 2, 1);
	if (!strcmp(cmd, "new"))
		return cmd_new(argc - 2, argv + 2);
	if (!strcmp(cmd, "template"))
		return cmd_template(argc - 2, argv + 2);
	if (!strcmp(cmd, "serve"))
		return cmd_serve(argc - 2, argv + 2);
	return usage_error(_("unknown command '%s'"), cmd);
}
