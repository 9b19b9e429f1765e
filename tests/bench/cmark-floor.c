/* The floor for `make bench`: cmark-gfm alone (table, strikethrough and
 * autolink extensions) reading the same Markdown files, rendering them and
 * writing each as OUT/NAME/index.html, in one process and one thread: what
 * any generator must do at the least. */
#include <cmark-gfm-core-extensions.h>
#include <cmark-gfm.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: cmark-floor DIR OUT\n");
		return 2;
	}
	mkdir(argv[2], 0755);
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
		size_t len = strlen(html);
		bytes += len;
		char dir[4096];
		snprintf(dir, sizeof dir, "%s/%.*s", argv[2], (int)(strlen(e->d_name) - 3), e->d_name);
		mkdir(dir, 0755);
		snprintf(path, sizeof path, "%s/index.html", dir);
		FILE *o = fopen(path, "wb");
		if (!o || fwrite(html, 1, len, o) != len || fclose(o))
			return 1;
		free(html);
		cmark_node_free(doc);
		cmark_parser_free(p);
		files++;
	}
	closedir(d);
	printf("%zu files, %zu bytes of HTML\n", files, bytes);
	return 0;
}
