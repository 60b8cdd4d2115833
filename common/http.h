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

/* Splits block; returns 0, or -1 when it is not an HTTP response. */
int http_parse(const void *block, size_t len, http_response *out);

/* Copies the value of header name (case-insensitive, first occurrence,
 * surrounding white space trimmed) into out; returns 1 if present. */
int http_header(const http_response *r, const char *name, buf_t *out);

/* Decodes the body into out (chunked, then content codings).  Unknown
 * codings are an error; output beyond max_out bytes is an error of kind
 * CQA_ERR_LIMIT with what fitted left in out. */
int http_decode_body(const http_response *r, size_t max_out, buf_t *out,
                     cqa_error *err);

#endif
