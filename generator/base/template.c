#include "template.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "file.h"
#include "mem.h"

/* Rendering recursion (partials, parents, sections) deeper than this is a
 * template error, so a self-including partial cannot exhaust the stack. */
#define MAX_DEPTH 100

/* A standalone partial is compiled once per indentation it is included at.
 * A partial that includes itself on an indented line would need a new
 * variant at every level, and a few such lines give exponentially many, so
 * past this many variants of one name the partial is used without the extra
 * indentation: whitespace in the output is all that changes. */
#define MAX_INDENTED 32

typedef enum op_kind {
	OP_TEXT,
	OP_VAR,      /* {{name}}, escaped */
	OP_RAW,      /* {{{name}}} and {{&name}} */
	OP_SECTION,  /* {{#name}} … {{/name}} */
	OP_INVERTED, /* {{^name}} … {{/name}} */
	OP_PARTIAL,  /* {{>name}} */
	OP_BLOCK,    /* {{$name}} … {{/name}} */
	OP_PARENT,   /* {{<name}} … {{/name}} */
} op_kind;

typedef struct op {
	op_kind kind;
	size_t end;     /* sections, blocks, parents: index of the first op after */
	char *text;     /* literal text, or the tag's name */
	size_t len;
	char **path;    /* the name split at dots; NULL for "." */
	size_t n_path;
	template *partial; /* partials and parents, resolved when compiled */
	char *indent;      /* blocks: the indentation their content takes */
	int alone;         /* blocks: the opening tag stands alone on its line */
	int line;          /* of the tag */
} op;

/* Invariant, once compiled is set: every section, inverted section, block
 * and parent op at index i has i < end <= n_ops, and the ops between are
 * its content. Only compiled templates are ever handed out or rendered; a
 * template whose compile fails is taken out of its set (it may be half
 * built, with end still 0). */
struct template {
	char *name;
	char *file;   /* for messages: DIR/NAME.mustache, or the name */
	op *ops;
	size_t n_ops, cap_ops;
	size_t literal_bytes; /* sizes the output buffer once per render */
	int compiled;
};

typedef struct entry {
	char *key; /* name, or name + '\1' + indentation */
	template *t;
} entry;

struct template_set {
	template_loader load;
	void *ctx;
	entry *entries;
	size_t n, cap;
	template_error error; /* the first error of the last failed compile */
	char *error_file;
	buf error_message;
};

template_set *template_set_new(template_loader load, void *ctx)
{
	template_set *s = xcalloc(1, sizeof *s);
	s->load = load;
	s->ctx = ctx;
	buf_init(&s->error_message);
	return s;
}

static void template_free(template *t)
{
	for (size_t i = 0; i < t->n_ops; i++) {
		free(t->ops[i].text);
		free(t->ops[i].indent);
		for (size_t k = 0; k < t->ops[i].n_path; k++)
			free(t->ops[i].path[k]);
		free(t->ops[i].path);
	}
	free(t->ops);
	free(t->name);
	free(t->file);
	free(t);
}

void template_set_free(template_set *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		template_free(s->entries[i].t);
		free(s->entries[i].key);
	}
	free(s->entries);
	free(s->error_file);
	buf_free(&s->error_message);
	free(s);
}

const template_error *template_set_error(const template_set *s)
{
	return s->error.file ? &s->error : NULL;
}

static template *cached(template_set *s, const char *key)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->entries[i].key, key))
			return s->entries[i].t;
	return NULL;
}

static size_t indented_variants(const template_set *s, const char *name)
{
	size_t n = 0, len = strlen(name);
	for (size_t i = 0; i < s->n; i++)
		n += !strncmp(s->entries[i].key, name, len) &&
		     s->entries[i].key[len] == '\1';
	return n;
}

/* The file messages name for template name: the path template_dir_loader
 * reads, else the name itself. The caller frees it. */
static char *file_of(const template_set *s, const char *name)
{
	if (s->load != template_dir_loader)
		return xstrdup(name);
	buf f = BUF_INIT;
	buf_printf(&f, "%s/%s.mustache", (const char *)s->ctx, name);
	return buf_detach(&f);
}

/* The template joins the set before it is compiled: a partial that
 * includes itself finds it there. */
static template *add_template(template_set *s, const char *key, const char *name)
{
	GROW(s->entries, s->n + 1, s->cap);
	template *t = xcalloc(1, sizeof *t);
	t->name = xstrdup(name);
	t->file = file_of(s, name);
	s->entries[s->n].key = xstrdup(key);
	s->entries[s->n].t = t;
	s->n++;
	return t;
}

/* Undo a failed compile: the templates added since there were n (the one
 * that failed and every partial compiled for it, which may point at it)
 * leave the set, so no lookup can return a half-built one. */
static void drop_since(template_set *s, size_t n)
{
	assert(n <= s->n);
	while (s->n > n) {
		s->n--;
		template_free(s->entries[s->n].t);
		free(s->entries[s->n].key);
	}
}

/* Record an error as "file:line: message" in err and as the set's error.
 * Only the first error of a compile gets here: a partial's error fails the
 * templates that include it without a message of their own. Returns -1. */
static int set_error(template_set *s, const char *file, int line, buf *err,
		     const char *fmt, ...) __attribute__((format(printf, 5, 6)));
static int set_error(template_set *s, const char *file, int line, buf *err,
		     const char *fmt, ...)
{
	buf_reset(&s->error_message);
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&s->error_message, fmt, ap);
	va_end(ap);
	free(s->error_file);
	s->error_file = xstrdup(file);
	s->error = (template_error){s->error_file, line, s->error_message.ptr};
	if (line > 0)
		buf_printf(err, "%s:%d: %s", file, line, s->error_message.ptr);
	else
		buf_printf(err, "%s: %s", file, s->error_message.ptr);
	return -1;
}

/* ---- compiling ------------------------------------------------------------ */

typedef struct parser {
	template_set *set;
	template *t;
	const char *src, *end, *p;
	char open[16], close[16];
	size_t open_len, close_len;
	int line;
	buf *err;
	size_t stack[MAX_DEPTH]; /* open sections: op indices */
	size_t depth;
	size_t barrier; /* text may be merged into ops from here on only */
	const char *alone_end; /* end of the last standalone tag on this line */
} parser;

static op *push_op(template *t, op_kind kind)
{
	GROW(t->ops, t->n_ops + 1, t->cap_ops);
	assert(t->n_ops < t->cap_ops);
	op *o = &t->ops[t->n_ops++];
	memset(o, 0, sizeof *o);
	o->kind = kind;
	return o;
}

static void add_text(parser *ps, const char *p, size_t n)
{
	if (!n)
		return;
	template *t = ps->t;
	if (t->n_ops > ps->barrier && t->ops[t->n_ops - 1].kind == OP_TEXT) {
		op *o = &t->ops[t->n_ops - 1];
		o->text = xrealloc(o->text, o->len + n + 1);
		memcpy(o->text + o->len, p, n);
		o->len += n;
		o->text[o->len] = '\0';
	} else {
		op *o = push_op(t, OP_TEXT);
		o->text = xstrndup(p, n);
		o->len = n;
	}
	t->literal_bytes += n;
}

#define fail(ps, line, ...) set_error((ps)->set, (ps)->t->file, (line), (ps)->err, __VA_ARGS__)

static void split_path(op *o)
{
	if (!strcmp(o->text, "."))
		return;
	size_t n = 1;
	for (const char *c = o->text; *c; c++)
		n += *c == '.';
	o->path = xcalloc(n, sizeof *o->path);
	const char *start = o->text;
	for (;;) {
		const char *dot = strchr(start, '.');
		size_t len = dot ? (size_t)(dot - start) : strlen(start);
		o->path[o->n_path++] = xstrndup(start, len);
		if (!dot)
			break;
		start = dot + 1;
	}
}

static int is_blank(char c) { return c == ' ' || c == '\t'; }

static template *compile_named(template_set *s, const char *name, const char *indent,
			       buf *err);

static int is_structural(char c)
{
	return c && strchr("#^/!><$=", c) != NULL;
}

/* Is the rest of the line from p only blanks (and, when tags_ok, tags that
 * can stand alone)? Sets *eol to just past the line's newline (or the end). */
static int rest_of_line(parser *ps, const char *p, int tags_ok, const char **eol)
{
	for (;;) {
		while (p < ps->end && is_blank(*p))
			p++;
		if (p == ps->end) {
			*eol = p;
			return 1;
		}
		if (*p == '\n' || (*p == '\r' && p + 1 < ps->end && p[1] == '\n')) {
			*eol = p + (*p == '\r' ? 2 : 1);
			return 1;
		}
		if (!tags_ok || (size_t)(ps->end - p) <= ps->open_len ||
		    memcmp(p, ps->open, ps->open_len) ||
		    !is_structural(p[ps->open_len]))
			return 0;
		const char *c = memmem(p + ps->open_len, (size_t)(ps->end - p - ps->open_len),
				       ps->close, ps->close_len);
		if (!c || memchr(p, '\n', (size_t)(c - p)))
			return 0;
		p = c + ps->close_len;
	}
}

/* Standalone: a tag on a line that holds only blanks and tags that are not
 * interpolations. Such a line leaves no trace in the output: its blanks and
 * newline go. An empty block written inline ({{$b}}{{/b}}) stays inline. */
static int standalone(parser *ps, char sigil, int closes_block, const char *tag,
		      const char *tag_end, const char **line_start,
		      const char **next, int *last_on_line)
{
	const char *b = tag;
	while (b > ps->src && is_blank(b[-1]))
		b--;
	int at_start = b == ps->src || b[-1] == '\n';
	if (!at_start && !(ps->alone_end && b == ps->alone_end))
		return 0;
	if (closes_block && !at_start)
		return 0;
	const char *eol;
	if (!rest_of_line(ps, tag_end, sigil != '$', &eol))
		return 0;
	*line_start = b;
	const char *q = tag_end;
	while (q < ps->end && is_blank(*q))
		q++;
	*last_on_line = q == ps->end || *q == '\n' || *q == '\r';
	*next = *last_on_line ? eol : tag_end;
	return 1;
}

/* s, n: the text between the '=' signs; tag, tag_len: the whole tag, for
 * the message. */
static int set_delimiters(parser *ps, const char *s, size_t n, int line,
			  const char *tag, size_t tag_len)
{
	/* "<% %>" between the '=' signs */
	while (n && is_blank(*s)) {
		s++;
		n--;
	}
	while (n && is_blank(s[n - 1]))
		n--;
	size_t i = 0;
	while (i < n && !is_blank(s[i]))
		i++;
	size_t j = i;
	while (j < n && is_blank(s[j]))
		j++;
	if (i == 0 || j == n || i >= sizeof ps->open || n - j >= sizeof ps->close ||
	    memchr(s + j, ' ', n - j) || memchr(s, '=', i))
		return fail(ps, line, "bad set-delimiter tag '%.*s'", (int)tag_len, tag);
	memcpy(ps->open, s, i);
	ps->open[i] = '\0';
	ps->open_len = i;
	memcpy(ps->close, s + j, n - j);
	ps->close[n - j] = '\0';
	ps->close_len = n - j;
	return 0;
}

static size_t leading_blanks(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && is_blank(s[i]))
		i++;
	return i;
}

/* A block's content is reindented where it lands: the indentation it has
 * where it is written (an argument inside a parent call) is taken off its
 * text here, and the indentation of the place it fills is added when it is
 * rendered. A standalone block with no indentation of its own takes the
 * indentation of its default content. */
static void close_block(parser *ps, size_t at)
{
	template *t = ps->t;
	op *o = &t->ops[at];
	assert(o->kind == OP_BLOCK && at < o->end && o->end <= t->n_ops);
	op *first = at + 1 < o->end && t->ops[at + 1].kind == OP_TEXT ? &t->ops[at + 1] : NULL;
	if (o->alone && !*o->indent && first) {
		free(o->indent);
		o->indent = xstrndup(first->text, leading_blanks(first->text, first->len));
	}
	int argument = ps->depth && t->ops[ps->stack[ps->depth - 1]].kind == OP_PARENT;
	if (!argument || !o->alone || !first)
		return;
	size_t xn = leading_blanks(first->text, first->len);
	if (!xn)
		return;
	char *x = xstrndup(first->text, xn);
	int line_start = 1;
	for (size_t i = at + 1; i < o->end; i++) {
		op *c = &t->ops[i];
		if (c->kind != OP_TEXT) {
			line_start = 0;
			continue;
		}
		buf b = BUF_INIT;
		for (size_t k = 0; k < c->len;) {
			if (line_start && c->len - k >= xn && !memcmp(c->text + k, x, xn))
				k += xn;
			line_start = 0;
			while (k < c->len && c->text[k] != '\n')
				buf_putc(&b, c->text[k++]);
			if (k < c->len) {
				buf_putc(&b, c->text[k++]);
				line_start = 1;
			}
		}
		free(c->text);
		c->len = b.len;
		c->text = buf_detach(&b);
	}
	free(x);
}

/* One tag as the parser meets it. */
typedef struct parsed_tag {
	const char *start; /* the opening delimiter */
	const char *close; /* the closing delimiter (after '}' or '=' for those) */
	const char *after; /* just past the closing delimiter */
	char sigil;        /* the character after the opening delimiter, or '\0' */
	op_kind kind;      /* the op it becomes (OP_VAR for '/', '!' and '=') */
	int structural;    /* may stand alone on its line */
	slice name;        /* trimmed; for '!' and '=', everything after the sigil */
	int line;          /* of the opening delimiter */
	int alone;         /* it stands alone: its line leaves no trace */
	buf indent;        /* the line's indentation, for partials, parents, blocks;
			      parse_tag frees it */
} parsed_tag;

/* Find the end of the tag at tg->start (sigil set). Returns -1 when the
 * tag is not closed. */
static int find_close(parser *ps, parsed_tag *tg)
{
	const char *inner = tg->start + ps->open_len;
	size_t left = inner < ps->end ? (size_t)(ps->end - inner) : 0;
	if (tg->sigil == '{' || tg->sigil == '=') {
		/* {{{name}}} and {{=<% %>=}}: the brace or '=' sits before the
		 * delimiter */
		char want[20];
		snprintf(want, sizeof want, "%c%s", tg->sigil == '{' ? '}' : '=', ps->close);
		size_t skip = tg->sigil == '=';
		tg->close = memmem(inner + skip, left - skip, want, strlen(want));
		tg->after = tg->close ? tg->close + strlen(want) : NULL;
	} else {
		/* past the sigil: a closing delimiter may begin with it */
		size_t skip = tg->sigil && strchr("#^/!>$<&", tg->sigil) ? 1 : 0;
		tg->close = memmem(inner + skip, left - skip, ps->close, ps->close_len);
		tg->after = tg->close ? tg->close + ps->close_len : NULL;
	}
	return tg->close ? 0 : -1;
}

/* The op a sigil makes, whether its tag may stand alone, and its name. */
static void classify(parser *ps, parsed_tag *tg)
{
	const char *body = tg->start + ps->open_len;
	tg->kind = OP_VAR;
	tg->structural = 1;
	switch (tg->sigil) {
	case '#': tg->kind = OP_SECTION; body++; break;
	case '^': tg->kind = OP_INVERTED; body++; break;
	case '/': body++; break;
	case '!': break;
	case '>': tg->kind = OP_PARTIAL; body++; break;
	case '$': tg->kind = OP_BLOCK; body++; break;
	case '<': tg->kind = OP_PARENT; body++; break;
	case '=': break;
	case '{': tg->kind = OP_RAW; body++; tg->structural = 0; break;
	case '&': tg->kind = OP_RAW; body++; tg->structural = 0; break;
	default: tg->structural = 0; break;
	}
	tg->name = slice_trim(slice_of(body, (size_t)(tg->close - body)));
	if (tg->sigil == '!' || tg->sigil == '=')
		tg->name = slice_of(body + 1, (size_t)(tg->close - body - 1));
}

/* Take the text before the tag into the op list and move past the tag (and
 * past the rest of its line when it stands alone). */
static void consume_tag(parser *ps, parsed_tag *tg)
{
	const char *line_start = tg->start, *next = tg->after;
	int last = 1;
	int closes_block = tg->sigil == '/' && ps->depth &&
			   ps->t->ops[ps->stack[ps->depth - 1]].kind == OP_BLOCK;
	tg->alone = tg->structural && standalone(ps, tg->sigil, closes_block, tg->start,
						 tg->after, &line_start, &next, &last);
	add_text(ps, ps->p, (size_t)((tg->alone ? line_start : tg->start) - ps->p));
	const char *ls = tg->start;
	while (ls > ps->src && is_blank(ls[-1]))
		ls--;
	if ((ls == ps->src || ls[-1] == '\n') && (tg->alone || tg->kind == OP_BLOCK))
		buf_put(&tg->indent, ls, (size_t)(tg->start - ls));
	const char *to = tg->alone ? next : tg->after;
	for (const char *c = tg->start; c < to; c++)
		ps->line += *c == '\n';
	ps->p = to;
	ps->alone_end = tg->alone && !last ? tg->after : NULL;
}

/* {{/name}}: sets the end of the section, block or parent it closes. */
static int parse_close(parser *ps, const parsed_tag *tg)
{
	char *nm = slice_dup(tg->name);
	int rc = -1;
	if (!ps->depth) {
		fail(ps, tg->line, "closing tag '%s' without an opening one", nm);
		goto done;
	}
	size_t at = ps->stack[--ps->depth];
	assert(at < ps->t->n_ops);
	op *o = &ps->t->ops[at];
	if (strcmp(o->text, nm)) {
		fail(ps, tg->line, "'%s' closes '%s' (opened on line %d)", nm, o->text,
		     o->line);
		goto done;
	}
	assert(o->end == 0);
	o->end = ps->t->n_ops;
	ps->barrier = ps->t->n_ops;
	if (o->kind == OP_BLOCK)
		close_block(ps, at);
	rc = 0;
done:
	free(nm);
	return rc;
}

/* A new op for the tag; it owns the tag's name. */
static op *push_tag_op(parser *ps, const parsed_tag *tg)
{
	op *o = push_op(ps->t, tg->kind);
	o->text = slice_dup(tg->name);
	o->len = tg->name.len;
	o->line = tg->line;
	return o;
}

/* {{name}}, {{{name}}}, {{&name}} */
static int parse_var(parser *ps, const parsed_tag *tg)
{
	split_path(push_tag_op(ps, tg));
	return 0;
}

/* {{#name}}, {{^name}}, {{$name}}: opens a section its {{/name}} closes. */
static int parse_open(parser *ps, const parsed_tag *tg)
{
	op *o = push_tag_op(ps, tg);
	if (tg->kind == OP_BLOCK) {
		o->indent = xstrdup(tg->indent.ptr);
		o->alone = tg->alone;
	} else {
		split_path(o);
	}
	if (ps->depth == MAX_DEPTH)
		return fail(ps, tg->line, "sections nested too deeply at '%s'", o->text);
	ps->stack[ps->depth++] = ps->t->n_ops - 1;
	return 0;
}

/* The op at idx names a partial or parent: compile it now (at the
 * indentation of a standalone tag), so rendering never parses. */
static int resolve_partial(parser *ps, size_t idx, const char *indent)
{
	assert(idx < ps->t->n_ops);
	size_t errors = ps->err->len;
	/* index, not pointer: compiling may grow the ops array */
	template *pt = compile_named(ps->set, ps->t->ops[idx].text, indent, ps->err);
	if (!pt && ps->err->len > errors)
		return -1; /* NULL without a message: no such partial */
	ps->t->ops[idx].partial = pt;
	return 0;
}

/* {{>name}} */
static int parse_partial(parser *ps, const parsed_tag *tg)
{
	push_tag_op(ps, tg);
	return resolve_partial(ps, ps->t->n_ops - 1, tg->indent.ptr);
}

/* {{<name}}: a section whose blocks override the parent's. */
static int parse_parent(parser *ps, const parsed_tag *tg)
{
	push_tag_op(ps, tg);
	size_t idx = ps->t->n_ops - 1;
	if (ps->depth == MAX_DEPTH)
		return fail(ps, tg->line, "sections nested too deeply at '%s'",
			    ps->t->ops[idx].text);
	ps->stack[ps->depth++] = idx;
	return resolve_partial(ps, idx, tg->indent.ptr);
}

/* A section, block or parent still open at the end of the source. */
static int check_all_closed(parser *ps)
{
	if (!ps->depth)
		return 0;
	assert(ps->stack[ps->depth - 1] < ps->t->n_ops);
	const op *o = &ps->t->ops[ps->stack[ps->depth - 1]];
	static const char sigils[] = {[OP_SECTION] = '#', [OP_INVERTED] = '^',
				      [OP_BLOCK] = '$', [OP_PARENT] = '<'};
	return fail(ps, o->line, "unclosed {{%c%s}}: no {{/%s}} after it",
		    sigils[o->kind], o->text, o->text);
}

/* The op list's part of a consumed tag, by its sigil and kind. */
static int parse_tag_op(parser *ps, const parsed_tag *tg)
{
	switch (tg->sigil) {
	case '!':
		return 0;
	case '=':
		return set_delimiters(ps, tg->name.ptr, tg->name.len, tg->line, tg->start,
				      (size_t)(tg->after - tg->start));
	}
	if (!tg->name.len)
		return fail(ps, tg->line, "empty tag name after '%s'", ps->open);
	if (tg->sigil == '/')
		return parse_close(ps, tg);
	switch (tg->kind) {
	case OP_SECTION:
	case OP_INVERTED:
	case OP_BLOCK:
		return parse_open(ps, tg);
	case OP_PARTIAL:
		return parse_partial(ps, tg);
	case OP_PARENT:
		return parse_parent(ps, tg);
	default:
		return parse_var(ps, tg);
	}
}

/* The tag at start, parsed into the op list. */
static int parse_tag(parser *ps, const char *start)
{
	parsed_tag tg = {.start = start, .indent = BUF_INIT};
	const char *inner = start + ps->open_len;
	tg.sigil = inner < ps->end ? *inner : '\0';
	for (const char *c = ps->p; c < start; c++)
		ps->line += *c == '\n';
	tg.line = ps->line; /* ps->line moves past the tag */
	if (find_close(ps, &tg) < 0)
		return fail(ps, tg.line, "unclosed tag '%s'", ps->open);
	classify(ps, &tg);
	consume_tag(ps, &tg);
	int rc = parse_tag_op(ps, &tg);
	buf_free(&tg.indent);
	return rc;
}

static int parse(parser *ps)
{
	while (ps->p < ps->end) {
		const char *start = memmem(ps->p, (size_t)(ps->end - ps->p), ps->open,
					   ps->open_len);
		if (!start) {
			add_text(ps, ps->p, (size_t)(ps->end - ps->p));
			break;
		}
		if (parse_tag(ps, start) < 0)
			return -1;
	}
	return check_all_closed(ps);
}

#ifndef NDEBUG
/* The invariant of struct template: every section, block and parent op
 * ends past itself and inside the op list. */
static int ends_resolved(const template *t)
{
	for (size_t i = 0; i < t->n_ops; i++) {
		const op *o = &t->ops[i];
		if (o->kind >= OP_SECTION && o->kind != OP_PARTIAL &&
		    !(i < o->end && o->end <= t->n_ops))
			return 0;
	}
	return 1;
}
#endif

/* Compile src into t, which the set holds from index at on. On failure t
 * and whatever was added for it leave the set (t is freed). */
static int compile_into(template_set *s, size_t at, template *t, const char *src,
			size_t len, buf *err)
{
	assert(at < s->n && s->entries[at].t == t);
	parser ps = {.set = s, .t = t, .src = src, .end = src + len, .p = src,
		     .open = "{{", .close = "}}", .open_len = 2, .close_len = 2,
		     .line = 1, .err = err};
	if (parse(&ps) < 0) {
		drop_since(s, at);
		return -1;
	}
	assert(ps.depth == 0 && ends_resolved(t));
	t->compiled = 1;
	return 0;
}

/* Indent every line of src (a standalone partial's indentation applies to
 * each line of the partial, not to the data it interpolates). */
static void indent_source(buf *out, const char *src, size_t n, const char *indent)
{
	size_t start = 0;
	for (size_t i = 0; i < n; i++) {
		if (src[i] != '\n')
			continue;
		buf_puts(out, indent);
		buf_put(out, src + start, i + 1 - start);
		start = i + 1;
	}
	if (start < n) {
		buf_puts(out, indent);
		buf_put(out, src + start, n - start);
	}
}

static template *compile_named(template_set *s, const char *name, const char *indent,
			       buf *err)
{
	buf key = BUF_INIT;
	buf_puts(&key, name);
	if (*indent) {
		buf_putc(&key, '\1');
		buf_puts(&key, indent);
	}
	template *t = cached(s, key.ptr);
	if (!t && *indent && indented_variants(s, name) >= MAX_INDENTED) {
		indent = "";
		buf_truncate(&key, strlen(name));
		t = cached(s, key.ptr);
	}
	if (t) {
		buf_free(&key);
		return t;
	}
	buf src = BUF_INIT, shifted = BUF_INIT;
	if (!s->load || s->load(s->ctx, name, &src) < 0) {
		buf_free(&key);
		buf_free(&src);
		return NULL; /* a missing partial renders as nothing */
	}
	size_t at = s->n;
	t = add_template(s, key.ptr, name);
	const char *text = src.ptr;
	size_t len = src.len;
	if (*indent) {
		indent_source(&shifted, src.ptr, src.len, indent);
		text = shifted.ptr;
		len = shifted.len;
	}
	int rc = compile_into(s, at, t, text, len, err);
	buf_free(&key);
	buf_free(&src);
	buf_free(&shifted);
	return rc < 0 ? NULL : t;
}

template *template_compile(template_set *s, const char *name, const char *src,
			   size_t len, buf *err)
{
	size_t at = s->n;
	template *t = add_template(s, name, name);
	if (compile_into(s, at, t, src, len, err) < 0)
		return NULL;
	return t;
}

template *template_get(template_set *s, const char *name, buf *err)
{
	size_t errors = err->len;
	template *t = compile_named(s, name, "", err);
	if (!t && err->len == errors) {
		char *file = file_of(s, name);
		set_error(s, file, 0, err, "no such template");
		free(file);
	}
	return t;
}

int template_dir_loader(void *dir, const char *name, buf *src)
{
	if (!*name || strstr(name, "..") || name[0] == '/') {
		errno = EINVAL;
		return -1;
	}
	buf path = BUF_INIT;
	buf_printf(&path, "%s/%s.mustache", (const char *)dir, name);
	int rc = file_read(path.ptr, src, 0);
	buf_free(&path);
	return rc;
}

/* ---- rendering ------------------------------------------------------------ */

typedef struct frame {
	const json_t *value;
	const struct frame *up;
} frame;

typedef struct override {
	const char *name;
	const template *t;
	size_t start, end;
	const struct override *next;
} override;

typedef struct render {
	buf *out;
	buf *err;
	int depth;
} render;

static const json_t *lookup(const frame *f, const op *o)
{
	if (!o->path)
		return f->value;
	const json_t *v = NULL;
	for (; f; f = f->up) {
		if (json_is_object(f->value) &&
		    (v = json_object_get(f->value, o->path[0])))
			break;
	}
	if (!v)
		return NULL;
	for (size_t i = 1; i < o->n_path && v; i++)
		v = json_is_object(v) ? json_object_get(v, o->path[i]) : NULL;
	return v;
}

static int falsy(const json_t *v)
{
	/* An empty string is false too (the spec leaves it open): a theme can
	 * then write {{#phone}}…{{/phone}}{{^phone}}请咨询…{{/phone}} for a
	 * field the clerk left empty. */
	return !v || json_is_null(v) || json_is_false(v) ||
	       (json_is_array(v) && json_array_size(v) == 0) ||
	       (json_is_string(v) && json_string_length(v) == 0);
}

static void put_real(buf *out, double d)
{
	char s[40];
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(s, sizeof s, "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	buf_puts(out, s);
}

static void interpolate(buf *out, const json_t *v, int escape)
{
	if (!v)
		return;
	switch (json_typeof(v)) {
	case JSON_STRING:
		if (escape)
			escape_html(out, json_string_value(v), json_string_length(v));
		else
			buf_put(out, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		buf_printf(out, "%lld", (long long)json_integer_value(v));
		break;
	case JSON_REAL:
		put_real(out, json_real_value(v));
		break;
	case JSON_TRUE:
		buf_puts(out, "true");
		break;
	case JSON_FALSE:
		buf_puts(out, "false");
		break;
	default:
		break;
	}
}

static int run(render *r, const template *t, size_t start, size_t end,
	       const frame *f, const override *ov);

/* Append text with indent before each line (before the first too when
 * first is set); no indent after a final newline. */
static void reindent(buf *out, const buf *text, const char *indent, int first)
{
	int at_start = first;
	for (size_t i = 0; i < text->len; i++) {
		if (at_start)
			buf_puts(out, indent);
		at_start = text->ptr[i] == '\n' && i + 1 < text->len;
		buf_putc(out, text->ptr[i]);
	}
}

static const override *find_override(const override *ov, const char *name)
{
	for (; ov; ov = ov->next)
		if (!strcmp(ov->name, name))
			return ov;
	return NULL;
}

static int run_parent(render *r, const template *t, const op *o, const frame *f,
		      const override *ov)
{
	/* Blocks given in the call override the parent's, unless an outer
	 * caller already overrode the same name: the outermost wins. */
	size_t n = 0;
	assert(o->end <= t->n_ops);
	for (size_t i = (size_t)(o - t->ops) + 1; i < o->end;) {
		const op *c = &t->ops[i];
		assert(c->kind < OP_SECTION || c->kind == OP_PARTIAL || c->end > i);
		if (c->kind == OP_BLOCK)
			n++;
		i = (c->kind >= OP_SECTION && c->kind != OP_PARTIAL) ? c->end : i + 1;
	}
	override *mine = n ? xcalloc(n, sizeof *mine) : NULL;
	const override *head = ov;
	size_t k = 0;
	for (size_t i = (size_t)(o - t->ops) + 1; i < o->end;) {
		const op *c = &t->ops[i];
		if (c->kind == OP_BLOCK && !find_override(ov, c->text)) {
			mine[k] = (override){c->text, t, i + 1, c->end, head};
			head = &mine[k++];
		}
		i = (c->kind >= OP_SECTION && c->kind != OP_PARTIAL) ? c->end : i + 1;
	}
	int rc = 0;
	if (o->partial)
		rc = run(r, o->partial, 0, o->partial->n_ops, f, head);
	free(mine);
	return rc;
}

static int run(render *r, const template *t, size_t start, size_t end,
	       const frame *f, const override *ov)
{
	if (++r->depth > MAX_DEPTH) {
		if (!r->err->len)
			buf_printf(r->err, "%s: templates nest more than %d deep",
				   t->name, MAX_DEPTH);
		r->depth--;
		return -1;
	}
	assert(t->compiled && start <= end && end <= t->n_ops);
	int rc = 0;
	for (size_t i = start; i < end && rc == 0;) {
		const op *o = &t->ops[i];
		/* a section's end lies past it and inside the range being run:
		 * an end of 0 (a half-built section) would loop forever */
		assert(o->kind < OP_SECTION || o->kind == OP_PARTIAL ||
		       (o->end > i && o->end <= end));
		switch (o->kind) {
		case OP_TEXT:
			buf_put(r->out, o->text, o->len);
			i++;
			break;
		case OP_VAR:
		case OP_RAW:
			interpolate(r->out, lookup(f, o), o->kind == OP_VAR);
			i++;
			break;
		case OP_SECTION: {
			const json_t *v = lookup(f, o);
			if (!falsy(v)) {
				if (json_is_array(v)) {
					for (size_t k = 0; k < json_array_size(v) && rc == 0; k++) {
						frame child = {json_array_get(v, k), f};
						rc = run(r, t, i + 1, o->end, &child, ov);
					}
				} else {
					frame child = {v, f};
					rc = run(r, t, i + 1, o->end, &child, ov);
				}
			}
			i = o->end;
			break;
		}
		case OP_INVERTED:
			if (falsy(lookup(f, o)))
				rc = run(r, t, i + 1, o->end, f, ov);
			i = o->end;
			break;
		case OP_PARTIAL:
			if (o->partial)
				rc = run(r, o->partial, 0, o->partial->n_ops, f, ov);
			i++;
			break;
		case OP_BLOCK: {
			const override *b = find_override(ov, o->text);
			if (b && !*o->indent) {
				rc = run(r, b->t, b->start, b->end, f, ov);
			} else if (b) {
				buf *saved = r->out, tmp = BUF_INIT;
				r->out = &tmp;
				rc = run(r, b->t, b->start, b->end, f, ov);
				r->out = saved;
				reindent(saved, &tmp, o->indent, o->alone);
				buf_free(&tmp);
			} else
				rc = run(r, t, i + 1, o->end, f, ov);
			i = o->end;
			break;
		}
		case OP_PARENT:
			rc = run_parent(r, t, o, f, ov);
			i = o->end;
			break;
		}
	}
	r->depth--;
	return rc;
}

int template_render(const template *t, const json_t *data, buf *out, buf *err)
{
	render r = {.out = out, .err = err};
	frame root = {data, NULL};
	buf_grow(out, t->literal_bytes);
	return run(&r, t, 0, t->n_ops, &root, NULL);
}
