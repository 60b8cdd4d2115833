/*
 * markdown.c - Markdown and plain-text drafts to docs.jsonl documents; see
 * markdown.h.
 *
 * The bytes are decoded exactly as an HTML page's are (decode.c: BOM,
 * declared charset, else UTF-8 if valid, else a detected charset), then
 * line ends are made LF and NUL bytes U+FFFD, so the readers below see
 * clean UTF-8 lines.  "lang" follows parse.c too: a declared tag (front
 * matter) normalised by lang.c, else the language the text is written in.
 *
 * Plain text has one construct, the paragraph: a run of non-blank lines.
 * Markdown is read by cmark, the CommonMark reference implementation
 * (markdown_cmark.c).  YAML front matter -- a "---" first line, "key:
 * value" lines, a "---" or "..." line -- gives the metadata HTML pages
 * carry in <title> and <meta>, and is not text.  Only top-level scalar
 * keys are read; quoted values, block scalars ("key: >" and indented
 * lines) and lists of "- item" lines (joined with ", ") are understood,
 * which covers what Jekyll, Hugo and Pandoc drafts hold.
 *
 * Every block carries its source lines: the line of the file (front
 * matter counted) each piece of its text starts on.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/text.h"
#include "internal.h"
#include "lang.h"
#include "markdown.h"
#include "markdown_internal.h"
#include "textdump.h"

/* Plain text: the first paragraph is the title when it is one line of at
 * most this many characters (a headline, not a sentence-long opener). */
enum { TITLE_MAX_CHARS = 120 };

static const char *const kind_path[MD__KINDS] = {
    [MD_TEXT] = "text/p",      [MD_P] = "markdown/p",
    [MD_H1] = "markdown/h1",   [MD_H2] = "markdown/h2",
    [MD_H3] = "markdown/h3",   [MD_H4] = "markdown/h4",
    [MD_H5] = "markdown/h5",   [MD_H6] = "markdown/h6",
    [MD_LI] = "markdown/li",   [MD_QUOTE] = "markdown/blockquote",
    [MD_PRE] = "markdown/pre", [MD_TR] = "markdown/tr",
};

/* docs.jsonl fields that front matter can set. */
/* The docs.jsonl "kind" of each (internal.h). */
static const int kind_block_kind[MD__KINDS] = {
    [MD_TEXT] = KIND_PARAGRAPH, [MD_P] = KIND_PARAGRAPH,
    [MD_H1] = KIND_HEADING,     [MD_H2] = KIND_HEADING,
    [MD_H3] = KIND_HEADING,     [MD_H4] = KIND_HEADING,
    [MD_H5] = KIND_HEADING,     [MD_H6] = KIND_HEADING,
    [MD_LI] = KIND_LIST_ITEM,   [MD_QUOTE] = KIND_QUOTE,
    [MD_PRE] = KIND_CODE,       [MD_TR] = KIND_TABLE_ROW,
};

enum { FM_TITLE, FM_DESCRIPTION, FM_AUTHOR, FM_PUBLISHED, FM_LANG, FM__N };

/* Front matter keys read (in any case); the first occurrence of a key
 * wins. */
static const struct {
	const char *key;
	int field;
} front_matter_keys[] = {
    {"title", FM_TITLE},
    {"description", FM_DESCRIPTION},
    {"author", FM_AUTHOR},
    {"date", FM_PUBLISHED}, /* Jekyll's and Hugo's publication date */
    {"lang", FM_LANG},
};

/* File name extensions of Markdown (what editors and GitHub use). */
static const char *const markdown_extensions[] = {"md", "markdown", "mdown",
                                                  "mkd"};

/* ---- input ---- */

/* CR LF and lone CR become LF; NUL becomes U+FFFD (CommonMark's rule). */
static void normalize_lines(const char *s, size_t n, buf_t *out)
{
	buf_grow(out, n);
	size_t i = 0;
	while (i < n) {
		size_t j = i;
		while (j < n && s[j] != '\r' && s[j] != '\0')
			j++;
		buf_add(out, s + i, j - i);
		if (j >= n)
			break;
		if (s[j] == '\0') {
			buf_adds(out, "\xEF\xBF\xBD");
		} else {
			buf_addc(out, '\n');
			if (j + 1 < n && s[j + 1] == '\n')
				j++;
		}
		i = j + 1;
	}
}

static int blank_ch(char c)
{
	return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static int line_blank(const char *p, const char *e)
{
	for (; p < e; p++)
		if (!blank_ch(*p))
			return 0;
	return 1;
}

static const char *line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	return nl ? nl : end;
}

static const char *next_line(const char *e, const char *end)
{
	return e < end ? e + 1 : end;
}

/* ---- md_text ---- */

void md_text_reset(md_text *t)
{
	buf_reset(&t->text);
	t->chars = t->link_chars = 0;
	t->space = t->space_link = 0;
	t->tabs = 0;
	t->line = 0;
	t->lines.n = 0;
}

void md_text_free(md_text *t)
{
	buf_free(&t->text);
	line_map_free(&t->lines);
}

void md_text_sep(md_text *t)
{
	if (t->text.len && !t->space) {
		t->space = 1;
		t->space_link = 0;
	}
}

void md_text_cell(md_text *t)
{
	if (t->text.len)
		t->tabs++;
	t->space = 0;
}

static int space_byte(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

void md_text_add(md_text *t, const char *s, size_t len, int link)
{
	const unsigned char *u = (const unsigned char *)s, *end = u + len;
	while (u < end) {
		int nbsp = *u == 0xC2 && u + 1 < end && u[1] == 0xA0;
		if (space_byte(*u) || nbsp) {
			/* none at the start of a table cell */
			if (t->text.len && !t->space && !t->tabs) {
				t->space = 1;
				t->space_link = link;
			}
			if (*u == '\n' && t->line)
				t->line++;
			u += nbsp ? 2 : 1;
			continue;
		}
		if (t->tabs) {
			for (; t->tabs > 0; t->tabs--) {
				buf_addc(&t->text, '\t');
				t->chars++;
			}
			t->space = 0;
		} else if (t->space) {
			buf_addc(&t->text, ' ');
			t->chars++;
			if (t->space_link && link)
				t->link_chars++;
			t->space = 0;
		}
		line_map_note(&t->lines, t->text.len, t->line);
		const unsigned char *run = u;
		while (u < end && !space_byte(*u) &&
		       !(*u == 0xC2 && u + 1 < end && u[1] == 0xA0)) {
			if ((*u & 0xC0) != 0x80) {
				t->chars++;
				if (link)
					t->link_chars++;
			}
			u++;
		}
		buf_add(&t->text, run, (size_t)(u - run));
	}
}

void md_text_verbatim(md_text *t, const char *s, size_t n)
{
	const char *p = s, *end = s + n;
	/* Blank lines before the code go. */
	for (const char *e; p < end && line_blank(p, e = line_end(p, end));) {
		p = next_line(e, end);
		if (t->line)
			t->line++;
	}
	while (p < end) {
		const char *e = line_end(p, end);
		if (!line_blank(p, e))
			line_map_note(&t->lines, t->text.len, t->line);
		buf_add(&t->text, p, (size_t)(next_line(e, end) - p));
		if (t->line)
			t->line++;
		p = next_line(e, end);
	}
	buf_rtrim(&t->text);
	t->chars = 0;
	for (size_t i = 0; i < t->text.len; i++)
		if (((unsigned char)t->text.data[i] & 0xC0) != 0x80)
			t->chars++;
}

/* ---- front matter ---- */

static int is_marker(const char *p, const char *e, const char *mark)
{
	return e - p >= 3 && !memcmp(p, mark, 3) && line_blank(p + 3, e);
}

static void trim(const char **p, const char **e)
{
	while (*p < *e && blank_ch(**p))
		(*p)++;
	while (*e > *p && blank_ch((*e)[-1]))
		(*e)--;
}

/* A YAML scalar on one line: "double" (with \ escapes), 'single' (with
 * '' for '), or plain (a " #" starts a comment). */
static void fm_scalar(const char *p, const char *e, buf_t *out)
{
	trim(&p, &e);
	if (p < e && *p == '"') {
		for (p++; p < e && *p != '"'; p++) {
			if (*p == '\\' && p + 1 < e) {
				p++;
				buf_addc(out,
				         *p == 'n' || *p == 't' ? ' ' : *p);
			} else {
				buf_addc(out, *p);
			}
		}
	} else if (p < e && *p == '\'') {
		for (p++; p < e; p++) {
			if (*p == '\'' && p + 1 < e && p[1] == '\'')
				p++;
			else if (*p == '\'')
				break;
			buf_addc(out, *p);
		}
	} else {
		for (const char *c = p; c < e; c++)
			if (*c == '#' && c > p && blank_ch(c[-1])) {
				e = c;
				break;
			}
		buf_add(out, p, (size_t)(e - p));
	}
}

/* "key:" followed by "- item" lines: the items joined with ", ".
 * Returns where the next key starts. */
static const char *fm_list(const char *p, const char *end, buf_t *out)
{
	while (p < end) {
		const char *e = line_end(p, end), *c = p;
		while (c < e && blank_ch(*c))
			c++;
		if (c >= e || *c != '-' || (c + 1 < e && !blank_ch(c[1])))
			break;
		if (out->len)
			buf_adds(out, ", ");
		fm_scalar(c + 1, e, out);
		p = next_line(e, end);
	}
	return p;
}

/* "key: >" or "key: |" and indented lines: joined with spaces. */
static const char *fm_block(const char *p, const char *end, buf_t *out)
{
	while (p < end) {
		const char *e = line_end(p, end);
		if (!line_blank(p, e) && !blank_ch(*p))
			break;
		buf_add(out, p, (size_t)(e - p));
		buf_addc(out, ' ');
		p = next_line(e, end);
	}
	return p;
}

static int fm_field(const char *key, size_t n)
{
	for (size_t i = 0;
	     i < sizeof front_matter_keys / sizeof *front_matter_keys; i++)
		if (strlen(front_matter_keys[i].key) == n &&
		    !strncasecmp(front_matter_keys[i].key, key, n))
			return front_matter_keys[i].field;
	return -1;
}

static void fm_lines(const char *p, const char *end, char *fm[FM__N])
{
	buf_t val = BUF_INIT;
	md_text t;
	memset(&t, 0, sizeof t);
	while (p < end) {
		const char *e = line_end(p, end), *k = p;
		const char *next = next_line(e, end);
		while (k < e &&
		       (*k == '_' || *k == '-' || (*k >= '0' && *k <= '9') ||
		        ((*k | 0x20) >= 'a' && (*k | 0x20) <= 'z')))
			k++;
		int field = k > p && k < e && *k == ':' &&
		                    (k + 1 == e || blank_ch(k[1]))
		                ? fm_field(p, (size_t)(k - p))
		                : -1;
		if (field >= 0 && !fm[field]) {
			const char *v = k + 1, *ve = e;
			trim(&v, &ve);
			buf_reset(&val);
			if (v == ve)
				next = fm_list(next, end, &val);
			else if ((*v == '|' || *v == '>') &&
			         (ve - v == 1 ||
			          (ve - v == 2 &&
			           (v[1] == '-' || v[1] == '+'))))
				next = fm_block(next, end, &val);
			else
				fm_scalar(v, ve, &val);
			md_text_reset(&t);
			md_text_add(&t, buf_cstr(&val), val.len, 0);
			if (t.text.len)
				fm[field] = xstrdup(buf_cstr(&t.text));
		}
		p = next;
	}
	buf_free(&val);
	md_text_free(&t);
}

/* Reads front matter at the start of s; returns where the body starts
 * (0 when there is none). */
static size_t front_matter(const char *s, size_t n, char *fm[FM__N])
{
	const char *end = s + n, *e = line_end(s, end);
	if (!is_marker(s, e, "---"))
		return 0;
	const char *first = next_line(e, end);
	for (const char *p = first; p < end;) {
		e = line_end(p, end);
		if (is_marker(p, e, "---") || is_marker(p, e, "...")) {
			fm_lines(first, p, fm);
			return (size_t)(next_line(e, end) - s);
		}
		p = next_line(e, end);
	}
	return 0;
}

/* ---- documents ---- */

/* A JSON string of UTF-8 text (repaired if need be: never NULL). */
static json_t *jstr(const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);
	if (!v) {
		buf_t b = BUF_INIT;
		text_make_valid_utf8(s, n, &b);
		v = json_stringn(buf_cstr(&b), b.len);
		buf_free(&b);
	}
	return v ? v : json_string("");
}

static void put(json_t *doc, const char *key, const char *value)
{
	json_object_set_new(doc, key,
	                    value ? jstr(value, strlen(value)) : json_null());
}

/* The document being built from the blocks. */
typedef struct doc_build {
	const parse_options *o;
	json_t *blocks;
	buf_t text;  /* the blocks' texts joined by blank lines */
	char *title; /* the first h1, or a plain-text title line */
	int first;   /* no block yet */
} doc_build;

static void add_block(void *ud, int kind, md_text *t)
{
	doc_build *d = ud;
	if (!t->text.len)
		return;
	if (!d->title &&
	    (kind == MD_H1 || (d->first && kind == MD_TEXT && t->lines.n <= 1 &&
	                       t->chars <= TITLE_MAX_CHARS)))
		d->title = xstrdup(buf_cstr(&t->text));
	d->first = 0;
	json_t *b = json_object();
	json_object_set_new(b, "label", json_string("content"));
	json_object_set_new(b, "path", json_string(kind_path[kind]));
	json_object_set_new(
	    b, "kind", json_string(block_kind_name(kind_block_kind[kind])));
	if (kind >= MD_H1 && kind <= MD_H6)
		json_object_set_new(b, "level", json_integer(kind - MD_H1 + 1));
	json_object_set_new(b, "text", jstr(t->text.data, t->text.len));
	json_object_set_new(b, "chars", json_integer((json_int_t)t->chars));
	json_object_set_new(b, "link_chars",
	                    json_integer((json_int_t)t->link_chars));
	line_map_json(b, &t->lines, d->o->source_lines);
	/* A draft is all article: no rule decided anything. */
	if (d->o->explain)
		json_object_set_new(b, "why", json_string("draft"));
	json_array_append_new(d->blocks, b);
	if (d->text.len)
		buf_adds(&d->text, "\n\n");
	buf_add(&d->text, t->text.data, t->text.len);
}

/* A block of plain text, labelled by the text-dump rules (textdump.h);
 * only content goes into the document's text. */
static void add_dump_block(doc_build *d, const dump_block *db)
{
	json_t *b = json_object();
	json_object_set_new(
	    b, "label", json_string(db->content ? "content" : "boilerplate"));
	json_object_set_new(b, "path", json_string(db->path));
	json_object_set_new(b, "kind", json_string(block_kind_name(db->kind)));
	if (db->kind == KIND_HEADING)
		json_object_set_new(b, "level", json_integer(db->level));
	json_object_set_new(b, "text", jstr(db->text, strlen(db->text)));
	json_object_set_new(b, "chars", json_integer((json_int_t)db->chars));
	json_object_set_new(b, "link_chars", json_integer(0));
	line_map_json(b, &db->lines, d->o->source_lines);
	if (d->o->explain)
		json_object_set_new(b, "why", json_string(db->why));
	json_array_append_new(d->blocks, b);
	if (!db->content)
		return;
	if (d->text.len)
		buf_adds(&d->text, "\n\n");
	buf_adds(&d->text, db->text);
}

json_t *parse_text_document(const parse_options *o, const char *bytes,
                            size_t len, const parse_page_info *info,
                            int markdown, cqa_error *err)
{
	static const parse_page_info no_info;
	(void)err;
	if (!info)
		info = &no_info;
	len = parse_cap_length(o, info, len);

	char charset[64];
	int valid_utf8;
	size_t bom = decode_detect(bytes, len, info->content_type, charset,
	                           sizeof charset, &valid_utf8);
	buf_t utf8 = BUF_INIT, src = BUF_INIT;
	if (valid_utf8 && !strcasecmp(charset, "UTF-8")) {
		normalize_lines(bytes + bom, len - bom, &src);
	} else {
		decode_to_utf8(bytes + bom, len - bom, charset, &utf8);
		normalize_lines(buf_cstr(&utf8), utf8.len, &src);
		buf_free(&utf8);
	}

	char *fm[FM__N] = {0};
	doc_build d = {o, json_array(), BUF_INIT, NULL, 1};
	md_text t;
	memset(&t, 0, sizeof t);
	if (markdown) {
		size_t body = front_matter(buf_cstr(&src), src.len, fm);
		d.title = fm[FM_TITLE];
		md_source ms = {buf_cstr(&src) + body,
		                src.len - body,
		                1,
		                o->max_nodes ? o->max_nodes : PARSE_MAX_NODES,
		                o->log,
		                info->source ? info->source
		                : info->url  ? info->url
		                             : "-"};
		for (size_t i = 0; i < body; i++)
			ms.first_line += src.data[i] == '\n';
		md_parse_markdown(&ms, &t, add_block, &d);
	} else {
		dump_doc dd;
		dump_read(buf_cstr(&src), src.len, 1, &dd);
		for (size_t i = 0; i < dd.n; i++)
			add_dump_block(&d, &dd.b[i]);
		d.title = dd.title;
		dd.title = NULL;
		if (dd.published[0])
			fm[FM_PUBLISHED] = xstrdup(dd.published);
		dump_free(&dd);
	}
	md_text_free(&t);
	buf_free(&src);
	json_t *arr = d.blocks;
	buf_t text = d.text;
	char *title = d.title;

	/* The language as HTML pages get it: a tag if one is declared (and
	 * usable), else what the words say. */
	char lang[64];
	const char *lang_value = NULL;
	if (fm[FM_LANG] && lang_normalize_tag(fm[FM_LANG], lang, sizeof lang))
		lang_value = lang;
	else
		lang_value = lang_detect(buf_cstr(&text), text.len);

	json_t *doc = json_object();
	put(doc, "url", info->url);
	put(doc, "final_url", info->final_url ? info->final_url : info->url);
	json_object_set_new(doc, "status",
	                    info->status ? json_integer(info->status)
	                                 : json_null());
	put(doc, "fetched_at", info->fetched_at);
	put(doc, "content_type",
	    info->content_type ? info->content_type
	    : markdown         ? "text/markdown"
	                       : "text/plain");
	put(doc, "charset", charset);
	put(doc, "lang", lang_value);
	put(doc, "title", title);
	put(doc, "description", fm[FM_DESCRIPTION]);
	put(doc, "author", fm[FM_AUTHOR]);
	put(doc, "published", fm[FM_PUBLISHED]);
	put(doc, "canonical", NULL);
	json_object_set_new(doc, "noindex", json_false());
	json_object_set_new(doc, "text", jstr(buf_cstr(&text), text.len));
	json_object_set_new(doc, "blocks", arr);
	buf_free(&text);
	if (title != fm[FM_TITLE])
		free(title);
	for (int i = 0; i < FM__N; i++)
		free(fm[i]);
	return doc;
}

/* ---- sniffing ---- */

int parse_text_kind(const char *name, const unsigned char *head, size_t len)
{
	if (name && *name && strcmp(name, "-") != 0) {
		const char *base = strrchr(name, '/');
		base = base ? base + 1 : name;
		const char *dot = strrchr(base, '.');
		if (!dot || dot == base)
			return TEXT_KIND_OTHER;
		for (size_t i = 0; i < sizeof markdown_extensions /
		                           sizeof *markdown_extensions;
		     i++)
			if (!strcasecmp(dot + 1, markdown_extensions[i]))
				return TEXT_KIND_MARKDOWN;
		return strcasecmp(dot + 1, "txt") ? TEXT_KIND_OTHER
		                                  : TEXT_KIND_PLAIN;
	}
	size_t i = 0;
	if (len >= 3 && head[0] == 0xEF && head[1] == 0xBB && head[2] == 0xBF)
		i = 3;
	while (i < len &&
	       (head[i] == ' ' || head[i] == '\t' || head[i] == '\n' ||
	        head[i] == '\r' || head[i] == '\f' || head[i] == '\v'))
		i++;
	if (i < len && head[i] == '<')
		return TEXT_KIND_OTHER;
	for (i = 0; i < len; i++)
		if (head[i] < 0x20 && !(head[i] >= '\t' && head[i] <= '\r') &&
		    head[i] != 0x1B)
			return TEXT_KIND_OTHER;
	return TEXT_KIND_PLAIN;
}
