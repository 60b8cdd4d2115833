/*
 * titles.c - a page's own title, told from its site's name; see titles.h.
 *
 * Each page contributes two keys: its title's first part and its last
 * part, each hashed with its host and its end, and one key for the host.
 * After the last page the keys are sorted and a key's count is the number
 * of pages of the host whose title begins (or ends) with that part.
 * Memory a page: its title and three 8-byte keys.
 */
#include "titles.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <xxhash.h>

#include "../common/buf.h"
#include "../common/url.h"

/* Separators between a title's parts: those cqa-parse cuts a site name at
 * (parse/metadata.c) and, since here the whole site decides and not one
 * page, also ": " ("FLAC: format.h File Reference") and a parenthesised
 * last part ("Numbers (Lexical Analysis With Flex)"). */
static const char *const TITLE_SEPARATORS[] = {
    " | ",
    " - ",
    " \xE2\x80\x93 ",
    " \xE2\x80\x94 ",
    " :: ",
    " \xC2\xB7 ",
    " / ",
    " \xC2\xBB ",
    ": ",
};
/* A part is the site's when this share of the host's titles in parts have
 * it at the same end (cqa-parse has already cut the site's name off the
 * titles whose heading showed which part it is, so those do not count
 * against it)... */
static const double TITLE_SITE_SHARE = 0.5;
/* ... and at least this many: two pages that share a word prove nothing. */
enum { TITLE_SITE_MIN_PAGES = 3 };

enum { END_FIRST = 1, END_LAST = 2, HOST_KEY = 3 };

typedef struct title_entry {
	char *title;
	uint64_t host; /* XXH3 of the host; 0 for a URL without one */
	/* the own title: title[own .. own_end); the part cut off */
	size_t own, own_end, site, site_len;
	size_t first_end;  /* the first part is title[0 .. first_end) */
	size_t last_start; /* the last part is title[last_start ..) */
	size_t first_sep;  /* the first separator ends here */
	size_t last_sep;   /* the last separator starts here */
} title_entry;

struct titles {
	title_entry *v;
	size_t n, cap;
	uint64_t *keys;
	size_t nkeys;
};

titles *titles_new(void)
{
	return xcalloc(1, sizeof(titles));
}

void titles_free(titles *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->n; i++)
		free(t->v[i].title);
	free(t->v);
	free(t->keys);
	free(t);
}

size_t titles_count(const titles *t)
{
	return t->n;
}

/* Finds the first and last separators of e's title. */
static void split(title_entry *e)
{
	const char *s = e->title;
	size_t n = strlen(s);
	e->first_end = e->last_start = n;
	e->first_sep = e->last_sep = 0;
	int found = 0;
	for (size_t k = 0;
	     k < sizeof TITLE_SEPARATORS / sizeof *TITLE_SEPARATORS; k++) {
		const char *sep = TITLE_SEPARATORS[k];
		size_t sl = strlen(sep);
		for (const char *p = strstr(s, sep); p;
		     p = strstr(p + 1, sep)) {
			size_t at = (size_t)(p - s);
			if (at == 0 || at + sl >= n)
				continue; /* a part must not be empty */
			if (!found || at < e->first_end) {
				e->first_end = at;
				e->first_sep = at + sl;
			}
			if (!found || at + sl > e->last_start) {
				e->last_start = at + sl;
				e->last_sep = at;
			}
			found = 1;
		}
	}
	/* "Own Title (Manual Name)" */
	if (n > 2 && s[n - 1] == ')') {
		const char *open = strstr(s, " (");
		for (const char *p = open; p; p = strstr(p + 1, " ("))
			open = p;
		size_t at = open ? (size_t)(open - s) : 0;
		if (open && at > 0 && (!found || at + 1 > e->last_start)) {
			e->last_start = at + 1;
			e->last_sep = at;
			if (!found) {
				e->first_end = at;
				e->first_sep = at + 1;
			}
			found = 1;
		}
	}
	if (!found)
		e->first_end = e->last_start = n;
}

static uint64_t part_key(const title_entry *e, int end)
{
	const char *s = e->title;
	if (end == HOST_KEY)
		return XXH3_64bits_withSeed("", 0, e->host ^ HOST_KEY);
	if (end == END_FIRST)
		return XXH3_64bits_withSeed(s, e->first_end,
		                            e->host ^ END_FIRST);
	return XXH3_64bits_withSeed(
	    s + e->last_start, strlen(s) - e->last_start, e->host ^ END_LAST);
}

void titles_add(titles *t, const char *url, const char *title)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 256;
		t->v = xrealloc(t->v, t->cap * sizeof *t->v);
	}
	title_entry *e = &t->v[t->n++];
	memset(e, 0, sizeof *e);
	/* pages read from files (no http host) are one site */
	buf_t host = BUF_INIT;
	if (url && url_host(url, &host) == 0)
		e->host = XXH3_64bits(host.data, host.len);
	buf_free(&host);
	if (title) {
		e->title = xstrdup(title);
		split(e);
		e->own_end = strlen(title);
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Pages with key k. */
static size_t key_count(const titles *t, uint64_t k)
{
	size_t lo = 0, hi = t->nkeys;
	while (lo < hi) { /* first >= k */
		size_t mid = lo + (hi - lo) / 2;
		if (t->keys[mid] < k)
			lo = mid + 1;
		else
			hi = mid;
	}
	size_t n = 0;
	while (lo + n < t->nkeys && t->keys[lo + n] == k)
		n++;
	return n;
}

static int site_part(const titles *t, const title_entry *e, int end)
{
	size_t pages = key_count(t, part_key(e, HOST_KEY));
	size_t have = key_count(t, part_key(e, end));
	return have >= TITLE_SITE_MIN_PAGES &&
	       (double)have >= TITLE_SITE_SHARE * (double)pages;
}

void titles_finish(titles *t)
{
	free(t->keys);
	t->keys = xmalloc((3 * t->n + 1) * sizeof *t->keys);
	t->nkeys = 0;
	for (size_t i = 0; i < t->n; i++) {
		const title_entry *e = &t->v[i];
		if (!e->title)
			continue;
		if (e->first_sep) {
			t->keys[t->nkeys++] = part_key(e, HOST_KEY);
			t->keys[t->nkeys++] = part_key(e, END_FIRST);
			t->keys[t->nkeys++] = part_key(e, END_LAST);
		}
	}
	qsort(t->keys, t->nkeys, sizeof *t->keys, cmp_u64);
	for (size_t i = 0; i < t->n; i++) {
		title_entry *e = &t->v[i];
		if (!e->title || !e->first_sep)
			continue;
		if (site_part(t, e, END_FIRST)) {
			e->site = 0;
			e->site_len = e->first_end;
			e->own = e->first_sep;
		}
		/* the last part too (when it is all the first one left,
		 * nothing is the page's own) */
		if (site_part(t, e, END_LAST)) {
			if (!e->site_len) {
				e->site = e->last_start;
				e->site_len = e->own_end - e->last_start;
			}
			e->own_end = e->last_sep;
		}
		if (e->own >= e->own_end) { /* nothing of its own: keep all */
			e->own = e->site = e->site_len = 0;
			e->own_end = strlen(e->title);
		}
	}
}

const char *titles_own(const titles *t, size_t i, size_t *len,
                       const char **site, size_t *site_len)
{
	const title_entry *e = &t->v[i];
	*site = NULL;
	*site_len = 0;
	if (!e->title) {
		*len = 0;
		return NULL;
	}
	if (e->site_len) {
		*site = e->title + e->site;
		*site_len = e->site_len;
	}
	*len = e->own_end - e->own;
	return e->title + e->own;
}
