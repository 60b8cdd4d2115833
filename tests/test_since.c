/*
 * test_since.c - scheduled audits: cqa-fetch --since on the fetch side,
 * three audits in a row, and cqa-parse reading the last one.
 *
 * tests/http_server's /cond/SITE/N.html pages answer conditional requests:
 * pages 0 and 1 have ETag "cond-N" and a fixed Last-Modified, page 2 only
 * the Last-Modified, page 3 an ETag that changes on every request (it
 * "changed").  Page 0 links to the other three.  Three crawls from page 0:
 *
 *   month 1, plain:           4 responses;
 *   month 2, --since month 1: pages 0-2 answer 304 and become revisit
 *                             records, page 3 a new response; the links of
 *                             page 0 are read from month 1's payload;
 *   month 3, --since month 2: the same, although month 2 holds pages 0-2
 *                             only as revisits: their validators come from
 *                             month 2's 304s, and the new revisits refer to
 *                             month 1's responses, which hold the payloads.
 *
 * Every expectation follows from the routes above: which request carries
 * which conditional header, the revisit record's fields (WARC 1.1, 6.7.2,
 * server-not-modified profile), the crawl.csv row (status 304, bytes 0,
 * stored 1), and cqa-parse giving all four pages from month 3's WARC alone
 * (its warcinfo names month 2's, whose warcinfo names month 1's).
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* memmem */
#endif
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "common/buf.h"
#include "common/warc.h"
#include "fetch/fetch.h"
#include "parse/parse.h"
#include "tests/fetch_harness.h"

#define UA "cqa-test-agent/1.0"
#define COND_DATE "Sun, 01 Nov 2026 10:00:00 GMT"

typedef struct month {
	char warc[4200], csv[4200];
	warc_record *recs;
	size_t n_recs;
	harness_crawl_log log;
} month;

typedef struct state {
	pid_t server;
	int port;
	char base[64];
	char dir[4096];
	month m[3];
} state;

static void page_url(const state *s, int n, char *out, size_t len)
{
	snprintf(out, len, "%s/cond/audit/%d.html", s->base, n);
}

/* Crawls from page 0 into month i, --since month i-1 when i > 0. */
static void crawl_month(state *s, int i)
{
	month *m = &s->m[i];
	snprintf(m->warc, sizeof m->warc, "%s/m%d.warc.gz", s->dir, i + 1);
	snprintf(m->csv, sizeof m->csv, "%s/m%d.csv", s->dir, i + 1);
	fetch_options o;
	fetch_options_default(&o);
	o.user_agent = UA;
	o.crawl = 1;
	o.max_retries = 0;
	o.since_warc = i ? s->m[i - 1].warc : NULL;
	char seed[128];
	page_url(s, 0, seed, sizeof seed);
	const char *u = seed;
	FILE *w = fopen(m->warc, "w+b"), *c = fopen(m->csv, "w+b");
	assert_non_null(w);
	assert_non_null(c);
	cqa_error err;
	cqa_error_clear(&err);
	if (fetch_run(&o, &u, 1, w, c, NULL, &err) != 0)
		fail_msg("month %d: %s", i + 1, err.msg);
	fflush(w);
	fflush(c);
	harness_read_warc(w, m->warc, &m->recs, &m->n_recs);
	assert_int_equal(harness_read_crawl_log(c, &m->log), 0);
	fclose(w);
	fclose(c);
}

static int group_setup(void **ctx)
{
	state *s = calloc(1, sizeof *s);
	*ctx = s;
	setenv("no_proxy", "*", 1);
	if (harness_make_dir("cqa-since", s->dir, sizeof s->dir) < 0)
		return -1;
	s->server =
	    harness_start_server("site", &s->port, s->base, sizeof s->base);
	return s->server < 0 ? -1 : 0;
}

static int group_teardown(void **ctx)
{
	state *s = *ctx;
	harness_stop_server(s->server);
	for (int i = 0; i < 3; i++) {
		harness_free_warc(s->m[i].recs, s->m[i].n_recs);
		harness_crawl_log_free(&s->m[i].log);
	}
	harness_remove_dir(s->dir);
	free(s);
	return 0;
}

static const char *cell(const month *m, const char *url, const char *col)
{
	long r = harness_crawl_log_row(&m->log, url);
	if (r < 0)
		fail_msg("%s: no crawl.csv row for %s", m->csv, url);
	return m->log.rows[r].cell[harness_crawl_log_col(&m->log, col)];
}

/* The request record a response or revisit names by WARC-Concurrent-To. */
static const char *request_of(const month *m, const warc_record *r)
{
	const warc_record *q = harness_record_by_id(
	    m->recs, m->n_recs, warc_record_get(r, "WARC-Concurrent-To"));
	assert_non_null(q);
	assert_string_equal(harness_record_type(q), "request");
	return (const char *)q->block;
}

static int has_header(const char *block, const char *line)
{
	buf_t want = BUF_INIT;
	buf_printf(&want, "\r\n%s\r\n", line);
	int found = strstr(block, buf_cstr(&want)) != NULL;
	buf_free(&want);
	return found;
}

static void test_month_one_plain(void **ctx)
{
	state *s = *ctx;
	crawl_month(s, 0);
	const month *m = &s->m[0];
	for (int n = 0; n < 4; n++) {
		char u[128];
		page_url(s, n, u, sizeof u);
		assert_string_equal(cell(m, u, "status"), "200");
		assert_string_equal(cell(m, u, "stored"), "1");
		const warc_record *r =
		    harness_find_record(m->recs, m->n_recs, "response", u, 0);
		assert_non_null(r);
		const char *q = request_of(m, r);
		assert_null(strstr(q, "If-None-Match"));
		assert_null(strstr(q, "If-Modified-Since"));
	}
	/* No --since: the warcinfo names no earlier WARC. */
	assert_null(
	    memmem(m->recs[0].block, m->recs[0].block_len, "since-warc:", 11));
}

/* The revisit records of month i (1 or 2) for pages 0-2, and page 3 new. */
static void check_revisits(state *s, int i)
{
	const month *m = &s->m[i], *first = &s->m[0];
	/* The warcinfo names the WARC this run compared with. */
	char *real = realpath(s->m[i - 1].warc, NULL);
	buf_t line = BUF_INIT;
	buf_printf(&line, "since-warc: %s\r\n", real);
	assert_string_equal(harness_record_type(&m->recs[0]), "warcinfo");
	assert_non_null(memmem(m->recs[0].block, m->recs[0].block_len,
	                       line.data, line.len));
	buf_free(&line);
	free(real);
	for (int n = 0; n < 3; n++) {
		char u[128];
		page_url(s, n, u, sizeof u);
		assert_string_equal(cell(m, u, "status"), "304");
		assert_string_equal(cell(m, u, "bytes"), "0");
		assert_string_equal(cell(m, u, "stored"), "1");
		assert_string_equal(cell(m, u, "error"), "");
		assert_null(
		    harness_find_record(m->recs, m->n_recs, "response", u, 0));
		const warc_record *v =
		    harness_find_record(m->recs, m->n_recs, "revisit", u, 0);
		assert_non_null(v);
		assert_int_equal(
		    harness_count_records(m->recs, m->n_recs, "revisit", u), 1);
		/* It refers to month 1's response, which holds the payload,
		 * whichever month was compared with. */
		const warc_record *orig = harness_find_record(
		    first->recs, first->n_recs, "response", u, 0);
		assert_non_null(orig);
		assert_string_equal(warc_record_get(v, "WARC-Refers-To"),
		                    warc_record_get(orig, "WARC-Record-ID"));
		assert_string_equal(warc_record_get(v, "WARC-Refers-To-Date"),
		                    warc_record_get(orig, "WARC-Date"));
		assert_string_equal(
		    warc_record_get(v, "WARC-Refers-To-Target-URI"), u);
		assert_string_equal(
		    warc_record_get(v, "WARC-Payload-Digest"),
		    warc_record_get(orig, "WARC-Payload-Digest"));
		assert_string_equal(warc_record_get(v, "WARC-Profile"),
		                    "http://netpreserve.org/warc/1.1/revisit/"
		                    "server-not-modified");
		/* The block is the 304's header block, nothing more. */
		assert_true(v->block_len > 25);
		assert_memory_equal(v->block, "HTTP/1.1 304 Not Modified\r\n",
		                    27);
		assert_memory_equal(v->block + v->block_len - 4, "\r\n\r\n", 4);
		/* What was asked: the ETag where the page has one, the date
		 * always. */
		const char *q = request_of(m, v);
		if (n < 2) {
			char etag[64];
			snprintf(etag, sizeof etag,
			         "If-None-Match: \"cond-%d\"", n);
			assert_true(has_header(q, etag));
		} else {
			assert_null(strstr(q, "If-None-Match"));
		}
		assert_true(has_header(q, "If-Modified-Since: " COND_DATE));
	}
	/* Page 3 changed: a new response; it was asked about with the ETag
	 * of the capture compared with, which no longer matches. */
	char u3[128];
	page_url(s, 3, u3, sizeof u3);
	assert_string_equal(cell(m, u3, "status"), "200");
	const warc_record *r3 =
	    harness_find_record(m->recs, m->n_recs, "response", u3, 0);
	assert_non_null(r3);
	assert_non_null(strstr(request_of(m, r3), "\r\nIf-None-Match: "));
	/* robots.txt is never asked about conditionally. */
	size_t robots = 0;
	for (size_t k = 0; k < m->log.n_rows; k++)
		robots += !strcmp(m->log.rows[k].cell[11], "robots");
	assert_int_equal(robots, 1);
	assert_int_equal(m->log.n_rows, 5);
}

static void test_month_two_since_one(void **ctx)
{
	state *s = *ctx;
	crawl_month(s, 1);
	check_revisits(s, 1);
}

static void test_month_three_since_two(void **ctx)
{
	state *s = *ctx;
	crawl_month(s, 2);
	check_revisits(s, 2);
}

typedef struct docs {
	char *url[8], *text[8];
	size_t n;
} docs;

static int keep_doc(void *ud, json_t *doc)
{
	docs *d = ud;
	if (d->n < 8) {
		d->url[d->n] =
		    strdup(json_string_value(json_object_get(doc, "url")));
		d->text[d->n++] =
		    strdup(json_string_value(json_object_get(doc, "text")));
	}
	json_decref(doc);
	return 0;
}

/* cqa-parse on month 3 alone: the warcinfo chain leads to month 1's
 * payloads for pages 0-2; page 3 is month 3's own response. */
static void test_parse_month_three(void **ctx)
{
	state *s = *ctx;
	parse_global_init();
	parse_options o;
	parse_options_default(&o);
	docs d = {{0}, {0}, 0};
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(parse_path(&o, s->m[2].warc, keep_doc, &d, &err), 0);
	assert_int_equal(d.n, 4);
	int seen[4] = {0};
	for (size_t i = 0; i < d.n; i++) {
		for (int n = 0; n < 4; n++) {
			char u[128], words[64];
			page_url(s, n, u, sizeof u);
			snprintf(words, sizeof words, "Conditional page %d.",
			         n);
			if (!strcmp(d.url[i], u)) {
				assert_non_null(strstr(d.text[i], words));
				seen[n]++;
			}
		}
		free(d.url[i]);
		free(d.text[i]);
	}
	for (int n = 0; n < 4; n++)
		assert_int_equal(seen[n], 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_month_one_plain),
	    cmocka_unit_test(test_month_two_since_one),
	    cmocka_unit_test(test_month_three_since_two),
	    cmocka_unit_test(test_parse_month_three),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
