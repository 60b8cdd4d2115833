/*
 * test_docline.c - the docs.jsonl line parser (analyze/docline.h).
 *
 * Data-driven: each line is parsed, and jansson, the reader it stands in
 * for, reads it too.  Both must agree on whether the line is a JSON
 * object, and when it is, on every value the analyzer uses; the cases
 * name what they expect besides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/docline.h"

typedef struct line_case {
	const char *name;
	const char *line;
	int want; /* DOCLINE_OK, DOCLINE_INVALID, DOCLINE_NOT_OBJECT */
} line_case;

static const line_case cases[] = {
    /* objects */
    {"empty object", "{}", DOCLINE_OK},
    {"white space around", " \t{ \"url\" : \"u\" }\t ", DOCLINE_OK},
    {"every field",
     "{\"url\":\"http://a/\",\"final_url\":\"http://a/b\",\"status\":200,"
     "\"lang\":\"en\",\"title\":\"T\",\"text\":\"One.\\n\\nTwo.\","
     "\"blocks\":[{\"label\":\"content\",\"path\":\"html/body/p\","
     "\"kind\":\"paragraph\",\"text\":\"One.\",\"chars\":4,"
     "\"link_chars\":0,\"line\":3}]}",
     DOCLINE_OK},
    {"fields skipped, nested",
     "{\"x\":{\"y\":[1,2,{\"z\":null}],\"w\":true},\"text\":\"a\","
     "\"v\":[[],{}],\"f\":false,\"n\":-0.5e+3}",
     DOCLINE_OK},
    {"escapes",
     "{\"text\":\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t \\u00e9 "
     "\\ud83d\\ude00 \\u20AC\"}",
     DOCLINE_OK},
    {"raw UTF-8", "{\"text\":\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\"}",
     DOCLINE_OK},
    {"last key wins",
     "{\"text\":\"a\",\"text\":\"b\",\"url\":\"u\","
     "\"url\":5}",
     DOCLINE_OK},
    {"blocks then not blocks",
     "{\"blocks\":[{\"label\":\"c\"}],"
     "\"blocks\":7}",
     DOCLINE_OK},
    {"blocks that are not objects",
     "{\"blocks\":[1,{\"label\":\"content\",\"text\":\"x\"},null,[],"
     "\"s\",{\"chars\":2.5}]}",
     DOCLINE_OK},
    {"numbers of every form",
     "{\"status\":200.0,\"a\":-0,\"b\":1e-400,\"c\":123456789012345678,"
     "\"d\":-9223372036854775808,\"e\":0.1E2}",
     DOCLINE_OK},
    {"status a string", "{\"status\":\"200\"}", DOCLINE_OK},
    {"empty key", "{\"\":1,\"text\":\"\"}", DOCLINE_OK},
    /* not an object */
    {"array", "[1,2]", DOCLINE_NOT_OBJECT},
    {"array of objects", "[{}]", DOCLINE_NOT_OBJECT},
    /* not JSON (at the top only an array or an object, as jansson) */
    {"string", "\"text\"", DOCLINE_INVALID},
    {"number", "42", DOCLINE_INVALID},
    {"null", "null", DOCLINE_INVALID},
    /* not JSON */
    {"trailing comma", "{\"a\":1,}", DOCLINE_INVALID},
    {"no colon", "{\"a\" 1}", DOCLINE_INVALID},
    {"unquoted key", "{a:1}", DOCLINE_INVALID},
    {"unterminated string", "{\"text\":\"abc}", DOCLINE_INVALID},
    {"unclosed object", "{\"a\":1", DOCLINE_INVALID},
    {"unclosed array", "{\"a\":[1,2}", DOCLINE_INVALID},
    {"bad escape", "{\"text\":\"\\x41\"}", DOCLINE_INVALID},
    {"short \\u", "{\"text\":\"\\u12\"}", DOCLINE_INVALID},
    {"\\u0000", "{\"text\":\"a\\u0000b\"}", DOCLINE_INVALID},
    {"lone high surrogate", "{\"text\":\"\\ud800\"}", DOCLINE_INVALID},
    {"lone low surrogate", "{\"text\":\"\\udc00\"}", DOCLINE_INVALID},
    {"surrogates reversed", "{\"text\":\"\\udc00\\ud800\"}", DOCLINE_INVALID},
    {"invalid byte", "{\"text\":\"a\xFF\"}", DOCLINE_INVALID},
    {"overlong NUL", "{\"text\":\"\xC0\x80\"}", DOCLINE_INVALID},
    {"overlong slash", "{\"text\":\"\xE0\x80\xAF\"}", DOCLINE_INVALID},
    {"encoded surrogate", "{\"text\":\"\xED\xA0\x80\"}", DOCLINE_INVALID},
    {"past U+10FFFF", "{\"text\":\"\xF4\x90\x80\x80\"}", DOCLINE_INVALID},
    {"cut sequence", "{\"text\":\"\xE2\x82\"}", DOCLINE_INVALID},
    {"raw tab in a string", "{\"text\":\"a\tb\"}", DOCLINE_INVALID},
    {"invalid UTF-8 in a key", "{\"k\xFF\":1}", DOCLINE_INVALID},
    {"invalid UTF-8 skipped", "{\"x\":[\"\xFF\"]}", DOCLINE_INVALID},
    {"leading zero", "{\"status\":0200}", DOCLINE_INVALID},
    {"minus alone", "{\"a\":-}", DOCLINE_INVALID},
    {"no fraction digits", "{\"a\":1.}", DOCLINE_INVALID},
    {"no exponent digits", "{\"a\":1e}", DOCLINE_INVALID},
    {"plus sign", "{\"a\":+1}", DOCLINE_INVALID},
    {"integer too big", "{\"a\":9223372036854775808}", DOCLINE_INVALID},
    {"integer too small", "{\"a\":-9223372036854775809}", DOCLINE_INVALID},
    {"real overflow", "{\"a\":1e999}", DOCLINE_INVALID},
    {"bad literal", "{\"a\":tru}", DOCLINE_INVALID},
    {"literal run on", "{\"a\":nullx}", DOCLINE_INVALID},
    {"garbage after", "{\"a\":1} x", DOCLINE_INVALID},
    {"two objects", "{}{}", DOCLINE_INVALID},
    {"form feed", "\f{}", DOCLINE_INVALID},
    {"single quotes", "{'a':1}", DOCLINE_INVALID},
};
enum { N_CASES = sizeof cases / sizeof cases[0] };

/* jansson's reading of the line: DOCLINE_* and, for an object, the view
 * of it (strings borrowed from *out, which the caller frees). */
static int jansson_reads(const char *line, doc_view *v, json_t **out)
{
	json_error_t je;
	*out = json_loads(line, 0, &je);
	if (!*out)
		return DOCLINE_INVALID;
	if (!json_is_object(*out))
		return DOCLINE_NOT_OBJECT;
	doc_view_from_json(v, *out);
	return DOCLINE_OK;
}

static void test_line(void **state)
{
	const line_case *c = *state;
	doc_view mine, theirs;
	doc_view_init(&mine);
	doc_view_init(&theirs);
	const char *why = NULL;
	size_t column = 0;
	int got =
	    doc_view_parse(&mine, c->line, strlen(c->line), &why, &column);
	json_t *j;
	int ref = jansson_reads(c->line, &theirs, &j);
	if (got != c->want || ref != c->want)
		fail_msg("%s: parser %d, jansson %d, expected %d (%s)", c->name,
		         got, ref, c->want, why ? why : "");
	if (got == DOCLINE_INVALID) {
		assert_non_null(why);
		assert_true(column >= 1 && column <= strlen(c->line) + 1);
	}
	if (got == DOCLINE_OK && !doc_view_same(&mine, &theirs))
		fail_msg("%s: the values differ from jansson's", c->name);
	json_decref(j);
	doc_view_free(&mine);
	doc_view_free(&theirs);
}

/* The values themselves, on lines of the table. */
static void test_values(void **state)
{
	(void)state;
	doc_view v;
	doc_view_init(&v);
	assert_int_equal(doc_view_parse(&v, cases[2].line,
	                                strlen(cases[2].line), NULL, NULL),
	                 DOCLINE_OK);
	assert_string_equal(v.url, "http://a/");
	assert_string_equal(v.final_url, "http://a/b");
	assert_string_equal(v.lang, "en");
	assert_string_equal(v.title, "T");
	assert_int_equal(v.text_len, 10);
	assert_memory_equal(v.text, "One.\n\nTwo.", 11);
	assert_int_equal(v.status.kind, DOC_NUM_INT);
	assert_int_equal(doc_num_int(&v.status, 0), 200);
	assert_int_equal(v.has_blocks, 1);
	assert_int_equal(v.blocks.n, 1);
	assert_string_equal(v.blocks.b[0].label, "content");
	assert_string_equal(v.blocks.b[0].path, "html/body/p");
	assert_string_equal(v.blocks.b[0].kind, "paragraph");
	assert_string_equal(v.blocks.b[0].text, "One.");
	assert_int_equal(doc_num_int(&v.blocks.b[0].chars, -1), 4);
	assert_int_equal(doc_num_int(&v.blocks.b[0].link_chars, -1), 0);

	/* escapes: 2 + 3 + 3 + 6 (\b\f\n\r\t and a space) + 3 (é) + 5
	 * (U+1F600 and a space) + 3 (€) bytes */
	assert_int_equal(doc_view_parse(&v, cases[4].line,
	                                strlen(cases[4].line), NULL, NULL),
	                 DOCLINE_OK);
	static const char esc[] = "q\" b\\ s/ \b\f\n\r\t \xC3\xA9 "
	                          "\xF0\x9F\x98\x80 \xE2\x82\xAC";
	assert_int_equal(v.text_len, sizeof esc - 1);
	assert_memory_equal(v.text, esc, sizeof esc);

	/* the last "text" counts; a "url" that is not a string is none */
	assert_int_equal(doc_view_parse(&v, cases[6].line,
	                                strlen(cases[6].line), NULL, NULL),
	                 DOCLINE_OK);
	assert_string_equal(v.text, "b");
	assert_null(v.url);
	/* "blocks" last a number: no blocks */
	doc_view_parse(&v, cases[7].line, strlen(cases[7].line), NULL, NULL);
	assert_int_equal(v.has_blocks, 0);
	/* of six elements, the two objects */
	doc_view_parse(&v, cases[8].line, strlen(cases[8].line), NULL, NULL);
	assert_int_equal(v.blocks.n, 2);
	assert_string_equal(v.blocks.b[0].text, "x");
	assert_int_equal(v.blocks.b[1].chars.kind, DOC_NUM_REAL);
	assert_int_equal(doc_num_int(&v.blocks.b[1].chars, -1), 2);
	/* a real status is cut to an integer; a string one is none */
	doc_view_parse(&v, cases[9].line, strlen(cases[9].line), NULL, NULL);
	assert_int_equal(v.status.kind, DOC_NUM_REAL);
	assert_int_equal(doc_num_int(&v.status, 0), 200);
	doc_view_parse(&v, cases[10].line, strlen(cases[10].line), NULL, NULL);
	assert_int_equal(v.status.kind, DOC_NUM_NONE);
	assert_int_equal(doc_num_int(&v.status, 7), 7);
	doc_view_free(&v);
}

/* Nesting: jansson stops at 2048 levels, and so does the parser. */
static void test_depth(void **state)
{
	(void)state;
	for (int levels = 2047; levels <= 2048; levels++) {
		char *line = malloc((size_t)(2 * levels + 10));
		size_t n = 0;
		n += (size_t)sprintf(line, "{\"a\":");
		for (int i = 0; i < levels; i++)
			line[n++] = '[';
		for (int i = 0; i < levels; i++)
			line[n++] = ']';
		line[n++] = '}';
		line[n] = '\0';
		doc_view v, ref;
		doc_view_init(&v);
		doc_view_init(&ref);
		json_t *j;
		int want = jansson_reads(line, &ref, &j);
		assert_int_equal(want,
		                 levels == 2047 ? DOCLINE_OK : DOCLINE_INVALID);
		assert_int_equal(doc_view_parse(&v, line, n, NULL, NULL), want);
		json_decref(j);
		doc_view_free(&v);
		doc_view_free(&ref);
		free(line);
	}
}

int main(void)
{
	struct CMUnitTest tests[N_CASES + 2];
	for (size_t i = 0; i < N_CASES; i++)
		tests[i] = (struct CMUnitTest){cases[i].name, test_line, NULL,
		                               NULL, (void *)&cases[i]};
	tests[N_CASES] = (struct CMUnitTest)cmocka_unit_test(test_values);
	tests[N_CASES + 1] = (struct CMUnitTest)cmocka_unit_test(test_depth);
	return _cmocka_run_group_tests("docline", tests, N_CASES + 2, NULL,
	                               NULL);
}
