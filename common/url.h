/*
 * url.h - small URL helpers shared by the stages.
 *
 * Besides turning local paths into file:// URLs, this is where the crawler
 * gets its notion of "the same page": links are resolved against the page
 * they were found on (RFC 3986 section 5) and normalised (section 6.2.2 plus
 * a few crawler rules: default port removed, fragment dropped, tracking
 * parameters stripped) so that one page is fetched once however it is
 * spelled.  Only http and https URLs come out of url_resolve and
 * url_normalize: everything else (javascript:, mailto:, ftp:, file:) is not
 * something a crawler follows.
 */
#ifndef CQA_URL_H
#define CQA_URL_H

#include "buf.h"

/* 8 KiB: the longest URL cqa reads, fetches or writes.  RFC 9110 (4.1)
 * asks only that senders and recipients support URLs of 8000 octets, and
 * common servers refuse longer request lines (Apache's LimitRequestLine
 * is 8190 bytes, nginx's default header buffer 8 KiB); the Sitemaps
 * protocol allows 2048 characters.  A longer "URL" is an error or an
 * attack, and each copy of it would cost its whole length. */
#define URL_MAX_LENGTH 8192

/* Appends file:///absolute/path for a local path (made absolute and
 * resolved when it exists), percent-encoding bytes a URL cannot hold. */
void url_from_path(const char *path, buf_t *out);

/* 1 if s starts with a scheme cqa fetches: http://, https:// or file://. */
int url_has_fetch_scheme(const char *s);

/* Resolves ref against base (RFC 3986 section 5, strict: "http:g" keeps its
 * scheme and so has no host) and normalises the result with url_normalize
 * and no query stripping.  Returns 0 and appends to out, or -1 (out
 * untouched) when the result is not an http/https URL, is malformed, or
 * ref or the result is longer than URL_MAX_LENGTH.
 * base may be NULL when ref is absolute. */
int url_resolve(const char *base, const char *ref, buf_t *out);

typedef struct url_norm_options {
	int strip_query; /* drop the whole query */
	/* NULL-terminated names of query parameters to drop, compared
	 * exactly after percent-encoding normalisation (e.g. "utm_source");
	 * NULL = none */
	const char *const *strip_params;
} url_norm_options;

/* Normalises an absolute http/https URL: scheme and host lower-cased (IDNA
 * left as is), default port (80/443) removed, empty path -> "/", dot
 * segments removed (RFC 3986 5.2.4), percent-encoding normalised in
 * userinfo, path and query (hex upper-cased, unreserved characters decoded,
 * bytes a URL cannot hold raw, such as spaces and non-ASCII, encoded; a '%'
 * not followed by two hex digits becomes "%25"), fragment dropped, query
 * parameters stripped per o (NULL = keep all), an empty "?" removed.
 * Leading and trailing ASCII white space is ignored.  Returns 0 and appends
 * to out, or -1 (out untouched) when not http/https, no host, malformed
 * (bad host character, bad port), or longer than URL_MAX_LENGTH before or
 * after normalising (percent-encoding can triple a length). */
int url_normalize(const char *url, const url_norm_options *o, buf_t *out);

/* Appends the host of an http(s) URL, lower-cased, without port or
 * userinfo ("[::1]" keeps its brackets).  Returns 0, or -1 (out untouched)
 * when url is not http/https or has no valid host. */
int url_host(const char *url, buf_t *out);

/* Appends s[0..n) in the one form RFC 3986 (6.2.2) says equivalent text
 * takes: every %XX upper-cased, or decoded when it encodes an unreserved
 * character; unreserved characters, sub-delims and the bytes in extra kept;
 * every other byte (space, controls, non-ASCII, a '%' without two hex
 * digits) percent-encoded.  Used for URL parts and for robots.txt paths. */
void url_normalize_percent(const char *s, size_t n, const char *extra,
                           buf_t *out);

#endif
