/*
 * docline.h - one docs.jsonl line, read for what the analyzer uses of it.
 *
 * A document of cqa-parse is a JSON object of about fifteen fields and
 * an array of blocks, each an object of seven; the analyzer reads six of
 * the fields and six of each block's.  Building the whole tree (jansson:
 * an allocation and a hash insertion for every value, a byte at a time
 * through its lexer) took about half of cqa-analyze's time on such input.
 * This reader parses the line in place instead: it checks the whole line
 * is JSON as jansson would (strict RFC 8259: UTF-8, no \u0000, no lone
 * surrogate, integers that fit 64 bits, nesting up to 2048), unescapes
 * only the strings it keeps, into one arena the size of the line, and
 * skips the rest.  Where a key appears twice the last one counts, as in
 * jansson.
 *
 * doc_view_from_json() makes the same view of a document that is already
 * a json_t (the analyzer's library callers, the tests), borrowing its
 * strings.
 */
#ifndef CQA_DOCLINE_H
#define CQA_DOCLINE_H

#include <jansson.h>
#include <stddef.h>

#include "../common/buf.h"

/* A JSON number as jsonl_int() reads it: an integer, a real (cut to an
 * integer), or neither (absent, or not a number). */
typedef struct doc_num {
	enum { DOC_NUM_NONE, DOC_NUM_INT, DOC_NUM_REAL } kind;
	long long i;
	double d;
} doc_num;

long long doc_num_int(const doc_num *n, long long dflt);

/* A block: its string fields (NULL when absent or not a string). */
typedef struct doc_block {
	const char *label, *path, *kind, *text;
	size_t text_len;
	doc_num chars, link_chars;
} doc_block;

/* A document's blocks: NULL when "blocks" is absent or not an array;
 * elements that are not objects are left out. */
typedef struct doc_blocks {
	const doc_block *b;
	size_t n;
} doc_blocks;

typedef struct doc_view {
	const char *url, *final_url, *title, *lang; /* NULL: not a string */
	const char *text;                           /* NULL: not a string */
	size_t text_len;
	doc_num status;
	int has_blocks; /* "blocks" is an array */
	doc_blocks blocks;
	/* storage */
	doc_block *owned;
	size_t cap;
	buf_t arena;
} doc_view;

void doc_view_init(doc_view *v);
void doc_view_free(doc_view *v);

enum {
	DOCLINE_OK = 0,
	DOCLINE_INVALID = -1,   /* not JSON */
	DOCLINE_NOT_OBJECT = -2 /* JSON, but not an object */
};

/* Parses line[0..len) into v (whose earlier contents it replaces; the
 * view's strings live in v until the next call).  On DOCLINE_INVALID,
 * *why says what was wrong and *column (1-based) where. */
int doc_view_parse(doc_view *v, const char *line, size_t len, const char **why,
                   size_t *column);

/* The view of a json_t document; its strings stay doc's. */
void doc_view_from_json(doc_view *v, const json_t *doc);

/* The blocks of a json_t array (NULL, or not an array: out->b NULL), into
 * v's storage. */
void doc_blocks_from_json(doc_view *v, const json_t *blocks, doc_blocks *out);

/* 1 when two views hold the same values (the tests and the fuzz target
 * compare the line parser's view with doc_view_from_json()'s). */
int doc_view_same(const doc_view *a, const doc_view *b);

#endif
