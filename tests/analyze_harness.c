/*
 * analyze_harness.c - running the analyzer and reading its records back,
 * for the tests that include analyze_harness.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "analyze_harness.h"

/* --- running the analyzer ------------------------------------------------ */

void harness_analyze_docs(json_t **docs, size_t n, const analyze_options *opt,
                          harness_records *out)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	analyze_options o;
	analyze_options_default(&o);
	if (opt)
		o = *opt;
	analyzer *a = analyzer_new(&o, f);
	cqa_error err;
	cqa_error_clear(&err);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(analyzer_add(a, docs[i], &err), 0);
		json_decref(docs[i]);
	}
	assert_int_equal(analyzer_finish(a, &err), 0);
	analyzer_free(a);
	rewind(f);
	harness_read_records(f, "metrics", out);
	fclose(f);
}

void harness_read_records(FILE *f, const char *name, harness_records *out)
{
	jsonl_reader r;
	jsonl_reader_init(&r, f, name);
	out->r = NULL;
	out->n = 0;
	cqa_error err;
	cqa_error_clear(&err);
	json_t *rec;
	while (jsonl_reader_next(&r, &rec, &err) == 1)
		harness_records_add(out, rec);
	jsonl_reader_free(&r);
}

void harness_records_add(harness_records *rs, json_t *rec)
{
	rs->r = realloc(rs->r, (rs->n + 1) * sizeof *rs->r);
	assert_non_null(rs->r);
	rs->r[rs->n++] = rec;
}

void harness_free_records(harness_records *rs)
{
	for (size_t i = 0; i < rs->n; i++)
		json_decref(rs->r[i]);
	free(rs->r);
}

/* --- finding records ----------------------------------------------------- */

size_t harness_count_type(const harness_records *rs, const char *type)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n; i++)
		n += !strcmp(jsonl_str(rs->r[i], "type"), type);
	return n;
}

size_t harness_of_type(const harness_records *rs, const char *type,
                       const json_t **out, size_t max)
{
	size_t n = 0;
	for (size_t i = 0; i < rs->n && n < max; i++)
		if (!strcmp(jsonl_str(rs->r[i], "type"), type))
			out[n++] = rs->r[i];
	return n;
}

const json_t *harness_page_of(const harness_records *rs, const char *url)
{
	for (size_t i = 0; i < rs->n; i++)
		if (!strcmp(jsonl_str(rs->r[i], "type"), "page") &&
		    !strcmp(jsonl_str(rs->r[i], "url"), url))
			return rs->r[i];
	fail_msg("no page record for %s", url);
	return NULL;
}

/* --- checking them ------------------------------------------------------- */

void assert_url(const json_t *arr, size_t i, const char *want)
{
	const char *got = json_string_value(json_array_get(arr, i));
	if (!got || strcmp(got, want))
		fail_msg("urls[%zu] = %s, want %s", i, got ? got : "(none)",
		         want);
}
