/*
 * test_jsonl.c - the JSON lines writer and reader.
 *
 * Expected texts are written out by hand from RFC 8259: which characters a
 * string must escape, how numbers look.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "common/jsonl.h"

static void expect(json_t *v, const char *want)
{
	buf_t out = BUF_INIT;
	jsonl_serialize(v, &out);
	assert_string_equal(buf_cstr(&out), want);
	/* And jansson reads back the same value. */
	json_t *back =
	    json_loads(buf_cstr(&out), JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
	assert_non_null(back);
	assert_true(json_equal(back, v));
	json_decref(back);
	buf_free(&out);
	json_decref(v);
}

static void test_strings_escape_only_what_they_must(void **state)
{
	(void)state;
	/* Quote, backslash and control characters are escaped; UTF-8 and
	 * the slash are written as they are. */
	expect(json_string("say \"hi\" \\ a/b"), "\"say \\\"hi\\\" \\\\ a/b\"");
	expect(json_string("tab\there\nnew\rcr\b\f"),
	       "\"tab\\there\\nnew\\rcr\\b\\f\"");
	expect(json_string("\x01\x1f"), "\"\\u0001\\u001f\"");
	expect(json_string("caf\xc3\xa9 \xe2\x80\x94 \xe4\xb8\xad"),
	       "\"caf\xc3\xa9 \xe2\x80\x94 \xe4\xb8\xad\"");
	expect(json_stringn("a\0b", 3), "\"a\\u0000b\"");
}

static void test_numbers_and_literals(void **state)
{
	(void)state;
	expect(json_integer(-42), "-42");
	expect(json_real(0.4), "0.4");
	expect(json_real(2.0), "2.0");
	expect(json_real(5.67), "5.67");
	expect(json_real(1e21), "1e+21");
	expect(json_true(), "true");
	expect(json_false(), "false");
	expect(json_null(), "null");
}

static void test_objects_keep_insertion_order(void **state)
{
	(void)state;
	json_t *o = json_object();
	json_object_set_new(o, "type", json_string("page"));
	json_object_set_new(o, "b", json_integer(1));
	json_object_set_new(o, "a", json_array());
	json_array_append_new(json_object_get(o, "a"), json_integer(1));
	json_array_append_new(json_object_get(o, "a"), json_null());
	expect(o, "{\"type\":\"page\",\"b\":1,\"a\":[1,null]}");
}

static void test_reader_reports_file_and_line(void **state)
{
	(void)state;
	static const char text[] = "{\"a\":1}\n\n{\"b\":\n";
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "in.jsonl");
	json_t *obj;
	cqa_error err;
	assert_int_equal(jsonl_reader_next(&r, &obj, &err), 1);
	assert_int_equal(json_integer_value(json_object_get(obj, "a")), 1);
	json_decref(obj);
	/* The blank line is skipped; the broken one is line 3. */
	assert_int_equal(jsonl_reader_next(&r, &obj, &err), -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_memory_equal(err.msg, "in.jsonl:3:", 11);
	jsonl_reader_free(&r);
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings_escape_only_what_they_must),
	    cmocka_unit_test(test_numbers_and_literals),
	    cmocka_unit_test(test_objects_keep_insertion_order),
	    cmocka_unit_test(test_reader_reports_file_and_line),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
