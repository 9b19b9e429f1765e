#include "i18n.h"

#include <libgen.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "mem.h"

/* The first of LC_ALL, LC_MESSAGES, LANG that is set, as gettext reads
 * them. */
static const char *messages_locale(void)
{
	static const char *const vars[] = {"LC_ALL", "LC_MESSAGES", "LANG"};
	for (size_t i = 0; i < 3; i++) {
		const char *v = getenv(vars[i]);
		if (v && *v)
			return v;
	}
	return "";
}

static int chinese;

int i18n_chinese(void) { return chinese; }

void i18n_init(void)
{
	const char *want = messages_locale();
	chinese = strncmp(want, "zh", 2) == 0;
	/* Only the messages' category: numbers in search.json, sitemaps and
	 * timings stay "1.5", whatever the clerk's locale. */
	if (!setlocale(LC_MESSAGES, "")) {
		/* The locale is not generated on this machine (a fresh Debian
		 * has only C.UTF-8). gettext would then print English; with a
		 * locale that is not plain "C" it honours LANGUAGE, so a
		 * Chinese LANG still gives Chinese messages. */
		setlocale(LC_MESSAGES, "C.UTF-8");
		const char *lg = getenv("LANGUAGE");
		if (chinese && (!lg || !*lg))
			setenv("LANGUAGE", "zh_CN", 1);
	}
	const char *dir = getenv("MINGBAI_LOCALEDIR");
	char *mine = NULL;
	if (!dir || !*dir) {
		char self[4096];
		ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
		if (n > 0) {
			self[n] = '\0';
			mine = path_join(dirname(self), "locale");
		}
		dir = mine;
	}
	if (dir)
		bindtextdomain(I18N_DOMAIN, dir);
	bind_textdomain_codeset(I18N_DOMAIN, "UTF-8");
	/* strerror() in our messages comes from glibc's own catalogue, which
	 * gettext converts to LC_CTYPE's charset: with LC_CTYPE left "C" every
	 * Chinese character would print as '?'. */
	bind_textdomain_codeset("libc", "UTF-8");
	textdomain(I18N_DOMAIN);
	free(mine);
}
