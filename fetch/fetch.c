/*
 * fetch.c - the crawl: seeds and sitemaps into the frontier, transfers out
 * of it, and what each finished transfer means; see fetch.h for the rules.
 *
 * One libcurl multi handle runs everything.  A transfer is added only when
 * it may start at once: fewer than `connections` are active and the
 * frontier hands out an item (its host has a free slot, its delay has
 * passed, its breaker is closed, its robots.txt is known).  So a crawl of
 * 100k URLs holds at most `connections` easy handles;
 * CURLMOPT_MAX_TOTAL_CONNECTIONS / CURLMOPT_MAX_HOST_CONNECTIONS are only a
 * backstop (for redirects to another host).
 *
 * A finished transfer is classified once (complete()): a retryable failure
 * goes back to the frontier and leaves no trace but a counter; anything
 * else is final and gets its WARC records (when there is a response to
 * keep) and its crawl.csv row.  Then its content feeds the crawl: a
 * robots.txt becomes the host's rules, a sitemap's URLs and a page's links
 * (within scope, depth and nofollow) become new items.  Records are written
 * in completion order.
 */
#define _POSIX_C_SOURCE 200809L
#include "fetch.h"

#include <curl/curl.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/csv.h"
#include "../common/http.h"
#include "../common/log.h"
#include "../common/url.h"
#include "../common/warc.h"
#include "internal.h"
#include "links.h"
#include "sitemap.h"

enum {
	/* Milliseconds curl_multi_poll waits at most when nothing happens. */
	POLL_MS = 1000,
	/* A body may always decode to this much, whatever its ratio:
	 * small pages compress 10:1 and more. */
	BOMB_MIN_BYTES = 1 << 20,
	/* Sitemaps and robots.txt are read up to this size decoded
	 * (sitemaps.org caps sitemaps at 50 MB). */
	MAX_META_BYTES = 50 * 1024 * 1024,
	/* A page is decoded up to this much for its links (the parse stage
	 * reads no more of a page either). */
	MAX_PAGE_DECODED = 64 * 1024 * 1024,
};

const char *const fetch_csv_columns[] = {
    "url",       "final_url", "status",
    "error",     "bytes",     "content_type",
    "ms",        "depth",     "discovered_from",
    "redirects", "truncated", "kind",
    "attempts",  "stored",    "tls",
    NULL};

static const char *const kind_names[] = {"page", "robots", "sitemap"};

void fetch_options_default(fetch_options *o)
{
	*o = (fetch_options){
	    .log = NULL,
	    .connections = 16,
	    .per_host = 2,
	    .delay_ms = 0,
	    .connect_timeout = 10,
	    .timeout = 30,
	    .low_speed_limit = 100,
	    .low_speed_time = 30,
	    .max_redirects = 10,
	    .max_body = 10 * 1024 * 1024,
	    .max_ratio = 100,
	    .max_retries = 3,
	    .user_agent = FETCH_USER_AGENT,
	    .warc_gzip = 1,
	    .max_depth = FETCH_DEFAULT_MAX_DEPTH,
	};
}

static long long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void count_error(run *r, const char *cls)
{
	for (size_t i = 0; i < r->n_errors; i++)
		if (!strcmp(r->errors[i].cls, cls)) {
			r->errors[i].n++;
			return;
		}
	if (r->n_errors < MAX_ERROR_KINDS)
		r->errors[r->n_errors++] = (error_count){cls, 1};
}

/* ---- crawl.csv ---- */

typedef struct row {
	const char *final_url;
	long status; /* 0: none */
	const char *error;
	size_t bytes;
	const char *ctype;
	long ms;
	long redirects;
	int truncated;
	int stored;
} row;

static void csv_row(run *r, const frontier_item *it, const row *w)
{
	if (!r->have_csv)
		return;
	csv_writer *c = &r->csv;
	csv_cell(c, it->url);
	csv_cell(c, w->final_url ? w->final_url : it->url);
	if (w->status > 0)
		csv_int(c, w->status);
	else
		csv_cell(c, NULL);
	csv_cell(c, w->error);
	csv_int(c, (long long)w->bytes);
	csv_cell(c, w->ctype);
	csv_int(c, w->ms);
	csv_int(c, it->depth);
	csv_cell(c, it->from);
	csv_int(c, w->redirects);
	csv_int(c, w->truncated);
	csv_cell(c, kind_names[it->kind]);
	csv_int(c, it->attempts);
	csv_int(c, w->stored);
	/* whether an answer over https came from a verified certificate */
	const char *final = w->final_url ? w->final_url : it->url;
	csv_cell(c, w->status > 0 && !strncasecmp(final, "https:", 6)
	                ? (r->o->insecure ? "unverified" : "verified")
	                : NULL);
	csv_end_row(c);
	/* A log that cannot be written stops the crawl: what it would
	 * fetch on could not be accounted for (fetch_run says which file
	 * failed, and why). */
	if (!r->csv_errno && ferror(c->f)) {
		r->csv_errno = errno ? errno : EIO;
		r->stop = 1;
	}
}

/* A URL that was not fetched at all: robots, host down, bad seed.  One
 * tried before its host was given up keeps what its last attempt got: its
 * 429 or 5xx status (with cls), or the error class of its failure. */
static void refuse(run *r, const frontier_item *it, const char *cls)
{
	if (it->last_error)
		cls = it->last_error;
	row w = {.status = it->last_status, .error = cls};
	csv_row(r, it, &w);
	r->stats->urls++;
	r->stats->refused++;
	count_error(r, cls);
	cqa_debug(r->o->log, "%s: not fetched (%s)", it->url, cls);
}

/* ---- starting ---- */

static void live_add(run *r, xfer *x)
{
	x->prev = NULL;
	x->next = r->live;
	if (r->live)
		r->live->prev = x;
	r->live = x;
}

static void live_remove(run *r, xfer *x)
{
	if (x->prev)
		x->prev->next = x->next;
	else
		r->live = x->next;
	if (x->next)
		x->next->prev = x->prev;
}

/* 1 if url is a file:// URL naming a directory: libcurl would read it as
 * an empty file. */
static int is_directory(const char *url)
{
	if (strncasecmp(url, "file:", 5))
		return 0;
	CURLU *h = curl_url();
	char *path = NULL;
	struct stat st;
	int dir = h &&
	          curl_url_set(h, CURLUPART_URL, url,
	                       CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	          curl_url_get(h, CURLUPART_PATH, &path, CURLU_URLDECODE) ==
	              CURLUE_OK &&
	          stat(path, &st) == 0 && S_ISDIR(st.st_mode);
	curl_free(path);
	curl_url_cleanup(h);
	return dir;
}

/* Starts it, or settles it without a transfer.  -1 only when libcurl
 * cannot start anything. */
static int start_item(run *r, frontier_item *it, long long now, cqa_error *err)
{
	if (it->drop) {
		refuse(r, it, it->drop);
		frontier_done(r->fr, it, now, FRONTIER_DROPPED, 0, 0);
		frontier_item_free(it);
		return 0;
	}
	if (it->kind == FRONTIER_PAGE && is_directory(it->url)) {
		it->attempts--; /* nothing was read */
		cqa_warn(r->o->log,
		         "%s: a directory, not a file; give the files in it",
		         it->url);
		refuse(r, it, "read_error");
		frontier_done(r->fr, it, now, FRONTIER_DROPPED, 0, 0);
		frontier_item_free(it);
		return 0;
	}
	if (it->kind == FRONTIER_PAGE) {
		const robots *rules = frontier_robots(r->fr, it);
		if (rules && !r->o->ignore_robots &&
		    !robots_allowed_url(rules, it->url)) {
			it->attempts--; /* never asked */
			refuse(r, it, "robots");
			frontier_done(r->fr, it, now, FRONTIER_DROPPED, 0, 0);
			frontier_item_free(it);
			return 0;
		}
		if (r->o->max_pages && r->pages_started >= r->o->max_pages) {
			r->stop = 1;
			frontier_done(r->fr, it, now, FRONTIER_DROPPED, 0, 0);
			frontier_item_free(it);
			return 0;
		}
		r->pages_started += it->attempts == 1;
	}
	/* --since: ask only whether the page changed. */
	struct curl_slist *headers = NULL;
	const warc_index_entry *since =
	    r->since && it->kind == FRONTIER_PAGE
	        ? warc_index_by_uri(r->since, it->url)
	        : NULL;
	if (since && (since->etag || since->last_modified)) {
		buf_t h = BUF_INIT;
		if (since->etag) {
			buf_printf(&h, "If-None-Match: %s", since->etag);
			headers = curl_slist_append(headers, buf_cstr(&h));
			buf_reset(&h);
		}
		if (since->last_modified) {
			buf_printf(&h, "If-Modified-Since: %s",
			           since->last_modified);
			headers = curl_slist_append(headers, buf_cstr(&h));
		}
		buf_free(&h);
	} else {
		since = NULL;
	}
	if (r->from_header.len)
		headers = curl_slist_append(headers, buf_cstr(&r->from_header));
	xfer *x = xfer_new(r->o, it, headers);
	if (x)
		x->since = since;
	else
		curl_slist_free_all(headers);
	if (!x || curl_multi_add_handle(r->multi, x->easy)) {
		if (x)
			xfer_free(x);
		cqa_fail(err, CQA_ERR_INTERNAL, "%s: cannot start a transfer",
		         it->url);
		return -1;
	}
	live_add(r, x);
	r->active++;
	return 0;
}

/* ---- finishing ---- */

/* Seconds or an HTTP date in Retry-After, as milliseconds from now; 0 if
 * absent or unreadable. */
static long retry_after_ms(const http_response *h)
{
	buf_t v = BUF_INIT;
	long ms = 0;
	if (http_header(h, "Retry-After", &v)) {
		char *end;
		long s = strtol(buf_cstr(&v), &end, 10);
		if (end != buf_cstr(&v) && !*end && s >= 0)
			ms = s > 86400 ? 86400000L : s * 1000;
		else {
			time_t t = curl_getdate(buf_cstr(&v), NULL);
			time_t now = time(NULL);
			if (t > now)
				ms = (long)(t - now) * 1000;
		}
	}
	buf_free(&v);
	return ms;
}

/* 1 if the page url (normalised, not yet known) leads into a crawler
 * trap (trap.h): it gets its row, and the pattern a warning the first
 * time it is seen on the host. */
static int trapped(run *r, const char *url, int depth, const char *from)
{
	if (!r->traps || frontier_known(r->fr, url))
		return 0;
	buf_t why = BUF_INIT;
	int first;
	int kind = trap_check(r->traps, url, from, depth, &why, &first);
	if (kind != TRAP_NONE) {
		frontier_item it = {.url = (char *)url,
		                    .from = (char *)from,
		                    .depth = depth,
		                    .kind = FRONTIER_PAGE};
		frontier_mark_known(r->fr, url); /* one row a URL */
		refuse(r, &it, "trap");
		if (first)
			cqa_warn(r->o->log, "%s: refused as a crawler trap: %s",
			         url, buf_cstr(&why));
	}
	buf_free(&why);
	return kind != TRAP_NONE;
}

/* Adds url (absolute) as kind if it normalises, is in scope and is no
 * crawler trap. */
void crawl_discover(run *r, const char *url, int kind, int depth,
                    const char *from)
{
	buf_t u = BUF_INIT;
	if (url_normalize(url, &r->norm, &u) == 0 &&
	    (kind != FRONTIER_PAGE || (scope_allows(r->sc, buf_cstr(&u)) &&
	                               !trapped(r, buf_cstr(&u), depth, from))))
		frontier_add(r->fr, buf_cstr(&u), kind, depth, from);
	buf_free(&u);
}

void crawl_follow_links(run *r, int depth, const char *base, const buf_t *body)
{
	link_list links = {0};
	int nofollow = 0, noindex = 0;
	if (links_extract(body->data, body->len, base, &links, &nofollow,
	                  &noindex) < 0 ||
	    (nofollow && !r->o->follow_nofollow)) {
		link_list_free(&links);
		return;
	}
	if (links.cut)
		cqa_warn(r->o->log,
		         "%s: %zu links past the first %u of the page ignored",
		         base, links.cut, LINKS_MAX_PER_PAGE);
	for (size_t i = 0; i < links.n; i++)
		if ((!links.v[i].nofollow || r->o->follow_nofollow) &&
		    !resume_refused(r, links.v[i].url, FRONTIER_PAGE))
			crawl_discover(r, links.v[i].url, FRONTIER_PAGE,
			               depth + 1, base);
	link_list_free(&links);
}

/* 1 if the sitemap index at index names the sitemap map on another host,
 * which sitemaps.org does not allow (a site could make a crawler read
 * and crawl anyone's sitemaps).  The first time, map gets its row. */
static int cross_host_sitemap(run *r, const char *index, const char *map)
{
	buf_t a = BUF_INIT, b = BUF_INIT, u = BUF_INIT;
	int cross = url_host(index, &a) == 0 && url_host(map, &b) == 0 &&
	            strcmp(buf_cstr(&a), buf_cstr(&b)) &&
	            url_normalize(map, &r->norm, &u) == 0;
	if (cross && !frontier_known(r->fr, buf_cstr(&u))) {
		frontier_mark_known(r->fr, buf_cstr(&u)); /* one row a URL */
		frontier_item it = {.url = (char *)buf_cstr(&u),
		                    .from = (char *)index,
		                    .kind = FRONTIER_SITEMAP};
		/* Settled by the earlier run when it is re-read. */
		if (!r->reloading) {
			cqa_warn(r->o->log,
			         "%s: names a sitemap on another host, %s; "
			         "refused (sitemaps.org)",
			         index, buf_cstr(&u));
			refuse(r, &it, "cross_host_sitemap");
		}
	}
	buf_free(&a);
	buf_free(&b);
	buf_free(&u);
	return cross;
}

void crawl_read_sitemap(run *r, const char *url, const buf_t *body)
{
	link_list urls = {0}, maps = {0};
	cqa_error e;
	cqa_error_clear(&e);
	if (sitemap_parse(body->data, body->len, url, &urls, &maps, &e) < 0)
		cqa_warn(r->o->log, "%s: %s", url, e.msg);
	for (size_t i = 0; i < maps.n; i++)
		if (!cross_host_sitemap(r, url, maps.v[i].url))
			crawl_discover(r, maps.v[i].url, FRONTIER_SITEMAP, 0,
			               url);
	for (size_t i = 0; i < urls.n; i++)
		if (!resume_refused(r, urls.v[i].url, FRONTIER_PAGE))
			crawl_discover(r, urls.v[i].url, FRONTIER_PAGE, 0, url);
	cqa_debug(r->o->log, "%s: %zu URLs, %zu sitemaps", url, urls.n, maps.n);
	link_list_free(&urls);
	link_list_free(&maps);
}

/* The rules a robots.txt answer means (RFC 9309 2.3.1). */
robots *crawl_robots_from(run *r, int transport_ok, long status,
                          const buf_t *body)
{
	if (transport_ok && status >= 200 && status < 300)
		return robots_parse(body->data, body->len, r->ua_token);
	if (transport_ok && status >= 400 && status < 500 && status != 429)
		return robots_allow_all();
	return robots_disallow_all();
}

/* Body of the stored response, transfer and content codings undone, at
 * most cap bytes.  Returns 0, or -1 when it would pass cap. */
static int decoded_body(const xfer *x, int is_file, size_t cap, buf_t *out)
{
	if (is_file) {
		buf_add(out, x->resp.data + x->hdr_len,
		        x->resp.len - x->hdr_len);
		return 0;
	}
	http_response h;
	if (http_parse(x->resp.data, x->resp.len, &h) < 0)
		return 0;
	cqa_error e;
	cqa_error_clear(&e);
	if (http_decode_body(&h, cap, out, &e) == CQA_ERR_LIMIT)
		return -1;
	return 0;
}

/* The most bytes a body of raw bytes may decode to: max_ratio times raw,
 * but at least BOMB_MIN_BYTES, and at most the absolute cap of its kind
 * (that cap alone with max_ratio 0).  The cap bounds the bytes produced,
 * not an estimate: decoding stops where it is passed. */
static size_t decode_cap(const fetch_options *o, int kind, size_t raw)
{
	size_t absolute =
	    kind == FRONTIER_PAGE ? MAX_PAGE_DECODED : MAX_META_BYTES;
	if (o->max_ratio <= 0)
		return absolute;
	double by_ratio = (double)raw * o->max_ratio;
	if (by_ratio < BOMB_MIN_BYTES)
		by_ratio = BOMB_MIN_BYTES;
	return by_ratio < (double)absolute ? (size_t)by_ratio : absolute;
}

/* not_html_dropped: a 2xx answer that is not HTML, logged and not stored,
 * counts as refused (not fetched as a page), with no error kind; a 404
 * that is not HTML is still an HTTP error. */
static void count_final(run *r, long status, int transport_ok, const char *cls,
                        size_t bytes, int not_html_dropped)
{
	fetch_stats *st = r->stats;
	st->urls++;
	st->bytes += bytes;
	if (!transport_ok) {
		st->failed++;
		count_error(r, cls);
	} else if (cls && *cls) {
		st->refused++;
		count_error(r, cls);
	} else if (not_html_dropped) {
		st->refused++;
	} else if (status >= 200 && status < 300) {
		st->ok++;
	} else if (status >= 300 && status < 400) {
		st->redirects++;
	} else if (status >= 400) {
		st->http_errors++;
	}
	cqa_progress_set_queue(&r->progress, frontier_pending(r->fr),
	                       st->failed + st->http_errors);
	cqa_progress_add(&r->progress, 1, bytes);
}

/* A 304 to a --since request: a revisit record, and the earlier
 * capture's links for the crawl. */
static int not_modified(run *r, xfer *x, frontier_item *it,
                        const char *final_url, const char *ip,
                        curl_off_t total_us, long redirects, const buf_t *chain,
                        cqa_error *err)
{
	char date[32];
	warc_format_date((long long)time(NULL) - total_us / 1000000, date);
	xfer_record rec = {.final_url = final_url,
	                   .ip = ip,
	                   .date = date,
	                   .warcinfo_id = r->warcinfo_id,
	                   .refers = x->since,
	                   .kind = kind_names[it->kind],
	                   .depth = it->depth,
	                   .redirected_from =
	                       chain->len ? buf_cstr(chain) : NULL};
	if (xfer_write_records(r->warc, x, &rec, err) < 0) {
		frontier_item_free(it);
		return -1;
	}
	row w = {.final_url = final_url,
	         .status = 304,
	         .error = "",
	         .ms = (long)(total_us / 1000),
	         .redirects = redirects,
	         .stored = 1};
	csv_row(r, it, &w);
	r->stats->urls++;
	r->stats->not_modified++;
	cqa_progress_add(&r->progress, 1, 0);
	cqa_debug(r->o->log, "%s: not modified since %s", it->url,
	          x->since->date ? x->since->date : "the earlier audit");
	if (r->o->crawl &&
	    (r->o->max_depth < 0 || it->depth < r->o->max_depth)) {
		warc_record old;
		memset(&old, 0, sizeof old);
		cqa_error e;
		cqa_error_clear(&e);
		http_response h;
		if (warc_index_read(r->since, x->since, &old, &e) == 0 &&
		    http_parse(old.block, old.block_len, &h) == 0) {
			buf_t body = BUF_INIT;
			http_decode_body(&h, MAX_PAGE_DECODED, &body, &e);
			crawl_follow_links(r, it->depth, final_url, &body);
			buf_free(&body);
		} else {
			cqa_warn(r->o->log, "%s: %s", it->url, e.msg);
		}
		warc_record_free(&old);
	}
	frontier_item_free(it);
	return 0;
}

/* Marks n bytes of url known, normalised as the frontier has them. */
static void mark_known(run *r, const char *url, size_t n)
{
	char *one = xstrndup(url, n);
	buf_t u = BUF_INIT;
	if (!strncasecmp(one, "file:", 5))
		frontier_mark_known(r->fr, one);
	else if (url_normalize(one, &r->norm, &u) == 0)
		frontier_mark_known(r->fr, buf_cstr(&u));
	buf_free(&u);
	free(one);
}

/* Marks the final URL of x and the URLs its redirects came from known,
 * and puts the latter into chain (xfer_redirected_from). */
static void settle_chain(run *r, const xfer *x, const char *final_url,
                         buf_t *chain)
{
	xfer_redirected_from(x, final_url, chain);
	mark_known(r, final_url, strlen(final_url));
	for (const char *p = buf_cstr(chain); *p;) {
		size_t n = strcspn(p, " ");
		mark_known(r, p, n);
		p += n + (p[n] == ' ');
	}
}

/* Everything a finished transfer means. */
static int complete(run *r, xfer *x, CURLcode rc, cqa_error *err)
{
	frontier_item *it = x->item;
	const fetch_options *o = r->o;
	long long now = now_ms();
	long status = 0, redirects = 0;
	char *final_url = NULL, *ip = NULL, *ctype = NULL;
	curl_off_t total_us = 0;
	curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &final_url);
	curl_easy_getinfo(x->easy, CURLINFO_PRIMARY_IP, &ip);
	curl_easy_getinfo(x->easy, CURLINFO_CONTENT_TYPE, &ctype);
	curl_easy_getinfo(x->easy, CURLINFO_REDIRECT_COUNT, &redirects);
	curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME_T, &total_us);
	if (!final_url)
		final_url = it->url;
	int is_file = !strncasecmp(final_url, "file:", 5);
	int transport_ok = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR &&
	                                      (x->truncated || x->not_html));
	if (transport_ok && !x->hdr_done) {
		x->hdr_done = 1; /* an empty body: no write callback ran */
		x->hdr_len = x->resp.len;
	}
	if (is_file) {
		status = 200;
		ctype = (char *)xfer_file_type(final_url);
	}
	const char *cls = transport_ok ? "" : xfer_error_class(x, rc);
	http_response h = {0};
	int have_http = !is_file && transport_ok &&
	                http_parse(x->resp.data, x->resp.len, &h) == 0;

	/* Retry what may succeed later; the item goes back, nothing is
	 * written. */
	int retryable = transport_ok
	                    ? status == 429 || (status >= 500 && status < 600)
	                    : !is_file && (!strcmp(cls, "connect") ||
	                                   !strcmp(cls, "timeout") ||
	                                   !strcmp(cls, "read_error"));
	int host_failure = transport_ok ? retryable
	                                : retryable || !strcmp(cls, "dns") ||
	                                      !strncmp(cls, "tls", 3);
	if (it->kind != FRONTIER_ROBOTS && retryable) {
		long wait = have_http ? retry_after_ms(&h) : 0;
		/* What it got, should its host be given up before the next
		 * attempt. */
		it->last_status = transport_ok ? status : 0;
		it->last_error = transport_ok ? NULL : cls;
		if (frontier_done(r->fr, it, now, FRONTIER_RETRYABLE, wait,
		                  host_failure)) {
			r->stats->retries++;
			cqa_debug(o->log, "%s: %s, will retry", it->url,
			          transport_ok ? "server error" : cls);
			return 0;
		}
		it = x->item; /* unchanged, now ours to finish */
	} else {
		frontier_done(r->fr, it, now,
		              transport_ok ? FRONTIER_OK : FRONTIER_FAILED, 0,
		              it->kind != FRONTIER_ROBOTS && host_failure);
	}

	/* Every URL of a redirect chain leads to this answer: linking to
	 * any of them later, or from this very page, must not fetch it
	 * again. */
	buf_t chain = BUF_INIT;
	if (transport_ok)
		settle_chain(r, x, final_url, &chain);

	if (x->since && transport_ok && status == 304) {
		int nrc = not_modified(r, x, it, final_url, ip, total_us,
		                       redirects, &chain, err);
		buf_free(&chain);
		return nrc;
	}

	/* Decoded once: the bomb test, and the text robots.txt, sitemaps
	 * and link extraction read.  Decoding stops at a cap on the bytes
	 * it produces (decode_cap); a body smaller than that cap that
	 * decodes past it was inflated past it, and is a bomb, whatever its
	 * size.  Only a body already larger than the cap as received (with
	 * a large max_body) is read in part instead. */
	buf_t body = BUF_INIT;
	int bomb = 0;
	size_t raw = x->resp.len - x->hdr_len, cap = 0;
	int need_body = it->kind != FRONTIER_PAGE || o->crawl;
	if (!need_body && have_http) {
		/* Only the bomb test needs it: a body with no coding but
		 * chunked is no bomb. */
		buf_t ce = BUF_INIT, te = BUF_INIT;
		need_body = (http_header(&h, "Content-Encoding", &ce) &&
		             strcasecmp(buf_cstr(&ce), "identity")) ||
		            (http_header(&h, "Transfer-Encoding", &te) &&
		             strcasecmp(buf_cstr(&te), "chunked"));
		buf_free(&ce);
		buf_free(&te);
	}
	if (transport_ok && !x->not_html && need_body) {
		cap = decode_cap(o, it->kind, raw);
		bomb = decoded_body(x, is_file, cap, &body) < 0 && raw < cap;
	}
	if (bomb) {
		cls = "decompression_bomb";
		buf_free(&body); /* no use for it, and up to cap bytes */
	}

	row w = {
	    .final_url = final_url,
	    .status = transport_ok ? status : 0,
	    .error = cls,
	    .bytes = 0,
	    .ctype = transport_ok ? ctype : NULL,
	    .ms = (long)(total_us / 1000),
	    .redirects = redirects,
	    .truncated = x->truncated,
	};
	/* robots.txt and sitemaps are kept as evidence only when they are
	 * the real thing: a 404 page in their place is no document. */
	int store =
	    transport_ok && !bomb && (!x->not_html || o->keep_non_html) &&
	    (it->kind == FRONTIER_PAGE || (status >= 200 && status < 300));
	if (store) {
		char date[32];
		warc_format_date((long long)time(NULL) - total_us / 1000000,
		                 date);
		xfer_record rec = {.final_url = final_url,
		                   .ip = ip,
		                   .date = date,
		                   .is_file = is_file,
		                   .file_type = ctype,
		                   .warcinfo_id = r->warcinfo_id,
		                   .kind = kind_names[it->kind],
		                   .depth = it->depth,
		                   .redirected_from =
		                       chain.len ? buf_cstr(&chain) : NULL};
		if (xfer_write_records(r->warc, x, &rec, err) < 0) {
			buf_free(&chain);
			buf_free(&body);
			frontier_item_free(it);
			return -1;
		}
		w.stored = 1;
		w.bytes = x->resp.len - x->hdr_len;
		if (x->truncated)
			cqa_warn(o->log, "%s: body cut at %zu bytes (max_body)",
			         it->url, w.bytes);
	}
	if (!transport_ok)
		cqa_warn(o->log, "%s: %s (%s)", it->url, cls,
		         x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	else if (bomb)
		cqa_warn(o->log,
		         "%s: refused as a decompression bomb: %zu bytes "
		         "decode to more than %zu (--max-ratio %g, at most "
		         "%zu MiB)",
		         it->url, raw, cap, o->max_ratio,
		         (size_t)(it->kind == FRONTIER_PAGE ? MAX_PAGE_DECODED
		                                            : MAX_META_BYTES) >>
		             20);
	else
		cqa_debug(o->log, "%s: %ld, %zu bytes, %ld ms", it->url, status,
		          w.bytes, w.ms);
	csv_row(r, it, &w);
	count_final(r, status, transport_ok, cls, w.bytes,
	            x->not_html && !w.stored && status >= 200 && status < 300);

	/* What the answer teaches the crawl. */
	int ok2xx = transport_ok && !bomb && status >= 200 && status < 300;
	if (it->kind == FRONTIER_ROBOTS) {
		robots *rules =
		    crawl_robots_from(r, transport_ok && !bomb, status, &body);
		if (r->sitemaps_from_robots) {
			const char **maps;
			size_t n = robots_sitemaps(rules, &maps);
			for (size_t i = 0; i < n; i++)
				crawl_discover(r, maps[i], FRONTIER_SITEMAP, 0,
				               it->url);
		}
		frontier_set_robots(r->fr, it, rules);
		/* The host's address is refused, or its certificate: so is
		 * every page of it, for that reason rather than as robots'
		 * disallow-all (the pages would fail the same way). */
		if (!strcmp(cls, "private_address") || !strncmp(cls, "tls", 3))
			frontier_drop_host(r->fr, it, cls);
	} else if (it->kind == FRONTIER_SITEMAP && ok2xx) {
		crawl_read_sitemap(r, final_url, &body);
	} else if (it->kind == FRONTIER_PAGE && ok2xx && !x->not_html &&
	           !is_file && o->crawl &&
	           (o->max_depth < 0 || it->depth < o->max_depth)) {
		crawl_follow_links(r, it->depth, final_url, &body);
	}
	buf_free(&chain);
	buf_free(&body);
	frontier_item_free(it);
	return 0;
}

/* ---- the loop ---- */

static void sleep_ms(long long ms)
{
	if (ms <= 0)
		return;
	struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000};
	nanosleep(&ts, NULL);
}

static int drive(run *r, cqa_error *err)
{
	size_t max_active = (size_t)r->o->connections;
	for (;;) {
		if (r->o->interrupt && *r->o->interrupt) {
			r->stats->interrupted = 1;
			return 0; /* fetch_run abandons what is running */
		}
		long long now = now_ms(), wake = LLONG_MAX;
		frontier_item *it;
		while (!r->stop && r->active < max_active &&
		       (it = frontier_next(r->fr, now, &wake)))
			if (start_item(r, it, now, err) < 0)
				return -1;
		if (r->active == 0) {
			if (r->stop || !frontier_pending(r->fr) ||
			    wake == LLONG_MAX)
				return 0;
			sleep_ms(wake - now < POLL_MS ? wake - now : POLL_MS);
			continue;
		}
		int running = 0, left = 0, done = 0;
		CURLMcode mc = curl_multi_perform(r->multi, &running);
		if (mc != CURLM_OK) {
			cqa_fail(err, CQA_ERR_INTERNAL, "libcurl: %s",
			         curl_multi_strerror(mc));
			return -1;
		}
		CURLMsg *m;
		while ((m = curl_multi_info_read(r->multi, &left))) {
			if (m->msg != CURLMSG_DONE)
				continue;
			xfer *x = NULL;
			curl_easy_getinfo(m->easy_handle, CURLINFO_PRIVATE, &x);
			CURLcode result = m->data.result;
			curl_multi_remove_handle(r->multi, x->easy);
			live_remove(r, x);
			r->active--;
			done++;
			int crc = complete(r, x, result, err);
			xfer_free(x);
			if (crc < 0)
				return -1;
		}
		/* Poll only when nothing finished: a freed slot is refilled
		 * at once.  A host waiting out its delay wakes the loop. */
		if (!done && running > 0) {
			long long t = wake == LLONG_MAX ? POLL_MS : wake - now;
			if (t > POLL_MS)
				t = POLL_MS;
			curl_multi_poll(r->multi, NULL, 0, t > 0 ? (int)t : 0,
			                NULL);
		}
	}
}

/* A header value may not hold control characters: a CR or LF would
 * smuggle a header of its own into every request. */
static int header_safe(const char *v)
{
	for (const unsigned char *p = (const unsigned char *)v; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

void fetch_options_tls_env(fetch_options *o)
{
	const char *file = getenv("SSL_CERT_FILE"),
	           *dir = getenv("SSL_CERT_DIR");
	if (!o->cacert && file && *file)
		o->cacert = file;
	if (!o->capath && dir && *dir)
		o->capath = dir;
}

void fetch_tls_check(const char *prog, const cqa_log *log, fetch_options *o)
{
	int given_file = o->cacert != NULL, given_dir = o->capath != NULL;
	fetch_options_tls_env(o);
	struct stat st;
	if (o->cacert && (stat(o->cacert, &st) != 0 || !S_ISREG(st.st_mode) ||
	                  access(o->cacert, R_OK) != 0))
		cqa_die(prog, CQA_ERR_USAGE, "%s%s: not a readable file",
		        given_file ? "--cacert " : "$SSL_CERT_FILE ",
		        o->cacert);
	if (o->capath && (stat(o->capath, &st) != 0 || !S_ISDIR(st.st_mode)))
		cqa_die(prog, CQA_ERR_USAGE, "%s%s: not a directory",
		        given_dir ? "--capath " : "$SSL_CERT_DIR ", o->capath);
	if (o->insecure)
		cqa_warn(log, "--insecure: certificates are not verified; "
		              "anyone between here and the sites could have "
		              "answered (the WARC's warcinfo record says so)");
}

static int write_warcinfo(run *r, cqa_error *err)
{
	const fetch_options *o = r->o;
	buf_t b = BUF_INIT;
	buf_printf(&b,
	           "software: cqa-fetch " CQA_VERSION "\r\n"
	           "format: WARC File Format 1.1\r\n"
	           "conformsTo: http://iipc.github.io/warc-specifications/"
	           "specifications/warc-format/warc-1.1/\r\n"
	           "robots: %s\r\n"
	           "http-header-user-agent: %s\r\n",
	           o->ignore_robots ? "ignore" : "obey", o->user_agent);
	if (r->from_header.len)
		buf_printf(&b, "http-header-from: %s\r\n",
		           buf_cstr(&r->from_header) + 6);
	/* Whom the crawl trusted: a reader of the archive can tell answers
	 * from a verified server from answers that were not checked. */
	if (o->insecure)
		buf_printf(&b, "tls-verify: off\r\n");
	else if (o->cacert && header_safe(o->cacert))
		buf_printf(&b, "tls-ca-file: %s\r\n", o->cacert);
	if (!o->insecure && o->capath && header_safe(o->capath))
		buf_printf(&b, "tls-ca-path: %s\r\n", o->capath);
	/* The earlier WARC this run's revisit records refer to, as an
	 * absolute path: a reader of this file (cqa-parse, or the next
	 * --since audit) finds the unchanged pages' payloads through it. */
	char *since = o->since_warc ? realpath(o->since_warc, NULL) : NULL;
	if (since && header_safe(since))
		buf_printf(&b, "since-warc: %s\r\n", since);
	free(since);
	warc_write_spec s = {
	    .type = "warcinfo",
	    .content_type = "application/warc-fields",
	    .block = b.data,
	    .block_len = b.len,
	    .payload_offset = (size_t)-1,
	};
	int rc = warc_write(r->warc, &s, r->warcinfo_id, err);
	buf_free(&b);
	return rc < 0 ? -1 : 0;
}

/* "cqa/1.0 (+https://...)" -> "cqa": what robots.txt groups name. */
static void ua_token(const char *ua, char *out, size_t size)
{
	size_t n = 0;
	while (ua && n + 1 < size &&
	       ((*ua >= 'a' && *ua <= 'z') || (*ua >= 'A' && *ua <= 'Z') ||
	        *ua == '-' || *ua == '_'))
		out[n++] = *ua++;
	out[n] = '\0';
}

/* Seeds and sitemaps into the frontier. */
static void seed(run *r, const char *const *urls, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *u = urls[i];
		if (!strncasecmp(u, "file:", 5)) {
			frontier_add(r->fr, u, FRONTIER_PAGE, 0, NULL);
			continue;
		}
		buf_t norm = BUF_INIT;
		if (url_normalize(u, &r->norm, &norm) == 0) {
			if (!frontier_add(r->fr, buf_cstr(&norm), FRONTIER_PAGE,
			                  0, NULL))
				cqa_debug(r->o->log,
				          "%s: repeated, fetched once", u);
		} else {
			frontier_item bad = {.url = (char *)u};
			refuse(r, &bad, "bad_url");
		}
		buf_free(&norm);
	}
	for (size_t i = 0; i < r->o->n_sitemaps; i++) {
		const char *s = r->o->sitemaps[i];
		if (!strcasecmp(s, "robots"))
			r->sitemaps_from_robots = 1;
		else
			crawl_discover(r, s, FRONTIER_SITEMAP, 0, NULL);
	}
}

/* The User-Agent to send: o->user_agent as given, or, when it is the
 * default and there is a contact, the default with the contact in its
 * comment, so a site owner reading the log finds whom to write to.  An
 * e-mail contact is also the From header. */
static int user_agent_of(const fetch_options *o, buf_t *ua, buf_t *from,
                         cqa_error *err)
{
	const char *given = o->user_agent ? o->user_agent : FETCH_USER_AGENT;
	if (!header_safe(given) || (o->contact && !header_safe(o->contact))) {
		cqa_fail(err, CQA_ERR_USAGE,
		         "--user-agent and --contact may not hold control "
		         "characters");
		return -1;
	}
	if (o->contact && *o->contact && !strcmp(given, FETCH_USER_AGENT))
		buf_printf(ua,
		           FETCH_USER_AGENT_PRODUCT " (" FETCH_USER_AGENT_URL
		                                    "; %s)",
		           o->contact);
	else
		buf_adds(ua, given);
	if (o->contact && strchr(o->contact, '@'))
		buf_printf(from, "From: %s", o->contact);
	return 0;
}

int fetch_options_check(const fetch_options *o, const char *const *urls,
                        size_t n, cqa_error *err)
{
	buf_t ua = BUF_INIT, from = BUF_INIT;
	int rc = user_agent_of(o, &ua, &from, err);
	buf_free(&ua);
	buf_free(&from);
	if (rc < 0)
		return -1;
	/* "robots" stands for the inputs' hosts' robots.txt: without an
	 * input it would name nothing, and the run would do nothing. */
	for (size_t i = 0; i < o->n_sitemaps && n == 0; i++)
		if (!strcasecmp(o->sitemaps[i], "robots")) {
			cqa_fail(
			    err, CQA_ERR_USAGE,
			    "--sitemap robots reads the Sitemap lines of "
			    "the inputs' hosts' robots.txt, and no URL was "
			    "given; give the site's URL, or the sitemap's "
			    "with --sitemap URL");
			return -1;
		}
	scope *sc = scope_new(o, urls, n, err);
	if (!sc)
		return -1;
	scope_free(sc);
	if (o->since_warc) {
		FILE *f = fopen(o->since_warc, "rb");
		if (!f) {
			cqa_fail(err, CQA_ERR_IO, "--since %s: %s",
			         o->since_warc, strerror(errno));
			return -1;
		}
		fclose(f);
	}
	return 0;
}

int fetch_run(const fetch_options *o, const char *const *urls, size_t n,
              FILE *warc, FILE *csv, fetch_stats *stats, cqa_error *err)
{
	fetch_stats local;
	fetch_options eff = *o;
	if (eff.connections < 1)
		eff.connections = 1;
	if (eff.per_host < 1)
		eff.per_host = 1;
	run r = {.o = &eff, .stats = stats ? stats : &local};
	memset(r.stats, 0, sizeof *r.stats);
	r.norm.strip_params = eff.strip_params;
	if (user_agent_of(&eff, &r.user_agent, &r.from_header, err) < 0) {
		buf_free(&r.user_agent);
		buf_free(&r.from_header);
		return -1;
	}
	eff.user_agent = buf_cstr(&r.user_agent);
	ua_token(eff.user_agent, r.ua_token, sizeof r.ua_token);
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		cqa_fail(err, CQA_ERR_INTERNAL, "libcurl failed to initialise");
		return -1;
	}
	frontier_options fo;
	frontier_options_default(&fo);
	fo.per_host = eff.per_host;
	fo.delay_ms = eff.delay_ms;
	fo.max_retries = eff.max_retries;
	if (eff.backoff_ms > 0)
		fo.backoff_ms = eff.backoff_ms;
	if (eff.breaker_cooldown_ms > 0)
		fo.breaker_cooldown_ms = eff.breaker_cooldown_ms;
	if (eff.breaker_give_up_ms > 0)
		fo.breaker_give_up_ms = eff.breaker_give_up_ms;
	fo.seed = (unsigned long long)time(NULL) ^ (unsigned long long)now_ms();
	/* robots.txt is read even when ignored: Sitemap lines and
	 * Crawl-delay still help; only its rules are not obeyed. */
	fo.robots = 1;
	r.fr = frontier_new(&fo);
	if (!eff.ignore_traps)
		r.traps = trap_new(NULL, &r.norm);
	int rc = -1;
	r.sc = scope_new(&eff, urls, n, err);
	r.multi = curl_multi_init();
	r.warc = warc_writer_open_threaded(warc, eff.warc_gzip, 0);
	if (!r.sc)
		goto out;
	if (!r.multi || !r.warc) {
		cqa_fail(err, CQA_ERR_INTERNAL, "cannot set up the fetcher");
		goto out;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	                  eff.connections);
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, eff.per_host);
	curl_multi_setopt(r.multi, CURLMOPT_PIPELINING,
	                  (long)CURLPIPE_MULTIPLEX);
	if (csv) {
		if (eff.resume_csv) {
			r.csv.f = csv; /* appending under the old header */
			r.csv.col = 0;
		} else {
			csv_begin(&r.csv, csv);
			csv_header(&r.csv, fetch_csv_columns);
		}
		r.have_csv = 1;
	}
	if (eff.ignore_robots)
		cqa_warn(eff.log,
		         "ignoring robots.txt rules (--ignore-robots)");
	/* The earlier audit first (resuming re-reads unchanged pages from
	 * it), then the interrupted run, read before this run appends. */
	if (eff.since_warc) {
		r.since = warc_index_build(eff.since_warc, eff.log, err);
		if (!r.since)
			goto out;
		cqa_note(eff.log, "%s: %zu earlier captures to compare with",
		         eff.since_warc, warc_index_size(r.since));
	}
	if ((eff.resume_warc || eff.resume_csv) && resume_load(&r, err) < 0)
		goto out;
	if (write_warcinfo(&r, err) < 0)
		goto out;
	/* The total is known for a list of URLs, or a crawl's page cap. */
	cqa_progress_start(&r.progress, eff.log, "pages",
	                   eff.crawl || eff.n_sitemaps ? eff.max_pages : n);
	seed(&r, urls, n);
	rc = drive(&r, err);
	cqa_progress_finish(&r.progress);
	if (rc == 0 && csv && !r.csv_errno && (fflush(csv) || ferror(csv)))
		r.csv_errno = errno ? errno : EIO;
	if (rc == 0 && r.csv_errno) {
		cqa_fail(err, CQA_ERR_IO, "%s: cannot write: %s",
		         eff.crawl_log_name ? eff.crawl_log_name : "crawl log",
		         strerror(r.csv_errno));
		rc = -1;
	}
	buf_t e = BUF_INIT;
	for (size_t i = 0; i < r.n_errors; i++)
		buf_printf(&e, "%s%s=%zu", i ? " " : "", r.errors[i].cls,
		           r.errors[i].n);
	snprintf(r.stats->errors, sizeof r.stats->errors, "%s", buf_cstr(&e));
	buf_free(&e);
out:
	while (r.live) { /* after a failure */
		xfer *x = r.live;
		live_remove(&r, x);
		curl_multi_remove_handle(r.multi, x->easy);
		frontier_item_free(x->item);
		xfer_free(x);
	}
	if (r.multi)
		curl_multi_cleanup(r.multi);
	if (r.warc && warc_writer_close(r.warc, rc == 0 ? err : NULL) < 0)
		rc = -1;
	frontier_free(r.fr);
	trap_free(r.traps);
	scope_free(r.sc);
	warc_index_free(r.since);
	buf_free(&r.user_agent);
	buf_free(&r.from_header);
	curl_global_cleanup();
	return rc;
}

char *fetch_input_to_url(const char *input, cqa_error *err)
{
	/* RFC 3986 scheme, then "://": "http://x", "file:///x". */
	size_t s = 0;
	while (
	    (input[s] >= 'a' && input[s] <= 'z') ||
	    (input[s] >= 'A' && input[s] <= 'Z') ||
	    (s > 0 && ((input[s] >= '0' && input[s] <= '9') ||
	               input[s] == '+' || input[s] == '-' || input[s] == '.')))
		s++;
	if (s > 0 && !strncmp(input + s, "://", 3))
		return xstrdup(input);

	(void)err;
	buf_t url = BUF_INIT;
	url_from_path(input, &url);
	return buf_detach(&url, NULL);
}
