/*
 * fuzz_docline.c - libFuzzer target for the docs.jsonl line parser of
 * analyze/docline.h, which cqa-analyze reads every document with.
 *
 * The input is one line (cut at its first '\n').  The parser stands in
 * for jansson, so jansson is the oracle: the line is a JSON object for
 * one exactly when it is for the other, an array for both or neither,
 * and for an object every value the analyzer uses is the same
 * (doc_view_same() against doc_view_from_json() of jansson's tree).  A
 * rejected line gets a reason and a column within the line.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analyze/docline.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t n = nl ? (size_t)(nl - data) : size;
	/* the reader hands over NUL-free lines */
	if (memchr(data, '\0', n))
		return 0;
	char *line = malloc(n + 1);
	memcpy(line, data, n);
	line[n] = '\0';

	doc_view mine, theirs;
	doc_view_init(&mine);
	doc_view_init(&theirs);
	const char *why = NULL;
	size_t column = 0;
	int got = doc_view_parse(&mine, line, n, &why, &column);
	json_error_t je;
	json_t *j = json_loadb(line, n, 0, &je);
	int want = !j                  ? DOCLINE_INVALID
	           : json_is_object(j) ? DOCLINE_OK
	                               : DOCLINE_NOT_OBJECT;
	if (got != want)
		abort();
	if (got == DOCLINE_INVALID && (!why || column < 1 || column > n + 1))
		abort();
	if (got == DOCLINE_OK) {
		doc_view_from_json(&theirs, j);
		if (!doc_view_same(&mine, &theirs))
			abort();
	}
	json_decref(j);
	doc_view_free(&mine);
	doc_view_free(&theirs);
	free(line);
	return 0;
}
