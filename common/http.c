/*
 * http.c - HTTP/1.x responses from WARC records; see http.h.
 *
 * Parsing is done in place: http_response points into the record block,
 * so splitting a response copies nothing.  Header lines are searched
 * lazily by http_header, which also unfolds obsolete continuation lines.
 *
 * Decoding treats Content-Encoding and Transfer-Encoding as one list of
 * codings applied in order (RFC 9110 8.4, RFC 9112 6.1) and undoes them
 * from the last to the first, so "Content-Encoding: gzip, br" with chunked
 * transfer becomes dechunk, un-br, un-gzip.  Every step writes through one
 * capped sink, so a compression bomb stops at max_out.
 *
 * Tolerance, because archived responses are often imperfect: a body that is
 * cut short (a truncated last chunk, a compressed stream without its end)
 * keeps what was decoded; a "chunked" body whose first line is not a chunk
 * size is taken as already dechunked (some archiving proxies store it that
 * way and keep the header); a "deflate" body may be zlib-wrapped or raw, as
 * servers send both.  Data that decodes to garbage is an error.
 */
#include "http.h"

#include <brotli/decode.h>
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>
#include <zlib.h>

enum {
	/* codings in one message; real ones have at most two */
	HTTP_MAX_CODINGS = 8,
	/* inflate / brotli output chunk */
	HTTP_CHUNK = 64 * 1024,
};

/* Output cap when the caller passes 0. */
#define HTTP_DEFAULT_MAX_OUT ((size_t)256 * 1024 * 1024)

/* ---- parsing ------------------------------------------------------- */

/* Length of the line at p (without its LF or CRLF) and where the next one
 * starts; end of data counts as a line end. */
static size_t line_at(const char *p, const char *end, const char **next)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	const char *e = nl ? nl : end;
	*next = nl ? nl + 1 : end;
	if (e > p && e[-1] == '\r')
		e--;
	return (size_t)(e - p);
}

/* "HTTP/1.1 200 OK": the status, or 0 when the code is unreadable. */
static int status_of(const char *p, size_t len)
{
	size_t i = 5; /* after "HTTP/" */
	while (i < len && (isdigit((unsigned char)p[i]) || p[i] == '.'))
		i++;
	if (i == 5 || i >= len || p[i] != ' ')
		return 0;
	while (i < len && p[i] == ' ')
		i++;
	if (i + 3 > len || !isdigit((unsigned char)p[i]) ||
	    !isdigit((unsigned char)p[i + 1]) ||
	    !isdigit((unsigned char)p[i + 2]) ||
	    (i + 3 < len && p[i + 3] != ' '))
		return 0;
	return (p[i] - '0') * 100 + (p[i + 1] - '0') * 10 + (p[i + 2] - '0');
}

static int parse_one(const char *p, const char *end, http_response *out)
{
	if (end - p < 5 || memcmp(p, "HTTP/", 5) != 0)
		return -1;
	const char *next;
	size_t len = line_at(p, end, &next);
	out->status = status_of(p, len);
	out->headers = next;
	/* The header section ends at the first empty line (CRLF CRLF or the
	 * LF LF of sloppy servers). */
	const char *q = next;
	while (q < end) {
		const char *after;
		if (line_at(q, end, &after) == 0 && after > q) {
			out->headers_len = (size_t)(q - out->headers);
			out->body = (const unsigned char *)after;
			out->body_len = (size_t)(end - after);
			return 0;
		}
		q = after;
	}
	/* No blank line: headers only, the body is missing. */
	out->headers_len = (size_t)(end - out->headers);
	out->body = (const unsigned char *)end;
	out->body_len = 0;
	return 0;
}

int http_parse(const void *block, size_t len, http_response *out)
{
	const char *p = block, *end = p + len;
	memset(out, 0, sizeof *out);
	if (parse_one(p, end, out) < 0)
		return -1;
	/* "100 Continue" and other interim responses precede the real one
	 * in the same record; skip to the final response. */
	while (out->status >= 100 && out->status < 200 && out->body_len) {
		http_response next;
		if (parse_one((const char *)out->body, end, &next) < 0)
			break;
		*out = next;
	}
	return 0;
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t';
}

/* Appends s[0..n) with surrounding white space removed. */
static void add_trimmed(buf_t *out, const char *s, size_t n)
{
	while (n && is_ws(*s))
		s++, n--;
	while (n && is_ws(s[n - 1]))
		n--;
	buf_add(out, s, n);
}

/* The value of header name, or with all every occurrence's value joined
 * by ", " (RFC 9110 5.3: a list field sent on several lines means the
 * same as one line with the values comma-separated). */
static int find_header(const http_response *r, const char *name, buf_t *out,
                       int all)
{
	const char *p = r->headers, *end = p + r->headers_len;
	size_t nlen = strlen(name);
	int found = 0;
	buf_reset(out);
	while (p < end) {
		const char *next;
		size_t len = line_at(p, end, &next);
		if (len > nlen && strncasecmp(p, name, nlen) == 0) {
			/* Allow white space before the colon; RFC 9112 forbids
			 * it, servers still send it. */
			size_t i = nlen;
			while (i < len && is_ws(p[i]))
				i++;
			if (i < len && p[i] == ':') {
				size_t start = out->len;
				if (found && start)
					buf_adds(out, ", ");
				size_t value_at = out->len;
				add_trimmed(out, p + i + 1, len - i - 1);
				/* Obsolete line folding: continuation lines
				 * start with white space and join with one
				 * space. */
				while (next < end && is_ws(*next)) {
					const char *after;
					size_t clen =
					    line_at(next, end, &after);
					size_t before = out->len;
					if (before > value_at)
						buf_addc(out, ' ');
					add_trimmed(out, next, clen);
					if (before && out->len == before + 1)
						buf_truncate(out, before);
					next = after;
				}
				if (out->len == value_at)
					buf_truncate(out, start); /* empty */
				if (!out->data)
					buf_add(out, "", 0);
				found = 1;
				if (!all)
					return 1;
			}
		}
		p = next;
	}
	return found;
}

int http_header(const http_response *r, const char *name, buf_t *out)
{
	return find_header(r, name, out, 0);
}

int http_header_list(const http_response *r, const char *name, buf_t *out)
{
	return find_header(r, name, out, 1);
}

/* ---- decoding ------------------------------------------------------ */

/* Appends what fits under the cap; 1 when something had to be dropped. */
static int sink(buf_t *out, size_t max_out, const void *data, size_t n)
{
	size_t room = max_out > out->len ? max_out - out->len : 0;
	buf_add(out, data, n < room ? n : room);
	return n > room;
}

/* RFC 9112 7.1.  0 done (or cut short), 1 cap hit, -1 malformed, 2 the
 * body does not start like chunked data. */
static int dechunk(const unsigned char *p, size_t len, size_t max_out,
                   buf_t *out)
{
	const unsigned char *end = p + len;
	int first = 1;
	while (p < end) {
		/* chunk-size [ws] [; ext] CRLF */
		unsigned long long size = 0;
		int digits = 0;
		while (p < end && is_ws((char)*p))
			p++;
		while (p < end && isxdigit(*p)) {
			if (++digits > 15) /* no real chunk is 2^60 bytes */
				return first ? 2 : -1;
			int c = tolower(*p);
			size = size * 16 +
			       (unsigned)(c <= '9' ? c - '0' : c - 'a' + 10);
			p++;
		}
		while (p < end && is_ws((char)*p))
			p++;
		if (!digits ||
		    (p < end && *p != ';' && *p != '\r' && *p != '\n'))
			return first ? 2 : -1;
		const unsigned char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return 0; /* size line cut short */
		p = nl + 1;
		first = 0;
		if (size == 0)
			return 0; /* last chunk; trailers are not needed */
		size_t avail = (size_t)(end - p);
		size_t n = size < avail ? (size_t)size : avail;
		if (sink(out, max_out, p, n))
			return 1;
		p += n;
		if (n < size)
			return 0; /* last chunk cut short: keep it */
		/* the CRLF after the chunk data */
		if (p < end && *p == '\r')
			p++;
		if (p < end && *p == '\n')
			p++;
	}
	return 0;
}

/* gzip, zlib or raw deflate.  0 done, 1 cap hit, -1 corrupt. */
static int inflate_body(const unsigned char *p, size_t len, int window,
                        size_t max_out, buf_t *out, const char **why)
{
	z_stream zs;
	unsigned char chunk[HTTP_CHUNK];
	memset(&zs, 0, sizeof zs);
	if (inflateInit2(&zs, window) != Z_OK) {
		*why = "zlib init failed";
		return -1;
	}
	int rc = 0;
	const unsigned char *end = p + len;
	/* Until the stream ends or the cap is hit, not until the input is
	 * used up: zlib may hold back output (and the stream's end, after
	 * which another member may start) when its input is all read. */
	for (;;) {
		/* avail_in is 32 bits: feed huge bodies in slices */
		size_t slice = (size_t)(end - p) > UINT32_MAX / 2
		                   ? UINT32_MAX / 2
		                   : (size_t)(end - p);
		zs.next_in = (unsigned char *)p;
		zs.avail_in = (uInt)slice;
		zs.next_out = chunk;
		zs.avail_out = sizeof chunk;
		int zr = inflate(&zs, Z_NO_FLUSH);
		p += slice - zs.avail_in;
		if (sink(out, max_out, chunk, sizeof chunk - zs.avail_out)) {
			rc = 1;
			break;
		}
		if (zr == Z_STREAM_END) {
			/* Another gzip member may follow; anything else after
			 * the end is ignored, as browsers do. */
			if (end - p >= 2 && p[0] == 0x1f && p[1] == 0x8b &&
			    inflateReset(&zs) == Z_OK)
				continue;
			break;
		}
		if (zr == Z_BUF_ERROR)
			break; /* no progress: cut short, keep what came out */
		if (zr != Z_OK) {
			*why = zs.msg ? zs.msg : "bad compressed data";
			rc = -1;
			break;
		}
		if (p == end && zs.avail_out)
			break; /* all read and all out: cut short */
	}
	inflateEnd(&zs);
	return rc;
}

/* A zlib header: CM 8 and a check value divisible by 31 (RFC 1950). */
static int looks_zlib(const unsigned char *p, size_t len)
{
	return len >= 2 && (p[0] & 0x0f) == 8 && (p[0] >> 4) <= 7 &&
	       ((p[0] << 8) | p[1]) % 31 == 0;
}

static int unbrotli(const unsigned char *p, size_t len, size_t max_out,
                    buf_t *out, const char **why)
{
	BrotliDecoderState *st = BrotliDecoderCreateInstance(NULL, NULL, NULL);
	unsigned char chunk[HTTP_CHUNK];
	if (!st) {
		*why = "brotli init failed";
		return -1;
	}
	int rc = 0;
	size_t avail_in = len;
	const uint8_t *next_in = p;
	for (;;) {
		size_t avail_out = sizeof chunk;
		uint8_t *next_out = chunk;
		BrotliDecoderResult res = BrotliDecoderDecompressStream(
		    st, &avail_in, &next_in, &avail_out, &next_out, NULL);
		if (sink(out, max_out, chunk, sizeof chunk - avail_out)) {
			rc = 1;
			break;
		}
		if (res == BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT)
			continue;
		if (res == BROTLI_DECODER_RESULT_ERROR) {
			*why = BrotliDecoderErrorString(
			    BrotliDecoderGetErrorCode(st));
			rc = -1;
		}
		/* SUCCESS, or NEEDS_MORE_INPUT with none left: cut short */
		break;
	}
	BrotliDecoderDestroyInstance(st);
	return rc;
}

/* Splits a coding list ("gzip, br") into lower-case tokens appended to
 * list; returns -1 when there are too many. */
static int split_codings(const char *s, char list[][16], int *n)
{
	while (*s) {
		while (*s == ',' || is_ws(*s))
			s++;
		size_t len = strcspn(s, ", \t;");
		if (!len)
			break;
		if (*n >= HTTP_MAX_CODINGS)
			return -1;
		size_t keep = len < 15 ? len : 15;
		for (size_t i = 0; i < keep; i++)
			list[*n][i] = (char)tolower((unsigned char)s[i]);
		/* a token that did not fit can never match a known one */
		list[*n][keep] = len < 16 ? '\0' : '?';
		list[*n][15] = '\0';
		(*n)++;
		s += len;
		/* parameters (";q=1") are skipped up to the next comma */
		while (*s && *s != ',')
			s++;
	}
	return 0;
}

int http_decode_body(const http_response *r, size_t max_out, buf_t *out,
                     cqa_error *err)
{
	char list[HTTP_MAX_CODINGS][16];
	int n = 0;
	buf_t v = BUF_INIT;
	if (!max_out)
		max_out = HTTP_DEFAULT_MAX_OUT;
	buf_reset(out);
	int bad = (http_header_list(r, "Content-Encoding", &v) &&
	           split_codings(buf_cstr(&v), list, &n) < 0) ||
	          (http_header_list(r, "Transfer-Encoding", &v) &&
	           split_codings(buf_cstr(&v), list, &n) < 0);
	buf_free(&v);
	if (bad)
		return cqa_fail(err, CQA_ERR_FORMAT,
		                "more than %d content codings",
		                HTTP_MAX_CODINGS);

	/* Undo the codings last to first; cur is the data still coded. */
	buf_t tmp = BUF_INIT;
	const unsigned char *cur = r->body;
	size_t cur_len = r->body_len;
	int limited = 0;
	const char *why = NULL;
	for (int i = n - 1; i >= 0; i--) {
		const char *c = list[i];
		buf_t step = BUF_INIT;
		int s;
		if (!strcmp(c, "identity"))
			continue;
		if (!strcmp(c, "chunked")) {
			/* Chunked comes once and last (RFC 9112 6.1).  One
			 * further in would be undone on the output of a step
			 * a cap may have cut, and whether that still looks
			 * chunked depends on where the cut fell. */
			for (int k = i + 1; k < n; k++)
				if (strcmp(list[k], "identity")) {
					buf_free(&tmp);
					return cqa_fail(
					    err, CQA_ERR_FORMAT,
					    "\"chunked\" is not the "
					    "last coding");
				}
			s = dechunk(cur, cur_len, max_out, &step);
			if (s == 2) {
				buf_free(&step);
				continue; /* already dechunked by the archiver
				           */
			}
			if (s < 0)
				why = "malformed chunk size line";
		} else if (!strcmp(c, "gzip") || !strcmp(c, "x-gzip")) {
			/* 15 + 32: gzip, or zlib from servers that mix up
			 * the two */
			s = inflate_body(cur, cur_len, 15 + 32, max_out, &step,
			                 &why);
		} else if (!strcmp(c, "deflate")) {
			s = inflate_body(cur, cur_len,
			                 looks_zlib(cur, cur_len) ? 15 : -15,
			                 max_out, &step, &why);
		} else if (!strcmp(c, "br")) {
			s = unbrotli(cur, cur_len, max_out, &step, &why);
		} else {
			buf_free(&step);
			buf_free(&tmp);
			return cqa_fail(err, CQA_ERR_FORMAT,
			                "unsupported content coding \"%s\"", c);
		}
		if (s < 0) {
			buf_free(&step);
			buf_free(&tmp);
			return cqa_fail(err, CQA_ERR_FORMAT,
			                "corrupt %s body: %s", c,
			                why ? why : "bad data");
		}
		/* At the cap, the later steps still decode the prefix that
		 * fitted, so the caller gets the start of the document. */
		limited |= s == 1;
		buf_free(&tmp);
		tmp = step;
		cur = (const unsigned char *)buf_cstr(&tmp);
		cur_len = tmp.len;
	}
	if (cur == (const unsigned char *)tmp.data) {
		/* Every step wrote under the cap: hand the last one over
		 * rather than hold the body twice. */
		buf_free(out);
		*out = tmp;
		tmp = (buf_t)BUF_INIT;
	} else {
		limited |= sink(out, max_out, cur, cur_len);
	}
	if (!out->data)
		buf_add(out, "", 0);
	buf_free(&tmp);
	if (limited)
		return cqa_fail(
		    err, CQA_ERR_LIMIT,
		    "decoded body larger than %zu bytes: cut at the "
		    "limit",
		    max_out);
	return 0;
}

int http_payload(const http_response *r, buf_t *out)
{
	buf_t te = BUF_INIT;
	int chunked = 0;
	if (http_header_list(r, "Transfer-Encoding", &te)) {
		/* The last coding applied is the one named last. */
		const char *v = buf_cstr(&te);
		size_t n = strlen(v);
		chunked = n >= 7 && !strcasecmp(v + n - 7, "chunked");
	}
	buf_free(&te);
	if (!chunked)
		return 0;
	buf_reset(out);
	/* No cap: the payload is never larger than the stored body. */
	if (dechunk(r->body, r->body_len, (size_t)-1, out) == 2) {
		buf_reset(out);
		buf_add(out, r->body, r->body_len); /* not really chunked */
	}
	return 1;
}
