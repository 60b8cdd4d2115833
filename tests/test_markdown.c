/*
 * test_markdown.c - Markdown and plain-text drafts to docs.jsonl documents
 * (parse/markdown.h).
 *
 * Every input is written here, and every expected block list was worked
 * out by hand from the input and the rules in markdown.h and CommonMark:
 * which lines make which block, the text a reader sees, its code points,
 * and how many of them are link text.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <ctype.h>

#include "common/buf.h"
#include "parse/markdown.h"
#include "parse/parse.h"

typedef struct want {
	const char *path;
	const char *text;
	size_t chars;
	size_t link_chars;
} want;

static json_t *parse_text(const char *bytes, size_t len, int markdown)
{
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_text_document(&o, bytes, len, NULL, markdown, &err);
	assert_non_null(doc);
	return doc;
}

static json_t *md(const char *s)
{
	return parse_text(s, strlen(s), 1);
}

/* Markdown with each block's "lines" (parse_options.source_lines). */
static json_t *md_lines(const char *s)
{
	parse_options o;
	parse_options_default(&o);
	o.source_lines = 1;
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_text_document(&o, s, strlen(s), NULL, 1, &err);
	assert_non_null(doc);
	return doc;
}

static json_t *txt(const char *s)
{
	return parse_text(s, strlen(s), 0);
}

static const char *str(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* The blocks are exactly want[0..n), all labelled content, and "text" is
 * their texts joined by blank lines. */
static void check_blocks(json_t *doc, const want *w, size_t n)
{
	json_t *blocks = json_object_get(doc, "blocks");
	assert_true(json_is_array(blocks));
	if (json_array_size(blocks) != n) {
		char *dump = json_dumps(blocks, JSON_INDENT(1));
		print_error("blocks: %s\n", dump);
		free(dump);
	}
	assert_int_equal(json_array_size(blocks), n);
	size_t text_len = 0;
	for (size_t i = 0; i < n; i++) {
		json_t *b = json_array_get(blocks, i);
		assert_string_equal(str(b, "label"), "content");
		assert_string_equal(str(b, "path"), w[i].path);
		assert_string_equal(str(b, "text"), w[i].text);
		assert_int_equal(
		    json_integer_value(json_object_get(b, "chars")),
		    w[i].chars);
		assert_int_equal(
		    json_integer_value(json_object_get(b, "link_chars")),
		    w[i].link_chars);
		text_len += strlen(w[i].text) + (i ? 2 : 0);
	}
	char *joined = calloc(1, text_len + 1);
	for (size_t i = 0; i < n; i++) {
		if (i)
			strcat(joined, "\n\n");
		strcat(joined, w[i].text);
	}
	assert_string_equal(str(doc, "text"), joined);
	free(joined);
}

#define CHECK(doc, ...)                                                        \
	do {                                                                   \
		static const want w_[] = {__VA_ARGS__};                        \
		check_blocks((doc), w_, sizeof w_ / sizeof *w_);               \
	} while (0)

/* ---- plain text ---- */

static void test_text_paragraphs(void **state)
{
	(void)state;
	json_t *doc = txt("Spring Planting Guide\n"
	                  "\n"
	                  "Sow  peas early,\n"
	                  "\tbefore the last frost.\n"
	                  "  \n"
	                  "Beans *wait* for warm soil & sun.\n");
	/* the short first line is the title, and heads the text */
	CHECK(doc, {"text/h1", "Spring Planting Guide", 21, 0},
	      {"text/p", "Sow peas early, before the last frost.", 38, 0},
	      /* plain text has no markup: stars and & stay */
	      {"text/p", "Beans *wait* for warm soil & sun.", 33, 0});
	assert_string_equal(str(doc, "title"), "Spring Planting Guide");
	assert_string_equal(str(doc, "content_type"), "text/plain");
	assert_string_equal(str(doc, "charset"), "UTF-8");
	assert_true(json_is_null(json_object_get(doc, "lang")));
	assert_true(json_is_null(json_object_get(doc, "description")));
	assert_true(json_is_false(json_object_get(doc, "noindex")));
	json_decref(doc);
}

static void test_text_title_only_short_single_line(void **state)
{
	(void)state;
	/* A first paragraph of two lines is no title. */
	json_t *doc = txt("Line one\nline two\n\nMore.\n");
	assert_true(json_is_null(json_object_get(doc, "title")));
	json_decref(doc);
	/* 121 characters: one more than a title may have. */
	char line[160];
	memset(line, 'a', 121);
	strcpy(line + 121, "\n\nBody.\n");
	doc = txt(line);
	assert_true(json_is_null(json_object_get(doc, "title")));
	json_decref(doc);
	line[120] = '\n'; /* 120: a title */
	doc = txt(line);
	assert_int_equal(strlen(str(doc, "title")), 120);
	json_decref(doc);
}

static void test_text_windows_1252(void **state)
{
	(void)state;
	/* Not UTF-8 (0xE9 alone is invalid): windows-1252, where 0x93 and
	 * 0x94 are curly quotes and 0x96 an en dash. */
	const char *bytes = "Caf\xE9 cr\xE8me br\xFBl\xE9"
	                    "e \x96 a \x93na\xEFve\x94 r\xE9sum\xE9 "
	                    "of the d\xE9j\xE0 vu menu, \xE0 la carte.\n";
	json_t *doc = txt(bytes);
	CHECK(doc, {"text/p",
	            "Caf\xC3\xA9 cr\xC3\xA8me br\xC3\xBBl\xC3\xA9"
	            "e \xE2\x80\x93 a \xE2\x80\x9Cna\xC3\xAFve\xE2\x80\x9D "
	            "r\xC3\xA9sum\xC3\xA9 of the d\xC3\xA9j\xC3\xA0 vu menu, "
	            "\xC3\xA0 la carte.",
	            69, 0});
	assert_string_equal(str(doc, "charset"), "WINDOWS-1252");
	json_decref(doc);
}

static void test_empty_and_blank_files(void **state)
{
	(void)state;
	const char *inputs[] = {"", "\n\n   \n\t\n", "\r\n\r\n"};
	for (int markdown = 0; markdown <= 1; markdown++)
		for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++) {
			json_t *doc =
			    parse_text(inputs[i], strlen(inputs[i]), markdown);
			assert_int_equal(
			    json_array_size(json_object_get(doc, "blocks")), 0);
			assert_string_equal(str(doc, "text"), "");
			assert_true(
			    json_is_null(json_object_get(doc, "title")));
			json_decref(doc);
		}
}

static void test_crlf_line_ends(void **state)
{
	(void)state;
	json_t *doc = txt("One\r\ntwo\r\n\r\nThree\rfour\r\r\nfive");
	CHECK(doc, {"text/p", "One two", 7, 0}, {"text/p", "Three four", 10, 0},
	      {"text/p", "five", 4, 0});
	json_decref(doc);
	doc = md("Title\r\n=====\r\n\r\n```\r\na\r\n  b\r\n```\r\n");
	CHECK(doc, {"markdown/h1", "Title", 5, 0},
	      {"markdown/pre", "a\n  b", 5, 0});
	json_decref(doc);
}

/* ---- Markdown blocks ---- */

static void test_md_headings(void **state)
{
	(void)state;
	json_t *doc = md("# First *title* #\n"
	                 "## Second ##\n"
	                 "###### Six\n"
	                 "####### seven is text\n"
	                 "#hashtag is text\n"
	                 "\n"
	                 "Setext one\n"
	                 "==========\n"
	                 "\n"
	                 "Setext\n"
	                 "two\n"
	                 "---\n"
	                 "### C\\# ###\n"
	                 "#\n");
	CHECK(doc, {"markdown/h1", "First title", 11, 0},
	      {"markdown/h2", "Second", 6, 0}, {"markdown/h6", "Six", 3, 0},
	      {"markdown/p", "####### seven is text #hashtag is text", 38, 0},
	      {"markdown/h1", "Setext one", 10, 0},
	      {"markdown/h2", "Setext two", 10, 0},
	      {"markdown/h3", "C#", 2, 0});
	/* The first h1 is the title. */
	assert_string_equal(str(doc, "title"), "First title");
	assert_string_equal(str(doc, "content_type"), "text/markdown");
	json_decref(doc);
}

static void test_md_lists(void **state)
{
	(void)state;
	json_t *doc = md("Intro line\n"
	                 "- apples\n"
	                 "  and pears\n"
	                 "lazy line\n"
	                 "* oranges\n"
	                 "  - nested **one**\n"
	                 "+ plums\n"
	                 "\n"
	                 "  second paragraph of plums\n"
	                 "\n"
	                 "1. first\n"
	                 "2) second\n"
	                 "   continued\n"
	                 "- [x] done task\n"
	                 "\n"
	                 "After the list\n"
	                 "2020. A year, not a list\n");
	CHECK(doc, {"markdown/p", "Intro line", 10, 0},
	      {"markdown/li", "apples and pears lazy line", 26, 0},
	      {"markdown/li", "oranges", 7, 0},
	      {"markdown/li", "nested one", 10, 0},
	      {"markdown/li", "plums", 5, 0},
	      {"markdown/li", "second paragraph of plums", 25, 0},
	      {"markdown/li", "first", 5, 0},
	      {"markdown/li", "second continued", 16, 0},
	      {"markdown/li", "done task", 9, 0},
	      {"markdown/p", "After the list 2020. A year, not a list", 39, 0});
	/* No h1: no title. */
	assert_true(json_is_null(json_object_get(doc, "title")));
	json_decref(doc);
}

static void test_md_code_verbatim(void **state)
{
	(void)state;
	json_t *doc = md("Run this:\n"
	                 "\n"
	                 "```sh\n"
	                 "\n"
	                 "make   *all*\n"
	                 "  echo [x](y) &amp; `z`\n"
	                 "\n"
	                 "done\n"
	                 "```\n"
	                 "\n"
	                 "    indented  code\n"
	                 "\n"
	                 "      more_code\n"
	                 "\n"
	                 "~~~~\n"
	                 "~~~ not the end\n"
	                 "~~~~~\n"
	                 "- item\n"
	                 "\n"
	                 "  ```\n"
	                 "  in item\n"
	                 "   one more\n"
	                 "  ```\n"
	                 "``` unclosed\n"
	                 "  runs to the end\n");
	CHECK(doc, {"markdown/p", "Run this:", 9, 0},
	      /* leading blank line dropped, the rest kept byte for byte */
	      {"markdown/pre", "make   *all*\n  echo [x](y) &amp; `z`\n\ndone",
	       42, 0},
	      {"markdown/pre", "indented  code\n\n  more_code", 27, 0},
	      {"markdown/pre", "~~~ not the end", 15, 0},
	      {"markdown/li", "item", 4, 0},
	      {"markdown/pre", "in item\n one more", 17, 0},
	      {"markdown/pre", "  runs to the end", 17, 0});
	json_decref(doc);
}

static void test_md_quotes_and_breaks(void **state)
{
	(void)state;
	json_t *doc = md("> Quoted *words*\n"
	                 "lazily continued\n"
	                 ">\n"
	                 "> > nested\n"
	                 "> # heading in quote\n"
	                 "\n"
	                 "***\n"
	                 "- - -\n"
	                 "Text\n"
	                 "___\n"
	                 "<!--\n"
	                 "a hidden note\n"
	                 "-->\n"
	                 "<script>\n"
	                 "var s = '<p>not text</p>';\n"
	                 "</script>\n"
	                 "Visible <span class=\"x\">inline</span> "
	                 "<!-- gone --> html<br>end\n");
	CHECK(doc,
	      {"markdown/blockquote", "Quoted words lazily continued", 29, 0},
	      {"markdown/blockquote", "nested", 6, 0},
	      {"markdown/blockquote", "heading in quote", 16, 0},
	      {"markdown/p", "Text", 4, 0},
	      {"markdown/p", "Visible inline html end", 23, 0});
	json_decref(doc);
}

/* ---- Markdown inline ---- */

static void test_md_inline(void **state)
{
	(void)state;
	json_t *doc =
	    md("Read [the *guide*](https://example.com/a_(b) \"Guide\") and "
	       "![a chart](chart.png) or <https://example.com/x>.\n"
	       "\n"
	       "**Bold**, __strong__, _em_, ~~gone~~, `a * b`, snake_case, "
	       "2 * 3, \\*stars\\*, x\\\\y\n"
	       "\n"
	       "[![logo](l.png)](/home) [two words](</a b>) [no link] (x) "
	       "[ref link][R] [R] [R][] [undefined][nope]\n"
	       "\n"
	       "[r]: https://example.com/ref \"Title\"\n"
	       "\n"
	       "&amp; &lt;b&gt; &quot;q&quot; &#39;s&#39; a&nbsp;b &#x2014; "
	       "&#233; &copy; &bogus; AT&T\n");
	CHECK(
	    doc,
	    /* link text 9 ("the guide") + autolink 21 */
	    {"markdown/p",
	     "Read the guide and a chart or https://example.com/x.", 52, 30},
	    /* strikethrough is GitHub's, not CommonMark: it stays */
	    {"markdown/p",
	     "Bold, strong, em, ~~gone~~, a * b, snake_case, 2 * 3, *stars*, "
	     "x\\y",
	     66, 0},
	    /* "logo" 4 + "two words" 9 + "ref link" 8 + "R" + "R" */
	    {"markdown/p",
	     "logo two words [no link] (x) ref link R R [undefined][nope]", 59,
	     23},
	    {"markdown/p",
	     "& <b> \"q\" 's' a b \xE2\x80\x94 \xC3\xA9 \xC2\xA9 &bogus; AT&T",
	     36, 0});
	json_decref(doc);
}

static void test_md_front_matter(void **state)
{
	(void)state;
	json_t *doc = md("---\n"
	                 "title: \"Rivers: \\\"a\\\" guide\"\n"
	                 "description: >\n"
	                 "  How rivers\n"
	                 "  change course.\n"
	                 "author:\n"
	                 "  - Ann Lee\n"
	                 "  - 'Bo O''Neil'\n"
	                 "date: 2024-05-01 # the day it went out\n"
	                 "lang: de\n"
	                 "tags: [rivers, geology]\n"
	                 "title: second title is ignored\n"
	                 "---\n"
	                 "# A heading, not the title\n"
	                 "\n"
	                 "Body.\n");
	CHECK(doc, {"markdown/h1", "A heading, not the title", 24, 0},
	      {"markdown/p", "Body.", 5, 0});
	assert_string_equal(str(doc, "title"), "Rivers: \"a\" guide");
	assert_string_equal(str(doc, "description"),
	                    "How rivers change course.");
	assert_string_equal(str(doc, "author"), "Ann Lee, Bo O'Neil");
	assert_string_equal(str(doc, "published"), "2024-05-01");
	assert_string_equal(str(doc, "lang"), "de");
	assert_true(json_is_null(json_object_get(doc, "canonical")));
	json_decref(doc);

	/* No closing line: not front matter, and "---" is a rule. */
	doc = md("---\ntitle: x\n");
	CHECK(doc, {"markdown/p", "title: x", 8, 0});
	assert_true(json_is_null(json_object_get(doc, "title")));
	json_decref(doc);
}

static void test_lang(void **state)
{
	(void)state;
	/* A declared tag is normalised as HTML lang attributes are. */
	json_t *doc = md("---\nlang: EN_us\n---\nShort.\n");
	assert_string_equal(str(doc, "lang"), "en-US");
	json_decref(doc);
	/* Undeclared: the words say which (as for HTML pages). */
	doc = txt("The river was high that spring, and the people of the town "
	          "went down to the water every evening to see how far it had "
	          "come up the bank since the morning before.\n");
	assert_string_equal(str(doc, "lang"), "en");
	json_decref(doc);
}

static void test_md_table(void **state)
{
	(void)state;
	json_t *doc = md("Prices:\n"
	                 "| Fruit | Price |\n"
	                 "|:------|------:|\n"
	                 "| *Apple* | [1 EUR](/p) |\n"
	                 "| Pipe \\| cell |  |\n"
	                 "no pipes, still a row\n"
	                 "\n"
	                 "a | b\n"
	                 "--- | ---\n"
	                 "\n"
	                 "| not | a table |\n"
	                 "| --- |\n");
	CHECK(doc, {"markdown/p", "Prices:", 7, 0},
	      /* cells apart by a tab, as in HTML rows */
	      {"markdown/tr", "Fruit\tPrice", 11, 0},
	      {"markdown/tr", "Apple\t1 EUR", 11, 5},
	      /* a pipe, escaped or not, parts cells (cmark has taken the
	         backslash away by then): no word is lost; the empty last
	         cell adds nothing */
	      {"markdown/tr", "Pipe\tcell", 9, 0},
	      {"markdown/tr", "no pipes, still a row", 21, 0},
	      {"markdown/tr", "a\tb", 3, 0},
	      /* header and delimiter differ in cells: a paragraph */
	      {"markdown/p", "| not | a table | | --- |", 25, 0});
	json_decref(doc);
}

/* ---- source lines ---- */

/* Block i's "lines" are the pairs pairs[0..n) (offset, line), flattened,
 * and its "line" the first line. */
static void check_lines(json_t *doc, size_t i, const size_t *pairs, size_t n)
{
	json_t *b = json_array_get(json_object_get(doc, "blocks"), i);
	assert_non_null(b);
	json_t *lines = json_object_get(b, "lines");
	if (json_array_size(lines) != n / 2) {
		char *dump = json_dumps(b, 0);
		print_error("block %zu: %s\n", i, dump);
		free(dump);
	}
	assert_int_equal(json_array_size(lines), n / 2);
	for (size_t k = 0; k < n / 2; k++) {
		json_t *pair = json_array_get(lines, k);
		assert_int_equal(json_integer_value(json_array_get(pair, 0)),
		                 pairs[2 * k]);
		assert_int_equal(json_integer_value(json_array_get(pair, 1)),
		                 pairs[2 * k + 1]);
	}
	assert_int_equal(json_integer_value(json_object_get(b, "line")),
	                 pairs[1]);
}

#define LINES(doc, i, ...)                                                     \
	do {                                                                   \
		static const size_t l_[] = {__VA_ARGS__};                      \
		check_lines((doc), (i), l_, sizeof l_ / sizeof *l_);           \
	} while (0)

static void test_md_source_lines(void **state)
{
	(void)state;
	/* Line ends inside a code span and a link destination leave no
	 * node in cmark's tree; each piece of text is found in the source
	 * instead.  Front matter lines count. */
	json_t *doc = md_lines("---\n"
	                       "title: Lines\n"
	                       "---\n"
	                       "# Head *one*\n"
	                       "\n"
	                       "First line of para with `code\n"
	                       "span` and [a link\n"
	                       "over lines](http://x\n"
	                       "\"title\") and **bold\n"
	                       "text** end.\n"
	                       "Next &amp; line\\\n"
	                       "hard break.\n"
	                       "\n"
	                       "> quote line\n"
	                       "lazy line\n"
	                       "\n"
	                       "- [x] task item\n"
	                       "  more\n"
	                       "\n"
	                       "Prices:\n"
	                       "| a | b |\n"
	                       "|---|---|\n"
	                       "| c | d |\n"
	                       "\n"
	                       "```\n"
	                       "code\n"
	                       "\n"
	                       "  more\n"
	                       "```\n"
	                       "\n"
	                       "<div>\n"
	                       "html *block*\n"
	                       "<p>second &amp; last</p>\n"
	                       "</div>\n");
	CHECK(doc, {"markdown/h1", "Head one", 8, 0},
	      {"markdown/p",
	       "First line of para with code span and a link over lines and "
	       "bold text end. Next & line hard break.",
	       98, 17},
	      {"markdown/blockquote", "quote line lazy line", 20, 0},
	      /* the task box is a checkbox, not text */
	      {"markdown/li", "task item more", 14, 0},
	      {"markdown/p", "Prices:", 7, 0}, {"markdown/tr", "a\tb", 3, 0},
	      {"markdown/tr", "c\td", 3, 0},
	      {"markdown/pre", "code\n\n  more", 12, 0},
	      /* an HTML block's text as a browser shows it */
	      {"markdown/p", "html *block* second & last", 26, 0});
	LINES(doc, 0, 0, 4);
	/* "and" (34) starts line 7, "over" (45) line 8, "and" (56) line 9,
	 * "text" (65) line 10, "Next" (75) line 11, "hard" (87) line 12 */
	LINES(doc, 1, 0, 6, 34, 7, 45, 8, 56, 9, 65, 10, 75, 11, 87, 12);
	LINES(doc, 2, 0, 14, 11, 15);
	LINES(doc, 3, 0, 17, 10, 18);
	LINES(doc, 4, 0, 20);
	LINES(doc, 5, 0, 21); /* the delimiter row (22) is no text */
	LINES(doc, 6, 0, 23);
	LINES(doc, 7, 0, 26, 6, 28); /* the fence is on 25 */
	LINES(doc, 8, 0, 32, 13, 33);
	json_decref(doc);
}

/* A few examples of the CommonMark spec 0.30 (numbered as there): the
 * blocks cqa makes of them, worked out from the HTML the spec gives. */
static void test_md_commonmark_examples(void **state)
{
	(void)state;
	/* Example 25: entities (the leading &nbsp; is white space) */
	json_t *doc = md_lines("&nbsp; &amp; &copy; &AElig; &Dcaron;\n"
	                       "&frac34; &HilbertSpace; &DifferentialD;\n"
	                       "&ClockwiseContourIntegral; &ngE;\n");
	CHECK(doc, {"markdown/p",
	            "& \xC2\xA9 \xC3\x86 \xC4\x8E \xC2\xBE \xE2\x84\x8B "
	            "\xE2\x85\x86 \xE2\x88\xB2 \xE2\x89\xA7\xCC\xB8",
	            18, 0});
	LINES(doc, 0, 0, 1, 11, 2, 22, 3);
	json_decref(doc);
	/* Example 81: a Setext heading of two lines */
	doc = md_lines("Foo *bar\nbaz*\n====\n");
	CHECK(doc, {"markdown/h1", "Foo bar baz", 11, 0});
	LINES(doc, 0, 0, 1, 8, 2);
	json_decref(doc);
	/* Example 93: "===" continues the quote's paragraph lazily */
	doc = md_lines("> foo\nbar\n===\n");
	CHECK(doc, {"markdown/blockquote", "foo bar ===", 11, 0});
	LINES(doc, 0, 0, 1, 4, 2, 8, 3);
	json_decref(doc);
	/* Example 148: an HTML block ends at the blank line; "**Hello**,"
	 * is raw HTML, "_world_." a paragraph */
	doc = md_lines("<table><tr><td>\n<pre>\n**Hello**,\n\n_world_.\n"
	               "</pre>\n</td></tr></table>\n");
	CHECK(doc, {"markdown/p", "**Hello**,", 10, 0},
	      {"markdown/p", "world.", 6, 0});
	LINES(doc, 0, 0, 3);
	LINES(doc, 1, 0, 5);
	json_decref(doc);
	/* Example 192: a reference definition makes "[foo]" a link */
	doc = md_lines("[foo]: /url \"title\"\n\n[foo]\n");
	CHECK(doc, {"markdown/p", "foo", 3, 3});
	LINES(doc, 0, 0, 3);
	json_decref(doc);
	/* Example 228: a heading and a paragraph in a block quote */
	doc = md_lines("> # Foo\n> bar\n> baz\n");
	CHECK(doc, {"markdown/blockquote", "Foo", 3, 0},
	      {"markdown/blockquote", "bar baz", 7, 0});
	LINES(doc, 1, 0, 2, 4, 3);
	json_decref(doc);
	/* Example 254: a list item holding a paragraph, indented code and a
	 * block quote */
	doc = md_lines("1.  A paragraph\n    with two lines.\n\n"
	               "        indented code\n\n    > A block quote.\n");
	CHECK(doc, {"markdown/li", "A paragraph with two lines.", 27, 0},
	      {"markdown/pre", "indented code", 13, 0},
	      {"markdown/blockquote", "A block quote.", 14, 0});
	LINES(doc, 0, 0, 1, 12, 2);
	LINES(doc, 1, 0, 4);
	LINES(doc, 2, 0, 6);
	json_decref(doc);
	/* Example 264: blank lines inside indented code are kept */
	doc = md_lines("- Foo\n\n      bar\n\n\n      baz\n");
	CHECK(doc, {"markdown/li", "Foo", 3, 0},
	      {"markdown/pre", "bar\n\n\nbaz", 9, 0});
	LINES(doc, 1, 0, 3, 6, 6);
	json_decref(doc);
	/* Example 300: headings in list items */
	doc = md_lines("- # Foo\n- Bar\n  ---\n  baz\n");
	CHECK(doc, {"markdown/h1", "Foo", 3, 0}, {"markdown/h2", "Bar", 3, 0},
	      {"markdown/li", "baz", 3, 0});
	LINES(doc, 2, 0, 4);
	json_decref(doc);
	/* Example 633: a hard line break */
	doc = md_lines("foo  \nbaz\n");
	CHECK(doc, {"markdown/p", "foo baz", 7, 0});
	LINES(doc, 0, 0, 1, 4, 2);
	json_decref(doc);
}

/* Every example of the spec (tools/commonmark-spec, when npm installed
 * it): each source line a block says its text starts on holds the first
 * letters of that text -- two, as a word can run across markup
 * ("foo*bar*" reads "foobar"). */
static void test_md_spec_lines(void **state)
{
	(void)state;
	char path[1024];
	const char *src = getenv("CQA_SOURCE");
	snprintf(path, sizeof path,
	         "%s/tools/commonmark-spec/node_modules/commonmark-spec/"
	         "spec.txt",
	         src ? src : ".");
	FILE *f = fopen(path, "rb");
	if (!f) {
		print_message("%s not installed (make deps runs npm ci); "
		              "skipped\n",
		              path);
		skip();
	}
	buf_t spec = BUF_INIT;
	char chunk[65536];
	size_t got;
	while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&spec, chunk, got);
	fclose(f);
	static const char fence[] = "````````````````````````````````";
	size_t examples = 0, pairs = 0;
	const char *p = buf_cstr(&spec), *end = p + spec.len;
	buf_t ex = BUF_INIT;
	while ((p = strstr(p, fence)) != NULL && p < end) {
		const char *e = strchr(p, '\n');
		if (!e)
			break;
		if (strncmp(p + 32, " example", 8)) {
			p = e + 1;
			continue;
		}
		buf_reset(&ex);
		for (p = e + 1; p < end && strncmp(p, ".\n", 2);) {
			e = strchr(p, '\n');
			for (const char *c = p; c <= e; c++) {
				if (!strncmp(c, "\xE2\x86\x92", 3)) {
					buf_addc(&ex, '\t');
					c += 2;
				} else {
					buf_addc(&ex, *c);
				}
			}
			p = e + 1;
		}
		p = strstr(p, fence);
		if (!p)
			break;
		p += 32;
		examples++;
		json_t *doc = md_lines(buf_cstr(&ex));
		size_t i;
		json_t *b;
		json_array_foreach(json_object_get(doc, "blocks"), i, b)
		{
			const char *text = str(b, "text");
			size_t k;
			json_t *pair;
			json_array_foreach(json_object_get(b, "lines"), k, pair)
			{
				size_t off = (size_t)json_integer_value(
				    json_array_get(pair, 0));
				size_t line = (size_t)json_integer_value(
				    json_array_get(pair, 1));
				char word[3] = "";
				size_t w = 0;
				while (w < 2 &&
				       isalnum((unsigned char)text[off + w]))
					word[w] = text[off + w], w++;
				word[w] = '\0';
				if (!w)
					continue;
				/* the line's own text */
				const char *l = buf_cstr(&ex);
				for (size_t n = 1; n < line && l; n++) {
					l = strchr(l, '\n');
					l = l ? l + 1 : NULL;
				}
				assert_non_null(l);
				size_t len = strcspn(l, "\n");
				/* the letters, maybe with markup between */
				int found = 0;
				for (size_t j = 0; j < len && !found; j++) {
					if (l[j] != word[0])
						continue;
					size_t q = j + 1;
					while (w > 1 && q < len &&
					       !isalnum((unsigned char)l[q]))
						q++;
					found = w == 1 ||
					        (q < len && l[q] == word[1]);
				}
				if (!found)
					fail_msg("example %zu: block %zu says "
					         "\"%s\" "
					         "(at %zu) is on line %zu:\n%s",
					         examples, i, text + off, off,
					         line, buf_cstr(&ex));
				pairs++;
			}
		}
		json_decref(doc);
	}
	print_message("%zu examples, %zu source lines checked\n", examples,
	              pairs);
	assert_true(examples >= 600);
	assert_true(pairs >= 600);
	buf_free(&ex);
	buf_free(&spec);
}

/* ---- the document ---- */

static void keys_of(json_t *obj, char *out, size_t size)
{
	out[0] = '\0';
	for (void *it = json_object_iter(obj); it;
	     it = json_object_iter_next(obj, it)) {
		strncat(out, json_object_iter_key(it), size - strlen(out) - 2);
		strcat(out, ",");
	}
}

static void test_same_keys_as_html(void **state)
{
	(void)state;
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	parse_page_info info = {.url = "https://example.test/a",
	                        .final_url = "https://example.test/b",
	                        .status = 200,
	                        .fetched_at = "2026-01-02T03:04:05Z",
	                        .content_type = "text/markdown; charset=utf-8"};
	const char *html = "<html><head><title>T</title></head>"
	                   "<body><p>Hello there.</p></body></html>";
	json_t *h = parse_html_document(&o, html, strlen(html), &info, &err);
	assert_non_null(h);
	json_t *m =
	    parse_text_document(&o, "Hello there.\n", 13, &info, 1, &err);
	char hk[512], mk[512];
	keys_of(h, hk, sizeof hk);
	keys_of(m, mk, sizeof mk);
	assert_string_equal(mk, hk);
	keys_of(json_array_get(json_object_get(h, "blocks"), 0), hk, sizeof hk);
	keys_of(json_array_get(json_object_get(m, "blocks"), 0), mk, sizeof mk);
	assert_string_equal(mk, "label,path,kind,text,chars,link_chars,line,");
	assert_string_equal(mk, hk);
	/* Page facts are passed through as for HTML. */
	assert_string_equal(str(m, "url"), "https://example.test/a");
	assert_string_equal(str(m, "final_url"), "https://example.test/b");
	assert_int_equal(json_integer_value(json_object_get(m, "status")), 200);
	assert_string_equal(str(m, "fetched_at"), "2026-01-02T03:04:05Z");
	assert_string_equal(str(m, "content_type"),
	                    "text/markdown; charset=utf-8");
	json_decref(h);
	json_decref(m);
}

static void test_size_cap_and_nul(void **state)
{
	(void)state;
	parse_options o;
	parse_options_default(&o);
	o.max_page_bytes = 9;
	cqa_error err;
	json_t *doc =
	    parse_text_document(&o, "one\0two three", 13, NULL, 0, &err);
	/* cut to "one\0two t"; NUL read as U+FFFD */
	CHECK(doc, {"text/p", "one\xEF\xBF\xBDtwo t", 9, 0});
	json_decref(doc);
}

static void test_text_kind(void **state)
{
	(void)state;
	const unsigned char *text = (const unsigned char *)"Just words.\n";
	const unsigned char *html = (const unsigned char *)"\xEF\xBB\xBF \n<p>";
	assert_int_equal(parse_text_kind("draft.md", html, 6),
	                 TEXT_KIND_MARKDOWN);
	assert_int_equal(parse_text_kind("a/b.MarkDown", NULL, 0),
	                 TEXT_KIND_MARKDOWN);
	assert_int_equal(parse_text_kind("x.mdown", NULL, 0),
	                 TEXT_KIND_MARKDOWN);
	assert_int_equal(parse_text_kind("x.MKD", NULL, 0), TEXT_KIND_MARKDOWN);
	assert_int_equal(parse_text_kind("notes.TXT", html, 6),
	                 TEXT_KIND_PLAIN);
	assert_int_equal(parse_text_kind("page.html", text, 12),
	                 TEXT_KIND_OTHER);
	assert_int_equal(parse_text_kind("dir.md/README", text, 12),
	                 TEXT_KIND_OTHER);
	assert_int_equal(parse_text_kind(NULL, text, 12), TEXT_KIND_PLAIN);
	assert_int_equal(parse_text_kind("-", text, 12), TEXT_KIND_PLAIN);
	assert_int_equal(parse_text_kind("", NULL, 0), TEXT_KIND_PLAIN);
	assert_int_equal(parse_text_kind(NULL, html, 6), TEXT_KIND_OTHER);
	assert_int_equal(
	    parse_text_kind(NULL, (const unsigned char *)"ab\0cd", 5),
	    TEXT_KIND_OTHER);
	assert_int_equal(
	    parse_text_kind(NULL, (const unsigned char *)"\x1F\x8B\x08", 3),
	    TEXT_KIND_OTHER);
	assert_int_equal(
	    parse_text_kind(NULL, (const unsigned char *)"a\tb\r\n\x1B[0m", 9),
	    TEXT_KIND_PLAIN);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_text_paragraphs),
	    cmocka_unit_test(test_text_title_only_short_single_line),
	    cmocka_unit_test(test_text_windows_1252),
	    cmocka_unit_test(test_empty_and_blank_files),
	    cmocka_unit_test(test_crlf_line_ends),
	    cmocka_unit_test(test_md_headings),
	    cmocka_unit_test(test_md_lists),
	    cmocka_unit_test(test_md_code_verbatim),
	    cmocka_unit_test(test_md_quotes_and_breaks),
	    cmocka_unit_test(test_md_inline),
	    cmocka_unit_test(test_md_front_matter),
	    cmocka_unit_test(test_lang),
	    cmocka_unit_test(test_md_table),
	    cmocka_unit_test(test_md_source_lines),
	    cmocka_unit_test(test_md_commonmark_examples),
	    cmocka_unit_test(test_md_spec_lines),
	    cmocka_unit_test(test_same_keys_as_html),
	    cmocka_unit_test(test_size_cap_and_nul),
	    cmocka_unit_test(test_text_kind),
	};
	parse_global_init();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	parse_global_cleanup();
	return failed;
}
