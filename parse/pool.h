/*
 * pool.h - parsing pages on worker threads, documents out in input order.
 *
 * The reader (one thread: files, directories, WARC records) submits pages;
 * N workers parse them; documents are handed to the caller's callback on
 * the submitting thread, in submission order, so output is the same as a
 * single-threaded run and callbacks need not be thread-safe.  At most
 * 2 x N pages are in flight: memory stays bounded by the largest pages,
 * whatever the size of the input, and a slow consumer slows the reader.
 */
#ifndef CQA_PARSE_POOL_H
#define CQA_PARSE_POOL_H

#include "parse.h"

typedef struct parse_pool parse_pool;

/* Starts o->jobs worker threads; NULL when o->jobs <= 1 (parse inline). */
parse_pool *pool_new(const parse_options *o, parse_doc_fn fn, void *ud);

/* Queues a copy of the page, of enum page_kind kind; may first hand
 * finished documents to fn.
 * Returns non-zero once fn has asked to stop. */
int pool_submit(parse_pool *p, const char *bytes, size_t len,
                const parse_page_info *info, int kind);

/* Waits for every queued page and hands the rest to fn; stops the
 * workers and frees the pool.  Returns non-zero if fn asked to stop. */
int pool_finish(parse_pool *p);

#endif
