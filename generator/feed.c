#include "feed.h"

#include <string.h>

#include "date.h"
#include "escape.h"

static void put_text(buf *out, const char *s)
{
	if (s)
		escape_html(out, s, strlen(s));
}

/* <tag>iso as an RFC 3339 time</tag>: Atom needs a full date and time, so a
 * partial date (2024, 2024-07) stands for its first day at midnight. */
static void put_time(buf *out, const char *tag, const char *iso)
{
	char day[11];
	date_first_day(iso, day);
	buf_printf(out, "<%s>%sT00:00:00Z</%s>", tag, day, tag);
}

/* base_url + url with the path percent-encoded, then XML-escaped */
static void put_loc(buf *out, const char *base_url, const char *url)
{
	buf u = BUF_INIT;
	size_t n = strlen(base_url);
	buf_put(&u, base_url, n && base_url[n - 1] == '/' ? n - 1 : n);
	const char *hash = strchr(url, '#');
	size_t path_len = hash ? (size_t)(hash - url) : strlen(url);
	escape_url(&u, url, path_len, URL_KEEP_SLASH);
	put_text(out, u.ptr);
	buf_free(&u);
}

void feed_sitemap(const json_t *pages, const char *base_url, buf *out)
{
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
	json_t *p;
	size_t i;
	json_array_foreach(pages, i, p) {
		buf_puts(out, "  <url><loc>");
		put_loc(out, base_url, json_string_value(json_object_get(p, "url")));
		buf_puts(out, "</loc>");
		const char *lm = json_string_value(json_object_get(p, "lastmod"));
		if (lm)
			buf_printf(out, "<lastmod>%s</lastmod>", lm);
		buf_puts(out, "</url>\n");
	}
	buf_puts(out, "</urlset>\n");
}

void feed_atom(const json_t *site, const char *section_title, const json_t *notices,
	       buf *out)
{
	const char *base = json_string_value(json_object_get(site, "base_url"));
	const char *updated = json_string_value(json_object_get(site, "today"));
	json_t *first = json_array_get(notices, 0);
	if (first)
		updated = json_string_value(json_object_get(first, "date"));
	buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		      "<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"zh-CN\">\n  <title>");
	put_text(out, json_string_value(json_object_get(site, "title")));
	buf_puts(out, " · ");
	put_text(out, section_title);
	buf_puts(out, "</title>\n  <id>");
	put_loc(out, base, "/notices/");
	buf_puts(out, "</id>\n  <link rel=\"alternate\" href=\"");
	put_loc(out, base, "/notices/");
	buf_puts(out, "\"/>\n  <link rel=\"self\" href=\"");
	put_loc(out, base, "/feed.xml");
	buf_puts(out, "\"/>\n  ");
	put_time(out, "updated", updated);
	buf_puts(out, "\n  <author><name>");
	put_text(out, json_string_value(json_object_get(site, "owner")));
	buf_puts(out, "</name></author>\n");
	json_t *n;
	size_t i;
	json_array_foreach(notices, i, n) {
		const char *url = json_string_value(json_object_get(n, "url"));
		const char *date = json_string_value(json_object_get(n, "date"));
		const char *up = json_string_value(json_object_get(n, "updated"));
		buf_puts(out, "  <entry>\n    <title>");
		put_text(out, json_string_value(json_object_get(n, "title")));
		buf_puts(out, "</title>\n    <id>");
		put_loc(out, base, url);
		buf_puts(out, "</id>\n    <link href=\"");
		put_loc(out, base, url);
		buf_puts(out, "\"/>\n    ");
		put_time(out, "published", date);
		buf_puts(out, "\n    ");
		put_time(out, "updated", up ? up : date);
		buf_puts(out, "\n");
		const char *summary = json_string_value(json_object_get(n, "summary"));
		if (summary) {
			buf_puts(out, "    <summary>");
			put_text(out, summary);
			buf_puts(out, "</summary>\n");
		}
		buf_puts(out, "  </entry>\n");
	}
	buf_puts(out, "</feed>\n");
}

void feed_robots(const char *base_url, buf *out)
{
	buf_puts(out, "User-agent: *\nDisallow: /_bot/\nDisallow: /api/\nSitemap: ");
	buf_puts(out, base_url);
	buf_puts(out, "sitemap.xml\n");
}
