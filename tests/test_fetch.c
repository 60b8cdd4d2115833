/*
 * test_fetch.c - libcqa_fetch against the loopback server tests/http_server.
 *
 * The group setup starts http_server (its port is the first line of its
 * stdout), fetches one list of URLs covering every route in a single
 * fetch_run -- so the transfers really run in parallel -- and reads the WARC
 * back with warc_reader and crawl.csv with a small RFC 4180 parser, both
 * through fetch_harness.h, which test_crawl.c and test_resume.c share.  Each
 * test then checks one route.  The expected bytes below are the server's
 * fixed responses, written out by hand; the server is killed in the group
 * teardown and, should this process die first, by PR_SET_PDEATHSIG.
 *
 * Options of the main run: max_redirects 3, max_body 1 MiB, timeout 2 s, so
 * /loop, /big and /slow fail or get cut quickly; the whole test takes about
 * four seconds, most of it spent on purpose in /slow and the /c/ routes.
 * Two options keep this file about single exchanges, byte for byte:
 * keep_non_html, since several routes answer text/plain or octet-stream
 * (the crawler's refusal of non-HTML pages is tested in test_crawl.c), and
 * max_retries 0, so /slow fails once instead of being retried with backoff
 * (retries are test_crawl.c's too).  The server runs without "site", so
 * its /robots.txt is a 404: every path may be fetched, and the robots.txt
 * row of each host is the only crawl machinery seen here.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/warc.h"
#include "fetch/fetch.h"
#include "fetch_harness.h"

/* The server's fixed bodies (tests/http_server.c). */
#define PAGE_HTML                                                              \
	"<!DOCTYPE html>\n<html><head><title>Test page</title></head>\n"       \
	"<body><p>Hello from the test server.</p></body></html>\n"
#define GZ_HTML                                                                \
	"<!DOCTYPE html>\n<html><head><title>Compressed</title></head>\n"      \
	"<body><p>This page travels gzip-compressed.</p></body></html>\n"
#define CHUNKED_RAW "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n"
#define UA "cqa-test-agent/1.0"
#define FIXTURE "fetch-page.html"

typedef struct state {
	pid_t server;
	char base[64]; /* http://127.0.0.1:PORT */
	char *file_url;
	warc_record *recs;
	size_t n_recs;
	harness_crawl_log csv;
	fetch_stats st;
	char *fixture; /* bytes of tests/fixtures/FIXTURE */
	size_t fixture_len;
} state;

/* --- reading the outputs back ------------------------------------------- */

/* The crawl.csv cell of the row whose url is base + path. */
static const char *cell(const state *s, const char *path, const char *name)
{
	char url[256];
	snprintf(url, sizeof url, "%s%s", path[0] == '/' ? s->base : "", path);
	int c = harness_crawl_log_col(&s->csv, name);
	long i = harness_crawl_log_row(&s->csv, url);
	if (i < 0)
		fail_msg("no crawl.csv row for %s", url);
	return s->csv.rows[i].cell[c] ? s->csv.rows[i].cell[c] : "";
}

/* The n-th record of type with WARC-Target-URI base + path (or path when
 * it is a whole URL), or NULL. */
static const warc_record *record(const state *s, const char *type,
                                 const char *path, int nth)
{
	char url[256];
	snprintf(url, sizeof url, "%s%s", path[0] == '/' ? s->base : "", path);
	return harness_find_record(s->recs, s->n_recs, type, url, nth);
}

static const warc_record *by_id(const state *s, const char *id)
{
	return harness_record_by_id(s->recs, s->n_recs, id);
}

static void assert_block(const warc_record *r, const char *want,
                         size_t want_len)
{
	assert_non_null(r);
	assert_int_equal(r->block_len, want_len);
	assert_memory_equal(r->block, want, want_len);
}

/* --- setup --------------------------------------------------------------- */

static void test_options(fetch_options *o)
{
	fetch_options_default(o);
	o->user_agent = UA;
	o->max_redirects = 3;
	o->max_body = 1 << 20;
	/* 2 s: long enough for every route on a loaded machine (CI runs
	 * the suite in parallel under sanitizers), short enough for /slow. */
	o->timeout = 2;
	o->connect_timeout = 2;
	o->keep_non_html = 1;
	o->max_retries = 0;
}

static int fetch_all(state *s);
static int group_teardown(void **ctx);

/* On failure the server is stopped here: cmocka skips the teardown of a
 * group whose setup failed. */
static int group_setup(void **ctx)
{
	state *s = xcalloc(1, sizeof *s);
	*ctx = s;
	if (fetch_all(s) < 0) {
		group_teardown(ctx);
		return -1;
	}
	return 0;
}

static int fetch_all(state *s)
{
	setenv("no_proxy", "*", 1); /* never send loopback through a proxy */
	s->server = harness_start_server(NULL, NULL, s->base, sizeof s->base);
	if (s->server < 0)
		return -1;

	const char *fx = getenv("CQA_FIXTURES");
	char path[1024];
	snprintf(path, sizeof path, "%s/%s", fx ? fx : "tests/fixtures",
	         FIXTURE);
	s->file_url = fetch_input_to_url(path, NULL);
	FILE *ff = fopen(path, "rb");
	if (!ff)
		return -1;
	s->fixture = harness_slurp(ff, &s->fixture_len);
	fclose(ff);

	const char *paths[] = {"/page.html", "/redirect", "/loop",
	                       "/to-file",   "/404",      "/big",
	                       "/slow",      "/gz.html",  "/chunked",
	                       "/echo",      "/page.html"};
	enum { NP = sizeof paths / sizeof *paths };
	char *urls[NP + 4];
	for (size_t i = 0; i < NP; i++) {
		urls[i] = xmalloc(256);
		snprintf(urls[i], 256, "%s%s", s->base, paths[i]);
	}
	urls[NP] = xstrdup(s->file_url);
	urls[NP + 1] = xmalloc(256);
	snprintf(urls[NP + 1], 256, "ftp%s/x", s->base + 4); /* ftp://... */
	urls[NP + 2] = xstrdup("http://127.0.0.1:1/"); /* nothing listens */
	urls[NP + 3] = xstrdup("file:///nonexistent/cqa-test.html");

	fetch_options o;
	test_options(&o);
	FILE *w = tmpfile(), *c = tmpfile();
	cqa_error err;
	int rc = fetch_run(&o, (const char *const *)urls, NP + 4, w, c, &s->st,
	                   &err);
	for (size_t i = 0; i < NP + 4; i++)
		free(urls[i]);
	if (rc < 0) {
		fprintf(stderr, "fetch_run: %s\n", err.msg);
		fclose(w);
		fclose(c);
		return -1;
	}
	harness_read_warc(w, "test.warc", &s->recs, &s->n_recs);
	int csv_rc = harness_read_crawl_log(c, &s->csv);
	fclose(w);
	fclose(c);
	return csv_rc;
}

static int group_teardown(void **ctx)
{
	state *s = *ctx;
	harness_stop_server(s->server);
	harness_free_warc(s->recs, s->n_recs);
	harness_crawl_log_free(&s->csv);
	free(s->file_url);
	free(s->fixture);
	free(s);
	return 0;
}

/* --- tests --------------------------------------------------------------- */

static void test_warcinfo_first(void **ctx)
{
	state *s = *ctx;
	assert_true(s->n_recs > 0);
	const warc_record *w = &s->recs[0];
	assert_string_equal(harness_record_type(w), "warcinfo");
	assert_string_equal(warc_record_get(w, "Content-Type"),
	                    "application/warc-fields");
	const char *b = (const char *)w->block;
	assert_non_null(strstr(b, "software: cqa-fetch " CQA_VERSION "\r\n"));
	assert_non_null(strstr(b, "format: WARC File Format 1.1\r\n"));
	assert_non_null(strstr(b, "http-header-user-agent: " UA "\r\n"));
	assert_non_null(strstr(b, "robots: obey\r\n"));
	/* Every later record points back at it. */
	const char *id = warc_record_get(w, "WARC-Record-ID");
	for (size_t i = 1; i < s->n_recs; i++)
		assert_string_equal(
		    warc_record_get(&s->recs[i], "WARC-Warcinfo-ID"), id);
}

static void test_page_request_response(void **ctx)
{
	state *s = *ctx;
	static const char want[] = "HTTP/1.1 200 OK\r\n"
	                           "Server: cqa-test\r\n"
	                           "Content-Type: text/html; charset=utf-8\r\n"
	                           "Content-Length: 115\r\n"
	                           "Connection: close\r\n\r\n" PAGE_HTML;
	char want_req[256];
	snprintf(want_req, sizeof want_req,
	         "GET /page.html HTTP/1.1\r\nHost: %s\r\nUser-Agent: " UA
	         "\r\nAccept: */*\r\nAccept-Encoding: gzip, deflate, br\r\n"
	         "\r\n",
	         s->base + 7);
	/* /page.html and /redirect both end at /page.html: two pairs. */
	for (int k = 0; k < 2; k++) {
		const warc_record *rsp = record(s, "response", "/page.html", k);
		assert_block(rsp, want, sizeof want - 1);
		assert_string_equal(warc_record_get(rsp, "Content-Type"),
		                    "application/http;msgtype=response");
		assert_string_equal(warc_record_get(rsp, "WARC-IP-Address"),
		                    "127.0.0.1");
		/* sha1 of PAGE_HTML in base32, computed independently. */
		assert_string_equal(warc_record_get(rsp, "WARC-Payload-Digest"),
		                    "sha1:Z4K3PKWIIIYG2MLZMGMUASUHXMK7VKSA");
		const warc_record *req =
		    by_id(s, warc_record_get(rsp, "WARC-Concurrent-To"));
		assert_non_null(req);
		assert_string_equal(harness_record_type(req), "request");
		assert_string_equal(warc_record_get(req, "Content-Type"),
		                    "application/http;msgtype=request");
		assert_string_equal(warc_record_get(req, "WARC-Target-URI"),
		                    warc_record_get(rsp, "WARC-Target-URI"));
		assert_block(req, want_req, strlen(want_req));
	}
	assert_null(record(s, "response", "/page.html", 2));
	assert_string_equal(cell(s, "/page.html", "status"), "200");
	assert_string_equal(cell(s, "/page.html", "error"), "");
	assert_string_equal(cell(s, "/page.html", "bytes"), "115");
	assert_string_equal(cell(s, "/page.html", "content_type"),
	                    "text/html; charset=utf-8");
	assert_string_equal(cell(s, "/page.html", "redirects"), "0");
	assert_string_equal(cell(s, "/page.html", "truncated"), "0");
	assert_string_equal(cell(s, "/page.html", "depth"), "0");
	assert_string_equal(cell(s, "/page.html", "discovered_from"), "");
	assert_string_equal(cell(s, "/page.html", "kind"), "page");
	assert_string_equal(cell(s, "/page.html", "attempts"), "1");
	assert_string_equal(cell(s, "/page.html", "stored"), "1");
}

static void test_redirect_recorded_at_final_url(void **ctx)
{
	state *s = *ctx;
	char final[128];
	snprintf(final, sizeof final, "%s/page.html", s->base);
	assert_string_equal(cell(s, "/redirect", "final_url"), final);
	assert_string_equal(cell(s, "/redirect", "status"), "200");
	assert_string_equal(cell(s, "/redirect", "redirects"), "1");
	assert_string_equal(cell(s, "/redirect", "bytes"), "115");
	assert_null(record(s, "response", "/redirect", 0));
	assert_null(record(s, "request", "/redirect", 0));
}

static void test_redirect_loop(void **ctx)
{
	state *s = *ctx;
	assert_string_equal(cell(s, "/loop", "error"), "too_many_redirects");
	assert_string_equal(cell(s, "/loop", "status"), "");
	assert_string_equal(cell(s, "/loop", "redirects"), "3");
	assert_string_equal(cell(s, "/loop", "bytes"), "0");
	assert_string_equal(cell(s, "/loop", "stored"), "0");
	/* A redirect loop stays a loop: not retried whatever max_retries. */
	assert_string_equal(cell(s, "/loop", "attempts"), "1");
	assert_null(record(s, "response", "/loop", 0));
}

static void test_redirect_to_file_refused(void **ctx)
{
	state *s = *ctx;
	assert_string_equal(cell(s, "/to-file", "error"), "redirect_refused");
	assert_string_equal(cell(s, "/to-file", "status"), "");
	assert_null(record(s, "response", "/to-file", 0));
	for (size_t i = 0; i < s->n_recs; i++) {
		const char *t = warc_record_get(&s->recs[i], "WARC-Target-URI");
		assert_false(t && !strncmp(t, "file:///etc", 11));
		assert_null(strstr((const char *)s->recs[i].block, "root:"));
	}
}

static void test_404_is_recorded(void **ctx)
{
	state *s = *ctx;
	static const char want[] = "HTTP/1.1 404 Not Found\r\n"
	                           "Server: cqa-test\r\n"
	                           "Content-Type: text/plain\r\n"
	                           "Content-Length: 10\r\n"
	                           "Connection: close\r\n\r\nnot found\n";
	assert_block(record(s, "response", "/404", 0), want, sizeof want - 1);
	assert_non_null(record(s, "request", "/404", 0));
	assert_string_equal(cell(s, "/404", "status"), "404");
	assert_string_equal(cell(s, "/404", "error"), "");
	assert_string_equal(cell(s, "/404", "bytes"), "10");
	assert_string_equal(cell(s, "/404", "stored"), "1");
	/* A 404 is an answer, not a failure to retry. */
	assert_string_equal(cell(s, "/404", "attempts"), "1");
}

static void test_big_body_truncated(void **ctx)
{
	state *s = *ctx;
	const warc_record *r = record(s, "response", "/big", 0);
	assert_non_null(r);
	assert_string_equal(warc_record_get(r, "WARC-Truncated"), "length");
	/* The header says what the server meant to send. */
	assert_non_null(
	    strstr((const char *)r->block, "\r\nContent-Length: 2097152\r\n"));
	size_t len;
	const unsigned char *b = harness_http_body(r, &len);
	assert_int_equal(len, 1 << 20);
	for (size_t i = 0; i < len; i++)
		if (b[i] != 'x')
			fail_msg("byte %zu of /big is %02x", i, b[i]);
	assert_string_equal(cell(s, "/big", "truncated"), "1");
	assert_string_equal(cell(s, "/big", "bytes"), "1048576");
	assert_string_equal(cell(s, "/big", "status"), "200");
	assert_string_equal(cell(s, "/big", "error"), "");
	assert_string_equal(cell(s, "/big", "stored"), "1");
	assert_null(warc_record_get(record(s, "response", "/404", 0),
	                            "WARC-Truncated"));
}

static void test_slow_times_out(void **ctx)
{
	state *s = *ctx;
	assert_string_equal(cell(s, "/slow", "error"), "timeout");
	assert_string_equal(cell(s, "/slow", "status"), "");
	long ms = atol(cell(s, "/slow", "ms"));
	/* Timeout 2 s; curl can report its timer a millisecond or two short
	 * of it, so allow a little below. */
	assert_in_range(ms, 1900, 8000);
	assert_string_equal(cell(s, "/slow", "attempts"), "1"); /* retries 0 */
	assert_string_equal(cell(s, "/slow", "stored"), "0");
	assert_null(record(s, "response", "/slow", 0));
}

static void test_gzip_stored_compressed(void **ctx)
{
	state *s = *ctx;
	const warc_record *r = record(s, "response", "/gz.html", 0);
	assert_non_null(r);
	assert_non_null(
	    strstr((const char *)r->block, "\r\nContent-Encoding: gzip\r\n"));
	size_t len;
	const unsigned char *b = harness_http_body(r, &len);
	assert_true(len > 3);
	assert_int_equal(b[0], 0x1f); /* gzip magic, deflate method */
	assert_int_equal(b[1], 0x8b);
	assert_int_equal(b[2], 0x08);
	char out[512];
	z_stream z = {0};
	assert_int_equal(inflateInit2(&z, 15 + 16), Z_OK);
	z.next_in = (unsigned char *)b;
	z.avail_in = (unsigned)len;
	z.next_out = (unsigned char *)out;
	z.avail_out = sizeof out;
	assert_int_equal(inflate(&z, Z_FINISH), Z_STREAM_END);
	assert_int_equal(z.total_out, strlen(GZ_HTML));
	assert_memory_equal(out, GZ_HTML, strlen(GZ_HTML));
	inflateEnd(&z);
	char n[32];
	snprintf(n, sizeof n, "%zu", len);
	assert_string_equal(cell(s, "/gz.html", "bytes"), n);
}

static void test_chunked_stored_raw(void **ctx)
{
	state *s = *ctx;
	const warc_record *r = record(s, "response", "/chunked", 0);
	assert_non_null(r);
	assert_non_null(strstr((const char *)r->block,
	                       "\r\nTransfer-Encoding: chunked\r\n"));
	size_t len;
	const unsigned char *b = harness_http_body(r, &len);
	assert_int_equal(len, 26);
	assert_memory_equal(b, CHUNKED_RAW, 26);
	assert_string_equal(cell(s, "/chunked", "bytes"), "26");
}

/* /echo answers with the request as the server read it: the request
 * record must hold the same bytes. */
static void test_request_record_is_what_was_sent(void **ctx)
{
	state *s = *ctx;
	const warc_record *rsp = record(s, "response", "/echo", 0);
	assert_non_null(rsp);
	const warc_record *req =
	    by_id(s, warc_record_get(rsp, "WARC-Concurrent-To"));
	assert_non_null(req);
	size_t len;
	const unsigned char *b = harness_http_body(rsp, &len);
	assert_int_equal(req->block_len, len);
	assert_memory_equal(req->block, b, len);
	assert_non_null(
	    strstr((const char *)req->block, "\r\nUser-Agent: " UA "\r\n"));
}

static void test_file_input(void **ctx)
{
	state *s = *ctx;
	buf_t want = BUF_INIT;
	buf_printf(&want, "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"
	                  "Content-Length: 112\r\n\r\n");
	assert_int_equal(s->fixture_len, 112);
	buf_add(&want, s->fixture, s->fixture_len);
	const warc_record *r = record(s, "response", s->file_url, 0);
	assert_block(r, want.data, want.len);
	buf_free(&want);
	assert_null(warc_record_get(r, "WARC-Concurrent-To"));
	assert_null(warc_record_get(r, "WARC-IP-Address"));
	assert_null(record(s, "request", s->file_url, 0));
	assert_string_equal(cell(s, s->file_url, "status"), "200");
	assert_string_equal(cell(s, s->file_url, "content_type"), "text/html");
	assert_string_equal(cell(s, s->file_url, "bytes"), "112");
	assert_string_equal(cell(s, s->file_url, "kind"), "page");
	assert_string_equal(cell(s, s->file_url, "stored"), "1");
}

/* Each http host's /robots.txt is fetched before anything else of it, and
 * gets a row of kind robots.  This server answers 404 (no rules: all
 * allowed, RFC 9309 2.3.1.3), and a robots.txt that is not 2xx is no
 * document, so nothing of it goes into the WARC.  file:// has no robots. */
static void test_robots_row_first(void **ctx)
{
	state *s = *ctx;
	char robots[128];
	snprintf(robots, sizeof robots, "%s/robots.txt", s->base);
	assert_string_equal(cell(s, robots, "kind"), "robots");
	assert_string_equal(cell(s, robots, "status"), "404");
	assert_string_equal(cell(s, robots, "error"), "");
	assert_string_equal(cell(s, robots, "stored"), "0");
	assert_string_equal(cell(s, robots, "bytes"), "0");
	assert_string_equal(cell(s, robots, "depth"), "0");
	assert_string_equal(cell(s, robots, "discovered_from"), "");
	assert_string_equal(cell(s, robots, "attempts"), "1");
	assert_null(record(s, "response", "/robots.txt", 0));
	assert_null(record(s, "request", "/robots.txt", 0));
	/* Rows are written as transfers end: the robots.txt row precedes
	 * every other row of its host. */
	long first = harness_crawl_log_row(&s->csv, robots);
	size_t blen = strlen(s->base), host_rows = 0;
	for (size_t i = 0; i < s->csv.n_rows; i++) {
		const char *u = s->csv.rows[i].cell[0];
		if (strncmp(u, s->base, blen) || u[blen] != '/')
			continue;
		host_rows++;
		if ((long)i != first)
			assert_true((long)i > first);
	}
	assert_int_equal(host_rows, 11); /* 10 distinct paths + robots */
	/* The unreachable host's robots.txt fails like any transfer (and
	 * is not retried: it is the host's first and only question). */
	assert_string_equal(cell(s, "http://127.0.0.1:1/robots.txt", "error"),
	                    "connect");
	assert_string_equal(cell(s, "http://127.0.0.1:1/robots.txt", "kind"),
	                    "robots");
	assert_string_equal(
	    cell(s, "http://127.0.0.1:1/robots.txt", "attempts"), "1");
	assert_int_equal(harness_crawl_log_row(&s->csv, "file:///robots.txt"),
	                 -1);
}

static void test_input_errors(void **ctx)
{
	state *s = *ctx;
	char ftp[128];
	snprintf(ftp, sizeof ftp, "ftp%s/x", s->base + 4);
	assert_string_equal(cell(s, ftp, "error"), "bad_url");
	assert_string_equal(cell(s, ftp, "stored"), "0");
	/* Nothing listens on port 1: its robots.txt row says connect (see
	 * test_robots_row_first), and a robots.txt that cannot be reached
	 * disallows everything (RFC 9309 2.3.1.4), so the page itself is
	 * refused without a request. */
	assert_string_equal(cell(s, "http://127.0.0.1:1/", "error"), "robots");
	assert_string_equal(cell(s, "http://127.0.0.1:1/", "status"), "");
	assert_string_equal(
	    cell(s, "file:///nonexistent/cqa-test.html", "error"),
	    "read_error");
}

static void test_stats_and_dedupe(void **ctx)
{
	state *s = *ctx;
	/* 15 inputs, /page.html twice, plus the robots.txt of the two http
	 * hosts: 16 rows.  Responses: page, redirect, big, gz, chunked,
	 * echo, file (2xx), the 404 and the server's 404 robots.txt;
	 * failures (no response): loop, to-file, slow, missing file, port
	 * 1's robots.txt; refused (not fetched): ftp (bad_url) and port 1's
	 * page (robots). */
	assert_int_equal(s->st.urls, 16);
	assert_int_equal(s->st.ok, 7);
	assert_int_equal(s->st.redirects, 0);
	assert_int_equal(s->st.http_errors, 2);
	assert_int_equal(s->st.failed, 5);
	assert_int_equal(s->st.refused, 2);
	assert_int_equal(s->st.retries, 0);
	assert_int_equal(s->csv.n_rows, 16);
	static const char *const want_errors[] = {"too_many_redirects=1",
	                                          "redirect_refused=1",
	                                          "timeout=1",
	                                          "read_error=1",
	                                          "bad_url=1",
	                                          "connect=1",
	                                          "robots=1"};
	for (size_t i = 0; i < sizeof want_errors / sizeof *want_errors; i++)
		if (!strstr(s->st.errors, want_errors[i]))
			fail_msg("stats.errors \"%s\" lacks %s", s->st.errors,
			         want_errors[i]);
	static const char *const cols[HARNESS_CSV_COLS] = {
	    "url",       "final_url", "status",
	    "error",     "bytes",     "content_type",
	    "ms",        "depth",     "discovered_from",
	    "redirects", "truncated", "kind",
	    "attempts",  "stored",    "tls"};
	for (int i = 0; i < HARNESS_CSV_COLS; i++)
		assert_string_equal(s->csv.header[i], cols[i]);
	unsigned long long sum = 0;
	int page_rows = 0;
	char page[128];
	snprintf(page, sizeof page, "%s/page.html", s->base);
	for (size_t i = 0; i < s->csv.n_rows; i++) {
		sum +=
		    strtoull(s->csv.rows[i]
		                 .cell[harness_crawl_log_col(&s->csv, "bytes")],
		             NULL, 10);
		page_rows += !strcmp(s->csv.rows[i].cell[0], page);
	}
	assert_int_equal(page_rows, 1);
	assert_int_equal(s->st.bytes, sum);
	/* warcinfo + 7 request/response pairs + the file's response */
	assert_int_equal(s->n_recs, 16);
}

/* Fetches base + path alone and returns the body of its response. */
static char *fetch_one(const state *s, const char *path)
{
	char url[128];
	snprintf(url, sizeof url, "%s%s", s->base, path);
	const char *u = url;
	fetch_options o;
	test_options(&o);
	FILE *w = tmpfile();
	assert_int_equal(fetch_run(&o, &u, 1, w, NULL, NULL, NULL), 0);
	state one = {0};
	strcpy(one.base, s->base);
	harness_read_warc(w, "test.warc", &one.recs, &one.n_recs);
	fclose(w);
	size_t len;
	const warc_record *r = record(&one, "response", path, 0);
	assert_non_null(r);
	const unsigned char *b = harness_http_body(r, &len);
	char *out = xstrndup((const char *)b, len);
	harness_free_warc(one.recs, one.n_recs);
	return out;
}

/* The request headers the server saw for /echo, fetched with the
 * default User-Agent and contact; NULL if fetch_run refused the options. */
static char *echo_with_contact(const state *s, const char *contact)
{
	char url[128];
	snprintf(url, sizeof url, "%s/echo", s->base);
	const char *u = url;
	fetch_options o;
	test_options(&o);
	o.user_agent = NULL;
	o.contact = contact;
	FILE *w = tmpfile();
	cqa_error err;
	cqa_error_clear(&err);
	char *out = NULL;
	if (fetch_run(&o, &u, 1, w, NULL, NULL, &err) == 0) {
		state one = {0};
		strcpy(one.base, s->base);
		harness_read_warc(w, "test.warc", &one.recs, &one.n_recs);
		size_t len;
		const warc_record *r = record(&one, "response", "/echo", 0);
		assert_non_null(r);
		const unsigned char *b = harness_http_body(r, &len);
		out = xstrndup((const char *)b, len);
		harness_free_warc(one.recs, one.n_recs);
	} else {
		assert_int_equal(err.code, CQA_ERR_USAGE);
	}
	fclose(w);
	return out;
}

/* --contact goes into the default User-Agent's comment; an address is
 * also the From header (RFC 9110 10.1.2), a URL is not; a contact that
 * would add a header line of its own is refused before any request. */
static void test_contact(void **ctx)
{
	state *s = *ctx;
	char *h = echo_with_contact(s, "ops@example.org");
	assert_non_null(h);
	assert_non_null(strstr(h, "\r\nUser-Agent: cqa/" CQA_VERSION
	                          " (+https://github.com/cqa-project/cqa; "
	                          "ops@example.org)\r\n"));
	assert_non_null(strstr(h, "\r\nFrom: ops@example.org\r\n"));
	free(h);
	h = echo_with_contact(s, "https://example.org/crawler");
	assert_non_null(h);
	assert_non_null(strstr(h, "; https://example.org/crawler)\r\n"));
	assert_null(strstr(h, "\r\nFrom:"));
	free(h);
	assert_null(echo_with_contact(s, "a@b.example\r\nX-Evil: 1"));
}

/* The server counts /c/ requests open at once (each answers after 300 ms,
 * so parallel ones overlap); /stats reports and resets the maximum.  All n
 * transfers must succeed within the timeout, however long they wait for a
 * slot. */
static void check_parallelism(const state *s, int n, long connections,
                              long per_host, long timeout, const char *want)
{
	char *urls[16];
	assert_true(n <= 16);
	for (int i = 0; i < n; i++) {
		urls[i] = xmalloc(128);
		snprintf(urls[i], 128, "%s/c/%d", s->base, i);
	}
	fetch_options o;
	test_options(&o);
	o.connections = connections;
	o.per_host = per_host;
	o.timeout = timeout;
	FILE *w = tmpfile();
	fetch_stats st;
	assert_int_equal(fetch_run(&o, (const char *const *)urls, (size_t)n, w,
	                           NULL, &st, NULL),
	                 0);
	fclose(w);
	assert_int_equal(st.ok, n);
	for (int i = 0; i < n; i++)
		free(urls[i]);
	char *stats = fetch_one(s, "/stats");
	assert_string_equal(stats, want);
	free(stats);
}

static void test_connection_limits(void **ctx)
{
	state *s = *ctx;
	free(fetch_one(s, "/stats"));                   /* reset the gauge */
	check_parallelism(s, 6, 16, 2, 2, "max_c 2\n"); /* per_host */
	check_parallelism(s, 4, 1, 4, 2, "max_c 1\n");  /* connections */
}

/* 5 URLs on one host, one at a time, 300 ms each: the last starts after
 * 1.2 s, past the 1 s timeout, and must still succeed -- a transfer is
 * timed from when it starts, not from when it was queued. */
static void test_queue_wait_is_not_timed(void **ctx)
{
	state *s = *ctx;
	check_parallelism(s, 5, 4, 1, 1, "max_c 1\n");
}

static void test_input_to_url(void **ctx)
{
	(void)ctx;
	char *u = fetch_input_to_url("https://example.com/a b", NULL);
	assert_string_equal(u, "https://example.com/a b"); /* as given */
	free(u);
	u = fetch_input_to_url("/tmp/a b#1.html", NULL);
	assert_string_equal(u, "file:///tmp/a%20b%231.html");
	free(u);
	char *cwd = getcwd(NULL, 0);
	buf_t want = BUF_INIT;
	buf_printf(&want, "file://%s/d/%%C3%%A9t%%C3%%A9.md", cwd);
	u = fetch_input_to_url("d/\xC3\xA9t\xC3\xA9.md", NULL);
	assert_string_equal(u, want.data);
	free(u);
	free(cwd);
	buf_free(&want);
}

/* The program: a plain path works, and exit 4 when every URL fails. */
static void test_cli(void **ctx)
{
	state *s = *ctx;
	const char *bin = getenv("CQA_BIN");
	if (!bin)
		skip();
	char warc[] = "/tmp/cqa-fetch-test-XXXXXX";
	int fd = mkstemp(warc);
	assert_true(fd >= 0);
	close(fd);
	char cmd[2048];
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-fetch' -q -o '%s' '%s/" FIXTURE "' </dev/null", bin,
	         warc, getenv("CQA_FIXTURES"));
	assert_int_equal(WEXITSTATUS(system(cmd)), 0);
	FILE *f = fopen(warc, "rb");
	assert_non_null(f);
	state one = {0};
	harness_read_warc(f, "test.warc", &one.recs, &one.n_recs);
	fclose(f);
	assert_int_equal(one.n_recs, 2);
	assert_string_equal(warc_record_get(&one.recs[1], "WARC-Target-URI"),
	                    s->file_url);
	harness_free_warc(one.recs, one.n_recs);

	/* --retries 0: whether an unreadable file is retried is not this
	 * test's business (test_crawl.c), the exit status is. */
	snprintf(cmd, sizeof cmd,
	         "'%s/cqa-fetch' -q --retries 0 -o '%s' /nonexistent/cqa.html "
	         "</dev/null 2>/dev/null",
	         bin, warc);
	assert_int_equal(WEXITSTATUS(system(cmd)), 4);
	unlink(warc);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_warcinfo_first),
	    cmocka_unit_test(test_page_request_response),
	    cmocka_unit_test(test_redirect_recorded_at_final_url),
	    cmocka_unit_test(test_redirect_loop),
	    cmocka_unit_test(test_redirect_to_file_refused),
	    cmocka_unit_test(test_404_is_recorded),
	    cmocka_unit_test(test_big_body_truncated),
	    cmocka_unit_test(test_slow_times_out),
	    cmocka_unit_test(test_gzip_stored_compressed),
	    cmocka_unit_test(test_chunked_stored_raw),
	    cmocka_unit_test(test_request_record_is_what_was_sent),
	    cmocka_unit_test(test_file_input),
	    cmocka_unit_test(test_robots_row_first),
	    cmocka_unit_test(test_input_errors),
	    cmocka_unit_test(test_stats_and_dedupe),
	    cmocka_unit_test(test_contact),
	    cmocka_unit_test(test_connection_limits),
	    cmocka_unit_test(test_queue_wait_is_not_timed),
	    cmocka_unit_test(test_input_to_url),
	    cmocka_unit_test(test_cli),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
