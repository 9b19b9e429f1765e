/* i18n — the messages a clerk or an operator reads, through GNU gettext.
 *
 * Messages are written in English in the code as _("...") and translated
 * in po/zh_CN.po, which the Makefile compiles with msgfmt into
 * BIN/locale/zh_CN/LC_MESSAGES/mingbai.mo beside the programs. With a
 * Chinese locale (LANG=zh_CN.UTF-8, what `make run` sets) they print in
 * Chinese, otherwise in English. N_() marks a string for translation where
 * it is defined (a table) and _() translates it where it is printed.
 */
#ifndef MINGBAI_I18N_H
#define MINGBAI_I18N_H

#include <libintl.h>

#define I18N_DOMAIN "mingbai"
#define _(s) gettext(s)
#define N_(s) (s)

/* setlocale from the environment and bind the catalogue that sits beside
 * the running program (or in $MINGBAI_LOCALEDIR). A Chinese LANG on a
 * machine without that locale generated still gets Chinese messages (see
 * i18n.c). Call first thing in main(). */
void i18n_init(void);

/* 1 when messages come out in Chinese (for text the code builds itself,
 * such as plural-free summaries). */
int i18n_chinese(void);

#endif
