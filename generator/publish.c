#include "publish.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "i18n.h"
#include "mem.h"

extern char **environ;

char *publish_sibling(const char *name)
{
	size_t cap = 256;
	char *self = NULL, *path = NULL;
	for (;;) {
		self = xrealloc(self, cap);
		ssize_t n = readlink("/proc/self/exe", self, cap);
		if (n < 0)
			goto done;
		if ((size_t)n < cap) {
			self[n] = '\0';
			break;
		}
		cap *= 2;
	}
	path = path_join(dirname(self), name);
done:
	free(self);
	return path;
}

/* posix_spawn of askbot beside us; quiet sends its stdout to /dev/null. */
static pid_t spawn(char **args, int quiet)
{
	char *prog = publish_sibling("askbot");
	pid_t pid = -1;
	if (!prog || access(prog, X_OK) < 0) {
		fprintf(stderr, _("sitegen: %s: askbot is missing beside sitegen; "
				  "the bot's index was not updated\n"),
			prog ? prog : "askbot");
		goto done;
	}
	args[0] = prog;
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	if (quiet)
		posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	int e = posix_spawn(&pid, prog, &fa, NULL, args, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (e) {
		fprintf(stderr, _("sitegen: cannot run %s: %s\n"), prog, strerror(e));
		pid = -1;
	}
done:
	free(prog);
	return pid;
}

pid_t publish_spawn_askbot(char **args)
{
	return spawn(args, 0);
}

int publish_index(const char *site, const char *db, int quiet)
{
	char *args[] = {NULL, "index", "--site", (char *)site, "--db", (char *)db, NULL};
	int status;
	pid_t pid = spawn(args, quiet);
	if (pid < 0)
		return 2;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return 2;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	fprintf(stderr, _("sitegen: the site was built but the bot's index "
			  "%s was not updated (see above)\n"), db);
	return 1;
}
