/* server — askbot serve (askbot report is report.h).
 *
 * serve: one process serving the site folder and the question API with
 * libmicrohttpd (a small thread pool, sized for two cores). SIGHUP, or a
 * new index file, makes every worker reopen the index and the answer page;
 * SIGTERM and SIGINT stop it after the requests in flight.
 */
#ifndef MINGBAI_SERVER_H
#define MINGBAI_SERVER_H

int server_main(int argc, char **argv);

#endif
