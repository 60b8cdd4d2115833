/*
 * parse.h - libcqa_parse: inputs to docs.jsonl documents.
 *
 * parse_path() takes what a user points cqa-parse at -- a WARC (gzip or not),
 * an HTML file, a directory of them (recursively), or "-" for stdin -- works
 * out which it is from the content, not the file name, and hands every
 * document to a callback as a docs.jsonl object (docs/formats.md).
 * parse_html_document() is the core for one page: decode (HTTP charset, BOM,
 * meta charset, else UTF-8 with repair), parse with libxml2 (recover mode, no
 * network, no entities), segment into blocks, label each block content or
 * boilerplate (extract.h), and collect metadata.
 */
#ifndef CQA_PARSE_H
#define CQA_PARSE_H

#include <jansson.h>
#include <stddef.h>

#include "../common/buf.h"
#include "../common/error.h"
#include "../common/log.h"

typedef struct parse_options {
	const cqa_log *log;
	size_t max_page_bytes;   /* larger pages are cut to this size */
	size_t max_record_bytes; /* WARC blocks above this are skipped */
	int jobs;                /* worker threads; <= 1 parses inline */
	int explain;             /* blocks carry "why" (docs/formats.md) */
	int keep_comments;       /* readers' comments are content */
	/* Blocks carry "lines" besides "line": where in their text each
	 * source line starts (docs/formats.md, Blocks).  cqa check asks
	 * for it to give each sentence its line in the draft. */
	int source_lines;
	/* The WARC of an earlier crawl: its captures stand in for the
	 * revisit records (304 Not Modified) of a --since crawl. */
	const char *since_warc;
	/* Caps on one HTML page, each warned about when it cuts; 0 means
	 * the default (PARSE_MAX_NODES, PARSE_MAX_BLOCKS in parse.c). */
	size_t max_nodes;  /* elements, attributes and comments parsed */
	size_t max_blocks; /* blocks in a document */
} parse_options;

void parse_options_default(parse_options *o);

/* Call once from the main thread before parsing (libxml2's own set-up, which
 * must not race between worker threads), and once at the end. */
void parse_global_init(void);
void parse_global_cleanup(void);

/* What is known about a page before it is parsed (all may be NULL/0). */
typedef struct parse_page_info {
	const char *url;
	const char *final_url;
	int status;
	const char *fetched_at;
	const char *content_type; /* the HTTP Content-Type header */
	const char *source;       /* file it came from, for messages */
} parse_page_info;

/* Returns a new docs.jsonl object, or NULL with err set. */
json_t *parse_html_document(const parse_options *o, const char *bytes,
                            size_t len, const parse_page_info *info,
                            cqa_error *err);

/* Receives each document; the callee owns doc.  Non-zero stops the run. */
typedef int (*parse_doc_fn)(void *ud, json_t *doc);

/* Parses path ("-" is stdin).  Problems with single records or files are
 * warned about through o->log and skipped; the return is non-zero only when
 * the input as a whole could not be read, or fn asked to stop.  With
 * o->jobs > 1 pages are parsed on worker threads, and fn still receives
 * the documents in input order, on the calling thread. */
int parse_path(const parse_options *o, const char *path, parse_doc_fn fn,
               void *ud, cqa_error *err);

/* Appends the content blocks of doc (a docs.jsonl object) to out as
 * Markdown: headings, paragraphs, lists, fenced code, tables, quotes
 * (markdown_out.c says how each kind is written).  cqa-parse --markdown. */
void parse_doc_markdown(const json_t *doc, buf_t *out);

#endif
