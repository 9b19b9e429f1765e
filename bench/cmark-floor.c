/* The floor for `make bench`: cmark-gfm alone (table, strikethrough and
 * autolink extensions) parsing and rendering the same Markdown files, in
 * one process, one thread — what any generator must do at the least. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: cmark-floor DIR\n");
		return 2;
	}
	cmark_gfm_core_extensions_ensure_registered();
	DIR *d = opendir(argv[1]);
	if (!d)
		return 1;
	struct dirent *e;
	size_t files = 0, bytes = 0;
	static char data[1 << 20];
	while ((e = readdir(d))) {
		if (!strstr(e->d_name, ".md"))
			continue;
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", argv[1], e->d_name);
		FILE *f = fopen(path, "rb");
		if (!f)
			return 1;
		size_t n = fread(data, 1, sizeof data, f);
		fclose(f);
		cmark_parser *p = cmark_parser_new(CMARK_OPT_DEFAULT);
		const char *exts[] = {"table", "strikethrough", "autolink"};
		for (int i = 0; i < 3; i++)
			cmark_parser_attach_syntax_extension(p, cmark_find_syntax_extension(exts[i]));
		cmark_parser_feed(p, data, n);
		cmark_node *doc = cmark_parser_finish(p);
		char *html = cmark_render_html(doc, CMARK_OPT_DEFAULT,
					       cmark_parser_get_syntax_extensions(p));
		bytes += strlen(html);
		free(html);
		cmark_node_free(doc);
		cmark_parser_free(p);
		files++;
	}
	closedir(d);
	printf("%zu files, %zu bytes of HTML\n", files, bytes);
	return 0;
}
