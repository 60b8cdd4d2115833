/*
 * test_structure.c - the structure cqa-parse keeps: each block's kind (and
 * a heading's level), code with its line breaks and indentation, table rows
 * with their cells apart, headings without their permalinks, the page's
 * own title, and the Markdown written from all of it.
 *
 * The page is a short reference page of the kind documentation generators
 * write: a title, an introduction long enough to be prose, a code sample,
 * a table of options, a definition list, a quote and a figure caption.
 * The expected values are what a reader of the page sees.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/buf.h"
#include "parse/parse.h"

static const char page[] =
    "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
    "<title>retry \xE2\x80\x94 Retrying failed requests \xE2\x80\x94 "
    "Netkit 2.4 documentation</title></head><body>"
    "<div class=\"sphinxsidebar\"><ul><li><a href=\"/\">Contents</a></li>"
    "<li><a href=\"/search\">Search</a></li></ul></div>"
    "<div class=\"body\" role=\"main\"><section>"
    "<h1>retry \xE2\x80\x94 Retrying failed requests<a class=\"headerlink\" "
    "href=\"#retry\" title=\"Permalink to this headline\">\xC2\xB6</a></h1>"
    "<p>The retry module repeats a request that failed for a reason that "
    "may pass, such as a timeout, a reset connection or a server that is "
    "busy, and waits a little longer before each new attempt.</p>"
    "<p>It never repeats a request that the server refused, because the "
    "same request would be refused again, and it gives up after the "
    "number of attempts you set, reporting the last error.</p>"
    "<section><h2>Usage<a class=\"anchor\" href=\"#usage\">#</a></h2>"
    "<pre>\r\n&gt;&gt;&gt; from netkit import retry\r\n"
    "&gt;&gt;&gt; <span class=\"n\">retry</span>(fetch, attempts=3)\r\n"
    "    'done'\r\n</pre>"
    "<table><caption>Options</caption>"
    "<tr><th>Name</th><th>Default</th><th>Meaning</th></tr>"
    "<tr><td>attempts</td><td>3</td><td>how many times to try</td></tr>"
    "<tr><td>backoff</td><td></td><td>seconds to wait, doubled each "
    "time</td></tr></table>"
    "<dl><dt>retry.Error</dt><dd>Raised when every attempt failed.</dd>"
    "</dl>"
    "<h3>Notes<a href=\"#notes\">\xC2\xA7</a></h3>"
    "<ol><li>Set a total timeout as well.</li>"
    "<li>Log each failed attempt.</li></ol>"
    "<blockquote><p>Retrying is not a fix for a server that is down.</p>"
    "</blockquote>"
    "<figure><figcaption>Attempts over time</figcaption></figure>"
    "</section></section></div>"
    "<footer><p>\xC2\xA9 2026 Netkit authors.</p></footer></body></html>";

static json_t *parse(const char *html)
{
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	parse_page_info info = {.url = "https://docs.example.test/retry.html"};
	json_t *doc = parse_html_document(&o, html, strlen(html), &info, &err);
	assert_non_null(doc);
	return doc;
}

/* The content blocks, in order: kind, level (0: none) and text. */
static const struct want {
	const char *kind;
	int level;
	const char *text;
} want[] = {
    {"heading", 1, "retry \xE2\x80\x94 Retrying failed requests"},
    {"paragraph", 0, NULL},
    {"paragraph", 0, NULL},
    {"heading", 2, "Usage"},
    {"code", 0,
     ">>> from netkit import retry\n>>> retry(fetch, attempts=3)\n"
     "    'done'"},
    {"caption", 0, "Options"},
    {"table_row", 0, "Name\tDefault\tMeaning"},
    {"table_row", 0, "attempts\t3\thow many times to try"},
    {"table_row", 0, "backoff\t\tseconds to wait, doubled each time"},
    {"term", 0, "retry.Error"},
    {"description", 0, "Raised when every attempt failed."},
    {"heading", 3, "Notes"},
    {"list_item", 0, "Set a total timeout as well."},
    {"list_item", 0, "Log each failed attempt."},
    {"quote", 0, "Retrying is not a fix for a server that is down."},
    {"caption", 0, "Attempts over time"},
};
enum { NWANT = sizeof want / sizeof *want };

static void test_kinds_code_rows_headings(void **state)
{
	(void)state;
	json_t *doc = parse(page);
	json_t *blocks = json_object_get(doc, "blocks");
	size_t k = 0, i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		const char *label =
		    json_string_value(json_object_get(b, "label"));
		const char *text =
		    json_string_value(json_object_get(b, "text"));
		if (strcmp(label, "content") != 0)
			continue;
		if (k >= NWANT)
			fail_msg("content block %zu more than expected: %s", k,
			         text);
		assert_string_equal(
		    json_string_value(json_object_get(b, "kind")),
		    want[k].kind);
		json_t *level = json_object_get(b, "level");
		if (want[k].level)
			assert_int_equal(json_integer_value(level),
			                 want[k].level);
		else
			assert_null(level);
		if (want[k].text)
			assert_string_equal(text, want[k].text);
		k++;
	}
	assert_int_equal(k, NWANT);
	/* the sidebar and the footer are not content, the title is the
	 * page's own: the <title> part that matches the <h1> read without
	 * its pilcrow, not the longest part (the site's name) */
	assert_string_equal(json_string_value(json_object_get(doc, "title")),
	                    "retry \xE2\x80\x94 Retrying failed requests");
	/* text: the blocks joined by blank lines, the code's lines kept */
	const char *text = json_string_value(json_object_get(doc, "text"));
	assert_non_null(strstr(text, "\n\n>>> from netkit import retry\n"
	                             ">>> retry(fetch, attempts=3)\n"
	                             "    'done'\n\n"));
	json_decref(doc);
}

/* Every permalink form of the generators, and a link that is part of the
 * heading (kept). */
static void test_heading_permalinks(void **state)
{
	(void)state;
	static const char *const headings[][2] = {
	    {"<h2>Install<a class=\"headerlink\" href=\"#i\">\xC2\xB6</a></h2>",
	     "Install"},
	    {"<h2><a class=\"anchor\" href=\"#i\"></a>Install</h2>", "Install"},
	    {"<h2>Install <a href=\"#i\">#</a></h2>", "Install"},
	    {"<h2>Install<a href=\"#i\" class=\"hash-link\" "
	     "aria-label=\"Direct link\">\xE2\x80\x8B</a></h2>",
	     "Install"},
	    {"<h2>Install<a href=\"#i\" title=\"Permalink to this heading\">"
	     "link</a></h2>",
	     "Install"},
	    {"<h2><a href=\"#i\">\xF0\x9F\x94\x97</a> Install</h2>", "Install"},
	    {"<h2>Install <a href=\"/pkg\">the package</a></h2>",
	     "Install the package"},
	};
	for (size_t h = 0; h < sizeof headings / sizeof *headings; h++) {
		buf_t html = BUF_INIT;
		buf_adds(&html, "<html><head><title>Guide</title></head><body>"
		                "<main>");
		buf_adds(&html, headings[h][0]);
		for (int p = 0; p < 3; p++)
			buf_adds(&html,
			         "<p>Download the archive, unpack it in a "
			         "directory of your choice, and run the "
			         "installer from there, which asks where the "
			         "files should go and what to set up.</p>");
		buf_adds(&html, "</main></body></html>");
		json_t *doc = parse(html.data);
		json_t *b = json_array_get(json_object_get(doc, "blocks"), 0);
		assert_string_equal(
		    json_string_value(json_object_get(b, "text")),
		    headings[h][1]);
		assert_string_equal(
		    json_string_value(json_object_get(b, "kind")), "heading");
		json_decref(doc);
		buf_free(&html);
	}
}

/* The Markdown of the reference page, written out by hand from what it
 * shows. */
static const char want_markdown[] =
    "# retry \xE2\x80\x94 Retrying failed requests\n"
    "\n"
    "The retry module repeats a request that failed for a reason that may "
    "pass, such as a timeout, a reset connection or a server that is busy, "
    "and waits a little longer before each new attempt.\n"
    "\n"
    "It never repeats a request that the server refused, because the same "
    "request would be refused again, and it gives up after the number of "
    "attempts you set, reporting the last error.\n"
    "\n"
    "## Usage\n"
    "\n"
    "```\n"
    ">>> from netkit import retry\n"
    ">>> retry(fetch, attempts=3)\n"
    "    'done'\n"
    "```\n"
    "\n"
    "_Options_\n"
    "\n"
    "| Name | Default | Meaning |\n"
    "| --- | --- | --- |\n"
    "| attempts | 3 | how many times to try |\n"
    "| backoff |  | seconds to wait, doubled each time |\n"
    "\n"
    "**retry.Error**\n"
    "\n"
    "Raised when every attempt failed.\n"
    "\n"
    "### Notes\n"
    "\n"
    "1. Set a total timeout as well.\n"
    "2. Log each failed attempt.\n"
    "\n"
    "> Retrying is not a fix for a server that is down.\n"
    "\n"
    "_Attempts over time_\n";

static void test_markdown_output(void **state)
{
	(void)state;
	json_t *doc = parse(page);
	buf_t md = BUF_INIT;
	parse_doc_markdown(doc, &md);
	assert_string_equal(md.data, want_markdown);
	buf_free(&md);
	json_decref(doc);
}

/* Markdown's own characters in text are escaped where they would become
 * syntax; a code block holding ``` gets a longer fence. */
static void test_markdown_escapes(void **state)
{
	(void)state;
	json_error_t je;
	json_t *doc = json_loads(
	    "{\"blocks\":["
	    "{\"label\":\"content\",\"kind\":\"paragraph\",\"text\":"
	    "\"# not a heading, 2*3 and a_b\"},"
	    "{\"label\":\"content\",\"kind\":\"paragraph\",\"text\":"
	    "\"1. not a list\"},"
	    "{\"label\":\"boilerplate\",\"kind\":\"paragraph\",\"text\":"
	    "\"Menu\"},"
	    "{\"label\":\"content\",\"kind\":\"code\",\"text\":"
	    "\"```\\nfenced\\n```\"},"
	    "{\"label\":\"content\",\"kind\":\"table_row\",\"text\":"
	    "\"a|b\\tc\"}]}",
	    0, &je);
	assert_non_null(doc);
	buf_t md = BUF_INIT;
	parse_doc_markdown(doc, &md);
	assert_string_equal(md.data, "\\# not a heading, 2\\*3 and a\\_b\n"
	                             "\n"
	                             "1\\. not a list\n"
	                             "\n"
	                             "````\n```\nfenced\n```\n````\n"
	                             "\n"
	                             "| a\\|b | c |\n"
	                             "| --- | --- |\n");
	buf_free(&md);
	json_decref(doc);
}

/* Lengths that suit the script.  The same news page in Chinese and in
 * Russian: a headline, a first paragraph of two sentences (45 Han
 * characters; 107 Cyrillic letters, spaces and stops) and three more
 * paragraphs (59 to 63 characters; 100 to 130).  Every one of them is the
 * article in both languages; measured in code points, the Chinese page
 * lost its headline, its first paragraph and its third as "short". */
static void test_lengths_across_scripts(void **state)
{
	(void)state;
	static const char *const pages[][6] = {
	    {"北京地铁新线路开通",
	     "今天上午，北京地铁十九号线北段正式开通运营。沿线居民前往市中心的"
	     "出行时间将缩短约二十分钟。",
	     "这条线路全长约二十二公里，共设十座车站，其中换乘站五座，与多条既"
	     "有线路实现换乘，方便沿线市民出行，也将缓解周边道路的交通压力。",
	     "据介绍，新线路采用最新的列车控制系统，最高运行速度可达每小时一百"
	     "公里，高峰时段发车间隔约为四分钟，平峰时段约为六分钟。",
	     "运营公司表示，开通初期将密切关注客流变化，根据实际情况及时调整运"
	     "营方案，确保乘客安全、便捷出行，并欢迎市民提出意见和建议。",
	     "zh"},
	    {"В Пекине открылась новая линия метро",
	     "Сегодня утром в Пекине открылась северная часть девятнадцатой "
	     "линии метро. Жители сэкономят двадцать минут.",
	     "Линия длиной около двадцати двух километров имеет десять "
	     "станций, "
	     "пять из них пересадочные.",
	     "Поезда с новой системой управления идут со скоростью до ста "
	     "километров в час, в часы пик каждые четыре минуты.",
	     "Оператор обещает следить за пассажиропотоком и менять "
	     "расписание, "
	     "если это понадобится пассажирам.",
	     "ru"},
	};
	for (size_t k = 0; k < sizeof pages / sizeof *pages; k++) {
		buf_t html = BUF_INIT;
		buf_adds(&html, "<html lang=\"");
		buf_adds(&html, pages[k][5]);
		buf_adds(&html, "\"><head><meta charset=\"utf-8\"><title>");
		buf_adds(&html, pages[k][0]);
		buf_adds(&html, " - News</title></head><body><nav><a "
		                "href=\"/\">Home</a> <a href=\"/n\">News</a>"
		                "</nav><div><h1>");
		buf_adds(&html, pages[k][0]);
		buf_adds(&html, "</h1>");
		for (int p = 1; p <= 4; p++) {
			buf_adds(&html, "<p>");
			buf_adds(&html, pages[k][p]);
			buf_adds(&html, "</p>");
		}
		buf_adds(&html, "</div><footer><p>(c) News</p></footer>"
		                "</body></html>");
		json_t *doc = parse(html.data);
		const char *text =
		    json_string_value(json_object_get(doc, "text"));
		for (int p = 0; p <= 4; p++)
			if (!strstr(text, pages[k][p]))
				fail_msg("%s: lost \"%s\"", pages[k][5],
				         pages[k][p]);
		assert_null(strstr(text, "Home"));
		json_decref(doc);
		buf_free(&html);
	}
}

/* The page's own title: the <title> part that matches the page's heading
 * (its <h1>, else its first h2 or h3), the heading itself when it says
 * more; a colon or a bracket parts a title only when a part matches the
 * heading; else the longest part. */
static void test_titles(void **state)
{
	(void)state;
	static const char *const cases[][3] = {
	    /* <title>, heading markup, title */
	    {"GDBusMenuModel: GIO Reference Manual",
	     "<h2><span><a name=\"top\"></a>GDBusMenuModel</span></h2>",
	     "GDBusMenuModel"},
	    {"Assert (JUnit API)", "<h2 class=\"title\">Class Assert</h2>",
	     "Class Assert"},
	    {"Actions (Lexical Analysis With Flex)", "<h2>8 Actions</h2>",
	     "8 Actions"},
	    {"Installing \xE2\x80\x94 Netkit 2.4 documentation",
	     "<h1>Installing<a class=\"headerlink\" href=\"#i\">"
	     "\xC2\xB6</a></h1>",
	     "Installing"},
	    {"Review: the new phone is fast", "",
	     "Review: the new phone is fast"},
	    /* the heading's last words: a kind before the name */
	    {"FromDataPoints (JUnit API)",
	     "<h2 class=\"title\">Annotation Type FromDataPoints</h2>",
	     "Annotation Type FromDataPoints"},
	    /* a class "title" is a heading; the box inside it is not */
	    {"Netkit: Netkit::Retry Class Reference",
	     "<div class=\"title\">Netkit::Retry Class Reference<div "
	     "class=\"ingroups\"><a href=\"g.html\">C++ API</a></div></div>",
	     "Netkit::Retry Class Reference"},
	    /* a no-break space in <title> reads as a space */
	    {"Chapter\xC2\xA0"
	     "1.\xC2\xA0"
	     "Getting started",
	     "<h1>Chapter 1. Getting started</h1>",
	     "Chapter 1. Getting started"},
	    {"Site Name - A much longer headline here", "",
	     "A much longer headline here"},
	};
	for (size_t k = 0; k < sizeof cases / sizeof *cases; k++) {
		buf_t html = BUF_INIT;
		buf_adds(&html, "<html><head><title>");
		buf_adds(&html, cases[k][0]);
		buf_adds(&html, "</title></head><body><main>");
		buf_adds(&html, cases[k][1]);
		buf_adds(&html, "<p>Some text of the page, long enough to be "
		                "read as its main text by any measure.</p>"
		                "</main></body></html>");
		json_t *doc = parse(html.data);
		assert_string_equal(
		    json_string_value(json_object_get(doc, "title")),
		    cases[k][2]);
		json_decref(doc);
		buf_free(&html);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_kinds_code_rows_headings),
	    cmocka_unit_test(test_heading_permalinks),
	    cmocka_unit_test(test_markdown_output),
	    cmocka_unit_test(test_markdown_escapes),
	    cmocka_unit_test(test_lengths_across_scripts),
	    cmocka_unit_test(test_titles),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
