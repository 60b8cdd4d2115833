/*
 * robots.c - robots.txt parsing and matching (see robots.h for the rules).
 *
 * Parsing is one pass over the lines with two rule lists being filled: the
 * one for groups naming our token and the one for "*" groups.  A group
 * naming both feeds both.  At the end the specific list wins if any group
 * named us, and the other list is dropped, so robots_allowed() only looks
 * at the rules that apply.
 *
 * Patterns are stored already normalised (percent escapes as in robots.h),
 * and each query normalises the path the same way, so matching is a plain
 * byte comparison with '*' and a final '$' as the only special octets.
 * The matcher is the classic iterative wildcard walk: on a mismatch it
 * resumes just after the last '*' seen, one octet further into the path.
 * Only the last star is ever revisited, which bounds the work by
 * len(pattern) * len(path) instead of the exponential cost of recursion.
 */
#include "robots.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../common/buf.h"
#include "../common/url.h"

enum key_kind {
	KEY_OTHER,
	KEY_AGENT,
	KEY_ALLOW,
	KEY_DISALLOW,
	KEY_DELAY,
	KEY_SITEMAP
};

/* The keys we understand, compared ignoring case.  Besides the RFC
 * spellings, the run-together and underscore forms are common enough in
 * the wild (and accepted by the big crawlers) to honour. */
static const struct {
	const char *name;
	enum key_kind kind;
} key_table[] = {
    {"user-agent", KEY_AGENT},  {"useragent", KEY_AGENT},
    {"user_agent", KEY_AGENT},  {"allow", KEY_ALLOW},
    {"disallow", KEY_DISALLOW}, {"crawl-delay", KEY_DELAY},
    {"crawldelay", KEY_DELAY},  {"crawl_delay", KEY_DELAY},
    {"sitemap", KEY_SITEMAP},   {"site-map", KEY_SITEMAP},
};

struct rule {
	char *pat; /* normalised pattern, NUL-terminated */
	size_t len;
	int allow;
};

/* The rules and crawl delay of the groups of one kind (ours or "*"). */
struct ruleset {
	struct rule *rules;
	size_t n, cap;
	double delay; /* -1 until a valid Crawl-delay is seen */
	int seen;     /* some group of this kind exists, even an empty one */
};

struct robots {
	struct ruleset set;
	char **sitemaps;
	size_t nsitemaps, capsitemaps;
};

static void ruleset_init(struct ruleset *s)
{
	memset(s, 0, sizeof *s);
	s->delay = -1;
}

static void ruleset_free(struct ruleset *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->rules[i].pat);
	free(s->rules);
}

static void ruleset_add(struct ruleset *s, const char *pat, size_t len,
                        int allow)
{
	if (s->n >= ROBOTS_MAX_RULES)
		return;
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 16;
		s->rules = xrealloc(s->rules, s->cap * sizeof *s->rules);
	}
	s->rules[s->n].pat = xstrndup(pat, len);
	s->rules[s->n].len = len;
	s->rules[s->n].allow = allow;
	s->n++;
}

/* Patterns and paths are compared in the form url_normalize_percent()
 * gives them, gen-delims kept ('*' and '$' are sub-delims, kept too):
 * equivalent spellings of a path compare equal, and both sides change
 * alike. */
static void normalise(buf_t *out, const char *s, size_t n)
{
	url_normalize_percent(s, n, ":/?#[]@", out);
}

/* Does pattern p[0..m) match path s[0..n)?  Without a final '$' the
 * pattern only has to match a prefix of the path. */
static int pattern_match(const char *p, size_t m, const char *s, size_t n)
{
	int anchored = m > 0 && p[m - 1] == '$';
	if (anchored)
		m--;
	size_t i = 0, j = 0;
	size_t star = (size_t)-1, star_i = 0;
	while (i < n) {
		if (j < m && p[j] == '*') {
			star = j++;
			star_i = i;
		} else if (j < m && p[j] == s[i]) {
			i++;
			j++;
		} else if (j == m && !anchored) {
			return 1;
		} else if (star != (size_t)-1) {
			j = star + 1;
			i = ++star_i;
		} else {
			return 0;
		}
	}
	while (j < m && p[j] == '*')
		j++;
	return j == m;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\v' || c == '\f';
}

static enum key_kind key_lookup(const char *k, size_t n)
{
	for (size_t i = 0; i < sizeof key_table / sizeof key_table[0]; i++) {
		const char *name = key_table[i].name;
		if (strlen(name) == n && strncasecmp(name, k, n) == 0)
			return key_table[i].kind;
	}
	return KEY_OTHER;
}

/* Length of the product token at the start of s[0..n): letters, '-', '_'
 * (RFC 9309 section 2.2.1). */
static size_t token_len(const char *s, size_t n)
{
	size_t i = 0;
	while (i < n &&
	       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	        s[i] == '-' || s[i] == '_'))
		i++;
	return i;
}

/* A Crawl-delay value: digits with an optional fraction, nothing else.
 * Parsed by hand so the C locale's decimal point does not matter. */
static double parse_delay(const char *s, size_t n)
{
	double v = 0, scale = 1;
	size_t i = 0, digits = 0;
	for (; i < n && (s[i] >= '0' && s[i] <= '9'); i++, digits++)
		v = v * 10 + (s[i] - '0');
	if (i < n && s[i] == '.')
		for (i++; i < n && (s[i] >= '0' && s[i] <= '9'); i++, digits++)
			v += (s[i] - '0') * (scale /= 10);
	if (digits == 0 || i != n || !isfinite(v))
		return -1;
	return v;
}

/* The parser's state between lines. */
struct parser {
	const char *token; /* our product token */
	size_t token_len;
	struct ruleset mine, star;
	int in_agents; /* the previous record was a User-agent line */
	int cur_mine;  /* the current group names us */
	int cur_star;  /* the current group is (also) "*" */
	buf_t tmp;
};

static void add_sitemap(robots *r, const char *v, size_t n)
{
	if (r->nsitemaps == r->capsitemaps) {
		r->capsitemaps = r->capsitemaps ? 2 * r->capsitemaps : 4;
		r->sitemaps =
		    xrealloc(r->sitemaps, r->capsitemaps * sizeof *r->sitemaps);
	}
	r->sitemaps[r->nsitemaps++] = xstrndup(v, n);
}

static void parse_line(struct parser *ps, robots *r, const char *b,
                       const char *e)
{
	const char *hash = memchr(b, '#', (size_t)(e - b));
	if (hash)
		e = hash;
	while (b < e && is_space(*b))
		b++;
	while (e > b && is_space(e[-1]))
		e--;
	const char *k = b;
	while (b < e && *b != ':' && !is_space(*b))
		b++;
	size_t klen = (size_t)(b - k);
	while (b < e && is_space(*b))
		b++;
	if (b < e && *b == ':')
		b++;
	while (b < e && is_space(*b))
		b++;
	const char *v = b;
	size_t vlen = (size_t)(e - b);

	switch (key_lookup(k, klen)) {
	case KEY_AGENT: {
		if (!ps->in_agents) {
			ps->cur_mine = ps->cur_star = 0;
			ps->in_agents = 1;
		}
		size_t tl = token_len(v, vlen);
		if (vlen > 0 && v[0] == '*') {
			ps->cur_star = 1;
			ps->star.seen = 1;
		} else if (tl > 0 && tl == ps->token_len &&
		           strncasecmp(v, ps->token, tl) == 0) {
			ps->cur_mine = 1;
			ps->mine.seen = 1;
		}
		break;
	}
	case KEY_ALLOW:
	case KEY_DISALLOW: {
		ps->in_agents = 0;
		if (vlen == 0 || (!ps->cur_mine && !ps->cur_star))
			break;
		int allow = key_lookup(k, klen) == KEY_ALLOW;
		buf_reset(&ps->tmp);
		normalise(&ps->tmp, v, vlen);
		if (ps->cur_mine)
			ruleset_add(&ps->mine, ps->tmp.data, ps->tmp.len,
			            allow);
		if (ps->cur_star)
			ruleset_add(&ps->star, ps->tmp.data, ps->tmp.len,
			            allow);
		break;
	}
	case KEY_DELAY: {
		ps->in_agents = 0;
		double d = parse_delay(v, vlen);
		if (d < 0)
			break;
		if (ps->cur_mine && ps->mine.delay < 0)
			ps->mine.delay = d;
		if (ps->cur_star && ps->star.delay < 0)
			ps->star.delay = d;
		break;
	}
	case KEY_SITEMAP:
		/* A NUL byte would cut the stored string short (to "" at
		 * worst), and no URL holds one. */
		if (vlen > 0 && !memchr(v, '\0', vlen))
			add_sitemap(r, v, vlen);
		break;
	case KEY_OTHER:
		break;
	}
}

static robots *robots_new(void)
{
	robots *r = xcalloc(1, sizeof *r);
	ruleset_init(&r->set);
	return r;
}

robots *robots_parse(const char *text, size_t len, const char *user_agent_token)
{
	robots *r = robots_new();
	struct parser ps;
	memset(&ps, 0, sizeof ps);
	ruleset_init(&ps.mine);
	ruleset_init(&ps.star);
	buf_init(&ps.tmp);
	ps.token = user_agent_token ? user_agent_token : "";
	ps.token_len = token_len(ps.token, strlen(ps.token));

	if (!text)
		len = 0;
	if (len > ROBOTS_MAX_BYTES) {
		/* Drop the line the cap cuts: half a pattern is a different
		 * pattern. */
		len = ROBOTS_MAX_BYTES;
		while (len > 0 && text[len - 1] != '\n' &&
		       text[len - 1] != '\r')
			len--;
	}
	const char *p = text, *end = text + len;
	if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0)
		p += 3;
	while (p < end) {
		const char *e = p;
		while (e < end && *e != '\n' && *e != '\r')
			e++;
		parse_line(&ps, r, p, e);
		if (e < end && *e == '\r' && e + 1 < end && e[1] == '\n')
			e++;
		p = e + 1;
	}

	if (ps.mine.seen) {
		r->set = ps.mine;
		ruleset_free(&ps.star);
	} else {
		r->set = ps.star;
		ruleset_free(&ps.mine);
	}
	buf_free(&ps.tmp);
	return r;
}

robots *robots_allow_all(void)
{
	return robots_new();
}

robots *robots_disallow_all(void)
{
	robots *r = robots_new();
	ruleset_add(&r->set, "/", 1, 0);
	return r;
}

int robots_allowed(const robots *r, const char *path_and_query)
{
	buf_t path = BUF_INIT;
	if (!path_and_query || !*path_and_query)
		path_and_query = "/";
	normalise(&path, path_and_query, strlen(path_and_query));
	const char *s = buf_cstr(&path);
	size_t plen = strcspn(s, "?");
	if (plen == 11 && memcmp(s, "/robots.txt", 11) == 0) {
		buf_free(&path);
		return 1;
	}
	size_t best = 0;
	int found = 0, allow = 1;
	for (size_t i = 0; i < r->set.n; i++) {
		const struct rule *ru = &r->set.rules[i];
		if (found && ru->len < best)
			continue;
		if (found && ru->len == best && (allow || !ru->allow))
			continue;
		if (!pattern_match(ru->pat, ru->len, s, path.len))
			continue;
		found = 1;
		best = ru->len;
		allow = ru->allow;
	}
	buf_free(&path);
	return allow;
}

double robots_crawl_delay(const robots *r)
{
	return r->set.delay;
}

size_t robots_sitemaps(const robots *r, const char ***out)
{
	if (out)
		*out = (const char **)r->sitemaps;
	return r->nsitemaps;
}

void robots_free(robots *r)
{
	if (!r)
		return;
	ruleset_free(&r->set);
	for (size_t i = 0; i < r->nsitemaps; i++)
		free(r->sitemaps[i]);
	free(r->sitemaps);
	free(r);
}

int robots_allowed_url(const robots *r, const char *url)
{
	const char *p = strstr(url, "://");
	if (!p)
		return robots_allowed(r, "/");
	p += 3;
	p += strcspn(p, "/?#");
	return robots_allowed(r, *p ? p : "/");
}
