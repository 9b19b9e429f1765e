#include "site.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "archetype.h"
#include "build.h"
#include "checks.h"
#include "clock.h"
#include "context.h"
#include "date.h"
#include "file.h"
#include "i18n.h"
#include "output.h"
#include "pages.h"
#include "sections.h"

/* b->today from --today, else the clock. */
static int set_today(build *b)
{
	if (b->o->today) {
		if (date_valid(b->o->today) != DATE_DAY) {
			diag_error(b->d, "--today", 0, _("'%s' is not a date (YYYY-MM-DD)"),
				   b->o->today);
			return -1;
		}
		memcpy(b->today, b->o->today, 11);
		return 0;
	}
	date_today(b->today);
	return 0;
}

/* The theme, and the empty folder the site is written into (OUT.tmp.PID,
 * beside the output). *hook is the page hook when the templates content
 * pages are rendered with compile, else NULL: the error is reported, and
 * pages are still read and checked. -1 when the folder cannot be made. */
static int open_output(build *b, page_hook *hook)
{
	const site_opts *o = b->o;
	*hook = NULL;
	if (!dir_exists(o->theme_dir)) {
		diag_error(b->d, o->theme_dir, 0, _("no such theme folder"));
		return 0;
	}
	b->theme = template_set_new(template_dir_loader, (void *)o->theme_dir);
	output_remove_stale(o->out_dir);
	buf tmp = BUF_INIT;
	buf_printf(&tmp, "%s.tmp.%ld", o->out_dir, (long)getpid());
	b->tmp = buf_detach(&tmp);
	dir_remove(b->tmp);
	if (dir_make(b->tmp) < 0) {
		diag_error(b->d, b->tmp, 0, _("cannot create: %s"), strerror(errno));
		return -1;
	}
	/* compile before the loader threads start: template_get fills the
	 * set's cache, which is not locked. A template that does not compile
	 * fails the build here, before any page is rendered with it. */
	buf err = BUF_INIT;
	if (template_get(b->theme, "single", &err) &&
	    template_get(b->theme, "faq-category", &err))
		*hook = pages_loaded;
	else
		output_theme_error(b->d, b->theme, err.ptr);
	buf_free(&err);
	return 0;
}

/* The placeholders of the theme's archetypes (THEME/new/), which no page
 * may still hold: read once, before the loader threads share them. A
 * missing theme folder is reported once: by open_output in a build, here
 * in a check. */
static void read_placeholders(build *b)
{
	const char *theme = b->o->theme_dir;
	if (!dir_exists(theme)) {
		if (b->o->check_only)
			diag_error(b->d, theme, 0, _("no such theme folder"));
		return;
	}
	archetype_placeholders(theme, &b->placeholders, b->d);
	b->c.placeholders = &b->placeholders;
}

static void count_pages(build *b)
{
	site_stats *st = b->st;
	for (size_t i = 0; i < b->c.n_pages; i++) {
		page *p = b->c.pages[i];
		st->guides += p->kind == KIND_GUIDE;
		st->notices += p->kind == KIND_NOTICE;
		st->faq_pages += p->kind == KIND_FAQ;
		st->faq_entries += p->n_faq;
		st->leaflets += p->kind == KIND_LEAFLET;
	}
	st->drafts = b->c.n_drafts;
}

/* Read and check the content; a build also writes each content page as it
 * is read. site.yaml comes first: the site context, theme and output folder
 * must be ready before the first page. Returns 2 when the output folder
 * cannot be made, else 0 (problems are counted in the diag). */
static int load(build *b)
{
	page_hook hook = NULL;
	int site_ok = content_load_site(&b->c, b->o->content_dir, b->d) == 0 &&
		      context_site(b) == 0;
	if (site_ok && !b->o->check_only && open_output(b, &hook) < 0)
		return 2;
	if (b->c.policy) { /* even when the rest of site.yaml is bad: report pages too */
		read_placeholders(b);
		content_load_pages(&b->c, b->d, b->o->jobs, hook, b);
	}
	if (site_ok) {
		sections_sort_notices(b);
		checks_urls(b);
		checks_links(b);
		checks_base_url(b);
		checks_key_dates(b);
	}
	count_pages(b);
	return 0;
}

/* Everything but the content pages, into the output folder. Each step
 * reports its failures to the diag; search.json is written meanwhile. */
static void make_rest(build *b)
{
	search_writer search;
	b->st->leaflets = 0; /* counted again as they are made */
	output_search_start(b, &search);
	sections_render(b);
	output_bot_files(b);
	output_assets(b);
	output_machine_files(b);
	output_search_finish(b, &search);
}

/* The new site in place of the old, atomically. */
static int publish(build *b)
{
	if (dir_replace(b->tmp, b->o->out_dir) < 0) {
		diag_error(b->d, b->o->out_dir, 0, _("cannot put the new site in place: %s"),
			   strerror(errno));
		return 2;
	}
	return 0;
}

static void build_free(build *b, int rc)
{
	if (b->tmp) {
		if (rc != 0)
			dir_remove(b->tmp);
		free(b->tmp);
	}
	if (b->theme)
		template_set_free(b->theme);
	if (b->links.paths)
		links_free(&b->links);
	json_decref(b->site);
	json_decref(b->tags);
	json_decref(b->sitemap);
	content_free(&b->c);
	placeholder_list_free(&b->placeholders);
	pthread_mutex_destroy(&b->lock);
}

int site_build(const site_opts *o, diag *d, site_stats *st)
{
	build b = {.o = o, .d = d, .st = st};
	memset(st, 0, sizeof *st);
	pthread_mutex_init(&b.lock, NULL);
	double t0 = clock_seconds();
	int errors = d->errors;
	int rc = 1;

	if (set_today(&b) < 0)
		goto done;
	b.tags = json_object();
	b.sitemap = json_array();
	if ((rc = load(&b)) != 0)
		goto done;
	rc = 1;
	if (d->errors > errors)
		goto done;
	if (o->check_only) {
		checks_leaflets(&b);
		rc = d->errors > errors || d->warnings ? 1 : 0;
		goto done;
	}
	make_rest(&b);
	if (d->errors > errors) {
		rc = b.io_failed ? 2 : 1;
		goto done;
	}
	rc = publish(&b);
done:
	if (rc != 0 && d->errors == errors && !o->check_only)
		rc = 1;
	st->seconds = clock_seconds() - t0;
	build_free(&b, rc);
	return rc;
}
