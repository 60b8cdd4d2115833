/*
 * test_csv.c - the CSV writer, byte for byte.
 *
 * Every expected string below is written out by hand from RFC 4180 and the
 * rules in csv.h: a UTF-8 byte order mark first, CRLF after each row, quotes
 * around cells with a comma, quote, CR or LF (inner quotes doubled), and a
 * leading single quote on text cells that begin with = + - @ TAB or CR.
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

#include "common/csv.h"

#define BOM "\xEF\xBB\xBF"

typedef struct sink {
	FILE *f;
	csv_writer w;
} sink;

static void sink_open(sink *s)
{
	s->f = tmpfile();
	assert_non_null(s->f);
	csv_begin(&s->w, s->f);
}

/* Closes the file and checks it holds exactly `want` (len bytes). */
static void sink_expect(sink *s, const char *want, size_t len)
{
	assert_int_equal(fflush(s->f), 0);
	long size = ftell(s->f);
	assert_true(size >= 0);
	rewind(s->f);
	char *got = malloc((size_t)size + 1);
	assert_non_null(got);
	assert_int_equal(fread(got, 1, (size_t)size, s->f), (size_t)size);
	got[size] = '\0';
	if ((size_t)size != len || memcmp(got, want, len) != 0)
		print_error("got  [%s]\nwant [%s]\n", got, want);
	assert_int_equal((size_t)size, len);
	assert_memory_equal(got, want, len);
	free(got);
	fclose(s->f);
}

#define EXPECT(s, lit) sink_expect((s), (lit), sizeof(lit) - 1)

static void test_bom_and_crlf(void **state)
{
	sink s;
	sink_open(&s);
	csv_cell(&s.w, "a");
	csv_cell(&s.w, "b");
	csv_end_row(&s.w);
	csv_cell(&s.w, "c");
	csv_end_row(&s.w);
	EXPECT(&s, BOM "a,b\r\nc\r\n");
}

static void test_header(void **state)
{
	static const char *const names[] = {"url", "words", "issues", NULL};
	sink s;
	sink_open(&s);
	csv_header(&s.w, names);
	csv_cell(&s.w, "x");
	csv_int(&s.w, 3);
	csv_cell(&s.w, NULL);
	csv_end_row(&s.w);
	EXPECT(&s, BOM "url,words,issues\r\nx,3,\r\n");
}

static void test_quoting(void **state)
{
	sink s;
	sink_open(&s);
	csv_cell(&s.w, "a,b");              /* comma */
	csv_cell(&s.w, "say \"hi\"");       /* quotes doubled */
	csv_cell(&s.w, "line1\r\nline2");   /* CRLF inside */
	csv_cell(&s.w, "one\ntwo");         /* bare LF */
	csv_cell(&s.w, "plain text; fine"); /* nothing to quote */
	csv_cell(&s.w, "\"");               /* a lone quote */
	csv_end_row(&s.w);
	EXPECT(&s, BOM "\"a,b\",\"say \"\"hi\"\"\",\"line1\r\nline2\","
	               "\"one\ntwo\",plain text; fine,\"\"\"\"\r\n");
}

static void test_empty_cells(void **state)
{
	sink s;
	sink_open(&s);
	csv_cell(&s.w, NULL);
	csv_cell(&s.w, "");
	csv_cell(&s.w, NULL);
	csv_end_row(&s.w);
	EXPECT(&s, BOM ",,\r\n");
}

static void test_formula_injection(void **state)
{
	sink s;
	sink_open(&s);
	csv_cell(&s.w, "=1+1");
	csv_cell(&s.w, "+x");
	csv_cell(&s.w, "-x");
	csv_cell(&s.w, "@x");
	csv_cell(&s.w, "\tx"); /* a tab needs no quotes */
	csv_end_row(&s.w);
	csv_cell(&s.w, "\rx");  /* a CR does: quotes around the guarded cell */
	csv_cell(&s.w, "=a,b"); /* guard inside the quotes */
	csv_cell(&s.w, "a=b");  /* only the first byte counts */
	csv_cell(&s.w, " =x");  /* a leading space is not a formula */
	csv_end_row(&s.w);
	EXPECT(&s, BOM "'=1+1,'+x,'-x,'@x,'\tx\r\n"
	               "\"'\rx\",\"'=a,b\",a=b, =x\r\n");
}

static void test_numbers(void **state)
{
	sink s;
	sink_open(&s);
	csv_num(&s.w, -3.5, 2);    /* stays a number, no guard */
	csv_num(&s.w, 2.0, 3);     /* trailing zeros and point trimmed */
	csv_num(&s.w, 0.35, 4);    /* 0.3500 -> 0.35 */
	csv_num(&s.w, 1.23456, 2); /* rounded to 1.23 */
	csv_num(&s.w, 2.675, 1);   /* 2.7 */
	csv_num(&s.w, 1234567, 0); /* no point, no grouping */
	csv_num(&s.w, -0.0001, 2); /* rounds to -0.00: written as 0 */
	csv_num(&s.w, 100, 2);     /* zeros before the point stay */
	csv_end_row(&s.w);
	csv_num(&s.w, NAN, 2);
	csv_num(&s.w, INFINITY, 2);
	csv_num(&s.w, -INFINITY, 2);
	csv_int(&s.w, -42);
	csv_int(&s.w, 0);
	csv_end_row(&s.w);
	EXPECT(&s, BOM "-3.5,2,0.35,1.23,2.7,1234567,0,100\r\n"
	               ",,,-42,0\r\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_bom_and_crlf),
	    cmocka_unit_test(test_header),
	    cmocka_unit_test(test_quoting),
	    cmocka_unit_test(test_empty_cells),
	    cmocka_unit_test(test_formula_injection),
	    cmocka_unit_test(test_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
