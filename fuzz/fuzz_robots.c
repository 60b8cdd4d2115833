/*
 * fuzz_robots.c - libFuzzer target for the robots.txt rules of
 * fetch/robots.h.
 *
 * The input is a robots.txt body.  It is parsed for the crawler token
 * "cqa", for no token (only "*" groups) and for the token of the first
 * User-agent line in the input, so the fuzzer can make its own groups
 * apply.  Each set is then asked about fixed paths and about paths taken
 * from the input's own Allow/Disallow values (as written, with the
 * wildcards filled in, and cut short), because random paths almost never
 * come near a rule.
 *
 * Beyond "no crash, no leak, no hang" (the matcher promises
 * O(len(pattern) * len(path))), the target checks what robots.h promises:
 * "/robots.txt" is always allowed; "" is "/"; a path and its
 * percent-normalised spelling get the same answer; anything after the
 * product token ("cqa/1.0") is ignored; a file with no User-agent line
 * allows everything; a crawl delay is -1 or a finite non-negative number;
 * Sitemap values are non-empty, comment-free single lines; the 4xx and 5xx
 * constructors allow everything and nothing but /robots.txt.  And the
 * matcher itself: one- and two-rule files made of the input's own values
 * are answered as a slow reference matcher (dynamic programming over
 * prefixes) says the longest-match rule does.
 */
#include <ctype.h>
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/buf.h"
#include "common/url.h"
#include "fetch/robots.h"

enum { MAX_PATHS = 24, MAX_PATH_LEN = 512 };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Case-insensitive search for needle (lower-case) in s[0..n). */
static int contains_ci(const char *s, size_t n, const char *needle)
{
	size_t m = strlen(needle);
	for (size_t i = 0; i + m <= n; i++) {
		size_t j = 0;
		while (j < m && tolower((unsigned char)s[i + j]) == needle[j])
			j++;
		if (j == m)
			return 1;
	}
	return 0;
}

struct paths {
	char *v[MAX_PATHS];
	size_t n;
};

static void add_path(struct paths *ps, const char *s, size_t n)
{
	if (ps->n >= MAX_PATHS)
		return;
	if (n > MAX_PATH_LEN)
		n = MAX_PATH_LEN;
	/* Paths reach robots_allowed() as C strings: stop at a NUL. */
	const char *nul = memchr(s, '\0', n);
	if (nul)
		n = (size_t)(nul - s);
	ps->v[ps->n++] = xstrndup(s, n);
}

/* The value of each "key: value" line whose key is allow or disallow,
 * as a path in three spellings; and the first User-agent value. */
static void from_input(const char *d, size_t size, struct paths *ps,
                       char **agent)
{
	const char *p = d, *end = d + size;
	while (p < end && ps->n < MAX_PATHS) {
		const char *e = p;
		while (e < end && *e != '\n' && *e != '\r')
			e++;
		const char *colon = memchr(p, ':', (size_t)(e - p));
		if (colon) {
			const char *v = colon + 1;
			while (v < e && (*v == ' ' || *v == '\t'))
				v++;
			size_t n = (size_t)(e - v);
			size_t klen = (size_t)(colon - p);
			if (contains_ci(p, klen, "agent")) {
				if (!*agent)
					*agent = xstrndup(v, n);
			} else if (contains_ci(p, klen, "allow")) {
				add_path(ps, v, n);
				/* The wildcards filled in: '*' as "x", '$'
				 * dropped, so the rule itself can match. */
				char *w = xstrndup(
				    v, n > MAX_PATH_LEN ? MAX_PATH_LEN : n);
				size_t j = 0;
				for (size_t i = 0; w[i]; i++)
					if (w[i] != '$')
						w[j++] =
						    w[i] == '*' ? 'x' : w[i];
				w[j] = '\0';
				add_path(ps, w, j);
				free(w);
				if (n > 1)
					add_path(ps, v, n - 1);
			}
		}
		p = e + 1;
	}
}

/* The rule of robots.h, written the slow and obvious way: does pattern
 * p[0..m) ('*' any run, a final '$' the end) match path s[0..n)?  Without
 * '$' a prefix of the path is enough.  Dynamic programming over prefixes,
 * for short strings only. */
enum { REF_MAX = 64 };

static int ref_match(const char *p, size_t m, const char *s, size_t n)
{
	static unsigned char dp[REF_MAX + 1][REF_MAX + 1];
	int anchored = m > 0 && p[m - 1] == '$';
	if (anchored)
		m--;
	/* dp[i][j]: p[0..j) matches s[0..i) exactly. */
	for (size_t i = 0; i <= n; i++)
		for (size_t j = 0; j <= m; j++) {
			int v;
			if (j == 0)
				v = i == 0;
			else if (p[j - 1] == '*')
				v = dp[i][j - 1] || (i > 0 && dp[i - 1][j]);
			else
				v = i > 0 && dp[i - 1][j - 1] &&
				    p[j - 1] == s[i - 1];
			dp[i][j] = (unsigned char)v;
		}
	if (anchored)
		return dp[n][m];
	for (size_t i = 0; i <= n; i++)
		if (dp[i][m])
			return 1;
	return 0;
}

/* A value as the parser keeps it: up to a '#', line end or NUL, blanks
 * trimmed.  NULL when nothing is left or it is too long to compare. */
static char *rule_value(const char *v)
{
	size_t n = strcspn(v, "#\r\n");
	while (n && strchr(" \t\v\f", *v))
		v++, n--;
	while (n && strchr(" \t\v\f", v[n - 1]))
		n--;
	return n && n <= REF_MAX / 2 ? xstrndup(v, n) : NULL;
}

/* Single- and two-rule files built from values of the input, against
 * the reference: the longest matching pattern decides, Allow wins a
 * tie, no match allows. */
static void check_matching(const struct paths *ps)
{
	buf_t text = BUF_INIT, np = BUF_INIT, nd = BUF_INIT, na = BUF_INIT;
	for (size_t a = 0; a < ps->n && a < 6; a++) {
		char *dis = rule_value(ps->v[a]);
		char *all = rule_value(ps->v[(a + 1) % ps->n]);
		if (!dis || !all) {
			free(dis);
			free(all);
			continue;
		}
		buf_reset(&nd);
		buf_reset(&na);
		url_normalize_percent(dis, strlen(dis), ":/?#[]@", &nd);
		url_normalize_percent(all, strlen(all), ":/?#[]@", &na);
		for (int two = 0; two < 2; two++) {
			buf_reset(&text);
			buf_printf(&text, "User-agent: *\nDisallow: %s\n", dis);
			if (two)
				buf_printf(&text, "Allow: %s\n", all);
			robots *r = robots_parse(text.data, text.len, "cqa");
			for (size_t i = 0; i < ps->n; i++) {
				const char *path = ps->v[i];
				if (*path != '/' || strlen(path) > REF_MAX / 2)
					continue;
				buf_reset(&np);
				url_normalize_percent(path, strlen(path),
				                      ":/?#[]@", &np);
				if (np.len > REF_MAX || nd.len > REF_MAX ||
				    na.len > REF_MAX)
					continue;
				const char *s = np.data;
				if (strcspn(s, "?") == 11 &&
				    !memcmp(s, "/robots.txt", 11))
					continue;
				int md = ref_match(nd.data, nd.len, s, np.len);
				int ma = two &&
				         ref_match(na.data, na.len, s, np.len);
				int want = !md || (ma && na.len >= nd.len);
				if (robots_allowed(r, path) != want)
					abort();
			}
			robots_free(r);
		}
		free(dis);
		free(all);
	}
	buf_free(&text);
	buf_free(&np);
	buf_free(&nd);
	buf_free(&na);
}

static const char *const fixed_paths[] = {
    "",      "/",      "/a",   "/a/b?x=1",  "/private/", "/%7Ea", "/~a",
    "/a%2d", "/a%2Db", "/a-b", "/\xc3\xa9", "/%C3%A9",   "/*",    "/$",
};

static void check_set(const robots *r, const struct paths *ps)
{
	/* "/robots.txt" itself, whatever the query or spelling. */
	if (!robots_allowed(r, "/robots.txt") ||
	    !robots_allowed(r, "/robots.txt?x=1") ||
	    !robots_allowed(r, "/robots%2Etxt"))
		abort();
	if (robots_allowed(r, "") != robots_allowed(r, "/"))
		abort();
	double d = robots_crawl_delay(r);
	if (d != -1 && (!isfinite(d) || d < 0))
		abort();
	const char **sm = NULL;
	size_t n = robots_sitemaps(r, &sm);
	for (size_t i = 0; i < n; i++)
		if (!sm || !sm[i] || !*sm[i] || strpbrk(sm[i], "#\r\n"))
			abort();
	buf_t norm = BUF_INIT;
	for (size_t i = 0; i < ps->n; i++) {
		int a = robots_allowed(r, ps->v[i]);
		if (a != 0 && a != 1)
			abort();
		/* Equivalent spellings compare equal (robots.h). */
		buf_reset(&norm);
		url_normalize_percent(ps->v[i], strlen(ps->v[i]), ":/?#[]@",
		                      &norm);
		if (robots_allowed(r, buf_cstr(&norm)) != a)
			abort();
	}
	buf_free(&norm);
}

/* Two sets that must give the same answers. */
static void check_same(const robots *a, const robots *b, const struct paths *ps)
{
	for (size_t i = 0; i < ps->n; i++)
		if (robots_allowed(a, ps->v[i]) != robots_allowed(b, ps->v[i]))
			abort();
	if (robots_crawl_delay(a) != robots_crawl_delay(b))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct paths ps = {{0}, 0};
	char *agent = NULL;
	from_input(text, size, &ps, &agent);
	for (size_t i = 0; i < sizeof fixed_paths / sizeof *fixed_paths; i++)
		add_path(&ps, fixed_paths[i], strlen(fixed_paths[i]));

	robots *mine = robots_parse(text, size, "cqa");
	robots *versioned = robots_parse(text, size, "cqa/1.0 (+https://x)");
	robots *star = robots_parse(text, size, NULL);
	check_set(mine, &ps);
	check_set(star, &ps);
	check_same(mine, versioned, &ps);
	if (agent) {
		robots *theirs = robots_parse(text, size, agent);
		check_set(theirs, &ps);
		robots_free(theirs);
	}
	/* No group at all: everything is allowed. */
	if (!contains_ci(text, size, "agent"))
		for (size_t i = 0; i < ps.n; i++)
			if (!robots_allowed(mine, ps.v[i]) ||
			    !robots_allowed(star, ps.v[i]))
				abort();

	/* The constructors for 4xx and 5xx answers. */
	robots *all = robots_allow_all(), *none = robots_disallow_all();
	buf_t norm = BUF_INIT;
	for (size_t i = 0; i < ps.n; i++) {
		if (!robots_allowed(all, ps.v[i]))
			abort();
		buf_reset(&norm);
		const char *p = *ps.v[i] ? ps.v[i] : "/";
		url_normalize_percent(p, strlen(p), ":/?#[]@", &norm);
		const char *s = buf_cstr(&norm);
		size_t plen = strcspn(s, "?");
		int is_robots = plen == 11 && !memcmp(s, "/robots.txt", 11);
		/* (A path as it appears in a URL starts with '/'.) */
		if (*p == '/' && robots_allowed(none, ps.v[i]) != is_robots)
			abort();
	}
	buf_free(&norm);
	robots_free(all);
	robots_free(none);

	check_matching(&ps);

	robots_free(mine);
	robots_free(versioned);
	robots_free(star);
	free(agent);
	for (size_t i = 0; i < ps.n; i++)
		free(ps.v[i]);
	return 0;
}
