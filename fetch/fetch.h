/*
 * fetch.h - libcqa_fetch: URLs to WARC records and crawl.csv rows.
 *
 * fetch_run() drives a libcurl multi handle: at most `connections` transfers
 * at once and at most `per_host` to one host, each URL fetched once (inputs
 * are deduplicated exactly, no normalisation), redirects followed (http and
 * https only, at most max_redirects).  A transfer starts only when a slot is
 * free, so waiting for a busy host never counts against `timeout`; hosts
 * take turns (hostq.h).  Records are written in completion order.  Requests are
 * HTTP/1.1, so the request record holds the bytes that were sent and per_host
 * really is the number of requests a host sees at once (HTTP/2 would multiplex
 * more over one connection).
 *
 * The WARC starts with a warcinfo record.  Each completed HTTP transfer
 * becomes a `request` record (the header block of the last request sent) and
 * a `response` record (WARC-Concurrent-To the request) holding the final
 * response exactly as received: header block, then the body with its
 * transfer and content codings intact (chunked and gzip bodies are stored as
 * sent; the parse stage decodes them).  Both records carry the final URL as
 * WARC-Target-URI; the URL asked for stays in crawl.csv.  A body longer than
 * max_body is cut there and its record gets "WARC-Truncated: length".
 *
 * file:// URLs are accepted as inputs (the demo and `cqa check` run
 * offline) but never followed from a redirect.  A file has no HTTP exchange,
 * so it gets no request record and a `response` record whose block is a
 * synthetic "HTTP/1.1 200 OK" header (Content-Type guessed from the file
 * extension, Content-Length) and the file's bytes: the parse stage then
 * treats every input alike.
 *
 * A URL that fails gets a crawl.csv row with an error class and no records.
 * Error classes (column `error`; empty when a response was recorded):
 *   dns                 the host name did not resolve
 *   connect             no connection (refused, unreachable)
 *   timeout             connect_timeout or timeout ran out
 *   tls                 TLS handshake or certificate verification failed
 *   redirect_refused    a redirect pointed to a scheme other than http(s)
 *   too_many_redirects  more than max_redirects redirects
 *   too_large           the response header block passed its cap
 *   bad_url             malformed URL or unsupported scheme in the input
 *   read_error          the connection broke mid-response; unreadable file
 *   other               anything else (the message goes to the log)
 *
 * crawl.csv columns: url, final_url, status (empty without a response),
 * error, bytes (body bytes stored), content_type, ms, depth (0 for inputs),
 * discovered_from (empty for inputs), redirects, truncated (0 or 1).
 */
#ifndef CQA_FETCH_H
#define CQA_FETCH_H

#include <stddef.h>
#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

typedef struct fetch_options {
	const cqa_log *log;
	long connections;     /* global limit of parallel transfers */
	long per_host;        /* parallel transfers to one host */
	long connect_timeout; /* seconds; 0 means libcurl's default */
	long timeout;         /* seconds for a whole transfer; 0: none */
	long max_redirects;   /* 0: any redirect is too_many_redirects */
	size_t max_body;      /* bytes; a larger body is cut; 0: no cap */
	const char *user_agent;
	int warc_gzip; /* 1: one gzip member per WARC record (default) */
} fetch_options;

/* 16 connections, 2 per host, 10 s connect, 30 s transfer, 10 redirects,
 * 10 MiB bodies, FETCH_USER_AGENT, gzip WARC, no log. */
void fetch_options_default(fetch_options *o);

#define FETCH_USER_AGENT                                                       \
	"cqa/" CQA_VERSION " (+https://github.com/cqa-project/cqa)"

typedef struct fetch_stats {
	size_t urls;        /* distinct inputs */
	size_t ok;          /* 2xx */
	size_t http_errors; /* 4xx and 5xx */
	size_t failed;      /* no response */
	unsigned long long bytes;
} fetch_stats;

/* warc: where records go (required).  csv: crawl.csv rows, header
 * included (may be NULL).  Per-URL failures are rows, not errors; the return
 * is -1 only when output cannot be written. */
int fetch_run(const fetch_options *o, const char *const *urls, size_t n,
              FILE *warc, FILE *csv, fetch_stats *stats, cqa_error *err);

/* An input as typed by a person, made a URL: text with a scheme ("http://",
 * "file://") is returned as it is; anything else is a local path, returned
 * as an absolute, percent-encoded file:// URL.  The file need not exist (a
 * missing one becomes a read_error row).  Returns malloc'd memory, or NULL
 * with err set when the working directory cannot be found. */
char *fetch_input_to_url(const char *input, cqa_error *err);

#endif
