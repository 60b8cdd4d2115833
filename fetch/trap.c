/*
 * trap.c - crawler traps; see trap.h for the rules.
 *
 * The tests are made cheapest first: the URL's length, then its segments
 * (counted, then compared for repetition, which is cubic in their number
 * and so comes after the count caps it), then the counter, which needs one
 * pass over the URL and its discovering page's URL, then the depth.
 *
 * Memory is three open-addressing tables of 64-bit FNV-1a hashes, like the
 * frontier's set of known URLs: counter runs by URL, hosts by
 * "scheme://authority", and the patterns already reported by host and
 * pattern.  A hash collision can at worst lend a URL another URL's counter
 * run, or keep a warning quiet: at 2^-64 a pair, a risk cqa takes.
 */
#include "trap.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const trap_limits trap_default_limits = {
    /* sitemaps.org caps a URL at 2,048 characters, and browsers and
     * servers commonly refuse longer ones; past that a URL is grown by
     * a loop (a parameter added at every hop), not written by a person. */
    .max_url_len = 2048,
    /* Heritrix's TooManyPathSegmentsDecideRule default.  Deep real trees
     * (/docs/3.12/library/os.path.html, /2024/05/17/category/slug/) stay
     * under 10. */
    .max_segments = 20,
    /* Heritrix's PathologicalPathDecideRule allows two in a row: a
     * directory may be named like its parent (/news/news/), a third time
     * is a relative link resolved against itself, forever. */
    .min_repeats = 3,
    /* A calendar's "next month" never ends; a blog's "older posts" chain
     * does, and numbered pagination that links a few pages ahead climbs
     * one step every few pages.  50 steps in a row leaves 50 pages (four
     * years of months) of a real chain and costs a trap 50 requests. */
    .counter_run = 50,
    /* A median of fewer pages says little about a site, and a small site
     * should never trip this rule: 100 pages queued on the host first. */
    .depth_min_urls = 100,
    /* Both at once: past 4 times the median (a site whose pages sit 3
     * links deep is not 12 deep) and past it by 20 (so a flat site, median
     * 1, still gets 21 levels of genuine depth, such as a long "next
     * article" chain). */
    .depth_factor = 4,
    .depth_margin = 20,
};

enum {
	/* Depths counted one by one up to here; deeper ones share the last
	 * bucket, which is already far past any median. */
	DEPTH_BUCKETS = 256,
};

/* ---- hashing and tables ---- */

static uint64_t fnv64_add(uint64_t h, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		h = (h ^ (unsigned char)s[i]) * 0x100000001b3ULL;
	return h;
}

static uint64_t fnv64(const char *s, size_t n)
{
	uint64_t h = fnv64_add(0xcbf29ce484222325ULL, s, n);
	return h ? h : 1; /* 0 marks an empty slot */
}

typedef struct slot {
	uint64_t key; /* 0: empty */
	long val;
} slot;

typedef struct table {
	slot *v;
	size_t n, cap; /* cap a power of two, at least twice n */
} table;

static slot *table_find(const table *t, uint64_t key)
{
	if (!t->cap)
		return NULL;
	for (size_t j = key & (t->cap - 1);; j = (j + 1) & (t->cap - 1)) {
		if (t->v[j].key == key)
			return &t->v[j];
		if (!t->v[j].key)
			return NULL;
	}
}

/* The slot of key, added with val when new (*added then 1). */
static slot *table_put(table *t, uint64_t key, long val, int *added)
{
	slot *s = table_find(t, key);
	*added = !s;
	if (s)
		return s;
	if (2 * (t->n + 1) > t->cap) {
		size_t cap = t->cap ? 2 * t->cap : 64;
		slot *v = xcalloc(cap, sizeof *v);
		for (size_t i = 0; i < t->cap; i++) {
			if (!t->v[i].key)
				continue;
			size_t j = t->v[i].key & (cap - 1);
			while (v[j].key)
				j = (j + 1) & (cap - 1);
			v[j] = t->v[i];
		}
		free(t->v);
		t->v = v;
		t->cap = cap;
	}
	size_t j = key & (t->cap - 1);
	while (t->v[j].key)
		j = (j + 1) & (t->cap - 1);
	t->v[j] = (slot){key, val};
	t->n++;
	return &t->v[j];
}

/* ---- the detector ---- */

/* A path segment: the text between two slashes. */
typedef struct seg {
	const char *s;
	size_t len;
} seg;

typedef struct thost {
	unsigned depths[DEPTH_BUCKETS]; /* pages queued, by link depth */
	size_t total;
} thost;

struct trap_detector {
	trap_limits lim;
	const url_norm_options *norm;
	table runs;    /* URL -> its counter run, + grew, - shrank */
	table host_ix; /* "scheme://authority" -> index in hosts */
	table warned;  /* host and pattern already reported */
	thost *hosts;
	size_t n_hosts;
	seg *segs; /* max_segments + 1, for the URL being judged */
	/* The last discovering page, normalised: a page's links come one
	 * after another, and are judged against the same page. */
	buf_t from_raw, from_norm;
	int from_ok;
};

trap_detector *trap_new(const trap_limits *lim, const url_norm_options *norm)
{
	trap_detector *t = xcalloc(1, sizeof *t);
	t->lim = lim ? *lim : trap_default_limits;
	if (t->lim.max_segments < 1)
		t->lim.max_segments = 1;
	t->norm = norm;
	t->segs = xmalloc(((size_t)t->lim.max_segments + 1) * sizeof *t->segs);
	return t;
}

void trap_free(trap_detector *t)
{
	if (!t)
		return;
	free(t->runs.v);
	free(t->host_ix.v);
	free(t->warned.v);
	free(t->hosts);
	free(t->segs);
	buf_free(&t->from_raw);
	buf_free(&t->from_norm);
	free(t);
}

/* ---- the parts of a URL ---- */

/* Where a normalised http(s) URL's authority ends: its host key is the
 * text before, its path starts there. */
static size_t authority_end(const char *url)
{
	const char *p = strstr(url, "://");
	p = p ? p + 3 : url;
	return (size_t)(p - url) + strcspn(p, "/?#");
}

/* The segments of path (up to '?' or '#'), at most max + 1 of them into
 * v; the trailing empty one of a path ending in '/' is not counted.
 * Returns how many there are, or max + 1 for more. */
static size_t segments(const char *path, seg *v, size_t max)
{
	size_t n = 0;
	size_t end = strcspn(path, "?#");
	if (!end || path[0] != '/')
		return 0;
	const char *p = path + 1, *stop = path + end;
	while (p <= stop && n <= max) {
		const char *slash = memchr(p, '/', (size_t)(stop - p));
		const char *e = slash ? slash : stop;
		if (!slash && e == p)
			break; /* the empty one after a final '/' */
		v[n++] = (seg){p, (size_t)(e - p)};
		p = e + 1;
		if (!slash)
			break;
	}
	return n;
}

static int seg_eq(const seg *a, const seg *b, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (a[i].len != b[i].len || memcmp(a[i].s, b[i].s, a[i].len))
			return 0;
	return 1;
}

/* The first block of segments that comes at least min times in a row:
 * its start and length in *at and *len, the times it comes in a row
 * returned; 0 when there is none. */
static size_t repeated(const seg *v, size_t n, size_t min, size_t *at,
                       size_t *len)
{
	if (min < 2)
		min = 2;
	for (size_t l = 1; l * min <= n; l++)
		for (size_t i = 0; i + l * min <= n; i++) {
			size_t k = 1;
			while (i + (k + 1) * l <= n &&
			       seg_eq(v + i, v + i + k * l, l))
				k++;
			if (k >= min) {
				*at = i;
				*len = l;
				return k;
			}
		}
	return 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Compares the numbers a[0..an) and b[0..bn) (decimal digits, leading
 * zeros allowed, any length): -1, 0 or 1. */
static int cmp_number(const char *a, size_t an, const char *b, size_t bn)
{
	while (an > 1 && *a == '0')
		a++, an--;
	while (bn > 1 && *b == '0')
		b++, bn--;
	if (an != bn)
		return an < bn ? -1 : 1;
	int c = memcmp(a, b, an);
	return c < 0 ? -1 : c > 0;
}

/* 1 when url is from with its numbers grown (the first number that
 * differs is larger: /page/7 -> /page/8, 2024-12 -> 2025-01), -1 when
 * shrunk, 0 when the two differ in anything but numbers, or not at all. */
static int counter_step(const char *from, const char *url)
{
	int sign = 0;
	const char *a = from, *b = url;
	while (*a || *b) {
		int da = is_digit(*a), db = is_digit(*b);
		if (da != db)
			return 0;
		if (!da) {
			if (*a != *b)
				return 0;
			a++, b++;
			continue;
		}
		const char *ea = a, *eb = b;
		while (is_digit(*ea))
			ea++;
		while (is_digit(*eb))
			eb++;
		if (!sign)
			sign = cmp_number(b, (size_t)(eb - b), a,
			                  (size_t)(ea - a));
		a = ea, b = eb;
	}
	return sign;
}

/* The path and query of url with every number made "N": /page/N,
 * /events?month=N-N. */
static void shape_of(const char *url, buf_t *out)
{
	for (const char *p = url + authority_end(url); *p && *p != '#';) {
		if (is_digit(*p)) {
			buf_addc(out, 'N');
			while (is_digit(*p))
				p++;
		} else {
			buf_addc(out, *p++);
		}
	}
}

/* The discovering page's URL, normalised as the URLs queued were, or NULL
 * when it does not normalise. */
static const char *from_normalised(trap_detector *t, const char *from)
{
	if (!t->from_raw.data || strcmp(buf_cstr(&t->from_raw), from)) {
		buf_reset(&t->from_raw);
		buf_adds(&t->from_raw, from);
		buf_reset(&t->from_norm);
		t->from_ok = url_normalize(from, t->norm, &t->from_norm) == 0;
	}
	return t->from_ok ? buf_cstr(&t->from_norm) : NULL;
}

static thost *host_of(trap_detector *t, const char *url, size_t key_len)
{
	int added;
	slot *s = table_put(&t->host_ix, fnv64(url, key_len), (long)t->n_hosts,
	                    &added);
	if (added) {
		t->hosts =
		    xrealloc(t->hosts, (t->n_hosts + 1) * sizeof *t->hosts);
		memset(&t->hosts[t->n_hosts], 0, sizeof *t->hosts);
		t->n_hosts++;
	}
	return &t->hosts[s->val];
}

static int median_depth(const thost *h)
{
	size_t half = (h->total + 1) / 2, seen = 0;
	for (int d = 0; d < DEPTH_BUCKETS; d++) {
		seen += h->depths[d];
		if (seen >= half)
			return d;
	}
	return DEPTH_BUCKETS - 1;
}

int trap_check(trap_detector *t, const char *url, const char *from, int depth,
               buf_t *why, int *first)
{
	const trap_limits *lim = &t->lim;
	buf_t pattern = BUF_INIT;
	buf_reset(why);
	*first = 0;
	size_t key_len = authority_end(url);
	size_t len = strlen(url);
	size_t max_seg = (size_t)lim->max_segments;
	seg *v = t->segs;
	size_t n = segments(url + key_len, v, max_seg);
	size_t at, blk, times;
	int kind = TRAP_NONE, dir = 0;
	long run = 0;
	thost *h = host_of(t, url, key_len);

	if (lim->max_url_len > 0 && len > (size_t)lim->max_url_len) {
		kind = TRAP_TOO_LONG;
		buf_printf(why, "a URL of %zu characters (more than %d)", len,
		           lim->max_url_len);
		buf_adds(&pattern, "length");
	} else if (n > max_seg) {
		kind = TRAP_TOO_MANY_SEGMENTS;
		buf_printf(why, "more than %zu path segments", max_seg);
		buf_adds(&pattern, "segments");
	} else if ((times =
	                repeated(v, n, (size_t)lim->min_repeats, &at, &blk))) {
		kind = TRAP_REPEATED_SEGMENTS;
		for (size_t i = at; i < at + blk; i++)
			buf_printf(&pattern, "/%.*s", (int)v[i].len, v[i].s);
		buf_printf(why, "path segments %s repeated %zu times in a row",
		           buf_cstr(&pattern), times);
	} else {
		const char *nf = from ? from_normalised(t, from) : NULL;
		dir = nf ? counter_step(nf, url) : 0;
		if (dir) {
			const slot *prev =
			    table_find(&t->runs, fnv64(nf, strlen(nf)));
			long p = prev ? prev->val : 0;
			run = (p > 0) == (dir > 0) && p ? labs(p) + 1 : 1;
		}
		int median = median_depth(h);
		long limit = (long)median * lim->depth_factor;
		if (limit < (long)median + lim->depth_margin)
			limit = (long)median + lim->depth_margin;
		if (lim->counter_run > 0 && run >= lim->counter_run) {
			kind = TRAP_COUNTER;
			shape_of(url, &pattern);
			buf_printf(
			    why, "numeric counter in %s %s %ld times in a row",
			    buf_cstr(&pattern), dir > 0 ? "grew" : "shrank",
			    run);
		} else if (lim->depth_min_urls > 0 &&
		           h->total >= (size_t)lim->depth_min_urls &&
		           depth > limit) {
			kind = TRAP_DEPTH;
			buf_printf(
			    why,
			    "link depth %d, far beyond the host's median "
			    "depth %d (limit %ld)",
			    depth, median, limit);
			buf_adds(&pattern, "depth");
		}
	}

	if (kind == TRAP_NONE) {
		int d = depth < 0 ? 0 : depth;
		h->depths[d < DEPTH_BUCKETS ? d : DEPTH_BUCKETS - 1]++;
		h->total++;
		if (dir) {
			int added;
			table_put(&t->runs, fnv64(url, len), dir * run, &added);
		}
	} else {
		uint64_t k = fnv64_add(fnv64(url, key_len), "\n", 1);
		k = fnv64_add(k, pattern.data ? pattern.data : "", pattern.len);
		table_put(&t->warned, k ? k : 1, 0, first);
	}
	buf_free(&pattern);
	return kind;
}
