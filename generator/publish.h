/* publish — what a build does after the pages are written: the bot's index,
 * made by the askbot program installed beside sitegen.
 *
 * The bot reads only public/: askbot index turns public/search.json into
 * var/askbot.db, written beside the old index and renamed into place, and a
 * running askbot serve picks the new file up by itself (it watches the
 * file's inode). Strings returned here are the caller's to free.
 */
#ifndef MINGBAI_PUBLISH_H
#define MINGBAI_PUBLISH_H

#include <sys/types.h>

/* The path of program NAME in the folder of the running sitegen, or NULL. */
char *publish_sibling(const char *name);

/* Run askbot index --site site --db db, its output going where ours goes
 * (quiet: to /dev/null). 0 on success, 1 when it failed (said on stderr),
 * 2 when askbot cannot be run. */
int publish_index(const char *site, const char *db, int quiet);

/* Start askbot with args (args[0] is replaced by its path); the child's pid
 * or -1 after saying why on stderr. */
pid_t publish_spawn_askbot(char **args);

#endif
