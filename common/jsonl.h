/*
 * jsonl.h - JSON Lines in and out, on top of jansson.
 *
 * Every file between stages (docs.jsonl, metrics.jsonl) is one compact JSON
 * object a line, UTF-8, keys in insertion order so diffs of two runs are
 * readable.  The reader reads one line at a time, so memory is bounded by the
 * longest line, and reports errors as "file:line: message".
 */
#ifndef CQA_JSONL_H
#define CQA_JSONL_H

#include <jansson.h>
#include <stdio.h>

#include "buf.h"
#include "error.h"

typedef struct jsonl_reader {
	FILE *f;
	const char *name;
	size_t lineno;
	buf_t line;
} jsonl_reader;

void jsonl_reader_init(jsonl_reader *r, FILE *f, const char *name);
void jsonl_reader_free(jsonl_reader *r);
/* 1: *out holds a new reference to an object; 0: end; -1: error in err.
 * Blank lines are skipped. */
int jsonl_reader_next(jsonl_reader *r, json_t **out, cqa_error *err);

/* Appends the compact JSON text of v to out: keys in insertion order,
 * strings copied as they are (UTF-8, only " \\ and control characters
 * escaped), reals with 15 significant digits.  jansson's own dump escapes
 * byte by byte through callbacks; this is the writer on the hot path of
 * every stage. */
void jsonl_serialize(const json_t *v, buf_t *out);

/* Writes obj compactly followed by "\n".  Returns 0 or -1 (err set). */
int jsonl_write(FILE *f, const json_t *obj, cqa_error *err);

/* Convenience getters that tolerate missing or mistyped fields. */
const char *jsonl_str(const json_t *obj, const char *key); /* NULL if none */
double jsonl_num(const json_t *obj, const char *key, double dflt);
long long jsonl_int(const json_t *obj, const char *key, long long dflt);

#endif
