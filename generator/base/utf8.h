/* utf8 — decoding, encoding and validation of UTF-8 text.
 *
 * Pure functions over caller-owned bytes; nothing here allocates.
 * Overlong forms, surrogates and code points past U+10FFFF are invalid.
 */
#ifndef MINGBAI_UTF8_H
#define MINGBAI_UTF8_H

#include <stddef.h>
#include <stdint.h>

/* Decode one code point at p (n bytes available). Returns its length in
 * bytes (1-4) and stores it in *cp, or returns -1 for an invalid sequence,
 * storing U+FFFD. */
int utf8_decode(const char *p, size_t n, uint32_t *cp);
/* Encode cp into out (at least 4 bytes); returns the length, 0 if invalid. */
int utf8_encode(uint32_t cp, char *out);
/* 1 if all n bytes are valid UTF-8; otherwise 0 and *bad holds the offset of
 * the first invalid byte (bad may be NULL). */
int utf8_valid(const char *p, size_t n, size_t *bad);
/* Number of code points (an invalid byte counts as one). */
size_t utf8_count(const char *p, size_t n);
/* Byte length of the first max_chars code points of p. */
size_t utf8_prefix(const char *p, size_t n, size_t max_chars);
/* Where the code point that ends at byte at of p starts: at - 1, less the
 * continuation bytes before it, never below floor (at > floor). */
size_t utf8_back(const char *p, size_t at, size_t floor);
/* 1 for Han ideographs (the CJK Unified blocks and compatibility forms). */
int utf8_is_han(uint32_t cp);

#endif
