#include "yamljson.h"

#include <string.h>
#include <yaml.h>

#include "i18n.h"
#include "mem.h"

/* Nesting deeper than this is refused: no content needs it, and it keeps a
 * hostile file from exhausting the stack. */
#define MAX_DEPTH 64

typedef struct loader {
	yaml_parser_t parser;
	const char *path;
	int first_line;
	yaml_scalar_fn fn;
	void *ctx;
	diag *d;
	buf scratch;
} loader;

static int line_of(loader *l, yaml_mark_t m)
{
	return (int)m.line + l->first_line;
}

static json_t *parse_node(loader *l, yaml_event_t *ev, int depth);

/* libyaml's problems, said for a clerk who never heard of a "block
 * mapping": what is wrong with the line and how to fix it. at_start: the
 * message is about where the construct began (an unclosed quote), which
 * libyaml gives as the context mark, not where it gave up. */
static const struct {
	const char *problem, *context; /* substrings; NULL matches any */
	const char *say;
	int at_start;
} yaml_problems[] = {
	{"did not find expected key", NULL,
	 N_("this line's indentation does not match the lines above it"), 0},
	{"did not find expected '-' indicator", NULL,
	 N_("this list item's indentation does not match the items above it"), 0},
	{"mapping values are not allowed", NULL,
	 N_("the value holds ': ' (a colon and a space): put the whole value in "
	    "quotes"), 0},
	{"block sequence entries are not allowed", NULL,
	 N_("a list item ('- ') where a value was expected: check the indentation"), 0},
	{"tab character", NULL,
	 N_("a tab in the indentation: indent with spaces"), 0},
	{"found unexpected end of stream", "quoted scalar",
	 N_("a quotation mark opened on this line is never closed"), 1},
	{"could not find expected ':'", NULL,
	 N_("this line has no 'key: value' colon (a full-width '：' does not "
	    "count; write ':' and a space)"), 1},
	{"did not find expected ',' or ']'", NULL,
	 N_("a '[' opened on this line is never closed with ']'"), 1},
	{"did not find expected ',' or '}'", NULL,
	 N_("a '{' opened on this line is never closed with '}'"), 1},
	{"cannot start any token", NULL,
	 N_("a value cannot start with this character (such as @ or `): put the "
	    "value in quotes"), 0},
};

static int next(loader *l, yaml_event_t *ev)
{
	if (yaml_parser_parse(&l->parser, ev))
		return 0;
	const char *problem = l->parser.problem ? l->parser.problem : "";
	const char *context = l->parser.context ? l->parser.context : "";
	for (size_t i = 0; i < sizeof yaml_problems / sizeof *yaml_problems; i++) {
		if (!strstr(problem, yaml_problems[i].problem) ||
		    (yaml_problems[i].context && !strstr(context, yaml_problems[i].context)))
			continue;
		yaml_mark_t m = yaml_problems[i].at_start ? l->parser.context_mark
							  : l->parser.problem_mark;
		diag_error(l->d, l->path, line_of(l, m), "%s", _(yaml_problems[i].say));
		return -1;
	}
	diag_error(l->d, l->path, line_of(l, l->parser.problem_mark),
		   _("YAML cannot read this line (%s%s%s)"), problem,
		   *context ? " " : "", context);
	return -1;
}

static json_t *scalar(loader *l, yaml_event_t *ev)
{
	const char *v = (const char *)ev->data.scalar.value;
	size_t n = ev->data.scalar.length;
	int line = line_of(l, ev->start_mark);
	if (ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE) {
		if (n == 0 || (n == 1 && v[0] == '~') || !strcmp(v, "null"))
			return json_null();
		if (!strcmp(v, "true"))
			return json_true();
		if (!strcmp(v, "false"))
			return json_false();
	}
	buf_reset(&l->scratch);
	buf_put(&l->scratch, v, n);
	if (memchr(l->scratch.ptr, '\0', l->scratch.len)) {
		diag_error(l->d, l->path, line, _("NUL byte in a value"));
		return NULL;
	}
	if (l->fn && l->fn(l->ctx, &l->scratch, line, l->d) < 0)
		return NULL;
	json_t *s = json_stringn(l->scratch.ptr, l->scratch.len);
	if (!s)
		diag_error(l->d, l->path, line, _("value is not valid UTF-8"));
	return s;
}

static json_t *mapping(loader *l, int depth)
{
	json_t *obj = json_object();
	for (;;) {
		yaml_event_t ev;
		if (next(l, &ev) < 0)
			goto fail;
		if (ev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&ev);
			return obj;
		}
		if (ev.type != YAML_SCALAR_EVENT) {
			diag_error(l->d, l->path, line_of(l, ev.start_mark),
				   _("a key must be a plain word"));
			yaml_event_delete(&ev);
			goto fail;
		}
		int line = line_of(l, ev.start_mark);
		char *key = xstrndup((const char *)ev.data.scalar.value,
				     ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (json_object_get(obj, key)) {
			diag_error(l->d, l->path, line, _("duplicate key '%s'"), key);
			free(key);
			goto fail;
		}
		if (next(l, &ev) < 0) {
			free(key);
			goto fail;
		}
		json_t *v = parse_node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!v) {
			free(key);
			goto fail;
		}
		json_object_set_new(obj, key, v);
		free(key);
	}
fail:
	json_decref(obj);
	return NULL;
}

static json_t *sequence(loader *l, int depth)
{
	json_t *arr = json_array();
	for (;;) {
		yaml_event_t ev;
		if (next(l, &ev) < 0)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		json_t *v = parse_node(l, &ev, depth + 1);
		yaml_event_delete(&ev);
		if (!v)
			goto fail;
		json_array_append_new(arr, v);
	}
fail:
	json_decref(arr);
	return NULL;
}

static json_t *parse_node(loader *l, yaml_event_t *ev, int depth)
{
	int line = line_of(l, ev->start_mark);
	if (depth > MAX_DEPTH) {
		diag_error(l->d, l->path, line, _("nested too deeply"));
		return NULL;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor)
			break;
		return scalar(l, ev);
	case YAML_MAPPING_START_EVENT:
		if (ev->data.mapping_start.anchor)
			break;
		return mapping(l, depth);
	case YAML_SEQUENCE_START_EVENT:
		if (ev->data.sequence_start.anchor)
			break;
		return sequence(l, depth);
	case YAML_ALIAS_EVENT:
		break;
	default:
		diag_error(l->d, l->path, line, _("unexpected YAML structure"));
		return NULL;
	}
	diag_error(l->d, l->path, line, _("YAML anchors and aliases (& and *) are not supported"));
	return NULL;
}

json_t *yaml_to_json(const char *text, size_t len, const char *path,
		     int first_line, yaml_scalar_fn fn, void *ctx, diag *d)
{
	loader l = {.path = path, .first_line = first_line, .fn = fn,
		    .ctx = ctx, .d = d};
	buf_init(&l.scratch);
	json_t *root = NULL;
	yaml_event_t ev;
	if (!yaml_parser_initialize(&l.parser))
		mem_die("yaml_parser_initialize");
	yaml_parser_set_input_string(&l.parser, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&l.parser, YAML_UTF8_ENCODING);

	for (;;) {
		if (next(&l, &ev) < 0)
			goto fail;
		yaml_event_type_t t = ev.type;
		if (t == YAML_STREAM_START_EVENT || t == YAML_DOCUMENT_START_EVENT) {
			yaml_event_delete(&ev);
			continue;
		}
		if (t == YAML_STREAM_END_EVENT || t == YAML_DOCUMENT_END_EVENT) {
			yaml_event_delete(&ev);
			if (t == YAML_STREAM_END_EVENT)
				break;
			continue;
		}
		if (root) {
			diag_error(d, path, line_of(&l, ev.start_mark),
				   _("only one YAML document is allowed"));
			yaml_event_delete(&ev);
			goto fail;
		}
		root = parse_node(&l, &ev, 0);
		int line = line_of(&l, ev.start_mark);
		yaml_event_delete(&ev);
		if (!root)
			goto fail;
		if (!json_is_object(root)) {
			diag_error(d, path, line, _("expected 'key: value' lines"));
			goto fail;
		}
	}
	if (!root)
		root = json_object();
	yaml_parser_delete(&l.parser);
	buf_free(&l.scratch);
	return root;
fail:
	json_decref(root);
	yaml_parser_delete(&l.parser);
	buf_free(&l.scratch);
	return NULL;
}
