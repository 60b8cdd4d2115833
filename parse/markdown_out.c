/*
 * markdown_out.c - a document's main content as Markdown (cqa-parse
 * --markdown), from the content blocks of docs.jsonl.
 *
 * The blocks already say what they are ("kind"), so the Markdown is a
 * rendering of each block in order, with no second look at the page:
 *
 *   heading      "#" times its level, then its text
 *   paragraph    its text; a first character Markdown would read as syntax
 *                ("#", ">", "-", "+", "*", "1.") is escaped
 *   list_item    "- " (or "1. ", "2. " ... under an ol element, as the
 *                block's path says); items in a row are one list
 *   code         a fenced block, the fence longer than any run of
 *                backticks inside
 *   table_row    "| a | b |"; the first row of a run of rows is the header,
 *                followed by the delimiter row GitHub tables need
 *   quote        each line after "> "
 *   caption      in italics
 *   term         in bold; the description that follows is a paragraph
 *
 * Blocks are separated by a blank line, except rows of one table and items
 * of one list, which are one line each.  Links are not kept: blocks hold
 * text only.
 */
#include <stdio.h>
#include <string.h>

#include "../common/buf.h"
#include "parse.h"

/* Appends s[0..n) with the characters Markdown reads as inline syntax
 * escaped where they could start it: *, _, `, [, ], <, and | in a table
 * cell. */
static void add_inline(buf_t *out, const char *s, size_t n, int in_cell)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' ||
		    c == '<' || c == '\\' || (in_cell && c == '|'))
			buf_addc(out, '\\');
		buf_addc(out, c);
	}
}

/* A paragraph's text, its first character escaped when it would make the
 * paragraph a heading, quote, list item or thematic break. */
static void add_paragraph(buf_t *out, const char *s, size_t n)
{
	size_t d = 0;
	while (d < n && s[d] >= '0' && s[d] <= '9')
		d++;
	if (n && (s[0] == '#' || s[0] == '>' || s[0] == '-' || s[0] == '+' ||
	          s[0] == '=' || s[0] == '~'))
		buf_addc(out, '\\');
	else if (d && d < n && (s[d] == '.' || s[d] == ')')) {
		add_inline(out, s, d, 0);
		buf_addc(out, '\\');
		s += d;
		n -= d;
	}
	add_inline(out, s, n, 0);
}

/* The longest run of backticks in s[0..n). */
static size_t longest_backticks(const char *s, size_t n)
{
	size_t best = 0, run = 0;
	for (size_t i = 0; i < n; i++) {
		run = s[i] == '`' ? run + 1 : 0;
		if (run > best)
			best = run;
	}
	return best;
}

static void add_fence(buf_t *out, size_t len)
{
	for (size_t i = 0; i < len; i++)
		buf_addc(out, '`');
}

/* Is the list item's parent element an ol?  The path's last two parts are
 * "ol[.class|#id]/li[...]". */
static int ordered_item(const char *path)
{
	if (!path)
		return 0;
	const char *last = strrchr(path, '/');
	if (!last || last == path)
		return 0;
	const char *p = last;
	while (p > path && p[-1] != '/')
		p--;
	return last - p >= 2 && p[0] == 'o' && p[1] == 'l' &&
	       (last - p == 2 || p[2] == '.' || p[2] == '#');
}

/* Cells of a row (tab-separated) in s[0..n). */
static size_t row_cells(const char *s, size_t n)
{
	size_t k = 1;
	for (size_t i = 0; i < n; i++)
		k += s[i] == '\t';
	return k;
}

static void add_row(buf_t *out, const char *s, size_t n)
{
	buf_adds(out, "|");
	size_t a = 0;
	for (size_t i = 0; i <= n; i++) {
		if (i < n && s[i] != '\t')
			continue;
		buf_addc(out, ' ');
		add_inline(out, s + a, i - a, 1);
		buf_adds(out, " |");
		a = i + 1;
	}
}

void parse_doc_markdown(const json_t *doc, buf_t *out)
{
	const json_t *blocks = json_object_get(doc, "blocks");
	const char *prev = NULL; /* kind of the last block written */
	size_t item = 0;         /* number of the last ordered item */
	size_t i;
	const json_t *b;
	buf_add(out, "", 0);
	json_array_foreach(blocks, i, b)
	{
		const char *label =
		    json_string_value(json_object_get(b, "label"));
		const json_t *jt = json_object_get(b, "text");
		if (!label || strcmp(label, "content") != 0 ||
		    !json_is_string(jt))
			continue;
		const char *t = json_string_value(jt);
		size_t n = json_string_length(jt);
		const char *kind =
		    json_string_value(json_object_get(b, "kind"));
		if (!kind)
			kind = "paragraph";
		int same_run =
		    prev && !strcmp(prev, kind) &&
		    (!strcmp(kind, "table_row") || !strcmp(kind, "list_item"));
		if (prev)
			buf_adds(out, same_run ? "\n" : "\n\n");
		if (strcmp(kind, "list_item") || !same_run)
			item = 0;
		if (!strcmp(kind, "heading")) {
			json_int_t level =
			    json_integer_value(json_object_get(b, "level"));
			if (level < 1 || level > 6)
				level = 1;
			for (json_int_t k = 0; k < level; k++)
				buf_addc(out, '#');
			buf_addc(out, ' ');
			add_inline(out, t, n, 0);
		} else if (!strcmp(kind, "code")) {
			size_t fence = longest_backticks(t, n) + 1;
			if (fence < 3)
				fence = 3;
			add_fence(out, fence);
			buf_addc(out, '\n');
			buf_add(out, t, n);
			buf_addc(out, '\n');
			add_fence(out, fence);
		} else if (!strcmp(kind, "list_item")) {
			const char *path =
			    json_string_value(json_object_get(b, "path"));
			if (ordered_item(path)) {
				char num[32];
				snprintf(num, sizeof num, "%zu. ", ++item);
				buf_adds(out, num);
			} else {
				buf_adds(out, "- ");
			}
			add_inline(out, t, n, 0);
		} else if (!strcmp(kind, "table_row")) {
			add_row(out, t, n);
			if (!same_run) {
				buf_addc(out, '\n');
				buf_adds(out, "|");
				for (size_t k = row_cells(t, n); k > 0; k--)
					buf_adds(out, " --- |");
			}
		} else if (!strcmp(kind, "quote")) {
			buf_adds(out, "> ");
			for (size_t k = 0; k < n; k++) {
				buf_addc(out, t[k]);
				if (t[k] == '\n')
					buf_adds(out, "> ");
			}
		} else if (!strcmp(kind, "caption")) {
			buf_addc(out, '_');
			add_inline(out, t, n, 0);
			buf_addc(out, '_');
		} else if (!strcmp(kind, "term")) {
			buf_adds(out, "**");
			add_inline(out, t, n, 0);
			buf_adds(out, "**");
		} else {
			add_paragraph(out, t, n);
		}
		prev = kind;
	}
	if (out->len)
		buf_addc(out, '\n');
}
