/*
 * fetch.c - URLs to WARC records with the libcurl multi interface; see
 * fetch.h for what is written.
 *
 * One multi handle runs everything.  A transfer is added only when it may
 * start at once: fewer than `connections` are active and its host has a free
 * slot (hostq.h says why libcurl's own pending queue is not used for that).
 * So a list of 100k URLs holds at most `connections` easy handles, and
 * CURLMOPT_MAX_TOTAL_CONNECTIONS / CURLMOPT_MAX_HOST_CONNECTIONS are only a
 * backstop (for redirects to another host).
 *
 * Each transfer (xfer) keeps one buffer `resp`: the header callback appends
 * the response header lines and the write callback the body, so the WARC
 * block is built without a copy.  A new status line ("HTTP/...") empties the
 * buffer: only the final response of a redirect chain (or of 100 Continue)
 * is kept.  Request headers come from the debug callback (CURLINFO_HEADER_OUT
 * is the exact block sent); a new block replaces a completed one, so the
 * last request of the chain is the one recorded.
 *
 * Bytes are stored as received: content decoding and transfer decoding are
 * off (curl still parses chunks to find the end of the body), and
 * Accept-Encoding lists only the codings http_decode_body can undo.
 * Records are written as transfers complete, in completion order.
 */
#define _POSIX_C_SOURCE 200809L
#include "fetch.h"

#include <curl/curl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include "../common/buf.h"
#include "../common/csv.h"
#include "../common/url.h"
#include "../common/warc.h"
#include "hostq.h"

#if LIBCURL_VERSION_NUM < 0x075500
#error "cqa-fetch needs libcurl 7.85 or newer (CURLOPT_PROTOCOLS_STR)"
#endif

enum {
	/* A response header block larger than this is refused (too_large):
	 * real ones are a few KiB; curl itself caps single lines. */
	MAX_HEADER_BLOCK = 256 * 1024,
	/* Request header blocks are ours and small; this only guards memory. */
	MAX_REQUEST_BLOCK = 64 * 1024,
	/* Milliseconds curl_multi_poll waits when nothing happens. */
	POLL_MS = 1000,
};

/* Codings advertised in Accept-Encoding: exactly those the parse stage
 * decodes (http_decode_body), since bodies are stored still encoded. */
static const char accept_encoding[] = "gzip, deflate, br";

/* Transport failures, by CURLcode, to the error classes of fetch.h.
 * CURLE_UNSUPPORTED_PROTOCOL and CURLE_WRITE_ERROR depend on the transfer
 * and are decided in error_class(). */
static const struct {
	CURLcode code;
	const char *cls;
} error_table[] = {
    {CURLE_COULDNT_RESOLVE_HOST, "dns"},
    {CURLE_COULDNT_RESOLVE_PROXY, "dns"},
    {CURLE_COULDNT_CONNECT, "connect"},
    {CURLE_OPERATION_TIMEDOUT, "timeout"},
    {CURLE_SSL_CONNECT_ERROR, "tls"},
    {CURLE_PEER_FAILED_VERIFICATION, "tls"},
    {CURLE_SSL_CERTPROBLEM, "tls"},
    {CURLE_SSL_CIPHER, "tls"},
    {CURLE_SSL_CACERT_BADFILE, "tls"},
    {CURLE_SSL_ISSUER_ERROR, "tls"},
    {CURLE_SSL_PINNEDPUBKEYNOTMATCH, "tls"},
    {CURLE_SSL_INVALIDCERTSTATUS, "tls"},
    {CURLE_USE_SSL_FAILED, "tls"},
    {CURLE_TOO_MANY_REDIRECTS, "too_many_redirects"},
    {CURLE_URL_MALFORMAT, "bad_url"},
    {CURLE_FILESIZE_EXCEEDED, "too_large"},
    {CURLE_FILE_COULDNT_READ_FILE, "read_error"},
    {CURLE_READ_ERROR, "read_error"},
    {CURLE_RECV_ERROR, "read_error"},
    {CURLE_SEND_ERROR, "read_error"},
    {CURLE_PARTIAL_FILE, "read_error"},
    {CURLE_GOT_NOTHING, "read_error"},
    {CURLE_WEIRD_SERVER_REPLY, "read_error"},
    {CURLE_BAD_CONTENT_ENCODING, "read_error"},
};

/* Content-Type of a file:// input by extension; the parse stage sniffs the
 * content when this says octet-stream. */
static const struct {
	const char *ext;
	const char *type;
} file_types[] = {
    {".html", "text/html"},      {".htm", "text/html"},
    {".xhtml", "text/html"},     {".txt", "text/plain"},
    {".md", "text/markdown"},    {".markdown", "text/markdown"},
    {".xml", "application/xml"},
};

static const char *const csv_columns[] = {
    "url",          "final_url", "status", "error",           "bytes",
    "content_type", "ms",        "depth",  "discovered_from", "redirects",
    "truncated",    NULL};

typedef struct xfer {
	CURL *easy;
	const char *url; /* as given */
	buf_t resp;      /* final response: header block, then body */
	size_t hdr_len;  /* header block length once hdr_done */
	int hdr_done;    /* blank line seen (later lines are trailers) */
	int got_status;  /* some response arrived (to tell redirect_refused) */
	int truncated;
	int header_too_large;
	size_t max_body;
	buf_t req;                /* request header block of the last request */
	size_t qi;                /* index in the queue (for hostq_done) */
	struct xfer *prev, *next; /* in run.live */
	char errbuf[CURL_ERROR_SIZE];
} xfer;

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
} run;

void fetch_options_default(fetch_options *o)
{
	*o = (fetch_options){
	    .log = NULL,
	    .connections = 16,
	    .per_host = 2,
	    .connect_timeout = 10,
	    .timeout = 30,
	    .max_redirects = 10,
	    .max_body = 10 * 1024 * 1024,
	    .user_agent = FETCH_USER_AGENT,
	    .warc_gzip = 1,
	};
}

static size_t on_header(char *ptr, size_t size, size_t n, void *ud)
{
	xfer *x = ud;
	n *= size;
	if (n >= 5 && !memcmp(ptr, "HTTP/", 5)) {
		/* A new response of the chain: forget the previous one. */
		buf_reset(&x->resp);
		x->hdr_len = 0;
		x->hdr_done = 0;
		x->truncated = 0;
		x->got_status = 1;
	} else if (x->hdr_done) {
		return n; /* trailer after a chunked body: not part of it */
	}
	if (x->resp.len + n > MAX_HEADER_BLOCK) {
		x->header_too_large = 1;
		return 0; /* aborts the transfer */
	}
	buf_add(&x->resp, ptr, n);
	if ((n == 2 && ptr[0] == '\r' && ptr[1] == '\n') ||
	    (n == 1 && ptr[0] == '\n')) {
		x->hdr_done = 1;
		x->hdr_len = x->resp.len;
	}
	return n;
}

static size_t on_body(char *ptr, size_t size, size_t n, void *ud)
{
	xfer *x = ud;
	n *= size;
	if (!x->hdr_done) {
		/* file:// has no header block */
		x->hdr_done = 1;
		x->hdr_len = x->resp.len;
	}
	size_t have = x->resp.len - x->hdr_len;
	if (x->max_body && have + n > x->max_body) {
		buf_add(&x->resp, ptr, x->max_body - have);
		x->truncated = 1;
		return 0; /* aborts with CURLE_WRITE_ERROR; we keep the part */
	}
	buf_add(&x->resp, ptr, n);
	return n;
}

static int on_debug(CURL *h, curl_infotype type, char *data, size_t n, void *ud)
{
	xfer *x = ud;
	if (type != CURLINFO_HEADER_OUT)
		return 0;
	if (x->req.len >= 4 &&
	    !memcmp(x->req.data + x->req.len - 4, "\r\n\r\n", 4))
		buf_reset(&x->req); /* the next request of a redirect chain */
	if (x->req.len + n <= MAX_REQUEST_BLOCK)
		buf_add(&x->req, data, n);
	return 0;
}

static xfer *xfer_new(const fetch_options *o, const char *url)
{
	xfer *x = xcalloc(1, sizeof *x);
	x->url = url;
	x->max_body = o->max_body;
	x->easy = curl_easy_init();
	if (!x->easy) {
		free(x);
		return NULL;
	}
	CURL *e = x->easy;
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, o->max_redirects);
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, accept_encoding);
	curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_USERAGENT,
	                 o->user_agent ? o->user_agent : FETCH_USER_AGENT);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	/* VERBOSE only routes the exchange to on_debug, which keeps the
	 * request headers and drops the rest. */
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	return x;
}

static void xfer_free(xfer *x)
{
	curl_easy_cleanup(x->easy);
	buf_free(&x->resp);
	buf_free(&x->req);
	free(x);
}

static const char *error_class(const xfer *x, CURLcode rc)
{
	if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		return x->got_status ? "redirect_refused" : "bad_url";
	if (rc == CURLE_WRITE_ERROR && x->header_too_large)
		return "too_large";
	for (size_t i = 0; i < sizeof error_table / sizeof *error_table; i++)
		if (error_table[i].code == rc)
			return error_table[i].cls;
	return "other";
}

static const char *file_type(const char *url)
{
	const char *end = url + strcspn(url, "?#");
	for (size_t i = 0; i < sizeof file_types / sizeof *file_types; i++) {
		size_t n = strlen(file_types[i].ext);
		if ((size_t)(end - url) >= n &&
		    !strncasecmp(end - n, file_types[i].ext, n))
			return file_types[i].type;
	}
	return "application/octet-stream";
}

/* Writes the request and response records of a completed transfer. */
static int write_records(run *r, xfer *x, const char *final_url, const char *ip,
                         const char *date, int is_file, const char *ctype,
                         cqa_error *err)
{
	warc_header extra[2] = {{"WARC-Warcinfo-ID", r->warcinfo_id},
	                        {"WARC-Truncated", "length"}};
	size_t n_extra = x->truncated ? 2 : 1;
	char req_id[48] = "";
	buf_t synth = BUF_INIT;
	const void *block = x->resp.data;
	size_t block_len = x->resp.len, payload = x->hdr_len;

	if (is_file) {
		size_t body = x->resp.len - x->hdr_len;
		buf_printf(&synth,
		           "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
		           "Content-Length: %zu\r\n\r\n",
		           ctype, body);
		payload = synth.len;
		buf_add(&synth, x->resp.data + x->hdr_len, body);
		block = synth.data;
		block_len = synth.len;
	} else if (x->req.len) {
		warc_write_spec q = {
		    .type = "request",
		    .target_uri = final_url,
		    .content_type = "application/http;msgtype=request",
		    .date = date,
		    .extra = extra,
		    .n_extra = 1,
		    .block = x->req.data,
		    .block_len = x->req.len,
		    .payload_offset = (size_t)-1,
		};
		if (warc_write(r->warc, &q, req_id, err) < 0)
			return -1;
	}
	warc_write_spec s = {
	    .type = "response",
	    .target_uri = final_url,
	    .content_type = "application/http;msgtype=response",
	    .concurrent_to = req_id[0] ? req_id : NULL,
	    .ip_address = ip && ip[0] ? ip : NULL,
	    .date = date,
	    .extra = extra,
	    .n_extra = n_extra,
	    .block = block ? block : "",
	    .block_len = block_len,
	    .payload_offset = payload,
	};
	int rc = warc_write(r->warc, &s, NULL, err);
	buf_free(&synth);
	return rc < 0 ? -1 : 0;
}

static void csv_row(run *r, const xfer *x, const char *final_url, long status,
                    const char *cls, size_t bytes, const char *ctype, long ms,
                    long redirects)
{
	csv_writer *w = &r->csv;
	csv_cell(w, x->url);
	csv_cell(w, final_url);
	if (status > 0)
		csv_int(w, status);
	else
		csv_cell(w, NULL);
	csv_cell(w, cls);
	csv_int(w, (long long)bytes);
	csv_cell(w, ctype);
	csv_int(w, ms);
	csv_int(w, 0);     /* depth: inputs only, until crawling */
	csv_cell(w, NULL); /* discovered_from */
	csv_int(w, redirects);
	csv_int(w, x->truncated);
	csv_end_row(w);
}

/* Records one finished transfer: WARC records, crawl.csv row, stats. */
static int finish(run *r, xfer *x, CURLcode rc, cqa_error *err)
{
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
		final_url = (char *)x->url;

	int is_file = !strncasecmp(final_url, "file:", 5);
	int ok = rc == CURLE_OK || (rc == CURLE_WRITE_ERROR && x->truncated);
	if (ok && !x->hdr_done) {
		x->hdr_done = 1; /* an empty body: no write callback ran */
		x->hdr_len = x->resp.len;
	}
	if (is_file) {
		status = 200;
		ctype = (char *)file_type(final_url);
	}
	size_t body = ok ? x->resp.len - x->hdr_len : 0;
	long ms = (long)(total_us / 1000);
	const char *cls = ok ? "" : error_class(x, rc);

	if (ok) {
		/* WARC-Date: when the capture began, not when it ended. */
		char date[32];
		warc_format_date((long long)time(NULL) - total_us / 1000000,
		                 date);
		if (write_records(r, x, final_url, ip, date, is_file, ctype,
		                  err) < 0)
			return -1;
		if (x->truncated)
			cqa_warn(r->o->log,
			         "%s: body cut at %zu bytes (max_body)", x->url,
			         body);
		cqa_debug(r->o->log, "%s: %ld, %zu bytes, %ld ms", x->url,
		          status, body, ms);
	} else {
		cqa_warn(r->o->log, "%s: %s (%s)", x->url, cls,
		         x->errbuf[0] ? x->errbuf : curl_easy_strerror(rc));
	}

	if (r->have_csv)
		csv_row(r, x, final_url, ok ? status : 0, cls, body,
		        ok ? ctype : NULL, ms, redirects);
	fetch_stats *st = r->stats;
	st->urls++;
	st->bytes += body;
	if (!ok)
		st->failed++;
	else if (status >= 200 && status < 300)
		st->ok++;
	else if (status >= 400)
		st->http_errors++;
	cqa_progress_add(&r->progress, 1, body);
	return 0;
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
	           "robots: ignore\r\n"
	           "http-header-user-agent: %s\r\n",
	           o->user_agent ? o->user_agent : FETCH_USER_AGENT);
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

typedef struct url_ix {
	const char *s;
	size_t i;
} url_ix;

static int cmp_url_ix(const void *a, const void *b)
{
	const url_ix *x = a, *y = b;
	int c = strcmp(x->s, y->s);
	if (c)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/* The inputs without repeats, in input order (first occurrence wins).
 * Sorting a copy keeps this O(n log n) without a hash table. */
static const char **dedupe(const char *const *urls, size_t n, size_t *out_n)
{
	url_ix *ix = xmalloc((n ? n : 1) * sizeof *ix);
	unsigned char *dup = xcalloc(n ? n : 1, 1);
	for (size_t i = 0; i < n; i++)
		ix[i] = (url_ix){urls[i], i};
	qsort(ix, n, sizeof *ix, cmp_url_ix);
	for (size_t i = 1; i < n; i++)
		if (!strcmp(ix[i].s, ix[i - 1].s))
			dup[ix[i].i] = 1;
	const char **q = xmalloc((n ? n : 1) * sizeof *q);
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (!dup[i])
			q[k++] = urls[i];
	free(ix);
	free(dup);
	*out_n = k;
	return q;
}

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

/* Starts what hostq allows, polls, and finishes transfers until the queue
 * is done. */
static int drive(run *r, const char **queue, hostq *hq, cqa_error *err)
{
	size_t active = 0, max_active = (size_t)r->o->connections;
	for (;;) {
		size_t i;
		while (active < max_active &&
		       (i = hostq_next(hq)) != HOSTQ_NONE) {
			xfer *x = xfer_new(r->o, queue[i]);
			if (!x || curl_multi_add_handle(r->multi, x->easy)) {
				if (x)
					xfer_free(x);
				cqa_fail(err, CQA_ERR_INTERNAL,
				         "%s: cannot start a transfer",
				         queue[i]);
				return -1;
			}
			x->qi = i;
			live_add(r, x);
			active++;
		}
		if (active == 0)
			return 0; /* nothing running and nothing may start */
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
			hostq_done(hq, x->qi);
			active--;
			done++;
			int frc = finish(r, x, result, err);
			xfer_free(x);
			if (frc < 0)
				return -1;
		}
		/* Poll only when nothing finished: a freed slot is refilled
		 * at once. */
		if (!done && running > 0)
			curl_multi_poll(r->multi, NULL, 0, POLL_MS, NULL);
	}
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
	if (curl_global_init(CURL_GLOBAL_DEFAULT)) {
		cqa_fail(err, CQA_ERR_INTERNAL, "libcurl failed to initialise");
		return -1;
	}
	size_t nq = 0;
	const char **queue = dedupe(urls, n, &nq);
	hostq *hq = hostq_new(queue, nq, eff.per_host);
	int rc = -1;
	r.multi = curl_multi_init();
	r.warc = warc_writer_open(warc, eff.warc_gzip);
	if (!r.multi || !r.warc) {
		cqa_fail(err, CQA_ERR_INTERNAL, "cannot set up the fetcher");
		goto out;
	}
	curl_multi_setopt(r.multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	                  eff.connections);
	curl_multi_setopt(r.multi, CURLMOPT_MAX_HOST_CONNECTIONS, eff.per_host);
	if (csv) {
		csv_begin(&r.csv, csv);
		csv_header(&r.csv, csv_columns);
		r.have_csv = 1;
	}
	if (nq < n)
		cqa_debug(eff.log, "%zu repeated URLs skipped", n - nq);
	if (write_warcinfo(&r, err) < 0)
		goto out;
	cqa_progress_start(&r.progress, eff.log, "pages", nq);
	rc = drive(&r, queue, hq, err);
	cqa_progress_finish(&r.progress);
	if (rc == 0 && csv && (fflush(csv) || ferror(csv))) {
		cqa_fail(err, CQA_ERR_IO, "crawl log: write failed");
		rc = -1;
	}
out:
	while (r.live) { /* after a failure */
		xfer *x = r.live;
		live_remove(&r, x);
		curl_multi_remove_handle(r.multi, x->easy);
		xfer_free(x);
	}
	if (r.multi)
		curl_multi_cleanup(r.multi);
	if (r.warc && warc_writer_close(r.warc, rc == 0 ? err : NULL) < 0)
		rc = -1;
	hostq_free(hq);
	free(queue);
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
