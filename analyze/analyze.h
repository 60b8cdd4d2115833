/*
 * analyze.h - libcqa_analyze: docs.jsonl documents to metrics.jsonl records.
 *
 * The analyzer streams: analyzer_add() measures one document and keeps a
 * few hundred bytes a page in memory (its numbers, its MinHash signature);
 * its page record, text and blocks wait in temporary files.
 * analyzer_finish() finds what needs every page (exact and near
 * duplicates, common content, repeated passages, template blocks) and
 * writes every record: the page records, completed, in input order, then
 * the duplicate clusters and pairs, template blocks, repeated passages and
 * the "summary" record with the corpus statistics (GSL).  Record layouts
 * and the reasons for the defaults below: docs/formats.md.
 */
#ifndef CQA_ANALYZE_H
#define CQA_ANALYZE_H

#include <jansson.h>
#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

/* Word shingles of 5: a run of five words shared by two pages is rarely
 * chance (three-word runs like "one of the" are everywhere), and a light
 * rewrite keeps about 0.6 of them (docs/formats.md). */
#define ANALYZE_DEFAULT_SHINGLE 5
/* Jaccard 0.5 on 5-word shingles: a rewrite that keeps most sentences
 * whole is found; pages on one topic by different hands share almost no
 * 5-word run and stay far below. */
#define ANALYZE_DEFAULT_SIMILARITY 0.5
/* Under 50 words (a teaser, a stub) a few shared words make a high
 * similarity by chance; such pages are left out and counted. */
#define ANALYZE_DEFAULT_NEAR_MIN_WORDS 50
/* Occurrence records kept in memory before they go to temporary files:
 * all of them for an audit of up to about 20,000 pages of 300 words; past
 * that, sorting 64 files one at a time costs little more than sorting in
 * memory, and the budget is what bounds memory. */
#define ANALYZE_DEFAULT_MEMORY ((size_t)128 << 20)
/* A page whose main text is more than half common content. */
#define ANALYZE_MOSTLY_REPEATED 0.5

typedef struct analyze_options {
	const cqa_log *log;
	long thin_words; /* a page with fewer words of main text is thin */
	/* The file records are written to, for messages ("metrics.jsonl:
	 * cannot write: ..."); NULL means standard output. */
	const char *output_name;
	/* Longest docs.jsonl line read; longer ones are warned about and
	 * skipped.  0: JSONL_MAX_LINE. */
	size_t max_line_bytes;
	int shingle;          /* words a shingle (--shingle) */
	double similarity;    /* near-duplicate threshold (--similarity) */
	long near_min_words;  /* shorter pages are not compared */
	const char *temp_dir; /* NULL: $TMPDIR, else /tmp */
	size_t memory;        /* bytes of occurrence records in memory */
	/* Directory of the Dale-Chall and Spache word lists (--word-lists);
	 * NULL: $CQA_WORD_LISTS, else the build's default (measures.h). */
	const char *word_lists;
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
