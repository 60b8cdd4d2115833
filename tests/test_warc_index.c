/*
 * test_warc_index.c - the index of an earlier WARC, and chains of them.
 *
 * Three audits of one small site, written here with the WARC writer into a
 * temporary directory, the way cqa-fetch --since writes them:
 *
 *   A  (month 1): responses for /a (ETag "1", Last-Modified Mon 1 Jan) and
 *      /b (ETag "b1").
 *   B  (month 2, since-warc A): a 304 revisit of /a that repeats ETag "1"
 *      and refers to A's /a; a fresh 200 response for /b (ETag "b2").
 *   C  (month 3, since-warc B): a 304 revisit of /a with no validators,
 *      referring to A's /a (the record with the payload, as B's index hands
 *      it out); a 304 revisit of /b giving ETag W/"b2" (the weak form of
 *      B's "b2", as a server that compresses on the fly answers) and
 *      Last-Modified Tue 2 Jan, referring to B's /b.
 *
 * So, worked out from the records alone: C's /a is read from A, with ETag
 * "1" (B's 304, via B's entry) and Last-Modified Mon 1 Jan (A's response,
 * since neither 304 carried one); C's /b is read from B, with ETag W/"b2"
 * and Last-Modified Tue 2 Jan from C's own 304.  Record ids are the ones
 * the writer handed back; bodies are compared byte for byte with what was
 * written.
 */
#define _POSIX_C_SOURCE 200809L
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/buf.h"
#include "common/warc.h"
#include "common/warc_index.h"
#include "parse/parse.h"

#define SITE "http://site.test"
#define MON "Mon, 01 Jan 2024 00:00:00 GMT"
#define TUE "Tue, 02 Jan 2024 00:00:00 GMT"
#define UNKNOWN_ID "<urn:uuid:00000000-0000-4000-8000-000000000000>"
#define OTHER_DIGEST "sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"

#define HEAD_A_A                                                               \
	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \"1\"\r\n"        \
	"Last-Modified: " MON "\r\n\r\n"
#define BODY_A_A                                                               \
	"<html><head><title>Page A</title></head><body><article><p>The "       \
	"first page of the site has not changed since the first audit, so "    \
	"every later audit reads its words from the first WARC.</p>"           \
	"</article></body></html>"
#define HEAD_A_B                                                               \
	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \"b1\"\r\n\r\n"
#define BODY_A_B "<html><body><p>Old b.</p></body></html>"
#define HEAD_B_B                                                               \
	"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nETag: \"b2\"\r\n\r\n"
#define BODY_B_B                                                               \
	"<html><head><title>Page B</title></head><body><article><p>The "       \
	"second page was rewritten before the second audit, which fetched it " \
	"in full; the third audit finds it unchanged.</p></article></body>"    \
	"</html>"

/* The temporary directory and the three audits' files and record ids. */
typedef struct site {
	char dir[64];
	char a[128], b[128], c[128];
	char id_a_a[48], id_a_b[48], id_b_b[48];
} site;

static site S;

static void path_in(char *out, size_t size, const char *name)
{
	snprintf(out, size, "%s/%s", S.dir, name);
}

typedef struct wfile {
	FILE *f;
	warc_writer *w;
} wfile;

static wfile wopen(const char *path)
{
	wfile o = {fopen(path, "wb"), NULL};
	assert_non_null(o.f);
	o.w = warc_writer_open(o.f, 1);
	assert_non_null(o.w);
	return o;
}

static void wclose(wfile *o)
{
	cqa_error err;
	cqa_error_clear(&err);
	assert_int_equal(warc_writer_close(o->w, &err), 0);
	assert_int_equal(fclose(o->f), 0);
}

/* A warcinfo like cqa-fetch's, naming since (NULL: none). */
static void put_warcinfo(wfile *o, const char *since)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "software: cqa-fetch test\r\n");
	if (since)
		buf_printf(&b, "since-warc: %s\r\n", since);
	warc_write_spec s = {
	    .type = "warcinfo",
	    .content_type = "application/warc-fields",
	    .block = b.data,
	    .block_len = b.len,
	    .payload_offset = (size_t)-1,
	};
	cqa_error err;
	assert_int_equal(warc_write(o->w, &s, NULL, &err), 0);
	buf_free(&b);
}

static void put_response(wfile *o, const char *uri, const char *head,
                         const char *body, char *id)
{
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s%s", head, body);
	warc_write_spec s = {
	    .type = "response",
	    .target_uri = uri,
	    .content_type = "application/http;msgtype=response",
	    .block = b.data,
	    .block_len = b.len,
	    .payload_offset = strlen(head),
	};
	cqa_error err;
	assert_int_equal(warc_write(o->w, &s, id, &err), 0);
	buf_free(&b);
}

/* A revisit as cqa-fetch writes one on a 304; refers_uri and digest may
 * be NULL (header left out). */
static void put_revisit(wfile *o, const char *uri, const char *block,
                        const char *refers, const char *refers_uri,
                        const char *digest)
{
	warc_header h[4];
	size_t n = 0;
	h[n++] = (warc_header){"WARC-Profile",
	                       "http://netpreserve.org/warc/1.1/revisit/"
	                       "server-not-modified"};
	h[n++] = (warc_header){"WARC-Refers-To", (char *)refers};
	if (refers_uri)
		h[n++] = (warc_header){"WARC-Refers-To-Target-URI",
		                       (char *)refers_uri};
	if (digest)
		h[n++] = (warc_header){"WARC-Payload-Digest", (char *)digest};
	warc_write_spec s = {
	    .type = "revisit",
	    .target_uri = uri,
	    .content_type = "application/http;msgtype=response",
	    .extra = h,
	    .n_extra = n,
	    .block = block,
	    .block_len = strlen(block),
	    .payload_offset = (size_t)-1,
	};
	cqa_error err;
	assert_int_equal(warc_write(o->w, &s, NULL, &err), 0);
}

static int setup(void **state)
{
	(void)state;
	memset(&S, 0, sizeof S);
	snprintf(S.dir, sizeof S.dir, "/tmp/cqa-test-XXXXXX");
	assert_non_null(mkdtemp(S.dir));
	path_in(S.a, sizeof S.a, "a.warc.gz");
	path_in(S.b, sizeof S.b, "b.warc.gz");
	path_in(S.c, sizeof S.c, "c.warc.gz");

	wfile a = wopen(S.a);
	put_warcinfo(&a, NULL);
	put_response(&a, SITE "/a", HEAD_A_A, BODY_A_A, S.id_a_a);
	put_response(&a, SITE "/b", HEAD_A_B, BODY_A_B, S.id_a_b);
	wclose(&a);

	wfile b = wopen(S.b);
	put_warcinfo(&b, S.a);
	put_revisit(&b, SITE "/a",
	            "HTTP/1.1 304 Not Modified\r\nETag: \"1\"\r\n\r\n",
	            S.id_a_a, SITE "/a", NULL);
	put_response(&b, SITE "/b", HEAD_B_B, BODY_B_B, S.id_b_b);
	wclose(&b);

	wfile c = wopen(S.c);
	put_warcinfo(&c, S.b);
	put_revisit(&c, SITE "/a", "HTTP/1.1 304 Not Modified\r\n\r\n",
	            S.id_a_a, SITE "/a", NULL);
	put_revisit(&c, SITE "/b",
	            "HTTP/1.1 304 Not Modified\r\nETag: W/\"b2\"\r\n"
	            "Last-Modified: " TUE "\r\n\r\n",
	            S.id_b_b, SITE "/b", NULL);
	wclose(&c);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "rm -rf '%s'", S.dir);
	int rc = system(cmd.data);
	buf_free(&cmd);
	return rc == 0 ? 0 : -1;
}

/* A log whose lines land in memory. */
typedef struct captured {
	cqa_log log;
	char *text;
	size_t len;
} captured;

static void capture_start(captured *c)
{
	cqa_log_init(&c->log, "test", CQA_LOG_NORMAL);
	c->text = NULL;
	c->len = 0;
	c->log.out = open_memstream(&c->text, &c->len);
	assert_non_null(c->log.out);
}

static void capture_end(captured *c)
{
	fclose(c->log.out);
	c->log.out = NULL;
}

static size_t count_of(const char *hay, const char *needle)
{
	size_t n = 0;
	for (const char *p = hay; (p = strstr(p, needle)) != NULL; p++)
		n++;
	return n;
}

static warc_index *build_ok(const char *path, const cqa_log *log)
{
	cqa_error err;
	cqa_error_clear(&err);
	warc_index *ix = warc_index_build(path, log, &err);
	assert_non_null(ix);
	return ix;
}

static void assert_str_or_null(const char *got, const char *want)
{
	if (want)
		assert_string_equal(got, want);
	else
		assert_null(got);
}

/* One URI's expected entry in one file's index. */
typedef struct expect_entry {
	const char *index_of; /* "A", "B", "C" */
	const char *uri;
	const char *record_of; /* whose record: "A/a", "A/b", "B/b" */
	const char *etag, *last_modified;
} expect_entry;

static const char *file_of(const char *name)
{
	return name[0] == 'A' ? S.a : name[0] == 'B' ? S.b : S.c;
}

static const char *id_of(const char *record)
{
	if (!strcmp(record, "A/a"))
		return S.id_a_a;
	if (!strcmp(record, "A/b"))
		return S.id_a_b;
	if (!strcmp(record, "B/b"))
		return S.id_b_b;
	return NULL;
}

static const expect_entry chain_entries[] = {
    {"A", SITE "/a", "A/a", "\"1\"", MON},
    {"A", SITE "/b", "A/b", "\"b1\"", NULL},
    /* B's 304 repeated the ETag; Last-Modified is A's. */
    {"B", SITE "/a", "A/a", "\"1\"", MON},
    /* The fresh response replaces A's /b. */
    {"B", SITE "/b", "B/b", "\"b2\"", NULL},
    /* C's 304 for /a said nothing: B's entry's validators. */
    {"C", SITE "/a", "A/a", "\"1\"", MON},
    /* C's 304 for /b gave the ETag as weak and added a Last-Modified. */
    {"C", SITE "/b", "B/b", "W/\"b2\"", TUE},
};

static void test_chain_by_uri_and_id(void **state)
{
	(void)state;
	captured log;
	capture_start(&log);
	warc_index *ix[3] = {build_ok(S.a, &log.log), build_ok(S.b, &log.log),
	                     build_ok(S.c, &log.log)};
	for (size_t i = 0; i < 3; i++)
		assert_int_equal(warc_index_size(ix[i]), 2);
	for (size_t i = 0; i < sizeof chain_entries / sizeof *chain_entries;
	     i++) {
		const expect_entry *x = &chain_entries[i];
		const warc_index *in = ix[x->index_of[0] - 'A'];
		const warc_index_entry *e = warc_index_by_uri(in, x->uri);
		assert_non_null(e);
		assert_string_equal(e->uri, x->uri);
		assert_string_equal(e->record_id, id_of(x->record_of));
		assert_string_equal(e->path, file_of(x->record_of));
		assert_str_or_null(e->etag, x->etag);
		assert_str_or_null(e->last_modified, x->last_modified);
		/* The same capture by its id, with the original's date,
		 * digest and offset. */
		const warc_index_entry *by_id =
		    warc_index_by_id(in, id_of(x->record_of));
		assert_non_null(by_id);
		assert_string_equal(by_id->uri, x->uri);
		const warc_index_entry *orig = warc_index_by_id(
		    ix[x->record_of[0] - 'A'], id_of(x->record_of));
		assert_non_null(orig);
		assert_string_equal(e->date, orig->date);
		assert_string_equal(e->payload_digest, orig->payload_digest);
		assert_int_equal(e->offset, orig->offset);
	}
	/* A's /b was replaced in B by a new capture, so no later index
	 * hands it out. */
	assert_null(warc_index_by_id(ix[1], S.id_a_b));
	assert_null(warc_index_by_id(ix[2], S.id_a_b));
	assert_null(warc_index_by_uri(ix[2], SITE "/c"));
	for (size_t i = 0; i < 3; i++)
		warc_index_free(ix[i]);
	capture_end(&log);
	assert_int_equal(log.len, 0); /* nothing to warn about */
	free(log.text);
}

/* warc_index_read of C's entries returns the original responses, from
 * the files they are in. */
static void test_read_through_chain(void **state)
{
	(void)state;
	static const struct {
		const char *uri, *record_of, *block;
	} rows[] = {
	    {SITE "/a", "A/a", HEAD_A_A BODY_A_A},
	    {SITE "/b", "B/b", HEAD_B_B BODY_B_B},
	};
	warc_index *c = build_ok(S.c, NULL);
	for (size_t i = 0; i < 2; i++) {
		const warc_index_entry *e = warc_index_by_uri(c, rows[i].uri);
		assert_non_null(e);
		warc_record rec;
		memset(&rec, 0, sizeof rec);
		cqa_error err;
		cqa_error_clear(&err);
		assert_int_equal(warc_index_read(c, e, &rec, &err), 0);
		assert_string_equal(warc_record_get(&rec, "WARC-Type"),
		                    "response");
		assert_string_equal(warc_record_get(&rec, "WARC-Record-ID"),
		                    id_of(rows[i].record_of));
		assert_int_equal(rec.block_len, strlen(rows[i].block));
		assert_memory_equal(rec.block, rows[i].block, rec.block_len);
		warc_record_free(&rec);
	}
	warc_index_free(c);
}

/* How one revisit in a file whose since-warc is A is resolved: by
 * WARC-Refers-To, else by WARC-Refers-To-Target-URI (else its own target
 * URI) when the payload digests do not disagree. */
typedef struct resolve_case {
	const char *name;
	const char *target;
	const char *refers;     /* "A/a", or an id A does not hold */
	const char *refers_uri; /* NULL: header left out */
	const char *digest;     /* "A/a": A's /a digest; NULL: left out */
	const char *expect;     /* "A/a", "A/b", or NULL: not indexed */
} resolve_case;

static const resolve_case resolve_cases[] = {
    {"by id", SITE "/a", "A/a", SITE "/a", "A/a", "A/a"},
    {"by id, any URI", SITE "/moved", "A/a", SITE "/a", NULL, "A/a"},
    {"by refers-to URI", SITE "/a", UNKNOWN_ID, SITE "/a", NULL, "A/a"},
    {"by URI, digest agrees", SITE "/a", UNKNOWN_ID, SITE "/a", "A/a", "A/a"},
    {"by URI, digest differs", SITE "/a", UNKNOWN_ID, SITE "/a", OTHER_DIGEST,
     NULL},
    {"by own target URI", SITE "/b", UNKNOWN_ID, NULL, NULL, "A/b"},
    {"nothing matches", SITE "/c", UNKNOWN_ID, SITE "/c", NULL, NULL},
};

static void test_revisit_resolution(void **state)
{
	(void)state;
	warc_index *a = build_ok(S.a, NULL);
	const char *digest_a_a = warc_index_by_id(a, S.id_a_a)->payload_digest;
	for (size_t i = 0; i < sizeof resolve_cases / sizeof *resolve_cases;
	     i++) {
		const resolve_case *k = &resolve_cases[i];
		char path[160];
		snprintf(path, sizeof path, "%s/resolve-%zu.warc.gz", S.dir, i);
		wfile o = wopen(path);
		put_warcinfo(&o, S.a);
		put_revisit(&o, k->target, "HTTP/1.1 304 Not Modified\r\n\r\n",
		            strcmp(k->refers, "A/a") ? k->refers : S.id_a_a,
		            k->refers_uri,
		            k->digest && !strcmp(k->digest, "A/a") ? digest_a_a
		                                                   : k->digest);
		wclose(&o);
		warc_index *ix = build_ok(path, NULL);
		const warc_index_entry *e = warc_index_by_uri(ix, k->target);
		if (k->expect) {
			if (!e)
				fail_msg("%s: not indexed", k->name);
			assert_string_equal(e->record_id, id_of(k->expect));
			assert_string_equal(e->path, S.a);
		} else if (e) {
			fail_msg("%s: indexed as %s", k->name, e->record_id);
		}
		assert_int_equal(warc_index_size(ix), k->expect ? 1 : 0);
		warc_index_free(ix);
	}
	warc_index_free(a);
}

/* In file order the latest capture of a URI wins, response or revisit. */
static void test_latest_capture_wins(void **state)
{
	(void)state;
	static const struct {
		const char *order; /* 's': response of its own; 'v': revisit */
		char expect;       /* which of the two is by_uri's answer */
	} rows[] = {{"sv", 'v'}, {"vs", 's'}, {"vsv", 'v'}, {"svs", 's'}};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		char path[160];
		snprintf(path, sizeof path, "%s/order-%zu.warc.gz", S.dir, i);
		wfile o = wopen(path);
		put_warcinfo(&o, S.a);
		char own_id[48] = "";
		for (const char *p = rows[i].order; *p; p++) {
			if (*p == 's')
				put_response(&o, SITE "/a", HEAD_A_A, "new",
				             own_id);
			else
				put_revisit(&o, SITE "/a",
				            "HTTP/1.1 304 Not Modified\r\n\r\n",
				            S.id_a_a, SITE "/a", NULL);
		}
		wclose(&o);
		warc_index *ix = build_ok(path, NULL);
		assert_int_equal(warc_index_size(ix), strlen(rows[i].order));
		const warc_index_entry *e = warc_index_by_uri(ix, SITE "/a");
		assert_non_null(e);
		assert_string_equal(e->record_id,
		                    rows[i].expect == 'v' ? S.id_a_a : own_id);
		warc_index_free(ix);
	}
}

/* A since-warc that is gone: one warning naming both files, the revisits
 * left out, the rest indexed. */
static void test_missing_since_warc(void **state)
{
	(void)state;
	char path[160], gone[160];
	path_in(path, sizeof path, "orphan.warc.gz");
	path_in(gone, sizeof gone, "gone.warc.gz");
	wfile o = wopen(path);
	put_warcinfo(&o, gone);
	put_revisit(&o, SITE "/a", "HTTP/1.1 304 Not Modified\r\n\r\n",
	            S.id_a_a, SITE "/a", NULL);
	put_response(&o, SITE "/b", HEAD_B_B, BODY_B_B, NULL);
	put_revisit(&o, SITE "/c", "HTTP/1.1 304 Not Modified\r\n\r\n",
	            UNKNOWN_ID, SITE "/c", NULL);
	wclose(&o);
	captured log;
	capture_start(&log);
	warc_index *ix = build_ok(path, &log.log);
	capture_end(&log);
	assert_int_equal(warc_index_size(ix), 1);
	assert_null(warc_index_by_uri(ix, SITE "/a"));
	assert_non_null(warc_index_by_uri(ix, SITE "/b"));
	warc_index_free(ix);
	assert_non_null(log.text);
	assert_int_equal(count_of(log.text, "\n"), 1);
	assert_non_null(strstr(log.text, path));
	assert_non_null(strstr(log.text, gone));
	free(log.text);
}

/* P names Q and Q names P, each revisiting the other's page: each index
 * resolves its own revisit through the other and stops there. */
static void test_cycle_ends(void **state)
{
	(void)state;
	char p[160], q[160];
	path_in(p, sizeof p, "p.warc.gz");
	path_in(q, sizeof q, "q.warc.gz");
	wfile o = wopen(p);
	put_warcinfo(&o, q);
	put_response(&o, SITE "/p", HEAD_A_B, BODY_A_B, NULL);
	put_revisit(&o, SITE "/q", "HTTP/1.1 304 Not Modified\r\n\r\n",
	            UNKNOWN_ID, SITE "/q", NULL);
	wclose(&o);
	o = wopen(q);
	put_warcinfo(&o, p);
	put_response(&o, SITE "/q", HEAD_B_B, BODY_B_B, NULL);
	put_revisit(&o, SITE "/p", "HTTP/1.1 304 Not Modified\r\n\r\n",
	            UNKNOWN_ID, SITE "/p", NULL);
	wclose(&o);
	const char *files[2] = {p, q};
	for (size_t i = 0; i < 2; i++) {
		captured log;
		capture_start(&log);
		warc_index *ix = build_ok(files[i], &log.log);
		capture_end(&log);
		/* Its own response and its revisit, read from the other. */
		assert_int_equal(warc_index_size(ix), 2);
		const warc_index_entry *e =
		    warc_index_by_uri(ix, i ? SITE "/p" : SITE "/q");
		assert_non_null(e);
		assert_string_equal(e->path, files[!i]);
		/* The other file's revisit leads back: one warning. */
		assert_int_equal(count_of(log.text, "\n"), 1);
		assert_non_null(strstr(log.text, "cycle"));
		warc_index_free(ix);
		free(log.text);
	}
}

/* A chain of n files, F0 naming F1 ... F(n-2) naming F(n-1), each a
 * revisit of /x except the last, which holds the response: whether F0's
 * /x resolves. */
static int chain_resolves(int n, size_t *warnings)
{
	char path[160], next[160];
	char id[48];
	for (int i = n - 1; i >= 0; i--) {
		snprintf(path, sizeof path, "%s/chain%d-%d.warc.gz", S.dir, n,
		         i);
		snprintf(next, sizeof next, "%s/chain%d-%d.warc.gz", S.dir, n,
		         i + 1);
		wfile o = wopen(path);
		put_warcinfo(&o, i == n - 1 ? NULL : next);
		if (i == n - 1)
			put_response(&o, SITE "/x", HEAD_A_A, BODY_A_A, id);
		else
			put_revisit(&o, SITE "/x",
			            "HTTP/1.1 304 Not Modified\r\n\r\n", id,
			            SITE "/x", NULL);
		wclose(&o);
	}
	captured log;
	capture_start(&log);
	warc_index *ix = build_ok(path, &log.log);
	capture_end(&log);
	const warc_index_entry *e = warc_index_by_uri(ix, SITE "/x");
	int resolved = e && !strcmp(e->record_id, id);
	*warnings = log.text ? count_of(log.text, "\n") : 0;
	warc_index_free(ix);
	free(log.text);
	return resolved;
}

static void test_chain_depth_limit(void **state)
{
	(void)state;
	size_t warnings;
	/* 32 files: the last is reached. */
	assert_true(chain_resolves(WARC_INDEX_MAX_CHAIN, &warnings));
	assert_int_equal(warnings, 0);
	/* 33: the 32nd file may not follow its since-warc, so no revisit on
	 * the way resolves; one warning, from that file. */
	assert_false(chain_resolves(WARC_INDEX_MAX_CHAIN + 1, &warnings));
	assert_int_equal(warnings, 1);
}

static void test_since_path_field(void **state)
{
	(void)state;
	static const struct {
		const char *type, *block, *warc_path, *expect;
	} rows[] = {
	    {"warcinfo", "software: x\r\nsince-warc: /w/m1.warc.gz\r\n",
	     "/w/m2.warc.gz", "/w/m1.warc.gz"},
	    /* Case and spacing of warc-fields lines vary. */
	    {"warcinfo", "Since-WARC:\t/w/m1.warc.gz  \n", NULL,
	     "/w/m1.warc.gz"},
	    /* Relative: next to the file that names it. */
	    {"warcinfo", "since-warc: m1.warc.gz\r\n", "/w/m2.warc.gz",
	     "/w/m1.warc.gz"},
	    {"warcinfo", "since-warc: m1.warc.gz\r\n", "m2.warc.gz",
	     "m1.warc.gz"},
	    {"warcinfo", "since-warc: \r\n", "/w/m2.warc.gz", NULL},
	    {"warcinfo", "software: x\r\n", "/w/m2.warc.gz", NULL},
	    {"resource", "since-warc: /w/m1.warc.gz\r\n", NULL, NULL},
	};
	for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
		warc_header h = {"WARC-Type", (char *)rows[i].type};
		warc_record rec = {
		    .headers = &h,
		    .n_headers = 1,
		    .block = (unsigned char *)rows[i].block,
		    .block_len = strlen(rows[i].block),
		};
		char *got = warc_since_path(&rec, rows[i].warc_path);
		assert_str_or_null(got, rows[i].expect);
		free(got);
	}
}

typedef struct docs {
	json_t *v[8];
	size_t n;
} docs;

static int keep_doc(void *ud, json_t *doc)
{
	docs *d = ud;
	if (d->n < 8)
		d->v[d->n++] = doc;
	else
		json_decref(doc);
	return 0;
}

static const char *field(json_t *doc, const char *key)
{
	return json_string_value(json_object_get(doc, key));
}

/* cqa-parse on C alone (its warcinfo names B), and with --since B: both
 * pages, /a's words read from A, /b's from B. */
static void test_parse_month_three(void **state)
{
	(void)state;
	for (int with_since = 0; with_since < 2; with_since++) {
		parse_options o;
		parse_options_default(&o);
		o.since_warc = with_since ? S.b : NULL;
		docs d = {{0}, 0};
		cqa_error err;
		cqa_error_clear(&err);
		assert_int_equal(parse_path(&o, S.c, keep_doc, &d, &err), 0);
		assert_int_equal(d.n, 2);
		assert_string_equal(field(d.v[0], "url"), SITE "/a");
		assert_string_equal(field(d.v[0], "title"), "Page A");
		assert_non_null(strstr(field(d.v[0], "text"),
		                       "has not changed since the first"));
		assert_string_equal(field(d.v[1], "url"), SITE "/b");
		assert_string_equal(field(d.v[1], "title"), "Page B");
		assert_non_null(strstr(field(d.v[1], "text"),
		                       "was rewritten before the second"));
		for (size_t i = 0; i < d.n; i++)
			json_decref(d.v[i]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_chain_by_uri_and_id),
	    cmocka_unit_test(test_read_through_chain),
	    cmocka_unit_test(test_revisit_resolution),
	    cmocka_unit_test(test_latest_capture_wins),
	    cmocka_unit_test(test_missing_since_warc),
	    cmocka_unit_test(test_cycle_ends),
	    cmocka_unit_test(test_chain_depth_limit),
	    cmocka_unit_test(test_since_path_field),
	    cmocka_unit_test(test_parse_month_three),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
