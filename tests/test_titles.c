/*
 * test_titles.c - a page's own title told from its site's name across an
 * audit (analyze/titles.h), one site per table, each title's expected own
 * title and cut-off part worked out by hand from the rule: a first or last
 * part that at least half of the host's titles in parts, and at least 3 of
 * them, share is the site's.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "analyze/titles.h"

typedef struct title_case {
	const char *url, *title;
	const char *own;  /* NULL: no title */
	const char *site; /* NULL: nothing cut */
} title_case;

static void check(const title_case *c, size_t n)
{
	titles *t = titles_new();
	for (size_t i = 0; i < n; i++)
		titles_add(t, c[i].url, c[i].title);
	assert_int_equal(titles_count(t), n);
	titles_finish(t);
	for (size_t i = 0; i < n; i++) {
		size_t len, slen;
		const char *site;
		const char *own = titles_own(t, i, &len, &site, &slen);
		if (!c[i].own) {
			assert_null(own);
			continue;
		}
		assert_non_null(own);
		char got[256], gsite[256];
		snprintf(got, sizeof got, "%.*s", (int)len, own);
		assert_string_equal(got, c[i].own);
		if (!c[i].site) {
			assert_null(site);
		} else {
			assert_non_null(site);
			snprintf(gsite, sizeof gsite, "%.*s", (int)slen, site);
			assert_string_equal(gsite, c[i].site);
		}
	}
	titles_free(t);
}

/* Doxygen: "FLAC: " on 3 of the 4 titles in parts (the fifth has no
 * separator and does not count): cut. */
static void test_leading_site_name(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"https://api.example/a.html", "FLAC: format.h File Reference",
	     "format.h File Reference", "FLAC"},
	    {"https://api.example/b.html", "FLAC: Porting Guide",
	     "Porting Guide", "FLAC"},
	    {"https://api.example/c.html",
	     "FLAC: FLAC/metadata.h: metadata level 1 interface",
	     "FLAC/metadata.h: metadata level 1 interface", "FLAC"},
	    {"https://api.example/d.html", "Stream Decoder: callbacks",
	     "Stream Decoder: callbacks", NULL},
	    {"https://api.example/e.html", "FLAC__StreamMetadata Struct",
	     "FLAC__StreamMetadata Struct", NULL},
	};
	check(c, sizeof c / sizeof *c);
}

/* Texinfo: a parenthesised manual name at the end; a title without one
 * stays whole. */
static void test_trailing_manual_name(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"http://m.example/Numbers.html", "Numbers (Flex Manual)",
	     "Numbers", "(Flex Manual)"},
	    {"http://m.example/Performance.html", "Performance (Flex Manual)",
	     "Performance", "(Flex Manual)"},
	    {"http://m.example/Options.html", "Scanner Options (Flex Manual)",
	     "Scanner Options", "(Flex Manual)"},
	    {"http://m.example/index.html", "Top", "Top", NULL},
	};
	check(c, sizeof c / sizeof *c);
}

/* Two sites: each decides for its own pages.  "Review" starts 2 of
 * news.example's 4 titles in parts: half, but 2 is under the minimum of
 * 3, so the reviews keep it; " | Daily News" ends all 4 and goes. */
static void test_per_host(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"https://news.example/1", "Review: the new phone | Daily News",
	     "Review: the new phone", "Daily News"},
	    {"https://news.example/2", "Review: a quiet car | Daily News",
	     "Review: a quiet car", "Daily News"},
	    {"https://news.example/3",
	     "Floods close the ring road | Daily News",
	     "Floods close the ring road", "Daily News"},
	    {"https://news.example/4", "Council votes on parking | Daily News",
	     "Council votes on parking", "Daily News"},
	    /* another host: one page, nothing to compare */
	    {"https://blog.example/x", "Why tea cools | Daily News",
	     "Why tea cools | Daily News", NULL},
	    /* no title */
	    {"https://news.example/5", NULL, NULL, NULL},
	};
	check(c, sizeof c / sizeof *c);
}

/* A title that is nothing but the shared parts keeps them all, and the
 * same title on every page (a site that titles every page with its name)
 * has no part to cut. */
static void test_nothing_left(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"https://s.example/a", "Acme | Shop", "Acme | Shop", NULL},
	    {"https://s.example/b", "Acme | Shop", "Acme | Shop", NULL},
	    {"https://s.example/c", "Acme | Shop", "Acme | Shop", NULL},
	    {"https://s.example/d", "Acme", "Acme", NULL},
	};
	check(c, sizeof c / sizeof *c);
}

/* Pages read from files have no host: they are one site. */
static void test_files_are_one_site(void **state)
{
	(void)state;
	static const title_case c[] = {
	    {"file:///doc/a.html", "Arrays - GLib Manual", "Arrays",
	     "GLib Manual"},
	    {"file:///doc/b.html", "Lists - GLib Manual", "Lists",
	     "GLib Manual"},
	    {"/doc/c.html", "Hash Tables - GLib Manual", "Hash Tables",
	     "GLib Manual"},
	};
	check(c, sizeof c / sizeof *c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_leading_site_name),
	    cmocka_unit_test(test_trailing_manual_name),
	    cmocka_unit_test(test_per_host),
	    cmocka_unit_test(test_nothing_left),
	    cmocka_unit_test(test_files_are_one_site),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
