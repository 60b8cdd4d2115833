/*
 * test_warc.c - WARC writer and reader.
 *
 * Expected values come from outside the code under test: the sha1 of "abc"
 * and of "" are the FIPS 180 / RFC 3174 test vectors, base32-encoded by
 * hand per RFC 4648; fixtures/wget.warc.gz was written by GNU Wget, whose
 * own WARC-Block-Digest headers the reader's digests must reproduce, and
 * its gzip member offsets were listed by scanning the file for the gzip
 * magic.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/http.h"
#include "common/warc.h"

/* sha1("abc") = a9993e364706816aba3e25717850c26c9cd0d89d */
#define SHA1_ABC "sha1:VGMT4NSHA2AWVOR6EVYXQUGCNSONBWE5"
/* sha1("") = da39a3ee5e6b4b0d3255bfef95601890afd80709 */
#define SHA1_EMPTY "sha1:3I42H3S6NNFQ2MSVX7XZKYAYSCX5QBYJ"

/* The gzip members of fixtures/wget.warc.gz (2501 bytes). */
static const long long wget_offsets[] = {0, 425, 833, 1432, 1749, 2157};
static const char *const wget_types[] = {"warcinfo", "request",  "response",
                                         "metadata", "resource", "resource"};
#define WGET_SIZE 2501
#define WGET_URI "http://127.0.0.1:38765/index.html"
#define WGET_HTML                                                              \
	"<!DOCTYPE html>\n"                                                    \
	"<html><head><title>Fixture page</title></head>\n"                     \
	"<body><h1>Hello WARC</h1><p>A tiny page served on loopback for the "  \
	"wget fixture.</p></body></html>\n"

static char *fixture_path(const char *name)
{
	const char *dir = getenv("CQA_FIXTURES");
	assert_non_null(dir);
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/%s", dir, name);
	return buf_detach(&b, NULL);
}

static unsigned char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	buf_t b = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, f)) > 0)
		buf_add(&b, tmp, n);
	fclose(f);
	return (unsigned char *)buf_detach(&b, len);
}

/* A FILE holding a copy of data (tmpfile, so it is a real file). */
static FILE *file_of(const void *data, size_t len)
{
	FILE *f = tmpfile();
	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	rewind(f);
	return f;
}

/* Writes data to a named temporary file; the caller unlinks and frees. */
static char *temp_path_of(const void *data, size_t len)
{
	const char *tmpdir = getenv("TMPDIR");
	buf_t b = BUF_INIT;
	buf_printf(&b, "%s/cqa-test-warc-XXXXXX", tmpdir ? tmpdir : "/tmp");
	int fd = mkstemp(b.data);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	close(fd);
	return buf_detach(&b, NULL);
}

/* Reads every record; returns how many, and the last return value. */
static int read_all(FILE *f, size_t max_block, warc_record *recs, int max,
                    int *last, cqa_error *err)
{
	warc_reader *rd = warc_reader_open(f, "test.warc", max_block);
	int n = 0, r;
	warc_record tmp;
	while ((r = warc_reader_next(rd, n < max ? &recs[n] : &tmp, err)) ==
	       1) {
		if (n >= max)
			warc_record_free(&tmp);
		n++;
	}
	*last = r;
	warc_reader_close(rd);
	return n;
}

static void free_all(warc_record *recs, int n)
{
	for (int i = 0; i < n; i++)
		warc_record_free(&recs[i]);
}

static void test_sha1_base32(void **state)
{
	(void)state;
	char out[40];
	warc_sha1_base32("abc", 3, out);
	assert_string_equal(out, SHA1_ABC);
	warc_sha1_base32("", 0, out);
	assert_string_equal(out, SHA1_EMPTY);
}

static void test_format_date(void **state)
{
	(void)state;
	char out[32];
	warc_format_date(0, out);
	assert_string_equal(out, "1970-01-01T00:00:00Z");
	warc_format_date(1000000000, out); /* the "billennium" */
	assert_string_equal(out, "2001-09-09T01:46:40Z");
}

static void test_sniff(void **state)
{
	(void)state;
	const unsigned char gz[] = {0x1f, 0x8b, 0x08};
	assert_true(warc_sniff(gz, sizeof gz));
	assert_true(warc_sniff((const unsigned char *)"WARC/1.0\r\n", 10));
	assert_false(warc_sniff((const unsigned char *)"WARC", 4));
	assert_false(warc_sniff((const unsigned char *)"<html>", 6));
	assert_false(warc_sniff(gz, 1));
}

static const char req_block[] = "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n";
static const char resp_block[] = "HTTP/1.1 200 OK\r\nContent-Type: text/plain"
                                 "\r\nContent-Length: 3\r\n\r\nabc";
static const char info_block[] = "software: cqa-test\r\nformat: WARC File "
                                 "Format 1.1\r\n";

/* Writes warcinfo, request, response; fills the record ids and the offset
 * of each record as ftell saw it. */
static void write_three(FILE *f, int gzip, char ids[3][48], long offs[3])
{
	cqa_error err;
	warc_writer *w = warc_writer_open(f, gzip);
	assert_non_null(w);
	warc_write_spec info = {
	    .type = "warcinfo",
	    .content_type = "application/warc-fields",
	    .date = "2026-01-02T03:04:05Z",
	    .block = info_block,
	    .block_len = strlen(info_block),
	    .payload_offset = (size_t)-1,
	};
	offs[0] = ftell(f);
	assert_int_equal(warc_write(w, &info, ids[0], &err), 0);
	warc_write_spec req = {
	    .type = "request",
	    .target_uri = "http://example.com/",
	    .content_type = "application/http;msgtype=request",
	    .ip_address = "93.184.216.34",
	    .block = req_block,
	    .block_len = strlen(req_block),
	    .payload_offset = (size_t)-1,
	};
	offs[1] = ftell(f);
	assert_int_equal(warc_write(w, &req, ids[1], &err), 0);
	warc_header extra[] = {{"WARC-Warcinfo-ID", ids[0]},
	                       {"WARC-Protocol", "http/1.1"}};
	size_t body_at = strlen(resp_block) - 3; /* the body is "abc" */
	warc_write_spec resp = {
	    .type = "response",
	    .target_uri = "http://example.com/",
	    .content_type = "application/http;msgtype=response",
	    .concurrent_to = ids[1],
	    .ip_address = "93.184.216.34",
	    .extra = extra,
	    .n_extra = 2,
	    .block = resp_block,
	    .block_len = strlen(resp_block),
	    .payload_offset = body_at,
	};
	offs[2] = ftell(f);
	assert_int_equal(warc_write(w, &resp, ids[2], &err), 0);
	assert_int_equal(warc_writer_close(w, &err), 0);
	rewind(f);
}

static void check_id(const char *id)
{
	/* <urn:uuid:xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx> */
	assert_int_equal(strlen(id), 47);
	assert_memory_equal(id, "<urn:uuid:", 10);
	assert_int_equal(id[46], '>');
	assert_int_equal(id[10 + 14], '4');
	assert_non_null(strchr("89ab", id[10 + 19]));
}

static void check_three(warc_record *r, char ids[3][48], long offs[3])
{
	const char *types[] = {"warcinfo", "request", "response"};
	const char *blocks[] = {info_block, req_block, resp_block};
	for (int i = 0; i < 3; i++) {
		char digest[40], len[32];
		assert_string_equal(r[i].version, "WARC/1.1");
		assert_string_equal(warc_record_get(&r[i], "warc-type"),
		                    types[i]);
		assert_string_equal(warc_record_get(&r[i], "WARC-Record-ID"),
		                    ids[i]);
		check_id(ids[i]);
		assert_int_equal(r[i].block_len, strlen(blocks[i]));
		assert_memory_equal(r[i].block, blocks[i], r[i].block_len);
		assert_int_equal(r[i].block[r[i].block_len], '\0');
		snprintf(len, sizeof len, "%zu", strlen(blocks[i]));
		assert_string_equal(warc_record_get(&r[i], "Content-Length"),
		                    len);
		warc_sha1_base32(blocks[i], strlen(blocks[i]), digest);
		assert_string_equal(warc_record_get(&r[i], "WARC-Block-Digest"),
		                    digest);
		assert_int_equal(r[i].offset, offs[i]);
		assert_int_equal(r[i].skipped_bytes, 0);
		assert_false(r[i].block_skipped);
	}
	assert_string_equal(warc_record_get(&r[0], "WARC-Date"),
	                    "2026-01-02T03:04:05Z");
	assert_null(warc_record_get(&r[0], "WARC-Target-URI"));
	assert_null(warc_record_get(&r[0], "WARC-Payload-Digest"));
	assert_string_equal(warc_record_get(&r[1], "WARC-Target-URI"),
	                    "http://example.com/");
	assert_null(warc_record_get(&r[1], "WARC-Payload-Digest"));
	/* The payload of the response is "abc". */
	assert_string_equal(warc_record_get(&r[2], "WARC-Payload-Digest"),
	                    SHA1_ABC);
	assert_string_equal(warc_record_get(&r[2], "WARC-Concurrent-To"),
	                    ids[1]);
	assert_string_equal(warc_record_get(&r[2], "WARC-Warcinfo-ID"), ids[0]);
	/* Header order as documented in warc.h / DESIGN.md. */
	const char *order[] = {
	    "WARC-Type",        "WARC-Record-ID",     "WARC-Date",
	    "WARC-Target-URI",  "WARC-Concurrent-To", "WARC-IP-Address",
	    "Content-Type",     "WARC-Block-Digest",  "WARC-Payload-Digest",
	    "WARC-Warcinfo-ID", "WARC-Protocol",      "Content-Length"};
	assert_int_equal(r[2].n_headers, 12);
	for (int i = 0; i < 12; i++)
		assert_string_equal(r[2].headers[i].name, order[i]);
	/* WARC-Date defaults to now: well-formed and recent. */
	const char *date = warc_record_get(&r[1], "WARC-Date");
	assert_int_equal(strlen(date), 20);
	assert_true(strncmp(date, "2025", 4) >= 0);
	assert_int_equal(date[10], 'T');
	assert_int_equal(date[19], 'Z');
}

static void test_roundtrip_plain(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	char ids[3][48];
	long offs[3];
	write_three(f, 0, ids, offs);
	/* Plain output is readable text with CRLF line ends. */
	char head[64] = {0};
	assert_int_equal(fread(head, 1, 31, f), 31);
	assert_string_equal(head, "WARC/1.1\r\nWARC-Type: warcinfo\r\n");
	rewind(f);

	warc_record r[4];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 0, r, 4, &last, &err), 3);
	assert_int_equal(last, 0);
	check_three(r, ids, offs);
	/* Each record is version line, header lines, CRLF, block and CRLF
	 * CRLF, so the next one starts exactly after those bytes. */
	for (int i = 0; i < 2; i++) {
		size_t len = strlen("WARC/1.1\r\n") + 2 + r[i].block_len + 4;
		for (size_t j = 0; j < r[i].n_headers; j++)
			len += strlen(r[i].headers[j].name) + 2 +
			       strlen(r[i].headers[j].value) + 2;
		assert_int_equal(r[i + 1].offset - r[i].offset, len);
	}
	free_all(r, 3);
	fclose(f);
}

static void test_roundtrip_gzip(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	char ids[3][48];
	long offs[3];
	write_three(f, 1, ids, offs);
	/* Every record is its own gzip member. */
	for (int i = 0; i < 3; i++) {
		unsigned char m[2];
		fseek(f, offs[i], SEEK_SET);
		assert_int_equal(fread(m, 1, 2, f), 2);
		assert_int_equal(m[0], 0x1f);
		assert_int_equal(m[1], 0x8b);
	}
	rewind(f);
	warc_record r[4];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 0, r, 4, &last, &err), 3);
	assert_int_equal(last, 0);
	check_three(r, ids, offs);
	free_all(r, 3);
	fclose(f);
}

/* The threaded writer with several workers packing side by side: records
 * come out whole, in the order warc_write() was called, each its own gzip
 * member (or plain), with the block written and its digest right.  Blocks
 * differ in size (a few bytes to 60 KB) so that workers finish out of
 * turn. */
static void test_threaded_order(void **state)
{
	(void)state;
	enum { N = 400 };
	for (int gzip = 0; gzip < 2; gzip++) {
		for (int workers = 1; workers <= 4; workers += 3) {
			FILE *f = tmpfile();
			warc_writer *w =
			    warc_writer_open_threaded(f, gzip, workers);
			assert_non_null(w);
			cqa_error err;
			char ids[N][48];
			for (int i = 0; i < N; i++) {
				buf_t b = BUF_INIT;
				size_t len = (size_t)(i * 7919) % 60000 + 1;
				for (size_t k = 0; k < len; k++)
					buf_addc(&b,
					         (char)('a' + (i + k) % 26));
				char uri[64];
				snprintf(uri, sizeof uri,
				         "http://example.com/%d", i);
				warc_write_spec spec = {
				    .type = "resource",
				    .target_uri = uri,
				    .content_type = "text/plain",
				    .date = "2026-01-02T03:04:05Z",
				    .block = b.data,
				    .block_len = b.len,
				    .payload_offset = (size_t)-1,
				};
				assert_int_equal(
				    warc_write(w, &spec, ids[i], &err), 0);
				buf_free(&b);
			}
			assert_int_equal(warc_writer_close(w, &err), 0);
			rewind(f);
			warc_reader *rd = warc_reader_open(f, "t.warc", 0);
			warc_record r;
			memset(&r, 0, sizeof r);
			int i = 0;
			while (warc_reader_next(rd, &r, &err) == 1) {
				char uri[64], digest[40];
				snprintf(uri, sizeof uri,
				         "http://example.com/%d", i);
				assert_string_equal(
				    warc_record_get(&r, "WARC-Target-URI"),
				    uri);
				assert_string_equal(
				    warc_record_get(&r, "WARC-Record-ID"),
				    ids[i]);
				size_t len = (size_t)(i * 7919) % 60000 + 1;
				assert_int_equal(r.block_len, len);
				assert_int_equal(r.block[len - 1],
				                 'a' + (i + len - 1) % 26);
				warc_sha1_base32(r.block, r.block_len, digest);
				assert_string_equal(
				    warc_record_get(&r, "WARC-Block-Digest"),
				    digest);
				warc_record_free(&r);
				i++;
			}
			assert_int_equal(i, N);
			warc_reader_close(rd);
			fclose(f);
		}
	}
}

/* Whole-file gzip (one member for all records), through a pipe: offsets
 * are then positions in the uncompressed stream. */
static void test_whole_file_gzip_from_pipe(void **state)
{
	(void)state;
	FILE *plain = tmpfile();
	char ids[3][48];
	long offs[3];
	write_three(plain, 0, ids, offs);
	buf_t text = BUF_INIT;
	char tmp[4096];
	size_t n;
	while ((n = fread(tmp, 1, sizeof tmp, plain)) > 0)
		buf_add(&text, tmp, n);
	fclose(plain);

	uLong bound = compressBound((uLong)text.len) + 64;
	unsigned char *gz = malloc(bound);
	z_stream zs = {0};
	assert_int_equal(
	    deflateInit2(&zs, 9, Z_DEFLATED, 31, 8, Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_in = (unsigned char *)text.data;
	zs.avail_in = (uInt)text.len;
	zs.next_out = gz;
	zs.avail_out = (uInt)bound;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	size_t gzlen = zs.total_out;
	deflateEnd(&zs);

	char *path = temp_path_of(gz, gzlen);
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "cat '%s'", path);
	FILE *p = popen(cmd.data, "r");
	assert_non_null(p);
	warc_record r[4];
	cqa_error err;
	int last;
	assert_int_equal(read_all(p, 0, r, 4, &last, &err), 3);
	assert_int_equal(last, 0);
	check_three(r, ids, offs);
	free_all(r, 3);
	assert_int_equal(pclose(p), 0);
	unlink(path);
	free(path);
	free(gz);
	buf_free(&cmd);
	buf_free(&text);
}

static void check_wget_records(warc_record *r, int n)
{
	assert_int_equal(n, 6);
	for (int i = 0; i < 6; i++) {
		char digest[40];
		assert_string_equal(r[i].version, "WARC/1.0");
		assert_string_equal(warc_record_get(&r[i], "WARC-Type"),
		                    wget_types[i]);
		assert_int_equal(r[i].offset, wget_offsets[i]);
		/* Our sha1 + base32 reproduces what wget wrote. */
		warc_sha1_base32(r[i].block, r[i].block_len, digest);
		assert_string_equal(warc_record_get(&r[i], "WARC-Block-Digest"),
		                    digest);
	}
	/* wget writes "<uri>"; the reader hands out the bare URI. */
	assert_string_equal(warc_record_get(&r[1], "WARC-Target-URI"),
	                    WGET_URI);
	assert_string_equal(warc_record_get(&r[2], "WARC-Target-URI"),
	                    WGET_URI);
	assert_string_equal(warc_record_get(&r[3], "WARC-Target-URI"),
	                    "metadata://gnu.org/software/wget/warc/"
	                    "MANIFEST.txt");
	assert_string_equal(warc_record_get(&r[5], "WARC-Target-URI"),
	                    "metadata://gnu.org/software/wget/warc/wget.log");
	assert_string_equal(warc_record_get(&r[2], "WARC-Concurrent-To"),
	                    warc_record_get(&r[1], "WARC-Record-ID"));
	/* The empty log record: Content-Length 0, digest of "". */
	assert_int_equal(r[5].block_len, 0);
	assert_string_equal(warc_record_get(&r[5], "WARC-Block-Digest"),
	                    SHA1_EMPTY);
	assert_int_equal(r[2].content_length, 348);

	http_response h;
	assert_int_equal(http_parse(r[2].block, r[2].block_len, &h), 0);
	assert_int_equal(h.status, 200);
	buf_t v = BUF_INIT;
	assert_true(http_header(&h, "Content-Type", &v));
	assert_string_equal(v.data, "text/html");
	assert_int_equal(h.body_len, strlen(WGET_HTML));
	assert_memory_equal(h.body, WGET_HTML, h.body_len);
	cqa_error err;
	assert_int_equal(http_decode_body(&h, 0, &v, &err), 0);
	assert_string_equal(v.data, WGET_HTML);
	char digest[40];
	warc_sha1_base32(h.body, h.body_len, digest);
	assert_string_equal(warc_record_get(&r[2], "WARC-Payload-Digest"),
	                    digest);
	buf_free(&v);
}

static void test_wget_fixture(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	FILE *f = fopen(path, "rb");
	assert_non_null(f);
	warc_record r[8];
	cqa_error err;
	int last;
	int n = read_all(f, 0, r, 8, &last, &err);
	assert_int_equal(last, 0);
	check_wget_records(r, n);
	free_all(r, n);
	fclose(f);
	free(path);
}

static void test_wget_fixture_from_pipe(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	buf_t cmd = BUF_INIT;
	buf_printf(&cmd, "cat '%s'", path);
	FILE *p = popen(cmd.data, "r");
	assert_non_null(p);
	warc_record r[8];
	cqa_error err;
	int last;
	int n = read_all(p, 0, r, 8, &last, &err);
	assert_int_equal(last, 0);
	check_wget_records(r, n);
	free_all(r, n);
	assert_int_equal(pclose(p), 0);
	buf_free(&cmd);
	free(path);
}

/* A caller that already read the first bytes hands them over. */
static void test_open_head(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	FILE *f = fopen(path, "rb");
	unsigned char head[16];
	assert_int_equal(fread(head, 1, sizeof head, f), sizeof head);
	assert_true(warc_sniff(head, sizeof head));
	warc_reader *rd =
	    warc_reader_open_head(f, head, sizeof head, "wget.warc.gz", 0);
	warc_record r;
	cqa_error err;
	int n = 0;
	while (warc_reader_next(rd, &r, &err) == 1) {
		assert_int_equal(r.offset, wget_offsets[n]);
		n++;
		warc_record_free(&r);
	}
	assert_int_equal(n, 6);
	warc_reader_close(rd);
	fclose(f);
	free(path);
}

/* Cut at every length: a cut at a member boundary reads cleanly up to
 * there, any other cut ends in one CQA_ERR_FORMAT error, never a crash. */
static void test_wget_truncated_everywhere(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	size_t len;
	unsigned char *data = slurp(path, &len);
	assert_int_equal(len, WGET_SIZE);
	for (size_t cut = 0; cut <= len; cut++) {
		FILE *f = file_of(data, cut);
		warc_record r[8];
		cqa_error err;
		int last;
		int n = read_all(f, 0, r, 8, &last, &err);
		free_all(r, n < 8 ? n : 8);
		fclose(f);
		int boundary = cut == len;
		int before = 0;
		for (int i = 0; i < 6; i++) {
			if ((long long)cut == wget_offsets[i])
				boundary = 1;
			if (wget_offsets[i] < (long long)cut)
				before++;
		}
		if (boundary) {
			assert_int_equal(last, 0);
			assert_int_equal(n, cut == len ? 6 : before);
		} else {
			assert_int_equal(last, -1);
			assert_int_equal(err.code, CQA_ERR_FORMAT);
			/* the member cut into is the record named */
			assert_int_equal(n, before - 1);
			char want[64];
			snprintf(want, sizeof want, "record %d at offset %lld",
			         before, wget_offsets[before - 1]);
			if (!strstr(err.msg, want))
				fail_msg("cut %zu: \"%s\" not in \"%s\"", cut,
				         want, err.msg);
			assert_non_null(strstr(err.msg, "test.warc: "));
		}
	}
	free(data);
	free(path);
}

static void test_wget_cut_in_half(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	size_t len;
	unsigned char *data = slurp(path, &len);
	FILE *f = file_of(data, len / 2); /* 1250: inside the response */
	warc_reader *rd = warc_reader_open(f, "half.warc.gz", 0);
	warc_record r;
	cqa_error err;
	assert_int_equal(warc_reader_next(rd, &r, &err), 1);
	warc_record_free(&r);
	assert_int_equal(warc_reader_next(rd, &r, &err), 1);
	warc_record_free(&r);
	assert_int_equal(warc_reader_next(rd, &r, &err), -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_non_null(
	    strstr(err.msg, "half.warc.gz: record 3 at offset 833: "));
	assert_non_null(strstr(err.msg, "truncated"));
	assert_null(r.block);
	/* The reader stays failed. */
	cqa_error again;
	assert_int_equal(warc_reader_next(rd, &r, &again), -1);
	assert_string_equal(again.msg, err.msg);
	warc_reader_close(rd);
	fclose(f);
	free(data);
	free(path);
}

static void test_corrupt_gzip(void **state)
{
	(void)state;
	char *path = fixture_path("wget.warc.gz");
	size_t len;
	unsigned char *data = slurp(path, &len);
	/* Garble the deflate data in the middle of the response member. */
	for (int i = 1000; i < 1040; i++)
		data[i] ^= 0x5a;
	FILE *f = file_of(data, len);
	warc_record r[8];
	cqa_error err;
	int last;
	int n = read_all(f, 0, r, 8, &last, &err);
	free_all(r, n);
	assert_int_equal(n, 2);
	assert_int_equal(last, -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "record 3 at offset 833"));
	fclose(f);

	/* Bytes after the last member that are not gzip. */
	buf_t b = BUF_INIT;
	free(data);
	data = slurp(path, &len);
	buf_add(&b, data, len);
	buf_adds(&b, "trailing junk");
	f = file_of(b.data, b.len);
	n = read_all(f, 0, r, 8, &last, &err);
	free_all(r, n);
	assert_int_equal(n, 6);
	assert_int_equal(last, -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "not gzip"));
	fclose(f);
	buf_free(&b);
	free(data);
	free(path);
}

static void test_content_length_lies(void **state)
{
	(void)state;
	const char text[] = "WARC/1.1\r\nWARC-Type: resource\r\n"
	                    "Content-Length: 9000\r\n\r\nshort\r\n\r\n";
	FILE *f = file_of(text, strlen(text));
	warc_record r[2];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 0, r, 2, &last, &err), 0);
	assert_int_equal(last, -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "test.warc: record 1 at offset 0: "));
	assert_non_null(strstr(err.msg, "Content-Length 9000 runs past"));
	fclose(f);
}

/* WARC/1.0, LF-only lines, a folded header, extra blank lines and stray
 * bytes between records, and a last record without its trailing CRLFs. */
static void test_plain_warc10_tolerance(void **state)
{
	(void)state;
	const char text[] = "WARC/1.0\n"
	                    "WARC-Type: resource\n"
	                    "WARC-Target-URI: http://a.example/\n"
	                    "X-Folded: first\n"
	                    "  second part\n"
	                    "Content-Length: 5\n"
	                    "\n"
	                    "hello\n\n\n\n"
	                    "junk line\n"
	                    "WARC/1.0\r\n"
	                    "WARC-Type: metadata\r\n"
	                    "Content-Length: 0\r\n"
	                    "\r\n";
	FILE *f = file_of(text, strlen(text));
	warc_record r[3];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 0, r, 3, &last, &err), 2);
	assert_int_equal(last, 0);
	assert_string_equal(r[0].version, "WARC/1.0");
	assert_string_equal(warc_record_get(&r[0], "WARC-Target-URI"),
	                    "http://a.example/");
	assert_string_equal(warc_record_get(&r[0], "x-folded"),
	                    "first second part");
	assert_string_equal((char *)r[0].block, "hello");
	assert_int_equal(r[0].offset, 0);
	assert_int_equal(r[0].skipped_bytes, 0);
	assert_string_equal(warc_record_get(&r[1], "WARC-Type"), "metadata");
	assert_int_equal(r[1].skipped_bytes, strlen("junk line\n"));
	assert_int_equal(r[1].offset, strstr(text, "WARC/1.0\r\n") - text);
	assert_int_equal(r[1].block_len, 0);
	assert_string_equal((char *)r[1].block, "");
	free_all(r, 2);
	fclose(f);
}

static void expect_error(const char *text, const char *what, int records)
{
	FILE *f = file_of(text, strlen(text));
	warc_record r[4];
	cqa_error err;
	int last;
	int n = read_all(f, 0, r, 4, &last, &err);
	free_all(r, n);
	assert_int_equal(n, records);
	assert_int_equal(last, -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	if (!strstr(err.msg, what))
		fail_msg("\"%s\" not in \"%s\"", what, err.msg);
	fclose(f);
}

static void test_bad_headers(void **state)
{
	(void)state;
	expect_error("WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 1"
	             "\r\n\r\nx\r\n\r\n"
	             "WARC/1.1\r\nWARC-Type: resource\r\n\r\nx\r\n\r\n",
	             "record 2 at offset 57: no Content-Length", 1);
	expect_error("WARC/1.1\r\nContent-Length: 12abc\r\n\r\n",
	             "record 1 at offset 0: Content-Length \"12abc\" is not "
	             "a number",
	             0);
	expect_error("WARC/1.1\r\nContent-Length: -1\r\n\r\n",
	             "is not a number", 0);
	expect_error("WARC/1.1\r\nContent-Length: 99999999999999999999999"
	             "\r\n\r\n",
	             "is not a number", 0);
	expect_error("WARC/1.1\r\nno colon here\r\nContent-Length: 0\r\n\r\n",
	             "header line without a name and colon", 0);
	expect_error("WARC/1.1\r\nWARC-Type: resource\r\nContent-Le",
	             "truncated: input ends inside the record header", 0);
	/* Not a WARC at all. */
	expect_error("<html><body>hello</body></html>\n",
	             "no WARC record found (not a WARC file?)", 0);
	/* Stray data and no further record after a good one. */
	expect_error("WARC/1.1\r\nContent-Length: 0\r\n\r\n\r\n\r\nrest",
	             "record 2", 1);
}

static void test_empty_input(void **state)
{
	(void)state;
	FILE *f = file_of("", 0);
	warc_record r[1];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 0, r, 1, &last, &err), 0);
	assert_int_equal(last, 0);
	fclose(f);
	f = file_of("\r\n\n", 3);
	assert_int_equal(read_all(f, 0, r, 1, &last, &err), 0);
	assert_int_equal(last, 0);
	fclose(f);
}

/* A block over max_block comes back empty with block_skipped set, and the
 * next record is read normally. */
static void test_oversized_block(void **state)
{
	(void)state;
	const char text[] = "WARC/1.1\r\nWARC-Type: resource\r\n"
	                    "Content-Length: 10\r\n\r\n0123456789\r\n\r\n"
	                    "WARC/1.1\r\nWARC-Type: metadata\r\n"
	                    "Content-Length: 4\r\n\r\nabcd\r\n\r\n";
	FILE *f = file_of(text, strlen(text));
	warc_record r[3];
	cqa_error err;
	int last;
	assert_int_equal(read_all(f, 4, r, 3, &last, &err), 2);
	assert_int_equal(last, 0);
	assert_true(r[0].block_skipped);
	assert_int_equal(r[0].block_len, 0);
	assert_int_equal(r[0].content_length, 10);
	assert_string_equal((char *)r[0].block, "");
	assert_string_equal(warc_record_get(&r[0], "WARC-Type"), "resource");
	assert_false(r[1].block_skipped);
	assert_int_equal(r[1].content_length, 4);
	assert_string_equal((char *)r[1].block, "abcd");
	free_all(r, 2);
	fclose(f);
}

static void test_writer_refuses_line_breaks(void **state)
{
	(void)state;
	FILE *f = tmpfile();
	warc_writer *w = warc_writer_open(f, 1);
	cqa_error err;
	warc_write_spec s = {
	    .type = "response",
	    .target_uri = "http://x.example/\r\nWARC-Type: forged",
	    .block = "x",
	    .block_len = 1,
	    .payload_offset = (size_t)-1,
	};
	assert_int_equal(warc_write(w, &s, NULL, &err), -1);
	assert_int_equal(err.code, CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "WARC-Target-URI"));
	warc_header bad[] = {{"X-Evil", "a\nb"}};
	s.target_uri = "http://x.example/";
	s.extra = bad;
	s.n_extra = 1;
	assert_int_equal(warc_write(w, &s, NULL, &err), -1);
	assert_int_equal(warc_writer_close(w, &err), 0);
	assert_int_equal(ftell(f), 0); /* nothing written */
	fclose(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_sha1_base32),
	    cmocka_unit_test(test_format_date),
	    cmocka_unit_test(test_sniff),
	    cmocka_unit_test(test_roundtrip_plain),
	    cmocka_unit_test(test_roundtrip_gzip),
	    cmocka_unit_test(test_threaded_order),
	    cmocka_unit_test(test_whole_file_gzip_from_pipe),
	    cmocka_unit_test(test_wget_fixture),
	    cmocka_unit_test(test_wget_fixture_from_pipe),
	    cmocka_unit_test(test_open_head),
	    cmocka_unit_test(test_wget_truncated_everywhere),
	    cmocka_unit_test(test_wget_cut_in_half),
	    cmocka_unit_test(test_corrupt_gzip),
	    cmocka_unit_test(test_content_length_lies),
	    cmocka_unit_test(test_plain_warc10_tolerance),
	    cmocka_unit_test(test_bad_headers),
	    cmocka_unit_test(test_empty_input),
	    cmocka_unit_test(test_oversized_block),
	    cmocka_unit_test(test_writer_refuses_line_breaks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
