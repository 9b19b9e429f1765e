/* Unit tests for the shared helpers that replace repeated idioms: GROW
 * (mem.h), json_str (json.h) and the monotonic clock (clock.h). */
#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "json.h"
#include "mem.h"
#include "../harness.h"

static void test_grow(void)
{
	int *list = NULL;
	size_t n = 0, cap = 0;
	GROW(list, n + 1, cap);
	OK(list != NULL && cap >= 1, "first growth from NULL, cap %zu", cap);
	size_t first = cap;
	for (int i = 0; i < 1000; i++) {
		GROW(list, n + 1, cap);
		list[n++] = i;
	}
	OK(cap >= n, "cap %zu below n %zu", cap, n);
	int in_order = 1;
	for (size_t i = 0; i < n; i++)
		in_order &= list[i] == (int)i;
	OK(in_order, "elements kept across growth");
	/* room already there: nothing moves, cap stays */
	size_t before = cap;
	int *p = list;
	GROW(list, n, cap);
	OK(list == p && cap == before, "GROW without need reallocated");
	/* geometric: appending 1000 elements took few reallocations */
	size_t steps = 0;
	for (size_t c = 0, last = 0; c < 1000; steps++)
		last = c = mem_grow_cap(last, last + 1);
	OK(steps < 20, "%zu growth steps for 1000 elements", steps);
	OK(first >= 16, "first capacity %zu", first);
	/* asking for more than one step gives at least what was asked */
	EQ_INT(mem_grow_cap(16, 5000), 5000);
	free(list);
}

static void test_json_str(void)
{
	json_t *o = json_pack("{s:s, s:i, s:n}", "title", "还款", "n", 3, "z");
	EQ_STR(json_str(o, "title"), "还款");
	OK(json_str(o, "n") == NULL, "an integer is not a string");
	OK(json_str(o, "z") == NULL, "null is not a string");
	OK(json_str(o, "missing") == NULL, "missing key");
	OK(json_str(NULL, "title") == NULL, "NULL object");
	json_t *a = json_array();
	OK(json_str(a, "title") == NULL, "an array has no keys");
	EQ_STR(json_str_or(o, "missing", ""), "");
	EQ_STR(json_str_or(o, "title", ""), "还款");
	json_decref(a);
	json_decref(o);
}

static void test_clock(void)
{
	double a = clock_seconds(), b = clock_seconds();
	OK(a > 0 && b >= a, "monotonic: %f then %f", a, b);
}

int main(void)
{
	test_grow();
	test_json_str();
	test_clock();
	return harness_done();
}
