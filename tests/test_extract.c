/*
 * test_extract.c - main-content extraction and metadata on fixture pages.
 *
 * The fixtures in fixtures/extract/ were written for these tests; each
 * assertion names text a reader sees as the article (must be content) or as
 * page furniture (must be boilerplate), decided by reading the page.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "parse/parse.h"

static char *read_fixture(const char *name, size_t *len)
{
	const char *dir = getenv("CQA_FIXTURES");
	char path[4096];
	snprintf(path, sizeof path, "%s/%s", dir ? dir : "tests/fixtures",
	         name);
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	long n = ftell(f);
	fseek(f, 0, SEEK_SET);
	char *data = malloc((size_t)n + 1);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	*len = (size_t)n;
	return data;
}

static json_t *parse_bytes(const char *bytes, size_t len, const char *ctype)
{
	parse_options o;
	parse_options_default(&o);
	parse_page_info info = {.url = "https://example.test/page",
	                        .content_type = ctype};
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_html_document(&o, bytes, len, &info, &err);
	assert_non_null(doc);
	return doc;
}

static json_t *parse_fixture(const char *name)
{
	size_t len;
	char *data = read_fixture(name, &len);
	json_t *doc = parse_bytes(data, len, NULL);
	free(data);
	return doc;
}

/* Does the JSON text of v contain needle? */
static int dump_has(json_t *v, const char *needle)
{
	char *dump = json_dumps(v, 0);
	int found = strstr(dump, needle) != NULL;
	free(dump);
	return found;
}

static const char *str(json_t *doc, const char *key)
{
	return json_string_value(json_object_get(doc, key));
}

/* The label of the block whose text contains needle; fails if none. */
static const char *label_of(json_t *doc, const char *needle)
{
	json_t *blocks = json_object_get(doc, "blocks");
	size_t i;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (strstr(str(b, "text"), needle))
			return str(b, "label");
	}
	fail_msg("no block contains \"%s\"", needle);
	return NULL;
}

static void test_news_article_text(void **state)
{
	(void)state;
	json_t *doc = parse_fixture("extract/news.html");
	const char *text = str(doc, "text");
	static const char *const article[] = {
	    "Why Rivers Change Course",
	    "Every river is a compromise between the water",
	    "Geologists call the slow sideways drift",
	    "Sudden jumps",
	    "a process known as avulsion",
	    "Meandering moves a channel a few metres a year.",
	    "Avulsion can move it many kilometres in a day.",
	    "A meander bend cutting into its outer bank.",
	    "Engineers now try to work with these forces",
	};
	for (size_t i = 0; i < sizeof article / sizeof *article; i++) {
		if (!strstr(text, article[i]))
			fail_msg("article text lacks \"%s\"", article[i]);
		assert_string_equal(label_of(doc, article[i]), "content");
	}
	static const char *const furniture[] = {
	    "Science",
	    "Home",
	    "Related articles",
	    "How deltas grow and shrink",
	    "Great piece, I grew up next to a river",
	    "We use cookies",
	    "All rights reserved",
	    "Share:",
	};
	for (size_t i = 0; i < sizeof furniture / sizeof *furniture; i++) {
		if (strstr(text, furniture[i]))
			fail_msg("article text holds \"%s\"", furniture[i]);
		assert_string_equal(label_of(doc, furniture[i]), "boilerplate");
	}
	/* Hidden text is no block at all. */
	assert_false(dump_has(json_object_get(doc, "blocks"), "never shown"));
	json_decref(doc);
}

/* A page rendered by scripts: its text is only in JSON-LD articleBody. */
static void test_article_body_fallback(void **state)
{
	(void)state;
	json_t *doc = parse_fixture("extract/script-rendered.html");
	const char *text = str(doc, "text");
	assert_non_null(strstr(text, "The council approved the new budget"));
	assert_non_null(strstr(text, "northern districts."));
	assert_null(strstr(text, "Loading"));
	assert_string_equal(label_of(doc, "Loading"), "boilerplate");
	/* One block a paragraph of the body, named for where it came from. */
	json_t *blocks = json_object_get(doc, "blocks");
	size_t i, from_body = 0;
	json_t *b;
	json_array_foreach(blocks, i, b)
	{
		if (!strcmp(str(b, "path"), "script/articleBody")) {
			from_body++;
			assert_string_equal(str(b, "label"), "content");
		}
	}
	assert_int_equal(from_body, 2);
	json_decref(doc);
}

/* --comments keeps readers' comments, after the article; by default they
 * are furniture. */
static void test_keep_comments(void **state)
{
	(void)state;
	size_t len;
	char *data = read_fixture("extract/news.html", &len);
	parse_options o;
	parse_options_default(&o);
	o.explain = 1;
	parse_page_info info = {.url = "https://example.test/page"};
	cqa_error err;
	cqa_error_clear(&err);
	json_t *plain = parse_html_document(&o, data, len, &info, &err);
	o.keep_comments = 1;
	json_t *kept = parse_html_document(&o, data, len, &info, &err);
	free(data);
	assert_non_null(plain);
	assert_non_null(kept);
	const char *comment = "Great piece, I grew up next to a river";
	assert_string_equal(label_of(plain, comment), "boilerplate");
	assert_string_equal(label_of(kept, comment), "content");
	assert_non_null(strstr(str(kept, "text"), comment));
	/* The article is the same either way, and still first. */
	const char *body = "Every river is a compromise between the water";
	assert_string_equal(label_of(kept, body), "content");
	assert_true(strstr(str(kept, "text"), body) <
	            strstr(str(kept, "text"), comment));
	/* Furniture around the comments stays furniture. */
	assert_string_equal(label_of(kept, "We use cookies"), "boilerplate");
	json_decref(plain);
	json_decref(kept);
}

static void test_news_blocks_fields(void **state)
{
	(void)state;
	json_t *doc = parse_fixture("extract/news.html");
	json_t *blocks = json_object_get(doc, "blocks");
	size_t i;
	json_t *b;
	int seen = 0;
	json_array_foreach(blocks, i, b)
	{
		if (!strcmp(str(b, "text"), "News")) {
			/* "News" is 4 characters, all of them link text. */
			assert_int_equal(
			    json_integer_value(json_object_get(b, "chars")), 4);
			assert_int_equal(json_integer_value(
			                     json_object_get(b, "link_chars")),
			                 4);
			assert_string_equal(
			    str(b, "path"),
			    "html/body.single-post/header.site-header/"
			    "nav.main-nav/ul/li");
			seen = 1;
		}
	}
	assert_true(seen);
	json_decref(doc);
}

static void test_news_metadata(void **state)
{
	(void)state;
	json_t *doc = parse_fixture("extract/news.html");
	assert_string_equal(str(doc, "title"), "Why Rivers Change Course");
	assert_string_equal(str(doc, "lang"), "en-GB");
	assert_string_equal(
	    str(doc, "description"),
	    "Rivers wander across their flood plains; here is why.");
	assert_string_equal(
	    str(doc, "canonical"),
	    "https://gazette.example/science/rivers-change-course");
	assert_string_equal(str(doc, "author"), "Mara Quist");
	assert_string_equal(str(doc, "published"), "2025-04-02T08:30:00Z");
	assert_string_equal(str(doc, "charset"), "UTF-8");
	assert_false(json_is_true(json_object_get(doc, "noindex")));
	json_decref(doc);
}

static void test_meta_charset_windows_1252(void **state)
{
	(void)state;
	json_t *doc = parse_fixture("extract/latin1.html");
	/* iso-8859-1 is read as windows-1252, as browsers do: 0x93/0x94 are
	 * curly quotes there, 0xE9 is é. */
	assert_string_equal(str(doc, "charset"), "WINDOWS-1252");
	assert_string_equal(str(doc, "title"), "Caf\xc3\xa9 notes");
	assert_non_null(strstr(str(doc, "text"),
	                       "The caf\xc3\xa9 on the corner serves "
	                       "\xe2\x80\x9cproper\xe2\x80\x9d coffee"));
	assert_non_null(
	    strstr(str(doc, "text"), "cr\xc3\xa8me br\xc3\xbbl\xc3\xa9"));
	json_decref(doc);
}

static void test_http_charset_and_bom(void **state)
{
	(void)state;
	/* The HTTP header beats an absent meta: KOI8-R 0xF0 0xD2 0xC9 = "При".
	 */
	static const char koi8[] =
	    "<html><body><p>\xf0\xd2\xc9</p></body></html>";
	json_t *doc =
	    parse_bytes(koi8, sizeof koi8 - 1, "text/html; charset=KOI8-R");
	assert_string_equal(str(doc, "charset"), "KOI8-R");
	assert_true(dump_has(doc, "\xd0\x9f\xd1\x80\xd0\xb8"));
	json_decref(doc);
	/* A UTF-8 byte order mark beats a wrong header. */
	static const char bom[] =
	    "\xef\xbb\xbf<html><body><p>na\xc3\xafve</p></body></html>";
	doc = parse_bytes(bom, sizeof bom - 1, "text/html; charset=iso-8859-1");
	assert_string_equal(str(doc, "charset"), "UTF-8");
	assert_true(dump_has(doc, "na\xc3\xafve"));
	json_decref(doc);
}

static void test_invalid_utf8_never_ends_document(void **state)
{
	(void)state;
	/* Declared UTF-8, with a stray 0xFF in the middle of the text. */
	static const char bad[] =
	    "<html><head><meta charset=\"utf-8\"></head><body><p>before "
	    "\xff after</p></body></html>";
	json_t *doc = parse_bytes(bad, sizeof bad - 1, NULL);
	char *dump = json_dumps(doc, 0);
	/* U+FFFD stands where the bad byte was, and the rest survives. */
	assert_non_null(strstr(dump, "before \xef\xbf\xbd after"));
	free(dump);
	json_decref(doc);
}

/* A page cut inside a multi-byte character (a size cap, a short read) is
 * repaired too: what reaches the JSON is valid UTF-8 (found by fuzzing). */
static void test_cut_utf8_sequence_at_the_end(void **state)
{
	(void)state;
	static const char cut[] = "<p>caf\xc3\xa9 \xed";
	json_t *doc =
	    parse_bytes(cut, sizeof cut - 1, "text/html; charset=utf-8");
	char *dump = json_dumps(doc, JSON_COMPACT);
	assert_non_null(dump); /* jansson refuses invalid UTF-8 */
	assert_non_null(strstr(dump, "caf\xc3\xa9 \xef\xbf\xbd"));
	free(dump);
	json_decref(doc);
}

static void test_noindex_and_title_cleaning(void **state)
{
	(void)state;
	static const char page[] =
	    "<html><head><title>Site Name - A much longer headline here</title>"
	    "<meta name=\"robots\" content=\"noindex,nofollow\"></head>"
	    "<body><p>x</p></body></html>";
	json_t *doc = parse_bytes(page, sizeof page - 1, NULL);
	assert_true(json_is_true(json_object_get(doc, "noindex")));
	assert_string_equal(str(doc, "title"), "A much longer headline here");
	json_decref(doc);
}

static void test_deep_nesting_is_bounded(void **state)
{
	(void)state;
	/* 100k nested <div>s: a document, not a crash or a stack overflow. */
	size_t depth = 100000;
	char *page = malloc(depth * 11 + 64);
	size_t n = 0;
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(page + n, "<div>");
	n += (size_t)sprintf(page + n, "deep text");
	for (size_t i = 0; i < depth; i++)
		n += (size_t)sprintf(page + n, "</div>");
	json_t *doc = parse_bytes(page, n, NULL);
	/* libxml2 alone stops at depth 256 and drops the rest; cqa lifts
	 * that limit, so the text at the bottom survives. */
	assert_string_equal(str(doc, "text"), "deep text");
	json_decref(doc);
	free(page);
}

/* A 100 MB page is cut at the page limit (here 1 MiB, to keep the test
 * quick), with the text before the cut kept. */
static void test_huge_page_is_cut(void **state)
{
	(void)state;
	size_t size = 100u << 20;
	char *page = malloc(size + 1);
	static const char head[] = "<html><body><p>";
	memcpy(page, head, sizeof head - 1);
	for (size_t i = sizeof head - 1; i < size; i += 5)
		memcpy(page + i, "word ", size - i < 5 ? size - i : 5);
	page[size] = '\0';
	parse_options o;
	parse_options_default(&o);
	o.max_page_bytes = 1u << 20;
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_html_document(&o, page, size, NULL, &err);
	assert_non_null(doc);
	const char *text = str(doc, "text");
	/* 1 MiB less the 15-byte head, five bytes a word. */
	assert_in_range(strlen(text), (1u << 20) - 32, 1u << 20);
	assert_memory_equal(text, "word word", 9);
	json_decref(doc);
	free(page);
}

static void test_binary_junk(void **state)
{
	(void)state;
	unsigned char junk[4096];
	uint32_t x = 12345;
	for (size_t i = 0; i < sizeof junk; i++) {
		x = x * 1103515245u + 12345u;
		junk[i] = (unsigned char)(x >> 16);
	}
	parse_options o;
	parse_options_default(&o);
	cqa_error err;
	cqa_error_clear(&err);
	json_t *doc = parse_html_document(&o, (const char *)junk, sizeof junk,
	                                  NULL, &err);
	/* Either a (mostly empty) document or a clean error. */
	if (doc)
		assert_true(json_is_string(json_object_get(doc, "text")));
	else
		assert_int_equal(err.code, CQA_ERR_FORMAT);
	json_decref(doc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_news_article_text),
	    cmocka_unit_test(test_news_blocks_fields),
	    cmocka_unit_test(test_article_body_fallback),
	    cmocka_unit_test(test_keep_comments),
	    cmocka_unit_test(test_news_metadata),
	    cmocka_unit_test(test_meta_charset_windows_1252),
	    cmocka_unit_test(test_http_charset_and_bom),
	    cmocka_unit_test(test_invalid_utf8_never_ends_document),
	    cmocka_unit_test(test_cut_utf8_sequence_at_the_end),
	    cmocka_unit_test(test_noindex_and_title_cleaning),
	    cmocka_unit_test(test_deep_nesting_is_bounded),
	    cmocka_unit_test(test_huge_page_is_cut),
	    cmocka_unit_test(test_binary_junk),
	};
	parse_global_init();
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	parse_global_cleanup();
	return failed;
}
