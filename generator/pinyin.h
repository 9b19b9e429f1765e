/* pinyin — a page title written as a file name: "关于做好2026年生源地信用助学
 * 贷款工作的通知" → "guan-yu-zuo-hao-2026-nian-sheng-yuan-di-xin-yong-zhu-xue".
 *
 * `sitegen new` names the file after the title so the clerk recognises it
 * in the folder and the page's address reads as the title. The Chinese is
 * read by ICU's Han-Latin transliterator (the Unicode reference data, the
 * same ICU the bot uses) and folded to ASCII. ICU is opened with dlopen
 * only here: sitegen does not load ICU for a build.
 */
#ifndef MINGBAI_PINYIN_H
#define MINGBAI_PINYIN_H

#include <stddef.h>

#include "buf.h"

/* Append to out the title's syllables and ASCII words, lower case, joined
 * by '-', cut at a syllable to at most max_len bytes. Returns 0, or -1 when
 * ICU cannot be loaded (out then holds nothing new). */
int pinyin_slug(const char *title, size_t max_len, buf *out);

#endif
