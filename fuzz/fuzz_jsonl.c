/*
 * fuzz_jsonl.c - libFuzzer target for the JSON Lines reader and writer of
 * common/jsonl.h, which every stage after cqa-fetch reads its input with.
 *
 * The input is a docs.jsonl or metrics.jsonl file, read through a memory
 * FILE (as a file or pipe would be) with jsonl_reader_next until the end
 * or the first error.  Every object read goes through jsonl_serialize,
 * the writer of every stage, and back through jansson.
 *
 * The reader's line cap is set to 4 KiB, so the fuzzer reaches it, and
 * reading goes on after each error (the reader stands at the next line).
 *
 * Beyond "no crash, no leak", the target checks the promises of jsonl.h:
 * line numbers only grow and never pass the number of lines (counted by
 * '\n' alone) in the input; only blank lines are skipped; the object
 * returned at line L is the JSON of line L, nothing merged or lost; an
 * error is "name:L: ..." for a line that is not a JSON object or holds a
 * NUL byte (CQA_ERR_FORMAT), or is longer than the cap (CQA_ERR_LIMIT);
 * what the writer produces is one line of valid UTF-8 JSON that reads
 * back as the same value (reals to the 15 significant digits the writer
 * keeps), with the keys in their order.
 */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/jsonl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Equal as values, reals within the writer's precision, object keys in
 * the same order. */
static int same(const json_t *a, const json_t *b)
{
	if (json_is_real(a) && json_is_real(b)) {
		double x = json_real_value(a), y = json_real_value(b);
		return x == y || fabs(x - y) <= 1e-14 * fmax(fabs(x), fabs(y));
	}
	if (json_typeof(a) != json_typeof(b))
		return 0;
	if (json_is_object(a)) {
		if (json_object_size(a) != json_object_size(b))
			return 0;
		void *ia = json_object_iter((json_t *)a),
		     *ib = json_object_iter((json_t *)b);
		for (; ia && ib; ia = json_object_iter_next((json_t *)a, ia),
		                 ib = json_object_iter_next((json_t *)b, ib))
			if (strcmp(json_object_iter_key(ia),
			           json_object_iter_key(ib)) ||
			    !same(json_object_iter_value(ia),
			          json_object_iter_value(ib)))
				return 0;
		return 1;
	}
	if (json_is_array(a)) {
		if (json_array_size(a) != json_array_size(b))
			return 0;
		for (size_t i = 0; i < json_array_size(a); i++)
			if (!same(json_array_get(a, i), json_array_get(b, i)))
				return 0;
		return 1;
	}
	return json_equal((json_t *)a, (json_t *)b);
}

static void check_writer(const json_t *obj)
{
	buf_t out = BUF_INIT;
	jsonl_serialize(obj, &out);
	if (!out.data || memchr(out.data, '\n', out.len))
		abort();
	json_error_t je;
	json_t *back = json_loadb(out.data, out.len, 0, &je);
	if (!back || !same(obj, back))
		abort();
	json_decref(back);
	buf_free(&out);
}

/* The input's lines, split at '\n' alone as the reader counts them; a
 * last line without its '\n' counts, the empty rest after a final '\n'
 * does not. */
struct line {
	const char *p;
	size_t n;
};

static size_t split_lines(const char *d, size_t size, struct line *v)
{
	size_t n = 0;
	const char *p = d, *end = d + size;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		v[n].p = p;
		v[n++].n = (size_t)(e - p);
		p = nl ? nl + 1 : end;
	}
	return n;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v';
}

static int is_blank(const struct line *l)
{
	for (size_t i = 0; i < l->n; i++)
		if (!is_space(l->p[i]))
			return 0;
	return 1;
}

enum { SKIPPED, WANT_LIMIT, WANT_FORMAT, WANT_OBJECT };

/* What jsonl.h says the reader makes of one line; *want gets the object
 * jansson reads from the line without its trailing white space. */
static int expect(const struct line *l, size_t max_line, json_t **want)
{
	*want = NULL;
	if (l->n > max_line)
		return WANT_LIMIT;
	if (memchr(l->p, '\0', l->n))
		return WANT_FORMAT;
	if (is_blank(l))
		return SKIPPED;
	size_t n = l->n;
	while (n && is_space(l->p[n - 1]))
		n--;
	json_error_t je;
	*want = json_loadb(l->p, n, 0, &je);
	if (!json_is_object(*want)) {
		json_decref(*want);
		*want = NULL;
		return WANT_FORMAT;
	}
	return WANT_OBJECT;
}

/* A cap far below the default, so that the fuzzer reaches it. */
enum { MAX_LINE = 4096 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0)
		return 0; /* fmemopen refuses an empty buffer */
	const char *d = (const char *)data;
	struct line *lines = calloc(size + 1, sizeof *lines);
	size_t nlines = split_lines(d, size, lines);
	FILE *f = fmemopen((void *)data, size, "rb");
	if (!f)
		abort();
	jsonl_reader rd;
	jsonl_reader_init(&rd, f, "fuzz.jsonl");
	rd.max_line = MAX_LINE;
	json_t *obj, *want;
	cqa_error err;
	size_t last = 0; /* the line of the last answer */
	int r;
	/* Every call answers for a later line, so the loop ends. */
	while ((r = jsonl_reader_next(&rd, &obj, &err)) != 0) {
		size_t l = rd.lineno;
		if (l <= last || l > nlines)
			abort();
		/* The lines in between were skipped: blank ones only. */
		for (size_t i = last + 1; i < l; i++)
			if (expect(&lines[i - 1], MAX_LINE, &want) != SKIPPED)
				abort();
		last = l;
		int e = expect(&lines[l - 1], MAX_LINE, &want);
		if (r == 1) {
			if (e != WANT_OBJECT || !json_is_object(obj) ||
			    !same(obj, want))
				abort();
			check_writer(obj);
			json_decref(obj);
		} else {
			/* "fuzz.jsonl:L: ..." with the kind of the line. */
			size_t at = 0;
			if (r != -1 || obj ||
			    sscanf(err.msg, "fuzz.jsonl:%zu:", &at) != 1 ||
			    at != l ||
			    err.code != (e == WANT_LIMIT ? CQA_ERR_LIMIT
			                                 : CQA_ERR_FORMAT) ||
			    (e != WANT_LIMIT && e != WANT_FORMAT))
				abort();
		}
		json_decref(want);
	}
	/* Nothing but blank lines after the last answer. */
	for (size_t i = last + 1; i <= nlines; i++)
		if (expect(&lines[i - 1], MAX_LINE, &want) != SKIPPED)
			abort();
	jsonl_reader_free(&rd);
	fclose(f);
	free(lines);
	return 0;
}
