/*
 * docline.c - a docs.jsonl line parsed in place; see docline.h.
 *
 * A recursive-descent parser over the bytes of the line.  Strings are
 * unescaped into v->arena, which is sized to the line before parsing (a
 * string's unescaped bytes and its NUL never outnumber its source bytes
 * with the quotes), so pointers into it stay valid; a string that is
 * skipped gives its space back.
 */
#include "docline.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* jansson's JSON_PARSER_MAX_DEPTH: deeper nesting is an error there. */
enum { MAX_DEPTH = 2048 };

typedef struct parser {
	const char *s, *p, *end;
	doc_view *v;
	int depth;
	const char *why;
	const char *at;
} parser;

long long doc_num_int(const doc_num *n, long long dflt)
{
	if (n->kind == DOC_NUM_INT)
		return n->i;
	if (n->kind == DOC_NUM_REAL)
		return (long long)n->d;
	return dflt;
}

void doc_view_init(doc_view *v)
{
	memset(v, 0, sizeof *v);
	buf_init(&v->arena);
}

void doc_view_free(doc_view *v)
{
	free(v->owned);
	buf_free(&v->arena);
	memset(v, 0, sizeof *v);
}

static void clear_fields(doc_view *v)
{
	v->url = v->final_url = v->title = v->lang = v->text = NULL;
	v->text_len = 0;
	v->status.kind = DOC_NUM_NONE;
	v->has_blocks = 0;
	v->blocks.b = NULL;
	v->blocks.n = 0;
}

static doc_block *new_block(doc_view *v, size_t n)
{
	if (n == v->cap) {
		v->cap = v->cap ? 2 * v->cap : 64;
		v->owned = xrealloc(v->owned, v->cap * sizeof *v->owned);
	}
	doc_block *b = &v->owned[n];
	memset(b, 0, sizeof *b);
	return b;
}

static int fail(parser *ps, const char *why)
{
	if (!ps->why) {
		ps->why = why;
		ps->at = ps->p;
	}
	return -1;
}

static void skip_ws(parser *ps)
{
	while (ps->p < ps->end && (*ps->p == ' ' || *ps->p == '\t' ||
	                           *ps->p == '\n' || *ps->p == '\r'))
		ps->p++;
}

static int hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if ((c | 32) >= 'a' && (c | 32) <= 'f')
			v |= (unsigned)((c | 32) - 'a' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xC0 | (cp >> 6));
		o[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xE0 | (cp >> 12));
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		o[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	o[0] = (char)(0xF0 | (cp >> 18));
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	o[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

/* The length of the valid UTF-8 sequence at p (first byte >= 0x80), or 0:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t utf8_seq(const unsigned char *p, const unsigned char *end)
{
	unsigned c = p[0];
	size_t n;
	unsigned cp;
	if (c >= 0xC2 && c <= 0xDF)
		n = 2, cp = c & 0x1F;
	else if (c >= 0xE0 && c <= 0xEF)
		n = 3, cp = c & 0x0F;
	else if (c >= 0xF0 && c <= 0xF4)
		n = 4, cp = c & 0x07;
	else
		return 0;
	if ((size_t)(end - p) < n)
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

/* The end of the run at p of characters a string holds as they are
 * (printable ASCII but the quotation mark and the backslash): sixteen
 * bytes at a time where SSE2 is (every x86-64), the text of a page
 * being mostly such runs between its few escapes and letters beyond
 * ASCII. */
static const unsigned char *plain_run(const unsigned char *p,
                                      const unsigned char *end)
{
#ifdef __SSE2__
	const __m128i quote = _mm_set1_epi8('"'), bslash = _mm_set1_epi8('\\');
	const __m128i space = _mm_set1_epi8(0x20);
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)p);
		/* signed: below 0x20, or 0x80 and above */
		__m128i stop =
		    _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote),
		                              _mm_cmpeq_epi8(v, bslash)),
		                 _mm_cmplt_epi8(v, space));
		unsigned m = (unsigned)_mm_movemask_epi8(stop);
		if (m)
			return p + __builtin_ctz(m);
		p += 16;
	}
#endif
	while (p < end && *p != '"' && *p != '\\' && *p >= 0x20 && *p < 0x80)
		p++;
	return p;
}

/* Parses the string at ps->p into the arena; *out (may be NULL: the
 * string is checked and its space given back) points at it. */
static int parse_string(parser *ps, const char **out, size_t *len)
{
	buf_t *a = &ps->v->arena;
	size_t start = a->len;
	char *o = a->data + a->len;
	const unsigned char *p = (const unsigned char *)ps->p + 1;
	const unsigned char *end = (const unsigned char *)ps->end;
	for (;;) {
		const unsigned char *run = p;
		p = plain_run(p, end);
		memcpy(o, run, (size_t)(p - run));
		o += p - run;
		if (p >= end) {
			ps->p = (const char *)p;
			return fail(ps, "premature end of input in a string");
		}
		if (*p == '"')
			break;
		if (*p >= 0x80) {
			size_t n = utf8_seq(p, end);
			if (!n) {
				ps->p = (const char *)p;
				return fail(ps, "invalid UTF-8 in a string");
			}
			memcpy(o, p, n);
			o += n;
			p += n;
			continue;
		}
		if (*p < 0x20) {
			ps->p = (const char *)p;
			return fail(ps, "control character in a string");
		}
		/* an escape */
		if (end - p < 2) {
			ps->p = (const char *)p;
			return fail(ps, "premature end of input in a string");
		}
		unsigned char e = p[1];
		p += 2;
		switch (e) {
		case '"':
		case '\\':
		case '/':
			*o++ = (char)e;
			continue;
		case 'b':
			*o++ = '\b';
			continue;
		case 'f':
			*o++ = '\f';
			continue;
		case 'n':
			*o++ = '\n';
			continue;
		case 'r':
			*o++ = '\r';
			continue;
		case 't':
			*o++ = '\t';
			continue;
		case 'u':
			break;
		default:
			ps->p = (const char *)p - 2;
			return fail(ps, "invalid escape");
		}
		unsigned cp, lo;
		if (end - p < 4 || hex4((const char *)p, &cp)) {
			ps->p = (const char *)p - 2;
			return fail(ps, "invalid \\u escape");
		}
		p += 4;
		if (cp >= 0xD800 && cp <= 0xDBFF) {
			if (end - p < 6 || p[0] != '\\' || p[1] != 'u' ||
			    hex4((const char *)p + 2, &lo) || lo < 0xDC00 ||
			    lo > 0xDFFF) {
				ps->p = (const char *)p - 6;
				return fail(ps,
				            "invalid Unicode surrogate pair");
			}
			p += 6;
			cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
		} else if (cp >= 0xDC00 && cp <= 0xDFFF) {
			ps->p = (const char *)p - 6;
			return fail(ps, "invalid Unicode surrogate");
		} else if (cp == 0) {
			ps->p = (const char *)p - 6;
			return fail(ps, "\\u0000 is not allowed");
		}
		o += put_utf8(o, cp);
	}
	ps->p = (const char *)p + 1;
	size_t n = (size_t)(o - (a->data + start));
	if (!out) {
		a->data[start] = '\0';
		return 0;
	}
	*o = '\0';
	a->len = start + n + 1;
	*out = a->data + start;
	if (len)
		*len = n;
	return 0;
}

static int parse_number(parser *ps, doc_num *out)
{
	const char *p = ps->p, *end = ps->end, *b = p;
	int real = 0;
	if (p < end && *p == '-')
		p++;
	if (p >= end || !(*p >= '0' && *p <= '9'))
		return fail(ps, "invalid number");
	if (*p == '0')
		p++;
	else
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	if (p < end && *p == '.') {
		real = 1;
		p++;
		if (p >= end || !(*p >= '0' && *p <= '9'))
			return fail(ps, "invalid number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	if (p < end && (*p == 'e' || *p == 'E')) {
		real = 1;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			p++;
		if (p >= end || !(*p >= '0' && *p <= '9'))
			return fail(ps, "invalid number");
		while (p < end && *p >= '0' && *p <= '9')
			p++;
	}
	char tmp[64];
	size_t n = (size_t)(p - b);
	doc_num v = {DOC_NUM_NONE, 0, 0};
	if (!real) {
		if (n >= sizeof tmp)
			return fail(ps, "too big integer");
		memcpy(tmp, b, n);
		tmp[n] = '\0';
		errno = 0;
		v.i = strtoll(tmp, NULL, 10);
		if (errno == ERANGE)
			return fail(ps, "too big integer");
		v.kind = DOC_NUM_INT;
	} else {
		char *heap = n >= sizeof tmp ? xmalloc(n + 1) : NULL;
		char *t = heap ? heap : tmp;
		memcpy(t, b, n);
		t[n] = '\0';
		errno = 0;
		v.d = strtod(t, NULL);
		free(heap);
		if (errno == ERANGE && fabs(v.d) > 1)
			return fail(ps, "real number overflow");
		v.kind = DOC_NUM_REAL;
	}
	ps->p = p;
	if (out)
		*out = v;
	return 0;
}

static int literal(parser *ps, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(ps->end - ps->p) < n || memcmp(ps->p, word, n) != 0)
		return fail(ps, "invalid token");
	ps->p += n;
	return 0;
}

typedef int (*member_fn)(parser *ps, const char *key, size_t klen, void *ud);

static int skip_value(parser *ps);

/* An object at ps->p: each member's key to fn, which parses the value. */
static int parse_object(parser *ps, member_fn fn, void *ud)
{
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, "maximum parsing depth reached");
	ps->p++; /* '{' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == '}') {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != '"')
			return fail(ps, "string or '}' expected");
		size_t mark = ps->v->arena.len;
		const char *key;
		size_t klen;
		if (parse_string(ps, &key, &klen))
			return -1;
		skip_ws(ps);
		if (ps->p >= ps->end || *ps->p != ':')
			return fail(ps, "':' expected");
		ps->p++;
		skip_ws(ps);
		/* the key's space is given back once the value is read:
		 * what the value kept lies after it, so only when none */
		size_t before = ps->v->arena.len;
		int rc = fn ? fn(ps, key, klen, ud) : skip_value(ps);
		if (rc)
			return -1;
		if (ps->v->arena.len == before)
			ps->v->arena.len = mark;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == '}') {
			ps->p++;
			ps->depth--;
			return 0;
		}
		return fail(ps, "',' or '}' expected");
	}
}

/* An array at ps->p: each element to each(), which parses it. */
static int parse_array(parser *ps, int (*each)(parser *ps, void *ud), void *ud)
{
	if (++ps->depth > MAX_DEPTH)
		return fail(ps, "maximum parsing depth reached");
	ps->p++; /* '[' */
	skip_ws(ps);
	if (ps->p < ps->end && *ps->p == ']') {
		ps->p++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		skip_ws(ps);
		if (each(ps, ud))
			return -1;
		skip_ws(ps);
		if (ps->p < ps->end && *ps->p == ',') {
			ps->p++;
			continue;
		}
		if (ps->p < ps->end && *ps->p == ']') {
			ps->p++;
			ps->depth--;
			return 0;
		}
		return fail(ps, "',' or ']' expected");
	}
}

static int skip_element(parser *ps, void *ud)
{
	(void)ud;
	return skip_value(ps);
}

static int skip_value(parser *ps)
{
	if (ps->p >= ps->end)
		return fail(ps, "premature end of input");
	switch (*ps->p) {
	case '"':
		return parse_string(ps, NULL, NULL);
	case '{':
		return parse_object(ps, NULL, NULL);
	case '[':
		return parse_array(ps, skip_element, NULL);
	case 't':
		return literal(ps, "true");
	case 'f':
		return literal(ps, "false");
	case 'n':
		return literal(ps, "null");
	default:
		return parse_number(ps, NULL);
	}
}

/* A string value into *out, or NULL (after checking it) if not one. */
static int string_field(parser *ps, const char **out, size_t *len)
{
	*out = NULL;
	if (len)
		*len = 0;
	if (ps->p < ps->end && *ps->p == '"')
		return parse_string(ps, out, len);
	return skip_value(ps);
}

static int number_field(parser *ps, doc_num *out)
{
	out->kind = DOC_NUM_NONE;
	if (ps->p < ps->end &&
	    (*ps->p == '-' || (*ps->p >= '0' && *ps->p <= '9')))
		return parse_number(ps, out);
	return skip_value(ps);
}

static int key_is(const char *key, size_t klen, const char *name)
{
	return strlen(name) == klen && memcmp(key, name, klen) == 0;
}

static int block_member(parser *ps, const char *key, size_t klen, void *ud)
{
	doc_block *b = ud;
	if (key_is(key, klen, "label"))
		return string_field(ps, &b->label, NULL);
	if (key_is(key, klen, "path"))
		return string_field(ps, &b->path, NULL);
	if (key_is(key, klen, "kind"))
		return string_field(ps, &b->kind, NULL);
	if (key_is(key, klen, "text"))
		return string_field(ps, &b->text, &b->text_len);
	if (key_is(key, klen, "chars"))
		return number_field(ps, &b->chars);
	if (key_is(key, klen, "link_chars"))
		return number_field(ps, &b->link_chars);
	return skip_value(ps);
}

/* An element of "blocks": an object is a block, the rest is skipped. */
static int block_element(parser *ps, void *ud)
{
	size_t *count = ud;
	if (ps->p < ps->end && *ps->p == '{') {
		doc_block *b = new_block(ps->v, *count);
		if (parse_object(ps, block_member, b))
			return -1;
		(*count)++;
		return 0;
	}
	return skip_value(ps);
}

static int doc_member(parser *ps, const char *key, size_t klen, void *ud)
{
	doc_view *v = ud;
	if (key_is(key, klen, "url"))
		return string_field(ps, &v->url, NULL);
	if (key_is(key, klen, "final_url"))
		return string_field(ps, &v->final_url, NULL);
	if (key_is(key, klen, "title"))
		return string_field(ps, &v->title, NULL);
	if (key_is(key, klen, "lang"))
		return string_field(ps, &v->lang, NULL);
	if (key_is(key, klen, "text"))
		return string_field(ps, &v->text, &v->text_len);
	if (key_is(key, klen, "status"))
		return number_field(ps, &v->status);
	if (key_is(key, klen, "blocks")) {
		v->has_blocks = 0;
		v->blocks.n = 0;
		if (ps->p < ps->end && *ps->p == '[') {
			size_t n = 0;
			if (parse_array(ps, block_element, &n))
				return -1;
			v->has_blocks = 1;
			v->blocks.n = n;
			return 0;
		}
		return skip_value(ps);
	}
	return skip_value(ps);
}

int doc_view_parse(doc_view *v, const char *line, size_t len, const char **why,
                   size_t *column)
{
	clear_fields(v);
	buf_reset(&v->arena);
	buf_grow(&v->arena, len + 1);
	parser ps = {line, line, line + len, v, 0, NULL, NULL};
	skip_ws(&ps);
	int rc;
	if (ps.p < ps.end && *ps.p == '{') {
		rc = parse_object(&ps, doc_member, v);
	} else if (ps.p >= ps.end || *ps.p != '[') {
		/* jansson reads only an array or an object at the top */
		rc = fail(&ps, "'[' or '{' expected");
	} else {
		rc = skip_value(&ps);
		if (!rc) {
			skip_ws(&ps);
			rc = ps.p == ps.end
			         ? DOCLINE_NOT_OBJECT
			         : fail(&ps, "end of input expected");
		}
	}
	if (!rc) {
		skip_ws(&ps);
		if (ps.p != ps.end)
			rc = fail(&ps, "end of input expected");
	}
	if (rc == DOCLINE_NOT_OBJECT) {
		clear_fields(v);
		return DOCLINE_NOT_OBJECT;
	}
	if (rc) {
		clear_fields(v);
		if (why)
			*why = ps.why ? ps.why : "invalid JSON";
		if (column)
			*column = (size_t)((ps.at ? ps.at : ps.p) - line) + 1;
		return DOCLINE_INVALID;
	}
	if (v->has_blocks)
		v->blocks.b = v->owned;
	return DOCLINE_OK;
}

/* ---- from a json_t ------------------------------------------------------- */

static void num_from_json(const json_t *j, doc_num *n)
{
	n->kind = DOC_NUM_NONE;
	if (json_is_integer(j)) {
		n->kind = DOC_NUM_INT;
		n->i = json_integer_value(j);
	} else if (json_is_real(j)) {
		n->kind = DOC_NUM_REAL;
		n->d = json_real_value(j);
	}
}

void doc_blocks_from_json(doc_view *v, const json_t *blocks, doc_blocks *out)
{
	out->b = NULL;
	out->n = 0;
	if (!json_is_array(blocks))
		return;
	size_t i, n = 0;
	const json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (!json_is_object(b))
			continue;
		doc_block *d = new_block(v, n++);
		d->label = json_string_value(json_object_get(b, "label"));
		d->path = json_string_value(json_object_get(b, "path"));
		d->kind = json_string_value(json_object_get(b, "kind"));
		const json_t *t = json_object_get(b, "text");
		d->text = json_string_value(t);
		d->text_len = json_is_string(t) ? json_string_length(t) : 0;
		num_from_json(json_object_get(b, "chars"), &d->chars);
		num_from_json(json_object_get(b, "link_chars"), &d->link_chars);
	}
	out->b = v->owned;
	out->n = n;
}

void doc_view_from_json(doc_view *v, const json_t *doc)
{
	clear_fields(v);
	v->url = json_string_value(json_object_get(doc, "url"));
	v->final_url = json_string_value(json_object_get(doc, "final_url"));
	v->title = json_string_value(json_object_get(doc, "title"));
	v->lang = json_string_value(json_object_get(doc, "lang"));
	const json_t *t = json_object_get(doc, "text");
	v->text = json_string_value(t);
	v->text_len = json_is_string(t) ? json_string_length(t) : 0;
	num_from_json(json_object_get(doc, "status"), &v->status);
	const json_t *blocks = json_object_get(doc, "blocks");
	v->has_blocks = json_is_array(blocks);
	doc_blocks_from_json(v, blocks, &v->blocks);
}

static int same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

static int same_num(const doc_num *a, const doc_num *b)
{
	if (a->kind != b->kind)
		return 0;
	if (a->kind == DOC_NUM_INT)
		return a->i == b->i;
	/* both read by strtod(); NaN cannot come from JSON */
	return a->kind != DOC_NUM_REAL || a->d == b->d;
}

int doc_view_same(const doc_view *a, const doc_view *b)
{
	if (!same_str(a->url, b->url) ||
	    !same_str(a->final_url, b->final_url) ||
	    !same_str(a->title, b->title) || !same_str(a->lang, b->lang) ||
	    !same_num(&a->status, &b->status) ||
	    a->has_blocks != b->has_blocks || a->blocks.n != b->blocks.n)
		return 0;
	if ((a->text == NULL) != (b->text == NULL) ||
	    a->text_len != b->text_len ||
	    (a->text && memcmp(a->text, b->text, a->text_len) != 0))
		return 0;
	for (size_t i = 0; i < a->blocks.n; i++) {
		const doc_block *x = &a->blocks.b[i], *y = &b->blocks.b[i];
		if (!same_str(x->label, y->label) ||
		    !same_str(x->path, y->path) ||
		    !same_str(x->kind, y->kind) ||
		    !same_num(&x->chars, &y->chars) ||
		    !same_num(&x->link_chars, &y->link_chars) ||
		    (x->text == NULL) != (y->text == NULL) ||
		    x->text_len != y->text_len ||
		    (x->text && memcmp(x->text, y->text, x->text_len) != 0))
			return 0;
	}
	return 1;
}
