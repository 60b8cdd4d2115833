/*
 * fuzz_url.c - libFuzzer target for the URL helpers of common/url.h:
 * url_normalize, url_resolve, url_host and url_normalize_percent, the
 * crawler's notion of "the same page".
 *
 * The input is split at its first newline into a base URL and a
 * reference (a whole input without a newline is both); each part is
 * normalised on its own, with and without parameter stripping, and the
 * reference is resolved against the base.
 *
 * Beyond "no crash, no leak", the target checks the promises of url.h:
 * failure leaves out untouched and success appends; every result is at
 * most URL_MAX_LENGTH bytes, starts with http:// or https://, holds no
 * fragment, white space or control byte, and outside the host (where IDNA
 * is left as written) only ASCII, with every %XX in upper-case hex and
 * never encoding an unreserved character; normalising is idempotent
 * (normalise(normalise(x)) == normalise(x)), also with the same stripping
 * options; stripped parameters are gone; options never make a URL fail;
 * url_resolve's result is normalised, resolves to itself, and is what
 * resolving "" or "#frag" against it gives; url_resolve(NULL, x) is
 * url_normalize(x) for an absolute x; url_host gives the same host for a
 * URL and its normal form; url_normalize_percent output is made only of
 * the bytes it keeps and upper-case escapes, and is idempotent.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What out starts with before each call, to see "appends" and
 * "untouched". */
static const char prefix[] = "<>";

static const char *const strip_names[] = {"utm_source", "fbclid", "a", NULL};

static int is_unreserved(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("-._~", c));
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1; /* lower case is not allowed in the output */
}

/* Escapes are %XX with upper-case hex and do not encode an unreserved
 * character; every other byte is one that form keeps raw.  Returns 0 if
 * s[0..n) is not in that form. */
static int percent_ok(const char *s, size_t n, const char *keep)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c == '%') {
			if (i + 2 >= n)
				return 0;
			int h = hexval((unsigned char)s[i + 1]),
			    l = hexval((unsigned char)s[i + 2]);
			if (h < 0 || l < 0 || is_unreserved(h * 16 + l))
				return 0;
			i += 2;
		} else if (!(c < 0x80 && c &&
		             (is_unreserved(c) || strchr("!$&'()*+,;=", c) ||
		              strchr(keep, c)))) {
			return 0;
		}
	}
	return 1;
}

/* The checks on one url_normalize or url_resolve result u (without the
 * prefix): scheme, character set, and where the host lies. */
static void check_form(const char *u, const url_norm_options *o)
{
	size_t n = strlen(u), skip;
	if (n > URL_MAX_LENGTH)
		abort();
	if (!strncmp(u, "http://", 7))
		skip = 7;
	else if (!strncmp(u, "https://", 8))
		skip = 8;
	else
		abort();
	/* The authority ends at the first '/', which is always there
	 * (an empty path becomes "/"). */
	const char *auth = u + skip, *path = strchr(auth, '/');
	if (!path || strchr(u, '#'))
		abort();
	const char *at = memchr(auth, '@', (size_t)(path - auth));
	const char *host = at ? at + 1 : auth;
	if (at && !percent_ok(auth, (size_t)(at - auth), ":"))
		abort();
	/* The host: lower-case ASCII, escapes, sub-delims, an IPv6
	 * literal, or bytes of an IDN left as written; then maybe a port. */
	const char *h = host;
	if (*h == '[') {
		h = memchr(h, ']', (size_t)(path - h));
		if (!h)
			abort();
		h++;
	} else {
		for (; h < path && *h != ':'; h++) {
			unsigned char c = (unsigned char)*h;
			if (c == '%') {
				if (!percent_ok(h,
				                (size_t)(path - h) < 3
				                    ? (size_t)(path - h)
				                    : 3,
				                ""))
					abort();
				h += 2;
				continue;
			}
			if (c >= 'A' && c <= 'Z')
				abort();
			if (c < 0x80 && !is_unreserved(c) &&
			    !strchr("!$&'()*+,;=", c))
				abort();
		}
		if (h == host)
			abort();
	}
	if (h < path) {
		if (*h != ':' || h + 1 == path)
			abort();
		for (const char *d = h + 1; d < path; d++)
			if (*d < '0' || *d > '9')
				abort();
		/* no default port, no leading zero */
		if (h[1] == '0' && h + 2 != path)
			abort();
	}
	const char *q = strchr(path, '?');
	size_t plen = q ? (size_t)(q - path) : n - (size_t)(path - u);
	if (!percent_ok(path, plen, ":@/"))
		abort();
	if (q) {
		if (!q[1] || !percent_ok(q + 1, strlen(q + 1), ":@/?"))
			abort();
		if (o && o->strip_query)
			abort();
		/* No stripped parameter is left. */
		for (const char *p = q + 1; o && o->strip_params && *p;) {
			size_t len = strcspn(p, "&"), nl = strcspn(p, "&=");
			for (const char *const *s = o->strip_params; *s; s++)
				if (nl == strlen(*s) && !memcmp(p, *s, nl))
					abort();
			p += len + (p[len] == '&');
		}
	}
}

/* url_normalize(s, o) with every promise checked; the result (without
 * the prefix) into res, or -1. */
static int normalize_checked(const char *s, const url_norm_options *o,
                             buf_t *res)
{
	buf_t out = BUF_INIT, again = BUF_INIT;
	buf_adds(&out, prefix);
	int rc = url_normalize(s, o, &out);
	if (rc != 0 && rc != -1)
		abort();
	if (strncmp(buf_cstr(&out), prefix, sizeof prefix - 1) ||
	    (rc < 0 && out.len != sizeof prefix - 1))
		abort();
	if (rc == 0) {
		const char *u = out.data + sizeof prefix - 1;
		check_form(u, o);
		if (url_normalize(u, o, &again) < 0 ||
		    strcmp(buf_cstr(&again), u))
			abort();
		/* url_host agrees with the normal form. */
		buf_t h1 = BUF_INIT, h2 = BUF_INIT;
		if (url_host(s, &h1) < 0 || url_host(u, &h2) < 0 ||
		    strcmp(buf_cstr(&h1), buf_cstr(&h2)))
			abort();
		buf_free(&h1);
		buf_free(&h2);
		buf_reset(res);
		buf_adds(res, u);
	}
	buf_free(&out);
	buf_free(&again);
	return rc;
}

static void check_resolve(const char *base, const char *ref)
{
	buf_t out = BUF_INIT, norm = BUF_INIT, t = BUF_INIT;
	buf_adds(&out, prefix);
	int rc = url_resolve(base, ref, &out);
	if (rc != 0 && rc != -1)
		abort();
	if (strncmp(buf_cstr(&out), prefix, sizeof prefix - 1) ||
	    (rc < 0 && out.len != sizeof prefix - 1))
		abort();
	if (rc == 0) {
		const char *u = out.data + sizeof prefix - 1;
		/* Already normal, and a fixed point of resolution. */
		if (normalize_checked(u, NULL, &norm) < 0 ||
		    strcmp(buf_cstr(&norm), u))
			abort();
		static const char *const same[] = {"", "#frag", NULL};
		for (size_t i = 0; same[i]; i++) {
			buf_reset(&t);
			if (url_resolve(u, same[i], &t) < 0 ||
			    strcmp(buf_cstr(&t), u))
				abort();
		}
		buf_reset(&t);
		if (url_resolve(base, u, &t) < 0 || strcmp(buf_cstr(&t), u))
			abort();
	}
	buf_free(&out);
	buf_free(&norm);
	buf_free(&t);
}

static void check_percent(const char *s, size_t n)
{
	static const char extra[] = ":/?#[]@";
	buf_t a = BUF_INIT, b = BUF_INIT;
	url_normalize_percent(s, n, extra, &a);
	if (!percent_ok(buf_cstr(&a), a.len, extra))
		abort();
	url_normalize_percent(buf_cstr(&a), a.len, extra, &b);
	if (a.len != b.len || memcmp(buf_cstr(&a), buf_cstr(&b), a.len))
		abort();
	buf_free(&a);
	buf_free(&b);
}

static void check_one(const char *s)
{
	static const url_norm_options strip = {0, strip_names};
	static const url_norm_options no_query = {1, NULL};
	buf_t plain = BUF_INIT, t = BUF_INIT;
	int rc = normalize_checked(s, NULL, &plain);
	int rc_strip = normalize_checked(s, &strip, &t);
	int rc_noq = normalize_checked(s, &no_query, &t);
	/* Options only shorten the query: they cannot make a URL fail
	 * (they can save one from the length cap). */
	if (rc == 0 && (rc_strip != 0 || rc_noq != 0))
		abort();
	/* An absolute reference resolves to its own normal form. */
	buf_reset(&t);
	int rr = url_resolve(NULL, s, &t);
	if (rc == 0 && (rr != 0 || strcmp(buf_cstr(&t), buf_cstr(&plain))))
		abort();
	(void)url_has_fetch_scheme(s);
	buf_free(&plain);
	buf_free(&t);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *d = (const char *)data;
	check_percent(d, size);

	/* The helpers take C strings: each part ends at a NUL. */
	const char *nl = memchr(d, '\n', size);
	char *base = xstrndup(d, nl ? (size_t)(nl - d) : size);
	char *ref =
	    nl ? xstrndup(nl + 1, size - (size_t)(nl - d) - 1) : xstrdup(base);
	check_one(base);
	if (nl)
		check_one(ref);
	check_resolve(base, ref);
	check_resolve("http://a/b/c/d;p?q", ref); /* RFC 3986 5.4 */
	free(base);
	free(ref);
	return 0;
}
