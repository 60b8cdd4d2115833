/*
 * test_jsonl.c - the JSON lines writer and reader.
 *
 * Expected texts are written out by hand from RFC 8259: which characters a
 * string must escape, how numbers look.
 */
#include <math.h>
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

/* Numbers are written as printf writes them ("%lld", "%.15g" and ".0"
 * for a whole real), whichever way the serialiser takes: scores and
 * shares rounded to 2 and 4 decimals, whole numbers, and the numbers
 * around them that take printf's own way (more decimals, 10^9 and more,
 * below 10^-4, zero of either sign), each of either sign. */
static void expect_as_printf(json_t *v)
{
	char want[64];
	if (json_is_integer(v)) {
		snprintf(want, sizeof want, "%lld",
		         (long long)json_integer_value(v));
	} else {
		snprintf(want, sizeof want, "%.15g", json_real_value(v));
		if (!strpbrk(want, ".eEn"))
			strcat(want, ".0");
	}
	/* not expect(): 15 digits do not read back every double */
	buf_t out = BUF_INIT;
	jsonl_serialize(v, &out);
	assert_string_equal(buf_cstr(&out), want);
	buf_free(&out);
	json_decref(v);
}

static void test_numbers_as_printf(void **state)
{
	(void)state;
	static const double fixed[] = {
	    0.0,       -0.0,    1e-4,           5e-5, 0.00015, 0.5,
	    30.06,     1.0005,  999999999.9999, 1e9,  1e9 - 1, 123456789.1234,
	    0.1 + 0.2, 1.0 / 3, 1e15,           1e21, 1e300,   5e-324,
	    2.0,       100.25};
	for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) {
		expect_as_printf(json_real(fixed[i]));
		expect_as_printf(json_real(-fixed[i]));
	}
	static const long long ints[] = {0,
	                                 1,
	                                 -1,
	                                 9,
	                                 10,
	                                 1234567890123LL,
	                                 9223372036854775807LL,
	                                 -9223372036854775807LL - 1};
	for (size_t i = 0; i < sizeof ints / sizeof *ints; i++)
		expect_as_printf(json_integer(ints[i]));
	uint64_t r = 88172645463325252u;
	for (int k = 0; k < 20000; k++) {
		r ^= r << 13;
		r ^= r >> 7;
		r ^= r << 17;
		double x = (double)(r % 2000000000) / 1000.0 - 1e6;
		double scale = k % 3 == 0 ? 100 : k % 3 == 1 ? 1e4 : 1e6;
		expect_as_printf(json_real(round(x * scale) / scale + 0.0));
		expect_as_printf(
		    json_integer((long long)(r >> 1) - (1LL << 62)));
	}
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

/* The reader's tests run twice: through jsonl_reader_next(), and through
 * jsonl_reader_line() with jansson reading each line and
 * jsonl_reader_bad_line() wording its errors, as a caller with its own
 * parser uses them (cqa-analyze).  Both must give the same results. */
typedef int (*reader_fn)(jsonl_reader *r, json_t **out, cqa_error *err);

static int next_by_line(jsonl_reader *r, json_t **out, cqa_error *err)
{
	buf_t line = BUF_INIT;
	*out = NULL;
	int got = jsonl_reader_line(r, &line, err);
	if (got == 1) {
		assert_int_equal(strlen(line.data), line.len);
		json_error_t je;
		*out = json_loadb(line.data, line.len, 0, &je);
		if (!*out) {
			got = jsonl_reader_bad_line(r, 0, je.text,
			                            (size_t)je.column, err);
		} else if (!json_is_object(*out)) {
			json_decref(*out);
			*out = NULL;
			got = jsonl_reader_bad_line(r, 1, NULL, 0, err);
		}
	}
	buf_free(&line);
	return got;
}

static const reader_fn by_next = jsonl_reader_next, by_line = next_by_line;

static void test_reader_reports_file_and_line(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	static const char text[] = "{\"a\":1}\n\n{\"b\":\n";
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "in.jsonl");
	json_t *obj;
	cqa_error err;
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(json_integer_value(json_object_get(obj, "a")), 1);
	json_decref(obj);
	/* The blank line is skipped; the broken one is line 3. */
	assert_int_equal(next(&r, &obj, &err), -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_memory_equal(err.msg, "in.jsonl:3:", 11);
	jsonl_reader_free(&r);
	fclose(f);
}

/* A NUL byte does not end a line: lines are counted by '\n' alone, the
 * line that holds one is malformed, and the lines after it keep their
 * numbers. */
static void test_reader_nul_byte_is_malformed_line(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	static const char text[] = "{\"a\":1}\n"
	                           "{\"b\":\0 2}\n"
	                           "\0\n"
	                           "{\"c\":3}\n";
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "in.jsonl");
	json_t *obj;
	cqa_error err;
	assert_int_equal(next(&r, &obj, &err), 1);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	/* {"b": is five bytes: the NUL is the sixth */
	assert_string_equal(err.msg, "in.jsonl:2: NUL byte at column 6: not a "
	                             "JSON line (binary data, or a damaged "
	                             "file?)");
	assert_int_equal(next(&r, &obj, &err), -1);
	assert_memory_equal(err.msg, "in.jsonl:3: NUL byte at column 1:", 33);
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(r.lineno, 4);
	assert_int_equal(json_integer_value(json_object_get(obj, "c")), 3);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), 0);
	assert_null(obj);
	jsonl_reader_free(&r);
	fclose(f);
}

/* The line cap: a line of exactly max_line bytes is read, one byte more
 * is skipped with CQA_ERR_LIMIT naming file, line and length, and the
 * next line is read as usual. */
/* A last line cut in the middle (a file still being written) is a torn
 * line, told apart from a malformed line that has its '\n'; a whole last
 * line without '\n' is read as usual. */
static void test_reader_torn_last_line(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	static const char torn[] = "{\"a\":1}\n{\"b\":[1,";
	static const char bad[] = "{\"a\":1}\n{\"b\":[1,\n";
	static const char whole[] = "{\"a\":1}\n{\"b\":2}";
	const char *texts[] = {torn, bad, whole};
	size_t lens[] = {sizeof torn - 1, sizeof bad - 1, sizeof whole - 1};
	for (int i = 0; i < 3; i++) {
		FILE *f = fmemopen((void *)texts[i], lens[i], "r");
		jsonl_reader r;
		jsonl_reader_init(&r, f, "m.jsonl");
		json_t *obj;
		cqa_error err;
		assert_int_equal(next(&r, &obj, &err), 1);
		json_decref(obj);
		int got = next(&r, &obj, &err);
		if (i == 2) {
			assert_int_equal(got, 1);
			json_decref(obj);
			assert_int_equal(next(&r, &obj, &err), 0);
		} else {
			assert_int_equal(got, -1);
			assert_int_equal(err.code, CQA_ERR_FORMAT);
			assert_int_equal(r.torn, i == 0);
		}
		if (i == 0)
			assert_string_equal(err.msg,
			                    "m.jsonl:2: the last line is not "
			                    "whole (the file is being written, "
			                    "or was cut)");
		jsonl_reader_free(&r);
		fclose(f);
	}
}

/* Members written one by one come out as the tree of the same members
 * does: the record {"a":1,"b":2.5,"c":null,"d":"x\"y","e":true,"f":2.0,
 * "g":null,"h":-0.125,"i":false}, the reals 2.0 and NaN as a person
 * reads them in RFC 8259 (a NaN is no JSON number: null). */
static void test_members_as_the_tree(void **state)
{
	(void)state;
	buf_t b = BUF_INIT;
	buf_addc(&b, '{');
	jsonl_put_int(&b, "a", 1);
	jsonl_put_real(&b, "b", 2.5);
	jsonl_put_string(&b, "c", NULL);
	jsonl_put_string(&b, "d", "x\"y");
	jsonl_put_bool(&b, "e", 1);
	jsonl_put_real(&b, "f", 2.0);
	jsonl_put_real(&b, "g", NAN);
	jsonl_put_real(&b, "h", -0.125);
	jsonl_put_bool(&b, "i", 0);
	jsonl_end_object(&b);
	const char *want = "{\"a\":1,\"b\":2.5,\"c\":null,\"d\":\"x\\\"y\","
	                   "\"e\":true,\"f\":2.0,\"g\":null,\"h\":-0.125,"
	                   "\"i\":false}";
	assert_string_equal(buf_cstr(&b), want);
	json_t *o = json_object();
	json_object_set_new(o, "a", json_integer(1));
	json_object_set_new(o, "b", json_real(2.5));
	json_object_set_new(o, "c", json_null());
	json_object_set_new(o, "d", json_string("x\"y"));
	json_object_set_new(o, "e", json_true());
	json_object_set_new(o, "f", json_real(2.0));
	json_object_set_new(o, "g", json_null());
	json_object_set_new(o, "h", json_real(-0.125));
	json_object_set_new(o, "i", json_false());
	expect(o, want); /* and frees o */
	/* and reals of every kind, one at a time, against the tree */
	static const double reals[] = {0.1,  1e-7,   123456789.25, 1e300,
	                               -3.0, 0.3333, 1.0 / 3.0,    42.4242};
	for (size_t i = 0; i < sizeof reals / sizeof *reals; i++) {
		buf_reset(&b);
		jsonl_put_real(&b, "r", reals[i]);
		json_t *t = json_object();
		json_object_set_new(t, "r", json_real(reals[i]));
		buf_t w = BUF_INIT;
		jsonl_serialize(t, &w);
		jsonl_end_object(&b);
		assert_string_equal(buf_cstr(&w) + 1, buf_cstr(&b));
		buf_free(&w);
		json_decref(t);
	}
	/* an object with no member */
	buf_reset(&b);
	buf_addc(&b, '{');
	jsonl_end_object(&b);
	assert_string_equal(buf_cstr(&b), "{}");
	buf_free(&b);
}

static void test_reader_line_cap(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	/* {"k":"12345678"} is 16 bytes, {"k":"123456789"} 17 */
	static const char text[] = "{\"k\":\"12345678\"}\n"
	                           "{\"k\":\"123456789\"}\n"
	                           "{\"n\":3}";
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "in.jsonl");
	r.max_line = 16;
	json_t *obj;
	cqa_error err;
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_string_equal(jsonl_str(obj, "k"), "12345678");
	assert_int_equal(r.line_bytes, 16);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), -1);
	assert_int_equal(err.code, CQA_ERR_LIMIT);
	assert_string_equal(err.msg, "in.jsonl:2: line of 17 bytes skipped: "
	                             "longer than the 16 a JSON line may "
	                             "have");
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(r.lineno, 3);
	assert_int_equal(jsonl_int(obj, "n", 0), 3);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), 0);
	jsonl_reader_free(&r);
	fclose(f);
}

/* A line over the cap that spans many read chunks is skipped whole, its
 * length counted to the byte; the default cap is JSONL_MAX_LINE. */
static void test_reader_long_line_skipped_in_chunks(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	size_t big = 3 * JSONL_CHUNK + 5;
	buf_t text = BUF_INIT;
	buf_adds(&text, "{\"t\":\"");
	for (size_t i = 0; i < big; i++)
		buf_addc(&text, 'x');
	buf_adds(&text, "\"}\n{\"after\":true}\n");
	FILE *f = fmemopen(text.data, text.len, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "big.jsonl");
	assert_true(r.max_line == JSONL_MAX_LINE);
	r.max_line = 2 * JSONL_CHUNK;
	json_t *obj;
	cqa_error err;
	assert_int_equal(next(&r, &obj, &err), -1);
	assert_int_equal(err.code, CQA_ERR_LIMIT);
	char want[128];
	snprintf(want, sizeof want, "big.jsonl:1: line of %zu bytes skipped",
	         big + 8); /* {"t":" and "} */
	assert_memory_equal(err.msg, want, strlen(want));
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(r.lineno, 2);
	assert_true(json_is_true(json_object_get(obj, "after")));
	json_decref(obj);
	jsonl_reader_free(&r);
	fclose(f);
	buf_free(&text);
}

/* White space after the object (CRLF endings, form feeds) is not part of
 * its JSON; a line of white space only is blank. */
static void test_reader_trailing_space(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	static const char text[] = "{\"a\":1} \r\n"
	                           " \t\f\r\n"
	                           "  {\"b\":2}\f\v\n";
	FILE *f = fmemopen((void *)text, sizeof text - 1, "r");
	jsonl_reader r;
	jsonl_reader_init(&r, f, "in.jsonl");
	json_t *obj;
	cqa_error err;
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(jsonl_int(obj, "a", 0), 1);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), 1);
	assert_int_equal(r.lineno, 3);
	assert_int_equal(jsonl_int(obj, "b", 0), 2);
	json_decref(obj);
	assert_int_equal(next(&r, &obj, &err), 0);
	jsonl_reader_free(&r);
	fclose(f);
}

/* Lines longer than a read chunk, with runs of white space inside their
 * strings and between their tokens at every offset around the chunk's
 * end, read as the same JSON; trailing white space and CRLF still end
 * them, and the second line follows.  The string is 2 * JSONL_CHUNK
 * bytes of "ab  " repeated; the token gap is 3 spaces and a tab. */
static void test_reader_spaces_across_chunks(void **state)
{
	reader_fn next = *(reader_fn *)*state;
	for (size_t shift = 0; shift < 6; shift++) {
		buf_t text = BUF_INIT, want = BUF_INIT;
		for (size_t i = 0; i < shift; i++)
			buf_addc(&text, ' ');
		buf_adds(&text, "{\"t\":\"");
		for (size_t i = 0; i < JSONL_CHUNK / 2; i++)
			buf_adds(&want, "ab  ");
		buf_add(&text, want.data, want.len);
		buf_adds(&text, "\",   \t\"n\":7}  \r\n{\"after\":true}\n");
		FILE *f = fmemopen(text.data, text.len, "r");
		jsonl_reader r;
		jsonl_reader_init(&r, f, "spaces.jsonl");
		json_t *obj;
		cqa_error err;
		assert_int_equal(next(&r, &obj, &err), 1);
		const json_t *t = json_object_get(obj, "t");
		assert_int_equal(json_string_length(t), want.len);
		assert_memory_equal(json_string_value(t), want.data, want.len);
		assert_int_equal(jsonl_int(obj, "n", 0), 7);
		json_decref(obj);
		assert_int_equal(next(&r, &obj, &err), 1);
		assert_int_equal(r.lineno, 2);
		assert_true(json_is_true(json_object_get(obj, "after")));
		json_decref(obj);
		assert_int_equal(next(&r, &obj, &err), 0);
		jsonl_reader_free(&r);
		fclose(f);
		buf_free(&text);
		buf_free(&want);
	}
}

/* A write error names the file the caller writes. */
static void test_write_error_names_file(void **state)
{
	(void)state;
	FILE *f = fopen("/dev/full", "w");
	if (!f)
		skip();
	setvbuf(f, NULL, _IONBF, 0); /* the error at once, not at fclose */
	json_t *o = json_object();
	json_object_set_new(o, "a", json_integer(1));
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(jsonl_write(f, "docs.jsonl", o, &err), -1);
	assert_int_equal(err.code, CQA_ERR_IO);
	assert_string_equal(
	    err.msg, "docs.jsonl: cannot write: No space left on device");
	assert_int_equal(jsonl_write(f, NULL, o, &err), -1);
	assert_string_equal(
	    err.msg, "standard output: cannot write: No space left on device");
	json_decref(o);
	fclose(f);
}

/* Each reader test runs through both readers. */
#define BOTH_READERS(test)                                                     \
	cmocka_unit_test_prestate(test, (void *)&by_next),                     \
	    cmocka_unit_test_prestate(test, (void *)&by_line)

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_strings_escape_only_what_they_must),
	    cmocka_unit_test(test_numbers_and_literals),
	    cmocka_unit_test(test_numbers_as_printf),
	    cmocka_unit_test(test_objects_keep_insertion_order),
	    cmocka_unit_test(test_members_as_the_tree),
	    BOTH_READERS(test_reader_reports_file_and_line),
	    BOTH_READERS(test_reader_nul_byte_is_malformed_line),
	    BOTH_READERS(test_reader_torn_last_line),
	    BOTH_READERS(test_reader_line_cap),
	    BOTH_READERS(test_reader_long_line_skipped_in_chunks),
	    BOTH_READERS(test_reader_trailing_space),
	    BOTH_READERS(test_reader_spaces_across_chunks),
	    cmocka_unit_test(test_write_error_names_file),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
