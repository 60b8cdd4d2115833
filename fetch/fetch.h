/*
 * fetch.h - libcqa_fetch: URLs to WARC records and crawl.csv rows.
 *
 * fetch_run() drives a libcurl multi handle: at most `connections` transfers
 * at once and at most `per_host` to one host, each URL fetched once, redirects
 * followed (http and https only, at most max_redirects).  Each completed
 * transfer becomes a request and a response record in the WARC (the response
 * exactly as received, content coding included; payload digest over the
 * body) and one row of crawl.csv; a URL that fails gets a row with its error
 * class and no response record.  file:// URLs are accepted as inputs (the
 * demo runs offline) but never followed from a redirect.
 */
#ifndef CQA_FETCH_H
#define CQA_FETCH_H

#include <stddef.h>
#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

typedef struct fetch_options {
	const cqa_log *log;
	long connections;      /* global limit of parallel transfers */
	long per_host;         /* parallel transfers to one host */
	long connect_timeout;  /* seconds */
	long timeout;          /* seconds for a whole transfer */
	long max_redirects;
	size_t max_body;       /* bytes; a larger body is cut, recorded */
	const char *user_agent;
} fetch_options;

void fetch_options_default(fetch_options *o);

typedef struct fetch_stats {
	size_t urls;
	size_t ok;       /* 2xx */
	size_t http_errors; /* 4xx and 5xx */
	size_t failed;   /* no response */
	unsigned long long bytes;
} fetch_stats;

/* warc: where records go (required).  csv: crawl.csv rows, header
 * included (may be NULL).  Per-URL failures are rows, not errors; the return
 * is -1 only when output cannot be written. */
int fetch_run(const fetch_options *o, const char *const *urls, size_t n,
              FILE *warc, FILE *csv, fetch_stats *stats, cqa_error *err);

#endif
