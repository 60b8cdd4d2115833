/*
 * http.h - HTTP/1.x messages as stored in WARC response records.
 *
 * A response block is "status line, headers, blank line, body" exactly as it
 * crossed the wire, so the body may be chunked and compressed.  http_parse
 * splits it; http_decode_body undoes Transfer-Encoding: chunked and
 * Content-Encoding gzip, x-gzip, deflate and br, with an output cap so a
 * compression bomb stops at the cap instead of filling memory.
 */
#ifndef CQA_HTTP_H
#define CQA_HTTP_H

#include <stddef.h>

#include "buf.h"
#include "error.h"

typedef struct http_response {
	int status;          /* 200; 0 when the status line is unreadable */
	const char *headers; /* start of the header lines (inside block) */
	size_t headers_len;
	const unsigned char *body; /* start of the body (inside block) */
	size_t body_len;
} http_response;

/* Splits block; returns 0, or -1 when it is not an HTTP response.  Interim
 * 1xx responses before the final one are skipped.  A block without the
 * blank line after the headers gives an empty body. */
int http_parse(const void *block, size_t len, http_response *out);

/* Copies the value of header name (case-insensitive, first occurrence,
 * surrounding white space trimmed, folded continuation lines joined with
 * one space) into out, replacing what out held; returns 1 if present. */
int http_header(const http_response *r, const char *name, buf_t *out);

/* Like http_header(), for a list field (Content-Encoding,
 * Transfer-Encoding): every occurrence's value, in order, joined by ", "
 * (RFC 9110 5.3), so "Content-Encoding: gzip" then "Content-Encoding: br"
 * reads "gzip, br".  Returns 1 if present. */
int http_header_list(const http_response *r, const char *name, buf_t *out);

/* Decodes the body into out, replacing what out held: Transfer-Encoding
 * chunked, then the Content-Encoding list (gzip, x-gzip, deflate as zlib or
 * raw, br, identity) last to first.  Returns 0 or the code set in err.
 * Unknown codings and corrupt compressed data are CQA_ERR_FORMAT; output
 * beyond max_out bytes (0: 256 MiB) is CQA_ERR_LIMIT with the first max_out
 * bytes left in out.  A body cut short (truncated last chunk, compressed
 * stream without its end) is not an error: out holds what was decoded. */
int http_decode_body(const http_response *r, size_t max_out, buf_t *out,
                     cqa_error *err);

/* The payload as WARC defines it (ISO 28500 WARC-Payload-Digest): the
 * body with its Transfer-Encoding undone and its Content-Encoding kept.
 * Returns 1 and fills out (replacing what it held) when the body is
 * chunked, 0 when the body is the payload already (out untouched). */
int http_payload(const http_response *r, buf_t *out);

#endif
