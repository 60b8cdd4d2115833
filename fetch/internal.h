/*
 * internal.h - pieces of libcqa_fetch shared between its files.
 *
 *   fetch.c     the crawl: frontier, robots.txt, sitemaps, links, retries,
 *               the crawl log and the summary
 *   transfer.c  one HTTP exchange with libcurl, and its WARC records
 *   scope.c     which discovered URLs belong to the crawl
 *   frontier.c  what to fetch next, per host, with manners (frontier.h)
 *   trap.c      links into crawler traps, refused (trap.h)
 */
#ifndef CQA_FETCH_INTERNAL_H
#define CQA_FETCH_INTERNAL_H

#include <curl/curl.h>

#include "../common/buf.h"
#include "../common/csv.h"
#include "../common/log.h"
#include "../common/url.h"
#include "../common/warc.h"
#include "../common/warc_index.h"
#include "fetch.h"
#include "frontier.h"
#include "trap.h"

/* ---- fetch.c ---- */

typedef struct xfer xfer;
typedef struct scope scope;

enum { MAX_ERROR_KINDS = 24 }; /* error classes counted for the summary */

typedef struct error_count {
	const char *cls;
	size_t n;
} error_count;

typedef struct run {
	const fetch_options *o;
	CURLM *multi;
	warc_writer *warc;
	csv_writer csv;
	int have_csv;
	char warcinfo_id[48];
	fetch_stats *stats;
	cqa_progress progress;
	xfer *live; /* transfers attached to multi */
	size_t active;
	frontier *fr;
	scope *sc;
	url_norm_options norm;
	size_t pages_started;
	int stop;      /* max_pages reached: start nothing new */
	int reloading; /* resume_load() is re-reading the earlier run */
	int csv_errno; /* the crawl log's first write error, or 0 */
	int sitemaps_from_robots; /* read the Sitemap lines of robots.txt */
	warc_index *since;        /* the earlier audit's captures, or NULL */
	char ua_token[64];        /* the User-agent product token */
	buf_t user_agent;         /* the User-Agent sent */
	buf_t from_header;        /* "From: addr", or empty */
	error_count errors[MAX_ERROR_KINDS];
	size_t n_errors;
	trap_detector *traps; /* NULL with ignore_traps (trap.h) */
} run;

/* Queues url (absolute) as kind if it normalises and, for a page, is in
 * scope. */
void crawl_discover(run *r, const char *url, int kind, int depth,
                    const char *from);
/* Queues the links of a page at depth + 1. */
void crawl_follow_links(run *r, int depth, const char *base, const buf_t *body);
/* 1 when the crawl settles it without a request: resume_load() is
 * re-reading the earlier run, and url (a page, normalised) is one the
 * earlier run's robots.txt for its host disallows, so the earlier run
 * refused it too.  It is then known (resume.c). */
int resume_refused(run *r, const char *url, int kind);
/* Queues the pages and sitemaps a sitemap at url lists. */
void crawl_read_sitemap(run *r, const char *url, const buf_t *body);
/* The rules a robots.txt answer means (RFC 9309 2.3.1). */
robots *crawl_robots_from(run *r, int transport_ok, long status,
                          const buf_t *body);

/* crawl.csv's header, NULL-terminated (docs/formats.md; resume.c reads
 * the columns by their place in it). */
extern const char *const fetch_csv_columns[];

/* ---- resume.c ---- */

/* Rebuilds what an interrupted run knew from its repaired crawl.csv and
 * WARC (o->resume_csv, o->resume_warc): settled URLs are known, robots.txt
 * answers are preset, and stored pages and sitemaps are read again for
 * their links.  Returns 0, or -1 with err. */
int resume_load(run *r, cqa_error *err);

/* ---- transfer.c ---- */

struct xfer {
	CURL *easy;
	frontier_item *item;
	buf_t resp;     /* final response: header block, then body */
	size_t hdr_len; /* header block length once hdr_done */
	int hdr_done;   /* blank line seen (later lines are trailers) */
	int got_status; /* some response arrived (to tell redirect_refused) */
	int truncated;  /* body cut at max_body */
	int header_too_large;
	int not_html;     /* stopped after the headers: not a page */
	int html_only;    /* stop non-HTML bodies after the headers */
	int private_addr; /* refused: the address is private or loopback */
	int refuse_private;
	size_t max_body;
	buf_t req; /* request header block of the last request */
	/* The URL of each response of a redirect chain, in order, separated
	 * by spaces (URLs hold none): the final one is the last. */
	buf_t urls;
	struct curl_slist *headers;    /* extra request headers, owned */
	const warc_index_entry *since; /* the earlier capture asked about */
	struct xfer *prev, *next;
	char errbuf[CURL_ERROR_SIZE];
};

/* A configured easy handle for it (not yet added to a multi handle), or
 * NULL.  extra_headers: "Name: value" lines to send, or NULL. */
xfer *xfer_new(const fetch_options *o, frontier_item *it,
               struct curl_slist *extra_headers);
void xfer_free(xfer *x);
/* The error class (fetch.h) of a failed transfer. */
const char *xfer_error_class(const xfer *x, CURLcode rc);
/* Content-Type guessed from a file:// URL's extension. */
const char *xfer_file_type(const char *url);

/* What a finished exchange wrote, for the WARC. */
typedef struct xfer_record {
	const char *final_url;
	const char *ip;
	const char *date; /* WARC-Date: when the capture began */
	int is_file;
	const char *file_type;
	const char *warcinfo_id;
	/* A 304 to a conditional request: a revisit record referring to
	 * this earlier capture. */
	const warc_index_entry *refers;
	/* What the crawl knew of the URL, so that --resume can rebuild it
	 * from the WARC alone (docs/formats.md): its kind ("page",
	 * "robots", "sitemap"), its depth, and the URLs of the redirect
	 * chain before final_url, the one asked for first (NULL when there
	 * was no redirect). */
	const char *kind;
	int depth;
	const char *redirected_from;
} xfer_record;

/* WARC header fields of cqa-fetch's own (docs/formats.md). */
#define XFER_KIND_FIELD "WARC-Cqa-Kind"
#define XFER_DEPTH_FIELD "WARC-Cqa-Depth"
#define XFER_REDIRECTED_FROM_FIELD "WARC-Cqa-Redirected-From"

/* The URLs asked for before x's final response (final_url), space
 * separated, into out: empty when there was no redirect. */
void xfer_redirected_from(const xfer *x, const char *final_url, buf_t *out);

/* Writes the request and response records of x. */
int xfer_write_records(warc_writer *w, const xfer *x, const xfer_record *r,
                       cqa_error *err);

/* ---- scope.c ---- */

/* The crawl's bounds from o (scope_hosts, scope_prefixes, include,
 * exclude) and, when no host or prefix is given, the seeds' hosts.  NULL
 * with err set for a bad regular expression. */
scope *scope_new(const fetch_options *o, const char *const *seeds, size_t n,
                 cqa_error *err);
/* 1 if the normalised URL belongs to the crawl. */
int scope_allows(const scope *s, const char *url);
void scope_free(scope *s);

#endif
