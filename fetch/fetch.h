/*
 * fetch.h - libcqa_fetch: URLs to WARC records and crawl.csv rows.
 *
 * fetch_run() fetches the seed URLs and, with `crawl`, every page they link
 * to within the scope (scope.c), breadth first as discovered; with
 * `sitemaps`, every page the sitemaps list; a link into a crawler trap
 * (trap.h) is refused with a row of its own unless `ignore_traps`.  URLs
 * are normalised (common/url.h: case, dot segments, default ports,
 * fragments, chosen query parameters) so each page is fetched once.  The
 * frontier (frontier.h) decides what starts when: at most `connections`
 * transfers at once and `per_host` to one host, requests to a host spaced
 * by `delay_ms` or its robots.txt Crawl-delay, hosts taking turns,
 * retries with exponential backoff and jitter for connection errors, 429
 * and 5xx (honouring Retry-After), and a circuit breaker for hosts that
 * keep failing.  Each host's robots.txt (RFC 9309) is fetched before its
 * first page and obeyed unless `ignore_robots`; a 4xx robots.txt allows
 * everything, a 5xx or an unreachable one disallows everything.  Redirects
 * are followed (http and https only, at most max_redirects).
 *
 * The WARC starts with a warcinfo record.  Each completed HTTP transfer
 * becomes a `request` record (the header block of the last request sent) and
 * a `response` record (WARC-Concurrent-To the request) holding the final
 * response exactly as received: header block, then the body with its
 * transfer and content codings intact (chunked and gzip bodies are stored as
 * sent; the parse stage decodes them).  Both records carry the final URL as
 * WARC-Target-URI; the URL asked for stays in crawl.csv, and with the URLs
 * of the redirects on the way in the response's WARC-Cqa-Redirected-From,
 * beside WARC-Cqa-Kind and WARC-Cqa-Depth (what --resume needs when there
 * is no crawl.csv).  A body longer than max_body is cut there and its
 * record gets "WARC-Truncated: length".  robots.txt and sitemaps that were
 * fetched are stored like pages.  A page whose Content-Type is not HTML is
 * stopped after its headers and stored only with keep_non_html.  A retried
 * URL is stored once, from its last attempt.
 *
 * file:// URLs are accepted as inputs (the demo and `cqa check` run
 * offline) but never followed from a redirect.  A file has no HTTP exchange,
 * so it gets no request record and a `response` record whose block is a
 * synthetic "HTTP/1.1 200 OK" header (Content-Type guessed from the file
 * extension, Content-Length) and the file's bytes: the parse stage then
 * treats every input alike.
 *
 * Every URL fetched or refused gets one crawl.csv row (docs/formats.md has
 * the columns).  Error classes (column `error`; empty when a response was
 * recorded):
 *   dns                 the host name did not resolve
 *   connect             no connection (refused, unreachable)
 *   timeout             connect_timeout, timeout or the low-speed limit
 *   tls                 TLS handshake or certificate verification failed
 *   redirect_refused    a redirect pointed to a scheme other than http(s)
 *   too_many_redirects  more than max_redirects redirects
 *   too_large           the response header block passed its cap
 *   bad_url             malformed URL or unsupported scheme in the input
 *   read_error          the connection broke mid-response; unreadable file
 *                       or a directory (not read)
 *   robots              robots.txt disallows the URL (not fetched)
 *   host_down           the host's circuit breaker gave up (not fetched;
 *                       a URL tried before keeps its last status, or the
 *                       class of its last failure instead)
 *   cross_host_sitemap  a sitemap index named a sitemap on another host
 *                       (sitemaps.org forbids it; not fetched)
 *   private_address     refused: a private or loopback address
 *   decompression_bomb  the body decodes to more than max_ratio times
 *                       its size (and 1 MiB), or past the decoded cap
 *                       (not stored)
 *   trap                a link into a crawler trap (trap.h; not fetched)
 *   other               anything else (the message goes to the log)
 */
#ifndef CQA_FETCH_H
#define CQA_FETCH_H

#include <signal.h>
#include <stddef.h>
#include <stdio.h>

#include "../common/error.h"
#include "../common/log.h"

typedef struct fetch_options {
	const cqa_log *log;
	long connections;     /* global limit of parallel transfers */
	long per_host;        /* parallel transfers to one host */
	long delay_ms;        /* between requests to one host; 0: none */
	long connect_timeout; /* seconds; 0 means libcurl's default */
	long timeout;         /* seconds for a whole transfer; 0: none */
	long low_speed_limit; /* bytes/s below which ... */
	long low_speed_time;  /* ... for this many seconds is a timeout */
	long max_redirects;   /* 0: any redirect is too_many_redirects */
	size_t max_body;      /* bytes; a larger body is cut; 0: no cap */
	/* A content-coded body that decodes to more than this many times its
	 * size (and over 1 MiB), or past the decoded cap (64 MiB for a page,
	 * 50 MiB for robots.txt and sitemaps), is a decompression bomb:
	 * refused.  0: only the cap. */
	double max_ratio;
	int max_retries; /* further attempts after a retryable failure */
	/* The frontier's timing (frontier.h), 0 for its defaults: the wait
	 * before a first retry, the circuit breaker's first cool-down, and
	 * how long a host may be shut in all before it is given up.  No
	 * command-line option sets them; a test can, to see a breaker trip
	 * in milliseconds. */
	long backoff_ms;
	long breaker_cooldown_ms;
	long breaker_give_up_ms;
	const char *user_agent;
	/* TLS: the CA certificates to trust (a PEM file, a directory of
	 * hashed certificates) instead of the system's; with insecure, no
	 * verification at all.  fetch_options_tls_env() fills cacert and
	 * capath from SSL_CERT_FILE and SSL_CERT_DIR when they are NULL. */
	const char *cacert;
	const char *capath;
	int insecure;
	/* Who to tell when the crawl misbehaves (an e-mail address or a
	 * URL): added to the default User-Agent's comment, and sent as the
	 * From header (RFC 9110 10.1.2) when it is an address. */
	const char *contact;
	int warc_gzip;      /* 1: one gzip member per WARC record (default) */
	int keep_non_html;  /* store non-HTML pages too */
	int refuse_private; /* no private, loopback or link-local addresses */
	int ignore_robots;  /* fetch what robots.txt disallows (logged) */

	/* Crawling: follow links from the seeds. */
	int crawl;
	int max_depth;    /* links from a seed: -1 for no limit */
	int ignore_traps; /* follow links into crawler traps (trap.h) */
	size_t max_pages; /* pages fetched (robots/sitemaps not counted) */
	int follow_nofollow;
	const char *const *scope; /* hosts, "*.host" or URL prefixes */
	size_t n_scope;
	const char *const *include; /* regular expressions over URLs */
	size_t n_include;
	const char *const *exclude;
	size_t n_exclude;
	const char *const *strip_params; /* query parameters to drop, NULL-
	                                    terminated, or NULL */
	const char *const
	    *sitemaps; /* sitemap URLs; "robots" means the
	                  Sitemap lines of the seeds' robots.txt */
	size_t n_sitemaps;

	/* Resuming: the repaired files of the interrupted run (see
	 * fetch_resume_repair), appended to by this one.  With resume_csv
	 * the crawl log gets no second header. */
	const char *resume_warc;
	const char *resume_csv;
	/* The crawl log's name in messages ("crawl.csv: cannot write:
	 * ..."), or NULL for "crawl log". */
	const char *crawl_log_name;

	/* A scheduled audit: the WARC of the earlier run.  Pages it holds are
	 * asked for with If-None-Match / If-Modified-Since, and a 304 becomes
	 * a `revisit` record referring to the earlier capture. */
	const char *since_warc;

	/* Set (by a signal handler) to stop: no new transfer starts, the
	 * running ones are abandoned unrecorded, and fetch_run returns 0 with
	 * stats->interrupted set, its files whole.  May be NULL. */
	const volatile sig_atomic_t *interrupt;
} fetch_options;

/* Links followed from a seed by default.  Editorial sites put their
 * articles within 10 clicks of the home page, and Heritrix stops at 20
 * hops by default; 50 leaves room for long pagination and "next article"
 * chains while a trap the detector misses still ends. */
#define FETCH_DEFAULT_MAX_DEPTH 50

/* 16 connections, 2 per host, no delay, 10 s connect, 30 s transfer, a
 * timeout below 100 bytes/s for 30 s, 10 redirects, 10 MiB bodies, ratio
 * 100, 3 retries, FETCH_USER_AGENT, gzip WARC, robots.txt obeyed, HTML
 * only, no crawl (depth FETCH_DEFAULT_MAX_DEPTH when crawling, traps
 * refused), no log. */
void fetch_options_default(fetch_options *o);

/* The checks fetch_run makes of o before it writes anything: patterns
 * that compile, --scope values, header-safe User-Agent and contact, a
 * --since WARC that can be opened.  A program calls it before it opens
 * (and so empties) its output files.  Returns 0, or -1 with err. */
int fetch_options_check(const fetch_options *o, const char *const *urls,
                        size_t n, cqa_error *err);

#define FETCH_USER_AGENT_PRODUCT "cqa/" CQA_VERSION
#define FETCH_USER_AGENT_URL "+https://github.com/cqa-project/cqa"
#define FETCH_USER_AGENT FETCH_USER_AGENT_PRODUCT " (" FETCH_USER_AGENT_URL ")"

typedef struct fetch_stats {
	size_t urls;         /* URLs with a crawl.csv row */
	size_t ok;           /* 2xx */
	size_t redirects;    /* 3xx as the final answer (304 not included) */
	size_t not_modified; /* 304 to a --since request: a revisit record */
	size_t http_errors;  /* 4xx and 5xx */
	size_t failed;       /* no response */
	size_t refused;      /* not fetched: robots, host down, not HTML... */
	size_t retries;      /* attempts repeated */
	unsigned long long bytes;
	/* Failures and refusals by error class, "dns=2 timeout=1". */
	char errors[256];
	int interrupted; /* stopped by fetch_options.interrupt */
	/* Resuming: URLs the interrupted run had settled (not in urls), and
	 * the answers it stored (response and revisit records). */
	size_t resumed;
	size_t resumed_stored;
} fetch_stats;

/* Sets o->cacert and o->capath from $SSL_CERT_FILE and $SSL_CERT_DIR
 * where they are NULL, as OpenSSL and the curl tool read them. */
void fetch_options_tls_env(fetch_options *o);
/* For the programs that fetch: fills o from the environment
 * (fetch_options_tls_env), dies (usage error) when --cacert or --capath
 * cannot be read, and warns when --insecure turns verification off. */
void fetch_tls_check(const char *prog, const cqa_log *log, fetch_options *o);

/* warc: where records go (required).  csv: crawl.csv rows, header
 * included (may be NULL).  Per-URL failures are rows, not errors; the return
 * is -1 only when output cannot be written. */
int fetch_run(const fetch_options *o, const char *const *urls, size_t n,
              FILE *warc, FILE *csv, fetch_stats *stats, cqa_error *err);

/* Before resuming into warc_path (and csv_path, may be NULL): cuts a
 * partial record off the WARC and a partial row off the log, drops rows
 * whose stored record was lost and adds rows for records the log lost
 * (resume.c).  A missing WARC is a fresh start.  Returns 0, or -1 with err
 * (also for a WARC that is not gzip per record). */
int fetch_resume_repair(const char *warc_path, const char *csv_path,
                        cqa_error *err);

/* An input as typed by a person, made a URL: text with a scheme ("http://",
 * "file://") is returned as it is; anything else is a local path, returned
 * as an absolute, percent-encoded file:// URL.  The file need not exist (a
 * missing one becomes a read_error row).  Returns malloc'd memory, or NULL
 * with err set when the working directory cannot be found. */
char *fetch_input_to_url(const char *input, cqa_error *err);

#endif
