/*
 * analyze.h - libcqa_analyze: docs.jsonl documents to metrics.jsonl records.
 *
 * The analyzer streams: analyzer_add() measures one document and writes its
 * "page" record at once, keeping only a few dozen bytes a page (hash, url,
 * the numbers the corpus statistics need).  analyzer_finish() writes what
 * needs every page: duplicate clusters and pairs, then the "summary" record
 * with the corpus statistics (GSL).  Record layouts: docs/formats.md.
 */
#ifndef CQA_ANALYZE_H
#define CQA_ANALYZE_H

#include <jansson.h>
#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

typedef struct analyze_options {
	const cqa_log *log;
	long thin_words; /* a page with fewer words of main text is thin */
	/* The file records are written to, for messages ("metrics.jsonl:
	 * cannot write: ..."); NULL means standard output. */
	const char *output_name;
	/* Longest docs.jsonl line read; longer ones are warned about and
	 * skipped.  0: JSONL_MAX_LINE. */
	size_t max_line_bytes;
} analyze_options;

void analyze_options_default(analyze_options *o);

typedef struct analyzer analyzer;

analyzer *analyzer_new(const analyze_options *o, FILE *out);
int analyzer_add(analyzer *a, const json_t *doc, cqa_error *err);
/* Adds every document of a docs.jsonl stream; name is used in messages
 * ("docs.jsonl:12: not valid JSON").  Shows progress through o->log. */
int analyzer_add_file(analyzer *a, FILE *in, const char *name, cqa_error *err);
int analyzer_finish(analyzer *a, cqa_error *err);
void analyzer_free(analyzer *a);

#endif
