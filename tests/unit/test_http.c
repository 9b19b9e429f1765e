/* Unit tests for the rate limit's address table: two addresses that fall in
 * one hash bucket keep their own counts, and many addresses do not push one
 * another out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http.h"
#include "../harness.h"

/* http.c's bucket for an address (djb2), to pick addresses that collide */
static size_t bucket(const char *a)
{
	size_t h = 5381;
	for (; *a; a++)
		h = h * 33 + (unsigned char)*a;
	return h % HTTP_PEER_BUCKETS;
}

/* Ask until refused; how many were let through. */
static int drain(server *s, const char *addr)
{
	int retry, n = 0;
	while (n < 1000 && http_rate_ok(s, addr, &retry))
		n++;
	return n;
}

int main(void)
{
	server s = {0};
	s.rate = 1; /* one question a second, a burst of 4 */
	http_peers_init(&s);

	/* two addresses in one bucket */
	char a[32], b[32];
	snprintf(a, sizeof a, "10.0.0.1");
	int found = 0;
	for (int i = 2; i < 70000 && !found; i++) {
		snprintf(b, sizeof b, "10.%d.%d.%d", i >> 16, (i >> 8) & 255, i & 255);
		found = bucket(a) == bucket(b) && strcmp(a, b);
	}
	OK(found, "no colliding address found");
	int retry = 0;
	EQ_INT(drain(&s, a), 4);
	OK(!http_rate_ok(&s, a, &retry) && retry >= 1, "a is spent");
	OK(http_rate_ok(&s, b, &retry), "b, in a's bucket, has its own budget");
	OK(!http_rate_ok(&s, a, &retry), "b's ask did not give a a fresh budget");
	EQ_INT(drain(&s, b), 3);
	OK(!http_rate_ok(&s, a, &retry), "a still spent after b spent its own");

	/* 10,000 addresses (about 2.4 to a bucket): each one spent stays spent */
	char addr[32];
	for (int i = 0; i < 10000; i++) {
		snprintf(addr, sizeof addr, "192.168.%d.%d", i / 256, i % 256);
		drain(&s, addr);
	}
	int let_through = 0;
	for (int i = 0; i < 10000; i++) {
		snprintf(addr, sizeof addr, "192.168.%d.%d", i / 256, i % 256);
		let_through += http_rate_ok(&s, addr, &retry);
	}
	EQ_INT(let_through, 0);
	OK(s.n_peers <= HTTP_MAX_PEERS, "%zu entries", s.n_peers);

	/* rate 0: no limit */
	s.rate = 0;
	EQ_INT(drain(&s, a), 1000);
	http_peers_free(&s);
	return harness_done();
}
