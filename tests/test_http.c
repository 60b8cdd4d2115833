/*
 * test_http.c - HTTP response splitting, header lookup and body decoding.
 *
 * The chunked example is the one from the Wikipedia article on chunked
 * transfer encoding ("Wiki" + "pedia").  Compressed bodies are produced
 * here with zlib and the brotli encoder, so each expected output is the
 * plain text the test started from.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#include <cmocka.h>

#include <brotli/encode.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#include "common/buf.h"
#include "common/http.h"

/* window: 31 gzip, 15 zlib, -15 raw deflate. */
static void deflate_into(buf_t *out, const void *data, size_t len, int window)
{
	z_stream zs;
	memset(&zs, 0, sizeof zs);
	assert_int_equal(
	    deflateInit2(&zs, 9, Z_DEFLATED, window, 8, Z_DEFAULT_STRATEGY),
	    Z_OK);
	uLong bound = deflateBound(&zs, (uLong)len) + 32;
	buf_grow(out, bound);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	zs.next_out = (unsigned char *)out->data + out->len;
	zs.avail_out = (uInt)bound;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	out->len += zs.total_out;
	out->data[out->len] = '\0';
	deflateEnd(&zs);
}

static void brotli_into(buf_t *out, const void *data, size_t len)
{
	size_t n = BrotliEncoderMaxCompressedSize(len);
	buf_grow(out, n);
	assert_true(BrotliEncoderCompress(
	    BROTLI_DEFAULT_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_TEXT,
	    len, data, &n, (uint8_t *)out->data + out->len));
	out->len += n;
	out->data[out->len] = '\0';
}

/* A response with the given header lines and body. */
static void response(buf_t *b, const char *headers, const void *body,
                     size_t body_len)
{
	buf_reset(b);
	buf_printf(b, "HTTP/1.1 200 OK\r\n%s\r\n", headers);
	buf_add(b, body, body_len);
}

/* Decodes b; returns the code and leaves the output in out. */
static int decode(const buf_t *b, size_t max_out, buf_t *out, cqa_error *err)
{
	http_response r;
	assert_int_equal(http_parse(b->data, b->len, &r), 0);
	cqa_error_clear(err);
	return http_decode_body(&r, max_out, out, err);
}

static const char text[] =
    "It was the best of times, it was the worst of times, it was the age "
    "of wisdom, it was the age of foolishness, it was the epoch of belief, "
    "it was the epoch of incredulity.\n";

static void test_parse(void **state)
{
	(void)state;
	const char msg[] = "HTTP/1.1 200 OK\r\n"
	                   "Content-Type: text/html; charset=utf-8\r\n"
	                   "X-Folded: first\r\n"
	                   "\t second\r\n"
	                   "Server : spaced\r\n"
	                   "content-type: text/plain\r\n"
	                   "\r\n"
	                   "<p>hello</p>";
	http_response r;
	assert_int_equal(http_parse(msg, strlen(msg), &r), 0);
	assert_int_equal(r.status, 200);
	assert_ptr_equal(r.headers, msg + strlen("HTTP/1.1 200 OK\r\n"));
	assert_int_equal(r.body_len, 12);
	assert_memory_equal(r.body, "<p>hello</p>", 12);
	assert_ptr_equal(r.body, (const unsigned char *)msg + strlen(msg) - 12);

	buf_t v = BUF_INIT;
	/* first occurrence, any case */
	assert_int_equal(http_header(&r, "CONTENT-TYPE", &v), 1);
	assert_string_equal(v.data, "text/html; charset=utf-8");
	assert_int_equal(http_header(&r, "x-folded", &v), 1);
	assert_string_equal(v.data, "first second");
	assert_int_equal(http_header(&r, "Server", &v), 1);
	assert_string_equal(v.data, "spaced");
	assert_int_equal(http_header(&r, "Content-Length", &v), 0);
	/* a prefix of a name is not the name */
	assert_int_equal(http_header(&r, "Content", &v), 0);
	buf_free(&v);
}

static void test_parse_variants(void **state)
{
	(void)state;
	http_response r;
	buf_t v = BUF_INIT;
	/* LF-only line ends, HTTP/1.0, no reason phrase */
	const char lf[] = "HTTP/1.0 404\nX-A: 1\n\nnot here";
	assert_int_equal(http_parse(lf, strlen(lf), &r), 0);
	assert_int_equal(r.status, 404);
	assert_int_equal(r.body_len, 8);
	assert_int_equal(http_header(&r, "x-a", &v), 1);
	assert_string_equal(v.data, "1");
	/* interim 100 Continue before the real response */
	const char cont[] = "HTTP/1.1 100 Continue\r\n\r\n"
	                    "HTTP/1.1 301 Moved Permanently\r\n"
	                    "Location: https://example.com/\r\n\r\n";
	assert_int_equal(http_parse(cont, strlen(cont), &r), 0);
	assert_int_equal(r.status, 301);
	assert_int_equal(http_header(&r, "Location", &v), 1);
	assert_string_equal(v.data, "https://example.com/");
	assert_int_equal(r.body_len, 0);
	/* headers without the blank line: empty body */
	const char cut[] = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n";
	assert_int_equal(http_parse(cut, strlen(cut), &r), 0);
	assert_int_equal(r.status, 200);
	assert_int_equal(r.body_len, 0);
	assert_int_equal(http_header(&r, "Content-Type", &v), 1);
	assert_string_equal(v.data, "text/html");
	/* unreadable status code: still HTTP, status 0 */
	const char bad[] = "HTTP/1.1 2x0 OK\r\n\r\nbody";
	assert_int_equal(http_parse(bad, strlen(bad), &r), 0);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.body_len, 4);
	/* not HTTP at all */
	assert_int_equal(http_parse("GET / HTTP/1.1\r\n\r\n", 18, &r), -1);
	assert_int_equal(http_parse("HTTP", 4, &r), -1);
	assert_int_equal(http_parse("", 0, &r), -1);
	buf_free(&v);
}

static void test_chunked(void **state)
{
	(void)state;
	buf_t b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	const char *te = "Transfer-Encoding: chunked\r\n";
	const char plain[] = "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
	response(&b, te, plain, strlen(plain));
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, "Wikipedia");

	/* extensions, upper-case hex, trailers */
	const char ext[] = "4;name=value\r\nWiki\r\nB \r\n in\r\nchunks\r\n"
	                   "0\r\nExpires: never\r\n\r\n";
	response(&b, te, ext, strlen(ext));
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, "Wiki in\r\nchunks");

	/* truncated last chunk: what was there is kept */
	const char cut[] = "4\r\nWiki\r\n5\r\nped";
	response(&b, te, cut, strlen(cut));
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, "Wikiped");

	/* a garbled size line after the first chunk is an error */
	const char bad[] = "4\r\nWiki\r\nzz\r\npedia\r\n0\r\n\r\n";
	response(&b, te, bad, strlen(bad));
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	assert_int_equal(err.code, CQA_ERR_FORMAT);

	/* a body that never was chunked passes through unchanged */
	const char html[] = "<html>hello</html>";
	response(&b, te, html, strlen(html));
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, html);
	buf_free(&b);
	buf_free(&out);
}

/* WARC's payload: chunk framing removed, content coding kept. */
static void test_payload(void **state)
{
	(void)state;
	static const char chunked[] =
	    "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n"
	    "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n";
	static const char plain[] = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n"
	                            "\r\nhello";
	http_response r;
	buf_t out = BUF_INIT;
	assert_int_equal(http_parse(chunked, sizeof chunked - 1, &r), 0);
	assert_int_equal(http_payload(&r, &out), 1);
	assert_int_equal(out.len, 11);
	assert_memory_equal(out.data, "hello world", 11);
	assert_int_equal(http_parse(plain, sizeof plain - 1, &r), 0);
	buf_reset(&out);
	assert_int_equal(http_payload(&r, &out), 0);
	assert_int_equal(out.len, 0);
	buf_free(&out);
}

static void test_gzip_and_deflate(void **state)
{
	(void)state;
	buf_t z = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	struct {
		const char *header;
		int window;
	} cases[] = {
	    {"Content-Encoding: gzip\r\n", 31},
	    {"Content-Encoding: x-gzip\r\n", 31},
	    {"Content-Encoding: deflate\r\n", 15},  /* zlib wrapper */
	    {"Content-Encoding: deflate\r\n", -15}, /* raw deflate */
	    {"content-encoding: GZIP\r\n", 31},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		buf_reset(&z);
		deflate_into(&z, text, strlen(text), cases[i].window);
		assert_true(z.len < strlen(text));
		response(&b, cases[i].header, z.data, z.len);
		assert_int_equal(decode(&b, 0, &out, &err), 0);
		assert_int_equal(out.len, strlen(text));
		assert_string_equal(out.data, text);
	}

	/* gzip inside chunked transfer, cut into two chunks */
	buf_reset(&z);
	deflate_into(&z, text, strlen(text), 31);
	buf_t chunked = BUF_INIT;
	size_t half = z.len / 2;
	buf_printf(&chunked, "%zx\r\n", half);
	buf_add(&chunked, z.data, half);
	buf_printf(&chunked, "\r\n%zx\r\n", z.len - half);
	buf_add(&chunked, z.data + half, z.len - half);
	buf_adds(&chunked, "\r\n0\r\n\r\n");
	response(&b, "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
	         chunked.data, chunked.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, text);

	/* truncated gzip keeps a prefix of the text */
	response(&b, "Content-Encoding: gzip\r\n", z.data, z.len - 20);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_true(out.len < strlen(text));
	assert_memory_equal(out.data, text, out.len);

	/* an empty body with a coding (HEAD, 304) decodes to nothing */
	response(&b, "Content-Encoding: gzip\r\n", "", 0);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_int_equal(out.len, 0);
	assert_string_equal(out.data, "");

	/* corrupt data */
	buf_t bad = BUF_INIT;
	buf_add(&bad, z.data, z.len);
	for (size_t i = 12; i < 40; i++)
		bad.data[i] ^= 0x55;
	response(&b, "Content-Encoding: gzip\r\n", bad.data, bad.len);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "gzip"));
	response(&b, "Content-Encoding: gzip\r\n", "<html>", 6);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	buf_free(&bad);
	buf_free(&chunked);
	buf_free(&z);
	buf_free(&b);
	buf_free(&out);
}

static void test_brotli(void **state)
{
	(void)state;
	buf_t z = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	brotli_into(&z, text, strlen(text));
	response(&b, "Content-Encoding: br\r\n", z.data, z.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, text);

	/* "gzip, br": gzip applied first, so br is undone first */
	buf_t gz = BUF_INIT, both = BUF_INIT;
	deflate_into(&gz, text, strlen(text), 31);
	brotli_into(&both, gz.data, gz.len);
	response(&b, "Content-Encoding: gzip, br\r\n", both.data, both.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, text);
	/* the other order cannot decode */
	response(&b, "Content-Encoding: br, gzip\r\n", both.data, both.len);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);

	/* The same list on two header lines (RFC 9110 5.3): it means
	 * "gzip, br", and before the lines were joined only gzip was
	 * undone, which failed on brotli data. */
	response(&b,
	         "Content-Encoding: gzip\r\nServer: t\r\n"
	         "Content-Encoding: br\r\n",
	         both.data, both.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, text);
	http_response h;
	assert_int_equal(http_parse(b.data, b.len, &h), 0);
	buf_t v = BUF_INIT;
	assert_int_equal(http_header_list(&h, "content-encoding", &v), 1);
	assert_string_equal(v.data, "gzip, br");
	assert_int_equal(http_header(&h, "Content-Encoding", &v), 1);
	assert_string_equal(v.data, "gzip");
	assert_int_equal(http_header_list(&h, "Content-Language", &v), 0);
	buf_free(&v);

	/* corrupt brotli */
	response(&b, "Content-Encoding: br\r\n", "\xff\xff\xff\xff garbage",
	         12);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "br"));
	buf_free(&gz);
	buf_free(&both);
	buf_free(&z);
	buf_free(&b);
	buf_free(&out);
}

static void test_limit(void **state)
{
	(void)state;
	buf_t b = BUF_INIT, out = BUF_INIT, z = BUF_INIT;
	cqa_error err;
	/* identity */
	response(&b, "", "0123456789", 10);
	assert_int_equal(decode(&b, 4, &out, &err), CQA_ERR_LIMIT);
	assert_int_equal(err.code, CQA_ERR_LIMIT);
	assert_int_equal(out.len, 4);
	assert_string_equal(out.data, "0123");
	/* exactly at the limit is fine */
	assert_int_equal(decode(&b, 10, &out, &err), 0);
	assert_string_equal(out.data, "0123456789");

	/* a gzip bomb: 4 MiB of 'a' in a few KiB stops at the cap */
	size_t big = 4u << 20;
	char *as = malloc(big);
	memset(as, 'a', big);
	deflate_into(&z, as, big, 31);
	assert_true(z.len < 16 * 1024);
	response(&b, "Content-Encoding: gzip\r\n", z.data, z.len);
	assert_int_equal(decode(&b, 1000, &out, &err), CQA_ERR_LIMIT);
	assert_int_equal(out.len, 1000);
	assert_memory_equal(out.data, as, 1000);

	/* the same through brotli */
	buf_reset(&z);
	brotli_into(&z, as, big);
	response(&b, "Content-Encoding: br\r\n", z.data, z.len);
	assert_int_equal(decode(&b, 70000, &out, &err), CQA_ERR_LIMIT);
	assert_int_equal(out.len, 70000);
	assert_memory_equal(out.data, as, 70000);

	/* chunked */
	const char ch[] = "4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n";
	response(&b, "Transfer-Encoding: chunked\r\n", ch, strlen(ch));
	assert_int_equal(decode(&b, 6, &out, &err), CQA_ERR_LIMIT);
	assert_string_equal(out.data, "Wikipe");
	free(as);
	buf_free(&z);
	buf_free(&b);
	buf_free(&out);
}

/* Every coding, alone and combined, stops at the cap on the bytes it
 * produces: 4 MiB of 'a' compressed to a few KiB, asked for at most
 * 100000 bytes, gives exactly the first 100000 and CQA_ERR_LIMIT. */
static void test_limit_every_coding(void **state)
{
	(void)state;
	enum { CAP = 100000 };
	size_t big = 4u << 20;
	char *as = malloc(big);
	memset(as, 'a', big);
	buf_t gz = BUF_INIT, zl = BUF_INIT, raw = BUF_INIT, br = BUF_INIT;
	buf_t gzgz = BUF_INIT, brgz = BUF_INIT, chunked = BUF_INIT;
	buf_t members = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	deflate_into(&gz, as, big, 31);
	deflate_into(&zl, as, big, 15);
	deflate_into(&raw, as, big, -15);
	brotli_into(&br, as, big);
	deflate_into(&gzgz, gz.data, gz.len, 31); /* gzip, then gzip */
	brotli_into(&brgz, gz.data, gz.len);      /* gzip, then br */
	buf_printf(&chunked, "%zx\r\n", gz.len);
	buf_add(&chunked, gz.data, gz.len);
	buf_adds(&chunked, "\r\n0\r\n\r\n");
	/* four gzip members of 1 MiB each */
	for (int i = 0; i < 4; i++)
		deflate_into(&members, as, big / 4, 31);
	struct {
		const char *headers;
		const buf_t *body;
	} cases[] = {
	    {"Content-Encoding: gzip\r\n", &gz},
	    {"Content-Encoding: deflate\r\n", &zl},
	    {"Content-Encoding: deflate\r\n", &raw},
	    {"Content-Encoding: br\r\n", &br},
	    {"Content-Encoding: gzip, gzip\r\n", &gzgz},
	    {"Content-Encoding: gzip, br\r\n", &brgz},
	    {"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n",
	     &chunked},
	    {"Transfer-Encoding: gzip, chunked\r\n", &chunked},
	    {"Content-Encoding: gzip\r\n", &members},
	};
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		assert_true(cases[i].body->len < 64 * 1024);
		response(&b, cases[i].headers, cases[i].body->data,
		         cases[i].body->len);
		int rc = decode(&b, CAP, &out, &err);
		if (rc != CQA_ERR_LIMIT || out.len != CAP)
			fail_msg("case %zu (%s): rc %d, %zu bytes", i,
			         cases[i].headers, rc, out.len);
		assert_memory_equal(out.data, as, CAP);
	}
	/* Uncapped (256 MiB), every member is read, to the last byte. */
	response(&b, "Content-Encoding: gzip\r\n", members.data, members.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_int_equal(out.len, big);
	assert_memory_equal(out.data, as, big);
	/* A cap between the members stops inside the third. */
	assert_int_equal(decode(&b, big / 2 + 1, &out, &err), CQA_ERR_LIMIT);
	assert_int_equal(out.len, big / 2 + 1);
	/* The whole of gzip, gzip fits a cap of its size exactly. */
	response(&b, "Content-Encoding: gzip, gzip\r\n", gzgz.data, gzgz.len);
	assert_int_equal(decode(&b, big, &out, &err), 0);
	assert_int_equal(out.len, big);
	assert_memory_equal(out.data, as, big);
	free(as);
	buf_free(&gz);
	buf_free(&zl);
	buf_free(&raw);
	buf_free(&br);
	buf_free(&gzgz);
	buf_free(&brgz);
	buf_free(&chunked);
	buf_free(&members);
	buf_free(&b);
	buf_free(&out);
}

/* Raw deflate has no trailer after its last code, so its input can be
 * all read while output is still due: 65538 bytes of "baaaa..." end in a
 * match that passes the decoder's 64 KiB output chunk, and the last two
 * bytes come out only on a call with no input left. */
static void test_deflate_tail(void **state)
{
	(void)state;
	size_t n = 65538;
	char *text_in = malloc(n);
	for (size_t i = 0; i < n; i++)
		text_in[i] = i % 5 ? 'a' : 'b';
	buf_t z = BUF_INIT, b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	deflate_into(&z, text_in, n, -15);
	response(&b, "Content-Encoding: deflate\r\n", z.data, z.len);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_int_equal(out.len, n);
	assert_memory_equal(out.data, text_in, n);
	free(text_in);
	buf_free(&z);
	buf_free(&b);
	buf_free(&out);
}

static void test_unknown_coding(void **state)
{
	(void)state;
	buf_t b = BUF_INIT, out = BUF_INIT;
	cqa_error err;
	response(&b, "Content-Encoding: compress\r\n", "xyz", 3);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "\"compress\""));
	response(&b, "Content-Encoding: zstd\r\n", "xyz", 3);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	/* identity is no coding */
	response(&b, "Content-Encoding: identity\r\n", "xyz", 3);
	assert_int_equal(decode(&b, 0, &out, &err), 0);
	assert_string_equal(out.data, "xyz");
	/* too many codings */
	response(&b,
	         "Content-Encoding: identity, identity, identity, identity, "
	         "identity, identity, identity, identity, identity\r\n",
	         "xyz", 3);
	assert_int_equal(decode(&b, 0, &out, &err), CQA_ERR_FORMAT);
	buf_free(&b);
	buf_free(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_parse_variants),
	    cmocka_unit_test(test_chunked),
	    cmocka_unit_test(test_payload),
	    cmocka_unit_test(test_gzip_and_deflate),
	    cmocka_unit_test(test_brotli),
	    cmocka_unit_test(test_limit),
	    cmocka_unit_test(test_limit_every_coding),
	    cmocka_unit_test(test_deflate_tail),
	    cmocka_unit_test(test_unknown_coding),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
