/*
 * url.c - small URL helpers; see url.h.
 *
 * Resolution and normalisation are written from RFC 3986 directly rather
 * than on a URL library: the rules fit in a page, and the crawler needs
 * exact control over what counts as the same URL (percent-encoding, default
 * ports, stripped parameters), which libraries differ on between versions.
 * A URL is first split into its five components by the grammar of Appendix
 * B (no validation, spans into the input), then each component is rebuilt
 * on its own with the characters RFC 3986 allows there.
 */
#include "url.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* Unreserved characters and '/'; everything else is percent-encoded, which
 * is always safe in a path even where RFC 3986 would allow the byte. */
static const char path_safe[] = "/-._~";

void url_from_path(const char *path, buf_t *out)
{
	char resolved[PATH_MAX];
	buf_t abs = BUF_INIT;
	if (realpath(path, resolved)) {
		buf_adds(&abs, resolved);
	} else {
		/* A path that does not exist (yet) is still made absolute, so
		 * the URL means the same from any directory. */
		char *cwd = path[0] == '/' ? NULL : getcwd(NULL, 0);
		if (cwd) {
			buf_adds(&abs, cwd);
			if (abs.len && abs.data[abs.len - 1] != '/')
				buf_addc(&abs, '/');
			free(cwd);
		}
		buf_adds(&abs, path);
	}
	buf_adds(out, "file://");
	for (const unsigned char *c = (const unsigned char *)abs.data; *c;
	     c++) {
		if ((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') ||
		    (*c >= '0' && *c <= '9') || strchr(path_safe, *c))
			buf_addc(out, (char)*c);
		else
			buf_printf(out, "%%%02X", *c);
	}
	buf_free(&abs);
}

int url_has_fetch_scheme(const char *s)
{
	return !strncasecmp(s, "http://", 7) ||
	       !strncasecmp(s, "https://", 8) || !strncasecmp(s, "file://", 7);
}

/* --- splitting (RFC 3986 Appendix B) ------------------------------------ */

typedef struct span {
	const char *p;
	size_t n;
	int has; /* the component is present (maybe empty, as in "?") */
} span;

typedef struct uparts {
	span scheme, auth, path, query, frag;
} uparts;

static int is_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_digit(int c)
{
	return c >= '0' && c <= '9';
}

static int is_unreserved(int c)
{
	return is_alpha(c) || is_digit(c) || (c && strchr("-._~", c));
}

static int is_subdelim(int c)
{
	return c && strchr("!$&'()*+,;=", c);
}

static int hexval(int c)
{
	if (is_digit(c))
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static const char *skip_to(const char *s, const char *end, const char *stop)
{
	while (s < end && !strchr(stop, *s))
		s++;
	return s;
}

static void split(const char *s, size_t n, uparts *u)
{
	const char *end = s + n, *q;
	memset(u, 0, sizeof(*u));
	/* scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ) ":"; anything
	 * else before the first ':' makes it a relative path. */
	if (s < end && is_alpha(*s)) {
		q = s + 1;
		while (q < end && (is_alpha(*q) || is_digit(*q) || *q == '+' ||
		                   *q == '-' || *q == '.'))
			q++;
		if (q < end && *q == ':') {
			u->scheme = (span){s, (size_t)(q - s), 1};
			s = q + 1;
		}
	}
	if (end - s >= 2 && s[0] == '/' && s[1] == '/') {
		q = skip_to(s + 2, end, "/?#");
		u->auth = (span){s + 2, (size_t)(q - s - 2), 1};
		s = q;
	}
	q = skip_to(s, end, "?#");
	u->path = (span){s, (size_t)(q - s), 1};
	s = q;
	if (s < end && *s == '?') {
		q = skip_to(s + 1, end, "#");
		u->query = (span){s + 1, (size_t)(q - s - 1), 1};
		s = q;
	}
	if (s < end && *s == '#')
		u->frag = (span){s + 1, (size_t)(end - s - 1), 1};
}

/* Trims ASCII white space, which HTML attribute values often carry. */
static span trimmed(const char *s)
{
	static const char ws[] = " \t\n\r\f\v";
	size_t n = strlen(s);
	while (n && strchr(ws, *s)) {
		s++;
		n--;
	}
	while (n && strchr(ws, s[n - 1]))
		n--;
	return (span){s, n, 1};
}

static int is_http(span scheme, int *https)
{
	if (!scheme.has)
		return 0;
	if (scheme.n == 4 && !strncasecmp(scheme.p, "http", 4)) {
		*https = 0;
		return 1;
	}
	if (scheme.n == 5 && !strncasecmp(scheme.p, "https", 5)) {
		*https = 1;
		return 1;
	}
	return 0;
}

/* --- RFC 3986 5.2.4: remove_dot_segments --------------------------------- */

/* Drops the last segment and its '/' from the output (rule C). */
static void pop_segment(buf_t *out)
{
	size_t i = out->len;
	while (i > 0 && out->data[i - 1] != '/')
		i--;
	buf_truncate(out, i ? i - 1 : 0);
}

static int starts(const char *p, size_t n, const char *lit)
{
	size_t l = strlen(lit);
	return n >= l && !memcmp(p, lit, l);
}

static int equals(const char *p, size_t n, const char *lit)
{
	return n == strlen(lit) && !memcmp(p, lit, n);
}

/* Appends p with its "." and ".." segments removed.  The work is done in a
 * buffer of its own so that popping a segment cannot eat what out already
 * held (the scheme and authority). */
static void remove_dots(const char *p, size_t n, buf_t *out)
{
	buf_t seg = BUF_INIT;
	while (n) {
		if (starts(p, n, "../")) { /* A */
			p += 3, n -= 3;
		} else if (starts(p, n, "./")) {
			p += 2, n -= 2;
		} else if (starts(p, n, "/./")) { /* B */
			p += 2, n -= 2;
		} else if (equals(p, n, "/.")) {
			buf_addc(&seg, '/');
			n = 0;
		} else if (starts(p, n, "/../")) { /* C */
			p += 3, n -= 3;
			pop_segment(&seg);
		} else if (equals(p, n, "/..")) {
			pop_segment(&seg);
			buf_addc(&seg, '/');
			n = 0;
		} else if (equals(p, n, ".") || equals(p, n, "..")) { /* D */
			n = 0;
		} else { /* E: move the first segment, its '/' included */
			size_t i = *p == '/' ? 1 : 0;
			while (i < n && p[i] != '/')
				i++;
			buf_add(&seg, p, i);
			p += i, n -= i;
		}
	}
	buf_add(out, seg.data ? seg.data : "", seg.len);
	buf_free(&seg);
}

/* --- percent-encoding (RFC 3986 2.1, 2.3, 6.2.2) ------------------------- */

/* Appends s with every %XX upper-cased, or decoded when it encodes an
 * unreserved character; bytes that are neither unreserved, sub-delims nor
 * in extra are encoded (space, controls, '"<>\^`{|}', non-ASCII...).  A '%'
 * without two hex digits is a literal percent sign, encoded as %25. */
void url_normalize_percent(const char *s, size_t n, const char *extra,
                           buf_t *out)
{
	const unsigned char *c = (const unsigned char *)s, *end = c + n;
	for (; c < end; c++) {
		if (*c == '%' && end - c >= 3 && hexval(c[1]) >= 0 &&
		    hexval(c[2]) >= 0) {
			int v = hexval(c[1]) * 16 + hexval(c[2]);
			if (is_unreserved(v))
				buf_addc(out, (char)v);
			else
				buf_printf(out, "%%%02X", v);
			c += 2;
		} else if (*c < 0x80 && *c != '%' &&
		           (is_unreserved(*c) || is_subdelim(*c) ||
		            (*c && strchr(extra, *c)))) {
			buf_addc(out, (char)*c);
		} else {
			buf_printf(out, "%%%02X", *c);
		}
	}
}

/* --- authority ----------------------------------------------------------- */

typedef struct authority {
	span userinfo, host, port;
} authority;

/* Splits userinfo@host:port; 0, or -1 when the host is empty, an IPv6
 * literal is unterminated or the port is not digits. */
static int split_authority(span a, authority *r)
{
	const char *p = a.p, *end = a.p + a.n, *at = NULL, *h;
	memset(r, 0, sizeof(*r));
	for (const char *q = p; q < end; q++)
		if (*q == '@')
			at = q; /* the last '@': a host never holds one */
	if (at) {
		r->userinfo = (span){p, (size_t)(at - p), 1};
		p = at + 1;
	}
	h = p;
	if (p < end && *p == '[') {
		p = memchr(p, ']', (size_t)(end - p));
		if (!p)
			return -1;
		p++;
	} else {
		p = skip_to(p, end, ":");
	}
	r->host = (span){h, (size_t)(p - h), 1};
	if (p < end) {
		if (*p != ':')
			return -1;
		r->port = (span){p + 1, (size_t)(end - p - 1), 1};
		for (const char *q = p + 1; q < end; q++)
			if (!is_digit(*q))
				return -1;
	}
	return r->host.n ? 0 : -1;
}

/* Appends the host lower-cased with its percent-encoding normalised; -1 on
 * a byte no host may hold.  Non-ASCII bytes pass through: an IDN host is
 * left for the resolver to convert, as the caller wrote it. */
static int norm_host(span h, buf_t *out)
{
	const unsigned char *c = (const unsigned char *)h.p, *end = c + h.n;
	if (*c == '[') {
		/* IP-literal: only the IPv6 form; IPvFuture is refused. */
		for (c++; c < end - 1; c++)
			if (hexval(*c) < 0 && *c != ':' && *c != '.')
				return -1;
		if (h.n < 3)
			return -1;
		for (c = (const unsigned char *)h.p; c < end; c++)
			buf_addc(out, (char)lower(*c));
		return 0;
	}
	for (; c < end; c++) {
		if (*c == '%') {
			if (end - c < 3 || hexval(c[1]) < 0 || hexval(c[2]) < 0)
				return -1;
			int v = hexval(c[1]) * 16 + hexval(c[2]);
			if (is_unreserved(v))
				buf_addc(out, (char)lower(v));
			else
				buf_printf(out, "%%%02X", v);
			c += 2;
		} else if (*c >= 0x80 || is_unreserved(*c) || is_subdelim(*c)) {
			buf_addc(out, (char)lower(*c));
		} else {
			return -1;
		}
	}
	return 0;
}

/* --- normalisation ------------------------------------------------------- */

/* 1 if the query parameter seg (name or name=value) is to be dropped. */
static int stripped(const char *seg, size_t n, const char *const *names)
{
	const char *eq = memchr(seg, '=', n);
	size_t len = eq ? (size_t)(eq - seg) : n;
	for (; names && *names; names++)
		if (equals(seg, len, *names))
			return 1;
	return 0;
}

/* Appends "?query" (normalised, parameters stripped), or nothing when the
 * query ends up empty. */
static void add_query(span q, const url_norm_options *o, buf_t *out)
{
	buf_t norm = BUF_INIT, kept = BUF_INIT;
	if (!q.has || (o && o->strip_query))
		return;
	url_normalize_percent(q.p, q.n, ":@/?", &norm);
	const char *p = buf_cstr(&norm), *end = p + norm.len;
	int first = 1;
	while (p <= end && norm.len) {
		const char *amp = skip_to(p, end, "&");
		if (!o || !stripped(p, (size_t)(amp - p), o->strip_params)) {
			if (!first)
				buf_addc(&kept, '&');
			buf_add(&kept, p, (size_t)(amp - p));
			first = 0;
		}
		p = amp + 1;
	}
	if (kept.len) {
		buf_addc(out, '?');
		buf_add(out, kept.data, kept.len);
	}
	buf_free(&norm);
	buf_free(&kept);
}

/* Normalises the n bytes at s into out; see url_normalize. */
static int normalize(const char *s, size_t n, const url_norm_options *o,
                     buf_t *out)
{
	uparts u;
	authority a;
	int https = 0;
	buf_t r = BUF_INIT, path = BUF_INIT;
	if (n > URL_MAX_LENGTH)
		return -1;
	split(s, n, &u);
	if (!is_http(u.scheme, &https) || !u.auth.has ||
	    split_authority(u.auth, &a) < 0)
		return -1;
	buf_adds(&r, https ? "https://" : "http://");
	if (a.userinfo.n) {
		url_normalize_percent(a.userinfo.p, a.userinfo.n, ":", &r);
		buf_addc(&r, '@');
	}
	if (norm_host(a.host, &r) < 0)
		goto fail;
	if (a.port.n) {
		/* Leading zeros go; more than five digits cannot be a port. */
		const char *d = a.port.p, *end = a.port.p + a.port.n;
		long port = 0;
		while (d < end - 1 && *d == '0')
			d++;
		if (end - d > 5)
			goto fail;
		for (; d < end; d++)
			port = port * 10 + (*d - '0');
		if (port > 65535)
			goto fail;
		if (port != (https ? 443 : 80))
			buf_printf(&r, ":%ld", port);
	}
	/* Decode first, so that %2E%2E is a dot segment too (6.2.2.3). */
	url_normalize_percent(u.path.p, u.path.n, ":@/", &path);
	if (!path.len)
		buf_addc(&r, '/');
	else
		remove_dots(path.data, path.len, &r);
	add_query(u.query, o, &r);
	if (r.len > URL_MAX_LENGTH)
		goto fail;
	buf_add(out, r.data, r.len);
	buf_free(&r);
	buf_free(&path);
	return 0;
fail:
	buf_free(&r);
	buf_free(&path);
	return -1;
}

int url_normalize(const char *url, const url_norm_options *o, buf_t *out)
{
	span t = trimmed(url);
	return normalize(t.p, t.n, o, out);
}

/* --- resolution (RFC 3986 5.2) ------------------------------------------- */

/* 5.2.3: the base path up to its last '/', then the reference path. */
static void merge(const uparts *b, span rpath, buf_t *out)
{
	if (b->auth.has && !b->path.n) {
		buf_addc(out, '/');
	} else {
		size_t i = b->path.n;
		while (i > 0 && b->path.p[i - 1] != '/')
			i--;
		buf_add(out, b->path.p, i);
	}
	buf_add(out, rpath.p, rpath.n);
}

static void add_span(buf_t *out, const char *prefix, span s)
{
	if (!s.has)
		return;
	buf_adds(out, prefix);
	buf_add(out, s.p, s.n);
}

int url_resolve(const char *base, const char *ref, buf_t *out)
{
	uparts b, r;
	span rt = trimmed(ref), bt;
	buf_t t = BUF_INIT, merged = BUF_INIT;
	span scheme, auth, query;
	int rc;
	if (rt.n > URL_MAX_LENGTH)
		return -1;
	split(rt.p, rt.n, &r);
	if (r.scheme.has)
		return normalize(rt.p, rt.n, NULL, out);
	if (!base)
		return -1;
	bt = trimmed(base);
	split(bt.p, bt.n, &b);
	if (!b.scheme.has)
		return -1; /* a base URI must be absolute (5.1) */
	scheme = b.scheme;
	if (r.auth.has) {
		auth = r.auth;
		remove_dots(r.path.p, r.path.n, &merged);
		query = r.query;
	} else {
		auth = b.auth;
		if (!r.path.n) {
			buf_add(&merged, b.path.p, b.path.n);
			query = r.query.has ? r.query : b.query;
		} else {
			buf_t m = BUF_INIT;
			if (r.path.p[0] == '/')
				buf_add(&m, r.path.p, r.path.n);
			else
				merge(&b, r.path, &m);
			remove_dots(buf_cstr(&m), m.len, &merged);
			buf_free(&m);
			query = r.query;
		}
	}
	/* 5.3: recompose; the fragment is left out as normalising drops it. */
	buf_add(&t, scheme.p, scheme.n);
	buf_addc(&t, ':');
	add_span(&t, "//", auth);
	buf_add(&t, buf_cstr(&merged), merged.len);
	add_span(&t, "?", query);
	rc = normalize(buf_cstr(&t), t.len, NULL, out);
	buf_free(&t);
	buf_free(&merged);
	return rc;
}

int url_host(const char *url, buf_t *out)
{
	span t = trimmed(url);
	uparts u;
	authority a;
	int https = 0;
	buf_t h = BUF_INIT;
	split(t.p, t.n, &u);
	if (!is_http(u.scheme, &https) || !u.auth.has ||
	    split_authority(u.auth, &a) < 0 || norm_host(a.host, &h) < 0) {
		buf_free(&h);
		return -1;
	}
	buf_add(out, h.data, h.len);
	buf_free(&h);
	return 0;
}
