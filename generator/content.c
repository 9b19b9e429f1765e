#include "content.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "date.h"
#include "file.h"
#include "frontmatter.h"
#include "i18n.h"
#include "mem.h"
#include "utf8.h"
#include "vars.h"
#include "yamljson.h"

static const char *const kind_dirs[KIND_COUNT] = {"guides", "notices", "faq",
						  "leaflets"};

const char *kind_dir(page_kind k) { return kind_dirs[k]; }

/* Read a content file: size limit, valid UTF-8 (the message names the line
 * of the first bad byte), no NUL bytes. */
static int read_text(const char *path, buf *out, diag *d)
{
	if (file_read(path, out, CONTENT_MAX_FILE) < 0) {
		if (errno == EFBIG)
			diag_error(d, path, 0,
				   _("file is larger than %u MB; split it into smaller pages"),
				   CONTENT_MAX_FILE >> 20);
		else
			diag_error(d, path, 0, _("cannot read: %s"), strerror(errno));
		return -1;
	}
	size_t bad;
	if (!utf8_valid(out->ptr, out->len, &bad)) {
		int line = 1;
		for (size_t i = 0; i < bad; i++)
			line += out->ptr[i] == '\n';
		diag_error(d, path, line,
			   _("not valid UTF-8 (byte 0x%02X); save the file as UTF-8"),
			   (unsigned char)out->ptr[bad]);
		return -1;
	}
	const char *nul = memchr(out->ptr, '\0', out->len);
	if (nul) {
		int line = 1;
		for (const char *p = out->ptr; p < nul; p++)
			line += *p == '\n';
		diag_error(d, path, line, _("NUL byte in text"));
		return -1;
	}
	return 0;
}

typedef struct expand_ctx {
	const json_t *policy;
	const char *path;
	buf tmp;
} expand_ctx;

static int expand_scalar(void *vctx, buf *value, int line, diag *d)
{
	expand_ctx *x = vctx;
	if (!vars_present(value->ptr, value->len))
		return 0;
	buf_reset(&x->tmp);
	int rc = vars_expand(x->policy, value->ptr, value->len, &x->tmp, x->path,
			     line, d);
	buf_reset(value);
	buf_put(value, x->tmp.ptr, x->tmp.len);
	return rc;
}

static int load_site(content *c, diag *d)
{
	char *path = path_join(c->dir, "site.yaml");
	buf text = BUF_INIT;
	json_t *raw = NULL;
	expand_ctx x = {.path = path};
	buf_init(&x.tmp);
	int rc = -1;

	if (read_text(path, &text, d) < 0)
		goto done;
	/* First pass for the policy map alone; the second fills variables into
	 * every other value, so each unknown name is reported at its line. */
	raw = yaml_to_json(text.ptr, text.len, path, 1, NULL, NULL, d);
	if (!raw)
		goto done;
	json_t *policy = json_object_get(raw, "policy");
	if (!json_is_object(policy)) {
		diag_error(d, path, 0, _("site.yaml needs a 'policy:' map of named figures"));
		goto done;
	}
	int bad = 0;
	const char *key;
	json_t *v;
	json_object_foreach(policy, key, v) {
		if (!json_is_string(v) || !json_string_length(v)) {
			diag_error(d, path, 0, _("policy.%s needs a value (write it in quotes)"), key);
			bad = 1;
		} else if (strchr(json_string_value(v), '\n') ||
			   strstr(json_string_value(v), "{{")) {
			diag_error(d, path, 0, _("policy.%s must be one line of plain text"), key);
			bad = 1;
		}
	}
	if (bad)
		goto done;
	x.policy = policy;
	c->site = yaml_to_json(text.ptr, text.len, path, 1, expand_scalar, &x, d);
	if (!c->site)
		goto done;
	/* policy values are the raw ones: they may not refer to each other */
	json_object_set(c->site, "policy", policy);
	c->policy = json_object_get(c->site, "policy");
	const char *title = json_string_value(json_object_get(c->site, "title"));
	if (!title || !*title) {
		diag_error(d, path, 0, _("site.yaml needs a 'title:'"));
		goto done;
	}
	rc = 0;
done:
	json_decref(raw);
	buf_free(&text);
	buf_free(&x.tmp);
	free(path);
	return rc;
}

/* The file line of "key:" at the start of a line of text (after its
 * indent where indented), text's first line being file line first, so a
 * message about a field points at it; 0 (the whole file) when absent. */
static int key_line(const char *text, size_t len, int first, const char *key, int indented)
{
	size_t k = strlen(key);
	const char *p = text, *end = text + len;
	for (int line = first; p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);
		size_t at = 0;
		while (indented && at < n && p[at] == ' ')
			at++;
		if (n > at + k && !memcmp(p + at, key, k) && p[at + k] == ':')
			return line;
		if (!nl)
			break;
		p = nl + 1;
	}
	return 0;
}

/* A one-character word (办) is found inside others (办法, 怎么办) and
 * would read them as the domain word it stands for; synonyms.yaml's own
 * header asks for two characters or more. */
static int check_synonym_words(const json_t *syn, const char *path, const char *text,
			       size_t len, diag *d)
{
	int rc = 0;
	const char *canonical;
	json_t *list;
	json_object_foreach((json_t *)syn, canonical, list) {
		json_t *v;
		size_t i;
		json_array_foreach(list, i, v) {
			const char *w = json_string_value(v);
			if (w && utf8_count(w, strlen(w)) < 2) {
				diag_error(d, path, key_line(text, len, 1, canonical, 1),
					   _("synonyms: '%s' is one character: it would be found "
					     "inside other words; write a phrase of two or more"),
					   w);
				rc = -1;
			}
		}
	}
	return rc;
}

static int load_synonyms(content *c, diag *d)
{
	char *path = path_join(c->dir, "synonyms.yaml");
	int rc = 0;
	if (!file_exists(path)) {
		c->synonyms = json_object();
		goto done;
	}
	buf text = BUF_INIT;
	if (read_text(path, &text, d) < 0) {
		rc = -1;
	} else {
		c->synonyms = yaml_to_json(text.ptr, text.len, path, 1, NULL, NULL, d);
		if (!c->synonyms)
			rc = -1;
		json_t *syn = c->synonyms ? json_object_get(c->synonyms, "synonyms") : NULL;
		if (json_is_object(syn) && check_synonym_words(syn, path, text.ptr, text.len, d) < 0)
			rc = -1;
	}
	buf_free(&text);
	if (!c->synonyms)
		c->synonyms = json_object();
	json_t *syn = json_object_get(c->synonyms, "synonyms");
	if (syn && !json_is_object(syn)) {
		diag_error(d, path, 0, _("'synonyms:' must map a word to a list of words"));
		rc = -1;
	}
done:
	free(path);
	return rc;
}

static const char *fm_string(page *p, const char *key, diag *d)
{
	json_t *v = json_object_get(p->fm, key);
	if (!v || json_is_null(v))
		return NULL;
	if (!json_is_string(v)) {
		diag_error(d, p->path, 0, _("'%s' must be text"), key);
		return NULL;
	}
	return json_string_value(v);
}

/* The file line of "key:" in a page's front matter. */
static int fm_line(const frontmatter *fm, const char *key)
{
	return key_line(fm->yaml.ptr, fm->yaml.len, fm->yaml_line, key, 0);
}

/* A page's dates may give only the year or the month, as far as the
 * source document does ("2024", "2024-07"). */
static int check_date(page *p, const frontmatter *fm, const char *key,
		      const char *value, diag *d)
{
	if (value && !date_valid(value)) {
		diag_error(d, p->path, fm_line(fm, key),
			   _("'%s: %s' is not a date; write it as 2024-07-01, or "
			     "2024-07 or 2024 when the document gives no day"),
			   key, value);
		return -1;
	}
	return 0;
}

static int check_slug(const char *s)
{
	if (!*s)
		return 0;
	for (const char *c = s; *c; c++)
		if (*c == '/' || *c == '\\' || *c == '?' || *c == '#' ||
		    *c == '%' || (unsigned char)*c <= ' ')
			return 0;
	return strcmp(s, ".") && strcmp(s, "..");
}

/* 也问：a；b；c — the alternate phrasings under a FAQ question. */
static int alt_prefix(const char *s)
{
	static const char *const prefixes[] = {"也问：", "也问:"};
	for (size_t i = 0; i < 2; i++)
		if (!strncmp(s, prefixes[i], strlen(prefixes[i])))
			return (int)strlen(prefixes[i]);
	return 0;
}

static void split_alts(faq_entry *e, const char *s)
{
	static const char *const seps[] = {"；", ";", "|", "｜"};
	size_t cap = 0;
	while (*s) {
		size_t cut = strlen(s), skip = 0;
		for (size_t i = 0; i < 4; i++) {
			const char *f = strstr(s, seps[i]);
			if (f && (size_t)(f - s) < cut) {
				cut = (size_t)(f - s);
				skip = strlen(seps[i]);
			}
		}
		slice a = slice_trim(slice_of(s, cut));
		if (a.len) {
			if (e->n_alt == cap) {
				cap = cap ? cap * 2 : 4;
				e->alt = xrealloc(e->alt, cap * sizeof *e->alt);
			}
			e->alt[e->n_alt++] = slice_dup(a);
		}
		s += cut + skip;
	}
}

/* "本专科一年能贷多少？" and "本专科一年能贷多少" are the same question. */
static int same_question(const char *a, const char *b)
{
	static const char *const ends[] = {"？", "?", "。", " "};
	size_t la = strlen(a), lb = strlen(b);
	for (int again = 1; again;) {
		again = 0;
		for (size_t i = 0; i < 4; i++) {
			size_t k = strlen(ends[i]);
			if (la >= k && !memcmp(a + la - k, ends[i], k))
				la -= k, again = 1;
			if (lb >= k && !memcmp(b + lb - k, ends[i], k))
				lb -= k, again = 1;
		}
	}
	return la == lb && !memcmp(a, b, la);
}

/* The same question twice in a file is published twice, perhaps with two
 * different answers, and the bot lists it twice: an error. A 也问 phrase
 * said twice (in one entry, or under two questions) only blurs which entry
 * the bot picks: a warning. */
static void check_faq_repeats(page *p, diag *d)
{
	for (size_t i = 0; i < p->n_faq; i++) {
		faq_entry *e = &p->faq[i];
		for (size_t k = 0; k < i; k++)
			if (same_question(e->question, p->faq[k].question)) {
				diag_error(d, p->path, e->line,
					   _("the question '%s' is already asked at line "
					     "%d: keep one of them (merge the answers)"),
					   e->question, p->faq[k].line);
				break;
			}
		for (size_t a = 0; a < e->n_alt; a++) {
			int line = e->alt_line ? e->alt_line : e->line;
			if (same_question(e->alt[a], e->question)) {
				diag_warn(d, p->path, line,
					  _("也问 '%s' is the question itself"), e->alt[a]);
				continue;
			}
			int told = 0;
			for (size_t b = 0; b < a && !told; b++)
				if (same_question(e->alt[a], e->alt[b])) {
					diag_warn(d, p->path, line,
						  _("也问 '%s' is written twice"), e->alt[a]);
					told = 1;
				}
			for (size_t k = 0; k < i && !told; k++) {
				const faq_entry *o = &p->faq[k];
				for (size_t b = 0; b < o->n_alt && !told; b++)
					if (same_question(e->alt[a], o->alt[b]) ||
					    same_question(e->alt[a], o->question)) {
						diag_warn(d, p->path, line,
							  _("也问 '%s' is also under the "
							    "question at line %d"),
							  e->alt[a], o->line);
						told = 1;
					}
			}
		}
	}
}

static void split_faq(page *p, diag *d)
{
	size_t cap = 0;
	faq_entry *cur = NULL;
	buf text = BUF_INIT;
	cmark_node *n = cmark_node_first_child(p->md->root);
	int just_opened = 0;
	while (n) {
		cmark_node *next = cmark_node_next(n);
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_HEADING && cmark_node_get_heading_level(n) <= 2) {
			if (cur && !cur->text)
				cur->text = xstrdup("");
			md_heading *h = md_heading_of(p->md, n);
			if (p->n_faq == cap) {
				cap = cap ? cap * 2 : 16;
				p->faq = xrealloc(p->faq, cap * sizeof *p->faq);
			}
			cur = &p->faq[p->n_faq++];
			memset(cur, 0, sizeof *cur);
			cur->question = xstrdup(h->text);
			cur->id = xstrdup(h->id);
			cur->line = h->line;
			just_opened = 1;
			n = next;
			continue;
		}
		if (cur) {
			buf_reset(&text);
			md_node_text(p->md, n, &text);
			int skip = t == CMARK_NODE_PARAGRAPH ? alt_prefix(text.ptr) : 0;
			if (just_opened && skip) {
				cur->alt_line = md_node_line(p->md, n);
				split_alts(cur, text.ptr + skip);
				cmark_node_free(n); /* not shown on the page */
			} else if (text.len) {
				size_t old = cur->text ? strlen(cur->text) : 0;
				cur->text = xrealloc(cur->text, old + text.len + 2);
				if (old)
					cur->text[old++] = '\n';
				memcpy(cur->text + old, text.ptr, text.len + 1);
			}
		}
		just_opened = 0;
		n = next;
	}
	for (size_t i = 0; i < p->n_faq; i++)
		if (!p->faq[i].text || !*p->faq[i].text) {
			diag_error(d, p->path, p->faq[i].line,
				   _("question '%s' has no answer"), p->faq[i].question);
			if (!p->faq[i].text)
				p->faq[i].text = xstrdup("");
		}
	if (!p->n_faq)
		diag_warn(d, p->path, 0, _("no questions: a FAQ file holds '## question' headings"));
	check_faq_repeats(p, d);
	buf_free(&text);
}

/* ---- checks for a clerk's mistakes ------------------------------------- */

/* 文号 and 发文单位 written but left empty, as `sitegen new notice` leaves
 * them: the notice page would show an empty 文号. A notice without the
 * fields at all (a centre's own arrangement) is fine. */
static void check_notice_fields(page *p, const frontmatter *fm, diag *d)
{
	static const char *const keys[2] = {"doc_number", "issuer"};
	static const char *const what[2] = {N_("the document number (文号)"),
					    N_("the issuing office (发文单位)")};
	for (int i = 0; i < 2; i++) {
		json_t *v = json_object_get(p->fm, keys[i]);
		const char *s = json_is_string(v) ? json_string_value(v) : NULL;
		if (v && (json_is_null(v) || (s && !*s)))
			diag_error(d, p->path, fm_line(fm, keys[i]),
				   _("'%s' is empty: fill in %s, or delete the line"),
				   keys[i], _(what[i]));
	}
}

static int fence_line(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n && i < 3 && s[i] == ' ')
		i++;
	return n - i >= 3 && (!memcmp(s + i, "```", 3) || !memcmp(s + i, "~~~", 3));
}

/* Mistakes seen in the Markdown as written, line by line (outside fenced
 * code): "##问题" without the space (cmark makes it answer text), a
 * variable in single or full-width braces (printed as it is), and the
 * placeholder text of `sitegen new`'s archetypes (ph, may be NULL): a page
 * still holding it would publish the instruction instead of the text. */
static void check_body_text(page *p, slice body, int first_line,
			    const placeholder_list *ph, diag *d)
{
	const char *s = body.ptr, *end = s + body.len;
	int in_code = 0;
	for (int line = first_line; s < end; line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t n = nl ? (size_t)(nl - s) : (size_t)(end - s);
		if (fence_line(s, n)) {
			in_code = !in_code;
		} else if (!in_code) {
			size_t h = 0;
			while (h < n && h < 7 && s[h] == '#')
				h++;
			if (h >= 1 && h <= 6 && h < n && s[h] != ' ' && s[h] != '\t' &&
			    s[h] != '\r' && (unsigned char)s[h] >= 0x80)
				diag_error(d, p->path, line,
					   _("'%.*s' is not a heading: put a space "
					     "after %.*s"),
					   (int)n, s, (int)h, s);
			for (const char *q = s; q + 7 <= s + n; q++) {
				const char *f = memmem(q, (size_t)(s + n - q), "policy.", 7);
				if (!f)
					break;
				int single = f > s && f[-1] == '{' && (f - 1 == s || f[-2] != '{');
				int wide = f - s >= 3 && !memcmp(f - 3, "｛", 3);
				if (single || wide)
					diag_error(d, p->path, line,
						   _("a variable needs two half-width braces: "
						     "write {{policy.NAME}} (this one would be "
						     "printed as it is)"));
				q = f;
			}
			if (ph && placeholder_in(ph, s, n))
				diag_error(d, p->path, line,
					   _("the placeholder text of 'sitegen new' "
					     "is still here: replace it with the real "
					     "text"));
		}
		if (!nl)
			break;
		s = nl + 1;
	}
}

/* A URL with a scheme (https:, mailto:, tel:) or none. */
static int has_scheme(const char *u)
{
	const char *c = u;
	if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z')))
		return 0;
	while ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
	       (*c >= '0' && *c <= '9') || *c == '+' || *c == '-' || *c == '.')
		c++;
	return *c == ':';
}

/* Mistakes seen in the parsed Markdown: a relative link (it resolves
 * against the page's own address, so guides/x/ from /faq/a/ is
 * /faq/a/guides/x/: an error), and raw HTML (never published, and the
 * text inside it is lost with it: a warning). */
static void check_tree(page *p, diag *d)
{
	/* A walk by hand: cmark's iterator allocates, and the tree's memory
	 * belongs to markdown.c's arena. */
	cmark_node *root = p->md->root, *n = root;
	while (n) {
		cmark_node_type t = cmark_node_get_type(n);
		if (t == CMARK_NODE_LINK || t == CMARK_NODE_IMAGE) {
			const char *u = cmark_node_get_url(n);
			if (u && *u && *u != '/' && *u != '#' && !has_scheme(u))
				diag_error(d, p->path, md_node_line(p->md, n),
					   _("link '%s' is relative and breaks once the "
					     "site is published under a path: write it "
					     "from the site's root, /%s"),
					   u, u[0] == '.' && u[1] == '/' ? u + 2 : u);
		} else if (t == CMARK_NODE_HTML_BLOCK || t == CMARK_NODE_HTML_INLINE) {
			/* A warning: what is published is safe, only shorter
			 * (and `check` fails on it). */
			diag_warn(d, p->path, md_node_line(p->md, n),
				  _("HTML is not published (with the text inside "
				    "it): write it in Markdown"));
		}
		cmark_node *next = cmark_node_first_child(n);
		while (!next && n != root) {
			next = cmark_node_next(n);
			if (!next)
				n = cmark_node_parent(n);
		}
		if (n == root && !next)
			break;
		n = next;
	}
}

static page *load_page(content *c, page_kind kind, const char *path, diag *d)
{
	page *p = xcalloc(1, sizeof *p);
	p->kind = kind;
	p->path = xstrdup(path);
	buf text = BUF_INIT, body = BUF_INIT;
	frontmatter fm;
	expand_ctx x = {.policy = c->policy, .path = path};
	buf_init(&x.tmp);
	int errors = d->errors;

	if (read_text(path, &text, d) < 0)
		goto fail;
	if (frontmatter_parse(text.ptr, text.len, path, &fm, &p->fm,
			      expand_scalar, &x, d) < 0)
		goto fail;
	p->title = fm_string(p, "title", d);
	p->date = fm_string(p, "date", d);
	p->updated = fm_string(p, "updated", d);
	p->summary = fm_string(p, "summary", d);
	p->valid_until = fm_string(p, "valid_until", d);
	if (!p->title || !*p->title)
		diag_error(d, path, 2, _("missing 'title:' in the front matter"));
	if (kind == KIND_NOTICE && !p->date)
		diag_error(d, path, 2, _("a notice needs 'date:' in the front matter "
					     "(2024-07-01, or 2024-07 or 2024)"));
	check_date(p, &fm, "date", p->date, d);
	check_date(p, &fm, "updated", p->updated, d);
	check_date(p, &fm, "valid_until", p->valid_until, d);
	if (kind == KIND_NOTICE)
		check_notice_fields(p, &fm, d);
	json_t *w = json_object_get(p->fm, "weight");
	if (w && json_is_string(w)) {
		char *end;
		long v = strtol(json_string_value(w), &end, 10);
		if (*end || end == json_string_value(w))
			diag_error(d, path, 0, _("'weight' must be a whole number"));
		p->weight = (int)v;
	}
	json_t *tags = json_object_get(p->fm, "tags");
	if (json_is_string(tags)) {
		json_t *arr = json_array();
		json_array_append(arr, tags);
		json_object_set_new(p->fm, "tags", arr);
	} else if (tags && !json_is_array(tags) && !json_is_null(tags)) {
		diag_error(d, path, 0, _("'tags' must be a list of words"));
	}
	json_t *sources = json_object_get(p->fm, "sources");
	if (!sources && json_is_string(json_object_get(p->fm, "source"))) {
		json_t *arr = json_array();
		json_array_append(arr, json_object_get(p->fm, "source"));
		json_object_set_new(p->fm, "sources", arr);
	}

	const char *slug = fm_string(p, "slug", d);
	if (slug && !check_slug(slug))
		diag_error(d, path, 0, _("slug '%s' may not contain '/', '?', '#', '%%' or spaces"), slug);
	if (slug) {
		p->slug = xstrdup(slug);
	} else {
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		p->slug = xstrndup(base, strlen(base) - 3); /* ".md" */
	}
	buf url = BUF_INIT;
	buf_printf(&url, "/%s/%s/", kind_dir(kind), p->slug);
	p->url = buf_detach(&url);

	check_body_text(p, fm.body, fm.body_line, c->placeholders, d);
	vars_expand(c->policy, fm.body.ptr, fm.body.len, &body, path,
		    fm.body_line, d);
	p->md = md_parse(body.ptr, body.len, fm.body_line, path, d);
	buf_free(&body);
	check_tree(p, d);
	if (kind == KIND_FAQ)
		split_faq(p, d);
	if (d->errors > errors)
		goto fail;
	buf_free(&text);
	buf_free(&x.tmp);
	return p;
fail:
	buf_free(&text);
	buf_free(&x.tmp);
	/* keep the page so later checks (links) still know its URL */
	if (!p->url) {
		buf u = BUF_INIT;
		const char *base = strrchr(path, '/');
		base = base ? base + 1 : path;
		buf_printf(&u, "/%s/%.*s/", kind_dir(kind), (int)(strlen(base) - 3), base);
		p->url = buf_detach(&u);
	}
	return p;
}

static void page_free(page *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->n_faq; i++) {
		free(p->faq[i].question);
		free(p->faq[i].id);
		free(p->faq[i].text);
		for (size_t k = 0; k < p->faq[i].n_alt; k++)
			free(p->faq[i].alt[k]);
		free(p->faq[i].alt);
	}
	free(p->faq);
	free(p->search);
	md_free(p->md);
	json_decref(p->fm);
	free(p->path);
	free(p->slug);
	free(p->url);
	free(p);
}

static int is_draft(page *p)
{
	return json_is_true(json_object_get(p->fm, "draft"));
}

static int cmp_pages(const void *va, const void *vb)
{
	const page *a = *(page *const *)va, *b = *(page *const *)vb;
	if (a->kind != b->kind)
		return (int)a->kind - (int)b->kind;
	if (a->weight != b->weight)
		return a->weight < b->weight ? -1 : 1;
	const char *da = a->date ? a->date : "", *db = b->date ? b->date : "";
	int c = date_cmp(db, da); /* newest first */
	if (c)
		return c;
	return strcmp(a->title ? a->title : "", b->title ? b->title : "");
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n >= m && !strcmp(s + n - m, suffix);
}

typedef struct load_item {
	page_kind kind;
	char *path;
	page *p;
	buf msgs; /* what loading it reported, printed in file order later */
	int errors, warnings;
} load_item;

typedef struct loader {
	content *c;
	load_item *items;
	size_t n, next;
	page_hook hook;
	void *hook_arg;
	pthread_mutex_t lock;
} loader;

static void *load_worker(void *arg)
{
	loader *l = arg;
	for (;;) {
		pthread_mutex_lock(&l->lock);
		size_t i = l->next++;
		pthread_mutex_unlock(&l->lock);
		if (i >= l->n)
			break;
		load_item *it = &l->items[i];
		diag pd = {.to = &it->msgs};
		it->p = load_page(l->c, it->kind, it->path, &pd);
		if (l->hook && !pd.errors && !is_draft(it->p))
			l->hook(it->p, l->hook_arg);
		it->errors = pd.errors;
		it->warnings = pd.warnings;
	}
	return NULL;
}

/* Pages are independent: they are read and parsed on every core, and
 * their messages printed afterwards in file order, as one thread would. */
static void load_pages(content *c, load_item *items, size_t n, diag *d,
		       int jobs, page_hook hook, void *arg)
{
	loader l = {.c = c, .items = items, .n = n, .hook = hook, .hook_arg = arg};
	pthread_mutex_init(&l.lock, NULL);
	long cores = jobs > 0 ? jobs : sysconf(_SC_NPROCESSORS_ONLN);
	size_t threads = cores > 1 ? (size_t)cores : 1;
	if (threads > 8)
		threads = 8;
	if (threads > n / 16 + 1)
		threads = n / 16 + 1;
	pthread_t th[8];
	md_init();
	/* A thread the system refuses (EAGAIN under a process limit) is not
	 * an error: the queue is shared, so the threads that did start and
	 * this one read its pages. Only started threads are joined. */
	size_t started = 1;
	while (started < threads &&
	       pthread_create(&th[started], NULL, load_worker, &l) == 0)
		started++;
	load_worker(&l);
	for (size_t i = 1; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&l.lock);
	FILE *out = d->out ? d->out : stderr;
	for (size_t i = 0; i < n; i++) {
		buf *m = &items[i].msgs;
		if (m->len && d->to)
			buf_put(d->to, m->ptr, m->len);
		else if (m->len)
			fwrite(m->ptr, 1, m->len, out);
		buf_free(m);
		d->errors += items[i].errors;
		d->warnings += items[i].warnings;
	}
}

int content_load_site(content *c, const char *dir, diag *d)
{
	memset(c, 0, sizeof *c);
	c->dir = xstrdup(dir);
	if (!dir_exists(dir)) {
		diag_error(d, dir, 0, _("no such content folder"));
		return -1;
	}
	if (load_site(c, d) < 0)
		return -1;
	load_synonyms(c, d); /* its errors are in d; pages can still be read */
	return 0;
}

int content_load(content *c, const char *dir, diag *d)
{
	int errors = d->errors;
	if (content_load_site(c, dir, d) < 0)
		return -1;
	content_load_pages(c, d, 0, NULL, NULL);
	return d->errors > errors ? -1 : 0;
}

int content_load_pages(content *c, diag *d, int jobs, page_hook hook, void *arg)
{
	const char *dir = c->dir;
	int errors = d->errors;
	load_item *items = NULL;
	size_t n = 0, cap = 0;
	for (int k = 0; k < KIND_COUNT; k++) {
		char *sub = path_join(dir, kind_dir((page_kind)k));
		name_list names;
		if (dir_list(sub, &names) < 0) {
			free(sub);
			continue; /* a kind with no folder has no pages */
		}
		for (size_t i = 0; i < names.count; i++) {
			const char *name = names.names[i];
			if (name[0] == '.' || !ends_with(name, ".md"))
				continue;
			if (n == cap) {
				cap = cap ? cap * 2 : 64;
				items = xrealloc(items, cap * sizeof *items);
			}
			items[n++] = (load_item){.kind = (page_kind)k,
						 .path = path_join(sub, name),
						 .msgs = BUF_INIT};
		}
		name_list_free(&names);
		free(sub);
	}
	load_pages(c, items, n, d, jobs, hook, arg);

	c->pages = xcalloc(n ? n : 1, sizeof *c->pages);
	for (size_t i = 0; i < n; i++) {
		page *p = items[i].p;
		free(items[i].path);
		if (p->fm && is_draft(p)) {
			c->n_drafts++;
			page_free(p);
			continue;
		}
		c->pages[c->n_pages++] = p;
	}
	free(items);
	if (c->n_pages)
		qsort(c->pages, c->n_pages, sizeof *c->pages, cmp_pages);
	json_t *seen = json_object();
	for (size_t i = 0; i < c->n_pages; i++) {
		page *p = c->pages[i];
		json_t *first = json_object_get(seen, p->url);
		if (first)
			diag_error(d, p->path, 0,
				   _("duplicate URL %s (also %s); change the file name or 'slug'"),
				   p->url, json_string_value(first));
		else
			json_object_set_new(seen, p->url, json_string(p->path));
	}
	json_decref(seen);
	return d->errors > errors ? -1 : 0;
}

void content_free(content *c)
{
	for (size_t i = 0; i < c->n_pages; i++)
		page_free(c->pages[i]);
	free(c->pages);
	json_decref(c->site);
	json_decref(c->synonyms);
	free(c->dir);
	memset(c, 0, sizeof *c);
}

int content_site_line(const content *c, const char *key, int nth_item)
{
	char *path = path_join(c->dir, "site.yaml");
	buf text = BUF_INIT;
	int found = 0, line = 1, items = -1;
	size_t k = strlen(key);
	if (file_read(path, &text, CONTENT_MAX_FILE) == 0) {
		for (const char *p = text.ptr; *p; line++) {
			const char *nl = strchr(p, '\n');
			size_t n = nl ? (size_t)(nl - p) : strlen(p);
			if (items < 0 && n > k && !memcmp(p, key, k) && p[k] == ':') {
				if (nth_item < 0) {
					found = line;
					break;
				}
				items = 0;
			} else if (items >= 0) {
				size_t sp = strspn(p, " ");
				if (sp == 0 && n && p[0] != '#')
					break; /* the next top-level key */
				if (sp + 1 < n && p[sp] == '-' && p[sp + 1] == ' ' &&
				    items++ == nth_item) {
					found = line;
					break;
				}
			}
			if (!nl)
				break;
			p = nl + 1;
		}
	}
	buf_free(&text);
	free(path);
	return found;
}
