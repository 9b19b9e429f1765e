#include "diag.h"

#include <stdarg.h>

#include "i18n.h"

static void report(diag *d, const char *kind, const char *path, int line,
		   const char *fmt, va_list ap)
{
	if (d && d->to) {
		if (line > 0)
			buf_printf(d->to, "%s:%d: %s", path, line, kind);
		else
			buf_printf(d->to, "%s: %s", path, kind);
		buf_vprintf(d->to, fmt, ap);
		buf_putc(d->to, '\n');
		return;
	}
	FILE *out = d && d->out ? d->out : stderr;
	if (line > 0)
		fprintf(out, "%s:%d: %s", path, line, kind);
	else
		fprintf(out, "%s: %s", path, kind);
	vfprintf(out, fmt, ap);
	fputc('\n', out);
}

void diag_error(diag *d, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(d, "", path, line, fmt, ap);
	va_end(ap);
	if (d)
		d->errors++;
}

void diag_warn(diag *d, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(d, _("warning: "), path, line, fmt, ap);
	va_end(ap);
	if (d)
		d->warnings++;
}

void diag_note(diag *d, const char *path, int line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	report(d, _("note: "), path, line, fmt, ap);
	va_end(ap);
}
