/*
 * fuzz_markdown.c - libFuzzer target for the draft reader of
 * parse/markdown.h: Markdown (block structure, inline markup, GitHub
 * tables, YAML front matter) and plain text.
 *
 * The input is a Markdown file, whole (no selector byte, so any .md file
 * is a seed).  It is read as Markdown with --explain, and as plain text,
 * as cqa-parse reads a .md and a .txt draft.  fuzz_extract reaches the
 * same reader through its selector byte; this target has a Markdown
 * dictionary and seeds of its own.
 *
 * Beyond "no crash, no leak, no hang" (markdown.c promises linear time),
 * the target checks what markdown.h and docs/formats.md promise: the
 * document has the keys of an HTML document in the same order; every
 * block has a path of the reader's set and non-empty text, "chars" counts
 * the code points of that text and "link_chars" is no more; a Markdown
 * block is "content", and with --explain says "draft"; a plain-text
 * block (textdump.h) is "content" or "boilerplate", and with --explain
 * names a rule of its label, and "published" is null or YYYY-MM-DD;
 * "line" is null or the line of the first of "lines" (asked for in the
 * Markdown run), whose offsets rise and stay inside the text and whose
 * lines lie in the input;
 * "text" is the content blocks' texts joined by blank lines; a title, when
 * there is one, is a string; everything serialises (jansson refuses strings
 * that are not UTF-8).  parse_text_kind() is asked about the input too:
 * names decide by their extension, a missing name ("", "-") by the head,
 * which is never Markdown and never text when it holds a NUL byte.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "parse/markdown.h"
#include "parse/parse.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const md_paths[] = {
    "markdown/h1",  "markdown/h2", "markdown/h3",         "markdown/h4",
    "markdown/h5",  "markdown/h6", "markdown/p",          "markdown/li",
    "markdown/pre", "markdown/tr", "markdown/blockquote", NULL,
};

/* Plain text (parse/textdump.h): its paths, and the rules of each label
 * (docs/formats.md, "Plain text and text dumps"). */
static const char *const text_paths[] = {
    "text/p", "text/h1", "text/h2", "text/h3", "text/li", "text/hr", NULL};
static const char *const text_content_whys[] = {
    "body", "headline", "heading", "body-like", "fallback", NULL};
static const char *const text_boiler_whys[] = {"outside",
                                               "date-line",
                                               "title-repeat",
                                               "nav-marker",
                                               "nav-word",
                                               "teasers",
                                               "related",
                                               "comments",
                                               "author",
                                               "separator",
                                               "image",
                                               "url",
                                               "form",
                                               "ad",
                                               "tags",
                                               "share",
                                               "copyright",
                                               "credit",
                                               "orphan-heading",
                                               "legal",
                                               "template-like",
                                               "title-like",
                                               "caption",
                                               "links",
                                               NULL};

static int in_list(const char *s, const char *const *list)
{
	for (size_t i = 0; s && list[i]; i++)
		if (!strcmp(s, list[i]))
			return 1;
	return 0;
}

/* "published" of plain text: null or YYYY-MM-DD. */
static int iso_date_or_null(const json_t *v)
{
	if (json_is_null(v))
		return 1;
	const char *s = json_string_value(v);
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return 0;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/* The keys of a docs.jsonl document, in order, from an HTML page. */
static json_t *html_keys;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	parse_global_init();
	parse_options o;
	parse_options_default(&o);
	parse_page_info info = {0};
	cqa_error err;
	static const char page[] = "<title>t</title><p>Some text.</p>";
	json_t *doc =
	    parse_html_document(&o, page, sizeof page - 1, &info, &err);
	if (!doc)
		abort();
	html_keys = json_array();
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v)
	    json_array_append_new(html_keys, json_string(key));
	json_decref(doc);
	return 0;
}

static size_t code_points(const char *s)
{
	size_t n = 0;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		n += (*p & 0xC0) != 0x80;
	return n;
}

/* "line" and, when asked for, "lines" (parse.h source_lines). */
static void check_lines(json_t *b, const char *t, size_t input_lines, int asked)
{
	json_t *line = json_object_get(b, "line");
	json_t *lines = json_object_get(b, "lines");
	if (!line || (!json_is_null(line) && !json_is_integer(line)))
		abort();
	if (!asked) {
		if (lines)
			abort();
		return;
	}
	if (!json_is_array(lines))
		abort();
	size_t n = strlen(t), last = 0, k;
	json_t *pair;
	json_array_foreach(lines, k, pair)
	{
		json_int_t off = json_integer_value(json_array_get(pair, 0));
		json_int_t l = json_integer_value(json_array_get(pair, 1));
		if (json_array_size(pair) != 2 || off < 0 || (size_t)off >= n ||
		    (k && (size_t)off <= last) || l < 1 ||
		    (size_t)l > input_lines)
			abort();
		if (!k && json_integer_value(line) != l)
			abort();
		last = (size_t)off;
	}
	if (!json_array_size(lines) != json_is_null(line))
		abort();
}

static void check_doc(json_t *doc, int markdown, int explain,
                      size_t input_lines, int lines)
{
	/* Same keys, same order as an HTML document. */
	size_t k = 0;
	const char *key;
	json_t *v;
	json_object_foreach(doc, key, v)
	{
		if (strcmp(key,
		           json_string_value(json_array_get(html_keys, k++))))
			abort();
	}
	if (k != json_array_size(html_keys))
		abort();

	json_t *blocks = json_object_get(doc, "blocks");
	const char *text = json_string_value(json_object_get(doc, "text"));
	json_t *title = json_object_get(doc, "title");
	if (!text || !json_is_array(blocks) ||
	    !(json_is_null(title) || json_is_string(title)))
		abort();
	buf_t joined = BUF_INIT;
	size_t i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		const char *label =
		    json_string_value(json_object_get(b, "label"));
		const char *path =
		    json_string_value(json_object_get(b, "path"));
		const char *t = json_string_value(json_object_get(b, "text"));
		json_t *chars = json_object_get(b, "chars");
		json_t *link_chars = json_object_get(b, "link_chars");
		if (!label || !path || !t || !*t || !json_is_integer(chars) ||
		    !json_is_integer(link_chars))
			abort();
		int content = !strcmp(label, "content");
		if (markdown ? !content
		             : !content && strcmp(label, "boilerplate"))
			abort();
		if ((size_t)json_integer_value(chars) != code_points(t) ||
		    json_integer_value(link_chars) < 0 ||
		    json_integer_value(link_chars) > json_integer_value(chars))
			abort();
		if (!in_list(path, markdown ? md_paths : text_paths))
			abort();
		check_lines(b, t, input_lines, lines);
		const char *why = json_string_value(json_object_get(b, "why"));
		if (!explain   ? why != NULL
		    : markdown ? !why || strcmp(why, "draft")
		               : !in_list(why, content ? text_content_whys
		                                       : text_boiler_whys))
			abort();
		/* the document's text is its content's */
		if (!content)
			continue;
		if (joined.len)
			buf_adds(&joined, "\n\n");
		buf_adds(&joined, t);
	}
	if (strcmp(buf_cstr(&joined), text))
		abort();
	if (!markdown && !iso_date_or_null(json_object_get(doc, "published")))
		abort();
	buf_free(&joined);
	char *line = json_dumps(doc, JSON_COMPACT);
	if (!line)
		abort();
	free(line);
}

/* What cqa-parse takes a file for: the name decides when there is one,
 * else the head (markdown.h). */
static void check_kind(const uint8_t *data, size_t size)
{
	if (parse_text_kind("draft.MD", data, size) != TEXT_KIND_MARKDOWN ||
	    parse_text_kind("a.md/notes.txt", data, size) != TEXT_KIND_PLAIN ||
	    parse_text_kind("page.html", data, size) != TEXT_KIND_OTHER ||
	    parse_text_kind(".md", data, size) != TEXT_KIND_OTHER)
		abort();
	int k = parse_text_kind(NULL, data, size);
	if (parse_text_kind("-", data, size) != k ||
	    parse_text_kind("", data, size) != k || k == TEXT_KIND_MARKDOWN ||
	    (memchr(data, '\0', size) && k != TEXT_KIND_OTHER))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	check_kind(data, size);
	parse_options o;
	parse_options_default(&o);
	parse_page_info info = {0};
	info.source = "fuzz.md";
	cqa_error err;
	const char *bytes = (const char *)data;

	/* No more lines than bytes (the draft is decoded from whatever
	 * charset it is in before its lines are counted). */
	size_t input_lines = size + 1;

	o.explain = 1;
	o.source_lines = 1;
	json_t *doc = parse_text_document(&o, bytes, size, &info, 1, &err);
	if (!doc)
		abort(); /* never fails on bad input */
	check_doc(doc, 1, 1, input_lines, 1);
	json_decref(doc);

	o.source_lines = 0;
	doc = parse_text_document(&o, bytes, size, &info, 0, &err);
	if (!doc)
		abort();
	check_doc(doc, 0, 1, input_lines, 0);
	json_decref(doc);

	o.explain = 0;
	doc = parse_text_document(&o, bytes, size, &info, 0, &err);
	if (!doc)
		abort();
	check_doc(doc, 0, 0, input_lines, 0);
	json_decref(doc);
	return 0;
}
