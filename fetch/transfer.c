/*
 * transfer.c - one HTTP exchange with libcurl, and its WARC records.
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
 *
 * Requests are HTTP/1.1, or HTTP/2 when an https server offers it; then
 * per_host streams share one connection (CURLOPT_PIPEWAIT waits for it
 * rather than opening more), and the request record holds curl's
 * HTTP/1-style rendering of the request headers, as other crawlers
 * record HTTP/2.
 *
 * Two refusals happen here, before any body is read: a page whose
 * Content-Type is not HTML (the crawl logs it and stores nothing, unless
 * asked to keep everything), and, with refuse_private, a connection to a
 * private, loopback or link-local address (checked on the address curl
 * actually connected to, so DNS cannot point a public name inside).
 */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/http.h"
#include "internal.h"
#include "sitemap.h"

#if LIBCURL_VERSION_NUM < 0x075500
#error "cqa-fetch needs libcurl 7.85 or newer (CURLOPT_PROTOCOLS_STR)"
#endif

enum {
	/* A response header block larger than this is refused (too_large):
	 * real ones are a few KiB; curl itself caps single lines. */
	MAX_HEADER_BLOCK = 256 * 1024,
	/* Request header blocks are ours and small; this only guards memory. */
	MAX_REQUEST_BLOCK = 64 * 1024,
};

/* Codings advertised in Accept-Encoding: exactly those the parse stage
 * decodes (http_decode_body), since bodies are stored still encoded. */
static const char accept_encoding[] = "gzip, deflate, br";

/* Transport failures, by CURLcode, to the error classes of fetch.h.
 * CURLE_UNSUPPORTED_PROTOCOL and CURLE_WRITE_ERROR depend on the transfer
 * and are decided in xfer_error_class(); "tls" is made precise by
 * tls_error_class(). */
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

/* Media types that are pages.  No Content-Type at all counts as a page
 * too: the parse stage sniffs. */
static const char *const html_types[] = {"text/html", "application/xhtml+xml",
                                         NULL};

static int is_html_type(const char *value)
{
	for (const char *const *t = html_types; *t; t++)
		if (!strncasecmp(value, *t, strlen(*t)))
			return 1;
	return 0;
}

/* The Content-Type in the header block of x, or NULL. */
static const char *find_content_type(const xfer *x, size_t *len)
{
	const char *p = x->resp.data, *end = p + x->hdr_len;
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));
		if (!eol)
			break;
		if (eol - p > 13 && !strncasecmp(p, "content-type:", 13)) {
			const char *v = p + 13;
			while (v < eol && (*v == ' ' || *v == '\t'))
				v++;
			const char *e = eol;
			while (e > v && (e[-1] == '\r' || e[-1] == ' '))
				e--;
			*len = (size_t)(e - v);
			return v;
		}
		p = eol + 1;
	}
	return NULL;
}

/* Adds the URL of the response now arriving to x->urls, unless it is the
 * one before (an interim 1xx answer). */
static void note_url(xfer *x)
{
	char *u = NULL;
	curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL, &u);
	if (!u || !*u || strchr(u, ' '))
		return;
	const char *last = x->urls.len ? buf_cstr(&x->urls) : "";
	const char *sp = strrchr(last, ' ');
	if (!strcmp(sp ? sp + 1 : last, u))
		return;
	if (x->urls.len)
		buf_addc(&x->urls, ' ');
	buf_adds(&x->urls, u);
}

void xfer_redirected_from(const xfer *x, const char *final_url, buf_t *out)
{
	buf_reset(out);
	const char *p = x->urls.len ? buf_cstr(&x->urls) : "";
	if (!strchr(p, ' '))
		return; /* one response: no redirect */
	/* The URL asked for first, as the crawl knows it, then each URL
	 * that answered with a redirect. */
	const char *prev = x->item->url;
	buf_adds(out, prev);
	while (*p) {
		size_t n = strcspn(p, " ");
		int same_prev = strlen(prev) == n && !strncmp(prev, p, n);
		int is_final =
		    strlen(final_url) == n && !strncmp(final_url, p, n);
		if (!same_prev && !is_final) {
			buf_addc(out, ' ');
			buf_add(out, p, n);
			prev = out->data + out->len - n;
		}
		p += n + (p[n] == ' ');
	}
}

static size_t on_header(char *ptr, size_t size, size_t n, void *ud)
{
	xfer *x = ud;
	n *= size;
	if (n >= 5 && !memcmp(ptr, "HTTP/", 5)) {
		note_url(x);
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
	if (x->html_only && x->hdr_len && x->resp.len == x->hdr_len) {
		size_t len = 0;
		const char *ct = find_content_type(x, &len);
		if (ct) {
			char *v = xstrndup(ct, len);
			int html = is_html_type(v);
			free(v);
			if (!html) {
				x->not_html = 1;
				return 0; /* stops the transfer: not a page */
			}
		}
	}
	size_t have = x->resp.len - x->hdr_len;
	if (!have) {
		/* Room for the announced body at once, rather than doubling
		 * up to it; never more than the body may take. */
		curl_off_t cl = -1;
		curl_easy_getinfo(x->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T,
		                  &cl);
		size_t cap = x->max_body ? x->max_body : (size_t)64 << 20;
		if (cl > 0)
			buf_grow(&x->resp, (size_t)cl < cap ? (size_t)cl : cap);
	}
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
	(void)h;
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

/* 1 for addresses a crawl of public sites has no business with: loopback,
 * RFC 1918 and RFC 4193 private ranges, link-local, CGNAT, unspecified. */
static int private_address(const char *ip)
{
	unsigned char a[16];
	if (inet_pton(AF_INET, ip, a) == 1)
		return a[0] == 127 || a[0] == 10 || a[0] == 0 ||
		       (a[0] == 172 && (a[1] & 0xF0) == 16) ||
		       (a[0] == 192 && a[1] == 168) ||
		       (a[0] == 169 && a[1] == 254) ||
		       (a[0] == 100 && (a[1] & 0xC0) == 64);
	if (inet_pton(AF_INET6, ip, a) == 1) {
		static const unsigned char v4mapped[12] = {
		    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF};
		if (!memcmp(a, v4mapped, 12)) {
			char v4[INET_ADDRSTRLEN];
			inet_ntop(AF_INET, a + 12, v4, sizeof v4);
			return private_address(v4);
		}
		static const unsigned char zero[15] = {0};
		int loop_or_any = !memcmp(a, zero, 15) && a[15] <= 1;
		return loop_or_any || (a[0] & 0xFE) == 0xFC ||
		       (a[0] == 0xFE && (a[1] & 0xC0) == 0x80);
	}
	return 0;
}

static int on_prereq(void *ud, char *conn_primary_ip, char *conn_local_ip,
                     int conn_primary_port, int conn_local_port)
{
	(void)conn_local_ip;
	(void)conn_primary_port;
	(void)conn_local_port;
	xfer *x = ud;
	if (x->refuse_private && private_address(conn_primary_ip)) {
		x->private_addr = 1;
		return CURL_PREREQFUNC_ABORT;
	}
	return CURL_PREREQFUNC_OK;
}

xfer *xfer_new(const fetch_options *o, frontier_item *it,
               struct curl_slist *extra_headers)
{
	xfer *x = xcalloc(1, sizeof *x);
	x->item = it;
	x->headers = extra_headers;
	x->max_body = o->max_body;
	/* A sitemap cut short is no sitemap (its XML does not close). */
	if (it->kind == FRONTIER_SITEMAP && x->max_body &&
	    x->max_body < SITEMAP_MAX_BYTES)
		x->max_body = SITEMAP_MAX_BYTES;
	x->refuse_private = o->refuse_private;
	x->html_only = it->kind == FRONTIER_PAGE && !o->keep_non_html;
	x->easy = curl_easy_init();
	if (!x->easy) {
		free(x);
		return NULL;
	}
	CURL *e = x->easy;
	curl_easy_setopt(e, CURLOPT_URL, it->url);
	curl_easy_setopt(e, CURLOPT_PRIVATE, x);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 1L);
	curl_easy_setopt(e, CURLOPT_MAXREDIRS, o->max_redirects);
	/* HTTP/2 where an https server offers it (ALPN), multiplexed over
	 * one connection; HTTP/1.1 otherwise. */
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	/* Waiting to learn whether a connection multiplexes only pays where
	 * it can: on plain http it would hold every transfer of a host
	 * behind the first response and serialise the per-host slots. */
	curl_easy_setopt(e, CURLOPT_PIPEWAIT,
	                 strncasecmp(it->url, "https:", 6) ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout);
	if (o->low_speed_time > 0) {
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT,
		                 o->low_speed_limit);
		curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	}
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, accept_encoding);
	curl_easy_setopt(e, CURLOPT_HTTP_CONTENT_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_HTTP_TRANSFER_DECODING, 0L);
	curl_easy_setopt(e, CURLOPT_USERAGENT,
	                 o->user_agent ? o->user_agent : FETCH_USER_AGENT);
	if (extra_headers)
		curl_easy_setopt(e, CURLOPT_HTTPHEADER, extra_headers);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, x);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, x);
	curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, on_prereq);
	curl_easy_setopt(e, CURLOPT_PREREQDATA, x);
	/* VERBOSE only routes the exchange to on_debug, which keeps the
	 * request headers and drops the rest. */
	curl_easy_setopt(e, CURLOPT_DEBUGFUNCTION, on_debug);
	curl_easy_setopt(e, CURLOPT_DEBUGDATA, x);
	curl_easy_setopt(e, CURLOPT_VERBOSE, 1L);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, x->errbuf);
	if (o->insecure) {
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 0L);
	} else {
		if (o->cacert)
			curl_easy_setopt(e, CURLOPT_CAINFO, o->cacert);
		if (o->capath)
			curl_easy_setopt(e, CURLOPT_CAPATH, o->capath);
	}
	return x;
}

void xfer_free(xfer *x)
{
	curl_easy_cleanup(x->easy);
	buf_free(&x->resp);
	buf_free(&x->req);
	buf_free(&x->urls);
	curl_slist_free_all(x->headers);
	free(x);
}

/* OpenSSL's certificate verification results (X509_V_ERR_*, stable
 * numbers of its ABI) to the TLS error classes: what a user can act on --
 * trust the issuer (--cacert), renew the certificate, fix the name. */
static const struct {
	long verify;
	const char *cls;
} tls_verify_table[] = {
    {2, "tls_unknown_issuer"},  /* UNABLE_TO_GET_ISSUER_CERT */
    {9, "tls_expired"},         /* CERT_NOT_YET_VALID */
    {10, "tls_expired"},        /* CERT_HAS_EXPIRED */
    {18, "tls_unknown_issuer"}, /* DEPTH_ZERO_SELF_SIGNED_CERT */
    {19, "tls_unknown_issuer"}, /* SELF_SIGNED_CERT_IN_CHAIN */
    {20, "tls_unknown_issuer"}, /* UNABLE_TO_GET_ISSUER_CERT_LOCALLY */
    {21, "tls_unknown_issuer"}, /* UNABLE_TO_VERIFY_LEAF_SIGNATURE */
    {62, "tls_wrong_host"},     /* HOSTNAME_MISMATCH */
};

/* The class of a TLS failure: the certificate's fault when verification
 * failed (the name is curl's own check: verification passed, the peer
 * still failed), else the handshake's. */
static const char *tls_error_class(const xfer *x, CURLcode rc)
{
	if (rc == CURLE_SSL_CACERT_BADFILE)
		return "tls_ca_file";
	if (rc != CURLE_PEER_FAILED_VERIFICATION)
		return "tls_handshake";
	long verify = 0;
	curl_easy_getinfo(x->easy, CURLINFO_SSL_VERIFYRESULT, &verify);
	/* curl checks the name itself, before it asks OpenSSL for the
	 * verification result: it then reports 0 or its placeholder 1
	 * (X509_V_ERR_UNSPECIFIED) and says so in its message */
	if (verify == 0 ||
	    (verify == 1 && (strstr(x->errbuf, "subject name") ||
	                     strstr(x->errbuf, "does not match"))))
		return "tls_wrong_host";
	for (size_t i = 0;
	     i < sizeof tls_verify_table / sizeof *tls_verify_table; i++)
		if (tls_verify_table[i].verify == verify)
			return tls_verify_table[i].cls;
	return "tls_certificate";
}

const char *xfer_error_class(const xfer *x, CURLcode rc)
{
	if (x->private_addr)
		return "private_address";
	if (rc == CURLE_UNSUPPORTED_PROTOCOL)
		return x->got_status ? "redirect_refused" : "bad_url";
	if (rc == CURLE_WRITE_ERROR && x->header_too_large)
		return "too_large";
	for (size_t i = 0; i < sizeof error_table / sizeof *error_table; i++)
		if (error_table[i].code == rc)
			return strcmp(error_table[i].cls, "tls")
			           ? error_table[i].cls
			           : tls_error_class(x, rc);
	return "other";
}

const char *xfer_file_type(const char *url)
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

int xfer_write_records(warc_writer *w, const xfer *x, const xfer_record *r,
                       cqa_error *err)
{
	warc_header extra[5] = {{"WARC-Warcinfo-ID", (char *)r->warcinfo_id},
	                        {"WARC-Truncated", "length"}};
	size_t n_extra = x->truncated ? 2 : 1;
	/* The crawl's own fields, after the standard ones (see
	 * xfer_record). */
	warc_header own[3];
	size_t n_own = 0;
	char depth[24];
	snprintf(depth, sizeof depth, "%d", r->depth);
	if (r->kind) {
		own[n_own++] = (warc_header){XFER_KIND_FIELD, (char *)r->kind};
		own[n_own++] = (warc_header){XFER_DEPTH_FIELD, depth};
	}
	if (r->redirected_from && *r->redirected_from)
		own[n_own++] = (warc_header){XFER_REDIRECTED_FROM_FIELD,
		                             (char *)r->redirected_from};
	char req_id[48] = "";
	buf_t synth = BUF_INIT;
	const void *block = x->resp.data;
	size_t block_len = x->resp.len, payload = x->hdr_len;

	if (r->is_file) {
		size_t body = x->resp.len - x->hdr_len;
		buf_printf(&synth,
		           "HTTP/1.1 200 OK\r\nContent-Type: %s\r\n"
		           "Content-Length: %zu\r\n\r\n",
		           r->file_type, body);
		payload = synth.len;
		buf_add(&synth, x->resp.data + x->hdr_len, body);
		block = synth.data;
		block_len = synth.len;
	} else if (x->req.len) {
		warc_write_spec q = {
		    .type = "request",
		    .target_uri = r->final_url,
		    .content_type = "application/http;msgtype=request",
		    .date = r->date,
		    .extra = extra,
		    .n_extra = 1,
		    .block = x->req.data,
		    .block_len = x->req.len,
		    .payload_offset = (size_t)-1,
		};
		if (warc_write(w, &q, req_id, err) < 0)
			return -1;
	}
	/* WARC's payload is the body without its transfer coding. */
	char payload_digest[40] = "";
	if (!r->is_file) {
		http_response h;
		buf_t dechunked = BUF_INIT;
		if (http_parse(block, block_len, &h) == 0 &&
		    http_payload(&h, &dechunked))
			warc_sha1_base32(dechunked.data ? dechunked.data : "",
			                 dechunked.len, payload_digest);
		buf_free(&dechunked);
	}
	if (r->refers) {
		/* ISO 28500 6.7.2: the block is the 304's header block. */
		const warc_index_entry *e = r->refers;
		warc_header rv[9] = {
		    {"WARC-Warcinfo-ID", (char *)r->warcinfo_id},
		    {"WARC-Profile", "http://netpreserve.org/warc/1.1/"
		                     "revisit/server-not-modified"},
		    {"WARC-Refers-To", e->record_id},
		    {"WARC-Refers-To-Target-URI", e->uri},
		};
		/* Optional fields go only where there is a value: an empty
		 * WARC-Refers-To-Date is no date. */
		size_t n_rv = 4;
		if (e->date && *e->date)
			rv[n_rv++] =
			    (warc_header){"WARC-Refers-To-Date", e->date};
		if (e->payload_digest)
			rv[n_rv++] = (warc_header){"WARC-Payload-Digest",
			                           e->payload_digest};
		for (size_t i = 0; i < n_own; i++)
			rv[n_rv++] = own[i];
		warc_write_spec v = {
		    .type = "revisit",
		    .target_uri = r->final_url,
		    .content_type = "application/http;msgtype=response",
		    .concurrent_to = req_id[0] ? req_id : NULL,
		    .ip_address = r->ip && r->ip[0] ? r->ip : NULL,
		    .date = r->date,
		    .extra = rv,
		    .n_extra = n_rv,
		    .block = x->resp.data ? x->resp.data : "",
		    .block_len = x->hdr_len,
		    .payload_offset = (size_t)-1,
		};
		int vrc = warc_write(w, &v, NULL, err);
		buf_free(&synth);
		return vrc < 0 ? -1 : 0;
	}
	for (size_t i = 0; i < n_own; i++)
		extra[n_extra++] = own[i];
	warc_write_spec s = {
	    .payload_digest = payload_digest[0] ? payload_digest : NULL,
	    .type = "response",
	    .target_uri = r->final_url,
	    .content_type = "application/http;msgtype=response",
	    .concurrent_to = req_id[0] ? req_id : NULL,
	    .ip_address = r->ip && r->ip[0] ? r->ip : NULL,
	    .date = r->date,
	    .extra = extra,
	    .n_extra = n_extra,
	    .block = block ? block : "",
	    .block_len = block_len,
	    .payload_offset = payload,
	};
	int rc = warc_write(w, &s, NULL, err);
	buf_free(&synth);
	return rc < 0 ? -1 : 0;
}
