/* Unit tests for the shared buffer, UTF-8 and file helpers. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "escape.h"
#include "file.h"
#include "utf8.h"
#include "../harness.h"

static void test_buf(void)
{
	buf b = BUF_INIT;
	EQ_STR(b.ptr, "");
	buf_puts(&b, "明白");
	buf_putc(&b, '!');
	buf_printf(&b, " %d", 42);
	EQ_STR(b.ptr, "明白! 42");
	EQ_INT(b.len, strlen("明白! 42"));
	for (int i = 0; i < 10000; i++)
		buf_putc(&b, 'x');
	EQ_INT(b.len, strlen("明白! 42") + 10000);
	buf_truncate(&b, 2);
	EQ_INT(b.len, 2);
	buf_reset_trim(&b, 100);
	EQ_INT(b.cap, 0);
	buf_puts(&b, "abc");
	char *s = buf_detach(&b);
	EQ_STR(s, "abc");
	EQ_STR(b.ptr, "");
	free(s);
	s = buf_detach(&b);
	EQ_STR(s, "");
	free(s);

	slice t = slice_trim(slice_from("  x y \n"));
	OK(slice_eq(t, "x y"), "trim");
	OK(slice_starts(slice_from("policy.x"), "policy."), "starts");
	buf_free(&b);
}

/* utf8_valid has fast paths; it must agree with decoding one by one. */
static int valid_slowly(const char *p, size_t n, size_t *bad)
{
	for (size_t i = 0; i < n;) {
		uint32_t cp;
		int len = utf8_decode(p + i, n - i, &cp);
		if (len < 0) {
			*bad = i;
			return 0;
		}
		i += (size_t)len;
	}
	return 1;
}

static void test_utf8_valid_agrees(void)
{
	/* pieces that land on either side of the 8-byte and 3-byte paths */
	static const char *const parts[] = {
		"a", "abcdefgh", "明", "\xE0\xA0\x80", "\xE0\x9F\xBF", "\xED\x9F\xBF",
		"\xED\xA0\x80", "\xEF\xBF\xBF", "\xC3\xA9", "\xF0\x9F\x98\x80", "\xF4\x90\x80\x80",
		"\xE6\x98", "\x80", "\xFF", "\xC0\x80", "\n"};
	size_t np = sizeof parts / sizeof *parts;
	unsigned seed = 12345;
	int disagree = 0;
	for (int round = 0; round < 20000; round++) {
		char s[64];
		size_t n = 0;
		int pieces = 1 + (int)((seed = seed * 1103515245 + 12345) >> 16) % 6;
		for (int k = 0; k < pieces; k++) {
			const char *p = parts[((seed = seed * 1103515245 + 12345) >> 16) % np];
			size_t len = strlen(p);
			if (n + len >= sizeof s)
				break;
			memcpy(s + n, p, len);
			n += len;
		}
		size_t b1 = 0, b2 = 0;
		int v1 = utf8_valid(s, n, &b1), v2 = valid_slowly(s, n, &b2);
		if (v1 != v2 || (!v1 && b1 != b2))
			disagree++;
	}
	EQ_INT(disagree, 0);
}

/* escape_json skips eight bytes at a time; it must agree with a plain
 * byte-by-byte escape wherever the special bytes fall. */
static void escape_slowly(buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '"')
			buf_puts(out, "\\\"");
		else if (c == '\\')
			buf_puts(out, "\\\\");
		else if (c == '\n')
			buf_puts(out, "\\n");
		else if (c == '\t')
			buf_puts(out, "\\t");
		else if (c == '\r')
			buf_puts(out, "\\r");
		else if (c < 0x20)
			buf_printf(out, "\\u%04x", c);
		else
			buf_putc(out, (char)c);
	}
}

static void test_escape_json_agrees(void)
{
	static const unsigned char alphabet[] = {'a', '"', '\\', '\n', 0x01, 0x1f, 0x20,
						 0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xe6, 0xff};
	unsigned seed = 777;
	int disagree = 0;
	for (int round = 0; round < 20000; round++) {
		char s[40];
		size_t n = ((seed = seed * 1103515245 + 12345) >> 16) % sizeof s;
		for (size_t i = 0; i < n; i++) {
			seed = seed * 1103515245 + 12345;
			/* mostly plain bytes, so long clean runs occur */
			s[i] = (seed >> 16) % 4 ? 'x'
						: (char)alphabet[(seed >> 20) % sizeof alphabet];
		}
		buf fast = BUF_INIT, slow = BUF_INIT;
		escape_json(&fast, s, n);
		escape_slowly(&slow, s, n);
		if (fast.len != slow.len || memcmp(fast.ptr, slow.ptr, fast.len))
			disagree++;
		buf_free(&fast);
		buf_free(&slow);
	}
	EQ_INT(disagree, 0);
}

/* One percent-encoder, three things kept: a query value, a path, a link. */
static void test_escape_url(void)
{
	const char *s = "/tags/通知 a?b=%41#x\"<>";
	buf q = BUF_INIT, path = BUF_INIT, link = BUF_INIT;
	escape_url(&q, s, strlen(s), URL_KEEP_UNRESERVED);
	escape_url(&path, s, strlen(s), URL_KEEP_SLASH);
	escape_url(&link, s, strlen(s), URL_KEEP_ASCII);
	EQ_STR(q.ptr, "%2Ftags%2F%E9%80%9A%E7%9F%A5%20a%3Fb%3D%2541%23x%22%3C%3E");
	EQ_STR(path.ptr, "/tags/%E9%80%9A%E7%9F%A5%20a%3Fb%3D%2541%23x%22%3C%3E");
	EQ_STR(link.ptr, "/tags/%E9%80%9A%E7%9F%A5%20a?b=%41#x%22%3C%3E");
	buf_free(&q);
	buf_free(&path);
	buf_free(&link);
}

static void test_utf8(void)
{
	uint32_t cp;
	EQ_INT(utf8_decode("明", 3, &cp), 3);
	EQ_INT(cp, 0x660E);
	OK(utf8_is_han(cp), "han");
	EQ_INT(utf8_decode("\xC0\x80", 2, &cp), -1); /* overlong */
	EQ_INT(utf8_decode("\xED\xA0\x80", 3, &cp), -1); /* surrogate */
	EQ_INT(utf8_decode("\xE6\x98", 2, &cp), -1); /* truncated */
	EQ_INT(utf8_decode("\xF4\x90\x80\x80", 4, &cp), -1); /* > U+10FFFF */
	size_t bad = 99;
	OK(utf8_valid("ok明白", strlen("ok明白"), &bad), "valid");
	OK(!utf8_valid("ok\xFF", 3, &bad), "invalid");
	EQ_INT(bad, 2);
	EQ_INT(utf8_count("a明白", strlen("a明白")), 3);
	EQ_INT(utf8_prefix("a明白", strlen("a明白"), 2), 4);
	EQ_INT(utf8_back("a明白", strlen("a明白"), 0), 4);
	EQ_INT(utf8_back("a明白", 4, 0), 1);
	EQ_INT(utf8_back("a明白", 1, 0), 0);
	EQ_INT(utf8_back("明白", 6, 4), 4); /* never below floor */
	char out[4];
	EQ_INT(utf8_encode(0x1F600, out), 4);
	EQ_INT(utf8_decode(out, 4, &cp), 4);
	EQ_INT(cp, 0x1F600);
}

static void test_file(void)
{
	char dir[] = "/tmp/mingbai-test-XXXXXX";
	OK(mkdtemp(dir) != NULL, "mkdtemp");
	char *sub = path_join(dir, "a/b/c");
	EQ_INT(dir_make(sub), 0);
	OK(dir_exists(sub), "dir made");
	char *f = path_join(sub, "x.txt");
	EQ_INT(file_write_atomic(f, "hello", 5), 0);
	buf b = BUF_INIT;
	EQ_INT(file_read(f, &b, 0), 0);
	EQ_STR(b.ptr, "hello");
	buf_reset(&b);
	OK(file_read(f, &b, 3) < 0, "limit enforced");
	name_list l;
	EQ_INT(dir_list(sub, &l), 0);
	EQ_INT(l.count, 1);
	name_list_free(&l);

	char *a = path_join(dir, "new"), *t = path_join(dir, "tree");
	dir_make(a);
	dir_make(t);
	char *marker = path_join(a, "m");
	file_write(marker, "1", 1);
	EQ_INT(dir_replace(a, t), 0);
	char *moved = path_join(t, "m");
	OK(file_exists(moved), "replaced tree holds new content");
	OK(!dir_exists(a), "source gone");
	EQ_INT(dir_remove(dir), 0);
	OK(!dir_exists(dir), "removed");
	free(moved);
	free(marker);
	free(a);
	free(t);
	free(f);
	free(sub);
	buf_free(&b);
}

int main(void)
{
	test_buf();
	test_utf8();
	test_utf8_valid_agrees();
	test_escape_json_agrees();
	test_escape_url();
	test_file();
	return harness_done();
}
