/*
 * fuzz_http.c - libFuzzer target for the HTTP response layer of
 * common/http.h on its own: http_parse on a response head and body,
 * http_header lookups, http_decode_body under an output cap, and
 * http_payload.  fuzz_warc reaches the same code only through a valid
 * WARC record around it; here every mutation lands in the HTTP message.
 *
 * The first input byte is a selector, not message data: its low three
 * bits pick the output cap (1 byte to 1 MiB), so the cut-at-the-cap paths
 * of every decoder run, not only the ones a bomb reaches.  Printable bytes
 * do the job: seeds start with '0'..'7'.
 *
 * Beyond "no crash, no leak, no hang", the target checks the promises of
 * http.h: the parts lie inside the block, headers before body; a status
 * is at most three digits; a header found has a value without line breaks or
 * surrounding white space, and is found whatever the case of its name;
 * decoding returns 0 or the code it set, with at most the cap in out,
 * and the output under a small cap is a prefix of the output under a
 * large one; the payload of a chunked body is no longer than the body.
 */
#include <ctype.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/http.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const size_t caps[8] = {1, 7, 100, 1000, 4096, 65536, 1 << 20, 1 << 20};
enum { BIG_CAP = 1 << 20 };

static const char *const names[] = {
    "Content-Type",
    "Content-Encoding",
    "Transfer-Encoding",
    "Content-Length",
    "Location",
    "Last-Modified",
    "ETag",
    "X",
    NULL,
};

static void check_header(const http_response *r, const char *name)
{
	buf_t v = BUF_INIT, w = BUF_INIT;
	int found = http_header(r, name, &v);
	if (found != 0 && found != 1)
		abort();
	if (found) {
		if (!v.data || memchr(v.data, '\n', v.len))
			abort();
		if (v.len &&
		    (v.data[0] == ' ' || v.data[0] == '\t' ||
		     v.data[v.len - 1] == ' ' || v.data[v.len - 1] == '\t'))
			abort();
	}
	/* Names compare ignoring case. */
	char upper[64];
	size_t n = strlen(name);
	if (n < sizeof upper) {
		for (size_t i = 0; i <= n; i++)
			upper[i] = (char)toupper((unsigned char)name[i]);
		if (http_header(r, upper, &w) != found ||
		    (found &&
		     (w.len != v.len || memcmp(w.data, v.data, v.len))))
			abort();
	}
	buf_free(&v);
	buf_free(&w);
}

/* Decodes with cap; checks the return against err and out. */
static int decode_checked(const http_response *r, size_t cap, buf_t *out)
{
	cqa_error err;
	cqa_error_clear(&err);
	int rc = http_decode_body(r, cap, out, &err);
	if (rc != 0 && (rc != (int)err.code || !err.msg[0]))
		abort();
	if ((rc == 0 || rc == CQA_ERR_LIMIT) && (!out->data || out->len > cap))
		abort();
	if (rc != 0 && rc != CQA_ERR_LIMIT && rc != CQA_ERR_FORMAT)
		abort();
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	size_t cap = caps[data[0] & 7];
	const unsigned char *b = data + 1, *end = data + size;
	http_response r;
	if (http_parse(b, size - 1, &r) < 0)
		return 0;
	if ((const unsigned char *)r.headers < b ||
	    (const unsigned char *)r.headers + r.headers_len > r.body ||
	    r.body + r.body_len != end)
		abort();
	/* Three digits, or 0 ("HTTP/1.1 002" is 2: digits are digits). */
	if (r.status < 0 || r.status > 999)
		abort();

	for (size_t i = 0; names[i]; i++)
		check_header(&r, names[i]);
	/* The name of the first header line, as the fuzzer wrote it. */
	const char *colon = memchr(r.headers, ':', r.headers_len);
	if (colon && colon > r.headers && colon - r.headers < 40) {
		char name[41];
		size_t n = (size_t)(colon - r.headers);
		memcpy(name, r.headers, n);
		name[n] = '\0';
		if (strlen(name) == n && !strpbrk(name, "\r\n"))
			check_header(&r, name);
	}

	buf_t small = BUF_INIT, big = BUF_INIT;
	int rs = decode_checked(&r, cap, &small);
	if (cap < BIG_CAP) {
		int rb = decode_checked(&r, BIG_CAP, &big);
		/* Decoding streams: a smaller cap sees the same start. */
		if ((rs == 0 || rs == CQA_ERR_LIMIT) &&
		    (rb == 0 || rb == CQA_ERR_LIMIT) &&
		    (small.len > big.len ||
		     memcmp(small.data, big.data, small.len)))
			abort();
		/* Under the cap nothing was cut: both agree. */
		if (rs == 0 && (rb != 0 || small.len != big.len))
			abort();
	}

	buf_t payload = BUF_INIT;
	if (http_payload(&r, &payload) == 1 && payload.len > r.body_len)
		abort();
	buf_free(&payload);
	buf_free(&small);
	buf_free(&big);
	return 0;
}
